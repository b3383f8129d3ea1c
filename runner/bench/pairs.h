/* SPDX-License-Identifier: MIT */
/*
 * Paired accuracy data: one reading of the device under test against one
 * reference reading, per row of a CSV file.
 *
 * File format (RFC 4180 subset, UTF-8, optional BOM, LF or CRLF):
 *
 *     subject,quantity,reference,device,unit
 *     S01,systolic,121,118,mmHg
 *     "S01",diastolic,80,83,mmHg
 *
 * - The first line that is neither blank nor a '#' comment is the header.
 *   Column names are case-insensitive and may come in any order; subject,
 *   reference and device are required, quantity and unit optional, other
 *   columns are ignored (notes, times).
 * - Fields may be double-quoted ("" is a quote inside); a quoted field may
 *   not span lines. Spaces around fields are dropped.
 * - reference and device are plain decimals ("-1.5", "1e2"; not "nan",
 *   "inf" or hex). unit cells must be known to units.h; an empty cell (or
 *   no unit column) takes the default unit given to the reader.
 * - Lines may hold at most PAIRS_MAX_LINE bytes and PAIRS_MAX_FIELDS
 *   fields; a file at most PAIRS_MAX_ROWS data rows.
 *
 * Errors go to a struct diag as "file:line:column: message" (both 1-based,
 * column counted in bytes). The reader keeps going after a bad row so one
 * run shows every problem, then fails as a whole: no pair set is returned
 * from a file with any error.
 */
#ifndef CARECERT_PAIRS_H
#define CARECERT_PAIRS_H

#include <stddef.h>

#include "base/diag.h"
#include "base/units.h"

#define PAIRS_MAX_LINE 4096	/* bytes per line, without the newline */
#define PAIRS_MAX_FIELDS 64	/* fields per line */
#define PAIRS_MAX_ROWS 1000000	/* data rows per file */
#define PAIRS_MAX_QUANTITIES 64 /* distinct quantity names per file */
#define PAIRS_NO_QUANTITY ((size_t)-1)

/*
 * One paired determination. The evaluators only look at subject, reference
 * and device: pairs with the same subject value belong to one subject, the
 * values need not be dense. Build them by hand or take them from a set.
 */
struct pair {
	size_t subject;  /* index into pair_set.subjects */
	size_t quantity; /* into pair_set.quantities, or PAIRS_NO_QUANTITY */
	double reference;
	double device;
	char unit[UNIT_NAME_MAX]; /* "" when neither file nor caller gave one */
	unsigned line;            /* CSV line, 0 when not from a file */
};

/*
 * A parsed file. Read-only for users; owns every array and string and is
 * released with pairs_free(). Invariants: n >= 1; every pair's subject <
 * n_subjects and quantity < n_quantities (or PAIRS_NO_QUANTITY exactly when
 * n_quantities == 0, i.e. the file has no quantity column).
 */
struct pair_set {
	char *file;
	struct pair *v;
	size_t n;
	char **subjects; /* in order of first appearance */
	size_t n_subjects;
	char **quantities; /* first spelling seen; matched case-insensitively */
	size_t n_quantities;
};

/*
 * Parse CSV text of len bytes (NUL bytes in it are errors). name labels the
 * diagnostics; d may be NULL when only the code matters. unit is the
 * default unit (NULL or "" for none) and must be known. On CC_OK *out is a
 * new set (free with pairs_free()); otherwise *out is NULL and:
 * CC_EINVAL  the text is malformed (each problem is in d);
 * CC_ENOMEM  out of memory.
 */
int pairs_parse(const char *name, const char *text, size_t len,
		const char *unit, struct pair_set **out, struct diag *d);

/* Read and parse a file; as pairs_parse(), plus CC_ENOTFOUND and CC_EIO
 * (with a diagnostic) when the file cannot be read. */
int pairs_read(const char *path, const char *unit, struct pair_set **out,
	       struct diag *d);

/* Free a set; NULL is fine. */
void pairs_free(struct pair_set *s);

/*
 * Copy the pairs of one quantity (NULL: all pairs) into a new array that the
 * caller frees with free(); d may be NULL. With unit non-NULL every value is converted to
 * it by unit_convert() and the copies carry that unit; with unit NULL the
 * selected pairs must already share one unit.
 * CC_ENOTFOUND  no pair has that quantity (d says so);
 * CC_EINVAL     a pair cannot be converted, or units are mixed (d names
 *               the first such row);
 * CC_ENOMEM     out of memory.
 * Glucose in mmol/L is best passed to acc_glucose_evaluate() unconverted:
 * unit_convert() uses 18.016 mg/dL per mmol/L, the error grid 18.
 */
int pairs_select(const struct pair_set *s, const char *quantity,
		 const char *unit, struct pair **out, size_t *n,
		 struct diag *d);

#endif
