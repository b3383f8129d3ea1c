/* SPDX-License-Identifier: MIT */
/*
 * A catalogue package read back: unpacked with every entry checked (the
 * tar comes from outside: no path may leave the folder, no link, no
 * device, bounded sizes), then checked offline against its own seal, its
 * index and each run's seal.
 */
#include "catalog/package.h"

#include "base/err.h"
#include "base/fileio.h"
#include "core/record.h"
#include "report/jtype.h"
#include "seal/sign.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A path inside the package: PACKAGE_ROOT/..., '/'-separated components
 * that are not empty, "." or "..", no backslash or control byte. */
static bool safe_path(const char *p)
{
	size_t n = strlen(p), root = strlen(PACKAGE_ROOT);
	int depth = 0;

	if (n >= PACKAGE_MAX_PATH || strncmp(p, PACKAGE_ROOT, root) ||
	    (p[root] != '/' && p[root]))
		return false;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == '\\' || *c == 0x7f)
			return false;
	for (const char *c = p; *c;) {
		size_t len = strcspn(c, "/");

		if (!len || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.')) {
			/* a trailing '/' (a folder entry) is the one empty part allowed */
			if (!len && !c[1] && c != p)
				break;
			return false;
		}
		if (++depth > SIGN_MAX_DEPTH + 3)
			return false;
		c += len;
		if (*c == '/')
			c++;
	}
	return true;
}

static int write_entry(struct archive *a, const char *path, la_int64_t size,
		       unsigned long long *total, char *err, size_t errlen)
{
	char parent[PATH_MAX];
	const void *buf;
	size_t len;
	la_int64_t off;
	int fd, r, rc = CC_OK;

	snprintf(parent, sizeof(parent), "%s", path);
	*strrchr(parent, '/') = 0;
	if (mkdir_p(parent)) {
		snprintf(err, errlen, "%s: cannot make its folder", path);
		return CC_EIO;
	}
	/* O_EXCL: an entry twice is refused; O_NOFOLLOW: never through a link */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path,
			 errno == EEXIST ? "in the package twice" : strerror(errno));
		return CC_EINVAL;
	}
	(void)size;
	while ((r = archive_read_data_block(a, &buf, &len, &off)) == ARCHIVE_OK) {
		*total += len;
		if (*total > PACKAGE_MAX_BYTES || (unsigned long long)off + len > PACKAGE_MAX_FILE) {
			snprintf(err, errlen, "the package unpacks to too much");
			rc = CC_EINVAL;
			break;
		}
		if (pwrite(fd, buf, len, off) != (ssize_t)len) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			rc = CC_EIO;
			break;
		}
	}
	if (!rc && r != ARCHIVE_EOF) {
		snprintf(err, errlen, "damaged archive: %s", archive_error_string(a));
		rc = CC_EINVAL;
	}
	close(fd);
	return rc;
}

int package_unpack(const char *tar, const char *dest, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *en;
	unsigned long long total = 0;
	size_t count = 0;
	int r, rc = CC_OK;

	if (!a)
		return CC_ENOMEM;
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, tar, 64 * 1024) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: %s", tar, archive_error_string(a));
		archive_read_free(a);
		return CC_EINVAL;
	}
	while (!rc && (r = archive_read_next_header(a, &en)) != ARCHIVE_EOF) {
		const char *name;
		char path[PATH_MAX];
		mode_t type;

		if (r != ARCHIVE_OK) {
			snprintf(err, errlen, "%s: damaged archive: %s", tar, archive_error_string(a));
			rc = CC_EINVAL;
			break;
		}
		name = archive_entry_pathname(en);
		type = archive_entry_filetype(en);
		if (!name || !safe_path(name)) {
			snprintf(err, errlen, "%s: refused: an entry outside %s/ (%.80s)", tar,
				 PACKAGE_ROOT, name ? name : "no name");
			rc = CC_EINVAL;
		} else if (++count > SIGN_MAX_FILES) {
			snprintf(err, errlen, "%s: refused: more than %d entries", tar, SIGN_MAX_FILES);
			rc = CC_EINVAL;
		} else if (type == AE_IFDIR) {
			snprintf(path, sizeof(path), "%s/%s", dest, name);
			if (mkdir_p(path))
				rc = CC_EIO;
		} else if (type != AE_IFREG || archive_entry_hardlink(en) ||
			   archive_entry_symlink(en)) {
			snprintf(err, errlen, "%s: refused: %s is not a regular file", tar, name);
			rc = CC_EINVAL;
		} else if (archive_entry_size(en) < 0 ||
			   (unsigned long long)archive_entry_size(en) > PACKAGE_MAX_FILE) {
			snprintf(err, errlen, "%s: refused: %s is too large", tar, name);
			rc = CC_EINVAL;
		} else {
			snprintf(path, sizeof(path), "%s/%s", dest, name);
			rc = write_entry(a, path, archive_entry_size(en), &total, err, errlen);
		}
	}
	archive_read_free(a);
	return rc;
}

static void say(FILE *f, const char *what, const char *fmt, const char *a, const char *b)
{
	fprintf(f, "%-8s ", what);
	fprintf(f, fmt, a ? a : "", b ? b : "");
	fputc('\n', f);
}

/* One run of the index against its folder; false when anything differs. */
static bool check_entry(const char *root, json_object *e, FILE *f)
{
	const char *dir = jt_str(e, "dir"), *want_sha = jt_str(e, "record_sha256"),
		   *want_v = jt_str(e, "verdict");
	char path[PATH_MAX], sha[SHA256_HEX_LEN + 1];
	struct sign_check chk;
	json_object *rec;
	char err[512];
	bool ok = true;

	if (!dir || strncmp(dir, "runs/", 5) || strstr(dir, "..") || strchr(dir + 5, '/') ||
	    !want_sha || !want_v) {
		say(f, "index", "an entry without a proper dir, record_sha256 or verdict%s%s", NULL,
		    NULL);
		return false;
	}
	snprintf(path, sizeof(path), "%s/%s", root, dir);
	if (sign_verify(path, NULL, &chk, err, sizeof(err))) {
		say(f, "run", "%s: %s", dir, err);
		return false;
	}
	if (!sign_check_ok(&chk)) {
		for (size_t i = 0; i < chk.nfindings; i++) {
			char rel[PATH_MAX];

			snprintf(rel, sizeof(rel), "%s/%s", dir, chk.findings[i].path);
			say(f, sign_change_name(chk.findings[i].change), "%s%s", rel, NULL);
		}
		if (chk.problem[0])
			say(f, "run", "%s: %s", dir, chk.problem);
		ok = false;
	}
	sign_check_release(&chk);
	snprintf(path, sizeof(path), "%s/%s/%s", root, dir, RECORD_FILE);
	if (sha256_file(path, sha) || strcmp(sha, want_sha)) {
		say(f, "index", "%s: the record's SHA-256 is not the index's%s", dir, NULL);
		return false;
	}
	rec = json_object_from_file(path);
	if (!rec || !jt_str(rec, "verdict") || strcmp(jt_str(rec, "verdict"), want_v) ||
	    strcmp(want_v, record_verdict_of(rec, NULL))) {
		say(f, "index", "%s: the verdict is not the record's, or not what its cases give%s",
		    dir, NULL);
		ok = false;
	}
	json_object_put(rec);
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", root, dir, i ? "report-zh.pdf" : "report.pdf");
		if (access(path, R_OK)) {
			say(f, "missing", "%s/%s", dir, i ? "report-zh.pdf" : "report.pdf");
			ok = false;
		}
	}
	if (ok) {
		json_object *dut = jt_obj(e, "dut");

		fprintf(f, "%-8s %s: %s %s, firmware %s: %s\n", "ok", dir,
			dut && jt_str(dut, "vendor") ? jt_str(dut, "vendor") : "?",
			dut && jt_str(dut, "model") ? jt_str(dut, "model") : "?",
			dut && jt_str(dut, "firmware") ? jt_str(dut, "firmware") : "?", want_v);
	}
	return ok;
}

int package_verify(const char *tar, const char *pubkey, FILE *f, bool *ok, char *err,
		   size_t errlen)
{
	char tmpl[PATH_MAX], root[PATH_MAX], path[PATH_MAX];
	const char *td = getenv("TMPDIR");
	struct sign_check chk;
	json_object *index = NULL, *runs;
	int rc;

	*ok = false;
	snprintf(tmpl, sizeof(tmpl), "%s/carecert-package-XXXXXX", td && *td ? td : "/tmp");
	if (!mkdtemp(tmpl)) {
		snprintf(err, errlen, "cannot make a temporary folder: %s", strerror(errno));
		return CC_EIO;
	}
	rc = package_unpack(tar, tmpl, err, errlen);
	snprintf(root, sizeof(root), "%s/%s", tmpl, PACKAGE_ROOT);
	if (!rc) {
		rc = sign_verify(root, pubkey, &chk, err, errlen);
		if (rc == CC_ENOTFOUND || rc == CC_EIO)
			rc = CC_EINVAL; /* no seal in the package: refused */
	}
	if (!rc) {
		for (size_t i = 0; i < chk.nfindings; i++)
			say(f, sign_change_name(chk.findings[i].change), "%s%s",
			    chk.findings[i].path, NULL);
		if (chk.problem[0])
			say(f, "package", "%s%s", chk.problem, NULL);
		*ok = sign_check_ok(&chk);
		if (*ok)
			fprintf(f, "%-8s the package's seal: every file as signed, key %s (%s)\n",
				"ok", chk.fpr, chk.trusted ? "the trusted key" : "not checked: give --pubkey");
		sign_check_release(&chk);
		snprintf(path, sizeof(path), "%s/%s", root, PACKAGE_INDEX);
		index = json_object_from_file(path);
		runs = index ? jt_arr(index, "runs") : NULL;
		if (!index || !jt_str(index, "schema") ||
		    strcmp(jt_str(index, "schema"), PACKAGE_SCHEMA) || !jt_len(runs)) {
			say(f, "index", "%s is missing, damaged or lists no run%s", PACKAGE_INDEX, NULL);
			*ok = false;
		}
		for (size_t i = 0; i < jt_len(runs); i++) {
			json_object *e = jt_idx_obj(runs, i);

			if (!e || !check_entry(root, e, f))
				*ok = false;
		}
		json_object_put(index);
	}
	remove_tree_contents(tmpl);
	rmdir(tmpl);
	return rc;
}
