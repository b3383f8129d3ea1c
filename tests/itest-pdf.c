/* SPDX-License-Identifier: MIT */
/*
 * Integration: report.pdf printed by headless Chromium from a long run.
 * A run of 300 trivial cases on the data transport (3 of them failing) is
 * reported: over the compact threshold (200) the PDF lists the passed
 * cases by id only, while every failed case keeps its reason and evidence;
 * report.html keeps every case's evidence; with --pdf-full-max 0 the PDF
 * holds every case in full. The PDF is Chromium's (Skia), the printing
 * variant is removed, and the Chinese PDF carries the Chinese heading.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define NCASES 300

static char *dir;

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void long_run(void)
{
	char path[4200], cmd[9000], *out = NULL;
	FILE *f;

	dir = tu_mkdtemp();
	snprintf(path, sizeof(path), "%s/suites/many.yaml", dir);
	free(tu_write(dir, "suites/many.yaml", ""));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "schema: carecert/suite/1\nid: many\ntitle: Many\nversion: \"1\"\n"
		   "category: blood_pressure\ntransport: data\ncases:\n");
	for (int i = 0; i < NCASES; i++)
		fprintf(f,
			"  - id: LONG-%03d\n    title: case %d\n"
			"    requirement: {standard: X/1, clause: \"%d\"}\n"
			"    steps: [{store: {name: x, value: \"1\"}}, "
			"{assert: {value: \"${x}\", matches: \"^%d$\"}}]\n",
			i, i, i % 7, i % 100 == 7 ? 2 : 1);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "schema: carecert/profile/1\ndut: {category: blood_pressure, vendor: V, "
		 "model: M, firmware: \"1\", serial_number: S}\ntransport: {kind: data}\n"
		 "suites: [many]\nsuites_dir: %s/suites\n",
		 dir);
	free(tu_write(dir, "p.yaml", cmd));
	snprintf(cmd, sizeof(cmd), "%s/carecert run -q '%s/p.yaml' --out '%s/run'", tu_bindir(),
		 dir, dir);
	ck_assert_int_eq(tu_run(cmd, &out), 1); /* three cases fail */
	free(out);
}

static void remove_run(void)
{
	tu_rmdir(dir);
	dir = NULL;
}

static char *pdf_text(const char *name)
{
	char cmd[4400], *out = NULL;

	snprintf(cmd, sizeof(cmd), "pdftotext '%s/run/%s' -", dir, name);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	return out;
}

START_TEST(test_long_run_compact)
{
	char cmd[9000], path[4300], id[16], *out = NULL, *text, *html, *info;
	DIR *d;
	struct dirent *de;

	snprintf(cmd, sizeof(cmd), "%s/carecert report '%s/run' --lang en,zh", tu_bindir(), dir);
	ck_assert_msg(tu_run(cmd, &out) == 0, "%s", out);
	free(out);
	text = pdf_text("report.pdf");
	snprintf(path, sizeof(path), "%s/run/report.html", dir);
	html = tu_slurp(path);
	ck_assert_ptr_nonnull(html);
	/* passes by id only; the failures with their reason */
	ck_assert_ptr_nonnull(strstr(text, "Passed cases"));
	for (int i = 0; i < NCASES; i++) {
		snprintf(id, sizeof(id), "LONG-%03d", i);
		ck_assert_msg(strstr(text, id), "%s is not in the PDF", id);
	}
	ck_assert_uint_eq(count(text, "Requirement met."), 0);
	ck_assert_uint_eq(count(html, "Requirement met."), NCASES - 3);
	/* each failure in its reason and its evidence */
	ck_assert_uint_ge(count(text, "matches /^2$/; observed 1"), 3);
	/* Chromium's PDF, and the printing variant gone */
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s/run/report.pdf'", dir);
	ck_assert_int_eq(tu_run(cmd, &info), 0);
	ck_assert_msg(strstr(info, "Skia/PDF"), "%s", info);
	free(info);
	snprintf(path, sizeof(path), "%s/run", dir);
	ck_assert_ptr_nonnull(d = opendir(path));
	while ((de = readdir(d)))
		ck_assert_msg(strncmp(de->d_name, ".report", 7), "%s left behind", de->d_name);
	closedir(d);
	free(text);
	free(html);
	text = pdf_text("report-zh.pdf");
	ck_assert_ptr_nonnull(strstr(text, "通过的测试用例"));
	ck_assert_ptr_nonnull(strstr(text, "LONG-007"));
	free(text);
}
END_TEST

START_TEST(test_long_run_full)
{
	char cmd[9000], *out = NULL, *text;

	snprintf(cmd, sizeof(cmd), "%s/carecert report '%s/run' --pdf-full-max 0", tu_bindir(),
		 dir);
	ck_assert_msg(tu_run(cmd, &out) == 0, "%s", out);
	free(out);
	text = pdf_text("report.pdf");
	ck_assert_ptr_null(strstr(text, "Passed cases"));
	ck_assert_uint_eq(count(text, "Requirement met."), NCASES - 3);
	free(text);
}
END_TEST

static char *info_line(const char *info, const char *key)
{
	const char *p = strstr(info, key);
	size_t n = p ? strcspn(p, "\n") : 0;
	char *line = malloc(n + 1);

	ck_assert_msg(p, "no %s in %s", key, info);
	memcpy(line, p, n);
	line[n] = 0;
	return line;
}

/* report.pdf is printed by Chromium's headless shell when it is installed
 * (make deps), by the full chromium otherwise: both print the same
 * pages, text, tags and outline; the Creator says which one ran. */
START_TEST(test_either_browser_prints_the_same)
{
	const char *who[2] = {"", "CARECERT_CHROMIUM=chromium "};
	char cmd[9000], path[4300], *out = NULL, *text[2], *info[2];

	for (int k = 0; k < 2; k++) {
		snprintf(cmd, sizeof(cmd),
			 "SOURCE_DATE_EPOCH=1796515200 %s%s/carecert report '%s/run' "
			 "--lang zh --out '%s/by%d'",
			 who[k], tu_bindir(), dir, dir, k);
		ck_assert_msg(tu_run(cmd, &out) == 0, "%s", out);
		free(out);
		snprintf(cmd, sizeof(cmd), "pdfinfo '%s/by%d/report-zh.pdf'", dir, k);
		ck_assert_int_eq(tu_run(cmd, &info[k]), 0);
		ck_assert_msg(strstr(info[k], "Tagged:          yes"), "%s", info[k]);
		snprintf(cmd, sizeof(cmd), "pdftotext '%s/by%d/report-zh.pdf' -", dir, k);
		ck_assert_int_eq(tu_run(cmd, &text[k]), 0);
		/* the outline (bookmarks), which Chromium builds from the tags */
		snprintf(path, sizeof(path), "grep -a -c '/Outlines' '%s/by%d/report-zh.pdf'",
			 dir, k);
		ck_assert_int_eq(tu_run(path, &out), 0);
		free(out);
	}
	ck_assert_str_eq(text[0], text[1]);
	{
		char *p0 = info_line(info[0], "Pages:"), *p1 = info_line(info[1], "Pages:");
		char *c0 = info_line(info[0], "Creator:"), *c1 = info_line(info[1], "Creator:");

		ck_assert_str_eq(p0, p1);
		if (!system("command -v chromium-headless-shell >/dev/null 2>&1"))
			ck_assert_msg(strcmp(c0, c1), "the same program printed both: %s", c0);
		free(p0);
		free(p1);
		free(c0);
		free(c1);
	}
	for (int k = 0; k < 2; k++) {
		free(text[k]);
		free(info[k]);
	}
}
END_TEST

Suite *suite_itest_pdf(void)
{
	Suite *s = suite_create("itest-pdf");
	TCase *tc = tcase_create("pdf");

	tcase_set_timeout(tc, 180);
	tcase_add_unchecked_fixture(tc, long_run, remove_run);
	tcase_add_test(tc, test_long_run_compact);
	tcase_add_test(tc, test_long_run_full);
	tcase_add_test(tc, test_either_browser_prints_the_same);
	suite_add_tcase(s, tc);
	return s;
}
