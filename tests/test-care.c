/* SPDX-License-Identifier: MIT */
/*
 * Behaviour monitoring (runner/care): the scripted-day parser, the
 * confusion matrix with recall, precision and Cohen's kappa, true events
 * of a day, event matching and latency, and the device's JSON reports;
 * against values worked out by hand (shown in the comments).
 */
#include <check.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "core/exec.h"
#include "core/profile.h"
#include "http/http.h"
#include "care/carerep.h"
#include "care/carestat.h"
#include "care/day.h"
#include "base/clock.h"
#include "fall/fallgen.h"
#include "fall/falltrial.h"
#include "testutil.h"

static struct day *parse_ok(const char *text)
{
	struct day *day;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(day_parse(text, strlen(text), "t.csv", &day, &d),
			 CC_OK);
	ck_assert_uint_eq(diag_count(&d), 0);
	diag_release(&d);
	return day;
}

/* The first message of a refused day, "t.csv:L:C: ..." */
static void parse_bad(const char *text, const char *want)
{
	struct day *day;
	struct diag d;
	char msg[512];

	diag_init(&d);
	ck_assert_int_ne(day_parse(text, strlen(text), "t.csv", &day, &d),
			 CC_OK);
	ck_assert_ptr_null(day);
	ck_assert_uint_ge(d.n, 1);
	snprintf(msg, sizeof(msg), "%s:%u:%u: %s", d.v[0].file, d.v[0].line,
		 d.v[0].col, d.v[0].msg);
	ck_assert_msg(strstr(msg, want), "'%s' lacks '%s'", msg, want);
	diag_release(&d);
}

START_TEST(test_day_parse)
{
	struct day *day = parse_ok("\xEF\xBB\xBF# a day\r\n"
				   "time,activity,hr,rr\r\n"
				   "\n"
				   "0,in_bed,58,13\r\n"
				   "01:30,walking,,\n"
				   " 5400.5 , on_floor \n"
				   "02:00:00,end\n");

	ck_assert_uint_eq(day->n, 3);
	ck_assert_double_eq(day->end, 7200);
	ck_assert_int_eq(day->v[0].act, CARE_IN_BED);
	ck_assert_double_eq(day->v[0].hr, 58);
	ck_assert_double_eq(day->v[0].rr, 13);
	ck_assert_double_eq(day->v[0].end, 5400);
	ck_assert_int_eq(day->v[1].act, CARE_WALKING);
	ck_assert(isnan(day->v[1].hr));
	ck_assert_double_eq(day->v[2].start, 5400.5);
	ck_assert_uint_eq(day->v[2].line, 6);
	ck_assert_ptr_eq(day_at(day, 0), &day->v[0]);
	ck_assert_ptr_eq(day_at(day, 5400.4), &day->v[1]);
	ck_assert_ptr_eq(day_at(day, 7199.9), &day->v[2]);
	ck_assert_ptr_null(day_at(day, 7200));
	ck_assert_ptr_null(day_at(day, -1));
	day_free(day);
}
END_TEST

START_TEST(test_day_errors)
{
	parse_bad("time,activity\n0,in_bed\n",
		  "t.csv:2:1: the last row must be 'end'");
	parse_bad("time,activty\n", "t.csv:1:6: column must be 'activity'");
	parse_bad("0,in_bed\n", "t.csv:1:1: column must be 'time'");
	parse_bad("time\n", "t.csv:1:1: the header names");
	parse_bad("time,activity\n0,sleeping\n10,end\n",
		  "t.csv:2:3: unknown activity 'sleeping'");
	parse_bad("time,activity\n10,in_bed\n10,walking\n20,end\n",
		  "t.csv:3:1: time 10 does not come after");
	parse_bad("time,activity\n0,in_bed\n10:75,end\n",
		  "t.csv:3:1: '10:75' is not a time");
	parse_bad("time,activity\n0,in_bed\n0x10,end\n", "is not a time");
	parse_bad("time,activity\n0,in_bed\nnan,end\n", "is not a time");
	parse_bad("time,activity,hr\n0,in_bed,900\n10,end\n",
		  "t.csv:2:10: hr (bpm)");
	parse_bad("time,activity\n0,in_bed\n10,end\n20,walking\n",
		  "t.csv:4:1: a row after 'end'");
	parse_bad("time,activity\n0,in_bed,1\n10,end\n",
		  "t.csv:2:1: a row is time,activity");
	parse_bad("# nothing\n", "no header line");
	parse_bad("time,activity\n0,end\n", "'end' before any activity");
	parse_bad("time,activity\n0,in_bed\n700000,end\n", "up to a week");
}
END_TEST

START_TEST(test_day_bounds)
{
	char *big = malloc(DAY_MAX_BYTES + 2), line[DAY_MAX_LINE + 40];
	struct day *day;
	struct diag d;

	memset(big, '#', DAY_MAX_BYTES + 1);
	big[DAY_MAX_BYTES + 1] = 0;
	diag_init(&d);
	ck_assert_int_eq(day_parse(big, DAY_MAX_BYTES + 1, "t.csv", &day, &d),
			 CC_ETOOBIG);
	diag_release(&d);
	free(big);
	memset(line, 'x', sizeof(line));
	memcpy(line, "time,activity\n", 14);
	line[sizeof(line) - 1] = 0;
	parse_bad(line, "t.csv:2:257: line longer than 256 bytes");
}
END_TEST

START_TEST(test_time_parse)
{
	double t;

	ck_assert_int_eq(day_time_parse("24:00:00", &t), CC_OK);
	ck_assert_double_eq(t, 86400);
	ck_assert_int_eq(day_time_parse("07:05", &t), CC_OK);
	ck_assert_double_eq(t, 25500);
	ck_assert_int_eq(day_time_parse("00:00:01.5", &t), CC_OK);
	ck_assert_double_eq(t, 1.5);
	ck_assert_int_eq(day_time_parse("12.25", &t), CC_OK);
	ck_assert_double_eq(t, 12.25);
	ck_assert_int_eq(day_time_parse("-1", &t), CC_EINVAL);
	ck_assert_int_eq(day_time_parse("1:2:3:4", &t), CC_EINVAL);
	ck_assert_int_eq(day_time_parse("01:00:60", &t), CC_EINVAL);
	ck_assert_int_eq(day_time_parse("inf", &t), CC_EINVAL);
	ck_assert_int_eq(day_time_parse("", &t), CC_EINVAL);
}
END_TEST

/* Two classes, 50 epochs:           device in_bed  out_of_bed
 *                   truth in_bed         20            5
 *                   truth out_of_bed     10           15
 * accuracy 35/50 = 0.7; rows 25, 25; columns 30, 20;
 * pe = (25*30 + 25*20) / 50^2 = 1250/2500 = 0.5; kappa = 0.2/0.5 = 0.4;
 * recall 20/25 = 0.8 and 15/25 = 0.6; precision 20/30 and 15/20. */
START_TEST(test_kappa)
{
	struct cmx c;
	struct cmx_figures f;

	cmx_init(&c);
	for (int i = 0; i < 20; i++)
		cmx_add(&c, CARE_IN_BED, CARE_IN_BED);
	for (int i = 0; i < 5; i++)
		cmx_add(&c, CARE_IN_BED, CARE_OUT_OF_BED);
	for (int i = 0; i < 10; i++)
		cmx_add(&c, CARE_OUT_OF_BED, CARE_IN_BED);
	for (int i = 0; i < 15; i++)
		cmx_add(&c, CARE_OUT_OF_BED, CARE_OUT_OF_BED);
	cmx_figures(&c, &f);
	ck_assert_uint_eq(c.total, 50);
	ck_assert_double_eq_tol(f.accuracy, 0.7, 1e-12);
	ck_assert_double_eq_tol(f.pe, 0.5, 1e-12);
	ck_assert_double_eq_tol(f.kappa, 0.4, 1e-12);
	ck_assert_double_eq_tol(f.recall[CARE_IN_BED], 0.8, 1e-12);
	ck_assert_double_eq_tol(f.recall[CARE_OUT_OF_BED], 0.6, 1e-12);
	ck_assert_double_eq_tol(f.precision[CARE_IN_BED], 20.0 / 30, 1e-12);
	ck_assert_double_eq_tol(f.precision[CARE_OUT_OF_BED], 0.75, 1e-12);
	ck_assert(isnan(f.recall[CARE_WALKING]));
	ck_assert(isnan(f.precision[CARE_WALKING]));
}
END_TEST

/* "Said nothing" is a column with no row: truth in_bed 10 epochs, the
 * device in_bed 8 and none 2: accuracy 0.8, pe = 10*8/100 = 0.8, kappa
 * (0.8 - 0.8)/(1 - 0.8) = 0: one class only, no agreement beyond chance.
 * Perfect agreement of one class: pe = 1, kappa undefined. */
START_TEST(test_kappa_none_and_undefined)
{
	struct cmx c;
	struct cmx_figures f;

	cmx_init(&c);
	for (int i = 0; i < 8; i++)
		cmx_add(&c, CARE_IN_BED, CARE_IN_BED);
	cmx_add(&c, CARE_IN_BED, CARE_NONE);
	cmx_add(&c, CARE_IN_BED, CARE_NONE);
	cmx_figures(&c, &f);
	ck_assert_double_eq_tol(f.accuracy, 0.8, 1e-12);
	ck_assert_double_eq_tol(f.kappa, 0, 1e-12);
	ck_assert_uint_eq(f.col[CARE_NONE], 2);
	ck_assert_double_eq_tol(f.precision[CARE_IN_BED], 1, 1e-12);
	cmx_init(&c);
	cmx_add(&c, CARE_ABSENT, CARE_ABSENT);
	cmx_figures(&c, &f);
	ck_assert(isnan(f.kappa));
	cmx_init(&c);
	cmx_figures(&c, &f);
	ck_assert(isnan(f.accuracy) && isnan(f.kappa));
}
END_TEST

/* A 600 s day: in_bed 0-300, walking 300-400, on_floor 400-600. The
 * device says in_bed from 0, walking from 320, on_floor from 450. Epochs
 * of 100 s sampled at 50, 150, ...: truth bed bed bed walk floor floor;
 * device bed bed bed walk (350 >= 320) walk (450 >= 450: floor... the
 * change at 450 is at or before 450) -> floor, floor: all six agree. With
 * the floor change at 460 the fifth epoch says walking. */
START_TEST(test_cmx_from_day)
{
	struct day *day = parse_ok(
	    "time,activity\n0,in_bed\n300,walking\n400,on_floor\n600,end\n");
	double t[] = {0, 320, 460};
	enum care_activity a[] = {CARE_IN_BED, CARE_WALKING, CARE_ON_FLOOR};
	struct care_track tr = {t, a, 3};
	struct cmx c;
	struct cmx_figures f;

	ck_assert_int_eq(cmx_from_day(day, &tr, 100, &c), CC_OK);
	ck_assert_uint_eq(c.total, 6);
	ck_assert_uint_eq(c.m[CARE_ON_FLOOR][CARE_WALKING], 1);
	ck_assert_uint_eq(c.m[CARE_ON_FLOOR][CARE_ON_FLOOR], 1);
	cmx_figures(&c, &f);
	ck_assert_double_eq_tol(f.recall[CARE_ON_FLOOR], 0.5, 1e-12);
	ck_assert_double_eq_tol(f.precision[CARE_WALKING], 0.5, 1e-12);
	ck_assert_int_eq(care_track_at(&tr, -1), CARE_NONE);
	ck_assert_int_eq(care_track_at(&tr, 320), CARE_WALKING);
	ck_assert_int_eq(cmx_from_day(day, &tr, 0, &c), CC_EINVAL);
	ck_assert_int_eq(cmx_from_day(day, &tr, 1e-5, &c), CC_EINVAL);
	day_free(day);
}
END_TEST

/* The fixture day's events (its header says which). */
START_TEST(test_true_events)
{
	char path[4096];
	struct day *day;
	struct diag d;
	struct care_event_rules rules = {.inactivity_after = 120,
					 .bathroom_max = 1800};
	double *t;
	size_t n;

	snprintf(path, sizeof(path), "%s/suites/fixtures/care/day-1.csv",
		 tu_top());
	diag_init(&d);
	ck_assert_int_eq(day_load(path, &day, &d), CC_OK);
	diag_release(&d);
	ck_assert_double_eq(day->end, 86400);
	ck_assert_int_eq(
	    care_true_events(day, CARE_EV_BED_EXIT, &rules, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_double_eq(t[0], 2 * 3600 + 600);
	ck_assert_double_eq(t[1], 6 * 3600 + 2700);
	ck_assert_double_eq(t[2], 14 * 3600);
	free(t);
	ck_assert_int_eq(
	    care_true_events(day, CARE_EV_INACTIVITY, &rules, &t, &n), CC_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_double_eq(t[0], 15 * 3600 + 22 * 60 + 120);
	free(t);
	ck_assert_int_eq(
	    care_true_events(day, CARE_EV_BATHROOM_LONG, &rules, &t, &n),
	    CC_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_double_eq(t[0], 17 * 3600 + 1800);
	free(t);
	/* 20 min in the bathroom at 06:50 is too long with a 15 min rule */
	rules.bathroom_max = 900;
	ck_assert_int_eq(
	    care_true_events(day, CARE_EV_BATHROOM_LONG, &rules, &t, &n),
	    CC_OK);
	ck_assert_uint_eq(n, 3);
	free(t);
	rules.bathroom_max = 7200;
	ck_assert_int_eq(
	    care_true_events(day, CARE_EV_BATHROOM_LONG, &rules, &t, &n),
	    CC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(t);
	day_free(day);
}
END_TEST

/* truth 100, 200, 300; device 95, 130, 205, 206, 500; early 10 s, window
 * 60 s, a 43200 s day:
 *   95  -> true 100 (90 <= 95 <= 160), latency -5
 *   130 -> true 100 is taken, 200 opens at 190: false
 *   205 -> true 200, latency +5
 *   206 -> 200 taken, 300 opens at 290: false
 *   500 -> 300 closed at 360: false
 * TP 2, FN 1 (300), FP 3, ratio 2/3, 3 false in half a day = 6 a day;
 * latencies -5, 5: p50 0, p95 -5 + 0.95*10 = 4.5, max 5. */
START_TEST(test_evmatch)
{
	static const double truth[] = {100, 200, 300},
			    dev[] = {95, 130, 205, 206, 500};
	struct evmatch_result r;

	ck_assert_int_eq(evmatch_run(truth, 3, dev, 5, 10, 60, 43200, &r),
			 CC_OK);
	ck_assert_uint_eq(r.tp, 2);
	ck_assert_uint_eq(r.fn, 1);
	ck_assert_uint_eq(r.fp, 3);
	ck_assert_double_eq_tol(r.detection_ratio, 2.0 / 3, 1e-12);
	ck_assert_double_eq_tol(r.false_per_day, 6, 1e-12);
	ck_assert_int_eq(r.match[0], 0);
	ck_assert_int_eq(r.match[1], 2);
	ck_assert_int_eq(r.match[2], -1);
	ck_assert_double_eq_tol(r.latency[0], -5, 1e-12);
	ck_assert_double_eq_tol(r.latency[1], 5, 1e-12);
	ck_assert_double_eq_tol(r.lat_p50, 0, 1e-12);
	ck_assert_double_eq_tol(r.lat_p95, 4.5, 1e-12);
	ck_assert_double_eq_tol(r.lat_max, 5, 1e-12);
	evmatch_release(&r);
	/* nothing true, nothing said: ratio undefined, no false events */
	ck_assert_int_eq(evmatch_run(NULL, 0, NULL, 0, 0, 60, 86400, &r),
			 CC_OK);
	ck_assert(isnan(r.detection_ratio));
	ck_assert_double_eq(r.false_per_day, 0);
	ck_assert(isnan(r.lat_max));
	evmatch_release(&r);
	/* unordered or non-finite times, a window of 0 */
	ck_assert_int_eq(evmatch_run(dev + 1, 2, NULL, 0, 0, 60, 86400, &r),
			 CC_OK);
	evmatch_release(&r);
	{
		static const double back[] = {200, 100}, bad[] = {NAN};

		ck_assert_int_eq(
		    evmatch_run(back, 2, NULL, 0, 0, 60, 86400, &r), CC_EINVAL);
		ck_assert_int_eq(
		    evmatch_run(truth, 3, bad, 1, 0, 60, 86400, &r), CC_EINVAL);
		ck_assert_int_eq(evmatch_run(truth, 3, dev, 5, 0, 0, 86400, &r),
				 CC_EINVAL);
	}
}
END_TEST

static json_object *js(const char *text)
{
	json_object *o = json_tokener_parse(text);

	ck_assert_ptr_nonnull(o);
	return o;
}

START_TEST(test_reports)
{
	json_object *o = js("[{\"t\": 0, \"class\": \"in_bed\"}, {\"t\": 25.5, "
			    "\"class\": \"walking\"}]");
	enum care_activity *a;
	double *t, *v;
	size_t n, other;
	char err[256];

	ck_assert_int_eq(carerep_activity(o, &t, &a, &n, err, sizeof(err)),
			 CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_double_eq(t[1], 25.5);
	ck_assert_int_eq(a[1], CARE_WALKING);
	free(t);
	free(a);
	json_object_put(o);

	o = js("[{\"t\": 10, \"class\": \"in_bed\"}, {\"t\": 5, \"class\": "
	       "\"walking\"}]");
	ck_assert_int_eq(carerep_activity(o, &t, &a, &n, err, sizeof(err)),
			 CC_EPROTO);
	ck_assert_str_eq(err, "activity[1].t: 5 goes back (after 10)");
	ck_assert_ptr_null(t);
	json_object_put(o);
	o = js("[{\"t\": 10, \"class\": \"dancing\"}]");
	ck_assert_int_eq(carerep_activity(o, &t, &a, &n, err, sizeof(err)),
			 CC_EPROTO);
	ck_assert_str_eq(err, "activity[0].class: not a known class");
	json_object_put(o);
	o = js("{\"t\": 1}");
	ck_assert_int_eq(carerep_activity(o, &t, &a, &n, err, sizeof(err)),
			 CC_EPROTO);
	ck_assert_str_eq(err, "activity: not an array");
	json_object_put(o);

	/* events: other types counted, the rest sorted */
	o = js("[{\"t\": 300, \"type\": \"bed_exit\"}, {\"t\": 100, \"type\": "
	       "\"room_entry\"},"
	       " {\"t\": 200, \"type\": \"bed_exit\", \"id\": \"x\"}]");
	ck_assert_int_eq(carerep_events(o, CARE_EV_BED_EXIT, &t, &n, &other,
					err, sizeof(err)),
			 CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(other, 1);
	ck_assert_double_eq(t[0], 200);
	free(t);
	json_object_put(o);
	o = js("[{\"t\": \"noon\", \"type\": \"bed_exit\"}]");
	ck_assert_int_eq(carerep_events(o, CARE_EV_BED_EXIT, &t, &n, &other,
					err, sizeof(err)),
			 CC_EPROTO);
	ck_assert_str_eq(err, "events[0].t: not a number");
	json_object_put(o);

	/* vitals: readings without the member (or null) are skipped */
	o = js("[{\"t\": 0, \"hr\": 60, \"rr\": 12}, {\"t\": 300, \"rr\": 13},"
	       " {\"t\": 600, \"hr\": null}, {\"t\": 900, \"hr\": 62.5}]");
	ck_assert_int_eq(carerep_vitals(o, "hr", &t, &v, &n, err, sizeof(err)),
			 CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_double_eq(t[1], 900);
	ck_assert_double_eq(v[1], 62.5);
	free(t);
	free(v);
	json_object_put(o);
	o = js("[{\"t\": 0, \"hr\": -3}]");
	ck_assert_int_eq(carerep_vitals(o, "hr", &t, &v, &n, err, sizeof(err)),
			 CC_EPROTO);
	ck_assert_str_eq(err, "vitals[0].hr: -3 is outside 0...1000");
	json_object_put(o);
}
END_TEST

/* ---- the steps through the loader and the executor ---- */

struct run {
	struct diag d;
	struct profile *p;
	struct vars run_vars;
	struct exec e;
};

static const char *builtin(void *data, const char *name, char *sc, size_t n)
{
	(void)sc;
	(void)n;
	return !strncmp(name, "limit.", 6) ? profile_limit(data, name + 6)
					   : NULL;
}

/* dir/suites/c.yaml with these steps and dir/suites/day.csv; NULL with
 * r->d on errors. */
static struct profile *load(struct run *r, const char *dir, const char *day,
			    const char *steps)
{
	static const char head[] =
	    "schema: carecert/suite/1\nid: c\ntitle: care\n"
	    "category: behaviour_monitor\ntransport: data\ncases:\n"
	    "  - id: C-01\n    title: c\n"
	    "    requirement: {standard: S, clause: \"1\"}\n    steps:\n";
	char *text = malloc(sizeof(head) + strlen(steps)), *path;

	memset(r, 0, sizeof(*r));
	sprintf(text, "%s%s", head, steps);
	free(tu_write(dir, "suites/c.yaml", text));
	free(text);
	free(tu_write(dir, "suites/day.csv", day));
	path = tu_write(
	    dir, "profiles/p.yaml",
	    "schema: carecert/profile/1\n"
	    "dut: {category: behaviour_monitor, vendor: V, model: M, firmware: "
	    "\"1\", serial_number: S}\n"
	    "transport: {kind: data}\nsuites: [c]\n");
	diag_init(&r->d);
	r->p = profile_load(path, NULL, &r->d);
	free(path);
	return r->p;
}

/* Run the case with body as the last HTTP exchange (the device's report). */
static enum verdict run(struct run *r, const char *dir, const char *day,
			const char *steps, const char *body)
{
	struct http_response *h;

	if (!load(r, dir, day, steps)) {
		diag_print(&r->d, stderr);
		ck_abort_msg("the suite does not load");
	}
	vars_init(&r->run_vars);
	r->e.suite = r->p->suites[0];
	r->e.tc = &r->p->suites[0]->cases[0];
	r->e.run_vars = &r->run_vars;
	r->e.builtin = builtin;
	r->e.builtin_data = r->p;
	r->e.profile = r->p;
	r->e.deadline_ns = INT64_MAX;
	ck_assert_int_eq(exec_init(&r->e), 0);
	h = malloc(sizeof(*h));
	http_response_init(h);
	h->outcome = HTTP_OUT_RESPONSE;
	h->status = 200;
	ck_assert_int_eq(buf_append(&h->body, body, strlen(body)), 0);
	r->e.http_last = h;
	return exec_run(&r->e);
}

static void done(struct run *r)
{
	if (r->e.evidence) {
		exec_release(&r->e);
		vars_release(&r->run_vars);
	}
	profile_free(r->p);
	diag_release(&r->d);
}

static json_object *eval(struct run *r, size_t i)
{
	return json_object_array_get_idx(r->e.accuracy, i);
}

static double stat_of(struct run *r, size_t i, const char *key)
{
	json_object *s = json_object_object_get(eval(r, i), "statistics"), *v;

	ck_assert_msg(json_object_object_get_ex(s, key, &v) && v,
		      "no statistics.%s", key);
	return json_object_get_double(v);
}

#define DAY2                                                                   \
	"time,activity,hr\n0,in_bed,60\n300,walking,\n400,on_floor,\n600,"     \
	"end\n"

/* The worked example of test_cmx_from_day through the steps: the device
 * says in_bed from 0, walking from 320, on_floor from 460; epochs of
 * 100 s: 5 of 6 agree. Rows in_bed 3, walking 1, on_floor 2; columns
 * in_bed 3, walking 2, on_floor 1: pe = (9 + 2 + 2)/36, kappa = (5/6 -
 * 13/36)/(1 - 13/36) = 17/23. A bed exit at 300, the device's at 310:
 * latency 10 s. Heart rate 60 reference, 63 and 68 reported in bed: the
 * second is 8 off, beyond max(5, 6). */
START_TEST(test_steps)
{
	static const char body[] =
	    "{\"time_scale\": 1000, \"activity\": [{\"t\": 0, \"class\": "
	    "\"in_bed\"},"
	    " {\"t\": 320, \"class\": \"walking\"}, {\"t\": 460, \"class\": "
	    "\"on_floor\"}],"
	    " \"events\": [{\"t\": 310, \"type\": \"bed_exit\"}, {\"t\": 550, "
	    "\"type\": \"bed_exit\"}],"
	    " \"vitals\": [{\"t\": 100, \"hr\": 63}, {\"t\": 200, \"hr\": 68},"
	    " {\"t\": 350, \"hr\": 90}]}";
	char *dir = tu_mkdtemp();
	struct run r;

	ck_assert_int_eq(run(&r, dir, DAY2,
			     "      - activity_compare: {day: day.csv, epoch: "
			     "100 s, min_kappa: 0.7}\n",
			     body),
			 VERDICT_PASS);
	ck_assert_double_eq_tol(stat_of(&r, 0, "kappa"), 17.0 / 23, 1e-9);
	ck_assert_double_eq_tol(stat_of(&r, 0, "accuracy_pct"), 500.0 / 6,
				1e-9);
	ck_assert_double_eq(json_object_get_double(json_object_object_get(
				eval(&r, 0), "time_scale")),
			    1000);
	done(&r);
	ck_assert_int_eq(
	    run(&r, dir, DAY2,
		"      - activity_compare: {day: day.csv, epoch: 100 s, "
		"min_recall: 60}\n",
		body),
	    VERDICT_FAIL);
	ck_assert_msg(strstr(r.e.reason, "recall on_floor 50 %, limit >= 60 %"),
		      "%s", r.e.reason);
	done(&r);
	/* one true bed exit (300), matched at 310; the one at 550 is false:
	 * one in 600 s is 144 a day */
	ck_assert_int_eq(run(&r, dir, DAY2,
			     "      - event_compare: {day: day.csv, event: "
			     "bed_exit, window: 60 s, "
			     "min_detection: 100, max_latency: 10 s, "
			     "max_false_per_day: 100}\n",
			     body),
			 VERDICT_FAIL);
	ck_assert_double_eq_tol(stat_of(&r, 0, "latency_max_s"), 10, 1e-9);
	ck_assert_double_eq_tol(stat_of(&r, 0, "false_per_day"), 144, 1e-9);
	ck_assert_msg(
	    strstr(r.e.reason, "false events per day 144, limit <= 100"), "%s",
	    r.e.reason);
	done(&r);
	/* vitals: the reading at 350 s has no reference (walking) */
	ck_assert_int_eq(
	    run(&r, dir, DAY2,
		"      - vitals_compare: {day: day.csv, quantity: hr}\n", body),
	    VERDICT_FAIL);
	ck_assert_double_eq(stat_of(&r, 0, "n_pairs"), 2);
	ck_assert_double_eq(stat_of(&r, 0, "n_within"), 1);
	ck_assert_int_eq(json_object_get_int(json_object_object_get(
			     eval(&r, 0), "n_unreferenced")),
			 1);
	done(&r);
	/* a report that is not JSON, or damaged: a failure with what is wrong
	 */
	ck_assert_int_eq(run(&r, dir, DAY2,
			     "      - activity_compare: {day: day.csv}\n",
			     "<html>"),
			 VERDICT_FAIL);
	ck_assert_msg(strstr(r.e.reason, "not JSON"), "%s", r.e.reason);
	done(&r);
	ck_assert_int_eq(
	    run(&r, dir, DAY2, "      - activity_compare: {day: day.csv}\n",
		"{\"activity\": [{\"t\": 5, \"class\": \"sleeping\"}]}"),
	    VERDICT_FAIL);
	ck_assert_msg(
	    strstr(r.e.reason, "activity[0].class: not a known class"), "%s",
	    r.e.reason);
	done(&r);
	tu_rmdir(dir);
}
END_TEST

/* fall_times: the replay's fall impacts as Unix ms on this clock, for
 * alarm_collect: the start (this step, + lead) plus each impact's motion
 * time / compression. The set regenerated here gives the impacts. */
START_TEST(test_fall_times)
{
	static const char *const codes[] = {"F01", "D01", "F05"};
	char *dir = tu_mkdtemp(), steps[1024], hash[65];
	struct fallgen_params p;
	struct fall_set *set = NULL;
	struct timespec ts;
	double before, after, at = 0, impact[2];
	size_t nf = 0;
	const struct exec_list *l = NULL;
	struct run r;
	char err[200];

	fallgen_params_default(&p);
	p.seed = 7;
	p.pre_s = 3;
	p.post_s = 5;
	p.lie_s = 0;
	p.codes = codes;
	p.ncodes = 3;
	ck_assert_int_eq(fallgen_set(&p, &set, err, sizeof(err)), CC_OK);
	fall_set_hash(set, hash);
	/* trials back to back with a gap of 2 s; D01 has no impact */
	for (size_t i = 0; i < set->n; i++) {
		if (set->v[i].fall)
			impact[nf++] = at + set->v[i].impact_t;
		at += fall_trial_duration(&set->v[i]) + 2;
	}
	ck_assert_uint_eq(nf, 2);
	fall_set_free(set);
	snprintf(steps, sizeof(steps),
		 "      - fall_times:\n"
		 "          trials: {seed: \"7\", subjects: \"1\", reps: \"1\", fs: \"200\", "
		 "pre: \"3\", post: \"5\", lie: \"0\", gap: \"2\", types: [F01, D01, F05]}\n"
		 "          compression: \"10\"\n"
		 "          hash: \"%s\"\n"
		 "          lead: 500 ms\n"
		 "          list: falls\n", hash);
	wall_now(&ts);
	before = (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6;
	ck_assert_int_eq(run(&r, dir, DAY2, steps, "{}"), VERDICT_PASS);
	wall_now(&ts);
	after = (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6;
	for (size_t i = 0; i < r.e.nlists; i++)
		if (!strcmp(r.e.lists[i].name, "falls"))
			l = &r.e.lists[i];
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->n, 2);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_double_ge(l->v[i], floor(before + 500 + impact[i] * 100));
		ck_assert_double_le(l->v[i], ceil(after + 500 + impact[i] * 100));
	}
	done(&r);
	/* another set than the instrument plays: an error */
	steps[strlen(steps) - 1] = 0;
	{
		char *h = strstr(steps, hash);

		h[0] = h[0] == '0' ? '1' : '0';
	}
	strcat(steps, "\n");
	ck_assert_int_eq(run(&r, dir, DAY2, steps, "{}"), VERDICT_ERROR);
	ck_assert_msg(strstr(r.e.reason, "another trial set"), "%s", r.e.reason);
	done(&r);
	/* ADLs only: no fall to time */
	ck_assert_int_eq(run(&r, dir, DAY2,
			     "      - fall_times: {trials: {types: [D01]}, "
			     "compression: \"1\", list: falls}\n",
			     "{}"),
			 VERDICT_ERROR);
	ck_assert_msg(strstr(r.e.reason, "no fall"), "%s", r.e.reason);
	done(&r);
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - fall_times: {trials: {types: [F01]}, "
				"compression: \"1\"}\n"));
	done(&r);
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - fall_times: {trials: {types: [F01]}, "
				"compression: \"1\", list: \"a b\"}\n"));
	done(&r);
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - alarm_collect: {presses: p, within: 5 s, "
				"id: a, when: b, event: sneeze}\n"));
	done(&r);
	tu_rmdir(dir);
}
END_TEST

/* geofence_times: the park-walk route leaves the 45 m fence "home" once,
 * at 44.6 s of scenario time (docs/positioning.md); at rate 20 that is
 * 2.23 s after the step, as Unix ms. */
START_TEST(test_geofence_times)
{
	static const char fence[] =
	    "          fences: [{id: home, lat: \"31.2306698\", lon: "
	    "\"121.4739103\", radius: %s}]\n";
	char *dir = tu_mkdtemp(), steps[1024];
	const struct exec_list *l = NULL;
	struct timespec ts;
	double before, after;
	struct run r;
	int n;

	n = snprintf(steps, sizeof(steps),
		     "      - geofence_times:\n"
		     "          route: park-walk\n"
		     "          epochs: \"55\"\n"
		     "          rate: \"20\"\n"
		     "          list: exits\n");
	snprintf(steps + n, sizeof(steps) - (size_t)n, fence, "45 m");
	wall_now(&ts);
	before = (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6;
	ck_assert_int_eq(run(&r, dir, DAY2, steps, "{}"), VERDICT_PASS);
	wall_now(&ts);
	after = (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6;
	for (size_t i = 0; i < r.e.nlists; i++)
		if (!strcmp(r.e.lists[i].name, "exits"))
			l = &r.e.lists[i];
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_double_ge(l->v[0], floor(before + 44.55 / 20 * 1000));
	ck_assert_double_le(l->v[0], ceil(after + 44.65 / 20 * 1000));
	done(&r);
	/* a fence the route never leaves: nothing to time */
	snprintf(steps + n, sizeof(steps) - (size_t)n, fence, "5 km");
	ck_assert_int_eq(run(&r, dir, DAY2, steps, "{}"), VERDICT_ERROR);
	ck_assert_msg(strstr(r.e.reason, "never leaves a fence"), "%s",
		      r.e.reason);
	done(&r);
	/* a fence is required, a radius is a length */
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - geofence_times: {route: park-walk, "
				"epochs: \"55\", rate: \"20\", list: exits}\n"));
	done(&r);
	snprintf(steps + n, sizeof(steps) - (size_t)n, fence, "45 kg");
	ck_assert_ptr_null(load(&r, dir, DAY2, steps));
	done(&r);
	tu_rmdir(dir);
}
END_TEST

/* A bad day or step is refused where it is written. */
START_TEST(test_step_load_errors)
{
	char *dir = tu_mkdtemp(), msg[1024] = "";
	struct run r;

	ck_assert_ptr_null(load(&r, dir,
				"time,activity\n0,in_bed\n5,dancing\n9,end\n",
				"      - activity_compare: {day: day.csv}\n"));
	for (size_t i = 0; i < r.d.n; i++)
		if (r.d.v[i].file && strstr(r.d.v[i].file, "day.csv"))
			snprintf(msg, sizeof(msg), "%u:%u: %s", r.d.v[i].line,
				 r.d.v[i].col, r.d.v[i].msg);
	ck_assert_msg(strstr(msg, "3:3: unknown activity 'dancing'"), "%s",
		      msg);
	done(&r);
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - event_compare: {day: day.csv, event: "
				"fall, window: 5 kPa}\n"));
	ck_assert_uint_ge(r.d.n, 2);
	done(&r);
	ck_assert_ptr_null(
	    load(&r, dir, DAY2,
		 "      - vitals_compare: {day: day.csv, quantity: spo2}\n"));
	done(&r);
	ck_assert_ptr_null(load(&r, dir, DAY2,
				"      - alarm_collect: {presses: p, within: 5 "
				"s, id: \"a[\", when: "
				"sent}\n"));
	done(&r);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_care(void)
{
	Suite *s = suite_create("care");
	TCase *tc = tcase_create("care");

	tcase_add_test(tc, test_day_parse);
	tcase_add_test(tc, test_day_errors);
	tcase_add_test(tc, test_day_bounds);
	tcase_add_test(tc, test_time_parse);
	tcase_add_test(tc, test_kappa);
	tcase_add_test(tc, test_kappa_none_and_undefined);
	tcase_add_test(tc, test_cmx_from_day);
	tcase_add_test(tc, test_true_events);
	tcase_add_test(tc, test_evmatch);
	tcase_add_test(tc, test_reports);
	tcase_add_test(tc, test_steps);
	tcase_add_test(tc, test_step_load_errors);
	tcase_add_test(tc, test_fall_times);
	tcase_add_test(tc, test_geofence_times);
	suite_add_tcase(s, tc);
	return s;
}
