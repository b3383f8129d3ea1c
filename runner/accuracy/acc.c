/* SPDX-License-Identifier: MIT */
#include "accuracy/acc.h"
#include "base/err.h"
#include "base/stats.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

int acc_sample_count(const struct pair *p, size_t n, size_t min_pairs,
		     size_t min_subjects, struct acc_sample *s)
{
	size_t *ids, distinct = 0;

	s->n_pairs = n;
	s->min_pairs = min_pairs ? min_pairs : 1; /* no data cannot pass */
	s->min_subjects = min_subjects;
	/* Subject ids need not be dense, so count them sorted. */
	if (n) {
		ids = malloc(n * sizeof(*ids));
		if (!ids)
			return CC_ENOMEM;
		for (size_t i = 0; i < n; i++)
			ids[i] = p[i].subject;
		qsort(ids, n, sizeof(*ids), cmp_size);
		for (size_t i = 0; i < n; i++)
			distinct += !i || ids[i] != ids[i - 1];
		free(ids);
	}
	s->n_subjects = distinct;
	s->need_pairs = n < s->min_pairs ? s->min_pairs - n : 0;
	s->need_subjects =
	    distinct < min_subjects ? min_subjects - distinct : 0;
	return CC_OK;
}

void acc_sample_why(const struct acc_sample *s, char *why, size_t len)
{
	char more[96];

	if (s->need_pairs && s->need_subjects)
		snprintf(more, sizeof(more),
			 "%zu more pair%s and %zu more subject%s needed",
			 s->need_pairs, s->need_pairs == 1 ? "" : "s",
			 s->need_subjects, s->need_subjects == 1 ? "" : "s");
	else if (s->need_pairs)
		snprintf(more, sizeof(more), "%zu more pair%s needed",
			 s->need_pairs, s->need_pairs == 1 ? "" : "s");
	else if (s->need_subjects)
		snprintf(more, sizeof(more), "%zu more subject%s needed",
			 s->need_subjects, s->need_subjects == 1 ? "" : "s");
	else
		snprintf(more, sizeof(more), "sample size met");
	if (s->min_subjects) /* a bench has points, not subjects: no minimum */
		snprintf(why, len,
			 "inconclusive: %zu pairs from %zu subjects; %s (at least %zu "
			 "pairs from %zu subjects)",
			 s->n_pairs, s->n_subjects, more, s->min_pairs, s->min_subjects);
	else
		snprintf(why, len, "inconclusive: %zu pairs; %s (at least %zu pairs)",
			 s->n_pairs, more, s->min_pairs);
}

void acc_why_add(char *why, size_t len, const char *fmt, ...)
{
	size_t off = strlen(why);
	va_list ap;

	if (off && off + 2 < len) {
		memcpy(why + off, "; ", 3);
		off += 2;
	}
	if (off + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(why + off, len - off, fmt, ap);
	va_end(ap);
}

int acc_diff_stats(const struct pair *p, size_t n, struct acc_diff *out)
{
	double *d;

	out->n = n;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(p[i].reference) || !isfinite(p[i].device))
			return CC_EINVAL;
	d = malloc((n ? n : 1) * sizeof(*d));
	if (!d)
		return CC_ENOMEM;
	for (size_t i = 0; i < n; i++)
		d[i] = p[i].device - p[i].reference;
	out->bias = stats_mean(d, n);
	out->sd = stats_sd(d, n);
	out->arms = stats_rms(d, n);
	free(d);
	return CC_OK;
}
