/* SPDX-License-Identifier: MIT */
/* The fall-detection bench's modules: the SisFall type table, the trial
 * generator (reproducible byte for byte; its kinematics where the model
 * says), the CSV import, and the matching of alarms to trials against
 * hand-worked figures. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/err.h"
#include "fall/fallalarm.h"
#include "fall/fallcsv.h"
#include "fall/fallgen.h"
#include "fall/fallmatch.h"
#include "fall/falltrial.h"

START_TEST(test_types)
{
	size_t falls = 0, adls = 0;

	for (size_t i = 0; i < FALL_NTYPES; i++) {
		char code[4];

		falls += fall_types[i].fall;
		adls += !fall_types[i].fall;
		snprintf(code, sizeof(code), "%c%02zu", i < 15 ? 'F' : 'D',
			 i < 15 ? i + 1 : i - 14);
		ck_assert_str_eq(fall_types[i].code, code);
		ck_assert_ptr_eq(fall_type_find(code), &fall_types[i]);
	}
	ck_assert_uint_eq(falls, 15);
	ck_assert_uint_eq(adls, 19);
	ck_assert_ptr_null(fall_type_find("F16"));
	/* SisFall's hard ADLs: collapse into a chair, stumble, jump */
	ck_assert(fall_type_find("D11")->hard && fall_type_find("D18")->hard &&
		  fall_type_find("D19")->hard && !fall_type_find("D01")->hard);
}
END_TEST

static struct fall_set *gen(uint64_t seed, unsigned subjects)
{
	struct fallgen_params p;
	struct fall_set *s;
	char err[200];

	fallgen_params_default(&p);
	p.seed = seed;
	p.subjects = subjects;
	ck_assert_int_eq(fallgen_set(&p, &s, err, sizeof(err)), CC_OK);
	return s;
}

START_TEST(test_gen_reproducible)
{
	struct fall_set *a = gen(42, 2), *b = gen(42, 2), *c = gen(43, 2);
	char ha[65], hb[65], hc[65], h1[65];
	struct fallgen_params p;
	struct fall_set one = {0};
	char err[200];

	ck_assert_uint_eq(a->n, 68);
	ck_assert_str_eq(a->generator, FALLGEN_VERSION);
	fall_set_hash(a, ha);
	fall_set_hash(b, hb);
	fall_set_hash(c, hc);
	ck_assert_uint_eq(strlen(ha), 64);
	ck_assert_str_eq(ha, hb);
	ck_assert_str_ne(ha, hc);
	/* a tripwire: the model's bytes for seed 42, two subjects. Changing
	 * the model changes this; then FALLGEN_VERSION must change too (the
	 * record names the version, and old seeds must not silently mean new
	 * trials). */
	ck_assert_str_eq(FALLGEN_VERSION, "carecert-fallgen/1");
	ck_assert_str_eq(
	    ha,
	    "2353fbd9df14768442f2ec3012075c55a4d54517f445c4265fe18bfdcbe854f7");
	for (size_t i = 0; i < a->n; i++) {
		ck_assert_uint_eq(a->v[i].n, b->v[i].n);
		ck_assert(!memcmp(a->v[i].acc, b->v[i].acc, a->v[i].n * 6));
		ck_assert(!memcmp(a->v[i].gyro, b->v[i].gyro, a->v[i].n * 6));
	}
	/* a trial does not depend on the rest of the set: F03 of subject 1
	 * alone is the same bytes as in the full set (index 34 + 2) */
	fallgen_params_default(&p);
	p.seed = 42;
	one.v = calloc(1, sizeof(*one.v));
	one.n = 1;
	ck_assert_int_eq(fallgen_trial(&p, fall_type_find("F03"), 1, 0, one.v,
				       err, sizeof(err)),
			 CC_OK);
	ck_assert_str_eq(a->v[36].label, "F03");
	ck_assert_uint_eq(a->v[36].subject, 1);
	ck_assert(!memcmp(one.v->acc, a->v[36].acc, one.v->n * 6));
	fall_set_hash(&one, h1);
	ck_assert_str_ne(h1, ha);
	fall_trial_release(one.v);
	free(one.v);
	fall_set_free(a);
	fall_set_free(b);
	fall_set_free(c);
}
END_TEST

static double mag(const struct fall_trial *t, size_t i)
{
	double x = t->acc[i][0], y = t->acc[i][1], z = t->acc[i][2];

	return sqrt(x * x + y * y + z * z) / FALL_ACC_LSB_PER_G;
}

START_TEST(test_gen_kinematics)
{
	struct fall_set *s = gen(7, 3);

	for (size_t k = 0; k < s->n; k++) {
		const struct fall_trial *t = &s->v[k];
		size_t imp =
		    isfinite(t->impact_t) ? (size_t)(t->impact_t * t->fs) : 0;
		double peak = 0, ffmin = 9, lz = 0;
		size_t nl = 0;

		ck_assert_double_eq(t->fs, 200);
		ck_assert_uint_eq(t->n, 2000); /* 4 s + 6 s at 200 Hz */
		for (size_t i = 0; i < t->n; i++)
			peak = fmax(peak, mag(t, i));
		if (!t->fall) {
			/* an ADL stays under 2.3 g; the hard ones (D11 at 2.9 g
			 * nominal) under 3.4 g */
			ck_assert_msg(peak < (t->type->hard ? 3.4 : 2.3),
				      "%s peak %g", t->label, peak);
			continue;
		}
		/* a free fall below 0.6 g in the 0.2 s before the impact */
		for (size_t i = imp - 40; i < imp; i++)
			ffmin = fmin(ffmin, mag(t, i));
		ck_assert_msg(ffmin < 0.6, "%s free fall %g", t->label, ffmin);
		ck_assert_msg(peak > 2.6, "%s impact %g", t->label, peak);
		/* lying: gravity off the body's vertical axis (> 60 deg) */
		for (size_t i = (size_t)(t->still_t * t->fs); i < t->n;
		     i++, nl++)
			lz += t->acc[i][2] / FALL_ACC_LSB_PER_G;
		ck_assert_msg(fabs(lz / (double)nl) < 0.5, "%s z %g", t->label,
			      lz / (double)nl);
	}
	fall_set_free(s);
}
END_TEST

START_TEST(test_gen_refusals)
{
	struct fallgen_params p;
	struct fall_set *s = NULL;
	static const char *const bad[] = {"F01", "X99"};
	char err[200];

	fallgen_params_default(&p);
	p.fs = 10;
	ck_assert_int_eq(fallgen_set(&p, &s, err, sizeof(err)), CC_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(err, "sample rate"));
	fallgen_params_default(&p);
	p.codes = bad;
	p.ncodes = 2;
	ck_assert_int_eq(fallgen_set(&p, &s, err, sizeof(err)), CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "X99"));
	fallgen_params_default(&p);
	p.subjects = 0;
	ck_assert_int_eq(fallgen_set(&p, &s, err, sizeof(err)), CC_EINVAL);
}
END_TEST

START_TEST(test_csv)
{
	static const char text[] =
	    "# a lab's export\n"
	    "time,ax,ay,az,gx,gy,gz,label\n"
	    "0.00,0,0,1,0,0,0,F05_SA01_R01\n"
	    "0.01,0,0,0.3,0,0,0,F05_SA01_R01\n"
	    "0.02,0,0,4.5,10,0,0,F05_SA01_R01\n"
	    "0.03,-1,0,0,0,0,0,F05_SA01_R01\n"
	    "\n"
	    "0.00,0,0,1,0,0,0,D01\n"
	    "0.01,0,0,1.2,0,0,0,D01\n"
	    "0.02,0,0,0.8,0,0,0,D01\n"
	    "0.00,0,0,1,0,0,0,D01\n" /* time starts over: next trial */
	    "0.01,0,0,1,0,0,0,D01\r\n"
	    "5,0,0,1,0,0,0,fall-7\n"
	    "5.5,0,0,3,0,0,0,fall-7\n";
	struct fall_set *s;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(fallcsv_parse("t.csv", text, sizeof(text) - 1, &s, &d),
			 CC_OK);
	ck_assert_uint_eq(s->n, 4);
	ck_assert_str_eq(s->v[0].label, "F05_SA01_R01");
	ck_assert_ptr_eq(s->v[0].type, fall_type_find("F05"));
	ck_assert(s->v[0].fall);
	ck_assert_uint_eq(s->v[0].n, 4);
	ck_assert_double_eq_tol(s->v[0].fs, 100, 1e-9);
	/* the largest |a| is the 4.5 g row at 0.02 s */
	ck_assert_double_eq_tol(s->v[0].impact_t, 0.02, 1e-12);
	ck_assert_int_eq(s->v[0].acc[2][2], 9216); /* 4.5 * 2048 */
	ck_assert_int_eq(s->v[0].gyro[2][0], 160); /* 10 * 16 */
	ck_assert(!s->v[1].fall);
	ck_assert_uint_eq(s->v[1].n, 3);
	ck_assert(isnan(s->v[1].impact_t));
	ck_assert_uint_eq(s->v[2].n, 2);
	ck_assert(s->v[3].fall);
	ck_assert_ptr_null(s->v[3].type);
	ck_assert_double_eq_tol(s->v[3].fs, 2, 1e-12);
	ck_assert_double_eq_tol(s->v[3].impact_t, 0.5, 1e-12);
	fall_set_free(s);
	/* without gyroscope, no header */
	ck_assert_int_eq(fallcsv_parse("t.csv",
				       "0,0,0,1,D02\n0.005,0,0,1,D02\n", 28, &s,
				       &d),
			 CC_OK);
	ck_assert_ptr_null(s->v[0].gyro);
	ck_assert_double_eq_tol(s->v[0].fs, 200, 1e-9);
	fall_set_free(s);
	ck_assert_uint_eq(diag_count(&d), 0);
	diag_release(&d);
}
END_TEST

/* One refusal: rc, and the first diagnostic at line:col saying what. */
static void refused(const char *text, unsigned line, unsigned col,
		    const char *what)
{
	struct fall_set *s = (void *)1;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(fallcsv_parse("bad.csv", text, strlen(text), &s, &d),
			 CC_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_uint_ge(diag_count(&d), 1);
	ck_assert_msg(d.v[0].line == line && d.v[0].col == col,
		      "%s: at %u:%u, not %u:%u: %s", text, d.v[0].line,
		      d.v[0].col, line, col, d.v[0].msg);
	ck_assert_msg(strstr(d.v[0].msg, what), "%s: %s", text, d.v[0].msg);
	diag_release(&d);
}

START_TEST(test_csv_refusals)
{
	refused("0,0,0,1,D01\n0.01,0,x,1,D01\n", 2, 8, "not a number");
	refused("0,0,0,1,D01\n0.01,0,0,17,D01\n", 2, 10, "outside");
	refused("0,0,0,1,Q01\n0.01,0,0,1,Q01\n", 1, 5, "names no SisFall type");
	refused("0,0,0,1,D01\n0.01,0,0,1,D01,9\n", 2, 1, "columns");
	refused("0,0,0,1\n", 1, 1, "columns");
	refused("0,0,0,1,D 1\n", 1, 9, "label");
	refused("0,0,0,1,D01\n0.01,0,0,1,D01\n0.05,0,0,1,D01\n", 1, 1,
		"intervals");
	refused("0,0,0,1,D01\n1,0,0,1,F01\n2,0,0,1,F01\n", 1, 1,
		"fewer than 2 rows");
	refused("# nothing\n", 1, 0, "no trials");
	refused("time,ax,ay,az,label\n", 1, 0, "no trials");
}
END_TEST

START_TEST(test_match_hand)
{
	/* Five trials of 10 s, each owning its 20 s slot: three falls (impact
	 * 4 s into each), two ADLs; window 30 s is cut by the next slot. */
	static const struct fall_truth t[] = {
	    {.start = 0, .end = 10, .impact = 4, .fall = true, .group = "F01"},
	    {.start = 20,
	     .end = 30,
	     .impact = 24,
	     .fall = true,
	     .group = "F02"},
	    {.start = 40,
	     .end = 50,
	     .impact = 44,
	     .fall = true,
	     .group = "F01"},
	    {.start = 60, .end = 70, .fall = false, .group = "D11"},
	    {.start = 80, .end = 90, .fall = false, .group = "D01"},
	};
	static const struct fall_alarm a[] = {
	    /* given out of order: sorted before matching */
	    {.raised = 6.5,
	     .event_time = 4.1,
	     .kind = FALL_ALARM_FALL}, /* dup */
	    {.raised = 6.0,
	     .event_time = 4.2,
	     .kind = FALL_ALARM_FALL}, /* F01 #1, 2 s */
	    {.raised = 64,
	     .event_time = NAN,
	     .kind = FALL_ALARM_FALL}, /* D11 false */
	    {.raised = 66,
	     .event_time = NAN,
	     .kind = FALL_ALARM_FALL}, /* D11 false */
	    {.raised = 43,
	     .event_time = 43,
	     .kind = FALL_ALARM_FALL}, /* before impact - 0.5: false */
	    {.raised = 47,
	     .event_time = 43.5,
	     .kind = FALL_ALARM_FALL}, /* F01 #2, 3 s */
	    {.raised = 34,
	     .event_time = 44,
	     .kind = FALL_ALARM_LONGLIE}, /* F02: after its impact */
	    {.raised = 85,
	     .event_time = NAN,
	     .kind = FALL_ALARM_LONGLIE}, /* in D01 */
	    {.raised = -1,
	     .event_time = NAN,
	     .kind = FALL_ALARM_FALL}, /* before all */
	};
	struct fallmatch_opts o;
	struct fallmatch_result r;

	fallmatch_opts_default(&o);
	ck_assert_int_eq(fallmatch_run(&o, t, 5, a, 9, &r), CC_OK);
	/* falls: 0 and 2 detected, 1 (F02) missed */
	ck_assert_uint_eq(r.tp, 2);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_uint_eq(r.fp, 1);
	ck_assert_uint_eq(r.tn, 1);
	ck_assert_uint_eq(r.duplicates, 1);
	/* two in D11, the early one in trial 2, the one before all */
	ck_assert_uint_eq(r.false_alarms, 4);
	ck_assert_uint_eq(r.longlie_false, 1);
	ck_assert_double_eq_tol(r.trials[0].latency, 2.0, 1e-12);
	ck_assert_double_eq_tol(r.trials[0].event_err, 0.2, 1e-12);
	ck_assert_double_eq_tol(r.trials[2].latency, 3.0, 1e-12);
	ck_assert_double_eq_tol(r.trials[2].event_err, -0.5, 1e-12);
	ck_assert_double_eq_tol(r.trials[1].longlie, 10, 1e-12);
	ck_assert(isnan(r.trials[0].longlie));
	ck_assert_uint_eq(r.trials[3].false_alarms, 2);
	/* Se 2/3: Wilson (0.2077, 0.9385); Sp 1/2: (0.0945, 0.9055) */
	ck_assert_double_eq_tol(r.se, 2.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r.se_lo, 0.207655, 1e-6);
	ck_assert_double_eq_tol(r.se_hi, 0.938510, 1e-6);
	ck_assert_double_eq_tol(r.sp_lo, 0.094529, 1e-6);
	ck_assert_double_eq_tol(r.sp_hi, 0.905471, 1e-6);
	/* latencies {2, 3}: P50 2.5, P95 2 + 0.95 = 2.95 (type 7) */
	ck_assert_uint_eq(r.n_latency, 2);
	ck_assert_double_eq_tol(r.lat_p50, 2.5, 1e-12);
	ck_assert_double_eq_tol(r.lat_p95, 2.95, 1e-12);
	ck_assert_double_eq(r.lat_max, 3);
	ck_assert_double_eq_tol(r.event_err_max, 0.5, 1e-12);
	/* 4 false alarms over 20 s of ADLs: 720 per hour */
	ck_assert_double_eq_tol(r.false_per_hour, 720, 1e-9);
	/* per type, first seen order: F01 2/2, F02 0/1, D11 1/1, D01 0/1 */
	ck_assert_uint_eq(r.ngroups, 4);
	ck_assert_str_eq(r.groups[0].group, "F01");
	ck_assert_uint_eq(r.groups[0].n, 2);
	ck_assert_uint_eq(r.groups[0].alarmed, 2);
	ck_assert_uint_eq(r.groups[1].alarmed, 0);
	ck_assert_str_eq(r.groups[2].group, "D11");
	ck_assert_uint_eq(r.groups[2].alarmed, 1);
	ck_assert_uint_eq(r.groups[3].alarmed, 0);
	fallmatch_release(&r);

	/* refusals: trials out of order, a non-finite alarm time */
	{
		struct fall_truth bad[2] = {t[1], t[0]};
		struct fall_alarm nan = {.raised = NAN};

		ck_assert_int_eq(fallmatch_run(&o, bad, 2, a, 1, &r),
				 CC_EINVAL);
		ck_assert_int_eq(fallmatch_run(&o, t, 5, &nan, 1, &r),
				 CC_EINVAL);
		o.window = -1;
		ck_assert_int_eq(fallmatch_run(&o, t, 5, a, 1, &r), CC_EINVAL);
	}
}
END_TEST

START_TEST(test_alarm_codec)
{
	/* id 0x0102, fall, stored, event 2815 ms, raised 5315 ms */
	static const uint8_t v[FALLALARM_LEN] = {0x02, 0x01, 0x01, 0x01,
						 0xFF, 0x0A, 0x00, 0x00,
						 0xC3, 0x14, 0x00, 0x00};
	struct fallalarm a, b = {.id = 0x0102,
				 .kind = FALLALARM_FALL,
				 .flags = FALLALARM_STORED,
				 .event_ms = 2815,
				 .raised_ms = 5315};
	uint8_t out[FALLALARM_LEN], bad[FALLALARM_LEN];
	char why[80];

	ck_assert_int_eq(fallalarm_decode(v, sizeof(v), &a, why, sizeof(why)),
			 CC_OK);
	ck_assert_uint_eq(a.id, 0x0102);
	ck_assert_uint_eq(a.kind, FALLALARM_FALL);
	ck_assert_uint_eq(a.flags, FALLALARM_STORED);
	ck_assert_uint_eq(a.event_ms, 2815);
	ck_assert_uint_eq(a.raised_ms, 5315);
	ck_assert_uint_eq(fallalarm_encode(&b, out), FALLALARM_LEN);
	ck_assert(!memcmp(out, v, sizeof(v)));
	ck_assert_str_eq(fallalarm_kind_name(2), "long lie");
	ck_assert_str_eq(fallalarm_kind_name(9), "?");
	/* refusals: length, kind, reserved flag bits */
	ck_assert_int_eq(fallalarm_decode(v, 11, &a, why, sizeof(why)),
			 CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "11 bytes"));
	memcpy(bad, v, sizeof(v));
	bad[2] = 5;
	ck_assert_int_eq(
	    fallalarm_decode(bad, sizeof(bad), &a, why, sizeof(why)),
	    CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "kind 5"));
	bad[2] = 0;
	ck_assert_int_eq(
	    fallalarm_decode(bad, sizeof(bad), &a, why, sizeof(why)),
	    CC_EINVAL);
	bad[2] = 1;
	bad[3] = 0x81;
	ck_assert_int_eq(
	    fallalarm_decode(bad, sizeof(bad), &a, why, sizeof(why)),
	    CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "reserved"));
}
END_TEST

Suite *suite_fall(void)
{
	Suite *s = suite_create("fall");
	TCase *tc = tcase_create("fall");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_gen_reproducible);
	tcase_add_test(tc, test_gen_kinematics);
	tcase_add_test(tc, test_gen_refusals);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_csv_refusals);
	tcase_add_test(tc, test_match_hand);
	tcase_add_test(tc, test_alarm_codec);
	suite_add_tcase(s, tc);
	return s;
}
