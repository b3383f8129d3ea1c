/* SPDX-License-Identifier: MIT */
/*
 * Loading the care steps (step_family_care): activity_compare,
 * event_compare, vitals_compare and alarm_collect. The scripted day is parsed
 * now, so a malformed day is a located error of `carecert validate`, not of a
 * run.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "care/care-steps.h"
#include "http/jpath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct unit_param activity_compare_params[] = {
    {"epoch", "s", true},	   {"min_accuracy", "%", false},
    {"min_kappa", "", false},	   {"min_recall", "%", false},
    {"min_precision", "%", false}, {NULL, NULL, false},
};

const struct unit_param event_compare_params[] = {
    {"inactivity_after", "s", true},
    {"bathroom_max", "s", true},
    {"window", "s", true},
    {"early", "s", true},
    {"min_detection", "%", false},
    {"max_latency", "s", true},
    {"max_false_per_day", "", false},
    {NULL, NULL, false},
};

/* limits in the data's unit: bpm for hr, /min for rr */
const struct unit_param vitals_compare_params[] = {
    {"abs_limit", NULL, true},
    {"rel_limit_pct", "%", false},
    {"min_pairs", "", false},
    {NULL, NULL, false},
};

const struct unit_param alarm_collect_params[] = {
    {"min_delivery", "%", false},
    {"max_latency", "s", true},
    {"max_latency_p95", "s", true},
    {"max_duplicates", "", false},
    {NULL, NULL, false},
};

static const struct unit_param *params_of(enum step_kind k)
{
	return k == STEP_ACTIVITY_COMPARE ? activity_compare_params
	       : k == STEP_EVENT_COMPARE  ? event_compare_params
	       : k == STEP_ALARM_COLLECT  ? alarm_collect_params
					  : vitals_compare_params;
}

/* A parameter's text kept for the run, its unit checked now. */
static void keep_param(struct loader *L, struct step *st, const char *key,
		       const struct ynode *w, const char *data_unit)
{
	const struct unit_param *row =
	    unit_param_find(params_of(st->kind), key);

	if (!yscalar_str(w, key, L->d))
		return;
	suite_check_vars(L, w, w->str);
	if (row)
		suite_check_quantity(L, w, key, w->str,
				     row->unit ? row->unit : data_unit,
				     row->delta, NULL);
	st->acc_keys[st->nacc] = strdup(key);
	st->acc_vals[st->nacc++] = strdup(w->str);
}

static void load_day(struct loader *L, struct step *st, const struct ynode *w)
{
	const char *name = yscalar_str(w, "day", L->d);
	struct diag d;

	if (!name || !(st->care->day_path = suite_resolve_path(L, name)))
		return;
	diag_init(&d);
	if (day_load(st->care->day_path, &st->care->day, &d)) {
		/* the day's own messages, located in the day file */
		if (!d.n)
			ynode_error(w, L->d, "day: cannot read %s",
				    st->care->day_path);
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].line)
				diag_add(L->d, d.v[i].file, d.v[i].line,
					 d.v[i].col, "%s", d.v[i].msg);
			else
				ynode_error(w, L->d, "day: %s: %s",
					    st->care->day_path, d.v[i].msg);
	}
	diag_release(&d);
}

static void load_alarm_collect(struct loader *L, struct step *st,
			       const struct ynode *v);

static void load_care_step(struct loader *L, struct step *st,
			   const struct ynode *v)
{
	static const char *const common[] = {"day", "from", "event",
					     "quantity"};
	const struct unit_param *params = params_of(st->kind);
	const char *keys[16], *what = step_kind_name(st->kind), *data_unit = "";
	const struct ynode *w;
	size_t nk = 0, np = 0;
	struct care_step *x;

	if (st->kind == STEP_ALARM_COLLECT) {
		load_alarm_collect(L, st, v);
		return;
	}
	if (!ynode_expect(v, YNODE_MAP, what, L->d))
		return;
	if (!(x = st->care = calloc(1, sizeof(*st->care))))
		return;
	keys[nk++] = common[0];
	keys[nk++] = common[1];
	if (st->kind == STEP_EVENT_COMPARE)
		keys[nk++] = common[2];
	if (st->kind == STEP_VITALS_COMPARE)
		keys[nk++] = common[3];
	for (; params[np].name; np++)
		keys[nk++] = params[np].name;
	keys[nk] = NULL;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "day", L->d)))
		load_day(L, st, w);
	x->from = strdup("$");
	if ((w = ymap_get(v, "from")) && yscalar_str(w, "from", L->d)) {
		char err[160];

		free(x->from);
		x->from = strdup(w->str);
		if (jpath_check(w->str, err, sizeof(err)))
			ynode_error(w, L->d, "from: %s", err);
	}
	if (st->kind == STEP_EVENT_COMPARE &&
	    (w = ymap_require(v, "event", L->d)) &&
	    yscalar_str(w, "event", L->d) &&
	    care_event_parse(w->str, &x->event))
		ynode_error(w, L->d,
			    "event: '%s' is not bed_exit, inactivity or "
			    "bathroom_too_long",
			    w->str);
	if (st->kind == STEP_VITALS_COMPARE &&
	    (w = ymap_require(v, "quantity", L->d)) &&
	    yscalar_str(w, "quantity", L->d)) {
		if (strcmp(w->str, "hr") && strcmp(w->str, "rr"))
			ynode_error(w, L->d, "quantity: '%s' is hr or rr",
				    w->str);
		else
			x->quantity = strdup(w->str);
		data_unit = !strcmp(w->str, "hr") ? "bpm" : "/min";
	}
	st->acc_keys = calloc(np + 1, sizeof(char *));
	st->acc_vals = calloc(np + 1, sizeof(char *));
	if (!st->acc_keys || !st->acc_vals)
		return;
	for (size_t i = 0; i < np; i++)
		if ((w = ymap_get(v, params[i].name)))
			keep_param(L, st, params[i].name, w, data_unit);
}

/* A JSON path parameter (checked now) or NULL. */
static char *path_param(struct loader *L, const struct ynode *map,
			const char *key, bool required)
{
	const struct ynode *w =
	    required ? ymap_require(map, key, L->d) : ymap_get(map, key);
	char err[160];

	if (!w || !yscalar_str(w, key, L->d))
		return NULL;
	if (jpath_check(w->str, err, sizeof(err))) {
		ynode_error(w, L->d, "%s: %s", key, err);
		return NULL;
	}
	return strdup(w->str);
}

/* alarm_collect: {presses: LIST, within, settle, path, id, when, escalation,
 * resource_type, content: [paths], in_order, min_delivery, max_latency,
 * max_latency_p95, max_duplicates, event} */
static void load_alarm_collect(struct loader *L, struct step *st,
			       const struct ynode *v)
{
	static const char *const keys[] = {"presses",
					   "within",
					   "settle",
					   "path",
					   "id",
					   "when",
					   "escalation",
					   "resource_type",
					   "content",
					   "in_order",
					   "min_delivery",
					   "max_latency",
					   "max_latency_p95",
					   "max_duplicates",
					   "event",
					   NULL};
	static const char *const events[] = {"press", "fall", "exit"};
	const struct ynode *w;
	struct care_step *x;
	bool b;

	if (!ynode_expect(v, YNODE_MAP, "alarm_collect", L->d))
		return;
	if (!(x = st->care = calloc(1, sizeof(*st->care))))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "presses", L->d))) {
		st->name = suite_dup_str(w, "presses", L->d);
		if (st->name && !suite_valid_name(st->name))
			ynode_error(
			    w, L->d,
			    "presses names a case list: letters, digits and _");
	}
	if ((w = ymap_require(v, "within", L->d)))
		yscalar_duration(w, "within", &x->within_ns, L->d);
	x->settle_ns = 1000000000LL;
	if ((w = ymap_get(v, "settle")))
		yscalar_duration(w, "settle", &x->settle_ns, L->d);
	if ((w = ymap_get(v, "path")) && yscalar_str(w, "path", L->d)) {
		x->path = strdup(w->str);
		x->has_path_re = suite_compile_re(w, w->str, &x->path_re, L->d);
	}
	x->id_path = path_param(L, v, "id", true);
	x->when_path = path_param(L, v, "when", true);
	x->escalation_path = path_param(L, v, "escalation", false);
	if ((w = ymap_get(v, "resource_type")))
		x->resource_type = suite_dup_str(w, "resource_type", L->d);
	if ((w = ymap_get(v, "content")) &&
	    ynode_expect(w, YNODE_SEQ, "content", L->d)) {
		x->content = calloc(w->n + 1, sizeof(char *));
		for (size_t i = 0; x->content && i < w->n; i++) {
			const struct ynode *c = w->items[i];
			char err[160];

			if (!yscalar_str(c, "content", L->d))
				continue;
			if (jpath_check(c->str, err, sizeof(err)))
				ynode_error(c, L->d, "content: %s", err);
			else
				x->content[x->ncontent++] = strdup(c->str);
		}
	}
	if ((w = ymap_get(v, "in_order")) &&
	    yscalar_bool(w, "in_order", &b, L->d))
		x->in_order = b;
	x->alarm_event = events[0];
	if ((w = ymap_get(v, "event")) && yscalar_str(w, "event", L->d)) {
		x->alarm_event = NULL;
		for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
			if (!strcmp(w->str, events[i]))
				x->alarm_event = events[i];
		if (!x->alarm_event) {
			ynode_error(w, L->d,
				    "event: '%s' is not press, fall or exit",
				    w->str);
			x->alarm_event = events[0];
		}
	}
	/* ${alarms.first_id}, ${alarms.last_id}, ${alarms.delivered} */
	suite_define_prefix(L, "alarms");
	st->acc_keys = calloc(5, sizeof(char *));
	st->acc_vals = calloc(5, sizeof(char *));
	if (!st->acc_keys || !st->acc_vals)
		return;
	for (size_t i = 0; alarm_collect_params[i].name; i++)
		if ((w = ymap_get(v, alarm_collect_params[i].name)))
			keep_param(L, st, alarm_collect_params[i].name, w, "");
}

static enum verdict run_care_step(struct exec *e, const struct step *st)
{
	return st->kind == STEP_ACTIVITY_COMPARE ? exec_activity_compare(e, st)
	       : st->kind == STEP_EVENT_COMPARE	 ? exec_event_compare(e, st)
	       : st->kind == STEP_ALARM_COLLECT	 ? exec_alarm_collect(e, st)
						 : exec_vitals_compare(e, st);
}

static void free_care_step(struct step *st)
{
	if (!st->care)
		return;
	free(st->care->day_path);
	day_free(st->care->day);
	free(st->care->from);
	free(st->care->quantity);
	free(st->care->path);
	if (st->care->has_path_re)
		regfree(&st->care->path_re);
	free(st->care->id_path);
	free(st->care->when_path);
	free(st->care->escalation_path);
	free(st->care->resource_type);
	for (size_t i = 0; i < st->care->ncontent; i++)
		free(st->care->content[i]);
	free(st->care->content);
	free(st->care);
	st->care = NULL;
}

static const enum step_kind care_kinds[] = {
    STEP_ACTIVITY_COMPARE, STEP_EVENT_COMPARE, STEP_VITALS_COMPARE,
    STEP_ALARM_COLLECT};

const struct step_family step_family_care = {
    .name = "care",
    .kinds = care_kinds,
    .nkinds = sizeof(care_kinds) / sizeof(care_kinds[0]),
    .load = load_care_step,
    .run = run_care_step,
    .free_step = free_care_step,
};
