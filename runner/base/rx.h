/* SPDX-License-Identifier: MIT */
/*
 * POSIX extended regular expressions from files users write (suites,
 * instrument drivers), compiled within a bound on what compiling costs.
 *
 * glibc's regcomp() copies a repeated sub-expression once per repetition
 * ("x+" becomes "xx*", "x{1,n}" n copies) and recurses once per group, so a
 * short pattern can take the whole machine: "(a{1,1000}){1,1000}" takes
 * 13 GB, "^(a*)+++++" (or "^(((((a*)+)+)+)+)+") and "^a**********P****
 * ******P**********" run for minutes, 30000 nested groups overflow the
 * stack. rx_compile() refuses such a pattern, saying why, before regcomp()
 * sees it: the pattern as its repetitions expand it may hold at most
 * RX_MAX_SIZE elements, nest at most RX_MAX_DEPTH groups, and nest at most
 * RX_MAX_PLUS one-or-more repetitions ('+', "{m,}") inside each other; and
 * no repetition may follow another ("a**", "a+?", "a{2}*"), which POSIX
 * leaves undefined. Nothing written for a real protocol comes near any of
 * these.
 */
#ifndef CARECERT_RX_H
#define CARECERT_RX_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#define RX_MAX_SIZE 256
#define RX_MAX_DEPTH 32
#define RX_MAX_PLUS 3

struct rx_cost {
	size_t size;   /* elements once repetitions are expanded; counting
			* stops past RX_MAX_SIZE */
	size_t depth;  /* deepest group nesting */
	size_t plus;   /* deepest nesting of '+' and "{m,}" */
	bool adjacent; /* a repetition right after another */
};

/* What pattern would cost regcomp(), as rx_compile() counts it. */
void rx_cost(const char *pattern, struct rx_cost *out);

/* Compile pattern with REG_EXTENDED (plus cflags). CC_OK, or CC_EINVAL with
 * a message in err (regerror()'s, or why the pattern is refused); re then
 * holds nothing to free. */
int rx_compile(regex_t *re, const char *pattern, int cflags, char *err,
	       size_t errlen);

#endif
