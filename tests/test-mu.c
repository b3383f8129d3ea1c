/* SPDX-License-Identifier: MIT */
/*
 * Measurement uncertainty and the decision rule (core/mu): which rule a
 * lab states for a standard, each zone of ILAC-G8's guarded acceptance,
 * the reference's U converted, the clock's U, and a conditional pass that
 * makes a passing step inconclusive.
 */
#include <check.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/mu.h"

static json_object *lab(const char *rules)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "{\"decision_rule\": %s, \"references\": [{\"instrument\": \"patient\", "
		 "\"uncertainty\": \"0.5 mmHg\"}, {\"instrument\": \"k\", \"uncertainty\": \"0.1 K\"}]}",
		 rules);
	return json_tokener_parse(text);
}

START_TEST(test_mu_rule_for)
{
	json_object *l = lab("{\"ISO 81060-2\": \"guard_band\", \"IEC 60601-1\": \"simple\","
			     " \"ISO 15197\": {\"rule\": \"guard_band\", \"multiple\": 2}}");
	const char *bp[] = { "ISO 81060-2:2018" }, *bpx[] = { "ISO 81060-22" },
		   *two[] = { "IEC 60601-1", "ISO 81060-2" }, *glu[] = { "ISO 15197:2013" };
	struct mu_decision_rule r;

	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(mu_rule_for(l, bp, 1).rule, MU_GUARD_BAND);
	ck_assert_int_eq(mu_rule_for(l, bpx, 1).rule, MU_SIMPLE); /* a prefix ends at ':' or ' ' */
	ck_assert_int_eq(mu_rule_for(l, two, 2).rule, MU_GUARD_BAND);
	r = mu_rule_for(l, glu, 1);
	ck_assert_int_eq(r.rule, MU_GUARD_BAND);
	ck_assert(fabs(r.multiple - 2) < 1e-12);
	ck_assert_int_eq(mu_rule_for(NULL, bp, 1).rule, MU_SIMPLE);
	json_object_put(l);
	l = lab("{\"default\": \"guard_band\"}");
	ck_assert_int_eq(mu_rule_for(l, bpx, 1).rule, MU_GUARD_BAND);
	ck_assert_int_eq(mu_rule_for(l, NULL, 0).rule, MU_GUARD_BAND);
	json_object_put(l);
}
END_TEST

START_TEST(test_mu_decide_zones)
{
	struct mu_decision_rule simple = { MU_SIMPLE, 1 }, guard = { MU_GUARD_BAND, 1 },
				guard2 = { MU_GUARD_BAND, 2 };
	struct mu_figure f = { .name = "|mean difference|", .limit = 5, .upper = true, .u = 0.5,
			       .unit = "mmHg" };
	bool near;

	f.value = 4.7; /* inside the limit by 0.3 < U */
	ck_assert_int_eq(mu_decide(&f, simple, &near), MU_PASS);
	ck_assert(near);
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_CONDITIONAL_PASS);
	f.value = 4.5; /* exactly at the acceptance limit 5 - U: accepted */
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_PASS);
	ck_assert_int_eq(mu_decide(&f, guard2, &near), MU_CONDITIONAL_PASS);
	f.value = 4.0;
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_PASS);
	ck_assert(!near);
	f.value = 5.3;
	ck_assert_int_eq(mu_decide(&f, simple, &near), MU_FAIL);
	ck_assert(near);
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_CONDITIONAL_FAIL);
	f.value = 5.6;
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_FAIL);
	/* a lower limit: 96 % within, at least 95 % asked, U 2 % */
	f = (struct mu_figure){ .name = "within", .value = 96, .limit = 95, .upper = false, .u = 2 };
	ck_assert_int_eq(mu_decide(&f, simple, &near), MU_PASS);
	ck_assert(near);
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_CONDITIONAL_PASS);
	/* no U: simple acceptance decides; a guard band cannot be made */
	f.u = NAN;
	ck_assert_int_eq(mu_decide(&f, simple, &near), MU_PASS);
	ck_assert(!near);
	ck_assert_int_eq(mu_decide(&f, guard, &near), MU_CONDITIONAL_PASS);
}
END_TEST

START_TEST(test_mu_json_and_verdict)
{
	struct mu_decision_rule guard = { MU_GUARD_BAND, 1 }, simple = { MU_SIMPLE, 1 };
	struct mu_figure f = { .name = "|mean difference|", .value = 4.75, .limit = 5, .upper = true,
			       .u = 0.5, .source = "reference patient (U = 0.5 mmHg)", .unit = "mmHg" };
	json_object *a = json_object_new_array(), *o, *v;
	char why[320] = "";

	o = mu_json(&f, simple);
	ck_assert_str_eq(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			 "{\"name\":\"|mean difference|\",\"value\":4.75,\"limit\":5.0,\"side\":\"max\","
			 "\"unit\":\"mmHg\",\"U\":0.5,\"source\":\"reference patient (U = 0.5 mmHg)\","
			 "\"near_limit\":true,\"rule\":\"simple\",\"guard_band\":null,"
			 "\"decision\":\"pass\"}");
	json_object_array_add(a, o);
	ck_assert_int_eq(mu_verdict(VERDICT_PASS, a, why, sizeof(why)), VERDICT_PASS);
	ck_assert_str_eq(why, "");
	json_object_array_add(a, mu_json(&f, guard));
	ck_assert(json_object_object_get_ex(json_object_array_get_idx(a, 1), "decision", &v));
	ck_assert_str_eq(json_object_get_string(v), "conditional_pass");
	ck_assert_int_eq(mu_verdict(VERDICT_PASS, a, why, sizeof(why)), VERDICT_INCONCLUSIVE);
	ck_assert_msg(strstr(why, "conditional pass") && strstr(why, "guard band w = 0.5 mmHg"), "%s",
		      why);
	/* a failing step stays failing */
	ck_assert_int_eq(mu_verdict(VERDICT_FAIL, a, why, sizeof(why)), VERDICT_FAIL);
	json_object_put(a);
	/* not evaluated: U and source null */
	f.u = NAN;
	o = mu_json(&f, simple);
	ck_assert(json_object_object_get_ex(o, "U", &v) && !v);
	ck_assert(json_object_object_get_ex(o, "source", &v) && !v);
	json_object_put(o);
}
END_TEST

START_TEST(test_mu_sources)
{
	json_object *l = lab("{}");
	char src[128];
	double u;

	ck_assert(mu_reference_u(l, "patient", "kPa", &u, src, sizeof(src)));
	ck_assert(fabs(u - 0.5 * 0.133322387415) < 1e-6);
	ck_assert_str_eq(src, "reference patient (U = 0.5 mmHg)");
	/* a temperature difference: 0.1 K is 0.1 Cel */
	ck_assert(mu_reference_u(l, "k", "Cel", &u, src, sizeof(src)));
	ck_assert(fabs(u - 0.1) < 1e-9);
	ck_assert(!mu_reference_u(l, "patient", "ms", &u, src, sizeof(src)));
	ck_assert(!mu_reference_u(l, "other", "mmHg", &u, src, sizeof(src)));
	ck_assert(!mu_reference_u(NULL, "patient", "mmHg", &u, src, sizeof(src)));
	json_object_put(l);
	/* written to 0.001 ms, the rounding dominates a ns clock:
	 * 2 x 1e-6 / sqrt(12) = 0.577 us */
	u = mu_clock_u_s(1e-6);
	ck_assert_msg(u > 0.57e-6 && u < 0.6e-6, "%g", u);
	ck_assert(mu_clock_u_s(0) > 0 && mu_clock_u_s(0) < 1e-3);
}
END_TEST

Suite *suite_mu(void)
{
	Suite *s = suite_create("mu");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_mu_rule_for);
	tcase_add_test(tc, test_mu_decide_zones);
	tcase_add_test(tc, test_mu_json_and_verdict);
	tcase_add_test(tc, test_mu_sources);
	suite_add_tcase(s, tc);
	return s;
}
