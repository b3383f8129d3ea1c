/* SPDX-License-Identifier: MIT */
/*
 * Integration: the command line as a user meets it. Every command answers
 * --help (and `carecert help COMMAND`) with its own usage and options; an
 * option a command does not take is refused with exit 2, naming the option
 * and the command, instead of being silently ignored.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char *const commands[] = {
	"validate", "list", "run", "ports", "coverage", "junit",
	"keygen", "sign", "verify", "report", "diff",
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
	for (const char *const *o = (const char *const[]){ "--out", "--junit", "--suites",
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
	suite_add_tcase(s, tc);
	return s;
}
