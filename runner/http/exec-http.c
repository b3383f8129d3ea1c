/* SPDX-License-Identifier: MIT */
/*
 * HTTP steps: requests built from the suite (path or URL, headers, JSON,
 * form, file or filler body, bearer or basic authentication, TLS version
 * bounds), judged by outcome; expectations on the last response (status,
 * headers by regex, body regexes, JSON paths with type, equality, range,
 * regex, unit and presence, FHIR R4 vital-signs Observations); and load
 * (N requests, K at a time) with latency percentiles and error rate.
 *
 * What the device sends is data, never a template: it is compared and
 * stored, but ${...} in it is not expanded.
 */
#include "core/exec-internal.h"
#include "base/clock.h"
#include "base/err.h"
#include "http/fhir.h"
#include "base/fileio.h"
#include "http/http-step.h"
#include "http/http-serve.h"
#include "http/jpath.h"
#include "base/stats.h"
#include "http/testpki.h"
#include "base/units.h"

#include <ctype.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VAR_BODY_MAX (60u * 1024u) /* of a body kept as a variable */
#define VAR_HEADERS_MAX 32         /* header variables per response */
#define JSON_MAX_DEPTH 64

/* A request with the suite's templates expanded; owns its memory. */
struct built {
	struct buf url, body;
	char **headers;
	size_t nheaders;
	char *bearer, *user, *password;
	char *file;
	struct http_request q;
};

static void built_release(struct built *b)
{
	buf_release(&b->url);
	buf_release(&b->body);
	for (size_t i = 0; i < b->nheaders; i++)
		free(b->headers[i]);
	free(b->headers);
	free(b->bearer);
	free(b->user);
	free(b->password);
	free(b->file);
}

static char *expand_dup(struct exec *e, const char *t)
{
	struct buf b;
	char *s;

	if (!t)
		return NULL;
	buf_init(&b, BUF_MAX_FRAME);
	if (!exec_expand(e, t, &b)) {
		buf_release(&b);
		return NULL;
	}
	s = strdup(buf_str(&b));
	buf_release(&b);
	if (!s)
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
	return s;
}

static bool has_header(const struct http_req_spec *q, const char *name)
{
	for (size_t i = 0; i < q->nheaders; i++)
		if (!strcasecmp(q->headers[i].name, name))
			return true;
	return false;
}

static bool add_header(struct built *b, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value) + 3;
	char *h = malloc(n);

	if (!h)
		return false;
	snprintf(h, n, "%s: %s", name, value);
	b->headers[b->nheaders++] = h;
	return true;
}

static bool build_body(struct exec *e, const struct http_req_spec *q, struct built *b)
{
	struct buf tmp;
	bool ok = true;

	buf_init(&tmp, BUF_MAX_FRAME);
	switch (q->body_kind) {
	case HTTP_BODY_TEXT:
	case HTTP_BODY_JSON:
		if (!exec_expand(e, q->body, &b->body)) {
			ok = false;
			break;
		}
		if (q->body_kind == HTTP_BODY_JSON) {
			json_object *o = json_tokener_parse(buf_str(&b->body));

			if (!o) {
				exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					    "suite: json body is not valid JSON after expansion");
				ok = false;
			}
			json_object_put(o);
		}
		break;
	case HTTP_BODY_FORM:
		for (size_t i = 0; i < q->nform && ok; i++) {
			char *k, *v;

			if (!exec_expand(e, q->form[i].value, &tmp)) {
				ok = false;
				break;
			}
			k = curl_easy_escape(NULL, q->form[i].name, 0);
			v = curl_easy_escape(NULL, buf_str(&tmp), 0);
			if (!k || !v || buf_appendf(&b->body, "%s%s=%s", i ? "&" : "", k, v)) {
				exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "form body too large");
				ok = false;
			}
			curl_free(k);
			curl_free(v);
		}
		break;
	case HTTP_BODY_FILE: {
		char *data;
		size_t len;

		if (read_file(q->body, &data, &len)) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: cannot read %s", q->body);
			ok = false;
			break;
		}
		b->file = data;
		b->q.body = (const uint8_t *)data;
		b->q.body_len = len;
		break;
	}
	case HTTP_BODY_FILL:
		b->file = malloc(q->fill);
		if (!b->file) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
			ok = false;
			break;
		}
		memset(b->file, 'x', q->fill);
		b->q.body = (const uint8_t *)b->file;
		b->q.body_len = q->fill;
		break;
	default:
		break;
	}
	if (ok && (q->body_kind == HTTP_BODY_TEXT || q->body_kind == HTTP_BODY_JSON ||
		   q->body_kind == HTTP_BODY_FORM)) {
		b->q.body = b->body.data ? b->body.data : (const uint8_t *)"";
		b->q.body_len = b->body.len;
	}
	buf_release(&tmp);
	return ok;
}

/* Expand the request of a step; false with a verdict on failure. */
static bool build(struct exec *e, const struct http_step *h, struct built *b, const char *base)
{
	const struct http_req_spec *q = &h->req;
	struct buf tmp;
	bool ok = false;

	memset(b, 0, sizeof(*b));
	buf_init(&b->url, BUF_MAX_FRAME);
	buf_init(&b->body, HTTP_STEP_FILL_MAX);
	buf_init(&tmp, BUF_MAX_FRAME);
	b->headers = calloc(q->nheaders + 2, sizeof(char *));
	if (!b->headers)
		goto out;
	if (q->path) {
		if (!exec_expand(e, q->path, &tmp))
			goto out;
		if (buf_appendf(&b->url, "%s%s", base, buf_str(&tmp)))
			goto out;
	} else if (!exec_expand(e, q->url, &b->url)) {
		goto out;
	}
	for (size_t i = 0; i < q->nheaders; i++) {
		if (!exec_expand(e, q->headers[i].value, &tmp))
			goto out;
		if (!add_header(b, q->headers[i].name, buf_str(&tmp)))
			goto out;
	}
	/* the body's type unless the suite says otherwise */
	if (q->body_kind == HTTP_BODY_JSON && !has_header(q, "Content-Type") &&
	    !add_header(b, "Content-Type", "application/json"))
		goto out;
	if (q->body_kind == HTTP_BODY_FORM && !has_header(q, "Content-Type") &&
	    !add_header(b, "Content-Type", "application/x-www-form-urlencoded"))
		goto out;
	if (!build_body(e, q, b))
		goto out;
	if ((q->bearer && !(b->bearer = expand_dup(e, q->bearer))) ||
	    (q->user && !(b->user = expand_dup(e, q->user))) ||
	    (q->password && !(b->password = expand_dup(e, q->password))))
		goto out;
	b->q.method = q->method;
	b->q.url = buf_str(&b->url);
	b->q.headers = b->headers;
	b->q.bearer = b->bearer;
	b->q.user = b->user;
	b->q.password = b->password;
	b->q.tls_min = q->tls_min;
	b->q.tls_max = q->tls_max;
	b->q.deadline_ns = exec_deadline(e, h->within_ns);
	ok = true;
out:
	buf_release(&tmp);
	if (!ok && e->verdict == VERDICT_NONE)
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "cannot build the request (out of memory or too large)");
	return ok;
}

/* ---- variables ---- */

static bool setv(struct exec *e, const char *prefix, const char *name, const char *value)
{
	char key[160];

	snprintf(key, sizeof(key), "%s.%s", prefix, name);
	if (vars_set(&e->vars, key, value)) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
		return false;
	}
	return true;
}

static bool setvf(struct exec *e, const char *prefix, const char *name, double v)
{
	char num[64];

	snprintf(num, sizeof(num), "%.3f", v);
	return setv(e, prefix, name, num);
}

static bool publish_response(struct exec *e, const char *prefix, const struct http_response *r)
{
	const char *p = buf_str(&r->headers);
	char num[32], *body;
	size_t nh = 0;
	bool ok = true;

	snprintf(num, sizeof(num), "%ld", r->status);
	ok &= setv(e, prefix, "outcome", http_outcome_name(r->outcome));
	ok &= setv(e, prefix, "status", num);
	ok &= setv(e, prefix, "error", r->error);
	ok &= setv(e, prefix, "tls_version", r->tls_version);
	ok &= setv(e, prefix, "tls_cipher", r->tls_cipher);
	snprintf(num, sizeof(num), "%zu", r->body_total);
	ok &= setv(e, prefix, "body_bytes", num);
	ok &= setvf(e, prefix, "time.dns_ms", r->dns_ms);
	ok &= setvf(e, prefix, "time.connect_ms", r->connect_ms);
	ok &= setvf(e, prefix, "time.tls_ms", r->tls_ms);
	ok &= setvf(e, prefix, "time.first_byte_ms", r->first_byte_ms);
	ok &= setvf(e, prefix, "time.total_ms", r->total_ms);
	body = strndup(buf_str(&r->body), VAR_BODY_MAX);
	ok &= body && setv(e, prefix, "body", body);
	free(body);
	/* header.<name in lower case>: the first of each name */
	while (ok && *p && nh < VAR_HEADERS_MAX) {
		const char *eol = strstr(p, "\r\n"), *colon = strchr(p, ':');
		size_t line = eol ? (size_t)(eol - p) : strlen(p);

		if (colon && (size_t)(colon - p) < line && colon > p && colon - p < 64) {
			char name[80], key[96], value[1024];

			snprintf(name, sizeof(name), "%.*s", (int)(colon - p), p);
			for (char *c = name; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			/* a repeated name gives its first value again */
			snprintf(key, sizeof(key), "header.%s", name);
			if (http_response_header(r, name, value, sizeof(value)))
				ok &= setv(e, prefix, key, value);
			nh++;
		}
		p += line;
		if (*p)
			p += 2;
	}
	return ok;
}

/* ---- http_request ---- */

static void describe_response(const struct http_response *r, char *out, size_t len)
{
	if (r->outcome == HTTP_OUT_RESPONSE)
		snprintf(out, len, "HTTP %ld%s%s%s, %zu bytes, %.1f ms", r->status,
			 r->tls_version[0] ? " over " : "", r->tls_version,
			 r->tls_version[0] ? "" : " (plain)", r->body_total, r->total_ms);
	else
		snprintf(out, len, "%s: %.200s", http_outcome_name(r->outcome), r->error);
}

static void describe_outcomes(unsigned bits, char *out, size_t len)
{
	size_t k = 0;

	out[0] = 0;
	for (int i = 0; i < HTTP_OUT_COUNT && k + 2 < len; i++)
		if (bits & 1u << i)
			k += (size_t)snprintf(out + k, len - k, "%s%s", k ? " or " : "",
					      http_outcome_name((enum http_outcome)i));
}

static enum verdict do_request(struct exec *e, const struct step *st, const char *base)
{
	const struct http_step *h = st->http;
	struct http_response *r;
	struct built b;
	char want[160], got[320], what[600];
	enum verdict v;
	int rc;

	if (!build(e, h, &b, base)) {
		built_release(&b);
		return e->verdict;
	}
	if (!e->http_last) {
		if (!(e->http_last = malloc(sizeof(*e->http_last)))) {
			built_release(&b);
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "out of memory");
		}
		http_response_init(e->http_last);
	}
	r = e->http_last;
	snprintf(what, sizeof(what), "%s %.500s", b.q.method, b.q.url);
	e->last_tx_ns = mono_now_ns();
	rc = http_perform(e->t, &b.q, r);
	built_release(&b);
	if (rc)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "%s: %s", what,
				   cc_strerror(rc));
	if (!publish_response(e, h->capture ? h->capture : "http", r) ||
	    vars_setf(&e->vars, "elapsed_ms", "%.3f", r->total_ms))
		return e->verdict != VERDICT_NONE ? e->verdict
						  : exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
								"too many variables");
	describe_outcomes(h->outcomes, want, sizeof(want));
	describe_response(r, got, sizeof(got));
	if (h->outcomes & 1u << r->outcome)
		return exec_decide(e, VERDICT_PASS, want, got, r->tx_seq,
				   r->rx_seq ? r->rx_seq : r->tx_seq, "%s", what);
	/* the device could not be reached where a response was due: the link
	 * failed, as a serial port that vanished */
	if (r->outcome == HTTP_OUT_REFUSED && h->outcomes == 1u << HTTP_OUT_RESPONSE) {
		char msg[700];

		snprintf(msg, sizeof(msg), "%s: %s", what, r->error);
		return exec_decide(e, VERDICT_ERROR, want, got, r->tx_seq, r->tx_seq,
				   "%s: no connection", msg);
	}
	v = exec_decide(e, VERDICT_FAIL, want, got, r->tx_seq, r->rx_seq ? r->rx_seq : r->tx_seq,
			"%s: %s", what,
			r->outcome == HTTP_OUT_RESPONSE ? "answered; the device must refuse it"
							: "no response");
	return v;
}

/* ---- http_expect ---- */

static bool status_matches(const struct http_step *h, long status)
{
	for (size_t i = 0; i < h->nstatus; i++)
		if (h->status[i] < 10 ? status / 100 == h->status[i] : status == h->status[i])
			return true;
	return false;
}

static void status_list(const struct http_step *h, char *out, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < h->nstatus && k + 2 < len; i++)
		k += (size_t)snprintf(out + k, len - k, h->status[i] < 10 ? "%s%ldxx" : "%s%ld",
				      i ? " or " : "", h->status[i]);
}

#define WORSE(w, v) ((w) = (w) == VERDICT_PASS ? (v) : (w))

static enum verdict check_json(struct exec *e, const struct http_json_check *j,
			       json_object *doc, uint64_t seq)
{
	struct jpath_scratch sc = { 0 };
	json_object *val;
	char text[1024], want[600];
	enum verdict v = VERDICT_PASS;
	struct buf path;
	int rc;

	e->step_no = j->line;
	buf_init(&path, 256);
	if (!exec_expand(e, j->path, &path)) {
		buf_release(&path);
		return VERDICT_ERROR;
	}
	rc = jpath_get(doc, buf_str(&path), &val, &sc);
	if (rc == CC_EINVAL) {
		v = exec_decide(e, VERDICT_ERROR, NULL, buf_str(&path), 0, 0,
				"suite: the JSON path %s is not a path once expanded", buf_str(&path));
		goto out;
	}
	if (!j->present) {
		v = exec_decide(e, rc == CC_ENOTFOUND ? VERDICT_PASS : VERDICT_FAIL, "absent",
				rc == CC_ENOTFOUND ? "absent" : "present", seq, seq, "%s must be absent",
				buf_str(&path));
		goto out;
	}
	if (rc) {
		v = exec_decide(e, VERDICT_FAIL, "present", "absent", seq, seq, "%s not in the body",
				buf_str(&path));
		goto out;
	}
	jpath_text(val, text, sizeof(text));
	if (j->capture && vars_set(&e->vars, j->capture, text)) {
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
		goto out;
	}
	if (j->type && !jpath_type_is(val, j->type)) {
		v = exec_decide(e, VERDICT_FAIL, j->type, jpath_type_name(val), seq, seq,
				"%s has the wrong type", buf_str(&path));
		goto out;
	}
	if (j->equals) {
		char *w = expand_dup(e, j->equals);

		if (!w) {
			v = VERDICT_ERROR;
			goto out;
		}
		v = exec_decide(e, exec_same_value(text, w) ? VERDICT_PASS : VERDICT_FAIL, w, text,
				seq, seq, "%s equals", buf_str(&path));
		free(w);
		if (v != VERDICT_PASS)
			goto out;
	}
	if (j->one_of) {
		bool found = false;
		size_t k = 0;

		want[0] = 0;
		for (size_t i = 0; j->one_of[i]; i++) {
			char *w = expand_dup(e, j->one_of[i]);

			if (!w) {
				v = VERDICT_ERROR;
				goto out;
			}
			found |= exec_same_value(text, w);
			if (k + 2 < sizeof(want))
				k += (size_t)snprintf(want + k, sizeof(want) - k, "%s%s",
						      i ? ", " : "one of: ", w);
			free(w);
		}
		v = exec_decide(e, found ? VERDICT_PASS : VERDICT_FAIL, want, text, seq, seq,
				"%s is one of the allowed values", buf_str(&path));
		if (v != VERDICT_PASS)
			goto out;
	}
	if (j->has_re) {
		v = exec_decide(e, regexec(&j->re, text, 0, NULL, 0) ? VERDICT_FAIL : VERDICT_PASS,
				j->matches, text, seq, seq, "%s matches /%s/", buf_str(&path), j->matches);
		if (v != VERDICT_PASS)
			goto out;
	}
	if (j->min || j->max) {
		struct step tmp = { .kind = STEP_ASSERT, .line = j->line, .min = j->min,
				    .max = j->max, .name = j->name, .value = j->path,
				    .unit = j->unit };
		char unit[64] = "";

		if (j->unit_path) {
			struct jpath_scratch us = { 0 };
			json_object *u;

			if (jpath_get(doc, j->unit_path, &u, &us) ||
			    !json_object_is_type(u, json_type_string)) {
				jpath_scratch_release(&us);
				v = exec_decide(e, VERDICT_FAIL, "a unit", "absent", seq, seq,
						"unit of %s not at %s", buf_str(&path), j->unit_path);
				goto out;
			}
			snprintf(unit, sizeof(unit), "%s", json_object_get_string(u));
			jpath_scratch_release(&us);
			/* the device's unit is data: never a template */
			if (strchr(unit, '$')) {
				v = exec_decide(e, VERDICT_FAIL, "a UCUM unit", unit, seq, seq,
						"unit of %s is not a unit", buf_str(&path));
				goto out;
			}
			tmp.unit = unit;
		}
		v = exec_assert_range(e, &tmp, text);
	}
out:
	buf_release(&path);
	jpath_scratch_release(&sc);
	return v;
}

static bool publish_fhir(struct exec *e, const char *prefix, const struct fhir_result *r,
			 size_t count)
{
	char num[64];
	bool ok = true;

	snprintf(num, sizeof(num), "%zu", count);
	ok &= setv(e, prefix, "count", num);
	ok &= setv(e, prefix, "id", r->id);
	ok &= setv(e, prefix, "loinc", r->loinc);
	ok &= setv(e, prefix, "effective", r->effective);
	ok &= setv(e, prefix, "subject", r->subject);
	for (size_t i = 0; ok && i < r->nvalues; i++) {
		const struct fhir_value *fv = &r->values[i];
		const struct fhir_vital *vit = fhir_vital_find(fv->loinc);
		char key[96];

		snprintf(num, sizeof(num), "%.10g", fv->value);
		if (i == 0) {
			ok &= setv(e, prefix, "value", num);
			ok &= setv(e, prefix, "unit", fv->unit);
		}
		if (vit && r->vital && r->vital->components[0]) {
			snprintf(key, sizeof(key), "%s.value", vit->name);
			ok &= setv(e, prefix, key, num);
			snprintf(key, sizeof(key), "%s.unit", vit->name);
			ok &= setv(e, prefix, key, fv->unit);
		}
	}
	return ok;
}

static enum verdict check_fhir(struct exec *e, const struct http_step *h, json_object *doc,
			       uint64_t seq)
{
	const char *prefix = h->fhir_capture ? h->fhir_capture : "fhir";
	char *want = h->fhir_loinc ? expand_dup(e, h->fhir_loinc) : NULL;
	struct fhir_result r, first;
	char text[1200], what[160];
	size_t count = 0, bad = 0;
	struct buf all;
	enum verdict v;

	if (h->fhir_loinc && !want)
		return VERDICT_ERROR;
	snprintf(what, sizeof(what), "FHIR R4 %s%s%s (vital-signs profile)", h->fhir,
		 want ? ", LOINC " : "", want ? want : "");
	memset(&first, 0, sizeof(first));
	buf_init(&all, 8192);
	if (!strcmp(h->fhir, "Observation")) {
		count = 1;
		bad = fhir_check_observation(doc, want, &first) ? 1 : 0;
		fhir_violations_text(&first, text, sizeof(text));
		/* a cut quote is still evidence; the verdict stands */
		if (bad && buf_append_str(&all, text))
			buf_reset(&all);
	} else {
		/* typed: a resourceType of null is no string to compare */
		json_object *entries = fhir_bundle_entries(doc);

		if (!entries) {
			free(want);
			buf_release(&all);
			return exec_decide(e, VERDICT_FAIL, what, "not a Bundle with entries", seq, seq,
					   "body is not a FHIR Bundle with an entry array");
		}
		for (size_t i = 0; i < json_object_array_length(entries); i++) {
			json_object *res;

			if (!json_object_object_get_ex(json_object_array_get_idx(entries, i),
						       "resource", &res))
				continue;
			if (fhir_check_observation(res, want, &r)) {
				fhir_violations_text(&r, text, sizeof(text));
				if (buf_appendf(&all, "%sentry %zu%s%s%s: %s", bad ? "; " : "", i,
						r.id[0] ? " (id " : "", r.id, r.id[0] ? ")" : "", text) &&
				    !bad)
					buf_reset(&all);
				bad++;
			}
			if (!count++)
				first = r;
		}
	}
	free(want);
	if (count && !publish_fhir(e, prefix, &first, count)) {
		buf_release(&all);
		return e->verdict;
	}
	if (bad)
		v = exec_decide(e, VERDICT_FAIL, what, buf_str(&all), seq, seq,
				"%zu of %zu observations violate the profile: %.300s", bad, count,
				buf_str(&all));
	else if ((long)count < h->fhir_min)
		v = exec_decide(e, VERDICT_FAIL, what, "too few", seq, seq,
				"%zu observations, expected at least %ld", count, h->fhir_min);
	else
		v = exec_decide(e, VERDICT_PASS, what, "conforms", seq, seq,
				"%zu observation%s conform", count, count == 1 ? "" : "s");
	buf_release(&all);
	return v;
}

static enum verdict do_expect(struct exec *e, const struct step *st)
{
	const struct http_step *h = st->http;
	const struct http_response *r = e->http_last;
	enum verdict worst = VERDICT_PASS, v;
	char want[200], got[1100];
	uint64_t seq;

	if (h->when) {
		struct vars_scope sc = { .local = &e->vars, .run = e->run_vars,
					 .builtin = e->builtin, .builtin_data = e->builtin_data };
		char err[256];
		bool yes;

		if (vars_condition(&sc, h->when, &yes, err, sizeof(err)))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: %s", err);
		if (!yes)
			return VERDICT_PASS;
	}
	if (!r)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: http_expect needs an http_request before it");
	if (r->outcome != HTTP_OUT_RESPONSE)
		return exec_decide(e, VERDICT_FAIL, "a response", http_outcome_name(r->outcome),
				   r->tx_seq, r->tx_seq, "no response to check: %s", r->error);
	seq = r->rx_seq;
	if (h->nstatus) {
		status_list(h, want, sizeof(want));
		snprintf(got, sizeof(got), "%ld", r->status);
		v = exec_decide(e, status_matches(h, r->status) ? VERDICT_PASS : VERDICT_FAIL, want,
				got, seq, seq, "status");
		WORSE(worst, v);
	}
	for (size_t i = 0; i < h->nhdr_checks; i++) {
		const struct http_pair *p = &h->hdr_checks[i];

		if (!http_response_header(r, p->name, got, sizeof(got)))
			v = exec_decide(e, VERDICT_FAIL, p->value, "absent", seq, seq,
					"header %s missing", p->name);
		else
			v = exec_decide(e, regexec(&p->re, got, 0, NULL, 0) ? VERDICT_FAIL
									 : VERDICT_PASS,
					p->value, got, seq, seq, "header %s matches /%s/", p->name,
					p->value);
		WORSE(worst, v);
	}
	for (size_t i = 0; h->absent_headers && h->absent_headers[i]; i++) {
		bool present = http_response_header(r, h->absent_headers[i], got, sizeof(got));

		v = exec_decide(e, present ? VERDICT_FAIL : VERDICT_PASS, "absent",
				present ? got : "absent", seq, seq, "header %s must be absent",
				h->absent_headers[i]);
		WORSE(worst, v);
	}
	if (h->has_body_re || h->has_body_not_re) {
		const char *body = buf_str(&r->body);
		regmatch_t m;

		if (h->has_body_re) {
			v = exec_decide(e, regexec(&h->body_re, body, 0, NULL, 0) ? VERDICT_FAIL
										   : VERDICT_PASS,
					h->body_matches, r->body.len ? "(body)" : "(empty body)", seq,
					seq, "body matches /%s/", h->body_matches);
			WORSE(worst, v);
		}
		if (h->has_body_not_re) {
			bool hit = !regexec(&h->body_not_re, body, 1, &m, 0);

			if (hit)
				snprintf(got, sizeof(got), "...%.*s...", (int)(m.rm_eo - m.rm_so > 200
										 ? 200
										 : m.rm_eo - m.rm_so),
					 body + m.rm_so);
			v = exec_decide(e, hit ? VERDICT_FAIL : VERDICT_PASS, "no match",
					hit ? got : "no match", seq, seq, "body must not match /%s/",
					h->body_not_matches);
			WORSE(worst, v);
		}
	}
	if (h->njson || h->fhir) {
		enum json_tokener_error jerr = json_tokener_success;
		json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
		json_object *doc = NULL;
		unsigned saved = e->step_no;

		if (tok) {
			doc = json_tokener_parse_ex(tok, (const char *)buf_str(&r->body),
						    (int)r->body.len);
			jerr = json_tokener_get_error(tok);
			if (jerr != json_tokener_success) {
				json_object_put(doc);
				doc = NULL;
			}
			json_tokener_free(tok);
		}
		if (!doc) {
			v = exec_decide(e, VERDICT_FAIL, "a JSON body",
					r->body.len ? json_tokener_error_desc(jerr) : "empty body", seq,
					seq, "body is not JSON");
			WORSE(worst, v);
		} else {
			for (size_t i = 0; i < h->njson; i++) {
				v = check_json(e, &h->json[i], doc, seq);
				WORSE(worst, v);
			}
			e->step_no = saved;
			if (h->fhir) {
				v = check_fhir(e, h, doc, seq);
				WORSE(worst, v);
			}
			json_object_put(doc);
		}
		e->step_no = saved;
	}
	return worst;
}

/* ---- http_load ---- */

static enum verdict do_load(struct exec *e, const struct step *st, const char *base)
{
	const struct http_step *h = st->http;
	const char *prefix = h->capture ? h->capture : "load";
	struct http_load_result res;
	struct built b;
	struct buf t;
	char summary[400], want[120];
	double count_d;
	size_t count;
	int rc;

	buf_init(&t, 64);
	if (!exec_expand(e, h->count, &t)) {
		buf_release(&t);
		return VERDICT_ERROR;
	}
	if (!exec_quantity(e, "count", buf_str(&t), "", false, &count_d)) {
		buf_release(&t);
		return VERDICT_ERROR;
	}
	if (count_d < 1 || count_d > HTTP_LOAD_MAX ||
	    count_d != floor(count_d)) {
		exec_decide(e, VERDICT_ERROR, NULL, buf_str(&t), 0, 0,
			    "suite: http_load count '%s' is not 1..%d", buf_str(&t), HTTP_LOAD_MAX);
		buf_release(&t);
		return VERDICT_ERROR;
	}
	buf_release(&t);
	count = (size_t)count_d;
	if (!build(e, h, &b, base)) {
		built_release(&b);
		return e->verdict;
	}
	e->last_tx_ns = mono_now_ns();
	rc = http_load(e->t, &b.q, count, (size_t)h->concurrency, h->ok_status, h->nok, &res);
	built_release(&b);
	if (rc)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "http_load: %s%s",
				   cc_strerror(rc),
				   rc == CC_EINVAL ? " (load goes only to the profile's url)" : "");
	{
		static const struct { const char *name; double p; } pct[] = {
			{ "min_ms", 0 }, { "p50_ms", 50 }, { "p95_ms", 95 },
			{ "p99_ms", 99 }, { "max_ms", 100 },
		};
		char num[32];
		bool ok = true;

		snprintf(num, sizeof(num), "%zu", res.sent);
		ok &= setv(e, prefix, "sent", num);
		snprintf(num, sizeof(num), "%zu", res.completed);
		ok &= setv(e, prefix, "completed", num);
		snprintf(num, sizeof(num), "%zu", res.reconnects);
		ok &= setv(e, prefix, "reconnects", num);
		snprintf(num, sizeof(num), "%zu", res.errors);
		ok &= setv(e, prefix, "errors", num);
		/* requests never sent count as errors: the rate is of count */
		ok &= setvf(e, prefix, "error_rate",
			    100.0 * (double)(res.errors + (count - res.completed)) / (double)count);
		for (size_t k = 0; k < sizeof(pct) / sizeof(pct[0]); k++) {
			double v = NAN;

			if (res.completed)
				stats_percentile_sorted(res.latency_ms, res.completed, pct[k].p, &v);
			ok &= setvf(e, prefix, pct[k].name, v);
		}
		ok &= setvf(e, prefix, "mean_ms",
			    res.completed ? stats_mean(res.latency_ms, res.completed) : NAN);
		if (!ok) {
			http_load_release(&res);
			return e->verdict;
		}
	}
	snprintf(want, sizeof(want), "%zu requests, %ld at a time", count, h->concurrency);
	snprintf(summary, sizeof(summary), "%zu of %zu completed, %zu error%s%s%s%s", res.completed,
		 count, res.errors, res.errors == 1 ? "" : "s", res.errors ? " (first: " : "",
		 res.errors ? res.first_error : "", res.errors ? ")" : "");
	if (res.reconnects) {
		size_t n = strlen(summary);

		snprintf(summary + n, sizeof(summary) - n, ", %zu reconnection%s", res.reconnects,
			 res.reconnects == 1 ? "" : "s");
	}
	http_load_release(&res);
	if (res.completed < count)
		return exec_decide(e, VERDICT_FAIL, want, summary, res.first_error_seq,
				   res.first_error_seq, "load did not complete in time");
	return exec_decide(e, VERDICT_PASS, want, summary, res.first_error_seq,
			   res.first_error_seq, "load done");
}

/* ---- http_serve, http_receive (role 2: the DUT calls, carecert serves) ---- */

/* The CA the DUT trusts, from the profile (a simulator announces its own). */
static bool load_ca(struct exec *e, struct pki_pair *ca)
{
	const char *cert = transport_param(e->t, "upload_ca_cert");
	const char *key = transport_param(e->t, "upload_ca_key");
	size_t len;

	memset(ca, 0, sizeof(*ca));
	if (!cert || !key) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "profile: this certificate needs upload_ca_cert and upload_ca_key (the CA the DUT trusts)");
		return false;
	}
	if (read_file(cert, &ca->cert_pem, &len) || read_file(key, &ca->key_pem, &len)) {
		pki_pair_release(ca);
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "profile: cannot read %s or %s",
			    cert, key);
		return false;
	}
	return true;
}

static enum verdict do_serve(struct exec *e, const struct step *st)
{
	const struct http_step *h = st->http;
	const char *prefix = h->capture ? h->capture : "serve";
	enum http_srv_cert kind = (enum http_srv_cert)h->serve_cert;
	const char *dflt_bind = transport_param(e->t, "upload_bind");
	char *bind = NULL, *host = NULL, url[400], what[700], err[256] = "";
	struct http_srv_cert_plan plan;
	struct pki_pair ca = { 0 }, srv = { 0 };
	enum verdict v = VERDICT_ERROR;
	int rc;

	/* one endpoint at a time: a second http_serve replaces the first */
	http_srv_stop(e->http_srv);
	e->http_srv = NULL;
	bind = h->serve_bind ? expand_dup(e, h->serve_bind) : strdup(dflt_bind ? dflt_bind
										    : "127.0.0.1");
	if (!bind)
		goto out;
	host = h->serve_host ? expand_dup(e, h->serve_host) : strdup(bind);
	if (!host)
		goto out;
	if (http_srv_cert_plan(kind, host, &plan)) {
		exec_decide(e, VERDICT_ERROR, NULL, host, 0, 0, "suite: host '%.100s' is not a host name or address", host);
		goto out;
	}
	if (plan.signed_by_ca && !load_ca(e, &ca))
		goto out;
	if ((rc = pki_make_server(plan.signed_by_ca ? &ca : NULL, plan.cn, plan.san, plan.from_s,
				  plan.to_s, &srv))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "cannot make the %s certificate: %s",
			    http_srv_cert_name(kind), cc_strerror(rc));
		goto out;
	}
	if ((rc = http_srv_start_down(bind, (int)h->serve_port, srv.cert_pem, srv.key_pem,
				      h->serve_down_ns > 0 ? (enum http_srv_down)h->serve_down
							   : HTTP_SRV_DOWN_NONE,
				      mono_now_ns() + h->serve_down_ns, &e->http_srv, err,
				      sizeof(err)))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "http_serve: %s", err);
		goto out;
	}
	snprintf(url, sizeof(url), strchr(host, ':') ? "https://[%s]:%d" : "https://%s:%d", host,
		 http_srv_port(e->http_srv));
	if (!setv(e, prefix, "url", url) ||
	    !setv(e, prefix, "certificate", http_srv_cert_name(kind)) ||
	    !setv(e, prefix, "listen", http_srv_url(e->http_srv)))
		goto out;
	snprintf(what, sizeof(what), "listening on %s for %s, %s certificate (CN %s, %s, valid %+lds..%+lds%s)",
		 http_srv_url(e->http_srv), url, http_srv_cert_name(kind), plan.cn, plan.san,
		 plan.from_s, plan.to_s, plan.signed_by_ca ? ", issued by the DUT's CA" : ", self-signed");
	transport_log_event(e->t, "http-serve", what);
	if (h->serve_refuse_ns > 0) {
		http_srv_refuse_until(e->http_srv, mono_now_ns() + h->serve_refuse_ns,
				      (unsigned)h->serve_refuse_status);
		snprintf(what, sizeof(what), "every request answered %ld for the first %.3f s",
			 h->serve_refuse_status, (double)h->serve_refuse_ns / 1e9);
		transport_log_event(e->t, "http-serve-outage", what);
	}
	if (h->serve_down_ns > 0) {
		snprintf(what, sizeof(what), "the platform unreachable for the first %.3f s: %s",
			 (double)h->serve_down_ns / 1e9,
			 h->serve_down == HTTP_SRV_DOWN_SILENT
				 ? "connections accepted by the kernel, never answered (the DUT times out)"
				 : "the port not listening (connections refused)");
		transport_log_event(e->t, "http-serve-unreachable", what);
	}
	v = exec_decide(e, VERDICT_PASS, http_srv_cert_name(kind), url, 0, 0, "%s", what);
out:
	if (v != VERDICT_PASS && e->verdict == VERDICT_NONE)
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "http_serve: out of memory");
	free(bind);
	free(host);
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	return v;
}

/* The request into the traffic log as one rx frame, carecert's answer as
 * one tx frame. */
static void log_received(struct exec *e, const struct http_srv_item *it, uint64_t *rx_seq,
			 uint64_t *tx_seq)
{
	struct frame_ref rx, tx;
	struct buf msg;
	char ans[64];
	size_t room;

	buf_init(&msg, HTTP_LOG_MAX + 64u * 1024u + 1200u);
	room = HTTP_LOG_MAX > it->headers.len ? HTTP_LOG_MAX - it->headers.len : 0;
	if (buf_appendf(&msg, "%s %s HTTP/1.1\r\n", it->method, it->path) ||
	    buf_append(&msg, it->headers.data ? it->headers.data : (const uint8_t *)"",
		       it->headers.len) ||
	    buf_append_str(&msg, "\r\n") ||
	    buf_append(&msg, it->body.data ? it->body.data : (const uint8_t *)"",
		       it->body.len < room ? it->body.len : room))
		buf_reset(&msg);
	transport_stamp(e->t, &rx);
	transport_log_frame(e->t, "rx", msg.data, msg.len, &rx);
	snprintf(ans, sizeof(ans), "HTTP/1.1 %u (carecert's answer)", it->status);
	transport_stamp(e->t, &tx);
	transport_log_frame(e->t, "tx", (const uint8_t *)ans, strlen(ans), &tx);
	*rx_seq = rx.seq;
	*tx_seq = tx.seq;
	buf_release(&msg);
}

/* The received request becomes the "last exchange" that http_expect checks:
 * its headers and body in place of a response's. */
static bool keep_received(struct exec *e, const struct http_srv_item *it, uint64_t seq)
{
	struct http_response *r;

	if (e->http_last)
		http_response_release(e->http_last);
	else if (!(e->http_last = malloc(sizeof(*e->http_last))))
		return false;
	r = e->http_last;
	http_response_init(r);
	r->outcome = HTTP_OUT_RESPONSE;
	r->status = 0; /* a request has none */
	snprintf(r->tls_version, sizeof(r->tls_version), "%s", it->tls_version);
	if (buf_append(&r->headers, it->headers.data ? it->headers.data : (const uint8_t *)"",
		       it->headers.len) ||
	    buf_append(&r->body, it->body.data ? it->body.data : (const uint8_t *)"", it->body.len))
		return false;
	r->body_total = it->body_total;
	r->tx_seq = r->rx_seq = seq;
	return true;
}

static bool wanted(const struct http_step *h, const struct http_srv_item *it)
{
	if (h->recv_method && strcmp(h->recv_method, it->method))
		return false;
	return !h->has_recv_path_re || !regexec(&h->recv_path_re, it->path, 0, NULL, 0);
}

static enum verdict do_receive(struct exec *e, const struct step *st)
{
	const struct http_step *h = st->http;
	const char *prefix = h->capture ? h->capture : "received";
	int64_t deadline = exec_deadline(e, h->within_ns), t0 = mono_now_ns();
	size_t refused = 0, skipped = 0;
	char want[200], got[600], ev[300];
	struct http_srv_item *it = NULL;
	uint64_t rx_seq = 0, tx_seq = 0;

	if (!e->http_srv)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: http_receive needs an http_serve before it");
	snprintf(want, sizeof(want), "%s", h->recv_expect == HTTP_RECV_REQUEST ? "a request"
					   : h->recv_expect == HTTP_RECV_NONE ? "no request"
					   : "a connection refused before any request");
	for (;;) {
		if (http_srv_wait(e->http_srv, deadline, &it))
			break;
		if (it->kind == HTTP_SRV_NO_REQUEST) {
			snprintf(ev, sizeof(ev), "connection from %s closed before any request (the DUT dropped the TLS handshake?)",
				 it->peer);
			transport_log_event(e->t, "http-serve-no-request", ev);
			refused++;
			http_srv_item_free(it);
			it = NULL;
			/* a DUT that refused once is given a short while to try
			 * again (and fail the case by uploading after all) */
			if (h->recv_expect == HTTP_RECV_REFUSED) {
				int64_t grace = mono_now_ns() + 1000000000LL;

				if (grace < deadline)
					deadline = grace;
			}
			continue;
		}
		log_received(e, it, &rx_seq, &tx_seq);
		if (h->recv_expect != HTTP_RECV_REQUEST || wanted(h, it))
			break;
		skipped++;
		http_srv_item_free(it);
		it = NULL;
	}
	if (http_srv_dropped(e->http_srv))
		transport_log_event(e->t, "http-serve-dropped", "the endpoint's queue overflowed");
	if (!it) {
		snprintf(got, sizeof(got), "no request in %.1f s; %zu connection%s closed before a request%s%s",
			 (double)(mono_now_ns() - t0) / 1e9, refused, refused == 1 ? "" : "s",
			 skipped ? "; other requests skipped: " : "",
			 skipped ? (h->recv_method ? h->recv_method : "(path)") : "");
		if (h->recv_expect == HTTP_RECV_NONE)
			return exec_decide(e, VERDICT_PASS, want, got, 0, 0, "the DUT sent nothing");
		if (h->recv_expect == HTTP_RECV_REFUSED)
			return exec_decide(e, refused ? VERDICT_PASS : VERDICT_FAIL, want, got, 0, 0,
					   refused ? "the DUT connected and gave up before sending anything"
						   : "the DUT never connected, so its refusal is not shown");
		return exec_decide(e, VERDICT_FAIL, want, got, 0, 0, "%s%s%s: nothing arrived",
				   h->recv_method ? h->recv_method : "any request",
				   h->recv_path ? " on " : "", h->recv_path ? h->recv_path : "");
	}
	snprintf(got, sizeof(got), "%s %.300s from %s over %s, %zu body bytes", it->method,
		 it->path, it->peer, it->tls_version[0] ? it->tls_version : "TLS", it->body_total);
	if (h->recv_expect != HTTP_RECV_REQUEST) {
		enum verdict v = exec_decide(e, VERDICT_FAIL, want, got, rx_seq, tx_seq, "%s",
					     h->recv_expect == HTTP_RECV_NONE
						     ? "the DUT sent a request where none may come"
						     : "the DUT sent a request to an endpoint whose "
						       "certificate it must refuse");
		http_srv_item_free(it);
		return v;
	}
	if (!keep_received(e, it, rx_seq) || !publish_response(e, prefix, e->http_last) ||
	    !setv(e, prefix, "method", it->method) || !setv(e, prefix, "path", it->path) ||
	    !setv(e, prefix, "peer", it->peer)) {
		http_srv_item_free(it);
		return e->verdict != VERDICT_NONE ? e->verdict
						  : exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
								"out of memory");
	}
	http_srv_item_free(it);
	return exec_decide(e, VERDICT_PASS, want, got, rx_seq, tx_seq, "the DUT sent a request");
}

int exec_http_take_request(struct exec *e, int64_t deadline, struct http_srv_item **it,
			   uint64_t *rx_seq)
{
	uint64_t tx_seq = 0;
	char ev[300];

	*it = NULL;
	*rx_seq = 0;
	if (!e->http_srv)
		return CC_ENOTFOUND;
	for (;;) {
		int rc = http_srv_wait(e->http_srv, deadline, it);

		if (rc)
			return rc;
		if ((*it)->kind == HTTP_SRV_REQUEST)
			break;
		snprintf(ev, sizeof(ev), "connection from %s closed before any request",
			 (*it)->peer);
		transport_log_event(e->t, "http-serve-no-request", ev);
		http_srv_item_free(*it);
		*it = NULL;
	}
	log_received(e, *it, rx_seq, &tx_seq);
	if (!keep_received(e, *it, *rx_seq)) {
		http_srv_item_free(*it);
		*it = NULL;
		return CC_ENOMEM;
	}
	return CC_OK;
}

enum verdict exec_http_step(struct exec *e, const struct step *st)
{
	const char *base = http_base_url(e->t);

	if (!base || !st->http)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: %s needs an http link", step_kind_name(st->kind));
	switch (st->kind) {
	case STEP_HTTP_REQUEST:
		return do_request(e, st, base);
	case STEP_HTTP_EXPECT:
		return do_expect(e, st);
	case STEP_HTTP_LOAD:
		return do_load(e, st, base);
	case STEP_HTTP_SERVE:
		return do_serve(e, st);
	case STEP_HTTP_RECEIVE:
		return do_receive(e, st);
	default:
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "unknown HTTP step");
	}
}

void exec_http_case_end(struct exec *e)
{
	http_response_release(e->http_last);
	free(e->http_last);
	e->http_last = NULL;
	http_srv_stop(e->http_srv);
	e->http_srv = NULL;
}
