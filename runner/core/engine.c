/* SPDX-License-Identifier: MIT */
#include "core/engine.h"
#include "core/console.h"
#include "core/dutlink.h"
#include "base/clock.h"
#include "base/err.h"
#include "core/exec.h"
#include "base/fileio.h"
#include "base/redact.h"
#include "core/junit.h"
#include "core/plan.h"
#include "core/record.h"
#include "transport/simproc.h"
#include "transport/trafficlog.h"
#include "transport/transport.h"
#include "base/ydoc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DRAIN_QUIET_NS (30 * NSEC_PER_MSEC)
#define TRAFFIC_LOG "traffic.jsonl"

struct run {
	const struct profile *p;
	const struct engine_opts *o;
	struct record *rec;
	struct trafficlog *log;
	struct dut_link main; /* the profile's transport */
	struct dut_link *links; /* the profile's links:, in its order */
	struct exec_link *xlinks; /* the same, as steps see them */
	size_t nlinks;
	struct vars vars; /* scope: run */
	bool link_changed; /* a case reopened the link with other settings */
	struct exec_instrument *ins; /* the reference instruments' links */
	struct dut_link *ins_links; /* theirs, as the engine holds them */
	size_t nins;
	struct run_pairs pairs;
	char **secrets; /* the profile's secret values: masked in case results */
	struct console *con; /* per-case lines, --verbose frames */
};

/* ---- built-in variables ---- */

static const char *builtin(void *data, const char *name, char *scratch,
			   size_t len)
{
	const struct run *r = data;
	const struct dut *d = &r->p->dut;

	if (!strncmp(name, "limit.", 6))
		return profile_limit(r->p, name + 6);
	if (!strncmp(name, "feature.", 8)) /* "1" when the profile claims it */
		return profile_claims(r->p, name + 8) ? "1" : "0";
	if (!strcmp(name, "dut.category"))
		return d->category;
	if (!strcmp(name, "dut.vendor"))
		return d->vendor;
	if (!strcmp(name, "dut.model"))
		return d->model;
	if (!strcmp(name, "dut.firmware"))
		return d->firmware;
	if (!strcmp(name, "dut.serial_number"))
		return d->serial_number;
	if (!strncmp(name, "transport.", 10)) /* as the link uses it */
		return r->main.t ? transport_param(r->main.t, name + 10) : profile_param(r->p, name + 10);
	if (!strncmp(name, "link.", 5)) { /* link.ID.PARAM: a further link's */
		const char *dot = strchr(name + 5, '.');

		for (size_t i = 0; dot && i < r->nlinks; i++)
			if (strlen(r->links[i].id) == (size_t)(dot - name - 5) &&
			    !strncmp(r->links[i].id, name + 5, (size_t)(dot - name - 5)))
				return r->links[i].t ? transport_param(r->links[i].t, dot + 1) : NULL;
		return NULL;
	}
	if (!strcmp(name, "now.utc")) {
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(scratch, len, "%Y-%m-%dT%H:%M:%S", &tm);
		return scratch;
	}
	return NULL;
}

/* ---- record blocks ---- */

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *strv_json(char *const *v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *file_block(const char *path)
{
	json_object *o = json_object_new_object();
	char hex[SHA256_HEX_LEN + 1];

	json_object_object_add(o, "path", jstr(path));
	json_object_object_add(o, "sha256",
			       sha256_file(path, hex) ? NULL : jstr(hex));
	return o;
}

/* A link's settings as the record keeps them: a secret (a password, a
 * token, any value from env: or file:) belongs to the bench, not to the
 * evidence (the record goes to vendors and catalogues), so only its
 * presence is kept. */
static json_object *transport_block(const char *kind, const struct param *params, size_t n)
{
	json_object *tr = json_object_new_object();

	json_object_object_add(tr, "kind", jstr(kind));
	for (size_t i = 0; i < n; i++)
		json_object_object_add(tr, params[i].key,
				       jstr(params[i].secret ? "(set, not recorded)"
							     : params[i].value));
	return tr;
}

/* Every string of o with the secret values masked: a step may quote one
 * (${transport.password} in a request the evidence cites). */
static void redact_json(json_object *o, char *const *secrets)
{
	switch (json_object_get_type(o)) {
	case json_type_string: {
		char *m;

		if (!redact_contains(json_object_get_string(o), secrets))
			return;
		m = redact_str(json_object_get_string(o), secrets);
		json_object_set_string(o, m ? m : REDACT_MASK);
		free(m);
		return;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			redact_json(json_object_array_get_idx(o, i), secrets);
		return;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			(void)key;
			redact_json(val, secrets);
		}
		return;
	}
	default:
		return;
	}
}

static void record_static_blocks(struct run *r)
{
	const struct profile *p = r->p;
	json_object *suites = json_object_new_array(), *dut, *tr;
	char utc[32];
	struct timespec now;

	record_set(r->rec, "profile", file_block(p->path));
	for (size_t i = 0; i < p->nsuites; i++) {
		json_object *s = file_block(p->suites[i]->path);

		json_object_object_add(s, "id", jstr(p->suites[i]->id));
		json_object_object_add(s, "title", jstr(p->suites[i]->title));
		json_object_object_add(s, "version", jstr(p->suites[i]->version));
		json_object_array_add(suites, s);
	}
	record_set(r->rec, "suites", suites);
	if (p->ndata) {
		json_object *data = json_object_new_array();

		for (size_t i = 0; i < p->ndata; i++) {
			json_object *f = file_block(p->data[i].path);

			json_object_object_add(f, "name", jstr(p->data[i].name));
			json_object_object_add(f, "reference", jstr(p->data[i].reference));
			json_object_object_add(f, "calibration_due", jstr(p->data[i].calibration_due));
			json_object_array_add(data, f);
		}
		record_set(r->rec, "accuracy_data", data);
	}
	dut = json_object_new_object();
	json_object_object_add(dut, "category", jstr(p->dut.category));
	json_object_object_add(dut, "vendor", jstr(p->dut.vendor));
	json_object_object_add(dut, "model", jstr(p->dut.model));
	json_object_object_add(dut, "firmware", jstr(p->dut.firmware));
	json_object_object_add(dut, "serial_number", jstr(p->dut.serial_number));
	json_object_object_add(dut, "features", strv_json(p->features));
	record_set(r->rec, "dut", dut);
	if (p->lab_name) {
		json_object *lab = json_object_new_object();

		json_object_object_add(lab, "name", jstr(p->lab_name));
		json_object_object_add(lab, "address", jstr(p->lab_address));
		json_object_object_add(lab, "accreditation", jstr(p->lab_accreditation));
		record_set(r->rec, "lab", lab);
	}
	record_set(r->rec, "transport", transport_block(p->transport_kind, p->params, p->nparams));
	record_set(r->rec, "simulator", NULL);
	wall_now(&now);
	format_utc(&now, utc);
	record_set(r->rec, "start", jstr(utc));
	record_set(r->rec, "end", NULL);
	tr = json_object_new_object();
	json_object_object_add(tr, "file", jstr(TRAFFIC_LOG));
	json_object_object_add(tr, "sha256", NULL);
	record_set(r->rec, "traffic_log", tr);
}

static void flush_record(struct run *r)
{
	record_summarize(r->rec, NULL);
	if (record_write(r->rec, r->o->out_dir))
		fprintf(stderr, "carecert: cannot write %s/%s: %s\n",
			r->o->out_dir, RECORD_FILE, strerror(errno));
}

/* ---- reference instruments ---- */

/* Start each instrument's simulator (if any) and open its serial link. An
 * instrument that cannot be reached is not fatal: the steps that use it
 * get an error verdict naming why, and the rest of the run goes on. */
static void open_instruments(struct run *r)
{
	const struct profile *p = r->p;
	json_object *arr = json_object_new_array();

	r->nins = p->ninstruments;
	r->ins = calloc(r->nins ? r->nins : 1, sizeof(*r->ins));
	r->ins_links = calloc(r->nins ? r->nins : 1, sizeof(*r->ins_links));
	if (!r->ins || !r->ins_links) {
		r->nins = 0;
		json_object_put(arr);
		return;
	}
	for (size_t i = 0; i < r->nins; i++) {
		const struct profile_instrument *pi = &p->instruments[i];
		struct exec_instrument *x = &r->ins[i];
		struct dut_link *l = &r->ins_links[i];
		/* an instrument is a serial link, its simulator started like the
		 * DUT's */
		struct param ps[2] = { { .key = (char *)"port", .value = pi->port },
				       { .key = (char *)"baud", .value = pi->baud } };
		char hex[SHA256_HEX_LEN + 1];
		json_object *o = json_object_new_object(), *block = NULL;
		int rc = CC_OK;

		dut_link_init(l, pi->id, "serial");
		if (pi->sim.program)
			rc = dut_link_start_sim(l, &pi->sim, NULL, r->o->out_dir, r->log, &block);
		json_object_put(block); /* the instrument's own block says it */
		if (!rc)
			rc = dut_link_open(l, ps, pi->baud ? 2 : 1, r->o->out_dir, r->log);
		x->id = pi->id;
		x->drv = pi->drv;
		x->rx = &l->rx;
		x->calibration_due = pi->calibration_due;
		x->t = rc ? NULL : l->t;
		x->error = rc ? l->error : NULL;
		json_object_object_add(o, "id", jstr(pi->id));
		json_object_object_add(o, "name", jstr(pi->drv ? pi->drv->name : pi->id));
		json_object_object_add(o, "driver", jstr(pi->drv ? pi->drv->name : NULL));
		json_object_object_add(o, "driver_file", jstr(pi->drv ? pi->drv->path : NULL));
		json_object_object_add(o, "driver_sha256",
				       pi->drv && !sha256_file(pi->drv->path, hex) ? jstr(hex) : NULL);
		json_object_object_add(o, "model", jstr(pi->model));
		json_object_object_add(o, "serial_number", jstr(pi->serial_number));
		json_object_object_add(o, "calibration_due", jstr(pi->calibration_due));
		json_object_object_add(o, "link", jstr(l->t ? transport_param(l->t, "port") : pi->port));
		json_object_object_add(o, "simulator", jstr(pi->sim.program));
		json_object_object_add(o, "error", jstr(x->error));
		json_object_array_add(arr, o);
	}
	record_set(r->rec, "instruments", arr);
}

static void close_instruments(struct run *r)
{
	for (size_t i = 0; i < r->nins; i++) {
		int status;

		dut_link_release(&r->ins_links[i], &status);
	}
	free(r->ins);
	free(r->ins_links);
	for (size_t i = 0; i < r->pairs.n; i++) {
		free(r->pairs.v[i].name);
		free(r->pairs.v[i].instrument);
		pairs_free(r->pairs.v[i].set);
	}
}

/* ---- simulator and link ---- */

static int start_simulator(struct run *r)
{
	json_object *block;
	int rc = dut_link_start_sim(&r->main, &r->p->sim, r->o->faults, r->o->out_dir,
				    r->log, &block);

	record_set(r->rec, "simulator", block);
	return rc;
}

static int open_link(struct run *r)
{
	return dut_link_open(&r->main, r->p->params, r->p->nparams, r->o->out_dir, r->log);
}

/* The profile's further links (links:): opened like the main one. One that
 * cannot be opened is not fatal: the on: steps that use it get an error
 * verdict naming why, and the rest of the run goes on. */
static void open_links(struct run *r)
{
	const struct profile *p = r->p;
	json_object *arr = json_object_new_array();

	r->nlinks = p->nlinks;
	r->links = calloc(r->nlinks ? r->nlinks : 1, sizeof(*r->links));
	r->xlinks = calloc(r->nlinks ? r->nlinks : 1, sizeof(*r->xlinks));
	if (!r->links || !r->xlinks) {
		r->nlinks = 0;
		json_object_put(arr);
		return;
	}
	for (size_t i = 0; i < r->nlinks; i++) {
		const struct profile_link *pl = &p->links[i];
		struct dut_link *l = &r->links[i];
		json_object *o = json_object_new_object(), *sim = NULL;
		int rc = CC_OK;

		dut_link_init(l, pl->id, pl->transport_kind);
		if (pl->sim.program)
			rc = dut_link_start_sim(l, &pl->sim, NULL, r->o->out_dir, r->log, &sim);
		if (!rc)
			rc = dut_link_open(l, pl->params, pl->nparams, r->o->out_dir, r->log);
		json_object_object_add(o, "id", jstr(pl->id));
		json_object_object_add(o, "transport",
				       transport_block(pl->transport_kind, pl->params, pl->nparams));
		json_object_object_add(o, "simulator", sim);
		json_object_object_add(o, "error", rc ? jstr(l->error) : NULL);
		json_object_array_add(arr, o);
		r->xlinks[i].id = pl->id;
		r->xlinks[i].t = l->t;
		r->xlinks[i].rx = &l->rx;
		r->xlinks[i].client = l->client;
		r->xlinks[i].error = l->error;
	}
	record_set(r->rec, "links", arr);
}

/* Before each case: a further link that failed is reopened. */
static void refresh_links(struct run *r)
{
	for (size_t i = 0; i < r->nlinks; i++) {
		struct exec_link *x = &r->xlinks[i];

		if (x->failed) {
			dut_link_reset(&r->links[i]);
			x->failed = false;
		}
		if (x->t && !transport_is_open(x->t) &&
		    transport_open(x->t, r->links[i].error, sizeof(r->links[i].error)))
			trafficlog_event(r->log, "link-unavailable", r->links[i].error);
	}
}

/* A link's capture file (btsnoop), named and hashed for the record once
 * the link is closed; NULL when it has none. */
static json_object *capture_block(const char *path)
{
	char hex[SHA256_HEX_LEN + 1];
	const char *base = strrchr(path, '/');
	json_object *cap;

	if (!path[0] || sha256_file(path, hex))
		return NULL;
	cap = json_object_new_object();
	json_object_object_add(cap, "file", jstr(base ? base + 1 : path));
	json_object_object_add(cap, "format", jstr("btsnoop"));
	json_object_object_add(cap, "sha256", jstr(hex));
	return cap;
}

static void close_links(struct run *r)
{
	json_object *arr;

	json_object_object_get_ex(record_json(r->rec), "links", &arr);
	for (size_t i = 0; i < r->nlinks; i++) {
		int status;
		bool had_sim = r->links[i].sim != NULL;

		json_object *o = json_object_array_get_idx(arr, i), *so, *cap;

		dut_link_release(&r->links[i], &status);
		if (had_sim && o && json_object_object_get_ex(o, "simulator", &so) && so)
			json_object_object_add(so, "exit_status", json_object_new_int(status));
		if (o && (cap = capture_block(r->links[i].capture)))
			json_object_object_add(o, "capture", cap);
	}
	free(r->links);
	free(r->xlinks);
	r->links = NULL;
	r->xlinks = NULL;
	r->nlinks = 0;
}

/* A case asked for the link at another security level (link step). */
static int relink(void *data, const char *security, char *err, size_t errlen)
{
	struct run *r = data;
	int rc;

	transport_close(r->main.t);
	rxq_clear(&r->main.rx);
	if ((rc = transport_set_param(r->main.t, "security", security)))
		return rc;
	r->link_changed = true;
	dut_link_client_reset(&r->main);
	return transport_open(r->main.t, err, errlen);
}

/* Before each case: the link as the profile describes it. */
static void restore_link(struct run *r)
{
	const char *sec = profile_param(r->p, "security");

	if (!r->link_changed)
		return;
	transport_close(r->main.t);
	if (transport_set_param(r->main.t, "security", sec ? sec : "low"))
		return;
	r->link_changed = false;
	dut_link_client_reset(&r->main);
}

/* Bytes left from an earlier case are not this case's answer. */
static void drain(struct run *r)
{
	size_t dropped = r->main.rx.data.len;

	if (r->main.client) {
		dropped = transport_ops(r->main.t)->client_drain(r->main.client, DRAIN_QUIET_NS);
		if (dropped) {
			char msg[64];

			snprintf(msg, sizeof(msg), "discarded %zu stale PDUs", dropped);
			trafficlog_event(r->log, "drain", msg);
		}
		return;
	}

	rxq_clear(&r->main.rx);
	for (;;) {
		int rc = transport_recv(r->main.t, &r->main.rx.data,
					mono_now_ns() + DRAIN_QUIET_NS, NULL);

		dropped += r->main.rx.data.len;
		rxq_clear(&r->main.rx);
		if (rc)
			break;
	}
	if (dropped) {
		char msg[64];

		snprintf(msg, sizeof(msg), "discarded %zu stale bytes", dropped);
		trafficlog_event(r->log, "drain", msg);
	}
}

/* ---- cases ---- */

static json_object *case_object(const struct plan_item *it)
{
	json_object *o = json_object_new_object(), *reqs = json_object_new_array();

	json_object_object_add(o, "suite", jstr(it->suite->id));
	json_object_object_add(o, "id", jstr(it->tc->id));
	json_object_object_add(o, "title", jstr(it->tc->title));
	for (size_t i = 0; i < it->tc->nreqs; i++) {
		json_object *q = json_object_new_object();

		json_object_object_add(q, "standard", jstr(it->tc->reqs[i].standard));
		json_object_object_add(q, "clause", jstr(it->tc->reqs[i].clause));
		json_object_array_add(reqs, q);
	}
	json_object_object_add(o, "requirements", reqs);
	return o;
}

static void case_result(json_object *o, enum verdict v, const char *reason,
			unsigned attempt, unsigned allowed,
			const struct timespec *start, int64_t mono0,
			const char *stage)
{
	char utc[32];

	format_utc(start, utc);
	json_object_object_add(o, "verdict", jstr(verdict_name(v)));
	json_object_object_add(o, "reason", jstr(reason));
	json_object_object_add(o, "attempt", json_object_new_int((int)attempt));
	json_object_object_add(o, "attempts_allowed", json_object_new_int((int)allowed));
	json_object_object_add(o, "start", jstr(utc));
	json_object_object_add(o, "duration_s",
			       json_object_new_double((double)(mono_now_ns() - mono0) / 1e9));
	json_object_object_add(o, "stage", stage && *stage ? jstr(stage) : NULL);
}

static void progress(const struct run *r, const char *id, enum verdict v,
		     const char *reason, double secs, unsigned attempt)
{
	char note[64] = "";

	if (v == VERDICT_PASS && attempt > 1)
		snprintf(note, sizeof(note), " (attempt %u)", attempt);
	console_printf(r->con, "%-22s %-12s %8.3f s%s\n", id, verdict_name(v), secs, note);
	if (v != VERDICT_PASS && reason && *reason)
		console_printf(r->con, "    %s\n", reason);
}

/* The status line follows the steps. */
static void on_step(void *data, const struct step *st)
{
	struct run *r = data;

	console_step(r->con, step_kind_name(st->kind), st->line);
}

static json_object *run_case(struct run *r, const struct plan_item *it)
{
	const struct tcase *tc = it->tc;
	unsigned allowed = tc->retries + 1, attempt;
	json_object *o = case_object(it), *prev = json_object_new_array();
	struct timespec start;
	int64_t mono0 = mono_now_ns();
	struct exec e;

	wall_now(&start);
	trafficlog_set_case(r->log, tc->id);
	console_case_begin(r->con, tc->id);
	for (attempt = 1;; attempt++) {
		char msg[64], reason[600];
		enum verdict v;

		snprintf(msg, sizeof(msg), "attempt %u of %u", attempt, allowed);
		trafficlog_event(r->log, "case-start", msg);
		memset(&e, 0, sizeof(e));
		e.t = r->main.t;
		e.rx = &r->main.rx;
		e.suite = it->suite;
		e.tc = tc;
		e.run_vars = &r->vars;
		e.builtin = builtin;
		e.builtin_data = r;
		e.client = r->main.client;
		/* a link step reopens a link that has a client (BLE security) */
		e.relink = r->main.client ? relink : NULL;
		e.relink_data = r;
		e.profile = r->p;
		e.instruments = r->ins;
		e.ninstruments = r->nins;
		e.run_pairs = &r->pairs;
		e.links = r->xlinks;
		e.nlinks = r->nlinks;
		e.on_step = on_step;
		e.on_step_data = r;
		restore_link(r);
		refresh_links(r);
		if (exec_init(&e)) {
			exec_release(&e);
			v = VERDICT_ERROR;
			snprintf(e.reason, sizeof(e.reason), "out of memory");
		} else if (!transport_is_open(r->main.t) &&
			   transport_open(r->main.t, r->main.error, sizeof(r->main.error))) {
			v = e.verdict = VERDICT_ERROR;
			snprintf(e.reason, sizeof(e.reason), "link unavailable: %s",
				 r->main.error);
		} else {
			drain(r);
			e.deadline_ns = mono_now_ns() + tc->timeout_ns;
			v = exec_run(&e);
			if (e.link_failed) {
				transport_close(r->main.t);
				rxq_clear(&r->main.rx);
				dut_link_client_reset(&r->main);
			}
		}
		trafficlog_event(r->log, "verdict", verdict_name(v));
		if (v == VERDICT_PASS || attempt == allowed) {
			if (v == VERDICT_PASS && attempt > 1)
				snprintf(reason, sizeof(reason),
					 "passed on attempt %u of %u", attempt, allowed);
			else
				snprintf(reason, sizeof(reason), "%s", e.reason);
			case_result(o, v, reason, attempt, allowed, &start, mono0,
				    v == VERDICT_PASS ? NULL : e.stage);
			json_object_object_add(o, "evidence",
					       e.evidence ? json_object_get(e.evidence)
							  : json_object_new_array());
			json_object_object_add(o, "accuracy",
					       e.accuracy ? json_object_get(e.accuracy)
							  : json_object_new_array());
			json_object_object_add(o, "measurements",
					       e.measurements ? json_object_get(e.measurements)
							      : json_object_new_array());
			json_object_object_add(o, "previous_attempts", prev);
			console_case_end(r->con);
			progress(r, tc->id, v, reason,
				 (double)(mono_now_ns() - mono0) / 1e9, attempt);
			exec_release(&e);
			break;
		}
		{
			json_object *a = json_object_new_object();

			json_object_object_add(a, "attempt", json_object_new_int((int)attempt));
			json_object_object_add(a, "verdict", jstr(verdict_name(v)));
			json_object_object_add(a, "reason", jstr(e.reason));
			json_object_object_add(a, "evidence",
					       e.evidence ? json_object_get(e.evidence) : NULL);
			json_object_array_add(prev, a);
		}
		exec_release(&e);
	}
	trafficlog_set_case(r->log, NULL);
	return o;
}

static json_object *skipped_case(struct run *r, const struct plan_item *it,
				 enum verdict v, const char *reason)
{
	json_object *o = case_object(it);
	struct timespec now;

	wall_now(&now);
	case_result(o, v, reason, 0, it->tc->retries + 1, &now, mono_now_ns(), NULL);
	json_object_object_add(o, "evidence", json_object_new_array());
	json_object_object_add(o, "accuracy", json_object_new_array());
	json_object_object_add(o, "measurements", json_object_new_array());
	json_object_object_add(o, "previous_attempts", json_object_new_array());
	progress(r, it->tc->id, v, reason, 0, 0);
	return o;
}

/* ---- the run ---- */

static void finish(struct run *r, const char *status, const char *abort_reason)
{
	json_object *root = record_json(r->rec), *tl;
	char hex[SHA256_HEX_LEN + 1], path[PATH_MAX], utc[32];
	struct timespec now;
	int sim_status;

	{
		bool had_sim = r->main.sim != NULL;
		json_object *so;

		dut_link_release(&r->main, &sim_status);
		if (had_sim && json_object_object_get_ex(root, "simulator", &so) && so)
			json_object_object_add(so, "exit_status", json_object_new_int(sim_status));
		if (had_sim)
			trafficlog_event(r->log, "simulator-stopped", NULL);
	}
	trafficlog_close(r->log);
	r->log = NULL;
	snprintf(path, sizeof(path), "%s/%s", r->o->out_dir, TRAFFIC_LOG);
	if (json_object_object_get_ex(root, "traffic_log", &tl) &&
	    !sha256_file(path, hex))
		json_object_object_add(tl, "sha256", jstr(hex));
	{
		json_object *cap = capture_block(r->main.capture);

		if (cap)
			record_set(r->rec, "capture", cap);
	}
	wall_now(&now);
	format_utc(&now, utc);
	record_set(r->rec, "end", jstr(utc));
	record_set(r->rec, "status", jstr(status));
	if (abort_reason)
		record_set(r->rec, "abort_reason", jstr(abort_reason));
	flush_record(r);
}

int engine_run(const struct profile *p, const struct engine_opts *o,
	       struct verdict_tally *tally, char *err, size_t errlen)
{
	struct run r = { .p = p, .o = o };
	char path[PATH_MAX], why[400] = "";
	struct plan plan;
	int rc, status;

	memset(tally, 0, sizeof(*tally));
	if (plan_build(p, o->only, &plan, err, errlen))
		return 2;
	if (mkdir_p(o->out_dir)) {
		snprintf(err, errlen, "cannot create %s: %s", o->out_dir, strerror(errno));
		plan_release(&plan);
		return 3;
	}
	snprintf(path, sizeof(path), "%s/%s", o->out_dir, TRAFFIC_LOG);
	r.log = trafficlog_open(path);
	r.rec = record_new();
	if (!r.log || !r.rec) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		trafficlog_close(r.log);
		record_free(r.rec);
		plan_release(&plan);
		return 3;
	}
	if (profile_secrets(p, &r.secrets) ||
	    !(r.con = console_new(o->progress, o->verbose ? stderr : NULL, r.secrets))) {
		snprintf(err, errlen, "out of memory");
		strv_free(r.secrets);
		trafficlog_close(r.log);
		record_free(r.rec);
		plan_release(&plan);
		return 3;
	}
	if (o->verbose)
		trafficlog_set_watch(r.log, console_frame, r.con);
	dut_link_init(&r.main, NULL, p->transport_kind);
	vars_init(&r.vars);
	record_static_blocks(&r);
	flush_record(&r);

	/* simulators of one bench share a folder: a patient simulator and
	 * the monitor on its cuff meet there (hw/sim/patient.c) */
	setenv("CARECERT_BENCH", o->out_dir, 1);
	if (p->ninstruments)
		open_instruments(&r);
	if (p->nlinks)
		open_links(&r);
	rc = CC_OK;
	if (p->sim.program && (rc = start_simulator(&r)))
		snprintf(why, sizeof(why), "%s", r.main.error);
	if (!rc && (rc = open_link(&r)))
		snprintf(why, sizeof(why), "cannot open %s link: %s",
			 p->transport_kind, r.main.error);
	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_item *it = &plan.items[i];
		json_object *c;

		if (!it->applicable)
			c = skipped_case(&r, it, VERDICT_SKIPPED, it->reason);
		else if (rc) /* the run could not start: say so for each case */
			c = skipped_case(&r, it, VERDICT_ERROR, why);
		else
			c = run_case(&r, it);
		if (r.secrets && r.secrets[0])
			redact_json(c, r.secrets);
		record_add_case(r.rec, c);
		flush_record(&r);
	}
	close_links(&r); /* before finish() closes the traffic log */
	close_instruments(&r);
	finish(&r, rc ? "aborted" : "complete", rc ? why : NULL);
	record_summarize(r.rec, tally);
	status = rc ? 3 : verdict_tally_exit_status(tally);
	if (rc)
		snprintf(err, errlen, "%s", why);
	if (o->junit_path && junit_write(record_json(r.rec), o->junit_path)) {
		fprintf(stderr, "carecert: cannot write %s: %s\n", o->junit_path,
			strerror(errno));
		status = 3;
	}
	record_free(r.rec);
	vars_release(&r.vars);
	strv_free(r.secrets);
	console_free(r.con);
	plan_release(&plan);
	return status;
}
