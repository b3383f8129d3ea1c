/* SPDX-License-Identifier: MIT */
/*
 * The browser's life (web/browser.c) seen from outside: after a passing
 * run, a failing run and a run stopped by SIGINT, the Chromium the run
 * started (its pid and private profile folder named in the traffic log)
 * is gone, every process of its group with it, and the profile folder is
 * removed. A failing audit keeps a screenshot in the run folder, hashed in
 * the record. One short case per run (one browser launch each).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fileio.h"
#include "testutil.h"

struct started {
	long pid;
	char profile[PATH_MAX];
	bool stopped;
};

/* The browser-started and browser-stopped events of a run's traffic log. */
static bool read_events(const char *dir, struct started *s)
{
	char path[PATH_MAX], *text, *line, *save = NULL;
	bool found = false;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	if (!(text = tu_slurp(path)))
		return false;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line), *ev, *d;

		if (o && json_object_object_get_ex(o, "event", &ev) &&
		    json_object_object_get_ex(o, "detail", &d)) {
			const char *e = json_object_get_string(ev),
				   *dt = json_object_get_string(d);

			if (!strcmp(e, "browser-started") &&
			    sscanf(dt, "%*s pid %ld profile %4095s", &s->pid,
				   s->profile) == 2)
				found = true;
			if (!strcmp(e, "browser-stopped"))
				s->stopped = true;
		}
		json_object_put(o);
	}
	free(text);
	return found;
}

/* No process left whose command line names the profile folder. */
static int processes_with(const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	ck_assert(d);
	while ((de = readdir(d))) {
		char path[300], buf[8192];
		FILE *f;
		size_t len;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (size_t i = 0; i < len; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[len] = 0;
		if (strstr(buf, needle))
			n++;
	}
	closedir(d);
	return n;
}

/* Processes of group pgid that are not zombies (a zombie waits for init
 * to reap it, and runs nothing). */
static int group_running(long pgid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	ck_assert(d);
	while ((de = readdir(d))) {
		char path[300], buf[512], *rp, state;
		long pgrp;
		FILE *f;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
		fclose(f);
		if ((rp = strrchr(buf, ')')) &&
		    sscanf(rp + 1, " %c %*d %ld", &state, &pgrp) == 2 &&
		    pgrp == pgid && state != 'Z' && state != 'X')
			n++;
	}
	closedir(d);
	return n;
}

static void assert_browser_gone(const char *dir)
{
	struct started s;
	struct stat st;

	ck_assert_msg(read_events(dir, &s), "no browser-started event in %s",
		      dir);
	ck_assert(s.pid > 0 && s.profile[0]);
	ck_assert_msg(s.stopped, "no browser-stopped event");
	ck_assert_msg(kill((pid_t)s.pid, 0) < 0 && errno == ESRCH,
		      "browser pid %ld still there",
		      s.pid); /* the leader is reaped by carecert itself */
	ck_assert_msg(group_running(s.pid) == 0,
		      "%d processes of the browser's group %ld still run",
		      group_running(s.pid), s.pid);
	ck_assert_int_eq(processes_with(s.profile), 0);
	ck_assert_msg(stat(s.profile, &st) < 0, "profile folder %s left behind",
		      s.profile);
}

static int run(const char *profile, const char *cs, const char *dir)
{
	char cmd[PATH_MAX * 3], *out = NULL;
	int rc;

	snprintf(
	    cmd, sizeof(cmd),
	    "%s/carecert run profiles/%s.yaml --case %s --out %s --force -q",
	    tu_bindir(), profile, cs, dir);
	rc = tu_run(cmd, &out);
	free(out);
	return rc;
}

START_TEST(test_gone_after_pass)
{
	char *dir = tu_mkdtemp(), out[PATH_MAX];

	snprintf(out, sizeof(out), "%s/run", dir);
	/* 4: every selected case passed, others left out */
	ck_assert_int_eq(run("demo-web-app", "WEB-AGE-FONT-01", out), 4);
	assert_browser_gone(out);
	tu_rmdir(dir);
}
END_TEST

/* A failing audit: gone too; the outlined screenshot is in the run folder
 * and its SHA-256 in the record is the file's. */
START_TEST(test_gone_after_fail)
{
	char *dir = tu_mkdtemp(), out[PATH_MAX], path[PATH_MAX * 2], *text,
	     hex[SHA256_HEX_LEN + 1];
	json_object *rec, *cases, *ev, *web, *shot, *v;
	bool seen = false;

	snprintf(out, sizeof(out), "%s/run", dir);
	ck_assert_int_eq(run("fault-web-small-text", "WEB-AGE-FONT-01", out),
			 1);
	assert_browser_gone(out);
	snprintf(path, sizeof(path), "%s/result.json", out);
	ck_assert(text = tu_slurp(path));
	ck_assert(rec = json_tokener_parse(text));
	free(text);
	ck_assert(json_object_object_get_ex(rec, "cases", &cases));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(cases, 0),
					    "evidence", &ev));
	for (size_t i = 0; i < json_object_array_length(ev); i++) {
		if (!json_object_object_get_ex(json_object_array_get_idx(ev, i),
					       "web", &web) ||
		    !json_object_object_get_ex(web, "screenshot", &shot))
			continue;
		ck_assert(json_object_object_get_ex(shot, "file", &v));
		snprintf(path, sizeof(path), "%s/%s", out,
			 json_object_get_string(v));
		ck_assert_int_eq(sha256_file(path, hex), 0);
		ck_assert(json_object_object_get_ex(shot, "sha256", &v));
		ck_assert_str_eq(json_object_get_string(v), hex);
		ck_assert(json_object_object_get_ex(web, "offenders", &v));
		ck_assert_int_ge(json_object_array_length(v), 1);
		seen = true;
	}
	ck_assert_msg(seen, "no screenshot of the failing audit");
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* A profile's own induced-button pattern joins the suite's: the clean
 * app's 呼叫家人 (call the family) is then caught. */
START_TEST(test_profile_induced_patterns)
{
	char *dir = tu_mkdtemp(), *prof, *text, cmd[8192], *out = NULL,
	     path[PATH_MAX * 2];
	int rc;

	snprintf(path, sizeof(path), "%s/profiles/demo-web-app.yaml", tu_top());
	ck_assert(text = tu_slurp(path));
	ck_assert(strstr(text, "  settings_path: /app/settings\n"));
	{
		char *both = malloc(strlen(text) + 64);
		char *at = strstr(text, "  settings_path: /app/settings\n") +
			   strlen("  settings_path: /app/settings\n");

		ck_assert(both);
		snprintf(both, strlen(text) + 64,
			 "%.*s  induced_patterns: \"呼叫\"\n%s",
			 (int)(at - text), text, at);
		prof = tu_write(dir, "p.yaml", both);
		free(both);
	}
	free(text);
	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run %s --suites suites --case WEB-AGE-INDUCED-01 "
		 "--out %s/run -q",
		 tu_bindir(), prof, dir);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
	free(out);
	snprintf(path, sizeof(path), "%s/run/result.json", dir);
	ck_assert(text = tu_slurp(path));
	ck_assert_msg(strstr(text, "呼叫家人"), "the offender is not named");
	free(text);
	free(prof);
	tu_rmdir(dir);
}
END_TEST

/* SIGINT while the suite runs: exit 130, the browser gone. */
START_TEST(test_gone_after_sigint)
{
	char *dir = tu_mkdtemp(), out[PATH_MAX], exe[PATH_MAX],
	     path[PATH_MAX * 2];
	struct started s;
	int status;
	pid_t pid;

	snprintf(out, sizeof(out), "%s/run", dir);
	snprintf(exe, sizeof(exe), "%s/carecert", tu_bindir());
	snprintf(path, sizeof(path), "%s/traffic.jsonl", out);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", 1);

		dup2(devnull, 1);
		dup2(devnull, 2);
		if (chdir(tu_top()))
			_exit(126);
		execl(exe, exe, "run", "profiles/demo-web-app.yaml", "--out",
		      out, "--force", "-q", (char *)NULL);
		_exit(127);
	}
	ck_assert(pid > 0);
	/* wait until the browser is up and the first case under way */
	for (int i = 0; i < 300 && !read_events(out, &s); i++)
		usleep(50000);
	ck_assert_msg(s.pid > 0, "the browser never started");
	usleep(300000);
	kill(pid, SIGINT);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 130);
	assert_browser_gone(out);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_itest_web(void)
{
	Suite *s = suite_create("itest-web");
	TCase *tc = tcase_create("browser");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_gone_after_pass);
	tcase_add_test(tc, test_gone_after_fail);
	tcase_add_test(tc, test_gone_after_sigint);
	tcase_add_test(tc, test_profile_induced_patterns);
	suite_add_tcase(s, tc);
	return s;
}
