/* SPDX-License-Identifier: MIT */
/*
 * Ground-truth CSV files of positioning benches (pos/truth.c): a lab
 * exports these from its survey. truth_load_csv() of the input (written to
 * a scratch file, as the loader reads a path), then the interpolation the
 * judging does. Checks: a file is refused with a located message or gives
 * points with increasing times and coordinates within range; truth_at()
 * answers within the span and stays within range.
 * Seeds: the CSV files of tests/data/pos, and the bench's park-walk route
 * written out.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "pos/truth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4200];
	struct truth tr;
	struct diag d;
	int rc;

	snprintf(path, sizeof(path), "%s/truth.csv", fuzz_tmpdir());
	fuzz_write(path, data, size);
	diag_init(&d);
	rc = truth_load_csv(path, &tr, &d);
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL);
	fuzz_assert((rc == CC_OK) == (tr.p != NULL));
	fuzz_assert(rc == CC_OK || diag_count(&d));
	for (size_t i = 0; i < d.n; i++)
		fuzz_assert(d.v[i].line <= size + 1);
	if (!rc) {
		struct truth_point tp;

		fuzz_assert(tr.n >= 1 && tr.n <= TRUTH_MAX_POINTS);
		for (size_t i = 0; i < tr.n; i++) {
			fuzz_assert(isfinite(tr.p[i].t));
			fuzz_assert(fabs(tr.p[i].lat) <= 90 &&
				    fabs(tr.p[i].lon) <= 180);
			fuzz_assert(i == 0 || tr.p[i].t > tr.p[i - 1].t);
			fuzz_assert(strlen(tr.p[i].zone) < TRUTH_ZONE_LEN);
		}
		fuzz_assert(truth_at(&tr, tr.p[0].t, &tp));
		fuzz_assert(
		    truth_at(&tr, (tr.p[0].t + tr.p[tr.n - 1].t) / 2, &tp));
		fuzz_assert(fabs(tp.lat) <= 90);
		fuzz_assert(!truth_at(&tr, tr.p[tr.n - 1].t + 1, &tp));
		truth_free(&tr);
	}
	diag_release(&d);
	return 0;
}

static void generate(void)
{
	struct truth tr;
	char text[8192];
	size_t k;

	if (truth_route("park-walk", 40, &tr))
		return;
	k = (size_t)snprintf(text, sizeof(text),
			     "time,lat,lon,alt,floor,zone,signal\n");
	for (size_t i = 0; i < tr.n && k < sizeof(text) - 128; i++)
		k += (size_t)snprintf(
		    text + k, sizeof(text) - k, "%g,%.7f,%.7f,%.1f,%d,%s,%d\n",
		    tr.p[i].t, tr.p[i].lat, tr.p[i].lon, tr.p[i].alt,
		    tr.p[i].floor, tr.p[i].zone, tr.p[i].signal);
	fuzz_seed("gen-park-walk", text, k);
	truth_free(&tr);
}

static const char *const seed_globs[] = {"tests/data/pos/*.csv", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "truth", .seeds = seed_globs, .generate = generate};
