/* SPDX-License-Identifier: MIT */
/*
 * Shared between the suite loaders: suite.c for the core's steps, and each
 * step family's loader (ble/suite-gatt.c, http/suite-http.c,
 * accuracy/suite-acc.c, ecg/suite-ecg.c); not for other modules. Every helper
 * reports its own located error into L->d and returns NULL/false.
 */
#ifndef CARECERT_SUITE_INTERNAL_H
#define CARECERT_SUITE_INTERNAL_H

#include <regex.h>
#include <stdbool.h>

#include "core/suite.h"
#include "base/ydoc.h"

struct suite_vars;

struct loader {
	struct suite *s;
	struct diag *d;
	const char *transport; /* of the steps being loaded: the suite's, or
				* the link's inside an on: block; NULL
				* inside an on: block of an unknown link */
	struct suite_vars *vars; /* ${...} used and defined (suite-vars.c) */
};

/* A copy of a scalar (malloc'd), or NULL. */
char *suite_dup_str(const struct ynode *n, const char *what, struct diag *d);
/* An optional string member that may use ${...}; the references are checked. */
char *suite_step_str(struct loader *L, const struct ynode *map, const char *key);
bool suite_compile_re(const struct ynode *n, const char *pattern, regex_t *re,
		      struct diag *d);
/* A file a step names, relative to the suite file unless absolute
 * (malloc'd; NULL when out of memory). */
char *suite_resolve_path(struct loader *L, const char *name);
/* Letters, digits and _, not starting with a digit. */
bool suite_valid_name(const char *s);
bool suite_check_vars(struct loader *L, const struct ynode *n, const char *s);

/* What a step defines for the ${...} of any step of the suite (run-scoped
 * stores and captures in earlier cases count, so the order of steps is not
 * checked): a variable, or every prefix.<anything> (a gatt or instrument
 * capture's fields, an HTTP response's). suite_define_any_plain: names
 * without a dot the suite cannot know (an instrument driver's captures
 * without a prefix) count as defined. Once the suite is loaded, every
 * ${...} it uses must be defined so or be a built-in (suite-vars.c,
 * docs/suites.md). */
void suite_define_var(struct loader *L, const char *name);
void suite_define_prefix(struct loader *L, const char *prefix);
void suite_define_any_plain(struct loader *L);

/* For suite.c: the bookkeeping of suite_check_vars and suite_define_*. */
struct suite_vars *suite_vars_new(void);
void suite_vars_free(struct suite_vars *v);
/* A reference to ${name} written at n (n must outlive the check). */
void suite_vars_use(struct loader *L, const struct ynode *n, const char *name);
/* Every reference that nothing defines: a located error in L->d. */
void suite_vars_check(struct loader *L);
bool suite_check_condition(struct loader *L, const struct ynode *n, const char *c);

/* Check the text a step gives for a numeric parameter kept in unit
 * (base/units.h quantity_in; "" a plain number): a literal now, a lone
 * ${limit.NAME} by the suite's value of that limit (a profile's override
 * is held to that limit's unit when the profile loads); any other ${...}
 * is left to the run. False after an error at n naming the parameter and
 * both dimensions. *value (may be NULL) gets a literal's number in unit,
 * NAN when only a run knows it. */
bool suite_check_quantity(struct loader *L, const struct ynode *n,
			  const char *key, const char *text, const char *unit,
			  bool delta, double *value);
/* The range of an assert-like check in map (min, max, marginal): each is
 * held to the unit the limits are in: in_unit when given, else the
 * value's unit when written out, else the first of them that carries a
 * unit. in_unit and unit may be NULL or use ${...} (then not used here). */
void suite_check_range_units(struct loader *L, const struct ynode *map,
			     const char *in_unit, const char *unit);

#endif
