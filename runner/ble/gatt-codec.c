/* SPDX-License-Identifier: MIT */
#include "ble/gatt-codec.h"
#include "base/utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void violation(struct gdecoded *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void violation(struct gdecoded *d, const char *fmt, ...)
{
	va_list ap;

	if (d->nviol == GATT_MAX_VIOLATIONS) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(d->violations[d->nviol++], sizeof(d->violations[0]), fmt, ap);
	va_end(ap);
}

static size_t type_size(enum gtype t)
{
	static const size_t sizes[] = {
		[GT_U8] = 1, [GT_U16] = 2, [GT_S16] = 2, [GT_U24] = 3,
		[GT_U32] = 4, [GT_SFLOAT] = 2, [GT_FLOAT] = 4,
		[GT_DATETIME] = 7, [GT_NIBBLES] = 1,
	};

	return t < sizeof(sizes) / sizeof(sizes[0]) ? sizes[t] : 0;
}

static uint32_t le(const uint8_t *p, size_t n)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static const char *name_of(const struct gname *names, uint32_t v)
{
	for (size_t i = 0; names && names[i].name; i++)
		if (names[i].value == v)
			return names[i].name;
	return NULL;
}

static bool present(const struct gfield *f, uint32_t flags)
{
	if (f->if_ops)
		return flags < 32 && (f->if_ops & (1u << flags));
	return (flags & f->if_set) == f->if_set && !(flags & f->if_clear);
}

static struct gvalue *add_value(struct gdecoded *d, const char *name)
{
	struct gvalue *v;

	if (d->n == GATT_MAX_VALUES)
		return NULL;
	v = &d->v[d->n++];
	memset(v, 0, sizeof(*v));
	v->name = name;
	v->present = true;
	v->num = NAN;
	return v;
}

static void check_range(struct gdecoded *d, const struct gfield *f,
			const struct gvalue *v)
{
	if (f->has_range && !isnan(v->num) && (v->num < f->min || v->num > f->max))
		violation(d, "%s %s outside %g..%g%s%s", f->name, v->text, f->min,
			  f->max, v->unit ? " " : "", v->unit ? v->unit : "");
}

static void decode_number(struct gdecoded *d, const struct gfield *f,
			  struct gvalue *v, const uint8_t *p, size_t sz)
{
	const char *nm;

	v->raw = le(p, sz);
	if (f->type == GT_SFLOAT || f->type == GT_FLOAT) {
		if (f->type == GT_SFLOAT)
			sfloat_decode((uint16_t)v->raw, &v->mder);
		else
			float_decode(v->raw, &v->mder);
		v->num = v->mder.value;
		mder_format(&v->mder, v->text, sizeof(v->text));
		if (v->mder.kind == MDER_RESERVED)
			violation(d, "%s uses the reserved special value 0x%0*X", f->name,
				  (int)sz * 2, v->raw);
		else if (v->mder.kind != MDER_NUMBER && !f->specials_ok)
			violation(d, "%s is %s, a special value not allowed here",
				  f->name, mder_kind_name(v->mder.kind));
		if (f->nan_required && v->mder.kind != MDER_NAN && v->mder.kind != MDER_RESERVED)
			violation(d, "%s is %s, must be NaN (the field is unused here)", f->name,
				  v->text);
		if (v->mder.kind != MDER_NUMBER)
			v->num = NAN;
		return;
	}
	v->num = f->type == GT_S16 ? (double)(int16_t)v->raw : (double)v->raw;
	if (f->scale)
		v->num *= f->scale;
	if (f->reserved && (v->raw & f->reserved))
		violation(d, "%s has reserved bits set (0x%X)", f->name,
			  v->raw & f->reserved);
	nm = name_of(f->names, v->raw);
	if (nm && !f->reserved)
		snprintf(v->text, sizeof(v->text), "%u (%s)", v->raw, nm);
	else if (f->reserved || f->type == GT_U24)
		snprintf(v->text, sizeof(v->text), "0x%0*X", (int)sz * 2, v->raw);
	else
		snprintf(v->text, sizeof(v->text), "%g", v->num);
	if (f->names_strict && !nm)
		violation(d, "%s value %u is not defined", f->name, v->raw);
}

/* Decode one field at p[*off]; false when the value is too short. */
static bool decode_field(struct gdecoded *d, const struct gfield *f,
			 const uint8_t *p, size_t n, size_t *off)
{
	size_t sz = type_size(f->type);
	struct gvalue *v;

	if (f->type == GT_UTF8 || f->type == GT_U16_LIST || f->type == GT_HEX) {
		size_t len = n - *off, k = 0;

		if (!(v = add_value(d, f->name)))
			return true;
		v->unit = f->unit;
		if (f->type == GT_UTF8) {
			/* the text as sent where it is UTF-8; every other byte
			 * escaped, so the record stays valid UTF-8 */
			size_t bad = utf8_check(p + *off, len);

			utf8_escape(p + *off, len, v->text, sizeof(v->text));
			if (bad < len)
				violation(d, "%s is not valid UTF-8: byte 0x%02X at offset %zu",
					  f->name, p[*off + bad], bad);
			else if (memchr(p + *off, 0, len))
				violation(d, "%s holds a NUL byte", f->name);
		} else if (f->type == GT_HEX) {
			for (size_t i = 0; i < len && 2 * i + 3 < sizeof(v->text); i++)
				snprintf(v->text + 2 * i, 3, "%02X", p[*off + i]);
			v->num = (double)len;
		} else {
			if (!len) /* flagged: at least one value */
				violation(d, "%s missing: value ends at byte %zu, the flags call for at least 2 more",
					  f->name, n);
			if (len % 2)
				violation(d, "%s: %zu bytes is not a whole number of u16 values",
					  f->name, len);
			for (size_t i = 0; i + 1 < len; i += 2) {
				unsigned item = (unsigned)le(p + *off + i, 2);

				if (k + 8 < sizeof(v->text))
					k += (size_t)snprintf(v->text + k, sizeof(v->text) - k,
							      "%s%u", i ? "," : "", item);
				if (f->has_range && (item < f->min || item > f->max))
					violation(d, "%s item %zu is %u, outside %g..%g", f->name,
						  i / 2 + 1, item, f->min, f->max);
			}
			v->num = (double)(len / 2); /* the count */
		}
		*off = n;
		return true;
	}
	if (*off + sz > n) {
		violation(d, "%s missing: value ends at byte %zu, the flags call for %zu more",
			  f->name, n, *off + sz - n);
		return false;
	}
	if (!(v = add_value(d, f->name)))
		return true;
	v->unit = f->unit;
	if (f->unit_flag && (d->flags & f->unit_flag))
		v->unit = f->unit_alt;
	if (f->type == GT_DATETIME) {
		struct date_time dt;
		char why[80];

		if (!date_time_decode(p + *off, &dt, why, sizeof(why)))
			violation(d, "%s invalid: %s", f->name, why);
		snprintf(v->text, sizeof(v->text), "%04u-%02u-%02uT%02u:%02u:%02u",
			 dt.year, dt.month, dt.day, dt.hours, dt.minutes, dt.seconds);
	} else if (f->type == GT_NIBBLES) {
		struct gvalue *hi;
		uint8_t b = p[*off];

		v->raw = b & 0x0F;
		v->num = v->raw;
		snprintf(v->text, sizeof(v->text), "%u", v->raw);
		if (f->names_strict && !name_of(f->names, v->raw))
			violation(d, "%s value %u is not defined", f->name, v->raw);
		if ((hi = add_value(d, f->name2))) {
			hi->raw = b >> 4;
			hi->num = hi->raw;
			snprintf(hi->text, sizeof(hi->text), "%u", hi->raw);
			if (f->names_strict && !name_of(f->names2, hi->raw))
				violation(d, "%s value %u is not defined", f->name2, hi->raw);
		}
	} else {
		decode_number(d, f, v, p + *off, sz);
		check_range(d, f, v);
	}
	*off += sz;
	return true;
}

int gatt_decode(const struct gchar *ch, const uint8_t *p, size_t n,
		struct gdecoded *d)
{
	size_t off = 0;

	memset(d, 0, sizeof(*d));
	d->ch = ch;
	if (!ch)
		return -1;
	if (ch->flags_size) {
		if (n < ch->flags_size) {
			violation(d, "value of %zu bytes has no room for the flags", n);
			return (int)d->nviol;
		}
		d->flags = le(p, ch->flags_size);
		off = ch->flags_size;
		if (ch->ops) {
			struct gvalue *v = add_value(d, ch->op_name);
			const char *nm = name_of(ch->ops, d->flags);

			if (v) {
				v->raw = d->flags;
				v->num = d->flags;
				snprintf(v->text, sizeof(v->text), "%u (%s)", d->flags,
					 nm ? nm : "undefined");
			}
			if (!nm)
				violation(d, "%s %u is not defined", ch->op_name, d->flags);
		} else if (d->flags & ch->flags_reserved)
			violation(d, "reserved flag bits set (flags 0x%0*X, reserved 0x%X)",
				  (int)ch->flags_size * 2, d->flags,
				  d->flags & ch->flags_reserved);
	}
	for (size_t i = 0; i < ch->nfields; i++) {
		const struct gfield *f = &ch->fields[i];

		if (!present(f, d->flags))
			continue;
		if (!decode_field(d, f, p, n, &off))
			return (int)d->nviol; /* later fields cannot be placed */
	}
	if (off < n)
		violation(d, "%zu bytes after the last field the flags announce (value has %zu, flags call for %zu)",
			  n - off, n, off);
	return (int)d->nviol;
}

const struct gvalue *gatt_value(const struct gdecoded *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].name && !strcmp(d->v[i].name, name))
			return &d->v[i];
	return NULL;
}
