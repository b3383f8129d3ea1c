/* SPDX-License-Identifier: MIT */
/*
 * Time. Deadlines and frame stamps use CLOCK_MONOTONIC in nanoseconds (it
 * never jumps); wall-clock time (CLOCK_REALTIME) is recorded beside it for
 * people and for correlating with other instruments.
 */
#ifndef CARECERT_CLOCK_H
#define CARECERT_CLOCK_H

#include <stdint.h>
#include <time.h>

#define NSEC_PER_MSEC 1000000LL
#define NSEC_PER_SEC 1000000000LL

int64_t mono_now_ns(void);
void wall_now(struct timespec *ts);
/* Milliseconds from now until deadline, clamped to [0, INT32_MAX]; for poll(). */
int deadline_to_poll_ms(int64_t deadline_ns);
/* UTC time as "YYYY-MM-DDThh:mm:ss.mmmZ" from a CLOCK_REALTIME timespec. */
void format_utc(const struct timespec *ts, char out[32]);

#endif
