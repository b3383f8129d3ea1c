/* SPDX-License-Identifier: MIT */
/*
 * Writing HTML into a struct buf: text and attribute values escaped, and
 * made valid UTF-8 without control characters whatever the record holds
 * (device bytes end up in evidence), so the document always parses.
 *
 * Every function appends to the buffer and returns CC_OK, CC_ETOOBIG or
 * CC_ENOMEM (the buffer's own errors); on error the buffer may hold part of
 * the text, and the caller is expected to give the document up.
 */
#ifndef CARECERT_HTML_H
#define CARECERT_HTML_H

#include "base/buf.h"

/* s escaped for text and for double-quoted attribute values (& < > " ');
 * NULL appends nothing. Invalid UTF-8 and C0 controls other than tab and
 * newline become U+FFFD. */
int html_esc(struct buf *b, const char *s) __attribute__((warn_unused_result));

/* printf, then escape the result. */
int html_escf(struct buf *b, const char *fmt, ...)
    __attribute__((warn_unused_result, format(printf, 2, 3)));

/* <tag class="cls">text</tag>; cls may be NULL. */
int html_elem(struct buf *b, const char *tag, const char *cls, const char *text)
    __attribute__((warn_unused_result));

/* Base64 (RFC 4648, with padding) of n bytes. */
int html_base64(struct buf *b, const void *data, size_t n)
    __attribute__((warn_unused_result));

#endif
