/* SPDX-License-Identifier: MIT */
#include "accuracy/acc-tol.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct acc_tol_limits acc_tol_hr_defaults(void)
{
	/* IEC 60601-2-27 / ANSI/AAMI EC13 via accuracy.md */
	return (struct acc_tol_limits){
		.abs_limit = 5,
		.rel_limit_pct = 10,
		.min_pairs = 1,
	};
}

struct acc_tol_limits acc_tol_temp_defaults(void)
{
	/* ISO 80601-2-56 via accuracy.md */
	return (struct acc_tol_limits){
		.abs_limit = 0.3,
		.rel_limit_pct = 0,
		.min_pairs = 1,
	};
}

double acc_tol_allowed(double reference, const struct acc_tol_limits *lim)
{
	double rel = lim->rel_limit_pct / 100.0 * fabs(reference);

	return rel > lim->abs_limit ? rel : lim->abs_limit;
}

bool acc_tol_within(double reference, double device,
		    const struct acc_tol_limits *lim)
{
	return acc_le(fabs(device - reference),
		      acc_tol_allowed(reference, lim));
}

int acc_tol_evaluate(const struct pair *p, size_t n,
		     const struct acc_tol_limits *lim, struct acc_tol_result *r)
{
	int rc;

	if (!r || (n && !p) || !lim || !(lim->abs_limit >= 0) ||
	    !isfinite(lim->abs_limit) || !(lim->rel_limit_pct >= 0) ||
	    !isfinite(lim->rel_limit_pct))
		return CC_EINVAL;
	memset(r, 0, sizeof(*r));
	rc = acc_diff_stats(p, n, &r->diff); /* also rejects non-finite */
	if (!rc)
		rc = acc_sample_count(p, n, lim->min_pairs, 0, &r->sample);
	if (rc)
		return rc;
	r->worst_excess = n ? -INFINITY : NAN;
	for (size_t i = 0; i < n; i++) {
		double ex = fabs(p[i].device - p[i].reference) -
			    acc_tol_allowed(p[i].reference, lim);

		r->n_within += acc_tol_within(p[i].reference, p[i].device, lim);
		if (ex > r->worst_excess) {
			r->worst_excess = ex;
			r->worst = i;
		}
	}
	if (!acc_sample_enough(&r->sample)) {
		r->verdict = VERDICT_INCONCLUSIVE;
		acc_sample_why(&r->sample, r->why, sizeof(r->why));
		return CC_OK;
	}
	if (r->n_within == n) {
		r->verdict = VERDICT_PASS;
		snprintf(r->why, sizeof(r->why),
			 "all %zu readings within; bias %.3g, SD %.3g", n,
			 r->diff.bias, r->diff.sd);
	} else {
		const struct pair *w = &p[r->worst];

		r->verdict = VERDICT_FAIL;
		snprintf(r->why, sizeof(r->why),
			 "%zu of %zu readings outside; worst %g against "
			 "reference %g, allowed +-%g",
			 n - r->n_within, n, w->device, w->reference,
			 acc_tol_allowed(w->reference, lim));
		if (w->line) /* from a file */
			snprintf(r->why + strlen(r->why),
				 sizeof(r->why) - strlen(r->why), " (line %u)",
				 w->line);
	}
	return CC_OK;
}
