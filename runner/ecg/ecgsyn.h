/* SPDX-License-Identifier: MIT */
/*
 * ECGSYN: synthetic ECG with known R-peak times (McSharry, Clifford,
 * Tarassenko, Smith, IEEE TBME 50(3):289-294, 2003), for checking beat
 * detectors and heart-rate meters against exact reference beats.
 *
 * Model (see docs/ecg.md): a point (x, y, z) circles the unit limit cycle
 * once per RR interval; P, Q, R, S and T are Gaussian events at fixed
 * angles that push z, and z is the ECG. The RR series has a bimodal
 * spectrum (Mayer waves at 0.1 Hz, respiration at 0.25 Hz, SD 0.01 Hz each,
 * LF/HF power ratio lf_hf) with random phases, is made by an inverse FFT at
 * 1 Hz and scaled to mean 60/hr_mean s and SD 60*hr_std/hr_mean^2 s. Each
 * beat keeps the RR value current at its start. The system is integrated
 * with classical RK4 at fs_int, sampled every fs_int/fs steps, and z is
 * scaled to -0.4...1.2 mV; optional uniform noise in [-noise, +noise] mV is
 * added last. Waves use the published MATLAB values (P, Q, R, S, T at -70,
 * -15, 0, 15, 100 degrees; a = 1.2, -5, 30, -7.5, 0.75; b = 0.25, 0.1, 0.1,
 * 0.1, 0.4), widths scaled by sqrt(hr/60), P and T angles by (hr/60)^1/4,
 * Q and S by sqrt(hr/60).
 *
 * Start: the model runs from (1, 0, 0.04) for at least 2 s (and 2 mean RR)
 * before the record starts, and the record starts when the angle passes pi
 * (between T and P): it neither opens inside a QRS nor shows the start-up
 * transient. (The published program starts its output at the first step.)
 *
 * R peaks: each time the angle crosses 0 from below, refined to the maximum
 * of z within 1/8 mean RR of the crossing at the internal rate, with
 * parabolic interpolation between internal samples. Peaks are reported
 * when 0 <= t <= (n - 1) / fs, the span the samples cover.
 *
 * Rate changes (changes[], nchanges): a beat starting at or after a
 * change's time takes the new mean RR (the beat straddling it keeps the
 * old one), and the wave widths and angles are rescaled for the new rate
 * from that beat on.
 *
 * Reproducible: the same parameters and seed give bit-identical output on
 * one platform (an explicit xoshiro256** generator, seeded by splitmix64;
 * libm differences across platforms may change the last bits).
 */
#ifndef CARECERT_ECGSYN_H
#define CARECERT_ECGSYN_H

#include <stddef.h>
#include <stdint.h>

#define ECGSYN_MAX_DURATION 86400.0		 /* s */
#define ECGSYN_MAX_SAMPLES (64u * 1024u * 1024u) /* duration * fs */
#define ECGSYN_FS_INT 512.0  /* Hz, the paper's internal rate */
#define ECGSYN_MAX_CHANGES 8 /* rate changes in one record */

/* From `at` seconds (record time, from the first sample) the mean rate is
 * `hr` bpm: a rate step for response-time tests (EC13: 80 -> 120 bpm). */
struct ecgsyn_rate_change {
	double at; /* s, 0 < at < duration, increasing */
	double hr; /* bpm, 20...300 */
};

struct ecgsyn_params {
	double duration; /* s, 0 < duration <= ECGSYN_MAX_DURATION */
	double fs;	 /* output Hz, 50...10000 */
	double fs_int;	 /* internal Hz, an integer multiple of fs; 0 = the
			  * smallest multiple of fs >= ECGSYN_FS_INT */
	double hr_mean;	 /* bpm, 20...300 */
	double hr_std;	 /* bpm, 0...hr_mean/5 */
	double lf_hf;	 /* LF/HF power ratio, > 0 */
	double noise;	 /* mV, amplitude of additive uniform noise, >= 0 */
	uint64_t seed;
	/* Piecewise-constant mean rate: hr_mean until changes[0].at (and
	 * during the warm-up), then each change's rate. hr_std (bpm) and the
	 * random RR fluctuation are the same throughout; only the mean and
	 * the wave widths follow the rate. nchanges 0: one rate, output
	 * identical to a generator without this feature. */
	struct ecgsyn_rate_change changes[ECGSYN_MAX_CHANGES];
	size_t nchanges;
};

/* A generated record. Owns mv and r_time. Invariants: mv has n samples at
 * fs; r_time has npeaks increasing times in seconds from sample 0. */
struct ecgsyn_record {
	double fs;
	size_t n;
	double *mv;
	size_t npeaks;
	double *r_time;
};

/* duration 60 s, fs 256 Hz, fs_int 0, hr 60 +/- 1 bpm, LF/HF 0.5, no
 * noise, seed 1 */
void ecgsyn_params_default(struct ecgsyn_params *p);

/*
 * Generate. CC_EINVAL (message in err) for parameters out of range or over
 * ECGSYN_MAX_SAMPLES, CC_ENOMEM. On success *out is the caller's, to free with
 * ecgsyn_record_free.
 */
int ecgsyn_generate(const struct ecgsyn_params *p, struct ecgsyn_record **out,
		    char *err, size_t errlen);
void ecgsyn_record_free(struct ecgsyn_record *r);

#endif
