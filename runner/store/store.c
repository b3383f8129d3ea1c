/* SPDX-License-Identifier: MIT */
/* Opening a store: the backend chosen by the URL, the schema migrated. */
#include "store/store-internal.h"

#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool is_pg_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11) ||
	       strstr(url, "dbname=") || strstr(url, "host=");
}

int store_exec(struct store *s, const char *sql, size_t n, const char *const *params,
	       store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen)
{
	char scratch[256];

	if (!err) { /* the caller does not want the message (a rollback) */
		err = scratch;
		errlen = sizeof(scratch);
	}
	return s->ops->exec(s->db, sql, n, params, fn, ctx, changes, err, errlen);
}

int store_queue(struct store *s, const char *sql, size_t n, const char *const *params,
		char *err, size_t errlen)
{
	if (!s->ops->queue)
		return store_exec(s, sql, n, params, NULL, NULL, NULL, err, errlen);
	return s->ops->queue(s->db, sql, n, params, err, errlen);
}

static int first_int(void *ctx, size_t ncol, const char *const *v)
{
	if (ncol >= 1 && v[0])
		*(int *)ctx = atoi(v[0]);
	return 0;
}

int store_schema_version(struct store *s, int *out, char *err, size_t errlen)
{
	*out = 0;
	return store_exec(s, "SELECT MAX(version) FROM store_schema", 0, NULL, first_int, out,
			  NULL, err, errlen);
}

static int migrate(struct store *s, char *err, size_t errlen)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc, have = 0;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = store_exec(s, s->ops->begin_sql, 0, NULL, NULL, NULL, NULL, err, errlen)))
		return rc;
	if (s->ops->migrate_lock_sql &&
	    (rc = store_exec(s, s->ops->migrate_lock_sql, 0, NULL, NULL, NULL, NULL, err, errlen)))
		goto fail;
	rc = store_exec(s, "CREATE TABLE IF NOT EXISTS store_schema ("
			   " version INTEGER PRIMARY KEY, applied TEXT NOT NULL)",
			0, NULL, NULL, NULL, NULL, err, errlen);
	if (rc || (rc = store_schema_version(s, &have, err, errlen)))
		goto fail;
	if (have > (int)store_nmigrations) {
		snprintf(err, errlen,
			 "the store's schema is version %d, newer than this carecert's (%zu)",
			 have, store_nmigrations);
		rc = CC_EINVAL;
		goto fail;
	}
	for (size_t v = (size_t)have; v < store_nmigrations; v++) {
		char ver[16];
		const char *p[2] = { ver, now };

		for (const char *const *q = store_migrations[v]; *q; q++)
			if ((rc = store_exec(s, *q, 0, NULL, NULL, NULL, NULL, err, errlen)))
				goto fail;
		snprintf(ver, sizeof(ver), "%zu", v + 1);
		rc = store_exec(s, "INSERT INTO store_schema (version, applied) VALUES ($1, $2)",
				2, p, NULL, NULL, NULL, err, errlen);
		if (rc)
			goto fail;
	}
	return store_exec(s, "COMMIT", 0, NULL, NULL, NULL, NULL, err, errlen);
fail:
	store_exec(s, "ROLLBACK", 0, NULL, NULL, NULL, NULL, NULL, 0);
	return rc;
}

int store_open(const char *url, struct store **out, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return CC_ENOMEM;
	s->ops = is_pg_url(url) ? &store_pg_ops : &store_sqlite_ops;
	if ((rc = s->ops->open(url, &s->db, err, errlen))) {
		free(s);
		return rc;
	}
	if ((rc = migrate(s, err, errlen))) {
		store_close(s);
		return rc;
	}
	*out = s;
	return CC_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	s->ops->close(s->db);
	free(s);
}

int store_sync(struct store *s, char *err, size_t errlen)
{
	return s->ops->sync(s->db, err, errlen);
}

const char *store_backend(const struct store *s)
{
	return s->ops->name;
}
