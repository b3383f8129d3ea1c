/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-gnss: a simulated GNSS signal simulator (the constellation
 * simulator a lab connects a tracker's antenna to), on a pseudo-terminal.
 * It plays a named route of the bench (pos/truth.h) into the antenna of a
 * coupled tracker (carecert-sim-gnss-tracker) through the bench file
 * $CARECERT_BENCH/gnss; protocol and coupling: lib/sim-scenario.h.
 */
#include <stdio.h>
#include <string.h>

#include "lib/sim-scenario.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-gnss\nA GNSS signal simulator on a "
		       "pty; prints \"PTY <path>\".\n"
		       "  PLAY <park-walk|ward-round>,<epochs>,<rate>  STOP  "
		       "STATE?  *IDN?\n");
		return 0;
	}
	return sim_scenario_run("Acme Navigation,GNSS-SIM 1,GS-0042,1.0.0",
				"gnss");
}
