/* SPDX-License-Identifier: MIT */
/* The SQLite backend: the embedded default, one file, zero set-up. */
#include "store/store-db.h"

#include "base/err.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Importers on one host wait for each other this long before giving up. */
#define SQLITE_BUSY_MS 30000
/* Prepared statements kept per connection: an import repeats a handful
 * (a run's multi-row INSERTs have a few shapes), and preparing one of
 * 900 parameters costs more than running it. */
#define SQ_CACHE 48

/* A prepared statement kept for reuse, with where its $N parameters are. */
struct sq_stmt {
	char *sql;
	unsigned long hash, used;
	sqlite3_stmt *st;
	int *idx; /* idx[i]: the bind index of $(i+1), 0 when unused */
	size_t nidx;
};

struct sq_db {
	sqlite3 *db;
	bool wal;
	unsigned long tick;
	struct sq_stmt cache[SQ_CACHE];
};

static int sq_open(const char *url, void **out, char *err, size_t errlen)
{
	struct sq_db *h = calloc(1, sizeof(*h));
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *msg = NULL;

	if (!h) {
		snprintf(err, errlen, "out of memory");
		return CC_ENOMEM;
	}
	if (!strncmp(url, "sqlite:", 7))
		url += 7;
	if (sqlite3_open_v2(url, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", url, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		free(h);
		return CC_EIO;
	}
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	/* WAL: readers (the dashboard) never block an importer. synchronous
	 * NORMAL: a commit is atomic and survives a killed process but is not
	 * flushed to disk on its own; sq_sync flushes once at the end of a
	 * batch (store_sync). temp_store MEMORY: the statement journals of
	 * multi-row INSERTs are not files. A checkpoint (two fsyncs) every
	 * 8000 pages, not 1000: a run of 17 cases writes about 100 */
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
			     " PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;"
			     " PRAGMA wal_autocheckpoint = 8000; PRAGMA cache_size = -16384;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", url, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		free(h);
		return CC_EIO;
	}
	/* a file system without shared memory keeps the rollback journal,
	 * where NORMAL already syncs at each commit */
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		h->wal = !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	h->db = db;
	*out = h;
	return CC_OK;
}

static void sq_drop(struct sq_stmt *c)
{
	sqlite3_finalize(c->st);
	free(c->sql);
	free(c->idx);
	memset(c, 0, sizeof(*c));
}

static void sq_close(void *handle)
{
	struct sq_db *h = handle;

	if (!h)
		return;
	for (size_t i = 0; i < SQ_CACHE; i++)
		sq_drop(&h->cache[i]);
	sqlite3_close(h->db);
	free(h);
}

static int sq_fail(sqlite3 *db, int rc, char *err, size_t errlen)
{
	snprintf(err, errlen, "sqlite: %s", sqlite3_errmsg(db));
	return (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? CC_ETIMEDOUT : CC_EIO;
}

static unsigned long sq_hash(const char *s)
{
	unsigned long h = 14695981039346656037UL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211UL;
	return h;
}

/* The cached statement for sql (prepared on first use, the least recently
 * used one evicted), its parameter map made for nparams. */
static int sq_get(struct sq_db *h, const char *sql, size_t nparams, struct sq_stmt **out,
		  char *err, size_t errlen)
{
	unsigned long hash = sq_hash(sql);
	struct sq_stmt *c = NULL, *lru = &h->cache[0];
	int rc;

	for (size_t i = 0; i < SQ_CACHE && !c; i++) {
		struct sq_stmt *e = &h->cache[i];

		if (e->st && e->hash == hash && !strcmp(e->sql, sql))
			c = e;
		else if (!e->st || (lru->st && e->used < lru->used))
			lru = e;
	}
	if (!c) {
		c = lru;
		sq_drop(c);
		if ((rc = sqlite3_prepare_v2(h->db, sql, -1, &c->st, NULL)) != SQLITE_OK) {
			rc = sq_fail(h->db, rc, err, errlen);
			sq_drop(c);
			return rc;
		}
		if (!(c->sql = strdup(sql))) {
			sq_drop(c);
			snprintf(err, errlen, "out of memory");
			return CC_ENOMEM;
		}
		c->hash = hash;
	}
	if (c->nidx != nparams) {
		int *idx = nparams ? malloc(nparams * sizeof(*idx)) : NULL;

		if (nparams && !idx) {
			snprintf(err, errlen, "out of memory");
			return CC_ENOMEM;
		}
		/* $N by name, once per statement: it may use them in any order */
		for (size_t i = 0; i < nparams; i++) {
			char name[24];

			snprintf(name, sizeof(name), "$%zu", i + 1);
			idx[i] = sqlite3_bind_parameter_index(c->st, name);
		}
		free(c->idx);
		c->idx = idx;
		c->nidx = nparams;
	}
	c->used = ++h->tick;
	*out = c;
	return CC_OK;
}

static int sq_exec(void *handle, const char *sql, size_t nparams, const char *const *params,
		   store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	struct sq_db *h = handle;
	struct sq_stmt *c;
	sqlite3_stmt *st;
	int rc = sq_get(h, sql, nparams, &c, err, errlen);

	if (rc)
		return rc;
	st = c->st;
	for (size_t i = 0; i < nparams; i++) {
		if (!c->idx[i])
			continue;
		rc = params[i] ? sqlite3_bind_text(st, c->idx[i], params[i], -1, SQLITE_STATIC)
			       : sqlite3_bind_null(st, c->idx[i]);
		if (rc != SQLITE_OK) {
			rc = sq_fail(h->db, rc, err, errlen);
			goto out;
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		const char *vals[64];

		if (n > 64)
			n = 64;
		for (int k = 0; k < n; k++)
			vals[k] = (const char *)sqlite3_column_text(st, k);
		if (fn && (rc = fn(ctx, (size_t)n, vals)))
			goto out;
	}
	if (rc != SQLITE_DONE) {
		rc = sq_fail(h->db, rc, err, errlen);
		goto out;
	}
	rc = CC_OK;
	if (changes)
		*changes = sqlite3_changes(h->db);
out:
	/* ready for the next use; the parameters were bound SQLITE_STATIC */
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* The WAL file flushed once: every transaction committed so far (each
 * an atomic WAL append, synced only at checkpoints under NORMAL) is then
 * on disk. The same as synchronous = FULL does at every commit. */
static int sq_sync(void *handle, char *err, size_t errlen)
{
	struct sq_db *h = handle;
	sqlite3_file *f = NULL;
	int rc;

	if (!h->wal)
		return CC_OK;
	rc = sqlite3_file_control(h->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: the WAL file cannot be reached to flush it");
		return CC_EIO;
	}
	if (!f || !f->pMethods) /* nothing written through this connection */
		return CC_OK;
	if (f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: flushing the WAL file to disk failed");
		return CC_EIO;
	}
	return CC_OK;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.sync = sq_sync,
	.begin_sql = "BEGIN IMMEDIATE",
	.migrate_lock_sql = NULL,
};
