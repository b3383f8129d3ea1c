/* SPDX-License-Identifier: MIT */
/*
 * The store's schema, one numbered migration per change, applied in order
 * by store_open (never edited once released: a change is a new version).
 * Written in the SQL both backends read: TEXT, INTEGER, DOUBLE PRECISION,
 * composite keys (no auto-increment, whose spelling differs); a run's key
 * is its record's SHA-256 and its rows hang off it.
 */
#include "store/store-internal.h"

static const char *const v1[] = {
	"CREATE TABLE devices ("
	" vendor TEXT NOT NULL, model TEXT NOT NULL, serial TEXT NOT NULL,"
	" category TEXT,"
	" PRIMARY KEY (vendor, model, serial))",
	/* a bench is the host a run came from (the record's environment) */
	"CREATE TABLE benches (host TEXT PRIMARY KEY, os TEXT)",
	"CREATE TABLE runs ("
	" sha256 TEXT PRIMARY KEY,"
	" vendor TEXT NOT NULL, model TEXT NOT NULL, serial TEXT NOT NULL,"
	" firmware TEXT NOT NULL,"
	" host TEXT NOT NULL REFERENCES benches (host),"
	" lab TEXT, profile_path TEXT, profile_sha256 TEXT,"
	" suites TEXT, suites_sha256 TEXT,"
	" start_time TEXT, end_time TEXT,"
	" status TEXT NOT NULL, scope TEXT, verdict TEXT NOT NULL,"
	" n_total INTEGER NOT NULL, n_pass INTEGER NOT NULL, n_fail INTEGER NOT NULL,"
	" n_inconclusive INTEGER NOT NULL, n_error INTEGER NOT NULL,"
	" n_skipped INTEGER NOT NULL, n_not_run INTEGER NOT NULL,"
	" sealed INTEGER NOT NULL, seal_fpr TEXT,"
	" tool_version TEXT, run_dir TEXT, imported TEXT NOT NULL,"
	" FOREIGN KEY (vendor, model, serial) REFERENCES devices (vendor, model, serial))",
	"CREATE INDEX runs_start ON runs (start_time)",
	"CREATE INDEX runs_model ON runs (model, firmware)",
	"CREATE INDEX runs_vendor ON runs (vendor)",
	"CREATE INDEX runs_verdict ON runs (verdict, start_time)",
	"CREATE INDEX runs_lab ON runs (lab)",
	"CREATE TABLE cases ("
	" run_sha256 TEXT NOT NULL REFERENCES runs (sha256) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL, suite TEXT, case_id TEXT NOT NULL, title TEXT,"
	" verdict TEXT NOT NULL, reason TEXT, stage TEXT, start_time TEXT,"
	" attempt INTEGER, attempts_allowed INTEGER, duration_s DOUBLE PRECISION,"
	" PRIMARY KEY (run_sha256, idx))",
	"CREATE INDEX cases_case_id ON cases (case_id)",
	"CREATE TABLE requirements ("
	" run_sha256 TEXT NOT NULL, case_idx INTEGER NOT NULL, idx INTEGER NOT NULL,"
	" standard TEXT, clause TEXT,"
	" PRIMARY KEY (run_sha256, case_idx, idx),"
	" FOREIGN KEY (run_sha256, case_idx) REFERENCES cases (run_sha256, idx)"
	"  ON DELETE CASCADE)",
	"CREATE INDEX requirements_clause ON requirements (clause, standard)",
	/* the attempts before the one that decided the case */
	"CREATE TABLE attempts ("
	" run_sha256 TEXT NOT NULL, case_idx INTEGER NOT NULL, attempt INTEGER NOT NULL,"
	" verdict TEXT, reason TEXT,"
	" PRIMARY KEY (run_sha256, case_idx, attempt),"
	" FOREIGN KEY (run_sha256, case_idx) REFERENCES cases (run_sha256, idx)"
	"  ON DELETE CASCADE)",
	"CREATE TABLE measurements ("
	" run_sha256 TEXT NOT NULL, case_idx INTEGER NOT NULL, idx INTEGER NOT NULL,"
	" name TEXT NOT NULL, value DOUBLE PRECISION, unit TEXT,"
	" min_value DOUBLE PRECISION, max_value DOUBLE PRECISION,"
	" marginal INTEGER, verdict TEXT,"
	" PRIMARY KEY (run_sha256, case_idx, idx),"
	" FOREIGN KEY (run_sha256, case_idx) REFERENCES cases (run_sha256, idx)"
	"  ON DELETE CASCADE)",
	"CREATE INDEX measurements_name ON measurements (name)",
	"CREATE TABLE accuracy ("
	" run_sha256 TEXT NOT NULL, case_idx INTEGER NOT NULL, idx INTEGER NOT NULL,"
	" method TEXT, quantity TEXT, unit TEXT, standard TEXT, clause TEXT,"
	" verdict TEXT, n_pairs INTEGER, bias DOUBLE PRECISION, sd DOUBLE PRECISION,"
	" reference_instrument TEXT, calibration_due TEXT, observed TEXT,"
	" PRIMARY KEY (run_sha256, case_idx, idx),"
	" FOREIGN KEY (run_sha256, case_idx) REFERENCES cases (run_sha256, idx)"
	"  ON DELETE CASCADE)",
	"CREATE TABLE instruments ("
	" run_sha256 TEXT NOT NULL REFERENCES runs (sha256) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL, instrument_id TEXT, name TEXT, model TEXT,"
	" serial TEXT, calibration_due TEXT,"
	" PRIMARY KEY (run_sha256, idx))",
	"CREATE INDEX instruments_serial ON instruments (model, serial)",
	NULL,
};

const char *const *const store_migrations[] = { v1 };
const size_t store_nmigrations = sizeof(store_migrations) / sizeof(store_migrations[0]);
