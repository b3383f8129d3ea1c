/* SPDX-License-Identifier: MIT */
/*
 * What a room or bed sensor reports (care/carerep.c), as the care steps
 * read the body of the last HTTP exchange: JSON text through json-c, then
 * its activity, events (each kind) and vitals (hr, rr) arrays, with the
 * bounds carerep.h promises. Seeds: generated reports.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "care/carerep.h"
#include "fuzz.h"

static json_object *member(json_object *o, const char *k)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_tokener *tok = json_tokener_new_ex(64);
	json_object *o;
	char err[256];
	double *t, *v;
	enum care_activity *a;
	size_t n, other;

	if (!tok)
		return 0;
	o = json_tokener_parse_ex(tok, (const char *)data,
				  (int)(size > 1 << 20 ? 1 << 20 : size));
	json_tokener_free(tok);
	if (!o)
		return 0;
	if (carerep_activity(member(o, "activity"), &t, &a, &n, err,
			     sizeof(err)) == CC_OK) {
		fuzz_assert(n <= CAREREP_MAX_ITEMS);
		for (size_t i = 0; i < n; i++) {
			fuzz_assert(isfinite(t[i]) && t[i] >= 0 &&
				    t[i] <= DAY_MAX_SECONDS);
			fuzz_assert(!i || t[i] >= t[i - 1]);
			fuzz_assert(a[i] < CARE_NACT);
		}
		free(t);
		free(a);
	} else {
		fuzz_assert(err[0] && strlen(err) < sizeof(err));
	}
	for (int ev = 0; ev < CARE_EV_COUNT; ev++)
		if (carerep_events(member(o, "events"), (enum care_event)ev, &t,
				   &n, &other, err, sizeof(err)) == CC_OK) {
			for (size_t i = 1; i < n; i++)
				fuzz_assert(t[i] >= t[i - 1]);
			free(t);
		}
	for (int k = 0; k < 2; k++)
		if (carerep_vitals(member(o, "vitals"), k ? "rr" : "hr", &t, &v,
				   &n, err, sizeof(err)) == CC_OK) {
			for (size_t i = 0; i < n; i++)
				fuzz_assert(isfinite(v[i]) && v[i] >= 0);
			free(t);
			free(v);
		}
	json_object_put(o);
	return 0;
}

static void generate(void)
{
	static const char *const reports[] = {
	    "{\"complete\": true, \"time_scale\": 86400, \"activity\": "
	    "[{\"t\": 0, \"class\": "
	    "\"in_bed\"}, {\"t\": 7820, \"class\": \"in_bathroom\"}, {\"t\": "
	    "8200.5, \"class\": "
	    "\"walking\"}], \"events\": [{\"t\": 7815, \"type\": \"bed_exit\", "
	    "\"id\": \"e1\"}, "
	    "{\"t\": 55460, \"type\": \"inactivity\", \"id\": \"e2\"}, {\"t\": "
	    "63005, \"type\": "
	    "\"bathroom_too_long\", \"id\": \"e3\"}], \"vitals\": [{\"t\": "
	    "300, \"hr\": 58.4, "
	    "\"rr\": 13}, {\"t\": 600, \"hr\": null, \"rr\": 12.9}]}",
	    "{\"activity\": [{\"t\": 10, \"class\": \"on_floor\"}, {\"t\": 5, "
	    "\"class\": "
	    "\"absent\"}], \"events\": [{\"t\": -1, \"type\": \"bed_exit\"}], "
	    "\"vitals\": "
	    "[{\"t\": 1e300, \"hr\": 1e400}]}",
	};

	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		char name[16];

		snprintf(name, sizeof(name), "report-%zu", i);
		fuzz_seed(name, reports[i], strlen(reports[i]));
	}
}

const struct fuzz_harness fuzz_harness = {.name = "care-report",
					  .generate = generate};
