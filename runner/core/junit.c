/* SPDX-License-Identifier: MIT */
#include "core/junit.h"
#include "base/buf.h"
#include "base/redact.h"
#include "base/err.h"
#include "base/fileio.h"

#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

/* Like jstr, but "" for a missing member: for text output. */
static const char *jtext(json_object *o, const char *key)
{
	const char *s = jstr(o, key);

	return s ? s : "";
}

static double jnum(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	return json_object_get_double(v);
}

/* A count or line number from a record read back from disk: one out of
 * int's range (a damaged record: 1.8e19) or not a number is 0. */
static int jint(json_object *o, const char *key)
{
	double d = jnum(o, key);

	return d >= INT_MIN && d <= INT_MAX ? (int)d : 0;
}

static json_object *jget(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* A member that is an array, else NULL: a record read back may be damaged,
 * and json-c's array functions assert on anything else. */
static json_object *jarr(json_object *o, const char *key)
{
	json_object *v = jget(o, key);

	return json_object_is_type(v, json_type_array) ? v : NULL;
}

/* XML 1.0 forbids most control characters even escaped: replace them,
 * and bytes that are not valid UTF-8, so the file is always well-formed. */
static char *xml_clean(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *out = malloc(n + 1);
	size_t k = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
			   : (c >> 3) == 30 ? 4 : 0;
		bool ok = len && i + len <= n;

		for (size_t j = 1; ok && j < len; j++)
			ok = ((unsigned char)s[i + j] >> 6) == 2;
		if (ok && len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			ok = false;
		if (ok && len == 1 && c == 0x7F)
			ok = false;
		if (!ok) {
			out[k++] = '?';
			i++;
			continue;
		}
		memcpy(out + k, s + i, len);
		k += len;
		i += len;
	}
	out[k] = 0;
	return out;
}

static int attr(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *clean = xml_clean(value ? value : "");
	int rc;

	if (!clean)
		return -1;
	rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST clean);
	free(clean);
	return rc;
}

static int attrf(xmlTextWriterPtr w, const char *name, const char *fmt, double v)
{
	char tmp[64];

	snprintf(tmp, sizeof(tmp), fmt, v);
	return attr(w, name, tmp);
}

static int text(xmlTextWriterPtr w, const char *s)
{
	char *clean = xml_clean(s);
	int rc;

	if (!clean)
		return -1;
	rc = xmlTextWriterWriteString(w, BAD_CAST clean);
	free(clean);
	return rc;
}

static int property(xmlTextWriterPtr w, const char *name, const char *value)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "property") < 0 ||
	    attr(w, "name", name) < 0 || attr(w, "value", value ? value : "") < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

const char junit_dialect_names[] = "ant, jenkins, gitlab, surefire";

int junit_dialect_parse(const char *name, enum junit_dialect *d)
{
	static const struct {
		const char *name;
		enum junit_dialect d;
	} names[] = {
		{ "ant", JUNIT_ANT },
		{ "jenkins", JUNIT_JENKINS },
		{ "gitlab", JUNIT_JENKINS },
		{ "surefire", JUNIT_SUREFIRE },
	};

	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name)) {
			*d = names[i].d;
			return CC_OK;
		}
	return CC_EINVAL;
}

/* A field of evidence quoted at most this long; a frame at most this. */
#define JUNIT_MAX_FIELD 1024u
#define JUNIT_MAX_FRAME_QUOTE 512u
/* Frames quoted per evidence item, and read from a traffic log at most. */
#define JUNIT_FRAMES_PER_ITEM 4u
#define JUNIT_MAX_FRAMES 65536u

/* Bytes of s that fit in max without cutting a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* Capped text: what passes the cap is dropped and a note says so, so a
 * device that answers with megabytes cannot make the file huge. */
struct ctext {
	struct buf b;
	bool cut, noted;
};

static void ct_init(struct ctext *t)
{
	buf_init(&t->b, JUNIT_MAX_CASE_TEXT + 256);
	t->cut = t->noted = false;
}

static void ct_add(struct ctext *t, const char *s)
{
	size_t room, n;

	if (t->cut)
		return;
	room = t->b.len < JUNIT_MAX_CASE_TEXT ? JUNIT_MAX_CASE_TEXT - t->b.len : 0;
	n = utf8_prefix(s, room);
	if (buf_append(&t->b, s, n) || n < strlen(s))
		t->cut = true;
}

__attribute__((format(printf, 2, 3)))
static void ct_addf(struct ctext *t, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1))) {
		t->cut = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ct_add(t, s);
	free(s);
}

/* The text, with the note when it was cut (once). Owned by t. */
static const char *ct_str(struct ctext *t)
{
	/* the note fits in the 256 bytes kept above the cap */
	if (t->cut && !t->noted)
		t->noted = !buf_appendf(&t->b, "\n[cut at %u bytes: the whole evidence is in result.json]\n",
					JUNIT_MAX_CASE_TEXT);
	return buf_str(&t->b);
}

/* A message attribute (a reason: one line, partly the device's words) at
 * most 2 * JUNIT_MAX_FIELD bytes, "…" after. */
static int attr_cut(xmlTextWriterPtr w, const char *name, const char *value)
{
	size_t n;
	char *s;
	int rc;

	if (!value || strlen(value) <= 2 * JUNIT_MAX_FIELD)
		return attr(w, name, value);
	n = utf8_prefix(value, 2 * JUNIT_MAX_FIELD);
	if (!(s = malloc(n + sizeof("…"))))
		return -1;
	memcpy(s, value, n);
	memcpy(s + n, "…", sizeof("…"));
	rc = attr(w, name, s);
	free(s);
	return rc;
}

/* A field quoted on one line: at most JUNIT_MAX_FIELD bytes, "…" after. */
static void ct_field(struct ctext *t, const char *label, const char *s)
{
	size_t n = utf8_prefix(s, JUNIT_MAX_FIELD);

	ct_addf(t, "  %s: %.*s%s\n", label, (int)n, s, s[n] ? "…" : "");
}

/* Frames of the traffic log that evidence cites, by seq: "rx $ID,…*0F\r\n". */
struct frame {
	long long seq;
	char *quote; /* NULL: not found in the log */
};

struct frames {
	struct frame *v;
	size_t n;
	char *const *secrets; /* masked in quotes; may be NULL */
};

static int frame_cmp(const void *a, const void *b)
{
	long long x = ((const struct frame *)a)->seq, y = ((const struct frame *)b)->seq;

	return (x > y) - (x < y);
}

/* The frames evidence items cite: the non-pass ones, or only the passes. */
static void frames_want(struct frames *f, size_t cap, json_object *ev, bool passes)
{
	for (size_t i = 0; ev && i < json_object_array_length(ev); i++) {
		json_object *e = json_object_array_get_idx(ev, i);
		json_object *fr = jarr(e, "frames");
		const char *v = jstr(e, "verdict");

		if (!v || passes != !strcmp(v, "pass"))
			continue;

		for (size_t k = 0; fr && k < json_object_array_length(fr) && f->n < cap; k++) {
			json_object *s = json_object_array_get_idx(fr, k);

			if (json_object_is_type(s, json_type_int))
				f->v[f->n++] = (struct frame){ .seq = json_object_get_int64(s) };
		}
	}
}

/* Bytes shown as text: printable ASCII and UTF-8 as they are, CR, LF,
 * tab as \r \n \t, other bytes \xNN; at most JUNIT_MAX_FRAME_QUOTE. */
static char *quote_bytes(const char *dir, const char *s)
{
	struct buf b;
	size_t n = utf8_prefix(s, JUNIT_MAX_FRAME_QUOTE);
	int rc;

	buf_init(&b, 8 * JUNIT_MAX_FRAME_QUOTE);
	rc = buf_appendf(&b, "%s ", dir);
	for (size_t i = 0; i < n && !rc; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r')
			rc = buf_append_str(&b, "\\r");
		else if (c == '\n')
			rc = buf_append_str(&b, "\\n");
		else if (c == '\t')
			rc = buf_append_str(&b, "\\t");
		else if (c < 0x20 || c == 0x7F || c == '\\')
			rc = c == '\\' ? buf_append_str(&b, "\\\\") : buf_appendf(&b, "\\x%02x", c);
		else
			rc = buf_append(&b, &s[i], 1);
	}
	if (!rc && s[n])
		rc = buf_append_str(&b, "…");
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* The quote of one traffic-log line: a frame's text (or hex), or an
 * event and its detail. The log keeps frames raw: a quote goes to CI, so
 * credentials (Authorization and cookie headers, JSON and form fields
 * named like a secret) and the profile's secret values are masked first. */
static char *frame_quote(json_object *line, char *const *secrets)
{
	const char *dir = jtext(line, "dir"), *s = jstr(line, "text");
	struct buf masked;
	char *q;

	if (!strcmp(dir, "event")) {
		char tmp[JUNIT_MAX_FRAME_QUOTE + 64];

		snprintf(tmp, sizeof(tmp), "%.60s %.*s", jtext(line, "event"),
			 (int)utf8_prefix(jtext(line, "detail"), JUNIT_MAX_FRAME_QUOTE),
			 jtext(line, "detail"));
		return quote_bytes("event", tmp);
	}
	if (!s)
		return quote_bytes(dir, jtext(line, "hex"));
	buf_init(&masked, BUF_MAX_TEXT);
	/* a masked copy or none: never the raw text */
	q = redact_bytes((const uint8_t *)s, strlen(s), secrets, true, &masked)
		    ? NULL : quote_bytes(dir, buf_str(&masked));
	buf_release(&masked);
	return q;
}

/* Read the frames the cases' evidence cites from the run's traffic log:
 * those of the decisions that did not pass first (every dialect prints
 * them), then, when passes is set, those of the passes, up to
 * JUNIT_MAX_FRAMES. A log that is missing or damaged leaves them cited by
 * number. */
static void frames_load(struct frames *f, json_object *root, const char *run_dir,
			bool passes)
{
	json_object *cases = jarr(root, "cases");
	const char *file = jstr(jget(root, "traffic_log"), "file");
	char path[4096], *line = NULL;
	size_t cap = 0, n = 0;
	FILE *in;

	f->v = NULL;
	f->n = 0;
	/* the log is a file of the run folder: a name, never a path */
	if (!run_dir || !cases || !file || !file[0] || strchr(file, '/') || file[0] == '.')
		return;
	if (!(f->v = calloc(JUNIT_MAX_FRAMES, sizeof(*f->v))))
		return;
	for (int pass = 0; pass <= (int)passes; pass++) {
		for (size_t i = 0; i < json_object_array_length(cases); i++) {
			json_object *c = json_object_array_get_idx(cases, i);
			json_object *prev = jarr(c, "previous_attempts");

			frames_want(f, JUNIT_MAX_FRAMES, jarr(c, "evidence"), pass);
			for (size_t k = 0; prev && k < json_object_array_length(prev); k++)
				frames_want(f, JUNIT_MAX_FRAMES,
					    jarr(json_object_array_get_idx(prev, k), "evidence"),
					    pass);
		}
	}
	if (!f->n)
		return;
	qsort(f->v, f->n, sizeof(*f->v), frame_cmp);
	for (size_t i = 0; i < f->n; i++)
		if (!n || f->v[n - 1].seq != f->v[i].seq)
			f->v[n++] = f->v[i];
	f->n = n;
	snprintf(path, sizeof(path), "%s/%s", run_dir, file);
	if (!(in = fopen(path, "r")))
		return;
	while (getline(&line, &cap, in) > 0) {
		struct frame key, *hit;
		json_object *o;

		/* the writer starts every line with its seq: parse only the
		 * lines evidence cites */
		if (strncmp(line, "{\"seq\":", 7))
			continue;
		key.seq = strtoll(line + 7, NULL, 10);
		hit = bsearch(&key, f->v, f->n, sizeof(*f->v), frame_cmp);
		if (!hit || hit->quote || !(o = json_tokener_parse(line)))
			continue;
		hit->quote = frame_quote(o, f->secrets);
		json_object_put(o);
	}
	free(line);
	fclose(in);
}

static void frames_free(struct frames *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].quote);
	free(f->v);
}

static const char *frames_find(const struct frames *f, long long seq)
{
	struct frame key = { .seq = seq }, *hit;

	if (!f->n)
		return NULL;
	hit = bsearch(&key, f->v, f->n, sizeof(*f->v), frame_cmp);
	return hit ? hit->quote : NULL;
}

/* Evidence items as lines: each decision with expected, observed and the
 * frames it cites quoted; only the non-pass ones unless all. */
static void evidence_lines(struct ctext *t, json_object *ev, bool all,
			   const struct frames *f)
{
	for (size_t i = 0; ev && i < json_object_array_length(ev); i++) {
		json_object *e = json_object_array_get_idx(ev, i), *fr;
		const char *v = jstr(e, "verdict");
		size_t nfr, unquoted = 0;

		if (!v || (!all && !strcmp(v, "pass")))
			continue;
		ct_addf(t, "line %d (%s) %s: %s\n", jint(e, "line"),
			jtext(e, "kind"), v, jtext(e, "message"));
		if (jstr(e, "expected"))
			ct_field(t, "expected", jtext(e, "expected"));
		if (jstr(e, "observed"))
			ct_field(t, "observed", jtext(e, "observed"));
		fr = jarr(e, "frames");
		nfr = fr ? json_object_array_length(fr) : 0;
		for (size_t k = 0; k < nfr; k++) {
			json_object *s = json_object_array_get_idx(fr, k);
			long long seq = json_object_get_int64(s);
			const char *q = frames_find(f, seq);

			if (q && k < JUNIT_FRAMES_PER_ITEM)
				ct_addf(t, "  frame %lld: %s\n", seq, q);
			else
				unquoted++;
		}
		if (unquoted)
			ct_addf(t, "  frames: %s (traffic log seq)\n",
				json_object_to_json_string_ext(fr, JSON_C_TO_STRING_PLAIN));
	}
}

/* "SBP/1 4.1; IEC 80601-2-30 201.12.1.102" */
static void requirements_text(json_object *c, struct ctext *t)
{
	json_object *rq = jarr(c, "requirements");

	for (size_t i = 0; rq && i < json_object_array_length(rq); i++) {
		json_object *r = json_object_array_get_idx(rq, i);

		ct_addf(t, "%s%s %s", i ? "; " : "", jtext(r, "standard"), jtext(r, "clause"));
	}
}

/* Earlier attempts of a case, each with its reason and decisions. */
static void previous_lines(struct ctext *t, json_object *c, const struct frames *f)
{
	json_object *prev = jarr(c, "previous_attempts");

	for (size_t i = 0; prev && i < json_object_array_length(prev); i++) {
		json_object *p = json_object_array_get_idx(prev, i);

		ct_addf(t, "attempt %d of %d: %s: %s\n", jint(p, "attempt"),
			jint(c, "attempts_allowed"), jtext(p, "verdict"), jtext(p, "reason"));
		evidence_lines(t, jarr(p, "evidence"), false, f);
	}
}

static void measurement_lines(struct ctext *t, json_object *c)
{
	json_object *ms = jarr(c, "measurements");

	for (size_t i = 0; ms && i < json_object_array_length(ms); i++) {
		json_object *m = json_object_array_get_idx(ms, i), *mg;
		bool marginal = json_object_object_get_ex(m, "marginal", &mg) &&
				json_object_get_boolean(mg);

		ct_addf(t, "measurement %s = %g %s", jtext(m, "name"), jnum(m, "value"),
			jtext(m, "unit"));
		if (jget(m, "min"))
			ct_addf(t, ", min %g", jnum(m, "min"));
		if (jget(m, "max"))
			ct_addf(t, ", max %g", jnum(m, "max"));
		ct_addf(t, ": %s%s\n", jtext(m, "verdict"), marginal ? " (marginal)" : "");
	}
}

static bool verdict_is(json_object *c, const char *a, const char *b, const char *d)
{
	const char *v = jstr(c, "verdict");

	return v && ((a && !strcmp(v, a)) || (b && !strcmp(v, b)) || (d && !strcmp(v, d)));
}

static bool is_failure(json_object *c)
{
	return verdict_is(c, "fail", "inconclusive", NULL);
}

static bool is_skip(json_object *c)
{
	return verdict_is(c, "skipped", "not run", "not judged");
}

static bool is_flaky(json_object *c)
{
	return verdict_is(c, "pass", NULL, NULL) && jnum(c, "attempt") > 1;
}

/* "BPM-SER-ID-01 Identify reply carries the DUT identity" */
static int case_name(xmlTextWriterPtr w, json_object *c)
{
	const char *id = jtext(c, "id"), *title = jtext(c, "title");
	size_t n = strlen(id) + strlen(title) + 2;
	char *s = malloc(n);
	int rc;

	if (!s)
		return -1;
	snprintf(s, n, "%s%s%s", id, id[0] && title[0] ? " " : "", title);
	rc = attr(w, "name", s[0] ? s : "(no id)");
	free(s);
	return rc;
}

struct ctx {
	xmlTextWriterPtr w;
	json_object *root;
	enum junit_dialect dialect;
	struct frames frames;
};

/* The failure/error body: the decisions that were not a pass, earlier
 * attempts; the reason when the record has no evidence (never empty). */
static void failure_body(struct ctext *t, json_object *c, const struct frames *f)
{
	evidence_lines(t, jarr(c, "evidence"), false, f);
	previous_lines(t, c, f);
	if (!t->b.len)
		ct_addf(t, "%s\n", jstr(c, "reason") && jtext(c, "reason")[0]
					   ? jtext(c, "reason") : jtext(c, "verdict"));
}

static int write_text_elem(xmlTextWriterPtr w, const char *elem, const char *s)
{
	return xmlTextWriterStartElement(w, BAD_CAST elem) < 0 || text(w, s) < 0 ||
	       xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* One judged figure (core/mu.h) for a property: "NAME VALUE UNIT, U X
 * UNIT (or not evaluated), DECISION (RULE)". */
static void figure_text(json_object *f, struct ctext *t)
{
	json_object *u = jget(f, "U"), *near = jget(f, "near_limit");

	if (t->b.len)
		ct_addf(t, "; ");
	ct_addf(t, "%s %.4g %s, ", jtext(f, "name"), jnum(f, "value"), jtext(f, "unit"));
	if (u)
		ct_addf(t, "U %.3g %s", json_object_get_double(u), jtext(f, "unit"));
	else
		ct_addf(t, "U not evaluated");
	ct_addf(t, "%s, %s (%s)", near && json_object_get_boolean(near) ? " (within U of the limit)" : "",
		jtext(f, "decision"), jtext(f, "rule"));
}

/* The case's judged figures with their U and decisions: accuracy steps'
 * figures and measurements' uncertainty (docs/uncertainty.md); "" when
 * none. */
static void uncertainty_text(json_object *c, struct ctext *t)
{
	json_object *acc = jarr(c, "accuracy"), *ms = jarr(c, "measurements"), *u;

	for (size_t i = 0; acc && i < json_object_array_length(acc); i++) {
		json_object *figs = jarr(json_object_array_get_idx(acc, i), "figures");

		for (size_t k = 0; figs && k < json_object_array_length(figs); k++)
			figure_text(json_object_array_get_idx(figs, k), t);
	}
	for (size_t i = 0; ms && i < json_object_array_length(ms); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(ms, i), "uncertainty", &u) &&
		    json_object_is_type(u, json_type_object))
			figure_text(u, t);
}

static int case_properties(struct ctx *x, json_object *c)
{
	struct ctext rq;
	char a[32], n[32];
	int rc;

	ct_init(&rq);
	requirements_text(c, &rq);
	snprintf(a, sizeof(a), "%.0f", jnum(c, "attempt"));
	snprintf(n, sizeof(n), "%.0f", jnum(c, "attempts_allowed"));
	rc = xmlTextWriterStartElement(x->w, BAD_CAST "properties") < 0 ||
	     property(x->w, "title", jtext(c, "title")) < 0 ||
	     property(x->w, "requirement", ct_str(&rq)) < 0 ||
	     property(x->w, "verdict", jtext(c, "verdict")) < 0 ||
	     property(x->w, "attempt", a) < 0 || property(x->w, "attempts_allowed", n) < 0 ||
	     property(x->w, "flaky", is_flaky(c) ? "true" : "false") < 0;
	buf_release(&rq.b);
	ct_init(&rq);
	uncertainty_text(c, &rq);
	if (!rc && rq.b.len)
		rc = property(x->w, "uncertainty", ct_str(&rq)) < 0;
	buf_release(&rq.b);
	rc = rc || xmlTextWriterEndElement(x->w) < 0;
	return rc ? -1 : 0;
}

/* Surefire's elements for earlier attempts that ended in a failure
 * (errors false) or an error: flakyFailure/flakyError for a case that
 * passed later, rerunFailure/rerunError for one that did not. */
static int rerun_elements(struct ctx *x, json_object *c, bool errors)
{
	json_object *prev = jarr(c, "previous_attempts");
	const char *kind = verdict_is(c, "pass", NULL, NULL) ? "flaky" : "rerun";

	if (is_skip(c))
		return 0;
	for (size_t i = 0; prev && i < json_object_array_length(prev); i++) {
		json_object *p = json_object_array_get_idx(prev, i);
		bool err = verdict_is(p, "error", NULL, NULL);
		char elem[32];
		struct ctext t;
		int rc;

		if (verdict_is(p, "pass", NULL, NULL) || err != errors)
			continue;
		snprintf(elem, sizeof(elem), "%s%s", kind, err ? "Error" : "Failure");
		ct_init(&t);
		evidence_lines(&t, jarr(p, "evidence"), false, &x->frames);
		if (!t.b.len)
			ct_addf(&t, "%s\n", jtext(p, "reason"));
		rc = xmlTextWriterStartElement(x->w, BAD_CAST elem) < 0 ||
		     attr_cut(x->w, "message", jstr(p, "reason")) < 0 ||
		     attr(x->w, "type", jtext(p, "verdict")) < 0 ||
		     write_text_elem(x->w, "stackTrace", ct_str(&t)) < 0 ||
		     xmlTextWriterEndElement(x->w) < 0;
		buf_release(&t.b);
		if (rc)
			return -1;
	}
	return 0;
}

/* <failure> or <error> with the evidence as body. */
static int verdict_element(struct ctx *x, json_object *c, const char *elem)
{
	struct ctext t;
	int rc;

	ct_init(&t);
	failure_body(&t, c, &x->frames);
	rc = xmlTextWriterStartElement(x->w, BAD_CAST elem) < 0 ||
	     attr_cut(x->w, "message", jstr(c, "reason")) < 0 ||
	     attr(x->w, "type", jtext(c, "verdict")) < 0 || text(x->w, ct_str(&t)) < 0 ||
	     xmlTextWriterEndElement(x->w) < 0;
	buf_release(&t.b);
	return rc ? -1 : 0;
}

static int write_case(struct ctx *x, json_object *c, const char *classname)
{
	xmlTextWriterPtr w = x->w;
	const char *v = jtext(c, "verdict"), *reason = jstr(c, "reason");
	bool rich = x->dialect != JUNIT_ANT, surefire = x->dialect == JUNIT_SUREFIRE;
	struct ctext t;
	int rc;

	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 || case_name(w, c) < 0 ||
	    attr(w, "classname", classname) < 0 ||
	    attrf(w, "time", "%.3f", jnum(c, "duration_s")) < 0)
		return -1;
	if (rich && case_properties(x, c) < 0)
		return -1;
	/* in the order of Surefire's schema (surefire-test-report-3.0.xsd):
	 * failure, rerunFailure, flakyFailure, skipped, error, rerunError,
	 * flakyError, system-out */
	if (is_failure(c) && verdict_element(x, c, "failure") < 0)
		return -1;
	if (surefire && rerun_elements(x, c, false) < 0)
		return -1;
	if (is_skip(c) &&
	    (xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
	     attr_cut(w, "message", reason) < 0 || xmlTextWriterEndElement(w) < 0))
		return -1;
	if (!strcmp(v, "error") && verdict_element(x, c, "error") < 0)
		return -1;
	if (surefire && rerun_elements(x, c, true) < 0)
		return -1;
	if (rich) {
		ct_init(&t);
		ct_addf(&t, "%s: %s (attempt %.0f of %.0f)%s\n", jtext(c, "id"), v,
			jnum(c, "attempt"), jnum(c, "attempts_allowed"),
			is_flaky(c) ? ": passed on a later attempt (flaky)" : "");
		if (reason && reason[0])
			ct_addf(&t, "reason: %s\n", reason);
		evidence_lines(&t, jarr(c, "evidence"), true, &x->frames);
		measurement_lines(&t, c);
		previous_lines(&t, c, &x->frames);
		rc = write_text_elem(w, "system-out", ct_str(&t));
		buf_release(&t.b);
		if (rc)
			return -1;
	}
	return xmlTextWriterEndElement(w);
}

/* The suite's <system-out> in the ant dialect, where cases have none:
 * passes that needed a retry (with what the earlier attempts saw) and
 * marginal measurements. */
static void system_out(json_object *cases, const char *suite, struct buf *out,
		       const struct frames *f)
{
	int rc = 0;

	for (size_t i = 0; i < json_object_array_length(cases) && !rc; i++) {
		json_object *c = json_object_array_get_idx(cases, i), *ms;
		struct ctext t;

		if (!jstr(c, "suite") || strcmp(jstr(c, "suite"), suite) ||
		    !verdict_is(c, "pass", NULL, NULL))
			continue;
		if (is_flaky(c)) {
			ct_init(&t);
			ct_addf(&t, "%s: %s; passed on a later attempt (flaky)\n",
				jtext(c, "id"), jtext(c, "reason"));
			previous_lines(&t, c, f);
			rc = buf_append_str(out, ct_str(&t));
			buf_release(&t.b);
		}
		ms = jarr(c, "measurements");
		for (size_t k = 0; ms && k < json_object_array_length(ms) && !rc; k++) {
			json_object *m = json_object_array_get_idx(ms, k), *mg;

			if (json_object_object_get_ex(m, "marginal", &mg) &&
			    json_object_get_boolean(mg))
				rc = buf_appendf(out, "%s: marginal %s = %g %s\n",
						 jtext(c, "id"), jtext(m, "name"),
						 jnum(m, "value"), jtext(m, "unit"));
		}
	}
}

/* The run's host; "localhost" when the record does not say, as the Ant
 * schema asks (it needs a non-empty name). */
static const char *host(json_object *root)
{
	const char *h = jstr(jget(root, "environment"), "host");

	return h && h[0] ? h : "localhost";
}

/* "Acme Medical BP-100 SIM-000123": what tells one DUT from another. */
static void dut_identity(json_object *root, char *out, size_t len)
{
	json_object *dut = jget(root, "dut");
	static const char *const keys[] = { "vendor", "model", "serial_number" };
	size_t k = 0;

	out[0] = 0;
	for (size_t i = 0; i < 3 && k < len; i++) {
		const char *s = jtext(dut, keys[i]);

		if (s[0])
			k += (size_t)snprintf(out + k, len - k, "%s%.*s", k ? " " : "",
					      (int)utf8_prefix(s, 200), s);
	}
}

struct counts {
	int tests, failures, errors, skipped;
	double time;
};

static void count_suite(json_object *cases, const char *sid, struct counts *n)
{
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		if (!jstr(c, "suite") || strcmp(jstr(c, "suite"), sid) || !jstr(c, "verdict"))
			continue;
		n->tests++;
		n->failures += is_failure(c);
		n->errors += verdict_is(c, "error", NULL, NULL);
		n->skipped += is_skip(c);
		n->time += jnum(c, "duration_s");
	}
}

/* Ant has no per-testcase properties: each case's title, requirements,
 * verdict and attempts as suite properties named by case id. */
static int ant_case_properties(xmlTextWriterPtr w, json_object *cases, const char *sid)
{
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		const char *id = jtext(c, "id");
		char name[160], att[64];
		struct ctext rq;
		int rc;

		if (!jstr(c, "suite") || strcmp(jstr(c, "suite"), sid))
			continue;
		ct_init(&rq);
		requirements_text(c, &rq);
		snprintf(att, sizeof(att), "%.0f of %.0f", jnum(c, "attempt"),
			 jnum(c, "attempts_allowed"));
		snprintf(name, sizeof(name), "%.*s.title", 120, id);
		rc = property(w, name, jtext(c, "title"));
		snprintf(name, sizeof(name), "%.*s.requirement", 120, id);
		rc = rc < 0 || property(w, name, ct_str(&rq)) < 0;
		snprintf(name, sizeof(name), "%.*s.verdict", 120, id);
		rc = rc || property(w, name, jtext(c, "verdict")) < 0;
		snprintf(name, sizeof(name), "%.*s.attempt", 120, id);
		rc = rc || property(w, name, att) < 0;
		buf_release(&rq.b);
		ct_init(&rq);
		uncertainty_text(c, &rq);
		snprintf(name, sizeof(name), "%.*s.uncertainty", 120, id);
		if (rq.b.len)
			rc = rc || property(w, name, ct_str(&rq)) < 0;
		buf_release(&rq.b);
		if (rc)
			return -1;
	}
	return 0;
}

static int write_suite(struct ctx *x, json_object *s, int id)
{
	xmlTextWriterPtr w = x->w;
	json_object *root = x->root;
	json_object *cases = jarr(root, "cases"), *dut = jget(root, "dut");
	json_object *tool = jget(root, "tool");
	/* a damaged record's suite may have no id: its cases have none either */
	const char *sid = jtext(s, "id"), *start = jstr(root, "start"), *shown;
	char stamp[20] = "1970-01-01T00:00:00", ident[700], name[1000];
	struct counts n = { 0 };
	struct buf out;
	int rc = 0;

	if (start && strlen(start) >= 19)
		snprintf(stamp, sizeof(stamp), "%.19s", start);
	dut_identity(root, ident, sizeof(ident));
	shown = sid[0] ? sid : "(suite without id)";
	snprintf(name, sizeof(name), "%.*s%s%s", (int)utf8_prefix(shown, 200), shown,
		 ident[0] ? " @ " : "", ident);
	count_suite(cases, sid, &n);
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    attr(w, "name", name) < 0 ||
	    attr(w, "timestamp", stamp) < 0 ||
	    attr(w, "hostname", host(root)) < 0 ||
	    attrf(w, "tests", "%.0f", n.tests) < 0 ||
	    attrf(w, "failures", "%.0f", n.failures) < 0 ||
	    attrf(w, "errors", "%.0f", n.errors) < 0 ||
	    attrf(w, "skipped", "%.0f", n.skipped) < 0 ||
	    attrf(w, "time", "%.3f", n.time) < 0 ||
	    attr(w, "package", jstr(dut, "category") ? jstr(dut, "category") : "carecert") < 0 ||
	    attrf(w, "id", "%.0f", id) < 0)
		return -1;
	if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0 ||
	    property(w, "suite.id", sid) < 0 ||
	    property(w, "suite.title", jstr(s, "title")) < 0 ||
	    property(w, "dut.vendor", jstr(dut, "vendor")) < 0 ||
	    property(w, "dut.model", jstr(dut, "model")) < 0 ||
	    property(w, "dut.firmware", jstr(dut, "firmware")) < 0 ||
	    property(w, "dut.serial_number", jstr(dut, "serial_number")) < 0 ||
	    property(w, "tool.version", jstr(tool, "version")) < 0 ||
	    property(w, "tool.git_revision", jstr(tool, "git_revision")) < 0 ||
	    property(w, "profile.sha256", jstr(jget(root, "profile"), "sha256")) < 0 ||
	    property(w, "suite.sha256", jstr(s, "sha256")) < 0 ||
	    property(w, "run.verdict", jstr(root, "verdict")) < 0 ||
	    property(w, "run.status", jstr(root, "status")) < 0 ||
	    property(w, "run.scope", jstr(root, "scope") ? jstr(root, "scope") : "complete") < 0 ||
	    (x->dialect == JUNIT_ANT && ant_case_properties(w, cases, sid) < 0) ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		if (jstr(c, "suite") && !strcmp(jstr(c, "suite"), sid) && write_case(x, c, name) < 0)
			return -1;
	}
	buf_init(&out, BUF_MAX_TEXT);
	if (cases && x->dialect == JUNIT_ANT)
		system_out(cases, sid, &out, &x->frames);
	rc = write_text_elem(w, "system-out", buf_str(&out)) < 0 ||
	     write_text_elem(w, "system-err", jstr(root, "abort_reason") ? jstr(root, "abort_reason") : "") < 0 ||
	     xmlTextWriterEndElement(w) < 0;
	buf_release(&out);
	return rc ? -1 : 0;
}

/* Why the run as a whole is no certification verdict (it did not
 * complete, or left applicable cases out), or NULL. */
static const char *run_problem(json_object *root, char *buf, size_t len)
{
	const char *status = jstr(root, "status"), *scope = jstr(root, "scope");
	json_object *sel = jget(root, "selection");

	if (!status || strcmp(status, "complete")) {
		snprintf(buf, len, "run %s: %s", status ? status : "of unknown status",
			 jstr(root, "abort_reason") ? jstr(root, "abort_reason")
						    : "the record was not finished");
		return buf;
	}
	if (scope && !strcmp(scope, "partial")) {
		snprintf(buf, len,
			 "partial run: %.0f of %.0f applicable cases selected; not a certification verdict",
			 jnum(sel, "selected"), jnum(sel, "applicable"));
		return buf;
	}
	return NULL;
}

/* A run that did not cover its scope is never a green file: one more
 * suite, "carecert.run", with one erroring case that says why. */
static int write_run_problem(struct ctx *x, const char *p, int id)
{
	xmlTextWriterPtr w = x->w;
	json_object *root = x->root;
	char stamp[20] = "1970-01-01T00:00:00";
	const char *start = jstr(root, "start");

	if (start && strlen(start) >= 19)
		snprintf(stamp, sizeof(stamp), "%.19s", start);
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    attr(w, "name", "carecert.run") < 0 || attr(w, "timestamp", stamp) < 0 ||
	    attr(w, "hostname", host(root)) < 0 ||
	    attr(w, "tests", "1") < 0 || attr(w, "failures", "0") < 0 ||
	    attr(w, "errors", "1") < 0 || attr(w, "skipped", "0") < 0 ||
	    attr(w, "time", "0") < 0 || attr(w, "package", "carecert") < 0 ||
	    attrf(w, "id", "%.0f", id) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "properties") < 0 ||
	    property(w, "run.verdict", jstr(root, "verdict")) < 0 ||
	    property(w, "run.status", jstr(root, "status")) < 0 ||
	    property(w, "run.scope", jstr(root, "scope") ? jstr(root, "scope") : "complete") < 0 ||
	    xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 || attr(w, "name", "run") < 0 ||
	    attr(w, "classname", "carecert.run") < 0 || attr(w, "time", "0") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "error") < 0 || attr(w, "message", p) < 0 ||
	    attr(w, "type", jstr(root, "status")) < 0 || text(w, p) < 0 ||
	    xmlTextWriterEndElement(w) < 0 ||
	    (x->dialect != JUNIT_ANT && write_text_elem(w, "system-out", p) < 0) ||
	    xmlTextWriterEndElement(w) < 0 ||
	    write_text_elem(w, "system-out", "") < 0 || write_text_elem(w, "system-err", "") < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

/* Totals of the whole file on <testsuites>, as Jenkins and GitLab read
 * them (the Ant schema allows no attributes there). */
static int totals(struct ctx *x, const char *problem)
{
	json_object *suites = jarr(x->root, "suites"), *cases = jarr(x->root, "cases");
	struct counts n = { 0 };

	for (size_t i = 0; suites && i < json_object_array_length(suites); i++)
		count_suite(cases, jtext(json_object_array_get_idx(suites, i), "id"), &n);
	if (problem) {
		n.tests++;
		n.errors++;
	}
	return attr(x->w, "name", "carecert") < 0 ||
	       attrf(x->w, "tests", "%.0f", n.tests) < 0 ||
	       attrf(x->w, "failures", "%.0f", n.failures) < 0 ||
	       attrf(x->w, "errors", "%.0f", n.errors) < 0 ||
	       attrf(x->w, "skipped", "%.0f", n.skipped) < 0 ||
	       attrf(x->w, "time", "%.3f", n.time) < 0 ? -1 : 0;
}

int junit_write_opts(json_object *root, const char *path, const struct junit_opts *o)
{
	xmlBufferPtr xb = xmlBufferCreate();
	struct ctx x = { .w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL, .root = root,
			 .dialect = o ? o->dialect : JUNIT_ANT };
	json_object *suites = jarr(root, "suites");
	char why[600];
	const char *problem = run_problem(root, why, sizeof(why));
	int rc = CC_ENOMEM;

	/* only a testcase's own output (not ant) shows the passes' frames */
	x.frames.secrets = o ? o->secrets : NULL;
	frames_load(&x.frames, root, o ? o->run_dir : NULL, x.dialect != JUNIT_ANT);
	if (!x.w)
		goto out;
	xmlTextWriterSetIndent(x.w, 1);
	if (xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(x.w, BAD_CAST "testsuites") < 0 ||
	    (x.dialect != JUNIT_ANT && totals(&x, problem) < 0))
		goto out;
	for (size_t i = 0; suites && i < json_object_array_length(suites); i++)
		if (write_suite(&x, json_object_array_get_idx(suites, i), (int)i) < 0)
			goto out;
	if (problem &&
	    write_run_problem(&x, problem, suites ? (int)json_object_array_length(suites) : 0) < 0)
		goto out;
	if (xmlTextWriterEndDocument(x.w) < 0)
		goto out;
	xmlFreeTextWriter(x.w); /* flushes into xb */
	x.w = NULL;
	rc = atomic_write_file(path, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
out:
	if (x.w)
		xmlFreeTextWriter(x.w);
	if (xb)
		xmlBufferFree(xb);
	frames_free(&x.frames);
	return rc;
}

int junit_write(json_object *root, const char *path)
{
	return junit_write_opts(root, path, NULL);
}
