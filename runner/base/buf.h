/* SPDX-License-Identifier: MIT */
/*
 * struct buf: a growable byte buffer with a hard cap (like curl's dynbuf)
 * and strbuf's invariants: once anything was appended, data is NUL-terminated
 * one byte past len, so text can be read as a C string; buf_str() is always
 * safe. The buffer owns data; buf_release() frees it and leaves the buffer
 * empty and reusable.
 */
#ifndef CARECERT_BUF_H
#define CARECERT_BUF_H

#include <stddef.h>
#include <stdint.h>

/* Caps, named so that every limit in the code is findable. */
#define BUF_MAX_FRAME (64u * 1024u)        /* one protocol frame */
#define BUF_MAX_RX (1024u * 1024u)         /* unconsumed received bytes */
#define BUF_MAX_TEXT (16u * 1024u * 1024u) /* generated documents */

struct buf {
	uint8_t *data; /* NULL until the first append */
	size_t len;
	size_t alloc;
	size_t max; /* appends that would pass this fail with CC_ETOOBIG */
};

void buf_init(struct buf *b, size_t max);

/* Append; on CC_ETOOBIG or CC_ENOMEM the buffer is left unchanged. */
int buf_append(struct buf *b, const void *p, size_t n)
	__attribute__((warn_unused_result));
int buf_append_str(struct buf *b, const char *s)
	__attribute__((warn_unused_result));
int buf_appendf(struct buf *b, const char *fmt, ...)
	__attribute__((warn_unused_result, format(printf, 2, 3)));

/* Drop the first n bytes (all if n >= len). */
void buf_consume(struct buf *b, size_t n);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Free the memory; the buffer is empty and reusable afterwards. */
void buf_release(struct buf *b);
/* Hand the memory to the caller (never NULL; "" when empty); buffer is reset. */
char *buf_detach(struct buf *b, size_t *len);
/* Contents as a C string; "" when nothing was appended. */
const char *buf_str(const struct buf *b);

#endif
