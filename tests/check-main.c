/* SPDX-License-Identifier: MIT */
/*
 * One libcheck runner for every suite_*() in the test files it is built
 * with; the Makefile generates the list (SUITES_INC), so adding a test file
 * needs no edit here. CK_RUN_SUITE / CK_RUN_CASE select a part as usual.
 */
#include <check.h>
#include <stdlib.h>

#include SUITES_INC

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

	for (size_t i = 0; i < sizeof(all_suites) / sizeof(all_suites[0]); i++)
		srunner_add_suite(sr, all_suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
