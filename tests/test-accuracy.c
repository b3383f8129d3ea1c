/* SPDX-License-Identifier: MIT */
/*
 * Accuracy evaluators against values worked out by hand from
 * ../shared/reference/accuracy.md: ISO 81060-2 criteria 1 and 2, ISO 15197
 * limits and the Parkes grid, ISO 80601-2-61 Arms, heart-rate and
 * temperature tolerances, and the sample-size rules.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy/acc-bp.h"
#include "accuracy/acc-glucose.h"
#include "accuracy/acc-spo2.h"
#include "accuracy/acc-tol.h"
#include "base/err.h"

static struct pair mkpair(size_t subject, double reference, double device)
{
	return (struct pair){ .subject = subject,
			     .quantity = PAIRS_NO_QUANTITY,
			     .reference = reference,
			     .device = device };
}

/* ---- ISO 81060-2 ------------------------------------------------------ */

START_TEST(test_bp_sigma)
{
	/* accuracy.md: 6.9467 at 0, 6.6489 at +-2.0, 4.8063 at +-5.0 */
	static const struct {
		double mu, sigma;
	} t[] = {
		{ 0, 6.9467 },   { 2.0, 6.6489 },  { -2.0, 6.6489 },
		{ 5.0, 4.8063 }, { -5.0, 4.8063 },
	};
	double s;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(acc_bp_sigma(t[i].mu, 10, 0.85, &s), CC_OK);
		ck_assert_double_eq_tol(s, t[i].sigma, 1e-4);
	}
	/* the published 6.95 at 0 is the rounded rule */
	ck_assert_int_eq(acc_bp_sigma(0, 10, 0.85, &s), CC_OK);
	ck_assert_double_eq_tol(s, 6.95, 0.005);
	ck_assert_int_eq(acc_bp_sigma(10, 10, 0.85, &s), CC_EINVAL);
	ck_assert_int_eq(acc_bp_sigma(0, 10, 1.0, &s), CC_EINVAL);
	ck_assert_int_eq(acc_bp_sigma(0, 0, 0.85, &s), CC_EINVAL);
	ck_assert_int_eq(acc_bp_sigma(NAN, 10, 0.85, &s), CC_EINVAL);
	/* close to the bound the sigma gets tiny but is still found */
	ck_assert_int_eq(acc_bp_sigma(9.999, 10, 0.85, &s), CC_OK);
	ck_assert(s > 0 && s < 0.001);
}
END_TEST

START_TEST(test_bp_c2_limit)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_c2_limit c;
	double table[51], m;

	ck_assert_int_eq(acc_bp_c2_limit(0, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_COMPUTED);
	ck_assert_double_eq_tol(c.limit, 6.9467, 1e-4);
	/* looked up at |mean| rounded to 0.1 */
	ck_assert_int_eq(acc_bp_c2_limit(-2.04, &lim, &c), CC_OK);
	ck_assert_double_eq_tol(c.key, 2.0, 1e-12);
	ck_assert_double_eq_tol(c.limit, 6.6489, 1e-4);
	/* half away from zero */
	ck_assert_int_eq(acc_bp_c2_limit(2.05, &lim, &c), CC_OK);
	ck_assert_double_eq_tol(c.key, 2.1, 1e-12);
	ck_assert_int_eq(acc_bp_c2_limit(-2.05, &lim, &c), CC_OK);
	ck_assert_double_eq_tol(c.key, 2.1, 1e-12);
	/* the mean of differences 0.0 and 101.3 - 100.0 is 0.65 in decimal
	 * but 0.6499999999999986 in binary: still 0.7 */
	m = ((100.0 - 100.0) + (101.3 - 100.0)) / 2;
	ck_assert(m < 0.65);
	ck_assert_int_eq(acc_bp_c2_limit(m, &lim, &c), CC_OK);
	ck_assert_double_eq_tol(c.key, 0.7, 1e-12);
	ck_assert_int_eq(acc_bp_c2_limit(4.96, &lim, &c), CC_OK);
	ck_assert_double_eq_tol(c.limit, 4.8063, 1e-4);
	ck_assert_int_eq(acc_bp_c2_limit(5.049, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_COMPUTED);
	/* beyond 5.0 the table ends: no limit */
	ck_assert_int_eq(acc_bp_c2_limit(5.05, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_NONE);
	ck_assert(isnan(c.limit));
	ck_assert_str_eq(acc_bp_source_name(c.source), "none");

	/* a caller's table wins: 4.79 at 5.0 as the standard prints */
	for (size_t i = 0; i < 51; i++)
		table[i] = 7.0 - i * 0.04;
	table[50] = 4.79;
	lim.c2_table = table;
	lim.c2_table_len = 51;
	ck_assert_int_eq(acc_bp_c2_limit(-5.0, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_TABLE);
	ck_assert_double_eq(c.limit, 4.79);
	ck_assert_str_eq(acc_bp_source_name(c.source), "table");
	ck_assert_int_eq(acc_bp_c2_limit(1.26, &lim, &c), CC_OK);
	ck_assert_double_eq(c.limit, table[13]);
	ck_assert_int_eq(acc_bp_c2_limit(5.1, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_NONE);
	/* a short table ends earlier */
	lim.c2_table_len = 21;
	ck_assert_int_eq(acc_bp_c2_limit(2.0, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_TABLE);
	ck_assert_int_eq(acc_bp_c2_limit(2.1, &lim, &c), CC_OK);
	ck_assert_int_eq(c.source, ACC_BP_LIMIT_NONE);
	/* bad tables and means */
	table[3] = -1;
	ck_assert_int_eq(acc_bp_c2_limit(2.0, &lim, &c), CC_EINVAL);
	lim.c2_table_len = 0;
	ck_assert_int_eq(acc_bp_c2_limit(2.0, &lim, &c), CC_EINVAL);
	lim = acc_bp_defaults();
	ck_assert_int_eq(acc_bp_c2_limit(INFINITY, &lim, &c), CC_EINVAL);
}
END_TEST

/*
 * nsubj subjects, three pairs each: differences m_i + e, m_i, m_i - e, so
 * subject i's mean difference is m_i. m_i = mu + s z_i with z_i = +1, -1,
 * +1, ... and z = 0 for the last subject when nsubj is odd, so the subject
 * means average mu with SD s exactly (sum z^2 = n - 1 for odd n).
 * Overall: mean mu, SD^2 = (3 sum (m_i - mu)^2 + 2 nsubj e^2) / (3 nsubj - 1).
 * Subject ids are sparse (7 i + 1000) on purpose.
 */
static struct pair *bp_set(size_t nsubj, double mu, double s, double e,
			   size_t *n)
{
	struct pair *p = calloc(3 * nsubj, sizeof(*p));

	for (size_t i = 0; i < nsubj; i++) {
		double z = (nsubj % 2 && i == nsubj - 1) ? 0 : (i % 2 ? -1 : 1);
		double m = mu + s * z, ref = 120 + (double)(i % 5);

		p[3 * i] = mkpair(7 * i + 1000, ref, ref + m + e);
		p[3 * i + 1] = mkpair(7 * i + 1000, ref, ref + m);
		p[3 * i + 2] = mkpair(7 * i + 1000, ref, ref + m - e);
	}
	*n = 3 * nsubj;
	return p;
}

START_TEST(test_bp_pass)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	size_t n;
	struct pair *p = bp_set(85, 2.0, 6.0, 3.0, &n);
	/* (3 * 84 * 36 + 2 * 85 * 9) / 254 */
	double sd = sqrt((3 * 84 * 36.0 + 2 * 85 * 9.0) / 254);

	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_uint_eq(r.sample.n_pairs, 255);
	ck_assert_uint_eq(r.sample.n_subjects, 85);
	ck_assert_uint_eq(r.n_subject_means, 85);
	ck_assert_double_eq_tol(r.diff.bias, 2.0, 1e-9);
	ck_assert_double_eq_tol(r.diff.sd, sd, 1e-9);
	ck_assert_double_eq_tol(r.loa_low, 2.0 - 1.96 * sd, 1e-9);
	ck_assert_double_eq_tol(r.loa_high, 2.0 + 1.96 * sd, 1e-9);
	ck_assert_double_eq_tol(r.subject_sd, 6.0, 1e-9);
	ck_assert_int_eq(r.c2_limit.source, ACC_BP_LIMIT_COMPUTED);
	ck_assert_double_eq_tol(r.c2_limit.limit, 6.6489, 1e-4);
	ck_assert_int_eq(r.c1, VERDICT_PASS);
	ck_assert_int_eq(r.c2, VERDICT_PASS);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	ck_assert_str_eq(r.why, "criteria 1 and 2 met (criterion 2 limit "
				"6.6489 mmHg, computed)");
	free(p);
}
END_TEST

START_TEST(test_bp_c2_fail)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	double table[51];
	size_t n;
	/* subject SD 6.7 above 6.6489 while criterion 1 holds (SD 7.11) */
	struct pair *p = bp_set(85, 2.0, 6.7, 3.0, &n);

	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_double_eq_tol(
	    r.diff.sd, sqrt((3 * 84 * 6.7 * 6.7 + 170 * 9.0) / 254), 1e-9);
	ck_assert_int_eq(r.c1, VERDICT_PASS);
	ck_assert_int_eq(r.c2, VERDICT_FAIL);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	ck_assert_str_eq(r.why, "criterion 2: SD of subject means 6.70 mmHg "
				"above 6.6489 (computed at |mean| 2.0)");
	free(p);

	/* subject SD 4.8 at mean 5.0: within the rule (4.8063), not within
	 * the standard's printed 4.79, and the table wins */
	p = bp_set(85, 5.0, 4.8, 1.0, &n);
	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_int_eq(r.c1, VERDICT_PASS); /* 5.0 is inclusive */
	ck_assert_int_eq(r.c2, VERDICT_PASS);
	for (size_t i = 0; i < 51; i++)
		table[i] = 6.95;
	table[50] = 4.79;
	lim.c2_table = table;
	lim.c2_table_len = 51;
	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_int_eq(r.c2_limit.source, ACC_BP_LIMIT_TABLE);
	ck_assert_double_eq(r.c2_limit.limit, 4.79);
	ck_assert_int_eq(r.c2, VERDICT_FAIL);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	free(p);
}
END_TEST

START_TEST(test_bp_c1_fail)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	size_t n;
	struct pair *p = bp_set(85, -5.2, 3.0, 1.0, &n);

	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_int_eq(r.c1, VERDICT_FAIL);
	/* beyond 5.0 criterion 2 fails too */
	ck_assert_int_eq(r.c2_limit.source, ACC_BP_LIMIT_NONE);
	ck_assert_int_eq(r.c2, VERDICT_FAIL);
	ck_assert_str_eq(r.why, "criterion 1: mean -5.20 mmHg outside +-5; "
				"criterion 2: |mean| 5.2 mmHg is beyond the "
				"table");
	free(p);

	/* SD of all pairs 8.73 > 8.0, subject means within criterion 2 */
	p = bp_set(85, 0, 4.0, 9.5, &n);
	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_double_eq_tol(
	    r.diff.sd, sqrt((3 * 84 * 16.0 + 170 * 90.25) / 254), 1e-9);
	ck_assert(r.diff.sd > 8.0);
	ck_assert_int_eq(r.c1, VERDICT_FAIL);
	ck_assert_int_eq(r.c2, VERDICT_PASS);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	free(p);
}
END_TEST

START_TEST(test_bp_inconclusive)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	size_t n;
	/* 84 subjects, 252 pairs: would pass but is too small */
	struct pair *p = bp_set(84, 0, 3.0, 1.0, &n);

	ck_assert_int_eq(acc_bp_evaluate(p, n, &lim, &r), CC_OK);
	ck_assert_uint_eq(r.sample.need_pairs, 3);
	ck_assert_uint_eq(r.sample.need_subjects, 1);
	ck_assert_int_eq(r.c1, VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(r.c2, VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_str_eq(r.why, "inconclusive: 252 pairs from 84 subjects; "
				"3 more pairs and 1 more subject needed (at "
				"least 255 pairs from 85 subjects)");
	ck_assert_double_eq_tol(r.diff.bias, 0, 1e-9); /* still computed */
	free(p);

	/* enough subjects, too few pairs: one pair fewer */
	p = bp_set(85, 0, 3.0, 1.0, &n);
	ck_assert_int_eq(acc_bp_evaluate(p, n - 1, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_pairs, 1);
	ck_assert_uint_eq(r.sample.need_subjects, 0);
	ck_assert_str_eq(r.why, "inconclusive: 254 pairs from 85 subjects; "
				"1 more pair needed (at least 255 pairs from "
				"85 subjects)");
	/* a failing small sample is inconclusive too, not failed */
	for (size_t i = 0; i < n; i++)
		p[i].device += 20;
	ck_assert_int_eq(acc_bp_evaluate(p, 30, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	/* no data at all */
	ck_assert_int_eq(acc_bp_evaluate(NULL, 0, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	/* a profile may drop the study size, but an SD needs 2 subjects */
	lim.min_pairs = 0;
	lim.min_subjects = 0;
	ck_assert_int_eq(acc_bp_evaluate(p, 3, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_subjects, 1);
	ck_assert_int_eq(acc_bp_evaluate(p, 6, &lim, &r), CC_OK);
	ck_assert_int_ne(r.verdict, VERDICT_INCONCLUSIVE);
	free(p);
}
END_TEST

START_TEST(test_bp_bad_args)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	struct acc_bp_result r;
	struct pair p[2] = { mkpair(1, 120, 121), mkpair(2, 120, NAN) };

	ck_assert_int_eq(acc_bp_evaluate(p, 2, &lim, &r), CC_EINVAL);
	ck_assert_int_eq(acc_bp_evaluate(NULL, 2, &lim, &r), CC_EINVAL);
	ck_assert_int_eq(acc_bp_evaluate(p, 1, NULL, &r), CC_EINVAL);
	lim.max_sd = -1;
	ck_assert_int_eq(acc_bp_evaluate(p, 1, &lim, &r), CC_EINVAL);
	lim = acc_bp_defaults();
	lim.c2_coverage = 1.5;
	ck_assert_int_eq(acc_bp_evaluate(p, 1, &lim, &r), CC_EINVAL);
}
END_TEST

/* ---- ISO 15197:2013 --------------------------------------------------- */

START_TEST(test_glucose_within)
{
	static const struct {
		double ref, dev;
		bool in;
	} t[] = {
		/* below 100 mg/dL: +-15 mg/dL, inclusive */
		{ 99, 114, true },
		{ 99, 84, true },
		{ 99, 114.1, false },
		{ 99, 83.9, false },
		{ 99.9, 114.9, true }, /* 15.000000000000014 in binary */
		{ 99.5, 114.5, true },
		{ 99.5, 114.6, false },
		/* at and above 100 mg/dL: +-15 % */
		{ 100, 115, true },
		{ 100, 85, true },
		{ 100, 115.01, false },
		/* 15.03 exactly, but 15.030000000000001 > 15.03 in binary */
		{ 100.2, 115.23, true },
		{ 100.2, 85.17, true },
		{ 100.2, 115.24, false },
		{ 200, 230, true },
		{ 200, 170, true },
		{ 200, 230.5, false },
		{ 400, 340, true },
		{ 400, 339, false },
	};
	struct acc_glucose_limits lim = acc_glucose_defaults();

	/* "below 100" absolute, "at or above" relative: only a profile with
	 * other limits can tell the two apart at exactly 100 */
	lim.abs_limit = 10;
	ck_assert(acc_glucose_within(100, 112, &lim));
	ck_assert(!acc_glucose_within(99, 110, &lim));
	ck_assert(acc_glucose_within(99, 109, &lim));
	lim = acc_glucose_defaults();
	/* the reason for the tolerance */
	ck_assert(!(fabs(115.23 - 100.2) <= 0.15 * 100.2));
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(acc_glucose_within(t[i].ref, t[i].dev, &lim) ==
				  t[i].in,
			      "(%g, %g) should be %s", t[i].ref, t[i].dev,
			      t[i].in ? "within" : "outside");
}
END_TEST

START_TEST(test_parkes_zones)
{
	static const struct {
		double x, y; /* reference, device, mg/dL */
		enum acc_glucose_zone z;
	} t[] = {
		{ 0, 0, ACC_GLUCOSE_ZONE_A },
		{ 100, 100, ACC_GLUCOSE_ZONE_A },
		{ 300, 300, ACC_GLUCOSE_ZONE_A },
		/* B upper (30,50)-(140,170): y = 110 at x = 85, on the line */
		{ 85, 110, ACC_GLUCOSE_ZONE_A },
		{ 85, 110.5, ACC_GLUCOSE_ZONE_B },
		{ 85, 109.5, ACC_GLUCOSE_ZONE_A },
		{ 20, 50, ACC_GLUCOSE_ZONE_A },
		{ 20, 51, ACC_GLUCOSE_ZONE_B },
		/* B lower: vertex (50,30), vertical to (50,0) */
		{ 50, 30, ACC_GLUCOSE_ZONE_A },
		{ 51, 30, ACC_GLUCOSE_ZONE_B },
		{ 49, 30, ACC_GLUCOSE_ZONE_A },
		{ 50, 0, ACC_GLUCOSE_ZONE_A },
		{ 50.5, 10, ACC_GLUCOSE_ZONE_B },
		/* B lower (50,30)-(170,145): x = 110 at y = 87.5 */
		{ 110, 87.5, ACC_GLUCOSE_ZONE_A },
		{ 111, 87.5, ACC_GLUCOSE_ZONE_B },
		/* C upper (30,60)-(50,80) and vertex (50,80) */
		{ 40, 70, ACC_GLUCOSE_ZONE_B },
		{ 40, 71, ACC_GLUCOSE_ZONE_C },
		{ 50, 80, ACC_GLUCOSE_ZONE_B },
		{ 50, 81, ACC_GLUCOSE_ZONE_C },
		/* C lower: vertex (120,30); (120,30)-(260,130) at y = 80 */
		{ 120, 30, ACC_GLUCOSE_ZONE_B },
		{ 121, 30, ACC_GLUCOSE_ZONE_C },
		{ 190, 80, ACC_GLUCOSE_ZONE_B },
		{ 191, 80, ACC_GLUCOSE_ZONE_C },
		{ 189, 80, ACC_GLUCOSE_ZONE_B },
		/* D upper: vertex (25,100); (50,125)-(80,215) at x = 60 */
		{ 25, 100, ACC_GLUCOSE_ZONE_C },
		{ 25, 101, ACC_GLUCOSE_ZONE_D },
		{ 60, 155, ACC_GLUCOSE_ZONE_C },
		{ 60, 156, ACC_GLUCOSE_ZONE_D },
		/* D lower: vertical x = 250; (250,40)-(550,150) at y = 95 */
		{ 250, 0, ACC_GLUCOSE_ZONE_C },
		{ 251, 0, ACC_GLUCOSE_ZONE_D },
		{ 250, 40, ACC_GLUCOSE_ZONE_C },
		{ 251, 40, ACC_GLUCOSE_ZONE_D },
		{ 400, 95, ACC_GLUCOSE_ZONE_C },
		{ 401, 95, ACC_GLUCOSE_ZONE_D },
		/* E upper: vertex (35,155); (35,155)-(50,550) at x = 38 */
		{ 35, 155, ACC_GLUCOSE_ZONE_D },
		{ 35, 156, ACC_GLUCOSE_ZONE_E },
		{ 38, 234, ACC_GLUCOSE_ZONE_D },
		{ 38, 235, ACC_GLUCOSE_ZONE_E },
		{ 30, 300, ACC_GLUCOSE_ZONE_E },
		/* no E below the diagonal in the type 1 grid */
		{ 500, 0, ACC_GLUCOSE_ZONE_D },
		/* last segments extended beyond 550 along the same line */
		{ 580, 720, ACC_GLUCOSE_ZONE_A },
		{ 580, 721, ACC_GLUCOSE_ZONE_B },
		{ 715, 600, ACC_GLUCOSE_ZONE_A },
		{ 716, 600, ACC_GLUCOSE_ZONE_B },
		{ 355, 770, ACC_GLUCOSE_ZONE_B },
		{ 355, 771, ACC_GLUCOSE_ZONE_C },
		{ 840, 370, ACC_GLUCOSE_ZONE_B },
		{ 841, 370, ACC_GLUCOSE_ZONE_C },
		{ 170, 885, ACC_GLUCOSE_ZONE_C },
		{ 170, 886, ACC_GLUCOSE_ZONE_D },
		{ 850, 260, ACC_GLUCOSE_ZONE_C },
		{ 851, 260, ACC_GLUCOSE_ZONE_D },
		{ 65, 945, ACC_GLUCOSE_ZONE_D },
		{ 65, 946, ACC_GLUCOSE_ZONE_E },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum acc_glucose_zone z =
		    acc_glucose_parkes_zone(t[i].x, t[i].y);

		ck_assert_msg(z == t[i].z, "(%g, %g): zone %s, expected %s",
			      t[i].x, t[i].y, acc_glucose_zone_name(z),
			      acc_glucose_zone_name(t[i].z));
	}
	ck_assert_str_eq(acc_glucose_zone_name(ACC_GLUCOSE_ZONE_E), "E");
	ck_assert_str_eq(acc_glucose_zone_name(ACC_GLUCOSE_ZONES), "?");
}
END_TEST

/* n pairs at 150 mg/dL: `out` of them outside 15 % (180: zone A still,
 * B upper being 185 at x = 150), the first `b` of those in zone B (250;
 * C upper is 295.3 at x = 150). */
static struct pair *glucose_set(size_t n, size_t out, size_t b)
{
	struct pair *p = calloc(n, sizeof(*p));

	for (size_t i = 0; i < n; i++) {
		double dev = 155;

		if (i < b)
			dev = 250;
		else if (i < out)
			dev = 180;
		p[i] = mkpair(i / 2, 150, dev);
	}
	return p;
}

START_TEST(test_glucose_evaluate)
{
	struct acc_glucose_limits lim = acc_glucose_defaults();
	struct acc_glucose_result r;
	struct pair *p = glucose_set(100, 5, 1);

	/* 95 of 100 within: exactly 95 % passes; 99 in A+B passes */
	ck_assert_int_eq(acc_glucose_evaluate(p, 100, "mg/dL", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.n_within, 95);
	ck_assert_double_eq_tol(r.within_pct, 95.0, 1e-12);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_A], 99);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_B], 1);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_C], 0);
	ck_assert_int_eq(r.within, VERDICT_PASS);
	ck_assert_int_eq(r.grid, VERDICT_PASS);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	free(p);

	/* 94 within fails */
	p = glucose_set(100, 6, 0);
	ck_assert_int_eq(acc_glucose_evaluate(p, 100, "mg/dL", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.n_within, 94);
	ck_assert_int_eq(r.within, VERDICT_FAIL);
	ck_assert_int_eq(r.grid, VERDICT_PASS);
	ck_assert_str_eq(r.why, "94 of 100 results (94.0 %) within limits, "
				"95 % required");
	free(p);

	/* 2 of 100 in zone D: 98 % in A+B fails */
	p = glucose_set(100, 2, 0);
	/* x = 450, y = 100: right of D lower (413.6 at y = 100) */
	p[0] = mkpair(0, 450, 100);
	p[1] = mkpair(0, 450, 100);
	ck_assert_int_eq(acc_glucose_evaluate(p, 100, "mg/dL", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_D], 2);
	ck_assert_double_eq_tol(r.ab_pct, 98.0, 1e-12);
	ck_assert_int_eq(r.grid, VERDICT_FAIL);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	free(p);
}
END_TEST

START_TEST(test_glucose_mmol)
{
	struct acc_glucose_limits lim = acc_glucose_defaults();
	struct acc_glucose_result r;
	/* points on C upper in mmol/L (x 18): zone B, though binary puts
	 * some 1e-13 mg/dL above the line */
	struct pair on[] = {
		mkpair(1, 4.1, 6.6), mkpair(2, 6.0, 11.0), mkpair(3, 7.9, 15.4),
		mkpair(4, 9.8, 19.8), mkpair(5, 11.7, 24.2),
		mkpair(6, 13.6, 28.6),
	};
	struct pair above[] = { mkpair(1, 13.6, 28.7) };
	/* 5.55 mmol/L = 99.9 mg/dL: the absolute limit, 0.8333 mmol/L */
	struct pair edge[] = {
		mkpair(1, 5.55, 6.38), /* 14.94 mg/dL: within */
		mkpair(2, 5.0, 5.8),   /* 14.4 mg/dL: within */
		mkpair(3, 5.0, 5.84),  /* 15.12 mg/dL: outside */
	};
	double v;

	ck_assert_int_eq(acc_glucose_evaluate(on, 6, "mmol/L", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_B], 6);
	ck_assert_int_eq(acc_glucose_evaluate(above, 1, "mmol/L", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.zone[ACC_GLUCOSE_ZONE_C], 1);
	ck_assert_int_eq(acc_glucose_evaluate(edge, 3, "mmol/L", &lim, &r),
			 CC_OK);
	ck_assert_uint_eq(r.n_within, 2);
	/* bias reported in mg/dL: (14.94 + 14.4 + 15.12) / 3 */
	ck_assert_double_eq_tol(r.diff.bias, 14.82, 1e-9);
	ck_assert_int_eq(acc_glucose_to_mgdl(5.5, "mmol/L", &v), CC_OK);
	ck_assert_double_eq(v, 99.0);
	ck_assert_int_eq(acc_glucose_to_mgdl(5.5, "mmHg", &v), CC_EINVAL);
	/* a pair labelled with another unit is refused */
	snprintf(edge[0].unit, sizeof(edge[0].unit), "mg/dL");
	ck_assert_int_eq(acc_glucose_evaluate(edge, 3, "mmol/L", &lim, &r),
			 CC_EINVAL);
	ck_assert_int_eq(acc_glucose_evaluate(edge, 3, "kPa", &lim, &r),
			 CC_EINVAL);
}
END_TEST

START_TEST(test_glucose_sample)
{
	struct acc_glucose_limits lim = acc_glucose_defaults();
	struct acc_glucose_result r;
	struct pair *p = glucose_set(100, 0, 0);

	ck_assert_int_eq(acc_glucose_evaluate(NULL, 0, "mg/dL", &lim, &r),
			 CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	lim.min_pairs = 600;
	lim.min_subjects = 100;
	ck_assert_int_eq(acc_glucose_evaluate(p, 100, "mg/dL", &lim, &r),
			 CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_pairs, 500);
	ck_assert_uint_eq(r.sample.need_subjects, 50);
	free(p);
}
END_TEST

/* ---- ISO 80601-2-61 --------------------------------------------------- */

START_TEST(test_spo2_arms)
{
	/* differences 2, -3, 0, 4: sum of squares 29, Arms sqrt(29/4);
	 * bias 0.75; squared deviations 1.5625 + 14.0625 + 0.5625 +
	 * 10.5625 = 26.75, SD sqrt(26.75/3) */
	struct pair p[] = {
		mkpair(1, 90, 92), mkpair(2, 85, 82), mkpair(3, 95, 95),
		mkpair(4, 75, 79), mkpair(5, 65, 80), /* outside 70-100 */
	};
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_result r;

	lim.min_pairs = lim.min_subjects = 0; /* simulator data */
	ck_assert_int_eq(acc_spo2_evaluate(p, 5, &lim, &r), CC_OK);
	ck_assert_uint_eq(r.n_outside, 1);
	ck_assert_uint_eq(r.overall.n, 4);
	ck_assert_double_eq_tol(r.overall.arms, sqrt(29.0 / 4), 1e-12);
	ck_assert_double_eq_tol(r.overall.arms, 2.6925824036, 1e-9);
	ck_assert_double_eq_tol(r.overall.bias, 0.75, 1e-12);
	ck_assert_double_eq_tol(r.overall.sd, sqrt(26.75 / 3), 1e-12);
	ck_assert_uint_eq(r.decade[0].n, 1);
	ck_assert_double_eq_tol(r.decade[0].arms, 4, 1e-12);
	ck_assert_uint_eq(r.decade[1].n, 1);
	ck_assert_double_eq_tol(r.decade[1].arms, 3, 1e-12);
	ck_assert_uint_eq(r.decade[2].n, 2);
	ck_assert_double_eq_tol(r.decade[2].arms, sqrt(2.0), 1e-12);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	lim.max_arms = 2.69;
	ck_assert_int_eq(acc_spo2_evaluate(p, 5, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	ck_assert_str_eq(r.why, "Arms 2.693 % above 2.69 % over 70-100 %");
	/* a profile's spread requirement: 1 pair in 70-80 is not 2 */
	lim = acc_spo2_defaults();
	lim.min_pairs = lim.min_subjects = 0;
	lim.min_pairs_per_decade = 2;
	ck_assert_int_eq(acc_spo2_evaluate(p, 5, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
}
END_TEST

START_TEST(test_spo2_decades)
{
	ck_assert_int_eq(acc_spo2_decade(70.0), 0);
	ck_assert_int_eq(acc_spo2_decade(79.99), 0);
	ck_assert_int_eq(acc_spo2_decade(80.0), 1);
	ck_assert_int_eq(acc_spo2_decade(89.99), 1);
	ck_assert_int_eq(acc_spo2_decade(90.0), 2);
	ck_assert_int_eq(acc_spo2_decade(100.0), 2);
	ck_assert_int_eq(acc_spo2_decade(69.99), -1);
	ck_assert_int_eq(acc_spo2_decade(100.01), -1);
	/* 80.0 computed as 0.1 * 800 - tiny still counts as 80 */
	ck_assert_int_eq(acc_spo2_decade(80.0 - 1e-12), 1);
	ck_assert_str_eq(acc_spo2_decade_name(1), "80-90");
	ck_assert_str_eq(acc_spo2_decade_name(3), "?");
}
END_TEST

START_TEST(test_spo2_sample)
{
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_result r;
	struct pair p[200];

	/* 10 subjects x 20 pairs spread over 70-100 % */
	for (size_t i = 0; i < 200; i++) {
		double ref = 70 + (double)(i % 31);

		p[i] = mkpair(i % 10, ref, ref + ((i % 3) - 1.0));
	}
	ck_assert_int_eq(acc_spo2_evaluate(p, 200, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	ck_assert_int_eq(acc_spo2_evaluate(p, 199, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_pairs, 1);
	for (size_t i = 0; i < 200; i++)
		p[i].subject = i % 9;
	ck_assert_int_eq(acc_spo2_evaluate(p, 200, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_str_eq(r.why, "inconclusive: 200 pairs from 9 subjects; 1 "
				"more subject needed (at least 200 pairs from "
				"10 subjects)");
	/* pairs outside 70-100 do not count towards the 200 */
	p[0].reference = 60;
	for (size_t i = 0; i < 200; i++)
		p[i].subject = i % 10;
	ck_assert_int_eq(acc_spo2_evaluate(p, 200, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
}
END_TEST

START_TEST(test_pulse_rate)
{
	/* differences 3, -4: Arms sqrt(12.5) */
	struct pair p[] = { mkpair(1, 60, 63), mkpair(1, 120, 116) };
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_pr_result r;

	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_double_eq_tol(r.diff.arms, sqrt(12.5), 1e-12);
	ck_assert_int_eq(r.verdict, VERDICT_NONE); /* no limit given */
	lim.max_pr_arms = 3.0;
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	lim.max_pr_arms = 3.6;
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 0, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	/* the study's SpO2 sample size is not the pulse rate's */
	ck_assert_uint_eq(lim.min_pairs, 200);
	ck_assert_uint_eq(lim.pr_min_pairs, 0);
	/* a sample size of its own: 2 pairs of one subject */
	lim.pr_min_pairs = 3;
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_pairs, 1);
	ck_assert_ptr_nonnull(strstr(r.why, "1 more pair"));
	lim.pr_min_pairs = 2;
	lim.pr_min_subjects = 2;
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_subjects, 1);
	lim.pr_min_subjects = 1;
	ck_assert_int_eq(acc_spo2_pulse_rate(p, 2, &lim, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
}
END_TEST

/* ---- heart rate and temperature -------------------------------------- */

START_TEST(test_hr_whichever_greater)
{
	struct acc_tol_limits hr = acc_tol_hr_defaults();

	/* 10 % of 40 is 4: the 5 bpm floor applies */
	ck_assert_double_eq(acc_tol_allowed(40, &hr), 5);
	ck_assert(acc_tol_within(40, 45, &hr));
	ck_assert(acc_tol_within(40, 35, &hr));
	ck_assert(!acc_tol_within(40, 46, &hr));
	ck_assert(!acc_tol_within(40, 34, &hr));
	/* 10 % of 120 is 12: greater than 5 */
	ck_assert_double_eq_tol(acc_tol_allowed(120, &hr), 12, 1e-12);
	ck_assert(acc_tol_within(120, 132, &hr));
	ck_assert(acc_tol_within(120, 108, &hr));
	ck_assert(acc_tol_within(120, 126, &hr)); /* 5 bpm alone would fail */
	ck_assert(!acc_tol_within(120, 133, &hr));
	ck_assert(!acc_tol_within(120, 107, &hr));
	/* 50 bpm: both rules give 5 */
	ck_assert(acc_tol_within(50, 55, &hr));
	ck_assert(!acc_tol_within(50, 55.5, &hr));
}
END_TEST

START_TEST(test_temperature)
{
	struct acc_tol_limits t = acc_tol_temp_defaults();
	struct acc_tol_result r;
	/* differences 0.3, -0.2, 0.2: bias 0.1; deviations 0.2, -0.3, 0.1,
	 * SD sqrt(0.14 / 2) */
	struct pair p[] = {
		mkpair(0, 33.8, 34.1),
		mkpair(0, 37.0, 36.8),
		mkpair(0, 40.0, 40.2),
		mkpair(0, 36.0, 36.4),
	};

	/* the trap: in binary 34.1 - 33.8 = 0.30000000000000426 > 0.3 */
	ck_assert(34.1 - 33.8 > 0.3);
	ck_assert(acc_tol_within(33.8, 34.1, &t));
	ck_assert(acc_tol_within(34.1, 33.8, &t));
	ck_assert(!acc_tol_within(33.8, 34.11, &t));
	ck_assert(!acc_tol_within(33.8, 34.2, &t));
	ck_assert_int_eq(acc_tol_evaluate(p, 3, &t, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_PASS);
	ck_assert_double_eq_tol(r.diff.bias, 0.1, 1e-12);
	ck_assert_double_eq_tol(r.diff.sd, sqrt(0.07), 1e-12);
	ck_assert_uint_eq(r.worst, 0);
	ck_assert(r.worst_excess <= 1e-9);
	ck_assert_int_eq(acc_tol_evaluate(p, 4, &t, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_FAIL);
	ck_assert_uint_eq(r.n_within, 3);
	ck_assert_uint_eq(r.worst, 3);
	ck_assert_double_eq_tol(r.worst_excess, 0.1, 1e-9);
	ck_assert_str_eq(r.why, "1 of 4 readings outside; worst 36.4 against "
				"reference 36, allowed +-0.3");
	p[3].line = 9;
	ck_assert_int_eq(acc_tol_evaluate(p, 4, &t, &r), CC_OK);
	ck_assert(strstr(r.why, "(line 9)"));
	/* sample size */
	ck_assert_int_eq(acc_tol_evaluate(p, 0, &t, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	t.min_pairs = 5;
	ck_assert_int_eq(acc_tol_evaluate(p, 3, &t, &r), CC_OK);
	ck_assert_int_eq(r.verdict, VERDICT_INCONCLUSIVE);
	ck_assert_uint_eq(r.sample.need_pairs, 2);
	t.abs_limit = -1;
	ck_assert_int_eq(acc_tol_evaluate(p, 3, &t, &r), CC_EINVAL);
}
END_TEST

Suite *suite_accuracy(void)
{
	Suite *s = suite_create("accuracy");
	TCase *bp = tcase_create("bp"), *gl = tcase_create("glucose");
	TCase *ox = tcase_create("spo2"), *tol = tcase_create("tolerance");

	tcase_add_test(bp, test_bp_sigma);
	tcase_add_test(bp, test_bp_c2_limit);
	tcase_add_test(bp, test_bp_pass);
	tcase_add_test(bp, test_bp_c2_fail);
	tcase_add_test(bp, test_bp_c1_fail);
	tcase_add_test(bp, test_bp_inconclusive);
	tcase_add_test(bp, test_bp_bad_args);
	suite_add_tcase(s, bp);
	tcase_add_test(gl, test_glucose_within);
	tcase_add_test(gl, test_parkes_zones);
	tcase_add_test(gl, test_glucose_evaluate);
	tcase_add_test(gl, test_glucose_mmol);
	tcase_add_test(gl, test_glucose_sample);
	suite_add_tcase(s, gl);
	tcase_add_test(ox, test_spo2_arms);
	tcase_add_test(ox, test_spo2_decades);
	tcase_add_test(ox, test_spo2_sample);
	tcase_add_test(ox, test_pulse_rate);
	suite_add_tcase(s, ox);
	tcase_add_test(tol, test_hr_whichever_greater);
	tcase_add_test(tol, test_temperature);
	suite_add_tcase(s, tol);
	return s;
}
