/* SPDX-License-Identifier: MIT */
/*
 * Requirements coverage: every requirement (standard, clause) that suites
 * declare in their catalogue or that a case claims to verify, with the
 * cases verifying it; requirements with no case are listed apart.
 */
#ifndef CARECERT_COVERAGE_H
#define CARECERT_COVERAGE_H

#include <stdio.h>

#include "core/suite.h"

/* Print the coverage of the suites to out. Returns the number of
 * requirements without a case. */
size_t coverage_print(struct suite *const *suites, size_t n, FILE *out);

/* Clause order as people read it: "3.10" after "3.9" (digit runs compare
 * as numbers; strverscmp is GNU). Shared with the report's scope. */
int coverage_clause_cmp(const char *a, const char *b);

#endif
