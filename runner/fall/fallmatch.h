/* SPDX-License-Identifier: MIT */
/*
 * A detector's alarms judged against the trials it was shown
 * (docs/fall-detection.md; the method of Casilari et al., Sensors 2017):
 *
 * - The replay lays the trials on one timeline (device seconds: a
 *   time-compressed replay is converted back before matching). Trial i
 *   owns [start_i, start_{i+1}) (the last one to +infinity); an alarm
 *   belongs to the trial that owns the time it was raised.
 * - A fall is DETECTED when a fall alarm is raised in its detection window
 *   [impact - pre, impact + window] within its own span; the first such
 *   alarm is the detection (latency = raised - impact; event-time error =
 *   the time the device says the fall happened - impact), later ones in
 *   the window are DUPLICATES. A fall alarm outside every window is a
 *   FALSE ALARM; an ADL trial with at least one is a false positive.
 * - Se = TP / (TP + FN) over fall trials, Sp = TN / (TN + FP) over ADL
 *   trials, each with its Wilson interval (base/stats.h); false alarms
 *   per hour = false alarms / the ADL trials' total duration.
 * - Long-lie: the first long-lie alarm after a fall's impact in its span;
 *   its delay from the impact. Long-lie alarms in ADL trials are counted
 *   apart.
 * - Latency percentiles are base/stats.h's (Hyndman & Fan type 7).
 *
 * O((trials + alarms) log) time; no I/O.
 */
#ifndef CARECERT_FALLMATCH_H
#define CARECERT_FALLMATCH_H

#include <stdbool.h>
#include <stddef.h>

enum fall_alarm_kind {
	FALL_ALARM_FALL,
	FALL_ALARM_LONGLIE,
};

struct fall_alarm {
	double raised;	   /* s on the replay's timeline */
	double event_time; /* s: when the device says the fall was; NAN: none */
	enum fall_alarm_kind kind;
};

/* One trial on the timeline. group names its row in the per-type table
 * (a type code; borrowed, alive while the result is used). */
struct fall_truth {
	double start, end; /* s; end: where its samples end */
	double impact;	   /* s, falls only */
	bool fall;
	const char *group;
};

struct fallmatch_opts {
	double window; /* s after the impact, default 30 */
	double pre;    /* s before it still counted, default 0.5 */
	double z;      /* 1.96 */
};

void fallmatch_opts_default(struct fallmatch_opts *o);

struct fallmatch_trial {
	bool alarmed;	  /* falls: detected; ADLs: at least one alarm */
	double latency;	  /* s, NAN when not detected */
	double event_err; /* s, NAN when not detected or no event time */
	double longlie;	  /* s from the impact, NAN when none */
	unsigned duplicates, false_alarms;
};

struct fallmatch_group {
	const char *group;
	bool fall;
	size_t n, alarmed;
	double lo, hi; /* Wilson interval of alarmed / n */
};

struct fallmatch_result {
	size_t tp, fn, tn, fp;
	size_t false_alarms, duplicates, longlie_false;
	size_t n_latency;			   /* detections */
	double se, se_lo, se_hi;		   /* NAN when no falls */
	double sp, sp_lo, sp_hi;		   /* NAN when no ADLs */
	double lat_p50, lat_p90, lat_p95, lat_max; /* NAN when no detection */
	double event_err_max;		/* largest |event_err|, NAN when none */
	double adl_hours;		/* summed ADL trial durations */
	double false_per_hour;		/* NAN when adl_hours == 0 */
	struct fallmatch_trial *trials; /* one per truth, in order */
	struct fallmatch_group *groups; /* first-seen order */
	size_t ngroups;
	double *latencies; /* n_latency, ascending */
};

/* Match alarms (any order) to trials (start ascending, end >= start).
 * CC_OK with *r filled (fallmatch_release frees it); CC_EINVAL when the
 * trials are out of order or a time is not finite (an alarm's event_time
 * may be NAN), or an option is out of range (window, pre >= 0; z > 0);
 * CC_ENOMEM. */
int fallmatch_run(const struct fallmatch_opts *o, const struct fall_truth *t,
		  size_t nt, const struct fall_alarm *a, size_t na,
		  struct fallmatch_result *r);

void fallmatch_release(struct fallmatch_result *r);

#endif
