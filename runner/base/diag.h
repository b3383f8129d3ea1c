/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics for input the user wrote (profiles, suites, command lines).
 *
 * Each entry is printed as "file:line:column: message" (1-based, as compilers
 * do), or "carecert: message" when it has no location. Loaders keep going
 * after an error where they can, so one `carecert validate` shows them all.
 * The struct owns its strings.
 */
#ifndef CARECERT_DIAG_H
#define CARECERT_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define DIAG_MAX_ENTRIES 200 /* beyond this, further entries are dropped */

struct diag_entry {
	char *file; /* NULL: no location */
	unsigned line, col;
	char *msg;
};

struct diag {
	struct diag_entry *v;
	size_t n, alloc;
	size_t dropped;
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

/* Add an entry. file may be NULL; line/col are 1-based (0 = unknown). */
void diag_add(struct diag *d, const char *file, unsigned line, unsigned col,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Print every entry, one per line. */
void diag_print(const struct diag *d, FILE *f);

static inline size_t diag_count(const struct diag *d)
{
	return d->n + d->dropped;
}

#endif
