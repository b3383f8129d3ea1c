/* SPDX-License-Identifier: MIT */
/*
 * Reading-by-reading tolerance checks: every device reading must lie within
 * max(abs_limit, rel_limit_pct % of the reference) of its reference.
 * (As summarised in ../shared/reference/accuracy.md.)
 *
 * - Heart rate, IEC 60601-2-27 / ANSI/AAMI EC13: +-10 % of the input rate
 *   or +-5 bpm, whichever is greater (so +-5 bpm at 40 bpm, +-12 bpm at
 *   120 bpm). acc_tol_hr_defaults().
 * - Temperature, ISO 80601-2-56 laboratory accuracy: +-0.3 Cel, with bias
 *   and SD reported. acc_tol_temp_defaults().
 * Limits are inclusive with ACC_EPS tolerance: 34.1 against 33.8 is within
 * 0.3 although 34.1 - 33.8 is 0.30000000000000426 in binary.
 * accuracy.md states no sample size; min_pairs defaults to 1.
 */
#ifndef CARECERT_ACC_TOL_H
#define CARECERT_ACC_TOL_H

#include <stdbool.h>

#include "accuracy/acc.h"

#define ACC_TOL_CLAUSE_HR "IEC 60601-2-27 / ANSI/AAMI EC13, heart rate accuracy"
#define ACC_TOL_CLAUSE_TEMP "ISO 80601-2-56, laboratory accuracy"

struct acc_tol_limits {
	double abs_limit;     /* in the unit of the pairs */
	double rel_limit_pct; /* % of |reference|; 0 for none */
	size_t min_pairs;
};

struct acc_tol_result {
	struct acc_sample sample;
	struct acc_diff diff; /* bias, SD */
	size_t n_within;
	size_t worst;	     /* index of the pair furthest past (or nearest
				to) its allowance; 0 when n == 0 */
	double worst_excess; /* |difference| - allowance there; <= 0 when
				every reading is within (up to ACC_EPS) */
	enum verdict verdict;
	char why[ACC_WHY_MAX];
};

/* 5 bpm, 10 %, 1 pair. */
struct acc_tol_limits acc_tol_hr_defaults(void);
/* 0.3 Cel, 0 %, 1 pair. */
struct acc_tol_limits acc_tol_temp_defaults(void);

/* The allowance at a reference: max(abs_limit, rel_limit_pct/100 |ref|). */
double acc_tol_allowed(double reference, const struct acc_tol_limits *lim);

/* Whether one reading is within its allowance. */
bool acc_tol_within(double reference, double device,
		    const struct acc_tol_limits *lim);

/* Evaluate n pairs: PASS when every reading is within. CC_EINVAL for bad
 * arguments, negative or non-finite limits. */
int acc_tol_evaluate(const struct pair *p, size_t n,
		     const struct acc_tol_limits *lim,
		     struct acc_tol_result *r);

#endif
