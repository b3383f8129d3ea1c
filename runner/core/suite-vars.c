/* SPDX-License-Identifier: MIT */
/*
 * The ${...} a suite uses against what defines them, so that `carecert
 * validate` finds an undefined variable instead of every run erroring on
 * it. Definitions are gathered from the whole suite (a run-scoped store of
 * an earlier case, a capture in a repeat block) and a prefix capture
 * defines every name under it, so the check is conservative: it never
 * refuses a variable some order of steps could define. References and
 * definitions are sorted once and looked up by bisection, so a suite of
 * 10^5 cases is checked in O(n log n).
 */
#include "core/suite-internal.h"
#include "base/ydoc.h"
#include "transport/transport.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct var_use {
	char *name;
	const struct ynode *at;
};

struct suite_vars {
	struct var_use *uses;
	size_t nuses, auses;
	char **defs; /* "name", or "prefix." for every name under prefix */
	size_t ndefs, adefs;
	bool any_plain;
	bool broken; /* out of memory: no check rather than a false one */
};

struct suite_vars *suite_vars_new(void)
{
	return calloc(1, sizeof(struct suite_vars));
}

void suite_vars_free(struct suite_vars *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nuses; i++)
		free(v->uses[i].name);
	free(v->uses);
	for (size_t i = 0; i < v->ndefs; i++)
		free(v->defs[i]);
	free(v->defs);
	free(v);
}

static bool grow(void **p, size_t *alloc, size_t n, size_t size)
{
	size_t a = *alloc ? 2 * *alloc : 64;
	void *np;

	if (n < *alloc)
		return true;
	if (!(np = realloc(*p, a * size)))
		return false;
	*p = np;
	*alloc = a;
	return true;
}

static void define(struct loader *L, const char *name, const char *suffix)
{
	struct suite_vars *v = L->vars;
	size_t len;
	char *s;

	if (!v || v->broken || !name || !*name)
		return;
	len = strlen(name) + strlen(suffix) + 1;
	if (!grow((void **)&v->defs, &v->adefs, v->ndefs, sizeof(*v->defs)) ||
	    !(s = malloc(len))) {
		v->broken = true;
		return;
	}
	snprintf(s, len, "%s%s", name, suffix);
	v->defs[v->ndefs++] = s;
}

void suite_define_var(struct loader *L, const char *name)
{
	define(L, name, "");
}

void suite_define_prefix(struct loader *L, const char *prefix)
{
	define(L, prefix, ".");
}

void suite_define_any_plain(struct loader *L)
{
	if (L->vars)
		L->vars->any_plain = true;
}

void suite_vars_use(struct loader *L, const struct ynode *n, const char *name)
{
	struct suite_vars *v = L->vars;
	char *s;

	if (!v || v->broken)
		return;
	if (!grow((void **)&v->uses, &v->auses, v->nuses, sizeof(*v->uses)) ||
	    !(s = strdup(name))) {
		v->broken = true;
		return;
	}
	v->uses[v->nuses].name = s;
	v->uses[v->nuses++].at = n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool defined(const struct suite_vars *v, const char *name)
{
	char key[256];
	const char *dot;

	if (!v->ndefs) /* bsearch and qsort take no NULL array */
		return v->any_plain && !strchr(name, '.');
	if (bsearch(&name, v->defs, v->ndefs, sizeof(*v->defs), cmp_str))
		return true;
	/* a.b.c: defined by a capture "a.b" (prefix "a.b.") or "a" */
	for (dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
		const char *k = key;

		if ((size_t)(dot - name) + 2 > sizeof(key))
			break;
		memcpy(key, name, (size_t)(dot - name) + 1);
		key[dot - name + 1] = 0;
		if (bsearch(&k, v->defs, v->ndefs, sizeof(*v->defs), cmp_str))
			return true;
	}
	return v->any_plain && !strchr(name, '.');
}

/* What the runner defines: the engine's built-ins (core/engine.c
 * builtin()) and the values steps leave (expect, gatt_expect,
 * http_request: elapsed_ms; gatt_expect: interval_ms; expect: skipped;
 * repeat: repeat.index, repeat.count). limit.* and link.* are checked
 * where they are written (suite.c). NULL when built in, else why not. */
static const char *builtin(const struct loader *L, const char *name)
{
	static const char *const exact[] = { "dut.category", "dut.vendor", "dut.model",
					     "dut.firmware", "dut.serial_number", "now.utc",
					     "elapsed_ms", "interval_ms", "skipped",
					     "repeat.index", "repeat.count", NULL };
	const struct transport_ops *ops;

	for (size_t i = 0; exact[i]; i++)
		if (!strcmp(name, exact[i]))
			return NULL;
	if (!strncmp(name, "limit.", 6) || !strncmp(name, "link.", 5))
		return NULL;
	if (!strncmp(name, "feature.", 8))
		return suite_find_feature(L->s, name + 8) ? NULL
			: "the suite declares no such feature under features:";
	if (!strncmp(name, "transport.", 10)) {
		if (!L->s->transport || !(ops = transport_find(L->s->transport)))
			return NULL;
		for (size_t i = 0; ops->params[i]; i++)
			if (!strcmp(ops->params[i], name + 10))
				return NULL;
		return "no such parameter of the suite's transport";
	}
	if (!strncmp(name, "dut.", 4))
		return "the DUT's are dut.category, dut.vendor, dut.model, dut.firmware and dut.serial_number";
	return "";
}

void suite_vars_check(struct loader *L)
{
	struct suite_vars *v = L->vars;

	if (!v || v->broken)
		return;
	if (v->ndefs)
		qsort(v->defs, v->ndefs, sizeof(*v->defs), cmp_str);
	for (size_t i = 0; i < v->nuses; i++) {
		const char *name = v->uses[i].name, *why;

		if (defined(v, name) || !(why = builtin(L, name)))
			continue;
		if (*why)
			ynode_error(v->uses[i].at, L->d, "unknown ${%s}: %s", name, why);
		else
			ynode_error(v->uses[i].at, L->d,
				    "undefined variable ${%s}: no capture, store, list or built-in of the suite defines it",
				    name);
	}
}
