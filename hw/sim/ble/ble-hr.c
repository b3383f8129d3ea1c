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

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ble/att.h"
#include "lib/sim-ble.h"

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
	F_RR_ZERO = 1 << 9,
};

static const struct sim_fault faults[] = {
	{ "flag_length_mismatch", F_FLAG_LENGTH, "measurements announce energy expended they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "measurement flags have reserved bit 6 set" },
	{ "notify_without_cccd", F_NOTIFY_NO_CCCD, "measurements are notified although the CCCD is off" },
	{ "control_point_accepts_all", F_CP_ACCEPTS_ALL, "the control point accepts unsupported values" },
	{ "control_point_wrong_error", F_CP_WRONG_ERROR, "unsupported control point values get error 0x81" },
	{ "reset_ignored", F_RESET_IGNORED, "reset energy expended is acknowledged but not done" },
	{ "no_encryption", F_NO_ENCRYPTION, "heart-rate data is served on an unencrypted link" },
	{ "interval", F_INTERVAL, "measurements every 600 ms instead of the claimed interval" },
	{ "missing_characteristic", F_MISSING_CHAR, "no Body Sensor Location (0x2A38)" },
	{ "rr_zero", F_RR_ZERO, "measurements carry an RR interval of 0" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))

struct hr {
	struct sim_ble dev;
	uint16_t h_meas, h_cp;
	unsigned energy; /* kJ */
	int64_t next;    /* monotonic ms of the next measurement; 0: none */
};

static bool notifying(struct hr *h)
{
	return (gsrv_cccd_of(&h->dev.srv, h->h_meas) & 0x0001) ||
	       (h->dev.faults & F_NOTIFY_NO_CCCD);
}

static void measure(struct hr *h)
{
	unsigned f = h->dev.faults;
	uint8_t v[8];
	size_t n = 0;

	/* u8 rate, contact detected (b1-2 = 3), energy (b3), RR (b4) */
	v[n++] = 0x1E | (f & F_RESERVED_BIT ? 0x40 : 0);
	v[n++] = 72;
	if (!(f & F_FLAG_LENGTH))
		n += sim_put_u16(v + n, h->energy);
	n += sim_put_u16(v + n, f & F_RR_ZERO ? 0 : 853); /* 60/72 s in 1/1024 s */
	gsrv_send_value(&h->dev.srv, h->h_meas, v, n, false);
	h->energy++;
	h->next = sim_now_ms() + (f & F_INTERVAL ? 600 : h->dev.interval_ms);
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct hr *h = data;

	(void)s;
	if (a->handle == h->h_cp) {
		if (a->len == 1 && a->value[0] == 0x01) {
			if (!(h->dev.faults & F_RESET_IGNORED))
				h->energy = 0;
			return 0;
		}
		if (h->dev.faults & F_CP_ACCEPTS_ALL)
			return 0;
		/* HRS: "Control Point Not Supported" */
		return h->dev.faults & F_CP_WRONG_ERROR ? 0x81 : 0x80;
	}
	if (a->type != GATT_CCCD)
		return 0x03;
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13;
	if (a->handle == h->h_meas + 1 && (a->value[0] & 0x01) && !h->next)
		h->next = sim_now_ms() + 100;
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct hr *h = data;

	(void)s;
	/* a strap that notifies without a CCCD starts at once; a bond may
	 * have kept the CCCD on */
	h->next = h->dev.faults & F_NOTIFY_NO_CCCD ? sim_now_ms()
		: notifying(h)			 ? sim_now_ms() + 100
						 : 0;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static int64_t next_ms(void *data)
{
	return ((struct hr *)data)->next;
}

static void tick(void *data)
{
	struct hr *h = data;

	if (notifying(h))
		measure(h);
	else
		h->next = 0;
}

static void build(struct hr *h)
{
	static const uint8_t chest = 1;
	struct gsrv *s = &h->dev.srv;

	gsrv_service(s, 0x180D);
	h->h_meas = gsrv_char(s, 0x2A37, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	if (!(h->dev.faults & F_MISSING_CHAR))
		gsrv_char(s, 0x2A38, GATT_PROP_READ, GSRV_READ, &chest, 1);
	h->h_cp = gsrv_char(s, 0x2A39, GATT_PROP_WRITE, GSRV_WRITE, NULL, 0);
	sim_ble_add_dis(&h->dev);
	s->secure_all = h->dev.faults & F_NO_ENCRYPTION;
}

int main(int argc, char **argv)
{
	static struct hr h = {
		.dev = { .vendor = "Acme Medical", .model = "HR-10 Strap", .firmware = "1.2.0",
			 .serial = "SIM-HR-0007", .interval_ms = 1000 },
	};

	if (sim_ble_parse(&h.dev, argc, argv, "carecert-sim-ble-hr",
			  "A Bluetooth LE heart-rate strap.", faults, NFAULTS, NULL, NULL))
		return 2;
	gsrv_init(&h.dev.srv, &ops, &h);
	build(&h);
	return sim_ble_run(&h.dev, faults, NFAULTS, next_ms, tick, &h);
}
