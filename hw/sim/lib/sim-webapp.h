/* SPDX-License-Identifier: MIT */
/*
 * The companion web app a gateway serves to older people and their
 * families (docs/http-gw-simulator.md, docs/ageing-friendly.md): a home
 * page with the readings, an elderly mode (长辈版) and a settings page,
 * clean by default and with faults that break one ageing-friendly or
 * accessibility rule each.
 */
#ifndef CARECERT_SIM_WEBAPP_H
#define CARECERT_SIM_WEBAPP_H

#include <stddef.h>

#include "lib/sim-fault.h"

enum webapp_fault {
	WEBAPP_SMALL_TEXT = 1 << 0,    /* 14 px text in the elderly mode */
	WEBAPP_LOW_CONTRAST = 1 << 1,  /* readings grey on white, 2.6:1 */
	WEBAPP_SMALL_BUTTONS = 1 << 2, /* 30 px buttons in the elderly mode */
	WEBAPP_AD_POPUP =
	    1 << 3, /* an advertising pop-up over the elderly mode */
	WEBAPP_NO_ENTRY = 1 << 4, /* no 长辈版 entry on the home page */
	WEBAPP_NO_KEYBOARD =
	    1 << 5, /* the save button is a div: Tab never reaches it */
	WEBAPP_NO_FOCUS_RING = 1 << 6, /* focus is drawn nowhere */
	WEBAPP_NO_ALT = 1 << 7,	 /* the chart image has no text alternative */
	WEBAPP_NO_ZOOM = 1 << 8, /* user-scalable=no: pinch zoom is blocked */
	WEBAPP_SESSION_60S =
	    1 << 9, /* the session ends after 60 s without a warning */
	WEBAPP_TIGHT_LINES = 1 << 10, /* line height 1.1 in the elderly mode */
	WEBAPP_FIXED_WIDTH =
	    1 << 11, /* a 640 px wide table: no reflow at 320 px */
	WEBAPP_NO_LABEL =
	    1 << 12, /* the phone field has a placeholder, no label */
	WEBAPP_INDUCED =
	    1 << 13, /* a "download the app for a red packet" button */
	WEBAPP_NO_ZOOM_REFLOW =
	    1 << 14, /* the elderly mode is at least 360 px wide */
};

/* The fault table (names web_*), for a simulator's --fault. */
extern const struct sim_fault sim_webapp_faults[];
extern const size_t sim_webapp_nfaults;

/* The page at path (under /app), or NULL: not one of the app's. The text
 * is malloc'd HTML. */
char *sim_webapp_page(const char *path, unsigned faults);

#endif
