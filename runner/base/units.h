/* SPDX-License-Identifier: MIT */
/*
 * Quantities with units: "500 ms", "16.0 kPa", "37.2 Cel", "120".
 *
 * Unit symbols follow UCUM where one exists (mm[Hg] is also accepted as
 * mmHg, /min as bpm). Conversion is only between units of one dimension;
 * glucose mg/dL <-> mmol/L uses glucose's molar mass, the only substance
 * carecert measures by concentration.
 */
#ifndef CARECERT_UNITS_H
#define CARECERT_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNIT_NAME_MAX 16

struct quantity {
	double value;
	char unit[UNIT_NAME_MAX]; /* "" when none was given */
};

/* Parse "<number>[ ]<unit>" or "<number>". CC_EINVAL with a message in err
 * for anything else (unknown unit, trailing text, no number). */
int quantity_parse(const char *s, struct quantity *q, char *err, size_t errlen);

/* Parse a duration that must carry a time unit (ns, us, ms, s, min, h).
 * "5 parsecs" or "5" give CC_EINVAL and a message naming the valid units. */
int duration_parse(const char *s, int64_t *ns, char *err, size_t errlen);

/* Convert value between units; "" to "" is identity. CC_EINVAL when the
 * units are unknown or of different dimensions. */
int unit_convert(double value, const char *from, const char *to, double *out);

/* True when the unit symbol is known. */
bool unit_known(const char *unit);

/* Format a duration for people: "250 ms", "2 s", "1.5 s". */
void duration_format(int64_t ns, char *out, size_t outlen);

#endif
