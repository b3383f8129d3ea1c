/* SPDX-License-Identifier: MIT */
#include "care/carerep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

/* The array and its length, or an error. */
static int array_of(json_object *arr, const char *what, size_t *n, char *err,
		    size_t errlen)
{
	if (!json_object_is_type(arr, json_type_array)) {
		snprintf(err, errlen, "%s: not an array", what);
		return CC_EPROTO;
	}
	*n = json_object_array_length(arr);
	if (*n > CAREREP_MAX_ITEMS) {
		snprintf(err, errlen, "%s: %zu items, more than %d", what, *n,
			 CAREREP_MAX_ITEMS);
		return CC_EPROTO;
	}
	return CC_OK;
}

/* A number member of item i: CC_OK, CC_ENOTFOUND (absent or null, when
 * optional), CC_EPROTO. */
static int num_member(json_object *it, const char *what, size_t i,
		      const char *key, double lo, double hi, bool optional,
		      double *out, char *err, size_t errlen)
{
	json_object *v;

	if (!json_object_is_type(it, json_type_object)) {
		snprintf(err, errlen, "%s[%zu]: not an object", what, i);
		return CC_EPROTO;
	}
	if (!json_object_object_get_ex(it, key, &v) || !v) {
		if (optional)
			return CC_ENOTFOUND;
		snprintf(err, errlen, "%s[%zu].%s: missing", what, i, key);
		return CC_EPROTO;
	}
	if (!json_object_is_type(v, json_type_double) &&
	    !json_object_is_type(v, json_type_int)) {
		snprintf(err, errlen, "%s[%zu].%s: not a number", what, i, key);
		return CC_EPROTO;
	}
	*out = json_object_get_double(v);
	if (!isfinite(*out) || *out < lo || *out > hi) {
		snprintf(err, errlen, "%s[%zu].%s: %g is outside %g...%g", what,
			 i, key, *out, lo, hi);
		return CC_EPROTO;
	}
	return CC_OK;
}

static const char *str_member(json_object *it, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(it, key, &v) &&
		       json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

int carerep_activity(json_object *arr, double **t, enum care_activity **a,
		     size_t *n, char *err, size_t errlen)
{
	size_t len;
	int rc;

	*t = NULL;
	*a = NULL;
	*n = 0;
	if ((rc = array_of(arr, "activity", &len, err, errlen)) || !len)
		return rc;
	if (!(*t = malloc(len * sizeof(**t))) ||
	    !(*a = malloc(len * sizeof(**a)))) {
		rc = CC_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < len; i++) {
		json_object *it = json_object_array_get_idx(arr, i);
		const char *cls;

		if ((rc = num_member(it, "activity", i, "t", 0, DAY_MAX_SECONDS,
				     false, &(*t)[i], err, errlen)))
			goto fail;
		if (i && (*t)[i] < (*t)[i - 1]) {
			snprintf(err, errlen,
				 "activity[%zu].t: %g goes back (after %g)", i,
				 (*t)[i], (*t)[i - 1]);
			rc = CC_EPROTO;
			goto fail;
		}
		if (!(cls = str_member(it, "class")) ||
		    care_activity_parse(cls, &(*a)[i])) {
			snprintf(err, errlen, "activity[%zu].class: %s", i,
				 cls ? "not a known class"
				     : "missing or not a string");
			rc = CC_EPROTO;
			goto fail;
		}
	}
	*n = len;
	return CC_OK;
fail:
	free(*t);
	free(*a);
	*t = NULL;
	*a = NULL;
	return rc;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

int carerep_events(json_object *arr, enum care_event ev, double **t, size_t *n,
		   size_t *other, char *err, size_t errlen)
{
	size_t len;
	int rc;

	*t = NULL;
	*n = 0;
	*other = 0;
	if ((rc = array_of(arr, "events", &len, err, errlen)) || !len)
		return rc;
	if (!(*t = malloc(len * sizeof(**t))))
		return CC_ENOMEM;
	for (size_t i = 0; i < len; i++) {
		json_object *it = json_object_array_get_idx(arr, i);
		const char *type;
		enum care_event e;
		double v;

		if ((rc = num_member(it, "events", i, "t", 0, DAY_MAX_SECONDS,
				     false, &v, err, errlen)))
			goto fail;
		if (!(type = str_member(it, "type"))) {
			snprintf(err, errlen,
				 "events[%zu].type: missing or not a string",
				 i);
			rc = CC_EPROTO;
			goto fail;
		}
		if (care_event_parse(type, &e) || e != ev)
			(*other)++;
		else
			(*t)[(*n)++] = v;
	}
	qsort(*t, *n, sizeof(**t), cmp_double);
	if (!*n) {
		free(*t);
		*t = NULL;
	}
	return CC_OK;
fail:
	free(*t);
	*t = NULL;
	*n = 0;
	return rc;
}

int carerep_vitals(json_object *arr, const char *key, double **t, double **v,
		   size_t *n, char *err, size_t errlen)
{
	size_t len;
	int rc;

	*t = NULL;
	*v = NULL;
	*n = 0;
	if ((rc = array_of(arr, "vitals", &len, err, errlen)) || !len)
		return rc;
	if (!(*t = malloc(len * sizeof(**t))) ||
	    !(*v = malloc(len * sizeof(**v)))) {
		rc = CC_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < len; i++) {
		json_object *it = json_object_array_get_idx(arr, i);
		double tt, x;

		if ((rc = num_member(it, "vitals", i, "t", 0, DAY_MAX_SECONDS,
				     false, &tt, err, errlen)))
			goto fail;
		rc = num_member(it, "vitals", i, key, 0, 1000, true, &x, err,
				errlen);
		if (rc == CC_ENOTFOUND)
			continue;
		if (rc)
			goto fail;
		(*t)[*n] = tt;
		(*v)[(*n)++] = x;
	}
	return CC_OK;
fail:
	free(*t);
	free(*v);
	*t = NULL;
	*v = NULL;
	*n = 0;
	return rc;
}
