/* SPDX-License-Identifier: MIT */
/*
 * The store's queries, answered as json-c documents: the command line
 * prints them as tables or JSON, the dashboard as HTML. Filters are
 * always parameters ($N), never text pasted into SQL.
 */
#include "store/store-internal.h"

#include "base/err.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Columns of a result: name and type ('s' text, 'i' integer, 'd'
 * number, 'b' boolean from 0/1). */
struct col {
	const char *name;
	char type;
};

struct rows {
	const struct col *cols;
	size_t ncols;
	json_object *arr;
};

static json_object *col_value(char type, const char *v)
{
	char *end;

	if (!v)
		return NULL;
	switch (type) {
	case 'i':
		return json_object_new_int64(strtoll(v, NULL, 10));
	case 'd': {
		double d = strtod(v, &end);

		return isfinite(d) ? json_object_new_double(d) : NULL;
	}
	case 'b':
		return json_object_new_boolean(strtol(v, NULL, 10) != 0);
	default:
		return json_object_new_string(v);
	}
}

static int add_row(void *ctx, size_t ncol, const char *const *v)
{
	struct rows *r = ctx;
	json_object *o = json_object_new_object();

	if (!o)
		return CC_ENOMEM;
	for (size_t i = 0; i < r->ncols && i < ncol; i++)
		json_object_object_add(o, r->cols[i].name, col_value(r->cols[i].type, v[i]));
	json_object_array_add(r->arr, o);
	return 0;
}

/* Run sql and append one object per row to *arr (made if NULL). */
static int query_rows(struct store *s, const char *sql, size_t np, const char *const *p,
		      const struct col *cols, size_t ncols, json_object **arr, char *err,
		      size_t errlen)
{
	struct rows r = { cols, ncols, *arr ? *arr : json_object_new_array() };
	int rc;

	if (!r.arr)
		return CC_ENOMEM;
	rc = store_exec(s, sql, np, p, add_row, &r, NULL, err, errlen);
	if (rc && !*arr)
		json_object_put(r.arr);
	else
		*arr = r.arr;
	return rc;
}

static const struct col run_cols[] = {
	{ "sha256", 's' },	  { "vendor", 's' },	     { "model", 's' },
	{ "serial", 's' },	  { "firmware", 's' },	     { "host", 's' },
	{ "lab", 's' },		  { "start", 's' },	     { "end", 's' },
	{ "status", 's' },	  { "scope", 's' },	     { "verdict", 's' },
	{ "total", 'i' },	  { "pass", 'i' },	     { "fail", 'i' },
	{ "inconclusive", 'i' },  { "error", 'i' },	     { "skipped", 'i' },
	{ "not_run", 'i' },	  { "sealed", 'b' },	     { "seal_fpr", 's' },
	{ "suites", 's' },	  { "profile", 's' },	     { "profile_sha256", 's' },
	{ "tool_version", 's' },  { "run_dir", 's' },	     { "imported", 's' },
};
#define RUN_SELECT                                                                        \
	"SELECT sha256, vendor, model, serial, firmware, host, lab, start_time, end_time," \
	" status, scope, verdict, n_total, n_pass, n_fail, n_inconclusive, n_error,"      \
	" n_skipped, n_not_run, sealed, seal_fpr, suites, profile_path, profile_sha256,"  \
	" tool_version, run_dir, imported FROM runs"
#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static int count_row(void *ctx, size_t ncol, const char *const *v)
{
	if (ncol && v[0])
		*(size_t *)ctx = strtoull(v[0], NULL, 10);
	return 0;
}

int store_runs(struct store *s, const struct store_filter *f, json_object **out,
	       size_t *total, char *err, size_t errlen)
{
	static const struct store_filter none = { 0 };
	char where[2048] = " WHERE 1 = 1", sql[4096], lim[24], off[24];
	const char *p[16];
	size_t n = 0, k = strlen(where), limit;
	int rc;
	struct {
		const char *value, *cond;
	} conds[] = {
		{ f ? f->vendor : NULL, "vendor = $%zu" },
		{ f ? f->model : NULL, "model = $%zu" },
		{ f ? f->serial : NULL, "serial = $%zu" },
		{ f ? f->firmware : NULL, "firmware = $%zu" },
		{ f ? f->verdict : NULL, "verdict = $%zu" },
		{ f ? f->lab : NULL, "lab = $%zu" },
		{ f ? f->since : NULL, "start_time >= $%zu" },
		{ f ? f->case_id : NULL,
		  "sha256 IN (SELECT run_sha256 FROM cases WHERE case_id = $%zu)" },
		{ f ? f->requirement : NULL,
		  "sha256 IN (SELECT run_sha256 FROM requirements WHERE clause = $%1$zu"
		  " OR standard || ' ' || clause = $%1$zu)" },
	};

	*out = NULL;
	if (!f)
		f = &none;
	for (size_t i = 0; i < NCOLS(conds); i++) {
		if (!conds[i].value || !*conds[i].value)
			continue;
		p[n++] = conds[i].value;
		k += (size_t)snprintf(where + k, sizeof(where) - k, " AND ");
		k += (size_t)snprintf(where + k, sizeof(where) - k, conds[i].cond, n);
	}
	if (total) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM runs%s", where);
		*total = 0;
		if ((rc = store_exec(s, sql, n, p, count_row, total, NULL, err, errlen)))
			return rc;
	}
	limit = f->limit && f->limit < STORE_MAX_ROWS ? f->limit : STORE_MAX_ROWS;
	snprintf(lim, sizeof(lim), "%zu", limit);
	snprintf(off, sizeof(off), "%zu", f->offset);
	p[n] = lim;
	p[n + 1] = off;
	snprintf(sql, sizeof(sql),
		 RUN_SELECT "%s ORDER BY start_time DESC, sha256 LIMIT $%zu OFFSET $%zu", where,
		 n + 1, n + 2);
	return query_rows(s, sql, n + 2, p, run_cols, NCOLS(run_cols), out, err, errlen);
}

/* The cases' rows of one kind attached to each case as member key. */
static int attach(struct store *s, const char *sql, const char *sha, const struct col *cols,
		  size_t ncols, json_object **byidx, size_t nidx, const char *key, char *err,
		  size_t errlen)
{
	json_object *arr = NULL;
	const char *p[1] = { sha };
	int rc = query_rows(s, sql, 1, p, cols, ncols, &arr, err, errlen);

	for (size_t i = 0; !rc && i < json_object_array_length(arr); i++) {
		json_object *row = json_object_array_get_idx(arr, i), *ci, *list;
		int64_t idx;

		if (!json_object_object_get_ex(row, "case_idx", &ci))
			continue;
		idx = json_object_get_int64(ci);
		if (idx < 0 || (size_t)idx >= nidx || !byidx[idx])
			continue;
		if (!json_object_object_get_ex(byidx[idx], key, &list)) {
			list = json_object_new_array();
			json_object_object_add(byidx[idx], key, list);
		}
		json_object_object_del(row, "case_idx");
		json_object_array_add(list, json_object_get(row));
	}
	json_object_put(arr);
	return rc;
}

static const struct col case_cols[] = {
	{ "idx", 'i' },	    { "suite", 's' },	 { "id", 's' },
	{ "title", 's' },   { "verdict", 's' },	 { "reason", 's' },
	{ "stage", 's' },   { "start", 's' },	 { "attempt", 'i' },
	{ "attempts_allowed", 'i' }, { "duration_s", 'd' },
};
static const struct col req_cols[] = { { "case_idx", 'i' }, { "standard", 's' },
				       { "clause", 's' } };
static const struct col meas_cols[] = {
	{ "case_idx", 'i' }, { "name", 's' }, { "value", 'd' },	   { "unit", 's' },
	{ "min", 'd' },	     { "max", 'd' },  { "marginal", 'b' }, { "verdict", 's' },
};
static const struct col att_cols[] = { { "case_idx", 'i' },
				       { "attempt", 'i' },
				       { "verdict", 's' },
				       { "reason", 's' } };
static const struct col acc_cols[] = {
	{ "case_idx", 'i' }, { "method", 's' },	     { "quantity", 's' },
	{ "unit", 's' },     { "standard", 's' },    { "clause", 's' },
	{ "verdict", 's' },  { "n_pairs", 'i' },     { "bias", 'd' },
	{ "sd", 'd' },	     { "reference_instrument", 's' }, { "calibration_due", 's' },
	{ "observed", 's' },
};
static const struct col instr_cols[] = { { "id", 's' },	   { "name", 's' },
					 { "model", 's' }, { "serial", 's' },
					 { "calibration_due", 's' } };

/* A run's full sha256 from a key: the whole hash, or a prefix of 8+ hex
 * digits that only one run has. */
static int resolve_key(struct store *s, const char *key, char sha[SHA256_HEX_LEN + 1],
		       char *err, size_t errlen)
{
	static const struct col c[] = { { "sha256", 's' } };
	json_object *arr = NULL;
	char pat[SHA256_HEX_LEN + 2];
	const char *p[1] = { pat };
	size_t len = strlen(key);
	int rc;

	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)key[i]) || isupper((unsigned char)key[i]))
			len = 0;
	if (len < 8 || len > SHA256_HEX_LEN) {
		snprintf(err, errlen, "a run is named by its record's SHA-256 (8 to 64 lower-case"
			 " hex digits)");
		return CC_EINVAL;
	}
	snprintf(pat, sizeof(pat), "%s%%", key);
	rc = query_rows(s, "SELECT sha256 FROM runs WHERE sha256 LIKE $1 ORDER BY sha256 LIMIT 2",
			1, p, c, 1, &arr, err, errlen);
	if (rc)
		return rc;
	if (json_object_array_length(arr) != 1) {
		snprintf(err, errlen, "%s: %s", key,
			 json_object_array_length(arr) ? "more than one run has this prefix"
							: "no such run in the store");
		json_object_put(arr);
		return CC_ENOTFOUND;
	}
	snprintf(sha, SHA256_HEX_LEN + 1, "%s",
		 json_object_get_string(json_object_object_get(json_object_array_get_idx(arr, 0),
							      "sha256")));
	json_object_put(arr);
	return CC_OK;
}

int store_run_get(struct store *s, const char *key, json_object **out, char *err,
		  size_t errlen)
{
	char sha[SHA256_HEX_LEN + 1];
	const char *p[1] = { sha };
	json_object *runs = NULL, *run, *cases = NULL, **byidx = NULL, *instr = NULL;
	size_t nidx = 0;
	int rc;

	*out = NULL;
	if ((rc = resolve_key(s, key, sha, err, errlen)))
		return rc;
	rc = query_rows(s, RUN_SELECT " WHERE sha256 = $1", 1, p, run_cols, NCOLS(run_cols),
			&runs, err, errlen);
	if (rc || json_object_array_length(runs) != 1) {
		json_object_put(runs);
		if (!rc)
			snprintf(err, errlen, "%s: no such run in the store", key);
		return rc ? rc : CC_ENOTFOUND;
	}
	run = json_object_get(json_object_array_get_idx(runs, 0));
	json_object_put(runs);
	rc = query_rows(s,
			"SELECT idx, suite, case_id, title, verdict, reason, stage, start_time,"
			" attempt, attempts_allowed, duration_s FROM cases WHERE run_sha256 = $1"
			" ORDER BY idx",
			1, p, case_cols, NCOLS(case_cols), &cases, err, errlen);
	for (size_t i = 0; !rc && i < json_object_array_length(cases); i++) {
		int64_t idx = json_object_get_int64(
			json_object_object_get(json_object_array_get_idx(cases, i), "idx"));

		if (idx >= 0 && (size_t)idx + 1 > nidx && idx < 1000000)
			nidx = (size_t)idx + 1;
	}
	if (!rc && nidx && !(byidx = calloc(nidx, sizeof(*byidx))))
		rc = CC_ENOMEM;
	for (size_t i = 0; !rc && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		int64_t idx = json_object_get_int64(json_object_object_get(c, "idx"));

		if (idx >= 0 && (size_t)idx < nidx)
			byidx[idx] = c;
	}
	if (!rc)
		rc = attach(s, "SELECT case_idx, standard, clause FROM requirements"
			       " WHERE run_sha256 = $1 ORDER BY case_idx, idx",
			    sha, req_cols, NCOLS(req_cols), byidx, nidx, "requirements", err,
			    errlen);
	if (!rc)
		rc = attach(s, "SELECT case_idx, name, value, unit, min_value, max_value,"
			       " marginal, verdict FROM measurements WHERE run_sha256 = $1"
			       " ORDER BY case_idx, idx",
			    sha, meas_cols, NCOLS(meas_cols), byidx, nidx, "measurements", err,
			    errlen);
	if (!rc)
		rc = attach(s, "SELECT case_idx, attempt, verdict, reason FROM attempts"
			       " WHERE run_sha256 = $1 ORDER BY case_idx, attempt",
			    sha, att_cols, NCOLS(att_cols), byidx, nidx, "previous_attempts", err,
			    errlen);
	if (!rc)
		rc = attach(s, "SELECT case_idx, method, quantity, unit, standard, clause,"
			       " verdict, n_pairs, bias, sd, reference_instrument,"
			       " calibration_due, observed FROM accuracy WHERE run_sha256 = $1"
			       " ORDER BY case_idx, idx",
			    sha, acc_cols, NCOLS(acc_cols), byidx, nidx, "accuracy", err, errlen);
	if (!rc)
		rc = query_rows(s, "SELECT instrument_id, name, model, serial, calibration_due"
				   " FROM instruments WHERE run_sha256 = $1 ORDER BY idx",
				1, p, instr_cols, NCOLS(instr_cols), &instr, err, errlen);
	free(byidx);
	if (rc) {
		json_object_put(cases);
		json_object_put(instr);
		json_object_put(run);
		return rc;
	}
	json_object_object_add(run, "cases", cases);
	json_object_object_add(run, "instruments", instr);
	*out = run;
	return CC_OK;
}

static const char *ostr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

static bool bad_verdict(const char *v)
{
	return v && (!strcmp(v, "fail") || !strcmp(v, "error") || !strcmp(v, "inconclusive"));
}

int store_history(struct store *s, const char *vendor, const char *model,
		  json_object **out, char *err, size_t errlen)
{
	static const struct col fw_cols[] = { { "firmware", 's' }, { "first_start", 's' },
					      { "runs", 'i' } };
	static const struct col cv_cols[] = { { "firmware", 's' }, { "case", 's' },
					      { "title", 's' }, { "verdict", 's' } };
	const char *p[2] = { model, vendor };
	size_t np = vendor ? 2 : 1;
	json_object *fws = NULL, *rows = NULL, *cases = json_object_new_array(),
		    *doc = json_object_new_object(), *byid = json_object_new_object();
	int rc;

	*out = NULL;
	rc = query_rows(s, vendor ? "SELECT firmware, MIN(start_time), COUNT(*) FROM runs"
				    " WHERE model = $1 AND vendor = $2 GROUP BY firmware"
				    " ORDER BY MIN(start_time), firmware"
				  : "SELECT firmware, MIN(start_time), COUNT(*) FROM runs"
				    " WHERE model = $1 GROUP BY firmware"
				    " ORDER BY MIN(start_time), firmware",
			np, p, fw_cols, NCOLS(fw_cols), &fws, err, errlen);
	/* rows in run order: a later run's verdict replaces an earlier one */
	if (!rc)
		rc = query_rows(s, vendor ? "SELECT r.firmware, c.case_id, c.title, c.verdict"
					    " FROM cases c JOIN runs r ON r.sha256 = c.run_sha256"
					    " WHERE r.model = $1 AND r.vendor = $2"
					    " ORDER BY r.start_time, r.sha256, c.idx"
					  : "SELECT r.firmware, c.case_id, c.title, c.verdict"
					    " FROM cases c JOIN runs r ON r.sha256 = c.run_sha256"
					    " WHERE r.model = $1 ORDER BY r.start_time, r.sha256, c.idx",
				np, p, cv_cols, NCOLS(cv_cols), &rows, err, errlen);
	for (size_t i = 0; !rc && i < json_object_array_length(rows); i++) {
		json_object *row = json_object_array_get_idx(rows, i), *c, *v;
		const char *id = ostr(row, "case"), *fw = ostr(row, "firmware");

		if (!id || !fw)
			continue;
		if (!json_object_object_get_ex(byid, id, &c)) {
			c = json_object_new_object();
			json_object_object_add(c, "case", json_object_new_string(id));
			json_object_object_add(c, "title", json_object_get(json_object_object_get(row, "title")));
			json_object_object_add(c, "verdicts", json_object_new_object());
			json_object_object_add(c, "regression", NULL);
			json_object_object_add(byid, id, c);
			json_object_array_add(cases, json_object_get(c));
		}
		v = json_object_object_get(c, "verdicts");
		json_object_object_add(v, fw, json_object_get(json_object_object_get(row, "verdict")));
	}
	/* a regression: the first firmware, in order, where a case that
	 * passed on an earlier one does not pass */
	for (size_t i = 0; !rc && i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i),
			    *v = json_object_object_get(c, "verdicts");
		bool passed = false;

		for (size_t f = 0; f < json_object_array_length(fws); f++) {
			const char *fw = ostr(json_object_array_get_idx(fws, f), "firmware");
			const char *vd = fw ? ostr(v, fw) : NULL;

			if (vd && !strcmp(vd, "pass"))
				passed = true;
			else if (passed && bad_verdict(vd)) {
				json_object_object_add(c, "regression", json_object_new_string(fw));
				break;
			}
		}
	}
	json_object_put(rows);
	json_object_put(byid);
	if (rc) {
		json_object_put(fws);
		json_object_put(cases);
		json_object_put(doc);
		return rc;
	}
	json_object_object_add(doc, "vendor", vendor ? json_object_new_string(vendor) : NULL);
	json_object_object_add(doc, "model", json_object_new_string(model));
	json_object_object_add(doc, "firmwares", fws);
	json_object_object_add(doc, "cases", cases);
	*out = doc;
	return CC_OK;
}

int store_instruments(struct store *s, int days, json_object **out, char *err,
		      size_t errlen)
{
	static const struct col cols[] = {
		{ "name", 's' },	{ "model", 's' }, { "serial", 's' },
		{ "calibration_due", 's' }, { "runs", 'i' },  { "last_run", 's' },
	};
	char limit[16];
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	int rc;

	*out = NULL;
	gmtime_r(&t, &tm);
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	rc = query_rows(s, "SELECT i.name, i.model, i.serial, MAX(i.calibration_due),"
			   " COUNT(DISTINCT i.run_sha256), MAX(r.start_time)"
			   " FROM instruments i JOIN runs r ON r.sha256 = i.run_sha256"
			   " GROUP BY i.name, i.model, i.serial"
			   " ORDER BY MAX(i.calibration_due), i.name",
			0, NULL, cols, NCOLS(cols), out, err, errlen);
	for (size_t i = 0; !rc && i < json_object_array_length(*out); i++) {
		json_object *o = json_object_array_get_idx(*out, i);
		const char *due = ostr(o, "calibration_due");

		/* ISO dates compare as text; an instrument with no date is due */
		json_object_object_add(o, "due_soon",
				       json_object_new_boolean(!due || strcmp(due, limit) <= 0));
	}
	return rc;
}

int store_trend(struct store *s, const char *name, const char *vendor, const char *model,
		json_object **out, char *err, size_t errlen)
{
	static const struct col cols[] = {
		{ "start", 's' }, { "firmware", 's' }, { "sha256", 's' }, { "case", 's' },
		{ "value", 'd' }, { "unit", 's' },     { "min", 'd' },	  { "max", 'd' },
		{ "verdict", 's' },
	};
	const char *p[3];
	char sql[2048], lim[24];
	size_t n = 0, k;
	bool bias = !strncmp(name, "bias:", 5), sd = !strncmp(name, "sd:", 3);
	json_object *rows = NULL;
	int rc;

	*out = NULL;
	p[n++] = bias ? name + 5 : sd ? name + 3 : name;
	/* the latest rows, then put oldest first */
	k = (size_t)snprintf(sql, sizeof(sql),
			     bias || sd
				     ? "SELECT r.start_time, r.firmware, r.sha256, c.case_id, a.%s,"
				       " a.unit, NULL, NULL, a.verdict FROM accuracy a"
				       " JOIN cases c ON c.run_sha256 = a.run_sha256 AND c.idx = a.case_idx"
				       " JOIN runs r ON r.sha256 = a.run_sha256 WHERE a.quantity = $1"
				     : "SELECT r.start_time, r.firmware, r.sha256, c.case_id, m.value%s,"
				       " m.unit, m.min_value, m.max_value, m.verdict FROM measurements m"
				       " JOIN cases c ON c.run_sha256 = m.run_sha256 AND c.idx = m.case_idx"
				       " JOIN runs r ON r.sha256 = m.run_sha256 WHERE m.name = $1",
			     bias ? "bias" : sd ? "sd" : "");
	if (model) {
		p[n++] = model;
		k += (size_t)snprintf(sql + k, sizeof(sql) - k, " AND r.model = $%zu", n);
	}
	if (vendor) {
		p[n++] = vendor;
		k += (size_t)snprintf(sql + k, sizeof(sql) - k, " AND r.vendor = $%zu", n);
	}
	snprintf(lim, sizeof(lim), "%d", STORE_MAX_ROWS);
	p[n++] = lim;
	snprintf(sql + k, sizeof(sql) - k,
		 " ORDER BY r.start_time DESC, r.sha256 DESC, c.idx DESC LIMIT $%zu", n);
	rc = query_rows(s, sql, n, p, cols, NCOLS(cols), &rows, err, errlen);
	if (rc)
		return rc;
	*out = json_object_new_array();
	for (size_t i = json_object_array_length(rows); i > 0; i--)
		json_object_array_add(*out, json_object_get(json_object_array_get_idx(rows, i - 1)));
	json_object_put(rows);
	return CC_OK;
}

int store_models(struct store *s, json_object **out, char *err, size_t errlen)
{
	static const struct col cols[] = { { "vendor", 's' }, { "model", 's' }, { "runs", 'i' },
					   { "last_run", 's' } };
	char lim[24];
	const char *p[1] = { lim };

	*out = NULL;
	snprintf(lim, sizeof(lim), "%d", STORE_MAX_ROWS);
	return query_rows(s, "SELECT vendor, model, COUNT(*), MAX(start_time) FROM runs"
			     " GROUP BY vendor, model ORDER BY vendor, model LIMIT $1",
			  1, p, cols, NCOLS(cols), out, err, errlen);
}
