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
 *   report.pdf    the same document through WeasyPrint (page numbers,
 *                 table of contents, PDF outline)
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
 * cases), CC_ENOTFOUND when gnuplot or weasyprint is missing, CC_EIO for a
 * file that cannot be written or a tool that failed.
 */
#ifndef CARECERT_REPORT_H
#define CARECERT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "report/labels.h"

#define REPORT_PDF_TIMEOUT_MS 300000

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
};

/* Paths of what was written (under out_dir), for the command's output. */
struct report_files {
	char html[4096], pdf[4096];
	size_t nplots;
};

int report_render(const struct report_opts *o, struct report_files *files,
		  char *err, size_t errlen);

#endif
