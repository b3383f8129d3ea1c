/* SPDX-License-Identifier: MIT */
/*
 * The receiving HTTPS endpoint of role 2 (the DUT calls, carecert serves):
 * a libmicrohttpd server on one IPv4 address (loopback or a bench
 * interface), presenting the certificate a case chose, that answers every
 * request (201 to POST/PUT, 200 otherwise, a small JSON body) and queues
 * what it saw for the runner's thread to take with http_srv_wait():
 *
 *   - HTTP_SRV_REQUEST: a complete request (method, path, headers, body,
 *     the TLS version it came over);
 *   - HTTP_SRV_NO_REQUEST: a connection that closed before any request —
 *     over TLS, the client gave up in the handshake (most likely it
 *     rejected the certificate), or it connected and said nothing.
 *
 * The server's own thread never touches the traffic log (it is not
 * thread-safe); the step that takes an item logs it.
 *
 * Ownership: http_srv_start() returns a server that http_srv_stop() frees
 * (NULL-safe); an item from http_srv_wait() is the caller's, freed with
 * http_srv_item_free(). Errors: CC_EINVAL (bad address, certificate or
 * key), CC_ESYS (socket or server start failed, err says why),
 * CC_ENOMEM, CC_ETIMEDOUT (nothing came before the deadline).
 * http_srv_stop() joins every thread of the server.
 */
#ifndef CARECERT_HTTP_SERVE_H
#define CARECERT_HTTP_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define HTTP_SRV_MAX_BODY (1024u * 1024u) /* kept of one request body */
#define HTTP_SRV_MAX_QUEUE 256            /* items kept; later ones are counted */

struct http_srv;

enum http_srv_kind { HTTP_SRV_REQUEST, HTTP_SRV_NO_REQUEST };

struct http_srv_item {
	enum http_srv_kind kind;
	char method[16];
	char path[1024];      /* without the query string */
	struct buf headers;   /* "Name: value\r\n" lines, as received */
	struct buf body;      /* at most HTTP_SRV_MAX_BODY bytes */
	size_t body_total;    /* bytes received, kept or not */
	char peer[64];        /* "127.0.0.1:PORT" */
	char tls_version[16]; /* "TLSv1.3"; "" when unknown */
	unsigned status;      /* what carecert answered */
	int64_t mono_ns;      /* when it was complete (or the connection closed) */
};

/* What a case asks the endpoint to present. */
enum http_srv_cert {
	HTTP_CERT_VALID,       /* issued by the CA the DUT trusts, for the host */
	HTTP_CERT_SELF_SIGNED, /* for the host, valid dates, but self-signed */
	HTTP_CERT_EXPIRED,     /* issued by the trusted CA, expired yesterday */
	HTTP_CERT_WRONG_HOST,  /* issued by the trusted CA, for another host */
	HTTP_CERT_COUNT
};

/* "valid", "self_signed", "expired", "wrong_host"; CC_EINVAL otherwise. */
int http_srv_cert_parse(const char *s, enum http_srv_cert *out);
const char *http_srv_cert_name(enum http_srv_cert c);

/* How to make that certificate: whether the trusted CA signs it, the
 * subjectAltName for host (an IPv4/IPv6 address or a DNS name), and the
 * validity in seconds from now. Pure, tested. CC_EINVAL on a bad kind or
 * a host with characters that do not belong in a name. */
struct http_srv_cert_plan {
	int signed_by_ca;
	char san[300];
	char cn[256];
	long from_s, to_s;
};
int http_srv_cert_plan(enum http_srv_cert c, const char *host, struct http_srv_cert_plan *p);

/* Start serving HTTPS on ip:port (port 0: an ephemeral one) with the PEM
 * certificate (chain) and key. */
int http_srv_start(const char *ip, int port, const char *cert_pem, const char *key_pem,
		   struct http_srv **out, char *err, size_t errlen);

/* How the platform is unreachable before it comes up (the port is taken
 * from the start, so its URL can be handed out):
 *   - HTTP_SRV_DOWN_CLOSED: bound, not listening: every connection is
 *     refused (RST) at once;
 *   - HTTP_SRV_DOWN_SILENT: listening, nothing accepts: the client's TCP
 *     connection completes, its TLS hello is never answered (it times
 *     out); connections still waiting when the platform comes up are
 *     served then. */
enum http_srv_down { HTTP_SRV_DOWN_NONE, HTTP_SRV_DOWN_CLOSED, HTTP_SRV_DOWN_SILENT };

/* "closed", "silent"; CC_EINVAL otherwise. */
int http_srv_down_parse(const char *s, enum http_srv_down *out);
const char *http_srv_down_name(enum http_srv_down d);

/* http_srv_start, but unreachable as `down` says until up_ns (monotonic);
 * then a thread of the server starts serving. A start that fails then
 * makes http_srv_wait() return CC_ESYS (once the queue is empty). The
 * certificate and key are copied. */
int http_srv_start_down(const char *ip, int port, const char *cert_pem, const char *key_pem,
			enum http_srv_down down, int64_t up_ns, struct http_srv **out,
			char *err, size_t errlen);
/* Serving yet (1), or still unreachable (0). */
int http_srv_is_up(struct http_srv *s);
/* "https://IP:PORT" (IPv6 in brackets); the port. */
const char *http_srv_url(const struct http_srv *s);
int http_srv_port(const struct http_srv *s);
/* The next item, waiting until deadline_ns (monotonic). */
int http_srv_wait(struct http_srv *s, int64_t deadline_ns, struct http_srv_item **out);
/* Answer every request with status (a 4xx or 5xx, e.g. 503) until
 * until_ns (monotonic): the platform is down for a while; the requests
 * are still queued, with the status answered. */
void http_srv_refuse_until(struct http_srv *s, int64_t until_ns, unsigned status);
/* The endpoint's outage, if it had one: how (HTTP_SRV_DOWN_CLOSED,
 * HTTP_SRV_DOWN_SILENT, or HTTP_SRV_DOWN_NONE with *status the error
 * answered by http_srv_refuse_until) and from when to when (monotonic ns).
 * 1 when there is one, 0 (nothing written) when not. */
int http_srv_outage(struct http_srv *s, enum http_srv_down *how, unsigned *status,
		    int64_t *from_ns, int64_t *to_ns);
/* Items dropped because the queue was full. */
size_t http_srv_dropped(struct http_srv *s);
void http_srv_item_free(struct http_srv_item *it);
void http_srv_stop(struct http_srv *s);

#endif
