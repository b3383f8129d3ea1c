/* SPDX-License-Identifier: MIT */
#include "base/stats.h"
#include "base/err.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Brent's method halves the bracket at least every few steps, so a double
 * interval shrinks to tol long before this. */
#define STATS_ROOT_MAX_ITER 300

double stats_mean(const double *x, size_t n)
{
	double s = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

double stats_sd(const double *x, size_t n)
{
	double m, ss = 0;

	if (n < 2)
		return NAN;
	/* Two passes: summing x^2 - n m^2 cancels badly for readings near
	 * 100 with differences of a few tenths. */
	m = stats_mean(x, n);
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

double stats_rms(const double *x, size_t n)
{
	double ss = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		ss += x[i] * x[i];
	return sqrt(ss / (double)n);
}

int stats_percentile_sorted(const double *x, size_t n, double p, double *out)
{
	double h, fl;
	size_t k;

	if (!n || !(p >= 0 && p <= 100))
		return CC_EINVAL;
	h = (double)(n - 1) * p / 100.0;
	fl = floor(h);
	k = (size_t)fl;
	if (k >= n - 1) {
		*out = x[n - 1];
		return CC_OK;
	}
	*out = x[k] + (h - fl) * (x[k + 1] - x[k]);
	return CC_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int stats_percentile(const double *x, size_t n, double p, double *out)
{
	double *s;
	int rc;

	if (!n || !(p >= 0 && p <= 100))
		return CC_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return CC_EINVAL;
	s = malloc(n * sizeof(*s));
	if (!s)
		return CC_ENOMEM;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	rc = stats_percentile_sorted(s, n, p, out);
	free(s);
	return rc;
}

double stats_norm_cdf(double x)
{
	return 0.5 * erfc(-x * 0.70710678118654752440);
}

static int same_sign(double a, double b)
{
	return (a > 0 && b > 0) || (a < 0 && b < 0);
}

/* Brent (1973), in the form of Numerical Recipes' zbrent. */
int stats_root(double (*f)(double x, void *ctx), void *ctx, double lo,
	       double hi, double tol, double *root)
{
	double a = lo, b = hi, c, d, e, fa, fb, fc;

	if (!(lo < hi) || !(tol > 0) || !isfinite(lo) || !isfinite(hi))
		return CC_EINVAL;
	fa = f(a, ctx);
	fb = f(b, ctx);
	if (!isfinite(fa) || !isfinite(fb) || same_sign(fa, fb))
		return CC_EINVAL;
	if (fa == 0) {
		*root = a;
		return CC_OK;
	}
	c = b;
	fc = fb;
	d = e = b - a;
	for (int it = 0; it < STATS_ROOT_MAX_ITER; it++) {
		double tol1, xm;

		if (same_sign(fb, fc)) {
			c = a;
			fc = fa;
			d = e = b - a;
		}
		if (fabs(fc) < fabs(fb)) {
			a = b;
			b = c;
			c = a;
			fa = fb;
			fb = fc;
			fc = fa;
		}
		tol1 = 2 * DBL_EPSILON * fabs(b) + 0.5 * tol;
		xm = 0.5 * (c - b);
		if (fabs(xm) <= tol1 || fb == 0) {
			*root = b;
			return CC_OK;
		}
		if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
			double p, q, r, s = fb / fa, min1, min2;

			if (a == c) { /* secant */
				p = 2 * xm * s;
				q = 1 - s;
			} else { /* inverse quadratic */
				q = fa / fc;
				r = fb / fc;
				p = s *
				    (2 * xm * q * (q - r) - (b - a) * (r - 1));
				q = (q - 1) * (r - 1) * (s - 1);
			}
			if (p > 0)
				q = -q;
			p = fabs(p);
			min1 = 3 * xm * q - fabs(tol1 * q);
			min2 = fabs(e * q);
			if (2 * p < (min1 < min2 ? min1 : min2)) {
				e = d;
				d = p / q;
			} else { /* interpolation too slow: bisect */
				d = xm;
				e = d;
			}
		} else {
			d = xm;
			e = d;
		}
		a = b;
		fa = fb;
		b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
		fb = f(b, ctx);
		if (!isfinite(fb))
			return CC_EINVAL;
	}
	return CC_EINVAL; /* no convergence: f is not continuous */
}

int stats_wilson(size_t successes, size_t n, double z, double *lo, double *hi)
{
	double p, z2n, den, mid, half;

	if (!n || successes > n || !(z > 0) || !isfinite(z))
		return CC_EINVAL;
	p = (double)successes / (double)n;
	z2n = z * z / (double)n;
	den = 1 + z2n;
	mid = (p + z2n / 2) / den;
	half = z * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n)) / den;
	/* the bounds are exact at the ends; rounding must not move them */
	*lo = successes == 0 ? 0 : fmax(0, mid - half);
	*hi = successes == n ? 1 : fmin(1, mid + half);
	return CC_OK;
}

static double wilson_lo(size_t s, size_t n, double z)
{
	double lo, hi;

	return stats_wilson(s, n, z, &lo, &hi) ? NAN : lo;
}

/* Smallest k in [1, cap - n] with lo(s + k, n + k) >= target; the lower
 * bound grows with every success, so a binary search finds it. */
static size_t more_all_success(size_t s, size_t n, double z, double target)
{
	size_t a = 1, b = STATS_CLAIM_MAX_TRIALS - n;

	if (n >= STATS_CLAIM_MAX_TRIALS || wilson_lo(s + b, n + b, z) < target)
		return SIZE_MAX;
	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (wilson_lo(s + m, n + m, z) >= target)
			b = m;
		else
			a = m + 1;
	}
	return a;
}

/* Smallest N > n with lo(round(p N), N) >= target. Through the rounding
 * of the successes the bound is not monotonic in N, so the walk is linear
 * (at most STATS_CLAIM_MAX_TRIALS steps, a few milliseconds). */
static size_t more_at_rate(double p, size_t n, double z, double target)
{
	if (!(p > target))
		return SIZE_MAX;
	for (size_t m = n + 1; m <= STATS_CLAIM_MAX_TRIALS; m++)
		if (wilson_lo((size_t)llround(p * (double)m), m, z) >= target)
			return m - n;
	return SIZE_MAX;
}

int stats_claim_judge(size_t successes, size_t n, double z, double target,
		      struct stats_claim *out)
{
	struct stats_claim c = { 0 };

	if (!(target > 0 && target < 1) ||
	    stats_wilson(successes, n, z, &c.lo, &c.hi))
		return CC_EINVAL;
	c.p = (double)successes / (double)n;
	if (c.lo >= target)
		c.verdict = STATS_CLAIM_HOLDS;
	else if (c.hi < target)
		c.verdict = STATS_CLAIM_REFUTED;
	else {
		c.verdict = STATS_CLAIM_INCONCLUSIVE;
		c.more_min = more_all_success(successes, n, z, target);
		c.more_at_rate = more_at_rate(c.p, n, z, target);
	}
	*out = c;
	return CC_OK;
}

struct poisson_ctx {
	size_t k;
	double target; /* the probability sought */
	bool upper;    /* P(X <= k) (upper end) or P(X >= k) (lower end) */
};

/* P(X <= k) for mean lam, summed in logs (no overflow for large k). */
static double poisson_cdf(size_t k, double lam)
{
	double s = 0, lt = -lam; /* log of the term for i = 0 */

	if (lam <= 0)
		return 1;
	for (size_t i = 0; i <= k; i++) {
		if (i)
			lt += log(lam) - log((double)i);
		s += exp(lt);
	}
	return s > 1 ? 1 : s;
}

static double poisson_gap(double lam, void *ctx)
{
	const struct poisson_ctx *c = ctx;

	if (c->upper)
		return poisson_cdf(c->k, lam) - c->target;
	/* P(X >= k) = 1 - P(X <= k - 1) */
	return 1 - poisson_cdf(c->k - 1, lam) - c->target;
}

int stats_poisson_interval(size_t k, double conf, double *lo, double *hi)
{
	struct poisson_ctx c = { .k = k };
	double top = (double)k + 20 + 10 * sqrt((double)k + 1);

	if (k > STATS_POISSON_MAX || !(conf > 0 && conf < 1))
		return CC_EINVAL;
	c.target = (1 - conf) / 2;
	c.upper = true;
	if (stats_root(poisson_gap, &c, 0, top, 1e-10, hi))
		return CC_EINVAL;
	*lo = 0;
	if (k) {
		c.upper = false;
		if (stats_root(poisson_gap, &c, 0, (double)k, 1e-10, lo))
			return CC_EINVAL;
	}
	return CC_OK;
}

const char *stats_claim_name(enum stats_claim_verdict v)
{
	switch (v) {
	case STATS_CLAIM_HOLDS:
		return "holds";
	case STATS_CLAIM_INCONCLUSIVE:
		return "inconclusive";
	case STATS_CLAIM_REFUTED:
		return "refuted";
	}
	return "?";
}
