/* SPDX-License-Identifier: MIT */
/*
 * The positioning steps (step_family_pos). nmea_track reads the link for
 * the scenario's length in real time (its scenario seconds divided by the
 * time scale), cutting and decoding NMEA sentences as they come and
 * stamping each with its arrival on the scenario's time line; the track,
 * the truth and the findings are kept for the run under the step's name.
 * pos_judge computes the figures once per track (pos/posmetrics.c) and
 * judges one against its limit, with the evidence behind it.
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "base/clock.h"
#include "base/err.h"
#include "core/step.h"
#include "pos/nmea-stream.h"
#include "pos/pos-steps.h"
#include "pos/truth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POS_DEFAULT_TAIL 25.0	  /* s of scenario time after the route */
#define POS_DEFAULT_WINDOW 60.0	  /* s: an exit alarm later is a miss */
#define POS_DEFAULT_EPOCH_TOL 0.5 /* s */
#define POS_EVIDENCE_EVENTS 8	  /* crossings or findings quoted */
#define POS_EPS 1e-9		  /* a figure at its limit passes */

struct pos_kept {
	char *name;
	struct truth tr;
	struct nmea_stream ns;
	struct geo_fence fences[POS_MAX_FENCES];
	size_t nfences;
	double alarm_window, epoch_tol, rate;
	bool evaluated;
	int eval_rc;
	struct pos_eval ev;
};

struct pos_run {
	struct pos_kept v[POS_MAX_TRACKS];
	size_t n;
};

extern const struct step_family step_family_pos;

static void kept_release(struct pos_kept *k)
{
	free(k->name);
	truth_free(&k->tr);
	nmea_stream_release(&k->ns);
	pos_eval_release(&k->ev);
	memset(k, 0, sizeof(*k));
}

void exec_pos_run_end(void *state)
{
	struct pos_run *r = state;

	for (size_t i = 0; r && i < r->n; i++)
		kept_release(&r->v[i]);
	free(r);
}

static struct pos_run *run_state(struct exec *e)
{
	size_t i = step_family_index(&step_family_pos);

	if (!e->family_run || i >= STEP_FAMILIES_MAX)
		return NULL;
	if (!e->family_run[i])
		e->family_run[i] = calloc(1, sizeof(struct pos_run));
	return e->family_run[i];
}

static struct pos_kept *find_kept(struct pos_run *r, const char *name)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return &r->v[i];
	return NULL;
}

/* A number the step writes (may be ${...}) in unit. */
static bool text_num(struct exec *e, const char *key, const char *text,
		     const char *unit, double *out)
{
	struct buf b;
	bool ok;

	buf_init(&b, 256);
	ok = exec_expand(e, text, &b) &&
	     exec_quantity(e, key, buf_str(&b), unit, false, out);
	buf_release(&b);
	return ok;
}

static bool parse_utc(const char *s, double *out)
{
	struct tm tm = {0};
	int n = 0;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    s[n])
		return false;
	*out = (double)nmea_days_from_civil(tm.tm_year, tm.tm_mon, tm.tm_mday) *
		   86400.0 +
	       tm.tm_hour * 3600.0 + tm.tm_min * 60.0 + tm.tm_sec;
	return tm.tm_mon >= 1 && tm.tm_mon <= 12 && tm.tm_mday >= 1 &&
	       tm.tm_mday <= 31;
}

static bool load_truth(struct exec *e, const struct step *st, double epochs,
		       struct truth *tr)
{
	const struct pos_step *x = st->pos;
	struct diag d;
	bool ok;

	if (x->route) {
		if (!(epochs >= 1 && epochs <= TRUTH_MAX_POINTS &&
		      epochs == floor(epochs))) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				    "suite: epochs %g is not 1 to %d", epochs,
				    TRUTH_MAX_POINTS);
			return false;
		}
		if (truth_route(x->route, (size_t)epochs, tr)) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				    "cannot make route %s", x->route);
			return false;
		}
		return true;
	}
	diag_init(&d);
	ok = !truth_load_csv(x->csv, tr, &d);
	if (!ok)
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "truth %s: %s",
			    x->csv, d.n ? d.v[0].msg : "unreadable");
	diag_release(&d);
	if (ok && !parse_utc(x->start, &tr->utc_start)) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: start '%s' is not YYYY-MM-DDTHH:MM:SSZ",
			    x->start);
		truth_free(tr);
		return false;
	}
	return ok;
}

static bool load_fences(struct exec *e, const struct pos_step *x,
			struct pos_kept *k)
{
	static const char *const what[4] = {"id", "lat", "lon", "radius"};

	for (size_t i = 0; i < x->nfences; i++) {
		struct geo_fence *f = &k->fences[i];

		memset(f, 0, sizeof(*f));
		snprintf(f->id, sizeof(f->id), "%s",
			 x->fence[i][0] ? x->fence[i][0] : "");
		if (!text_num(e, what[1], x->fence[i][1], "", &f->lat) ||
		    !text_num(e, what[2], x->fence[i][2], "", &f->lon) ||
		    !text_num(e, what[3], x->fence[i][3], "m", &f->radius))
			return false;
		if (!(fabs(f->lat) <= 90 && fabs(f->lon) <= 180 &&
		      f->radius > 0))
			return exec_decide(
				   e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: fence %s is not a circle on Earth",
				   f->id) == VERDICT_PASS;
	}
	k->nfences = x->nfences;
	return true;
}

/* The arrival of byte off of the queue (the chunk holding it). */
static int64_t arrival_ns(const struct rxq *q, size_t off)
{
	for (size_t i = 0; i < q->nchunks; i++) {
		if (off < q->chunks[i].len)
			return q->chunks[i].mono_ns;
		off -= q->chunks[i].len;
	}
	return q->nchunks ? q->chunks[q->nchunks - 1].mono_ns : mono_now_ns();
}

/* Keep k for the run under name (a repeated name replaces the track). */
static enum verdict keep(struct exec *e, struct pos_run *r, const char *name,
			 struct pos_kept *k)
{
	struct pos_kept *slot;

	if (!(k->name = strdup(name))) {
		kept_release(k);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory");
	}
	slot = find_kept(r, name);
	if (slot) {
		kept_release(slot);
	} else if (r->n == POS_MAX_TRACKS) {
		kept_release(k);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: more than %d tracks in a run",
				   POS_MAX_TRACKS);
	} else {
		slot = &r->v[r->n++];
	}
	*slot = *k;
	return VERDICT_PASS;
}

#define POS_RECORD_POINTS 3000 /* track points a record holds at most */

static void evaluate(struct pos_kept *k)
{
	struct pos_eval_opts o = {.fences = k->fences,
				  .nfences = k->nfences,
				  .alarm_window = k->alarm_window,
				  .epoch_tol = k->epoch_tol};

	if (k->evaluated)
		return;
	k->eval_rc = pos_evaluate(&k->tr, &k->ns.track, &o, &k->ev);
	k->evaluated = true;
}

static json_object *num3(double v)
{
	return acc_json_num(isfinite(v) ? round(v * 1000) / 1000 : v);
}

static json_object *pair3(double a, double b)
{
	json_object *p = json_object_new_array();

	json_object_array_add(p, num3(a));
	json_object_array_add(p, num3(b));
	return p;
}

/* The track for the report (docs/report.md: method positioning): east and
 * north metres from the truth's first point, the fixes with their errors,
 * the sorted errors, zones and geofence events; at most POS_RECORD_POINTS
 * points each (evenly thinned). */
static json_object *track_json(const struct pos_kept *k)
{
	const struct pos_eval *ev = &k->ev;
	const struct truth *tr = &k->tr;
	json_object *o = json_object_new_object(), *a;
	double lat0 = tr->p[0].lat, lon0 = tr->p[0].lon, e, n;
	size_t step;

	json_object_object_add(o, "origin_lat", json_object_new_double(lat0));
	json_object_object_add(o, "origin_lon", json_object_new_double(lon0));
	a = json_object_new_array();
	step = tr->n / POS_RECORD_POINTS + 1;
	for (size_t i = 0; i < tr->n; i += step) {
		geo_en(lat0, lon0, tr->p[i].lat, tr->p[i].lon, &e, &n);
		json_object_array_add(a, pair3(e, n));
	}
	json_object_object_add(o, "truth", a);
	a = json_object_new_array();
	step = k->ns.track.nfix / POS_RECORD_POINTS + 1;
	for (size_t i = 0; i < k->ns.track.nfix; i += step) {
		const struct pos_fix *f = &k->ns.track.fix[i];
		struct truth_point tp;
		json_object *p;

		if (!f->valid || !f->has_pos || !truth_at(tr, f->t, &tp) ||
		    !tp.signal)
			continue;
		geo_en(lat0, lon0, f->lat, f->lon, &e, &n);
		p = pair3(e, n);
		json_object_array_add(
		    p, num3(geo_distance(tp.lat, tp.lon, f->lat, f->lon)));
		json_object_array_add(a, p);
	}
	json_object_object_add(o, "device", a);
	a = json_object_new_array();
	step = ev->nh / POS_RECORD_POINTS + 1;
	for (size_t i = 0; i < ev->nh; i += step)
		json_object_array_add(a, num3(ev->herr[i]));
	json_object_object_add(o, "errors_m", a);
	a = json_object_new_array();
	for (size_t z = 0; z < ev->nzones; z++) {
		json_object *zo = json_object_new_object();

		json_object_object_add(
		    zo, "zone", json_object_new_string(ev->zones[z].zone));
		json_object_object_add(zo, "n",
				       json_object_new_uint64(ev->zones[z].n));
		json_object_object_add(zo, "ce50_m", num3(ev->zones[z].ce50));
		json_object_object_add(zo, "ce95_m", num3(ev->zones[z].ce95));
		json_object_object_add(zo, "mean_m", num3(ev->zones[z].mean));
		json_object_array_add(a, zo);
	}
	json_object_object_add(o, "zones", a);
	a = json_object_new_array();
	for (size_t i = 0; i < ev->ncrossing; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "kind",
				       json_object_new_string("exit"));
		json_object_object_add(
		    x, "fence", json_object_new_string(ev->crossing[i].fence));
		json_object_object_add(x, "t_s", num3(ev->crossing[i].t));
		json_object_object_add(x, "alarm_s",
				       num3(ev->crossing[i].alarm));
		json_object_array_add(a, x);
	}
	for (size_t i = 0; i < ev->nfalse_kept; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "kind",
				       json_object_new_string("false_alarm"));
		json_object_object_add(
		    x, "fence",
		    json_object_new_string(ev->false_alarm[i].fence));
		json_object_object_add(x, "t_s", num3(ev->false_alarm[i].t));
		json_object_object_add(x, "alarm_s",
				       num3(ev->false_alarm[i].alarm));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "geofence_events", a);
	return o;
}

/* The case's accuracy entry for a gathered track: every figure, and the
 * track itself for the report's plots. */
static void track_record(struct exec *e, struct pos_kept *k, enum verdict v,
			 const char *why)
{
	const struct pos_eval *ev = &k->ev;
	json_object *a, *st;
	char obs[160];

	evaluate(k);
	if (k->eval_rc || !e->accuracy)
		return;
	snprintf(obs, sizeof(obs), "CE50 %.3g m, CE95 %.3g m over %zu epochs",
		 ev->ce50, ev->ce95, ev->nh);
	a = json_object_new_object();
	json_object_object_add(a, "method",
			       json_object_new_string("positioning"));
	json_object_object_add(a, "standard",
			       json_object_new_string("ISO/IEC 18305:2016"));
	json_object_object_add(
	    a, "clause",
	    json_object_new_string(
		"ISO/IEC 18305:2016 clause 8: the track's figures (each judged "
		"by its pos_judge step)"));
	json_object_object_add(a, "track", json_object_new_string(k->name));
	json_object_object_add(a, "unit", json_object_new_string("m"));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	json_object_object_add(
	    a, "expected",
	    json_object_new_string(
		"each figure against its limit in its own case"));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "criteria", json_object_new_array());
	st = json_object_new_object();
	json_object_object_add(st, "n_epochs", json_object_new_uint64(ev->nh));
	json_object_object_add(st, "ce50_m", num3(ev->ce50));
	json_object_object_add(st, "ce95_m", num3(ev->ce95));
	json_object_object_add(st, "rms_m", num3(ev->rms));
	json_object_object_add(st, "mean_error_m", num3(ev->mean));
	json_object_object_add(st, "max_error_m", num3(ev->max));
	json_object_object_add(st, "ve95_m", num3(ev->ve95));
	json_object_object_add(st, "availability_pct", num3(ev->availability));
	json_object_object_add(st, "ttff_s", num3(ev->ttff));
	json_object_object_add(st, "ttff_warm_s", num3(ev->ttff_warm));
	json_object_object_add(st, "latency95_s", num3(ev->lat95));
	json_object_object_add(st, "floor_detection_pct", num3(ev->floor_prob));
	json_object_object_add(st, "zone_detection_pct", num3(ev->zone_prob));
	json_object_object_add(st, "outage_valid_fixes",
			       json_object_new_uint64(ev->outage_valid));
	json_object_object_add(st, "exits", json_object_new_uint64(ev->exits));
	json_object_object_add(st, "exits_detected",
			       json_object_new_uint64(ev->detected));
	json_object_object_add(st, "false_exits",
			       json_object_new_uint64(ev->false_exits));
	json_object_object_add(st, "alarm_latency_s", num3(ev->alarm_lat_max));
	json_object_object_add(a, "statistics", st);
	json_object_object_add(a, "positioning", track_json(k));
	json_object_array_add(e->accuracy, a);
}

enum verdict exec_nmea_track_step(struct exec *e, const struct step *st)
{
	struct pos_run *r = run_state(e);
	struct pos_kept k = {0};
	double epochs = 0, rate = 1, tail = POS_DEFAULT_TAIL, span;
	int64_t start = mono_now_ns(), end;
	char obs[200];

	if (!r)
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "nmea_track keeps its track for the run: not in a run");
	k.alarm_window = POS_DEFAULT_WINDOW;
	k.epoch_tol = POS_DEFAULT_EPOCH_TOL;
	if (!acc_param_num(e, st, nmea_track_params, "", "epochs", &epochs) ||
	    !acc_param_num(e, st, nmea_track_params, "", "rate", &rate) ||
	    !acc_param_num(e, st, nmea_track_params, "", "tail", &tail) ||
	    !acc_param_num(e, st, nmea_track_params, "", "alarm_window",
			   &k.alarm_window) ||
	    !acc_param_num(e, st, nmea_track_params, "", "epoch_tol",
			   &k.epoch_tol))
		return VERDICT_ERROR;
	if (!(rate >= 0.1 && rate <= 1000) || !(tail >= 0 && tail <= 3600))
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: rate %g (0.1 to 1000) or tail %g s (0 to 3600)",
		    rate, tail);
	if (!load_truth(e, st, epochs, &k.tr))
		return VERDICT_ERROR;
	if (!load_fences(e, st->pos, &k)) {
		truth_free(&k.tr);
		return VERDICT_ERROR;
	}
	k.rate = rate;
	nmea_stream_init(&k.ns, k.tr.utc_start);
	span = k.tr.p[k.tr.n - 1].t + tail;
	end = start + (int64_t)(span / rate * 1e9);
	for (;;) {
		size_t used;
		enum frame_status fs;
		int64_t dl = exec_deadline(e, end - mono_now_ns());
		int rc;

		while (e->rx->data.len &&
		       (fs = nmea_stream_take(
			    &k.ns, e->rx->data.data, e->rx->data.len,
			    (double)(arrival_ns(e->rx, 0) - start) / 1e9 * rate,
			    &used)) != FRAME_NEED_MORE) {
			/* the arrival is the sentence's last byte's */
			if (fs == FRAME_OK && k.ns.track.nfix)
				k.ns.track.fix[k.ns.track.nfix - 1].arrival =
				    fmax(k.ns.track.fix[k.ns.track.nfix - 1]
					     .arrival,
					 (double)(arrival_ns(e->rx, used - 1) -
						  start) /
					     1e9 * rate);
			rxq_consume(e->rx, used);
		}
		if (mono_now_ns() >= end || (e->stop && *e->stop))
			break;
		if (mono_now_ns() >= e->deadline_ns) {
			nmea_stream_release(&k.ns);
			truth_free(&k.tr);
			return exec_decide(
			    e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "the case's timeout ends before the scenario (%.1f "
			    "s at "
			    "%gx): give the case a longer timeout",
			    span, rate);
		}
		rc = rxq_read(e->rx, e->t, dl);
		if (rc && rc != CC_ETIMEDOUT) {
			nmea_stream_release(&k.ns);
			truth_free(&k.tr);
			return exec_link_error(e, rc, "nmea_track");
		}
	}
	nmea_stream_finish(&k.ns);
	snprintf(obs, sizeof(obs),
		 "%lu sentences, %zu epochs, %zu alarms, %lu findings",
		 k.ns.sentences, k.ns.track.nfix, k.ns.track.nalarm,
		 nmea_stream_total_findings(&k.ns));
	{
		enum verdict kv = keep(e, r, st->name, &k);

		if (kv != VERDICT_PASS)
			return kv;
	}
	if (!k.ns.sentences)
		return exec_decide(
		    e, VERDICT_FAIL, "NMEA sentences", "nothing", 0, 0,
		    "no NMEA sentence in %.1f s of scenario (%zu epochs)", span,
		    k.tr.n);
	track_record(e, find_kept(r, st->name), VERDICT_PASS, obs);
	return exec_decide(e, VERDICT_PASS, NULL, obs, 0, 0,
			   "track %s: %s over %.1f s at %gx", st->name, obs,
			   span, rate);
}

static const struct exec_list *find_list(const struct exec *e, const char *name)
{
	for (size_t i = 0; name && i < e->nlists; i++)
		if (!strcmp(e->lists[i].name, name))
			return &e->lists[i];
	return NULL;
}

static const char *x_or_lat(const struct pos_step *x, int i)
{
	return x->wgs84 ? (i == 1 ? "lat" : "lon") : (i == 1 ? "x" : "y");
}

enum verdict exec_tag_track_step(struct exec *e, const struct step *st)
{
	const char *what[4] = {"ts", x_or_lat(st->pos, 1), x_or_lat(st->pos, 2),
			       "floor"};
	const struct pos_step *x = st->pos;
	struct pos_run *r = run_state(e);
	struct pos_kept k = {0};
	const struct exec_list *l[4];
	struct geo_site site = {0};
	double epochs = 0;
	size_t n = 0, dup = 0;
	char obs[160];
	enum verdict v;

	if (!r)
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "tag_track keeps its track for the run: not in a run");
	for (int i = 0; i < 4; i++) {
		l[i] = find_list(e, x->list[i]);
		if (i < 3 && !l[i])
			return exec_decide(
			    e, VERDICT_FAIL, "the platform's fixes", "none", 0,
			    0,
			    "tag_track: no list %s (%s): no fix was gathered",
			    x->list[i], what[i]);
		if (i == 0)
			n = l[0]->n;
		else if (l[i] && l[i]->n != n)
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "suite: lists %s (%zu) and %s (%zu) "
					   "differ in length",
					   x->list[0], n, x->list[i], l[i]->n);
	}
	k.epoch_tol = POS_DEFAULT_EPOCH_TOL;
	k.alarm_window = POS_DEFAULT_WINDOW;
	if (!acc_param_num(e, st, nmea_track_params, "", "epochs", &epochs) ||
	    !acc_param_num(e, st, nmea_track_params, "", "epoch_tol",
			   &k.epoch_tol) ||
	    (!x->wgs84 &&
	     (!text_num(e, "lat", x->site[0], "", &site.lat0) ||
	      !text_num(e, "lon", x->site[1], "", &site.lon0) ||
	      !text_num(e, "rotation", x->site[2], "", &site.rot_deg))))
		return VERDICT_ERROR;
	if (!(fabs(site.lat0) <= 90 && fabs(site.lon0) <= 180 &&
	      fabs(site.rot_deg) <= 360))
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: site origin %g, %g or rotation %g out of range",
		    site.lat0, site.lon0, site.rot_deg);
	if (!load_truth(e, st, epochs, &k.tr))
		return VERDICT_ERROR;
	nmea_stream_init(&k.ns, k.tr.utc_start);
	if (!load_fences(e, x, &k)) {
		kept_release(&k);
		return VERDICT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		struct pos_fix f = {.quality = -1,
				    .sats = -1,
				    .arrival = NAN,
				    .has_pos = true,
				    .valid = true};

		f.t = l[0]->v[i] / 1000.0 - k.tr.utc_start;
		/* the same fix polled twice is one fix */
		if (k.ns.track.nfix &&
		    f.t == k.ns.track.fix[k.ns.track.nfix - 1].t) {
			dup++;
			continue;
		}
		if (x->wgs84) {
			f.lat = l[1]->v[i];
			f.lon = l[2]->v[i];
		} else {
			geo_site_to_wgs(&site, l[1]->v[i], l[2]->v[i], &f.lat,
					&f.lon);
		}
		if (l[3]) {
			f.has_floor = fabs(l[3]->v[i]) <= 999 &&
				      l[3]->v[i] == floor(l[3]->v[i]);
			f.floor = f.has_floor ? (int)l[3]->v[i] : 0;
		}
		if (!isfinite(f.t) || !(fabs(f.lat) <= 90) ||
		    !(fabs(f.lon) <= 180) ||
		    pos_track_add_fix(&k.ns.track, &f)) {
			kept_release(&k);
			return exec_decide(
			    e, VERDICT_FAIL, "fixes with a time and a position",
			    "", 0, 0,
			    "tag_track: fix %zu is not a time and a position",
			    i);
		}
	}
	if (x->wgs84)
		snprintf(obs, sizeof(obs), "%zu fixes (%zu repeated), WGS-84",
			 k.ns.track.nfix, dup);
	else
		snprintf(obs, sizeof(obs),
			 "%zu fixes (%zu repeated), site %.7g, %.7g rotated %g "
			 "degrees",
			 k.ns.track.nfix, dup, site.lat0, site.lon0,
			 site.rot_deg);
	if ((v = keep(e, r, st->name, &k)) != VERDICT_PASS)
		return v;
	if (!n)
		return exec_decide(e, VERDICT_FAIL, "the platform's fixes",
				   "none", 0, 0, "tag_track %s: no fix",
				   st->name);
	track_record(e, find_kept(r, st->name), VERDICT_PASS, obs);
	return exec_decide(e, VERDICT_PASS, NULL, obs, 0, 0, "track %s: %s",
			   st->name, obs);
}

/* ---- judging ---- */

static double figure_value(const struct pos_kept *k, enum pos_figure f,
			   size_t *basis)
{
	const struct pos_eval *ev = &k->ev;

	switch (f) {
	case POS_FIG_NMEA:
		*basis = k->ns.sentences;
		return (double)nmea_stream_total_findings(&k->ns);
	case POS_FIG_CE50:
		*basis = ev->nh;
		return ev->ce50;
	case POS_FIG_CE95:
		*basis = ev->nh;
		return ev->ce95;
	case POS_FIG_RMS:
		*basis = ev->nh;
		return ev->rms;
	case POS_FIG_MEAN:
		*basis = ev->nh;
		return ev->mean;
	case POS_FIG_VE95:
		*basis = ev->nv;
		return ev->ve95;
	case POS_FIG_AVAIL:
		*basis = ev->avail_epochs;
		return ev->availability;
	case POS_FIG_TTFF:
		*basis = ev->truth_epochs;
		return ev->ttff;
	case POS_FIG_TTFF_WARM:
		*basis = ev->n_reacq;
		return ev->ttff_warm;
	case POS_FIG_LATENCY:
		*basis = ev->nlat;
		return ev->lat95;
	case POS_FIG_OUTAGE:
		*basis = ev->truth_epochs - ev->signal_epochs;
		return (double)ev->outage_valid;
	case POS_FIG_FLOOR:
		*basis = ev->nfloor;
		return ev->floor_prob;
	case POS_FIG_ZONE:
		*basis = ev->nzone;
		return ev->zone_prob;
	case POS_FIG_GF_DETECT:
		*basis = ev->exits;
		return ev->exits
			   ? 100.0 * (double)ev->detected / (double)ev->exits
			   : NAN;
	case POS_FIG_GF_LATENCY:
		*basis = ev->exits;
		return ev->alarm_lat_max;
	case POS_FIG_GF_FALSE:
		*basis = ev->truth_epochs;
		return (double)ev->false_exits;
	default:
		*basis = 0;
		return NAN;
	}
}

static void clock_text(double t, char *out, size_t len)
{
	snprintf(out, len, "%.1f s", t);
}

/* What lies behind a figure that did not pass: the findings, the
 * crossings, the false alarms. */
static void figure_evidence(struct exec *e, const struct pos_kept *k,
			    enum pos_figure f)
{
	const struct pos_eval *ev = &k->ev;
	char a[32], b[32];

	if (f == POS_FIG_NMEA) {
		for (size_t i = 0; i < k->ns.nkept && i < POS_EVIDENCE_EVENTS;
		     i++)
			exec_decide(e, VERDICT_FAIL, NULL, k->ns.kept[i], 0, 0,
				    "NMEA finding");
	} else if (f == POS_FIG_GF_DETECT || f == POS_FIG_GF_LATENCY) {
		for (size_t i = 0; i < ev->ncrossing && i < POS_EVIDENCE_EVENTS;
		     i++) {
			clock_text(ev->crossing[i].t, a, sizeof(a));
			if (isnan(ev->crossing[i].alarm))
				snprintf(b, sizeof(b), "no alarm");
			else
				clock_text(ev->crossing[i].alarm, b, sizeof(b));
			exec_decide(e, VERDICT_FAIL, a, b, 0, 0,
				    "fence %s exited at %s: alarm %s",
				    ev->crossing[i].fence, a, b);
		}
	} else if (f == POS_FIG_GF_FALSE) {
		for (size_t i = 0;
		     i < ev->nfalse_kept && i < POS_EVIDENCE_EVENTS; i++) {
			clock_text(ev->false_alarm[i].t, a, sizeof(a));
			exec_decide(e, VERDICT_FAIL, "no exit alarm", a, 0, 0,
				    "fence %s: exit alarm at %s with no exit",
				    ev->false_alarm[i].fence, a);
		}
	}
}

enum verdict exec_pos_judge_step(struct exec *e, const struct step *st)
{
	const struct pos_step *x = st->pos;
	const struct pos_figure_desc *d = &pos_figures[x->figure];
	struct pos_kept *k =
	    find_kept(e->family_run ? run_state(e) : NULL, st->name);
	double limit, min_epochs = 1, value;
	size_t basis = 0;
	char exp[96], obs[96];
	const char *u = d->unit[0] ? " " : "";
	enum verdict v;

	if (!k)
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "no track %s: its nmea_track step did not run or failed",
		    st->name);
	if (!text_num(e, d->is_max ? "max" : "min", x->limit, d->unit,
		      &limit) ||
	    (x->min_epochs &&
	     !text_num(e, "min_epochs", x->min_epochs, "", &min_epochs)))
		return VERDICT_ERROR;
	evaluate(k);
	if (k->eval_rc)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "evaluation failed: %s",
				   cc_strerror(k->eval_rc));
	value = figure_value(k, x->figure, &basis);
	snprintf(exp, sizeof(exp), "%s %s %g%s%s, over at least %g epochs",
		 d->name, d->is_max ? "<=" : ">=", limit, u, d->unit,
		 min_epochs);
	if ((double)basis < min_epochs) {
		snprintf(obs, sizeof(obs), "%zu epochs behind it", basis);
		return exec_decide(e, VERDICT_INCONCLUSIVE, exp, obs, 0, 0,
				   "%s: too few epochs to judge (%s)", d->name,
				   d->clause);
	}
	if (isnan(value)) {
		snprintf(obs, sizeof(obs), "none (%zu epochs)", basis);
		v = VERDICT_FAIL;
	} else {
		snprintf(obs, sizeof(obs), "%.4g%s%s over %zu epochs", value, u,
			 d->unit, basis);
		v = (d->is_max ? value <= limit + POS_EPS
			       : value >= limit - POS_EPS)
			? VERDICT_PASS
			: VERDICT_FAIL;
		if (d->is_max)
			exec_measurement_max(e, d->name, value, d->unit, limit,
					     v);
		else
			exec_measurement_min(e, d->name, value, d->unit, limit,
					     v);
	}
	v = exec_decide(e, v, exp, obs, 0, 0, "%s of track %s (%s)", d->name,
			st->name, d->clause);
	if (v != VERDICT_PASS)
		figure_evidence(e, k, x->figure);
	return v;
}

enum verdict exec_geofence_times_step(struct exec *e, const struct step *st)
{
	const struct pos_step *x = st->pos;
	struct pos_kept k = {0};
	struct pos_track none;
	struct pos_eval_opts o = {0};
	struct timespec now;
	double epochs = 0, rate = 1, start_ms;
	char obs[600];
	size_t off = 0;
	enum verdict v;
	int rc;

	/* the scenario's t = 0 is the simulator's answer, just before this
	 * step */
	wall_now(&now);
	start_ms = (double)now.tv_sec * 1000 + now.tv_nsec / 1e6;
	if (!acc_param_num(e, st, nmea_track_params, "", "epochs", &epochs) ||
	    !acc_param_num(e, st, nmea_track_params, "", "rate", &rate))
		return VERDICT_ERROR;
	if (!(rate >= 0.1 && rate <= 1000))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: rate %g (0.1 to 1000)", rate);
	if (!load_truth(e, st, epochs, &k.tr))
		return VERDICT_ERROR;
	if (!load_fences(e, x, &k)) {
		truth_free(&k.tr);
		return VERDICT_ERROR;
	}
	pos_track_init(&none);
	o.fences = k.fences;
	o.nfences = k.nfences;
	o.alarm_window = POS_DEFAULT_WINDOW;
	o.epoch_tol = POS_DEFAULT_EPOCH_TOL;
	rc = pos_evaluate(&k.tr, &none, &o, &k.ev);
	obs[0] = 0;
	for (size_t i = 0; !rc && i < k.ev.ncrossing; i++) {
		double at = round(start_ms + k.ev.crossing[i].t / rate * 1000);
		int w;

		if (exec_list_push(e, x->out_list, at)) {
			rc = CC_ENOMEM;
			break;
		}
		w = snprintf(obs + off, sizeof(obs) - off, "%s%s at %.1f s",
			     i ? ", " : "", k.ev.crossing[i].fence,
			     k.ev.crossing[i].t);
		if (w > 0 && (size_t)w < sizeof(obs) - off)
			off += (size_t)w;
	}
	if (rc)
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "%s",
				rc == CC_ENOMEM ? "out of memory"
						: "the scenario has no truth");
	else if (!k.ev.ncrossing)
		v = exec_decide(e, VERDICT_ERROR, "a true exit", "none", 0, 0,
				"suite: geofence_times: the scenario never "
				"leaves a fence");
	else
		v = exec_decide(e, VERDICT_PASS, "the true geofence exits",
				obs, 0, 0,
				"%zu exit%s (%s of scenario time), played at "
				"%gx real time",
				k.ev.ncrossing, k.ev.ncrossing == 1 ? "" : "s",
				obs, rate);
	pos_eval_release(&k.ev);
	pos_track_release(&none);
	truth_free(&k.tr);
	return v;
}
