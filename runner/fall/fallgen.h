/* SPDX-License-Identifier: MIT */
/*
 * Reproducible motion trials of the SisFall protocol from a kinematic model
 * (docs/fall-detection.md): an activity before the event (standing,
 * walking, jogging, stairs, sitting, lying), the event (an orientation
 * change; for falls and the hard ADLs a free-fall phase and an impact), the
 * activity after (a fall ends lying still). Each subject has its own gait
 * rate, impact strength, free-fall length and sensor noise; each trial its
 * own event time and noise.
 *
 * Byte for byte reproducible: the same parameters and seed give the same
 * counts (only this file's PRNG is used, every trial seeded from (seed,
 * subject, repetition, type), so a trial does not depend on what else the
 * set holds). FALLGEN_VERSION changes whenever the model does.
 */
#ifndef CARECERT_FALLGEN_H
#define CARECERT_FALLGEN_H

#include "fall/falltrial.h"

#define FALLGEN_VERSION "carecert-fallgen/1"
#define FALLGEN_FS_MIN 25.0
#define FALLGEN_FS_MAX 1000.0
#define FALLGEN_TRIALS_MAX 1000000u /* trials in one set */
#define FALLGEN_DURATION_MAX 3600.0 /* s, one trial */

struct fallgen_params {
	double fs; /* sample rate, Hz (FALLGEN_FS_MIN..MAX) */
	uint64_t seed;
	unsigned subjects; /* >= 1 */
	unsigned reps;	   /* repetitions of each type per subject, >= 1 */
	double pre_s;	   /* s of activity before the event (>= 2) */
	double post_s;	   /* s after it (>= 3) */
	double lie_s;	   /* s more lying still after a fall (long-lie) */
	bool gyro;	   /* generate the gyroscope too */
	/* the types, in order; NULL: all FALL_NTYPES */
	const char *const *codes;
	size_t ncodes;
};

/* fs 200 Hz (SisFall), seed 1, 1 subject, 1 repetition, 4 s before, 6 s
 * after, no extra lying, gyroscope on, every type. */
void fallgen_params_default(struct fallgen_params *p);

/* One trial of type ty by subject, repetition rep, into *out (released
 * first by the caller; owned by it after). CC_EINVAL with a message in err
 * when a parameter is out of range; CC_ENOMEM. */
int fallgen_trial(const struct fallgen_params *p, const struct fall_type *ty,
		  unsigned subject, unsigned rep, struct fall_trial *out,
		  char *err, size_t errlen);

/* Every trial: for each repetition, each subject, each type in order.
 * *out is the caller's (fall_set_free). CC_EINVAL (an unknown code, a
 * range, more than FALLGEN_TRIALS_MAX trials) with err; CC_ENOMEM. */
int fallgen_set(const struct fallgen_params *p, struct fall_set **out,
		char *err, size_t errlen);

#endif
