/* SPDX-License-Identifier: MIT */
/*
 * The results store on SQLite (its embedded backend): the checks of
 * store-cases.h, which itest-store.c runs on PostgreSQL too, and what is
 * SQLite's own (a store file from a newer carecert is refused).
 */
#include "store-cases.h"

#include <sqlite3.h>

static char *db_path(char *dir)
{
	char *p = malloc(strlen(dir) + 16);

	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/t.sqlite", dir);
	return p;
}

START_TEST(test_store_sqlite_import_query)
{
	char *dir = tu_mkdtemp(), *db = db_path(dir);

	sc_import_and_query(db);
	free(db);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_store_sqlite_refusals)
{
	char *dir = tu_mkdtemp(), *db = db_path(dir);

	sc_refusals(db);
	free(db);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_store_sqlite_queue_error)
{
	char *dir = tu_mkdtemp(), *db = db_path(dir);

	sc_queue_error(db);
	free(db);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_store_sqlite_newer_schema)
{
	char *dir = tu_mkdtemp(), *db = db_path(dir), err[512];
	struct store *s;
	sqlite3 *raw;

	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	store_close(s);
	ck_assert_int_eq(sqlite3_open(db, &raw), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(raw, "INSERT INTO store_schema VALUES (99, 'x')", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_EINVAL);
	ck_assert_msg(strstr(err, "newer"), "%s", err);
	free(db);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_store(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("sqlite");

	tcase_add_test(tc, test_store_sqlite_import_query);
	tcase_add_test(tc, test_store_sqlite_refusals);
	tcase_add_test(tc, test_store_sqlite_newer_schema);
	tcase_add_test(tc, test_store_sqlite_queue_error);
	suite_add_tcase(s, tc);
	return s;
}
