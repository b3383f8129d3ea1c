/* SPDX-License-Identifier: MIT */
/*
 * The result record of one run: a JSON document (json-c) whose layout is
 * docs/result-record.md. The engine writes result.json (status "running")
 * as the run starts, appends each finished case to the journal
 * cases.jsonl (one line, synced: linear in cases, where rewriting the
 * whole record after each case was quadratic), and writes result.json
 * whole, atomically, as the run ends, then removes the journal. A crash at
 * any moment leaves result.json + cases.jsonl, which record_load() reads
 * back as one record holding every finished case. JUnit XML and reports
 * are generated from this same document.
 *
 * Ownership: a struct record owns its JSON tree. Functions that take a
 * json_object * "take" it: the record owns it afterwards, even on error.
 */
#ifndef CARECERT_RECORD_H
#define CARECERT_RECORD_H

#include <json-c/json.h>

#include <stdint.h>
#include <time.h>

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

/* The overall verdict of a record with this tally and status: fail and
 * error stand; otherwise "incomplete" unless the status is "complete",
 * "partial" when applicable cases were not run, else pass or
 * inconclusive. Never "pass" for a run that did not cover its scope. */
const char *record_overall(const struct verdict_tally *t, const char *status);

/* Recompute "summary" and "verdict" from the cases and the status. */
void record_summarize(struct record *r, struct verdict_tally *out);

/* Write <dir>/result.json atomically (temporary file, fsync, rename). */
int record_write(const struct record *r, const char *dir);

/* Load a result.json; NULL with a message in err on failure. A record
 * still "running" (the runner died) gets the cases of the journal beside
 * it (a torn last line is left out) and its summary recomputed. */
struct record *record_load(const char *path, char *err, size_t errlen);

#define RECORD_JOURNAL "cases.jsonl"

/* The case journal of a run in dir: created (never over an existing one);
 * CC_OK, or an errno-style CC_ code. */
int record_journal_open(struct record *r, const char *dir);
/* Append one case (one line of JSON) before the next case runs: written
 * at once (a kill of the runner loses nothing), synced to the disk at
 * least every 200 ms (a power cut loses at most that). CC_EIO when it
 * could not be written whole. */
int record_journal_append(struct record *r, json_object *case_obj);
/* After the final result.json is on disk: close and remove the journal. */
void record_journal_remove(struct record *r, const char *dir);

/* ---- The run's blocks (docs/result-record.md), built here from the
 * run's own structs so that one module owns the record's shape: the
 * engine says what happened, the record says it. ---- */

struct profile;
struct dut_link;
struct plan_item;

/* profile, suites, accuracy_data and the files' hashes, dut, lab,
 * transport (no secrets), simulator (null until started), start, end
 * (null), traffic_log (its hash at the end). */
void record_begin_run(struct record *r, const struct profile *p, const char *traffic_log);
/* The DUT's own simulator as l started it (null when it has none). */
void record_set_simulator(struct record *r, const struct dut_link *l);
/* The bench's reference instruments and the DUT's further links, in the
 * profile's order, with the links the engine holds for them. */
void record_set_instruments(struct record *r, const struct profile *p,
			    const struct dut_link *links);
void record_set_links(struct record *r, const struct profile *p, const struct dut_link *links);
/* After the further links are released: their simulators' exit status
 * and capture files. */
void record_links_closed(struct record *r, const struct dut_link *links, size_t n);
/* The run's end: the main simulator's exit status, the traffic log's and
 * capture's hashes, end time, status, and why it aborted (may be NULL). */
void record_end_run(struct record *r, const struct dut_link *main_link,
		    const char *traffic_log_path, const char *status, const char *abort_reason);

struct plan_selection;
struct plan;
/* What the run was asked to cover ("selection": --case patterns, tags,
 * excluded tags, the run it reruns, and how many cases the suites have,
 * apply to the DUT and were selected) and its "scope": "complete", or
 * "partial" when applicable cases were left out. */
void record_set_selection(struct record *r, const struct plan_selection *sel,
			  const char *rerun_dir, const struct plan *plan);

/* One case's record: a new object with suite, id, title, requirements. */
json_object *record_case_new(const struct plan_item *it);

/* How a case ended; arrays are borrowed (record_case_end takes its own
 * reference; NULL: empty). */
struct case_outcome {
	enum verdict verdict;
	const char *reason;
	unsigned attempt, allowed;
	struct timespec start; /* wall clock */
	double duration_s;
	const char *stage; /* where a non-pass was decided; NULL or "" */
	json_object *evidence, *accuracy, *measurements, *previous;
};
void record_case_end(json_object *case_obj, const struct case_outcome *c);
/* Mask every occurrence of a secret value in every string of o (NULL or
 * empty secrets: nothing to do). */
void record_redact(json_object *o, char *const *secrets);
/* An earlier attempt of a case that was retried (evidence borrowed). */
json_object *record_attempt(unsigned attempt, enum verdict v, const char *reason,
			    json_object *evidence);

/* Tally of a record's cases (verdicts, passed on retry, marginal). */
void record_tally(json_object *root, struct verdict_tally *out);

#endif
