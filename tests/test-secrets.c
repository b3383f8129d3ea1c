/* SPDX-License-Identifier: MIT */
/*
 * Secrets out of profiles: a transport parameter read from the environment
 * or a file ({env: NAME}, {file: PATH}), located errors when it cannot be,
 * never quoted in a message; and the masking (base/redact.h) that keeps
 * secret values and protocol credentials off the terminal and out of the
 * record.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/err.h"
#include "base/redact.h"
#include "base/ydoc.h"
#include "core/profile.h"
#include "testutil.h"

static const char suite_text[] =
	"schema: carecert/suite/1\n"
	"id: mini\n"
	"title: Mini suite\n"
	"category: gateway\n"
	"transport: http\n"
	"cases:\n"
	"  - id: C-01\n"
	"    title: first\n"
	"    requirement: {standard: S, clause: \"1\"}\n"
	"    steps:\n"
	"      - http_request: {path: /api/login, json: {u: \"${transport.username}\", p: \"${transport.password}\"}}\n";

struct loaded {
	char *dir, *path;
	struct diag d;
	struct profile *p;
};

/* transport is the profile's transport: block body (indented by 2). */
static void load(struct loaded *l, const char *transport)
{
	char text[2048];

	l->dir = tu_mkdtemp();
	free(tu_write(l->dir, "suites/mini.yaml", suite_text));
	snprintf(text, sizeof(text),
		 "schema: carecert/profile/1\n"
		 "dut: {category: gateway, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
		 "transport:\n"
		 "  kind: http\n"
		 "  url: \"https://gw.local\"\n"
		 "%s"
		 "suites: [mini]\n",
		 transport);
	l->path = tu_write(l->dir, "profiles/p.yaml", text);
	diag_init(&l->d);
	l->p = profile_load(l->path, NULL, &l->d);
}

static void unload(struct loaded *l)
{
	profile_free(l->p);
	diag_release(&l->d);
	free(l->path);
	tu_rmdir(l->dir);
}

static const struct param *param(const struct profile *p, const char *key)
{
	for (size_t i = 0; i < p->nparams; i++)
		if (!strcmp(p->params[i].key, key))
			return &p->params[i];
	return NULL;
}

static void expect_error(struct loaded *l, unsigned line, unsigned col, const char *msg)
{
	ck_assert_ptr_null(l->p);
	for (size_t i = 0; i < l->d.n; i++)
		if (l->d.v[i].line == line && l->d.v[i].col == col && strstr(l->d.v[i].msg, msg))
			return;
	for (size_t i = 0; i < l->d.n; i++)
		fprintf(stderr, "got %s:%u:%u: %s\n", l->d.v[i].file, l->d.v[i].line,
			l->d.v[i].col, l->d.v[i].msg);
	ck_abort_msg("no error '%s' at %u:%u", msg, line, col);
}

START_TEST(test_value_from_env)
{
	struct loaded l;
	const struct param *pw, *user;
	char **secrets;

	setenv("CC_TEST_GW_PASSWORD", "env-pass-123", 1);
	load(&l, "  username: clinician\n  password: {env: CC_TEST_GW_PASSWORD}\n");
	ck_assert_msg(l.p, "%s", l.d.n ? l.d.v[0].msg : "");
	pw = param(l.p, "password");
	user = param(l.p, "username");
	ck_assert_str_eq(pw->value, "env-pass-123");
	ck_assert(pw->secret);
	ck_assert(!user->secret);
	ck_assert_str_eq(profile_param(l.p, "password"), "env-pass-123");
	ck_assert_int_eq(profile_secrets(l.p, &secrets), CC_OK);
	ck_assert_uint_eq(strv_len(secrets), 1);
	ck_assert_str_eq(secrets[0], "env-pass-123");
	strv_free(secrets);
	unload(&l);
	unsetenv("CC_TEST_GW_PASSWORD");
}
END_TEST

START_TEST(test_value_from_file)
{
	struct loaded l;
	const struct param *pw, *user;
	char **secrets;

	/* relative to the profile's folder; the trailing newline is not
	 * part of the secret; a value from a file is secret whatever its
	 * name */
	l.dir = NULL;
	load(&l, "  username: {file: ../secrets/user}\n  password: {file: gw.pass}\n");
	ck_assert_ptr_null(l.p);
	free(tu_write(l.dir, "profiles/gw.pass", "file-pass-456\n"));
	free(tu_write(l.dir, "secrets/user", "bench-user\r\n"));
	diag_release(&l.d);
	diag_init(&l.d);
	l.p = profile_load(l.path, NULL, &l.d);
	ck_assert_msg(l.p, "%s", l.d.n ? l.d.v[0].msg : "");
	pw = param(l.p, "password");
	user = param(l.p, "username");
	ck_assert_str_eq(pw->value, "file-pass-456");
	ck_assert_str_eq(user->value, "bench-user");
	ck_assert(pw->secret && user->secret);
	ck_assert_int_eq(profile_secrets(l.p, &secrets), CC_OK);
	ck_assert_uint_eq(strv_len(secrets), 2);
	strv_free(secrets);
	unload(&l);
}
END_TEST

START_TEST(test_secret_errors_located)
{
	struct loaded l;

	unsetenv("CC_TEST_NOT_SET");
	/* line 6: "  password: {env: CC_TEST_NOT_SET}": the name at column 19 */
	load(&l, "  password: {env: CC_TEST_NOT_SET}\n");
	expect_error(&l, 6, 19, "password: environment variable CC_TEST_NOT_SET is not set");
	unload(&l);
	setenv("CC_TEST_EMPTY", "", 1);
	load(&l, "  password: {env: CC_TEST_EMPTY}\n");
	expect_error(&l, 6, 19, "environment variable CC_TEST_EMPTY is empty");
	unload(&l);
	unsetenv("CC_TEST_EMPTY");
	load(&l, "  password: {file: nosuch.pass}\n");
	expect_error(&l, 6, 20, "password: cannot read ");
	expect_error(&l, 6, 20, "profiles/nosuch.pass: No such file or directory");
	unload(&l);
	load(&l, "  password: {vault: gw}\n");
	expect_error(&l, 6, 13, "password: a value, {env: VARIABLE} or {file: PATH}");
	unload(&l);
	load(&l, "  password: {env: A, file: b}\n");
	expect_error(&l, 6, 13, "a value, {env: VARIABLE} or {file: PATH}");
	unload(&l);
}
END_TEST

/* A value that a transport refuses is reported where it is, without
 * quoting it when it is secret. */
START_TEST(test_secret_not_quoted_in_errors)
{
	struct loaded l;

	setenv("CC_TEST_BAD_TLS", "tls9.9-secret", 1);
	load(&l, "  tls_min: {env: CC_TEST_BAD_TLS}\n");
	ck_assert_ptr_null(l.p);
	ck_assert_uint_ge(l.d.n, 1);
	for (size_t i = 0; i < l.d.n; i++)
		ck_assert_msg(!strstr(l.d.v[i].msg, "tls9.9-secret"), "%s", l.d.v[i].msg);
	ck_assert_uint_eq(l.d.v[0].line, 6);
	unload(&l);
	unsetenv("CC_TEST_BAD_TLS");
}
END_TEST

/* A further link's parameters are read the same way. */
START_TEST(test_link_value_from_env)
{
	char *dir = tu_mkdtemp(), *path;
	struct profile *p;
	struct diag d;
	char **secrets;

	setenv("CC_TEST_LINK_TOKEN", "link-token-789", 1);
	free(tu_write(dir, "suites/mini.yaml",
		      "schema: carecert/suite/1\nid: mini\ntitle: t\ncategory: blood_pressure\n"
		      "transport: serial\nlinks:\n  gw: {transport: http}\ncases:\n"
		      "  - id: C-01\n    title: a\n    requirement: {standard: S, clause: \"1\"}\n"
		      "    steps:\n      - delay: 1 ms\n"));
	path = tu_write(dir, "profiles/p.yaml",
			"schema: carecert/profile/1\n"
			"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
			"transport: {kind: serial, port: /dev/null}\n"
			"links:\n"
			"  gw:\n"
			"    transport: {kind: http, url: \"https://gw\", username: u, password: {env: CC_TEST_LINK_TOKEN}}\n"
			"suites: [mini]\n");
	diag_init(&d);
	p = profile_load(path, NULL, &d);
	ck_assert_msg(p, "%s", d.n ? d.v[0].msg : "");
	ck_assert_str_eq(p->links[0].params[2].value, "link-token-789");
	ck_assert(p->links[0].params[2].secret);
	ck_assert_int_eq(profile_secrets(p, &secrets), CC_OK);
	ck_assert_uint_eq(strv_len(secrets), 1);
	ck_assert_str_eq(secrets[0], "link-token-789");
	strv_free(secrets);
	profile_free(p);
	diag_release(&d);
	free(path);
	tu_rmdir(dir);
	unsetenv("CC_TEST_LINK_TOKEN");
}
END_TEST

START_TEST(test_secret_names)
{
	static const char *const yes[] = { "password", "Password", "passphrase", "token",
					   "access_token", "refresh-token", "api_secret",
					   "client_password", "secret", NULL };
	static const char *const no[] = { "username", "url", "client_key", "ca_bundle",
					  "tokens_count", "passwordless", NULL };

	for (size_t i = 0; yes[i]; i++)
		ck_assert_msg(redact_secret_name(yes[i], strlen(yes[i])), "%s", yes[i]);
	for (size_t i = 0; no[i]; i++)
		ck_assert_msg(!redact_secret_name(no[i], strlen(no[i])), "%s", no[i]);
}
END_TEST

static char *masked(const char *in, char *const *secrets, bool credentials)
{
	struct buf b;
	size_t len;

	buf_init(&b, BUF_MAX_FRAME);
	ck_assert_int_eq(redact_bytes((const uint8_t *)in, strlen(in), secrets, credentials, &b),
			 CC_OK);
	return buf_detach(&b, &len);
}

START_TEST(test_redact_values)
{
	char *const secrets[] = { (char *)"Vit4l-Signs", (char *)"Vit4l-Signs-2026",
				  (char *)"abc", NULL };
	char *s;

	/* the longest value wins; short values are left alone */
	s = masked("pw=Vit4l-Signs-2026 and Vit4l-Signs, abc", secrets, false);
	ck_assert_str_eq(s, "pw=*** and ***, abc");
	free(s);
	s = masked("Vit4l-Signs-2026Vit4l-Signs-2026", secrets, false);
	ck_assert_str_eq(s, "******");
	free(s);
	s = masked("nothing here", NULL, false);
	ck_assert_str_eq(s, "nothing here");
	free(s);
	s = redact_str("{\"p\":\"Vit4l-Signs-2026\"}", secrets);
	ck_assert_str_eq(s, "{\"p\":\"***\"}");
	free(s);
	ck_assert(redact_contains("x Vit4l-Signs y", secrets));
	ck_assert(!redact_contains("x abc y", secrets));
}
END_TEST

START_TEST(test_redact_credentials)
{
	char *s;

	s = masked("POST /api/login HTTP/1.1\r\nHost: gw\r\nAuthorization: Basic Y2xpbjpwdw==\r\n"
		   "cookie: sid=42\r\n\r\n{\"username\": \"clinician\", \"password\" : \"hunter22\","
		   " \"access_token\":\"eyJ.x\\\"y\", \"n\": 1}",
		   NULL, true);
	ck_assert_str_eq(s, "POST /api/login HTTP/1.1\r\nHost: gw\r\nAuthorization: ***\r\n"
			    "cookie: ***\r\n\r\n{\"username\": \"clinician\", \"password\" : \"***\","
			    " \"access_token\":\"***\", \"n\": 1}");
	free(s);
	s = masked("GET /x?user=u&token=abc123&n=2 HTTP/1.1\r\n\r\nusername=u&password=p%40ss",
		   NULL, true);
	ck_assert_str_eq(s, "GET /x?user=u&token=***&n=2 HTTP/1.1\r\n\r\nusername=u&password=***");
	free(s);
	/* a member named like a secret but not a string, or a mere mention */
	s = masked("{\"token\": 5, \"note\": \"the password is\"}", NULL, true);
	ck_assert_str_eq(s, "{\"token\": 5, \"note\": \"the password is\"}");
	free(s);
	/* without credentials only the values are masked */
	s = masked("Authorization: Bearer x", NULL, false);
	ck_assert_str_eq(s, "Authorization: Bearer x");
	free(s);
}
END_TEST

Suite *suite_secrets(void)
{
	Suite *s = suite_create("secrets");
	TCase *tc = tcase_create("secrets");

	tcase_add_test(tc, test_value_from_env);
	tcase_add_test(tc, test_value_from_file);
	tcase_add_test(tc, test_secret_errors_located);
	tcase_add_test(tc, test_secret_not_quoted_in_errors);
	tcase_add_test(tc, test_link_value_from_env);
	tcase_add_test(tc, test_secret_names);
	tcase_add_test(tc, test_redact_values);
	tcase_add_test(tc, test_redact_credentials);
	suite_add_tcase(s, tc);
	return s;
}
