/* SPDX-License-Identifier: MIT */
/*
 * The dashboard's pages, rendered from the results store with no HTTP in
 * sight (serve.c hands requests in, tests call this directly). Every
 * string from the store is HTML-escaped (device-supplied text is
 * hostile); links carry filter values URL-encoded. Pages need no
 * JavaScript. Read-only: only GET and HEAD are answered (a bench's
 * POST /api/import is upload.c's, never a page).
 *
 *   /                     runs, newest first, with filters and paging
 *   /run/KEY              one run: identity, verdict, seal, instruments,
 *                         cases with reasons, requirements, measurements
 *   /run/KEY/report       the run's certification report (report.html of
 *                         its run folder) as it is
 *   /device?model=M[&vendor=V]   each case's verdict across firmware,
 *                         regressions flagged, and the model's runs
 *   /devices              every device model, its runs and its regressions
 *   /instruments          reference instruments and calibration due dates
 *
 * Errors are pages too: 400 (a bad filter), 404, 405, 500 (the store
 * failed: its message is shown escaped).
 */
#ifndef CARECERT_DASH_PAGE_H
#define CARECERT_DASH_PAGE_H

#include "base/buf.h"
#include "store/store.h"

/* Runs per page of the runs list. */
#define DASH_PAGE_RUNS 50

/* A request's query argument by name, NULL when absent. */
typedef const char *(*dash_arg_fn)(void *ctx, const char *name);

struct dash_reply {
	int status;		  /* HTTP status */
	const char *content_type; /* static text */
	const char *csp;	  /* the Content-Security-Policy header */
	struct buf body;	  /* owned; dash_reply_release frees it */
};

/* Answer one request. Always fills out (an error page on failure);
 * returns CC_OK, or CC_ENOMEM when not even that could be made. */
int dash_render(struct store *s, const char *method, const char *path, dash_arg_fn arg,
		void *ctx, struct dash_reply *out);
/* The same for a signed-in user (its name and a sign-out button in each
 * page's header). */
int dash_render_as(struct store *s, const char *user, const char *method, const char *path,
		   dash_arg_fn arg, void *ctx, struct dash_reply *out);
void dash_reply_release(struct dash_reply *r);

/* The login form (serve.c shows it when the server has accounts); message
 * (may be NULL) above it, status 200 or 401. */
int dash_render_login(const char *message, int status, struct dash_reply *out);

#endif
