/* SPDX-License-Identifier: MIT */
/*
 * NMEA 0183 (pos/nmea.c, pos/nmea-stream.c): a tracker's output cut
 * sentence by sentence, decoded and merged into a track, as the nmea_track
 * step does. Input: the bytes. Checks: progress on every sentence, never
 * past the input, findings NUL-terminated and quoted (no raw control
 * bytes), fixes with finite times and positions within range.
 * Seeds: the .nmea files of tests/data/nmea (published samples), and generated
 * epochs of every decoded sentence type with damaged copies.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pos/nmea-stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = (uint8_t *)fuzz_strndup(data, size);
	const uint8_t *p = copy;
	size_t n = size, used;
	struct nmea_stream ns;

	nmea_stream_init(&ns, 0);
	while (n) {
		enum frame_status st = nmea_stream_take(&ns, p, n, 1.0, &used);

		if (st == FRAME_NEED_MORE) {
			fuzz_assert(used == 0);
			break;
		}
		fuzz_assert(used > 0 && used <= n);
		p += used;
		n -= used;
	}
	nmea_stream_finish(&ns);
	fuzz_assert(ns.nkept <= NMEA_STREAM_KEEP);
	for (size_t i = 0; i < ns.nkept; i++) {
		size_t len = strnlen(ns.kept[i], NMEA_FINDING_LEN);

		fuzz_assert(len < NMEA_FINDING_LEN);
		for (size_t k = 0; k < len; k++)
			fuzz_assert((unsigned char)ns.kept[i][k] >= 0x20 &&
				    (unsigned char)ns.kept[i][k] < 0x7f);
	}
	for (size_t i = 0; i < ns.track.nfix; i++) {
		const struct pos_fix *f = &ns.track.fix[i];

		fuzz_assert(isfinite(f->t));
		fuzz_assert(!f->has_pos ||
			    (fabs(f->lat) <= 90 && fabs(f->lon) <= 180));
		fuzz_assert(!f->valid || f->has_pos);
	}
	nmea_stream_release(&ns);
	free(copy);
	return 0;
}

static void put_sentence(char *out, size_t len, const char *body)
{
	unsigned x = 0;

	for (const char *q = body; *q; q++)
		x ^= (unsigned char)*q;
	snprintf(out, len, "$%s*%02X\r\n", body, x);
}

static void generate(void)
{
	static const char *const bodies[] = {
	    "GNRMC,080000.00,A,3114.0000,N,12128.0000,E,0.5,90.0,010526,,,A",
	    "GNGGA,080000.00,3114.0000,N,12128.0000,E,1,09,0.8,12.0,M,9.0,M,,",
	    "GNGSA,A,3,01,02,03,04,,,,,,,,,1.5,0.8,1.2,1",
	    "GPGSV,1,1,04,01,45,120,40,02,30,200,38,03,60,045,42,04,10,300,30",
	    "GBGSV,1,1,02,11,45,120,40,12,30,200,38",
	    "GNVTG,90.0,T,,M,0.5,N,0.9,K,A",
	    "GNZDA,080000.00,01,05,2026,00,00",
	    "PCCGF,EXIT,080000.00,home",
	    "GNRMC,080001.00,V,,,,,,,010526,,,N",
	    "GNGGA,080001.00,,,,,0,00,,,M,,M,,",
	};
	char all[2048] = "", one[128];

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		put_sentence(one, sizeof(one), bodies[i]);
		strncat(all, one, sizeof(all) - strlen(all) - 1);
	}
	fuzz_seed("gen-epochs", all, strlen(all));
	all[10] ^= 0x20; /* a bad checksum, a cut sentence */
	all[strlen(all) - 20] = 0;
	fuzz_seed("gen-epochs-damaged", all, strlen(all));
}

static const char *const seed_globs[] = {"tests/data/nmea/*.nmea", NULL};

const struct fuzz_harness fuzz_harness = {
    .name = "nmea", .seeds = seed_globs, .generate = generate};
