/* SPDX-License-Identifier: MIT */
/*
 * IEEE 11073-20601 (MDER) numbers as health-device GATT characteristics
 * carry them: SFLOAT (16 bit: 4-bit exponent, 12-bit mantissa) and FLOAT
 * (32 bit: 8-bit exponent, 24-bit mantissa), value = mantissa x 10^exponent,
 * both signed, with reserved special values (NaN, NRes, +INF, -INF,
 * reserved). Also the 7-byte Date Time (0x2A08). Pure functions, no I/O.
 */
#ifndef CARECERT_MDER_H
#define CARECERT_MDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mder_kind {
	MDER_NUMBER = 0,
	MDER_NAN,      /* not a number */
	MDER_NRES,     /* not at this resolution */
	MDER_PINF,     /* +infinity */
	MDER_NINF,     /* -infinity */
	MDER_RESERVED, /* reserved for future use: never valid */
};

struct mder_value {
	enum mder_kind kind;
	int32_t mantissa;
	int8_t exponent;
	double value; /* NAN / +-INFINITY for the specials */
};

void sfloat_decode(uint16_t raw, struct mder_value *out);
void float_decode(uint32_t raw, struct mder_value *out);

/* Encode value with the given number of decimals (exponent = -decimals).
 * CC_EINVAL if the mantissa does not fit or would land on a special. */
int sfloat_encode(double value, int decimals, uint16_t *out);
int float_encode(double value, int decimals, uint32_t *out);

/* Raw codes of the specials. */
uint16_t sfloat_special(enum mder_kind k);
uint32_t float_special(enum mder_kind k);

/* "number", "NaN", "NRes", "+INF", "-INF", "reserved" */
const char *mder_kind_name(enum mder_kind k);

/* Format a decoded value the way it was sent: 2.0 stays "2.0", 200e-2 is
 * "2.00", specials by name. */
void mder_format(const struct mder_value *v, char *out, size_t outlen);

struct date_time {
	unsigned year, month, day, hours, minutes, seconds;
};

/* Read 7 bytes. Returns false, with the reason, when the date is invalid
 * (month > 12, day beyond the month, hour > 23...). Year, month or day 0
 * mean "not known" and are valid. */
bool date_time_decode(const uint8_t p[7], struct date_time *dt, char *why,
		      size_t whylen);
void date_time_encode(const struct date_time *dt, uint8_t p[7]);

#endif
