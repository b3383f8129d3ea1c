/* SPDX-License-Identifier: MIT */
/*
 * GATT characteristic values from the DUT (ble/gatt-codec.c over the tables
 * of ble/gatt-chars.c, and ble/mder.c): gatt_decode() of a value, then
 * every decoded field looked up by name as suites do; every text the
 * decoder makes is valid UTF-8 (base/utf8.c, which is run on the raw
 * bytes too).
 *
 * Input: the characteristic's UUID (u16le; one carecert has no table for
 * picks a table by its value), then the value.
 * Generated seeds: for every characteristic in the tables, values laid out
 * by the table itself with no flags, each flag and all flags set (for
 * control points, each op code), so a characteristic added to the tables
 * is seeded too.
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "base/utf8.h"
#include "ble/gatt-codec.h"
#include "ble/mder.h"
#include "fuzz.h"

static const struct gchar *known[256];
static size_t nknown;

static void find_known(void)
{
	/* every SIG characteristic is 0x2Axx */
	for (unsigned u = 0x2A00; u <= 0x2AFF && nknown < 256; u++)
		if (gatt_char_find((uint16_t)u))
			known[nknown++] = gatt_char_find((uint16_t)u);
	fuzz_assert(nknown > 0);
}

/* Bounded, and valid UTF-8 whatever the device sent: these strings go
 * into the record. */
static void check_text(const char *t, size_t cap)
{
	fuzz_assert(strnlen(t, cap) < cap);
	fuzz_assert(utf8_valid_str(t));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct gchar *ch;
	struct gdecoded d;
	struct mder_value mv;
	char text[64];
	uint16_t uuid;
	int rc;

	if (size < 2)
		return 0;
	uuid = (uint16_t)(data[0] | data[1] << 8);
	ch = gatt_char_find(uuid);
	if (!ch)
		ch = known[uuid % nknown];
	(void)gatt_uuid_name(uuid);
	rc = gatt_decode(ch, data + 2, size - 2, &d);
	fuzz_assert(rc >= 0 && (size_t)rc == d.nviol);
	fuzz_assert(d.nviol <= GATT_MAX_VIOLATIONS && d.n <= GATT_MAX_VALUES);
	for (size_t i = 0; i < d.nviol; i++)
		check_text(d.violations[i], sizeof(d.violations[i]));
	for (size_t i = 0; i < d.n; i++) {
		fuzz_assert(d.v[i].name);
		check_text(d.v[i].text, sizeof(d.v[i].text));
		fuzz_assert(gatt_value(&d, d.v[i].name));
	}
	/* the UTF-8 helpers on the raw bytes: escaped text and repaired
	 * strings are always valid */
	{
		char esc[GATT_TEXT_MAX], *nul = malloc(size - 1), *rep;

		(void)utf8_escape(data + 2, size - 2, esc, sizeof(esc));
		check_text(esc, sizeof(esc));
		fuzz_assert(utf8_check(data, size) <= size);
		if (nul) {
			memcpy(nul, data + 2, size - 2);
			nul[size - 2] = 0;
			rep = utf8_repair(nul);
			fuzz_assert(!rep || utf8_valid_str(rep));
			free(rep);
			free(nul);
		}
	}
	/* the raw MDER decoders on the first bytes */
	sfloat_decode((uint16_t)uuid, &mv);
	mder_format(&mv, text, sizeof(text));
	check_text(text, sizeof(text));
	if (size >= 6) {
		float_decode((uint32_t)data[2] | (uint32_t)data[3] << 8 |
				 (uint32_t)data[4] << 16 |
				 (uint32_t)data[5] << 24,
			     &mv);
		mder_format(&mv, text, sizeof(text));
		check_text(text, sizeof(text));
	}
	return 0;
}

/* ---- seeds ---- */

static bool present(const struct gfield *f, uint32_t flags)
{
	if (f->if_ops)
		return flags < 32 && (f->if_ops & (1u << flags));
	return (flags & f->if_set) == f->if_set && !(flags & f->if_clear);
}

/* One field with a plausible value. */
static size_t field_bytes(const struct gfield *f, uint8_t *p)
{
	static const uint8_t datetime[] = {0xE8, 0x07, 0x03, 0x0F,
					   0x0A, 0x1E, 0x00};

	switch (f->type) {
	case GT_U8:
	case GT_NIBBLES:
		p[0] = 0x01;
		return 1;
	case GT_U16:
	case GT_S16:
		memcpy(p, "\x01\x00", 2);
		return 2;
	case GT_U24:
		memcpy(p, "\x01\x00\x00", 3);
		return 3;
	case GT_U32:
		memcpy(p, "\x01\x00\x00\x00", 4);
		return 4;
	case GT_SFLOAT: /* 120 */
		memcpy(p, "\x78\x00", 2);
		return 2;
	case GT_FLOAT: /* 36.6: 366 x 10^-1 */
		memcpy(p, "\x6E\x01\x00\xFF", 4);
		return 4;
	case GT_DATETIME:
		memcpy(p, datetime, sizeof(datetime));
		return sizeof(datetime);
	case GT_U16_LIST: /* RR intervals 800, 812 (1/1024 s) */
		memcpy(p, "\x20\x03\x2C\x03", 4);
		return 4;
	case GT_UTF8:
		memcpy(p, "Acme", 4);
		return 4;
	case GT_HEX:
		memcpy(p, "\x01\x02", 2);
		return 2;
	}
	return 0;
}

static void seed_value(const struct gchar *ch, uint32_t flags, const char *what)
{
	uint8_t v[2 + 4 + GATT_MAX_VALUES * 8];
	size_t n = 0;
	char name[64];

	v[n++] = (uint8_t)ch->uuid;
	v[n++] = (uint8_t)(ch->uuid >> 8);
	for (unsigned i = 0; i < ch->flags_size; i++)
		v[n++] = (uint8_t)(flags >> (8 * i));
	for (size_t i = 0; i < ch->nfields && n + 8 <= sizeof(v); i++)
		if (present(&ch->fields[i], flags))
			n += field_bytes(&ch->fields[i], v + n);
	snprintf(name, sizeof(name), "gen-%04X-%s", ch->uuid, what);
	fuzz_seed(name, v, n);
}

static void generate(void)
{
	find_known();
	for (size_t k = 0; k < nknown; k++) {
		const struct gchar *ch = known[k];
		uint32_t mask =
		    ch->flags_size ? (1u << (8 * ch->flags_size)) - 1 : 0;
		char what[32];

		seed_value(ch, 0, "none");
		if (ch->ops) {
			for (size_t i = 0; ch->ops[i].name; i++) {
				snprintf(what, sizeof(what), "op%u",
					 ch->ops[i].value);
				seed_value(ch, ch->ops[i].value, what);
			}
			continue;
		}
		if (!mask)
			continue;
		seed_value(ch, mask & ~ch->flags_reserved, "all");
		for (unsigned b = 0; b < 8 * ch->flags_size; b++)
			if ((1u << b) & mask & ~ch->flags_reserved) {
				snprintf(what, sizeof(what), "bit%u", b);
				seed_value(ch, 1u << b, what);
			}
	}
}

const struct fuzz_harness fuzz_harness = {
    .name = "gatt",
    .generate = generate,
    .init = find_known,
};
