/* SPDX-License-Identifier: MIT */
/*
 * Measurement uncertainty of a judged figure and the lab's decision rule
 * (docs/uncertainty.md). A figure judged against a limit gets an expanded
 * uncertainty U (k = 2) when a source gives one (a reference instrument's
 * stated U in the profile's lab.references, propagated by the caller; the
 * monotonic clock's resolution for a time difference) or "not evaluated".
 * The rule the profile states per standard (lab.decision_rule) decides:
 * simple acceptance (ILAC-G8:09/2019 4.2.1, w = 0) or guarded acceptance
 * (4.2.2, w = multiple x U): a figure within its limit but inside the guard
 * band is a *conditional pass*, which never counts as a pass; the step's
 * verdict becomes inconclusive.
 */
#ifndef CARECERT_MU_H
#define CARECERT_MU_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/verdict.h"

enum mu_rule { MU_SIMPLE, MU_GUARD_BAND };

struct mu_decision_rule {
	enum mu_rule rule;
	double multiple; /* w = multiple x U; 1 unless the lab says */
};

/* The rule a record's or profile's lab object (lab may be NULL) states for
 * a figure judged by any of names[0..n) (standards, e.g. "ISO 81060-2",
 * or a case's requirement standards): a key equal to a name or a prefix of
 * it up to ':' or ' ' ("ISO 81060-2" for "ISO 81060-2:2018"); guarded
 * acceptance wins when two names differ; else the key "default"; else
 * simple acceptance. */
struct mu_decision_rule mu_rule_for(json_object *lab, const char *const *names, size_t n);

/* A reference instrument's stated U (lab.references[].uncertainty) as a
 * difference in unit: true and *u set; false when the lab states none or
 * it is not of unit's dimension. src gets "reference INSTRUMENT (U TEXT)". */
bool mu_reference_u(json_object *lab, const char *instrument, const char *unit, double *u,
		    char *src, size_t srclen);

/* U (k = 2) of a difference of two readings of the monotonic clock, in s,
 * written with a resolution of quantum_s (0: not rounded): each reading's
 * quantisation is rectangular of width r (the clock's resolution,
 * clock_getres), u = r / sqrt(12) (GUM 4.3.7, F.2.2.1), and so is the
 * rounding of the written value (q / sqrt(12)); combined (GUM 5.1.2):
 * U = 2 x sqrt(2 r^2 + q^2) / sqrt(12). */
double mu_clock_u_s(double quantum_s);

/* One figure judged against one limit. */
struct mu_figure {
	const char *name;
	double value, limit;
	bool upper;	    /* passes when value <= limit (else value >= limit) */
	double u;	    /* expanded uncertainty (k = 2); NAN: not evaluated */
	const char *source; /* where u comes from; NULL when not evaluated */
	const char *unit;   /* of value, limit and u; may be "" */
};

enum mu_decision { MU_PASS, MU_CONDITIONAL_PASS, MU_CONDITIONAL_FAIL, MU_FAIL };

const char *mu_decision_name(enum mu_decision d);

/* The decision on f under r: pass, conditional pass (within the limit,
 * inside the guard band, or a guard band asked without U), conditional
 * fail (beyond the limit by at most w), fail. *near: the value lies within
 * U of its limit. */
enum mu_decision mu_decide(const struct mu_figure *f, struct mu_decision_rule r, bool *near);

/* The record's object of f under r: name, value, limit, side, unit, U,
 * source, near_limit, rule, guard_band, decision (docs/result-record.md).
 * New object, owned by the caller; NULL when out of memory. */
json_object *mu_json(const struct mu_figure *f, struct mu_decision_rule r);

/* A verdict v of a step judged by the figures of objects made by mu_json
 * (an array): a pass with any conditional pass becomes inconclusive, why
 * gets the reason ("conditional pass (ILAC-G8): NAME ..."); else v. */
enum verdict mu_verdict(enum verdict v, json_object *figures, char *why, size_t len);

#endif
