/* SPDX-License-Identifier: MIT */
/*
 * The ECG family's steps (step_family_ecg, suite-ecg.c loads them;
 * exec-ecg.c runs them).
 */
#ifndef CARECERT_ECG_STEPS_H
#define CARECERT_ECG_STEPS_H

#include "base/units.h"
#include "core/exec.h"

/* The numeric parameters of ecg_compare and hr_response with the unit each
 * is kept in (a bare number is in it; another unit of its dimension is
 * converted; docs/suites.md). Rows end with name NULL. */
extern const struct unit_param ecg_compare_params[];
extern const struct unit_param hr_response_params[];

#define ECG_WINDOW_MAX 1.0 /* s: a match window beyond is a unit mistake */

/* What ecg_compare reads from files (st->ecg, owned by the step; paths
 * resolved against the suite file): the device's beats, when they do not
 * come from a case list (st->name), as a CSV of times or a WFDB record's
 * annotator (ecg/beatfile.h); and the annotator of the reference record
 * (st->data, a path without extension). */
struct ecg_step {
	char *beats_csv;
	char *beats_record;
	char *beats_annotator; /* "atr" unless given */
	char *ref_annotator;   /* "atr" unless given */
};

/* Compare a case list of beat times with a reference ECG's beats (EC57 bxb). */
enum verdict exec_ecg_step(struct exec *e, const struct step *st);
/* Heart-rate response time to a rate step from two case lists (report
 * times, shown rates), judged against a maximum (hrresp.c). */
enum verdict exec_hr_response_step(struct exec *e, const struct step *st);

#endif
