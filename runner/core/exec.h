/* SPDX-License-Identifier: MIT */
/*
 * Step execution: runs one attempt of a test case's steps against a
 * transport and decides its verdict, with evidence for every decision
 * (expected vs observed, the frames involved) and measurements.
 *
 * The first step that does not pass ends the attempt: fail (the DUT did
 * not do what the requirement says, including no answer in time),
 * inconclusive, or error (the link failed, or the suite itself is wrong,
 * e.g. an undefined variable).
 */
#ifndef CARECERT_EXEC_H
#define CARECERT_EXEC_H

#include <json-c/json.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

struct http_response;
struct http_srv;
#include "core/suite.h"
#include "transport/transport.h"
#include "core/vars.h"
#include "core/verdict.h"

#define EXEC_MAX_EVIDENCE 64 /* per attempt; further items are counted */
#define RXQ_MAX_CHUNKS 1024

/* Received bytes not yet consumed by a framer, with the traffic-log frame
 * each byte came from, so evidence can cite frames. Lives as long as the
 * link: bytes that arrive late belong to whoever reads next. */
struct rxq {
	struct buf data;
	struct rxq_chunk {
		uint64_t seq;
		int64_t mono_ns;
		size_t len; /* bytes of this chunk still unconsumed */
	} chunks[RXQ_MAX_CHUNKS];
	size_t nchunks;
};

void rxq_init(struct rxq *q);
void rxq_release(struct rxq *q);
void rxq_clear(struct rxq *q);

struct profile;
struct instrument_driver;

/* A reference instrument's link, as the engine opened it for the run. */
struct exec_instrument {
	const char *id;
	const struct instrument_driver *drv;
	struct transport *t; /* NULL when it could not be opened: see error */
	struct rxq *rx;
	const char *calibration_due;
	const char *error;
};

/* A further link of the DUT (the profile's links:), as the engine opened
 * it; the on: step runs its steps there. */
struct exec_link {
	const char *id;
	struct transport *t; /* NULL when it could not be made: see error */
	struct rxq *rx;
	void *client; /* its transport's protocol client (BLE: GATT); else NULL */
	const char *error;
	bool failed; /* set by a step: the engine reopens it before the next case */
};

/* Pairs gathered by pair steps during the run, by name (run scope). */
struct run_pairs {
	struct run_pair_set {
		char *name;
		char *instrument; /* the reference instrument, for its calibration */
		struct pair_set *set;
	} v[8];
	size_t n;
};

#define EXEC_MAX_LISTS 8
#define EXEC_LIST_MAX 100000 /* numbers in one list */

struct exec {
	/* set by the caller */
	struct transport *t;
	struct rxq *rx;
	const struct suite *suite;
	const struct tcase *tc;
	struct vars *run_vars;
	vars_builtin_fn builtin;
	void *builtin_data;
	int64_t deadline_ns; /* the case's timeout */
	/* non-zero once a signal asked the run to stop: steps end at once
	 * (their waits see a deadline of now) and the attempt errors */
	const volatile sig_atomic_t *stop;
	void *client; /* the link's protocol client (transport_ops client_new;
			* BLE: its struct gatt_client), else NULL */
	/* reopen the link with another security level (link step) */
	int (*relink)(void *data, const char *security, char *err, size_t errlen);
	void *relink_data;
	const struct profile *profile; /* accuracy_data for accuracy steps */
	struct exec_instrument *instruments; /* the bench's reference instruments */
	size_t ninstruments;
	struct run_pairs *run_pairs; /* pair steps add here; run-scoped */
	/* the step families' run-scoped state, one slot each by
	 * step_family_index() (STEP_FAMILIES_MAX); the engine frees it through
	 * each family's run_end; NULL outside a run (no run scope) */
	void **family_run;
	struct exec_link *links; /* the DUT's further links */
	size_t nlinks;
	/* told of each step as it starts (the live status line); may be NULL */
	void (*on_step)(void *data, const struct step *st);
	void *on_step_data;

	/* results, owned; the caller takes them with json_object_get() */
	struct vars vars;
	json_object *evidence;
	json_object *measurements;
	json_object *accuracy; /* one object per accuracy step */
	size_t evidence_dropped;
	enum verdict verdict;
	char reason[512];
	char stage[64];
	bool link_failed; /* the transport failed: reopen before reuse */
	bool marginal;
	bool not_judged; /* a report-only step ran: the case cannot pass */
	/* a measurement passed only inside the guard band of the lab's
	 * decision rule (core/mu.h): the case cannot pass; why, the first */
	bool conditional;
	char conditional_why[320];

	/* internal */
	struct exec_list {   /* numbers gathered by append steps */
		char *name;
		double *v;
		size_t n, cap;
	} lists[EXEC_MAX_LISTS];
	size_t nlists;
	struct http_response *http_last; /* the last HTTP exchange; owned */
	struct http_srv *http_srv; /* http_serve's endpoint, stopped with the case; owned */
	void *phd; /* the 11073 manager of this attempt (phd/exec-phd.c), freed by its case_end */
	int64_t last_tx_ns;
	struct buf expect_desc; /* what expect_desc_for expects, described once */
	const struct step *expect_desc_for;
	unsigned step_no;
	unsigned client_mark; /* a step family's baseline for the link's client
			       * (GATT: violations seen before this case) */
	struct { uint16_t handle; int64_t mono_ns; } last_event[8];
	size_t nlast_event;
};

/* Prepare e (the caller set the fields above "results" beforehand). */
int exec_init(struct exec *e);
void exec_release(struct exec *e);

/* Run the case's steps; returns and sets e->verdict. */
enum verdict exec_run(struct exec *e);

/* Escape bytes for evidence: printable ASCII as is, \r \n \t, others \xNN;
 * at most max input bytes, "..." after. */
void escape_bytes(const uint8_t *p, size_t n, size_t max, struct buf *out);

#endif
