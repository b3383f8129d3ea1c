/* SPDX-License-Identifier: MIT */
/*
 * Comparing two runs of the same DUT (before and after a firmware change, a
 * lab's re-test after a fix): cases whose verdict changed, regressions
 * first, then improvements and other changes, cases in one run only, and
 * measurements that moved. Both runs are read from their result records
 * alone; nothing else is compared.
 *
 * Verdicts are ranked pass < inconclusive < fail < error (the TTCN-3
 * order): a worse verdict in B is a regression. A case that became or
 * stopped being applicable (skipped) is another change, not a regression.
 * Cases match by suite and id; measurements by case, name and occurrence.
 * A measurement moved when its verdict or marginal flag changed, or its
 * value changed by more than tolerance_pct % of the larger magnitude.
 */
#ifndef CARECERT_RUNDIFF_H
#define CARECERT_RUNDIFF_H

#include <json-c/json.h>
#include <stdio.h>

#define RUNDIFF_DEFAULT_TOLERANCE_PCT 5.0

struct rundiff_counts {
	size_t regressions, improvements, other, only_a, only_b, moved;
};

/* Print the comparison of records a and b (labelled name_a, name_b) to out
 * and count what differs. CC_OK or CC_ENOMEM. */
int rundiff_print(json_object *a, json_object *b, const char *name_a,
		  const char *name_b, double tolerance_pct, FILE *out,
		  struct rundiff_counts *counts);

#endif
