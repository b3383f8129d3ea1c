/* SPDX-License-Identifier: MIT */
/* The PostgreSQL backend (libpq): one server shared by a lab's benches. */
#include "store/store-db.h"

#include "base/err.h"

#include <libpq-fe.h>
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
};

struct pg_db {
	PGconn *c;
	unsigned long tick, seq;
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

static void pg_close(void *handle)
{
	struct pg_db *h = handle;

	if (!h)
		return;
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

/* The name of sql prepared on the server, or NULL when it cannot be (the
 * statement then goes unprepared, and reports its own error). */
static const char *pg_prepared(struct pg_db *h, const char *sql, size_t nparams)
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
	if (!(copy = strdup(sql)))
		return NULL;
	if (lru->sql) { /* names are never reused: a failed DEALLOCATE is harmless */
		char drop[48];

		snprintf(drop, sizeof(drop), "DEALLOCATE %s", lru->name);
		PQclear(PQexec(h->c, drop));
		free(lru->sql);
		lru->sql = NULL;
	}
	snprintf(lru->name, sizeof(lru->name), "cc_%lu", ++h->seq);
	r = PQprepare(h->c, lru->name, sql, (int)nparams, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		free(copy);
		return NULL;
	}
	PQclear(r);
	lru->sql = copy;
	lru->hash = hash;
	lru->used = ++h->tick;
	return lru->name;
}

static int pg_exec(void *handle, const char *sql, size_t nparams, const char *const *params,
		   store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	struct pg_db *h = handle;
	PGconn *c = h->c;
	/* statements without parameters are transaction control or one-off */
	const char *name = nparams ? pg_prepared(h, sql, nparams) : NULL;
	PGresult *r = name ? PQexecPrepared(c, name, (int)nparams, params, NULL, NULL, 0)
			   : PQexecParams(c, sql, (int)nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = CC_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

		snprintf(err, errlen, "postgresql: %s", PQerrorMessage(c));
		err[strcspn(err, "\n")] = 0;
		/* 40P01 deadlock, 40001 serialization: the caller retries */
		rc = state && (!strcmp(state, "40P01") || !strcmp(state, "40001"))
			     ? CC_ETIMEDOUT
			     : CC_EIO;
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
	PGresult *r = PQexec(h->c, "BEGIN; SET LOCAL synchronous_commit = on;"
				   " UPDATE store_schema SET applied = applied"
				   " WHERE version = (SELECT MAX(version) FROM store_schema);"
				   " COMMIT");
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? CC_OK : CC_EIO;

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
	.sync = pg_sync,
	.begin_sql = "BEGIN",
	/* any fixed key: every carecert importer takes the same one */
	.migrate_lock_sql = "SELECT pg_advisory_xact_lock(7215001)",
};
