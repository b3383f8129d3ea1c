/* SPDX-License-Identifier: MIT */
/*
 * The traffic log: every frame in each direction, and the run's events
 * (case start/end, link open/close, faults), as JSON Lines. Lines reach
 * the file with write(2) (no stdio buffer): an event at once, frames in
 * batches written at the latest when trafficlog_flush is called — the
 * engine calls it before it decides a verdict, so every frame a recorded
 * verdict cites is in the file — and otherwise when a batch is full (64 KiB)
 * or a frame comes 50 ms after the last write. A runner killed mid-case
 * loses at most that case's last unwritten batch. Format:
 * docs/traffic-log.md.
 */
#ifndef CARECERT_TRAFFICLOG_H
#define CARECERT_TRAFFICLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport/transport.h"

struct trafficlog;

/* Create (truncate) the log file. NULL with errno set on failure. */
struct trafficlog *trafficlog_open(const char *path);
/* fsync and close; returns CC_OK or CC_EIO. NULL-safe. */
int trafficlog_close(struct trafficlog *l);

/* The case frames and events belong to from now on (NULL: none). */
void trafficlog_set_case(struct trafficlog *l, const char *case_id);

/* Log a frame; dir is "tx" or "rx". ref must be stamped already. */
void trafficlog_frame(struct trafficlog *l, const char *dir,
		      const uint8_t *p, size_t n, const struct frame_ref *ref);
/* The same for a frame of another link than the DUT's (a reference
 * instrument): the entry names it as "link". */
void trafficlog_frame_on(struct trafficlog *l, const char *link, const char *dir,
			 const uint8_t *p, size_t n, const struct frame_ref *ref);
/* Log an event such as "open", "close", "case-start", "verdict". */
void trafficlog_event(struct trafficlog *l, const char *event,
		      const char *detail);

/* An event stamped by ref (trafficlog_next_seq and the caller's clocks),
 * batched with the frames instead of written at once: many of them, such
 * as a load step's one line per request. */
void trafficlog_note(struct trafficlog *l, const char *event, const char *detail,
		     const struct frame_ref *ref);

/* Told of each frame once it is logged, on the thread that logged it
 * (frames of an HTTP server come from its own thread): the link's name
 * (NULL: the DUT's main link), "tx" or "rx", the bytes as logged and the
 * stamp. `carecert run --verbose` shows frames this way (core/console.h).
 * fn NULL: no one. */
typedef void (*trafficlog_watch_fn)(void *data, const char *link, const char *dir,
				    const uint8_t *p, size_t n, const struct frame_ref *ref);
void trafficlog_set_watch(struct trafficlog *l, trafficlog_watch_fn fn, void *data);

/* Write the frame lines waiting (a failure is kept for trafficlog_failed).
 * NULL-safe. */
void trafficlog_flush(struct trafficlog *l);

/* Next sequence number; shared by frames and events. */
uint64_t trafficlog_next_seq(struct trafficlog *l);

/* Whether a frame or event could not be written (disk full, I/O error):
 * the log then ends, whole, at the last line written, and why names the
 * first frame lost and the error. */
bool trafficlog_failed(const struct trafficlog *l, char *why, size_t len);

#endif
