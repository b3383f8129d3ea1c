/* SPDX-License-Identifier: MIT */
/*
 * JSON paths (http/jpath.c) into response bodies from the DUT: the syntax
 * check a suite's paths pass at load time, and evaluation against a body
 * parsed as the executor parses it (json-c, the same depth limit).
 *
 * Input: the path, a newline, the JSON body.
 * Generated seeds: the paths of the suites and docs over FHIR and API
 * bodies like those the HTTP simulator serves.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "http/jpath.h"

#define JSON_MAX_DEPTH 64 /* as http/exec-http.c */

static json_object *parse(const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	json_object *doc;

	fuzz_assert(tok);
	doc = json_tokener_parse_ex(tok, text, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(doc);
		doc = NULL;
	}
	json_tokener_free(tok);
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {"null",    "boolean", "number",
					    "integer", "string",  "object",
					    "array"};
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	char *path = fuzz_strndup(data, plen);
	char *body =
	    fuzz_strndup(nl ? nl + 1 : data + size, nl ? size - plen - 1 : 0);
	char err[256] = "", text[1024];
	struct jpath_scratch sc = {0};
	json_object *doc, *val;
	int ok, rc;

	if (size > 1 << 16)
		goto out;
	ok = jpath_check(path, err, sizeof(err)) == CC_OK;
	fuzz_assert(ok || err[0]);
	doc = parse(body, strlen(body));
	rc = jpath_get(doc, path, &val, &sc);
	/* what passed the check at load time is never a syntax error at run
	 * time */
	fuzz_assert(ok == (rc != CC_EINVAL));
	fuzz_assert(rc == CC_OK || rc == CC_ENOTFOUND || rc == CC_EINVAL);
	if (rc == CC_OK) {
		jpath_text(val, text, sizeof(text));
		fuzz_assert(strnlen(text, sizeof(text)) < sizeof(text));
		fuzz_assert(jpath_type_name(val));
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			fuzz_assert(jpath_type_known(types[i]));
			(void)jpath_type_is(val, types[i]);
		}
	}
	jpath_scratch_release(&sc);
	json_object_put(doc);
out:
	free(path);
	free(body);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	static const char *const paths[] = {
	    "resourceType",
	    "id",
	    "status",
	    "valueQuantity.value",
	    "entry[#]",
	    "entry[0].resource.valueQuantity.value",
	    "entry[-1].resource.id",
	    "component[code.coding[0].code=8480-6].valueQuantity.value",
	    "entry[resource.id=hr-1].resource.effectiveDateTime",
	    "rest[0].resource[type=Observation].type",
	    "$",
	    "$.code.coding[0].code",
	    "$[0]",
	    "access_token",
	    "a.b-c.@d_e",
	};
	char *obs =
	    fuzz_read_top("suites/fixtures/http/observation-hr.json", NULL);
	const char *bp = "{\"resourceType\":\"Observation\",\"status\":"
			 "\"final\",\"code\":{\"coding\":"
			 "[{\"system\":\"http://"
			 "loinc.org\",\"code\":\"85354-9\"}]},\"component\":["
			 "{\"code\":{\"coding\":[{\"system\":\"http://"
			 "loinc.org\",\"code\":\"8480-6\"}]},"
			 "\"valueQuantity\":{\"value\":121,\"system\":\"http://"
			 "unitsofmeasure.org\","
			 "\"code\":\"mm[Hg]\"}},{\"code\":{\"coding\":[{"
			 "\"system\":\"http://loinc.org\","
			 "\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":"
			 "79.5,\"code\":\"mm[Hg]\"}}]}";
	const char *meta =
	    "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"4.0."
	    "1\","
	    "\"rest\":[{\"resource\":[{\"type\":\"Patient\"},{\"type\":"
	    "\"Observation\"}]}]}";
	const char *token =
	    "{\"access_token\":\"abc\",\"token_type\":\"Bearer\","
	    "\"expires_in\":3600,\"scope\":null,\"list\":[1,2.5,true,\"x\"]}";
	char *bundle = NULL;
	const char *bodies[5];
	size_t nb = 0;

	if (obs) {
		size_t len = strlen(obs) + 128;

		bundle = malloc(len);
		fuzz_assert(bundle);
		snprintf(bundle, len,
			 "{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
			 "\"entry\":"
			 "[{\"resource\":%s}]}",
			 obs);
		bodies[nb++] = obs;
		bodies[nb++] = bundle;
	}
	bodies[nb++] = bp;
	bodies[nb++] = meta;
	bodies[nb++] = token;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *b = bodies[i % nb];
		size_t len = strlen(paths[i]) + 1 + strlen(b);
		char *seed = malloc(len + 1), name[32];

		fuzz_assert(seed);
		snprintf(seed, len + 1, "%s\n%s", paths[i], b);
		snprintf(name, sizeof(name), "gen-%02zu", i);
		fuzz_seed(name, seed, len);
		free(seed);
	}
	free(obs);
	free(bundle);
}

const struct fuzz_harness fuzz_harness = {.name = "jpath",
					  .generate = generate};
