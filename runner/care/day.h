/* SPDX-License-Identifier: MIT */
/*
 * A scripted day: the activity sequence a room or bed sensor is shown,
 * with its ground-truth labels and the reference heart and breathing rate
 * of a sleep mat (docs/behaviour-monitoring.md). It is a CSV file a lab
 * writes (or records with its own reference system):
 *
 *   # comment lines and blank lines are skipped
 *   time,activity,hr,rr
 *   00:00:00,in_bed,58,13
 *   06:30:00,out_of_bed,,
 *   06:31,walking
 *   24:00:00,end
 *
 * The header line names the columns (time and activity required, hr and
 * rr optional, in that order). Each row starts a segment that lasts until
 * the next row's time; the last row is `end` and gives the day's length.
 * Times are seconds ("3600", "90.5") or HH:MM[:SS] from the day's start,
 * strictly increasing, at most DAY_MAX_SECONDS. Activities are the
 * classes of enum care_activity by name. hr (bpm) and rr (breaths/min)
 * are the reference while that segment lasts; empty when none.
 *
 * Bounded: at most DAY_MAX_BYTES of text, DAY_MAX_LINE bytes a line,
 * DAY_MAX_SEGMENTS rows. Errors: CC_EINVAL (malformed: each problem is a
 * diag entry "name:line:column: what"), CC_ETOOBIG, CC_ENOMEM,
 * CC_ENOTFOUND/CC_EIO (day_load: the file). On success *out is a new day
 * (day_free); on failure it is NULL.
 */
#ifndef CARECERT_CARE_DAY_H
#define CARECERT_CARE_DAY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

#define DAY_MAX_BYTES (1u << 20)
#define DAY_MAX_LINE 256
#define DAY_MAX_SEGMENTS 10000
#define DAY_MAX_SECONDS (7.0 * 86400) /* a week: longer is a unit mistake */

/* The classes of activity a behaviour monitor tells apart. */
enum care_activity {
	CARE_IN_BED,
	CARE_OUT_OF_BED, /* in the room, not in bed, not walking (sitting,
			    standing) */
	CARE_WALKING,
	CARE_IN_BATHROOM,
	CARE_ABSENT,   /* out of the flat or room */
	CARE_ON_FLOOR, /* lying on the floor: after a fall */
	CARE_NACT,
};
#define CARE_NONE CARE_NACT /* the device classified nothing at that time */

/* "in_bed", "out_of_bed", "walking", "in_bathroom", "absent", "on_floor";
 * "none" for CARE_NONE. */
const char *care_activity_name(enum care_activity a);
/* CC_OK, or CC_EINVAL for a name not above ("none" is not a class). */
int care_activity_parse(const char *s, enum care_activity *out);

struct day_segment {
	double start, end; /* s from the day's start; end > start */
	enum care_activity act;
	double hr, rr; /* reference; NaN when the row gives none */
	unsigned line; /* in the file */
};

struct day {
	struct day_segment *v;
	size_t n;   /* >= 1 */
	double end; /* the day's length, s: v[n-1].end */
};

int day_parse(const char *text, size_t len, const char *name, struct day **out,
	      struct diag *d);
int day_load(const char *path, struct day **out, struct diag *d);
void day_free(struct day *day); /* NULL-safe */

/* The segment at time t (start <= t < end), NULL outside the day. */
const struct day_segment *day_at(const struct day *day, double t);

/* "HH:MM[:SS[.fff]]" or seconds as a number: CC_OK or CC_EINVAL. Pure. */
int day_time_parse(const char *s, double *out);

#endif
