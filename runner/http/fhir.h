/* SPDX-License-Identifier: MIT */
/*
 * HL7 FHIR R4 Observation checks for measurements published by devices and
 * gateways: the vital-signs profile (FHIR R4 §"Vital Signs", observation-
 * vitalsigns) and the codes each vital sign must carry.
 *
 * One table row per vital sign: LOINC code, what it is, the UCUM codes its
 * valueQuantity may use, whether it is a panel with components (blood
 * pressure). One function checks one Observation against the profile and
 * lists every violation (status, category, LOINC coding, subject,
 * effective time, valueQuantity with UCUM system and code, components);
 * another does the same for each Observation of a searchset Bundle. The
 * values found are returned with their units so that suites can hold them
 * against plausible ranges and other transports.
 *
 * Pure: no I/O; the document is borrowed.
 */
#ifndef CARECERT_FHIR_H
#define CARECERT_FHIR_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#define FHIR_LOINC_SYSTEM "http://loinc.org"
#define FHIR_UCUM_SYSTEM "http://unitsofmeasure.org"
#define FHIR_CATEGORY_SYSTEM "http://terminology.hl7.org/CodeSystem/observation-category"

#define FHIR_MAX_VIOLATIONS 16
#define FHIR_MAX_VALUES 4

struct fhir_vital {
	const char *loinc;
	const char *name;        /* variable-friendly: heart_rate */
	const char *ucum[3];     /* allowed valueQuantity.code, NULL-ended */
	const char *components[3]; /* panel: LOINC codes of its components */
};

/* The vital sign of a LOINC code, or NULL. */
const struct fhir_vital *fhir_vital_find(const char *loinc);

struct fhir_value {
	char loinc[16]; /* the Observation's code, or the component's */
	double value;
	char unit[32];  /* valueQuantity.code (UCUM) */
};

struct fhir_result {
	char id[64];
	char loinc[16];    /* the Observation's LOINC code ("" if none) */
	char effective[40];
	char subject[128];
	const struct fhir_vital *vital; /* NULL: not a known vital sign */
	struct fhir_value values[FHIR_MAX_VALUES];
	size_t nvalues;
	char violations[FHIR_MAX_VIOLATIONS][160];
	size_t nviolations; /* may exceed FHIR_MAX_VIOLATIONS; the rest are counted */
};

/* Check one Observation against the vital-signs profile. want_loinc, when
 * not NULL, is the code the observation must carry. Returns the number of
 * violations (0: conforms). */
size_t fhir_check_observation(json_object *obs, const char *want_loinc,
			      struct fhir_result *r);

/* The entry array of a FHIR Bundle: doc's "entry" when doc is an object
 * whose resourceType is the string "Bundle" and whose entry is an array;
 * NULL for anything else (borrowed from doc). */
json_object *fhir_bundle_entries(json_object *doc);

/* A FHIR dateTime with at least a date (YYYY, YYYY-MM, YYYY-MM-DD, or a
 * full time with seconds and zone); the vital-signs profile needs a full
 * date and, with a time, a zone. */
bool fhir_datetime_valid(const char *s);

/* Join a result's violations into out ("; "-separated, truncated). */
void fhir_violations_text(const struct fhir_result *r, char *out, size_t len);

#endif
