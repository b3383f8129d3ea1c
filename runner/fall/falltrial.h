/* SPDX-License-Identifier: MIT */
/*
 * Motion trials for fall-detection benches: the SisFall protocol's trial
 * types (Sucerquia, Lopez, Vargas-Bonilla, Sensors 2017 17(1):198: 15 fall
 * types F01..F15, 19 activities of daily living D01..D19) and one labelled
 * tri-axial accelerometer + gyroscope trace (struct fall_trial), generated
 * (fallgen.h) or imported from a lab's CSV (fallcsv.h).
 *
 * Samples are kept as a sensor gives them: signed 16-bit counts at fixed
 * scales (FALL_ACC_LSB_PER_G, FALL_GYRO_LSB_PER_DPS), so a trial set has one
 * exact byte form to hash and to replay (fall_set_hash()).
 *
 * Device frame (a waist device worn upright): x forward, y left, z up; at
 * rest upright the accelerometer reads (0, 0, +1) g. Gyroscope in deg/s
 * about the same axes.
 */
#ifndef CARECERT_FALLTRIAL_H
#define CARECERT_FALLTRIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FALL_ACC_LSB_PER_G 2048.0  /* +-16 g, SisFall's ADXL345 range */
#define FALL_GYRO_LSB_PER_DPS 16.0 /* +-2048 deg/s */
#define FALL_LABEL_MAX 32	   /* a label's bytes with its NUL */

/* What happens before and after a trial's event (the kinematic model's
 * phases, fallgen.c). */
enum fall_activity {
	FALL_ACT_STAND,
	FALL_ACT_WALK,
	FALL_ACT_JOG,
	FALL_ACT_STAIRS,
	FALL_ACT_SIT,
	FALL_ACT_LIE,
};

/* One trial type of the protocol, with its nominal kinematics. */
struct fall_type {
	const char *code;  /* "F01".."F15", "D01".."D19" */
	const char *title; /* SisFall's description */
	bool fall;
	enum fall_activity before, after;
	/* the event: a free-fall phase (|a| down to ff_level for ff_dur s;
	 * ff_dur 0: none), an impact (peak |a| in g, before subject
	 * variation; 0: none), the orientation it ends in (pitch: + forward,
	 * - backward; roll: to the side; degrees from upright) */
	double ff_dur, ff_level, impact_g, pitch_deg, roll_deg;
	double pace;  /* gait speed factor (1 slow, 1.3 quick) */
	bool returns; /* the body returns to the start orientation
		       * (bending, turning over, a stumble) */
	bool hard;    /* an ADL with an impact (SisFall's hard cases) */
};

/* The 34 types, falls first; NULL-free, FALL_NTYPES rows. */
#define FALL_NTYPES 34
extern const struct fall_type fall_types[FALL_NTYPES];

/* The type with this code, or NULL. */
const struct fall_type *fall_type_find(const char *code);

/* One trial. The trial owns its samples (acc, gyro: n rows of x, y, z
 * counts each; gyro NULL when the trial has none). */
struct fall_trial {
	char label[FALL_LABEL_MAX];   /* a type code, or the CSV's label */
	const struct fall_type *type; /* NULL for a label of no known type */
	bool fall;
	unsigned subject, rep;
	double fs;	 /* Hz */
	double impact_t; /* s from the trial's first sample: a fall's impact
			  * (for ADLs with an impact, where it is; else NAN) */
	double still_t;	 /* s: the wearer is still (lying, after a fall)
			  * from here to the end; NAN when not */
	size_t n;
	int16_t (*acc)[3];
	int16_t (*gyro)[3];
};

/* A set of trials, in replay order; owns them. */
struct fall_set {
	struct fall_trial *v;
	size_t n;
	char generator[64]; /* "carecert-fallgen/1" or "csv" */
	uint64_t seed;	    /* 0 for imported sets */
};

void fall_trial_release(struct fall_trial *t);
void fall_set_free(struct fall_set *s);

/* The trial's duration in seconds (n / fs). */
double fall_trial_duration(const struct fall_trial *t);

/* SHA-256 (hex) over the set's exact form: per trial its label, fall
 * flag, subject, repetition, rate, impact and stillness times (as
 * microsecond integers) and every sample, little-endian. Two sets hash
 * alike only when a replay of either feeds a device the same bytes. */
void fall_set_hash(const struct fall_set *s, char out[65]);

#endif
