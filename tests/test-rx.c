/* SPDX-License-Identifier: MIT */
/*
 * Regular expressions from users' files: what glibc's regcomp() would
 * expand is counted, and patterns that would take the machine are refused
 * before regcomp() sees them (found by fuzz-instrument: "(x+++...+)" and
 * "(a{1,1000}){1,1000}" took gigabytes, "^([^,]*)+++++" minutes, deep
 * nesting overflowed the stack; by fuzz-rx: "^a****...P****..." minutes).
 */
#include <check.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/rx.h"

START_TEST(test_rx_cost)
{
	static const struct {
		const char *pattern;
		size_t size, depth, plus;
	} t[] = {
	    {"abc", 3, 0, 0},
	    {"a+", 2, 0, 1},
	    {"a*b?", 2, 0, 0},
	    {"(ab)+", 4, 1, 1},
	    {"a{3}", 3, 0, 0},
	    {"a{2,5}", 5, 0, 0},
	    {"a{4,}", 5, 0, 1},
	    {"a{0,}", 1, 0, 0},
	    {"a{,6}", 6, 0, 0},
	    {"a{x}", 4, 0, 0}, /* no interval: literal characters */
	    {"[]a-z{}+]{2}", 2, 0, 0},
	    {"[[:digit:]]+", 2, 0, 1},
	    {"\\(a\\)+", 4, 0, 1},
	    {"(a|bc)d", 4, 1, 0},
	    {"((a)(b))", 2, 2, 0},
	    {"^CLK,([0-9]{4})-([0-9]{2})-([0-9]{2})$", 16, 1, 0},
	    {"^([0-9.]+),([0-9]+)+$", 9, 1, 2},
	    {"(a{1,16}){1,16}", 256, 1, 0},
	    {"(a{1,17}){1,16}", RX_MAX_SIZE + 1, 1, 0},
	    {"(a+++++++++)", RX_MAX_SIZE + 1, 1, 9},
	    {"^(((a*)+)+)+", 9, 3, 3},
	    {"(((a+", 2, 3, 1},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct rx_cost c;

		rx_cost(t[i].pattern, &c);
		ck_assert_msg(c.size == t[i].size && c.depth == t[i].depth &&
				  c.plus == t[i].plus,
			      "%s: size %zu depth %zu plus %zu", t[i].pattern,
			      c.size, c.depth, c.plus);
	}
}
END_TEST

START_TEST(test_rx_adjacent)
{
	struct rx_cost c;

	rx_cost("(a+++++++++)", &c);
	ck_assert(c.adjacent);
	rx_cost("a*b+c?d{2}(e*)*[*+]\\*", &c);
	ck_assert(!c.adjacent);
}
END_TEST

START_TEST(test_rx_compile)
{
	char deep[2 * 30000 + 2], err[160];
	regex_t re;

	ck_assert_int_eq(
	    rx_compile(&re, "^ID,([^,]*),([^,]*)$", 0, err, sizeof(err)),
	    CC_OK);
	ck_assert_int_eq(regexec(&re, "ID,Acme,BP-1", 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_int_eq(rx_compile(&re, "^(OK$", 0, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_msg(strstr(err, "parenthes") || strstr(err, "("), "%s", err);
	ck_assert_int_eq(rx_compile(&re, "^(((a*)+)+)+$", 0, err, sizeof(err)),
			 CC_OK);
	regfree(&re);
	/* each refused at once (regcomp took 13 GB, ran for minutes, or
	 * crashed) */
	ck_assert_int_eq(
	    rx_compile(&re, "(a{1,1000}){1,1000}", 0, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert_str_eq(
	    err, "too complex: its repetitions expand it past 256 elements");
	ck_assert_int_eq(
	    rx_compile(&re,
		       "^([^,]*)++++++++++++++++++++++++++++++++++++++++,(.*)$",
		       0, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert_str_eq(err,
			 "repetitions one after the other (as in \"a**\"), "
			 "which POSIX leaves undefined");
	ck_assert_int_eq(
	    rx_compile(&re, "^([^,]*)+++++++]*),(.*)$", 0, err, sizeof(err)),
	    CC_EINVAL);
	/* found by fuzz-rx: stars one after the other, minutes in regcomp */
	ck_assert_int_eq(
	    rx_compile(&re,
		       "^\xaa**************P********P**********************P*"
		       "*******P**********",
		       0, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert_int_eq(rx_compile(&re, "a*?", 0, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_int_eq(rx_compile(&re, "a{2}*", 0, err, sizeof(err)),
			 CC_EINVAL);
	ck_assert_int_eq(rx_compile(&re, "(a*)*[*+]\\*", 0, err, sizeof(err)),
			 CC_OK);
	regfree(&re);
	ck_assert_int_eq(
	    rx_compile(&re, "^(((((a*)+)+)+)+)+", 0, err, sizeof(err)),
	    CC_EINVAL);
	ck_assert_str_eq(
	    err, "'+' or '{m,}' repeated inside each other more than 3 deep");
	ck_assert_int_eq(rx_compile(&re, "^(((((a*){1,}){1,}){1,}){1,}){1,}", 0,
				    err, sizeof(err)),
			 CC_EINVAL);
	memset(deep, '(', 30000);
	deep[30000] = 'a';
	memset(deep + 30001, ')', 30000);
	deep[60001] = 0;
	ck_assert_int_eq(rx_compile(&re, deep, 0, err, sizeof(err)), CC_EINVAL);
	ck_assert_str_eq(err, "groups nested deeper than 32");
}
END_TEST

Suite *suite_rx(void)
{
	Suite *s = suite_create("rx");
	TCase *tc = tcase_create("rx");

	tcase_add_test(tc, test_rx_cost);
	tcase_add_test(tc, test_rx_adjacent);
	tcase_add_test(tc, test_rx_compile);
	suite_add_tcase(s, tc);
	return s;
}
