/* SPDX-License-Identifier: MIT */
/*
 * Step families: the steps a domain adds to the suite language (GATT in
 * ble/, HTTP in http/, accuracy and the bench in accuracy/, ECG in ecg/).
 * Each domain defines one const struct step_family; the core lists them by
 * name in step.c's table, as transport.c lists the transports, and reaches
 * a family's loader and executor only through it, so no core file
 * includes a domain header.
 *
 * The step kinds themselves (enum step_kind) and their names are the
 * suite language's words, kept in the core (suite.h, suite.c); the core's
 * own steps (send, expect, silence, assert, store, repeat, delay, append,
 * on) belong to no family.
 */
#ifndef CARECERT_STEP_H
#define CARECERT_STEP_H

#include <stddef.h>

#define STEP_FAMILIES_MAX 16

#include "core/suite.h"
#include "core/verdict.h"

struct loader;
struct ynode;
struct exec;

struct step_family {
	const char *name;
	const enum step_kind *kinds; /* the kinds it owns */
	size_t nkinds;
	/* Load st (kind set) from its YAML value; errors into L->d, located. */
	void (*load)(struct loader *L, struct step *st, const struct ynode *v);
	/* Run one step of one attempt; the verdict (exec_decide for evidence). */
	enum verdict (*run)(struct exec *e, const struct step *st);
	/* Free what the family's loader allocated beyond struct step's own
	 * strings (suite.c frees those); may be NULL. */
	void (*free_step)(struct step *st);
	/* The steps now see another link (the case began, or an on: block
	 * entered or left one): take the family's per-link baselines; may be
	 * NULL. */
	void (*link_enter)(struct exec *e);
	/* The attempt ended: release the family's per-attempt state; may be
	 * NULL. */
	void (*case_end)(struct exec *e);
	/* The run ended: free what the family kept for the whole run in its
	 * slot of exec's family_run (positioning: the tracks gathered, judged
	 * by later cases); may be NULL. */
	void (*run_end)(void *state);
	/* The case's steps passed, before its cleanup: what the family's link
	 * saw after the last step (a response nobody asked for) may still
	 * fail the case; returns a verdict (exec_decide); may be NULL. */
	enum verdict (*steps_end)(struct exec *e);
};

#define STEP_FAMILIES_MAX 16 /* slots of exec's family_run */

/* The family that owns kind, or NULL (a core step). */
const struct step_family *step_family_of(enum step_kind kind);
/* Every family, for hooks that apply to all: NULL past the last (at most
 * STEP_FAMILIES_MAX). */
const struct step_family *step_family_at(size_t i);
/* The family's index in the table (its family_run slot); STEP_FAMILIES_MAX
 * for one not in it. */
size_t step_family_index(const struct step_family *f);

#endif
