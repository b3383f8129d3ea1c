/* SPDX-License-Identifier: MIT */
#include "ecg/beatcmp.h"
#include "base/err.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* A chain of pairs: how many, their total |dt|, and the last pair. */
struct score {
	size_t count;
	double cost;
	long pair; /* index into pairs[], -1 for the empty chain */
};

struct pair {
	size_t ref, test; /* indices into the selected ranges */
	long prev;	  /* previous pair in the best chain ending here */
};

static bool better(const struct score *a, const struct score *b)
{
	return a->count > b->count ||
	       (a->count == b->count && a->cost < b->cost);
}

void beatcmp_opts_default(struct beatcmp_opts *o)
{
	*o = (struct beatcmp_opts){
	    .window = BEATCMP_WINDOW, .start = BEATCMP_START, .end = INFINITY};
}

static bool inside(const struct beatcmp_opts *o, double t)
{
	return t >= o->start - BEATCMP_TOLERANCE &&
	       t <= o->end + BEATCMP_TOLERANCE;
}

static bool sorted_finite(const double *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(t[i]) || (i && t[i] < t[i - 1]))
			return false;
	return true;
}

/* First index with t[i] >= x (t sorted). */
static size_t lower(const double *t, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First index with t[i] > x (t sorted). */
static size_t upper(const double *t, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Fenwick tree of prefix maxima over test positions: best chain whose last
 * pair uses a test beat at or before a position.
 */
static void fen_update(struct score *f, size_t m, size_t pos,
		       const struct score *s)
{
	for (size_t k = pos + 1; k <= m; k += k & (~k + 1))
		if (better(s, &f[k]))
			f[k] = *s;
}

/* Best chain using only test beats before position pos. */
static struct score fen_query(const struct score *f, size_t pos)
{
	struct score best = {0, 0, -1};

	for (size_t k = pos; k > 0; k -= k & (~k + 1))
		if (better(&f[k], &best))
			best = f[k];
	return best;
}

static int push_pair(struct pair **v, size_t *n, size_t *alloc,
		     const struct pair *p)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		struct pair *nv = realloc(*v, na * sizeof(*nv));

		if (!nv)
			return CC_ENOMEM;
		*v = nv;
		*alloc = na;
	}
	(*v)[(*n)++] = *p;
	return CC_OK;
}

static size_t count_inside(const struct beatcmp_opts *o, const double *t,
			   size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += inside(o, t[i]);
	return k;
}

int beatcmp_run(const struct beatcmp_opts *o, const double *ref, size_t nref,
		const double *test, size_t ntest, long *ref_match,
		long *test_match, struct beatcmp_result *r)
{
	struct beatcmp_opts def;
	const double tol = BEATCMP_TOLERANCE;
	size_t r0, r1, t0, t1, m, nr, npairs = 0, alloc = 0, tp = 0, fn = 0,
				      fp = 0;
	struct score *fen, best;
	struct pair *pairs = NULL;
	long *tmatch, *rmatch;
	int rc = CC_OK;

	if (!o) {
		beatcmp_opts_default(&def);
		o = &def;
	}
	if (!(o->window > 0) || !isfinite(o->window) || isnan(o->start) ||
	    isnan(o->end) || o->end < o->start || (nref && !ref) ||
	    (ntest && !test) || !sorted_finite(ref, nref) ||
	    !sorted_finite(test, ntest))
		return CC_EINVAL;

	/* Beats up to one window outside the interval take part in the
	 * matching, so a pair across the boundary is found, but only beats
	 * inside are counted. Ranges are contiguous: the lists are sorted. */
	r0 = lower(ref, nref, o->start - o->window - tol);
	r1 = upper(ref, nref, o->end + o->window + tol);
	if (r1 < r0)
		r1 = r0;
	t0 = lower(test, ntest, o->start - o->window - tol);
	t1 = upper(test, ntest, o->end + o->window + tol);
	if (t1 < t0)
		t1 = t0;
	m = t1 - t0;
	nr = r1 - r0;

	fen = calloc(m + 1, sizeof(*fen));
	tmatch = malloc((m ? m : 1) * sizeof(*tmatch));
	rmatch = malloc((nr ? nr : 1) * sizeof(*rmatch));
	if (!fen || !tmatch || !rmatch) {
		rc = CC_ENOMEM;
		goto out;
	}
	for (size_t k = 0; k <= m; k++)
		fen[k] = (struct score){0, 0, -1};

	/* Refs in time order; all of one ref's candidates are scored against
	 * chains of earlier refs before any of them is inserted. */
	for (size_t i = r0, lo = t0; i < r1; i++) {
		size_t first = npairs;

		while (lo < t1 && test[lo] < ref[i] - o->window - tol)
			lo++;
		for (size_t j = lo;
		     j < t1 && test[j] <= ref[i] + o->window + tol; j++) {
			struct pair p = {i - r0, j - t0, -1};

			rc = push_pair(&pairs, &npairs, &alloc, &p);
			if (rc)
				goto out;
		}
		{
			/* scores go in a second pass: fen must not yet hold
			 * this ref's own pairs */
			struct score *tmp =
			    malloc((npairs - first + 1) * sizeof(*tmp));

			if (!tmp) {
				rc = CC_ENOMEM;
				goto out;
			}
			for (size_t k = first; k < npairs; k++) {
				struct score s = fen_query(fen, pairs[k].test);

				pairs[k].prev = s.pair;
				s.count++;
				s.cost +=
				    fabs(test[t0 + pairs[k].test] - ref[i]);
				s.pair = (long)k;
				tmp[k - first] = s;
			}
			for (size_t k = first; k < npairs; k++)
				fen_update(fen, m, pairs[k].test,
					   &tmp[k - first]);
			free(tmp);
		}
	}

	best = fen_query(fen, m);
	for (size_t k = 0; k < m; k++)
		tmatch[k] = BEATCMP_UNMATCHED;
	for (size_t k = 0; k < nr; k++)
		rmatch[k] = BEATCMP_UNMATCHED;
	for (long k = best.pair; k >= 0; k = pairs[k].prev) {
		tmatch[pairs[k].test] = (long)(pairs[k].ref + r0);
		rmatch[pairs[k].ref] = (long)(pairs[k].test + t0);
	}
	/* A pair counts (TP) when its reference beat is inside; unpaired beats
	 * count (FN, FP) when inside; everything else is "outside". */
	for (size_t k = 0; k < nr; k++) {
		if (!inside(o, ref[r0 + k]))
			rmatch[k] = BEATCMP_OUTSIDE;
		else if (rmatch[k] >= 0)
			tp++;
		else
			fn++;
	}
	for (size_t k = 0; k < m; k++) {
		if (tmatch[k] >= 0) {
			if (!inside(o, ref[tmatch[k]]))
				tmatch[k] = BEATCMP_OUTSIDE;
		} else if (inside(o, test[t0 + k])) {
			fp++;
		} else {
			tmatch[k] = BEATCMP_OUTSIDE;
		}
	}
	if (ref_match)
		for (size_t i = 0; i < nref; i++)
			ref_match[i] = (i >= r0 && i < r1) ? rmatch[i - r0]
							   : BEATCMP_OUTSIDE;
	if (test_match)
		for (size_t j = 0; j < ntest; j++)
			test_match[j] = (j >= t0 && j < t1) ? tmatch[j - t0]
							    : BEATCMP_OUTSIDE;
	r->tp = tp;
	r->fn = fn;
	r->fp = fp;
	r->nref_in = count_inside(o, ref, nref);
	r->ntest_in = count_inside(o, test, ntest);
	r->se = tp + fn ? (double)tp / (double)(tp + fn) : NAN;
	r->ppv = tp + fp ? (double)tp / (double)(tp + fp) : NAN;
out:
	free(pairs);
	free(fen);
	free(tmatch);
	free(rmatch);
	return rc;
}

int beatcmp_run_samples(const struct beatcmp_opts *o, double fs,
			const long *ref, size_t nref, const long *test,
			size_t ntest, long *ref_match, long *test_match,
			struct beatcmp_result *r)
{
	double *rt, *tt;
	int rc;

	if (!(fs > 0) || !isfinite(fs) || (nref && !ref) || (ntest && !test))
		return CC_EINVAL;
	rt = malloc((nref ? nref : 1) * sizeof(*rt));
	tt = malloc((ntest ? ntest : 1) * sizeof(*tt));
	if (!rt || !tt) {
		free(rt);
		free(tt);
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < nref; i++)
		rt[i] = (double)ref[i] / fs;
	for (size_t i = 0; i < ntest; i++)
		tt[i] = (double)test[i] / fs;
	rc = beatcmp_run(o, rt, nref, tt, ntest, ref_match, test_match, r);
	free(rt);
	free(tt);
	return rc;
}
