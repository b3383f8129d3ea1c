/* SPDX-License-Identifier: MIT */
/*
 * Typed access to a JSON document read from disk (a result record that may
 * have been edited or damaged): each getter returns the member only when
 * it has the expected type, else NULL / false / 0, so a reader never
 * trusts a record's shape. Nothing is copied; results borrow from o.
 */
#ifndef CARECERT_JTYPE_H
#define CARECERT_JTYPE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

const char *jt_str(json_object *o, const char *key);
/* A finite number (integer or double). */
bool jt_num(json_object *o, const char *key, double *out);
json_object *jt_arr(json_object *o, const char *key);
json_object *jt_obj(json_object *o, const char *key);
/* Length of an array; 0 for anything else. */
size_t jt_len(json_object *arr);
/* Element i of an array when it is an object, else NULL. */
json_object *jt_idx_obj(json_object *arr, size_t i);

#endif
