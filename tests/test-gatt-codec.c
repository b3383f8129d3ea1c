/* SPDX-License-Identifier: MIT */
/*
 * GATT characteristic decoding against byte vectors assembled by hand from
 * the field layouts of the specifications (not by our encoder), including
 * values that break them: every violation must be reported, not just the
 * first.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "ble/gatt-codec.h"

static struct gdecoded d;

static int decode(uint16_t uuid, const uint8_t *p, size_t n)
{
	const struct gchar *ch = gatt_char_find(uuid);

	ck_assert_ptr_nonnull(ch);
	return gatt_decode(ch, p, n, &d);
}

static const struct gvalue *val(const char *name)
{
	const struct gvalue *v = gatt_value(&d, name);

	ck_assert_msg(v != NULL, "no field %s", name);
	return v;
}

static bool has_violation(const char *text)
{
	for (size_t i = 0; i < d.nviol; i++)
		if (strstr(d.violations[i], text))
			return true;
	return false;
}

#define DECODE(uuid, ...)                                                      \
	decode(uuid, (const uint8_t[]){ __VA_ARGS__ },                          \
	       sizeof((const uint8_t[]){ __VA_ARGS__ }))

START_TEST(test_bp_measurement_full)
{
	/* flags 0x1E: time stamp, pulse, user id, status; mmHg
	 * 120/80 MAP 93, 2026-11-24 10:30:00, pulse 72, user 1, irregular pulse */
	ck_assert_int_eq(DECODE(0x2A35, 0x1E, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00,
				0xEA, 0x07, 0x0B, 0x18, 0x0A, 0x1E, 0x00,
				0x48, 0x00, 0x01, 0x04, 0x00), 0);
	ck_assert_double_eq(val("systolic")->num, 120);
	ck_assert_str_eq(val("systolic")->unit, "mmHg");
	ck_assert_double_eq(val("diastolic")->num, 80);
	ck_assert_double_eq(val("mean_arterial_pressure")->num, 93);
	ck_assert_str_eq(val("time_stamp")->text, "2026-11-24T10:30:00");
	ck_assert_double_eq(val("pulse_rate")->num, 72);
	ck_assert_double_eq(val("user_id")->num, 1);
	ck_assert_uint_eq(val("measurement_status")->raw, 0x0004);
}
END_TEST

START_TEST(test_bp_kpa)
{
	/* 16.0 / 10.7 / 12.4 kPa: SFLOAT 0xF0A0, 0xF06B, 0xF07C */
	ck_assert_int_eq(DECODE(0x2A35, 0x01, 0xA0, 0xF0, 0x6B, 0xF0, 0x7C, 0xF0), 0);
	ck_assert_str_eq(val("systolic")->unit, "kPa");
	ck_assert_double_eq_tol(val("systolic")->num, 16.0, 1e-9);
	ck_assert_str_eq(val("systolic")->text, "16.0");
	ck_assert_double_eq_tol(val("diastolic")->num, 10.7, 1e-9);
	ck_assert_ptr_null(gatt_value(&d, "pulse_rate"));
}
END_TEST

START_TEST(test_bp_flag_length_mismatch)
{
	/* pulse announced, value ends after MAP */
	ck_assert_int_eq(DECODE(0x2A35, 0x04, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00), 1);
	ck_assert(has_violation("pulse_rate missing: value ends at byte 7"));
	/* nothing announced, two bytes too many */
	ck_assert_int_eq(DECODE(0x2A35, 0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00,
				0x48, 0x00), 1);
	ck_assert(has_violation("2 bytes after the last field"));
}
END_TEST

START_TEST(test_bp_all_violations_reported)
{
	/* reserved flag bit 7, systolic NaN, status reserved bit 8, a
	 * timestamp with month 13: four findings in one value */
	ck_assert_int_eq(DECODE(0x2A35, 0x92, 0xFF, 0x07, 0x50, 0x00, 0x5D, 0x00,
				0xEA, 0x07, 0x0D, 0x01, 0x00, 0x00, 0x00,
				0x00, 0x01), 4);
	ck_assert(has_violation("reserved flag bits set (flags 0x92, reserved 0x80)"));
	ck_assert(has_violation("systolic is NaN, a special value not allowed here"));
	ck_assert(has_violation("time_stamp invalid: month 13 outside 1..12"));
	ck_assert(has_violation("measurement_status has reserved bits set (0x100)"));
}
END_TEST

START_TEST(test_intermediate_cuff_allows_nan)
{
	/* cuff 90 mmHg, diastolic and MAP NaN: conforming */
	ck_assert_int_eq(DECODE(0x2A36, 0x00, 0x5A, 0x00, 0xFF, 0x07, 0xFF, 0x07), 0);
	ck_assert_double_eq(val("cuff_pressure")->num, 90);
	ck_assert(isnan(val("diastolic")->num));
	ck_assert_str_eq(val("diastolic")->text, "NaN");
	/* the reserved special 0x0801 is never valid */
	ck_assert_int_eq(DECODE(0x2A36, 0x00, 0x5A, 0x00, 0x01, 0x08, 0xFF, 0x07), 1);
	ck_assert(has_violation("reserved special value 0x0801"));
	/* BLS 3.2: diastolic and MAP are unused, so NaN is required: a
	 * number (80) or NRes there is a violation */
	ck_assert_int_eq(DECODE(0x2A36, 0x00, 0x5A, 0x00, 0x50, 0x00, 0xFF, 0x07), 1);
	ck_assert(has_violation("diastolic is 80, must be NaN"));
	ck_assert_int_eq(DECODE(0x2A36, 0x00, 0x5A, 0x00, 0xFF, 0x07, 0x00, 0x08), 1);
	ck_assert(has_violation("mean_arterial_pressure is NRes, must be NaN"));
}
END_TEST

/* RR intervals are times between beats: each must be at least 1/1024 s. */
START_TEST(test_rr_interval_zero)
{
	/* u8 rate 72, RR 853 and 0 */
	ck_assert_int_eq(DECODE(0x2A37, 0x10, 0x48, 0x55, 0x03, 0x00, 0x00), 1);
	ck_assert(has_violation("rr_intervals item 2 is 0, outside 1..65535"));
	ck_assert_int_eq(DECODE(0x2A37, 0x10, 0x48, 0x55, 0x03, 0x56, 0x03), 0);
}
END_TEST

/* Device Information strings are UTF-8: the text is kept escaped, never
 * raw, and the bytes are a violation. */
START_TEST(test_dis_utf8)
{
	ck_assert_int_eq(DECODE(0x2A29, 'A', 'c', 'm', 'e', 0xC3, 0xA9), 0);
	ck_assert_str_eq(val("text")->text, "Acme\xC3\xA9"); /* é is UTF-8: kept */
	ck_assert_int_eq(DECODE(0x2A29, 'A', 'c', 'm', 'e', 0xC0, 0xAF, 0xFF), 1);
	ck_assert(has_violation("text is not valid UTF-8: byte 0xC0 at offset 4"));
	ck_assert_str_eq(val("text")->text, "Acme\\xC0\\xAF\\xFF");
	ck_assert_int_eq(DECODE(0x2A29, 'A', 0x00, 'B'), 1);
	ck_assert(has_violation("text holds a NUL byte"));
	ck_assert_str_eq(val("text")->text, "A\\x00B");
}
END_TEST

START_TEST(test_heart_rate)
{
	ck_assert_int_eq(DECODE(0x2A37, 0x00, 0x48), 0);
	ck_assert_double_eq(val("heart_rate")->num, 72);
	/* u16 rate, energy expended 291 kJ, RR 1024 and 1008 (1/1024 s) */
	ck_assert_int_eq(DECODE(0x2A37, 0x19, 0x48, 0x00, 0x23, 0x01, 0x00, 0x04,
				0xF0, 0x03), 0);
	ck_assert_double_eq(val("heart_rate")->num, 72);
	ck_assert_double_eq(val("energy_expended")->num, 291);
	ck_assert_str_eq(val("rr_intervals")->text, "1024,1008");
	ck_assert_double_eq(val("rr_intervals")->num, 2);
	/* u16 announced, one byte given */
	ck_assert_int_eq(DECODE(0x2A37, 0x01, 0x48), 1);
	ck_assert(has_violation("heart_rate missing"));
	/* odd RR length */
	ck_assert_int_eq(DECODE(0x2A37, 0x10, 0x48, 0x00, 0x04, 0xF0), 1);
	/* energy and RR announced, energy missing: the RR bytes read as
	 * energy leave the announced RR list empty */
	ck_assert_int_eq(DECODE(0x2A37, 0x18, 0x48, 0x55, 0x03), 1);
	ck_assert(has_violation("rr_intervals missing: value ends at byte 4"));
}
END_TEST

START_TEST(test_glucose)
{
	/* seq 1, base time 2026-01-02 08:15:00, offset -30 min, 0.0055 mol/L
	 * (SFLOAT m=55 e=-4: 0xC037), capillary whole blood at finger (0x11) */
	ck_assert_int_eq(DECODE(0x2A18, 0x07, 0x01, 0x00, 0xEA, 0x07, 0x01, 0x02,
				0x08, 0x0F, 0x00, 0xE2, 0xFF, 0x37, 0xC0, 0x11), 0);
	ck_assert_double_eq(val("sequence_number")->num, 1);
	ck_assert_double_eq(val("time_offset")->num, -30);
	ck_assert_str_eq(val("concentration")->unit, "mol/L");
	ck_assert_double_eq_tol(val("concentration")->num, 0.0055, 1e-12);
	ck_assert_double_eq(val("type")->num, 1);
	ck_assert_double_eq(val("sample_location")->num, 1);
	/* type 0 and location 6 are not defined */
	ck_assert_int_eq(DECODE(0x2A18, 0x02, 0x01, 0x00, 0xEA, 0x07, 0x01, 0x02,
				0x08, 0x0F, 0x00, 0x37, 0xC0, 0x60), 2);
	ck_assert(has_violation("type value 0 is not defined"));
	ck_assert(has_violation("sample_location value 6 is not defined"));
}
END_TEST

START_TEST(test_plx)
{
	/* spot-check 97 % 61 bpm, no options */
	ck_assert_int_eq(DECODE(0x2A5E, 0x00, 0x61, 0x00, 0x3D, 0x00), 0);
	ck_assert_double_eq(val("spo2")->num, 97);
	/* SpO2 101 % is out of range */
	ck_assert_int_eq(DECODE(0x2A5E, 0x00, 0x65, 0x00, 0x3D, 0x00), 1);
	ck_assert(has_violation("spo2 101 outside 0..100 %"));
	/* features: measurement status (0x0020) and device/sensor status
	 * support (0x000001) present */
	ck_assert_int_eq(DECODE(0x2A60, 0x03, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00), 0);
	ck_assert_uint_eq(val("measurement_status_support")->raw, 0x20);
	ck_assert_uint_eq(val("device_sensor_status_support")->raw, 1);
	/* continuous with the fast pair */
	ck_assert_int_eq(DECODE(0x2A5F, 0x01, 0x61, 0x00, 0x3D, 0x00, 0x60, 0x00,
				0x3E, 0x00), 0);
	ck_assert_double_eq(val("pulse_rate_fast")->num, 62);
}
END_TEST

START_TEST(test_thermometer)
{
	/* 37.0 C (FLOAT 0xFF000172), type body (2) */
	ck_assert_int_eq(DECODE(0x2A1C, 0x04, 0x72, 0x01, 0x00, 0xFF, 0x02), 0);
	ck_assert_double_eq_tol(val("temperature")->num, 37.0, 1e-9);
	ck_assert_str_eq(val("temperature")->unit, "Cel");
	ck_assert_str_eq(val("temperature_type")->text, "2 (body (general))");
	/* Fahrenheit flag; type 12 undefined */
	ck_assert_int_eq(DECODE(0x2A1C, 0x05, 0x6A, 0x03, 0x00, 0xFF, 0x0C), 1);
	ck_assert_str_eq(val("temperature")->unit, "degF");
	ck_assert_double_eq_tol(val("temperature")->num, 87.4, 1e-9);
	ck_assert(has_violation("temperature_type value 12 is not defined"));
}
END_TEST

START_TEST(test_simple_characteristics)
{
	ck_assert_int_eq(DECODE(0x2A29, 'A', 'c', 'm', 'e'), 0);
	ck_assert_str_eq(val("text")->text, "Acme");
	ck_assert_int_eq(DECODE(0x2A38, 0x07), 1);
	ck_assert(has_violation("body_sensor_location value 7 is not defined"));
	ck_assert_int_eq(DECODE(0x2A49, 0x3F, 0x00), 0);
	ck_assert_int_eq(DECODE(0x2A49, 0x40, 0x00), 1);
	/* Current Time: day of week 8 undefined, adjust reason bit 4 reserved */
	ck_assert_int_eq(DECODE(0x2A2B, 0xEA, 0x07, 0x0B, 0x18, 0x0A, 0x00, 0x00,
				0x08, 0x00, 0x11), 2);
	ck_assert(gatt_char_find(0x1234) == NULL);
	ck_assert_str_eq(gatt_uuid_name(0x1810), "Blood Pressure");
	ck_assert_str_eq(gatt_uuid_name(0x2A35), "Blood Pressure Measurement");
	ck_assert_int_eq(gatt_decode(NULL, NULL, 0, &d), -1);
	/* flags only: the first missing field is reported, nothing after it
	 * can be placed */
	ck_assert_int_eq(DECODE(0x2A35, 0x00), 1);
	ck_assert(has_violation("systolic missing: value ends at byte 1"));
}
END_TEST

START_TEST(test_glucose_context)
{
	/* flags 0x57: carbohydrate, meal, tester-health, medication (kg),
	 * HbA1c; seq 7; breakfast 50 g = 0.05 kg (SFLOAT 5 x 10^-2: 0xE005);
	 * postprandial; self / no health issues; rapid insulin 2 mg (0xA002:
	 * 2 x 10^-6 kg); HbA1c 6.5 % (0xF041) */
	ck_assert_int_eq(DECODE(0x2A34, 0x57, 0x07, 0x00, 0x01, 0x05, 0xE0, 0x02,
				0x51, 0x01, 0x02, 0xA0, 0x41, 0xF0), 0);
	ck_assert_double_eq(val("sequence_number")->num, 7);
	ck_assert_double_eq_tol(val("carbohydrate")->num, 0.05, 1e-12);
	ck_assert_double_eq(val("meal")->num, 2);
	ck_assert_double_eq(val("tester")->num, 1);
	ck_assert_double_eq(val("health")->num, 5);
	ck_assert_double_eq(val("medication_id")->num, 1);
	ck_assert_str_eq(val("medication")->unit, "kg");
	ck_assert_double_eq_tol(val("hba1c")->num, 6.5, 1e-12);
	ck_assert_ptr_null(gatt_value(&d, "exercise_duration"));
	/* meal 9 undefined, exercise intensity 120 %, and the medication the
	 * flags announce missing: three findings */
	ck_assert_int_eq(DECODE(0x2A34, 0x1A, 0x07, 0x00, 0x09, 0x10, 0x0E, 0x78), 3);
	ck_assert(has_violation("meal value 9 is not defined"));
	ck_assert(has_violation("exercise_intensity 120"));
	ck_assert(has_violation("medication_id missing"));
}
END_TEST

START_TEST(test_racp)
{
	/* response code: request 0x01 (report stored records), success */
	ck_assert_int_eq(DECODE(0x2A52, 0x06, 0x00, 0x01, 0x01), 0);
	ck_assert_double_eq(val("opcode")->num, 6);
	ck_assert_str_eq(val("opcode")->text, "6 (response code)");
	ck_assert_double_eq(val("request_opcode")->num, 1);
	ck_assert_double_eq(val("response_code")->num, 1);
	ck_assert_ptr_null(gatt_value(&d, "count"));
	/* number of stored records: 300 */
	ck_assert_int_eq(DECODE(0x2A52, 0x05, 0x00, 0x2C, 0x01), 0);
	ck_assert_double_eq(val("count")->num, 300);
	/* a request: report >= sequence number 0x0102 */
	ck_assert_int_eq(DECODE(0x2A52, 0x01, 0x03, 0x01, 0x02, 0x01), 0);
	ck_assert_str_eq(val("operand")->text, "010201");
	ck_assert_double_eq(val("operator")->num, 3);
	/* undefined op code 0x09 (its operator cannot be placed either),
	 * undefined response value 0x0A, a byte too many */
	ck_assert_int_eq(DECODE(0x2A52, 0x09, 0x00), 2);
	ck_assert(has_violation("opcode 9 is not defined"));
	ck_assert_int_eq(DECODE(0x2A52, 0x06, 0x00, 0x01, 0x0A, 0x00), 2);
	ck_assert(has_violation("response_code value 10 is not defined"));
	ck_assert(has_violation("1 bytes after the last field"));
	/* a response code cut short */
	ck_assert_int_eq(DECODE(0x2A52, 0x06, 0x00, 0x01), 1);
	ck_assert(has_violation("response_code missing"));
}
END_TEST

Suite *suite_gatt_codec(void)
{
	Suite *s = suite_create("gatt-codec");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_bp_measurement_full);
	tcase_add_test(tc, test_bp_kpa);
	tcase_add_test(tc, test_bp_flag_length_mismatch);
	tcase_add_test(tc, test_bp_all_violations_reported);
	tcase_add_test(tc, test_intermediate_cuff_allows_nan);
	tcase_add_test(tc, test_heart_rate);
	tcase_add_test(tc, test_rr_interval_zero);
	tcase_add_test(tc, test_dis_utf8);
	tcase_add_test(tc, test_glucose);
	tcase_add_test(tc, test_plx);
	tcase_add_test(tc, test_glucose_context);
	tcase_add_test(tc, test_racp);
	tcase_add_test(tc, test_thermometer);
	tcase_add_test(tc, test_simple_characteristics);
	suite_add_tcase(s, tc);
	return s;
}
