/* SPDX-License-Identifier: MIT */
/*
 * The ECG steps (step_family_ecg): ecg_compare judges the device's beat
 * times (a case list gathered live, or its output in a file: a CSV of
 * times, a WFDB annotator) against a reference ECG beat by beat (ANSI/AAMI
 * EC57, as WFDB's bxb); hr_response measures the heart rate's response
 * time to a rate step (EC13, hrresp.c). Both put their evaluation into the
 * case record under "accuracy".
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "ecg/beatcmp.h"
#include "ecg/beatfile.h"
#include "ecg/ecg-steps.h"
#include "ecg/ecgsyn.h"
#include "ecg/hrresp.h"
#include "base/err.h"
#include "base/fileio.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ECG: beat-by-beat comparison (ANSI/AAMI EC57, as WFDB's bxb) ---- */

/* A parameter in the unit its table row declares (ecg_compare_params,
 * hr_response_params). */
static bool ecg_param(struct exec *e, const struct step *st, const char *key, double *out)
{
	return acc_param_num(e, st,
			     st->kind == STEP_ECG_COMPARE ? ecg_compare_params
							  : hr_response_params,
			     NULL, key, out);
}

static json_object *times_json(const double *t, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_double(round(t[i] * 1e4) / 1e4));
	return a;
}

/* One list of beat times: borrowed (a case list, an ECGSYN record's R
 * peaks) or owned (read from a file). */
struct beats {
	const double *t;
	size_t n;
	double *owned;
};

static void beats_release(struct beats *b)
{
	free(b->owned);
	b->owned = NULL;
}

/* The reference: the R peaks of the same ECGSYN record the device was fed
 * (*rec, kept for its parameters), or the beat annotations of the WFDB
 * record it was played. */
static bool reference_beats(struct exec *e, const struct step *st,
			    struct ecgsyn_params *p, struct ecgsyn_record **rec,
			    struct beats *b)
{
	char err[512];
	double seed = (double)p->seed;

	if (st->data) {
		if (!beatfile_wfdb_read(st->data, st->ecg->ref_annotator,
					&b->owned, &b->n, err, sizeof(err))) {
			b->t = b->owned;
			return true;
		}
	} else {
		if (!ecg_param(e, st, "hr", &p->hr_mean) ||
		    !ecg_param(e, st, "hr_std", &p->hr_std) ||
		    !ecg_param(e, st, "noise", &p->noise) ||
		    !ecg_param(e, st, "duration", &p->duration) ||
		    !ecg_param(e, st, "fs", &p->fs) ||
		    !ecg_param(e, st, "seed", &seed))
			return false;
		if (!(seed >= 0 && seed <= 9007199254740992.0 &&
		      seed == floor(seed))) {
			exec_decide(
			    e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: seed: %g is not a whole number from 0",
			    seed);
			return false;
		}
		p->seed = (uint64_t)seed;
		if (!ecgsyn_generate(p, rec, err, sizeof(err))) {
			b->t = (*rec)->r_time;
			b->n = (*rec)->npeaks;
			return true;
		}
	}
	exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: reference ECG: %s", err);
	return false;
}

/* The device's beats: a case list gathered live, or its output in a file
 * (CSV of times, WFDB annotations); a file that cannot be read is an
 * error: nothing was judged. */
static bool device_beats(struct exec *e, const struct step *st, struct beats *b)
{
	const struct ecg_step *x = st->ecg;
	char err[512];
	int rc;

	if (x->beats_csv)
		rc = beatfile_csv_read(x->beats_csv, &b->owned, &b->n, err,
				       sizeof(err));
	else if (x->beats_record)
		rc = beatfile_wfdb_read(x->beats_record, x->beats_annotator,
					&b->owned, &b->n, err, sizeof(err));
	else {
		for (size_t i = 0; i < e->nlists; i++)
			if (!strcmp(e->lists[i].name, st->name)) {
				b->t = e->lists[i].v;
				b->n = e->lists[i].n;
			}
		return true;
	}
	if (!rc) {
		b->t = b->owned;
		return true;
	}
	exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "cannot read the device's beats: %s", err);
	return false;
}

/* Where the device's beats came from, with the file's hash for the record. */
static json_object *source_json(const struct step *st)
{
	const struct ecg_step *x = st->ecg;
	json_object *o = json_object_new_object();
	char hex[SHA256_HEX_LEN + 1], path[4200];
	const char *file = NULL;

	if (x->beats_csv) {
		json_object_object_add(o, "kind",
				       json_object_new_string("csv"));
		file = x->beats_csv;
	} else if (x->beats_record) {
		json_object_object_add(o, "kind",
				       json_object_new_string("wfdb"));
		json_object_object_add(o, "record",
				       json_object_new_string(x->beats_record));
		json_object_object_add(
		    o, "annotator", json_object_new_string(x->beats_annotator));
		snprintf(path, sizeof(path), "%s.%s", x->beats_record,
			 x->beats_annotator);
		file = path;
	} else {
		json_object_object_add(o, "kind",
				       json_object_new_string("list"));
		json_object_object_add(o, "list",
				       json_object_new_string(st->name));
		return o;
	}
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(
	    o, "sha256",
	    sha256_file(file, hex) ? NULL : json_object_new_string(hex));
	return o;
}

/* "from 300 s", "from 300 s to 1800 s", or "" for the whole record. */
static void interval_text(const struct beatcmp_opts *o, char *out, size_t len)
{
	if (o->start <= 0 && isinf(o->end))
		snprintf(out, len, "%s", "");
	else if (isinf(o->end))
		snprintf(out, len, " from %g s", o->start);
	else
		snprintf(out, len, " from %g s to %g s", o->start, o->end);
}

static json_object *ecg_statistics(const struct beatcmp_result *r,
				   const struct beats *ref,
				   const struct beats *test)
{
	json_object *stats = json_object_new_object();

	/* counts of the judged interval; the whole lists' named as totals */
	json_object_object_add(stats, "n_reference_beats",
			       json_object_new_uint64(r->nref_in));
	json_object_object_add(stats, "n_reported_beats",
			       json_object_new_uint64(r->ntest_in));
	json_object_object_add(stats, "n_reference_beats_total",
			       json_object_new_uint64(ref->n));
	json_object_object_add(stats, "n_reported_beats_total",
			       json_object_new_uint64(test->n));
	json_object_object_add(stats, "tp", json_object_new_uint64(r->tp));
	json_object_object_add(stats, "fn", json_object_new_uint64(r->fn));
	json_object_object_add(stats, "fp", json_object_new_uint64(r->fp));
	json_object_object_add(stats, "se_pct", acc_json_num(r->se * 100));
	json_object_object_add(stats, "ppv_pct", acc_json_num(r->ppv * 100));
	return stats;
}

enum verdict exec_ecg_step(struct exec *e, const struct step *st)
{
	struct ecgsyn_params p;
	struct ecgsyn_record *rec = NULL;
	struct beats ref = {0}, test = {0};
	struct beatcmp_opts o;
	struct beatcmp_result r;
	double min_se = 99, min_ppv = 99;
	char exp[ACC_TEXT], obs[ACC_TEXT], why[ACC_TEXT + 192], span[64];
	json_object *a, *crit;
	enum verdict v = VERDICT_ERROR;

	ecgsyn_params_default(&p);
	beatcmp_opts_default(&o);
	o.start = 0;
	if (!ecg_param(e, st, "window", &o.window) ||
	    !ecg_param(e, st, "start", &o.start) ||
	    !ecg_param(e, st, "end", &o.end) ||
	    !ecg_param(e, st, "min_se", &min_se) ||
	    !ecg_param(e, st, "min_ppv", &min_ppv))
		return VERDICT_ERROR;
	if (!(o.window > 0 && o.window <= ECG_WINDOW_MAX))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: window: %g s is not a match window "
				   "(above 0, at most %g s)",
				   o.window, ECG_WINDOW_MAX);
	if (!reference_beats(e, st, &p, &rec, &ref) ||
	    !device_beats(e, st, &test))
		goto out;
	if (beatcmp_run(&o, ref.t, ref.n, test.t, test.n, NULL, NULL, &r)) {
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				"beat comparison failed (beat times not finite "
				"or not ordered, or end before start?)");
		goto out;
	}
	v = !isnan(r.se) && !isnan(r.ppv) && r.se * 100 >= min_se - ACC_EPS &&
		    r.ppv * 100 >= min_ppv - ACC_EPS
		    ? VERDICT_PASS
		    : VERDICT_FAIL;
	snprintf(exp, sizeof(exp), "Se >= %g %%, +P >= %g %% (match window %g ms)", min_se,
		 min_ppv, o.window * 1000);
	snprintf(obs, sizeof(obs), "Se %.2f %%, +P %.2f %% (TP %zu, FN %zu, FP %zu)",
		 r.se * 100, r.ppv * 100, r.tp, r.fn, r.fp);
	interval_text(&o, span, sizeof(span));
	if (span[0])
		snprintf(why, sizeof(why),
			 "%zu reference beats, %zu reported%s (whole record: "
			 "%zu and %zu): %s",
			 r.nref_in, r.ntest_in, span, ref.n, test.n, obs);
	else
		snprintf(why, sizeof(why),
			 "%zu reference beats, %zu reported: %s", r.nref_in,
			 r.ntest_in, obs);
	a = json_object_new_object();
	json_object_object_add(a, "method", json_object_new_string("ec57-bxb"));
	json_object_object_add(a, "clause", json_object_new_string(
		"ANSI/AAMI EC57, beat-by-beat comparison"));
	json_object_object_add(a, "reference", json_object_new_string(st->data ? st->data
									       : "ECGSYN (synthetic)"));
	if (st->data)
		json_object_object_add(
		    a, "reference_annotator",
		    json_object_new_string(st->ecg->ref_annotator));
	else { /* the synthetic stimulus, to regenerate it */
		json_object_object_add(a, "hr", acc_json_num(p.hr_mean));
		json_object_object_add(a, "hr_std", acc_json_num(p.hr_std));
		json_object_object_add(a, "noise_mv", acc_json_num(p.noise));
		json_object_object_add(a, "duration_s", acc_json_num(p.duration));
		json_object_object_add(a, "seed", json_object_new_uint64(p.seed));
	}
	json_object_object_add(a, "beats_source", source_json(st));
	json_object_object_add(a, "window_s", acc_json_num(o.window));
	json_object_object_add(a, "start_s", acc_json_num(o.start));
	json_object_object_add(
	    a, "end_s", acc_json_num(o.end)); /* null: the record's end */
	json_object_object_add(a, "tp", json_object_new_uint64(r.tp));
	json_object_object_add(a, "fn", json_object_new_uint64(r.fn));
	json_object_object_add(a, "fp", json_object_new_uint64(r.fp));
	json_object_object_add(a, "se", acc_json_num(r.se));
	json_object_object_add(a, "ppv", acc_json_num(r.ppv));
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	json_object_object_add(a, "standard",
			       json_object_new_string("ANSI/AAMI EC57"));
	json_object_object_add(a, "statistics",
			       ecg_statistics(&r, &ref, &test));
	crit = json_object_new_array();
	json_object_array_add(
	    crit, acc_json_criterion("beat by beat", "ANSI/AAMI EC57",
				     verdict_name(v), obs, exp));
	json_object_object_add(a, "criteria", crit);
	/* the whole lists, for the report's plots */
	json_object_object_add(a, "reference_beats", times_json(ref.t, ref.n));
	json_object_object_add(a, "test_beats", times_json(test.t, test.n));
	json_object_array_add(e->accuracy, a);
	v = exec_decide(e, v, exp, obs, 0, 0, "ANSI/AAMI EC57 beat by beat: %s",
			why);
out:
	beats_release(&ref);
	beats_release(&test);
	ecgsyn_record_free(rec);
	return v;
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
	json_object_object_add(a, "from_bpm", acc_json_num(from));
	json_object_object_add(a, "to_bpm", acc_json_num(to));
	json_object_object_add(a, "step_at_s", acc_json_num(step_at));
	json_object_object_add(a, "abs_limit", acc_json_num(lim.abs_limit));
	json_object_object_add(a, "rel_limit_pct", acc_json_num(lim.rel_limit_pct));
	json_object_object_add(a, "max_s", acc_json_num(max));
	json_object_object_add(a, "status", json_object_new_string(hrresp_status_name(r.status)));
	json_object_object_add(a, "response_s", acc_json_num(r.response));
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	stats = json_object_new_object();
	json_object_object_add(stats, "response_s", acc_json_num(r.response));
	json_object_object_add(stats, "band_low_bpm", acc_json_num(r.band_low));
	json_object_object_add(stats, "band_high_bpm", acc_json_num(r.band_high));
	json_object_object_add(stats, "n_reports_after_step", json_object_new_uint64(r.n_after));
	json_object_object_add(stats, "last_outside_s", acc_json_num(r.last_outside));
	json_object_object_add(stats, "last_report_s", acc_json_num(r.last_time));
	json_object_object_add(a, "statistics", stats);
	crit = json_object_new_array();
	json_object_array_add(crit, acc_json_criterion("response time", "ANSI/AAMI EC13", verdict_name(v),
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
