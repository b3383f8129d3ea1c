/* SPDX-License-Identifier: MIT */
/*
 * The figures of ISO/IEC 18305:2016 clause 8 for a device's track against
 * the truth, pure (allocates only the evaluation's own arrays):
 *
 * - horizontal error of each valid fix: its distance on the WGS-84
 *   ellipsoid at lab scale (pos/geo.h) from the truth interpolated at the
 *   fix's own time; over the epochs with signal only (an outage is judged
 *   apart): CE50 and CE95 (8.9) are the 50th and 95th percentiles of it by
 *   base/stats.h's definition (Hyndman & Fan type 7), RMS (8.7), mean
 *   (8.4), max;
 * - VE95 (8.10): 95th percentile of |altitude error|, when both give one;
 * - floor detection probability (8.2): share of fixes with a floor that
 *   give the true floor; zone detection probability (8.3): share of valid
 *   fixes in the same geofence zone as the truth (a fence's id, or
 *   "outside"); errors per truth zone (the CSV's zone column);
 * - latency (8.14): arrival - fix time of each fix, mean, 95th
 *   percentile, max;
 * - time to first fix: the first valid fix's time from t = 0 (cold); and
 *   after each outage (a warm start, ephemerides known), the first valid
 *   fix's time from the signal's return: the largest of these;
 * - availability (8.16.2): share of the truth epochs with signal, from the
 *   first fix on, that have a valid fix within epoch_tol of them;
 * - valid fixes during an outage (no satellites): a GNSS fix then cannot
 *   be valid unless estimated (GGA quality 6), so each is a stale claim;
 * - geofence: each true exit of each fence (the crossing time found by
 *   bisection on the interpolated truth), matched to the first exit alarm
 *   for that fence arriving from 10 s before it to alarm_window after;
 *   detection ratio, alarm latency (arrival - crossing), and false exits
 *   (exit alarms matching no true exit).
 * A figure with nothing to compute from is NAN with its count 0.
 */
#ifndef CARECERT_POS_METRICS_H
#define CARECERT_POS_METRICS_H

#include <stddef.h>

#include "pos/geo.h"
#include "pos/track.h"
#include "pos/truth.h"

#define POS_MAX_FENCES 8
#define POS_MAX_ZONES 16
#define POS_MAX_EVENTS 64    /* crossings and false alarms kept (all counted) */
#define POS_EARLY_ALARM 10.0 /* s an alarm may precede the true crossing */

struct pos_eval_opts {
	const struct geo_fence *fences;
	size_t nfences;
	double alarm_window; /* s after a true exit in which its alarm counts */
	double epoch_tol;    /* s: a fix serves a truth epoch this close */
};

struct pos_zone_stats {
	char zone[TRUTH_ZONE_LEN];
	size_t n;
	double ce50, ce95, mean;
};

struct pos_event {
	double t;     /* the true crossing, or the false alarm's arrival */
	double alarm; /* the matched alarm's arrival; NAN when missed */
	char fence[16];
};

struct pos_eval {
	size_t truth_epochs, signal_epochs;
	double ttff;
	size_t n_reacq;	  /* outages that ended within the truth */
	double ttff_warm; /* the slowest reacquisition; NAN: none, or no fix
			     after one */
	size_t avail_epochs, avail_valid;
	double availability; /* % */
	size_t nh;
	double ce50, ce95, rms, mean, max;
	double *herr; /* the nh horizontal errors, ascending (owned) */
	size_t nv;
	double ve95;
	size_t nlat;
	double lat_mean, lat95, lat_max;
	size_t outage_valid;
	size_t nfloor, floor_hits;
	double floor_prob; /* % */
	size_t nzone, zone_hits;
	double zone_prob; /* % */
	struct pos_zone_stats zones[POS_MAX_ZONES];
	size_t nzones;
	size_t exits, detected, false_exits;
	double alarm_lat_mean, alarm_lat_max;
	struct pos_event crossing[POS_MAX_EVENTS], false_alarm[POS_MAX_EVENTS];
	size_t ncrossing, nfalse_kept;
};

/* Evaluate; CC_ENOMEM or CC_EINVAL (no truth). out is released with
 * pos_eval_release() whatever the result. */
int pos_evaluate(const struct truth *tr, const struct pos_track *dev,
		 const struct pos_eval_opts *o, struct pos_eval *out);
void pos_eval_release(struct pos_eval *ev);

#endif
