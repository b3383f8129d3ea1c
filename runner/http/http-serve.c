/* SPDX-License-Identifier: MIT */
/*
 * The receiving HTTPS endpoint (http-serve.h): libmicrohttpd with its own
 * polling thread; what it sees goes to a queue under a mutex, taken by the
 * runner's thread.
 */
#include "http/http-serve.h"
#include "base/clock.h"
#include "base/err.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <gnutls/gnutls.h> /* protocol numbers only: MHD reports them */
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct qnode {
	struct http_srv_item *it;
	struct qnode *next;
};

struct http_srv {
	struct MHD_Daemon *d;
	char url[96];
	int port;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct qnode *head, *tail;
	size_t n, dropped, next_id;
	int64_t refuse_until_ns; /* answer refuse_status before then */
	unsigned refuse_status;
	/* unreachable until up_ns: the opener thread starts the daemon then */
	int fd;               /* the socket until the daemon owns it; else -1 */
	char *cert, *key;     /* copies for the opener */
	enum http_srv_down down;
	int64_t started_ns, up_ns, refuse_from_ns;
	bool opener, stopping, up, failed;
	pthread_t opener_th;
};

static const char *const down_names[] = {
	[HTTP_SRV_DOWN_NONE] = "none", [HTTP_SRV_DOWN_CLOSED] = "closed",
	[HTTP_SRV_DOWN_SILENT] = "silent",
};

int http_srv_down_parse(const char *s, enum http_srv_down *out)
{
	for (int i = HTTP_SRV_DOWN_CLOSED; s && i <= HTTP_SRV_DOWN_SILENT; i++)
		if (!strcmp(s, down_names[i])) {
			*out = (enum http_srv_down)i;
			return CC_OK;
		}
	return CC_EINVAL;
}

const char *http_srv_down_name(enum http_srv_down d)
{
	return (unsigned)d <= HTTP_SRV_DOWN_SILENT ? down_names[d] : "unknown";
}

/* One connection: did a request come on it? */
struct conn {
	unsigned requests;
	char peer[64];
};

static const char *const cert_names[HTTP_CERT_COUNT] = {
	[HTTP_CERT_VALID] = "valid", [HTTP_CERT_SELF_SIGNED] = "self_signed",
	[HTTP_CERT_EXPIRED] = "expired", [HTTP_CERT_WRONG_HOST] = "wrong_host",
};

int http_srv_cert_parse(const char *s, enum http_srv_cert *out)
{
	for (int i = 0; s && i < HTTP_CERT_COUNT; i++)
		if (!strcmp(s, cert_names[i])) {
			*out = (enum http_srv_cert)i;
			return CC_OK;
		}
	return CC_EINVAL;
}

const char *http_srv_cert_name(enum http_srv_cert c)
{
	return (unsigned)c < HTTP_CERT_COUNT ? cert_names[c] : "unknown";
}

static bool host_ok(const char *h)
{
	size_t n = strlen(h);

	if (!n || n > 200)
		return false;
	for (const char *c = h; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr(".-:", *c))
			return false;
	return true;
}

int http_srv_cert_plan(enum http_srv_cert c, const char *host, struct http_srv_cert_plan *p)
{
	struct in6_addr a6;
	struct in_addr a4;
	bool ip;

	memset(p, 0, sizeof(*p));
	if ((unsigned)c >= HTTP_CERT_COUNT || !host || !host_ok(host))
		return CC_EINVAL;
	ip = inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1;
	p->signed_by_ca = c != HTTP_CERT_SELF_SIGNED;
	p->from_s = -3600;
	p->to_s = 86400;
	if (c == HTTP_CERT_WRONG_HOST) {
		/* a name under .invalid (RFC 2606) can never be the DUT's target */
		snprintf(p->cn, sizeof(p->cn), "wrong-host.invalid");
		snprintf(p->san, sizeof(p->san), "DNS:wrong-host.invalid");
		return CC_OK;
	}
	if (c == HTTP_CERT_EXPIRED) {
		p->from_s = -2 * 86400;
		p->to_s = -86400;
	}
	snprintf(p->cn, sizeof(p->cn), "%s", host);
	snprintf(p->san, sizeof(p->san), "%s:%s", ip ? "IP" : "DNS", host);
	return CC_OK;
}

/* ---- queue ---- */

static struct http_srv_item *item_new(enum http_srv_kind kind)
{
	struct http_srv_item *it = calloc(1, sizeof(*it));

	if (!it)
		return NULL;
	it->kind = kind;
	buf_init(&it->headers, 64u * 1024u);
	buf_init(&it->body, HTTP_SRV_MAX_BODY);
	return it;
}

void http_srv_item_free(struct http_srv_item *it)
{
	if (!it)
		return;
	buf_release(&it->headers);
	buf_release(&it->body);
	free(it);
}

/* Takes it in every case. */
static void push(struct http_srv *s, struct http_srv_item *it)
{
	struct qnode *q = malloc(sizeof(*q));

	it->mono_ns = mono_now_ns();
	pthread_mutex_lock(&s->lock);
	if (!q || s->n >= HTTP_SRV_MAX_QUEUE) {
		s->dropped++;
		pthread_mutex_unlock(&s->lock);
		free(q);
		http_srv_item_free(it);
		return;
	}
	q->it = it;
	q->next = NULL;
	if (s->tail)
		s->tail->next = q;
	else
		s->head = q;
	s->tail = q;
	s->n++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

int http_srv_wait(struct http_srv *s, int64_t deadline_ns, struct http_srv_item **out)
{
	struct qnode *q;
	int rc = CC_OK;

	*out = NULL;
	pthread_mutex_lock(&s->lock);
	while (!s->head) {
		int64_t now = mono_now_ns();
		struct timespec ts;

		if (s->failed) {
			rc = CC_ESYS; /* the platform never came up */
			break;
		}
		if (now >= deadline_ns) {
			rc = CC_ETIMEDOUT;
			break;
		}
		ts.tv_sec = (time_t)(deadline_ns / 1000000000LL);
		ts.tv_nsec = (long)(deadline_ns % 1000000000LL);
		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
	if ((q = s->head)) {
		s->head = q->next;
		if (!s->head)
			s->tail = NULL;
		s->n--;
		*out = q->it;
		free(q);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

size_t http_srv_dropped(struct http_srv *s)
{
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = s->dropped;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* ---- libmicrohttpd callbacks (the server's thread) ---- */

static void peer_text(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)ci->client_addr;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
	} else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ci->client_addr;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
	}
	snprintf(out, len, "%s:%d", host, port);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_srv *s = cls;
	struct conn *k = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		if ((k = calloc(1, sizeof(*k))))
			peer_text(c, k->peer, sizeof(k->peer));
		*socket_context = k;
		return;
	}
	if (k && !k->requests) {
		struct http_srv_item *it = item_new(HTTP_SRV_NO_REQUEST);

		if (it) {
			snprintf(it->peer, sizeof(it->peer), "%s", k->peer);
			push(s, it);
		}
	}
	free(k);
	*socket_context = NULL;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct http_srv_item *it = cls;

	(void)kind;
	/* a header too many is dropped; the request still counts */
	if (buf_appendf(&it->headers, "%s: %s\r\n", key, value ? value : ""))
		return MHD_NO;
	return MHD_YES;
}

static const char *tls_name(int proto)
{
	switch (proto) {
	case GNUTLS_TLS1_0: return "TLSv1.0";
	case GNUTLS_TLS1_1: return "TLSv1.1";
	case GNUTLS_TLS1_2: return "TLSv1.2";
	case GNUTLS_TLS1_3: return "TLSv1.3";
	default: return "";
	}
}

static enum MHD_Result answer(struct http_srv *s, struct MHD_Connection *c,
			      struct http_srv_item *it)
{
	bool create = !strcmp(it->method, "POST") || !strcmp(it->method, "PUT");
	char body[160], loc[64];
	struct MHD_Response *r;
	enum MHD_Result ok;
	size_t id;

	bool refuse;

	pthread_mutex_lock(&s->lock);
	refuse = s->refuse_until_ns && mono_now_ns() < s->refuse_until_ns;
	id = refuse ? 0 : ++s->next_id;
	it->status = refuse ? s->refuse_status : create ? MHD_HTTP_CREATED : MHD_HTTP_OK;
	pthread_mutex_unlock(&s->lock);
	if (refuse) {
		create = false;
		snprintf(body, sizeof(body), "{\"carecert\":\"refused\",\"status\":%u}", it->status);
	} else {
		snprintf(body, sizeof(body), "{\"carecert\":\"received\",\"id\":\"upload-%zu\"}",
			 id);
	}
	r = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (create) {
		snprintf(loc, sizeof(loc), "/upload/%zu", id);
		MHD_add_response_header(r, "Location", loc);
	}
	ok = MHD_queue_response(c, it->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_srv *s = cls;
	struct http_srv_item *it = *con_cls;
	const union MHD_ConnectionInfo *ci;
	enum MHD_Result ok;

	(void)version;
	if (!it) {
		const union MHD_ConnectionInfo *si =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		struct conn *k = si ? si->socket_context : NULL;

		if (!(it = item_new(HTTP_SRV_REQUEST)))
			return MHD_NO;
		if (k) {
			k->requests++;
			snprintf(it->peer, sizeof(it->peer), "%s", k->peer);
		}
		snprintf(it->method, sizeof(it->method), "%s", method);
		snprintf(it->path, sizeof(it->path), "%s", url);
		*con_cls = it;
		return MHD_YES;
	}
	if (*upload_size) {
		/* kept up to the cap, counted beyond: a huge upload is evidence,
		 * not a reason to reset the connection */
		if (it->body.len + *upload_size <= HTTP_SRV_MAX_BODY &&
		    buf_append(&it->body, upload, *upload_size))
			return MHD_NO;
		it->body_total += *upload_size;
		*upload_size = 0;
		return MHD_YES;
	}
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_header, it);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_PROTOCOL);
	if (ci)
		snprintf(it->tls_version, sizeof(it->tls_version), "%s", tls_name(ci->protocol));
	ok = answer(s, c, it);
	*con_cls = NULL;
	push(s, it);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	/* a request cut short before it was answered */
	http_srv_item_free(*con_cls);
	*con_cls = NULL;
}

/* ---- start and stop ---- */

/* The listening socket, or -1 with *rc (CC_EINVAL, CC_ESYS) and err. */
static int listen_socket(const char *ip, int port, bool do_listen, char *url, size_t urllen,
			 int *bound, int *rc, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd, one = 1, family;

	memset(&ss, 0, sizeof(ss));
	if (port < 0 || port > 65535) {
		snprintf(err, errlen, "port %d is not 0..65535", port);
		*rc = CC_EINVAL;
		return -1;
	}
	if (inet_pton(AF_INET, ip, &a4->sin_addr) == 1) {
		family = AF_INET;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, ip, &a6->sin6_addr) == 1) {
		family = AF_INET6;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		len = sizeof(*a6);
	} else {
		snprintf(err, errlen, "'%s' is not an IP address", ip);
		*rc = CC_EINVAL;
		return -1;
	}
	if ((fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		*rc = CC_ESYS;
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || (do_listen && listen(fd, 32)) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", ip, port, strerror(errno));
		close(fd);
		*rc = CC_ESYS;
		return -1;
	}
	*bound = family == AF_INET ? ntohs(a4->sin_port) : ntohs(a6->sin6_port);
	snprintf(url, urllen, family == AF_INET ? "https://%s:%d" : "https://[%s]:%d", ip, *bound);
	return fd;
}

/* The daemon on the listening socket fd (which it owns from then on). */
static struct MHD_Daemon *start_daemon(struct http_srv *s, int fd, const char *cert_pem,
				       const char *key_pem)
{
	/* what carecert offers the DUT: TLS 1.2 and 1.3, as a good cloud would,
	 * so that a refusal is about the certificate and nothing else */
	static const char *const prio = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";

	return MHD_start_daemon(MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
				on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
				MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_HTTPS_MEM_CERT,
				cert_pem, MHD_OPTION_HTTPS_PRIORITIES, prio,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
				MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
}

/* Waits out the outage (or the stop), then listens and serves. */
static void *opener(void *arg)
{
	struct http_srv *s = arg;
	struct MHD_Daemon *d = NULL;
	bool ok;

	pthread_mutex_lock(&s->lock);
	while (!s->stopping && mono_now_ns() < s->up_ns) {
		struct timespec ts = { .tv_sec = (time_t)(s->up_ns / 1000000000LL),
				       .tv_nsec = (long)(s->up_ns % 1000000000LL) };

		pthread_cond_timedwait(&s->cond, &s->lock, &ts);
	}
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return NULL;
	}
	pthread_mutex_unlock(&s->lock);
	ok = (s->down != HTTP_SRV_DOWN_CLOSED || !listen(s->fd, 32)) &&
	     (d = start_daemon(s, s->fd, s->cert, s->key)) != NULL;
	pthread_mutex_lock(&s->lock);
	if (ok) {
		s->d = d;
		s->fd = -1;
		s->up = true;
	} else {
		s->failed = true;
	}
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int http_srv_start_down(const char *ip, int port, const char *cert_pem, const char *key_pem,
			enum http_srv_down down, int64_t up_ns, struct http_srv **out,
			char *err, size_t errlen)
{
	struct http_srv *s;
	int rc = CC_OK;

	*out = NULL;
	if (!ip || !cert_pem || !key_pem) {
		snprintf(err, errlen, "no address, certificate or key");
		return CC_EINVAL;
	}
	if ((unsigned)down > HTTP_SRV_DOWN_SILENT) {
		snprintf(err, errlen, "unknown outage kind");
		return CC_EINVAL;
	}
	if (!(s = calloc(1, sizeof(*s))))
		return CC_ENOMEM;
	s->fd = -1;
	s->started_ns = mono_now_ns();
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* mono_now_ns() */
		pthread_cond_init(&s->cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	pthread_mutex_init(&s->lock, NULL);
	if ((s->fd = listen_socket(ip, port, down != HTTP_SRV_DOWN_CLOSED, s->url, sizeof(s->url),
				   &s->port, &rc, err, errlen)) < 0) {
		http_srv_stop(s);
		return rc;
	}
	if (down == HTTP_SRV_DOWN_NONE) {
		if (!(s->d = start_daemon(s, s->fd, cert_pem, key_pem))) {
			snprintf(err, errlen, "cannot start the HTTPS endpoint (certificate or key not accepted?)");
			http_srv_stop(s);
			return CC_EINVAL;
		}
		s->fd = -1;
		s->up = true;
		*out = s;
		return CC_OK;
	}
	s->down = down;
	s->up_ns = up_ns;
	if (!(s->cert = strdup(cert_pem)) || !(s->key = strdup(key_pem))) {
		http_srv_stop(s);
		return CC_ENOMEM;
	}
	if (pthread_create(&s->opener_th, NULL, opener, s)) {
		snprintf(err, errlen, "cannot start the endpoint's thread");
		http_srv_stop(s);
		return CC_ESYS;
	}
	s->opener = true;
	*out = s;
	return CC_OK;
}

int http_srv_start(const char *ip, int port, const char *cert_pem, const char *key_pem,
		   struct http_srv **out, char *err, size_t errlen)
{
	return http_srv_start_down(ip, port, cert_pem, key_pem, HTTP_SRV_DOWN_NONE, 0, out, err,
				   errlen);
}

int http_srv_is_up(struct http_srv *s)
{
	int up;

	if (!s)
		return 0;
	pthread_mutex_lock(&s->lock);
	up = s->up;
	pthread_mutex_unlock(&s->lock);
	return up;
}

const char *http_srv_url(const struct http_srv *s)
{
	return s ? s->url : "";
}

int http_srv_port(const struct http_srv *s)
{
	return s ? s->port : 0;
}

void http_srv_stop(struct http_srv *s)
{
	if (!s)
		return;
	if (s->opener) {
		pthread_mutex_lock(&s->lock);
		s->stopping = true;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->opener_th, NULL);
	}
	if (s->d)
		MHD_stop_daemon(s->d); /* joins its thread: nothing pushes after this */
	if (s->fd >= 0)
		close(s->fd); /* never handed to a daemon */
	free(s->cert);
	free(s->key);
	while (s->head) {
		struct qnode *q = s->head;

		s->head = q->next;
		http_srv_item_free(q->it);
		free(q);
	}
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void http_srv_refuse_until(struct http_srv *s, int64_t until_ns, unsigned status)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->refuse_from_ns = mono_now_ns();
	s->refuse_until_ns = until_ns;
	s->refuse_status = status;
	pthread_mutex_unlock(&s->lock);
}

int http_srv_outage(struct http_srv *s, enum http_srv_down *how, unsigned *status,
		    int64_t *from_ns, int64_t *to_ns)
{
	int had = 0;

	if (!s)
		return 0;
	pthread_mutex_lock(&s->lock);
	if (s->down != HTTP_SRV_DOWN_NONE) {
		*how = s->down;
		*status = 0;
		*from_ns = s->started_ns;
		*to_ns = s->up_ns;
		had = 1;
	} else if (s->refuse_until_ns) {
		*how = HTTP_SRV_DOWN_NONE;
		*status = s->refuse_status;
		*from_ns = s->refuse_from_ns;
		*to_ns = s->refuse_until_ns;
		had = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return had;
}
