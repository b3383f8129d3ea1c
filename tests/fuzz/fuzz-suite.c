/* SPDX-License-Identifier: MIT */
/*
 * Suite files (core/suite.c and every step family's loader, over
 * base/ydoc.c and libyaml): suite_load() of the input as a file, then the
 * lookups a run makes on what loaded.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/suite.h"
#include "fuzz.h"

static const char *const seeds[] = {"suites/*.yaml", NULL};

const struct fuzz_harness fuzz_harness = {.name = "suite", .seeds = seeds};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];
	struct suite *s;
	struct diag d;

	snprintf(path, sizeof(path), "%s/suite.yaml", fuzz_tmpdir());
	fuzz_write(path, data, size);
	diag_init(&d);
	s = suite_load(path, &d);
	/* a refusal always says why */
	fuzz_assert(s || diag_count(&d));
	if (s) {
		fuzz_assert(s->id && s->category && s->transport && s->ncases);
		/* framer.h: a line terminator is never empty */
		fuzz_assert(s->line.terminator[0] && s->line.max_len);
		for (size_t i = 0; i < s->ncases; i++) {
			fuzz_assert(s->cases[i].id);
			fuzz_assert(suite_find_case(s, s->cases[i].id));
		}
		for (size_t i = 0; i < s->nlimits; i++)
			fuzz_assert(suite_find_limit(s, s->limits[i].name));
		for (size_t i = 0; i < s->nfeatures; i++)
			fuzz_assert(suite_find_feature(s, s->features[i].name));
	}
	suite_free(s);
	diag_release(&d);
	return 0;
}
