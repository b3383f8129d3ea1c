/* SPDX-License-Identifier: MIT */
/*
 * The accuracy family's steps (step_family_accuracy, suite-acc.c loads
 * them): accuracy (exec-acc.c), instrument and pair (exec-instr.c); and
 * the helpers the ECG steps share with them.
 */
#ifndef CARECERT_ACC_STEPS_H
#define CARECERT_ACC_STEPS_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/exec.h"

#define ACC_TEXT 160 /* expected / observed texts of the evidence */

/* The accuracy methods and, per method, the limit names it takes;
 * NULL-terminated (exec-acc.c evaluates them). */
struct acc_method_desc {
	const char *name;
	const char *const *limits;
};
extern const struct acc_method_desc acc_methods[];
enum verdict exec_accuracy_step(struct exec *e, const struct step *st);
/* A reference instrument's command; a pair into a run set. */
enum verdict exec_instrument_step(struct exec *e, const struct step *st);
enum verdict exec_pair_step(struct exec *e, const struct step *st);

/* The number a step's limit or parameter `key` gives (expanded ${...});
 * true with *out untouched when the step does not give it; false with an
 * error verdict when it is not a number. */
bool acc_limit_num(struct exec *e, const struct step *st, const char *key, double *out);
/* JSON for the evaluation: a finite number or null; a verdict's name; a
 * criterion {name, clause, verdict, observed, limit}. */
json_object *acc_json_num(double v);
json_object *acc_json_verdict(enum verdict v);
json_object *acc_json_criterion(const char *name, const char *clause, const char *verdict,
				const char *observed, const char *limit);

#endif
