/* SPDX-License-Identifier: MIT */
/*
 * The fall wearable's Fall Alarm value (fall/fallalarm.c), as fall_replay
 * decodes each notification: a value that decodes encodes back to the
 * same bytes, and a refusal says why. Seeds: generated alarms of every
 * kind, stored and not, and damaged ones.
 */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "fall/fallalarm.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fallalarm a;
	uint8_t out[FALLALARM_LEN];
	char why[128] = "";
	int rc = fallalarm_decode(data, size, &a, why, sizeof(why));

	fuzz_assert(rc == CC_OK || rc == CC_EINVAL);
	if (rc) {
		fuzz_assert(why[0] != 0);
		return 0;
	}
	fuzz_assert(size == FALLALARM_LEN);
	fuzz_assert(a.kind >= FALLALARM_FALL && a.kind <= FALLALARM_BATTERY);
	fuzz_assert(strcmp(fallalarm_kind_name(a.kind), "?"));
	fuzz_assert(fallalarm_encode(&a, out) == FALLALARM_LEN);
	fuzz_assert(!memcmp(out, data, FALLALARM_LEN));
	return 0;
}

static void generate(void)
{
	for (unsigned k = 0; k <= 5; k++) {
		struct fallalarm a = {.id = (uint16_t)(k * 257),
				      .kind = (uint8_t)k,
				      .flags = k & 1,
				      .event_ms = 2815 * k,
				      .raised_ms = 5315 * k};
		uint8_t v[FALLALARM_LEN + 1];
		char name[32];

		fallalarm_encode(&a, v);
		snprintf(name, sizeof(name), "gen-kind%u", k);
		fuzz_seed(name, v, FALLALARM_LEN);
		v[FALLALARM_LEN] = 0;
		snprintf(name, sizeof(name), "gen-long%u", k);
		fuzz_seed(name, v, FALLALARM_LEN + 1);
	}
}

const struct fuzz_harness fuzz_harness = {
    .name = "fallalarm",
    .generate = generate,
};
