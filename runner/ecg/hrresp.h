/* SPDX-License-Identifier: MIT */
/*
 * Heart-rate meter response time to a rate step (ANSI/AAMI EC13, the
 * 80 -> 120 and 80 -> 40 bpm tests listed in ../shared/reference/accuracy.md),
 * from the rates a device reported and when it reported them.
 *
 * Definition used (the reference sheet gives neither a definition nor a
 * limit; docs/accuracy.md): the response time is the time from the step
 * to the first report after which every report lies within the heart-rate
 * tolerance band of the new rate (acc_tol: max(abs_limit, rel_limit_pct %
 * of the new rate), inclusive with ACC_EPS). A report is the rate the
 * device shows from its time on, so the band is entered at a report's time,
 * never between reports. Reports before the step are ignored; one at the
 * step's time counts as after it.
 *
 * Pure: no I/O, no allocation; the result owns no memory.
 */
#ifndef CARECERT_HRRESP_H
#define CARECERT_HRRESP_H

#include <stddef.h>

#include "accuracy/acc-tol.h"

enum hrresp_status {
	HRRESP_SETTLED,	    /* entered the band and stayed to the last report */
	HRRESP_NOT_SETTLED, /* the last report is outside the band */
	HRRESP_NO_REPORTS,  /* nothing reported at or after the step */
};

struct hrresp_result {
	enum hrresp_status status;
	double band_low, band_high; /* new rate -/+ its allowance */
	double response; /* s, step to settling report; NaN unless settled */
	size_t n_after;	 /* reports at or after the step */
	size_t settle_index; /* index of the settling report (n when none) */
	double last_outside; /* time of the last report after the step
				outside the band; NaN when none */
	double last_time;    /* time of the last report; NaN when n == 0 */
};

/*
 * t[i] (s, non-decreasing) and bpm[i] are the n reports; the rate steps at
 * t_step (s) to new_rate (bpm), judged with lim's allowance (min_pairs is
 * not used). CC_EINVAL for NULL arrays with n > 0, non-finite values,
 * times going back, or a bad limit; CC_OK otherwise, with *r filled.
 */
int hrresp_compute(const double *t, const double *bpm, size_t n, double t_step,
		   double new_rate, const struct acc_tol_limits *lim,
		   struct hrresp_result *r);

const char *hrresp_status_name(enum hrresp_status s);

#endif
