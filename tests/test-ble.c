/* SPDX-License-Identifier: MIT */
/*
 * BLE link: the real-hardware socket address and security option (tested
 * as values: this kernel has no Bluetooth), btsnoop records byte for byte,
 * and the transport over a real SOCK_SEQPACKET socket as the simulators use.
 */
#include <bluetooth/bluetooth.h>
#include <bluetooth/l2cap.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ble/ble-link.h"
#include "ble/btsnoop.h"
#include "base/clock.h"
#include "base/err.h"
#include "ble/gatt.h"
#include "testutil.h"
#include "transport/transport.h"

START_TEST(test_peer_address)
{
	struct sockaddr_l2 sa;
	struct bt_security sec;
	int level;

	ck_assert_int_eq(ble_peer_addr("C0:FF:EE:12:34:56", "random", &sa), 0);
	ck_assert_uint_eq(sa.l2_family, AF_BLUETOOTH);
	ck_assert_uint_eq(btohs(sa.l2_cid), 4);
	ck_assert_uint_eq(sa.l2_bdaddr_type, BDADDR_LE_RANDOM);
	/* bdaddr_t is stored little-endian: last octet first */
	ck_assert_uint_eq(sa.l2_bdaddr.b[0], 0x56);
	ck_assert_uint_eq(sa.l2_bdaddr.b[5], 0xC0);
	ck_assert_int_eq(ble_peer_addr("C0:FF:EE:12:34:56", NULL, &sa), 0);
	ck_assert_uint_eq(sa.l2_bdaddr_type, BDADDR_LE_PUBLIC);
	ck_assert_int_eq(ble_peer_addr("C0:FF:EE:12:34", "public", &sa), CC_EINVAL);
	ck_assert_int_eq(ble_peer_addr("C0-FF-EE-12-34-56", "public", &sa), CC_EINVAL);
	ck_assert_int_eq(ble_peer_addr("C0:FF:EE:12:34:56", "static", &sa), CC_EINVAL);
	ble_local_addr(&sa);
	ck_assert_uint_eq(btohs(sa.l2_cid), 4);
	ck_assert_uint_eq(sa.l2_bdaddr_type, BDADDR_LE_PUBLIC);
	ck_assert_int_eq(ble_security_level("medium", &level), 0);
	ck_assert_int_eq(level, BT_SECURITY_MEDIUM);
	ble_security_opt(level, &sec);
	ck_assert_uint_eq(sec.level, BT_SECURITY_MEDIUM);
	ck_assert_int_eq(ble_security_level("high", &level), 0);
	ck_assert_int_eq(level, BT_SECURITY_HIGH);
	ck_assert_int_eq(ble_security_level("paranoid", &level), CC_EINVAL);
	ck_assert_str_eq(ble_security_name(BT_SECURITY_FIPS), "fips");
}
END_TEST

START_TEST(test_btsnoop_record)
{
	/* Read Request for handle 3, sent at 1970-01-01T00:00:01.000002Z */
	static const uint8_t pdu[] = { 0x0A, 0x03, 0x00 };
	static const uint8_t want[] = {
		0, 0, 0, 12, 0, 0, 0, 12,       /* lengths: 9 + 3 */
		0, 0, 0, 0, 0, 0, 0, 0,         /* sent, data; no drops */
		0x00, 0xdc, 0xdd, 0xb3, 0x0f, 0x2f, 0x80, 0x00 + 0, /* patched below */
		0x02, 0x01, 0x20, 0x07, 0x00,   /* H4 ACL, handle 1 PB 2, length 7 */
		0x03, 0x00, 0x04, 0x00,         /* L2CAP: length 3, CID 4 */
		0x0A, 0x03, 0x00,
	};
	struct timespec t = { .tv_sec = 1, .tv_nsec = 2000 };
	uint8_t rec[64], exp[sizeof(want)];
	uint64_t ts = 0x00dcddb30f2f8000ULL + 1000002;

	memcpy(exp, want, sizeof(want));
	for (int i = 0; i < 8; i++)
		exp[16 + i] = (uint8_t)(ts >> (56 - 8 * i));
	ck_assert_uint_eq(btsnoop_record(false, &t, pdu, 3, rec, sizeof(rec)), sizeof(want));
	ck_assert_mem_eq(rec, exp, sizeof(want));
	ck_assert_uint_eq(btsnoop_record(true, &t, pdu, 3, rec, sizeof(rec)), sizeof(want));
	ck_assert_uint_eq(rec[11], 1); /* received */
	ck_assert_uint_eq(btsnoop_record(true, &t, pdu, 3, rec, 10), 0);
}
END_TEST

struct peer {
	char *dir;
	char path[256];
	int listen_fd, fd;
	struct transport *t;
};

static void peer_setup(struct peer *pp, const char *security)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *keys[] = { "address", "security", "capture" };
	const char *vals[3];
	char addr[300], cap[300], err[256];

	pp->dir = tu_mkdtemp();
	snprintf(pp->path, sizeof(pp->path), "%s/att.sock", pp->dir);
	snprintf(addr, sizeof(addr), "unix:%s", pp->path);
	snprintf(cap, sizeof(cap), "%s/att.btsnoop", pp->dir);
	strcpy(sa.sun_path, pp->path);
	pp->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ck_assert_int_eq(bind(pp->listen_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(pp->listen_fd, 1), 0);
	vals[0] = addr;
	vals[1] = security;
	vals[2] = cap;
	pp->t = transport_new(transport_find("ble"), keys, vals, 3, NULL);
	ck_assert_msg(transport_open(pp->t, err, sizeof(err)) == 0, "%s", err);
	pp->fd = accept(pp->listen_fd, NULL, NULL);
	ck_assert_int_ge(pp->fd, 0);
}

static void peer_teardown(struct peer *pp)
{
	transport_free(pp->t);
	if (pp->fd >= 0)
		close(pp->fd);
	close(pp->listen_fd);
	tu_rmdir(pp->dir);
}

START_TEST(test_transport_over_seqpacket)
{
	static const uint8_t req[] = { 0x0A, 0x03, 0x00 };
	static const uint8_t rsp[] = { 0x0B, 0x3F, 0x00 };
	struct peer pp;
	char hello[64] = "", cap[300], *snoop;
	uint8_t got[16];
	struct buf b;
	ssize_t n;
	int64_t t0;

	peer_setup(&pp, "medium");
	n = recv(pp.fd, hello, sizeof(hello) - 1, 0);
	ck_assert_int_gt(n, 0);
	ck_assert_str_eq(hello, "LINK security=medium");
	ck_assert(strstr(transport_describe(pp.t), "security medium"));
	ck_assert_int_eq(transport_send(pp.t, req, sizeof(req), NULL), 0);
	ck_assert_int_eq(recv(pp.fd, got, sizeof(got), 0), 3);
	ck_assert_mem_eq(got, req, 3);
	/* two PDUs sent back to back arrive as two receives */
	ck_assert_int_eq(send(pp.fd, rsp, 3, 0), 3);
	ck_assert_int_eq(send(pp.fd, rsp, 2, 0), 2);
	buf_init(&b, 64);
	ck_assert_int_eq(transport_recv(pp.t, &b, mono_now_ns() + NSEC_PER_SEC, NULL), 0);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_int_eq(transport_recv(pp.t, &b, mono_now_ns() + NSEC_PER_SEC, NULL), 0);
	ck_assert_uint_eq(b.len, 5);
	t0 = mono_now_ns();
	ck_assert_int_eq(transport_recv(pp.t, &b, t0 + 100 * NSEC_PER_MSEC, NULL),
			 CC_ETIMEDOUT);
	ck_assert_int_ge(mono_now_ns() - t0, 100 * NSEC_PER_MSEC);
	close(pp.fd);
	pp.fd = -1;
	ck_assert_int_eq(transport_recv(pp.t, &b, mono_now_ns() + NSEC_PER_SEC, NULL),
			 CC_ECLOSED);
	buf_release(&b);
	snprintf(cap, sizeof(cap), "%s/att.btsnoop", pp.dir);
	transport_close(pp.t); /* flushes the capture */
	snoop = tu_slurp(cap);
	ck_assert_ptr_nonnull(snoop);
	ck_assert_mem_eq(snoop, "btsnoop\0\0\0\0\1\0\0\x03\xea", 16);
	free(snoop);
	peer_teardown(&pp);
}
END_TEST

START_TEST(test_real_hardware_path_reports_clearly)
{
	const char *keys[] = { "address" }, *vals[] = { "C0:FF:EE:12:34:56" };
	struct transport *t = transport_new(transport_find("ble"), keys, vals, 1, NULL);
	char err[256];
	int rc = transport_open(t, err, sizeof(err));

	/* no Bluetooth in this kernel, or no such device: never a crash,
	 * always a message naming the cause */
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(err, "Bluetooth") || strstr(err, "C0:FF:EE:12:34:56"), "%s", err);
	transport_free(t);
}
END_TEST

START_TEST(test_ble_params)
{
	const struct transport_ops *ops = transport_find("ble");
	char err[200];

	ck_assert_ptr_nonnull(ops);
	ck_assert_int_eq(ops->check_param("address", "sim", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("address", "C0:FF:EE:12:34:56", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("address", "C0FFEE", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("security", "fips", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("security", "max", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("mtu", "517", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("mtu", "518", err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(ops->check_param("address_type", "random", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("bond", "true", err, sizeof(err)), 0);
	ck_assert_int_eq(ops->check_param("bond", "yes", err, sizeof(err)), CC_EINVAL);
	ck_assert_str_eq(err, "bond must be true or false");
}
END_TEST

/* gatt_collect's wait: events of the handle up to the first event of the
 * stop handle, which stays queued; later events of the handle wait too. */
START_TEST(test_wait_event_until_stop)
{
	static const uint8_t n3a[] = { 0x1B, 0x03, 0x00, 0x01 };
	static const uint8_t n3b[] = { 0x1B, 0x03, 0x00, 0x02 };
	static const uint8_t ind9[] = { 0x1D, 0x09, 0x00, 0x06, 0x00, 0x01, 0x01 };
	static const uint8_t n3c[] = { 0x1B, 0x03, 0x00, 0x03 };
	struct gatt_client c;
	struct gatt_event ev;
	struct peer pp;
	char hello[64];
	uint8_t cfm[8];

	peer_setup(&pp, "medium");
	ck_assert_int_gt(recv(pp.fd, hello, sizeof(hello), 0), 0);
	ck_assert_int_eq(gatt_client_init(&c, pp.t), 0);
	ck_assert_int_eq(send(pp.fd, n3a, sizeof(n3a), 0), (ssize_t)sizeof(n3a));
	ck_assert_int_eq(send(pp.fd, n3b, sizeof(n3b), 0), (ssize_t)sizeof(n3b));
	ck_assert_int_eq(send(pp.fd, ind9, sizeof(ind9), 0), (ssize_t)sizeof(ind9));
	ck_assert_int_eq(send(pp.fd, n3c, sizeof(n3c), 0), (ssize_t)sizeof(n3c));
	/* queue all four first (waiting for a handle nobody sends) */
	ck_assert_int_eq(gatt_wait_event(&c, 0x77, 0, true, mono_now_ns() + 50 * NSEC_PER_MSEC, &ev),
			 CC_ETIMEDOUT);
	ck_assert_uint_eq(c.nqueue, 4);
	ck_assert_int_eq(gatt_wait_event_until(&c, 3, 0, true, mono_now_ns() + NSEC_PER_SEC, 9, &ev), 0);
	ck_assert_uint_eq(ev.value[0], 1);
	ck_assert_int_eq(gatt_wait_event_until(&c, 3, 0, true, mono_now_ns() + NSEC_PER_SEC, 9, &ev), 0);
	ck_assert_uint_eq(ev.value[0], 2);
	/* the next notification of 3 came after the indication of 9: stop,
	 * although it is queued */
	ck_assert_int_eq(gatt_wait_event_until(&c, 3, 0, true, mono_now_ns() + NSEC_PER_SEC, 9, &ev),
			 GATT_STOPPED);
	ck_assert_int_eq(gatt_wait_event(&c, 9, ATT_INDICATE, true, mono_now_ns() + NSEC_PER_SEC, &ev), 0);
	ck_assert_uint_eq(ev.len, 4);
	ck_assert_int_eq(recv(pp.fd, cfm, sizeof(cfm), 0), 1); /* the confirmation */
	ck_assert_uint_eq(cfm[0], 0x1E);
	ck_assert_int_eq(gatt_wait_event_until(&c, 3, 0, true, mono_now_ns() + NSEC_PER_SEC, 9, &ev), 0);
	ck_assert_uint_eq(ev.value[0], 3);
	/* nothing more: the deadline, not a stop */
	ck_assert_int_eq(gatt_wait_event_until(&c, 3, 0, true, mono_now_ns() + 50 * NSEC_PER_MSEC, 9, &ev),
			 CC_ETIMEDOUT);
	gatt_client_release(&c);
	peer_teardown(&pp);
}
END_TEST

Suite *suite_ble(void)
{
	Suite *s = suite_create("ble");
	TCase *tc = tcase_create("link");

	tcase_add_test(tc, test_peer_address);
	tcase_add_test(tc, test_btsnoop_record);
	tcase_add_test(tc, test_transport_over_seqpacket);
	tcase_add_test(tc, test_real_hardware_path_reports_clearly);
	tcase_add_test(tc, test_ble_params);
	tcase_add_test(tc, test_wait_event_until_stop);
	suite_add_tcase(s, tc);
	return s;
}
