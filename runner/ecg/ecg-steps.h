/* SPDX-License-Identifier: MIT */
/*
 * The ECG family's steps (step_family_ecg, suite-ecg.c loads them;
 * exec-ecg.c runs them).
 */
#ifndef CARECERT_ECG_STEPS_H
#define CARECERT_ECG_STEPS_H

#include "core/exec.h"

/* Compare a case list of beat times with a reference ECG's beats (EC57 bxb). */
enum verdict exec_ecg_step(struct exec *e, const struct step *st);
/* Heart-rate response time to a rate step from two case lists (report
 * times, shown rates), judged against a maximum (hrresp.c). */
enum verdict exec_hr_response_step(struct exec *e, const struct step *st);

#endif
