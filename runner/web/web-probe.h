/* SPDX-License-Identifier: MIT */
/*
 * Measuring a page from inside it: one script (web-probe-js.c) with modes
 * text (every visible element with its own text: size, weight, line
 * height, colour, background layers), targets and controls (pointer
 * targets and their boxes; controls also tags them for the Tab walk),
 * overlays (fixed and sticky boxes and the share of the viewport they
 * cover), entries (visible controls and their names), reflow (scroll and
 * client width), focus (the focused element and whether a focus ring is
 * drawn), dialog (the URL and visible dialogs) and outline (mark
 * elements for a screenshot). The answer is a JSON object
 * {mode, items: [...], cut: N, ...}; items past 2000 are counted in cut.
 */
#ifndef CARECERT_WEB_PROBE_H
#define CARECERT_WEB_PROBE_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#define WEB_PROBE_MAX_ANSWER (8u * 1024u * 1024u)

extern const char web_probe_js[];

struct browser;

/* Run mode (arg: a JSON text or NULL) in the page. CC_OK with *out (owned)
 * the parsed answer; CC_EPROTO (a script exception, or an answer that is
 * not a JSON object: err says) or the browser's errors. */
int web_probe(struct browser *b, const char *mode, const char *arg,
	      int64_t deadline, json_object **out, char *err, size_t errlen);
/* Evaluate expression (awaiting a promise) and return its string value
 * (owned). */
int web_eval_string(struct browser *b, const char *expr, int64_t deadline,
		    char **out, char *err, size_t errlen);
/* Members of a probe item, with defaults for a missing or mistyped one
 * (the page is hostile: nothing in it is trusted to have a shape). */
const char *web_item_str(json_object *o, const char *key);
double web_item_num(json_object *o, const char *key);
int web_item_bool(json_object *o, const char *key);

#endif
