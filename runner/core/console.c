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
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

struct console {
	pthread_mutex_t lock;
	FILE *progress, *frames;
	char **secrets;
	int64_t t0_ns; /* frames are timed from here */

	/* the status line (live: progress is a terminal), under lock */
	bool live;
	pthread_t ticker;
	pthread_cond_t wake;
	bool stop;
	bool in_case;
	char case_id[128];
	char step[32];
	unsigned step_line;
	int64_t case_start_ns;
	size_t shown; /* columns of status line on the terminal now */
};

static size_t term_width(FILE *f)
{
	struct winsize ws;

	if (!ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

/* Under lock. */
static void status_clear(struct console *c)
{
	if (!c->shown)
		return;
	fprintf(c->progress, "\r%*s\r", (int)c->shown, "");
	fflush(c->progress);
	c->shown = 0;
}

/* Under lock: the status line, over the one shown (its rest padded out).
 * Never the last column: a full line would wrap. */
static void status_draw(struct console *c)
{
	char line[512];
	size_t width = term_width(c->progress) - 1, n;
	double secs = (double)(mono_now_ns() - c->case_start_ns) / 1e9;

	if (c->step[0])
		snprintf(line, sizeof(line), "  %s  %s (line %u)  %.1f s", c->case_id, c->step,
			 c->step_line, secs);
	else
		snprintf(line, sizeof(line), "  %s  %.1f s", c->case_id, secs);
	n = strlen(line);
	if (n > width)
		line[n = width] = 0;
	fprintf(c->progress, "\r%s%*s", line, c->shown > n ? (int)(c->shown - n) : 0, "");
	if (c->shown > n) /* back over the padding */
		fprintf(c->progress, "\r%s", line);
	fflush(c->progress);
	c->shown = n;
}

static void *ticker(void *arg)
{
	struct console *c = arg;
	struct timespec ts;

	pthread_mutex_lock(&c->lock);
	while (!c->stop) {
		if (c->in_case &&
		    mono_now_ns() - c->case_start_ns >= CONSOLE_LIVE_AFTER_MS * NSEC_PER_MSEC)
			status_draw(c);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += CONSOLE_TICK_MS * NSEC_PER_MSEC;
		ts.tv_sec += ts.tv_nsec / NSEC_PER_SEC;
		ts.tv_nsec %= NSEC_PER_SEC;
		pthread_cond_timedwait(&c->wake, &c->lock, &ts);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* The status line only on a terminal, and only if its thread starts. */
static void live_start(struct console *c)
{
	pthread_condattr_t attr;

	if (!c->progress || !isatty(fileno(c->progress)))
		return;
	if (pthread_condattr_init(&attr))
		return;
	if (!pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) &&
	    !pthread_cond_init(&c->wake, &attr)) {
		if (!pthread_create(&c->ticker, NULL, ticker, c))
			c->live = true;
		else
			pthread_cond_destroy(&c->wake);
	}
	pthread_condattr_destroy(&attr);
}

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
	live_start(c);
	return c;
}

void console_free(struct console *c)
{
	if (!c)
		return;
	if (c->live) {
		pthread_mutex_lock(&c->lock);
		c->stop = true;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->ticker, NULL);
		pthread_cond_destroy(&c->wake);
		status_clear(c);
	}
	pthread_mutex_destroy(&c->lock);
	strv_free(c->secrets);
	free(c);
}

void console_case_begin(struct console *c, const char *case_id)
{
	if (!c->live)
		return;
	pthread_mutex_lock(&c->lock);
	c->in_case = true;
	snprintf(c->case_id, sizeof(c->case_id), "%s", case_id);
	c->step[0] = 0;
	c->step_line = 0;
	c->case_start_ns = mono_now_ns();
	pthread_mutex_unlock(&c->lock);
}

void console_step(struct console *c, const char *kind, unsigned line)
{
	if (!c->live)
		return;
	pthread_mutex_lock(&c->lock);
	snprintf(c->step, sizeof(c->step), "%s", kind);
	c->step_line = line;
	pthread_mutex_unlock(&c->lock);
}

void console_case_end(struct console *c)
{
	if (!c->live)
		return;
	pthread_mutex_lock(&c->lock);
	c->in_case = false;
	status_clear(c);
	pthread_mutex_unlock(&c->lock);
}

void console_printf(struct console *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->progress)
		return;
	pthread_mutex_lock(&c->lock);
	status_clear(c);
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
	if (c->live)
		status_clear(c); /* stdout and stderr may be one terminal */
	fprintf(c->frames, "%s\n", line);
	fflush(c->frames);
	pthread_mutex_unlock(&c->lock);
}
