/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-fall: a simulated fall-detection wearable (a waist or
 * pendant device) riding on the motion replay instrument
 * (carecert-sim-motion): it feels the motion the instrument plays (the
 * bench file "motion", hw/sim/lib/sim-motion.h) as its accelerometer, in
 * (compressed) real time, and runs a real threshold detector on it
 * (hw/sim/lib/falldet.h).
 *
 * GATT (docs/fall-detection.md):
 * - carecert Fall Alarm Service 8a4e0001-5c3b-4f6e-9a2d-63617265fa11
 *   - Fall Alarm 8a4e0002-... (notify; CCCD): a 12-byte alarm per fall or
 *     long lie (runner/fall/fallalarm.h)
 *   - Detector Settings 8a4e0003-... (read): u16 long-lie time s, u16
 *     impact threshold in 1/100 g, u16 reserved (0)
 * - Battery Service 0x180F: Battery Level 0x2A19 (read, notify): 87 %
 * - Device Information 0x180A
 * The alarm characteristic and its CCCD need an encrypted link.
 *
 * While the bench shields its radio (the session's shield span) alarms
 * are stored and sent, flagged stored, once it is lifted; alarms raised
 * while no client subscribes are stored the same way.
 *
 * Serves a SOCK_SEQPACKET Unix socket and prints "UNIX <path>"; runs until
 * SIGTERM. --fault NAME breaks one behaviour (see usage).
 */
#define _XOPEN_SOURCE 700

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ble/att.h"
#include "fall/fallalarm.h"
#include "lib/falldet.h"
#include "lib/sim-ble.h"
#include "lib/sim-motion.h"

enum fault {
	F_MISS_BACK_LATERAL = FALLDET_MISS_BACK_LATERAL,
	F_CHAIR = FALLDET_CHAIR,
	F_SLOW = FALLDET_SLOW,
	F_NO_LONGLIE = FALLDET_NO_LONGLIE,
	F_WRONG_TIME = FALLDET_WRONG_TIME,
	F_DUPLICATE = FALLDET_DUPLICATE,
	F_LOSE_OFFLINE = 1 << 6,
	F_MALFORMED = 1 << 7,
};

static const struct sim_fault faults[] = {
    {"miss_backward_lateral", F_MISS_BACK_LATERAL,
     "falls ending on the back or a side are not taken for falls"},
    {"alarm_on_chair", F_CHAIR,
     "a 10 deg turn is enough: collapsing into a chair raises a fall alarm"},
    {"slow_detection", F_SLOW, "each fall alarm is raised 10 s late"},
    {"no_long_lie", F_NO_LONGLIE,
     "no long-lie alarm, however long the wearer lies"},
    {"wrong_event_time", F_WRONG_TIME,
     "alarms give the fall's time one hour late"},
    {"duplicate_alarms", F_DUPLICATE,
     "each fall alarm is raised twice, 1 s apart"},
    {"lose_offline", F_LOSE_OFFLINE,
     "alarms raised while the radio is out are lost"},
    {"malformed_alarm", F_MALFORMED,
     "alarm values have reserved flag bit 7 set"},
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define STORE_MAX 256
#define TICK_MS 2
#define POLL_MS 50 /* how often the bench is looked at for a new session */

/* 8a4e000X-5c3b-4f6e-9a2d-63617265fa11, little-endian on the air */
static void vendor_uuid(uint8_t out[16], uint8_t x)
{
	static const uint8_t base[16] = {0x11, 0xfa, 0x65, 0x72, 0x61, 0x63,
					 0x2d, 0x9a, 0x6e, 0x4f, 0x3b, 0x5c,
					 0x00, 0x00, 0x4e, 0x8a};

	memcpy(out, base, 16);
	out[12] = x;
}

struct wearable {
	struct sim_ble dev;
	struct falldet_cfg cfg;
	struct falldet det;
	struct motion_session m;
	size_t played; /* samples of m felt so far */
	uint16_t h_alarm, next_id;
	struct fallalarm store[STORE_MAX];
	size_t nstore;
	int64_t next_poll, next_tick;
	double long_lie_s;
};

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool shielded(const struct wearable *w, double t)
{
	return w->m.shield_to > w->m.shield_from && t >= w->m.shield_from &&
	       t < w->m.shield_to;
}

static bool subscribed(struct wearable *w)
{
	return w->dev.srv.fd >= 0 &&
	       (gsrv_cccd_of(&w->dev.srv, w->h_alarm) & 0x0001);
}

static void send_alarm(struct wearable *w, const struct fallalarm *a)
{
	uint8_t v[FALLALARM_LEN];

	fallalarm_encode(a, v);
	if (w->dev.faults & F_MALFORMED)
		v[3] |= 0x80;
	gsrv_send_value(&w->dev.srv, w->h_alarm, v, sizeof(v), false);
}

/* Stored alarms go once the radio is back and someone listens. */
static void flush(struct wearable *w, double t)
{
	if (shielded(w, t) || !subscribed(w))
		return;
	for (size_t i = 0; i < w->nstore; i++)
		send_alarm(w, &w->store[i]);
	w->nstore = 0;
}

static void raise_alarm(struct wearable *w, const struct falldet_event *ev)
{
	struct fallalarm a = {
	    .id = w->next_id++,
	    .kind =
		ev->kind == FALLDET_FALL ? FALLALARM_FALL : FALLALARM_LONGLIE,
	    .event_ms = (uint32_t)llround(ev->event_time * 1000),
	    .raised_ms = (uint32_t)llround(ev->raised * 1000),
	};

	if (shielded(w, ev->raised) || !subscribed(w)) {
		if (shielded(w, ev->raised) &&
		    (w->dev.faults & F_LOSE_OFFLINE)) {
			fprintf(stderr,
				"sim: fault: alarm %u lost while offline\n",
				a.id);
			return;
		}
		a.flags = FALLALARM_STORED;
		if (w->nstore < STORE_MAX)
			w->store[w->nstore++] = a;
		return;
	}
	send_alarm(w, &a);
}

/* A new session on the bench: a fresh detector, from its first sample. */
static void poll_bench(struct wearable *w)
{
	int rc = motion_poll(&w->m);

	if (rc < 0)
		fprintf(stderr,
			"sim: the bench's motion file cannot be read\n");
	if (rc != 1)
		return;
	w->cfg.fs = w->m.fs;
	falldet_init(&w->det, &w->cfg);
	w->played = 0;
	w->nstore = 0;
	fprintf(stderr, "sim: feeling %zu samples at %g Hz, %gx\n", w->m.n,
		w->m.fs, w->m.compression);
}

static void feel(struct wearable *w)
{
	double t = (double)(mono_ns() - w->m.start_ns) / 1e9 * w->m.compression;
	size_t upto;

	if (!w->m.n || t < 0)
		return;
	upto = t * w->m.fs >= (double)w->m.n ? w->m.n : (size_t)(t * w->m.fs);
	for (; w->played < upto; w->played++) {
		struct falldet_event ev[4];
		size_t k = falldet_push(&w->det, w->m.s[w->played], ev, 4);

		for (size_t i = 0; i < k; i++)
			raise_alarm(w, &ev[i]);
	}
	flush(w, t);
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	(void)s;
	(void)data;
	if (a->type != GATT_CCCD)
		return 0x03;
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13;
	return 0;
}

static const struct gsrv_ops ops = {
    .on_write = on_write,
};

static int64_t next_ms(void *data)
{
	struct wearable *w = data;

	if (!w->next_tick)
		w->next_tick = sim_now_ms();
	return w->next_tick;
}

static void tick(void *data)
{
	struct wearable *w = data;

	w->next_tick = sim_now_ms() + TICK_MS;
	if (sim_now_ms() >= w->next_poll) {
		poll_bench(w);
		w->next_poll = sim_now_ms() + POLL_MS;
	}
	feel(w);
}

static void build(struct wearable *w)
{
	struct gsrv *s = &w->dev.srv;
	uint8_t u[16], settings[6], battery = 87;

	vendor_uuid(u, 0x01);
	gsrv_service128(s, u);
	vendor_uuid(u, 0x02);
	w->h_alarm =
	    gsrv_char128(s, u, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	vendor_uuid(u, 0x03);
	sim_put_u16(settings, (unsigned)w->long_lie_s);
	sim_put_u16(settings + 2, (unsigned)(w->cfg.impact_g * 100));
	sim_put_u16(settings + 4, 0); /* reserved */
	gsrv_char128(s, u, GATT_PROP_READ, GSRV_READ, settings,
		     sizeof(settings));
	gsrv_service(s, 0x180F);
	gsrv_char(s, 0x2A19, GATT_PROP_READ | GATT_PROP_NOTIFY, GSRV_READ,
		  &battery, 1);
	gsrv_cccd(s, 0);
	sim_ble_add_dis(&w->dev);
}

enum { OPT_LONG_LIE = 256 };

static int on_option(void *data, int val, const char *arg)
{
	struct wearable *w = data;
	char *end;

	if (val != OPT_LONG_LIE)
		return -1;
	w->long_lie_s = strtod(arg, &end);
	return *end || !(w->long_lie_s >= 5 && w->long_lie_s <= 3600) ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"long-lie", required_argument, NULL, OPT_LONG_LIE},
	    {0},
	};
	static const struct sim_options extra = {
	    .opts = opts,
	    .usage = "  --long-lie S    seconds lying still after a fall "
		     "before the long-lie "
		     "alarm (default 30)\n",
	    .on_option = on_option,
	};
	static struct wearable w = {
	    .dev = {.vendor = "Acme Care",
		    .model = "FD-2 Fall Pendant",
		    .firmware = "2.1.0",
		    .serial = "SIM-FD-0002",
		    .interval_ms = 1000},
	    .long_lie_s = 30,
	};

	if (sim_ble_parse(&w.dev, argc, argv, "carecert-sim-ble-fall",
			  "A Bluetooth LE fall-detection wearable on the "
			  "motion replay bench.",
			  faults, NFAULTS, &extra, &w))
		return 2;
	falldet_cfg_default(&w.cfg, 200);
	w.cfg.long_lie_s = w.long_lie_s;
	w.cfg.faults = w.dev.faults & ~(unsigned)(F_LOSE_OFFLINE | F_MALFORMED);
	falldet_init(&w.det, &w.cfg);
	gsrv_init(&w.dev.srv, &ops, &w);
	build(&w);
	return sim_ble_run(&w.dev, faults, NFAULTS, next_ms, tick, &w);
}
