/* SPDX-License-Identifier: MIT */
/*
 * Integration: JUnit from real runs on simulated devices, in each dialect,
 * written by `carecert run --junit-dialect` and again by `carecert junit`:
 * a pass on a later attempt (fault intermittent) and a failure (fault
 * bad-checksum), with the frames of the run's traffic log quoted.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static char *run(const char *fmt, const char *a, const char *b, int *status)
{
	char cmd[8192], args[4096], *out = NULL;

	snprintf(args, sizeof(args), fmt, a, b ? b : "");
	snprintf(cmd, sizeof(cmd), "%s/carecert %s 2>&1", tu_bindir(), args);
	*status = tu_run(cmd, &out);
	return out;
}

static char *slurp(const char *dir, const char *name)
{
	char path[4200], *s;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	s = tu_slurp(path);
	ck_assert_msg(s != NULL, "%s missing", path);
	return s;
}

#define ID01 "BPM-SER-ID-01 Identify reply carries the DUT identity"
#define SUITE "serial-bp-protocol @ Acme Medical BP-100 SIM-000123"

START_TEST(test_junit_dialects_from_real_runs)
{
	char *dir = tu_mkdtemp(), *out, *x, cmd[8800];
	int st;

	/* a pass on attempt 2: Surefire's flakyFailure, real frames quoted */
	out = run("run -q profiles/fault-serial-bp-intermittent.yaml --out '%s/flaky' "
		  "--junit-dialect surefire --junit '%s/flaky.xml'", dir, dir, &st);
	ck_assert_msg(st == 0, "exit %d: %s", st, out);
	free(out);
	x = slurp(dir, "flaky.xml");
	ck_assert_msg(strstr(x, "<testsuites name=\"carecert\" tests=\"17\""), "%.600s", x);
	ck_assert_msg(strstr(x, "<testcase name=\"" ID01 "\" classname=\"" SUITE "\""), "%.2000s", x);
	ck_assert_msg(strstr(x, "<property name=\"flaky\" value=\"true\"/>"), "%.3000s", x);
	/* the suite's line numbers move as it is edited: the step's kind and
	 * finding are what matter */
	ck_assert_msg(strstr(x, "<flakyFailure message=\"line ") &&
			      strstr(x, " (expect): no reply within the deadline"),
		      "%.3000s", x);
	ck_assert_msg(strstr(x, ": rx $ID,Acme Medical,BP-100,1.4.2,SIM-000123*0F\\r\\n"), "%.3000s", x);
	free(x);

	/* the same record again, in the default dialect: Ant-valid */
	out = run("junit '%s/flaky' '%s/ant.xml'", dir, dir, &st);
	ck_assert_msg(st == 0, "exit %d: %s", st, out);
	free(out);
	snprintf(cmd, sizeof(cmd), "xmllint --noout --schema '%s/../shared/schemas/junit-ant.xsd' '%s/ant.xml' 2>&1",
		 tu_top(), dir);
	st = tu_run(cmd, &out);
	ck_assert_msg(st == 0, "%s", out);
	free(out);
	x = slurp(dir, "ant.xml");
	ck_assert(strstr(x, "<property name=\"BPM-SER-ID-01.attempt\" value=\"2 of 3\"/>"));
	ck_assert(strstr(x, "BPM-SER-ID-01: passed on attempt 2 of 3; passed on a later attempt (flaky)"));
	ck_assert(!strstr(x, "flakyFailure"));
	free(x);

	/* a failure: the checksum finding with the frame that shows it */
	out = run("run -q profiles/fault-serial-bp-bad-checksum.yaml --out '%s/fail' "
		  "--junit-dialect gitlab --junit '%s/fail.xml'", dir, dir, &st);
	ck_assert_msg(st == 1, "exit %d: %s", st, out);
	free(out);
	x = slurp(dir, "fail.xml");
	ck_assert_msg(strstr(x, "<failure message=\"line ") &&
			      strstr(x, " (expect): checksum mismatch"), "%.3000s", x);
	ck_assert_msg(strstr(x, ": rx $STAT,87,IDLE,3*07\\r\\n\n"), "%s", x);
	ck_assert_msg(strstr(x, "<testsuites name=\"carecert\" tests=\"17\" failures=\"1\""), "%.300s", x);
	free(x);

	/* and read by junitparser as CI tools do */
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/junit-read.py' '%s/fail.xml' 2>&1",
		 tu_top(), dir);
	st = tu_run(cmd, &out);
	ck_assert_msg(st == 0 && strstr(out, "\"name\": \"" SUITE "\""), "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* The profile's output.junit_dialect, and --junit-dialect over it. */
START_TEST(test_junit_dialect_from_profile)
{
	char *dir = tu_mkdtemp(), cmd[8800], *out, *x;
	int st;

	snprintf(cmd, sizeof(cmd),
		 "sed -e \"s|^suites:|suites_dir: $PWD/suites\\nsuites:|\" profiles/demo-serial-bp.yaml "
		 "-e 's|^  junit: junit.xml|  junit: j.xml\\n  junit_dialect: jenkins|' > '%s/p.yaml'",
		 dir);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/p.yaml", dir);
	out = run("run -q '%s' --case BPM-SER-ID-01 --out '%s/a'", cmd, dir, &st);
	ck_assert_msg(st == 4, "exit %d: %s", st, out); /* partial: one case */
	free(out);
	x = slurp(dir, "a/j.xml");
	ck_assert_msg(strstr(x, "<testsuites name=\"carecert\" tests=\"18\" failures=\"0\" errors=\"1\""),
		      "%.400s", x);
	ck_assert(strstr(x, "<property name=\"flaky\" value=\"false\"/>"));
	free(x);
	out = run("run -q '%s' --case BPM-SER-ID-01 --junit-dialect ant --out '%s/b'", cmd, dir, &st);
	ck_assert_msg(st == 4, "exit %d: %s", st, out);
	free(out);
	x = slurp(dir, "b/j.xml");
	ck_assert_msg(strstr(x, "<testsuites>") && !strstr(x, "name=\"flaky\""), "%.400s", x);
	free(x);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_junit_dialect_option)
{
	int st;
	char *out = run("junit --junit-dialect xunit %s %s", "/nonexistent", "x.xml", &st);

	ck_assert_msg(st == 2 && strstr(out, "unknown JUnit dialect 'xunit' (known: ant, jenkins, gitlab, surefire)"),
		      "exit %d: %s", st, out);
	free(out);
	out = run("run --junit-dialect nope profiles/demo-serial-bp.yaml%s%s", "", "", &st);
	ck_assert_msg(st == 2 && strstr(out, "unknown JUnit dialect 'nope'"), "exit %d: %s", st, out);
	free(out);
	out = run("validate --junit-dialect ant profiles/demo-serial-bp.yaml%s%s", "", "", &st);
	ck_assert_msg(st == 2 && strstr(out, "commands that take it: run, junit"), "exit %d: %s", st, out);
	free(out);
}
END_TEST

Suite *suite_itest_junit(void)
{
	Suite *s = suite_create("itest-junit");
	TCase *tc = tcase_create("junit");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_junit_dialects_from_real_runs);
	tcase_add_test(tc, test_junit_dialect_from_profile);
	tcase_add_test(tc, test_junit_dialect_option);
	suite_add_tcase(s, tc);
	return s;
}
