/* SPDX-License-Identifier: MIT */
/*
 * The plan of a run: every case of the profile's suites in suite order,
 * each marked applicable or not with the reason (a feature the DUT does not
 * claim, or not selected on the command line). Not-applicable cases are
 * reported as skipped, never silently dropped.
 */
#ifndef CARECERT_PLAN_H
#define CARECERT_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/profile.h"

struct plan_item {
	const struct suite *suite;
	const struct tcase *tc;
	bool applicable;
	char reason[256]; /* why not applicable; "" when applicable */
};

struct plan {
	struct plan_item *items;
	size_t n;
	size_t applicable;
};

/* only: case ids to run (NULL-terminated) or NULL for all. An id in only
 * that no suite has gives CC_ENOTFOUND with the id in err. */
int plan_build(const struct profile *p, char *const *only, struct plan *out,
	       char *err, size_t errlen);
void plan_release(struct plan *plan);

#endif
