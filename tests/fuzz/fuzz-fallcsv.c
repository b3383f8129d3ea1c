/* SPDX-License-Identifier: MIT */
/*
 * Recorded motion trials from a lab's CSV (fall/fallcsv.c): what the
 * header promises (at least one trial, each of 2 rows or more within the
 * caps, a rate above 0, labels NUL-terminated within their size, a fall's
 * impact inside its trial), then the set hashed and matched as a replay
 * would be. Seeds: generated files of the generator's trials, with and
 * without gyroscope, and damaged ones.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fall/fallcsv.h"
#include "fall/fallgen.h"
#include "fall/fallmatch.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fall_set *s = NULL;
	struct diag d;
	char hash[65];
	int rc;

	diag_init(&d);
	rc = fallcsv_parse("fuzz.csv", (const char *)data, size, &s, &d);
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL || rc == CC_ENOMEM);
	fuzz_assert((rc == CC_OK) == (s != NULL));
	fuzz_assert(rc == CC_OK || diag_count(&d));
	if (s) {
		struct fall_truth *t = calloc(s->n, sizeof(*t));
		struct fallmatch_opts o;
		struct fallmatch_result r;
		double at = 0;

		fuzz_assert(s->n >= 1 && s->n <= FALLCSV_TRIALS_MAX);
		for (size_t i = 0; i < s->n; i++) {
			const struct fall_trial *x = &s->v[i];

			fuzz_assert(x->n >= 2 && x->acc);
			fuzz_assert(x->fs > 0 && isfinite(x->fs));
			fuzz_assert(strnlen(x->label, FALL_LABEL_MAX) <
				    FALL_LABEL_MAX);
			fuzz_assert(!x->fall ||
				    (x->impact_t >= 0 &&
				     x->impact_t <= (double)x->n / x->fs * 2));
			if (t) {
				t[i] = (struct fall_truth){
				    .start = at,
				    .end = at + fall_trial_duration(x),
				    .impact = at + (x->fall ? x->impact_t : 0),
				    .fall = x->fall,
				    .group = x->label};
				at = t[i].end;
			}
		}
		fall_set_hash(s, hash);
		fuzz_assert(strlen(hash) == 64);
		fallmatch_opts_default(&o);
		if (t && fallmatch_run(&o, t, s->n, NULL, 0, &r) == CC_OK) {
			fuzz_assert(r.tp == 0 && r.fp == 0);
			fallmatch_release(&r);
		}
		free(t);
	}
	fall_set_free(s);
	diag_release(&d);
	return 0;
}

/* A generated set as a lab would export it. */
static void emit(const char *name, const char *const *codes, size_t nc,
		 bool gyro)
{
	struct fallgen_params p;
	struct fall_set *s;
	char err[200], *buf;
	size_t cap = 1 << 20, k = 0;

	fallgen_params_default(&p);
	p.fs = 50;
	p.codes = codes;
	p.ncodes = nc;
	p.gyro = gyro;
	if (fallgen_set(&p, &s, err, sizeof(err)) || !(buf = malloc(cap)))
		return;
	k += (size_t)snprintf(buf + k, cap - k,
			      gyro ? "time,ax,ay,az,gx,gy,gz,label\n"
				   : "time,ax,ay,az,label\n");
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < s->v[i].n && k + 128 < cap; j++) {
			const int16_t *a = s->v[i].acc[j];

			k += (size_t)snprintf(
			    buf + k, cap - k, "%.3f,%.4f,%.4f,%.4f",
			    (double)j / p.fs, a[0] / FALL_ACC_LSB_PER_G,
			    a[1] / FALL_ACC_LSB_PER_G,
			    a[2] / FALL_ACC_LSB_PER_G);
			if (gyro)
				k += (size_t)snprintf(
				    buf + k, cap - k, ",%.2f,%.2f,%.2f",
				    s->v[i].gyro[j][0] / FALL_GYRO_LSB_PER_DPS,
				    s->v[i].gyro[j][1] / FALL_GYRO_LSB_PER_DPS,
				    s->v[i].gyro[j][2] / FALL_GYRO_LSB_PER_DPS);
			k += (size_t)snprintf(buf + k, cap - k, ",%s_S%02u\n",
					      s->v[i].label, s->v[i].subject);
		}
	fuzz_seed(name, buf, k);
	free(buf);
	fall_set_free(s);
}

static void generate(void)
{
	static const char *const two[] = {"F02", "D11"};
	static const char *const one[] = {"D19"};
	static const char damaged[] =
	    "time,ax,ay,az,label\n0,0,0,1,F01\n0.01,0,0,99,F01\n0.02,0,0,1,"
	    "F01\n"
	    "0,0,0,1,Q\n#c\n\n0.01,nan,0,1,D01\n0.5,0,0,1,D01,x\n";

	emit("gen-gyro", two, 2, true);
	emit("gen-acc", one, 1, false);
	fuzz_seed("gen-damaged", damaged, sizeof(damaged) - 1);
}

const struct fuzz_harness fuzz_harness = {
    .name = "fallcsv",
    .generate = generate,
};
