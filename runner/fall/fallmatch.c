/* SPDX-License-Identifier: MIT */
#include "fall/fallmatch.h"
#include "base/err.h"
#include "base/stats.h"
#include "base/strmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void fallmatch_opts_default(struct fallmatch_opts *o)
{
	o->window = 30;
	o->pre = 0.5;
	o->z = 1.96;
}

void fallmatch_release(struct fallmatch_result *r)
{
	if (!r)
		return;
	free(r->trials);
	free(r->groups);
	free(r->latencies);
	r->trials = NULL;
	r->groups = NULL;
	r->latencies = NULL;
}

static int cmp_raised(const void *x, const void *y)
{
	const struct fall_alarm *a = *(const struct fall_alarm *const *)x,
				*b = *(const struct fall_alarm *const *)y;

	return (a->raised > b->raised) - (a->raised < b->raised);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* The trial owning time x: the last with start <= x, or nt (before all). */
static size_t owner(const struct fall_truth *t, size_t nt, double x)
{
	size_t lo = 0, hi = nt;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (t[m].start <= x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo ? lo - 1 : nt;
}

static void one_alarm(const struct fallmatch_opts *o,
		      const struct fall_truth *t, size_t nt,
		      const struct fall_alarm *a, struct fallmatch_result *r)
{
	size_t i = owner(t, nt, a->raised);
	struct fallmatch_trial *x;

	if (i == nt) { /* before the first trial */
		if (a->kind == FALL_ALARM_FALL)
			r->false_alarms++;
		else
			r->longlie_false++;
		return;
	}
	x = &r->trials[i];
	if (a->kind == FALL_ALARM_LONGLIE) {
		if (t[i].fall && a->raised >= t[i].impact) {
			if (isnan(x->longlie))
				x->longlie = a->raised - t[i].impact;
		} else
			r->longlie_false++;
		return;
	}
	if (t[i].fall && a->raised >= t[i].impact - o->pre &&
	    a->raised <= t[i].impact + o->window) {
		if (x->alarmed) {
			x->duplicates++;
			r->duplicates++;
			return;
		}
		x->alarmed = true;
		x->latency = a->raised - t[i].impact;
		x->event_err =
		    isfinite(a->event_time) ? a->event_time - t[i].impact : NAN;
		return;
	}
	x->false_alarms++;
	r->false_alarms++;
	if (!t[i].fall)
		x->alarmed = true;
}

static int tally_groups(const struct fall_truth *t, size_t nt,
			const struct fallmatch_opts *o,
			struct fallmatch_result *r)
{
	struct strmap m;
	int rc = CC_OK;

	strmap_init(&m);
	r->groups = calloc(nt ? nt : 1, sizeof(*r->groups));
	if (!r->groups)
		return CC_ENOMEM;
	for (size_t i = 0; i < nt && !rc; i++) {
		const char *key = t[i].group ? t[i].group : "";
		struct fallmatch_group *g = strmap_get(&m, key);

		if (!g) {
			g = &r->groups[r->ngroups++];
			g->group = key;
			g->fall = t[i].fall;
			rc = strmap_put(&m, key, g, NULL);
		}
		g->n++;
		g->alarmed += r->trials[i].alarmed;
	}
	for (size_t k = 0; k < r->ngroups; k++)
		stats_wilson(r->groups[k].alarmed, r->groups[k].n, o->z,
			     &r->groups[k].lo, &r->groups[k].hi);
	strmap_release(&m);
	return rc;
}

int fallmatch_run(const struct fallmatch_opts *o, const struct fall_truth *t,
		  size_t nt, const struct fall_alarm *a, size_t na,
		  struct fallmatch_result *r)
{
	const struct fall_alarm **sorted = NULL;
	double adl_s = 0, emax = -1;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!(o->window >= 0 && o->pre >= 0 && o->z > 0 &&
	      isfinite(o->window) && isfinite(o->pre) && isfinite(o->z)))
		return CC_EINVAL;
	for (size_t i = 0; i < nt; i++)
		if (!isfinite(t[i].start) || !isfinite(t[i].end) ||
		    t[i].end < t[i].start ||
		    (i && t[i].start < t[i - 1].start) ||
		    (t[i].fall && !isfinite(t[i].impact)))
			return CC_EINVAL;
	for (size_t k = 0; k < na; k++)
		if (!isfinite(a[k].raised))
			return CC_EINVAL;
	r->trials = calloc(nt ? nt : 1, sizeof(*r->trials));
	r->latencies = calloc(nt ? nt : 1, sizeof(*r->latencies));
	sorted = calloc(na ? na : 1, sizeof(*sorted));
	if (!r->trials || !r->latencies || !sorted) {
		rc = CC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nt; i++) {
		r->trials[i].latency = NAN;
		r->trials[i].event_err = NAN;
		r->trials[i].longlie = NAN;
	}
	/* in time order, so the first alarm in a window is the detection */
	for (size_t k = 0; k < na; k++)
		sorted[k] = &a[k];
	qsort(sorted, na, sizeof(*sorted), cmp_raised);
	for (size_t k = 0; k < na; k++)
		one_alarm(o, t, nt, sorted[k], r);

	for (size_t i = 0; i < nt; i++) {
		const struct fallmatch_trial *x = &r->trials[i];

		if (t[i].fall) {
			if (x->alarmed) {
				r->tp++;
				r->latencies[r->n_latency++] = x->latency;
				if (fabs(x->event_err) > emax)
					emax = fabs(x->event_err);
			} else
				r->fn++;
		} else {
			adl_s += t[i].end - t[i].start;
			if (x->alarmed)
				r->fp++;
			else
				r->tn++;
		}
	}
	r->se = r->se_lo = r->se_hi = NAN;
	r->sp = r->sp_lo = r->sp_hi = NAN;
	if (r->tp + r->fn) {
		r->se = (double)r->tp / (double)(r->tp + r->fn);
		stats_wilson(r->tp, r->tp + r->fn, o->z, &r->se_lo, &r->se_hi);
	}
	if (r->tn + r->fp) {
		r->sp = (double)r->tn / (double)(r->tn + r->fp);
		stats_wilson(r->tn, r->tn + r->fp, o->z, &r->sp_lo, &r->sp_hi);
	}
	qsort(r->latencies, r->n_latency, sizeof(double), cmp_double);
	r->lat_p50 = r->lat_p90 = r->lat_p95 = r->lat_max = NAN;
	if (r->n_latency) {
		stats_percentile_sorted(r->latencies, r->n_latency, 50,
					&r->lat_p50);
		stats_percentile_sorted(r->latencies, r->n_latency, 90,
					&r->lat_p90);
		stats_percentile_sorted(r->latencies, r->n_latency, 95,
					&r->lat_p95);
		r->lat_max = r->latencies[r->n_latency - 1];
	}
	r->event_err_max = emax >= 0 ? emax : NAN;
	r->adl_hours = adl_s / 3600;
	r->false_per_hour =
	    adl_s > 0 ? (double)r->false_alarms / r->adl_hours : NAN;
	rc = tally_groups(t, nt, o, r);
out:
	free(sorted);
	if (rc)
		fallmatch_release(r);
	return rc;
}
