/* SPDX-License-Identifier: MIT */
/*
 * The GATT client against the real BLE simulator process: discovery,
 * reads, security refusals, indications with confirmation, decoding.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "ble/gatt-codec.h"
#include "ble/gatt.h"
#include "transport/simproc.h"
#include "testutil.h"
#include "transport/transport.h"

struct fx {
	char *dir;
	struct simproc *sim;
	struct transport *t;
	struct gatt_client c;
	char link[256];
};

static void start(struct fx *f, const char *fault, const char *security)
{
	char log[4200], err[256];
	char *args[] = { "--fault", (char *)fault, NULL };
	const char *keys[] = { "address", "security" }, *vals[] = { f->link, security };
	const char *bin = getenv("CARECERT_BIN");

	setenv("CARECERT_SIM_DIR", bin ? bin : "build", 1);
	f->dir = tu_mkdtemp();
	snprintf(log, sizeof(log), "%s/sim.log", f->dir);
	ck_assert_msg(simproc_start("ble-bp", fault ? args : NULL, log, f->link,
				    sizeof(f->link), &f->sim, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(!strncmp(f->link, "unix:", 5));
	f->t = transport_new(transport_find("ble"), keys, vals, 2, NULL);
	ck_assert_msg(transport_open(f->t, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(gatt_client_init(&f->c, f->t), 0);
}

static void stop(struct fx *f)
{
	int status;

	gatt_client_release(&f->c);
	transport_free(f->t);
	simproc_stop(f->sim, &status);
	ck_assert_int_eq(status, 0);
	tu_rmdir(f->dir);
}

static int64_t in(int ms)
{
	return mono_now_ns() + ms * NSEC_PER_MSEC;
}

START_TEST(test_discover_read_indicate)
{
	static const uint8_t indicate[] = { 0x02, 0x00 };
	struct att_error e;
	struct gatt_event ev;
	struct gdecoded d;
	const struct gatt_char *meas, *model;
	char why[256];
	struct buf v;
	struct fx f;

	start(&f, NULL, "medium");
	ck_assert_msg(gatt_exchange_mtu(&f.c, 247, in(2000), &e, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(f.c.mtu, 247);
	ck_assert_msg(gatt_discover(&f.c, in(2000), &e, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(f.c.nservices, 2);
	ck_assert_ptr_nonnull(gatt_find_service(&f.c, 0x1810));
	meas = gatt_find_char(&f.c, 0x1810, 0x2A35);
	ck_assert_ptr_nonnull(meas);
	ck_assert_uint_eq(meas->props, GATT_PROP_INDICATE);
	ck_assert_uint_ne(meas->cccd, 0);
	model = gatt_find_char(&f.c, 0x180A, 0x2A24);
	ck_assert_ptr_nonnull(model);
	buf_init(&v, 600);
	ck_assert_int_eq(gatt_read(&f.c, model->value, &v, in(2000), &e, why, sizeof(why)), 0);
	ck_assert_str_eq(buf_str(&v), "BP-200 BLE");
	ck_assert_int_eq(gatt_write(&f.c, meas->cccd, indicate, 2, true, in(2000), &e, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(gatt_wait_event(&f.c, meas->value, ATT_INDICATE, true, in(3000), &ev), 0);
	ck_assert_int_eq(gatt_decode(gatt_char_find(0x2A35), ev.value, ev.len, &d), 0);
	ck_assert_double_eq(gatt_value(&d, "systolic")->num, 120);
	ck_assert_double_eq(gatt_value(&d, "pulse_rate")->num, 72);
	/* the next one comes after the interval, once confirmed */
	ck_assert_int_eq(gatt_wait_event(&f.c, meas->value, ATT_INDICATE, true, in(3000), &ev), 0);
	ck_assert_uint_eq(f.c.nviolations, 0);
	buf_release(&v);
	stop(&f);
}
END_TEST

START_TEST(test_security_refused_on_low_link)
{
	static const uint8_t indicate[] = { 0x02, 0x00 };
	const struct gatt_char *meas;
	struct att_error e;
	char why[256];
	struct fx f;

	start(&f, NULL, "low");
	ck_assert_int_eq(gatt_discover(&f.c, in(2000), &e, why, sizeof(why)), 0);
	meas = gatt_find_char(&f.c, 0x1810, 0x2A35);
	ck_assert_int_eq(gatt_write(&f.c, meas->cccd, indicate, 2, true, in(2000), &e, why,
				    sizeof(why)), GATT_ERR_RSP);
	ck_assert_uint_eq(e.code, 0x0F);
	ck_assert_msg(strstr(why, "Insufficient Encryption"), "%s", why);
	stop(&f);
}
END_TEST

START_TEST(test_unconfirmed_indication_caught)
{
	static const uint8_t indicate[] = { 0x02, 0x00 };
	const struct gatt_char *meas;
	struct gatt_event ev;
	struct att_error e;
	char why[256];
	struct fx f;

	start(&f, "no_confirm_wait", "medium");
	ck_assert_int_eq(gatt_discover(&f.c, in(2000), &e, why, sizeof(why)), 0);
	meas = gatt_find_char(&f.c, 0x1810, 0x2A35);
	ck_assert_int_eq(gatt_write(&f.c, meas->cccd, indicate, 2, true, in(2000), &e, why,
				    sizeof(why)), 0);
	ck_assert_int_eq(gatt_wait_event(&f.c, meas->value, ATT_INDICATE, false, in(3000), &ev), 0);
	ck_assert_int_eq(gatt_wait_event(&f.c, meas->value, ATT_INDICATE, false, in(3000), &ev), 0);
	ck_assert_uint_ge(f.c.nviolations, 1);
	ck_assert_msg(strstr(f.c.violation, "before the previous one was confirmed"), "%s",
		      f.c.violation);
	stop(&f);
}
END_TEST

Suite *suite_itest_ble(void)
{
	Suite *s = suite_create("itest-ble");
	TCase *tc = tcase_create("gatt");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_discover_read_indicate);
	tcase_add_test(tc, test_security_refused_on_low_link);
	tcase_add_test(tc, test_unconfirmed_indication_caught);
	suite_add_tcase(s, tc);
	return s;
}
