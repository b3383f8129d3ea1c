/* SPDX-License-Identifier: MIT */
/* Paired-data CSV reader: a well-formed file with every optional feature,
 * each malformation reported at its line and column, and no crash on any
 * prefix or byte mutation of a valid file. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/err.h"
#include "bench/pairs.h"
#include "testutil.h"

/* Diagnostics as the user sees them. */
static char *render(const struct diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	diag_print(d, f);
	fclose(f);
	return buf;
}

/* Parse text as "f.csv"; returns the rc, *msgs gets the diagnostics. */
static int parse_n(const char *text, size_t len, const char *unit,
		   struct pair_set **s, char **msgs)
{
	struct diag d;
	int rc;

	diag_init(&d);
	rc = pairs_parse("f.csv", text, len, unit, s, &d);
	*msgs = render(&d);
	/* invariant: an error has a message and no set, success the reverse */
	if (rc) {
		ck_assert_ptr_null(*s);
		ck_assert_uint_gt(diag_count(&d), 0);
	} else {
		ck_assert_ptr_nonnull(*s);
		ck_assert_uint_eq(diag_count(&d), 0);
	}
	diag_release(&d);
	return rc;
}

static int parse(const char *text, const char *unit, struct pair_set **s,
		 char **msgs)
{
	return parse_n(text, strlen(text), unit, s, msgs);
}

static const char good[] = "\xEF\xBB\xBF# BP validation, site 3\r\n"
			   "Subject, Quantity ,Reference,Device,Unit,Notes\r\n"
			   "\r\n"
			   "S01,systolic,121,118,mmHg,first\r\n"
			   "\"S 02\",Diastolic,80,83.5,mmHg,\"with, comma\"\r\n"
			   "  S01 ,diastolic,79,80,,\r\n"
			   "S03,systolic,16.0,16.5,kPa,\"say \"\"hi\"\"\"\r\n";

START_TEST(test_good_file)
{
	struct pair_set *s;
	char *msgs;

	ck_assert_int_eq(parse(good, "mmHg", &s, &msgs), CC_OK);
	free(msgs);
	ck_assert_str_eq(s->file, "f.csv");
	ck_assert_uint_eq(s->n, 4);
	ck_assert_uint_eq(s->n_subjects, 3);
	ck_assert_str_eq(s->subjects[0], "S01");
	ck_assert_str_eq(s->subjects[1], "S 02");
	ck_assert_str_eq(s->subjects[2], "S03");
	ck_assert_uint_eq(s->n_quantities, 2);
	ck_assert_str_eq(s->quantities[0], "systolic");
	ck_assert_str_eq(s->quantities[1], "Diastolic");

	ck_assert_uint_eq(s->v[0].line, 4);
	ck_assert_uint_eq(s->v[0].subject, 0);
	ck_assert_uint_eq(s->v[0].quantity, 0);
	ck_assert_double_eq(s->v[0].reference, 121);
	ck_assert_double_eq(s->v[0].device, 118);
	ck_assert_str_eq(s->v[0].unit, "mmHg");
	ck_assert_uint_eq(s->v[1].subject, 1);
	ck_assert_double_eq(s->v[1].device, 83.5);
	/* trimmed subject, case-insensitive quantity, default unit */
	ck_assert_uint_eq(s->v[2].line, 6);
	ck_assert_uint_eq(s->v[2].subject, 0);
	ck_assert_uint_eq(s->v[2].quantity, 1);
	ck_assert_str_eq(s->v[2].unit, "mmHg");
	ck_assert_str_eq(s->v[3].unit, "kPa");
	ck_assert_uint_eq(s->v[3].line, 7);
	pairs_free(s);
	pairs_free(NULL);
}
END_TEST

START_TEST(test_select)
{
	struct pair_set *s;
	struct pair *v;
	struct diag d;
	size_t n;
	char *msgs;

	ck_assert_int_eq(parse(good, "mmHg", &s, &msgs), CC_OK);
	free(msgs);
	diag_init(&d);
	ck_assert_int_eq(pairs_select(s, "DIASTOLIC", NULL, &v, &n, &d), CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_double_eq(v[0].reference, 80);
	ck_assert_double_eq(v[1].reference, 79);
	free(v);
	/* mixed units need a target unit */
	ck_assert_int_eq(pairs_select(s, "systolic", NULL, &v, &n, &d),
			 CC_EINVAL);
	ck_assert_ptr_null(v);
	msgs = render(&d);
	ck_assert_str_eq(msgs, "f.csv:7:1: unit 'kPa' differs from 'mmHg' on "
			       "line 4\n");
	free(msgs);
	diag_release(&d);
	/* ISO 80601-2-30 factor: 16.0 kPa = 120.01 mmHg */
	ck_assert_int_eq(pairs_select(s, "systolic", "mmHg", &v, &n, &d),
			 CC_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_double_eq(v[0].reference, 121);
	ck_assert_double_eq_tol(v[1].reference, 120.01, 0.001);
	ck_assert_double_eq_tol(v[1].device, 123.76, 0.001);
	ck_assert_str_eq(v[1].unit, "mmHg");
	ck_assert_uint_eq(v[1].line, 7);
	free(v);
	ck_assert_int_eq(pairs_select(s, "pulse", NULL, &v, &n, &d),
			 CC_ENOTFOUND);
	ck_assert_int_eq(pairs_select(s, NULL, "Cel", &v, &n, &d), CC_EINVAL);
	msgs = render(&d);
	ck_assert_str_eq(msgs, "f.csv: no rows with quantity 'pulse'\n"
			       "f.csv:4:1: cannot convert 'mmHg' to 'Cel'\n");
	free(msgs);
	diag_release(&d);
	/* no diag wanted */
	ck_assert_int_eq(pairs_select(s, "pulse", NULL, &v, &n, NULL),
			 CC_ENOTFOUND);
	ck_assert_int_eq(pairs_select(s, NULL, "mmHg", &v, &n, NULL), CC_OK);
	ck_assert_uint_eq(n, 4);
	free(v);
	pairs_free(s);
}
END_TEST

START_TEST(test_no_optional_columns)
{
	struct pair_set *s;
	struct pair *v;
	size_t n;
	char *msgs;

	ck_assert_int_eq(
	    parse("device,reference,subject\n97,96,a\n", NULL, &s, &msgs),
	    CC_OK);
	free(msgs);
	ck_assert_uint_eq(s->n_quantities, 0);
	ck_assert_uint_eq(s->v[0].quantity, PAIRS_NO_QUANTITY);
	ck_assert_double_eq(s->v[0].reference, 96);
	ck_assert_double_eq(s->v[0].device, 97);
	ck_assert_str_eq(s->v[0].unit, "");
	ck_assert_int_eq(pairs_select(s, "spo2", NULL, &v, &n, NULL),
			 CC_ENOTFOUND);
	ck_assert_int_eq(pairs_select(s, NULL, NULL, &v, &n, NULL), CC_OK);
	ck_assert_uint_eq(n, 1);
	free(v);
	/* a unitless value cannot be converted */
	ck_assert_int_eq(pairs_select(s, NULL, "%", &v, &n, NULL), CC_EINVAL);
	pairs_free(s);
	ck_assert_int_eq(
	    parse("subject,reference,device\na,1,2\n", "furlong", &s, &msgs),
	    CC_EINVAL);
	ck_assert_str_eq(msgs, "f.csv: unknown default unit 'furlong'\n");
	free(msgs);
	/* no diag wanted */
	ck_assert_int_eq(pairs_parse("f.csv", "x", 1, NULL, &s, NULL),
			 CC_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(pairs_parse("f.csv", "x", 1, "furlong", &s, NULL),
			 CC_EINVAL);
	ck_assert_int_eq(pairs_read("/nonexistent/f.csv", NULL, &s, NULL),
			 CC_ENOTFOUND);
}
END_TEST

#define HDR "subject,reference,device\n"

START_TEST(test_errors)
{
	static const struct {
		const char *text, *msgs;
	} t[] = {
		{ "", "f.csv:1:1: empty file: expected a header row with "
		 "subject, reference and device\n" },
		{ "# only a comment\n\n   \n",
	     "f.csv:1:1: empty file: expected a header row with "
	     "subject, reference and device\n" },
		{ "subject,reference\nS1,1\n",
	     "f.csv:1:1: missing column 'device' (the header needs "
	     "subject, reference and device)\n" },
		{ "subject,reference,device,Device\n",
	     "f.csv:1:26: duplicate column 'device'\n" },
		{ HDR, "f.csv:1:1: no data rows below the header\n" },
		{ "# c\n" HDR "\n", "f.csv:2:1: no data rows below the header\n" },
		{ HDR "S1,abc,120\n",
	     "f.csv:2:4: reference 'abc' is not a number\n" },
		{ HDR "S1,120,nan\nS2,0x10,1\nS3,1e999,1\nS4,,5\nS5,1.2.3,4\n"
		 "S6,-,4\nS7,1e,4\nS8,inf,4\n",
	     "f.csv:2:8: device 'nan' is not a number\n"
	     "f.csv:3:4: reference '0x10' is not a number\n"
	     "f.csv:4:4: reference '1e999' is not a number\n"
	     "f.csv:5:4: reference '' is not a number\n"
	     "f.csv:6:4: reference '1.2.3' is not a number\n"
	     "f.csv:7:4: reference '-' is not a number\n"
	     "f.csv:8:4: reference '1e' is not a number\n"
	     "f.csv:9:4: reference 'inf' is not a number\n" },
		{ HDR "S1,120\n",
	     "f.csv:2:7: expected 3 fields as in the header, found 2\n" },
		{ HDR "S1,120,121,5\n",
	     "f.csv:2:12: expected 3 fields as in the header, found 4\n" },
		{ HDR "\"S1,120,121\n", "f.csv:2:1: unterminated quoted field\n" },
		{ HDR "\"S1\"x,120,121\n",
	     "f.csv:2:5: text after the closing quote\n" },
		{ HDR "S\"1,120,121\n",
	     "f.csv:2:2: quote inside an unquoted field\n" },
		{ "subject,reference,device,unit\nS1,120,121,parsec\n",
	     "f.csv:2:12: unknown unit 'parsec'\n" },
		{ "subject,reference,device,quantity\nS1,120,121,\n",
	     "f.csv:2:12: empty quantity\n" },
		{ HDR " ,120,121\n", "f.csv:2:2: empty subject\n" },
		/* good rows do not hide bad ones, nor bad ones good ones */
		{ HDR "S1,1,2\nS2,x,2\nS3,3,4\nS4,4\n",
	     "f.csv:3:4: reference 'x' is not a number\n"
	     "f.csv:5:5: expected 3 fields as in the header, found 2\n" },
		{ "\"subject,reference,device\n",
	     "f.csv:1:1: unterminated quoted field\n" },
	};
	struct pair_set *s;
	char *msgs;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(parse(t[i].text, NULL, &s, &msgs), CC_EINVAL);
		ck_assert_msg(!strcmp(msgs, t[i].msgs), "case %zu: got\n%s", i,
			      msgs);
		free(msgs);
	}
}
END_TEST

START_TEST(test_nul_and_long_lines)
{
	static const char nul[] = HDR "S1,12\0,121\nS2,1,1\n";
	struct pair_set *s;
	char *text, *msgs;
	size_t hl = strlen(HDR);

	ck_assert_int_eq(parse_n(nul, sizeof(nul) - 1, NULL, &s, &msgs),
			 CC_EINVAL);
	ck_assert_str_eq(msgs, "f.csv:2:6: NUL byte\n");
	free(msgs);

	/* a line of exactly PAIRS_MAX_LINE bytes is fine, one more is not */
	text = malloc(hl + 2 * PAIRS_MAX_LINE + 8);
	memcpy(text, HDR, hl);
	memcpy(text + hl, "S1,1,1", 6);
	memset(text + hl + 6, ' ', PAIRS_MAX_LINE - 6);
	strcpy(text + hl + PAIRS_MAX_LINE, "\r\n");
	ck_assert_int_eq(parse(text, NULL, &s, &msgs), CC_OK);
	ck_assert_uint_eq(s->n, 1);
	pairs_free(s);
	free(msgs);
	strcpy(text + hl + PAIRS_MAX_LINE, " \nS2,2,2");
	ck_assert_int_eq(parse(text, NULL, &s, &msgs), CC_EINVAL);
	ck_assert_str_eq(msgs, "f.csv:2:4097: line longer than 4096 bytes\n");
	free(msgs);
	free(text);
}
END_TEST

START_TEST(test_limits)
{
	char *text = malloc(64 * 1024), *msgs, *o = text;
	struct pair_set *s;

	/* 65 header fields */
	o += sprintf(o, "subject,reference,device");
	for (int i = 3; i < 65; i++)
		o += sprintf(o, ",c%d", i);
	strcpy(o, "\n");
	ck_assert_int_eq(parse(text, NULL, &s, &msgs), CC_EINVAL);
	ck_assert(strstr(msgs, "f.csv:1:"));
	ck_assert(strstr(msgs, ": more than 64 fields\n"));
	free(msgs);
	/* 65 quantities: the 65th row is refused */
	o = text + sprintf(text, "subject,quantity,reference,device\n");
	for (int i = 0; i < 65; i++)
		o += sprintf(o, "S,q%d,1,1\n", i);
	ck_assert_int_eq(parse(text, NULL, &s, &msgs), CC_EINVAL);
	ck_assert_str_eq(msgs, "f.csv:66:3: more than 64 different "
			       "quantities\n");
	free(msgs);
	free(text);
}
END_TEST

START_TEST(test_many_subjects)
{
	size_t cap = 3000 * 32;
	char *text = malloc(cap), *o = text, *msgs;
	struct pair_set *s;

	o += sprintf(o, "subject,reference,device\n");
	for (int i = 0; i < 3000; i++)
		o += sprintf(o, "P%d,%d,%d\n", i % 1500, i, i + 1);
	ck_assert_int_eq(parse(text, NULL, &s, &msgs), CC_OK);
	free(msgs);
	ck_assert_uint_eq(s->n, 3000);
	ck_assert_uint_eq(s->n_subjects, 1500);
	for (size_t i = 0; i < s->n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "P%zu", i % 1500);
		ck_assert_str_eq(s->subjects[s->v[i].subject], name);
		ck_assert_double_eq(s->v[i].reference, (double)i);
	}
	pairs_free(s);
	free(text);
}
END_TEST

/* Every prefix and many single-byte mutations of a valid file parse or
 * fail cleanly (the ASan build checks memory). */
START_TEST(test_no_crash)
{
	static const char bytes[] = { ',', '"', '\0', '\n',   '\r',
				     'x', ' ', '#',  '\xff', '-' };
	size_t len = sizeof(good) - 1;
	char *buf = malloc(len);
	struct pair_set *s;
	char *msgs;

	for (size_t k = 0; k <= len; k++) {
		int rc = parse_n(good, k, "mmHg", &s, &msgs);

		ck_assert(rc == CC_OK || rc == CC_EINVAL);
		pairs_free(s);
		free(msgs);
	}
	for (size_t k = 0; k < len; k++)
		for (size_t b = 0; b < sizeof(bytes); b++) {
			int rc;

			memcpy(buf, good, len);
			buf[k] = bytes[b];
			rc = parse_n(buf, len, "mmHg", &s, &msgs);
			ck_assert(rc == CC_OK || rc == CC_EINVAL);
			pairs_free(s);
			free(msgs);
		}
	free(buf);
}
END_TEST

START_TEST(test_read_file)
{
	char *dir = tu_mkdtemp(), *path, *msgs, missing[4200];
	struct pair_set *s;
	struct diag d;

	ck_assert_ptr_nonnull(dir);
	path = tu_write(dir, "spo2.csv",
			"subject,reference,device,unit\n"
			"1,97,98,%\n2,85,83,%\n");
	diag_init(&d);
	ck_assert_int_eq(pairs_read(path, NULL, &s, &d), CC_OK);
	ck_assert_uint_eq(s->n, 2);
	ck_assert_str_eq(s->file, path);
	ck_assert_str_eq(s->v[1].unit, "%");
	pairs_free(s);
	snprintf(missing, sizeof(missing), "%s/nope.csv", dir);
	ck_assert_int_eq(pairs_read(missing, NULL, &s, &d), CC_ENOTFOUND);
	ck_assert_ptr_null(s);
	msgs = render(&d);
	ck_assert(!strncmp(msgs, missing, strlen(missing)));
	ck_assert(strstr(msgs, ": cannot read paired data: "));
	free(msgs);
	diag_release(&d);
	free(path);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_pairs(void)
{
	Suite *s = suite_create("pairs");
	TCase *tc = tcase_create("pairs");

	tcase_add_test(tc, test_good_file);
	tcase_add_test(tc, test_select);
	tcase_add_test(tc, test_no_optional_columns);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_nul_and_long_lines);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_many_subjects);
	tcase_add_test(tc, test_no_crash);
	tcase_add_test(tc, test_read_file);
	suite_add_tcase(s, tc);
	return s;
}
