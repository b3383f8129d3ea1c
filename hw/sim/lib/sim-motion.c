/* SPDX-License-Identifier: MIT */
#include "lib/sim-motion.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_MAX 256

static int bench_path(char *out, size_t len, const char *suffix)
{
	const char *bench = getenv("CARECERT_BENCH");

	if (!bench || !*bench)
		return -1;
	snprintf(out, len, "%s/motion%s", bench, suffix);
	return 0;
}

int motion_write(const struct motion_session *s)
{
	char path[4096], tmp[4200];
	uint8_t *b;
	FILE *f;
	int rc = 0;

	if (bench_path(path, sizeof(path), ""))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "wb")))
		return -1;
	fprintf(
	    f,
	    "carecert-motion/1 id=%" PRIu64 " start_ns=%" PRId64
	    " compression=%.9g fs=%.9g shield_from=%.9g shield_to=%.9g n=%zu\n",
	    s->id, s->start_ns, s->compression, s->fs, s->shield_from,
	    s->shield_to, s->n);
	b = malloc(4096 * 12);
	for (size_t i = 0; b && i < s->n;) {
		size_t k = 0;

		for (; i < s->n && k < 4096 * 12; i++)
			for (int a = 0; a < 6; a++) {
				uint16_t u = (uint16_t)s->s[i][a];

				b[k++] = (uint8_t)u;
				b[k++] = (uint8_t)(u >> 8);
			}
		if (fwrite(b, 1, k, f) != k)
			rc = -1;
	}
	if (!b)
		rc = -1;
	free(b);
	if (fclose(f) || rc || rename(tmp, path))
		return -1;
	return 0;
}

void motion_release(struct motion_session *s)
{
	free(s->s);
	s->s = NULL;
	s->n = 0;
}

int motion_poll(struct motion_session *s)
{
	char path[4096], head[HEADER_MAX + 1];
	struct motion_session t = {0};
	uint8_t *b = NULL;
	size_t got;
	FILE *f;

	if (bench_path(path, sizeof(path), "") || !(f = fopen(path, "rb")))
		return 0;
	if (!fgets(head, sizeof(head), f) ||
	    sscanf(
		head,
		"carecert-motion/1 id=%" SCNu64 " start_ns=%" SCNd64
		" compression=%lf fs=%lf shield_from=%lf shield_to=%lf n=%zu",
		&t.id, &t.start_ns, &t.compression, &t.fs, &t.shield_from,
		&t.shield_to, &t.n) != 7) {
		fclose(f);
		return -1;
	}
	if (t.id == s->id) {
		fclose(f);
		return 0;
	}
	/* the bench is shared with other programs: its numbers are checked */
	if (t.n > MOTION_SAMPLES_MAX || !(t.compression >= 1) ||
	    !(t.fs > 0 && t.fs <= 10000) ||
	    !(t.s = malloc((t.n ? t.n : 1) * sizeof(*t.s))) ||
	    !(b = malloc(t.n * 12 + 1))) {
		free(t.s);
		fclose(f);
		return -1;
	}
	got = fread(b, 1, t.n * 12, f);
	fclose(f);
	if (got != t.n * 12) {
		free(b);
		free(t.s);
		return -1;
	}
	for (size_t i = 0; i < t.n; i++)
		for (int a = 0; a < 6; a++)
			t.s[i][a] =
			    (int16_t)(uint16_t)(b[12 * i + 2 * a] |
						b[12 * i + 2 * a + 1] << 8);
	free(b);
	motion_release(s);
	*s = t;
	return 1;
}
