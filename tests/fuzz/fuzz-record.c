/* SPDX-License-Identifier: MIT */
/*
 * Result records read back from disk (core/record.c record_load, the typed
 * access of report/jtype.c): a result.json may have been edited or damaged
 * before `carecert junit`, `diff` or `report` reads it. The input as
 * result.json through record_load(), then what `junit` and `diff` do with
 * it: the tally, the JUnit file, and the comparison with itself and with a
 * real record both ways.
 * Seeds: the project's records (tests/data/).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/junit.h"
#include "core/record.h"
#include "fuzz.h"
#include "report/rundiff.h"

static struct record *ref; /* a real record to diff against */
static FILE *devnull;
static char path[PATH_MAX], junit[PATH_MAX];

static void init(void)
{
	char p[PATH_MAX], err[256];

	snprintf(p, sizeof(p), "%s/tests/data/accuracy-run/result.json",
		 fuzz_top());
	ref = record_load(p, err, sizeof(err));
	fuzz_assert(ref);
	devnull = fopen("/dev/null", "w");
	fuzz_assert(devnull);
	snprintf(path, sizeof(path), "%s/result.json", fuzz_tmpdir());
	snprintf(junit, sizeof(junit), "%s/junit.xml", fuzz_tmpdir());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rundiff_counts c;
	struct verdict_tally t;
	struct record *r;
	char err[256];

	fuzz_write(path, data, size);
	r = record_load(path, err, sizeof(err));
	if (!r)
		return 0;
	record_tally(record_json(r), &t);
	(void)verdict_tally_overall(&t);
	(void)junit_write(record_json(r), junit);
	fuzz_assert(!rundiff_print(record_json(r), record_json(r), "a", "a",
				   5.0, devnull, &c));
	fuzz_assert(!rundiff_print(record_json(ref), record_json(r), "ref",
				   "in", 5.0, devnull, &c));
	fuzz_assert(!rundiff_print(record_json(r), record_json(ref), "in",
				   "ref", 0.0, devnull, &c));
	record_free(r);
	return 0;
}

static const char *const seeds[] = {"tests/data/*/result.json", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "record", .seeds = seeds, .init = init};
