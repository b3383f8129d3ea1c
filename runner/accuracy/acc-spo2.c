/* SPDX-License-Identifier: MIT */
#include "accuracy/acc-spo2.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ISO 80601-2-61 reporting decades of SR, in % SpO2 */
static const struct {
	double low, high;
	const char *name;
} decades[ACC_SPO2_DECADES] = {
	{ 70, 80, "70-80" },
	{ 80, 90, "80-90" },
	{ 90, 100, "90-100" },
};

struct acc_spo2_limits acc_spo2_defaults(void)
{
	/* ISO 80601-2-61 via accuracy.md */
	return (struct acc_spo2_limits){
		.max_arms = 4.0,
		.range_low = 70,
		.range_high = 100,
		.min_pairs = 200,
		.min_subjects = 10,
		.min_pairs_per_decade = 0,
		.max_pr_arms = 0,
	};
}

int acc_spo2_decade(double reference)
{
	const int last = ACC_SPO2_DECADES - 1;

	if (!acc_le(decades[0].low, reference) ||
	    !acc_le(reference, decades[last].high))
		return -1;
	/* half-open decades, except that the last one keeps 100 */
	for (int i = 0; i < last; i++)
		if (reference < decades[i].high - ACC_EPS)
			return i;
	return last;
}

const char *acc_spo2_decade_name(int decade)
{
	if (decade < 0 || decade >= ACC_SPO2_DECADES)
		return "?";
	return decades[decade].name;
}

static int in_range(double ref, const struct acc_spo2_limits *lim)
{
	return acc_le(lim->range_low, ref) && acc_le(ref, lim->range_high);
}

int acc_spo2_evaluate(const struct pair *p, size_t n,
		      const struct acc_spo2_limits *lim,
		      struct acc_spo2_result *r)
{
	struct pair *sel[ACC_SPO2_DECADES + 1] = { NULL };
	size_t cnt[ACC_SPO2_DECADES + 1] = { 0 };
	int rc = CC_ENOMEM;

	if (!r || (n && !p) || !lim || !(lim->max_arms > 0) ||
	    !isfinite(lim->max_arms) || !isfinite(lim->range_low) ||
	    !isfinite(lim->range_high) || lim->range_low > lim->range_high)
		return CC_EINVAL;
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		if (!isfinite(p[i].reference) || !isfinite(p[i].device))
			return CC_EINVAL;
	/* sel[0..2]: decades, sel[3]: everything in range */
	for (int k = 0; k <= ACC_SPO2_DECADES; k++)
		if (!(sel[k] = malloc((n ? n : 1) * sizeof(struct pair))))
			goto out;
	for (size_t i = 0; i < n; i++) {
		int dec = acc_spo2_decade(p[i].reference);

		if (!in_range(p[i].reference, lim)) {
			r->n_outside++;
			continue;
		}
		sel[ACC_SPO2_DECADES][cnt[ACC_SPO2_DECADES]++] = p[i];
		if (dec >= 0)
			sel[dec][cnt[dec]++] = p[i];
	}
	rc = acc_diff_stats(sel[ACC_SPO2_DECADES], cnt[ACC_SPO2_DECADES],
			    &r->overall);
	for (int k = 0; !rc && k < ACC_SPO2_DECADES; k++)
		rc = acc_diff_stats(sel[k], cnt[k], &r->decade[k]);
	if (!rc)
		rc = acc_sample_count(sel[ACC_SPO2_DECADES],
				      cnt[ACC_SPO2_DECADES], lim->min_pairs,
				      lim->min_subjects, &r->sample);
	if (rc)
		goto out;

	if (!acc_sample_enough(&r->sample)) {
		r->verdict = VERDICT_INCONCLUSIVE;
		acc_sample_why(&r->sample, r->why, sizeof(r->why));
		goto out;
	}
	for (int k = 0; k < ACC_SPO2_DECADES; k++)
		if (cnt[k] < lim->min_pairs_per_decade) {
			r->verdict = VERDICT_INCONCLUSIVE;
			acc_why_add(r->why, sizeof(r->why),
				    "inconclusive: %zu pairs in %s %%, %zu "
				    "more needed",
				    cnt[k], decades[k].name,
				    lim->min_pairs_per_decade - cnt[k]);
		}
	if (r->verdict == VERDICT_INCONCLUSIVE)
		goto out;
	if (acc_le(r->overall.arms, lim->max_arms)) {
		r->verdict = VERDICT_PASS;
		snprintf(r->why, sizeof(r->why),
			 "Arms %.3f %% within %g %% over %g-%g %%",
			 r->overall.arms, lim->max_arms, lim->range_low,
			 lim->range_high);
	} else {
		r->verdict = VERDICT_FAIL;
		snprintf(r->why, sizeof(r->why),
			 "Arms %.3f %% above %g %% over %g-%g %%",
			 r->overall.arms, lim->max_arms, lim->range_low,
			 lim->range_high);
	}
out:
	for (int k = 0; k <= ACC_SPO2_DECADES; k++)
		free(sel[k]);
	return rc;
}

int acc_spo2_pulse_rate(const struct pair *p, size_t n,
			const struct acc_spo2_limits *lim,
			struct acc_spo2_pr_result *r)
{
	int rc;

	if (!r || (n && !p) || !lim || !(lim->max_pr_arms >= 0) ||
	    !isfinite(lim->max_pr_arms))
		return CC_EINVAL;
	memset(r, 0, sizeof(*r));
	rc = acc_diff_stats(p, n, &r->diff);
	if (!rc)
		rc = acc_sample_count(p, n, lim->pr_min_pairs ? lim->pr_min_pairs : 1,
				      lim->pr_min_subjects, &r->sample);
	if (rc)
		return rc;
	if (!acc_sample_enough(&r->sample)) {
		r->verdict = VERDICT_INCONCLUSIVE;
		acc_sample_why(&r->sample, r->why, sizeof(r->why));
	} else if (lim->max_pr_arms == 0) {
		r->verdict = VERDICT_NONE;
		snprintf(r->why, sizeof(r->why),
			 "pulse rate Arms %.3f bpm (reported, no limit)",
			 r->diff.arms);
	} else {
		r->verdict = acc_le(r->diff.arms, lim->max_pr_arms)
				 ? VERDICT_PASS
				 : VERDICT_FAIL;
		snprintf(r->why, sizeof(r->why),
			 "pulse rate Arms %.3f bpm %s %g bpm", r->diff.arms,
			 r->verdict == VERDICT_PASS ? "within" : "above",
			 lim->max_pr_arms);
	}
	return CC_OK;
}
