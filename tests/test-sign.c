/* SPDX-License-Identifier: MIT */
/*
 * Sealing run folders: keys, manifest, signature; one changed byte in any
 * file (data, subfolder, manifest or signature) fails verification naming
 * that file; added and removed files are named; a foreign key is refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "seal/sign.h"
#include "testutil.h"

static const char *const files[] = {"result.json", "traffic.jsonl",
				    "plots/a.svg", "report.html"};

static char *make_run(char **key, char **pub)
{
	char *dir = tu_mkdtemp(), err[256], path[4200];

	ck_assert_ptr_nonnull(dir);
	free(tu_write(dir, "result.json",
		      "{\"schema\": \"carecert/result/1\"}\n"));
	free(tu_write(dir, "traffic.jsonl", "{\"seq\":1}\n{\"seq\":2}\n"));
	free(tu_write(dir, "plots/a.svg", "<svg/>"));
	free(tu_write(dir, "report.html", "<html>report</html>"));
	snprintf(path, sizeof(path), "%s.key", dir);
	*key = strdup(path);
	snprintf(path, sizeof(path), "%s.pub", dir);
	*pub = strdup(path);
	unlink(*key);
	ck_assert_int_eq(sign_keygen(*key, *pub, err, sizeof(err)), CC_OK);
	return dir;
}

static void drop_run(char *dir, char *key, char *pub)
{
	unlink(key);
	unlink(pub);
	free(key);
	free(pub);
	tu_rmdir(dir);
}

static void flip_byte(const char *path, long off)
{
	FILE *f = fopen(path, "r+b");
	int c;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, off, SEEK_SET), 0);
	c = fgetc(f);
	ck_assert_int_ne(c, EOF);
	ck_assert_int_eq(fseek(f, off, SEEK_SET), 0);
	/* stay printable so that text parsers meet a plausible file */
	fputc(c == 'a' ? 'b' : 'a', f);
	fclose(f);
}

static long file_size(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (long)st.st_size;
}

START_TEST(test_sign_verify_clean)
{
	char *key, *pub, *dir = make_run(&key, &pub), fpr[65], err[256], *m;
	struct sign_check c;
	size_t len;

	ck_assert_int_eq(sign_run(dir, key, fpr, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
	ck_assert(sign_check_ok(&c));
	ck_assert(c.trusted);
	ck_assert_str_eq(c.fpr, fpr);
	sign_check_release(&c);
	/* without a trusted key it verifies but is not trusted */
	ck_assert_int_eq(sign_verify(dir, NULL, &c, err, sizeof(err)), CC_OK);
	ck_assert(sign_check_ok(&c));
	ck_assert(!c.trusted);
	sign_check_release(&c);
	/* sorted, subfolders with '/', the seal files left out */
	ck_assert_int_eq(sign_manifest(dir, &m, &len, err, sizeof(err)), CC_OK);
	ck_assert_ptr_nonnull(strstr(m, "  plots/a.svg\n"));
	ck_assert(strstr(m, "plots/a.svg") < strstr(m, "report.html"));
	ck_assert(strstr(m, "report.html") < strstr(m, "result.json"));
	ck_assert_ptr_null(strstr(m, "MANIFEST"));
	free(m);
	drop_run(dir, key, pub);
}
END_TEST

/* Every byte position of every data file: changed and named, nothing else. */
START_TEST(test_tamper_each_data_file)
{
	char *key, *pub, *dir = make_run(&key, &pub), fpr[65], err[256],
			 path[4200];
	struct sign_check c;

	ck_assert_int_eq(sign_run(dir, key, fpr, err, sizeof(err)), CC_OK);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		long n;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		n = file_size(path);
		for (long off = 0; off < n; off++) {
			char *orig = tu_slurp(path);

			flip_byte(path, off);
			ck_assert_int_eq(
			    sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
			ck_assert(!sign_check_ok(&c));
			ck_assert(
			    c.signature_ok); /* the seal itself is intact */
			ck_assert_uint_eq(c.nfindings, 1);
			ck_assert_int_eq(c.findings[0].change, SIGN_CHANGED);
			ck_assert_str_eq(c.findings[0].path, files[i]);
			sign_check_release(&c);
			free(tu_write(dir, files[i], orig));
			free(orig);
		}
	}
	ck_assert_int_eq(sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
	ck_assert(sign_check_ok(&c));
	sign_check_release(&c);
	drop_run(dir, key, pub);
}
END_TEST

/* Every byte of the manifest and of the signature: the seal fails and says
 * which of the two changed. */
START_TEST(test_tamper_seal_files)
{
	static const char *const seal[] = {SIGN_MANIFEST, SIGN_SIGNATURE};
	char *key, *pub, *dir = make_run(&key, &pub), fpr[65], err[256],
			 path[4200];
	struct sign_check c;

	ck_assert_int_eq(sign_run(dir, key, fpr, err, sizeof(err)), CC_OK);
	for (size_t i = 0; i < 2; i++) {
		long n;

		snprintf(path, sizeof(path), "%s/%s", dir, seal[i]);
		n = file_size(path);
		for (long off = 0; off < n; off++) {
			char *orig = tu_slurp(path);

			if (orig[off] == '\n') {
				free(orig);
				continue; /* a newline changed to 'a' is tested
					     elsewhere */
			}
			flip_byte(path, off);
			ck_assert_int_eq(
			    sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
			ck_assert_msg(!sign_check_ok(&c), "%s byte %ld",
				      seal[i], off);
			ck_assert_ptr_nonnull(c.bad_file);
			ck_assert_msg(!strcmp(c.bad_file, seal[i]),
				      "%s byte %ld: blamed %s", seal[i], off,
				      c.bad_file);
			ck_assert_ptr_nonnull(strstr(c.problem, seal[i]));
			sign_check_release(&c);
			free(tu_write(dir, seal[i], orig));
			free(orig);
		}
	}
	drop_run(dir, key, pub);
}
END_TEST

START_TEST(test_added_removed_and_foreign_key)
{
	char *key, *pub, *dir = make_run(&key, &pub), fpr[65], err[256],
			 path[4200];
	char *key2, *pub2, *dir2 = make_run(&key2, &pub2);
	struct sign_check c;

	ck_assert_int_eq(sign_run(dir, key, fpr, err, sizeof(err)), CC_OK);
	free(tu_write(dir, "plots/b.svg", "<svg/>"));
	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
	ck_assert(!sign_check_ok(&c));
	ck_assert_uint_eq(c.nfindings, 2);
	ck_assert_str_eq(c.findings[0].path, "plots/b.svg");
	ck_assert_int_eq(c.findings[0].change, SIGN_ADDED);
	ck_assert_str_eq(c.findings[1].path, "traffic.jsonl");
	ck_assert_int_eq(c.findings[1].change, SIGN_REMOVED);
	sign_check_release(&c);
	/* re-signed by another lab's key: intact, but not the trusted signer */
	ck_assert_int_eq(sign_run(dir, key2, fpr, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(sign_verify(dir, pub, &c, err, sizeof(err)), CC_OK);
	ck_assert(c.signature_ok);
	ck_assert(!c.key_ok);
	ck_assert(!sign_check_ok(&c));
	ck_assert_ptr_nonnull(strstr(c.problem, "not by the trusted key"));
	sign_check_release(&c);
	drop_run(dir2, key2, pub2);
	drop_run(dir, key, pub);
}
END_TEST

START_TEST(test_refusals)
{
	char *key, *pub, *dir = make_run(&key, &pub), fpr[65], err[256],
			 path[4200];
	struct sign_check c;

	/* never overwrite a key */
	ck_assert_int_ne(sign_keygen(key, pub, err, sizeof(err)), CC_OK);
	ck_assert_ptr_nonnull(strstr(err, key));
	/* the public key cannot sign */
	ck_assert_int_ne(sign_run(dir, pub, fpr, err, sizeof(err)), CC_OK);
	/* not signed yet */
	ck_assert_int_eq(sign_verify(dir, NULL, &c, err, sizeof(err)),
			 CC_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err, "not signed"));
	/* a symbolic link cannot be sealed */
	snprintf(path, sizeof(path), "%s/link", dir);
	ck_assert_int_eq(symlink("result.json", path), 0);
	ck_assert_int_eq(sign_run(dir, key, fpr, err, sizeof(err)), CC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "link: not a regular file"));
	ck_assert_int_eq(unlink(path), 0);
	/* a key that is not Ed25519 */
	free(tu_write(
	    dir, "../rsa.pem",
	    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
	snprintf(path, sizeof(path), "%s/../rsa.pem", dir);
	ck_assert_int_eq(sign_run(dir, path, fpr, err, sizeof(err)), CC_EINVAL);
	unlink(path);
	drop_run(dir, key, pub);
}
END_TEST

Suite *suite_sign(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("sign");

	tcase_add_test(tc, test_sign_verify_clean);
	tcase_add_test(tc, test_tamper_each_data_file);
	tcase_add_test(tc, test_tamper_seal_files);
	tcase_add_test(tc, test_added_removed_and_foreign_key);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return s;
}
