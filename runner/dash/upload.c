/* SPDX-License-Identifier: MIT */
/* POST /api/import: a bench's sealed package, verified, then imported. */
#include "dash/upload.h"

#include "base/err.h"
#include "base/fileio.h"
#include "catalog/package.h"
#include "report/jtype.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dash_tokens {
	size_t n;
	struct {
		char name[64];
		char hash[SHA256_HEX_LEN + 1];
	} t[DASH_MAX_TOKENS];
};

int dash_tokens_load(const char *path, struct dash_tokens **out, char *err, size_t errlen)
{
	struct dash_tokens *t = calloc(1, sizeof(*t));
	FILE *f = fopen(path, "r");
	char line[512];
	int ln = 0;

	*out = NULL;
	if (!t || !f) {
		snprintf(err, errlen, "%s: %s", path, f ? "out of memory" : strerror(errno));
		free(t);
		if (f)
			fclose(f);
		return CC_EINVAL;
	}
	while (fgets(line, sizeof(line), f)) {
		char name[64], hash[80], extra[8];
		int k;

		ln++;
		line[strcspn(line, "#\r\n")] = 0;
		k = sscanf(line, "%63s %79s %7s", name, hash, extra);
		if (k <= 0)
			continue;
		if (k != 2 || strlen(hash) != SHA256_HEX_LEN ||
		    strspn(hash, "0123456789abcdef") != SHA256_HEX_LEN || t->n >= DASH_MAX_TOKENS) {
			snprintf(err, errlen, "%s:%d:1: expected 'NAME SHA256HEX' (the hex SHA-256 of"
				 " the bench's token, lower case)", path, ln);
			fclose(f);
			free(t);
			return CC_EINVAL;
		}
		snprintf(t->t[t->n].name, sizeof(t->t[t->n].name), "%s", name);
		memcpy(t->t[t->n].hash, hash, SHA256_HEX_LEN + 1);
		t->n++;
	}
	fclose(f);
	if (!t->n) {
		snprintf(err, errlen, "%s: no token", path);
		free(t);
		return CC_EINVAL;
	}
	*out = t;
	return CC_OK;
}

void dash_tokens_free(struct dash_tokens *t)
{
	free(t);
}

bool dash_tokens_check(const struct dash_tokens *t, const char *auth, char *name, size_t namelen)
{
	char hash[SHA256_HEX_LEN + 1];
	bool ok = false;

	if (!t || !auth || strncmp(auth, "Bearer ", 7) || strlen(auth + 7) < 16 ||
	    strlen(auth + 7) > 512)
		return false;
	sha256_hex(auth + 7, strlen(auth + 7), hash);
	/* every entry compared, in constant time each */
	for (size_t i = 0; i < t->n; i++)
		if (!CRYPTO_memcmp(hash, t->t[i].hash, SHA256_HEX_LEN) && !ok) {
			ok = true;
			snprintf(name, namelen, "%s", t->t[i].name);
		}
	return ok;
}

static void reply(struct buf *body, json_object *o)
{
	if (buf_append_str(body, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
									   JSON_C_TO_STRING_NOSLASHESCAPE)))
		buf_reset(body);
	json_object_put(o);
}

static void refuse(int *status, int code, struct buf *body, const char *why, const char *detail)
{
	json_object *o = json_object_new_object();

	*status = code;
	json_object_object_add(o, "error", json_object_new_string(why));
	if (detail && *detail)
		json_object_object_add(o, "detail", json_object_new_string(detail));
	reply(body, o);
}

void dash_import_package(struct store *s, const char *tar, const char *pubkey,
			 const char *bench, int *status, struct buf *body)
{
	char *findings = NULL, tmpl[PATH_MAX], root[PATH_MAX], path[PATH_MAX], err[1024];
	size_t flen = 0;
	FILE *f = open_memstream(&findings, &flen);
	const char *td = getenv("TMPDIR");
	json_object *index, *runs, *out;
	bool ok = false;
	int rc;

	if (!f) {
		refuse(status, 500, body, "out of memory", NULL);
		return;
	}
	rc = package_verify(tar, pubkey, f, &ok, err, sizeof(err));
	fclose(f);
	if (rc || !ok) {
		refuse(status, rc && rc != CC_EINVAL ? 500 : 422, body,
		       "the package does not verify", rc ? err : findings);
		free(findings);
		return;
	}
	free(findings);
	snprintf(tmpl, sizeof(tmpl), "%s/carecert-import-XXXXXX", td && *td ? td : "/tmp");
	if (!mkdtemp(tmpl)) {
		refuse(status, 500, body, "no temporary folder", strerror(errno));
		return;
	}
	if ((rc = package_unpack(tar, tmpl, err, sizeof(err)))) {
		refuse(status, 422, body, "the package does not unpack", err);
		goto out;
	}
	snprintf(root, sizeof(root), "%s/%s", tmpl, PACKAGE_ROOT);
	snprintf(path, sizeof(path), "%s/%s", root, PACKAGE_INDEX);
	index = json_object_from_file(path);
	runs = index ? jt_arr(index, "runs") : NULL;
	out = json_object_new_array();
	*status = 200;
	/* verified above: each dir is runs/NAME of this package */
	for (size_t i = 0; i < jt_len(runs); i++) {
		json_object *e = jt_idx_obj(runs, i), *r;
		char origin[256];
		struct store_add_opts o = { .require_seal = true, .origin = origin };
		struct store_add_result res;
		const char *dir = e ? jt_str(e, "dir") : NULL;

		if (!dir)
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, dir);
		snprintf(origin, sizeof(origin), "(pushed by %s: %s)", bench, dir);
		rc = store_add_run(s, path, &o, &res, err, sizeof(err));
		r = json_object_new_object();
		json_object_object_add(r, "dir", json_object_new_string(dir));
		if (rc) {
			json_object_object_add(r, "refused", json_object_new_string(err));
			*status = rc == CC_EINVAL ? (*status == 200 ? 422 : *status) : 500;
		} else {
			json_object_object_add(r, "sha256", json_object_new_string(res.sha256));
			json_object_object_add(r, "already", json_object_new_boolean(res.already));
			json_object_object_add(r, "verdict", json_object_new_string(res.verdict));
		}
		json_object_array_add(out, r);
	}
	json_object_put(index);
	{
		json_object *o = json_object_new_object();

		json_object_object_add(o, "runs", out);
		/* the bench is told its runs are stored only once they are on disk */
		if (store_sync(s, err, sizeof(err))) {
			*status = 500;
			json_object_object_add(o, "error", json_object_new_string(err));
		}
		reply(body, o);
	}
out:
	remove_tree_contents(tmpl);
	rmdir(tmpl);
}
