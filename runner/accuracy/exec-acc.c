/* SPDX-License-Identifier: MIT */
/*
 * The accuracy step: judge a set of reference/device pairs by the criteria
 * of the device's standard (acc-bp.c, acc-glucose.c, acc-spo2.c,
 * acc-tol.c), with the limits the suite and profile give, and put the whole
 * evaluation (statistics, verdicts, the pairs themselves for the report's
 * plots) into the case record under "accuracy".
 *
 * A reference instrument past its calibration due date makes the result
 * inconclusive whatever the numbers say: a lab cannot sign a comparison
 * against an instrument it cannot trust.
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "accuracy/acc-bp.h"
#include "accuracy/acc-glucose.h"
#include "accuracy/acc-spo2.h"
#include "accuracy/acc-tol.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/fileio.h"
#include "core/mu.h"
#include "core/profile.h"
#include "core/vars.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACC_TABLE_MAX 64 /* criterion 2 table: 0.0 .. 6.3 mmHg */
#define ACC_FIGS 3	 /* figures one evaluation judges against limits */

/* The figures an evaluation judges against its limits, and their expanded
 * uncertainty from the reference's stated U (docs/uncertainty.md): the
 * evaluation is repeated with every reference reading shifted by +U and by
 * -U (a calibration error is common to all of a reference's readings), and
 * a figure's U is the larger change: the sensitivity found numerically
 * (GUM 5.1.3), exact for the mean difference (U), 0 for the SDs (a common
 * shift moves no spread), and the recount for the percentages within. */
struct acc_figs {
	size_t n;
	const char *name[ACC_FIGS];
	double value[ACC_FIGS], limit[ACC_FIGS], u[ACC_FIGS];
	bool upper[ACC_FIGS];
	const char *unit;
};

typedef void (*acc_figs_fn)(const struct pair *p, size_t n, const void *lim, int criterion,
			    const char *unit, struct acc_figs *out);

static void fig(struct acc_figs *f, const char *name, double value, double limit, bool upper)
{
	if (f->n == ACC_FIGS || !isfinite(value) || !isfinite(limit))
		return;
	f->name[f->n] = name;
	f->value[f->n] = value;
	f->limit[f->n] = limit;
	f->upper[f->n] = upper;
	f->u[f->n++] = NAN;
}

/* Nominal figures into out, and with u (finite) their U. */
static void figs_with_u(acc_figs_fn fn, const struct pair *p, size_t n, const void *lim,
			int criterion, const char *unit, double u, struct acc_figs *out)
{
	struct pair *q;

	memset(out, 0, sizeof(*out));
	fn(p, n, lim, criterion, unit, out);
	out->unit = unit;
	if (!isfinite(u) || !n || !(q = malloc(n * sizeof(*q))))
		return;
	for (size_t i = 0; i < out->n; i++)
		out->u[i] = 0;
	for (int s = -1; s <= 1; s += 2) {
		struct acc_figs x = { 0 };

		for (size_t i = 0; i < n; i++) {
			q[i] = p[i];
			q[i].reference += s * u;
		}
		fn(q, n, lim, criterion, unit, &x);
		for (size_t i = 0; i < out->n && i < x.n; i++)
			if (fabs(x.value[i] - out->value[i]) > out->u[i])
				out->u[i] = fabs(x.value[i] - out->value[i]);
	}
	free(q);
}

static void figs_bp(const struct pair *p, size_t n, const void *lim, int criterion,
		    const char *unit, struct acc_figs *out)
{
	const struct acc_bp_limits *l = lim;
	struct acc_bp_result r;

	(void)unit;
	if (acc_bp_evaluate(p, n, l, &r))
		return;
	if (criterion != 2) {
		fig(out, "|mean difference|", fabs(r.diff.bias), l->max_abs_mean, true);
		fig(out, "SD of differences", r.diff.sd, l->max_sd, true);
	}
	if (criterion != 1 && r.c2_limit.source != ACC_BP_LIMIT_NONE)
		fig(out, "SD of subject means", r.subject_sd, r.c2_limit.limit, true);
}

static void figs_glucose(const struct pair *p, size_t n, const void *lim, int criterion,
			 const char *unit, struct acc_figs *out)
{
	const struct acc_glucose_limits *l = lim;
	struct acc_glucose_result r;

	(void)criterion;
	if (acc_glucose_evaluate(p, n, unit, l, &r))
		return;
	fig(out, "results within limits (%)", r.within_pct, l->min_within_pct, false);
	fig(out, "results in zones A+B (%)", r.ab_pct, l->min_ab_pct, false);
}

static void figs_spo2(const struct pair *p, size_t n, const void *lim, int criterion,
		      const char *unit, struct acc_figs *out)
{
	const struct acc_spo2_limits *l = lim;
	struct acc_spo2_result r;

	(void)criterion;
	(void)unit;
	if (!acc_spo2_evaluate(p, n, l, &r))
		fig(out, "Arms", r.overall.arms, l->max_arms, true);
}

static void figs_pr(const struct pair *p, size_t n, const void *lim, int criterion,
		    const char *unit, struct acc_figs *out)
{
	const struct acc_spo2_limits *l = lim;
	struct acc_spo2_pr_result r;

	(void)criterion;
	(void)unit;
	if (l->max_pr_arms > 0 && !acc_spo2_pulse_rate(p, n, l, &r))
		fig(out, "Arms", r.diff.arms, l->max_pr_arms, true);
}

static void figs_tol(const struct pair *p, size_t n, const void *lim, int criterion,
		     const char *unit, struct acc_figs *out)
{
	struct acc_tol_result r;

	(void)criterion;
	(void)unit;
	if (!acc_tol_evaluate(p, n, lim, &r) && n)
		fig(out, "worst |difference| beyond its tolerance", r.worst_excess, 0, true);
}


json_object *acc_json_num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *diff_json(const struct acc_diff *d)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "n", json_object_new_uint64(d->n));
	json_object_object_add(o, "bias", acc_json_num(d->bias));
	json_object_object_add(o, "sd", acc_json_num(d->sd));
	json_object_object_add(o, "arms", acc_json_num(d->arms));
	return o;
}

static void add_sample(json_object *o, const struct acc_sample *s)
{
	json_object_object_add(o, "n_pairs", json_object_new_uint64(s->n_pairs));
	json_object_object_add(o, "n_subjects", json_object_new_uint64(s->n_subjects));
	json_object_object_add(o, "min_pairs", json_object_new_uint64(s->min_pairs));
	json_object_object_add(o, "min_subjects", json_object_new_uint64(s->min_subjects));
}

json_object *acc_json_verdict(enum verdict v)
{
	return json_object_new_string(verdict_name(v));
}

/* The value of limit `key` as the step gives it (expanded), or NULL. */
static const char *limit_text(struct exec *e, const struct step *st, const char *key,
			      struct buf *scratch, bool *bad)
{
	for (size_t i = 0; i < st->nacc; i++) {
		if (strcmp(st->acc_keys[i], key))
			continue;
		buf_reset(scratch);
		if (!exec_expand(e, st->acc_vals[i], scratch)) {
			*bad = true;
			return NULL;
		}
		return buf_str(scratch);
	}
	return NULL;
}

bool acc_param_num(struct exec *e, const struct step *st,
		   const struct unit_param *table, const char *data_unit,
		   const char *key, double *out)
{
	const struct unit_param *row = unit_param_find(table, key);
	struct buf b;
	bool bad = false;
	const char *t;

	buf_init(&b, 128);
	t = limit_text(e, st, key, &b, &bad);
	if (t && !row)
		bad = !exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: %s takes no parameter %s",
				   step_kind_name(st->kind), key);
	else if (t)
		bad =
		    !exec_quantity(e, key, t, row->unit ? row->unit : data_unit,
				   row->delta, out);
	buf_release(&b);
	return !bad;
}

/* A limit of the step's method, in its unit (unit: the evaluation's). */
static bool lim_num(struct exec *e, const struct step *st, const char *unit,
		    const char *key, double *out)
{
	const struct acc_method_desc *m = acc_method_find(st->acc_method);

	return acc_param_num(e, st, m ? m->limits : NULL, unit, key, out);
}

static bool limit_size(struct exec *e, const struct step *st, const char *key, size_t *out)
{
	double v = (double)*out;

	if (!lim_num(e, st, "", key, &v))
		return false;
	if (v < 0 || v > 1e9 || v != floor(v)) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: accuracy limit %s = %g is not a count", key, v);
		return false;
	}
	*out = (size_t)v;
	return true;
}

/* "6.95, 6.95, 6.94 ..." (the standard's table, 0.1 mmHg steps) */
static bool limit_table(struct exec *e, const struct step *st, double *table, size_t *n)
{
	struct buf b;
	bool bad = false;
	const char *t;

	*n = 0;
	buf_init(&b, 1024);
	t = limit_text(e, st, "c2_table", &b, &bad);
	while (t && *t && !bad) {
		char *end;
		double v = strtod(t, &end);

		if (end == t || *n == ACC_TABLE_MAX || !isfinite(v) || v <= 0) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				    "suite: c2_table must be up to %d positive numbers", ACC_TABLE_MAX);
			bad = true;
			break;
		}
		table[(*n)++] = v;
		t = end + strspn(end, " ,\t");
	}
	buf_release(&b);
	return !bad;
}

/* Both ISO 81060-2 criteria's observed figures and limits, whichever the
 * step judges: the report shows both rows, never one blank. */
struct bp_texts {
	char exp[2][ACC_TEXT], obs[2][ACC_TEXT];
};

static enum verdict eval_bp(struct exec *e, const struct step *st,
			    const struct pair *p, size_t n, const char *unit,
			    json_object *o, char *why, size_t whylen, char *exp,
			    char *obs, struct bp_texts *bt, double u, struct acc_figs *fg)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	double table[ACC_TABLE_MAX];
	struct acc_bp_result r;
	size_t nt;
	enum verdict v;

	if (!lim_num(e, st, unit, "max_abs_mean", &lim.max_abs_mean) ||
	    !lim_num(e, st, unit, "max_sd", &lim.max_sd) ||
	    !lim_num(e, st, unit, "c2_bound", &lim.c2_bound) ||
	    !lim_num(e, st, unit, "c2_coverage", &lim.c2_coverage) ||
	    !lim_num(e, st, unit, "loa_z", &lim.loa_z) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.min_subjects) ||
	    !limit_table(e, st, table, &nt))
		return VERDICT_ERROR;
	if (nt) {
		lim.c2_table = table;
		lim.c2_table_len = nt;
	}
	if (acc_bp_evaluate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated (non-finite values?)");
	figs_with_u(figs_bp, p, n, &lim, st->acc_criterion, unit, u, fg);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "loa_low", acc_json_num(r.loa_low));
	json_object_object_add(o, "loa_high", acc_json_num(r.loa_high));
	json_object_object_add(o, "criterion1", acc_json_verdict(r.c1));
	json_object_object_add(o, "criterion2", acc_json_verdict(r.c2));
	json_object_object_add(o, "subject_sd", acc_json_num(r.subject_sd));
	json_object_object_add(o, "c2_limit", acc_json_num(r.c2_limit.limit));
	json_object_object_add(o, "c2_limit_source",
			       json_object_new_string(acc_bp_source_name(r.c2_limit.source)));
	json_object_object_add(o, "limits", NULL);
	{
		json_object *l = json_object_new_object();

		json_object_object_add(l, "max_abs_mean", acc_json_num(lim.max_abs_mean));
		json_object_object_add(l, "max_sd", acc_json_num(lim.max_sd));
		json_object_object_add(l, "min_pairs", json_object_new_uint64(lim.min_pairs));
		json_object_object_add(l, "min_subjects", json_object_new_uint64(lim.min_subjects));
		json_object_object_add(o, "limits", l);
	}
	v = st->acc_criterion == 1 ? r.c1 : st->acc_criterion == 2 ? r.c2 : r.verdict;
	json_object_object_add(o, "clause", json_object_new_string(
		st->acc_criterion == 1 ? ACC_BP_CLAUSE_C1 : st->acc_criterion == 2 ? ACC_BP_CLAUSE_C2
		: "ISO 81060-2, criteria 1 and 2"));
	snprintf(why, whylen, "%s", r.why);
	snprintf(bt->exp[0], ACC_TEXT, "|mean| <= %.1f mmHg, SD <= %.1f mmHg", lim.max_abs_mean,
		 lim.max_sd);
	snprintf(bt->obs[0], ACC_TEXT, "mean %.2f, SD %.2f mmHg (%zu pairs, %zu subjects)",
		 r.diff.bias, r.diff.sd, r.sample.n_pairs, r.sample.n_subjects);
	if (r.c2_limit.source == ACC_BP_LIMIT_NONE)
		snprintf(bt->exp[1], ACC_TEXT, "|mean| <= %.1f mmHg (criterion 2 has no limit beyond)",
			 lim.max_abs_mean);
	else
		snprintf(bt->exp[1], ACC_TEXT, "SD of subject means <= %.2f mmHg (%s at |mean| %.1f)",
			 r.c2_limit.limit, acc_bp_source_name(r.c2_limit.source), r.c2_limit.key);
	snprintf(bt->obs[1], ACC_TEXT, "SD of %zu subject means %.2f mmHg, mean %.2f",
		 r.n_subject_means, r.subject_sd, r.diff.bias);
	if (st->acc_criterion == 1) {
		snprintf(exp, ACC_TEXT, "%s", bt->exp[0]);
		snprintf(obs, ACC_TEXT, "%s", bt->obs[0]);
		if (r.c1 != VERDICT_INCONCLUSIVE)
			snprintf(why, whylen, "mean difference %.2f mmHg, SD %.2f mmHg", r.diff.bias,
				 r.diff.sd);
	} else if (st->acc_criterion == 2) {
		snprintf(exp, ACC_TEXT, "%s", bt->exp[1]);
		snprintf(obs, ACC_TEXT, "%s", bt->obs[1]);
		if (r.c2 != VERDICT_INCONCLUSIVE)
			snprintf(why, whylen, "%s", obs);
	} else {
		snprintf(exp, ACC_TEXT, "criteria 1 and 2");
		snprintf(obs, ACC_TEXT, "mean %.2f, SD %.2f, subject SD %.2f mmHg", r.diff.bias,
			 r.diff.sd, r.subject_sd);
	}
	return v;
}

static enum verdict eval_glucose(struct exec *e, const struct step *st, const struct pair *p,
				 size_t n, const char *unit, json_object *o, char *why,
				 size_t whylen, char *exp, char *obs, double u, struct acc_figs *fg)
{
	struct acc_glucose_limits lim = acc_glucose_defaults();
	struct acc_glucose_result r;
	json_object *z;

	if (!lim_num(e, st, unit, "threshold", &lim.threshold) ||
	    !lim_num(e, st, unit, "abs_limit", &lim.abs_limit) ||
	    !lim_num(e, st, unit, "rel_limit_pct", &lim.rel_limit_pct) ||
	    !lim_num(e, st, unit, "min_within_pct", &lim.min_within_pct) ||
	    !lim_num(e, st, unit, "min_ab_pct", &lim.min_ab_pct) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.min_subjects))
		return VERDICT_ERROR;
	if (acc_glucose_evaluate(p, n, unit, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated (unit '%s'?)", unit);
	figs_with_u(figs_glucose, p, n, &lim, 0, unit, u, fg);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences_mg_dl", diff_json(&r.diff));
	json_object_object_add(o, "n_within", json_object_new_uint64(r.n_within));
	json_object_object_add(o, "within_pct", acc_json_num(r.within_pct));
	json_object_object_add(o, "within", acc_json_verdict(r.within));
	z = json_object_new_object();
	for (int k = 0; k < ACC_GLUCOSE_ZONES; k++)
		json_object_object_add(z, acc_glucose_zone_name((enum acc_glucose_zone)k),
				       json_object_new_uint64(r.zone[k]));
	json_object_object_add(o, "zones", z);
	json_object_object_add(o, "ab_pct", acc_json_num(r.ab_pct));
	json_object_object_add(o, "grid", acc_json_verdict(r.grid));
	json_object_object_add(o, "clause", json_object_new_string(
		"ISO 15197:2013, system accuracy and consensus error grid"));
	snprintf(why, whylen, "%s", r.why);
	snprintf(exp, ACC_TEXT, ">= %.0f %% within +-%.0f mg/dL / +-%.0f %%, >= %.0f %% in zones A+B",
		 lim.min_within_pct, lim.abs_limit, lim.rel_limit_pct, lim.min_ab_pct);
	snprintf(obs, ACC_TEXT, "%.1f %% within, %.1f %% in A+B (%zu results)", r.within_pct,
		 r.ab_pct, r.sample.n_pairs);
	return r.verdict;
}

static enum verdict eval_spo2(struct exec *e, const struct step *st,
			      const struct pair *p, size_t n, const char *unit,
			      json_object *o, char *why, size_t whylen,
			      char *exp, char *obs, double u, struct acc_figs *fg)
{
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_result r;
	json_object *d;

	if (!lim_num(e, st, unit, "max_arms", &lim.max_arms) ||
	    !lim_num(e, st, unit, "range_low", &lim.range_low) ||
	    !lim_num(e, st, unit, "range_high", &lim.range_high) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.min_subjects) ||
	    !limit_size(e, st, "min_pairs_per_decade",
			&lim.min_pairs_per_decade))
		return VERDICT_ERROR;
	if (acc_spo2_evaluate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
	figs_with_u(figs_spo2, p, n, &lim, 0, unit, u, fg);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.overall));
	d = json_object_new_array();
	for (int k = 0; k < ACC_SPO2_DECADES; k++) {
		json_object *x = diff_json(&r.decade[k]);

		json_object_object_add(x, "range", json_object_new_string(acc_spo2_decade_name(k)));
		json_object_array_add(d, x);
	}
	json_object_object_add(o, "decades", d);
	json_object_object_add(o, "n_outside", json_object_new_uint64(r.n_outside));
	json_object_object_add(o, "max_arms", acc_json_num(lim.max_arms));
	json_object_object_add(o, "clause", json_object_new_string(ACC_SPO2_CLAUSE));
	snprintf(why, whylen, "%s", r.why);
	snprintf(exp, ACC_TEXT, "Arms <= %.1f %% over %.0f-%.0f %%", lim.max_arms, lim.range_low,
		 lim.range_high);
	snprintf(obs, ACC_TEXT, "Arms %.2f %%, bias %.2f, SD %.2f (%zu pairs)", r.overall.arms,
		 r.overall.bias, r.overall.sd, r.sample.n_pairs);
	return r.verdict;
}

static enum verdict eval_pr(struct exec *e, const struct step *st,
			    const struct pair *p, size_t n, const char *unit,
			    json_object *o, char *why, size_t whylen, char *exp,
			    char *obs, double u, struct acc_figs *fg)
{
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_pr_result r;

	/* the step's sample size is the pulse rate's own (no study default) */
	if (!lim_num(e, st, unit, "max_pr_arms", &lim.max_pr_arms) ||
	    !limit_size(e, st, "min_pairs", &lim.pr_min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.pr_min_subjects))
		return VERDICT_ERROR;
	if (acc_spo2_pulse_rate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
	figs_with_u(figs_pr, p, n, &lim, 0, unit, u, fg);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "max_pr_arms", acc_json_num(lim.max_pr_arms));
	json_object_object_add(o, "clause", json_object_new_string(ACC_SPO2_PR_CLAUSE));
	snprintf(why, whylen, "%s", r.why);
	if (lim.max_pr_arms > 0)
		snprintf(exp, ACC_TEXT, "Arms <= %.1f bpm", lim.max_pr_arms);
	else
		snprintf(exp, ACC_TEXT, "reported (no limit set)");
	snprintf(obs, ACC_TEXT, "Arms %.2f bpm (%zu pairs)", r.diff.arms, r.sample.n_pairs);
	/* NONE: no limit set (a report-only step), never a pass */
	return r.verdict;
}

static enum verdict eval_tol(struct exec *e, const struct step *st,
			     const struct pair *p, size_t n, const char *unit,
			     bool hr, json_object *o, char *why, size_t whylen,
			     char *exp, char *obs, double u, struct acc_figs *fg)
{
	struct acc_tol_limits lim = hr ? acc_tol_hr_defaults() : acc_tol_temp_defaults();
	struct acc_tol_result r;

	if (!lim_num(e, st, unit, "abs_limit", &lim.abs_limit) ||
	    !lim_num(e, st, unit, "rel_limit_pct", &lim.rel_limit_pct) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs))
		return VERDICT_ERROR;
	if (acc_tol_evaluate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
	figs_with_u(figs_tol, p, n, &lim, 0, unit, u, fg);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "n_within", json_object_new_uint64(r.n_within));
	json_object_object_add(o, "abs_limit", acc_json_num(lim.abs_limit));
	json_object_object_add(o, "rel_limit_pct", acc_json_num(lim.rel_limit_pct));
	json_object_object_add(o, "worst_excess", acc_json_num(r.worst_excess));
	json_object_object_add(o, "clause",
			       json_object_new_string(hr ? ACC_TOL_CLAUSE_HR : ACC_TOL_CLAUSE_TEMP));
	snprintf(why, whylen, "%s", r.why);
	if (lim.rel_limit_pct > 0)
		snprintf(exp, ACC_TEXT, "every reading within +-%g or +-%g %%, whichever is greater",
			 lim.abs_limit, lim.rel_limit_pct);
	else
		snprintf(exp, ACC_TEXT, "every reading within +-%g", lim.abs_limit);
	snprintf(obs, ACC_TEXT, "%zu of %zu within; bias %.3f, SD %.3f", r.n_within,
		 r.sample.n_pairs, r.diff.bias, r.diff.sd);
	return r.verdict;
}

/* ---- the shape the report reads (docs/report.md) ---- */

static double jnum_of(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_double(v) : NAN;
}

static void stat_copy(json_object *to, json_object *from, const char *k)
{
	json_object *v;

	if (json_object_object_get_ex(from, k, &v) && v)
		json_object_object_add(to, k, json_object_get(v));
}

json_object *acc_json_criterion(const char *name, const char *clause, const char *verdict,
			      const char *observed, const char *limit)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "name", json_object_new_string(name));
	json_object_object_add(c, "clause", json_object_new_string(clause));
	json_object_object_add(c, "verdict", json_object_new_string(verdict));
	json_object_object_add(c, "observed", json_object_new_string(observed));
	json_object_object_add(c, "limit", json_object_new_string(limit));
	return c;
}

/* Add what the report renders: the device kind as "method" (the suite's
 * method stays as "standard_method"), "standard", "criteria",
 * "statistics", the acceptance "band", the pairs with subject names and
 * the data's "source". */
static const struct acc_kind {
	const char *method, *kind, *standard;
} acc_kinds[] = {
	{ "iso81060-2", "bp", "ISO 81060-2" }, { "iso15197", "glucose", "ISO 15197:2013" },
	{ "iso80601-2-61", "spo2", "ISO 80601-2-61" },
	{ "pulse-rate", "pulse_rate", "ISO 80601-2-61" },
	{ "heart-rate", "heart_rate", "IEC 60601-2-27 / ANSI/AAMI EC13" },
	{ "temperature", "temperature", "ISO 80601-2-56" },
};

/* The method's device kind (bp, glucose...) and standard; the method's
 * own name for one not listed. */
static void acc_kind_of(const char *method, const char **kind, const char **standard)
{
	*kind = *standard = method;
	for (size_t i = 0; i < sizeof(acc_kinds) / sizeof(acc_kinds[0]); i++)
		if (!strcmp(acc_kinds[i].method, method)) {
			*kind = acc_kinds[i].kind;
			*standard = acc_kinds[i].standard;
		}
}

/* The figures with their U into the record (o's "figures"), each decided
 * by the rule the lab states for the method's standard or the case's
 * requirements; a pass only inside a guard band becomes inconclusive. */
static enum verdict judge_figures(struct exec *e, const struct step *st, const struct acc_figs *fg,
				  const char *source, json_object *o, enum verdict v, char *why,
				  size_t whylen)
{
	const char *names[9], *kind;
	size_t nn = 0;
	json_object *a = json_object_new_array();
	struct mu_decision_rule r;
	char reason[400] = "";

	acc_kind_of(st->acc_method, &kind, &names[nn++]);
	for (size_t i = 0; e->tc && i < e->tc->nreqs && nn < 9; i++)
		names[nn++] = e->tc->reqs[i].standard;
	r = mu_rule_for(e->profile ? e->profile->lab_iso : NULL, names, nn);
	for (size_t i = 0; a && i < fg->n; i++) {
		struct mu_figure f = { .name = fg->name[i], .value = fg->value[i],
				       .limit = fg->limit[i], .upper = fg->upper[i], .u = fg->u[i],
				       .source = source, .unit = fg->unit };

		json_object_array_add(a, mu_json(&f, r));
	}
	v = mu_verdict(v, a, reason, sizeof(reason));
	if (reason[0])
		acc_why_add(why, whylen, "%s", reason);
	/* ISO 81060-2's criteria rows say the same as the figures they judge */
	for (size_t i = 0; reason[0] && !strcmp(kind, "bp") && i < json_object_array_length(a); i++) {
		json_object *f = json_object_array_get_idx(a, i), *d, *nm, *c;
		const char *crit;

		if (!json_object_object_get_ex(f, "decision", &d) ||
		    strcmp(json_object_get_string(d), "conditional_pass") ||
		    !json_object_object_get_ex(f, "name", &nm))
			continue;
		crit = strcmp(json_object_get_string(nm), "SD of subject means") ? "criterion1"
										 : "criterion2";
		if (json_object_object_get_ex(o, crit, &c) &&
		    !strcmp(json_object_get_string(c), "pass"))
			json_object_object_add(o, crit, acc_json_verdict(VERDICT_INCONCLUSIVE));
	}
	json_object_object_add(o, "figures", a);
	return v;
}

static void report_shape(json_object *o, const struct step *st, const struct pair_set *set,
			 const struct pair *p, size_t n, const char *path, const char *exp,
			 const char *obs, const struct bp_texts *bt, enum verdict v)
{
	json_object *stats = json_object_new_object(), *crit = json_object_new_array(), *d, *x;
	const char *kind, *standard;
	char hex[SHA256_HEX_LEN + 1];

	acc_kind_of(st->acc_method, &kind, &standard);
	json_object_object_add(o, "standard_method", json_object_new_string(st->acc_method));
	json_object_object_add(o, "method", json_object_new_string(kind));
	json_object_object_add(o, "standard", json_object_new_string(standard));
	stat_copy(stats, o, "n_pairs");
	stat_copy(stats, o, "n_subjects");
	if (json_object_object_get_ex(o, "differences", &d) ||
	    json_object_object_get_ex(o, "differences_mg_dl", &d)) {
		stat_copy(stats, d, "bias");
		stat_copy(stats, d, "sd");
		stat_copy(stats, d, "arms");
	}
	static const char *const more[] = { "loa_low", "loa_high", "subject_sd", "c2_limit",
					    "within_pct", "ab_pct", "n_outside" };
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		stat_copy(stats, o, more[i]);
	if (!strcmp(kind, "bp")) {
		json_object_array_add(crit, acc_json_criterion("criterion 1", ACC_BP_CLAUSE_C1,
			json_object_get_string(json_object_object_get(o, "criterion1")),
			bt->obs[0], bt->exp[0]));
		json_object_array_add(crit, acc_json_criterion("criterion 2", ACC_BP_CLAUSE_C2,
			json_object_get_string(json_object_object_get(o, "criterion2")),
			bt->obs[1], bt->exp[1]));
	} else {
		json_object_array_add(crit, acc_json_criterion(standard, json_object_get_string(
			json_object_object_get(o, "clause")), verdict_name(v), obs, exp));
	}
	x = json_object_new_object();
	if (!strcmp(kind, "glucose")) {
		json_object_object_add(x, "abs", json_object_new_double(15));
		json_object_object_add(x, "rel_pct", json_object_new_double(15));
		json_object_object_add(x, "threshold", json_object_new_double(100));
	} else if (!isnan(jnum_of(o, "abs_limit"))) {
		json_object_object_add(x, "abs", json_object_new_double(jnum_of(o, "abs_limit")));
		if (jnum_of(o, "rel_limit_pct") > 0)
			json_object_object_add(x, "rel_pct",
					       json_object_new_double(jnum_of(o, "rel_limit_pct")));
	}
	if (json_object_object_length(x))
		json_object_object_add(o, "band", x);
	else
		json_object_put(x);
	json_object_object_add(o, "statistics", stats);
	json_object_object_add(o, "criteria", crit);
	x = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *q = json_object_new_object();

		json_object_object_add(q, "subject", json_object_new_string(
			p[i].subject < set->n_subjects ? set->subjects[p[i].subject] : "?"));
		json_object_object_add(q, "reference", json_object_new_double(p[i].reference));
		json_object_object_add(q, "device", json_object_new_double(p[i].device));
		json_object_array_add(x, q);
	}
	json_object_object_add(o, "pairs", x);
	x = json_object_new_object();
	json_object_object_add(x, "file", json_object_new_string(path));
	json_object_object_add(x, "sha256", !sha256_file(path, hex) ? json_object_new_string(hex)
								    : NULL);
	json_object_object_add(o, "source", x);
}

/* True when the due date (YYYY-MM-DD) is before today, UTC. */
static bool calibration_expired(const char *due)
{
	time_t now = time(NULL);
	struct tm tm;
	char today[16];

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	return strcmp(due, today) < 0; /* ISO dates order as strings */
}

enum verdict exec_accuracy_step(struct exec *e, const struct step *st)
{
	const struct profile_data *pd = e->profile ? profile_data_find(e->profile, st->acc_data)
						   : NULL;
	const struct acc_method_desc *m = acc_method_find(st->acc_method);
	struct profile_data live = { 0 };
	const char *unit = st->acc_unit, *lunit;
	struct pair *p = NULL;
	struct diag d;
	json_object *o;
	char why[ACC_WHY_MAX + 128] = "", exp[ACC_TEXT] = "", obs[ACC_TEXT] = "";
	struct bp_texts bt = { 0 };
	struct acc_figs fg = { 0 };
	char usrc[200] = "";
	double u = NAN;
	enum verdict v;
	size_t n = 0;

	if (!pd && e->run_pairs) {
		/* pairs gathered live in this run, against a bench instrument */
		for (size_t i = 0; i < e->run_pairs->n; i++) {
			const struct run_pair_set *rs = &e->run_pairs->v[i];
			const struct profile_instrument *pi;

			if (strcmp(rs->name, st->acc_data))
				continue;
			live.name = rs->name;
			live.path = (char *)"(live, this run)";
			live.set = rs->set;
			if (rs->instrument && e->profile &&
			    (pi = profile_instrument_find(e->profile, rs->instrument))) {
				live.reference = pi->id;
				live.calibration_due = pi->calibration_due;
			}
			pd = &live;
		}
	}
	if (!pd || !pd->set)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "no accuracy_data or run data set '%s' for this %s evaluation",
				   st->acc_data, st->acc_method);
	diag_init(&d);
	if (pairs_select(pd->set, st->acc_quantity, unit, &p, &n, &d)) {
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "accuracy data %s: %s",
				pd->path, d.n ? d.v[0].msg : "cannot select pairs");
		diag_release(&d);
		return v;
	}
	diag_release(&d);
	if (!unit)
		unit = n && p[0].unit[0] ? p[0].unit : "";
	o = json_object_new_object();
	json_object_object_add(o, "method", json_object_new_string(st->acc_method));
	json_object_object_add(o, "data", json_object_new_string(st->acc_data));
	json_object_object_add(o, "file", json_object_new_string(pd->path));
	json_object_object_add(o, "quantity",
			       st->acc_quantity ? json_object_new_string(st->acc_quantity) : NULL);
	json_object_object_add(o, "unit", json_object_new_string(unit));
	json_object_object_add(o, "reference_instrument",
			       pd->reference ? json_object_new_string(pd->reference) : NULL);
	json_object_object_add(o, "calibration_due",
			       pd->calibration_due ? json_object_new_string(pd->calibration_due) : NULL);
	/* limits in the data's unit are converted to the unit judged in: the
	 * data's, else the method's (data without a unit is taken in it) */
	lunit = unit[0] ? unit : m ? m->unit : "";
	/* the reference's stated U, in the unit the pairs are in */
	if (!mu_reference_u(e->profile ? e->profile->lab_iso : NULL, pd->reference, lunit, &u,
			    usrc, sizeof(usrc)))
		u = NAN;
	if (!strcmp(st->acc_method, "iso81060-2"))
		v = eval_bp(e, st, p, n, lunit, o, why, sizeof(why), exp, obs, &bt, u, &fg);
	else if (!strcmp(st->acc_method, "iso15197"))
		v = eval_glucose(e, st, p, n, unit, o, why, sizeof(why), exp, obs, u, &fg);
	else if (!strcmp(st->acc_method, "iso80601-2-61"))
		v = eval_spo2(e, st, p, n, lunit, o, why, sizeof(why), exp,
			      obs, u, &fg);
	else if (!strcmp(st->acc_method, "pulse-rate"))
		v = eval_pr(e, st, p, n, lunit, o, why, sizeof(why), exp, obs, u, &fg);
	else
		v = eval_tol(e, st, p, n, lunit,
			     !strcmp(st->acc_method, "heart-rate"), o, why,
			     sizeof(why), exp, obs, u, &fg);
	if (v == VERDICT_ERROR) {
		json_object_put(o);
		free(p);
		return VERDICT_ERROR;
	}
	if (v == VERDICT_NONE && !st->acc_report_only) {
		/* the loader refuses this; a limit that expanded to nothing */
		json_object_put(o);
		free(p);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: %s has no limit to judge by", st->acc_method);
	}
	if (st->acc_report_only)
		v = VERDICT_NOT_JUDGED;
	else
		v = judge_figures(e, st, &fg, usrc, o, v, why, sizeof(why));
	if (pd->calibration_due && calibration_expired(pd->calibration_due) &&
	    v != VERDICT_INCONCLUSIVE && v != VERDICT_NOT_JUDGED) {
		size_t k = strlen(why);

		snprintf(why + k, sizeof(why) - k,
			 "%sinconclusive: the reference instrument's calibration was due %s",
			 k ? "; " : "", pd->calibration_due);
		v = VERDICT_INCONCLUSIVE;
	}
	json_object_object_add(o, "verdict", acc_json_verdict(v));
	json_object_object_add(o, "why", json_object_new_string(why));
	report_shape(o, st, pd->set, p, n, pd->path, exp, obs, &bt, v);
	json_object_array_add(e->accuracy, o);
	free(p);
	json_object_object_add(o, "expected", json_object_new_string(exp));
	json_object_object_add(o, "observed", json_object_new_string(obs));
	if (v == VERDICT_NOT_JUDGED) {
		/* the case goes on; exec_run makes its verdict "not judged" */
		e->not_judged = true;
		exec_decide(e, VERDICT_NOT_JUDGED, exp, obs, 0, 0,
			    "%s: report only, not judged: %s",
			    json_object_get_string(json_object_object_get(o, "clause")), why);
		return VERDICT_PASS;
	}
	return exec_decide(e, v, exp, obs, 0, 0, "%s: %s",
			   json_object_get_string(json_object_object_get(o, "clause")), why);
}
