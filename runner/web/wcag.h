/* SPDX-License-Identifier: MIT */
/*
 * The figures of WCAG 2.x that carecert judges itself (not only through
 * axe-core), from ../shared/reference/ageing-friendly.md: relative
 * luminance and contrast ratio of sRGB colours (1.4.3, 1.4.6), what counts
 * as large text, and whether a pointer target is big enough (2.5.5, 2.5.8;
 * MIIT 2.1: 60 x 60 in the elderly mode, 44 x 44 elsewhere). Pure.
 */
#ifndef CARECERT_WCAG_H
#define CARECERT_WCAG_H

#include <stdbool.h>

struct wcag_rgba {
	double r, g, b; /* 0..255 */
	double a;	/* 0..1 */
};

/* A CSS computed colour: "rgb(R, G, B)", "rgba(R, G, B, A)" (also the
 * space-separated "rgb(R G B / A)") or "transparent". CC_OK or CC_EINVAL. */
int wcag_parse_color(const char *s, struct wcag_rgba *out);
/* Relative luminance of an opaque sRGB colour, 0 (black) to 1 (white). */
double wcag_luminance(struct wcag_rgba c);
/* fg painted over an opaque bg (fg's alpha blended in sRGB, as browsers
 * paint). */
struct wcag_rgba wcag_blend(struct wcag_rgba fg, struct wcag_rgba bg);
/* (L_lighter + 0.05) / (L_darker + 0.05), 1 to 21; fg is blended over bg
 * first (bg must be opaque). */
double wcag_contrast(struct wcag_rgba fg, struct wcag_rgba bg);
/* Large text: at least large_px, or bold (weight >= 700) and at least
 * bold_px (WCAG: 24 and 18.66 CSS px, 18 pt and 14 pt). */
bool wcag_large_text(double px, int weight, double large_px, double bold_px);
/* The contrast text of this size needs: large_min for large text, else min. */
double wcag_contrast_needed(double px, int weight, double large_px,
			    double bold_px, double min, double large_min);

/* A pointer target's box in CSS px. inline: a link in a sentence or a
 * block of text, which WCAG 2.5.5/2.5.8 exempt (its size is set by the
 * line of text). */
struct wcag_target {
	double w, h;
	bool is_inline;
};
/* Whether the target meets min x min CSS px (inline ones always do when
 * exempt_inline). */
bool wcag_target_ok(const struct wcag_target *t, double min,
		    bool exempt_inline);

#endif
