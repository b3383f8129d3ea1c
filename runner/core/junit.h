/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML (Apache Ant schema, ../shared/schemas/junit-ant.xsd) generated
 * from a result record. One <testsuite> per suite in the record; fail and
 * inconclusive become <failure> (type = verdict), error becomes <error>,
 * skipped (not applicable) becomes <skipped message=reason>. Passes that
 * needed a retry and marginal measurements are listed in <system-out>.
 */
#ifndef CARECERT_JUNIT_H
#define CARECERT_JUNIT_H

#include <json-c/json.h>

/* Write JUnit XML for the record root to path, atomically.
 * CC_OK, or a negative cc_err with errno kept for CC_EIO/CC_ESYS. */
int junit_write(json_object *record_root, const char *path);

#endif
