/* SPDX-License-Identifier: MIT */
/*
 * A device's track as carecert judges it, whatever it came over (NMEA on
 * a serial line, a tag platform's JSON): its fixes and its geofence
 * alarms, each with the time the device gave it and the time it arrived.
 *
 * Times are seconds (double). `t` is the device's own time of the fix on
 * the scenario's time line (seconds from the scenario's start);
 * `arrival` is when carecert received it, on the same time line (the step
 * maps its monotonic clock there; NAN when not known, e.g. fixes fetched
 * from a platform's history afterwards). The track owns its arrays;
 * pos_track_release() frees them and leaves the track empty.
 */
#ifndef CARECERT_POS_TRACK_H
#define CARECERT_POS_TRACK_H

#include <stdbool.h>
#include <stddef.h>

#define POS_TRACK_MAX 1000000 /* fixes (or alarms) in one track */

struct pos_fix {
	double t, arrival;
	bool has_pos, valid; /* valid: the device says the fix is usable */
	double lat, lon;     /* degrees */
	bool has_alt;
	double alt; /* m */
	bool has_floor;
	int floor;
	int quality, sats; /* NMEA GGA; -1 when not said */
};

struct pos_alarm {
	double t, arrival;
	bool exit; /* an exit alarm; else an entry */
	char fence[16];
};

struct pos_track {
	struct pos_fix *fix;
	size_t nfix, capfix;
	struct pos_alarm *alarm;
	size_t nalarm, capalarm;
};

void pos_track_init(struct pos_track *tr);
void pos_track_release(struct pos_track *tr);
/* Append a copy; CC_ETOOBIG past POS_TRACK_MAX, CC_ENOMEM. */
int pos_track_add_fix(struct pos_track *tr, const struct pos_fix *f)
    __attribute__((warn_unused_result));
int pos_track_add_alarm(struct pos_track *tr, const struct pos_alarm *a)
    __attribute__((warn_unused_result));

#endif
