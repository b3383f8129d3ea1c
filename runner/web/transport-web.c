/* SPDX-License-Identifier: MIT */
/*
 * The `browser` transport: a companion web app reached through a headless
 * Chromium (browser.h). Parameters: url (the app; `sim`: the HTTP
 * simulator's), pinned_public_key (sha256//BASE64 of the server key the
 * browser trusts beside the system's CAs; `sim`: the simulator's test
 * key), chromium (the executable, default "chromium"), axe (axe-core's
 * axe.min.js; default: the copy `make deps` installs). The capture
 * parameter the engine sets (traffic.browser.log) receives the browser's
 * own log, and names the run folder screenshots go to. Message transport:
 * byte send/recv are CC_ENOTSUP; every CDP message is logged by browser.c.
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "base/rx.h"
#include "transport/transport.h"
#include "chrome/browser.h"
#include "web/web.h"

#define START_TIMEOUT_NS (30 * NSEC_PER_SEC)
#define AXE_REL "tools/axe/node_modules/axe-core/axe.min.js"
#define AXE_MAX (8u * 1024u * 1024u)

/* home_path, elder_path, settings_path: where the app's pages are, for
 * suites (${transport.home_path}); checked to be paths */
static const char *const web_params[] = {
    "url",	  "pinned_public_key", "chromium",
    "axe",	  "capture",	       "home_path",
    "elder_path", "settings_path",     "induced_patterns",
    NULL};

static int web_check_param(const char *key, const char *value, char *err,
			   size_t errlen)
{
	if (!strcmp(key, "url") && strcmp(value, "sim") &&
	    strncmp(value, "https://", 8) && strncmp(value, "http://", 7)) {
		snprintf(err, errlen,
			 "url must be an http:// or https:// URL, or sim");
		return CC_EINVAL;
	}
	if (!strcmp(key, "induced_patterns")) {
		regex_t re;
		char msg[160];

		if (rx_compile(&re, value, REG_NOSUB, msg, sizeof(msg))) {
			snprintf(err, errlen, "induced_patterns: %s", msg);
			return CC_EINVAL;
		}
		regfree(&re);
		return CC_OK;
	}
	if (strstr(key, "_path") && value[0] != '/') {
		snprintf(err, errlen, "%s must be a path starting with '/'",
			 key);
		return CC_EINVAL;
	}
	if (!strcmp(key, "pinned_public_key") && strcmp(value, "sim")) {
		if (strncmp(value, "sha256//", 8) || strlen(value) != 8 + 44 ||
		    strspn(
			value + 8,
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789+/=") != 44) {
			snprintf(err, errlen,
				 "pinned_public_key must be sha256//BASE64 (44 "
				 "characters), or sim");
			return CC_EINVAL;
		}
	}
	return CC_OK;
}

/* axe-core as `make deps` installs it: beside the carecert binary's tree
 * (build/ or build/asan/ below the source tree), or below the current
 * folder. */
static void find_axe(struct web_link *w, const char *param)
{
	char exe[PATH_MAX], cand[PATH_MAX + 64];
	ssize_t n;

	if (param) {
		snprintf(w->axe_path, sizeof(w->axe_path), "%s", param);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		for (int up = 0; up < 4; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = 0;
			snprintf(cand, sizeof(cand), "%s/%s", exe, AXE_REL);
			if (!access(cand, R_OK)) {
				snprintf(w->axe_path, sizeof(w->axe_path), "%s",
					 cand);
				return;
			}
		}
	}
	snprintf(w->axe_path, sizeof(w->axe_path), "%s", AXE_REL);
}

static void load_axe(struct web_link *w, const char *param)
{
	char *text = NULL;
	size_t len = 0;

	free(w->axe);
	w->axe = NULL;
	w->axe_error[0] = 0;
	find_axe(w, param);
	if (read_file(w->axe_path, &text, &len) || !text) {
		snprintf(w->axe_error, sizeof(w->axe_error),
			 "axe-core is not installed (%s; make deps)",
			 w->axe_path);
		free(text);
		return;
	}
	if (len > AXE_MAX) {
		snprintf(w->axe_error, sizeof(w->axe_error),
			 "%s is larger than 8 MiB", w->axe_path);
		free(text);
		return;
	}
	w->axe = text;
	w->axe_len = len;
}

/* sha256//BASE64 -> BASE64, the form Chromium's SPKI list takes. */
static const char *pin_of(struct transport *t)
{
	const char *p = transport_param(t, "pinned_public_key");

	return p && !strncmp(p, "sha256//", 8) ? p + 8 : NULL;
}

static int web_open(struct transport *t, char *err, size_t errlen)
{
	struct web_link *w = transport_priv(t);
	const char *url = transport_param(t, "url"),
		   *exe = transport_param(t, "chromium");
	const char *cap = transport_param(t, "capture");
	struct browser_opts o = {.exe = exe ? exe : "chromium",
				 .spki_pins = pin_of(t),
				 .stderr_path = cap,
				 .log = t};
	json_object *v = NULL, *p;
	int rc;

	if (!w) {
		snprintf(err, errlen, "the browser link has no client");
		return CC_EINVAL;
	}
	if (!url || !strcmp(url, "sim")) {
		snprintf(err, errlen,
			 "url is not set (sim without a simulator?)");
		return CC_EINVAL;
	}
	snprintf(w->base_url, sizeof(w->base_url), "%s", url);
	/* the run folder is where the engine put the capture */
	w->out_dir[0] = 0;
	if (cap) {
		const char *slash = strrchr(cap, '/');

		snprintf(w->out_dir, sizeof(w->out_dir), "%.*s",
			 slash ? (int)(slash - cap) : 1, slash ? cap : ".");
	}
	load_axe(w, transport_param(t, "axe"));
	rc = browser_start(&o, mono_now_ns() + START_TIMEOUT_NS, &w->b, err,
			   errlen);
	if (rc)
		return rc;
	w->product[0] = 0;
	if (!browser_call(w->b, "Browser.getVersion", NULL,
			  mono_now_ns() + 5 * NSEC_PER_SEC, &v, err, errlen) &&
	    json_object_object_get_ex(v, "product", &p) &&
	    json_object_is_type(p, json_type_string))
		snprintf(w->product, sizeof(w->product), "%s",
			 json_object_get_string(p));
	json_object_put(v);
	w->page_url[0] = 0;
	return CC_OK;
}

static void web_close(struct transport *t)
{
	struct web_link *w = transport_priv(t);

	if (!w)
		return;
	browser_stop(w->b);
	w->b = NULL;
}

static int web_send(struct transport *t, const uint8_t *p, size_t n)
{
	(void)t;
	(void)p;
	(void)n;
	return CC_ENOTSUP;
}

static int web_recv(struct transport *t, uint8_t *p, size_t cap, size_t *got,
		    int64_t deadline)
{
	(void)t;
	(void)p;
	(void)cap;
	(void)deadline;
	*got = 0;
	return CC_ENOTSUP;
}

static const char *web_describe(struct transport *t)
{
	static char d[700];
	struct web_link *w = transport_priv(t);

	snprintf(d, sizeof(d), "%s headless, %s",
		 w && w->product[0] ? w->product : "Chromium",
		 w ? w->base_url : "");
	return d;
}

static void *web_client_new(struct transport *t, int *rc)
{
	struct web_link *w = calloc(1, sizeof(*w));

	if (!w) {
		*rc = CC_ENOMEM;
		return NULL;
	}
	w->t = t;
	transport_set_priv(t, w);
	return w;
}

static void web_client_reset(void *client)
{
	struct web_link *w = client;

	w->page_url[0] = 0;
}

static size_t web_client_drain(void *client, int64_t quiet_ns)
{
	(void)client;
	(void)quiet_ns;
	return 0;
}

static void web_client_free(void *client)
{
	struct web_link *w = client;

	if (!w)
		return;
	browser_stop(w->b);
	free(w->axe);
	free(w);
}

const struct transport_ops transport_web_ops = {
    .kind = "browser",
    .params = web_params,
    .check_param = web_check_param,
    .open = web_open,
    .close = web_close,
    .send = web_send,
    .recv = web_recv,
    .describe = web_describe,
    .sim_param = "url",
    .capture_ext = "browser.log",
    .client_new = web_client_new,
    .client_reset = web_client_reset,
    .client_drain = web_client_drain,
    .client_free = web_client_free,
};
