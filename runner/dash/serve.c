/* SPDX-License-Identifier: MIT */
/* The dashboard's HTTP server: requests in, dash_render's pages out. */
#include "dash/serve.h"

#include "base/err.h"
#include "base/fileio.h"
#include "dash/auth.h"
#include "dash/page.h"
#include "dash/upload.h"

#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dash_server {
	struct MHD_Daemon *d;
	struct store *store;
	char *cert, *key; /* PEM text, kept while the daemon runs */
	bool tls;
	struct dash_tokens *tokens; /* NULL: no import endpoint */
	const char *import_pubkey;
	struct dash_auth *auth; /* NULL: pages open to whoever reaches the port */
};

enum req_kind { REQ_UPLOAD = 1, REQ_LOGIN };

/* One POST /api/import being received: spooled to a temporary file. */
struct upload {
	enum req_kind kind; /* first: on_completed tells the two apart */
	int fd;
	char path[PATH_MAX];
	size_t size;
	bool too_big;
	char bench[64];
};

static void upload_free(struct upload *u)
{
	if (!u)
		return;
	if (u->fd >= 0)
		close(u->fd);
	unlink(u->path);
	free(u);
}

/* A POST /login being received: the form's two fields. */
struct login {
	enum req_kind kind;
	struct MHD_PostProcessor *pp;
	char user[64], password[256];
	bool too_long;
};

static void login_free(struct login *l)
{
	if (!l)
		return;
	if (l->pp)
		MHD_destroy_post_processor(l->pp);
	OPENSSL_cleanse(l->password, sizeof(l->password));
	free(l);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	enum req_kind *k = *req_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (k && *k == REQ_UPLOAD)
		upload_free(*req_cls);
	else if (k)
		login_free(*req_cls);
	*req_cls = NULL;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, const char *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* POST /api/import: token first, then the body spooled, then verified
 * and imported when it is all there. */
static enum MHD_Result on_import(struct dash_server *s, struct MHD_Connection *c,
				 const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct upload *u = *req_cls;

	if (!u) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *td = getenv("TMPDIR");
		char bench[64];

		if (!dash_tokens_check(s->tokens,
				       MHD_lookup_connection_value(c, MHD_HEADER_KIND,
								   MHD_HTTP_HEADER_AUTHORIZATION),
				       bench, sizeof(bench)))
			return send_json(c, 401, "{\"error\":\"a bench token is needed\"}");
		if (len && strtoull(len, NULL, 10) > DASH_MAX_UPLOAD)
			return send_json(c, 413, "{\"error\":\"the package is too large\"}");
		if (!(u = calloc(1, sizeof(*u))))
			return MHD_NO;
		u->kind = REQ_UPLOAD;
		snprintf(u->path, sizeof(u->path), "%s/carecert-upload-XXXXXX",
			 td && *td ? td : "/tmp");
		if ((u->fd = mkstemp(u->path)) < 0) {
			free(u);
			return send_json(c, 500, "{\"error\":\"no spool file\"}");
		}
		snprintf(u->bench, sizeof(u->bench), "%s", bench);
		*req_cls = u;
		return MHD_YES;
	}
	if (*upload_size) {
		/* past the cap the rest is read and dropped, then refused */
		if (!u->too_big && u->size + *upload_size <= DASH_MAX_UPLOAD &&
		    write(u->fd, upload_data, *upload_size) == (ssize_t)*upload_size)
			u->size += *upload_size;
		else
			u->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (u->too_big)
		return send_json(c, 413, "{\"error\":\"the package is too large\"}");
	{
		struct buf body;
		int status = 500;
		enum MHD_Result ok;

		close(u->fd);
		u->fd = -1;
		buf_init(&body, BUF_MAX_TEXT);
		dash_import_package(s->store, u->path, s->import_pubkey, u->bench, &status, &body);
		ok = send_json(c, (unsigned)status, buf_str(&body)[0] ? buf_str(&body) : "{}");
		buf_release(&body);
		return ok;
	}
}

static const char *query_arg(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct dash_reply *rep,
				  const char *location, const char *cookie)
{
	struct MHD_Response *r;
	enum MHD_Result ok;
	size_t len;
	char *body = buf_detach(&rep->body, &len);

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", rep->content_type);
	MHD_add_response_header(r, "Content-Security-Policy", rep->csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (rep->status == 405)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	if (location)
		MHD_add_response_header(r, "Location", location);
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	ok = MHD_queue_response(c, (unsigned)rep->status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A page that only says where to go: 303 See Other. */
static enum MHD_Result redirect(struct MHD_Connection *c, const char *to, const char *cookie)
{
	struct dash_reply rep = { .status = 303, .content_type = "text/plain; charset=utf-8",
				  .csp = "default-src 'none'" };

	buf_init(&rep.body, 64);
	return send_reply(c, &rep, to, cookie);
}

static enum MHD_Result login_page(struct MHD_Connection *c, const char *msg, int status)
{
	struct dash_reply rep;

	if (dash_render_login(msg, status, &rep)) {
		dash_reply_release(&rep);
		return MHD_NO;
	}
	return send_reply(c, &rep, NULL, NULL);
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *filename, const char *content_type,
				const char *encoding, const char *data, uint64_t off, size_t size)
{
	struct login *l = cls;
	char *dst = !strcmp(key, "user") ? l->user : !strcmp(key, "password") ? l->password : NULL;
	size_t cap = dst == l->user ? sizeof(l->user) : sizeof(l->password);

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)encoding;
	if (!dst)
		return MHD_YES;
	if (off + size >= cap) {
		l->too_long = true;
		return MHD_YES;
	}
	memcpy(dst + off, data, size);
	dst[off + size] = 0;
	return MHD_YES;
}

/* POST /login: the form read, the password checked, a session made. */
static enum MHD_Result on_login(struct dash_server *s, struct MHD_Connection *c,
				const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct login *l = *req_cls;
	char token[65], cookie[256];

	if (!l) {
		if (!(l = calloc(1, sizeof(*l))))
			return MHD_NO;
		l->kind = REQ_LOGIN;
		l->pp = MHD_create_post_processor(c, 1024, on_field, l);
		*req_cls = l;
		if (!l->pp)
			return login_page(c, "the form must be sent as a web form", 400);
		return MHD_YES;
	}
	if (*upload_size) {
		if (!l->too_long && MHD_post_process(l->pp, upload_data, *upload_size) != MHD_YES)
			l->too_long = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (l->too_long || !l->user[0] ||
	    !dash_auth_login(s->auth, l->user, l->password, token))
		return login_page(c, "wrong user name or password", 401);
	snprintf(cookie, sizeof(cookie),
		 DASH_SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 DASH_SESSION_HOURS * 3600, s->tls ? "; Secure" : "");
	return redirect(c, "/", cookie);
}

/* With accounts: /login and /logout, and every page behind a session. */
static enum MHD_Result gate(struct dash_server *s, struct MHD_Connection *c, const char *url,
			    const char *method, const char *upload_data, size_t *upload_size,
			    void **req_cls, bool *done, char *user, size_t userlen)
{
	const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);

	*done = true;
	if (!strcmp(url, "/login") && !strcmp(method, "POST"))
		return on_login(s, c, upload_data, upload_size, req_cls);
	if (!strcmp(url, "/login"))
		return login_page(c, NULL, 200);
	if (!strcmp(url, "/logout") && !strcmp(method, "POST")) {
		dash_auth_logout(s->auth, cookie);
		return redirect(c, "/login",
				DASH_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	}
	if (!dash_auth_session(s->auth, cookie, user, userlen))
		return redirect(c, "/login", NULL);
	*done = false;
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct dash_server *s = cls;
	struct dash_reply rep;
	char user[64] = "";

	(void)version;
	if (s->tokens && !strcmp(url, "/api/import") && !strcmp(method, "POST"))
		return on_import(s, c, upload_data, upload_size, req_cls);
	if (s->auth) {
		bool done;
		enum MHD_Result ok = gate(s, c, url, method, upload_data, upload_size, req_cls,
					  &done, user, sizeof(user));

		if (done)
			return ok;
	}
	/* answered at once, before any request body: nothing else is uploaded */
	if (dash_render_as(s->store, user[0] ? user : NULL, method, url, query_arg, c, &rep)) {
		dash_reply_release(&rep);
		return MHD_NO;
	}
	return send_reply(c, &rep, NULL, NULL);
}

/* "ADDRESS:PORT", IPv4. */
static int parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errlen)
{
	const char *colon = listen ? strrchr(listen, ':') : NULL;
	char host[64];
	char *end;
	unsigned long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errlen, "--listen takes ADDRESS:PORT (127.0.0.1:8080), not '%s'",
			 listen ? listen : "");
		return CC_EINVAL;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
		snprintf(err, errlen, "--listen takes an IPv4 ADDRESS:PORT (127.0.0.1:8080), not '%s'",
			 listen);
		return CC_EINVAL;
	}
	sa->sin_port = htons((uint16_t)port);
	return CC_OK;
}

int dash_server_start(struct store *st, const struct dash_server_opts *o,
		      struct dash_server **out, char *err, size_t errlen)
{
	struct dash_server *s;
	struct sockaddr_in sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = parse_listen(o->listen, &sa, err, errlen)))
		return rc;
	if (!o->tls_cert != !o->tls_key) {
		snprintf(err, errlen, "TLS needs both a certificate and its key");
		return CC_EINVAL;
	}
	/* plain HTTP stays on this machine: a lab's network gets TLS */
	if (!o->tls_cert && (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
		snprintf(err, errlen, "plain HTTP is served on loopback (127.0.0.0/8) only;"
			 " give --tls-cert and --tls-key to listen on %s", o->listen);
		return CC_EINVAL;
	}
	if (!o->import_tokens != !o->import_pubkey) {
		snprintf(err, errlen, "the import endpoint needs both bench tokens and the key"
			 " pushed packages must be sealed by");
		return CC_EINVAL;
	}
	if (!(s = calloc(1, sizeof(*s))))
		return CC_ENOMEM;
	s->store = st;
	s->import_pubkey = o->import_pubkey;
	if (o->import_tokens && (rc = dash_tokens_load(o->import_tokens, &s->tokens, err, errlen))) {
		dash_server_stop(s);
		return rc;
	}
	if (o->accounts && (rc = dash_auth_load(o->accounts, &s->auth, err, errlen))) {
		dash_server_stop(s);
		return rc;
	}
	if (o->tls_cert) {
		if (read_file(o->tls_cert, &s->cert, &n) || read_file(o->tls_key, &s->key, &n)) {
			snprintf(err, errlen, "cannot read the TLS certificate or key");
			dash_server_stop(s);
			return CC_EINVAL;
		}
		s->tls = true;
		flags |= MHD_USE_TLS;
	}
	s->d = s->tls ? MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
					 (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
					 (unsigned)DASH_MAX_CONNECTIONS,
					 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)DASH_IDLE_TIMEOUT_S,
					 MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
					 MHD_OPTION_HTTPS_MEM_CERT, s->cert, MHD_OPTION_HTTPS_MEM_KEY,
					 s->key, MHD_OPTION_END)
		      : MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
					 (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
					 (unsigned)DASH_MAX_CONNECTIONS,
					 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)DASH_IDLE_TIMEOUT_S,
					 MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
					 MHD_OPTION_END);
	if (!s->d) {
		snprintf(err, errlen, "cannot serve on %s (in use, or a bad certificate)", o->listen);
		dash_server_stop(s);
		return CC_EIO;
	}
	*out = s;
	return CC_OK;
}

unsigned dash_server_port(const struct dash_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);

	return i ? i->port : 0;
}

const char *dash_server_scheme(const struct dash_server *s)
{
	return s->tls ? "https" : "http";
}

void dash_server_stop(struct dash_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	free(s->cert);
	free(s->key);
	dash_tokens_free(s->tokens);
	dash_auth_free(s->auth);
	free(s);
}
