/* SPDX-License-Identifier: MIT */
/*
 * The result record of one run: a JSON document (json-c) whose layout is
 * docs/result-record.md. The engine fills it as the run goes and rewrites
 * result.json after every case, atomically, so that a crash leaves the last
 * complete state on disk. JUnit XML and (later) reports are generated from
 * this same document, in memory during a run or loaded back from disk.
 *
 * Ownership: a struct record owns its JSON tree. Functions that take a
 * json_object * "take" it: the record owns it afterwards, even on error.
 */
#ifndef CARECERT_RECORD_H
#define CARECERT_RECORD_H

#include <json-c/json.h>

#include "core/verdict.h"

#define RECORD_SCHEMA "carecert/result/1"
#define RECORD_FILE "result.json"

struct record;

/* A new record with schema, tool (name, version, git revision), the
 * environment block (host, OS, library versions), status "running" and an
 * empty case list. NULL on out of memory. */
struct record *record_new(void);
void record_free(struct record *r);

/* The root object, borrowed. */
json_object *record_json(const struct record *r);

/* Set a top-level member (replacing any earlier one); takes `value`. */
int record_set(struct record *r, const char *key, json_object *value);
/* Append a case result object (docs/result-record.md "cases"); takes it. */
int record_add_case(struct record *r, json_object *case_obj);

/* Recompute "summary" and "verdict" from the cases. */
void record_summarize(struct record *r, struct verdict_tally *out);

/* Write <dir>/result.json atomically (temporary file, fsync, rename). */
int record_write(const struct record *r, const char *dir);

/* Load a result.json; NULL with a message in err on failure. */
struct record *record_load(const char *path, char *err, size_t errlen);

/* Tally of a record's cases (verdicts, passed on retry, marginal). */
void record_tally(json_object *root, struct verdict_tally *out);

#endif
