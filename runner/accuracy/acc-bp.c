/* SPDX-License-Identifier: MIT */
#include "accuracy/acc-bp.h"
#include "base/err.h"
#include "base/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bracket search steps: halving or doubling 10 mmHg this often reaches any
 * sigma a double can hold. */
#define ACC_BP_BRACKET_STEPS 1100

struct acc_bp_limits acc_bp_defaults(void)
{
	/* ISO 81060-2 via accuracy.md: criteria 1 and 2, study size. */
	return (struct acc_bp_limits){
		.max_abs_mean = 5.0,
		.max_sd = 8.0,
		.c2_bound = 10.0,
		.c2_coverage = 0.85,
		.c2_table = NULL,
		.c2_table_len = 0,
		.loa_z = 1.96,
		.min_pairs = 255,
		.min_subjects = 85,
	};
}

const char *acc_bp_source_name(enum acc_bp_source s)
{
	switch (s) {
	case ACC_BP_LIMIT_COMPUTED:
		return "computed";
	case ACC_BP_LIMIT_TABLE:
		return "table";
	case ACC_BP_LIMIT_NONE:
		break;
	}
	return "none";
}

struct rule {
	double mu, bound, coverage;
};

/* P(|X| <= bound) - coverage for X ~ N(mu, sigma); falls with sigma. */
static double rule_f(double sigma, void *ctx)
{
	const struct rule *r = ctx;

	return stats_norm_cdf((r->bound - r->mu) / sigma) -
	       stats_norm_cdf((-r->bound - r->mu) / sigma) - r->coverage;
}

int acc_bp_sigma(double mu, double bound, double coverage, double *sigma)
{
	struct rule r = { .mu = mu, .bound = bound, .coverage = coverage };
	double lo = bound, hi = bound;
	int i;

	if (!isfinite(mu) || !(bound > 0) || !isfinite(bound) ||
	    !(coverage > 0 && coverage < 1) || !(fabs(mu) < bound))
		return CC_EINVAL;
	for (i = 0; rule_f(lo, &r) <= 0; i++) {
		if (i == ACC_BP_BRACKET_STEPS)
			return CC_EINVAL;
		lo /= 2;
	}
	for (i = 0; rule_f(hi, &r) >= 0; i++) {
		if (i == ACC_BP_BRACKET_STEPS)
			return CC_EINVAL;
		hi *= 2;
	}
	return stats_root(rule_f, &r, lo, hi, 1e-12, sigma);
}

static int positive(double x)
{
	return x > 0 && isfinite(x);
}

static int check_limits(const struct acc_bp_limits *lim)
{
	if (!lim || !positive(lim->max_abs_mean) || !positive(lim->max_sd) ||
	    !positive(lim->c2_bound) || !positive(lim->loa_z) ||
	    !(lim->c2_coverage > 0 && lim->c2_coverage < 1))
		return CC_EINVAL;
	if (lim->c2_table && !lim->c2_table_len)
		return CC_EINVAL;
	for (size_t i = 0; lim->c2_table && i < lim->c2_table_len; i++)
		if (!positive(lim->c2_table[i]))
			return CC_EINVAL;
	return CC_OK;
}

int acc_bp_c2_limit(double mean, const struct acc_bp_limits *lim,
		    struct acc_bp_c2_limit *out)
{
	double tenths;
	int rc = check_limits(lim);

	if (rc || !isfinite(mean))
		return CC_EINVAL;
	/* Round half away from zero; ACC_EPS keeps 2.05 (stored as
	 * 2.04999...) on the side its decimal value is on. */
	tenths = floor(fabs(mean) * 10.0 + 0.5 + ACC_EPS);
	out->key = tenths / 10.0;
	out->limit = NAN;
	out->source = ACC_BP_LIMIT_NONE;
	if (!acc_le(out->key, lim->max_abs_mean))
		return CC_OK; /* the standard's table ends here */
	if (lim->c2_table) {
		if (tenths >= (double)lim->c2_table_len)
			return CC_OK;
		out->limit = lim->c2_table[(size_t)tenths];
		out->source = ACC_BP_LIMIT_TABLE;
		return CC_OK;
	}
	if (!(out->key < lim->c2_bound))
		return CC_OK; /* no sigma puts 85 % within the bound */
	rc = acc_bp_sigma(out->key, lim->c2_bound, lim->c2_coverage,
			  &out->limit);
	if (rc)
		return rc;
	out->source = ACC_BP_LIMIT_COMPUTED;
	return CC_OK;
}

struct subj_diff {
	size_t subject, index;
	double d;
};

static int cmp_subj(const void *a, const void *b)
{
	const struct subj_diff *x = a, *y = b;

	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* SD of the per-subject mean differences (criterion 2). */
static int subject_sd(const struct pair *p, size_t n, size_t *count, double *sd)
{
	struct subj_diff *v;
	double *means;
	size_t m = 0;

	*count = 0;
	*sd = NAN;
	if (!n)
		return CC_OK;
	v = malloc(n * sizeof(*v));
	means = malloc(n * sizeof(*means));
	if (!v || !means) {
		free(v);
		free(means);
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = (struct subj_diff){ p[i].subject, i,
					  p[i].device - p[i].reference };
	/* by index too, so the summation order never depends on qsort */
	qsort(v, n, sizeof(*v), cmp_subj);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double s = 0;

		for (; j < n && v[j].subject == v[i].subject; j++)
			s += v[j].d;
		means[m++] = s / (double)(j - i);
		i = j;
	}
	*count = m;
	*sd = stats_sd(means, m);
	free(v);
	free(means);
	return CC_OK;
}

static size_t at_least(size_t v, size_t min)
{
	return v > min ? v : min;
}

int acc_bp_evaluate(const struct pair *p, size_t n,
		    const struct acc_bp_limits *lim, struct acc_bp_result *r)
{
	int rc;

	if (!r || (n && !p) || check_limits(lim))
		return CC_EINVAL;
	memset(r, 0, sizeof(*r));
	r->c2_limit.limit = NAN;
	rc = acc_diff_stats(p, n, &r->diff);
	if (!rc)
		rc = acc_sample_count(p, n, at_least(lim->min_pairs, 2),
				      at_least(lim->min_subjects, 2),
				      &r->sample);
	if (!rc)
		rc = subject_sd(p, n, &r->n_subject_means, &r->subject_sd);
	if (rc)
		return rc;
	r->loa_low = r->diff.bias - lim->loa_z * r->diff.sd;
	r->loa_high = r->diff.bias + lim->loa_z * r->diff.sd;
	if (n) {
		rc = acc_bp_c2_limit(r->diff.bias, lim, &r->c2_limit);
		if (rc)
			return rc;
	}

	if (!acc_sample_enough(&r->sample)) {
		r->c1 = r->c2 = r->verdict = VERDICT_INCONCLUSIVE;
		acc_sample_why(&r->sample, r->why, sizeof(r->why));
		return CC_OK;
	}

	r->c1 = VERDICT_PASS;
	if (!acc_le(fabs(r->diff.bias), lim->max_abs_mean)) {
		r->c1 = VERDICT_FAIL;
		acc_why_add(r->why, sizeof(r->why),
			    "criterion 1: mean %.2f mmHg outside +-%g",
			    r->diff.bias, lim->max_abs_mean);
	}
	if (!acc_le(r->diff.sd, lim->max_sd)) {
		r->c1 = VERDICT_FAIL;
		acc_why_add(r->why, sizeof(r->why),
			    "criterion 1: SD %.2f mmHg above %g", r->diff.sd,
			    lim->max_sd);
	}
	r->c2 = VERDICT_PASS;
	if (r->c2_limit.source == ACC_BP_LIMIT_NONE) {
		r->c2 = VERDICT_FAIL;
		acc_why_add(r->why, sizeof(r->why),
			    "criterion 2: |mean| %.1f mmHg is beyond the table",
			    r->c2_limit.key);
	} else if (!acc_le(r->subject_sd, r->c2_limit.limit)) {
		r->c2 = VERDICT_FAIL;
		acc_why_add(r->why, sizeof(r->why),
			    "criterion 2: SD of subject means %.2f mmHg above "
			    "%.4f (%s at |mean| %.1f)",
			    r->subject_sd, r->c2_limit.limit,
			    acc_bp_source_name(r->c2_limit.source),
			    r->c2_limit.key);
	}
	r->verdict = verdict_merge(r->c1, r->c2);
	if (!r->why[0])
		snprintf(r->why, sizeof(r->why),
			 "criteria 1 and 2 met (criterion 2 limit %.4f mmHg, "
			 "%s)",
			 r->c2_limit.limit,
			 acc_bp_source_name(r->c2_limit.source));
	return CC_OK;
}
