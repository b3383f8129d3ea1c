/* SPDX-License-Identifier: MIT */
/*
 * store_add_run: a run folder checked (seal, record, verdict) and written
 * in one transaction. The record is read from disk and may be hostile:
 * every member is read through typed access, every string stored is made
 * valid UTF-8 first (PostgreSQL refuses anything else), and numbers that
 * are not finite are stored as NULL.
 */
#include "store/store-internal.h"

#include "base/buf.h"
#include "base/err.h"
#include "core/record.h"
#include "core/verdict.h"
#include "report/jtype.h"
#include "seal/sign.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* lock conflicts (deadlock, busy) a run's import retries before failing */
#define IMPORT_TRIES 8
/* Parameters of one multi-row INSERT at most (SQLite's old limit is 999). */
#define BATCH_MAX_PARAMS 900

/* The text parameters of one statement; owns its copies. */
struct params {
	const char **v;
	char **own;
	size_t n, cap;
};

static void p_reset(struct params *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->own[i]);
	free(p->v);
	free(p->own);
	memset(p, 0, sizeof(*p));
}

/* s as valid UTF-8: each byte of an invalid sequence becomes '?'. */
static char *utf8_clean(const char *s)
{
	size_t n = strlen(s), i = 0;
	unsigned char *o = malloc(n + 1);

	if (!o)
		return NULL;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		bool ok = len && i + len <= n;

		for (size_t k = 1; ok && k < len; k++)
			ok = ((unsigned char)s[i + k] >> 6) == 2;
		/* overlong forms, surrogates and > U+10FFFF are refused too */
		if (ok && len == 2 && c < 0xc2)
			ok = false;
		if (ok && len == 3) {
			unsigned char d = (unsigned char)s[i + 1];
			ok = !(c == 0xe0 && d < 0xa0) && !(c == 0xed && d >= 0xa0);
		}
		if (ok && len == 4) {
			unsigned char d = (unsigned char)s[i + 1];
			ok = c <= 0xf4 && !(c == 0xf0 && d < 0x90) && !(c == 0xf4 && d >= 0x90);
		}
		if (!ok) {
			o[i++] = '?';
			continue;
		}
		memcpy(o + i, s + i, len);
		i += len;
	}
	o[n] = 0;
	return (char *)o;
}

static int p_str(struct params *p, const char *s)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 32;
		const char **v = realloc(p->v, cap * sizeof(*v));
		char **own;

		if (!v)
			return CC_ENOMEM;
		p->v = v;
		if (!(own = realloc(p->own, cap * sizeof(*own))))
			return CC_ENOMEM;
		p->own = own;
		p->cap = cap;
	}
	p->own[p->n] = NULL;
	if (s && !(p->own[p->n] = utf8_clean(s)))
		return CC_ENOMEM;
	p->v[p->n] = p->own[p->n];
	p->n++;
	return CC_OK;
}

static int p_fmt(struct params *p, const char *fmt, double v, bool null)
{
	char tmp[64];

	if (null)
		return p_str(p, NULL);
	snprintf(tmp, sizeof(tmp), fmt, v);
	return p_str(p, tmp);
}

/* A finite number member, or NULL. */
static int p_num(struct params *p, json_object *o, const char *key)
{
	double v = 0;
	bool have = o && jt_num(o, key, &v);

	return p_fmt(p, "%.17g", v, !have);
}

/* An integral member, or NULL (a fraction or out of range: NULL). */
static int p_int(struct params *p, json_object *o, const char *key)
{
	double v = 0;
	/* the range first: a cast of a value out of range is undefined */
	bool have = o && jt_num(o, key, &v) && v > -2147483648.0 && v < 2147483648.0 &&
		    v == (double)(long long)v;

	return p_fmt(p, "%.0f", v, !have);
}

/* Parameters gathered with ||: any failure was an allocation's. */
static int chain(int failed)
{
	return failed ? CC_ENOMEM : CC_OK;
}

/* One statement of the import; the params are reset after it. Without
 * changes to read it is only queued (sent with the next ones). */
static int run_stmt(struct store *s, const char *sql, struct params *p, long *changes,
		    char *err, size_t errlen)
{
	int rc = changes ? store_exec(s, sql, p->n, p->v, NULL, NULL, changes, err, errlen)
			 : store_queue(s, sql, p->n, p->v, err, errlen);

	p_reset(p);
	return rc;
}

/* Everything of the record that the store keeps, in one go. */
struct run_info {
	json_object *root;
	const char *sha256, *run_dir, *verdict, *seal_fpr;
	const struct verdict_tally *tally;
	bool sealed;
};

static const char *dut_str(json_object *root, const char *key)
{
	return jt_str(jt_obj(root, "dut"), key);
}

static int put_run(struct store *s, const struct run_info *ri, long *added, char *err,
		   size_t errlen)
{
	json_object *root = ri->root, *env = jt_obj(root, "environment"),
		    *suites = jt_arr(root, "suites"), *prof = jt_obj(root, "profile");
	struct params p = { 0 };
	char ids[4096] = "", hashes[8192] = "", now[32], num[VERDICT_COUNT][24], tot[24];
	size_t ki = 0, kh = 0, total = 0;
	time_t t = time(NULL);
	struct tm tm;
	const char *host = env ? jt_str(env, "host") : NULL;
	int rc = 0;

	for (size_t i = 0; i < jt_len(suites); i++) {
		json_object *su = jt_idx_obj(suites, i);
		const char *id = su ? jt_str(su, "id") : NULL, *h = su ? jt_str(su, "sha256") : NULL;

		if (ki < sizeof(ids))
			ki += (size_t)snprintf(ids + ki, sizeof(ids) - ki, "%s%s", ki ? "," : "",
					       id ? id : "?");
		if (kh < sizeof(hashes))
			kh += (size_t)snprintf(hashes + kh, sizeof(hashes) - kh, "%s%s",
					       kh ? "," : "", h ? h : "?");
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (int v = VERDICT_PASS; v < VERDICT_COUNT; v++) {
		snprintf(num[v], sizeof(num[v]), "%zu", ri->tally->count[v]);
		total += ri->tally->count[v];
	}
	snprintf(tot, sizeof(tot), "%zu", total);
	if (!host || !*host)
		host = "(unknown)";

	/* the device and bench first, in the same order in every importer,
	 * so that concurrent imports wait for each other, never deadlock */
	rc = chain(p_str(&p, dut_str(root, "vendor")) || p_str(&p, dut_str(root, "model")) ||
	     p_str(&p, dut_str(root, "serial_number")) || p_str(&p, dut_str(root, "category")));
	if (rc || (rc = run_stmt(s, "INSERT INTO devices (vendor, model, serial, category)"
				    " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
				 &p, NULL, err, errlen)))
		goto out;
	rc = chain(p_str(&p, host) || p_str(&p, env ? jt_str(env, "os") : NULL));
	if (rc || (rc = run_stmt(s, "INSERT INTO benches (host, os) VALUES ($1, $2)"
				    " ON CONFLICT DO NOTHING",
				 &p, NULL, err, errlen)))
		goto out;
	rc = chain(p_str(&p, ri->sha256) || p_str(&p, dut_str(root, "vendor")) ||
	     p_str(&p, dut_str(root, "model")) || p_str(&p, dut_str(root, "serial_number")) ||
	     p_str(&p, dut_str(root, "firmware")) || p_str(&p, host) ||
	     p_str(&p, jt_str(jt_obj(root, "lab"), "name")) ||
	     p_str(&p, prof ? jt_str(prof, "path") : NULL) ||
	     p_str(&p, prof ? jt_str(prof, "sha256") : NULL) || p_str(&p, ids) ||
	     p_str(&p, hashes) || p_str(&p, jt_str(root, "start")) ||
	     p_str(&p, jt_str(root, "end")) || p_str(&p, jt_str(root, "status")) ||
	     p_str(&p, jt_str(root, "scope")) || p_str(&p, ri->verdict) || p_str(&p, tot) ||
	     p_str(&p, num[VERDICT_PASS]) || p_str(&p, num[VERDICT_FAIL]) ||
	     p_str(&p, num[VERDICT_INCONCLUSIVE]) || p_str(&p, num[VERDICT_ERROR]) ||
	     p_str(&p, num[VERDICT_SKIPPED]) || p_str(&p, num[VERDICT_NOT_RUN]) ||
	     p_str(&p, ri->sealed ? "1" : "0") || p_str(&p, ri->seal_fpr) ||
	     p_str(&p, jt_str(jt_obj(root, "tool"), "version")) || p_str(&p, ri->run_dir) ||
	     p_str(&p, now));
	if (rc)
		goto out;
	rc = run_stmt(s,
		      "INSERT INTO runs (sha256, vendor, model, serial, firmware, host, lab,"
		      " profile_path, profile_sha256, suites, suites_sha256, start_time, end_time,"
		      " status, scope, verdict, n_total, n_pass, n_fail, n_inconclusive, n_error,"
		      " n_skipped, n_not_run, sealed, seal_fpr, tool_version, run_dir, imported)"
		      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
		      " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)"
		      " ON CONFLICT (sha256) DO NOTHING",
		      &p, added, err, errlen);
out:
	p_reset(&p);
	return rc;
}

/* Rows of one table gathered into multi-row INSERTs: a round trip per
 * few hundred rows, not per row. */
struct batch {
	const char *head; /* "INSERT INTO t (a, b) VALUES " */
	const char *tail; /* after the rows; may be "" */
	size_t ncols;
	struct params p;
};

static int batch_flush(struct store *s, struct batch *b, char *err, size_t errlen)
{
	struct buf sql;
	size_t rows = b->p.n / b->ncols;
	int rc = CC_OK;

	if (!rows)
		return CC_OK;
	buf_init(&sql, BUF_MAX_TEXT);
	rc = buf_append_str(&sql, b->head);
	for (size_t r = 0; !rc && r < rows; r++)
		for (size_t c = 0; !rc && c < b->ncols; c++)
			rc = buf_appendf(&sql, "%s$%zu%s", c ? ", " : (r ? ", (" : "("),
					 r * b->ncols + c + 1, c + 1 == b->ncols ? ")" : "");
	if (!rc)
		rc = buf_append_str(&sql, b->tail);
	if (!rc)
		rc = store_queue(s, buf_str(&sql), b->p.n, b->p.v, err, errlen);
	buf_release(&sql);
	p_reset(&b->p);
	return rc;
}

/* A row was added: flush before the statement would grow too large. */
static int batch_row(struct store *s, struct batch *b, char *err, size_t errlen)
{
	return b->p.n + b->ncols > BATCH_MAX_PARAMS ? batch_flush(s, b, err, errlen) : CC_OK;
}

/* The tables under a case, one batch each. */
struct case_batches {
	struct batch req, meas, acc, att;
};

static int put_case_rows(struct store *s, const char *sha, const char *cidx, json_object *c,
			 struct case_batches *bt, char *err, size_t errlen)
{
	json_object *reqs = jt_arr(c, "requirements"), *ms = jt_arr(c, "measurements"),
		    *acc = jt_arr(c, "accuracy"), *prev = jt_arr(c, "previous_attempts");
	struct params *p;
	char idx[24];
	int rc = 0;

	for (size_t i = 0; !rc && i < jt_len(reqs); i++) {
		json_object *r = jt_idx_obj(reqs, i);

		if (!r)
			continue;
		p = &bt->req.p;
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = chain(p_str(p, sha) || p_str(p, cidx) || p_str(p, idx) ||
			   p_str(p, jt_str(r, "standard")) || p_str(p, jt_str(r, "clause")));
		rc = rc ? rc : batch_row(s, &bt->req, err, errlen);
	}
	for (size_t i = 0; !rc && i < jt_len(ms); i++) {
		json_object *m = jt_idx_obj(ms, i), *mg;

		if (!m || !jt_str(m, "name"))
			continue;
		p = &bt->meas.p;
		snprintf(idx, sizeof(idx), "%zu", i);
		mg = NULL;
		json_object_object_get_ex(m, "marginal", &mg);
		rc = chain(p_str(p, sha) || p_str(p, cidx) || p_str(p, idx) ||
			   p_str(p, jt_str(m, "name")) || p_num(p, m, "value") ||
			   p_str(p, jt_str(m, "unit")) || p_num(p, m, "min") || p_num(p, m, "max") ||
			   p_str(p, json_object_is_type(mg, json_type_boolean)
					    ? (json_object_get_boolean(mg) ? "1" : "0")
					    : NULL) ||
			   p_str(p, jt_str(m, "verdict")));
		rc = rc ? rc : batch_row(s, &bt->meas, err, errlen);
	}
	for (size_t i = 0; !rc && i < jt_len(acc); i++) {
		json_object *a = jt_idx_obj(acc, i), *d;

		if (!a)
			continue;
		p = &bt->acc.p;
		/* bias and SD: the differences block, else the statistics */
		d = jt_obj(a, "differences");
		if (!d)
			d = jt_obj(a, "statistics");
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = chain(p_str(p, sha) || p_str(p, cidx) || p_str(p, idx) ||
			   p_str(p, jt_str(a, "method")) || p_str(p, jt_str(a, "quantity")) ||
			   p_str(p, jt_str(a, "unit")) || p_str(p, jt_str(a, "standard")) ||
			   p_str(p, jt_str(a, "clause")) || p_str(p, jt_str(a, "verdict")) ||
			   p_int(p, a, "n_pairs") || p_num(p, d, "bias") || p_num(p, d, "sd") ||
			   p_str(p, jt_str(a, "reference_instrument")) ||
			   p_str(p, jt_str(a, "calibration_due")) || p_str(p, jt_str(a, "observed")));
		rc = rc ? rc : batch_row(s, &bt->acc, err, errlen);
	}
	for (size_t i = 0; !rc && i < jt_len(prev); i++) {
		json_object *a = jt_idx_obj(prev, i);
		size_t base;

		if (!a)
			continue;
		p = &bt->att.p;
		base = p->n;
		snprintf(idx, sizeof(idx), "%zu", i + 1);
		/* the attempt's own number when the record gives it, else its place */
		rc = chain(p_str(p, sha) || p_str(p, cidx) ||
			   (jt_num(a, "attempt", &(double){ 0 }) ? p_int(p, a, "attempt")
								 : p_str(p, idx)) ||
			   p_str(p, jt_str(a, "verdict")) || p_str(p, jt_str(a, "reason")));
		if (!rc && !p->v[base + 2]) {
			snprintf(err, errlen, "case %s: an earlier attempt's number is not an integer",
				 cidx);
			rc = CC_EINVAL;
		}
		rc = rc ? rc : batch_row(s, &bt->att, err, errlen);
	}
	return rc;
}

/* The cases first (the rows under them refer to them), then those rows. */
static int put_cases(struct store *s, const char *sha, json_object *root, char *err,
		     size_t errlen)
{
	json_object *cases = jt_arr(root, "cases");
	struct batch cb = { "INSERT INTO cases (run_sha256, idx, suite, case_id, title, verdict,"
			    " reason, stage, start_time, attempt, attempts_allowed, duration_s)"
			    " VALUES ", "", 12, { 0 } };
	struct case_batches bt = {
		{ "INSERT INTO requirements (run_sha256, case_idx, idx, standard, clause) VALUES ",
		  "", 5, { 0 } },
		{ "INSERT INTO measurements (run_sha256, case_idx, idx, name, value, unit,"
		  " min_value, max_value, marginal, verdict) VALUES ", "", 10, { 0 } },
		{ "INSERT INTO accuracy (run_sha256, case_idx, idx, method, quantity, unit,"
		  " standard, clause, verdict, n_pairs, bias, sd, reference_instrument,"
		  " calibration_due, observed) VALUES ", "", 15, { 0 } },
		{ "INSERT INTO attempts (run_sha256, case_idx, attempt, verdict, reason) VALUES ",
		  " ON CONFLICT DO NOTHING", 5, { 0 } },
	};
	int rc = 0;

	for (size_t i = 0; !rc && i < jt_len(cases); i++) {
		json_object *c = jt_idx_obj(cases, i);
		struct params *p = &cb.p;
		char idx[24];

		if (!c)
			continue;
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = chain(p_str(p, sha) || p_str(p, idx) || p_str(p, jt_str(c, "suite")) ||
			   p_str(p, jt_str(c, "id") ? jt_str(c, "id") : "?") ||
			   p_str(p, jt_str(c, "title")) ||
			   p_str(p, jt_str(c, "verdict") ? jt_str(c, "verdict") : "?") ||
			   p_str(p, jt_str(c, "reason")) || p_str(p, jt_str(c, "stage")) ||
			   p_str(p, jt_str(c, "start")) || p_int(p, c, "attempt") ||
			   p_int(p, c, "attempts_allowed") || p_num(p, c, "duration_s"));
		rc = rc ? rc : batch_row(s, &cb, err, errlen);
	}
	rc = rc ? rc : batch_flush(s, &cb, err, errlen);
	for (size_t i = 0; !rc && i < jt_len(cases); i++) {
		json_object *c = jt_idx_obj(cases, i);
		char idx[24];

		if (!c)
			continue;
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = put_case_rows(s, sha, idx, c, &bt, err, errlen);
	}
	rc = rc ? rc : batch_flush(s, &bt.req, err, errlen);
	rc = rc ? rc : batch_flush(s, &bt.meas, err, errlen);
	rc = rc ? rc : batch_flush(s, &bt.acc, err, errlen);
	rc = rc ? rc : batch_flush(s, &bt.att, err, errlen);
	p_reset(&cb.p);
	p_reset(&bt.req.p);
	p_reset(&bt.meas.p);
	p_reset(&bt.acc.p);
	p_reset(&bt.att.p);
	return rc;
}

static int put_instruments(struct store *s, const char *sha, json_object *root, char *err,
			   size_t errlen)
{
	json_object *ins = jt_arr(root, "instruments");
	struct batch b = { "INSERT INTO instruments (run_sha256, idx, instrument_id, name, model,"
			   " serial, calibration_due) VALUES ", "", 7, { 0 } };
	int rc = 0;

	for (size_t i = 0; !rc && i < jt_len(ins); i++) {
		json_object *in = jt_idx_obj(ins, i);
		struct params *p = &b.p;
		char idx[24];

		if (!in)
			continue;
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = chain(p_str(p, sha) || p_str(p, idx) || p_str(p, jt_str(in, "id")) ||
			   p_str(p, jt_str(in, "name")) || p_str(p, jt_str(in, "model")) ||
			   p_str(p, jt_str(in, "serial_number")) ||
			   p_str(p, jt_str(in, "calibration_due")));
		rc = rc ? rc : batch_row(s, &b, err, errlen);
	}
	rc = rc ? rc : batch_flush(s, &b, err, errlen);
	p_reset(&b.p);
	return rc;
}

/* One transaction; *added is 0 when the run was there already. On
 * PostgreSQL the statements whose results are not read are queued and go
 * in one round trip before the next one that is: four a run (BEGIN with
 * the device and bench; the run's INSERT, its row count read; the rows
 * under it; the COMMIT). */
static int write_run(struct store *s, const struct run_info *ri, long *added, char *err,
		     size_t errlen)
{
	int rc = store_queue(s, s->ops->begin_sql, 0, NULL, err, errlen);

	if (rc)
		return rc;
	rc = put_run(s, ri, added, err, errlen);
	if (!rc && *added == 0) {
		store_exec(s, "ROLLBACK", 0, NULL, NULL, NULL, NULL, NULL, 0);
		return CC_OK;
	}
	rc = rc ? rc : put_cases(s, ri->sha256, ri->root, err, errlen);
	rc = rc ? rc : put_instruments(s, ri->sha256, ri->root, err, errlen);
	rc = rc ? rc : store_exec(s, "COMMIT", 0, NULL, NULL, NULL, NULL, err, errlen);
	if (rc)
		store_exec(s, "ROLLBACK", 0, NULL, NULL, NULL, NULL, NULL, 0);
	return rc;
}

/* The seal, when there is one (or must be): verified, findings named. */
static int check_seal(const char *dir, const struct store_add_opts *o,
		      struct store_add_result *res, char *fpr, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct sign_check chk;
	bool has;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_SIGNATURE);
	has = !access(path, F_OK);
	snprintf(path, sizeof(path), "%s/%s", dir, SIGN_MANIFEST);
	has = has || !access(path, F_OK);
	if (!has) {
		if (o->require_seal || o->pubkey) {
			snprintf(err, errlen, "%s: not sealed (no %s), and a seal is required", dir,
				 SIGN_SIGNATURE);
			return CC_EINVAL;
		}
		return CC_OK;
	}
	if ((rc = sign_verify(dir, o->pubkey, &chk, err, errlen))) {
		return rc == CC_ENOMEM ? rc : CC_EINVAL;
	}
	if (!sign_check_ok(&chk)) {
		if (chk.nfindings)
			snprintf(err, errlen, "%s: seal broken: %s %s%s", dir,
				 chk.findings[0].path, sign_change_name(chk.findings[0].change),
				 chk.nfindings > 1 ? " (and more)" : "");
		else
			snprintf(err, errlen, "%s: seal broken: %s%s%s", dir,
				 chk.bad_file ? chk.bad_file : "", chk.bad_file ? ": " : "",
				 chk.problem);
		sign_check_release(&chk);
		return CC_EINVAL;
	}
	res->sealed = true;
	snprintf(fpr, SHA256_HEX_LEN + 1, "%s", chk.fpr);
	sign_check_release(&chk);
	return CC_OK;
}

/* The record, parsed whole and checked: a damaged one is refused. */
static int load_record(const char *dir, const struct store_add_opts *o,
		       struct store_add_result *res, json_object **root_out,
		       struct verdict_tally *t, char *err, size_t errlen)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	json_tokener *tok;
	json_object *root;
	const char *status, *verdict, *computed;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_FILE);
	if ((rc = read_file(path, &text, &len))) {
		snprintf(err, errlen, "%s: cannot read (%s)", path, cc_strerror(rc));
		return rc == CC_ENOMEM ? rc : CC_EINVAL;
	}
	sha256_hex(text, len, res->sha256);
	tok = json_tokener_new();
	root = tok ? json_tokener_parse_ex(tok, text, (int)(len < INT_MAX ? len : INT_MAX)) : NULL;
	/* one JSON object, and nothing after it but white space */
	if (!root || !json_object_is_type(root, json_type_object) ||
	    strspn(text + json_tokener_get_parse_end(tok), " \t\r\n") !=
		    len - json_tokener_get_parse_end(tok)) {
		snprintf(err, errlen, "%s: damaged: not one JSON object", path);
		json_object_put(root);
		json_tokener_free(tok);
		free(text);
		return CC_EINVAL;
	}
	json_tokener_free(tok);
	free(text);
	rc = CC_EINVAL;
	status = jt_str(root, "status");
	verdict = jt_str(root, "verdict");
	if (!jt_str(root, "schema") || strcmp(jt_str(root, "schema"), RECORD_SCHEMA)) {
		snprintf(err, errlen, "%s: damaged: schema is not %s", path, RECORD_SCHEMA);
	} else if (!jt_arr(root, "cases") || !status || !verdict) {
		snprintf(err, errlen, "%s: damaged: no cases, status or verdict", path);
	} else if (!dut_str(root, "vendor") || !dut_str(root, "model") ||
		   !dut_str(root, "serial_number") || !dut_str(root, "firmware")) {
		snprintf(err, errlen, "%s: damaged: dut vendor, model, serial_number or firmware"
			 " missing", path);
	} else if (strcmp(status, "complete") && !o->allow_incomplete) {
		snprintf(err, errlen, "%s: the run is not complete (status %s): refused unless"
			 " --allow-incomplete", path, status);
	} else {
		/* the record never lies: its verdict must be what its cases give */
		computed = record_verdict_of(root, t);
		if (strcmp(computed, verdict))
			snprintf(err, errlen, "%s: damaged: its verdict is '%s' but its cases and"
				 " status give '%s'", path, verdict, computed);
		else
			rc = CC_OK;
		snprintf(res->verdict, sizeof(res->verdict), "%s", computed);
	}
	if (rc) {
		json_object_put(root);
		return rc;
	}
	*root_out = root;
	return CC_OK;
}

int store_add_run(struct store *s, const char *run_dir, const struct store_add_opts *o,
		  struct store_add_result *res, char *err, size_t errlen)
{
	static const struct store_add_opts none = { 0 };
	char fpr[SHA256_HEX_LEN + 1] = "", abs[PATH_MAX];
	struct verdict_tally t;
	json_object *root = NULL;
	long added = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!o)
		o = &none;
	if ((rc = check_seal(run_dir, o, res, fpr, err, errlen)))
		return rc;
	if ((rc = load_record(run_dir, o, res, &root, &t, err, errlen)))
		return rc;
	if (o->origin)
		snprintf(abs, sizeof(abs), "%s", o->origin);
	else if (!realpath(run_dir, abs))
		snprintf(abs, sizeof(abs), "%s", run_dir);
	struct run_info ri = { .root = root, .sha256 = res->sha256, .run_dir = abs,
			       .verdict = res->verdict, .seal_fpr = fpr[0] ? fpr : NULL,
			       .tally = &t, .sealed = res->sealed };
	for (int i = 0; i < IMPORT_TRIES; i++) {
		rc = write_run(s, &ri, &added, err, errlen);
		if (rc != CC_ETIMEDOUT)
			break;
		/* a lock conflict with another importer: wait a little, again */
		nanosleep(&(struct timespec){ 0, (10 + rand() % 40) * 1000000L }, NULL);
	}
	json_object_put(root);
	if (rc)
		return rc == CC_ETIMEDOUT ? CC_EIO : rc;
	res->already = added == 0;
	return CC_OK;
}
