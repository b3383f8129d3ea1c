/* SPDX-License-Identifier: MIT */
/*
 * The browser's process life and pipe (web/browser.c) against stand-ins
 * for Chromium that misbehave: one that never answers (the deadline ends
 * the start, the process is gone), one that writes garbage (a protocol
 * error), one that exits at once (the pipe closes), one that floods a
 * message without its NUL (refused at the cap). Each time the profile
 * folder is removed and nothing is left running.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "testutil.h"
#include "chrome/browser.h"

static int start_fake(const char *script, int64_t within_ns, char *err,
		      size_t errlen, long *pid, char *profile, size_t plen)
{
	char *dir = tu_mkdtemp(), *exe;
	struct browser_opts o = {0};
	struct browser *b = NULL;
	char text[1024];
	int rc;

	/* it says who it is, then misbehaves */
	snprintf(text, sizeof(text), "#!/bin/sh\necho $$ > '%s/pid'\n%s\n", dir,
		 script);
	exe = tu_write(dir, "fake-chromium", text);
	ck_assert_int_eq(chmod(exe, 0755), 0);
	o.exe = exe;
	rc = browser_start(&o, mono_now_ns() + within_ns, &b, err, errlen);
	*pid = 0;
	profile[0] = 0;
	if (b) {
		*pid = (long)browser_pid(b);
		snprintf(profile, plen, "%s", browser_profile_dir(b));
		browser_stop(b);
	}
	/* the stand-in is gone, reaped: its pid names no process now */
	snprintf(text, sizeof(text), "%s/pid", dir);
	{
		char *p = tu_slurp(text);

		if (p) {
			ck_assert_msg(
			    kill((pid_t)atol(p), 0) < 0 && errno == ESRCH,
			    "the stand-in %ld is still there", atol(p));
			free(p);
		}
	}
	free(exe);
	tu_rmdir(dir);
	return rc;
}

START_TEST(test_silent_browser_times_out)
{
	char err[200], profile[200];
	long pid;
	int64_t t0 = mono_now_ns();
	int rc = start_fake("exec sleep 30", 500 * NSEC_PER_MSEC, err,
			    sizeof(err), &pid, profile, sizeof(profile));

	ck_assert_int_eq(rc, CC_ETIMEDOUT);
	ck_assert_msg(mono_now_ns() - t0 < 3 * NSEC_PER_SEC,
		      "the deadline did not hold");
	ck_assert_msg(strstr(err, "no answer"), "%s", err);
}
END_TEST

START_TEST(test_garbage_is_a_protocol_error)
{
	char err[200], profile[200];
	long pid;
	int rc = start_fake("printf 'not json\\000' >&4; exec sleep 30",
			    5 * NSEC_PER_SEC, err, sizeof(err), &pid, profile,
			    sizeof(profile));

	ck_assert_int_eq(rc, CC_EPROTO);
	ck_assert_msg(strstr(err, "malformed"), "%s", err);
}
END_TEST

START_TEST(test_exit_closes_the_pipe)
{
	char err[200], profile[200];
	long pid;
	int rc = start_fake("exit 0", 5 * NSEC_PER_SEC, err, sizeof(err), &pid,
			    profile, sizeof(profile));

	ck_assert(rc == CC_ECLOSED || rc == CC_EIO);
}
END_TEST

/* 40 MiB without a NUL: refused at the 32 MiB cap, not buffered forever. */
START_TEST(test_flood_is_refused)
{
	char err[200], profile[200];
	long pid;
	int rc = start_fake(
	    "head -c 41943040 /dev/zero | tr '\\000' x >&4; exec sleep 30",
	    20 * NSEC_PER_SEC, err, sizeof(err), &pid, profile,
	    sizeof(profile));

	ck_assert_int_eq(rc, CC_ETOOBIG);
	ck_assert_msg(strstr(err, "exceeds"), "%s", err);
}
END_TEST

/* browser_launch returns at once; browser_connect then waits, within its
 * deadline, and a browser that never answered is of no further use (calls
 * fail at once). The browser's own TMPDIR is its profile folder, so what
 * it leaves there (its singleton socket folder) goes with the profile. */
START_TEST(test_launch_then_connect)
{
	char *dir = tu_mkdtemp(), *exe, text[512], *seen;
	struct browser_opts o = {0};
	struct browser *b = NULL;
	char err[200], profile[200];
	int64_t t0;

	snprintf(text, sizeof(text),
		 "#!/bin/sh\nprintf '%%s' \"$TMPDIR\" > '%s/tmpdir'\n"
		 "exec sleep 30\n",
		 dir);
	exe = tu_write(dir, "fake-chromium", text);
	ck_assert_int_eq(chmod(exe, 0755), 0);
	o.exe = exe;
	t0 = mono_now_ns();
	ck_assert_int_eq(browser_launch(&o, t0 + 10 * NSEC_PER_SEC, &b, err,
					sizeof(err)),
			 CC_OK);
	ck_assert_msg(mono_now_ns() - t0 < NSEC_PER_SEC / 2,
		      "browser_launch waited for the browser");
	snprintf(profile, sizeof(profile), "%s", browser_profile_dir(b));
	ck_assert_int_eq(browser_connect(b, mono_now_ns() + 400 * NSEC_PER_MSEC,
					 err, sizeof(err)),
			 CC_ETIMEDOUT);
	ck_assert_int_eq(browser_call(b, "Page.navigate", NULL,
				      mono_now_ns() + 5 * NSEC_PER_SEC, NULL,
				      err, sizeof(err)),
			 CC_ECLOSED);
	snprintf(text, sizeof(text), "%s/tmpdir", dir);
	seen = tu_slurp(text);
	ck_assert_msg(seen && !strcmp(seen, profile), "TMPDIR %s, profile %s",
		      seen ? seen : "(none)", profile);
	free(seen);
	browser_stop(b);
	ck_assert_msg(access(profile, F_OK) < 0, "%s is left", profile);
	free(exe);
	tu_rmdir(dir);
}
END_TEST

/* After a failed start nothing of it is left: the folder and the process
 * group (browser_start stops what it started). */
START_TEST(test_nothing_left_after_failure)
{
	char dirs_before[64], dirs_after[64], *out = NULL;
	char err[200], profile[200], count[300];
	long pid;

	snprintf(count, sizeof(count),
		 "ls -d '%s'/carecert-browser-* 2>/dev/null | wc -l",
		 browser_profile_parent());
	ck_assert_int_eq(tu_run(count, &out), 0);
	snprintf(dirs_before, sizeof(dirs_before), "%s", out);
	free(out);
	start_fake("exec sleep 30", 300 * NSEC_PER_MSEC, err, sizeof(err), &pid,
		   profile, sizeof(profile));
	ck_assert_int_eq(tu_run(count, &out), 0);
	snprintf(dirs_after, sizeof(dirs_after), "%s", out);
	free(out);
	ck_assert_str_eq(dirs_before, dirs_after);
}
END_TEST

Suite *suite_browser(void)
{
	Suite *s = suite_create("browser");
	TCase *tc = tcase_create("browser");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_silent_browser_times_out);
	tcase_add_test(tc, test_garbage_is_a_protocol_error);
	tcase_add_test(tc, test_exit_closes_the_pipe);
	tcase_add_test(tc, test_flood_is_refused);
	tcase_add_test(tc, test_nothing_left_after_failure);
	tcase_add_test(tc, test_launch_then_connect);
	suite_add_tcase(s, tc);
	return s;
}
