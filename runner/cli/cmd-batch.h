/* SPDX-License-Identifier: MIT */
/*
 * carecert run with several profiles: each its own run (a child carecert
 * process: its own run folder, simulator and link), at most jobs at once,
 * a summary table at the end, and the worst exit status of them all.
 */
#ifndef CARECERT_CMD_BATCH_H
#define CARECERT_CMD_BATCH_H

#include <stddef.h>

struct batch_opts {
	const char *out;	/* the folder holding one run folder per profile;
				 * NULL: reports/out/batch-<UTC time> */
	unsigned jobs;		/* runs at once, at least 1 */
	char *const *pass;	/* options every run gets (NULL-ended) */
};

/* Exit status: the worst of the runs (0 < 4 partial < 1 failed < 3 not
 * completed < 2 usage < 128+N signal); 2 when the batch itself cannot
 * start (a profile named twice, a folder that cannot be made). */
int cmd_run_batch(char *const *profiles, size_t n, const struct batch_opts *o);

#endif
