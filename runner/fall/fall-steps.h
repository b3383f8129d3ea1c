/* SPDX-License-Identifier: MIT */
/*
 * The fall family's steps (step_family_fall; suite-fall.c loads them,
 * exec-fall.c runs them; docs/fall-detection.md):
 *
 * - fall_replay: the motion replay instrument plays a trial set (generated
 *   from a seed, or a lab's CSV) into the wearable; the step regenerates
 *   the same set (checking the instrument's hash), subscribes to the
 *   wearable's alarm characteristic, keeps every alarm until the replay
 *   ends, matches them to the trials (fallmatch.h) and keeps the outcome
 *   for the rest of the run under a session name.
 * - fall_judge: one figure of a session against its limit: sensitivity,
 *   specificity (Wilson claim rule), fall_types, adl_types, latency,
 *   event_time, duplicates, false_alarm_rate (Poisson claim rule),
 *   long_lie, offline_delivery.
 * - fall_times: the ground truth of a replay for the emergency-alarm path
 *   (the wearable's alarm reaching a care platform through its gateway):
 *   the same set regenerated (the instrument's hash checked), each fall's
 *   impact appended to a case list as Unix ms on carecert's clock (the
 *   replay's start, the instrument's reply + lead, plus the impact's
 *   motion time / compression), for alarm_collect to match.
 */
#ifndef CARECERT_FALL_STEPS_H
#define CARECERT_FALL_STEPS_H

#include "base/units.h"
#include "core/exec.h"
#include "core/step.h"

/* Numeric parameters and the unit each is kept in; rows end with NULL. */
extern const struct unit_param fall_replay_params[];
extern const struct unit_param fall_judge_params[];

#define FALL_SESSIONS_MAX 8
#define FALL_TYPES_MAX 64

enum fall_figure {
	FALL_FIG_SENSITIVITY,
	FALL_FIG_SPECIFICITY,
	FALL_FIG_FALL_TYPES,
	FALL_FIG_ADL_TYPES,
	FALL_FIG_LATENCY,
	FALL_FIG_EVENT_TIME,
	FALL_FIG_DUPLICATES,
	FALL_FIG_FALSE_ALARM_RATE,
	FALL_FIG_LONG_LIE,
	FALL_FIG_OFFLINE,
	FALL_FIG_COUNT
};

/* The figure's name in suites, and the judge parameters it takes
 * (NULL-ended). */
extern const char *const fall_figure_names[FALL_FIG_COUNT];

struct fall_step {
	char *session; /* both: the run-scoped name */
	/* fall_replay */
	char *alarm_uuid; /* the alarm characteristic (checked) */
	char **types;	  /* trial types; NULL: all 34 */
	size_t ntypes;
	char *csv;  /* recorded trials instead (resolved path) */
	char *hash; /* template: the instrument's set hash */
	/* fall_judge */
	enum fall_figure figure;
	/* fall_times: the case list the impacts go to */
	char *list;
};

enum verdict exec_fall_replay(struct exec *e, const struct step *st);
enum verdict exec_fall_judge(struct exec *e, const struct step *st);
enum verdict exec_fall_times(struct exec *e, const struct step *st);
extern const struct step_family step_family_fall;

/* The run's sessions (family_run), freed when the run ends. */
void fall_run_free(void *state);

#endif
