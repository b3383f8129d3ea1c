/* SPDX-License-Identifier: MIT */
/*
 * The result record (summary, verdict, atomic write, load), JUnit XML made
 * from it (validated against the Ant schema from ../shared) and file I/O.
 */
#include <check.h>
#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/fileio.h"
#include "core/junit.h"
#include "core/record.h"
#include "testutil.h"

static json_object *make_case(const char *suite, const char *id,
			      const char *verdict, int attempt, bool marginal,
			      const char *reason)
{
	json_object *c = json_object_new_object(), *ms = json_object_new_array();
	json_object *ev = json_object_new_array(), *e = json_object_new_object();
	json_object *m = json_object_new_object();

	json_object_object_add(c, "suite", json_object_new_string(suite));
	json_object_object_add(c, "id", json_object_new_string(id));
	json_object_object_add(c, "verdict", json_object_new_string(verdict));
	json_object_object_add(c, "reason", json_object_new_string(reason));
	json_object_object_add(c, "attempt", json_object_new_int(attempt));
	json_object_object_add(c, "duration_s", json_object_new_double(0.25));
	json_object_object_add(m, "name", json_object_new_string("rt"));
	json_object_object_add(m, "value", json_object_new_double(450));
	json_object_object_add(m, "unit", json_object_new_string("ms"));
	json_object_object_add(m, "marginal", json_object_new_boolean(marginal));
	json_object_array_add(ms, m);
	json_object_object_add(c, "measurements", ms);
	json_object_object_add(e, "line", json_object_new_int(12));
	json_object_object_add(e, "kind", json_object_new_string("expect"));
	json_object_object_add(e, "verdict", json_object_new_string(verdict));
	json_object_object_add(e, "message", json_object_new_string(reason));
	json_object_object_add(e, "expected", json_object_new_string("line /^ID,/"));
	json_object_object_add(e, "observed", json_object_new_string("$ID\x01\x02*00"));
	json_object_array_add(ev, e);
	json_object_object_add(c, "evidence", ev);
	return c;
}

/* A record with every verdict, two suites, a retry pass and a marginal pass. */
static struct record *sample(void)
{
	struct record *r = record_new();
	json_object *suites = json_object_new_array(), *s, *dut;

	ck_assert_ptr_nonnull(r);
	for (int i = 0; i < 2; i++) {
		s = json_object_new_object();
		json_object_object_add(s, "id", json_object_new_string(i ? "s2" : "s1"));
		json_object_object_add(s, "sha256", json_object_new_string("ab12"));
		json_object_array_add(suites, s);
	}
	record_set(r, "suites", suites);
	dut = json_object_new_object();
	json_object_object_add(dut, "category", json_object_new_string("blood_pressure"));
	json_object_object_add(dut, "vendor", json_object_new_string("Acme <&> \"Med\""));
	record_set(r, "dut", dut);
	record_set(r, "start", json_object_new_string("2026-11-24T10:00:00.123Z"));
	record_set(r, "status", json_object_new_string("complete"));
	record_add_case(r, make_case("s1", "A-01", "pass", 1, false, ""));
	record_add_case(r, make_case("s1", "A-02", "pass", 2, false, "passed on attempt 2 of 3"));
	record_add_case(r, make_case("s1", "A-03", "pass", 1, true, ""));
	record_add_case(r, make_case("s1", "A-04", "fail", 1, false, "bad \x1b[31mcolour\x7f"));
	record_add_case(r, make_case("s2", "B-01", "inconclusive", 1, false, "too few"));
	record_add_case(r, make_case("s2", "B-02", "error", 1, false, "link lost"));
	record_add_case(r, make_case("s2", "B-03", "skipped", 0, false,
				     "not applicable: DUT does not claim feature 'x'"));
	return r;
}

START_TEST(test_summary)
{
	struct record *r = sample();
	struct verdict_tally t;
	json_object *s, *v;

	record_summarize(r, &t);
	ck_assert_uint_eq(t.count[VERDICT_PASS], 3);
	ck_assert_uint_eq(t.count[VERDICT_FAIL], 1);
	ck_assert_uint_eq(t.count[VERDICT_INCONCLUSIVE], 1);
	ck_assert_uint_eq(t.count[VERDICT_ERROR], 1);
	ck_assert_uint_eq(t.count[VERDICT_SKIPPED], 1);
	ck_assert_uint_eq(t.passed_on_retry, 1);
	ck_assert_uint_eq(t.marginal, 1);
	ck_assert(json_object_object_get_ex(record_json(r), "summary", &s));
	ck_assert(json_object_object_get_ex(s, "total", &v));
	ck_assert_int_eq(json_object_get_int(v), 7);
	ck_assert(json_object_object_get_ex(record_json(r), "verdict", &v));
	ck_assert_str_eq(json_object_get_string(v), "error");
	record_free(r);
}
END_TEST

START_TEST(test_no_applicable_case_is_inconclusive)
{
	struct record *r = record_new();
	struct verdict_tally t;

	record_add_case(r, make_case("s1", "A-01", "skipped", 0, false, "n/a"));
	record_summarize(r, &t);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_INCONCLUSIVE);
	record_free(r);
}
END_TEST

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

START_TEST(test_write_load_round_trip)
{
	char *dir = tu_mkdtemp(), path[4200], err[200];
	struct record *r = sample(), *back;
	json_object *cases;

	record_summarize(r, NULL);
	ck_assert_int_eq(record_write(r, dir), CC_OK);
	ck_assert_int_eq(record_write(r, dir), CC_OK); /* replaces */
	ck_assert_int_eq(count_entries(dir), 1);       /* no temporary left */
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	back = record_load(path, err, sizeof(err));
	ck_assert_msg(back != NULL, "%s", err);
	ck_assert(json_object_object_get_ex(record_json(back), "cases", &cases));
	ck_assert_uint_eq(json_object_array_length(cases), 7);
	ck_assert(json_object_equal(record_json(r), record_json(back)));
	record_free(back);
	record_free(r);

	free(tu_write(dir, "bad.json", "{\"schema\": \"other/1\", \"cases\": []}"));
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	ck_assert_ptr_null(record_load(path, err, sizeof(err)));
	ck_assert(strstr(err, "other/1"));
	tu_rmdir(dir);
}
END_TEST

/* A run that died: result.json still "running" and the journal beside it;
 * the record read back holds the journal's whole lines (the torn last one
 * and one that is not a case left out), recounted, never a pass. A
 * finished record ignores a journal left behind. */
START_TEST(test_journal_read_back)
{
	char *dir = tu_mkdtemp(), path[4200], err[200];
	struct record *r = record_new(), *back;
	json_object *cases, *sum, *n;

	ck_assert_int_eq(record_write(r, dir), CC_OK);
	ck_assert_int_eq(record_journal_open(r, dir), CC_OK);
	ck_assert_int_eq(record_journal_open(r, dir) != CC_OK, 1); /* never over one */
	for (int i = 0; i < 2; i++) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "id", json_object_new_string(i ? "B-01" : "A-01"));
		json_object_object_add(c, "verdict", json_object_new_string("pass"));
		ck_assert_int_eq(record_journal_append(r, c), CC_OK);
		json_object_put(c);
	}
	record_free(r);
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_JOURNAL);
	{
		FILE *f = fopen(path, "a");

		ck_assert(f);
		fputs("[1,2]\n{\"id\":\"C-01\",\"verdict\":\"pa", f); /* not a case; torn */
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	back = record_load(path, err, sizeof(err));
	ck_assert_msg(back != NULL, "%s", err);
	ck_assert(json_object_object_get_ex(record_json(back), "cases", &cases));
	ck_assert_uint_eq(json_object_array_length(cases), 2);
	ck_assert(json_object_object_get_ex(record_json(back), "summary", &sum));
	ck_assert(json_object_object_get_ex(sum, "pass", &n));
	ck_assert_int_eq(json_object_get_int(n), 2);
	ck_assert(json_object_object_get_ex(record_json(back), "verdict", &n));
	ck_assert_str_eq(json_object_get_string(n), "incomplete");
	/* once complete, result.json alone is the record */
	record_set(back, "status", json_object_new_string("complete"));
	ck_assert(json_object_object_get_ex(record_json(back), "cases", &cases));
	ck_assert_int_eq(record_write(back, dir), CC_OK);
	record_free(back);
	back = record_load(path, err, sizeof(err));
	ck_assert(back);
	ck_assert(json_object_object_get_ex(record_json(back), "cases", &cases));
	ck_assert_uint_eq(json_object_array_length(cases), 2);
	record_journal_remove(back, dir);
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_JOURNAL);
	ck_assert_int_ne(access(path, F_OK), 0);
	record_free(back);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_atomic_write_failure_leaves_nothing)
{
	char *dir = tu_mkdtemp(), path[4200];

	snprintf(path, sizeof(path), "%s/missing/sub/file", dir);
	ck_assert_int_eq(atomic_write_file(path, "x", 1), CC_EIO);
	snprintf(path, sizeof(path), "%s/f", dir);
	ck_assert_int_eq(atomic_write_file(path, "one", 3), CC_OK);
	ck_assert_int_eq(atomic_write_file(path, "two!", 4), CC_OK);
	ck_assert_int_eq(count_entries(dir), 1);
	{
		char *s = tu_slurp(path);

		ck_assert_str_eq(s, "two!");
		free(s);
	}
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_sha256)
{
	char hex[SHA256_HEX_LEN + 1], *dir = tu_mkdtemp(), *path;

	/* FIPS 180-2 example */
	sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	path = tu_write(dir, "f", "abc");
	ck_assert_int_eq(sha256_file(path, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(path);
	ck_assert_int_eq(sha256_file("/nonexistent/x", hex), CC_ENOTFOUND);
	/* a record may name anything: a device or a FIFO is refused, at once */
	ck_assert_int_eq(sha256_file("/dev/zero", hex), CC_EINVAL);
	ck_assert_int_eq(sha256_file(dir, hex), CC_EINVAL);
	path = tu_write(dir, "fifo", "");
	unlink(path);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(sha256_file(path, hex), CC_EINVAL);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_mkdir_p_and_read_file)
{
	char *dir = tu_mkdtemp(), path[4200], *data;
	size_t len;
	struct stat st;

	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	ck_assert_int_eq(mkdir_p(path), 0);
	ck_assert_int_eq(mkdir_p(path), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	free(tu_write(dir, "a/b/c/f", "hello"));
	snprintf(path, sizeof(path), "%s/a/b/c/f", dir);
	ck_assert_int_eq(read_file(path, &data, &len), 0);
	ck_assert_str_eq(data, "hello");
	ck_assert_uint_eq(len, 5);
	free(data);
	tu_rmdir(dir);
}
END_TEST

static const char *schema_path(void)
{
	static char path[4200];
	const char *top = getenv("CARECERT_TOP");

	snprintf(path, sizeof(path), "%s/../shared/schemas/junit-ant.xsd",
		 top ? top : ".");
	return path;
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

START_TEST(test_junit_mapping_and_schema)
{
	char *dir = tu_mkdtemp(), path[4200];
	struct record *r = sample();
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaPtr schema;
	xmlDocPtr doc;
	FILE *f;

	record_summarize(r, NULL);
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	ck_assert_int_eq(junit_write(record_json(r), path), CC_OK);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	expect_xpath(doc, "count(/testsuites/testsuite)", "2");
	expect_xpath(doc, "/testsuites/testsuite[1]/@name", "s1");
	expect_xpath(doc, "/testsuites/testsuite[1]/@tests", "4");
	expect_xpath(doc, "/testsuites/testsuite[1]/@failures", "1");
	expect_xpath(doc, "/testsuites/testsuite[1]/@timestamp", "2026-11-24T10:00:00");
	expect_xpath(doc, "/testsuites/testsuite[2]/@failures", "1");
	expect_xpath(doc, "/testsuites/testsuite[2]/@errors", "1");
	expect_xpath(doc, "/testsuites/testsuite[2]/@skipped", "1");
	expect_xpath(doc, "/testsuites/testsuite[2]/@id", "1");
	expect_xpath(doc, "/testsuites/testsuite[1]/testcase[4]/failure/@type", "fail");
	/* control characters are replaced, XML specials escaped by libxml2 */
	expect_xpath(doc, "/testsuites/testsuite[1]/testcase[4]/failure/@message",
		     "bad ?[31mcolour?");
	expect_xpath(doc, "/testsuites/testsuite[2]/testcase[1]/failure/@type", "inconclusive");
	expect_xpath(doc, "/testsuites/testsuite[2]/testcase[2]/error/@message", "link lost");
	expect_xpath(doc, "/testsuites/testsuite[2]/testcase[3]/skipped/@message",
		     "not applicable: DUT does not claim feature 'x'");
	expect_xpath(doc, "/testsuites/testsuite[1]/properties/property[@name='dut.vendor']/@value",
		     "Acme <&> \"Med\"");
	expect_xpath(doc, "contains(/testsuites/testsuite[1]/system-out, 'A-02: passed on attempt 2 of 3')",
		     "true");
	expect_xpath(doc, "contains(/testsuites/testsuite[1]/system-out, 'A-03: marginal rt = 450 ms')",
		     "true");

	f = fopen(schema_path(), "r");
	if (!f) {
		/* ../shared is beside the clone in CI; a bare clone checks the
		 * mapping above only */
		fprintf(stderr, "note: %s absent, JUnit schema validation skipped\n",
			schema_path());
		xmlFreeDoc(doc);
		record_free(r);
		tu_rmdir(dir);
		return;
	}
	fclose(f);
	pc = xmlSchemaNewParserCtxt(schema_path());
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_int_eq(xmlSchemaValidateDoc(vc, doc), 0);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xmlFreeDoc(doc);
	record_free(r);
	tu_rmdir(dir);
}
END_TEST

/* The words a record may use for its overall verdict: never "pass" for a
 * run that left applicable cases out or did not complete. */
START_TEST(test_overall_never_pass_unless_whole)
{
	struct verdict_tally t = { 0 };

	t.count[VERDICT_PASS] = 3;
	ck_assert_str_eq(record_overall(&t, "complete"), "pass");
	ck_assert_str_eq(record_overall(&t, "running"), "incomplete");
	ck_assert_str_eq(record_overall(&t, "interrupted"), "incomplete");
	ck_assert_str_eq(record_overall(&t, NULL), "incomplete");
	t.count[VERDICT_NOT_RUN] = 2;
	ck_assert_str_eq(record_overall(&t, "complete"), "partial");
	ck_assert_int_eq(verdict_tally_exit_status(&t), EXIT_PARTIAL);
	t.count[VERDICT_FAIL] = 1; /* a finding stands whatever the scope */
	ck_assert_str_eq(record_overall(&t, "complete"), "fail");
	ck_assert_str_eq(record_overall(&t, "interrupted"), "fail");
	ck_assert_int_eq(verdict_tally_exit_status(&t), 1);
}
END_TEST

/* A record whose status is not complete, or whose scope is partial, gives
 * a JUnit file with an erroring "carecert.run" case: never a green file. */
START_TEST(test_junit_never_green_for_partial_or_interrupted)
{
	static const char *const cases[][3] = {
		{ "interrupted", "complete", "run interrupted: interrupted by signal 2" },
		{ "running", "complete", "run running: the record was not finished" },
		{ "complete", "partial", "partial run: 1 of 16 applicable cases selected; not a certification verdict" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = tu_mkdtemp(), path[4200];
		struct record *r = record_new();
		json_object *suites = json_object_new_array(), *s = json_object_new_object();
		json_object *sel = json_object_new_object();
		xmlDocPtr doc;

		json_object_object_add(s, "id", json_object_new_string("s1"));
		json_object_array_add(suites, s);
		record_set(r, "suites", suites);
		record_set(r, "status", json_object_new_string(cases[i][0]));
		record_set(r, "scope", json_object_new_string(cases[i][1]));
		if (!strcmp(cases[i][0], "interrupted"))
			record_set(r, "abort_reason", json_object_new_string("interrupted by signal 2"));
		json_object_object_add(sel, "selected", json_object_new_int(1));
		json_object_object_add(sel, "applicable", json_object_new_int(16));
		record_set(r, "selection", sel);
		record_add_case(r, make_case("s1", "A-01", "pass", 1, false, ""));
		record_summarize(r, NULL);
		snprintf(path, sizeof(path), "%s/junit.xml", dir);
		ck_assert_int_eq(junit_write(record_json(r), path), CC_OK);
		doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
		ck_assert_ptr_nonnull(doc);
		expect_xpath(doc, "count(/testsuites/testsuite)", "2");
		expect_xpath(doc, "/testsuites/testsuite[2]/@name", "carecert.run");
		expect_xpath(doc, "/testsuites/testsuite[2]/@errors", "1");
		expect_xpath(doc, "/testsuites/testsuite[2]/testcase/error/@message", cases[i][2]);
		expect_xpath(doc, "/testsuites/testsuite[1]/properties/property[@name='run.verdict']/@value",
			     strcmp(cases[i][1], "partial") ? "incomplete" : "partial");
		xmlFreeDoc(doc);
		record_free(r);
		tu_rmdir(dir);
	}
}
END_TEST

/* A damaged record (a suite without id, members of the wrong type) still
 * gives a tally and well-formed JUnit (found by fuzz-record: strcmp() of
 * the missing id crashed `carecert junit`, and json-c aborted on an
 * "evidence" or "measurements" that was no array). */
START_TEST(test_junit_damaged_record)
{
	char *dir = tu_mkdtemp(), path[4200];
	json_object *root = json_tokener_parse(
		"{\"schema\":\"carecert/result/1\",\"suites\":[{\"path\":\"x.yaml\"},{\"id\":\"s1\"}],"
		"\"cases\":[{\"suite\":\"s1\",\"id\":\"A-01\",\"verdict\":\"pass\",\"measurements\":5},"
		"{\"suite\":\"s1\",\"id\":\"A-02\",\"verdict\":\"fail\",\"evidence\":\"x\"},"
		"{\"suite\":\"s1\",\"id\":\"A-03\",\"verdict\":\"fail\",\"evidence\":"
		"[{\"verdict\":\"fail\",\"frames\":{}}]}]}");
	struct verdict_tally t;
	xmlDocPtr doc;

	ck_assert_ptr_nonnull(root);
	record_tally(root, &t);
	ck_assert_uint_eq(t.count[VERDICT_PASS], 1);
	ck_assert_uint_eq(t.count[VERDICT_FAIL], 2);
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	ck_assert_int_eq(junit_write(root, path), CC_OK);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	/* two suites, and the run's own: a record without a status is no
	 * complete run */
	expect_xpath(doc, "count(/testsuites/testsuite)", "3");
	expect_xpath(doc, "/testsuites/testsuite[3]/@name", "carecert.run");
	expect_xpath(doc, "/testsuites/testsuite[1]/@name", "");
	expect_xpath(doc, "/testsuites/testsuite[1]/@tests", "0");
	expect_xpath(doc, "/testsuites/testsuite[2]/@failures", "2");
	xmlFreeDoc(doc);
	json_object_put(root);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_record(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");

	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_no_applicable_case_is_inconclusive);
	tcase_add_test(tc, test_write_load_round_trip);
	tcase_add_test(tc, test_journal_read_back);
	tcase_add_test(tc, test_atomic_write_failure_leaves_nothing);
	tcase_add_test(tc, test_sha256);
	tcase_add_test(tc, test_mkdir_p_and_read_file);
	tcase_add_test(tc, test_junit_mapping_and_schema);
	tcase_add_test(tc, test_overall_never_pass_unless_whole);
	tcase_add_test(tc, test_junit_never_green_for_partial_or_interrupted);
	tcase_add_test(tc, test_junit_damaged_record);
	suite_add_tcase(s, tc);
	return s;
}
