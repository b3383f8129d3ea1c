/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. Device strings are checked
 * with it, and every string that reaches the record is made valid by it,
 * so result.json is always valid JSON text and valid UTF-8 whatever a
 * device sent. No allocation except utf8_repair; no I/O.
 */
#ifndef CARECERT_UTF8_H
#define CARECERT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid sequence at p (n bytes available), or 0 when
 * the bytes there are not a valid UTF-8 sequence (or n is 0). */
size_t utf8_seq_len(const uint8_t *p, size_t n);

/* Offset of the first byte that is not part of a valid sequence, or n when
 * all n bytes are valid UTF-8. */
size_t utf8_check(const uint8_t *p, size_t n);

/* Printable text of n device bytes in out (cap >= 1 bytes, always
 * NUL-terminated, always valid UTF-8): valid sequences are copied, every
 * other byte (and NUL) is written as the four characters \xNN. Cut at a
 * character boundary when out is full. Returns true when nothing had to be
 * escaped or cut. */
bool utf8_escape(const uint8_t *p, size_t n, char *out, size_t cap);

/* Whether the NUL-terminated string s is valid UTF-8. */
bool utf8_valid_str(const char *s);

/* A malloc'd copy of s with every byte that is not part of a valid
 * sequence replaced by U+FFFD; NULL when out of memory. */
char *utf8_repair(const char *s);

#endif
