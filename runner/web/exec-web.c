/* SPDX-License-Identifier: MIT */
/*
 * Running the web steps (web-step.h) on a browser link (web.h). The page
 * measures (web-probe.h); the judgements are made here and in wcag.c
 * against the step's limits, each one evidence with the offending
 * elements (selector, text, what was measured) and, when a check fails, a
 * screenshot with them outlined, kept in the run folder and hashed.
 */
#include <json-c/json.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "base/rx.h"
#include "core/exec-internal.h"
#include "core/suite.h"
#include "transport/transport.h"
#include "chrome/browser.h"
#include "web/wcag.h"
#include "chrome/cdp-msg.h"
#include "web/web-probe.h"
#include "web/web-step.h"
#include "web/web.h"

#define PROBE_NS (20 * NSEC_PER_SEC)   /* one measurement, at most */
#define MAX_OFFENDERS 20	       /* listed in the evidence */
#define MAX_SHOT (24u * 1024u * 1024u) /* decoded PNG */
#define AXE_RESULT_MAX (4u * 1024u * 1024u)

/* A signal asked the run to stop (the step's waits end now). */
static bool stopping(const struct exec *e)
{
	return e->stop && *e->stop;
}

static struct web_link *link_of(struct exec *e)
{
	struct web_link *w = e->client;

	if (!e->t || strcmp(transport_ops(e->t)->kind, "browser") || !w) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: web steps need a browser link");
		return NULL;
	}
	if (!w->b) {
		exec_link_error(e, CC_ECLOSED, "browser");
		return NULL;
	}
	browser_set_stop(w->b, e->stop);
	return w;
}

static int64_t deadline(struct exec *e, int64_t within)
{
	return exec_deadline(e, within);
}

/* A browser failure: the link is given up when the browser went away. */
static enum verdict browser_failed(struct exec *e, int rc, const char *what,
				   const char *err)
{
	if (rc == CC_ECLOSED || rc == CC_EIO) {
		e->link_failed = true;
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "%s: the browser went away: %s", what, err);
	}
	if (rc == CC_ETIMEDOUT && stopping(e))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "%s: interrupted", what);
	return exec_decide(e, rc == CC_EPROTO ? VERDICT_FAIL : VERDICT_ERROR,
			   NULL, NULL, 0, 0, "%s: %s", what, err);
}

static bool number(struct exec *e, const char *key, const char *tmpl,
		   const char *unit, double *out)
{
	struct buf b;
	bool ok;

	buf_init(&b, BUF_MAX_FRAME);
	ok = exec_expand(e, tmpl, &b) &&
	     exec_quantity(e, key, buf_str(&b), unit, false, out);
	buf_release(&b);
	return ok;
}

static void sleep_ns(struct exec *e, int64_t ns)
{
	int64_t until = mono_now_ns() + ns;

	while (!stopping(e) && mono_now_ns() < until)
		usleep(10000);
}

static int set_viewport(struct web_link *w, long width, int64_t dl, char *err,
			size_t errlen)
{
	json_object *p = json_object_new_object();

	json_object_object_add(p, "width", json_object_new_int64(width));
	json_object_object_add(p, "height", json_object_new_int64(w->vh));
	json_object_object_add(p, "deviceScaleFactor",
			       json_object_new_double(w->scale));
	json_object_object_add(p, "mobile", json_object_new_boolean(w->mobile));
	return browser_call(w->b, "Emulation.setDeviceMetricsOverride", p, dl,
			    NULL, err, errlen);
}

/* ---- evidence ---- */

static json_object *item(const char *sel, const char *text,
			 const char *observed)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "selector", json_object_new_string(sel));
	json_object_object_add(o, "text", json_object_new_string(text));
	json_object_object_add(o, "observed", json_object_new_string(observed));
	return o;
}

/* Base64 PNG from the browser into the run folder; {file, sha256}. */
static json_object *save_png(struct web_link *w, const char *b64,
			     const char *name, char *err, size_t errlen)
{
	static const unsigned char sig[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	size_t n = strlen(b64), pad = 0;
	unsigned char *png;
	char dir[PATH_MAX], path[PATH_MAX + 96], file[160],
	    hex[SHA256_HEX_LEN + 1];
	json_object *o;
	int len;

	if (n % 4 || n / 4 * 3 > MAX_SHOT || n < 12) {
		snprintf(err, errlen,
			 "the screenshot is not base64 of a bounded size");
		return NULL;
	}
	pad = (b64[n - 1] == '=') + (b64[n - 2] == '=');
	if (!(png = malloc(n / 4 * 3 + 1)))
		return NULL;
	len = EVP_DecodeBlock(png, (const unsigned char *)b64, (int)n);
	if (len < 8 + (int)pad || memcmp(png, sig, 8)) {
		snprintf(err, errlen, "the screenshot is not a PNG");
		free(png);
		return NULL;
	}
	len -= (int)pad;
	w->shots++;
	snprintf(dir, sizeof(dir), "%s/web", w->out_dir[0] ? w->out_dir : ".");
	snprintf(file, sizeof(file), "web/%03u-%s.png", w->shots, name);
	snprintf(path, sizeof(path), "%s/%s", w->out_dir[0] ? w->out_dir : ".",
		 file);
	if (mkdir_p(dir) || atomic_write_file(path, png, (size_t)len)) {
		snprintf(err, errlen, "cannot write %s", path);
		free(png);
		return NULL;
	}
	sha256_hex(png, (size_t)len, hex);
	free(png);
	o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "sha256", json_object_new_string(hex));
	return o;
}

/* Outline the selectors (a JSON array text, may be NULL) and take a PNG. */
static json_object *shoot(struct exec *e, struct web_link *w, const char *name,
			  const char *selectors, char *err, size_t errlen)
{
	json_object *p, *res = NULL, *data, *ans = NULL, *o = NULL;
	int64_t dl = deadline(e, PROBE_NS);

	if (selectors &&
	    web_probe(w->b, "outline", selectors, dl, &ans, err, errlen))
		return NULL;
	json_object_put(ans);
	p = json_object_new_object();
	json_object_object_add(p, "format", json_object_new_string("png"));
	if (browser_call(w->b, "Page.captureScreenshot", p, dl, &res, err,
			 errlen))
		return NULL;
	if (json_object_object_get_ex(res, "data", &data) &&
	    json_object_is_type(data, json_type_string))
		o = save_png(w, json_object_get_string(data), name, err,
			     errlen);
	else
		snprintf(err, errlen, "no screenshot data");
	json_object_put(res);
	return o;
}

/* The evidence's web object: the page, the check, how many offended, the
 * first of them and (when it failed) the screenshot. */
static void attach(struct exec *e, struct web_link *w, const char *check,
		   size_t count, size_t measured, json_object *offenders,
		   bool failed, const char *shot_name)
{
	json_object *o = json_object_new_object(),
		    *sels = json_object_new_array();
	char err[200] = "";

	json_object_object_add(o, "url", json_object_new_string(w->page_url));
	json_object_object_add(o, "check", json_object_new_string(check));
	json_object_object_add(o, "measured",
			       json_object_new_int64((int64_t)measured));
	json_object_object_add(o, "count",
			       json_object_new_int64((int64_t)count));
	for (size_t i = 0; offenders && i < json_object_array_length(offenders);
	     i++)
		json_object_array_add(
		    sels,
		    json_object_new_string(web_item_str(
			json_object_array_get_idx(offenders, i), "selector")));
	if (failed) {
		json_object *s = shoot(e, w, shot_name,
				       json_object_to_json_string_ext(
					   sels, JSON_C_TO_STRING_PLAIN),
				       err, sizeof(err));

		if (s)
			json_object_object_add(o, "screenshot", s);
	}
	json_object_put(sels);
	json_object_object_add(o, "offenders",
			       offenders ? offenders : json_object_new_array());
	exec_evidence_attach(e, "web", o);
}

static json_object *items_of(json_object *ans, size_t *n, size_t *cut)
{
	json_object *v;

	*n = *cut = 0;
	if (json_object_object_get_ex(ans, "cut", &v) &&
	    json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) > 0)
		*cut = (size_t)json_object_get_int64(v);
	if (!json_object_object_get_ex(ans, "items", &v) ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	*n = json_object_array_length(v);
	return v;
}

/* The common end of a check over items: pass, or fail with offenders. */
static enum verdict judge(struct exec *e, struct web_link *w, enum web_check c,
			  size_t count, size_t measured, json_object *offenders,
			  const char *expected, const char *observed,
			  const char *what)
{
	enum verdict v = count ? VERDICT_FAIL : VERDICT_PASS;
	char first[300] = "";

	if (count)
		snprintf(first, sizeof(first), ": first %s",
			 web_item_str(json_object_array_get_idx(offenders, 0),
				      "selector"));
	exec_decide(e, v, expected, observed, 0, 0, "%s: %zu of %zu %s%s",
		    web_check_names[c], count, measured, what, first);
	attach(e, w, web_check_names[c], count, measured, offenders, count > 0,
	       web_check_names[c]);
	return v;
}

/* Measure in the page: false (with the verdict decided) on failure. */
static bool probed(struct exec *e, struct web_link *w, const char *mode,
		   const char *arg, json_object **ans)
{
	char err[300];
	int rc = web_probe(w->b, mode, arg, deadline(e, PROBE_NS), ans, err,
			   sizeof(err));

	if (rc)
		browser_failed(e, rc, mode, err);
	return !rc;
}

/* ---- checks ---- */

static enum verdict check_text_size(struct exec *e, struct web_link *w,
				    const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	double min, smallest = INFINITY;
	size_t n, cut, count = 0;
	char exp[64], obs[64];
	enum verdict v;

	if (!number(e, "min", s->min, "px", &min) ||
	    !probed(e, w, "text", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		double px = web_item_num(it, "px");
		char o[32];

		if (isnan(px))
			continue;
		smallest = fmin(smallest, px);
		if (px + 0.01 >= min)
			continue;
		if (count++ < MAX_OFFENDERS) {
			snprintf(o, sizeof(o), "%.4g px", px);
			json_object_array_add(
			    off, item(web_item_str(it, "sel"),
				      web_item_str(it, "text"), o));
		}
	}
	snprintf(exp, sizeof(exp), "every text >= %.4g px", min);
	snprintf(obs, sizeof(obs),
		 isinf(smallest) ? "no text" : "smallest %.4g px", smallest);
	if (!isinf(smallest))
		exec_measurement_min(e, "smallest text size", smallest, "px",
				     min, count ? VERDICT_FAIL : VERDICT_PASS);
	v = judge(e, w, s->check, count, n + cut, off, exp, obs,
		  "texts are smaller");
	json_object_put(ans);
	return v;
}

static enum verdict check_line_height(struct exec *e, struct web_link *w,
				      const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	double min, lowest = INFINITY;
	size_t n, cut, count = 0;
	char exp[64], obs[64];
	enum verdict v;

	if (!number(e, "min", s->min, "", &min) ||
	    !probed(e, w, "text", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		double px = web_item_num(it, "px"), lh = web_item_num(it, "lh"),
		       r;
		char o[48];

		if (isnan(px) || isnan(lh) || px <= 0)
			continue;
		/* "normal" is about 1.2 in every browser's default fonts (CSS 2
		 * 10.8.1 suggests 1.0 to 1.2): taken as 1.2 */
		r = lh > 0 ? lh / px : 1.2;
		lowest = fmin(lowest, r);
		if (r + 0.005 >= min)
			continue;
		if (count++ < MAX_OFFENDERS) {
			snprintf(o, sizeof(o),
				 lh > 0 ? "%.3g x (%.4g px on %.4g px)"
					: "normal (%.3g x)",
				 r, lh, px);
			json_object_array_add(
			    off, item(web_item_str(it, "sel"),
				      web_item_str(it, "text"), o));
		}
	}
	snprintf(exp, sizeof(exp), "line height >= %.3g x the font size", min);
	snprintf(obs, sizeof(obs), isinf(lowest) ? "no text" : "lowest %.3g x",
		 lowest);
	if (!isinf(lowest))
		exec_measurement_min(e, "lowest line height", lowest, "", min,
				     count ? VERDICT_FAIL : VERDICT_PASS);
	v = judge(e, w, s->check, count, n + cut, off, exp, obs,
		  "texts have tighter lines");
	json_object_put(ans);
	return v;
}

/* The background behind a text: its layers (top first) painted bottom-up. */
static bool background(json_object *it, struct wcag_rgba *bg)
{
	json_object *layers;
	size_t n;

	if (!json_object_object_get_ex(it, "bgs", &layers) ||
	    !json_object_is_type(layers, json_type_array) ||
	    !(n = json_object_array_length(layers)) || n > 64)
		return false;
	*bg = (struct wcag_rgba){255, 255, 255, 1};
	for (size_t i = n; i-- > 0;) {
		json_object *c = json_object_array_get_idx(layers, i);
		struct wcag_rgba l;

		if (!json_object_is_type(c, json_type_string) ||
		    wcag_parse_color(json_object_get_string(c), &l))
			return false;
		*bg = wcag_blend(l, *bg);
	}
	return true;
}

static enum verdict check_contrast(struct exec *e, struct web_link *w,
				   const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	double min, large_min, large_px, bold_px, worst = INFINITY;
	size_t n, cut, count = 0, unmeasured = 0;
	char exp[96], obs[96];
	enum verdict v;

	if (!number(e, "min", s->min, "", &min) ||
	    !number(e, "large_min", s->large_min, "", &large_min) ||
	    !number(e, "large_text", s->large_text, "px", &large_px) ||
	    !number(e, "large_bold", s->large_bold, "px", &bold_px) ||
	    !probed(e, w, "text", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		struct wcag_rgba fg, bg;
		double px = web_item_num(it, "px"),
		       weight = web_item_num(it, "weight"), ratio, need;
		char o[96];

		if (isnan(px) ||
		    wcag_parse_color(web_item_str(it, "fg"), &fg) ||
		    !background(it, &bg)) {
			unmeasured++; /* text over an image: not judged here
					 (axe may) */
			continue;
		}
		ratio = wcag_contrast(fg, bg);
		need =
		    wcag_contrast_needed(px, isnan(weight) ? 400 : (int)weight,
					 large_px, bold_px, min, large_min);
		worst = fmin(worst, ratio / need);
		if (ratio + 0.005 >= need)
			continue;
		if (count++ < MAX_OFFENDERS) {
			snprintf(o, sizeof(o),
				 "%.2f:1 (needs %.3g:1; %s on %.0f,%.0f,%.0f)",
				 ratio, need, web_item_str(it, "fg"), bg.r,
				 bg.g, bg.b);
			json_object_array_add(
			    off, item(web_item_str(it, "sel"),
				      web_item_str(it, "text"), o));
		}
	}
	snprintf(exp, sizeof(exp), "%.3g:1 (large text %.3g:1)", min,
		 large_min);
	snprintf(obs, sizeof(obs), "%zu below%s%zu not measured (image behind)",
		 count, unmeasured ? "; " : ", ", unmeasured);
	exec_measurement_max(e, "texts below their contrast", (double)count, "",
			     0, count ? VERDICT_FAIL : VERDICT_PASS);
	(void)worst;
	v = judge(e, w, s->check, count, n + cut, off, exp, obs,
		  "texts have too little contrast");
	json_object_put(ans);
	return v;
}

static enum verdict check_targets(struct exec *e, struct web_link *w,
				  const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	double min, smallest = INFINITY;
	size_t n, cut, count = 0;
	char exp[64], obs[64];
	enum verdict v;

	if (!number(e, "min", s->min, "px", &min) ||
	    !probed(e, w, "targets", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		struct wcag_target t = {web_item_num(it, "w"),
					web_item_num(it, "h"),
					web_item_bool(it, "inline")};
		char o[64];

		if (isnan(t.w) || isnan(t.h))
			continue;
		if (!t.is_inline)
			smallest = fmin(smallest, fmin(t.w, t.h));
		if (wcag_target_ok(&t, min, true))
			continue;
		if (count++ < MAX_OFFENDERS) {
			snprintf(o, sizeof(o), "%.4g x %.4g px", t.w, t.h);
			json_object_array_add(
			    off, item(web_item_str(it, "sel"),
				      web_item_str(it, "text"), o));
		}
	}
	snprintf(exp, sizeof(exp), "every target >= %.4g x %.4g px", min, min);
	snprintf(obs, sizeof(obs),
		 isinf(smallest) ? "no targets" : "smallest side %.4g px",
		 smallest);
	if (!isinf(smallest))
		exec_measurement_min(e, "smallest target side", smallest, "px",
				     min, count ? VERDICT_FAIL : VERDICT_PASS);
	v = judge(e, w, s->check, count, n + cut, off, exp, obs,
		  "targets are too small");
	json_object_put(ans);
	return v;
}

static enum verdict check_overlay(struct exec *e, struct web_link *w,
				  const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	double max, largest = 0;
	size_t n, cut, count = 0;
	char exp[64], obs[64];
	enum verdict v;

	if (!number(e, "max", s->max, "%", &max) ||
	    !probed(e, w, "overlays", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		double pct = web_item_num(it, "frac") * 100;
		char o[64];

		if (isnan(pct))
			continue;
		largest = fmax(largest, pct);
		if (pct <= max)
			continue;
		if (count++ < MAX_OFFENDERS) {
			snprintf(o, sizeof(o),
				 "%s box over %.0f %% of the viewport",
				 web_item_str(it, "position"), pct);
			json_object_array_add(
			    off, item(web_item_str(it, "sel"),
				      web_item_str(it, "text"), o));
		}
	}
	snprintf(exp, sizeof(exp), "no fixed box over %.3g %% of the viewport",
		 max);
	snprintf(obs, sizeof(obs), "largest %.0f %%", largest);
	exec_measurement_max(e, "largest fixed box", largest, "%", max,
			     count ? VERDICT_FAIL : VERDICT_PASS);
	v = judge(e, w, s->check, count, n + cut, off, exp, obs,
		  "fixed boxes cover the page (pop-up or overlay)");
	json_object_put(ans);
	return v;
}

static enum verdict check_entry(struct exec *e, struct web_link *w,
				const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	size_t n, cut;
	struct buf names;
	const char *found = NULL;
	enum verdict v;

	if (!probed(e, w, "entries", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n && !found; i++) {
		json_object *it = json_object_array_get_idx(items, i);

		for (char **nm = s->names; nm && *nm && !found; nm++)
			if (strstr(web_item_str(it, "text"), *nm))
				found = web_item_str(it, "sel");
	}
	buf_init(&names, BUF_MAX_FRAME);
	for (char **nm = s->names; nm && *nm; nm++)
		if (buf_appendf(&names, "%s%s", nm == s->names ? "" : ", ",
				*nm))
			break;
	v = exec_decide(e, found ? VERDICT_PASS : VERDICT_FAIL, buf_str(&names),
			found ? found : "none of the page's controls", 0, 0,
			"elderly_entry: %s among %zu controls",
			found ? "an entry" : "no entry", n);
	if (found)
		json_object_array_add(off, item(found, "", "entry"));
	attach(e, w, "elderly_entry", found ? 0 : 1, n + cut, off, !found,
	       "elderly_entry");
	buf_release(&names);
	json_object_put(ans);
	return v;
}

static int press_tab(struct web_link *w, int64_t dl, char *err, size_t errlen)
{
	static const char *const types[] = {"keyDown", "keyUp"};
	int rc = CC_OK;

	for (int i = 0; i < 2 && !rc; i++) {
		json_object *p = json_object_new_object();

		json_object_object_add(p, "type",
				       json_object_new_string(types[i]));
		json_object_object_add(p, "key", json_object_new_string("Tab"));
		json_object_object_add(p, "code",
				       json_object_new_string("Tab"));
		json_object_object_add(p, "windowsVirtualKeyCode",
				       json_object_new_int(9));
		rc = browser_call(w->b, "Input.dispatchKeyEvent", p, dl, NULL,
				  err, errlen);
	}
	return rc;
}

static enum verdict check_keyboard(struct exec *e, struct web_link *w,
				   const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	size_t n, cut, count = 0, unringed = 0;
	bool *reached;
	long first = -1;
	char err[300], *dummy = NULL, exp[96], obs[96];
	enum verdict v;
	int rc;

	if (!probed(e, w, "controls", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	items = items_of(ans, &n, &cut);
	reached = calloc(n + 1, sizeof(*reached));
	rc = web_eval_string(w->b,
			     "(function(){if(document.activeElement)document."
			     "activeElement.blur();"
			     "window.focus();return 'ok';})()",
			     deadline(e, PROBE_NS), &dummy, err, sizeof(err));
	free(dummy);
	for (long i = 0; !rc && reached && i < s->max_tabs && !stopping(e);
	     i++) {
		json_object *f = NULL;
		long k;

		if ((rc = press_tab(w, deadline(e, PROBE_NS), err,
				    sizeof(err))) ||
		    (rc = web_probe(w->b, "focus", NULL, deadline(e, PROBE_NS),
				    &f, err, sizeof(err))))
			break;
		k = (long)web_item_num(f, "k");
		if (k >= 0 && (size_t)k < n) {
			if (k == first) { /* round the page once */
				json_object_put(f);
				break;
			}
			if (first < 0)
				first = k;
			if (!reached[k] && !web_item_bool(f, "ring") &&
			    unringed++ < MAX_OFFENDERS)
				json_object_array_add(
				    off, item(web_item_str(f, "sel"),
					      web_item_str(f, "text"),
					      "focused without a visible focus "
					      "indicator"));
			reached[k] = true;
		} else if (k == -2 && first >= 0) {
			json_object_put(
			    f); /* focus left the page: the walk is over */
			break;
		}
		json_object_put(f);
	}
	if (rc || !reached) {
		free(reached);
		json_object_put(ans);
		json_object_put(off);
		return rc ? browser_failed(e, rc, "keyboard", err)
			  : VERDICT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);

		if (reached[i])
			continue;
		if (count++ < MAX_OFFENDERS)
			json_object_array_add(off,
					      item(web_item_str(it, "sel"),
						   web_item_str(it, "text"),
						   "not reached by Tab"));
	}
	snprintf(exp, sizeof(exp),
		 "Tab reaches all %zu controls, each with a focus indicator",
		 n);
	snprintf(obs, sizeof(obs),
		 "%zu not reached, %zu without a focus indicator", count,
		 unringed);
	v = judge(e, w, s->check, count + unringed, n + cut, off, exp, obs,
		  "controls are not reachable by keyboard or show no focus");
	free(reached);
	json_object_put(ans);
	return v;
}

static enum verdict check_reflow(struct exec *e, struct web_link *w,
				 const struct web_step *s)
{
	json_object *ans = NULL, *off = json_object_new_array();
	double width, sw, cw;
	bool ok;
	char err[300], exp[64], obs[64];
	enum verdict v;
	int rc;

	/* without a width: the viewport web_open set (a zoom) */
	width = (double)w->vw;
	if (s->reflow_width &&
	    !number(e, "width", s->reflow_width, "px", &width))
		return json_object_put(off), VERDICT_ERROR;
	if ((rc = set_viewport(w, (long)width, deadline(e, PROBE_NS), err,
			       sizeof(err))))
		return json_object_put(off),
		       browser_failed(e, rc, "reflow", err);
	sleep_ns(e, 100 * NSEC_PER_MSEC);
	ok = probed(e, w, "reflow", NULL, &ans);
	rc = set_viewport(w, w->vw, deadline(e, PROBE_NS), err, sizeof(err));
	if (!ok) {
		json_object_put(off);
		return VERDICT_ERROR;
	}
	sw = web_item_num(ans, "scroll_width");
	cw = web_item_num(ans, "client_width");
	json_object_put(ans);
	if (isnan(sw) || isnan(cw)) {
		json_object_put(off);
		return exec_decide(e, VERDICT_FAIL, NULL, NULL, 0, 0,
				   "reflow: the page gave no widths");
	}
	snprintf(exp, sizeof(exp), "no horizontal scroll at %.4g px", width);
	snprintf(obs, sizeof(obs), "content %.0f px wide in %.0f px", sw, cw);
	exec_measurement_max(e, "content width at reflow", sw, "px", cw,
			     sw > cw + 0.5 ? VERDICT_FAIL : VERDICT_PASS);
	if (sw > cw + 0.5)
		json_object_array_add(off, item("html", "", obs));
	v = judge(e, w, s->check, sw > cw + 0.5, 1, off, exp, obs,
		  "pages scroll sideways");
	if (rc && v == VERDICT_PASS)
		return browser_failed(e, rc, "reflow", err);
	return v;
}

/* Time runs virtually (Emulation.setVirtualTimePolicy): minutes of a
 * session pass in a second, the page's own timers firing as they would. */
static enum verdict check_timeout(struct exec *e, struct web_link *w,
				  const struct web_step *s)
{
	json_object *ans = NULL, *off = json_object_new_array();
	double observe, warn, t = 0, warned_at = -1, expired_at = -1, step;
	char start[1024], err[300], exp[128], obs[160];
	unsigned dialogs0 = browser_dialogs(w->b);
	enum verdict v;
	int rc = CC_OK;

	if (!number(e, "observe", s->observe, "s", &observe) ||
	    !number(e, "warn", s->warn, "s", &warn) ||
	    !probed(e, w, "dialog", NULL, &ans))
		return json_object_put(off), VERDICT_ERROR;
	snprintf(start, sizeof(start), "%s", web_item_str(ans, "href"));
	json_object_put(ans);
	step = fmax(1, fmin(warn / 2, 30));
	while (t < observe && !stopping(e)) {
		json_object *p = json_object_new_object();
		size_t n, cut;

		json_object_object_add(p, "policy",
				       json_object_new_string("advance"));
		json_object_object_add(p, "budget",
				       json_object_new_double(step * 1000));
		browser_clear_events(w->b);
		if ((rc = browser_call(w->b, "Emulation.setVirtualTimePolicy",
				       p, deadline(e, PROBE_NS), NULL, err,
				       sizeof(err))) ||
		    (rc = browser_wait_event(
			 w->b, "Emulation.virtualTimeBudgetExpired",
			 deadline(e, PROBE_NS), NULL)))
			break;
		t += step;
		if ((rc = web_probe(w->b, "dialog", NULL, deadline(e, PROBE_NS),
				    &ans, err, sizeof(err)))) {
			/* a navigation under way destroys the context: once
			 * more */
			sleep_ns(e, 200 * NSEC_PER_MSEC);
			if ((rc = web_probe(w->b, "dialog", NULL,
					    deadline(e, PROBE_NS), &ans, err,
					    sizeof(err))))
				break;
		}
		items_of(ans, &n, &cut);
		if ((n || browser_dialogs(w->b) > dialogs0) && warned_at < 0)
			warned_at = t;
		if (strcmp(web_item_str(ans, "href"), start)) {
			expired_at = t;
			json_object_put(ans);
			break;
		}
		json_object_put(ans);
	}
	if (rc) {
		json_object_put(off);
		return browser_failed(e, rc, "session_timeout", err);
	}
	snprintf(exp, sizeof(exp),
		 "no time-out within %.0f s, or a warning >= %.0f s before it",
		 observe, warn);
	if (expired_at < 0)
		snprintf(obs, sizeof(obs), "the page stayed for %.0f s%s", t,
			 warned_at >= 0 ? " (a dialog appeared)" : "");
	else if (warned_at >= 0)
		snprintf(obs, sizeof(obs),
			 "a warning at %.0f s, the page left at %.0f s",
			 warned_at, expired_at);
	else
		snprintf(obs, sizeof(obs),
			 "the page left at %.0f s without a warning",
			 expired_at);
	bool bad =
	    expired_at >= 0 && (warned_at < 0 || expired_at - warned_at < warn);

	if (bad)
		json_object_array_add(off, item("html", start, obs));
	v = judge(e, w, s->check, bad, 1, off, exp, obs,
		  "sessions end without a warning");
	return v;
}

/* Induced buttons (诱导下载, 诱导付款): a visible control whose name
 * matches one of the suite's patterns, or the profile's transport
 * parameter induced_patterns (one more POSIX ERE). */
static enum verdict check_induced(struct exec *e, struct web_link *w,
				  const struct web_step *s)
{
	json_object *ans, *items, *off = json_object_new_array();
	const char *extra = transport_param(e->t, "induced_patterns");
	regex_t xre;
	bool has_x = false;
	size_t n, cut, count = 0;
	char exp[160];
	enum verdict v;

	if (extra && *extra) {
		char msg[160];

		if (rx_compile(&xre, extra, REG_NOSUB, msg, sizeof(msg))) {
			json_object_put(off);
			return exec_decide(e, VERDICT_ERROR, NULL, extra, 0, 0,
					   "profile: induced_patterns: %s",
					   msg);
		}
		has_x = true;
	}
	if (!probed(e, w, "entries", NULL, &ans)) {
		if (has_x)
			regfree(&xre);
		json_object_put(off);
		return VERDICT_ERROR;
	}
	items = items_of(ans, &n, &cut);
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		const char *name = web_item_str(it, "text");
		bool hit = has_x && !regexec(&xre, name, 0, NULL, 0);

		for (size_t k = 0; !hit && k < s->nres; k++)
			hit = !regexec(&s->res[k], name, 0, NULL, 0);
		if (hit && count++ < MAX_OFFENDERS)
			json_object_array_add(
			    off,
			    item(web_item_str(it, "sel"), name,
				 "named like an induced download or payment"));
	}
	if (has_x)
		regfree(&xre);
	snprintf(exp, sizeof(exp), "no control named like: %s%s%s",
		 s->names && s->names[0] ? s->names[0] : "",
		 s->nres > 1 ? ", ..." : "",
		 has_x ? " (and the profile's patterns)" : "");
	v = judge(e, w, s->check, count, n + cut, off, exp,
		  count ? "an induced button" : "none",
		  "controls induce a download or payment");
	json_object_put(ans);
	return v;
}

/* axe-core in the page: injected from the pinned copy, run by tag; each
 * violation is evidence with its WCAG success criteria. */
static enum verdict check_axe(struct exec *e, struct web_link *w,
			      const struct web_step *s)
{
	json_object *opts = json_object_new_object(),
		    *run_only = json_object_new_object(),
		    *tags = json_object_new_array(),
		    *rules = json_object_new_object(), *doc = NULL, *viol,
		    *off = json_object_new_array();
	char err[300], *text = NULL, *dummy = NULL, exp[160], obs[96],
		       ver[32] = "";
	struct buf expr;
	size_t nodes = 0, nviol = 0;
	json_tokener *tok;
	int rc;

	if (!w->axe) {
		json_object_put(opts);
		json_object_put(run_only);
		json_object_put(tags);
		json_object_put(rules);
		json_object_put(off);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "axe: %s", w->axe_error);
	}
	for (char **t = s->tags; t && *t; t++)
		json_object_array_add(tags, json_object_new_string(*t));
	json_object_object_add(run_only, "type", json_object_new_string("tag"));
	json_object_object_add(run_only, "values", tags);
	json_object_object_add(opts, "runOnly", run_only);
	for (char **r = s->skip_rules; r && *r; r++) {
		json_object *off1 = json_object_new_object();

		json_object_object_add(off1, "enabled",
				       json_object_new_boolean(0));
		json_object_object_add(rules, *r, off1);
	}
	json_object_object_add(opts, "rules", rules);
	json_object_object_add(opts, "resultTypes", json_object_new_array());
	json_object_array_add(json_object_object_get(opts, "resultTypes"),
			      json_object_new_string("violations"));
	buf_init(&expr, BUF_MAX_TEXT);
	if (buf_append(&expr, w->axe, w->axe_len) ||
	    buf_append_str(&expr, "\n;'axe ' + axe.version")) {
		buf_release(&expr);
		json_object_put(opts);
		json_object_put(off);
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "axe: out of memory");
	}
	rc = web_eval_string(w->b, buf_str(&expr), deadline(e, PROBE_NS),
			     &dummy, err, sizeof(err));
	if (!rc && dummy)
		snprintf(ver, sizeof(ver), "%s", dummy + 4);
	free(dummy);
	buf_reset(&expr);
	if (!rc && buf_appendf(&expr,
			       "axe.run(document, %s).then(function (r) { "
			       "return JSON.stringify({"
			       "version: axe.version, violations: "
			       "r.violations.slice(0, 100).map(function (v) {"
			       " return { id: v.id, impact: v.impact || '', "
			       "help: String(v.help).slice(0, 200),"
			       " tags: v.tags.filter(function (t) { return "
			       "/^wcag\\d+$/.test(t); }),"
			       " count: v.nodes.length, nodes: "
			       "v.nodes.slice(0, 20).map(function (n) {"
			       " return { target: n.target.join(' ').slice(0, "
			       "200), html: String(n.html).slice(0, 300) };"
			       " }) }; }) }); })",
			       json_object_to_json_string_ext(
				   opts, JSON_C_TO_STRING_PLAIN)))
		rc = CC_ENOMEM;
	json_object_put(opts);
	if (!rc)
		rc = web_eval_string(w->b, buf_str(&expr),
				     deadline(e, 60 * NSEC_PER_SEC), &text, err,
				     sizeof(err));
	buf_release(&expr);
	if (rc) {
		json_object_put(off);
		return browser_failed(e, rc, "axe", err);
	}
	if (strlen(text) > AXE_RESULT_MAX ||
	    !(tok = json_tokener_new_ex(CDP_MAX_DEPTH))) {
		free(text);
		json_object_put(off);
		return exec_decide(e, VERDICT_FAIL, NULL, NULL, 0, 0,
				   "axe: an answer too long");
	}
	doc = json_tokener_parse_ex(tok, text, (int)strlen(text));
	json_tokener_free(tok);
	free(text);
	if (!json_object_object_get_ex(doc, "violations", &viol) ||
	    !json_object_is_type(viol, json_type_array)) {
		json_object_put(doc);
		json_object_put(off);
		return exec_decide(e, VERDICT_FAIL, NULL, NULL, 0, 0,
				   "axe: no violations list");
	}
	nviol = json_object_array_length(viol);
	for (size_t i = 0; i < nviol; i++) {
		json_object *v = json_object_array_get_idx(viol, i), *ns, *tg;
		double c = web_item_num(v, "count");
		struct buf wc;

		nodes += isnan(c) || c < 0 ? 0 : (size_t)c;
		buf_init(&wc, 256);
		if (json_object_object_get_ex(v, "tags", &tg) &&
		    json_object_is_type(tg, json_type_array))
			for (size_t k = 0;
			     k < json_object_array_length(tg) && k < 6; k++) {
				const char *t = json_object_get_string(
				    json_object_array_get_idx(tg, k));

				/* wcag143 -> 1.4.3 (single digits per level) */
				if (t && strlen(t) >= 7 && strlen(t) <= 9 &&
				    buf_appendf(&wc, "%s%c.%c.%s",
						wc.len ? " " : "", t[4], t[5],
						t + 6))
					break;
			}
		if (json_object_object_get_ex(v, "nodes", &ns) &&
		    json_object_is_type(ns, json_type_array))
			for (size_t k = 0;
			     k < json_object_array_length(ns) &&
			     json_object_array_length(off) < MAX_OFFENDERS;
			     k++) {
				json_object *nd = json_object_array_get_idx(ns,
									    k),
					    *o;

				o = item(web_item_str(nd, "target"),
					 web_item_str(nd, "html"),
					 web_item_str(v, "help"));
				json_object_object_add(
				    o, "rule",
				    json_object_new_string(
					web_item_str(v, "id")));
				json_object_object_add(
				    o, "impact",
				    json_object_new_string(
					web_item_str(v, "impact")));
				json_object_object_add(
				    o, "wcag",
				    json_object_new_string(buf_str(&wc)));
				json_object_array_add(off, o);
			}
		buf_release(&wc);
	}
	snprintf(exp, sizeof(exp), "no axe-core %s violation", ver);
	snprintf(obs, sizeof(obs), "%zu rules violated on %zu elements", nviol,
		 nodes);
	{
		enum verdict v = nviol ? VERDICT_FAIL : VERDICT_PASS;
		char first[240] = "";

		if (nviol)
			snprintf(first, sizeof(first), ": %s",
				 web_item_str(
				     json_object_array_get_idx(viol, 0), "id"));
		exec_decide(e, v, exp, obs, 0, 0,
			    "axe %s: %zu rules violated%s", ver, nviol, first);
		attach(e, w, "axe", nodes, nodes, off, nviol > 0, "axe");
		json_object_put(doc);
		return v;
	}
}

/* ---- steps ---- */

static enum verdict do_open(struct exec *e, const struct step *st)
{
	const struct web_step *s = st->web;
	struct web_link *w = link_of(e);
	json_object *p, *res = NULL, *et;
	struct buf u;
	char err[300], *status = NULL;
	int64_t dl;
	int rc;

	if (!w)
		return VERDICT_ERROR;
	buf_init(&u, 4096);
	if (s->path) {
		size_t bl = strlen(w->base_url);

		if (buf_append(&u, w->base_url,
			       bl && w->base_url[bl - 1] == '/' ? bl - 1
								: bl)) {
			buf_release(&u);
			return VERDICT_ERROR;
		}
	}
	{
		struct buf tail;

		buf_init(&tail, 4096);
		if (!exec_expand(e, s->path ? s->path : s->url, &tail) ||
		    buf_append(&u, tail.data, tail.len)) {
			buf_release(&tail);
			buf_release(&u);
			return VERDICT_ERROR;
		}
		buf_release(&tail);
	}
	dl = deadline(e, s->within_ns);
	w->vw = s->width ? s->width : 390;
	w->vh = s->height ? s->height : 844;
	w->scale = s->scale > 0 ? s->scale : 1;
	if (s->zoom > 0) { /* browser zoom: fewer CSS px on the same screen */
		w->vw = (long)(w->vw * 100 / s->zoom + 0.5);
		w->vh = (long)(w->vh * 100 / s->zoom + 0.5);
		w->scale = w->scale * s->zoom / 100;
	}
	w->mobile = s->width ? s->mobile : true;
	if ((rc = set_viewport(w, w->vw, dl, err, sizeof(err)))) {
		buf_release(&u);
		return browser_failed(e, rc, "web_open", err);
	}
	snprintf(w->page_url, sizeof(w->page_url), "%s", buf_str(&u));
	browser_clear_events(w->b);
	p = json_object_new_object();
	json_object_object_add(p, "url", json_object_new_string(buf_str(&u)));
	buf_release(&u);
	if ((rc = browser_call(w->b, "Page.navigate", p, dl, &res, err,
			       sizeof(err))))
		return browser_failed(e, rc, "web_open", err);
	if (json_object_object_get_ex(res, "errorText", &et) &&
	    json_object_is_type(et, json_type_string) &&
	    json_object_get_string_len(et)) {
		enum verdict v = exec_decide(
		    e, VERDICT_FAIL, "the page loads",
		    json_object_get_string(et), 0, 0,
		    "web_open %s: the page did not load", w->page_url);

		json_object_put(res);
		return v;
	}
	json_object_put(res);
	if ((rc = browser_wait_event(w->b, "Page.loadEventFired", dl, NULL)))
		return browser_failed(
		    e, rc, "web_open: waiting for the load event",
		    rc == CC_ETIMEDOUT
			? "the page did not finish loading in time"
			: "the browser went away");
	sleep_ns(e, s->settle_ns);
	rc = web_eval_string(
	    w->b,
	    "(function(){var n=performance.getEntriesByType('navigation')[0];"
	    "return String(n&&n.responseStatus||0);})()",
	    deadline(e, PROBE_NS), &status, err, sizeof(err));
	if (rc)
		return browser_failed(e, rc, "web_open", err);
	{
		long code = strtol(status, NULL, 10);
		enum verdict v = code >= 400 ? VERDICT_FAIL : VERDICT_PASS;

		exec_decide(e, v, "a page (status below 400)", status, 0, 0,
			    "web_open %s: status %s", w->page_url, status);
		free(status);
		return v;
	}
}

static enum verdict do_audit(struct exec *e, const struct step *st)
{
	const struct web_step *s = st->web;
	struct web_link *w = link_of(e);

	if (!w)
		return VERDICT_ERROR;
	if (!w->page_url[0])
		return exec_decide(
		    e, VERDICT_ERROR, NULL, NULL, 0, 0,
		    "suite: web_audit before any web_open in this case");
	switch (s->check) {
	case WEB_AXE:
		return check_axe(e, w, s);
	case WEB_TEXT_SIZE:
		return check_text_size(e, w, s);
	case WEB_LINE_HEIGHT:
		return check_line_height(e, w, s);
	case WEB_CONTRAST:
		return check_contrast(e, w, s);
	case WEB_TARGET_SIZE:
		return check_targets(e, w, s);
	case WEB_OVERLAY:
		return check_overlay(e, w, s);
	case WEB_ELDERLY_ENTRY:
		return check_entry(e, w, s);
	case WEB_KEYBOARD:
		return check_keyboard(e, w, s);
	case WEB_REFLOW:
		return check_reflow(e, w, s);
	case WEB_SESSION_TIMEOUT:
		return check_timeout(e, w, s);
	case WEB_INDUCED:
		return check_induced(e, w, s);
	case WEB_CHECK_COUNT:
		break;
	}
	return VERDICT_ERROR;
}

static enum verdict do_screenshot(struct exec *e, const struct step *st)
{
	struct web_link *w = link_of(e);
	json_object *shot, *o;
	char err[300] = "";

	if (!w)
		return VERDICT_ERROR;
	if (!(shot = shoot(e, w, st->web->name, NULL, err, sizeof(err))))
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "web_screenshot: %s", err);
	exec_decide(e, VERDICT_PASS, NULL, web_item_str(shot, "file"), 0, 0,
		    "web_screenshot %s: %s", w->page_url,
		    web_item_str(shot, "file"));
	o = json_object_new_object();
	json_object_object_add(o, "url", json_object_new_string(w->page_url));
	json_object_object_add(o, "check",
			       json_object_new_string("screenshot"));
	json_object_object_add(o, "screenshot", shot);
	exec_evidence_attach(e, "web", o);
	return VERDICT_PASS;
}

static enum verdict do_expect(struct exec *e, const struct step *st)
{
	const struct web_step *s = st->web;
	struct web_link *w = link_of(e);
	json_object *args;
	struct buf sel, text, expr;
	char err[300], *got = NULL, exp[400];
	enum verdict v;
	int rc;

	if (!w)
		return VERDICT_ERROR;
	buf_init(&sel, 4096);
	buf_init(&text, 4096);
	buf_init(&expr, 16384);
	if (!exec_expand(e, s->selector, &sel) ||
	    (s->text && !exec_expand(e, s->text, &text))) {
		buf_release(&sel);
		buf_release(&text);
		return VERDICT_ERROR;
	}
	args = json_object_new_array();
	json_object_array_add(args, json_object_new_string(buf_str(&sel)));
	/* the element's text, or a mark for none / a bad selector */
	rc = buf_appendf(
	    &expr,
	    "(function (a) { var el; try { el = document.querySelector(a[0]); }"
	    " catch (x) { return '\\u0001bad'; } if (!el) return '\\u0001none';"
	    " var t = /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) ? el.value"
	    " : (el.innerText || el.textContent);"
	    " return String(t || '').replace(/\\s+/g, ' ')"
	    ".slice(0, 2000); })(%s)",
	    json_object_to_json_string_ext(args, JSON_C_TO_STRING_PLAIN));
	json_object_put(args);
	if (!rc)
		rc =
		    web_eval_string(w->b, buf_str(&expr), deadline(e, PROBE_NS),
				    &got, err, sizeof(err));
	buf_release(&expr);
	if (rc) {
		buf_release(&sel);
		buf_release(&text);
		return browser_failed(e, rc, "web_expect", err);
	}
	snprintf(exp, sizeof(exp), "%s %s%s%s", buf_str(&sel),
		 s->absent ? "absent" : "present", s->text ? " with text " : "",
		 s->text ? buf_str(&text) : "");
	if (!strcmp(got, "\001bad"))
		v = exec_decide(e, VERDICT_ERROR, exp, NULL, 0, 0,
				"suite: bad selector '%s'", buf_str(&sel));
	else if (!strcmp(got, "\001none"))
		v = exec_decide(e, s->absent ? VERDICT_PASS : VERDICT_FAIL, exp,
				"absent", 0, 0, "web_expect %s", buf_str(&sel));
	else if (s->absent)
		v = exec_decide(e, VERDICT_FAIL, exp, "present", 0, 0,
				"web_expect %s", buf_str(&sel));
	else
		v = exec_decide(e,
				!s->text || strstr(got, buf_str(&text))
				    ? VERDICT_PASS
				    : VERDICT_FAIL,
				exp, got, 0, 0, "web_expect %s", buf_str(&sel));
	free(got);
	buf_release(&sel);
	buf_release(&text);
	return v;
}

/* The element of a web_click or web_type, scrolled into view and
 * focused: its centre in CSS px. false with the verdict decided. */
static bool locate(struct exec *e, struct web_link *w, const struct web_step *s,
		   double *x, double *y, char *what, size_t len)
{
	json_object *arg = json_object_new_array(), *ans = NULL;
	struct buf sel, text;
	bool ok = false;

	buf_init(&sel, 4096);
	buf_init(&text, 4096);
	if ((s->selector && !exec_expand(e, s->selector, &sel)) ||
	    (s->text && !exec_expand(e, s->text, &text))) {
		json_object_put(arg);
		goto out;
	}
	json_object_array_add(
	    arg, s->selector ? json_object_new_string(buf_str(&sel)) : NULL);
	json_object_array_add(
	    arg, s->text ? json_object_new_string(buf_str(&text)) : NULL);
	snprintf(what, len, "%s%s", s->selector ? "" : "named ",
		 s->selector ? buf_str(&sel) : buf_str(&text));
	ok = probed(e, w, "locate",
		    json_object_to_json_string_ext(arg, JSON_C_TO_STRING_PLAIN),
		    &ans);
	json_object_put(arg);
	if (!ok)
		goto out;
	if (web_item_bool(ans, "bad")) {
		exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
			    "suite: bad selector '%s'", what);
		ok = false;
	} else if (!web_item_bool(ans, "found")) {
		exec_decide(e, VERDICT_FAIL, what, "no such visible element", 0,
			    0, "%s: not found on %s", what, w->page_url);
		ok = false;
	} else {
		*x = web_item_num(ans, "x");
		*y = web_item_num(ans, "y");
		ok = !isnan(*x) && !isnan(*y);
		if (!ok)
			exec_decide(e, VERDICT_FAIL, what, "no position", 0, 0,
				    "%s has no box", what);
	}
out:
	json_object_put(ans);
	buf_release(&sel);
	buf_release(&text);
	return ok;
}

static int mouse(struct web_link *w, const char *type, double x, double y,
		 int64_t dl, char *err, size_t errlen)
{
	json_object *p = json_object_new_object();

	json_object_object_add(p, "type", json_object_new_string(type));
	json_object_object_add(p, "x", json_object_new_double(x));
	json_object_object_add(p, "y", json_object_new_double(y));
	json_object_object_add(p, "button", json_object_new_string("left"));
	json_object_object_add(p, "clickCount", json_object_new_int(1));
	return browser_call(w->b, "Input.dispatchMouseEvent", p, dl, NULL, err,
			    errlen);
}

/* A real click (press and release at the element's centre), as a person's
 * pointer makes it; with navigates, the page it loads. */
static enum verdict do_click(struct exec *e, const struct step *st)
{
	const struct web_step *s = st->web;
	struct web_link *w = link_of(e);
	char what[300], err[300];
	double x, y;
	int64_t dl;
	int rc;

	if (!w || !locate(e, w, s, &x, &y, what, sizeof(what)))
		return VERDICT_ERROR;
	dl = deadline(e, s->within_ns);
	browser_clear_events(w->b);
	if ((rc = mouse(w, "mousePressed", x, y, dl, err, sizeof(err))) ||
	    (rc = mouse(w, "mouseReleased", x, y, dl, err, sizeof(err))))
		return browser_failed(e, rc, "web_click", err);
	if (s->navigates &&
	    (rc = browser_wait_event(w->b, "Page.loadEventFired", dl, NULL)))
		return exec_decide(
		    e, rc == CC_ETIMEDOUT ? VERDICT_FAIL : VERDICT_ERROR,
		    "a page loads", "none", 0, 0,
		    "web_click %s: no page loaded", what);
	if (s->navigates) {
		char *href = NULL;

		if (!web_eval_string(w->b, "location.href",
				     deadline(e, PROBE_NS), &href, err,
				     sizeof(err)))
			snprintf(w->page_url, sizeof(w->page_url), "%s", href);
		free(href);
	}
	return exec_decide(e, VERDICT_PASS, NULL, NULL, 0, 0, "web_click %s",
			   what);
}

/* Typed as text input (Input.insertText) into the focused field. The
 * value is a DevTools frame of the traffic log like any other: use bench
 * credentials. */
static enum verdict do_type(struct exec *e, const struct step *st)
{
	const struct web_step *s = st->web;
	struct web_link *w = link_of(e);
	char what[300], err[300];
	struct buf v;
	double x, y;
	json_object *p;
	int rc;

	if (!w || !locate(e, w, s, &x, &y, what, sizeof(what)))
		return VERDICT_ERROR;
	buf_init(&v, 64 * 1024);
	if (!exec_expand(e, s->value, &v)) {
		buf_release(&v);
		return VERDICT_ERROR;
	}
	p = json_object_new_object();
	json_object_object_add(p, "text", json_object_new_string(buf_str(&v)));
	buf_release(&v);
	if ((rc = browser_call(w->b, "Input.insertText", p,
			       deadline(e, PROBE_NS), NULL, err, sizeof(err))))
		return browser_failed(e, rc, "web_type", err);
	return exec_decide(e, VERDICT_PASS, NULL, NULL, 0, 0,
			   "web_type into %s", what);
}

enum verdict exec_web_step(struct exec *e, const struct step *st)
{
	switch (st->kind) {
	case STEP_WEB_OPEN:
		return do_open(e, st);
	case STEP_WEB_AUDIT:
		return do_audit(e, st);
	case STEP_WEB_SCREENSHOT:
		return do_screenshot(e, st);
	case STEP_WEB_EXPECT:
		return do_expect(e, st);
	case STEP_WEB_CLICK:
		return do_click(e, st);
	case STEP_WEB_TYPE:
		return do_type(e, st);
	default:
		return exec_decide(e, VERDICT_ERROR, NULL, NULL, 0, 0,
				   "not a web step");
	}
}
