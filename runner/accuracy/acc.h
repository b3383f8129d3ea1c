/* SPDX-License-Identifier: MIT */
/*
 * What the accuracy evaluators (acc-bp, acc-glucose, acc-spo2, acc-tol)
 * share: tolerant comparison, sample-size bookkeeping and the summary of
 * device - reference differences.
 *
 * Conventions of every evaluator:
 * - Differences are device - reference, in the unit of the pairs.
 * - SD is the sample standard deviation (n - 1), as the reference asks.
 * - Limits are inclusive and compared with a tolerance of ACC_EPS, so a
 *   decimal reading that binary floating point misrepresents is judged by
 *   its decimal value (34.1 - 33.8 = 0.30000000000000426 is within 0.3).
 * - Verdicts are enum verdict values: PASS, FAIL, or INCONCLUSIVE when the
 *   sample is smaller than the limits ask (never PASS then; the numbers
 *   are still computed, for the report). VERDICT_NONE marks a quantity
 *   that is reported but has no limit.
 * - Evaluators return CC_OK, CC_EINVAL for bad arguments (NULL, non-finite
 *   values, nonsensical limits) or CC_ENOMEM; the verdict is in the result.
 * - Results own no memory; "why" holds a one-line reason for the verdict.
 */
#ifndef CARECERT_ACC_H
#define CARECERT_ACC_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/pairs.h"
#include "core/verdict.h"

#define ACC_EPS 1e-9	/* tolerance of every limit comparison */
#define ACC_WHY_MAX 256 /* size of the "why" strings in results */

/* a <= b, allowing ACC_EPS for binary representation of decimals. */
static inline bool acc_le(double a, double b)
{
	return a <= b + ACC_EPS;
}

/* Sample size against the minimums a standard's study design asks. */
struct acc_sample {
	size_t n_pairs, n_subjects;
	size_t min_pairs, min_subjects;	  /* as asked, at least 1 pair */
	size_t need_pairs, need_subjects; /* how many more; 0 when enough */
};

/* Count pairs and distinct subjects and what is missing. CC_ENOMEM. */
int acc_sample_count(const struct pair *p, size_t n, size_t min_pairs,
		     size_t min_subjects, struct acc_sample *s);

static inline bool acc_sample_enough(const struct acc_sample *s)
{
	return !s->need_pairs && !s->need_subjects;
}

/* "inconclusive: 254 pairs from 85 subjects; 1 more pair needed (at least
 * 255 pairs from 85 subjects)" */
void acc_sample_why(const struct acc_sample *s, char *why, size_t len);

/* Append a reason to a "why" string, after "; " when it is not empty;
 * cuts the text short rather than overflow len. */
void acc_why_add(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Summary of the differences device - reference. */
struct acc_diff {
	size_t n;
	double bias; /* mean; NaN when n == 0 */
	double sd;   /* sample SD (n - 1); NaN when n < 2 */
	double arms; /* root mean square; NaN when n == 0 */
};

/* Summarise n pairs (n may be 0). CC_EINVAL on a non-finite value,
 * CC_ENOMEM. */
int acc_diff_stats(const struct pair *p, size_t n, struct acc_diff *out);

#endif
