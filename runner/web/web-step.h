/* SPDX-License-Identifier: MIT */
/*
 * The web steps of a suite as loaded (suite-web.c) and run (exec-web.c):
 * web_open, web_audit, web_screenshot, web_expect. Syntax and every
 * check's figures in docs/ageing-friendly.md. Numbers that may come from
 * ${limit.X} are kept as templates and converted to their unit at run
 * time (base/units.h); everything else is checked at load time. A struct
 * web_step owns all its memory (suite_free_web).
 */
#ifndef CARECERT_WEB_STEP_H
#define CARECERT_WEB_STEP_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum web_check {
	WEB_AXE,	 /* axe-core rules by tag */
	WEB_TEXT_SIZE,	 /* every visible text >= min px */
	WEB_LINE_HEIGHT, /* line height >= min x font size */
	WEB_CONTRAST,	 /* every visible text's contrast, computed in C */
	WEB_TARGET_SIZE, /* every pointer target >= min x min px */
	WEB_OVERLAY, /* no fixed box covering more than max % of the viewport */
	WEB_ELDERLY_ENTRY,   /* a control named like 长辈版 on the page */
	WEB_KEYBOARD,	     /* a Tab walk reaches every control, focus drawn */
	WEB_REFLOW,	     /* no horizontal scroll at width px */
	WEB_SESSION_TIMEOUT, /* no time-out without a warning within observe */
	WEB_INDUCED, /* no control named like an induced download or payment */
	WEB_CHECK_COUNT
};

extern const char *const web_check_names[WEB_CHECK_COUNT];

struct web_step {
	/* web_open */
	char *path, *url;   /* templates: under the link's url, or absolute */
	long width, height; /* viewport, CSS px */
	double scale;	    /* device scale factor */
	double zoom;	    /* browser zoom in %: 200 halves the CSS viewport
			     * and doubles the scale (WCAG 1.4.4); 0: 100 */
	bool mobile;	    /* phone emulation (touch, mobile viewport) */
	int64_t within_ns;  /* load deadline */
	int64_t settle_ns;  /* wait after the load event */

	/* web_audit */
	enum web_check check;
	char **tags;	   /* axe: rule tags */
	char **skip_rules; /* axe: rules left out */
	char *min, *max;   /* templates (quantities) */
	char *large_min;   /* contrast: what large text needs */
	char *large_text;  /* contrast: large from this size (px) */
	char *large_bold;  /* contrast: large from this size when bold */
	char **names; /* elderly_entry: accepted names; induced: patterns */
	regex_t *res; /* induced: names compiled (POSIX ERE) */
	size_t nres;
	char *reflow_width;   /* reflow: viewport width (px) */
	char *observe, *warn; /* session_timeout: durations */
	long max_tabs;	      /* keyboard: Tab presses at most */

	/* web_screenshot */
	char *name;

	/* web_expect; web_click and web_type find their element by selector
	 * or by text (a control's visible name, a field's label) */
	char *selector, *text; /* templates; web_expect: text is a substring */
	bool absent;
	bool navigates; /* web_click: a page loads after it (within) */
	char *value;	/* web_type: what is typed (template) */
};

struct loader;
struct ynode;
struct step;
struct exec;
enum verdict;

void suite_load_web(struct loader *L, struct step *st, const struct ynode *v);
void suite_free_web(struct web_step *w);
enum verdict exec_web_step(struct exec *e, const struct step *st);

#endif
