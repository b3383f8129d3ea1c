/* SPDX-License-Identifier: MIT */
/* The tcp transport (transport/transport-tcp.c) against a real loopback
 * socket: connect to a listener, bytes both ways, a deadline with nothing
 * to read, the peer hanging up; accept a device that connects; parameter
 * checks. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "transport/transport.h"

static int listener(unsigned *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof(sin);
	int ls = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(ls, 0);
	ck_assert_int_eq(bind(ls, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(listen(ls, 1), 0);
	ck_assert_int_eq(getsockname(ls, (struct sockaddr *)&sin, &sl), 0);
	*port = ntohs(sin.sin_port);
	return ls;
}

START_TEST(test_tcp_connect)
{
	unsigned port;
	int ls = listener(&port);
	char addr[32], err[256];
	const char *keys[] = {"address"}, *vals[] = {addr};
	struct buf rx;
	struct transport *t;

	snprintf(addr, sizeof(addr), "127.0.0.1:%u", port);
	t = transport_new(transport_find("tcp"), keys, vals, 1, NULL);
	ck_assert_msg(transport_open(t, err, sizeof(err)) == CC_OK, "%s", err);
	int peer = accept(ls, NULL, NULL);
	ck_assert_int_ge(peer, 0);
	ck_assert_int_eq(transport_send(t, (const uint8_t *)"\xE4\x00\x00\x02\x00\x00", 6, NULL), CC_OK);
	uint8_t got[16];
	ck_assert_int_eq(read(peer, got, sizeof(got)), 6);
	ck_assert_uint_eq(got[0], 0xE4);
	buf_init(&rx, 1024);
	/* nothing to read: the deadline ends the wait */
	int64_t t0 = mono_now_ns();
	ck_assert_int_eq(transport_recv(t, &rx, t0 + 50 * NSEC_PER_MSEC, NULL), CC_ETIMEDOUT);
	ck_assert_int_ge(mono_now_ns() - t0, 45 * NSEC_PER_MSEC);
	ck_assert_int_eq(write(peer, "\xE5\x00\x00\x02\x00\x00", 6), 6);
	ck_assert_int_eq(transport_recv(t, &rx, mono_now_ns() + NSEC_PER_SEC, NULL), CC_OK);
	ck_assert_uint_eq(rx.len, 6);
	ck_assert_uint_eq((uint8_t)rx.data[0], 0xE5);
	close(peer);
	ck_assert_int_eq(transport_recv(t, &rx, mono_now_ns() + NSEC_PER_SEC, NULL), CC_ECLOSED);
	ck_assert_ptr_nonnull(strstr(transport_describe(t), "127.0.0.1"));
	buf_release(&rx);
	transport_free(t);
	close(ls);
}
END_TEST

static void *connect_later(void *arg)
{
	unsigned port = *(unsigned *)arg;
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				  .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	for (int i = 0; i < 200; i++) {
		if (!connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			break;
		usleep(10000);
	}
	(void)write(fd, "\xE6\x00\x00\x02\x00\x03", 6);
	usleep(200000);
	close(fd);
	return NULL;
}

START_TEST(test_tcp_listen)
{
	unsigned port;
	int ls = listener(&port);
	char addr[32], err[256];
	const char *keys[] = {"listen", "accept_timeout"}, *vals[] = {addr, "5 s"};
	struct transport *t;
	pthread_t th;
	struct buf rx;

	close(ls); /* a free port for the transport to listen on */
	snprintf(addr, sizeof(addr), "127.0.0.1:%u", port);
	t = transport_new(transport_find("tcp"), keys, vals, 2, NULL);
	ck_assert_int_eq(pthread_create(&th, NULL, connect_later, &port), 0);
	ck_assert_msg(transport_open(t, err, sizeof(err)) == CC_OK, "%s", err);
	buf_init(&rx, 1024);
	ck_assert_int_eq(transport_recv(t, &rx, mono_now_ns() + 2 * NSEC_PER_SEC, NULL), CC_OK);
	ck_assert_uint_eq((uint8_t)rx.data[0], 0xE6);
	pthread_join(th, NULL);
	buf_release(&rx);
	transport_free(t);
}
END_TEST

START_TEST(test_tcp_params)
{
	const struct transport_ops *ops = transport_find("tcp");
	char err[256];
	const char *keys[] = {"address"}, *vals[] = {"127.0.0.1:9"};
	struct transport *t;

	ck_assert_int_eq(ops->check_param("address", "sim", err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ops->check_param("address", "[::1]:6024", err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ops->check_param("address", "host", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("listen", "0.0.0.0:70000", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("accept_timeout", "5", err, sizeof(err)), CC_EINVAL);
	ck_assert(transport_compatible("serial", "tcp"));
	ck_assert(transport_compatible("serial", "phdc"));
	ck_assert(!transport_compatible("serial", "ble"));
	ck_assert(transport_compatible("http", "http"));
	/* nothing listens on the discard port: refused, with why */
	t = transport_new(ops, keys, vals, 1, NULL);
	ck_assert_int_ne(transport_open(t, err, sizeof(err)), CC_OK);
	ck_assert_ptr_nonnull(strstr(err, "127.0.0.1"));
	transport_free(t);
}
END_TEST

Suite *suite_tcp(void)
{
	Suite *s = suite_create("tcp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tcp_connect);
	tcase_add_test(tc, test_tcp_listen);
	tcase_add_test(tc, test_tcp_params);
	suite_add_tcase(s, tc);
	return s;
}
