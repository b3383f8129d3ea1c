/* SPDX-License-Identifier: MIT */
/*
 * NMEA 0183 sentences: framing and decoding, pure (no I/O, no allocation).
 *
 * A sentence is "$" + address (talker + type, or "P" + maker + type for a
 * proprietary one) + ",field"... + "*hh" (XOR of every byte between "$"
 * and "*", two hex digits) + CR LF, at most NMEA_MAX_LEN bytes with "$" and
 * CR LF. nmea_frame() cuts one off a received stream with the transport's
 * line framer (FRAME_OK / NEED_MORE / INVALID: bad checksum, over-long,
 * stray bytes, no checksum).
 *
 * nmea_decode() decodes the body of a framed sentence: GGA, RMC, GSA, GSV,
 * VTG, ZDA of the talkers GP (GPS), GL (GLONASS), GA (Galileo), GB and BD
 * (BeiDou), GN (multi-system), GQ (QZSS), and the carecert geofence alarm
 * $PCCGF. Every field is range-checked; every violation is one line of
 * s->problem[] ("GGA latitude: minutes 61.000 >= 60"), counted past
 * NMEA_MAX_PROBLEMS. A field that is empty (a null field) is absent, not
 * wrong, unless the sentence cannot mean anything without it.
 */
#ifndef CARECERT_NMEA_H
#define CARECERT_NMEA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport/framer.h"

#define NMEA_MAX_LEN 82 /* NMEA 0183 5.3: "$" to CR LF inclusive */
#define NMEA_MAX_FIELDS 32
#define NMEA_MAX_PROBLEMS 4
#define NMEA_PROBLEM_LEN 96

enum nmea_type {
	NMEA_OTHER = 0, /* framed, not decoded (another sentence type) */
	NMEA_GGA,
	NMEA_RMC,
	NMEA_GSA,
	NMEA_GSV,
	NMEA_VTG,
	NMEA_ZDA,
	NMEA_CCGF, /* $PCCGF,<EXIT|ENTER>,<hhmmss.ss>,<fence>: geofence alarm */
};

struct nmea_sentence {
	enum nmea_type type;
	char talker[3]; /* "GP", "GN"...; "P" for a proprietary sentence */
	char name[8];	/* "GGA"; for a proprietary one, maker + type "CCGF" */
	bool has_time;
	double tod; /* UTC seconds of the day */
	bool has_date;
	int day, month, year; /* year with century */
	bool has_pos;
	double lat, lon; /* degrees, north and east positive */
	bool has_alt;
	double alt;  /* GGA: above mean sea level, m */
	int quality; /* GGA fix quality 0..8; -1 absent */
	char status; /* RMC 'A' / 'V'; 0 absent */
	char mode;   /* RMC / VTG mode indicator; 0 absent */
	int sats;    /* GGA satellites used; -1 absent */
	double hdop; /* GGA / GSA; negative absent */
	int fix_dim; /* GSA 1 none, 2 2-D, 3 3-D; 0 absent */
	bool has_speed;
	double speed_kn, course; /* RMC / VTG; course negative when absent */
	int gsv_total, gsv_num, gsv_in_view; /* GSV */
	bool alarm_exit;		     /* CCGF: EXIT (else ENTER) */
	char fence[16];			     /* CCGF: the fence's id */
	char problem[NMEA_MAX_PROBLEMS][NMEA_PROBLEM_LEN];
	size_t nproblems; /* all found, also those not kept */
};

/* The NMEA line format (prefix "$", XOR-8 after '*', CR LF, 82 bytes). */
const struct line_format *nmea_line_format(void);

/* One sentence at the front of p[0..n): transport/framer.h's line_frame()
 * with the NMEA format; out->body_off/body_len give the body (between "$"
 * and "*"). */
enum frame_status nmea_frame(const uint8_t *p, size_t n,
			     struct line_frame *out);

/* Decode a framed body (no "$", no "*hh"), len bytes, not NUL-terminated.
 * Always fills s (type NMEA_OTHER when unknown); returns s->nproblems. */
size_t nmea_decode(const char *body, size_t len, struct nmea_sentence *s);

/* Append a problem to s (printf-style, cut to NMEA_PROBLEM_LEN). */
void nmea_problem(struct nmea_sentence *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
long nmea_days_from_civil(int year, int month, int day);

#endif
