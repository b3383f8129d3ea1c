/* SPDX-License-Identifier: MIT */
/*
 * What a room or bed sensor reports, read from its JSON (the body of the
 * last HTTP exchange; docs/behaviour-monitoring.md): three arrays of
 * objects, each with a time "t" in seconds from the scripted day's start:
 *
 *   activity: [{"t": 0, "class": "in_bed"}, ...]   state changes, in order
 *   events:   [{"t": 25215, "type": "bed_exit", "id": "e1"}, ...]
 *   vitals:   [{"t": 300, "hr": 58, "rr": 13}, ...] (hr, rr may be absent or
 * null)
 *
 * Everything the device sent is hostile: at most CAREREP_MAX_ITEMS items
 * an array; times finite from 0 to DAY_MAX_SECONDS; classes by name
 * (care/day.h); rates finite and not negative. A violation is CC_EPROTO
 * with what and where in err ("activity[3].t: not a number"); nothing is
 * allocated then. CC_ENOMEM. Events of other types are skipped (a device
 * may report more than the suite judges) and counted.
 *
 * On success the arrays are malloc'd (NULL when the count is 0) and the
 * caller frees them.
 */
#ifndef CARECERT_CARE_CAREREP_H
#define CARECERT_CARE_CAREREP_H

#include <json-c/json.h>
#include <stddef.h>

#include "care/carestat.h"
#include "care/day.h"

#define CAREREP_MAX_ITEMS 100000

/* activity: times non-decreasing. */
int carerep_activity(json_object *arr, double **t, enum care_activity **a,
		     size_t *n, char *err, size_t errlen);
/* The times of events of type ev, sorted ascending; *other counts the
 * events of other types. */
int carerep_events(json_object *arr, enum care_event ev, double **t, size_t *n,
		   size_t *other, char *err, size_t errlen);
/* Readings of member `key` ("hr" or "rr"): times and values of the items
 * that have one. */
int carerep_vitals(json_object *arr, const char *key, double **t, double **v,
		   size_t *n, char *err, size_t errlen);

#endif
