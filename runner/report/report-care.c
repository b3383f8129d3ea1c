/* SPDX-License-Identifier: MIT */
/*
 * The report's behaviour-monitoring parts (docs/behaviour-monitoring.md),
 * under each activity_compare / event_compare evaluation of the accuracy
 * section: the time compression the device stated, the confusion matrix
 * with per-class recall and precision, the event timeline (each true event
 * with the device event matched to it, missed ones and false ones) and the
 * latencies' histogram and cumulative distribution; for the emergency-alarm
 * path (docs/alarm-path.md) the alarm timeline (presses, deliveries,
 * refusals during the platform's outage, duplicates, escalations) and the
 * delivery latencies the same way. Everything read from
 * the record through jtype: a damaged record renders what it can.
 */
#include "report/report-internal.h"
#include "report/jtype.h"
#include "report/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

static bool idx_num(json_object *arr, size_t i, double *out)
{
	json_object *v = json_object_array_get_idx(arr, i);

	if (!v || !(json_object_is_type(v, json_type_double) ||
		    json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

/* "HH:MM:SS" of the day (days past the first as "+Nd"). */
static void day_time(double t, char out[32])
{
	long s = (long)floor(t + 0.5);

	if (!isfinite(t) || t < 0 || t > 1e9) {
		snprintf(out, 32, "—");
		return;
	}
	if (s >= 86400)
		snprintf(out, 32, "+%ldd %02ld:%02ld:%02ld", s / 86400,
			 s % 86400 / 3600, s % 3600 / 60, s % 60);
	else
		snprintf(out, 32, "%02ld:%02ld:%02ld", s / 3600, s % 3600 / 60,
			 s % 60);
}

static void pct_cell(struct report_ctx *c, json_object *o, const char *key)
{
	double v;

	if (jt_num(o, key, &v))
		report_rawf(c, "<td class=\"n\">%.1f</td>", v);
	else
		report_raw(c, "<td class=\"n\">—</td>");
}

static void time_scale(struct report_ctx *c, json_object *e)
{
	double s;
	char n[32];

	if (!jt_num(e, "time_scale", &s))
		return;
	report_fmt_num(s, n);
	report_rawf(c, "<p>%s: %s×</p>\n", report_l(c, L_CARE_TIME_SCALE), n);
}

static void confusion(struct report_ctx *c, json_object *e)
{
	json_object *cls = jt_arr(e, "classes"), *m = jt_arr(e, "confusion"),
		    *pc = jt_arr(e, "per_class");
	size_t nc = jt_len(cls);

	if (!nc || !jt_len(m))
		return;
	report_rawf(c, "<p>%s</p>\n<table><thead><tr><th>%s</th>",
		    report_l(c, L_CARE_CONFUSION),
		    report_l(c, L_CARE_TRUTH_DEVICE));
	for (size_t j = 0; j < nc && j < 16; j++) {
		json_object *s = json_object_array_get_idx(cls, j);

		report_raw(c, "<th class=\"n\">");
		report_esc(c, json_object_is_type(s, json_type_string)
				  ? json_object_get_string(s)
				  : "?");
		report_raw(c, "</th>");
	}
	report_raw(c, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < jt_len(m) && i < 16; i++) {
		json_object *row = json_object_array_get_idx(m, i),
			    *s = json_object_array_get_idx(cls, i);

		report_raw(c, "<tr><th>");
		report_esc(c, json_object_is_type(s, json_type_string)
				  ? json_object_get_string(s)
				  : "?");
		report_raw(c, "</th>");
		for (size_t j = 0; j < nc && j < 16; j++) {
			double v;

			if (json_object_is_type(row, json_type_array) &&
			    idx_num(row, j, &v))
				report_rawf(
				    c, "<td class=\"n\"%s>%.0f</td>",
				    i == j ? " style=\"font-weight:bold\"" : "",
				    v);
			else
				report_raw(c, "<td class=\"n\">—</td>");
		}
		report_raw(c, "</tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
	if (!jt_len(pc))
		return;
	report_rawf(c,
		    "<table><thead><tr><th>%s</th><th class=\"n\">%s</th><th "
		    "class=\"n\">%s</th><th class=\"n\">%s</th><th "
		    "class=\"n\">%s</th></tr>"
		    "</thead><tbody>\n",
		    report_l(c, L_CARE_CLASS), report_l(c, L_CARE_N_TRUE),
		    report_l(c, L_CARE_N_DEVICE), report_l(c, L_CARE_RECALL),
		    report_l(c, L_CARE_PRECISION));
	for (size_t i = 0; i < jt_len(pc) && i < 16; i++) {
		json_object *k = jt_idx_obj(pc, i);
		double v;

		if (!k)
			continue;
		report_raw(c, "<tr><th>");
		report_val(c, jt_str(k, "class"));
		report_raw(c, "</th>");
		report_rawf(c, "<td class=\"n\">%.0f</td>",
			    jt_num(k, "n_true", &v) ? v : 0.0);
		report_rawf(c, "<td class=\"n\">%.0f</td>",
			    jt_num(k, "n_device", &v) ? v : 0.0);
		pct_cell(c, k, "recall_pct");
		pct_cell(c, k, "precision_pct");
		report_raw(c, "</tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

/* The timeline: each true event with its match (or missed), then the
 * device events that matched none (false). */
static void timeline(struct report_ctx *c, json_object *e)
{
	json_object *tt = jt_arr(e, "true_times_s"),
		    *dt = jt_arr(e, "device_times_s"),
		    *mt = jt_arr(e, "matches");
	size_t nt = jt_len(tt), nd = jt_len(dt);
	bool *used = nd ? calloc(nd, 1) : NULL;
	char a[32], b[32];

	if (!nt && !nd) {
		free(used);
		return;
	}
	report_rawf(c,
		    "<p>%s</p>\n<table><thead><tr><th>%s</th><th>%s</th><th "
		    "class=\"n\">%s</th></tr></thead><tbody>\n",
		    report_l(c, L_CARE_EVENTS), report_l(c, L_CARE_TRUE_EVENT),
		    report_l(c, L_CARE_DEVICE_EVENT),
		    report_l(c, L_CARE_LATENCY));
	for (size_t i = 0; i < nt && i < 1000; i++) {
		double t, d, k;
		bool hit = idx_num(mt, i, &k) && k >= 0 && k < (double)nd &&
			   idx_num(dt, (size_t)k, &d);

		day_time(idx_num(tt, i, &t) ? t : NAN, a);
		if (hit) {
			if (used)
				used[(size_t)k] = true;
			day_time(d, b);
			report_rawf(c,
				    "<tr><td>%s</td><td>%s</td><td "
				    "class=\"n\">%.1f</td></tr>\n",
				    a, b, d - t);
		} else {
			report_rawf(c,
				    "<tr><td>%s</td><td>%s</td><td "
				    "class=\"n\">—</td></tr>\n",
				    a, report_l(c, L_CARE_MISSED));
		}
	}
	for (size_t j = 0; j < nd && j < 1000; j++) {
		double d;

		if ((used && used[j]) || !idx_num(dt, j, &d))
			continue;
		day_time(d, b);
		report_rawf(
		    c,
		    "<tr><td>%s</td><td>%s</td><td class=\"n\">—</td></tr>\n",
		    report_l(c, L_CARE_FALSE_EVENT), b);
	}
	report_raw(c, "</tbody></table>\n");
	free(used);
}

/* The alarm path: presses and what the platform received, in time order
 * (the record keeps presses first; a small sort here). */
static void alarm_timeline(struct report_ctx *c, json_object *e)
{
	static const struct {
		const char *kind;
		enum label_id label;
	} kinds[] = {
	    {"press", L_ALARM_K_PRESS},
	    {"fall", L_ALARM_K_FALL},
	    {"exit", L_ALARM_K_EXIT},
	    {"delivered", L_ALARM_K_DELIVERED},
	    {"duplicate", L_ALARM_K_DUPLICATE},
	    {"escalation", L_ALARM_K_ESCALATION},
	    {"refused", L_ALARM_K_REFUSED},
	    {"unreadable", L_ALARM_K_UNREADABLE},
	    {"platform_down", L_ALARM_K_DOWN},
	    {"platform_up", L_ALARM_K_UP},
	}, outs[] = {
	    {"refused", L_ALARM_OUT_REFUSED},
	    {"closed", L_ALARM_OUT_CLOSED},
	    {"silent", L_ALARM_OUT_SILENT},
	};
	json_object *tl = jt_arr(e, "timeline");
	size_t n = jt_len(tl), *order;

	if (!n)
		return;
	if (n > 2000)
		n = 2000;
	if (!(order = malloc(n * sizeof(*order))))
		return;
	for (size_t i = 0; i < n; i++) {
		double ti, tj;
		size_t j = i;

		order[i] = i;
		/* insertion by time; entries without one stay where they are */
		while (j > 0 && jt_num(jt_idx_obj(tl, order[j]), "t_s", &ti) &&
		       jt_num(jt_idx_obj(tl, order[j - 1]), "t_s", &tj) &&
		       ti < tj) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
			j--;
		}
	}
	report_rawf(c,
		    "<p>%s</p>\n<table><thead><tr><th "
		    "class=\"n\">%s</th><th>%s</th><th>%s</th>"
		    "<th class=\"n\">%s</th></tr></thead><tbody>\n",
		    report_l(c, L_ALARM_TIMELINE), report_l(c, L_ALARM_T),
		    report_l(c, L_ALARM_KIND), report_l(c, L_ALARM_ID),
		    report_l(c, L_ALARM_STATUS));
	for (size_t i = 0; i < n; i++) {
		json_object *k = jt_idx_obj(tl, order[i]);
		const char *kind = k ? jt_str(k, "kind") : NULL, *shown = kind;
		double t, st;

		if (!k)
			continue;
		for (size_t j = 0; kind && j < sizeof(kinds) / sizeof(kinds[0]);
		     j++)
			if (!strcmp(kind, kinds[j].kind))
				shown = report_l(c, kinds[j].label);
		if (jt_num(k, "t_s", &t))
			report_rawf(c, "<tr><td class=\"n\">%.3f</td><td>", t);
		else
			report_raw(c, "<tr><td class=\"n\">—</td><td>");
		report_val(c, shown);
		/* the outage's kind: a word of the record, shown in words */
		if (jt_str(k, "outage")) {
			const char *how = jt_str(k, "outage"), *how_shown = how;

			for (size_t j = 0; j < sizeof(outs) / sizeof(outs[0]); j++)
				if (!strcmp(how, outs[j].kind))
					how_shown = report_l(c, outs[j].label);
			report_raw(c, c->lang == LANG_ZH ? "（" : " (");
			report_val(c, how_shown);
			report_raw(c, c->lang == LANG_ZH ? "）" : ")");
		}
		report_raw(c, "</td><td>");
		if (jt_str(k, "id"))
			report_val(c, jt_str(k, "id"));
		else
			report_raw(c, "—");
		if (jt_num(k, "status", &st) && st > 0)
			report_rawf(c, "</td><td class=\"n\">%.0f</td></tr>\n",
				    st);
		else
			report_raw(c, "</td><td class=\"n\">—</td></tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
	free(order);
}

static int latency_plot(struct report_ctx *c, json_object *e, const char *base,
			const char *what)
{
	json_object *lat = jt_arr(e, "latencies_s");
	bool alarm =
	    jt_str(e, "method") && !strcmp(jt_str(e, "method"), "alarm-path");
	size_t n = jt_len(lat), m = 0;
	double *v = n ? malloc(n * sizeof(*v)) : NULL, max;
	struct plot_line lim[1];
	char lt[96], name[96], cap[512], err[256], title[256];
	struct plot_out p;
	struct plot_text t = {
	    .font =
		c->lang == LANG_ZH ? REPORT_PLOT_FONT_ZH : REPORT_PLOT_FONT_EN,
	    .title = title,
	    .xlabel = report_l(c, alarm ? L_PLOT_ALARM_LATENCY_X
					: L_PLOT_EVENT_LATENCY_X),
	    .ylabel = report_l(c, L_PLOT_COUNT),
	    .y2label = report_l(c, L_PLOT_CDF),
	    .series = {report_l(c, L_PLOT_HISTOGRAM),
		       report_l(c, L_PLOT_CDF_SHORT)},
	};
	size_t nlim = 0;
	int rc, prc;

	for (size_t i = 0; v && i < n; i++)
		if (idx_num(lat, i, &v[m]))
			m++;
	if (!m) {
		free(v);
		return CC_OK;
	}
	/* the limit the step held the maximum to, from its criteria */
	{
		json_object *crit = jt_arr(e, "criteria");

		for (size_t i = 0; i < jt_len(crit); i++) {
			json_object *k = jt_idx_obj(crit, i);
			const char *l = k ? jt_str(k, "limit") : NULL;

			if (k && l && jt_str(k, "name") &&
			    !strcmp(jt_str(k, "name"), "latency (max)") &&
			    sscanf(l, "<= %lf", &max) == 1) {
				snprintf(lt, sizeof(lt), "%s %g s",
					 report_l(c, L_CARE_LIMIT), max);
				lim[nlim++] =
				    (struct plot_line){.at = max, .label = lt};
			}
		}
	}
	snprintf(title, sizeof(title), "%s: %s", what,
		 report_l(c, alarm ? L_PLOT_ALARM_LATENCY_TITLE
				   : L_PLOT_EVENT_LATENCY_TITLE));
	snprintf(name, sizeof(name), "%s-event-latency", base);
	snprintf(cap, sizeof(cap), "%s: %s", what,
		 report_l(c, L_PLOT_EVENT_LATENCY_CAPTION));
	plot_out_init(&p);
	if (c->o->skip_plots || report_err(c)) {
		snprintf(err, sizeof(err), "skipped");
		prc = CC_EINVAL;
	} else {
		prc = plot_latency(v, m, lim, nlim, &t, c->pdf_date, &p, err,
				   sizeof(err));
	}
	rc = prc ? report_plot_failed(c, name, prc, err)
		 : report_figure(c, name, &p, cap);
	plot_out_release(&p);
	free(v);
	return rc;
}

int report_care_entry(struct report_ctx *c, json_object *e, const char *base,
		      const char *what)
{
	const char *m = jt_str(e, "method");

	if (m && !strcmp(m, "alarm-path")) {
		alarm_timeline(c, e);
		return latency_plot(c, e, base, what);
	}
	if (!m ||
	    (strcmp(m, "activity") && strcmp(m, "events") &&
	     strcmp(m, "mat_heart_rate") && strcmp(m, "mat_breathing_rate")))
		return CC_OK;
	time_scale(c, e);
	if (!strcmp(m, "activity"))
		confusion(c, e);
	if (strcmp(m, "events"))
		return CC_OK;
	timeline(c, e);
	return latency_plot(c, e, base, what);
}
