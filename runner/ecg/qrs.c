/* SPDX-License-Identifier: MIT */
#include "ecg/qrs.h"
#include "base/err.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define LP_SEC 0.0213 /* low-pass moving average: -3 dB near 15 Hz */
#define HP_SEC 0.152  /* high-pass moving average: -3 dB near 5 Hz */
#define MWI_SEC 0.150 /* integration window */
#define LEARN_SEC 2.0
#define REFRACTORY_SEC 0.200
#define TWAVE_SEC 0.360
#define PEAK_SPACING_SEC 0.200 /* a hump longer than this is a peak */
#define RR_N 8
#define MAX_CAND 32  /* noise peaks kept for searchback */
#define MAX_LEARN 64 /* peaks queued while learning */

/* Moving sum with its window; the sum is recomputed whenever the write
 * position wraps, so rounding cannot accumulate over long records. */
struct boxcar {
	double *v;
	size_t len, pos;
	double sum;
};

static int boxcar_init(struct boxcar *b, size_t len, double fill)
{
	b->v = malloc(len * sizeof(*b->v));
	if (!b->v)
		return CC_ENOMEM;
	b->len = len;
	b->pos = 0;
	for (size_t i = 0; i < len; i++)
		b->v[i] = fill;
	b->sum = fill * (double)len;
	return CC_OK;
}

static double boxcar_push(struct boxcar *b, double x)
{
	b->sum += x - b->v[b->pos];
	b->v[b->pos] = x;
	if (++b->pos == b->len) {
		double s = 0;

		b->pos = 0;
		for (size_t i = 0; i < b->len; i++)
			s += b->v[i];
		b->sum = s;
	}
	return b->sum / (double)b->len;
}

/* The value pushed k samples ago (k < len). */
static double boxcar_ago(const struct boxcar *b, size_t k)
{
	return b->v[(b->pos + b->len - 1 - k) % b->len];
}

struct peak {
	size_t pos;   /* integrated-signal sample index */
	double val;   /* integrated-signal height */
	double slope; /* max |derivative| before the peak */
	size_t beat;  /* input sample index of the R location */
};

struct qrs_det {
	double fs;
	size_t n; /* samples fed */
	bool started, finished;
	struct boxcar lp1, lp2, hp, mwi;
	size_t delay;	    /* input to band-pass output, samples */
	size_t nmwi, hist;  /* integration window; history ring size */
	double *bp, *deriv; /* rings of band-passed and derivative values */
	/* peak picking on the integrated signal */
	double prev1, prev2; /* the two samples before the current one */
	bool have_pk;
	double pk_val;
	size_t pk_pos, spacing, refractory, twave;
	double last_x; /* for padding at the end */
	size_t nreal;  /* samples fed, once finishing (0 before) */
	/* learning */
	size_t learn_end;
	double learn_max, learn_sum;
	struct peak learn[MAX_LEARN];
	size_t nlearn;
	bool learnt;
	/* classification */
	double spki, npki, thr1, thr2;
	bool have_last;
	size_t last_beat; /* input sample index of the last QRS */
	double last_slope;
	struct peak cand[MAX_CAND];
	size_t ncand;
	double rr1[RR_N], rr2[RR_N];
	size_t nrr1, nrr2, since_regular;
	double rr2_avg;
	/* output */
	double *beats;
	size_t nbeats, alloc;
};

static size_t odd(size_t v)
{
	return v | 1;
}

int qrs_new(double fs, struct qrs_det **out)
{
	struct qrs_det *d;
	size_t lp, hp;

	*out = NULL;
	if (!(fs >= QRS_MIN_FS && fs <= QRS_MAX_FS))
		return CC_EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return CC_ENOMEM;
	d->fs = fs;
	lp = (size_t)lround(LP_SEC * fs);
	hp = odd((size_t)lround(HP_SEC * fs)); /* odd: integer centre delay */
	d->nmwi = (size_t)lround(MWI_SEC * fs);
	d->lp1.len = lp;
	d->lp2.len = lp;
	d->hp.len = hp;
	d->mwi.len = d->nmwi;
	d->delay = (lp - 1) + (hp - 1) / 2;
	d->spacing = (size_t)lround(PEAK_SPACING_SEC * fs);
	d->refractory = (size_t)lround(REFRACTORY_SEC * fs);
	d->twave = (size_t)lround(TWAVE_SEC * fs);
	d->learn_end = (size_t)lround(LEARN_SEC * fs);
	/* the R search reaches nmwi + 2 back from a peak confirmed
	 * spacing samples late */
	d->hist = d->nmwi + d->spacing + 8;
	d->bp = calloc(d->hist, sizeof(*d->bp));
	d->deriv = calloc(d->hist, sizeof(*d->deriv));
	if (!d->bp || !d->deriv) {
		qrs_free(d);
		return CC_ENOMEM;
	}
	*out = d;
	return CC_OK;
}

void qrs_free(struct qrs_det *d)
{
	if (!d)
		return;
	free(d->lp1.v);
	free(d->lp2.v);
	free(d->hp.v);
	free(d->mwi.v);
	free(d->bp);
	free(d->deriv);
	free(d->beats);
	free(d);
}

const double *qrs_beats(const struct qrs_det *d, size_t *n)
{
	*n = d->nbeats;
	return d->beats;
}

static void update_thresholds(struct qrs_det *d)
{
	d->thr1 = d->npki + 0.25 * (d->spki - d->npki);
	d->thr2 = 0.5 * d->thr1;
}

static double mean(const double *v, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

static void push_rr(double *v, size_t *n, double rr)
{
	if (*n == RR_N) {
		memmove(v, v + 1, (RR_N - 1) * sizeof(*v));
		(*n)--;
	}
	v[(*n)++] = rr;
}

static void update_rr(struct qrs_det *d, double rr)
{
	push_rr(d->rr1, &d->nrr1, rr);
	if (!d->nrr2 || (rr >= 0.92 * d->rr2_avg && rr <= 1.16 * d->rr2_avg)) {
		push_rr(d->rr2, &d->nrr2, rr);
		d->since_regular = 0;
	} else if (++d->since_regular >= RR_N) {
		/* the rhythm changed for good: start over from recent RRs */
		memcpy(d->rr2, d->rr1, sizeof(d->rr1));
		d->nrr2 = d->nrr1;
		d->since_regular = 0;
	}
	d->rr2_avg = mean(d->rr2, d->nrr2);
}

static int add_beat(struct qrs_det *d, const struct peak *p, bool searchback)
{
	size_t at = p->beat;
	double t;

	if (d->nreal && at >= d->nreal)
		at = d->nreal - 1; /* found in the padding: the last sample */
	t = (double)at / d->fs;

	if (d->nbeats == d->alloc) {
		size_t na = d->alloc ? d->alloc * 2 : 256;
		double *nb;

		if (d->nbeats >= QRS_MAX_BEATS)
			return CC_ETOOBIG;
		nb = realloc(d->beats, na * sizeof(*nb));
		if (!nb)
			return CC_ENOMEM;
		d->beats = nb;
		d->alloc = na;
	}
	/* the R search windows of two accepted peaks never overlap (200 ms
	 * refractory > 150 ms window), so times increase */
	if (d->nbeats && t <= d->beats[d->nbeats - 1])
		t = nextafter(d->beats[d->nbeats - 1], INFINITY);
	d->beats[d->nbeats++] = t;
	if (searchback)
		d->spki = 0.25 * p->val + 0.75 * d->spki;
	else
		d->spki = 0.125 * p->val + 0.875 * d->spki;
	if (d->have_last)
		update_rr(d, (double)(p->beat - d->last_beat));
	d->have_last = true;
	d->last_beat = p->beat;
	d->last_slope = p->slope;
	/* candidates at or before this beat are spent; later ones stay */
	{
		size_t k = 0;

		for (size_t i = 0; i < d->ncand; i++)
			if (d->cand[i].beat >= p->beat + d->refractory)
				d->cand[k++] = d->cand[i];
		d->ncand = k;
	}
	update_thresholds(d);
	return CC_OK;
}

static void add_noise(struct qrs_det *d, const struct peak *p)
{
	d->npki = 0.125 * p->val + 0.875 * d->npki;
	update_thresholds(d);
	if (d->ncand == MAX_CAND) {
		/* keep the highest: only they can win a searchback */
		size_t lo = 0;

		for (size_t i = 1; i < d->ncand; i++)
			if (d->cand[i].val < d->cand[lo].val)
				lo = i;
		if (d->cand[lo].val >= p->val)
			return;
		memmove(&d->cand[lo], &d->cand[lo + 1],
			(d->ncand - lo - 1) * sizeof(d->cand[0]));
		d->ncand--;
	}
	d->cand[d->ncand++] = *p;
}

static int classify(struct qrs_det *d, const struct peak *p)
{
	if (d->have_last && p->beat < d->last_beat + d->refractory)
		return CC_OK;
	if (p->val > d->thr1) {
		if (d->have_last && p->beat < d->last_beat + d->twave &&
		    p->slope < 0.5 * d->last_slope) {
			add_noise(d, p); /* T wave */
			return CC_OK;
		}
		return add_beat(d, p, false);
	}
	add_noise(d, p);
	return CC_OK;
}

/* Searchback at integrated-signal sample n. */
static int searchback(struct qrs_det *d, size_t n)
{
	/* the time the filters have reached, in input samples */
	size_t now = n > d->delay ? n - d->delay : 0;

	while (d->have_last && d->nrr1 && d->ncand && now > d->last_beat &&
	       (double)(now - d->last_beat) > 1.66 * d->rr2_avg) {
		size_t best = d->ncand;

		for (size_t i = 0; i < d->ncand; i++)
			if (d->cand[i].val > d->thr2 &&
			    d->cand[i].beat >= d->last_beat + d->refractory &&
			    (best == d->ncand ||
			     d->cand[i].val > d->cand[best].val))
				best = i;
		if (best == d->ncand)
			return CC_OK;
		{
			struct peak p = d->cand[best];
			int rc = add_beat(d, &p, true);

			if (rc)
				return rc;
		}
	}
	return CC_OK;
}

static void end_learning(struct qrs_det *d, size_t nlearnt)
{
	d->spki = d->learn_max / 3;
	d->npki = nlearnt ? d->learn_sum / (double)nlearnt / 2 : 0;
	update_thresholds(d);
	d->learnt = true;
}

static int declare_peak(struct qrs_det *d)
{
	struct peak p = {.pos = d->pk_pos, .val = d->pk_val};
	/* R search: the integration window ending at the peak, in band-pass
	 * samples (the derivative adds 2 samples of delay) */
	size_t hi = d->pk_pos, span = d->nmwi + 2, lo;
	double best = -1;

	lo = hi > span ? hi - span : 0;
	if (d->n > d->hist && lo < d->n - d->hist)
		lo = d->n - d->hist;
	p.slope = 0;
	p.beat = hi;
	for (size_t k = lo; k <= hi; k++) {
		double a = fabs(d->bp[k % d->hist]);

		if (a > best) {
			best = a;
			p.beat = k;
		}
		p.slope = fmax(p.slope, fabs(d->deriv[k % d->hist]));
	}
	p.beat = p.beat > d->delay ? p.beat - d->delay : 0;
	if (!d->learnt) {
		if (d->nlearn < MAX_LEARN)
			d->learn[d->nlearn++] = p;
		return CC_OK;
	}
	return classify(d, &p);
}

static int finish_learning(struct qrs_det *d)
{
	end_learning(d, d->n < d->learn_end ? d->n : d->learn_end);
	for (size_t i = 0; i < d->nlearn; i++) {
		int rc = classify(d, &d->learn[i]);

		if (rc)
			return rc;
	}
	d->nlearn = 0;
	return CC_OK;
}

static int start(struct qrs_det *d, double x0)
{
	/* filters start as if the signal had always been x0: no step */
	if (boxcar_init(&d->lp1, d->lp1.len, x0) ||
	    boxcar_init(&d->lp2, d->lp2.len, x0) ||
	    boxcar_init(&d->hp, d->hp.len, x0) ||
	    boxcar_init(&d->mwi, d->mwi.len, 0))
		return CC_ENOMEM;
	d->started = true;
	return CC_OK;
}

static int step(struct qrs_det *d, double x)
{
	size_t n = d->n, h = d->hist;
	double lp, bp, der, m;
	int rc;

	lp = boxcar_push(&d->lp2, boxcar_push(&d->lp1, x));
	/* high-pass: the window's centre sample minus the window's mean */
	m = boxcar_push(&d->hp, lp);
	bp = boxcar_ago(&d->hp, (d->hp.len - 1) / 2) - m;
	d->bp[n % h] = bp;
	der = (2 * bp + d->bp[(n + h - 1) % h] - d->bp[(n + h - 3) % h] -
	       2 * d->bp[(n + h - 4) % h]) *
	      d->fs / 8;
	if (n < 4)
		der = 0; /* history not filled yet */
	d->deriv[n % h] = der;
	m = boxcar_push(&d->mwi, der * der);
	d->n++;

	if (!d->learnt) {
		d->learn_max = fmax(d->learn_max, m);
		d->learn_sum += m;
	}
	/*
	 * Peaks: the highest local maximum of a hump, declared when the
	 * signal falls below half of it (the hump ended) or no higher one
	 * came within 200 ms. Ripples on the slopes become small peaks of
	 * their own, which the refractory period or the thresholds drop.
	 */
	if (n >= 2 && d->prev1 > d->prev2 && d->prev1 >= m &&
	    (!d->have_pk || d->prev1 > d->pk_val)) {
		d->have_pk = true;
		d->pk_val = d->prev1;
		d->pk_pos = n - 1;
	}
	d->prev2 = d->prev1;
	d->prev1 = m;
	if (d->have_pk &&
	    (m < 0.5 * d->pk_val || n - d->pk_pos >= d->spacing)) {
		d->have_pk = false;
		rc = declare_peak(d);
		if (rc)
			return rc;
	}
	if (!d->learnt && d->n >= d->learn_end) {
		rc = finish_learning(d);
		if (rc)
			return rc;
	}
	return d->learnt ? searchback(d, n) : CC_OK;
}

int qrs_feed(struct qrs_det *d, const double *x, size_t n)
{
	int rc;

	if (d->finished || (n && !x))
		return CC_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return CC_EINVAL;
	if (n && !d->started) {
		rc = start(d, x[0]);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		rc = step(d, x[i]);
		if (rc)
			return rc;
	}
	if (n)
		d->last_x = x[n - 1];
	return CC_OK;
}

int qrs_finish(struct qrs_det *d)
{
	int rc = CC_OK;

	if (d->finished)
		return CC_EINVAL;
	d->finished = true;
	if (!d->started)
		return CC_OK;
	/* run the last real samples through the filter delays and the peak
	 * spacing, so a QRS at the very end is found too */
	d->nreal = d->n;
	for (size_t i = d->delay + d->nmwi + d->spacing + 4; i && !rc; i--)
		rc = step(d, d->last_x);
	if (!rc && d->have_pk) {
		d->have_pk = false;
		rc = declare_peak(d);
	}
	if (!rc && !d->learnt)
		rc = finish_learning(d);
	if (!rc)
		rc = searchback(d, d->n);
	return rc;
}

int qrs_detect(const double *x, size_t n, double fs, double **times,
	       size_t *nbeats)
{
	struct qrs_det *d;
	const double *b;
	int rc;

	*times = NULL;
	*nbeats = 0;
	rc = qrs_new(fs, &d);
	if (rc)
		return rc;
	rc = qrs_feed(d, x, n);
	if (!rc)
		rc = qrs_finish(d);
	if (!rc) {
		b = qrs_beats(d, nbeats);
		if (*nbeats) {
			*times = malloc(*nbeats * sizeof(**times));
			if (*times)
				memcpy(*times, b, *nbeats * sizeof(**times));
			else
				rc = CC_ENOMEM;
		}
	}
	if (rc)
		*nbeats = 0;
	qrs_free(d);
	return rc;
}
