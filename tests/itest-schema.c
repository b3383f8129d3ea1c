/* SPDX-License-Identifier: MIT */
/*
 * Integration: the published JSON Schemas (docs/schemas/) against what
 * carecert really reads and writes, with a real validator (Debian
 * python3-jsonschema, tools/schema-check.py): every profile and suite of
 * the repository; records of a run while it runs, when complete, aborted
 * (unreachable DUT) and with a --case selection. And the other way: a
 * record with a wrong verdict, a missing member or a password in clear, a
 * profile with an unknown key, a suite with an unknown step, are refused,
 * naming where. (Every profile's record is validated in itest-profiles.c,
 * from the runs made there.)
 */
#include <check.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* tools/schema-check.py on the files; its output in *out, its status */
static int schema_check(const char *files, char **out)
{
	char cmd[8800];

	snprintf(cmd, sizeof(cmd), "tools/schema-check.py %s", files);
	return tu_run(cmd, out);
}

static void expect_valid(const char *files)
{
	char *out;
	int rc = schema_check(files, &out);

	ck_assert_msg(rc == 0, "schema-check %s: exit %d\n%s", files, rc, out);
	free(out);
}

/* Refused (exit 1) with this path and message in the output. */
static void expect_refused(const char *file, const char *where, const char *message)
{
	char *out;
	int rc = schema_check(file, &out);

	ck_assert_msg(rc == 1, "schema-check %s: exit %d, expected 1\n%s", file, rc, out);
	ck_assert_msg(strstr(out, where) && strstr(out, message), "'%s' and '%s' not in:\n%s", where,
		      message, out);
	free(out);
}

START_TEST(test_validator_installed)
{
	char *out;
	int rc = tu_run("/usr/bin/python3 -c 'import jsonschema, yaml; "
			"jsonschema.Draft202012Validator'",
			&out);

	ck_assert_msg(rc == 0, "python3-jsonschema and python3-yaml are needed (make deps):\n%s", out);
	free(out);
}
END_TEST

START_TEST(test_repository_profiles_and_suites)
{
	expect_valid("profiles/*.yaml suites/*.yaml");
}
END_TEST

static char *read_text(const char *path)
{
	char *s = tu_slurp(path);

	ck_assert_msg(s != NULL, "cannot read %s", path);
	return s;
}

/* Copies of result.json taken while the run goes, until one says running. */
static bool catch_running(const char *dir, const char *copy, pid_t pid)
{
	char path[4200];
	struct timespec tick = { 0, 2 * 1000 * 1000 };

	snprintf(path, sizeof(path), "%s/result.json", dir);
	for (int i = 0; i < 20000; i++) {
		json_object *r = json_object_from_file(path), *st;
		bool running = r && json_object_object_get_ex(r, "status", &st) &&
			       !strcmp(json_object_get_string(st), "running");

		if (running) {
			/* the record is renamed into place whole: this is one */
			ck_assert_int_eq(json_object_to_file_ext(copy, r, JSON_C_TO_STRING_PRETTY), 0);
			json_object_put(r);
			return true;
		}
		json_object_put(r);
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return false;
		nanosleep(&tick, NULL);
	}
	return false;
}

/* The demo run: its record while running, then complete. */
START_TEST(test_record_running_and_complete)
{
	char *dir = tu_mkdtemp(), exe[4200], out[4200], copy[4200], files[8600], *st;
	pid_t pid;
	int status;
	json_object *r, *v;

	snprintf(exe, sizeof(exe), "%s/carecert", tu_bindir());
	snprintf(out, sizeof(out), "%s/run", dir);
	snprintf(copy, sizeof(copy), "%s/running.json", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		if (chdir(tu_top()) || !freopen("/dev/null", "w", stdout))
			_exit(127);
		execl(exe, exe, "run", "-q", "profiles/demo-serial-bp.yaml", "--out", out, (char *)NULL);
		_exit(127);
	}
	ck_assert_msg(catch_running(out, copy, pid), "never saw the record of a running run");
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	r = json_object_from_file(copy);
	ck_assert(json_object_object_get_ex(r, "end", &v) && !v);
	json_object_put(r);
	snprintf(files, sizeof(files), "'%s' '%s/result.json'", copy, out);
	expect_valid(files);
	snprintf(files, sizeof(files), "%s/result.json", out);
	st = read_text(files);
	ck_assert_ptr_nonnull(strstr(st, "\"status\":\"complete\""));
	free(st);
	tu_rmdir(dir);
}
END_TEST

/* A DUT that cannot be reached: status aborted, abort_reason, every
 * case an error. */
START_TEST(test_record_aborted)
{
	char *dir = tu_mkdtemp(), cmd[8800], file[4200], *out, *prof;
	int rc;

	prof = tu_write(dir, "gone.yaml",
			"schema: carecert/profile/1\n"
			"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
			"transport: {kind: serial, port: /dev/ttyNOSUCH0}\n"
			"suites: [serial-bp-protocol]\n"
			"suites_dir: SUITES\n");
	snprintf(cmd, sizeof(cmd), "sed -i \"s|SUITES|$PWD/suites|\" '%s' && %s/carecert run -q '%s' --out '%s/run'",
		 prof, tu_bindir(), prof, dir);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 3, "exit %d: %s", rc, out);
	free(out);
	snprintf(file, sizeof(file), "%s/run/result.json", dir);
	out = read_text(file);
	ck_assert_ptr_nonnull(strstr(out, "\"status\":\"aborted\""));
	free(out);
	expect_valid(file);
	free(prof);
	tu_rmdir(dir);
}
END_TEST

/* Paired data, one case selected: accuracy evaluations, and cases not
 * selected recorded as not run with the reason (a partial run, exit 4). */
START_TEST(test_record_selection_and_accuracy)
{
	char *dir = tu_mkdtemp(), cmd[8800], file[4200], *out;
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run -q profiles/demo-accuracy-bp.yaml --case ACC-BP-C1-SYS --out '%s/run'",
		 tu_bindir(), dir);
	rc = tu_run(cmd, &out);
	free(out);
	ck_assert_int_eq(rc, 4);
	snprintf(file, sizeof(file), "%s/run/result.json", dir);
	out = read_text(file);
	ck_assert_ptr_nonnull(strstr(out, "\"method\":\"bp\""));
	ck_assert_ptr_nonnull(strstr(out, "\"verdict\":\"not run\""));
	ck_assert_ptr_nonnull(strstr(out, "\"scope\":\"partial\""));
	free(out);
	expect_valid(file);
	tu_rmdir(dir);
}
END_TEST

/* One change to a record carecert wrote, saved as a new file. */
static char *mutated(const char *dir, const char *name, json_object *base,
		     void (*change)(json_object *root))
{
	json_object *r = json_tokener_parse(json_object_to_json_string(base));
	char *path;

	ck_assert_ptr_nonnull(r);
	change(r);
	path = tu_write(dir, name, json_object_to_json_string_ext(r, JSON_C_TO_STRING_PRETTY));
	json_object_put(r);
	return path;
}

static json_object *first_case(json_object *root)
{
	json_object *cases;

	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	return json_object_array_get_idx(cases, 0);
}

static void case_verdict_maybe(json_object *r)
{
	json_object_object_add(first_case(r), "verdict", json_object_new_string("maybe"));
}

static void overall_verdict_passed(json_object *r)
{
	json_object_object_add(r, "verdict", json_object_new_string("passed"));
}

static void status_done(json_object *r)
{
	json_object_object_add(r, "status", json_object_new_string("done"));
}

static void no_summary(json_object *r)
{
	json_object_object_del(r, "summary");
}

static void password_in_clear(json_object *r)
{
	json_object *t = json_object_new_object();

	json_object_object_add(t, "kind", json_object_new_string("http"));
	json_object_object_add(t, "url", json_object_new_string("https://gw.local"));
	json_object_object_add(t, "password", json_object_new_string("hunter2"));
	json_object_object_add(r, "transport", t);
}

static void unknown_member(json_object *r)
{
	json_object_object_add(first_case(r), "colour", json_object_new_string("green"));
}

static void future_schema(json_object *r)
{
	json_object_object_add(r, "schema", json_object_new_string("carecert/result/99"));
}

START_TEST(test_wrong_documents_refused)
{
	char *dir = tu_mkdtemp(), cmd[8800], file[4200], *out, *p;
	json_object *base;
	int rc;

	/* a real record to start from: the data-only demo is quick */
	snprintf(cmd, sizeof(cmd), "%s/carecert run -q profiles/demo-accuracy-hr.yaml --out '%s/run'",
		 tu_bindir(), dir);
	rc = tu_run(cmd, &out);
	free(out);
	ck_assert_int_eq(rc, 0);
	snprintf(file, sizeof(file), "%s/run/result.json", dir);
	expect_valid(file);
	base = json_object_from_file(file);
	ck_assert_ptr_nonnull(base);

	p = mutated(dir, "verdict.json", base, case_verdict_maybe);
	expect_refused(p, "/cases/0/verdict", "'maybe' is not one of");
	free(p);
	p = mutated(dir, "overall.json", base, overall_verdict_passed);
	expect_refused(p, "/verdict", "'passed' is not one of");
	free(p);
	p = mutated(dir, "status.json", base, status_done);
	expect_refused(p, "/status", "'done' is not one of");
	free(p);
	p = mutated(dir, "summary.json", base, no_summary);
	expect_refused(p, ": /:", "'summary' is a required property");
	free(p);
	p = mutated(dir, "password.json", base, password_in_clear);
	expect_refused(p, "/transport/password", "'(set, not recorded)' was expected");
	free(p);
	p = mutated(dir, "member.json", base, unknown_member);
	expect_refused(p, "/cases/0", "'colour' was unexpected");
	free(p);
	/* a format no schema is published for cannot be checked at all */
	p = mutated(dir, "future.json", base, future_schema);
	rc = schema_check(p, &out);
	ck_assert_msg(rc == 2 && strstr(out, "carecert/result/99 is not published"), "exit %d: %s", rc,
		      out);
	free(out);
	free(p);
	json_object_put(base);

	/* YAML: a profile's unknown key, a suite's unknown step, a step of
	 * two kinds */
	p = tu_write(dir, "p.yaml",
		     "schema: carecert/profile/1\n"
		     "dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
		     "transport: {kind: serial, port: /dev/null}\n"
		     "suites: [serial-bp-protocol]\n"
		     "colour: blue\n");
	expect_refused(p, ": /:", "'colour' was unexpected");
	free(p);
	p = tu_write(dir, "s.yaml",
		     "schema: carecert/suite/1\nid: s\ntitle: S\ncategory: blood_pressure\n"
		     "transport: serial\n"
		     "cases:\n"
		     "  - id: C-1\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		     "    steps:\n      - teleport: {to: mars}\n"
		     "  - id: C-2\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n"
		     "    steps:\n      - {send: {line: A}, delay: 1 ms}\n");
	expect_refused(p, "/cases/0/steps/0", "'teleport' was unexpected");
	expect_refused(p, "/cases/1/steps/0", "has too many properties");
	free(p);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_itest_schema(void)
{
	Suite *s = suite_create("itest-schema");
	TCase *tc = tcase_create("schema");

	tcase_add_test(tc, test_validator_installed);
	tcase_add_test(tc, test_repository_profiles_and_suites);
	tcase_add_test(tc, test_record_running_and_complete);
	tcase_add_test(tc, test_record_aborted);
	tcase_add_test(tc, test_record_selection_and_accuracy);
	tcase_add_test(tc, test_wrong_documents_refused);
	suite_add_tcase(s, tc);
	return s;
}
