/* SPDX-License-Identifier: MIT */
#include "http/jpath.h"
#include "base/err.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '@';
}

/* One walk used both to check and to evaluate: with doc NULL only the
 * syntax is looked at. */
struct walk {
	const char *path;
	const char *p;
	char *err;
	size_t errlen;
};

static int bad(struct walk *w, const char *what)
{
	if (w->err)
		snprintf(w->err, w->errlen, "bad JSON path '%s' at column %zu: %s", w->path,
			 (size_t)(w->p - w->path) + 1, what);
	return CC_EINVAL;
}

static int eval(struct walk *w, json_object *cur, json_object **out,
		struct jpath_scratch *s, char stop);

/* [N], [-N], [#] or [sub.path=value]; p at '['. */
static int selector(struct walk *w, json_object **cur, struct jpath_scratch *s)
{
	const char *start = ++w->p, *close;
	bool checking = !s;

	if (*w->p == '#') {
		if (w->p[1] != ']')
			return bad(w, "expected ']' after '#'");
		w->p += 2;
		if (checking)
			return CC_OK;
		if (!json_object_is_type(*cur, json_type_array))
			return CC_ENOTFOUND;
		json_object_put(s->len);
		s->len = json_object_new_int64((int64_t)json_object_array_length(*cur));
		*cur = s->len;
		return *cur ? CC_OK : CC_ENOMEM;
	}
	if (*w->p == '-' || isdigit((unsigned char)*w->p)) {
		char *end;
		long i = strtol(w->p, &end, 10);

		if (end == w->p || (*w->p == '-' && end == w->p + 1) || *end != ']')
			return bad(w, "expected an index");
		w->p = end + 1;
		if (checking)
			return CC_OK;
		if (!json_object_is_type(*cur, json_type_array))
			return CC_ENOTFOUND;
		if (i < 0)
			i += (long)json_object_array_length(*cur);
		if (i < 0 || (size_t)i >= json_object_array_length(*cur))
			return CC_ENOTFOUND;
		*cur = json_object_array_get_idx(*cur, (size_t)i);
		return CC_OK;
	}
	/* filter: sub-path '=' value ']' */
	{
		const char *eq;
		char want[JPATH_MAX];
		size_t n;
		int rc;

		rc = eval(w, NULL, NULL, NULL, '=');
		if (rc)
			return rc;
		if (*w->p != '=' || w->p == start)
			return bad(w, "expected [index], [#] or [path=value]");
		eq = w->p;
		close = strchr(eq, ']');
		if (!close)
			return bad(w, "unclosed '['");
		n = (size_t)(close - eq - 1);
		if (n >= sizeof(want))
			return bad(w, "filter value too long");
		memcpy(want, eq + 1, n);
		want[n] = 0;
		w->p = close + 1;
		if (checking)
			return CC_OK;
		if (!json_object_is_type(*cur, json_type_array))
			return CC_ENOTFOUND;
		for (size_t i = 0; i < json_object_array_length(*cur); i++) {
			json_object *el = json_object_array_get_idx(*cur, i), *v = NULL;
			struct walk sub = { .path = start, .p = start };
			struct jpath_scratch tmp = { 0 };
			char text[JPATH_MAX];

			if (eval(&sub, el, &v, &tmp, '=') == CC_OK && v) {
				jpath_text(v, text, sizeof(text));
				jpath_scratch_release(&tmp);
				if (!strcmp(text, want)) {
					*cur = el;
					return CC_OK;
				}
			}
			jpath_scratch_release(&tmp);
		}
		return CC_ENOTFOUND;
	}
}

/* Members and selectors until the end of the string or `stop`. */
static int eval(struct walk *w, json_object *cur, json_object **out,
		struct jpath_scratch *s, char stop)
{
	bool checking = !s;
	bool first = true;

	if (*w->p == '$') {
		w->p++;
		if (*w->p == '.') /* "$.a": a member comes, without its own dot */
			w->p++;
		else if (*w->p && *w->p != '[' && *w->p != stop)
			return bad(w, "expected '.' after '$'");
		else
			first = false;
	}
	while (*w->p && *w->p != stop) {
		int rc;

		if (*w->p == '[') {
			if ((rc = selector(w, &cur, s)))
				return rc;
			first = false;
			continue;
		}
		if (!first) {
			if (*w->p != '.')
				return bad(w, "expected '.' or '['");
			w->p++;
		}
		first = false;
		{
			const char *n0 = w->p;
			char name[JPATH_MAX];
			size_t n;

			while (name_char(*w->p))
				w->p++;
			n = (size_t)(w->p - n0);
			if (!n)
				return bad(w, "expected a member name");
			if (n >= sizeof(name))
				return bad(w, "member name too long");
			if (checking)
				continue;
			memcpy(name, n0, n);
			name[n] = 0;
			if (!json_object_is_type(cur, json_type_object) ||
			    !json_object_object_get_ex(cur, name, &cur))
				return CC_ENOTFOUND;
		}
	}
	if (out)
		*out = cur;
	return CC_OK;
}

int jpath_check(const char *path, char *err, size_t errlen)
{
	struct walk w = { .path = path, .p = path, .err = err, .errlen = errlen };

	if (!*path)
		return bad(&w, "empty path");
	if (strlen(path) >= JPATH_MAX)
		return bad(&w, "path too long");
	return eval(&w, NULL, NULL, NULL, 0);
}

void jpath_scratch_release(struct jpath_scratch *s)
{
	json_object_put(s->len);
	s->len = NULL;
}

int jpath_get(json_object *doc, const char *path, json_object **out,
	      struct jpath_scratch *s)
{
	struct walk w = { .path = path, .p = path };

	*out = NULL;
	if (jpath_check(path, NULL, 0))
		return CC_EINVAL;
	return eval(&w, doc, out, s, 0);
}

const char *jpath_type_name(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "boolean";
	case json_type_int:
	case json_type_double:
		return "number";
	case json_type_string:
		return "string";
	case json_type_object:
		return "object";
	default:
		return "array";
	}
}

bool jpath_type_known(const char *type)
{
	static const char *const names[] = { "null", "boolean", "number", "integer",
					     "string", "object", "array" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(type, names[i]))
			return true;
	return false;
}

bool jpath_type_is(json_object *v, const char *type)
{
	if (!strcmp(type, "integer")) {
		double d;

		if (json_object_is_type(v, json_type_int))
			return true;
		if (!json_object_is_type(v, json_type_double))
			return false;
		d = json_object_get_double(v);
		return isfinite(d) && d == floor(d);
	}
	return !strcmp(jpath_type_name(v), type);
}

void jpath_text(json_object *v, char *out, size_t len)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		snprintf(out, len, "null");
		break;
	case json_type_boolean:
		snprintf(out, len, "%s", json_object_get_boolean(v) ? "true" : "false");
		break;
	case json_type_int:
		snprintf(out, len, "%lld", (long long)json_object_get_int64(v));
		break;
	case json_type_double:
		snprintf(out, len, "%.15g", json_object_get_double(v));
		break;
	case json_type_string:
		snprintf(out, len, "%s", json_object_get_string(v));
		break;
	default:
		snprintf(out, len, "%s",
			 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
	}
}
