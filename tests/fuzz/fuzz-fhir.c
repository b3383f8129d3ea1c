/* SPDX-License-Identifier: MIT */
/*
 * FHIR bodies from a gateway (http/fhir.c): the input parsed as the
 * executor parses a body, checked as an Observation (with and without an
 * expected LOINC code) and, when it is a Bundle, entry by entry as
 * http_expect's `fhir: {resource: Bundle}` walks it; then the violations
 * joined into the evidence text.
 * Seeds: the suites' FHIR fixtures; generated Observations of every vital
 * sign carecert knows, alone and in a searchset Bundle.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/fhir.h"

#define JSON_MAX_DEPTH 64 /* as http/exec-http.c */

static void check(json_object *obs, const char *want)
{
	struct fhir_result r;
	char text[1200];
	size_t n = fhir_check_observation(obs, want, &r);

	fuzz_assert(n == r.nviolations);
	fuzz_assert(r.nvalues <= FHIR_MAX_VALUES);
	fuzz_assert(strnlen(r.id, sizeof(r.id)) < sizeof(r.id));
	fuzz_assert(strnlen(r.loinc, sizeof(r.loinc)) < sizeof(r.loinc));
	fuzz_assert(strnlen(r.subject, sizeof(r.subject)) < sizeof(r.subject));
	fuzz_assert(strnlen(r.effective, sizeof(r.effective)) <
		    sizeof(r.effective));
	for (size_t i = 0; i < r.nvalues; i++)
		(void)fhir_vital_find(r.values[i].loinc);
	fhir_violations_text(&r, text, sizeof(text));
	fuzz_assert(strnlen(text, sizeof(text)) < sizeof(text));
	fhir_violations_text(&r, text,
			     8); /* a short buffer cuts, never overruns */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_tokener *tok;
	json_object *doc, *entries;

	if (size > 1 << 20)
		return 0;
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	fuzz_assert(tok);
	doc = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(doc);
		json_tokener_free(tok);
		return 0;
	}
	json_tokener_free(tok);
	check(doc, NULL);
	check(doc, "85354-9");
	if ((entries = fhir_bundle_entries(doc))) {
		fuzz_assert(json_object_is_type(entries, json_type_array));
		for (size_t i = 0; i < json_object_array_length(entries); i++) {
			json_object *res;

			if (json_object_object_get_ex(
				json_object_array_get_idx(entries, i),
				"resource", &res))
				check(res, NULL);
		}
	}
	json_object_put(doc);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	static const struct {
		const char *loinc, *ucum;
		double value;
	} vitals[] = {
	    {"8867-4", "/min", 64},  {"59408-5", "%", 97},
	    {"2708-6", "%", 96},     {"2339-0", "mg/dL", 98},
	    {"8310-5", "Cel", 36.6}, {"9279-1", "/min", 14},
	    {"29463-7", "kg", 70.5},
	};
	static const char obs_fmt[] =
	    "{\"resourceType\":\"Observation\",\"id\":\"obs-%zu\",\"status\":"
	    "\"final\","
	    "\"category\":[{\"coding\":[{\"system\":\"http://"
	    "terminology.hl7.org/CodeSystem/"
	    "observation-category\",\"code\":\"vital-signs\"}]}],\"code\":{"
	    "\"coding\":[{"
	    "\"system\":\"http://"
	    "loinc.org\",\"code\":\"%s\"}]},\"subject\":{\"reference\":"
	    "\"Patient/"
	    "p1\"},\"effectiveDateTime\":\"2026-11-24T08:30:00+01:00\","
	    "\"valueQuantity\":{\"value\":%g,\"unit\":\"%s\",\"system\":"
	    "\"http://unitsofmeasure.org\",\"code\":\"%s\"}}";
	static const char bp[] =
	    "{\"resourceType\":\"Observation\",\"status\":\"final\","
	    "\"category\":[{\"coding\":"
	    "[{\"system\":\"http://terminology.hl7.org/CodeSystem/"
	    "observation-category\","
	    "\"code\":\"vital-signs\"}]}],\"code\":{\"coding\":[{\"system\":"
	    "\"http://"
	    "loinc.org\",\"code\":\"85354-9\"}]},\"subject\":{\"reference\":"
	    "\"Patient/"
	    "p1\"},\"effectivePeriod\":{\"start\":\"2026-11-24\"},"
	    "\"component\":["
	    "{\"code\":{\"coding\":[{\"system\":\"http://"
	    "loinc.org\",\"code\":\"8480-6\"}]},"
	    "\"valueQuantity\":{\"value\":121,\"unit\":\"mmHg\",\"system\":"
	    "\"http://"
	    "unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},{\"code\":{\"coding\":["
	    "{"
	    "\"system\":\"http://"
	    "loinc.org\",\"code\":\"8462-4\"}]},\"dataAbsentReason\":{}}]}";
	char one[2048], name[32];
	char *bundle = malloc(65536);
	size_t k;

	fuzz_assert(bundle);
	k = (size_t)snprintf(
	    bundle, 65536,
	    "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
	for (size_t i = 0; i < sizeof(vitals) / sizeof(vitals[0]); i++) {
		snprintf(one, sizeof(one), obs_fmt, i, vitals[i].loinc,
			 vitals[i].value, vitals[i].ucum, vitals[i].ucum);
		snprintf(name, sizeof(name), "gen-obs-%s", vitals[i].loinc);
		fuzz_seed(name, one, strlen(one));
		k += (size_t)snprintf(bundle + k, 65536 - k,
				      "%s{\"resource\":%s}", i ? "," : "", one);
	}
	fuzz_seed("gen-obs-85354-9", bp, strlen(bp));
	k += (size_t)snprintf(bundle + k, 65536 - k,
			      ",{\"resource\":%s},{\"search\":{}}]}", bp);
	fuzz_seed("gen-bundle", bundle, k);
	free(bundle);
}

static const char *const seeds[] = {"suites/fixtures/http/*.json", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "fhir",
    .seeds = seeds,
    .generate = generate,
};
