/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-ble-thermo: a simulated Bluetooth LE clinical thermometer.
 *
 * GATT: Health Thermometer service 0x1809 (Temperature Measurement 0x2A1C
 * indicate; Temperature Type 0x2A1D read: mouth; Intermediate Temperature
 * 0x2A1E notify; Measurement Interval 0x2A21 read, write, indicate, 1..3600
 * s; the measurement and its CCCD need an encrypted link) and Device
 * Information 0x180A.
 *
 * Behaviour: while indications are enabled, a measurement every
 * Measurement Interval seconds (--interval-ms overrides the unit for quick
 * benches: the characteristic still reads in seconds), the first 300 ms
 * after they are enabled: 36.8 Cel (FLOAT 368 x 10^-1) with a time stamp.
 * Before each, two intermediate temperatures (36.2, 36.5) are notified when
 * their CCCD is on. Writing an interval outside 1..3600 s (or 0, which
 * stops periodic measurement) is refused with 0x80 "Out of Range" (HTS
 * 1.0, 3.4.2); an accepted interval is indicated when configured.
 *
 * Coupled (--coupled): the probe is in a reference bath (carecert-sim-bath),
 * and each final measurement reports the bath's temperature (the bench
 * file "bath") through the error model of errmodel.h, in hundredths: a
 * dropped measurement is NaN (unavailable), a reading outside the rated
 * --range is -INF or +INF (below / above). The intermediate temperatures
 * stay as above. The faults that change the value keep the 36.8 Cel
 * measurement and are not combined with --coupled.
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
	F_FLAG_LENGTH = 1 << 0,
	F_RESERVED_BIT = 1 << 1,
	F_WRONG_SPECIAL = 1 << 2,
	F_NO_CONFIRM_WAIT = 1 << 3,
	F_INTERVAL = 1 << 4,
	F_SLOW_FIRST = 1 << 5,
	F_RANGE_UNCHECKED = 1 << 6,
	F_NO_ENCRYPTION = 1 << 7,
	F_MISSING_CHAR = 1 << 8,
	F_UNIT_MISLABEL = 1 << 9,
	F_NOTIFY_NO_CCCD = 1 << 10,
	F_TYPE_MISMATCH = 1 << 11,
};

static const struct sim_fault faults[] = {
	{ "flag_length_mismatch", F_FLAG_LENGTH, "measurements announce a time stamp they do not carry" },
	{ "reserved_bit", F_RESERVED_BIT, "measurement flags have reserved bit 3 set" },
	{ "wrong_special", F_WRONG_SPECIAL, "the final temperature is NaN" },
	{ "no_confirm_wait", F_NO_CONFIRM_WAIT, "indicates each measurement twice, not waiting for the confirmation" },
	{ "interval", F_INTERVAL, "measurements 40 % sooner than the interval says" },
	{ "slow_first", F_SLOW_FIRST, "the first measurement comes 3 s after indications are enabled" },
	{ "range_unchecked", F_RANGE_UNCHECKED, "measurement intervals outside 1..3600 s are accepted" },
	{ "no_encryption", F_NO_ENCRYPTION, "temperatures are served on an unencrypted link" },
	{ "missing_characteristic", F_MISSING_CHAR, "no Temperature Type (0x2A1D)" },
	{ "unit_mislabel", F_UNIT_MISLABEL, "sends Fahrenheit values flagged as Celsius" },
	{ "notify_without_cccd", F_NOTIFY_NO_CCCD, "intermediate temperatures although their CCCD is off" },
	{ "type_mismatch", F_TYPE_MISMATCH,
	  "final measurements carry the type ear (3); the Temperature Type characteristic says mouth" },
};

#define NFAULTS (sizeof(faults) / sizeof(faults[0]))
#define OUT_OF_RANGE 0x80 /* HTS application error */

struct thermo {
	struct sim_ble dev;
	uint16_t h_meas, h_inter, h_interval;
	unsigned interval_s;  /* the Measurement Interval characteristic */
	int step;             /* 0, 1: intermediate values; 2: the measurement */
	int64_t next;         /* ms of the next step; 0: none */
	bool interval_changed; /* indicate it after the write response */
	bool coupled;          /* the probe is in the bath (the bench) */
	struct errmodel err;   /* the coupled probe's error model, Cel */
};

#define OPT_COUPLED 256
#define FLOAT_NAN 0x007FFFFF
#define FLOAT_PINF 0x007FFFFE
#define FLOAT_NINF 0x00800002

static int64_t period_ms(const struct thermo *t)
{
	/* --interval-ms stands in for the seconds of the characteristic,
	 * scaled by it, so that benches need not wait whole seconds */
	int64_t ms = (int64_t)t->dev.interval_ms * t->interval_s;

	return t->dev.faults & F_INTERVAL ? ms * 6 / 10 : ms;
}

static size_t put_float(uint8_t *p, int32_t mantissa, int exponent)
{
	uint32_t v = (uint32_t)(exponent & 0xFF) << 24 | ((uint32_t)mantissa & 0xFFFFFF);

	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
	return 4;
}

static void send_temperature(struct thermo *t, uint16_t handle, int tenths, bool final)
{
	unsigned f = t->dev.faults;
	uint8_t v[16];
	size_t n = 0;

	v[n++] = 0x02 | (f & F_RESERVED_BIT ? 0x08 : 0); /* Celsius, time stamp */
	if (final && (f & F_WRONG_SPECIAL))
		n += put_float(v + n, 0x7FFFFF, 0); /* NaN */
	else if (f & F_UNIT_MISLABEL)
		n += put_float(v + n, (tenths * 9 + 1600) / 5, -1); /* the degF number */
	else
		n += put_float(v + n, tenths, -1);
	if (!(f & F_FLAG_LENGTH))
		n += sim_put_datetime(v + n, (long long)time(NULL));
	if (final && (f & F_TYPE_MISMATCH)) {
		v[0] |= 0x04; /* temperature type present */
		v[n++] = 3;   /* ear */
	}
	gsrv_send_value(&t->dev.srv, handle, v, n, final);
}

/* A coupled final measurement: the bath through the error model. */
static void send_coupled(struct thermo *t)
{
	double bath = 36.8, x;
	enum errmodel_result r;
	uint8_t v[16];
	size_t n = 0;

	sim_bench_read("bath", &bath, 1); /* none yet: the last temperature */
	r = errmodel_read(&t->err, bath, &x);
	v[n++] = 0x02; /* Celsius, time stamp */
	if (errmodel_dropped(&t->err))
		n += put_float(v + n, FLOAT_NAN, 0);
	else if (r != ERRMODEL_OK)
		n += put_float(v + n, r == ERRMODEL_BELOW ? FLOAT_NINF : FLOAT_PINF, 0);
	else
		n += put_float(v + n, (int32_t)lround(x * 100), -2);
	n += sim_put_datetime(v + n, (long long)time(NULL));
	gsrv_send_value(&t->dev.srv, t->h_meas, v, n, true);
}

static bool indicating(struct thermo *t)
{
	return gsrv_cccd_of(&t->dev.srv, t->h_meas) & 0x0002;
}

static void tick(void *data)
{
	static const int intermediate[] = { 362, 365 };
	struct thermo *t = data;

	if (t->interval_changed) {
		uint8_t v[2] = { (uint8_t)t->interval_s, (uint8_t)(t->interval_s >> 8) };

		t->interval_changed = false;
		if (gsrv_cccd_of(&t->dev.srv, t->h_interval) & 0x0002)
			gsrv_send_value(&t->dev.srv, t->h_interval, v, 2, true);
		return;
	}
	t->next = 0;
	if (!indicating(t))
		return;
	if (t->step < 2) {
		if ((gsrv_cccd_of(&t->dev.srv, t->h_inter) & 0x0001) ||
		    (t->dev.faults & F_NOTIFY_NO_CCCD))
			send_temperature(t, t->h_inter, intermediate[t->step], false);
		t->step++;
		t->next = sim_now_ms() + 50;
		return;
	}
	if (t->coupled)
		send_coupled(t);
	else
		send_temperature(t, t->h_meas, 368, true);
	t->step = 0;
	t->next = sim_now_ms() + period_ms(t) - 100;
	if (t->dev.faults & F_NO_CONFIRM_WAIT) {
		/* a second indication while the first awaits its confirmation */
		t->dev.srv.awaiting_confirm = false;
		send_temperature(t, t->h_meas, 368, true);
	}
}

static int64_t next_ms(void *data)
{
	struct thermo *t = data;

	if (t->dev.srv.awaiting_confirm)
		return 0;
	return t->interval_changed ? sim_now_ms() : t->next;
}

static uint8_t on_write(struct gsrv *s, struct gsrv_attr *a, void *data)
{
	struct thermo *t = data;

	(void)s;
	if (a->handle == t->h_interval) {
		unsigned v = a->len == 2 ? (unsigned)(a->value[0] | a->value[1] << 8) : 0;

		if (a->len != 2)
			return 0x0D; /* invalid attribute value length */
		if ((v < 1 || v > 3600) && !(t->dev.faults & F_RANGE_UNCHECKED))
			return OUT_OF_RANGE;
		t->interval_s = v ? v : 1;
		t->interval_changed = true;
		return 0;
	}
	if (a->type != GATT_CCCD)
		return 0x03; /* write not permitted */
	if ((a->value[0] | a->value[1] << 8) > 3)
		return 0x13; /* value not allowed */
	if (a->handle == t->h_meas + 1) {
		/* enabling starts a measurement; disabling stops the cycle */
		t->next = a->value[0] & 0x02
			  ? sim_now_ms() + (t->dev.faults & F_SLOW_FIRST ? 3000 : 200) : 0;
		t->step = 0;
	}
	return 0;
}

static void on_connect(struct gsrv *s, void *data)
{
	struct thermo *t = data;

	(void)s;
	t->next = 0;
	t->step = 0;
	t->interval_changed = false;
}

static const struct gsrv_ops ops = {
	.on_write = on_write,
	.on_connect = on_connect,
	.on_disconnect = on_connect,
};

static void build(struct thermo *t)
{
	static const uint8_t mouth = 6;
	uint8_t interval[2] = { (uint8_t)t->interval_s, (uint8_t)(t->interval_s >> 8) };
	struct gsrv *s = &t->dev.srv;

	gsrv_service(s, 0x1809);
	t->h_meas = gsrv_char(s, 0x2A1C, GATT_PROP_INDICATE, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	if (!(t->dev.faults & F_MISSING_CHAR))
		gsrv_char(s, 0x2A1D, GATT_PROP_READ, GSRV_READ, &mouth, 1);
	t->h_inter = gsrv_char(s, 0x2A1E, GATT_PROP_NOTIFY, GSRV_ENCRYPTED, NULL, 0);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	t->h_interval = gsrv_char(s, 0x2A21,
				  GATT_PROP_READ | GATT_PROP_WRITE | GATT_PROP_INDICATE,
				  GSRV_READ | GSRV_WRITE | GSRV_ENCRYPTED, interval, 2);
	gsrv_cccd(s, GSRV_ENCRYPTED);
	sim_ble_add_dis(&t->dev);
	s->secure_all = t->dev.faults & F_NO_ENCRYPTION;
}

static int on_option(void *data, int val, const char *arg)
{
	struct thermo *t = data;

	(void)arg;
	if (val != OPT_COUPLED)
		return -1;
	t->coupled = true;
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
		.usage = "  --coupled       measurements read the reference bath's bench file\n"
			 "error model of the coupled probe (Cel):\n" ERRMODEL_USAGE,
		.on_option = on_option,
	};
	static struct thermo t = {
		.dev = { .vendor = "Acme Medical", .model = "TH-7 BLE", .firmware = "1.0.3",
			 .serial = "SIM-TH-0011", .interval_ms = 1000 },
		.interval_s = 1,
	};

	errmodel_init(&t.err);
	if (errmodel_take_args(&t.err, "", &argc, argv))
		return 2;
	if (sim_ble_parse(&t.dev, argc, argv, "carecert-sim-ble-thermo",
			  "A Bluetooth LE clinical thermometer.", faults, NFAULTS, &extra, &t))
		return 2;
	gsrv_init(&t.dev.srv, &ops, &t);
	build(&t);
	return sim_ble_run(&t.dev, faults, NFAULTS, next_ms, tick, &t);
}
