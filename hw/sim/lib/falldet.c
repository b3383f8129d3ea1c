/* SPDX-License-Identifier: MIT */
#include "lib/falldet.h"
#include "base/err.h"
#include "fall/falltrial.h"

#include <math.h>
#include <string.h>

enum { IDLE, PEAK, POSTURE, LYING };

#define PEAK_S 0.2   /* s after the first crossing to find the peak */
#define SETTLE_S 1.0 /* s after the impact before the posture counts */
#define HOUR 3600.0

void falldet_cfg_default(struct falldet_cfg *c, double fs)
{
	memset(c, 0, sizeof(*c));
	c->fs = fs;
	c->ff_g = 0.6;
	c->ff_min_s = 0.08;
	c->ff_to_impact_s = 1.0;
	c->impact_g = 2.5;
	c->angle_deg = 60;
	c->still_g = 0.15;
	c->still_s = 1.5;
	c->long_lie_s = 30;
	c->slow_s = 10;
}

int falldet_init(struct falldet *d, const struct falldet_cfg *c)
{
	if (!(c->fs > 0))
		return CC_EINVAL;
	memset(d, 0, sizeof(*d));
	d->c = *c;
	d->lp[2] = 1;
	d->ff_end = UINT64_MAX;
	return CC_OK;
}

static double angle(const double a[3], const double b[3])
{
	double na = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
	double nb = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
	double c = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb);

	if (!(na > 0 && nb > 0))
		return 0;
	return acos(c > 1 ? 1 : c < -1 ? -1 : c) * 180 / M_PI;
}

static void queue(struct falldet *d, double at, double event,
		  enum falldet_kind k)
{
	if (d->npend < FALLDET_PENDING)
		d->pend[d->npend++] = (struct falldet_event){
		    .raised = at, .event_time = event, .kind = k};
}

/* The posture after the impact is known: a fall or not. */
static void judge(struct falldet *d, double t)
{
	const struct falldet_cfg *c = &d->c;
	double post[3], lim = c->faults & FALLDET_CHAIR ? 10 : c->angle_deg;
	double ev = d->t_imp + (c->faults & FALLDET_WRONG_TIME ? HOUR : 0);
	double at = t + (c->faults & FALLDET_SLOW ? c->slow_s : 0);

	for (int k = 0; k < 3; k++)
		post[k] = d->post[k] / (double)d->npost;
	d->state = IDLE;
	if (!d->still || angle(d->pre, post) <= lim)
		return;
	/* on the back (+x up) or a side (y up) */
	if ((c->faults & FALLDET_MISS_BACK_LATERAL) &&
	    (post[0] > 0.5 || fabs(post[1]) > 0.5))
		return;
	queue(d, at, ev, FALLDET_FALL);
	if (c->faults & FALLDET_DUPLICATE)
		queue(d, at + 1, ev, FALLDET_FALL);
	d->state = LYING;
}

size_t falldet_push(struct falldet *d, const int16_t acc[3],
		    struct falldet_event *out, size_t max)
{
	const struct falldet_cfg *c = &d->c;
	double a[3], m, t = (double)d->i / c->fs, w = 1 / (c->fs * 1.0 + 1);
	size_t n = 0;

	for (int k = 0; k < 3; k++)
		a[k] = acc[k] / FALL_ACC_LSB_PER_G;
	m = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);

	/* the free fall: a run below ff_g; the posture where it began */
	if (m < c->ff_g) {
		if (d->ff_run++ == 0)
			memcpy(d->ff_ref, d->lp, sizeof(d->lp));
		if ((double)d->ff_run >= c->ff_min_s * c->fs) {
			d->ff_ok = true;
			d->ff_end = d->i;
		}
	} else
		d->ff_run = 0;

	switch (d->state) {
	case IDLE:
	case LYING:
		if (m > c->impact_g && d->ff_ok &&
		    (double)(d->i - d->ff_end) <= c->ff_to_impact_s * c->fs) {
			d->state = PEAK;
			d->t_imp = t;
			d->peak = m;
			memcpy(d->pre, d->ff_ref, sizeof(d->pre));
			d->ff_ok = false;
			break;
		}
		if (d->state == LYING) {
			if (fabs(m - 1) > c->still_g)
				d->state = IDLE; /* got up: no long lie */
			else if (t - d->t_imp >= c->long_lie_s) {
				if (!(c->faults & FALLDET_NO_LONGLIE))
					queue(d, t, d->t_imp, FALLDET_LONGLIE);
				d->state = IDLE;
			}
		}
		break;
	case PEAK:
		if (m > d->peak) {
			d->peak = m;
			d->t_imp = t;
		}
		if (t - d->t_imp >= PEAK_S) {
			d->state = POSTURE;
			d->npost = 0;
			d->still = true;
			memset(d->post, 0, sizeof(d->post));
		}
		break;
	case POSTURE:
		if (t - d->t_imp >= SETTLE_S) {
			for (int k = 0; k < 3; k++)
				d->post[k] += a[k];
			d->npost++;
			if (fabs(m - 1) > c->still_g)
				d->still = false;
			if (t - d->t_imp >= SETTLE_S + c->still_s)
				judge(d, t);
		}
		break;
	}
	/* the low-pass after the free-fall check: a falling body's own
	 * samples do not move its reference before it is taken */
	for (int k = 0; k < 3; k++)
		d->lp[k] += w * (a[k] - d->lp[k]);
	if (d->ff_ok && (double)(d->i - d->ff_end) > c->ff_to_impact_s * c->fs)
		d->ff_ok = false;
	d->i++;

	/* raise what is due, in order */
	while (d->npend && d->pend[0].raised <= t + 0.5 / c->fs && n < max) {
		out[n++] = d->pend[0];
		memmove(d->pend, d->pend + 1, --d->npend * sizeof(d->pend[0]));
	}
	return n;
}
