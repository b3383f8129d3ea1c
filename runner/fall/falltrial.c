/* SPDX-License-Identifier: MIT */
#include "fall/falltrial.h"
#include "base/fileio.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Titles: SisFall (Sucerquia et al. 2017), table 1 and 2. The nominal
 * kinematics are carecert's model (docs/fall-detection.md), chosen from
 * the ranges the reference sheet and the SisFall analysis give: falls
 * free-fall 0.25-0.45 s and hit 3-6 g; ADLs stay under about 2 g except
 * the hard ones (collapse into a chair, stumble, jump). */
const struct fall_type fall_types[FALL_NTYPES] = {
    {.code = "F01",
     .title = "Fall forward while walking caused by a slip",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.45,
     .ff_level = 0.30,
     .impact_g = 4.5,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F02",
     .title = "Fall backward while walking caused by a slip",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.40,
     .ff_level = 0.30,
     .impact_g = 5.0,
     .pitch_deg = -90,
     .roll_deg = 0},
    {.code = "F03",
     .title = "Lateral fall while walking caused by a slip",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.40,
     .ff_level = 0.30,
     .impact_g = 4.0,
     .pitch_deg = 0,
     .roll_deg = 90},
    {.code = "F04",
     .title = "Fall forward while walking caused by a trip",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.40,
     .ff_level = 0.35,
     .impact_g = 4.5,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F05",
     .title = "Fall forward while jogging caused by a trip",
     .fall = true,
     .before = FALL_ACT_JOG,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.40,
     .ff_level = 0.30,
     .impact_g = 6.0,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F06",
     .title = "Vertical fall while walking caused by fainting",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.35,
     .ff_level = 0.45,
     .impact_g = 3.5,
     .pitch_deg = 0,
     .roll_deg = 90},
    {.code = "F07",
     .title = "Fall while walking, with use of hands on a table to dampen the "
	      "fall, caused by fainting",
     .fall = true,
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.50,
     .impact_g = 3.0,
     .pitch_deg = 75,
     .roll_deg = 0},
    {.code = "F08",
     .title = "Fall forward when trying to get up",
     .fall = true,
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.40,
     .impact_g = 3.5,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F09",
     .title = "Lateral fall when trying to get up",
     .fall = true,
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.40,
     .impact_g = 3.3,
     .pitch_deg = 0,
     .roll_deg = 90},
    {.code = "F10",
     .title = "Fall forward when trying to sit down",
     .fall = true,
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.40,
     .impact_g = 3.6,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F11",
     .title = "Fall backward when trying to sit down",
     .fall = true,
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.40,
     .impact_g = 4.0,
     .pitch_deg = -90,
     .roll_deg = 0},
    {.code = "F12",
     .title = "Lateral fall when trying to sit down",
     .fall = true,
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.30,
     .ff_level = 0.40,
     .impact_g = 3.5,
     .pitch_deg = 0,
     .roll_deg = 90},
    {.code = "F13",
     .title =
	 "Fall forward while sitting, caused by fainting or falling asleep",
     .fall = true,
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.25,
     .ff_level = 0.50,
     .impact_g = 3.0,
     .pitch_deg = 90,
     .roll_deg = 0},
    {.code = "F14",
     .title =
	 "Fall backward while sitting, caused by fainting or falling asleep",
     .fall = true,
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.25,
     .ff_level = 0.50,
     .impact_g = 3.0,
     .pitch_deg = -90,
     .roll_deg = 0},
    {.code = "F15",
     .title =
	 "Lateral fall while sitting, caused by fainting or falling asleep",
     .fall = true,
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1,
     .ff_dur = 0.25,
     .ff_level = 0.50,
     .impact_g = 3.0,
     .pitch_deg = 0,
     .roll_deg = 90},
    {.code = "D01",
     .title = "Walking slowly",
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_WALK,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D02",
     .title = "Walking quickly",
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_WALK,
     .pace = 1.3,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D03",
     .title = "Jogging slowly",
     .before = FALL_ACT_JOG,
     .after = FALL_ACT_JOG,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D04",
     .title = "Jogging quickly",
     .before = FALL_ACT_JOG,
     .after = FALL_ACT_JOG,
     .pace = 1.2,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D05",
     .title = "Walking upstairs and downstairs slowly",
     .before = FALL_ACT_STAIRS,
     .after = FALL_ACT_STAIRS,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D06",
     .title = "Walking upstairs and downstairs quickly",
     .before = FALL_ACT_STAIRS,
     .after = FALL_ACT_STAIRS,
     .pace = 1.3,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 0,
     .roll_deg = 0},
    {.code = "D07",
     .title = "Slowly sit in a half height chair, wait a moment, and up slowly",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_SIT,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.4,
     .pitch_deg = -15,
     .roll_deg = 0},
    {.code = "D08",
     .title =
	 "Quickly sit in a half height chair, wait a moment, and up quickly",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_SIT,
     .pace = 1.3,
     .ff_dur = 0.15,
     .ff_level = 0.70,
     .impact_g = 1.8,
     .pitch_deg = -15,
     .roll_deg = 0},
    {.code = "D09",
     .title = "Slowly sit in a low height chair, wait a moment, and up slowly",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_SIT,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.5,
     .pitch_deg = -20,
     .roll_deg = 0},
    {.code = "D10",
     .title =
	 "Quickly sit in a low height chair, wait a moment, and up quickly",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_SIT,
     .pace = 1.3,
     .ff_dur = 0.20,
     .ff_level = 0.65,
     .impact_g = 2.0,
     .pitch_deg = -20,
     .roll_deg = 0},
    {.code = "D11",
     .title = "Sitting a moment, trying to get up, and collapse into a chair",
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_SIT,
     .pace = 1.0,
     .ff_dur = 0.25,
     .ff_level = 0.45,
     .impact_g = 2.9,
     .pitch_deg = -30,
     .roll_deg = 0,
     .hard = true},
    {.code = "D12",
     .title = "Sitting a moment, lying slowly, wait a moment, and sit again",
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.2,
     .pitch_deg = -90,
     .roll_deg = 0},
    {.code = "D13",
     .title = "Sitting a moment, lying quickly, wait a moment, and sit again",
     .before = FALL_ACT_SIT,
     .after = FALL_ACT_LIE,
     .pace = 1.3,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.7,
     .pitch_deg = -90,
     .roll_deg = 0},
    {.code = "D14",
     .title = "Being on one's back change to lateral position, wait a moment, "
	      "and change to one's back",
     .before = FALL_ACT_LIE,
     .after = FALL_ACT_LIE,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.2,
     .pitch_deg = -90,
     .roll_deg = 90,
     .returns = true},
    {.code = "D15",
     .title = "Standing, slowly bending at knees, and getting up",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_STAND,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 30,
     .roll_deg = 0,
     .returns = true},
    {.code = "D16",
     .title = "Standing, slowly bending without bending knees, and getting up",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_STAND,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 0,
     .pitch_deg = 70,
     .roll_deg = 0,
     .returns = true},
    {.code = "D17",
     .title = "Standing, get into a car, remain seated and get out of the car",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_SIT,
     .pace = 1.0,
     .ff_dur = 0,
     .ff_level = 0,
     .impact_g = 1.5,
     .pitch_deg = -20,
     .roll_deg = 20},
    {.code = "D18",
     .title = "Stumble while walking",
     .before = FALL_ACT_WALK,
     .after = FALL_ACT_WALK,
     .pace = 1.0,
     .ff_dur = 0.15,
     .ff_level = 0.50,
     .impact_g = 2.0,
     .pitch_deg = 20,
     .roll_deg = 0,
     .returns = true,
     .hard = true},
    {.code = "D19",
     .title = "Gently jump without falling (trying to reach a high object)",
     .before = FALL_ACT_STAND,
     .after = FALL_ACT_STAND,
     .pace = 1.0,
     .ff_dur = 0.30,
     .ff_level = 0.10,
     .impact_g = 2.1,
     .pitch_deg = 0,
     .roll_deg = 0,
     .hard = true},
};

const struct fall_type *fall_type_find(const char *code)
{
	for (size_t i = 0; code && i < FALL_NTYPES; i++)
		if (!strcmp(fall_types[i].code, code))
			return &fall_types[i];
	return NULL;
}

void fall_trial_release(struct fall_trial *t)
{
	if (!t)
		return;
	free(t->acc);
	free(t->gyro);
	t->acc = NULL;
	t->gyro = NULL;
	t->n = 0;
}

void fall_set_free(struct fall_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		fall_trial_release(&s->v[i]);
	free(s->v);
	free(s);
}

double fall_trial_duration(const struct fall_trial *t)
{
	return t->fs > 0 ? (double)t->n / t->fs : 0;
}

static void put_u64(EVP_MD_CTX *c, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	EVP_DigestUpdate(c, b, 8);
}

/* A time as signed microseconds; NAN as the most negative value. */
static void put_time(EVP_MD_CTX *c, double t)
{
	put_u64(c, isfinite(t) ? (uint64_t)(int64_t)llround(t * 1e6)
			       : (uint64_t)INT64_MIN);
}

static void put_samples(EVP_MD_CTX *c, const int16_t (*v)[3], size_t n)
{
	unsigned char b[6 * 256];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		for (int a = 0; a < 3; a++) {
			uint16_t u = (uint16_t)v[i][a];

			b[k++] = (unsigned char)(u & 0xff);
			b[k++] = (unsigned char)(u >> 8);
		}
		if (k == sizeof(b)) {
			EVP_DigestUpdate(c, b, k);
			k = 0;
		}
	}
	EVP_DigestUpdate(c, b, k);
}

void fall_set_hash(const struct fall_set *s, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	out[0] = 0;
	if (!c)
		return;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	put_u64(c, s->n);
	for (size_t i = 0; i < s->n; i++) {
		const struct fall_trial *t = &s->v[i];

		EVP_DigestUpdate(c, t->label,
				 strnlen(t->label, FALL_LABEL_MAX) + 1);
		put_u64(c, t->fall);
		put_u64(c, t->subject);
		put_u64(c, t->rep);
		put_time(c, t->fs);
		put_time(c, t->impact_t);
		put_time(c, t->still_t);
		put_u64(c, t->n);
		put_u64(c, t->gyro != NULL);
		put_samples(c, (const int16_t(*)[3])t->acc, t->n);
		if (t->gyro)
			put_samples(c, (const int16_t(*)[3])t->gyro, t->n);
	}
	EVP_DigestFinal_ex(c, md, &len);
	EVP_MD_CTX_free(c);
	for (unsigned i = 0; i < len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = 0;
}
