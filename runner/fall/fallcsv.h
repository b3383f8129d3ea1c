/* SPDX-License-Identifier: MIT */
/*
 * Recorded motion trials from a lab's CSV, so a bench can replay its own
 * recordings or a public data set it holds (docs/fall-detection.md):
 *
 *   time,ax,ay,az,label            or
 *   time,ax,ay,az,gx,gy,gz,label
 *
 * time in seconds, acceleration in g (within +-16 g), angular rate in
 * deg/s (within +-2048 deg/s); the header line is optional (without it the
 * column count decides); blank lines and lines starting with '#' are
 * skipped. A trial is a run of rows with the same label whose times rise;
 * a new label, or a time that does not rise, starts the next trial. A
 * label (1..31 bytes of letters, digits, "_.:/-") starting with a SisFall
 * code (F01..F15, D01..D19, not followed by a digit) is of that type;
 * otherwise one starting with F is a fall and one starting with D or A an
 * ADL. A fall's impact is taken at its largest |a|. The rate of a trial is
 * its mean (n - 1) / (t_last - t_first); an interval more than 50 % off
 * the mean is refused (the replay plays at one rate).
 *
 * Untrusted input: lines, rows, trials are capped; every refusal is a
 * diagnostic name:line:column.
 */
#ifndef CARECERT_FALLCSV_H
#define CARECERT_FALLCSV_H

#include "base/diag.h"
#include "fall/falltrial.h"

#define FALLCSV_LINE_MAX 512
#define FALLCSV_ROWS_MAX 5000000u
#define FALLCSV_TRIALS_MAX 100000u
#define FALLCSV_ACC_MAX 16.0	/* g */
#define FALLCSV_GYRO_MAX 2047.0 /* deg/s */

/* Parse text (len bytes, need not end in NUL) named name in diagnostics.
 * CC_OK with *out (caller frees with fall_set_free; at least one trial,
 * each of at least 2 rows); CC_EINVAL with at least one diagnostic in d;
 * CC_ENOMEM. */
int fallcsv_parse(const char *name, const char *text, size_t len,
		  struct fall_set **out, struct diag *d);

/* Read and parse a file; as fallcsv_parse(), plus CC_ENOTFOUND / CC_EIO
 * with a diagnostic. */
int fallcsv_read(const char *path, struct fall_set **out, struct diag *d);

#endif
