/* SPDX-License-Identifier: MIT */
/*
 * Paired-data CSV files of clinical validations (bench/pairs.c): a lab
 * exports these from its study records. pairs_parse() of the input with
 * the default units a profile may give, then the selections the accuracy
 * evaluators make: every quantity, with the data's unit and converted.
 * Seeds: the study files of fixtures/studies/.
 */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "bench/pairs.h"
#include "fuzz.h"

static void select_all(const struct pair_set *s, const char *quantity)
{
	static const char *const units[] = {"mmHg",  "kPa",    "%",
					    "mg/dL", "mmol/L", "Cel"};
	struct pair *v;
	size_t n;

	if (pairs_select(s, quantity, NULL, &v, &n, NULL) == CC_OK) {
		fuzz_assert(n >= 1 && n <= s->n);
		free(v);
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		struct diag d;

		diag_init(&d);
		if (pairs_select(s, quantity, units[i], &v, &n, &d) == CC_OK) {
			fuzz_assert(n >= 1 && n <= s->n);
			for (size_t k = 0; k < n; k++)
				fuzz_assert(!strcmp(v[k].unit, units[i]));
			free(v);
		}
		diag_release(&d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the profile's unit for a file without a unit column */
	static const char *const defaults[] = {NULL, "mmHg", "%"};
	struct pair_set *s = NULL;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = pairs_parse("fuzz.csv", (const char *)data, size,
			 defaults[size % 3], &s, &d);
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL);
	fuzz_assert((rc == CC_OK) == (s != NULL));
	fuzz_assert(rc == CC_OK || diag_count(&d));
	if (s) {
		/* the invariants pairs.h states */
		fuzz_assert(s->n >= 1);
		for (size_t i = 0; i < s->n; i++) {
			fuzz_assert(s->v[i].subject < s->n_subjects);
			fuzz_assert(s->n_quantities
					? s->v[i].quantity < s->n_quantities
					: s->v[i].quantity ==
					      PAIRS_NO_QUANTITY);
			fuzz_assert(strnlen(s->v[i].unit, UNIT_NAME_MAX) <
				    UNIT_NAME_MAX);
		}
		select_all(s, NULL);
		for (size_t i = 0; i < s->n_quantities; i++)
			select_all(s, s->quantities[i]);
	}
	pairs_free(s);
	diag_release(&d);
	return 0;
}

static const char *const seeds[] = {"fixtures/studies/*.csv", NULL};

const struct fuzz_harness fuzz_harness = {.name = "pairs", .seeds = seeds};
