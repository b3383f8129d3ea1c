/* SPDX-License-Identifier: MIT */
/*
 * The fall steps (step_family_fall): fall_replay keeps a detector's alarms
 * over a replayed trial set and matches them (fallmatch.c); fall_judge
 * judges one figure of it. Each puts its evaluation into the case's
 * "accuracy".
 */
#include "core/exec-internal.h"
#include "core/step.h"
#include "accuracy/acc-steps.h"
#include "ble/gatt.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "base/stats.h"
#include "fall/fall-steps.h"
#include "fall/fallalarm.h"
#include "fall/fallcsv.h"
#include "fall/fallgen.h"
#include "fall/fallmatch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FALL_ALARMS_MAX 100000 /* kept per replay; more is a runaway device */
#define Z95 1.959963984540054
/* s of wall time a notification may lag, or the replay's start as the
 * runner sees it may trail the instrument's: a loaded two-core host
 * stalled 0.3 s and every alarm of a 300x replay read as arriving before
 * it was raised */
#define TIMING_REAL_S 1.0
#define FALL_RECORD_ALARMS                                                     \
	2000 /* alarms listed in the record, in arrival order */

/* An alarm as it came: the record's alarm timeline. */
struct fall_rx {
	uint16_t id;
	uint8_t kind, flags;
	double raised, arrived,
	    event; /* s, motion clock (arrived: ours, mapped) */
};

struct fall_session {
	char name[64];
	struct fall_set *set; /* labels kept, samples released */
	struct fall_truth *truth;
	size_t nt;
	struct fall_alarm *alarms;
	size_t na;
	struct fall_rx *rx; /* every alarm received, any kind */
	size_t nrx;
	struct fallmatch_opts opts;
	struct fallmatch_result r;
	double compression, session_s, shield_from, shield_to, gap;
	char hash[65];
	size_t inconsistent, late, malformed, other_kinds;
};

struct fall_runstate {
	struct fall_session *v[FALL_SESSIONS_MAX];
	size_t n;
};

static void session_free(struct fall_session *s)
{
	if (!s)
		return;
	fall_set_free(s->set);
	free(s->truth);
	free(s->alarms);
	free(s->rx);
	fallmatch_release(&s->r);
	free(s);
}

void fall_run_free(void *state)
{
	struct fall_runstate *rs = state;

	for (size_t i = 0; rs && i < rs->n; i++)
		session_free(rs->v[i]);
	free(rs);
}

static struct fall_runstate *runstate(struct exec *e, bool make)
{
	size_t i = step_family_index(&step_family_fall);

	if (!e->family_run || i >= STEP_FAMILIES_MAX)
		return NULL;
	if (!e->family_run[i] && make)
		e->family_run[i] = calloc(1, sizeof(struct fall_runstate));
	return e->family_run[i];
}

static struct fall_session *find_session(struct exec *e, const char *name)
{
	struct fall_runstate *rs = runstate(e, false);

	for (size_t i = 0; rs && i < rs->n; i++)
		if (!strcmp(rs->v[i]->name, name))
			return rs->v[i];
	return NULL;
}

/* Keep s under its name (a retried replay replaces the earlier one). */
static bool keep_session(struct exec *e, struct fall_session *s)
{
	struct fall_runstate *rs = runstate(e, true);

	if (!rs)
		return false;
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i]->name, s->name)) {
			session_free(rs->v[i]);
			rs->v[i] = s;
			return true;
		}
	if (rs->n == FALL_SESSIONS_MAX)
		return false;
	rs->v[rs->n++] = s;
	return true;
}

static bool param(struct exec *e, const struct step *st, const char *key,
		  double *out)
{
	return acc_param_num(e, st,
			     st->kind == STEP_FALL_JUDGE ? fall_judge_params
							 : fall_replay_params,
			     NULL, key, out);
}

static bool whole(struct exec *e, const char *key, double v, double lo,
		  double hi)
{
	if (v >= lo && v <= hi && v == floor(v))
		return true;
	exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: %s: %g is not a whole number in %g..%g", key, v, lo,
		    hi);
	return false;
}

/* The trial set the instrument plays: generated again from the same
 * parameters, or the lab's CSV. */
static struct fall_set *trial_set(struct exec *e, const struct step *st,
				  double *lie)
{
	const struct fall_step *x = st->fall;
	struct fallgen_params p;
	struct fall_set *s = NULL;
	double seed = 1, subj = 1, reps = 1;
	char err[256];

	fallgen_params_default(&p);
	*lie = p.lie_s;
	if (x->csv) {
		struct diag d;

		diag_init(&d);
		if (fallcsv_read(x->csv, &s, &d)) {
			exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				    "trials: %s:%u:%u: %s",
				    d.n ? d.v[0].file : x->csv,
				    d.n ? d.v[0].line : 0, d.n ? d.v[0].col : 0,
				    d.n ? d.v[0].msg : "unreadable");
			s = NULL;
		}
		diag_release(&d);
		return s;
	}
	if (!param(e, st, "seed", &seed) || !param(e, st, "subjects", &subj) ||
	    !param(e, st, "reps", &reps) || !param(e, st, "fs", &p.fs) ||
	    !param(e, st, "pre", &p.pre_s) ||
	    !param(e, st, "post", &p.post_s) ||
	    !param(e, st, "lie", &p.lie_s) ||
	    !whole(e, "seed", seed, 0, 9007199254740992.0) ||
	    !whole(e, "subjects", subj, 1, 1000) ||
	    !whole(e, "reps", reps, 1, 1000))
		return NULL;
	p.seed = (uint64_t)seed;
	p.subjects = (unsigned)subj;
	p.reps = (unsigned)reps;
	p.codes = (const char *const *)x->types;
	p.ncodes = x->ntypes;
	*lie = p.lie_s;
	if (fallgen_set(&p, &s, err, sizeof(err))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: trials: %s", err);
		return NULL;
	}
	return s;
}

/* The trials on the replay's timeline: each, then the gap. */
static bool lay_out(struct fall_session *s)
{
	double at = 0;

	s->nt = s->set->n;
	if (!(s->truth = calloc(s->nt, sizeof(*s->truth))))
		return false;
	for (size_t i = 0; i < s->nt; i++) {
		const struct fall_trial *t = &s->set->v[i];

		s->truth[i] = (struct fall_truth){
		    .start = at,
		    .end = at + fall_trial_duration(t),
		    .impact = at + (t->fall ? t->impact_t : 0),
		    .fall = t->fall,
		    .group = t->type ? t->type->code : t->label};
		at += fall_trial_duration(t) + s->gap;
	}
	s->session_s = at;
	return true;
}

/* One alarm as received, on the timeline at the time the device says it
 * raised it (the motion clock it shares with the bench: exact, whatever
 * the compression). Its arrival, on the tester's clock, bounds that: an
 * alarm cannot arrive before it was raised (beyond what the compression
 * allows), so one that does is placed at its arrival and counted; one
 * arriving late (the bench's load, or stored while the radio was out) is
 * counted only. */
static void take_alarm(struct fall_session *s, const struct fallalarm *a,
		       double arrived)
{
	double raised = a->raised_ms / 1000.0,
	       tol = TIMING_REAL_S * s->compression + 1;
	bool shielded = s->shield_to > s->shield_from &&
			raised >= s->shield_from - tol &&
			raised <= s->shield_to + tol;

	if (s->rx && s->nrx < FALL_ALARMS_MAX)
		s->rx[s->nrx++] =
		    (struct fall_rx){.id = a->id,
				     .kind = a->kind,
				     .flags = a->flags,
				     .raised = raised,
				     .arrived = arrived,
				     .event = a->event_ms / 1000.0};
	if (a->kind != FALLALARM_FALL && a->kind != FALLALARM_LONGLIE) {
		s->other_kinds++;
		return;
	}
	if (arrived < raised - tol) {
		s->inconsistent++;
		raised = arrived;
	} else if (arrived > raised + tol &&
		   !(shielded && arrived <= s->shield_to + tol)) {
		s->late++;
	}
	s->alarms[s->na++] = (struct fall_alarm){
	    .raised = raised,
	    .event_time = a->event_ms / 1000.0,
	    .kind = a->kind == FALLALARM_FALL ? FALL_ALARM_FALL
					      : FALL_ALARM_LONGLIE};
}

static enum verdict subscribe(struct exec *e, struct gatt_client *c,
			      const struct gatt_char *ch, bool on)
{
	uint8_t v[2] = {on ? (ch->props & 0x10 ? 1 : 2) : 0, 0};
	struct att_error err;
	char why[256];
	int rc =
	    gatt_write(c, ch->cccd, v, 2, true, exec_deadline(e, 5000000000LL),
		       &err, why, sizeof(why));

	if (rc == GATT_ERR_RSP)
		return exec_decide(
		    e, VERDICT_FAIL, "subscription accepted", why, 0, 0,
		    "the alarm characteristic refused a subscription");
	if (rc)
		return exec_link_error(e, rc, "alarm subscription");
	return VERDICT_PASS;
}

static json_object *set_json(const struct fall_session *s,
			     const struct step *st, double lie)
{
	json_object *o = json_object_new_object(),
		    *ty = json_object_new_array();
	size_t falls = 0;
	char hex[SHA256_HEX_LEN + 1];

	for (size_t i = 0; i < s->nt; i++)
		falls += s->truth[i].fall;
	json_object_object_add(o, "generator",
			       json_object_new_string(s->set->generator));
	if (st->fall->csv) {
		json_object_object_add(o, "file",
				       json_object_new_string(st->fall->csv));
		json_object_object_add(o, "file_sha256",
				       sha256_file(st->fall->csv, hex)
					   ? NULL
					   : json_object_new_string(hex));
	} else {
		json_object_object_add(o, "seed",
				       json_object_new_uint64(s->set->seed));
		for (size_t i = 0; i < st->fall->ntypes; i++)
			json_object_array_add(
			    ty, json_object_new_string(st->fall->types[i]));
		json_object_object_add(o, "lie_s", acc_json_num(lie));
	}
	json_object_object_add(o, "types", ty); /* empty: all 34 */
	json_object_object_add(o, "sha256", json_object_new_string(s->hash));
	json_object_object_add(o, "trials", json_object_new_uint64(s->nt));
	json_object_object_add(o, "falls", json_object_new_uint64(falls));
	json_object_object_add(o, "adls",
			       json_object_new_uint64(s->nt - falls));
	json_object_object_add(o, "fs_hz",
			       acc_json_num(s->nt ? s->set->v[0].fs : NAN));
	return o;
}

/* Delivery: raised (the device's word) to arrived (ours), in wall seconds
 * (a compressed replay's motion time divided back), over the alarms not
 * stored through an outage. Its resolution is the replay's: at 300x a
 * millisecond of wall time is 0.3 s of motion. */
static void delivery_json(const struct fall_session *s, json_object *stats)
{
	double *d = calloc(s->nrx ? s->nrx : 1, sizeof(*d)), p50 = NAN, p95 = NAN;
	size_t n = 0;

	for (size_t i = 0; d && i < s->nrx; i++)
		if (!(s->rx[i].flags & FALLALARM_STORED))
			d[n++] = (s->rx[i].arrived - s->rx[i].raised) / s->compression;
	if (n) {
		stats_percentile(d, n, 50, &p50);
		stats_percentile(d, n, 95, &p95);
	}
	free(d);
	json_object_object_add(stats, "delivery_p50_s", acc_json_num(round(p50 * 1e4) / 1e4));
	json_object_object_add(stats, "delivery_p95_s", acc_json_num(round(p95 * 1e4) / 1e4));
}

static json_object *ms_num(double s)
{
	return acc_json_num(round(s * 1000) / 1000);
}

/* The alarm timeline: each alarm as it came (first FALL_RECORD_ALARMS),
 * and the falls' impacts, on the motion clock. */
static void timeline_json(const struct fall_session *s, json_object *a)
{
	json_object *al = json_object_new_array(),
		    *im = json_object_new_array();

	for (size_t i = 0; i < s->nrx && i < FALL_RECORD_ALARMS; i++) {
		const struct fall_rx *x = &s->rx[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_int(x->id));
		json_object_object_add(
		    o, "kind",
		    json_object_new_string(fallalarm_kind_name(x->kind)));
		json_object_object_add(
		    o, "stored",
		    json_object_new_boolean(x->flags & FALLALARM_STORED));
		json_object_object_add(o, "raised_s", ms_num(x->raised));
		json_object_object_add(o, "arrived_s", ms_num(x->arrived));
		json_object_object_add(o, "event_s", ms_num(x->event));
		json_object_array_add(al, o);
	}
	for (size_t i = 0; i < s->nt; i++)
		if (s->truth[i].fall)
			json_object_array_add(im, ms_num(s->truth[i].impact));
	json_object_object_add(a, "alarms", al);
	json_object_object_add(
	    a, "alarms_listed",
	    json_object_new_uint64(json_object_array_length(al)));
	json_object_object_add(a, "impacts_s", im);
}

static json_object *replay_json(const struct fall_session *s)
{
	json_object *o = json_object_new_object();
	char text[200];

	json_object_object_add(o, "time_compression",
			       acc_json_num(s->compression));
	snprintf(
	    text, sizeof(text),
	    "replayed %gx faster than real time: %.1f s of motion in %.1f s",
	    s->compression, s->session_s, s->session_s / s->compression);
	json_object_object_add(o, "statement", json_object_new_string(text));
	json_object_object_add(o, "session_s", acc_json_num(s->session_s));
	json_object_object_add(o, "gap_s", acc_json_num(s->gap));
	json_object_object_add(o, "window_s", acc_json_num(s->opts.window));
	json_object_object_add(o, "before_s", acc_json_num(s->opts.pre));
	if (s->shield_to > s->shield_from) {
		json_object_object_add(o, "shield_from_s",
				       acc_json_num(s->shield_from));
		json_object_object_add(o, "shield_to_s",
				       acc_json_num(s->shield_to));
	}
	return o;
}

enum verdict exec_fall_replay(struct exec *e, const struct step *st)
{
	const struct fall_step *x = st->fall;
	struct gatt_client *c = e->client;
	const struct gatt_char *ch;
	/* the instrument's lead counts from its reply, just before this step */
	int64_t started = mono_now_ns();
	struct fall_session *s = calloc(1, sizeof(*s));
	double lead = 0, slack = 1, lie = 0;
	int64_t t0, end;
	struct att_uuid u;
	struct buf hb;
	enum verdict v;
	json_object *a, *stats, *crit;
	char exp[ACC_TEXT], obs[ACC_TEXT], why[256];
	int rc;

	if (!s)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory");
	snprintf(s->name, sizeof(s->name), "%s", x->session);
	fallmatch_opts_default(&s->opts);
	s->opts.z = Z95;
	s->compression = 1;
	s->gap = 5;
	if (!param(e, st, "compression", &s->compression) ||
	    !param(e, st, "lead", &lead) ||
	    !param(e, st, "window", &s->opts.window) ||
	    !param(e, st, "before", &s->opts.pre) ||
	    !param(e, st, "shield_from", &s->shield_from) ||
	    !param(e, st, "shield_to", &s->shield_to) ||
	    !param(e, st, "slack", &slack) || !param(e, st, "gap", &s->gap)) {
		session_free(s);
		return VERDICT_ERROR;
	}
	if (!(s->compression >= 1 && s->compression <= 10000) ||
	    !(lead >= 0 && lead <= 10) || !(slack >= 0 && slack <= 60) ||
	    !(s->gap >= 0 && s->gap <= 3600)) {
		session_free(s);
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: fall_replay: compression 1..10000, lead 0..10 s, "
		    "slack 0..60 s, gap 0..3600 s");
	}
	if (!c) {
		session_free(s);
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: fall_replay needs a BLE link (its GATT client)");
	}
	if (!c->discovered) {
		struct att_error err;

		rc = gatt_discover(c, exec_deadline(e, 10000000000LL), &err,
				   why, sizeof(why));
		if (rc) {
			session_free(s);
			return rc == GATT_ERR_RSP || rc == CC_EPROTO
				   ? exec_decide(e, VERDICT_FAIL, "discovery",
						 why, 0, 0,
						 "discovery failed: %s", why)
				   : exec_link_error(e, rc, "discovery");
		}
	}
	att_uuid_parse(x->alarm_uuid, &u);
	ch = gatt_find_char_full(c, &u);
	if (!ch || !ch->cccd || !(ch->props & 0x30)) {
		session_free(s);
		return exec_decide(e, VERDICT_FAIL, x->alarm_uuid,
				   ch ? "no notification" : "absent", 0, 0,
				   "the alarm characteristic %s is %s",
				   x->alarm_uuid,
				   ch ? "not notifiable" : "absent");
	}
	if ((v = subscribe(e, c, ch, true)) != VERDICT_PASS) {
		session_free(s);
		return v;
	}
	/* subscribed first: the motion plays already, and the alarms of its
	 * first trials must not wait in the device */
	if (!(s->set = trial_set(e, st, &lie)) || !lay_out(s)) {
		subscribe(e, c, ch, false);
		session_free(s);
		return e->verdict ? e->verdict
				  : exec_decide(e, VERDICT_ERROR, NULL, NULL, 0,
						0, "out of memory");
	}
	fall_set_hash(s->set, s->hash);
	if (x->hash) {
		buf_init(&hb, 128);
		if (!exec_expand(e, x->hash, &hb)) {
			buf_release(&hb);
			subscribe(e, c, ch, false);
			session_free(s);
			return VERDICT_ERROR;
		}
		if (strcmp(buf_str(&hb), s->hash)) {
			v = exec_decide(e, VERDICT_ERROR, s->hash, buf_str(&hb),
					0, 0,
					"the motion instrument plays another "
					"trial set than the "
					"suite describes (its hash %.16s..., "
					"the suite's %.16s...)",
					buf_str(&hb), s->hash);
			buf_release(&hb);
			subscribe(e, c, ch, false);
			session_free(s);
			return v;
		}
		buf_release(&hb);
	}
	/* the samples were for the hash; the replay needs the labels only */
	for (size_t i = 0; i < s->set->n; i++)
		fall_trial_release(&s->set->v[i]);
	s->alarms = calloc(FALL_ALARMS_MAX, sizeof(*s->alarms));
	s->rx = calloc(FALL_ALARMS_MAX, sizeof(*s->rx));
	t0 = started + (int64_t)(lead * 1e9);
	end = t0 + (int64_t)((s->session_s / s->compression + slack) * 1e9);
	if (end > e->deadline_ns) {
		subscribe(e, c, ch, false);
		session_free(s);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: the case's timeout ends before the "
				   "replay (%.1f s of "
				   "motion at %gx, %.1f s)",
				   s->session_s, s->compression,
				   s->session_s / s->compression + slack);
	}
	while (s->alarms && s->na < FALL_ALARMS_MAX) {
		struct gatt_event ev;
		struct fallalarm al;

		rc = gatt_wait_event(c, ch->value, 0, true, end, &ev);
		if (rc == CC_ETIMEDOUT)
			break;
		if (rc) {
			session_free(s);
			return exec_link_error(e, rc, "alarms");
		}
		if (fallalarm_decode(ev.value, ev.len, &al, why, sizeof(why))) {
			if (!s->malformed++)
				exec_decide(e, VERDICT_FAIL,
					    "a Fall Alarm value", why, ev.seq,
					    ev.seq, "malformed alarm: %s", why);
			continue;
		}
		take_alarm(s, &al,
			   (double)(ev.mono_ns - t0) / 1e9 * s->compression);
	}
	subscribe(e, c, ch, false);
	if (!s->alarms || !s->rx ||
	    fallmatch_run(&s->opts, s->truth, s->nt, s->alarms, s->na, &s->r)) {
		session_free(s);
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: matching failed (window or before out of range?)");
	}
	v = s->malformed || s->inconsistent ? VERDICT_FAIL : VERDICT_PASS;
	snprintf(exp, sizeof(exp),
		 "%zu trials replayed, every alarm well formed and "
		 "arriving after the time it says it was raised",
		 s->nt);
	snprintf(obs, sizeof(obs),
		 "%zu alarms (%zu fall, TP %zu FN %zu, TN %zu FP %zu), %zu "
		 "malformed, %zu "
		 "arrived before their raise time, %zu late",
		 s->na + s->other_kinds,
		 s->r.tp + s->r.false_alarms + s->r.duplicates, s->r.tp,
		 s->r.fn, s->r.tn, s->r.fp, s->malformed, s->inconsistent,
		 s->late);
	a = json_object_new_object();
	json_object_object_add(a, "method",
			       json_object_new_string("fall-replay"));
	json_object_object_add(
	    a, "standard",
	    json_object_new_string("carecert fall bench (SisFall protocol; "
				   "Casilari et al. 2017)"));
	json_object_object_add(
	    a, "clause",
	    json_object_new_string("scripted falls and ADLs replayed, alarms "
				   "matched by detection window"));
	json_object_object_add(a, "session", json_object_new_string(s->name));
	json_object_object_add(a, "trial_set", set_json(s, st, lie));
	json_object_object_add(a, "replay", replay_json(s));
	timeline_json(s, a);
	stats = json_object_new_object();
	json_object_object_add(stats, "alarms",
			       json_object_new_uint64(s->na + s->other_kinds));
	json_object_object_add(stats, "other_kinds",
			       json_object_new_uint64(s->other_kinds));
	json_object_object_add(stats, "malformed",
			       json_object_new_uint64(s->malformed));
	json_object_object_add(stats, "timed_by_arrival",
			       json_object_new_uint64(s->inconsistent));
	json_object_object_add(stats, "late", json_object_new_uint64(s->late));
	delivery_json(s, stats);
	json_object_object_add(stats, "tp", json_object_new_uint64(s->r.tp));
	json_object_object_add(stats, "fn", json_object_new_uint64(s->r.fn));
	json_object_object_add(stats, "tn", json_object_new_uint64(s->r.tn));
	json_object_object_add(stats, "fp", json_object_new_uint64(s->r.fp));
	json_object_object_add(stats, "false_alarms",
			       json_object_new_uint64(s->r.false_alarms));
	json_object_object_add(stats, "duplicates",
			       json_object_new_uint64(s->r.duplicates));
	json_object_object_add(a, "statistics", stats);
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(obs));
	crit = json_object_new_array();
	json_object_array_add(
	    crit, acc_json_criterion("replay", "carecert fall bench",
				     verdict_name(v), obs, exp));
	json_object_object_add(a, "criteria", crit);
	json_object_array_add(e->accuracy, a);
	if (!keep_session(e, s)) {
		session_free(s);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "more than %d replay sessions in one run",
				   FALL_SESSIONS_MAX);
	}
	return exec_decide(e, v, exp, obs, 0, 0, "%s: %s", s->name, obs);
}

/* ---- fall_judge ---- */

static json_object *groups_json(const struct fallmatch_result *r, bool falls)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < r->ngroups; i++) {
		const struct fallmatch_group *g = &r->groups[i];
		const struct fall_type *t = fall_type_find(g->group);
		json_object *o;

		if (g->fall != falls)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "type",
				       json_object_new_string(g->group));
		if (t)
			json_object_object_add(
			    o, "title", json_object_new_string(t->title));
		json_object_object_add(o, "trials",
				       json_object_new_uint64(g->n));
		json_object_object_add(o, "alarmed",
				       json_object_new_uint64(g->alarmed));
		json_object_object_add(
		    o, "ratio",
		    acc_json_num((double)g->alarmed / (double)g->n));
		json_object_object_add(o, "ci_low", acc_json_num(g->lo));
		json_object_object_add(o, "ci_high", acc_json_num(g->hi));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* A proportion claim by the Wilson rule. */
static enum verdict claim(size_t k, size_t n, double min_pct, char *obs,
			  size_t ol, char *why, size_t wl, const char *what)
{
	struct stats_claim c;

	if (!n || stats_claim_judge(k, n, Z95, min_pct / 100, &c)) {
		snprintf(obs, ol, "no %s trials", what);
		snprintf(why, wl,
			 "no %s trials in the replay: nothing to judge", what);
		return VERDICT_ERROR;
	}
	snprintf(obs, ol, "%s %.1f %% (%zu of %zu), 95 %% CI %.1f-%.1f %%",
		 what, c.p * 100, k, n, c.lo * 100, c.hi * 100);
	if (c.verdict == STATS_CLAIM_HOLDS) {
		snprintf(why, wl, "%s: the interval's lower bound meets %g %%",
			 obs, min_pct);
		return VERDICT_PASS;
	}
	if (c.verdict == STATS_CLAIM_REFUTED) {
		snprintf(why, wl, "%s: even the upper bound is under %g %%",
			 obs, min_pct);
		return VERDICT_FAIL;
	}
	if (c.more_at_rate == SIZE_MAX)
		snprintf(why, wl,
			 "%s: too few trials to tell; at least %zu more, all "
			 "successful, could show %g %%",
			 obs, c.more_min, min_pct);
	else
		snprintf(why, wl,
			 "%s: too few trials to tell; %zu more at this rate "
			 "(at least %zu more, all successful) would show %g %%",
			 obs, c.more_at_rate, c.more_min, min_pct);
	return VERDICT_INCONCLUSIVE;
}

static json_object *latencies_json(const struct fallmatch_result *r)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->n_latency; i++)
		json_object_array_add(
		    a, acc_json_num(round(r->latencies[i] * 1e3) / 1e3));
	return a;
}

/* Lists "F02 0/3, F03 0/3"; false when none is listed. */
static bool list_groups(const struct fallmatch_result *r, bool falls,
			double lim, bool below, char *out, size_t len)
{
	size_t k = 0;

	out[0] = 0;
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct fallmatch_group *g = &r->groups[i];
		double p = (double)g->alarmed / (double)g->n;

		if (g->fall != falls ||
		    (below ? p >= lim - 1e-12 : p <= lim + 1e-12))
			continue;
		if (k < len)
			k += (size_t)snprintf(out + k, len - k, "%s%s %zu/%zu",
					      k ? ", " : "", g->group,
					      g->alarmed, g->n);
	}
	return out[0] != 0;
}

static enum verdict judge(struct exec *e, const struct step *st,
			  struct fall_session *s, json_object *a, char *exp,
			  char *obs, char *why)
{
	const struct fallmatch_result *r = &s->r;
	double lim = NAN, tol = NAN, lo, hi;
	char list[ACC_TEXT];
	size_t k = 0, n = 0;

	switch (st->fall->figure) {
	case FALL_FIG_SENSITIVITY:
	case FALL_FIG_SPECIFICITY: {
		bool se = st->fall->figure == FALL_FIG_SENSITIVITY;

		if (!param(e, st, "min", &lim))
			return VERDICT_ERROR;
		snprintf(
		    exp, ACC_TEXT,
		    "%s >= %g %% (lower bound of the Wilson 95 %% interval)",
		    se ? "Se" : "Sp", lim);
		json_object_object_add(a, "value",
				       acc_json_num(se ? r->se : r->sp));
		json_object_object_add(a, "ci_low",
				       acc_json_num(se ? r->se_lo : r->sp_lo));
		json_object_object_add(a, "ci_high",
				       acc_json_num(se ? r->se_hi : r->sp_hi));
		json_object_object_add(a, "claim_min", acc_json_num(lim / 100));
		return se ? claim(r->tp, r->tp + r->fn, lim, obs, ACC_TEXT, why,
				  ACC_TEXT + 256, "Se")
			  : claim(r->tn, r->tn + r->fp, lim, obs, ACC_TEXT, why,
				  ACC_TEXT + 256, "Sp");
	}
	case FALL_FIG_FALL_TYPES:
	case FALL_FIG_ADL_TYPES: {
		bool falls = st->fall->figure == FALL_FIG_FALL_TYPES;

		if (!param(e, st, falls ? "min" : "max_ratio", &lim))
			return VERDICT_ERROR;
		json_object_object_add(a, "types", groups_json(r, falls));
		snprintf(
		    exp, ACC_TEXT,
		    falls ? "every fall type detected in >= %g %% of its trials"
			  : "no ADL type alarming in more than %g %% of its "
			    "trials",
		    lim);
		if (list_groups(r, falls, lim / 100, falls, list,
				sizeof(list))) {
			snprintf(obs, ACC_TEXT, "%s: %s",
				 falls ? "missed" : "alarmed", list);
			snprintf(why, ACC_TEXT + 256, "%s %s",
				 falls ? "fall types detected too rarely:"
				       : "ADL types alarming too often:",
				 list);
			return VERDICT_FAIL;
		}
		snprintf(obs, ACC_TEXT, "%s",
			 falls ? "every fall type detected"
			       : "no ADL type over");
		snprintf(why, ACC_TEXT + 256, "%s", obs);
		return VERDICT_PASS;
	}
	case FALL_FIG_LATENCY:
		if (!param(e, st, "max", &lim))
			return VERDICT_ERROR;
		json_object_object_add(a, "latencies_s", latencies_json(r));
		json_object_object_add(a, "p50_s", acc_json_num(r->lat_p50));
		json_object_object_add(a, "p90_s", acc_json_num(r->lat_p90));
		json_object_object_add(a, "p95_s", acc_json_num(r->lat_p95));
		json_object_object_add(a, "max_s", acc_json_num(r->lat_max));
		snprintf(exp, ACC_TEXT,
			 "P95 of impact-to-alarm latency <= %g s", lim);
		if (!r->n_latency) {
			snprintf(obs, ACC_TEXT, "no fall detected");
			snprintf(why, ACC_TEXT + 256,
				 "no fall detected: no latency to judge");
			return VERDICT_INCONCLUSIVE;
		}
		snprintf(obs, ACC_TEXT,
			 "P50 %.2f s, P90 %.2f s, P95 %.2f s, max %.2f s (%zu "
			 "falls)",
			 r->lat_p50, r->lat_p90, r->lat_p95, r->lat_max,
			 r->n_latency);
		snprintf(why, ACC_TEXT + 256, "detection latency %s", obs);
		if (st->name)
			exec_measurement_max(e, st->name, r->lat_p95, "s", lim,
					     r->lat_p95 <= lim ? VERDICT_PASS
							       : VERDICT_FAIL);
		return r->lat_p95 <= lim + 1e-9 ? VERDICT_PASS : VERDICT_FAIL;
	case FALL_FIG_EVENT_TIME:
		if (!param(e, st, "max", &lim))
			return VERDICT_ERROR;
		for (size_t i = 0; i < s->nt; i++)
			if (s->truth[i].fall && r->trials[i].alarmed) {
				n++;
				k += !(fabs(r->trials[i].event_err) <=
				       lim + 1e-9);
			}
		snprintf(
		    exp, ACC_TEXT,
		    "the event time each alarm gives within %g s of the impact",
		    lim);
		snprintf(obs, ACC_TEXT, "%zu of %zu off (largest error %.3f s)",
			 k, n, r->event_err_max);
		snprintf(why, ACC_TEXT + 256, "event times: %s", obs);
		json_object_object_add(a, "max_error_s",
				       acc_json_num(r->event_err_max));
		if (!n)
			return VERDICT_INCONCLUSIVE;
		return k ? VERDICT_FAIL : VERDICT_PASS;
	case FALL_FIG_DUPLICATES:
		if (!param(e, st, "max_count", &lim))
			return VERDICT_ERROR;
		snprintf(exp, ACC_TEXT,
			 "at most %g duplicate alarms (one alarm per fall)",
			 lim);
		snprintf(obs, ACC_TEXT,
			 "%zu duplicates over %zu detected falls",
			 r->duplicates, r->tp);
		snprintf(why, ACC_TEXT + 256, "%s", obs);
		json_object_object_add(a, "duplicates",
				       json_object_new_uint64(r->duplicates));
		return (double)r->duplicates <= lim ? VERDICT_PASS
						    : VERDICT_FAIL;
	case FALL_FIG_FALSE_ALARM_RATE:
		if (!param(e, st, "max_per_hour", &lim))
			return VERDICT_ERROR;
		snprintf(exp, ACC_TEXT,
			 "false alarms per hour <= %g (upper end of the exact "
			 "Poisson 95 %% interval)",
			 lim);
		if (!(r->adl_hours > 0) ||
		    stats_poisson_interval(r->false_alarms, 0.95, &lo, &hi)) {
			snprintf(obs, ACC_TEXT, "no ADL time");
			snprintf(why, ACC_TEXT + 256,
				 "the replay has no ADL time to judge");
			return VERDICT_ERROR;
		}
		lo /= r->adl_hours;
		hi /= r->adl_hours;
		snprintf(
		    obs, ACC_TEXT,
		    "%zu false alarms in %.3f h of ADLs: %.2f per hour, 95 %% "
		    "CI %.2f-%.2f (motion replayed %gx faster than real time)",
		    r->false_alarms, r->adl_hours, r->false_per_hour, lo, hi,
		    s->compression);
		json_object_object_add(a, "per_hour",
				       acc_json_num(r->false_per_hour));
		json_object_object_add(a, "ci_low", acc_json_num(lo));
		json_object_object_add(a, "ci_high", acc_json_num(hi));
		json_object_object_add(a, "adl_hours",
				       acc_json_num(r->adl_hours));
		json_object_object_add(a, "time_compression",
				       acc_json_num(s->compression));
		if (hi <= lim) {
			snprintf(why, ACC_TEXT + 256, "%s", obs);
			return VERDICT_PASS;
		}
		if (lo > lim) {
			snprintf(why, ACC_TEXT + 256,
				 "%s: even the lower bound is over %g", obs,
				 lim);
			return VERDICT_FAIL;
		}
		snprintf(why, ACC_TEXT + 256,
			 "%s: too short to tell; about %.2f h more of ADLs "
			 "without a false alarm would",
			 obs,
			 r->false_alarms
			     ? (hi * r->adl_hours) / lim - r->adl_hours
			     : 3.689 / lim - r->adl_hours);
		return VERDICT_INCONCLUSIVE;
	case FALL_FIG_LONG_LIE:
		if (!param(e, st, "expected", &lim) ||
		    !param(e, st, "tolerance", &tol))
			return VERDICT_ERROR;
		snprintf(
		    exp, ACC_TEXT,
		    "a long-lie alarm %g s +- %g s after each detected fall "
		    "that lay on",
		    lim, tol);
		list[0] = 0;
		for (size_t i = 0; i < s->nt; i++) {
			const struct fallmatch_trial *x = &r->trials[i];
			size_t l = strlen(list);

			/* only falls detected and lying on past the limit count
			 */
			if (!s->truth[i].fall || !x->alarmed ||
			    s->truth[i].end - s->truth[i].impact < lim + tol)
				continue;
			n++;
			if (fabs(x->longlie - lim) <= tol)
				continue;
			k++;
			if (l + 40 < sizeof(list))
				snprintf(list + l, sizeof(list) - l,
					 "%s%s at %.0f s: %s", l ? ", " : "",
					 s->truth[i].group, s->truth[i].impact,
					 isnan(x->longlie) ? "none" : "off");
		}
		snprintf(
		    obs, ACC_TEXT,
		    "%zu of %zu falls without a long-lie alarm in time%s%s", k,
		    n, k ? ": " : "", list);
		snprintf(why, ACC_TEXT + 256, "%s", obs);
		if (!n) {
			snprintf(
			    why, ACC_TEXT + 256,
			    "no detected fall lay on for %g s: the replay's "
			    "trials are too short (trials: lie)",
			    lim + tol);
			return VERDICT_INCONCLUSIVE;
		}
		return k ? VERDICT_FAIL : VERDICT_PASS;
	case FALL_FIG_OFFLINE:
		snprintf(
		    exp, ACC_TEXT,
		    "each fall during the radio outage alarmed once, after it");
		if (!(s->shield_to > s->shield_from)) {
			snprintf(obs, ACC_TEXT, "no outage");
			snprintf(why, ACC_TEXT + 256,
				 "suite: the replay had no shielded span "
				 "(shield_from, shield_to)");
			return VERDICT_ERROR;
		}
		list[0] = 0;
		for (size_t i = 0; i < s->nt; i++) {
			size_t l = strlen(list);

			if (!s->truth[i].fall ||
			    s->truth[i].impact < s->shield_from ||
			    s->truth[i].impact > s->shield_to)
				continue;
			n++;
			if (!r->trials[i].alarmed || r->trials[i].duplicates) {
				k++;
				if (l + 40 < sizeof(list))
					snprintf(
					    list + l, sizeof(list) - l,
					    "%s%s at %.0f s: %s", l ? ", " : "",
					    s->truth[i].group,
					    s->truth[i].impact,
					    r->trials[i].alarmed ? "duplicated"
								 : "lost");
			}
		}
		snprintf(obs, ACC_TEXT,
			 "%zu of %zu falls in the outage (%.0f-%.0f s) not "
			 "delivered once%s%s",
			 k, n, s->shield_from, s->shield_to, k ? ": " : "",
			 list);
		snprintf(why, ACC_TEXT + 256, "%s", obs);
		if (!n)
			return VERDICT_ERROR;
		return k ? VERDICT_FAIL : VERDICT_PASS;
	case FALL_FIG_COUNT:
		break;
	}
	return VERDICT_ERROR;
}

/* The figure's one limit in its unit, for the report (NAN: none). */
static double figure_limit(struct exec *e, const struct step *st)
{
	static const char *const keys[FALL_FIG_COUNT] = {
	    [FALL_FIG_SENSITIVITY] = "min",
	    [FALL_FIG_SPECIFICITY] = "min",
	    [FALL_FIG_FALL_TYPES] = "min",
	    [FALL_FIG_ADL_TYPES] = "max_ratio",
	    [FALL_FIG_LATENCY] = "max",
	    [FALL_FIG_EVENT_TIME] = "max",
	    [FALL_FIG_DUPLICATES] = "max_count",
	    [FALL_FIG_FALSE_ALARM_RATE] = "max_per_hour",
	    [FALL_FIG_LONG_LIE] = "expected"};
	const char *k = keys[st->fall->figure];
	double v = NAN;

	if (!k || e->verdict == VERDICT_ERROR || !param(e, st, k, &v))
		return NAN;
	return v;
}

enum verdict exec_fall_judge(struct exec *e, const struct step *st)
{
	struct fall_session *s = find_session(e, st->fall->session);
	char exp[ACC_TEXT] = "", obs[ACC_TEXT] = "", why[ACC_TEXT + 256] = "";
	const char *fig = fall_figure_names[st->fall->figure];
	json_object *a, *crit, *stats;
	enum verdict v;

	if (!s)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "no replay session '%s' in this run (its "
				   "fall_replay did not "
				   "run or did not finish)",
				   st->fall->session);
	a = json_object_new_object();
	v = judge(e, st, s, a, exp, obs, why);
	json_object_object_add(a, "limit", acc_json_num(figure_limit(e, st)));
	if (e->verdict == VERDICT_ERROR && v == VERDICT_ERROR && !exp[0]) {
		json_object_put(a);
		return VERDICT_ERROR; /* a parameter was refused: evidence given
				       */
	}
	json_object_object_add(a, "method",
			       json_object_new_string("fall-detection"));
	json_object_object_add(a, "figure", json_object_new_string(fig));
	json_object_object_add(
	    a, "standard",
	    json_object_new_string("carecert fall bench (method: Casilari et "
				   "al. 2017; limits: suite, unconfirmed)"));
	json_object_object_add(a, "clause", json_object_new_string(fig));
	json_object_object_add(a, "session", json_object_new_string(s->name));
	json_object_object_add(a, "trial_set_sha256",
			       json_object_new_string(s->hash));
	json_object_object_add(a, "generator",
			       json_object_new_string(s->set->generator));
	json_object_object_add(a, "seed", json_object_new_uint64(s->set->seed));
	json_object_object_add(a, "time_compression",
			       acc_json_num(s->compression));
	stats = json_object_new_object();
	json_object_object_add(stats, "tp", json_object_new_uint64(s->r.tp));
	json_object_object_add(stats, "fn", json_object_new_uint64(s->r.fn));
	json_object_object_add(stats, "tn", json_object_new_uint64(s->r.tn));
	json_object_object_add(stats, "fp", json_object_new_uint64(s->r.fp));
	json_object_object_add(stats, "false_alarms",
			       json_object_new_uint64(s->r.false_alarms));
	json_object_object_add(stats, "duplicates",
			       json_object_new_uint64(s->r.duplicates));
	json_object_object_add(a, "statistics", stats);
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	crit = json_object_new_array();
	json_object_array_add(crit,
			      acc_json_criterion(fig, "carecert fall bench",
						 verdict_name(v), obs, exp));
	json_object_object_add(a, "criteria", crit);
	json_object_array_add(e->accuracy, a);
	return exec_decide(e, v, exp, obs, 0, 0, "%s", why);
}

enum verdict exec_fall_times(struct exec *e, const struct step *st)
{
	const struct fall_step *x = st->fall;
	struct fall_session *s = calloc(1, sizeof(*s));
	struct timespec now;
	double lead = 0, lie = 0, start_ms, first = NAN, last = NAN;
	size_t nfalls = 0;
	enum verdict v;
	char obs[ACC_TEXT];

	/* the instrument's lead counts from its reply, just before this step */
	wall_now(&now);
	start_ms = (double)now.tv_sec * 1000 + now.tv_nsec / 1e6;
	if (!s)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory");
	s->compression = 1;
	s->gap = 5;
	if (!param(e, st, "compression", &s->compression) ||
	    !param(e, st, "lead", &lead) || !param(e, st, "gap", &s->gap)) {
		session_free(s);
		return VERDICT_ERROR;
	}
	if (!(s->compression >= 1 && s->compression <= 10000) ||
	    !(lead >= 0 && lead <= 10) || !(s->gap >= 0 && s->gap <= 3600)) {
		session_free(s);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: fall_times: compression 1..10000, "
				   "lead 0..10 s, gap 0..3600 s");
	}
	if (!(s->set = trial_set(e, st, &lie)) || !lay_out(s)) {
		session_free(s);
		return e->verdict ? e->verdict
				  : exec_decide(e, VERDICT_ERROR, NULL, NULL, 0,
						0, "out of memory");
	}
	fall_set_hash(s->set, s->hash);
	if (x->hash) {
		struct buf hb;

		buf_init(&hb, 128);
		if (!exec_expand(e, x->hash, &hb)) {
			buf_release(&hb);
			session_free(s);
			return VERDICT_ERROR;
		}
		if (strcmp(buf_str(&hb), s->hash)) {
			v = exec_decide(e, VERDICT_ERROR, s->hash, buf_str(&hb),
					0, 0,
					"the motion instrument plays another "
					"trial set than the suite describes "
					"(its hash %.16s..., the suite's "
					"%.16s...)",
					buf_str(&hb), s->hash);
			buf_release(&hb);
			session_free(s);
			return v;
		}
		buf_release(&hb);
	}
	for (size_t i = 0; i < s->nt; i++) {
		double at;

		if (!s->truth[i].fall)
			continue;
		at = round(start_ms + lead * 1000 +
			   s->truth[i].impact / s->compression * 1000);
		if (exec_list_push(e, x->list, at)) {
			session_free(s);
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "list %s: too many numbers",
					   x->list);
		}
		if (!nfalls++)
			first = at;
		last = at;
	}
	snprintf(obs, sizeof(obs),
		 "%zu falls of %zu trials (set %.16s...), impacts from %.3f s to "
		 "%.3f s after this step; replayed %gx faster than real time: "
		 "%.1f s of motion in %.1f s",
		 nfalls, s->nt, s->hash, nfalls ? (first - start_ms) / 1000 : 0,
		 nfalls ? (last - start_ms) / 1000 : 0, s->compression,
		 s->session_s, s->session_s / s->compression);
	v = nfalls ? exec_decide(e, VERDICT_PASS, "the falls' impacts", obs, 0,
				 0, "%s", obs)
		   : exec_decide(e, VERDICT_ERROR, "the falls' impacts", obs, 0,
				 0, "suite: fall_times: the trials hold no fall");
	session_free(s);
	return v;
}
