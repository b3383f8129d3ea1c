/* SPDX-License-Identifier: MIT */
/* Heart-rate response time to a rate step (hrresp), on report series whose
 * answers are worked out by hand in the comments. */
#include <check.h>
#include <math.h>
#include <stddef.h>

#include "base/err.h"
#include "ecg/hrresp.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 80 -> 120 bpm at 20 s, EC13 tolerance: max(5, 10 % of 120) = 12 bpm, band
 * 108...132. The report at 22.1 s enters the band but 22.6 s leaves it, so
 * the rate settles at 23.1 s: 3.1 s after the step. */
START_TEST(test_step_up)
{
	static const double t[] = {18.0, 19.5, 20.3, 21.0, 21.6,
				   22.1, 22.6, 23.1, 23.6, 24.1};
	static const double r[] = {80,	80,  81,  90,  100,
				   109, 107, 115, 119, 120};
	struct acc_tol_limits lim = acc_tol_hr_defaults();
	struct hrresp_result res;

	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 120, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_SETTLED);
	ck_assert_double_eq_tol(res.band_low, 108, 1e-12);
	ck_assert_double_eq_tol(res.band_high, 132, 1e-12);
	ck_assert_double_eq_tol(res.response, 3.1, 1e-9);
	ck_assert_uint_eq(res.settle_index, 7);
	ck_assert_uint_eq(res.n_after, 8); /* 20.3 s on */
	ck_assert_double_eq_tol(res.last_outside, 22.6, 1e-12);
	ck_assert_double_eq_tol(res.last_time, 24.1, 1e-12);
	ck_assert_str_eq(hrresp_status_name(res.status), "settled");

	/* a claim of +-5 % or +-5 bpm: 6 bpm, band 114...126; 115 at 23.1 s
	 * is in, so the same answer; with 113 there it is 23.6 s: 3.6 s */
	lim.rel_limit_pct = 5;
	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 120, &lim, &res),
			 CC_OK);
	ck_assert_double_eq_tol(res.band_low, 114, 1e-12);
	ck_assert_double_eq_tol(res.response, 3.1, 1e-9);
	{
		double r2[N_ELEM(r)];

		for (size_t i = 0; i < N_ELEM(r); i++)
			r2[i] = r[i];
		r2[7] = 113;
		ck_assert_int_eq(
		    hrresp_compute(t, r2, N_ELEM(t), 20, 120, &lim, &res),
		    CC_OK);
		ck_assert_double_eq_tol(res.response, 3.6, 1e-9);
		ck_assert_double_eq_tol(res.last_outside, 23.1, 1e-12);
	}
}
END_TEST

/* 80 -> 40 bpm at 20 s: max(5, 4) = 5 bpm, band 35...45, inclusive: 45 at
 * 25.0 s is in, 46 at 23.5 s is not: 5.0 s. */
START_TEST(test_step_down_edge)
{
	static const double t[] = {19.2, 20.5, 22.0, 23.5, 25.0, 26.5, 28.0};
	static const double r[] = {80, 78, 60, 46, 45, 41, 40};
	struct acc_tol_limits lim = acc_tol_hr_defaults();
	struct hrresp_result res;

	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 40, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_SETTLED);
	ck_assert_double_eq_tol(res.band_low, 35, 1e-12);
	ck_assert_double_eq_tol(res.band_high, 45, 1e-12);
	ck_assert_double_eq_tol(res.response, 5.0, 1e-9);
	ck_assert_uint_eq(res.settle_index, 4);
	ck_assert_uint_eq(res.n_after, 6);
}
END_TEST

/* A report at the step's own time counts (response 0); in-band reports
 * before the step do not. */
START_TEST(test_at_step)
{
	static const double t[] = {19.0, 20.0, 21.0};
	static const double r[] = {120, 121, 119};
	static const double t2[] = {19.0, 19.9, 20.4, 21.0};
	static const double r2[] = {120, 120, 100, 120};
	struct acc_tol_limits lim = acc_tol_hr_defaults();
	struct hrresp_result res;

	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 120, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_SETTLED);
	ck_assert_double_eq_tol(res.response, 0, 1e-12);
	ck_assert_uint_eq(res.n_after, 2);
	ck_assert(isnan(res.last_outside));
	/* 100 at 20.4 s is out (band 108...132): settles at 21.0 s */
	ck_assert_int_eq(
	    hrresp_compute(t2, r2, N_ELEM(t2), 20, 120, &lim, &res), CC_OK);
	ck_assert_double_eq_tol(res.response, 1.0, 1e-9);
}
END_TEST

/* Never settled (the last report is out), nothing after the step, bad
 * input. */
START_TEST(test_not_settled)
{
	static const double t[] = {18, 21, 24, 27};
	static const double r[] = {80, 90, 100, 107};
	static const double back[] = {18, 21, 20, 27};
	double nan_r[] = {80, NAN, 100, 107};
	struct acc_tol_limits lim = acc_tol_hr_defaults();
	struct hrresp_result res;

	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 120, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_NOT_SETTLED);
	ck_assert(isnan(res.response));
	ck_assert_uint_eq(res.settle_index, N_ELEM(t));
	ck_assert_double_eq_tol(res.last_outside, 27, 1e-12);
	ck_assert_str_eq(hrresp_status_name(res.status), "not settled");
	/* every report before a step at 30 s */
	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 30, 120, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_NO_REPORTS);
	ck_assert_uint_eq(res.n_after, 0);
	ck_assert_double_eq_tol(res.last_time, 27, 1e-12);
	ck_assert_int_eq(hrresp_compute(NULL, NULL, 0, 20, 120, &lim, &res),
			 CC_OK);
	ck_assert_int_eq(res.status, HRRESP_NO_REPORTS);
	ck_assert(isnan(res.last_time));

	ck_assert_int_eq(
	    hrresp_compute(back, r, N_ELEM(back), 20, 120, &lim, &res),
	    CC_EINVAL);
	ck_assert_int_eq(
	    hrresp_compute(t, nan_r, N_ELEM(t), 20, 120, &lim, &res),
	    CC_EINVAL);
	ck_assert_int_eq(hrresp_compute(NULL, r, 4, 20, 120, &lim, &res),
			 CC_EINVAL);
	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), NAN, 120, &lim, &res),
			 CC_EINVAL);
	lim.abs_limit = -1;
	ck_assert_int_eq(hrresp_compute(t, r, N_ELEM(t), 20, 120, &lim, &res),
			 CC_EINVAL);
}
END_TEST

Suite *suite_hrresp(void)
{
	Suite *s = suite_create("hrresp");
	TCase *tc = tcase_create("hrresp");

	tcase_add_test(tc, test_step_up);
	tcase_add_test(tc, test_step_down_edge);
	tcase_add_test(tc, test_at_step);
	tcase_add_test(tc, test_not_settled);
	suite_add_tcase(s, tc);
	return s;
}
