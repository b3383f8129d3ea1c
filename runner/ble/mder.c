/* SPDX-License-Identifier: MIT */
#include "ble/mder.h"
#include "base/err.h"

#include <math.h>
#include <stdio.h>

/* Specials by raw code (exponent 0). Order: enum mder_kind. */
static const uint16_t sfloat_codes[] = {
	[MDER_NAN] = 0x07FF, [MDER_NRES] = 0x0800, [MDER_PINF] = 0x07FE,
	[MDER_NINF] = 0x0802, [MDER_RESERVED] = 0x0801,
};
static const uint32_t float_codes[] = {
	[MDER_NAN] = 0x007FFFFF, [MDER_NRES] = 0x00800000,
	[MDER_PINF] = 0x007FFFFE, [MDER_NINF] = 0x00800002,
	[MDER_RESERVED] = 0x00800001,
};

static void special(enum mder_kind k, struct mder_value *out)
{
	out->kind = k;
	out->value = k == MDER_PINF ? INFINITY : k == MDER_NINF ? -INFINITY : NAN;
}

static int32_t sign_extend(uint32_t v, unsigned bits)
{
	uint32_t sign = 1u << (bits - 1);

	v &= (sign << 1) - 1;
	return (int32_t)(v ^ sign) - (int32_t)sign;
}

void sfloat_decode(uint16_t raw, struct mder_value *out)
{
	out->mantissa = sign_extend(raw & 0x0FFF, 12);
	out->exponent = (int8_t)sign_extend(raw >> 12, 4);
	out->kind = MDER_NUMBER;
	for (int k = MDER_NAN; k <= MDER_RESERVED; k++)
		if (raw == sfloat_codes[k]) {
			special((enum mder_kind)k, out);
			return;
		}
	out->value = out->mantissa * pow(10, out->exponent);
}

void float_decode(uint32_t raw, struct mder_value *out)
{
	out->mantissa = sign_extend(raw & 0x00FFFFFF, 24);
	out->exponent = (int8_t)(raw >> 24);
	out->kind = MDER_NUMBER;
	for (int k = MDER_NAN; k <= MDER_RESERVED; k++)
		if (raw == float_codes[k]) {
			special((enum mder_kind)k, out);
			return;
		}
	out->value = out->mantissa * pow(10, out->exponent);
}

static int encode(double value, int decimals, unsigned mbits, unsigned ebits,
		  uint32_t *raw)
{
	double m = round(value * pow(10, decimals));
	int32_t max = (1 << (mbits - 1)) - 3; /* the top codes are specials */
	int32_t min = -(1 << (mbits - 1)) + 3;
	int e = -decimals;

	if (!isfinite(m) || m > max || m < min ||
	    e < -(1 << (ebits - 1)) || e >= (1 << (ebits - 1)))
		return CC_EINVAL;
	*raw = ((uint32_t)e & ((1u << ebits) - 1)) << mbits |
	       ((uint32_t)(int32_t)m & ((1u << mbits) - 1));
	return CC_OK;
}

int sfloat_encode(double value, int decimals, uint16_t *out)
{
	uint32_t raw;
	int rc = encode(value, decimals, 12, 4, &raw);

	if (!rc)
		*out = (uint16_t)raw;
	return rc;
}

int float_encode(double value, int decimals, uint32_t *out)
{
	return encode(value, decimals, 24, 8, out);
}

uint16_t sfloat_special(enum mder_kind k)
{
	return k >= MDER_NAN && k <= MDER_RESERVED ? sfloat_codes[k] : 0;
}

uint32_t float_special(enum mder_kind k)
{
	return k >= MDER_NAN && k <= MDER_RESERVED ? float_codes[k] : 0;
}

const char *mder_kind_name(enum mder_kind k)
{
	static const char *const names[] = {
		[MDER_NUMBER] = "number", [MDER_NAN] = "NaN",
		[MDER_NRES] = "NRes",     [MDER_PINF] = "+INF",
		[MDER_NINF] = "-INF",     [MDER_RESERVED] = "reserved",
	};

	return (unsigned)k <= MDER_RESERVED ? names[k] : "unknown";
}

void mder_format(const struct mder_value *v, char *out, size_t outlen)
{
	if (v->kind != MDER_NUMBER)
		snprintf(out, outlen, "%s", mder_kind_name(v->kind));
	else if (v->exponent < 0)
		snprintf(out, outlen, "%.*f", -v->exponent, v->value);
	else
		snprintf(out, outlen, "%.0f", v->value);
}

static bool leap(unsigned y)
{
	return (y % 4 == 0 && y % 100) || y % 400 == 0;
}

bool date_time_decode(const uint8_t p[7], struct date_time *dt, char *why,
		      size_t whylen)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30,
					  31, 31, 30, 31, 30, 31 };

	dt->year = (unsigned)(p[0] | p[1] << 8);
	dt->month = p[2];
	dt->day = p[3];
	dt->hours = p[4];
	dt->minutes = p[5];
	dt->seconds = p[6];
	/* 0x2A08: year 1582..9999 or 0 (unknown), month 0..12, day 0..31 */
	if (dt->year && (dt->year < 1582 || dt->year > 9999))
		snprintf(why, whylen, "year %u outside 1582..9999", dt->year);
	else if (dt->month > 12)
		snprintf(why, whylen, "month %u outside 1..12", dt->month);
	else if (dt->day > 31 ||
		 (dt->month && dt->day > mdays[dt->month - 1] +
		  (dt->month == 2 && (!dt->year || leap(dt->year)))))
		snprintf(why, whylen, "day %u invalid for month %u", dt->day,
			 dt->month);
	else if (dt->hours > 23)
		snprintf(why, whylen, "hours %u outside 0..23", dt->hours);
	else if (dt->minutes > 59)
		snprintf(why, whylen, "minutes %u outside 0..59", dt->minutes);
	else if (dt->seconds > 59)
		snprintf(why, whylen, "seconds %u outside 0..59", dt->seconds);
	else
		return true;
	return false;
}

void date_time_encode(const struct date_time *dt, uint8_t p[7])
{
	p[0] = (uint8_t)dt->year;
	p[1] = (uint8_t)(dt->year >> 8);
	p[2] = (uint8_t)dt->month;
	p[3] = (uint8_t)dt->day;
	p[4] = (uint8_t)dt->hours;
	p[5] = (uint8_t)dt->minutes;
	p[6] = (uint8_t)dt->seconds;
}
