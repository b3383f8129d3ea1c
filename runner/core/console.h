/* SPDX-License-Identifier: MIT */
/*
 * What a run shows as it goes: one line per case on the progress stream
 * (stdout; as before, and all there is when it is not a terminal, as in
 * CI) and, with --verbose, each frame on the frames stream (stderr) as it
 * passes: time, sequence number, link, direction, length and the bytes,
 * masked (secret values and protocol credentials, base/redact.h), escaped
 * (no control byte reaches the terminal: device bytes are hostile) and
 * bounded to CONSOLE_FRAME_SHOWN bytes.
 *
 * When the progress stream is a terminal, a status line also says what a
 * case is waiting for — its id, the step (kind and suite line) and the
 * time since the case began — rewritten in place every CONSOLE_TICK_MS
 * by a thread, once a case has taken CONSOLE_LIVE_AFTER_MS, and erased
 * before anything else is written. It uses only '\r' and spaces (no
 * escape sequences) and fits the terminal's width.
 *
 * One lock orders the writers: frames may be logged from another thread
 * (an HTTP server's). No colour is used, so NO_COLOR has nothing to turn
 * off.
 */
#ifndef CARECERT_CONSOLE_H
#define CARECERT_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "transport/transport.h"

#define CONSOLE_FRAME_SHOWN 160 /* bytes of a frame --verbose shows */
#define CONSOLE_TICK_MS 200        /* the status line's refresh */
#define CONSOLE_LIVE_AFTER_MS 500  /* a quicker case shows no status line */

struct console;

/* progress: per-case lines, NULL for none (--quiet); frames: where
 * --verbose shows frames, NULL for none. secrets (NULL-terminated, may be
 * NULL) are copied. NULL on out of memory. */
struct console *console_new(FILE *progress, FILE *frames, char *const *secrets);
void console_free(struct console *c); /* NULL-safe */

/* A case began, reached a step, ended: what the status line shows. */
void console_case_begin(struct console *c, const char *case_id);
void console_step(struct console *c, const char *kind, unsigned line);
void console_case_end(struct console *c);

/* A line on the progress stream (nothing when it is NULL). */
void console_printf(struct console *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A frame as --verbose shows it; a trafficlog_watch_fn (data: the
 * console). link NULL: the DUT's main link, shown as "dut". */
void console_frame(void *data, const char *link, const char *dir, const uint8_t *p,
		   size_t n, const struct frame_ref *ref);

/* The text console_frame writes for one frame, without the newline, into
 * out (len bytes, NUL-terminated); for tests. */
void console_format_frame(char *const *secrets, int64_t t0_ns, const char *link,
			  const char *dir, const uint8_t *p, size_t n,
			  const struct frame_ref *ref, char *out, size_t len);

#endif
