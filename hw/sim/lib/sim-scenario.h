/* SPDX-License-Identifier: MIT */
/*
 * A scenario of the bench: a named route (pos/truth.h) played from a
 * moment on, time-compressed. A reference instrument plays it (the GNSS
 * signal simulator into a tracker's antenna; the walking robot that
 * carries an indoor tag) and writes "route epochs rate start" to
 * $CARECERT_BENCH/<bench> (route 1 park-walk, 2 ward-round, 0 none; start
 * on CLOCK_MONOTONIC); a coupled device reads it and computes the
 * scenario's time from the same clock, as a tracker and a constellation
 * simulator share GNSS time.
 *
 * The instrument's line protocol (CR LF):
 *   *IDN?                        -> the idn given
 *   PLAY <route>,<epochs>,<rate> -> OK,PLAY   (from now; rate: scenario
 *                                               seconds per second)
 *   STOP                         -> OK,STOP
 *   STATE?                       -> STATE,<route or ->,<scenario seconds>
 *   anything else                -> ERR (ERR,range for a bad PLAY)
 */
#ifndef CARECERT_SIM_SCENARIO_H
#define CARECERT_SIM_SCENARIO_H

#include <stdbool.h>

struct sim_scenario {
	int route; /* 0 none */
	double epochs, rate, start;
};

/* The instrument's whole life on a pty (sim_pty_run). */
int sim_scenario_run(const char *idn, const char *bench);

/* Read the bench file: true when it holds a scenario other than *cur
 * (then *cur is it; route 0: stopped). */
bool sim_scenario_poll(const char *bench, struct sim_scenario *cur);

/* "park-walk", "ward-round", or NULL for another code. */
const char *sim_scenario_route(int code);

/* CLOCK_MONOTONIC in seconds, and the scenario's time now. */
double sim_scenario_mono(void);
double sim_scenario_now(const struct sim_scenario *s);

#endif
