/* SPDX-License-Identifier: MIT */
/*
 * make bench, the results store (docs/lab-platform.md): importing 10,000
 * runs (each a run folder's result.json of 17 cases, written, read,
 * checked and stored in its own transaction), then, with the runs table
 * grown to 100,000 runs, `store runs` (the newest 1000 and the count, and
 * a filtered query) and the dashboard's runs page. On SQLite, then on a
 * private PostgreSQL cluster started as in tests/itest-store.c when the
 * server is installed and we are root. Targets (issue 19): 10,000 imports
 * under 60 s (SQLite) and 120 s (PostgreSQL), store runs under 200 ms, a
 * dashboard page under 100 ms. Printed, not asserted.
 */
#include <glob.h>
#include <json-c/json.h>
#include <pwd.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "dash/page.h"
#include "store/store.h"

#define IMPORTS 10000
#define GROWN 100000

void bench_store(void);

/* A complete, passing record of 17 cases; run i differs by its start. */
static char *record_text(long i)
{
	json_object *r = json_object_new_object(), *cases = json_object_new_array();
	char start[40], *text;

	snprintf(start, sizeof(start), "2026-%02ld-%02ldT%02ld:%02ld:%02ld.%03ldZ", 1 + i % 12,
		 1 + i / 12 % 28, i / 336 % 24, i / 8064 % 60, i % 60, i % 1000);
	json_object_object_add(r, "schema", json_object_new_string("carecert/result/1"));
	json_object_object_add(r, "status", json_object_new_string("complete"));
	json_object_object_add(r, "environment", json_tokener_parse("{\"host\":\"bench-1\"}"));
	json_object_object_add(r, "dut", json_tokener_parse(
		"{\"vendor\":\"Acme\",\"model\":\"BP-100\",\"firmware\":\"1.4.2\","
		"\"serial_number\":\"SN-1\",\"category\":\"blood_pressure\"}"));
	json_object_object_add(r, "start", json_object_new_string(start));
	for (int c = 0; c < 17; c++) {
		char text_case[512];

		snprintf(text_case, sizeof(text_case),
			 "{\"suite\":\"s\",\"id\":\"BPM-%02d\",\"title\":\"case %d\",\"verdict\":\"pass\","
			 "\"reason\":\"\",\"attempt\":1,\"attempts_allowed\":1,\"duration_s\":0.2,"
			 "\"requirements\":[{\"standard\":\"SBP/1\",\"clause\":\"4.%d\"}],"
			 "\"measurements\":[{\"name\":\"m%d\",\"value\":%ld.5,\"unit\":\"ms\","
			 "\"min\":null,\"max\":500,\"verdict\":\"pass\"}]}",
			 c, c, c, c, i % 400);
		json_object_array_add(cases, json_tokener_parse(text_case));
	}
	json_object_object_add(r, "cases", cases);
	json_object_object_add(r, "verdict", json_object_new_string("pass"));
	text = strdup(json_object_to_json_string(r));
	json_object_put(r);
	return text;
}

/* This process's CPU time (user + system), s: the wall time of a busy
 * shared machine says little. */
static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

/* The CPU time, s, of a PostgreSQL cluster's server processes (the
 * postmaster's children: the session's backend, the WAL writer, the
 * checkpointer...), from /proc; 0 when pid_file is NULL or unreadable. */
static double server_cpu_s(const char *pid_file)
{
	FILE *f = pid_file ? fopen(pid_file, "r") : NULL;
	long master = 0, tick = sysconf(_SC_CLK_TCK);
	double sum = 0;
	glob_t g;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &master) != 1)
		master = 0;
	fclose(f);
	if (!master || tick <= 0 || glob("/proc/[0-9]*/stat", 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char line[1024], *p;
		long ppid = 0;
		unsigned long ut = 0, st = 0;

		if (!(f = fopen(g.gl_pathv[i], "r")))
			continue;
		p = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
		fclose(f);
		/* after the name: state ppid pgrp session tty tpgid flags minflt
		 * cminflt majflt cmajflt utime stime */
		if (p && sscanf(p + 2, "%*c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ppid,
				&ut, &st) == 3 && ppid == master)
			sum += (double)(ut + st) / (double)tick;
	}
	globfree(&g);
	return sum;
}

static const char *arg_none(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

/* The runs table grown to GROWN rows with one statement per backend: the
 * import path is measured above, this measures the queries at size. */
static const char grow_sqlite[] =
	"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < %d)"
	" INSERT INTO runs SELECT printf('%%064x', x), vendor, model, serial, firmware, host,"
	" lab, profile_path, profile_sha256, suites, suites_sha256,"
	" printf('2025-01-01T00:00:%%06d.000Z', x), end_time, status, scope,"
	" CASE WHEN x %% 10 = 0 THEN 'fail' ELSE verdict END, n_total, n_pass, n_fail,"
	" n_inconclusive, n_error, n_skipped, n_not_run, sealed, seal_fpr, tool_version,"
	" run_dir, imported FROM n, (SELECT * FROM runs LIMIT 1)";
static const char grow_pg[] =
	"INSERT INTO runs SELECT lpad(to_hex(x), 64, '0'), vendor, model, serial, firmware,"
	" host, lab, profile_path, profile_sha256, suites, suites_sha256,"
	" '2025-01-01T00:00:' || lpad(x::text, 6, '0') || '.000Z', end_time, status, scope,"
	" CASE WHEN x %% 10 = 0 THEN 'fail' ELSE verdict END, n_total, n_pass, n_fail,"
	" n_inconclusive, n_error, n_skipped, n_not_run, sealed, seal_fpr, tool_version,"
	" run_dir, imported FROM generate_series(1, %d) AS x, (SELECT * FROM runs LIMIT 1) AS r";

static void one_backend(const char *label, const char *url, const char *grow_cmd,
			const char *pid_file)
{
	char dir[4096], path[4200], err[1024], cmd[8192];
	struct store *s;
	struct store_add_result res;
	struct dash_reply rep;
	json_object *runs;
	size_t total = 0;
	int64_t t0, wall = 0; /* store_add_run and store_sync, summed */
	double cpu = 0, srv0;
	int rc;
	/* CARECERT_BENCH_IMPORTS: fewer, for a quick look */
	long imports = getenv("CARECERT_BENCH_IMPORTS") ? atol(getenv("CARECERT_BENCH_IMPORTS"))
							: IMPORTS;

	if (imports < 1 || imports > IMPORTS)
		imports = IMPORTS;
	snprintf(dir, sizeof(dir), "%s/carecert-bench-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir) || store_open(url, &s, err, sizeof(err))) {
		printf("  %s: cannot open the store: %s\n", label, err);
		return;
	}
	snprintf(path, sizeof(path), "%s/result.json", dir);
	srv0 = server_cpu_s(pid_file);
	for (long i = 0; i < imports; i++) {
		char *text = record_text(i);
		int64_t t1;
		double c1;

		/* a plain write: the import is measured, not the making of a
		 * run folder (the engine's work) */
		{
			/* a new file each time: truncating one just written makes
			 * ext4 flush it first (auto_da_alloc) */
			FILE *f = (unlink(path), fopen(path, "w"));

			rc = !f || fputs(text, f) < 0;
			if (f && fclose(f))
				rc = 1;
		}
		free(text);
		t1 = mono_now_ns();
		c1 = cpu_s();
		if (rc || (rc = store_add_run(s, dir, NULL, &res, err, sizeof(err))) || res.already) {
			printf("  %s: import %ld failed: %s\n", label, i, rc ? err : "already there");
			break;
		}
		/* as `store add` does at the end: every run on disk */
		if ((i + 1 == imports || i + 1 == 1000) && (rc = store_sync(s, err, sizeof(err)))) {
			printf("  %s: the final flush failed: %s\n", label, err);
			break;
		}
		wall += mono_now_ns() - t1;
		cpu += cpu_s() - c1;
		if (i + 1 == 1000 || i + 1 == imports)
			printf("  %s: import %5ld runs (17 cases)  %7.1f s, %5.2f ms a run"
			       " (carecert CPU %.2f ms a run)%s\n", label, i + 1, (double)wall / 1e9,
			       (double)wall / 1e6 / (double)(i + 1), cpu * 1e3 / (double)(i + 1),
			       i + 1 == IMPORTS ? (strstr(label, "Postgre") ? "  target 120 s"
									   : "  target 60 s")
						: "");
	}
	if (pid_file)
		printf("  %s: the server's CPU over the import     %5.2f ms a run\n", label,
		       (server_cpu_s(pid_file) - srv0) * 1e3 / (double)imports);
	unlink(path);
	rmdir(dir);
	/* grow to GROWN runs: the command is the backend's own client */
	snprintf(cmd, sizeof(cmd), grow_cmd, (int)(GROWN - imports));
	if (system(cmd)) {
		printf("  %s: cannot grow the runs table\n", label);
		store_close(s);
		return;
	}
	t0 = mono_now_ns();
	rc = store_runs(s, NULL, &runs, &total, err, sizeof(err));
	printf("  %s: store runs (newest 1000 of %zu) %6.1f ms (target 200 ms)\n", label, total,
	       (double)(mono_now_ns() - t0) / 1e6);
	if (!rc)
		json_object_put(runs);
	t0 = mono_now_ns();
	rc = store_runs(s, &(struct store_filter){ .verdict = "fail", .model = "BP-100" }, &runs,
			&total, err, sizeof(err));
	printf("  %s: store runs --verdict --model   %6.1f ms (%zu match)\n", label,
	       (double)(mono_now_ns() - t0) / 1e6, total);
	if (!rc)
		json_object_put(runs);
	t0 = mono_now_ns();
	dash_render(s, "GET", "/", arg_none, NULL, &rep);
	printf("  %s: dashboard runs page          %6.1f ms (target 100 ms, HTTP %d, %zu B)\n",
	       label, (double)(mono_now_ns() - t0) / 1e6, rep.status, rep.body.len);
	dash_reply_release(&rep);
	store_close(s);
}

static void bench_sqlite(void)
{
	char db[4200], cmd[16384];

	snprintf(db, sizeof(db), "%s/carecert-bench-%ld.sqlite", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (long)getpid());
	/* sqlite3's own shell would be one more package: python3 is there */
	snprintf(cmd, sizeof(cmd),
		 "python3 -c \"import sqlite3,sys; c=sqlite3.connect('%s');"
		 " c.execute(sys.argv[1]); c.commit()\" \"%s\"",
		 db, grow_sqlite);
	one_backend("SQLite    ", db, cmd, NULL);
	snprintf(cmd, sizeof(cmd), "rm -f '%s' '%s-wal' '%s-shm'", db, db, db);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", db);
}

/* A private cluster as in itest-store.c; skipped when it cannot start. */
static void bench_pg(void)
{
	glob_t g;
	char bin[4096], dir[4096] = "/tmp/carecert-bench-pg-XXXXXX", cmd[16384], url[4300];
	struct passwd *pw = getpwnam("postgres");
	int port = 20000 + (int)(getpid() % 40000);

	if (geteuid() || !pw || glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) ||
	    !g.gl_pathc) {
		printf("  PostgreSQL: skipped (needs root and the Debian postgresql package)\n");
		return;
	}
	snprintf(bin, sizeof(bin), "%s", g.gl_pathv[g.gl_pathc - 1]);
	*strrchr(bin, '/') = 0;
	globfree(&g);
	if (!mkdtemp(dir) || chown(dir, pw->pw_uid, pw->pw_gid)) {
		printf("  PostgreSQL: skipped (no temporary folder)\n");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "runuser -u postgres -- %s/initdb -D %s/data -A trust -U postgres --no-sync >/dev/null"
		 " && runuser -u postgres -- %s/pg_ctl -D %s/data -l %s/log -w -o \"-k %s -p %d"
		 " -c listen_addresses=''\" start >/dev/null",
		 bin, dir, bin, dir, dir, dir, port);
	if (!system(cmd)) {
		snprintf(url, sizeof(url), "postgresql:///postgres?host=%s&port=%d&user=postgres", dir,
			 port);
		snprintf(cmd, sizeof(cmd), "runuser -u postgres -- %s/psql -q -h %s -p %d -c \"%s\"",
			 bin, dir, port, grow_pg);
		char pid_file[4200];

		snprintf(pid_file, sizeof(pid_file), "%s/data/postmaster.pid", dir);
		one_backend("PostgreSQL", url, cmd, pid_file);
	} else {
		printf("  PostgreSQL: skipped (the cluster did not start)\n");
	}
	snprintf(cmd, sizeof(cmd),
		 "runuser -u postgres -- %s/pg_ctl -D %s/data -m immediate -w stop >/dev/null 2>&1;"
		 " rm -rf %s", bin, dir, dir);
	if (system(cmd))
		fprintf(stderr, "cannot stop the bench's cluster in %s\n", dir);
}

void bench_store(void)
{
	/* CARECERT_BENCH_BACKEND=sqlite or postgresql: that one only */
	const char *only = getenv("CARECERT_BENCH_BACKEND");

	printf("results store (docs/lab-platform.md)\n");
	if (!only || !strcmp(only, "sqlite"))
		bench_sqlite();
	if (!only || !strcmp(only, "postgresql"))
		bench_pg();
}
