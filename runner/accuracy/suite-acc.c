/* SPDX-License-Identifier: MIT */
/*
 * Loading the accuracy and bench steps (step_family_accuracy): accuracy
 * (paired data judged by a standard's criteria), instrument (a command to
 * a reference instrument) and pair (a reference/device pair into a run
 * data set).
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "accuracy/acc-steps.h"
#include "base/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each limit's unit: NULL the data's (the step's unit:, else the data's,
 * else the method's); "" a plain number (counts, fractions, z). */
static const struct unit_param bp_limits[] = {
    {"max_abs_mean", NULL, true}, {"max_sd", NULL, true},
    {"c2_bound", NULL, true},	  {"c2_coverage", "", false},
    {"c2_table", "", false}, /* numbers in mmHg, 0.1 mmHg steps */
    {"loa_z", "", false},	  {"min_pairs", "", false},
    {"min_subjects", "", false},  {NULL, NULL, false},
};
/* the evaluator works in mg/dL whatever the data's unit */
static const struct unit_param glucose_limits[] = {
    {"threshold", "mg/dL", false}, {"abs_limit", "mg/dL", true},
    {"rel_limit_pct", "%", false}, {"min_within_pct", "%", false},
    {"min_ab_pct", "%", false},	   {"min_pairs", "", false},
    {"min_subjects", "", false},   {NULL, NULL, false},
};
static const struct unit_param spo2_limits[] = {
    {"max_arms", NULL, true},	 {"range_low", NULL, false},
    {"range_high", NULL, false}, {"min_pairs", "", false},
    {"min_subjects", "", false}, {"min_pairs_per_decade", "", false},
    {NULL, NULL, false},
};
static const struct unit_param pr_limits[] = {
    {"max_pr_arms", NULL, true},
    {"min_pairs", "", false},
    {"min_subjects", "", false},
    {NULL, NULL, false},
};
static const struct unit_param tol_limits[] = {
    {"abs_limit", NULL, true},
    {"rel_limit_pct", "%", false},
    {"min_pairs", "", false},
    {NULL, NULL, false},
};

const struct acc_method_desc acc_methods[] = {
    {"iso81060-2", "mmHg", bp_limits, NULL}, /* blood pressure, criteria 1 and 2 */
    {"iso15197", "mg/dL",
     glucose_limits, NULL}, /* glucose: +-15 mg/dL / 15 %, Parkes grid */
    {"iso80601-2-61", "%", spo2_limits, NULL}, /* SpO2 Arms */
    /* oximeter pulse rate Arms: 80601-2-61 sets no limit, the
     * manufacturer's claim is the limit */
    {"pulse-rate", "bpm", pr_limits, "max_pr_arms"},
    {"heart-rate", "bpm", tol_limits, NULL},	 /* +-10 % or +-5 bpm */
    {"temperature", "Cel", tol_limits, NULL},	 /* +-0.3 Cel */
    {NULL, NULL, NULL, NULL},
};

const struct acc_method_desc *acc_method_find(const char *name)
{
	for (size_t i = 0; name && acc_methods[i].name; i++)
		if (!strcmp(acc_methods[i].name, name))
			return &acc_methods[i];
	return NULL;
}

/* The step's unit measures what the method judges (mmHg or kPa for blood
 * pressure, never Cel); the limits are then held to their units. */
static void check_acc_units(struct loader *L, struct step *st,
			    const struct ynode *v,
			    const struct acc_method_desc *m)
{
	const char *data_unit = m->unit;
	const struct ynode *w = ymap_get(v, "limits");

	if (st->acc_unit && unit_known(st->acc_unit)) {
		if (strcmp(unit_dimension(st->acc_unit),
			   unit_dimension(m->unit))) {
			ynode_error(ymap_get(v, "unit"), L->d,
				    "unit '%s' measures %s; %s judges %s (%s)",
				    st->acc_unit, unit_dimension(st->acc_unit),
				    m->name, unit_dimension(m->unit), m->unit);
			return;
		}
		data_unit = st->acc_unit;
	}
	for (size_t i = 0; w && w->type == YNODE_MAP && i < w->n; i++) {
		const struct ynode *k = w->pairs[i].key, *x = w->pairs[i].value;
		const struct unit_param *row =
		    unit_param_find(m->limits, k->str);

		if (!row || !strcmp(row->name, "c2_table") ||
		    x->type != YNODE_SCALAR)
			continue;
		suite_check_quantity(L, x, k->str, x->str,
				     row->unit ? row->unit : data_unit,
				     row->delta, NULL);
	}
}

static void load_accuracy(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "method", "data", "quantity", "unit", "criterion",
					    "limits", "report_only", NULL };
	const struct acc_method_desc *m = NULL;
	const struct ynode *w;
	long l;

	if (!ynode_expect(v, YNODE_MAP, "accuracy", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "method", L->d)) && yscalar_str(w, "method", L->d)) {
		m = acc_method_find(w->str);
		if (!m)
			ynode_error(w, L->d, "unknown accuracy method '%s' (expected iso81060-2, iso15197, iso80601-2-61, pulse-rate, heart-rate or temperature)",
				    w->str);
		st->acc_method = strdup(w->str);
	}
	if (ymap_require(v, "data", L->d))
		st->acc_data = suite_step_str(L, v, "data");
	if (ymap_get(v, "quantity"))
		st->acc_quantity = suite_step_str(L, v, "quantity");
	if ((w = ymap_get(v, "unit"))) {
		st->acc_unit = suite_step_str(L, v, "unit");
		if (st->acc_unit && !unit_known(st->acc_unit))
			ynode_error(w, L->d, "unknown unit '%s'", st->acc_unit);
	}
	if ((w = ymap_get(v, "criterion")) && yscalar_long(w, "criterion", 1, 2, &l, L->d))
		st->acc_criterion = (int)l;
	if ((w = ymap_get(v, "limits")) && ynode_expect(w, YNODE_MAP, "limits", L->d)) {
		st->acc_keys = calloc(w->n + 1, sizeof(char *));
		st->acc_vals = calloc(w->n + 1, sizeof(char *));
		for (size_t i = 0; st->acc_keys && st->acc_vals && i < w->n; i++) {
			const struct ynode *k = w->pairs[i].key,
					   *x = w->pairs[i].value;

			if (m && !unit_param_find(m->limits, k->str))
				ynode_error(k, L->d, "unknown limit '%s' for %s", k->str, m->name);
			if (!yscalar_str(x, k->str, L->d))
				continue;
			suite_check_vars(L, x, x->str);
			st->acc_keys[st->nacc] = strdup(k->str);
			st->acc_vals[st->nacc++] = strdup(x->str);
		}
	}
	if ((w = ymap_get(v, "report_only")))
		yscalar_bool(w, "report_only", &st->acc_report_only, L->d);
	/* a figure with no limit cannot fail: it is judged, or it says it
	 * is only reported */
	if (m && m->required_limit && !st->acc_report_only &&
	    !strv_contains(st->acc_keys, m->required_limit))
		ynode_error(ymap_get(v, "method"), L->d,
			    "%s has no limit %s: set it under limits:, or mark the step report_only: true",
			    m->name, m->required_limit);
	if (m)
		check_acc_units(L, st, v, m);
}

/* instrument: {id: patient, command: set, args: {systolic: 120}, capture: ref,
 * within: 2 s} */
static void load_instrument(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "id", "command", "args", "capture", "within", NULL };
	const struct ynode *w;

	if (!ynode_expect(v, YNODE_MAP, "instrument", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if (ymap_require(v, "id", L->d))
		st->instrument_id = suite_step_str(L, v, "id");
	if (ymap_require(v, "command", L->d))
		st->command = suite_step_str(L, v, "command");
	if ((w = ymap_get(v, "capture"))) {
		st->capture_prefix = suite_dup_str(w, "capture", L->d);
		if (st->capture_prefix && !suite_valid_name(st->capture_prefix))
			ynode_error(w, L->d, "capture must be letters, digits and _");
		suite_define_prefix(L, st->capture_prefix);
	} else {
		/* the driver's capture names, unknown to the suite */
		suite_define_any_plain(L);
	}
	if ((w = ymap_get(v, "within")))
		yscalar_duration(w, "within", &st->within_ns, L->d);
	if ((w = ymap_get(v, "args")) && ynode_expect(w, YNODE_MAP, "args", L->d)) {
		st->acc_keys = calloc(w->n + 1, sizeof(char *));
		st->acc_vals = calloc(w->n + 1, sizeof(char *));
		for (size_t i = 0; st->acc_keys && st->acc_vals && i < w->n; i++) {
			const struct ynode *k = w->pairs[i].key, *x = w->pairs[i].value;

			if (!suite_valid_name(k->str))
				ynode_error(k, L->d, "argument names are letters, digits and _");
			if (!yscalar_str(x, k->str, L->d))
				continue;
			suite_check_vars(L, x, x->str);
			suite_define_var(L, k->str); /* for the driver's template */
			st->acc_keys[st->nacc] = strdup(k->str);
			st->acc_vals[st->nacc++] = strdup(x->str);
		}
	}
}

static void pair_reading_unit(struct loader *L, const struct step *st,
			      const struct ynode *w, const char *key,
			      const char *text)
{
	struct quantity q;
	char err[160];

	if (!w || !text || (st->acc_unit && !unit_known(st->acc_unit)) ||
	    (!strstr(text, "${") && quantity_parse(text, &q, err, sizeof(err))))
		return;
	suite_check_quantity(L, w, key, text, st->acc_unit ? st->acc_unit : "",
			     false, NULL);
}

/* pair: {data: live, subject: S, quantity: systolic, reference: R,
 * device: D, unit: mmHg, instrument: patient, when: COND} */
static void load_pair(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "data", "subject", "quantity", "reference",
					    "device", "unit", "instrument", "when", "missing", NULL };
	const struct ynode *w;
	const char *s;

	if (!ynode_expect(v, YNODE_MAP, "pair", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if (ymap_require(v, "data", L->d))
		st->acc_data = suite_step_str(L, v, "data");
	if (ymap_get(v, "subject"))
		st->subject = suite_step_str(L, v, "subject");
	if (ymap_get(v, "quantity"))
		st->acc_quantity = suite_step_str(L, v, "quantity");
	if (ymap_require(v, "reference", L->d))
		st->reference = suite_step_str(L, v, "reference");
	if (ymap_require(v, "device", L->d))
		st->value = suite_step_str(L, v, "device");
	if ((w = ymap_get(v, "unit"))) {
		st->acc_unit = suite_step_str(L, v, "unit");
		if (st->acc_unit && !unit_known(st->acc_unit))
			ynode_error(w, L->d, "unknown unit '%s'", st->acc_unit);
	}
	if (ymap_get(v, "instrument"))
		st->instrument_id = suite_step_str(L, v, "instrument");
	if (ymap_get(v, "when"))
		st->when = suite_step_str(L, v, "when");
	if ((w = ymap_get(v, "missing")) && (s = yscalar_str(w, "missing", L->d))) {
		if (!strcmp(s, "continue"))
			st->missing_continue = true;
		else if (strcmp(s, "fail"))
			ynode_error(w, L->d, "missing is fail (the default: the case stops) or continue");
	}
	/* readings written out are held to the pair's unit now; one that is no
	 * number (NaN) is a missing reading, for the run to record */
	pair_reading_unit(L, st, ymap_get(v, "reference"), "reference",
			  st->reference);
	pair_reading_unit(L, st, ymap_get(v, "device"), "device", st->value);
}

static void load_acc_step(struct loader *L, struct step *st, const struct ynode *v)
{
	switch (st->kind) {
	case STEP_ACCURACY:
		load_accuracy(L, st, v);
		break;
	case STEP_INSTRUMENT:
		st->within_ns = 2LL * 1000000000LL;
		load_instrument(L, st, v);
		break;
	default:
		load_pair(L, st, v);
		break;
	}
}

static enum verdict run_acc_step(struct exec *e, const struct step *st)
{
	switch (st->kind) {
	case STEP_ACCURACY:
		return exec_accuracy_step(e, st);
	case STEP_INSTRUMENT:
		return exec_instrument_step(e, st);
	default:
		return exec_pair_step(e, st);
	}
}

static const enum step_kind acc_kinds[] = { STEP_ACCURACY, STEP_INSTRUMENT, STEP_PAIR };

const struct step_family step_family_accuracy = {
	.name = "accuracy",
	.kinds = acc_kinds,
	.nkinds = sizeof(acc_kinds) / sizeof(acc_kinds[0]),
	.load = load_acc_step,
	.run = run_acc_step,
};
