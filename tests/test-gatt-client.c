/* SPDX-License-Identifier: MIT */
/*
 * The GATT client against hostile servers: scripted ATT exchanges over a
 * real SOCK_SEQPACKET socket (BlueZ's unit/test-gatt.c way), the server a
 * forked process that answers each request with the script's PDUs. Each
 * test breaks one rule of Core Vol 3 Part F/G and asserts the client's
 * judgement; none may crash, hang past its deadline or pass silently.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "ble/gatt.h"
#include "ble/gatt-db.h"
#include "testutil.h"
#include "transport/transport.h"

struct peer {
	char *dir;
	int listen_fd, fd;
	struct transport *t;
	pid_t pid;
};

/* One scripted turn: wait for a request (opcode req, 0: none, just send),
 * then send each of up to 3 PDUs (hex strings). */
struct turn {
	uint8_t req;
	const char *rsp[3];
};

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (n < cap && sscanf(s, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		s += used;
	}
	return n;
}

static void serve(int fd, const struct turn *script, size_t nturns)
{
	char hello[64];
	uint8_t p0[600];

	if (recv(fd, hello, sizeof(hello), 0) <= 0)
		_exit(1);
	for (size_t i = 0; i < nturns; i++) {
		uint8_t p[600];

		if (script[i].req) {
			ssize_t n = recv(fd, p, sizeof(p), 0);

			if (n <= 0 || p[0] != script[i].req)
				_exit(2);
		}
		for (int k = 0; k < 3 && script[i].rsp[k]; k++) {
			size_t n = unhex(script[i].rsp[k], p, sizeof(p));

			if (!strcmp(script[i].rsp[k], "FLOOD")) {
				static const uint8_t nt[] = { 0x1B, 0x09, 0x00, 0x01, 0x02 };

				/* notifications of a handle nobody asked for,
				 * until the client goes */
				while (send(fd, nt, sizeof(nt), MSG_NOSIGNAL) > 0)
					;
				_exit(0);
			}

			if (send(fd, p, n, 0) != (ssize_t)n)
				_exit(3);
		}
	}
	/* keep the link open until the client closes it */
	while (recv(fd, p0, sizeof(p0), 0) > 0)
		;
	_exit(0);
}

static void peer_start(struct peer *pp, const struct turn *script, size_t nturns)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *keys[] = { "address" };
	char addr[300], err[256], path[256];
	const char *vals[] = { addr };

	pp->dir = tu_mkdtemp();
	snprintf(path, sizeof(path), "%s/att.sock", pp->dir);
	snprintf(addr, sizeof(addr), "unix:%s", path);
	strcpy(sa.sun_path, path);
	pp->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ck_assert_int_eq(bind(pp->listen_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(pp->listen_fd, 1), 0);
	/* the server is forked before the client's socket exists, so that
	 * closing the client ends it */
	pp->pid = fork();
	ck_assert_int_ge(pp->pid, 0);
	if (!pp->pid) {
		pp->fd = accept(pp->listen_fd, NULL, NULL);
		serve(pp->fd, script, nturns);
	}
	pp->fd = -1;
	pp->t = transport_new(transport_find("ble"), keys, vals, 1, NULL);
	ck_assert_msg(transport_open(pp->t, err, sizeof(err)) == 0, "%s", err);
}

static void peer_stop(struct peer *pp)
{
	int status = -1;

	/* the server ends when the client closes: an exit, not a signal */
	transport_free(pp->t);
	waitpid(pp->pid, &status, 0);
	close(pp->listen_fd);
	tu_rmdir(pp->dir);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SOON(ms) (mono_now_ns() + (int64_t)(ms) * NSEC_PER_MSEC)

/* Heart Rate 0x0001..0x0004 (measurement 0x0003, CCCD 0x0004), then DIS
 * 0x0005..0x0007 whose characteristic discovery the server answers with
 * Unlikely Error: an error, not an empty list. */
static const struct turn disc_error[] = {
	{ 0x10, { "11 06 01 00 04 00 0D 18 05 00 07 00 0A 18" } },
	{ 0x10, { "01 10 08 00 0A" } },
	{ 0x08, { "09 07 02 00 10 03 00 37 2A" } },
	{ 0x08, { "01 08 03 00 0A" } },
	{ 0x04, { "05 01 04 00 02 29" } },
	{ 0x08, { "01 08 05 00 0E" } },
};

START_TEST(test_discovery_error_is_no_pass)
{
	struct gatt_client c;
	struct att_error err;
	char why[256] = "";
	struct peer pp;
	int rc;

	peer_start(&pp, disc_error, N(disc_error));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	rc = gatt_discover(&c, SOON(2000), &err, why, sizeof(why));
	ck_assert_msg(rc == GATT_ERR_RSP, "%d %s", rc, why);
	ck_assert_uint_eq(err.code, 0x0E);
	ck_assert(!c.discovered);
	ck_assert_msg(strstr(why, "characteristic discovery of service 0x180A"), "%s", why);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* The same, but the server never answers: a timeout, named. */
static const struct turn disc_silent[] = {
	{ 0x10, { "11 06 01 00 04 00 0D 18" } },
	{ 0x10, { "01 10 05 00 0A" } },
	{ 0x08, { NULL } },
};

START_TEST(test_discovery_timeout_is_no_pass)
{
	struct gatt_client c;
	struct att_error err;
	char why[256] = "";
	struct peer pp;
	int64_t t0 = mono_now_ns();

	peer_start(&pp, disc_silent, N(disc_silent));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	ck_assert_int_eq(gatt_discover(&c, SOON(300), &err, why, sizeof(why)), CC_ETIMEDOUT);
	ck_assert(!c.discovered);
	ck_assert_msg(strstr(why, "characteristic discovery of service 0x180D: no response to Read By Type Request"),
		      "%s", why);
	ck_assert_int_lt(mono_now_ns() - t0, 2 * NSEC_PER_SEC);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* Error Responses must name the request's handle; a response must fit
 * ATT_MTU; a second response is no answer to the next request. */
static const struct turn att_rules[] = {
	{ 0x0A, { "01 0A 04 00 02" } },               /* read 0x0003, error names 0x0004 */
	{ 0x0A, { "0B 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41" } },
	{ 0x0A, { "0B 31", "0B 32" } },               /* answered twice */
	{ 0x0A, { "0B 33" } },
	{ 0x12, { "01 12 03 00 03" } },               /* right handle: an answer */
};

START_TEST(test_att_response_rules)
{
	struct gatt_client c;
	struct att_error err;
	char why[256] = "";
	struct peer pp;
	struct buf v;

	peer_start(&pp, att_rules, N(att_rules));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	buf_init(&v, 600);
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), CC_EPROTO);
	ck_assert_msg(strstr(why, "names handle 0x0004, must name 0x0003"), "%s", why);
	/* 23 bytes at ATT_MTU 23 fit; 24 do not */
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), CC_EPROTO);
	ck_assert_msg(strstr(why, "Read Response of 24 bytes exceeds ATT_MTU 23"), "%s", why);
	buf_reset(&v);
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(v.data[0], 0x31);
	ck_assert_uint_eq(c.nviolations, 0);
	usleep(50000);
	buf_reset(&v);
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(v.data[0], 0x33); /* the stray 0x32 was not taken for it */
	ck_assert_uint_eq(c.nviolations, 1);
	ck_assert_msg(strstr(c.violation, "unexpected Read Response with no request outstanding"), "%s",
		      c.violation);
	ck_assert_int_eq(gatt_write(&c, 3, (const uint8_t *)"\x01", 1, true, SOON(1000), &err, why,
				    sizeof(why)), GATT_ERR_RSP);
	ck_assert_uint_eq(err.code, 0x03);
	buf_release(&v);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* Notifications before their CCCD enables them are violations; after the
 * CCCD write they are not; a reconnect forgets CCCDs, MTU and database. */
static const struct turn cccd[] = {
	{ 0x02, { "03 F7 00" } },
	{ 0x10, { "1B 03 00 48", "11 06 01 00 04 00 0D 18" } },
	{ 0x10, { "01 10 05 00 0A" } },
	{ 0x08, { "09 07 02 00 10 03 00 37 2A" } },
	{ 0x08, { "01 08 03 00 0A" } },
	{ 0x04, { "05 01 04 00 02 29" } },
	{ 0x12, { "13", "1B 03 00 49" } },
};

START_TEST(test_cccd_and_reconnect)
{
	struct gatt_client c;
	struct gatt_event ev;
	struct att_error err;
	char why[256] = "";
	struct peer pp;

	peer_start(&pp, cccd, N(cccd));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	ck_assert_int_eq(gatt_exchange_mtu(&c, 517, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(c.mtu, 247);
	ck_assert(c.mtu_exchanged);
	ck_assert_int_eq(gatt_discover(&c, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(c.nviolations, 1); /* the notification before any CCCD */
	ck_assert_msg(strstr(c.violation, "before any CCCD was written"), "%s", c.violation);
	ck_assert_uint_eq(c.services[0].chars[0].cccd, 4);
	ck_assert_uint_eq(c.services[0].chars[0].ncccds, 1);
	ck_assert_int_eq(gatt_write(&c, 4, (const uint8_t *)"\x01\x00", 2, true, SOON(1000), &err,
				    why, sizeof(why)), 0);
	ck_assert_uint_eq(c.services[0].chars[0].cccd_cfg, 1);
	/* queued in arrival order: the early one first */
	ck_assert_int_eq(gatt_wait_event(&c, 3, ATT_NOTIFY, true, SOON(1000), &ev), 0);
	ck_assert_uint_eq(ev.value[0], 0x48);
	ck_assert_int_eq(gatt_wait_event(&c, 3, ATT_NOTIFY, true, SOON(1000), &ev), 0);
	ck_assert_uint_eq(ev.value[0], 0x49);
	ck_assert_uint_eq(c.nviolations, 1); /* enabled: no new one */
	gatt_client_reset_link(&c);
	ck_assert_uint_eq(c.mtu, ATT_DEFAULT_MTU);
	ck_assert(!c.mtu_exchanged);
	ck_assert(!c.discovered);
	ck_assert_uint_eq(c.nservices, 0);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* A flood of notifications of other handles neither overflows the queue
 * nor stretches a wait past its deadline. */
START_TEST(test_flood_bounded)
{
	static const struct turn flood[] = { { 0, { "FLOOD" } } };
	struct gatt_client c;
	struct gatt_event ev;
	struct peer pp;
	int64_t t0;

	peer_start(&pp, flood, N(flood));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	t0 = mono_now_ns();
	ck_assert_int_eq(gatt_wait_event(&c, 3, 0, true, SOON(300), &ev), CC_ETIMEDOUT);
	ck_assert_int_lt(mono_now_ns() - t0, 2 * NSEC_PER_SEC);
	ck_assert_uint_le(c.nqueue, GATT_QUEUE_MAX);
	ck_assert_uint_gt(c.nviolations, 0);
	t0 = mono_now_ns();
	(void)gatt_drain(&c, 50 * NSEC_PER_MSEC);
	ck_assert_int_lt(mono_now_ns() - t0, 5 * NSEC_PER_SEC);
	gatt_client_release(&c);
	peer_stop(&pp); /* the flood's sends fail once the client closed */
}
END_TEST

/* The database checks: a Find By Type Value range that disagrees, a
 * second CCCD, a value handle that does not follow its declaration, and
 * an attribute outside every service found by the walk. */
static const struct turn db[] = {
	{ 0x10, { "11 06 01 00 05 00 0D 18" } },
	{ 0x10, { "01 10 06 00 0A" } },
	{ 0x08, { "09 07 02 00 10 04 00 37 2A" } },
	{ 0x08, { "01 08 03 00 0A" } },
	{ 0x04, { "05 01 05 00 02 29" } },
	{ 0x06, { "07 01 00 04 00" } },
	{ 0x06, { "01 06 05 00 0A" } },
	{ 0x04, { "05 01 01 00 00 28 02 00 03 28 04 00 37 2A 05 00 02 29" } },
	{ 0x04, { "05 01 09 00 29 2A" } },
	{ 0x04, { "01 04 0A 00 0A" } },
};

START_TEST(test_database_findings)
{
	struct gatt_client c;
	struct gatt_db_report r;
	struct att_error err;
	char why[256] = "", all[4096] = "";
	struct peer pp;

	peer_start(&pp, db, N(db));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	ck_assert_int_eq(gatt_discover(&c, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_int_eq(gatt_db_check(&c, SOON(1000), &r, why, sizeof(why)), 0);
	for (size_t i = 0; i < r.n; i++)
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s|", r.findings[i]);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_msg(strstr(all, "declared at 0x0002 has its value at 0x0004 (must be 0x0003)"), "%s", all);
	ck_assert_msg(strstr(all, "service 0x180D ends at 0x0004 by Find By Type Value, at 0x0005"), "%s", all);
	ck_assert_msg(strstr(all, "attribute 0x0009 (type 0x2A29) lies in no service"), "%s", all);
	ck_assert_uint_eq(r.attributes, 5);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* The client's own side of Core Vol 3 Part F 3.4.7: a notification gets
 * no PDU back, an indication exactly one confirmation. The server exits
 * (and the read fails) if anything but the expected PDU comes first. */
static const struct turn answers[] = {
	{ 0, { "1B 03 00 48" } },
	{ 0x0A, { "0B 31", "1D 03 00 49" } },
	{ 0x1E, { NULL } },
	{ 0x0A, { "0B 32" } },
};

START_TEST(test_notification_unanswered)
{
	struct gatt_client c;
	struct gatt_event ev;
	struct att_error err;
	char why[256] = "";
	struct peer pp;
	struct buf v;

	peer_start(&pp, answers, N(answers));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	buf_init(&v, 600);
	ck_assert_int_eq(gatt_wait_event(&c, 3, ATT_NOTIFY, true, SOON(1000), &ev), 0);
	ck_assert_uint_eq(ev.value[0], 0x48);
	/* the server takes the Read Request as the first PDU after it */
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(v.data[0], 0x31);
	ck_assert_int_eq(gatt_wait_event(&c, 3, ATT_INDICATE, true, SOON(1000), &ev), 0);
	ck_assert(ev.confirmed);
	buf_reset(&v);
	/* one confirmation, then the next request */
	ck_assert_int_eq(gatt_read(&c, 3, &v, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(v.data[0], 0x32);
	buf_release(&v);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

/* Bonded: a reconnect keeps the database and the CCCDs; a Service
 * Changed indication (GATT service 0x0001..0x0004, Service Changed value
 * 0x0003, its CCCD 0x0004) makes them stale and is confirmed at once. */
static const struct turn sc[] = {
	{ 0x10, { "11 06 01 00 04 00 01 18" } },
	{ 0x10, { "01 10 05 00 0A" } },
	{ 0x08, { "09 07 02 00 20 03 00 05 2A" } },
	{ 0x08, { "01 08 03 00 0A" } },
	{ 0x04, { "05 01 04 00 02 29" } },
	{ 0x12, { "13", "1D 03 00 01 00 FF FF" } },
	{ 0x1E, { NULL } },
	{ 0x0A, { "0B 02 00" } },
};

START_TEST(test_bond_and_service_changed)
{
	struct gatt_client c;
	struct att_error err;
	char why[256] = "";
	struct peer pp;
	struct buf v;

	peer_start(&pp, sc, N(sc));
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	c.bonded = true;
	ck_assert_int_eq(gatt_discover(&c, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(c.services[0].chars[0].cccd, 4);
	/* a reconnect before the indication: the bond keeps it all */
	gatt_client_reset_link(&c);
	ck_assert(c.discovered);
	ck_assert(c.cache_kept);
	ck_assert_int_eq(gatt_write(&c, 4, (const uint8_t *)"\x02\x00", 2, true, SOON(1000), &err,
				    why, sizeof(why)), 0);
	gatt_poll(&c, SOON(300));
	ck_assert_uint_eq(c.service_changed, 1);
	ck_assert(!c.discovered);
	ck_assert(!c.cache_kept);
	ck_assert_uint_eq(c.nqueue, 0); /* taken by the client, not queued */
	ck_assert_uint_eq(c.nviolations, 0);
	/* the server read the confirmation before this request */
	buf_init(&v, 600);
	ck_assert_int_eq(gatt_read(&c, 4, &v, SOON(1000), &err, why, sizeof(why)), 0);
	ck_assert_uint_eq(v.data[0], 0x02);
	buf_release(&v);
	gatt_client_release(&c);
	peer_stop(&pp);
}
END_TEST

Suite *suite_gatt_client(void)
{
	Suite *s = suite_create("gatt-client");
	TCase *tc = tcase_create("hostile");

	tcase_add_test(tc, test_discovery_error_is_no_pass);
	tcase_add_test(tc, test_discovery_timeout_is_no_pass);
	tcase_add_test(tc, test_att_response_rules);
	tcase_add_test(tc, test_cccd_and_reconnect);
	tcase_add_test(tc, test_flood_bounded);
	tcase_add_test(tc, test_database_findings);
	tcase_add_test(tc, test_notification_unanswered);
	tcase_add_test(tc, test_bond_and_service_changed);
	suite_add_tcase(s, tc);
	return s;
}
