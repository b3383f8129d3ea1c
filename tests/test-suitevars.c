/* SPDX-License-Identifier: MIT */
/*
 * validate catches an undefined ${variable} (before: the suite loaded and
 * every case using it errored at run time), located where it is written,
 * and never refuses one that some step defines: a capture or store in an
 * earlier or later step or case, inside a repeat, a prefix capture (gatt,
 * HTTP, instrument) for any name under it, a list, a frame's fields, and
 * the runner's built-ins.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "core/suite.h"
#include "testutil.h"

static const char *const heads[] = {
	"schema: carecert/suite/1\nid: t\ntitle: t\ncategory: blood_pressure\n"
	"transport: serial\n"
	"features: {kpa: kPa}\n"
	"limits: {rt: 500 ms}\n"
	"line: {terminator: \"\\r\\n\"}\n"
	"frames:\n"
	"  rec:\n"
	"    header: \"A5\"\n"
	"    length: {offset: 1, size: 1, adjust: 2}\n"
	"    fields:\n"
	"      - {name: sys, offset: 2, type: u8}\n"
	"cases:\n",
	"schema: carecert/suite/1\nid: t\ntitle: t\ncategory: blood_pressure\n"
	"transport: ble\ncases:\n",
	"schema: carecert/suite/1\nid: t\ntitle: t\ncategory: gateway\n"
	"transport: http\ncases:\n",
};

/* head (index in heads) and cases; *d gets the diagnostics. */
static struct suite *load(int head, const char *cases, struct diag *d)
{
	char *dir = tu_mkdtemp(), *text, *path;
	struct suite *s;

	text = malloc(strlen(heads[head]) + strlen(cases) + 1);
	strcpy(text, heads[head]);
	strcat(text, cases);
	path = tu_write(dir, "t.yaml", text);
	diag_init(d);
	s = suite_load(path, d);
	free(text);
	free(path);
	tu_rmdir(dir);
	return s;
}

static void expect_clean(int head, const char *cases)
{
	struct diag d;
	struct suite *s = load(head, cases, &d);

	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%u:%u: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
	ck_assert_ptr_nonnull(s);
	suite_free(s);
	diag_release(&d);
}

static void expect_error(int head, const char *cases, unsigned line, unsigned col,
			 const char *msg)
{
	struct diag d;
	struct suite *s = load(head, cases, &d);
	bool found = false;

	ck_assert_ptr_null(s);
	for (size_t i = 0; i < d.n; i++)
		found |= d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, msg);
	for (size_t i = 0; !found && i < d.n; i++)
		fprintf(stderr, "got %u:%u: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
	ck_assert_msg(found, "no '%s' at %u:%u", msg, line, col);
	diag_release(&d);
}

#define CASE(id) "  - id: " id "\n    title: t\n    requirement: {standard: S, clause: \"1\"}\n" \
		 "    steps:\n"

START_TEST(test_undefined_located)
{
	/* head 0 is 15 lines: the case starts at 16, its steps at 20; heads
	 * 1 and 2 are 6: steps at 11 */
	expect_error(0, CASE("A-01")
		     "      - send: {line: \"X\"}\n"
		     "      - expect: {line: '^V,(.*)$', capture: [value]}\n"
		     "      - assert: {value: \"${valeu}\", equals: x}\n",
		     22, 25, "undefined variable ${valeu}: no capture, store, list or built-in");
	/* in a condition, a template, a count */
	expect_error(0, CASE("A-01")
		     "      - send: {line: \"${cmd}\"}\n"
		     "      - repeat: {count: \"${n}\", steps: [{delay: 1 ms}]}\n"
		     "      - assert: {value: \"1\", equals: \"1\", when: \"${x} == 1\"}\n",
		     20, 22, "undefined variable ${cmd}");
	expect_error(0, CASE("A-01")
		     "      - send: {line: \"${cmd}\"}\n"
		     "      - repeat: {count: \"${n}\", steps: [{delay: 1 ms}]}\n",
		     21, 25, "undefined variable ${n}");
	expect_error(0, CASE("A-01")
		     "      - assert: {value: \"1\", equals: \"1\", when: \"${x} == 1\"}\n",
		     20, 49, "undefined variable ${x}");
}
END_TEST

START_TEST(test_builtins)
{
	expect_clean(0, CASE("A-01")
		     "      - send: {line: \"${dut.model} ${dut.serial_number} ${now.utc}\"}\n"
		     "      - expect: {line: '^OK$'}\n"
		     "      - assert: {value: \"${elapsed_ms}\", max: \"${limit.rt}\"}\n"
		     "      - assert: {value: \"${skipped}\", equals: \"0\"}\n"
		     "      - assert: {value: \"${feature.kpa}\", one_of: [\"0\", \"1\"]}\n"
		     "      - assert: {value: \"${transport.port}\", matches: .}\n"
		     "      - repeat:\n"
		     "          count: 2\n"
		     "          steps: [{assert: {value: \"${repeat.index}\", max: 1}}]\n"
		     "      - assert: {value: \"${repeat.count}\", equals: \"2\"}\n");
	expect_error(0, CASE("A-01") "      - send: {line: \"${dut.modle}\"}\n", 20, 22,
		     "unknown ${dut.modle}: the DUT's are dut.category");
	expect_error(0, CASE("A-01") "      - send: {line: \"${feature.mmhg}\"}\n", 20, 22,
		     "unknown ${feature.mmhg}: the suite declares no such feature");
	expect_error(0, CASE("A-01") "      - send: {line: \"${transport.url}\"}\n", 20, 22,
		     "unknown ${transport.url}: no such parameter of the suite's transport");
	/* the limit check was there before */
	expect_error(0, CASE("A-01") "      - send: {line: \"${limit.nope}\"}\n", 20, 22,
		     "unknown limit 'nope'");
}
END_TEST

/* Definitions anywhere in the suite count: a later step (a retry or a
 * repeat may come back to it), another case (a run-scoped store), inside
 * a repeat; a list; a frame's fields. */
START_TEST(test_defined_anywhere)
{
	expect_clean(0, CASE("A-01")
		     "      - assert: {value: \"${later}\", matches: .}\n"
		     "      - store: {name: later, value: \"1\"}\n"
		     "      - send: {line: \"${shared}\"}\n"
		     "      - repeat:\n"
		     "          count: 2\n"
		     "          steps:\n"
		     "            - send: {line: \"R\"}\n"
		     "            - expect: {line: '^R,(.*),(.*)$', capture: [a, b]}\n"
		     "            - append: {list: beats, value: \"${a}\"}\n"
		     "      - assert: {value: \"${b}\", matches: .}\n"
		     "      - expect: {frame: rec}\n"
		     "      - assert: {value: \"${sys}\", max: 300}\n"
		     CASE("A-02")
		     "      - store: {name: shared, value: \"x\", scope: run}\n");
}
END_TEST

/* A prefix capture defines every name under it, however deep. */
START_TEST(test_prefix_captures)
{
	expect_clean(1, CASE("B-01")
		     "      - gatt_read: {uuid: 2A29, capture: maker}\n"
		     "      - gatt_expect: {uuid: 2A35, kind: indication, capture: m}\n"
		     "      - assert: {value: \"${maker.text}\", matches: .}\n"
		     "      - assert: {value: \"${m.systolic}\", max: 300}\n"
		     "      - assert: {value: \"${m.flags.bit3}\", equals: \"0\"}\n"
		     "      - assert: {value: \"${interval_ms}\", max: 1000}\n");
	expect_error(1, CASE("B-01")
		     "      - gatt_expect: {uuid: 2A35, kind: indication, capture: m}\n"
		     "      - assert: {value: \"${ms.systolic}\", max: 300}\n"
		     "      - assert: {value: \"${m}\", max: 300}\n",
		     12, 25, "undefined variable ${ms.systolic}");
	expect_error(1, CASE("B-01")
		     "      - gatt_expect: {uuid: 2A35, kind: indication, capture: m}\n"
		     "      - assert: {value: \"${m}\", max: 300}\n",
		     12, 25, "undefined variable ${m}");
}
END_TEST

START_TEST(test_http_captures)
{
	expect_clean(2, CASE("H-01")
		     "      - http_request: {method: POST, path: /api/login, json: {u: \"${transport.username}\", p: \"${transport.password}\"}}\n"
		     "      - http_expect: {status: 200, json: [{path: access_token, capture: token}]}\n"
		     "      - assert: {value: \"${http.status}\", equals: \"200\"}\n"
		     "      - http_request: {path: /x, auth: {bearer: \"${token}\"}, capture: r}\n"
		     "      - assert: {value: \"${r.header.content-type}\", matches: json}\n"
		     "      - http_expect: {status: 200, fhir: {resource: Bundle}}\n"
		     "      - assert: {value: \"${fhir.count}\", min: 1}\n"
		     "      - http_expect: {status: 200, fhir: {resource: Observation, capture: o}}\n"
		     "      - assert: {value: \"${o.value}\", min: 1}\n");
	expect_error(2, CASE("H-01")
		     "      - http_request: {path: /x, capture: r}\n"
		     "      - assert: {value: \"${http.status}\", equals: \"200\"}\n",
		     12, 25, "undefined variable ${http.status}");
}
END_TEST

/* An instrument's captures: under its prefix; without one, the driver's
 * names (unknown to the suite) are taken on trust, dotted ones are not. */
START_TEST(test_instrument_captures)
{
	expect_clean(0, CASE("I-01")
		     "      - instrument: {id: patient, command: set, args: {systolic: \"120\"}, capture: ref}\n"
		     "      - assert: {value: \"${ref.systolic}\", max: 300}\n"
		     "      - send: {line: \"${systolic}\"}\n");
	expect_clean(0, CASE("I-01")
		     "      - instrument: {id: patient, command: next}\n"
		     "      - assert: {value: \"${diastolic}\", max: 300}\n");
	expect_error(0, CASE("I-01")
		     "      - instrument: {id: patient, command: next}\n"
		     "      - assert: {value: \"${ref.diastolic}\", max: 300}\n",
		     21, 25, "undefined variable ${ref.diastolic}");
}
END_TEST

/* A step that did not load defines nothing: its own error is reported,
 * not a cascade of undefined variables. */
START_TEST(test_no_cascade)
{
	struct diag d;
	struct suite *s = load(0, CASE("A-01")
			       "      - expect: {line: '^(unclosed', capture: [v]}\n"
			       "      - assert: {value: \"${v}\", equals: x}\n",
			       &d);

	ck_assert_ptr_null(s);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "bad regular expression"), "%s", d.v[0].msg);
	diag_release(&d);
}
END_TEST

/* Every suite of the repository passes (no false errors). */
START_TEST(test_repository_suites_clean)
{
	char cmd[4200], *out;
	int status;

	snprintf(cmd, sizeof(cmd), "ls suites/*.yaml | wc -l");
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_int_ge(atoi(out), 10);
	free(out);
	snprintf(cmd, sizeof(cmd), "for f in suites/*.yaml; do echo \"$f\"; done");
	status = tu_run(cmd, &out);
	ck_assert_int_eq(status, 0);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char path[4200];
		struct diag d;
		struct suite *s;

		snprintf(path, sizeof(path), "%s/%s", tu_top(), line);
		diag_init(&d);
		s = suite_load(path, &d);
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s:%u:%u: %s\n", line, d.v[i].line, d.v[i].col,
				d.v[i].msg);
		ck_assert_msg(s, "%s", line);
		suite_free(s);
		diag_release(&d);
	}
	free(out);
}
END_TEST

Suite *suite_suitevars(void)
{
	Suite *s = suite_create("suitevars");
	TCase *tc = tcase_create("vars");

	tcase_add_test(tc, test_undefined_located);
	tcase_add_test(tc, test_builtins);
	tcase_add_test(tc, test_defined_anywhere);
	tcase_add_test(tc, test_prefix_captures);
	tcase_add_test(tc, test_http_captures);
	tcase_add_test(tc, test_instrument_captures);
	tcase_add_test(tc, test_no_cascade);
	tcase_add_test(tc, test_repository_suites_clean);
	suite_add_tcase(s, tc);
	return s;
}
