/* SPDX-License-Identifier: MIT */
/*
 * Ground truth (ISO/IEC 18305 7.5): where the tracked person really was.
 *
 * Either a surveyed route as CSV:
 *
 *     time,lat,lon,alt,floor,zone,signal
 *     0,31.230400,121.473700,10.0,0,garden,1
 *
 * (a header first, names case-insensitive in any order; time in seconds
 * from the scenario's start, increasing, |time| <= TRUTH_MAX_TIME; |alt| <= 1e6
 * m; lat and lon in degrees required; alt (m), floor (integer), zone (an id)
 * and signal (1, or 0 while the bench gives no satellites) optional; '#' lines
 * and blank lines skipped; no quoting), or a named route of the bench
 * (truth_route), which the simulated GNSS signal simulator plays from the same
 * code.
 *
 * Errors of a file go to a struct diag as file:line:column; a file with any
 * error gives no truth. The truth owns its points; truth_free() frees them.
 */
#ifndef CARECERT_POS_TRUTH_H
#define CARECERT_POS_TRUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "pos/geo.h"

#define TRUTH_MAX_POINTS 1000000
#define TRUTH_MAX_LINE 512
#define TRUTH_ZONE_LEN 16
#define TRUTH_MAX_TIME 1e9 /* s (31 years): |time| above is refused */

struct truth_point {
	double t, lat, lon, alt;
	int floor;
	bool signal;
	char zone[TRUTH_ZONE_LEN];
};

struct truth {
	struct truth_point *p;
	size_t n;
	bool has_alt, has_floor, has_zone;
	double utc_start; /* Unix seconds of t = 0; 0 when not known */
};

int truth_load_csv(const char *path, struct truth *tr, struct diag *d);

/* A named route of the bench at 1 Hz for `epochs` epochs (CC_ENOTFOUND for
 * an unknown name, CC_EINVAL for 0 or more than TRUTH_MAX_POINTS epochs):
 *   park-walk  a 80 m x 60 m loop at 1.2 m/s from 31.2304 N 121.4737 E,
 *              10 m altitude, ground floor; zone "garden" within 45 m of
 *              the point 20 m east and 30 m north of the start, else
 *              "street"; no satellites from 100 s to 115 s (a roof);
 *              t = 0 is 2026-05-01 08:00:00 UTC;
 *   ward-round an indoor walk of a care home at 1 m/s in the site frame
 *              TRUTH_WARD_SITE (origin 31.2310 N 121.4745 E, x axis 30
 *              degrees from east): along the ground-floor corridor from
 *              (0, 0) to (40, 0), up the stairs to (40, 10) (floor 1 from
 *              the stairs' middle), back along the first-floor corridor
 *              to (0, 10), down to the start; 100 s a round; altitude 10 m
 *              plus 3.5 m a floor; zone "ward_a" where x < 20, else
 *              "ward_b"; signal throughout; same start time. */
int truth_route(const char *name, size_t epochs, struct truth *tr);

/* The site frame of ward-round (pos/geo.h geo_site). */
#define TRUTH_WARD_LAT 31.2310
#define TRUTH_WARD_LON 121.4745
#define TRUTH_WARD_ROT 30.0

/* The truth at time t: position interpolated linearly between the points
 * around it, floor, zone and signal of the point at or before it. false
 * when t is outside the truth's span. O(log n). */
bool truth_at(const struct truth *tr, double t, struct truth_point *out);

void truth_free(struct truth *tr);

#endif
