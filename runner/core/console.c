/* SPDX-License-Identifier: MIT */
#include "core/console.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/redact.h"
#include "base/ydoc.h"
#include "core/exec.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct console {
	pthread_mutex_t lock;
	FILE *progress, *frames;
	char **secrets;
	int64_t t0_ns; /* frames are timed from here */
};

struct console *console_new(FILE *progress, FILE *frames, char *const *secrets)
{
	struct console *c = calloc(1, sizeof(*c));
	size_t n = strv_len(secrets);

	if (!c)
		return NULL;
	c->secrets = calloc(n + 1, sizeof(*c->secrets));
	for (size_t i = 0; c->secrets && i < n; i++)
		if (!(c->secrets[i] = strdup(secrets[i]))) {
			strv_free(c->secrets);
			c->secrets = NULL;
		}
	if (!c->secrets || pthread_mutex_init(&c->lock, NULL)) {
		strv_free(c->secrets);
		free(c);
		return NULL;
	}
	c->progress = progress;
	c->frames = frames;
	c->t0_ns = mono_now_ns();
	return c;
}

void console_free(struct console *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	strv_free(c->secrets);
	free(c);
}

void console_printf(struct console *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->progress)
		return;
	pthread_mutex_lock(&c->lock);
	va_start(ap, fmt);
	vfprintf(c->progress, fmt, ap);
	va_end(ap);
	fflush(c->progress);
	pthread_mutex_unlock(&c->lock);
}

/* A frame of a binary protocol (ATT PDUs, binary serial records) reads
 * better as hex than as escapes. */
static bool mostly_binary(const uint8_t *p, size_t n)
{
	size_t odd = 0;

	for (size_t i = 0; i < n; i++)
		if ((p[i] < 0x20 || p[i] > 0x7E) && p[i] != '\r' && p[i] != '\n' && p[i] != '\t')
			odd++;
	return odd * 4 > n;
}

static void hex_bytes(const uint8_t *p, size_t n, size_t max, struct buf *out)
{
	int rc = 0;

	for (size_t i = 0; i < n && i < max && !rc; i++)
		rc = buf_appendf(out, "%s%02x", i ? " " : "[", p[i]);
	if (!rc)
		rc = buf_append_str(out, n > max ? " ...]" : "]");
	(void)rc; /* a cut quote still shows what came */
}

void console_format_frame(char *const *secrets, int64_t t0_ns, const char *link,
			  const char *dir, const uint8_t *p, size_t n,
			  const struct frame_ref *ref, char *out, size_t len)
{
	struct buf masked, shown;
	const char *text;

	/* mask the whole frame before cutting it: a secret across the cut
	 * must not show by half */
	buf_init(&masked, BUF_MAX_RX);
	buf_init(&shown, 8 * CONSOLE_FRAME_SHOWN);
	if (redact_bytes(p, n, secrets, true, &masked)) {
		text = "(not shown: cannot mask it)";
	} else if (mostly_binary(masked.data, masked.len)) {
		hex_bytes(masked.data, masked.len, CONSOLE_FRAME_SHOWN, &shown);
		text = buf_str(&shown);
	} else {
		escape_bytes(masked.data ? masked.data : (const uint8_t *)"", masked.len,
			     CONSOLE_FRAME_SHOWN, &shown);
		text = buf_str(&shown);
	}
	snprintf(out, len, "%9.3f #%-6llu %-8s %s %5zu B  %s",
		 (double)(ref->mono_ns - t0_ns) / 1e9, (unsigned long long)ref->seq,
		 link ? link : "dut", dir, n, text);
	buf_release(&masked);
	buf_release(&shown);
}

void console_frame(void *data, const char *link, const char *dir, const uint8_t *p,
		   size_t n, const struct frame_ref *ref)
{
	struct console *c = data;
	char line[64 + 8 * CONSOLE_FRAME_SHOWN];

	if (!c->frames)
		return;
	console_format_frame(c->secrets, c->t0_ns, link, dir, p, n, ref, line, sizeof(line));
	pthread_mutex_lock(&c->lock);
	fprintf(c->frames, "%s\n", line);
	fflush(c->frames);
	pthread_mutex_unlock(&c->lock);
}
