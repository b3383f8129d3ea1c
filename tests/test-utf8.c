/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 as RFC 3629 defines it (base/utf8.c): the sequences a device may
 * send, escaped text that is always valid, repaired record strings; and
 * the record written with a device's bytes in it is strict JSON text.
 */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "core/record.h"
#include "testutil.h"

#define B(s) ((const uint8_t *)(s))

START_TEST(test_seq_len)
{
	ck_assert_uint_eq(utf8_seq_len(B("A"), 1), 1);
	ck_assert_uint_eq(utf8_seq_len(B("\xC3\xA9"), 2), 2);         /* é */
	ck_assert_uint_eq(utf8_seq_len(B("\xE4\xB8\xAD"), 3), 3);     /* 中 */
	ck_assert_uint_eq(utf8_seq_len(B("\xF0\x9F\x98\x80"), 4), 4); /* U+1F600 */
	ck_assert_uint_eq(utf8_seq_len(B("\xF4\x8F\xBF\xBF"), 4), 4); /* U+10FFFF */
	/* refused: overlong '/', overlong 3- and 4-byte forms, a surrogate,
	 * beyond U+10FFFF, a lone continuation, F5..FF, cut short */
	ck_assert_uint_eq(utf8_seq_len(B("\xC0\xAF"), 2), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xE0\x80\xAF"), 3), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xF0\x80\x80\xAF"), 4), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xED\xA0\x80"), 3), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xF4\x90\x80\x80"), 4), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\x80"), 1), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xFF"), 1), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xE4\xB8"), 2), 0);
	ck_assert_uint_eq(utf8_seq_len(B("\xC3" "A"), 2), 0);
	ck_assert_uint_eq(utf8_seq_len(B(""), 0), 0);
}
END_TEST

START_TEST(test_check)
{
	ck_assert_uint_eq(utf8_check(B("Acme \xC3\xA9"), 7), 7);
	ck_assert_uint_eq(utf8_check(B("Acme\xC0\xAF"), 6), 4);
	ck_assert_uint_eq(utf8_check(B("ab\xE4\xB8"), 4), 2);
	ck_assert(utf8_valid_str("Acme \xE4\xB8\xAD"));
	ck_assert(!utf8_valid_str("Acme \xED\xA0\x80"));
}
END_TEST

START_TEST(test_escape)
{
	char out[64];

	ck_assert(utf8_escape(B("Acme \xC3\xA9"), 7, out, sizeof(out)));
	ck_assert_str_eq(out, "Acme \xC3\xA9");
	ck_assert(!utf8_escape(B("Acme\xC0\xAF\x00!"), 8, out, sizeof(out)));
	ck_assert_str_eq(out, "Acme\\xC0\\xAF\\x00!");
	ck_assert(utf8_valid_str(out));
	/* cut at a character, never inside one */
	ck_assert(!utf8_escape(B("ab\xE4\xB8\xAD"), 5, out, 5));
	ck_assert_str_eq(out, "ab");
	ck_assert(!utf8_escape(B("a\xFF"), 2, out, 4));
	ck_assert_str_eq(out, "a");
	ck_assert(!utf8_escape(B("a"), 1, out, 0));
}
END_TEST

START_TEST(test_repair)
{
	char *r = utf8_repair("ok \xFF\xC0\xAF end \xE4\xB8");

	ck_assert_ptr_nonnull(r);
	ck_assert(utf8_valid_str(r));
	ck_assert_str_eq(r, "ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD");
	free(r);
	r = utf8_repair("\xE4\xB8\xAD");
	ck_assert_str_eq(r, "\xE4\xB8\xAD");
	free(r);
}
END_TEST

/* A record holding bytes that are not UTF-8 (a device's, or a string cut
 * inside a character) is written as valid UTF-8 all the same. */
START_TEST(test_record_written_valid)
{
	struct record *r = record_new();
	char *dir = tu_mkdtemp(), path[4200], *text, cmd[8400], *out;
	json_object *o = json_object_new_object();

	ck_assert_ptr_nonnull(r);
	json_object_object_add(o, "observed", json_object_new_string("Acme\xC0\xAF\x80 Medical\xFF"));
	json_object_object_add(o, "cut", json_object_new_string("\xE4\xB8"));
	ck_assert_int_eq(record_add_case(r, o), 0);
	ck_assert_int_eq(record_write(r, dir), 0);
	snprintf(path, sizeof(path), "%s/result.json", dir);
	text = tu_slurp(path);
	ck_assert_ptr_nonnull(text);
	ck_assert(utf8_valid_str(text));
	ck_assert(strstr(text, "Acme\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD Medical\xEF\xBF\xBD"));
	free(text);
	/* and a strict reader takes it */
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys; json.loads(open(sys.argv[1],\"rb\").read().decode(\"utf-8\",\"strict\"))' '%s'",
		 path);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
	record_free(r);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	tcase_add_test(tc, test_seq_len);
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_repair);
	tcase_add_test(tc, test_record_written_valid);
	suite_add_tcase(s, tc);
	return s;
}
