/* SPDX-License-Identifier: MIT */
/*
 * Descriptive statistics and numerics for the accuracy evaluators, and
 * proportions with their confidence intervals (detection performance).
 *
 * Pure functions: no allocation except stats_percentile(), no I/O, no
 * state. Inputs must be finite; a NaN or infinity in, NaN out.
 *
 * Definitions (say them in reports, since tools differ):
 * - stats_sd() is the sample standard deviation, dividing by n - 1.
 * - stats_percentile() interpolates linearly between order statistics:
 *   for sorted x[0..n-1] and p in [0, 100], h = (n - 1) p / 100 and the
 *   result is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 *   This is Hyndman & Fan type 7, the default of R, NumPy and Excel's
 *   PERCENTILE.INC.
 */
#ifndef CARECERT_STATS_H
#define CARECERT_STATS_H

#include <stddef.h>

/* Arithmetic mean; NaN when n == 0. */
double stats_mean(const double *x, size_t n);

/* Sample standard deviation (n - 1 denominator, two-pass); NaN when n < 2. */
double stats_sd(const double *x, size_t n);

/* Root mean square sqrt(sum x^2 / n); NaN when n == 0. Applied to
 * differences this is Arms (ISO 80601-2-61). */
double stats_rms(const double *x, size_t n);

/* Percentile p (0..100) of sorted x (ascending), definition above.
 * CC_EINVAL when n == 0, p outside 0..100 or not a number. */
int stats_percentile_sorted(const double *x, size_t n, double p, double *out);

/* The same for unsorted x: sorts a private copy (x is untouched).
 * CC_EINVAL as above or when x holds a non-finite value; CC_ENOMEM. */
int stats_percentile(const double *x, size_t n, double p, double *out);

/* Standard normal cumulative distribution Phi(x) = erfc(-x / sqrt 2) / 2
 * (erfc keeps precision in the lower tail, where 1 + erf would cancel). */
double stats_norm_cdf(double x);

/* Find x in [lo, hi] with f(x) = 0 by Brent's method (bisection safeguarded
 * inverse quadratic interpolation), so it always converges when f is
 * continuous and f(lo), f(hi) differ in sign. The result is within tol
 * (plus a few ulps) of a root. CC_EINVAL when lo >= hi, tol <= 0, the ends
 * do not bracket a root, f returns a non-finite value, or the iteration
 * does not converge (only for a discontinuous f). */
int stats_root(double (*f)(double x, void *ctx), void *ctx, double lo,
	       double hi, double tol, double *root);

/* Wilson score interval of a proportion (Wilson 1927): successes of n
 * trials, z the normal quantile (1.96 for 95 %):
 *   (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), p = s/n.
 * *lo and *hi are in [0, 1]; 0 successes give lo = 0 exactly and n
 * successes hi = 1 exactly. CC_EINVAL when n == 0, successes > n, or z is
 * not a finite number above 0 (nothing written). */
int stats_wilson(size_t successes, size_t n, double z, double *lo, double *hi);

/* The claim rule for a proportion ("Se >= 95 %"), judged on the Wilson
 * interval: the claim HOLDS only when the lower bound meets the target; it
 * is REFUTED when even the upper bound misses it; otherwise the trials are
 * too few to tell (INCONCLUSIVE). */
enum stats_claim_verdict {
	STATS_CLAIM_HOLDS,
	STATS_CLAIM_INCONCLUSIVE,
	STATS_CLAIM_REFUTED,
};

struct stats_claim {
	enum stats_claim_verdict verdict;
	double p;      /* observed proportion s / n */
	double lo, hi; /* the Wilson interval */
	/* When inconclusive, how many more trials are needed:
	 * more_min: the fewest further trials that could make the claim hold,
	 *   every one of them a success (0 when not inconclusive);
	 * more_at_rate: further trials needed if the observed proportion
	 *   held on, SIZE_MAX when it never could (p at or below the target,
	 *   or beyond STATS_CLAIM_MAX_TRIALS), 0 when not inconclusive. */
	size_t more_min, more_at_rate;
};

/* Searches for more trials stop here (a claim that needs more is not one a
 * bench can settle). */
#define STATS_CLAIM_MAX_TRIALS 1000000u

/* Judge "proportion >= target" (target in (0, 1)) from successes of n.
 * CC_EINVAL as stats_wilson, or when target is not in (0, 1). */
int stats_claim_judge(size_t successes, size_t n, double z, double target,
		      struct stats_claim *out);

/* Exact (Garwood) interval of a Poisson mean from k events: lo solves
 * P(X >= k) = alpha/2 and hi P(X <= k) = alpha/2, alpha = 1 - conf (lo 0
 * when k is 0; for k = 0 and conf 0.95, hi = -ln 0.025 = 3.689). Divide
 * by the exposure for a rate (false alarms per hour). CC_EINVAL when k >
 * STATS_POISSON_MAX or conf not in (0, 1). */
#define STATS_POISSON_MAX 1000000u
int stats_poisson_interval(size_t k, double conf, double *lo, double *hi);

/* "holds", "inconclusive", "refuted". */
const char *stats_claim_name(enum stats_claim_verdict v);

#endif
