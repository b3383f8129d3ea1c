/* SPDX-License-Identifier: MIT */
/*
 * The results store on PostgreSQL: a private cluster started for these
 * tests from the Debian postgresql package (initdb and pg_ctl as the
 * postgres user, which initdb needs, on a Unix socket in a temporary
 * folder, no TCP), the same checks as on SQLite (store-cases.h), and
 * concurrent importers through the command line on both backends. The
 * cluster is stopped and its folder removed after the tests, whatever
 * they did (an unchecked fixture runs in the runner's own process).
 */
#include "store-cases.h"

#include <fcntl.h>
#include <glob.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

static char pg_dir[4096], pg_bin[4096], pg_why[4096];
static int pg_port;

static int pg_sh(const char *fmt, const char *a, const char *b)
{
	char cmd[16384], *out = NULL;
	int st;

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	st = tu_run(cmd, &out);
	if (st)
		snprintf(pg_why, sizeof(pg_why), "%s: exit %d: %.3000s", cmd, st, out ? out : "");
	free(out);
	return st;
}

static void pg_url(char *out, size_t len, const char *db)
{
	snprintf(out, len, "postgresql:///%s?host=%s&port=%d&user=postgres", db, pg_dir, pg_port);
}

static void pg_start(void)
{
	struct passwd *pw = getpwnam("postgres");
	glob_t g;
	char *dir, opts[8192];

	pg_why[0] = 0;
	if (glob("/usr/lib/postgresql/*/bin/initdb", 0, NULL, &g) || !g.gl_pathc || !pw) {
		snprintf(pg_why, sizeof(pg_why), "no PostgreSQL server (Debian postgresql: make deps)");
		if (!g.gl_pathc)
			globfree(&g);
		return;
	}
	snprintf(pg_bin, sizeof(pg_bin), "%s", g.gl_pathv[g.gl_pathc - 1]);
	*strrchr(pg_bin, '/') = 0;
	globfree(&g);
	dir = tu_mkdtemp();
	snprintf(pg_dir, sizeof(pg_dir), "%s", dir);
	free(dir);
	if (chown(pg_dir, pw->pw_uid, pw->pw_gid)) {
		snprintf(pg_why, sizeof(pg_why), "cannot hand %s to postgres", pg_dir);
		return;
	}
	/* the socket's name: any port, nothing listens on TCP */
	pg_port = 20000 + (int)((unsigned)getpid() * 7919u + (unsigned)time(NULL)) % 40000;
	if (pg_sh("runuser -u postgres -- %s/initdb -D %s/data -A trust -U postgres --no-sync"
		  " >/dev/null", pg_bin, pg_dir))
		return;
	snprintf(opts, sizeof(opts), "-k %s -p %d -c listen_addresses='' -c fsync=off", pg_dir,
		 pg_port);
	{
		char cmd[16384];

		snprintf(cmd, sizeof(cmd),
			 "runuser -u postgres -- %s/pg_ctl -D %s/data -l %s/log -w -t 60 -o \"%s\""
			 " start >/dev/null", pg_bin, pg_dir, pg_dir, opts);
		if (pg_sh("%s%s", cmd, ""))
			return;
	}
	for (int i = 0; i < 6; i++) {
		const char *db[] = { "imp", "ref", "conc", "kill", "sync", "queue" };
		char cmd[8192];

		snprintf(cmd, sizeof(cmd), "runuser -u postgres -- %s/createdb -h %s -p %d %s",
			 pg_bin, pg_dir, pg_port, db[i]);
		if (pg_sh("%s%s", cmd, ""))
			return;
	}
}

static void pg_stop(void)
{
	char cmd[16384], *out = NULL;

	if (!pg_dir[0])
		return;
	snprintf(cmd, sizeof(cmd),
		 "runuser -u postgres -- %s/pg_ctl -D %s/data -m immediate -w stop >/dev/null 2>&1;"
		 " rm -rf %s", pg_bin, pg_dir, pg_dir);
	tu_run(cmd, &out);
	free(out);
	pg_dir[0] = 0;
}

static void need_pg(void)
{
	ck_assert_msg(!pg_why[0], "private PostgreSQL not started: %s", pg_why);
}

START_TEST(test_store_pg_import_query)
{
	char url[8192];

	need_pg();
	pg_url(url, sizeof(url), "imp");
	sc_import_and_query(url);
}
END_TEST

START_TEST(test_store_pg_refusals)
{
	char url[8192];

	need_pg();
	pg_url(url, sizeof(url), "ref");
	sc_refusals(url);
}
END_TEST

START_TEST(test_store_pg_queue_error)
{
	char url[8192];

	need_pg();
	pg_url(url, sizeof(url), "queue");
	sc_queue_error(url);
}
END_TEST

/* One value of a query on a connection of our own. */
static char *pg_value(PGconn *c, const char *sql, const char *param)
{
	PGresult *r = PQexecParams(c, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	char *v;

	ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1, "%s: %s", sql,
		      PQerrorMessage(c));
	v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* A run is committed without waiting for the WAL flush; store_sync
 * returns only once the server's WAL is flushed past that commit. */
START_TEST(test_store_pg_sync)
{
	char url[8192], err[512], *tmp = tu_mkdtemp(), *dir, *lsn, *flushed;
	struct store *s;
	struct store_add_result r;
	PGconn *c;

	need_pg();
	pg_url(url, sizeof(url), "sync");
	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	c = PQconnectdb(url);
	ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
	for (int i = 0; i < 5; i++) {
		char name[16], start[40];

		snprintf(name, sizeof(name), "s%d", i);
		snprintf(start, sizeof(start), "2026-05-01T00:00:%02d.000Z", i);
		dir = sc_make_run(tmp, name, &(struct sc_run){ .start = start });
		ck_assert_msg(store_add_run(s, dir, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
		ck_assert(!r.already);
		free(dir);
	}
	lsn = pg_value(c, "SELECT pg_current_wal_insert_lsn()::text", NULL);
	ck_assert_msg(store_sync(s, err, sizeof(err)) == CC_OK, "%s", err);
	flushed = pg_value(c, "SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn", lsn);
	ck_assert_msg(!strcmp(flushed, "t"), "WAL not flushed past %s after store_sync", lsn);
	free(lsn);
	free(flushed);
	PQfinish(c);
	store_close(s);
	tu_rmdir(tmp);
}
END_TEST

#define NRUNS 100
#define NIMPORTERS 4
#define PER_IMPORTER 50

/* 4 importers x 50 runs at once, each run imported by two of them: every
 * run stored exactly once, every importer done with exit 0. */
static void concurrent_import(const char *url)
{
	char *tmp = tu_mkdtemp(), *dirs[NRUNS], *cmds[NIMPORTERS], path[4200], err[512];
	size_t added = 0;
	struct store *s;

	for (int i = 0; i < NRUNS; i++) {
		char name[16], fw[16], start[40];

		snprintf(name, sizeof(name), "r%03d", i);
		snprintf(fw, sizeof(fw), "1.%d", i);
		snprintf(start, sizeof(start), "2026-03-01T00:%02d:%02d.000Z", i / 60, i % 60);
		dirs[i] = sc_make_run(tmp, name, &(struct sc_run){ .firmware = fw, .start = start,
								   .case2 = i % 3 ? "pass" : "fail" });
	}
	for (int k = 0; k < NIMPORTERS; k++) {
		size_t len = 0, cap = 256 + PER_IMPORTER * 4200;
		char *c = malloc(cap);

		ck_assert_ptr_nonnull(c);
		len += (size_t)snprintf(c, cap, "%s/carecert store add --db '%s'", tu_bindir(), url);
		for (int i = 0; i < PER_IMPORTER; i++)
			len += (size_t)snprintf(c + len, cap - len, " %s",
						dirs[(k * NRUNS / NIMPORTERS + i) % NRUNS]);
		snprintf(c + len, cap - len, " >%s/log%d 2>&1; echo $? >%s/status%d", tmp, k, tmp, k);
		cmds[k] = c;
	}
	tu_run_parallel(cmds, NIMPORTERS, NIMPORTERS);
	for (int k = 0; k < NIMPORTERS; k++) {
		char *log, *st, *p;

		snprintf(path, sizeof(path), "%s/status%d", tmp, k);
		st = tu_slurp(path);
		snprintf(path, sizeof(path), "%s/log%d", tmp, k);
		log = tu_slurp(path);
		ck_assert_ptr_nonnull(st);
		ck_assert_ptr_nonnull(log);
		ck_assert_msg(!strcmp(st, "0\n"), "importer %d: exit %s%s", k, st, log);
		for (p = log; (p = strstr(p, "added ")); p++)
			added++;
		free(st);
		free(log);
		free(cmds[k]);
	}
	ck_assert_uint_eq(added, NRUNS);
	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_uint_eq(sc_count(s, NULL), NRUNS);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .case_id = "C-2" }), NRUNS);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .verdict = "fail" }), (NRUNS + 2) / 3);
	store_close(s);
	for (int i = 0; i < NRUNS; i++)
		free(dirs[i]);
	tu_rmdir(tmp);
}

START_TEST(test_store_pg_concurrent)
{
	char url[8192];

	need_pg();
	pg_url(url, sizeof(url), "conc");
	concurrent_import(url);
}
END_TEST

START_TEST(test_store_sqlite_concurrent)
{
	char *dir = tu_mkdtemp(), db[4200];

	snprintf(db, sizeof(db), "%s/c.sqlite", dir);
	concurrent_import(db);
	tu_rmdir(dir);
}
END_TEST

#define KILL_RUNS 30
#define KILL_CASES 200

/* A run of many cases (the first case of sc_make_run again and again): a
 * long transaction, so that a kill most likely lands inside one. */
static char *big_run(const char *parent, int i)
{
	char name[16], start[40], path[4200], *dir;
	json_object *root, *cases, *first;

	snprintf(name, sizeof(name), "k%03d", i);
	snprintf(start, sizeof(start), "2026-04-01T00:%02d:%02d.000Z", i / 60, i % 60);
	dir = sc_make_run(parent, name, &(struct sc_run){ .start = start });
	snprintf(path, sizeof(path), "%s/result.json", dir);
	root = json_object_from_file(path);
	ck_assert_ptr_nonnull(root);
	cases = json_object_object_get(root, "cases");
	first = json_object_array_get_idx(cases, 0);
	for (int c = 2; c < KILL_CASES; c++) {
		json_object *copy = NULL;
		char id[16];

		ck_assert_int_eq(json_object_deep_copy(first, &copy, NULL), 0);
		snprintf(id, sizeof(id), "C-%d", c + 1);
		json_object_object_add(copy, "id", json_object_new_string(id));
		json_object_array_add(cases, copy);
	}
	ck_assert_int_eq(json_object_to_file(path, root), 0);
	json_object_put(root);
	return dir;
}

/* `store add` killed (SIGKILL) while it imports: every run the store then
 * holds is whole (all its cases, the rows under them, its instruments),
 * and importing the same folders again completes the store. */
static void killed_import(const char *url)
{
	char *tmp = tu_mkdtemp(), *dirs[KILL_RUNS], bin[4200], cmd[16384], err[512], *out;
	char *argv[KILL_RUNS + 6];
	struct store *s;
	json_object *runs;
	size_t stored = 0, total = 0, len;
	pid_t pid;
	int st;

	for (int i = 0; i < KILL_RUNS; i++)
		dirs[i] = big_run(tmp, i);
	snprintf(bin, sizeof(bin), "%s/carecert", tu_bindir());
	argv[0] = bin;
	argv[1] = "store";
	argv[2] = "add";
	argv[3] = "--db";
	argv[4] = (char *)url;
	for (int i = 0; i < KILL_RUNS; i++)
		argv[5 + i] = dirs[i];
	argv[5 + KILL_RUNS] = NULL;
	ck_assert_msg(store_open(url, &s, err, sizeof(err)) == CC_OK, "%s", err);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execv(bin, argv);
		_exit(127);
	}
	/* killed once a few runs are in: the next one is being written */
	for (int i = 0; i < 5000 && stored < 3; i++) {
		nanosleep(&(struct timespec){ 0, 2000000L }, NULL);
		/* not sc_count: its count and rows may differ while runs arrive */
		ck_assert_msg(store_runs(s, &(struct store_filter){ .limit = 1 }, &runs, &stored,
					 err, sizeof(err)) == CC_OK, "%s", err);
		json_object_put(runs);
	}
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFSIGNALED(st), "the import ended before the kill (exit %d, %zu runs)",
		      WIFEXITED(st) ? WEXITSTATUS(st) : -1, stored);
	ck_assert_msg(store_runs(s, NULL, &runs, &total, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_uint_ge(total, 3);
	ck_assert_uint_lt(total, KILL_RUNS);
	for (size_t i = 0; i < json_object_array_length(runs); i++) {
		json_object *r = json_object_array_get_idx(runs, i), *run, *cases, *last;

		ck_assert_int_eq(json_object_get_int(json_object_object_get(r, "total")),
				 KILL_CASES);
		ck_assert_msg(store_run_get(s, sc_str(r, "sha256"), &run, err, sizeof(err)) ==
				      CC_OK, "%s", err);
		cases = json_object_object_get(run, "cases");
		len = json_object_array_length(cases);
		ck_assert_uint_eq(len, KILL_CASES);
		/* the rows written last: the last case's, then the instruments */
		last = json_object_array_get_idx(cases, len - 1);
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(last, "requirements")), 1);
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(last, "measurements")), 1);
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(last, "accuracy")), 1);
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(last, "previous_attempts")), 1);
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(run, "instruments")), 1);
		json_object_put(run);
	}
	json_object_put(runs);
	len = (size_t)snprintf(cmd, sizeof(cmd), "%s store add --db '%s'", bin, url);
	for (int i = 0; i < KILL_RUNS; i++)
		len += (size_t)snprintf(cmd + len, sizeof(cmd) - len, " %s", dirs[i]);
	ck_assert_uint_lt(len, sizeof(cmd));
	ck_assert_msg(tu_run(cmd, &out) == 0, "%s", out);
	free(out);
	ck_assert_uint_eq(sc_count(s, NULL), KILL_RUNS);
	store_close(s);
	for (int i = 0; i < KILL_RUNS; i++)
		free(dirs[i]);
	tu_rmdir(tmp);
}

START_TEST(test_store_pg_killed_import)
{
	char url[8192];

	need_pg();
	pg_url(url, sizeof(url), "kill");
	killed_import(url);
}
END_TEST

START_TEST(test_store_sqlite_killed_import)
{
	char *dir = tu_mkdtemp(), db[4200];

	snprintf(db, sizeof(db), "%s/k.sqlite", dir);
	killed_import(db);
	tu_rmdir(dir);
}
END_TEST

/* The command line: exit 1 when a run is refused, the others stored;
 * runs as JSON; show by prefix; an unknown subcommand is a usage error. */
START_TEST(test_store_cli)
{
	char *tmp = tu_mkdtemp(), cmd[16384], *out, *good, *bad;
	json_object *arr;

	good = sc_make_run(tmp, "good", &(struct sc_run){ .vendor = "<b>Evil & Co</b>" });
	bad = sc_make_run(tmp, "bad", &(struct sc_run){ .case2 = "fail", .verdict = "pass" });
	snprintf(cmd, sizeof(cmd), "%s/carecert store add --db %s/s.sqlite %s %s", tu_bindir(),
		 tmp, good, bad);
	ck_assert_int_eq(tu_run(cmd, &out), 1);
	ck_assert_msg(strstr(out, "refused") && strstr(out, "added"), "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "CARECERT_DB=%s/s.sqlite %s/carecert store runs --json 2>/dev/null",
		 tmp, tu_bindir());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	arr = json_tokener_parse(out);
	ck_assert_msg(arr && json_object_array_length(arr) == 1, "%s", out);
	ck_assert_str_eq(sc_str(json_object_array_get_idx(arr, 0), "vendor"), "<b>Evil & Co</b>");
	json_object_put(arr);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/carecert store frobnicate --db %s/s.sqlite", tu_bindir(), tmp);
	ck_assert_int_eq(tu_run(cmd, &out), 2);
	free(out);
	free(good);
	free(bad);
	tu_rmdir(tmp);
}
END_TEST

/* Several profiles in one run: each its own run folder, the worst exit
 * status, a summary naming each, every run in the store. */
START_TEST(test_run_several_profiles)
{
	char *tmp = tu_mkdtemp(), cmd[16384], *out, err[512];
	struct store *s;

	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/demo-serial-bp.yaml"
		 " profiles/fault-serial-bp-slow-reply.yaml --jobs 2 --out %s/b --store"
		 " --db %s/b.sqlite",
		 tu_bindir(), tmp, tmp);
	ck_assert_int_eq(tu_run(cmd, &out), 1); /* the worst: the fault is caught */
	ck_assert_msg(strstr(out, "demo-serial-bp                    0 passed") &&
			      strstr(out, "fault-serial-bp-slow-reply        1 failed"),
		      "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/b.sqlite", tmp);
	ck_assert_int_eq(store_open(cmd, &s, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(sc_count(s, NULL), 2);
	ck_assert_uint_eq(sc_count(s, &(struct store_filter){ .verdict = "fail" }), 1);
	store_close(s);
	/* one profile's options that cannot apply to several are refused */
	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/demo-serial-bp.yaml profiles/demo-ble-hr.yaml"
		 " --junit x.xml --out %s/c",
		 tu_bindir(), tmp);
	ck_assert_int_eq(tu_run(cmd, &out), 2);
	free(out);
	tu_rmdir(tmp);
}
END_TEST

Suite *suite_store_pg(void)
{
	Suite *s = suite_create("store_pg");
	TCase *tc = tcase_create("postgresql");
	TCase *cli = tcase_create("cli");

	tcase_set_timeout(cli, 240);
	tcase_add_unchecked_fixture(tc, pg_start, pg_stop);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_store_pg_import_query);
	tcase_add_test(tc, test_store_pg_refusals);
	tcase_add_test(tc, test_store_pg_concurrent);
	tcase_add_test(tc, test_store_pg_killed_import);
	tcase_add_test(tc, test_store_pg_sync);
	tcase_add_test(tc, test_store_pg_queue_error);
	suite_add_tcase(s, tc);
	tcase_add_test(cli, test_store_sqlite_concurrent);
	tcase_add_test(cli, test_store_sqlite_killed_import);
	tcase_add_test(cli, test_store_cli);
	tcase_add_test(cli, test_run_several_profiles);
	suite_add_tcase(s, cli);
	return s;
}
