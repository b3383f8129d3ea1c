/* SPDX-License-Identifier: MIT */
#include "report/jtype.h"

#include <math.h>

const char *jt_str(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool jt_num(json_object *o, const char *key, double *out)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return isfinite(*out);
}

json_object *jt_arr(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

json_object *jt_obj(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

size_t jt_len(json_object *arr)
{
	return arr && json_object_is_type(arr, json_type_array)
		   ? json_object_array_length(arr)
		   : 0;
}

json_object *jt_idx_obj(json_object *arr, size_t i)
{
	json_object *v;

	if (i >= jt_len(arr))
		return NULL;
	v = json_object_array_get_idx(arr, i);
	return v && json_object_is_type(v, json_type_object) ? v : NULL;
}
