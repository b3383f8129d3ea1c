/* SPDX-License-Identifier: MIT */
/*
 * The report's plots, drawn by gnuplot (gnuplot-nox: no display needed)
 * driven through a pipe. Each plot is rendered twice from one script: SVG
 * (`set terminal svg`) for the HTML report and PDF (`pdfcairo`) as a file
 * beside it. Data travel inside the script as datablocks, so no temporary
 * files are involved.
 *
 * Reproducible: the same input gives the same bytes. gnuplot's SVG holds no
 * time; cairo stamps the PDF with the current time as /CreationDate, which
 * is overwritten in place (same length, so the cross-reference offsets hold)
 * with the date the caller passes, normally the run's end.
 *
 * Text: labels come from the caller in the report's language; enhanced text
 * is off, so names like id_response_time print as they are. Non-finite
 * values are left out of every plot.
 *
 * Errors: CC_OK; CC_ENOTFOUND when gnuplot is not installed; CC_EINVAL when
 * there is nothing to plot; CC_EIO when gnuplot fails (its message in err);
 * CC_ENOMEM, CC_ETOOBIG, CC_ETIMEDOUT.
 */
#ifndef CARECERT_PLOT_H
#define CARECERT_PLOT_H

#include <stddef.h>

#include "base/buf.h"

#define PLOT_TIMEOUT_MS 30000
#define PLOT_FONT_DEFAULT "Liberation Sans"
#define PLOT_MAX_OUT (8u * 1024u * 1024u) /* one rendered plot */

/* A rendered plot; owns both buffers (plot_out_release). Scatter plots
 * and the error grid are square (560 px, 12.5 cm), the others 760 x 430 px
 * and 17 x 9.6 cm. */
struct plot_out {
	struct buf svg, pdf;
};

void plot_out_init(struct plot_out *o);
void plot_out_release(struct plot_out *o);

/* Labels in the report's language. */
struct plot_text {
	const char *font; /* font family; NULL: PLOT_FONT_DEFAULT */
	const char *title;
	const char *xlabel, *ylabel, *y2label;
	const char *series[4]; /* legend entries, by plot (see each builder) */
};

/* A vertical or horizontal reference line: a limit, a bias. */
struct plot_line {
	double at;
	const char *label;
	int limit; /* 1: drawn as a limit (red, dashed); 0: as a statistic */
};

/* One series of points (x, y). */
struct plot_series {
	const char *title;
	const double *x, *y;
	size_t n;
};

/* The PDF date to stamp, as "D:YYYYMMDDHHMMSSZ" (17 characters). */
void plot_pdf_date(const char *utc_iso, char out[18]);

/* Latency: histogram of ms (log-spaced bins when they span more than a
 * decade) with the empirical CDF on the right axis and the limits drawn as
 * vertical lines. series[0] histogram, series[1] CDF. */
int plot_latency(const double *ms, size_t n, const struct plot_line *limits,
		 size_t nlimits, const struct plot_text *t,
		 const char *pdf_date, struct plot_out *out, char *err,
		 size_t errlen);

/* Intervals over time: each series is (time s, interval ms), limits as
 * horizontal lines. */
int plot_intervals(const struct plot_series *s, size_t ns,
		   const struct plot_line *limits, size_t nlimits,
		   const struct plot_text *t, const char *pdf_date,
		   struct plot_out *out, char *err, size_t errlen);

/* Bland-Altman: mean of device and reference against their difference
 * (device - reference), with the bias and limits of agreement as lines. */
int plot_bland_altman(const double *ref, const double *dev, size_t n,
		      const struct plot_line *lines, size_t nlines,
		      const struct plot_text *t, const char *pdf_date,
		      struct plot_out *out, char *err, size_t errlen);

/* The acceptance band around y = x: half-width abs below threshold and
 * rel_pct % of the reference at or above it (threshold > 0); without a
 * threshold, the greater of abs and rel_pct %. */
struct plot_band {
	double abs, rel_pct, threshold;
};

/* Device against reference with the identity line and the band; points
 * outside the band stand out. series[0] within, [1] outside, [2] band,
 * [3] identity. */
int plot_scatter_band(const double *ref, const double *dev, size_t n,
		      const struct plot_band *band, const struct plot_text *t,
		      const char *pdf_date, struct plot_out *out, char *err,
		      size_t errlen);

/* Half-width of the band at a reference value (for tables and tests). */
double plot_band_width(const struct plot_band *band, double ref);

/* Consensus (Parkes) error grid, type 1, 0-550 mg/dL, zones lettered;
 * readings in mg/dL. */
int plot_parkes(const double *ref, const double *dev, size_t n,
		const struct plot_text *t, const char *pdf_date,
		struct plot_out *out, char *err, size_t errlen);

/* Zone letters are placed at these points (mg/dL), A to E then the second
 * B, C and D regions: for tests that check each lies in its zone. */
struct plot_zone_label {
	const char *text;
	double x, y;
};
extern const struct plot_zone_label plot_parkes_labels[8];

/* A track on the ground, east and north metres at equal scales: the truth
 * (te, tn; nt points) as a line, the device's fixes (de, dn) as points
 * coloured by err (a colour bar, y2label). series[0] truth, [1] device. */
int plot_track(const double *te, const double *tn, size_t nt, const double *de,
	       const double *dn, const double *err, size_t nd, const struct plot_text *t,
	       const char *pdf_date, struct plot_out *out, char *errbuf, size_t errlen);

/* SpO2 error (device - reference) against the reference, 70-100 %, decade
 * boundaries drawn, Arms of each decade as a step line (NaN: none) and the
 * Arms limit. series[0] points, [1] Arms per decade. */
int plot_spo2_error(const double *ref, const double *dev, size_t n,
		    const double decade_arms[3], double max_arms,
		    const struct plot_text *t, const char *pdf_date,
		    struct plot_out *out, char *err, size_t errlen);

/* Events on one time axis: each series a row of points (series 0 on the
 * top row; its y values are ignored), the span [span_from, span_to]
 * shaded when span_from < span_to and labelled span_label (an outage).
 * Rows are named by the series' titles. */
int plot_timeline(const struct plot_series *s, size_t ns, double span_from, double span_to,
		  const char *span_label, const struct plot_text *t, const char *pdf_date,
		  struct plot_out *out, char *err, size_t errlen);

/* A proportion with its confidence interval (0..1; NAN: not drawn) and
 * the claim it is held to (NAN: none). */
struct plot_prop {
	const char *label;
	double p, lo, hi, target;
};

/* Proportions in %, one column each with its interval as an error bar
 * and its claim as a dashed mark (Se and Sp, detection per trial type).
 * series[0] proportion, [1] claim. */
int plot_proportions(const struct plot_prop *v, size_t n, const struct plot_text *t,
		     const char *pdf_date, struct plot_out *out, char *err, size_t errlen);

#endif
