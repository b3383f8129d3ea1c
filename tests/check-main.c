/* SPDX-License-Identifier: MIT */
/*
 * One libcheck runner for every suite_*() in the test files it is built
 * with; the Makefile generates the list (SUITES_INC), so adding a test file
 * needs no edit here. CK_RUN_SUITE / CK_RUN_CASE select a part as usual;
 * CARECERT_SKIP_SUITES=NAME[,NAME...] leaves out the suites made by
 * suite_NAME() ('-' and '_' alike, so itest-profiles works too; libcheck
 * 0.15 cannot exclude a suite itself): make check runs the profile table
 * and the other integration suites as two processes side by side.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include SUITES_INC

#define NSUITES (sizeof(all_suites) / sizeof(all_suites[0]))

/* Whether the list item at P (ended by ',' or the end) names suite_NAME(),
 * '-' matching '_'. */
static bool names(const char *p, const char *name)
{
	size_t k = 0;

	while (name[k] && (p[k] == name[k] || (p[k] == '-' && name[k] == '_')))
		k++;
	return !name[k] && (p[k] == ',' || !p[k]);
}

/* Whether NAME is in the comma-separated SKIP. */
static bool skipped(const char *skip, const char *name)
{
	for (const char *p = skip; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (names(p, name))
			return true;
	return false;
}

/* Every item of SKIP names a suite: a renamed one is not run twice. */
static bool skip_known(const char *skip)
{
	for (const char *p = skip; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		bool found = false;

		for (size_t i = 0; i < NSUITES && !found; i++)
			found = names(p, all_suite_names[i]);
		if (!found) {
			fprintf(stderr, "CARECERT_SKIP_SUITES: no suite %.*s\n",
				(int)strcspn(p, ","), p);
			return false;
		}
	}
	return true;
}

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	const char *skip = getenv("CARECERT_SKIP_SUITES");
	int failed;

	if (!skip_known(skip)) {
		srunner_free(sr);
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < NSUITES; i++)
		if (!skipped(skip, all_suite_names[i]))
			srunner_add_suite(sr, all_suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	/* a selection that names no suite (a renamed one) must not pass */
	if (!srunner_ntests_run(sr)) {
		fprintf(stderr, "no test ran (CK_RUN_SUITE, CK_RUN_CASE or CARECERT_SKIP_SUITES "
				"names no suite?)\n");
		srunner_free(sr);
		return EXIT_FAILURE;
	}
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
