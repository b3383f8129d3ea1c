/* SPDX-License-Identifier: MIT */
#include "core/mu.h"
#include "base/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MU_EPS 1e-9 /* limits are inclusive, as the evaluators judge them */

static json_object *member(json_object *o, const char *key, json_type t)
{
	json_object *v;

	return o && json_object_is_type(o, json_type_object) &&
		       json_object_object_get_ex(o, key, &v) && json_object_is_type(v, t)
		   ? v
		   : NULL;
}

/* "simple", "guard_band" or {rule: guard_band, multiple: 2} */
static bool rule_of(json_object *v, struct mu_decision_rule *r)
{
	json_object *m;
	const char *s;

	if (!v)
		return false;
	r->rule = MU_SIMPLE;
	r->multiple = 1;
	if (json_object_is_type(v, json_type_object)) {
		m = member(v, "multiple", json_type_double);
		if (!m)
			m = member(v, "multiple", json_type_int);
		if (m)
			r->multiple = json_object_get_double(m);
		v = member(v, "rule", json_type_string);
	}
	s = v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
	if (s && !strcmp(s, "guard_band"))
		r->rule = MU_GUARD_BAND;
	return s != NULL;
}

static bool key_names(const char *key, const char *name)
{
	size_t k = strlen(key);

	return !strncmp(key, name, k) && (!name[k] || name[k] == ':' || name[k] == ' ');
}

struct mu_decision_rule mu_rule_for(json_object *lab, const char *const *names, size_t n)
{
	struct mu_decision_rule r = { MU_SIMPLE, 1 }, x;
	json_object *rules = member(lab, "decision_rule", json_type_object);
	bool found = false;

	if (!rules)
		return r;
	json_object_object_foreach(rules, key, val)
	{
		for (size_t i = 0; i < n; i++)
			if (names[i] && key_names(key, names[i]) && rule_of(val, &x) &&
			    (!found || x.rule == MU_GUARD_BAND)) {
				r = x;
				found = true;
			}
	}
	if (!found)
		rule_of(member(rules, "default", json_type_string)
			    ? member(rules, "default", json_type_string)
			    : member(rules, "default", json_type_object),
			&r);
	return r;
}

bool mu_reference_u(json_object *lab, const char *instrument, const char *unit, double *u,
		    char *src, size_t srclen)
{
	json_object *refs = member(lab, "references", json_type_array);
	struct quantity q;
	char err[128];

	for (size_t i = 0; instrument && unit && refs && i < json_object_array_length(refs); i++) {
		json_object *r = json_object_array_get_idx(refs, i),
			    *id = member(r, "instrument", json_type_string),
			    *us = member(r, "uncertainty", json_type_string);

		if (!id || strcmp(json_object_get_string(id), instrument) || !us)
			continue;
		if (quantity_parse(json_object_get_string(us), &q, err, sizeof(err)) ||
		    unit_convert_delta(q.value, q.unit, unit, u) || !isfinite(*u) || *u < 0)
			return false;
		snprintf(src, srclen, "reference %s (U = %s)", instrument,
			 json_object_get_string(us));
		return true;
	}
	return false;
}

double mu_clock_u_s(double quantum_s)
{
	struct timespec res;
	double r = 1e-9;

	if (!clock_getres(CLOCK_MONOTONIC, &res))
		r = (double)res.tv_sec + (double)res.tv_nsec * 1e-9;
	return 2 * sqrt(2 * r * r + quantum_s * quantum_s) / sqrt(12.0);
}

const char *mu_decision_name(enum mu_decision d)
{
	static const char *const names[] = { "pass", "conditional_pass", "conditional_fail",
					     "fail" };

	return names[d];
}

enum mu_decision mu_decide(const struct mu_figure *f, struct mu_decision_rule r, bool *near)
{
	/* how far inside the limit the value lies (negative: beyond it) */
	double inside = f->upper ? f->limit - f->value : f->value - f->limit;
	bool have_u = isfinite(f->u);
	double w = have_u ? r.multiple * f->u : NAN;

	*near = have_u && fabs(inside) <= f->u + MU_EPS;
	if (r.rule == MU_SIMPLE)
		return inside >= -MU_EPS ? MU_PASS : MU_FAIL;
	if (!have_u) /* a guard band asked and no U to make it: no pass shown */
		return inside >= -MU_EPS ? MU_CONDITIONAL_PASS : MU_FAIL;
	if (inside >= w - MU_EPS)
		return MU_PASS;
	if (inside >= -MU_EPS)
		return MU_CONDITIONAL_PASS;
	return -inside <= w + MU_EPS ? MU_CONDITIONAL_FAIL : MU_FAIL;
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

json_object *mu_json(const struct mu_figure *f, struct mu_decision_rule r)
{
	json_object *o = json_object_new_object();
	bool near;
	enum mu_decision d = mu_decide(f, r, &near);

	if (!o)
		return NULL;
	json_object_object_add(o, "name", json_object_new_string(f->name));
	json_object_object_add(o, "value", num(f->value));
	json_object_object_add(o, "limit", num(f->limit));
	json_object_object_add(o, "side", json_object_new_string(f->upper ? "max" : "min"));
	json_object_object_add(o, "unit", json_object_new_string(f->unit ? f->unit : ""));
	json_object_object_add(o, "U", num(f->u));
	json_object_object_add(o, "source", f->source && isfinite(f->u)
						? json_object_new_string(f->source)
						: NULL);
	json_object_object_add(o, "near_limit", json_object_new_boolean(near));
	json_object_object_add(o, "rule", json_object_new_string(r.rule == MU_GUARD_BAND
									 ? "guard_band"
									 : "simple"));
	json_object_object_add(o, "guard_band", r.rule == MU_GUARD_BAND ? num(r.multiple * f->u)
									  : NULL);
	json_object_object_add(o, "decision", json_object_new_string(mu_decision_name(d)));
	return o;
}

static double jnum(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_double(v) : NAN;
}

enum verdict mu_verdict(enum verdict v, json_object *figures, char *why, size_t len)
{
	for (size_t i = 0; v == VERDICT_PASS && figures &&
			   json_object_is_type(figures, json_type_array) &&
			   i < json_object_array_length(figures);
	     i++) {
		json_object *f = json_object_array_get_idx(figures, i), *d, *n, *u;

		if (!json_object_object_get_ex(f, "decision", &d) ||
		    strcmp(json_object_get_string(d), "conditional_pass"))
			continue;
		json_object_object_get_ex(f, "name", &n);
		json_object_object_get_ex(f, "unit", &u);
		if (isfinite(jnum(f, "guard_band")))
			snprintf(why, len,
				 "conditional pass (ILAC-G8 guarded acceptance): %s %.4g %s is "
				 "within its limit %.4g %s but inside the guard band w = %.3g %s",
				 json_object_get_string(n), jnum(f, "value"),
				 json_object_get_string(u), jnum(f, "limit"),
				 json_object_get_string(u), jnum(f, "guard_band"),
				 json_object_get_string(u));
		else
			snprintf(why, len,
				 "conditional pass (ILAC-G8 guarded acceptance): %s is within its "
				 "limit, but its uncertainty is not evaluated, so no guard band "
				 "can be applied",
				 json_object_get_string(n));
		v = VERDICT_INCONCLUSIVE;
	}
	return v;
}
