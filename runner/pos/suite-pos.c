/* SPDX-License-Identifier: MIT */
/*
 * Loading the positioning steps (step_family_pos): nmea_track and
 * pos_judge.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "pos/pos-steps.h"
#include "pos/truth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct pos_figure_desc pos_figures[POS_FIG_COUNT] = {
    [POS_FIG_NMEA] = {"nmea_findings", "", true,
		      "NMEA 0183 4.11, sentence format and fields"},
    [POS_FIG_CE50] = {"ce50", "m", true, "ISO/IEC 18305:2016 8.9 (CEP)"},
    [POS_FIG_CE95] = {"ce95", "m", true, "ISO/IEC 18305:2016 8.9 (CE95)"},
    [POS_FIG_RMS] = {"rms_error", "m", true, "ISO/IEC 18305:2016 8.7"},
    [POS_FIG_MEAN] = {"mean_error", "m", true, "ISO/IEC 18305:2016 8.4"},
    [POS_FIG_VE95] = {"ve95", "m", true, "ISO/IEC 18305:2016 8.10"},
    [POS_FIG_AVAIL] = {"availability", "%", false, "ISO/IEC 18305:2016 8.16.2"},
    [POS_FIG_TTFF] = {"ttff", "s", true,
		      "ISO/IEC 18305:2016 8.15 (time to first fix)"},
    [POS_FIG_TTFF_WARM] =
	{"ttff_warm", "s", true,
	 "ISO/IEC 18305:2016 8.15 (time to first fix after an outage, warm)"},
    [POS_FIG_LATENCY] = {"latency95", "s", true, "ISO/IEC 18305:2016 8.14"},
    [POS_FIG_OUTAGE] =
	{"outage_valid_fixes", "", true,
	 "ISO/IEC 18305:2016 8.16 (no fix claimed without signal)"},
    [POS_FIG_FLOOR] = {"floor_detection", "%", false, "ISO/IEC 18305:2016 8.2"},
    [POS_FIG_ZONE] = {"zone_detection", "%", false, "ISO/IEC 18305:2016 8.3"},
    [POS_FIG_GF_DETECT] = {"geofence_detection", "%", false,
			   "geofence exit detection ratio"},
    [POS_FIG_GF_LATENCY] = {"geofence_alarm_latency", "s", true,
			    "geofence alarm latency from the true crossing"},
    [POS_FIG_GF_FALSE] = {"geofence_false_exits", "", true,
			  "geofence exit alarms without an exit"},
};

const struct unit_param nmea_track_params[] = {
    {"epochs", "", false},	 {"rate", "", false},	   {"tail", "s", true},
    {"alarm_window", "s", true}, {"epoch_tol", "s", true}, {NULL, NULL, false},
};

/* A parameter's text kept for the run in acc_keys/vals, its unit checked. */
static void keep_param(struct loader *L, struct step *st, const char *key,
		       const struct ynode *w)
{
	const struct unit_param *row = unit_param_find(nmea_track_params, key);

	if (!yscalar_str(w, key, L->d))
		return;
	suite_check_vars(L, w, w->str);
	if (row)
		suite_check_quantity(L, w, key, w->str, row->unit, row->delta,
				     NULL);
	st->acc_keys[st->nacc] = strdup(key);
	st->acc_vals[st->nacc++] = strdup(w->str);
}

static void load_fences(struct loader *L, struct pos_step *x,
			const struct ynode *v)
{
	static const char *const keys[] = {"id", "lat", "lon", "radius", NULL};
	static const char *const units[] = {NULL, "", "", "m"};

	if (!ynode_expect(v, YNODE_SEQ, "fences", L->d))
		return;
	if (v->n > POS_MAX_FENCES) {
		ynode_error(v, L->d, "fences: at most %d", POS_MAX_FENCES);
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct ynode *f = v->items[i];

		if (!ynode_expect(f, YNODE_MAP, "fence", L->d))
			continue;
		ymap_check_keys(f, keys, L->d);
		for (int k = 0; k < 4; k++) {
			const struct ynode *w = ymap_require(f, keys[k], L->d);

			if (!w || !yscalar_str(w, keys[k], L->d))
				continue;
			suite_check_vars(L, w, w->str);
			if (units[k])
				suite_check_quantity(L, w, keys[k], w->str,
						     units[k], false, NULL);
			else if (!suite_valid_name(w->str) ||
				 strlen(w->str) >= 16)
				ynode_error(w, L->d,
					    "fence id: letters, digits and _, "
					    "at most 15");
			x->fence[x->nfences][k] = strdup(w->str);
		}
		x->nfences++;
	}
}

/* The truth of nmea_track and tag_track: route (+ epochs) or csv + start. */
static void load_truth_keys(struct loader *L, struct pos_step *x,
			    const struct ynode *v, const char *what)
{
	const struct ynode *w;

	if (!!ymap_get(v, "route") + !!ymap_get(v, "csv") != 1)
		ynode_error(v, L->d,
			    "%s needs one of route (a bench route) or csv (a "
			    "truth file)",
			    what);
	if ((w = ymap_get(v, "route"))) {
		struct truth tr;

		x->route = suite_dup_str(w, "route", L->d);
		if (x->route && truth_route(x->route, 1, &tr))
			ynode_error(w, L->d,
				    "route: '%s' is not a bench route "
				    "(park-walk, ward-round)",
				    x->route);
		else if (x->route)
			truth_free(&tr);
		if (!ymap_get(v, "epochs"))
			ynode_error(v, L->d, "a route needs epochs");
	}
	if ((w = ymap_get(v, "csv"))) {
		const char *name = yscalar_str(w, "csv", L->d);
		FILE *f;

		if (name && (x->csv = suite_resolve_path(L, name))) {
			if (!(f = fopen(x->csv, "r")))
				ynode_error(w, L->d, "csv: cannot read %s",
					    x->csv);
			else
				fclose(f);
		}
		if ((w = ymap_require(v, "start", L->d)) &&
		    (x->start = suite_dup_str(w, "start", L->d)) &&
		    strlen(x->start) != 20)
			ynode_error(w, L->d,
				    "start: UTC as YYYY-MM-DDTHH:MM:SSZ");
	}
}

/* nmea_track: {name, route | csv + start, epochs, rate, tail, fences,
 * alarm_window, epoch_tol} */
static void load_nmea_track(struct loader *L, struct step *st,
			    const struct ynode *v)
{
	static const char *const keys[] = {
	    "name", "route",  "csv",	      "start",	   "epochs", "rate",
	    "tail", "fences", "alarm_window", "epoch_tol", NULL};
	static const char *const nums[] = {"epochs", "rate", "tail",
					   "alarm_window", "epoch_tol"};
	const struct ynode *w;
	struct pos_step *x;

	if (!ynode_expect(v, YNODE_MAP, "nmea_track", L->d))
		return;
	if (!(x = st->pos = calloc(1, sizeof(*st->pos))))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "name", L->d))) {
		st->name = suite_dup_str(w, "name", L->d);
		if (st->name && !suite_valid_name(st->name))
			ynode_error(w, L->d, "name: letters, digits and _");
	}
	load_truth_keys(L, x, v, "nmea_track");
	if ((w = ymap_get(v, "fences")))
		load_fences(L, x, w);
	ymap_require(v, "rate", L->d);
	st->acc_keys = calloc(8, sizeof(char *));
	st->acc_vals = calloc(8, sizeof(char *));
	for (size_t i = 0;
	     st->acc_keys && st->acc_vals && i < sizeof(nums) / sizeof(nums[0]);
	     i++)
		if ((w = ymap_get(v, nums[i])))
			keep_param(L, st, nums[i], w);
}

/* geofence_times: {route | csv + start, epochs, rate, fences, list} */
static void load_geofence_times(struct loader *L, struct step *st,
				const struct ynode *v)
{
	static const char *const keys[] = {"route",  "csv",    "start", "epochs",
					   "rate",   "fences", "list",	NULL};
	static const char *const nums[] = {"epochs", "rate"};
	const struct ynode *w;
	struct pos_step *x;

	if (!ynode_expect(v, YNODE_MAP, "geofence_times", L->d))
		return;
	if (!(x = st->pos = calloc(1, sizeof(*st->pos))))
		return;
	ymap_check_keys(v, keys, L->d);
	load_truth_keys(L, x, v, "geofence_times");
	if ((w = ymap_require(v, "fences", L->d)))
		load_fences(L, x, w);
	ymap_require(v, "rate", L->d);
	if ((w = ymap_require(v, "list", L->d)) &&
	    (x->out_list = suite_dup_str(w, "list", L->d))) {
		if (!suite_valid_name(x->out_list))
			ynode_error(w, L->d,
				    "list must be letters, digits and _");
		suite_define_var(L, x->out_list);
		suite_define_prefix(L, x->out_list);
	}
	st->acc_keys = calloc(4, sizeof(char *));
	st->acc_vals = calloc(4, sizeof(char *));
	for (size_t i = 0;
	     st->acc_keys && st->acc_vals && i < sizeof(nums) / sizeof(nums[0]);
	     i++)
		if ((w = ymap_get(v, nums[i])))
			keep_param(L, st, nums[i], w);
}

/* tag_track: {name, route | csv + start, epochs, ts, x, y, floor, site:
 * {lat, lon, rotation}, fences, epoch_tol}; or lat and lon lists instead
 * of x, y and site (a platform answering in WGS-84) */
static void load_tag_track(struct loader *L, struct step *st,
			   const struct ynode *v)
{
	static const char *const keys[] = {
	    "name",  "route", "csv",	"start",     "epochs", "ts",  "x", "y",
	    "floor", "site",  "fences", "epoch_tol", "lat",    "lon", NULL};
	const char *lists[4] = {"ts", "x", "y", "floor"};
	static const char *const site_keys[] = {"lat", "lon", "rotation", NULL};
	static const char *const nums[] = {"epochs", "epoch_tol"};
	const struct ynode *w;
	struct pos_step *x;

	if (!ynode_expect(v, YNODE_MAP, "tag_track", L->d))
		return;
	if (!(x = st->pos = calloc(1, sizeof(*st->pos))))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "name", L->d))) {
		st->name = suite_dup_str(w, "name", L->d);
		if (st->name && !suite_valid_name(st->name))
			ynode_error(w, L->d, "name: letters, digits and _");
	}
	load_truth_keys(L, x, v, "tag_track");
	if (ymap_get(v, "lat") || ymap_get(v, "lon")) {
		/* positions in WGS-84: no site frame */
		if (ymap_get(v, "x") || ymap_get(v, "y") || ymap_get(v, "site"))
			ynode_error(
			    v, L->d,
			    "tag_track takes lat and lon, or x, y and site");
		x->wgs84 = true;
		lists[1] = "lat";
		lists[2] = "lon";
	}
	for (int i = 0; i < 4; i++) {
		if (!(w = i < 3 ? ymap_require(v, lists[i], L->d)
				: ymap_get(v, lists[i])))
			continue;
		x->list[i] = suite_dup_str(w, lists[i], L->d);
		if (x->list[i] && !suite_valid_name(x->list[i]))
			ynode_error(
			    w, L->d,
			    "%s names a case list: letters, digits and _",
			    lists[i]);
	}
	if (!x->wgs84 && (w = ymap_require(v, "site", L->d)) &&
	    ynode_expect(w, YNODE_MAP, "site", L->d)) {
		ymap_check_keys(w, site_keys, L->d);
		for (int i = 0; i < 3; i++) {
			const struct ynode *s =
			    ymap_require(w, site_keys[i], L->d);

			if (!s || !yscalar_str(s, site_keys[i], L->d))
				continue;
			suite_check_vars(L, s, s->str);
			suite_check_quantity(L, s, site_keys[i], s->str, "",
					     false, NULL);
			x->site[i] = strdup(s->str);
		}
	}
	if ((w = ymap_get(v, "fences")))
		load_fences(L, x, w);
	st->acc_keys = calloc(4, sizeof(char *));
	st->acc_vals = calloc(4, sizeof(char *));
	for (size_t i = 0;
	     st->acc_keys && st->acc_vals && i < sizeof(nums) / sizeof(nums[0]);
	     i++)
		if ((w = ymap_get(v, nums[i])))
			keep_param(L, st, nums[i], w);
}

/* pos_judge: {track, figure, max | min, min_epochs} */
static void load_pos_judge(struct loader *L, struct step *st,
			   const struct ynode *v)
{
	static const char *const keys[] = {"track", "figure",	  "max",
					   "min",   "min_epochs", NULL};
	const struct ynode *w, *f;
	const struct pos_figure_desc *d = NULL;
	struct pos_step *x;

	if (!ynode_expect(v, YNODE_MAP, "pos_judge", L->d))
		return;
	if (!(x = st->pos = calloc(1, sizeof(*st->pos))))
		return;
	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "track", L->d))) {
		st->name = suite_dup_str(w, "track", L->d);
		if (st->name && !suite_valid_name(st->name))
			ynode_error(w, L->d, "track: letters, digits and _");
	}
	if ((f = ymap_require(v, "figure", L->d)) &&
	    yscalar_str(f, "figure", L->d)) {
		for (int i = 0; i < POS_FIG_COUNT; i++)
			if (!strcmp(f->str, pos_figures[i].name)) {
				x->figure = (enum pos_figure)i;
				d = &pos_figures[i];
			}
		if (!d)
			ynode_error(f, L->d,
				    "figure: '%s' is not a positioning figure "
				    "(docs/positioning.md)",
				    f->str);
	}
	if (!d)
		return;
	if (ymap_get(v, d->is_max ? "min" : "max"))
		ynode_error(ymap_get(v, d->is_max ? "min" : "max"), L->d,
			    "%s is judged against a %s", d->name,
			    d->is_max ? "max" : "min");
	if ((w = ymap_require(v, d->is_max ? "max" : "min", L->d)) &&
	    yscalar_str(w, d->is_max ? "max" : "min", L->d)) {
		suite_check_vars(L, w, w->str);
		suite_check_quantity(L, w, d->is_max ? "max" : "min", w->str,
				     d->unit, false, NULL);
		x->limit = strdup(w->str);
	}
	if ((w = ymap_get(v, "min_epochs")) &&
	    yscalar_str(w, "min_epochs", L->d)) {
		suite_check_vars(L, w, w->str);
		suite_check_quantity(L, w, "min_epochs", w->str, "", false,
				     NULL);
		x->min_epochs = strdup(w->str);
	}
}

static void load_pos_step(struct loader *L, struct step *st,
			  const struct ynode *v)
{
	if (st->kind == STEP_NMEA_TRACK)
		load_nmea_track(L, st, v);
	else if (st->kind == STEP_TAG_TRACK)
		load_tag_track(L, st, v);
	else if (st->kind == STEP_GEOFENCE_TIMES)
		load_geofence_times(L, st, v);
	else
		load_pos_judge(L, st, v);
}

static enum verdict run_pos_step(struct exec *e, const struct step *st)
{
	if (st->kind == STEP_NMEA_TRACK)
		return exec_nmea_track_step(e, st);
	if (st->kind == STEP_TAG_TRACK)
		return exec_tag_track_step(e, st);
	if (st->kind == STEP_GEOFENCE_TIMES)
		return exec_geofence_times_step(e, st);
	return exec_pos_judge_step(e, st);
}

static void free_pos_step(struct step *st)
{
	struct pos_step *x = st->pos;

	if (!x)
		return;
	free(x->route);
	free(x->csv);
	free(x->start);
	for (size_t i = 0; i < POS_MAX_FENCES; i++)
		for (int k = 0; k < 4; k++)
			free(x->fence[i][k]);
	for (int i = 0; i < 4; i++)
		free(x->list[i]);
	for (int i = 0; i < 3; i++)
		free(x->site[i]);
	free(x->limit);
	free(x->min_epochs);
	free(x->out_list);
	free(x);
	st->pos = NULL;
}

static const enum step_kind pos_kinds[] = {STEP_NMEA_TRACK, STEP_POS_JUDGE,
					   STEP_TAG_TRACK, STEP_GEOFENCE_TIMES};

const struct step_family step_family_pos = {
    .name = "pos",
    .kinds = pos_kinds,
    .nkinds = sizeof(pos_kinds) / sizeof(pos_kinds[0]),
    .load = load_pos_step,
    .run = run_pos_step,
    .free_step = free_pos_step,
    .run_end = exec_pos_run_end,
};
