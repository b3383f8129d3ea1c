/* SPDX-License-Identifier: MIT */
/*
 * Loading the fall steps (step_family_fall): fall_replay and fall_judge,
 * their words checked and their numbers' units checked now.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "ble/att.h"
#include "fall/fall-steps.h"
#include "fall/falltrial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct unit_param fall_replay_params[] = {
    {"seed", "", false},	 {"subjects", "", false},
    {"reps", "", false},	 {"fs", "Hz", false},
    {"pre", "s", true},		 {"post", "s", true},
    {"lie", "s", true},		 {"gap", "s", true},
    {"compression", "", false},	 {"lead", "s", true},
    {"window", "s", true},	 {"before", "s", true},
    {"shield_from", "s", false}, {"shield_to", "s", false},
    {"slack", "s", true},	 {NULL, NULL, false},
};

const struct unit_param fall_judge_params[] = {
    {"min", "%", false},	 {"max_ratio", "%", false},
    {"max", "s", true},		 {"max_count", "", false},
    {"max_per_hour", "", false}, {"expected", "s", true},
    {"tolerance", "s", true},	 {NULL, NULL, false},
};

const char *const fall_figure_names[FALL_FIG_COUNT] = {
    [FALL_FIG_SENSITIVITY] = "sensitivity",
    [FALL_FIG_SPECIFICITY] = "specificity",
    [FALL_FIG_FALL_TYPES] = "fall_types",
    [FALL_FIG_ADL_TYPES] = "adl_types",
    [FALL_FIG_LATENCY] = "latency",
    [FALL_FIG_EVENT_TIME] = "event_time",
    [FALL_FIG_DUPLICATES] = "duplicates",
    [FALL_FIG_FALSE_ALARM_RATE] = "false_alarm_rate",
    [FALL_FIG_LONG_LIE] = "long_lie",
    [FALL_FIG_OFFLINE] = "offline_delivery",
};

/* The limit keys each figure takes (the rest are refused). */
static const char *const figure_limits[FALL_FIG_COUNT][3] = {
    [FALL_FIG_SENSITIVITY] = {"min"},
    [FALL_FIG_SPECIFICITY] = {"min"},
    [FALL_FIG_FALL_TYPES] = {"min"},
    [FALL_FIG_ADL_TYPES] = {"max_ratio"},
    [FALL_FIG_LATENCY] = {"max"},
    [FALL_FIG_EVENT_TIME] = {"max"},
    [FALL_FIG_DUPLICATES] = {"max_count"},
    [FALL_FIG_FALSE_ALARM_RATE] = {"max_per_hour"},
    [FALL_FIG_LONG_LIE] = {"expected", "tolerance"},
    [FALL_FIG_OFFLINE] = {NULL},
};

static void keep(struct loader *L, struct step *st,
		 const struct unit_param *table, const char *key,
		 const struct ynode *w)
{
	const struct unit_param *row = unit_param_find(table, key);
	double v;

	if (!yscalar_str(w, key, L->d))
		return;
	suite_check_vars(L, w, w->str);
	if (row)
		suite_check_quantity(L, w, key, w->str, row->unit, row->delta,
				     &v);
	st->acc_keys[st->nacc] = strdup(key);
	st->acc_vals[st->nacc++] = strdup(w->str);
}

static bool session_name(struct loader *L, struct step *st,
			 const struct ynode *v)
{
	const struct ynode *w = ymap_require(v, "session", L->d);

	if (!w)
		return false;
	st->fall->session = suite_dup_str(w, "session", L->d);
	if (st->fall->session && !suite_valid_name(st->fall->session)) {
		ynode_error(w, L->d,
			    "session: a name of letters, digits and _");
		return false;
	}
	return st->fall->session != NULL;
}

/* trials: {seed, subjects, reps, fs, pre, post, lie, gap, types: [codes]}
 * or {csv: FILE, gap}. */
static void load_trials(struct loader *L, struct step *st,
			const struct ynode *v)
{
	static const char *const keys[] = {"seed",  "subjects", "reps", "fs",
					   "pre",   "post",	"lie",	"gap",
					   "types", "csv",	NULL};
	struct fall_step *x = st->fall;
	const struct ynode *w;

	if (!ynode_expect(v, YNODE_MAP, "trials", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_get(v, "csv"))) {
		const char *name = yscalar_str(w, "csv", L->d);
		FILE *f = NULL;

		if (ymap_get(v, "types") || ymap_get(v, "seed"))
			ynode_error(w, L->d,
				    "trials: csv replays a lab's file: no seed "
				    "or types");
		if (name && (x->csv = suite_resolve_path(L, name)) &&
		    !(f = fopen(x->csv, "rb")))
			ynode_error(w, L->d, "trials: cannot read %s", x->csv);
		if (f)
			fclose(f);
	}
	if ((w = ymap_get(v, "types"))) {
		if (!ynode_expect(w, YNODE_SEQ, "types", L->d))
			return;
		if (w->n > FALL_TYPES_MAX) {
			ynode_error(w, L->d, "types: at most %d",
				    FALL_TYPES_MAX);
			return;
		}
		x->types = calloc(w->n + 1, sizeof(char *));
		for (size_t i = 0; x->types && i < w->n; i++) {
			const char *c = yscalar_str(w->items[i], "types", L->d);

			if (c && !fall_type_find(c))
				ynode_error(w->items[i], L->d,
					    "types: '%s' is no SisFall type "
					    "(F01..F15, D01..D19)",
					    c);
			else if (c)
				x->types[x->ntypes++] = strdup(c);
		}
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->pairs[i].key->str;

		if (strcmp(k, "types") && strcmp(k, "csv") && st->nacc < 24)
			keep(L, st, fall_replay_params, k, v->pairs[i].value);
	}
}

static void load_replay(struct loader *L, struct step *st,
			const struct ynode *v)
{
	static const char *const keys[] = {
	    "session", "alarm",	 "trials",	"compression", "hash",	"lead",
	    "window",  "before", "shield_from", "shield_to",   "slack", NULL};
	static const char *const nums[] = {
	    "compression", "lead",	"window", "before",
	    "shield_from", "shield_to", "slack"};
	const struct ynode *w;
	struct att_uuid u;

	ymap_check_keys(v, keys, L->d);
	session_name(L, st, v);
	if ((w = ymap_require(v, "alarm", L->d))) {
		st->fall->alarm_uuid = suite_dup_str(w, "alarm", L->d);
		if (st->fall->alarm_uuid &&
		    att_uuid_parse(st->fall->alarm_uuid, &u))
			ynode_error(
			    w, L->d,
			    "alarm: a characteristic UUID, 4 hex digits or "
			    "8-4-4-4-12 hex");
	}
	if ((w = ymap_require(v, "trials", L->d)))
		load_trials(L, st, w);
	ymap_require(v, "compression", L->d);
	if ((w = ymap_get(v, "hash"))) {
		st->fall->hash = suite_dup_str(w, "hash", L->d);
		if (st->fall->hash)
			suite_check_vars(L, w, st->fall->hash);
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if ((w = ymap_get(v, nums[i])) && st->nacc < 24)
			keep(L, st, fall_replay_params, nums[i], w);
}

/* fall_times: {trials, compression, hash, lead, list} */
static void load_times(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = {"trials", "compression", "hash",
					   "lead",   "list",	    NULL};
	static const char *const nums[] = {"compression", "lead"};
	const struct ynode *w;

	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "trials", L->d)))
		load_trials(L, st, w);
	if (st->fall->csv)
		ynode_error(w, L->d,
			    "fall_times: generated trials only (no csv)");
	ymap_require(v, "compression", L->d);
	if ((w = ymap_get(v, "hash"))) {
		st->fall->hash = suite_dup_str(w, "hash", L->d);
		if (st->fall->hash)
			suite_check_vars(L, w, st->fall->hash);
	}
	if ((w = ymap_require(v, "list", L->d)) &&
	    (st->fall->list = suite_dup_str(w, "list", L->d))) {
		if (!suite_valid_name(st->fall->list))
			ynode_error(w, L->d,
				    "list must be letters, digits and _");
		suite_define_var(L, st->fall->list);
		suite_define_prefix(L, st->fall->list);
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if ((w = ymap_get(v, nums[i])) && st->nacc < 24)
			keep(L, st, fall_replay_params, nums[i], w);
}

static void load_judge(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = {
	    "session",	 "figure",	 "min",	     "max_ratio", "max",
	    "max_count", "max_per_hour", "expected", "tolerance", NULL};
	const struct ynode *w;
	const char *fig;
	int f = -1;

	ymap_check_keys(v, keys, L->d);
	session_name(L, st, v);
	if (!(w = ymap_require(v, "figure", L->d)) ||
	    !(fig = yscalar_str(w, "figure", L->d)))
		return;
	for (int i = 0; i < FALL_FIG_COUNT; i++)
		if (!strcmp(fig, fall_figure_names[i]))
			f = i;
	if (f < 0) {
		ynode_error(
		    w, L->d,
		    "figure: '%s' is none of sensitivity, specificity, "
		    "fall_types, adl_types, latency, event_time, duplicates, "
		    "false_alarm_rate, long_lie, offline_delivery",
		    fig);
		return;
	}
	st->fall->figure = (enum fall_figure)f;
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->pairs[i].key->str;
		bool ok = false;

		if (!strcmp(k, "session") || !strcmp(k, "figure"))
			continue;
		for (size_t j = 0; j < 3 && figure_limits[f][j]; j++)
			ok |= !strcmp(k, figure_limits[f][j]);
		if (!ok)
			ynode_error(v->pairs[i].key, L->d,
				    "figure %s takes no %s", fig, k);
		else if (st->nacc < 24)
			keep(L, st, fall_judge_params, k, v->pairs[i].value);
	}
	for (size_t j = 0; j < 3 && figure_limits[f][j]; j++)
		ymap_require(v, figure_limits[f][j], L->d);
}

static void load_fall_step(struct loader *L, struct step *st,
			   const struct ynode *v)
{
	const char *what = step_kind_name(st->kind);

	if (!ynode_expect(v, YNODE_MAP, what, L->d))
		return;
	st->fall = calloc(1, sizeof(*st->fall));
	st->acc_keys = calloc(24, sizeof(char *));
	st->acc_vals = calloc(24, sizeof(char *));
	if (!st->fall || !st->acc_keys || !st->acc_vals)
		return;
	if (st->kind == STEP_FALL_REPLAY)
		load_replay(L, st, v);
	else if (st->kind == STEP_FALL_TIMES)
		load_times(L, st, v);
	else
		load_judge(L, st, v);
}

static enum verdict run_fall_step(struct exec *e, const struct step *st)
{
	return st->kind == STEP_FALL_REPLAY  ? exec_fall_replay(e, st)
	       : st->kind == STEP_FALL_TIMES ? exec_fall_times(e, st)
					     : exec_fall_judge(e, st);
}

static void free_fall_step(struct step *st)
{
	struct fall_step *x = st->fall;

	if (!x)
		return;
	free(x->session);
	free(x->alarm_uuid);
	for (size_t i = 0; i < x->ntypes; i++)
		free(x->types[i]);
	free(x->types);
	free(x->csv);
	free(x->hash);
	free(x->list);
	free(x);
	st->fall = NULL;
}

static const enum step_kind fall_kinds[] = {STEP_FALL_REPLAY, STEP_FALL_JUDGE,
					    STEP_FALL_TIMES};

const struct step_family step_family_fall = {
    .name = "fall",
    .kinds = fall_kinds,
    .nkinds = sizeof(fall_kinds) / sizeof(fall_kinds[0]),
    .load = load_fall_step,
    .run = run_fall_step,
    .free_step = free_fall_step,
    .run_end = fall_run_free,
};
