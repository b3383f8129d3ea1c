/* SPDX-License-Identifier: MIT */
/*
 * The bounded HTTP/1.1 response reader of the load (http/resparse.c):
 * content-length and chunked bodies fed in pieces, a body read up to the
 * close, interim 1xx, a response cut short, garbage, and a hostile server's
 * endless head and endless body (an error or a counted cap, never growth).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "http/resparse.h"

struct rig {
	struct resparse rp;
	struct buf head, body;
};

static void rig_start(struct rig *g)
{
	buf_init(&g->head, HTTP_MAX_HEADERS);
	buf_init(&g->body, HTTP_MAX_BODY);
	resparse_start(&g->rp, &g->head, &g->body);
}

static void rig_end(struct rig *g)
{
	buf_release(&g->head);
	buf_release(&g->body);
}

/* Feed s in pieces of `step` bytes; the last state and bytes used in all. */
static enum resparse_state feed(struct rig *g, const char *s, size_t step, size_t *used_all)
{
	size_t n = strlen(s), off = 0, used;
	enum resparse_state st = RESPARSE_MORE;

	*used_all = 0;
	while (off < n && st == RESPARSE_MORE) {
		size_t k = n - off < step ? n - off : step;

		st = resparse_feed(&g->rp, (const uint8_t *)s + off, k, &used);
		*used_all += used;
		off += k;
	}
	return st;
}

START_TEST(test_content_length)
{
	static const char r[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
				"Content-Length: 11\r\n\r\n{\"a\": true}HTTP/1.1";
	static const size_t steps[] = { 1, 3, 7, 1000 };

	for (size_t i = 0; i < 4; i++) {
		struct rig g;
		size_t used;

		rig_start(&g);
		ck_assert_int_eq(feed(&g, r, steps[i], &used), RESPARSE_DONE);
		ck_assert_uint_eq(used, strlen(r) - strlen("HTTP/1.1"));
		ck_assert_int_eq(g.rp.status, 200);
		ck_assert_str_eq(buf_str(&g.head), "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
						   "Content-Length: 11\r\n\r\n");
		ck_assert_uint_eq(g.body.len, 11);
		ck_assert_int_eq(memcmp(g.body.data, "{\"a\": true}", 11), 0);
		ck_assert(resparse_keep_alive(&g.rp));
		rig_end(&g);
	}
}
END_TEST

START_TEST(test_chunked)
{
	static const char r[] = "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
				"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\nTrailer: t\r\n\r\n";
	struct rig g;
	size_t used;

	rig_start(&g);
	ck_assert_int_eq(feed(&g, r, 2, &used), RESPARSE_DONE);
	ck_assert_uint_eq(used, strlen(r));
	ck_assert_int_eq(g.rp.status, 404);
	ck_assert_uint_eq(g.rp.body_total, 11);
	ck_assert_int_eq(memcmp(g.body.data, "hello world", 11), 0);
	/* the trailer is read, not added to the head */
	ck_assert_str_eq(buf_str(&g.head), "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n");
	rig_end(&g);
}
END_TEST

START_TEST(test_close_delimited_and_interim)
{
	static const char r[] = "HTTP/1.1 100 Continue\r\n\r\n"
				"HTTP/1.0 200\r\nServer: x\r\n\r\nto the end";
	struct rig g;
	size_t used;

	rig_start(&g);
	ck_assert_int_eq(feed(&g, r, 4, &used), RESPARSE_MORE);
	ck_assert_int_eq(resparse_eof(&g.rp), RESPARSE_DONE);
	ck_assert_int_eq(g.rp.status, 200);
	/* no reason phrase: the status line still ends the way it began */
	ck_assert_str_eq(buf_str(&g.head), "HTTP/1.0 200 \r\nServer: x\r\n\r\n");
	ck_assert_uint_eq(g.body.len, 10);
	ck_assert(!resparse_keep_alive(&g.rp));
	rig_end(&g);
}
END_TEST

START_TEST(test_cut_short_and_garbage)
{
	struct rig g;
	size_t used;

	rig_start(&g);
	ck_assert_int_eq(feed(&g, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 5, &used),
			 RESPARSE_MORE);
	ck_assert_int_eq(resparse_eof(&g.rp), RESPARSE_ERROR);
	ck_assert_ptr_nonnull(strstr(g.rp.error, "closed"));
	rig_end(&g);

	rig_start(&g);
	ck_assert_int_eq(resparse_eof(&g.rp), RESPARSE_ERROR);
	ck_assert_ptr_nonnull(strstr(g.rp.error, "before"));
	rig_end(&g);

	rig_start(&g);
	ck_assert_int_eq(feed(&g, "SSH-2.0-OpenSSH\r\n", 64, &used), RESPARSE_ERROR);
	ck_assert_ptr_nonnull(strstr(g.rp.error, "malformed"));
	rig_end(&g);

	rig_start(&g);
	ck_assert_int_eq(feed(&g, "HTTP/1.1 000 OK\r\n\r\n", 64, &used), RESPARSE_ERROR);
	ck_assert_str_eq(g.rp.error, "malformed response: status 000");
	/* it stays failed */
	ck_assert_int_eq(resparse_feed(&g.rp, (const uint8_t *)"HTTP/1.1", 8, &used),
			 RESPARSE_ERROR);
	rig_end(&g);
}
END_TEST

/* A hostile server: header lines without end; the head stays within
 * HTTP_MAX_HEADERS and the response is an error. */
START_TEST(test_endless_head)
{
	static const char line[] = "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
	struct rig g;
	size_t used, fed = 0;
	enum resparse_state st;

	rig_start(&g);
	st = resparse_feed(&g.rp, (const uint8_t *)"HTTP/1.1 200 OK\r\n", 17, &used);
	while (st == RESPARSE_MORE && fed < 16u * HTTP_MAX_HEADERS) {
		st = resparse_feed(&g.rp, (const uint8_t *)line, sizeof(line) - 1, &used);
		fed += sizeof(line) - 1;
		ck_assert_uint_le(g.head.len, HTTP_MAX_HEADERS);
	}
	ck_assert_int_eq(st, RESPARSE_ERROR);
	ck_assert_uint_lt(fed, 2u * HTTP_MAX_HEADERS);
	ck_assert_ptr_nonnull(strstr(g.rp.error, "head"));
	rig_end(&g);
}
END_TEST

/* An endless chunked body: kept up to HTTP_MAX_BODY, the rest counted. */
START_TEST(test_endless_body)
{
	static char chunk[4096 + 16];
	struct rig g;
	size_t used, n;

	n = (size_t)snprintf(chunk, sizeof(chunk), "1000\r\n");
	memset(chunk + n, 'z', 4096);
	memcpy(chunk + n + 4096, "\r\n", 2);
	n += 4098;
	rig_start(&g);
	ck_assert_int_eq(feed(&g, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 100, &used),
			 RESPARSE_MORE);
	for (int i = 0; i < 2 * (int)(HTTP_MAX_BODY / 4096); i++)
		ck_assert_int_eq(resparse_feed(&g.rp, (const uint8_t *)chunk, n, &used),
				 RESPARSE_MORE);
	ck_assert_uint_le(g.body.len, HTTP_MAX_BODY);
	ck_assert_uint_eq(g.rp.body_total, 2u * HTTP_MAX_BODY);
	rig_end(&g);
}
END_TEST

Suite *suite_resparse(void)
{
	Suite *s = suite_create("resparse");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_content_length);
	tcase_add_test(tc, test_chunked);
	tcase_add_test(tc, test_close_delimited_and_interim);
	tcase_add_test(tc, test_cut_short_and_garbage);
	tcase_add_test(tc, test_endless_head);
	tcase_add_test(tc, test_endless_body);
	suite_add_tcase(s, tc);
	return s;
}
