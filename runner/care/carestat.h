/* SPDX-License-Identifier: MIT */
/*
 * The figures of behaviour monitoring (docs/behaviour-monitoring.md):
 *
 *  - activity recognition against ground truth: a confusion matrix over
 *    the classes (rows: truth, columns: what the device said, its last
 *    column CARE_NONE: it said nothing), per-class recall and precision,
 *    overall accuracy and Cohen's kappa (agreement beyond chance:
 *    (po - pe) / (1 - pe), po the observed agreement, pe the agreement
 *    the row and column totals give by chance);
 *  - event detectors (bed exit, inactivity, bathroom too long): each
 *    device event matched to a true event within a window, per-event
 *    detection ratio, false events per day, latency from the true event.
 *
 * Pure functions, no I/O; results own no memory unless they say so.
 * Undefined figures (a recall of a class that never happened) are NaN.
 * Errors: CC_EINVAL (bad arguments: NULL, non-finite or unordered times,
 * a window that is not positive), CC_ENOMEM.
 */
#ifndef CARECERT_CARE_CARESTAT_H
#define CARECERT_CARE_CARESTAT_H

#include <stddef.h>

#include "care/day.h"

#define CMX_N (CARE_NACT + 1) /* columns: the classes and "none" */

struct cmx {
	size_t m[CARE_NACT][CMX_N]; /* [truth][device] epochs */
	size_t total;
};

struct cmx_figures {
	double recall[CARE_NACT];    /* m[i][i] / row i; NaN for an empty row */
	double precision[CARE_NACT]; /* m[i][i] / column i; NaN for an empty
					column */
	size_t row[CARE_NACT], col[CMX_N];
	double accuracy; /* trace / total */
	double kappa;	 /* NaN when pe is 1 or total is 0 */
	double pe;	 /* chance agreement */
};

void cmx_init(struct cmx *c);
void cmx_add(struct cmx *c, enum care_activity truth,
	     enum care_activity device);
void cmx_figures(const struct cmx *c, struct cmx_figures *f);

/* The device's classification as state changes: from t[i] on it said
 * a[i] (t non-decreasing). The label at t: the last change at or before t;
 * CARE_NONE before the first. */
struct care_track {
	const double *t;
	const enum care_activity *a;
	size_t n;
};
enum care_activity care_track_at(const struct care_track *tr, double t);

/* Sample truth and device every `epoch` seconds (at the epoch's middle)
 * over the day into c (initialised here); epochs the day does not cover
 * are skipped. CC_EINVAL for an epoch not above 0 or more than 10^7
 * epochs. */
int cmx_from_day(const struct day *day, const struct care_track *tr,
		 double epoch, struct cmx *c);

/* The behaviour events a scripted day holds. */
enum care_event {
	CARE_EV_BED_EXIT,      /* in_bed is left: at the change */
	CARE_EV_INACTIVITY,    /* on the floor for inactivity_after: then */
	CARE_EV_BATHROOM_LONG, /* in the bathroom for bathroom_max: then */
	CARE_EV_COUNT
};
/* "bed_exit", "inactivity", "bathroom_too_long". */
const char *care_event_name(enum care_event e);
int care_event_parse(const char *s, enum care_event *out);

struct care_event_rules {
	double inactivity_after; /* s on the floor before the event is due */
	double bathroom_max;	 /* s in the bathroom before it is due */
};

/* The times (ascending) at which each event of kind ev is due in the day:
 * *times malloc'd (NULL when *n is 0), the caller frees. */
int care_true_events(const struct day *day, enum care_event ev,
		     const struct care_event_rules *rules, double **times,
		     size_t *n);

/* Matching: each device event, in time order, goes to the earliest
 * unmatched true event with true - early <= device <= true + window;
 * a device event that matches none is a false event (a second alarm of
 * one true event is too). */
struct evmatch_result {
	size_t n_true, n_device;
	size_t tp, fn, fp;
	double detection_ratio; /* tp / n_true; NaN when n_true is 0 */
	double false_per_day;	/* fp per 86400 s of the day's length */
	double *latency; /* tp values, device - true, in true-event order;
			  * malloc'd, evmatch_release */
	double lat_p50, lat_p95, lat_max; /* NaN when tp is 0 */
	long *match; /* per true event: the device event's index, or -1;
		      * malloc'd (NULL when n_true is 0) */
};

int evmatch_run(const double *truth, size_t nt, const double *device, size_t nd,
		double early, double window, double day_length,
		struct evmatch_result *r);
void evmatch_release(struct evmatch_result *r);

#endif
