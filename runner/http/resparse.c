/* SPDX-License-Identifier: MIT */
/*
 * A bounded HTTP/1.1 response reader over libhttp_parser (the parser wrk
 * uses): the library does the framing (content-length, chunked, close),
 * this module keeps what the log and the checks need within fixed caps.
 */
#include "http/resparse.h"
#include "http/http.h"

#include <stdio.h>
#include <string.h>

static struct resparse *rp_of(http_parser *p)
{
	return (struct resparse *)p->data;
}

/* Append to the head within HTTP_MAX_HEADERS; nonzero stops the parser. */
static int head_add(struct resparse *rp, const char *s, size_t n)
{
	if (rp->head->len + n > HTTP_MAX_HEADERS || buf_append(rp->head, s, n)) {
		rp->over = true;
		return 1;
	}
	return 0;
}

/* The status line is opened before anything that follows it (a reason
 * phrase may be absent: then on_status never comes). */
static int status_open(struct resparse *rp)
{
	char line[48];
	int n;

	if (rp->status_line)
		return 0;
	rp->status_line = true;
	n = snprintf(line, sizeof(line), "HTTP/%u.%u %u ", rp->p.http_major, rp->p.http_minor,
		     rp->p.status_code);
	return head_add(rp, line, (size_t)n);
}

/* End the line in progress: the status line or a header line. */
static int line_close(struct resparse *rp)
{
	if (rp->at == AT_STATUS && status_open(rp))
		return 1;
	return rp->at == AT_NEW ? 0 : head_add(rp, "\r\n", 2);
}

static int on_message_begin(http_parser *p)
{
	struct resparse *rp = rp_of(p);

	/* after an interim 1xx: only the final response's head counts */
	buf_reset(rp->head);
	rp->status_line = false;
	rp->at = AT_STATUS;
	return 0;
}

static int on_status(http_parser *p, const char *at, size_t n)
{
	struct resparse *rp = rp_of(p);

	return status_open(rp) || head_add(rp, at, n);
}

static int on_header_field(http_parser *p, const char *at, size_t n)
{
	struct resparse *rp = rp_of(p);

	if (rp->at == AT_NEW)
		return 0; /* a chunked body's trailer: not part of the head */
	if (rp->at != AT_FIELD) {
		if (line_close(rp))
			return 1;
		rp->at = AT_FIELD;
	}
	return head_add(rp, at, n);
}

static int on_header_value(http_parser *p, const char *at, size_t n)
{
	struct resparse *rp = rp_of(p);

	if (rp->at == AT_NEW)
		return 0;
	if (rp->at != AT_VALUE) {
		if (head_add(rp, ": ", 2))
			return 1;
		rp->at = AT_VALUE;
	}
	return head_add(rp, at, n);
}

static int on_headers_complete(http_parser *p)
{
	struct resparse *rp = rp_of(p);

	/* -1, not 1 or 2: those mean "no body" and "upgrade" */
	if (p->status_code < 100) {
		snprintf(rp->error, sizeof(rp->error), "malformed response: status %03u",
			 p->status_code);
		return -1;
	}
	if (line_close(rp) || head_add(rp, "\r\n", 2))
		return -1;
	rp->at = AT_NEW;
	return 0;
}

static int on_body(http_parser *p, const char *at, size_t n)
{
	struct resparse *rp = rp_of(p);

	rp->body_total += n;
	/* beyond the cap the rest is counted, not kept (as the curl path) */
	if (rp->body->len + n <= HTTP_MAX_BODY && buf_append(rp->body, at, n))
		return 0; /* out of memory: only the kept copy is short */
	return 0;
}

static int on_message_complete(http_parser *p)
{
	struct resparse *rp = rp_of(p);

	if (p->status_code >= 100 && p->status_code < 200)
		return 0; /* interim: the final response follows */
	rp->status = (long)p->status_code;
	rp->done = true;
	http_parser_pause(p, 1); /* what follows is not this response's */
	return 0;
}

static const http_parser_settings settings = {
	.on_message_begin = on_message_begin,
	.on_status = on_status,
	.on_header_field = on_header_field,
	.on_header_value = on_header_value,
	.on_headers_complete = on_headers_complete,
	.on_body = on_body,
	.on_message_complete = on_message_complete,
};

void resparse_start(struct resparse *rp, struct buf *head, struct buf *body)
{
	memset(rp, 0, sizeof(*rp));
	http_parser_init(&rp->p, HTTP_RESPONSE);
	rp->p.data = rp;
	rp->head = head;
	rp->body = body;
	buf_reset(head);
	buf_reset(body);
}

static enum resparse_state failed(struct resparse *rp)
{
	enum http_errno e = HTTP_PARSER_ERRNO(&rp->p);

	if (rp->error[0])
		return RESPARSE_ERROR; /* said already */
	if (rp->over)
		snprintf(rp->error, sizeof(rp->error), "response head over %u bytes",
			 HTTP_MAX_HEADERS);
	else
		snprintf(rp->error, sizeof(rp->error), "malformed response: %s",
			 http_errno_description(e));
	return RESPARSE_ERROR;
}

enum resparse_state resparse_feed(struct resparse *rp, const uint8_t *data, size_t n,
				  size_t *used)
{
	size_t k;

	*used = 0;
	if (rp->done)
		return RESPARSE_DONE;
	if (rp->error[0])
		return RESPARSE_ERROR;
	if (!n)
		return RESPARSE_MORE;
	k = http_parser_execute(&rp->p, &settings, (const char *)data, n);
	*used = k;
	if (rp->done)
		return RESPARSE_DONE;
	if (HTTP_PARSER_ERRNO(&rp->p) != HPE_OK || k != n)
		return failed(rp);
	return RESPARSE_MORE;
}

enum resparse_state resparse_eof(struct resparse *rp)
{
	if (rp->done)
		return RESPARSE_DONE;
	if (rp->error[0])
		return RESPARSE_ERROR;
	http_parser_execute(&rp->p, &settings, NULL, 0);
	if (rp->done)
		return RESPARSE_DONE;
	if (HTTP_PARSER_ERRNO(&rp->p) != HPE_OK &&
	    HTTP_PARSER_ERRNO(&rp->p) != HPE_INVALID_EOF_STATE)
		return failed(rp);
	snprintf(rp->error, sizeof(rp->error), "connection closed %s the response",
		 rp->head->len || rp->p.nread ? "in the middle of" : "before");
	return RESPARSE_ERROR;
}

bool resparse_keep_alive(const struct resparse *rp)
{
	return rp->done && http_should_keep_alive(&rp->p);
}
