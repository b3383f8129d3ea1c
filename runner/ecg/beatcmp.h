/* SPDX-License-Identifier: MIT */
/*
 * Beat-by-beat comparison of a test beat list against reference beats, as
 * ANSI/AAMI EC57 describes and WFDB's bxb does it for QRS detection:
 *
 *  - A test beat matches a reference beat when |t_test - t_ref| <= window
 *    (150 ms by default, inclusive; times are compared with a 1e-9 s
 *    tolerance so 0.150 s in binary floating point still counts).
 *  - Each reference beat and each test beat is used in at most one pair.
 *  - Pairing: of all pairings allowed by the window, the one with the most
 *    pairs; among those, the smallest total |t_test - t_ref|. Computed
 *    exactly (such a pairing never crosses, so a chain search over the
 *    candidate pairs in time order finds it in O(P log n), P = candidate
 *    pairs). Unlike a greedy "nearest first" pass it never loses a pair to a
 *    nearer but otherwise unmatched neighbour.
 *  - Interval: only beats with start <= t <= end are counted, but beats up
 *    to one window outside take part in the pairing, so a pair across the
 *    boundary is not split into an FN and an FP. A pair is a TP when its
 *    reference beat is inside. EC57 starts 5 minutes into a record (the
 *    default); use 0 for short records.
 *  - FN = reference beats inside without a partner, FP = test beats inside
 *    without a partner (a test beat paired with a reference beat outside
 *    is neither).
 *    Se = TP / (TP + FN), +P = TP / (TP + FP); NaN when the denominator is 0.
 *
 * Beat lists are times in seconds, sorted (non-decreasing) and finite;
 * otherwise CC_EINVAL. No allocation survives a call; CC_ENOMEM is possible.
 */
#ifndef CARECERT_BEATCMP_H
#define CARECERT_BEATCMP_H

#include <stddef.h>

#define BEATCMP_WINDOW 0.150   /* s, EC57 match window */
#define BEATCMP_START 300.0    /* s, EC57: comparison starts 5 min in */
#define BEATCMP_TOLERANCE 1e-9 /* s, for comparing times to the window */

/* Values of ref_match[] / test_match[] other than a partner's index. */
#define BEATCMP_UNMATCHED (-1L) /* counted: FN (reference) or FP (test) */
#define BEATCMP_OUTSIDE                                                        \
	(-2L) /* not counted: outside the interval, or                         \
	       * paired with a reference beat outside */

struct beatcmp_opts {
	double window; /* s, > 0 */
	double start;  /* s */
	double end;    /* s, >= start; INFINITY for the end of the record */
};

struct beatcmp_result {
	size_t tp, fn, fp;
	/* beats with start <= t <= end (the interval judged; nref_in is
	 * always tp + fn), beside the lists' whole lengths */
	size_t nref_in, ntest_in;
	double se;  /* sensitivity, NaN if tp + fn == 0 */
	double ppv; /* positive predictivity +P, NaN if tp + fp == 0 */
};

/* window BEATCMP_WINDOW, start BEATCMP_START, end INFINITY */
void beatcmp_opts_default(struct beatcmp_opts *o);

/*
 * Compare. o NULL means the defaults. ref_match (nref entries) and
 * test_match (ntest entries) may be NULL; if given they receive, for each
 * beat, the index of its partner in the other list (only for pairs that
 * count as TP), or BEATCMP_UNMATCHED / BEATCMP_OUTSIDE. *r is written only
 * on success.
 */
int beatcmp_run(const struct beatcmp_opts *o, const double *ref, size_t nref,
		const double *test, size_t ntest, long *ref_match,
		long *test_match, struct beatcmp_result *r);

/* The same with beat times in samples at fs Hz (fs > 0). */
int beatcmp_run_samples(const struct beatcmp_opts *o, double fs,
			const long *ref, size_t nref, const long *test,
			size_t ntest, long *ref_match, long *test_match,
			struct beatcmp_result *r);

#endif
