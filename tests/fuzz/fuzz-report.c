/* SPDX-License-Identifier: MIT */
/*
 * The certification report (report/report.c, report-body.c, labels, html)
 * from a result record that may have been edited or damaged: the input as
 * result.json of a run folder, rendered to HTML in English or Chinese (by
 * the input's length) with no plots and no PDF, as `carecert report
 * --no-pdf` on a machine without gnuplot would.
 * Seeds: the project's records (tests/data/).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "fuzz.h"
#include "report/report.h"

static char run[PATH_MAX], out[PATH_MAX], path[PATH_MAX];

static void init(void)
{
	snprintf(run, sizeof(run), "%s/run", fuzz_tmpdir());
	snprintf(out, sizeof(out), "%s/out", fuzz_tmpdir());
	snprintf(path, sizeof(path), "%s/result.json", run);
	fuzz_assert(!mkdir(run, 0755));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_opts o = {
	    .run_dir = run,
	    .out_dir = out,
	    .lang = size % 2 ? LANG_ZH : LANG_EN,
	    .issued = 1767225600, /* 2026-01-01: no clock in the output */
	    .skip_plots = true,
	};
	struct report_files f;
	char err[1024];
	int rc;

	fuzz_write(path, data, size);
	rc = report_render(&o, &f, err, sizeof(err));
	/* a record that cannot be read is refused, never half-reported */
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL || rc == CC_ETOOBIG);
	fuzz_assert(rc == CC_OK || strnlen(err, sizeof(err)) < sizeof(err));
	return 0;
}

static const char *const seeds[] = {"tests/data/*/result.json", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "report", .seeds = seeds, .init = init};
