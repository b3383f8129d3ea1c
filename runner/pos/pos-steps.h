/* SPDX-License-Identifier: MIT */
/*
 * The positioning family's steps (step_family_pos; suite-pos.c loads
 * them, exec-pos.c runs them; docs/positioning.md):
 *
 *   nmea_track: gather a tracker's NMEA 0183 output while a scenario
 *     plays (the GNSS simulator was told to play it just before), with
 *     the scenario's truth (a bench route, or a CSV file), its geofences
 *     and time scale; kept for the run under its name;
 *   tag_track: a track from case lists of an indoor platform's fixes
 *     (times in Unix ms, x and y in its site frame, floors), with the
 *     scenario's truth; kept like nmea_track's;
 *   pos_judge: one figure of a gathered track (pos/posmetrics.h) against
 *     its limit; too few epochs behind it is inconclusive;
 *   geofence_times: the ground truth of a scenario for the emergency-alarm
 *     path (a tracker or pendant delivering its exit alarm to a care
 *     platform through its gateway): each true exit of each fence
 *     (posmetrics' crossing, found by bisection on the truth) appended to
 *     a case list as Unix ms on carecert's clock (this step's start, right
 *     after the simulator's play, + the crossing / rate).
 */
#ifndef CARECERT_POS_STEPS_H
#define CARECERT_POS_STEPS_H

#include "base/units.h"
#include "core/exec.h"
#include "pos/posmetrics.h"

#define POS_MAX_TRACKS 8 /* tracks a run keeps */

enum pos_figure {
	POS_FIG_NMEA,
	POS_FIG_CE50,
	POS_FIG_CE95,
	POS_FIG_RMS,
	POS_FIG_MEAN,
	POS_FIG_VE95,
	POS_FIG_AVAIL,
	POS_FIG_TTFF,
	POS_FIG_TTFF_WARM,
	POS_FIG_LATENCY,
	POS_FIG_OUTAGE,
	POS_FIG_FLOOR,
	POS_FIG_ZONE,
	POS_FIG_GF_DETECT,
	POS_FIG_GF_LATENCY,
	POS_FIG_GF_FALSE,
	POS_FIG_COUNT
};

/* A figure: its name in suites, the unit its limit and value are in, and
 * whether the limit is a maximum (else a minimum). */
struct pos_figure_desc {
	const char *name;
	const char *unit;
	bool is_max;
	const char *clause; /* ISO/IEC 18305:2016, or the NMEA standard */
};
extern const struct pos_figure_desc pos_figures[POS_FIG_COUNT];

/* Numeric parameters of nmea_track with their units. */
extern const struct unit_param nmea_track_params[];

/* What the loader keeps (st->pos, owned by the step). Numbers that may be
 * ${...} stay text, expanded at run time. */
struct pos_step {
	/* nmea_track */
	char *route; /* a bench route (pos/truth.h), or NULL */
	char *csv;   /* a truth file, resolved, or NULL */
	char *start; /* csv: UTC of t = 0, YYYY-MM-DDTHH:MM:SSZ */
	char *fence[POS_MAX_FENCES][4]; /* id, lat, lon, radius */
	size_t nfences;
	/* tag_track: the case lists ts, x, y, floor (floor may be NULL), and
	 * the site frame's origin lat, lon and rotation */
	char *list[4];
	char *site[3];
	bool wgs84; /* list 1 and 2 are lat and lon (degrees); no site */
	/* pos_judge */
	enum pos_figure figure;
	char *limit;	  /* max or min */
	char *min_epochs; /* may be NULL */
	/* geofence_times: the case list the exits go to */
	char *out_list;
};

enum verdict exec_nmea_track_step(struct exec *e, const struct step *st);
enum verdict exec_pos_judge_step(struct exec *e, const struct step *st);
enum verdict exec_tag_track_step(struct exec *e, const struct step *st);
enum verdict exec_geofence_times_step(struct exec *e, const struct step *st);
/* Free the run's tracks (step_family_pos's run_end). */
void exec_pos_run_end(void *state);

#endif
