/* SPDX-License-Identifier: MIT */
/*
 * Framers: cut received bytes into protocol frames, with no I/O.
 *
 * Like libsigrok's packet_valid(), a framer looks at the unconsumed bytes
 * and answers FRAME_NEED_MORE, FRAME_OK (a whole frame at the front) or
 * FRAME_INVALID (the front of the buffer cannot be a good frame; `problem`
 * says why and `consumed` how many bytes to drop to move past it).
 *
 * Two kinds:
 *  - text lines: [prefix] body [sep checksum-hex] terminator, e.g. NMEA-like
 *    "$ID*1F\r\n" (prefix "$", sep '*', XOR-8 as two hex digits);
 *  - binary frames: header bytes, a length field, a trailing checksum.
 *
 * Strictness is the point: bytes before the prefix or header are not skipped
 * silently but reported (FRAME_INVALID, "N stray bytes before frame"), since
 * a device that sends garbage fails conformance.
 */
#ifndef CARECERT_FRAMER_H
#define CARECERT_FRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "transport/checksum.h"

enum frame_status {
	FRAME_INVALID = -1,
	FRAME_NEED_MORE = 0,
	FRAME_OK = 1,
};

#define FRAME_PROBLEM_MAX 160

/* ---- text lines ---- */

struct line_format {
	char prefix[8];     /* "" when lines have no start marker */
	char terminator[4]; /* e.g. "\r\n"; never empty */
	enum checksum_algo checksum; /* NONE, or an 8-bit algo over the body */
	char checksum_sep;  /* e.g. '*'; used only with a checksum */
	size_t max_len;     /* longest line including terminator */
};

struct line_frame {
	size_t consumed;  /* bytes of the input this frame (or bad run) takes */
	size_t body_off;  /* body: between prefix and sep/terminator */
	size_t body_len;
	uint32_t checksum_frame;    /* as written in the frame */
	uint32_t checksum_computed; /* over the body */
	char problem[FRAME_PROBLEM_MAX]; /* set when FRAME_INVALID */
};

/* Look for one line at the front of p[0..n). */
enum frame_status line_frame(const struct line_format *f, const uint8_t *p,
			     size_t n, struct line_frame *out);

/* Append prefix, body, separator and checksum, terminator to out. */
int line_encode(const struct line_format *f, const char *body, struct buf *out)
	__attribute__((warn_unused_result));

/* ---- binary frames ---- */

struct bin_format {
	uint8_t header[8];
	size_t header_len;   /* 0..8 */
	size_t len_offset;   /* where the length field starts */
	size_t len_size;     /* 1, 2 or 4 bytes */
	bool len_big_endian;
	long len_adjust;     /* total frame length = length value + len_adjust */
	enum checksum_algo checksum; /* stored in the last bytes of the frame */
	size_t checksum_from;        /* first byte covered by the checksum */
	bool checksum_big_endian;
	size_t min_len;      /* shortest acceptable total length */
	size_t max_len;      /* longest acceptable total length */
};

struct bin_frame {
	size_t consumed;         /* on FRAME_OK: the frame's total length */
	uint32_t declared_len;   /* value of the length field */
	uint32_t checksum_frame;
	uint32_t checksum_computed;
	char problem[FRAME_PROBLEM_MAX];
};

enum frame_status bin_frame(const struct bin_format *f, const uint8_t *p,
			    size_t n, struct bin_frame *out);

/* Field types for reading values out of a binary frame. */
enum field_type {
	FIELD_U8, FIELD_I8,
	FIELD_U16LE, FIELD_U16BE, FIELD_I16LE, FIELD_I16BE,
	FIELD_U32LE, FIELD_U32BE, FIELD_I32LE, FIELD_I32BE,
};

/* "u8", "i8", "u16le", "u16be", "i16le", ... Returns CC_OK or CC_ENOTFOUND. */
int field_type_from_name(const char *name, enum field_type *out);
size_t field_type_size(enum field_type t);
/* Read a field at offset; CC_EINVAL when it does not fit in p[0..n). */
int field_read(const uint8_t *p, size_t n, size_t offset, enum field_type t,
	       int64_t *out);

#endif
