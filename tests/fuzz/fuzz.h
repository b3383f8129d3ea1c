/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer harnesses share (docs/fuzzing.md). Each harness is one
 * file tests/fuzz/fuzz-NAME.c that defines LLVMFuzzerTestOneInput() and one
 * `const struct fuzz_harness fuzz_harness`; the Makefile finds the files by
 * wildcard and links each with fuzz.c into build/fuzz/fuzz-NAME.
 *
 * Seeds: with CARECERT_FUZZ_SEEDS=DIR in the environment, a harness binary
 * writes its seed corpus into DIR and exits instead of fuzzing: every file
 * its `seeds` globs match under the source tree (CARECERT_TOP, else "."),
 * then whatever its `generate` function makes. tools/fuzz.sh does this
 * before each run; tests/fuzz/corpus/NAME/ (inputs that once crashed) is
 * passed to libFuzzer as a further corpus directory.
 *
 * The harness checks what the parser's header promises (bounds, counts,
 * progress) with fuzz_assert(), which aborts: libFuzzer reports the input.
 */
#ifndef CARECERT_FUZZ_H
#define CARECERT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_harness {
	const char *name;
	/* globs relative to the source tree, NULL-terminated; may be NULL */
	const char *const *seeds;
	/* writes more seeds with fuzz_seed(); may be NULL */
	void (*generate)(void);
	/* once per process before the first input; may be NULL */
	void (*init)(void);
};

extern const struct fuzz_harness fuzz_harness;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree, absolute. */
const char *fuzz_top(void);
/* A private scratch directory for this process (under $TMPDIR), removed
 * at exit. */
const char *fuzz_tmpdir(void);
/* data as a NUL-terminated malloc'd string (aborts on out of memory). */
char *fuzz_strndup(const uint8_t *data, size_t size);
/* Write data to path (replacing it); aborts when it cannot. */
void fuzz_write(const char *path, const void *data, size_t size);
/* Read a file of the source tree (path relative to it) into a malloc'd,
 * NUL-terminated buffer; NULL when it is absent. */
char *fuzz_read_top(const char *rel, size_t *size);
/* Add a generated seed (during generate only): name must be unique in the
 * harness. */
void fuzz_seed(const char *name, const void *data, size_t size);

void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));
#define fuzz_assert(c) ((c) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #c))

#endif
