/* SPDX-License-Identifier: MIT */
/*
 * The results store's import (store/import.c): a result.json from a run
 * folder is checked and stored; a damaged or hostile one must be refused
 * or stored as valid rows, never crash, and never leave a half-written
 * run. The input as result.json, imported into an in-memory SQLite store
 * (allowing unfinished runs, so that more of the record is written); a
 * run stored is read back whole.
 * Seeds: the project's records (tests/data/).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "store/store.h"

static struct store *st;
static char dir[PATH_MAX], path[PATH_MAX];

static void init(void)
{
	char err[512];

	fuzz_assert(store_open(":memory:", &st, err, sizeof(err)) == CC_OK);
	snprintf(dir, sizeof(dir), "%s", fuzz_tmpdir());
	snprintf(path, sizeof(path), "%s/result.json", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_add_opts o = { .allow_incomplete = true };
	struct store_add_result r;
	json_object *run;
	char err[1024];
	int rc;

	fuzz_write(path, data, size);
	rc = store_add_run(st, dir, &o, &r, err, sizeof(err));
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL || rc == CC_EIO);
	if (rc)
		return 0;
	/* what was stored reads back, under its key */
	fuzz_assert(store_run_get(st, r.sha256, &run, err, sizeof(err)) == CC_OK);
	json_object_put(run);
	return 0;
}

static const char *const seeds[] = { "tests/data/*/result.json", NULL };

const struct fuzz_harness fuzz_harness = { .name = "store", .seeds = seeds, .init = init };
