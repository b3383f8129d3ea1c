/* SPDX-License-Identifier: MIT */
/*
 * Descriptive statistics and numerics for the accuracy evaluators.
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

#endif
