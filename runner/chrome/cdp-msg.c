/* SPDX-License-Identifier: MIT */
#include "chrome/cdp-msg.h"

#include <string.h>

#include "base/err.h"

void cdp_reader_init(struct cdp_reader *r, size_t max)
{
	r->max = max ? max : CDP_MAX_MESSAGE;
	/* one message plus the start of the next may be buffered */
	buf_init(&r->in, r->max + CDP_READ_CHUNK);
	r->scanned = 0;
}

void cdp_reader_release(struct cdp_reader *r)
{
	buf_release(&r->in);
	r->scanned = 0;
}

int cdp_reader_feed(struct cdp_reader *r, const void *p, size_t n)
{
	/* the buffer's own cap (a message and one read more) bounds a flood
	 * without NULs; cdp_reader_next refuses a message past the cap */
	return buf_append(&r->in, p, n);
}

int cdp_reader_next(struct cdp_reader *r, struct buf *out)
{
	const char *start = (const char *)r->in.data, *nul;
	size_t len;

	buf_reset(out);
	if (!start || r->in.len == r->scanned)
		return 0;
	nul = memchr(start + r->scanned, 0, r->in.len - r->scanned);
	if (!nul) {
		r->scanned = r->in.len;
		return r->in.len > r->max ? CC_ETOOBIG : 0;
	}
	len = (size_t)(nul - start);
	if (len > r->max)
		return CC_ETOOBIG;
	if (buf_append(out, start, len))
		return CC_ENOMEM;
	buf_consume(&r->in, len + 1);
	r->scanned = 0;
	return 1;
}

static const char *opt_string(json_object *o, const char *key, int *bad)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = 1;
		return NULL;
	}
	return json_object_get_string(v);
}

int cdp_parse(const char *p, size_t len, struct cdp_msg *m)
{
	json_tokener *tok;
	json_object *v;
	int bad = 0;

	memset(m, 0, sizeof(*m));
	if (len > CDP_MAX_MESSAGE || len > (size_t)INT32_MAX)
		return CC_EPROTO;
	if (!(tok = json_tokener_new_ex(CDP_MAX_DEPTH)))
		return CC_ENOMEM;
	m->root = json_tokener_parse_ex(tok, p, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		json_tokener_free(tok);
		cdp_msg_release(m);
		return CC_EPROTO;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(m->root, json_type_object))
		goto bad;
	m->session = opt_string(m->root, "sessionId", &bad);
	m->method = opt_string(m->root, "method", &bad);
	if (json_object_object_get_ex(m->root, "id", &v)) {
		if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) < 1 || m->method)
			goto bad;
		m->id = json_object_get_int64(v);
		if (json_object_object_get_ex(m->root, "error", &v)) {
			json_object *msg;

			if (!json_object_is_type(v, json_type_object))
				goto bad;
			m->error =
			    json_object_object_get_ex(v, "message", &msg) &&
				    json_object_is_type(msg, json_type_string)
				? json_object_get_string(msg)
				: "error without a message";
		} else if (!json_object_object_get_ex(m->root, "result",
						      &m->result) ||
			   !json_object_is_type(m->result, json_type_object)) {
			goto bad;
		}
	} else {
		if (!m->method)
			goto bad;
		if (json_object_object_get_ex(m->root, "params", &m->params) &&
		    !json_object_is_type(m->params, json_type_object))
			goto bad;
	}
	if (bad)
		goto bad;
	return CC_OK;
bad:
	cdp_msg_release(m);
	return CC_EPROTO;
}

void cdp_msg_release(struct cdp_msg *m)
{
	json_object_put(m->root);
	memset(m, 0, sizeof(*m));
}
