/* SPDX-License-Identifier: MIT */
#include "http/fhir.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* FHIR R4 vital-signs profile, LOINC codes and UCUM units of §"Vital Signs"
 * (observation-vitalsigns and its children); glucose (2339-0, mass per
 * volume in blood) is not a vital sign there but is published the same way
 * by glucose meters, so it is held to the same rules. */
static const struct fhir_vital vitals[] = {
	{ "85354-9", "blood_pressure", { NULL }, { "8480-6", "8462-4", NULL } },
	{ "8480-6", "systolic", { "mm[Hg]", NULL }, { NULL } },
	{ "8462-4", "diastolic", { "mm[Hg]", NULL }, { NULL } },
	{ "8867-4", "heart_rate", { "/min", NULL }, { NULL } },
	{ "59408-5", "spo2", { "%", NULL }, { NULL } },
	{ "2708-6", "spo2", { "%", NULL }, { NULL } },
	{ "2339-0", "glucose", { "mg/dL", NULL }, { NULL } },
	{ "8310-5", "body_temperature", { "Cel", "[degF]", NULL }, { NULL } },
	{ "9279-1", "respiratory_rate", { "/min", NULL }, { NULL } },
	{ "29463-7", "body_weight", { "kg", "g", "[lb_av]" }, { NULL } },
};

static const char *const statuses[] = {
	"registered", "preliminary", "final", "amended", "corrected",
	"cancelled", "entered-in-error", "unknown", NULL,
};

const struct fhir_vital *fhir_vital_find(const char *loinc)
{
	for (size_t i = 0; i < sizeof(vitals) / sizeof(vitals[0]); i++)
		if (!strcmp(vitals[i].loinc, loinc))
			return &vitals[i];
	return NULL;
}

static void violation(struct fhir_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct fhir_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nviolations < FHIR_MAX_VIOLATIONS) {
		va_start(ap, fmt);
		vsnprintf(r->violations[r->nviolations], sizeof(r->violations[0]), fmt, ap);
		va_end(ap);
	}
	r->nviolations++;
}

static const char *str_member(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static json_object *member(json_object *o, const char *key, enum json_type t)
{
	json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

bool fhir_datetime_valid(const char *s)
{
	/* FHIR R4 dateTime, precise to the day at least (vs-1) */
	static const char *const pattern =
		"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
		"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?"
		"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?$";
	regex_t re;
	bool ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return false;
	ok = !regexec(&re, s, 0, NULL, 0);
	regfree(&re);
	return ok;
}

/* The LOINC code of a CodeableConcept, "" when it has no LOINC coding. */
static void loinc_of(json_object *concept, char *out, size_t len)
{
	json_object *codings = member(concept, "coding", json_type_array);

	out[0] = 0;
	for (size_t i = 0; codings && i < json_object_array_length(codings); i++) {
		json_object *c = json_object_array_get_idx(codings, i);
		const char *sys = str_member(c, "system"), *code = str_member(c, "code");

		if (sys && code && !strcmp(sys, FHIR_LOINC_SYSTEM)) {
			snprintf(out, len, "%s", code);
			return;
		}
	}
}

/* valueQuantity: value, unit, UCUM system and one of the allowed codes. */
static void check_quantity(json_object *holder, const char *where,
			   const struct fhir_vital *v, const char *loinc,
			   struct fhir_result *r)
{
	json_object *q = member(holder, "valueQuantity", json_type_object), *val;
	const char *sys, *code;
	bool allowed = false;

	if (!q) {
		if (!member(holder, "dataAbsentReason", json_type_object))
			violation(r, "%s: no valueQuantity (nor dataAbsentReason)", where);
		return;
	}
	if (!json_object_object_get_ex(q, "value", &val) ||
	    !(json_object_is_type(val, json_type_int) || json_object_is_type(val, json_type_double)))
		violation(r, "%s: valueQuantity.value missing or not a number", where);
	else if (r->nvalues < FHIR_MAX_VALUES) {
		struct fhir_value *fv = &r->values[r->nvalues++];

		snprintf(fv->loinc, sizeof(fv->loinc), "%s", loinc);
		fv->value = json_object_get_double(val);
		code = str_member(q, "code");
		snprintf(fv->unit, sizeof(fv->unit), "%s", code ? code : "");
	}
	if (!str_member(q, "unit"))
		violation(r, "%s: valueQuantity.unit missing", where);
	sys = str_member(q, "system");
	if (!sys || strcmp(sys, FHIR_UCUM_SYSTEM))
		violation(r, "%s: valueQuantity.system is %s%s%s, not %s", where, sys ? "'" : "",
			  sys ? sys : "missing", sys ? "'" : "", FHIR_UCUM_SYSTEM);
	code = str_member(q, "code");
	for (size_t i = 0; v && code && i < 3 && v->ucum[i]; i++)
		allowed |= !strcmp(code, v->ucum[i]);
	if (!code)
		violation(r, "%s: valueQuantity.code (UCUM) missing", where);
	else if (v && v->ucum[0] && !allowed)
		violation(r, "%s: UCUM code '%s' is not %s%s%s for LOINC %s", where, code,
			  v->ucum[0], v->ucum[1] ? " or " : "", v->ucum[1] ? v->ucum[1] : "", loinc);
}

static bool has_vital_category(json_object *obs)
{
	json_object *cats = member(obs, "category", json_type_array);

	for (size_t i = 0; cats && i < json_object_array_length(cats); i++) {
		json_object *codings = member(json_object_array_get_idx(cats, i), "coding",
					      json_type_array);

		for (size_t k = 0; codings && k < json_object_array_length(codings); k++) {
			json_object *c = json_object_array_get_idx(codings, k);
			const char *sys = str_member(c, "system"), *code = str_member(c, "code");

			if (sys && code && !strcmp(sys, FHIR_CATEGORY_SYSTEM) &&
			    !strcmp(code, "vital-signs"))
				return true;
		}
	}
	return false;
}

static void check_components(json_object *obs, const struct fhir_vital *v,
			     struct fhir_result *r)
{
	json_object *comps = member(obs, "component", json_type_array);

	for (size_t k = 0; k < 3 && v->components[k]; k++) {
		json_object *found = NULL;
		char code[16], where[64];

		for (size_t i = 0; comps && i < json_object_array_length(comps) && !found; i++) {
			json_object *c = json_object_array_get_idx(comps, i);

			loinc_of(member(c, "code", json_type_object), code, sizeof(code));
			if (!strcmp(code, v->components[k]))
				found = c;
		}
		snprintf(where, sizeof(where), "component %s", v->components[k]);
		if (!found)
			violation(r, "%s (LOINC %s) missing", where, v->components[k]);
		else
			check_quantity(found, where, fhir_vital_find(v->components[k]),
				       v->components[k], r);
	}
}

size_t fhir_check_observation(json_object *obs, const char *want_loinc,
			      struct fhir_result *r)
{
	const char *s;
	json_object *subj, *period;

	memset(r, 0, sizeof(*r));
	if (!json_object_is_type(obs, json_type_object)) {
		violation(r, "not a JSON object");
		return r->nviolations;
	}
	s = str_member(obs, "resourceType");
	if (!s || strcmp(s, "Observation")) {
		violation(r, "resourceType is %s, not Observation", s ? s : "missing");
		return r->nviolations;
	}
	if ((s = str_member(obs, "id")))
		snprintf(r->id, sizeof(r->id), "%s", s);
	s = str_member(obs, "status");
	if (!s) {
		violation(r, "status missing");
	} else {
		bool known = false;

		for (size_t i = 0; statuses[i]; i++)
			known |= !strcmp(s, statuses[i]);
		if (!known)
			violation(r, "status '%s' is not an observation status", s);
	}
	if (!has_vital_category(obs))
		violation(r, "category lacks vital-signs (%s)", FHIR_CATEGORY_SYSTEM);
	loinc_of(member(obs, "code", json_type_object), r->loinc, sizeof(r->loinc));
	if (!r->loinc[0]) {
		violation(r, "code has no LOINC coding (%s)", FHIR_LOINC_SYSTEM);
	} else if (!(r->vital = fhir_vital_find(r->loinc)) || !strcmp(r->loinc, "8480-6") ||
		   !strcmp(r->loinc, "8462-4")) {
		/* systolic and diastolic travel inside the 85354-9 panel */
		r->vital = NULL;
		violation(r, "LOINC %s is not a vital-signs code", r->loinc);
	}
	if (want_loinc && strcmp(r->loinc, want_loinc))
		violation(r, "LOINC code is %s, expected %s", r->loinc[0] ? r->loinc : "missing",
			  want_loinc);
	subj = member(obs, "subject", json_type_object);
	if (!subj || !str_member(subj, "reference"))
		violation(r, "subject.reference missing");
	else
		snprintf(r->subject, sizeof(r->subject), "%s", str_member(subj, "reference"));
	if ((s = str_member(obs, "effectiveDateTime"))) {
		snprintf(r->effective, sizeof(r->effective), "%s", s);
		if (!fhir_datetime_valid(s))
			violation(r, "effectiveDateTime '%s' is not a FHIR dateTime precise to the day",
				  s);
	} else if ((period = member(obs, "effectivePeriod", json_type_object))) {
		s = str_member(period, "start");
		if (!s || !fhir_datetime_valid(s))
			violation(r, "effectivePeriod.start missing or not a dateTime");
		else
			snprintf(r->effective, sizeof(r->effective), "%s", s);
	} else {
		violation(r, "effective[x] missing");
	}
	if (r->vital && r->vital->components[0])
		check_components(obs, r->vital, r);
	else
		check_quantity(obs, "value", r->vital, r->loinc, r);
	return r->nviolations;
}

json_object *fhir_bundle_entries(json_object *doc)
{
	const char *rt = str_member(doc, "resourceType");

	if (!rt || strcmp(rt, "Bundle"))
		return NULL;
	return member(doc, "entry", json_type_array);
}

void fhir_violations_text(const struct fhir_result *r, char *out, size_t len)
{
	size_t k = 0;

	out[0] = 0;
	for (size_t i = 0; i < r->nviolations && i < FHIR_MAX_VIOLATIONS && k + 2 < len; i++)
		k += (size_t)snprintf(out + k, len - k, "%s%s", i ? "; " : "", r->violations[i]);
	if (r->nviolations > FHIR_MAX_VIOLATIONS && k + 2 < len)
		snprintf(out + k, len - k, "; and %zu more", r->nviolations - FHIR_MAX_VIOLATIONS);
}
