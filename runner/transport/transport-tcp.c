/* SPDX-License-Identifier: MIT */
/*
 * TCP transport: a byte stream to a device or gateway that speaks a byte
 * protocol over TCP (IEEE 11073-20601 runs unchanged over TCP: Antidote's
 * healthd, port 6024). `address: host:port` connects to a device that
 * listens (and to the simulators, which announce `TCP host:port`);
 * `listen: host:port` waits for a device that connects, as an 11073 agent
 * connects to its manager (the connection is accepted when the link
 * opens, within `accept_timeout`, 60 s by default).
 */
#include "transport/transport.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/units.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TCP_CONNECT_TIMEOUT_NS (5LL * NSEC_PER_SEC)
#define TCP_WRITE_TIMEOUT_NS (5LL * NSEC_PER_SEC)

struct tcp {
	int fd;
	char desc[300];
};

static const char *const tcp_params[] = {"address", "listen", "accept_timeout", NULL};

/* "host:port" (the last colon splits; [v6]:port allowed) into its parts. */
static int split_hostport(const char *s, char *host, size_t hlen, char *port, size_t plen)
{
	const char *c = strrchr(s, ':');
	size_t n;
	char *end;
	long p;

	if (!c || c == s || !c[1])
		return CC_EINVAL;
	p = strtol(c + 1, &end, 10);
	if (*end || p < 0 || p > 65535)
		return CC_EINVAL;
	n = (size_t)(c - s);
	if (s[0] == '[' && n >= 2 && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= hlen)
		return CC_EINVAL;
	memcpy(host, s, n);
	host[n] = 0;
	snprintf(port, plen, "%ld", p);
	return CC_OK;
}

static int tcp_check_param(const char *key, const char *value, char *err, size_t errlen)
{
	char h[256], p[8];
	int64_t ns;

	if (!strcmp(key, "accept_timeout")) {
		if (duration_parse(value, &ns, err, errlen) || ns <= 0) {
			snprintf(err, errlen, "accept_timeout must be a duration (60 s)");
			return CC_EINVAL;
		}
		return CC_OK;
	}
	if (!strcmp(value, "sim") && !strcmp(key, "address"))
		return CC_OK;
	if (split_hostport(value, h, sizeof(h), p, sizeof(p))) {
		snprintf(err, errlen, "%s must be host:port (e.g. 127.0.0.1:6024)", key);
		return CC_EINVAL;
	}
	return CC_OK;
}

static void tcp_close(struct transport *t)
{
	struct tcp *c = transport_priv(t);

	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	transport_set_priv(t, NULL);
}

static int wait_fd(int fd, short ev, int64_t deadline)
{
	struct pollfd pfd = {.fd = fd, .events = ev};
	int rc;

	do {
		rc = poll(&pfd, 1, deadline_to_poll_ms(deadline));
	} while (rc < 0 && errno == EINTR);
	return rc > 0 ? CC_OK : rc == 0 ? CC_ETIMEDOUT : CC_EIO;
}

static int tcp_connect(struct tcp *c, const char *host, const char *port, char *err,
		       size_t errlen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai, *a;
	int rc = getaddrinfo(host, port, &hints, &ai);

	if (rc) {
		snprintf(err, errlen, "%s:%s: %s", host, port, gai_strerror(rc));
		return CC_ENOTFOUND;
	}
	rc = CC_EIO;
	for (a = ai; a && c->fd < 0; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		int soerr = 0;
		socklen_t sl = sizeof(soerr);

		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) && errno != EINPROGRESS) {
			snprintf(err, errlen, "%s port %s: %s", host, port, strerror(errno));
			close(fd);
			continue;
		}
		if (wait_fd(fd, POLLOUT, mono_now_ns() + TCP_CONNECT_TIMEOUT_NS) ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) || soerr) {
			snprintf(err, errlen, "%s port %s: %s", host, port,
				 soerr ? strerror(soerr) : "connection timed out");
			close(fd);
			continue;
		}
		c->fd = fd;
		rc = CC_OK;
	}
	freeaddrinfo(ai);
	return rc;
}

static int tcp_accept(struct tcp *c, const char *host, const char *port, int64_t timeout,
		      char *err, size_t errlen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai;
	int one = 1, ls, rc = getaddrinfo(host, port, &hints, &ai);

	if (rc) {
		snprintf(err, errlen, "%s:%s: %s", host, port, gai_strerror(rc));
		return CC_ENOTFOUND;
	}
	ls = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
	if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(ls, ai->ai_addr, ai->ai_addrlen) || listen(ls, 1)) {
		snprintf(err, errlen, "listen on %s:%s: %s", host, port, strerror(errno));
		if (ls >= 0)
			close(ls);
		freeaddrinfo(ai);
		return CC_ESYS;
	}
	freeaddrinfo(ai);
	rc = wait_fd(ls, POLLIN, mono_now_ns() + timeout);
	if (!rc && (c->fd = accept(ls, NULL, NULL)) >= 0)
		fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	if (rc || c->fd < 0)
		snprintf(err, errlen, "no device connected to %s:%s within %.0f s", host, port,
			 timeout / 1e9);
	close(ls);
	return c->fd >= 0 ? CC_OK : CC_ETIMEDOUT;
}

static int tcp_open(struct transport *t, char *err, size_t errlen)
{
	const char *addr = transport_param(t, "address"), *lis = transport_param(t, "listen");
	const char *to = transport_param(t, "accept_timeout");
	char host[256], port[8];
	int64_t timeout = 60LL * NSEC_PER_SEC;
	struct tcp *c;
	int rc;

	if (!!addr == !!lis) {
		snprintf(err, errlen, "tcp needs one of address (connect) or listen (accept)");
		return CC_EINVAL;
	}
	if (addr && !strcmp(addr, "sim")) {
		snprintf(err, errlen, "address 'sim' needs a simulator in the profile");
		return CC_EINVAL;
	}
	if (split_hostport(addr ? addr : lis, host, sizeof(host), port, sizeof(port))) {
		snprintf(err, errlen, "%s is not host:port", addr ? addr : lis);
		return CC_EINVAL;
	}
	if (to && duration_parse(to, &timeout, err, errlen))
		return CC_EINVAL;
	if (!(c = calloc(1, sizeof(*c))))
		return CC_ENOMEM;
	c->fd = -1;
	transport_set_priv(t, c);
	rc = addr ? tcp_connect(c, host, port, err, errlen)
		  : tcp_accept(c, host, port, timeout, err, errlen);
	if (rc) {
		tcp_close(t);
		return rc;
	}
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	snprintf(c->desc, sizeof(c->desc), "tcp %s %s:%s", addr ? "to" : "from a device on",
		 host, port);
	return CC_OK;
}

static int tcp_send(struct transport *t, const uint8_t *p, size_t n)
{
	struct tcp *c = transport_priv(t);
	int64_t deadline = mono_now_ns() + TCP_WRITE_TIMEOUT_NS;

	while (n) {
		ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EPIPE || errno == ECONNRESET))
			return CC_ECLOSED;
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return CC_EIO;
		if (wait_fd(c->fd, POLLOUT, deadline) == CC_ETIMEDOUT)
			return CC_ETIMEDOUT;
	}
	return CC_OK;
}

static int tcp_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		    int64_t deadline_ns)
{
	struct tcp *c = transport_priv(t);

	for (;;) {
		ssize_t r = recv(c->fd, p, cap, 0);

		if (r > 0) {
			*got = (size_t)r;
			return CC_OK;
		}
		if (r == 0 || (r < 0 && errno == ECONNRESET))
			return CC_ECLOSED;
		if (errno != EAGAIN && errno != EINTR)
			return CC_EIO;
		if (mono_now_ns() >= deadline_ns)
			return CC_ETIMEDOUT;
		int rc = wait_fd(c->fd, POLLIN, deadline_ns);

		if (rc == CC_EIO)
			return rc;
	}
}

static const char *tcp_describe(struct transport *t)
{
	struct tcp *c = transport_priv(t);

	return c ? c->desc : "tcp";
}

const struct transport_ops transport_tcp_ops = {
	.kind = "tcp",
	.params = tcp_params,
	.check_param = tcp_check_param,
	.open = tcp_open,
	.close = tcp_close,
	.send = tcp_send,
	.recv = tcp_recv,
	.describe = tcp_describe,
	.sim_param = "address",
	.byte_stream = true,
};
