/* SPDX-License-Identifier: MIT */
#include "core/plan.h"
#include "base/err.h"
#include "base/strmap.h"
#include "base/ydoc.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool any_glob(char *const *pats, const char *id)
{
	for (size_t i = 0; pats && pats[i]; i++)
		if (!fnmatch(pats[i], id, 0))
			return true;
	return false;
}

static bool has_any_tag(const struct tcase *tc, char *const *tags)
{
	for (size_t i = 0; tags && tags[i]; i++)
		if (strv_contains(tc->tags, tags[i]))
			return true;
	return false;
}

/* Why sel leaves tc out, or NULL when it selects it; rerun: sel->rerun
 * as a set, so a long rerun list stays linear. */
static const char *left_out(const struct plan_selection *sel, const struct strmap *rerun,
			    const struct tcase *tc)
{
	if (!sel)
		return NULL;
	if (sel->cases && !any_glob(sel->cases, tc->id))
		return "not selected (--case)";
	if (sel->tags && !has_any_tag(tc, sel->tags))
		return "not selected (--tag)";
	if (sel->exclude_tags && has_any_tag(tc, sel->exclude_tags))
		return "not selected (--exclude-tag)";
	if (sel->rerun && !strmap_get(rerun, tc->id))
		return "not selected (--rerun-failed: it did not fail there)";
	return NULL;
}

static void applicability(const struct profile *p, const struct plan_selection *sel,
			  const struct strmap *rerun, struct plan_item *it)
{
	const struct tcase *tc = it->tc;
	const char *why;

	it->applicable = true;
	it->selected = true;
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
	if ((why = left_out(sel, rerun, tc))) {
		it->selected = false;
		snprintf(it->reason, sizeof(it->reason), "%s", why);
	}
}

/* Each pattern and tag of the selection must name something: a typo must
 * not quietly select nothing. */
static int check_selection(const struct profile *p, const struct plan_selection *sel, char *err,
			   size_t errlen)
{
	char *const *lists[2] = { sel->cases, sel->tags };
	const char *what[2] = { "case", "case tagged" };

	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; lists[l] && lists[l][i]; i++) {
			bool found = false;

			for (size_t s = 0; s < p->nsuites && !found; s++)
				for (size_t c = 0; c < p->suites[s]->ncases && !found; c++) {
					const struct tcase *tc = &p->suites[s]->cases[c];

					found = l ? strv_contains(tc->tags, lists[l][i])
						  : !fnmatch(lists[l][i], tc->id, 0);
				}
			if (!found) {
				snprintf(err, errlen, "no %s '%s' in the profile's suites", what[l],
					 lists[l][i]);
				return CC_ENOTFOUND;
			}
		}
	}
	return CC_OK;
}

int plan_build(const struct profile *p, const struct plan_selection *sel, struct plan *out,
	       char *err, size_t errlen)
{
	size_t total = 0;
	struct strmap rerun;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sel && (rc = check_selection(p, sel, err, errlen)))
		return rc;
	strmap_init(&rerun);
	for (size_t i = 0; sel && sel->rerun && sel->rerun[i]; i++)
		if (strmap_put(&rerun, sel->rerun[i], sel->rerun[i], NULL) == CC_ENOMEM) {
			strmap_release(&rerun);
			return CC_ENOMEM;
		}
	for (size_t s = 0; s < p->nsuites; s++)
		total += p->suites[s]->ncases;
	out->items = calloc(total ? total : 1, sizeof(*out->items));
	if (!out->items) {
		strmap_release(&rerun);
		return CC_ENOMEM;
	}
	for (size_t s = 0; s < p->nsuites; s++) {
		for (size_t c = 0; c < p->suites[s]->ncases; c++) {
			struct plan_item *it = &out->items[out->n++];

			it->suite = p->suites[s];
			it->tc = &p->suites[s]->cases[c];
			applicability(p, sel, &rerun, it);
			out->applicable += it->applicable;
			out->selected += it->applicable && it->selected;
		}
	}
	strmap_release(&rerun);
	return CC_OK;
}

void plan_release(struct plan *plan)
{
	free(plan->items);
	memset(plan, 0, sizeof(*plan));
}
