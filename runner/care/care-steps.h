/* SPDX-License-Identifier: MIT */
/*
 * The care family's steps (step_family_care; suite-care.c loads them,
 * exec-care.c runs them). Each judges what a room or bed sensor reported
 * in the body of the last HTTP exchange (a response to http_request, or a
 * request http_receive took) against a scripted day:
 *
 *   activity_compare  confusion matrix, recall, precision, accuracy, kappa
 *   event_compare     one event kind: detection ratio, latency, false events
 *   vitals_compare    a sleep mat's hr or rr, reading by reading (acc-tol)
 *
 * and alarm_collect takes the alarms the DUT delivers to http_serve's
 * endpoint (carecert plays the care platform) and judges the path from
 * each button press: delivery ratio, latency, duplicates, order, content
 * (docs/alarm-path.md).
 *
 * Syntax and figures: docs/behaviour-monitoring.md.
 */
#ifndef CARECERT_CARE_STEPS_H
#define CARECERT_CARE_STEPS_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/units.h"
#include "care/carestat.h"
#include "care/day.h"
#include "core/exec.h"

/* The numeric parameters of each step with the unit each is kept in.
 * Rows end with name NULL. */
extern const struct unit_param activity_compare_params[];
extern const struct unit_param event_compare_params[];
extern const struct unit_param vitals_compare_params[];
extern const struct unit_param alarm_collect_params[];

/* What a care step owns (st->care). */
struct care_step {
	char *day_path;	 /* resolved against the suite file */
	struct day *day; /* parsed when the suite loaded */
	char *from;	 /* JSON path of the report object in the body ("$") */
	enum care_event event; /* event_compare */
	char *quantity;	       /* vitals_compare: "hr" or "rr" */

	/* alarm_collect (the presses list is st->name) */
	int64_t within_ns, settle_ns;
	char *path; /* regex on the request path; NULL: any */
	regex_t path_re;
	bool has_path_re;
	char *id_path, *when_path, *escalation_path; /* JSON paths */
	char *resource_type; /* resourceType must equal; NULL: any */
	char **content;	     /* JSON paths that must hold a value */
	size_t ncontent;
	int in_order; /* 1 must arrive in the order raised, 0 not judged */
	const char *alarm_event; /* what the list's times are: "press" (the
				    default), "fall" (impacts), "exit"
				    (geofence crossings); static */
};

enum verdict exec_activity_compare(struct exec *e, const struct step *st);
enum verdict exec_event_compare(struct exec *e, const struct step *st);
enum verdict exec_vitals_compare(struct exec *e, const struct step *st);
/* exec-alarm.c */
enum verdict exec_alarm_collect(struct exec *e, const struct step *st);

#endif
