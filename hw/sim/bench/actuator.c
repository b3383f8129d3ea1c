/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-actuator: a simulated button-press actuator (a solenoid
 * finger over an SOS pendant's button, as a lab mounts one), the
 * reference instrument of the emergency-alarm path, on a pseudo-terminal.
 * Lines end in CR LF:
 *   *IDN?   -> <vendor>,<model>,<serial>,<firmware>
 *   PRESS   -> PRESSED,<n>,<unix ms>   (the n-th press, when it pressed)
 *   COUNT?  -> COUNT,<n>
 *   anything else -> ERR
 * Each press is written to the bench file "sos" as "<n> <unix ms>", where
 * a coupled simulated pendant (carecert-sim-sos-gw --coupled) sees its
 * button go down; the time is the actuator's clock, the host's wall clock
 * here, so the runner measures delivery from the press to the platform.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/sim-bench.h"
#include "lib/sim-pty.h"

struct state {
	unsigned presses;
};

static void on_line(int fd, const char *in, void *data)
{
	struct state *st = data;
	struct timespec ts;
	double v[2];
	char out[64];

	if (!strcmp(in, "*IDN?")) {
		sim_pty_say(fd,
			    "Acme Metrology,PF-2 Press Finger,PF-0042,1.1.0");
	} else if (!strcmp(in, "PRESS")) {
		clock_gettime(CLOCK_REALTIME, &ts);
		v[0] = ++st->presses;
		v[1] =
		    (double)ts.tv_sec * 1000 + (double)(ts.tv_nsec / 1000000);
		if (sim_bench_write("sos", v, 2, 0)) {
			sim_pty_say(fd, "ERR,coupling");
			return;
		}
		snprintf(out, sizeof(out), "PRESSED,%u,%.0f", st->presses,
			 v[1]);
		sim_pty_say(fd, out);
	} else if (!strcmp(in, "COUNT?")) {
		snprintf(out, sizeof(out), "COUNT,%u", st->presses);
		sim_pty_say(fd, out);
	} else {
		sim_pty_say(fd, "ERR");
	}
}

int main(int argc, char **argv)
{
	struct state st = {0};

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf(
		    "usage: carecert-sim-actuator\n"
		    "A button-press actuator on a pty; prints \"PTY <path>\". "
		    "Each PRESS goes\n"
		    "to the bench file \"sos\" for a coupled SOS pendant.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "sim: unknown argument '%s'\n", argv[1]);
		return 2;
	}
	return sim_pty_run(on_line, &st);
}
