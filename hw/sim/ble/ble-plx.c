/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-plx: a simulated Bluetooth LE pulse oximeter.
 *
 * GATT: Pulse Oximeter service 0x1822 (PLX Spot-check Measurement 0x2A5E
 * indicate; PLX Continuous Measurement 0x2A5F notify; PLX Features 0x2A60
 * read: measurement status support, time stamp for spot-check, pulse
 * amplitude index; measurements and their CCCDs need an encrypted link)
 * and Device Information 0x180A. No spot-check storage, so no RACP.
 *
 * Behaviour: while continuous notifications are enabled, SpO2 97 % and
 * pulse rate 72 bpm with measurement status "validated data" and PAI 5.2 %,
 * every --interval-ms (default 1000), the first 300 ms after they are
 * enabled. Spot-check: 300 ms after indications are enabled, then every 3
 * intervals, SpO2 98 %, 71 bpm with a time stamp.
 *
 * Coupled (--coupled): the sensor is on an SpO2 patient simulator
 * (carecert-sim-spo2sim), and each spot-check reports what the simulator
 * plays (the bench file "spo2": SpO2 %, pulse rate) through the error
 * model of errmodel.h: its options for SpO2, the same options prefixed
 * "pr-" (--pr-noise-sd ...) for the pulse rate. A dropped measurement is
 * reported as unavailable (both values NaN), a reading outside the rated
 * --range as -INF or +INF; a saturation over 100 % reads 100 %. Continuous
 * values stay as above: each would draw on the model, and the spot-checks
 * must not depend on how many were sent.
 *
 * Serves a SOCK_SEQPACKET Unix socket and prints "UNIX <path>"; runs until
 * SIGTERM. --fault NAME breaks one behaviour (see usage).
 */
#define _XOPEN_SOURCE 700

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ble/att.h"
#include "lib/errmodel.h"
#include "lib/sim-bench.h"
#include "lib/sim-ble.h"

enum fault {
	F_FEATURE_MISMATCH = 1 << 0,
	F_FLAG_LENGTH = 1 << 1,
	F_RESERVED_BIT = 1 << 2,
	F_WRONG_SPECIAL = 1 << 3,
	F_OUT_OF_RANGE = 1 << 4,
	F_NOTIFY_NO_CCCD = 1 << 5,
	F_NO_CONFIRM_WAIT = 1 << 6,
	F_INTERVAL = 1 << 7,
	F_SLOW_FIRST = 1 << 8,
	F_NO_ENCRYPTION = 1 << 9,
	F_MISSING_CHAR = 1 << 10,
	F_DISCONNECT = 1 << 11,
	F_FEATURE_UNUSED = 1 << 12,
};

static const struct sim_fault faults[] = {
	{ "feature_mismatch", F_FEATURE_MISMATCH, "sends a pulse amplitude index the features do not claim" },
	{ "flag_length_mismatch", F_FLAG_LENGTH, "continuous values announce a measurement status they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "spot-check flags have reserved bit 5 set" },
	{ "wrong_special", F_WRONG_SPECIAL, "the spot-check SpO2 is NRes" },
	{ "out_of_range", F_OUT_OF_RANGE, "the spot-check SpO2 is 104 %" },
	{ "notify_without_cccd", F_NOTIFY_NO_CCCD, "continuous values although their CCCD is off" },
	{ "no_confirm_wait", F_NO_CONFIRM_WAIT, "indicates each spot-check twice, not waiting for the confirmation" },
	{ "interval", F_INTERVAL, "continuous values 40 % sooner than the claimed interval" },
	{ "slow_first", F_SLOW_FIRST, "the first continuous value comes 3 s after notifications are enabled" },
	{ "no_encryption", F_NO_ENCRYPTION, "oximetry is served on an unencrypted link" },
	{ "missing_characteristic", F_MISSING_CHAR, "no PLX Features (0x2A60), which is mandatory" },
	{ "disconnect", F_DISCONNECT, "the link drops when PLX Features is read" },
	{ "feature_unused", F_FEATURE_UNUSED,
	  "PLX Features claim SpO2PR-Fast, which continuous values never carry" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct plx {
	struct sim_ble dev;
	uint16_t h_spot, h_cont;
	int64_t next_cont, next_spot; /* ms; 0: none */
	bool coupled;                 /* reads the SpO2 simulator (the bench) */
	struct errmodel spo2, pr;     /* the coupled sensor's error models */
};

#define OPT_COUPLED 256

/* A reading as SFLOAT: tenths while they fit the 12-bit mantissa, or the
 * special value the model's result calls for. */
static size_t put_reading(uint8_t *v, enum errmodel_result r, bool dropped, double x)
{
	if (dropped)
		return sim_put_u16(v, 0x07FF); /* NaN: no valid reading */
	if (r == ERRMODEL_BELOW)
		return sim_put_u16(v, 0x0802); /* -INF */
	if (r == ERRMODEL_ABOVE)
		return sim_put_u16(v, 0x07FE); /* +INF */
	if (fabs(x) < 204.7)
		return sim_put_sfloat(v, (int)lround(x * 10), -1);
	return sim_put_sfloat(v, (int)lround(x), 0);
}

/* The coupled spot-check values: the SpO2 simulator's point, read
 * through the error models. */
static size_t put_coupled(struct plx *p, uint8_t *v)
{
	double ref[2] = { 98, 71 }, spo2, pr;
	enum errmodel_result rs, rp;
	bool dropped;
	size_t n;

	sim_bench_read("spo2", ref, 2); /* none yet: what it showed before */
	rs = errmodel_read(&p->spo2, ref[0], &spo2);
	rp = errmodel_read(&p->pr, ref[1], &pr);
	dropped = errmodel_dropped(&p->spo2);
	n = put_reading(v, rs, dropped, fmin(spo2, 100));
	return n + put_reading(v + n, rp, dropped, pr);
}

static void send_continuous(struct plx *p)
{
	unsigned f = p->dev.faults;
	uint8_t v[16];
	size_t n = 0;

	v[n++] = 0x04 | 0x10; /* measurement status, PAI */
	n += sim_put_sfloat(v + n, 97, 0);
	n += sim_put_sfloat(v + n, 72, 0);
	if (!(f & F_FLAG_LENGTH))
		n += sim_put_u16(v + n, 0x0080); /* validated data */
	n += sim_put_sfloat(v + n, 52, -1);
	gsrv_send_value(&p->dev.srv, p->h_cont, v, n, false);
}

static void send_spot(struct plx *p)
{
	unsigned f = p->dev.faults;
	uint8_t v[16];
	size_t n = 0;

	v[n++] = 0x01 | (f & F_RESERVED_BIT ? 0x20 : 0); /* time stamp */
	if (p->coupled) {
		n += put_coupled(p, v + n);
		n += sim_put_datetime(v + n, (long long)time(NULL));
		gsrv_send_value(&p->dev.srv, p->h_spot, v, n, true);
		return;
	}
	if (f & F_WRONG_SPECIAL)
		n += sim_put_u16(v + n, 0x0800); /* NRes */
	else
		n += sim_put_sfloat(v + n, f & F_OUT_OF_RANGE ? 104 : 98, 0);
	n += sim_put_sfloat(v + n, 71, 0);
	n += sim_put_datetime(v + n, (long long)time(NULL));
	gsrv_send_value(&p->dev.srv, p->h_spot, v, n, true);
	if (f & F_NO_CONFIRM_WAIT) {
		p->dev.srv.awaiting_confirm = false;
		gsrv_send_value(&p->dev.srv, p->h_spot, v, n, true);
	}
}

static int64_t next_ms(void *data)
{
	struct plx *p = data;
	int64_t spot = p->dev.srv.awaiting_confirm ? 0 : p->next_spot;

	if (!spot || (p->next_cont && p->next_cont < spot))
		return p->next_cont;
	return spot;
}

static void tick(void *data)
{
	struct plx *p = data;
	int64_t now = sim_now_ms();
	int period = p->dev.faults & F_INTERVAL ? p->dev.interval_ms * 6 / 10 : p->dev.interval_ms;

	if (p->next_cont && now >= p->next_cont) {
		bool on = (gsrv_cccd_of(&p->dev.srv, p->h_cont) & 0x0001) ||
			  (p->dev.faults & F_NOTIFY_NO_CCCD);

		p->next_cont = on ? now + period : 0;
		if (on)
			send_continuous(p);
	}
	if (p->next_spot && now >= p->next_spot && !p->dev.srv.awaiting_confirm) {
		bool on = gsrv_cccd_of(&p->dev.srv, p->h_spot) & 0x0002;

		p->next_spot = on ? now + 3LL * p->dev.interval_ms : 0;
		if (on)
			send_spot(p);
	}
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct plx *p = data;
	int64_t first = sim_now_ms() + (p->dev.faults & F_SLOW_FIRST ? 3000 : 300);

	(void)s;
	if (a->type != GATT_CCCD)
		return 0x03; /* write not permitted */
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13; /* value not allowed */
	if (a->handle == p->h_cont + 1 && !(p->dev.faults & F_NOTIFY_NO_CCCD))
		p->next_cont = a->value[0] & 0x01 ? first : 0;
	if (a->handle == p->h_spot + 1)
		p->next_spot = a->value[0] & 0x02 ? sim_now_ms() + 300 : 0;
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct plx *p = data;

	(void)s;
	p->next_spot = 0;
	/* the rogue stream starts with the connection */
	p->next_cont = p->dev.faults & F_NOTIFY_NO_CCCD ? sim_now_ms() : 0;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static void build(struct plx *p)
{
	/* b0 measurement status support, b3 spot-check time stamp, b6 PAI;
	 * then the supported measurement status bits: validated data */
	uint8_t features[4] = { 0x49, 0x00, 0x80, 0x00 };
	struct gsrv *s = &p->dev.srv;

	if (p->dev.faults & F_FEATURE_MISMATCH)
		features[0] &= (uint8_t)~0x40;
	if (p->dev.faults & F_FEATURE_UNUSED)
		features[0] |= 0x10; /* SpO2PR-Fast */
	gsrv_service(s, 0x1822);
	p->h_spot = gsrv_char(s, 0x2A5E, GATT_PROP_INDICATE, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	p->h_cont = gsrv_char(s, 0x2A5F, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	if (!(p->dev.faults & F_MISSING_CHAR))
		gsrv_char(s, 0x2A60, GATT_PROP_READ,
			  GSRV_READ | (p->dev.faults & F_DISCONNECT ? GSRV_DROP_ON_READ : 0),
			  features, sizeof(features));
	sim_ble_add_dis(&p->dev);
	s->secure_all = p->dev.faults & F_NO_ENCRYPTION;
}

static int on_option(void *data, int val, const char *arg)
{
	struct plx *p = data;

	(void)arg;
	if (val != OPT_COUPLED)
		return -1;
	p->coupled = true;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "coupled", no_argument, NULL, OPT_COUPLED },
		{ 0 },
	};
	static const struct sim_options extra = {
		.opts = opts,
		.usage = "  --coupled       spot-checks read the SpO2 simulator's bench file\n"
			 "error model of the coupled SpO2 (%); the same with --pr- for pulse rate (bpm):\n"
			 ERRMODEL_USAGE,
		.on_option = on_option,
	};
	static struct plx p = {
		.dev = { .vendor = "Acme Medical", .model = "OX-3 BLE", .firmware = "4.2.0",
			 .serial = "SIM-OX-0003", .interval_ms = 1000 },
	};

	errmodel_init(&p.spo2);
	errmodel_init(&p.pr);
	p.pr.seed = 2; /* its own noise, not a copy of the SpO2 noise */
	if (errmodel_take_args(&p.spo2, "", &argc, argv) ||
	    errmodel_take_args(&p.pr, "pr-", &argc, argv))
		return 2;
	if (sim_ble_parse(&p.dev, argc, argv, "carecert-sim-ble-plx",
			  "A Bluetooth LE pulse oximeter (spot-check and continuous).", faults,
			  NFAULTS, &extra, &p))
		return 2;
	gsrv_init(&p.dev.srv, &ops, &p);
	build(&p);
	return sim_ble_run(&p.dev, faults, NFAULTS, next_ms, tick, &p);
}
