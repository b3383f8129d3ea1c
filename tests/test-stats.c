/* SPDX-License-Identifier: MIT */
/* Descriptive statistics and the root solver, against values worked out by
 * hand (shown in the comments). */
#include <check.h>
#include <math.h>
#include <stdint.h>

#include "base/err.h"
#include "base/stats.h"

START_TEST(test_mean_sd_rms)
{
	static const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	static const double d[] = { 3, -4 };

	/* sum 40 / 8 */
	ck_assert_double_eq_tol(stats_mean(x, 8), 5.0, 1e-12);
	/* sum of squared deviations 32; n - 1 = 7 (n would give 2.0) */
	ck_assert_double_eq_tol(stats_sd(x, 8), sqrt(32.0 / 7.0), 1e-12);
	ck_assert_double_eq_tol(stats_sd(x, 8), 2.1380899353, 1e-9);
	/* (9 + 16) / 2 = 12.5 */
	ck_assert_double_eq_tol(stats_rms(d, 2), sqrt(12.5), 1e-12);
	ck_assert(isnan(stats_mean(x, 0)));
	ck_assert(isnan(stats_sd(x, 1)));
	ck_assert(isnan(stats_rms(x, 0)));
}
END_TEST

START_TEST(test_sd_cancellation)
{
	/* readings near 1e9 differing by tenths: a one-pass formula loses
	 * everything here */
	static const double x[] = { 1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3 };

	ck_assert_double_eq_tol(stats_sd(x, 3), 0.1, 1e-6);
}
END_TEST

START_TEST(test_percentile)
{
	static const double s[] = { 15, 20, 35, 40, 50 };
	static const double u[] = { 40, 15, 50, 20, 35 };
	static const double bad[] = { 1, NAN };
	double v;

	/* h = 4 * 0.4 = 1.6: 20 + 0.6 * (35 - 20) = 29 */
	ck_assert_int_eq(stats_percentile_sorted(s, 5, 40, &v), CC_OK);
	ck_assert_double_eq_tol(v, 29, 1e-12);
	ck_assert_int_eq(stats_percentile_sorted(s, 5, 0, &v), CC_OK);
	ck_assert_double_eq(v, 15);
	ck_assert_int_eq(stats_percentile_sorted(s, 5, 100, &v), CC_OK);
	ck_assert_double_eq(v, 50);
	ck_assert_int_eq(stats_percentile_sorted(s, 5, 50, &v), CC_OK);
	ck_assert_double_eq(v, 35);
	/* h = 4 * 0.95 = 3.8: 40 + 0.8 * 10 = 48 */
	ck_assert_int_eq(stats_percentile(u, 5, 95, &v), CC_OK);
	ck_assert_double_eq_tol(v, 48, 1e-12);
	ck_assert_double_eq(u[0], 40); /* input untouched */
	ck_assert_int_eq(stats_percentile(u, 1, 73, &v), CC_OK);
	ck_assert_double_eq(v, 40);
	ck_assert_int_eq(stats_percentile(u, 0, 50, &v), CC_EINVAL);
	ck_assert_int_eq(stats_percentile(u, 5, -1, &v), CC_EINVAL);
	ck_assert_int_eq(stats_percentile(u, 5, 100.5, &v), CC_EINVAL);
	ck_assert_int_eq(stats_percentile(u, 5, NAN, &v), CC_EINVAL);
	ck_assert_int_eq(stats_percentile(bad, 2, 50, &v), CC_EINVAL);
}
END_TEST

START_TEST(test_norm_cdf)
{
	ck_assert_double_eq_tol(stats_norm_cdf(0), 0.5, 1e-15);
	ck_assert_double_eq_tol(stats_norm_cdf(1.959963984540054), 0.975,
				1e-12);
	ck_assert_double_eq_tol(stats_norm_cdf(-1), 0.15865525393145707, 1e-14);
	/* lower tail keeps relative precision: Phi(-10) = 7.6199e-24 */
	ck_assert_double_eq_tol(stats_norm_cdf(-10) / 7.61985302416e-24, 1,
				1e-9);
}
END_TEST

static double sq_minus_2(double x, void *ctx)
{
	(void)ctx;
	return x * x - 2;
}

static double minus_1(double x, void *ctx)
{
	(void)ctx;
	return x - 1;
}

static double shifted_cos(double x, void *ctx)
{
	return cos(x - *(double *)ctx);
}

static double step(double x, void *ctx)
{
	(void)ctx;
	return x < 1 ? -1 : 1;
}

static double flat_then_steep(double x, void *ctx)
{
	(void)ctx;
	return pow(x - 0.3, 9); /* flat near its root: bisection steps */
}

START_TEST(test_root)
{
	double r, shift = 0.25;

	ck_assert_int_eq(stats_root(sq_minus_2, NULL, 0, 2, 1e-13, &r), CC_OK);
	ck_assert_double_eq_tol(r, sqrt(2.0), 1e-12);
	ck_assert_int_eq(stats_root(shifted_cos, &shift, 0, 3, 1e-13, &r),
			 CC_OK);
	ck_assert_double_eq_tol(r, M_PI / 2 + 0.25, 1e-12);
	/* a jump, not a root: still lands on the sign change */
	ck_assert_int_eq(stats_root(step, NULL, 0, 3, 1e-10, &r), CC_OK);
	ck_assert_double_eq_tol(r, 1, 1e-9);
	ck_assert_int_eq(stats_root(flat_then_steep, NULL, 0, 1, 1e-12, &r),
			 CC_OK);
	ck_assert_double_eq_tol(r, 0.3, 1e-6);
	/* an end that is a root */
	ck_assert_int_eq(stats_root(minus_1, NULL, 1, 3, 1e-12, &r), CC_OK);
	ck_assert_double_eq(r, 1);
	ck_assert_int_eq(stats_root(minus_1, NULL, -1, 1, 1e-12, &r), CC_OK);
	ck_assert_double_eq(r, 1);
	/* no sign change, reversed or empty bracket, bad tolerance */
	ck_assert_int_eq(stats_root(sq_minus_2, NULL, 2, 3, 1e-12, &r),
			 CC_EINVAL);
	ck_assert_int_eq(stats_root(sq_minus_2, NULL, 2, 0, 1e-12, &r),
			 CC_EINVAL);
	ck_assert_int_eq(stats_root(sq_minus_2, NULL, 1, 1, 1e-12, &r),
			 CC_EINVAL);
	ck_assert_int_eq(stats_root(sq_minus_2, NULL, 0, 2, 0, &r), CC_EINVAL);
}
END_TEST

START_TEST(test_wilson)
{
	double lo, hi;

	/* 8 of 10, z = 1.96: p = 0.8, z^2/n = 0.38416, denominator 1.38416;
	 * centre (0.8 + 0.19208) / 1.38416 = 0.716739; half width
	 * 1.96 sqrt(0.016 + 0.009604) / 1.38416 = 0.226581 */
	ck_assert_int_eq(stats_wilson(8, 10, 1.96, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, 0.490157, 1e-6);
	ck_assert_double_eq_tol(hi, 0.943319, 1e-6);
	/* 0 of 10: lo exactly 0, hi 2 * 0.19208 / 1.38416 = 0.277540 */
	ck_assert_int_eq(stats_wilson(0, 10, 1.96, &lo, &hi), CC_OK);
	ck_assert_double_eq(lo, 0);
	ck_assert_double_eq_tol(hi, 0.277540, 1e-6);
	/* 10 of 10 mirrors it; hi exactly 1 */
	ck_assert_int_eq(stats_wilson(10, 10, 1.96, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, 0.722460, 1e-6);
	ck_assert_double_eq(hi, 1);
	/* 95 of 100: the textbook (0.8882, 0.9785) */
	ck_assert_int_eq(stats_wilson(95, 100, 1.96, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, 0.888248, 1e-6);
	ck_assert_double_eq_tol(hi, 0.978457, 1e-6);
	/* n of n: lo = n / (n + z^2); 50 / 53.8416 */
	ck_assert_int_eq(stats_wilson(50, 50, 1.96, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, 50 / 53.8416, 1e-12);
	/* refusals */
	ck_assert_int_eq(stats_wilson(0, 0, 1.96, &lo, &hi), CC_EINVAL);
	ck_assert_int_eq(stats_wilson(11, 10, 1.96, &lo, &hi), CC_EINVAL);
	ck_assert_int_eq(stats_wilson(1, 10, 0, &lo, &hi), CC_EINVAL);
	ck_assert_int_eq(stats_wilson(1, 10, NAN, &lo, &hi), CC_EINVAL);
}
END_TEST

START_TEST(test_claim)
{
	struct stats_claim c;

	/* 73 of 73 is the fewest all-success run with lo >= 95 %:
	 * 73 / 76.8416 = 0.950006, while 72 / 75.8416 = 0.949347 */
	ck_assert_int_eq(stats_claim_judge(73, 73, 1.96, 0.95, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_HOLDS);
	ck_assert_uint_eq(c.more_min, 0);
	ck_assert_int_eq(stats_claim_judge(72, 72, 1.96, 0.95, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_INCONCLUSIVE);
	ck_assert_uint_eq(c.more_min, 1);
	/* 50 of 50: lo 0.928650 < 0.95 <= hi 1: inconclusive, 23 more
	 * successes reach 73 of 73; at the observed rate (1) also 23 */
	ck_assert_int_eq(stats_claim_judge(50, 50, 1.96, 0.95, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_INCONCLUSIVE);
	ck_assert_double_eq_tol(c.lo, 0.928650, 1e-6);
	ck_assert_uint_eq(c.more_min, 23);
	ck_assert_uint_eq(c.more_at_rate, 23);
	/* 95 of 100 against 90 %: lo 0.888248: inconclusive; 13 more
	 * successes (108 of 113, lo 0.9000); at 95 %, 27 more (120 of 127) */
	ck_assert_int_eq(stats_claim_judge(95, 100, 1.96, 0.90, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_INCONCLUSIVE);
	ck_assert_uint_eq(c.more_min, 13);
	ck_assert_uint_eq(c.more_at_rate, 27);
	/* 8 of 10 against 95 %: p below the target, so no number of
	 * trials at that rate settles it; hi 0.9433 < 0.95: refuted */
	ck_assert_int_eq(stats_claim_judge(8, 10, 1.96, 0.95, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_REFUTED);
	ck_assert_int_eq(stats_claim_judge(9, 10, 1.96, 0.95, &c), CC_OK);
	ck_assert_int_eq(c.verdict, STATS_CLAIM_INCONCLUSIVE);
	ck_assert_uint_eq(c.more_at_rate, SIZE_MAX);
	ck_assert_str_eq(stats_claim_name(c.verdict), "inconclusive");
	ck_assert_int_eq(stats_claim_judge(9, 10, 1.96, 1.0, &c), CC_EINVAL);
	ck_assert_int_eq(stats_claim_judge(9, 10, 1.96, 0, &c), CC_EINVAL);
}
END_TEST

START_TEST(test_poisson)
{
	double lo, hi;

	/* 0 events: hi = -ln 0.025 */
	ck_assert_int_eq(stats_poisson_interval(0, 0.95, &lo, &hi), CC_OK);
	ck_assert_double_eq(lo, 0);
	ck_assert_double_eq_tol(hi, -log(0.025), 1e-8);
	/* 1 event: lo = -ln 0.975 = 0.025318; hi solves e^-l (1 + l) =
	 * 0.025: 5.571643 (Garwood's table: 0.0253, 5.5716) */
	ck_assert_int_eq(stats_poisson_interval(1, 0.95, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, -log(0.975), 1e-8);
	ck_assert_double_eq_tol(hi, 5.571643, 1e-5);
	/* 5 events: (1.6235, 11.6683) */
	ck_assert_int_eq(stats_poisson_interval(5, 0.95, &lo, &hi), CC_OK);
	ck_assert_double_eq_tol(lo, 1.6235, 1e-4);
	ck_assert_double_eq_tol(hi, 11.6683, 1e-4);
	ck_assert_int_eq(stats_poisson_interval(5, 1, &lo, &hi), CC_EINVAL);
	ck_assert_int_eq(stats_poisson_interval(STATS_POISSON_MAX + 1, 0.95, &lo, &hi),
			 CC_EINVAL);
}
END_TEST

Suite *suite_stats(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");

	tcase_add_test(tc, test_mean_sd_rms);
	tcase_add_test(tc, test_sd_cancellation);
	tcase_add_test(tc, test_percentile);
	tcase_add_test(tc, test_norm_cdf);
	tcase_add_test(tc, test_root);
	tcase_add_test(tc, test_wilson);
	tcase_add_test(tc, test_claim);
	tcase_add_test(tc, test_poisson);
	suite_add_tcase(s, tc);
	return s;
}
