/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-gnss: a simulated GNSS signal simulator (the constellation
 * simulator a lab connects a tracker's antenna to), on a pseudo-terminal.
 * Lines end in CR LF:
 *   *IDN?                        -> <vendor>,<model>,<serial>,<firmware>
 *   PLAY <route>,<epochs>,<rate> -> OK,PLAY   plays a named route of the
 *                                   bench (pos/truth.h: park-walk) for
 *                                   <epochs> 1 Hz epochs, <rate> times
 *                                   faster than real time (time-compressed
 *                                   runs), from now
 *   STOP                         -> OK,STOP
 *   STATE?                       -> STATE,<route or ->,<scenario seconds>
 *   anything else                -> ERR
 * What it plays is written to $CARECERT_BENCH/gnss as "route epochs rate
 * start" (route 1: park-walk, 0: nothing; start: CLOCK_MONOTONIC seconds),
 * where a coupled tracker (carecert-sim-gnss-tracker) reads it: the
 * signal is a function of the scenario's time, which both compute from the
 * same clock, as a tracker and a real constellation simulator share GNSS
 * time. The scenario's truth is pos/truth.c's route, which the suite
 * regenerates.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

#define MAX_EPOCHS (7 * 86400)

struct state {
	int route; /* 0 none, 1 park-walk */
	double start, rate;
	long epochs;
};

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int publish(const struct state *st)
{
	const double v[4] = { st->route, (double)st->epochs, st->rate, st->start };

	return sim_bench_write("gnss", v, 4, 6);
}

static void on_line(int fd, const char *in, void *data)
{
	static const char *const idn = "Acme Navigation,GNSS-SIM 1,GS-0042,1.0.0";
	struct state *st = data;
	char route[32], out[96];
	long epochs;
	double rate;

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd, idn);
	} else if (sscanf(in, "PLAY %31[a-z-],%ld,%lf", route, &epochs, &rate) == 3) {
		if (strcmp(route, "park-walk") || epochs < 1 || epochs > MAX_EPOCHS ||
		    !(rate >= 0.1 && rate <= 1000)) {
			sim_pty_say(fd, "ERR,range");
			return;
		}
		st->route = 1;
		st->epochs = epochs;
		st->rate = rate;
		st->start = mono_s();
		sim_pty_say(fd, publish(st) ? "ERR,coupling" : "OK,PLAY");
	} else if (!strcmp(in, "STOP")) {
		st->route = 0;
		sim_pty_say(fd, publish(st) ? "ERR,coupling" : "OK,STOP");
	} else if (!strcmp(in, "STATE?")) {
		snprintf(out, sizeof(out), "STATE,%s,%.3f", st->route ? "park-walk" : "-",
			 st->route ? (mono_s() - st->start) * st->rate : 0.0);
		sim_pty_say(fd, out);
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int main(int argc, char **argv)
{
	struct state st = { 0 };

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-gnss\nA GNSS signal simulator on a pty; prints \"PTY <path>\".\n");
		return 0;
	}
	return sim_pty_run(on_line, &st);
}
