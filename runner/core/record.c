/* SPDX-License-Identifier: MIT */
#include "core/record.h"
#include "base/err.h"
#include "base/fileio.h"
#include "version.h"

#include <gnu/libc-version.h>
#include <libserialport.h>
#include <libxml/xmlversion.h>
#include <limits.h>
#include <stdbool.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

struct record {
	json_object *root;
	json_object *cases; /* borrowed from root */
};

static json_object *environment(void)
{
	json_object *env = json_object_new_object(), *libs;
	char host[256] = "unknown", os[600] = "unknown";
	struct utsname u;

	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = 0;
	if (!uname(&u))
		snprintf(os, sizeof(os), "%s %s %s %s", u.sysname, u.release,
			 u.version, u.machine);
	json_object_object_add(env, "host", json_object_new_string(host));
	json_object_object_add(env, "os", json_object_new_string(os));
	libs = json_object_new_object();
	json_object_object_add(libs, "libyaml",
			       json_object_new_string(yaml_get_version_string()));
	json_object_object_add(libs, "json-c", json_object_new_string(json_c_version()));
	json_object_object_add(libs, "libserialport",
			       json_object_new_string(sp_get_package_version_string()));
	json_object_object_add(libs, "openssl",
			       json_object_new_string(OpenSSL_version(OPENSSL_VERSION)));
	json_object_object_add(libs, "libxml2",
			       json_object_new_string(LIBXML_DOTTED_VERSION));
	json_object_object_add(libs, "glibc",
			       json_object_new_string(gnu_get_libc_version()));
	json_object_object_add(env, "libraries", libs);
	return env;
}

struct record *record_new(void)
{
	struct record *r = calloc(1, sizeof(*r));
	json_object *tool;

	if (!r)
		return NULL;
	r->root = json_object_new_object();
	tool = json_object_new_object();
	r->cases = json_object_new_array();
	if (!r->root || !tool || !r->cases) {
		json_object_put(tool);
		json_object_put(r->cases);
		json_object_put(r->root);
		free(r);
		return NULL;
	}
	json_object_object_add(r->root, "schema", json_object_new_string(RECORD_SCHEMA));
	json_object_object_add(tool, "name", json_object_new_string("carecert"));
	json_object_object_add(tool, "version", json_object_new_string(CARECERT_VERSION));
	json_object_object_add(tool, "git_revision",
			       json_object_new_string(CARECERT_GIT_REVISION));
	json_object_object_add(r->root, "tool", tool);
	json_object_object_add(r->root, "environment", environment());
	json_object_object_add(r->root, "status", json_object_new_string("running"));
	json_object_object_add(r->root, "cases", r->cases);
	return r;
}

void record_free(struct record *r)
{
	if (!r)
		return;
	json_object_put(r->root);
	free(r);
}

json_object *record_json(const struct record *r)
{
	return r->root;
}

int record_set(struct record *r, const char *key, json_object *value)
{
	/* keep "cases" last so the file reads top-down: run, then cases */
	json_object *cases = json_object_get(r->cases);
	int rc;

	json_object_object_del(r->root, "cases");
	rc = json_object_object_add(r->root, key, value);
	json_object_object_add(r->root, "cases", cases);
	return rc ? CC_ENOMEM : CC_OK;
}

int record_add_case(struct record *r, json_object *case_obj)
{
	return json_object_array_add(r->cases, case_obj) ? CC_ENOMEM : CC_OK;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static bool any_marginal(json_object *c)
{
	json_object *ms, *v;

	/* a record read back may be damaged: json-c asserts on a non-array */
	if (!json_object_object_get_ex(c, "measurements", &ms) ||
	    !json_object_is_type(ms, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(ms); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(ms, i),
					      "marginal", &v) &&
		    json_object_get_boolean(v))
			return true;
	return false;
}

void record_tally(json_object *root, struct verdict_tally *out)
{
	json_object *cases, *v;

	memset(out, 0, sizeof(*out));
	if (!json_object_object_get_ex(root, "cases", &cases) ||
	    !json_object_is_type(cases, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		const char *name = jstr(c, "verdict");
		enum verdict vd;

		if (!name || verdict_from_name(name, &vd))
			continue;
		verdict_tally_add(out, vd);
		if (vd != VERDICT_PASS)
			continue;
		if (json_object_object_get_ex(c, "attempt", &v) &&
		    json_object_get_int(v) > 1)
			out->passed_on_retry++;
		if (any_marginal(c))
			out->marginal++;
	}
}

void record_summarize(struct record *r, struct verdict_tally *out)
{
	struct verdict_tally t;
	json_object *s = json_object_new_object();
	size_t total = 0;

	record_tally(r->root, &t);
	for (int v = VERDICT_PASS; v < VERDICT_COUNT; v++)
		total += t.count[v];
	json_object_object_add(s, "total", json_object_new_uint64(total));
	for (int v = VERDICT_PASS; v < VERDICT_COUNT; v++)
		json_object_object_add(s, verdict_name((enum verdict)v),
				       json_object_new_uint64(t.count[v]));
	json_object_object_add(s, "passed_on_retry",
			       json_object_new_uint64(t.passed_on_retry));
	json_object_object_add(s, "marginal", json_object_new_uint64(t.marginal));
	record_set(r, "summary", s);
	record_set(r, "verdict",
		   json_object_new_string(verdict_name(verdict_tally_overall(&t))));
	if (out)
		*out = t;
}

int record_write(const struct record *r, const char *dir)
{
	char path[PATH_MAX];
	const char *text = json_object_to_json_string_ext(
		r->root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(text);
	char *data = malloc(n + 1);
	int rc;

	if (!data)
		return CC_ENOMEM;
	memcpy(data, text, n);
	data[n] = '\n';
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	rc = atomic_write_file(path, data, n + 1);
	free(data);
	return rc;
}

struct record *record_load(const char *path, char *err, size_t errlen)
{
	json_object *root = json_object_from_file(path), *cases;
	struct record *r;
	const char *schema;

	if (!root) {
		snprintf(err, errlen, "not a readable JSON file (%s)",
			 json_util_get_last_err());
		return NULL;
	}
	schema = jstr(root, "schema");
	if (!schema || strcmp(schema, RECORD_SCHEMA)) {
		snprintf(err, errlen, "schema is '%s', expected %s",
			 schema ? schema : "(none)", RECORD_SCHEMA);
		json_object_put(root);
		return NULL;
	}
	if (!json_object_object_get_ex(root, "cases", &cases) ||
	    !json_object_is_type(cases, json_type_array)) {
		snprintf(err, errlen, "no cases array");
		json_object_put(root);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		json_object_put(root);
		return NULL;
	}
	r->root = root;
	r->cases = cases;
	return r;
}

