/* SPDX-License-Identifier: MIT */
/*
 * WFDB records (ecg/wfdb.c): a header (.hea) and the format-212 signal
 * file it names, as an ECG reference database or a device's export brings
 * them. wfdb_header_parse() of the header, then wfdb_samples_read() of the
 * signals from a scratch folder holding the data under every name the
 * header gives, then every sample in physical units.
 *
 * Input: the header text, a NUL byte, the signal file's bytes.
 * Seeds: MIT-BIH record 100s's header (../shared, when present) and
 * generated two-signal records, with and without checksums and a count.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "ecg/wfdb.h"
#include "fuzz.h"

static char dir[PATH_MAX];

static void init(void)
{
	snprintf(dir, sizeof(dir), "%s/rec", fuzz_tmpdir());
	fuzz_assert(!mkdir(dir, 0755));
}

/* The signal data under a name the header gives; names with a folder are
 * left absent (the reader reports them), as are names that cannot be
 * files here. */
static bool put_file(const char *name, const uint8_t *p, size_t n)
{
	char path[PATH_MAX];
	FILE *f;
	bool ok;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "wb")))
		return false;
	ok = fwrite(p, 1, n, f) == n;
	return !fclose(f) && ok;
}

static void drop_file(const char *name)
{
	char path[PATH_MAX];

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t hlen = nul ? (size_t)(nul - data) : size;
	const uint8_t *sig = nul ? nul + 1 : data + size;
	size_t slen = nul ? size - hlen - 1 : 0;
	struct wfdb_header *h;
	struct wfdb_samples *s;
	char err[512];
	int rc;

	rc = wfdb_header_parse((const char *)data, hlen, "fuzz.hea", &h, err,
			       sizeof(err));
	if (rc) {
		fuzz_assert(!h && strnlen(err, sizeof(err)) < sizeof(err));
		return 0;
	}
	/* the invariants wfdb.h states */
	fuzz_assert(h->nsig >= 0 && h->nsig <= WFDB_MAX_SIGNALS);
	fuzz_assert(h->fs > 0 && h->nsamples >= 0);
	for (int k = 0; k < h->nsig; k++) {
		fuzz_assert(strnlen(h->sig[k].file, sizeof(h->sig[k].file)) <
			    sizeof(h->sig[k].file));
		fuzz_assert(strnlen(h->sig[k].units, sizeof(h->sig[k].units)) <
			    sizeof(h->sig[k].units));
		fuzz_assert(strnlen(h->sig[k].desc, sizeof(h->sig[k].desc)) <
			    sizeof(h->sig[k].desc));
		fuzz_assert(h->sig[k].gain != 0);
		put_file(h->sig[k].file, sig, slen);
	}
	rc = wfdb_samples_read(h, dir, &s, err, sizeof(err));
	if (!rc) {
		fuzz_assert(s->nsig == h->nsig);
		for (size_t f = 0; f < s->nframes; f++)
			for (int k = 0; k < s->nsig; k++) {
				int adu = s->v[f * (size_t)s->nsig + (size_t)k];
				double v = wfdb_physical(&h->sig[k], adu);

				fuzz_assert(adu >= -2048 && adu <= 2047);
				fuzz_assert(adu == WFDB_212_INVALID ||
					    !isnan(v));
			}
		wfdb_samples_free(s);
	} else {
		fuzz_assert(!s);
	}
	for (int k = 0; k < h->nsig; k++)
		drop_file(h->sig[k].file);
	wfdb_header_free(h);
	return 0;
}

/* ---- seeds ---- */

static void seed_record(const char *name, bool checksums, bool count)
{
	uint8_t dat[3 * 50]; /* 50 frames of two signals */
	int v[100];
	long sum[2] = {0, 0};
	char text[4096];
	size_t k;

	for (size_t i = 0; i < sizeof(dat); i++)
		dat[i] = (uint8_t)(i * 37 + 11);
	fuzz_assert(wfdb_212_decode(dat, sizeof(dat), v, 100) == sizeof(dat));
	for (size_t f = 0; f < 50; f++) {
		sum[0] += v[2 * f];
		sum[1] += v[2 * f + 1];
	}
	k = (size_t)snprintf(text, sizeof(text),
			     "rec 2 360%s 00:00:00 01/01/2026\n",
			     count ? " 50" : "");
	for (int s = 0; s < 2; s++) {
		if (checksums)
			k += (size_t)snprintf(
			    text + k, sizeof(text) - k,
			    "rec.dat 212 200(5)/mV 11 1024 %d %d 0 lead %d\n",
			    v[s], (int)(int16_t)(sum[s] & 0xffff), s);
		else
			k += (size_t)snprintf(text + k, sizeof(text) - k,
					      "rec.dat 212 200\n");
	}
	k += (size_t)snprintf(text + k, sizeof(text) - k, "# a comment\n");
	text[k++] = 0;
	memcpy(text + k, dat, sizeof(dat));
	fuzz_seed(name, text, k + sizeof(dat));
}

static void generate(void)
{
	seed_record("gen-rec-checksums", true, true);
	seed_record("gen-rec-plain", false, true);
	seed_record("gen-rec-uncounted", false, false);
}

static const char *const seeds[] = {"../shared/data/ecg/*/*.hea", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "wfdb-header",
    .seeds = seeds,
    .generate = generate,
    .init = init,
};
