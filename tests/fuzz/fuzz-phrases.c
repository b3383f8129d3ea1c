/* SPDX-License-Identifier: MIT */
/*
 * carecert's phrases in Chinese (report/phrases.c): a record's reason,
 * evidence text or observed value, which may carry any byte a device sent,
 * put through the template matcher as the Chinese report does.
 *
 * Input: the text (NUL bytes end it, as the record's strings would).
 * Generated seeds: reasons, summaries and device values of the families.
 * Checked: every output is terminated inside its buffer, also when the
 * buffer is too small for it, and English is copied unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/phrases.h"
#include "fuzz.h"

static void check(const char *out, size_t len)
{
	fuzz_assert(strnlen(out, len) < len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, big[8192], small[24];

	if (size > 2048)
		return 0;
	s = fuzz_strndup(data, size);
	label_reason(LANG_ZH, s, false, big, sizeof(big));
	check(big, sizeof(big));
	label_reason(LANG_ZH, s, true, small, sizeof(small));
	check(small, sizeof(small));
	label_phrases(LANG_ZH, s, big, sizeof(big));
	check(big, sizeof(big));
	label_phrases_masked(LANG_ZH, s, small, sizeof(small));
	check(small, sizeof(small));
	label_observed(LANG_ZH, s, false, big, sizeof(big));
	check(big, sizeof(big));
	label_phrases(LANG_EN, s, big, sizeof(big));
	fuzz_assert(strlen(s) >= sizeof(big) || !strcmp(big, s));
	free(s);
	return 0;
}

/* ---- seeds ---- */

static void generate(void)
{
	static const char *const seeds[] = {
	    "line 74 (alarm_collect): alarm path: duplicates 3, limit <= 0; observed 3 of 3 "
	    "delivered (3 duplicate, 0 refused during outage, 0 escalation), latency p95 0.05 s, "
	    "max 0.06 s; expected 3 alarms, one per press",
	    "Se 100.0 % (45 of 45), 95 % CI 92.1-100.0 %: the interval's lower bound meets 90 %",
	    "3 of 3 falls in the outage (0-60 s) not delivered once: F01 at 3 s: lost",
	    "CCCD of 0x2A52 (Record Access Control Point) set to indications accepted",
	    "protocol violation: frame 44: Handle Value Notification of handle 0x0006 while its "
	    "CCCD is 0x0000 (notifications not enabled) (and more)",
	    "instrument motion unavailable: /dev/ttyNOSUCH-MOTION: No such file or directory",
	    "0 of 0 off (largest error nan s)",
	    "first: alarm \xff\xfe: nothing at {s}{n}{w}{t}{v}",
	    "cleanup did not complete: cleanup did not complete: cleanup did not complete: x "
	    "(the verdict stands) (the verdict stands) (the verdict stands)",
	};
	char name[32];

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		snprintf(name, sizeof(name), "gen-%02zu", i);
		fuzz_seed(name, seeds[i], strlen(seeds[i]));
	}
}

const struct fuzz_harness fuzz_harness = {.name = "phrases", .generate = generate};
