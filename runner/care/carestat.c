/* SPDX-License-Identifier: MIT */
#include "care/carestat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/stats.h"

#define CMX_MAX_EPOCHS 10000000.0

void cmx_init(struct cmx *c)
{
	memset(c, 0, sizeof(*c));
}

void cmx_add(struct cmx *c, enum care_activity truth, enum care_activity device)
{
	if ((unsigned)truth >= CARE_NACT || (unsigned)device > CARE_NACT)
		return;
	c->m[truth][device]++;
	c->total++;
}

void cmx_figures(const struct cmx *c, struct cmx_figures *f)
{
	size_t trace = 0;
	double pe = 0;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < CARE_NACT; i++)
		for (int j = 0; j < CMX_N; j++) {
			f->row[i] += c->m[i][j];
			f->col[j] += c->m[i][j];
		}
	for (int i = 0; i < CARE_NACT; i++) {
		trace += c->m[i][i];
		f->recall[i] = f->row[i] ? (double)c->m[i][i] / f->row[i] : NAN;
		f->precision[i] =
		    f->col[i] ? (double)c->m[i][i] / f->col[i] : NAN;
		/* the "none" column has no row: it adds nothing to chance */
		pe += (double)f->row[i] * (double)f->col[i];
	}
	if (!c->total) {
		f->accuracy = f->kappa = f->pe = NAN;
		return;
	}
	f->accuracy = (double)trace / c->total;
	f->pe = pe / ((double)c->total * (double)c->total);
	f->kappa = f->pe < 1 ? (f->accuracy - f->pe) / (1 - f->pe) : NAN;
}

enum care_activity care_track_at(const struct care_track *tr, double t)
{
	size_t lo = 0, hi = tr->n;

	if (!tr->n || t < tr->t[0])
		return CARE_NONE;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tr->t[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tr->a[lo];
}

int cmx_from_day(const struct day *day, const struct care_track *tr,
		 double epoch, struct cmx *c)
{
	size_t n;

	cmx_init(c);
	if (!day || !tr || !(epoch > 0) ||
	    !(day->end / epoch <= CMX_MAX_EPOCHS))
		return CC_EINVAL;
	n = (size_t)ceil(day->end / epoch);
	for (size_t k = 0; k < n; k++) {
		double t = (k + 0.5) * epoch;
		const struct day_segment *s = day_at(day, t);

		if (s)
			cmx_add(c, s->act, care_track_at(tr, t));
	}
	return CC_OK;
}

static const char *const ev_names[CARE_EV_COUNT] = {
    [CARE_EV_BED_EXIT] = "bed_exit",
    [CARE_EV_INACTIVITY] = "inactivity",
    [CARE_EV_BATHROOM_LONG] = "bathroom_too_long",
};

const char *care_event_name(enum care_event e)
{
	return (unsigned)e < CARE_EV_COUNT ? ev_names[e] : "?";
}

int care_event_parse(const char *s, enum care_event *out)
{
	for (int i = 0; i < CARE_EV_COUNT; i++)
		if (!strcmp(s, ev_names[i])) {
			*out = (enum care_event)i;
			return CC_OK;
		}
	return CC_EINVAL;
}

int care_true_events(const struct day *day, enum care_event ev,
		     const struct care_event_rules *rules, double **times,
		     size_t *n)
{
	*times = NULL;
	*n = 0;
	if (!day || !rules || (unsigned)ev >= CARE_EV_COUNT ||
	    !(rules->inactivity_after >= 0) || !(rules->bathroom_max >= 0))
		return CC_EINVAL;
	if (!day->n)
		return CC_OK;
	if (!(*times = malloc(day->n * sizeof(**times))))
		return CC_ENOMEM;
	for (size_t i = 0; i < day->n; i++) {
		const struct day_segment *s = &day->v[i];
		double len = s->end - s->start;

		switch (ev) {
		case CARE_EV_BED_EXIT:
			/* left for another activity, not the day's end */
			if (i > 0 && day->v[i - 1].act == CARE_IN_BED &&
			    s->act != CARE_IN_BED)
				(*times)[(*n)++] = s->start;
			break;
		case CARE_EV_INACTIVITY:
			if (s->act == CARE_ON_FLOOR &&
			    len >= rules->inactivity_after)
				(*times)[(*n)++] =
				    s->start + rules->inactivity_after;
			break;
		case CARE_EV_BATHROOM_LONG:
			if (s->act == CARE_IN_BATHROOM &&
			    len >= rules->bathroom_max)
				(*times)[(*n)++] =
				    s->start + rules->bathroom_max;
			break;
		default:
			break;
		}
	}
	if (!*n) {
		free(*times);
		*times = NULL;
	}
	return CC_OK;
}

static bool ordered(const double *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(t[i]) || (i && t[i] < t[i - 1]))
			return false;
	return true;
}

int evmatch_run(const double *truth, size_t nt, const double *device, size_t nd,
		double early, double window, double day_length,
		struct evmatch_result *r)
{
	size_t next = 0; /* true events before it are matched or past */

	memset(r, 0, sizeof(*r));
	r->lat_p50 = r->lat_p95 = r->lat_max = NAN;
	if ((nt && !truth) || (nd && !device) || !ordered(truth, nt) ||
	    !ordered(device, nd) || !(early >= 0) || !(window > 0) ||
	    !(day_length > 0) || !isfinite(window) || !isfinite(early))
		return CC_EINVAL;
	r->n_true = nt;
	r->n_device = nd;
	if (nt && (!(r->match = malloc(nt * sizeof(*r->match))) ||
		   !(r->latency = malloc(nt * sizeof(*r->latency))))) {
		evmatch_release(r);
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < nt; i++)
		r->match[i] = -1;
	for (size_t k = 0; k < nd; k++) {
		double d = device[k];
		size_t i;

		/* true events whose window closed before d can match no later
		 * one */
		while (next < nt &&
		       (r->match[next] >= 0 || truth[next] + window < d))
			next++;
		for (i = next; i < nt && truth[i] - early <= d; i++)
			if (r->match[i] < 0 && d <= truth[i] + window)
				break;
		if (i < nt && truth[i] - early <= d && r->match[i] < 0) {
			r->match[i] = (long)k;
			r->tp++;
		} else {
			r->fp++;
		}
	}
	r->fn = nt - r->tp;
	for (size_t i = 0, j = 0; i < nt; i++)
		if (r->match[i] >= 0)
			r->latency[j++] = device[r->match[i]] - truth[i];
	r->detection_ratio = nt ? (double)r->tp / nt : NAN;
	r->false_per_day = r->fp * 86400.0 / day_length;
	if (r->tp) {
		stats_percentile(r->latency, r->tp, 50, &r->lat_p50);
		stats_percentile(r->latency, r->tp, 95, &r->lat_p95);
		r->lat_max = r->latency[0];
		for (size_t i = 1; i < r->tp; i++)
			if (r->latency[i] > r->lat_max)
				r->lat_max = r->latency[i];
	}
	return CC_OK;
}

void evmatch_release(struct evmatch_result *r)
{
	free(r->latency);
	free(r->match);
	r->latency = NULL;
	r->match = NULL;
}
