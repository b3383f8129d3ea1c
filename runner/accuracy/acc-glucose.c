/* SPDX-License-Identifier: MIT */
#include "accuracy/acc-glucose.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct vertex {
	double x, y; /* reference, device in mg/dL */
};

/*
 * Consensus (Parkes) error grid, type 1 diabetes: zone boundaries as listed
 * in accuracy.md (ISO 15197:2013 names the grid; the vertices agree with
 * the R package ega and Python methcomp). Upper lines are y = f(x) with x
 * increasing; lower lines are x = g(y) with y increasing, which also
 * covers their vertical first segments.
 */
static const struct vertex b_upper[] = {
	{ 0, 50 }, { 30, 50 }, { 140, 170 }, { 280, 380 }, { 430, 550 },
};
static const struct vertex b_lower[] = {
	{ 50, 0 }, { 50, 30 }, { 170, 145 }, { 385, 300 }, { 550, 450 },
};
static const struct vertex c_upper[] = {
	{ 0, 60 }, { 30, 60 }, { 50, 80 }, { 70, 110 }, { 260, 550 },
};
static const struct vertex c_lower[] = {
	{ 120, 0 }, { 120, 30 }, { 260, 130 }, { 550, 250 },
};
static const struct vertex d_upper[] = {
	{ 0, 100 }, { 25, 100 }, { 50, 125 }, { 80, 215 }, { 125, 550 },
};
static const struct vertex d_lower[] = {
	{ 250, 0 }, { 250, 40 }, { 550, 150 },
};
static const struct vertex e_upper[] = {
	{ 0, 150 }, { 35, 155 }, { 50, 550 },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct line {
	const struct vertex *v;
	size_t n; /* 0: no such line */
};

/* Zones E, D, C and B, most severe first, with the lines that bound each
 * from the less severe side. The type 1 grid has no lower E line. */
static const struct {
	enum acc_glucose_zone zone;
	struct line upper, lower;
} type1[] = {
	{ ACC_GLUCOSE_ZONE_E, { e_upper, ARRAY_SIZE(e_upper) }, { NULL, 0 } },
	{ ACC_GLUCOSE_ZONE_D, { d_upper, ARRAY_SIZE(d_upper) },
	  { d_lower, ARRAY_SIZE(d_lower) } },
	{ ACC_GLUCOSE_ZONE_C, { c_upper, ARRAY_SIZE(c_upper) },
	  { c_lower, ARRAY_SIZE(c_lower) } },
	{ ACC_GLUCOSE_ZONE_B, { b_upper, ARRAY_SIZE(b_upper) },
	  { b_lower, ARRAY_SIZE(b_lower) } },
};

/*
 * How far (u, w) lies beyond the polyline w = f(u), measured along w; the
 * polyline's u increases strictly and its end segments extend straight.
 * Cross-multiplied before the one division, so integer readings on a
 * line give exactly 0.
 */
static double beyond(const struct line *l, int swap, double u, double w)
{
	size_t i = 0;
	double u0, w0, u1, w1;

	while (i + 2 < l->n && u > (swap ? l->v[i + 1].y : l->v[i + 1].x))
		i++;
	u0 = swap ? l->v[i].y : l->v[i].x;
	w0 = swap ? l->v[i].x : l->v[i].y;
	u1 = swap ? l->v[i + 1].y : l->v[i + 1].x;
	w1 = swap ? l->v[i + 1].x : l->v[i + 1].y;
	return ((w - w0) * (u1 - u0) - (w1 - w0) * (u - u0)) / (u1 - u0);
}

enum acc_glucose_zone acc_glucose_parkes_zone(double reference, double device)
{
	for (size_t i = 0; i < ARRAY_SIZE(type1); i++) {
		/* above an upper line: y beyond f(x) */
		if (beyond(&type1[i].upper, 0, reference, device) > ACC_EPS)
			return type1[i].zone;
		/* right of a lower line: x beyond g(y) */
		if (type1[i].lower.n &&
		    beyond(&type1[i].lower, 1, device, reference) > ACC_EPS)
			return type1[i].zone;
	}
	return ACC_GLUCOSE_ZONE_A;
}

int acc_glucose_parkes_line(size_t i, double xy[2 * ACC_GLUCOSE_PARKES_MAXV],
			    size_t *n, enum acc_glucose_zone *zone)
{
	const struct line *l;

	if (i >= 2 * ARRAY_SIZE(type1) - 1)
		return CC_EINVAL;
	/* E upper, then upper and lower of D, C and B: E has no lower line */
	if (i == 0)
		l = &type1[0].upper;
	else
		l = i % 2 ? &type1[(i + 1) / 2].upper : &type1[(i + 1) / 2].lower;
	*zone = type1[(i + 1) / 2].zone;
	for (size_t k = 0; k < l->n && k < ACC_GLUCOSE_PARKES_MAXV; k++) {
		xy[2 * k] = l->v[k].x;
		xy[2 * k + 1] = l->v[k].y;
	}
	*n = l->n;
	return CC_OK;
}

const char *acc_glucose_zone_name(enum acc_glucose_zone z)
{
	static const char *const names[ACC_GLUCOSE_ZONES] = { "A", "B", "C", "D",
							     "E" };

	return (unsigned)z < ACC_GLUCOSE_ZONES ? names[z] : "?";
}

struct acc_glucose_limits acc_glucose_defaults(void)
{
	/* ISO 15197:2013 via accuracy.md */
	return (struct acc_glucose_limits){
		.threshold = 100,
		.abs_limit = 15,
		.rel_limit_pct = 15,
		.min_within_pct = 95,
		.min_ab_pct = 99,
		.min_pairs = 0,
		.min_subjects = 0,
	};
}

int acc_glucose_to_mgdl(double value, const char *unit, double *mgdl)
{
	if (!unit)
		return CC_EINVAL;
	if (!strcmp(unit, "mg/dL")) {
		*mgdl = value;
		return CC_OK;
	}
	if (!strcmp(unit, "mmol/L")) {
		/* accuracy.md: the grid's mmol/L scale is mg/dL / 18, not
		 * unit_convert()'s 18.016 */
		*mgdl = value * ACC_GLUCOSE_MGDL_PER_MMOL;
		return CC_OK;
	}
	return CC_EINVAL;
}

bool acc_glucose_within(double reference, double device,
			const struct acc_glucose_limits *lim)
{
	double d = fabs(device - reference);

	if (reference < lim->threshold - ACC_EPS)
		return acc_le(d, lim->abs_limit);
	return acc_le(d, lim->rel_limit_pct / 100.0 * reference);
}

static int pct_ok(double x)
{
	return x >= 0 && x <= 100;
}

int acc_glucose_evaluate(const struct pair *p, size_t n, const char *unit,
			 const struct acc_glucose_limits *lim,
			 struct acc_glucose_result *r)
{
	double k; /* mg/dL per unit */
	size_t ab;
	int rc;

	if (!r || (n && !p) || !lim || acc_glucose_to_mgdl(1, unit, &k) ||
	    !(lim->threshold >= 0) || !isfinite(lim->threshold) ||
	    !(lim->abs_limit >= 0) || !isfinite(lim->abs_limit) ||
	    !(lim->rel_limit_pct >= 0) || !isfinite(lim->rel_limit_pct) ||
	    !pct_ok(lim->min_within_pct) || !pct_ok(lim->min_ab_pct))
		return CC_EINVAL;
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		double ref = p[i].reference * k, dev = p[i].device * k;

		if (p[i].unit[0] && strcmp(p[i].unit, unit))
			return CC_EINVAL;
		if (!isfinite(p[i].reference) || !isfinite(p[i].device))
			return CC_EINVAL;
		r->n_within += acc_glucose_within(ref, dev, lim);
		r->zone[acc_glucose_parkes_zone(ref, dev)]++;
	}
	rc = acc_diff_stats(p, n, &r->diff);
	if (!rc)
		rc = acc_sample_count(p, n, lim->min_pairs, lim->min_subjects,
				      &r->sample);
	if (rc)
		return rc;
	r->diff.bias *= k;
	r->diff.sd *= k;
	r->diff.arms *= k;
	ab = r->zone[ACC_GLUCOSE_ZONE_A] + r->zone[ACC_GLUCOSE_ZONE_B];
	r->within_pct = n ? 100.0 * (double)r->n_within / (double)n : NAN;
	r->ab_pct = n ? 100.0 * (double)ab / (double)n : NAN;

	if (!acc_sample_enough(&r->sample)) {
		r->within = r->grid = r->verdict = VERDICT_INCONCLUSIVE;
		acc_sample_why(&r->sample, r->why, sizeof(r->why));
		return CC_OK;
	}
	/* counts, not the rounded percentages: 19 of 20 is exactly 95 % */
	r->within =
	    acc_le(lim->min_within_pct * (double)n, 100.0 * (double)r->n_within)
		? VERDICT_PASS
		: VERDICT_FAIL;
	if (r->within == VERDICT_FAIL)
		acc_why_add(r->why, sizeof(r->why),
			    "%zu of %zu results (%.1f %%) within limits, "
			    "%g %% required",
			    r->n_within, n, r->within_pct, lim->min_within_pct);
	r->grid = acc_le(lim->min_ab_pct * (double)n, 100.0 * (double)ab)
		      ? VERDICT_PASS
		      : VERDICT_FAIL;
	if (r->grid == VERDICT_FAIL)
		acc_why_add(r->why, sizeof(r->why),
			    "%zu of %zu results (%.1f %%) in zones A and B, "
			    "%g %% required",
			    ab, n, r->ab_pct, lim->min_ab_pct);
	r->verdict = verdict_merge(r->within, r->grid);
	if (!r->why[0])
		snprintf(r->why, sizeof(r->why),
			 "%.1f %% within limits, %.1f %% in zones A and B",
			 r->within_pct, r->ab_pct);
	return CC_OK;
}
