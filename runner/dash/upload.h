/* SPDX-License-Identifier: MIT */
/*
 * The dashboard's one write: a bench pushes a catalogue package (carecert
 * submit: sealed runs, sealed as a whole) to POST /api/import with a
 * bearer token; the package is verified offline (its seal by the lab's
 * key) and each run imported as `carecert store add --require-seal` would.
 * Browsers never write.
 *
 * Tokens: a file of "NAME SHA256HEX" lines, the hex SHA-256 of each
 * bench's token (the tokens themselves are not kept on the server);
 * '#' starts a comment. A presented token is hashed and compared in
 * constant time.
 */
#ifndef CARECERT_DASH_UPLOAD_H
#define CARECERT_DASH_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "store/store.h"

/* The largest package accepted (bytes of the upload). */
#define DASH_MAX_UPLOAD (256u * 1024u * 1024u)
#define DASH_MAX_TOKENS 256

struct dash_tokens;

/* CC_EINVAL with file:line: message for a malformed line. */
int dash_tokens_load(const char *path, struct dash_tokens **out, char *err, size_t errlen);
void dash_tokens_free(struct dash_tokens *t);
/* The "Authorization" header's bearer token is one of them; name gets
 * the bench's name. */
bool dash_tokens_check(const struct dash_tokens *t, const char *authorization, char *name,
		       size_t namelen);

/* Verify the package at tar (its seal by pubkey) and import its runs.
 * *status: 200 imported (body: JSON with each run's key and whether it was
 * already there), 422 refused (body: JSON with why; the store unchanged
 * by this package), 500 the store failed. */
void dash_import_package(struct store *s, const char *tar, const char *pubkey,
			 const char *bench, int *status, struct buf *body);

#endif
