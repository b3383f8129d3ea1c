/* SPDX-License-Identifier: MIT */
#include "base/clock.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* Every traffic-log line carries one: the date and time of day are made
 * once a second per thread (gmtime_r and strftime were a tenth of a serial
 * round trip's CPU), the milliseconds by hand. */
void format_utc(const struct timespec *ts, char out[32])
{
	static _Thread_local time_t cached_s = (time_t)-1;
	static _Thread_local char date[24];
	unsigned ms = (unsigned)(ts->tv_nsec / 1000000) % 1000u;
	time_t s = ts->tv_sec;

	if (s != cached_s || !date[0]) {
		struct tm tm;

		gmtime_r(&s, &tm);
		if (!strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
			date[0] = 0;
		cached_s = s;
	}
	if (strlen(date) != 19) { /* a year outside 0000-9999: the slow, general way */
		snprintf(out, 32, "%.20s.%03uZ", date, ms);
		return;
	}
	memcpy(out, date, 19);
	out[19] = '.';
	out[20] = (char)('0' + ms / 100);
	out[21] = (char)('0' + ms / 10 % 10);
	out[22] = (char)('0' + ms % 10);
	out[23] = 'Z';
	out[24] = 0;
}
