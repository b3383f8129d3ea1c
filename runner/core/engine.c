/* SPDX-License-Identifier: MIT */
#include "core/engine.h"
#include "core/step.h"
#include "core/console.h"
#include "core/dutlink.h"
#include "base/clock.h"
#include "base/err.h"
#include "core/exec.h"
#include "base/fileio.h"
#include "core/junit.h"
#include "core/plan.h"
#include "core/record.h"
#include "core/step.h"
#include "transport/simproc.h"
#include "transport/trafficlog.h"
#include "transport/transport.h"
#include "base/ydoc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/file.h>
#include <unistd.h>
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
	bool settled;      /* the last attempt passed: the device said all it
			    * had to, nothing late is on its way */
	struct exec_instrument *ins; /* the reference instruments' links */
	struct dut_link *ins_links; /* theirs, as the engine holds them */
	size_t nins;
	struct run_pairs pairs;
	void *family_run[STEP_FAMILIES_MAX]; /* the step families' run state */
	/* why the run stopped claiming anything (a write that failed), or "" */
	char lost[400];
	char **secrets; /* the profile's secret values: masked in case results */
	struct console *con; /* per-case lines, --verbose frames */
};

/* A signal that asks the run to stop (SIGINT, SIGTERM, SIGHUP); a second
 * one exits at once: the record on disk is the last one written whole. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	if (stop_signal)
		_exit(128 + sig);
	stop_signal = sig;
}

static void catch_stop_signals(struct sigaction old[3])
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_stop_signal };

	/* no SA_RESTART: a wait in poll() ends with EINTR, so the step in
	 * progress sees the stop at once */
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
}

static void restore_signals(const struct sigaction old[3])
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
}

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

/* Write result.json whole (as the run starts and as it ends); a record
 * that cannot be written ends the run's claims: r->lost says so, and no
 * later case runs. */
static int flush_record(struct run *r)
{
	record_summarize(r->rec, NULL);
	if (!record_write(r->rec, r->o->out_dir))
		return 0;
	if (!r->lost[0])
		snprintf(r->lost, sizeof(r->lost), "cannot write %s/%s: %s", r->o->out_dir,
			 RECORD_FILE, strerror(errno));
	return -1;
}

/* A finished case goes to the journal, synced, before its line is
 * printed and before the next case runs: the cost of a case does not grow
 * with the cases before it, and a case shown finished is on disk. A step
 * may quote a secret (${transport.password} in a request the evidence
 * cites): redacted first. */
static void case_on_disk(struct run *r, json_object *c)
{
	record_redact(c, r->secrets);
	if (record_journal_append(r->rec, c) && !r->lost[0])
		snprintf(r->lost, sizeof(r->lost), "cannot write %s/%s: %s", r->o->out_dir,
			 RECORD_JOURNAL, strerror(errno));
}

/* A traffic log that lost a frame cannot back the verdicts after it. */
static bool log_lost(struct run *r)
{
	char why[300];

	if (r->lost[0])
		return true;
	trafficlog_flush(r->log); /* the frames the verdict cites, in the file first */
	if (!trafficlog_failed(r->log, why, sizeof(why)))
		return false;
	snprintf(r->lost, sizeof(r->lost), "the traffic log could not be written: %s", why);
	return true;
}

/* ---- reference instruments ---- */

/* Start each instrument's simulator (if any) and open its serial link. An
 * instrument that cannot be reached is not fatal: the steps that use it
 * get an error verdict naming why, and the rest of the run goes on. */
static void open_instruments(struct run *r)
{
	const struct profile *p = r->p;

	r->nins = p->ninstruments;
	r->ins = calloc(r->nins ? r->nins : 1, sizeof(*r->ins));
	r->ins_links = calloc(r->nins ? r->nins : 1, sizeof(*r->ins_links));
	if (!r->ins || !r->ins_links) {
		r->nins = 0;
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
		int rc;

		dut_link_init(l, pi->id, "serial");
		rc = dut_link_bring_up(l, &pi->sim, ps, pi->baud ? 2 : 1, r->o->out_dir, r->log);
		x->id = pi->id;
		x->drv = pi->drv;
		x->rx = &l->rx;
		x->calibration_due = pi->calibration_due;
		x->t = rc ? NULL : l->t;
		x->error = rc ? l->error : NULL;
	}
	record_set_instruments(r->rec, p, r->ins_links);
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
	for (size_t i = 0; step_family_at(i); i++)
		if (r->family_run[i] && step_family_at(i)->run_end) {
			step_family_at(i)->run_end(r->family_run[i]);
			r->family_run[i] = NULL;
		}
}

/* ---- simulator and link ---- */

static int start_simulator(struct run *r)
{
	int rc = dut_link_start_sim(&r->main, &r->p->sim, r->o->faults, r->o->out_dir, r->log);

	record_set_simulator(r->rec, &r->main);
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

	r->nlinks = p->nlinks;
	r->links = calloc(r->nlinks ? r->nlinks : 1, sizeof(*r->links));
	r->xlinks = calloc(r->nlinks ? r->nlinks : 1, sizeof(*r->xlinks));
	if (!r->links || !r->xlinks) {
		r->nlinks = 0;
		return;
	}
	for (size_t i = 0; i < r->nlinks; i++) {
		const struct profile_link *pl = &p->links[i];
		struct dut_link *l = &r->links[i];

		dut_link_init(l, pl->id, pl->transport_kind);
		dut_link_bring_up(l, &pl->sim, pl->params, pl->nparams, r->o->out_dir, r->log);
		r->xlinks[i].id = pl->id;
		r->xlinks[i].t = l->t;
		r->xlinks[i].rx = &l->rx;
		r->xlinks[i].client = l->client;
		r->xlinks[i].error = l->error;
	}
	record_set_links(r->rec, p, r->links);
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

static void close_links(struct run *r)
{
	for (size_t i = 0; i < r->nlinks; i++) {
		int status;

		dut_link_release(&r->links[i], &status);
	}
	record_links_closed(r->rec, r->links, r->nlinks);
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
	r->settled = false; /* a device just opened may greet */
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

/* Bytes left from an earlier case are not this case's answer. After a
 * pass, only what already waits is dropped (no fixed wait on a quiet
 * line); after anything else, or when stale data was found, the line
 * must stay quiet for DRAIN_QUIET_NS. */
static void drain(struct run *r)
{
	size_t dropped = r->main.rx.data.len;
	int64_t quiet = r->settled && !dropped ? 0 : DRAIN_QUIET_NS;

	if (r->main.client) {
		const struct transport_ops *ops = transport_ops(r->main.t);

		dropped = ops->client_drain(r->main.client, quiet);
		if (dropped && !quiet)
			dropped += ops->client_drain(r->main.client, DRAIN_QUIET_NS);
		if (dropped) {
			char msg[64];

			snprintf(msg, sizeof(msg), "discarded %zu stale PDUs", dropped);
			trafficlog_event(r->log, "drain", msg);
		}
		return;
	}

	rxq_clear(&r->main.rx);
	for (;;) {
		int rc = transport_recv(r->main.t, &r->main.rx.data, mono_now_ns() + quiet, NULL);

		dropped += r->main.rx.data.len;
		rxq_clear(&r->main.rx);
		if (rc)
			break;
		quiet = DRAIN_QUIET_NS; /* something was there: more may follow */
	}
	if (dropped) {
		char msg[64];

		snprintf(msg, sizeof(msg), "discarded %zu stale bytes", dropped);
		trafficlog_event(r->log, "drain", msg);
	}
}

/* ---- cases ---- */

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
	json_object *o = record_case_new(it), *prev = json_object_new_array();
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
		e.family_run = r->family_run;
		e.links = r->xlinks;
		e.nlinks = r->nlinks;
		e.stop = &stop_signal;
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
			if (e.link_failed)
				dut_link_reset(&r->main);
			r->settled = v == VERDICT_PASS && !e.link_failed;
		}
		/* what a stop or a lost frame cut short is no verdict on the DUT */
		if (stop_signal) {
			char was[sizeof(e.reason)];

			snprintf(was, sizeof(was), "%s", e.reason);
			v = VERDICT_ERROR;
			if (strstr(was, "interrupted"))
				snprintf(e.reason, sizeof(e.reason), "%s", was);
			else
				snprintf(e.reason, sizeof(e.reason), "interrupted (signal %d)%s%s",
					 (int)stop_signal, was[0] ? ": " : "", was);
		} else if (log_lost(r)) {
			v = VERDICT_ERROR;
			snprintf(e.reason, sizeof(e.reason), "%s", r->lost);
		}
		trafficlog_event(r->log, "verdict", verdict_name(v));
		/* a report-only case is not retried: its figures stand */
		if (v == VERDICT_PASS || v == VERDICT_NOT_JUDGED || attempt == allowed ||
		    stop_signal || r->lost[0]) {
			struct case_outcome c = {
				.verdict = v, .reason = reason, .attempt = attempt,
				.allowed = allowed, .start = start,
				.duration_s = (double)(mono_now_ns() - mono0) / 1e9,
				.stage = v == VERDICT_PASS ? NULL : e.stage,
				.evidence = e.evidence, .accuracy = e.accuracy,
				.measurements = e.measurements, .previous = prev,
			};

			if (v == VERDICT_PASS && attempt > 1)
				snprintf(reason, sizeof(reason),
					 "passed on attempt %u of %u", attempt, allowed);
			else
				snprintf(reason, sizeof(reason), "%s", e.reason);
			record_case_end(o, &c);
			json_object_put(prev);
			console_case_end(r->con);
			case_on_disk(r, o);
			progress(r, tc->id, v, reason, c.duration_s, attempt);
			exec_release(&e);
			break;
		}
		json_object_array_add(prev, record_attempt(attempt, v, e.reason, e.evidence));
		exec_release(&e);
	}
	trafficlog_set_case(r->log, NULL);
	return o;
}

static json_object *skipped_case(struct run *r, const struct plan_item *it,
				 enum verdict v, const char *reason)
{
	json_object *o = record_case_new(it);
	struct case_outcome c = { .verdict = v, .reason = reason, .allowed = it->tc->retries + 1 };

	wall_now(&c.start);
	record_case_end(o, &c);
	case_on_disk(r, o);
	progress(r, it->tc->id, v, reason, 0, 0);
	return o;
}

/* ---- the run ---- */

static void finish(struct run *r, const char *status, const char *abort_reason)
{
	char path[PATH_MAX];
	int sim_status;
	bool had_sim = r->main.sim != NULL;

	dut_link_release(&r->main, &sim_status);
	if (had_sim)
		trafficlog_event(r->log, "simulator-stopped", NULL);
	trafficlog_close(r->log);
	r->log = NULL;
	snprintf(path, sizeof(path), "%s/%s", r->o->out_dir, TRAFFIC_LOG);
	record_end_run(r->rec, &r->main, path, status, abort_reason);
	/* the journal goes only once the whole record is on disk */
	if (!flush_record(r))
		record_journal_remove(r->rec, r->o->out_dir);
}

/* ---- the run folder ---- */

/* One run per folder, never over another run: a folder that holds files
 * is refused unless --force, and a sealed one always; the folder is
 * locked (flock on the directory itself, nothing written into it) for
 * the run's life. *lockfd gets the lock. Returns 0, 2 (refused) or 3. */
static int claim_out_dir(const struct engine_opts *o, int *lockfd, char *err, size_t errlen)
{
	char path[PATH_MAX];
	DIR *d;
	struct dirent *de;
	bool empty = true;

	if (mkdir_p(o->out_dir)) {
		snprintf(err, errlen, "cannot create %s: %s", o->out_dir, strerror(errno));
		return 3;
	}
	if ((*lockfd = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", o->out_dir, strerror(errno));
		return 3;
	}
	if (flock(*lockfd, LOCK_EX | LOCK_NB)) {
		snprintf(err, errlen, "%s is in use by another run", o->out_dir);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/MANIFEST.sig", o->out_dir);
	if (!access(path, F_OK)) {
		snprintf(err, errlen, "%s holds a sealed run (MANIFEST.sig); a sealed run is never overwritten",
			 o->out_dir);
		return 2;
	}
	if (!(d = opendir(o->out_dir))) {
		snprintf(err, errlen, "cannot read %s: %s", o->out_dir, strerror(errno));
		return 3;
	}
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	if (!empty && !o->force) {
		snprintf(err, errlen, "%s is not empty (an earlier run?); choose another --out, or --force to replace an unsealed run",
			 o->out_dir);
		return 2;
	}
	if (!empty && remove_tree_contents(o->out_dir)) {
		snprintf(err, errlen, "cannot clear %s: %s", o->out_dir, strerror(errno));
		return 3;
	}
	return 0;
}

/* --rerun-failed: the ids of the cases that failed or errored there. */
static int rerun_ids(const char *dir, char ***out, char *err, size_t errlen)
{
	char path[PATH_MAX], why[256];
	struct record *rec;
	json_object *cases = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	if (!(rec = record_load(path, why, sizeof(why)))) {
		snprintf(err, errlen, "--rerun-failed: %s", why);
		return 2;
	}
	json_object_object_get_ex(record_json(rec), "cases", &cases);
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i), *v, *id;

		if (json_object_object_get_ex(c, "verdict", &v) &&
		    json_object_object_get_ex(c, "id", &id) &&
		    (!strcmp(json_object_get_string(v), "fail") ||
		     !strcmp(json_object_get_string(v), "error")) &&
		    strv_push(out, json_object_get_string(id))) {
			record_free(rec);
			return 3;
		}
	}
	record_free(rec);
	if (!*out) {
		snprintf(err, errlen, "--rerun-failed: no case failed or errored in %s", dir);
		return 2;
	}
	return 0;
}

/* ---- the run ---- */

static int run_cases(struct run *r, const struct plan *plan, const char *why_not_started)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct plan_item *it = &plan->items[i];
		char why[512];
		json_object *c;

		if (!it->applicable) {
			c = skipped_case(r, it, VERDICT_SKIPPED, it->reason);
		} else if (!it->selected) {
			c = skipped_case(r, it, VERDICT_NOT_RUN, it->reason);
		} else if (stop_signal || r->lost[0]) {
			if (stop_signal)
				snprintf(why, sizeof(why), "not run: the run was interrupted (signal %d)",
					 (int)stop_signal);
			else
				snprintf(why, sizeof(why), "not run: %s", r->lost);
			c = skipped_case(r, it, VERDICT_NOT_RUN, why);
		} else if (why_not_started) { /* the run could not start: say so for each case */
			c = skipped_case(r, it, VERDICT_ERROR, why_not_started);
		} else {
			c = run_case(r, it);
		}
		record_add_case(r->rec, c);
	}
	return 0;
}

int engine_run(const struct profile *p, const struct engine_opts *o,
	       struct verdict_tally *tally, char *err, size_t errlen)
{
	struct run r = { .p = p, .o = o };
	char path[PATH_MAX], why[400] = "";
	char **rerun = NULL;
	struct plan_selection sel = { .cases = o->only, .tags = o->tags,
				      .exclude_tags = o->exclude_tags };
	struct sigaction old[3];
	struct plan plan;
	int rc, status, lockfd = -1;
	const char *end;

	memset(tally, 0, sizeof(*tally));
	if (o->rerun_dir && (status = rerun_ids(o->rerun_dir, &rerun, err, errlen)))
		return status;
	sel.rerun = rerun;
	if (plan_build(p, &sel, &plan, err, errlen)) {
		strv_free(rerun);
		return 2;
	}
	if ((status = claim_out_dir(o, &lockfd, err, errlen))) {
		if (lockfd >= 0)
			close(lockfd);
		plan_release(&plan);
		strv_free(rerun);
		return status;
	}
	snprintf(path, sizeof(path), "%s/%s", o->out_dir, TRAFFIC_LOG);
	r.log = trafficlog_open(path);
	r.rec = record_new();
	if (!r.log || !r.rec) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		trafficlog_close(r.log);
		record_free(r.rec);
		plan_release(&plan);
		strv_free(rerun);
		close(lockfd);
		return 3;
	}
	if (profile_secrets(p, &r.secrets) ||
	    !(r.con = console_new(o->progress, o->verbose ? stderr : NULL, r.secrets))) {
		snprintf(err, errlen, "out of memory");
		strv_free(r.secrets);
		trafficlog_close(r.log);
		record_free(r.rec);
		plan_release(&plan);
		strv_free(rerun);
		close(lockfd);
		return 3;
	}
	if (o->verbose)
		trafficlog_set_watch(r.log, console_frame, r.con);
	dut_link_init(&r.main, NULL, p->transport_kind);
	vars_init(&r.vars);
	record_begin_run(r.rec, p, TRAFFIC_LOG);
	record_set_selection(r.rec, &sel, o->rerun_dir, &plan);
	if (!flush_record(&r) && record_journal_open(r.rec, o->out_dir))
		snprintf(r.lost, sizeof(r.lost), "cannot create %s/%s: %s", o->out_dir,
			 RECORD_JOURNAL, strerror(errno));
	catch_stop_signals(old);

	/* simulators of one bench share a folder: a patient simulator and
	 * the monitor on its cuff meet there (hw/sim/bench/patient.c) */
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
	run_cases(&r, &plan, rc ? why : NULL);
	close_links(&r); /* before finish() closes the traffic log */
	close_instruments(&r);
	if (stop_signal) {
		end = "interrupted";
		snprintf(why, sizeof(why), "interrupted by signal %d", (int)stop_signal);
	} else if (log_lost(&r)) {
		end = "incomplete";
		snprintf(why, sizeof(why), "%s", r.lost);
	} else {
		end = rc ? "aborted" : "complete";
	}
	finish(&r, end, strcmp(end, "complete") ? why : NULL);
	record_summarize(r.rec, tally);
	status = verdict_tally_exit_status(tally);
	if (stop_signal)
		status = 128 + stop_signal;
	else if (strcmp(end, "complete") || r.lost[0])
		status = 3;
	if (strcmp(end, "complete") || r.lost[0])
		snprintf(err, errlen, "%s", r.lost[0] ? r.lost : why);
	if (o->junit_path &&
	    junit_write_opts(record_json(r.rec), o->junit_path,
			     &(struct junit_opts){ .dialect = (enum junit_dialect)o->junit_dialect,
						   .run_dir = o->out_dir,
						   .secrets = r.secrets })) {
		fprintf(stderr, "carecert: cannot write %s: %s\n", o->junit_path,
			strerror(errno));
		status = status ? status : 3;
	}
	restore_signals(old);
	strv_free(r.secrets);
	console_free(r.con);
	record_free(r.rec);
	vars_release(&r.vars);
	plan_release(&plan);
	strv_free(rerun);
	close(lockfd);
	return status;
}
