/* SPDX-License-Identifier: MIT */
/* Units and durations, variables and conditions, verdict arithmetic. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/units.h"
#include "core/vars.h"
#include "core/verdict.h"

START_TEST(test_durations)
{
	char err[200];
	int64_t ns;

	ck_assert_int_eq(duration_parse("5 s", &ns, err, sizeof(err)), 0);
	ck_assert_int_eq(ns, 5000000000LL);
	ck_assert_int_eq(duration_parse("200ms", &ns, err, sizeof(err)), 0);
	ck_assert_int_eq(ns, 200000000LL);
	ck_assert_int_eq(duration_parse("1.5 min", &ns, err, sizeof(err)), 0);
	ck_assert_int_eq(ns, 90000000000LL);
	ck_assert_int_eq(duration_parse("250 us", &ns, err, sizeof(err)), 0);
	ck_assert_int_eq(ns, 250000LL);
	ck_assert_int_eq(duration_parse("5 parsecs", &ns, err, sizeof(err)), CC_EINVAL);
	ck_assert_str_eq(err, "bad duration '5 parsecs': unit must be one of ns, us, ms, s, min, h");
	ck_assert_int_eq(duration_parse("5", &ns, err, sizeof(err)), CC_EINVAL);
	ck_assert(strstr(err, "needs a time unit"));
	ck_assert_int_eq(duration_parse("5 mmHg", &ns, err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(duration_parse("-1 s", &ns, err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(duration_parse("fast", &ns, err, sizeof(err)), CC_EINVAL);
}
END_TEST

START_TEST(test_unit_conversion)
{
	double v;

	/* ISO 80601-2-30: 1 kPa = 7.500617 mmHg */
	ck_assert_int_eq(unit_convert(16.0, "kPa", "mmHg", &v), 0);
	ck_assert_double_eq_tol(v, 120.01, 0.001);
	ck_assert_int_eq(unit_convert(120, "mmHg", "kPa", &v), 0);
	ck_assert_double_eq_tol(v, 15.999, 0.001);
	ck_assert_int_eq(unit_convert(98.6, "degF", "Cel", &v), 0);
	ck_assert_double_eq_tol(v, 37.0, 1e-9);
	ck_assert_int_eq(unit_convert(5.5, "mmol/L", "mg/dL", &v), 0);
	ck_assert_double_eq_tol(v, 99.088, 1e-3);
	ck_assert_int_eq(unit_convert(1500, "ms", "s", &v), 0);
	ck_assert_double_eq_tol(v, 1.5, 1e-12);
	ck_assert_int_eq(unit_convert(1, "ms", "mmHg", &v), CC_EINVAL);
	ck_assert_int_eq(unit_convert(1, "furlong", "mmHg", &v), CC_EINVAL);
}
END_TEST

START_TEST(test_quantities)
{
	struct quantity q;
	char err[160];

	ck_assert_int_eq(quantity_parse(" 16.0 kPa ", &q, err, sizeof(err)), 0);
	ck_assert_double_eq(q.value, 16.0);
	ck_assert_str_eq(q.unit, "kPa");
	ck_assert_int_eq(quantity_parse("120", &q, err, sizeof(err)), 0);
	ck_assert_str_eq(q.unit, "");
	ck_assert_int_eq(quantity_parse("12 apples", &q, err, sizeof(err)), CC_EINVAL);
	ck_assert_str_eq(err, "unknown unit 'apples' in '12 apples'");
	ck_assert_int_eq(quantity_parse("nan", &q, err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(quantity_parse("", &q, err, sizeof(err)), CC_EINVAL);
}
END_TEST

static const char *test_builtin(void *data, const char *name, char *s, size_t n)
{
	(void)s;
	(void)n;
	return !strcmp(name, "dut.model") ? data : NULL;
}

START_TEST(test_vars_expand)
{
	struct vars local, run;
	struct vars_scope sc = { &local, &run, test_builtin, (void *)"BP-100" };
	struct buf out;
	char err[200];

	vars_init(&local);
	vars_init(&run);
	buf_init(&out, 1024);
	ck_assert_int_eq(vars_set(&local, "sys", "120"), 0);
	ck_assert_int_eq(vars_set(&run, "sys", "999"), 0);
	ck_assert_int_eq(vars_set(&run, "count", "3"), 0);
	ck_assert_int_eq(vars_expand(&sc, "${sys}/${count} on ${dut.model}!", &out,
				     err, sizeof(err)), 0);
	ck_assert_str_eq(buf_str(&out), "120/3 on BP-100!");
	ck_assert_int_eq(vars_set(&local, "sys", "121"), 0);
	ck_assert_str_eq(vars_get(&local, "sys"), "121");
	ck_assert_uint_eq(local.n, 1);
	buf_reset(&out);
	ck_assert_int_eq(vars_expand(&sc, "x ${nope} y", &out, err, sizeof(err)),
			 CC_ENOTFOUND);
	ck_assert_str_eq(err, "undefined variable ${nope}");
	buf_reset(&out);
	ck_assert_int_eq(vars_expand(&sc, "x ${open", &out, err, sizeof(err)), CC_EINVAL);
	vars_release(&local);
	vars_release(&run);
	buf_release(&out);
}
END_TEST

START_TEST(test_vars_cap)
{
	struct vars vs;
	char name[16];
	int rc = 0;

	vars_init(&vs);
	for (int i = 0; i <= VARS_MAX && !rc; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		rc = vars_set(&vs, name, "x");
	}
	ck_assert_int_eq(rc, CC_ETOOBIG);
	ck_assert_uint_eq(vs.n, VARS_MAX);
	vars_release(&vs);
}
END_TEST

/* A value replaced in place when it fits, also from its own bytes; a
 * longer one gets new storage. Under ASan a write past the old value's
 * bytes or a read of freed ones fails here. */
START_TEST(test_vars_replace)
{
	struct vars vs;

	vars_init(&vs);
	ck_assert_int_eq(vars_set(&vs, "x", "abcdef"), 0);
	ck_assert_int_eq(vars_set(&vs, "x", vars_get(&vs, "x") + 2), 0);
	ck_assert_str_eq(vars_get(&vs, "x"), "cdef");
	ck_assert_int_eq(vars_set(&vs, "x", "a value longer than the first"), 0);
	ck_assert_str_eq(vars_get(&vs, "x"), "a value longer than the first");
	ck_assert_int_eq(vars_set(&vs, "x", ""), 0);
	ck_assert_str_eq(vars_get(&vs, "x"), "");
	ck_assert_int_eq(vars_set(&vs, "x", "1.234"), 0);
	ck_assert_str_eq(vars_get(&vs, "x"), "1.234");
	ck_assert_uint_eq(vs.n, 1);
	vars_release(&vs);
}
END_TEST

START_TEST(test_conditions)
{
	struct vars local;
	struct vars_scope sc = { &local, NULL, NULL, NULL };
	char err[200];
	bool r;

	vars_init(&local);
	ck_assert_int_eq(vars_set(&local, "type", "2"), 0);
	ck_assert_int_eq(vars_set(&local, "state", "IDLE"), 0);
	ck_assert_int_eq(vars_condition(&sc, "${type} == 2", &r, err, sizeof(err)), 0);
	ck_assert(r);
	ck_assert_int_eq(vars_condition(&sc, "${type} == 2.0", &r, err, sizeof(err)), 0);
	ck_assert(r);
	ck_assert_int_eq(vars_condition(&sc, "${type} < 2", &r, err, sizeof(err)), 0);
	ck_assert(!r);
	ck_assert_int_eq(vars_condition(&sc, "${type} >= 2", &r, err, sizeof(err)), 0);
	ck_assert(r);
	ck_assert_int_eq(vars_condition(&sc, "${state} != MEAS", &r, err, sizeof(err)), 0);
	ck_assert(r);
	ck_assert_int_eq(vars_condition(&sc, "${state} > 1", &r, err, sizeof(err)), CC_EINVAL);
	ck_assert_int_eq(vars_condition(&sc, "no operator", &r, err, sizeof(err)), CC_EINVAL);
	vars_release(&local);
}
END_TEST

START_TEST(test_verdict_merge)
{
	ck_assert_int_eq(verdict_merge(VERDICT_PASS, VERDICT_FAIL), VERDICT_FAIL);
	ck_assert_int_eq(verdict_merge(VERDICT_FAIL, VERDICT_PASS), VERDICT_FAIL);
	ck_assert_int_eq(verdict_merge(VERDICT_INCONCLUSIVE, VERDICT_PASS), VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(verdict_merge(VERDICT_ERROR, VERDICT_FAIL), VERDICT_ERROR);
	ck_assert_int_eq(verdict_merge(VERDICT_NONE, VERDICT_PASS), VERDICT_PASS);
	ck_assert_int_eq(verdict_merge(VERDICT_SKIPPED, VERDICT_PASS), VERDICT_PASS);
	ck_assert_int_eq(verdict_merge(VERDICT_PASS, VERDICT_SKIPPED), VERDICT_PASS);
	/* a case that judged something has that verdict */
	ck_assert_int_eq(verdict_merge(VERDICT_NOT_JUDGED, VERDICT_FAIL), VERDICT_FAIL);
	ck_assert_int_eq(verdict_merge(VERDICT_PASS, VERDICT_NOT_JUDGED), VERDICT_PASS);
	ck_assert_str_eq(verdict_name(VERDICT_NOT_JUDGED), "not judged");
	for (int v = 0; v < VERDICT_COUNT; v++) {
		enum verdict back;

		ck_assert_int_eq(verdict_from_name(verdict_name((enum verdict)v), &back), 0);
		ck_assert_int_eq(back, v);
	}
	ck_assert_str_eq(verdict_name(VERDICT_COUNT), "unknown");
}
END_TEST

START_TEST(test_verdict_tally)
{
	struct verdict_tally t;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_INCONCLUSIVE);
	verdict_tally_add(&t, VERDICT_SKIPPED);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(verdict_tally_exit_status(&t), 1);
	/* figures reported, nothing judged: no pass */
	verdict_tally_add(&t, VERDICT_NOT_JUDGED);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(verdict_tally_exit_status(&t), 1);
	verdict_tally_add(&t, VERDICT_PASS);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_PASS);
	ck_assert_int_eq(verdict_tally_exit_status(&t), 0);
	verdict_tally_add(&t, VERDICT_INCONCLUSIVE);
	ck_assert_int_eq(verdict_tally_exit_status(&t), 1);
	verdict_tally_add(&t, VERDICT_FAIL);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_FAIL);
	verdict_tally_add(&t, VERDICT_ERROR);
	ck_assert_int_eq(verdict_tally_overall(&t), VERDICT_ERROR);
	ck_assert_int_eq(verdict_tally_exit_status(&t), 3);
}
END_TEST

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_unit_conversion);
	tcase_add_test(tc, test_quantities);
	tcase_add_test(tc, test_vars_expand);
	tcase_add_test(tc, test_vars_cap);
	tcase_add_test(tc, test_vars_replace);
	tcase_add_test(tc, test_conditions);
	tcase_add_test(tc, test_verdict_merge);
	tcase_add_test(tc, test_verdict_tally);
	suite_add_tcase(s, tc);
	return s;
}
