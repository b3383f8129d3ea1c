/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-bath: a simulated temperature-controlled bath with its
 * reference thermometer (a calibrated PRT read to 0.001 Cel), the bench a
 * lab uses for a clinical thermometer's laboratory accuracy, on a
 * pseudo-terminal. Lines end in CR LF:
 *   *IDN?             -> <vendor>,<model>,<serial>,<firmware>
 *   SET t             -> OK            (set point t Cel, 0-95)
 *   NEXT              -> SET,t         (the next set point of its sequence)
 *   SET?              -> SET,t
 *   TEMP?             -> TEMP,x        (the reference thermometer, 3 decimals)
 *   anything else     -> ERR
 * A bath does not sit exactly at its set point: at each new set point it
 * settles a little off it (its stability and uniformity, drawn from the
 * shared error model: --noise-sd, default 0.02 Cel, and the other
 * errmodel.h options, seeded). The bath's true temperature is written to
 * the bench file "bath", where a coupled simulated thermometer
 * (carecert-sim-ble-thermo --coupled) reads it; the reference thermometer
 * reads the same water, so a lab pairs the device with TEMP?, not with
 * the set point. The sequence covers 35-42 Cel in 0.35 Cel steps, so the
 * set points fall at every position between two tenths.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lib/errmodel.h"
#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

#define NPOINTS 21 /* 35.00, 35.35, ... 42.00 */

struct state {
	struct errmodel stability; /* true temperature vs set point */
	double set, actual;        /* Cel */
	int next;                  /* the next point of the sequence */
};

/* Settle at a new set point; the bench file gets the water's temperature. */
static int settle(struct state *st, double set)
{
	st->set = set;
	if (errmodel_read(&st->stability, set, &st->actual) != ERRMODEL_OK)
		return -1;
	return sim_bench_write("bath", &st->actual, 1, 4);
}

static void on_line(int fd, const char *in, void *data)
{
	static const char *const idn = "Acme Metrology,TB-40 + PRT-100,TB-0815,3.2.0";
	struct state *st = data;
	char out[64];
	double t;
	int n = 0;

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, idn);
	} else if (!strcmp(in, "NEXT")) {
		t = 35.0 + 0.35 * st->next;
		st->next = (st->next + 1) % NPOINTS;
		snprintf(out, sizeof(out), "SET,%.2f", t);
		sim_pty_say(fd, settle(st, t) ? "ERR,coupling" : out);
	} else if (!strcmp(in, "SET?")) {
		snprintf(out, sizeof(out), "SET,%.2f", st->set);
		sim_pty_say(fd, out);
	} else if (!strcmp(in, "TEMP?")) {
		snprintf(out, sizeof(out), "TEMP,%.3f", st->actual);
		sim_pty_say(fd, out);
	} else if (sscanf(in, "SET %lf%n", &t, &n) == 1 && !in[n] && t >= 0 && t <= 95) {
		sim_pty_say(fd, settle(st, round(t * 100) / 100) ? "ERR,coupling" : "OK");
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int main(int argc, char **argv)
{
	struct state st = { .set = 37.0, .actual = 37.0 };

	errmodel_init(&st.stability);
	st.stability.noise_sd = 0.02;
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-bath [error model options]\n"
		       "A temperature bath with a reference thermometer on a pty; prints \"PTY <path>\".\n"
		       "How far the bath settles from its set point (Cel; default --noise-sd 0.02):\n"
		       ERRMODEL_USAGE);
		return 0;
	}
	if (errmodel_take_args(&st.stability, "", &argc, argv))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "sim: unknown argument '%s'\n", argv[1]);
		return 2;
	}
	return sim_pty_run(on_line, &st);
}
