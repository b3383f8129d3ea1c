/* SPDX-License-Identifier: MIT */
/*
 * The results store: every run folder a lab imports, in one database that
 * the command line and the dashboard query. One interface, two backends
 * (store-db.h): SQLite, a file, the embedded default; PostgreSQL (libpq)
 * for benches that share a server. The schema has numbered migrations,
 * applied on open (docs/lab-platform.md lists the tables).
 *
 * A run's key is the SHA-256 of its result.json: importing the same run
 * twice stores it once. A run is imported in one transaction, so a kill
 * mid-import leaves nothing half-written.
 *
 * Errors: functions return CC_OK or a negative cc_err with a one-line
 * message in err: CC_EINVAL for a run refused (damaged, tampered,
 * unsealed when a seal is required, not complete), CC_ENOTFOUND for a
 * run the store does not hold, CC_EIO for the database's own errors.
 * Query results are json-c objects the caller owns (json_object_put).
 */
#ifndef CARECERT_STORE_H
#define CARECERT_STORE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/fileio.h"

/* The schema version this carecert writes; a newer store is refused. */
#define STORE_SCHEMA_VERSION 1
/* Without --db or CARECERT_DB: beside reports/out, the run folders. */
#define STORE_DEFAULT_DB "reports/carecert.sqlite"
/* Rows a query returns at most unless it asks for fewer. */
#define STORE_MAX_ROWS 1000

struct store;

/* url: "postgresql://..." or "postgres://..." (libpq, any key=value
 * string too when it holds "dbname=" or "host="), else a SQLite file
 * path ("sqlite:" prefix optional; created if missing). Migrates the
 * schema to STORE_SCHEMA_VERSION. */
int store_open(const char *url, struct store **out, char *err, size_t errlen);
void store_close(struct store *s); /* NULL-safe */
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *s);
int store_schema_version(struct store *s, int *out, char *err, size_t errlen);

struct store_add_opts {
	bool require_seal;     /* refuse a folder with no MANIFEST.sig */
	const char *pubkey;    /* a seal must be by this key (PEM); may be NULL */
	bool allow_incomplete; /* store runs whose status is not complete */
	const char *origin;    /* recorded as the run's folder instead of its
				* path (a pushed package's folder is temporary) */
};

struct store_add_result {
	char sha256[SHA256_HEX_LEN + 1]; /* the run's key */
	bool already;			 /* it was stored before: nothing written */
	bool sealed;			 /* a seal was verified */
	char verdict[32];		 /* the run's overall verdict */
};

/* Import one run folder: verify its seal (if any; a changed, added or
 * removed file is named), load result.json, check that its verdict is
 * what its cases give, then store the run, its device, bench, cases,
 * requirements, earlier attempts, measurements, accuracy evaluations and
 * instruments. */
int store_add_run(struct store *s, const char *run_dir, const struct store_add_opts *o,
		  struct store_add_result *res, char *err, size_t errlen);

/* Durability: store_add_run commits each run atomically (all of it or
 * nothing, also when carecert is killed), but does not wait for the disk;
 * store_sync makes every run added so far through s durable (surviving a
 * power cut or an OS crash), one flush for a whole batch. Call it before
 * telling anyone the runs are stored. Until then a power cut may lose the
 * last runs added, never part of one (docs/lab-platform.md). */
int store_sync(struct store *s, char *err, size_t errlen);

/* Filters of store_runs; NULL or 0 members do not filter. */
struct store_filter {
	const char *vendor, *model, *serial, *firmware, *verdict, *lab;
	const char *since;   /* runs started at or after this UTC time/date */
	const char *case_id; /* runs with a case of this id */
	const char *requirement; /* runs covering this clause ("ISO 81060-2 5.1" or a clause) */
	size_t limit;	     /* 0: STORE_MAX_ROWS */
	size_t offset;
};

/* Runs matching f, newest first: an array of objects with sha256, vendor,
 * model, serial, firmware, host, lab, start, end, status, verdict, sealed,
 * and the case counts. *total gets how many match without the limit
 * (may be NULL). */
int store_runs(struct store *s, const struct store_filter *f, json_object **out,
	       size_t *total, char *err, size_t errlen);

/* One run (sha256, or a unique prefix of at least 8 hex digits) with its
 * cases, each with requirements, measurements, attempts and accuracy. */
int store_run_get(struct store *s, const char *key, json_object **out, char *err,
		  size_t errlen);

/* A model's history: {"vendor", "model", "firmwares": [per firmware in
 * order of first run: {"firmware", "runs", "verdict", "first_start"}],
 * "cases": [{"case", "title", "verdicts": {firmware: verdict},
 * "regression": firmware or null}]}: a case's latest verdict per
 * firmware; a regression is a firmware where a case that passed before
 * fails, errs or is inconclusive. vendor may be NULL. */
int store_history(struct store *s, const char *vendor, const char *model,
		  json_object **out, char *err, size_t errlen);

/* One figure across runs, oldest first: a measurement's name, or an
 * accuracy evaluation's "bias:QUANTITY" or "sd:QUANTITY" (QUANTITY as the
 * record's, e.g. systolic). Rows {"start", "firmware", "sha256", "case",
 * "value", "unit", "min", "max", "verdict"}; model and vendor (may be NULL)
 * narrow it to one device model. At most STORE_MAX_ROWS rows (the latest). */
int store_trend(struct store *s, const char *name, const char *vendor, const char *model,
		json_object **out, char *err, size_t errlen);

/* The device models stored: [{"vendor", "model", "runs", "last_run"}],
 * by vendor and model, at most STORE_MAX_ROWS. */
int store_models(struct store *s, json_object **out, char *err, size_t errlen);

/* Reference instruments seen across runs, with their latest calibration
 * due date; "due_soon" when it is within days of today (or past). */
int store_instruments(struct store *s, int days, json_object **out, char *err,
		      size_t errlen);

#endif
