/* SPDX-License-Identifier: MIT */
/*
 * Loading the ECG steps (step_family_ecg): ecg_compare (beat-by-beat
 * against a reference ECG) and hr_response (EC13 response time to a rate
 * step).
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "ecg/beatfile.h"
#include "ecg/ecg-steps.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct unit_param ecg_compare_params[] = {
    {"hr", "bpm", false},     {"hr_std", "bpm", true}, {"noise", "mV", true},
    {"duration", "s", false}, {"fs", "Hz", false},     {"seed", "", false},
    {"window", "s", true},    {"start", "s", false},   {"end", "s", false},
    {"min_se", "%", false},   {"min_ppv", "%", false}, {NULL, NULL, false},
};

const struct unit_param hr_response_params[] = {
    {"step_at", "s", false},	   {"from", "bpm", false},
    {"to", "bpm", false},	   {"abs_limit", "bpm", true},
    {"rel_limit_pct", "%", false}, {"max", "s", true},
    {NULL, NULL, false},
};

/* A parameter's text kept for the run, its unit checked now. */
static void keep_param(struct loader *L, struct step *st,
		       const struct unit_param *table, const char *key,
		       const struct ynode *w)
{
	const struct unit_param *row = unit_param_find(table, key);
	double v;

	if (!yscalar_str(w, key, L->d))
		return;
	suite_check_vars(L, w, w->str);
	if (row &&
	    suite_check_quantity(L, w, key, w->str, row->unit, row->delta,
				 &v) &&
	    !strcmp(key, "window") && !isnan(v) &&
	    !(v > 0 && v <= ECG_WINDOW_MAX))
		ynode_error(w, L->d,
			    "window: %g s is not a match window (above 0, at "
			    "most %g s)",
			    v, ECG_WINDOW_MAX);
	st->acc_keys[st->nacc] = strdup(key);
	st->acc_vals[st->nacc++] = strdup(w->str);
}

/* A file the step reads must be there when the suite loads (validate
 * names it): path resolved, or NULL after an error at n. */
static char *existing_file(struct loader *L, const struct ynode *n,
			   const char *what, const char *name, const char *ext)
{
	char *path = suite_resolve_path(L, name), *full;
	size_t len;
	FILE *f;

	if (!path)
		return NULL;
	len = strlen(path) + strlen(ext) + 2;
	if (!(full = malloc(len))) {
		free(path);
		return NULL;
	}
	snprintf(full, len, "%s%s%s", path, ext[0] ? "." : "", ext);
	if (!(f = fopen(full, "rb"))) {
		ynode_error(n, L->d, "%s: cannot read %s", what, full);
		free(path);
		path = NULL;
	} else {
		fclose(f);
	}
	free(full);
	return path;
}

/* {wfdb: RECORD, annotator: NAME}: the record (resolved) and its
 * annotator ("atr" unless given), both files checked. */
static void load_wfdb_ref(struct loader *L, const struct ynode *map,
			  const char *what, char **record, char **annotator)
{
	const struct ynode *w = ymap_get(map, "wfdb"),
			   *a = ymap_get(map, "annotator");
	const char *name = yscalar_str(w, "wfdb", L->d);
	const char *ann = a ? yscalar_str(a, "annotator", L->d) : "atr";

	if (!name || !ann)
		return;
	if (!beatfile_annotator_valid(ann)) {
		ynode_error(
		    a, L->d,
		    "%s: annotator '%s' must be 1 to 16 letters, digits or _",
		    what, ann);
		return;
	}
	*annotator = strdup(ann);
	if ((*record = existing_file(L, w, what, name, "hea")))
		free(existing_file(L, a ? a : w, what, name, ann));
}

/* beats: LIST (a case list gathered live), {csv: FILE} or {wfdb: RECORD,
 * annotator: NAME} (the device's output, judged offline). */
static void load_beats(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = {"csv", "wfdb", "annotator", NULL};
	const struct ynode *w;

	if (v->type == YNODE_SCALAR) {
		st->name = suite_dup_str(v, "beats", L->d);
		if (st->name && !suite_valid_name(st->name))
			ynode_error(
			    v, L->d,
			    "beats names a list (letters, digits and _) or is "
			    "{csv: FILE} or {wfdb: RECORD, annotator: NAME}");
		return;
	}
	if (!ynode_expect(v, YNODE_MAP, "beats", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	if (!!ymap_get(v, "csv") + !!ymap_get(v, "wfdb") != 1) {
		ynode_error(v, L->d,
			    "beats from a file needs one of csv or wfdb");
		return;
	}
	if ((w = ymap_get(v, "csv"))) {
		const char *name = yscalar_str(w, "csv", L->d);

		if (ymap_get(v, "annotator"))
			ynode_error(ymap_get(v, "annotator"), L->d,
				    "annotator goes with wfdb");
		if (name)
			st->ecg->beats_csv =
			    existing_file(L, w, "beats", name, "");
		return;
	}
	load_wfdb_ref(L, v, "beats", &st->ecg->beats_record,
		      &st->ecg->beats_annotator);
}

/* ecg_compare: {beats: LIST | {csv: FILE} | {wfdb: RECORD, annotator: A},
 * reference: {ecgsyn: {hr, hr_std, noise, duration, fs, seed}} | {wfdb:
 * RECORD, annotator: A}, window, start, end, min_se, min_ppv} */
static void load_ecg_compare(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = {"beats",   "reference", "window",
					   "start",   "end",	   "min_se",
					   "min_ppv", NULL};
	static const char *const syn_keys[] = { "hr", "hr_std", "noise", "duration", "fs",
						"seed", NULL };
	static const char *const top[] = {"window", "start", "end", "min_se",
					  "min_ppv"};
	const struct ynode *w, *syn = NULL;
	struct ecg_step *x;
	size_t cap = 16;

	if (!ynode_expect(v, YNODE_MAP, "ecg_compare", L->d))
		return;
	if (!(x = st->ecg = calloc(1, sizeof(*st->ecg))))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "beats", L->d)))
		load_beats(L, st, w);
	if ((w = ymap_require(v, "reference", L->d)) &&
	    ynode_expect(w, YNODE_MAP, "reference", L->d)) {
		static const char *const ref_keys[] = {"ecgsyn", "wfdb",
						       "annotator", NULL};

		ymap_check_keys(w, ref_keys, L->d);
		if (ymap_get(w, "wfdb") && ymap_get(w, "ecgsyn"))
			ynode_error(w, L->d,
				    "reference is one of ecgsyn or wfdb");
		if (ymap_get(w, "wfdb")) {
			/* a record with beat annotations: path without extension */
			load_wfdb_ref(L, w, "reference", &st->data,
				      &x->ref_annotator);
		} else if ((syn = ymap_require(w, "ecgsyn", L->d)) &&
			   !ynode_expect(syn, YNODE_MAP, "ecgsyn", L->d)) {
			syn = NULL;
		}
		if (syn)
			ymap_check_keys(syn, syn_keys, L->d);
		if (syn && ymap_get(w, "annotator"))
			ynode_error(ymap_get(w, "annotator"), L->d,
				    "annotator goes with wfdb");
	}
	if (st->data && x->beats_record && !strcmp(st->data, x->beats_record) &&
	    !strcmp(x->ref_annotator, x->beats_annotator))
		ynode_error(
		    v, L->d,
		    "beats and reference are the same annotation file (%s.%s): "
		    "name the device's annotator (e.g. annotator: qrs)",
		    st->data, x->ref_annotator);
	st->acc_keys = calloc(cap, sizeof(char *));
	st->acc_vals = calloc(cap, sizeof(char *));
	if (!st->acc_keys || !st->acc_vals)
		return;
	for (size_t i = 0; syn && i < syn->n && st->nacc < cap; i++)
		keep_param(L, st, ecg_compare_params, syn->pairs[i].key->str,
			   syn->pairs[i].value);
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]) && st->nacc < cap; i++)
		if ((w = ymap_get(v, top[i])))
			keep_param(L, st, ecg_compare_params, top[i], w);
}

/* hr_response: {times: LIST, rates: LIST, step_at: S, to: BPM, abs_limit,
 * rel_limit_pct, max: S, name: MEASUREMENT}; the numbers may be ${...} */
static void load_hr_response(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const keys[] = { "times", "rates", "step_at", "from", "to",
					    "abs_limit", "rel_limit_pct", "max", "name", NULL };
	static const char *const nums[] = { "step_at", "from", "to", "abs_limit",
					    "rel_limit_pct", "max" };
	static const char *const required[] = { "times", "rates", "step_at", "from", "to", "max" };
	const struct ynode *w;

	if (!ynode_expect(v, YNODE_MAP, "hr_response", L->d))
		return;
	ymap_check_keys(v, keys, L->d);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		ymap_require(v, required[i], L->d);
	if (ymap_get(v, "times"))
		st->list_t = suite_step_str(L, v, "times");
	if (ymap_get(v, "rates"))
		st->list_v = suite_step_str(L, v, "rates");
	if ((st->list_t && !suite_valid_name(st->list_t)) ||
	    (st->list_v && !suite_valid_name(st->list_v)))
		ynode_error(v, L->d, "times and rates are lists: letters, digits and _");
	if ((w = ymap_get(v, "name"))) {
		st->name = suite_step_str(L, v, "name");
		if (st->name && !suite_valid_name(st->name))
			ynode_error(w, L->d, "name must be letters, digits and _");
	}
	st->acc_keys = calloc(sizeof(nums) / sizeof(nums[0]) + 1, sizeof(char *));
	st->acc_vals = calloc(sizeof(nums) / sizeof(nums[0]) + 1, sizeof(char *));
	for (size_t i = 0; st->acc_keys && st->acc_vals && i < sizeof(nums) / sizeof(nums[0]);
	     i++)
		if ((w = ymap_get(v, nums[i])))
			keep_param(L, st, hr_response_params, nums[i], w);
}

static void load_ecg_step(struct loader *L, struct step *st, const struct ynode *v)
{
	if (st->kind == STEP_ECG_COMPARE)
		load_ecg_compare(L, st, v);
	else
		load_hr_response(L, st, v);
}

static enum verdict run_ecg_step(struct exec *e, const struct step *st)
{
	return st->kind == STEP_ECG_COMPARE ? exec_ecg_step(e, st) : exec_hr_response_step(e, st);
}

static void free_ecg_step(struct step *st)
{
	if (!st->ecg)
		return;
	free(st->ecg->beats_csv);
	free(st->ecg->beats_record);
	free(st->ecg->beats_annotator);
	free(st->ecg->ref_annotator);
	free(st->ecg);
	st->ecg = NULL;
}

static const enum step_kind ecg_kinds[] = { STEP_ECG_COMPARE, STEP_HR_RESPONSE };

const struct step_family step_family_ecg = {
    .name = "ecg",
    .kinds = ecg_kinds,
    .nkinds = sizeof(ecg_kinds) / sizeof(ecg_kinds[0]),
    .load = load_ecg_step,
    .run = run_ecg_step,
    .free_step = free_ecg_step,
};
