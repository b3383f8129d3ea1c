/* SPDX-License-Identifier: MIT */
/*
 * Verdicts, as in conformance testing (ISO/IEC 9646-1, TTCN-3).
 *
 * Ordering follows TTCN-3's overwriting rule: a verdict can only get worse,
 * pass < inconclusive < fail < error. Skipped (not applicable: the DUT does
 * not claim what the case needs) and not run (applicable, but left out by
 * the selection or by an interruption) stand apart: they never combine
 * with the others, and a run with a case not run is partial.
 */
#ifndef CARECERT_VERDICT_H
#define CARECERT_VERDICT_H

#include <stddef.h>

enum verdict {
	VERDICT_NONE = 0, /* nothing decided yet */
	VERDICT_PASS,
	VERDICT_INCONCLUSIVE,
	VERDICT_FAIL,
	VERDICT_ERROR,   /* test system or transport fault */
	VERDICT_SKIPPED, /* not applicable to this DUT */
	VERDICT_NOT_RUN, /* applicable, not run: not selected, or interrupted */
	VERDICT_NOT_JUDGED, /* ran, figures reported, no limit to judge them by
			       (a report-only step): never a pass */
	VERDICT_COUNT
};

/* "none", "pass", "inconclusive", "fail", "error", "skipped", "not run",
 * "not judged". */
const char *verdict_name(enum verdict v);
/* Parse a name; CC_OK or CC_ENOTFOUND. */
int verdict_from_name(const char *name, enum verdict *out);
/* TTCN-3 overwrite: the worse of the two; SKIPPED, NOT_RUN, NOT_JUDGED and
 * NONE give way (a case that judged something has that verdict). */
enum verdict verdict_merge(enum verdict a, enum verdict b);

/* Counts of a run's cases, and the overall verdict derived from them. */
struct verdict_tally {
	size_t count[VERDICT_COUNT];
	size_t passed_on_retry; /* passes that needed more than one attempt */
	size_t marginal;        /* passes with a measurement in a marginal band */
};

void verdict_tally_add(struct verdict_tally *t, enum verdict v);
/* Overall verdict: worst judged verdict; INCONCLUSIVE if no case was
 * judged (a run that tested nothing, or only reported figures, cannot
 * pass). */
enum verdict verdict_tally_overall(const struct verdict_tally *t);
/* Exit status of `carecert run` for this tally: 0 all applicable cases
 * passed, 1 some failed or were inconclusive, 3 some errored, 4 every case
 * run passed but applicable cases were not run (partial: no certification
 * verdict). */
int verdict_tally_exit_status(const struct verdict_tally *t);

#define EXIT_PARTIAL 4

#endif
