/* SPDX-License-Identifier: MIT */
/* The simulators' shared error model (hw/sim/lib/errmodel.c): each
 * parameter's effect on the readings, the generator, option parsing. */
#define _XOPEN_SOURCE 700

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/errmodel.h"

/* n readings of ref: mean and SD (n - 1) of reading - ref */
static void moments(struct errmodel *m, double ref, int n, double *mean, double *sd)
{
	double s = 0, ss = 0;

	for (int i = 0; i < n; i++) {
		double r;

		ck_assert_int_eq(errmodel_read(m, ref, &r), ERRMODEL_OK);
		s += r - ref;
		ss += (r - ref) * (r - ref);
	}
	*mean = s / n;
	*sd = sqrt((ss - s * s / n) / (n - 1));
}

START_TEST(test_generator)
{
	struct errmodel a, b;

	errmodel_init(&a);
	ck_assert_uint_eq(a.seed, 1);
	/* glibc's rand_r from seed 1 (the serial-bp bench's old source) */
	ck_assert_int_eq(errmodel_next(&a), 476707713);
	ck_assert_int_eq(errmodel_next(&a), 1186278907);
#ifdef __GLIBC__
	{
		unsigned seed = 12345;

		b.seed = 12345;
		for (int i = 0; i < 1000; i++)
			ck_assert_int_eq(errmodel_next(&b), rand_r(&seed));
	}
#endif
	/* the same seed repeats the readings; another seed does not */
	errmodel_init(&a);
	errmodel_init(&b);
	a.noise_sd = b.noise_sd = 1;
	a.seed = b.seed = 7;
	for (int i = 0; i < 100; i++) {
		double x, y;

		errmodel_read(&a, 50, &x);
		errmodel_read(&b, 50, &y);
		ck_assert_double_eq(x, y);
	}
	b.seed = 8;
	{
		double x, y;
		int same = 0;

		for (int i = 0; i < 100; i++) {
			errmodel_read(&a, 50, &x);
			errmodel_read(&b, 50, &y);
			same += x == y;
		}
		ck_assert_int_lt(same, 5);
	}
	for (int i = 0; i < 10000; i++) {
		double u = errmodel_uniform(&a);

		ck_assert(u > 0 && u < 1);
	}
}
END_TEST

START_TEST(test_no_error)
{
	struct errmodel m;
	double r;

	errmodel_init(&m);
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(errmodel_read(&m, 36.983 + i, &r), ERRMODEL_OK);
		ck_assert_double_eq(r, 36.983 + i);
		ck_assert(!errmodel_dropped(&m));
	}
}
END_TEST

START_TEST(test_bias_and_gain)
{
	struct errmodel m;
	double r;

	errmodel_init(&m);
	m.bias = 0.4;
	errmodel_read(&m, 37.0, &r);
	ck_assert_double_eq_tol(r, 37.4, 1e-12);
	m.bias = 0;
	m.gain = -0.05; /* 80 x 0.95 */
	errmodel_read(&m, 80, &r);
	ck_assert_double_eq_tol(r, 76.0, 1e-12);
	errmodel_read(&m, 100, &r);
	ck_assert_double_eq_tol(r, 95.0, 1e-12);
	m.bias = 3; /* gain first, then bias: 70 x 0.95 + 3 */
	errmodel_read(&m, 70, &r);
	ck_assert_double_eq_tol(r, 69.5, 1e-12);
}
END_TEST

START_TEST(test_noise)
{
	struct errmodel m;
	double mean, sd;

	errmodel_init(&m);
	m.noise_sd = 2;
	/* 20000 draws: SE of the mean 0.014, of the SD 0.01 */
	moments(&m, 100, 20000, &mean, &sd);
	ck_assert_double_eq_tol(mean, 0, 0.05);
	ck_assert_double_eq_tol(sd, 2, 0.05);
	m.noise_sd = 0.5;
	m.bias = 1;
	moments(&m, 10, 20000, &mean, &sd);
	ck_assert_double_eq_tol(mean, 1, 0.02);
	ck_assert_double_eq_tol(sd, 0.5, 0.02);
}
END_TEST

START_TEST(test_quantum)
{
	struct errmodel m;
	double r;

	errmodel_init(&m);
	m.quantum = 0.5;
	errmodel_read(&m, 36.983, &r);
	ck_assert_double_eq_tol(r, 37.0, 1e-12);
	errmodel_read(&m, 36.74, &r);
	ck_assert_double_eq_tol(r, 36.5, 1e-12);
	/* with noise: every reading on the grid, within half a step of the
	 * unquantised one (replayed from the same seed) */
	m.quantum = 1;
	m.noise_sd = 1.5;
	m.seed = 3;
	for (int i = 0; i < 1000; i++) {
		struct errmodel raw = m;
		double x;

		raw.quantum = 0;
		errmodel_read(&raw, 84.3, &x);
		errmodel_read(&m, 84.3, &r);
		ck_assert_double_eq(r, round(r));
		ck_assert(fabs(r - x) <= 0.5);
	}
}
END_TEST

START_TEST(test_dropout)
{
	struct errmodel m;
	unsigned before;
	int n = 0;

	errmodel_init(&m);
	m.seed = 11;
	before = m.seed;
	ck_assert(!errmodel_dropped(&m));
	ck_assert_uint_eq(m.seed, before); /* no draw without dropouts */
	m.dropout = 1;
	ck_assert(errmodel_dropped(&m));
	m.dropout = 0.2;
	for (int i = 0; i < 10000; i++)
		n += errmodel_dropped(&m);
	/* 2000 expected, SD 40 */
	ck_assert_int_gt(n, 1850);
	ck_assert_int_lt(n, 2150);
}
END_TEST

START_TEST(test_range)
{
	struct errmodel m;
	double r;

	errmodel_init(&m);
	m.lo = 35;
	m.hi = 42;
	ck_assert_int_eq(errmodel_read(&m, 34.9, &r), ERRMODEL_BELOW);
	ck_assert_int_eq(errmodel_read(&m, 42.1, &r), ERRMODEL_ABOVE);
	ck_assert_int_eq(errmodel_read(&m, 35, &r), ERRMODEL_OK);
	ck_assert_int_eq(errmodel_read(&m, 42, &r), ERRMODEL_OK);
	/* judged on the reading, not the reference: a bias moves it out */
	m.bias = 0.5;
	ck_assert_int_eq(errmodel_read(&m, 41.8, &r), ERRMODEL_ABOVE);
	ck_assert_double_eq_tol(r, 42.3, 1e-12);
	/* lo >= hi: no range */
	m.lo = m.hi = 0;
	ck_assert_int_eq(errmodel_read(&m, 1000, &r), ERRMODEL_OK);
}
END_TEST

START_TEST(test_take_args)
{
	char *argv[] = { "prog", "--coupled", "--bias", "3", "--pr-noise-sd=1.5", "--vendor",
			 "X", "--range", "70:100", "--seed", "9", "--biasx", "--quantum=0.1",
			 "--", "--bias", "1", NULL };
	int argc = (int)(sizeof(argv) / sizeof(argv[0])) - 1;
	struct errmodel m, pr;

	errmodel_init(&m);
	errmodel_init(&pr);
	ck_assert_int_eq(errmodel_take_args(&m, "", &argc, argv), 0);
	ck_assert_double_eq(m.bias, 3);
	ck_assert_double_eq(m.lo, 70);
	ck_assert_double_eq(m.hi, 100);
	ck_assert_uint_eq(m.seed, 9);
	ck_assert_double_eq(m.quantum, 0.1);
	ck_assert_double_eq(m.noise_sd, 0);
	/* the rest, in order; after "--" nothing is taken */
	ck_assert_int_eq(argc, 9);
	ck_assert_str_eq(argv[1], "--coupled");
	ck_assert_str_eq(argv[2], "--pr-noise-sd=1.5");
	ck_assert_str_eq(argv[3], "--vendor");
	ck_assert_str_eq(argv[4], "X");
	ck_assert_str_eq(argv[5], "--biasx");
	ck_assert_str_eq(argv[6], "--");
	ck_assert_str_eq(argv[7], "--bias");
	ck_assert_str_eq(argv[8], "1");
	ck_assert_ptr_null(argv[9]);
	ck_assert_int_eq(errmodel_take_args(&pr, "pr-", &argc, argv), 0);
	ck_assert_double_eq(pr.noise_sd, 1.5);
	ck_assert_double_eq(pr.bias, 0);
	ck_assert_int_eq(argc, 8);
	ck_assert_str_eq(argv[2], "--vendor");
}
END_TEST

START_TEST(test_take_args_bad)
{
	static const char *const bad[][2] = {
		{ "--dropout", "1.5" }, { "--range", "5:1" },	{ "--range", "5" },
		{ "--noise-sd", "-1" }, { "--gain", "abc" },	{ "--seed", "-3" },
		{ "--quantum", "-0.1" }, { "--gain", "-1" },	{ "--bias", "nan" },
		{ "--bias", "1e999" },	{ "--range", ":4" },	{ "--seed", "4294967296" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { "prog", (char *)bad[i][0], (char *)bad[i][1], NULL };
		int argc = 3;
		struct errmodel m;

		errmodel_init(&m);
		ck_assert_msg(errmodel_take_args(&m, "", &argc, argv) == -1, "%s %s accepted",
			      bad[i][0], bad[i][1]);
	}
	{
		char *argv[] = { "prog", "--bias", NULL };
		int argc = 2;
		struct errmodel m;

		errmodel_init(&m);
		ck_assert_int_eq(errmodel_take_args(&m, "", &argc, argv), -1);
	}
}
END_TEST

Suite *suite_errmodel(void)
{
	Suite *s = suite_create("errmodel");
	TCase *tc = tcase_create("errmodel");

	tcase_add_test(tc, test_generator);
	tcase_add_test(tc, test_no_error);
	tcase_add_test(tc, test_bias_and_gain);
	tcase_add_test(tc, test_noise);
	tcase_add_test(tc, test_quantum);
	tcase_add_test(tc, test_dropout);
	tcase_add_test(tc, test_range);
	tcase_add_test(tc, test_take_args);
	tcase_add_test(tc, test_take_args_bad);
	suite_add_tcase(s, tc);
	return s;
}
