/* SPDX-License-Identifier: MIT */
/*
 * The fall-detection evaluations in the report (docs/fall-detection.md):
 * a replay's trial set and time compression; a figure's per-type table,
 * its proportions with their Wilson intervals as error bars, its latency
 * distribution. Everything read from the record through typed access.
 */
#include "report/report-internal.h"
#include "report/jtype.h"
#include "report/plot.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FALL_PLOT_TYPES_MAX 64

static void kv_row(struct report_ctx *c, enum label_id l, const char *v,
		   const char *cls)
{
	report_rawf(c, "<tr><th>%s</th><td%s%s%s>", report_l(c, l),
		    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	report_val(c, v);
	report_raw(c, "</td></tr>\n");
}

static void num_text(json_object *o, const char *key, char out[32])
{
	double v;

	if (jt_num(o, key, &v))
		report_fmt_num(v, out);
	else
		snprintf(out, 32, "%s", "");
}

/* "300 times faster than real time (...)" or "none: real time". */
static void compression_row(struct report_ctx *c, json_object *o)
{
	double k;
	char n[32], text[512];

	if (!jt_num(o, "time_compression", &k))
		return;
	if (k <= 1) {
		kv_row(c, L_FALL_COMPRESSION, report_l(c, L_FALL_REALTIME),
		       NULL);
		return;
	}
	report_fmt_num(k, n);
	snprintf(text, sizeof(text), "%s %s", n, report_l(c, L_FALL_FASTER));
	kv_row(c, L_FALL_COMPRESSION, text, NULL);
}

static void replay_table(struct report_ctx *c, json_object *e)
{
	json_object *set = jt_obj(e, "trial_set"), *rp = jt_obj(e, "replay");
	char a[32], b[32], n[32], text[128];

	report_raw(c, "<table class=\"kv\">\n");
	kv_row(c, L_FALL_GENERATOR, jt_str(set, "generator"), NULL);
	num_text(set, "seed", a);
	kv_row(c, L_FALL_SEED, a[0] ? a : NULL, NULL);
	kv_row(c, L_FALL_SET_HASH, jt_str(set, "sha256"), "mono");
	num_text(set, "trials", n);
	num_text(set, "falls", a);
	num_text(set, "adls", b);
	snprintf(text, sizeof(text), "%s (%s / %s)", n, a, b);
	kv_row(c, L_FALL_TRIALS, n[0] ? text : NULL, NULL);
	compression_row(c, rp);
	report_raw(c, "</table>\n");
	if (jt_str(rp, "statement")) {
		report_raw(c, "<p>");
		report_phrase(c, jt_str(rp, "statement"));
		report_raw(c, "</p>\n");
	}
}

/* A number array of the record as doubles; count kept (finite ones). */
static size_t numbers(json_object *arr, double *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; arr && json_object_is_type(arr, json_type_array) &&
			   i < json_object_array_length(arr) && n < max;
	     i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (v &&
		    (json_object_is_type(v, json_type_double) ||
		     json_object_is_type(v, json_type_int)) &&
		    isfinite(json_object_get_double(v)))
			out[n++] = json_object_get_double(v);
	}
	return n;
}

static int plot_done(struct report_ctx *c, int prc, const char *name,
		     struct plot_out *p, const char *caption, const char *err)
{
	int rc = prc ? report_plot_failed(c, name, prc, err)
		     : report_figure(c, name, p, caption);

	plot_out_release(p);
	return rc;
}

static int proportions(struct report_ctx *c, const struct plot_prop *v,
		       size_t n, enum label_id title, enum label_id caption,
		       const char *base, const char *suffix, const char *what)
{
	struct plot_text t = {.font = report_plot_font(c),
			      .title = report_l(c, title),
			      .ylabel = report_l(c, L_PLOT_FALL_Y),
			      .series = {report_l(c, L_PLOT_FALL_OBSERVED),
					 report_l(c, L_PLOT_FALL_CLAIM)}};
	struct plot_out p;
	char name[96], cap[512], err[256];
	int prc;

	snprintf(name, sizeof(name), "%s-%s", base, suffix);
	snprintf(cap, sizeof(cap), "%s: %s", what, report_l(c, caption));
	plot_out_init(&p);
	prc = report_plots_off(c) ? report_not_drawn(err, sizeof(err))
				  : plot_proportions(v, n, &t, c->pdf_date, &p,
						     err, sizeof(err));
	return plot_done(c, prc, name, &p, cap, err);
}

/* The per-type table and its plot. */
static int types(struct report_ctx *c, json_object *e, const char *base,
		 const char *what)
{
	json_object *ty = jt_arr(e, "types");
	struct plot_prop v[FALL_PLOT_TYPES_MAX];
	size_t n = 0;

	if (!jt_len(ty))
		return CC_OK;
	report_rawf(
	    c,
	    "<table><thead><tr><th>%s</th><th>%s</th><th class=\"n\">n</th>"
	    "<th class=\"n\">%s</th><th "
	    "class=\"n\">%s</th><th>%s</th></tr></thead>"
	    "<tbody>\n",
	    report_l(c, L_FALL_TYPE), report_l(c, L_FALL_TITLE),
	    report_l(c, L_FALL_ALARMED), report_l(c, L_FALL_RATIO),
	    report_l(c, L_FALL_CI));
	for (size_t i = 0; i < jt_len(ty); i++) {
		json_object *o = jt_idx_obj(ty, i);
		char k[32], a[32], r[32], lo[32], hi[32];
		double p = NAN, l = NAN, h = NAN;

		if (!o)
			continue;
		num_text(o, "trials", k);
		num_text(o, "alarmed", a);
		if (jt_num(o, "ratio", &p))
			report_fmt_num(p * 100, r);
		else
			r[0] = 0;
		if (jt_num(o, "ci_low", &l) && jt_num(o, "ci_high", &h)) {
			report_fmt_num(round(l * 1000) / 10, lo);
			report_fmt_num(round(h * 1000) / 10, hi);
		} else {
			lo[0] = hi[0] = 0;
		}
		report_raw(c, "<tr><td class=\"mono\">");
		report_esc(c, jt_str(o, "type"));
		report_raw(c, "</td><td>");
		report_phrase(c, jt_str(o, "title"));
		report_rawf(
		    c,
		    "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
		    "<td class=\"n\">%s%s</td><td>%s%s%s%s</td></tr>\n",
		    k, a, r, r[0] ? " %" : "", lo, lo[0] ? "–" : "", hi,
		    hi[0] ? " %" : "");
		if (n < FALL_PLOT_TYPES_MAX)
			v[n++] = (struct plot_prop){.label = jt_str(o, "type"),
						    .p = p,
						    .lo = l,
						    .hi = h,
						    .target = NAN};
	}
	report_raw(c, "</tbody></table>\n");
	return proportions(c, v, n, L_PLOT_FALL_TYPES_TITLE,
			   L_PLOT_FALL_TYPES_CAPTION, base, "types", what);
}

static int latency(struct report_ctx *c, json_object *e, const char *base,
		   const char *what)
{
	json_object *arr = NULL;
	struct plot_text t = {.font = report_plot_font(c),
			      .title = report_l(c, L_PLOT_FALL_LAT_TITLE),
			      .xlabel = report_l(c, L_PLOT_FALL_LAT_X),
			      .ylabel = report_l(c, L_PLOT_COUNT),
			      .y2label = report_l(c, L_PLOT_CDF),
			      .series = {report_l(c, L_PLOT_HISTOGRAM),
					 report_l(c, L_PLOT_CDF_SHORT)}};
	struct plot_line lim = {.at = NAN, .limit = 1};
	struct plot_out p;
	double *ms, limit;
	char name[96], cap[512], err[256], label[64];
	size_t n = 0, len;
	int prc;

	if (!json_object_object_get_ex(e, "latencies_s", &arr) ||
	    !json_object_is_type(arr, json_type_array) ||
	    !(len = json_object_array_length(arr)))
		return CC_OK;
	if (!(ms = calloc(len, sizeof(*ms))))
		return CC_ENOMEM;
	for (size_t i = 0; i < len; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (v &&
		    (json_object_is_type(v, json_type_double) ||
		     json_object_is_type(v, json_type_int)) &&
		    isfinite(json_object_get_double(v)))
			ms[n++] = json_object_get_double(v) * 1000;
	}
	if (jt_num(e, "limit", &limit)) {
		lim.at = limit * 1000;
		snprintf(label, sizeof(label), "P95 <= %g s", limit);
		lim.label = label;
	}
	snprintf(name, sizeof(name), "%s-latency", base);
	snprintf(cap, sizeof(cap), "%s: %s", what,
		 report_l(c, L_PLOT_FALL_LAT_CAPTION));
	plot_out_init(&p);
	prc = report_plots_off(c)
		  ? report_not_drawn(err, sizeof(err))
		  : plot_latency(ms, n, &lim, isfinite(lim.at) ? 1 : 0, &t,
				 c->pdf_date, &p, err, sizeof(err));
	free(ms);
	return plot_done(c, prc, name, &p, cap, err);
}

static int plot_done(struct report_ctx *c, int prc, const char *name,
		     struct plot_out *p, const char *caption, const char *err);

/* The outage's alarm timeline: impacts, alarms raised, alarms arrived. */
static int timeline(struct report_ctx *c, json_object *e, const char *base,
		    const char *what)
{
	json_object *rp = jt_obj(e, "replay"), *al = jt_arr(e, "alarms"),
		    *im = NULL;
	double from, to, *v;
	size_t na = jt_len(al), ni, nr = 0;
	struct plot_series s[3];
	struct plot_text t = {.font = report_plot_font(c),
			      .title = report_l(c, L_PLOT_FALL_TIMELINE_TITLE),
			      .xlabel = report_l(c, L_PLOT_FALL_TIMELINE_X)};
	struct plot_out p;
	char name[96], cap[512], err[256];
	int prc;

	if (!jt_num(rp, "shield_from_s", &from) ||
	    !jt_num(rp, "shield_to_s", &to) || !(from < to))
		return CC_OK;
	json_object_object_get_ex(e, "impacts_s", &im);
	if (!(v = calloc(jt_len(im) + 2 * na + 1, sizeof(*v))))
		return CC_ENOMEM;
	ni = numbers(im, v, jt_len(im));
	for (size_t i = 0; i < na; i++) {
		json_object *o = jt_idx_obj(al, i);
		double r, a;

		if (jt_num(o, "raised_s", &r) && jt_num(o, "arrived_s", &a)) {
			v[ni + nr] = r;
			v[ni + na + nr] = a;
			nr++;
		}
	}
	s[0] = (struct plot_series){
	    .title = report_l(c, L_PLOT_FALL_IMPACTS), .x = v, .y = v, .n = ni};
	s[1] = (struct plot_series){.title = report_l(c, L_PLOT_FALL_RAISED),
				    .x = v + ni,
				    .y = v + ni,
				    .n = nr};
	s[2] = (struct plot_series){.title = report_l(c, L_PLOT_FALL_ARRIVED),
				    .x = v + ni + na,
				    .y = v + ni + na,
				    .n = nr};
	snprintf(name, sizeof(name), "%s-timeline", base);
	snprintf(cap, sizeof(cap), "%s: %s", what,
		 report_l(c, L_PLOT_FALL_TIMELINE_CAPTION));
	plot_out_init(&p);
	prc =
	    report_plots_off(c)
		? report_not_drawn(err, sizeof(err))
		: plot_timeline(s, 3, from, to, report_l(c, L_PLOT_FALL_OUTAGE),
				&t, c->pdf_date, &p, err, sizeof(err));
	free(v);
	return plot_done(c, prc, name, &p, cap, err);
}

int report_fall_entry(struct report_ctx *c, json_object *e, const char *base,
		      const char *what)
{
	const char *method = jt_str(e, "method"), *fig = jt_str(e, "figure");

	if (method && !strcmp(method, "fall-replay")) {
		replay_table(c, e);
		return timeline(c, e, base, what);
	}
	if (!method || strcmp(method, "fall-detection") || !fig)
		return CC_OK;
	report_raw(c, "<table class=\"kv\">\n");
	kv_row(c, L_FALL_SET_HASH, jt_str(e, "trial_set_sha256"), "mono");
	kv_row(c, L_FALL_GENERATOR, jt_str(e, "generator"), NULL);
	compression_row(c, e);
	report_raw(c, "</table>\n");
	if (!strcmp(fig, "sensitivity") || !strcmp(fig, "specificity")) {
		struct plot_prop v = {
		    .label = !strcmp(fig, "sensitivity") ? "Se" : "Sp",
		    .p = NAN,
		    .lo = NAN,
		    .hi = NAN,
		    .target = NAN};

		jt_num(e, "value", &v.p);
		jt_num(e, "ci_low", &v.lo);
		jt_num(e, "ci_high", &v.hi);
		jt_num(e, "claim_min", &v.target);
		return proportions(c, &v, 1, L_PLOT_FALL_PROP_TITLE,
				   L_PLOT_FALL_PROP_CAPTION, base, "proportion",
				   what);
	}
	if (!strcmp(fig, "fall_types") || !strcmp(fig, "adl_types"))
		return types(c, e, base, what);
	if (!strcmp(fig, "latency"))
		return latency(c, e, base, what);
	return CC_OK;
}
