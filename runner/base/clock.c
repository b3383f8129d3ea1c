/* SPDX-License-Identifier: MIT */
#include "base/clock.h"

#include <stdint.h>
#include <stdio.h>

int64_t mono_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

void wall_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

int deadline_to_poll_ms(int64_t deadline_ns)
{
	int64_t left = deadline_ns - mono_now_ns();

	if (left <= 0)
		return 0;
	/* round up so that poll never returns just before the deadline */
	left = (left + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC;
	return left > INT32_MAX ? INT32_MAX : (int)left;
}

void format_utc(const struct timespec *ts, char out[32])
{
	struct tm tm;
	time_t s = ts->tv_sec;
	char date[24];

	gmtime_r(&s, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.20s.%03uZ", date,
		 (unsigned)(ts->tv_nsec / 1000000) % 1000u);
}
