/* SPDX-License-Identifier: MIT */
/* The PostgreSQL backend (libpq): one server shared by a lab's benches. */
#include "store/store-db.h"

#include "base/err.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pg_open(const char *url, void **out, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;

	if (!c || PQstatus(c) != CONNECTION_OK) {
		/* the message, never the URL: it may hold a password */
		snprintf(err, errlen, "postgresql: %s",
			 c ? PQerrorMessage(c) : "out of memory");
		err[strcspn(err, "\n")] = 0;
		PQfinish(c);
		return CC_EIO;
	}
	/* the store's NOTICEs (IF NOT EXISTS) are not the user's business */
	r = PQexec(c, "SET client_min_messages = warning");
	PQclear(r);
	*out = c;
	return CC_OK;
}

static void pg_close(void *c)
{
	PQfinish(c);
}

static int pg_exec(void *handle, const char *sql, size_t nparams, const char *const *params,
		   store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	PGconn *c = handle;
	PGresult *r = PQexecParams(c, sql, (int)nparams, NULL, params, NULL, NULL, 0);
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

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.begin_sql = "BEGIN",
	/* any fixed key: every carecert importer takes the same one */
	.migrate_lock_sql = "SELECT pg_advisory_xact_lock(7215001)",
};
