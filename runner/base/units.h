/* SPDX-License-Identifier: MIT */
/*
 * Quantities with units: "500 ms", "16.0 kPa", "37.2 Cel", "120".
 *
 * Unit symbols follow UCUM where one exists (mm[Hg] is also accepted as
 * mmHg, /min as bpm). Conversion is only between units of one dimension;
 * glucose mg/dL <-> mmol/L uses glucose's molar mass, the only substance
 * carecert measures by concentration. A rate is a frequency: 1 Hz is
 * 60 bpm.
 *
 * This is the runner's one unit table: every limit, duration and step
 * parameter is read through it (quantity_in), so a value in another unit
 * of the same dimension is converted (1 kPa is 7.500617 mmHg) and a value
 * of another dimension is refused ("5 ms" for a pressure, any unit for a
 * count), never used as a bare number.
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

/* The table's i-th unit symbol, NULL past its end (to walk every unit). */
const char *unit_symbol_at(size_t i);

/* A difference (a tolerance, a band, an SD): offsets cancel, so 1.8 degF
 * of difference is 1 Cel where 1.8 degF as a temperature is -16.8 Cel.
 * Same errors as unit_convert. */
int unit_convert_delta(double value, const char *from, const char *to,
		       double *out);

/* The dimension a unit measures, for messages: "time", "pressure",
 * "temperature", "frequency", "ratio", "glucose concentration",
 * "voltage", "energy"; "a plain number" for ""; NULL when unknown. */
const char *unit_dimension(const char *unit);

/* A numeric parameter of a step and the unit its number is kept in (the
 * step families' tables; docs/suites.md lists the same). */
struct unit_param {
	const char *name;
	const char
	    *unit;  /* "" a plain number (a count, a fraction): no unit
		     * allowed; NULL the step's own unit (e.g. an
		     * accuracy step's data unit), resolved by the family */
	bool delta; /* a difference (tolerance, band, SD), not a level */
};

/* The row of table (ended by a row with name NULL) named name, or NULL. */
const struct unit_param *unit_param_find(const struct unit_param *table,
					 const char *name);

/*
 * The number text gives for a parameter kept in unit: "<number>" is taken
 * as already in unit; "<number> <u>" is converted when u measures the same
 * dimension (as a difference when delta). unit "" declares a plain number:
 * any unit is refused. CC_EINVAL with one message in err naming name, the
 * text and both dimensions ("start: '5 kPa' is a pressure; start is a time
 * in s"); *out is written only on success.
 */
int quantity_in(const char *name, const char *text, const char *unit,
		bool delta, double *out, char *err, size_t errlen);

/* Format a duration for people: "250 ms", "2 s", "1.5 s". */
void duration_format(int64_t ns, char *out, size_t outlen);

#endif
