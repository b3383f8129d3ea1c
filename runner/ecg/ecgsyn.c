/* SPDX-License-Identifier: MIT */
#include "ecg/ecgsyn.h"
#include "base/err.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NWAVES 5
#define RR_MIN_POINTS 256 /* RR spectrum resolution: at least 1/256 Hz */
#define RR_FLOOR 0.5	  /* RR never below half the mean */
#define PEAK_SEARCH 0.125 /* +/- fraction of mean RR around a crossing */
#define MAX_PENDING 4
#define WARMUP_SEC 2.0 /* model time run before the output starts */

static const double wave_deg[NWAVES] = {-70, -15, 0, 15, 100};
static const double wave_a[NWAVES] = {1.2, -5, 30, -7.5, 0.75};
static const double wave_b[NWAVES] = {0.25, 0.1, 0.1, 0.1, 0.4};

/* xoshiro256** (Blackman and Vigna), state seeded by splitmix64, so a seed
 * gives the same numbers everywhere and no global state is involved. */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1) with 53 random bits. */
static double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return CC_EINVAL;
}

void ecgsyn_params_default(struct ecgsyn_params *p)
{
	*p = (struct ecgsyn_params){.duration = 60,
				    .fs = 256,
				    .fs_int = 0,
				    .hr_mean = 60,
				    .hr_std = 1,
				    .lf_hf = 0.5,
				    .noise = 0,
				    .seed = 1};
}

/* In-place radix-2 FFT of n (a power of two) points; sign -1 forward,
 * +1 inverse (unscaled). */
static void fft(double *re, double *im, size_t n, int sign)
{
	for (size_t i = 1, j = 0; i < n; i++) {
		size_t bit = n >> 1;

		for (; j & bit; bit >>= 1)
			j ^= bit;
		j |= bit;
		if (i < j) {
			double t = re[i];

			re[i] = re[j];
			re[j] = t;
			t = im[i];
			im[i] = im[j];
			im[j] = t;
		}
	}
	for (size_t len = 2; len <= n; len <<= 1) {
		double ang = sign * 2 * M_PI / (double)len;

		for (size_t i = 0; i < n; i += len) {
			for (size_t k = 0; k < len / 2; k++) {
				/* direct cos/sin per twiddle: no drift */
				double wr = cos(ang * (double)k);
				double wi = sin(ang * (double)k);
				size_t a = i + k, b = i + k + len / 2;
				double xr = re[b] * wr - im[b] * wi;
				double xi = re[b] * wi + im[b] * wr;

				re[b] = re[a] - xr;
				im[b] = im[a] - xi;
				re[a] += xr;
				im[a] += xi;
			}
		}
	}
}

static double gauss(double f, double f0, double sd)
{
	return exp(-0.5 * (f - f0) * (f - f0) / (sd * sd)) /
	       sqrt(2 * M_PI * sd * sd);
}

/*
 * RR fluctuation at 1 Hz, n points (a power of two): amplitude sqrt(S(f))
 * with S the two-Gaussian spectrum, uniform random phases, Hermitian
 * symmetry so the inverse FFT is real. dev[i] is the deviation from the
 * series' mean and *sd its SD (n - 1); rr_scale() makes RR of it.
 */
static int rr_process(const struct ecgsyn_params *p, struct rng *rng, size_t n,
		      double *dev, double *sd)
{
	double *im = calloc(n, sizeof(*im));
	double mean = 0, var = 0;

	if (!im)
		return CC_ENOMEM;
	memset(dev, 0, n * sizeof(*dev));
	for (size_t k = 1; k < n / 2; k++) {
		double f = (double)k / (double)n;
		double s =
		    p->lf_hf * gauss(f, 0.1, 0.01) + gauss(f, 0.25, 0.01);
		double amp = sqrt(s), ph = 2 * M_PI * rng_uniform(rng);

		dev[k] = amp * cos(ph);
		im[k] = amp * sin(ph);
		dev[n - k] = dev[k];
		im[n - k] = -im[k];
	}
	fft(dev, im, n, +1);
	for (size_t i = 0; i < n; i++)
		mean += dev[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		var += (dev[i] - mean) * (dev[i] - mean);
	*sd = sqrt(var / (double)(n - 1));
	for (size_t i = 0; i < n; i++)
		dev[i] -= mean;
	free(im);
	return CC_OK;
}

/* The RR series for one mean rate: scaled to mean 60/hr s and SD
 * 60*hr_std/hr^2 s, held at no less than half the mean. */
static void rr_scale(const double *dev, double sd, size_t n, double hr,
		     double hr_std, double *rr)
{
	double rrmean = 60 / hr, rrstd = 60 * hr_std / (hr * hr);

	for (size_t i = 0; i < n; i++) {
		double v = rrmean;

		if (sd > 0)
			v += dev[i] * rrstd / sd;
		rr[i] = v < RR_FLOOR * rrmean ? RR_FLOOR * rrmean : v;
	}
}

/* The mean rate of segment k: hr_mean, then each change's. */
static double seg_hr(const struct ecgsyn_params *p, size_t k)
{
	return k ? p->changes[k - 1].hr : p->hr_mean;
}

/* The segment in force at record time t (negative: the warm-up). */
static size_t seg_at(const struct ecgsyn_params *p, double t)
{
	size_t k = 0;

	while (k < p->nchanges && t >= p->changes[k].at)
		k++;
	return k;
}

/* Wave angles and widths for a heart rate (the paper's scaling). */
struct model {
	double ti[NWAVES], ai[NWAVES], bi[NWAVES];
};

static void model_init(struct model *m, double hr)
{
	double f1 = sqrt(hr / 60), f2 = sqrt(f1);
	const double tscale[NWAVES] = {f2, f1, 1, f1, f2};

	for (int i = 0; i < NWAVES; i++) {
		m->ti[i] = wave_deg[i] * M_PI / 180 * tscale[i];
		m->ai[i] = wave_a[i];
		m->bi[i] = wave_b[i] * f1;
	}
}

static void derivs(const struct model *m, double t, double w, const double *s,
		   double *d)
{
	double x = s[0], y = s[1], z = s[2];
	double alpha = 1 - sqrt(x * x + y * y), th = atan2(y, x);
	double z0 = 0.005 * sin(2 * M_PI * 0.25 * t), dz = 0;

	for (int i = 0; i < NWAVES; i++) {
		/* fmod keeps the sign: waves stay two-sided (accuracy.md) */
		double dth = fmod(th - m->ti[i], 2 * M_PI);

		dz -= m->ai[i] * dth *
		      exp(-dth * dth / (2 * m->bi[i] * m->bi[i]));
	}
	d[0] = alpha * x - w * y;
	d[1] = alpha * y + w * x;
	d[2] = dz - (z - z0);
}

static void rk4(const struct model *m, double t, double h, double w, double *s)
{
	double k1[3], k2[3], k3[3], k4[3], tmp[3];

	derivs(m, t, w, s, k1);
	for (int i = 0; i < 3; i++)
		tmp[i] = s[i] + h / 2 * k1[i];
	derivs(m, t + h / 2, w, tmp, k2);
	for (int i = 0; i < 3; i++)
		tmp[i] = s[i] + h / 2 * k2[i];
	derivs(m, t + h / 2, w, tmp, k3);
	for (int i = 0; i < 3; i++)
		tmp[i] = s[i] + h * k3[i];
	derivs(m, t + h, w, tmp, k4);
	for (int i = 0; i < 3; i++)
		s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/* RR at model time t, linear between the 1 Hz points. */
static double rr_at(const double *rr, size_t n, double t)
{
	size_t i = (size_t)t;
	double f = t - (double)i;

	if (i + 1 >= n)
		return rr[n - 1];
	return rr[i] * (1 - f) + rr[i + 1] * f;
}

static int check_params(const struct ecgsyn_params *p, double *fs_int,
			size_t *q, char *err, size_t errlen)
{
	double r;

	if (!(p->duration > 0 && p->duration <= ECGSYN_MAX_DURATION))
		return fail(err, errlen,
			    "ecgsyn: duration %g s outside (0, %g]",
			    p->duration, ECGSYN_MAX_DURATION);
	if (!(p->fs >= 50 && p->fs <= 10000))
		return fail(err, errlen, "ecgsyn: fs %g Hz outside 50...10000",
			    p->fs);
	if (!(p->hr_mean >= 20 && p->hr_mean <= 300))
		return fail(err, errlen,
			    "ecgsyn: mean heart rate %g outside "
			    "20...300 bpm",
			    p->hr_mean);
	if (!(p->hr_std >= 0 && p->hr_std <= p->hr_mean / 5))
		return fail(err, errlen,
			    "ecgsyn: heart rate SD %g outside "
			    "0...%g bpm",
			    p->hr_std, p->hr_mean / 5);
	if (!(p->lf_hf > 0 && isfinite(p->lf_hf)))
		return fail(err, errlen, "ecgsyn: LF/HF ratio %g not > 0",
			    p->lf_hf);
	if (!(p->noise >= 0 && isfinite(p->noise)))
		return fail(err, errlen, "ecgsyn: noise %g not >= 0", p->noise);
	if (p->nchanges > ECGSYN_MAX_CHANGES)
		return fail(err, errlen,
			    "ecgsyn: %zu rate changes, more than %d",
			    p->nchanges, ECGSYN_MAX_CHANGES);
	for (size_t k = 0; k < p->nchanges; k++) {
		const struct ecgsyn_rate_change *c = &p->changes[k];

		if (!(c->at > (k ? p->changes[k - 1].at : 0) &&
		      c->at < p->duration))
			return fail(err, errlen,
				    "ecgsyn: rate change %zu at %g s is not "
				    "after the previous one and before the end",
				    k + 1, c->at);
		if (!(c->hr >= 20 && c->hr <= 300 && p->hr_std <= c->hr / 5))
			return fail(err, errlen,
				    "ecgsyn: rate change %zu to %g bpm outside "
				    "20...300 bpm (or heart rate SD %g over a "
				    "fifth of it)",
				    k + 1, c->hr, p->hr_std);
	}
	*fs_int = p->fs_int;
	if (*fs_int == 0)
		*fs_int = p->fs * ceil(ECGSYN_FS_INT / p->fs - 1e-9);
	r = *fs_int / p->fs;
	if (!(r >= 1 && fabs(r - round(r)) < 1e-9 && *fs_int <= 100000))
		return fail(err, errlen,
			    "ecgsyn: internal rate %g Hz is not an "
			    "integer multiple of fs %g Hz (or over 100 kHz)",
			    *fs_int, p->fs);
	*q = (size_t)round(r);
	if (p->duration * p->fs > ECGSYN_MAX_SAMPLES)
		return fail(err, errlen, "ecgsyn: %g samples, more than %u",
			    p->duration * p->fs, ECGSYN_MAX_SAMPLES);
	return CC_OK;
}

/* Crossings waiting for the samples after them, and a ring of recent z. */
struct peaks {
	double *zring;
	size_t ring, half; /* ring size, search half-width in steps */
	size_t pend[MAX_PENDING], npend;
	double *t;
	size_t n, alloc;
};

/* All ring samples for crossing c are in: find the z maximum near c. */
static int refine(struct peaks *pk, size_t c, size_t now, size_t n0,
		  double fs_int)
{
	size_t lo = c > pk->half ? c - pk->half : 0, hi = c + pk->half, m = lo;
	double delta = 0;

	if (hi > now)
		hi = now;
	for (size_t i = lo; i <= hi; i++)
		if (pk->zring[i % pk->ring] > pk->zring[m % pk->ring])
			m = i;
	if (m > lo && m < hi) {
		double a = pk->zring[(m - 1) % pk->ring];
		double b = pk->zring[m % pk->ring];
		double d = pk->zring[(m + 1) % pk->ring];
		double den = a - 2 * b + d;

		if (den < 0)
			delta = 0.5 * (a - d) / den;
	}
	if (pk->n == pk->alloc) {
		size_t na = pk->alloc ? pk->alloc * 2 : 256;
		double *nt = realloc(pk->t, na * sizeof(*nt));

		if (!nt)
			return CC_ENOMEM;
		pk->t = nt;
		pk->alloc = na;
	}
	pk->t[pk->n++] = ((double)m - (double)n0 + delta) / fs_int;
	return CC_OK;
}

int ecgsyn_generate(const struct ecgsyn_params *p, struct ecgsyn_record **out,
		    char *err, size_t errlen)
{
	struct ecgsyn_record *rec = NULL;
	struct peaks pk = {0};
	struct model m;
	struct rng rng;
	double fs_int = 0, dt, st[3] = {1, 0, 0.04}, rrmean, zmin, zmax;
	double tecg = 0, w = 0, th_prev = 0, warmup, *rr = NULL, *dev = NULL;
	double rrshort, rrlong, sd, model_hr;
	size_t q = 1, nrr = RR_MIN_POINTS, nout, nsteps, seg_end = 0, n0 = 0;
	bool started = false;
	int rc;

	*out = NULL;
	rc = check_params(p, &fs_int, &q, err, errlen);
	if (rc)
		return rc;
	dt = 1 / fs_int;
	rrmean = 60 / p->hr_mean;
	rrshort = rrlong = rrmean;
	for (size_t k = 0; k < p->nchanges; k++) {
		rrshort = fmin(rrshort, 60 / p->changes[k].hr);
		rrlong = fmax(rrlong, 60 / p->changes[k].hr);
	}
	nout = (size_t)floor(p->duration * p->fs + 1e-9);
	if (nout < 1)
		nout = 1;
	/* the fastest rate's window, so crossings never crowd it */
	pk.half = (size_t)round(PEAK_SEARCH * rrshort * fs_int);
	pk.ring = 2 * pk.half + 2;
	/* integrate past the last output sample so a peak there is refined */
	nsteps = (nout - 1) * q + pk.half + 1;
	warmup = fmax(WARMUP_SEC, 2 * rrmean);
	/* the RR series covers warm-up, the record and a margin */
	while ((double)nrr < warmup + (double)nsteps * dt + 4 * rrlong + 2)
		nrr *= 2;

	rec = calloc(1, sizeof(*rec));
	/* one RR series per rate segment, all from the same fluctuation */
	rr = malloc((p->nchanges + 1) * nrr * sizeof(*rr));
	dev = malloc(nrr * sizeof(*dev));
	pk.zring = malloc(pk.ring * sizeof(*pk.zring));
	if (!rec || !rr || !dev || !pk.zring) {
		rc = CC_ENOMEM;
		goto out;
	}
	rec->fs = p->fs;
	rec->n = nout;
	rec->mv = malloc(nout * sizeof(*rec->mv));
	if (!rec->mv) {
		rc = CC_ENOMEM;
		goto out;
	}
	rng_seed(&rng, p->seed);
	rc = rr_process(p, &rng, nrr, dev, &sd);
	if (rc)
		goto out;
	for (size_t k = 0; k <= p->nchanges; k++)
		rr_scale(dev, sd, nrr, seg_hr(p, k), p->hr_std, rr + k * nrr);
	model_hr = p->hr_mean;
	model_init(&m, model_hr);

	/* until n0 is known, run on; then stop once the last output sample
	 * and its peak search are done */
	for (size_t n = 0; !started || n < n0 + nsteps; n++) {
		double th;

		/* the step into sample n uses the RR of sample n - 1 */
		if (n)
			rk4(&m, (double)(n - 1) * dt, dt, w, st);
		if (n == seg_end) {
			/* a new beat keeps the RR current at its start, of
			 * the rate segment it starts in */
			size_t k =
			    started ? seg_at(p, (double)(n - n0) * dt) : 0;
			double r = rr_at(rr + k * nrr, nrr, (double)n * dt);

			if (seg_hr(p, k) != model_hr) {
				model_hr = seg_hr(p, k);
				model_init(&m, model_hr);
			}

			tecg += r;
			seg_end = (size_t)llround(tecg / dt);
			if (seg_end <= n)
				seg_end = n + 1;
			w = 2 * M_PI / r;
		}
		th = atan2(st[1], st[0]);
		if (!started && (double)n * dt >= warmup && th_prev > 0 &&
		    th < 0) {
			/* output starts where the angle passes pi: between T
			 * and P, so no beat is cut in half at t = 0 */
			started = true;
			n0 = n;
		}
		pk.zring[n % pk.ring] = st[2];
		if (started && (n - n0) % q == 0 && (n - n0) / q < nout)
			rec->mv[(n - n0) / q] = st[2];
		/* RR >= RR_FLOOR mean > 2 * PEAK_SEARCH mean: crossings
		 * never crowd the queue */
		if (started && n > n0 && th_prev < 0 && th >= 0 &&
		    pk.npend < MAX_PENDING)
			pk.pend[pk.npend++] = n;
		th_prev = th;
		if (pk.npend && n == pk.pend[0] + pk.half) {
			rc = refine(&pk, pk.pend[0], n, n0, fs_int);
			if (rc)
				goto out;
			memmove(pk.pend, pk.pend + 1,
				--pk.npend * sizeof(pk.pend[0]));
		}
	}

	zmin = zmax = rec->mv[0];
	for (size_t i = 1; i < nout; i++) {
		zmin = fmin(zmin, rec->mv[i]);
		zmax = fmax(zmax, rec->mv[i]);
	}
	for (size_t i = 0; i < nout; i++) {
		double v =
		    zmax > zmin ? (rec->mv[i] - zmin) * 1.6 / (zmax - zmin) : 0;

		rec->mv[i] = v - 0.4;
	}
	if (p->noise > 0)
		for (size_t i = 0; i < nout; i++)
			rec->mv[i] += p->noise * (2 * rng_uniform(&rng) - 1);

	/* keep the peaks inside the sampled span */
	while (pk.n && pk.t[pk.n - 1] > (double)(nout - 1) / p->fs)
		pk.n--;
	{
		size_t k = 0;

		while (k < pk.n && pk.t[k] < 0)
			k++;
		if (k) {
			memmove(pk.t, pk.t + k, (pk.n - k) * sizeof(*pk.t));
			pk.n -= k;
		}
	}
	rec->npeaks = pk.n;
	rec->r_time = pk.t;
	pk.t = NULL;
out:
	free(rr);
	free(dev);
	free(pk.zring);
	free(pk.t);
	if (rc) {
		ecgsyn_record_free(rec);
		return rc;
	}
	*out = rec;
	return CC_OK;
}

void ecgsyn_record_free(struct ecgsyn_record *r)
{
	if (!r)
		return;
	free(r->mv);
	free(r->r_time);
	free(r);
}
