/* SPDX-License-Identifier: MIT */
/*
 * The runner's one unit table (base/units.c): every unit converts within
 * its dimension and is refused across dimensions; quantity_in gives a
 * parameter's number in the unit the suite or step declares, or says why
 * not.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/units.h"

/* Known factors, each way: the table's conversions by value. */
START_TEST(test_every_conversion)
{
	static const struct {
		double v;
		const char *from, *to;
		double want, tol;
	} c[] = {
	    {1, "ns", "s", 1e-9, 1e-21},
	    {1, "us", "ms", 1e-3, 1e-15},
	    {300000, "ms", "s", 300, 1e-9},
	    {5, "min", "s", 300, 1e-12},
	    {1.5, "h", "min", 90, 1e-12},
	    {1, "kPa", "mmHg", 7.500617, 1e-9},
	    {120, "mm[Hg]", "kPa", 15.99868, 1e-5},
	    {120, "mmHg", "mm[Hg]", 120, 0},
	    {37, "Cel", "degC", 37, 0},
	    {98.6, "degF", "Cel", 37, 1e-9},
	    {37, "Cel", "[degF]", 98.6, 1e-9},
	    {310.15, "K", "Cel", 37, 1e-9},
	    {72, "bpm", "/min", 72, 0},
	    {1.2, "Hz", "bpm", 72, 1e-12},
	    {90, "/min", "Hz", 1.5, 1e-12},
	    {99, "%", "%", 99, 0},
	    {5.5, "mmol/L", "mg/dL", 99.088, 1e-9},
	    {180.16, "mg/dL", "mmol/L", 10, 1e-2},
	    {50, "uV", "mV", 0.05, 1e-15},
	    {1.2, "V", "mV", 1200, 1e-9},
	    {1, "kcal", "kJ", 4.184, 1e-12},
	    {2500, "J", "kJ", 2.5, 1e-12},
	};
	double v;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_int_eq(unit_convert(c[i].v, c[i].from, c[i].to, &v),
				 CC_OK);
		ck_assert_msg(fabs(v - c[i].want) <= c[i].tol,
			      "%g %s = %.12g %s, want %.12g", c[i].v, c[i].from,
			      v, c[i].to, c[i].want);
	}
}
END_TEST

/* Every unit of the table: a known dimension, itself exactly, a round trip
 * through every unit of its dimension, and a refusal from every other. */
START_TEST(test_every_unit_round_trips)
{
	const char *a, *b;
	double v, back;

	for (size_t i = 0; (a = unit_symbol_at(i)); i++) {
		ck_assert_ptr_nonnull(unit_dimension(a));
		ck_assert(unit_known(a));
		ck_assert_int_eq(unit_convert(12.5, a, a, &v), CC_OK);
		ck_assert(v == 12.5);
		for (size_t j = 0; (b = unit_symbol_at(j)); j++) {
			bool same =
			    !strcmp(unit_dimension(a), unit_dimension(b));

			ck_assert_int_eq(unit_convert(12.5, a, b, &v),
					 same ? CC_OK : CC_EINVAL);
			ck_assert_int_eq(unit_convert_delta(12.5, a, b, &v),
					 same ? CC_OK : CC_EINVAL);
			if (!same)
				continue;
			ck_assert_int_eq(unit_convert(12.5, a, b, &v), CC_OK);
			ck_assert_int_eq(unit_convert(v, b, a, &back), CC_OK);
			ck_assert_msg(fabs(back - 12.5) < 1e-9,
				      "%s -> %s -> %s: %.15g", a, b, a, back);
		}
	}
	ck_assert_ptr_null(unit_dimension("furlong"));
	ck_assert_str_eq(unit_dimension(""), "a plain number");
	ck_assert_int_eq(unit_convert(1, "furlong", "furlong", &v),
			 CC_OK); /* identity */
	ck_assert_int_eq(unit_convert(1, "furlong", "mmHg", &v), CC_EINVAL);
}
END_TEST

/* A difference ignores the offsets of temperature scales; elsewhere it is
 * the same factor. */
START_TEST(test_delta_conversion)
{
	double v;

	ck_assert_int_eq(unit_convert_delta(1.8, "degF", "Cel", &v), CC_OK);
	ck_assert_double_eq_tol(v, 1.0, 1e-12);
	ck_assert_int_eq(unit_convert(1.8, "degF", "Cel", &v), CC_OK);
	ck_assert_double_eq_tol(v, -16.777777777778, 1e-9);
	ck_assert_int_eq(unit_convert_delta(0.3, "Cel", "K", &v), CC_OK);
	ck_assert_double_eq_tol(v, 0.3, 1e-12);
	ck_assert_int_eq(unit_convert_delta(1, "kPa", "mmHg", &v), CC_OK);
	ck_assert_double_eq_tol(v, 7.500617, 1e-9);
	ck_assert_int_eq(unit_convert_delta(1, "ms", "mmHg", &v), CC_EINVAL);
}
END_TEST

/* A parameter's number in the unit it is kept in. */
START_TEST(test_quantity_in_converts)
{
	static const struct {
		const char *text, *unit;
		bool delta;
		double want;
	} c[] = {
	    {"1 kPa", "mmHg", false, 7.500617}, /* a profile's kPa limit */
	    {"300000 ms", "s", false, 300},	/* ecg_compare start */
	    {"5 min", "s", false, 300},
	    {"0", "s", false, 0},	 /* bare: already in s */
	    {"150 ms", "s", true, 0.15}, /* a match window */
	    {"7.5", "mmHg", false, 7.5},
	    {"0.54 degF", "Cel", true, 0.3}, /* a tolerance */
	    {"99", "%", false, 99},
	    {"255", "", false, 255}, /* a count */
	    {"1.2 Hz", "bpm", false, 72},
	    {"50 uV", "mV", true, 0.05},
	};
	char err[256];
	double v;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_msg(quantity_in("p", c[i].text, c[i].unit, c[i].delta,
					  &v, err, sizeof(err)) == CC_OK,
			      "%s: %s", c[i].text, err);
		ck_assert_msg(fabs(v - c[i].want) < 1e-9, "%s in %s: %.12g",
			      c[i].text, c[i].unit, v);
	}
}
END_TEST

/* Every refusal names the parameter, the text and what each measures;
 * *out stays as it was. */
START_TEST(test_quantity_in_refuses)
{
	static const struct {
		const char *text, *unit, *msg;
	} c[] = {
	    {"5 ms", "",
	     "min_pairs: '5 ms' is a time; min_pairs takes a plain number, no "
	     "unit"},
	    {"3 %", "",
	     "min_pairs: '3 %' is a ratio; min_pairs takes a plain number, no "
	     "unit"},
	    {"1 kPa", "s",
	     "min_pairs: '1 kPa' is a pressure; min_pairs is a time in s"},
	    {"5 ms", "mmHg",
	     "min_pairs: '5 ms' is a time; min_pairs is a pressure in mmHg"},
	    {"2 kJ", "bpm",
	     "min_pairs: '2 kJ' is an energy; min_pairs is a frequency in bpm"},
	    {"5 mmol/L", "Cel",
	     "min_pairs: '5 mmol/L' is a glucose concentration; min_pairs is a "
	     "temperature in Cel"},
	    {"12 apples", "s",
	     "min_pairs: unknown unit 'apples' in '12 apples'"},
	    {"fast", "s", "min_pairs: 'fast' is not a number"},
	    {"", "s", "min_pairs: '' is not a number"},
	    {"nan", "", "min_pairs: 'nan' is not a number"},
	    {"5", "furlong", "min_pairs: unknown unit 'furlong'"},
	};
	char err[256];
	double v = 42;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ck_assert_int_eq(quantity_in("min_pairs", c[i].text, c[i].unit,
					     false, &v, err, sizeof(err)),
				 CC_EINVAL);
		ck_assert_str_eq(err, c[i].msg);
		ck_assert(v == 42);
	}
}
END_TEST

START_TEST(test_param_table)
{
	static const struct unit_param t[] = {
	    {"start", "s", false},
	    {"window", "s", true},
	    {"min_pairs", "", false},
	    {NULL, NULL, false},
	};

	ck_assert_ptr_eq(unit_param_find(t, "window"), &t[1]);
	ck_assert(unit_param_find(t, "window")->delta);
	ck_assert_ptr_null(unit_param_find(t, "end"));
	ck_assert_ptr_null(unit_param_find(NULL, "start"));
}
END_TEST

Suite *suite_units(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, test_every_conversion);
	tcase_add_test(tc, test_every_unit_round_trips);
	tcase_add_test(tc, test_delta_conversion);
	tcase_add_test(tc, test_quantity_in_converts);
	tcase_add_test(tc, test_quantity_in_refuses);
	tcase_add_test(tc, test_param_table);
	suite_add_tcase(s, tc);
	return s;
}
