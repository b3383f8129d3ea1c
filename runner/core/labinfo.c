/* SPDX-License-Identifier: MIT */
#include "core/labinfo.h"
#include "base/units.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const labinfo_keys[] = {
    "customer",	  "sample",     "conditions", "decision_rule",
    "references", "deviations", "opinions",   "certification", NULL};

static bool valid_date(const char *s)
{
	int y, m, dd;
	char end;

	return strlen(s) == 10 &&
	       sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &end) == 3 &&
	       y >= 1900 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

static void add_str(json_object *o, const char *key, const struct ynode *n,
		    const char *what, struct diag *d)
{
	const char *s = n ? yscalar_str(n, what, d) : NULL;

	if (s && *s)
		json_object_object_add(o, key, json_object_new_string(s));
}

/* A quantity of one dimension ("23.0 Cel" a temperature); NULL dim: any
 * unit, but one there must be. */
static void add_qty(json_object *o, const char *key, const struct ynode *n,
		    const char *dim, struct diag *d)
{
	const char *s = n ? yscalar_str(n, key, d) : NULL;
	struct quantity q;
	char err[128];

	if (!s)
		return;
	if (quantity_parse(s, &q, err, sizeof(err))) {
		ynode_error(n, d, "%s: %s", key, err);
		return;
	}
	if (!q.unit[0] ||
	    (dim && (!unit_dimension(q.unit) ||
		     strcmp(unit_dimension(q.unit), dim)))) {
		ynode_error(n, d, "%s '%s' must be a %s with its unit", key, s,
			    dim ? dim : "quantity");
		return;
	}
	json_object_object_add(o, key, json_object_new_string(s));
}

static json_object *load_sample(const struct ynode *n, struct diag *d)
{
	static const char *const keys[] = {"identification", "received",
					   "condition", NULL};
	json_object *o = json_object_new_object();
	const struct ynode *w;

	if (!o || !ynode_expect(n, YNODE_MAP, "lab.sample", d))
		return o;
	ymap_check_keys(n, keys, d);
	add_str(o, "identification", ymap_get(n, "identification"),
		"identification", d);
	add_str(o, "condition", ymap_get(n, "condition"), "condition", d);
	if ((w = ymap_get(n, "received")) && yscalar_str(w, "received", d)) {
		if (!valid_date(w->str))
			ynode_error(w, d,
				    "received must be a date YYYY-MM-DD");
		else
			add_str(o, "received", w, "received", d);
	}
	return o;
}

static json_object *load_conditions(const struct ynode *n, struct diag *d)
{
	static const char *const keys[] = {"temperature", "humidity",
					   "pressure", NULL};
	json_object *o = json_object_new_object();

	if (!o || !ynode_expect(n, YNODE_MAP, "lab.conditions", d))
		return o;
	ymap_check_keys(n, keys, d);
	add_qty(o, "temperature", ymap_get(n, "temperature"), "temperature", d);
	add_qty(o, "humidity", ymap_get(n, "humidity"), "ratio", d);
	add_qty(o, "pressure", ymap_get(n, "pressure"), "pressure", d);
	return o;
}

/* decision_rule: {STANDARD: simple | guard_band | {rule: guard_band,
 * multiple: 2}} (ILAC-G8: simple acceptance, or a guard band w of the
 * expanded uncertainty U, w = U or the multiple stated); the key default
 * applies to a standard not named (core/mu.h). */
static json_object *load_rules(const struct ynode *n, struct diag *d)
{
	static const char *const keys[] = {"rule", "multiple", NULL};
	json_object *o = json_object_new_object();

	if (!o || !ynode_expect(n, YNODE_MAP, "lab.decision_rule", d))
		return o;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = n->pairs[i].value, *m = NULL;
		const char *s;
		double mult = 1;

		if (v->type == YNODE_MAP) {
			ymap_check_keys(v, keys, d);
			m = ymap_get(v, "multiple");
			if (m && yscalar_double(m, "multiple", &mult, d) &&
			    !(mult > 0 && mult <= 10)) {
				ynode_error(m, d, "multiple %g: more than 0, at most 10", mult);
				continue;
			}
			v = ymap_require(v, "rule", d);
			if (!v)
				continue;
		}
		s = yscalar_str(v, "decision rule", d);

		if (!s)
			continue;
		if (strcmp(s, "simple") && strcmp(s, "guard_band")) {
			ynode_error(v, d,
				    "decision rule '%s' for %s: simple or "
				    "guard_band",
				    s, n->pairs[i].key->str);
			continue;
		}
		if (m && !strcmp(s, "guard_band")) {
			json_object *r = json_object_new_object();

			json_object_object_add(r, "rule", json_object_new_string(s));
			json_object_object_add(r, "multiple", json_object_new_double(mult));
			json_object_object_add(o, n->pairs[i].key->str, r);
		} else if (m) {
			ynode_error(m, d, "multiple: only a guard_band rule has one");
		} else {
			json_object_object_add(o, n->pairs[i].key->str,
					       json_object_new_string(s));
		}
	}
	return o;
}

static json_object *load_references(const struct ynode *n,
				    const char *const *ids, size_t n_ids,
				    struct diag *d)
{
	static const char *const keys[] = {"instrument", "certificate",
					   "traceability", "uncertainty",
					   NULL};
	json_object *a = json_object_new_array();

	if (!a || !ynode_expect(n, YNODE_SEQ, "lab.references", d))
		return a;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *r = n->items[i], *w;
		json_object *o;
		bool known = false;

		if (!ynode_expect(r, YNODE_MAP, "a reference", d) ||
		    !(o = json_object_new_object()))
			continue;
		ymap_check_keys(r, keys, d);
		if ((w = ymap_require(r, "instrument", d)) &&
		    yscalar_str(w, "instrument", d)) {
			for (size_t k = 0; k < n_ids; k++)
				known |= ids[k] && !strcmp(ids[k], w->str);
			if (!known)
				ynode_error(w, d,
					    "instrument '%s' is not one of "
					    "the profile's instruments",
					    w->str);
			add_str(o, "instrument", w, "instrument", d);
		}
		add_str(o, "certificate", ymap_get(r, "certificate"),
			"certificate", d);
		add_str(o, "traceability", ymap_get(r, "traceability"),
			"traceability", d);
		add_qty(o, "uncertainty", ymap_get(r, "uncertainty"), NULL, d);
		json_object_array_add(a, o);
	}
	return a;
}

json_object *labinfo_load(const struct ynode *n, const char *const *ids,
			  size_t n_ids, struct diag *d)
{
	json_object *o = json_object_new_object();
	const struct ynode *w;
	bool cert;

	if (!o)
		return NULL;
	add_str(o, "customer", ymap_get(n, "customer"), "customer", d);
	if ((w = ymap_get(n, "sample")))
		json_object_object_add(o, "sample", load_sample(w, d));
	if ((w = ymap_get(n, "conditions")))
		json_object_object_add(o, "conditions", load_conditions(w, d));
	if ((w = ymap_get(n, "decision_rule")))
		json_object_object_add(o, "decision_rule", load_rules(w, d));
	if ((w = ymap_get(n, "references")))
		json_object_object_add(o, "references",
				       load_references(w, ids, n_ids, d));
	if ((w = ymap_get(n, "deviations"))) {
		char **v = ynode_strv(w, "deviations", d);
		json_object *a = json_object_new_array();

		for (size_t i = 0; a && v && v[i]; i++)
			json_object_array_add(a, json_object_new_string(v[i]));
		for (size_t i = 0; v && v[i]; i++)
			free(v[i]);
		free(v);
		json_object_object_add(o, "deviations", a);
	}
	add_str(o, "opinions", ymap_get(n, "opinions"), "opinions", d);
	if ((w = ymap_get(n, "certification")) &&
	    yscalar_bool(w, "certification", &cert, d))
		json_object_object_add(o, "certification",
				       json_object_new_boolean(cert));
	return o;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) &&
		       json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

static json_object *jobj(json_object *o, const char *key)
{
	json_object *v;

	return o && json_object_object_get_ex(o, key, &v) &&
		       json_object_is_type(v, json_type_object)
		   ? v
		   : NULL;
}

static void missing(char *out, size_t len, size_t *n, const char *fmt,
		    const char *arg)
{
	size_t at = strlen(out);

	if (at < len)
		snprintf(out + at, len - at, "%s", *n ? ", " : "");
	at = strlen(out);
	if (at < len)
		snprintf(out + at, len - at, fmt, arg);
	(*n)++;
}

size_t labinfo_missing(json_object *lab, json_object *instruments, char *out,
		       size_t len)
{
	static const char *const top[] = {"name", "customer"};
	static const char *const sample[] = {"identification", "received"};
	json_object *refs = NULL, *rules = jobj(lab, "decision_rule"),
		    *cond = jobj(lab, "conditions");
	size_t n = 0;

	if (len)
		out[0] = 0;
	for (size_t i = 0; i < 2; i++)
		if (!jstr(lab, top[i]))
			missing(out, len, &n, "lab.%s", top[i]);
	for (size_t i = 0; i < 2; i++)
		if (!jstr(jobj(lab, "sample"), sample[i]))
			missing(out, len, &n, "lab.sample.%s", sample[i]);
	if (!cond || !json_object_object_length(cond))
		missing(out, len, &n, "%s", "lab.conditions");
	if (!rules || !json_object_object_length(rules))
		missing(out, len, &n, "%s", "lab.decision_rule");
	if (lab)
		json_object_object_get_ex(lab, "references", &refs);
	/* every reference instrument of the run: its certificate and the
	 * traceability of its calibration */
	for (size_t i = 0; instruments &&
			   json_object_is_type(instruments, json_type_array) &&
			   i < json_object_array_length(instruments);
	     i++) {
		const char *id =
		    jstr(json_object_array_get_idx(instruments, i), "id");
		json_object *ref = NULL;

		for (size_t k = 0; id && refs &&
				   json_object_is_type(refs, json_type_array) &&
				   k < json_object_array_length(refs);
		     k++) {
			json_object *r = json_object_array_get_idx(refs, k);
			const char *rid = jstr(r, "instrument");

			if (rid && !strcmp(rid, id))
				ref = r;
		}
		if (!id)
			continue;
		if (!jstr(ref, "certificate"))
			missing(out, len, &n, "lab.references[%s].certificate",
				id);
		if (!jstr(ref, "traceability"))
			missing(out, len, &n, "lab.references[%s].traceability",
				id);
	}
	return n;
}
