/* SPDX-License-Identifier: MIT */
/*
 * Profile and suite loading: every kind of mistake a user makes gives the
 * right file:line:column and message, and a good pair loads completely.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "core/junit.h"
#include "core/profile.h"
#include "core/suite.h"
#include "testutil.h"

static const char good_suite[] =
	"schema: carecert/suite/1\n"
	"id: mini\n"
	"title: Mini suite\n"
	"category: blood_pressure\n"
	"transport: serial\n"
	"features:\n"
	"  time_set: the clock can be set\n"
	"  kpa: kPa results\n"
	"limits:\n"
	"  response_time: 500 ms\n"
	"line: {prefix: \"$\", terminator: \"\\r\\n\", checksum: xor8, separator: \"*\"}\n"
	"cases:\n"
	"  - id: C-01\n"
	"    title: first\n"
	"    requirement: {standard: S, clause: \"1\"}\n"
	"    timeout: 5 s\n"
	"    retries: 2\n"
	"    steps:\n"
	"      - send: {line: \"ID\"}\n"
	"      - expect: {line: '^ID,(.*)$', capture: [rest], within: 200 ms}\n"
	"      - assert: {value: \"${rest}\", max: \"${limit.response_time}\"}\n"
	"  - id: C-02\n"
	"    title: second\n"
	"    requirement: {standard: S, clause: \"2\"}\n"
	"    requires: [kpa]\n"
	"    steps:\n"
	"      - delay: 10 ms\n";

static const char good_profile[] =
	"schema: carecert/profile/1\n"
	"dut:\n"
	"  category: blood_pressure\n"
	"  vendor: Acme\n"
	"  model: M1\n"
	"  firmware: \"1.0\"\n"
	"  serial_number: SN1\n"
	"transport:\n"
	"  kind: serial\n"
	"  port: /dev/ttyUSB0\n"
	"  baud: 9600\n"
	"features: [time_set]\n"
	"suites: [mini]\n"
	"limits:\n"
	"  response_time: 800 ms\n";

struct loaded {
	char *dir;
	char *profile_path;
	struct diag d;
	struct profile *p;
};

/* Write the suite and profile (either may be a replacement text) and
 * load the profile. */
static void load(struct loaded *l, const char *profile, const char *suite)
{
	l->dir = tu_mkdtemp();
	ck_assert_ptr_nonnull(l->dir);
	free(tu_write(l->dir, "suites/mini.yaml", suite ? suite : good_suite));
	l->profile_path = tu_write(l->dir, "profiles/p.yaml",
				   profile ? profile : good_profile);
	diag_init(&l->d);
	l->p = profile_load(l->profile_path, NULL, &l->d);
}

static void unload(struct loaded *l)
{
	profile_free(l->p);
	diag_release(&l->d);
	free(l->profile_path);
	tu_rmdir(l->dir);
}

/* The loader must report exactly this problem at this place. */
static void expect_error(struct loaded *l, const char *file_suffix,
			 unsigned line, unsigned col, const char *msg)
{
	ck_assert_ptr_null(l->p);
	ck_assert_uint_ge(l->d.n, 1);
	for (size_t i = 0; i < l->d.n; i++) {
		const struct diag_entry *e = &l->d.v[i];

		if (e->line == line && e->col == col && strstr(e->msg, msg) &&
		    e->file && strstr(e->file, file_suffix))
			return;
	}
	for (size_t i = 0; i < l->d.n; i++)
		fprintf(stderr, "got %s:%u:%u: %s\n", l->d.v[i].file,
			l->d.v[i].line, l->d.v[i].col, l->d.v[i].msg);
	ck_abort_msg("no error '%s' at %s:%u:%u", msg, file_suffix, line, col);
}

static char *replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	ck_assert_ptr_nonnull(p);
	snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	return out;
}

/* Issue 20: the ISO/IEC 17025 keys of lab: are checked where they stand
 * (core/labinfo.c), every problem at once. */
START_TEST(test_lab_iso_keys)
{
	static const char lab[] =
	    "lab:\n"
	    "  name: L\n"
	    "  customer: C\n"
	    "  sample: {received: 2026-13-40}\n"
	    "  conditions: {temperature: 23 mmHg, humidity: 45 %}\n"
	    "  decision_rule: {ISO 81060-2: maybe}\n"
	    "  references: [{instrument: nope, uncertainty: \"0.5\"}]\n"
	    "  certification: true\n"
	    "  colour: red\n";
	char *text = malloc(sizeof(good_profile) + sizeof(lab));
	struct loaded l;

	snprintf(text, sizeof(good_profile) + sizeof(lab), "%s%s", good_profile, lab);
	load(&l, text, NULL);
	expect_error(&l, "p.yaml", 19, 22, "received must be a date");
	expect_error(&l, "p.yaml", 20, 29, "temperature '23 mmHg' must be a temperature");
	expect_error(&l, "p.yaml", 21, 32, "decision rule 'maybe' for ISO 81060-2");
	expect_error(&l, "p.yaml", 22, 29, "instrument 'nope' is not one of the profile's instruments");
	expect_error(&l, "p.yaml", 22, 48, "uncertainty '0.5' must be a quantity with its unit");
	expect_error(&l, "p.yaml", 24, 3, "unknown key 'colour'");
	unload(&l);
	free(text);
}
END_TEST

/* A guard band of a stated multiple of U (docs/uncertainty.md): kept in
 * the record's lab; a multiple out of range or on a simple rule refused. */
START_TEST(test_lab_decision_rule_multiple)
{
	static const char lab[] =
	    "lab:\n"
	    "  name: L\n"
	    "  decision_rule:\n"
	    "    ISO 81060-2: {rule: guard_band, multiple: 2}\n"
	    "    default: guard_band\n"
	    "    ISO 15197: {rule: guard_band, multiple: 0}\n"
	    "    IEC 80601-2-56: {rule: simple, multiple: 2}\n";
	char *text = malloc(sizeof(good_profile) + sizeof(lab));
	json_object *r, *v;
	struct loaded l;

	snprintf(text, sizeof(good_profile) + sizeof(lab), "%s%s", good_profile, lab);
	load(&l, text, NULL);
	ck_assert_uint_eq(l.d.n, 2);
	expect_error(&l, "p.yaml", 21, 45, "multiple 0: more than 0, at most 10");
	expect_error(&l, "p.yaml", 22, 46, "multiple: only a guard_band rule has one");
	unload(&l);
	snprintf(text, sizeof(good_profile) + sizeof(lab), "%s%.*s", good_profile,
		 (int)(strstr(lab, "    ISO 15197") - lab), lab);
	load(&l, text, NULL);
	ck_assert_uint_eq(l.d.n, 0);
	ck_assert(json_object_object_get_ex(l.p->lab_iso, "decision_rule", &r));
	ck_assert_str_eq(json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN),
			 "{\"ISO 81060-2\":{\"rule\":\"guard_band\",\"multiple\":2.0},"
			 "\"default\":\"guard_band\"}");
	ck_assert(json_object_object_get_ex(r, "default", &v));
	unload(&l);
	free(text);
}
END_TEST

START_TEST(test_good_pair_loads)
{
	struct loaded l;
	const struct suite *s;

	load(&l, NULL, NULL);
	diag_print(&l.d, stderr);
	ck_assert_uint_eq(l.d.n, 0);
	ck_assert_ptr_nonnull(l.p);
	ck_assert_str_eq(l.p->dut.model, "M1");
	ck_assert_str_eq(profile_param(l.p, "baud"), "9600");
	ck_assert_uint_eq(l.p->nsuites, 1);
	s = l.p->suites[0];
	ck_assert_uint_eq(s->ncases, 2);
	ck_assert_int_eq(s->cases[0].timeout_ns, 5000000000LL);
	ck_assert_uint_eq(s->cases[0].retries, 2);
	ck_assert_int_eq(s->cases[0].steps[1].within_ns, 200000000LL);
	ck_assert_str_eq(s->cases[0].steps[1].capture[0], "rest");
	ck_assert_str_eq(profile_limit(l.p, "response_time"), "800 ms");
	ck_assert(profile_claims(l.p, "time_set"));
	ck_assert(!profile_claims(l.p, "kpa"));
	unload(&l);
}
END_TEST

/* output.junit_dialect: the dialect a run writes (--junit-dialect wins);
 * another name is refused where it is written. */
START_TEST(test_output_junit_dialect)
{
	struct loaded l;
	char *text = malloc(sizeof(good_profile) + 64);

	ck_assert_ptr_nonnull(text);
	snprintf(text, sizeof(good_profile) + 64, "%soutput: {junit: j.xml, junit_dialect: surefire}\n",
		 good_profile);
	load(&l, text, NULL);
	ck_assert_ptr_nonnull(l.p);
	ck_assert_int_eq(l.p->junit_dialect, JUNIT_SUREFIRE);
	unload(&l);
	load(&l, NULL, NULL);
	ck_assert_int_eq(l.p->junit_dialect, JUNIT_ANT);
	unload(&l);
	snprintf(text, sizeof(good_profile) + 64, "%soutput: {junit: j.xml, junit_dialect: xunit}\n",
		 good_profile);
	load(&l, text, NULL);
	/* line 16, the value's column */
	expect_error(&l, "p.yaml", 16, 39, "unknown JUnit dialect 'xunit' (known: ant, jenkins,");
	unload(&l);
	free(text);
}
END_TEST

START_TEST(test_unknown_key)
{
	struct loaded l;
	char *p = replace(good_profile, "features:", "colour: red\nfeatures:");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 12, 1, "unknown key 'colour' (expected one of: schema, dut");
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_wrong_type)
{
	struct loaded l;
	char *p = replace(good_profile, "suites: [mini]", "suites: mini");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 13, 9, "suites must be a sequence, found a scalar");
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_missing_key)
{
	struct loaded l;
	char *p = replace(good_profile, "  model: M1\n", "");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 3, 3, "missing required key 'model'");
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_unknown_suite)
{
	struct loaded l;
	char *p = replace(good_profile, "suites: [mini]", "suites: [mini, nosuch]");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 13, 16, "unknown suite 'nosuch'");
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_bad_duration)
{
	struct loaded l;
	char *s = replace(good_suite, "timeout: 5 s", "timeout: 5 parsecs");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 16, 14,
		     "timeout: bad duration '5 parsecs': unit must be one of ns, us, ms, s, min, h");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_duration_without_unit)
{
	struct loaded l;
	char *s = replace(good_suite, "within: 200 ms", "within: 200");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 20, 62, "needs a time unit");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_duplicate_case_id)
{
	struct loaded l;
	char *s = replace(good_suite, "id: C-02", "id: C-01");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 22, 9, "duplicate case id 'C-01' (first at line 13)");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_duplicate_key)
{
	struct loaded l;
	char *p = replace(good_profile, "  model: M1\n", "  model: M1\n  model: M2\n");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 6, 3, "duplicate key 'model' (first at line 5)");
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_yaml_syntax_error)
{
	struct loaded l;
	char *p = replace(good_profile, "features: [time_set]", "features: [time_set");

	load(&l, p, NULL);
	ck_assert_ptr_null(l.p);
	ck_assert_uint_ge(l.d.n, 1);
	ck_assert(strstr(l.d.v[0].msg, "YAML syntax"));
	ck_assert_uint_ge(l.d.v[0].line, 12);
	unload(&l);
	free(p);
}
END_TEST

START_TEST(test_unknown_feature_and_limit)
{
	struct loaded l;
	char *p = replace(good_profile, "[time_set]", "[time_set, warp_drive]");
	char *p2 = replace(p, "  response_time: 800 ms", "  respons_time: 800 ms");

	load(&l, p2, NULL);
	expect_error(&l, "p.yaml", 12, 22,
		     "feature 'warp_drive' is not declared by any of the profile's suites");
	expect_error(&l, "p.yaml", 15, 3, "unknown limit 'respons_time'");
	unload(&l);
	free(p);
	free(p2);
}
END_TEST

/* A profile's limit measures what the suite's limit measures: another unit
 * of that dimension is kept (and converted where used), a bare number
 * takes the suite's unit, anything else is refused where it is written. */
START_TEST(test_limit_override_units)
{
	static const struct {
		const char *value, *stored;
	} ok[] = {{"2 s", "2 s"}, {"800", "800 ms"}, {"0.01 min", "0.01 min"}};
	struct loaded l;
	char *p, *s;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char line[64];

		snprintf(line, sizeof(line), "  response_time: %s",
			 ok[i].value);
		p = replace(good_profile, "  response_time: 800 ms", line);
		load(&l, p, NULL);
		diag_print(&l.d, stderr);
		ck_assert_ptr_nonnull(l.p);
		ck_assert_str_eq(profile_limit(l.p, "response_time"),
				 ok[i].stored);
		unload(&l);
		free(p);
	}
	p = replace(good_profile, "  response_time: 800 ms",
		    "  response_time: 1 kPa");
	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 15, 18,
		     "limit response_time: '1 kPa' is a pressure; "
		     "response_time is a time in ms "
		     "(suite mini: 500 ms)");
	unload(&l);
	free(p);
	/* a plain-number limit (a count) takes no unit; a table stays */
	s = replace(
	    good_suite, "  response_time: 500 ms\n",
	    "  response_time: 500 ms\n  records: 12\n  table: [6.95, 6.9]\n");
	p = replace(
	    good_profile, "  response_time: 800 ms",
	    "  response_time: 800 ms\n  records: 3 ms\n  table: [7.0, 6.8]");
	load(&l, p, s);
	expect_error(&l, "p.yaml", 16, 12,
		     "limit records: '3 ms' is a time; records takes a plain "
		     "number, no unit "
		     "(suite mini: 12)");
	ck_assert_uint_eq(l.d.n, 1);
	unload(&l);
	free(p);
	p = replace(good_profile, "  response_time: 800 ms",
		    "  response_time: [1, 2]");
	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 15, 18,
		     "limit response_time: suite mini gives it as one quantity "
		     "(500 ms), not a table");
	unload(&l);
	free(p);
	free(s);
}
END_TEST

START_TEST(test_bad_transport_param)
{
	struct loaded l;
	char *p = replace(good_profile, "baud: 9600", "baud: 12345");
	char *p2 = replace(p, "  port: /dev/ttyUSB0\n", "  port: usb:12:34\n  speed: 3\n");

	load(&l, p2, NULL);
	expect_error(&l, "p.yaml", 12, 9, "unsupported baud rate '12345'");
	expect_error(&l, "p.yaml", 10, 9, "bad USB port id 'usb:12:34'");
	expect_error(&l, "p.yaml", 11, 3, "unknown key 'speed' for serial transport");
	unload(&l);
	free(p);
	free(p2);
}
END_TEST

START_TEST(test_suite_step_errors)
{
	struct loaded l;
	char *s = replace(good_suite, "      - delay: 10 ms\n",
			  "      - teleport: {to: mars}\n"
			  "      - expect: {line: '^(unclosed', within: 1 s}\n"
			  "      - assert: {value: \"${limit.nope}\", equals: x}\n");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 27, 9, "unknown step 'teleport'");
	expect_error(&l, "mini.yaml", 28, 24, "bad regular expression '^(unclosed'");
	expect_error(&l, "mini.yaml", 29, 25, "unknown limit 'nope'");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_requires_undeclared_feature)
{
	struct loaded l;
	char *s = replace(good_suite, "requires: [kpa]", "requires: [mmol]");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 25, 15, "requires feature 'mmol'");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_category_and_schema_mismatch)
{
	struct loaded l;
	char *p = replace(good_profile, "category: blood_pressure", "category: glucose");
	char *p2 = replace(p, "carecert/profile/1", "carecert/profile/9");

	load(&l, p2, NULL);
	expect_error(&l, "p.yaml", 13, 10, "suite 'mini' is for category blood_pressure, the DUT is glucose");
	expect_error(&l, "p.yaml", 1, 9, "unsupported schema 'carecert/profile/9'");
	unload(&l);
	free(p);
	free(p2);
}
END_TEST

START_TEST(test_gatt_step_errors)
{
	struct loaded l;
	char *s = replace(good_suite, "      - delay: 10 ms\n",
			  "      - gatt_read: {uuid: 2A3}\n");

	/* a GATT step in a serial suite, and a malformed UUID */
	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 27, 20, "gatt_read steps need a ble link (this one is serial)");
	expect_error(&l, "mini.yaml", 27, 27, "uuid '2A3' must be 4 hex digits");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_ble_suite_loads)
{
	static const char ble_suite[] =
		"schema: carecert/suite/1\n"
		"id: b\n"
		"title: BLE\n"
		"category: blood_pressure\n"
		"transport: ble\n"
		"cases:\n"
		"  - id: B-01\n"
		"    title: b\n"
		"    requirement: {standard: S, clause: \"1\"}\n"
		"    steps:\n"
		"      - link: {security: high}\n"
		"      - gatt_discover: {}\n"
		"      - gatt_service: {uuid: \"1810\", characteristics: [{uuid: 2A35, properties: [indicate, sparkle], cccd: true}]}\n"
		"      - gatt_subscribe: {uuid: 2A35, mode: indicate, expect_error: [insufficient_encryption, bogus_error]}\n"
		"      - gatt_expect: {uuid: 2A35, kind: indication, within: 2 s, validate: true}\n"
		"      - gatt_silence: {uuid: 2A36}\n";
	char *dir = tu_mkdtemp(), *path = tu_write(dir, "b.yaml", ble_suite);
	struct diag d;
	struct suite *su;

	diag_init(&d);
	su = suite_load(path, &d);
	ck_assert_ptr_null(su);
	ck_assert_uint_eq(d.n, 3);
	ck_assert(strstr(d.v[0].msg, "unknown property 'sparkle'"));
	ck_assert(strstr(d.v[1].msg, "unknown ATT error 'bogus_error'"));
	ck_assert(strstr(d.v[2].msg, "gatt_silence needs 'for'"));
	ck_assert_uint_eq(d.v[2].line, 16);
	diag_release(&d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_accuracy_suite_and_data_errors)
{
	static const char acc_suite[] =
		"schema: carecert/suite/1\n"
		"id: mini\n"
		"title: accuracy\n"
		"category: blood_pressure\n"
		"transport: data\n"
		"limits:\n"
		"  table: [6.95, x]\n"
		"cases:\n"
		"  - id: A-01\n"
		"    title: a\n"
		"    requirement: {standard: S, clause: \"1\"}\n"
		"    steps:\n"
		"      - accuracy: {method: iso81060-3, data: study}\n"
		"      - accuracy: {method: iso15197, data: study, unit: furlong}\n"
		"      - accuracy: {method: iso81060-2, data: study, criterion: 3, limits: {max_arms: 4}}\n";
	static const char acc_profile[] =
		"schema: carecert/profile/1\n"
		"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
		"transport: {kind: data}\n"
		"accuracy_data:\n"
		"  study: {file: ../pairs.csv, calibration_due: 31.01.2027}\n"
		"suites: [mini]\n";
	struct loaded l;

	load(&l, acc_profile, acc_suite);
	expect_error(&l, "mini.yaml", 7, 17, "limit table: a table of numbers only");
	expect_error(&l, "mini.yaml", 13, 28, "unknown accuracy method 'iso81060-3'");
	expect_error(&l, "mini.yaml", 14, 57, "unknown unit 'furlong'");
	expect_error(&l, "mini.yaml", 15, 64, "criterion must be between 1 and 2");
	expect_error(&l, "mini.yaml", 15, 76, "unknown limit 'max_arms' for iso81060-2");
	expect_error(&l, "p.yaml", 5, 48, "calibration_due must be a date YYYY-MM-DD");
	expect_error(&l, "p.yaml", 5, 17, "cannot read accuracy data");
	unload(&l);
	/* a bad row of the paired data is reported where it is */
	l.dir = tu_mkdtemp();
	free(tu_write(l.dir, "suites/mini.yaml",
		      "schema: carecert/suite/1\nid: mini\ntitle: a\ncategory: blood_pressure\n"
		      "transport: data\ncases:\n  - id: A-01\n    title: a\n"
		      "    requirement: {standard: S, clause: \"1\"}\n"
		      "    steps:\n      - accuracy: {method: iso81060-2, data: study}\n"));
	free(tu_write(l.dir, "pairs.csv", "subject,reference,device\nS1,120,121\nS2,12O,118\n"));
	l.profile_path = tu_write(l.dir, "profiles/p.yaml",
				  "schema: carecert/profile/1\n"
				  "dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
				  "transport: {kind: data}\n"
				  "accuracy_data: {study: ../pairs.csv}\n"
				  "suites: [mini]\n");
	diag_init(&l.d);
	l.p = profile_load(l.profile_path, NULL, &l.d);
	expect_error(&l, "pairs.csv", 3, 4, "reference '12O' is not a number");
	unload(&l);
}
END_TEST

/* A suite's further links: declared by the suite, reached as the profile
 * says; on: steps run there and are checked against that link's kind. */
static const char link_suite[] =
	"schema: carecert/suite/1\n"
	"id: mini\n"
	"title: links\n"
	"category: blood_pressure\n"
	"transport: serial\n"
	"links:\n"
	"  gw: {transport: http, title: the gateway}\n"
	"cases:\n"
	"  - id: L-01\n"
	"    title: a\n"
	"    requirement: {standard: S, clause: \"1\"}\n"
	"    steps:\n"
	"      - on:\n"
	"          link: gw\n"
	"          steps:\n"
	"            - http_request: {path: /x, json: {u: \"${link.gw.username}\"}}\n"
	"            - http_expect: {status: 200, json: [{path: \"a[b=${v}].c\", equals: 1}]}\n"
	"            - store: {name: v, value: \"1\"}\n";

static const char link_profile[] =
	"schema: carecert/profile/1\n"
	"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
	"transport: {kind: serial, port: /dev/ttyUSB0}\n"
	"links:\n"
	"  gw:\n"
	"    transport: {kind: http, url: \"https://gw.local\", username: u}\n"
	"    simulator: {program: http-gw, faults: [relay_stale]}\n"
	"suites: [mini]\n";

START_TEST(test_links_load)
{
	struct loaded l;
	const struct suite *s;
	const struct step *on;

	load(&l, link_profile, link_suite);
	ck_assert_ptr_nonnull(l.p);
	ck_assert_uint_eq(l.p->nlinks, 1);
	ck_assert_str_eq(l.p->links[0].id, "gw");
	ck_assert_str_eq(l.p->links[0].transport_kind, "http");
	ck_assert_uint_eq(l.p->links[0].nparams, 2);
	ck_assert_str_eq(l.p->links[0].sim.program, "http-gw");
	ck_assert_str_eq(l.p->links[0].sim.faults[0], "relay_stale");
	s = l.p->suites[0];
	ck_assert_uint_eq(s->nlinks, 1);
	ck_assert_str_eq(s->links[0].transport, "http");
	ck_assert_ptr_nonnull(suite_find_link(s, "gw"));
	ck_assert_ptr_null(suite_find_link(s, "cloud"));
	on = &s->cases[0].steps[0];
	ck_assert_int_eq(on->kind, STEP_ON);
	ck_assert_str_eq(on->link, "gw");
	ck_assert_uint_eq(on->nsteps, 3);
	ck_assert_int_eq(on->steps[0].kind, STEP_HTTP_REQUEST);
	unload(&l);
}
END_TEST

START_TEST(test_link_errors)
{
	struct loaded l;
	char *suite, *profile, *tmp;

	/* the profile lacks the link the suite needs */
	profile = replace(link_profile, "  gw:\n", "  cloud:\n");
	load(&l, profile, link_suite);
	expect_error(&l, "p.yaml", 8, 10, "suite 'mini' needs link 'gw' (http, the gateway)");
	unload(&l);
	free(profile);
	/* ... or has it with another transport */
	profile = replace(link_profile, "kind: http, url: \"https://gw.local\", username: u",
			  "kind: ble, address: \"C0:FF:EE:00:00:01\"");
	load(&l, profile, link_suite);
	expect_error(&l, "p.yaml", 5, 3, "link 'gw' is ble, suite 'mini' needs it to be http");
	unload(&l);
	free(profile);
	/* an on: step naming no declared link, HTTP steps outside it, a
	 * ${link...} of an unknown link, a path that is not one */
	tmp = replace(link_suite, "          link: gw\n", "          link: gateway\n");
	suite = replace(tmp, "      - on:\n",
			"      - http_request: {path: /y}\n"
			"      - send: {line: \"${link.nope.x}\"}\n"
			"      - on:\n");
	free(tmp);
	tmp = suite;
	suite = replace(tmp, "a[b=${v}].c", "a[b=${v}.c");
	free(tmp);
	load(&l, link_profile, suite);
	expect_error(&l, "mini.yaml", 13, 23, "http_request steps need an http link (this one is serial)");
	expect_error(&l, "mini.yaml", 14, 22, "names no link the suite declares under links:");
	expect_error(&l, "mini.yaml", 16, 17, "unknown link 'gateway'");
	expect_error(&l, "mini.yaml", 19, 56, "bad JSON path 'a[b=x.c' at column 4: unclosed '['");
	/* nothing more: the unknown link's steps are not blamed for its kind */
	ck_assert_uint_eq(l.d.n, 4);
	unload(&l);
	free(suite);
}
END_TEST

/* A simulator that is not installed is a located profile error (before:
 * the profile validated and every case of the run ended in error). */
START_TEST(test_simulator_not_found)
{
	struct loaded l;
	char *p = replace(good_profile, "features: [time_set]\n",
			  "simulator: {program: no-such-sim}\nfeatures: [time_set]\n");
	char *q = replace(link_profile, "program: http-gw", "program: gone");

	load(&l, p, NULL);
	expect_error(&l, "p.yaml", 12, 22,
		     "simulator 'no-such-sim' not found: no executable carecert-sim-no-such-sim");
	unload(&l);
	load(&l, q, link_suite);
	expect_error(&l, "p.yaml", 7, 26, "simulator 'gone' not found");
	unload(&l);
	free(p);
	free(q);
	/* one that is installed (beside this test binary, as beside carecert) */
	p = replace(good_profile, "features: [time_set]\n",
		    "simulator: {program: serial-bp}\nfeatures: [time_set]\n");
	load(&l, p, NULL);
	ck_assert_msg(l.p, "%s", l.d.n ? l.d.v[0].msg : "");
	unload(&l);
	free(p);
}
END_TEST

/* A requirement without its clause is refused, and the strings it had are
 * freed (found by fuzz-suite: under ASan the leak failed this test). */
START_TEST(test_bad_requirement_freed)
{
	struct loaded l;
	char *s = replace(good_suite, "requirement: {standard: S, clause: \"1\"}",
			  "requirement: [{standard: S}, {standard: S, clause: \"1\"}]");
	char *s2 = replace(s, "cases:\n", "requirements:\n  - {standard: S, title: T}\ncases:\n");

	load(&l, NULL, s2);
	expect_error(&l, "mini.yaml", 13, 5, "missing required key 'clause'");
	expect_error(&l, "mini.yaml", 17, 19, "missing required key 'clause'");
	unload(&l);
	free(s);
	free(s2);
}
END_TEST

/* An empty line terminator is refused where it is written: no line
 * would ever end (the suite fuzz harness checks framer.h's "never empty";
 * it was refused only when a case sent a line). */
START_TEST(test_empty_terminator)
{
	struct loaded l;
	char *s = replace(good_suite, "terminator: \"\\r\\n\"", "terminator: \"\"");

	load(&l, NULL, s);
	expect_error(&l, "mini.yaml", 11, 33, "terminator must be 1 to 3 bytes");
	unload(&l);
	free(s);
}
END_TEST

START_TEST(test_diag_format)
{
	struct diag d;
	char buf[256] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	diag_init(&d);
	diag_add(&d, "a.yaml", 3, 7, "bad %s", "thing");
	diag_add(&d, NULL, 0, 0, "no place");
	diag_print(&d, f);
	fclose(f);
	ck_assert_str_eq(buf, "a.yaml:3:7: bad thing\ncarecert: no place\n");
	diag_release(&d);
}
END_TEST

Suite *suite_profile(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, test_good_pair_loads);
	tcase_add_test(tc, test_output_junit_dialect);
	tcase_add_test(tc, test_unknown_key);
	tcase_add_test(tc, test_wrong_type);
	tcase_add_test(tc, test_missing_key);
	tcase_add_test(tc, test_unknown_suite);
	tcase_add_test(tc, test_bad_duration);
	tcase_add_test(tc, test_duration_without_unit);
	tcase_add_test(tc, test_duplicate_case_id);
	tcase_add_test(tc, test_duplicate_key);
	tcase_add_test(tc, test_yaml_syntax_error);
	tcase_add_test(tc, test_unknown_feature_and_limit);
	tcase_add_test(tc, test_limit_override_units);
	tcase_add_test(tc, test_bad_transport_param);
	tcase_add_test(tc, test_suite_step_errors);
	tcase_add_test(tc, test_requires_undeclared_feature);
	tcase_add_test(tc, test_category_and_schema_mismatch);
	tcase_add_test(tc, test_gatt_step_errors);
	tcase_add_test(tc, test_ble_suite_loads);
	tcase_add_test(tc, test_accuracy_suite_and_data_errors);
	tcase_add_test(tc, test_links_load);
	tcase_add_test(tc, test_link_errors);
	tcase_add_test(tc, test_simulator_not_found);
	tcase_add_test(tc, test_bad_requirement_freed);
	tcase_add_test(tc, test_empty_terminator);
	tcase_add_test(tc, test_diag_format);
	tcase_add_test(tc, test_lab_iso_keys);
	tcase_add_test(tc, test_lab_decision_rule_multiple);
	suite_add_tcase(s, tc);
	return s;
}
