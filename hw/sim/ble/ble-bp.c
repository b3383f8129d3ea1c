/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-bp: a simulated Bluetooth LE blood-pressure monitor.
 *
 * GATT: Blood Pressure service 0x1810 (Measurement 0x2A35 indicate, with
 * CCCD; Intermediate Cuff Pressure 0x2A36 notify, with CCCD; Feature 0x2A49
 * read) and Device Information 0x180A. Health data (the measurement values
 * and their CCCDs) need an encrypted link (security medium or better).
 *
 * Behaviour: once indications of 0x2A35 are enabled, a measurement is taken
 * after --first-ms and then every --interval-ms: three cuff-pressure
 * notifications (if enabled), then the measurement indication; the next
 * indication waits for the client's confirmation, as ATT requires.
 *
 * With --publish NAME the readings vary from one measurement to the next
 * and each is appended to $CARECERT_BENCH/NAME as it is indicated, one
 * line "YYYY-MM-DDTHH:MM:SS SYS DIA MAP PULSE": what a home gateway paired
 * with the monitor receives (carecert-sim-http-gw --relay NAME), so that a
 * run can compare what the gateway publishes with what the monitor sent.
 *
 * Serves a SOCK_SEQPACKET Unix socket and prints "UNIX <path>"; runs until
 * SIGTERM. --fault NAME breaks one behaviour (see usage).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ble/att.h"
#include "lib/gatt-server.h"
#include "lib/sim-ble.h"
#include "lib/sim-fault.h"

enum fault {
	F_FLAG_LENGTH = 1 << 0,
	F_RESERVED_BIT = 1 << 1,
	F_WRONG_SPECIAL = 1 << 2,
	F_MISSING_CHAR = 1 << 3,
	F_MISSING_DESC = 1 << 4,
	F_NOTIFY_NO_CCCD = 1 << 5,
	F_NO_CONFIRM_WAIT = 1 << 6,
	F_NO_ENCRYPTION = 1 << 7,
	F_INTERVAL = 1 << 8,
	F_SLOW_FIRST = 1 << 9,
	F_DISCONNECT = 1 << 10,
	F_CUFF_NOT_NAN = 1 << 11,
	F_STATUS_UNSUPPORTED = 1 << 12,
};

static const struct sim_fault faults[] = {
	{ "flag_length_mismatch", F_FLAG_LENGTH, "measurements announce a pulse rate they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "measurement flags have reserved bit 7 set" },
	{ "wrong_special", F_WRONG_SPECIAL, "the mean arterial pressure is sent as NRes" },
	{ "missing_characteristic", F_MISSING_CHAR, "no Blood Pressure Feature (0x2A49)" },
	{ "missing_descriptor", F_MISSING_DESC, "the measurement has no CCCD" },
	{ "notify_without_cccd", F_NOTIFY_NO_CCCD, "cuff pressure is notified although its CCCD is off" },
	{ "no_confirm_wait", F_NO_CONFIRM_WAIT, "the next indication does not wait for the confirmation" },
	{ "no_encryption", F_NO_ENCRYPTION, "health data is served on an unencrypted link" },
	{ "interval", F_INTERVAL, "measurements every 600 ms instead of the claimed interval" },
	{ "slow_first", F_SLOW_FIRST, "the first measurement comes 3 s after indications are enabled" },
	{ "disconnect", F_DISCONNECT, "the link drops in the middle of reading Device Information" },
	{ "status_unsupported", F_STATUS_UNSUPPORTED,
	  "measurements report 'cuff too loose', which the Feature says is not detected" },
	{ "cuff_unused_not_nan", F_CUFF_NOT_NAN,
	  "cuff pressure carries numbers (80, 93 mmHg) in its unused diastolic and MAP fields" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct bp {
	struct gsrv srv;
	unsigned faults;
	const char *vendor, *model, *firmware, *serial;
	int first_ms, interval_ms;
	const char *publish; /* file in $CARECERT_BENCH, or NULL */
	unsigned taken;      /* measurements taken since start */
	uint16_t h_meas, h_icp;
	int64_t next_meas; /* monotonic ms; 0: nothing scheduled */
	unsigned sent;     /* measurements sent on this connection */
	bool pending;      /* a measurement waits for a confirmation */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t put16le(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return 2;
}

static size_t put_sfloat_int(uint8_t *p, int v)
{
	/* exponent 0: a plain 12-bit mantissa */
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)((v >> 8) & 0x0F);
	return 2;
}

struct reading {
	int sys, dia, map, pulse;
};

/* 120/80 MAP 93 pulse 72; when published, a different plausible reading
 * each time, so that a gateway showing an older one is caught. */
static struct reading reading_of(const struct bp *b)
{
	struct reading r = { 120, 80, 93, 72 };
	unsigned k = b->taken;

	if (b->publish) {
		r.sys = 112 + (int)(k * 7 % 25);
		r.dia = 70 + (int)(k * 5 % 17);
		r.map = (r.sys + 2 * r.dia + 1) / 3;
		r.pulse = 62 + (int)(k * 3 % 19);
	}
	return r;
}

/* One line per reading, one write(2) with O_APPEND: a reader never sees
 * half a line. */
static void publish(const struct bp *b, const struct reading *r, const struct tm *tm)
{
	const char *bench = getenv("CARECERT_BENCH");
	char path[4096], line[128];
	int fd, n;

	if (!b->publish || !bench)
		return;
	snprintf(path, sizeof(path), "%s/%s", bench, b->publish);
	n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d %d %d %d %d\n",
		     tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min,
		     tm->tm_sec, r->sys, r->dia, r->map, r->pulse);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, (size_t)n) != n)
		fprintf(stderr, "sim: cannot publish to %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* Blood Pressure Measurement: systolic, diastolic, MAP in mmHg, time
 * stamp, pulse rate. */
static size_t measurement(const struct bp *b, uint8_t *p)
{
	time_t t = time(NULL);
	struct reading r = reading_of(b);
	struct tm tm;
	size_t n = 0;

	gmtime_r(&t, &tm);
	publish(b, &r, &tm);
	p[n++] = 0x06 | (b->faults & F_RESERVED_BIT ? 0x80 : 0) |
		 (b->faults & F_STATUS_UNSUPPORTED ? 0x10 : 0);
	n += put_sfloat_int(p + n, r.sys);
	n += put_sfloat_int(p + n, r.dia);
	if (b->faults & F_WRONG_SPECIAL) {
		p[n++] = 0x00; /* NRes: not valid in a final measurement */
		p[n++] = 0x08;
	} else {
		n += put_sfloat_int(p + n, r.map);
	}
	p[n++] = (uint8_t)(tm.tm_year + 1900);
	p[n++] = (uint8_t)((tm.tm_year + 1900) >> 8);
	p[n++] = (uint8_t)(tm.tm_mon + 1);
	p[n++] = (uint8_t)tm.tm_mday;
	p[n++] = (uint8_t)tm.tm_hour;
	p[n++] = (uint8_t)tm.tm_min;
	p[n++] = (uint8_t)tm.tm_sec;
	if (!(b->faults & F_FLAG_LENGTH))
		n += put_sfloat_int(p + n, r.pulse);
	if (b->faults & F_STATUS_UNSUPPORTED)
		n += put16le(p + n, 0x0002); /* cuff fit: too loose */
	return n;
}

static void send_cuff(struct bp *b)
{
	static const int pressures[] = { 150, 125, 95 };
	uint8_t v[7];

	if (!(gsrv_cccd_of(&b->srv, b->h_icp) & 0x0001) &&
	    !(b->faults & F_NOTIFY_NO_CCCD))
		return;
	for (size_t i = 0; i < 3; i++) {
		v[0] = 0x00;
		put_sfloat_int(v + 1, pressures[i]);
		v[3] = 0xFF; /* diastolic and MAP unused: NaN */
		v[4] = 0x07;
		v[5] = 0xFF;
		v[6] = 0x07;
		if (b->faults & F_CUFF_NOT_NAN) {
			put_sfloat_int(v + 3, 80);
			put_sfloat_int(v + 5, 93);
		}
		gsrv_send_value(&b->srv, b->h_icp, v, sizeof(v), false);
	}
}

static void take_measurement(struct bp *b)
{
	uint8_t v[32];
	size_t n;

	if (b->srv.awaiting_confirm && !(b->faults & F_NO_CONFIRM_WAIT)) {
		b->pending = true; /* sent when the confirmation comes */
		return;
	}
	b->pending = false;
	send_cuff(b);
	n = measurement(b, v);
	b->taken++;
	gsrv_send_value(&b->srv, b->h_meas, v, n, true);
	if (b->faults & F_NO_CONFIRM_WAIT)
		gsrv_send_value(&b->srv, b->h_meas, v, n, true);
	b->sent++;
	fprintf(stderr, "sim: measurement %u indicated\n", b->sent);
	b->next_meas = now_ms() + (b->faults & F_INTERVAL ? 600 : b->interval_ms);
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct bp *b = data;
	uint16_t v;

	if (a->type != GATT_CCCD)
		return 0x03;
	v = (uint16_t)(a->value[0] | a->value[1] << 8);
	if (v > 3)
		return 0x13; /* value not allowed */
	if (a->handle == b->h_meas + 1) {
		if ((v & 0x0002) && !b->next_meas)
			b->next_meas = now_ms() +
				       (b->faults & F_SLOW_FIRST ? 3000 : b->first_ms);
		else if (!(v & 0x0002))
			b->next_meas = 0;
	}
	(void)s;
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct bp *b = data;

	(void)s;
	b->sent = 0;
	b->next_meas = 0;
	b->pending = false;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static void build(struct bp *b)
{
	unsigned health = GSRV_ENCRYPTED;
	static const uint8_t feature[2] = { 0x05, 0x00 }; /* body movement, irregular pulse */

	gsrv_service(&b->srv, 0x1810);
	b->h_meas = gsrv_char(&b->srv, 0x2A35, GATT_PROP_INDICATE, health, NULL, 0);
	if (!(b->faults & F_MISSING_DESC))
		gsrv_cccd(&b->srv, health);
	b->h_icp = gsrv_char(&b->srv, 0x2A36, GATT_PROP_NOTIFY, health, NULL, 0);
	gsrv_cccd(&b->srv, health);
	if (!(b->faults & F_MISSING_CHAR))
		gsrv_char(&b->srv, 0x2A49, GATT_PROP_READ, GSRV_READ, feature, 2);
	gsrv_service(&b->srv, 0x180A);
	if (b->srv.faults & GF_DIS_INVALID_UTF8)
		gsrv_char(&b->srv, 0x2A29, GATT_PROP_READ, GSRV_READ, sim_ble_bad_vendor,
			  strlen(sim_ble_bad_vendor));
	else
		gsrv_char(&b->srv, 0x2A29, GATT_PROP_READ, GSRV_READ, b->vendor,
			  strlen(b->vendor));
	gsrv_char(&b->srv, 0x2A24, GATT_PROP_READ, GSRV_READ, b->model, strlen(b->model));
	gsrv_char(&b->srv, 0x2A25, GATT_PROP_READ,
		  GSRV_READ | (b->faults & F_DISCONNECT ? GSRV_DROP_ON_READ : 0), b->serial,
		  strlen(b->serial));
	gsrv_char(&b->srv, 0x2A26, GATT_PROP_READ, GSRV_READ, b->firmware,
		  strlen(b->firmware));
	b->srv.secure_all = b->faults & F_NO_ENCRYPTION;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-ble-bp [--fault NAME]... [--vendor S] [--model S]\n"
		   "  [--firmware S] [--serial S] [--first-ms N] [--interval-ms N]\n"
		   "  [--publish NAME]   varying readings, each appended to $CARECERT_BENCH/NAME\n"
		   "Serves a BLE blood-pressure monitor's GATT database over a SEQPACKET\n"
		   "socket; prints \"UNIX <path>\".\n");
	sim_fault_list(f, faults, NFAULTS);
	fprintf(f, "ATT and GATT database ");
	sim_fault_list(f, gsrv_faults, gsrv_nfaults);
}

static int parse_args(struct bp *b, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "model", required_argument, NULL, 'm' },
		{ "firmware", required_argument, NULL, 'w' },
		{ "serial", required_argument, NULL, 'n' },
		{ "first-ms", required_argument, NULL, 'F' },
		{ "interval-ms", required_argument, NULL, 'I' },
		{ "publish", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			/* its own faults, and the shared GATT server's */
			if (sim_ble_fault_add(faults, NFAULTS, optarg, &b->faults, &b->srv.faults)) {
				usage(stderr);
				return -1;
			}
			break;
		case 'v': b->vendor = optarg; break;
		case 'm': b->model = optarg; break;
		case 'w': b->firmware = optarg; break;
		case 'n': b->serial = optarg; break;
		case 'F': b->first_ms = atoi(optarg); break;
		case 'I': b->interval_ms = atoi(optarg); break;
		case 'P':
			if (strchr(optarg, '/')) {
				fprintf(stderr, "sim: --publish takes a file name, not a path\n");
				return -1;
			}
			b->publish = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (b->first_ms < 0 || b->interval_ms < 50) {
		fprintf(stderr, "sim: bad timing settings\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct bp b = {
		.vendor = "Acme Medical", .model = "BP-200 BLE", .firmware = "2.0.1",
		.serial = "SIM-BLE-0042", .first_ms = 200, .interval_ms = 1000,
	};
	struct sigaction sa = { .sa_handler = on_signal };

	if (parse_args(&b, argc, argv))
		return 2;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	gsrv_init(&b.srv, &ops, &b);
	build(&b);
	sim_fault_announce(faults, NFAULTS, b.faults);
	sim_fault_announce(gsrv_faults, gsrv_nfaults, b.srv.faults);
	if (gsrv_listen(&b.srv)) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		return 1;
	}
	while (!stop) {
		struct pollfd pfd = { .fd = gsrv_poll_fd(&b.srv), .events = POLLIN };
		int64_t t = now_ms();
		int timeout = -1;

		if (b.pending && !b.srv.awaiting_confirm)
			timeout = 0;
		else if (b.next_meas)
			timeout = b.next_meas > t ? (int)(b.next_meas - t) : 0;
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			break;
		if (pfd.revents & (POLLIN | POLLHUP))
			gsrv_service_input(&b.srv);
		if (b.srv.fd < 0)
			continue;
		if ((b.pending && !b.srv.awaiting_confirm) ||
		    (b.next_meas && now_ms() >= b.next_meas && !b.pending)) {
			b.next_meas = 0;
			take_measurement(&b);
		}
	}
	gsrv_shutdown(&b.srv);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
