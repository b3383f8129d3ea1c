/* SPDX-License-Identifier: MIT */
/* carecert submit: sealed runs and their reports into one sealed tar. */
#include "catalog/package.h"

#include "base/err.h"
#include "base/fileio.h"
#include "core/record.h"
#include "report/jtype.h"
#include "seal/sign.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The PDFs a catalogue entry carries (carecert report, --lang zh). */
static const char *const pdfs[] = { "report.pdf", "report-zh.pdf" };

/* Copy the regular files and folders under src into dst (made). A sealed
 * folder holds nothing else: sign refuses links and devices. */
static int copy_tree(const char *src, const char *dst, int depth, char *err, size_t errlen)
{
	DIR *d;
	struct dirent *e;
	int rc = CC_OK;

	if (depth > SIGN_MAX_DEPTH || mkdir_p(dst)) {
		snprintf(err, errlen, "%s: cannot copy (too deep, or mkdir failed)", src);
		return CC_EIO;
	}
	if (!(d = opendir(src))) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		return CC_EIO;
	}
	while (!rc && (e = readdir(d))) {
		char s[PATH_MAX], t[PATH_MAX], *data = NULL;
		struct stat st;
		size_t len;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(s, sizeof(s), "%s/%s", src, e->d_name);
		snprintf(t, sizeof(t), "%s/%s", dst, e->d_name);
		if (lstat(s, &st)) {
			rc = CC_EIO;
		} else if (S_ISDIR(st.st_mode)) {
			rc = copy_tree(s, t, depth + 1, err, errlen);
			continue;
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file", s);
			rc = CC_EINVAL;
			continue;
		} else if (!(rc = read_file(s, &data, &len))) {
			rc = atomic_write_file(t, data, len);
		}
		free(data);
		if (rc && !err[0])
			snprintf(err, errlen, "%s: cannot copy", s);
	}
	closedir(d);
	return rc;
}

/* Unique "standard clause" pairs of the cases, each with the worst
 * verdict of the cases verifying it. */
static json_object *covered(json_object *root)
{
	json_object *out = json_object_new_array(), *seen = json_object_new_object(),
		    *cases = jt_arr(root, "cases");

	for (size_t i = 0; i < jt_len(cases); i++) {
		json_object *c = jt_idx_obj(cases, i), *reqs = c ? jt_arr(c, "requirements") : NULL;
		const char *v = c ? jt_str(c, "verdict") : NULL;
		enum verdict cv = VERDICT_NONE;

		if (!v || verdict_from_name(v, &cv))
			continue;
		for (size_t k = 0; k < jt_len(reqs); k++) {
			json_object *q = jt_idx_obj(reqs, k), *have;
			const char *std = q ? jt_str(q, "standard") : NULL,
				   *cl = q ? jt_str(q, "clause") : NULL;
			char key[512];
			enum verdict hv;

			if (!std || !cl)
				continue;
			snprintf(key, sizeof(key), "%s\x1f%s", std, cl);
			if (json_object_object_get_ex(seen, key, &have)) {
				if (!verdict_from_name(json_object_get_string(
							       json_object_object_get(have, "verdict")),
						       &hv))
					json_object_object_add(have, "verdict",
							       json_object_new_string(verdict_name(
								       verdict_merge(hv, cv))));
				continue;
			}
			have = json_object_new_object();
			json_object_object_add(have, "standard", json_object_new_string(std));
			json_object_object_add(have, "clause", json_object_new_string(cl));
			json_object_object_add(have, "verdict", json_object_new_string(v));
			json_object_object_add(seen, key, have);
			json_object_array_add(out, json_object_get(have));
		}
	}
	json_object_put(seen);
	return out;
}

static json_object *jcopy(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get(v) : NULL;
}

/* Check one run for submission; its index entry in *entry. */
static int check_run(const char *dir, const char *pubkey, const char *rel, json_object **entry,
		     char *err, size_t errlen)
{
	struct sign_check chk;
	char path[PATH_MAX], sha[SHA256_HEX_LEN + 1];
	json_object *root, *e, *dut;
	const char *status, *verdict;
	int rc;

	for (size_t i = 0; i < sizeof(pdfs) / sizeof(pdfs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, pdfs[i]);
		if (access(path, R_OK)) {
			snprintf(err, errlen, "%s: no %s (carecert report %s%s, before sealing)", dir,
				 pdfs[i], dir, i ? " --lang zh" : "");
			return CC_EINVAL;
		}
	}
	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_SIGNATURE);
	if (access(path, F_OK)) {
		snprintf(err, errlen, "%s: not sealed (carecert sign)", dir);
		return CC_EINVAL;
	}
	if ((rc = sign_verify(dir, pubkey, &chk, err, errlen)))
		return rc == CC_ENOMEM ? rc : CC_EINVAL;
	if (!sign_check_ok(&chk)) {
		snprintf(err, errlen, "%s: seal broken: %s%s", dir,
			 chk.nfindings ? chk.findings[0].path : chk.problem,
			 chk.nfindings ? (chk.findings[0].change == SIGN_ADDED ? " added"
					  : chk.findings[0].change == SIGN_REMOVED ? " removed"
										  : " changed")
				       : "");
		sign_check_release(&chk);
		return CC_EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	if (sha256_file(path, sha) || !(root = json_object_from_file(path)) ||
	    !json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "%s: damaged", path);
		sign_check_release(&chk);
		return CC_EINVAL;
	}
	status = jt_str(root, "status");
	verdict = jt_str(root, "verdict");
	if (!status || strcmp(status, "complete")) {
		snprintf(err, errlen, "%s: the run is not complete (status %s)", path,
			 status ? status : "missing");
		rc = CC_EINVAL;
	} else if (!verdict || strcmp(verdict, record_verdict_of(root, NULL))) {
		snprintf(err, errlen, "%s: damaged: its verdict is not what its cases give", path);
		rc = CC_EINVAL;
	}
	if (rc) {
		json_object_put(root);
		sign_check_release(&chk);
		return rc;
	}
	e = json_object_new_object();
	dut = jt_obj(root, "dut");
	json_object_object_add(e, "dir", json_object_new_string(rel));
	json_object_object_add(e, "record_sha256", json_object_new_string(sha));
	json_object_object_add(e, "seal_key", json_object_new_string(chk.fpr));
	json_object_object_add(e, "dut", dut ? json_object_get(dut) : NULL);
	json_object_object_add(e, "lab", jcopy(root, "lab"));
	json_object_object_add(e, "status", json_object_new_string(status));
	json_object_object_add(e, "verdict", json_object_new_string(verdict));
	json_object_object_add(e, "start", jcopy(root, "start"));
	json_object_object_add(e, "end", jcopy(root, "end"));
	json_object_object_add(e, "summary", jcopy(root, "summary"));
	json_object_object_add(e, "requirements", covered(root));
	json_object_object_add(e, "reports", json_tokener_parse("[\"report.pdf\", \"report-zh.pdf\"]"));
	*entry = e;
	json_object_put(root);
	sign_check_release(&chk);
	return CC_OK;
}

/* One file of the staging folder into the tar as PACKAGE_ROOT/rel. */
static int tar_file(struct archive *a, const char *staging, const char *rel, time_t mtime,
		    char *err, size_t errlen)
{
	char src[PATH_MAX], name[PATH_MAX], *data = NULL;
	struct archive_entry *en;
	size_t len;
	int rc;

	snprintf(src, sizeof(src), "%s/%s", staging, rel);
	snprintf(name, sizeof(name), "%s/%s", PACKAGE_ROOT, rel);
	if ((rc = read_file(src, &data, &len))) {
		snprintf(err, errlen, "%s: cannot read", src);
		return rc;
	}
	if (!(en = archive_entry_new())) {
		free(data);
		return CC_ENOMEM;
	}
	archive_entry_set_pathname(en, name);
	archive_entry_set_size(en, (la_int64_t)len);
	archive_entry_set_filetype(en, AE_IFREG);
	archive_entry_set_perm(en, 0644);
	archive_entry_set_mtime(en, mtime, 0);
	if (archive_write_header(a, en) != ARCHIVE_OK ||
	    (len && archive_write_data(a, data, len) != (la_ssize_t)len)) {
		snprintf(err, errlen, "%s: %s", name, archive_error_string(a));
		rc = CC_EIO;
	}
	archive_entry_free(en);
	free(data);
	return rc;
}

/* The sealed staging folder as a tar (or zip): files in the manifest's order, then
 * the manifest and its signature; folders are implied. */
static int write_tar(const char *staging, const char *tmp, bool zip, char *err, size_t errlen)
{
	struct archive *a = archive_write_new();
	char *manifest = NULL, *line, *save = NULL;
	size_t mlen;
	time_t now = time(NULL);
	int rc;

	if (!a)
		return CC_ENOMEM;
	if (zip)
		archive_write_set_format_zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (archive_write_open_filename(a, tmp) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", tmp, archive_error_string(a));
		archive_write_free(a);
		return CC_EIO;
	}
	rc = sign_manifest(staging, &manifest, &mlen, err, errlen);
	/* "<hash>  <path>" per line */
	for (line = rc ? NULL : strtok_r(manifest, "\n", &save); !rc && line;
	     line = strtok_r(NULL, "\n", &save))
		if (strlen(line) > SHA256_HEX_LEN + 2)
			rc = tar_file(a, staging, line + SHA256_HEX_LEN + 2, now, err, errlen);
	if (!rc)
		rc = tar_file(a, staging, SIGN_MANIFEST, now, err, errlen);
	if (!rc)
		rc = tar_file(a, staging, SIGN_SIGNATURE, now, err, errlen);
	free(manifest);
	if (archive_write_close(a) != ARCHIVE_OK && !rc) {
		snprintf(err, errlen, "%s: %s", tmp, archive_error_string(a));
		rc = CC_EIO;
	}
	archive_write_free(a);
	return rc;
}

/* A run's folder name in the package: its place and its own name, in
 * letters, digits, '-', '_' and '.' only. */
static void run_name(size_t i, const char *dir, char *out, size_t len)
{
	char base[PATH_MAX];
	const char *b;
	size_t k;

	snprintf(base, sizeof(base), "%s", dir);
	for (k = strlen(base); k > 1 && base[k - 1] == '/'; k--)
		base[k - 1] = 0;
	b = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
	snprintf(out, len, "runs/%02zu-%.60s", i + 1, b);
	for (char *p = out + 5; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			*p = '_';
}

int package_build(char *const *run_dirs, size_t n, const char *out_tar, const char *key,
		  const char *pubkey, char *err, size_t errlen)
{
	char staging[PATH_MAX], tmp[PATH_MAX], fpr[SHA256_HEX_LEN + 1], path[PATH_MAX];
	json_object *index = json_object_new_object(), *runs = json_object_new_array();
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc = CC_OK;

	err[0] = 0;
	json_object_object_add(index, "schema", json_object_new_string(PACKAGE_SCHEMA));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(index, "created", json_object_new_string(stamp));
	json_object_object_add(index, "runs", runs);
	snprintf(staging, sizeof(staging), "%s.staging.XXXXXX", out_tar);
	if (!n) {
		snprintf(err, errlen, "name at least one run folder");
		json_object_put(index);
		return CC_EINVAL;
	}
	if (!mkdtemp(staging)) {
		snprintf(err, errlen, "%s: cannot make a staging folder: %s", staging, strerror(errno));
		json_object_put(index);
		return CC_EIO;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		json_object *e = NULL;
		char rel[128];

		run_name(i, run_dirs[i], rel, sizeof(rel));
		rc = check_run(run_dirs[i], pubkey, rel, &e, err, errlen);
		if (!rc) {
			json_object_array_add(runs, e);
			snprintf(path, sizeof(path), "%s/%s", staging, rel);
			rc = copy_tree(run_dirs[i], path, 0, err, errlen);
		}
	}
	if (!rc) {
		const char *text = json_object_to_json_string_ext(index, JSON_C_TO_STRING_PRETTY |
									 JSON_C_TO_STRING_NOSLASHESCAPE);

		snprintf(path, sizeof(path), "%s/%s", staging, PACKAGE_INDEX);
		rc = atomic_write_file(path, text, strlen(text));
	}
	if (!rc)
		rc = sign_run(staging, key, fpr, err, errlen);
	if (!rc) {
		snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", out_tar, (long)getpid());
		size_t ol = strlen(out_tar);

		/* PACKAGE.zip: a zip archive; anything else: a tar */
		rc = write_tar(staging, tmp, ol > 4 && !strcmp(out_tar + ol - 4, ".zip"), err, errlen);
		if (!rc && rename(tmp, out_tar)) {
			snprintf(err, errlen, "%s: %s", out_tar, strerror(errno));
			rc = CC_EIO;
		}
		if (rc)
			unlink(tmp);
	}
	remove_tree_contents(staging);
	rmdir(staging);
	json_object_put(index);
	if (rc && !err[0])
		snprintf(err, errlen, "%s", cc_strerror(rc));
	return rc;
}
