/* SPDX-License-Identifier: MIT */
/*
 * The engine runs a profile: plan -> (simulator) -> transport -> each case
 * with its retries -> record, rewritten after every case -> JUnit.
 * A failing or erroring case never ends the run; a link that fails is
 * reopened before the next case.
 */
#ifndef CARECERT_ENGINE_H
#define CARECERT_ENGINE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/profile.h"
#include "core/verdict.h"

struct engine_opts {
	const char *out_dir;    /* run folder, created if needed */
	const char *junit_path; /* NULL: no JUnit */
	int junit_dialect;      /* enum junit_dialect; 0: ant */
	char **faults;          /* replaces the profile's simulator faults */
	/* the selection (--case, --tag, --exclude-tag, --rerun-failed): a
	 * run that leaves out applicable cases is partial, never a
	 * certification verdict */
	char **only;            /* case id glob patterns (fnmatch); NULL for all */
	char **tags;            /* run only cases with one of these tags; NULL: any */
	char **exclude_tags;    /* leave out cases with one of these tags */
	const char *rerun_dir;  /* run only what failed or errored in that run */
	bool force;             /* out_dir may hold an earlier, unsealed run */
	bool verbose;           /* frames on stderr as they pass */
	FILE *progress;         /* one line per case; NULL for quiet */
};

/* Returns the exit status of `carecert run`: 0 every applicable case
 * passed, 1 some failed or were inconclusive, 3 the run could not be
 * completed or some case errored. err explains a 3 that aborted. */
int engine_run(const struct profile *p, const struct engine_opts *o,
	       struct verdict_tally *tally, char *err, size_t errlen);

#endif
