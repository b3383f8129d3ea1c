/* SPDX-License-Identifier: MIT */
/*
 * Running the care steps: the device's report is the JSON body of the
 * last HTTP exchange (its location given by `from`), judged against the
 * scripted day the suite names. Each step puts one evaluation into the
 * case's `accuracy` (docs/behaviour-monitoring.md has the shape); a figure
 * with no limit is reported, not judged.
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "accuracy/acc-tol.h"
#include "base/err.h"
#include "base/fileio.h"
#include "care/care-steps.h"
#include "care/carerep.h"
#include "care/carestat.h"
#include "http/http.h"
#include "http/jpath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARE_JSON_DEPTH 32
#define CARE_STANDARD                                                          \
	"carecert behaviour monitoring (elderly-care.md; limits: suite, "      \
	"unconfirmed)"

static bool care_param(struct exec *e, const struct step *st, const char *key,
		       const char *data_unit, double *out)
{
	const struct unit_param *t =
	    st->kind == STEP_ACTIVITY_COMPARE ? activity_compare_params
	    : st->kind == STEP_EVENT_COMPARE  ? event_compare_params
					      : vitals_compare_params;

	return acc_param_num(e, st, t, data_unit, key, out);
}

/* The report object the step judges: parsed from the last exchange's
 * body (the caller puts *doc), located by `from`; NULL after a verdict. */
static json_object *report_of(struct exec *e, const struct step *st,
			      json_object **doc, uint64_t *seq)
{
	const struct http_response *r = e->http_last;
	struct jpath_scratch sc = {0};
	json_tokener *tok;
	json_object *o = NULL;

	*doc = NULL;
	*seq = 0;
	if (!r)
		return exec_decide(
			   e, VERDICT_ERROR, NULL, NULL, 0, 0,
			   "suite: %s needs an HTTP exchange before it "
			   "(http_request or "
			   "http_receive) whose body is the device's report",
			   step_kind_name(st->kind)),
		       NULL;
	*seq = r->rx_seq;
	if (r->outcome != HTTP_OUT_RESPONSE || !r->body.len)
		return exec_decide(
			   e, VERDICT_FAIL, "the device's report (JSON)",
			   "no body", *seq, *seq,
			   "no report to judge: the last exchange has no body"),
		       NULL;
	if (!(tok = json_tokener_new_ex(CARE_JSON_DEPTH)))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory"),
		       NULL;
	*doc = json_tokener_parse_ex(tok, (const char *)r->body.data,
				     (int)r->body.len);
	if (!*doc || json_tokener_get_error(tok) != json_tokener_success) {
		json_tokener_free(tok);
		json_object_put(*doc);
		*doc = NULL;
		return exec_decide(e, VERDICT_FAIL,
				   "the device's report (JSON)", "not JSON",
				   *seq, *seq,
				   "the device's report is not JSON"),
		       NULL;
	}
	json_tokener_free(tok);
	if (jpath_get(*doc, st->care->from, &o, &sc) ||
	    !json_object_is_type(o, json_type_object))
		o = NULL;
	jpath_scratch_release(&sc);
	if (!o)
		exec_decide(e, VERDICT_FAIL, "a report object", "none", *seq,
			    *seq, "the device's report has no object at '%s'",
			    st->care->from);
	return o;
}

static json_object *member(json_object *o, const char *k)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

/* What every care evaluation carries: the day (file, hash, length) and
 * the device's stated time compression. */
static json_object *entry_new(const struct step *st, const char *method,
			      json_object *rep)
{
	json_object *a = json_object_new_object(),
		    *d = json_object_new_object(), *ts;
	char hex[SHA256_HEX_LEN + 1];
	double scale;

	json_object_object_add(a, "method", json_object_new_string(method));
	json_object_object_add(a, "standard",
			       json_object_new_string(CARE_STANDARD));
	json_object_object_add(d, "file",
			       json_object_new_string(st->care->day_path));
	json_object_object_add(d, "sha256",
			       sha256_file(st->care->day_path, hex)
				   ? NULL
				   : json_object_new_string(hex));
	json_object_object_add(d, "length_s", acc_json_num(st->care->day->end));
	json_object_object_add(d, "segments",
			       json_object_new_uint64(st->care->day->n));
	json_object_object_add(a, "day", d);
	/* a simulated device plays the day faster than real time: say so */
	ts = member(rep, "time_scale");
	scale = ts && (json_object_is_type(ts, json_type_double) ||
		       json_object_is_type(ts, json_type_int))
		    ? json_object_get_double(ts)
		    : NAN;
	json_object_object_add(
	    a, "time_scale",
	    acc_json_num(isfinite(scale) && scale > 0 ? scale : NAN));
	json_object_object_add(
	    a, "source", json_object_get(json_object_object_get(a, "day")));
	return a;
}

static void entry_end(struct exec *e, json_object *a, enum verdict v,
		      const char *exp, const char *obs, const char *why,
		      json_object *crit, json_object *stats)
{
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	json_object_object_add(a, "criteria", crit);
	json_object_object_add(a, "statistics", stats);
	json_object_array_add(e->accuracy, a);
}

/* One limit against a figure: appends a criterion, worsens *v. A figure
 * that is undefined (NaN) where a limit is set cannot be judged. */
static void judge(json_object *crit, enum verdict *v, char *why, size_t whylen,
		  const char *name, double fig, double limit, bool at_least,
		  const char *unit)
{
	char obs[64], lim[64];
	enum verdict cv;

	if (isnan(limit))
		return;
	snprintf(obs, sizeof(obs), "%.4g%s%s", fig, unit[0] ? " " : "", unit);
	snprintf(lim, sizeof(lim), "%s %g%s%s", at_least ? ">=" : "<=", limit,
		 unit[0] ? " " : "", unit);
	if (isnan(fig))
		cv = VERDICT_INCONCLUSIVE;
	else if (at_least ? fig >= limit - ACC_EPS : fig <= limit + ACC_EPS)
		cv = VERDICT_PASS;
	else
		cv = VERDICT_FAIL;
	json_object_array_add(crit,
			      acc_json_criterion(name, CARE_STANDARD,
						 verdict_name(cv), obs, lim));
	if (cv != VERDICT_PASS) {
		acc_why_add(why, whylen, "%s %s, %s %s", name,
			    cv == VERDICT_FAIL ? obs : "undefined", "limit",
			    lim);
		if (cv == VERDICT_FAIL || *v == VERDICT_PASS)
			*v = cv;
	}
}

/* "name OP limit" appended to an expected text, only for limits that
 * are set. */
static void exp_add(char *exp, size_t len, const char *name, const char *op,
		    double limit, const char *unit)
{
	if (isnan(limit))
		return;
	acc_why_add(exp, len, "%s %s %g%s%s", name, op, limit,
		    unit[0] ? " " : "", unit);
}

/* ---- activity_compare ---- */

static json_object *matrix_json(const struct cmx *c)
{
	json_object *rows = json_object_new_array();

	for (int i = 0; i < CARE_NACT; i++) {
		json_object *r = json_object_new_array();

		for (int j = 0; j < CMX_N; j++)
			json_object_array_add(
			    r, json_object_new_uint64(c->m[i][j]));
		json_object_array_add(rows, r);
	}
	return rows;
}

enum verdict exec_activity_compare(struct exec *e, const struct step *st)
{
	double epoch = 60, min_acc = NAN, min_kappa = NAN, min_recall = NAN,
	       min_prec = NAN;
	json_object *doc, *rep, *a, *crit, *stats, *cls, *pc;
	enum care_activity *act = NULL;
	double *t = NULL;
	size_t n;
	uint64_t seq;
	char err[256], exp[ACC_TEXT], obs[ACC_TEXT], why[ACC_WHY_MAX] = "";
	struct care_track tr;
	struct cmx c;
	struct cmx_figures f;
	enum verdict v = VERDICT_PASS;

	if (!care_param(e, st, "epoch", "", &epoch) ||
	    !care_param(e, st, "min_accuracy", "", &min_acc) ||
	    !care_param(e, st, "min_kappa", "", &min_kappa) ||
	    !care_param(e, st, "min_recall", "", &min_recall) ||
	    !care_param(e, st, "min_precision", "", &min_prec))
		return VERDICT_ERROR;
	if (!(rep = report_of(e, st, &doc, &seq))) {
		json_object_put(doc);
		return e->verdict;
	}
	if (carerep_activity(member(rep, "activity"), &t, &act, &n, err,
			     sizeof(err))) {
		json_object_put(doc);
		return exec_decide(
		    e, VERDICT_FAIL, "activity: state changes in time order",
		    err, seq, seq, "the device's activity report: %s", err);
	}
	tr = (struct care_track){t, act, n};
	if (cmx_from_day(st->care->day, &tr, epoch, &c)) {
		free(t);
		free(act);
		json_object_put(doc);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: epoch %g s does not divide the day "
				   "into at most 10^7 "
				   "epochs",
				   epoch);
	}
	cmx_figures(&c, &f);
	crit = json_object_new_array();
	judge(crit, &v, why, sizeof(why), "accuracy", f.accuracy * 100, min_acc,
	      true, "%");
	judge(crit, &v, why, sizeof(why), "Cohen's kappa", f.kappa, min_kappa,
	      true, "");
	pc = json_object_new_array();
	cls = json_object_new_array();
	for (int i = 0; i < CMX_N; i++)
		json_object_array_add(
		    cls, json_object_new_string(care_activity_name(i)));
	for (int i = 0; i < CARE_NACT; i++) {
		json_object *o = json_object_new_object();
		char name[64];

		json_object_object_add(
		    o, "class", json_object_new_string(care_activity_name(i)));
		json_object_object_add(o, "n_true",
				       json_object_new_uint64(f.row[i]));
		json_object_object_add(o, "n_device",
				       json_object_new_uint64(f.col[i]));
		json_object_object_add(o, "recall_pct",
				       acc_json_num(f.recall[i] * 100));
		json_object_object_add(o, "precision_pct",
				       acc_json_num(f.precision[i] * 100));
		json_object_array_add(pc, o);
		/* a class the day never holds has no recall to judge; one the
		 * device never says, no precision */
		snprintf(name, sizeof(name), "recall %s",
			 care_activity_name(i));
		if (f.row[i])
			judge(crit, &v, why, sizeof(why), name,
			      f.recall[i] * 100, min_recall, true, "%");
		snprintf(name, sizeof(name), "precision %s",
			 care_activity_name(i));
		if (f.col[i])
			judge(crit, &v, why, sizeof(why), name,
			      f.precision[i] * 100, min_prec, true, "%");
	}
	exp[0] = 0;
	exp_add(exp, sizeof(exp), "accuracy", ">=", min_acc, "%");
	exp_add(exp, sizeof(exp), "kappa", ">=", min_kappa, "");
	exp_add(exp, sizeof(exp), "recall", ">=", min_recall, "%");
	exp_add(exp, sizeof(exp), "precision", ">=", min_prec, "%");
	if (!exp[0])
		snprintf(exp, sizeof(exp), "reported (no limit set)");
	snprintf(obs, sizeof(obs),
		 "accuracy %.2f %%, kappa %.3f over %zu epochs of %g s",
		 f.accuracy * 100, f.kappa, c.total, epoch);
	if (v == VERDICT_PASS)
		snprintf(why, sizeof(why), "%s", obs);
	a = entry_new(st, "activity", rep);
	json_object_object_add(
	    a, "clause",
	    json_object_new_string(
		"activity recognition: confusion matrix, recall, precision, "
		"accuracy, Cohen's kappa"));
	json_object_object_add(a, "epoch_s", acc_json_num(epoch));
	json_object_object_add(a, "classes", cls);
	json_object_object_add(a, "confusion", matrix_json(&c));
	json_object_object_add(a, "per_class", pc);
	json_object_object_add(a, "n_changes", json_object_new_uint64(n));
	stats = json_object_new_object();
	json_object_object_add(stats, "n_epochs",
			       json_object_new_uint64(c.total));
	json_object_object_add(stats, "accuracy_pct",
			       acc_json_num(f.accuracy * 100));
	json_object_object_add(stats, "kappa", acc_json_num(f.kappa));
	json_object_object_add(stats, "chance_agreement", acc_json_num(f.pe));
	entry_end(e, a, v, exp, obs, why, crit, stats);
	free(t);
	free(act);
	json_object_put(doc);
	return exec_decide(e, v, exp, obs, seq, seq,
			   "activity against the scripted day: %s", why);
}

/* ---- event_compare ---- */

static json_object *nums_json(const double *x, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a,
				      acc_json_num(round(x[i] * 1000) / 1000));
	return a;
}

enum verdict exec_event_compare(struct exec *e, const struct step *st)
{
	struct care_event_rules rules = {.inactivity_after = 120,
					 .bathroom_max = 1800};
	double window = 300, early = 5, min_det = NAN, max_lat = NAN,
	       max_false = NAN;
	const char *ev = care_event_name(st->care->event);
	json_object *doc, *rep, *a, *crit, *stats, *m;
	double *truth = NULL, *dev = NULL;
	size_t nt, nd, other;
	uint64_t seq;
	char err[256], exp[ACC_TEXT], obs[ACC_TEXT], why[ACC_WHY_MAX] = "",
						     lims[ACC_TEXT];
	struct evmatch_result r;
	enum verdict v = VERDICT_PASS;

	if (!care_param(e, st, "inactivity_after", "",
			&rules.inactivity_after) ||
	    !care_param(e, st, "bathroom_max", "", &rules.bathroom_max) ||
	    !care_param(e, st, "window", "", &window) ||
	    !care_param(e, st, "early", "", &early) ||
	    !care_param(e, st, "min_detection", "", &min_det) ||
	    !care_param(e, st, "max_latency", "", &max_lat) ||
	    !care_param(e, st, "max_false_per_day", "", &max_false))
		return VERDICT_ERROR;
	if (care_true_events(st->care->day, st->care->event, &rules, &truth,
			     &nt))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: inactivity_after and bathroom_max "
				   "must not be negative");
	if (!(rep = report_of(e, st, &doc, &seq))) {
		free(truth);
		json_object_put(doc);
		return e->verdict;
	}
	if (carerep_events(member(rep, "events"), st->care->event, &dev, &nd,
			   &other, err, sizeof(err))) {
		free(truth);
		json_object_put(doc);
		return exec_decide(e, VERDICT_FAIL,
				   "events: a list of {t, type}", err, seq, seq,
				   "the device's event report: %s", err);
	}
	if (evmatch_run(truth, nt, dev, nd, early, window, st->care->day->end,
			&r)) {
		free(truth);
		free(dev);
		json_object_put(doc);
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: window must be above 0 and early not negative");
	}
	crit = json_object_new_array();
	judge(crit, &v, why, sizeof(why), "detection ratio",
	      r.detection_ratio * 100, min_det, true, "%");
	judge(crit, &v, why, sizeof(why), "latency (max)", r.lat_max,
	      r.tp ? max_lat : NAN, false, "s");
	judge(crit, &v, why, sizeof(why), "false events per day",
	      r.false_per_day, max_false, false, "");
	lims[0] = 0;
	exp_add(lims, sizeof(lims), "detected", ">=", min_det, "%");
	exp_add(lims, sizeof(lims), "latency", "<=", max_lat, "s");
	exp_add(lims, sizeof(lims), "false a day", "<=", max_false, "");
	snprintf(exp, sizeof(exp), "%s, matched within %g s: %s", ev, window,
		 lims[0] ? lims : "reported (no limit set)");
	if (r.tp)
		snprintf(obs, sizeof(obs),
			 "%zu of %zu detected, latency max %.1f s, %zu false "
			 "(%.2f a day)",
			 r.tp, r.n_true, r.lat_max, r.fp, r.false_per_day);
	else
		snprintf(obs, sizeof(obs),
			 "%zu of %zu detected, %zu false (%.2f a day)", r.tp,
			 r.n_true, r.fp, r.false_per_day);
	if (v == VERDICT_PASS)
		snprintf(why, sizeof(why), "%s", obs);
	a = entry_new(st, "events", rep);
	json_object_object_add(
	    a, "clause",
	    json_object_new_string("event detection: detection ratio, latency "
				   "from the true event, false events a day"));
	json_object_object_add(a, "event", json_object_new_string(ev));
	json_object_object_add(a, "inactivity_after_s",
			       acc_json_num(rules.inactivity_after));
	json_object_object_add(a, "bathroom_max_s",
			       acc_json_num(rules.bathroom_max));
	json_object_object_add(a, "window_s", acc_json_num(window));
	json_object_object_add(a, "early_s", acc_json_num(early));
	json_object_object_add(a, "true_times_s", nums_json(truth, nt));
	json_object_object_add(a, "device_times_s", nums_json(dev, nd));
	m = json_object_new_array();
	for (size_t i = 0; i < nt; i++)
		json_object_array_add(m, r.match[i] >= 0
					     ? json_object_new_int64(r.match[i])
					     : NULL);
	json_object_object_add(a, "matches", m);
	json_object_object_add(a, "latencies_s", nums_json(r.latency, r.tp));
	json_object_object_add(a, "other_events",
			       json_object_new_uint64(other));
	stats = json_object_new_object();
	json_object_object_add(stats, "n_true",
			       json_object_new_uint64(r.n_true));
	json_object_object_add(stats, "n_device",
			       json_object_new_uint64(r.n_device));
	json_object_object_add(stats, "tp", json_object_new_uint64(r.tp));
	json_object_object_add(stats, "fn", json_object_new_uint64(r.fn));
	json_object_object_add(stats, "fp", json_object_new_uint64(r.fp));
	json_object_object_add(stats, "detection_pct",
			       acc_json_num(r.detection_ratio * 100));
	json_object_object_add(stats, "false_per_day",
			       acc_json_num(r.false_per_day));
	json_object_object_add(stats, "latency_p50_s", acc_json_num(r.lat_p50));
	json_object_object_add(stats, "latency_p95_s", acc_json_num(r.lat_p95));
	json_object_object_add(stats, "latency_max_s", acc_json_num(r.lat_max));
	entry_end(e, a, v, exp, obs, why, crit, stats);
	evmatch_release(&r);
	free(truth);
	free(dev);
	json_object_put(doc);
	return exec_decide(e, v, exp, obs, seq, seq,
			   "%s events against the scripted day: %s", ev, why);
}

/* ---- vitals_compare ---- */

enum verdict exec_vitals_compare(struct exec *e, const struct step *st)
{
	bool hr = !strcmp(st->care->quantity, "hr");
	const char *unit = hr ? "bpm" : "/min";
	/* heart rate: accuracy.md's rule; breathing rate: +-2 /min or 10 %
	 * (elderly-care.md, unconfirmed) */
	struct acc_tol_limits lim =
	    hr ? acc_tol_hr_defaults() : (struct acc_tol_limits){2, 10, 1};
	double min_pairs = 1;
	json_object *doc, *rep, *a, *crit, *stats, *pairs, *band;
	double *t = NULL, *val = NULL;
	size_t n, np = 0, unref = 0;
	struct pair *p = NULL;
	struct acc_tol_result r;
	uint64_t seq;
	char err[256], exp[ACC_TEXT], obs[ACC_TEXT];
	enum verdict v;

	if (!care_param(e, st, "abs_limit", unit, &lim.abs_limit) ||
	    !care_param(e, st, "rel_limit_pct", unit, &lim.rel_limit_pct) ||
	    !care_param(e, st, "min_pairs", "", &min_pairs))
		return VERDICT_ERROR;
	if (!(min_pairs >= 1 && min_pairs <= 1e6 &&
	      min_pairs == floor(min_pairs)))
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: min_pairs must be a whole number from 1");
	lim.min_pairs = (size_t)min_pairs;
	if (!(rep = report_of(e, st, &doc, &seq))) {
		json_object_put(doc);
		return e->verdict;
	}
	if (carerep_vitals(member(rep, "vitals"), st->care->quantity, &t, &val,
			   &n, err, sizeof(err))) {
		json_object_put(doc);
		return exec_decide(e, VERDICT_FAIL,
				   "vitals: a list of {t, hr, rr}", err, seq,
				   seq, "the device's vitals report: %s", err);
	}
	if (n && !(p = calloc(n, sizeof(*p)))) {
		free(t);
		free(val);
		json_object_put(doc);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory");
	}
	/* each reading against the day's reference at its time; readings
	 * where the day has none (out of bed) are counted, not judged */
	for (size_t i = 0; i < n; i++) {
		const struct day_segment *s = day_at(st->care->day, t[i]);
		double ref = s ? (hr ? s->hr : s->rr) : NAN;

		if (isnan(ref)) {
			unref++;
			continue;
		}
		p[np] = (struct pair){.subject = 0,
				      .quantity = PAIRS_NO_QUANTITY,
				      .reference = ref,
				      .device = val[i]};
		snprintf(p[np].unit, sizeof(p[np].unit), "%s", unit);
		np++;
	}
	if (acc_tol_evaluate(p, np, &lim, &r)) {
		free(p);
		free(t);
		free(val);
		json_object_put(doc);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: the tolerance must not be negative");
	}
	v = r.verdict;
	snprintf(
	    exp, sizeof(exp),
	    "every reading within +-%g %s or +-%g %%, whichever is greater",
	    lim.abs_limit, unit, lim.rel_limit_pct);
	snprintf(obs, sizeof(obs), "%zu of %zu within; bias %.3f, SD %.3f %s",
		 r.n_within, r.sample.n_pairs, r.diff.bias, r.diff.sd, unit);
	a = entry_new(st, hr ? "mat_heart_rate" : "mat_breathing_rate", rep);
	json_object_object_add(
	    a, "quantity",
	    json_object_new_string(hr ? "heart rate (sleep mat)"
				      : "breathing rate (sleep mat)"));
	json_object_object_add(a, "unit", json_object_new_string(unit));
	json_object_object_add(
	    a, "clause",
	    json_object_new_string(hr ? ACC_TOL_CLAUSE_HR
				      : "breathing rate +-2 /min or 10 % "
					"(elderly-care.md, unconfirmed)"));
	json_object_object_add(a, "abs_limit", acc_json_num(lim.abs_limit));
	json_object_object_add(a, "rel_limit_pct",
			       acc_json_num(lim.rel_limit_pct));
	json_object_object_add(a, "n_unreferenced",
			       json_object_new_uint64(unref));
	band = json_object_new_object();
	json_object_object_add(band, "abs",
			       json_object_new_double(lim.abs_limit));
	if (lim.rel_limit_pct > 0)
		json_object_object_add(
		    band, "rel_pct", json_object_new_double(lim.rel_limit_pct));
	json_object_object_add(a, "band", band);
	pairs = json_object_new_array();
	for (size_t i = 0; i < np; i++) {
		json_object *q = json_object_new_object();

		json_object_object_add(q, "subject",
				       json_object_new_string("day"));
		json_object_object_add(q, "reference",
				       json_object_new_double(p[i].reference));
		json_object_object_add(q, "device",
				       json_object_new_double(p[i].device));
		json_object_array_add(pairs, q);
	}
	json_object_object_add(a, "pairs", pairs);
	stats = json_object_new_object();
	json_object_object_add(stats, "n_pairs",
			       json_object_new_uint64(r.sample.n_pairs));
	json_object_object_add(stats, "n_within",
			       json_object_new_uint64(r.n_within));
	json_object_object_add(stats, "bias", acc_json_num(r.diff.bias));
	json_object_object_add(stats, "sd", acc_json_num(r.diff.sd));
	json_object_object_add(stats, "arms", acc_json_num(r.diff.arms));
	crit = json_object_new_array();
	json_object_array_add(
	    crit, acc_json_criterion(hr ? "heart rate" : "breathing rate",
				     CARE_STANDARD, verdict_name(v), obs, exp));
	entry_end(e, a, v, exp, obs, r.why, crit, stats);
	free(p);
	free(t);
	free(val);
	json_object_put(doc);
	return exec_decide(e, v, exp, obs, seq, seq,
			   "sleep-mat %s against the day's reference: %s",
			   hr ? "heart rate" : "breathing rate", r.why);
}
