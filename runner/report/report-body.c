/* SPDX-License-Identifier: MIT */
/*
 * The report's body: measurements, timing, accuracy and each case's
 * results, with their plots.
 */
#include "base/err.h"
#include "report/report-internal.h"
#include "base/stats.h"
#include "base/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAMES_PER_EVIDENCE 8
/* A quoted frame is cut after this many bytes, at the end of a token; a
 * value the evidence names that lies further in is shown up to its end,
 * within the hard cap. */
#define FRAME_TEXT_MAX 1024
#define FRAME_TEXT_HARD 4096
#define FRAME_NEEDLES 12
#define INTERVAL_SERIES_MAX 4

static bool jbool(json_object *o, const char *key, bool *out)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_boolean))
		return false;
	*out = json_object_get_boolean(v);
	return true;
}

/* A number rounded for its unit (report_fmt_qty); unit NULL: a count. */
static void num_cell_u(struct report_ctx *c, json_object *o, const char *key,
		       const char *unit, bool stat)
{
	char s[32];
	double v;

	if (!jt_num(o, key, &v)) {
		report_raw(c, "<td class=\"n\">—</td>");
		return;
	}
	report_fmt_qty(v, unit, stat, s);
	report_rawf(c, "<td class=\"n\">%s</td>", s);
}

static void num_cell(struct report_ctx *c, json_object *o, const char *key)
{
	num_cell_u(c, o, key, NULL, false);
}

/* Monospaced cells hold identifiers and values: they wrap at their
 * separators, not inside a word. */
static void text_cell(struct report_ctx *c, const char *s, const char *cls)
{
	if (cls)
		report_rawf(c, "<td class=\"%s\">", cls);
	else
		report_raw(c, "<td>");
	if (s && cls && !strcmp(cls, "mono"))
		report_esc_wbr(c, s);
	else if (s)
		report_esc(c, s);
	else
		report_raw(c, "—");
	report_raw(c, "</td>");
}

/* Plots skipped on request (tests of the document alone), and once an
 * output error has lost the document: gnuplot would draw for nothing. */
static bool plots_off(const struct report_ctx *c)
{
	return c->o->skip_plots || report_err(c);
}

static int not_drawn(char *err, size_t len)
{
	snprintf(err, len, "skipped");
	return CC_EINVAL;
}

static const char *plot_font(const struct report_ctx *c)
{
	return c->lang == LANG_ZH ? REPORT_PLOT_FONT_ZH : REPORT_PLOT_FONT_EN;
}

static bool time_unit(const char *u)
{
	double ms;

	return u && *u && !unit_convert(1, u, "ms", &ms);
}

/* ---- measurements ----------------------------------------------------- */

static void meas_head(struct report_ctx *c, bool with_case)
{
	report_raw(c, with_case ? "<table class=\"t-meas\"><thead><tr>"
				: "<table class=\"t-meas1\"><thead><tr>");
	if (with_case)
		report_rawf(c, "<th>%s</th>", report_l(c, L_CASE));
	report_rawf(c,
		    "<th>%s</th><th class=\"n\">%s</th><th>%s</th><th "
		    "class=\"n\">%s</th>"
		    "<th "
		    "class=\"n\">%s</th><th>%s</th><th class=\"n\">%s</th><th>%s</th></tr></"
		    "thead><tbody>\n",
		    report_l(c, L_MEASUREMENT), report_l(c, L_VALUE),
		    report_l(c, L_UNIT), report_l(c, L_MIN), report_l(c, L_MAX),
		    report_l(c, L_MARGINAL), report_l(c, L_MU_U), report_l(c, L_VERDICT));
}

/* A judged figure's decision (core/mu.h) in words; a conditional pass
 * says it is no pass. */
static enum label_id decision_label(const char *d)
{
	if (d && !strcmp(d, "conditional_pass"))
		return L_DEC_CONDITIONAL_PASS;
	if (d && !strcmp(d, "conditional_fail"))
		return L_DEC_CONDITIONAL_FAIL;
	return d && !strcmp(d, "pass") ? L_DEC_PASS : L_DEC_FAIL;
}

/* U of a judged figure (its object f): the number, or "not evaluated" in
 * grey; "within U of the limit" flagged; a decision other than a pass
 * under a guard band named. */
static void mu_cell(struct report_ctx *c, json_object *f, bool with_decision)
{
	char s[32];
	double u;
	bool near = false;
	const char *d = jt_str(f, "decision"), *rule = jt_str(f, "rule");

	report_raw(c, "<td class=\"n\">");
	if (!f) {
		report_raw(c, "—</td>");
		return;
	}
	if (jt_num(f, "U", &u)) {
		report_fmt_qty(u, jt_str(f, "unit"), true, s);
		report_rawf(c, "%s", s);
	} else {
		report_rawf(c, "<span class=\"na\">%s</span>", report_l(c, L_MU_NOT_EVALUATED));
	}
	if (jbool(f, "near_limit", &near) && near)
		report_rawf(c, "<br><span class=\"mu-near\">%s</span>", report_l(c, L_MU_NEAR));
	if (with_decision && rule && !strcmp(rule, "guard_band") && d && strcmp(d, "pass") &&
	    strcmp(d, "fail"))
		report_rawf(c, "<br><span class=\"mu-near\">%s</span>",
			    report_l(c, decision_label(d)));
	report_raw(c, "</td>");
}

static void meas_row(struct report_ctx *c, json_object *k, json_object *m,
		     size_t index, bool with_case)
{
	bool marginal = false;

	report_raw(c, "<tr>");
	if (with_case) {
		char anchor[32];

		report_case_anchor(index, anchor);
		/* case ids break at their hyphens already */
		report_rawf(c, "<td class=\"mono\"><a href=\"#%s\">", anchor);
		report_val(c, jt_str(k, "id"));
		report_raw(c, "</a></td>");
	}
	text_cell(c, jt_str(m, "name"), "mono");
	num_cell_u(c, m, "value", jt_str(m, "unit"), false);
	text_cell(c, jt_str(m, "unit"), NULL);
	num_cell_u(c, m, "min", jt_str(m, "unit"), false);
	num_cell_u(c, m, "max", jt_str(m, "unit"), false);
	jbool(m, "marginal", &marginal);
	report_rawf(c, "<td>%s</td>", marginal ? report_l(c, L_YES) : "");
	mu_cell(c, jt_obj(m, "uncertainty"), true);
	report_raw(c, "<td>");
	report_verdict(c, jt_str(m, "verdict"));
	report_raw(c, "</td></tr>\n");
}

void report_measurements(struct report_ctx *c, int number)
{
	json_object *cases = jt_arr(c->root, "cases");
	size_t n = 0;

	report_h2(c, "s-measurements", number, L_SEC_MEASUREMENTS);
	for (size_t i = 0; i < jt_len(cases); i++)
		n += jt_len(
		    jt_arr(jt_idx_obj(cases, i), "measurements"));
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_MEASUREMENTS_INTRO));
	if (!n) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_MEASUREMENTS));
		return;
	}
	meas_head(c, true);
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i),
			    *ms = jt_arr(k, "measurements");

		for (size_t m = 0; m < jt_len(ms); m++)
			if (jt_idx_obj(ms, m))
				meas_row(c, k, jt_idx_obj(ms, m), i, true);
	}
	report_raw(c, "</tbody></table>\n");
}

/* ---- timing ----------------------------------------------------------- */

static bool ble_run(const struct report_ctx *c)
{
	const char *kind =
	    jt_str(jt_obj(c->root, "transport"), "kind");

	return kind && !strcmp(kind, "ble");
}

static int hex_byte(const char *hex, size_t i)
{
	unsigned v;

	if (!hex || strlen(hex) < 2 * i + 2 ||
	    sscanf(hex + 2 * i, "%2x", &v) != 1)
		return -1;
	return (int)v;
}

/* ATT requests that have a response (Core Vol 3 Part F 3.4). */
static bool att_request(int op)
{
	static const int req[] = {0x02, 0x04, 0x06, 0x08, 0x0A, 0x0C,
				  0x0E, 0x10, 0x12, 0x16, 0x18, 0x20};

	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (op == req[i])
			return true;
	return false;
}

static bool same_case(const struct report_frame *a,
		      const struct report_frame *b)
{
	return a->case_id && b->case_id && !strcmp(a->case_id, b->case_id);
}

/* Frames of one link: the main one (NULL) or the same named one. */
static bool same_link(const struct report_frame *a, const struct report_frame *b)
{
	return a->link ? b->link && !strcmp(a->link, b->link) : !b->link;
}

/* Response times (ms) from the traffic log: each request to the first
 * reply of the same case. BLE: ATT requests to their response or error;
 * serial: a sent frame to the next bytes received before the next send. */
static size_t response_times(const struct report_ctx *c, double **out)
{
	bool ble = ble_run(c);
	size_t n = 0;
	double *v = malloc((c->nframes + 1) * sizeof(*v));

	*out = v;
	for (size_t i = 0; v && i < c->nframes; i++) {
		const struct report_frame *tx = &c->frames[i];
		int op = ble ? hex_byte(tx->hex, 0) : 0;

		/* the DUT's main link: instruments and further links answer
		 * on their own and are not the device's response time */
		if (strcmp(tx->dir, "tx") || !tx->case_id || tx->link ||
		    (ble && !att_request(op)))
			continue;
		for (size_t j = i + 1; j < c->nframes; j++) {
			const struct report_frame *f = &c->frames[j];
			int rop;

			if (!strcmp(f->dir, "event") && f->event &&
			    !strcmp(f->event, "close"))
				break;
			if (!same_case(tx, f))
				break;
			if (!same_link(tx, f))
				continue;
			if (!strcmp(f->dir, "tx")) {
				int top = ble ? hex_byte(f->hex, 0) : -1;

				/* confirmations and commands may interleave */
				if (top == 0x1E || top == 0x52)
					continue;
				break;
			}
			if (strcmp(f->dir, "rx"))
				continue;
			rop = ble ? hex_byte(f->hex, 0) : 0;
			if (ble && rop != op + 1 && rop != 0x01)
				continue; /* a notification in between */
			v[n++] = (double)(f->mono_ns - tx->mono_ns) / 1e6;
			break;
		}
	}
	return n;
}

static void stats_table(struct report_ctx *c, const double *v, size_t n)
{
	static const double ps[] = {50, 95, 99};
	char a[32], b[32];
	double x;

	report_fmt_qty(n ? v[0] : NAN, "ms", false, a);
	report_fmt_qty(n ? v[n - 1] : NAN, "ms", false, b);
	report_rawf(c,
		    "<table class=\"kv\"><tr><th>%s</th><td>%zu</td></tr>\n"
		    "<tr><th>%s</th><td>%s "
		    "ms</td></tr>\n<tr><th>%s</th><td>%s ms</td></tr>\n",
		    report_l(c, L_SAMPLES), n, report_l(c, L_MIN), a,
		    report_l(c, L_MAX), b);
	for (size_t i = 0; i < 3; i++) {
		if (stats_percentile_sorted(v, n, ps[i], &x))
			continue;
		report_fmt_qty(x, "ms", false, a);
		report_rawf(c, "<tr><th>%s %.0f</th><td>%s ms</td></tr>\n",
			    report_l(c, L_PERCENTILE), ps[i], a);
	}
	report_raw(c, "</table>\n");
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Limits of the run's latency measurements, as vertical lines (ms). */
static size_t latency_limits(struct report_ctx *c, struct plot_line *l,
			     char (*txt)[96], size_t max, double **values,
			     size_t *nvalues)
{
	json_object *cases = jt_arr(c->root, "cases");
	size_t n = 0, nv = 0;

	*values = NULL;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < jt_len(cases); i++) {
			json_object *ms = jt_arr(jt_idx_obj(cases, i),
						      "measurements");

			for (size_t k = 0; k < jt_len(ms); k++) {
				json_object *m = jt_idx_obj(ms, k);
				const char *name = jt_str(m, "name"),
					   *u = jt_str(m, "unit");
				double lim, val, ms_v;
				bool dup = false;

				if (!name || !time_unit(u) ||
				    !(strstr(name, "latency") ||
				      strstr(name, "response")))
					continue;
				if (pass == 1) {
					if (jt_num(m, "value", &val) &&
					    !unit_convert(val, u, "ms",
							  &ms_v) &&
					    *values)
						(*values)[nv++] = ms_v;
					continue;
				}
				nv++;
				if (!jt_num(m, "max", &lim) ||
				    unit_convert(lim, u, "ms", &lim))
					continue;
				for (size_t d = 0; d < n; d++)
					dup |= fabs(l[d].at - lim) < 1e-9 &&
					       strstr(txt[d], name);
				if (dup || n == max)
					continue;
				snprintf(txt[n], 96, "%s ≤ %g ms", name, lim);
				l[n] = (struct plot_line){
				    .at = lim, .label = txt[n], .limit = 1};
				n++;
			}
		}
		if (pass == 0) {
			*values = nv ? malloc(nv * sizeof(**values)) : NULL;
			nv = 0;
		}
	}
	*nvalues = nv;
	return n;
}

static int latency_section(struct report_ctx *c, int number)
{
	struct plot_line lim[8];
	char txt[8][96], err[256], cap[256];
	double *v = NULL, *mv = NULL;
	size_t n = 0, nlim, nmv = 0;
	struct plot_out p;
	int rc, prc;
	bool from_log = c->tlog_state == REPORT_FILE_OK && c->nframes;
	struct plot_text t = {
	    .font = plot_font(c),
	    .title = report_l(c, L_PLOT_LATENCY_TITLE),
	    .xlabel = report_l(c, L_PLOT_LATENCY_X),
	    .ylabel = report_l(c, L_PLOT_COUNT),
	    .y2label = report_l(c, L_PLOT_CDF),
	    .series = {report_l(c, L_PLOT_HISTOGRAM),
		       report_l(c, L_PLOT_CDF_SHORT)},
	};

	report_rawf(c, "<h3>%d.1 %s</h3>\n", number,
		    report_l(c, L_RESPONSE_TIMES));
	nlim = latency_limits(c, lim, txt, 8, &mv, &nmv);
	if (from_log)
		n = response_times(c, &v);
	from_log = n > 0;
	if (!n) {
		free(v);
		v = mv;
		n = nmv;
		mv = NULL;
	}
	if (!n) {
		free(v);
		free(mv);
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_LATENCY));
		return CC_OK;
	}
	qsort(v, n, sizeof(*v), cmp_d);
	report_rawf(
	    c, "<p>%s</p>\n",
	    report_l(c, from_log ? L_LATENCY_FROM_LOG : L_LATENCY_FROM_RECORD));
	stats_table(c, v, n);
	plot_out_init(&p);
	prc = plots_off(c) ? not_drawn(err, sizeof(err))
			   : plot_latency(v, n, lim, nlim, &t, c->pdf_date, &p,
					  err, sizeof(err));
	snprintf(cap, sizeof(cap), "%s", report_l(c, L_PLOT_LATENCY_CAPTION));
	rc = prc ? report_plot_failed(c, "latency", prc, err)
		 : report_figure(c, "latency", &p, cap);
	plot_out_release(&p);
	free(v);
	free(mv);
	return rc;
}

/* The case's interval measurements' limits as horizontal lines (ms). */
static size_t interval_limits(json_object *k, struct plot_line *l,
			      char (*txt)[96], size_t max)
{
	json_object *ms = jt_arr(k, "measurements");
	size_t n = 0;

	for (size_t i = 0; i < jt_len(ms); i++) {
		json_object *m = jt_idx_obj(ms, i);
		const char *name = jt_str(m, "name"),
			   *u = jt_str(m, "unit");
		static const char *const keys[] = {"min", "max"};

		if (!name || !strstr(name, "interval") || !time_unit(u))
			continue;
		for (size_t b = 0; b < 2 && n < max; b++) {
			double lim;
			bool dup = false;

			if (!jt_num(m, keys[b], &lim) ||
			    unit_convert(lim, u, "ms", &lim))
				continue;
			for (size_t d = 0; d < n; d++)
				dup |= fabs(l[d].at - lim) < 1e-9;
			if (dup)
				continue;
			snprintf(txt[n], 96, "%s %s %g ms", name, b ? "≤" : "≥",
				 lim);
			l[n] = (struct plot_line){
			    .at = lim, .label = txt[n], .limit = 1};
			n++;
		}
	}
	return n;
}

static bool has_interval_measurement(json_object *k)
{
	json_object *ms = jt_arr(k, "measurements");

	for (size_t i = 0; i < jt_len(ms); i++) {
		json_object *m = jt_idx_obj(ms, i);
		const char *name = jt_str(m, "name");

		if (name && strstr(name, "interval") &&
		    time_unit(jt_str(m, "unit")))
			return true;
	}
	return false;
}

struct iseries {
	int handle; /* -1: all received frames (serial) */
	double *x, *y;
	size_t n;
	int64_t last;
	char title[64];
};

/* Arrival intervals of one case's notifications and indications (BLE, per
 * handle) or received frames (serial), from the traffic log. */
static size_t case_intervals(const struct report_ctx *c, const char *id,
			     struct iseries *s, const char *handle_label)
{
	bool ble = ble_run(c);
	int64_t t0 = -1;
	size_t ns = 0;

	for (size_t i = 0; i < c->nframes; i++) {
		const struct report_frame *f = &c->frames[i];
		int op, h = -1;
		size_t k;

		if (!f->case_id || strcmp(f->case_id, id) || f->link)
			continue;
		if (t0 < 0)
			t0 = f->mono_ns;
		if (strcmp(f->dir, "rx"))
			continue;
		if (ble) {
			op = hex_byte(f->hex, 0);
			if (op != 0x1B && op != 0x1D)
				continue;
			h = hex_byte(f->hex, 1) | hex_byte(f->hex, 2) << 8;
		}
		for (k = 0; k < ns && s[k].handle != h; k++)
			;
		if (k == ns) {
			if (ns == INTERVAL_SERIES_MAX)
				continue;
			s[ns] = (struct iseries){.handle = h, .last = -1};
			s[ns].x = malloc(c->nframes * sizeof(double));
			s[ns].y = malloc(c->nframes * sizeof(double));
			if (!s[ns].x || !s[ns].y) {
				free(s[ns].x);
				free(s[ns].y);
				continue;
			}
			if (h >= 0)
				snprintf(s[ns].title, sizeof(s[ns].title),
					 "%s 0x%04X", handle_label, h);
			else
				snprintf(s[ns].title, sizeof(s[ns].title),
					 "rx");
			ns++;
		}
		if (s[k].last >= 0) {
			s[k].x[s[k].n] = (double)(f->mono_ns - t0) / 1e9;
			s[k].y[s[k].n] = (double)(f->mono_ns - s[k].last) / 1e6;
			s[k].n++;
		}
		s[k].last = f->mono_ns;
	}
	return ns;
}

/* Without a usable traffic log, the case's interval measurements in the
 * order they were taken: a series of n points. */
static size_t measured_intervals(json_object *k, struct iseries *s)
{
	json_object *ms = jt_arr(k, "measurements");
	size_t n = jt_len(ms);

	*s = (struct iseries){.handle = -1};
	if (!n || !(s->x = malloc(n * sizeof(double))) ||
	    !(s->y = malloc(n * sizeof(double)))) {
		free(s->x);
		s->x = NULL;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *m = jt_idx_obj(ms, i);
		const char *name = jt_str(m, "name"),
			   *u = jt_str(m, "unit");
		double v;

		if (name && strstr(name, "interval") && time_unit(u) &&
		    jt_num(m, "value", &v) &&
		    !unit_convert(v, u, "ms", &v)) {
			s->x[s->n] = (double)(s->n + 1);
			s->y[s->n++] = v;
		}
	}
	return 1;
}

static int interval_figure(struct report_ctx *c, json_object *k, size_t index,
			   int *shown)
{
	const char *id = jt_str(k, "id");
	bool from_log = c->tlog_state == REPORT_FILE_OK;
	struct iseries s[INTERVAL_SERIES_MAX];
	struct plot_series ps[INTERVAL_SERIES_MAX];
	struct plot_line lim[8];
	char txt[8][96], err[256], cap[512], name[64], title[256];
	struct plot_out p;
	size_t ns = 0, nlim, used = 0;
	int rc = CC_OK, prc;

	if (!id)
		return CC_OK;
	if (from_log)
		ns = case_intervals(c, id, s, report_l(c, L_HANDLE));
	if (!ns) {
		from_log = false;
		ns = measured_intervals(k, s);
		snprintf(s[0].title, sizeof(s[0].title), "%s",
			 report_l(c, L_SEC_MEASUREMENTS));
	}
	for (size_t i = 0; i < ns; i++)
		if (s[i].n)
			ps[used++] = (struct plot_series){.title = s[i].title,
							  .x = s[i].x,
							  .y = s[i].y,
							  .n = s[i].n};
	nlim = interval_limits(k, lim, txt, 8);
	if (used) {
		struct plot_text t = {
		    .font = plot_font(c),
		    .title = title,
		    .xlabel = report_l(c, from_log ? L_PLOT_TIME_X
						   : L_PLOT_MEAS_INDEX),
		    .ylabel = report_l(c, L_PLOT_INTERVAL_Y),
		};

		snprintf(title, sizeof(title), "%s: %s", id,
			 report_l(c, L_PLOT_INTERVAL_TITLE));
		snprintf(name, sizeof(name), "interval-%zu", index);
		snprintf(cap, sizeof(cap), "%s %s.",
			 report_l(c, from_log ? L_PLOT_INTERVAL_CAPTION
					      : L_PLOT_INTERVAL_MEAS_CAPTION),
			 id);
		plot_out_init(&p);
		prc = plots_off(c)
			  ? not_drawn(err, sizeof(err))
			  : plot_intervals(ps, used, lim, nlim, &t, c->pdf_date,
					   &p, err, sizeof(err));
		rc = prc ? report_plot_failed(c, name, prc, err)
			 : report_figure(c, name, &p, cap);
		plot_out_release(&p);
		(*shown)++;
	}
	for (size_t i = 0; i < ns; i++) {
		free(s[i].x);
		free(s[i].y);
	}
	return rc;
}

int report_timing(struct report_ctx *c, int number)
{
	json_object *cases = jt_arr(c->root, "cases");
	size_t n = 0;
	int rc, shown = 0;

	report_h2(c, "s-timing", number, L_SEC_TIMING);
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_TIMING_INTRO));
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *ms =
		    jt_arr(jt_idx_obj(cases, i), "measurements");

		for (size_t m = 0; m < jt_len(ms); m++)
			n += time_unit(
			    jt_str(jt_idx_obj(ms, m), "unit"));
	}
	if ((rc = latency_section(c, number)))
		return rc;
	report_rawf(c, "<h3>%d.2 %s</h3>\n", number,
		    report_l(c, L_TIMING_MEASUREMENTS));
	if (!n) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_MEASUREMENTS));
	} else {
		meas_head(c, true);
		for (size_t i = 0; i < jt_len(cases); i++) {
			json_object *k = jt_idx_obj(cases, i),
				    *ms = jt_arr(k, "measurements");

			for (size_t m = 0; m < jt_len(ms); m++) {
				json_object *me = jt_idx_obj(ms, m);

				if (me && time_unit(jt_str(me, "unit")))
					meas_row(c, k, me, i, true);
			}
		}
		report_raw(c, "</tbody></table>\n");
	}
	report_rawf(c, "<h3>%d.3 %s</h3>\n", number, report_l(c, L_INTERVALS));
	/* the loop stops at a plot's own error */
	for (size_t i = 0; !rc && i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i);

		if (k && has_interval_measurement(k))
			rc = interval_figure(c, k, i, &shown);
	}
	if (!rc && !shown)
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_INTERVALS));
	return rc;
}

/* ---- accuracy --------------------------------------------------------- */

/* unit: 'q' the quantity's, '%' percent, 0 a count */
static const struct {
	const char *key;
	enum label_id label, bench; /* bench: on a bench, set points */
	char unit;
} stat_labels[] = {
    {"n_pairs", L_ST_N_PAIRS, L_ST_N_PAIRS, 0},
    {"n_subjects", L_ST_N_SUBJECTS, L_ST_N_SET_POINTS, 0},
    {"bias", L_ST_BIAS, L_ST_BIAS, 'q'},
    {"sd", L_ST_SD, L_ST_SD, 'q'},
    {"arms", L_ST_ARMS, L_ST_ARMS, 'q'},
    {"loa_low", L_ST_LOA_LOW, L_ST_LOA_LOW, 'q'},
    {"loa_high", L_ST_LOA_HIGH, L_ST_LOA_HIGH, 'q'},
    {"subject_sd", L_ST_SUBJECT_SD, L_ST_SET_POINT_SD, 'q'},
    {"c2_limit", L_ST_C2_LIMIT, L_ST_C2_LIMIT, 'q'},
    {"within_pct", L_ST_WITHIN_PCT, L_ST_WITHIN_PCT, '%'},
    {"ab_pct", L_ST_AB_PCT, L_ST_AB_PCT, '%'},
    {"n_outside", L_ST_N_OUTSIDE, L_ST_N_OUTSIDE, 0},
    {"need_pairs", L_ST_NEED_PAIRS, L_ST_NEED_PAIRS, 0},
    {"need_subjects", L_ST_NEED_SUBJECTS, L_ST_NEED_SET_POINTS, 0},
    /* positioning */
    {"n_epochs", L_ST_N_EPOCHS, L_ST_N_EPOCHS, 0},
    {"ce50_m", L_ST_CE50, L_ST_CE50, 0},
    {"ce95_m", L_ST_CE95, L_ST_CE95, 0},
    {"rms_m", L_ST_RMS_M, L_ST_RMS_M, 0},
    {"mean_error_m", L_ST_MEAN_ERR, L_ST_MEAN_ERR, 0},
    {"max_error_m", L_ST_MAX_ERR, L_ST_MAX_ERR, 0},
    {"ve95_m", L_ST_VE95, L_ST_VE95, 0},
    {"availability_pct", L_ST_AVAIL, L_ST_AVAIL, 0},
    {"ttff_s", L_ST_TTFF, L_ST_TTFF, 0},
    {"ttff_warm_s", L_ST_TTFF_WARM, L_ST_TTFF_WARM, 0},
    {"latency95_s", L_ST_LAT95, L_ST_LAT95, 0},
    {"floor_detection_pct", L_ST_FLOOR, L_ST_FLOOR, 0},
    {"zone_detection_pct", L_ST_ZONE, L_ST_ZONE, 0},
    {"outage_valid_fixes", L_ST_OUTAGE, L_ST_OUTAGE, 0},
    {"exits", L_ST_EXITS, L_ST_EXITS, 0},
    {"exits_detected", L_ST_EXITS_DET, L_ST_EXITS_DET, 0},
    {"false_exits", L_ST_FALSE_EXITS, L_ST_FALSE_EXITS, 0},
    {"alarm_latency_s", L_ST_ALARM_LAT, L_ST_ALARM_LAT, 0},
    /* behaviour monitoring and the alarm path (report-care.c) */
    {"accuracy_pct", L_ST_ACCURACY_PCT, L_ST_ACCURACY_PCT, 0},
    {"kappa", L_ST_KAPPA, L_ST_KAPPA, 0},
    {"chance_agreement", L_ST_CHANCE, L_ST_CHANCE, 0},
    {"n_true", L_ST_N_TRUE, L_ST_N_TRUE, 0},
    {"n_device", L_ST_N_DEVICE, L_ST_N_DEVICE, 0},
    {"detection_pct", L_ST_DETECTION_PCT, L_ST_DETECTION_PCT, 0},
    {"false_per_day", L_ST_FALSE_PER_DAY, L_ST_FALSE_PER_DAY, 0},
    {"latency_p50_s", L_ST_LAT_P50, L_ST_LAT_P50, 0},
    {"latency_p95_s", L_ST_LAT_P95, L_ST_LAT_P95, 0},
    {"latency_max_s", L_ST_LAT_MAX, L_ST_LAT_MAX, 0},
    {"n_presses", L_ST_N_PRESSES, L_ST_N_PRESSES, 0},
    {"n_delivered", L_ST_N_DELIVERED, L_ST_N_DELIVERED, 0},
    {"n_duplicates", L_ST_N_DUPLICATES, L_ST_N_DUPLICATES, 0},
    {"n_refused", L_ST_N_REFUSED, L_ST_N_REFUSED, 0},
    {"n_escalations", L_ST_N_ESCALATIONS, L_ST_N_ESCALATIONS, 0},
    {"n_out_of_order", L_ST_N_OUT_OF_ORDER, L_ST_N_OUT_OF_ORDER, 0},
    {"n_content_errors", L_ST_N_CONTENT_ERRORS, L_ST_N_CONTENT_ERRORS, 0},
    {"delivery_pct", L_ST_DELIVERY_PCT, L_ST_DELIVERY_PCT, 0},
};

/* Whether an evaluation's pairs were taken on a bench: its "subjects"
 * are the simulator's set points, not people. */
static bool acc_bench(json_object *e)
{
	const char *d = jt_str(e, "data");

	return d && !strcmp(d, "bench");
}

/* "6.07 mmHg": a statistic with its unit, rounded for it. */
static void stat_value(struct report_ctx *c, double v, const char *unit,
		       char kind)
{
	char s[32];

	report_fmt_qty(v, kind == 'q' ? unit : kind == '%' ? "%" : NULL,
		       true, s);
	report_raw(c, s);
	if (kind == '%')
		report_raw(c, " %");
	else if (kind == 'q' && unit && *unit) {
		report_raw(c, " ");
		report_esc(c, unit);
	}
}

static void acc_stats(struct report_ctx *c, json_object *e)
{
	json_object *st = jt_obj(e, "statistics");

	if (!st)
		return;
	report_raw(c, "<table class=\"kv\">\n");
	/* known statistics first, in a fixed order, then any others */
	for (size_t i = 0; i < sizeof(stat_labels) / sizeof(stat_labels[0]);
	     i++) {
		double v;

		if (!jt_num(st, stat_labels[i].key, &v))
			continue;
		report_rawf(c, "<tr><th>%s</th><td>",
			    report_l(c, acc_bench(e) ? stat_labels[i].bench
						     : stat_labels[i].label));
		stat_value(c, v, jt_str(e, "unit"), stat_labels[i].unit);
		report_raw(c, "</td></tr>\n");
	}
	json_object_object_foreach(st, key, val)
	{
		bool known = false;
		char s[32];
		double v;

		for (size_t i = 0;
		     i < sizeof(stat_labels) / sizeof(stat_labels[0]); i++)
			known |= !strcmp(key, stat_labels[i].key);
		if (known || !jt_num(st, key, &v))
			continue;
		(void)val;
		report_fmt_num(v, s);
		report_raw(c, "<tr><th class=\"mono\">");
		report_esc(c, key);
		report_rawf(c, "</th><td>%s</td></tr>\n", s);
	}
	report_raw(c, "</table>\n");
}

static void acc_criteria(struct report_ctx *c, json_object *e)
{
	json_object *cr = jt_arr(e, "criteria");

	if (!jt_len(cr))
		return;
	report_rawf(c,
		    "<table "
		    "class=\"t-crit\"><thead><tr><th>%s</th><th>%s</"
		    "th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_CRITERION), report_l(c, L_OBSERVED),
		    report_l(c, L_LIMIT), report_l(c, L_VERDICT));
	for (size_t i = 0; i < jt_len(cr); i++) {
		json_object *k = jt_idx_obj(cr, i);
		const char *cl = jt_str(k, "clause");

		if (!k)
			continue;
		report_raw(c, "<tr><td>");
		report_phrase(c, jt_str(k, "name"));
		if (cl) {
			report_raw(c, "<br><span class=\"note\">");
			report_phrase(c, cl);
			report_raw(c, "</span>");
		}
		report_raw(c, "</td>");
		report_raw(c, "<td>");
		report_phrase(c, jt_str(k, "observed"));
		report_raw(c, "</td><td>");
		report_phrase(c, jt_str(k, "limit"));
		report_raw(c, "</td>");
		report_raw(c, "<td>");
		report_verdict(c, jt_str(k, "verdict"));
		report_raw(c, "</td></tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

static void acc_zones(struct report_ctx *c, json_object *e)
{
	static const char *const z[] = {"A", "B", "C", "D", "E"};
	json_object *zones = jt_obj(e, "zones");
	double total = 0, v;

	if (!zones)
		return;
	for (size_t i = 0; i < 5; i++)
		total += jt_num(zones, z[i], &v) ? v : 0;
	report_rawf(c, "<table><thead><tr><th>%s</th>", report_l(c, L_ZONE));
	for (size_t i = 0; i < 5; i++)
		report_rawf(c, "<th class=\"n\">%s</th>", z[i]);
	report_rawf(c, "</tr></thead><tbody><tr><th>%s</th>",
		    report_l(c, L_COUNT));
	for (size_t i = 0; i < 5; i++)
		num_cell(c, zones, z[i]);
	report_raw(c, "</tr><tr><th>%</th>");
	for (size_t i = 0; i < 5; i++)
		report_rawf(c, "<td class=\"n\">%.1f</td>",
			    total > 0 && jt_num(zones, z[i], &v)
				? 100 * v / total
				: 0.0);
	report_raw(c, "</tr></tbody></table>\n");
}

static void acc_decades(struct report_ctx *c, json_object *e)
{
	json_object *d = jt_arr(e, "decades");

	if (!jt_len(d))
		return;
	report_rawf(c,
		    "<table><thead><tr><th>%s</th><th "
		    "class=\"n\">n</th><th class=\"n\">Arms (%%)</th>"
		    "<th class=\"n\">%s (%%)</th><th "
		    "class=\"n\">%s (%%)</th></tr></thead><tbody>\n",
		    report_l(c, L_RANGE), report_l(c, L_ST_BIAS),
		    report_l(c, L_ST_SD));
	for (size_t i = 0; i < jt_len(d); i++) {
		json_object *k = jt_idx_obj(d, i);

		if (!k)
			continue;
		report_raw(c, "<tr>");
		text_cell(c, jt_str(k, "range"), NULL);
		num_cell(c, k, "n");
		num_cell_u(c, k, "arms", "%", true);
		num_cell_u(c, k, "bias", "%", true);
		num_cell_u(c, k, "sd", "%", true);
		report_raw(c, "</tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

/* The entry's pairs as two arrays; count of usable pairs. */
static size_t acc_pairs(json_object *e, double **ref, double **dev,
			double scale)
{
	json_object *pairs = jt_arr(e, "pairs");
	size_t n = jt_len(pairs), m = 0;

	*ref = n ? malloc(n * sizeof(**ref)) : NULL;
	*dev = n ? malloc(n * sizeof(**dev)) : NULL;
	if (!*ref || !*dev) {
		free(*ref);
		free(*dev);
		*ref = *dev = NULL;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *p = jt_idx_obj(pairs, i);
		double r, d;

		if (jt_num(p, "reference", &r) &&
		    jt_num(p, "device", &d)) {
			(*ref)[m] = r * scale;
			(*dev)[m] = d * scale;
			m++;
		}
	}
	return m;
}

static int acc_plot_done(struct report_ctx *c, int prc, const char *name,
			 struct plot_out *p, const char *caption,
			 const char *err)
{
	int rc = prc ? report_plot_failed(c, name, prc, err)
		     : report_figure(c, name, p, caption);

	plot_out_release(p);
	return rc;
}

static bool all_equal_differences(const double *ref, const double *dev,
				  size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (fabs((dev[i] - ref[i]) - (dev[0] - ref[0])) > 1e-9)
			return false;
	return true;
}

static int acc_plots(struct report_ctx *c, json_object *e, const char *base,
		     const char *what)
{
	const char *method = jt_str(e, "method"),
		   *unit = jt_str(e, "unit");
	json_object *st = jt_obj(e, "statistics"),
		    *band = jt_obj(e, "band");
	char name[96], cap[512], title[256], xl[128], yl[128], err[256];
	double *ref, *dev, bias, lo, hi;
	size_t n = acc_pairs(e, &ref, &dev, 1);
	struct plot_out p;
	int rc = CC_OK, prc;

	if (!unit)
		unit = "";
	if (n >= 2 && all_equal_differences(ref, dev, n)) {
		/* identical differences (an ECG heart rate read exactly):
		 * the plot would be one dot under three piled labels */
		char d[32];

		report_fmt_qty(dev[0] - ref[0], unit, true, d);
		report_rawf(c, "<p class=\"note ba-constant\">%s %s ", report_l(c, L_BA_CONSTANT), d);
		report_esc(c, unit);
		report_rawf(c, " (%zu %s).</p>\n", n, report_l(c, L_PLOT_PAIRS));
	} else if (n >= 2) {
		/* Bland-Altman: the record's statistics, else computed here */
		double *d = malloc(n * sizeof(*d)), sd;
		char lb[3][96];
		struct plot_line lines[3];
		struct plot_text t = {.font = plot_font(c),
				      .title = title,
				      .xlabel = xl,
				      .ylabel = yl,
				      .series = {report_l(c, L_PLOT_PAIRS)}};

		for (size_t i = 0; d && i < n; i++)
			d[i] = dev[i] - ref[i];
		sd = d ? stats_sd(d, n) : NAN;
		if (!jt_num(st, "bias", &bias))
			bias = d ? stats_mean(d, n) : NAN;
		if (!jt_num(st, "loa_low", &lo))
			lo = bias - 1.96 * sd;
		if (!jt_num(st, "loa_high", &hi))
			hi = bias + 1.96 * sd;
		free(d);
		{
			char fb[32], fh[32], fl[32];

			report_fmt_qty(bias, unit, true, fb);
			report_fmt_qty(hi, unit, true, fh);
			report_fmt_qty(lo, unit, true, fl);
			/* two lines each: they sit in the plot's margin */
			snprintf(lb[0], 96, "%s\n%s %s", report_l(c, L_ST_BIAS),
				 fb, unit);
			snprintf(lb[1], 96, "%s\n%s %s",
				 report_l(c, L_ST_LOA_HIGH), fh, unit);
			snprintf(lb[2], 96, "%s\n%s %s",
				 report_l(c, L_ST_LOA_LOW), fl, unit);
		}
		for (int i = 0; i < 3; i++)
			lines[i] = (struct plot_line){.at = i == 0   ? bias
							    : i == 1 ? hi
								     : lo,
						      .label = lb[i]};
		snprintf(title, sizeof(title), "%s: %s", what,
			 report_l(c, L_PLOT_BA_TITLE));
		snprintf(xl, sizeof(xl), "%s (%s)", report_l(c, L_PLOT_BA_X),
			 unit);
		snprintf(yl, sizeof(yl), "%s (%s)", report_l(c, L_PLOT_BA_Y),
			 unit);
		snprintf(name, sizeof(name), "%s-bland-altman", base);
		snprintf(cap, sizeof(cap), "%s: %s", what,
			 report_l(c, L_PLOT_BA_CAPTION));
		plot_out_init(&p);
		prc = plots_off(c) ? not_drawn(err, sizeof(err))
				   : plot_bland_altman(ref, dev, n, lines, 3,
						       &t, c->pdf_date, &p, err,
						       sizeof(err));
		rc = acc_plot_done(c, prc, name, &p, cap, err);
	}
	if (!rc && n && band) {
		struct plot_band bd = {0};
		char bl[128];
		struct plot_text t = {.font = plot_font(c),
				      .title = title,
				      .xlabel = xl,
				      .ylabel = yl,
				      .series = {report_l(c, L_PLOT_WITHIN),
						 report_l(c, L_PLOT_OUTSIDE),
						 bl, "y = x"}};

		jt_num(band, "abs", &bd.abs);
		jt_num(band, "rel_pct", &bd.rel_pct);
		jt_num(band, "threshold", &bd.threshold);
		if (bd.threshold > 0)
			snprintf(bl, sizeof(bl), "±%g %s < %g, ±%g %%", bd.abs,
				 unit, bd.threshold, bd.rel_pct);
		else if (bd.rel_pct > 0)
			snprintf(bl, sizeof(bl), "±max(%g %s, %g %%)", bd.abs,
				 unit, bd.rel_pct);
		else
			snprintf(bl, sizeof(bl), "±%g %s", bd.abs, unit);
		snprintf(title, sizeof(title), "%s: %s", what,
			 report_l(c, L_PLOT_SCATTER_TITLE));
		snprintf(xl, sizeof(xl), "%s (%s)",
			 report_l(c, L_PLOT_REFERENCE), unit);
		snprintf(yl, sizeof(yl), "%s (%s)", report_l(c, L_PLOT_DEVICE),
			 unit);
		snprintf(name, sizeof(name), "%s-scatter", base);
		snprintf(cap, sizeof(cap), "%s: %s", what,
			 report_l(c, L_PLOT_SCATTER_CAPTION));
		plot_out_init(&p);
		prc = plots_off(c)
			  ? not_drawn(err, sizeof(err))
			  : plot_scatter_band(ref, dev, n, &bd, &t, c->pdf_date,
					      &p, err, sizeof(err));
		rc = acc_plot_done(c, prc, name, &p, cap, err);
	}
	free(ref);
	free(dev);
	if (!rc && method && !strcmp(method, "glucose")) {
		/* the grid is defined in mg/dL: 18 mg/dL per mmol/L, as
		 * acc-glucose */
		double scale = !strcmp(unit, "mmol/L") ? 18.0 : 1.0;
		struct plot_text t = {.font = plot_font(c),
				      .title = report_l(c, L_PLOT_PARKES_TITLE),
				      .xlabel = report_l(c, L_PLOT_PARKES_X),
				      .ylabel = report_l(c, L_PLOT_PARKES_Y),
				      .series = {report_l(c, L_PLOT_READINGS),
						 report_l(c, L_PLOT_ZONES)}};

		n = acc_pairs(e, &ref, &dev, scale);
		if (n) {
			snprintf(name, sizeof(name), "%s-parkes", base);
			snprintf(cap, sizeof(cap), "%s: %s", what,
				 report_l(c, L_PLOT_PARKES_CAPTION));
			plot_out_init(&p);
			prc = plots_off(c)
				  ? not_drawn(err, sizeof(err))
				  : plot_parkes(ref, dev, n, &t, c->pdf_date,
						&p, err, sizeof(err));
			rc = acc_plot_done(c, prc, name, &p, cap, err);
		}
		free(ref);
		free(dev);
	}
	if (!rc && method && !strcmp(method, "spo2")) {
		json_object *dec = jt_arr(e, "decades");
		double arms[3] = {NAN, NAN, NAN}, max_arms = NAN;
		char lim[96];
		struct plot_text t = {
		    .font = plot_font(c),
		    .title = report_l(c, L_PLOT_SPO2_TITLE),
		    .xlabel = report_l(c, L_PLOT_SPO2_X),
		    .ylabel = report_l(c, L_PLOT_SPO2_Y),
		    .series = {report_l(c, L_PLOT_ERROR),
			       report_l(c, L_PLOT_ARMS_DECADE), lim}};

		for (size_t i = 0; i < jt_len(dec) && i < 3; i++)
			if (!jt_num(jt_idx_obj(dec, i), "arms",
					 &arms[i]))
				arms[i] = NAN;
		jt_num(e, "max_arms", &max_arms);
		snprintf(lim, sizeof(lim), "%s %g %%",
			 report_l(c, L_PLOT_ARMS_LIMIT), max_arms);
		n = acc_pairs(e, &ref, &dev, 1);
		if (n) {
			snprintf(name, sizeof(name), "%s-spo2-error", base);
			snprintf(cap, sizeof(cap), "%s: %s", what,
				 report_l(c, L_PLOT_SPO2_CAPTION));
			plot_out_init(&p);
			prc = plots_off(c)
				  ? not_drawn(err, sizeof(err))
				  : plot_spo2_error(ref, dev, n, arms, max_arms,
						    &t, c->pdf_date, &p, err,
						    sizeof(err));
			rc = acc_plot_done(c, prc, name, &p, cap, err);
		}
		free(ref);
		free(dev);
	}
	return rc;
}

/* ---- positioning (method positioning: docs/positioning.md) ---- */

/* Element i of a JSON array as a finite number. */
static bool arr_num(json_object *arr, size_t i, double *out)
{
	json_object *v = json_object_is_type(arr, json_type_array)
				 ? json_object_array_get_idx(arr, i)
				 : NULL;

	if (!v || !(json_object_is_type(v, json_type_double) ||
		    json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

static void pos_tables(struct report_ctx *c, json_object *e)
{
	json_object *p = jt_obj(e, "positioning"), *zones, *ev;

	if (!p)
		return;
	zones = jt_arr(p, "zones");
	if (jt_len(zones)) {
		report_rawf(c, "<p>%s</p>\n<table><thead><tr><th>%s</th><th class=\"n\">%s</th>"
			    "<th class=\"n\">CE50 (m)</th><th class=\"n\">CE95 (m)</th>"
			    "<th class=\"n\">%s (m)</th></tr></thead><tbody>\n",
			    report_l(c, L_POS_ZONES), report_l(c, L_ZONE), report_l(c, L_COUNT),
			    report_l(c, L_POS_MEAN));
		for (size_t i = 0; i < jt_len(zones); i++) {
			json_object *z = jt_idx_obj(zones, i);

			if (!z)
				continue;
			report_raw(c, "<tr>");
			text_cell(c, jt_str(z, "zone"), NULL);
			num_cell(c, z, "n");
			num_cell(c, z, "ce50_m");
			num_cell(c, z, "ce95_m");
			num_cell(c, z, "mean_m");
			report_raw(c, "</tr>\n");
		}
		report_raw(c, "</tbody></table>\n");
	}
	ev = jt_arr(p, "geofence_events");
	if (!jt_len(ev))
		return;
	report_rawf(c, "<p>%s</p>\n<table><thead><tr><th>%s</th><th>%s</th>"
		    "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		    "</tr></thead><tbody>\n",
		    report_l(c, L_POS_EVENTS), report_l(c, L_POS_FENCE), report_l(c, L_POS_EVENT),
		    report_l(c, L_POS_EVENT_TIME), report_l(c, L_POS_ALARM_TIME),
		    report_l(c, L_POS_ALARM_LATENCY));
	for (size_t i = 0; i < jt_len(ev); i++) {
		json_object *x = jt_idx_obj(ev, i);
		const char *kind = x ? jt_str(x, "kind") : NULL;
		double t, a;
		char s[32];

		if (!x || !kind)
			continue;
		report_raw(c, "<tr>");
		text_cell(c, jt_str(x, "fence"), NULL);
		text_cell(c, report_l(c, !strcmp(kind, "exit") ? L_POS_EXIT : L_POS_FALSE_ALARM),
			  NULL);
		if (!strcmp(kind, "exit"))
			num_cell(c, x, "t_s");
		else
			report_raw(c, "<td class=\"n\">—</td>");
		if (jt_num(x, "alarm_s", &a))
			num_cell(c, x, "alarm_s");
		else
			report_rawf(c, "<td class=\"n\">%s</td>", report_l(c, L_POS_NO_ALARM));
		if (!strcmp(kind, "exit") && jt_num(x, "t_s", &t) && jt_num(x, "alarm_s", &a)) {
			report_fmt_num(a - t, s);
			report_rawf(c, "<td class=\"n\">%s</td>", s);
		} else {
			report_raw(c, "<td class=\"n\">—</td>");
		}
		report_raw(c, "</tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

static int pos_plots(struct report_ctx *c, json_object *e, const char *base, const char *what)
{
	json_object *p = jt_obj(e, "positioning"), *tr, *dv, *er, *st = jt_obj(e, "statistics");
	size_t nt, nd, ne;
	double *te, *tn, *de, *dn, *derr, *errs, ce[2];
	char name[96], cap[512], err[256], lb[2][64];
	struct plot_out o;
	int rc = CC_OK, prc;

	if (!p)
		return CC_OK;
	tr = jt_arr(p, "truth");
	dv = jt_arr(p, "device");
	er = jt_arr(p, "errors_m");
	nt = jt_len(tr);
	nd = jt_len(dv);
	ne = jt_len(er);
	te = calloc(nt + 1, sizeof(double));
	tn = calloc(nt + 1, sizeof(double));
	de = calloc(nd + 1, sizeof(double));
	dn = calloc(nd + 1, sizeof(double));
	derr = calloc(nd + 1, sizeof(double));
	errs = calloc(ne + 1, sizeof(double));
	if (!te || !tn || !de || !dn || !derr || !errs) {
		rc = CC_ENOMEM;
		goto out;
	}
	/* a point that is not [number, number...] is left out (NAN) */
	for (size_t i = 0; i < nt; i++) {
		json_object *pt = json_object_array_get_idx(tr, i);

		if (!arr_num(pt, 0, &te[i]) || !arr_num(pt, 1, &tn[i]))
			te[i] = tn[i] = NAN;
	}
	for (size_t i = 0; i < nd; i++) {
		json_object *pt = json_object_array_get_idx(dv, i);

		if (!arr_num(pt, 0, &de[i]) || !arr_num(pt, 1, &dn[i]) || !arr_num(pt, 2, &derr[i]))
			de[i] = dn[i] = derr[i] = NAN;
	}
	for (size_t i = 0; i < ne; i++)
		if (!arr_num(er, i, &errs[i]))
			errs[i] = NAN;
	if (nt || nd) {
		struct plot_text t = { .font = plot_font(c),
				       .title = report_l(c, L_PLOT_TRACK_TITLE),
				       .xlabel = report_l(c, L_PLOT_TRACK_X),
				       .ylabel = report_l(c, L_PLOT_TRACK_Y),
				       .y2label = report_l(c, L_PLOT_TRACK_ERROR),
				       .series = { report_l(c, L_PLOT_TRACK_TRUTH),
						   report_l(c, L_PLOT_TRACK_DEVICE) } };

		snprintf(name, sizeof(name), "%s-track", base);
		snprintf(cap, sizeof(cap), "%s: %s", what, report_l(c, L_PLOT_TRACK_CAPTION));
		plot_out_init(&o);
		prc = plots_off(c) ? not_drawn(err, sizeof(err))
				   : plot_track(te, tn, nt, de, dn, derr, nd, &t, c->pdf_date, &o,
						err, sizeof(err));
		rc = acc_plot_done(c, prc, name, &o, cap, err);
	}
	if (!rc && ne) {
		struct plot_line lines[2];
		struct plot_text t = { .font = plot_font(c),
				       .title = report_l(c, L_PLOT_POS_CDF_TITLE),
				       .xlabel = report_l(c, L_PLOT_POS_CDF_X),
				       .ylabel = report_l(c, L_COUNT),
				       .y2label = "CDF" };
		size_t nl = 0;

		if (jt_num(st, "ce50_m", &ce[0])) {
			snprintf(lb[nl], sizeof(lb[nl]), "CE50 %.3g m", ce[0]);
			lines[nl] = (struct plot_line){ .at = ce[0], .label = lb[nl] };
			nl++;
		}
		if (jt_num(st, "ce95_m", &ce[1])) {
			snprintf(lb[nl], sizeof(lb[nl]), "CE95 %.3g m", ce[1]);
			lines[nl] = (struct plot_line){ .at = ce[1], .label = lb[nl] };
			nl++;
		}
		snprintf(name, sizeof(name), "%s-error-cdf", base);
		snprintf(cap, sizeof(cap), "%s: %s", what, report_l(c, L_PLOT_POS_CDF_CAPTION));
		plot_out_init(&o);
		prc = plots_off(c) ? not_drawn(err, sizeof(err))
				   : plot_latency(errs, ne, lines, nl, &t, c->pdf_date, &o, err,
						  sizeof(err));
		rc = acc_plot_done(c, prc, name, &o, cap, err);
	}
out:
	free(te);
	free(tn);
	free(de);
	free(dn);
	free(derr);
	free(errs);
	return rc;
}

/* The reference instrument's stated expanded uncertainty U (the lab's
 * references), in the evaluation's unit: the mean difference carries the
 * reference's error whole (the device reading is exact), so U(bias) = U.
 * A mean difference within U of its limit is flagged. */
static void acc_uncertainty(struct report_ctx *c, json_object *e);

/* The figures an accuracy step judged (its figures[]): each with its
 * observed value, limit, U and the decision under the lab's rule; where U
 * came from, or that it is not evaluated and why; a flag when any lies
 * within U of its limit. Older records (no figures): the reference's U
 * beside the mean difference. */
static void acc_figures(struct report_ctx *c, json_object *e)
{
	json_object *figs = jt_arr(e, "figures");
	const char *src = NULL, *unit = jt_str(e, "unit");
	bool any_near = false;
	char s[32];
	double v;

	if (!figs) {
		/* a record from before figures: the reference's U, if stated */
		json_object *ref = report_lab_reference(c, jt_str(e, "reference_instrument"));

		if (jt_str(ref, "uncertainty"))
			acc_uncertainty(c, e);
		else
			report_rawf(c, "<p class=\"note\"><span class=\"na\">%s</span></p>\n",
				    report_l(c, L_MU_NONE_EVALUATED));
		return;
	}
	if (!jt_len(figs))
		return;
	report_rawf(c, "<h4>%s</h4>\n<table class=\"t-mu\"><thead><tr><th>%s</th><th "
		       "class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		       "<th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_MU_FIGURES), report_l(c, L_MU_FIGURE), report_l(c, L_OBSERVED),
		    report_l(c, L_LIMIT), report_l(c, L_MU_U), report_l(c, L_MU_DECISION));
	for (size_t i = 0; i < jt_len(figs); i++) {
		json_object *f = jt_idx_obj(figs, i);
		const char *fu = jt_str(f, "unit"), *side = jt_str(f, "side");
		bool near = false;

		if (!f)
			continue;
		if (jt_str(f, "source"))
			src = jt_str(f, "source");
		any_near |= jbool(f, "near_limit", &near) && near;
		report_raw(c, "<tr><td>");
		report_phrase(c, jt_str(f, "name"));
		report_raw(c, "</td>");
		num_cell_u(c, f, "value", fu && *fu ? fu : unit, true);
		report_fmt_qty(jt_num(f, "limit", &v) ? v : NAN, fu && *fu ? fu : unit, true, s);
		report_rawf(c, "<td class=\"n\">%s %s</td>",
			    side && !strcmp(side, "min") ? "&ge;" : "&le;", s);
		mu_cell(c, f, false);
		report_raw(c, "<td>");
		report_esc(c, report_l(c, decision_label(jt_str(f, "decision"))));
		/* Chinese text takes full-width parentheses */
		report_rawf(c, c->lang == LANG_ZH ? "（%s）</td></tr>\n" : " (%s)</td></tr>\n",
			    report_l(c, jt_str(f, "rule") && !strcmp(jt_str(f, "rule"), "guard_band")
					    ? L_RULE_GUARD_BAND
					    : L_RULE_SIMPLE));
	}
	report_rawf(c, "</tbody></table>\n<p class=\"note\">%s%s", report_l(c, L_MU_SOURCE),
		    c->lang == LANG_ZH ? "：" : ": ");
	if (src && !strncmp(src, "reference ", 10)) {
		report_esc(c, report_l(c, L_MU_SRC_REFERENCE));
		report_raw(c, " ");
		report_esc(c, src + 10);
	} else if (src) {
		report_phrase(c, src);
	} else {
		report_rawf(c, "<span class=\"na\">%s</span>", report_l(c, L_MU_NO_SOURCE));
	}
	report_raw(c, "</p>\n");
	if (any_near)
		report_rawf(c, "<div class=\"notice mu\">%s</div>\n", report_l(c, L_MU_NEAR_LIMIT));
}

static void acc_uncertainty(struct report_ctx *c, json_object *e)
{
	json_object *ref = report_lab_reference(c, jt_str(e, "reference_instrument"));
	const char *us = jt_str(ref, "uncertainty"), *unit = jt_str(e, "unit");
	struct quantity q;
	char err[128], s[32];
	double u, bias, lim;

	if (!us || !unit || quantity_parse(us, &q, err, sizeof(err)) ||
	    unit_convert_delta(q.value, q.unit, unit, &u))
		return;
	report_fmt_qty(u, unit, true, s);
	report_rawf(c, "<table class=\"kv\"><tr><th>%s</th><td>%s ",
		    report_l(c, L_MU_REF), s);
	report_esc(c, unit);
	report_raw(c, "</td></tr></table>\n");
	if (jt_num(jt_obj(e, "statistics"), "bias", &bias) &&
	    jt_num(jt_obj(e, "limits"), "max_abs_mean", &lim) &&
	    fabs(fabs(bias) - lim) <= u)
		report_rawf(c, "<div class=\"notice mu\">%s</div>\n",
			    report_l(c, L_MU_NEAR_LIMIT));
}

static int acc_entry(struct report_ctx *c, json_object *k, size_t ci,
		     json_object *e, size_t ei, int number, int *sub)
{
	const char *id = jt_str(k, "id"), *q = jt_str(e, "quantity");
	const char *why = jt_str(e, "why");
	json_object *src = jt_obj(e, "source");
	char base[64], what[256], anchor[32];
	int rc;

	snprintf(base, sizeof(base), "accuracy-%zu-%zu", ci, ei);
	q = label_quantity(c->lang, q);
	/* a quantity the family named ("heart rate (sleep mat)") in its words */
	if (q && c->lang != LANG_EN) {
		char t[160];

		label_phrases(c->lang, q, t, sizeof(t));
		snprintf(what, sizeof(what), "%s %s", id ? id : "?", t);
	} else {
		snprintf(what, sizeof(what), "%s %s", id ? id : "?", q ? q : "");
	}
	report_case_anchor(ci, anchor);
	report_rawf(c, "<h3>%d.%d ", number, ++*sub);
	report_esc(c, what);
	report_raw(c, " ");
	report_verdict(c, jt_str(e, "verdict"));
	report_rawf(c,
		    "</h3>\n<table class=\"kv\">\n<tr><th>%s</th><td><a "
		    "href=\"#%s\">",
		    report_l(c, L_CASE), anchor);
	report_val(c, id);
	report_rawf(c, "</a></td></tr>\n<tr><th>%s</th><td>",
		    report_l(c, L_METHOD));
	if (jt_str(e, "standard"))
		report_phrase(c, jt_str(e, "standard"));
	else
		report_enum(c, jt_str(e, "method"));
	report_rawf(c, "</td></tr>\n<tr><th>%s</th><td>", report_l(c, L_UNIT));
	report_val(c, jt_str(e, "unit"));
	report_rawf(c, "</td></tr>\n<tr><th>%s</th><td>",
		    report_l(c, L_REASON));
	report_reason(c, why);
	if (src) {
		report_rawf(c, "</td></tr>\n<tr><th>%s</th><td class=\"mono\">",
			    report_l(c, L_FIXTURE));
		report_phrase(c, jt_str(src, "file"));
	}
	report_raw(c, "</td></tr>\n</table>\n");
	acc_criteria(c, e);
	acc_stats(c, e);
	acc_figures(c, e);
	acc_zones(c, e);
	acc_decades(c, e);
	pos_tables(c, e);
	if (jt_obj(e, "positioning")) {
		rc = pos_plots(c, e, base, what);
		if (rc)
			return rc;
	}
	rc = report_care_entry(c, e, base, what);
	if (rc)
		return rc;
	rc = acc_plots(c, e, base, what);
	return rc ? rc : report_fall_entry(c, e, base, what);
}

int report_accuracy(struct report_ctx *c, int number)
{
	json_object *cases = jt_arr(c->root, "cases");
	int rc = CC_OK, sub = 0;

	report_h2(c, "s-accuracy", number, L_SEC_ACCURACY);
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_ACCURACY_INTRO));
	/* the loops stop at a plot's own error */
	for (size_t i = 0; !rc && i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i), *acc;

		if (!k || !json_object_object_get_ex(k, "accuracy", &acc) ||
		    !acc)
			continue;
		if (json_object_is_type(acc, json_type_object)) {
			rc = acc_entry(c, k, i, acc, 0, number, &sub);
			continue;
		}
		for (size_t e = 0; !rc && e < jt_len(acc); e++)
			if (jt_idx_obj(acc, e))
				rc = acc_entry(c, k, i, jt_idx_obj(acc, e),
					       e, number, &sub);
	}
	if (!rc && !sub)
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_ACCURACY));
	return rc;
}

/* ---- case results ----------------------------------------------------- */

/* Values the evidence names (its observed value, the words of its step
 * message), to keep in sight when a long frame is cut. */
struct needles {
	char w[FRAME_NEEDLES][64];
	size_t n;
};

static bool word_byte(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= 'a' && ch <= 'z') || ch == '_' || ch >= 0x80;
}

static void needles_add(struct needles *nd, const char *s, size_t len)
{
	if (len < 4 || len >= sizeof(nd->w[0]) || nd->n == FRAME_NEEDLES)
		return;
	memcpy(nd->w[nd->n], s, len);
	nd->w[nd->n++][len] = 0;
}

/* Adds to nd (which the caller empties). */
static void needles_of(json_object *e, struct needles *nd)
{
	const char *obs = jt_str(e, "observed"), *msg = jt_str(e, "message");

	if (obs)
		needles_add(nd, obs, strlen(obs));
	for (const char *p = msg; p && *p;) {
		size_t n = 0;

		while (p[n] && word_byte((unsigned char)p[n]))
			n++;
		needles_add(nd, p, n);
		p += n ? n : 1;
	}
}

/* Where to cut a frame's text: the whole when short; else after
 * FRAME_TEXT_MAX bytes or after the furthest needle, within the hard cap,
 * then on to the end of the token (never inside a word or character). */
static size_t frame_cut(const char *body, const struct needles *nd)
{
	size_t len = strlen(body), end = FRAME_TEXT_MAX;

	if (len <= FRAME_TEXT_MAX)
		return len;
	for (size_t i = 0; nd && i < nd->n; i++) {
		const char *hit = strstr(body, nd->w[i]);
		size_t at = hit ? (size_t)(hit - body) + strlen(nd->w[i]) : 0;

		if (at > end && at <= FRAME_TEXT_HARD)
			end = at;
	}
	while (end < len && end < FRAME_TEXT_HARD &&
	       word_byte((unsigned char)body[end]))
		end++;
	while (end < len && ((unsigned char)body[end] & 0xC0) == 0x80)
		end++;
	return end;
}

static void frame_line(struct report_ctx *c, const struct report_frame *f,
		       size_t *shown, const struct needles *nd)
{
	const char *body = f->text ? f->text : f->hex;

	report_raw(c, (*shown)++ ? "\n" : "<pre>");
	/* dir and wall are the log's text too: escaped */
	report_rawf(c, "#%ld ", f->seq);
	report_esc(c, f->dir);
	report_raw(c, " ");
	report_esc(c, f->wall);
	report_raw(c, " ");
	if (body) {
		size_t end = frame_cut(body, nd), k = 0;
		char *cut = malloc(4 * end + 8);

		if (!cut) {
			report_esc(c, "…");
			return;
		}
		/* line ends and other controls as C escapes, as in the
		 * evidence: the frame's bytes, readable */
		for (size_t i = 0; i < end; i++) {
			unsigned char ch = (unsigned char)body[i];

			if (ch == '\r' || ch == '\n' || ch == '\t') {
				cut[k++] = '\\';
				cut[k++] = ch == '\r' ? 'r' : ch == '\n' ? 'n' : 't';
			} else if (ch < 0x20 || ch == 0x7F) {
				k += (size_t)snprintf(cut + k, 5, "\\x%02X", ch);
			} else {
				cut[k++] = (char)ch;
			}
		}
		cut[k] = 0;
		report_esc(c, f->text ? "\"" : "hex ");
		report_esc(c, cut);
		if (end < strlen(body))
			report_rawf(c, "… (+%zu bytes)", strlen(body) - end);
		if (f->text)
			report_esc(c, "\"");
		free(cut);
	}
}

/* The request a received frame answered: the last frame sent in the same
 * case before it, looked for among the few frames before. */
static const struct report_frame *request_of(const struct report_ctx *c,
					     const struct report_frame *rx)
{
	size_t i = (size_t)(rx - c->frames);

	for (size_t back = 1; back <= 16 && back <= i; back++) {
		const struct report_frame *f = &c->frames[i - back];

		if (!same_case(f, rx))
			break;
		if (!strcmp(f->dir, "tx") && same_link(f, rx))
			return f;
	}
	return NULL;
}

static void frames_excerpt(struct report_ctx *c, json_object *frames,
			   const struct needles *nd)
{
	long last = -1;
	size_t shown = 0;

	for (size_t i = 0; i < jt_len(frames) && shown < FRAMES_PER_EVIDENCE;
	     i++) {
		json_object *v = json_object_array_get_idx(frames, i);
		const struct report_frame *f, *req;

		if (!v || !json_object_is_type(v, json_type_int) ||
		    !(f = report_frame(c, (long)json_object_get_int64(v))))
			continue;
		/* the request first, so the exchange reads in order */
		req = strcmp(f->dir, "rx") ? NULL : request_of(c, f);
		if (req && req->seq > last)
			frame_line(c, req, &shown, nd);
		if (f->seq > last)
			frame_line(c, f, &shown, nd);
		last = f->seq;
	}
	if (shown)
		report_raw(c, "</pre>\n");
}

static void frames_cell(struct report_ctx *c, json_object *frames)
{
	size_t n = jt_len(frames);

	report_raw(c, "<td class=\"mono\">");
	for (size_t i = 0; i < n && i < 12; i++) {
		json_object *v = json_object_array_get_idx(frames, i);

		if (v && json_object_is_type(v, json_type_int))
			report_rawf(c, "%s#%lld", i ? " " : "",
				    (long long)json_object_get_int64(v));
	}
	if (n > 12)
		report_rawf(c, " (+%zu)", n - 12);
	report_raw(c, "</td>");
}

/* Whether every frame of b is among the frames of one of a[0..n). */
static bool frames_shown(json_object *const *a, size_t n, json_object *b)
{
	for (size_t i = 0; i < jt_len(b); i++) {
		json_object *y = json_object_array_get_idx(b, i);
		bool found = false;

		for (size_t k = 0; !found && k < n; k++)
			for (size_t j = 0; !found && j < jt_len(a[k]); j++) {
				json_object *x =
				    json_object_array_get_idx(a[k], j);

				found = x && y &&
					json_object_get_int64(x) ==
					    json_object_get_int64(y);
			}
		if (!found)
			return false;
	}
	return true;
}

static void evidence(struct report_ctx *c, json_object *k)
{
	json_object *ev = jt_arr(k, "evidence");

	if (!jt_len(ev))
		return;
	report_rawf(c,
		    "<h5>%s</h5>\n<table class=\"t-ev\"><thead><tr><th "
		    "class=\"n\">%s</th><th>%s</th><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_EVIDENCE), report_l(c, L_LINE),
		    report_l(c, L_STEP), report_l(c, L_VERDICT),
		    report_l(c, L_EXPECTED), report_l(c, L_OBSERVED),
		    report_l(c, L_FRAMES));
	for (size_t i = 0; i < jt_len(ev); i++) {
		json_object *e = jt_idx_obj(ev, i);
		const char *msg = jt_str(e, "message");

		if (!e)
			continue;
		report_raw(c, "<tr>");
		num_cell(c, e, "line");
		report_raw(c, "<td>");
		report_val(c, jt_str(e, "kind"));
		if (msg) {
			char *t = malloc(3 * strlen(msg) + 64);

			report_raw(c, "<br><span class=\"note\">");
			if (t)
				label_phrases(c->lang, msg, t,
					      3 * strlen(msg) + 64);
			report_esc_wbr(c, t ? t : msg);
			free(t);
			report_raw(c, "</span>");
		}
		report_raw(c, "</td><td>");
		report_verdict(c, jt_str(e, "verdict"));
		report_raw(c, "</td>");
		{
			const char *ex = jt_str(e, "expected");
			char *t = ex ? malloc(3 * strlen(ex) + 64) : NULL;

			if (t)
				label_phrases(c->lang, ex, t,
					      3 * strlen(ex) + 64);
			text_cell(c, t ? t : ex, "mono");
			free(t);
		}
		/* the device's value, unless it is carecert's own words */
		{
			const char *ob = jt_str(e, "observed");
			char *t = ob ? malloc(3 * strlen(ob) + 64) : NULL;

			if (t)
				label_observed(c->lang, ob, false, t, 3 * strlen(ob) + 64);
			text_cell(c, t ? t : ob, "mono");
			free(t);
		}
		frames_cell(c, jt_arr(e, "frames"));
		report_raw(c, "</tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
	/* the exchange that decided a non-pass: the frames themselves; an
	 * assertion has none of its own, so the frames of the step before
	 * it that received its value */
	/* each exchange once: findings of one response (its status, its
	 * body) share their frames */
	json_object *shown[16];
	size_t nshown = 0;

	for (size_t i = 0; i < jt_len(ev); i++) {
		json_object *e = jt_idx_obj(ev, i), *frames = NULL;
		const char *v = jt_str(e, "verdict");
		struct needles nd;
		double line;

		if (!e || !v || !strcmp(v, "pass") ||
		    c->tlog_state != REPORT_FILE_OK)
			continue;
		for (size_t j = i + 1; j-- > 0 && !jt_len(frames);)
			frames = jt_arr(jt_idx_obj(ev, j), "frames");
		if (!jt_len(frames))
			continue;
		if (frames_shown(shown, nshown, frames))
			continue;
		if (nshown < sizeof(shown) / sizeof(shown[0]))
			shown[nshown++] = frames;
		line = 0;
		jt_num(e, "line", &line);
		report_rawf(c, "<p class=\"note exch\">%s %.0f:</p>\n",
			    report_l(c, L_EXCHANGE), line);
		/* a frame shown once serves every finding on it: each
		 * finding's value kept in sight */
		nd.n = 0;
		for (size_t j = 0; j < jt_len(ev); j++) {
			const char *vj = jt_str(jt_idx_obj(ev, j), "verdict");

			if (vj && strcmp(vj, "pass"))
				needles_of(jt_idx_obj(ev, j), &nd);
		}
		frames_excerpt(c, frames, &nd);
	}
}

static void requirements_cell(struct report_ctx *c, json_object *k)
{
	json_object *reqs = jt_arr(k, "requirements");
	const char *suite = jt_str(k, "suite");

	if (!jt_len(reqs))
		report_val(c, NULL);
	for (size_t i = 0; i < jt_len(reqs); i++) {
		json_object *r = jt_idx_obj(reqs, i);
		const char *st = jt_str(r, "standard"),
			   *cl = jt_str(r, "clause");
		const char *title = report_req_title(c, suite, st, cl);

		if (i)
			report_raw(c, "<br>");
		report_phrase(c, st);
		report_raw(c, " ");
		report_esc(c, cl);
		if (title) {
			report_raw(c, " — ");
			report_esc(c, title);
		}
	}
}

static void previous_attempts(struct report_ctx *c, json_object *k)
{
	json_object *pa = jt_arr(k, "previous_attempts");

	if (!jt_len(pa))
		return;
	report_rawf(c, "<h5>%s</h5>\n<ul>\n", report_l(c, L_PREVIOUS_ATTEMPTS));
	for (size_t i = 0; i < jt_len(pa); i++) {
		json_object *a = jt_idx_obj(pa, i);
		double n = 0;

		if (!a)
			continue;
		jt_num(a, "attempt", &n);
		report_rawf(c, "<li>%s %.0f: ", report_l(c, L_ATTEMPT), n);
		report_verdict(c, jt_str(a, "verdict"));
		report_raw(c, " ");
		report_reason(c, jt_str(a, "reason"));
		report_raw(c, "</li>\n");
	}
	report_raw(c, "</ul>\n");
}

static void one_case(struct report_ctx *c, json_object *k, size_t index)
{
	const char *v = jt_str(k, "verdict"),
		   *reason = jt_str(k, "reason");
	json_object *ms = jt_arr(k, "measurements"), *acc;
	double att = 0, allowed = 0, dur = 0;
	char anchor[32], num[32];
	bool skipped = v && !strcmp(v, "skipped");

	report_case_anchor(index, anchor);
	report_rawf(c,
		    "<div class=\"case\" id=\"%s\">\n<h4><span class=\"mono\">",
		    anchor);
	report_val(c, jt_str(k, "id"));
	report_raw(c, "</span> ");
	report_verdict(c, v);
	report_raw(c, "<br><span style=\"font-weight:normal\">");
	report_val(c, report_case_title(c, k));
	report_rawf(c,
		    "</span></h4>\n<table class=\"kv\">\n<tr><th>%s</th><td>",
		    report_l(c, L_REQUIREMENT));
	requirements_cell(c, k);
	report_rawf(c, "</td></tr>\n<tr><th>%s</th><td>",
		    report_l(c, L_REASON));
	if (reason && *reason)
		report_reason(c, reason);
	else
		report_esc(
		    c, report_l(c, skipped ? L_NOT_STATED : L_REQUIREMENT_MET));
	if (!skipped) {
		jt_num(k, "attempt", &att);
		jt_num(k, "attempts_allowed", &allowed);
		report_fmt_qty(jt_num(k, "duration_s", &dur) ? dur : NAN, "s",
			       false, num);
		report_rawf(
		    c,
		    "</td></tr>\n<tr><th>%s</th><td>%.0f / %.0f</td></tr>\n"
		    "<tr><th>%s</th><td>%s s</td></tr>\n<tr><th>%s</th><td>",
		    report_l(c, L_ATTEMPTS), att, allowed,
		    report_l(c, L_DURATION), num, report_l(c, L_STARTED));
		report_val(c, jt_str(k, "start"));
		if (jt_str(k, "stage")) {
			report_rawf(c, "</td></tr>\n<tr><th>%s</th><td>",
				    report_l(c, L_STAGE));
			report_esc(c, jt_str(k, "stage"));
		}
	}
	report_raw(c, "</td></tr>\n</table>\n");
	if (!skipped)
		evidence(c, k);
	if (jt_len(ms)) {
		report_rawf(c, "<h5>%s</h5>\n",
			    report_l(c, L_SEC_MEASUREMENTS));
		meas_head(c, false);
		for (size_t m = 0; m < jt_len(ms); m++)
			if (jt_idx_obj(ms, m))
				meas_row(c, k, jt_idx_obj(ms, m), index, false);
		report_raw(c, "</tbody></table>\n");
	}
	/* only a case with an evaluation has one to point to */
	if (json_object_object_get_ex(k, "accuracy", &acc) && acc &&
	    (json_object_is_type(acc, json_type_object) ||
	     jt_len(jt_arr(k, "accuracy"))))
		report_rawf(c,
			    "<p class=\"note\">%s <a "
			    "href=\"#s-accuracy\">%s</a>.</p>\n",
			    report_l(c, L_SEE), report_l(c, L_SEC_ACCURACY));
	previous_attempts(c, k);
	report_raw(c, "</div>\n");
}

/* A passing case as one line of its suite's compact list (the PDF of a
 * long run), written in c->side; the list opened at the first entry. The
 * list is one text in columns, a line per case: Chromium lays out and
 * paginates that in a fraction of the time and memory an element per case
 * (or an anchor per case) costs it: 10,000 ids as elements took 1.1 GB. */
static void compact_row(struct report_ctx *c, json_object *k,
			const size_t *head)
{
	struct buf *main = c->b;
	double att = 0;

	if (*head == (size_t)-1 || *head >= c->nedits)
		return;
	c->b = c->side;
	if (c->side->len == c->edits[*head].ins_off)
		report_rawf(c,
			    "<h5>%s</h5>\n<p class=\"note\">%s</p>\n"
			    "<div class=\"passlist mono\">",
			    report_l(c, L_PASSED_COMPACT),
			    report_l(c, L_PASSED_COMPACT_NOTE));
	report_val(c, jt_str(k, "id"));
	/* a pass that needed another attempt says so */
	if (jt_num(k, "attempt", &att) && att > 1)
		report_rawf(c, " (%.0f)", att);
	report_raw(c, "\n");
	c->b = main;
}

void report_cases(struct report_ctx *c, int number)
{
	json_object *suites = jt_arr(c->root, "suites"),
		    *cases = jt_arr(c->root, "cases");
	size_t nsuites = jt_len(suites);

	report_h2(c, "s-cases", number, L_SEC_CASES);
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_CASES_INTRO));
	/* by suite in the record's order; cases of no listed suite last */
	for (size_t s = 0; s <= nsuites; s++) {
		json_object *so =
		    s < nsuites ? jt_idx_obj(suites, s) : NULL;
		const char *sid = jt_str(so, "id");
		bool any = false;
		size_t head = (size_t)-1; /* the edit at this suite's head */

		for (size_t i = 0; i < jt_len(cases); i++) {
			json_object *k = jt_idx_obj(cases, i);
			const char *ks = jt_str(k, "suite");
			bool mine;

			if (!k)
				continue;
			if (s < nsuites) {
				mine = sid && ks && !strcmp(sid, ks);
			} else {
				mine = true;
				for (size_t t = 0; mine && t < nsuites; t++) {
					const char *tid = jt_str(
					    jt_idx_obj(suites, t), "id");

					mine = !(tid && ks && !strcmp(tid, ks));
				}
			}
			if (!mine)
				continue;
			if (!any) {
				any = true;
				report_rawf(c, "<h3 id=\"suite-%zu\">%d.%zu ",
					    s, number, s + 1);
				if (s < nsuites)
					report_val(c, report_suite_title(c, so));
				else
					report_esc(c,
						   report_l(c, L_OTHER_CASES));
				if (sid) {
					report_raw(c,
						   " <span class=\"mono\">(");
					report_esc(c, sid);
					report_raw(c, ")</span>");
				}
				report_raw(c, "</h3>\n");
				if (c->compact)
					head = report_edit_add(c, c->b->len, 0);
			}
			if (c->compact && jt_str(k, "verdict") &&
			    !strcmp(jt_str(k, "verdict"), "pass")) {
				size_t at = c->b->len;

				one_case(c, k, i);
				report_edit_add(c, at, c->b->len - at);
				compact_row(c, k, &head);
				continue;
			}
			one_case(c, k, i);
		}
		if (head != (size_t)-1 && head < c->nedits) {
			struct buf *main = c->b;

			c->b = c->side;
			if (c->side->len > c->edits[head].ins_off)
				report_raw(c, "</div>\n");
			c->b = main;
			c->edits[head].ins_len =
			    c->side->len - c->edits[head].ins_off;
		}
	}
}

bool report_plots_off(const struct report_ctx *c)
{
	return plots_off(c);
}

int report_not_drawn(char *err, size_t len)
{
	return not_drawn(err, len);
}

const char *report_plot_font(const struct report_ctx *c)
{
	return plot_font(c);
}
