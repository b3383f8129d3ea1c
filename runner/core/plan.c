/* SPDX-License-Identifier: MIT */
#include "core/plan.h"
#include "base/err.h"
#include "base/strmap.h"
#include "base/ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* only: the --case ids as a set (NULL: every case) */
static void applicability(const struct profile *p, const struct strmap *only,
			  struct plan_item *it)
{
	const struct tcase *tc = it->tc;

	it->applicable = true;
	it->reason[0] = 0;
	for (size_t i = 0; tc->requires && tc->requires[i]; i++) {
		if (profile_claims(p, tc->requires[i]))
			continue;
		it->applicable = false;
		snprintf(it->reason, sizeof(it->reason),
			 "not applicable: DUT does not claim feature '%s'",
			 tc->requires[i]);
		return;
	}
	if (only && !strmap_get(only, tc->id)) {
		it->applicable = false;
		snprintf(it->reason, sizeof(it->reason),
			 "not selected (--case)");
	}
}

int plan_build(const struct profile *p, char *const *only, struct plan *out,
	       char *err, size_t errlen)
{
	struct strmap set = STRMAP_INIT;
	size_t total = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; only && only[i]; i++) {
		bool found = false;

		for (size_t s = 0; s < p->nsuites && !found; s++)
			found = suite_find_case(p->suites[s], only[i]) != NULL;
		if (!found) {
			snprintf(err, errlen, "no case '%s' in the profile's suites",
				 only[i]);
			strmap_release(&set);
			return CC_ENOTFOUND;
		}
		if (strmap_put(&set, only[i], (void *)only[i], NULL) == CC_ENOMEM) {
			strmap_release(&set);
			return CC_ENOMEM;
		}
	}
	for (size_t s = 0; s < p->nsuites; s++)
		total += p->suites[s]->ncases;
	out->items = calloc(total ? total : 1, sizeof(*out->items));
	if (!out->items) {
		strmap_release(&set);
		return CC_ENOMEM;
	}
	for (size_t s = 0; s < p->nsuites; s++) {
		for (size_t c = 0; c < p->suites[s]->ncases; c++) {
			struct plan_item *it = &out->items[out->n++];

			it->suite = p->suites[s];
			it->tc = &p->suites[s]->cases[c];
			applicability(p, only ? &set : NULL, it);
			out->applicable += it->applicable;
		}
	}
	strmap_release(&set);
	return CC_OK;
}

void plan_release(struct plan *plan)
{
	free(plan->items);
	memset(plan, 0, sizeof(*plan));
}
