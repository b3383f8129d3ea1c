/* SPDX-License-Identifier: MIT */
#include "transport/trafficlog.h"
#include "base/clock.h"
#include "base/err.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Frame lines are gathered and written together: at the latest before a
 * verdict is decided (trafficlog_flush from the engine), with every event,
 * when the batch is full, and when a frame comes TRAFFICLOG_BATCH_NS after
 * the last write (so a slow device's frames are written as they come). Two
 * write(2)s to the file per serial round trip were a third of its CPU. */
#define TRAFFICLOG_BATCH 65536
#define TRAFFICLOG_BATCH_NS (50 * 1000000LL)

struct trafficlog {
	int fd;
	uint64_t seq;
	char case_id[128];
	/* `,"case":"<id escaped>"` (empty between cases), made once per case
	 * rather than on every frame */
	char case_member[128 * 6 + 16];
	size_t case_member_len;
	int write_failed;
	off_t good;          /* the file's length after the last whole line */
	char why[200];       /* the first loss: which frame, what error */
	trafficlog_watch_fn watch;
	void *watch_data;
	int64_t flushed_ns;  /* monotonic time of the last write (a frame's stamp) */
	size_t used;         /* bytes of whole lines waiting in batch */
	char batch[TRAFFICLOG_BATCH];
};

void trafficlog_set_watch(struct trafficlog *l, trafficlog_watch_fn fn, void *data)
{
	l->watch = fn;
	l->watch_data = data;
}

struct trafficlog *trafficlog_open(const char *path)
{
	struct trafficlog *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND,
		     0644);
	if (l->fd < 0) {
		int e = errno;

		free(l);
		errno = e;
		return NULL;
	}
	return l;
}

int trafficlog_close(struct trafficlog *l)
{
	int rc = CC_OK;

	if (!l)
		return CC_OK;
	trafficlog_flush(l);
	if (fsync(l->fd) || close(l->fd) || l->write_failed)
		rc = CC_EIO;
	free(l);
	return rc;
}

static char *put_json_str(char *w, const char *s, size_t n);

void trafficlog_set_case(struct trafficlog *l, const char *case_id)
{
	size_t n;

	if (!l)
		return;
	snprintf(l->case_id, sizeof(l->case_id), "%s", case_id ? case_id : "");
	l->case_member_len = 0;
	if ((n = strlen(l->case_id))) {
		memcpy(l->case_member, ",\"case\":", 8);
		l->case_member_len =
		    (size_t)(put_json_str(l->case_member + 8, l->case_id, n) -
			     l->case_member);
	}
}

/* format_utc's text as a JSON string: its characters need no escape */
static char *put_utc(char *w, const struct timespec *wall)
{
	char utc[32];
	size_t n;

	format_utc(wall, utc);
	n = strlen(utc);
	*w++ = '"';
	memcpy(w, utc, n);
	w += n;
	*w++ = '"';
	return w;
}

uint64_t trafficlog_next_seq(struct trafficlog *l)
{
	return ++l->seq;
}

/* Remember the first loss: the frame (or event) that could not be written. */
/* seq: the frame's, or 0 for an event */
static void lost(struct trafficlog *l, uint64_t seq, const char *err)
{
	l->write_failed = 1;
	if (seq)
		snprintf(l->why, sizeof(l->why), "frame %llu and everything after it lost: %s",
			 (unsigned long long)seq, err);
	else
		snprintf(l->why, sizeof(l->why), "an event and everything after it lost: %s", err);
}

bool trafficlog_failed(const struct trafficlog *l, char *why, size_t len)
{
	if (!l || !l->write_failed)
		return false;
	snprintf(why, len, "%s", l->why[0] ? l->why : "a write failed");
	return true;
}

/* The sequence number a line starts with ({"seq":N,...), and whether it
 * is an event's: to name the first line a failed write lost. */
static uint64_t line_seq(const char *p, size_t n, bool *event)
{
	static const char ev[] = ",\"dir\":\"event\"";
	uint64_t seq = 0;
	size_t i = 7;

	*event = false;
	if (n < 8 || memcmp(p, "{\"seq\":", 7))
		return 0;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		seq = seq * 10 + (uint64_t)(p[i++] - '0');
	*event = n - i >= sizeof(ev) - 1 && !memcmp(p + i, ev, sizeof(ev) - 1);
	return seq;
}

/* Whole lines (each newline included) to the file with one write(2). A
 * short or failed write keeps the whole lines that reached the file and
 * cuts the partial one: the log stays valid JSON Lines, ending at its
 * first loss. */
static void write_lines(struct trafficlog *l, const char *p, size_t n)
{
	const char *end;
	ssize_t w;
	bool event;
	uint64_t seq;
	char err[120];

	if (l->write_failed || !n) /* the log ends at its first loss, whole */
		return;
	w = write(l->fd, p, n);
	if (w == (ssize_t)n) {
		l->good += w;
		return;
	}
	snprintf(err, sizeof(err), "%s", w < 0 ? strerror(errno) : "short write (disk full?)");
	for (end = w > 0 ? p + w - 1 : NULL; end && end >= p && *end != '\n'; end--)
		;
	if (end && end >= p) {
		l->good += end + 1 - p;
		n -= (size_t)(end + 1 - p);
		p = end + 1;
	}
	seq = line_seq(p, n, &event);
	lost(l, event ? 0 : seq, err);
	if (ftruncate(l->fd, l->good))
		l->good = -1;
}

void trafficlog_flush(struct trafficlog *l)
{
	if (!l || !l->used)
		return;
	write_lines(l, l->batch, l->used);
	l->used = 0;
}

/* One whole line, after the lines waiting: written now when now_ns is 0
 * (an event), else batched. */
static void put_line(struct trafficlog *l, const char *line, size_t n, int64_t now_ns)
{
	if (l->write_failed)
		return;
	if (n > sizeof(l->batch) - l->used)
		trafficlog_flush(l);
	if (n > sizeof(l->batch)) {
		write_lines(l, line, n);
		return;
	}
	if (line != l->batch + l->used)
		memcpy(l->batch + l->used, line, n);
	l->used += n;
	if (!now_ns || now_ns - l->flushed_ns >= TRAFFICLOG_BATCH_NS) {
		trafficlog_flush(l);
		l->flushed_ns = now_ns;
	}
}

/* One JSON object per line (events: rare, json-c builds them). */
static void emit(struct trafficlog *l, json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(s);
	char *line = malloc(n + 2);

	if (line) {
		memcpy(line, s, n);
		line[n] = '\n';
		put_line(l, line, n + 1, 0);
		free(line);
	} else if (!l->write_failed) {
		lost(l, 0, "out of memory");
	}
	json_object_put(o);
}

/* A JSON string, escaped as json-c writes it (NOSLASHESCAPE); room for 6
 * bytes per input byte is the caller's. */
static char *put_json_str(char *w, const char *s, size_t n)
{
	static const char hexd[] = "0123456789abcdef";

	*w++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': *w++ = '\\'; *w++ = '"'; break;
		case '\\': *w++ = '\\'; *w++ = '\\'; break;
		case '\n': *w++ = '\\'; *w++ = 'n'; break;
		case '\r': *w++ = '\\'; *w++ = 'r'; break;
		case '\t': *w++ = '\\'; *w++ = 't'; break;
		case '\b': *w++ = '\\'; *w++ = 'b'; break;
		case '\f': *w++ = '\\'; *w++ = 'f'; break;
		default:
			if (c < 0x20) {
				memcpy(w, "\\u00", 4);
				w[4] = hexd[c >> 4];
				w[5] = hexd[c & 15];
				w += 6;
			} else {
				*w++ = (char)c;
			}
		}
	}
	*w++ = '"';
	return w;
}

/* Decimal digits by hand: three snprintf calls a line were a tenth of it. */
static char *put_u64(char *w, uint64_t v)
{
	char tmp[20];
	size_t k = 0;

	do
		tmp[k++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (k)
		*w++ = tmp[--k];
	return w;
}

static char *put_i64(char *w, int64_t v)
{
	if (v < 0) {
		*w++ = '-';
		return put_u64(w, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(w, (uint64_t)v);
}

static void add_times(json_object *o, int64_t mono_ns,
		      const struct timespec *wall)
{
	char utc[32];

	json_object_object_add(o, "mono_ns", json_object_new_int64(mono_ns));
	format_utc(wall, utc);
	json_object_object_add(o, "wall", json_object_new_string(utc));
}

static bool printable(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] > 0x7E) && p[i] != '\r' &&
		    p[i] != '\n' && p[i] != '\t')
			return false;
	return true;
}

void trafficlog_frame(struct trafficlog *l, const char *dir,
		      const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	trafficlog_frame_on(l, NULL, dir, p, n, ref);
}

/* A frame line is formatted directly (json-c's object building was over
 * half of a serial round trip's CPU); the same members, in the same order
 * and escaping, as emit() would write. */
void trafficlog_frame_on(struct trafficlog *l, const char *link, const char *dir,
			 const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	static const char hexd[] = "0123456789abcdef";
	size_t linklen = link ? strlen(link) : 0, cap;
	char *line, *w;
	bool heap;

	if (!l)
		return;
	if (l->write_failed)
		goto watch;
	cap = 160 + strlen(dir) * 6 + linklen * 6 + l->case_member_len + n * 2 + n * 6;
	if (cap > sizeof(l->batch) - l->used && cap <= sizeof(l->batch))
		trafficlog_flush(l);
	/* formatted in place at the batch's end when it fits */
	heap = cap > sizeof(l->batch) - l->used;
	line = heap ? malloc(cap) : l->batch + l->used;
	if (!line) {
		lost(l, ref->seq, "out of memory");
		goto watch;
	}
	memcpy(line, "{\"seq\":", 7);
	w = put_u64(line + 7, ref->seq);
	memcpy(w, ",\"dir\":", 7);
	w = put_json_str(w + 7, dir, strlen(dir));
	if (link) {
		memcpy(w, ",\"link\":", 8);
		w = put_json_str(w + 8, link, linklen);
	}
	memcpy(w, ",\"mono_ns\":", 11);
	w = put_i64(w + 11, ref->mono_ns);
	memcpy(w, ",\"wall\":", 8);
	w = put_utc(w + 8, &ref->wall);
	memcpy(w, l->case_member, l->case_member_len);
	w += l->case_member_len;
	memcpy(w, ",\"len\":", 7);
	w = put_u64(w + 7, n);
	memcpy(w, ",\"hex\":\"", 8);
	w += 8;
	for (size_t i = 0; i < n; i++) {
		*w++ = hexd[p[i] >> 4];
		*w++ = hexd[p[i] & 15];
	}
	*w++ = '"';
	if (printable(p, n)) {
		memcpy(w, ",\"text\":", 8);
		w = put_json_str(w + 8, (const char *)p, n);
	}
	*w++ = '}';
	*w++ = '\n';
	put_line(l, line, (size_t)(w - line), ref->mono_ns ? ref->mono_ns : 1);
	if (heap)
		free(line);
watch:
	if (l->watch)
		l->watch(l->watch_data, link, dir, p, n, ref);
}

void trafficlog_event(struct trafficlog *l, const char *event,
		      const char *detail)
{
	struct timespec wall;
	json_object *o;

	if (!l)
		return;
	o = json_object_new_object();
	if (!o)
		return;
	wall_now(&wall);
	json_object_object_add(o, "seq", json_object_new_uint64(++l->seq));
	json_object_object_add(o, "dir", json_object_new_string("event"));
	add_times(o, mono_now_ns(), &wall);
	if (l->case_id[0])
		json_object_object_add(o, "case",
				       json_object_new_string(l->case_id));
	json_object_object_add(o, "event", json_object_new_string(event));
	if (detail)
		json_object_object_add(o, "detail",
				       json_object_new_string(detail));
	emit(l, o);
}

/* An event stamped by the caller and batched like a frame, formatted as
 * emit() would write it (seq, dir, mono_ns, wall, case, event, detail). */
void trafficlog_note(struct trafficlog *l, const char *event, const char *detail,
		     const struct frame_ref *ref)
{
	size_t elen, dlen, cap;
	char *line, *w;
	bool heap;

	if (!l || l->write_failed)
		return;
	elen = strlen(event);
	dlen = detail ? strlen(detail) : 0;
	cap = 160 + l->case_member_len + elen * 6 + dlen * 6;
	if (cap > sizeof(l->batch) - l->used && cap <= sizeof(l->batch))
		trafficlog_flush(l);
	heap = cap > sizeof(l->batch) - l->used;
	line = heap ? malloc(cap) : l->batch + l->used;
	if (!line) {
		lost(l, 0, "out of memory");
		return;
	}
	memcpy(line, "{\"seq\":", 7);
	w = put_u64(line + 7, ref->seq);
	memcpy(w, ",\"dir\":\"event\",\"mono_ns\":", 25);
	w = put_i64(w + 25, ref->mono_ns);
	memcpy(w, ",\"wall\":", 8);
	w = put_utc(w + 8, &ref->wall);
	memcpy(w, l->case_member, l->case_member_len);
	w += l->case_member_len;
	memcpy(w, ",\"event\":", 9);
	w = put_json_str(w + 9, event, elen);
	if (detail) {
		memcpy(w, ",\"detail\":", 10);
		w = put_json_str(w + 10, detail, dlen);
	}
	*w++ = '}';
	*w++ = '\n';
	put_line(l, line, (size_t)(w - line), ref->mono_ns ? ref->mono_ns : 1);
	if (heap)
		free(line);
}
