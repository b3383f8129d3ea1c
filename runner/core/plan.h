/* SPDX-License-Identifier: MIT */
/*
 * The plan of a run: every case of the profile's suites in suite order,
 * each marked applicable or not (a feature the DUT does not claim) and
 * selected or not (the command line's --case patterns, --tag,
 * --exclude-tag, --rerun-failed), with the reason. Not-applicable cases are
 * reported as skipped, applicable ones left out as not run; none is
 * silently dropped, and a run that leaves out applicable cases is partial.
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
	bool selected;    /* chosen by the selection (true without one) */
	char reason[256]; /* why not applicable or not selected; else "" */
};

struct plan {
	struct plan_item *items;
	size_t n;
	size_t applicable;
	size_t selected; /* applicable and selected: the cases that run */
};

/* Which cases a run takes; every list NULL-terminated, NULL for none. A
 * case runs when it matches one of `cases` (fnmatch globs on its id; all
 * when NULL), has one of `tags` (any when NULL), none of `exclude_tags`,
 * and is in `rerun` (ids; all when NULL). */
struct plan_selection {
	char *const *cases;
	char *const *tags;
	char *const *exclude_tags;
	char *const *rerun;
};

/* sel may be NULL (every case). A case pattern or tag that matches no
 * case of the profile's suites gives CC_ENOTFOUND, naming it in err. */
int plan_build(const struct profile *p, const struct plan_selection *sel, struct plan *out,
	       char *err, size_t errlen);
void plan_release(struct plan *plan);

#endif
