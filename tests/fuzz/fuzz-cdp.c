/* SPDX-License-Identifier: MIT */
/*
 * What the browser writes on its DevTools pipe (chrome/cdp-msg.c): the
 * NUL-delimited framing, fed in chunks of every size, each message's
 * shape checked by cdp_parse(), and every string in it read as a CSS
 * colour (web/wcag.c), as the contrast check reads the page's answers.
 *
 * Input: one byte (the chunk size, 1 to 256), then the bytes of the pipe.
 * Generated seeds: replies and events of the shapes Chromium sends (a
 * target, a session, an evaluation's answer with colours, an error, a
 * load event, a screenshot).
 */
#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "chrome/cdp-msg.h"
#include "web/wcag.h"

#define CAP (64u * 1024u) /* a smaller cap than the runner's, to reach it */

static void walk(json_object *o, int depth)
{
	struct wcag_rgba c;

	fuzz_assert(depth <= CDP_MAX_DEPTH + 1);
	switch (json_object_get_type(o)) {
	case json_type_string:
		if (!wcag_parse_color(json_object_get_string(o), &c)) {
			double r = wcag_contrast(
			    c, (struct wcag_rgba){255, 255, 255, 1});

			fuzz_assert(c.a >= 0 && c.a <= 1 && c.r >= 0 &&
				    c.r <= 255);
			fuzz_assert(isfinite(r) && r >= 1 - 1e-9 &&
				    r <= 21 + 1e-9);
		}
		break;
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			walk(json_object_array_get_idx(o, i), depth + 1);
		break;
	case json_type_object: {
		json_object_object_foreach(o, k, v)
		{
			(void)k;
			walk(v, depth + 1);
		}
		break;
	}
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cdp_reader r;
	struct buf out;
	size_t chunk, off = 1, msgs = 0;
	int rc = 0;

	if (!size)
		return 0;
	chunk = (size_t)data[0] + 1;
	cdp_reader_init(&r, CAP);
	buf_init(&out, CAP + 1);
	while (off < size && rc >= 0) {
		size_t n = size - off < chunk ? size - off : chunk;

		if (cdp_reader_feed(&r, data + off, n))
			break;
		off += n;
		while ((rc = cdp_reader_next(&r, &out)) == 1) {
			struct cdp_msg m;

			msgs++;
			fuzz_assert(out.len <= CAP);
			fuzz_assert(
			    !memchr(out.data ? (const char *)out.data : "", 0,
				    out.len));
			if (cdp_parse(buf_str(&out), out.len, &m) == CC_OK) {
				fuzz_assert(m.root);
				fuzz_assert((m.id > 0) != (m.method != NULL));
				fuzz_assert(m.id == 0 || m.result || m.error);
				walk(m.root, 0);
				cdp_msg_release(&m);
			}
		}
	}
	fuzz_assert(msgs <= size);
	cdp_reader_release(&r);
	buf_release(&out);
	return 0;
}

static void generate(void)
{
	static const char pipe[] =
	    "\x20"
	    "{\"id\":1,\"result\":{\"targetId\":"
	    "\"3A05BB4B9B8B528EFE517004CCFAD5BD\"}}\0"
	    "{\"method\":\"Target.attachedToTarget\",\"params\":{\"sessionId\":"
	    "\"DE00\",\"targetInfo\":{\"type\":\"page\"}}}\0"
	    "{\"id\":2,\"result\":{\"sessionId\":\"DE00\"}}\0"
	    "{\"id\":3,\"result\":{\"result\":{\"type\":\"string\",\"value\":"
	    "\"{\\\"mode\\\":\\\"text\\\","
	    "\\\"items\\\":[{\\\"fg\\\":\\\"rgb(26, 26, "
	    "26)\\\",\\\"bgs\\\":[\\\"rgba(0, 0, 0, 0.5)\\\","
	    "\\\"rgb(255, 255, 255)\\\"]}]}\"}},\"sessionId\":\"DE00\"}\0"
	    "{\"method\":\"Page.loadEventFired\",\"params\":{\"timestamp\":1.5}"
	    ",\"sessionId\":\"DE00\"}\0"
	    "{\"id\":4,\"error\":{\"code\":-32000,\"message\":\"Cannot "
	    "navigate\"},\"sessionId\":\"DE00\"}\0"
	    "{\"id\":5,\"result\":{\"data\":\"iVBORw0KGgo=\"},\"sessionId\":"
	    "\"DE00\"}\0"
	    "{\"method\":\"Emulation.virtualTimeBudgetExpired\",\"params\":{}}"
	    "\0"
	    "{\"id\":6,\"result\":{\"fg\":\"rgb(10 20 30 / "
	    "0.5)\",\"x\":\"transparent\"}}";

	fuzz_seed("gen-session", pipe, sizeof(pipe) - 1);
	fuzz_seed("gen-bytewise",
		  "\x00{\"id\":1,\"result\":{}}\0{\"method\":\"A\"}\0", 37);
}

const struct fuzz_harness fuzz_harness = {.name = "cdp", .generate = generate};
