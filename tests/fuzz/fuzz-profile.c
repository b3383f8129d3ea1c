/* SPDX-License-Identifier: MIT */
/*
 * Profiles (core/profile.c): profile_load() of the input as
 * profiles/fuzz.yaml in a scratch tree whose suites/, fixtures/ and hw/
 * link to the source tree's, so the suites, paired-data files and
 * instrument drivers a profile names load and are checked against it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/profile.h"
#include "fuzz.h"

static const char *const seeds[] = {"profiles/*.yaml", NULL};
static char path[PATH_MAX];

static void init(void)
{
	static const char *const links[] = {"suites", "fixtures", "hw"};
	char dir[PATH_MAX], from[PATH_MAX];

	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", fuzz_top(), links[i]);
		snprintf(from, sizeof(from), "%s/%s", fuzz_tmpdir(), links[i]);
		fuzz_assert(!symlink(dir, from));
	}
	snprintf(dir, sizeof(dir), "%s/profiles", fuzz_tmpdir());
	fuzz_assert(!mkdir(dir, 0755));
	snprintf(path, sizeof(path), "%s/fuzz.yaml", dir);
}

const struct fuzz_harness fuzz_harness = {
    .name = "profile", .seeds = seeds, .init = init};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p;
	struct diag d;

	fuzz_write(path, data, size);
	diag_init(&d);
	p = profile_load(path, NULL, &d);
	/* a refusal always says why */
	fuzz_assert(p || diag_count(&d));
	if (p) {
		for (size_t i = 0; i < p->nsuites; i++)
			fuzz_assert(p->suites[i]);
		for (size_t i = 0; i < p->nlimits; i++)
			fuzz_assert(profile_limit(p, p->limits[i].name));
		for (size_t i = 0; i < p->ndata; i++)
			fuzz_assert(p->data[i].set && p->data[i].set->n >= 1);
		for (size_t i = 0; i < p->ninstruments; i++)
			fuzz_assert(
			    profile_instrument_find(p, p->instruments[i].id));
		for (size_t i = 0; i < p->nparams; i++)
			fuzz_assert(profile_param(p, p->params[i].key));
	}
	profile_free(p);
	diag_release(&d);
	return 0;
}
