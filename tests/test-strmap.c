/* SPDX-License-Identifier: MIT */
/* The loaders' map from names (or pairs of names) to entries. */
#include <check.h>
#include <stdio.h>

#include "base/strmap.h"

/* The map itself: keys and pairs of keys, growth, duplicates refused. */
START_TEST(test_strmap)
{
	struct strmap m = STRMAP_INIT, m2 = STRMAP_INIT;
	static char keys[5000][16];
	void *old = NULL;

	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ck_assert_int_eq(strmap_put(&m, keys[i], keys[i], NULL), 0);
	}
	ck_assert_uint_eq(m.n, 5000);
	ck_assert_uint_le(2 * m.n, m.cap);
	for (int i = 0; i < 5000; i++)
		ck_assert_ptr_eq(strmap_get(&m, keys[i]), keys[i]);
	ck_assert_ptr_null(strmap_get(&m, "k5000"));
	ck_assert_ptr_null(strmap_get(&m, ""));
	ck_assert_int_ne(strmap_put(&m, "k17", NULL, &old), 0);
	ck_assert_ptr_eq(old, keys[17]);
	ck_assert_ptr_eq(strmap_get(&m, "k17"), keys[17]);
	ck_assert_ptr_null(strmap_get(&m2, "k1"));
	/* pairs: ("a", "bc") and ("ab", "c") are different keys */
	ck_assert_int_eq(strmap_put2(&m2, "a", "bc", keys[1], NULL), 0);
	ck_assert_int_eq(strmap_put2(&m2, "ab", "c", keys[2], NULL), 0);
	ck_assert_ptr_eq(strmap_get2(&m2, "a", "bc"), keys[1]);
	ck_assert_ptr_eq(strmap_get2(&m2, "ab", "c"), keys[2]);
	ck_assert_ptr_null(strmap_get2(&m2, "a", "b"));
	ck_assert_ptr_null(strmap_get(&m2, "a"));
	strmap_release(&m);
	strmap_release(&m2);
	ck_assert_ptr_null(strmap_get(&m, "k1"));
}
END_TEST

Suite *suite_strmap(void)
{
	Suite *s = suite_create("strmap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_strmap);
	suite_add_tcase(s, tc);
	return s;
}
