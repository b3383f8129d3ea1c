/* SPDX-License-Identifier: MIT */
/*
 * Serial framers (transport/framer.c): text lines and binary frames, cut
 * from a received byte stream as the executor does (take a frame off the
 * front, drop what was consumed, go on until more bytes are needed).
 *
 * Input: a format, then the stream. The format is read from the first
 * bytes within the ranges the suite loader accepts (core/suite.c), so any
 * format here is one a suite could declare:
 *   byte 0 bit 0: 0 text lines, 1 binary frames
 *   lines:  prefix length (0..7) and bytes, terminator length (1..3) and
 *           bytes (no NUL: the loader copies C strings), checksum, separator,
 *           max_length (u16le, 4..)
 *   frames: header length (0..8) and bytes, length offset (u16le, 0..1024),
 *           a byte of size (bits 0-1: 1, 2, 4) and endianness (bit 2:
 *           length big-endian, bit 3: checksum big-endian), adjust (u16le,
 *           -1024..1024), checksum, checksum from (u16le, 0..1024),
 *           min_length (u16le, 0: none), max_length (u16le, 0: 1024)
 * Generated seeds: the line format and frame formats of every suite in
 * suites/, each with well-formed and damaged traffic.
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/suite.h"
#include "fuzz.h"
#include "transport/framer.h"

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct rd *r)
{
	uint8_t v = 0;

	if (r->n) {
		v = *r->p++;
		r->n--;
	}
	return v;
}

static uint16_t u16(struct rd *r)
{
	uint16_t lo = u8(r);

	return (uint16_t)(lo | u8(r) << 8);
}

/* A C string of 0..max bytes, no NUL. */
static void cstr(struct rd *r, char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = u8(r);

		out[i] = (char)(c ? c : 1);
	}
	out[len] = 0;
}

static void read_line_format(struct rd *r, struct line_format *f)
{
	memset(f, 0, sizeof(*f));
	cstr(r, f->prefix, u8(r) % sizeof(f->prefix));
	cstr(r, f->terminator, 1 + u8(r) % (sizeof(f->terminator) - 1));
	f->checksum = (enum checksum_algo)(u8(r) % CHECKSUM_COUNT);
	f->checksum_sep = (char)u8(r);
	if (f->checksum && !f->checksum_sep)
		f->checksum_sep = '*'; /* the loader requires one */
	f->max_len = u16(r);
	if (f->max_len < 4)
		f->max_len = 4;
}

static void read_bin_format(struct rd *r, struct bin_format *f)
{
	static const size_t sizes[] = {1, 2, 4, 1};
	uint8_t b;

	memset(f, 0, sizeof(*f));
	f->header_len = u8(r) % (sizeof(f->header) + 1);
	for (size_t i = 0; i < f->header_len; i++)
		f->header[i] = u8(r);
	f->len_offset = u16(r) % 1025;
	b = u8(r);
	f->len_size = sizes[b & 3];
	f->len_big_endian = b & 4;
	f->checksum_big_endian = b & 8;
	f->len_adjust = (long)(u16(r) % 2049) - 1024;
	f->checksum = (enum checksum_algo)(u8(r) % CHECKSUM_COUNT);
	f->checksum_from = u16(r) % 1025;
	f->min_len = u16(r);
	f->max_len = u16(r);
	if (!f->max_len)
		f->max_len = 1024;
}

static void check_problem(const char *problem, int st)
{
	size_t len = strnlen(problem, FRAME_PROBLEM_MAX);

	fuzz_assert(len < FRAME_PROBLEM_MAX);
	fuzz_assert(st != FRAME_INVALID || len > 0);
}

static void run_lines(const struct line_format *f, const uint8_t *p, size_t n)
{
	while (n) {
		struct line_frame lf;
		int st = line_frame(f, p, n, &lf);

		fuzz_assert(st == FRAME_OK || st == FRAME_INVALID ||
			    st == FRAME_NEED_MORE);
		check_problem(lf.problem, st);
		if (st == FRAME_NEED_MORE)
			break;
		/* progress, and never past what is there */
		fuzz_assert(lf.consumed > 0 && lf.consumed <= n);
		if (st == FRAME_OK) {
			char *body;

			fuzz_assert(lf.body_off + lf.body_len <= lf.consumed);
			/* max_len: the longest line, terminator included */
			fuzz_assert(lf.consumed <= f->max_len);
			body =
			    strndup((const char *)p + lf.body_off, lf.body_len);
			fuzz_assert(body);
			free(body);
		}
		p += lf.consumed;
		n -= lf.consumed;
	}
}

static void run_frames(const struct bin_format *f, const uint8_t *p, size_t n)
{
	size_t cs = checksum_size(f->checksum);

	while (n) {
		struct bin_frame bf;
		int st = bin_frame(f, p, n, &bf);

		fuzz_assert(st == FRAME_OK || st == FRAME_INVALID ||
			    st == FRAME_NEED_MORE);
		check_problem(bf.problem, st);
		if (st == FRAME_NEED_MORE)
			break;
		fuzz_assert(bf.consumed > 0 && bf.consumed <= n);
		if (st == FRAME_OK) {
			fuzz_assert(bf.consumed >= f->header_len);
			fuzz_assert(bf.consumed >=
				    f->len_offset + f->len_size + cs);
			fuzz_assert(!f->min_len || bf.consumed >= f->min_len);
			fuzz_assert(!f->max_len || bf.consumed <= f->max_len);
			fuzz_assert(!memcmp(p, f->header, f->header_len));
			/* the fields a suite may declare, anywhere in the frame
			 */
			for (size_t off = 0; off < bf.consumed + 4 && off < 64;
			     off++)
				for (int t = FIELD_U8; t <= FIELD_I32BE; t++) {
					int64_t v;
					int rc =
					    field_read(p, bf.consumed, off,
						       (enum field_type)t, &v);

					fuzz_assert(
					    !rc ==
					    (off + field_type_size(
						       (enum field_type)t) <=
					     bf.consumed));
				}
		}
		p += bf.consumed;
		n -= bf.consumed;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = {data, size};
	uint8_t mode = u8(&r);
	uint8_t *copy;

	if (mode & 1) {
		struct bin_format f;

		read_bin_format(&r, &f);
		copy = (uint8_t *)fuzz_strndup(r.p,
					       r.n); /* exact bounds for ASan */
		run_frames(&f, copy, r.n);
	} else {
		struct line_format f;

		read_line_format(&r, &f);
		copy = (uint8_t *)fuzz_strndup(r.p, r.n);
		run_lines(&f, copy, r.n);
	}
	free(copy);
	return 0;
}

/* ---- seeds ---- */

static void put(struct buf *b, const void *p, size_t n)
{
	fuzz_assert(!buf_append(b, p, n));
}

static void put16(struct buf *b, size_t v)
{
	uint8_t le[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	put(b, le, 2);
}

static void put_uint(uint8_t *p, size_t size, uint32_t v, bool big)
{
	for (size_t i = 0; i < size; i++)
		p[big ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static void line_seeds(const char *name, const struct line_format *f)
{
	static const char *const bodies[] = {
	    "ID",	  "ID,Acme,BP-1,1.0.3,SN0001",
	    "STAT?",	  "STAT,87,IDLE,3",
	    "CUFF,142",	  "RES,121,79,93,72,mmHg",
	    "ERR,SYNTAX", ""};
	struct buf b;
	char file[PATH_MAX];
	uint8_t zero = 0;

	buf_init(&b, BUF_MAX_FRAME);
	put(&b, &zero, 1);
	put(&b, (uint8_t[]){(uint8_t)strlen(f->prefix)}, 1);
	put(&b, f->prefix, strlen(f->prefix));
	put(&b, (uint8_t[]){(uint8_t)(strlen(f->terminator) - 1)}, 1);
	put(&b, f->terminator, strlen(f->terminator));
	put(&b, (uint8_t[]){(uint8_t)f->checksum, (uint8_t)f->checksum_sep}, 2);
	put16(&b, f->max_len);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		fuzz_assert(!line_encode(f, bodies[i], &b));
	snprintf(file, sizeof(file), "gen-%s-lines", name);
	fuzz_seed(file, b.data, b.len);
	put(&b, "\x13garbage", 8); /* stray bytes, a cut line */
	fuzz_assert(!line_encode(f, "ID,Acme", &b));
	b.len -= 3;
	snprintf(file, sizeof(file), "gen-%s-lines-damaged", name);
	fuzz_seed(file, b.data, b.len);
	buf_release(&b);
}

static void frame_seeds(const char *name, const struct frame_def *fd)
{
	static const size_t sizes[] = {1, 2, 4};
	const struct bin_format *f = &fd->fmt;
	size_t cs = checksum_size(f->checksum),
	       hdr = f->len_offset + f->len_size;
	size_t total = hdr + cs + 16, si = 0;
	char file[PATH_MAX];
	uint8_t frame[BUF_MAX_FRAME];
	struct buf b;

	if (f->min_len > total)
		total = f->min_len;
	if (f->max_len && total > f->max_len)
		total = f->max_len;
	if (total < f->header_len || total > sizeof(frame) ||
	    (long)total < f->len_adjust)
		return;
	while (sizes[si] != f->len_size)
		si++;
	buf_init(&b, BUF_MAX_FRAME);
	put(&b, (uint8_t[]){1, (uint8_t)f->header_len}, 2);
	put(&b, f->header, f->header_len);
	put16(&b, f->len_offset);
	put(&b,
	    (uint8_t[]){(uint8_t)(si | (f->len_big_endian ? 4 : 0) |
				  (f->checksum_big_endian ? 8 : 0))},
	    1);
	put16(&b, (size_t)(f->len_adjust + 1024));
	put(&b, (uint8_t[]){(uint8_t)f->checksum}, 1);
	put16(&b, f->checksum_from);
	put16(&b, f->min_len);
	put16(&b, f->max_len);
	for (size_t i = 0; i < total; i++)
		frame[i] = (uint8_t)(0x20 + i);
	memcpy(frame, f->header, f->header_len);
	put_uint(frame + f->len_offset, f->len_size,
		 (uint32_t)((long)total - f->len_adjust), f->len_big_endian);
	if (cs && f->checksum_from < total - cs)
		put_uint(frame + total - cs, cs,
			 checksum_compute(f->checksum, frame + f->checksum_from,
					  total - cs - f->checksum_from),
			 f->checksum_big_endian);
	put(&b, frame, total);
	put(&b, frame, total);
	snprintf(file, sizeof(file), "gen-%s-%s", name, fd->name);
	fuzz_seed(file, b.data, b.len);
	frame[total - 1] ^= 0x5A; /* a bad checksum, stray bytes, a cut frame */
	put(&b, frame, total);
	put(&b, "\x00\x01", 2);
	put(&b, frame, total / 2);
	snprintf(file, sizeof(file), "gen-%s-%s-damaged", name, fd->name);
	fuzz_seed(file, b.data, b.len);
	buf_release(&b);
}

static void generate(void)
{
	char pat[PATH_MAX];
	glob_t gl;

	snprintf(pat, sizeof(pat), "%s/suites/*.yaml", fuzz_top());
	if (glob(pat, 0, NULL, &gl))
		return;
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		struct diag d;
		struct suite *s;

		diag_init(&d);
		s = suite_load(gl.gl_pathv[i], &d);
		diag_release(&d);
		if (!s)
			continue;
		if (!strcmp(s->transport, "serial"))
			line_seeds(s->id, &s->line);
		for (size_t k = 0; k < s->nframes; k++)
			frame_seeds(s->id, &s->frames[k]);
		suite_free(s);
	}
	globfree(&gl);
}

const struct fuzz_harness fuzz_harness = {.name = "framer",
					  .generate = generate};
