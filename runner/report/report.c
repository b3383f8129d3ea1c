/* SPDX-License-Identifier: MIT */
#include "report/report.h"
#include "base/strmap.h"
#include "core/coverage.h"
#include "base/diag.h"
#include "base/err.h"
#include "chrome/browser.h"
#include "chrome/print.h"
#include "base/clock.h"
#include "base/utf8.h"
#include "report/extool.h"
#include "report/html.h"
#include "core/record.h"
#include "report/report-internal.h"
#include "seal/sign.h"
#include "core/suite.h"
#include "core/labinfo.h"
#include "base/units.h"
#include "version.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TLOG_MAX_LINE (1024u * 1024u)
#define TLOG_MAX_FRAMES 2000000u

const char *report_l(const struct report_ctx *c, enum label_id id)
{
	return label_get(c->lang, id);
}

void report_fmt_num(double v, char out[32])
{
	if (!isfinite(v)) {
		snprintf(out, 32, "—");
		return;
	}
	snprintf(out, 32, "%.6g", v);
	if (!strcmp(out, "-0"))
		snprintf(out, 32, "0");
}

/* Resolution a figure is shown to, by unit: a reading to what a display
 * of that quantity resolves (0.1 mmHg), a statistic one digit finer
 * (ISO 81060-2 bias and SD to 0.01 mmHg); times to 3 significant digits. */
static const struct {
	const char *unit;
	int reading, stat; /* decimals */
} resolutions[] = {
    {"mmHg", 1, 2},  {"mm[Hg]", 1, 2}, {"kPa", 2, 3},	 {"bpm", 1, 2},
    {"/min", 1, 2},  {"%", 1, 2},      {"Cel", 2, 2},	 {"degF", 2, 2},
    {"mg/dL", 1, 2}, {"mmol/L", 2, 3},
};

static void fmt_sig(double v, int sig, char out[32])
{
	int e = v == 0 ? 0 : (int)floor(log10(fabs(v)));
	int dec = sig - 1 - e;

	snprintf(out, 32, "%.*f", dec < 0 ? 0 : dec > 12 ? 12 : dec, v);
}

void report_fmt_qty(double v, const char *unit, bool stat, char out[32])
{
	double ms;

	if (!isfinite(v)) {
		snprintf(out, 32, "—");
		return;
	}
	if (unit && *unit && !unit_convert(1, unit, "ms", &ms)) {
		fmt_sig(v, 3, out);
	} else {
		int dec = -1;

		for (size_t i = 0;
		     unit && i < sizeof(resolutions) / sizeof(resolutions[0]);
		     i++)
			if (!strcmp(unit, resolutions[i].unit))
				dec = stat ? resolutions[i].stat
					   : resolutions[i].reading;
		if (dec >= 0)
			snprintf(out, 32, "%.*f", dec, v);
		else if (v == floor(v) && fabs(v) < 1e15)
			snprintf(out, 32, "%.0f", v);
		else
			fmt_sig(v, 4, out);
	}
	/* "-0.00" is zero */
	if (out[0] == '-' && strspn(out + 1, "0.") == strlen(out + 1))
		memmove(out, out + 1, strlen(out));
}

/* ---- writers ---------------------------------------------------------- */

void report_esc_wbr(struct report_ctx *c, const char *s)
{
	/* a break opportunity (U+200B zero-width space) after each
	 * separator, so an identifier wraps between its words and never
	 * inside one; WeasyPrint 57 does not break at HTML5's <wbr> and then
	 * overflows the cell; the space is dropped by pdftotext and copy */
	static const char seps[] = "_-./:=,;&?";
	char part[256];

	while (s && *s && !c->out_err) {
		size_t n = strcspn(s, seps);

		n += s[n] != 0;
		if (n >= sizeof(part)) {
			/* a long run cut on a character boundary */
			n = sizeof(part) - 1;
			while (n > 1 && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(part, s, n);
		part[n] = 0;
		report_esc(c, part);
		s += n;
		if (*s && strchr(seps, part[n - 1]))
			report_raw(c, "\xE2\x80\x8B");
	}
}

void report_esc(struct report_ctx *c, const char *s)
{
	if (!c->out_err)
		c->out_err = html_esc(c->b, s);
}

void report_raw(struct report_ctx *c, const char *s)
{
	if (!c->out_err)
		c->out_err = buf_append_str(c->b, s);
}

void report_rawf(struct report_ctx *c, const char *fmt, ...)
{
	char small[1024], *big;
	va_list ap;
	int n;

	if (c->out_err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		c->out_err = CC_EINVAL;
	} else if ((size_t)n < sizeof(small)) {
		c->out_err = buf_append(c->b, small, (size_t)n);
	} else if (!(big = malloc((size_t)n + 1))) {
		c->out_err = CC_ENOMEM;
	} else {
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		c->out_err = buf_append(c->b, big, (size_t)n);
		free(big);
	}
}

void report_val(struct report_ctx *c, const char *s)
{
	if (!s || !*s)
		report_rawf(c, "<span class=\"na\">%s</span>",
			    report_l(c, L_NOT_STATED));
	else
		report_esc(c, s);
}

/* carecert's phrases in the report's language (label_phrases). */
void report_phrase(struct report_ctx *c, const char *s)
{
	size_t len;
	char *t;

	if (!s || !*s || c->lang == LANG_EN) {
		report_val(c, s);
		return;
	}
	len = 3 * strlen(s) + 64;
	if (!(t = malloc(len))) {
		if (!c->out_err)
			c->out_err = CC_ENOMEM;
		return;
	}
	label_phrases(c->lang, s, t, len);
	report_esc(c, t);
	free(t);
}

void report_reason(struct report_ctx *c, const char *s)
{
	size_t len;
	char *t;

	if (!s || !*s || c->lang == LANG_EN) {
		report_val(c, s);
		return;
	}
	len = 3 * strlen(s) + 64;
	if (!(t = malloc(len))) {
		if (!c->out_err)
			c->out_err = CC_ENOMEM;
		return;
	}
	label_reason(c->lang, s, false, t, len);
	report_esc(c, t);
	free(t);
}

void report_enum(struct report_ctx *c, const char *s)
{
	const char *l = label_enum(c->lang, s);

	report_val(c, l ? l : s);
}

/* The catalogue entries of the run's suite files (when they are the
 * run's): a case's, a suite's Chinese title. */
static const struct tcase *suite_case(const struct report_ctx *c,
				      const char *suite, const char *id)
{
	for (size_t i = 0; suite && id && i < c->nsuites; i++) {
		const struct suite *s = c->suites[i];

		if (strcmp(s->id, suite))
			continue;
		for (size_t k = 0; k < s->ncases; k++)
			if (s->cases[k].id && !strcmp(s->cases[k].id, id))
				return &s->cases[k];
	}
	return NULL;
}

const char *report_case_title(const struct report_ctx *c, json_object *k)
{
	const struct tcase *tc;

	if (c->lang == LANG_ZH &&
	    (tc = suite_case(c, jt_str(k, "suite"), jt_str(k, "id"))) &&
	    tc->title_zh)
		return tc->title_zh;
	return jt_str(k, "title");
}

const char *report_suite_title(const struct report_ctx *c, json_object *so)
{
	const char *id = jt_str(so, "id");

	for (size_t i = 0; c->lang == LANG_ZH && id && i < c->nsuites; i++)
		if (!strcmp(c->suites[i]->id, id) && c->suites[i]->title_zh)
			return c->suites[i]->title_zh;
	return jt_str(so, "title");
}

/* Whether the record says applicable cases were left out. */
static bool partial_scope(struct report_ctx *c)
{
	const char *scope = jt_str(c->root, "scope");

	return scope && !strcmp(scope, "partial");
}

/* "3 of 16 applicable cases" (the record's selection). */
static void selection_count(struct report_ctx *c)
{
	json_object *sel = jt_obj(c->root, "selection");
	double selected = 0, applicable = 0;

	jt_num(sel, "selected", &selected);
	jt_num(sel, "applicable", &applicable);
	if (c->lang == LANG_ZH)
		report_rawf(c, "%s %.0f / %.0f", report_l(c, L_OF_APPLICABLE), selected, applicable);
	else
		report_rawf(c, "%.0f of %.0f %s", selected, applicable, report_l(c, L_OF_APPLICABLE));
}

void report_verdict(struct report_ctx *c, const char *v)
{
	/* verdict, its CSS class: a run that did not cover its scope is
	 * shown as grave as an error, never in a pass's colour */
	static const char *const known[][2] = {
		{"pass", "pass"},	  {"fail", "fail"},
		{"inconclusive", "inconclusive"}, {"error", "error"},
		{"skipped", "skipped"}, {"not run", "notrun"},
		{"not judged", "notrun"},
		{"partial", "partial"}, {"incomplete", "error"},
	};
	const char *name = NULL, *cls = "unknown";

	for (size_t i = 0; v && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(v, known[i][0])) {
			name = known[i][0];
			cls = known[i][1];
		}
	if (!name)
		report_rawf(c, "<span class=\"v v-unknown\">%s</span>",
			    report_l(c, L_NOT_STATED));
	else
		report_rawf(c, "<span class=\"v v-%s\">%s</span>", cls,
			    label_verdict(c->lang, name));
}

void report_h2(struct report_ctx *c, const char *id, int number,
	       enum label_id title)
{
	report_rawf(c, "<h2 id=\"%s\"><span class=\"num\">%d</span> %s</h2>\n",
		    id, number, report_l(c, title));
}

void report_case_anchor(size_t index, char out[32])
{
	snprintf(out, 32, "case-%zu", index);
}

static int write_file_in(struct report_ctx *c, const char *rel,
			 const void *data, size_t len)
{
	char path[PATH_MAX];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", c->out_dir, rel);
	rc = atomic_write_file(path, data, len);
	if (rc)
		snprintf(c->err, sizeof(c->err), "cannot write %s: %s", path,
			 strerror(errno));
	return rc;
}

int report_figure(struct report_ctx *c, const char *name, struct plot_out *p,
		  const char *caption)
{
	char rel[256];
	int rc;

	/* the plots as files too, both vector formats */
	snprintf(rel, sizeof(rel), "plots/%s%s.svg", name, c->suffix);
	rc = write_file_in(c, rel, p->svg.data, p->svg.len);
	snprintf(rel, sizeof(rel), "plots/%s%s.pdf", name, c->suffix);
	if (!rc)
		rc = write_file_in(c, rel, p->pdf.data, p->pdf.len);
	if (rc)
		return CC_EIO;
	c->nplots++;
	c->figure++;
	/* square plots (scatter, error grid) are drawn narrower */
	report_rawf(c,
		    "<div class=\"plot\"><img alt=\"%s\"%s "
		    "src=\"data:image/svg+xml;base64,",
		    name,
		    strstr(name, "scatter") || strstr(name, "parkes")
			? " class=\"sq\""
			: "");
	if (!c->out_err)
		c->out_err = html_base64(c->b, p->svg.data, p->svg.len);
	report_rawf(c, "\"><div class=\"caption\">%s %d. ",
		    report_l(c, L_FIGURE), c->figure);
	report_esc(c, caption);
	report_raw(c, "</div></div>\n");
	return CC_OK;
}

int report_plot_failed(struct report_ctx *c, const char *what, int rc,
		       const char *why)
{
	if (rc == CC_ENOTFOUND || rc == CC_EIO || rc == CC_ETIMEDOUT) {
		if (!c->err[0])
			snprintf(c->err, sizeof(c->err), "%s: %s", what, why);
		/* a report without its plots is not the report: give up */
		return CC_EIO;
	}
	report_rawf(c, "<p class=\"note\">%s: %s (%s)</p>\n",
		    report_l(c, L_PLOT_UNAVAILABLE), what, why);
	return CC_OK;
}

/* ---- inputs beside the record ----------------------------------------- */

static enum report_file_state file_state(const char *path, const char *sha)
{
	char hex[SHA256_HEX_LEN + 1];

	if (!path)
		return REPORT_FILE_ABSENT;
	if (sha256_file(path, hex))
		return REPORT_FILE_MISSING;
	return sha && !strcmp(hex, sha) ? REPORT_FILE_OK : REPORT_FILE_CHANGED;
}

static void frames_free(struct report_ctx *c)
{
	for (size_t i = 0; i < c->nframes; i++) {
		free(c->frames[i].case_id);
		free(c->frames[i].hex);
		free(c->frames[i].text);
		free(c->frames[i].event);
		free(c->frames[i].link);
	}
	free(c->frames);
	c->frames = NULL;
	c->nframes = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The traffic log, only when it is the one the record hashed: the report
 * must not mix another run's frames into this one's evidence. */
static void load_traffic_log(struct report_ctx *c)
{
	json_object *tl = jt_obj(c->root, "traffic_log");
	const char *file = jt_str(tl, "file"),
		   *sha = jt_str(tl, "sha256");
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t n;
	FILE *f;

	if (!file || strchr(file, '/')) {
		c->tlog_state = REPORT_FILE_ABSENT;
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", c->o->run_dir, file);
	c->tlog_state = file_state(path, sha);
	if (c->tlog_state != REPORT_FILE_OK || !(f = fopen(path, "r")))
		return;
	while ((n = getline(&line, &cap, f)) > 0 &&
	       c->nframes < TLOG_MAX_FRAMES) {
		json_object *o;
		struct report_frame *fr;
		double d;

		if ((size_t)n > TLOG_MAX_LINE)
			continue;
		o = json_tokener_parse(line);
		if (!o || !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			continue;
		}
		if (c->nframes == alloc) {
			size_t na = alloc ? alloc * 2 : 256;
			struct report_frame *nf =
			    realloc(c->frames, na * sizeof(*nf));

			if (!nf) {
				json_object_put(o);
				break;
			}
			c->frames = nf;
			alloc = na;
		}
		fr = &c->frames[c->nframes];
		memset(fr, 0, sizeof(*fr));
		/* seq is 1-based, mono_ns a monotonic clock: outside that
		 * (or outside an integer's range, which is undefined to
		 * convert) a value is as good as absent */
		fr->seq = jt_num(o, "seq", &d) && d >= 1 && d < 0x1p63 ? (long)d : -1;
		fr->mono_ns = jt_num(o, "mono_ns", &d) && d >= 0 && d < 0x1p63
				  ? (int64_t)d
				  : 0;
		snprintf(fr->dir, sizeof(fr->dir), "%s",
			 jt_str(o, "dir") ? jt_str(o, "dir") : "?");
		snprintf(fr->wall, sizeof(fr->wall), "%s",
			 jt_str(o, "wall") ? jt_str(o, "wall") : "");
		fr->case_id = dup_or_null(jt_str(o, "case"));
		fr->hex = dup_or_null(jt_str(o, "hex"));
		fr->text = dup_or_null(jt_str(o, "text"));
		fr->event = dup_or_null(jt_str(o, "event"));
		fr->link = dup_or_null(jt_str(o, "link"));
		c->nframes++;
		json_object_put(o);
	}
	free(line);
	fclose(f);
}

const struct report_frame *report_frame(const struct report_ctx *c, long seq)
{
	/* seq is 1-based and dense in a complete log: try the direct slot */
	if (seq >= 1 && (size_t)seq <= c->nframes &&
	    c->frames[seq - 1].seq == seq)
		return &c->frames[seq - 1];
	for (size_t i = 0; i < c->nframes; i++)
		if (c->frames[i].seq == seq)
			return &c->frames[i];
	return NULL;
}

static void load_suites(struct report_ctx *c)
{
	json_object *suites = jt_arr(c->root, "suites");

	for (size_t i = 0; i < jt_len(suites); i++) {
		json_object *s = jt_idx_obj(suites, i);
		const char *path = jt_str(s, "path");
		struct suite *st, **nv;
		struct diag d;

		if (file_state(path, jt_str(s, "sha256")) !=
		    REPORT_FILE_OK)
			continue;
		diag_init(&d);
		st = suite_load(path, &d);
		diag_release(&d);
		if (!st)
			continue;
		nv = realloc(c->suites, (c->nsuites + 1) * sizeof(*nv));
		if (!nv) {
			suite_free(st);
			break;
		}
		c->suites = nv;
		c->suites[c->nsuites++] = st;
	}
}

const char *report_req_title(const struct report_ctx *c, const char *suite,
			     const char *standard, const char *clause)
{
	for (size_t i = 0; suite && standard && clause && i < c->nsuites; i++) {
		const struct suite *s = c->suites[i];
		const struct requirement *r;

		if (strcmp(s->id, suite))
			continue;
		if ((r = suite_find_requirement(s, standard, clause)))
			return c->lang == LANG_ZH && r->title_zh ? r->title_zh
								 : r->title;
	}
	return NULL;
}

/* Case ids and titles mark security cases: an id part SEC or TLS, or a
 * title about security, encryption, authentication or pairing. */
bool report_is_security_case(json_object *c)
{
	static const char *const words[] = {
	    "secur",   "encrypt", "authenticat", "pairing",
	    "bonding", "tls",	  "certificate"};
	const char *id = jt_str(c, "id"), *title = jt_str(c, "title");
	char low[512];

	for (const char *p = id; p && *p;) {
		size_t n = strcspn(p, "-/_.");

		if ((n == 3 &&
		     (!strncmp(p, "SEC", 3) || !strncmp(p, "TLS", 3))))
			return true;
		p += n + (p[n] != 0);
	}
	if (!title)
		return false;
	snprintf(low, sizeof(low), "%s", title);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(low, words[i]))
			return true;
	return false;
}

/* ---- document parts --------------------------------------------------- */

static const char css[] =
    "html{font-size:9.5pt;line-height:1.38;color:#1b1f24;background:#fff}\n"
    "body{max-width:200mm;margin:0 auto;padding:10mm 8mm}\n"
    "h1,h2,h3,h4{color:#17406d;line-height:1.2;break-after:avoid;page-break-"
    "after:avoid}\n"
    "h2{font-size:14pt;border-bottom:1.2pt solid "
    "#17406d;padding-bottom:1.5mm;margin:9mm 0 3mm}\n"
    "h2 .num{display:inline-block;min-width:8mm}\n"
    "h3{font-size:11pt;margin:6mm 0 2mm}\n"
    "h4{font-size:10pt;margin:4mm 0 1.5mm;color:#333}\n"
    "p{margin:1.5mm 0}\n"
    ".shot{margin:2mm 0 5mm}.shot img{max-width:90mm;max-height:160mm;border:0.5pt solid #c3ccd5}\n"
    ".t-web code{font-size:8pt;word-break:break-all}\n"
    "table{border-collapse:collapse;width:100%;margin:1.5mm 0 "
    "4mm;font-size:8.6pt}\n"
    "th,td{border:0.5pt solid #c3ccd5;padding:1.1mm "
    "1.6mm;vertical-align:top;text-align:left;"
    "box-sizing:border-box}\n"
    "thead th{background:#e8eef4;font-weight:bold}\n"
    "thead{display:table-header-group}\n"
    /* fixed layout: WeasyPrint lays out auto tables several times over */
    "table{table-layout:fixed}\n"
    ".t-suites th:nth-child(1){width:20%}.t-suites "
    "th:nth-child(2){width:44%}.t-suites th:nth-child(3){width:9%}.t-suites "
    "th:nth-child(4){width:9%}.t-suites th:nth-child(5){width:9%}.t-suites "
    "th:nth-child(6){width:9%}\n"
    ".t-std th:nth-child(1){width:22%}.t-std th:nth-child(2){width:10%}.t-std "
    "th:nth-child(3){width:58%}.t-std th:nth-child(4){width:10%}\n"
    ".t-na th:nth-child(1){width:20%}.t-na th:nth-child(2){width:35%}.t-na "
    "th:nth-child(3){width:45%}\n"
    ".t-inst th:nth-child(1){width:20%}.t-inst "
    "th:nth-child(2){width:13%}.t-inst th:nth-child(3){width:12%}.t-inst "
    "th:nth-child(4){width:12%}.t-inst th:nth-child(5){width:14%}.t-inst "
    "th:nth-child(6){width:19%}.t-inst th:nth-child(7){width:10%}\n"
    /* suite, total and seven verdicts: 100 %, the verdicts' headers
     * small enough for INCONCLUSIVE in a tenth of a 1280 px window */
    ".t-sum th:nth-child(1){width:23%}.t-sum th:nth-child(2){width:7%}.t-sum "
    "th:nth-child(n+3){width:10%}\n"
    ".t-sum thead th{font-size:6.8pt;padding:1.1mm 0.6mm;letter-spacing:0}\n"
    ".t-all th:nth-child(1){width:6%}.t-all th:nth-child(2){width:22%}.t-all "
    "th:nth-child(3){width:54%}.t-all th:nth-child(4){width:18%}\n"
    ".t-sec th:nth-child(1){width:20%}.t-sec th:nth-child(2){width:30%}.t-sec "
    "th:nth-child(3){width:14%}.t-sec th:nth-child(4){width:36%}\n"
    ".t-trace th:nth-child(1){width:16%}.t-trace "
    "th:nth-child(2){width:28%}.t-trace th:nth-child(3){width:42%}.t-trace "
    "th:nth-child(4){width:14%}\n"
    ".t-sig th:nth-child(1){width:16%}.t-sig th:nth-child(2){width:24%}.t-sig "
    "th:nth-child(3){width:20%}.t-sig th:nth-child(4){width:16%}.t-sig "
    "th:nth-child(5){width:24%}\n"
    ".t-meas th:nth-child(1){width:15%}.t-meas "
    "th:nth-child(2){width:19%}.t-meas th:nth-child(3){width:8%}.t-meas "
    "th:nth-child(4){width:8%}.t-meas th:nth-child(5){width:8%}.t-meas "
    "th:nth-child(6){width:8%}.t-meas th:nth-child(7){width:8%}.t-meas "
    "th:nth-child(8){width:12%}.t-meas th:nth-child(9){width:14%}\n"
    ".t-meas1 th:nth-child(1){width:22%}.t-meas1 "
    "th:nth-child(2){width:11%}.t-meas1 th:nth-child(3){width:8%}.t-meas1 "
    "th:nth-child(4){width:10%}.t-meas1 th:nth-child(5){width:10%}.t-meas1 "
    "th:nth-child(6){width:10%}.t-meas1 th:nth-child(7){width:14%}.t-meas1 "
    "th:nth-child(8){width:15%}\n"
    ".t-mu th:nth-child(1){width:26%}.t-mu th:nth-child(2){width:14%}.t-mu "
    "th:nth-child(3){width:14%}.t-mu th:nth-child(4){width:16%}.t-mu "
    "th:nth-child(5){width:30%}\n"
    ".mu-near{color:#b26a00;font-weight:600;white-space:normal;display:inline-block}\n"
    ".t-crit th:nth-child(1){width:24%}.t-crit "
    "th:nth-child(2){width:28%}.t-crit th:nth-child(3){width:29%}.t-crit "
    "th:nth-child(4){width:19%}\n"
    ".t-ev th:nth-child(1){width:6%}.t-ev th:nth-child(2){width:16%}.t-ev "
    "th:nth-child(3){width:11%}.t-ev th:nth-child(4){width:28%}.t-ev "
    "th:nth-child(5){width:28%}.t-ev th:nth-child(6){width:11%}\n"
    ".passlist{column-count:4;column-gap:4mm;margin:1mm 0 4mm;"
    "white-space:pre-line}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "table.kv "
    "th{width:32%;background:#f3f6f9;font-weight:normal;color:#3d4752}\n"
    "td.n,th.n{text-align:right}td.n{white-space:nowrap}\n"
    "tr.total td{font-weight:bold;background:#f3f6f9}\n"
    ".mono,code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:7.8pt}\n"
    ".hash{font-family:'DejaVu Sans "
    "Mono',monospace;font-size:7.4pt;word-break:break-all}\n"
    "td{overflow-wrap:anywhere;word-break:break-word}\n"
    "pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;border:0."
    "5pt solid #d8dee4;"
    "padding:1.5mm 2mm;margin:1mm 0 3mm}\n"
    ".na{color:#8c959f}\n"
    ".note{color:#5f6b76;font-size:8.6pt}\n"
    "p.exch{break-after:avoid;page-break-after:avoid}\n"
    ".v{display:inline-block;padding:0.2mm "
    "1.8mm;border-radius:0.8mm;font-weight:bold;"
    "font-size:8pt;color:#fff;white-space:nowrap;letter-spacing:0.02em}\n"
    ".v-pass{background:#1a7f37}.v-fail{background:#c62828}.v-inconclusive{"
    "background:#b26a00}"
    ".v-error{background:#6a1b9a}.v-skipped{background:#8c959f}"
    ".v-notrun{background:#57606a}.v-partial{background:#bc4c00}"
    ".v-unknown{"
    "background:#57606a}\n"
    ".cover{break-after:page;page-break-after:always}\n"
    ".cover "
    ".bar{display:flex;justify-content:space-between;border-bottom:2.5pt solid "
    "#17406d;"
    "padding-bottom:2mm;color:#17406d;font-weight:bold;font-size:11pt}\n"
    ".cover h1{font-size:24pt;margin:22mm 0 2mm}\n"
    ".cover .sub{font-size:12pt;color:#3d4752;margin-bottom:10mm}\n"
    ".cover .dut{font-size:16pt;font-weight:bold;margin:0 0 "
    "4mm}\n"
    ".cover table.kv{font-size:9.5pt}\n"
    ".overall{margin:8mm 0 4mm;padding:4mm 5mm;border:1pt solid "
    "#c3ccd5;border-radius:1.5mm;"
    "background:#f6f8fa}\n"
    ".overall .v{font-size:16pt;padding:1mm "
    "5mm;margin-right:4mm;vertical-align:middle}\n"
    ".notice{border-left:3pt solid #b26a00;background:#fff8e6;padding:2mm "
    "3mm;margin:3mm 0;"
    "font-size:8.8pt}\n"
    ".notice.bad{border-left-color:#c62828;background:#fdecec}\n"
    ".cover .foot{margin-top:14mm;font-size:8pt;color:#5f6b76;"
    "border-top:0.5pt solid #c3ccd5;padding-top:2mm}\n"
    "div.toc{break-after:page;page-break-after:always}\n"
    "div.toc ol{list-style:none;padding-left:0;margin:0}\n"
    "div.toc ol ol{padding-left:8mm}\n"
    "div.toc li{margin:1.2mm 0}\n"
    "div.toc a{color:#1b1f24;text-decoration:none}\n"
    "a{color:#17406d}\n"
    ".case{margin:5mm 0 6mm;border-top:0.6pt solid #c3ccd5;padding-top:1mm}\n"
    ".case h4{margin:2mm 0 2mm;font-size:10pt}\n"
    ".case h4 .v{margin-left:2mm;vertical-align:middle}\n"
    "h5{font-size:9pt;margin:3mm 0 "
    "1mm;color:#3d4752;break-after:avoid;page-break-after:avoid}\n"
    "div.plot{margin:3mm 0 "
    "5mm;text-align:center;break-inside:avoid;page-break-inside:avoid}\n"
    "div.plot img{width:100%;max-width:175mm;height:auto}\n"
    "div.plot img.sq{width:62%}\n"
    ".caption{font-size:8.6pt;color:#3d4752;margin-top:1mm}\n"
    ".sig td{height:14mm}\n"
    /* the signatures and the seal are one block a signer sees whole */
    "div.approval{break-inside:avoid;page-break-inside:avoid}\n"
    "@media print{body{max-width:none;margin:0;padding:0}"
    "div.toc a::after{content:leader('.') target-counter(attr(href),page)}}\n";

/* Text as a CSS string's body (between single quotes): anything but
 * letters, digits and a few safe marks as a hex escape, so that a device's
 * name can close neither the string nor the style element. */
static void css_string(struct report_ctx *c, const char *s)
{
	char *fixed = s ? utf8_repair(s) : NULL;

	for (const unsigned char *p = (const unsigned char *)fixed; p && *p;
	     p++) {
		if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(" .,-_:()+", *p))
			report_rawf(c, "%c", *p);
		else
			report_rawf(c, "\\%x ", *p);
	}
	free(fixed);
}

/* Page furniture: paper, margins, running heads and page numbers in
 * @page margin boxes, which WeasyPrint and Chromium (since 131) both
 * print; the heads are literal strings, as Chromium has no string-set. */
static void page_css(struct report_ctx *c)
{
	json_object *dut = jt_obj(c->root, "dut");
	const char *zh = c->lang == LANG_ZH ? "1" : "";
	char line[512];

	snprintf(line, sizeof(line), "%s %s",
		 jt_str(dut, "vendor") ? jt_str(dut, "vendor") : "",
		 jt_str(dut, "model") ? jt_str(dut, "model") : "");
	report_rawf(
	    c,
	    "html{font-family:%s}\n"
	    "@page{size:A4;margin:20mm 16mm 20mm 16mm;"
	    "@top-left{content:'",
	    c->lang == LANG_ZH ? REPORT_FONTS_ZH : REPORT_FONTS_EN);
	css_string(c, report_l(c, L_REPORT_TITLE));
	report_raw(c, "';font-size:7.5pt;color:#5f6b76}@top-right{content:'");
	css_string(c, line);
	report_rawf(
	    c,
	    "';font-size:7.5pt;color:#5f6b76}"
	    "@bottom-left{content:'carecert · %s "
	    "%.16s';font-size:7pt;color:#5f6b76;"
	    "font-family:'DejaVu Sans Mono',monospace}"
	    "@bottom-right{content:'%s' counter(page) '%s' counter(pages)%s;"
	    "font-size:7.5pt;color:#5f6b76}}\n"
	    "@page:first{@top-left{content:none}@top-right{content:none}}\n",
	    report_l(c, L_RECORD_SHORT), c->record_sha,
	    report_l(c, L_PAGE_PREFIX), report_l(c, L_PAGE_OF),
	    zh[0] ? " ' "
		    "页'"
		  : "");
}

/* The tail of an ISO time from offset off, "" when it is shorter. */
static const char *from(const char *s, size_t off)
{
	return s && strlen(s) > off ? s + off : "";
}

static void run_dates(struct report_ctx *c, char *out, size_t len)
{
	const char *s = jt_str(c->root, "start"),
		   *e = jt_str(c->root, "end");

	if (s && e && !strncmp(s, e, 10))
		snprintf(out, len, "%.10s %.8s – %.8s UTC", s, from(s, 11),
			 from(e, 11));
	else if (s && e)
		snprintf(out, len, "%.10s %.8s – %.10s %.8s UTC", s,
			 from(s, 11), e, from(e, 11));
	else if (s)
		snprintf(out, len, "%.10s %.8s UTC – (%s)", s, from(s, 11),
			 report_l(c, L_NOT_FINISHED));
	else
		out[0] = 0;
}

static void kv(struct report_ctx *c, enum label_id key, const char *value)
{
	report_rawf(c, "<tr><th>%s</th><td>", report_l(c, key));
	report_val(c, value);
	report_raw(c, "</td></tr>\n");
}

static void kv_raw_open(struct report_ctx *c, enum label_id key)
{
	report_rawf(c, "<tr><th>%s</th><td>", report_l(c, key));
}

static const char *lab_name(struct report_ctx *c)
{
	return c->o->lab ? c->o->lab
			 : jt_str(jt_obj(c->root, "lab"), "name");
}

static size_t count_verdict(json_object *cases, const char *suite,
			    const char *v)
{
	size_t n = 0;

	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i);
		const char *cv = jt_str(k, "verdict"),
			   *cs = jt_str(k, "suite");

		if ((!suite || (cs && !strcmp(cs, suite))) &&
		    (!v || (cv && !strcmp(cv, v))))
			n++;
	}
	return n;
}

/* Chinese text takes full-width punctuation */
static const char *colon(const struct report_ctx *c)
{
	return c->lang == LANG_ZH ? "：" : ": ";
}

static const char *comma(const struct report_ctx *c)
{
	return c->lang == LANG_ZH ? "，" : ", ";
}

static void cover(struct report_ctx *c)
{
	json_object *dut = jt_obj(c->root, "dut"),
		    *tool = jt_obj(c->root, "tool");
	json_object *suites = jt_arr(c->root, "suites"),
		    *cases = jt_arr(c->root, "cases");
	json_object *sim = jt_obj(c->root, "simulator"),
		    *prof = jt_obj(c->root, "profile");
	const char *status = jt_str(c->root, "status"),
		   *verdict = jt_str(c->root, "verdict");
	char dates[128], issued[32], line[512];
	struct tm tm;
	time_t t = c->o->issued;

	gmtime_r(&t, &tm);
	strftime(issued, sizeof(issued), "%Y-%m-%d", &tm);
	report_raw(c, "<div class=\"cover\">\n<div class=\"bar\"><span>");
	report_esc(c, lab_name(c));
	report_rawf(c,
		    "</span><span>carecert</span></div>\n<h1>%s</"
		    "h1>\n<div class=\"sub\">",
		    report_l(c, L_REPORT_TITLE));
	for (size_t i = 0; i < jt_len(suites); i++) {
		if (i)
			report_raw(c, " · ");
		report_esc(c, report_suite_title(c, jt_idx_obj(suites, i)));
	}
	snprintf(line, sizeof(line), "%s %s",
		 jt_str(dut, "vendor") ? jt_str(dut, "vendor") : "",
		 jt_str(dut, "model") ? jt_str(dut, "model") : "");
	report_raw(c, "</div>\n<div class=\"dut\">");
	report_val(c, line[0] != ' ' || line[1] ? line : NULL);
	report_raw(c, "</div>\n<table class=\"kv\">\n");
	kv_raw_open(c, L_REPORT_ID);
	report_rawf(c,
		    "<span class=\"mono\">%.16s</span> <span "
		    "class=\"note\">(%s)</span></td></tr>\n",
		    c->record_sha, report_l(c, L_REPORT_ID_NOTE));
	kv(c, L_LABORATORY, lab_name(c));
	kv_raw_open(c, L_CATEGORY);
	report_enum(c, jt_str(dut, "category"));
	report_raw(c, "</td></tr>\n");
	kv(c, L_FIRMWARE, jt_str(dut, "firmware"));
	kv(c, L_SERIAL, jt_str(dut, "serial_number"));
	kv(c, L_PROFILE, jt_str(prof, "path"));
	snprintf(line, sizeof(line), "carecert %s (git %s)",
		 jt_str(tool, "version") ? jt_str(tool, "version")
					      : "?",
		 jt_str(tool, "git_revision")
		     ? jt_str(tool, "git_revision")
		     : "?");
	kv(c, L_TOOL, line);
	run_dates(c, dates, sizeof(dates));
	kv(c, L_TEST_PERIOD, dates);
	kv(c, L_ISSUED, issued);
	kv_raw_open(c, L_RECORD_STATUS);
	report_enum(c, status);
	report_raw(c, "</td></tr>\n");
	report_rawf(c,
		    "</table>\n<div class=\"overall\"><strong>%s</strong><br>",
		    report_l(c, L_OVERALL_VERDICT));
	report_verdict(c, verdict);
	report_rawf(c, "%zu %s%s%zu %s%s%zu %s%s%zu %s%s%zu %s%s%zu %s%s%zu %s%s%zu %s</div>\n",
		    jt_len(cases), report_l(c, L_CASES), colon(c),
		    count_verdict(cases, NULL, "pass"),
		    label_verdict(c->lang, "pass"), comma(c),
		    count_verdict(cases, NULL, "fail"),
		    label_verdict(c->lang, "fail"), comma(c),
		    count_verdict(cases, NULL, "inconclusive"),
		    label_verdict(c->lang, "inconclusive"), comma(c),
		    count_verdict(cases, NULL, "error"),
		    label_verdict(c->lang, "error"), comma(c),
		    count_verdict(cases, NULL, "skipped"),
		    label_verdict(c->lang, "skipped"), comma(c),
		    count_verdict(cases, NULL, "not run"),
		    label_verdict(c->lang, "not run"), comma(c),
		    count_verdict(cases, NULL, "not judged"),
		    label_verdict(c->lang, "not judged"));
	if (sim) {
		report_rawf(c, "<div class=\"notice\">%s <span class=\"mono\">",
			    report_l(c, L_SIMULATED_DUT));
		report_esc(c, jt_str(sim, "program"));
		report_raw(c, "</span>.</div>\n");
	}
	if (!status || strcmp(status, "complete")) {
		report_rawf(c, "<div class=\"notice bad\">%s ",
			    report_l(c, L_INCOMPLETE_RUN));
		report_val(c, jt_str(c->root, "abort_reason"));
		report_raw(c, "</div>\n");
	}
	if (partial_scope(c)) {
		report_rawf(c, "<div class=\"notice bad\">%s ", report_l(c, L_PARTIAL_RUN));
		selection_count(c);
		report_raw(c, "</div>\n");
	}
	report_rawf(c,
		    "<div class=\"foot\">%s<br>%s <span "
		    "class=\"hash\">%s</span></div>\n</div>\n",
		    report_l(c, L_RESULTS_RELATE), report_l(c, L_RECORD_SHA),
		    c->record_sha);
}

static const struct {
	const char *id;
	enum label_id title;
} sections[] = {
    {"s-scope", L_SEC_SCOPE},	    {"s-setup", L_SEC_SETUP},
    {"s-summary", L_SEC_SUMMARY},   {"s-deviations", L_SEC_DEVIATIONS},
    {"s-security", L_SEC_SECURITY}, {"s-web", L_SEC_WEB},
    {"s-measurements", L_SEC_MEASUREMENTS},
    {"s-timing", L_SEC_TIMING},	    {"s-accuracy", L_SEC_ACCURACY},
    {"s-cases", L_SEC_CASES},	    {"s-trace", L_SEC_TRACE},
    {"s-approval", L_SEC_APPROVAL},
};

static void toc(struct report_ctx *c)
{
	json_object *suites = jt_arr(c->root, "suites");

	report_rawf(c, "<div class=\"toc\"><h2>%s</h2>\n<ol>\n",
		    report_l(c, L_TOC));
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		report_rawf(c, "<li><a href=\"#%s\">%zu&#160;&#160;%s</a>",
			    sections[i].id, i + 1,
			    report_l(c, sections[i].title));
		/* the case results by suite, one level down */
		if (!strcmp(sections[i].id, "s-cases") && jt_len(suites)) {
			report_raw(c, "\n<ol>\n");
			for (size_t k = 0; k < jt_len(suites); k++) {
				report_rawf(
				    c,
				    "<li><a "
				    "href=\"#suite-%zu\">%zu.%zu&#160;&#160;",
				    k, i + 1, k + 1);
				report_val(c, report_suite_title(
						  c, jt_idx_obj(suites, k)));
				report_raw(c, "</a></li>\n");
			}
			report_raw(c, "</ol>\n");
		}
		report_raw(c, "</li>\n");
	}
	report_raw(c, "</ol>\n</div>\n");
}

/* Section number of a section id (1-based). */
static int secnum(const char *id)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcmp(sections[i].id, id))
			return (int)i + 1;
	return 0;
}

static void h2(struct report_ctx *c, const char *id)
{
	report_h2(c, id, secnum(id), sections[secnum(id) - 1].title);
}

/* One (standard, clause) seen in the cases. */
struct clause_ref {
	const char *standard, *clause;
	size_t ncases;
};

static int cmp_clause(const void *a, const void *b)
{
	const struct clause_ref *x = a, *y = b;
	int d = strcmp(x->standard, y->standard);

	return d ? d : coverage_clause_cmp(x->clause, y->clause);
}

/* The (standard, clause) pairs the cases verify, with how many cases
 * verify each, sorted; CC_ENOMEM. */
static int clause_refs(json_object *cases, struct clause_ref **out,
		       size_t *nout)
{
	struct clause_ref *refs = NULL;
	size_t nrefs = 0, na = 0;
	struct strmap index = STRMAP_INIT; /* (standard, clause) -> 1 + j */

	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *reqs =
		    jt_arr(jt_idx_obj(cases, i), "requirements");

		for (size_t k = 0; k < jt_len(reqs); k++) {
			json_object *r = jt_idx_obj(reqs, k);
			const char *st = jt_str(r, "standard"),
				   *cl = jt_str(r, "clause");
			size_t j;

			if (!st || !cl)
				continue;
			j = (size_t)(uintptr_t)strmap_get2(&index, st, cl);
			if (j) {
				j--;
			} else {
				if (nrefs == na) {
					struct clause_ref *nr;

					na = na ? na * 2 : 32;
					nr = realloc(refs, na * sizeof(*nr));
					if (!nr) {
						free(refs);
						strmap_release(&index);
						return CC_ENOMEM;
					}
					refs = nr;
				}
				if (strmap_put2(&index, st, cl,
						(void *)(uintptr_t)(nrefs + 1),
						NULL)) {
					free(refs);
					strmap_release(&index);
					return CC_ENOMEM;
				}
				j = nrefs;
				refs[nrefs++] = (struct clause_ref){
				    .standard = st, .clause = cl};
			}
			refs[j].ncases++;
		}
	}
	strmap_release(&index);
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), cmp_clause);
	*out = refs;
	*nout = nrefs;
	return CC_OK;
}

static void scope(struct report_ctx *c)
{
	json_object *suites = jt_arr(c->root, "suites"),
		    *cases = jt_arr(c->root, "cases");
	struct clause_ref *refs = NULL;
	size_t nrefs = 0;

	h2(c, "s-scope");
	report_rawf(c,
		    "<p>%s</p>\n<h3>%s</h3>\n<table "
		    "class=\"t-suites\"><thead><tr><th>%s</th><th>%s</th>"
		    "<th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
		    "<th class=\"n\">%s</th></tr></thead><tbody>\n",
		    report_l(c, L_SCOPE_INTRO), report_l(c, L_SUITES),
		    report_l(c, L_SUITE), report_l(c, L_TITLE),
		    report_l(c, L_VERSION), report_l(c, L_PLANNED),
		    report_l(c, L_RUN), report_l(c, L_NOT_APPLICABLE));
	for (size_t i = 0; i < jt_len(suites); i++) {
		json_object *s = jt_idx_obj(suites, i);
		const char *id = jt_str(s, "id");
		size_t all = id ? count_verdict(cases, id, NULL) : 0;
		size_t skipped = id ? count_verdict(cases, id, "skipped") : 0;

		report_raw(c, "<tr><td class=\"mono\">");
		report_val(c, id);
		report_raw(c, "</td><td>");
		report_val(c, report_suite_title(c, s));
		report_raw(c, "</td><td>");
		report_val(c, jt_str(s, "version"));
		report_rawf(c,
			    "</td><td class=\"n\">%zu</td><td "
			    "class=\"n\">%zu</td>"
			    "<td class=\"n\">%zu</td></tr>\n",
			    all, all - skipped, skipped);
	}
	report_raw(c, "</tbody></table>\n");
	/* standards and clauses the cases verify; short of memory, the
	 * document is given up as for any other allocation of its own */
	if (clause_refs(cases, &refs, &nrefs) && !c->out_err)
		c->out_err = CC_ENOMEM;
	report_rawf(c,
		    "<h3>%s</h3>\n<table "
		    "class=\"t-std\"><thead><tr><th>%s</th><th>%s</th><th>%s</"
		    "th>"
		    "<th class=\"n\">%s</th></tr></thead><tbody>\n",
		    report_l(c, L_STANDARDS), report_l(c, L_STANDARD),
		    report_l(c, L_CLAUSE), report_l(c, L_REQUIREMENT),
		    report_l(c, L_CASES_HEAD));
	for (size_t i = 0; i < nrefs; i++) {
		const char *title = NULL;

		for (size_t s = 0; !title && s < c->nsuites; s++) {
			const struct requirement *r = suite_find_requirement(
			    c->suites[s], refs[i].standard, refs[i].clause);

			title = !r ? NULL
				: c->lang == LANG_ZH && r->title_zh ? r->title_zh
								     : r->title;
		}
		report_raw(c, "<tr><td>");
		report_phrase(c, refs[i].standard);
		report_raw(c, "</td><td>");
		report_esc(c, refs[i].clause);
		report_raw(c, "</td><td>");
		/* titles come from the suite files, when they are the run's */
		if (title)
			report_esc(c, title);
		report_rawf(c, "</td><td class=\"n\">%zu</td></tr>\n",
			    refs[i].ncases);
	}
	free(refs);
	report_rawf(c, "</tbody></table>\n<h3>%s</h3>\n",
		    report_l(c, L_NOT_APPLICABLE_CASES));
	if (!count_verdict(cases, NULL, "skipped")) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NONE));
		return;
	}
	report_rawf(c,
		    "<table "
		    "class=\"t-na\"><thead><tr><th>%s</th><th>%s</"
		    "th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_CASE), report_l(c, L_TITLE),
		    report_l(c, L_REASON));
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i);
		const char *v = jt_str(k, "verdict");

		if (!v || strcmp(v, "skipped"))
			continue;
		report_raw(c, "<tr><td class=\"mono\">");
		report_val(c, jt_str(k, "id"));
		report_raw(c, "</td><td>");
		report_val(c, report_case_title(c, k));
		report_raw(c, "</td><td>");
		report_reason(c, jt_str(k, "reason"));
		report_raw(c, "</td></tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

/* A link's keys in words, with the profile's key beside them in Chinese
 * (what a lab looks up in the profile); other objects as they are. */
static void obj_rows(struct report_ctx *c, json_object *o, bool link)
{
	if (!o)
		return;
	json_object_object_foreach(o, key, val)
	{
		const char *words = link ? label_link_param(c->lang, key) : NULL;

		report_raw(c, "<tr><th>");
		if (words && c->lang != LANG_EN) {
			report_esc(c, words);
			report_raw(c, " <span class=\"note\">");
			report_esc(c, key);
			report_raw(c, "</span>");
		} else {
			report_esc(c, key);
		}
		report_raw(c, "</th><td>");
		report_esc(c, val ? json_object_is_type(val, json_type_string)
					? label_phrase_exact(c->lang, json_object_get_string(val))
					: json_object_to_json_string_ext(
					      val, JSON_C_TO_STRING_PLAIN)
				  : "null");
		report_raw(c, "</td></tr>\n");
	}
}

static void str_list(struct report_ctx *c, json_object *arr)
{
	size_t shown = 0;

	for (size_t i = 0; i < jt_len(arr); i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (!v || !json_object_is_type(v, json_type_string))
			continue;
		if (shown++)
			report_raw(c, ", ");
		report_esc(c, json_object_get_string(v));
	}
	if (!shown)
		report_rawf(c, "<span class=\"na\">%s</span>",
			    report_l(c, L_NONE));
}

static void exit_cell(struct report_ctx *c, bool known, double status)
{
	if (!known)
		report_val(c, NULL);
	else if (status >= 128)
		report_rawf(c, "%.0f (%s %.0f)", status, report_l(c, L_SIGNAL),
			    status - 128);
	else
		report_rawf(c, "%.0f", status);
}

/* A further link's title from the suite that declares it (when the suite
 * file is the run's), in the report's language; NULL when none says. */
static const char *link_title(const struct report_ctx *c, const char *id)
{
	for (size_t i = 0; id && i < c->nsuites; i++) {
		const struct link_def *ld = suite_find_link(c->suites[i], id);

		if (ld && ld->title)
			return c->lang == LANG_ZH && ld->title_zh ? ld->title_zh : ld->title;
	}
	return NULL;
}

/* A deviations item for a judged figure (core/mu.h) within U of its
 * limit: "CASE Within U of its limit: NAME = VALUE UNIT (U = X UNIT)". */
static void near_item(struct report_ctx *c, size_t i, json_object *k, json_object *f, bool *any);

/* The profile's links: beside the main one (a gateway beside a monitor):
 * how each was reached and what simulated it. Called inside the
 * transport table; closes it and opens the last link's. */
static void further_links(struct report_ctx *c)
{
	json_object *links = jt_arr(c->root, "links");

	for (size_t i = 0; i < jt_len(links); i++) {
		json_object *l = jt_idx_obj(links, i), *sim = jt_obj(l, "simulator");

		report_rawf(c,
			    "</table>\n<h3>%s: ", report_l(c, L_FURTHER_LINK));
		report_esc(c, jt_str(l, "id"));
		report_raw(c, "</h3>\n<table class=\"kv\">\n");
		if (link_title(c, jt_str(l, "id")))
			kv(c, L_TITLE, link_title(c, jt_str(l, "id")));
		obj_rows(c, jt_obj(l, "transport"), true);
		if (sim) {
			kv(c, L_PROGRAM, jt_str(sim, "program"));
			kv_raw_open(c, L_FAULTS);
			str_list(c, jt_arr(sim, "faults"));
			report_raw(c, "</td></tr>\n");
		}
		if (jt_str(l, "error"))
			kv(c, L_LINK_UNAVAILABLE, jt_str(l, "error"));
	}
}

/* lab.references entry of an instrument id, or NULL. */
json_object *report_lab_reference(const struct report_ctx *c, const char *id)
{
	json_object *refs = jt_arr(jt_obj(c->root, "lab"), "references");

	for (size_t i = 0; id && i < jt_len(refs); i++) {
		const char *rid = jt_str(jt_idx_obj(refs, i), "instrument");

		if (rid && !strcmp(rid, id))
			return jt_idx_obj(refs, i);
	}
	return NULL;
}

/* What ISO/IEC 17025 7.8 asks a report to state (core/labinfo.h): each
 * item, or "not stated" in grey. */
static void iso_block(struct report_ctx *c)
{
	json_object *lab = jt_obj(c->root, "lab"), *sample = jt_obj(lab, "sample"),
		    *cond = jt_obj(lab, "conditions"),
		    *rules = jt_obj(lab, "decision_rule"), *devs;
	static const char *const ckeys[] = {"temperature", "humidity", "pressure"};
	static const enum label_id clabels[] = {L_TEMPERATURE, L_HUMIDITY, L_AIR_PRESSURE};
	size_t shown = 0;

	report_rawf(c, "<h3>%s</h3>\n<table class=\"kv iso\">\n",
		    report_l(c, L_ISO_BLOCK));
	kv(c, L_CUSTOMER, jt_str(lab, "customer"));
	kv(c, L_SAMPLE_ID, jt_str(sample, "identification"));
	kv(c, L_SAMPLE_RECEIVED, jt_str(sample, "received"));
	kv(c, L_SAMPLE_CONDITION, jt_str(sample, "condition"));
	kv_raw_open(c, L_CONDITIONS);
	for (size_t i = 0; i < 3; i++)
		if (jt_str(cond, ckeys[i])) {
			report_rawf(c, "%s%s ", shown++ ? comma(c) : "",
				    report_l(c, clabels[i]));
			report_esc(c, jt_str(cond, ckeys[i]));
		}
	if (!shown)
		report_val(c, NULL);
	report_raw(c, "</td></tr>\n");
	kv_raw_open(c, L_DECISION_RULE);
	shown = 0;
	if (rules) {
		json_object_object_foreach(rules, std, rule)
		{
			json_object *rr = json_object_is_type(rule, json_type_object)
					      ? jt_obj(rules, std)
					      : NULL;
			const char *r = json_object_is_type(rule, json_type_string)
					    ? json_object_get_string(rule)
					    : jt_str(rr, "rule");
			double mult = 1;

			report_raw(c, shown++ ? "<br>" : "");
			report_esc(c, std);
			report_raw(c, colon(c));
			if (r && !strcmp(r, "guard_band")) {
				report_esc(c, report_l(c, L_RULE_GUARD_BAND));
				if (jt_num(rr, "multiple", &mult) && mult != 1)
					report_rawf(c, " (w = %g U)", mult);
			}
			else if (r && !strcmp(r, "simple"))
				report_esc(c, report_l(c, L_RULE_SIMPLE));
			else
				report_val(c, NULL);
		}
	}
	if (!shown)
		report_val(c, NULL);
	report_raw(c, "</td></tr>\n");
	kv_raw_open(c, L_METHOD_DEVIATIONS);
	devs = jt_arr(lab, "deviations");
	if (!devs)
		report_val(c, NULL);
	else if (!jt_len(devs))
		report_esc(c, report_l(c, L_NONE));
	for (size_t i = 0; i < jt_len(devs); i++) {
		json_object *v = json_object_array_get_idx(devs, i);

		report_raw(c, i ? "<br>" : "");
		report_val(c, v && json_object_is_type(v, json_type_string)
				  ? json_object_get_string(v)
				  : NULL);
	}
	report_raw(c, "</td></tr>\n</table>\n");
}

static void setup(struct report_ctx *c)
{
	json_object *dut = jt_obj(c->root, "dut"),
		    *sim = jt_obj(c->root, "simulator");
	json_object *env = jt_obj(c->root, "environment"),
		    *tool = jt_obj(c->root, "tool");
	json_object *lab = jt_obj(c->root, "lab"),
		    *inst = jt_arr(c->root, "instruments");
	double d = 0;

	h2(c, "s-setup");
	report_rawf(c, "<h3>%s</h3>\n<table class=\"kv\">\n",
		    report_l(c, L_DUT));
	kv(c, L_VENDOR, jt_str(dut, "vendor"));
	kv(c, L_MODEL, jt_str(dut, "model"));
	kv_raw_open(c, L_CATEGORY);
	report_enum(c, jt_str(dut, "category"));
	report_raw(c, "</td></tr>\n");
	kv(c, L_FIRMWARE, jt_str(dut, "firmware"));
	kv(c, L_SERIAL, jt_str(dut, "serial_number"));
	kv_raw_open(c, L_FEATURES);
	str_list(c, jt_arr(dut, "features"));
	report_rawf(c,
		    "</td></tr>\n</table>\n<h3>%s</h3>\n<table class=\"kv\">\n",
		    report_l(c, L_TRANSPORT));
	obj_rows(c, jt_obj(c->root, "transport"), true);
	further_links(c);
	report_rawf(c, "</table>\n<h3>%s</h3>\n", report_l(c, L_SIMULATOR));
	if (!sim) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_SIMULATOR));
	} else {
		bool known = jt_num(sim, "exit_status", &d);

		report_rawf(c, "<p>%s</p>\n<table class=\"kv\">\n",
			    report_l(c, L_SIMULATOR_INTRO));
		kv(c, L_PROGRAM, jt_str(sim, "program"));
		kv_raw_open(c, L_FAULTS);
		str_list(c, jt_arr(sim, "faults"));
		report_raw(c, "</td></tr>\n");
		kv(c, L_LINK, jt_str(sim, "link"));
		kv_raw_open(c, L_EXIT_STATUS);
		exit_cell(c, known, d);
		report_raw(c, "</td></tr>\n</table>\n");
	}
	report_rawf(c, "<h3>%s</h3>\n", report_l(c, L_INSTRUMENTS));
	if (!jt_len(inst)) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_INSTRUMENTS));
	} else {
		report_rawf(c,
			    "<table "
			    "class=\"t-inst\"><thead><tr><th>%s</"
			    "th><th>%s</th><th>%s</th><th>%s</th>"
			    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
			    report_l(c, L_INSTRUMENT), report_l(c, L_MODEL),
			    report_l(c, L_SERIAL), report_l(c, L_CAL_DUE),
			    report_l(c, L_CERTIFICATE), report_l(c, L_TRACEABILITY),
			    report_l(c, L_UNCERTAINTY));
		for (size_t i = 0; i < jt_len(inst); i++) {
			json_object *in = jt_idx_obj(inst, i);
			static const char *const keys[] = {
			    "name", "model", "serial_number", "calibration_due",
			    "certificate"};

			json_object *ref =
			    report_lab_reference(c, jt_str(in, "id"));

			report_raw(c, "<tr>");
			for (size_t k = 0; k < 5; k++) {
				const char *v = jt_str(in, keys[k]);

				/* the certificate as the lab states it */
				if (!v && k == 4)
					v = jt_str(ref, "certificate");
				report_raw(c, "<td>");
				report_val(c, v);
				report_raw(c, "</td>");
			}
			report_raw(c, "<td>");
			report_val(c, jt_str(ref, "traceability"));
			report_raw(c, "</td><td>");
			report_val(c, jt_str(ref, "uncertainty"));
			report_raw(c, "</td></tr>\n");
		}
		report_raw(c, "</tbody></table>\n");
	}
	iso_block(c);
	report_rawf(c, "<h3>%s</h3>\n<table class=\"kv\">\n",
		    report_l(c, L_TEST_SYSTEM));
	kv(c, L_LABORATORY, lab_name(c));
	if (lab) {
		kv(c, L_ADDRESS, jt_str(lab, "address"));
		kv(c, L_ACCREDITATION, jt_str(lab, "accreditation"));
	}
	kv(c, L_HOST, jt_str(env, "host"));
	kv(c, L_OS, jt_str(env, "os"));
	kv(c, L_TOOL_VERSION, jt_str(tool, "version"));
	kv(c, L_GIT_REVISION, jt_str(tool, "git_revision"));
	obj_rows(c, jt_obj(env, "libraries"), false);
	report_rawf(c,
		    "<tr><th>%s</th><td>carecert %s (git "
		    "%s)</td></tr>\n</table>\n",
		    report_l(c, L_RENDERED_BY), CARECERT_VERSION,
		    CARECERT_GIT_REVISION);
}

static void summary_row(struct report_ctx *c, const char *suite,
			const char *name, bool total)
{
	static const char *const vs[] = {"pass", "fail", "inconclusive",
					 "error", "skipped", "not run", "not judged"};
	json_object *cases = jt_arr(c->root, "cases");

	report_rawf(c, "<tr%s><td>", total ? " class=\"total\"" : "");
	if (total)
		report_esc(c, name);
	else
		report_val(c, name);
	report_rawf(c, "</td><td class=\"n\">%zu</td>",
		    count_verdict(cases, suite, NULL));
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++)
		report_rawf(c, "<td class=\"n\">%zu</td>",
			    count_verdict(cases, suite, vs[i]));
	report_raw(c, "</tr>\n");
}

static void summary(struct report_ctx *c)
{
	static const char *const vs[] = {"pass", "fail", "inconclusive",
					 "error", "skipped", "not run", "not judged"};
	json_object *suites = jt_arr(c->root, "suites"),
		    *cases = jt_arr(c->root, "cases");
	json_object *sum = jt_obj(c->root, "summary");
	double retry = 0, marginal = 0;
	size_t npass = 0, at;

	h2(c, "s-summary");
	report_rawf(c, "<p>%s ", report_l(c, L_OVERALL_VERDICT));
	report_verdict(c, jt_str(c->root, "verdict"));
	report_rawf(c,
		    "</p>\n<table class=\"t-sum\"><thead><tr><th>%s</th><th "
		    "class=\"n\">%s</th>",
		    report_l(c, L_SUITE), report_l(c, L_TOTAL));
	for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++)
		report_rawf(c, "<th class=\"n\">%s</th>",
			    label_verdict(c->lang, vs[i]));
	report_raw(c, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < jt_len(suites); i++) {
		const char *id = jt_str(jt_idx_obj(suites, i), "id");

		if (id)
			summary_row(c, id, id, false);
	}
	summary_row(c, NULL, report_l(c, L_TOTAL), true);
	jt_num(sum, "passed_on_retry", &retry);
	jt_num(sum, "marginal", &marginal);
	report_rawf(c, "</tbody></table>\n<p>%s: %.0f. %s: %.0f.</p>\n",
		    report_l(c, L_PASSED_ON_RETRY), retry,
		    report_l(c, L_MARGINAL), marginal);
	/* every case at a glance, linked to its details */
	report_rawf(c,
		    "<h3>%s</h3>\n<table class=\"t-all\"><thead><tr><th "
		    "class=\"n\">#</th><th>%s</th>"
		    "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_ALL_CASES), report_l(c, L_CASE),
		    report_l(c, L_TITLE), report_l(c, L_VERDICT));
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i);
		char anchor[32];

		if (!k)
			continue;
		report_case_anchor(i, anchor);
		at = c->b->len;
		report_rawf(c,
			    "<tr><td class=\"n\">%zu</td><td "
			    "class=\"mono\"><a href=\"#%s\">",
			    i + 1, anchor);
		report_val(c, jt_str(k, "id"));
		report_raw(c, "</a></td><td>");
		report_val(c, report_case_title(c, k));
		report_raw(c, "</td><td>");
		report_verdict(c, jt_str(k, "verdict"));
		report_raw(c, "</td></tr>\n");
		/* the PDF of a long run: the passes are listed in the
		 * case results */
		if (c->compact && jt_str(k, "verdict") &&
		    !strcmp(jt_str(k, "verdict"), "pass")) {
			report_edit_add(c, at, c->b->len - at);
			npass++;
		}
	}
	report_raw(c, "</tbody></table>\n");
	if (c->compact && npass) {
		size_t e = report_edit_add(c, c->b->len, 0);
		struct buf *main = c->b;

		c->b = c->side;
		bool zh = c->lang == LANG_ZH;

		report_rawf(c, "<p class=\"note\">%s%s%zu%s<a href=\"#s-cases\">%s</a>%s</p>\n",
			    report_l(c, L_PASSED_COMPACT), colon(c), npass,
			    zh ? "（" : " (", report_l(c, L_SEC_CASES), zh ? "）" : ")");
		c->b = main;
		if (e < c->nedits)
			c->edits[e].ins_len = c->side->len - c->edits[e].ins_off;
	}
}

static void item_open(struct report_ctx *c, bool *any)
{
	report_raw(c, *any ? "<li>" : "<ul>\n<li>");
	*any = true;
}

static void case_link(struct report_ctx *c, size_t i, json_object *k)
{
	char anchor[32];

	report_case_anchor(i, anchor);
	report_rawf(c, "<a class=\"mono\" href=\"#%s\">", anchor);
	report_val(c, jt_str(k, "id"));
	report_raw(c, "</a>");
}

static void near_item(struct report_ctx *c, size_t i, json_object *k, json_object *f, bool *any)
{
	json_object *nl;
	char num[32];
	double v;

	if (!f || !json_object_object_get_ex(f, "near_limit", &nl) ||
	    !json_object_is_type(nl, json_type_boolean) || !json_object_get_boolean(nl))
		return;
	item_open(c, any);
	case_link(c, i, k);
	report_rawf(c, " %s%s", report_l(c, L_MU_NEAR_ITEM), colon(c));
	report_phrase(c, jt_str(f, "name"));
	report_fmt_qty(jt_num(f, "value", &v) ? v : NAN, jt_str(f, "unit"), true, num);
	report_rawf(c, " = %s ", num);
	report_esc(c, jt_str(f, "unit"));
	report_fmt_qty(jt_num(f, "U", &v) ? v : NAN, jt_str(f, "unit"), true, num);
	report_rawf(c, " (U = %s ", num);
	report_esc(c, jt_str(f, "unit"));
	report_raw(c, ")</li>\n");
}

static const char *input_state_label(struct report_ctx *c,
				     enum report_file_state s)
{
	switch (s) {
	case REPORT_FILE_OK:
		return report_l(c, L_FILE_OK);
	case REPORT_FILE_CHANGED:
		return report_l(c, L_FILE_CHANGED);
	case REPORT_FILE_MISSING:
		return report_l(c, L_FILE_MISSING);
	case REPORT_FILE_ABSENT:
		break;
	}
	return report_l(c, L_NOT_STATED);
}

static void deviations(struct report_ctx *c)
{
	json_object *cases = jt_arr(c->root, "cases"),
		    *sim = jt_obj(c->root, "simulator");
	json_object *tool = jt_obj(c->root, "tool");
	const char *status = jt_str(c->root, "status"),
		   *rev = jt_str(tool, "git_revision");
	bool any = false;

	h2(c, "s-deviations");
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_DEVIATIONS_INTRO));
	if (!status || strcmp(status, "complete")) {
		item_open(c, &any);
		report_rawf(c, "%s ", report_l(c, L_INCOMPLETE_RUN));
		report_val(c, jt_str(c->root, "abort_reason"));
		report_raw(c, "</li>\n");
	}
	if (partial_scope(c)) {
		item_open(c, &any);
		report_rawf(c, "%s ", report_l(c, L_PARTIAL_RUN));
		selection_count(c);
		report_raw(c, "</li>\n");
	}
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i),
			    *ms = jt_arr(k, "measurements");
		const char *v = jt_str(k, "verdict");
		double att = 0;

		if (v && (!strcmp(v, "fail") || !strcmp(v, "inconclusive") ||
			  !strcmp(v, "error") || !strcmp(v, "not run") ||
			  !strcmp(v, "not judged"))) {
			item_open(c, &any);
			case_link(c, i, k);
			report_raw(c, " ");
			report_verdict(c, v);
			report_raw(c, " ");
			report_reason(c, jt_str(k, "reason"));
			report_raw(c, "</li>\n");
		} else if (v && !strcmp(v, "pass") &&
			   jt_num(k, "attempt", &att) && att > 1) {
			item_open(c, &any);
			case_link(c, i, k);
			report_rawf(c, " %s: ", report_l(c, L_PASSED_ON_RETRY));
			report_reason(c, jt_str(k, "reason"));
			report_raw(c, "</li>\n");
		}
		for (size_t m = 0; m < jt_len(ms); m++)
			near_item(c, i, k, jt_obj(jt_idx_obj(ms, m), "uncertainty"), &any);
		for (size_t a = 0; a < jt_len(jt_arr(k, "accuracy")); a++) {
			json_object *figs = jt_arr(jt_idx_obj(jt_arr(k, "accuracy"), a), "figures");

			for (size_t f = 0; f < jt_len(figs); f++)
				near_item(c, i, k, jt_idx_obj(figs, f), &any);
		}
		for (size_t m = 0; m < jt_len(ms); m++) {
			json_object *me = jt_idx_obj(ms, m), *mg;
			double val;
			char num[32];

			if (!me ||
			    !json_object_object_get_ex(me, "marginal", &mg) ||
			    !json_object_is_type(mg, json_type_boolean) ||
			    !json_object_get_boolean(mg))
				continue;
			item_open(c, &any);
			case_link(c, i, k);
			report_rawf(c, " %s: ", report_l(c, L_MARGINAL));
			report_phrase(c, jt_str(me, "name"));
			report_fmt_qty(jt_num(me, "value", &val) ? val : NAN,
				       jt_str(me, "unit"), false, num);
			report_rawf(c, " = %s ", num);
			report_esc(c, jt_str(me, "unit"));
			report_raw(c, "</li>\n");
		}
	}
	if (sim && jt_len(jt_arr(sim, "faults"))) {
		item_open(c, &any);
		report_rawf(c, "%s: ", report_l(c, L_FAULTS_INJECTED));
		str_list(c, jt_arr(sim, "faults"));
		report_raw(c, "</li>\n");
	}
	if (rev && strstr(rev, "-dirty")) {
		item_open(c, &any);
		report_rawf(c, "%s (git %s)</li>\n", report_l(c, L_DIRTY_TOOL),
			    rev);
	}
	if (c->tlog_state == REPORT_FILE_CHANGED ||
	    c->tlog_state == REPORT_FILE_MISSING) {
		item_open(c, &any);
		report_rawf(c, "%s: %s</li>\n", report_l(c, L_TRAFFIC_LOG),
			    input_state_label(c, c->tlog_state));
	}
	if (any)
		report_raw(c, "</ul>\n");
	else
		report_rawf(c, "<p><strong>%s</strong></p>\n",
			    report_l(c, L_NO_DEVIATIONS));
}

static void security(struct report_ctx *c)
{
	json_object *cases = jt_arr(c->root, "cases");
	size_t n = 0;

	h2(c, "s-security");
	for (size_t i = 0; i < jt_len(cases); i++)
		n += report_is_security_case(jt_idx_obj(cases, i));
	report_rawf(c, "<p>%s</p>\n", report_l(c, L_SECURITY_INTRO));
	if (!n) {
		report_rawf(c, "<p>%s</p>\n", report_l(c, L_NO_SECURITY_CASES));
		return;
	}
	report_rawf(c,
		    "<table "
		    "class=\"t-sec\"><thead><tr><th>%s</th><th>%s</"
		    "th><th>%s</th><th>%s</th>"
		    "</tr></thead><tbody>\n",
		    report_l(c, L_CASE), report_l(c, L_TITLE),
		    report_l(c, L_VERDICT), report_l(c, L_FINDING));
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i);
		const char *v = jt_str(k, "verdict"),
			   *reason = jt_str(k, "reason");

		if (!report_is_security_case(k))
			continue;
		report_raw(c, "<tr><td>");
		case_link(c, i, k);
		report_raw(c, "</td><td>");
		report_val(c, report_case_title(c, k));
		report_raw(c, "</td><td>");
		report_verdict(c, v);
		report_raw(c, "</td><td>");
		if (v && !strcmp(v, "pass") && (!reason || !*reason))
			report_esc(c, report_l(c, L_REQUIREMENT_MET));
		else
			report_reason(c, reason);
		report_raw(c, "</td></tr>\n");
	}
	report_raw(c, "</tbody></table>\n");
}

static void trace_row(struct report_ctx *c, const char *role, const char *path,
		      const char *sha, enum report_file_state st)
{
	report_raw(c, "<tr><td>");
	report_esc(c, role);
	report_raw(c, "</td><td class=\"mono\">");
	report_val(c, path);
	report_raw(c, "</td><td class=\"hash\">");
	report_val(c, sha);
	report_raw(c, "</td><td>");
	report_esc(c, input_state_label(c, st));
	report_raw(c, "</td></tr>\n");
}

/* A file inside the run folder, named by the record. */
static enum report_file_state run_file_state(struct report_ctx *c,
					     const char *file, const char *sha)
{
	char path[PATH_MAX];

	if (!file || strstr(file, ".."))
		return REPORT_FILE_ABSENT;
	snprintf(path, sizeof(path), "%s/%s", c->o->run_dir, file);
	return file_state(path, sha);
}

static void traceability(struct report_ctx *c)
{
	json_object *prof = jt_obj(c->root, "profile"),
		    *suites = jt_arr(c->root, "suites");
	json_object *tl = jt_obj(c->root, "traffic_log"),
		    *cap = jt_obj(c->root, "capture");
	json_object *cases = jt_arr(c->root, "cases");

	h2(c, "s-trace");
	report_rawf(c,
		    "<p>%s</p>\n<table "
		    "class=\"t-trace\"><thead><tr><th>%s</"
		    "th><th>%s</th><th>SHA-256</th>"
		    "<th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_TRACE_INTRO), report_l(c, L_ROLE),
		    report_l(c, L_FILE), report_l(c, L_CHECKED_NOW));
	trace_row(c, report_l(c, L_RESULT_RECORD), RECORD_FILE, c->record_sha,
		  REPORT_FILE_OK);
	trace_row(c, report_l(c, L_PROFILE), jt_str(prof, "path"),
		  jt_str(prof, "sha256"),
		  file_state(jt_str(prof, "path"), jt_str(prof, "sha256")));
	for (size_t i = 0; i < jt_len(suites); i++) {
		json_object *s = jt_idx_obj(suites, i);

		trace_row(c, report_l(c, L_SUITE), jt_str(s, "path"),
			  jt_str(s, "sha256"),
			  file_state(jt_str(s, "path"), jt_str(s, "sha256")));
	}
	trace_row(c, report_l(c, L_TRAFFIC_LOG), jt_str(tl, "file"),
		  jt_str(tl, "sha256"), c->tlog_state);
	if (cap)
		trace_row(c, report_l(c, L_CAPTURE), jt_str(cap, "file"),
			  jt_str(cap, "sha256"),
			  run_file_state(c, jt_str(cap, "file"),
					 jt_str(cap, "sha256")));
	/* fixtures an accuracy evaluation read (docs/report.md) */
	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *k = jt_idx_obj(cases, i), *acc, *one;

		if (!k || !json_object_object_get_ex(k, "accuracy", &acc))
			continue;
		for (size_t e = 0;
		     e < (json_object_is_type(acc, json_type_array)
			      ? jt_len(acc)
			      : 1);
		     e++) {
			json_object *src;
			const char *file, *sha;

			one = json_object_is_type(acc, json_type_array)
				  ? jt_idx_obj(acc, e)
			      : json_object_is_type(acc, json_type_object)
				  ? acc
				  : NULL;
			src = jt_obj(one, "source");
			file = jt_str(src, "file");
			sha = jt_str(src, "sha256");
			if (file)
				trace_row(c, report_l(c, L_FIXTURE), file, sha,
					  file_state(file, sha) ==
						  REPORT_FILE_MISSING
					      ? run_file_state(c, file, sha)
					      : file_state(file, sha));
		}
	}
	report_rawf(c, "</tbody></table>\n<p class=\"note\">%s</p>\n",
		    report_l(c, L_TRACE_NOTE));
}

/* The seal already on the run folder, if any: its key fingerprint. */
static void existing_seal(struct report_ctx *c, char fpr[SHA256_HEX_LEN + 1])
{
	char path[PATH_MAX], *text, *p;

	fpr[0] = 0;
	snprintf(path, sizeof(path), "%s/%s", c->o->run_dir, SIGN_SIGNATURE);
	if (read_file(path, &text, NULL))
		return;
	p = strstr(text, "\nkey-sha256: ");
	if (p && strlen(p) >= 13 + SHA256_HEX_LEN)
		snprintf(fpr, SHA256_HEX_LEN + 1, "%.64s", p + 13);
	free(text);
}

static void approval(struct report_ctx *c)
{
	static const enum label_id roles[] = {L_TESTED_BY, L_REVIEWED_BY,
					      L_APPROVED_BY};
	char fpr[SHA256_HEX_LEN + 1];

	report_raw(c, "<div class=\"approval\">\n");
	h2(c, "s-approval");
	/* opinions and interpretations: the lab's, apart from the results
	 * (ISO/IEC 17025 7.8.7) */
	report_rawf(c, "<h3>%s</h3>\n<p class=\"note\">%s</p>\n<p>",
		    report_l(c, L_OPINIONS), report_l(c, L_OPINIONS_NOTE));
	report_val(c, jt_str(jt_obj(c->root, "lab"), "opinions"));
	report_raw(c, "</p>\n");
	report_rawf(c,
		    "<p>%s</p>\n<table class=\"sig "
		    "t-sig\"><thead><tr><th></th><th>%s</th>"
		    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
		    report_l(c, L_RESULTS_RELATE), report_l(c, L_NAME),
		    report_l(c, L_FUNCTION), report_l(c, L_DATE),
		    report_l(c, L_SIGNATURE));
	for (size_t i = 0; i < 3; i++)
		report_rawf(c,
			    "<tr><th>%s</th><td></td><td></td><td></"
			    "td><td></td></tr>\n",
			    report_l(c, roles[i]));
	report_rawf(c,
		    "</tbody></table>\n<h3>%s</h3>\n<p>%s</p>\n<pre>carecert "
		    "sign RUN_DIR --key LAB.key\n"
		    "carecert verify RUN_DIR --pubkey LAB.key.pub</pre>\n",
		    report_l(c, L_ELECTRONIC_SEAL), report_l(c, L_SEAL_TEXT));
	existing_seal(c, fpr);
	if (fpr[0])
		report_rawf(
		    c,
		    "<p class=\"note\">%s <span class=\"hash\">%s</span></p>\n",
		    report_l(c, L_SEALED_BEFORE), fpr);
	report_raw(c, "</div>\n");
}

static int document(struct report_ctx *c)
{
	const char *lang = c->lang == LANG_ZH ? "zh-Hans" : "en";
	json_object *dut = jt_obj(c->root, "dut");
	int rc;

	report_rawf(
	    c,
	    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n"
	    "<meta name=\"generator\" content=\"carecert %s\">\n<title>",
	    lang, CARECERT_VERSION);
	report_rawf(c, "%s: ", report_l(c, L_REPORT_TITLE));
	report_esc(c, jt_str(dut, "vendor"));
	report_raw(c, " ");
	report_esc(c, jt_str(dut, "model"));
	report_raw(c, "</title>\n<style>\n");
	report_raw(c, css);
	page_css(c);
	report_raw(c, "</style>\n</head>\n<body>\n");
	cover(c);
	toc(c);
	scope(c);
	setup(c);
	summary(c);
	deviations(c);
	security(c);
	report_web(c, secnum("s-web"));
	report_measurements(c, secnum("s-measurements"));
	/* a plot that cannot be drawn or written ends the document too */
	if ((rc = report_timing(c, secnum("s-timing"))) ||
	    (rc = report_accuracy(c, secnum("s-accuracy"))))
		return rc;
	report_cases(c, secnum("s-cases"));
	traceability(c);
	approval(c);
	report_raw(c, "</body>\n</html>\n");
	return report_err(c);
}

size_t report_edit_add(struct report_ctx *c, size_t at, size_t del)
{
	if (c->nedits == c->edits_cap) {
		size_t cap = c->edits_cap ? c->edits_cap * 2 : 64;
		struct report_edit *e = realloc(c->edits, cap * sizeof(*e));

		if (!e) {
			if (!c->out_err)
				c->out_err = CC_ENOMEM;
			return (size_t)-1;
		}
		c->edits = e;
		c->edits_cap = cap;
	}
	c->edits[c->nedits] = (struct report_edit){
	    .at = at, .del = del, .ins_off = c->side->len, .ins_len = 0};
	return c->nedits++;
}

/* The PDF's variant of the document: b with the edits applied, streamed
 * to path (edits are in the order of their positions). */
static int write_variant(struct report_ctx *c, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t pos = 0;
	bool ok;

	if (!f) {
		snprintf(c->err, sizeof(c->err), "cannot write %s: %s", path,
			 strerror(errno));
		return CC_EIO;
	}
	for (size_t i = 0; i < c->nedits; i++) {
		const struct report_edit *e = &c->edits[i];

		fwrite(c->b->data + pos, 1, e->at - pos, f);
		fwrite(c->side->data + e->ins_off, 1, e->ins_len, f);
		pos = e->at + e->del;
	}
	fwrite(c->b->data + pos, 1, c->b->len - pos, f);
	ok = !ferror(f);
	if (fclose(f) || !ok) {
		snprintf(c->err, sizeof(c->err), "cannot write %s", path);
		unlink(path);
		return CC_EIO;
	}
	return CC_OK;
}

/* report.pdf from the HTML at html_path, through WeasyPrint, written
 * atomically. */
static int pdf_weasyprint(struct report_ctx *c, const char *html_path,
			  const char *pdf_path)
{
	char tmp[PATH_MAX + 64];
	const char *argv[] = {
	    "weasyprint", "--quiet", "--encoding", "utf-8", "--media-type",
	    "print",	  html_path, tmp,	   NULL};
	struct buf errout;
	struct extool_job job = {.argv = argv,
				 .errout = &errout,
				 .timeout_ms = REPORT_PDF_TIMEOUT_MS};
	int rc, status;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld.pdf", pdf_path, (long)getpid());
	buf_init(&errout, 4096);
	rc = extool_run(&job, &status);
	if (rc == CC_ENOTFOUND) {
		snprintf(c->err, sizeof(c->err),
			 "weasyprint not found: install it, or use "
			 "--pdf-engine chromium");
	} else if (rc) {
		snprintf(c->err, sizeof(c->err), "weasyprint: %s",
			 cc_strerror(rc));
		rc = CC_EIO;
	} else if (status) {
		snprintf(c->err, sizeof(c->err),
			 "weasyprint failed (status %d): %.300s", status,
			 buf_str(&errout));
		rc = CC_EIO;
	} else if (rename(tmp, pdf_path)) {
		snprintf(c->err, sizeof(c->err), "cannot write %s: %s",
			 pdf_path, strerror(errno));
		rc = CC_EIO;
	}
	if (rc)
		unlink(tmp);
	buf_release(&errout);
	return rc;
}

int report_pdf_engine_parse(const char *s, enum report_pdf_engine *out)
{
	if (s && !strcmp(s, "chromium"))
		*out = REPORT_PDF_CHROMIUM;
	else if (s && !strcmp(s, "weasyprint"))
		*out = REPORT_PDF_WEASYPRINT;
	else
		return CC_EINVAL;
	return CC_OK;
}

/* The browser that prints: $CARECERT_CHROMIUM, else Debian's headless
 * shell when installed, else chromium. The shell is the same Chromium
 * (Blink lays out, Skia writes the PDF: the same pages, tags and
 * outline) without the full browser's window, toolbar and profile
 * services: the serial demo's Chinese report in 0.9-1.0 s against
 * 1.4-1.6 s (docs/report.md). */
static const char *chromium_exe(void)
{
	const char *exe = getenv("CARECERT_CHROMIUM");

	if (exe && *exe)
		return exe;
	return extool_exists(REPORT_HEADLESS_SHELL) ? REPORT_HEADLESS_SHELL
						     : "chromium";
}

/* A browser that could not start: CC_ENOTFOUND and a hint. */
static int start_failed(int rc, char *err, size_t errlen)
{
	if (rc == CC_ECLOSED || rc == CC_ESYS) {
		size_t n = strlen(err);

		snprintf(err + n, errlen - n,
			 " (is %s installed? make deps; or --pdf-engine "
			 "weasyprint)",
			 chromium_exe());
		return CC_ENOTFOUND;
	}
	return rc;
}

int report_browser_start(struct browser **out, char *err, size_t errlen)
{
	struct browser_opts bo = {.exe = chromium_exe()};

	return start_failed(browser_launch(&bo,
					   mono_now_ns() +
					       REPORT_BROWSER_START_S * NSEC_PER_SEC,
					   out, err, errlen),
			    err, errlen);
}

/* Wait until a launched browser is ready (at once if it already was). */
static int browser_ready(struct browser *b, char *err, size_t errlen)
{
	return start_failed(
	    browser_connect(b,
			    mono_now_ns() + REPORT_BROWSER_START_S * NSEC_PER_SEC,
			    err, errlen),
	    err, errlen);
}

void report_browser_stop(struct browser *b)
{
	browser_stop(b);
}

static int pdf_chromium(struct report_ctx *c, const char *html_path,
			const char *pdf_path)
{
	struct browser *b = c->o->browser;
	int64_t dl = mono_now_ns() + (int64_t)REPORT_PDF_TIMEOUT_MS * 1000000;
	char e[400];
	int rc = CC_OK;

	if ((!b && (rc = report_browser_start(&b, e, sizeof(e)))) ||
	    (rc = browser_ready(b, e, sizeof(e)))) {
		snprintf(c->err, sizeof(c->err), "chromium: %s", e);
		if (!c->o->browser)
			browser_stop(b);
		return rc == CC_ENOTFOUND ? rc : CC_EIO;
	}
	if ((rc = chrome_load_file(b, html_path, dl, e, sizeof(e))) ||
	    (rc = chrome_print_pdf(b, pdf_path, dl, e, sizeof(e)))) {
		snprintf(c->err, sizeof(c->err), "chromium: %s", e);
		rc = CC_EIO;
	}
	if (!c->o->browser)
		browser_stop(b);
	return rc;
}

/* report.pdf: from report.html itself, or from the compact variant of a
 * long run (written beside it, removed after). */
static int write_pdf(struct report_ctx *c, const char *html_path,
		     char *pdf_path, size_t len)
{
	char variant[PATH_MAX];
	const char *src = html_path;
	int rc;

	snprintf(pdf_path, len, "%s/report%s.pdf", c->out_dir, c->suffix);
	if (c->compact) {
		snprintf(variant, sizeof(variant), "%s/.report%s.print.%ld.html",
			 c->out_dir, c->suffix, (long)getpid());
		if ((rc = write_variant(c, variant)))
			return rc;
		src = variant;
	}
	rc = c->o->engine == REPORT_PDF_WEASYPRINT
		 ? pdf_weasyprint(c, src, pdf_path)
		 : pdf_chromium(c, src, pdf_path);
	if (src != html_path)
		unlink(src);
	return rc;
}

static time_t issue_date(const struct report_opts *o)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (o->issued)
		return o->issued;
	/* reproducible builds' convention, so that a test can pin the date */
	if (sde && *sde && strspn(sde, "0123456789") == strlen(sde))
		return (time_t)strtoll(sde, NULL, 10);
	return time(NULL);
}

int report_render(const struct report_opts *opts, struct report_files *files,
		  char *err, size_t errlen)
{
	struct report_opts o = *opts;
	struct report_ctx c = {.o = &o, .lang = o.lang};
	char path[PATH_MAX], rerr[256];
	struct record *r;
	struct buf b, side;
	int rc;

	memset(files, 0, sizeof(*files));
	o.issued = issue_date(opts);
	c.suffix = o.lang == LANG_ZH ? "-zh" : "";
	snprintf(c.out_dir, sizeof(c.out_dir), "%s",
		 o.out_dir ? o.out_dir : o.run_dir);
	snprintf(path, sizeof(path), "%s/%s", o.run_dir, RECORD_FILE);
	if (!(r = record_load(path, rerr, sizeof(rerr)))) {
		snprintf(err, errlen, "%s: %s", path, rerr);
		return CC_EINVAL;
	}
	c.root = record_json(r);
	{
		json_object *lab = jt_obj(c.root, "lab"), *cv;
		char miss[1024];

		/* a run meant for certification renders only whole */
		if (lab && json_object_object_get_ex(lab, "certification", &cv) &&
		    json_object_is_type(cv, json_type_boolean) &&
		    json_object_get_boolean(cv) &&
		    labinfo_missing(lab, jt_arr(c.root, "instruments"), miss,
				    sizeof(miss))) {
			snprintf(err, errlen,
				 "%s: lab.certification is true, and the report "
				 "would not state: %s (set them in the profile's lab:)",
				 path, miss);
			record_free(r);
			return CC_EINVAL;
		}
	}
	if (sha256_file(path, c.record_sha)) {
		snprintf(err, errlen, "%s: cannot read", path);
		record_free(r);
		return CC_EIO;
	}
	plot_pdf_date(jt_str(c.root, "end") ? jt_str(c.root, "end")
						 : jt_str(c.root, "start"),
		      c.pdf_date);
	snprintf(path, sizeof(path), "%s/plots", c.out_dir);
	if (mkdir_p(path)) {
		snprintf(err, errlen, "cannot create %s: %s", path,
			 strerror(errno));
		record_free(r);
		return CC_EIO;
	}
	load_traffic_log(&c);
	load_suites(&c);
	buf_init(&b, o.max_html ? o.max_html : BUF_MAX_TEXT * 4);
	buf_init(&side, o.max_html ? o.max_html : BUF_MAX_TEXT * 4);
	c.b = &b;
	c.side = &side;
	c.compact = o.pdf && jt_len(jt_arr(c.root, "cases")) >
				 (o.pdf_full_max ? o.pdf_full_max
						 : REPORT_PDF_FULL_MAX);
	rc = document(&c);
	if (rc && !c.err[0])
		snprintf(c.err, sizeof(c.err), "report: %s", cc_strerror(rc));
	snprintf(files->html, sizeof(files->html), "%s/report%s.html",
		 c.out_dir, c.suffix);
	if (!rc && (rc = atomic_write_file(files->html, b.data, b.len)))
		snprintf(c.err, sizeof(c.err), "cannot write %s: %s",
			 files->html, strerror(errno));
	if (!rc && o.pdf)
		rc = write_pdf(&c, files->html, files->pdf, sizeof(files->pdf));
	files->nplots = c.nplots;
	if (rc)
		snprintf(err, errlen, "%s", c.err);
	buf_release(&b);
	buf_release(&side);
	free(c.edits);
	frames_free(&c);
	for (size_t i = 0; i < c.nsuites; i++)
		suite_free(c.suites[i]);
	free(c.suites);
	record_free(r);
	return rc;
}
