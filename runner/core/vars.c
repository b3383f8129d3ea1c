/* SPDX-License-Identifier: MIT */
#include "core/vars.h"
#include "base/err.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vars_init(struct vars *vs)
{
	memset(vs, 0, sizeof(*vs));
}

void vars_release(struct vars *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
	}
	free(vs->v);
	vars_init(vs);
}

int vars_set(struct vars *vs, const char *name, const char *value)
{
	size_t len = strlen(value);
	char *val;

	for (size_t i = 0; i < vs->n; i++) {
		if (!strcmp(vs->v[i].name, name)) {
			/* in place when the old value's bytes hold it: a
			 * variable set on every frame (elapsed_ms) allocates
			 * nothing */
			if (strlen(vs->v[i].value) >= len) {
				memmove(vs->v[i].value, value, len + 1);
				return CC_OK;
			}
			if (!(val = strdup(value)))
				return CC_ENOMEM;
			free(vs->v[i].value);
			vs->v[i].value = val;
			return CC_OK;
		}
	}
	if (!(val = strdup(value)))
		return CC_ENOMEM;
	if (vs->n >= VARS_MAX) {
		free(val);
		return CC_ETOOBIG;
	}
	if (vs->n == vs->alloc) {
		size_t a = vs->alloc ? vs->alloc * 2 : 16;
		struct var *v = realloc(vs->v, a * sizeof(*v));

		if (!v) {
			free(val);
			return CC_ENOMEM;
		}
		vs->v = v;
		vs->alloc = a;
	}
	vs->v[vs->n].name = strdup(name);
	if (!vs->v[vs->n].name) {
		free(val);
		return CC_ENOMEM;
	}
	vs->v[vs->n].value = val;
	vs->n++;
	return CC_OK;
}

int vars_setf(struct vars *vs, const char *name, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return vars_set(vs, name, tmp);
}

const char *vars_get(const struct vars *vs, const char *name)
{
	for (size_t i = 0; vs && i < vs->n; i++)
		if (!strcmp(vs->v[i].name, name))
			return vs->v[i].value;
	return NULL;
}

static const char *lookup(const struct vars_scope *sc, const char *name,
			  char *scratch, size_t len)
{
	const char *v = vars_get(sc->local, name);

	if (!v)
		v = vars_get(sc->run, name);
	if (!v && sc->builtin)
		v = sc->builtin(sc->builtin_data, name, scratch, len);
	return v;
}

int vars_expand(const struct vars_scope *sc, const char *template,
		struct buf *out, char *err, size_t errlen)
{
	const char *p = template;
	int rc;

	while (*p) {
		const char *s = strstr(p, "${"), *e, *v;
		char name[128], scratch[256];
		size_t len;

		if (!s)
			return buf_append_str(out, p);
		if ((rc = buf_append(out, p, (size_t)(s - p))))
			return rc;
		e = strchr(s, '}');
		len = e ? (size_t)(e - s - 2) : 0;
		if (!e || !len || len >= sizeof(name)) {
			snprintf(err, errlen, "bad variable reference in '%s'",
				 template);
			return CC_EINVAL;
		}
		memcpy(name, s + 2, len);
		name[len] = 0;
		v = lookup(sc, name, scratch, sizeof(scratch));
		if (!v) {
			snprintf(err, errlen, "undefined variable ${%s}", name);
			return CC_ENOTFOUND;
		}
		if ((rc = buf_append_str(out, v)))
			return rc;
		p = e + 1;
	}
	return CC_OK;
}

bool parse_number(const char *s, double *out)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	errno = 0;
	*out = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	return !*end && !errno && isfinite(*out);
}

int vars_condition(const struct vars_scope *sc, const char *cond,
		   bool *result, char *err, size_t errlen)
{
	static const char *const ops[] = { " == ", " != ", " <= ", " >= ",
					   " < ", " > " };
	struct buf a, b;
	const char *op = NULL;
	size_t opi = 0;
	double x, y;
	bool numeric;
	int rc, cmp;
	char *left;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]) && !op; i++)
		if ((op = strstr(cond, ops[i])))
			opi = i;
	if (!op) {
		snprintf(err, errlen, "bad condition '%s'", cond);
		return CC_EINVAL;
	}
	left = strndup(cond, (size_t)(op - cond));
	if (!left)
		return CC_ENOMEM;
	buf_init(&a, BUF_MAX_FRAME);
	buf_init(&b, BUF_MAX_FRAME);
	rc = vars_expand(sc, left, &a, err, errlen);
	if (!rc)
		rc = vars_expand(sc, op + strlen(ops[opi]), &b, err, errlen);
	free(left);
	if (rc)
		goto out;
	numeric = parse_number(buf_str(&a), &x) && parse_number(buf_str(&b), &y);
	if (!numeric && opi >= 2) {
		snprintf(err, errlen, "condition '%s': '%s' %s'%s' needs numbers",
			 cond, buf_str(&a), ops[opi], buf_str(&b));
		rc = CC_EINVAL;
		goto out;
	}
	cmp = numeric ? (x > y) - (x < y) : strcmp(buf_str(&a), buf_str(&b));
	switch (opi) {
	case 0: *result = cmp == 0; break;
	case 1: *result = cmp != 0; break;
	case 2: *result = cmp <= 0; break;
	case 3: *result = cmp >= 0; break;
	case 4: *result = cmp < 0; break;
	default: *result = cmp > 0; break;
	}
out:
	buf_release(&a);
	buf_release(&b);
	return rc;
}
