/* SPDX-License-Identifier: MIT */
/*
 * Paths into JSON documents (json-c), for assertions on response bodies.
 *
 * Syntax: members joined by '.', each optionally followed by selectors:
 *   resourceType
 *   entry[0].resource.id          index (negative counts from the end)
 *   entry[#]                      the array's length (an integer)
 *   component[code.coding[0].code=8480-6].valueQuantity.value
 *                                 the first element whose sub-path has
 *                                 this value (string, or number as text)
 *   $ alone, or as a prefix ($.a.b), is the document itself.
 * Member names are letters, digits, '_', '-' and '@'. The path is pure
 * syntax: jpath_check() validates it at suite load time, so a run never
 * meets a malformed one.
 *
 * jpath_get() borrows: *out points into the document (or, for [#], into
 * a scratch object owned by the caller's struct jpath_scratch).
 */
#ifndef CARECERT_JPATH_H
#define CARECERT_JPATH_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#define JPATH_MAX 256

/* CC_OK or CC_EINVAL with a message naming the column. */
int jpath_check(const char *path, char *err, size_t errlen);

struct jpath_scratch {
	json_object *len; /* the [#] result; freed by jpath_scratch_release */
};

void jpath_scratch_release(struct jpath_scratch *s);

/* CC_OK with *out (which may be a JSON null), CC_ENOTFOUND when the path
 * leads nowhere (absent member, index out of range, no element matches),
 * CC_EINVAL on bad syntax. */
int jpath_get(json_object *doc, const char *path, json_object **out,
	      struct jpath_scratch *s);

/* json-c type of a value as a schema word: "null", "boolean", "number"
 * (integer or double), "string", "object", "array". */
const char *jpath_type_name(json_object *v);
/* True when v has the named type; "integer" also accepted (a number with
 * no fractional part). */
bool jpath_type_is(json_object *v, const char *type);
/* Known type words for suites. */
bool jpath_type_known(const char *type);

/* A value as text for comparisons and variables: strings as they are,
 * numbers as %.15g, true/false/null, objects and arrays as compact JSON.
 * Into out (truncated to len). */
void jpath_text(json_object *v, char *out, size_t len);

#endif
