/* SPDX-License-Identifier: MIT */
/* The dashboard's pages: HTML from the store's JSON answers. */
#include "dash/page.h"

#include "base/err.h"
#include "base/fileio.h"
#include "report/html.h"

#include <curl/curl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSP_PAGE "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
/* the report embeds its plots and styles */
#define CSP_REPORT "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/* A page being written: the first failure sticks, later writes do nothing. */
struct page {
	struct buf *b;
	int err;
	const char *user; /* signed in (a sign-out button), or NULL */
};

static void raw(struct page *p, const char *s)
{
	if (!p->err)
		p->err = buf_append_str(p->b, s);
}

static void __attribute__((format(printf, 2, 3))) rawf(struct page *p, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	raw(p, tmp);
}

/* Text from the store: escaped; NULL shows as a dash. */
static void esc(struct page *p, const char *s)
{
	if (!p->err)
		p->err = html_esc(p->b, s ? s : "\xe2\x80\x94");
}

/* A number from the store as a person reads it (6 significant digits). */
static void num(struct page *p, json_object *o, const char *key)
{
	json_object *v;

	if (o && json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_double))
		rawf(p, "%.6g", json_object_get_double(v));
	else
		esc(p, o && json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v)
								       : NULL);
}

/* A query-string value: percent-encoded, which is also safe in an
 * attribute (only letters, digits, -._~ and %XX remain). */
static void urlv(struct page *p, const char *s)
{
	char *e = curl_easy_escape(NULL, s ? s : "", 0);

	if (!e) {
		p->err = p->err ? p->err : CC_ENOMEM;
		return;
	}
	raw(p, e);
	curl_free(e);
}

/* Length of an array; 0 for anything else (a member may be absent). */
static size_t alen(json_object *a)
{
	return json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static const char *jget(json_object *o, const char *k)
{
	json_object *v;

	return o && json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : NULL;
}

static const char css[] =
	"body{font:14px/1.4 'Liberation Sans',Arial,sans-serif;margin:0;color:#1b1f24}"
	"header{background:#123;color:#fff;padding:10px 20px;display:flex;gap:24px;align-items:baseline}"
	"header a{color:#fff;text-decoration:none}header .brand{font-weight:bold;font-size:16px}"
	"main{padding:12px 20px}h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:18px 0 6px}"
	"table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #dde;padding:4px 6px;"
	"text-align:left;vertical-align:top}th{background:#f2f4f8}"
	".v{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:bold;"
	"color:#fff;background:#778}.v-pass{background:#1a7f37}.v-fail{background:#c62828}"
	".v-error{background:#8e24aa}.v-inconclusive,.v-partial,.v-incomplete{background:#ef6c00}"
	".v-skipped,.v-not{background:#9aa}.reg{color:#c62828;font-weight:bold}"
	"form.filters{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}"
	"form.filters label{display:flex;flex-direction:column;font-size:12px;color:#556}"
	"dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px}dt{color:#556}dd{margin:0}"
	".mono{font-family:'Liberation Mono',monospace;font-size:12px}.muted{color:#778}"
	".paging{margin:10px 0;display:flex;gap:14px}.nw{white-space:nowrap}"
	".signout{margin-left:auto;font-size:12px}";

static void head(struct page *p, const char *title)
{
	raw(p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width\"><title>");
	esc(p, title);
	raw(p, " \xe2\x80\x94 carecert</title><style>");
	raw(p, css);
	raw(p, "</style></head><body><header><a class=\"brand\" href=\"/\">carecert results</a>"
	       "<nav><a href=\"/\">Runs</a> &#183; <a href=\"/devices\">Devices and regressions</a>"
	       " &#183; <a href=\"/instruments\">Instruments</a></nav>");
	if (p->user) {
		raw(p, "<form class=\"signout\" method=\"post\" action=\"/logout\">");
		esc(p, p->user);
		raw(p, " <button type=\"submit\">Sign out</button></form>");
	}
	raw(p, "</header><main>\n<h1>");
	esc(p, title);
	raw(p, "</h1>\n");
}

static void foot(struct page *p)
{
	raw(p, "</main></body></html>\n");
}

/* A verdict as a coloured badge; its class from a fixed list only. */
static void badge(struct page *p, const char *v)
{
	static const char *const known[] = { "pass", "fail", "error", "inconclusive",
					     "partial", "incomplete", "skipped" };
	const char *cls = "other";

	for (size_t i = 0; v && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(v, known[i]))
			cls = known[i];
	if (v && (!strcmp(v, "not run") || !strcmp(v, "not judged")))
		cls = "not";
	rawf(p, "<span class=\"v v-%s\">", cls);
	esc(p, v);
	raw(p, "</span>");
}

static void error_page(struct page *p, struct dash_reply *r, int status, const char *title,
		       const char *why)
{
	buf_reset(p->b);
	p->err = 0;
	r->status = status;
	head(p, title);
	raw(p, "<p>");
	esc(p, why);
	raw(p, "</p><p><a href=\"/\">All runs</a></p>");
	foot(p);
}

static const char *const filters[] = { "vendor", "model", "serial", "firmware", "verdict",
				       "lab", "since", "case", "requirement" };
#define NFILTERS (sizeof(filters) / sizeof(filters[0]))

/* Filter values may be long or odd, never harmful: they are parameters.
 * Still, a value longer than any real one is refused. */
#define DASH_MAX_ARG 256

static bool good_verdict(const char *v)
{
	static const char *const ok[] = { "pass", "fail", "error", "inconclusive", "partial",
					  "incomplete" };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(v, ok[i]))
			return true;
	return false;
}

static void filter_form(struct page *p, const char *const *vals)
{
	raw(p, "<form class=\"filters\" method=\"get\" action=\"/\">");
	for (size_t i = 0; i < NFILTERS; i++) {
		rawf(p, "<label>%s", filters[i]);
		if (!strcmp(filters[i], "verdict")) {
			static const char *const opts[] = { "", "pass", "fail", "error",
							    "inconclusive", "partial",
							    "incomplete" };

			raw(p, "<select name=\"verdict\">");
			for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
				rawf(p, "<option value=\"%s\"%s>%s</option>", opts[k],
				     vals[i] && !strcmp(vals[i], opts[k]) ? " selected" : "",
				     k ? opts[k] : "any");
			raw(p, "</select></label>");
			continue;
		}
		rawf(p, "<input name=\"%s\" value=\"", filters[i]);
		esc(p, vals[i] ? vals[i] : "");
		raw(p, "\"></label>");
	}
	raw(p, "<label>&#160;<button type=\"submit\">Filter</button></label></form>\n");
}

/* The filters as a query string, for paging links. */
static void filter_query(struct page *p, const char *const *vals)
{
	for (size_t i = 0; i < NFILTERS; i++)
		if (vals[i] && *vals[i]) {
			rawf(p, "&amp;%s=", filters[i]);
			urlv(p, vals[i]);
		}
}

static void device_link(struct page *p, json_object *run)
{
	raw(p, "<a href=\"/device?vendor=");
	urlv(p, jget(run, "vendor"));
	raw(p, "&amp;model=");
	urlv(p, jget(run, "model"));
	raw(p, "\">");
	esc(p, jget(run, "vendor"));
	raw(p, " ");
	esc(p, jget(run, "model"));
	raw(p, "</a>");
}

static void run_link(struct page *p, json_object *run)
{
	const char *sha = jget(run, "sha256");

	/* the key is 64 hex digits from the store; checked, not trusted */
	if (!sha || strspn(sha, "0123456789abcdef") != strlen(sha))
		sha = "";
	rawf(p, "<a class=\"mono\" href=\"/run/%s\">%.12s</a>", sha, sha);
}

static void runs_table(struct page *p, json_object *runs, bool device_col)
{
	raw(p, "<table><thead><tr><th>Run</th><th>Start (UTC)</th>");
	if (device_col)
		raw(p, "<th>Device</th><th>Serial</th>");
	raw(p, "<th>Firmware</th><th>Bench</th><th>Lab</th><th>Verdict</th><th>Passed</th>"
	       "<th>Sealed</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < alen(runs); i++) {
		json_object *r = json_object_array_get_idx(runs, i);

		raw(p, "<tr><td>");
		run_link(p, r);
		raw(p, "</td><td class=\"nw\">");
		esc(p, jget(r, "start"));
		if (device_col) {
			raw(p, "</td><td>");
			device_link(p, r);
			raw(p, "</td><td>");
			esc(p, jget(r, "serial"));
		}
		raw(p, "</td><td>");
		esc(p, jget(r, "firmware"));
		raw(p, "</td><td>");
		esc(p, jget(r, "host"));
		raw(p, "</td><td>");
		esc(p, jget(r, "lab"));
		raw(p, "</td><td>");
		badge(p, jget(r, "verdict"));
		raw(p, "</td><td>");
		esc(p, jget(r, "pass"));
		raw(p, " / ");
		esc(p, jget(r, "total"));
		rawf(p, "</td><td>%s</td></tr>\n",
		     jget(r, "sealed") && !strcmp(jget(r, "sealed"), "true") ? "yes" : "no");
	}
	raw(p, "</tbody></table>\n");
}

static int page_runs(struct store *s, struct page *p, dash_arg_fn arg, void *ctx,
		     struct dash_reply *r)
{
	const char *vals[NFILTERS], *pg = arg(ctx, "page");
	struct store_filter f = { .limit = DASH_PAGE_RUNS };
	unsigned long page = 1;
	json_object *runs;
	size_t total = 0;
	char err[512];

	for (size_t i = 0; i < NFILTERS; i++) {
		vals[i] = arg(ctx, filters[i]);
		if (vals[i] && strlen(vals[i]) > DASH_MAX_ARG) {
			error_page(p, r, 400, "Bad request", "a filter value is too long");
			return CC_OK;
		}
		if (vals[i] && !*vals[i])
			vals[i] = NULL;
	}
	if (vals[4] && !good_verdict(vals[4])) {
		error_page(p, r, 400, "Bad request", "unknown verdict");
		return CC_OK;
	}
	if (pg) {
		char *end;

		page = strtoul(pg, &end, 10);
		if (!*pg || *end || *pg == '-' || page < 1 || page > 100000) {
			error_page(p, r, 400, "Bad request", "page must be a number from 1");
			return CC_OK;
		}
	}
	f.vendor = vals[0];
	f.model = vals[1];
	f.serial = vals[2];
	f.firmware = vals[3];
	f.verdict = vals[4];
	f.lab = vals[5];
	f.since = vals[6];
	f.case_id = vals[7];
	f.requirement = vals[8];
	f.offset = (page - 1) * DASH_PAGE_RUNS;
	if (store_runs(s, &f, &runs, &total, err, sizeof(err))) {
		error_page(p, r, 500, "Store error", err);
		return CC_OK;
	}
	head(p, "Runs");
	filter_form(p, vals);
	rawf(p, "<p>%zu runs", total);
	if (total > DASH_PAGE_RUNS)
		rawf(p, ", page %lu of %zu", page, (total + DASH_PAGE_RUNS - 1) / DASH_PAGE_RUNS);
	raw(p, "</p>\n");
	runs_table(p, runs, true);
	raw(p, "<div class=\"paging\">");
	if (page > 1) {
		rawf(p, "<a href=\"/?page=%lu", page - 1);
		filter_query(p, vals);
		raw(p, "\">&#8592; newer</a>");
	}
	if (page * DASH_PAGE_RUNS < total) {
		rawf(p, "<a href=\"/?page=%lu", page + 1);
		filter_query(p, vals);
		raw(p, "\">older &#8594;</a>");
	}
	raw(p, "</div>");
	foot(p);
	json_object_put(runs);
	return CC_OK;
}

static void dl_row(struct page *p, const char *label, const char *value)
{
	rawf(p, "<dt>%s</dt><dd>", label);
	esc(p, value);
	raw(p, "</dd>");
}

static void case_details(struct page *p, json_object *c)
{
	json_object *reqs = json_object_object_get(c, "requirements"),
		    *ms = json_object_object_get(c, "measurements"),
		    *acc = json_object_object_get(c, "accuracy"),
		    *prev = json_object_object_get(c, "previous_attempts");

	raw(p, "<td>");
	for (size_t i = 0; i < alen(reqs); i++) {
		json_object *q = json_object_array_get_idx(reqs, i);

		raw(p, i ? "<br>" : "");
		esc(p, jget(q, "standard"));
		raw(p, " ");
		esc(p, jget(q, "clause"));
	}
	raw(p, "</td><td>");
	for (size_t i = 0; i < alen(ms); i++) {
		json_object *m = json_object_array_get_idx(ms, i);

		raw(p, i ? "<br>" : "");
		esc(p, jget(m, "name"));
		raw(p, " = ");
		num(p, m, "value");
		raw(p, " ");
		esc(p, jget(m, "unit"));
		if (jget(m, "min") || jget(m, "max")) {
			raw(p, " <span class=\"muted\">[");
			if (jget(m, "min"))
				num(p, m, "min");
			raw(p, " .. ");
			if (jget(m, "max"))
				num(p, m, "max");
			raw(p, "]</span>");
		}
	}
	for (size_t i = 0; i < alen(acc); i++) {
		json_object *a = json_object_array_get_idx(acc, i);

		raw(p, "<br>");
		esc(p, jget(a, "quantity") ? jget(a, "quantity") : jget(a, "method"));
		raw(p, ": bias ");
		num(p, a, "bias");
		raw(p, ", SD ");
		num(p, a, "sd");
		raw(p, " ");
		esc(p, jget(a, "unit"));
		raw(p, ", ");
		esc(p, jget(a, "n_pairs"));
		raw(p, " pairs ");
		badge(p, jget(a, "verdict"));
	}
	raw(p, "</td><td>");
	esc(p, jget(c, "attempt"));
	raw(p, " / ");
	esc(p, jget(c, "attempts_allowed"));
	for (size_t i = 0; i < alen(prev); i++) {
		json_object *a = json_object_array_get_idx(prev, i);

		raw(p, "<br><span class=\"muted\">#");
		esc(p, jget(a, "attempt"));
		raw(p, " ");
		esc(p, jget(a, "verdict"));
		raw(p, ": ");
		esc(p, jget(a, "reason"));
		raw(p, "</span>");
	}
	raw(p, "</td>");
}

static bool has_report(json_object *run)
{
	const char *dir = jget(run, "run_dir");
	char path[PATH_MAX];

	if (!dir)
		return false;
	snprintf(path, sizeof(path), "%s/report.html", dir);
	return !access(path, R_OK);
}

static int page_run(struct store *s, struct page *p, const char *key, struct dash_reply *r)
{
	json_object *run, *cases, *ins;
	char err[512];
	int rc = store_run_get(s, key, &run, err, sizeof(err));

	if (rc) {
		error_page(p, r, rc == CC_EIO ? 500 : 404, rc == CC_EIO ? "Store error" : "No such run",
			   err);
		return CC_OK;
	}
	head(p, "Run");
	raw(p, "<p>");
	badge(p, jget(run, "verdict"));
	raw(p, " ");
	device_link(p, run);
	raw(p, ", firmware ");
	esc(p, jget(run, "firmware"));
	if (has_report(run))
		rawf(p, " &#183; <a href=\"/run/%s/report\">certification report</a>",
		     jget(run, "sha256"));
	raw(p, "</p><dl>");
	dl_row(p, "record SHA-256", jget(run, "sha256"));
	dl_row(p, "serial number", jget(run, "serial"));
	dl_row(p, "status", jget(run, "status"));
	dl_row(p, "scope", jget(run, "scope"));
	dl_row(p, "start", jget(run, "start"));
	dl_row(p, "end", jget(run, "end"));
	dl_row(p, "bench", jget(run, "host"));
	dl_row(p, "lab", jget(run, "lab"));
	dl_row(p, "profile", jget(run, "profile"));
	dl_row(p, "suites", jget(run, "suites"));
	dl_row(p, "carecert", jget(run, "tool_version"));
	dl_row(p, "seal", jget(run, "seal_fpr") ? jget(run, "seal_fpr") : "not sealed");
	raw(p, "</dl>\n");
	ins = json_object_object_get(run, "instruments");
	if (alen(ins)) {
		raw(p, "<h2>Reference instruments</h2><table><thead><tr><th>Instrument</th>"
		       "<th>Model</th><th>Serial</th><th>Calibration due</th></tr></thead><tbody>");
		for (size_t i = 0; i < alen(ins); i++) {
			json_object *in = json_object_array_get_idx(ins, i);

			raw(p, "<tr><td>");
			esc(p, jget(in, "name"));
			raw(p, "</td><td>");
			esc(p, jget(in, "model"));
			raw(p, "</td><td>");
			esc(p, jget(in, "serial"));
			raw(p, "</td><td>");
			esc(p, jget(in, "calibration_due"));
			raw(p, "</td></tr>");
		}
		raw(p, "</tbody></table>\n");
	}
	cases = json_object_object_get(run, "cases");
	rawf(p, "<h2>Cases (%zu)</h2><table><thead><tr><th>Case</th><th>Verdict</th>"
		"<th>Reason</th><th>Requirements</th><th>Measurements</th><th>Attempt</th>"
		"</tr></thead><tbody>\n",
	     alen(cases));
	for (size_t i = 0; i < alen(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		raw(p, "<tr><td><span class=\"mono\">");
		esc(p, jget(c, "id"));
		raw(p, "</span><br><span class=\"muted\">");
		esc(p, jget(c, "title"));
		raw(p, "</span></td><td>");
		badge(p, jget(c, "verdict"));
		raw(p, "</td><td>");
		esc(p, jget(c, "reason"));
		raw(p, "</td>");
		case_details(p, c);
		raw(p, "</tr>\n");
	}
	raw(p, "</tbody></table>\n");
	foot(p);
	json_object_put(run);
	return CC_OK;
}

static int page_report(struct store *s, struct page *p, const char *key, struct dash_reply *r)
{
	json_object *run;
	char err[512], path[PATH_MAX], *text = NULL;
	size_t len = 0;
	int rc = store_run_get(s, key, &run, err, sizeof(err));

	if (rc) {
		error_page(p, r, rc == CC_EIO ? 500 : 404, "No such run", err);
		return CC_OK;
	}
	snprintf(path, sizeof(path), "%s/report.html", jget(run, "run_dir") ? jget(run, "run_dir") : "");
	json_object_put(run);
	/* the report as carecert wrote it (its own escaping); bounded */
	if (read_file(path, &text, &len) || len > BUF_MAX_TEXT) {
		free(text);
		error_page(p, r, 404, "No report",
			   "this run's folder has no report.html (carecert report RUN_DIR)");
		return CC_OK;
	}
	if (!p->err)
		p->err = buf_append(p->b, text, len);
	free(text);
	r->csp = CSP_REPORT;
	return CC_OK;
}

static int page_device(struct store *s, struct page *p, dash_arg_fn arg, void *ctx,
		       struct dash_reply *r)
{
	const char *model = arg(ctx, "model"), *vendor = arg(ctx, "vendor");
	json_object *h, *fws, *cases, *runs;
	char err[512], title[600];

	if (vendor && !*vendor)
		vendor = NULL;
	if (!model || !*model || strlen(model) > DASH_MAX_ARG ||
	    (vendor && strlen(vendor) > DASH_MAX_ARG)) {
		error_page(p, r, 400, "Bad request", "name a model (?model=...)");
		return CC_OK;
	}
	if (store_history(s, vendor, model, &h, err, sizeof(err)) ||
	    store_runs(s, &(struct store_filter){ .vendor = vendor, .model = model, .limit = 100 },
		       &runs, NULL, err, sizeof(err))) {
		error_page(p, r, 500, "Store error", err);
		return CC_OK;
	}
	snprintf(title, sizeof(title), "%s%s%s", vendor ? vendor : "", vendor ? " " : "", model);
	head(p, title);
	fws = json_object_object_get(h, "firmwares");
	cases = json_object_object_get(h, "cases");
	raw(p, "<h2>Each case across firmware versions</h2>"
	       "<p class=\"muted\">The latest run's verdict per firmware; a regression is a"
	       " case that passed on an earlier firmware and does not pass on this one.</p>"
	       "<table><thead><tr><th>Case</th>");
	for (size_t f = 0; f < alen(fws); f++) {
		raw(p, "<th>");
		esc(p, jget(json_object_array_get_idx(fws, f), "firmware"));
		raw(p, "</th>");
	}
	raw(p, "<th>Regression</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < alen(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i),
			    *v = json_object_object_get(c, "verdicts");

		raw(p, "<tr><td><span class=\"mono\">");
		esc(p, jget(c, "case"));
		raw(p, "</span></td>");
		for (size_t f = 0; f < alen(fws); f++) {
			const char *fw = jget(json_object_array_get_idx(fws, f), "firmware");

			raw(p, "<td>");
			if (fw && jget(v, fw))
				badge(p, jget(v, fw));
			raw(p, "</td>");
		}
		raw(p, "<td>");
		if (jget(c, "regression")) {
			raw(p, "<span class=\"reg\">regression in ");
			esc(p, jget(c, "regression"));
			raw(p, "</span>");
		}
		raw(p, "</td></tr>\n");
	}
	raw(p, "</tbody></table>\n<h2>Runs</h2>\n");
	runs_table(p, runs, false);
	foot(p);
	json_object_put(h);
	json_object_put(runs);
	return CC_OK;
}

/* Every model stored, with its regressions across firmware (the device
 * page's, for all of them; at most DASH_MAX_MODELS histories). */
#define DASH_MAX_MODELS 200

static int page_devices(struct store *s, struct page *p, struct dash_reply *r)
{
	json_object *models;
	char err[512];
	size_t nreg = 0;

	if (store_models(s, &models, err, sizeof(err))) {
		error_page(p, r, 500, "Store error", err);
		return CC_OK;
	}
	head(p, "Devices and regressions");
	raw(p, "<p class=\"muted\">Each device model stored; a regression is a case that"
	       " passed on an earlier firmware and does not pass on a later one.</p>"
	       "<table><thead><tr><th>Device</th><th>Runs</th><th>Last run</th>"
	       "<th>Regressions</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < alen(models) && !p->err; i++) {
		json_object *m = json_object_array_get_idx(models, i), *h = NULL, *cases;

		raw(p, "<tr><td>");
		device_link(p, m);
		raw(p, "</td><td>");
		esc(p, jget(m, "runs"));
		raw(p, "</td><td class=\"nw\">");
		esc(p, jget(m, "last_run"));
		raw(p, "</td><td>");
		if (i < DASH_MAX_MODELS &&
		    !store_history(s, jget(m, "vendor"), jget(m, "model"), &h, err, sizeof(err))) {
			cases = json_object_object_get(h, "cases");
			for (size_t k = 0; k < alen(cases); k++) {
				json_object *c = json_object_array_get_idx(cases, k);

				if (!jget(c, "regression"))
					continue;
				nreg++;
				raw(p, "<span class=\"reg\"><span class=\"mono\">");
				esc(p, jget(c, "case"));
				raw(p, "</span> in ");
				esc(p, jget(c, "regression"));
				raw(p, "</span><br>");
			}
		}
		json_object_put(h);
		raw(p, "</td></tr>\n");
	}
	rawf(p, "</tbody></table>\n<p>%zu device models, %zu regressions</p>\n", alen(models),
	     nreg);
	foot(p);
	json_object_put(models);
	return CC_OK;
}

static int page_instruments(struct store *s, struct page *p, struct dash_reply *r)
{
	json_object *arr;
	char err[512];

	if (store_instruments(s, 30, &arr, err, sizeof(err))) {
		error_page(p, r, 500, "Store error", err);
		return CC_OK;
	}
	head(p, "Reference instruments");
	raw(p, "<p class=\"muted\">Seen in the stored runs, with the latest calibration due date;"
	       " due within 30 days (or past) is flagged.</p><table><thead><tr><th>Instrument"
	       "</th><th>Model</th><th>Serial</th><th>Calibration due</th><th>Runs</th>"
	       "<th>Last run</th><th></th></tr></thead><tbody>\n");
	for (size_t i = 0; i < alen(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		raw(p, "<tr><td>");
		esc(p, jget(o, "name"));
		raw(p, "</td><td>");
		esc(p, jget(o, "model"));
		raw(p, "</td><td>");
		esc(p, jget(o, "serial"));
		raw(p, "</td><td>");
		esc(p, jget(o, "calibration_due"));
		raw(p, "</td><td>");
		esc(p, jget(o, "runs"));
		raw(p, "</td><td>");
		esc(p, jget(o, "last_run"));
		rawf(p, "</td><td>%s</td></tr>\n",
		     jget(o, "due_soon") && !strcmp(jget(o, "due_soon"), "true")
			     ? "<span class=\"reg\">calibration due</span>"
			     : "");
	}
	raw(p, "</tbody></table>\n");
	foot(p);
	json_object_put(arr);
	return CC_OK;
}

int dash_render(struct store *s, const char *method, const char *path, dash_arg_fn arg,
		void *ctx, struct dash_reply *out)
{
	return dash_render_as(s, NULL, method, path, arg, ctx, out);
}

int dash_render_as(struct store *s, const char *user, const char *method, const char *path,
		   dash_arg_fn arg, void *ctx, struct dash_reply *out)
{
	struct page p = { &out->body, 0, user };
	size_t n;

	buf_init(&out->body, BUF_MAX_TEXT);
	out->status = 200;
	out->content_type = "text/html; charset=utf-8";
	out->csp = CSP_PAGE;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		error_page(&p, out, 405, "Method not allowed", "the dashboard is read-only");
	else if (!strcmp(path, "/"))
		page_runs(s, &p, arg, ctx, out);
	else if (!strcmp(path, "/device"))
		page_device(s, &p, arg, ctx, out);
	else if (!strcmp(path, "/instruments"))
		page_instruments(s, &p, out);
	else if (!strcmp(path, "/devices"))
		page_devices(s, &p, out);
	else if (!strncmp(path, "/run/", 5) && (n = strspn(path + 5, "0123456789abcdef")) >= 8 &&
		 n <= SHA256_HEX_LEN) {
		char key[SHA256_HEX_LEN + 1];

		snprintf(key, sizeof(key), "%.*s", (int)n, path + 5);
		if (!path[5 + n])
			page_run(s, &p, key, out);
		else if (!strcmp(path + 5 + n, "/report"))
			page_report(s, &p, key, out);
		else
			error_page(&p, out, 404, "Not found", "no such page");
	} else {
		error_page(&p, out, 404, "Not found", "no such page");
	}
	if (p.err) {
		/* a page too big or no memory: say so in a small page */
		error_page(&p, out, 500, "Page too large", "the page could not be made");
		if (p.err)
			return CC_ENOMEM;
	}
	return CC_OK;
}

void dash_reply_release(struct dash_reply *r)
{
	buf_release(&r->body);
}

int dash_render_login(const char *message, int status, struct dash_reply *out)
{
	struct page p = { &out->body, 0, NULL };

	buf_init(&out->body, BUF_MAX_TEXT);
	out->status = status;
	out->content_type = "text/html; charset=utf-8";
	out->csp = CSP_PAGE;
	head(&p, "Sign in");
	if (message) {
		raw(&p, "<p class=\"reg\">");
		esc(&p, message);
		raw(&p, "</p>");
	}
	raw(&p, "<form method=\"post\" action=\"/login\" class=\"filters\">"
		"<label>user<input name=\"user\" autocomplete=\"username\"></label>"
		"<label>password<input name=\"password\" type=\"password\""
		" autocomplete=\"current-password\"></label>"
		"<label>&#160;<button type=\"submit\">Sign in</button></label></form>\n");
	foot(&p);
	return p.err ? CC_ENOMEM : CC_OK;
}
