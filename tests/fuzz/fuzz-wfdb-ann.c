/* SPDX-License-Identifier: MIT */
/*
 * WFDB annotation files (ecg/wfdb.c): a reference database's .atr or a
 * device's beat annotations. wfdb_ann_parse() of the input, then the beat
 * times ecg_compare takes from them.
 * Seeds: MIT-BIH 100s.atr (../shared, when present); generated files with
 * every pseudo-annotation (SKIP, NUM, SUB, CHN, AUX).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "ecg/wfdb.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wfdb_annset *a;
	char err[512];
	double *t;
	size_t n, beats = 0;
	int rc;

	rc = wfdb_ann_parse(data, size, "fuzz.atr", &a, err, sizeof(err));
	if (rc) {
		fuzz_assert(!a && strnlen(err, sizeof(err)) < sizeof(err));
		return 0;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct wfdb_ann *x = &a->v[i];

		/* the invariants wfdb.h states */
		fuzz_assert(x->code >= 1 && x->code <= WFDB_ACMAX);
		fuzz_assert(x->time >= 0);
		/* aux: NULL, or aux_len bytes and a NUL */
		fuzz_assert(x->aux ? x->aux[x->aux_len] == 0 : x->aux_len == 0);
		fuzz_assert(wfdb_code_mnemonic(x->code));
		beats += wfdb_is_beat(x->code);
	}
	fuzz_assert(wfdb_ann_beat_times(a, 0, &t, &n) == CC_EINVAL);
	if (wfdb_ann_beat_times(a, 360.0, &t, &n) == CC_OK) {
		fuzz_assert(n == beats && (n == 0) == (t == NULL));
		for (size_t i = 0; i < n; i++)
			fuzz_assert(isfinite(t[i]) && t[i] >= 0);
		free(t);
	}
	wfdb_annset_free(a);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	/* N at 100 with AUX "(N", SKIP 100000, V with SUB, CHN and NUM, '+'
	 * at the same time, '~', end (as tests/test-ecg.c) */
	static const uint8_t pseudo[] = {
	    0x64, 0x04, 0x03, 0xfc, '(',  'N',	0,    0,    0x00, 0xec,
	    0x01, 0x00, 0xa0, 0x86, 0x05, 0x14, 0x02, 0xf4, 0x01, 0xf8,
	    0x03, 0xf0, 0x00, 0x70, 0x07, 0x38, 0x00, 0x00,
	};
	uint8_t beats[2 * 64 + 2];
	size_t k = 0;

	fuzz_seed("gen-pseudo", pseudo, sizeof(pseudo));
	/* a run of beats every 288 samples (75/min at 360 Hz), N and V */
	for (int i = 0; i < 64; i++) {
		unsigned w =
		    (unsigned)(i % 7 == 6 ? WFDB_PVC : WFDB_NORMAL) << 10 | 288;

		beats[k++] = (uint8_t)w;
		beats[k++] = (uint8_t)(w >> 8);
	}
	beats[k++] = 0;
	beats[k++] = 0;
	fuzz_seed("gen-beats", beats, k);
}

static const char *const seeds[] = {"../shared/data/ecg/*/*.atr", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "wfdb-ann",
    .seeds = seeds,
    .generate = generate,
};
