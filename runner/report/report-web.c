/* SPDX-License-Identifier: MIT */
/*
 * The companion web app section (docs/ageing-friendly.md, docs/report.md):
 * a table per check (pages audited, elements measured, offending, failed
 * audits), a table per axe-core rule violated, then each failed audit with
 * its offending elements and its screenshot (the PNG of the run folder,
 * embedded only when its SHA-256 is the one recorded). Everything from the
 * record and the page is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fileio.h"
#include "report/html.h"
#include "report/report-internal.h"

#define MAX_CHECKS 16
#define MAX_RULES 64
#define MAX_SHOTS 24		     /* embedded images, at most */
#define MAX_PNG (8u * 1024u * 1024u) /* one embedded image */

struct check_row {
	const char *name;
	size_t audits, failed;
	double measured, offending;
};

struct rule_row {
	const char *id, *impact, *wcag;
	size_t elements;
};

static struct check_row *row_of(struct check_row *rows, size_t *n,
				const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	if (*n == MAX_CHECKS)
		return NULL;
	rows[*n] = (struct check_row){.name = name};
	return &rows[(*n)++];
}

static void count_rules(struct rule_row *rules, size_t *n,
			json_object *offenders)
{
	for (size_t i = 0; i < jt_len(offenders); i++) {
		json_object *o = jt_idx_obj(offenders, i);
		const char *id = jt_str(o, "rule");
		size_t k;

		if (!id)
			continue;
		for (k = 0; k < *n && strcmp(rules[k].id, id); k++)
			;
		if (k == *n) {
			if (*n == MAX_RULES)
				continue;
			rules[(*n)++] = (struct rule_row){
			    id, jt_str(o, "impact"), jt_str(o, "wcag"), 0};
		}
		rules[k].elements++;
	}
}

/* The PNG, when it is there and is what the record hashed. */
static void screenshot(struct report_ctx *c, json_object *shot, size_t *shots)
{
	const char *file = jt_str(shot, "file"), *sha = jt_str(shot, "sha256");
	char path[8192], hex[SHA256_HEX_LEN + 1];
	char *png = NULL;
	size_t len = 0;

	if (!file || !sha || strstr(file, "..") || strncmp(file, "web/", 4))
		return;
	snprintf(path, sizeof(path), "%s/%s", c->o->run_dir, file);
	if (*shots >= MAX_SHOTS || sha256_file(path, hex) || strcmp(hex, sha) ||
	    read_file(path, &png, &len) || len > MAX_PNG) {
		report_rawf(c, "<p class=\"muted\">%s ",
			    report_l(c, L_WEB_SHOT_MISSING));
		report_esc(c, file);
		report_raw(c, "</p>\n");
		free(png);
		return;
	}
	(*shots)++;
	report_raw(c, "<div class=\"shot\"><img alt=\"");
	report_esc(c, file);
	report_raw(c, "\" src=\"data:image/png;base64,");
	if (!c->out_err)
		c->out_err = html_base64(c->b, png, len);
	report_raw(c, "\"><div class=\"caption\">");
	report_esc(c, file);
	report_raw(c, " · SHA-256 <span class=\"hash\">");
	report_esc(c, sha);
	report_raw(c, "</span></div></div>\n");
	free(png);
}

static void offenders_table(struct report_ctx *c, json_object *offenders)
{
	if (!jt_len(offenders))
		return;
	report_rawf(c,
		    "<table "
		    "class=\"t-web\"><thead><tr><th>%s</th><th>%s</th><th>%s</"
		    "th></tr></thead><tbody>\n",
		    report_l(c, L_WEB_SELECTOR), report_l(c, L_WEB_TEXT),
		    report_l(c, L_WEB_OBSERVED));
	for (size_t i = 0; i < jt_len(offenders); i++) {
		json_object *o = jt_idx_obj(offenders, i);

		report_raw(c, "<tr><td><code>");
		report_esc(c, jt_str(o, "selector"));
		report_raw(c, "</code></td><td>");
		report_esc(c, jt_str(o, "text"));
		report_raw(c, "</td><td>");
		if (jt_str(o, "rule")) {
			report_raw(c, "<b>");
			report_esc(c, jt_str(o, "rule"));
			report_raw(c, "</b> ");
		}
		report_esc(c, jt_str(o, "observed"));
		report_raw(c, "</td></tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

void report_web(struct report_ctx *c, int number)
{
	json_object *cases = jt_arr(c->root, "cases");
	struct check_row rows[MAX_CHECKS];
	struct rule_row rules[MAX_RULES];
	size_t nrows = 0, nrules = 0, shots = 0;
	char a[32], b[32];

	report_h2(c, "s-web", number, L_SEC_WEB);
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *ev = jt_arr(jt_idx_obj(cases, i), "evidence");

		for (size_t k = 0; k < jt_len(ev); k++) {
			json_object *e = jt_idx_obj(ev, k),
				    *w = jt_obj(e, "web");
			const char *check = jt_str(w, "check");
			struct check_row *r;
			double m = 0, n = 0;

			if (!check || !strcmp(check, "screenshot") ||
			    !(r = row_of(rows, &nrows, check)))
				continue;
			jt_num(w, "measured", &m);
			jt_num(w, "count", &n);
			r->audits++;
			r->measured += m;
			r->offending += n;
			if (jt_str(e, "verdict") &&
			    strcmp(jt_str(e, "verdict"), "pass"))
				r->failed++;
			if (!strcmp(check, "axe"))
				count_rules(rules, &nrules,
					    jt_arr(w, "offenders"));
		}
	}
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_WEB_INTRO));
	if (!nrows) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_WEB_NONE));
		return;
	}
	report_rawf(c,
		    "<table "
		    "class=\"t-web\"><thead><tr><th>%s</th><th>%s</th><th>%s</"
		    "th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_WEB_CHECK), report_l(c, L_WEB_AUDITS),
		    report_l(c, L_WEB_MEASURED), report_l(c, L_WEB_OFFENDING),
		    report_l(c, L_WEB_FAILED));
	for (size_t i = 0; i < nrows; i++) {
		report_fmt_num(rows[i].measured, a);
		report_fmt_num(rows[i].offending, b);
		report_raw(c, "<tr><td><code>");
		report_esc(c, rows[i].name);
		/* axe reports only what fails: nothing measured to count */
		report_rawf(c,
			    "</code></td><td>%zu</td><td>%s</td><td>%s</"
			    "td><td>%s%zu%s</td></tr>\n",
			    rows[i].audits,
			    strcmp(rows[i].name, "axe") ? a : "—", b,
			    rows[i].failed ? "<b>" : "", rows[i].failed,
			    rows[i].failed ? "</b>" : "");
	}
	report_raw(c, "</tbody></table>\n");
	if (nrules) {
		report_rawf(c,
			    "<h3>%s</h3>\n<table "
			    "class=\"t-web\"><thead><tr><th>%s</th><th>%s</"
			    "th><th>WCAG</th><th>%s</th></tr></thead><tbody>\n",
			    report_l(c, L_WEB_AXE_RULES),
			    report_l(c, L_WEB_RULE), report_l(c, L_WEB_IMPACT),
			    report_l(c, L_WEB_OFFENDING));
		for (size_t i = 0; i < nrules; i++) {
			report_raw(c, "<tr><td><code>");
			report_esc(c, rules[i].id);
			report_raw(c, "</code></td><td>");
			report_val(c, rules[i].impact);
			report_raw(c, "</td><td>");
			report_val(c, rules[i].wcag);
			report_rawf(c, "</td><td>%zu</td></tr>\n",
				    rules[i].elements);
		}
		report_raw(c, "</tbody></table>\n");
	}
	/* each failed audit: where, what, the elements, the screenshot */
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i),
			    *ev = jt_arr(k, "evidence");
		char anchor[32];

		report_case_anchor(i, anchor);
		for (size_t j = 0; j < jt_len(ev); j++) {
			json_object *e = jt_idx_obj(ev, j),
				    *w = jt_obj(e, "web");
			const char *v = jt_str(e, "verdict");

			if (!w || !v || !strcmp(v, "pass"))
				continue;
			report_rawf(c, "<h3><a href=\"#%s\">", anchor);
			report_esc(c, jt_str(k, "id"));
			report_raw(c, "</a> · <code>");
			report_esc(c, jt_str(w, "check"));
			report_raw(c, "</code></h3>\n<p>");
			report_esc(c, jt_str(w, "url"));
			report_raw(c, "<br>");
			report_esc(c, jt_str(e, "message"));
			report_raw(c, "</p>\n");
			offenders_table(c, jt_arr(w, "offenders"));
			if (jt_obj(w, "screenshot"))
				screenshot(c, jt_obj(w, "screenshot"), &shots);
		}
	}
}
