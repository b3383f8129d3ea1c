/* SPDX-License-Identifier: MIT */
/*
 * The threshold fall detector of the simulated fall wearable
 * (docs/fall-detection.md; the typical design the reference sheet names):
 * a free fall (|a| below ff_g for at least ff_min_s), then within
 * ff_to_impact_s an impact (|a| above impact_g; its time is that of the
 * peak in the next 0.2 s), then the posture 1 s after the impact held
 * still for still_s (|a| within 1 +- still_g) and turned more than
 * angle_deg from the posture before the free fall (a 1 s low-pass of the
 * acceleration). The alarm is raised when that is known (impact + 1 s +
 * still_s) and carries the impact time as the event time. Lying still on
 * for long_lie_s after the impact raises the long-lie alarm, once.
 *
 * Faults (the wearable's --fault, each a bit): miss backward and lateral
 * falls (a posture on the back or the side is not taken for a fall),
 * alarm on collapsing into a chair (the turn needed is 10 deg), slow
 * detection (the alarm held slow_s more), no long-lie alarm, wrong event
 * time (one hour off, a time-zone slip), duplicate alarms (each fall
 * alarm raised twice, 1 s apart).
 *
 * Streaming, one sample at a time, time = samples / fs; no allocation
 * after falldet_init, no I/O. A detector is a plain value.
 */
#ifndef CARECERT_FALLDET_H
#define CARECERT_FALLDET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	FALLDET_MISS_BACK_LATERAL = 1 << 0,
	FALLDET_CHAIR = 1 << 1,
	FALLDET_SLOW = 1 << 2,
	FALLDET_NO_LONGLIE = 1 << 3,
	FALLDET_WRONG_TIME = 1 << 4,
	FALLDET_DUPLICATE = 1 << 5,
};

struct falldet_cfg {
	double fs; /* Hz */
	double ff_g, ff_min_s, ff_to_impact_s;
	double impact_g, angle_deg, still_g, still_s;
	double long_lie_s, slow_s;
	unsigned faults;
};

/* 0.6 g for 0.08 s, impact within 1 s above 2.5 g, 60 deg, still within
 * 0.15 g for 1.5 s, long-lie 30 s, slow fault +10 s; fs as given. */
void falldet_cfg_default(struct falldet_cfg *c, double fs);

enum falldet_kind { FALLDET_FALL, FALLDET_LONGLIE };

struct falldet_event {
	double raised;	   /* s of samples when raised */
	double event_time; /* s: the impact as the device reports it */
	enum falldet_kind kind;
};

#define FALLDET_PENDING 8

struct falldet {
	struct falldet_cfg c;
	uint64_t i;		 /* samples seen */
	double lp[3];		 /* 1 s low-pass of a (g) */
	double ff_ref[3];	 /* posture when the free fall began */
	double pre[3];		 /* posture of the candidate */
	uint64_t ff_run, ff_end; /* free-fall samples; sample it ended */
	bool ff_ok;
	int state; /* idle, peak, posture, lying */
	double t_imp, peak, t_done, still_since;
	double post[3];
	size_t npost;
	bool still;
	struct falldet_event pend[FALLDET_PENDING];
	size_t npend;
};

/* CC_EINVAL (base/err.h) when fs is not above 0. */
int falldet_init(struct falldet *d, const struct falldet_cfg *c);

/* One sample (counts at falltrial.h's scales; gyro unused by this
 * detector). Writes the events raised at this sample into out (at most
 * max) and returns how many. */
size_t falldet_push(struct falldet *d, const int16_t acc[3],
		    struct falldet_event *out, size_t max);

#endif
