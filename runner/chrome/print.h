/* SPDX-License-Identifier: MIT */
/*
 * A local HTML file loaded in the browser's page, then printed to PDF or
 * photographed as PNG, the result written atomically (a temporary file
 * beside it, fsync, rename). The PDF is streamed: Page.printToPDF with
 * transferMode ReturnAsStream and IO.read of CHROME_IO_CHUNK bytes at a
 * time, decoded as it arrives, so memory stays bounded whatever the
 * number of pages.
 *
 * Page size and margins come from the document's own @page rules
 * (preferCSSPageSize); page furniture from its @page margin boxes.
 *
 * Errors: those of browser_call (CC_ETIMEDOUT, CC_ECLOSED, CC_EPROTO),
 * CC_EIO (the file cannot be written, or the browser's data is not
 * base64), CC_ETOOBIG (a PNG or PDF over its cap), CC_ENOMEM; a one-line
 * message in err.
 */
#ifndef CARECERT_CHROME_PRINT_H
#define CARECERT_CHROME_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "chrome/browser.h"
#include "chrome/cdp-msg.h"

/* Base64 bytes asked for in one IO.read: well under CDP_MAX_MESSAGE. */
#define CHROME_IO_CHUNK (4u * 1024u * 1024u)
/* A PDF larger than this is refused (and its partial file removed). */
#define CHROME_PDF_MAX (2ull * 1024u * 1024u * 1024u)

/* Navigate the page to html_path (a local file, made absolute) and wait
 * for its load event. */
int chrome_load_file(struct browser *b, const char *html_path,
		     int64_t deadline_ns, char *err, size_t errlen);
/* Print the loaded page to pdf_path. */
int chrome_print_pdf(struct browser *b, const char *pdf_path,
		     int64_t deadline_ns, char *err, size_t errlen);
/* The loaded page as a PNG at width CSS pixels: the first screen
 * (height px) when full is 0, else the whole page up to height px. */
int chrome_screenshot(struct browser *b, int width, int height, int full,
		      const char *png_path, int64_t deadline_ns, char *err,
		      size_t errlen);

#endif
