/* SPDX-License-Identifier: MIT */
/*
 * QRS detection after Pan and Tompkins (IEEE TBME 32(3):230-236, 1985), for
 * any sampling rate from QRS_MIN_FS up:
 *
 *  1. Band-pass about 5-15 Hz: the paper's integer filters rebuilt for fs,
 *     two moving averages of 21 ms (low-pass, -3 dB near 15 Hz) and a
 *     152 ms moving average subtracted from the centre sample (high-pass,
 *     -3 dB near 5 Hz). Both are linear-phase, so the delay is exact.
 *  2. Five-point derivative, 3. squaring, 4. moving-window integration over
 *     150 ms.
 *  5. Peaks of the integrated signal: the highest local maximum of a hump,
 *     taken when the signal falls below half of it or 200 ms passed
 *     without a higher one. They are classified with adaptive thresholds:
 *     SPKI/NPKI follow signal and noise peaks (1/8 weight), THRESHOLD1 =
 *     NPKI + (SPKI - NPKI) / 4, THRESHOLD2 = THRESHOLD1 / 2. The first 2 s
 *     are learnt (SPKI = max / 3, NPKI = mean / 2) and their peaks
 *     classified afterwards.
 *  6. 200 ms refractory period: a peak whose beat lies closer than that to
 *     the last QRS is dropped.
 *  7. A peak within 360 ms of the last QRS whose steepest slope is under
 *     half that QRS's is a T wave.
 *  8. Searchback: when no QRS came for 166 % of the regular-RR average
 *     (RR AVERAGE2: last 8 RR within 92-116 % of it), the highest noise
 *     peak above THRESHOLD2 since the last QRS becomes a QRS (SPKI moves by
 *     1/4 then). No searchback before the second beat.
 *  Intervals (refractory, T wave, RR) are measured between beat times, not
 *  between integrated peaks: with noise the peak of a hump wanders by tens
 *  of milliseconds, enough to break a 200 ms rule at 240 bpm.
 *  Not done: the paper's second threshold set on the band-passed signal and
 *  halving thresholds in irregular rhythm.
 *
 * A beat's time is the largest |band-passed| sample in the 150 ms before
 * its integrated peak, moved back by the filter delay: close to the R (or
 * S, if deeper) peak. Times are seconds from the first sample fed.
 *
 * Streaming: feed samples in chunks of any size; beats appear with a delay
 * of up to about 1.7 RR (searchback) and never change once reported; they
 * increase strictly. qrs_finish() ends the signal: it runs the filters on
 * over a copy of the last sample so a QRS in the last 0.1 s is found too,
 * and reports the rest.
 * Input is in any unit (mV or adu); only its shape matters.
 *
 * Errors: CC_EINVAL (fs below QRS_MIN_FS or not finite, non-finite sample,
 * feeding after finish), CC_ENOMEM, CC_ETOOBIG (over QRS_MAX_BEATS).
 */
#ifndef CARECERT_QRS_H
#define CARECERT_QRS_H

#include <stddef.h>

#define QRS_MIN_FS 100.0
#define QRS_MAX_FS 100000.0
#define QRS_MAX_BEATS (16u * 1024u * 1024u)

struct qrs_det;

/* NULL-safe free. */
int qrs_new(double fs, struct qrs_det **out);
void qrs_free(struct qrs_det *d);

int qrs_feed(struct qrs_det *d, const double *x, size_t n);
int qrs_finish(struct qrs_det *d);

/* Beats so far (borrowed; valid until the next feed/finish/free). */
const double *qrs_beats(const struct qrs_det *d, size_t *n);

/* Batch: the whole signal at once; *times is malloc'd (NULL when none). */
int qrs_detect(const double *x, size_t n, double fs, double **times,
	       size_t *nbeats);

#endif
