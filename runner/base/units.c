/* SPDX-License-Identifier: MIT */
#include "base/units.h"
#include "base/err.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum dimension { DIM_TIME, DIM_PRESSURE, DIM_TEMPERATURE, DIM_FREQUENCY,
		 DIM_RATIO, DIM_GLUCOSE, DIM_VOLTAGE, DIM_ENERGY,
		 DIM_LENGTH, DIM_SCREEN };

static const char *const dimension_names[] = {
	[DIM_TIME] = "time",
	[DIM_PRESSURE] = "pressure",
	[DIM_TEMPERATURE] = "temperature",
	[DIM_FREQUENCY] = "frequency",
	[DIM_RATIO] = "ratio",
	[DIM_GLUCOSE] = "glucose concentration",
	[DIM_VOLTAGE] = "voltage",
	[DIM_ENERGY] = "energy",
	[DIM_LENGTH] = "length",
	/* CSS pixels are not metres: a screen's own dimension */
	[DIM_SCREEN] = "length on screen",
};

/* value_in_base = value * scale + offset */
static const struct unit_def {
	const char *symbol;
	enum dimension dim;
	double scale, offset;
} units[] = {
	{ "ns", DIM_TIME, 1e-9, 0 },
	{ "us", DIM_TIME, 1e-6, 0 },
	{ "ms", DIM_TIME, 1e-3, 0 },
	{ "s", DIM_TIME, 1, 0 },
	{ "min", DIM_TIME, 60, 0 },
	{ "h", DIM_TIME, 3600, 0 },
	{ "mmHg", DIM_PRESSURE, 1, 0 },
	{ "mm[Hg]", DIM_PRESSURE, 1, 0 },
	/* 1 kPa = 7.50062 mmHg (ISO 80601-2-30 uses this factor) */
	{ "kPa", DIM_PRESSURE, 7.500617, 0 },
	{ "Cel", DIM_TEMPERATURE, 1, 0 },
	{ "degC", DIM_TEMPERATURE, 1, 0 },
	{ "[degF]", DIM_TEMPERATURE, 5.0 / 9.0, -32.0 * 5.0 / 9.0 },
	{ "degF", DIM_TEMPERATURE, 5.0 / 9.0, -32.0 * 5.0 / 9.0 },
	{ "K", DIM_TEMPERATURE, 1, -273.15 },
	/* base per minute, so bpm and /min stay exact; UCUM: Hz = /s */
	{ "bpm", DIM_FREQUENCY, 1, 0 },
	{ "/min", DIM_FREQUENCY, 1, 0 },
	{ "Hz", DIM_FREQUENCY, 60, 0 },
	{ "%", DIM_RATIO, 1, 0 },
	{ "mg/dL", DIM_GLUCOSE, 1, 0 },
	/* glucose: 1 mmol/L = 18.016 mg/dL (M = 180.16 g/mol) */
	{ "mmol/L", DIM_GLUCOSE, 18.016, 0 },
	{ "uV", DIM_VOLTAGE, 1e-3, 0 },
	{ "mV", DIM_VOLTAGE, 1, 0 },
	{ "V", DIM_VOLTAGE, 1000, 0 },
	{ "J", DIM_ENERGY, 1, 0 },
	{ "kJ", DIM_ENERGY, 1000, 0 },
	{ "kcal", DIM_ENERGY, 4184, 0 }, /* thermochemical calorie */
	/* positioning errors and geofences (UCUM m, cm, mm, km, [ft_i]) */
	{ "m", DIM_LENGTH, 1, 0 },
	{ "cm", DIM_LENGTH, 0.01, 0 },
	{ "mm", DIM_LENGTH, 0.001, 0 },
	{ "km", DIM_LENGTH, 1000, 0 },
	{ "[ft_i]", DIM_LENGTH, 0.3048, 0 },
	{ "ft", DIM_LENGTH, 0.3048, 0 },
	/* CSS lengths: 1 pt = 1/72 in = 4/3 px (CSS Values 4); the MIIT figures
	 * in dp/pt are taken as CSS px (shared/reference/ageing-friendly.md) */
	{ "px", DIM_SCREEN, 1, 0 },
	{ "pt", DIM_SCREEN, 4.0 / 3.0, 0 },
};

static const struct unit_def *unit_find(const char *s)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(units[i].symbol, s))
			return &units[i];
	return NULL;
}

bool unit_known(const char *unit)
{
	return unit_find(unit) != NULL;
}

const char *unit_symbol_at(size_t i)
{
	return i < sizeof(units) / sizeof(units[0]) ? units[i].symbol : NULL;
}

int unit_convert(double value, const char *from, const char *to, double *out)
{
	const struct unit_def *a, *b;

	if (!strcmp(from, to)) {
		*out = value;
		return CC_OK;
	}
	a = unit_find(from);
	b = unit_find(to);
	if (!a || !b || a->dim != b->dim)
		return CC_EINVAL;
	*out = ((value * a->scale + a->offset) - b->offset) / b->scale;
	return CC_OK;
}

int unit_convert_delta(double value, const char *from, const char *to,
		       double *out)
{
	const struct unit_def *a, *b;

	if (!strcmp(from, to)) {
		*out = value;
		return CC_OK;
	}
	a = unit_find(from);
	b = unit_find(to);
	if (!a || !b || a->dim != b->dim)
		return CC_EINVAL;
	*out = value * a->scale / b->scale;
	return CC_OK;
}

const char *unit_dimension(const char *unit)
{
	const struct unit_def *u;

	if (!unit[0])
		return "a plain number";
	u = unit_find(unit);
	return u ? dimension_names[u->dim] : NULL;
}

const struct unit_param *unit_param_find(const struct unit_param *table,
					 const char *name)
{
	for (; table && table->name; table++)
		if (!strcmp(table->name, name))
			return table;
	return NULL;
}

static const char *article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

int quantity_in(const char *name, const char *text, const char *unit,
		bool delta, double *out, char *err, size_t errlen)
{
	const char *want = unit_dimension(unit);
	struct quantity q;
	char e[160];

	if (!want) {
		snprintf(err, errlen, "%s: unknown unit '%s'", name, unit);
		return CC_EINVAL;
	}
	if (quantity_parse(text, &q, e, sizeof(e))) {
		snprintf(err, errlen, "%s: %s", name, e);
		return CC_EINVAL;
	}
	if (!q.unit[0]) {
		*out = q.value; /* a bare number is in the parameter's unit */
		return CC_OK;
	}
	if (!unit[0]) {
		const char *has = unit_dimension(q.unit);

		snprintf(err, errlen,
			 "%s: '%s' is %s %s; %s takes a plain number, no unit",
			 name, text, article(has), has, name);
		return CC_EINVAL;
	}
	if ((delta ? unit_convert_delta : unit_convert)(q.value, q.unit, unit,
							out)) {
		const char *has = unit_dimension(q.unit);

		snprintf(err, errlen, "%s: '%s' is %s %s; %s is %s %s in %s",
			 name, text, article(has), has, name, article(want),
			 want, unit);
		return CC_EINVAL;
	}
	return CC_OK;
}

int quantity_parse(const char *s, struct quantity *q, char *err, size_t errlen)
{
	const char *p = s;
	char *end;
	size_t ulen;

	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	q->value = strtod(p, &end);
	if (end == p || errno == ERANGE || !isfinite(q->value)) {
		snprintf(err, errlen, "'%s' is not a number", s);
		return CC_EINVAL;
	}
	p = end;
	while (isspace((unsigned char)*p))
		p++;
	ulen = strlen(p);
	while (ulen && isspace((unsigned char)p[ulen - 1]))
		ulen--;
	q->unit[0] = 0;
	if (!ulen)
		return CC_OK;
	if (ulen >= sizeof(q->unit)) {
		snprintf(err, errlen, "unknown unit in '%s'", s);
		return CC_EINVAL;
	}
	memcpy(q->unit, p, ulen);
	q->unit[ulen] = 0;
	if (!unit_known(q->unit)) {
		snprintf(err, errlen, "unknown unit '%s' in '%s'", q->unit, s);
		return CC_EINVAL;
	}
	return CC_OK;
}

int duration_parse(const char *s, int64_t *ns, char *err, size_t errlen)
{
	static const char valid[] = "ns, us, ms, s, min, h";
	struct quantity q;
	const struct unit_def *u;
	char e[128];

	if (quantity_parse(s, &q, e, sizeof(e))) {
		if (strstr(e, "unknown unit"))
			snprintf(err, errlen,
				 "bad duration '%s': unit must be one of %s",
				 s, valid);
		else
			snprintf(err, errlen, "bad duration '%s': %s", s, e);
		return CC_EINVAL;
	}
	u = q.unit[0] ? unit_find(q.unit) : NULL;
	if (!u || u->dim != DIM_TIME) {
		snprintf(err, errlen,
			 "bad duration '%s': needs a time unit (%s)", s, valid);
		return CC_EINVAL;
	}
	if (q.value < 0 || q.value * u->scale > 1e6) {
		snprintf(err, errlen,
			 "bad duration '%s': must be between 0 and 1000000 s",
			 s);
		return CC_EINVAL;
	}
	*ns = (int64_t)llround(q.value * u->scale * 1e9);
	return CC_OK;
}

void duration_format(int64_t ns, char *out, size_t outlen)
{
	if (ns < 1000000000LL && ns % 1000000LL == 0)
		snprintf(out, outlen, "%lld ms", (long long)(ns / 1000000LL));
	else if (ns < 1000000000LL)
		snprintf(out, outlen, "%.3f ms", (double)ns / 1e6);
	else
		snprintf(out, outlen, "%g s", (double)ns / 1e9);
}
