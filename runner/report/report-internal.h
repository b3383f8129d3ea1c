/* SPDX-License-Identifier: MIT */
/*
 * What the report's files share (report.c: document, cover, scope,
 * summary, deviations, traceability, signatures, output; report-body.c:
 * cases, measurements, timing, accuracy and their plots). Not a public
 * interface.
 *
 * Every reader of the record goes through the report_j* accessors, which
 * check the JSON type: a corrupt record yields "not stated", never a crash.
 * Writers are void and sticky, like stdio's ferror(): the first output
 * error (the buffer's CC_ETOOBIG or CC_ENOMEM) is kept in the context and
 * makes every later write a no-op, so a section just writes in sequence
 * and the document asks report_err() once. Plots and files fail on their
 * own and return that error (report_figure, the timing and accuracy
 * sections).
 */
#ifndef CARECERT_REPORT_INTERNAL_H
#define CARECERT_REPORT_INTERNAL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "report/jtype.h"
#include "base/buf.h"
#include "base/fileio.h"
#include "report/labels.h"
#include "report/phrases.h"
#include "report/plot.h"
#include "report/report.h"

struct suite;

/* Fonts: metric-compatible Liberation (TrueType: WeasyPrint subsets it
 * quickly) for English, Noto Sans CJK SC for Chinese; each falls back to
 * the other for the odd character of the other script. */
#define REPORT_FONTS_EN                                                        \
	"'Liberation Sans','DejaVu Sans','Noto Sans CJK SC',sans-serif"
#define REPORT_FONTS_ZH                                                        \
	"'Noto Sans CJK SC','Liberation Sans','DejaVu Sans',sans-serif"
#define REPORT_PLOT_FONT_EN "Liberation Sans"
#define REPORT_PLOT_FONT_ZH "Noto Sans CJK SC"

/* One frame or event of the traffic log, as far as the report needs it. */
struct report_frame {
	long seq;
	char dir[8]; /* tx, rx, event */
	int64_t mono_ns;
	char wall[32];
	char *case_id;		  /* may be NULL */
	char *link;		  /* another link's name (an instrument, a
				   * gateway); NULL: the DUT's main link */
	char *hex, *text, *event; /* may be NULL */
};

/* State of an input file the record names. */
enum report_file_state {
	REPORT_FILE_ABSENT = 0, /* the record names none */
	REPORT_FILE_OK,		/* present, and its SHA-256 matches */
	REPORT_FILE_CHANGED,	/* present, but another SHA-256 */
	REPORT_FILE_MISSING,	/* named, not found */
};

struct report_ctx {
	json_object *root;
	const struct report_opts *o;
	enum label_lang lang;
	const char *suffix; /* "" or "-zh" */
	struct buf *b;
	char record_sha[SHA256_HEX_LEN + 1];
	char pdf_date[18];
	char out_dir[4096];
	/* the traffic log, when it matches the record */
	enum report_file_state tlog_state;
	struct report_frame *frames;
	size_t nframes;
	/* suite files, when they match the record (requirement titles) */
	struct suite **suites;
	size_t nsuites;
	int figure; /* figures so far */
	size_t nplots;
	char err[512]; /* first plot error, reported as a warning */
	int out_err;   /* first output error; writers do nothing after it */
	/* The PDF's variant of a long run (report.h, pdf_full_max): the
	 * passing cases' blocks of b (and their rows of the summary) are cut
	 * out of it, and a compact list of them (written in side) put in at
	 * each suite's head. */
	bool compact;
	struct buf *side;
	struct report_edit {
		size_t at, del;		 /* bytes of b replaced */
		size_t ins_off, ins_len; /* by these bytes of side */
	} *edits;
	size_t nedits, edits_cap;
};

/* Note an edit of the PDF's variant (compact only), at a position after
 * every earlier edit's; the index of the edit (its insertion is filled in
 * later), or (size_t)-1 out of memory (then out_err is set). */
size_t report_edit_add(struct report_ctx *c, size_t at, size_t del);

/* The first output error, CC_OK while the document is whole. */
static inline int report_err(const struct report_ctx *c)
{
	return c->out_err;
}

/* The label in the report's language. */
const char *report_l(const struct report_ctx *c, enum label_id id);

/* Number for people: up to 6 significant digits, no "-0". */
void report_fmt_num(double v, char out[32]);

/* A figure rounded to the resolution its unit calls for: readings in
 * mmHg to 0.1, statistics (stat) in mmHg to 0.01, times to 3 significant
 * digits, integers of a unitless count as they are (docs/report.md). */
void report_fmt_qty(double v, const char *unit, bool stat, char out[32]);

/* Writers (sticky: see above). */
/* Escaped, with a line-break opportunity (U+200B) after each separator
 * (_ - . / : = , ; & ?): identifiers wrap between words, never inside
 * one. */
void report_esc_wbr(struct report_ctx *c, const char *s);
void report_esc(struct report_ctx *c, const char *s);
void report_raw(struct report_ctx *c, const char *s);
void report_rawf(struct report_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "not stated" in grey when s is NULL or empty. */
void report_val(struct report_ctx *c, const char *s);
void report_verdict(struct report_ctx *c, const char *verdict);
/* <h2 id=...>N Title</h2> */
void report_h2(struct report_ctx *c, const char *id, int number,
	       enum label_id title);
/* A figure: the plot as an SVG data URI with a numbered caption; the plot
 * also goes to plots/NAME{suffix}.svg and .pdf. CC_EIO when a file cannot
 * be written. */
int report_figure(struct report_ctx *c, const char *name, struct plot_out *p,
		  const char *caption);
/* A plot that failed: a visible note, or CC_EIO when the tool itself is
 * missing or broke (the first such error kept in c->err). */
int report_plot_failed(struct report_ctx *c, const char *what, int rc,
		       const char *why);

/* Text in the report's language: carecert's phrases (report_phrase), a
 * case's reason "line N (kind): what; observed X; expected Y" whose
 * observed device value is kept as it is (report_reason), an enum value
 * of the record (category, status, method) as a label (report_enum). */
void report_phrase(struct report_ctx *c, const char *s);
void report_reason(struct report_ctx *c, const char *s);
void report_enum(struct report_ctx *c, const char *s);
/* A case's or suite's title in the report's language: title_zh from the
 * run's suite file in Chinese, else the recorded title. */
const char *report_case_title(const struct report_ctx *c, json_object *k);
const char *report_suite_title(const struct report_ctx *c, json_object *so);

/* The record's lab.references entry for an instrument id, or NULL. */
json_object *report_lab_reference(const struct report_ctx *c, const char *id);

/* Case anchor id: "case-<index in the record>". */
void report_case_anchor(size_t index, char out[32]);
/* Whether a case is a security case (docs/report.md). */
bool report_is_security_case(json_object *c);
/* Requirement title from the suite catalogue, or NULL. */
const char *report_req_title(const struct report_ctx *c, const char *suite,
			     const char *standard, const char *clause);
/* The frame with that seq, or NULL. */
const struct report_frame *report_frame(const struct report_ctx *c, long seq);

/* report-body.c; timing and accuracy return their plots' errors */
void report_cases(struct report_ctx *c, int number);
void report_measurements(struct report_ctx *c, int number);
int report_timing(struct report_ctx *c, int number);
int report_accuracy(struct report_ctx *c, int number);
/* report-body.c's plot helpers, for the sections in their own files */
bool report_plots_off(const struct report_ctx *c);
int report_not_drawn(char *err, size_t len);
const char *report_plot_font(const struct report_ctx *c);

/* report-fall.c: what a fall-detection evaluation adds to its accuracy
 * entry (method fall-replay or fall-detection; nothing for others): the
 * trial set and the time compression, the per-type table, the proportions
 * with their Wilson intervals as error bars, the latency distribution.
 * base names its plots, what captions them. */
int report_fall_entry(struct report_ctx *c, json_object *e, const char *base,
		      const char *what);

/* report-care.c: under an accuracy entry of the care steps (activity,
 * events, sleep-mat rates, the alarm path): time compression, confusion
 * matrix, event or alarm timeline and latency plot; other entries get
 * nothing. The plot's error. */
int report_care_entry(struct report_ctx *c, json_object *e, const char *base,
		      const char *what);
/* report-web.c: the companion web app's audits */
void report_web(struct report_ctx *c, int number);

#endif
