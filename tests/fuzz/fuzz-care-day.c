/* SPDX-License-Identifier: MIT */
/*
 * Scripted days (care/day.c): a lab writes these; day_parse() of the
 * input, then what the steps do with a day: the segment at every boundary,
 * the true events under two sets of rules, and a confusion matrix of the
 * day against itself (every epoch must agree). Seeds: suites/fixtures/care/.
 */
#include <math.h>
#include <stdlib.h>

#include "base/err.h"
#include "care/carestat.h"
#include "care/day.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct care_event_rules rules[] = {{120, 1800}, {0, 0}};
	struct day *day = NULL;
	struct diag d;
	int rc;

	diag_init(&d);
	rc = day_parse((const char *)data, size, "fuzz.csv", &day, &d);
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL || rc == CC_ETOOBIG);
	fuzz_assert((rc == CC_OK) == (day != NULL));
	fuzz_assert(rc == CC_OK || diag_count(&d));
	if (day) {
		double *t = malloc(day->n * sizeof(*t));
		enum care_activity *a = malloc(day->n * sizeof(*a));
		struct care_track tr = {t, a, day->n};
		struct cmx c;
		struct cmx_figures f;

		fuzz_assert(t && a);
		fuzz_assert(day->n >= 1 && day->n <= DAY_MAX_SEGMENTS);
		fuzz_assert(day->end <= DAY_MAX_SECONDS);
		for (size_t i = 0; i < day->n; i++) {
			fuzz_assert(day->v[i].end > day->v[i].start);
			fuzz_assert(day->v[i].act < CARE_NACT);
			fuzz_assert(day_at(day, day->v[i].start) == &day->v[i]);
			t[i] = day->v[i].start;
			a[i] = day->v[i].act;
		}
		fuzz_assert(day_at(day, day->end) == NULL);
		for (size_t r = 0; r < 2; r++)
			for (int ev = 0; ev < CARE_EV_COUNT; ev++) {
				double *tt;
				size_t n;

				fuzz_assert(care_true_events(
						day, (enum care_event)ev,
						&rules[r], &tt, &n) == CC_OK);
				fuzz_assert(n <= day->n);
				free(tt);
			}
		if (cmx_from_day(day, &tr, fmax(day->end / 1000, 1), &c) ==
		    CC_OK) {
			cmx_figures(&c, &f);
			fuzz_assert(!c.total || f.accuracy == 1);
		}
		free(t);
		free(a);
	}
	day_free(day);
	diag_release(&d);
	return 0;
}

static const char *const seeds[] = {"suites/fixtures/care/*.csv", NULL};

const struct fuzz_harness fuzz_harness = {.name = "care-day", .seeds = seeds};
