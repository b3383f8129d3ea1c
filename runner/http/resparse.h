/* SPDX-License-Identifier: MIT */
/*
 * One HTTP/1.1 response read off a byte stream (libhttp_parser), bounded:
 * the head is rebuilt from the parsed status line and header lines into
 * `head` (CRLF-ended lines, a blank line last; at most HTTP_MAX_HEADERS
 * bytes, or RESPARSE_ERROR; a chunked body's trailer is read, not kept), the body (content-length, chunked, or up to
 * the end of the stream) goes into `body` up to HTTP_MAX_BODY bytes and is
 * counted beyond. Interim 1xx responses are passed over. Memory never grows
 * with what the peer sends: only the two capped buffers hold anything.
 *
 * The caller owns head and body (struct buf, see base/buf.h) and keeps them
 * alive while the parser is in use. No allocation of its own.
 */
#ifndef CARECERT_HTTP_RESPARSE_H
#define CARECERT_HTTP_RESPARSE_H

#include <http_parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum resparse_state {
	RESPARSE_MORE,  /* the response is not complete yet */
	RESPARSE_DONE,  /* a whole response: status, head and body are final */
	RESPARSE_ERROR, /* malformed, over a bound, or cut short; see error */
};

struct resparse {
	http_parser p;
	struct buf *head, *body;
	size_t body_total; /* body bytes received, kept or not */
	long status;
	enum { AT_STATUS, AT_FIELD, AT_VALUE, AT_NEW } at; /* the head line in progress */
	bool status_line, done, over;
	char error[128];
};

/* Ready for a new response into head and body (both emptied). */
void resparse_start(struct resparse *rp, struct buf *head, struct buf *body);

/* Feed n bytes. *used: how many belonged to this response (on DONE, the
 * rest came after it). Once DONE or ERROR, the state stays. */
enum resparse_state resparse_feed(struct resparse *rp, const uint8_t *data, size_t n,
				  size_t *used);

/* The stream ended: DONE when the response ends there (a body read up to
 * the close), ERROR when it was cut short, MORE never. */
enum resparse_state resparse_eof(struct resparse *rp);

/* After DONE: whether the connection may carry the next request. */
bool resparse_keep_alive(const struct resparse *rp);

#endif
