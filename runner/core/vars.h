/* SPDX-License-Identifier: MIT */
/*
 * Variables of a run: captures and stored values that steps refer to as
 * ${name}. Lookup order: the case's own variables, then the run's (values a
 * case stored with scope: run), then built-ins supplied by a resolver
 * (dut.*, limit.*, now.utc). A struct vars owns copies of names and values.
 */
#ifndef CARECERT_VARS_H
#define CARECERT_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define VARS_MAX 512 /* more is a suite bug (runaway capture), not data */

struct var {
	char *name;
	char *value;
};

struct vars {
	struct var *v;
	size_t n, alloc;
};

void vars_init(struct vars *vs);
void vars_release(struct vars *vs);
int vars_set(struct vars *vs, const char *name, const char *value)
	__attribute__((warn_unused_result));
int vars_setf(struct vars *vs, const char *name, const char *fmt, ...)
	__attribute__((warn_unused_result, format(printf, 3, 4)));
const char *vars_get(const struct vars *vs, const char *name);

/* Built-in lookup: returns a value (owned by the resolver's data) or NULL. */
typedef const char *(*vars_builtin_fn)(void *data, const char *name,
				       char *scratch, size_t scratch_len);

struct vars_scope {
	const struct vars *local;
	const struct vars *run;
	vars_builtin_fn builtin;
	void *builtin_data;
};

/* Expand ${name} references in template into out (appended). An undefined
 * name gives CC_ENOTFOUND with its name in err. */
int vars_expand(const struct vars_scope *sc, const char *template,
		struct buf *out, char *err, size_t errlen);

/* Evaluate "A OP B" (OP: == != < <= > >=) after expansion. Numbers compare
 * numerically; == and != fall back to string comparison. CC_OK with *result,
 * or CC_EINVAL / CC_ENOTFOUND with a message. */
int vars_condition(const struct vars_scope *sc, const char *cond,
		   bool *result, char *err, size_t errlen);

/* Parse a whole string as a finite number. */
bool parse_number(const char *s, double *out);

#endif
