/* SPDX-License-Identifier: MIT */
#include "core/junit.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/fileio.h"

#include <libxml/xmlwriter.h>
#include <stdbool.h>
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

/* The evidence of a case as readable lines inside <failure>/<error>. */
static void evidence_text(json_object *c, struct buf *out)
{
	json_object *ev = jarr(c, "evidence");
	int rc = 0;

	for (size_t i = 0; ev && i < json_object_array_length(ev) && !rc; i++) {
		json_object *e = json_object_array_get_idx(ev, i), *fr;
		const char *v = jstr(e, "verdict");

		if (!v || !strcmp(v, "pass"))
			continue;
		rc = buf_appendf(out, "line %d (%s): %s\n", (int)jnum(e, "line"),
				 jtext(e, "kind"), jtext(e, "message"));
		if (!rc && jstr(e, "expected"))
			rc = buf_appendf(out, "  expected: %s\n", jtext(e, "expected"));
		if (!rc && jstr(e, "observed"))
			rc = buf_appendf(out, "  observed: %s\n", jtext(e, "observed"));
		fr = jarr(e, "frames");
		if (!rc && fr && json_object_array_length(fr))
			rc = buf_appendf(out, "  frames: %s\n",
					 json_object_to_json_string_ext(fr, JSON_C_TO_STRING_PLAIN));
	}
}

static int write_case(xmlTextWriterPtr w, json_object *c)
{
	const char *v = jstr(c, "verdict"), *reason = jstr(c, "reason");
	const char *elem = NULL;
	struct buf ev;
	int rc;

	if (xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0 ||
	    attr(w, "name", jstr(c, "id")) < 0 ||
	    attr(w, "classname", jstr(c, "suite")) < 0 ||
	    attrf(w, "time", "%.3f", jnum(c, "duration_s")) < 0)
		return -1;
	if (v && (!strcmp(v, "fail") || !strcmp(v, "inconclusive")))
		elem = "failure";
	else if (v && !strcmp(v, "error"))
		elem = "error";
	/* not judged: figures without a limit, neither a pass nor a failure */
	if (v && (!strcmp(v, "skipped") || !strcmp(v, "not run") ||
		  !strcmp(v, "not judged"))) {
		if (xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0 ||
		    attr(w, "message", reason) < 0 || xmlTextWriterEndElement(w) < 0)
			return -1;
	} else if (elem) {
		buf_init(&ev, BUF_MAX_TEXT);
		evidence_text(c, &ev);
		rc = xmlTextWriterStartElement(w, BAD_CAST elem) < 0 ||
		     attr(w, "message", reason) < 0 || attr(w, "type", v) < 0 ||
		     text(w, buf_str(&ev)) < 0 || xmlTextWriterEndElement(w) < 0;
		buf_release(&ev);
		if (rc)
			return -1;
	}
	return xmlTextWriterEndElement(w);
}

static void system_out(json_object *cases, const char *suite, struct buf *out)
{
	int rc = 0;

	for (size_t i = 0; i < json_object_array_length(cases) && !rc; i++) {
		json_object *c = json_object_array_get_idx(cases, i), *ms;
		const char *v = jstr(c, "verdict");

		if (!jstr(c, "suite") || strcmp(jstr(c, "suite"), suite) || !v ||
		    strcmp(v, "pass"))
			continue;
		if (jnum(c, "attempt") > 1)
			rc = buf_appendf(out, "%s: %s\n", jtext(c, "id"), jtext(c, "reason"));
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

static int write_suite(xmlTextWriterPtr w, json_object *root, json_object *s,
		       int id)
{
	json_object *cases = jarr(root, "cases"), *dut = jget(root, "dut");
	json_object *tool = jget(root, "tool");
	/* a damaged record's suite may have no id: named "", never NULL */
	const char *sid = jtext(s, "id"), *start = jstr(root, "start");
	int tests = 0, failures = 0, errors = 0, skipped = 0, rc = 0;
	char stamp[20] = "1970-01-01T00:00:00";
	double time = 0;
	struct buf out;

	if (start && strlen(start) >= 19)
		snprintf(stamp, sizeof(stamp), "%.19s", start);
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		const char *v = jstr(c, "verdict");

		if (!jstr(c, "suite") || strcmp(jstr(c, "suite"), sid) || !v)
			continue;
		tests++;
		failures += !strcmp(v, "fail") || !strcmp(v, "inconclusive");
		errors += !strcmp(v, "error");
		skipped += !strcmp(v, "skipped") || !strcmp(v, "not run") ||
			   !strcmp(v, "not judged");
		time += jnum(c, "duration_s");
	}
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    attr(w, "name", sid) < 0 ||
	    attr(w, "timestamp", stamp) < 0 ||
	    attr(w, "hostname", jstr(jget(root, "environment"), "host")) < 0 ||
	    attrf(w, "tests", "%.0f", tests) < 0 ||
	    attrf(w, "failures", "%.0f", failures) < 0 ||
	    attrf(w, "errors", "%.0f", errors) < 0 ||
	    attrf(w, "skipped", "%.0f", skipped) < 0 ||
	    attrf(w, "time", "%.3f", time) < 0 ||
	    attr(w, "package", jstr(dut, "category") ? jstr(dut, "category") : "carecert") < 0 ||
	    attrf(w, "id", "%.0f", id) < 0)
		return -1;
	if (xmlTextWriterStartElement(w, BAD_CAST "properties") < 0 ||
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
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);

		if (jstr(c, "suite") && !strcmp(jstr(c, "suite"), sid) &&
		    write_case(w, c) < 0)
			return -1;
	}
	buf_init(&out, BUF_MAX_TEXT);
	if (cases)
		system_out(cases, sid, &out);
	rc = xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0 ||
	     text(w, buf_str(&out)) < 0 || xmlTextWriterEndElement(w) < 0 ||
	     xmlTextWriterStartElement(w, BAD_CAST "system-err") < 0 ||
	     text(w, jstr(root, "abort_reason") ? jstr(root, "abort_reason") : "") < 0 ||
	     xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0;
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
static int write_run_problem(xmlTextWriterPtr w, json_object *root, int id)
{
	char why[600], stamp[20] = "1970-01-01T00:00:00";
	const char *p = run_problem(root, why, sizeof(why)), *start = jstr(root, "start");

	if (!p)
		return 0;
	if (start && strlen(start) >= 19)
		snprintf(stamp, sizeof(stamp), "%.19s", start);
	if (xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0 ||
	    attr(w, "name", "carecert.run") < 0 || attr(w, "timestamp", stamp) < 0 ||
	    attr(w, "hostname", jstr(jget(root, "environment"), "host")) < 0 ||
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
	    xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0 || xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "system-err") < 0 || xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return -1;
	return 0;
}

int junit_write(json_object *root, const char *path)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	json_object *suites = jarr(root, "suites");
	int rc = CC_ENOMEM;

	if (!w)
		goto out;
	xmlTextWriterSetIndent(w, 1);
	if (xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0)
		goto out;
	for (size_t i = 0; suites && i < json_object_array_length(suites); i++)
		if (write_suite(w, root, json_object_array_get_idx(suites, i), (int)i) < 0)
			goto out;
	if (write_run_problem(w, root, suites ? (int)json_object_array_length(suites) : 0) < 0)
		goto out;
	if (xmlTextWriterEndDocument(w) < 0)
		goto out;
	xmlFreeTextWriter(w); /* flushes into xb */
	w = NULL;
	rc = atomic_write_file(path, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
out:
	if (w)
		xmlFreeTextWriter(w);
	if (xb)
		xmlBufferFree(xb);
	return rc;
}
