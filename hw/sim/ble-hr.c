/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-hr: a simulated Bluetooth LE heart-rate strap.
 *
 * GATT: Heart Rate service 0x180D (Measurement 0x2A37 notify, with CCCD;
 * Body Sensor Location 0x2A38 read: chest; Heart Rate Control Point 0x2A39
 * write: 0x01 resets energy expended, anything else is refused with ATT
 * error 0x80) and Device Information 0x180A. The measurement and its CCCD
 * need an encrypted link.
 *
 * Behaviour: while notifications are enabled, a measurement every
 * --interval-ms: 72 bpm (u8), sensor contact detected, energy expended
 * (kJ, growing by 1 per measurement until reset), one RR interval (853/1024 s,
 * i.e. 60/72 s).
 *
 * Serves a SOCK_SEQPACKET Unix socket and prints "UNIX <path>"; runs until
 * SIGTERM. --fault NAME breaks one behaviour (see usage).
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "att.h"
#include "gatt-server.h"

enum fault {
	F_FLAG_LENGTH = 1 << 0,
	F_RESERVED_BIT = 1 << 1,
	F_NOTIFY_NO_CCCD = 1 << 2,
	F_CP_ACCEPTS_ALL = 1 << 3,
	F_CP_WRONG_ERROR = 1 << 4,
	F_RESET_IGNORED = 1 << 5,
	F_NO_ENCRYPTION = 1 << 6,
	F_INTERVAL = 1 << 7,
	F_MISSING_CHAR = 1 << 8,
};

static const struct {
	const char *name;
	unsigned bit;
	const char *effect;
} faults[] = {
	{ "flag_length_mismatch", F_FLAG_LENGTH, "measurements announce energy expended they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "measurement flags have reserved bit 6 set" },
	{ "notify_without_cccd", F_NOTIFY_NO_CCCD, "measurements are notified although the CCCD is off" },
	{ "control_point_accepts_all", F_CP_ACCEPTS_ALL, "the control point accepts unsupported values" },
	{ "control_point_wrong_error", F_CP_WRONG_ERROR, "unsupported control point values get error 0x81" },
	{ "reset_ignored", F_RESET_IGNORED, "reset energy expended is acknowledged but not done" },
	{ "no_encryption", F_NO_ENCRYPTION, "heart-rate data is served on an unencrypted link" },
	{ "interval", F_INTERVAL, "measurements every 600 ms instead of the claimed interval" },
	{ "missing_characteristic", F_MISSING_CHAR, "no Body Sensor Location (0x2A38)" },
};

struct hr {
	struct gsrv srv;
	unsigned faults;
	const char *vendor, *model, *firmware, *serial;
	int interval_ms;
	uint16_t h_meas, h_cp;
	unsigned energy; /* kJ */
	int64_t next;    /* monotonic ms of the next measurement; 0: none */
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

static bool notifying(struct hr *h)
{
	return (gsrv_cccd_of(&h->srv, h->h_meas) & 0x0001) || (h->faults & F_NOTIFY_NO_CCCD);
}

static void measure(struct hr *h)
{
	uint8_t v[8];
	size_t n = 0;

	/* u8 rate, contact detected (b1-2 = 3), energy (b3), RR (b4) */
	v[n++] = 0x1E | (h->faults & F_RESERVED_BIT ? 0x40 : 0);
	v[n++] = 72;
	if (!(h->faults & F_FLAG_LENGTH)) {
		v[n++] = (uint8_t)h->energy;
		v[n++] = (uint8_t)(h->energy >> 8);
	}
	v[n++] = 853 & 0xFF; /* 60/72 s in 1/1024 s */
	v[n++] = 853 >> 8;
	gsrv_send_value(&h->srv, h->h_meas, v, n, false);
	h->energy++;
	h->next = now_ms() + (h->faults & F_INTERVAL ? 600 : h->interval_ms);
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct hr *h = data;

	(void)s;
	if (a->handle == h->h_cp) {
		if (a->len == 1 && a->value[0] == 0x01) {
			if (!(h->faults & F_RESET_IGNORED))
				h->energy = 0;
			return 0;
		}
		if (h->faults & F_CP_ACCEPTS_ALL)
			return 0;
		/* HRS: "Control Point Not Supported" */
		return h->faults & F_CP_WRONG_ERROR ? 0x81 : 0x80;
	}
	if (a->type != GATT_CCCD)
		return 0x03;
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13;
	if (a->handle == h->h_meas + 1 && (a->value[0] & 0x01) && !h->next)
		h->next = now_ms() + 100;
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct hr *h = data;

	(void)s;
	/* a strap that notifies without a CCCD starts at once */
	h->next = h->faults & F_NOTIFY_NO_CCCD ? now_ms() + 100 : 0;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static void build(struct hr *h)
{
	static const uint8_t chest = 1;

	gsrv_service(&h->srv, 0x180D);
	h->h_meas = gsrv_char(&h->srv, 0x2A37, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(&h->srv, GSRV_ENCRYPTED);
	if (!(h->faults & F_MISSING_CHAR))
		gsrv_char(&h->srv, 0x2A38, GATT_PROP_READ, GSRV_READ, &chest, 1);
	h->h_cp = gsrv_char(&h->srv, 0x2A39, GATT_PROP_WRITE, GSRV_WRITE, NULL, 0);
	gsrv_service(&h->srv, 0x180A);
	gsrv_char(&h->srv, 0x2A29, GATT_PROP_READ, GSRV_READ, h->vendor, strlen(h->vendor));
	gsrv_char(&h->srv, 0x2A24, GATT_PROP_READ, GSRV_READ, h->model, strlen(h->model));
	gsrv_char(&h->srv, 0x2A25, GATT_PROP_READ, GSRV_READ, h->serial, strlen(h->serial));
	gsrv_char(&h->srv, 0x2A26, GATT_PROP_READ, GSRV_READ, h->firmware,
		  strlen(h->firmware));
	h->srv.secure_all = h->faults & F_NO_ENCRYPTION;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: carecert-sim-ble-hr [--fault NAME]... [--vendor S] [--model S]\n"
		   "  [--firmware S] [--serial S] [--interval-ms N]\n"
		   "Serves a BLE heart-rate strap's GATT database over a SEQPACKET socket;\n"
		   "prints \"UNIX <path>\".\nfaults:\n");
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		fprintf(f, "  %-26s %s\n", faults[i].name, faults[i].effect);
}

static int parse_args(struct hr *h, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fault", required_argument, NULL, 'f' },
		{ "vendor", required_argument, NULL, 'v' },
		{ "model", required_argument, NULL, 'm' },
		{ "firmware", required_argument, NULL, 'w' },
		{ "serial", required_argument, NULL, 'n' },
		{ "interval-ms", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		size_t i;

		switch (ch) {
		case 'f':
			for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
				if (!strcmp(faults[i].name, optarg))
					break;
			if (i == sizeof(faults) / sizeof(faults[0])) {
				fprintf(stderr, "sim: unknown fault '%s'\n", optarg);
				usage(stderr);
				return -1;
			}
			h->faults |= faults[i].bit;
			break;
		case 'v': h->vendor = optarg; break;
		case 'm': h->model = optarg; break;
		case 'w': h->firmware = optarg; break;
		case 'n': h->serial = optarg; break;
		case 'I': h->interval_ms = atoi(optarg); break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (h->interval_ms < 50) {
		fprintf(stderr, "sim: bad interval\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct hr h = {
		.vendor = "Acme Medical", .model = "HR-10 Strap", .firmware = "1.2.0",
		.serial = "SIM-HR-0007", .interval_ms = 1000,
	};
	struct sigaction sa = { .sa_handler = on_signal };

	if (parse_args(&h, argc, argv))
		return 2;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	gsrv_init(&h.srv, &ops, &h);
	build(&h);
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (h.faults & faults[i].bit)
			fprintf(stderr, "sim: fault %s: %s\n", faults[i].name, faults[i].effect);
	if (gsrv_listen(&h.srv)) {
		fprintf(stderr, "sim: cannot listen: %s\n", strerror(errno));
		return 1;
	}
	while (!stop) {
		struct pollfd pfd = { .fd = gsrv_poll_fd(&h.srv), .events = POLLIN };
		int64_t t = now_ms();
		int timeout = h.next ? (h.next > t ? (int)(h.next - t) : 0) : -1;

		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			break;
		if (pfd.revents & (POLLIN | POLLHUP))
			gsrv_service_input(&h.srv);
		if (h.srv.fd < 0 || !h.next || now_ms() < h.next)
			continue;
		if (notifying(&h))
			measure(&h);
		else
			h.next = 0;
	}
	gsrv_shutdown(&h.srv);
	fprintf(stderr, "sim: stopping\n");
	return 0;
}
