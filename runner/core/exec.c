/* SPDX-License-Identifier: MIT */
#include "core/exec.h"
#include "transport/checksum.h"
#include "core/exec-internal.h"
#include "base/clock.h"
#include "base/err.h"
#include "transport/framer.h"
#include "core/step.h"
#include "base/units.h"
#include "core/mu.h"
#include "core/profile.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVIDENCE_BYTES 200 /* bytes of a frame quoted in evidence */

/* ---- received-bytes queue ---- */

void rxq_init(struct rxq *q)
{
	buf_init(&q->data, BUF_MAX_RX);
	q->nchunks = 0;
}

void rxq_release(struct rxq *q)
{
	buf_release(&q->data);
	q->nchunks = 0;
}

void rxq_clear(struct rxq *q)
{
	buf_reset(&q->data);
	q->nchunks = 0;
}

int rxq_read(struct rxq *q, struct transport *t, int64_t deadline)
{
	size_t before = q->data.len;
	struct frame_ref ref;
	int rc;

	if (q->nchunks == RXQ_MAX_CHUNKS)
		return CC_ETOOBIG;
	rc = transport_recv(t, &q->data, deadline, &ref);
	if (rc)
		return rc;
	q->chunks[q->nchunks].seq = ref.seq;
	q->chunks[q->nchunks].mono_ns = ref.mono_ns;
	q->chunks[q->nchunks].len = q->data.len - before;
	q->nchunks++;
	return CC_OK;
}

/* Frames the first n bytes came from, and when the last of them arrived. */
static void rxq_span(const struct rxq *q, size_t n, uint64_t *first,
		     uint64_t *last, int64_t *mono)
{
	size_t left = n;

	*first = *last = 0;
	*mono = 0;
	for (size_t i = 0; i < q->nchunks && left; i++) {
		if (!*first)
			*first = q->chunks[i].seq;
		*last = q->chunks[i].seq;
		*mono = q->chunks[i].mono_ns;
		left -= left < q->chunks[i].len ? left : q->chunks[i].len;
	}
}

void rxq_consume(struct rxq *q, size_t n)
{
	size_t left = n, drop = 0;

	buf_consume(&q->data, n);
	while (drop < q->nchunks && left >= q->chunks[drop].len)
		left -= q->chunks[drop++].len;
	if (drop < q->nchunks)
		q->chunks[drop].len -= left;
	memmove(q->chunks, q->chunks + drop,
		(q->nchunks - drop) * sizeof(q->chunks[0]));
	q->nchunks -= drop;
}

/* ---- evidence ---- */

void escape_bytes(const uint8_t *p, size_t n, size_t max, struct buf *out)
{
	static const char hexd[] = "0123456789ABCDEF";
	char blk[256];
	size_t k = 0;
	int rc = 0;

	/* into a block, appended when nearly full: one append a byte was a
	 * fifth of a serial round trip's runner code */
	for (size_t i = 0; i < n && i < max && !rc; i++) {
		uint8_t c = p[i];

		if (c == '\r' || c == '\n' || c == '\t' || c == '\\') {
			blk[k++] = '\\';
			blk[k++] = c == '\r' ? 'r' : c == '\n' ? 'n' : c == '\t' ? 't' : '\\';
		} else if (c >= 0x20 && c < 0x7F) {
			blk[k++] = (char)c;
		} else {
			blk[k++] = '\\';
			blk[k++] = 'x';
			blk[k++] = hexd[c >> 4];
			blk[k++] = hexd[c & 15];
		}
		if (k > sizeof(blk) - 4) {
			rc = buf_append(out, blk, k);
			k = 0;
		}
	}
	if (!rc && k)
		rc = buf_append(out, blk, k);
	if (!rc && n > max)
		rc = buf_append_str(out, "...");
	(void)rc; /* a truncated quote is still evidence */
}

/* Whether a passing item would be kept: once an attempt holds
 * EXEC_MAX_EVIDENCE items further passes are only counted, so their quotes
 * need not be made. */
static bool pass_evidence_kept(const struct exec *e)
{
	return json_object_array_length(e->evidence) < EXEC_MAX_EVIDENCE;
}

static void evidence(struct exec *e, enum verdict v, const char *message,
		     const char *expected, const char *observed,
		     uint64_t first, uint64_t last)
{
	json_object *o, *frames;
	size_t n = json_object_array_length(e->evidence), drop = n;

	if (n >= EXEC_MAX_EVIDENCE) {
		/* a long loop of passing reads must not push out what decided the
		 * case: a non-pass item takes the place of the oldest pass */
		for (size_t i = 0; v != VERDICT_PASS && i < n && drop == n; i++) {
			json_object *w;

			if (json_object_object_get_ex(json_object_array_get_idx(e->evidence, i),
						      "verdict", &w) &&
			    !strcmp(json_object_get_string(w), "pass"))
				drop = i;
		}
		e->evidence_dropped++;
		if (drop == n)
			return;
		json_object_array_del_idx(e->evidence, drop, 1);
	}
	o = json_object_new_object();
	if (!o)
		return;
	json_object_object_add(o, "line", json_object_new_int((int)e->step_no));
	json_object_object_add(o, "kind", json_object_new_string(e->stage));
	json_object_object_add(o, "verdict",
			       json_object_new_string(verdict_name(v)));
	json_object_object_add(o, "message", json_object_new_string(message));
	json_object_object_add(o, "expected",
			       expected ? json_object_new_string(expected) : NULL);
	json_object_object_add(o, "observed",
			       observed ? json_object_new_string(observed) : NULL);
	frames = json_object_new_array();
	for (uint64_t s = first; s && s <= last && frames; s++)
		json_object_array_add(frames, json_object_new_uint64(s));
	json_object_object_add(o, "frames", frames);
	json_object_array_add(e->evidence, o);
}

/* Decide the attempt's verdict (first non-pass wins), with its evidence. */
#define CLEANUP_BUDGET_NS (10 * NSEC_PER_SEC)

enum verdict exec_decide(struct exec *e, enum verdict v, const char *expected,
			 const char *observed, uint64_t first, uint64_t last,
			 const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	evidence(e, v, msg, expected, observed, first, last);
	/* a figure not judged is evidence only; exec_run decides the case */
	if (v != VERDICT_PASS && v != VERDICT_NOT_JUDGED && e->verdict == VERDICT_NONE) {
		e->verdict = v;
		/* the one-line reason carries both sides, as a person needs */
		snprintf(e->reason, sizeof(e->reason), "line %u (%s): %s%s%.120s%s%.120s",
			 e->step_no, e->stage, msg,
			 observed ? "; observed " : "", observed ? observed : "",
			 expected ? "; expected " : "", expected ? expected : "");
	}
	return v;
}

enum verdict exec_link_error(struct exec *e, int rc, const char *what)
{
	e->link_failed = true;
	return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
		      "%s: %s%s", what, cc_strerror(rc),
		      rc == CC_ECLOSED ? " (device disconnected)" : "");
}

/* ---- variables ---- */

static void scope_of(struct exec *e, struct vars_scope *sc)
{
	sc->local = &e->vars;
	sc->run = e->run_vars;
	sc->builtin = e->builtin;
	sc->builtin_data = e->builtin_data;
}

/* A step's `when` condition: true when absent or holding; false when it
 * does not hold or cannot be evaluated (then the verdict is error). */
bool exec_when_holds(struct exec *e, const struct step *st)
{
	struct vars_scope sc;
	char err[256];
	bool yes;

	if (!st->when)
		return true;
	scope_of(e, &sc);
	if (vars_condition(&sc, st->when, &yes, err, sizeof(err))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: %s", err);
		return false;
	}
	return yes;
}

/* Expand a template into out; a failure is the suite's fault: error. */
bool exec_expand(struct exec *e, const char *template, struct buf *out)
{
	struct vars_scope sc;
	char err[256];

	buf_reset(out);
	scope_of(e, &sc);
	if (vars_expand(&sc, template, out, err, sizeof(err))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: %s", err);
		return false;
	}
	return true;
}

int64_t exec_deadline(const struct exec *e, int64_t within)
{
	int64_t d = mono_now_ns() + within;

	if (e->stop && *e->stop) /* interrupted: waits end now */
		return mono_now_ns();
	return d < e->deadline_ns ? d : e->deadline_ns;
}

/* ---- send ---- */

static int parse_hex(const char *s, struct buf *out)
{
	while (*s) {
		unsigned v;
		uint8_t b;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return CC_EINVAL;
		sscanf(s, "%2x", &v);
		b = (uint8_t)v;
		if (buf_append(out, &b, 1))
			return CC_ETOOBIG;
		s += 2;
	}
	return CC_OK;
}

static enum verdict do_send(struct exec *e, const struct step *st)
{
	struct buf text, wire;
	struct frame_ref ref;
	enum verdict v = VERDICT_PASS;
	int rc = CC_OK;

	buf_init(&text, BUF_MAX_FRAME);
	buf_init(&wire, BUF_MAX_FRAME);
	if (!exec_expand(e, st->data, &text)) {
		v = VERDICT_ERROR;
		goto out;
	}
	if (st->send_mode == SEND_LINE)
		rc = line_encode(&e->suite->line, buf_str(&text), &wire);
	else if (st->send_mode == SEND_HEX)
		rc = parse_hex(buf_str(&text), &wire);
	else
		rc = buf_append(&wire, text.data, text.len);
	if (rc) {
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			   "suite: cannot encode '%s': %s", buf_str(&text),
			   cc_strerror(rc));
		goto out;
	}
	rc = transport_send(e->t, wire.data, wire.len, &ref);
	if (rc) {
		v = exec_link_error(e, rc, "send");
		goto out;
	}
	e->last_tx_ns = ref.mono_ns;
out:
	buf_release(&text);
	buf_release(&wire);
	return v;
}

/* ---- expect ---- */

static bool capture_groups(struct exec *e, const struct step *st,
			   const char *body, const regmatch_t *m)
{
	for (size_t g = 0; st->capture && st->capture[g]; g++) {
		const regmatch_t *r = &m[g + 1];
		char *val = r->rm_so < 0 ? strdup("")
			  : strndup(body + r->rm_so, (size_t)(r->rm_eo - r->rm_so));
		int rc = val ? vars_set(&e->vars, st->capture[g], val) : CC_ENOMEM;

		free(val);
		if (rc)
			return false;
	}
	return true;
}

/* A field applies to a frame only when its bytes lie in the frame's
 * body, before the checksum: a short frame (the dump's end frame) is not
 * decoded with the record layout (its CRC read as a year). Fields that do
 * not fit are set empty and left out of the evidence. */
static bool capture_fields(struct exec *e, const struct frame_def *fd,
			   const uint8_t *p, size_t n, struct buf *obs)
{
	size_t body = n - (n >= checksum_size(fd->fmt.checksum) ? checksum_size(fd->fmt.checksum)
								 : n);
	size_t shown = 0;

	for (size_t i = 0; i < fd->nfields; i++) {
		const struct field_def *f = &fd->fields[i];
		int64_t v;
		int rc;

		if (f->offset + field_type_size(f->type) > body ||
		    field_read(p, body, f->offset, f->type, &v)) {
			if (vars_set(&e->vars, f->name, ""))
				return false;
			continue;
		}
		rc = vars_setf(&e->vars, f->name, "%lld", (long long)v);
		if (rc)
			return false;
		/* the decoded fields, after the raw bytes, for the evidence;
		 * a truncated quote is still evidence */
		if (buf_appendf(obs, "%s%s=%s", shown++ ? " " : " [", f->name,
				vars_get(&e->vars, f->name)))
			return true;
	}
	if (shown && buf_append_str(obs, "]"))
		return true;
	if (fd->nfields && !shown && buf_append_str(obs, " [no field of the layout fits this frame]"))
		return true;
	return true;
}

static void describe_expect(const struct exec *e, const struct step *st,
			    struct buf *out)
{
	char d[32];
	int rc;

	duration_format(st->within_ns, d, sizeof(d));
	if (st->expect_mode == EXPECT_FRAME)
		rc = buf_appendf(out, "%s frame within %s", st->frame->name, d);
	else
		rc = buf_appendf(out, "%s matching /%s/ within %s",
				 st->expect_mode == EXPECT_LINE ? "line" : "text",
				 st->pattern, d);
	(void)rc;
	(void)e;
}

/* ${elapsed_ms} with three decimals, made by hand (printf's %.3f was a
 * tenth of a round trip's runner code): microseconds rounded half up. */
static void set_elapsed(struct exec *e, int64_t mono)
{
	char txt[40], tmp[24];
	int64_t us;
	size_t k = 0, w = 0;

	if (!e->last_tx_ns || !mono)
		return;
	if (mono < e->last_tx_ns) { /* not expected: the general way */
		if (vars_setf(&e->vars, "elapsed_ms", "%.3f",
			      (double)(mono - e->last_tx_ns) / 1e6))
			return;
		return;
	}
	us = (mono - e->last_tx_ns + 500) / 1000;
	tmp[k++] = (char)('0' + us % 10);
	tmp[k++] = (char)('0' + us / 10 % 10);
	tmp[k++] = (char)('0' + us / 100 % 10);
	tmp[k++] = '.';
	us /= 1000;
	do
		tmp[k++] = (char)('0' + us % 10);
	while ((us /= 10));
	while (k)
		txt[w++] = tmp[--k];
	txt[w] = 0;
	if (vars_set(&e->vars, "elapsed_ms", txt))
		return; /* a later ${elapsed_ms} reports it undefined */
}

/* One attempt to take a frame off the front of the queue.
 * Returns FRAME_NEED_MORE, FRAME_OK (matched: done) or FRAME_INVALID (a
 * verdict was decided). Skipped lines loop inside. */
static int try_frame(struct exec *e, const struct step *st,
		     const struct line_format *lf, struct buf *expected,
		     unsigned *skipped)
{
	struct rxq *q = e->rx;

	for (;;) {
		struct buf obs;
		uint64_t first, last;
		int64_t mono;
		int st_rc;

		buf_init(&obs, BUF_MAX_FRAME);
		if (st->expect_mode == EXPECT_FRAME) {
			struct bin_frame bf;

			st_rc = bin_frame(&st->frame->fmt, q->data.data, q->data.len, &bf);
			if (st_rc == FRAME_NEED_MORE) {
				buf_release(&obs);
				return FRAME_NEED_MORE;
			}
			rxq_span(q, bf.consumed, &first, &last, &mono);
			escape_bytes(q->data.data, bf.consumed, EVIDENCE_BYTES, &obs);
			if (st_rc == FRAME_INVALID) {
				exec_decide(e, VERDICT_FAIL, buf_str(expected), buf_str(&obs),
				       first, last, "%s", bf.problem);
				rxq_consume(q, bf.consumed);
				buf_release(&obs);
				return FRAME_INVALID;
			}
			if (!capture_fields(e, st->frame, q->data.data, bf.consumed, &obs)) {
				exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				       "out of memory or too many variables");
				buf_release(&obs);
				return FRAME_INVALID;
			}
			set_elapsed(e, mono);
			evidence(e, VERDICT_PASS, "frame received", buf_str(expected),
				 buf_str(&obs), first, last);
			rxq_consume(q, bf.consumed);
			buf_release(&obs);
			return FRAME_OK;
		} else {
			struct line_frame lfr;
			regmatch_t m[16];
			char *body, small[256];

			st_rc = line_frame(lf, q->data.data, q->data.len, &lfr);
			if (st_rc == FRAME_NEED_MORE) {
				buf_release(&obs);
				return FRAME_NEED_MORE;
			}
			rxq_span(q, lfr.consumed, &first, &last, &mono);
			/* the quote is made only for evidence that is kept */
			if (st_rc == FRAME_INVALID || pass_evidence_kept(e))
				escape_bytes(q->data.data, lfr.consumed, EVIDENCE_BYTES, &obs);
			if (st_rc == FRAME_INVALID) {
				exec_decide(e, VERDICT_FAIL, buf_str(expected), buf_str(&obs),
				       first, last, "%s", lfr.problem);
				rxq_consume(q, lfr.consumed);
				buf_release(&obs);
				return FRAME_INVALID;
			}
			/* the body as a C string for regexec: on the stack when short */
			if (lfr.body_len < sizeof(small)) {
				memcpy(small, q->data.data + lfr.body_off, lfr.body_len);
				small[lfr.body_len] = 0;
				body = small;
			} else {
				body = strndup((const char *)q->data.data + lfr.body_off,
					       lfr.body_len);
			}
			if (!body || strlen(body) != lfr.body_len) {
				if (!obs.len)
					escape_bytes(q->data.data, lfr.consumed, EVIDENCE_BYTES, &obs);
				exec_decide(e, VERDICT_FAIL, buf_str(expected), buf_str(&obs),
				       first, last, "NUL byte inside frame");
				if (body != small)
					free(body);
				rxq_consume(q, lfr.consumed);
				buf_release(&obs);
				return FRAME_INVALID;
			}
			/* no capture: no sub-matches to track (glibc's faster path) */
			if (!regexec(&st->re, body, st->capture ? 16 : 0,
				     st->capture ? m : NULL, 0)) {
				bool ok = capture_groups(e, st, body, m);

				set_elapsed(e, mono);
				if (ok)
					evidence(e, VERDICT_PASS, "frame received",
						 buf_str(expected), buf_str(&obs),
						 first, last);
				else
					exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					       "out of memory or too many variables");
				if (body != small)
					free(body);
				rxq_consume(q, lfr.consumed);
				buf_release(&obs);
				return ok ? FRAME_OK : FRAME_INVALID;
			}
			if (st->has_skip && !regexec(&st->skip_re, body, 0, NULL, 0)) {
				(*skipped)++;
				if (body != small)
					free(body);
				rxq_consume(q, lfr.consumed);
				buf_release(&obs);
				continue;
			}
			if (!obs.len)
				escape_bytes(q->data.data, lfr.consumed, EVIDENCE_BYTES, &obs);
			exec_decide(e, VERDICT_FAIL, buf_str(expected), buf_str(&obs),
			       first, last, "unexpected frame");
			if (body != small)
				free(body);
			rxq_consume(q, lfr.consumed);
			buf_release(&obs);
			return FRAME_INVALID;
		}
	}
}

static enum verdict do_expect(struct exec *e, const struct step *st)
{
	int64_t deadline = exec_deadline(e, st->within_ns);
	struct line_format text_fmt;
	const struct line_format *lf = &e->suite->line;
	struct buf *expected = &e->expect_desc;
	unsigned skipped = 0;
	enum verdict v = VERDICT_ERROR;

	if (st->expect_mode == EXPECT_TEXT) {
		/* raw text: the suite's terminator, no prefix or checksum */
		memset(&text_fmt, 0, sizeof(text_fmt));
		memcpy(text_fmt.terminator, lf->terminator, sizeof(text_fmt.terminator));
		text_fmt.max_len = lf->max_len;
		lf = &text_fmt;
	}
	/* the same step (a repeat's) describes itself the same way */
	if (e->expect_desc_for != st) {
		buf_reset(&e->expect_desc);
		describe_expect(e, st, &e->expect_desc);
		e->expect_desc_for = st;
	}
	for (;;) {
		int rc = try_frame(e, st, lf, expected, &skipped);

		if (rc == FRAME_OK) {
			v = VERDICT_PASS;
			break;
		}
		if (rc == FRAME_INVALID) {
			v = e->verdict;
			break;
		}
		rc = rxq_read(e->rx, e->t, deadline);
		if (rc == CC_ETIMEDOUT) {
			struct buf obs;
			uint64_t first, last;
			int64_t mono;

			buf_init(&obs, BUF_MAX_FRAME);
			rxq_span(e->rx, e->rx->data.len, &first, &last, &mono);
			if (e->rx->data.len) {
				if (buf_append_str(&obs, "incomplete: "))
					break;
				escape_bytes(e->rx->data.data, e->rx->data.len,
					     EVIDENCE_BYTES, &obs);
			} else {
				if (buf_append_str(&obs, "nothing"))
					break;
			}
			v = exec_decide(e, VERDICT_FAIL, buf_str(expected), buf_str(&obs),
				   first, last, "%s within the deadline%s",
				   e->rx->data.len ? "no complete frame" : "no reply",
				   mono_now_ns() >= e->deadline_ns ? " (case timeout)" : "");
			buf_release(&obs);
			break;
		}
		if (rc) {
			v = exec_link_error(e, rc, "receive");
			break;
		}
	}
	if (skipped && vars_setf(&e->vars, "skipped", "%u", skipped))
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "too many variables");
	return v;
}

/* ---- silence and delay ---- */

static enum verdict do_silence(struct exec *e, const struct step *st)
{
	int64_t deadline = exec_deadline(e, st->within_ns);
	char d[32], expected[64];

	duration_format(st->within_ns, d, sizeof(d));
	snprintf(expected, sizeof(expected), "no bytes for %s", d);
	while (!e->rx->data.len) {
		int rc = rxq_read(e->rx, e->t, deadline);

		if (rc == CC_ETIMEDOUT)
			return VERDICT_PASS;
		if (rc)
			return exec_link_error(e, rc, "receive");
	}
	{
		struct buf obs;
		uint64_t first, last;
		int64_t mono;
		enum verdict v;

		buf_init(&obs, BUF_MAX_FRAME);
		rxq_span(e->rx, e->rx->data.len, &first, &last, &mono);
		escape_bytes(e->rx->data.data, e->rx->data.len, EVIDENCE_BYTES, &obs);
		v = exec_decide(e, VERDICT_FAIL, expected, buf_str(&obs), first, last,
			   "device sent data during a silent period");
		rxq_consume(e->rx, e->rx->data.len);
		buf_release(&obs);
		return v;
	}
}

static enum verdict do_delay(struct exec *e, const struct step *st)
{
	int64_t until = exec_deadline(e, st->within_ns);
	int64_t left;

	while ((left = until - mono_now_ns()) > 0) {
		struct timespec ts = { .tv_sec = left / NSEC_PER_SEC,
				       .tv_nsec = left % NSEC_PER_SEC };

		nanosleep(&ts, NULL);
	}
	return VERDICT_PASS;
}

/* ---- assert ---- */

struct limits {
	bool has_min, has_max, has_band;
	double min, max, band;
	char unit[UNIT_NAME_MAX];
};

bool exec_quantity(struct exec *e, const char *key, const char *text,
		   const char *unit, bool delta, double *out)
{
	char err[320];

	if (!quantity_in(key, text, unit, delta, out, err, sizeof(err)))
		return true;
	exec_decide(e, VERDICT_ERROR, unit[0] ? unit : "a plain number", text,
		    0, 0, "suite: %s", err);
	return false;
}

/* Parse a limit text into the limits' unit (the first unit seen wins); the
 * marginal band is a difference (delta). */
static bool limit_value(struct exec *e, const char *key, const char *text,
			bool delta, double *out, char unit[UNIT_NAME_MAX])
{
	struct quantity q;
	char err[160];

	if (quantity_parse(text, &q, err, sizeof(err))) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "suite: limit: %s", err);
		return false;
	}
	if (!unit[0] && q.unit[0])
		snprintf(unit, UNIT_NAME_MAX, "%s", q.unit);
	return exec_quantity(e, key, text, unit, delta, out);
}

static bool resolve_limits(struct exec *e, const struct step *st,
			   struct limits *l, struct buf *tmp)
{
	memset(l, 0, sizeof(*l));
	if (st->in_unit)
		snprintf(l->unit, sizeof(l->unit), "%s", st->in_unit);
	if (st->min &&
	    (!exec_expand(e, st->min, tmp) ||
	     !limit_value(e, "min", buf_str(tmp), false, &l->min, l->unit)))
		return false;
	l->has_min = st->min != NULL;
	if (st->max &&
	    (!exec_expand(e, st->max, tmp) ||
	     !limit_value(e, "max", buf_str(tmp), false, &l->max, l->unit)))
		return false;
	l->has_max = st->max != NULL;
	if (st->marginal && (!exec_expand(e, st->marginal, tmp) ||
			     !limit_value(e, "marginal", buf_str(tmp), true,
					  &l->band, l->unit)))
		return false;
	l->has_band = st->marginal != NULL;
	return true;
}

/* The measurement's uncertainty and decision (core/mu.h) against its
 * nearer limit: U from the clock's resolution when the value is a time
 * difference of the host's clock (clocked), else not evaluated; the rule
 * the lab states for the case's standards. A conditional pass marks the
 * attempt (exec_run makes it inconclusive). Returns the decision. */
static enum mu_decision measurement_mu(struct exec *e, json_object *o, const char *name,
				       double value, const struct limits *l, bool clocked)
{
	const char *names[8];
	size_t nn = 0;
	struct mu_decision_rule r;
	struct mu_figure f = { .name = name, .value = value, .unit = l->unit, .u = NAN };
	double s;
	bool near;
	enum mu_decision d;
	json_object *fo;

	if (!l->has_min && !l->has_max)
		return MU_PASS;
	/* the nearer limit; the lower when the value is below both */
	f.upper = !l->has_min || (l->has_max && fabs(l->max - value) < fabs(value - l->min));
	f.limit = f.upper ? l->max : l->min;
	if (clocked && unit_dimension(l->unit) && !strcmp(unit_dimension(l->unit), "time") &&
	    !unit_convert_delta(mu_clock_u_s(1e-6), "s", l->unit, &s)) {
		f.u = s;
		f.source = "the host's clock: two readings of CLOCK_MONOTONIC, written to 0.001 ms";
	}
	for (size_t i = 0; e->tc && i < e->tc->nreqs && nn < 8; i++)
		names[nn++] = e->tc->reqs[i].standard;
	r = mu_rule_for(e->profile ? e->profile->lab_iso : NULL, names, nn);
	d = mu_decide(&f, r, &near);
	fo = mu_json(&f, r);
	json_object_object_add(o, "uncertainty", fo);
	if (d == MU_CONDITIONAL_PASS && !e->conditional) {
		json_object *one = json_object_new_array();

		json_object_array_add(one, json_object_get(fo));
		mu_verdict(VERDICT_PASS, one, e->conditional_why, sizeof(e->conditional_why));
		json_object_put(one);
		e->conditional = true;
	}
	return d;
}

static void add_measurement(struct exec *e, const char *name, double value,
			    const struct limits *l, bool marginal,
			    enum verdict v, bool clocked)
{
	json_object *o = json_object_new_object();

	if (!o)
		return;
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "value", json_object_new_double(value));
	json_object_object_add(o, "unit", json_object_new_string(l->unit));
	json_object_object_add(o, "min", l->has_min ? json_object_new_double(l->min) : NULL);
	json_object_object_add(o, "max", l->has_max ? json_object_new_double(l->max) : NULL);
	json_object_object_add(o, "marginal_band",
			       l->has_band ? json_object_new_double(l->band) : NULL);
	json_object_object_add(o, "marginal", json_object_new_boolean(marginal));
	/* a conditional pass is no pass, here too */
	if (measurement_mu(e, o, name, value, l, clocked) == MU_CONDITIONAL_PASS &&
	    v == VERDICT_PASS)
		v = VERDICT_INCONCLUSIVE;
	json_object_object_add(o, "verdict", json_object_new_string(verdict_name(v)));
	json_object_array_add(e->measurements, o);
}

void exec_measurement_max(struct exec *e, const char *name, double value, const char *unit,
			  double max, enum verdict v)
{
	struct limits l = { .has_max = true, .max = max };

	snprintf(l.unit, sizeof(l.unit), "%s", unit);
	add_measurement(e, name, value, &l, false, v, false);
}

void exec_measurement_min(struct exec *e, const char *name, double value, const char *unit,
			  double min, enum verdict v)
{
	struct limits l = { .has_min = true, .min = min };

	snprintf(l.unit, sizeof(l.unit), "%s", unit);
	add_measurement(e, name, value, &l, false, v, false);
}

void exec_evidence_attach(struct exec *e, const char *key, json_object *value)
{
	size_t n = json_object_array_length(e->evidence);

	if (n)
		json_object_object_add(json_object_array_get_idx(e->evidence, n - 1), key, value);
	else
		json_object_put(value);
}

static enum verdict assert_range(struct exec *e, const struct step *st,
				 const char *value_text, struct buf *tmp)
{
	char err[160], expected[256], observed[160], unit[UNIT_NAME_MAX] = "";
	struct quantity q;
	struct limits l;
	double v;
	bool ok, marginal = false;
	enum verdict verdict;

	if (!resolve_limits(e, st, &l, tmp))
		return VERDICT_ERROR;
	if (quantity_parse(value_text, &q, err, sizeof(err)))
		return exec_decide(e, VERDICT_FAIL, "a number", value_text, 0, 0,
			      "value is not a number: %s", err);
	if (q.unit[0])
		snprintf(unit, sizeof(unit), "%s", q.unit);
	if (st->unit) {
		if (!exec_expand(e, st->unit, tmp))
			return VERDICT_ERROR;
		snprintf(unit, sizeof(unit), "%s", buf_str(tmp));
	}
	if (!l.unit[0])
		snprintf(l.unit, sizeof(l.unit), "%s", unit);
	snprintf(observed, sizeof(observed), "%g%s%s", q.value,
		 unit[0] ? " " : "", unit);
	if (unit[0] && !unit_known(unit))
		return exec_decide(e, VERDICT_FAIL, l.unit, observed, 0, 0,
			      "unknown unit '%s'", unit);
	if (unit_convert(q.value, unit[0] ? unit : l.unit, l.unit, &v)) {
		/* the suite's own unit: the suite is wrong; the device's: it */
		if (st->unit && !strstr(st->unit, "${"))
			return exec_decide(e, VERDICT_ERROR, l.unit, observed,
					   0, 0,
					   "suite: the value is in %s (%s), "
					   "the limits in %s (%s)",
					   unit, unit_dimension(unit), l.unit,
					   unit_dimension(l.unit));
		return exec_decide(e, VERDICT_FAIL, l.unit, observed, 0, 0,
			      "unit '%s' cannot be compared with %s", unit, l.unit);
	}
	if (l.has_min && l.has_max)
		snprintf(expected, sizeof(expected), "%g <= value <= %g %s",
			 l.min, l.max, l.unit);
	else if (l.has_min)
		snprintf(expected, sizeof(expected), "value >= %g %s", l.min, l.unit);
	else
		snprintf(expected, sizeof(expected), "value <= %g %s", l.max, l.unit);
	if (strcmp(unit, l.unit) && unit[0]) {
		size_t n = strlen(observed);

		snprintf(observed + n, sizeof(observed) - n, " = %g %s", v, l.unit);
	}
	ok = (!l.has_min || v >= l.min) && (!l.has_max || v <= l.max);
	if (ok && l.has_band)
		marginal = (l.has_min && v < l.min + l.band) ||
			   (l.has_max && v > l.max - l.band);
	verdict = ok ? VERDICT_PASS : VERDICT_FAIL;
	/* a time the host's clock measured (${elapsed_ms}, a GATT step's
	 * ${interval_ms}, both "%.3f" ms): the clock is a source of U; a value
	 * the device states has none here */
	if (st->name)
		add_measurement(e, st->name, v, &l, marginal, verdict,
				!strcmp(st->value, "${elapsed_ms}") ||
				!strcmp(st->value, "${interval_ms}"));
	if (marginal)
		e->marginal = true;
	return exec_decide(e, verdict, expected, observed, 0, 0, "%s%s%s",
		      st->name ? st->name : st->value,
		      ok ? " within limits" : " outside limits",
		      marginal ? " (marginal)" : "");
}

/* append: a number onto a case list (e.g. beat times as they arrive);
 * quiet on purpose: one evidence item per number would drown the rest. */
enum verdict exec_append_step(struct exec *e, const struct step *st)
{
	struct buf value;
	double x;

	if (!exec_when_holds(e, st))
		return e->verdict == VERDICT_ERROR ? VERDICT_ERROR : VERDICT_PASS;
	buf_init(&value, 256);
	if (!exec_expand(e, st->value, &value)) {
		buf_release(&value);
		return VERDICT_ERROR;
	}
	if (!parse_number(buf_str(&value), &x)) {
		enum verdict v = exec_decide(e, VERDICT_FAIL, "a number", buf_str(&value), 0, 0,
					     "%s: not a number", st->value);

		buf_release(&value);
		return v;
	}
	buf_release(&value);
	if (exec_list_push(e, st->name, x))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "list %s: too many lists, or more than %d numbers", st->name,
				   EXEC_LIST_MAX);
	return VERDICT_PASS;
}

int exec_list_push(struct exec *e, const char *name, double x)
{
	struct exec_list *l = NULL;

	for (size_t i = 0; i < e->nlists; i++)
		if (!strcmp(e->lists[i].name, name))
			l = &e->lists[i];
	if (!l) {
		if (e->nlists == EXEC_MAX_LISTS || !(e->lists[e->nlists].name = strdup(name)))
			return CC_ENOMEM;
		l = &e->lists[e->nlists++];
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		double *v = cap <= EXEC_LIST_MAX ? realloc(l->v, cap * sizeof(*v)) : NULL;

		if (!v)
			return CC_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = x;
	return CC_OK;
}

bool exec_same_value(const char *a, const char *b)
{
	double x, y;

	if (parse_number(a, &x) && parse_number(b, &y))
		return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
	return !strcmp(a, b);
}

enum verdict exec_assert_range(struct exec *e, const struct step *st,
			       const char *value_text)
{
	struct buf tmp;
	enum verdict v;

	buf_init(&tmp, BUF_MAX_FRAME);
	v = assert_range(e, st, value_text, &tmp);
	buf_release(&tmp);
	return v;
}

static enum verdict do_assert(struct exec *e, const struct step *st)
{
	struct buf value, tmp;
	enum verdict v = VERDICT_PASS;
	const char *what;

	if (!exec_when_holds(e, st))
		return e->verdict == VERDICT_ERROR ? VERDICT_ERROR : VERDICT_PASS;
	buf_init(&value, BUF_MAX_FRAME);
	buf_init(&tmp, BUF_MAX_FRAME);
	if (!exec_expand(e, st->value, &value)) {
		v = VERDICT_ERROR;
		goto out;
	}
	what = st->name ? st->name : st->value;
	if (st->equals) {
		if (!exec_expand(e, st->equals, &tmp)) {
			v = VERDICT_ERROR;
			goto out;
		}
		v = exec_decide(e, exec_same_value(buf_str(&value), buf_str(&tmp)) ? VERDICT_PASS
			   : VERDICT_FAIL, buf_str(&tmp), buf_str(&value), 0, 0,
			   "%s equals", what);
		if (v != VERDICT_PASS)
			goto out;
	}
	if (st->one_of) {
		struct buf list;
		bool found = false;

		buf_init(&list, BUF_MAX_FRAME);
		for (size_t i = 0; st->one_of[i]; i++) {
			if (!exec_expand(e, st->one_of[i], &tmp)) {
				buf_release(&list);
				v = VERDICT_ERROR;
				goto out;
			}
			found |= exec_same_value(buf_str(&value), buf_str(&tmp));
			if (buf_appendf(&list, "%s%s", i ? ", " : "one of: ",
					buf_str(&tmp)))
				break; /* the list is only evidence */
		}
		v = exec_decide(e, found ? VERDICT_PASS : VERDICT_FAIL, buf_str(&list),
			   buf_str(&value), 0, 0, "%s is one of the allowed values",
			   what);
		buf_release(&list);
		if (v != VERDICT_PASS)
			goto out;
	}
	if (st->has_matches) {
		bool m = !regexec(&st->matches_re, buf_str(&value), 0, NULL, 0);

		v = exec_decide(e, m ? VERDICT_PASS : VERDICT_FAIL, st->matches,
			   buf_str(&value), 0, 0, "%s matches /%s/", what,
			   st->matches);
		if (v != VERDICT_PASS)
			goto out;
	}
	if (st->min || st->max)
		v = assert_range(e, st, buf_str(&value), &tmp);
out:
	buf_release(&value);
	buf_release(&tmp);
	return v;
}

/* ---- store, repeat ---- */

static enum verdict do_store(struct exec *e, const struct step *st)
{
	struct buf value;
	enum verdict v = VERDICT_PASS;

	buf_init(&value, BUF_MAX_FRAME);
	if (!exec_expand(e, st->value, &value))
		v = VERDICT_ERROR;
	else if (vars_set(st->run_scope ? e->run_vars : &e->vars, st->name,
			  buf_str(&value)))
		v = exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			   "cannot store %s: too many variables", st->name);
	buf_release(&value);
	return v;
}

static enum verdict run_steps(struct exec *e, const struct step *steps,
			      size_t n);

/* A count variable set without printf (once per iteration of a repeat). */
static int set_count(struct exec *e, const char *name, long v)
{
	char txt[24], tmp[24];
	size_t k = 0, w = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		tmp[k++] = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		txt[w++] = '-';
	while (k)
		txt[w++] = tmp[--k];
	txt[w] = 0;
	return vars_set(&e->vars, name, txt);
}

static enum verdict do_repeat(struct exec *e, const struct step *st)
{
	long count = st->max_iterations, i;
	struct vars_scope sc;
	char err[256];

	scope_of(e, &sc);
	if (st->count) {
		struct buf tmp;
		double d;

		buf_init(&tmp, 256);
		if (!exec_expand(e, st->count, &tmp)) {
			buf_release(&tmp);
			return VERDICT_ERROR;
		}
		if (!exec_quantity(e, "count", buf_str(&tmp), "", false, &d)) {
			buf_release(&tmp);
			return VERDICT_ERROR;
		}
		if (d < 0 || d > SUITE_MAX_REPEAT || d != floor(d)) {
			exec_decide(e, VERDICT_ERROR, NULL, buf_str(&tmp), 0, 0,
			       "repeat count '%s' is not a count", buf_str(&tmp));
			buf_release(&tmp);
			return VERDICT_ERROR;
		}
		count = (long)d;
		buf_release(&tmp);
	}
	for (i = 0; i < count; i++) {
		unsigned saved = e->step_no;
		enum verdict v;
		bool done = false;

		if (set_count(e, "repeat.index", i))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				      "too many variables");
		v = run_steps(e, st->steps, st->nsteps);
		e->step_no = saved;
		if (v != VERDICT_PASS)
			return v;
		if (st->until &&
		    vars_condition(&sc, st->until, &done, err, sizeof(err)))
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				      "suite: %s", err);
		if (done) {
			i++;
			break;
		}
	}
	if (vars_setf(&e->vars, "repeat.count", "%ld", i))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			      "too many variables");
	if (st->until && i == count) {
		bool done = false;

		vars_condition(&sc, st->until, &done, err, sizeof(err));
		if (!done)
			return exec_decide(e, VERDICT_FAIL, st->until, NULL, 0, 0,
				      "condition '%s' not met after %ld iterations",
				      st->until, i);
	}
	return VERDICT_PASS;
}

/* The steps see another link: each family takes its baselines there. */
static void links_entered(struct exec *e)
{
	for (size_t i = 0; step_family_at(i); i++)
		if (step_family_at(i)->link_enter)
			step_family_at(i)->link_enter(e);
}

/* on: the block's steps see the named link as their transport (its
 * received bytes, its GATT client); a failure of that link is its own: the
 * engine reopens it, the case's main link is left alone. */
static enum verdict do_on(struct exec *e, const struct step *st)
{
	struct exec_link *x = NULL;
	struct transport *t = e->t;
	struct rxq *rx = e->rx;
	void *client = e->client;
	unsigned mark = e->client_mark;
	int (*relink)(void *, const char *, char *, size_t) = e->relink;
	bool failed = e->link_failed;
	enum verdict v;

	for (size_t i = 0; i < e->nlinks; i++)
		if (!strcmp(e->links[i].id, st->link))
			x = &e->links[i];
	if (!x)
		return exec_decide(e, VERDICT_ERROR, st->link, NULL, 0, 0,
				   "link '%s' is not in the profile's links:", st->link);
	if (!x->t || !transport_is_open(x->t))
		return exec_decide(e, VERDICT_ERROR, "open", x->error, 0, 0,
				   "link '%s' unavailable: %s", st->link,
				   x->error && x->error[0] ? x->error : "not open");
	e->t = x->t;
	e->rx = x->rx;
	e->client = x->client;
	links_entered(e);
	e->relink = NULL; /* the link step reopens the main link only */
	e->link_failed = false;
	v = run_steps(e, st->steps, st->nsteps);
	if (e->link_failed)
		x->failed = true;
	e->link_failed = failed;
	e->t = t;
	e->rx = rx;
	e->client = client;
	e->client_mark = mark;
	e->relink = relink;
	return v;
}

static enum verdict run_steps(struct exec *e, const struct step *steps,
			      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct step *st = &steps[i];
		enum verdict v;

		e->step_no = st->line; /* steps are cited by source line */
		{
			const char *kind = step_kind_name(st->kind);
			size_t k = strnlen(kind, sizeof(e->stage) - 1);

			memcpy(e->stage, kind, k);
			e->stage[k] = 0;
		}
		if (e->stop && *e->stop)
			return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
					   "interrupted (signal %d) before this step",
					   (int)*e->stop);
		if (e->on_step)
			e->on_step(e->on_step_data, st);
		switch (st->kind) {
		case STEP_SEND:
			v = do_send(e, st);
			break;
		case STEP_EXPECT:
			v = do_expect(e, st);
			break;
		case STEP_SILENCE:
			v = do_silence(e, st);
			break;
		case STEP_ASSERT:
			v = do_assert(e, st);
			break;
		case STEP_STORE:
			v = do_store(e, st);
			break;
		case STEP_REPEAT:
			v = do_repeat(e, st);
			break;
		case STEP_ON:
			v = do_on(e, st);
			break;
		case STEP_DELAY:
			v = do_delay(e, st);
			break;
		case STEP_APPEND:
			v = exec_append_step(e, st);
			break;
		default: {
			const struct step_family *f = step_family_of(st->kind);

			v = f ? f->run(e, st)
			      : exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0, "unknown step kind");
		}
		}
		if (v != VERDICT_PASS)
			return v;
	}
	return VERDICT_PASS;
}

int exec_init(struct exec *e)
{
	vars_init(&e->vars);
	e->evidence = json_object_new_array();
	e->measurements = json_object_new_array();
	e->accuracy = json_object_new_array();
	e->verdict = VERDICT_NONE;
	e->reason[0] = 0;
	e->stage[0] = 0;
	e->link_failed = false;
	e->marginal = false;
	e->not_judged = false;
	e->conditional = false;
	e->conditional_why[0] = 0;
	e->evidence_dropped = 0;
	e->last_tx_ns = 0;
	buf_init(&e->expect_desc, 1024);
	e->expect_desc_for = NULL;
	e->step_no = 0;
	e->nlast_event = 0;
	e->http_last = NULL;
	e->http_srv = NULL;
	e->phd = NULL;
	links_entered(e);
	return e->evidence && e->measurements && e->accuracy ? CC_OK : CC_ENOMEM;
}

void exec_release(struct exec *e)
{
	for (size_t i = 0; step_family_at(i); i++)
		if (step_family_at(i)->case_end)
			step_family_at(i)->case_end(e);
	vars_release(&e->vars);
	buf_release(&e->expect_desc);
	e->expect_desc_for = NULL;
	json_object_put(e->evidence);
	json_object_put(e->measurements);
	json_object_put(e->accuracy);
	for (size_t i = 0; i < e->nlists; i++) {
		free(e->lists[i].name);
		free(e->lists[i].v);
	}
	e->nlists = 0;
	e->evidence = e->measurements = e->accuracy = NULL;
}

/* Cleanup steps get their own short budget (the case may have run out of
 * time) and leave the verdict and reason as the steps set them. */
static void run_cleanup(struct exec *e)
{
	enum verdict kept = e->verdict;
	char reason[sizeof(e->reason)];

	if (!e->tc->ncleanup || e->link_failed)
		return;
	memcpy(reason, e->reason, sizeof(reason));
	e->verdict = VERDICT_NONE;
	e->deadline_ns = mono_now_ns() + CLEANUP_BUDGET_NS;
	if (run_steps(e, e->tc->cleanup, e->tc->ncleanup) != VERDICT_PASS)
		exec_decide(e, VERDICT_NONE, NULL, NULL, 0, 0,
			    "cleanup did not complete: %s (the verdict stands)", e->reason);
	e->verdict = kept;
	memcpy(e->reason, reason, sizeof(reason));
}

/* An evaluation a step family wrote without judged figures (EC57, a fall
 * replay, a care day...) has no U: under a guard band its pass is a
 * conditional pass (docs/uncertainty.md); the entry says so. */
static void evaluations_without_u(struct exec *e)
{
	for (size_t i = 0; e->accuracy && i < json_object_array_length(e->accuracy); i++) {
		json_object *o = json_object_array_get_idx(e->accuracy, i), *v, *s, *w;
		const char *names[9];
		size_t nn = 0;
		char why[320];

		if (!json_object_is_type(o, json_type_object) ||
		    json_object_object_get_ex(o, "figures", NULL) ||
		    !json_object_object_get_ex(o, "verdict", &v) ||
		    strcmp(json_object_get_string(v), "pass"))
			continue;
		if (json_object_object_get_ex(o, "standard", &s) && json_object_is_type(s, json_type_string))
			names[nn++] = json_object_get_string(s);
		for (size_t k = 0; e->tc && k < e->tc->nreqs && nn < 9; k++)
			names[nn++] = e->tc->reqs[k].standard;
		if (mu_rule_for(e->profile ? e->profile->lab_iso : NULL, names, nn).rule !=
		    MU_GUARD_BAND)
			continue;
		snprintf(why, sizeof(why),
			 "conditional pass (ILAC-G8 guarded acceptance): the figures of %s have no "
			 "evaluated uncertainty, so no guard band can be applied",
			 nn && names[0] ? names[0] : "this evaluation");
		json_object_object_add(o, "verdict", json_object_new_string("inconclusive"));
		/* its criteria rows too: none may read as a pass */
		if (json_object_object_get_ex(o, "criteria", &s) &&
		    json_object_is_type(s, json_type_array))
			for (size_t k = 0; k < json_object_array_length(s); k++) {
				json_object *cr = json_object_array_get_idx(s, k), *cv;

				if (json_object_object_get_ex(cr, "verdict", &cv) &&
				    json_object_is_type(cv, json_type_string) &&
				    !strcmp(json_object_get_string(cv), "pass"))
					json_object_object_add(cr, "verdict",
							       json_object_new_string("inconclusive"));
			}
		if (json_object_object_get_ex(o, "why", &w) && json_object_is_type(w, json_type_string)) {
			char all[1024];

			snprintf(all, sizeof(all), "%s; %s", json_object_get_string(w), why);
			json_object_object_add(o, "why", json_object_new_string(all));
		}
		if (!e->conditional) {
			snprintf(e->conditional_why, sizeof(e->conditional_why), "%s", why);
			e->conditional = true;
		}
	}
}

enum verdict exec_run(struct exec *e)
{
	enum verdict v = run_steps(e, e->tc->steps, e->tc->nsteps);

	for (size_t i = 0; v == VERDICT_PASS && step_family_at(i); i++)
		if (step_family_at(i)->steps_end)
			v = step_family_at(i)->steps_end(e);
	if (v == VERDICT_PASS && e->verdict == VERDICT_NONE)
		evaluations_without_u(e);
	if (v == VERDICT_PASS && e->verdict == VERDICT_NONE && e->not_judged) {
		/* figures reported without limits judge nothing: the case
		 * must not read as a pass */
		e->verdict = VERDICT_NOT_JUDGED;
		snprintf(e->reason, sizeof(e->reason),
			 "report only: figures recorded, no limit judged them");
	} else if (v == VERDICT_PASS && e->verdict == VERDICT_NONE && e->conditional) {
		/* ILAC-G8 guarded acceptance: a conditional pass is no pass */
		e->verdict = VERDICT_INCONCLUSIVE;
		snprintf(e->reason, sizeof(e->reason), "%s", e->conditional_why);
	} else if (v == VERDICT_PASS && e->verdict == VERDICT_NONE) {
		e->verdict = VERDICT_PASS;
	}
	run_cleanup(e);
	if (e->evidence_dropped) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "line", json_object_new_int(0));
		json_object_object_add(o, "kind", json_object_new_string("note"));
		json_object_object_add(o, "verdict", json_object_new_string("none"));
		json_object_object_add(o, "message", json_object_new_string(
			"further evidence items not recorded (limit reached)"));
		json_object_object_add(o, "dropped",
				       json_object_new_uint64(e->evidence_dropped));
		json_object_array_add(e->evidence, o);
	}
	return e->verdict;
}
