/* SPDX-License-Identifier: MIT */
/*
 * carecert serve: the dashboard over HTTP (libmicrohttpd, one thread, so
 * the store's one connection is never shared). Plain HTTP only on a
 * loopback address; any other address needs TLS (a lab certificate and
 * its key, PEM). Pages are GETs; the one write is a bench's sealed
 * package pushed with a token (upload.h), when the server is given tokens.
 *
 * Errors: CC_EINVAL (a bad listen address, plain HTTP off loopback, an
 * unreadable certificate) or CC_EIO (the port could not be bound), with a
 * message in err.
 */
#ifndef CARECERT_DASH_SERVE_H
#define CARECERT_DASH_SERVE_H

#include <stddef.h>

#include "store/store.h"

/* Connections served at once, and how long an idle one is kept. */
#define DASH_MAX_CONNECTIONS 64
#define DASH_IDLE_TIMEOUT_S 10

struct dash_server;

struct dash_server_opts {
	const char *listen;   /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	/* POST /api/import (upload.h): bench tokens and the key a pushed
	 * package must be sealed by; both or neither (NULL: no endpoint) */
	const char *import_tokens;
	const char *import_pubkey;
	/* lab accounts (auth.h): pages need a signed-in session; NULL: open */
	const char *accounts;
};

/* Start serving s (borrowed: it must outlive the server). */
int dash_server_start(struct store *s, const struct dash_server_opts *o,
		      struct dash_server **out, char *err, size_t errlen);
/* The port bound (useful after port 0). */
unsigned dash_server_port(const struct dash_server *d);
/* "http" or "https" */
const char *dash_server_scheme(const struct dash_server *d);
void dash_server_stop(struct dash_server *d); /* NULL-safe */

#endif
