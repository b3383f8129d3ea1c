/* SPDX-License-Identifier: MIT */
#include "ecg/hrresp.h"
#include "base/err.h"

#include <math.h>

const char *hrresp_status_name(enum hrresp_status s)
{
	switch (s) {
	case HRRESP_SETTLED:
		return "settled";
	case HRRESP_NOT_SETTLED:
		return "not settled";
	case HRRESP_NO_REPORTS:
		return "no reports after the step";
	}
	return "?";
}

int hrresp_compute(const double *t, const double *bpm, size_t n, double t_step,
		   double new_rate, const struct acc_tol_limits *lim,
		   struct hrresp_result *r)
{
	double allow;
	size_t first = n;

	if (!r || !lim || (n && (!t || !bpm)) || !isfinite(t_step) ||
	    !isfinite(new_rate) || !(lim->abs_limit >= 0) ||
	    !isfinite(lim->abs_limit) || !(lim->rel_limit_pct >= 0) ||
	    !isfinite(lim->rel_limit_pct))
		return CC_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(t[i]) || !isfinite(bpm[i]) ||
		    (i && t[i] < t[i - 1]))
			return CC_EINVAL;
	allow = acc_tol_allowed(new_rate, lim);
	*r = (struct hrresp_result){
	    .status = HRRESP_NO_REPORTS,
	    .band_low = new_rate - allow,
	    .band_high = new_rate + allow,
	    .response = NAN,
	    .settle_index = n,
	    .last_outside = NAN,
	    .last_time = n ? t[n - 1] : NAN,
	};
	while (first > 0 && t[first - 1] >= t_step)
		first--;
	r->n_after = n - first;
	if (!r->n_after)
		return CC_OK;
	/* scan back from the last report: the settling report is the first
	 * of the run of in-band reports that reaches the end */
	r->settle_index = n;
	for (size_t i = n; i > first; i--) {
		if (!acc_tol_within(new_rate, bpm[i - 1], lim)) {
			r->last_outside = t[i - 1];
			break;
		}
		r->settle_index = i - 1;
	}
	if (r->settle_index == n) {
		r->status = HRRESP_NOT_SETTLED;
		return CC_OK;
	}
	r->status = HRRESP_SETTLED;
	r->response = t[r->settle_index] - t_step;
	return CC_OK;
}
