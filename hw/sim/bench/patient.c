/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-patient: a simulated NIBP patient simulator (the reference
 * instrument a lab connects a blood-pressure monitor's cuff to), on a
 * pseudo-terminal. Lines end in CR LF:
 *   *IDN?             -> <vendor>,<model>,<serial>,<firmware>
 *   NIBP s,d,r        -> OK            (plays s/d mmHg at r bpm)
 *   NEXT              -> NIBP,s,d,r    (the next point of its sequence)
 *   NIBP?             -> NIBP,s,d,r
 *   anything else     -> ERR
 * What it plays is written to $CARECERT_BENCH/nibp ("s d r"), where a
 * coupled simulated monitor (carecert-sim-serial-bp --coupled) reads it:
 * the cuff between the two. The sequence spans 80-200 / 50-120 mmHg.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

static const int sequence[][3] = {
	{ 120, 80, 72 }, { 90, 55, 60 },  { 150, 95, 80 }, { 180, 110, 90 },
	{ 100, 65, 66 }, { 135, 85, 75 }, { 200, 120, 95 }, { 80, 50, 58 },
	{ 160, 100, 85 }, { 110, 70, 70 }, { 140, 90, 78 }, { 170, 105, 88 },
};

/* Play a point: the bench file "nibp" is what the cuff now sees. */
static int play(const int p[3])
{
	const double v[3] = { p[0], p[1], p[2] };

	return sim_bench_write("nibp", v, 3, 0);
}

struct state {
	int cur[3]; /* what it plays */
	size_t next; /* the next point of the sequence */
};

static void on_line(int fd, const char *in, void *data)
{
	static const char *const idn = "Acme Biomedical,NIBP-SIM 2,PS-0099,1.0.0";
	struct state *st = data;
	char out[64];
	int p[3];

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, idn);
	} else if (!strcmp(in, "NEXT") || !strcmp(in, "NIBP?")) {
		if (!strcmp(in, "NEXT")) {
			memcpy(st->cur, sequence[st->next], sizeof(st->cur));
			st->next = (st->next + 1) % (sizeof(sequence) / sizeof(sequence[0]));
		}
		snprintf(out, sizeof(out), "NIBP,%d,%d,%d", st->cur[0], st->cur[1], st->cur[2]);
		sim_pty_say(fd, play(st->cur) ? "ERR,coupling" : out);
	} else if (sscanf(in, "NIBP %d,%d,%d", &p[0], &p[1], &p[2]) == 3 && p[0] > p[1] &&
		   p[1] > 0 && p[0] < 300 && p[2] > 0 && p[2] < 300) {
		memcpy(st->cur, p, sizeof(st->cur));
		sim_pty_say(fd, play(st->cur) ? "ERR,coupling" : "OK");
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int main(int argc, char **argv)
{
	struct state st = { .cur = { 120, 80, 72 } };

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-patient\nA NIBP patient simulator on a pty; prints \"PTY <path>\".\n");
		return 0;
	}
	return sim_pty_run(on_line, &st);
}
