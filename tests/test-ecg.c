/* SPDX-License-Identifier: MIT */
/*
 * ECG accuracy modules: WFDB reading (format 212, MIT annotations, headers)
 * against hand-made bytes and the real MIT-BIH record 100s from ../shared,
 * beat-by-beat comparison on hand-made beat lists, ECGSYN's properties, and
 * Pan-Tompkins on 100s, on ECGSYN and on hand-made signals. The record is
 * read where it lies; without ../shared those tests say so and pass.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ecg/beatcmp.h"
#include "ecg/ecgsyn.h"
#include "base/err.h"
#include "ecg/qrs.h"
#include "testutil.h"
#include "ecg/wfdb.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* The record directory, or NULL (with a note) when ../shared is absent. */
static const char *record_dir(void)
{
	static char dir[4200];
	char hea[4300];
	const char *top = getenv("CARECERT_TOP");

	snprintf(dir, sizeof(dir), "%s/../shared/data/ecg/mitdb-100s",
		 top ? top : ".");
	snprintf(hea, sizeof(hea), "%s/100s.hea", dir);
	if (access(hea, R_OK) != 0) {
		fprintf(stderr,
			"test-ecg: %s not found, skipping the tests "
			"on MIT-BIH record 100s\n",
			hea);
		return NULL;
	}
	return dir;
}

static char *write_bin(const char *dir, const char *name, const void *data,
		       size_t len)
{
	char *path = malloc(4200);
	FILE *f;

	snprintf(path, 4200, "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static uint8_t *read_bin(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct rec100 {
	struct wfdb_header *h;
	struct wfdb_samples *s;
	struct wfdb_annset *a;
};

static bool load_100s(struct rec100 *r)
{
	const char *dir = record_dir();
	char path[4300], err[512] = "";

	memset(r, 0, sizeof(*r));
	if (!dir)
		return false;
	snprintf(path, sizeof(path), "%s/100s.hea", dir);
	ck_assert_msg(wfdb_header_read(path, &r->h, err, sizeof(err)) == CC_OK,
		      "%s", err);
	ck_assert_msg(wfdb_samples_read(r->h, dir, &r->s, err, sizeof(err)) ==
			  CC_OK,
		      "%s", err);
	snprintf(path, sizeof(path), "%s/100s.atr", dir);
	ck_assert_msg(wfdb_ann_read(path, &r->a, err, sizeof(err)) == CC_OK,
		      "%s", err);
	return true;
}

static void free_100s(struct rec100 *r)
{
	wfdb_header_free(r->h);
	wfdb_samples_free(r->s);
	wfdb_annset_free(r->a);
}

/* ---- (a) format 212 ------------------------------------------------------ */

START_TEST(test_212_decode)
{
	/* the first frame of 100s.dat: 995 and 1011 */
	static const uint8_t first[] = {0xe3, 0x33, 0xf3};
	/* -1 and -2048: 0xfff, 0x800 */
	static const uint8_t neg[] = {0xff, 0x8f, 0x00};
	/* 2047 and -1000 (0xc18) */
	static const uint8_t mix[] = {0xff, 0xc7, 0x18};
	/* three samples: 1, -2, then 0x234 alone in two bytes */
	static const uint8_t odd[] = {0x01, 0xf0, 0xfe, 0x34, 0x02};
	int v[3] = {7, 7, 7};

	ck_assert_uint_eq(wfdb_212_decode(first, 3, v, 2), 3);
	ck_assert_int_eq(v[0], 995);
	ck_assert_int_eq(v[1], 1011);
	ck_assert_uint_eq(wfdb_212_decode(neg, 3, v, 2), 3);
	ck_assert_int_eq(v[0], -1);
	ck_assert_int_eq(v[1], -2048);
	ck_assert_int_eq(v[1], WFDB_212_INVALID);
	ck_assert_uint_eq(wfdb_212_decode(mix, 3, v, 2), 3);
	ck_assert_int_eq(v[0], 2047);
	ck_assert_int_eq(v[1], -1000);
	ck_assert_uint_eq(wfdb_212_decode(odd, 5, v, 3), 5);
	ck_assert_int_eq(v[0], 1);
	ck_assert_int_eq(v[1], -2);
	ck_assert_int_eq(v[2], 0x234);
	/* too short: nothing written */
	v[0] = 7;
	ck_assert_uint_eq(wfdb_212_decode(odd, 4, v, 3), 0);
	ck_assert_uint_eq(wfdb_212_decode(first, 2, v, 2), 0);
	ck_assert_int_eq(v[0], 7);
}
END_TEST

START_TEST(test_header_parse)
{
	static const char text[] =
	    "# a comment before the record line\r\n"
	    "rec 3 250/1000(5) 5000 10:20:30 01/02/2003\r\n"
	    "rec.dat 212 400(10)/uV 12 0 5 -123 0 Lead II, modified\r\n"
	    "rec.dat 212+6 0 11 1024\r\n"
	    "\r\n"
	    "other.dat 212 100/mmHg\r\n"
	    "# info string after the signals\r\n";
	struct wfdb_header *h;
	char err[256];

	ck_assert_int_eq(wfdb_header_parse(text, strlen(text), "rec.hea", &h,
					   err, sizeof(err)),
			 CC_OK);
	ck_assert_str_eq(h->record, "rec");
	ck_assert_int_eq(h->nsig, 3);
	ck_assert_double_eq(h->fs, 250);
	ck_assert_double_eq(h->counter_freq, 1000);
	ck_assert_int_eq(h->nsamples, 5000);
	ck_assert_str_eq(h->base_time, "10:20:30");
	ck_assert_str_eq(h->base_date, "01/02/2003");
	ck_assert_str_eq(h->sig[0].file, "rec.dat");
	ck_assert_double_eq(h->sig[0].gain, 400);
	ck_assert(h->sig[0].calibrated);
	ck_assert_int_eq(h->sig[0].baseline, 10);
	ck_assert_str_eq(h->sig[0].units, "uV");
	ck_assert_int_eq(h->sig[0].adc_res, 12);
	ck_assert_int_eq(h->sig[0].init_value, 5);
	ck_assert(h->sig[0].has_checksum);
	ck_assert_int_eq(h->sig[0].checksum, -123);
	ck_assert_str_eq(h->sig[0].desc, "Lead II, modified");
	/* gain 0: uncalibrated, WFDB's default gain; baseline = ADC zero */
	ck_assert_int_eq(h->sig[1].offset, 6);
	ck_assert(!h->sig[1].calibrated);
	ck_assert_double_eq(h->sig[1].gain, WFDB_DEFAULT_GAIN);
	ck_assert_int_eq(h->sig[1].baseline, 1024);
	ck_assert_int_eq(h->sig[1].init_value, 1024);
	ck_assert(!h->sig[1].has_checksum);
	ck_assert_str_eq(h->sig[1].units, "mV");
	ck_assert_str_eq(h->sig[2].units, "mmHg");
	ck_assert_int_eq(h->sig[2].adc_res, 12); /* 212's default */
	ck_assert_double_eq_tol(wfdb_physical(&h->sig[0], 410), 1.0, 1e-12);
	ck_assert(isnan(wfdb_physical(&h->sig[0], WFDB_212_INVALID)));
	wfdb_header_free(h);

	/* only the record line: fs defaults to 250 */
	ck_assert_int_eq(
	    wfdb_header_parse("x 0\n", 4, "x.hea", &h, err, sizeof(err)),
	    CC_OK);
	ck_assert_double_eq(h->fs, WFDB_DEFAULT_FS);
	ck_assert_int_eq(h->nsig, 0);
	wfdb_header_free(h);
}
END_TEST

START_TEST(test_header_errors)
{
	static const struct {
		const char *text;
		int rc;
		const char *msg; /* expected in the message */
	} t[] = {
	    {"", CC_EINVAL, "no record line"},
	    {"# only a comment\n", CC_EINVAL, "no record line"},
	    {"multi/2 1 360\n", CC_ENOTSUP, "t.hea:1:"},
	    {"r 2 360 100\nr.dat 212\n", CC_EINVAL, "1 signal lines"},
	    {"r 1 360\nr.dat 212 abc\n", CC_EINVAL, "t.hea:2: bad gain"},
	    {"r 1 -5\n", CC_EINVAL, "bad sampling frequency"},
	    {"r x\n", CC_EINVAL, "bad signal count"},
	    {"r 33\n", CC_ETOOBIG, "33 signals"},
	    {"r 1\nr.dat x212\n", CC_EINVAL, "bad format"},
	    {"r 1\nr.dat 212 200(5\n", CC_EINVAL, "bad baseline"},
	    {"r 1\nr.dat 212 200 11 1024 0 12x\n", CC_EINVAL, "checksum"},
	    {"r 1\nr.dat\n", CC_EINVAL, "t.hea:2:"},
	};
	struct wfdb_header *h;
	char err[256];

	for (size_t i = 0; i < N_ELEM(t); i++) {
		err[0] = 0;
		h = (struct wfdb_header *)1;
		ck_assert_int_eq(wfdb_header_parse(t[i].text, strlen(t[i].text),
						   "t.hea", &h, err,
						   sizeof(err)),
				 t[i].rc);
		ck_assert_ptr_null(h);
		ck_assert_msg(strstr(err, t[i].msg),
			      "case %zu: '%s' lacks '%s'", i, err, t[i].msg);
	}
}
END_TEST

/* Signal files made by hand: two signals in one file, one in another. */
START_TEST(test_samples_files)
{
	static const char hea[] = "r 3 100 2\n"
				  "a.dat 212 200 12 0 995 966 0 I\n"
				  "a.dat 212 200 12 0 1011 1010 0 II\n"
				  "b.dat 212+1 100 12 0 1 3 0 III\n";
	/* frames (995, 1011) and (-29, -1) */
	static const uint8_t a[] = {0xe3, 0x33, 0xf3, 0xe3, 0xff, 0xff};
	/* one pad byte, then 1 and 2 */
	static const uint8_t b[] = {0xaa, 0x01, 0x00, 0x02};
	char *dir = tu_mkdtemp(), err[512];
	struct wfdb_header *h;
	struct wfdb_samples *s;

	ck_assert_ptr_nonnull(dir);
	free(write_bin(dir, "a.dat", a, sizeof(a)));
	free(write_bin(dir, "b.dat", b, sizeof(b)));
	ck_assert_int_eq(
	    wfdb_header_parse(hea, strlen(hea), "r.hea", &h, err, sizeof(err)),
	    CC_OK);
	ck_assert_msg(wfdb_samples_read(h, dir, &s, err, sizeof(err)) == CC_OK,
		      "%s", err);
	ck_assert_int_eq(s->nsig, 3);
	ck_assert_uint_eq(s->nframes, 2);
	ck_assert_int_eq(s->v[0], 995);
	ck_assert_int_eq(s->v[1], 1011);
	ck_assert_int_eq(s->v[2], 1);
	ck_assert_int_eq(s->v[3], -29);
	ck_assert_int_eq(s->v[4], -1);
	ck_assert_int_eq(s->v[5], 2);
	wfdb_samples_free(s);

	/* a wrong checksum is corruption */
	h->sig[2].checksum = 4;
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, "checksum of signal 2"), "%s", err);
	h->sig[2].checksum = 3;

	/* more frames than the file holds: the byte where data ran out */
	h->nsamples = 3;
	h->sig[0].has_checksum = h->sig[1].has_checksum = false;
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_msg(strstr(err, "a.dat: byte 6: file ends, 9 bytes"), "%s",
		      err);

	/* no frame count in the header: counted from the files */
	h->nsamples = 0;
	h->sig[2].has_checksum = false;
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_OK);
	ck_assert_uint_eq(s->nframes, 2);
	wfdb_samples_free(s);

	/* a file that does not end on a frame */
	free(write_bin(dir, "a.dat", a, 5));
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_msg(strstr(err, "a.dat: byte 3: 2 trailing bytes"), "%s",
		      err);

	/* names that would leave the directory, other formats, no file */
	strcpy(h->sig[0].file, "../a.dat");
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	strcpy(h->sig[0].file, "/etc/passwd");
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	strcpy(h->sig[0].file, "a.dat");
	h->sig[0].format = 16;
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_ENOTSUP);
	h->sig[0].format = 212;
	strcpy(h->sig[0].file, "missing.dat");
	strcpy(h->sig[1].file, "missing.dat");
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_ENOTFOUND);
	ck_assert_msg(strstr(err, "missing.dat: no such file"), "%s", err);
	wfdb_header_free(h);
	tu_rmdir(dir);
}
END_TEST

/* ---- (b) annotations ------------------------------------------------------
 */

/* N at 100 with AUX "(N" (3 bytes, as 100s.atr stores it), a SKIP of
 * 100000, V 5 later with SUB 2, CHN 1, NUM 3, '+' at the same time, '~'
 * 7 later, end. */
static const uint8_t ann_bytes[] = {
    0x64, 0x04,				/* N (1), +100 */
    0x03, 0xfc, '(',  'N',  0,	  0,	/* AUX 3 bytes + pad */
    0x00, 0xec, 0x01, 0x00, 0xa0, 0x86, /* SKIP 0x000186a0 */
    0x05, 0x14,				/* V (5), +5 */
    0x02, 0xf4,				/* SUB 2 */
    0x01, 0xf8,				/* CHN 1 */
    0x03, 0xf0,				/* NUM 3 */
    0x00, 0x70,				/* + (28), +0 */
    0x07, 0x38,				/* ~ (14), +7 */
    0x00, 0x00,				/* end */
};

START_TEST(test_ann_parse)
{
	struct wfdb_annset *a;
	double *t;
	size_t n;
	char err[256];

	ck_assert_int_eq(wfdb_ann_parse(ann_bytes, sizeof(ann_bytes), "h.atr",
					&a, err, sizeof(err)),
			 CC_OK);
	ck_assert_uint_eq(a->n, 4);
	ck_assert_int_eq(a->v[0].time, 100);
	ck_assert_int_eq(a->v[0].code, WFDB_NORMAL);
	ck_assert_uint_eq(a->v[0].aux_len, 3);
	ck_assert_str_eq(a->v[0].aux, "(N");
	ck_assert_int_eq(a->v[0].chan, 0);
	ck_assert_int_eq(a->v[1].time, 100105);
	ck_assert_int_eq(a->v[1].code, WFDB_PVC);
	ck_assert_int_eq(a->v[1].subtype, 2);
	ck_assert_int_eq(a->v[1].chan, 1);
	ck_assert_int_eq(a->v[1].num, 3);
	ck_assert_ptr_null(a->v[1].aux);
	/* chan and num carry over, subtype does not */
	ck_assert_int_eq(a->v[2].time, 100105);
	ck_assert_int_eq(a->v[2].code, WFDB_RHYTHM);
	ck_assert_int_eq(a->v[2].subtype, 0);
	ck_assert_int_eq(a->v[2].chan, 1);
	ck_assert_int_eq(a->v[2].num, 3);
	ck_assert_int_eq(a->v[3].time, 100112);
	ck_assert_int_eq(a->v[3].code, WFDB_NOISE);
	ck_assert_int_eq(wfdb_ann_beat_times(a, 1000, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_double_eq_tol(t[0], 0.1, 1e-12);
	ck_assert_double_eq_tol(t[1], 100.105, 1e-12);
	free(t);
	ck_assert_int_eq(wfdb_ann_beat_times(a, 0, &t, &n), CC_EINVAL);
	wfdb_annset_free(a);
}
END_TEST

START_TEST(test_ann_errors)
{
	static const struct {
		uint8_t b[12];
		size_t len;
		const char *msg;
	} t[] = {
	    {{0x64, 0x04}, 2, "byte 2: file ends without the end"},
	    {{0x64, 0x04, 0x00}, 3, "byte 2: truncated word"},
	    {{0x00, 0xec, 0x01, 0x00, 0xa0}, 5, "byte 0: SKIP needs 4"},
	    {{0x64, 0x04, 0x05, 0xfc, 'a', 'b'},
	     6,
	     "byte 2: AUX of 5 bytes runs past"},
	    {{0x02, 0xfc, 'a', 'b', 0, 0}, 6, "byte 0: AUX before any"},
	    {{0x01, 0xf4, 0, 0}, 4, "byte 0: SUB before any"},
	    {{0x00, 0xdc, 0, 0}, 4, "byte 0: undefined annotation code 55"},
	    {{0x05, 0x00, 0, 0}, 4, "byte 0: code 0 with time"},
	    {{0x64, 0x04, 0x00, 0xec, 0xff, 0xff, 0xff, 0xff, 0, 0},
	     10,
	     "byte 2: SKIP of -1 goes back"},
	    {{0x64, 0x04, 0x01, 0xfc, 'a', 0, 0x01, 0xfc, 'b', 0, 0, 0},
	     12,
	     "byte 6: second AUX"},
	};
	struct wfdb_annset *a;
	char err[256];

	for (size_t i = 0; i < N_ELEM(t); i++) {
		err[0] = 0;
		ck_assert_int_eq(wfdb_ann_parse(t[i].b, t[i].len, "x.atr", &a,
						err, sizeof(err)),
				 CC_EINVAL);
		ck_assert_ptr_null(a);
		ck_assert_msg(strstr(err, t[i].msg) && strstr(err, "x.atr"),
			      "case %zu: '%s' lacks '%s'", i, err, t[i].msg);
	}
	/* every cut of a valid stream is an error, never a crash */
	for (size_t len = 0; len < sizeof(ann_bytes); len++) {
		ck_assert_int_eq(wfdb_ann_parse(ann_bytes, len, "x.atr", &a,
						err, sizeof(err)),
				 CC_EINVAL);
		ck_assert_ptr_null(a);
	}
	/* anything after the end word is ignored */
	{
		uint8_t more[sizeof(ann_bytes) + 3];

		memcpy(more, ann_bytes, sizeof(ann_bytes));
		memcpy(more + sizeof(ann_bytes), "\x01\x02\x03", 3);
		ck_assert_int_eq(wfdb_ann_parse(more, sizeof(more), "x.atr", &a,
						err, sizeof(err)),
				 CC_OK);
		ck_assert_uint_eq(a->n, 4);
		wfdb_annset_free(a);
	}
}
END_TEST

/* Random bytes: results vary, but the parser must stay in bounds (ASan). */
START_TEST(test_ann_garbage)
{
	uint64_t x = 0x243f6a8885a308d3ull;
	uint8_t buf[64];
	struct wfdb_annset *a;

	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(round % (int)sizeof(buf));

		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			buf[i] = (uint8_t)(x >> 56);
		}
		if (wfdb_ann_parse(buf, len, "g.atr", &a, NULL, 0) == CC_OK) {
			for (size_t i = 0; i < a->n; i++) {
				ck_assert(a->v[i].code >= 1 &&
					  a->v[i].code <= WFDB_ACMAX);
				ck_assert(!i ||
					  a->v[i].time >= a->v[i - 1].time);
			}
			wfdb_annset_free(a);
		} else {
			ck_assert_ptr_null(a);
		}
	}
}
END_TEST

START_TEST(test_beat_codes)
{
	static const char *const beats[] = {"N", "L", "R", "a", "V", "F", "J",
					    "A", "S", "E", "j", "/", "Q", "B",
					    "e", "n", "f", "r", "?", "!"};
	static const char *const others[] = {"+", "~", "|", "\"", "x", "[", "]",
					     "p", "t", "u", "(",  ")", "s", "T",
					     "*", "D", "=", "^",  "@"};
	size_t found = 0;

	for (size_t i = 0; i < N_ELEM(beats); i++)
		for (int c = 1; c <= WFDB_ACMAX; c++)
			if (!strcmp(wfdb_code_mnemonic(c), beats[i])) {
				ck_assert_msg(wfdb_is_beat(c), "%s", beats[i]);
				found++;
			}
	ck_assert_uint_eq(found, N_ELEM(beats));
	found = 0;
	for (size_t i = 0; i < N_ELEM(others); i++)
		for (int c = 1; c <= WFDB_ACMAX; c++)
			if (!strcmp(wfdb_code_mnemonic(c), others[i])) {
				ck_assert_msg(!wfdb_is_beat(c), "%s",
					      others[i]);
				found++;
			}
	ck_assert_uint_eq(found, N_ELEM(others));
	ck_assert(!wfdb_is_beat(0));
	ck_assert(!wfdb_is_beat(WFDB_SKIP));
	ck_assert(!wfdb_is_beat(-1));
	ck_assert_str_eq(wfdb_code_mnemonic(15), "");
	ck_assert_str_eq(wfdb_code_mnemonic(50), "");
}
END_TEST

/* ---- (c) the real record ------------------------------------------------ */

START_TEST(test_record_100s)
{
	struct rec100 r;
	size_t beats = 0, normal = 0, apc = 0;
	double *t;
	size_t n;

	if (!load_100s(&r))
		return;
	ck_assert_str_eq(r.h->record, "100s");
	ck_assert_int_eq(r.h->nsig, 2);
	ck_assert_double_eq(r.h->fs, 360);
	ck_assert_int_eq(r.h->nsamples, 21600);
	ck_assert_str_eq(r.h->sig[0].file, "100s.dat");
	ck_assert_int_eq(r.h->sig[0].format, 212);
	ck_assert_double_eq(r.h->sig[0].gain, 200);
	ck_assert_int_eq(r.h->sig[0].adc_res, 11);
	ck_assert_int_eq(r.h->sig[0].adc_zero, 1024);
	ck_assert_int_eq(r.h->sig[0].baseline, 1024);
	ck_assert_int_eq(r.h->sig[0].init_value, 995);
	ck_assert_int_eq(r.h->sig[0].checksum, 21537);
	ck_assert_str_eq(r.h->sig[0].desc, "MLII");
	ck_assert_str_eq(r.h->sig[0].units, "mV");
	ck_assert_int_eq(r.h->sig[1].init_value, 1011);
	ck_assert_int_eq(r.h->sig[1].checksum, -3962);
	ck_assert_str_eq(r.h->sig[1].desc, "V5");

	/* samples (checksums were verified by the reader) */
	ck_assert_uint_eq(r.s->nframes, 21600);
	{
		static const struct {
			size_t f;
			int mlii, v5;
		} known[] = {
		    {0, 995, 1011},	{77, 1192, 1066},  {100, 958, 985},
		    {10000, 1111, 937}, {21599, 975, 989},
		};

		for (size_t i = 0; i < N_ELEM(known); i++) {
			ck_assert_int_eq(r.s->v[known[i].f * 2], known[i].mlii);
			ck_assert_int_eq(r.s->v[known[i].f * 2 + 1],
					 known[i].v5);
		}
	}
	ck_assert_double_eq_tol(wfdb_physical(&r.h->sig[0], r.s->v[0]),
				(995 - 1024) / 200.0, 1e-12);

	/* annotations: 74 beats (73 N, 1 A) and one rhythm label "(N" */
	ck_assert_uint_eq(r.a->n, 75);
	for (size_t i = 0; i < r.a->n; i++) {
		beats += wfdb_is_beat(r.a->v[i].code);
		normal += r.a->v[i].code == WFDB_NORMAL;
		apc += r.a->v[i].code == WFDB_APC;
	}
	ck_assert_uint_eq(beats, 74);
	ck_assert_uint_eq(normal, 73);
	ck_assert_uint_eq(apc, 1);
	ck_assert_int_eq(r.a->v[0].code, WFDB_RHYTHM);
	ck_assert_int_eq(r.a->v[0].time, 18);
	ck_assert_str_eq(r.a->v[0].aux, "(N");
	ck_assert_int_eq(r.a->v[1].time, 77);
	ck_assert_int_eq(r.a->v[r.a->n - 1].time, 21423);
	ck_assert_int_eq(wfdb_ann_beat_times(r.a, r.h->fs, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 74);
	ck_assert_double_eq_tol(t[0], 77 / 360.0, 1e-12);
	free(t);
	free_100s(&r);
}
END_TEST

/* Damaged copies of the record (in a temporary directory) are refused with
 * the file and byte named. */
START_TEST(test_record_damaged)
{
	const char *src = record_dir();
	char path[4300], err[512];
	struct wfdb_header *h;
	struct wfdb_samples *s;
	struct wfdb_annset *a;
	uint8_t *dat, *atr;
	size_t ndat, natr;
	char *dir;

	if (!src)
		return;
	snprintf(path, sizeof(path), "%s/100s.dat", src);
	dat = read_bin(path, &ndat);
	snprintf(path, sizeof(path), "%s/100s.atr", src);
	atr = read_bin(path, &natr);
	snprintf(path, sizeof(path), "%s/100s.hea", src);
	ck_assert_int_eq(wfdb_header_read(path, &h, err, sizeof(err)), CC_OK);
	dir = tu_mkdtemp();

	free(write_bin(dir, "100s.dat", dat, ndat - 3));
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_msg(strstr(err, "100s.dat: byte 64797: file ends"), "%s",
		      err);

	dat[30000] ^= 0x01; /* one flipped bit */
	free(write_bin(dir, "100s.dat", dat, ndat));
	ck_assert_int_eq(wfdb_samples_read(h, dir, &s, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_msg(strstr(err, "checksum"), "%s", err);

	snprintf(path, sizeof(path), "%s/100s.atr", dir);
	free(write_bin(dir, "100s.atr", atr, natr - 2));
	ck_assert_int_eq(wfdb_ann_read(path, &a, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "100s.atr: byte 156: file ends"), "%s", err);
	free(write_bin(dir, "100s.atr", atr, 7));
	ck_assert_int_eq(wfdb_ann_read(path, &a, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "byte 2: AUX of 3 bytes runs past"), "%s",
		      err);

	wfdb_header_free(h);
	free(dat);
	free(atr);
	tu_rmdir(dir);
}
END_TEST

/* ---- (d) beat-by-beat comparison ----------------------------------------- */

static struct beatcmp_result cmp(const double *ref, size_t nref,
				 const double *test, size_t ntest, double start)
{
	struct beatcmp_opts o;
	struct beatcmp_result r;

	beatcmp_opts_default(&o);
	o.start = start;
	ck_assert_int_eq(
	    beatcmp_run(&o, ref, nref, test, ntest, NULL, NULL, &r), CC_OK);
	ck_assert_uint_eq(r.tp + r.fn, nref); /* when all are inside */
	return r;
}

START_TEST(test_bxb_window)
{
	const double ref[] = {1.0};
	const double in[] = {1.15}, early[] = {0.85}, out[] = {1.151};
	/* decimal 150 ms that binary floating point puts just outside */
	const double f1[] = {0.02}, f2[] = {0.17}; /* 0.02 + 0.15 < 0.17 */
	const double f3[] = {0.16}, f4[] = {0.01}; /* 0.16 - 0.15 > 0.01 */
	struct beatcmp_result r;
	long rs[] = {1000}, ts[] = {1150}, ts2[] = {1151};

	r = cmp(ref, 1, in, 1, 0);
	ck_assert_uint_eq(r.tp, 1);
	ck_assert_uint_eq(r.fp, 0);
	r = cmp(ref, 1, early, 1, 0);
	ck_assert_uint_eq(r.tp, 1);
	r = cmp(ref, 1, out, 1, 0);
	ck_assert_uint_eq(r.tp, 0);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_uint_eq(r.fp, 1);
	ck_assert_double_eq(r.se, 0);
	ck_assert_double_eq(r.ppv, 0);
	r = cmp(f1, 1, f2, 1, 0);
	ck_assert_uint_eq(r.tp, 1);
	r = cmp(f3, 1, f4, 1, 0);
	ck_assert_uint_eq(r.tp, 1);

	/* in samples at 1 kHz: 150 samples match, 151 do not */
	ck_assert_int_eq(
	    beatcmp_run_samples(NULL, 1000, rs, 1, ts, 1, NULL, NULL, &r),
	    CC_OK);
	ck_assert_uint_eq(r.tp + r.fn + r.fp, 0); /* default start: 5 min */
	{
		struct beatcmp_opts o;

		beatcmp_opts_default(&o);
		o.start = 0;
		ck_assert_int_eq(
		    beatcmp_run_samples(&o, 1000, rs, 1, ts, 1, NULL, NULL, &r),
		    CC_OK);
		ck_assert_uint_eq(r.tp, 1);
		ck_assert_int_eq(beatcmp_run_samples(&o, 1000, rs, 1, ts2, 1,
						     NULL, NULL, &r),
				 CC_OK);
		ck_assert_uint_eq(r.tp, 0);
		ck_assert_uint_eq(r.fp, 1);
		ck_assert_int_eq(
		    beatcmp_run_samples(&o, 0, rs, 1, ts, 1, NULL, NULL, &r),
		    CC_EINVAL);
	}
}
END_TEST

START_TEST(test_bxb_once)
{
	const double one[] = {1.0}, two_t[] = {0.95, 1.05};
	const double two_r[] = {1.0, 1.1}, mid[] = {1.05};
	/* a nearest-first pass pairs 1.0 with 1.08 and loses 0.88 */
	const double ref3[] = {1.0, 1.1}, test3[] = {0.88, 1.08};
	const double near_t[] = {0.9, 1.02};
	long rm[2], tm[2];
	struct beatcmp_result r;
	struct beatcmp_opts o;

	r = cmp(one, 1, two_t, 2, 0);
	ck_assert_uint_eq(r.tp, 1);
	ck_assert_uint_eq(r.fp, 1);
	r = cmp(two_r, 2, mid, 1, 0);
	ck_assert_uint_eq(r.tp, 1);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_double_eq(r.se, 0.5);
	ck_assert_double_eq(r.ppv, 1);

	beatcmp_opts_default(&o);
	o.start = 0;
	ck_assert_int_eq(beatcmp_run(&o, ref3, 2, test3, 2, rm, tm, &r), CC_OK);
	ck_assert_uint_eq(r.tp, 2);
	ck_assert_int_eq(rm[0], 0);
	ck_assert_int_eq(rm[1], 1);
	ck_assert_int_eq(tm[0], 0);
	ck_assert_int_eq(tm[1], 1);

	/* one pair possible: the nearer test beat is taken */
	ck_assert_int_eq(beatcmp_run(&o, one, 1, near_t, 2, rm, tm, &r), CC_OK);
	ck_assert_uint_eq(r.tp, 1);
	ck_assert_int_eq(rm[0], 1);
	ck_assert_int_eq(tm[0], BEATCMP_UNMATCHED);
	ck_assert_int_eq(tm[1], 0);
}
END_TEST

START_TEST(test_bxb_interval)
{
	const double ref[] = {10.0, 299.0, 300.05, 301.0, 400.0};
	const double test[] = {10.0, 299.0, 299.95, 301.2, 350.0, 400.1};
	const double ref2[] = {299.9}, test2[] = {300.02};
	long rm[5], tm[6];
	struct beatcmp_result r;
	struct beatcmp_opts o;

	/* default: from 300 s on. 300.05 pairs with 299.95 across the start;
	 * 301.0 is missed (301.2 is 200 ms off), 301.2 and 350 are false */
	ck_assert_int_eq(beatcmp_run(NULL, ref, 5, test, 6, rm, tm, &r), CC_OK);
	ck_assert_uint_eq(r.tp, 2);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_uint_eq(r.fp, 2);
	/* counted from 300 s: 3 of the 5 reference beats, 3 of the 6 test
	 * beats (299.95 is paired inside but lies outside) */
	ck_assert_uint_eq(r.nref_in, 3);
	ck_assert_uint_eq(r.nref_in, r.tp + r.fn);
	ck_assert_uint_eq(r.ntest_in, 3);
	ck_assert_int_eq(rm[0], BEATCMP_OUTSIDE);
	ck_assert_int_eq(rm[1], BEATCMP_OUTSIDE);
	ck_assert_int_eq(rm[2], 2);
	ck_assert_int_eq(rm[3], BEATCMP_UNMATCHED);
	ck_assert_int_eq(tm[0], BEATCMP_OUTSIDE);
	ck_assert_int_eq(tm[2], 2);
	ck_assert_int_eq(tm[3], BEATCMP_UNMATCHED);
	ck_assert_int_eq(tm[5], 4);

	/* a test beat just inside, paired with a reference beat just
	 * outside, is neither TP nor FP */
	ck_assert_int_eq(beatcmp_run(NULL, ref2, 1, test2, 1, NULL, tm, &r),
			 CC_OK);
	ck_assert_uint_eq(r.tp + r.fn + r.fp, 0);
	ck_assert_int_eq(tm[0], BEATCMP_OUTSIDE);
	ck_assert(isnan(r.se) && isnan(r.ppv));

	/* start 0 and an end */
	beatcmp_opts_default(&o);
	o.start = 0;
	o.end = 350;
	ck_assert_int_eq(beatcmp_run(&o, ref, 5, test, 6, NULL, NULL, &r),
			 CC_OK);
	ck_assert_uint_eq(r.tp, 3);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_uint_eq(r.fp, 2);
	ck_assert_uint_eq(r.nref_in, 4);
	ck_assert_uint_eq(r.ntest_in, 5);
}
END_TEST

START_TEST(test_bxb_invalid)
{
	const double unsorted[] = {2.0, 1.0}, ok[] = {1.0};
	const double bad[] = {NAN};
	struct beatcmp_opts o;
	struct beatcmp_result r;

	ck_assert_int_eq(beatcmp_run(NULL, unsorted, 2, ok, 1, NULL, NULL, &r),
			 CC_EINVAL);
	ck_assert_int_eq(beatcmp_run(NULL, ok, 1, bad, 1, NULL, NULL, &r),
			 CC_EINVAL);
	beatcmp_opts_default(&o);
	o.window = 0;
	ck_assert_int_eq(beatcmp_run(&o, ok, 1, ok, 1, NULL, NULL, &r),
			 CC_EINVAL);
	beatcmp_opts_default(&o);
	o.end = 10; /* before the default start */
	ck_assert_int_eq(beatcmp_run(&o, ok, 1, ok, 1, NULL, NULL, &r),
			 CC_EINVAL);
	/* empty lists are fine */
	ck_assert_int_eq(beatcmp_run(NULL, NULL, 0, NULL, 0, NULL, NULL, &r),
			 CC_OK);
	ck_assert_uint_eq(r.tp + r.fn + r.fp, 0);
}
END_TEST

/* ---- (e) ECGSYN ------------------------------------------------------------
 */

static struct ecgsyn_record *synth(double hr, double noise, uint64_t seed)
{
	struct ecgsyn_params p;
	struct ecgsyn_record *rec;
	char err[256];

	ecgsyn_params_default(&p);
	p.duration = 120;
	p.fs = 250;
	p.hr_mean = hr;
	p.noise = noise;
	p.seed = seed;
	ck_assert_msg(ecgsyn_generate(&p, &rec, err, sizeof(err)) == CC_OK,
		      "%s", err);
	return rec;
}

START_TEST(test_ecgsyn_rates)
{
	static const double rates[] = {60, 120, 180};

	for (size_t k = 0; k < N_ELEM(rates); k++) {
		struct ecgsyn_record *rec = synth(rates[k], 0, 7);
		double rr = 60 / rates[k], mean, lo = INFINITY, hi = -INFINITY;
		size_t maxima = 0, last = 0, expect;

		ck_assert_uint_eq(rec->n, 30000);
		/* mean RR within 1 % of 60 / HR */
		mean = (rec->r_time[rec->npeaks - 1] - rec->r_time[0]) /
		       (double)(rec->npeaks - 1);
		fprintf(stderr,
			"test-ecg: ECGSYN %g bpm: %zu R peaks, mean RR "
			"%.5f s (%+.3f %%)\n",
			rates[k], rec->npeaks, mean, 100 * (mean / rr - 1));
		ck_assert_msg(fabs(mean / rr - 1) <= 0.01, "mean RR %g", mean);
		/* count: one per RR over 120 s, give or take the ends */
		expect = (size_t)lround(120 / rr);
		ck_assert_msg(
		    rec->npeaks + 1 >= expect && rec->npeaks <= expect + 1,
		    "%zu peaks, about %zu expected", rec->npeaks, expect);
		/* independently: the tall local maxima of the signal are the
		 * R peaks, one per reported time, within a sample */
		for (size_t i = 0; i < rec->n; i++) {
			lo = fmin(lo, rec->mv[i]);
			hi = fmax(hi, rec->mv[i]);
		}
		for (size_t i = 1; i + 1 < rec->n; i++) {
			if (rec->mv[i] > 0.8 && rec->mv[i] >= rec->mv[i - 1] &&
			    rec->mv[i] > rec->mv[i + 1]) {
				double t = (double)i / rec->fs;

				ck_assert_uint_lt(maxima, rec->npeaks);
				ck_assert_msg(fabs(t - rec->r_time[maxima]) <=
						  1.0 / rec->fs,
					      "maximum at %g, R at %g", t,
					      rec->r_time[maxima]);
				ck_assert(!maxima || i - last > 50);
				last = i;
				maxima++;
			}
		}
		ck_assert_uint_eq(maxima, rec->npeaks);
		ck_assert_double_eq_tol(lo, -0.4, 1e-9);
		ck_assert_double_eq_tol(hi, 1.2, 1e-9);
		for (size_t i = 1; i < rec->npeaks; i++)
			ck_assert(rec->r_time[i] > rec->r_time[i - 1]);
		ecgsyn_record_free(rec);
	}
}
END_TEST

START_TEST(test_ecgsyn_seed)
{
	struct ecgsyn_record *a = synth(75, 0.05, 11), *b = synth(75, 0.05, 11);
	struct ecgsyn_record *c = synth(75, 0.05, 12);

	ck_assert_uint_eq(a->n, b->n);
	ck_assert_uint_eq(a->npeaks, b->npeaks);
	ck_assert(!memcmp(a->mv, b->mv, a->n * sizeof(*a->mv)));
	ck_assert(!memcmp(a->r_time, b->r_time, a->npeaks * sizeof(double)));
	/* another seed: other RR series, so other beat times and noise */
	ck_assert(c->npeaks != a->npeaks ||
		  memcmp(a->r_time, c->r_time, a->npeaks * sizeof(double)));
	ck_assert(memcmp(a->mv, c->mv, a->n * sizeof(*a->mv)));
	ecgsyn_record_free(a);
	ecgsyn_record_free(b);
	ecgsyn_record_free(c);
}
END_TEST

/* A rate step (80 -> 120 and 80 -> 40 bpm at 20 s, EC13's response-time
 * stimulus): the RR intervals follow the old rate up to the step and the
 * new one from the first beat starting after it; a "change" to the same
 * rate is no change, bit for bit. */
START_TEST(test_ecgsyn_step)
{
	static const double to[] = {120, 40};
	struct ecgsyn_params p;
	struct ecgsyn_record *a, *b;
	char err[256];

	for (size_t k = 0; k < N_ELEM(to); k++) {
		double before = 0, after = 0, last_old = 0;
		size_t nb = 0, na = 0;

		ecgsyn_params_default(&p);
		p.duration = 40;
		p.fs = 360;
		p.hr_mean = 80;
		p.seed = 7;
		p.nchanges = 1;
		p.changes[0] = (struct ecgsyn_rate_change){.at = 20, .hr = to[k]};
		ck_assert_msg(ecgsyn_generate(&p, &a, err, sizeof(err)) == CC_OK, "%s", err);
		for (size_t i = 1; i < a->npeaks; i++) {
			double rr = a->r_time[i] - a->r_time[i - 1];

			if (a->r_time[i] <= 20) {
				before += rr;
				nb++;
				last_old = a->r_time[i];
			} else if (a->r_time[i - 1] >= 20 + 60 / 80.0) {
				/* both ends past the beat straddling the step */
				after += rr;
				na++;
			}
		}
		ck_assert_uint_ge(nb, 20);
		ck_assert_uint_ge(na, 10);
		/* means within 1 % of 60/80 s and 60/to s */
		ck_assert_msg(fabs(before / (double)nb / 0.75 - 1) < 0.01, "before %g",
			      before / (double)nb);
		ck_assert_msg(fabs(after / (double)na / (60 / to[k]) - 1) < 0.01,
			      "after %g", after / (double)na);
		/* the new rate starts within one old RR (and an R wave) of 20 s */
		ck_assert(last_old > 20 - 0.75 - 0.01);
		ecgsyn_record_free(a);
	}
	/* a change to the rate already playing changes nothing */
	ecgsyn_params_default(&p);
	p.duration = 30;
	p.hr_mean = 72;
	p.noise = 0.05;
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_OK);
	p.nchanges = 2;
	p.changes[0] = (struct ecgsyn_rate_change){.at = 10, .hr = 72};
	p.changes[1] = (struct ecgsyn_rate_change){.at = 20, .hr = 72};
	ck_assert_int_eq(ecgsyn_generate(&p, &b, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(a->n, b->n);
	ck_assert_uint_eq(a->npeaks, b->npeaks);
	ck_assert(!memcmp(a->mv, b->mv, a->n * sizeof(*a->mv)));
	ck_assert(!memcmp(a->r_time, b->r_time, a->npeaks * sizeof(double)));
	ecgsyn_record_free(a);
	ecgsyn_record_free(b);
	/* changes out of order, past the end, or to a rate out of range */
	p.changes[1].at = 5;
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "rate change 2 at 5 s"), "%s", err);
	p.changes[1].at = 30;
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_EINVAL);
	p.changes[1].at = 20;
	p.changes[1].hr = 350;
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_EINVAL);
	p.changes[1].hr = 4; /* also under 5 x hr_std */
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_EINVAL);
	p.changes[1].hr = 72;
	p.nchanges = ECGSYN_MAX_CHANGES + 1;
	ck_assert_int_eq(ecgsyn_generate(&p, &a, err, sizeof(err)), CC_EINVAL);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_ecgsyn_params)
{
	struct ecgsyn_params p;
	struct ecgsyn_record *rec;
	char err[256];

	ecgsyn_params_default(&p);
	p.fs = 300;
	p.fs_int = 512; /* not a multiple of 300 */
	ck_assert_int_eq(ecgsyn_generate(&p, &rec, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_ptr_null(rec);
	ck_assert_msg(strstr(err, "integer multiple"), "%s", err);
	ecgsyn_params_default(&p);
	p.hr_mean = 400;
	ck_assert_int_eq(ecgsyn_generate(&p, &rec, err, sizeof(err)),
			 CC_EINVAL);
	ecgsyn_params_default(&p);
	p.duration = 0;
	ck_assert_int_eq(ecgsyn_generate(&p, &rec, err, sizeof(err)),
			 CC_EINVAL);
	ecgsyn_params_default(&p);
	p.hr_std = 20; /* over hr_mean / 5 */
	ck_assert_int_eq(ecgsyn_generate(&p, &rec, err, sizeof(err)),
			 CC_EINVAL);
	/* fs 300: the internal rate becomes 600 Hz by itself */
	ecgsyn_params_default(&p);
	p.fs = 300;
	p.duration = 10;
	ck_assert_int_eq(ecgsyn_generate(&p, &rec, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(rec->n, 3000);
	ck_assert_double_eq(rec->fs, 300);
	ecgsyn_record_free(rec);
	ecgsyn_record_free(NULL);
}
END_TEST

/* ---- (f) Pan-Tompkins ---------------------------------------------------- */

START_TEST(test_qrs_100s)
{
	struct rec100 r;
	struct beatcmp_opts o;
	struct beatcmp_result res;
	double *x, *ref, *det, maxdt = 0;
	size_t nref, ndet;
	long *rm;

	if (!load_100s(&r))
		return;
	x = malloc(r.s->nframes * sizeof(*x));
	for (size_t i = 0; i < r.s->nframes; i++)
		x[i] = wfdb_physical(&r.h->sig[0], r.s->v[i * 2]);
	ck_assert_int_eq(qrs_detect(x, r.s->nframes, r.h->fs, &det, &ndet),
			 CC_OK);
	ck_assert_int_eq(wfdb_ann_beat_times(r.a, r.h->fs, &ref, &nref), CC_OK);
	beatcmp_opts_default(&o);
	o.start = 0; /* a one-minute record */
	rm = malloc(nref * sizeof(*rm));
	ck_assert_int_eq(beatcmp_run(&o, ref, nref, det, ndet, rm, NULL, &res),
			 CC_OK);
	for (size_t i = 0; i < nref; i++)
		if (rm[i] >= 0)
			maxdt = fmax(maxdt, fabs(det[rm[i]] - ref[i]));
	fprintf(stderr,
		"test-ecg: Pan-Tompkins on 100s MLII: %zu beats, "
		"TP %zu FN %zu FP %zu, Se %.4f +P %.4f, max |dt| %.1f ms\n",
		nref, res.tp, res.fn, res.fp, res.se, res.ppv, 1000 * maxdt);
	ck_assert_uint_eq(nref, 74);
	ck_assert_msg(res.se >= 0.99 && res.ppv >= 0.99, "Se %.4f +P %.4f",
		      res.se, res.ppv);
	/* the filter delays are taken out: beats sit on the R peaks */
	ck_assert_msg(maxdt <= 0.02, "max |dt| %g s", maxdt);
	free(rm);

	/* streaming in odd chunks gives exactly the batch result */
	{
		static const size_t chunks[] = {1, 7, 1000, 21600};

		for (size_t c = 0; c < N_ELEM(chunks); c++) {
			struct qrs_det *d;
			const double *b;
			size_t nb;

			ck_assert_int_eq(qrs_new(r.h->fs, &d), CC_OK);
			for (size_t i = 0; i < r.s->nframes; i += chunks[c]) {
				size_t k = r.s->nframes - i < chunks[c]
					       ? r.s->nframes - i
					       : chunks[c];

				ck_assert_int_eq(qrs_feed(d, x + i, k), CC_OK);
			}
			ck_assert_int_eq(qrs_finish(d), CC_OK);
			b = qrs_beats(d, &nb);
			ck_assert_uint_eq(nb, ndet);
			for (size_t i = 0; i < nb; i++)
				ck_assert_double_eq(b[i], det[i]);
			qrs_free(d);
		}
	}
	free(x);
	free(ref);
	free(det);
	free_100s(&r);
}
END_TEST

/* A test signal at 250 Hz: Gaussian R waves (SD 12 ms) at the given times
 * and amplitudes, each with a T wave (SD 40 ms) 300 ms later. */
static double *spikes(size_t n, const double *at, const double *amp,
		      size_t nbeats, double tamp)
{
	double *x = calloc(n, sizeof(*x));

	for (size_t i = 0; i < n; i++) {
		double t = (double)i / 250;

		for (size_t k = 0; k < nbeats; k++) {
			double dr = (t - at[k]) / 0.012;
			double dt = (t - at[k] - 0.3) / 0.040;

			x[i] += amp[k] * exp(-0.5 * dr * dr) +
				tamp * exp(-0.5 * dt * dt);
		}
	}
	return x;
}

static void expect_beats(const double *x, size_t n, const double *at,
			 size_t nbeats)
{
	double *b;
	size_t nb;

	ck_assert_int_eq(qrs_detect(x, n, 250, &b, &nb), CC_OK);
	ck_assert_uint_eq(nb, nbeats);
	for (size_t k = 0; k < nb; k++)
		ck_assert_msg(fabs(b[k] - at[k]) <= 0.02,
			      "beat %zu at %g, R at %g", k, b[k], at[k]);
	free(b);
}

START_TEST(test_qrs_rules)
{
	double at[30], amp[30], *x;
	size_t n = 30 * 250;

	for (size_t k = 0; k < 30; k++) {
		at[k] = 0.5 + (double)k;
		amp[k] = 1;
	}
	/* T waves as tall as the R waves: the slope rule keeps them out */
	x = spikes(n, at, amp, 30, 1.0);
	expect_beats(x, n, at, 30);
	free(x);

	/* one small beat (integrated peak 0.18 of the others, under
	 * THRESHOLD1): searchback finds it after 1.66 RR */
	amp[20] = 0.42;
	x = spikes(n, at, amp, 30, 0);
	expect_beats(x, n, at, 30);
	free(x);

	/* a beat 40 ms before the end of the signal is still found */
	amp[20] = 1;
	at[29] = 29.96;
	x = spikes(n, at, amp, 30, 0);
	expect_beats(x, n, at, 30);
	free(x);
}
END_TEST

START_TEST(test_qrs_edges)
{
	struct qrs_det *d;
	double flat[1000], *t, bad = NAN;
	size_t n;

	ck_assert_int_eq(qrs_new(99, &d), CC_EINVAL);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(qrs_new(NAN, &d), CC_EINVAL);
	qrs_free(NULL);
	for (size_t i = 0; i < N_ELEM(flat); i++)
		flat[i] = 1.5;
	ck_assert_int_eq(qrs_detect(flat, N_ELEM(flat), 250, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(qrs_detect(flat, 0, 250, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(qrs_new(250, &d), CC_OK);
	ck_assert_int_eq(qrs_feed(d, &bad, 1), CC_EINVAL);
	ck_assert_int_eq(qrs_finish(d), CC_OK);
	ck_assert_int_eq(qrs_feed(d, flat, 1), CC_EINVAL); /* after finish */
	ck_assert_int_eq(qrs_finish(d), CC_EINVAL);
	qrs_free(d);
}
END_TEST

/* Pan-Tompkins finds ECGSYN's known R peaks through noise. The comparison
 * stops 0.2 s before the end: an R peak just after the last sample shows
 * only its upstroke, which the detector may report but ECGSYN does not. */
START_TEST(test_qrs_ecgsyn)
{
	static const double rates[] = {60, 120, 180};

	for (size_t k = 0; k < N_ELEM(rates); k++) {
		struct ecgsyn_record *rec = synth(rates[k], 0.1, 3);
		struct beatcmp_opts o;
		struct beatcmp_result r;
		double *det, maxdt = 0;
		size_t ndet;
		long *rm = malloc(rec->npeaks * sizeof(*rm));

		ck_assert_int_eq(
		    qrs_detect(rec->mv, rec->n, rec->fs, &det, &ndet), CC_OK);
		beatcmp_opts_default(&o);
		o.start = 0;
		o.end = (double)rec->n / rec->fs - 0.2;
		ck_assert_int_eq(beatcmp_run(&o, rec->r_time, rec->npeaks, det,
					     ndet, rm, NULL, &r),
				 CC_OK);
		for (size_t i = 0; i < rec->npeaks; i++)
			if (rm[i] >= 0)
				maxdt = fmax(maxdt,
					     fabs(det[rm[i]] - rec->r_time[i]));
		fprintf(stderr,
			"test-ecg: Pan-Tompkins on ECGSYN %g bpm, "
			"noise 0.1 mV: TP %zu FN %zu FP %zu, Se %.4f +P %.4f, "
			"max |dt| %.1f ms\n",
			rates[k], r.tp, r.fn, r.fp, r.se, r.ppv, 1000 * maxdt);
		ck_assert_msg(maxdt <= 0.02, "max |dt| %g s", maxdt);
		free(rm);
		ck_assert_uint_ge(r.tp, 100);
		ck_assert_msg(r.se >= 0.99 && r.ppv >= 0.99, "Se %.4f +P %.4f",
			      r.se, r.ppv);
		free(det);
		ecgsyn_record_free(rec);
	}
}
END_TEST

Suite *suite_ecg(void)
{
	Suite *s = suite_create("ecg");
	TCase *wfdb = tcase_create("wfdb");
	TCase *bxb = tcase_create("beatcmp");
	TCase *syn = tcase_create("ecgsyn");
	TCase *det = tcase_create("qrs");

	tcase_add_test(wfdb, test_212_decode);
	tcase_add_test(wfdb, test_header_parse);
	tcase_add_test(wfdb, test_header_errors);
	tcase_add_test(wfdb, test_samples_files);
	tcase_add_test(wfdb, test_ann_parse);
	tcase_add_test(wfdb, test_ann_errors);
	tcase_add_test(wfdb, test_ann_garbage);
	tcase_add_test(wfdb, test_beat_codes);
	tcase_add_test(wfdb, test_record_100s);
	tcase_add_test(wfdb, test_record_damaged);
	tcase_add_test(bxb, test_bxb_window);
	tcase_add_test(bxb, test_bxb_once);
	tcase_add_test(bxb, test_bxb_interval);
	tcase_add_test(bxb, test_bxb_invalid);
	tcase_add_test(syn, test_ecgsyn_rates);
	tcase_add_test(syn, test_ecgsyn_seed);
	tcase_add_test(syn, test_ecgsyn_params);
	tcase_add_test(syn, test_ecgsyn_step);
	tcase_add_test(det, test_qrs_100s);
	tcase_add_test(det, test_qrs_rules);
	tcase_add_test(det, test_qrs_edges);
	tcase_add_test(det, test_qrs_ecgsyn);
	suite_add_tcase(s, wfdb);
	suite_add_tcase(s, bxb);
	suite_add_tcase(s, syn);
	suite_add_tcase(s, det);
	return s;
}
