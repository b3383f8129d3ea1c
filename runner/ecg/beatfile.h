/* SPDX-License-Identifier: MIT */
/*
 * Beat times from files, so a lab can judge a Holter's or an algorithm's
 * output offline (ecg_compare's beats:, docs/ecg.md):
 *
 *  - WFDB annotations: RECORD.<annotator> (MIT format, wfdb.h) at the
 *    sampling frequency of RECORD.hea; only beat annotations count
 *    (wfdb_is_beat), as WFDB's bxb reads a test annotator (e.g. the
 *    device's RECORD.qrs) beside the reference one (RECORD.atr).
 *  - CSV: one beat per line, its time in the first field, in seconds, or
 *    with a time unit of its own ("812 ms"). UTF-8 (a BOM is skipped), LF
 *    or CRLF; blank lines and lines starting with '#' are skipped; the
 *    first other line is a header when its first field is not a number;
 *    further fields (a beat type, a channel) are ignored; the first field
 *    may be double-quoted.
 *
 * Times must be finite, not negative and never go back (a beat list is in
 * time order); at most BEATFILE_MAX beats. Errors: CC_ENOTFOUND (no such
 * file), CC_EIO, CC_EINVAL (malformed; err names the file and where:
 * "beats.csv:4:1: ..." for CSV, wfdb.h's messages for WFDB files),
 * CC_ETOOBIG, CC_ENOMEM. On success *times is a malloc'd array of *n
 * times the caller frees (NULL when *n is 0); on failure nothing is
 * allocated.
 */
#ifndef CARECERT_BEATFILE_H
#define CARECERT_BEATFILE_H

#include <stdbool.h>
#include <stddef.h>

#define BEATFILE_MAX 10000000 /* beats in one file: days of Holter data */

/* Parse CSV text of len bytes (need not be NUL-terminated); name labels
 * the messages. */
int beatfile_csv_parse(const char *text, size_t len, const char *name,
		       double **times, size_t *n, char *err, size_t errlen);
int beatfile_csv_read(const char *path, double **times, size_t *n, char *err,
		      size_t errlen);

/* The beat annotations of RECORD.<annotator> (record: a path without
 * extension) in seconds, fs from RECORD.hea. */
int beatfile_wfdb_read(const char *record, const char *annotator,
		       double **times, size_t *n, char *err, size_t errlen);

/* An annotator name WFDB would take as a file extension: 1 to 16
 * letters, digits or '_' (atr, qrs, pu0). */
bool beatfile_annotator_valid(const char *name);

#endif
