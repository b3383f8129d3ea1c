/* SPDX-License-Identifier: MIT */
/*
 * The browser link: what the `browser` transport (transport-web.c) keeps
 * for the web steps (exec-web.c). The transport's protocol client
 * (transport_ops client_new) is this struct; the transport opens and
 * closes its browser, the client hooks make and free it.
 */
#ifndef CARECERT_WEB_H
#define CARECERT_WEB_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct browser;
struct transport;

struct web_link {
	struct transport
	    *t; /* borrowed; the transport owns this link's browser */
	struct browser *b;  /* NULL while closed */
	char base_url[512]; /* the app's URL; web_open paths are under it */
	char *axe; /* axe-core's source, read at open; NULL: not found */
	size_t axe_len;
	char axe_path[PATH_MAX];
	char axe_error[160];	/* why axe is NULL */
	char out_dir[PATH_MAX]; /* the run folder (screenshots in web/ below it)
				 */
	char product[96];	/* Browser.getVersion */
	unsigned shots;		/* screenshots taken, for file names */
	char page_url[1024];	/* the page open now ("" before web_open) */
	long vw, vh;		/* its viewport (CSS px), device scale, phone */
	double scale;
	bool mobile;
};

#endif
