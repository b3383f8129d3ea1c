/* SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz.h"

#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[PATH_MAX];
static char tmpdir[PATH_MAX];
static const char *seed_dir; /* set while generating seeds */

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: harness check failed: %s\n", file, line, what);
	abort();
}

const char *fuzz_top(void)
{
	if (!top[0]) {
		const char *t = getenv("CARECERT_TOP");

		if (!realpath(t && *t ? t : ".", top))
			fuzz_fail(__FILE__, __LINE__,
				  "CARECERT_TOP is not a directory");
	}
	return top;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_tmpdir(void)
{
	/* FTW_PHYS: links into the source tree are removed, not followed */
	if (tmpdir[0])
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(tmpdir, sizeof(tmpdir), "%s/carecert-fuzz-XXXXXX",
			 t && *t ? t : "/tmp");
		if (!mkdtemp(tmpdir))
			fuzz_fail(__FILE__, __LINE__, "mkdtemp");
		atexit(rm_tmpdir);
	}
	return tmpdir;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (size)
		memcpy(s, data, size);
	s[size] = 0;
	return s;
}

void fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		fuzz_fail(__FILE__, __LINE__, "cannot write a scratch file");
	}
}

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET) && (s = malloc((size_t)n + 1))) {
		if (fread(s, 1, (size_t)n, f) != (size_t)n) {
			free(s);
			s = NULL;
		} else {
			s[n] = 0;
			if (size)
				*size = (size_t)n;
		}
	}
	fclose(f);
	return s;
}

char *fuzz_read_top(const char *rel, size_t *size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", fuzz_top(), rel);
	return slurp(path, size);
}

void fuzz_seed(const char *name, const void *data, size_t size)
{
	char path[PATH_MAX];

	if (!seed_dir)
		fuzz_fail(__FILE__, __LINE__, "fuzz_seed outside generate");
	snprintf(path, sizeof(path), "%s/%s", seed_dir, name);
	fuzz_write(path, data, size);
}

/* Copy the files the harness's globs match; the seed's name is the path
 * relative to the tree with '/' as '_'. */
static void copy_seeds(void)
{
	const char *const *g = fuzz_harness.seeds;

	for (; g && *g; g++) {
		char pat[PATH_MAX];
		size_t tl = strlen(fuzz_top()) + 1;
		glob_t gl;

		snprintf(pat, sizeof(pat), "%s/%s", fuzz_top(), *g);
		if (glob(pat, 0, NULL, &gl))
			continue; /* nothing matches (e.g. ../shared is absent)
				   */
		for (size_t i = 0; i < gl.gl_pathc; i++) {
			struct stat st;
			char name[PATH_MAX];
			size_t size = 0;
			char *data;

			if (stat(gl.gl_pathv[i], &st) || !S_ISREG(st.st_mode) ||
			    !(data = slurp(gl.gl_pathv[i], &size)))
				continue;
			snprintf(name, sizeof(name), "%s",
				 strlen(gl.gl_pathv[i]) > tl
				     ? gl.gl_pathv[i] + tl
				     : gl.gl_pathv[i]);
			for (char *p = name; *p; p++)
				if (*p == '/')
					*p = '_';
			fuzz_seed(name, data, size);
			free(data);
		}
		globfree(&gl);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("CARECERT_FUZZ_SEEDS");

	(void)argc;
	(void)argv;
	if (dir && *dir) {
		seed_dir = dir;
		if (mkdir(dir, 0755) && errno != EEXIST)
			fuzz_fail(__FILE__, __LINE__,
				  "cannot create the seed directory");
		copy_seeds();
		if (fuzz_harness.generate)
			fuzz_harness.generate();
		exit(0);
	}
	if (fuzz_harness.init)
		fuzz_harness.init();
	return 0;
}
