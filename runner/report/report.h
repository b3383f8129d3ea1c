/* SPDX-License-Identifier: MIT */
/*
 * The certification report, made from a run folder's result.json alone
 * (plus, when present and matching the hashes the record holds, the
 * traffic log for frame excerpts and timing, and the suite files for
 * requirement titles), so it can be regenerated with no device attached.
 *
 * Writes into the output folder, each file atomically:
 *   report.html   one self-contained file: CSS inline, plots as SVG data
 *                 URIs, no network resource; prints on A4
 *   report.pdf    the same document printed by headless Chromium
 *                 (Page.printToPDF over the DevTools pipe; page numbers,
 *                 PDF outline) or, chosen, WeasyPrint. A run of more than
 *                 pdf_full_max cases is printed from a variant of the
 *                 document in which passing cases are one row each of a
 *                 compact table (their evidence stays in report.html);
 *                 every other case keeps its full evidence.
 *   plots/NAME.svg, plots/NAME.pdf   every plot, both vector formats
 * Chinese output adds "-zh" before each extension (report-zh.html,
 * plots/latency-zh.svg), so both languages can sit in one run folder.
 *
 * Nothing is invented: a field the record lacks is shown as "not stated".
 * The layout of the record's optional "lab", "instruments" and per-case
 * "accuracy" members is docs/report.md.
 *
 * Errors: CC_OK, or a negative cc_err with a one-line message in err:
 * CC_EINVAL for a record that cannot be read (not JSON, wrong schema, no
 * cases), CC_ENOTFOUND when gnuplot, chromium or weasyprint is missing, CC_EIO for a
 * file that cannot be written or a tool that failed.
 */
#ifndef CARECERT_REPORT_H
#define CARECERT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report/labels.h"

#define REPORT_PDF_TIMEOUT_MS 300000
/* Chromium, launched, has this long to open its page. */
#define REPORT_BROWSER_START_S 60
/* Cases up to which the PDF holds every case's full evidence. */
#define REPORT_PDF_FULL_MAX 200

struct browser;

enum report_pdf_engine { REPORT_PDF_CHROMIUM, REPORT_PDF_WEASYPRINT };

struct report_opts {
	const char *run_dir; /* holds result.json */
	const char *out_dir; /* NULL: run_dir */
	enum label_lang lang;
	const char *lab; /* laboratory name; overrides the record's "lab" */
	bool pdf;	 /* also report.pdf */
	/* date of issue on the cover; 0: now, or SOURCE_DATE_EPOCH when set */
	time_t issued;
	bool skip_plots; /* no gnuplot: a note in each figure's place (tests) */
	/* cap on report.html in bytes; 0: the default (tests set a small one
	 * to see a document that outgrows it refused, not cut) */
	size_t max_html;
	enum report_pdf_engine engine;
	/* chromium: a browser to print with, kept open by the caller across
	 * reports (report_browser_start); NULL: one started for this one */
	struct browser *browser;
	/* more cases than this: passing cases summarised in the PDF;
	 * 0: REPORT_PDF_FULL_MAX, SIZE_MAX: never */
	size_t pdf_full_max;
};

/* Paths of what was written (under out_dir), for the command's output. */
struct report_files {
	char html[4096], pdf[4096];
	size_t nplots;
};

/* "chromium" or "weasyprint"; CC_EINVAL for anything else. */
int report_pdf_engine_parse(const char *s, enum report_pdf_engine *out);
/* Debian's build of Chromium's headless shell: what prints report.pdf
 * when it is on PATH (make deps installs it). */
#define REPORT_HEADLESS_SHELL "chromium-headless-shell"

/* A headless Chromium for report_opts.browser (the executable is
 * $CARECERT_CHROMIUM, else REPORT_HEADLESS_SHELL, else "chromium", on
 * PATH), launched without waiting for
 * it: it starts while the HTML and the plots are made, and the first PDF
 * waits until it is ready (a browser that cannot start fails that PDF,
 * with the reason and a hint). Errors here: only a spawn that failed.
 * report_browser_stop kills and reaps it (NULL-safe). */
int report_browser_start(struct browser **out, char *err, size_t errlen);
void report_browser_stop(struct browser *b);

int report_render(const struct report_opts *o, struct report_files *files,
		  char *err, size_t errlen);

#endif
