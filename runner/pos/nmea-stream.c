/* SPDX-License-Identifier: MIT */
#include "pos/nmea-stream.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define QUOTE_MAX 90 /* bytes of a sentence quoted in a finding */

void nmea_stream_init(struct nmea_stream *ns, double t0)
{
	memset(ns, 0, sizeof(*ns));
	pos_track_init(&ns->track);
	ns->t0 = t0;
	ns->open_quality = -1;
}

void nmea_stream_release(struct nmea_stream *ns)
{
	pos_track_release(&ns->track);
	memset(ns, 0, sizeof(*ns));
}

unsigned long nmea_stream_total_findings(const struct nmea_stream *ns)
{
	unsigned long n = 0;

	for (int i = 0; i < NMEA_F_COUNT; i++)
		n += ns->findings[i];
	return n;
}

/* printable ASCII as is, others \xNN */
static void quote(char *out, size_t outlen, const uint8_t *p, size_t n)
{
	size_t k = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && i < QUOTE_MAX && k + 5 < outlen; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			out[k++] = (char)p[i];
		else
			k += (size_t)snprintf(out + k, outlen - k, "\\x%02X",
					      p[i]);
	}
	out[k] = 0;
	if (n > QUOTE_MAX && k + 4 < outlen)
		strcat(out, "...");
}

static void finding(struct nmea_stream *ns, enum nmea_finding_class c,
		    const uint8_t *p, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void finding(struct nmea_stream *ns, enum nmea_finding_class c,
		    const uint8_t *p, size_t n, const char *fmt, ...)
{
	char what[128], q[QUOTE_MAX * 4 + 8];
	va_list ap;

	ns->findings[c]++;
	if (ns->nkept == NMEA_STREAM_KEEP)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	quote(q, sizeof(q), p, n);
	snprintf(ns->kept[ns->nkept++], NMEA_FINDING_LEN, "%s in \"%s\"", what,
		 q);
}

static int talker_slot(enum nmea_type t)
{
	switch (t) {
	case NMEA_GGA:
		return 0;
	case NMEA_RMC:
		return 1;
	case NMEA_VTG:
		return 2;
	case NMEA_ZDA:
		return 3;
	default:
		return -1;
	}
}

static struct pos_fix *open_fix(struct nmea_stream *ns)
{
	return ns->open && ns->track.nfix ? &ns->track.fix[ns->track.nfix - 1]
					  : NULL;
}

/* The fix's time from its time of day and the last date. */
static double fix_time(const struct nmea_stream *ns, double tod)
{
	return (ns->has_date ? ns->days * 86400.0 : 0) + tod - ns->t0;
}

static void close_epoch_checks(struct nmea_stream *ns, const uint8_t *p,
			       size_t n)
{
	struct pos_fix *f = open_fix(ns);

	if (!f)
		return;
	if (ns->open_status == 'A' && ns->open_quality == 0)
		finding(ns, NMEA_F_SEQUENCE, p, n,
			"RMC status A with GGA fix quality 0 at %.2f s", f->t);
	f->valid = f->has_pos && ns->open_status != 'V' &&
		   ns->open_quality != 0 &&
		   (ns->open_status || ns->open_quality > 0);
}

static void merge(struct nmea_stream *ns, const struct nmea_sentence *s,
		  double arrival, const uint8_t *p, size_t n)
{
	struct pos_fix *f;
	int slot = talker_slot(s->type);

	if (slot >= 0) {
		if (!ns->talker[slot][0]) {
			memcpy(ns->talker[slot], s->talker, 3);
		} else if (strcmp(ns->talker[slot], s->talker) &&
			   !ns->mixed_said[slot]) {
			ns->mixed_said[slot] = true;
			finding(ns, NMEA_F_SEQUENCE, p, n,
				"mixed talkers: %s from %s, then %s", s->name,
				ns->talker[slot], s->talker);
		}
	}
	if (s->has_date) {
		long days = nmea_days_from_civil(s->year, s->month, s->day);

		if (ns->has_date && days < ns->days)
			finding(ns, NMEA_F_SEQUENCE, p, n,
				"date went backwards: %04d-%02d-%02d", s->year,
				s->month, s->day);
		ns->has_date = true;
		ns->days = days;
	}
	if (s->type != NMEA_GGA && s->type != NMEA_RMC)
		return;
	if (!s->has_time) {
		finding(ns, NMEA_F_FIELD, p, n, "%s without a time", s->name);
		return;
	}
	f = open_fix(ns);
	if (!f || fabs(ns->open_tod - s->tod) > 1e-3) {
		struct pos_fix nf = {.quality = -1, .sats = -1};

		close_epoch_checks(ns, p, n);
		nf.t = fix_time(ns, s->tod);
		/* past midnight before the sentence with the new date came */
		if (ns->has_last && ns->has_date && nf.t < ns->last_t - 43200)
			nf.t += 86400;
		nf.arrival = arrival;
		if (ns->has_last && nf.t < ns->last_t)
			finding(ns, NMEA_F_SEQUENCE, p, n,
				"time went backwards: %.2f s after %.2f s",
				nf.t, ns->last_t);
		if (pos_track_add_fix(&ns->track, &nf)) {
			finding(ns, NMEA_F_SEQUENCE, p, n,
				"track full (%d fixes)", POS_TRACK_MAX);
			ns->open = false;
			return;
		}
		ns->has_last = true;
		ns->last_t = nf.t;
		ns->open = true;
		ns->open_tod = s->tod;
		ns->open_status = 0;
		ns->open_quality = -1;
		f = open_fix(ns);
	}
	if (s->type == NMEA_RMC &&
	    s->has_date) /* the date came with this epoch */
		f->t = ns->last_t = fix_time(ns, s->tod);
	if (s->has_pos) {
		f->has_pos = true;
		f->lat = s->lat;
		f->lon = s->lon;
	}
	if (s->type == NMEA_GGA) {
		ns->open_quality = s->quality;
		f->quality = s->quality;
		f->sats = s->sats;
		if (s->has_alt) {
			f->has_alt = true;
			f->alt = s->alt;
		}
	} else {
		ns->open_status = s->status;
	}
	f->valid = f->has_pos && ns->open_status != 'V' &&
		   ns->open_quality != 0 &&
		   (ns->open_status || ns->open_quality > 0);
}

void nmea_stream_finish(struct nmea_stream *ns)
{
	close_epoch_checks(ns, (const uint8_t *)"", 0);
	ns->open = false;
}

enum frame_status nmea_stream_take(struct nmea_stream *ns, const uint8_t *p,
				   size_t n, double arrival, size_t *consumed)
{
	struct line_frame lf;
	struct nmea_sentence s;
	enum frame_status st = nmea_frame(p, n, &lf);

	*consumed = 0;
	if (st == FRAME_NEED_MORE)
		return st;
	*consumed = lf.consumed;
	ns->sentences++;
	if (st == FRAME_INVALID) {
		finding(ns, NMEA_F_FRAMING, p, lf.consumed, "%s", lf.problem);
		return st;
	}
	nmea_decode((const char *)p + lf.body_off, lf.body_len, &s);
	for (size_t i = 0; i < s.nproblems; i++)
		finding(ns, NMEA_F_FIELD, p, lf.consumed, "%s",
			i < NMEA_MAX_PROBLEMS ? s.problem[i]
					      : "(further field problems)");
	if (s.type == NMEA_CCGF && !s.nproblems) {
		struct pos_alarm a = {.exit = s.alarm_exit, .arrival = arrival};

		a.t = fix_time(ns, s.tod);
		memcpy(a.fence, s.fence, sizeof(a.fence));
		if (pos_track_add_alarm(&ns->track, &a))
			finding(ns, NMEA_F_SEQUENCE, p, lf.consumed,
				"too many alarms");
	} else if (s.type != NMEA_OTHER) {
		merge(ns, &s, arrival, p, lf.consumed);
	}
	ns->used++;
	return FRAME_OK;
}
