/* SPDX-License-Identifier: MIT */
/*
 * Integration: the command line as a user meets it. Every command answers
 * --help (and `carecert help COMMAND`) with its own usage and options; an
 * option a command does not take is refused with exit 2, naming the option
 * and the command, instead of being silently ignored.
 */
#include <check.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define PARTIAL 4 /* exit status of a run the selection left cases out of */

static const char *const commands[] = {
	"validate", "list", "run", "ports", "coverage", "junit",
	"keygen", "sign", "verify", "report", "diff", "store", "serve", "submit", "passwd",
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cli(char **out, const char *fmt, const char *a, const char *b)
{
	char cmd[8192], args[4096];

	snprintf(args, sizeof(args), fmt, a ? a : "", b ? b : "");
	snprintf(cmd, sizeof(cmd), "%s/carecert %s", tu_bindir(), args);
	return tu_run(cmd, out);
}

START_TEST(test_command_help)
{
	const char *name = commands[_i];
	char *out, *again, want[64];
	int status;

	status = cli(&out, "%s --help", name, NULL);
	ck_assert_msg(status == 0, "%s --help: exit %d: %s", name, status, out);
	snprintf(want, sizeof(want), "usage: carecert %s ", name);
	ck_assert_msg(!strncmp(out, want, strlen(want)), "%s --help: %s", name, out);
	ck_assert_msg(strstr(out, "--help"), "%s", out);
	ck_assert_int_eq(cli(&again, "help %s", name, NULL), 0);
	ck_assert_str_eq(out, again);
	free(again);
	/* -h too, before or after arguments */
	ck_assert_int_eq(cli(&again, "%s somearg -h", name, NULL), 0);
	ck_assert_str_eq(out, again);
	free(again);
	free(out);
}
END_TEST

START_TEST(test_help_lists_only_own_options)
{
	char *out;

	ck_assert_int_eq(cli(&out, "run --help", NULL, NULL), 0);
	for (const char *const *o = (const char *const[]){ "--out", "--junit", "--junit-dialect", "--suites",
		     "--fault", "--case", "--tag", "--exclude-tag", "--rerun-failed",
		     "--force", "--verbose", "--quiet", NULL }; *o; o++)
		ck_assert_msg(strstr(out, *o), "run --help lacks %s: %s", *o, out);
	ck_assert_msg(!strstr(out, "--pubkey") && !strstr(out, "--tolerance"), "%s", out);
	free(out);
	ck_assert_int_eq(cli(&out, "validate --help", NULL, NULL), 0);
	ck_assert_msg(strstr(out, "--suites") && !strstr(out, "--junit") &&
		      !strstr(out, "--fault"), "%s", out);
	free(out);
	ck_assert_int_eq(cli(&out, "help", NULL, NULL), 0);
	ck_assert_msg(strstr(out, "usage: carecert <command>"), "%s", out);
	free(out);
	ck_assert_int_eq(cli(&out, "help nosuch", NULL, NULL), 2);
	ck_assert_msg(strstr(out, "nosuch"), "%s", out);
	free(out);
}
END_TEST

/* Before: every subcommand took every option, and this was "ok". */
START_TEST(test_option_of_another_command_refused)
{
	char *out;
	int status;

	status = cli(&out, "validate --junit x.xml --fault foo profiles/demo-serial-bp.yaml",
		     NULL, NULL);
	ck_assert_msg(status == 2, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "carecert validate: validate takes no option '--junit'"),
		      "%s", out);
	ck_assert_msg(!strstr(out, ": ok"), "%s", out);
	free(out);
	status = cli(&out, "validate --junit=x.xml profiles/demo-serial-bp.yaml", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "'--junit'"), "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "report -q run-dir", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "report takes no option '-q'"),
		      "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "list --verbose profiles/demo-serial-bp.yaml", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "list takes no option '--verbose'"),
		      "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "diff --key k a b", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "diff takes no option '--key'"),
		      "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "ports --out x", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "ports takes no option '--out'"),
		      "exit %d: %s", status, out);
	free(out);
}
END_TEST

START_TEST(test_option_errors)
{
	char *out;
	int status;

	status = cli(&out, "validate --bogus profiles/demo-serial-bp.yaml", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "carecert validate: unknown option '--bogus'"),
		      "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "run profiles/demo-serial-bp.yaml --out", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "option '--out' needs an argument"),
		      "exit %d: %s", status, out);
	free(out);
	status = cli(&out, "run --force=yes profiles/demo-serial-bp.yaml", NULL, NULL);
	ck_assert_msg(status == 2 && strstr(out, "option '--force' takes no argument"),
		      "exit %d: %s", status, out);
	free(out);
}
END_TEST

/* The selection options are options of list and run (what they select is
 * the plan's business). --case with a case id keeps working. */
START_TEST(test_selection_options_taken)
{
	char *out;
	int status;

	status = cli(&out, "list --case BPM-SER-TIM-01 profiles/demo-serial-bp.yaml", NULL, NULL);
	ck_assert_msg(status == 0, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "BPM-SER-TIM-01"), "%s", out);
	free(out);
	for (const char *const *o = (const char *const[]){ "--tag x", "--exclude-tag x",
		     "-t x", "--rerun-failed /nonexistent", NULL }; *o; o++) {
		status = cli(&out, "list %s profiles/demo-serial-bp.yaml", *o, NULL);
		ck_assert_msg(!strstr(out, "takes no option") && !strstr(out, "unknown option"),
			      "list %s: %s", *o, out);
		free(out);
	}
}
END_TEST

#define GW_PASSWORD "Vit4l-Signs-2026" /* the simulator's; the demo profile's */

/* A copy of the demo gateway profile in dir/profiles whose password comes
 * from the environment (CC_GW_PASSWORD) or, with from_file, from
 * dir/profiles/gw.pass. */
static char *secret_profile(const char *dir, bool from_file)
{
	char cmd[8192], *out, *path;

	path = malloc(4200);
	snprintf(path, 4200, "%s/profiles/gw.yaml", dir);
	free(tu_write(dir, "profiles/gw.pass", GW_PASSWORD "\n"));
	snprintf(cmd, sizeof(cmd),
		 "sed -e 's|^  password: .*|  password: {%s}|' "
		 "-e \"s|^suites:|suites_dir: $PWD/suites\\nsuites:|\" "
		 "profiles/demo-http-gw.yaml > '%s'",
		 from_file ? "file: gw.pass" : "env: CC_GW_PASSWORD", path);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
	return path;
}

static bool file_has(const char *path, const char *s)
{
	char *text = tu_slurp(path);
	bool has = text && strstr(text, s);

	ck_assert_msg(text, "cannot read %s", path);
	free(text);
	return has;
}

/* Before: a password could only be written in the profile. Now it comes
 * from the environment or a file; the record keeps only that it was set,
 * and neither the record nor the output shows it. */
START_TEST(test_secret_password_from_env)
{
	char *dir = tu_mkdtemp(), *prof = secret_profile(dir, _i == 1), cmd[8192], path[4200];
	char *out;
	json_object *root, *tr, *pw;
	int status;

	/* --verbose shows every frame, the login's too, masked */
	snprintf(cmd, sizeof(cmd), "CC_GW_PASSWORD=%s %s/carecert run --verbose '%s' --out '%s/run'",
		 _i == 1 ? "not-this-one" : GW_PASSWORD, tu_bindir(), prof, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 0, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "tx") && strstr(out, "POST /api/login HTTP/1.1"), "%s", out);
	ck_assert_msg(strstr(out, "\"password\":\"***\""), "%s", out);
	ck_assert_msg(!strstr(out, GW_PASSWORD), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run/result.json", dir);
	ck_assert_msg(!file_has(path, GW_PASSWORD), "the password is in %s", path);
	root = json_object_from_file(path);
	ck_assert(json_object_object_get_ex(root, "transport", &tr));
	ck_assert(json_object_object_get_ex(tr, "password", &pw));
	ck_assert_str_eq(json_object_get_string(pw), "(set, not recorded)");
	json_object_put(root);
	/* the traffic log is raw evidence: the login went out with it */
	snprintf(path, sizeof(path), "%s/run/traffic.jsonl", dir);
	ck_assert(file_has(path, GW_PASSWORD));
	free(prof);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_secret_unset_is_profile_error)
{
	char *dir = tu_mkdtemp(), *prof = secret_profile(dir, false), cmd[8192], *out;
	int status;

	snprintf(cmd, sizeof(cmd), "unset CC_GW_PASSWORD; %s/carecert validate '%s'",
		 tu_bindir(), prof);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 2, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "gw.yaml:17:19: password: environment variable CC_GW_PASSWORD is not set"),
		      "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "unset CC_GW_PASSWORD; %s/carecert run '%s' --out '%s/run'",
		 tu_bindir(), prof, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 2 && strstr(out, "CC_GW_PASSWORD is not set"), "exit %d: %s",
		      status, out);
	free(out);
	free(prof);
	tu_rmdir(dir);
}
END_TEST

/* --verbose: each frame on stderr as it passes, escaped; without it none. */
START_TEST(test_verbose_frames)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out;
	int status;

	snprintf(cmd, sizeof(cmd), "%s/carecert run --verbose -q profiles/demo-serial-bp.yaml "
		 "--case BPM-SER-ID-01 --out '%s/run' 2>'%s/stderr'; s=$?; cat '%s/stderr'; "
		 "exit $s",
		 tu_bindir(), dir, dir, dir);
	status = tu_run(cmd, &out);
	/* one case of the suite: partial */
	ck_assert_msg(status == PARTIAL, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, " dut      tx     8 B  $ID*0D\\r\\n\n"), "%s", out);
	ck_assert_msg(strstr(out, " dut      rx    45 B  $ID,Acme Medical,BP-100"), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/carecert run -q profiles/demo-serial-bp.yaml "
		 "--case BPM-SER-ID-01 --out '%s/run2' 2>&1 >/dev/null",
		 tu_bindir(), dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == PARTIAL && !out[0], "exit %d: %s", status, out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* A case that waits shows a status line on a terminal (script(1) gives
 * the run one), rewritten in place; in CI (a pipe) only the plain lines. */
START_TEST(test_status_line)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out;
	int status;

	snprintf(cmd, sizeof(cmd), "script -qfec \"%s/carecert run profiles/demo-serial-bp.yaml "
		 "--case BPM-SER-MEAS-01 --out '%s/run'\" /dev/null",
		 tu_bindir(), dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == PARTIAL, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "\r  BPM-SER-MEAS-01  expect (line "), "%s", out);
	ck_assert_msg(strstr(out, "\rBPM-SER-MEAS-01        pass"), "%s", out);
	ck_assert_msg(!strchr(out, '\x1b'), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "{ %s/carecert run profiles/demo-serial-bp.yaml "
		 "--case BPM-SER-MEAS-01 --out '%s/run2'; echo $? >'%s/st'; } | cat; "
		 "exit $(cat '%s/st')",
		 tu_bindir(), dir, dir, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == PARTIAL, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "\nBPM-SER-MEAS-01        pass"), "%s", out);
	ck_assert_msg(!strchr(out, '\r'), "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* A profile naming a simulator that is not installed: validate says where
 * (before: "ok", and the run errored every case); run refuses it the same
 * way before starting anything. */
START_TEST(test_missing_simulator)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out;
	int status;

	snprintf(cmd, sizeof(cmd),
		 "sed -e 's/program: serial-bp/program: serial-bp-gone/' "
		 "-e \"s|^suites:|suites_dir: $PWD/suites\\nsuites:|\" "
		 "profiles/demo-serial-bp.yaml > '%s/p.yaml' && %s/carecert validate '%s/p.yaml'",
		 dir, tu_bindir(), dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 2, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "p.yaml:19:12: simulator 'serial-bp-gone' not found"), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/carecert run '%s/p.yaml' --out '%s/run'", tu_bindir(), dir,
		 dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 2 && strstr(out, "p.yaml:19:12: simulator 'serial-bp-gone'"),
		      "exit %d: %s", status, out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* validate finds a ${variable} nothing defines (before: "ok", and every
 * case using it errored at run time); every profile and suite of the
 * repository stays clean. */
START_TEST(test_validate_undefined_variable)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out;
	int status;

	snprintf(cmd, sizeof(cmd),
		 "sed -e 's/\\${m.systolic}/${systolic}/' suites/ble-bp.yaml > '%s/ble-bp.yaml' && "
		 "grep -nF '${systolic}' '%s/ble-bp.yaml' | head -1 | cut -d: -f1 && "
		 "%s/carecert validate '%s/ble-bp.yaml'",
		 dir, dir, tu_bindir(), dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 2, "exit %d: %s", status, out);
	{
		char want[128];

		snprintf(want, sizeof(want), "ble-bp.yaml:%d:", atoi(out));
		ck_assert_msg(strstr(out, want), "%s", out);
	}
	ck_assert_msg(strstr(out, ": undefined variable ${systolic}: no capture, store, list or "
			      "built-in of the suite defines it"), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/carecert validate profiles/*.yaml suites/*.yaml",
		 tu_bindir());
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 0, "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_itest_cli(void)
{
	Suite *s = suite_create("itest-cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_command_help, 0, NCOMMANDS);
	tcase_add_test(tc, test_help_lists_only_own_options);
	tcase_add_test(tc, test_option_of_another_command_refused);
	tcase_add_test(tc, test_option_errors);
	tcase_add_test(tc, test_selection_options_taken);
	tcase_add_loop_test(tc, test_secret_password_from_env, 0, 2);
	tcase_add_test(tc, test_secret_unset_is_profile_error);
	tcase_add_test(tc, test_verbose_frames);
	tcase_add_test(tc, test_status_line);
	tcase_add_test(tc, test_missing_simulator);
	tcase_add_test(tc, test_validate_undefined_variable);
	suite_add_tcase(s, tc);
	return s;
}
