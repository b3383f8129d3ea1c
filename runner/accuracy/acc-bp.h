/* SPDX-License-Identifier: MIT */
/*
 * Clinical validation of non-invasive sphygmomanometers, ISO 81060-2
 * (as summarised in ../shared/reference/accuracy.md).
 *
 * One call evaluates one quantity: pass the systolic pairs, then the
 * diastolic pairs (pairs_select() with quantity "systolic"/"diastolic").
 * Values are in mmHg; differences are device - reference.
 *
 * Criterion 1: over all pairs, |mean difference| <= max_abs_mean (5.0) and
 * SD <= max_sd (8.0), from at least min_pairs (255) pairs and min_subjects
 * (85) subjects.
 * Criterion 2: average the differences per subject; the SD of those means
 * must not exceed a limit looked up at the criterion 1 mean (the standard's
 * x-bar, the mean of all pairs) rounded to 0.1 mmHg, half away from zero.
 * The limit comes from the caller's table when one is given (the standard's
 * printed table is normative and is 0.016 stricter at 5.0), else it is the
 * sigma solving Phi((10 - mu)/sigma) - Phi((-10 - mu)/sigma) = 0.85 at
 * mu = the rounded mean. Beyond max_abs_mean, or past the table's end,
 * there is no limit and criterion 2 fails.
 * Reported as well: bias, SD, Bland-Altman limits of agreement bias +-
 * loa_z SD, n pairs, n subjects.
 *
 * Both criteria need at least 2 pairs and 2 subjects whatever the limits
 * say, since an SD needs two values.
 */
#ifndef CARECERT_ACC_BP_H
#define CARECERT_ACC_BP_H

#include "accuracy/acc.h"

#define ACC_BP_CLAUSE_C1 "ISO 81060-2, criterion 1"
#define ACC_BP_CLAUSE_C2 "ISO 81060-2, criterion 2"

struct acc_bp_limits {
	double max_abs_mean; /* mmHg, criterion 1; where criterion 2 ends */
	double max_sd;	     /* mmHg, criterion 1 */
	double c2_bound;     /* mmHg, the +-10 of the 85 % rule */
	double c2_coverage;  /* the 0.85 of the rule, in (0, 1) */
	/* Optional normative table, not owned (must outlive the call):
	 * c2_table[i] is the limit at |mean| = i * 0.1 mmHg. NULL: compute. */
	const double *c2_table;
	size_t c2_table_len;
	double loa_z;	  /* limits of agreement: bias +- loa_z SD */
	size_t min_pairs; /* study design */
	size_t min_subjects;
};

/* Where a criterion 2 limit came from. */
enum acc_bp_source {
	ACC_BP_LIMIT_NONE = 0, /* |mean| beyond the table: criterion 2 fails */
	ACC_BP_LIMIT_COMPUTED, /* solved from the 85 % rule (say so) */
	ACC_BP_LIMIT_TABLE,    /* the caller's table */
};

struct acc_bp_c2_limit {
	double key;   /* |mean| rounded to 0.1 mmHg, the lookup key */
	double limit; /* mmHg; NaN when source is NONE */
	enum acc_bp_source source;
};

struct acc_bp_result {
	struct acc_sample sample;
	struct acc_diff diff; /* bias and SD over all pairs */
	double loa_low, loa_high;
	enum verdict c1;
	size_t n_subject_means;
	double subject_sd; /* SD (n - 1) of per-subject mean differences */
	struct acc_bp_c2_limit c2_limit;
	enum verdict c2;
	enum verdict verdict; /* the worse of c1 and c2 */
	char why[ACC_WHY_MAX];
};

/* Defaults from accuracy.md: 5.0, 8.0, 10, 0.85, no table, 1.96, 255, 85. */
struct acc_bp_limits acc_bp_defaults(void);

/* "computed", "table" or "none". */
const char *acc_bp_source_name(enum acc_bp_source s);

/* The sigma with Phi((bound - mu)/sigma) - Phi((-bound - mu)/sigma) =
 * coverage: 6.9467 at mu 0, 6.6489 at +-2.0, 4.8063 at +-5.0 for the
 * defaults. CC_EINVAL unless |mu| < bound and 0 < coverage < 1. */
int acc_bp_sigma(double mu, double bound, double coverage, double *sigma);

/* Criterion 2 limit for a mean difference (sign ignored). CC_EINVAL for
 * bad limits or a non-finite mean. */
int acc_bp_c2_limit(double mean, const struct acc_bp_limits *lim,
		    struct acc_bp_c2_limit *out);

/* Evaluate n pairs of one quantity (p may be NULL when n is 0). */
int acc_bp_evaluate(const struct pair *p, size_t n,
		    const struct acc_bp_limits *lim, struct acc_bp_result *r);

#endif
