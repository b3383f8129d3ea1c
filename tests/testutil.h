/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the test files: temporary directories and files. */
#ifndef CARECERT_TESTUTIL_H
#define CARECERT_TESTUTIL_H

#include <stddef.h>

/* A fresh directory under $TMPDIR (or /tmp); path valid until tu_rmdir. */
char *tu_mkdtemp(void);
/* Remove a directory tree made by tu_mkdtemp and free the path. */
void tu_rmdir(char *dir);
/* Write text to dir/name (creating dir/sub directories); returns the path
 * (malloc'd). */
char *tu_write(const char *dir, const char *name, const char *text);
/* Whole file as a malloc'd string, NULL if unreadable. */
char *tu_slurp(const char *path);

/* The source tree ($CARECERT_TOP, else ".") and the build folder
 * ($CARECERT_BIN, else "build"). */
const char *tu_top(void);
const char *tu_bindir(void);
/* Run a shell command line in the source tree, stderr with stdout; the
 * output (at most 1 MiB) in *out (malloc'd); returns the exit status, -1
 * when it did not exit normally. */
int tu_run(const char *cmd, char **out);
/* Run n shell command lines, at most k at a time, and wait for all;
 * each command redirects its own output. */
void tu_run_parallel(char *const *cmds, size_t n, size_t k);

#endif
