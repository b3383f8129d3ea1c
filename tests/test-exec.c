/* SPDX-License-Identifier: MIT */
/*
 * Step execution over a real pseudo-terminal through the serial transport:
 * the test plays the device on the master side with scripted bytes, so every
 * verdict the executor can reach is reached on purpose.
 */
#include <check.h>
#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/diag.h"
#include "base/err.h"
#include "core/exec.h"
#include "core/exec-internal.h"
#include "bench/pairs.h"
#include "core/suite.h"
#include "testutil.h"
#include "transport/transport.h"

static const char suite_head[] =
	"schema: carecert/suite/1\n"
	"id: t\n"
	"title: exec tests\n"
	"category: blood_pressure\n"
	"transport: serial\n"
	"limits: {rt: 500 ms}\n"
	"line: {prefix: \"$\", terminator: \"\\r\\n\", checksum: xor8, separator: \"*\"}\n"
	"frames:\n"
	"  rec:\n"
	"    header: \"A5 5A\"\n"
	"    length: {offset: 3, size: 1, adjust: 6}\n"
	"    checksum: {algorithm: crc16-ccitt-false, from: 2, endian: big}\n"
	"    fields:\n"
	"      - {name: type, offset: 2, type: u8}\n"
	"      - {name: value, offset: 4, type: u16le}\n"
	"cases:\n"
	"  - id: T-01\n"
	"    title: t\n"
	"    requirement: {standard: S, clause: \"1\"}\n"
	"    steps:\n";

struct fixture {
	int master, slave_keep;
	char slave[64];
	char *dir;
	struct suite *suite;
	struct transport *t;
	struct rxq rx;
	struct vars run_vars;
	struct exec e;
};

static const char *builtin(void *data, const char *name, char *s, size_t n)
{
	(void)data;
	(void)s;
	(void)n;
	if (!strcmp(name, "limit.rt"))
		return "500 ms";
	if (!strcmp(name, "dut.model"))
		return "M1";
	return NULL;
}

/* Set up a pty, the suite with the given steps, and an open transport. */
static void setup(struct fixture *f, const char *steps)
{
	const char *keys[] = { "port" }, *vals[1];
	char err[256], *text, *path;
	struct diag d;

	memset(f, 0, sizeof(*f));
	/* like the simulators, keep a slave fd open: a pty whose slave side
	 * was never held open reports a hangup to the next opener */
	ck_assert_int_eq(openpty(&f->master, &f->slave_keep, f->slave, NULL, NULL), 0);
	f->dir = tu_mkdtemp();
	text = malloc(strlen(suite_head) + strlen(steps) + 1);
	strcpy(text, suite_head);
	strcat(text, steps);
	path = tu_write(f->dir, "t.yaml", text);
	diag_init(&d);
	f->suite = suite_load(path, &d);
	diag_print(&d, stderr);
	ck_assert_ptr_nonnull(f->suite);
	diag_release(&d);
	free(text);
	free(path);
	vals[0] = f->slave;
	f->t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_int_eq(transport_open(f->t, err, sizeof(err)), 0);
	rxq_init(&f->rx);
	vars_init(&f->run_vars);
	f->e.t = f->t;
	f->e.rx = &f->rx;
	f->e.suite = f->suite;
	f->e.tc = &f->suite->cases[0];
	f->e.run_vars = &f->run_vars;
	f->e.builtin = builtin;
	f->e.deadline_ns = mono_now_ns() + 2 * NSEC_PER_SEC;
	ck_assert_int_eq(exec_init(&f->e), 0);
}

static void teardown_fixture(struct fixture *f)
{
	exec_release(&f->e);
	transport_free(f->t);
	rxq_release(&f->rx);
	vars_release(&f->run_vars);
	suite_free(f->suite);
	if (f->master >= 0)
		close(f->master);
	close(f->slave_keep);
	tu_rmdir(f->dir);
}

static void device_says(struct fixture *f, const char *bytes, size_t n)
{
	ck_assert_int_eq(write(f->master, bytes, n), (ssize_t)n);
}

static const char *first_message(struct fixture *f, const char *verdict)
{
	for (size_t i = 0; i < json_object_array_length(f->e.evidence); i++) {
		json_object *o = json_object_array_get_idx(f->e.evidence, i), *v;

		json_object_object_get_ex(o, "verdict", &v);
		if (!strcmp(json_object_get_string(v), verdict)) {
			json_object_object_get_ex(o, "message", &v);
			return json_object_get_string(v);
		}
	}
	return "";
}

START_TEST(test_send_line_and_capture)
{
	struct fixture f;
	char got[64] = "";
	ssize_t n;

	setup(&f, "      - send: {line: \"ID\"}\n"
		  "      - expect: {line: '^ID,([^,]*),(.*)$', capture: [vendor, model]}\n"
		  "      - assert: {value: \"${model}\", equals: \"${dut.model}\"}\n");
	/* XOR-8 of "ID,Acme,M1" is 0x5B; the runner must send "$ID*0D\r\n" */
	device_says(&f, "$ID,Acme,M1*5B\r\n", 16);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_PASS);
	ck_assert_str_eq(vars_get(&f.e.vars, "vendor"), "Acme");
	ck_assert_str_eq(vars_get(&f.e.vars, "model"), "M1");
	ck_assert_ptr_nonnull(vars_get(&f.e.vars, "elapsed_ms"));
	usleep(10000);
	n = read(f.master, got, sizeof(got) - 1);
	ck_assert_int_eq(n, 8);
	got[n] = 0;
	ck_assert_str_eq(got, "$ID*0D\r\n");
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_checksum_mismatch_fails)
{
	struct fixture f;

	setup(&f, "      - expect: {line: '^ID,'}\n");
	device_says(&f, "$ID,Acme,M1*5C\r\n", 16);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "checksum mismatch"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_stray_bytes_fail)
{
	struct fixture f;

	setup(&f, "      - expect: {line: '^ID,'}\n");
	device_says(&f, "\x00\xff$ID,Acme,M1*5B\r\n", 18);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "stray bytes"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_unexpected_frame_and_skip)
{
	struct fixture f;

	setup(&f, "      - expect: {line: '^BP,([0-9]+)$', capture: [sys], skip: '^CUFF,'}\n"
		  "      - expect: {line: '^OK$'}\n");
	/* XOR-8 worked out by hand: CUFF,10 = 3B, BP,120 = 0D, NO = 01 */
	device_says(&f, "$CUFF,10*3B\r\n$BP,120*0D\r\n$NO*01\r\n", 33);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_str_eq(vars_get(&f.e.vars, "sys"), "120");
	ck_assert_str_eq(vars_get(&f.e.vars, "skipped"), "1");
	ck_assert_msg(strstr(f.e.reason, "unexpected frame"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_no_reply_times_out)
{
	struct fixture f;
	int64_t t0;

	setup(&f, "      - expect: {line: '^ID,', within: 150 ms}\n");
	t0 = mono_now_ns();
	ck_assert_msg(exec_run(&f.e) == VERDICT_FAIL, "%s", f.e.reason);
	ck_assert_int_ge(mono_now_ns() - t0, 150 * NSEC_PER_MSEC);
	ck_assert_msg(strstr(f.e.reason, "no reply"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_partial_frame_times_out)
{
	struct fixture f;

	setup(&f, "      - expect: {line: '^ID,', within: 100 ms}\n");
	device_says(&f, "$ID,Ac", 6);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "no complete frame"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_hangup_is_error)
{
	struct fixture f;

	setup(&f, "      - expect: {line: '^ID,', within: 1 s}\n");
	close(f.master);
	f.master = -1;
	ck_assert_int_eq(exec_run(&f.e), VERDICT_ERROR);
	ck_assert(f.e.link_failed);
	ck_assert_msg(strstr(f.e.reason, "disconnected"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_binary_frame_fields)
{
	/* A5 5A | type 01 | len 02 | value 0x1234 LE | CRC-16/CCITT-FALSE of
	 * 01 02 34 12, big-endian, computed by a reference loop below */
	static const char steps[] =
		"      - expect: {frame: rec}\n"
		"      - assert: {value: \"${value}\", equals: 4660}\n";
	struct fixture f;
	uint8_t frame[8] = { 0xA5, 0x5A, 0x01, 0x02, 0x34, 0x12, 0, 0 };
	uint16_t crc = 0xFFFF;

	/* reference CRC-16/CCITT-FALSE written out bit by bit */
	for (int i = 2; i < 6; i++) {
		crc ^= (uint16_t)(frame[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021)
					     : (uint16_t)(crc << 1);
	}
	frame[6] = (uint8_t)(crc >> 8);
	frame[7] = (uint8_t)crc;
	setup(&f, steps);
	device_says(&f, (const char *)frame, 8);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_PASS);
	ck_assert_str_eq(vars_get(&f.e.vars, "type"), "1");
	teardown_fixture(&f);

	frame[4] ^= 0x01; /* corrupt one payload bit */
	setup(&f, steps);
	device_says(&f, (const char *)frame, 8);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "CRC mismatch"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_assert_units_and_marginal)
{
	struct fixture f;
	json_object *m, *v;

	setup(&f, "      - store: {name: p, value: \"16.0\"}\n"
		  "      - assert: {name: sys, value: \"${p}\", unit: kPa, in_unit: mmHg, min: 60, max: 260}\n"
		  "      - assert: {name: rt, value: \"450\", unit: ms, max: \"${limit.rt}\", marginal: 100 ms}\n"
		  "      - assert: {name: sys2, value: \"120\", unit: kPa, in_unit: mmHg, min: 60, max: 260}\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_uint_eq(json_object_array_length(f.e.measurements), 3);
	m = json_object_array_get_idx(f.e.measurements, 0);
	json_object_object_get_ex(m, "value", &v);
	ck_assert_double_eq_tol(json_object_get_double(v), 120.01, 0.01);
	m = json_object_array_get_idx(f.e.measurements, 1);
	json_object_object_get_ex(m, "marginal", &v);
	ck_assert(json_object_get_boolean(v));
	ck_assert(f.e.marginal);
	m = json_object_array_get_idx(f.e.measurements, 2);
	json_object_object_get_ex(m, "verdict", &v);
	ck_assert_str_eq(json_object_get_string(v), "fail");
	ck_assert_msg(strstr(f.e.reason, "sys2 outside limits"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_assert_one_of_and_matches)
{
	struct fixture f;

	setup(&f, "      - assert: {value: \"IDLE\", one_of: [IDLE, MEAS]}\n"
		  "      - assert: {value: \"0A\", matches: '^[0-9A-F]{2}$'}\n"
		  "      - assert: {value: \"busy\", one_of: [IDLE, MEAS]}\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "one of the allowed values"), "%s", f.e.reason);
	ck_assert_str_eq(first_message(&f, "pass"), "IDLE is one of the allowed values");
	teardown_fixture(&f);
}
END_TEST

/* validate refuses a variable nothing defines (test-suitevars.c); one
 * that is defined only by a later step is still an error at run time. */
START_TEST(test_undefined_variable_is_error)
{
	struct fixture f;

	setup(&f, "      - assert: {value: \"${nothing}\", equals: x}\n"
		  "      - store: {name: nothing, value: \"1\"}\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_ERROR);
	ck_assert_msg(strstr(f.e.reason, "undefined variable ${nothing}"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

/* Evidence is capped, but a long loop of passes never pushes out the item
 * that decided the case. */
START_TEST(test_evidence_cap_keeps_the_decision)
{
	struct fixture f;
	size_t n;

	setup(&f, "      - repeat:\n"
		  "          count: 200\n"
		  "          steps:\n"
		  "            - assert: {value: \"${repeat.index}\", max: 1000}\n"
		  "      - assert: {value: \"7\", equals: 8}\n"
		  "      - assert: {value: \"1\", equals: 1}\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	/* the cap, then the note that says items were left out */
	n = json_object_array_length(f.e.evidence);
	ck_assert_uint_eq(n, EXEC_MAX_EVIDENCE + 1);
	ck_assert_str_eq(first_message(&f, "none"),
			 "further evidence items not recorded (limit reached)");
	ck_assert_uint_ge(f.e.evidence_dropped, 200 - EXEC_MAX_EVIDENCE);
	ck_assert_msg(strstr(first_message(&f, "fail"), "equals"), "%s", first_message(&f, "fail"));
	teardown_fixture(&f);
}
END_TEST

/* missing: continue records a reading that is not a number as missing:
 * the case fails, the later points are still paired. */
START_TEST(test_pair_missing_continue)
{
	struct fixture f;
	struct run_pairs rp = { .n = 0 };

	setup(&f, "      - repeat:\n"
		  "          count: 3\n"
		  "          steps:\n"
		  "            - pair: {data: bench, subject: \"p${repeat.index}\", reference: \"90\", device: \"9${repeat.index}\", missing: continue, when: \"${repeat.index} != 1\"}\n"
		  "            - pair: {data: bench, subject: \"p${repeat.index}\", reference: \"90\", device: NaN, missing: continue, when: \"${repeat.index} == 1\"}\n"
		  "      - pair: {data: bench, subject: last, reference: \"90\", device: \"+INF\"}\n"
		  "      - assert: {value: \"1\", equals: 2}\n");
	f.e.run_pairs = &rp;
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "no reading from the device at p1 (reference 90); observed NaN"),
		      "%s", f.e.reason);
	/* p0 and p2 paired; the step without missing: continue stopped the case */
	ck_assert_uint_eq(rp.n, 1);
	ck_assert_uint_eq(rp.v[0].set->n, 2);
	ck_assert_double_eq(rp.v[0].set->v[1].device, 92);
	ck_assert_str_eq(first_message(&f, "fail"),
			 "pair: no reading from the device at p1 (reference 90)");
	{
		size_t n = json_object_array_length(f.e.evidence);
		json_object *last = json_object_array_get_idx(f.e.evidence, n - 1), *m;

		ck_assert(json_object_object_get_ex(last, "message", &m));
		ck_assert_str_eq(json_object_get_string(m),
				 "pair: the reference or the device reading is not a number");
	}
	for (size_t i = 0; i < rp.n; i++) {
		free(rp.v[i].name);
		free(rp.v[i].instrument);
		pairs_free(rp.v[i].set);
	}
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_repeat_until)
{
	struct fixture f;

	setup(&f, "      - store: {name: n, value: \"0\"}\n"
		  "      - repeat:\n"
		  "          until: \"${repeat.index} == 3\"\n"
		  "          max: 10\n"
		  "          steps:\n"
		  "            - store: {name: n, value: \"${repeat.index}\"}\n"
		  "      - assert: {value: \"${repeat.count}\", equals: 4}\n"
		  "      - repeat:\n"
		  "          until: \"${repeat.index} == 99\"\n"
		  "          max: 2\n"
		  "          steps:\n"
		  "            - delay: 1 ms\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_str_eq(vars_get(&f.e.vars, "n"), "3");
	ck_assert_msg(strstr(f.e.reason, "not met after 2 iterations"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

START_TEST(test_silence)
{
	struct fixture f;

	setup(&f, "      - silence: 100 ms\n");
	ck_assert_int_eq(exec_run(&f.e), VERDICT_PASS);
	teardown_fixture(&f);
	setup(&f, "      - silence: 300 ms\n");
	device_says(&f, "$BP*12\r\n", 8);
	ck_assert_int_eq(exec_run(&f.e), VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "silent period"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

/* hr_response: the device's (time, rate) reports gathered by append, the
 * response time to a step at 20 s from 80 to 120 bpm (band 108...132). */
static const char hr_steps[] =
	"      - repeat:\n"
	"          until: \"${kind} == END\"\n"
	"          max: 20\n"
	"          steps:\n"
	"            - expect: {text: \"^(HR|END),([0-9.]+),?([0-9]*)$\", capture: [kind, t, bpm]}\n"
	"            - append: {list: hr_t, value: \"${t}\", when: \"${kind} == HR\"}\n"
	"            - append: {list: %s, value: \"${bpm}\", when: \"${kind} == HR\"}\n"
	"      - hr_response: {times: hr_t, rates: hr_bpm, step_at: 20, from: 80, to: 120,\n"
	"                      max: 10 s, name: resp}\n";

static enum verdict hr_run(struct fixture *f, const char *list, const char *reports)
{
	char steps[sizeof(hr_steps) + 16];

	snprintf(steps, sizeof(steps), hr_steps, list);
	setup(f, steps);
	device_says(f, reports, strlen(reports));
	return exec_run(&f->e);
}

START_TEST(test_hr_response)
{
	struct fixture f;
	json_object *m, *x;

	/* 110 at 21.5 s enters the band for good: 1.5 s; reports go on to
	 * 31 s, past the 10 s limit */
	ck_assert_int_eq(hr_run(&f, "hr_bpm", "HR,18.0,80\r\nHR,20.5,90\r\nHR,21.5,110\r\n"
					      "HR,22.5,118\r\nHR,31.0,120\r\nEND,5\r\n"),
			 VERDICT_PASS);
	ck_assert_uint_eq(json_object_array_length(f.e.measurements), 1);
	m = json_object_array_get_idx(f.e.measurements, 0);
	json_object_object_get_ex(m, "value", &x);
	ck_assert_double_eq_tol(json_object_get_double(x), 1.5, 1e-9);
	json_object_object_get_ex(m, "max", &x);
	ck_assert_double_eq_tol(json_object_get_double(x), 10, 1e-9);
	m = json_object_array_get_idx(f.e.accuracy, 0);
	json_object_object_get_ex(m, "reports", &x);
	ck_assert_uint_eq(json_object_array_length(x), 5);
	teardown_fixture(&f);

	/* settled, but the reports end 5 s after the step: cannot tell */
	ck_assert_int_eq(hr_run(&f, "hr_bpm", "HR,21.5,110\r\nHR,25.0,120\r\nEND,2\r\n"),
			 VERDICT_INCONCLUSIVE);
	ck_assert_msg(strstr(f.e.reason, "before the 10 s limit"), "%s", f.e.reason);
	teardown_fixture(&f);

	/* still 100 bpm 11 s after the step: no measurement, a fail */
	ck_assert_int_eq(hr_run(&f, "hr_bpm", "HR,21.5,110\r\nHR,31.0,100\r\nEND,2\r\n"),
			 VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "still outside 108...132 bpm 11.000 s"), "%s",
		      f.e.reason);
	ck_assert_uint_eq(json_object_array_length(f.e.measurements), 0);
	teardown_fixture(&f);

	/* in the band only from 30.5 s: 10.5 s, over the limit */
	ck_assert_int_eq(hr_run(&f, "hr_bpm", "HR,21.5,100\r\nHR,30.5,120\r\nHR,40,120\r\nEND,3\r\n"),
			 VERDICT_FAIL);
	ck_assert_msg(strstr(f.e.reason, "response time 10.500 s over 10 s"), "%s", f.e.reason);
	teardown_fixture(&f);

	/* the rates went to another list: the suite is wrong */
	ck_assert_int_eq(hr_run(&f, "other", "HR,21.5,110\r\nEND,1\r\n"), VERDICT_ERROR);
	ck_assert_msg(strstr(f.e.reason, "differ in length"), "%s", f.e.reason);
	teardown_fixture(&f);
}
END_TEST

/* hr_response's numbers are required (and must be known limits). */
START_TEST(test_hr_response_load_errors)
{
	char *dir = tu_mkdtemp(), *text, *path;
	struct diag d;
	struct suite *s;

	text = malloc(strlen(suite_head) + 256);
	strcpy(text, suite_head);
	strcat(text, "      - hr_response: {times: t, rates: r, step_at: 20, from: 80,\n"
		     "                      max: \"${limit.nope}\", name: \"a b\"}\n");
	path = tu_write(dir, "t.yaml", text);
	diag_init(&d);
	s = suite_load(path, &d);
	ck_assert_ptr_null(s);
	{
		bool to = false, limit = false, name = false;

		for (size_t i = 0; i < d.n; i++) {
			to |= strstr(d.v[i].msg, "'to'") != NULL;
			limit |= strstr(d.v[i].msg, "nope") != NULL;
			name |= strstr(d.v[i].msg, "name must be") != NULL;
		}
		ck_assert_msg(to && limit && name, "%zu messages, first: %s", d.n,
			      d.n ? d.v[0].msg : "");
	}
	diag_release(&d);
	free(text);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_parse_gatt_hex)
{
	uint8_t b[8];
	size_t n;

	ck_assert_int_eq(exec_parse_hex("01 04 01", b, sizeof(b), &n), CC_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(b[1], 0x04);
	ck_assert_int_eq(exec_parse_hex("0104 01 u16:258 u16:65535", b, sizeof(b), &n), CC_OK);
	ck_assert_uint_eq(n, 7);
	ck_assert_uint_eq(b[3], 0x02);
	ck_assert_uint_eq(b[4], 0x01);
	ck_assert_uint_eq(b[6], 0xFF);
	ck_assert_int_eq(exec_parse_hex("u16:65536", b, sizeof(b), &n), CC_EINVAL);
	ck_assert_int_eq(exec_parse_hex("u16:", b, sizeof(b), &n), CC_EINVAL);
	ck_assert_int_eq(exec_parse_hex("u16:12x", b, sizeof(b), &n), CC_EINVAL);
	ck_assert_int_eq(exec_parse_hex("0", b, sizeof(b), &n), CC_EINVAL);
	ck_assert_int_eq(exec_parse_hex("0x", b, sizeof(b), &n), CC_EINVAL);
	ck_assert_int_eq(exec_parse_hex("0102030405060708 09", b, sizeof(b), &n), CC_EINVAL);
}
END_TEST

Suite *suite_exec(void)
{
	Suite *s = suite_create("exec");
	TCase *tc = tcase_create("steps");

	tcase_add_test(tc, test_send_line_and_capture);
	tcase_add_test(tc, test_checksum_mismatch_fails);
	tcase_add_test(tc, test_stray_bytes_fail);
	tcase_add_test(tc, test_unexpected_frame_and_skip);
	tcase_add_test(tc, test_no_reply_times_out);
	tcase_add_test(tc, test_partial_frame_times_out);
	tcase_add_test(tc, test_hangup_is_error);
	tcase_add_test(tc, test_binary_frame_fields);
	tcase_add_test(tc, test_assert_units_and_marginal);
	tcase_add_test(tc, test_assert_one_of_and_matches);
	tcase_add_test(tc, test_undefined_variable_is_error);
	tcase_add_test(tc, test_evidence_cap_keeps_the_decision);
	tcase_add_test(tc, test_pair_missing_continue);
	tcase_add_test(tc, test_repeat_until);
	tcase_add_test(tc, test_silence);
	tcase_add_test(tc, test_parse_gatt_hex);
	tcase_add_test(tc, test_hr_response);
	tcase_add_test(tc, test_hr_response_load_errors);
	suite_add_tcase(s, tc);
	return s;
}
