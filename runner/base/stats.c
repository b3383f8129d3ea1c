/* SPDX-License-Identifier: MIT */
#include "base/stats.h"
#include "base/err.h"

#include <float.h>
#include <math.h>
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
