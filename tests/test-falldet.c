/* SPDX-License-Identifier: MIT */
/* The simulated wearable's threshold detector (hw/sim/lib/falldet.c) on
 * the generator's trials, judged by fallmatch: the clean detector finds
 * every fall and no ADL; each fault does what its name says and nothing
 * else. This ties the kinematic model, the detector and the matching
 * together before any device is involved. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fall/fallgen.h"
#include "fall/fallmatch.h"
#include "lib/falldet.h"
#include "lib/sim-motion.h"
#include "testutil.h"

#include <stdio.h>

#define GAP_S 20.0 /* standing still between trials */

struct run {
	struct fall_truth t[3 * FALL_NTYPES];
	struct fall_alarm a[64 * FALL_NTYPES];
	size_t nt, na;
	struct fallmatch_result r;
};

static void replay(unsigned faults, struct run *R)
{
	static const int16_t rest[3] = {0, 0, 2048};
	struct fallgen_params p;
	struct fall_set *s;
	struct falldet_cfg c;
	struct falldet d;
	struct falldet_event ev[4];
	struct fallmatch_opts o;
	double at = 0;
	char err[200];

	memset(R, 0, sizeof(*R));
	fallgen_params_default(&p);
	p.seed = 11;
	p.subjects = 3;
	p.lie_s = 30;
	ck_assert_int_eq(fallgen_set(&p, &s, err, sizeof(err)), CC_OK);
	falldet_cfg_default(&c, p.fs);
	c.faults = faults;
	ck_assert_int_eq(falldet_init(&d, &c), CC_OK);
	for (size_t k = 0; k < s->n; k++) {
		const struct fall_trial *x = &s->v[k];
		size_t gap = (size_t)(GAP_S * p.fs);

		R->t[R->nt++] = (struct fall_truth){
		    .start = at,
		    .end = at + fall_trial_duration(x),
		    .impact = at + (x->fall ? x->impact_t : 0),
		    .fall = x->fall,
		    .group = x->type->code};
		for (size_t i = 0; i < x->n + gap; i++) {
			size_t m = falldet_push(&d, i < x->n ? x->acc[i] : rest,
						ev, 4);

			for (size_t j = 0; j < m; j++)
				R->a[R->na++] = (struct fall_alarm){
				    .raised = ev[j].raised,
				    .event_time = ev[j].event_time,
				    .kind = ev[j].kind == FALLDET_FALL
						? FALL_ALARM_FALL
						: FALL_ALARM_LONGLIE};
		}
		at += fall_trial_duration(x) + GAP_S;
	}
	fall_set_free(s);
	fallmatch_opts_default(&o);
	ck_assert_int_eq(fallmatch_run(&o, R->t, R->nt, R->a, R->na, &R->r),
			 CC_OK);
}

static size_t group_alarmed(const struct fallmatch_result *r, const char *g)
{
	for (size_t i = 0; i < r->ngroups; i++)
		if (!strcmp(r->groups[i].group, g))
			return r->groups[i].alarmed;
	ck_abort_msg("no group %s", g);
	return 0;
}

static size_t longlies(const struct run *R)
{
	size_t n = 0;

	for (size_t i = 0; i < R->nt; i++)
		n += !isnan(R->r.trials[i].longlie);
	return n;
}

START_TEST(test_clean)
{
	static struct run R;

	replay(0, &R);
	ck_assert_uint_eq(R.r.tp, 45);
	ck_assert_uint_eq(R.r.fn, 0);
	ck_assert_uint_eq(R.r.fp, 0);
	ck_assert_uint_eq(R.r.tn, 57);
	ck_assert_uint_eq(R.r.false_alarms, 0);
	ck_assert_uint_eq(R.r.duplicates, 0);
	/* raised once the posture is known: 1 s + 1.5 s after the peak */
	ck_assert_double_ge(R.r.lat_p50, 2.4);
	ck_assert_double_le(R.r.lat_max, 3.0);
	ck_assert_double_le(R.r.event_err_max, 0.2);
	/* every fall lies on: a long-lie alarm 30 s after each */
	ck_assert_uint_eq(longlies(&R), 45);
	ck_assert_uint_eq(R.r.longlie_false, 0);
	for (size_t i = 0; i < R.nt; i++)
		if (R.t[i].fall)
			ck_assert_double_eq_tol(R.r.trials[i].longlie, 30,
						0.05);
	fallmatch_release(&R.r);
}
END_TEST

START_TEST(test_faults)
{
	static struct run R;
	static const char *const missed[] = {"F02", "F03", "F06", "F09",
					     "F11", "F12", "F14", "F15"};

	replay(FALLDET_MISS_BACK_LATERAL, &R);
	ck_assert_uint_eq(R.r.fn, 3 * 8);
	for (size_t i = 0; i < 8; i++)
		ck_assert_uint_eq(group_alarmed(&R.r, missed[i]), 0);
	ck_assert_uint_eq(group_alarmed(&R.r, "F01"), 3);
	ck_assert_uint_eq(R.r.fp, 0);
	fallmatch_release(&R.r);

	replay(FALLDET_CHAIR, &R);
	ck_assert_uint_eq(R.r.fn, 0);
	ck_assert_uint_eq(R.r.fp, 3);
	ck_assert_uint_eq(group_alarmed(&R.r, "D11"), 3);
	fallmatch_release(&R.r);

	replay(FALLDET_SLOW, &R);
	ck_assert_uint_eq(R.r.tp, 45);
	ck_assert_double_ge(R.r.lat_p50, 12.4);
	fallmatch_release(&R.r);

	replay(FALLDET_NO_LONGLIE, &R);
	ck_assert_uint_eq(R.r.tp, 45);
	ck_assert_uint_eq(longlies(&R), 0);
	fallmatch_release(&R.r);

	replay(FALLDET_WRONG_TIME, &R);
	ck_assert_uint_eq(R.r.tp, 45);
	ck_assert_double_ge(R.r.event_err_max, 3599);
	fallmatch_release(&R.r);

	replay(FALLDET_DUPLICATE, &R);
	ck_assert_uint_eq(R.r.tp, 45);
	ck_assert_uint_eq(R.r.duplicates, 45);
	ck_assert_uint_eq(R.r.fp, 0);
	fallmatch_release(&R.r);
}
END_TEST

/* The bench file between the motion instrument and the wearable: what is
 * written is read back whole, once; a damaged header is refused. */
START_TEST(test_motion_file)
{
	int16_t v[3][6] = {{1, -2, 2048, 4, 5, -6},
			   {7, 8, 9, 10, 11, 12},
			   {-32768, 32767, 0, 0, 0, 1}};
	struct motion_session w = {.id = 77,
				   .start_ns = 123456789,
				   .compression = 300,
				   .fs = 200,
				   .shield_from = 1.5,
				   .shield_to = 60,
				   .n = 3,
				   .s = v};
	struct motion_session r = {0};
	char *dir = tu_mkdtemp(), path[4200];
	FILE *f;

	setenv("CARECERT_BENCH", dir, 1);
	ck_assert_int_eq(motion_write(&w), 0);
	ck_assert_int_eq(motion_poll(&r), 1);
	ck_assert_uint_eq(r.id, 77);
	ck_assert_int_eq(r.start_ns, 123456789);
	ck_assert_double_eq(r.compression, 300);
	ck_assert_double_eq(r.fs, 200);
	ck_assert_double_eq(r.shield_from, 1.5);
	ck_assert_double_eq(r.shield_to, 60);
	ck_assert_uint_eq(r.n, 3);
	ck_assert(!memcmp(r.s, v, sizeof(v)));
	/* the same session again: nothing new */
	ck_assert_int_eq(motion_poll(&r), 0);
	/* a header that lies about its samples, or none: refused, kept */
	snprintf(path, sizeof(path), "%s/motion", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "carecert-motion/1 id=78 start_ns=1 compression=1 fs=100 "
		   "shield_from=0 "
		   "shield_to=0 n=1000\n");
	fclose(f);
	ck_assert_int_eq(motion_poll(&r), -1);
	ck_assert_uint_eq(r.id, 77);
	f = fopen(path, "w");
	fprintf(f, "garbage\n");
	fclose(f);
	ck_assert_int_eq(motion_poll(&r), -1);
	motion_release(&r);
	unsetenv("CARECERT_BENCH");
	tu_rmdir(dir);
}
END_TEST

Suite *suite_falldet(void)
{
	Suite *s = suite_create("falldet");
	TCase *tc = tcase_create("falldet");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_faults);
	tcase_add_test(tc, test_motion_file);
	suite_add_tcase(s, tc);
	return s;
}
