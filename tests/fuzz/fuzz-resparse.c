/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 responses as http_load reads them (http/resparse.c over
 * libhttp_parser): the bytes a server sends, cut in pieces of a size the
 * first byte gives, then the end of the stream. Checks the header's
 * promises: the head and the kept body within their caps, the bytes used
 * within what was fed, an error always with a message, DONE and ERROR
 * final.
 *
 * Generated seeds: content-length, chunked (with extensions and trailers),
 * close-delimited, interim 100, bodiless statuses, damaged heads.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "http/http.h"
#include "http/resparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resparse rp;
	struct buf head, body;
	enum resparse_state st = RESPARSE_MORE;
	size_t step, off = 1, used;

	if (!size)
		return 0;
	step = (size_t)data[0] % 64 + 1;
	buf_init(&head, HTTP_MAX_HEADERS);
	buf_init(&body, HTTP_MAX_BODY);
	resparse_start(&rp, &head, &body);
	while (off < size) {
		size_t k = size - off < step ? size - off : step;
		enum resparse_state was = st;

		st = resparse_feed(&rp, data + off, k, &used);
		fuzz_assert(used <= k);
		fuzz_assert(was == RESPARSE_MORE || st == was);
		fuzz_assert(st != RESPARSE_ERROR || rp.error[0]);
		fuzz_assert(st == RESPARSE_DONE || st == RESPARSE_ERROR || used == k);
		off += k;
	}
	if (st == RESPARSE_MORE)
		st = resparse_eof(&rp);
	fuzz_assert(st != RESPARSE_MORE);
	fuzz_assert(st != RESPARSE_ERROR || rp.error[0]);
	fuzz_assert(head.len <= HTTP_MAX_HEADERS && body.len <= HTTP_MAX_BODY);
	fuzz_assert(body.len <= rp.body_total);
	if (st == RESPARSE_DONE) {
		fuzz_assert(rp.status >= 100 && rp.status <= 999);
		fuzz_assert(head.len >= 4 && !memcmp(head.data + head.len - 4, "\r\n\r\n", 4));
		(void)resparse_keep_alive(&rp);
	}
	buf_release(&head);
	buf_release(&body);
	return 0;
}

static void generate(void)
{
	static const char *const seeds[] = {
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\": true}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n0\r\nT: v\r\n\r\n",
		"HTTP/1.0 200\r\nServer: x\r\n\r\nup to the close",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.1 304 Not Modified\r\nContent-Length: 40\r\n\r\n",
		"HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 200",
		"HTTP/1.1 200 OK\r\nX: a\r\n folded\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
	};
	char name[32], in[512];

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		size_t n = strlen(seeds[i]);

		in[0] = (char)(i * 7); /* piece sizes 1, 8, 15... */
		memcpy(in + 1, seeds[i], n);
		snprintf(name, sizeof(name), "gen-%zu", i);
		fuzz_seed(name, in, n + 1);
	}
}

const struct fuzz_harness fuzz_harness = { .name = "resparse", .generate = generate };
