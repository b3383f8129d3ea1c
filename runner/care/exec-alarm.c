/* SPDX-License-Identifier: MIT */
/*
 * alarm_collect: carecert plays the care platform (http_serve's endpoint)
 * and takes every alarm the DUT delivers until each button press it was
 * given has arrived (and `settle` more, to see duplicates) or `within`
 * ends. Each request is logged as http_receive logs it. Figures
 * (docs/alarm-path.md): delivery ratio (distinct alarm ids / presses),
 * duplicates (an id again, not an escalation), requests the platform
 * refused (its outage: those are not deliveries), order (arrival against
 * the time each alarm says it was raised), content (resource type, who /
 * what / when / where paths present), and delivery latency from the press
 * (the actuator's clock) to the platform's receipt (carecert's wall clock),
 * each alarm matched to a press as event_compare matches events.
 */
#include "core/exec-internal.h"
#include "accuracy/acc-steps.h"
#include "accuracy/acc.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/stats.h"
#include "care/care-steps.h"
#include "care/carestat.h"
#include "http/http-serve.h"
#include "http/http-step.h"
#include "http/jpath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ALARM_MAX 1000 /* alarms kept of one collection */
#define ALARM_JSON_DEPTH 32
#define ALARM_EARLY_S                                                          \
	1.0 /* an alarm may say it was raised this much before the press */
#define ALARM_MATCH_S 600.0 /* and at most this much after */
#define ALARM_STANDARD                                                         \
	"carecert alarm path (EN 50134 series named; limits: suite, "          \
	"unconfirmed)"

struct got {
	char id[128];
	char kind[16]; /* delivered, duplicate, escalation, refused, unreadable
			*/
	unsigned status;
	double recv_ms; /* Unix ms, carecert's clock */
	double when_ms; /* raised, as the alarm says; NAN if not read */
};

/* ISO 8601 UTC or with an offset ("2026-12-06T07:40:00.123Z") as Unix ms. */
static bool iso_ms(const char *s, double *out)
{
	int Y, M, D, h, m, n = 0, oh = 0, om = 0;
	double sec;
	struct tm tm = {0};
	const char *p;
	char sign;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%lf%n", &Y, &M, &D, &h, &m, &sec,
		   &n) != 6 ||
	    M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 ||
	    !(sec >= 0 && sec < 61))
		return false;
	p = s + n;
	if (*p == 'Z' && !p[1]) {
		sign = '+';
	} else if ((*p == '+' || *p == '-') &&
		   sscanf(p + 1, "%2d:%2d", &oh, &om) == 2 && strlen(p) == 6) {
		sign = *p;
	} else {
		return false;
	}
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	*out = ((double)timegm(&tm) + sec -
		(sign == '+' ? 1 : -1) * (oh * 3600 + om * 60)) *
	       1000;
	return isfinite(*out);
}

static bool value_text(json_object *doc, const char *path, char *out,
		       size_t len)
{
	struct jpath_scratch sc = {0};
	json_object *v = NULL;
	bool ok = !jpath_get(doc, path, &v, &sc) && v &&
		  (json_object_is_type(v, json_type_string) ||
		   json_object_is_type(v, json_type_int) ||
		   json_object_is_type(v, json_type_double));

	if (ok)
		jpath_text(v, out, len);
	jpath_scratch_release(&sc);
	return ok && out[0];
}

static double wall_ms_of(int64_t mono_ns)
{
	struct timespec ts;

	wall_now(&ts);
	return (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6 -
	       (double)(mono_now_ns() - mono_ns) / 1e6;
}

/* Read one alarm: its kind, id and raised time; a content problem into
 * bad (the first is kept). */
static void read_alarm(const struct care_step *x,
		       const struct http_srv_item *it, struct got *g, char *bad,
		       size_t badlen, size_t *nbad)
{
	json_tokener *tok = json_tokener_new_ex(ALARM_JSON_DEPTH);
	json_object *doc = NULL;
	char v[256];

	snprintf(g->kind, sizeof(g->kind), "unreadable");
	if (tok)
		doc = json_tokener_parse_ex(tok, (const char *)it->body.data,
					    (int)it->body.len);
	if (!tok || !doc ||
	    json_tokener_get_error(tok) != json_tokener_success) {
		if (!(*nbad)++)
			snprintf(bad, badlen, "an alarm that is not JSON");
		goto out;
	}
	if (!value_text(doc, x->id_path, g->id, sizeof(g->id))) {
		if (!(*nbad)++)
			snprintf(bad, badlen, "an alarm without an id at %s",
				 x->id_path);
		goto out;
	}
	if (x->escalation_path &&
	    value_text(doc, x->escalation_path, v, sizeof(v)) && atof(v) > 0) {
		snprintf(g->kind, sizeof(g->kind), "escalation");
		goto out;
	}
	snprintf(g->kind, sizeof(g->kind), "delivered");
	if (x->resource_type &&
	    (!value_text(doc, "resourceType", v, sizeof(v)) ||
	     strcmp(v, x->resource_type)) &&
	    !(*nbad)++)
		snprintf(bad, badlen, "alarm %.100s: resourceType is not %.60s",
			 g->id, x->resource_type);
	for (size_t i = 0; i < x->ncontent; i++)
		if (!value_text(doc, x->content[i], v, sizeof(v)) && !(*nbad)++)
			snprintf(bad, badlen, "alarm %.100s: nothing at %.100s",
				 g->id, x->content[i]);
	if ((!value_text(doc, x->when_path, v, sizeof(v)) ||
	     !iso_ms(v, &g->when_ms)) &&
	    !(*nbad)++)
		snprintf(bad, badlen,
			 "alarm %.100s: %.100s is not an ISO 8601 time", g->id,
			 x->when_path);
out:
	json_object_put(doc);
	json_tokener_free(tok);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void judge(json_object *crit, enum verdict *v, char *why, size_t len,
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
	cv = isnan(fig) ? VERDICT_INCONCLUSIVE
	     : (at_least ? fig >= limit - ACC_EPS : fig <= limit + ACC_EPS)
		 ? VERDICT_PASS
		 : VERDICT_FAIL;
	json_object_array_add(crit,
			      acc_json_criterion(name, ALARM_STANDARD,
						 verdict_name(cv), obs, lim));
	if (cv != VERDICT_PASS) {
		acc_why_add(why, len, "%s %s, limit %s", name,
			    isnan(fig) ? "undefined" : obs, lim);
		if (cv == VERDICT_FAIL || *v == VERDICT_PASS)
			*v = cv;
	}
}

/* The platform's outage (http_serve's refuse_for or unreachable_for) as
 * two timeline entries: down (how) and up again. */
static void outage_into(struct exec *e, json_object *tl, double first_ms)
{
	enum http_srv_down how;
	unsigned status;
	int64_t from, to;

	if (!http_srv_outage(e->http_srv, &how, &status, &from, &to))
		return;
	for (int up = 0; up < 2; up++) {
		json_object *o = json_object_new_object();

		json_object_object_add(
		    o, "t_s",
		    acc_json_num(round(wall_ms_of(up ? to : from) - first_ms) /
				 1000));
		json_object_object_add(
		    o, "kind",
		    json_object_new_string(up ? "platform_up" : "platform_down"));
		if (!up) {
			json_object_object_add(
			    o, "outage",
			    json_object_new_string(how == HTTP_SRV_DOWN_NONE
						       ? "refused"
						       : http_srv_down_name(how)));
			if (status)
				json_object_object_add(
				    o, "status", json_object_new_int((int)status));
		}
		json_object_array_add(tl, o);
	}
}

enum verdict exec_alarm_collect(struct exec *e, const struct step *st)
{
	const struct care_step *x = st->care;
	const struct exec_list *pl = NULL;
	double min_del = NAN, max_lat = NAN, max_p95 = NAN, max_dup = NAN;
	struct got *g = NULL;
	size_t ng = 0, nuniq = 0, ndup = 0, nref = 0, nesc = 0, nbad = 0,
	       inversions = 0, other = 0;
	double *when = NULL, *recv = NULL, *press = NULL, first_ms,
	       last_when = -INFINITY;
	int64_t deadline = exec_deadline(e, x->within_ns), last_ns = 0;
	uint64_t first_seq = 0, last_seq = 0;
	char bad[256] = "", why[ACC_WHY_MAX] = "", exp[ACC_TEXT] = "",
	     obs[ACC_TEXT];
	struct evmatch_result r = {0};
	json_object *a, *crit, *stats, *tl, *lat;
	enum verdict v = VERDICT_PASS;
	size_t n;

	for (size_t i = 0; i < e->nlists; i++)
		if (!strcmp(e->lists[i].name, st->name))
			pl = &e->lists[i];
	if (!pl || !pl->n)
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "suite: alarm_collect: no event times in "
				   "list %s (append the actuator's press "
				   "times, or use fall_times, first)",
				   st->name);
	n = pl->n;
	if (!acc_param_num(e, st, alarm_collect_params, "", "min_delivery",
			   &min_del) ||
	    !acc_param_num(e, st, alarm_collect_params, "", "max_latency",
			   &max_lat) ||
	    !acc_param_num(e, st, alarm_collect_params, "", "max_latency_p95",
			   &max_p95) ||
	    !acc_param_num(e, st, alarm_collect_params, "", "max_duplicates",
			   &max_dup))
		return VERDICT_ERROR;
	if (!(g = calloc(ALARM_MAX, sizeof(*g))))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "out of memory");
	for (;;) {
		struct http_srv_item *it;
		uint64_t seq;
		int64_t until = deadline;
		int rc;

		/* every press has its alarm: listen `settle` more for
		 * duplicates */
		if (nuniq >= n && last_ns + x->settle_ns < until)
			until = last_ns + x->settle_ns;
		rc = exec_http_take_request(e, until, &it, &seq);
		if (rc == CC_ETIMEDOUT)
			break;
		if (rc) {
			free(g);
			return exec_decide(
			    e, VERDICT_ERROR, NULL, NULL, 0, 0, "%s",
			    rc == CC_ENOTFOUND ? "suite: alarm_collect needs "
						 "an http_serve before it"
			    : rc == CC_ESYS    ? "the platform's endpoint could "
						 "not come back up after its "
						 "outage"
					       : "out of memory");
		}
		if (!first_seq)
			first_seq = seq;
		last_seq = seq;
		if ((x->has_path_re &&
		     regexec(&x->path_re, it->path, 0, NULL, 0)) ||
		    ng == ALARM_MAX) {
			other++;
			http_srv_item_free(it);
			continue;
		}
		g[ng] = (struct got){.status = it->status,
				     .recv_ms = wall_ms_of(it->mono_ns),
				     .when_ms = NAN};
		if (it->status < 200 || it->status > 299) {
			/* the platform was down: a refused alarm is not
			 * delivered */
			snprintf(g[ng].kind, sizeof(g[ng].kind), "refused");
			{
				/* its content is judged when it is delivered */
				struct got tmp = g[ng];
				char scratch[256];
				size_t nscratch = 0;

				read_alarm(x, it, &tmp, scratch,
					   sizeof(scratch), &nscratch);
				snprintf(g[ng].id, sizeof(g[ng].id), "%s",
					 tmp.id);
			}
			nref++;
		} else {
			read_alarm(x, it, &g[ng], bad, sizeof(bad), &nbad);
			if (!strcmp(g[ng].kind, "escalation")) {
				nesc++;
			} else if (!strcmp(g[ng].kind, "delivered")) {
				for (size_t k = 0; k < ng; k++)
					if (!strcmp(g[k].kind, "delivered") &&
					    !strcmp(g[k].id, g[ng].id))
						snprintf(g[ng].kind,
							 sizeof(g[ng].kind),
							 "duplicate");
				if (!strcmp(g[ng].kind, "duplicate")) {
					ndup++;
				} else {
					nuniq++;
					last_ns = it->mono_ns;
					if (g[ng].when_ms < last_when)
						inversions++;
					if (isfinite(g[ng].when_ms))
						last_when = g[ng].when_ms;
				}
			}
		}
		ng++;
		http_srv_item_free(it);
	}
	/* latency: each delivered alarm to its press, by the time it says it
	 * was raised (event matching, care/carestat.h) */
	when = calloc(nuniq + 1, sizeof(*when));
	recv = calloc(nuniq + 1, sizeof(*recv));
	press = calloc(n, sizeof(*press));
	if (!when || !recv || !press) {
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				"out of memory");
		goto out;
	}
	{
		size_t k = 0;

		for (size_t i = 0; i < ng; i++)
			if (!strcmp(g[i].kind, "delivered") &&
			    isfinite(g[i].when_ms)) {
				when[k] = g[i].when_ms / 1000;
				recv[k++] = g[i].recv_ms / 1000;
			}
		/* by raised time, carrying the receipt along */
		for (size_t i = 1; i < k; i++)
			for (size_t j = i; j > 0 && when[j] < when[j - 1];
			     j--) {
				double t = when[j];

				when[j] = when[j - 1];
				when[j - 1] = t;
				t = recv[j];
				recv[j] = recv[j - 1];
				recv[j - 1] = t;
			}
		for (size_t i = 0; i < n; i++)
			press[i] = pl->v[i] / 1000;
		qsort(press, n, sizeof(*press), cmp_d);
		if (evmatch_run(press, n, when, k, ALARM_EARLY_S, ALARM_MATCH_S,
				86400, &r)) {
			v = exec_decide(
			    e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: the press times are not numbers (Unix ms)");
			goto out;
		}
		/* evmatch's latency is raised - pressed; the path's is received
		 * - pressed */
		for (size_t i = 0, j = 0; i < n; i++)
			if (r.match[i] >= 0)
				r.latency[j++] = recv[r.match[i]] - press[i];
		if (r.tp) {
			r.lat_max = r.latency[0];
			for (size_t i = 1; i < r.tp; i++)
				r.lat_max = fmax(r.lat_max, r.latency[i]);
			stats_percentile(r.latency, r.tp, 50, &r.lat_p50);
			stats_percentile(r.latency, r.tp, 95, &r.lat_p95);
		}
	}
	crit = json_object_new_array();
	judge(crit, &v, why, sizeof(why), "delivery ratio",
	      100.0 * (double)nuniq / (double)n, min_del, true, "%");
	judge(crit, &v, why, sizeof(why), "latency (max)",
	      r.tp ? r.lat_max : NAN, max_lat, false, "s");
	judge(crit, &v, why, sizeof(why), "latency (p95)",
	      r.tp ? r.lat_p95 : NAN, max_p95, false, "s");
	judge(crit, &v, why, sizeof(why), "duplicates", (double)ndup, max_dup,
	      false, "");
	if (x->in_order)
		judge(crit, &v, why, sizeof(why), "out of order",
		      (double)inversions, 0, false, "");
	/* content is always judged: an alarm must say who, what, when, where */
	judge(crit, &v, why, sizeof(why), "alarms with content errors",
	      (double)nbad, x->ncontent || x->resource_type ? 0 : NAN, false,
	      "");
	if (nbad)
		acc_why_add(why, sizeof(why), "first: %s", bad);
	snprintf(exp, sizeof(exp), "%zu alarm%s, one per %s", n,
		 n == 1 ? "" : "s", x->alarm_event);
	if (r.tp)
		snprintf(obs, sizeof(obs),
			 "%zu of %zu delivered (%zu duplicate, %zu refused "
			 "during outage, %zu "
			 "escalation), latency p95 %.2f s, max %.2f s",
			 nuniq, n, ndup, nref, nesc, r.lat_p95, r.lat_max);
	else
		snprintf(obs, sizeof(obs),
			 "%zu of %zu delivered (%zu duplicate, %zu refused)",
			 nuniq, n, ndup, nref);
	if (v == VERDICT_PASS)
		snprintf(why, sizeof(why), "%s", obs);
	a = json_object_new_object();
	json_object_object_add(a, "method",
			       json_object_new_string("alarm-path"));
	json_object_object_add(a, "standard",
			       json_object_new_string(ALARM_STANDARD));
	json_object_object_add(
	    a, "clause",
	    json_object_new_string("emergency alarm path: delivery ratio, "
				   "latency from the press, duplicates, order, "
				   "content"));
	first_ms = press[0] * 1000;
	tl = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(
		    o, "t_s",
		    acc_json_num(round(press[i] * 1000 - first_ms) / 1000));
		json_object_object_add(o, "kind",
				       json_object_new_string(x->alarm_event));
		json_object_array_add(tl, o);
	}
	for (size_t i = 0; i < ng; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(
		    o, "t_s",
		    acc_json_num(round(g[i].recv_ms - first_ms) / 1000));
		json_object_object_add(o, "kind",
				       json_object_new_string(g[i].kind));
		json_object_object_add(
		    o, "id",
		    g[i].id[0] ? json_object_new_string(g[i].id) : NULL);
		json_object_object_add(o, "status",
				       json_object_new_int((int)g[i].status));
		json_object_array_add(tl, o);
	}
	outage_into(e, tl, first_ms);
	json_object_object_add(a, "timeline", tl);
	lat = json_object_new_array();
	for (size_t i = 0; i < r.tp; i++)
		json_object_array_add(
		    lat, acc_json_num(round(r.latency[i] * 1000) / 1000));
	json_object_object_add(a, "latencies_s", lat);
	json_object_object_add(a, "in_order_judged",
			       json_object_new_boolean(x->in_order));
	stats = json_object_new_object();
	json_object_object_add(stats, "n_presses", json_object_new_uint64(n));
	json_object_object_add(stats, "n_delivered",
			       json_object_new_uint64(nuniq));
	json_object_object_add(stats, "n_duplicates",
			       json_object_new_uint64(ndup));
	json_object_object_add(stats, "n_refused",
			       json_object_new_uint64(nref));
	json_object_object_add(stats, "n_escalations",
			       json_object_new_uint64(nesc));
	json_object_object_add(stats, "n_out_of_order",
			       json_object_new_uint64(inversions));
	json_object_object_add(stats, "n_content_errors",
			       json_object_new_uint64(nbad));
	json_object_object_add(stats, "delivery_pct",
			       acc_json_num(100.0 * (double)nuniq / (double)n));
	json_object_object_add(stats, "latency_p50_s",
			       acc_json_num(r.tp ? r.lat_p50 : NAN));
	json_object_object_add(stats, "latency_p95_s",
			       acc_json_num(r.tp ? r.lat_p95 : NAN));
	json_object_object_add(stats, "latency_max_s",
			       acc_json_num(r.tp ? r.lat_max : NAN));
	json_object_object_add(a, "expected", json_object_new_string(exp));
	json_object_object_add(a, "observed", json_object_new_string(obs));
	json_object_object_add(a, "verdict", acc_json_verdict(v));
	json_object_object_add(a, "why", json_object_new_string(why));
	json_object_object_add(a, "criteria", crit);
	json_object_object_add(a, "statistics", stats);
	json_object_array_add(e->accuracy, a);
	/* the alarms delivered, for the steps after (acknowledge, expect) */
	for (size_t i = 0, k = 0; i < ng; i++)
		if (!strcmp(g[i].kind, "delivered")) {
			if (!k++ &&
			    vars_set(&e->vars, "alarms.first_id", g[i].id))
				break;
			if (vars_set(&e->vars, "alarms.last_id", g[i].id))
				break;
		}
	if (vars_setf(&e->vars, "alarms.delivered", "%zu", nuniq))
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				"out of memory");
	if (other)
		transport_log_event(e->t, "alarm-collect",
				    "requests on other paths skipped");
	v = exec_decide(e, v, exp, obs, first_seq, last_seq, "alarm path: %s",
			why);
out:
	evmatch_release(&r);
	free(when);
	free(recv);
	free(press);
	free(g);
	return v;
}
