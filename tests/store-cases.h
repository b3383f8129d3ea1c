/* SPDX-License-Identifier: MIT */
/*
 * The results store's checks, run by test-store.c on SQLite and by
 * itest-store.c on a private PostgreSQL: one set of tests, both backends.
 * Included by the store and dashboard tests (static inline: each takes
 * what it uses).
 */
#ifndef CARECERT_STORE_CASES_H
#define CARECERT_STORE_CASES_H

#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "seal/sign.h"
#include "store/store-internal.h"
#include "store/store.h"
#include "testutil.h"

/* A synthetic run: what varies between the records the tests make. */
struct sc_run {
	const char *vendor, *model, *firmware, *start;
	const char *case2;   /* verdict of the second case */
	const char *status;  /* "complete" unless given */
	const char *verdict; /* the record's claim; NULL: the true one */
	const char *reason2; /* reason of the second case */
	const char *cal_due; /* the instrument's calibration due date */
};

/* Write parent/name/result.json for r; returns the folder (malloc'd). */
static inline char *sc_make_run(const char *parent, const char *name, const struct sc_run *r)
{
	json_object *root = json_object_new_object(), *cases = json_object_new_array();
	const char *c2 = r->case2 ? r->case2 : "pass", *status = r->status ? r->status : "complete";
	const char *truth;
	char path[4096], *dir;

	truth = !strcmp(c2, "pass") ? (strcmp(status, "complete") ? "incomplete" : "pass") : c2;
	json_object_object_add(root, "schema", json_object_new_string("carecert/result/1"));
	json_object_object_add(root, "tool", json_tokener_parse("{\"name\":\"carecert\",\"version\":\"0.1.0\"}"));
	json_object_object_add(root, "environment", json_tokener_parse("{\"host\":\"bench-7\",\"os\":\"Linux\"}"));
	json_object_object_add(root, "status", json_object_new_string(status));
	json_object_object_add(root, "profile", json_tokener_parse("{\"path\":\"p.yaml\",\"sha256\":\"ab\"}"));
	json_object_object_add(root, "suites", json_tokener_parse("[{\"id\":\"s1\",\"sha256\":\"cd\"}]"));
	{
		json_object *dut = json_object_new_object();

		json_object_object_add(dut, "category", json_object_new_string("blood_pressure"));
		json_object_object_add(dut, "vendor", json_object_new_string(r->vendor ? r->vendor : "Acme"));
		json_object_object_add(dut, "model", json_object_new_string(r->model ? r->model : "BP-1"));
		json_object_object_add(dut, "firmware", json_object_new_string(r->firmware ? r->firmware : "1.0"));
		json_object_object_add(dut, "serial_number", json_object_new_string("SN1"));
		json_object_object_add(root, "dut", dut);
	}
	json_object_object_add(root, "lab", json_tokener_parse("{\"name\":\"Lab One\"}"));
	json_object_object_add(root, "start", json_object_new_string(r->start ? r->start : "2026-01-01T00:00:00.000Z"));
	json_object_object_add(root, "end", json_object_new_string("2026-01-01T00:01:00.000Z"));
	snprintf(path, sizeof(path),
		 "[{\"id\":\"pat\",\"name\":\"NIBP simulator\",\"model\":\"SIM-2\","
		 "\"serial_number\":\"PS-1\",\"calibration_due\":\"%s\"}]",
		 r->cal_due ? r->cal_due : "2099-12-31");
	json_object_object_add(root, "instruments", json_tokener_parse(path));
	json_object_array_add(cases, json_tokener_parse(
		"{\"suite\":\"s1\",\"id\":\"C-1\",\"title\":\"first\",\"verdict\":\"pass\","
		"\"reason\":\"\",\"attempt\":2,\"attempts_allowed\":2,\"duration_s\":0.5,"
		"\"requirements\":[{\"standard\":\"ISO 81060-2\",\"clause\":\"5.1\"}],"
		"\"measurements\":[{\"name\":\"latency\",\"value\":12.5,\"unit\":\"ms\","
		"\"min\":null,\"max\":500,\"marginal\":false,\"verdict\":\"pass\"}],"
		"\"accuracy\":[{\"method\":\"bp\",\"quantity\":\"systolic\",\"unit\":\"mmHg\","
		"\"verdict\":\"pass\",\"n_pairs\":12,\"differences\":{\"bias\":-0.5,\"sd\":1.9}}],"
		"\"previous_attempts\":[{\"attempt\":1,\"verdict\":\"fail\",\"reason\":\"timeout\"}]}"));
	{
		json_object *c = json_tokener_parse(
			"{\"suite\":\"s1\",\"id\":\"C-2\",\"title\":\"second\",\"attempt\":1,"
			"\"attempts_allowed\":1,\"requirements\":[{\"standard\":\"SBP/1\","
			"\"clause\":\"6.1\"}]}");

		json_object_object_add(c, "verdict", json_object_new_string(c2));
		json_object_object_add(c, "reason", json_object_new_string(r->reason2 ? r->reason2 : ""));
		json_object_array_add(cases, c);
	}
	json_object_object_add(root, "cases", cases);
	json_object_object_add(root, "verdict", json_object_new_string(r->verdict ? r->verdict : truth));
	snprintf(path, sizeof(path), "%s/result.json", name);
	free(tu_write(parent, path, json_object_to_json_string(root)));
	json_object_put(root);
	snprintf(path, sizeof(path), "%s/%s", parent, name);
	dir = strdup(path);
	ck_assert_ptr_nonnull(dir);
	return dir;
}

static inline size_t sc_count(struct store *s, const struct store_filter *f)
{
	json_object *arr;
	size_t total = 0;
	char err[512];

	ck_assert_msg(store_runs(s, f, &arr, &total, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_uint_le(json_object_array_length(arr), total);
	json_object_put(arr);
	return total;
}

static inline const char *sc_str(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : NULL;
}

static inline int sc_add(struct store *s, const char *dir, const struct store_add_opts *o,
		  struct store_add_result *r, char *err, size_t errlen)
{
	return store_add_run(s, dir, o, r, err, errlen);
}

static inline int sc_first_count(void *ctx, size_t ncol, const char *const *v)
{
	if (ncol >= 1 && v[0])
		*(long *)ctx = atol(v[0]);
	return 0;
}

/* A queued statement that fails (PostgreSQL sends it later, in a
 * pipeline): its error comes back by the next exec at the latest, whose
 * own statement (the COMMIT) is then not run; the ROLLBACK after it runs,
 * nothing of the transaction stays, and the store goes on working. */
static inline void sc_queue_error(const char *url)
{
	const char *p[2] = { "queued-host", NULL };
	char err[512] = "";
	struct store *s;
	long n = -1;
	int rc;

	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_int_eq(store_queue(s, s->ops->begin_sql, 0, NULL, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(store_queue(s, "INSERT INTO benches (host, os) VALUES ($1, $2)", 2, p,
				     err, sizeof(err)), CC_OK);
	rc = store_queue(s, "INSERT INTO benches (host, os) VALUES ($1, $2)", 2, p, err,
			 sizeof(err));
	if (!rc)
		rc = store_exec(s, "COMMIT", 0, NULL, NULL, NULL, NULL, err, sizeof(err));
	ck_assert_int_eq(rc, CC_EIO);
	ck_assert_msg(strstr(err, "unique") || strstr(err, "UNIQUE"), "%s", err);
	ck_assert_msg(store_exec(s, "ROLLBACK", 0, NULL, NULL, NULL, NULL, err, sizeof(err)) ==
			      CC_OK, "%s", err);
	ck_assert_msg(store_exec(s, "SELECT COUNT(*) FROM benches WHERE host = $1", 1, p,
				 sc_first_count, &n, NULL, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_int_eq(n, 0);
	/* a queue with no error: its rows are committed */
	ck_assert_int_eq(store_queue(s, s->ops->begin_sql, 0, NULL, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(store_queue(s, "INSERT INTO benches (host, os) VALUES ($1, $2)", 2, p,
				     err, sizeof(err)), CC_OK);
	ck_assert_msg(store_exec(s, "COMMIT", 0, NULL, NULL, NULL, NULL, err, sizeof(err)) ==
			      CC_OK, "%s", err);
	ck_assert_msg(store_exec(s, "SELECT COUNT(*) FROM benches WHERE host = $1", 1, p,
				 sc_first_count, &n, NULL, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_int_eq(n, 1);
	ck_assert_msg(store_sync(s, err, sizeof(err)) == CC_OK, "%s", err);
	store_close(s);
}

/* Import, deduplicate, query, filter (with hostile filter values). */
static inline void sc_import_and_query(const char *url)
{
	char *tmp = tu_mkdtemp(), err[1024], *a, *b;
	struct store *s;
	struct store_add_result r;
	json_object *run, *arr, *h;
	int ver = 0;

	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_int_eq(store_schema_version(s, &ver, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(ver, STORE_SCHEMA_VERSION);
	a = sc_make_run(tmp, "a", &(struct sc_run){ .firmware = "1.0",
						    .start = "2026-01-01T00:00:00.000Z" });
	b = sc_make_run(tmp, "b", &(struct sc_run){ .firmware = "1.1", .case2 = "fail",
						    .start = "2026-02-01T00:00:00.000Z",
						    .reason2 = "observed \"<script>\" \xff\xfe bytes" });
	ck_assert_msg(sc_add(s, a, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert(!r.already);
	ck_assert_str_eq(r.verdict, "pass");
	ck_assert_msg(sc_add(s, a, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert(r.already); /* the same record is one run */
	ck_assert_msg(sc_add(s, b, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_str_eq(r.verdict, "fail");
	ck_assert_uint_eq(sc_count(s, NULL), 2);
	/* the flush at the end of a batch, twice (nothing new the second time) */
	ck_assert_msg(store_sync(s, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_msg(store_sync(s, err, sizeof(err)) == CC_OK, "%s", err);

	/* reopening migrates nothing and keeps the runs */
	store_close(s);
	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_uint_eq(sc_count(s, NULL), 2);

	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .verdict = "fail" }), 1);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .firmware = "1.0" }), 1);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .vendor = "Acme", .model = "BP-1" }), 2);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .since = "2026-01-15" }), 1);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .lab = "Lab One" }), 2);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .case_id = "C-2" }), 2);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .requirement = "ISO 81060-2 5.1" }), 2);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .requirement = "6.1" }), 2);
	/* a filter value is data, never SQL */
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .vendor = "x' OR '1'='1" }), 0);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .model = "BP-1'; DROP TABLE runs; --" }), 0);
	ck_assert_uint_eq(sc_count(s, NULL), 2);

	/* paging: newest first */
	ck_assert_int_eq(store_runs(s, &(struct store_filter){ .limit = 1, .offset = 1 }, &arr,
				    NULL, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(arr), 1);
	ck_assert_str_eq(sc_str(json_object_array_get_idx(arr, 0), "firmware"), "1.0");
	json_object_put(arr);

	/* one run by a prefix of its key, with everything under its cases */
	ck_assert_int_eq(store_runs(s, &(struct store_filter){ .firmware = "1.1" }, &arr, NULL,
				    err, sizeof(err)), CC_OK);
	{
		char prefix[16];
		json_object *cases, *c1, *c2, *m, *acc, *prev;

		snprintf(prefix, sizeof(prefix), "%.10s",
			 sc_str(json_object_array_get_idx(arr, 0), "sha256"));
		ck_assert_msg(store_run_get(s, prefix, &run, err, sizeof(err)) == CC_OK, "%s", err);
		ck_assert_str_eq(sc_str(run, "verdict"), "fail");
		ck_assert_str_eq(sc_str(run, "host"), "bench-7");
		ck_assert(json_object_object_get_ex(run, "cases", &cases));
		ck_assert_uint_eq(json_object_array_length(cases), 2);
		c1 = json_object_array_get_idx(cases, 0);
		c2 = json_object_array_get_idx(cases, 1);
		ck_assert_str_eq(sc_str(c1, "id"), "C-1");
		ck_assert(json_object_object_get_ex(c1, "measurements", &m));
		ck_assert(json_object_get_double(json_object_object_get(
				  json_object_array_get_idx(m, 0), "value")) == 12.5);
		ck_assert(json_object_object_get_ex(c1, "accuracy", &acc));
		ck_assert(json_object_get_double(json_object_object_get(
				  json_object_array_get_idx(acc, 0), "bias")) == -0.5);
		ck_assert(json_object_object_get_ex(c1, "previous_attempts", &prev));
		ck_assert_str_eq(sc_str(json_object_array_get_idx(prev, 0), "reason"), "timeout");
		/* hostile bytes were stored as valid UTF-8, the rest as it was */
		ck_assert_str_eq(sc_str(c2, "reason"), "observed \"<script>\" ?? bytes");
		json_object_put(run);
	}
	json_object_put(arr);
	ck_assert_int_eq(store_run_get(s, "0000000000", &run, err, sizeof(err)), CC_ENOTFOUND);
	ck_assert_int_eq(store_run_get(s, "x' OR 1=1", &run, err, sizeof(err)), CC_EINVAL);

	/* history: C-2 passed on 1.0 and fails on 1.1 */
	ck_assert_int_eq(store_history(s, NULL, "BP-1", &h, err, sizeof(err)), CC_OK);
	{
		json_object *cases = json_object_object_get(h, "cases");

		ck_assert_uint_eq(json_object_array_length(json_object_object_get(h, "firmwares")), 2);
		ck_assert_uint_eq(json_object_array_length(cases), 2);
		ck_assert_ptr_null(sc_str(json_object_array_get_idx(cases, 0), "regression"));
		ck_assert_str_eq(sc_str(json_object_array_get_idx(cases, 1), "regression"), "1.1");
	}
	json_object_put(h);

	/* the models stored */
	ck_assert_int_eq(store_models(s, &arr, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(arr), 1);
	ck_assert_str_eq(sc_str(json_object_array_get_idx(arr, 0), "runs"), "2");
	json_object_put(arr);

	/* trend: a measurement and an accuracy figure, oldest first */
	ck_assert_int_eq(store_trend(s, "latency", NULL, "BP-1", &arr, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(arr), 2);
	ck_assert_str_eq(sc_str(json_object_array_get_idx(arr, 0), "firmware"), "1.0");
	ck_assert(json_object_get_double(json_object_object_get(json_object_array_get_idx(arr, 1),
								"max")) == 500);
	json_object_put(arr);
	ck_assert_int_eq(store_trend(s, "bias:systolic", "Acme", NULL, &arr, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(arr), 2);
	ck_assert(json_object_get_double(json_object_object_get(json_object_array_get_idx(arr, 0),
								"value")) == -0.5);
	json_object_put(arr);
	ck_assert_int_eq(store_trend(s, "latency", NULL, "no such model", &arr, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(arr), 0);
	json_object_put(arr);
	store_close(s);
	free(a);
	free(b);
	tu_rmdir(tmp);
}

/* Damaged, lying, unfinished, tampered and unsealed runs are refused and
 * leave the store as it was. */
static inline void sc_refusals(const char *url)
{
	char *tmp = tu_mkdtemp(), err[1024], *d, key[4200], pub[4200], fpr[65], path[4200];
	struct store *s;
	struct store_add_result r;
	json_object *ins;

	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	d = sc_make_run(tmp, "lie", &(struct sc_run){ .case2 = "fail", .verdict = "pass" });
	ck_assert_int_eq(sc_add(s, d, NULL, &r, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "damaged"), "%s", err);
	free(d);
	d = sc_make_run(tmp, "running", &(struct sc_run){ .status = "running",
						      .cal_due = "2000-01-01" });
	ck_assert_int_eq(sc_add(s, d, NULL, &r, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "not complete"), "%s", err);
	ck_assert_uint_eq(sc_count(s, NULL), 0);
	ck_assert_int_eq(sc_add(s, d, &(struct store_add_opts){ .allow_incomplete = true }, &r,
				err, sizeof(err)), CC_OK);
	ck_assert_str_eq(r.verdict, "incomplete"); /* never pass */
	free(d);
	free(tu_write(tmp, "trunc/result.json", "{\"schema\": \"carecert/result/1\", \"cases\": ["));
	snprintf(path, sizeof(path), "%s/trunc", tmp);
	ck_assert_int_eq(sc_add(s, path, NULL, &r, err, sizeof(err)), CC_EINVAL);
	free(tu_write(tmp, "tail/result.json", "{\"schema\": \"carecert/result/1\"} trailing"));
	snprintf(path, sizeof(path), "%s/tail", tmp);
	ck_assert_int_eq(sc_add(s, path, NULL, &r, err, sizeof(err)), CC_EINVAL);
	ck_assert_uint_eq(sc_count(s, NULL), 1);

	/* sealed: verified; a changed file is named and refused */
	d = sc_make_run(tmp, "sealed", &(struct sc_run){ .firmware = "2.0", .cal_due = "2000-01-01" });
	snprintf(key, sizeof(key), "%s/lab.key", tmp);
	snprintf(pub, sizeof(pub), "%s/lab.key.pub", tmp);
	ck_assert_int_eq(sign_keygen(key, pub, err, sizeof(err)), CC_OK);
	free(tu_write(d, "traffic.jsonl", "{\"seq\":1}\n"));
	ck_assert_int_eq(sign_run(d, key, fpr, err, sizeof(err)), CC_OK);
	free(tu_write(d, "traffic.jsonl", "{\"seq\":2}\n"));
	ck_assert_int_eq(sc_add(s, d, NULL, &r, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "traffic.jsonl changed"), "%s", err);
	free(tu_write(d, "traffic.jsonl", "{\"seq\":1}\n"));
	ck_assert_msg(sc_add(s, d, &(struct store_add_opts){ .require_seal = true, .pubkey = pub },
			     &r, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert(r.sealed);
	free(d);
	d = sc_make_run(tmp, "unsealed", &(struct sc_run){ .firmware = "3.0" });
	ck_assert_int_eq(sc_add(s, d, &(struct store_add_opts){ .require_seal = true }, &r, err,
				sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "not sealed"), "%s", err);
	ck_assert_uint_eq(sc_count(s, NULL), 2);
	free(d);

	/* both runs' instrument is past its calibration date */
	ck_assert_int_eq(store_instruments(s, 30, &ins, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(json_object_array_length(ins), 1);
	ck_assert_str_eq(sc_str(json_object_array_get_idx(ins, 0), "calibration_due"), "2000-01-01");
	ck_assert_str_eq(sc_str(json_object_array_get_idx(ins, 0), "due_soon"), "true");
	json_object_put(ins);
	store_close(s);
	tu_rmdir(tmp);
}

#endif
