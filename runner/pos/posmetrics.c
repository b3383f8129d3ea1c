/* SPDX-License-Identifier: MIT */
#include "pos/posmetrics.h"
#include "base/err.h"
#include "base/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define OUTSIDE "outside"

void pos_eval_release(struct pos_eval *ev)
{
	free(ev->herr);
	memset(ev, 0, sizeof(*ev));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const char *fence_zone(const struct pos_eval_opts *o, double lat,
			      double lon)
{
	for (size_t i = 0; i < o->nfences; i++)
		if (geo_fence_inside(&o->fences[i], lat, lon))
			return o->fences[i].id;
	return OUTSIDE;
}

static double pct(const double *sorted, size_t n, double p)
{
	double v = NAN;

	if (n)
		stats_percentile_sorted(sorted, n, p, &v);
	return v;
}

/* Sorted valid-fix times, for availability by binary search. */
static bool near_time(const double *sorted, size_t n, double t, double tol)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted[mid] < t - tol)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sorted[lo] <= t + tol;
}

static void zone_add(struct pos_eval *ev, double **zerr, size_t *zcap,
		     const char *zone, double err)
{
	size_t i;

	for (i = 0; i < ev->nzones; i++)
		if (!strcmp(ev->zones[i].zone, zone))
			break;
	if (i == ev->nzones) {
		if (i == POS_MAX_ZONES)
			return;
		memcpy(ev->zones[i].zone, zone, strlen(zone) + 1);
		ev->nzones++;
	}
	if (ev->zones[i].n == zcap[i]) {
		size_t nc = zcap[i] ? 2 * zcap[i] : 64;
		double *p = realloc(zerr[i], nc * sizeof(*p));

		if (!p)
			return;
		zerr[i] = p;
		zcap[i] = nc;
	}
	zerr[i][ev->zones[i].n++] = err;
}

static void geofence(const struct truth *tr, const struct pos_track *dev,
		     const struct pos_eval_opts *o, struct pos_eval *ev)
{
	bool *used = calloc(dev->nalarm + 1, sizeof(*used));
	double latsum = 0;

	ev->alarm_lat_mean = ev->alarm_lat_max = NAN;
	if (!used)
		return;
	for (size_t f = 0; f < o->nfences; f++) {
		const struct geo_fence *fc = &o->fences[f];
		bool in =
		    tr->n && geo_fence_inside(fc, tr->p[0].lat, tr->p[0].lon);

		for (size_t i = 1; i < tr->n; i++) {
			bool now =
			    geo_fence_inside(fc, tr->p[i].lat, tr->p[i].lon);
			double a = tr->p[i - 1].t, b = tr->p[i].t, c = b,
			       best = INFINITY;
			size_t hit = dev->nalarm;

			if (!(in && !now)) {
				in = now;
				continue;
			}
			in = now;
			for (int k = 0; k < 30;
			     k++) { /* inside at a, outside at b */
				struct truth_point m;

				c = (a + b) / 2;
				truth_at(tr, c, &m);
				if (geo_fence_inside(fc, m.lat, m.lon))
					a = c;
				else
					b = c;
			}
			c = b;
			ev->exits++;
			for (size_t k = 0; k < dev->nalarm; k++) {
				const struct pos_alarm *al = &dev->alarm[k];

				if (used[k] || !al->exit ||
				    strcmp(al->fence, fc->id) ||
				    al->arrival < c - POS_EARLY_ALARM ||
				    al->arrival > c + o->alarm_window)
					continue;
				if (al->arrival < best) {
					best = al->arrival;
					hit = k;
				}
			}
			if (ev->ncrossing < POS_MAX_EVENTS) {
				struct pos_event *e =
				    &ev->crossing[ev->ncrossing++];

				e->t = c;
				e->alarm = hit < dev->nalarm ? best : NAN;
				memcpy(e->fence, fc->id, sizeof(e->fence));
			}
			if (hit == dev->nalarm)
				continue;
			used[hit] = true;
			ev->detected++;
			latsum += best - c;
			if (!(best - c <= ev->alarm_lat_max))
				ev->alarm_lat_max = best - c;
		}
	}
	if (ev->detected)
		ev->alarm_lat_mean = latsum / (double)ev->detected;
	for (size_t k = 0; k < dev->nalarm; k++) {
		if (used[k] || !dev->alarm[k].exit)
			continue;
		ev->false_exits++;
		if (ev->nfalse_kept < POS_MAX_EVENTS) {
			struct pos_event *e =
			    &ev->false_alarm[ev->nfalse_kept++];

			e->t = dev->alarm[k].arrival;
			e->alarm = dev->alarm[k].arrival;
			memcpy(e->fence, dev->alarm[k].fence, sizeof(e->fence));
		}
	}
	free(used);
}

int pos_evaluate(const struct truth *tr, const struct pos_track *dev,
		 const struct pos_eval_opts *o, struct pos_eval *ev)
{
	size_t n = dev->nfix, nvt = 0;
	double *verr = NULL, *lat = NULL, *vt = NULL, sum = 0, sq = 0, lsum = 0;
	double *zerr[POS_MAX_ZONES] = {0};
	size_t zcap[POS_MAX_ZONES] = {0};
	int rc = CC_OK;

	memset(ev, 0, sizeof(*ev));
	ev->ttff = ev->ttff_warm = ev->availability = ev->ce50 = ev->ce95 =
	    ev->rms = ev->mean = ev->max = ev->ve95 = ev->lat_mean = ev->lat95 =
		ev->lat_max = ev->floor_prob = ev->zone_prob =
		    ev->alarm_lat_mean = ev->alarm_lat_max = NAN;
	if (!tr->n)
		return CC_EINVAL;
	ev->herr = malloc((n + 1) * sizeof(double));
	verr = malloc((n + 1) * sizeof(double));
	lat = malloc((n + 1) * sizeof(double));
	vt = malloc((n + 1) * sizeof(double));
	if (!ev->herr || !verr || !lat || !vt) {
		rc = CC_ENOMEM;
		goto out;
	}
	ev->truth_epochs = tr->n;
	for (size_t i = 0; i < n; i++) {
		const struct pos_fix *f = &dev->fix[i];
		struct truth_point tp;
		double err;

		if (!truth_at(tr, f->t, &tp))
			continue;
		if (isfinite(
			f->arrival)) /* a platform's history says no arrival */
			lat[ev->nlat++] = f->arrival - f->t;
		if (!f->valid || !f->has_pos)
			continue;
		if (!(f->t >= ev->ttff))
			ev->ttff = f->t < 0 ? 0 : f->t;
		vt[nvt++] = f->t;
		if (!tp.signal) {
			if (f->quality != 6)
				ev->outage_valid++;
			continue;
		}
		err = geo_distance(tp.lat, tp.lon, f->lat, f->lon);
		ev->herr[ev->nh++] = err;
		sum += err;
		sq += err * err;
		if (tr->has_zone)
			zone_add(ev, zerr, zcap, tp.zone, err);
		if (f->has_alt && tr->has_alt)
			verr[ev->nv++] = fabs(f->alt - tp.alt);
		if (f->has_floor && tr->has_floor) {
			ev->nfloor++;
			ev->floor_hits += f->floor == tp.floor;
		}
		if (o->nfences) {
			ev->nzone++;
			ev->zone_hits += !strcmp(fence_zone(o, f->lat, f->lon),
						 fence_zone(o, tp.lat, tp.lon));
		}
	}
	qsort(ev->herr, ev->nh, sizeof(double), cmp_double);
	qsort(verr, ev->nv, sizeof(double), cmp_double);
	qsort(vt, nvt, sizeof(double), cmp_double);
	if (ev->nh) {
		ev->ce50 = pct(ev->herr, ev->nh, 50);
		ev->ce95 = pct(ev->herr, ev->nh, 95);
		ev->mean = sum / (double)ev->nh;
		ev->rms = sqrt(sq / (double)ev->nh);
		ev->max = ev->herr[ev->nh - 1];
	}
	ev->ve95 = pct(verr, ev->nv, 95);
	for (size_t i = 0; i < ev->nlat; i++) {
		lsum += lat[i];
		if (!(lat[i] <= ev->lat_max))
			ev->lat_max = lat[i];
	}
	if (ev->nlat) {
		ev->lat_mean = lsum / (double)ev->nlat;
		qsort(lat, ev->nlat, sizeof(double), cmp_double);
		ev->lat95 = pct(lat, ev->nlat, 95);
	}
	for (size_t i = 0; i < tr->n; i++) {
		if (!tr->p[i].signal)
			continue;
		ev->signal_epochs++;
		if (!(tr->p[i].t >= ev->ttff - o->epoch_tol))
			continue;
		ev->avail_epochs++;
		ev->avail_valid += near_time(vt, nvt, tr->p[i].t, o->epoch_tol);
	}
	/* warm starts: the first valid fix after each outage's end */
	for (size_t i = 1; i < tr->n; i++) {
		size_t lo = 0, hi = nvt;

		if (!(tr->p[i].signal && !tr->p[i - 1].signal))
			continue;
		ev->n_reacq++;
		while (lo <
		       hi) { /* the first valid fix at or after the return */
			size_t mid = lo + (hi - lo) / 2;

			if (vt[mid] < tr->p[i].t - o->epoch_tol)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nvt) {
			ev->ttff_warm = NAN;
			break; /* never again: the figure cannot pass */
		}
		if (ev->n_reacq == 1 || vt[lo] - tr->p[i].t > ev->ttff_warm)
			ev->ttff_warm = fmax(0, vt[lo] - tr->p[i].t);
	}
	if (ev->avail_epochs)
		ev->availability =
		    100.0 * (double)ev->avail_valid / (double)ev->avail_epochs;
	if (ev->nfloor)
		ev->floor_prob =
		    100.0 * (double)ev->floor_hits / (double)ev->nfloor;
	if (ev->nzone)
		ev->zone_prob =
		    100.0 * (double)ev->zone_hits / (double)ev->nzone;
	for (size_t z = 0; z < ev->nzones; z++) {
		struct pos_zone_stats *zs = &ev->zones[z];
		double s = 0;

		qsort(zerr[z], zs->n, sizeof(double), cmp_double);
		for (size_t k = 0; k < zs->n; k++)
			s += zerr[z][k];
		zs->ce50 = pct(zerr[z], zs->n, 50);
		zs->ce95 = pct(zerr[z], zs->n, 95);
		zs->mean = zs->n ? s / (double)zs->n : NAN;
	}
	geofence(tr, dev, o, ev);
out:
	for (size_t z = 0; z < POS_MAX_ZONES; z++)
		free(zerr[z]);
	free(verr);
	free(lat);
	free(vt);
	return rc;
}
