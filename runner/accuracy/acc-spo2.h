/* SPDX-License-Identifier: MIT */
/*
 * SpO2 and pulse-rate accuracy of pulse oximeters, ISO 80601-2-61
 * (as summarised in ../shared/reference/accuracy.md).
 *
 * Arms = sqrt(sum (SpO2_i - SR_i)^2 / n), SR the reference (co-oximeter
 * SaO2 or a calibrated simulator's value), in % SpO2.
 * - Only pairs whose reference lies in [range_low, range_high] (70-100 %)
 *   count; the others are counted in n_outside and otherwise ignored.
 * - The limit (max_arms, 4.0 %; regulators often ask 3.0 transmittance,
 *   3.5 reflectance) applies to the overall Arms.
 * - Arms, bias and SD are also reported per decade of the reference:
 *   [70, 80), [80, 90), [90, 100]. So 80.0 is in 80-90, 90.0 and 100.0
 *   in 90-100 (bounds with ACC_EPS tolerance).
 * - Study design for clinical data: at least min_subjects (10) and
 *   min_pairs (200) in range; set both to 0 for simulator data.
 *   min_pairs_per_decade (default 0) can demand the spread over 70-100 %.
 * Pulse rate: Arms in bpm against the reference rate; accuracy.md states
 * no limit, so max_pr_arms defaults to 0, meaning "report only"
 * (VERDICT_NONE). accuracy.md gives no pulse-rate study size either:
 * pr_min_pairs and pr_min_subjects default to 0 (at least one pair), and
 * a suite may ask more (a bench that must pair every point it plays).
 */
#ifndef CARECERT_ACC_SPO2_H
#define CARECERT_ACC_SPO2_H

#include "accuracy/acc.h"

#define ACC_SPO2_CLAUSE "ISO 80601-2-61, SpO2 accuracy (Arms)"
#define ACC_SPO2_PR_CLAUSE "ISO 80601-2-61, pulse rate accuracy (Arms)"
#define ACC_SPO2_DECADES 3

struct acc_spo2_limits {
	double max_arms;  /* % SpO2 */
	double range_low; /* % SpO2, reference range counted */
	double range_high;
	size_t min_pairs; /* in range */
	size_t min_subjects;
	size_t min_pairs_per_decade;
	double max_pr_arms; /* bpm; 0: pulse rate is reported, not judged */
	size_t pr_min_pairs; /* pulse rate's sample size; 0 counts as 1 */
	size_t pr_min_subjects;
};

struct acc_spo2_result {
	struct acc_sample sample;		  /* of the pairs in range */
	struct acc_diff overall;		  /* arms, bias, sd in range */
	struct acc_diff decade[ACC_SPO2_DECADES]; /* 70-80, 80-90, 90-100 */
	size_t n_outside;
	enum verdict verdict;
	char why[ACC_WHY_MAX];
};

struct acc_spo2_pr_result {
	struct acc_sample sample;
	struct acc_diff diff; /* bpm */
	enum verdict verdict; /* NONE when max_pr_arms is 0 */
	char why[ACC_WHY_MAX];
};

/* Defaults from accuracy.md: 4.0, 70, 100, 200, 10, 0, 0. */
struct acc_spo2_limits acc_spo2_defaults(void);

/* Decade of a reference value: 0 for [70, 80), 1 for [80, 90), 2 for
 * [90, 100], -1 outside 70-100. */
int acc_spo2_decade(double reference);

/* "70-80", "80-90", "90-100"; "?" for other indices. */
const char *acc_spo2_decade_name(int decade);

/* Evaluate n SpO2 pairs (%). CC_EINVAL for bad arguments or limits. */
int acc_spo2_evaluate(const struct pair *p, size_t n,
		      const struct acc_spo2_limits *lim,
		      struct acc_spo2_result *r);

/* Pulse-rate Arms of n pairs (bpm); only max_pr_arms, pr_min_pairs and
 * pr_min_subjects of lim are used. */
int acc_spo2_pulse_rate(const struct pair *p, size_t n,
			const struct acc_spo2_limits *lim,
			struct acc_spo2_pr_result *r);

#endif
