/* SPDX-License-Identifier: MIT */
/*
 * The bench between the motion replay instrument (carecert-sim-motion) and
 * a wearable riding on it (carecert-sim-ble-fall): the session it plays,
 * written whole to $CARECERT_BENCH/motion and renamed into place:
 *
 *   carecert-motion/1 id=N start_ns=T compression=C fs=F shield_from=A
 *   shield_to=B n=S\n     (one line)
 *   S samples of 6 little-endian int16: ax ay az gx gy gz (falltrial.h
 *   scales)
 *
 * Sample i plays at monotonic start_ns + i / (fs C) s; the wearable feels
 * it then. Between shield_from and shield_to (s of motion time) the bench
 * shields the wearable's radio (an RF box): it cannot reach the gateway.
 */
#ifndef CARECERT_SIM_MOTION_H
#define CARECERT_SIM_MOTION_H

#include <stddef.h>
#include <stdint.h>

#define MOTION_SAMPLES_MAX 50000000u

struct motion_session {
	uint64_t id;
	int64_t start_ns; /* CLOCK_MONOTONIC */
	double compression, fs, shield_from, shield_to;
	size_t n;
	int16_t (*s)[6]; /* owned */
};

/* Write s to the bench; 0, or -1 (errno set); without CARECERT_BENCH,
 * nothing is written and 0 returned. */
int motion_write(const struct motion_session *s);

/* Load the bench's session into *s when its id differs from s->id (the
 * previous one freed): 1 loaded, 0 nothing new (or no bench), -1 a session
 * that cannot be read (s untouched). */
int motion_poll(struct motion_session *s);

void motion_release(struct motion_session *s);

#endif
