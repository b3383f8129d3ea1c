/* SPDX-License-Identifier: MIT */
/*
 * The dashboard's pages rendered straight from a SQLite store, no HTTP:
 * content, escaping of hostile device strings, bad filters refused, the
 * read-only rule. itest-dash.c fetches the same pages over HTTP.
 */
#include "store-cases.h"

#include "dash/page.h"

#define HOSTILE "<script>alert(\"x\")</script>&co"

struct args {
	const char *const *kv; /* name, value, ..., NULL */
};

static const char *arg_of(void *ctx, const char *name)
{
	const struct args *a = ctx;

	for (size_t i = 0; a && a->kv[i]; i += 2)
		if (!strcmp(a->kv[i], name))
			return a->kv[i + 1];
	return NULL;
}

/* Render method path with the query's name/value pairs; the page in
 * *body (malloc'd); returns the status. */
static int get(struct store *s, const char *method, const char *path, const char *const *kv,
	       char **body)
{
	struct args a = { kv };
	struct dash_reply r;
	size_t len;

	ck_assert_int_eq(dash_render(s, method, path, arg_of, kv ? &a : NULL, &r), CC_OK);
	*body = buf_detach(&r.body, &len);
	ck_assert_uint_eq(strlen(*body), len);
	dash_reply_release(&r);
	return r.status;
}

static struct store *fill(char *dir, char *sha_a)
{
	char db[4200], err[512], *a, *b;
	struct store *s;
	struct store_add_result r;

	snprintf(db, sizeof(db), "%s/d.sqlite", dir);
	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	a = sc_make_run(dir, "a", &(struct sc_run){ .vendor = HOSTILE, .firmware = "1.0",
						    .cal_due = "2000-01-01" });
	b = sc_make_run(dir, "b", &(struct sc_run){ .vendor = HOSTILE, .firmware = "1.1",
						    .start = "2026-02-01T00:00:00.000Z",
						    .case2 = "fail", .reason2 = "<img src=x onerror=1>",
						    .cal_due = "2000-01-01" });
	ck_assert_msg(store_add_run(s, a, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
	memcpy(sha_a, r.sha256, SHA256_HEX_LEN + 1);
	ck_assert_msg(store_add_run(s, b, NULL, &r, err, sizeof(err)) == CC_OK, "%s", err);
	free(a);
	free(b);
	return s;
}

START_TEST(test_dash_pages)
{
	char *dir = tu_mkdtemp(), sha[SHA256_HEX_LEN + 1], path[128], *body;
	struct store *s = fill(dir, sha);

	ck_assert_int_eq(get(s, "GET", "/", NULL, &body), 200);
	ck_assert_msg(strstr(body, "<p>2 runs"), "%s", body);
	ck_assert_msg(strstr(body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;co"), "%s", body);
	ck_assert_ptr_null(strstr(body, "<script"));
	/* the device link carries the vendor URL-encoded */
	ck_assert_msg(strstr(body, "/device?vendor=%3Cscript%3Ealert%28%22x%22%29"), "%s", body);
	free(body);

	snprintf(path, sizeof(path), "/run/%.12s", sha);
	ck_assert_int_eq(get(s, "GET", path, NULL, &body), 200);
	ck_assert_msg(strstr(body, "C-1") && strstr(body, "latency = 12.5 ms"), "%s", body);
	ck_assert_msg(strstr(body, "ISO 81060-2 5.1") && strstr(body, "NIBP simulator"), "%s", body);
	ck_assert_msg(strstr(body, "#1 fail: timeout"), "%s", body); /* the earlier attempt */
	free(body);

	ck_assert_int_eq(get(s, "GET", "/device", (const char *const[]){ "model", "BP-1", NULL },
			     &body), 200);
	ck_assert_msg(strstr(body, "regression in 1.1"), "%s", body);
	ck_assert_ptr_null(strstr(body, "<img"));
	free(body);

	ck_assert_int_eq(get(s, "GET", "/devices", NULL, &body), 200);
	ck_assert_msg(strstr(body, "C-2</span> in 1.1") && strstr(body, "1 device models, 1 regressions"),
		      "%s", body);
	ck_assert_ptr_null(strstr(body, "<script"));
	free(body);

	ck_assert_int_eq(get(s, "GET", "/instruments", NULL, &body), 200);
	ck_assert_msg(strstr(body, "calibration due</span>"), "%s", body);
	free(body);
	store_close(s);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_dash_bad_requests)
{
	char *dir = tu_mkdtemp(), sha[SHA256_HEX_LEN + 1], path[256], *body;
	struct store *s = fill(dir, sha);

	ck_assert_int_eq(get(s, "POST", "/", NULL, &body), 405);
	free(body);
	ck_assert_int_eq(get(s, "DELETE", "/instruments", NULL, &body), 405);
	free(body);
	ck_assert_int_eq(get(s, "GET", "/", (const char *const[]){ "verdict", "bogus", NULL }, &body), 400);
	free(body);
	ck_assert_int_eq(get(s, "GET", "/", (const char *const[]){ "page", "-1", NULL }, &body), 400);
	free(body);
	/* injection attempts in every filter: no run matches, no error */
	static const char *const names[] = { "vendor", "model", "serial", "firmware", "lab",
					     "since", "case", "requirement" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *kv[] = { names[i], "x' OR '1'='1", NULL };

		ck_assert_int_eq(get(s, "GET", "/", kv, &body), 200);
		ck_assert_msg(strstr(body, "<p>0 runs") || !strcmp(names[i], "since"), "%s: %s",
			      names[i], body);
		ck_assert_msg(strstr(body, "value=\"x&#39;") || strstr(body, "value=\"x&#x27;") ||
				      strstr(body, "value=\"x&apos;"),
			      "%s", body);
		free(body);
	}
	ck_assert_int_eq(get(s, "GET", "/run/zzzzzzzzzz", NULL, &body), 404);
	free(body);
	ck_assert_int_eq(get(s, "GET", "/run/0000000000", NULL, &body), 404);
	free(body);
	snprintf(path, sizeof(path), "/run/%.12s/../../etc/passwd", sha);
	ck_assert_int_eq(get(s, "GET", path, NULL, &body), 404);
	free(body);
	/* no report.html in the run folder */
	snprintf(path, sizeof(path), "/run/%.12s/report", sha);
	ck_assert_int_eq(get(s, "GET", path, NULL, &body), 404);
	free(body);
	ck_assert_int_eq(get(s, "GET", "/device", NULL, &body), 400);
	free(body);
	store_close(s);
	tu_rmdir(dir);
}
END_TEST

Suite *suite_dash(void)
{
	Suite *s = suite_create("dash");
	TCase *tc = tcase_create("pages");

	tcase_add_test(tc, test_dash_pages);
	tcase_add_test(tc, test_dash_bad_requests);
	suite_add_tcase(s, tc);
	return s;
}
