/* SPDX-License-Identifier: MIT */
/* The PostgreSQL backend (libpq): one server shared by a lab's benches. */
#include "store/store-db.h"

#include "base/err.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Named prepared statements kept per connection: the server parses and
 * plans an import's multi-row INSERTs once, not once per run. */
#define PG_CACHE 48

struct pg_stmt {
	char *sql;
	unsigned long hash, used;
	char name[24];
	bool pending; /* its PREPARE was queued, its result not read yet */
};

struct pg_db {
	PGconn *c;
	unsigned long tick, seq;
	int queued; /* commands sent in pipeline mode whose results are unread */
	struct pg_stmt cache[PG_CACHE];
};

static int pg_open(const char *url, void **out, char *err, size_t errlen)
{
	struct pg_db *h = calloc(1, sizeof(*h));
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	if (!h || !c || PQstatus(c) != CONNECTION_OK) {
		/* the message, never the URL: it may hold a password */
		snprintf(err, errlen, "postgresql: %s",
			 c && h ? PQerrorMessage(c) : "out of memory");
		err[strcspn(err, "\n")] = 0;
		PQfinish(c);
		free(h);
		return CC_EIO;
	}
	/* the store's NOTICEs (IF NOT EXISTS) are not the user's business.
	 * synchronous_commit off: a commit is atomic and crash-safe on the
	 * server but does not wait for its WAL flush; pg_sync waits once at
	 * the end of a batch (store_sync) */
	r = PQexec(c, "SET client_min_messages = warning; SET synchronous_commit = off");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "postgresql: %s", PQerrorMessage(c));
		err[strcspn(err, "\n")] = 0;
		PQclear(r);
		PQfinish(c);
		free(h);
		return CC_EIO;
	}
	PQclear(r);
	h->c = c;
	*out = h;
	return CC_OK;
}

static int pg_drain(struct pg_db *h, char *err, size_t errlen);

static void pg_close(void *handle)
{
	struct pg_db *h = handle;
	char scratch[256];

	if (!h)
		return;
	pg_drain(h, scratch, sizeof(scratch));
	for (size_t i = 0; i < PG_CACHE; i++)
		free(h->cache[i].sql);
	PQfinish(h->c);
	free(h);
}

static unsigned long pg_hash(const char *s)
{
	unsigned long h = 14695981039346656037UL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211UL;
	return h;
}

static void pg_forget(struct pg_stmt *e)
{
	free(e->sql);
	e->sql = NULL;
	e->pending = false;
}

/* The name of sql prepared on the server, or NULL when it cannot be (the
 * statement then goes unprepared, and reports its own error). In a
 * pipeline the PREPARE is queued too, and nothing is evicted (a
 * DEALLOCATE there could fail the transaction). */
static const char *pg_prepared(struct pg_db *h, const char *sql, size_t nparams, bool pipelined)
{
	unsigned long hash = pg_hash(sql);
	struct pg_stmt *lru = &h->cache[0];
	PGresult *r;
	char *copy;

	for (size_t i = 0; i < PG_CACHE; i++) {
		struct pg_stmt *e = &h->cache[i];

		if (e->sql && e->hash == hash && !strcmp(e->sql, sql)) {
			e->used = ++h->tick;
			return e->name;
		}
		if (!e->sql || (lru->sql && e->used < lru->used))
			lru = e;
	}
	if ((pipelined && lru->sql) || !(copy = strdup(sql)))
		return NULL;
	if (lru->sql) { /* names are never reused: a failed DEALLOCATE is harmless */
		char drop[48];

		snprintf(drop, sizeof(drop), "DEALLOCATE %s", lru->name);
		PQclear(PQexec(h->c, drop));
		pg_forget(lru);
	}
	snprintf(lru->name, sizeof(lru->name), "cc_%lu", ++h->seq);
	if (pipelined) {
		if (!PQsendPrepare(h->c, lru->name, sql, (int)nparams, NULL)) {
			free(copy);
			return NULL;
		}
		h->queued++;
		lru->pending = true;
	} else {
		r = PQprepare(h->c, lru->name, sql, (int)nparams, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			PQclear(r);
			free(copy);
			return NULL;
		}
		PQclear(r);
	}
	lru->sql = copy;
	lru->hash = hash;
	lru->used = ++h->tick;
	return lru->name;
}

/* A failed statement's message; CC_ETIMEDOUT for a lock conflict the
 * caller retries (40P01 deadlock, 40001 serialization), else CC_EIO. */
static int pg_error(PGconn *c, const PGresult *r, char *err, size_t errlen)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r)
							: PQerrorMessage(c);

	snprintf(err, errlen, "postgresql: %s", msg);
	err[strcspn(err, "\n")] = 0;
	return state && (!strcmp(state, "40P01") || !strcmp(state, "40001")) ? CC_ETIMEDOUT
									    : CC_EIO;
}

/* The queued commands' results read (up to the pipeline's sync point) and
 * the pipeline left: the first failure, if any. A PREPARE that may have
 * failed is forgotten then. */
static int pg_drain(struct pg_db *h, char *err, size_t errlen)
{
	int rc = CC_OK, ends = 0;

	if (!h->queued) { /* a pipeline entered, nothing sent into it */
		if (PQpipelineStatus(h->c) != PQ_PIPELINE_OFF)
			PQexitPipelineMode(h->c);
		return CC_OK;
	}
	if (!PQpipelineSync(h->c)) {
		rc = pg_error(h->c, NULL, err, errlen);
	} else {
		/* each command's results end with a NULL; a broken connection
		 * gives NULLs only: bounded by the commands sent */
		for (;;) {
			PGresult *r = PQgetResult(h->c);
			ExecStatusType st;

			if (!r) {
				if (++ends > h->queued + 1) {
					if (!rc)
						rc = pg_error(h->c, NULL, err, errlen);
					break;
				}
				continue;
			}
			st = PQresultStatus(r);
			if (st == PGRES_PIPELINE_SYNC) {
				PQclear(r);
				break;
			}
			if (st == PGRES_FATAL_ERROR && !rc)
				rc = pg_error(h->c, r, err, errlen);
			PQclear(r);
		}
	}
	if (!PQexitPipelineMode(h->c) && !rc)
		rc = pg_error(h->c, NULL, err, errlen);
	h->queued = 0;
	for (size_t i = 0; i < PG_CACHE; i++) {
		if (h->cache[i].pending && rc)
			pg_forget(&h->cache[i]);
		h->cache[i].pending = false;
	}
	return rc;
}

/* Sent in pipeline mode, its result read by the next pg_drain. */
static int pg_queue(void *handle, const char *sql, size_t nparams, const char *const *params,
		    char *err, size_t errlen)
{
	struct pg_db *h = handle;
	const char *name;

	if (!h->queued && !PQenterPipelineMode(h->c))
		return pg_error(h->c, NULL, err, errlen);
	name = nparams ? pg_prepared(h, sql, nparams, true) : NULL;
	if (!(name ? PQsendQueryPrepared(h->c, name, (int)nparams, params, NULL, NULL, 0)
		   : PQsendQueryParams(h->c, sql, (int)nparams, NULL, params, NULL, NULL, 0))) {
		char scratch[256];
		int rc = pg_error(h->c, NULL, err, errlen);

		pg_drain(h, scratch, sizeof(scratch)); /* the first error is the one told */
		return rc;
	}
	h->queued++;
	return CC_OK;
}

static int pg_exec(void *handle, const char *sql, size_t nparams, const char *const *params,
		   store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	struct pg_db *h = handle;
	PGconn *c = h->c;
	const char *name;
	PGresult *r;
	ExecStatusType st;
	int rc = pg_drain(h, err, errlen);

	if (rc)
		return rc;
	/* statements without parameters are transaction control or one-off */
	name = nparams ? pg_prepared(h, sql, nparams, false) : NULL;
	r = name ? PQexecPrepared(c, name, (int)nparams, params, NULL, NULL, 0)
		 : PQexecParams(c, sql, (int)nparams, NULL, params, NULL, NULL, 0);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_error(c, r, err, errlen);
		PQclear(r);
		return rc;
	}
	for (int i = 0; fn && i < PQntuples(r) && !rc; i++) {
		int n = PQnfields(r);
		const char *vals[64];

		if (n > 64)
			n = 64;
		for (int k = 0; k < n; k++)
			vals[k] = PQgetisnull(r, i, k) ? NULL : PQgetvalue(r, i, k);
		rc = fn(ctx, (size_t)n, vals);
	}
	if (changes) {
		const char *t = PQcmdTuples(r);

		*changes = t && *t ? strtol(t, NULL, 10) : 0;
	}
	PQclear(r);
	return rc;
}

/* One synchronous commit of a transaction that wrote: the server
 * flushes its WAL up to this commit record, and so every asynchronous
 * commit before it, then answers. It must write a row: a transaction
 * that wrote no WAL (even one with an id) is never waited for. The row
 * is the schema version's, rewritten as it is. */
static int pg_sync(void *handle, char *err, size_t errlen)
{
	struct pg_db *h = handle;
	PGresult *r;
	int rc = pg_drain(h, err, errlen);

	if (rc)
		return rc;
	r = PQexec(h->c, "BEGIN; SET LOCAL synchronous_commit = on;"
				   " UPDATE store_schema SET applied = applied"
				   " WHERE version = (SELECT MAX(version) FROM store_schema);"
				   " COMMIT");
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? CC_OK : CC_EIO;

	if (rc) {
		snprintf(err, errlen, "postgresql: flushing the commits: %s", PQerrorMessage(h->c));
		err[strcspn(err, "\n")] = 0;
		PQclear(PQexec(h->c, "ROLLBACK"));
	}
	PQclear(r);
	return rc;
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.queue = pg_queue,
	.sync = pg_sync,
	.begin_sql = "BEGIN",
	/* any fixed key: every carecert importer takes the same one */
	.migrate_lock_sql = "SELECT pg_advisory_xact_lock(7215001)",
};
