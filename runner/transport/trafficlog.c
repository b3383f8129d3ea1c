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

struct trafficlog {
	int fd;
	uint64_t seq;
	char case_id[128];
	int write_failed;
	off_t good;          /* the file's length after the last whole line */
	char why[200];       /* the first loss: which frame, what error */
	trafficlog_watch_fn watch;
	void *watch_data;
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
	if (fsync(l->fd) || close(l->fd) || l->write_failed)
		rc = CC_EIO;
	free(l);
	return rc;
}

void trafficlog_set_case(struct trafficlog *l, const char *case_id)
{
	if (!l)
		return;
	snprintf(l->case_id, sizeof(l->case_id), "%s", case_id ? case_id : "");
}

uint64_t trafficlog_next_seq(struct trafficlog *l)
{
	return ++l->seq;
}

/* Remember the first loss: the frame (or event) that could not be written. */
static void lost(struct trafficlog *l, json_object *o, const char *err)
{
	json_object *seq = NULL;

	l->write_failed = 1;
	if (o && json_object_object_get_ex(o, "seq", &seq))
		snprintf(l->why, sizeof(l->why), "frame %llu and everything after it lost: %s",
			 (unsigned long long)json_object_get_uint64(seq), err);
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

/* One JSON object per line, written with a single write(2). */
static void emit(struct trafficlog *l, json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(s);
	char *line = malloc(n + 2);

	if (l->write_failed) { /* the log ends at its first loss, whole */
		free(line);
		json_object_put(o);
		return;
	}
	if (line) {
		ssize_t w;

		memcpy(line, s, n);
		line[n] = '\n';
		w = write(l->fd, line, n + 1);
		if (w == (ssize_t)(n + 1)) {
			l->good += w;
		} else {
			lost(l, o, w < 0 ? strerror(errno) : "short write (disk full?)");
			/* cut a partial line: the log stays valid JSON Lines */
			if (ftruncate(l->fd, l->good))
				l->good = -1;
		}
		free(line);
	} else {
		lost(l, o, "out of memory");
	}
	json_object_put(o);
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

void trafficlog_frame_on(struct trafficlog *l, const char *link, const char *dir,
			 const uint8_t *p, size_t n, const struct frame_ref *ref)
{
	static const char hexd[] = "0123456789abcdef";
	json_object *o;
	char *hex;

	if (!l)
		return;
	o = json_object_new_object();
	hex = malloc(n * 2 + 1);
	if (!o || !hex) {
		json_object_put(o);
		free(hex);
		if (!l->write_failed)
			lost(l, NULL, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = hexd[p[i] >> 4];
		hex[2 * i + 1] = hexd[p[i] & 15];
	}
	hex[2 * n] = 0;
	json_object_object_add(o, "seq", json_object_new_uint64(ref->seq));
	json_object_object_add(o, "dir", json_object_new_string(dir));
	if (link)
		json_object_object_add(o, "link", json_object_new_string(link));
	add_times(o, ref->mono_ns, &ref->wall);
	if (l->case_id[0])
		json_object_object_add(o, "case",
				       json_object_new_string(l->case_id));
	json_object_object_add(o, "len", json_object_new_uint64(n));
	json_object_object_add(o, "hex", json_object_new_string(hex));
	if (printable(p, n))
		json_object_object_add(o, "text",
				       json_object_new_string_len((const char *)p,
								  (int)n));
	free(hex);
	emit(l, o);
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
