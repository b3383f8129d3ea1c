/* SPDX-License-Identifier: MIT */
/*
 * HTTP(S) exchanges over the http transport (role 1: the DUT serves,
 * carecert calls), with libcurl.
 *
 * The transport (transport-http.c) holds the bench settings: the base URL,
 * the CA bundle, a pinned public key, a client certificate and key for
 * mutual TLS, the minimum and maximum TLS version. http_perform() runs one
 * request with them, never following redirects (a redirect is judged, not
 * taken), and fills a struct http_response whatever happens: `outcome`
 * says whether a response came (HTTP_OUT_RESPONSE) or how the exchange
 * failed (connection refused, TLS handshake failed, timeout, other). The
 * request and the response go to the traffic log as one tx and one rx
 * frame each (capped at HTTP_LOG_MAX bytes, with an event giving the full
 * size), stamped when the request started and when the response ended.
 *
 * Timings are curl's (curl_easy_getinfo), cumulative from the start of the
 * request: name lookup done, TCP connected, TLS handshake done (0 on plain
 * HTTP or a reused connection), first response byte, total.
 *
 * http_load() sends the same request `count` times, `concurrency` at a time
 * on kept-alive connections (curl connects; carecert writes the requests
 * and reads the responses with http/resparse.h, or curl multi does all of
 * it for requests curl must shape), bounded by a deadline, only ever to
 * the transport's own base URL, and reports latencies (sorted), errors and
 * the connections opened again after the server closed one.
 *
 * Errors (return values): CC_ENOTSUP (t is not an open http transport),
 * CC_ENOMEM, CC_EINVAL (a request the transport cannot express). Device
 * misbehaviour is never a return value; it is in the response.
 */
#ifndef CARECERT_HTTP_H
#define CARECERT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "transport/transport.h"

#define HTTP_MAX_BODY (4u * 1024u * 1024u) /* response body kept; the rest is counted */
#define HTTP_MAX_HEADERS (64u * 1024u)
#define HTTP_LOG_MAX (64u * 1024u) /* bytes of one message in the traffic log */
#define HTTP_LOAD_MAX 10000       /* requests of one http_load */
#define HTTP_LOAD_MAX_PARALLEL 16

enum http_outcome {
	HTTP_OUT_RESPONSE, /* a response came (any status) */
	HTTP_OUT_REFUSED,  /* no connection: refused, unreachable, unknown host */
	HTTP_OUT_TLS,      /* TLS handshake or certificate check failed */
	HTTP_OUT_TIMEOUT,  /* no complete response before the deadline */
	HTTP_OUT_ERROR,    /* anything else: reset, garbage, empty reply */
	HTTP_OUT_COUNT
};

/* "response", "connect_failed", "tls_failed", "timeout", "error" */
const char *http_outcome_name(enum http_outcome o);
int http_outcome_from_name(const char *s, enum http_outcome *o);

enum http_tls_version {
	HTTP_TLS_DEFAULT = 0, /* the transport's setting */
	HTTP_TLS_1_0,
	HTTP_TLS_1_1,
	HTTP_TLS_1_2,
	HTTP_TLS_1_3,
};

/* "1.0", "1.1", "1.2", "1.3" (also with a "TLS" or "TLSv" prefix). */
int http_tls_version_parse(const char *s, enum http_tls_version *v);

struct http_request {
	const char *method;   /* GET, POST, PUT, DELETE, HEAD, TRACE, OPTIONS... */
	const char *url;      /* absolute */
	char *const *headers; /* "Name: value", NULL-terminated; may be NULL */
	const uint8_t *body;  /* may be NULL */
	size_t body_len;
	const char *user, *password; /* HTTP basic authentication when user */
	const char *bearer;          /* Authorization: Bearer, when set */
	enum http_tls_version tls_min, tls_max; /* DEFAULT: the transport's */
	int64_t deadline_ns;                    /* absolute, monotonic */
};

struct http_response {
	enum http_outcome outcome;
	char error[256];      /* curl's message when outcome is not a response */
	long status;          /* 0 when no response */
	struct buf headers;   /* the final response's header lines, CRLF-ended */
	struct buf body;      /* at most HTTP_MAX_BODY bytes */
	size_t body_total;    /* bytes received, kept or not */
	char tls_version[16]; /* "TLSv1.3"; "" on plain HTTP or when unknown */
	char tls_cipher[64];
	double dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
	uint64_t tx_seq, rx_seq; /* traffic-log frames (0: not logged) */
};

void http_response_init(struct http_response *r);
/* Free the buffers; r is empty and reusable. NULL-safe. */
void http_response_release(struct http_response *r);
/* The first header of that name (case-insensitive), value trimmed, into
 * out; false when absent. */
bool http_response_header(const struct http_response *r, const char *name,
			  char *out, size_t len);

/* One exchange on an open http transport. */
int http_perform(struct transport *t, const struct http_request *q,
		 struct http_response *r);

/* The transport's base URL without a trailing slash; NULL when t is not
 * an open http transport. */
const char *http_base_url(struct transport *t);

struct http_load_result {
	size_t sent, completed; /* requests started; responses or failures */
	size_t errors;          /* failures and statuses not in ok_status */
	double *latency_ms;     /* `completed` values, sorted; owned */
	char first_error[256];  /* what the first error was */
	uint64_t first_error_seq;
	bool deadline_hit;      /* stopped by the deadline before `count` */
	size_t reconnects;      /* connections opened again after the server closed one */
};

/* Send q (its url must be on the transport's base URL) count times, at
 * most `concurrency` at a time, until all completed or the deadline.
 * A response whose status is in ok_status[0..nok) is a success (nok 0:
 * any 2xx). Release res with http_load_release. */
int http_load(struct transport *t, const struct http_request *q, size_t count,
	      size_t concurrency, const long *ok_status, size_t nok,
	      struct http_load_result *res);
void http_load_release(struct http_load_result *res);

/* True when url starts with base and then ends or goes on with '/' or
 * '?' (the same origin and a path under it). Pure, tested. */
bool http_url_under(const char *url, const char *base);

#endif
