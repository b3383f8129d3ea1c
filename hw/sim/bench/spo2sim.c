/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-spo2sim: a simulated SpO2 patient simulator (the reference
 * instrument a lab clips a pulse oximeter's sensor onto: it presents an
 * optical signal of a given saturation and pulse rate), on a
 * pseudo-terminal. Lines end in CR LF:
 *   *IDN?             -> <vendor>,<model>,<serial>,<firmware>
 *   SPO2 s,r          -> OK            (plays s % SpO2 at r bpm)
 *   NEXT              -> SPO2,s,r      (the next point of its sequence)
 *   SPO2?             -> SPO2,s,r
 *   anything else     -> ERR
 * What it plays is written to the bench file "spo2" ("s r"), where a
 * coupled simulated oximeter (carecert-sim-ble-plx --coupled) reads it:
 * the sensor on the simulator's finger. The sequence is a desaturation
 * from 100 to 70 %, seven points in each decade ISO 80601-2-61 reports
 * (90-100, 80-90, 70-80), at rates of 55-110 bpm.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

static const int sequence[][2] = {
	{ 100, 62 }, { 98, 75 }, { 96, 88 },  { 95, 58 },  { 94, 101 }, { 92, 70 }, { 90, 83 },
	{ 89, 95 },  { 88, 60 }, { 86, 110 }, { 85, 77 },  { 84, 66 },  { 82, 92 }, { 80, 55 },
	{ 79, 104 }, { 78, 72 }, { 76, 86 },  { 75, 63 },  { 74, 98 },  { 72, 80 }, { 70, 68 },
};

#define NPOINTS (sizeof(sequence) / sizeof(sequence[0]))

struct state {
	int cur[2];  /* what it plays: % SpO2, bpm */
	size_t next; /* the next point of the sequence */
};

static int play(const int p[2])
{
	const double v[2] = { p[0], p[1] };

	return sim_bench_write("spo2", v, 2, 0);
}

static void on_line(int fd, const char *in, void *data)
{
	static const char *const idn = "Acme Biomedical,OXI-SIM 3,OS-0042,2.0.1";
	struct state *st = data;
	char out[64];
	int p[2];

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, idn);
	} else if (!strcmp(in, "NEXT") || !strcmp(in, "SPO2?")) {
		if (!strcmp(in, "NEXT")) {
			memcpy(st->cur, sequence[st->next], sizeof(st->cur));
			st->next = (st->next + 1) % NPOINTS;
		}
		snprintf(out, sizeof(out), "SPO2,%d,%d", st->cur[0], st->cur[1]);
		sim_pty_say(fd, play(st->cur) ? "ERR,coupling" : out);
	} else if (sscanf(in, "SPO2 %d,%d", &p[0], &p[1]) == 2 && p[0] >= 50 && p[0] <= 100 &&
		   p[1] >= 20 && p[1] <= 300) {
		memcpy(st->cur, p, sizeof(st->cur));
		sim_pty_say(fd, play(st->cur) ? "ERR,coupling" : "OK");
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int main(int argc, char **argv)
{
	struct state st = { .cur = { 98, 72 } };

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-spo2sim\nAn SpO2 patient simulator on a pty; prints \"PTY <path>\".\n");
		return 0;
	}
	return sim_pty_run(on_line, &st);
}
