/* SPDX-License-Identifier: MIT */
/*
 * A catalogue package from outside (catalog/unpack.c package_unpack, over
 * libarchive's tar reader): every entry checked before anything is
 * written; nothing may land outside the folder it is unpacked into. The
 * input as a tar or zip file, unpacked into a fresh folder that is then emptied.
 * Seeds: generated tars of a package's shape, and of refused shapes (a
 * path leaving the folder, a link, an entry twice).
 */
#include <archive.h>
#include <archive_entry.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/fileio.h"
#include "catalog/package.h"
#include "fuzz.h"

static char tar[PATH_MAX], dest[PATH_MAX], outside[PATH_MAX];

static void init(void)
{
	snprintf(tar, sizeof(tar), "%s/in.tar", fuzz_tmpdir());
	snprintf(dest, sizeof(dest), "%s/out", fuzz_tmpdir());
	snprintf(outside, sizeof(outside), "%s/evil", fuzz_tmpdir());
	fuzz_assert(!mkdir_p(dest));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	int rc;

	fuzz_write(tar, data, size);
	rc = package_unpack(tar, dest, err, sizeof(err));
	fuzz_assert(rc == CC_OK || rc == CC_EINVAL || rc == CC_EIO);
	fuzz_assert(access(outside, F_OK)); /* nothing beside the folder */
	fuzz_assert(!remove_tree_contents(dest));
	return 0;
}

struct entry {
	const char *name, *data; /* data NULL: a link */
};

static void seed_tar(const char *name, const struct entry *e, size_t n)
{
	size_t nl = strlen(name);
	bool zip = nl > 4 && !strcmp(name + nl - 4, ".zip");
	struct archive *a = archive_write_new();
	char path[PATH_MAX], *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/seed.tar", fuzz_tmpdir());
	if (zip)
		archive_write_set_format_zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	fuzz_assert(archive_write_open_filename(a, path) == ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *en = archive_entry_new();

		archive_entry_set_pathname(en, e[i].name);
		archive_entry_set_perm(en, 0644);
		if (e[i].data) {
			archive_entry_set_filetype(en, AE_IFREG);
			archive_entry_set_size(en, (la_int64_t)strlen(e[i].data));
		} else {
			archive_entry_set_filetype(en, AE_IFLNK);
			archive_entry_set_symlink(en, "../evil");
		}
		archive_write_header(a, en);
		if (e[i].data)
			archive_write_data(a, e[i].data, strlen(e[i].data));
		archive_entry_free(en);
	}
	archive_write_close(a);
	archive_write_free(a);
	fuzz_assert(!read_file(path, &text, &len));
	fuzz_seed(name, text, len);
	free(text);
}

static void generate(void)
{
	static const struct entry good[] = {
		{ PACKAGE_ROOT "/index.json", "{\"schema\": \"carecert/package/1\", \"runs\": []}" },
		{ PACKAGE_ROOT "/runs/01-a/result.json", "{}" },
		{ PACKAGE_ROOT "/MANIFEST.sha256", "" },
	};
	static const struct entry up[] = { { PACKAGE_ROOT "/../evil", "x" } };
	static const struct entry link[] = { { PACKAGE_ROOT "/l", NULL } };
	static const struct entry twice[] = { { PACKAGE_ROOT "/a", "x" }, { PACKAGE_ROOT "/a", "y" } };

	seed_tar("good.tar", good, 3);
	seed_tar("good.zip", good, 3);
	seed_tar("up.zip", up, 1);
	seed_tar("up.tar", up, 1);
	seed_tar("link.tar", link, 1);
	seed_tar("twice.tar", twice, 2);
}

const struct fuzz_harness fuzz_harness = {
	.name = "package", .generate = generate, .init = init
};
