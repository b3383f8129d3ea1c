/* SPDX-License-Identifier: MIT */
/*
 * Health-device GATT characteristic values, decoded from tables.
 *
 * Each characteristic is one `struct gchar` (gatt-chars.c, one table per
 * service): an optional flags field, then fields that are present always or
 * when flag bits are set/clear, each with its type, unit, valid range,
 * reserved bits and value names. One loop decodes them all, so field
 * presence needs no hand-written switch (Wireshark's packet-btatt.c writes
 * it by hand, one `case` per UUID).
 *
 * The decoder reports every violation it sees, not just the first: a value
 * shorter or longer than its flags say, reserved bits set, values out of
 * range, invalid dates, special values (NaN, NRes, INF) where the
 * characteristic does not allow them, unknown enumeration values. Decoder
 * findings stay apart from the values.
 */
#ifndef CARECERT_GATT_CODEC_H
#define CARECERT_GATT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ble/mder.h"

enum gtype {
	GT_U8,
	GT_U16,
	GT_S16,
	GT_U24,
	GT_U32,
	GT_SFLOAT,
	GT_FLOAT,
	GT_DATETIME,   /* 7 bytes, 0x2A08 */
	GT_NIBBLES,    /* one byte: low nibble is `name`, high nibble `name2` */
	GT_U16_LIST,   /* u16 values to the end of the value (RR intervals) */
	GT_UTF8,       /* the rest of the value as UTF-8 text */
	GT_HEX,        /* the rest of the value as hex bytes (RACP operands) */
};

struct gname {
	uint32_t value; /* a value, or a bit mask for bit names */
	const char *name;
};

struct gfield {
	const char *name;
	enum gtype type;
	uint32_t if_set;   /* present only when these flag bits are all set */
	uint32_t if_clear; /* present only when these flag bits are all clear */
	const char *unit;
	const char *unit_alt;  /* unit when unit_flag is set in the flags */
	uint32_t unit_flag;
	bool specials_ok;      /* SFLOAT/FLOAT specials are valid here */
	bool nan_required;     /* an unused field: must be NaN */
	bool has_range;        /* GT_U16_LIST: each item */
	double min, max;
	uint32_t reserved;     /* bits that must be zero (bit fields) */
	const struct gname *names; /* value names (enumerations), {0, NULL} ended */
	bool names_strict;     /* a value without a name is a violation */
	const char *name2;     /* GT_NIBBLES: the high nibble */
	const struct gname *names2;
	double scale;          /* value = raw x scale (0: 1) */
	/* control points: present only for these op codes (bit k: op code
	 * k); 0 means the flags rules above apply */
	uint32_t if_ops;
};

struct gchar {
	uint16_t uuid;
	const char *name;
	unsigned flags_size;   /* 0, 1 or 2 */
	uint32_t flags_reserved;
	const struct gfield *fields;
	size_t nfields;
	/* control points: the first byte is an op code, not flag bits; it is
	 * checked against these names and exposed as a value `op_name` */
	const struct gname *ops;
	const char *op_name;
	/* a value with context_flag set is followed by one value of
	 * context_uuid with the same sequence_number (Glucose 3.2) */
	uint16_t context_uuid;
	uint32_t context_flag;
};

#define GATT_MAX_VALUES 24
#define GATT_MAX_VIOLATIONS 16
#define GATT_TEXT_MAX 64

struct gvalue {
	const char *name;
	bool present;
	double num;       /* numbers; NAN for specials and text */
	uint32_t raw;
	struct mder_value mder; /* GT_SFLOAT/GT_FLOAT */
	const char *unit; /* NULL when unitless */
	char text[GATT_TEXT_MAX]; /* printable form, as sent */
};

struct gdecoded {
	const struct gchar *ch;
	uint32_t flags;
	struct gvalue v[GATT_MAX_VALUES];
	size_t n;
	char violations[GATT_MAX_VIOLATIONS][160];
	size_t nviol;
	size_t dropped; /* violations beyond the cap */
};

/* The table entry for a UUID, or NULL. */
const struct gchar *gatt_char_find(uint16_t uuid);
/* Name of a characteristic or service UUID ("Blood Pressure Measurement"),
 * or NULL when carecert does not know it. */
const char *gatt_uuid_name(uint16_t uuid);

/* Decode a value. Returns the number of violations (0: conforming), or -1
 * when the UUID has no table. */
int gatt_decode(const struct gchar *ch, const uint8_t *p, size_t n,
		struct gdecoded *out);

/* A decoded field by name, or NULL (absent fields are not returned). */
const struct gvalue *gatt_value(const struct gdecoded *d, const char *name);

#endif
