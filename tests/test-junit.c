/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML from a record in each dialect, as CI consumers read it: the
 * strict Ant schema (../shared/schemas/junit-ant.xsd) for the default,
 * Debian's python3-junitparser (tests/junit-read.py) and a JUnit report
 * viewer from npm (tools/junit-viewer, installed by make deps).
 */
#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "core/junit.h"
#include "testutil.h"

/* Six cases with every verdict: a clean pass, a pass on attempt 2 of 3, a
 * fail after two attempts, an error with no evidence, an inconclusive and
 * a skipped case; frames cited from the traffic log below. */
static const char record_fmt[] =
	"{\"schema\":\"carecert/result/1\",\"status\":\"complete\",\"scope\":\"complete\","
	"\"verdict\":\"error\",\"start\":\"2026-11-24T10:00:00.123Z\","
	"\"environment\":{\"host\":\"bench-3\"},\"tool\":{\"version\":\"0.1.0\"},"
	"\"dut\":{\"category\":\"blood_pressure\",\"vendor\":\"%s\",\"model\":\"BP-100\","
	"\"firmware\":\"1.4.2\",\"serial_number\":\"%s\"},"
	"\"suites\":[{\"id\":\"serial-bp-protocol\",\"title\":\"Serial BP\",\"sha256\":\"ab\"}],"
	"\"traffic_log\":{\"file\":\"traffic.jsonl\"},\"cases\":["
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-ID-01\",\"title\":\"%s\","
	"\"requirements\":[{\"standard\":\"SBP/1\",\"clause\":\"4.1\"}],\"verdict\":\"pass\","
	"\"reason\":\"\",\"attempt\":1,\"attempts_allowed\":3,\"duration_s\":0.03,"
	"\"evidence\":[{\"line\":80,\"kind\":\"expect\",\"verdict\":\"pass\",\"message\":\"frame received\","
	"\"expected\":\"line /^ID,/\",\"observed\":\"%s\",\"frames\":[5]}],"
	"\"measurements\":[],\"previous_attempts\":[]},"
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-ID-02\",\"title\":\"Identify again\","
	"\"requirements\":[{\"standard\":\"SBP/1\",\"clause\":\"4.2\"},"
	"{\"standard\":\"IEC 80601-2-30\",\"clause\":\"201.7\"}],\"verdict\":\"pass\","
	"\"reason\":\"passed on attempt 2 of 3\",\"attempt\":2,\"attempts_allowed\":3,\"duration_s\":2.0,"
	"\"evidence\":[{\"line\":80,\"kind\":\"expect\",\"verdict\":\"pass\",\"message\":\"frame received\","
	"\"expected\":\"line /^ID,/\",\"observed\":\"$ID,Acme*0F\\\\r\\\\n\",\"frames\":[9]}],"
	"\"measurements\":[],\"previous_attempts\":[{\"attempt\":1,\"verdict\":\"fail\","
	"\"reason\":\"line 80 (expect): no reply within the deadline\",\"evidence\":[{\"line\":80,"
	"\"kind\":\"expect\",\"verdict\":\"fail\",\"message\":\"no reply within the deadline\","
	"\"expected\":\"line /^ID,/ within 2 s\",\"observed\":\"nothing\",\"frames\":[7]}]}]},"
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-STAT-01\",\"title\":\"Status reply\","
	"\"requirements\":[{\"standard\":\"SBP/1\",\"clause\":\"5.1\"}],\"verdict\":\"fail\","
	"\"reason\":\"line 116 (expect): checksum mismatch\",\"attempt\":2,\"attempts_allowed\":2,"
	"\"duration_s\":0.5,\"evidence\":[{\"line\":116,\"kind\":\"expect\",\"verdict\":\"fail\","
	"\"message\":\"checksum mismatch: frame says 07, computed 06\",\"expected\":\"line /^STAT,/\","
	"\"observed\":\"$STAT,87,IDLE,3*07\\\\r\\\\n\",\"frames\":[13]}],"
	"\"measurements\":[{\"name\":\"rt\",\"value\":12.5,\"unit\":\"ms\",\"min\":null,\"max\":500,"
	"\"marginal\":false,\"verdict\":\"pass\"}],\"previous_attempts\":[{\"attempt\":1,"
	"\"verdict\":\"fail\",\"reason\":\"line 116: checksum mismatch (first)\",\"evidence\":[{"
	"\"line\":116,\"kind\":\"expect\",\"verdict\":\"fail\",\"message\":\"checksum mismatch\","
	"\"expected\":\"line /^STAT,/\",\"observed\":\"$STAT,87,IDLE,3*06\",\"frames\":[11]}]}]},"
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-REC-02\",\"title\":\"Record download\","
	"\"requirements\":[],\"verdict\":\"error\",\"reason\":\"link lost\",\"attempt\":1,"
	"\"attempts_allowed\":1,\"duration_s\":0.1,\"evidence\":[],\"measurements\":[],"
	"\"previous_attempts\":[]},"
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-MEAS-01\",\"title\":\"Measurement\","
	"\"requirements\":[],\"verdict\":\"inconclusive\",\"reason\":\"too few readings\","
	"\"attempt\":1,\"attempts_allowed\":1,\"duration_s\":0.2,\"evidence\":[{\"line\":200,"
	"\"kind\":\"assert\",\"verdict\":\"inconclusive\",\"message\":\"too few readings\","
	"\"expected\":\"3 readings\",\"observed\":\"1 reading\",\"frames\":[]}],"
	"\"measurements\":[],\"previous_attempts\":[]},"
	"{\"suite\":\"serial-bp-protocol\",\"id\":\"BPM-SER-USR-01\",\"title\":\"Users\","
	"\"requirements\":[],\"verdict\":\"skipped\","
	"\"reason\":\"not applicable: DUT does not claim feature 'multiple_users'\",\"attempt\":0,"
	"\"attempts_allowed\":1,\"duration_s\":0,\"evidence\":[],\"measurements\":[],"
	"\"previous_attempts\":[]}]}";

static const char traffic[] =
	"{\"seq\":5,\"dir\":\"rx\",\"text\":\"$ID,Acme*0F\\r\\n\"}\n"
	"{\"seq\":7,\"dir\":\"event\",\"event\":\"timeout\",\"detail\":\"2 s\"}\n"
	"{\"seq\":9,\"dir\":\"rx\",\"text\":\"$ID,Acme*0F\\r\\n\"}\n"
	"{\"seq\":11,\"dir\":\"rx\",\"text\":\"$STAT,87,IDLE,3*06\\r\\n\"}\n"
	"{\"seq\":12,\"dir\":\"tx\",\"text\":\"not cited\"}\n"
	"{\"seq\":13,\"dir\":\"rx\",\"text\":\"$STAT,87,IDLE,3*07\\u0001\\r\\n\"}\n"
	"{\"seq\":15,\"dir\":\"tx\",\"text\":\"POST /api/login HTTP/1.1\\r\\n"
	"Authorization: Bearer abc123tok\\r\\nX-Key: s3cr3t-value\\r\\n\\r\\n"
	"{\\\"username\\\":\\\"clinician\\\",\\\"password\\\":\\\"hunter22\\\"}\"}\n";

static json_object *fixture_full(const char *vendor, const char *serial, const char *title,
				 const char *observed)
{
	size_t n = sizeof(record_fmt) + strlen(vendor) + strlen(serial) + strlen(title) +
		   strlen(observed);
	char *text = malloc(n);
	json_object *o;

	ck_assert_ptr_nonnull(text);
	snprintf(text, n, record_fmt, vendor, serial, title, observed);
	o = json_tokener_parse(text);
	ck_assert_msg(o != NULL, "fixture does not parse");
	free(text);
	return o;
}

static json_object *fixture(const char *serial)
{
	return fixture_full("Acme Medical", serial, "Identify reply", "$ID,Acme*0F\\\\r\\\\n");
}

/* dir/name written in dialect d, frames quoted from dir's traffic log. */
static void write_junit(json_object *rec, const char *dir, const char *name,
			enum junit_dialect d, bool quote)
{
	char path[4200];
	struct junit_opts o = { .dialect = d, .run_dir = quote ? dir : NULL };

	free(tu_write(dir, "traffic.jsonl", traffic));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(junit_write_opts(rec, path, &o), CC_OK);
}

static xmlDocPtr read_doc(const char *dir, const char *name)
{
	char path[4200];
	xmlDocPtr doc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "%s is not well-formed XML", path);
	return doc;
}

static char *xpath_str(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *s = (char *)xmlXPathCastToString(o);

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void expect_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath_str(doc, expr);

	ck_assert_msg(!strcmp(got, want), "%s = '%s', expected '%s'", expr, got, want);
	xmlFree(got);
}

static void expect_contains(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath_str(doc, expr);

	ck_assert_msg(strstr(got, want), "%s = '%s', should contain '%s'", expr, got, want);
	xmlFree(got);
}

/* The strict Ant schema: required (CI checks it), not skipped. */
static void expect_ant_valid(xmlDocPtr doc)
{
	char xsd[4200];
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;

	snprintf(xsd, sizeof(xsd), "%s/../shared/schemas/junit-ant.xsd", tu_top());
	ck_assert_msg(access(xsd, R_OK) == 0, "%s is needed", xsd);
	pc = xmlSchemaNewParserCtxt(xsd);
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_msg(xmlSchemaValidateDoc(vc, doc) == 0, "not valid against the Ant schema");
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
}

#define SUITE_NAME "serial-bp-protocol @ Acme Medical BP-100 SIM-000123"

/* The case title after its id; the DUT in the suite's name and the
 * cases' classname, so two devices' runs of one suite stay apart. */
START_TEST(test_junit_names_carry_title_and_dut)
{
	char *dir = tu_mkdtemp();
	json_object *a = fixture("SIM-000123"), *b = fixture("SIM-000124");
	xmlDocPtr doc;

	write_junit(a, dir, "a.xml", JUNIT_ANT, false);
	write_junit(b, dir, "b.xml", JUNIT_ANT, false);
	doc = read_doc(dir, "a.xml");
	expect_xpath(doc, "/testsuites/testsuite[1]/@name", SUITE_NAME);
	expect_xpath(doc, "/testsuites/testsuite[1]/testcase[1]/@name", "BPM-SER-ID-01 Identify reply");
	expect_xpath(doc, "/testsuites/testsuite[1]/testcase[3]/@name", "BPM-SER-STAT-01 Status reply");
	expect_xpath(doc, "/testsuites/testsuite[1]/testcase[1]/@classname", SUITE_NAME);
	expect_ant_valid(doc);
	xmlFreeDoc(doc);
	doc = read_doc(dir, "b.xml");
	expect_xpath(doc, "/testsuites/testsuite[1]/@name",
		     "serial-bp-protocol @ Acme Medical BP-100 SIM-000124");
	xmlFreeDoc(doc);
	json_object_put(a);
	json_object_put(b);
	tu_rmdir(dir);
}
END_TEST

/* Ant allows no per-testcase properties: title, requirements, verdict and
 * attempts are suite properties named by case id; the file stays valid. */
/* A case's judged figures with U and decision (docs/uncertainty.md): a
 * testcase property in the rich dialects, a suite property in Ant's. */
START_TEST(test_junit_uncertainty_property)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123"), *cases, *ms;
	xmlDocPtr doc;

	ck_assert(json_object_object_get_ex(rec, "cases", &cases));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 2), "measurements", &ms));
	json_object_object_add(json_object_array_get_idx(ms, 0), "uncertainty", json_tokener_parse(
	    "{\"name\":\"rt\",\"value\":12.5,\"limit\":500,\"side\":\"max\",\"unit\":\"ms\","
	    "\"U\":0.000577,\"source\":\"clock\",\"near_limit\":false,\"rule\":\"simple\","
	    "\"guard_band\":null,\"decision\":\"pass\"}"));
	write_junit(rec, dir, "j.xml", JUNIT_JENKINS, false);
	doc = read_doc(dir, "j.xml");
	expect_xpath(doc, "//testcase[3]/properties/property[@name='uncertainty']/@value",
		     "rt 12.5 ms, U 0.000577 ms, pass (simple)");
	expect_xpath(doc, "count(//property[@name='uncertainty'])", "1");
	xmlFreeDoc(doc);
	json_object_object_add(json_object_array_get_idx(ms, 0), "uncertainty", json_tokener_parse(
	    "{\"name\":\"rt\",\"value\":499.9,\"limit\":500,\"side\":\"max\",\"unit\":\"ms\","
	    "\"U\":null,\"source\":null,\"near_limit\":false,\"rule\":\"guard_band\","
	    "\"guard_band\":null,\"decision\":\"conditional_pass\"}"));
	write_junit(rec, dir, "a.xml", JUNIT_ANT, false);
	doc = read_doc(dir, "a.xml");
	expect_xpath(doc, "//property[@name='BPM-SER-STAT-01.uncertainty']/@value",
		     "rt 499.9 ms, U not evaluated, conditional_pass (guard_band)");
	expect_ant_valid(doc);
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_junit_ant_case_properties)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123");
	xmlDocPtr doc;

	write_junit(rec, dir, "j.xml", JUNIT_ANT, true);
	doc = read_doc(dir, "j.xml");
	expect_xpath(doc, "count(/testsuites/@*)", "0");
	expect_xpath(doc, "count(//testcase/properties)", "0");
	expect_xpath(doc, "count(//testcase/system-out)", "0");
	expect_xpath(doc, "//property[@name='BPM-SER-ID-01.title']/@value", "Identify reply");
	expect_xpath(doc, "//property[@name='BPM-SER-ID-02.requirement']/@value",
		     "SBP/1 4.2; IEC 80601-2-30 201.7");
	expect_xpath(doc, "//property[@name='BPM-SER-ID-02.attempt']/@value", "2 of 3");
	expect_xpath(doc, "//property[@name='BPM-SER-MEAS-01.verdict']/@value", "inconclusive");
	expect_ant_valid(doc);
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* failure/error bodies: the decisions with expected, observed and the
 * frames quoted from the traffic log (escaped), earlier attempts; an
 * error with no evidence still says why; a retried pass is said in the
 * suite's output with what its first attempt saw. */
START_TEST(test_junit_ant_evidence_bodies)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123");
	xmlDocPtr doc;

	write_junit(rec, dir, "q.xml", JUNIT_ANT, true);
	write_junit(rec, dir, "n.xml", JUNIT_ANT, false);
	doc = read_doc(dir, "q.xml");
	expect_contains(doc, "//testcase[3]/failure", "expected: line /^STAT,/");
	expect_contains(doc, "//testcase[3]/failure", "observed: $STAT,87,IDLE,3*07\\r\\n");
	expect_contains(doc, "//testcase[3]/failure", "frame 13: rx $STAT,87,IDLE,3*07\\x01\\r\\n");
	expect_contains(doc, "//testcase[3]/failure",
			"attempt 1 of 2: fail: line 116: checksum mismatch (first)");
	expect_contains(doc, "//testcase[3]/failure", "frame 11: rx $STAT,87,IDLE,3*06\\r\\n");
	expect_xpath(doc, "//testcase[4]/error/@type", "error");
	expect_xpath(doc, "//testcase[4]/error", "link lost\n");
	expect_contains(doc, "//testcase[5]/failure", "observed: 1 reading");
	expect_contains(doc, "/testsuites/testsuite[1]/system-out",
			"BPM-SER-ID-02: passed on attempt 2 of 3; passed on a later attempt (flaky)");
	expect_contains(doc, "/testsuites/testsuite[1]/system-out", "frame 7: event timeout 2 s");
	expect_ant_valid(doc);
	xmlFreeDoc(doc);
	/* without the run folder the frames are cited by number */
	doc = read_doc(dir, "n.xml");
	expect_contains(doc, "//testcase[3]/failure", "frames: [13] (traffic log seq)");
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* A device that answers with megabytes of hostile bytes: every string
 * XML-safe, each field and each case's text capped with a note. */
START_TEST(test_junit_hostile_and_capped)
{
	static const enum junit_dialect all[] = { JUNIT_ANT, JUNIT_JENKINS, JUNIT_SUREFIRE };
	char *dir = tu_mkdtemp(), *big = malloc(300001);
	json_object *rec, *ev, *cases;
	xmlDocPtr doc;

	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < 300000; i++)
		big[i] = "ab<]]>&\x01\xff\xc3"[i % 10];
	big[300000] = 0;
	rec = fixture_full("Acme \\u0007<Med> ]]>", "\\u001b[31mSN", "T\\u0000itle <&>", "x");
	/* 40 failing evidence items, each 300 kB observed, on STAT-01 */
	cases = json_object_object_get(rec, "cases");
	ev = json_object_object_get(json_object_array_get_idx(cases, 2), "evidence");
	json_object_object_add(json_object_array_get_idx(cases, 2), "reason",
			       json_object_new_string(big));
	for (int i = 0; i < 40; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "line", json_object_new_int(i));
		json_object_object_add(e, "kind", json_object_new_string("expect"));
		json_object_object_add(e, "verdict", json_object_new_string("fail"));
		json_object_object_add(e, "message", json_object_new_string("bad"));
		json_object_object_add(e, "observed", json_object_new_string(big));
		json_object_array_add(ev, e);
	}
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		char *body;

		write_junit(rec, dir, "h.xml", all[k], true);
		doc = read_doc(dir, "h.xml");
		body = xpath_str(doc, "//testcase[3]/failure");
		ck_assert_msg(strlen(body) <= JUNIT_MAX_CASE_TEXT + 200, "body %zu bytes", strlen(body));
		ck_assert_msg(strstr(body, "[cut at 8192 bytes: the whole evidence is in result.json]"), "%zu: %s", strlen(body), body + (strlen(body) > 300 ? strlen(body) - 300 : 0));
		xmlFree(body);
		body = xpath_str(doc, "//testcase[3]/failure/@message");
		ck_assert_msg(strlen(body) <= 2048 + 3 && strstr(body, "…"), "message %zu bytes",
			      strlen(body));
		xmlFree(body);
		expect_contains(doc, "/testsuites/testsuite[1]/@name", "Acme ?<Med> ]]>");
		expect_xpath(doc, "//property[@name='dut.serial_number']/@value", "?[31mSN");
		if (all[k] == JUNIT_ANT)
			expect_ant_valid(doc);
		xmlFreeDoc(doc);
	}
	free(big);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* The traffic log keeps frames raw; a quote goes to CI: credentials and
 * the profile's secret values are masked. */
START_TEST(test_junit_frames_masked)
{
	static const enum junit_dialect all[] = { JUNIT_ANT, JUNIT_JENKINS, JUNIT_SUREFIRE };
	char *dir = tu_mkdtemp(), path[4200], *x;
	char *secrets[] = { "s3cr3t-value", NULL };
	json_object *rec = fixture("SIM-000123"), *cases = json_object_object_get(rec, "cases");
	json_object *e = json_object_array_get_idx(
		json_object_object_get(json_object_array_get_idx(cases, 4), "evidence"), 0);

	json_object_object_add(e, "frames", json_tokener_parse("[15]"));
	free(tu_write(dir, "traffic.jsonl", traffic));
	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		struct junit_opts o = { .dialect = all[k], .run_dir = dir, .secrets = secrets };

		snprintf(path, sizeof(path), "%s/m.xml", dir);
		ck_assert_int_eq(junit_write_opts(rec, path, &o), CC_OK);
		x = tu_slurp(path);
		ck_assert_msg(strstr(x, "frame 15: tx POST /api/login HTTP/1.1\\r\\n"), "%.2000s", strstr(x, "frame 15") ? strstr(x, "frame 15") : x);
		ck_assert_msg(!strstr(x, "hunter22") && !strstr(x, "abc123tok") &&
			      !strstr(x, "s3cr3t-value"), "%.2000s", strstr(x, "frame 15") ? strstr(x, "frame 15") : x);
		ck_assert_msg(strstr(x, "X-Key: ***"), "%.2000s", strstr(x, "frame 15") ? strstr(x, "frame 15") : x);
		free(x);
	}
	/* `carecert junit` has no secret values, credentials are masked still */
	write_junit(rec, dir, "n.xml", JUNIT_ANT, true);
	snprintf(path, sizeof(path), "%s/n.xml", dir);
	x = tu_slurp(path);
	ck_assert_msg(!strstr(x, "hunter22") && !strstr(x, "abc123tok"), "%.2000s", strstr(x, "frame 15") ? strstr(x, "frame 15") : x);
	free(x);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* jenkins/gitlab: totals on testsuites, each testcase's properties and
 * its own output with all its evidence. */
START_TEST(test_junit_jenkins_dialect)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123");
	xmlDocPtr doc;

	write_junit(rec, dir, "j.xml", JUNIT_JENKINS, true);
	doc = read_doc(dir, "j.xml");
	expect_xpath(doc, "/testsuites/@tests", "6");
	expect_xpath(doc, "/testsuites/@failures", "2");
	expect_xpath(doc, "/testsuites/@errors", "1");
	expect_xpath(doc, "/testsuites/@skipped", "1");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='title']/@value", "Identify again");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='requirement']/@value",
		     "SBP/1 4.2; IEC 80601-2-30 201.7");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='verdict']/@value", "pass");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='attempt']/@value", "2");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='attempts_allowed']/@value", "3");
	expect_xpath(doc, "//testcase[2]/properties/property[@name='flaky']/@value", "true");
	expect_xpath(doc, "//testcase[1]/properties/property[@name='flaky']/@value", "false");
	expect_contains(doc, "//testcase[1]/system-out", "observed: $ID,Acme*0F\\r\\n");
	expect_contains(doc, "//testcase[1]/system-out", "frame 5: rx $ID,Acme*0F\\r\\n");
	expect_contains(doc, "//testcase[2]/system-out", "passed on a later attempt (flaky)");
	expect_contains(doc, "//testcase[3]/system-out", "measurement rt = 12.5 ms, max 500: pass");
	expect_xpath(doc, "//testcase[4]/error", "link lost\n");
	expect_xpath(doc, "count(//flakyFailure|//rerunFailure)", "0");
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* surefire: earlier attempts as Maven Surefire's flakyFailure (the case
 * passed later) and rerunFailure (it did not), with their evidence. */
START_TEST(test_junit_surefire_dialect)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123");
	xmlDocPtr doc;

	/* REC-02 errored after a failed attempt */
	json_object_object_add(json_object_array_get_idx(json_object_object_get(rec, "cases"), 3),
			       "previous_attempts",
			       json_tokener_parse("[{\"attempt\":1,\"verdict\":\"fail\","
						  "\"reason\":\"no reply\",\"evidence\":[]}]"));
	write_junit(rec, dir, "s.xml", JUNIT_SUREFIRE, true);
	doc = read_doc(dir, "s.xml");
	expect_xpath(doc, "count(//flakyFailure)", "1");
	expect_xpath(doc, "count(//rerunFailure)", "2");
	/* Surefire's schema orders them: rerunFailure before error, output last */
	expect_xpath(doc, "name(//testcase[4]/rerunFailure/following-sibling::*[1])", "error");
	expect_xpath(doc, "//testcase[4]/rerunFailure/stackTrace", "no reply\n");
	expect_xpath(doc, "name(//testcase[4]/*[last()])", "system-out");
	expect_xpath(doc, "name(//testcase[3]/failure/following-sibling::*[1])", "rerunFailure");
	expect_xpath(doc, "//testcase[2]/flakyFailure/@type", "fail");
	expect_xpath(doc, "//testcase[2]/flakyFailure/@message",
		     "line 80 (expect): no reply within the deadline");
	expect_contains(doc, "//testcase[2]/flakyFailure/stackTrace", "frame 7: event timeout 2 s");
	expect_xpath(doc, "//testcase[3]/rerunFailure/@message", "line 116: checksum mismatch (first)");
	expect_contains(doc, "//testcase[3]/rerunFailure/stackTrace", "observed: $STAT,87,IDLE,3*06");
	/* the final attempt stays the failure */
	expect_xpath(doc, "//testcase[3]/failure/@message", "line 116 (expect): checksum mismatch");
	expect_xpath(doc, "/testsuites/@tests", "6");
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* A damaged record (no host, no start, a suite and a case without id,
 * members of the wrong type) still gives an Ant-valid file. */
START_TEST(test_junit_damaged_record_ant_valid)
{
	char *dir = tu_mkdtemp();
	json_object *rec = json_tokener_parse(
		"{\"status\":\"complete\",\"suites\":[{\"path\":\"x.yaml\"},{\"id\":\"s1\"}],"
		"\"traffic_log\":{\"file\":\"../../etc/passwd\"},\"cases\":["
		"{\"suite\":\"s1\",\"verdict\":\"fail\",\"evidence\":[{\"verdict\":\"fail\","
		"\"frames\":[\"x\",1e300,-1]}],\"previous_attempts\":{}},"
		"{\"suite\":\"s1\",\"id\":\"A-02\",\"verdict\":\"error\",\"requirements\":5}]}");
	xmlDocPtr doc;

	ck_assert_ptr_nonnull(rec);
	write_junit(rec, dir, "d.xml", JUNIT_ANT, true);
	doc = read_doc(dir, "d.xml");
	expect_xpath(doc, "/testsuites/testsuite[1]/@name", "(suite without id)");
	expect_xpath(doc, "/testsuites/testsuite[1]/@hostname", "localhost");
	expect_xpath(doc, "/testsuites/testsuite[2]/testcase[1]/@name", "(no id)");
	expect_xpath(doc, "/testsuites/testsuite[2]/testcase[2]/error", "error\n");
	expect_ant_valid(doc);
	xmlFreeDoc(doc);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_junit_dialect_names)
{
	enum junit_dialect d = JUNIT_SUREFIRE;

	ck_assert_int_eq(junit_dialect_parse("ant", &d), CC_OK);
	ck_assert_int_eq(d, JUNIT_ANT);
	ck_assert_int_eq(junit_dialect_parse("jenkins", &d), CC_OK);
	ck_assert_int_eq(d, JUNIT_JENKINS);
	ck_assert_int_eq(junit_dialect_parse("gitlab", &d), CC_OK);
	ck_assert_int_eq(d, JUNIT_JENKINS);
	ck_assert_int_eq(junit_dialect_parse("surefire", &d), CC_OK);
	ck_assert_int_eq(d, JUNIT_SUREFIRE);
	ck_assert_int_eq(junit_dialect_parse("xunit", &d), CC_EINVAL);
	ck_assert_int_eq(junit_dialect_parse(NULL, &d), CC_EINVAL);
	ck_assert_int_eq(d, JUNIT_SUREFIRE);
}
END_TEST

/* What junitparser read (tests/junit-read.py), as JSON. */
static json_object *junitparser_read(const char *dir, const char *name)
{
	char cmd[8600], *out = NULL;
	json_object *o;
	int rc;

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/junit-read.py' '%s/%s' 2>&1",
		 tu_top(), dir, name);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "junitparser (python3-junitparser, make deps): %s", out);
	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "not JSON: %s", out);
	free(out);
	return o;
}

static const char *jpath(json_object *o, const char *const *keys)
{
	for (; *keys && o; keys++) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(*keys));
		else
			o = json_object_object_get(o, *keys);
	}
	return o ? json_object_get_string(o) : "(absent)";
}

#define JP(o, ...) jpath(o, (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_junit_read_by_junitparser)
{
	char *dir = tu_mkdtemp();
	json_object *rec = fixture("SIM-000123"), *ant, *jen;

	write_junit(rec, dir, "ant.xml", JUNIT_ANT, true);
	write_junit(rec, dir, "jenkins.xml", JUNIT_JENKINS, true);
	ant = junitparser_read(dir, "ant.xml");
	jen = junitparser_read(dir, "jenkins.xml");
	ck_assert_str_eq(JP(ant, "suites", "0", "name"), SUITE_NAME);
	ck_assert_str_eq(JP(ant, "suites", "0", "tests"), "6");
	ck_assert_str_eq(JP(ant, "suites", "0", "cases", "0", "name"), "BPM-SER-ID-01 Identify reply");
	ck_assert_str_eq(JP(ant, "suites", "0", "properties", "BPM-SER-ID-02.attempt"), "2 of 3");
	ck_assert_str_eq(JP(ant, "suites", "0", "cases", "3", "result"), "error");
	ck_assert_str_eq(JP(ant, "suites", "0", "cases", "3", "text"), "link lost\n");
	ck_assert(strstr(JP(ant, "suites", "0", "cases", "2", "text"), "frame 13: rx $STAT"));
	ck_assert_str_eq(JP(jen, "totals", "tests"), "6");
	ck_assert_str_eq(JP(jen, "totals", "failures"), "2");
	ck_assert_str_eq(JP(jen, "suites", "0", "cases", "1", "properties", "flaky"), "true");
	ck_assert_str_eq(JP(jen, "suites", "0", "cases", "1", "properties", "requirement"),
			 "SBP/1 4.2; IEC 80601-2-30 201.7");
	ck_assert_str_eq(JP(jen, "suites", "0", "cases", "1", "result"), "pass");
	ck_assert(strstr(JP(jen, "suites", "0", "cases", "0", "system_out"), "frame 5: rx $ID,Acme"));
	json_object_put(ant);
	json_object_put(jen);
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* xunit-viewer's console rendering of a folder of JUnit files. */
static char *viewer(const char *dir)
{
	char cmd[8600], bin[4200], *out = NULL;
	int rc;

	snprintf(bin, sizeof(bin), "%s/tools/junit-viewer/node_modules/xunit-viewer/bin/xunit-viewer.js",
		 tu_top());
	ck_assert_msg(access(bin, R_OK) == 0, "%s missing: run make deps (npm ci in tools/junit-viewer)",
		      bin);
	snprintf(cmd, sizeof(cmd), "node '%s' -r '%s/in' -c -n --clear=false -o '%s/view.html' 2>&1",
		 bin, dir, dir);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "xunit-viewer: %s", out);
	return out;
}

/* Two devices' runs of one suite in one CI job: two suites in a viewer
 * (xunit-viewer merges suites by name), each case with its title, the
 * evidence of failures and errors and each case's output. */
START_TEST(test_junit_viewer_keeps_devices_apart)
{
	char *dir = tu_mkdtemp(), sub[4300], *out;
	json_object *a = fixture("SIM-000123"), *b = fixture("SIM-000124");

	snprintf(sub, sizeof(sub), "%s/in", dir);
	write_junit(a, sub, "a.xml", JUNIT_JENKINS, true);
	write_junit(b, sub, "b.xml", JUNIT_JENKINS, true);
	out = viewer(dir);
	ck_assert_msg(strstr(out, "\n " SUITE_NAME "\n"), "%s", out);
	ck_assert_msg(strstr(out, "\n serial-bp-protocol @ Acme Medical BP-100 SIM-000124\n"), "%s", out);
	ck_assert_msg(strstr(out, "BPM-SER-ID-01 Identify reply"), "%s", out);
	ck_assert_msg(strstr(out, "frame 13: rx $STAT,87,IDLE,3*07\\x01\\r\\n"), "%s", out);
	ck_assert_msg(strstr(out, "- link lost"), "%s", out);
	ck_assert_msg(strstr(out, "observed: $ID,Acme*0F\\r\\n"), "%s", out);
	free(out);
	/* the default dialect too */
	write_junit(a, sub, "a.xml", JUNIT_ANT, true);
	write_junit(b, sub, "b.xml", JUNIT_ANT, true);
	out = viewer(dir);
	ck_assert_msg(strstr(out, "\n " SUITE_NAME "\n") &&
		      strstr(out, "\n serial-bp-protocol @ Acme Medical BP-100 SIM-000124\n"), "%s", out);
	free(out);
	json_object_put(a);
	json_object_put(b);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_junit(void)
{
	Suite *s = suite_create("junit");
	TCase *tc = tcase_create("junit");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_junit_names_carry_title_and_dut);
	tcase_add_test(tc, test_junit_ant_case_properties);
	tcase_add_test(tc, test_junit_uncertainty_property);
	tcase_add_test(tc, test_junit_ant_evidence_bodies);
	tcase_add_test(tc, test_junit_hostile_and_capped);
	tcase_add_test(tc, test_junit_frames_masked);
	tcase_add_test(tc, test_junit_jenkins_dialect);
	tcase_add_test(tc, test_junit_surefire_dialect);
	tcase_add_test(tc, test_junit_damaged_record_ant_valid);
	tcase_add_test(tc, test_junit_dialect_names);
	tcase_add_test(tc, test_junit_read_by_junitparser);
	tcase_add_test(tc, test_junit_viewer_keeps_devices_apart);
	suite_add_tcase(s, tc);
	return s;
}
