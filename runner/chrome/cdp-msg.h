/* SPDX-License-Identifier: MIT */
/*
 * The Chrome DevTools Protocol's framing on --remote-debugging-pipe: each
 * message is one JSON object followed by a NUL byte. Pure, no I/O, so the
 * reader is fuzzed (tests/fuzz/fuzz-cdp.c): the browser renders pages the
 * device serves, and every byte it writes is treated as hostile.
 *
 * A struct cdp_reader collects bytes and hands out whole messages; a
 * message longer than its cap is refused (CC_ETOOBIG) and the link must
 * be given up, since the reader cannot find the next message's start.
 * cdp_parse() checks a message's shape: a reply {id, result|error, sessionId?}
 * or an event {method, params?, sessionId?}; anything else is CC_EPROTO.
 */
#ifndef CARECERT_CDP_MSG_H
#define CARECERT_CDP_MSG_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* One message at most: a full-page PNG screenshot in base64 fits. */
#define CDP_MAX_MESSAGE (32u * 1024u * 1024u)
/* json-c nesting depth for messages (axe results nest about 10 deep). */
#define CDP_MAX_DEPTH 64
/* What one read of the pipe may add. */
#define CDP_READ_CHUNK (64u * 1024u)

struct cdp_reader {
	struct buf in;	/* bytes not yet handed out */
	size_t scanned; /* bytes of in known to hold no NUL */
	size_t max;	/* the cap of one message */
};

/* max 0: CDP_MAX_MESSAGE. */
void cdp_reader_init(struct cdp_reader *r, size_t max);
void cdp_reader_release(struct cdp_reader *r);
/* Add at most CDP_READ_CHUNK bytes read from the pipe, then take every
 * whole message with cdp_reader_next before feeding again. CC_ETOOBIG when
 * more is buffered than a message and a chunk (the link must be given up),
 * CC_ENOMEM. */
int cdp_reader_feed(struct cdp_reader *r, const void *p, size_t n)
    __attribute__((warn_unused_result));
/* The next whole message (without its NUL) copied into out (reset first),
 * and 1; 0 when none is complete yet; CC_ETOOBIG / CC_ENOMEM. */
int cdp_reader_next(struct cdp_reader *r, struct buf *out)
    __attribute__((warn_unused_result));

struct cdp_msg {
	json_object *root;   /* owned: cdp_msg_release() */
	int64_t id;	     /* a reply: > 0; an event: 0 */
	const char *method;  /* an event's method, else NULL */
	const char *session; /* sessionId or NULL */
	json_object *result; /* a reply's result (borrowed from root) */
	json_object *params; /* an event's params, may be NULL */
	const char *error;   /* a reply's error message, else NULL */
};

/* Parse and check one message of len bytes (not NUL-terminated needed).
 * CC_OK with m filled, CC_EPROTO (not JSON, or the wrong shape). */
int cdp_parse(const char *p, size_t len, struct cdp_msg *m);
void cdp_msg_release(struct cdp_msg *m);

#endif
