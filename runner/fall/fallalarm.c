/* SPDX-License-Identifier: MIT */
#include "fall/fallalarm.h"
#include "base/err.h"

#include <stdio.h>

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int fallalarm_decode(const uint8_t *p, size_t len, struct fallalarm *out,
		     char *why, size_t whylen)
{
	if (len != FALLALARM_LEN) {
		snprintf(why, whylen, "%zu bytes, not %d", len, FALLALARM_LEN);
		return CC_EINVAL;
	}
	out->id = (uint16_t)(p[0] | p[1] << 8);
	out->kind = p[2];
	out->flags = p[3];
	out->event_ms = get32(p + 4);
	out->raised_ms = get32(p + 8);
	if (out->kind < FALLALARM_FALL || out->kind > FALLALARM_BATTERY) {
		snprintf(why, whylen, "kind %u is none of 1..4", out->kind);
		return CC_EINVAL;
	}
	if (out->flags & ~FALLALARM_STORED) {
		snprintf(why, whylen, "reserved flag bits set (0x%02X)",
			 out->flags);
		return CC_EINVAL;
	}
	return CC_OK;
}

size_t fallalarm_encode(const struct fallalarm *a, uint8_t out[FALLALARM_LEN])
{
	out[0] = (uint8_t)a->id;
	out[1] = (uint8_t)(a->id >> 8);
	out[2] = a->kind;
	out[3] = a->flags;
	put32(out + 4, a->event_ms);
	put32(out + 8, a->raised_ms);
	return FALLALARM_LEN;
}

const char *fallalarm_kind_name(unsigned kind)
{
	static const char *const names[] = {"?", "fall", "long lie", "SOS",
					    "low battery"};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
