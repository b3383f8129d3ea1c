/* SPDX-License-Identifier: MIT */
#include "fall/fallgen.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG (M_PI / 180)
#define IMPACT_DUR 0.08 /* s, the half-sine of the hit */
#define SETTLE 0.8	/* s after the impact: still from here (falls) */
#define HOLD 2.0	/* s a returning ADL holds its pose */

/* splitmix64 (Steele, Lea, Flood 2014): tiny, and fixed, so a seed means
 * the same trace on every build. */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uni(uint64_t *s) /* [0, 1) */
{
	return (double)(mix(s) >> 11) * 0x1.0p-53;
}

static double range(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * uni(s);
}

static double gauss(uint64_t *s) /* Box-Muller, one of the pair */
{
	double u = uni(s), v = uni(s);

	return sqrt(-2 * log(1 - u)) * cos(2 * M_PI * v);
}

void fallgen_params_default(struct fallgen_params *p)
{
	memset(p, 0, sizeof(*p));
	p->fs = 200;
	p->seed = 1;
	p->subjects = 1;
	p->reps = 1;
	p->pre_s = 4;
	p->post_s = 6;
	p->gyro = true;
}

/* What a subject brings: drawn from the seed and the subject alone. */
struct subject {
	double gait_hz, gain, ff_scale, noise;
};

static struct subject subject_of(uint64_t seed, unsigned k)
{
	uint64_t s = seed ^ (0x5bd1e995ULL * (k + 1));
	struct subject b;

	mix(&s);
	b.gait_hz = range(&s, 1.6, 2.0);
	b.gain = range(&s, 0.9, 1.1);
	b.ff_scale = range(&s, 0.9, 1.1);
	b.noise = range(&s, 0.010, 0.020);
	return b;
}

static double smooth(double x) /* 0..1 smoothstep */
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	return x * x * (3 - 2 * x);
}

static void start_pose(enum fall_activity a, double *pitch, double *roll)
{
	*roll = 0;
	*pitch = a == FALL_ACT_SIT ? -10 : a == FALL_ACT_LIE ? -90 : 0;
}

/* The activity's dynamic part (g, deg/s) at time t. */
static void activity(enum fall_activity a, double pace, double gait_hz,
		     double t, double acc[3], double gyr[3])
{
	double f, w;

	memset(acc, 0, 3 * sizeof(double));
	memset(gyr, 0, 3 * sizeof(double));
	switch (a) {
	case FALL_ACT_WALK:
	case FALL_ACT_STAIRS:
		f = gait_hz * pace * (a == FALL_ACT_STAIRS ? 0.8 : 1);
		w = 2 * M_PI * f * t;
		acc[2] = (a == FALL_ACT_STAIRS ? 0.30 : 0.25) * pace * sin(w);
		acc[0] = 0.12 * pace * sin(w + 1.0);
		acc[1] = 0.06 * sin(w / 2);
		gyr[1] = 20 * pace * sin(w + 0.5);
		gyr[0] = 10 * sin(w / 2);
		break;
	case FALL_ACT_JOG:
		f = gait_hz * 1.45 * pace;
		w = 2 * M_PI * f * t;
		acc[2] = 0.7 * pace * sin(w) + 0.2 * sin(2 * w);
		acc[0] = 0.25 * pace * sin(w + 1.0);
		acc[1] = 0.10 * sin(w / 2);
		gyr[1] = 40 * pace * sin(w + 0.5);
		gyr[0] = 20 * sin(w / 2);
		break;
	case FALL_ACT_STAND:
	case FALL_ACT_SIT:
		acc[0] = 0.02 * sin(2 * M_PI * 0.3 * t);
		gyr[1] = 2 * cos(2 * M_PI * 0.3 * t);
		break;
	case FALL_ACT_LIE:
		break;
	}
}

static int16_t count(double v, double lsb)
{
	double c = round(v * lsb);

	return (int16_t)(c > 32767 ? 32767 : c < -32768 ? -32768 : c);
}

static int check_params(const struct fallgen_params *p, char *err, size_t len)
{
	if (!(p->fs >= FALLGEN_FS_MIN && p->fs <= FALLGEN_FS_MAX)) {
		snprintf(err, len, "sample rate %g Hz outside %g..%g Hz", p->fs,
			 FALLGEN_FS_MIN, FALLGEN_FS_MAX);
		return CC_EINVAL;
	}
	if (!(p->pre_s >= 2 && p->post_s >= 3 && p->lie_s >= 0 &&
	      p->pre_s + p->post_s + p->lie_s <= FALLGEN_DURATION_MAX)) {
		snprintf(err, len,
			 "trial times (%g s before, %g s after, %g s lying) "
			 "outside >= 2 s, >= 3 s, >= 0 s, at most %g s in all",
			 p->pre_s, p->post_s, p->lie_s, FALLGEN_DURATION_MAX);
		return CC_EINVAL;
	}
	if (!p->subjects || !p->reps) {
		snprintf(err, len,
			 "subjects and repetitions must be at least 1");
		return CC_EINVAL;
	}
	return CC_OK;
}

int fallgen_trial(const struct fallgen_params *p, const struct fall_type *ty,
		  unsigned subject, unsigned rep, struct fall_trial *out,
		  char *err, size_t errlen)
{
	struct subject b = subject_of(p->seed, subject);
	uint64_t s = p->seed ^ (0x27d4eb2f165667c5ULL * (rep + 1)) ^
		     ((uint64_t)(subject + 1) << 32) ^
		     (uint64_t)(ty - fall_types + 1) * 0x165667b19e3779f9ULL;
	double te, ff, t0, t1, p0, r0, imp, ph, dur;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_params(p, err, errlen)))
		return rc;
	mix(&s);
	dur = p->pre_s + p->post_s + (ty->fall ? p->lie_s : 0);
	n = (size_t)llround(dur * p->fs);
	out->acc = malloc(n * sizeof(*out->acc));
	out->gyro = p->gyro ? malloc(n * sizeof(*out->gyro)) : NULL;
	if (!out->acc || (p->gyro && !out->gyro)) {
		fall_trial_release(out);
		return CC_ENOMEM;
	}
	snprintf(out->label, sizeof(out->label), "%s", ty->code);
	out->type = ty;
	out->fall = ty->fall;
	out->subject = subject;
	out->rep = rep;
	out->fs = p->fs;
	out->n = n;

	/* the event: its time, the free fall before it, the turn around it */
	te = p->pre_s + range(&s, -0.5, 0.5);
	ff = ty->ff_dur * b.ff_scale;
	imp = ty->impact_g > 0 ? ty->impact_g * b.gain * range(&s, 0.97, 1.03)
			       : 0;
	ph = range(&s, 0, 2 * M_PI); /* gait phase */
	start_pose(ty->before, &p0, &r0);
	if (ff > 0) { /* the body turns while it drops */
		t0 = te - ff - 0.1;
		t1 = te + 0.1;
	} else {
		t0 = te - 1.0 / ty->pace;
		t1 = te;
	}
	out->impact_t = imp > 0 ? te : NAN;
	out->still_t = ty->fall ? te + SETTLE : NAN;

	for (size_t i = 0; i < n; i++) {
		double t = (double)i / p->fs, k, th, fi, dth, dfi, a[3], g[3],
		       ad[3], gd[3], mag = 1, spike = 0, act_w;

		/* orientation: from the start pose to the event's, and back
		 * after a hold when the activity returns */
		k = smooth((t - t0) / (t1 - t0));
		if (ty->returns)
			k -= smooth((t - t1 - HOLD) / (t1 - t0));
		th = (p0 + k * (ty->pitch_deg - p0)) * DEG;
		fi = (r0 + k * (ty->roll_deg - r0)) * DEG;
		/* rate of turn (deg/s) from the smoothstep's derivative */
		{
			double x = (t - t0) / (t1 - t0), d = 0;

			if (x > 0 && x < 1)
				d = 6 * x * (1 - x) / (t1 - t0);
			if (ty->returns) {
				x = (t - t1 - HOLD) / (t1 - t0);
				if (x > 0 && x < 1)
					d -= 6 * x * (1 - x) / (t1 - t0);
			}
			dth = d * (ty->pitch_deg - p0);
			dfi = d * (ty->roll_deg - r0);
		}
		/* the free fall: the specific force drops to ff_level */
		if (ff > 0 && t >= te - ff && t < te)
			mag = ty->ff_level +
			      (1 - ty->ff_level) *
				  (1 - smooth((t - (te - ff)) / 0.05));
		/* the hit: a half sine along the body's up axis, and a
		 * smaller rebound */
		if (imp > 0 && t >= te && t < te + IMPACT_DUR)
			spike = (imp - 1) * sin(M_PI * (t - te) / IMPACT_DUR);
		else if (imp > 0 && t >= te + 0.12 &&
			 t < te + 0.12 + IMPACT_DUR)
			spike = 0.3 * (imp - 1) *
				sin(M_PI * (t - te - 0.12) / IMPACT_DUR);
		a[0] = -sin(th) * (mag + spike);
		a[1] = cos(th) * sin(fi) * (mag + spike);
		a[2] = cos(th) * cos(fi) * (mag + spike);
		g[0] = dfi;
		g[1] = dth;
		g[2] = 0;
		/* the activity: the one before until the event starts, the
		 * one after once the body has settled */
		if (t < t0) {
			activity(ty->before, ty->pace, b.gait_hz, t + ph, ad,
				 gd);
			act_w = 1 - smooth((t - (t0 - 0.3)) / 0.3);
		} else if (t > te + SETTLE) {
			activity(ty->after, ty->pace, b.gait_hz, t + ph, ad,
				 gd);
			act_w = smooth((t - te - SETTLE) / 0.5);
		} else {
			memset(ad, 0, sizeof(ad));
			memset(gd, 0, sizeof(gd));
			act_w = 0;
		}
		if (ty->fall && t > te + SETTLE)
			act_w = 0; /* lying still: the long-lie the device
				      watches */
		for (int x = 0; x < 3; x++) {
			double va = a[x] + act_w * ad[x] + b.noise * gauss(&s);
			double vg = g[x] + act_w * gd[x] + 1.0 * gauss(&s);

			out->acc[i][x] = count(va, FALL_ACC_LSB_PER_G);
			if (out->gyro)
				out->gyro[i][x] =
				    count(vg, FALL_GYRO_LSB_PER_DPS);
		}
	}
	return CC_OK;
}

int fallgen_set(const struct fallgen_params *p, struct fall_set **out,
		char *err, size_t errlen)
{
	size_t nt = p->codes ? p->ncodes : FALL_NTYPES, k = 0, total;
	const struct fall_type **ty;
	struct fall_set *s;
	int rc;

	*out = NULL;
	if ((rc = check_params(p, err, errlen)))
		return rc;
	total = nt * p->subjects * (size_t)p->reps;
	if (!nt || total / p->subjects / p->reps != nt ||
	    total > FALLGEN_TRIALS_MAX) {
		snprintf(err, errlen,
			 "%zu types x %u subjects x %u repetitions: "
			 "not 1..%u trials",
			 nt, p->subjects, p->reps, FALLGEN_TRIALS_MAX);
		return CC_EINVAL;
	}
	ty = calloc(nt, sizeof(*ty));
	if (!ty)
		return CC_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		ty[i] = p->codes ? fall_type_find(p->codes[i]) : &fall_types[i];
		if (!ty[i]) {
			snprintf(
			    err, errlen,
			    "unknown trial type '%.32s' (F01..F15, D01..D19)",
			    p->codes[i]);
			free(ty);
			return CC_EINVAL;
		}
	}
	s = calloc(1, sizeof(*s));
	if (!s || !(s->v = calloc(total, sizeof(*s->v)))) {
		free(s);
		free(ty);
		return CC_ENOMEM;
	}
	snprintf(s->generator, sizeof(s->generator), "%s", FALLGEN_VERSION);
	s->seed = p->seed;
	for (unsigned r = 0; r < p->reps; r++)
		for (unsigned j = 0; j < p->subjects; j++)
			for (size_t i = 0; i < nt; i++) {
				rc = fallgen_trial(p, ty[i], j, r, &s->v[k],
						   err, errlen);
				if (rc) {
					s->n = k;
					fall_set_free(s);
					free(ty);
					return rc;
				}
				s->n = ++k;
			}
	free(ty);
	*out = s;
	return CC_OK;
}
