/* SPDX-License-Identifier: MIT */
/*
 * carecert-sim-walker: a simulated walking robot that carries an indoor
 * positioning tag along the surveyed points of a named route of the bench
 * (pos/truth.h ward-round), on a pseudo-terminal: the reference of an
 * indoor positioning bench. Where it is goes to $CARECERT_BENCH/motion,
 * where the coupled tag platform (carecert-sim-tag-platform) reads it;
 * protocol and coupling: lib/sim-scenario.h.
 */
#include <stdio.h>
#include <string.h>

#include "lib/sim-scenario.h"

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: carecert-sim-walker\nA walking robot carrying a "
		       "tag, on a pty; prints \"PTY <path>\".\n"
		       "  PLAY <park-walk|ward-round>,<epochs>,<rate>  STOP  "
		       "STATE?  *IDN?\n");
		return 0;
	}
	return sim_scenario_run("Acme Robotics,WALK-BOT 1,WB-0007,0.4.0",
				"motion");
}
