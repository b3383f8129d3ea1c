/* SPDX-License-Identifier: MIT */
/*
 * Integration: a record a lab can sign (issue 13). Each test runs the real
 * carecert against the real simulators and checks that a run which did
 * not cover its scope never reads as a pass: a selection of cases gives a
 * partial verdict (record, JUnit, report cover, exit 4); an interrupted
 * run ends the case in progress as an error, records status
 * "interrupted", still writes its JUnit, leaves no simulator behind and
 * exits 128+N; a runner killed outright takes its simulators with it; a
 * traffic log that cannot be written ends the run "incomplete" with a log
 * that is still whole JSON Lines; run folders are one run each, never
 * overwritten.
 */
#include <check.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/record.h"
#include "testutil.h"

static json_object *load_record(const char *dir)
{
	char path[4200];
	json_object *r;

	snprintf(path, sizeof(path), "%s/result.json", dir);
	r = json_object_from_file(path);
	ck_assert_msg(r != NULL, "no readable %s", path);
	return r;
}

static const char *member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : NULL;
}

static size_t count_verdict(json_object *rec, const char *verdict)
{
	json_object *cases;
	size_t n = 0;

	if (!json_object_object_get_ex(rec, "cases", &cases))
		return 0;
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		const char *v = member(json_object_array_get_idx(cases, i), "verdict");

		n += v && !strcmp(v, verdict);
	}
	return n;
}

/* Processes still alive that a run in dir started: every simulator of a
 * run has CARECERT_BENCH=dir in its environment. */
static int live_simulators(const char *dir)
{
	char want[4300], path[64], buf[65536];
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	snprintf(want, sizeof(want), "CARECERT_BENCH=%s", dir);
	while (d && (de = readdir(d))) {
		FILE *f;
		size_t len;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/environ", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (size_t i = 0; i < len;) {
			if (!strcmp(buf + i, want))
				n++;
			i += strlen(buf + i) + 1;
		}
	}
	if (d)
		closedir(d);
	return n;
}

static int run(const char *args, char **out)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "%s/carecert %s", tu_bindir(), args);
	return tu_run(cmd, out);
}

START_TEST(test_selection_is_partial_everywhere)
{
	char *dir = tu_mkdtemp(), args[8192], *out, *html, path[4200];
	json_object *rec, *sel, *v;

	snprintf(args, sizeof(args),
		 "run profiles/demo-serial-bp.yaml -q --out '%s/run' --junit '%s/junit.xml' "
		 "--case 'BPM-SER-TIM-*'",
		 dir, dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	rec = load_record(path);
	ck_assert_str_eq(member(rec, "verdict"), "partial");
	ck_assert_str_eq(member(rec, "scope"), "partial");
	ck_assert_str_eq(member(rec, "status"), "complete");
	ck_assert(json_object_object_get_ex(rec, "selection", &sel));
	ck_assert(json_object_object_get_ex(sel, "cases", &v));
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 0)), "BPM-SER-TIM-*");
	ck_assert(json_object_object_get_ex(sel, "selected", &v));
	ck_assert_int_eq(json_object_get_int(v), 1);
	ck_assert_uint_eq(count_verdict(rec, "pass"), 1);
	ck_assert_uint_eq(count_verdict(rec, "not run"), 15);
	ck_assert_uint_eq(count_verdict(rec, "skipped"), 1); /* not claimed: not applicable */
	json_object_put(rec);

	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	html = tu_slurp(path);
	ck_assert_ptr_nonnull(html);
	ck_assert(strstr(html, "name=\"carecert.run\""));
	ck_assert(strstr(html, "<error message=\"partial run: 1 of 16 applicable cases selected"));
	free(html);

	snprintf(args, sizeof(args), "report '%s/run' --no-pdf", dir);
	ck_assert_int_eq(run(args, &out), 0);
	free(out);
	snprintf(path, sizeof(path), "%s/run/report.html", dir);
	html = tu_slurp(path);
	ck_assert(strstr(html, "v-partial\">PARTIAL</span>"));
	ck_assert(strstr(html, "Partial run, not a certification verdict"));
	ck_assert(!strstr(html, "No deviations"));
	free(html);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_interrupt_ends_honestly)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out, path[4200];
	json_object *rec;

	/* the SpO2 bench: a simulator and a reference instrument, cases long
	 * enough to be in progress when the signal comes */
	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/demo-accuracy-spo2-bench.yaml -q --out '%s/run' "
		 "--junit '%s/junit.xml' & pid=$!; sleep 3; kill -INT $pid; wait $pid; echo exit=$?",
		 tu_bindir(), dir, dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "exit=130"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	rec = load_record(path);
	ck_assert_str_eq(member(rec, "status"), "interrupted");
	ck_assert_str_ne(member(rec, "verdict"), "pass");
	ck_assert(strstr(member(rec, "abort_reason"), "signal 2"));
	ck_assert_uint_eq(count_verdict(rec, "error"), 1); /* the case in progress */
	ck_assert_uint_ge(count_verdict(rec, "not run"), 1);
	json_object_put(rec);
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	out = tu_slurp(path);
	ck_assert_msg(out && strstr(out, "<error message=\"run interrupted"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	ck_assert_int_eq(live_simulators(path), 0);
	/* JUnit made again from the record says it, and tells the person */
	snprintf(cmd, sizeof(cmd), "%s/carecert junit '%s/run' '%s/again.xml' 2>&1",
		 tu_bindir(), dir, dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "note:") && strstr(out, "the run is interrupted") &&
			      strstr(out, "no certification verdict"),
		      "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_sigkill_takes_the_simulators)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out, path[4200];
	int left = -1;

	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/demo-accuracy-spo2-bench.yaml -q --out '%s/run' "
		 ">/dev/null & pid=$!; sleep 2; kill -KILL $pid; wait $pid; echo exit=$?",
		 tu_bindir(), dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "exit=137"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	for (int i = 0; i < 50 && left; i++) { /* they get SIGTERM at once */
		left = live_simulators(path);
		if (left)
			usleep(100000);
	}
	ck_assert_int_eq(left, 0);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_lost_traffic_log_is_incomplete)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out, path[4200], *line, *log;
	json_object *rec;

	/* a file-size limit of 30 kB: the traffic log (48 kB for this run)
	 * meets it, the record (19 kB) does not */
	snprintf(cmd, sizeof(cmd),
		 "trap '' XFSZ; ulimit -f 60; %s/carecert run profiles/demo-ble-bp-gateway.yaml -q "
		 "--out '%s/run'; echo exit=$?",
		 tu_bindir(), dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "exit=3"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	rec = load_record(path);
	ck_assert_str_eq(member(rec, "status"), "incomplete");
	ck_assert_str_ne(member(rec, "verdict"), "pass");
	ck_assert(strstr(member(rec, "abort_reason"), "traffic log could not be written: frame "));
	ck_assert_uint_ge(count_verdict(rec, "error"), 1);
	json_object_put(rec);
	/* what was written is whole lines, each one JSON */
	snprintf(path, sizeof(path), "%s/run/traffic.jsonl", dir);
	log = tu_slurp(path);
	ck_assert_ptr_nonnull(log);
	ck_assert(log[0] && log[strlen(log) - 1] == '\n');
	for (char *save = NULL, *s = log; (line = strtok_r(s, "\n", &save)); s = NULL) {
		json_object *o = json_tokener_parse(line);

		ck_assert_msg(o != NULL, "not JSON: %.80s", line);
		json_object_put(o);
	}
	free(log);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_run_folders_are_never_overwritten)
{
	char *dir = tu_mkdtemp(), args[8192], cmd[8192], *out;

	snprintf(args, sizeof(args), "run profiles/demo-serial-bp.yaml -q --out '%s/run' --case BPM-SER-ID-01",
		 dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	/* the same folder again: refused, nothing touched */
	ck_assert_int_eq(run(args, &out), 2);
	ck_assert_msg(strstr(out, "is not empty"), "%s", out);
	free(out);
	/* --force replaces an unsealed run */
	snprintf(args, sizeof(args),
		 "run profiles/demo-serial-bp.yaml -q --force --out '%s/run' --case BPM-SER-ID-01", dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	/* a sealed run: refused even with --force */
	snprintf(args, sizeof(args), "keygen '%s/lab.key'", dir);
	ck_assert_int_eq(run(args, &out), 0);
	free(out);
	snprintf(args, sizeof(args), "sign '%s/run' --key '%s/lab.key'", dir, dir);
	ck_assert_int_eq(run(args, &out), 0);
	free(out);
	snprintf(args, sizeof(args),
		 "run profiles/demo-serial-bp.yaml -q --force --out '%s/run' --case BPM-SER-ID-01", dir);
	ck_assert_int_eq(run(args, &out), 2);
	ck_assert_msg(strstr(out, "sealed"), "%s", out);
	free(out);
	snprintf(args, sizeof(args), "verify '%s/run' --pubkey '%s/lab.key.pub'", dir, dir);
	ck_assert_int_eq(run(args, &out), 0);
	free(out);
	/* two runs into one new folder at once: one is refused while the
	 * other holds it */
	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/demo-serial-bp.yaml -q --out '%s/two' >/dev/null & "
		 "sleep 1; %s/carecert run profiles/demo-serial-bp.yaml -q --force --out '%s/two' 2>&1; "
		 "echo second=$?; wait",
		 tu_bindir(), dir, tu_bindir(), dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "in use by another run") && strstr(out, "second=2"), "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* --tag, --exclude-tag and --rerun-failed choose what runs; the record
 * keeps the selection. */
START_TEST(test_tags_and_rerun_failed)
{
	char *dir = tu_mkdtemp(), args[8192], *out, path[4200];
	json_object *rec;

	snprintf(args, sizeof(args), "run profiles/demo-serial-bp.yaml -q --out '%s/smoke' --tag smoke",
		 dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	snprintf(path, sizeof(path), "%s/smoke", dir);
	rec = load_record(path);
	ck_assert_uint_eq(count_verdict(rec, "pass"), 3);
	json_object_put(rec);

	snprintf(args, sizeof(args),
		 "run profiles/demo-serial-bp.yaml -q --out '%s/nomeas' --exclude-tag measurement", dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	snprintf(path, sizeof(path), "%s/nomeas", dir);
	rec = load_record(path);
	ck_assert_uint_eq(count_verdict(rec, "not run"), 6);
	json_object_put(rec);

	/* a slow device fails its timing case; a rerun runs just that */
	snprintf(args, sizeof(args), "run profiles/fault-serial-bp-slow-reply.yaml -q --out '%s/slow'",
		 dir);
	ck_assert_int_eq(run(args, &out), 1);
	free(out);
	snprintf(args, sizeof(args),
		 "run profiles/fault-serial-bp-slow-reply.yaml -q --out '%s/again' --rerun-failed '%s/slow'",
		 dir, dir);
	ck_assert_int_eq(run(args, &out), 1);
	free(out);
	snprintf(path, sizeof(path), "%s/again", dir);
	rec = load_record(path);
	ck_assert_uint_ge(count_verdict(rec, "fail"), 1);
	ck_assert_uint_eq(count_verdict(rec, "pass"), 0);
	ck_assert_str_eq(member(rec, "scope"), "partial");
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* A figure without a limit cannot fail, so it is refused unless the suite
 * says it is only reported; then the case reads "not judged", never pass. */
START_TEST(test_report_only_is_not_judged)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out, path[4200];
	json_object *rec, *sum, *v;

	/* no limit for the pulse rate's Arms: refused where it is written */
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/s' && sed -e 's/max_pr_arms: .*/min_pairs: 1/' "
		 "suites/accuracy-spo2.yaml > '%s/s/accuracy-spo2.yaml' && "
		 "%s/carecert validate profiles/demo-accuracy-spo2.yaml --suites '%s/s' 2>&1; echo exit=$?",
		 dir, dir, tu_bindir(), dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "exit=2") && strstr(out, "accuracy-spo2.yaml:") &&
			      strstr(out, ":19: pulse-rate has no limit max_pr_arms") && strstr(out, "report_only"),
		      "%s", out);
	free(out);

	/* marked report_only: figures recorded, the case not judged */
	snprintf(cmd, sizeof(cmd),
		 "sed -e 's/max_pr_arms: .*/min_pairs: 1/' "
		 "-e '/method: pulse-rate/a\\          report_only: true' "
		 "suites/accuracy-spo2.yaml > '%s/s/accuracy-spo2.yaml' && "
		 "%s/carecert run profiles/demo-accuracy-spo2.yaml --suites '%s/s' -q "
		 "--out '%s/run' --junit '%s/junit.xml'; echo exit=$?",
		 dir, tu_bindir(), dir, dir, dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "exit=0") && strstr(out, "1 not judged"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	rec = load_record(path);
	ck_assert_uint_eq(count_verdict(rec, "not judged"), 1);
	ck_assert_uint_eq(count_verdict(rec, "fail") + count_verdict(rec, "error"), 0);
	ck_assert(json_object_object_get_ex(rec, "summary", &sum));
	ck_assert(json_object_object_get_ex(sum, "not judged", &v));
	ck_assert_int_eq(json_object_get_int(v), 1);
	json_object_put(rec);
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	out = tu_slurp(path);
	ck_assert_msg(out && strstr(out, "<skipped message=\"report only"), "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* A study that lacks a quantity the suite judges is the profile's mistake:
 * validate finds it (exit 2, where), run refuses to start, and it is never
 * a test-system fault (exit 3) half-way through a run. */
START_TEST(test_data_shape_is_a_profile_error)
{
	char *dir = tu_mkdtemp(), cmd[8192], *out;

	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/p' '%s/f' && grep -v diastolic fixtures/studies/bp-good.csv > '%s/f/bp.csv' && "
		 "sed -e 's|../fixtures/studies/bp-good.csv|../f/bp.csv|' "
		 "-e 's|^  - accuracy-bp$|  - accuracy-bp\\nsuites_dir: %s/suites|' "
		 "profiles/demo-accuracy-bp.yaml > '%s/p/one.yaml' && "
		 "{ %s/carecert validate '%s/p/one.yaml' 2>&1; echo validate=$?; "
		 "%s/carecert run '%s/p/one.yaml' -q --out '%s/run' 2>&1; echo run=$?; }",
		 dir, dir, dir, tu_top(), dir, tu_bindir(), dir, tu_bindir(), dir, dir);
	tu_run(cmd, &out);
	ck_assert_msg(strstr(out, "validate=2") && strstr(out, "run=2") &&
			      strstr(out, "one.yaml:14:3: accuracy data 'study'") &&
			      strstr(out, "accuracy-bp.yaml:") &&
			      strstr(out, ":9: no rows with quantity 'diastolic'"),
		      "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* A kill at any moment of a long run leaves a record of every case that
 * finished: each case is in the journal (synced) before its line is
 * printed, and the record read back holds exactly those, in order. */
START_TEST(test_kill_anywhere_keeps_finished_cases)
{
	static const int kill_ms[] = { 150, 700, 1300 };
	char *dir = tu_mkdtemp(), cmd[8192], *out, path[4200];

	snprintf(cmd, sizeof(cmd),
		 "mkdir -p '%s/s' && { printf 'schema: carecert/suite/1\\nid: many\\ntitle: Many\\n"
		 "version: \"1\"\\ncategory: blood_pressure\\ntransport: data\\ncases:\\n'; "
		 "for i in $(seq -w 1 1000); do printf '  - id: MANY-%%s\\n    title: c\\n"
		 "    requirement: {standard: X/1, clause: \"%%s\"}\\n    steps: [{delay: 2 ms}]\\n' $i $i; "
		 "done; } > '%s/s/many.yaml' && printf 'schema: carecert/profile/1\\ndut: {category: "
		 "blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\\n"
		 "transport: {kind: data}\\nsuites: [many]\\nsuites_dir: %s/s\\n' > '%s/p.yaml'",
		 dir, dir, dir, dir);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
	for (size_t k = 0; k < sizeof(kill_ms) / sizeof(kill_ms[0]); k++) {
		json_object *rec, *cases;
		struct record *r;
		size_t n, printed = 0;
		char *p, err[256];

		/* a jitter of up to 50 ms on top: not always the same moment */
		snprintf(cmd, sizeof(cmd),
			 "%s/carecert run '%s/p.yaml' --out '%s/r%zu' > '%s/out%zu' 2>&1 & pid=$!; "
			 "sleep $(awk -v m=$(( %d + RANDOM %% 50 )) 'BEGIN { printf \"%%.3f\", m / 1000 }'); "
			 "kill -KILL $pid; wait $pid; echo exit=$?",
			 tu_bindir(), dir, dir, k, dir, k, kill_ms[k]);
		tu_run(cmd, &out);
		ck_assert_msg(strstr(out, "exit=137"), "%s", out);
		free(out);
		snprintf(path, sizeof(path), "%s/out%zu", dir, k);
		out = tu_slurp(path);
		for (p = out; p && (p = strstr(p, "MANY-")); p++)
			printed++;
		free(out);
		/* read back as report, junit and diff read it */
		snprintf(path, sizeof(path), "%s/r%zu/%s", dir, k, RECORD_FILE);
		r = record_load(path, err, sizeof(err));
		ck_assert_msg(r != NULL, "%s", err);
		rec = json_object_get(record_json(r));
		record_free(r);
		ck_assert_str_eq(member(rec, "status"), "running");
		ck_assert_str_eq(member(rec, "verdict"), "incomplete");
		ck_assert(json_object_object_get_ex(rec, "cases", &cases));
		n = json_object_array_length(cases);
		/* every case shown finished is there; at most the one being
		 * printed when the kill came is there unprinted */
		ck_assert_msg(n >= printed && n <= printed + 1, "%zu cases, %zu printed", n, printed);
		ck_assert_uint_gt(n, 0);
		for (size_t i = 0; i < n; i++) {
			json_object *c = json_object_array_get_idx(cases, i);
			char id[32];

			snprintf(id, sizeof(id), "MANY-%04zu", i + 1);
			ck_assert_str_eq(member(c, "id"), id);
			ck_assert_str_eq(member(c, "verdict"), "pass");
		}
		ck_assert_uint_eq(count_verdict(rec, "pass"), n);
		json_object_put(rec);
	}
	tu_rmdir(dir);
}
END_TEST

/* Both ISO 81060-2 criteria rows carry their observed figure and limit,
 * whichever criterion the step judges (the report showed one blank). */
START_TEST(test_bp_criteria_rows_complete)
{
	char *dir = tu_mkdtemp(), args[8192], *out, path[4200];
	json_object *rec, *cases;
	size_t rows = 0;

	snprintf(args, sizeof(args), "run profiles/demo-accuracy-bp.yaml -q --out '%s/run'", dir);
	ck_assert_int_eq(run(args, &out), 0);
	free(out);
	snprintf(path, sizeof(path), "%s/run", dir);
	rec = load_record(path);
	ck_assert(json_object_object_get_ex(rec, "cases", &cases));
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *acc, *crit;

		if (!json_object_object_get_ex(json_object_array_get_idx(cases, i), "accuracy", &acc))
			continue;
		for (size_t k = 0; k < json_object_array_length(acc); k++) {
			if (!json_object_object_get_ex(json_object_array_get_idx(acc, k), "criteria",
						       &crit))
				continue;
			for (size_t j = 0; j < json_object_array_length(crit); j++) {
				json_object *c = json_object_array_get_idx(crit, j);

				ck_assert_msg(member(c, "observed") && *member(c, "observed") &&
						      member(c, "limit") && *member(c, "limit"),
					      "case %zu %s: observed '%s', limit '%s'", i,
					      member(c, "name"), member(c, "observed"), member(c, "limit"));
				rows++;
			}
		}
	}
	ck_assert_uint_ge(rows, 4); /* two steps, two criteria each */
	json_object_put(rec);
	tu_rmdir(dir);
}
END_TEST

/* A frame layout decodes only the fields that lie in the frame's body:
 * the dump's 8-byte end frame shows type, length and index, never a
 * "year" read from its CRC. */
START_TEST(test_short_frame_not_decoded_with_record_layout)
{
	char *dir = tu_mkdtemp(), args[8192], *out, path[4200], *rec, *end, *eol;

	snprintf(args, sizeof(args),
		 "run profiles/demo-serial-bp.yaml -q --out '%s/run' --case BPM-SER-REC-02", dir);
	ck_assert_int_eq(run(args, &out), 4);
	free(out);
	snprintf(path, sizeof(path), "%s/run/result.json", dir);
	rec = tu_slurp(path);
	ck_assert(rec);
	end = strstr(rec, "[type=2 length=2 index=");
	ck_assert_msg(end, "no end frame in the evidence");
	eol = strchr(end, '"');
	ck_assert(eol);
	*eol = 0;
	ck_assert_msg(!strstr(end, "year="), "%s", end);
	free(rec);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_itest_honest(void)
{
	Suite *s = suite_create("itest-honest");
	TCase *tc = tcase_create("honest");

	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_selection_is_partial_everywhere);
	tcase_add_test(tc, test_interrupt_ends_honestly);
	tcase_add_test(tc, test_sigkill_takes_the_simulators);
	tcase_add_test(tc, test_lost_traffic_log_is_incomplete);
	tcase_add_test(tc, test_run_folders_are_never_overwritten);
	tcase_add_test(tc, test_tags_and_rerun_failed);
	tcase_add_test(tc, test_report_only_is_not_judged);
	tcase_add_test(tc, test_data_shape_is_a_profile_error);
	tcase_add_test(tc, test_kill_anywhere_keeps_finished_cases);
	tcase_add_test(tc, test_bp_criteria_rows_complete);
	tcase_add_test(tc, test_short_frame_not_decoded_with_record_layout);
	suite_add_tcase(s, tc);
	return s;
}
