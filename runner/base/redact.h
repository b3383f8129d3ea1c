/* SPDX-License-Identifier: MIT */
/*
 * Secrets kept out of what carecert shows and records. A secret is a
 * profile value marked so (a parameter named like a password or a token,
 * or any value read from env: or file:, docs/profiles.md) or a credential
 * a protocol carries (an HTTP Authorization or cookie header, a JSON member
 * or form field named like a secret). The traffic log keeps the raw frames
 * as evidence; the terminal (--verbose) and the record get masked copies.
 *
 * Secret values shorter than REDACT_MIN_LEN are not searched for in free
 * text (masking every "abc" would ruin the record, and such a secret
 * protects nothing); where carecert knows a value is secret (a profile
 * parameter in the record) it is masked whatever its length.
 */
#ifndef CARECERT_REDACT_H
#define CARECERT_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define REDACT_MASK "***"
#define REDACT_MIN_LEN 4

/* A name that says its value is secret: password, passphrase, passwd,
 * secret, token, or one ending in _password, _secret, _token (any case),
 * e.g. access_token. name is len bytes, not necessarily NUL-terminated. */
bool redact_secret_name(const char *name, size_t len);

/* p with every occurrence of each value of secrets (NULL-terminated, may
 * be NULL) replaced by REDACT_MASK, appended to out. With credentials,
 * also the values of Authorization, Proxy-Authorization, Cookie and
 * Set-Cookie header lines, of JSON string members and of form/query fields
 * whose names are secret names. Returns CC_OK or buf's error (out then
 * holds a prefix). */
int redact_bytes(const uint8_t *p, size_t n, char *const *secrets, bool credentials,
		 struct buf *out) __attribute__((warn_unused_result));

/* A malloc'd copy of s with every secret value masked; NULL on out of
 * memory. */
char *redact_str(const char *s, char *const *secrets);
/* Whether s holds one of the secret values. */
bool redact_contains(const char *s, char *const *secrets);

#endif
