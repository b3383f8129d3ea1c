/* SPDX-License-Identifier: MIT */
/*
 * make bench: the runner's own overhead, next to device time.
 *
 * 1. Per-frame costs of the hot path: framing a line with its checksum,
 *    matching it against a pattern, a binary frame with a CRC, writing a
 *    traffic-log line, loading the serial BP suite, decoding a GATT value,
 *    and evaluating a whole ISO 81060-2 study.
 *    Loading a generated suite of 2·10^4 and 10^5 cases, beside libyaml's
 *    parse of the same file (the floor: loading is linear, so the ratio
 *    holds as the suite grows), and the coverage of its requirements.
 *    `bench BINDIR load` runs only the loading figures.
 * 2. Whole runs: `carecert run` on the demo profile, the carecert process's
 *    own CPU time (user + system, from wait4) against the run's wall time,
 *    which is almost all device (simulator) time.
 *
 * Numbers are printed, not asserted: timing belongs in a benchmark, never in
 * a unit test.
 */
#include <json-c/json.h>
#include <fcntl.h>
#include <regex.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <yaml.h>

#include "accuracy/acc-bp.h"
#include "transport/checksum.h"
#include "base/clock.h"
#include "base/diag.h"
#include "transport/framer.h"
#include "ble/gatt-codec.h"
#include "core/coverage.h"
#include "core/suite.h"
#include "transport/trafficlog.h"

extern char **environ;

static double per_op_ns(int64_t t0, long n)
{
	return (double)(mono_now_ns() - t0) / (double)n;
}

static void bench_line(void)
{
	static const char line[] = "$BP,120,80,93,72,mmHg,00*09\r\n";
	const struct line_format f = { .prefix = "$", .terminator = "\r\n",
				       .checksum = CHECKSUM_XOR8,
				       .checksum_sep = '*', .max_len = 128 };
	const long n = 500000;
	struct line_frame lf;
	regex_t re;
	regmatch_t m[8];
	int64_t t0;
	long ok = 0;

	regcomp(&re, "^BP,([0-9.]+),([0-9.]+),([0-9.]+),([0-9]+),(mmHg|kPa),([0-9A-F]{2})$",
		REG_EXTENDED);
	t0 = mono_now_ns();
	for (long i = 0; i < n; i++)
		ok += line_frame(&f, (const uint8_t *)line, sizeof(line) - 1, &lf) == FRAME_OK;
	printf("  line frame + XOR-8 check        %8.0f ns/frame\n", per_op_ns(t0, n));
	t0 = mono_now_ns();
	for (long i = 0; i < n / 10; i++)
		ok += !regexec(&re, "BP,120,80,93,72,mmHg,00", 8, m, 0);
	printf("  regex match with 6 captures     %8.0f ns/frame\n", per_op_ns(t0, n / 10));
	regfree(&re);
	if (ok != n + n / 10)
		printf("  (unexpected: %ld of %ld frames matched)\n", ok, n + n / 10);
}

static void bench_binary(void)
{
	uint8_t fr[25] = { 0xA5, 0x5A, 0x01, 19 };
	const struct bin_format f = { .header = { 0xA5, 0x5A }, .header_len = 2,
				      .len_offset = 3, .len_size = 1, .len_adjust = 6,
				      .checksum = CHECKSUM_CRC16_CCITT_FALSE,
				      .checksum_from = 2, .checksum_big_endian = true,
				      .max_len = 64 };
	uint32_t crc = checksum_compute(CHECKSUM_CRC16_CCITT_FALSE, fr + 2, 21);
	const long n = 500000;
	struct bin_frame bf;
	int64_t t0;

	fr[23] = (uint8_t)(crc >> 8);
	fr[24] = (uint8_t)crc;
	t0 = mono_now_ns();
	for (long i = 0; i < n; i++)
		if (bin_frame(&f, fr, sizeof(fr), &bf) != FRAME_OK)
			abort();
	printf("  binary frame + CRC-16 (25 B)    %8.0f ns/frame\n", per_op_ns(t0, n));
}

static void bench_log(void)
{
	char path[] = "/tmp/carecert-bench-XXXXXX";
	int fd = mkstemp(path);
	struct trafficlog *l;
	struct frame_ref ref = { 0 };
	const long n = 50000;
	int64_t t0;

	close(fd);
	unlink(path); /* the traffic log is opened O_EXCL: it never writes over a file */
	if (!(l = trafficlog_open(path))) {
		perror(path);
		exit(1);
	}
	t0 = mono_now_ns();
	for (long i = 0; i < n; i++) {
		ref.seq = trafficlog_next_seq(l);
		ref.mono_ns = mono_now_ns();
		wall_now(&ref.wall);
		trafficlog_frame(l, "rx", (const uint8_t *)"$BP,120,80,93,72,mmHg,00*09\r\n",
				 29, &ref);
	}
	printf("  traffic-log line (write(2))     %8.0f ns/frame\n", per_op_ns(t0, n));
	trafficlog_close(l);
	unlink(path);
}

static void bench_suite_load(void)
{
	const long n = 200;
	int64_t t0 = mono_now_ns();

	for (long i = 0; i < n; i++) {
		struct diag d;
		struct suite *s;

		diag_init(&d);
		s = suite_load("suites/serial-bp-protocol.yaml", &d);
		if (!s)
			abort();
		suite_free(s);
		diag_release(&d);
	}
	printf("  load + check serial BP suite    %8.0f us\n", per_op_ns(t0, n) / 1000);
}

/* A generated suite of n cases, every one distinct: its own requirement
 * (every tenth also in the catalogue), a feature for every tenth, a send
 * and an assert on a named limit. Written to path; 0 on success. */
static int write_big_suite(const char *path, long n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "schema: carecert/suite/1\nid: bench-big\ntitle: Generated\n"
		   "category: blood_pressure\ntransport: serial\n"
		   "features:\n  f0: a feature\n  f1: another\n"
		   "limits:\n  response_time: 500 ms\n"
		   "line: {prefix: \"$\", terminator: \"\\r\\n\", checksum: xor8, separator: \"*\"}\n"
		   "requirements:\n");
	for (long i = 0; i < n; i += 10)
		fprintf(f, "  - {standard: BENCH/1, clause: \"%ld.%ld\", title: requirement %ld}\n",
			i / 100, i % 100, i);
	fprintf(f, "cases:\n");
	for (long i = 0; i < n; i++) {
		fprintf(f, "  - id: BENCH-%06ld\n    title: case %ld\n"
			   "    requirement: {standard: BENCH/1, clause: \"%ld.%ld\"}\n",
			i, i, i / 100, i % 100);
		if (i % 10 == 0)
			fprintf(f, "    requires: [f%ld]\n", (i / 10) % 2);
		fprintf(f, "    steps: [{send: {line: ID}}, {store: {name: x, value: \"1\"}},"
			   " {assert: {value: \"${x}\", max: \"${limit.response_time}\"}}]\n");
	}
	return fclose(f) ? -1 : 0;
}

/* The reference: libyaml's parser alone reading the same file, event by
 * event, building nothing. */
static int parse_only(const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = -1;

	if (!f || !yaml_parser_initialize(&p)) {
		if (f)
			fclose(f);
		return -1;
	}
	yaml_parser_set_input_file(&p, f);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev))
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			rc = 0;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return rc;
}

/* This process's CPU time: on a shared machine wall time also counts the
 * waits for a core. */
static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Loading grows linearly with the suite: 10^5 cases against libyaml's
 * parse of the same file, then coverage over them. */
static void bench_big_suite(void)
{
	char path[] = "/tmp/carecert-bench-suite-XXXXXX";
	static const long sizes[] = { 20000, 100000 };
	int fd = mkstemp(path);

	if (fd < 0)
		return;
	close(fd);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct diag d;
		struct suite *s;
		FILE *null = fopen("/dev/null", "w");
		double t0, load, parse, cov;

		if (write_big_suite(path, sizes[k]) || !null) {
			if (null)
				fclose(null);
			break;
		}
		t0 = cpu_s();
		if (parse_only(path))
			abort();
		parse = cpu_s() - t0;
		diag_init(&d);
		t0 = cpu_s();
		s = suite_load(path, &d);
		load = cpu_s() - t0;
		if (!s) {
			diag_print(&d, stderr);
			abort();
		}
		t0 = cpu_s();
		coverage_print(&s, 1, null);
		cov = cpu_s() - t0;
		fclose(null);
		printf("  load %6ld-case suite           %8.3f s CPU (libyaml parse alone %.3f s, x%.1f)\n",
		       sizes[k], load, parse, load / parse);
		printf("  coverage of those cases         %8.3f s CPU (x%.1f the parse)\n", cov,
		       cov / parse);
		suite_free(s);
		diag_release(&d);
	}
	unlink(path);
}

static int count_lines(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	if (f)
		fclose(f);
	return n;
}

static void bench_run(const char *bindir)
{
	char exe[4096], out[] = "/tmp/carecert-bench-run-XXXXXX", log[4200];
	double cpu_total = 0, wall_total = 0;
	int runs = 3, frames = 0;

	snprintf(exe, sizeof(exe), "%s/carecert", bindir);
	if (!mkdtemp(out))
		return;
	for (int i = 0; i < runs; i++) {
		/* --force: each run replaces the one before in the same folder */
		char *argv[] = { exe, "run", "-q", "profiles/demo-serial-bp.yaml",
				 "--force", "--out", out, NULL };
		posix_spawn_file_actions_t fa;
		struct rusage ru;
		int64_t t0 = mono_now_ns();
		pid_t pid;
		int status;

		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		if (posix_spawn(&pid, exe, &fa, NULL, argv, environ)) {
			perror(exe);
			return;
		}
		wait4(pid, &status, 0, &ru);
		posix_spawn_file_actions_destroy(&fa);
		wall_total += (double)(mono_now_ns() - t0) / 1e9;
		cpu_total += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
			     ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			printf("  run %d exited with %d\n", i, WEXITSTATUS(status));
	}
	snprintf(log, sizeof(log), "%s/traffic.jsonl", out);
	frames = count_lines(log, "\"dir\":\"tx\"") + count_lines(log, "\"dir\":\"rx\"");
	printf("  demo run (17 cases, %d frames)  wall %.2f s, carecert CPU %.3f s\n",
	       frames, wall_total / runs, cpu_total / runs);
	printf("  runner overhead                 %.1f %% of run time, %.0f us CPU per frame\n",
	       100 * cpu_total / wall_total, frames ? cpu_total / runs / frames * 1e6 : 0);
	snprintf(log, sizeof(log), "rm -rf '%s'", out);
	if (system(log))
		fprintf(stderr, "cannot remove %s\n", out);
}

/* A GATT value through the table-driven decoder (every notification). */
static void bench_gatt_decode(void)
{
	/* glucose measurement: flags, seq, base time, offset, kg/L, type */
	static const uint8_t v[] = { 0x13, 0x05, 0x00, 0xEA, 0x07, 0x0B, 0x18, 0x07, 0x00,
				     0x00, 0x00, 0x00, 0x5F, 0xB0, 0x11 };
	const struct gchar *gc = gatt_char_find(0x2A18);
	const long n = 500000;
	struct gdecoded d;
	long bad = 0;
	int64_t t0 = mono_now_ns();

	for (long i = 0; i < n; i++)
		bad += gatt_decode(gc, v, sizeof(v), &d) != 0;
	printf("  GATT decode (glucose, 15 B)     %8.0f ns/value\n", per_op_ns(t0, n));
	if (bad)
		printf("  (unexpected: %ld violations)\n", bad);
}

/* An ISO 81060-2 evaluation of a full study (255 pairs, 85 subjects). */
static void bench_accuracy(void)
{
	struct pair p[255];
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	const long n = 2000;
	int64_t t0;

	for (size_t i = 0; i < 255; i++)
		p[i] = (struct pair){ .subject = i / 3, .quantity = PAIRS_NO_QUANTITY,
				      .reference = 100 + (double)(i % 60),
				      .device = 100 + (double)(i % 60) + (double)(i % 7) - 3 };
	t0 = mono_now_ns();
	for (long i = 0; i < n; i++)
		acc_bp_evaluate(p, 255, &lim, &r);
	printf("  ISO 81060-2 evaluation (255)    %8.0f us\n", per_op_ns(t0, n) / 1000);
}

/* The companion web app audit (docs/ageing-friendly.md): one run of
 * demo-web-app, one browser launch; the axe case audits three pages (axe
 * injected and run on each), so a third of it is one page's full audit.
 * The bound: under 3 s of wall time per page. */
static void bench_web(const char *bindir)
{
	char exe[4096], out[] = "/tmp/carecert-bench-web-XXXXXX", path[4200];
	char *argv[] = { exe, "run", "-q", "profiles/demo-web-app.yaml", "--force", "--out", out,
			 NULL };
	json_object *rec, *cases;
	double axe = -1;
	int64_t t0;
	pid_t pid;
	int status;

	snprintf(exe, sizeof(exe), "%s/carecert", bindir);
	if (!mkdtemp(out))
		return;
	t0 = mono_now_ns();
	if (posix_spawn(&pid, exe, NULL, NULL, argv, environ)) {
		perror(exe);
		return;
	}
	waitpid(pid, &status, 0);
	snprintf(path, sizeof(path), "%s/result.json", out);
	rec = json_object_from_file(path);
	if (rec && json_object_object_get_ex(rec, "cases", &cases))
		for (size_t i = 0; i < json_object_array_length(cases); i++) {
			json_object *k = json_object_array_get_idx(cases, i), *id, *d;

			if (json_object_object_get_ex(k, "id", &id) &&
			    !strcmp(json_object_get_string(id), "WEB-A11Y-AXE-01") &&
			    json_object_object_get_ex(k, "duration_s", &d))
				axe = json_object_get_double(d);
		}
	json_object_put(rec);
	printf("  web app run (14 cases, 1 browser) wall %.2f s, exit %d\n",
	       (double)(mono_now_ns() - t0) / 1e9, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (axe >= 0)
		printf("  audit of one page (axe + load)  %8.2f s wall (bound 3 s: %s)\n", axe / 3,
		       axe / 3 < 3 ? "met" : "NOT MET");
	else
		printf("  audit of one page               not measured (no axe case in the record)\n");
	snprintf(path, sizeof(path), "rm -rf '%s'", out);
	if (system(path))
		fprintf(stderr, "cannot remove %s\n", out);
}

int main(int argc, char **argv)
{
	const char *bindir = argc > 1 ? argv[1] : "build";

	printf("carecert bench (per-frame costs are single-threaded, this machine)\n");
	if (argc > 2 && !strcmp(argv[2], "load")) { /* bench BINDIR load: loading only */
		bench_suite_load();
		bench_big_suite();
		return 0;
	}
	bench_line();
	bench_binary();
	bench_log();
	bench_suite_load();
	bench_big_suite();
	bench_gatt_decode();
	bench_accuracy();
	bench_run(bindir);
	bench_web(bindir);
	return 0;
}
