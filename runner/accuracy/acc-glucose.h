/* SPDX-License-Identifier: MIT */
/*
 * System accuracy of blood-glucose monitoring systems, ISO 15197:2013
 * (as summarised in ../shared/reference/accuracy.md).
 *
 * Two criteria over all pairs, reference = laboratory method:
 * - within: at least min_within_pct (95 %) of results within abs_limit
 *   (+-15 mg/dL) of the reference when the reference is below threshold
 *   (100 mg/dL), within rel_limit_pct (+-15 %) at or above it;
 * - grid: at least min_ab_pct (99 %) in zones A and B of the Consensus
 *   (Parkes) Error Grid for type 1 diabetes.
 *
 * Everything is computed in mg/dL. Readings in mmol/L are multiplied by 18
 * (ACC_GLUCOSE_MGDL_PER_MMOL), the factor the grid is defined with; so a
 * reference of 5.55 mmol/L is 99.9 mg/dL and gets the absolute limit,
 * +-15 mg/dL = +-0.833 mmol/L (15 % of 5.55 would be +-0.8325).
 *
 * The grid's boundaries are the type 1 vertices of accuracy.md, each last
 * segment extended along its line beyond 550 mg/dL (and each first segment
 * below its first vertex). A point exactly on a line belongs to the less
 * severe zone, the one nearer A; "exactly" allows ACC_EPS mg/dL.
 *
 * accuracy.md states no study size for glucose: min_pairs and min_subjects
 * default to 0 (at least one pair is still needed); profiles set them.
 */
#ifndef CARECERT_ACC_GLUCOSE_H
#define CARECERT_ACC_GLUCOSE_H

#include <stdbool.h>

#include "accuracy/acc.h"

#define ACC_GLUCOSE_CLAUSE_WITHIN                                              \
	"ISO 15197:2013, system accuracy (+-15 mg/dL or +-15 %)"
#define ACC_GLUCOSE_CLAUSE_GRID                                                \
	"ISO 15197:2013, consensus (Parkes) error grid, type 1"
#define ACC_GLUCOSE_MGDL_PER_MMOL 18.0

enum acc_glucose_zone {
	ACC_GLUCOSE_ZONE_A = 0,
	ACC_GLUCOSE_ZONE_B,
	ACC_GLUCOSE_ZONE_C,
	ACC_GLUCOSE_ZONE_D,
	ACC_GLUCOSE_ZONE_E,
	ACC_GLUCOSE_ZONES
};

struct acc_glucose_limits {
	double threshold; /* mg/dL: absolute limit below, relative at/above */
	double abs_limit; /* mg/dL */
	double rel_limit_pct;  /* % of the reference */
	double min_within_pct; /* % of results within the limits */
	double min_ab_pct;     /* % of results in zones A and B */
	size_t min_pairs;
	size_t min_subjects;
};

struct acc_glucose_result {
	struct acc_sample sample;
	struct acc_diff diff; /* mg/dL */
	size_t n_within;
	double within_pct;
	enum verdict within;
	size_t zone[ACC_GLUCOSE_ZONES]; /* count per zone */
	double ab_pct;
	enum verdict grid;
	enum verdict verdict; /* the worse of within and grid */
	char why[ACC_WHY_MAX];
};

/* Defaults from accuracy.md: 100, 15, 15, 95, 99, 0, 0. */
struct acc_glucose_limits acc_glucose_defaults(void);

/* "A".."E"; "?" for anything else. */
const char *acc_glucose_zone_name(enum acc_glucose_zone z);

/* Value in unit ("mg/dL" or "mmol/L") to mg/dL. CC_EINVAL otherwise. */
int acc_glucose_to_mgdl(double value, const char *unit, double *mgdl);

/* Parkes type 1 zone of a reading (reference x, device y, both mg/dL). */
enum acc_glucose_zone acc_glucose_parkes_zone(double reference, double device);

/* The grid's boundary polylines, for drawing. Line i (0 to
 * ACC_GLUCOSE_PARKES_LINES - 1) has *n vertices, copied to xy as x, y
 * pairs (reference, device, mg/dL), and separates *zone from the zone next
 * to it on the A side. CC_EINVAL for i out of range. */
#define ACC_GLUCOSE_PARKES_LINES 7
#define ACC_GLUCOSE_PARKES_MAXV 5
int acc_glucose_parkes_line(size_t i, double xy[2 * ACC_GLUCOSE_PARKES_MAXV],
			    size_t *n, enum acc_glucose_zone *zone);

/* Whether a device reading meets the within limits (both mg/dL). */
bool acc_glucose_within(double reference, double device,
			const struct acc_glucose_limits *lim);

/* Evaluate n pairs whose values are in unit ("mg/dL" or "mmol/L"). A pair
 * carrying another non-empty unit is CC_EINVAL, as are bad limits. */
int acc_glucose_evaluate(const struct pair *p, size_t n, const char *unit,
			 const struct acc_glucose_limits *lim,
			 struct acc_glucose_result *r);

#endif
