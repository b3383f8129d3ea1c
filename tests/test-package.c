/* SPDX-License-Identifier: MIT */
/*
 * Catalogue packages: built from sealed runs and verified offline; runs
 * that cannot be submitted refused; a package changed after sealing (its
 * index, a run's file) fails verification naming the file; hostile tars
 * (paths leaving the folder, links, an entry twice) refused at unpacking
 * with nothing written outside.
 */
#include "store-cases.h"

#include "catalog/package.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

/* A sealed, complete run with both PDFs, signed with key. */
static char *sealed_run(const char *tmp, const char *name, const char *key,
			const struct sc_run *r)
{
	char *d = sc_make_run(tmp, name, r), fpr[SHA256_HEX_LEN + 1], err[512];

	free(tu_write(d, "report.pdf", "%PDF-1.4 en"));
	free(tu_write(d, "report-zh.pdf", "%PDF-1.4 zh"));
	ck_assert_msg(sign_run(d, key, fpr, err, sizeof(err)) == CC_OK, "%s", err);
	return d;
}

struct tar_entry {
	const char *name;
	const char *data; /* NULL: a symbolic link to /etc/passwd */
};

static void write_tar(const char *path, const struct tar_entry *e, size_t n)
{
	struct archive *a = archive_write_new();

	archive_write_set_format_pax_restricted(a);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *en = archive_entry_new();

		archive_entry_set_pathname(en, e[i].name);
		archive_entry_set_perm(en, 0644);
		if (e[i].data) {
			archive_entry_set_filetype(en, AE_IFREG);
			archive_entry_set_size(en, (la_int64_t)strlen(e[i].data));
		} else {
			archive_entry_set_filetype(en, AE_IFLNK);
			archive_entry_set_symlink(en, "/etc/passwd");
		}
		ck_assert_int_eq(archive_write_header(a, en), ARCHIVE_OK);
		if (e[i].data && *e[i].data)
			archive_write_data(a, e[i].data, strlen(e[i].data));
		archive_entry_free(en);
	}
	archive_write_close(a);
	archive_write_free(a);
}

/* Verify a package, its printed findings in *out (malloc'd). */
static bool verify(const char *tar, const char *pub, char **out)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	char err[512];
	bool ok = false;
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = package_verify(tar, pub, f, &ok, err, sizeof(err));
	fclose(f);
	*out = text;
	return rc == CC_OK && ok;
}

START_TEST(test_package_build_verify_tamper)
{
	char *tmp = tu_mkdtemp(), key[4200], pub[4200], key2[4200], pub2[4200], tar[4200],
	     err[1024], *runs[2], *out, dest[4200];

	snprintf(key, sizeof(key), "%s/lab.key", tmp);
	snprintf(pub, sizeof(pub), "%s/lab.key.pub", tmp);
	snprintf(key2, sizeof(key2), "%s/other.key", tmp);
	snprintf(pub2, sizeof(pub2), "%s/other.key.pub", tmp);
	ck_assert_int_eq(sign_keygen(key, pub, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(sign_keygen(key2, pub2, err, sizeof(err)), CC_OK);
	runs[0] = sealed_run(tmp, "a", key, &(struct sc_run){ .firmware = "1.0" });
	runs[1] = sealed_run(tmp, "b", key, &(struct sc_run){ .firmware = "1.1", .case2 = "fail" });
	snprintf(tar, sizeof(tar), "%s/p.tar", tmp);
	ck_assert_msg(package_build(runs, 2, tar, key, pub, err, sizeof(err)) == CC_OK, "%s", err);

	ck_assert_msg(verify(tar, pub, &out), "%s", out);
	ck_assert_msg(strstr(out, "runs/01-a: Acme BP-1, firmware 1.0: pass"), "%s", out);
	ck_assert_msg(strstr(out, "runs/02-b: Acme BP-1, firmware 1.1: fail"), "%s", out);
	free(out);
	/* signed, but not by the key the catalogue trusts */
	ck_assert(!verify(tar, pub2, &out));
	free(out);
	/* the same as a zip archive */
	{
		char zip[4200];

		snprintf(zip, sizeof(zip), "%s/p.zip", tmp);
		ck_assert_msg(package_build(runs, 2, zip, key, pub, err, sizeof(err)) == CC_OK, "%s",
			      err);
		out = tu_slurp(zip);
		ck_assert_msg(out && !strncmp(out, "PK", 2), "not a zip");
		free(out);
		ck_assert_msg(verify(zip, pub, &out), "%s", out);
		free(out);
	}

	/* the index edited after sealing: a fail made a pass */
	snprintf(dest, sizeof(dest), "%s/x", tmp);
	ck_assert_int_eq(mkdir(dest, 0755), 0);
	ck_assert_int_eq(package_unpack(tar, dest, err, sizeof(err)), CC_OK);
	{
		/* the index as written validates against its published schema */
		char cmd[9000];

		snprintf(cmd, sizeof(cmd), "python3 tools/schema-check.py %s/%s/index.json", dest,
			 PACKAGE_ROOT);
		ck_assert_msg(tu_run(cmd, &out) == 0, "%s", out);
		free(out);
	}
	{
		char path[4400], *idx, *p, *man, *sig, *ra, *rb;
		struct tar_entry e[6];

		snprintf(path, sizeof(path), "%s/%s/index.json", dest, PACKAGE_ROOT);
		idx = tu_slurp(path);
		ck_assert_ptr_nonnull(p = strstr(idx, "\"verdict\":\"fail\""));
		memcpy(p + 11, "pass", 4);
		snprintf(path, sizeof(path), "%s/%s/MANIFEST.sha256", dest, PACKAGE_ROOT);
		man = tu_slurp(path);
		snprintf(path, sizeof(path), "%s/%s/MANIFEST.sig", dest, PACKAGE_ROOT);
		sig = tu_slurp(path);
		snprintf(path, sizeof(path), "%s/%s/runs/01-a/result.json", dest, PACKAGE_ROOT);
		ra = tu_slurp(path);
		snprintf(path, sizeof(path), "%s/%s/runs/02-b/result.json", dest, PACKAGE_ROOT);
		rb = tu_slurp(path);
		e[0] = (struct tar_entry){ PACKAGE_ROOT "/index.json", idx };
		e[1] = (struct tar_entry){ PACKAGE_ROOT "/MANIFEST.sha256", man };
		e[2] = (struct tar_entry){ PACKAGE_ROOT "/MANIFEST.sig", sig };
		e[3] = (struct tar_entry){ PACKAGE_ROOT "/runs/01-a/result.json", ra };
		e[4] = (struct tar_entry){ PACKAGE_ROOT "/runs/02-b/result.json", rb };
		snprintf(path, sizeof(path), "%s/t.tar", tmp);
		write_tar(path, e, 5);
		ck_assert(!verify(path, pub, &out));
		ck_assert_msg(strstr(out, "changed  index.json"), "%s", out);
		ck_assert_msg(strstr(out, "removed  runs/01-a/report.pdf"), "%s", out);
		free(out);
		free(idx);
		free(man);
		free(sig);
		free(ra);
		free(rb);
	}
	free(runs[0]);
	free(runs[1]);
	tu_rmdir(tmp);
}
END_TEST

START_TEST(test_package_refusals)
{
	char *tmp = tu_mkdtemp(), key[4200], pub[4200], tar[4200], err[1024], *d, path[4400];
	struct stat st;

	snprintf(key, sizeof(key), "%s/lab.key", tmp);
	snprintf(pub, sizeof(pub), "%s/lab.key.pub", tmp);
	ck_assert_int_eq(sign_keygen(key, pub, err, sizeof(err)), CC_OK);
	snprintf(tar, sizeof(tar), "%s/p.tar", tmp);

	d = sc_make_run(tmp, "unsealed", &(struct sc_run){ 0 });
	free(tu_write(d, "report.pdf", "x"));
	free(tu_write(d, "report-zh.pdf", "x"));
	ck_assert_int_eq(package_build(&d, 1, tar, key, NULL, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "not sealed"), "%s", err);
	free(d);
	d = sealed_run(tmp, "running", key, &(struct sc_run){ .status = "running" });
	ck_assert_int_eq(package_build(&d, 1, tar, key, NULL, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "not complete"), "%s", err);
	free(d);
	d = sealed_run(tmp, "tampered", key, &(struct sc_run){ 0 });
	free(tu_write(d, "report-zh.pdf", "%PDF-1.4 changed"));
	ck_assert_int_eq(package_build(&d, 1, tar, key, NULL, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "report-zh.pdf changed"), "%s", err);
	free(d);
	d = sc_make_run(tmp, "nozh", &(struct sc_run){ 0 });
	free(tu_write(d, "report.pdf", "x"));
	ck_assert_int_eq(package_build(&d, 1, tar, key, NULL, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "no report-zh.pdf"), "%s", err);
	free(d);
	ck_assert_int_ne(stat(tar, &st), 0); /* nothing written */

	/* hostile tars: refused, nothing outside the folder */
	{
		static const struct tar_entry bad[][2] = {
			{ { PACKAGE_ROOT "/../../evil", "x" }, { NULL, NULL } },
			{ { "/tmp/evil-abs", "x" }, { NULL, NULL } },
			{ { "other/file", "x" }, { NULL, NULL } },
			{ { PACKAGE_ROOT "/link", NULL }, { NULL, NULL } },
			{ { PACKAGE_ROOT "/a", "x" }, { PACKAGE_ROOT "/a", "y" } },
			{ { PACKAGE_ROOT "/./a", "x" }, { NULL, NULL } },
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char dest[4400];

			snprintf(dest, sizeof(dest), "%s/u%zu", tmp, i);
			ck_assert_int_eq(mkdir(dest, 0755), 0);
			write_tar(tar, bad[i], bad[i][1].name ? 2 : 1);
			ck_assert_msg(package_unpack(tar, dest, err, sizeof(err)) == CC_EINVAL,
				      "entry %zu", i);
			snprintf(path, sizeof(path), "%s/evil", tmp);
			ck_assert_int_ne(stat(path, &st), 0);
			ck_assert_int_ne(stat("/tmp/evil-abs", &st), 0);
		}
		/* not a tar at all */
		free(tu_write(tmp, "junk.tar", "this is not an archive"));
		snprintf(path, sizeof(path), "%s/junk.tar", tmp);
		{
			char *out;

			ck_assert(!verify(path, NULL, &out));
			free(out);
		}
	}
	tu_rmdir(tmp);
}
END_TEST

Suite *suite_package(void)
{
	Suite *s = suite_create("package");
	TCase *tc = tcase_create("package");

	tcase_add_test(tc, test_package_build_verify_tamper);
	tcase_add_test(tc, test_package_refusals);
	suite_add_tcase(s, tc);
	return s;
}
