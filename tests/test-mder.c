/* SPDX-License-Identifier: MIT */
/* IEEE 11073 SFLOAT/FLOAT and Date Time against the worked examples of the
 * specification (as collected in ../shared/reference/gatt-health.md). */
#include <check.h>
#include <math.h>

#include "base/err.h"
#include "ble/mder.h"

START_TEST(test_sfloat_examples)
{
	struct mder_value v;
	char s[32];

	sfloat_decode(0xF014, &v); /* m = 20, e = -1 */
	ck_assert_int_eq(v.kind, MDER_NUMBER);
	ck_assert_int_eq(v.mantissa, 20);
	ck_assert_int_eq(v.exponent, -1);
	ck_assert_double_eq_tol(v.value, 2.0, 1e-12);
	mder_format(&v, s, sizeof(s));
	ck_assert_str_eq(s, "2.0");
	sfloat_decode(0xE0C8, &v); /* m = 200, e = -2 */
	ck_assert_int_eq(v.mantissa, 200);
	mder_format(&v, s, sizeof(s));
	ck_assert_str_eq(s, "2.00");
	sfloat_decode(0x0B2E, &v); /* 12-bit mantissa 0xB2E is negative */
	ck_assert_int_eq(v.mantissa, -1234);
	ck_assert_int_eq(v.exponent, 0);
	ck_assert_double_eq(v.value, -1234);
	sfloat_decode(0x0078, &v); /* 120 mmHg */
	ck_assert_double_eq(v.value, 120);
}
END_TEST

START_TEST(test_sfloat_specials)
{
	static const struct { uint16_t raw; enum mder_kind k; } t[] = {
		{ 0x07FF, MDER_NAN }, { 0x0800, MDER_NRES }, { 0x07FE, MDER_PINF },
		{ 0x0802, MDER_NINF }, { 0x0801, MDER_RESERVED },
	};
	struct mder_value v;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		sfloat_decode(t[i].raw, &v);
		ck_assert_int_eq(v.kind, t[i].k);
		ck_assert_uint_eq(sfloat_special(t[i].k), t[i].raw);
	}
	sfloat_decode(0x07FE, &v);
	ck_assert(isinf(v.value) && v.value > 0);
	sfloat_decode(0x07FF, &v);
	ck_assert(isnan(v.value));
	/* 0x17FF: mantissa 2047 with exponent 1 is a number, not NaN */
	sfloat_decode(0x17FF, &v);
	ck_assert_int_eq(v.kind, MDER_NUMBER);
	ck_assert_double_eq(v.value, 20470);
}
END_TEST

START_TEST(test_float_examples)
{
	struct mder_value v;

	float_decode(0xFF000014, &v);
	ck_assert_int_eq(v.kind, MDER_NUMBER);
	ck_assert_double_eq_tol(v.value, 2.0, 1e-12);
	float_decode(0xFF000172, &v); /* 370 x 10^-1 = 37.0 C */
	ck_assert_double_eq_tol(v.value, 37.0, 1e-12);
	float_decode(0x00FFFFFF, &v); /* mantissa -1 */
	ck_assert_double_eq(v.value, -1);
	float_decode(0x007FFFFF, &v);
	ck_assert_int_eq(v.kind, MDER_NAN);
	float_decode(0x00800000, &v);
	ck_assert_int_eq(v.kind, MDER_NRES);
	float_decode(0x007FFFFE, &v);
	ck_assert_int_eq(v.kind, MDER_PINF);
	float_decode(0x00800002, &v);
	ck_assert_int_eq(v.kind, MDER_NINF);
	float_decode(0x00800001, &v);
	ck_assert_int_eq(v.kind, MDER_RESERVED);
}
END_TEST

START_TEST(test_encode)
{
	uint16_t s;
	uint32_t f;

	ck_assert_int_eq(sfloat_encode(2.0, 1, &s), 0);
	ck_assert_uint_eq(s, 0xF014);
	ck_assert_int_eq(sfloat_encode(-1234, 0, &s), 0);
	ck_assert_uint_eq(s, 0x0B2E);
	ck_assert_int_eq(sfloat_encode(120, 0, &s), 0);
	ck_assert_uint_eq(s, 0x0078);
	ck_assert_int_eq(sfloat_encode(2046, 0, &s), CC_EINVAL); /* would be +INF */
	ck_assert_int_eq(sfloat_encode(5000, 0, &s), CC_EINVAL);
	ck_assert_int_eq(float_encode(37.0, 1, &f), 0);
	ck_assert_uint_eq(f, 0xFF000172);
	ck_assert_int_eq(float_encode(NAN, 1, &f), CC_EINVAL);
}
END_TEST

START_TEST(test_date_time)
{
	static const uint8_t ok[7] = { 0xEA, 0x07, 2, 29, 23, 59, 59 }; /* 2026-02-29? */
	static const uint8_t leapday[7] = { 0xE8, 0x07, 2, 29, 0, 0, 0 }; /* 2024 */
	static const uint8_t unknown[7] = { 0, 0, 0, 0, 10, 0, 0 };
	static const uint8_t bad_month[7] = { 0xEA, 0x07, 13, 1, 0, 0, 0 };
	static const uint8_t bad_hour[7] = { 0xEA, 0x07, 1, 1, 24, 0, 0 };
	struct date_time dt;
	uint8_t back[7];
	char why[64];

	ck_assert(!date_time_decode(ok, &dt, why, sizeof(why)));
	ck_assert_str_eq(why, "day 29 invalid for month 2"); /* 2026 is no leap year */
	ck_assert(date_time_decode(leapday, &dt, why, sizeof(why)));
	ck_assert_uint_eq(dt.year, 2024);
	date_time_encode(&dt, back);
	ck_assert_mem_eq(back, leapday, 7);
	ck_assert(date_time_decode(unknown, &dt, why, sizeof(why)));
	ck_assert(!date_time_decode(bad_month, &dt, why, sizeof(why)));
	ck_assert_str_eq(why, "month 13 outside 1..12");
	ck_assert(!date_time_decode(bad_hour, &dt, why, sizeof(why)));
	ck_assert_str_eq(why, "hours 24 outside 0..23");
}
END_TEST

Suite *suite_mder(void)
{
	Suite *s = suite_create("mder");
	TCase *tc = tcase_create("mder");

	tcase_add_test(tc, test_sfloat_examples);
	tcase_add_test(tc, test_sfloat_specials);
	tcase_add_test(tc, test_float_examples);
	tcase_add_test(tc, test_encode);
	tcase_add_test(tc, test_date_time);
	suite_add_tcase(s, tc);
	return s;
}
