/* SPDX-License-Identifier: MIT */
/*
 * The traffic log's batching: what must be in the file when (every frame
 * once the log is flushed, events at once and after the frames before
 * them), the lines' format, a write that fails part-way, and the UTC stamp
 * made by hand against strftime.
 */
#include <check.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "transport/trafficlog.h"
#include "testutil.h"

static void stamp_at(struct trafficlog *l, struct frame_ref *ref, int64_t mono)
{
	ref->seq = trafficlog_next_seq(l);
	ref->mono_ns = mono;
	wall_now(&ref->wall);
}

static int count_lines(const char *path)
{
	char *s = tu_slurp(path);
	int n = 0;

	for (char *p = s; p && *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

/* Each line parses and carries seq in order. */
static void check_lines(const char *path, int want)
{
	char *s = tu_slurp(path), *save = NULL, *line;
	uint64_t prev = 0;
	int n = 0;

	ck_assert_ptr_nonnull(s);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line), *seq;

		ck_assert_msg(o != NULL, "not JSON: %.100s", line);
		ck_assert(json_object_object_get_ex(o, "seq", &seq));
		ck_assert_uint_gt((uint64_t)json_object_get_int64(seq), prev);
		prev = (uint64_t)json_object_get_int64(seq);
		json_object_put(o);
		n++;
	}
	ck_assert_int_eq(n, want);
	free(s);
}

START_TEST(test_frames_in_file_after_flush)
{
	char *dir = tu_mkdtemp(), path[4200];
	struct trafficlog *l;
	struct frame_ref ref;
	int64_t t0 = mono_now_ns();

	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	ck_assert_ptr_nonnull(l = trafficlog_open(path));
	trafficlog_set_case(l, "C-1");
	/* frames close together after a first one: gathered */
	for (int i = 0; i < 10; i++) {
		stamp_at(l, &ref, t0 + i * 1000);
		trafficlog_frame(l, i % 2 ? "rx" : "tx", (const uint8_t *)"$ID*0D\r\n", 8, &ref);
	}
	ck_assert_int_lt(count_lines(path), 10);
	trafficlog_flush(l);
	ck_assert_int_eq(count_lines(path), 10);
	/* an event is written at once, after the frames before it */
	stamp_at(l, &ref, t0 + 20000);
	trafficlog_frame(l, "rx", (const uint8_t *)"\x01\x02", 2, &ref);
	trafficlog_event(l, "verdict", "pass");
	ck_assert_int_eq(count_lines(path), 12);
	/* a frame 50 ms after the last write is written as it comes */
	stamp_at(l, &ref, mono_now_ns() + 60 * 1000000LL);
	trafficlog_frame(l, "tx", (const uint8_t *)"x", 1, &ref);
	ck_assert_int_eq(count_lines(path), 13);
	ck_assert_int_eq(trafficlog_close(l), 0);
	check_lines(path, 13);
	tu_rmdir(dir);
}
END_TEST

/* A note is an event line in the frames' batch, with the members and
 * order json-c gives an event. */
START_TEST(test_note_format)
{
	char *dir = tu_mkdtemp(), path[4200], *s;
	struct trafficlog *l;
	struct frame_ref ref = { 0 };
	json_object *o, *v;

	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	ck_assert_ptr_nonnull(l = trafficlog_open(path));
	trafficlog_set_case(l, "LOAD-\"1\"");
	stamp_at(l, &ref, mono_now_ns());
	trafficlog_note(l, "http-load", "request 17: status 200, \"q\"\\ \x01", &ref);
	trafficlog_close(l);
	s = tu_slurp(path);
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(!strncmp(s, "{\"seq\":1,\"dir\":\"event\",\"mono_ns\":", 33), "%s", s);
	ck_assert_ptr_nonnull(strstr(s, ",\"case\":\"LOAD-\\\"1\\\"\",\"event\":\"http-load\",\"detail\":"));
	o = json_tokener_parse(s);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "detail", &v));
	ck_assert_str_eq(json_object_get_string(v), "request 17: status 200, \"q\"\\ \x01");
	ck_assert(json_object_object_get_ex(o, "wall", &v));
	ck_assert_uint_eq(strlen(json_object_get_string(v)), 24);
	json_object_put(o);
	free(s);
	tu_rmdir(dir);
}
END_TEST

/* A batch that meets a file-size limit part-way: the whole lines that fit
 * stay, the cut one goes, and the loss names the first frame lost. */
START_TEST(test_short_write_keeps_whole_lines)
{
	char *dir = tu_mkdtemp(), path[4200], *s;
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit lim = { 2000, 2000 };
		struct trafficlog *l;
		struct frame_ref ref;
		char why[300];
		int64_t t0 = mono_now_ns();

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &lim) || !(l = trafficlog_open(path)))
			_exit(10);
		for (int i = 0; i < 40; i++) {
			stamp_at(l, &ref, t0 + i);
			trafficlog_frame(l, "rx", (const uint8_t *)"$BP,120,80,72*00\r\n", 18, &ref);
		}
		trafficlog_flush(l);
		if (!trafficlog_failed(l, why, sizeof(why)))
			_exit(11);
		/* the first frame is written alone (nothing written before),
		 * the rest as a batch the limit cuts */
		if (!strstr(why, "frame ") || !strstr(why, "and everything after it lost"))
			_exit(12);
		printf("%s\n", why);
		trafficlog_close(l);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
	s = tu_slurp(path);
	ck_assert_ptr_nonnull(s);
	ck_assert(strlen(s) > 0 && strlen(s) <= 2000);
	ck_assert(s[strlen(s) - 1] == '\n');
	free(s);
	check_lines(path, count_lines(path));
	ck_assert_int_lt(count_lines(path), 40);
	tu_rmdir(dir);
}
END_TEST

/* The cached, hand-made stamp equals strftime's, across second changes
 * and at both ends of the milliseconds. */
START_TEST(test_format_utc_matches_strftime)
{
	static const struct timespec ts[] = {
		{ 1764670000, 0 }, { 1764670000, 999999999 }, { 1764670001, 1000000 },
		{ 1764670001, 123456789 }, { 0, 5000000 }, { 1764670000, 500000000 },
		{ 253402300799, 999000000 },
	};

	for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		char got[32], want[40], date[24];
		struct tm tm;
		time_t t = ts[i].tv_sec;

		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(want, sizeof(want), "%s.%03ldZ", date, ts[i].tv_nsec / 1000000);
		format_utc(&ts[i], got);
		ck_assert_str_eq(got, want);
	}
}
END_TEST

Suite *suite_trafficlog(void)
{
	Suite *s = suite_create("trafficlog");
	TCase *tc = tcase_create("batches");

	tcase_add_test(tc, test_frames_in_file_after_flush);
	tcase_add_test(tc, test_note_format);
	tcase_add_test(tc, test_short_write_keeps_whole_lines);
	tcase_add_test(tc, test_format_utc_matches_strftime);
	suite_add_tcase(s, tc);
	return s;
}
