/* SPDX-License-Identifier: MIT */
/*
 * Loading the HTTP steps of a suite (http-step.h). Every mistake is a
 * located error at load time.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "http/http-step.h"
#include "http/http-serve.h"
#include "base/err.h"
#include "http/jpath.h"
#include "base/units.h"

#include <ctype.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WITHIN_NS (10LL * 1000000000LL)

static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", NULL,
};

/* ---- YAML to JSON (inline bodies written as YAML) ---- */

static json_object *scalar_json(const struct ynode *n)
{
	double d;
	char *end;

	if (n->plain) {
		if (!strcmp(n->str, "true") || !strcmp(n->str, "false"))
			return json_object_new_boolean(n->str[0] == 't');
		if (!strcmp(n->str, "null") || !strcmp(n->str, "~") || !n->len)
			return NULL;
		d = strtod(n->str, &end);
		if (n->len && !*end && !isspace((unsigned char)n->str[0])) {
			if (!strpbrk(n->str, ".eE") && d == (double)(long long)d)
				return json_object_new_int64((long long)d);
			return json_object_new_double(d);
		}
	}
	return json_object_new_string(n->str);
}

static json_object *yaml_json(const struct ynode *n)
{
	json_object *o;

	if (n->type == YNODE_SCALAR)
		return scalar_json(n);
	if (n->type == YNODE_SEQ) {
		o = json_object_new_array();
		for (size_t i = 0; o && i < n->n; i++)
			json_object_array_add(o, yaml_json(n->items[i]));
		return o;
	}
	o = json_object_new_object();
	for (size_t i = 0; o && i < n->n; i++)
		json_object_object_add(o, n->pairs[i].key->str, yaml_json(n->pairs[i].value));
	return o;
}

/* ---- pieces ---- */

static struct http_pair *load_pairs(struct loader *L, const struct ynode *n,
				    const char *what, size_t *count, bool regex)
{
	struct http_pair *p;

	*count = 0;
	if (!ynode_expect(n, YNODE_MAP, what, L->d))
		return NULL;
	p = calloc(n->n ? n->n : 1, sizeof(*p));
	for (size_t i = 0; p && i < n->n; i++) {
		struct http_pair *e = &p[(*count)++];
		const struct ynode *k = n->pairs[i].key, *v = n->pairs[i].value;

		e->name = strdup(k->str);
		for (const char *c = k->str; *c; c++)
			if (!isgraph((unsigned char)*c) || *c == ':')
				ynode_error(k, L->d, "header or field name '%s' has a bad character",
					    k->str);
		e->value = suite_dup_str(v, what, L->d);
		if (!e->value)
			continue;
		if (regex)
			e->has_re = suite_compile_re(v, e->value, &e->re, L->d);
		else
			suite_check_vars(L, v, e->value);
	}
	return p;
}

static void load_tls(struct loader *L, struct http_req_spec *q, const struct ynode *n)
{
	static const char *const keys[] = { "min", "max", NULL };
	const struct ynode *v;
	const char *s;

	if (!ynode_expect(n, YNODE_MAP, "tls", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	if ((v = ymap_get(n, "min")) && (s = yscalar_str(v, "tls min", L->d)) &&
	    http_tls_version_parse(s, &q->tls_min))
		ynode_error(v, L->d, "TLS version must be 1.0, 1.1, 1.2 or 1.3");
	if ((v = ymap_get(n, "max")) && (s = yscalar_str(v, "tls max", L->d)) &&
	    http_tls_version_parse(s, &q->tls_max))
		ynode_error(v, L->d, "TLS version must be 1.0, 1.1, 1.2 or 1.3");
	if (q->tls_min && q->tls_max && q->tls_max < q->tls_min)
		ynode_error(n, L->d, "tls max is below tls min");
}

static void load_auth(struct loader *L, struct http_req_spec *q, const struct ynode *n)
{
	static const char *const keys[] = { "bearer", "user", "password", NULL };

	if (!ynode_expect(n, YNODE_MAP, "auth", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	q->bearer = suite_step_str(L, n, "bearer");
	q->user = suite_step_str(L, n, "user");
	q->password = suite_step_str(L, n, "password");
	if (!!q->bearer + !!q->user != 1)
		ynode_error(n, L->d, "auth needs either bearer, or user (and password)");
	if (q->password && !q->user)
		ynode_error(n, L->d, "auth password needs a user");
}

/* A body file is found relative to the suite file. */
static char *resolve_file(struct loader *L, const struct ynode *n, const char *name)
{
	char *path = suite_resolve_path(L, name);
	FILE *f = path ? fopen(path, "rb") : NULL;

	if (!f) {
		ynode_error(n, L->d,
			    "body_file '%s' cannot be read (looked for %s)",
			    name, path ? path : name);
		free(path);
		return NULL;
	}
	fclose(f);
	return path;
}

static void load_body(struct loader *L, struct http_req_spec *q, const struct ynode *map)
{
	static const char *const kinds[] = { "body", "json", "form", "body_file", "fill", NULL };
	const struct ynode *v;
	int found = 0;

	for (size_t i = 0; kinds[i]; i++)
		found += ymap_get(map, kinds[i]) != NULL;
	if (found > 1)
		ynode_error(map, L->d, "at most one of body, json, form, body_file, fill");
	if ((v = ymap_get(map, "body"))) {
		q->body_kind = HTTP_BODY_TEXT;
		q->body = suite_step_str(L, map, "body");
	} else if ((v = ymap_get(map, "json"))) {
		q->body_kind = HTTP_BODY_JSON;
		if (v->type == YNODE_SCALAR) {
			q->body = suite_step_str(L, map, "json");
			/* a template with variables is parsed after expansion */
			if (q->body && !strstr(q->body, "${")) {
				json_object *o = json_tokener_parse(q->body);

				if (!o)
					ynode_error(v, L->d, "json is not valid JSON");
				json_object_put(o);
			}
		} else {
			json_object *o = yaml_json(v);

			q->body = o ? strdup(json_object_to_json_string_ext(
					      o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE))
				    : NULL;
			json_object_put(o);
			if (q->body)
				suite_check_vars(L, v, q->body);
		}
	} else if ((v = ymap_get(map, "form"))) {
		q->body_kind = HTTP_BODY_FORM;
		q->form = load_pairs(L, v, "form", &q->nform, false);
	} else if ((v = ymap_get(map, "body_file"))) {
		const char *s = yscalar_str(v, "body_file", L->d);

		q->body_kind = HTTP_BODY_FILE;
		if (s)
			q->body = resolve_file(L, v, s);
	} else if ((v = ymap_get(map, "fill"))) {
		long n;

		q->body_kind = HTTP_BODY_FILL;
		if (yscalar_long(v, "fill", 1, HTTP_STEP_FILL_MAX, &n, L->d))
			q->fill = (size_t)n;
	}
}

static void load_req(struct loader *L, struct http_step *h, const struct ynode *v,
		     bool allow_url)
{
	struct http_req_spec *q = &h->req;
	const struct ynode *w;
	const char *s;

	q->method = strdup("GET");
	if ((w = ymap_get(v, "method")) && (s = yscalar_str(w, "method", L->d))) {
		size_t i;

		for (i = 0; methods[i]; i++)
			if (!strcmp(methods[i], s))
				break;
		if (!methods[i])
			ynode_error(w, L->d, "unknown method '%s' (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE)",
				    s);
		free(q->method);
		q->method = strdup(s);
	}
	q->path = suite_step_str(L, v, "path");
	if (allow_url)
		q->url = suite_step_str(L, v, "url");
	if (!!q->path + !!q->url != 1)
		ynode_error(v, L->d, allow_url ? "%s needs path (under the profile's url) or url"
					       : "%s needs path (load goes only to the profile's url)",
			    "the request");
	if (q->path && q->path[0] != '/' && strncmp(q->path, "${", 2))
		ynode_error(ymap_get(v, "path"), L->d, "path must start with '/'");
	if (q->url && strncmp(q->url, "https://", 8) && strncmp(q->url, "http://", 7) &&
	    strncmp(q->url, "${", 2))
		ynode_error(ymap_get(v, "url"), L->d, "url must be an http:// or https:// URL");
	if ((w = ymap_get(v, "headers")))
		q->headers = load_pairs(L, w, "headers", &q->nheaders, false);
	if ((w = ymap_get(v, "auth")))
		load_auth(L, q, w);
	if ((w = ymap_get(v, "tls")))
		load_tls(L, q, w);
	load_body(L, q, v);
}

/* 200, "2xx", or a list of them. */
static void load_status(struct loader *L, const struct ynode *n, long *out, size_t *count)
{
	char **v = ynode_strv(n, "status", L->d);

	*count = 0;
	for (size_t i = 0; v && v[i]; i++) {
		char *end;
		long s;

		if (*count == HTTP_STEP_MAX_STATUS) {
			ynode_error(n, L->d, "at most %d statuses", HTTP_STEP_MAX_STATUS);
			break;
		}
		if (strlen(v[i]) == 3 && v[i][0] >= '1' && v[i][0] <= '5' && !strcmp(v[i] + 1, "xx")) {
			out[(*count)++] = v[i][0] - '0';
			continue;
		}
		s = strtol(v[i], &end, 10);
		if (*end || s < 100 || s > 599)
			ynode_error(n, L->d, "status '%s' must be 100..599 or a class like 4xx", v[i]);
		else
			out[(*count)++] = s;
	}
	strv_free(v);
}


/* A JSON path may filter by a value captured earlier
 * (entry[resource.effectiveDateTime=${t}]): its syntax is checked with
 * each ${...} standing for a plain word, the expanded path again at run
 * time. */
static int check_json_path(struct loader *L, const struct ynode *n, const char *path,
			   char *err, size_t errlen)
{
	char shape[JPATH_MAX * 2];
	size_t k = 0;

	if (!strstr(path, "${"))
		return jpath_check(path, err, errlen);
	if (!suite_check_vars(L, n, path))
		return CC_OK; /* reported there */
	for (const char *p = path; *p && k + 2 < sizeof(shape); p++) {
		const char *end;

		if (p[0] == '$' && p[1] == '{' && (end = strchr(p, '}'))) {
			shape[k++] = 'x';
			p = end;
			continue;
		}
		shape[k++] = *p;
	}
	shape[k] = 0;
	return jpath_check(shape, err, errlen);
}

static void load_json_checks(struct loader *L, struct http_step *h, const struct ynode *n)
{
	static const char *const keys[] = { "path", "present", "type", "equals", "one_of",
					    "matches", "min", "max", "unit", "unit_path",
					    "name", "capture", NULL };

	if (!ynode_expect(n, YNODE_SEQ, "json", L->d))
		return;
	h->json = calloc(n->n ? n->n : 1, sizeof(*h->json));
	for (size_t i = 0; h->json && i < n->n; i++) {
		const struct ynode *c = n->items[i], *w;
		struct http_json_check *j = &h->json[h->njson++];
		char err[200];
		bool b;

		j->line = c->line;
		j->present = 1;
		if (!ynode_expect(c, YNODE_MAP, "a JSON check", L->d))
			continue;
		ymap_check_keys(c, keys, L->d);
		if ((w = ymap_require(c, "path", L->d)) &&
		    (j->path = suite_dup_str(w, "path", L->d)) &&
		    check_json_path(L, w, j->path, err, sizeof(err)))
			ynode_error(w, L->d, "%s", err);
		if ((w = ymap_get(c, "present")) && yscalar_bool(w, "present", &b, L->d))
			j->present = b;
		if ((w = ymap_get(c, "type")) && (j->type = suite_dup_str(w, "type", L->d)) &&
		    !jpath_type_known(j->type))
			ynode_error(w, L->d, "type must be string, number, integer, boolean, object, array or null");
		j->equals = suite_step_str(L, c, "equals");
		if ((w = ymap_get(c, "one_of")))
			j->one_of = ynode_strv(w, "one_of", L->d);
		if ((w = ymap_get(c, "matches")) && (j->matches = suite_dup_str(w, "matches", L->d)))
			j->has_re = suite_compile_re(w, j->matches, &j->re, L->d);
		j->min = suite_step_str(L, c, "min");
		j->max = suite_step_str(L, c, "max");
		j->unit = suite_step_str(L, c, "unit");
		if ((w = ymap_get(c, "unit_path")) &&
		    (j->unit_path = suite_dup_str(w, "unit_path", L->d)) &&
		    jpath_check(j->unit_path, err, sizeof(err)))
			ynode_error(w, L->d, "%s", err);
		j->name = suite_step_str(L, c, "name");
		if ((w = ymap_get(c, "capture")) && (j->capture = suite_dup_str(w, "capture", L->d)) &&
		    !suite_valid_name(j->capture))
			ynode_error(w, L->d, "capture must be letters, digits and _");
		suite_define_var(L, j->capture);
		if (j->unit && !strstr(j->unit, "${") && !unit_known(j->unit))
			ynode_error(ymap_get(c, "unit"), L->d, "unknown unit '%s'", j->unit);
		suite_check_range_units(L, c, NULL, j->unit);
		if ((j->unit || j->unit_path || j->name) && !j->min && !j->max)
			ynode_error(c, L->d, "unit, unit_path and name go with min or max");
		if (!j->present && (j->type || j->equals || j->one_of || j->matches || j->min ||
				    j->max || j->capture))
			ynode_error(c, L->d, "present: false takes no other check");
	}
}

static void load_fhir(struct loader *L, struct http_step *h, const struct ynode *n)
{
	static const char *const keys[] = { "resource", "loinc", "capture", "min_count", NULL };
	const struct ynode *w;
	long l;

	if (!ynode_expect(n, YNODE_MAP, "fhir", L->d))
		return;
	ymap_check_keys(n, keys, L->d);
	h->fhir_min = 1;
	if ((w = ymap_require(n, "resource", L->d)) &&
	    (h->fhir = suite_dup_str(w, "resource", L->d)) && strcmp(h->fhir, "Observation") &&
	    strcmp(h->fhir, "Bundle"))
		ynode_error(w, L->d, "resource must be Observation or Bundle (of Observations)");
	h->fhir_loinc = suite_step_str(L, n, "loinc");
	if ((w = ymap_get(n, "capture")) && (h->fhir_capture = suite_dup_str(w, "capture", L->d)) &&
	    !suite_valid_name(h->fhir_capture))
		ynode_error(w, L->d, "capture must be letters, digits and _");
	suite_define_prefix(L, h->fhir_capture ? h->fhir_capture : "fhir");
	if ((w = ymap_get(n, "min_count")) && yscalar_long(w, "min_count", 0, 100000, &l, L->d))
		h->fhir_min = l;
}

static void load_outcomes(struct loader *L, struct http_step *h, const struct ynode *n)
{
	char **v = ynode_strv(n, "expect_outcome", L->d);

	h->outcomes = 0;
	for (size_t i = 0; v && v[i]; i++) {
		enum http_outcome o;

		if (http_outcome_from_name(v[i], &o))
			ynode_error(n, L->d, "unknown outcome '%s' (response, connect_failed, tls_failed, timeout, error)",
				    v[i]);
		else
			h->outcomes |= 1u << o;
	}
	strv_free(v);
}

/* http_serve: {certificate, host, bind, port, capture} */
static void load_serve(struct loader *L, struct http_step *h, const struct ynode *v)
{
	static const char *const keys[] = { "certificate", "host",	  "bind",
					    "port",	   "capture", "refuse_for",
					    "refuse_status", "unreachable_for", "unreachable_as",
					    NULL };
	enum http_srv_cert c = HTTP_CERT_VALID;
	const struct ynode *w;
	const char *s;
	long l;

	ymap_check_keys(v, keys, L->d);
	if ((w = ymap_require(v, "certificate", L->d)) &&
	    (s = yscalar_str(w, "certificate", L->d)) && http_srv_cert_parse(s, &c))
		ynode_error(w, L->d, "certificate must be valid, self_signed, expired or wrong_host");
	h->serve_cert = (int)c;
	h->serve_host = suite_step_str(L, v, "host");
	h->serve_bind = suite_step_str(L, v, "bind");
	if ((w = ymap_get(v, "port")) && yscalar_long(w, "port", 0, 65535, &l, L->d))
		h->serve_port = l;
	/* the platform down for a while: every request answered with an error */
	h->serve_refuse_status = 503;
	if ((w = ymap_get(v, "refuse_for")))
		yscalar_duration(w, "refuse_for", &h->serve_refuse_ns, L->d);
	if ((w = ymap_get(v, "refuse_status")) &&
	    yscalar_long(w, "refuse_status", 400, 599, &l, L->d))
		h->serve_refuse_status = l;
	/* the platform unreachable for a while: no HTTP at all */
	h->serve_down = HTTP_SRV_DOWN_CLOSED;
	if ((w = ymap_get(v, "unreachable_for")))
		yscalar_duration(w, "unreachable_for", &h->serve_down_ns, L->d);
	if ((w = ymap_get(v, "unreachable_as")) && (s = yscalar_str(w, "unreachable_as", L->d))) {
		enum http_srv_down d;

		if (http_srv_down_parse(s, &d))
			ynode_error(w, L->d, "unreachable_as must be closed or silent");
		else
			h->serve_down = (int)d;
		if (!ymap_get(v, "unreachable_for"))
			ynode_error(w, L->d, "unreachable_as goes with unreachable_for");
	}
	if (ymap_get(v, "unreachable_for") && ymap_get(v, "refuse_for"))
		ynode_error(ymap_get(v, "unreachable_for"), L->d,
			    "unreachable_for and refuse_for are two outages: one per http_serve");
}

/* http_receive: {expect, within, method, path, capture} */
static void load_receive(struct loader *L, struct http_step *h, const struct ynode *v)
{
	static const char *const keys[] = { "expect", "within", "method", "path", "capture",
					    NULL };
	const struct ynode *w;
	const char *s;

	ymap_check_keys(v, keys, L->d);
	h->recv_expect = HTTP_RECV_REQUEST;
	if ((w = ymap_get(v, "expect")) && (s = yscalar_str(w, "expect", L->d))) {
		if (!strcmp(s, "request"))
			h->recv_expect = HTTP_RECV_REQUEST;
		else if (!strcmp(s, "none"))
			h->recv_expect = HTTP_RECV_NONE;
		else if (!strcmp(s, "refused"))
			h->recv_expect = HTTP_RECV_REFUSED;
		else
			ynode_error(w, L->d, "expect must be request, none or refused");
	}
	if (!ymap_get(v, "within"))
		ynode_error(v, L->d, "http_receive needs 'within' (how long to wait for the DUT)");
	if ((w = ymap_get(v, "method")) && (h->recv_method = suite_dup_str(w, "method", L->d))) {
		size_t i;

		for (i = 0; methods[i] && strcmp(methods[i], h->recv_method); i++)
			;
		if (!methods[i])
			ynode_error(w, L->d, "unknown method '%s'", h->recv_method);
	}
	if ((w = ymap_get(v, "path")) && (h->recv_path = suite_dup_str(w, "path", L->d)))
		h->has_recv_path_re = suite_compile_re(w, h->recv_path, &h->recv_path_re, L->d);
	if (h->recv_expect != HTTP_RECV_REQUEST && (h->recv_method || h->recv_path))
		ynode_error(v, L->d, "method and path go with expect: request");
}

void suite_load_http(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const req_keys[] = { "method", "path", "url", "headers", "auth",
						"tls", "body", "json", "form", "body_file",
						"fill", "within", "capture", "expect_outcome", NULL };
	static const char *const expect_keys[] = { "status", "headers", "absent_headers",
						   "body_matches", "body_not_matches", "json",
						   "fhir", "when", NULL };
	static const char *const load_keys[] = { "method", "path", "headers", "auth", "tls",
						 "body", "json", "form", "body_file", "count",
						 "concurrency", "within", "ok_status", "capture",
						 NULL };
	struct http_step *h;
	const struct ynode *w;
	long l;

	if (L->transport && strcmp(L->transport, "http"))
		ynode_error(v, L->d, "%s steps need an http link (this one is %s)",
			    step_kind_name(st->kind), L->transport);
	if (!ynode_expect(v, YNODE_MAP, step_kind_name(st->kind), L->d))
		return;
	if (!(h = st->http = calloc(1, sizeof(*h))))
		return;
	h->within_ns = DEFAULT_WITHIN_NS;
	h->outcomes = 1u << HTTP_OUT_RESPONSE;
	if ((w = ymap_get(v, "within")))
		yscalar_duration(w, "within", &h->within_ns, L->d);
	if ((w = ymap_get(v, "capture")) && (h->capture = suite_dup_str(w, "capture", L->d)) &&
	    !suite_valid_name(h->capture))
		ynode_error(w, L->d, "capture must be letters, digits and _");
	/* what the step publishes: <capture>.status, .body... (exec-http.c) */
	if (st->kind != STEP_HTTP_EXPECT)
		suite_define_prefix(L, h->capture ? h->capture
				    : st->kind == STEP_HTTP_REQUEST ? "http"
				    : st->kind == STEP_HTTP_LOAD ? "load"
				    : st->kind == STEP_HTTP_SERVE ? "serve"
				    : "received");
	switch (st->kind) {
	case STEP_HTTP_SERVE:
		load_serve(L, h, v);
		break;
	case STEP_HTTP_RECEIVE:
		load_receive(L, h, v);
		break;
	case STEP_HTTP_REQUEST:
		ymap_check_keys(v, req_keys, L->d);
		load_req(L, h, v, true);
		if ((w = ymap_get(v, "expect_outcome")))
			load_outcomes(L, h, w);
		break;
	case STEP_HTTP_LOAD:
		ymap_check_keys(v, load_keys, L->d);
		load_req(L, h, v, false);
		if ((w = ymap_require(v, "count", L->d)) &&
		    (h->count = suite_step_str(L, v, "count"))) {
			if (!strstr(h->count, "${"))
				yscalar_long(w, "count", 1, HTTP_LOAD_MAX, &l,
					     L->d);
			else
				suite_check_quantity(L, w, "count", h->count,
						     "", false, NULL);
		}
		h->concurrency = 1;
		if ((w = ymap_get(v, "concurrency")) &&
		    yscalar_long(w, "concurrency", 1, HTTP_LOAD_MAX_PARALLEL, &l, L->d))
			h->concurrency = l;
		if (!ymap_get(v, "within"))
			ynode_error(v, L->d, "http_load needs 'within' (how long the load may last)");
		if ((w = ymap_get(v, "ok_status")))
			load_status(L, w, h->ok_status, &h->nok);
		break;
	default:
		ymap_check_keys(v, expect_keys, L->d);
		if ((w = ymap_get(v, "status")))
			load_status(L, w, h->status, &h->nstatus);
		if ((w = ymap_get(v, "headers")))
			h->hdr_checks = load_pairs(L, w, "headers", &h->nhdr_checks, true);
		if ((w = ymap_get(v, "absent_headers")))
			h->absent_headers = ynode_strv(w, "absent_headers", L->d);
		if ((w = ymap_get(v, "body_matches")) &&
		    (h->body_matches = suite_dup_str(w, "body_matches", L->d)))
			h->has_body_re = suite_compile_re(w, h->body_matches, &h->body_re, L->d);
		if ((w = ymap_get(v, "body_not_matches")) &&
		    (h->body_not_matches = suite_dup_str(w, "body_not_matches", L->d)))
			h->has_body_not_re = suite_compile_re(w, h->body_not_matches,
							      &h->body_not_re, L->d);
		if ((w = ymap_get(v, "json")))
			load_json_checks(L, h, w);
		if ((w = ymap_get(v, "fhir")))
			load_fhir(L, h, w);
		if ((w = ymap_get(v, "when")) && (h->when = suite_dup_str(w, "when", L->d)))
			suite_check_condition(L, w, h->when);
		if (!h->nstatus && !h->nhdr_checks && !h->absent_headers && !h->body_matches &&
		    !h->body_not_matches && !h->njson && !h->fhir)
			ynode_error(v, L->d, "http_expect needs a check: status, headers, absent_headers, body_matches, body_not_matches, json or fhir");
		break;
	}
}

static void pairs_free(struct http_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].value);
		if (p[i].has_re)
			regfree(&p[i].re);
	}
	free(p);
}

void suite_free_http(struct http_step *h)
{
	if (!h)
		return;
	free(h->req.method);
	free(h->req.path);
	free(h->req.url);
	pairs_free(h->req.headers, h->req.nheaders);
	free(h->req.body);
	pairs_free(h->req.form, h->req.nform);
	free(h->req.bearer);
	free(h->req.user);
	free(h->req.password);
	free(h->capture);
	free(h->when);
	pairs_free(h->hdr_checks, h->nhdr_checks);
	strv_free(h->absent_headers);
	free(h->body_matches);
	free(h->body_not_matches);
	if (h->has_body_re)
		regfree(&h->body_re);
	if (h->has_body_not_re)
		regfree(&h->body_not_re);
	for (size_t i = 0; i < h->njson; i++) {
		struct http_json_check *j = &h->json[i];

		free(j->path);
		free(j->type);
		free(j->equals);
		strv_free(j->one_of);
		free(j->matches);
		if (j->has_re)
			regfree(&j->re);
		free(j->min);
		free(j->max);
		free(j->unit);
		free(j->unit_path);
		free(j->name);
		free(j->capture);
	}
	free(h->json);
	free(h->fhir);
	free(h->fhir_loinc);
	free(h->fhir_capture);
	free(h->count);
	free(h->serve_host);
	free(h->serve_bind);
	free(h->recv_method);
	free(h->recv_path);
	if (h->has_recv_path_re)
		regfree(&h->recv_path_re);
	free(h);
}

static void free_http_step(struct step *st)
{
	suite_free_http(st->http);
	st->http = NULL;
}

static const enum step_kind http_kinds[] = {
	STEP_HTTP_REQUEST, STEP_HTTP_EXPECT, STEP_HTTP_LOAD, STEP_HTTP_SERVE, STEP_HTTP_RECEIVE,
};

const struct step_family step_family_http = {
	.name = "http",
	.kinds = http_kinds,
	.nkinds = sizeof(http_kinds) / sizeof(http_kinds[0]),
	.load = suite_load_http,
	.run = exec_http_step,
	.free_step = free_http_step,
	.case_end = exec_http_case_end,
};
