/* SPDX-License-Identifier: MIT */
/*
 * HTTP(S) transport with libcurl (OpenSSL backend): the bench settings of
 * a DUT that serves an API, and the exchanges of http.h.
 *
 * Byte-stream send/recv do not apply (CC_ENOTSUP): HTTP steps exchange
 * whole messages through http_perform/http_load, which stamp and log them
 * through the shared transport layer like every other frame.
 */
#include "http/http.h"
#include "http/resparse.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPEN_PROBE_MS 5000
#define URL_MAX 2048

struct http {
	char base[URL_MAX];
	char desc[URL_MAX + 128];
	enum http_tls_version tls_min, tls_max;
	CURL *easy; /* kept: its connection is reused between requests */
};

static const char *const http_params[] = {
	"url", "ca_bundle", "pinned_public_key", "client_cert", "client_key",
	"tls_min", "tls_max", "plain_url", "username", "password",
	/* role 2: the CA the DUT trusts (to issue carecert's endpoint certificates)
	 * and where the endpoint listens */
	"upload_ca_cert", "upload_ca_key", "upload_bind", NULL,
};

static const char *const outcome_names[HTTP_OUT_COUNT] = {
	[HTTP_OUT_RESPONSE] = "response", [HTTP_OUT_REFUSED] = "connect_failed",
	[HTTP_OUT_TLS] = "tls_failed",    [HTTP_OUT_TIMEOUT] = "timeout",
	[HTTP_OUT_ERROR] = "error",
};

const char *http_outcome_name(enum http_outcome o)
{
	return (unsigned)o < HTTP_OUT_COUNT ? outcome_names[o] : "unknown";
}

int http_outcome_from_name(const char *s, enum http_outcome *o)
{
	for (int i = 0; i < HTTP_OUT_COUNT; i++)
		if (!strcmp(s, outcome_names[i])) {
			*o = (enum http_outcome)i;
			return CC_OK;
		}
	return CC_EINVAL;
}

int http_tls_version_parse(const char *s, enum http_tls_version *v)
{
	static const char *const names[] = { "1.0", "1.1", "1.2", "1.3" };

	if (!strncmp(s, "TLSv", 4))
		s += 4;
	else if (!strncmp(s, "TLS", 3))
		s += 3;
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i])) {
			*v = (enum http_tls_version)(HTTP_TLS_1_0 + i);
			return CC_OK;
		}
	return CC_EINVAL;
}

bool http_url_under(const char *url, const char *base)
{
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	if (!n || strncasecmp(url, base, n))
		return false;
	return !url[n] || url[n] == '/' || url[n] == '?';
}

static bool url_scheme_ok(const char *v)
{
	return !strncmp(v, "https://", 8) || !strncmp(v, "http://", 7);
}

static int http_check_param(const char *key, const char *value, char *err,
			    size_t errlen)
{
	enum http_tls_version v;

	if ((!strcmp(key, "url") || !strcmp(key, "plain_url")) && strcmp(value, "sim") &&
	    !url_scheme_ok(value)) {
		snprintf(err, errlen, "%s must be an http:// or https:// URL, or sim", key);
		return CC_EINVAL;
	}
	if ((!strcmp(key, "tls_min") || !strcmp(key, "tls_max")) &&
	    http_tls_version_parse(value, &v)) {
		snprintf(err, errlen, "%s must be 1.0, 1.1, 1.2 or 1.3", key);
		return CC_EINVAL;
	}
	if (!strcmp(key, "pinned_public_key") && strcmp(value, "sim") &&
	    strncmp(value, "sha256//", 8) && value[0] != '/') {
		snprintf(err, errlen, "pinned_public_key must be sha256//BASE64 or a PEM/DER file path");
		return CC_EINVAL;
	}
	return CC_OK;
}

void http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->headers, HTTP_MAX_HEADERS);
	buf_init(&r->body, HTTP_MAX_BODY);
}

void http_response_release(struct http_response *r)
{
	if (!r)
		return;
	buf_release(&r->headers);
	buf_release(&r->body);
}

bool http_response_header(const struct http_response *r, const char *name,
			  char *out, size_t len)
{
	const char *p = buf_str(&r->headers);
	size_t n = strlen(name);

	while (*p) {
		const char *eol = strstr(p, "\r\n");
		size_t line = eol ? (size_t)(eol - p) : strlen(p);

		if (line > n && p[n] == ':' && !strncasecmp(p, name, n)) {
			const char *v = p + n + 1;
			size_t vl = line - n - 1;

			while (vl && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			snprintf(out, len, "%.*s", (int)vl, v);
			return true;
		}
		p += line;
		if (*p)
			p += 2;
	}
	return false;
}

/* ---- the transport ---- */

/* A TCP connection to the URL's host and port, so that a bench with no
 * device fails at the start of the run, as a serial port would. */
static int probe(const char *url, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	char *host = NULL, *port = NULL;
	CURLU *u = curl_url();
	int rc = CC_ENOTFOUND, fd = -1;

	if (!u)
		return CC_ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, url, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
		snprintf(err, errlen, "bad URL '%s'", url);
		rc = CC_EINVAL;
		goto out;
	}
	/* a bracketed IPv6 literal */
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = 0;
	}
	if (getaddrinfo(host, port, &hints, &ai) || !ai) {
		snprintf(err, errlen, "%s: unknown host", host);
		goto out;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		rc = CC_ESYS;
		goto out;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		snprintf(err, errlen, "%s port %s: %s", host, port, strerror(errno));
		goto out;
	} else {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int soerr = 0;
		socklen_t sl = sizeof(soerr);

		if (poll(&pfd, 1, OPEN_PROBE_MS) <= 0) {
			snprintf(err, errlen, "%s port %s: no connection within %d ms", host, port,
				 OPEN_PROBE_MS);
			rc = CC_ETIMEDOUT;
			goto out;
		}
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
		if (soerr) {
			snprintf(err, errlen, "%s port %s: %s", host, port, strerror(soerr));
			goto out;
		}
	}
	rc = CC_OK;
out:
	if (fd >= 0)
		close(fd);
	if (ai)
		freeaddrinfo(ai);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

static void http_close(struct transport *t)
{
	struct http *h = transport_priv(t);

	if (!h)
		return;
	if (h->easy)
		curl_easy_cleanup(h->easy);
	free(h);
	transport_set_priv(t, NULL);
}

static int http_open(struct transport *t, char *err, size_t errlen)
{
	static bool curl_ready; /* curl_global_init is once per process */
	const char *url = transport_param(t, "url");
	const char *v;
	struct http *h;
	size_t n;
	int rc;

	if (!url || !strcmp(url, "sim")) {
		snprintf(err, errlen, url ? "url 'sim' needs a simulator in the profile"
					  : "no url given");
		return CC_EINVAL;
	}
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
			snprintf(err, errlen, "libcurl initialisation failed");
			return CC_ESYS;
		}
		curl_ready = true;
	}
	if (!(h = calloc(1, sizeof(*h))))
		return CC_ENOMEM;
	transport_set_priv(t, h);
	snprintf(h->base, sizeof(h->base), "%s", url);
	n = strlen(h->base);
	while (n && h->base[n - 1] == '/')
		h->base[--n] = 0;
	h->tls_min = HTTP_TLS_1_2; /* EN 303 645 5.5-1: best practice */
	if ((v = transport_param(t, "tls_min")))
		http_tls_version_parse(v, &h->tls_min);
	if ((v = transport_param(t, "tls_max")))
		http_tls_version_parse(v, &h->tls_max);
	for (const char *const *k = http_params; *k; k++)
		if ((v = transport_param(t, *k)) && !strcmp(v, "sim")) {
			snprintf(err, errlen, "%s 'sim' needs a simulator that announces it", *k);
			http_close(t);
			return CC_EINVAL;
		}
	if (!(h->easy = curl_easy_init())) {
		http_close(t);
		return CC_ENOMEM;
	}
	if ((rc = probe(h->base, err, errlen))) {
		http_close(t);
		return rc;
	}
	v = transport_param(t, "ca_bundle");
	snprintf(h->desc, sizeof(h->desc), "%s (TLS %s+%s%s%s)", h->base,
		 h->tls_min == HTTP_TLS_1_3 ? "1.3" : h->tls_min == HTTP_TLS_1_2 ? "1.2" : "1.0",
		 v ? ", CA " : "", v ? v : "",
		 transport_param(t, "pinned_public_key") ? ", pinned key" : "");
	return CC_OK;
}

static int http_send(struct transport *t, const uint8_t *p, size_t n)
{
	(void)t;
	(void)p;
	(void)n;
	return CC_ENOTSUP;
}

static int http_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		     int64_t deadline_ns)
{
	(void)t;
	(void)p;
	(void)cap;
	(void)got;
	(void)deadline_ns;
	return CC_ENOTSUP;
}

static const char *http_describe(struct transport *t)
{
	struct http *h = transport_priv(t);

	return h ? h->desc : "http";
}

const struct transport_ops transport_http_ops = {
	.kind = "http",
	.params = http_params,
	.check_param = http_check_param,
	.open = http_open,
	.close = http_close,
	.send = http_send,
	.recv = http_recv,
	.describe = http_describe,
	.sim_param = "url",
};

const char *http_base_url(struct transport *t)
{
	struct http *h;

	if (!t || transport_ops(t) != &transport_http_ops || !transport_is_open(t))
		return NULL;
	h = transport_priv(t);
	return h->base;
}

/* ---- one exchange ---- */

/* What one curl handle collects while it runs. */
struct xfer {
	struct transport *t;
	struct http_response *r;
	struct buf tx;  /* request as sent (head + body), for the log */
	struct curl_slist *hdrs;
	struct frame_ref tx_ref;
	char auth[1024];
};

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
	struct xfer *x = data;
	size_t len = size * n;

	x->r->body_total += len;
	/* beyond the cap the rest is counted, not kept: a huge body is
	 * evidence, not a reason to abort */
	if (x->r->body.len + len <= HTTP_MAX_BODY && buf_append(&x->r->body, p, len))
		return 0;
	return len;
}

static void tls_info(struct xfer *x, CURL *h)
{
	const struct curl_tlssessioninfo *ti = NULL;
	const SSL *ssl;

	if (x->r->tls_version[0] ||
	    curl_easy_getinfo(h, CURLINFO_TLS_SSL_PTR, &ti) || !ti ||
	    ti->backend != CURLSSLBACKEND_OPENSSL || !ti->internals)
		return;
	ssl = ti->internals;
	snprintf(x->r->tls_version, sizeof(x->r->tls_version), "%s", SSL_get_version(ssl));
	if (SSL_get_current_cipher(ssl))
		snprintf(x->r->tls_cipher, sizeof(x->r->tls_cipher), "%s",
			 SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
}

static size_t on_header(char *p, size_t size, size_t n, void *data)
{
	struct xfer *x = data;
	size_t len = size * n;

	/* a new status line (after 100 Continue): only the final response's
	 * headers count */
	if (len > 5 && !strncmp(p, "HTTP/", 5))
		buf_reset(&x->r->headers);
	if (x->r->headers.len + len <= HTTP_MAX_HEADERS &&
	    buf_append(&x->r->headers, p, len))
		return 0;
	return len;
}

static int on_debug(CURL *h, curl_infotype type, char *p, size_t n, void *data)
{
	struct xfer *x = data;

	if (type == CURLINFO_HEADER_IN)
		tls_info(x, h);
	if ((type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT) &&
	    x->tx.len < HTTP_LOG_MAX) {
		size_t take = n < HTTP_LOG_MAX - x->tx.len ? n : HTTP_LOG_MAX - x->tx.len;

		if (buf_append(&x->tx, p, take))
			return 0; /* only the log copy is short */
	}
	return 0;
}

static long tls_flag(enum http_tls_version v, bool max)
{
	static const long mins[] = { CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_TLSv1_0,
				     CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_TLSv1_2,
				     CURL_SSLVERSION_TLSv1_3 };
	static const long maxs[] = { CURL_SSLVERSION_MAX_DEFAULT, CURL_SSLVERSION_MAX_TLSv1_0,
				     CURL_SSLVERSION_MAX_TLSv1_1, CURL_SSLVERSION_MAX_TLSv1_2,
				     CURL_SSLVERSION_MAX_TLSv1_3 };

	return max ? maxs[v] : mins[v];
}

/* Set up h for q; x collects what happens. */
static int setup(struct xfer *x, CURL *h, const struct http_request *q)
{
	struct http *hp = transport_priv(x->t);
	enum http_tls_version tmin = q->tls_min ? q->tls_min : hp->tls_min;
	enum http_tls_version tmax = q->tls_max ? q->tls_max : hp->tls_max;
	int64_t left_ms = (q->deadline_ns - mono_now_ns()) / NSEC_PER_MSEC;
	const char *v;
	CURLcode c = CURLE_OK;

	if (left_ms < 1)
		left_ms = 1;
	curl_easy_reset(h);
	c |= curl_easy_setopt(h, CURLOPT_URL, q->url);
	c |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	c |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left_ms);
	c |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)left_ms);
	c |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c |= curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	c |= curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	c |= curl_easy_setopt(h, CURLOPT_DEBUGDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	c |= curl_easy_setopt(h, CURLOPT_SSLVERSION, tls_flag(tmin, false) | tls_flag(tmax, true));
	/* OpenSSL 3 refuses TLS 1.0/1.1 below security level 0: a case that
	 * must see whether the DUT accepts them has to be able to offer them */
	if (tmin && tmin < HTTP_TLS_1_2)
		c |= curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "DEFAULT:@SECLEVEL=0");
	if ((v = transport_param(x->t, "ca_bundle")))
		c |= curl_easy_setopt(h, CURLOPT_CAINFO, v);
	if ((v = transport_param(x->t, "pinned_public_key")))
		c |= curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, v);
	if ((v = transport_param(x->t, "client_cert")))
		c |= curl_easy_setopt(h, CURLOPT_SSLCERT, v);
	if ((v = transport_param(x->t, "client_key")))
		c |= curl_easy_setopt(h, CURLOPT_SSLKEY, v);
	if (!strcmp(q->method, "HEAD"))
		c |= curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(q->method, "GET") || q->body)
		c |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
	if (q->body) {
		c |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->body_len);
		c |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, (const char *)q->body);
	}
	if (q->user) {
		c |= curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		c |= curl_easy_setopt(h, CURLOPT_USERNAME, q->user);
		c |= curl_easy_setopt(h, CURLOPT_PASSWORD, q->password ? q->password : "");
	}
	/* no 100-continue round trip: the body goes with the head */
	x->hdrs = curl_slist_append(NULL, "Expect:");
	if (q->bearer) {
		snprintf(x->auth, sizeof(x->auth), "Authorization: Bearer %s", q->bearer);
		x->hdrs = x->hdrs ? curl_slist_append(x->hdrs, x->auth) : NULL;
	}
	for (size_t i = 0; q->headers && q->headers[i] && x->hdrs; i++)
		x->hdrs = curl_slist_append(x->hdrs, q->headers[i]);
	if (!x->hdrs)
		return CC_ENOMEM;
	c |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	return c ? CC_EINVAL : CC_OK;
}

static enum http_outcome outcome_of(CURLcode c)
{
	switch (c) {
	case CURLE_OK:
		return HTTP_OUT_RESPONSE;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		return HTTP_OUT_REFUSED;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_USE_SSL_FAILED:
		return HTTP_OUT_TLS;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_OUT_TIMEOUT;
	default:
		return HTTP_OUT_ERROR;
	}
}

static double info_ms(CURL *h, CURLINFO what)
{
	curl_off_t us = 0;

	curl_easy_getinfo(h, what, &us);
	return (double)us / 1000.0;
}

/* The log of one whole exchange from what x->r holds: the request frame
 * (stamped when it started), the TLS session, the response frame or the
 * failure. */
static void log_exchange(struct xfer *x)
{
	struct http_response *r = x->r;
	struct frame_ref rx;
	char ev[160];

	if (!x->tx.len && buf_append_str(&x->tx, "(request not sent)"))
		buf_reset(&x->tx);
	transport_log_frame(x->t, "tx", x->tx.data, x->tx.len, &x->tx_ref);
	r->tx_seq = x->tx_ref.seq;
	if (r->tls_version[0]) {
		snprintf(ev, sizeof(ev), "%s %s", r->tls_version, r->tls_cipher);
		transport_log_event(x->t, "tls", ev);
	}
	if (r->outcome == HTTP_OUT_RESPONSE) {
		struct buf msg;
		size_t room;

		buf_init(&msg, HTTP_LOG_MAX + HTTP_MAX_HEADERS);
		room = HTTP_LOG_MAX > r->headers.len ? HTTP_LOG_MAX - r->headers.len : 0;
		if (!buf_append(&msg, r->headers.data ? r->headers.data : (const uint8_t *)"",
				r->headers.len) &&
		    !buf_append(&msg, r->body.data ? r->body.data : (const uint8_t *)"",
				r->body.len < room ? r->body.len : room)) {
			transport_stamp(x->t, &rx);
			transport_log_frame(x->t, "rx", msg.data, msg.len, &rx);
			r->rx_seq = rx.seq;
		}
		buf_release(&msg);
		if (r->body_total > room) {
			snprintf(ev, sizeof(ev), "response body of %zu bytes; %zu logged",
				 r->body_total, room);
			transport_log_event(x->t, "frame-truncated", ev);
		}
	} else {
		snprintf(ev, sizeof(ev), "%s: %s", http_outcome_name(r->outcome), r->error);
		transport_log_event(x->t, "http-failed", ev);
	}
}

/* After a curl exchange: outcome, status, timings, and the log frames. */
static void finish(struct xfer *x, CURL *h, CURLcode c, const char *errbuf)
{
	struct http_response *r = x->r;

	r->outcome = outcome_of(c);
	if (c != CURLE_OK)
		snprintf(r->error, sizeof(r->error), "%s", errbuf && errbuf[0] ? errbuf
										  : curl_easy_strerror(c));
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	if (c != CURLE_OK)
		r->status = 0;
	r->dns_ms = info_ms(h, CURLINFO_NAMELOOKUP_TIME_T);
	r->connect_ms = info_ms(h, CURLINFO_CONNECT_TIME_T);
	r->tls_ms = info_ms(h, CURLINFO_APPCONNECT_TIME_T);
	r->first_byte_ms = info_ms(h, CURLINFO_STARTTRANSFER_TIME_T);
	r->total_ms = info_ms(h, CURLINFO_TOTAL_TIME_T);
	log_exchange(x);
}

static void xfer_release(struct xfer *x)
{
	buf_release(&x->tx);
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
}

int http_perform(struct transport *t, const struct http_request *q,
		 struct http_response *r)
{
	struct http *hp;
	struct xfer x = { .t = t, .r = r };
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode c;
	int rc;

	if (!http_base_url(t))
		return CC_ENOTSUP;
	hp = transport_priv(t);
	buf_reset(&r->headers);
	buf_reset(&r->body);
	buf_init(&x.tx, HTTP_LOG_MAX + 1);
	if ((rc = setup(&x, hp->easy, q))) {
		xfer_release(&x);
		return rc;
	}
	curl_easy_setopt(hp->easy, CURLOPT_ERRORBUFFER, errbuf);
	transport_stamp(t, &x.tx_ref);
	c = curl_easy_perform(hp->easy);
	finish(&x, hp->easy, c, errbuf);
	/* no option may point at this stack frame once it is gone (a later
	 * connection close may call back); the connection itself stays */
	curl_easy_reset(hp->easy);
	xfer_release(&x);
	return CC_OK;
}

/* ---- load ---- */

/* The first exchanges of a load are logged whole (request, TLS, response),
 * and so is every failed one; the others as one line each (an
 * `http-load` event: status, bytes, latency, the body's SHA-256), batched
 * with the frames. Logging thousands of identical exchanges whole (curl's
 * verbose trace, two frames of hex) was a third of a load's CPU. */
#define HTTP_LOAD_WHOLE 16

struct slot {
	CURL *h;
	struct xfer x;
	struct http_response r;
	char errbuf[CURL_ERROR_SIZE];
	int64_t started_ns; /* when the request was handed to curl */
	size_t index;       /* 1-based: which request of the load */
	bool busy, ready, whole, verbose;
};

static bool status_ok(long status, const long *ok, size_t nok)
{
	if (!nok)
		return status >= 200 && status < 300;
	for (size_t i = 0; i < nok; i++)
		if (ok[i] == status)
			return true;
	return false;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Empty r for the next exchange, keeping its buffers' memory. */
static void response_reuse(struct http_response *r)
{
	struct buf h = r->headers, b = r->body;

	buf_reset(&h);
	buf_reset(&b);
	memset(r, 0, sizeof(*r));
	r->headers = h;
	r->body = b;
}

/* A slot's handle is set up for q once; each request then only gets its
 * time left and whether curl traces it (for a whole log). The connection
 * stays with the multi handle: keep-alive, no new TLS handshake. */
static int slot_start(CURLM *m, struct slot *s, struct transport *t,
		      const struct http_request *q, size_t index)
{
	int64_t left_ms = (q->deadline_ns - mono_now_ns()) / NSEC_PER_MSEC;
	int rc;

	response_reuse(&s->r);
	buf_reset(&s->x.tx);
	s->errbuf[0] = 0;
	if (!s->ready) {
		s->x.t = t;
		s->x.r = &s->r;
		buf_init(&s->x.tx, HTTP_LOG_MAX + 1);
		s->ready = s->verbose = true; /* x is released with the slot */
		if ((rc = setup(&s->x, s->h, q)))
			return rc;
		curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
	}
	if (left_ms < 1)
		left_ms = 1;
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, (long)left_ms);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT_MS, (long)left_ms);
	s->index = index;
	s->whole = index <= HTTP_LOAD_WHOLE;
	if (s->whole != s->verbose) {
		curl_easy_setopt(s->h, CURLOPT_VERBOSE, s->whole ? 1L : 0L);
		s->verbose = s->whole;
	}
	if (s->whole)
		transport_stamp(t, &s->x.tx_ref);
	s->started_ns = mono_now_ns();
	if (curl_multi_add_handle(m, s->h))
		return CC_EIO;
	s->busy = true;
	return CC_OK;
}

/* Bytes as ASCII text for a log line: printable ones as they are, the
 * rest as \xNN (a device's body need not be UTF-8). */
static void quote_ascii(struct buf *out, const uint8_t *p, size_t n)
{
	static const char hexd[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		char e[4] = { '\\', 'x', hexd[p[i] >> 4], hexd[p[i] & 15] };

		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '\\' ? buf_append(out, p + i, 1)
								: buf_append(out, e, 4))
			return;
	}
}

/* The body's SHA-256 for its http-load line, with the digest fetched once
 * per load (EVP_Digest fetches it on every call: a tenth of a request's
 * own code). md NULL: the general way. */
static void body_sha256(EVP_MD *md, EVP_MD_CTX *ctx, const uint8_t *p, size_t n,
			char out[SHA256_HEX_LEN + 1])
{
	static const char hexd[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;

	if (!md || !ctx || !EVP_DigestInit_ex2(ctx, md, NULL) || !EVP_DigestUpdate(ctx, p, n) ||
	    !EVP_DigestFinal_ex(ctx, d, &dlen) || dlen != 32) {
		sha256_hex(p, n, out);
		return;
	}
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hexd[d[i] >> 4];
		out[2 * i + 1] = hexd[d[i] & 15];
	}
	out[64] = 0;
}

/* Decimal digits of v at w; returns the end. */
static char *put_dec(char *w, uint64_t v)
{
	char d[20];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		*w++ = d[--n];
	return w;
}

static char *put_str(char *w, const char *s)
{
	size_t n = strlen(s);

	memcpy(w, s, n);
	return w + n;
}

/* The line of an accepted response, as buf_appendf's format below would
 * make it ("%.3f" rounded by hand): vfprintf was a third of the line's
 * cost, and this line is written for every request of a load. */
static void good_line(char *out, size_t index, long status, size_t bytes, double ms,
		      const char *hash)
{
	uint64_t us = (uint64_t)(ms * 1000.0 + 0.5);
	char *w = put_str(out, "request ");

	w = put_dec(w, index);
	w = put_str(w, ": status ");
	w = put_dec(w, (uint64_t)status);
	w = put_str(w, ", ");
	w = put_dec(w, bytes);
	w = put_str(w, " bytes, ");
	w = put_dec(w, us / 1000);
	*w++ = '.';
	*w++ = (char)('0' + us / 100 % 10);
	*w++ = (char)('0' + us / 10 % 10);
	*w++ = (char)('0' + us % 10);
	w = put_str(w, " ms, body sha256 ");
	w = put_str(w, hash);
	*w = 0;
}

/* A request past the whole ones: one http-load line, batched. s->r holds
 * the outcome, the error or the status. A refused status carries the
 * response's head and the start of its body; a failure its message. good:
 * a status the step accepts. The line's seq is the request's frame for
 * evidence. */
static void finish_compact(struct slot *s, double ms, bool good, EVP_MD *md, EVP_MD_CTX *ctx,
			   pthread_mutex_t *mu)
{
	struct http_response *r = &s->r;
	char hash[SHA256_HEX_LEN + 1], fast[200];
	struct buf line;
	int rc;

	if (good && r->outcome == HTTP_OUT_RESPONSE && r->status >= 0 && ms >= 0 && ms < 1e12) {
		/* 3 numbers of at most 20 digits, the hash and 60 of text */
		body_sha256(md, ctx, r->body.data ? r->body.data : (const uint8_t *)"", r->body.len,
			    hash);
		good_line(fast, s->index, r->status, r->body_total, ms, hash);
		if (mu)
			pthread_mutex_lock(mu);
		r->rx_seq = transport_log_note(s->x.t, "http-load", fast);
		if (mu)
			pthread_mutex_unlock(mu);
		return;
	}
	buf_init(&line, 4096);
	if (r->outcome != HTTP_OUT_RESPONSE) {
		r->status = 0;
		rc = buf_appendf(&line, "request %zu: %s: %s, %.3f ms", s->index,
				 http_outcome_name(r->outcome), r->error, ms);
	} else {
		body_sha256(md, ctx, r->body.data ? r->body.data : (const uint8_t *)"", r->body.len,
			    hash);
		rc = buf_appendf(&line, "request %zu: status %ld, %zu bytes, %.3f ms, body sha256 %s",
				 s->index, r->status, r->body_total, ms, hash);
		if (!rc && !good && !(rc = buf_append_str(&line, "; response: "))) {
			quote_ascii(&line, r->headers.data ? r->headers.data : (const uint8_t *)"",
				    r->headers.len);
			quote_ascii(&line, r->body.data ? r->body.data : (const uint8_t *)"",
				    r->body.len < 1024 ? r->body.len : 1024);
		}
	}
	(void)rc; /* a line cut short is still the request's line */
	if (mu)
		pthread_mutex_lock(mu);
	r->rx_seq = transport_log_note(s->x.t, "http-load", buf_str(&line));
	if (mu)
		pthread_mutex_unlock(mu);
	buf_release(&line);
}

/* curl's result into s->r, for finish_compact. */
static void compact_from_curl(struct slot *s, CURLcode c)
{
	struct http_response *r = &s->r;

	r->outcome = outcome_of(c);
	if (c != CURLE_OK)
		snprintf(r->error, sizeof(r->error), "%s",
			 s->errbuf[0] ? s->errbuf : curl_easy_strerror(c));
	else
		curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &r->status);
}

/* The sockets curl wants watched and when it next wants a timeout call
 * (curl's socket interface: only the socket that is ready is serviced,
 * where curl_multi_perform went through every transfer each time). */
struct sockwatch {
	struct pollfd p[HTTP_LOAD_MAX_PARALLEL * 2];
	size_t n;
	int64_t timer_ns; /* -1: none */
};

static int on_socket(CURL *e, curl_socket_t fd, int what, void *data, void *sockp)
{
	struct sockwatch *w = data;
	size_t i;

	(void)e;
	(void)sockp;
	for (i = 0; i < w->n && w->p[i].fd != fd; i++)
		;
	if (what == CURL_POLL_REMOVE) {
		if (i < w->n)
			w->p[i] = w->p[--w->n];
		return 0;
	}
	if (i == w->n) {
		if (w->n == sizeof(w->p) / sizeof(w->p[0]))
			return -1; /* more sockets than slots: curl fails the transfer */
		w->n++;
	}
	w->p[i].fd = fd;
	w->p[i].events = (short)((what & CURL_POLL_IN ? POLLIN : 0) |
				 (what & CURL_POLL_OUT ? POLLOUT : 0));
	return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *data)
{
	struct sockwatch *w = data;

	(void)m;
	w->timer_ns = timeout_ms < 0 ? -1 : mono_now_ns() + (int64_t)timeout_ms * NSEC_PER_MSEC;
	return 0;
}

/* Wait for a socket curl watches or its timer (at most 50 ms, the
 * deadline checks' period) and hand curl what happened. */
static void load_step(CURLM *m, struct sockwatch *w)
{
	int64_t now = mono_now_ns(), wait_ns = 50 * NSEC_PER_MSEC;
	int still, n;

	if (w->timer_ns >= 0 && w->timer_ns - now < wait_ns)
		wait_ns = w->timer_ns > now ? w->timer_ns - now : 0;
	n = wait_ns ? poll(w->p, w->n, (int)((wait_ns + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC)) : 0;
	if (n > 0) {
		/* curl's callbacks change the set while we go through it */
		struct pollfd ready[sizeof(w->p) / sizeof(w->p[0])];
		size_t k = 0;

		for (size_t i = 0; i < w->n; i++)
			if (w->p[i].revents)
				ready[k++] = w->p[i];
		for (size_t i = 0; i < k; i++)
			curl_multi_socket_action(m, ready[i].fd,
						 (ready[i].revents & POLLIN ? CURL_CSELECT_IN : 0) |
						 (ready[i].revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
						 (ready[i].revents & (POLLERR | POLLHUP) ? CURL_CSELECT_ERR : 0),
						 &still);
	}
	if (w->timer_ns >= 0 && mono_now_ns() >= w->timer_ns) {
		w->timer_ns = -1;
		curl_multi_socket_action(m, CURL_SOCKET_TIMEOUT, 0, &still);
	}
}

/* One finished request into the result: its latency, and the first error. */
static void account(struct http_load_result *res, const struct slot *s, double ms,
		    const long *ok_status, size_t nok)
{
	bool good = s->r.outcome == HTTP_OUT_RESPONSE && status_ok(s->r.status, ok_status, nok);

	res->latency_ms[res->completed++] = ms;
	if (!good && !res->errors++) {
		if (s->r.outcome != HTTP_OUT_RESPONSE)
			snprintf(res->first_error, sizeof(res->first_error), "%s: %s",
				 http_outcome_name(s->r.outcome), s->r.error);
		else
			snprintf(res->first_error, sizeof(res->first_error), "status %ld",
				 s->r.status);
		res->first_error_seq = s->r.rx_seq ? s->r.rx_seq : s->r.tx_seq;
	}
}

/* ---- load, the direct way ----
 *
 * curl opens each connection (TCP, TLS, certificate and pin checks, the
 * transport's settings: CURLOPT_CONNECT_ONLY) and carecert writes the
 * request and reads the response on it itself (curl_easy_send/recv, the
 * response parsed by resparse over libhttp_parser). curl's per-request
 * machinery was 80 % of a load's CPU; the request is the same every time,
 * so it is written once. Requests curl would write differently (basic
 * authentication, HEAD, headers that change the framing, a proxy set in
 * the environment) go curl's way. The connection is HTTP/1.1 (no h2 in
 * ALPN): the written request is. The connections are shared out among
 * worker threads, one per core (struct direct); curl_easy_send/recv and
 * not SSL_read/SSL_write on curl's SSL*: curl 7.88's OpenSSL reads through
 * curl's own connection filters, which need the call curl sets up. */

/* Case-insensitive: does q carry a header of that name? */
static bool has_header(const struct http_request *q, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; q->headers && q->headers[i]; i++)
		if (!strncasecmp(q->headers[i], name, n) && q->headers[i][n] == ':')
			return true;
	return false;
}

static bool direct_ok(const struct http_request *q)
{
	static const char *const framing[] = { "Host", "Content-Length", "Transfer-Encoding",
					       "Connection", "Expect", "Upgrade", NULL };
	const char *e = getenv("CARECERT_HTTP_LOAD");

	static const char *const proxies[] = { "http_proxy", "https_proxy", "HTTPS_PROXY",
					       "all_proxy", "ALL_PROXY", NULL };

	if ((e && !strcmp(e, "curl")) || q->user || !strcmp(q->method, "HEAD") ||
	    !strcmp(q->method, "CONNECT"))
		return false;
	/* a request to a proxy is written differently: curl's way */
	for (size_t i = 0; proxies[i]; i++)
		if ((e = getenv(proxies[i])) && e[0])
			return false;
	for (size_t i = 0; q->headers && q->headers[i]; i++) {
		const char *c = strchr(q->headers[i], ':');

		/* "Name:" (curl: remove it) and "Name;" (send it empty) are curl's */
		if (!c || !c[1 + strspn(c + 1, " \t")])
			return false;
	}
	for (size_t i = 0; framing[i]; i++)
		if (has_header(q, framing[i]))
			return false;
	return true;
}

/* The request as curl would write it: request line, Host, Accept, the
 * bearer, the step's headers, the body's type and length. CC_EINVAL: a URL
 * that is not plainly scheme://host[:port]/path (curl's way then). */
static int direct_request(struct buf *out, const struct http_request *q)
{
	const char *a = strstr(q->url, "://"), *path;
	size_t alen, plen;
	int rc;

	if (!a)
		return CC_EINVAL;
	a += 3;
	alen = strcspn(a, "/?#");
	if (!alen || memchr(a, '@', alen))
		return CC_EINVAL;
	path = a + alen;
	plen = strcspn(path, "#");
	for (size_t i = 0; i < plen; i++)
		if ((unsigned char)path[i] <= ' ' || path[i] == 0x7F)
			return CC_EINVAL;
	rc = buf_appendf(out, "%s %s%.*s HTTP/1.1\r\nHost: %.*s\r\n", q->method,
			 path[0] == '/' ? "" : "/", (int)plen, path, (int)alen, a);
	if (!rc && !has_header(q, "Accept"))
		rc = buf_append_str(out, "Accept: */*\r\n");
	if (!rc && q->bearer)
		rc = buf_appendf(out, "Authorization: Bearer %s\r\n", q->bearer);
	for (size_t i = 0; !rc && q->headers && q->headers[i]; i++)
		rc = buf_appendf(out, "%s\r\n", q->headers[i]);
	if (!rc && q->body) {
		if (!has_header(q, "Content-Type"))
			rc = buf_append_str(out, "Content-Type: application/x-www-form-urlencoded\r\n");
		if (!rc)
			rc = buf_appendf(out, "Content-Length: %zu\r\n", q->body_len);
	}
	if (!rc)
		rc = buf_append_str(out, "\r\n");
	if (!rc && q->body_len)
		rc = buf_append(out, q->body, q->body_len);
	return rc;
}

/* What the direct way keeps per slot besides struct slot. */
struct dconn {
	curl_socket_t fd;
	bool up;         /* s->h holds an open connection */
	size_t served;   /* responses read on it */
	size_t opened;   /* connections this slot opened */
	size_t off;      /* request bytes sent */
	size_t got;      /* response bytes received */
	bool retried;    /* the request went again on a new connection */
	bool ahead;      /* OpenSSL reads ahead on it */
	char closed[96]; /* why the last connection went */
	struct resparse rp;
};

/* What the workers of one load share. mu guards the traffic log (one
 * writer at a time, its seq in time order), the result and the count of
 * requests handed out. */
struct dshared {
	pthread_mutex_t mu;
	size_t started; /* requests handed out (their indexes 1..started) */
	size_t count;
};

/* One worker: a thread with a poll loop of its own over the slots
 * [lo, hi). One thread per core (as wrk runs one per core): with one
 * thread for all connections every response waits for that thread to be
 * scheduled; on 2 cores shared with the server, wrk on one thread made
 * x0.55 of its requests/s on two, and http_load x0.78 of wrk where it
 * makes about x1 with two (docs/architecture.md, Tests). */
struct direct {
	struct transport *t;
	const struct http_request *q;
	const struct buf *req; /* the request as written, the same each time */
	struct slot *slots;    /* the load's (a slot's number in the log) */
	struct dconn *dc;
	size_t lo, hi;
	struct http_load_result *res;
	const long *ok;
	size_t nok;
	EVP_MD *md;
	EVP_MD_CTX *mdctx;     /* this worker's */
	size_t running;
	struct dshared *sh;
	pthread_t th;
};

static void direct_close(struct slot *s, struct dconn *d, const char *why)
{
	if (s->h)
		curl_easy_cleanup(s->h);
	s->h = NULL;
	d->up = false;
	snprintf(d->closed, sizeof(d->closed), "%s", why);
}

/* OpenSSL reads a record's header and then its body, two recv() each;
 * asked to read ahead it takes what the socket holds at once (a response
 * of two records: 1 recv instead of 4). Safe for the direct way: it reads
 * until the response is whole or curl says EAGAIN (OpenSSL has no whole
 * record left), so nothing waits in OpenSSL's buffer unseen by poll.
 * Only OpenSSL's sessions; curl still does every read (its own filters
 * sit under OpenSSL, so its SSL* is not read directly). */
static void read_ahead(CURL *h)
{
	const struct curl_tlssessioninfo *ti = NULL;

	if (!curl_easy_getinfo(h, CURLINFO_TLS_SSL_PTR, &ti) && ti &&
	    ti->backend == CURLSSLBACKEND_OPENSSL && ti->internals)
		SSL_set_read_ahead(ti->internals, 1);
}

/* A new connection for the slot (curl connects: blocking, within the
 * request's time left); a second and later one is counted and logged. */
static CURLcode direct_connect(struct direct *dr, struct slot *s, struct dconn *d)
{
	CURLcode c;
	char ev[160];

	if (s->h)
		curl_easy_cleanup(s->h);
	d->up = false;
	if (!(s->h = curl_easy_init()))
		return CURLE_OUT_OF_MEMORY;
	if (d->opened++) {
		snprintf(ev, sizeof(ev), "connection %zu of slot %zu (%s)", d->opened,
			 (size_t)(s - dr->slots) + 1, d->closed[0] ? d->closed : "closed");
		pthread_mutex_lock(&dr->sh->mu);
		dr->res->reconnects++;
		transport_log_event(dr->t, "http-reconnect", ev);
		pthread_mutex_unlock(&dr->sh->mu);
	}
	curl_slist_free_all(s->x.hdrs);
	s->x.hdrs = NULL;
	if (setup(&s->x, s->h, dr->q))
		return CURLE_BAD_FUNCTION_ARGUMENT;
	curl_easy_setopt(s->h, CURLOPT_VERBOSE, 0L);
	curl_easy_setopt(s->h, CURLOPT_CONNECT_ONLY, 1L);
	/* the request written is HTTP/1.1: ALPN must not offer h2 */
	curl_easy_setopt(s->h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(s->h, CURLOPT_PROXY, ""); /* direct_ok: no proxy in the environment */
	curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
	s->errbuf[0] = 0;
	if ((c = curl_easy_perform(s->h)))
		return c;
	if (curl_easy_getinfo(s->h, CURLINFO_ACTIVESOCKET, &d->fd) || d->fd == CURL_SOCKET_BAD)
		return CURLE_COULDNT_CONNECT;
	d->up = true;
	d->ahead = false;
	d->served = 0;
	d->closed[0] = 0;
	return CURLE_OK;
}

/* The request ends: its log (whole or one line) and the result. */
static void direct_end(struct direct *dr, struct slot *s, struct dconn *d,
		       enum http_outcome o, const char *error)
{
	struct http_response *r = &s->r;
	double ms = (double)(mono_now_ns() - s->started_ns) / 1e6;

	r->outcome = o;
	if (o == HTTP_OUT_RESPONSE) {
		r->status = d->rp.status;
		r->body_total = d->rp.body_total;
		r->total_ms = ms;
	} else {
		r->status = 0;
		snprintf(r->error, sizeof(r->error), "%s", error);
	}
	if (!s->whole) /* the line is made outside the lock, logged inside */
		finish_compact(s, ms, status_ok(r->status, dr->ok, dr->nok), dr->md, dr->mdctx,
			       &dr->sh->mu);
	pthread_mutex_lock(&dr->sh->mu);
	if (s->whole)
		log_exchange(&s->x);
	account(dr->res, s, ms, dr->ok, dr->nok);
	pthread_mutex_unlock(&dr->sh->mu);
	s->busy = false;
	dr->running--;
}

/* Send what the kernel takes; false on a failure (the slot is ended or
 * the request goes again on a new connection). */
static bool direct_send(struct direct *dr, struct slot *s, struct dconn *d);

/* A fresh connection and the request again from its start: once per
 * request, when a kept-alive connection turned out closed before any of
 * the response came (the server may close an idle one at any time). */
static void direct_retry(struct direct *dr, struct slot *s, struct dconn *d)
{
	CURLcode c;

	d->retried = true;
	d->off = d->got = 0;
	resparse_start(&d->rp, &s->r.headers, &s->r.body);
	if ((c = direct_connect(dr, s, d))) {
		direct_end(dr, s, d, outcome_of(c), s->errbuf[0] ? s->errbuf : curl_easy_strerror(c));
		return;
	}
	/* curl gives the TLS session of a connect-only handle once it
	 * has been used (not right after the connect) */
	if (direct_send(dr, s, d) && s->whole)
		tls_info(&s->x, s->h);
}

static bool direct_send(struct direct *dr, struct slot *s, struct dconn *d)
{
	while (d->off < dr->req->len) {
		size_t n = 0;
		CURLcode c = curl_easy_send(s->h, dr->req->data + d->off, dr->req->len - d->off, &n);

		if (c == CURLE_AGAIN)
			return true;
		if (c != CURLE_OK) {
			char why[128];

			snprintf(why, sizeof(why), "send: %s", curl_easy_strerror(c));
			direct_close(s, d, why);
			if (d->served && !d->retried)
				direct_retry(dr, s, d);
			else
				direct_end(dr, s, d, HTTP_OUT_ERROR, why);
			return false;
		}
		d->off += n;
		/* curl gives a connect-only handle's TLS session once used */
		if (!d->ahead) {
			read_ahead(s->h);
			d->ahead = true;
		}
	}
	return true;
}

/* Start request `index` on an idle slot. */
static void direct_begin(struct direct *dr, struct slot *s, struct dconn *d, size_t index)
{
	CURLcode c;

	response_reuse(&s->r);
	s->index = index;
	s->whole = index <= HTTP_LOAD_WHOLE;
	s->busy = true;
	dr->running++;
	d->off = d->got = 0;
	d->retried = false;
	resparse_start(&d->rp, &s->r.headers, &s->r.body);
	buf_reset(&s->x.tx);
	if (s->whole) {
		pthread_mutex_lock(&dr->sh->mu);
		transport_stamp(dr->t, &s->x.tx_ref);
		pthread_mutex_unlock(&dr->sh->mu);
		if (buf_append(&s->x.tx, dr->req->data,
			       dr->req->len < HTTP_LOG_MAX ? dr->req->len : HTTP_LOG_MAX))
			buf_reset(&s->x.tx); /* only the log copy is short */
	}
	s->started_ns = mono_now_ns();
	if (!d->up && (c = direct_connect(dr, s, d))) {
		buf_reset(&s->x.tx); /* logged as "(request not sent)" */
		direct_end(dr, s, d, outcome_of(c), s->errbuf[0] ? s->errbuf : curl_easy_strerror(c));
		return;
	}
	/* curl gives the TLS session of a connect-only handle once it
	 * has been used (not right after the connect) */
	if (direct_send(dr, s, d) && s->whole)
		tls_info(&s->x, s->h);
}

/* Read what the connection holds (TLS records included: until curl says
 * EAGAIN, so nothing waits inside OpenSSL unseen by poll). */
static void direct_read(struct direct *dr, struct slot *s, struct dconn *d)
{
	uint8_t b[16384];

	for (;;) {
		size_t n = 0, used = 0;
		enum resparse_state st;
		CURLcode c = curl_easy_recv(s->h, b, sizeof(b), &n);

		if (c == CURLE_AGAIN)
			return;
		if (c != CURLE_OK || !n) {
			char why[128];

			snprintf(why, sizeof(why), "%s",
				 c ? curl_easy_strerror(c) : "the server closed the connection");
			direct_close(s, d, why);
			if (!d->got && d->served && !d->retried) {
				direct_retry(dr, s, d);
				return;
			}
			st = c ? RESPARSE_ERROR : resparse_eof(&d->rp);
			if (st == RESPARSE_DONE)
				direct_end(dr, s, d, HTTP_OUT_RESPONSE, "");
			else
				direct_end(dr, s, d, HTTP_OUT_ERROR, c ? why : d->rp.error);
			return;
		}
		d->got += n;
		st = resparse_feed(&d->rp, b, n, &used);
		if (st == RESPARSE_MORE)
			continue;
		if (st == RESPARSE_DONE) {
			d->served++;
			/* bytes after the response were not asked for: that
			 * connection's framing is not to be trusted */
			if (used < n)
				direct_close(s, d, "bytes after a response");
			else if (!resparse_keep_alive(&d->rp))
				direct_close(s, d, "the server ended keep-alive");
			direct_end(dr, s, d, HTTP_OUT_RESPONSE, "");
		} else {
			direct_close(s, d, "a malformed response");
			direct_end(dr, s, d, HTTP_OUT_ERROR, d->rp.error);
		}
		return;
	}
}

/* The next request's index (1-based), 0: none left or the time is up. */
static size_t direct_take(struct direct *dr)
{
	size_t i = 0;

	pthread_mutex_lock(&dr->sh->mu);
	if (dr->sh->started < dr->sh->count && mono_now_ns() < dr->q->deadline_ns)
		i = ++dr->sh->started;
	pthread_mutex_unlock(&dr->sh->mu);
	return i;
}

/* One worker's poll loop over its slots, until no request is left to
 * start and its own have ended. */
static void load_direct(struct direct *dr)
{
	const struct http_request *q = dr->q;
	struct pollfd pf[HTTP_LOAD_MAX_PARALLEL];
	size_t who[HTTP_LOAD_MAX_PARALLEL];
	bool more = true; /* requests may be left to hand out */

	for (;;) {
		int64_t wait_ns;
		size_t np = 0;
		int n;

		for (size_t i = dr->lo; i < dr->hi && more; i++) {
			size_t index;

			if (dr->slots[i].busy)
				continue;
			if (!(index = direct_take(dr)))
				more = false;
			else
				direct_begin(dr, &dr->slots[i], &dr->dc[i], index);
		}
		if (!dr->running)
			break;
		for (size_t i = dr->lo; i < dr->hi; i++) {
			if (!dr->slots[i].busy || !dr->dc[i].up)
				continue;
			pf[np] = (struct pollfd){
				.fd = dr->dc[i].fd,
				.events = (short)(POLLIN |
						  (dr->dc[i].off < dr->req->len ? POLLOUT : 0)) };
			who[np++] = i;
		}
		wait_ns = q->deadline_ns - mono_now_ns();
		if (wait_ns > 50 * NSEC_PER_MSEC)
			wait_ns = 50 * NSEC_PER_MSEC; /* the deadline checks' period */
		n = wait_ns > 0 ? poll(pf, np, (int)((wait_ns + NSEC_PER_MSEC - 1) / NSEC_PER_MSEC))
				: 0;
		for (size_t k = 0; n > 0 && k < np; k++) {
			struct slot *s = &dr->slots[who[k]];
			struct dconn *d = &dr->dc[who[k]];

			if (!pf[k].revents || !s->busy)
				continue;
			if ((pf[k].revents & POLLOUT) && !direct_send(dr, s, d))
				continue;
			if (s->busy && d->up && (pf[k].revents & (POLLIN | POLLERR | POLLHUP)))
				direct_read(dr, s, d);
		}
		if (mono_now_ns() >= q->deadline_ns) {
			for (size_t i = dr->lo; i < dr->hi; i++)
				if (dr->slots[i].busy) {
					direct_close(&dr->slots[i], &dr->dc[i], "the load's time ran out");
					direct_end(dr, &dr->slots[i], &dr->dc[i], HTTP_OUT_TIMEOUT,
						   "no complete response within the load's time");
				}
			more = false;
		}
	}
}

static void *direct_worker(void *arg)
{
	load_direct(arg);
	return NULL;
}

/* Workers for a load of `concurrency` connections: one per core, at most
 * one per connection; CARECERT_HTTP_LOAD_THREADS=N sets N (1: the one
 * thread of the runner, for comparison). */
static size_t direct_threads(size_t concurrency)
{
	const char *e = getenv("CARECERT_HTTP_LOAD_THREADS");
	long n = e && *e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return (size_t)n < concurrency ? (size_t)n : concurrency;
}

/* The load the direct way: workers 1..n-1 on threads of their own, the
 * last one on this thread; a thread that cannot start leaves its slots to
 * this one. The requests handed out are counted in base->sh. */
static int load_direct_all(struct direct *base, size_t concurrency)
{
	size_t nw = direct_threads(concurrency), made = 0;
	struct direct *w = calloc(nw, sizeof(*w));
	sigset_t all, old;

	if (!w)
		return CC_ENOMEM;
	/* the run's stop signals go to this thread (its poll ends with EINTR) */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (size_t k = 0; k < nw; k++) {
		w[k] = *base;
		w[k].lo = k * concurrency / nw;
		w[k].hi = (k + 1) * concurrency / nw;
		w[k].mdctx = EVP_MD_CTX_new(); /* NULL: body_sha256 falls back */
	}
	for (; made + 1 < nw; made++)
		if (pthread_create(&w[made].th, NULL, direct_worker, &w[made]))
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	w[nw - 1].lo = w[made].lo; /* this thread takes the slots of those not made */
	load_direct(&w[nw - 1]);
	for (size_t k = 0; k < made; k++)
		pthread_join(w[k].th, NULL);
	for (size_t k = 0; k < nw; k++)
		EVP_MD_CTX_free(w[k].mdctx);
	free(w);
	return CC_OK;
}

int http_load(struct transport *t, const struct http_request *q, size_t count,
	      size_t concurrency, const long *ok_status, size_t nok,
	      struct http_load_result *res)
{
	struct slot *slots;
	size_t started = 0, running = 0;
	struct sockwatch w = { .timer_ns = -1 };
	EVP_MD *md = NULL;
	EVP_MD_CTX *mdctx = NULL;
	CURLM *m;
	int rc = CC_OK;

	memset(res, 0, sizeof(*res));
	if (!http_base_url(t))
		return CC_ENOTSUP;
	/* load only ever goes to the profile's own address */
	if (!http_url_under(q->url, http_base_url(t)) || count > HTTP_LOAD_MAX ||
	    !concurrency || concurrency > HTTP_LOAD_MAX_PARALLEL)
		return CC_EINVAL;
	if (concurrency > count)
		concurrency = count ? count : 1;
	res->latency_ms = calloc(count ? count : 1, sizeof(double));
	slots = calloc(concurrency, sizeof(*slots));
	m = curl_multi_init();
	md = EVP_MD_fetch(NULL, "SHA256", NULL); /* NULL: body_sha256 falls back */
	mdctx = EVP_MD_CTX_new();
	if (!res->latency_ms || !slots || !m) {
		rc = CC_ENOMEM;
		goto out;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)concurrency);
	curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(m, CURLMOPT_SOCKETDATA, &w);
	curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(m, CURLMOPT_TIMERDATA, &w);
	for (size_t i = 0; i < concurrency; i++) {
		http_response_init(&slots[i].r);
		if (!(slots[i].h = curl_easy_init())) {
			rc = CC_ENOMEM;
			goto out;
		}
	}
	if (direct_ok(q)) {
		struct dshared sh = { .count = count };
		struct direct dr = { .t = t, .q = q, .slots = slots, .res = res, .ok = ok_status,
				     .nok = nok, .md = md, .sh = &sh };
		struct buf req;
		bool built;

		buf_init(&req, HTTP_MAX_HEADERS + HTTP_MAX_BODY);
		dr.req = &req;
		built = !direct_request(&req, q);
		if (built && !(dr.dc = calloc(concurrency, sizeof(*dr.dc))))
			rc = CC_ENOMEM;
		for (size_t i = 0; built && !rc && i < concurrency; i++) {
			slots[i].x.t = t;
			slots[i].x.r = &slots[i].r;
			buf_init(&slots[i].x.tx, HTTP_LOG_MAX + 1);
			slots[i].ready = true; /* x is released with the slot */
		}
		if (built && !rc && pthread_mutex_init(&sh.mu, NULL))
			rc = CC_ENOMEM;
		else if (built && !rc) {
			rc = load_direct_all(&dr, concurrency);
			pthread_mutex_destroy(&sh.mu);
			started = sh.started;
			/* a request not handed out: the time ran out first */
			res->deadline_hit = started < count;
		}
		buf_release(&req);
		free(dr.dc);
		if (rc)
			goto out;
		if (built)
			goto done;
	}
	while (started < count || running) {
		struct CURLMsg *msg;
		int left;
		bool freed = false;

		for (size_t i = 0; i < concurrency && started < count; i++) {
			if (slots[i].busy)
				continue;
			if (mono_now_ns() >= q->deadline_ns)
				break;
			if ((rc = slot_start(m, &slots[i], t, q, started + 1)))
				goto out;
			started++;
			running++;
		}
		if (!running)
			break;
		load_step(m, &w);
		while ((msg = curl_multi_info_read(m, &left))) {
			struct slot *s = NULL;
			double ms;

			if (msg->msg != CURLMSG_DONE)
				continue;
			for (size_t i = 0; i < concurrency && !s; i++)
				if (slots[i].h == msg->easy_handle)
					s = &slots[i];
			curl_multi_remove_handle(m, msg->easy_handle);
			if (!s)
				continue;
			/* from the hand-over to curl to the last byte taken:
			 * the time the client waited, queueing included
			 * (curl's own total time leaves that out) */
			ms = (double)(mono_now_ns() - s->started_ns) / 1e6;
			if (s->whole) {
				finish(&s->x, s->h, msg->data.result, s->errbuf);
				/* the next one's trace starts empty */
				buf_reset(&s->x.tx);
			} else {
				compact_from_curl(s, msg->data.result);
				finish_compact(s, ms, status_ok(s->r.status, ok_status, nok), md,
					       mdctx, NULL);
			}
			s->busy = false;
			freed = true;
			running--;
			account(res, s, ms, ok_status, nok);
		}
		if (mono_now_ns() >= q->deadline_ns && started < count)
			res->deadline_hit = true;
		/* a freed slot starts its next request at once (adding it
		 * sets curl's timer to now: load_step does not wait) */
		(void)freed;
	}
done:
	res->sent = started;
	qsort(res->latency_ms, res->completed, sizeof(double), cmp_double);
out:
	for (size_t i = 0; slots && i < concurrency; i++) {
		if (slots[i].busy)
			curl_multi_remove_handle(m, slots[i].h);
		if (slots[i].ready)
			xfer_release(&slots[i].x);
		if (slots[i].h)
			curl_easy_cleanup(slots[i].h);
		http_response_release(&slots[i].r);
	}
	free(slots);
	if (m)
		curl_multi_cleanup(m);
	EVP_MD_CTX_free(mdctx);
	EVP_MD_free(md);
	if (rc) {
		free(res->latency_ms);
		res->latency_ms = NULL;
	}
	return rc;
}

void http_load_release(struct http_load_result *res)
{
	free(res->latency_ms);
	res->latency_ms = NULL;
}
