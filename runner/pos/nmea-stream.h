/* SPDX-License-Identifier: MIT */
/*
 * A tracker's NMEA 0183 output, sentence by sentence, into a track and a
 * list of conformance findings.
 *
 * nmea_stream_take() frames one sentence off the front of the received
 * bytes (pos/nmea.h), decodes it, and merges it into the epoch of its UTC
 * time: GGA gives position, altitude, quality; RMC position, validity and
 * the date; ZDA the date. Checks that need more than one sentence are made
 * here: time (and date) going backwards, RMC status A with GGA quality 0
 * in the same epoch, one sentence type from two talkers (GSA and GSV are
 * per constellation and exempt). A sentence that fails its checksum or
 * framing is a finding and is not used. $PCCGF geofence alarms go to the
 * track's alarms.
 *
 * Findings: counted by class, the first NMEA_STREAM_KEEP kept with the
 * sentence quoted (escaped: the device's bytes are hostile). The stream
 * owns its track until nmea_stream_release().
 */
#ifndef CARECERT_NMEA_STREAM_H
#define CARECERT_NMEA_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "pos/nmea.h"
#include "pos/track.h"

#define NMEA_STREAM_KEEP 16
#define NMEA_FINDING_LEN 240

enum nmea_finding_class {
	NMEA_F_FRAMING,	 /* checksum, length, stray bytes, no checksum */
	NMEA_F_FIELD,	 /* a field out of range or malformed */
	NMEA_F_SEQUENCE, /* time backwards, status vs quality, mixed talkers */
	NMEA_F_COUNT
};

struct nmea_stream {
	struct pos_track track; /* owned */
	double t0;		/* scenario start, Unix seconds (UTC) */
	unsigned long sentences, used;
	unsigned long findings[NMEA_F_COUNT];
	char kept[NMEA_STREAM_KEEP][NMEA_FINDING_LEN];
	size_t nkept;
	/* state */
	bool has_date;
	long days; /* of the last date seen, since 1970 */
	bool open; /* the last fix of track is still being merged */
	double open_tod;
	char open_status; /* RMC status of the open epoch, 0 none */
	int open_quality; /* GGA quality of the open epoch, -1 none */
	bool has_last;
	double last_t;
	char talker[4][3]; /* the first talker of GGA, RMC, VTG, ZDA */
	bool mixed_said[4];
};

/* t0: Unix seconds of the scenario's start; fix and alarm times are
 * relative to it. */
void nmea_stream_init(struct nmea_stream *ns, double t0);
void nmea_stream_release(struct nmea_stream *ns);

/* Take one sentence off p[0..n) that arrived at `arrival` (scenario
 * seconds). FRAME_NEED_MORE: nothing taken; otherwise *consumed bytes were
 * used (FRAME_INVALID: a framing finding). CC errors are not possible; a
 * track that is full is a finding too. */
enum frame_status nmea_stream_take(struct nmea_stream *ns, const uint8_t *p,
				   size_t n, double arrival, size_t *consumed);

/* The stream ended: the last epoch's checks (status against quality). */
void nmea_stream_finish(struct nmea_stream *ns);

unsigned long nmea_stream_total_findings(const struct nmea_stream *ns);

#endif
