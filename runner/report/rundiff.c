/* SPDX-License-Identifier: MIT */
#include "report/rundiff.h"
#include "base/err.h"
#include "report/jtype.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *text(const char *s)
{
	return s ? s : "?";
}

/* -1 for skipped or unknown: outside the order */
static int rank(const char *v)
{
	static const char *const order[] = {"pass", "inconclusive", "fail",
					    "error"};

	for (int i = 0; v && i < 4; i++)
		if (!strcmp(v, order[i]))
			return i;
	return -1;
}

static json_object *find_case(json_object *cases, const char *suite,
			      const char *id)
{
	for (size_t i = 0; cases && i < json_object_array_length(cases); i++) {
		json_object *c = jt_idx_obj(cases, i);
		const char *s = jt_str(c, "suite"), *k = jt_str(c, "id");

		if (s && k && !strcmp(s, suite) && !strcmp(k, id))
			return c;
	}
	return NULL;
}

static void header(FILE *out, const char *tag, const char *name, json_object *r)
{
	json_object *dut = NULL;

	json_object_object_get_ex(r, "dut", &dut);
	fprintf(out,
		"%s: %s %s, firmware %s, serial %s; %s; verdict %s  (%s)\n",
		tag, text(jt_str(dut, "vendor")), text(jt_str(dut, "model")),
		text(jt_str(dut, "firmware")), text(jt_str(dut, "serial_number")),
		text(jt_str(r, "start")), text(jt_str(r, "verdict")), name);
}

enum change {
	CH_REGRESSION,
	CH_IMPROVEMENT,
	CH_OTHER,
	CH_ONLY_A,
	CH_ONLY_B,
	CH_KINDS
};

static enum change classify(const char *va, const char *vb)
{
	int ra = rank(va), rb = rank(vb);

	if (ra >= 0 && rb >= 0)
		return rb > ra ? CH_REGRESSION : CH_IMPROVEMENT;
	return CH_OTHER;
}

static void verdict_changes(FILE *out, json_object *ca, json_object *cb,
			    struct rundiff_counts *n)
{
	static const char *const titles[CH_KINDS] = {
	    "regressions",     "improvements",	  "other verdict changes",
	    "cases only in A", "cases only in B",
	};
	size_t *counts[CH_KINDS] = {&n->regressions, &n->improvements,
				    &n->other, &n->only_a, &n->only_b};

	/* one pass per kind, so that regressions come first */
	for (int kind = 0; kind < CH_KINDS; kind++) {
		json_object *from = kind == CH_ONLY_B ? cb : ca,
			    *to = kind == CH_ONLY_B ? ca : cb;
		bool printed = false;

		for (size_t i = 0; from && i < json_object_array_length(from);
		     i++) {
			json_object *a = jt_idx_obj(from, i), *b;
			const char *s = jt_str(a, "suite"), *id = jt_str(a, "id");
			const char *va = jt_str(a, "verdict"), *vb;

			if (!s || !id)
				continue;
			b = to ? find_case(to, s, id) : NULL;
			if (kind == CH_ONLY_A || kind == CH_ONLY_B) {
				if (b)
					continue;
			} else {
				vb = jt_str(b, "verdict");
				if (!b || !va || !vb || !strcmp(va, vb) ||
				    classify(va, vb) != (enum change)kind)
					continue;
			}
			if (!printed)
				fprintf(out, "\n%s:\n", titles[kind]);
			printed = true;
			(*counts[kind])++;
			if (kind == CH_ONLY_A || kind == CH_ONLY_B)
				fprintf(out, "  %-22s %s\n", id, text(va));
			else
				fprintf(
				    out, "  %-22s %s -> %s  %s\n", id, va,
				    jt_str(b, "verdict"),
				    text(jt_str(kind == CH_IMPROVEMENT ? a : b,
					      "reason")));
		}
	}
}

static json_object *nth_measurement(json_object *c, const char *name,
				    size_t nth)
{
	json_object *ms = jt_arr(c, "measurements");

	for (size_t i = 0; ms && i < json_object_array_length(ms); i++) {
		json_object *m = jt_idx_obj(ms, i);
		const char *mn = jt_str(m, "name");

		if (mn && !strcmp(mn, name) && nth-- == 0)
			return m;
	}
	return NULL;
}

static bool marginal(json_object *m)
{
	json_object *v;

	return json_object_object_get_ex(m, "marginal", &v) &&
	       json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

static void limits(json_object *m, char *out, size_t len)
{
	double lo, hi;
	bool has_lo = jt_num(m, "min", &lo), has_hi = jt_num(m, "max", &hi);

	if (has_lo && has_hi)
		snprintf(out, len, "; limits %g..%g", lo, hi);
	else if (has_lo)
		snprintf(out, len, "; min %g", lo);
	else if (has_hi)
		snprintf(out, len, "; max %g", hi);
	else
		out[0] = 0;
}

static void moved(FILE *out, json_object *ca, json_object *cb, double tol,
		  struct rundiff_counts *n)
{
	bool printed = false;

	for (size_t i = 0; ca && i < json_object_array_length(ca); i++) {
		json_object *a = jt_idx_obj(ca, i), *b,
			    *ms = jt_arr(a, "measurements");
		const char *s = jt_str(a, "suite"), *id = jt_str(a, "id");

		if (!s || !id || !(b = find_case(cb, s, id)))
			continue;
		for (size_t k = 0; ms && k < json_object_array_length(ms);
		     k++) {
			json_object *ma = jt_idx_obj(ms, k), *mb;
			const char *name = jt_str(ma, "name"),
				   *unit = jt_str(ma, "unit");
			const char *va = jt_str(ma, "verdict"), *vb;
			size_t nth = 0;
			double x, y;
			char lim[96];

			if (!name || !jt_num(ma, "value", &x))
				continue;
			/* the same name earlier in the case: match occurrence
			 * by occurrence */
			for (size_t j = 0; j < k; j++) {
				const char *pn = jt_str(jt_idx_obj(ms, j), "name");

				nth += pn && !strcmp(pn, name);
			}
			mb = nth_measurement(b, name, nth);
			if (!mb || !jt_num(mb, "value", &y))
				continue;
			vb = jt_str(mb, "verdict");
			if (fabs(y - x) <= tol / 100 * fmax(fabs(x), fabs(y)) &&
			    !((va && vb && strcmp(va, vb)) ||
			      marginal(ma) != marginal(mb)))
				continue;
			if (!printed)
				fprintf(out,
					"\nmeasurements that moved (more than "
					"%g %%, or verdict "
					"or marginal flag changed):\n",
					tol);
			printed = true;
			n->moved++;
			limits(mb, lim, sizeof(lim));
			fprintf(out,
				"  %-22s %s: %g -> %g %s (%+g%s)%s%s%s%s\n", id,
				name, x, y, unit ? unit : "", y - x, lim,
				va && vb && strcmp(va, vb) ? "  " : "",
				va && vb && strcmp(va, vb) ? va : "",
				va && vb && strcmp(va, vb) ? " -> " : "",
				va && vb && strcmp(va, vb) ? vb : "");
		}
	}
}

int rundiff_print(json_object *a, json_object *b, const char *name_a,
		  const char *name_b, double tol, FILE *out,
		  struct rundiff_counts *n)
{
	json_object *ca = jt_arr(a, "cases"), *cb = jt_arr(b, "cases");

	memset(n, 0, sizeof(*n));
	header(out, "A", name_a, a);
	header(out, "B", name_b, b);
	verdict_changes(out, ca, cb, n);
	moved(out, ca, cb, tol, n);
	fprintf(out,
		"\n%zu regression%s, %zu improvement%s, %zu other change%s, "
		"%zu case%s only in A, "
		"%zu only in B, %zu measurement%s moved\n",
		n->regressions, n->regressions == 1 ? "" : "s", n->improvements,
		n->improvements == 1 ? "" : "s", n->other,
		n->other == 1 ? "" : "s", n->only_a, n->only_a == 1 ? "" : "s",
		n->only_b, n->moved, n->moved == 1 ? "" : "s");
	return CC_OK;
}
