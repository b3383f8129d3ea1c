/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML generated from a result record, in one of three dialects:
 *
 * - ant (default): valid against the strict Apache Ant schema
 *   (../shared/schemas/junit-ant.xsd), which allows no per-testcase
 *   properties or output and no attributes on <testsuites>. Each case's
 *   title, requirements, verdict and attempts are suite-level properties
 *   named by case id; fail and inconclusive become <failure> (type =
 *   verdict), error <error>, both with the evidence as their body;
 *   skipped, not run and not judged become <skipped message=reason>. Passes
 *   that needed a retry and marginal measurements are said in the suite's
 *   <system-out>.
 * - jenkins (also named gitlab: one output both read): the above plus
 *   totals on <testsuites>, <properties> in each testcase (title,
 *   requirement, verdict, attempt, attempts_allowed, flaky) and each
 *   testcase's own <system-out> with all its evidence.
 * - surefire: jenkins plus Maven Surefire's rerun elements: a case that
 *   passed on a later attempt carries one <flakyFailure>/<flakyError> per
 *   earlier attempt, a case that failed after retries one
 *   <rerunFailure>/<rerunError> per earlier attempt.
 *
 * In every dialect a testcase is named "<id> <title>", and a testsuite
 * (and its cases' classname) "<suite id> @ <vendor> <model> <serial>", so
 * runs of one suite on several devices stay apart in a viewer. Evidence
 * quotes the traffic-log frames it cites when the run folder is known
 * (credentials and secrets masked: the log keeps frames raw), and is
 * capped per case (JUNIT_MAX_CASE_TEXT). Every string from the
 * record (so from the device) is made XML-safe.
 */
#ifndef CARECERT_JUNIT_H
#define CARECERT_JUNIT_H

#include <json-c/json.h>

/* Evidence text per case (a <failure>/<error> body, a testcase's
 * <system-out>), in bytes; past it a note says where the rest is. */
#define JUNIT_MAX_CASE_TEXT (8u * 1024u)

enum junit_dialect {
	JUNIT_ANT = 0,
	JUNIT_JENKINS,
	JUNIT_SUREFIRE,
};

struct junit_opts {
	enum junit_dialect dialect;
	/* the run folder: frames cited by evidence are quoted from the
	 * traffic log named in the record; NULL: cited by number only */
	const char *run_dir;
	/* the profile's secret values (NULL-terminated, may be NULL; a
	 * record keeps none, so `carecert junit` has none): masked in quoted
	 * frames, as credentials carried by a protocol always are */
	char *const *secrets;
};

/* The dialect called name ("ant", "jenkins", "gitlab", "surefire"):
 * CC_OK, or CC_EINVAL for another name (*d unchanged). */
int junit_dialect_parse(const char *name, enum junit_dialect *d);

/* The names junit_dialect_parse takes, for messages: "ant, jenkins, ...". */
extern const char junit_dialect_names[];

/* Write JUnit XML for the record root to path, atomically; opts NULL is
 * the ant dialect with frames cited by number.
 * CC_OK, or a negative cc_err with errno kept for CC_EIO/CC_ESYS. */
int junit_write_opts(json_object *record_root, const char *path,
		     const struct junit_opts *opts);

/* junit_write_opts(record_root, path, NULL). */
int junit_write(json_object *record_root, const char *path);

#endif
