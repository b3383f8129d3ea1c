/* SPDX-License-Identifier: MIT */
/*
 * The pure parts of HTTP support: JSON paths, FHIR R4 vital-signs checks,
 * option and name parsing, the load origin rule, the HTTP step loader's
 * errors, the run-time test PKI, and role 2's receiving endpoint (its
 * certificate plans, and the endpoint itself against libcurl on loopback).
 */
#include <check.h>
#include <curl/curl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/err.h"
#include "http/fhir.h"
#include "http/http.h"
#include "http/http-serve.h"
#include "base/clock.h"
#include "http/http-step.h"
#include "http/jpath.h"
#include "core/suite.h"
#include "http/testpki.h"
#include "testutil.h"
#include "transport/transport.h"

static const char doc_text[] =
	"{\"resourceType\":\"Observation\",\"id\":\"bp-1\",\"n\":3.5,\"ok\":true,\"none\":null,"
	"\"component\":[{\"code\":{\"coding\":[{\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":128}},"
	"{\"code\":{\"coding\":[{\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":82}}],"
	"\"list\":[1,2,3]}";

static void get_text(json_object *doc, const char *path, const char *want)
{
	struct jpath_scratch s = { 0 };
	json_object *v;
	char text[256];

	ck_assert_msg(jpath_get(doc, path, &v, &s) == CC_OK, "%s not found", path);
	jpath_text(v, text, sizeof(text));
	ck_assert_msg(!strcmp(text, want), "%s: '%s', expected '%s'", path, text, want);
	jpath_scratch_release(&s);
}

START_TEST(test_jpath_get)
{
	json_object *doc = json_tokener_parse(doc_text), *v;
	struct jpath_scratch s = { 0 };

	ck_assert_ptr_nonnull(doc);
	get_text(doc, "resourceType", "Observation");
	get_text(doc, "$.id", "bp-1");
	get_text(doc, "n", "3.5");
	get_text(doc, "ok", "true");
	get_text(doc, "none", "null");
	get_text(doc, "list[0]", "1");
	get_text(doc, "list[-1]", "3");
	get_text(doc, "list[#]", "3");
	get_text(doc, "component[1].valueQuantity.value", "82");
	get_text(doc, "component[code.coding[0].code=8480-6].valueQuantity.value", "128");
	get_text(doc, "component[code.coding[0].code=8462-4].valueQuantity.value", "82");
	get_text(doc, "list", "[1,2,3]");
	ck_assert_int_eq(jpath_get(doc, "$", &v, &s), CC_OK);
	ck_assert_ptr_eq(v, doc);
	ck_assert_int_eq(jpath_get(doc, "missing", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "list[3]", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "list[-4]", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "id[0]", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "id.x", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "id[#]", &v, &s), CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "component[code.coding[0].code=0000-0]", &v, &s),
			 CC_ENOTFOUND);
	ck_assert_int_eq(jpath_get(doc, "a..b", &v, &s), CC_EINVAL);
	ck_assert(jpath_type_is(json_object_object_get(doc, "n"), "number"));
	ck_assert(!jpath_type_is(json_object_object_get(doc, "n"), "integer"));
	ck_assert(jpath_type_is(json_object_object_get(doc, "list"), "array"));
	ck_assert(jpath_type_is(json_object_object_get(doc, "none"), "null"));
	ck_assert(!jpath_type_known("float"));
	jpath_scratch_release(&s);
	json_object_put(doc);
}
END_TEST

START_TEST(test_jpath_check)
{
	static const char *const bad[] = {
		"", "a.", ".a", "a[", "a[x", "a[1", "a[-]", "a[#", "a]b", "a b", "$x", "a[=1]",
		"a[b=1", "a..b",
	};
	static const char *const good[] = {
		"a", "$", "$.a", "a.b.c", "a[0]", "a[-1].b", "a[#]", "a[b.c[0].d=x-1].e", "_x-y@z",
	};
	char err[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(jpath_check(bad[i], err, sizeof(err)) == CC_EINVAL, "'%s' accepted",
			      bad[i]);
	ck_assert(strstr(err, "column"));
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(jpath_check(good[i], err, sizeof(err)) == CC_OK, "'%s': %s", good[i],
			      err);
}
END_TEST

static const char hr_obs[] =
	"{\"resourceType\":\"Observation\",\"id\":\"hr-1\",\"status\":\"final\","
	"\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
	"\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
	"\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-11-24T07:00:00Z\","
	"\"valueQuantity\":{\"value\":72,\"unit\":\"beats/minute\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}";

/* hr_obs with one substring replaced */
static json_object *variant(const char *from, const char *to)
{
	char text[2048];
	const char *at = strstr(hr_obs, from);

	ck_assert_ptr_nonnull(at);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - hr_obs), hr_obs, to, at + strlen(from));
	return json_tokener_parse(text);
}

static void expect_violation(const char *from, const char *to, const char *msg)
{
	json_object *o = variant(from, to);
	struct fhir_result r;
	char text[2048];

	ck_assert_ptr_nonnull(o);
	ck_assert_uint_ge(fhir_check_observation(o, NULL, &r), 1);
	fhir_violations_text(&r, text, sizeof(text));
	ck_assert_msg(strstr(text, msg), "'%s' -> '%s': %s (expected %s)", from, to, text, msg);
	json_object_put(o);
}

START_TEST(test_fhir_observation)
{
	json_object *o = json_tokener_parse(hr_obs);
	struct fhir_result r;

	ck_assert_uint_eq(fhir_check_observation(o, "8867-4", &r), 0);
	ck_assert_str_eq(r.id, "hr-1");
	ck_assert_str_eq(r.loinc, "8867-4");
	ck_assert_str_eq(r.vital->name, "heart_rate");
	ck_assert_uint_eq(r.nvalues, 1);
	ck_assert(r.values[0].value == 72);
	ck_assert_str_eq(r.values[0].unit, "/min");
	ck_assert_uint_eq(fhir_check_observation(o, "8310-5", &r), 1);
	ck_assert(strstr(r.violations[0], "expected 8310-5"));
	json_object_put(o);

	expect_violation("\"code\":\"/min\"", "\"code\":\"bpm\"", "UCUM code 'bpm' is not /min");
	expect_violation("unitsofmeasure.org", "example.org/units", "valueQuantity.system");
	expect_violation("\"8867-4\"", "\"8889-8\"", "LOINC 8889-8 is not a vital-signs code");
	expect_violation("http://loinc.org", "http://snomed.info/sct", "no LOINC coding");
	expect_violation("vital-signs", "laboratory", "category lacks vital-signs");
	expect_violation("\"final\"", "\"done\"", "status 'done'");
	expect_violation("\"reference\":\"Patient/p1\"", "\"display\":\"x\"", "subject.reference");
	expect_violation("2026-11-24T07:00:00Z", "2026-11", "precise to the day");
	expect_violation("2026-11-24T07:00:00Z", "2026-11-24T07:00:00", "precise to the day");
	expect_violation("\"value\":72", "\"value\":\"72\"", "not a number");
	expect_violation("\"Observation\"", "\"Patient\"", "not Observation");
	expect_violation("\"effectiveDateTime\"", "\"effectiveInstant\"", "effective[x] missing");
}
END_TEST

START_TEST(test_fhir_bp_panel)
{
	static const char bp[] =
		"{\"resourceType\":\"Observation\",\"status\":\"final\","
		"\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
		"\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85354-9\"}]},"
		"\"subject\":{\"reference\":\"Patient/p1\"},\"effectivePeriod\":{\"start\":\"2026-11-24\"},"
		"\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},"
		"\"valueQuantity\":{\"value\":128,\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},"
		"{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},"
		"\"valueQuantity\":{\"value\":82,\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"DIA\"}}]}";
	json_object *o = json_tokener_parse(bp);
	struct fhir_result r;

	ck_assert_ptr_nonnull(o);
	/* the diastolic component's unit is wrong, and only that */
	ck_assert_uint_eq(fhir_check_observation(o, "85354-9", &r), 1);
	ck_assert_msg(strstr(r.violations[0], "component 8462-4: UCUM code 'DIA'"), "%s",
		      r.violations[0]);
	ck_assert_uint_eq(r.nvalues, 2);
	ck_assert_str_eq(r.values[0].loinc, "8480-6");
	ck_assert(r.values[0].value == 128);
	ck_assert_str_eq(r.effective, "2026-11-24");
	json_object_put(o);
	ck_assert(fhir_datetime_valid("2026-02-28T23:59:60.123+14:00"));
	ck_assert(!fhir_datetime_valid("2026-13-01"));
	ck_assert(!fhir_datetime_valid("2026-02-28T24:00:00Z"));
	ck_assert(!fhir_datetime_valid("2026-02-28T10:00:00+14:30"));
	ck_assert_ptr_null(fhir_vital_find("1234-5"));
	ck_assert_str_eq(fhir_vital_find("59408-5")->ucum[0], "%");
}
END_TEST

/* A Bundle is recognised by typed access: a body whose resourceType is
 * JSON null crashed http_expect's fhir: {resource: Bundle} (strcmp of a
 * NULL string), seen while writing the fhir fuzz harness. */
START_TEST(test_fhir_bundle_entries)
{
	static const char *const not_bundles[] = {
		"{\"resourceType\":null,\"entry\":[]}",
		"{\"resourceType\":5,\"entry\":[]}",
		"{\"resourceType\":\"Bundle\",\"entry\":null}",
		"{\"resourceType\":\"Bundle\",\"entry\":{}}",
		"{\"resourceType\":\"Observation\",\"entry\":[]}",
		"[{\"resourceType\":\"Bundle\"}]",
		"\"Bundle\"",
	};
	json_object *o;

	for (size_t i = 0; i < sizeof(not_bundles) / sizeof(not_bundles[0]); i++) {
		o = json_tokener_parse(not_bundles[i]);
		ck_assert_msg(!fhir_bundle_entries(o), "%s", not_bundles[i]);
		json_object_put(o);
	}
	ck_assert_ptr_null(fhir_bundle_entries(NULL));
	o = json_tokener_parse("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{}},{}]}");
	ck_assert_uint_eq(json_object_array_length(fhir_bundle_entries(o)), 2);
	json_object_put(o);
}
END_TEST

START_TEST(test_http_names)
{
	const struct transport_ops *ops = transport_find("http");
	enum http_tls_version v;
	enum http_outcome o;
	char err[200];

	ck_assert_ptr_nonnull(ops);
	ck_assert_int_eq(http_tls_version_parse("1.2", &v), CC_OK);
	ck_assert_int_eq(v, HTTP_TLS_1_2);
	ck_assert_int_eq(http_tls_version_parse("TLSv1.3", &v), CC_OK);
	ck_assert_int_eq(v, HTTP_TLS_1_3);
	ck_assert_int_eq(http_tls_version_parse("TLS1.0", &v), CC_OK);
	ck_assert_int_eq(v, HTTP_TLS_1_0);
	ck_assert_int_eq(http_tls_version_parse("1.4", &v), CC_EINVAL);
	ck_assert_int_eq(http_tls_version_parse("", &v), CC_EINVAL);
	for (int i = 0; i < HTTP_OUT_COUNT; i++) {
		ck_assert_int_eq(http_outcome_from_name(http_outcome_name((enum http_outcome)i), &o),
				 CC_OK);
		ck_assert_int_eq(o, i);
	}
	ck_assert_int_eq(http_outcome_from_name("refused", &o), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("url", "https://h:8443", err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ops->check_param("url", "sim", err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ops->check_param("url", "ftp://h", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("plain_url", "h:80", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("tls_min", "1.1", err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ops->check_param("tls_max", "2", err, sizeof(err)), CC_EINVAL);
	ck_assert(strstr(err, "1.0, 1.1, 1.2 or 1.3"));
	ck_assert_int_eq(ops->check_param("pinned_public_key", "md5//x", err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_int_eq(ops->check_param("pinned_public_key", "sha256//abc=", err, sizeof(err)),
			 CC_OK);
}
END_TEST

/* Load goes only to the profile's own origin. */
START_TEST(test_url_under)
{
	ck_assert(http_url_under("https://127.0.0.1:8443/fhir/Observation", "https://127.0.0.1:8443"));
	ck_assert(http_url_under("https://127.0.0.1:8443/x", "https://127.0.0.1:8443/"));
	ck_assert(http_url_under("https://127.0.0.1:8443?a=1", "https://127.0.0.1:8443"));
	ck_assert(http_url_under("https://127.0.0.1:8443", "https://127.0.0.1:8443"));
	ck_assert(!http_url_under("https://127.0.0.1:84430/x", "https://127.0.0.1:8443"));
	ck_assert(!http_url_under("https://127.0.0.1:8443.evil.example/x", "https://127.0.0.1:8443"));
	ck_assert(!http_url_under("http://127.0.0.1:8443/x", "https://127.0.0.1:8443"));
	ck_assert(!http_url_under("https://10.0.0.1/x", "https://127.0.0.1:8443"));
	ck_assert(!http_url_under("https://x/", ""));
}
END_TEST

static const char http_head[] =
	"schema: carecert/suite/1\n"
	"id: h\n"
	"title: HTTP\n"
	"category: gateway\n"
	"transport: http\n"
	"cases:\n"
	"  - id: H-01\n"
	"    title: h\n"
	"    requirement: {standard: S, clause: \"1\"}\n"
	"    steps:\n";

/* Load a suite made of http_head and steps; returns the diagnostics. */
static struct suite *load_steps(const char *steps, struct diag *d)
{
	char *dir = tu_mkdtemp(), *path, text[8192];
	struct suite *su;

	snprintf(text, sizeof(text), "%s%s", http_head, steps);
	path = tu_write(dir, "h.yaml", text);
	diag_init(d);
	su = suite_load(path, d);
	free(path);
	tu_rmdir(dir);
	return su;
}

static void expect_load_error(const char *steps, unsigned line, const char *msg)
{
	struct diag d;
	struct suite *su = load_steps(steps, &d);
	bool found = false;

	ck_assert_ptr_null(su);
	for (size_t i = 0; i < d.n; i++)
		found |= strstr(d.v[i].msg, msg) && (!line || d.v[i].line == line);
	ck_assert_msg(found, "no '%s' at line %u (first: %u: %s)", msg, line,
		      d.n ? d.v[0].line : 0, d.n ? d.v[0].msg : "none");
	diag_release(&d);
}

START_TEST(test_http_step_errors)
{
	struct diag d;
	struct suite *su;

	su = load_steps("      - http_request: {method: POST, path: /api/login, json: {a: 1, b: [true, x]}}\n"
			"      - http_expect: {status: [200, 4xx], json: [{path: \"a[#]\", type: integer, min: 1}]}\n"
			"      - http_load: {path: /x, count: 10, concurrency: 2, within: 5 s, ok_status: [200]}\n",
			&d);
	ck_assert_msg(su, "%s", d.n ? d.v[0].msg : "");
	ck_assert_str_eq(su->cases[0].steps[0].http->req.body, "{\"a\":1,\"b\":[true,\"x\"]}");
	ck_assert_int_eq(su->cases[0].steps[1].http->status[1], 4);
	suite_free(su);
	diag_release(&d);

	expect_load_error("      - http_request: {path: /x, flavour: 1}\n", 11, "unknown key 'flavour'");
	expect_load_error("      - http_request: {path: x}\n", 11, "path must start with '/'");
	expect_load_error("      - http_request: {method: BREW, path: /x}\n", 11, "unknown method 'BREW'");
	expect_load_error("      - http_request: {}\n", 11, "needs path");
	expect_load_error("      - http_request: {path: /x, json: '{\"a\": '}\n", 11, "not valid JSON");
	expect_load_error("      - http_request: {path: /x, body: a, fill: 3}\n", 11, "at most one of");
	expect_load_error("      - http_request: {path: /x, tls: {min: \"1.5\"}}\n", 11, "TLS version");
	expect_load_error("      - http_request: {path: /x, auth: {bearer: t, user: u}}\n", 11, "either bearer");
	expect_load_error("      - http_request: {path: /x, expect_outcome: [refused]}\n", 11, "unknown outcome 'refused'");
	expect_load_error("      - http_request: {path: /x, body_file: no/such/file.json}\n", 11, "cannot be read");
	expect_load_error("      - http_expect: {status: 99}\n", 11, "must be 100..599");
	expect_load_error("      - http_expect: {}\n", 11, "http_expect needs a check");
	expect_load_error("      - http_expect: {json: [{path: \"a..b\"}]}\n", 11, "bad JSON path 'a..b' at column 3");
	expect_load_error("      - http_expect: {json: [{path: a, type: float}]}\n", 11, "type must be");
	expect_load_error("      - http_expect: {json: [{path: a, present: false, equals: x}]}\n", 11, "present: false takes no other check");
	expect_load_error("      - http_expect: {headers: {X: \"(\"}}\n", 11, "bad regular expression");
	expect_load_error("      - http_expect: {fhir: {resource: Patient}}\n", 11, "resource must be Observation or Bundle");
	expect_load_error("      - http_load: {path: /x, count: 10}\n", 11, "needs 'within'");
	expect_load_error("      - http_load: {url: \"https://10.0.0.1/\", count: 10, within: 1 s}\n", 11, "unknown key 'url'");
	expect_load_error("      - http_load: {path: /x, count: 10001, within: 1 s}\n", 11, "count");
	expect_load_error("      - http_load: {path: /x, count: 1, concurrency: 17, within: 1 s}\n", 11, "concurrency");
	expect_load_error("      - gatt_discover: {}\n", 11, "need a ble link");
	expect_load_error("      - http_serve: {}\n", 11, "certificate");
	expect_load_error("      - http_serve: {certificate: trusted}\n", 11, "certificate must be valid, self_signed, expired or wrong_host");
	expect_load_error("      - http_serve: {certificate: valid, port: 70000}\n", 11, "port");
	expect_load_error("      - http_serve: {certificate: valid, unreachable_for: 2 s, unreachable_as: dark}\n", 11, "unreachable_as must be closed or silent");
	expect_load_error("      - http_serve: {certificate: valid, unreachable_as: silent}\n", 11, "unreachable_as goes with unreachable_for");
	expect_load_error("      - http_serve: {certificate: valid, unreachable_for: 2 s, refuse_for: 1 s}\n", 11, "two outages");
	expect_load_error("      - http_serve: {certificate: valid, unreachable_for: 2 kg}\n", 11, "unreachable_for");
	expect_load_error("      - http_receive: {expect: request}\n", 11, "needs 'within'");
	expect_load_error("      - http_receive: {within: 1 s, expect: maybe}\n", 11, "expect must be request, none or refused");
	expect_load_error("      - http_receive: {within: 1 s, expect: none, method: POST}\n", 11, "method and path go with expect: request");
	expect_load_error("      - http_receive: {within: 1 s, path: \"(\"}\n", 11, "bad regular expression");
}
END_TEST

START_TEST(test_testpki)
{
	struct pki_pair ca, srv, self;
	char pin[128], pin2[128];

	ck_assert_int_eq(pki_make_ca("test CA", &ca), CC_OK);
	ck_assert(strstr(ca.cert_pem, "BEGIN CERTIFICATE"));
	ck_assert(strstr(ca.key_pem, "BEGIN PRIVATE KEY"));
	ck_assert_int_eq(pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1,DNS:localhost", -60, 3600,
					 &srv), CC_OK);
	ck_assert_int_eq(pki_make_server(NULL, "other", "DNS:other.example", -7200, -3600, &self),
			 CC_OK);
	ck_assert_int_eq(pki_pin(srv.cert_pem, pin, sizeof(pin)), CC_OK);
	ck_assert_int_eq(strncmp(pin, "sha256//", 8), 0);
	ck_assert_uint_eq(strlen(pin), 8 + 44); /* base64 of 32 bytes */
	ck_assert_int_eq(pki_pin(self.cert_pem, pin2, sizeof(pin2)), CC_OK);
	ck_assert_str_ne(pin, pin2);
	ck_assert_int_eq(pki_pin("not a certificate", pin, sizeof(pin)), CC_EINVAL);
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	pki_pair_release(&self);
	pki_pair_release(NULL);
}
END_TEST

START_TEST(test_serve_cert_plan)
{
	struct http_srv_cert_plan p;
	enum http_srv_cert c;

	ck_assert_int_eq(http_srv_cert_parse("self_signed", &c), CC_OK);
	ck_assert_int_eq(c, HTTP_CERT_SELF_SIGNED);
	ck_assert_int_eq(http_srv_cert_parse("wrong_host", &c), CC_OK);
	ck_assert_int_eq(c, HTTP_CERT_WRONG_HOST);
	ck_assert_int_eq(http_srv_cert_parse("selfsigned", &c), CC_EINVAL);
	ck_assert_int_eq(http_srv_cert_parse(NULL, &c), CC_EINVAL);
	ck_assert_str_eq(http_srv_cert_name(HTTP_CERT_EXPIRED), "expired");
	ck_assert_str_eq(http_srv_cert_name(HTTP_CERT_COUNT), "unknown");

	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_VALID, "127.0.0.1", &p), CC_OK);
	ck_assert(p.signed_by_ca);
	ck_assert_str_eq(p.san, "IP:127.0.0.1");
	ck_assert(p.from_s < 0 && p.to_s > 0);
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_VALID, "cloud.example", &p), CC_OK);
	ck_assert_str_eq(p.san, "DNS:cloud.example");
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_VALID, "::1", &p), CC_OK);
	ck_assert_str_eq(p.san, "IP:::1");
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_SELF_SIGNED, "127.0.0.1", &p), CC_OK);
	ck_assert(!p.signed_by_ca);
	ck_assert_str_eq(p.san, "IP:127.0.0.1");
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_EXPIRED, "127.0.0.1", &p), CC_OK);
	ck_assert(p.signed_by_ca);
	ck_assert(p.from_s < p.to_s && p.to_s < 0);
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_WRONG_HOST, "127.0.0.1", &p), CC_OK);
	ck_assert(p.signed_by_ca);
	ck_assert(!strstr(p.san, "127.0.0.1"));
	ck_assert(p.to_s > 0);
	/* a host that would inject another SAN entry is refused */
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_VALID, "a,DNS:b", &p), CC_EINVAL);
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_VALID, "", &p), CC_EINVAL);
	ck_assert_int_eq(http_srv_cert_plan(HTTP_CERT_COUNT, "x", &p), CC_EINVAL);
}
END_TEST

static size_t discard(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

/* POST to the endpoint trusting ca_file (NULL: the system's CAs), giving
 * up after timeout_ms. */
static CURLcode post_within(const char *url, const char *ca_file, long timeout_ms)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = curl_slist_append(NULL, "X-Probe: 42");
	CURLcode c;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, "{\"resourceType\":\"Observation\"}");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
	c = curl_easy_perform(h);
	curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	return c;
}

static CURLcode post(const char *url, const char *ca_file)
{
	return post_within(url, ca_file, 10000);
}

START_TEST(test_serve_endpoint)
{
	struct pki_pair ca, srv;
	struct http_srv *s = NULL;
	struct http_srv_item *it;
	char err[256], *dir = tu_mkdtemp(), ca_file[4200], url[200];
	FILE *f;

	ck_assert_int_eq(pki_make_ca("test CA", &ca), CC_OK);
	ck_assert_int_eq(pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1", -60, 3600, &srv), CC_OK);
	snprintf(ca_file, sizeof(ca_file), "%s/ca.pem", dir);
	ck_assert_ptr_nonnull(f = fopen(ca_file, "w"));
	fputs(ca.cert_pem, f);
	fclose(f);
	ck_assert_int_eq(http_srv_start("not-an-ip", 0, srv.cert_pem, srv.key_pem, &s, err,
					sizeof(err)), CC_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(http_srv_start("127.0.0.1", 0, "garbage", "garbage", &s, err,
					sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(http_srv_start("127.0.0.1", 0, srv.cert_pem, srv.key_pem, &s, err,
					sizeof(err)), CC_OK);
	ck_assert_int_gt(http_srv_port(s), 0);
	ck_assert_int_eq(strncmp(http_srv_url(s), "https://127.0.0.1:", 18), 0);

	/* nothing yet */
	ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 50000000LL, &it), CC_ETIMEDOUT);
	ck_assert_ptr_null(it);

	/* a client that trusts the CA: one request, as sent */
	snprintf(url, sizeof(url), "%s/fhir/Observation", http_srv_url(s));
	ck_assert_int_eq(post(url, ca_file), CURLE_OK);
	ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 5000000000LL, &it), CC_OK);
	ck_assert_int_eq(it->kind, HTTP_SRV_REQUEST);
	ck_assert_str_eq(it->method, "POST");
	ck_assert_str_eq(it->path, "/fhir/Observation");
	ck_assert_str_eq(buf_str(&it->body), "{\"resourceType\":\"Observation\"}");
	ck_assert_uint_eq(it->body_total, it->body.len);
	ck_assert(strstr(buf_str(&it->headers), "X-Probe: 42\r\n"));
	ck_assert_uint_eq(it->status, 201);
	ck_assert(!strncmp(it->tls_version, "TLSv1.", 6));
	http_srv_item_free(it);
	/* the connection closes with a request on it: no refusal item */

	/* the platform down (refuse_for): answered 503 and still queued;
	 * once the window is over, 201 again */
	http_srv_refuse_until(s, mono_now_ns() + 60000000000LL, 503);
	ck_assert_int_eq(post(url, ca_file), CURLE_OK);
	ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 5000000000LL, &it), CC_OK);
	ck_assert_int_eq(it->kind, HTTP_SRV_REQUEST);
	ck_assert_uint_eq(it->status, 503);
	http_srv_item_free(it);
	http_srv_refuse_until(s, mono_now_ns() - 1, 503);
	ck_assert_int_eq(post(url, ca_file), CURLE_OK);
	ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 5000000000LL, &it), CC_OK);
	ck_assert_uint_eq(it->status, 201);
	http_srv_item_free(it);
	http_srv_refuse_until(NULL, 0, 503);

	/* a client that does not trust the CA refuses in the handshake: a
	 * connection without a request */
	ck_assert_int_ne(post(url, "/dev/null"), CURLE_OK);
	do {
		ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 5000000000LL, &it), CC_OK);
		if (it->kind == HTTP_SRV_REQUEST)
			ck_abort_msg("a request came from a client that refused the certificate");
		ck_assert(strstr(it->peer, "127.0.0.1:"));
		http_srv_item_free(it);
	} while (0);
	ck_assert_uint_eq(http_srv_dropped(s), 0);
	http_srv_stop(s);
	http_srv_stop(NULL);
	http_srv_item_free(NULL);
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	tu_rmdir(dir);
}
END_TEST

/* The platform unreachable until up_ns: its port refuses connections
 * (closed) or takes them and never answers (silent); then it serves. */
START_TEST(test_serve_unreachable)
{
	struct pki_pair ca, srv;
	struct http_srv *s = NULL;
	struct http_srv_item *it;
	char err[256], *dir = tu_mkdtemp(), ca_file[4200], url[200];
	enum http_srv_down how;
	unsigned status;
	int64_t from, to, t0;
	FILE *f;

	ck_assert_int_eq(http_srv_down_parse("closed", &how), CC_OK);
	ck_assert_int_eq(how, HTTP_SRV_DOWN_CLOSED);
	ck_assert_int_eq(http_srv_down_parse("silent", &how), CC_OK);
	ck_assert_int_eq(how, HTTP_SRV_DOWN_SILENT);
	ck_assert_int_eq(http_srv_down_parse("none", &how), CC_EINVAL);
	ck_assert_int_eq(http_srv_down_parse(NULL, &how), CC_EINVAL);
	ck_assert_str_eq(http_srv_down_name(HTTP_SRV_DOWN_SILENT), "silent");
	ck_assert_str_eq(http_srv_down_name((enum http_srv_down)7), "unknown");
	ck_assert_int_eq(pki_make_ca("test CA", &ca), CC_OK);
	ck_assert_int_eq(pki_make_server(&ca, "127.0.0.1", "IP:127.0.0.1", -60, 3600, &srv), CC_OK);
	snprintf(ca_file, sizeof(ca_file), "%s/ca.pem", dir);
	ck_assert_ptr_nonnull(f = fopen(ca_file, "w"));
	fputs(ca.cert_pem, f);
	fclose(f);

	for (int k = 0; k < 2; k++) {
		enum http_srv_down d = k ? HTTP_SRV_DOWN_SILENT : HTTP_SRV_DOWN_CLOSED;

		t0 = mono_now_ns();
		ck_assert_int_eq(http_srv_start_down("127.0.0.1", 0, srv.cert_pem, srv.key_pem, d,
						     t0 + 1000000000LL, &s, err, sizeof(err)),
				 CC_OK);
		ck_assert_int_gt(http_srv_port(s), 0); /* the port is known at once */
		ck_assert_int_eq(http_srv_is_up(s), 0);
		ck_assert_int_eq(http_srv_outage(s, &how, &status, &from, &to), 1);
		ck_assert_int_eq(how, d);
		ck_assert_uint_eq(status, 0);
		ck_assert_int_eq(to, t0 + 1000000000LL);
		ck_assert_int_le(from, mono_now_ns());
		snprintf(url, sizeof(url), "%s/alarms", http_srv_url(s));
		/* closed: refused at once; silent: connected, never answered
		 * (judged only when the try ends before the platform is up: a
		 * loaded machine may start it late) */
		{
			CURLcode c = post_within(url, ca_file, 300);

			if (mono_now_ns() < t0 + 1000000000LL)
				ck_assert_int_eq(c, k ? CURLE_OPERATION_TIMEDOUT
						      : CURLE_COULDNT_CONNECT);
		}
		ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 50000000LL, &it), CC_ETIMEDOUT);
		/* up again: served, and the request queued as usual */
		while (mono_now_ns() < t0 + 1050000000LL)
			usleep(20000);
		ck_assert_int_eq(http_srv_is_up(s), 1);
		ck_assert_int_eq(post(url, ca_file), CURLE_OK);
		for (;;) {
			ck_assert_int_eq(http_srv_wait(s, mono_now_ns() + 5000000000LL, &it), CC_OK);
			if (it->kind == HTTP_SRV_REQUEST)
				break;
			http_srv_item_free(it); /* the silent case's abandoned connection */
		}
		ck_assert_str_eq(it->path, "/alarms");
		ck_assert_uint_eq(it->status, 201);
		http_srv_item_free(it);
		http_srv_stop(s);
	}
	/* stopped while still down: the opener gives up at once */
	t0 = mono_now_ns();
	ck_assert_int_eq(http_srv_start_down("127.0.0.1", 0, srv.cert_pem, srv.key_pem,
					     HTTP_SRV_DOWN_CLOSED, t0 + 60000000000LL, &s, err,
					     sizeof(err)),
			 CC_OK);
	http_srv_stop(s);
	ck_assert_int_lt(mono_now_ns() - t0, 5000000000LL);
	/* no outage on a plain endpoint */
	ck_assert_int_eq(http_srv_start("127.0.0.1", 0, srv.cert_pem, srv.key_pem, &s, err,
					sizeof(err)), CC_OK);
	ck_assert_int_eq(http_srv_is_up(s), 1);
	ck_assert_int_eq(http_srv_outage(s, &how, &status, &from, &to), 0);
	http_srv_refuse_until(s, mono_now_ns() + 1000000000LL, 503);
	ck_assert_int_eq(http_srv_outage(s, &how, &status, &from, &to), 1);
	ck_assert_int_eq(how, HTTP_SRV_DOWN_NONE);
	ck_assert_uint_eq(status, 503);
	http_srv_stop(s);
	ck_assert_int_eq(http_srv_start_down("127.0.0.1", 0, srv.cert_pem, srv.key_pem,
					     (enum http_srv_down)9, 0, &s, err, sizeof(err)),
			 CC_EINVAL);
	pki_pair_release(&ca);
	pki_pair_release(&srv);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_http(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_jpath_get);
	tcase_add_test(tc, test_jpath_check);
	tcase_add_test(tc, test_fhir_observation);
	tcase_add_test(tc, test_fhir_bp_panel);
	tcase_add_test(tc, test_fhir_bundle_entries);
	tcase_add_test(tc, test_http_names);
	tcase_add_test(tc, test_url_under);
	tcase_add_test(tc, test_http_step_errors);
	tcase_add_test(tc, test_testpki);
	tcase_add_test(tc, test_serve_cert_plan);
	tcase_add_test(tc, test_serve_endpoint);
	tcase_add_test(tc, test_serve_unreachable);
	suite_add_tcase(s, tc);
	return s;
}
