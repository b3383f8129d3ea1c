/* SPDX-License-Identifier: MIT */
/*
 * ecg_compare on the device's beats read from files (a CSV of times, a
 * WFDB annotator, as bxb compares two annotators), the files written here
 * by the test; and the counts a comparison reports: those of the judged
 * interval, the whole record's named as totals. With ../shared/data/ecg
 * present, the real MIT-BIH record 100s is judged against the detector's
 * annotations, read from there.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/err.h"
#include "core/exec.h"
#include "core/profile.h"
#include "ecg/beatfile.h"
#include "ecg/ecgsyn.h"
#include "ecg/qrs.h"
#include "ecg/wfdb.h"
#include "testutil.h"

/* ---- files the test writes ---- */

/* MIT annotations (annot(5)): code << 10 | samples since the last one; a
 * SKIP word and a 32-bit interval (high word first) before a longer gap;
 * a 0 word at the end. */
static void write_ann(const char *path, const long *at, const int *code,
		      size_t n)
{
	FILE *f = fopen(path, "wb");
	long prev = 0;

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < n; i++) {
		long d = at[i] - prev;
		uint16_t w;

		if (d > 1023) {
			uint8_t skip[6] = {0,
					   59 << 2,
					   (uint8_t)(d >> 16),
					   (uint8_t)(d >> 24),
					   (uint8_t)d,
					   (uint8_t)(d >> 8)};

			ck_assert_uint_eq(fwrite(skip, 1, 6, f), 6);
			d = 0;
		}
		w = (uint16_t)(code[i] << 10 | d);
		ck_assert_uint_eq(
		    fwrite((uint8_t[]){(uint8_t)w, (uint8_t)(w >> 8)}, 1, 2, f),
		    2);
		prev = at[i];
	}
	ck_assert_uint_eq(fwrite((uint8_t[]){0, 0}, 1, 2, f), 2);
	fclose(f);
}

/* A record's header (fs 360 Hz, no signals: annotations only)
 * and annotations of beats at times t (s), a rhythm label first. */
static void write_record(const char *dir, const char *name, const char *ann,
			 const double *t, size_t n)
{
	char path[4200], hea[128];
	long *at = malloc((n + 1) * sizeof(*at));
	int *code = malloc((n + 1) * sizeof(*code));

	snprintf(hea, sizeof(hea), "%s 0 360\n",
		 strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
	snprintf(path, sizeof(path), "%s.hea", name);
	free(tu_write(dir, path, hea));
	at[0] = 0;
	code[0] = 28; /* "+": a rhythm change, not a beat */
	for (size_t i = 0; i < n; i++) {
		at[i + 1] = lround(t[i] * 360);
		code[i + 1] = i % 7 == 3 ? 5 : 1; /* V among N: both beats */
	}
	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ann);
	write_ann(path, at, code, n + 1);
	free(at);
	free(code);
}

/* ---- beatfile ---- */

START_TEST(test_csv_reads)
{
	static const struct {
		const char *text;
		size_t n;
		double first, last;
	} c[] = {
	    {"0.5\n1.25\n2\n", 3, 0.5, 2},
	    {"\xEF\xBB\xBFtime_s,type\r\n0.5,N\r\n1.25,V\r\n", 2, 0.5, 1.25},
	    {"# from the Holter's export\n\ntime\n\"0.5\"\n 1.25 , N\n", 2, 0.5,
	     1.25},
	    {"500 ms\n1.25 s\n0.05 min\n", 3, 0.5, 3},
	    {"1\n1\n", 2, 1, 1}, /* equal times: two beats, bxb pairs one */
	    {"time\n", 0, 0, 0},
	    {"", 0, 0, 0},
	    {"2.5", 1, 2.5, 2.5}, /* no final newline */
	};
	double *t;
	size_t n;
	char err[256];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_msg(beatfile_csv_parse(c[i].text, strlen(c[i].text),
						 "b.csv", &t, &n, err,
						 sizeof(err)) == CC_OK,
			      "%zu: %s", i, err);
		ck_assert_uint_eq(n, c[i].n);
		if (n) {
			ck_assert_double_eq_tol(t[0], c[i].first, 1e-12);
			ck_assert_double_eq_tol(t[n - 1], c[i].last, 1e-12);
		} else {
			ck_assert_ptr_null(t);
		}
		free(t);
	}
}
END_TEST

START_TEST(test_csv_refusals)
{
	static const struct {
		const char *text, *msg;
	} c[] = {
	    {"0.5\nabc\n", "b.csv:2:1: beat time: 'abc' is not a number"},
	    {"0.5\n1 kPa\n", "b.csv:2:1: beat time: '1 kPa' is a pressure; "
			     "beat time is a time in s"},
	    {"time\n-0.5\n",
	     "b.csv:2:1: beat time -0.5 is before the record's start"},
	    {"1.0\n0.9\n", "b.csv:2:1: beat time 0.9 s is before the one above "
			   "it (1 s): times must not go back"},
	    {"1.0\n2.0\nnan\n", "b.csv:3:1: beat time: 'nan' is not a number"},
	    {"\"1.0\n", "b.csv:1:1: the first field is not a beat time"},
	    {"1.0\n2\0\n", "b.csv:2: a NUL byte: not a text file"},
	};
	double *t = (double *)1;
	size_t n = 7;
	char err[256];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len =
		    strlen(c[i].text) + (strstr(c[i].msg, "NUL") ? 2 : 0);

		ck_assert_int_eq(beatfile_csv_parse(c[i].text, len, "b.csv", &t,
						    &n, err, sizeof(err)),
				 CC_EINVAL);
		ck_assert_str_eq(err, c[i].msg);
	}
	ck_assert_int_eq(
	    beatfile_csv_read("/nonexistent/b.csv", &t, &n, err, sizeof(err)),
	    CC_ENOTFOUND);
	ck_assert_str_eq(err, "/nonexistent/b.csv: no such file");
}
END_TEST

START_TEST(test_wfdb_annotator)
{
	static const double beats[] = {0.25, 1.0, 4.5,
				       9.75}; /* 4.5 -> 9.75: a SKIP */
	char *dir = tu_mkdtemp(), rec[4200], err[512];
	double *t;
	size_t n;

	write_record(dir, "r", "qrs", beats, 4);
	snprintf(rec, sizeof(rec), "%s/r", dir);
	ck_assert_msg(
	    beatfile_wfdb_read(rec, "qrs", &t, &n, err, sizeof(err)) == CC_OK,
	    "%s", err);
	ck_assert_uint_eq(n, 4); /* the rhythm label is no beat */
	for (size_t i = 0; i < n; i++)
		ck_assert_double_eq_tol(t[i], beats[i], 1.0 / 720);
	free(t);
	ck_assert_int_eq(
	    beatfile_wfdb_read(rec, "atr", &t, &n, err, sizeof(err)),
	    CC_ENOTFOUND);
	ck_assert_msg(strstr(err, "r.atr"), "%s", err);
	ck_assert_int_eq(
	    beatfile_wfdb_read(rec, "../x", &t, &n, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert(beatfile_annotator_valid("pu0"));
	ck_assert(!beatfile_annotator_valid(""));
	ck_assert(!beatfile_annotator_valid("a.b"));
	ck_assert(!beatfile_annotator_valid("abcdefghijklmnopq"));
	tu_rmdir(dir);
}
END_TEST

/* ---- ecg_compare through the loader and the executor ---- */

struct run {
	char *dir;
	struct diag d;
	struct profile *p;
	struct vars run_vars;
	struct exec e;
};

static const char *builtin(void *data, const char *name, char *s, size_t n)
{
	(void)s;
	(void)n;
	return !strncmp(name, "limit.", 6) ? profile_limit(data, name + 6)
					   : NULL;
}

/* Load suites/e.yaml of dir with these steps; NULL with r->d on errors. */
static struct profile *load(struct run *r, char *dir, const char *steps)
{
	static const char head[] =
	    "schema: carecert/suite/1\nid: e\ntitle: ecg files\n"
	    "category: ecg\ntransport: data\ncases:\n  - id: E-01\n"
	    "    title: e\n    requirement: {standard: S, clause: \"1\"}\n"
	    "    steps:\n";
	char *text = malloc(sizeof(head) + strlen(steps)), *path;

	memset(r, 0, sizeof(*r));
	r->dir = dir;
	sprintf(text, "%s%s", head, steps);
	free(tu_write(dir, "suites/e.yaml", text));
	free(text);
	path = tu_write(dir, "profiles/p.yaml",
			"schema: carecert/profile/1\n"
			"dut: {category: ecg, vendor: V, model: M, firmware: "
			"\"1\", serial_number: S}\n"
			"transport: {kind: data}\nsuites: [e]\n");
	diag_init(&r->d);
	r->p = profile_load(path, NULL, &r->d);
	free(path);
	return r->p;
}

static enum verdict run(struct run *r, char *dir, const char *steps)
{
	if (!load(r, dir, steps)) {
		diag_print(&r->d, stderr);
		ck_abort_msg("the suite does not load");
	}
	vars_init(&r->run_vars);
	r->e.suite = r->p->suites[0];
	r->e.tc = &r->p->suites[0]->cases[0];
	r->e.run_vars = &r->run_vars;
	r->e.builtin = builtin;
	r->e.builtin_data = r->p;
	r->e.profile = r->p;
	r->e.deadline_ns = INT64_MAX;
	ck_assert_int_eq(exec_init(&r->e), 0);
	return exec_run(&r->e);
}

/* Release the run; the directory stays for the next. */
static void done(struct run *r)
{
	if (r->e.evidence) {
		exec_release(&r->e);
		vars_release(&r->run_vars);
	}
	profile_free(r->p);
	diag_release(&r->d);
}

static json_object *eval(struct run *r)
{
	return json_object_array_get_idx(r->e.accuracy, 0);
}

static const char *why(struct run *r)
{
	return json_object_get_string(json_object_object_get(eval(r), "why"));
}

static long stat(struct run *r, const char *key)
{
	json_object *s = json_object_object_get(eval(r), "statistics");

	ck_assert_msg(json_object_object_get(s, key) != NULL,
		      "no statistics.%s", key);
	return json_object_get_int64(json_object_object_get(s, key));
}

/* Reference beats every 0.8 s from 0.4 s to 59.6 s (75); the device
 * misses the 10th and 60th and adds one at 33.3 s. */
static size_t make_beats(double *ref, double *dev)
{
	size_t n = 0, k = 0;

	for (double t = 0.4; t < 60; t += 0.8)
		ref[n++] = t;
	for (size_t i = 0; i < n; i++) {
		if (i == 9 || i == 59)
			continue;
		dev[k++] = ref[i] + (i % 2 ? 0.012 : -0.02);
		if (i == 41)
			dev[k++] = 33.3;
	}
	return k;
}

static char *csv_of(const double *t, size_t n)
{
	char *s = malloc(n * 32 + 32), *w = s;

	w += sprintf(w, "time_s,type\n");
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "%.4f,N\n", t[i]);
	return s;
}

/* bxb's way: the device's annotator (.qrs) of the record against the
 * reference annotator (.atr); the same beats from a CSV judge the same. */
START_TEST(test_compare_files)
{
	static const char *const beats[] = {"{wfdb: ../rec/r, annotator: qrs}",
					    "{csv: ../device.csv}"};
	double ref[80], dev[80];
	size_t ndev = make_beats(ref, dev);
	char *dir = tu_mkdtemp(), *csv = csv_of(dev, ndev), steps[512];
	struct run r;

	write_record(dir, "rec/r", "atr", ref, 75);
	write_record(dir, "rec/r", "qrs", dev, ndev);
	free(tu_write(dir, "device.csv", csv));
	for (size_t i = 0; i < 2; i++) {
		json_object *src;

		snprintf(steps, sizeof(steps),
			 "      - ecg_compare: {beats: %s, reference: {wfdb: "
			 "../rec/r},\n"
			 "                      window: 150 ms, start: 0, "
			 "min_se: 95, min_ppv: 95}\n",
			 beats[i]);
		ck_assert_int_eq(run(&r, dir, steps), VERDICT_PASS);
		ck_assert_int_eq(stat(&r, "tp"), 73);
		ck_assert_int_eq(stat(&r, "fn"), 2);
		ck_assert_int_eq(stat(&r, "fp"), 1);
		ck_assert_int_eq(stat(&r, "n_reference_beats"), 75);
		ck_assert_int_eq(stat(&r, "n_reported_beats"), 74);
		src = json_object_object_get(eval(&r), "beats_source");
		ck_assert_str_eq(
		    json_object_get_string(json_object_object_get(src, "kind")),
		    i ? "csv" : "wfdb");
		ck_assert_uint_eq(strlen(json_object_get_string(
				      json_object_object_get(src, "sha256"))),
				  64);
		ck_assert_msg(
		    strstr(why(&r),
			   "75 reference beats, 74 reported: Se 97.33 %"),
		    "%s", why(&r));
		done(&r);
	}
	free(csv);
	tu_rmdir(dir);
}
END_TEST

/* The counts are those judged: from start (and to end), the whole
 * record's named as totals. (Before, "75 reference beats, 74 reported"
 * stood beside TP/FN/FP counted from start.) */
START_TEST(test_counts_from_start)
{
	double ref[80], dev[80];
	size_t ndev = make_beats(ref, dev);
	char *dir = tu_mkdtemp(), *csv = csv_of(dev, ndev),
	     *steps = malloc(80 * 64 + 512), *w;
	struct run r;

	write_record(dir, "rec/r", "atr", ref, 75);
	free(tu_write(dir, "device.csv", csv));
	ck_assert_int_eq(
	    run(&r, dir,
		"      - ecg_compare: {beats: {csv: ../device.csv}, reference: "
		"{wfdb: ../rec/r},\n"
		"                      start: 30 s, end: 50000 ms}\n"),
	    VERDICT_FAIL);
	/* reference 30.0 .. 50.0 s: 26 beats; the device: 25 of them (47.6 s
	 * missed) and 33.3 s */
	ck_assert_int_eq(stat(&r, "n_reference_beats"), 26);
	ck_assert_int_eq(stat(&r, "tp") + stat(&r, "fn"), 26);
	ck_assert_int_eq(stat(&r, "n_reported_beats"), 26);
	ck_assert_int_eq(stat(&r, "n_reference_beats_total"), 75);
	ck_assert_int_eq(stat(&r, "n_reported_beats_total"), 74);
	ck_assert_int_eq(stat(&r, "fn"), 1);
	ck_assert_int_eq(stat(&r, "fp"), 1);
	ck_assert_msg(
	    strstr(r.e.reason,
		   "26 reference beats, 26 reported from 30 s to 50 s "
		   "(whole record: 75 and 74): Se 96.15 %, +P 96.15 %"),
	    "%s", r.e.reason);
	done(&r);
	/* a live case list is counted the same way */
	w = steps;
	for (size_t i = 0; i < ndev; i++)
		w += sprintf(w, "      - append: {list: b, value: %.4f}\n",
			     dev[i]);
	sprintf(w, "      - ecg_compare: {beats: b, reference: {wfdb: "
		   "../rec/r}, start: 0.5 min}\n");
	run(&r, dir, steps);
	ck_assert_int_eq(stat(&r, "n_reference_beats"), 38);
	ck_assert_int_eq(stat(&r, "tp") + stat(&r, "fn"), 38);
	ck_assert_int_eq(stat(&r, "n_reference_beats_total"), 75);
	ck_assert_msg(strstr(r.e.reason, "38 reference beats, 38 reported from "
					 "30 s (whole record: 75 and 74)"),
		      "%s", r.e.reason);
	done(&r);
	free(steps);
	free(csv);
	tu_rmdir(dir);
}
END_TEST

/* What the loader refuses, and what a run cannot read. */
START_TEST(test_file_errors)
{
	static const struct {
		const char *beats, *msg;
	} c[] = {
	    {"{csv: ../nope.csv}", "beats: cannot read"},
	    {"{csv: ../d.csv, wfdb: ../rec/r}",
	     "beats from a file needs one of csv or wfdb"},
	    {"{csv: ../d.csv, annotator: qrs}", "annotator goes with wfdb"},
	    {"{wfdb: ../rec/r, annotator: \"q.rs\"}",
	     "annotator 'q.rs' must be 1 to 16 letters"},
	    {"{wfdb: ../rec/r, annotator: xyz}", "beats: cannot read"},
	    {"{wfdb: ../rec/r}",
	     "beats and reference are the same annotation file"},
	    {"\"a b\"", "beats names a list"},
	};
	static const double ref[] = {1, 2, 3};
	char *dir = tu_mkdtemp(), steps[512];
	struct run r;

	write_record(dir, "rec/r", "atr", ref, 3);
	free(tu_write(dir, "d.csv", "1.0\n2.0\n1.5\n"));
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bool found = false;

		snprintf(steps, sizeof(steps),
			 "      - ecg_compare: {beats: %s, reference: {wfdb: "
			 "../rec/r}}\n",
			 c[i].beats);
		ck_assert_ptr_null(load(&r, dir, steps));
		for (size_t k = 0; k < r.d.n; k++)
			found |= strstr(r.d.v[k].msg, c[i].msg) &&
				 r.d.v[k].line == 11;
		if (!found)
			diag_print(&r.d, stderr);
		ck_assert_msg(found, "%zu: no '%s'", i, c[i].msg);
		done(&r);
	}
	ck_assert_ptr_null(load(&r, dir,
				"      - ecg_compare: {beats: b, reference: {wfdb: ../rec/r, ecgsyn: {hr: 60}}}\n"));
	ck_assert_msg(strstr(r.d.v[0].msg, "reference is one of ecgsyn or wfdb"), "%s",
		      r.d.v[0].msg);
	done(&r);
	/* a reference record that is not there: the loader says where */
	ck_assert_ptr_null(load(
	    &r, dir,
	    "      - ecg_compare: {beats: b, reference: {wfdb: ../rec/q}}\n"));
	ck_assert_msg(strstr(r.d.v[0].msg, "reference: cannot read") &&
			  strstr(r.d.v[0].msg, "q.hea"),
		      "%s", r.d.v[0].msg);
	done(&r);
	/* the device's file going back in time: nothing judged, an error */
	ck_assert_int_eq(run(&r, dir,
			     "      - ecg_compare: {beats: {csv: ../d.csv}, "
			     "reference: {wfdb: ../rec/r}}\n"),
			 VERDICT_ERROR);
	ck_assert_msg(
	    strstr(r.e.reason, "cannot read the device's beats: ") &&
		strstr(r.e.reason,
		       "d.csv:3:1: beat time 1.5 s is before the one above it"),
	    "%s", r.e.reason);
	done(&r);
	tu_rmdir(dir);
}
END_TEST

/* The real record 100s (read from ../shared, never copied): its
 * cardiologists' annotations (100s.atr) against the Pan-Tompkins
 * detector's, written as the device's annotator 100s.qrs beside a header
 * of the test's own, and as a CSV. */
START_TEST(test_mitbih_100s)
{
	char src[4200], hea[4300], steps[9000], err[512], *dir, *csv;
	struct wfdb_header *h;
	struct wfdb_samples *s;
	double *x, *beats;
	size_t n;
	struct run r;

	snprintf(src, sizeof(src), "%s/../shared/data/ecg/mitdb-100s",
		 tu_top());
	snprintf(hea, sizeof(hea), "%s/100s.hea", src);
	if (access(hea, R_OK)) {
		fprintf(stderr, "note: ../shared/data/ecg absent, the 100s "
				"file comparison is skipped\n");
		return;
	}
	ck_assert_ptr_nonnull(realpath(src, hea));
	snprintf(src, sizeof(src), "%s", hea);
	snprintf(hea, sizeof(hea), "%s/100s.hea", src);
	ck_assert_msg(wfdb_header_read(hea, &h, err, sizeof(err)) == CC_OK,
		      "%s", err);
	ck_assert_msg(wfdb_samples_read(h, src, &s, err, sizeof(err)) == CC_OK,
		      "%s", err);
	x = malloc(s->nframes * sizeof(*x));
	for (size_t i = 0; i < s->nframes; i++)
		x[i] = wfdb_physical(&h->sig[0],
				     s->v[i * (size_t)s->nsig]); /* MLII */
	ck_assert_int_eq(qrs_detect(x, s->nframes, h->fs, &beats, &n), CC_OK);
	dir = tu_mkdtemp();
	write_record(dir, "dev/100s", "qrs", beats, n);
	csv = csv_of(beats, n);
	free(tu_write(dir, "dev/100s.csv", csv));
	snprintf(steps, sizeof(steps),
		 "      - ecg_compare: {beats: {wfdb: ../dev/100s, annotator: "
		 "qrs},\n"
		 "                      reference: {wfdb: %s/100s}}\n"
		 "      - ecg_compare: {beats: {csv: ../dev/100s.csv}, "
		 "reference: {wfdb: %s/100s},\n"
		 "                      start: 30 s}\n",
		 src, src);
	ck_assert_int_eq(run(&r, dir, steps), VERDICT_PASS);
	{
		json_object *all = json_object_array_get_idx(r.e.accuracy, 0);
		json_object *late = json_object_array_get_idx(r.e.accuracy, 1);

		ck_assert_int_eq(
		    json_object_get_int(json_object_object_get(all, "tp")), 74);
		ck_assert_int_eq(
		    json_object_get_int(json_object_object_get(all, "fn")), 0);
		ck_assert_int_eq(
		    json_object_get_int(json_object_object_get(all, "fp")), 0);
		/* from 30 s: the second half's beats only */
		ck_assert_int_lt(
		    json_object_get_int(json_object_object_get(late, "tp")),
		    74);
		ck_assert_int_eq(
		    json_object_get_int(json_object_object_get(late, "fn")), 0);
		ck_assert_int_eq(json_object_get_int(json_object_object_get(
				     json_object_object_get(late, "statistics"),
				     "n_reference_beats_total")),
				 74);
	}
	done(&r);
	free(csv);
	free(beats);
	free(x);
	wfdb_samples_free(s);
	wfdb_header_free(h);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_ecgfiles(void)
{
	Suite *s = suite_create("ecgfiles");
	TCase *tc = tcase_create("ecgfiles");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_csv_reads);
	tcase_add_test(tc, test_csv_refusals);
	tcase_add_test(tc, test_wfdb_annotator);
	tcase_add_test(tc, test_compare_files);
	tcase_add_test(tc, test_counts_from_start);
	tcase_add_test(tc, test_file_errors);
	tcase_add_test(tc, test_mitbih_100s);
	suite_add_tcase(s, tc);
	return s;
}
