/* SPDX-License-Identifier: MIT */
/*
 * Loading the web steps (web-step.h); every mistake is located.
 */
#include "core/suite-internal.h"
#include "core/step.h"
#include "web/web-step.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_WITHIN_NS (15 * 1000000000LL)
#define DEFAULT_SETTLE_NS 0LL
#define MAX_TABS 500

const char *const web_check_names[WEB_CHECK_COUNT] = {
    [WEB_AXE] = "axe",
    [WEB_TEXT_SIZE] = "text_size",
    [WEB_LINE_HEIGHT] = "line_height",
    [WEB_CONTRAST] = "contrast",
    [WEB_TARGET_SIZE] = "target_size",
    [WEB_OVERLAY] = "overlay",
    [WEB_ELDERLY_ENTRY] = "elderly_entry",
    [WEB_KEYBOARD] = "keyboard",
    [WEB_REFLOW] = "reflow",
    [WEB_SESSION_TIMEOUT] = "session_timeout",
    [WEB_INDUCED] = "induced",
};

/* A numeric parameter: its text (a template), held to unit now when it is
 * a literal or a lone ${limit.X}. */
static char *quantity(struct loader *L, const struct ynode *map,
		      const char *key, const char *unit, bool required)
{
	const struct ynode *n = ymap_get(map, key);
	char *s;

	if (!n) {
		if (required)
			ynode_error(map, L->d, "%s needs '%s'", "this check",
				    key);
		return NULL;
	}
	s = suite_step_str(L, map, key);
	if (s && !suite_check_quantity(L, n, key, s, unit, false, NULL)) {
		free(s);
		return NULL;
	}
	return s;
}

static void load_open(struct loader *L, struct web_step *w,
		      const struct ynode *v)
{
	static const char *const keys[] = {
	    "path", "url", "viewport", "zoom", "within", "settle", NULL};
	static const char *const vkeys[] = {"width", "height", "scale",
					    "mobile", NULL};
	const struct ynode *n;

	ymap_check_keys(v, keys, L->d);
	w->path = suite_step_str(L, v, "path");
	w->url = suite_step_str(L, v, "url");
	if (!!w->path + !!w->url != 1)
		ynode_error(
		    v, L->d,
		    "web_open needs path (under the link's url) or url");
	if (w->path && w->path[0] != '/' && strncmp(w->path, "${", 2))
		ynode_error(ymap_get(v, "path"), L->d,
			    "path must start with '/'");
	if (w->url && strncmp(w->url, "https://", 8) &&
	    strncmp(w->url, "http://", 7) && strncmp(w->url, "${", 2))
		ynode_error(ymap_get(v, "url"), L->d,
			    "url must be an http:// or https:// URL");
	if ((n = ymap_get(v, "zoom"))) {
		char *z = suite_dup_str(n, "zoom", L->d);

		if (z &&
		    suite_check_quantity(L, n, "zoom", z, "%", false,
					 &w->zoom) &&
		    !(w->zoom >= 25 && w->zoom <= 500))
			ynode_error(
			    n, L->d,
			    "zoom must be a literal from 25 %% to 500 %%");
		free(z);
	}
	if ((n = ymap_get(v, "within")))
		yscalar_duration(n, "within", &w->within_ns, L->d);
	if ((n = ymap_get(v, "settle")))
		yscalar_duration(n, "settle", &w->settle_ns, L->d);
	if ((n = ymap_get(v, "viewport")) &&
	    ynode_expect(n, YNODE_MAP, "viewport", L->d)) {
		const struct ynode *x;

		ymap_check_keys(n, vkeys, L->d);
		if ((x = ymap_get(n, "width")))
			yscalar_long(x, "width", 200, 4000, &w->width, L->d);
		if ((x = ymap_get(n, "height")))
			yscalar_long(x, "height", 200, 4000, &w->height, L->d);
		if ((x = ymap_get(n, "scale")) &&
		    yscalar_double(x, "scale", &w->scale, L->d) &&
		    (w->scale < 0.5 || w->scale > 4))
			ynode_error(x, L->d, "scale must be from 0.5 to 4");
		if ((x = ymap_get(n, "mobile")))
			yscalar_bool(x, "mobile", &w->mobile, L->d);
	}
}

static void load_audit(struct loader *L, struct web_step *w,
		       const struct ynode *v)
{
	static const char *const keys[] = {
	    "check",	 "tags",       "skip_rules", "min",	 "max",
	    "large_min", "large_text", "large_bold", "names",	 "patterns",
	    "width",	 "observe",    "warn",	     "max_tabs", NULL};
	const struct ynode *c = ymap_require(v, "check", L->d), *n;
	const char *s = c ? yscalar_str(c, "check", L->d) : NULL;
	size_t i;

	ymap_check_keys(v, keys, L->d);
	if (!s)
		return;
	for (i = 0; i < WEB_CHECK_COUNT; i++)
		if (!strcmp(web_check_names[i], s))
			break;
	if (i == WEB_CHECK_COUNT) {
		ynode_error(c, L->d,
			    "unknown check '%s' (axe, text_size, line_height, "
			    "contrast, target_size, overlay, elderly_entry, "
			    "keyboard, reflow, session_timeout, induced)",
			    s);
		return;
	}
	w->check = (enum web_check)i;
	switch (w->check) {
	case WEB_AXE:
		if ((n = ymap_get(v, "tags")))
			w->tags = ynode_strv(n, "tags", L->d);
		else
			ynode_error(
			    v, L->d,
			    "check axe needs 'tags' (e.g. [wcag2a, wcag2aa])");
		if ((n = ymap_get(v, "skip_rules")))
			w->skip_rules = ynode_strv(n, "skip_rules", L->d);
		for (char **t = w->tags; t && *t; t++)
			if (!suite_valid_name(*t) &&
			    strspn(*t,
				   "abcdefghijklmnopqrstuvwxyz0123456789-.") !=
				strlen(*t))
				ynode_error(n, L->d,
					    "axe tag '%s' has a bad character",
					    *t);
		break;
	case WEB_TEXT_SIZE:
	case WEB_TARGET_SIZE:
		w->min = quantity(L, v, "min", "px", true);
		break;
	case WEB_LINE_HEIGHT:
		w->min = quantity(L, v, "min", "", true);
		break;
	case WEB_CONTRAST:
		w->min = quantity(L, v, "min", "", true);
		w->large_min = quantity(L, v, "large_min", "", true);
		w->large_text = quantity(L, v, "large_text", "px", true);
		w->large_bold = quantity(L, v, "large_bold", "px", true);
		break;
	case WEB_OVERLAY:
		w->max = quantity(L, v, "max", "%", true);
		break;
	case WEB_ELDERLY_ENTRY:
		if ((n = ymap_require(v, "names", L->d)))
			w->names = ynode_strv(n, "names", L->d);
		break;
	case WEB_KEYBOARD:
		w->max_tabs = 100;
		if ((n = ymap_get(v, "max_tabs")))
			yscalar_long(n, "max_tabs", 1, MAX_TABS, &w->max_tabs,
				     L->d);
		break;
	case WEB_REFLOW:
		w->reflow_width = quantity(L, v, "width", "px", false);
		break;
	case WEB_SESSION_TIMEOUT:
		w->observe = quantity(L, v, "observe", "s", true);
		w->warn = quantity(L, v, "warn", "s", true);
		break;
	case WEB_INDUCED:
		if (!(n = ymap_require(v, "patterns", L->d)) ||
		    !(w->names = ynode_strv(n, "patterns", L->d)))
			break;
		w->res = calloc(strv_len(w->names) + 1, sizeof(*w->res));
		for (size_t k = 0; w->res && w->names[k]; k++)
			if (suite_compile_re(n, w->names[k], &w->res[w->nres],
					     L->d))
				w->nres++;
		break;
	case WEB_CHECK_COUNT:
		break;
	}
}

void suite_load_web(struct loader *L, struct step *st, const struct ynode *v)
{
	static const char *const shot_keys[] = {"name", NULL};
	static const char *const expect_keys[] = {"selector", "text", "absent",
						  NULL};
	static const char *const click_keys[] = {"selector", "text",
						 "navigates", "within", NULL};
	static const char *const type_keys[] = {"selector", "text", "value",
						NULL};
	struct web_step *w;
	const struct ynode *n;

	if (L->transport && strcmp(L->transport, "browser"))
		ynode_error(v, L->d,
			    "%s steps need a browser link (this one is %s)",
			    step_kind_name(st->kind), L->transport);
	if (!ynode_expect(v, YNODE_MAP, step_kind_name(st->kind), L->d))
		return;
	if (!(w = st->web = calloc(1, sizeof(*w))))
		return;
	w->within_ns = DEFAULT_WITHIN_NS;
	w->settle_ns = DEFAULT_SETTLE_NS;
	switch (st->kind) {
	case STEP_WEB_OPEN:
		load_open(L, w, v);
		break;
	case STEP_WEB_AUDIT:
		load_audit(L, w, v);
		break;
	case STEP_WEB_SCREENSHOT:
		ymap_check_keys(v, shot_keys, L->d);
		if ((n = ymap_require(v, "name", L->d)) &&
		    (w->name = suite_dup_str(n, "name", L->d)) &&
		    (!*w->name ||
		     strspn(w->name,
			    "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
			 strlen(w->name) ||
		     strlen(w->name) > 64))
			ynode_error(
			    n, L->d,
			    "name must be 1 to 64 of a-z, 0-9, - and _");
		break;
	case STEP_WEB_EXPECT:
		ymap_check_keys(v, expect_keys, L->d);
		if ((n = ymap_require(v, "selector", L->d)))
			w->selector = suite_step_str(L, v, "selector");
		w->text = suite_step_str(L, v, "text");
		if ((n = ymap_get(v, "absent")))
			yscalar_bool(n, "absent", &w->absent, L->d);
		if (w->absent && w->text)
			ynode_error(v, L->d, "absent goes without text");
		break;
	case STEP_WEB_CLICK:
	case STEP_WEB_TYPE:
		ymap_check_keys(
		    v, st->kind == STEP_WEB_CLICK ? click_keys : type_keys,
		    L->d);
		w->selector = suite_step_str(L, v, "selector");
		w->text = suite_step_str(L, v, "text");
		if (!!w->selector + !!w->text != 1)
			ynode_error(v, L->d,
				    "%s needs selector or text (a visible name "
				    "or label)",
				    step_kind_name(st->kind));
		if (st->kind == STEP_WEB_TYPE &&
		    !(w->value = suite_step_str(L, v, "value")))
			ynode_error(v, L->d, "web_type needs 'value'");
		if ((n = ymap_get(v, "navigates")))
			yscalar_bool(n, "navigates", &w->navigates, L->d);
		if ((n = ymap_get(v, "within")))
			yscalar_duration(n, "within", &w->within_ns, L->d);
		break;
	default:
		break;
	}
}

void suite_free_web(struct web_step *w)
{
	if (!w)
		return;
	free(w->path);
	free(w->url);
	strv_free(w->tags);
	strv_free(w->skip_rules);
	free(w->min);
	free(w->max);
	free(w->large_min);
	free(w->large_text);
	free(w->large_bold);
	strv_free(w->names);
	for (size_t i = 0; i < w->nres; i++)
		regfree(&w->res[i]);
	free(w->res);
	free(w->reflow_width);
	free(w->observe);
	free(w->warn);
	free(w->name);
	free(w->selector);
	free(w->text);
	free(w->value);
	free(w);
}

static void free_web_step(struct step *st)
{
	suite_free_web(st->web);
	st->web = NULL;
}

static const enum step_kind web_kinds[] = {
    STEP_WEB_OPEN,   STEP_WEB_AUDIT, STEP_WEB_SCREENSHOT,
    STEP_WEB_EXPECT, STEP_WEB_CLICK, STEP_WEB_TYPE,
};

const struct step_family step_family_web = {
    .name = "web",
    .kinds = web_kinds,
    .nkinds = sizeof(web_kinds) / sizeof(web_kinds[0]),
    .load = suite_load_web,
    .run = exec_web_step,
    .free_step = free_web_step,
};
