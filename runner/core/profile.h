/* SPDX-License-Identifier: MIT */
/*
 * Profiles: the DUT's conformance statement plus bench settings, one YAML
 * file per device or bench (format: docs/profiles.md).
 *
 * profile_load() also loads every suite the profile names and checks the
 * two against each other (claimed features and limit overrides must exist
 * in those suites, the suites must suit the DUT's category and transport),
 * so that `carecert validate` catches a typo before a device is on the bench.
 * The struct profile owns everything it points to, suites included.
 */
#ifndef CARECERT_PROFILE_H
#define CARECERT_PROFILE_H

#include <stdbool.h>

#include "base/diag.h"
#include "bench/instrument.h"
#include "bench/pairs.h"
#include "core/suite.h"

struct json_object;

#define PROFILE_SCHEMA "carecert/profile/1"

/* A transport parameter. Its value may come from the environment or a
 * file ({env: NAME}, {file: PATH}); such a value, and that of a parameter
 * named like a secret (password, token: base/redact.h), is secret: never
 * printed, shown by --verbose or written to the record. */
struct param {
	char *key;
	char *value;
	bool secret;
	unsigned line, col;
};

struct dut {
	char *category, *vendor, *model, *firmware, *serial_number;
};

struct simulator_cfg {
	char *program; /* NULL: no simulator; else carecert-sim-<program> */
	char **faults; /* NULL-terminated */
	char **args;   /* extra arguments; NULL-terminated */
};

/* A profile's value for a suite's named limit. Once the profile has
 * loaded, value is in the dimension the suite declares for the limit: a
 * bare number has had the suite's unit appended ("7" for "5.0 mmHg" is "7
 * mmHg"), another unit of that dimension stays as written ("1 kPa") and is
 * converted where the limit is used. */
struct limit_override {
	char *name;
	char *value;
	unsigned line, col;   /* of the key */
	unsigned vline, vcol; /* of the value */
};

/* Paired reference/device data of a clinical validation (accuracy_data:),
 * read and checked when the profile loads. */
struct profile_data {
	char *name;
	char *path;      /* as resolved against the profile's folder */
	char *reference; /* the reference instrument, as the lab names it */
	char *calibration_due; /* YYYY-MM-DD or NULL */
	struct pair_set *set;  /* owned */
	unsigned line, col;
};

/* A reference instrument on the bench (instruments:), its driver loaded. */
struct profile_instrument {
	char *id;
	char *port;  /* serial path, usb:VID:PID, or sim */
	char *baud;  /* NULL: the serial default */
	char *model, *serial_number;
	char *calibration_due; /* YYYY-MM-DD or NULL */
	struct simulator_cfg sim;
	struct instrument_driver *drv; /* owned */
	unsigned line, col;
};

/* A further link of the DUT (links:), which suites use in on: steps. */
struct profile_link {
	char *id;
	char *transport_kind;
	struct param *params;
	size_t nparams;
	struct simulator_cfg sim;
	unsigned line, col;
};

struct profile {
	char *path;
	struct dut dut;
	char *transport_kind;
	struct param *params; /* transport parameters, in file order */
	size_t nparams;
	struct simulator_cfg sim;
	char **features; /* NULL-terminated */
	struct suite **suites;
	size_t nsuites;
	struct limit_override *limits;
	size_t nlimits;
	struct profile_data *data; /* accuracy_data, in file order */
	size_t ndata;
	struct profile_instrument *instruments;
	size_t ninstruments;
	struct profile_link *links; /* in file order */
	size_t nlinks;
	char *lab_name, *lab_address, *lab_accreditation; /* lab:, may be NULL */
	struct json_object *lab_iso; /* lab:'s ISO/IEC 17025 statements
				      * (core/labinfo.h), NULL without lab: */
	char *output_dir; /* may be NULL */
	char *junit;      /* may be NULL */
	int junit_dialect; /* enum junit_dialect of output.junit_dialect; 0: ant */
};

/* Load a profile and its suites. suites_dir overrides where suites are
 * looked up (default: the profile's `suites_dir`, else ../suites next to
 * the profile). NULL with every problem found in d. */
struct profile *profile_load(const char *path, const char *suites_dir,
			     struct diag *d);
void profile_free(struct profile *p);

bool profile_claims(const struct profile *p, const char *feature);
/* Value of a transport parameter or NULL. */
const char *profile_param(const struct profile *p, const char *key);
/* The values of the secret parameters (the profile's transport and its
 * links'), NULL-terminated and malloc'd (strv_free), to mask them where
 * they could show; *out is NULL after CC_ENOMEM. */
int profile_secrets(const struct profile *p, char ***out);
/* Effective value of a named limit: the profile's override, else the
 * default of the first suite defining it; NULL if none does. */
const char *profile_limit(const struct profile *p, const char *name);

const struct profile_instrument *profile_instrument_find(const struct profile *p,
							 const char *id);
const struct profile_link *profile_link_find(const struct profile *p, const char *id);
/* A named accuracy_data entry or NULL. */
const struct profile_data *profile_data_find(const struct profile *p, const char *name);

/* Known DUT categories, NULL-terminated. */
extern const char *const dut_categories[];

#endif
