/* SPDX-License-Identifier: MIT */
/*
 * The results store's backends (internal to runner/store): one const
 * struct store_ops per database, like git's ref_storage_be. The store
 * speaks one SQL dialect to both: parameters are written $1, $2... and
 * passed as text (NULL: SQL NULL); each database converts them to the
 * column's type. Rows come back as text, NULL for SQL NULL.
 *
 * Errors: CC_OK, CC_EIO with a message in err (the database's own), or
 * CC_ETIMEDOUT when the statement lost a lock conflict the caller may
 * retry (PostgreSQL deadlock or serialization failure, SQLite busy).
 */
#ifndef CARECERT_STORE_DB_H
#define CARECERT_STORE_DB_H

#include <stddef.h>

/* One row: ncol values, each NUL-terminated text or NULL. A non-zero
 * return stops the query and is returned by exec. */
typedef int (*store_row_fn)(void *ctx, size_t ncol, const char *const *vals);

struct store_ops {
	const char *name; /* "sqlite", "postgresql" */
	/* url: a file path (SQLite) or a libpq connection URI. */
	int (*open)(const char *url, void **db, char *err, size_t errlen);
	void (*close)(void *db);
	/* One statement; changes gets the rows it inserted/updated/deleted
	 * (may be NULL); fn is called per result row (may be NULL). */
	int (*exec)(void *db, const char *sql, size_t nparams, const char *const *params,
		    store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen);
	/* Optional (NULL: exec is used). A statement whose result nobody
	 * reads (rows INSERTed); the backend may hold it and send it with the
	 * statements after it, in one round trip. Its error, if any, is
	 * returned by the next exec or sync, which then does not run its own
	 * statement (an exec after that runs normally: the ROLLBACK). */
	int (*queue)(void *db, const char *sql, size_t nparams, const char *const *params,
		     char *err, size_t errlen);
	/* Make every transaction this connection committed durable (on
	 * disk, surviving a power cut). Commits themselves are atomic and
	 * survive a killed carecert, but each backend leaves the flush to
	 * disk to this one call at the end of a batch. */
	int (*sync)(void *db, char *err, size_t errlen);
	const char *begin_sql; /* a write transaction that takes its locks early */
	/* run inside the migration transaction before reading the schema
	 * version, so that importers opening at once migrate one by one */
	const char *migrate_lock_sql; /* NULL: begin_sql already serialises */
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

#endif
