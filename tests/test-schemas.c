/* SPDX-License-Identifier: MIT */
/*
 * The published JSON Schemas (docs/schemas/) are the code's, not a copy
 * that drifts: one file per format version named after the `schema:`
 * member the code writes and reads, and every list the schemas enumerate
 * (step kinds, verdicts, DUT categories, transport kinds and their
 * parameters) is the list the code has. That the demo records, profiles
 * and suites validate against them is tests/itest-schema.c.
 */
#include <check.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/ydoc.h"
#include "core/profile.h"
#include "core/record.h"
#include "core/suite.h"
#include "core/verdict.h"
#include "transport/transport.h"
#include "testutil.h"

/* docs/schemas/<kind>-<N>.schema.json for "carecert/<kind>/<N>" */
static json_object *schema_of(const char *name)
{
	char kind[32], path[4200], id[64];
	unsigned n;
	json_object *s, *v;

	ck_assert_int_eq(sscanf(name, "carecert/%31[a-z]/%u", kind, &n), 2);
	snprintf(path, sizeof(path), "%s/docs/schemas/%s-%u.schema.json", tu_top(), kind, n);
	s = json_object_from_file(path);
	ck_assert_msg(s, "%s: %s (a new schema: member needs its schema file)", path,
		      json_util_get_last_err());
	ck_assert(json_object_object_get_ex(s, "$schema", &v));
	ck_assert_str_eq(json_object_get_string(v), "https://json-schema.org/draft/2020-12/schema");
	snprintf(id, sizeof(id), "urn:carecert:schema:%s:%u", kind, n);
	ck_assert(json_object_object_get_ex(s, "$id", &v));
	ck_assert_str_eq(json_object_get_string(v), id);
	return s;
}

/* The object at a path of member names ("$defs", "step", NULL). */
static json_object *at(json_object *o, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, o);
	while ((k = va_arg(ap, const char *))) {
		json_object *next;

		ck_assert_msg(json_object_object_get_ex(o, k, &next) && next, "no member '%s'", k);
		o = next;
	}
	va_end(ap);
	return o;
}

static bool in_enum(json_object *e, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(e); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(e, i)), s))
			return true;
	return false;
}

/* enum e holds exactly names[0..n) */
static void same_set(json_object *e, const char *const *names, size_t n, const char *what)
{
	ck_assert_msg(json_object_array_length(e) == n, "%s: the schema lists %zu, the code %zu", what,
		      json_object_array_length(e), n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(in_enum(e, names[i]), "%s: '%s' missing from the schema", what, names[i]);
}

START_TEST(test_schema_member_is_the_code_s)
{
	static const char *const names[] = { RECORD_SCHEMA, SUITE_SCHEMA, PROFILE_SCHEMA };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		json_object *s = schema_of(names[i]);

		ck_assert_str_eq(json_object_get_string(at(s, "properties", "schema", "const", NULL)),
				 names[i]);
		json_object_put(s);
	}
}
END_TEST

START_TEST(test_step_kinds)
{
	json_object *suite = schema_of(SUITE_SCHEMA), *record = schema_of(RECORD_SCHEMA);
	json_object *steps = at(suite, "$defs", "step", "properties", NULL);
	json_object *kinds = at(record, "$defs", "step_kind", "enum", NULL);
	const char *names[STEP_KIND_COUNT];

	for (int k = 0; k < STEP_KIND_COUNT; k++) {
		names[k] = step_kind_name((enum step_kind)k);
		ck_assert_msg(json_object_object_get_ex(steps, names[k], NULL),
			      "step '%s' missing from the suite schema", names[k]);
	}
	ck_assert_int_eq(json_object_object_length(steps), STEP_KIND_COUNT);
	same_set(kinds, names, STEP_KIND_COUNT, "evidence kinds of the record schema");
	json_object_put(suite);
	json_object_put(record);
}
END_TEST

START_TEST(test_verdicts)
{
	json_object *record = schema_of(RECORD_SCHEMA);
	json_object *cv = at(record, "$defs", "case_verdict", "enum", NULL);
	json_object *sv = at(record, "$defs", "step_verdict", "enum", NULL);
	json_object *overall = at(record, "properties", "verdict", "enum", NULL);
	json_object *summary = at(record, "properties", "summary", NULL);

	for (int v = VERDICT_NONE; v < VERDICT_COUNT; v++) {
		const char *name = verdict_name((enum verdict)v);

		ck_assert_msg(in_enum(sv, name), "step verdict '%s' not in the schema", name);
		if (v == VERDICT_NONE)
			continue;
		ck_assert_msg(in_enum(cv, name), "case verdict '%s' not in the schema", name);
		/* the summary counts each (record_summarize) */
		ck_assert_msg(json_object_object_get_ex(at(summary, "properties", NULL), name, NULL) &&
			      in_enum(at(summary, "required", NULL), name),
			      "summary.%s not required by the schema", name);
		/* an overall verdict is never skipped, not run, not judged or
		 * none (verdict_tally_overall) */
		if (v != VERDICT_SKIPPED && v != VERDICT_NOT_RUN && v != VERDICT_NOT_JUDGED)
			ck_assert_msg(in_enum(overall, name), "overall verdict '%s' not in the schema",
				      name);
	}
	/* a run that did not cover its scope (record_overall) */
	ck_assert(in_enum(overall, "partial"));
	ck_assert(in_enum(overall, "incomplete"));
	ck_assert(!in_enum(overall, "skipped"));
	ck_assert(!in_enum(overall, "not judged"));
	ck_assert(!in_enum(overall, "not run"));
	json_object_put(record);
}
END_TEST

START_TEST(test_categories_and_transports)
{
	json_object *suite = schema_of(SUITE_SCHEMA), *profile = schema_of(PROFILE_SCHEMA),
		    *record = schema_of(RECORD_SCHEMA);
	static const char *const kinds[] = { "serial", "ble", "http", "browser", "data", "tcp",
					     "phdc" };
	const size_t nkinds = sizeof(kinds) / sizeof(kinds[0]);
	size_t n = 0;

	while (dut_categories[n])
		n++;
	same_set(at(suite, "$defs", "category", "enum", NULL), (const char *const *)dut_categories, n,
		 "suite categories");
	same_set(at(profile, "$defs", "category", "enum", NULL), (const char *const *)dut_categories, n,
		 "profile categories");
	same_set(at(record, "properties", "dut", "properties", "category", "enum", NULL),
		 (const char *const *)dut_categories, n, "record categories");
	same_set(at(suite, "$defs", "transport_kind", "enum", NULL), kinds, nkinds, "suite transports");
	same_set(at(record, "$defs", "transport", "properties", "kind", "enum", NULL), kinds, nkinds,
		 "record transports");
	/* each kind's parameters: the profile's (what it may say) and the
	 * record's (what is kept of it) are the transport's */
	for (size_t k = 0; k < nkinds; k++) {
		const struct transport_ops *ops = transport_find(kinds[k]);
		json_object *pall = at(profile, "$defs", "transport", "allOf", NULL);
		json_object *rall = at(record, "$defs", "transport", "allOf", NULL);
		json_object *pp = NULL, *rp = NULL;
		size_t np = 0;

		ck_assert_ptr_nonnull(ops);
		while (ops->params[np])
			np++;
		for (size_t i = 0; i < json_object_array_length(pall); i++) {
			json_object *b = json_object_array_get_idx(pall, i);

			if (!strcmp(json_object_get_string(at(b, "if", "properties", "kind", "const", NULL)),
				    kinds[k]))
				pp = at(b, "then", "properties", NULL);
		}
		for (size_t i = 0; i < json_object_array_length(rall); i++) {
			json_object *b = json_object_array_get_idx(rall, i);

			if (!strcmp(json_object_get_string(at(b, "if", "properties", "kind", "const", NULL)),
				    kinds[k]))
				rp = at(b, "then", "properties", NULL);
		}
		ck_assert_msg(pp && rp, "no parameters for %s", kinds[k]);
		/* "kind" plus the parameters */
		ck_assert_int_eq(json_object_object_length(pp), (int)np + 1);
		ck_assert_int_eq(json_object_object_length(rp), (int)np + 1);
		for (size_t i = 0; i < np; i++) {
			ck_assert_msg(json_object_object_get_ex(pp, ops->params[i], NULL),
				      "%s parameter %s missing from the profile schema", kinds[k],
				      ops->params[i]);
			ck_assert_msg(json_object_object_get_ex(rp, ops->params[i], NULL),
				      "%s parameter %s missing from the record schema", kinds[k],
				      ops->params[i]);
		}
	}
	json_object_put(suite);
	json_object_put(profile);
	json_object_put(record);
}
END_TEST

/* json-c keeps the last of two equal keys and says nothing, so a merge
 * that left a member twice would go unseen: every schema file is read
 * with the project's YAML loader (JSON is YAML), which refuses a
 * duplicate key at its line. */
static size_t duplicate_keys(const char *name, const char *text, struct diag *d)
{
	struct ydoc *doc;

	diag_init(d);
	doc = ydoc_parse(name, text, d);
	ydoc_free(doc);
	return diag_count(d);
}

START_TEST(test_no_duplicate_keys)
{
	char dir[4200], path[4400];
	struct dirent *e;
	struct diag d;
	size_t files = 0;
	DIR *dh;

	/* the check sees a duplicate nested in an object */
	ck_assert_uint_eq(duplicate_keys("dup.json", "{\"a\": {\"b\": 1, \"c\": 2, \"b\": 3}}", &d), 1);
	ck_assert_msg(strstr(d.v[0].msg, "duplicate key 'b'") && d.v[0].line == 1, "%s", d.v[0].msg);
	diag_release(&d);
	ck_assert_uint_eq(duplicate_keys("ok.json", "{\"a\": {\"b\": 1}, \"b\": [1, 2]}", &d), 0);
	diag_release(&d);

	snprintf(dir, sizeof(dir), "%s/docs/schemas", tu_top());
	dh = opendir(dir);
	ck_assert_msg(dh, "%s", dir);
	while ((e = readdir(dh))) {
		size_t n = strlen(e->d_name);
		struct ydoc *doc;

		if (n < 5 || strcmp(e->d_name + n - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		diag_init(&d);
		doc = ydoc_load(path, &d);
		ck_assert_msg(doc && !diag_count(&d), "%s:%u:%u: %s", path, d.n ? d.v[0].line : 0,
			      d.n ? d.v[0].col : 0, d.n ? d.v[0].msg : "not read");
		ydoc_free(doc);
		diag_release(&d);
		files++;
	}
	closedir(dh);
	ck_assert_uint_ge(files, 4);
}
END_TEST

Suite *suite_schemas(void)
{
	Suite *s = suite_create("schemas");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_schema_member_is_the_code_s);
	tcase_add_test(tc, test_step_kinds);
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_categories_and_transports);
	tcase_add_test(tc, test_no_duplicate_keys);
	suite_add_tcase(s, tc);
	return s;
}
