/* SPDX-License-Identifier: MIT */
#include "base/rx.h"
#include "base/err.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Past a bracket expression at p ('['); returns where it ends (after ']'),
 * or the end of the string when it is not closed (regcomp reports it). */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']') /* a leading ']' is a member */
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char kind = p[1];

			for (p += 2; *p && !(p[0] == kind && p[1] == ']'); p++)
				;
			if (*p)
				p += 2;
			continue;
		}
		p++;
	}
	return *p ? p + 1 : p;
}

static size_t cap_mul(size_t a, size_t b)
{
	return b && a > (RX_MAX_SIZE + 1) / b ? RX_MAX_SIZE + 1 : a * b;
}

static size_t cap_add(size_t a, size_t b)
{
	return a + b > RX_MAX_SIZE + 1 ? RX_MAX_SIZE + 1 : a + b;
}

static size_t max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* "{m}", "{m,}", "{m,n}" or glibc's "{,n}" at p: how many copies regcomp
 * makes (at least 1) with *end after the '}' and *open for "{m,}" (m > 0:
 * one or more); 0 when it is no interval. */
static size_t interval(const char *p, const char **end, int *open)
{
	unsigned long m = 0, n;
	const char *q = p + 1;
	char *e;

	if (!isdigit((unsigned char)*q) &&
	    !(*q == ',' && isdigit((unsigned char)q[1])))
		return 0;
	if (isdigit((unsigned char)*q)) {
		m = strtoul(q, &e, 10);
		q = e;
	}
	n = m;
	*open = 0;
	if (*q == ',') {
		q++;
		if (isdigit((unsigned char)*q)) {
			n = strtoul(q, &e, 10);
			q = e;
		} else {
			n = m + 1; /* m copies and a starred one */
			*open = m > 0;
		}
	}
	if (*q != '}')
		return 0;
	*end = q + 1;
	n = max(n, m);
	return n > RX_MAX_SIZE ? RX_MAX_SIZE + 1 : n ? n : 1;
}

/* Per open group: the size of its finished elements and of the last one,
 * which a repetition that follows multiplies; the same for the nesting of
 * one-or-more repetitions. */
struct level {
	size_t done, last;
	size_t done_plus, last_plus;
};

static void finish(struct level *l)
{
	l->done = cap_add(l->done, l->last);
	l->done_plus = max(l->done_plus, l->last_plus);
	l->last = l->last_plus = 0;
}

void rx_cost(const char *p, struct rx_cost *out)
{
	struct level lv[RX_MAX_DEPTH + 1] = {{0}};
	size_t level = 0;
	bool repeat = false; /* the previous token was a repetition */

	out->size = out->depth = out->plus = 0;
	out->adjacent = false;
	while (*p) {
		struct level *l = &lv[level];
		bool was = repeat;
		const char *end;
		size_t k;
		int open;

		repeat = *p == '*' || *p == '+' || *p == '?' ||
			 (*p == '{' && interval(p, &end, &open));
		if (repeat && was)
			out->adjacent = true;

		switch (*p) {
		case '(':
			if (level == RX_MAX_DEPTH) {
				out->depth =
				    level + 1; /* refused: no need to go on */
				goto out;
			}
			finish(l);
			lv[++level] = (struct level){0};
			out->depth = max(out->depth, level);
			p++;
			break;
		case ')':
			if (level) {
				finish(l);
				level--;
				finish(&lv[level]);
				lv[level].last = l->done ? l->done : 1;
				lv[level].last_plus = l->done_plus;
			} else { /* a literal ')' */
				finish(l);
				l->last = 1;
			}
			p++;
			break;
		case '|':
			finish(l);
			p++;
			break;
		case '+': /* "x+" is "xx*" */
			l->last = cap_mul(l->last, 2);
			out->plus = max(out->plus, ++l->last_plus);
			p++;
			break;
		case '*':
		case '?':
			p++;
			break;
		default:
			if (*p == '{' && (k = interval(p, &end, &open))) {
				l->last = cap_mul(l->last, k);
				if (open)
					out->plus =
					    max(out->plus, ++l->last_plus);
				p = end;
				break;
			}
			finish(l);
			l->last = 1;
			if (*p == '[')
				p = skip_bracket(p);
			else if (*p == '\\' && p[1])
				p += 2;
			else
				p++;
		}
	}
out:
	for (;;) { /* groups left open: regcomp reports them */
		finish(&lv[level]);
		if (!level)
			break;
		level--;
		lv[level].last = lv[level + 1].done;
		lv[level].last_plus = lv[level + 1].done_plus;
	}
	out->size = lv[0].done;
}

int rx_compile(regex_t *re, const char *pattern, int cflags, char *err,
	       size_t errlen)
{
	struct rx_cost c;
	int rc;

	rx_cost(pattern, &c);
	if (c.depth > RX_MAX_DEPTH) {
		snprintf(err, errlen, "groups nested deeper than %d",
			 RX_MAX_DEPTH);
		return CC_EINVAL;
	}
	if (c.adjacent) {
		snprintf(err, errlen,
			 "repetitions one after the other (as in \"a**\"), "
			 "which POSIX leaves undefined");
		return CC_EINVAL;
	}
	if (c.plus > RX_MAX_PLUS) {
		snprintf(err, errlen,
			 "'+' or '{m,}' repeated inside each other more than "
			 "%d deep",
			 RX_MAX_PLUS);
		return CC_EINVAL;
	}
	if (c.size > RX_MAX_SIZE) {
		snprintf(
		    err, errlen,
		    "too complex: its repetitions expand it past %d elements",
		    RX_MAX_SIZE);
		return CC_EINVAL;
	}
	rc = regcomp(re, pattern, REG_EXTENDED | cflags);
	if (rc) {
		regerror(rc, re, err, errlen);
		return CC_EINVAL;
	}
	return CC_OK;
}
