/* SPDX-License-Identifier: MIT */
/*
 * The dashboard over HTTP: the real `carecert serve` on a loopback port
 * (port 0: the kernel picks), pages fetched with libcurl, their headers
 * and escaping checked, bad requests refused, the store unchanged, then
 * SIGTERM stops it with exit 0. When headless Chromium is installed, the
 * DOM it builds of the runs list, a run and a device history is checked
 * (a hostile vendor is text, not an element) and the three pages are
 * screenshotted into $CARECERT_BIN/dash-shots/ (looked at by people); the
 * tests do not need Chromium.
 */
#include "store-cases.h"

#include "base/buf.h"
#include "catalog/package.h"
#include "http/testpki.h"

#include <curl/curl.h>
#include "base/fileio.h"
#include <strings.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

struct served {
	pid_t pid;
	char url[256];
};

/* Start carecert serve on db (with the import endpoint when tokens and
 * pub are given); its first line names the URL. */
static void serve_start_import(const char *db, const char *tokens, const char *pub,
			       struct served *sv)
{
	int fd[2];
	FILE *f;
	char line[512], bin[4200];

	ck_assert_int_eq(pipe(fd), 0);
	snprintf(bin, sizeof(bin), "%s/carecert", tu_bindir());
	sv->pid = fork();
	ck_assert_int_ge(sv->pid, 0);
	if (sv->pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		if (tokens)
			execl(bin, bin, "serve", "--db", db, "--listen", "127.0.0.1:0",
			      "--import-tokens", tokens, "--import-pubkey", pub, (char *)NULL);
		else
			execl(bin, bin, "serve", "--db", db, "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(fgets(line, sizeof(line), f), "carecert serve printed nothing");
	fclose(f);
	ck_assert_msg(sscanf(line, "serving %255s", sv->url) == 1, "%s", line);
}

static void serve_start(const char *db, struct served *sv)
{
	serve_start_import(db, NULL, NULL, sv);
}

static int serve_stop(struct served *sv)
{
	int st = 0;

	kill(sv->pid, SIGTERM);
	ck_assert_int_eq(waitpid(sv->pid, &st, 0), sv->pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct fetched {
	long status;
	struct buf body;
	char csp[256];
	bool nosniff;
	char cookie[256]; /* Set-Cookie's name=value */
	char location[256];
};

static size_t on_body(char *p, size_t n, size_t m, void *ctx)
{
	struct fetched *f = ctx;

	return buf_append(&f->body, p, n * m) ? 0 : n * m;
}

static size_t on_header(char *p, size_t n, size_t m, void *ctx)
{
	struct fetched *f = ctx;
	size_t len = n * m;

	if (len > 25 && !strncasecmp(p, "Content-Security-Policy: ", 25))
		snprintf(f->csp, sizeof(f->csp), "%.*s", (int)(len - 25), p + 25);
	if (len > 22 && !strncasecmp(p, "X-Content-Type-Options", 22))
		f->nosniff = true;
	if (len > 12 && !strncasecmp(p, "Set-Cookie: ", 12))
		snprintf(f->cookie, sizeof(f->cookie), "%.*s", (int)strcspn(p + 12, ";\r\n"), p + 12);
	if (len > 10 && !strncasecmp(p, "Location: ", 10))
		snprintf(f->location, sizeof(f->location), "%.*s", (int)strcspn(p + 10, "\r\n"),
			 p + 10);
	return len;
}

/* method path (raw: not normalised by curl) with an optional body of
 * len bytes (0: strlen) and an optional Authorization header. */
static void fetch_auth(const struct served *sv, const char *method, const char *path,
		       const char *post, size_t len, const char *auth, struct fetched *f)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[4096];

	memset(f, 0, sizeof(*f));
	buf_init(&f->body, BUF_MAX_TEXT);
	snprintf(url, sizeof(url), "%s%s", sv->url, path[0] == '/' ? path + 1 : path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(len ? len : strlen(post)));
	}
	if (auth) {
		h = curl_slist_append(h, auth);
		h = curl_slist_append(h, "Content-Type: application/x-tar");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &f->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
}

static void fetch(const struct served *sv, const char *method, const char *path,
		  const char *post, struct fetched *f)
{
	fetch_auth(sv, method, path, post, 0, NULL, f);
}

/* The DOM headless Chromium builds of a page (malloc'd). */
static char *chromium_dom(const struct served *sv, const char *path)
{
	char cmd[8192], *dom;

	snprintf(cmd, sizeof(cmd),
		 "timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom '%s%s'"
		 " 2>/dev/null", sv->url, path);
	ck_assert_int_eq(tu_run(cmd, &dom), 0);
	return dom;
}

static void screenshot(const struct served *sv, const char *path, const char *name)
{
	char cmd[8192], dir[4200], *out;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/dash-shots", tu_bindir());
	mkdir(dir, 0755);
	snprintf(cmd, sizeof(cmd),
		 "timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars"
		 " --window-size=1400,1000 --screenshot='%s/%s.png' '%s%s' >/dev/null 2>&1",
		 dir, name, sv->url, path);
	tu_run(cmd, &out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/%s.png", dir, name);
	ck_assert_msg(!stat(cmd, &st) && st.st_size > 10000, "no screenshot %s", cmd);
}

START_TEST(test_dash_http)
{
	char *dir = tu_mkdtemp(), db[4200], err[512], *a, *b, path[256], big[9000];
	struct store *s;
	struct store_add_result r;
	struct served sv;
	struct fetched f;

	snprintf(db, sizeof(db), "%s/d.sqlite", dir);
	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	a = sc_make_run(dir, "a", &(struct sc_run){ .vendor = "<b>Evil</b> & Co", .firmware = "1.0" });
	b = sc_make_run(dir, "b", &(struct sc_run){ .vendor = "<b>Evil</b> & Co", .firmware = "1.1",
						    .start = "2026-02-01T00:00:00.000Z",
						    .case2 = "fail" });
	ck_assert_int_eq(store_add_run(s, a, NULL, &r, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(store_add_run(s, b, NULL, &r, err, sizeof(err)), CC_OK);
	store_close(s);
	free(tu_write(a, "report.html", "<html><body>THE REPORT</body></html>"));

	serve_start(db, &sv);
	fetch(&sv, "GET", "/", NULL, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(f.nosniff);
	ck_assert_msg(strstr(f.csp, "default-src 'none'"), "%s", f.csp);
	ck_assert_msg(strstr(buf_str(&f.body), "&lt;b&gt;Evil&lt;/b&gt; &amp; Co"), "%s", buf_str(&f.body));
	ck_assert_ptr_null(strstr(buf_str(&f.body), "<b>Evil"));
	buf_release(&f.body);

	fetch(&sv, "GET", "/?verdict=fail&vendor=%3Cb%3EEvil%3C%2Fb%3E%20%26%20Co", NULL, &f);
	ck_assert_msg(strstr(buf_str(&f.body), "<p>1 runs"), "%s", buf_str(&f.body));
	buf_release(&f.body);

	snprintf(path, sizeof(path), "/run/%.16s", r.sha256);
	fetch(&sv, "GET", path, NULL, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(strstr(buf_str(&f.body), "C-2"));
	buf_release(&f.body);

	/* the certification report of a, as it is */
	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(store_add_run(s, a, NULL, &r, err, sizeof(err)), CC_OK);
	ck_assert(r.already);
	store_close(s);
	snprintf(path, sizeof(path), "/run/%s/report", r.sha256);
	fetch(&sv, "GET", path, NULL, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(strstr(buf_str(&f.body), "THE REPORT"));
	buf_release(&f.body);

	/* refused: writes, traversal, injection, oversized values */
	fetch(&sv, "POST", "/", "vendor=x", &f);
	ck_assert_int_eq(f.status, 405);
	buf_release(&f.body);
	fetch(&sv, "PUT", "/run/0123456789", "x", &f);
	ck_assert_int_eq(f.status, 405);
	buf_release(&f.body);
	fetch(&sv, "GET", "/../../../etc/passwd", NULL, &f);
	ck_assert_int_eq(f.status, 404);
	ck_assert_ptr_null(strstr(buf_str(&f.body), "root:"));
	buf_release(&f.body);
	snprintf(path, sizeof(path), "/run/%.12s/../../../etc/passwd", r.sha256);
	fetch(&sv, "GET", path, NULL, &f);
	ck_assert_int_eq(f.status, 404);
	buf_release(&f.body);
	fetch(&sv, "GET", "/?model=x%27%20OR%20%271%27%3D%271", NULL, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(strstr(buf_str(&f.body), "<p>0 runs"));
	buf_release(&f.body);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	memcpy(big, "/?vendor=", 9);
	fetch(&sv, "GET", big, NULL, &f);
	ck_assert_int_ge(f.status, 400);
	buf_release(&f.body);

	if (!access("/usr/bin/chromium", X_OK)) {
		char *dom;

		/* the DOM a browser builds of each page: the vendor is text,
		 * never an element */
		dom = chromium_dom(&sv, "");
		ck_assert_msg(strstr(dom, "&lt;b&gt;Evil&lt;/b&gt; &amp; Co"), "%s", dom);
		ck_assert_ptr_null(strstr(dom, "<b>Evil"));
		ck_assert_msg(strstr(dom, "<table>"), "%s", dom);
		free(dom);
		snprintf(path, sizeof(path), "run/%.16s", r.sha256);
		dom = chromium_dom(&sv, path);
		ck_assert_msg(strstr(dom, "C-1") && strstr(dom, "latency = 12.5 ms"), "%s", dom);
		ck_assert_ptr_null(strstr(dom, "<b>Evil"));
		free(dom);
		dom = chromium_dom(&sv, "device?model=BP-1");
		ck_assert_msg(strstr(dom, "regression in 1.1"), "%s", dom);
		ck_assert_ptr_null(strstr(dom, "<b>Evil"));
		free(dom);
		screenshot(&sv, "", "runs");
		snprintf(path, sizeof(path), "run/%.16s", r.sha256);
		screenshot(&sv, path, "run");
		screenshot(&sv, "device?model=BP-1", "device");
	}
	ck_assert_int_eq(serve_stop(&sv), 0);

	/* the store is as it was: two runs */
	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	ck_assert_uint_eq(sc_count(s, NULL), 2);
	store_close(s);
	free(a);
	free(b);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_dash_plain_off_loopback_refused)
{
	char cmd[8192], *out, *dir = tu_mkdtemp();

	snprintf(cmd, sizeof(cmd), "%s/carecert serve --db %s/x.sqlite --listen 0.0.0.0:0",
		 tu_bindir(), dir);
	ck_assert_int_eq(tu_run(cmd, &out), 2);
	ck_assert_msg(strstr(out, "loopback"), "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

/* A sealed, complete run with both PDFs. */
static char *sealed_run(const char *tmp, const char *name, const char *key, const char *fw)
{
	char *d = sc_make_run(tmp, name, &(struct sc_run){ .firmware = fw }), fpr[65], err[512];

	free(tu_write(d, "report.pdf", "%PDF-1.4 en"));
	free(tu_write(d, "report-zh.pdf", "%PDF-1.4 zh"));
	ck_assert_msg(sign_run(d, key, fpr, err, sizeof(err)) == CC_OK, "%s", err);
	return d;
}

static size_t stored(const char *db)
{
	struct store *s;
	char err[512];
	size_t n;

	ck_assert_int_eq(store_open(db, &s, err, sizeof(err)), CC_OK);
	n = sc_count(s, NULL);
	store_close(s);
	return n;
}

/* POST /api/import: a bench's sealed package with its token is imported;
 * no token, a wrong one, a tampered package, another lab's seal, a hostile
 * tar are refused with the store unchanged. */
START_TEST(test_dash_import)
{
	char *tmp = tu_mkdtemp(), key[4200], pub[4200], key2[4200], pub2[4200], db[4200],
	     tar[4200], tar2[4200], err[1024], *runs[2], hash[65], line[256], *pkg, *tokens;
	static const char token[] = "bench-1-secret-0123456789abcdef";
	struct served sv;
	struct fetched f;
	size_t len;

	snprintf(key, sizeof(key), "%s/lab.key", tmp);
	snprintf(pub, sizeof(pub), "%s/lab.key.pub", tmp);
	snprintf(key2, sizeof(key2), "%s/other.key", tmp);
	snprintf(pub2, sizeof(pub2), "%s/other.key.pub", tmp);
	ck_assert_int_eq(sign_keygen(key, pub, err, sizeof(err)), CC_OK);
	ck_assert_int_eq(sign_keygen(key2, pub2, err, sizeof(err)), CC_OK);
	runs[0] = sealed_run(tmp, "a", key, "1.0");
	runs[1] = sealed_run(tmp, "b", key, "1.1");
	snprintf(tar, sizeof(tar), "%s/p.tar", tmp);
	snprintf(tar2, sizeof(tar2), "%s/other.tar", tmp);
	ck_assert_msg(package_build(runs, 2, tar, key, NULL, err, sizeof(err)) == CC_OK, "%s", err);
	ck_assert_msg(package_build(runs, 1, tar2, key2, NULL, err, sizeof(err)) == CC_OK, "%s", err);
	sha256_hex(token, strlen(token), hash);
	snprintf(line, sizeof(line), "# benches\nbench-1 %s\n", hash);
	tokens = tu_write(tmp, "tokens", line);
	snprintf(db, sizeof(db), "%s/d.sqlite", tmp);
	ck_assert_int_eq(read_file(tar, &pkg, &len), CC_OK);

	serve_start_import(db, tokens, pub, &sv);
	fetch_auth(&sv, "POST", "/api/import", pkg, len, NULL, &f);
	ck_assert_int_eq(f.status, 401);
	buf_release(&f.body);
	fetch_auth(&sv, "POST", "/api/import", pkg, len, "Authorization: Bearer not-the-token-at-all", &f);
	ck_assert_int_eq(f.status, 401);
	buf_release(&f.body);
	ck_assert_uint_eq(stored(db), 0);

	snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
	/* another lab's seal */
	{
		char *other;
		size_t olen;

		ck_assert_int_eq(read_file(tar2, &other, &olen), CC_OK);
		fetch_auth(&sv, "POST", "/api/import", other, olen, line, &f);
		ck_assert_int_eq(f.status, 422);
		buf_release(&f.body);
		free(other);
	}
	/* one byte of a run's record changed in the tar */
	{
		char *bad = malloc(len), *p;

		memcpy(bad, pkg, len);
		p = NULL;
		for (size_t i = 0; !p && i + 16 <= len; i++)
			if (!memcmp(bad + i, "\"firmware\":\"1.1\"", 16))
				p = bad + i;
		ck_assert_ptr_nonnull(p);
		p[13] = '9';
		fetch_auth(&sv, "POST", "/api/import", bad, len, line, &f);
		ck_assert_int_eq(f.status, 422);
		ck_assert_msg(strstr(buf_str(&f.body), "changed"), "%s", buf_str(&f.body));
		buf_release(&f.body);
		free(bad);
	}
	/* a package said to be larger than the cap: refused before it is read */
	{
		CURL *c = curl_easy_init();
		struct curl_slist *h = curl_slist_append(NULL, line);
		char url[400];
		long code = 0;

		h = curl_slist_append(h, "Content-Length: 300000000");
		snprintf(url, sizeof(url), "%sapi/import", sv.url);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "abc");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
		memset(&f, 0, sizeof(f));
		buf_init(&f.body, BUF_MAX_TEXT);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
		curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		ck_assert_int_eq(code, 413);
		buf_release(&f.body);
		curl_easy_cleanup(c);
		curl_slist_free_all(h);
	}
	fetch_auth(&sv, "POST", "/api/import", "not a tar at all", 0, line, &f);
	ck_assert_int_eq(f.status, 422);
	buf_release(&f.body);
	ck_assert_uint_eq(stored(db), 0);

	fetch_auth(&sv, "POST", "/api/import", pkg, len, line, &f);
	ck_assert_msg(f.status == 200, "%ld %s", f.status, buf_str(&f.body));
	ck_assert_msg(strstr(buf_str(&f.body), "\"already\":false"), "%s", buf_str(&f.body));
	buf_release(&f.body);
	fetch_auth(&sv, "POST", "/api/import", pkg, len, line, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert_msg(!strstr(buf_str(&f.body), "\"already\":false"), "%s", buf_str(&f.body));
	buf_release(&f.body);
	/* the pages stay read-only: a browser's POST elsewhere */
	fetch_auth(&sv, "POST", "/", pkg, len, line, &f);
	ck_assert_int_eq(f.status, 405);
	buf_release(&f.body);
	ck_assert_int_eq(serve_stop(&sv), 0);
	ck_assert_uint_eq(stored(db), 2);
	free(pkg);
	free(tokens);
	free(runs[0]);
	free(runs[1]);
	tu_rmdir(tmp);
}
END_TEST

/* HTTPS with the lab's certificate: served, and the certificate is the
 * one given (checked against it as the CA). */
START_TEST(test_dash_tls)
{
	char *tmp = tu_mkdtemp(), db[4200], bin[4200], line[512], url[300], *cert, *key;
	struct pki_pair srv;
	struct served sv;
	int fd[2];
	FILE *f;
	CURL *c;
	long code = 0;

	ck_assert_int_eq(pki_make_server(NULL, "localhost", "DNS:localhost,IP:127.0.0.1", -60, 3600,
					 &srv), CC_OK);
	cert = tu_write(tmp, "lab.crt", srv.cert_pem);
	key = tu_write(tmp, "lab.key", srv.key_pem);
	snprintf(db, sizeof(db), "%s/d.sqlite", tmp);
	snprintf(bin, sizeof(bin), "%s/carecert", tu_bindir());
	ck_assert_int_eq(pipe(fd), 0);
	sv.pid = fork();
	if (sv.pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(bin, bin, "serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
		      "--tls-key", key, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	ck_assert_msg(fgets(line, sizeof(line), f), "carecert serve printed nothing");
	fclose(f);
	ck_assert_msg(sscanf(line, "serving %255s", url) == 1 && !strncmp(url, "https://", 8),
		      "%s", line);
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CAINFO, cert);
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	ck_assert_int_eq(code, 200);
	curl_easy_cleanup(c);
	ck_assert_int_eq(serve_stop(&sv), 0);
	pki_pair_release(&srv);
	free(cert);
	free(key);
	tu_rmdir(tmp);
}
END_TEST

/* Lab accounts: pages need signing in; a wrong password, an unknown or
 * hostile user name is refused; the session cookie is HttpOnly and
 * SameSite=Strict; logging out ends it. */
START_TEST(test_dash_accounts)
{
	char *tmp = tu_mkdtemp(), cmd[8192], db[4200], acc[4200], bin[4200], line[512], *out,
	     hdr[400];
	struct served sv;
	struct fetched f;
	int fd[2];
	FILE *fp;

	snprintf(acc, sizeof(acc), "%s/accounts", tmp);
	snprintf(cmd, sizeof(cmd), "echo 'correct horse battery' | %s/carecert passwd %s alice",
		 tu_bindir(), acc);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	free(out);
	snprintf(cmd, sizeof(cmd), "echo short | %s/carecert passwd %s bob", tu_bindir(), acc);
	ck_assert_int_eq(tu_run(cmd, &out), 2); /* too short a password */
	free(out);
	out = tu_slurp(acc);
	ck_assert_msg(out && !strstr(out, "correct horse") && strstr(out, "alice scrypt$15$8$1$"),
		      "%s", out);
	free(out);

	snprintf(db, sizeof(db), "%s/d.sqlite", tmp);
	snprintf(bin, sizeof(bin), "%s/carecert", tu_bindir());
	ck_assert_int_eq(pipe(fd), 0);
	sv.pid = fork();
	if (sv.pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(bin, bin, "serve", "--db", db, "--listen", "127.0.0.1:0", "--accounts", acc,
		      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	fp = fdopen(fd[0], "r");
	ck_assert(fgets(line, sizeof(line), fp));
	fclose(fp);
	ck_assert(sscanf(line, "serving %255s", sv.url) == 1);

	fetch(&sv, "GET", "/", NULL, &f);
	ck_assert_int_eq(f.status, 303);
	ck_assert_str_eq(f.location, "/login");
	buf_release(&f.body);
	fetch(&sv, "GET", "/instruments", NULL, &f);
	ck_assert_int_eq(f.status, 303);
	buf_release(&f.body);
	fetch(&sv, "GET", "/login", NULL, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(strstr(buf_str(&f.body), "type=\"password\""));
	buf_release(&f.body);
	fetch(&sv, "POST", "/login", "user=alice&password=wrong+password", &f);
	ck_assert_int_eq(f.status, 401);
	ck_assert_str_eq(f.cookie, "");
	buf_release(&f.body);
	fetch(&sv, "POST", "/login", "user=alice%27%20OR%20%271%27%3D%271&password=x", &f);
	ck_assert_int_eq(f.status, 401);
	buf_release(&f.body);
	fetch(&sv, "POST", "/login", "user=alice&password=correct+horse+battery", &f);
	ck_assert_int_eq(f.status, 303);
	ck_assert_msg(!strncmp(f.cookie, "carecert_session=", 17) && strlen(f.cookie) == 17 + 64,
		      "%s", f.cookie);
	buf_release(&f.body);
	snprintf(hdr, sizeof(hdr), "Cookie: %s", f.cookie);
	fetch_auth(&sv, "GET", "/", NULL, 0, hdr, &f);
	ck_assert_int_eq(f.status, 200);
	ck_assert(strstr(buf_str(&f.body), "<p>0 runs"));
	ck_assert_msg(strstr(buf_str(&f.body), "action=\"/logout\">alice <button"), "%s",
		      buf_str(&f.body));
	buf_release(&f.body);
	/* a forged cookie is no session */
	fetch_auth(&sv, "GET", "/", NULL, 0,
		   "Cookie: carecert_session=00000000000000000000000000000000000000000000000000000000000000ff",
		   &f);
	ck_assert_int_eq(f.status, 303);
	buf_release(&f.body);
	fetch_auth(&sv, "POST", "/logout", "x", 0, hdr, &f);
	ck_assert_int_eq(f.status, 303);
	buf_release(&f.body);
	fetch_auth(&sv, "GET", "/", NULL, 0, hdr, &f);
	ck_assert_int_eq(f.status, 303);
	buf_release(&f.body);
	ck_assert_int_eq(serve_stop(&sv), 0);
	tu_rmdir(tmp);
}
END_TEST

Suite *suite_dash_http(void)
{
	Suite *s = suite_create("dash_http");
	TCase *tc = tcase_create("http");

	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_dash_http);
	tcase_add_test(tc, test_dash_plain_off_loopback_refused);
	tcase_add_test(tc, test_dash_import);
	tcase_add_test(tc, test_dash_tls);
	tcase_add_test(tc, test_dash_accounts);
	suite_add_tcase(s, tc);
	return s;
}
