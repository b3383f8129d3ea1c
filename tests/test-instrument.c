/* SPDX-License-Identifier: MIT */
/*
 * Instrument drivers: the repository's driver loads with its commands, and
 * a broken driver is reported where it is wrong.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "bench/instrument.h"
#include "testutil.h"

START_TEST(test_nibp_driver_loads)
{
	char path[4096];
	const char *top = getenv("CARECERT_TOP");
	struct instrument_driver *drv;
	const struct instrument_command *c;
	struct diag d;
	regmatch_t m[4];

	snprintf(path, sizeof(path), "%s/hw/instruments/nibp-simulator.yaml", top ? top : ".");
	diag_init(&d);
	drv = instrument_driver_load(path, &d);
	ck_assert_msg(drv != NULL, "%s", d.n ? d.v[0].msg : "?");
	ck_assert_str_eq(drv->terminator, "\r\n");
	ck_assert_ptr_null(instrument_command_find(drv, "calibrate"));
	c = instrument_command_find(drv, "next");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->send, "NEXT");
	ck_assert_str_eq(c->capture[1], "diastolic");
	ck_assert_int_eq(regexec(&c->re, "NIBP,120,80,72", 4, m, 0), 0);
	ck_assert_int_ne(regexec(&c->re, "ERR", 0, NULL, 0), 0);
	ck_assert_str_eq(instrument_command_find(drv, "set")->send,
			 "NIBP ${systolic},${diastolic},${rate}");
	instrument_driver_free(drv);
	diag_release(&d);
}
END_TEST

START_TEST(test_broken_driver_located)
{
	char *dir = tu_mkdtemp(), *path;
	struct diag d;

	path = tu_write(dir, "bad.yaml",
			"schema: carecert/instrument/2\n"
			"name: X\n"
			"terminator: \"\"\n"
			"commands:\n"
			"  set: {send: \"S\", expect: '^(OK$'}\n"
			"  get: {expect: '^V$', colour: red}\n");
	diag_init(&d);
	ck_assert_ptr_null(instrument_driver_load(path, &d));
	ck_assert_uint_eq(d.n, 5);
	ck_assert(strstr(d.v[0].msg, "unsupported schema") && d.v[0].line == 1);
	ck_assert(strstr(d.v[1].msg, "terminator must be") && d.v[1].line == 3);
	ck_assert(strstr(d.v[2].msg, "bad regular expression") && d.v[2].line == 5 &&
		  d.v[2].col == 28);
	ck_assert(strstr(d.v[3].msg, "colour") && d.v[3].line == 6 && d.v[3].col == 24);
	ck_assert(strstr(d.v[4].msg, "missing required key 'send'") && d.v[4].col == 8);
	diag_release(&d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

/* A pattern whose repetitions would make regcomp() take gigabytes is
 * refused where it is written (found by fuzz-instrument: the input is in
 * tests/fuzz/corpus/instrument/). */
START_TEST(test_costly_regex_refused)
{
	char *dir = tu_mkdtemp(), *path;
	struct diag d;

	path = tu_write(dir, "costly.yaml",
			"schema: carecert/instrument/1\n"
			"name: X\n"
			"commands:\n"
			"  identify:\n"
			"    send: \"*IDN?\"\n"
			"    expect: '^([^,]*)++++++++++++++++++++++++++++++++++++++++,(.*)$'\n");
	diag_init(&d);
	ck_assert_ptr_null(instrument_driver_load(path, &d));
	ck_assert_uint_eq(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "bad regular expression: repetitions one after the other") &&
			      d.v[0].line == 6 && d.v[0].col == 13,
		      "%u:%u: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
	diag_release(&d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_instrument(void)
{
	Suite *s = suite_create("instrument");
	TCase *tc = tcase_create("driver");

	tcase_add_test(tc, test_nibp_driver_loads);
	tcase_add_test(tc, test_broken_driver_located);
	tcase_add_test(tc, test_costly_regex_refused);
	suite_add_tcase(s, tc);
	return s;
}
