/* SPDX-License-Identifier: MIT */
/* The SQLite backend: the embedded default, one file, zero set-up. */
#include "store/store-db.h"

#include "base/err.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

/* Importers on one host wait for each other this long before giving up. */
#define SQLITE_BUSY_MS 30000

static int sq_open(const char *url, void **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	if (!strncmp(url, "sqlite:", 7))
		url += 7;
	if (sqlite3_open_v2(url, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", url, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return CC_EIO;
	}
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	/* WAL: readers (the dashboard) never block an importer. synchronous
	 * NORMAL: a commit is atomic and survives a killed process, but is
	 * not flushed to disk on its own (a power cut may lose the last
	 * imports, never half of one): the run folders stay the record, and
	 * importing them again is harmless */
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
			     " PRAGMA synchronous = NORMAL;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", url, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		return CC_EIO;
	}
	*out = db;
	return CC_OK;
}

static void sq_close(void *db)
{
	sqlite3_close(db);
}

static int sq_fail(sqlite3 *db, int rc, char *err, size_t errlen)
{
	snprintf(err, errlen, "sqlite: %s", sqlite3_errmsg(db));
	return (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? CC_ETIMEDOUT : CC_EIO;
}

static int sq_exec(void *handle, const char *sql, size_t nparams, const char *const *params,
		   store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	sqlite3 *db = handle;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sq_fail(db, rc, err, errlen);
	for (size_t i = 0; i < nparams; i++) {
		char name[16];
		int idx;

		/* $N by name: a statement may use them in any order */
		snprintf(name, sizeof(name), "$%zu", i + 1);
		idx = sqlite3_bind_parameter_index(st, name);
		if (!idx)
			continue;
		rc = params[i] ? sqlite3_bind_text(st, idx, params[i], -1, SQLITE_STATIC)
			       : sqlite3_bind_null(st, idx);
		if (rc != SQLITE_OK) {
			rc = sq_fail(db, rc, err, errlen);
			sqlite3_finalize(st);
			return rc;
		}
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		const char *vals[64];

		if (n > 64)
			n = 64;
		for (int c = 0; c < n; c++)
			vals[c] = (const char *)sqlite3_column_text(st, c);
		if (fn && (rc = fn(ctx, (size_t)n, vals))) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = sq_fail(db, rc, err, errlen);
		sqlite3_finalize(st);
		return rc;
	}
	if (changes)
		*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return CC_OK;
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.begin_sql = "BEGIN IMMEDIATE",
	.migrate_lock_sql = NULL,
};
