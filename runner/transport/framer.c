/* SPDX-License-Identifier: MIT */
#include "transport/framer.h"
#include "base/err.h"

#include <stdio.h>
#include <string.h>

#define STRAY_QUOTE 8 /* stray bytes quoted in a problem message */

static void quote_hex(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	size_t k = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && i < STRAY_QUOTE && k + 4 < outlen; i++)
		k += (size_t)snprintf(out + k, outlen - k, "%s%02X", i ? " " : "",
				      p[i]);
	if (n > STRAY_QUOTE && k + 4 < outlen)
		snprintf(out + k, outlen - k, " ...");
}

static const uint8_t *find(const uint8_t *hay, size_t n, const void *needle,
			   size_t m)
{
	const uint8_t *p = hay, *last;
	uint8_t first;

	if (!m || m > n)
		return NULL;
	last = hay + (n - m);
	first = *(const uint8_t *)needle;
	/* memchr to each candidate: one memcmp per byte was a tenth of a
	 * serial round trip's own CPU */
	while (p <= last && (p = memchr(p, first, (size_t)(last - p) + 1))) {
		if (!memcmp(p, needle, m))
			return p;
		p++;
	}
	return NULL;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ---- text lines ---- */

static enum frame_status line_invalid(struct line_frame *out, const char *fmt,
				      const char *arg)
{
	snprintf(out->problem, sizeof(out->problem), fmt, arg);
	return FRAME_INVALID;
}

static enum frame_status line_check(const struct line_format *f,
				    const uint8_t *line, size_t len,
				    struct line_frame *out)
{
	size_t plen = strlen(f->prefix), cs_digits, sep;
	uint32_t given = 0;

	if (plen && (len < plen || memcmp(line, f->prefix, plen))) {
		const uint8_t *at = find(line, len, f->prefix, plen);
		char q[64];

		if (!at)
			return line_invalid(out, "missing frame start '%s'", f->prefix);
		quote_hex(q, sizeof(q), line, (size_t)(at - line));
		snprintf(out->problem, sizeof(out->problem),
			 "%zu stray bytes before frame start (%s)",
			 (size_t)(at - line), q);
		return FRAME_INVALID;
	}
	out->body_off = plen;
	out->body_len = len - plen;
	if (f->checksum == CHECKSUM_NONE)
		return FRAME_OK;
	cs_digits = 2 * checksum_size(f->checksum);
	for (sep = len; sep > plen; sep--)
		if (line[sep - 1] == (uint8_t)f->checksum_sep)
			break;
	if (sep == plen || len - sep != cs_digits)
		return line_invalid(out, "malformed checksum field%s", "");
	for (size_t i = sep; i < len; i++) {
		int v = hexval(line[i]);

		if (v < 0)
			return line_invalid(out, "malformed checksum field%s", "");
		given = (given << 4) | (uint32_t)v;
	}
	out->body_len = sep - 1 - plen;
	out->checksum_frame = given;
	out->checksum_computed =
		checksum_compute(f->checksum, line + plen, out->body_len);
	if (given != out->checksum_computed) {
		snprintf(out->problem, sizeof(out->problem),
			 "checksum mismatch: frame says %0*X, computed %0*X",
			 (int)cs_digits, given, (int)cs_digits,
			 out->checksum_computed);
		return FRAME_INVALID;
	}
	return FRAME_OK;
}

enum frame_status line_frame(const struct line_format *f, const uint8_t *p,
			     size_t n, struct line_frame *out)
{
	size_t tlen = strlen(f->terminator);
	const uint8_t *end = find(p, n, f->terminator, tlen);

	memset(out, 0, sizeof(*out));
	if (!n)
		return FRAME_NEED_MORE; /* p may be NULL then */
	if (!end) {
		if (f->max_len && n >= f->max_len) {
			out->consumed = n;
			snprintf(out->problem, sizeof(out->problem),
				 "line longer than %zu bytes", f->max_len);
			return FRAME_INVALID;
		}
		return FRAME_NEED_MORE;
	}
	out->consumed = (size_t)(end - p) + tlen;
	/* as long when it came in one read as when it trickled in */
	if (f->max_len && out->consumed > f->max_len) {
		snprintf(out->problem, sizeof(out->problem),
			 "line longer than %zu bytes", f->max_len);
		return FRAME_INVALID;
	}
	return line_check(f, p, (size_t)(end - p), out);
}

int line_encode(const struct line_format *f, const char *body, struct buf *out)
{
	int rc = buf_append_str(out, f->prefix);

	if (!rc)
		rc = buf_append_str(out, body);
	if (!rc && f->checksum != CHECKSUM_NONE) {
		/* separator and upper-case hex digits by hand (printf was a
		 * tenth of sending a line) */
		static const char hexd[] = "0123456789ABCDEF";
		uint32_t sum = checksum_compute(f->checksum, (const uint8_t *)body, strlen(body));
		size_t digits = 2 * checksum_size(f->checksum);
		char t[1 + 8];

		t[0] = f->checksum_sep;
		for (size_t i = 0; i < digits && i < 8; i++)
			t[digits - i] = hexd[(sum >> (4 * i)) & 15];
		rc = buf_append(out, t, 1 + (digits < 8 ? digits : 8));
	}
	if (!rc)
		rc = buf_append_str(out, f->terminator);
	return rc;
}

/* ---- binary frames ---- */

static uint32_t read_uint(const uint8_t *p, size_t size, bool big)
{
	uint32_t v = 0;

	for (size_t i = 0; i < size; i++)
		v |= (uint32_t)p[big ? i : size - 1 - i] << (8 * (size - 1 - i));
	return v;
}

enum frame_status bin_frame(const struct bin_format *f, const uint8_t *p,
			    size_t n, struct bin_frame *out)
{
	size_t cs = checksum_size(f->checksum), hdr = f->len_offset + f->len_size;
	/* the shortest frame: its header and length field, then its checksum */
	size_t least = (f->header_len > hdr ? f->header_len : hdr) + cs;
	size_t total, k;
	long t;

	memset(out, 0, sizeof(*out));
	if (!n)
		return FRAME_NEED_MORE; /* p may be NULL then */
	/* header: bytes before it are reported, not skipped silently */
	k = n < f->header_len ? n : f->header_len;
	if (memcmp(p, f->header, k)) {
		const uint8_t *at = find(p, n, f->header, f->header_len);
		char q[64];

		out->consumed = at ? (size_t)(at - p) : n;
		quote_hex(q, sizeof(q), p, out->consumed);
		snprintf(out->problem, sizeof(out->problem),
			 "%zu stray bytes before frame header (%s)",
			 out->consumed, q);
		return FRAME_INVALID;
	}
	if (n < f->header_len || n < hdr)
		return FRAME_NEED_MORE;
	out->declared_len = read_uint(p + f->len_offset, f->len_size,
				      f->len_big_endian);
	t = (long)out->declared_len + f->len_adjust;
	if (t < (long)least || (f->min_len && t < (long)f->min_len) ||
	    (f->max_len && t > (long)f->max_len)) {
		out->consumed = f->header_len ? f->header_len : 1;
		snprintf(out->problem, sizeof(out->problem),
			 "declared length %u gives a frame of %ld bytes, outside [%zu, %zu]",
			 out->declared_len, t,
			 f->min_len > least ? f->min_len : least, f->max_len);
		return FRAME_INVALID;
	}
	total = (size_t)t;
	if (n < total)
		return FRAME_NEED_MORE;
	out->consumed = total;
	if (!cs)
		return FRAME_OK;
	if (f->checksum_from > total - cs) {
		snprintf(out->problem, sizeof(out->problem),
			 "checksum range starts at %zu, past the frame's %zu bytes",
			 f->checksum_from, total);
		return FRAME_INVALID;
	}
	out->checksum_frame = read_uint(p + total - cs, cs, f->checksum_big_endian);
	out->checksum_computed = checksum_compute(f->checksum, p + f->checksum_from,
						  total - cs - f->checksum_from);
	if (out->checksum_frame != out->checksum_computed) {
		snprintf(out->problem, sizeof(out->problem),
			 "CRC mismatch (%s): frame says 0x%0*X, computed 0x%0*X over bytes %zu..%zu (declared length %u)",
			 checksum_name(f->checksum), (int)(2 * cs),
			 out->checksum_frame, (int)(2 * cs),
			 out->checksum_computed, f->checksum_from,
			 total - cs - 1, out->declared_len);
		return FRAME_INVALID;
	}
	return FRAME_OK;
}

/* ---- fields ---- */

static const struct {
	const char *name;
	size_t size;
	bool big, sign;
} field_types[] = {
	[FIELD_U8] = { "u8", 1, false, false },
	[FIELD_I8] = { "i8", 1, false, true },
	[FIELD_U16LE] = { "u16le", 2, false, false },
	[FIELD_U16BE] = { "u16be", 2, true, false },
	[FIELD_I16LE] = { "i16le", 2, false, true },
	[FIELD_I16BE] = { "i16be", 2, true, true },
	[FIELD_U32LE] = { "u32le", 4, false, false },
	[FIELD_U32BE] = { "u32be", 4, true, false },
	[FIELD_I32LE] = { "i32le", 4, false, true },
	[FIELD_I32BE] = { "i32be", 4, true, true },
};

int field_type_from_name(const char *name, enum field_type *out)
{
	for (size_t i = 0; i < sizeof(field_types) / sizeof(field_types[0]); i++) {
		if (!strcmp(field_types[i].name, name)) {
			*out = (enum field_type)i;
			return CC_OK;
		}
	}
	return CC_ENOTFOUND;
}

size_t field_type_size(enum field_type t)
{
	return field_types[t].size;
}

int field_read(const uint8_t *p, size_t n, size_t offset, enum field_type t,
	       int64_t *out)
{
	size_t size = field_types[t].size;
	uint32_t v;

	if (offset > n || n - offset < size)
		return CC_EINVAL;
	v = read_uint(p + offset, size, field_types[t].big);
	if (field_types[t].sign) {
		uint32_t sign = 1u << (8 * size - 1);

		*out = (int64_t)(v ^ sign) - (int64_t)sign;
	} else {
		*out = v;
	}
	return CC_OK;
}
