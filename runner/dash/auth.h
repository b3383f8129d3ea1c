/* SPDX-License-Identifier: MIT */
/*
 * Lab accounts for the dashboard: who may read it when it is not open to
 * all. An accounts file holds one "USER scrypt$LOGN$R$P$SALT$HASH" line
 * per account (OpenSSL's scrypt, a random 16-byte salt, hex; written by
 * `carecert passwd`); passwords themselves are never stored. A login
 * makes a session: a random 32-byte token in a cookie (HttpOnly,
 * SameSite=Strict, Secure over TLS), kept in memory for
 * DASH_SESSION_HOURS, ended by logging out or by the server stopping.
 *
 * Errors: CC_EINVAL with file:line: message for a malformed file;
 * CC_ESYS when OpenSSL fails.
 */
#ifndef CARECERT_DASH_AUTH_H
#define CARECERT_DASH_AUTH_H

#include <stdbool.h>
#include <stddef.h>

/* scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s a guess). */
#define DASH_SCRYPT_LOGN 15
#define DASH_SCRYPT_R 8
#define DASH_SCRYPT_P 1
#define DASH_MAX_ACCOUNTS 256
#define DASH_MAX_SESSIONS 256
#define DASH_SESSION_HOURS 8
#define DASH_SESSION_COOKIE "carecert_session"

struct dash_auth;

int dash_auth_load(const char *path, struct dash_auth **out, char *err, size_t errlen);
void dash_auth_free(struct dash_auth *a);

/* Add or replace user's line in the accounts file (made mode 0600). */
int dash_auth_set_password(const char *path, const char *user, const char *password, char *err,
			   size_t errlen);

/* A new session for user/password: token (64 hex digits) on success. */
bool dash_auth_login(struct dash_auth *a, const char *user, const char *password,
		     char token[65]);
/* The session of a Cookie header's carecert_session, if it is live; user
 * gets its account name. */
bool dash_auth_session(struct dash_auth *a, const char *cookie_header, char *user,
		       size_t userlen);
void dash_auth_logout(struct dash_auth *a, const char *cookie_header);

#endif
