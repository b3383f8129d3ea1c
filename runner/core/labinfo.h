/* SPDX-License-Identifier: MIT */
/*
 * What ISO/IEC 17025 (7.8) asks a test report to state, from the profile's
 * `lab:` block beside its name, address and accreditation: the customer,
 * the sample's receipt and identification, the bench's environmental
 * conditions, the decision rule per standard, the reference instruments'
 * certificates, traceability and stated uncertainty, deviations from the
 * method, opinions and interpretations, and whether the run is meant for
 * certification (docs/profiles.md).
 */
#ifndef CARECERT_LABINFO_H
#define CARECERT_LABINFO_H

#include <json-c/json.h>

#include "base/diag.h"
#include "base/ydoc.h"

/* The keys of lab: this module reads (the profile reads name, address and
 * accreditation itself). */
extern const char *const labinfo_keys[];

/* Validates those keys of the lab: map n, each problem as file:line:col in
 * d; `references` must name one of the instrument ids (n_ids of them).
 * Returns a new JSON object with what was stated (members absent when not
 * stated), owned by the caller; NULL only when out of memory. */
json_object *labinfo_load(const struct ynode *n, const char *const *ids,
			  size_t n_ids, struct diag *d);

/* The items a report meant for certification must state, missing from
 * the record's lab object (lab may be NULL) and instruments array: each
 * name ("lab.customer", "lab.references[patient].certificate") appended
 * to out, separated by ", ". Returns how many are missing. */
size_t labinfo_missing(json_object *lab, json_object *instruments, char *out,
		       size_t len);

#endif
