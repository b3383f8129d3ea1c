/* SPDX-License-Identifier: MIT */
/*
 * Running an external tool (gnuplot, weasyprint) as a child process: its
 * standard input fed from memory, standard output and error captured into
 * buffers, under a deadline. No shell is involved: arguments are passed as
 * they are, so file names need no quoting.
 *
 * SIGPIPE is blocked while writing to the child and any pending one is
 * taken, so a tool that exits early cannot kill carecert.
 */
#ifndef CARECERT_EXTOOL_H
#define CARECERT_EXTOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct extool_job {
	const char *const *argv; /* argv[0] is looked up in PATH */
	const char *const
	    *env;	/* extra NAME=value entries, NULL-ended; may be NULL */
	const void *in; /* standard input (may be NULL: empty) */
	size_t in_len;
	struct buf *out;    /* standard output; NULL: discarded */
	struct buf *errout; /* standard error; NULL: discarded; output past the
			     * buffer's cap is dropped, not an error */
	int timeout_ms;	    /* the child is killed when it passes */
};

/* Run the job to completion. CC_OK with the exit status in *status (-1 for
 * death by signal); CC_ENOTFOUND when the program cannot be executed;
 * CC_ETIMEDOUT (child killed); CC_ETOOBIG when standard output overflows
 * its buffer (child killed); CC_ESYS for pipe/fork failures. */
int extool_run(const struct extool_job *job, int *status);

/* Whether a program is found in PATH and executable. */
bool extool_exists(const char *prog);

#endif
