/* SPDX-License-Identifier: MIT */
#include "web/wcag.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

static bool in_range(double v, double lo, double hi)
{
	return isfinite(v) && v >= lo && v <= hi;
}

int wcag_parse_color(const char *s, struct wcag_rgba *out)
{
	double v[4] = {0, 0, 0, 1};
	char tail;
	int n;

	if (!strcmp(s, "transparent")) {
		*out = (struct wcag_rgba){0, 0, 0, 0};
		return CC_OK;
	}
	/* comma form, then the space form of CSS Color 4 */
	n = sscanf(s, "rgba(%lf, %lf, %lf, %lf)%c", &v[0], &v[1], &v[2], &v[3],
		   &tail);
	if (n != 4) {
		v[3] = 1;
		n = sscanf(s, "rgb(%lf, %lf, %lf)%c", &v[0], &v[1], &v[2],
			   &tail);
		if (n != 3) {
			n = sscanf(s, "rgb(%lf %lf %lf / %lf)%c", &v[0], &v[1],
				   &v[2], &v[3], &tail);
			if (n != 4 &&
			    (v[3] = 1, sscanf(s, "rgb(%lf %lf %lf)%c", &v[0],
					      &v[1], &v[2], &tail) != 3))
				return CC_EINVAL;
		}
	}
	for (int i = 0; i < 3; i++)
		if (!in_range(v[i], 0, 255))
			return CC_EINVAL;
	if (!in_range(v[3], 0, 1))
		return CC_EINVAL;
	*out = (struct wcag_rgba){v[0], v[1], v[2], v[3]};
	return CC_OK;
}

/* WCAG 2.x relative luminance: sRGB to linear (0.04045 as in sRGB; WCAG
 * 2.0's 0.03928 changes no 8-bit value's side). */
static double linear(double c8)
{
	double c = c8 / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double wcag_luminance(struct wcag_rgba c)
{
	return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) +
	       0.0722 * linear(c.b);
}

struct wcag_rgba wcag_blend(struct wcag_rgba fg, struct wcag_rgba bg)
{
	double a = fg.a;

	return (struct wcag_rgba){fg.r * a + bg.r * (1 - a),
				  fg.g * a + bg.g * (1 - a),
				  fg.b * a + bg.b * (1 - a), 1};
}

double wcag_contrast(struct wcag_rgba fg, struct wcag_rgba bg)
{
	double l1 = wcag_luminance(wcag_blend(fg, bg)), l2 = wcag_luminance(bg);

	return l1 > l2 ? (l1 + 0.05) / (l2 + 0.05) : (l2 + 0.05) / (l1 + 0.05);
}

bool wcag_large_text(double px, int weight, double large_px, double bold_px)
{
	/* 18 pt is 24 px exactly; 14 pt is 18.666.. px: compare with a
	 * hundredth of a pixel of slack, as pages write 18.67px */
	return px + 0.01 >= large_px || (weight >= 700 && px + 0.01 >= bold_px);
}

double wcag_contrast_needed(double px, int weight, double large_px,
			    double bold_px, double min, double large_min)
{
	return wcag_large_text(px, weight, large_px, bold_px) ? large_min : min;
}

bool wcag_target_ok(const struct wcag_target *t, double min, bool exempt_inline)
{
	if (t->is_inline && exempt_inline)
		return true;
	/* layout in fractional pixels: 43.995 is a 44 px box */
	return t->w + 0.01 >= min && t->h + 0.01 >= min;
}
