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

#include "base/units.h"
#include "core/exec.h"

#define ACC_TEXT 160 /* expected / observed texts of the evidence */

/* The accuracy methods: per method, the unit its data is judged in when
 * neither the step (unit:) nor the data says, and the limits it takes,
 * each with the unit it is kept in (unit NULL: the data's unit; rows end
 * with name NULL); the list ends with name NULL. exec-acc.c evaluates
 * them. */
struct acc_method_desc {
	const char *name;
	const char *unit;
	const struct unit_param *limits;
	/* the limit the standard gives no value for: a step must set it
	 * or be report_only (NULL: the standard's values are the defaults) */
	const char *required_limit;
};
extern const struct acc_method_desc acc_methods[];
const struct acc_method_desc *acc_method_find(const char *name);
enum verdict exec_accuracy_step(struct exec *e, const struct step *st);
/* A reference instrument's command; a pair into a run set. */
enum verdict exec_instrument_step(struct exec *e, const struct step *st);
enum verdict exec_pair_step(struct exec *e, const struct step *st);

/* The number a step's limit or parameter `key` gives (expanded ${...}) in
 * the unit its row of table declares (data_unit for a row with unit NULL):
 * converted from another unit of that dimension; true with *out untouched
 * when the step does not give it; false with an error verdict when it is
 * not a number or measures something else (exec_quantity). */
bool acc_param_num(struct exec *e, const struct step *st,
		   const struct unit_param *table, const char *data_unit,
		   const char *key, double *out);
/* JSON for the evaluation: a finite number or null; a verdict's name; a
 * criterion {name, clause, verdict, observed, limit}. */
json_object *acc_json_num(double v);
json_object *acc_json_verdict(enum verdict v);
json_object *acc_json_criterion(const char *name, const char *clause, const char *verdict,
				const char *observed, const char *limit);

#endif
