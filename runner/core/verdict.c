/* SPDX-License-Identifier: MIT */
#include "core/verdict.h"
#include "base/err.h"

#include <string.h>

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_NONE] = "none",
	[VERDICT_PASS] = "pass",
	[VERDICT_INCONCLUSIVE] = "inconclusive",
	[VERDICT_FAIL] = "fail",
	[VERDICT_ERROR] = "error",
	[VERDICT_SKIPPED] = "skipped",
	[VERDICT_NOT_RUN] = "not run",
	[VERDICT_NOT_JUDGED] = "not judged",
};

const char *verdict_name(enum verdict v)
{
	if ((unsigned)v >= VERDICT_COUNT)
		return "unknown";
	return verdict_names[v];
}

int verdict_from_name(const char *name, enum verdict *out)
{
	for (int v = 0; v < VERDICT_COUNT; v++) {
		if (!strcmp(name, verdict_names[v])) {
			*out = (enum verdict)v;
			return CC_OK;
		}
	}
	return CC_ENOTFOUND;
}

enum verdict verdict_merge(enum verdict a, enum verdict b)
{
	if (a >= VERDICT_SKIPPED || a == VERDICT_NONE)
		return b >= VERDICT_SKIPPED ? a : b;
	if (b >= VERDICT_SKIPPED || b == VERDICT_NONE)
		return a;
	return a > b ? a : b;
}

void verdict_tally_add(struct verdict_tally *t, enum verdict v)
{
	if ((unsigned)v < VERDICT_COUNT)
		t->count[v]++;
}

enum verdict verdict_tally_overall(const struct verdict_tally *t)
{
	enum verdict worst = VERDICT_NONE;

	for (int v = VERDICT_PASS; v <= VERDICT_ERROR; v++)
		if (t->count[v])
			worst = (enum verdict)v;
	return worst == VERDICT_NONE ? VERDICT_INCONCLUSIVE : worst;
}

int verdict_tally_exit_status(const struct verdict_tally *t)
{
	switch (verdict_tally_overall(t)) {
	case VERDICT_PASS:
		return t->count[VERDICT_NOT_RUN] ? EXIT_PARTIAL : 0;
	case VERDICT_ERROR:
		return 3;
	default:
		return 1;
	}
}
