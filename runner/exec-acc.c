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
#include "exec-internal.h"
#include "acc-bp.h"
#include "acc-glucose.h"
#include "acc-spo2.h"
#include "acc-tol.h"
#include "beatcmp.h"
#include "ecgsyn.h"
#include "hrresp.h"
#include "wfdb.h"
#include "buf.h"
#include "err.h"
#include "fileio.h"
#include "profile.h"
#include "vars.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACC_TABLE_MAX 64 /* criterion 2 table: 0.0 .. 6.3 mmHg */
#define ACC_TEXT 160      /* expected / observed texts of the evidence */

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *diff_json(const struct acc_diff *d)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "n", json_object_new_uint64(d->n));
	json_object_object_add(o, "bias", num(d->bias));
	json_object_object_add(o, "sd", num(d->sd));
	json_object_object_add(o, "arms", num(d->arms));
	return o;
}

static void add_sample(json_object *o, const struct acc_sample *s)
{
	json_object_object_add(o, "n_pairs", json_object_new_uint64(s->n_pairs));
	json_object_object_add(o, "n_subjects", json_object_new_uint64(s->n_subjects));
	json_object_object_add(o, "min_pairs", json_object_new_uint64(s->min_pairs));
	json_object_object_add(o, "min_subjects", json_object_new_uint64(s->min_subjects));
}

static json_object *vjson(enum verdict v)
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

/* Set *out from limit `key` when the step gives it: a number, or a
 * quantity whose unit is dropped (limits are in the unit of the pairs). */
static bool limit_num(struct exec *e, const struct step *st, const char *key, double *out)
{
	struct buf b;
	bool bad = false;
	const char *t;

	buf_init(&b, 128);
	t = limit_text(e, st, key, &b, &bad);
	if (t) {
		struct quantity q;
		char err[128];

		if (parse_number(t, out)) {
			/* done */
		} else if (!quantity_parse(t, &q, err, sizeof(err))) {
			*out = q.value;
		} else {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				    "suite: accuracy limit %s = '%s' is not a number", key, t);
			bad = true;
		}
	}
	buf_release(&b);
	return !bad;
}

static bool limit_size(struct exec *e, const struct step *st, const char *key, size_t *out)
{
	double v = (double)*out;

	if (!limit_num(e, st, key, &v))
		return false;
	if (v < 0 || v > 1e9) {
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

static enum verdict eval_bp(struct exec *e, const struct step *st, const struct pair *p,
			    size_t n, json_object *o, char *why, size_t whylen, char *exp, char *obs)
{
	struct acc_bp_limits lim = acc_bp_defaults();
	double table[ACC_TABLE_MAX];
	struct acc_bp_result r;
	size_t nt;
	enum verdict v;

	if (!limit_num(e, st, "max_abs_mean", &lim.max_abs_mean) ||
	    !limit_num(e, st, "max_sd", &lim.max_sd) ||
	    !limit_num(e, st, "c2_bound", &lim.c2_bound) ||
	    !limit_num(e, st, "c2_coverage", &lim.c2_coverage) ||
	    !limit_num(e, st, "loa_z", &lim.loa_z) ||
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
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "loa_low", num(r.loa_low));
	json_object_object_add(o, "loa_high", num(r.loa_high));
	json_object_object_add(o, "criterion1", vjson(r.c1));
	json_object_object_add(o, "criterion2", vjson(r.c2));
	json_object_object_add(o, "subject_sd", num(r.subject_sd));
	json_object_object_add(o, "c2_limit", num(r.c2_limit.limit));
	json_object_object_add(o, "c2_limit_source",
			       json_object_new_string(acc_bp_source_name(r.c2_limit.source)));
	json_object_object_add(o, "limits", NULL);
	{
		json_object *l = json_object_new_object();

		json_object_object_add(l, "max_abs_mean", num(lim.max_abs_mean));
		json_object_object_add(l, "max_sd", num(lim.max_sd));
		json_object_object_add(l, "min_pairs", json_object_new_uint64(lim.min_pairs));
		json_object_object_add(l, "min_subjects", json_object_new_uint64(lim.min_subjects));
		json_object_object_add(o, "limits", l);
	}
	v = st->acc_criterion == 1 ? r.c1 : st->acc_criterion == 2 ? r.c2 : r.verdict;
	json_object_object_add(o, "clause", json_object_new_string(
		st->acc_criterion == 1 ? ACC_BP_CLAUSE_C1 : st->acc_criterion == 2 ? ACC_BP_CLAUSE_C2
		: "ISO 81060-2, criteria 1 and 2"));
	snprintf(why, whylen, "%s", r.why);
	if (st->acc_criterion == 1) {
		snprintf(exp, ACC_TEXT, "|mean| <= %.1f mmHg, SD <= %.1f mmHg", lim.max_abs_mean,
			 lim.max_sd);
		snprintf(obs, ACC_TEXT, "mean %.2f, SD %.2f mmHg (%zu pairs, %zu subjects)",
			 r.diff.bias, r.diff.sd, r.sample.n_pairs, r.sample.n_subjects);
		if (r.c1 != VERDICT_INCONCLUSIVE)
			snprintf(why, whylen, "mean difference %.2f mmHg, SD %.2f mmHg", r.diff.bias,
				 r.diff.sd);
	} else if (st->acc_criterion == 2) {
		if (r.c2_limit.source == ACC_BP_LIMIT_NONE)
			snprintf(exp, ACC_TEXT, "|mean| <= %.1f mmHg (criterion 2 has no limit beyond)",
				 lim.max_abs_mean);
		else
			snprintf(exp, ACC_TEXT, "SD of subject means <= %.2f mmHg (%s at |mean| %.1f)",
				 r.c2_limit.limit, acc_bp_source_name(r.c2_limit.source),
				 r.c2_limit.key);
		snprintf(obs, ACC_TEXT, "SD of %zu subject means %.2f mmHg, mean %.2f",
			 r.n_subject_means, r.subject_sd, r.diff.bias);
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
				 size_t whylen, char *exp, char *obs)
{
	struct acc_glucose_limits lim = acc_glucose_defaults();
	struct acc_glucose_result r;
	json_object *z;

	if (!limit_num(e, st, "threshold", &lim.threshold) ||
	    !limit_num(e, st, "abs_limit", &lim.abs_limit) ||
	    !limit_num(e, st, "rel_limit_pct", &lim.rel_limit_pct) ||
	    !limit_num(e, st, "min_within_pct", &lim.min_within_pct) ||
	    !limit_num(e, st, "min_ab_pct", &lim.min_ab_pct) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.min_subjects))
		return VERDICT_ERROR;
	if (acc_glucose_evaluate(p, n, unit, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated (unit '%s'?)", unit);
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences_mg_dl", diff_json(&r.diff));
	json_object_object_add(o, "n_within", json_object_new_uint64(r.n_within));
	json_object_object_add(o, "within_pct", num(r.within_pct));
	json_object_object_add(o, "within", vjson(r.within));
	z = json_object_new_object();
	for (int k = 0; k < ACC_GLUCOSE_ZONES; k++)
		json_object_object_add(z, acc_glucose_zone_name((enum acc_glucose_zone)k),
				       json_object_new_uint64(r.zone[k]));
	json_object_object_add(o, "zones", z);
	json_object_object_add(o, "ab_pct", num(r.ab_pct));
	json_object_object_add(o, "grid", vjson(r.grid));
	json_object_object_add(o, "clause", json_object_new_string(
		"ISO 15197:2013, system accuracy and consensus error grid"));
	snprintf(why, whylen, "%s", r.why);
	snprintf(exp, ACC_TEXT, ">= %.0f %% within +-%.0f mg/dL / +-%.0f %%, >= %.0f %% in zones A+B",
		 lim.min_within_pct, lim.abs_limit, lim.rel_limit_pct, lim.min_ab_pct);
	snprintf(obs, ACC_TEXT, "%.1f %% within, %.1f %% in A+B (%zu results)", r.within_pct,
		 r.ab_pct, r.sample.n_pairs);
	return r.verdict;
}

static enum verdict eval_spo2(struct exec *e, const struct step *st, const struct pair *p,
			      size_t n, json_object *o, char *why, size_t whylen, char *exp, char *obs)
{
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_result r;
	json_object *d;

	if (!limit_num(e, st, "max_arms", &lim.max_arms) ||
	    !limit_num(e, st, "range_low", &lim.range_low) ||
	    !limit_num(e, st, "range_high", &lim.range_high) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.min_subjects) ||
	    !limit_size(e, st, "min_pairs_per_decade", &lim.min_pairs_per_decade))
		return VERDICT_ERROR;
	if (acc_spo2_evaluate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
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
	json_object_object_add(o, "max_arms", num(lim.max_arms));
	json_object_object_add(o, "clause", json_object_new_string(ACC_SPO2_CLAUSE));
	snprintf(why, whylen, "%s", r.why);
	snprintf(exp, ACC_TEXT, "Arms <= %.1f %% over %.0f-%.0f %%", lim.max_arms, lim.range_low,
		 lim.range_high);
	snprintf(obs, ACC_TEXT, "Arms %.2f %%, bias %.2f, SD %.2f (%zu pairs)", r.overall.arms,
		 r.overall.bias, r.overall.sd, r.sample.n_pairs);
	return r.verdict;
}

static enum verdict eval_pr(struct exec *e, const struct step *st, const struct pair *p,
			    size_t n, json_object *o, char *why, size_t whylen, char *exp, char *obs)
{
	struct acc_spo2_limits lim = acc_spo2_defaults();
	struct acc_spo2_pr_result r;

	/* the step's sample size is the pulse rate's own (no study default) */
	if (!limit_num(e, st, "max_pr_arms", &lim.max_pr_arms) ||
	    !limit_size(e, st, "min_pairs", &lim.pr_min_pairs) ||
	    !limit_size(e, st, "min_subjects", &lim.pr_min_subjects))
		return VERDICT_ERROR;
	if (acc_spo2_pulse_rate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "max_pr_arms", num(lim.max_pr_arms));
	json_object_object_add(o, "clause", json_object_new_string(ACC_SPO2_PR_CLAUSE));
	snprintf(why, whylen, "%s", r.why);
	if (lim.max_pr_arms > 0)
		snprintf(exp, ACC_TEXT, "Arms <= %.1f bpm", lim.max_pr_arms);
	else
		snprintf(exp, ACC_TEXT, "reported (no limit set)");
	snprintf(obs, ACC_TEXT, "Arms %.2f bpm (%zu pairs)", r.diff.arms, r.sample.n_pairs);
	/* reported, not judged, when no limit is set */
	return r.verdict == VERDICT_NONE ? VERDICT_PASS : r.verdict;
}

static enum verdict eval_tol(struct exec *e, const struct step *st, const struct pair *p,
			     size_t n, bool hr, json_object *o, char *why, size_t whylen,
			     char *exp, char *obs)
{
	struct acc_tol_limits lim = hr ? acc_tol_hr_defaults() : acc_tol_temp_defaults();
	struct acc_tol_result r;

	if (!limit_num(e, st, "abs_limit", &lim.abs_limit) ||
	    !limit_num(e, st, "rel_limit_pct", &lim.rel_limit_pct) ||
	    !limit_size(e, st, "min_pairs", &lim.min_pairs))
		return VERDICT_ERROR;
	if (acc_tol_evaluate(p, n, &lim, &r))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "accuracy: the pairs cannot be evaluated");
	add_sample(o, &r.sample);
	json_object_object_add(o, "differences", diff_json(&r.diff));
	json_object_object_add(o, "n_within", json_object_new_uint64(r.n_within));
	json_object_object_add(o, "abs_limit", num(lim.abs_limit));
	json_object_object_add(o, "rel_limit_pct", num(lim.rel_limit_pct));
	json_object_object_add(o, "worst_excess", num(r.worst_excess));
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

static json_object *criterion(const char *name, const char *clause, const char *verdict,
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
static void report_shape(json_object *o, const struct step *st, const struct pair_set *set,
			 const struct pair *p, size_t n, const char *path, const char *exp,
			 const char *obs, enum verdict v)
{
	static const struct { const char *method, *kind, *standard; } kinds[] = {
		{ "iso81060-2", "bp", "ISO 81060-2" }, { "iso15197", "glucose", "ISO 15197:2013" },
		{ "iso80601-2-61", "spo2", "ISO 80601-2-61" },
		{ "pulse-rate", "pulse_rate", "ISO 80601-2-61" },
		{ "heart-rate", "heart_rate", "IEC 60601-2-27 / ANSI/AAMI EC13" },
		{ "temperature", "temperature", "ISO 80601-2-56" },
	};
	json_object *stats = json_object_new_object(), *crit = json_object_new_array(), *d, *x;
	const char *kind = st->acc_method, *standard = st->acc_method;
	char hex[SHA256_HEX_LEN + 1];

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].method, st->acc_method)) {
			kind = kinds[i].kind;
			standard = kinds[i].standard;
		}
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
		json_object_array_add(crit, criterion("criterion 1", ACC_BP_CLAUSE_C1,
			json_object_get_string(json_object_object_get(o, "criterion1")),
			st->acc_criterion == 1 ? obs : "", st->acc_criterion == 1 ? exp : ""));
		json_object_array_add(crit, criterion("criterion 2", ACC_BP_CLAUSE_C2,
			json_object_get_string(json_object_object_get(o, "criterion2")),
			st->acc_criterion == 2 ? obs : "", st->acc_criterion == 2 ? exp : ""));
	} else {
		json_object_array_add(crit, criterion(standard, json_object_get_string(
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
	struct profile_data live = { 0 };
	const char *unit = st->acc_unit;
	struct pair *p = NULL;
	struct diag d;
	json_object *o;
	char why[ACC_WHY_MAX + 128] = "", exp[ACC_TEXT] = "", obs[ACC_TEXT] = "";
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
	if (!strcmp(st->acc_method, "iso81060-2"))
		v = eval_bp(e, st, p, n, o, why, sizeof(why), exp, obs);
	else if (!strcmp(st->acc_method, "iso15197"))
		v = eval_glucose(e, st, p, n, unit, o, why, sizeof(why), exp, obs);
	else if (!strcmp(st->acc_method, "iso80601-2-61"))
		v = eval_spo2(e, st, p, n, o, why, sizeof(why), exp, obs);
	else if (!strcmp(st->acc_method, "pulse-rate"))
		v = eval_pr(e, st, p, n, o, why, sizeof(why), exp, obs);
	else
		v = eval_tol(e, st, p, n, !strcmp(st->acc_method, "heart-rate"), o, why, sizeof(why),
			     exp, obs);
	if (v == VERDICT_ERROR) {
		json_object_put(o);
		free(p);
		return VERDICT_ERROR;
	}
	if (pd->calibration_due && calibration_expired(pd->calibration_due) &&
	    v != VERDICT_INCONCLUSIVE) {
		size_t k = strlen(why);

		snprintf(why + k, sizeof(why) - k,
			 "%sinconclusive: the reference instrument's calibration was due %s",
			 k ? "; " : "", pd->calibration_due);
		v = VERDICT_INCONCLUSIVE;
	}
	json_object_object_add(o, "verdict", vjson(v));
	json_object_object_add(o, "why", json_object_new_string(why));
	report_shape(o, st, pd->set, p, n, pd->path, exp, obs, v);
	json_object_array_add(e->accuracy, o);
	free(p);
	json_object_object_add(o, "expected", json_object_new_string(exp));
	json_object_object_add(o, "observed", json_object_new_string(obs));
	return exec_decide(e, v, exp, obs, 0, 0, "%s: %s",
			   json_object_get_string(json_object_object_get(o, "clause")), why);
}

/* ---- ECG: beat-by-beat comparison (ANSI/AAMI EC57, as WFDB's bxb) ---- */

static bool ecg_param(struct exec *e, const struct step *st, const char *key, double *out)
{
	return limit_num(e, st, key, out);
}

static json_object *times_json(const double *t, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_double(round(t[i] * 1e4) / 1e4));
	return a;
}

/* The beat annotations of a WFDB record (RECORD.hea, RECORD.atr) as a
 * reference record: only its R-peak times are used. */
static int record_beats(const char *record, struct ecgsyn_record **out, char *err,
			size_t errlen)
{
	char path[4096];
	struct wfdb_header *h = NULL;
	struct wfdb_annset *a = NULL;
	struct ecgsyn_record *r = calloc(1, sizeof(*r));
	int rc = CC_ENOMEM;

	snprintf(path, sizeof(path), "%s.hea", record);
	if (r && !(rc = wfdb_header_read(path, &h, err, errlen))) {
		snprintf(path, sizeof(path), "%s.atr", record);
		if (!(rc = wfdb_ann_read(path, &a, err, errlen)))
			rc = wfdb_ann_beat_times(a, h->fs, &r->r_time, &r->npeaks);
	}
	wfdb_annset_free(a);
	wfdb_header_free(h);
	if (rc) {
		ecgsyn_record_free(r);
		return rc;
	}
	*out = r;
	return CC_OK;
}

enum verdict exec_ecg_step(struct exec *e, const struct step *st)
{
	const struct exec_list *l = NULL;
	struct ecgsyn_params p;
	struct ecgsyn_record *rec = NULL;
	struct beatcmp_opts o;
	struct beatcmp_result r;
	double seed, min_se = 99, min_ppv = 99;
	char err[256], exp[ACC_TEXT], obs[ACC_TEXT], why[ACC_TEXT + 64];
	json_object *a;
	enum verdict v;

	for (size_t i = 0; i < e->nlists; i++)
		if (!strcmp(e->lists[i].name, st->name))
			l = &e->lists[i];
	ecgsyn_params_default(&p);
	beatcmp_opts_default(&o);
	o.start = 0;
	seed = (double)p.seed;
	if (!ecg_param(e, st, "hr", &p.hr_mean) || !ecg_param(e, st, "hr_std", &p.hr_std) ||
	    !ecg_param(e, st, "noise", &p.noise) || !ecg_param(e, st, "duration", &p.duration) ||
	    !ecg_param(e, st, "fs", &p.fs) || !ecg_param(e, st, "seed", &seed) ||
	    !ecg_param(e, st, "window", &o.window) || !ecg_param(e, st, "start", &o.start) ||
	    !ecg_param(e, st, "min_se", &min_se) || !ecg_param(e, st, "min_ppv", &min_ppv))
		return VERDICT_ERROR;
	if (o.window > 10) /* given in ms */
		o.window /= 1000;
	p.seed = (uint64_t)seed;
	/* the stimulus: the same synthetic ECG the device was fed, or the
	 * annotated record it was played */
	if (st->data ? record_beats(st->data, &rec, err, sizeof(err))
		     : ecgsyn_generate(&p, &rec, err, sizeof(err)))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: reference ECG: %s",
				   err);
	if (beatcmp_run(&o, rec->r_time, rec->npeaks, l ? l->v : NULL, l ? l->n : 0, NULL, NULL,
			&r)) {
		ecgsyn_record_free(rec);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "beat comparison failed (beat times not finite or not ordered?)");
	}
	v = !isnan(r.se) && !isnan(r.ppv) && r.se * 100 >= min_se - ACC_EPS &&
		    r.ppv * 100 >= min_ppv - ACC_EPS
		    ? VERDICT_PASS
		    : VERDICT_FAIL;
	snprintf(exp, sizeof(exp), "Se >= %g %%, +P >= %g %% (match window %g ms)", min_se,
		 min_ppv, o.window * 1000);
	snprintf(obs, sizeof(obs), "Se %.2f %%, +P %.2f %% (TP %zu, FN %zu, FP %zu)",
		 r.se * 100, r.ppv * 100, r.tp, r.fn, r.fp);
	snprintf(why, sizeof(why), "%zu reference beats, %zu reported: %s", rec->npeaks,
		 l ? l->n : 0, obs);
	a = json_object_new_object();
	json_object_object_add(a, "method", json_object_new_string("ec57-bxb"));
	json_object_object_add(a, "clause", json_object_new_string(
		"ANSI/AAMI EC57, beat-by-beat comparison"));
	json_object_object_add(a, "reference", json_object_new_string(st->data ? st->data
									       : "ECGSYN (synthetic)"));
	if (!st->data) { /* the synthetic stimulus, to regenerate it */
		json_object_object_add(a, "hr", num(p.hr_mean));
		json_object_object_add(a, "hr_std", num(p.hr_std));
		json_object_object_add(a, "noise_mv", num(p.noise));
		json_object_object_add(a, "duration_s", num(p.duration));
		json_object_object_add(a, "seed", json_object_new_uint64(p.seed));
	}
	json_object_object_add(a, "window_s", num(o.window));
	json_object_object_add(a, "tp", json_object_new_uint64(r.tp));
	json_object_object_add(a, "fn", json_object_new_uint64(r.fn));
	json_object_object_add(a, "fp", json_object_new_uint64(r.fp));
	json_object_object_add(a, "se", num(r.se));
	json_object_object_add(a, "ppv", num(r.ppv));
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", vjson(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	{
		json_object *stats = json_object_new_object(), *crit = json_object_new_array();

		json_object_object_add(a, "standard", json_object_new_string("ANSI/AAMI EC57"));
		json_object_object_add(stats, "n_reference_beats", json_object_new_uint64(rec->npeaks));
		json_object_object_add(stats, "n_reported_beats", json_object_new_uint64(l ? l->n : 0));
		json_object_object_add(stats, "tp", json_object_new_uint64(r.tp));
		json_object_object_add(stats, "fn", json_object_new_uint64(r.fn));
		json_object_object_add(stats, "fp", json_object_new_uint64(r.fp));
		json_object_object_add(stats, "se_pct", num(r.se * 100));
		json_object_object_add(stats, "ppv_pct", num(r.ppv * 100));
		json_object_object_add(a, "statistics", stats);
		json_object_array_add(crit, criterion("beat by beat", "ANSI/AAMI EC57",
						      verdict_name(v), obs, exp));
		json_object_object_add(a, "criteria", crit);
	}
	json_object_object_add(a, "reference_beats", times_json(rec->r_time, rec->npeaks));
	json_object_object_add(a, "test_beats", times_json(l ? l->v : NULL, l ? l->n : 0));
	json_object_array_add(e->accuracy, a);
	ecgsyn_record_free(rec);
	return exec_decide(e, v, exp, obs, 0, 0, "ANSI/AAMI EC57 beat by beat: %s", why);
}

/* ---- heart-rate response time to a rate step (ANSI/AAMI EC13) ---- */

static const struct exec_list *find_list(const struct exec *e, const char *name)
{
	for (size_t i = 0; name && i < e->nlists; i++)
		if (!strcmp(e->lists[i].name, name))
			return &e->lists[i];
	return NULL;
}

enum verdict exec_hr_response_step(struct exec *e, const struct step *st)
{
	const struct exec_list *lt = find_list(e, st->list_t), *lv = find_list(e, st->list_v);
	struct acc_tol_limits lim = acc_tol_hr_defaults();
	double step_at = NAN, from = NAN, to = NAN, max = NAN;
	char exp[ACC_TEXT], obs[ACC_TEXT], why[ACC_TEXT + 128];
	struct hrresp_result r;
	size_t n = lt ? lt->n : 0;
	json_object *a, *stats, *crit, *rep;
	enum verdict v;

	if (!ecg_param(e, st, "step_at", &step_at) || !ecg_param(e, st, "from", &from) ||
	    !ecg_param(e, st, "to", &to) || !ecg_param(e, st, "max", &max) ||
	    !ecg_param(e, st, "abs_limit", &lim.abs_limit) ||
	    !ecg_param(e, st, "rel_limit_pct", &lim.rel_limit_pct))
		return VERDICT_ERROR;
	if (!isfinite(step_at) || !isfinite(to) || !(max > 0))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: hr_response needs step_at, to and a max above 0");
	if ((lv ? lv->n : 0) != n)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: lists %s (%zu) and %s (%zu) differ in length",
				   st->list_t, n, st->list_v, lv ? lv->n : 0);
	if (hrresp_compute(n ? lt->v : NULL, n ? lv->v : NULL, n, step_at, to, &lim, &r)) {
		if (!(lim.abs_limit >= 0 && lim.rel_limit_pct >= 0))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "suite: hr_response tolerance must not be negative");
		/* the device's times went back: its reports cannot be read */
		return exec_decide(e, VERDICT_FAIL, "report times in order", "times going back",
				   0, 0, "heart-rate reports out of time order");
	}
	snprintf(exp, sizeof(exp),
		 "within %.4g...%.4g bpm for good <= %g s after the step to %g bpm at %g s",
		 r.band_low, r.band_high, max, to, step_at);
	if (r.status == HRRESP_SETTLED)
		snprintf(obs, sizeof(obs), "settled %.3f s after the step (report at %.3f s)",
			 r.response, lt->v[r.settle_index]);
	else if (r.status == HRRESP_NOT_SETTLED)
		snprintf(obs, sizeof(obs), "not settled: %.4g bpm shown at %.3f s, the last report",
			 lv->v[n - 1], r.last_time);
	else
		snprintf(obs, sizeof(obs), "no heart rate shown after %g s", step_at);
	if (r.status == HRRESP_SETTLED && r.response > max + ACC_EPS) {
		v = VERDICT_FAIL;
		snprintf(why, sizeof(why), "response time %.3f s over %g s", r.response, max);
	} else if (r.status != HRRESP_NO_REPORTS && r.last_time < step_at + max - ACC_EPS) {
		/* reports end before the limit: staying in the band, or
		 * entering it in time, cannot be shown */
		v = VERDICT_INCONCLUSIVE;
		snprintf(why, sizeof(why),
			 "the reports end %.3f s after the step, before the %g s limit: %s",
			 r.last_time - step_at, max, obs);
	} else if (r.status == HRRESP_SETTLED) {
		v = VERDICT_PASS;
		snprintf(why, sizeof(why), "response time %.3f s", r.response);
	} else {
		v = VERDICT_FAIL;
		if (r.status == HRRESP_NOT_SETTLED)
			snprintf(why, sizeof(why), "the shown rate is still outside %.4g...%.4g bpm "
				 "%.3f s after the step", r.band_low, r.band_high,
				 r.last_time - step_at);
		else
			snprintf(why, sizeof(why), "%s", obs);
	}
	/* the times have 1 ms resolution: drop the binary noise of the difference */
	r.response = round(r.response * 1e6) / 1e6;
	if (st->name && r.status == HRRESP_SETTLED)
		exec_measurement_max(e, st->name, r.response, "s", max, v);

	a = json_object_new_object();
	json_object_object_add(a, "method", json_object_new_string("hr-response"));
	json_object_object_add(a, "standard", json_object_new_string("ANSI/AAMI EC13"));
	json_object_object_add(a, "clause", json_object_new_string(
		"ANSI/AAMI EC13, response time to a change in heart rate (definition and limit: suite, unconfirmed)"));
	json_object_object_add(a, "unit", json_object_new_string("s"));
	json_object_object_add(a, "from_bpm", num(from));
	json_object_object_add(a, "to_bpm", num(to));
	json_object_object_add(a, "step_at_s", num(step_at));
	json_object_object_add(a, "abs_limit", num(lim.abs_limit));
	json_object_object_add(a, "rel_limit_pct", num(lim.rel_limit_pct));
	json_object_object_add(a, "max_s", num(max));
	json_object_object_add(a, "status", json_object_new_string(hrresp_status_name(r.status)));
	json_object_object_add(a, "response_s", num(r.response));
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", vjson(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	stats = json_object_new_object();
	json_object_object_add(stats, "response_s", num(r.response));
	json_object_object_add(stats, "band_low_bpm", num(r.band_low));
	json_object_object_add(stats, "band_high_bpm", num(r.band_high));
	json_object_object_add(stats, "n_reports_after_step", json_object_new_uint64(r.n_after));
	json_object_object_add(stats, "last_outside_s", num(r.last_outside));
	json_object_object_add(stats, "last_report_s", num(r.last_time));
	json_object_object_add(a, "statistics", stats);
	crit = json_object_new_array();
	json_object_array_add(crit, criterion("response time", "ANSI/AAMI EC13", verdict_name(v),
					      obs, exp));
	json_object_object_add(a, "criteria", crit);
	/* the series that decided it: [time, shown rate] */
	rep = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *x = json_object_new_array();

		json_object_array_add(x, json_object_new_double(lt->v[i]));
		json_object_array_add(x, json_object_new_double(lv->v[i]));
		json_object_array_add(rep, x);
	}
	json_object_object_add(a, "reports", rep);
	json_object_array_add(e->accuracy, a);
	return exec_decide(e, v, exp, obs, 0, 0, "ANSI/AAMI EC13 response time %g -> %g bpm: %s",
			   from, to, why);
}
