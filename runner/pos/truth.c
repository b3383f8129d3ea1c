/* SPDX-License-Identifier: MIT */
#include "pos/truth.h"
#include "base/err.h"
#include "pos/geo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void truth_free(struct truth *tr)
{
	free(tr->p);
	memset(tr, 0, sizeof(*tr));
}

enum col { C_TIME, C_LAT, C_LON, C_ALT, C_FLOOR, C_ZONE, C_SIGNAL, C_COUNT };
static const char *const colnames[C_COUNT] = {"time",  "lat",  "lon",	"alt",
					      "floor", "zone", "signal"};

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

static bool num(const char *s, double *out)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return !*end && !errno && isfinite(*out) && !strpbrk(s, "xXnNiI");
}

/* Split line at commas into at most max cells; their columns (1-based). */
static size_t cells(char *line, char **cell, unsigned *colno, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *c = strchr(p, ',');

		if (n < max) {
			colno[n] = (unsigned)(p - line) + 1;
			cell[n++] = p;
		}
		if (!c)
			return n;
		*c = 0;
		p = c + 1;
	}
}

static int grow(struct truth *tr, size_t *cap)
{
	struct truth_point *p;

	if (tr->n < *cap)
		return CC_OK;
	if (tr->n >= TRUTH_MAX_POINTS)
		return CC_ETOOBIG;
	*cap = *cap ? *cap * 2 : 1024;
	p = realloc(tr->p, *cap * sizeof(*p));
	if (!p)
		return CC_ENOMEM;
	tr->p = p;
	return CC_OK;
}

static bool zone_ok(const char *z)
{
	if (strlen(z) >= TRUTH_ZONE_LEN)
		return false;
	for (; *z; z++)
		if (!isalnum((unsigned char)*z) && *z != '_' && *z != '-')
			return false;
	return true;
}

int truth_load_csv(const char *path, struct truth *tr, struct diag *d)
{
	FILE *f = fopen(path, "r");
	char line[TRUTH_MAX_LINE + 2];
	int where[C_COUNT];
	unsigned lineno = 0, errors = 0;
	bool header = false;
	size_t cap = 0;

	memset(tr, 0, sizeof(*tr));
	if (!f) {
		diag_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return CC_ENOTFOUND;
	}
	while (fgets(line, sizeof(line), f)) {
		char *cell[16], *l;
		unsigned colno[16];
		size_t nc;
		struct truth_point pt = {.signal = true};

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			diag_add(d, path, lineno, 1,
				 "line longer than %d bytes", TRUTH_MAX_LINE);
			errors++;
			break;
		}
		line[strcspn(line, "\n")] = 0;
		l = trim(line);
		if (!*l || *l == '#')
			continue;
		nc = cells(line, cell, colno, 16);
		if (!header) {
			header = true;
			for (int c = 0; c < C_COUNT; c++)
				where[c] = -1;
			for (size_t i = 0; i < nc; i++)
				for (int c = 0; c < C_COUNT; c++)
					if (!strcasecmp(trim(cell[i]),
							colnames[c]))
						where[c] = (int)i;
			for (int c = C_TIME; c <= C_LON; c++)
				if (where[c] < 0) {
					diag_add(d, path, lineno, 1,
						 "no '%s' column", colnames[c]);
					errors++;
				}
			if (errors)
				break;
			tr->has_alt = where[C_ALT] >= 0;
			tr->has_floor = where[C_FLOOR] >= 0;
			tr->has_zone = where[C_ZONE] >= 0;
			continue;
		}
		for (int c = 0; c < C_COUNT; c++) {
			const char *v;
			unsigned col;
			double x;

			if (where[c] < 0)
				continue;
			if ((size_t)where[c] >= nc) {
				diag_add(d, path, lineno, 1, "no '%s' cell",
					 colnames[c]);
				errors++;
				continue;
			}
			v = trim(cell[where[c]]);
			col = colno[where[c]];
			if (c == C_ZONE) {
				if (!zone_ok(v)) {
					diag_add(d, path, lineno, col,
						 "zone '%.20s' is not an id",
						 v);
					errors++;
				} else {
					memcpy(pt.zone, v, strlen(v) + 1);
				}
				continue;
			}
			if (!num(v, &x)) {
				diag_add(d, path, lineno, col,
					 "%s '%.20s' is not a number",
					 colnames[c], v);
				errors++;
				continue;
			}
			if ((c == C_TIME && fabs(x) > TRUTH_MAX_TIME) ||
			    (c == C_ALT && fabs(x) > 1e6) ||
			    (c == C_LAT && fabs(x) > 90) ||
			    (c == C_LON && fabs(x) > 180) ||
			    (c == C_FLOOR &&
			     (x != floor(x) || fabs(x) > 999)) ||
			    (c == C_SIGNAL && x != 0 && x != 1)) {
				diag_add(d, path, lineno, col,
					 "%s %.20s out of range", colnames[c],
					 v);
				errors++;
				continue;
			}
			switch (c) {
			case C_TIME:
				pt.t = x;
				break;
			case C_LAT:
				pt.lat = x;
				break;
			case C_LON:
				pt.lon = x;
				break;
			case C_ALT:
				pt.alt = x;
				break;
			case C_FLOOR:
				pt.floor = (int)x;
				break; /* |x| <= 999 */
			case C_SIGNAL:
				pt.signal = x != 0;
				break;
			}
		}
		if (tr->n && pt.t <= tr->p[tr->n - 1].t) {
			diag_add(d, path, lineno, colno[where[C_TIME]],
				 "time %.3f does not increase", pt.t);
			errors++;
		}
		if (grow(tr, &cap)) {
			diag_add(d, path, lineno, 1, "more than %d points",
				 TRUTH_MAX_POINTS);
			errors++;
			break;
		}
		tr->p[tr->n++] = pt;
	}
	fclose(f);
	if (!errors && !tr->n) {
		diag_add(d, path, lineno, 1,
			 header ? "no points" : "no header");
		errors++;
	}
	if (errors) {
		truth_free(tr);
		return CC_EINVAL;
	}
	return CC_OK;
}

/* ---- named routes ---- */

#define PARK_LAT 31.2304
#define PARK_LON 121.4737
#define PARK_SPEED 1.2		/* m/s */
#define PARK_START 1777622400.0 /* 2026-05-01T08:00:00Z */

static void park_walk(double t, double *e, double *n)
{
	static const double we[] = {0, 80, 80, 0, 0}, wn[] = {0, 0, 60, 60, 0};
	double s = fmod(t * PARK_SPEED, 280.0); /* the loop is 280 m */

	for (int i = 0; i < 4; i++) {
		double len = fabs(we[i + 1] - we[i]) + fabs(wn[i + 1] - wn[i]);

		if (s <= len || i == 3) {
			double k = s / len;

			*e = we[i] + k * (we[i + 1] - we[i]);
			*n = wn[i] + k * (wn[i + 1] - wn[i]);
			return;
		}
		s -= len;
	}
}

/* ward-round: x, y in the site frame and the floor at t */
static void ward_round(double t, double *x, double *y, int *fl)
{
	static const double wx[] = {0, 40, 40, 0, 0}, wy[] = {0, 0, 10, 10, 0};
	double s = fmod(t, 100.0); /* 1 m/s, 100 m a round */

	for (int i = 0; i < 4; i++) {
		double len = fabs(wx[i + 1] - wx[i]) + fabs(wy[i + 1] - wy[i]);

		if (s <= len || i == 3) {
			double k = s / len;

			*x = wx[i] + k * (wx[i + 1] - wx[i]);
			*y = wy[i] + k * (wy[i + 1] - wy[i]);
			*fl = *y >= 5 ? 1 : 0; /* the stairs' middle */
			return;
		}
		s -= len;
	}
}

static int ward_route(size_t epochs, struct truth *tr)
{
	const struct geo_site site = {TRUTH_WARD_LAT, TRUTH_WARD_LON,
				      TRUTH_WARD_ROT};

	for (size_t i = 0; i < epochs; i++) {
		struct truth_point *p = &tr->p[i];
		double x, y;

		p->t = (double)i;
		ward_round(p->t, &x, &y, &p->floor);
		geo_site_to_wgs(&site, x, y, &p->lat, &p->lon);
		p->alt = 10.0 + 3.5 * p->floor;
		p->signal = true;
		snprintf(p->zone, sizeof(p->zone), "%s",
			 x < 20 ? "ward_a" : "ward_b");
	}
	return CC_OK;
}

int truth_route(const char *name, size_t epochs, struct truth *tr)
{
	bool ward = !strcmp(name, "ward-round");

	memset(tr, 0, sizeof(*tr));
	if (strcmp(name, "park-walk") && !ward)
		return CC_ENOTFOUND;
	if (!epochs || epochs > TRUTH_MAX_POINTS)
		return CC_EINVAL;
	tr->p = calloc(epochs, sizeof(*tr->p));
	if (!tr->p)
		return CC_ENOMEM;
	tr->n = epochs;
	tr->has_alt = tr->has_floor = tr->has_zone = true;
	tr->utc_start = PARK_START;
	if (ward)
		return ward_route(epochs, tr);
	for (size_t i = 0; i < epochs; i++) {
		struct truth_point *p = &tr->p[i];
		double e, n;

		p->t = (double)i;
		park_walk(p->t, &e, &n);
		geo_from_en(PARK_LAT, PARK_LON, e, n, &p->lat, &p->lon);
		p->alt = 10.0;
		p->floor = 0;
		p->signal = !(p->t >= 100 && p->t < 115);
		snprintf(p->zone, sizeof(p->zone), "%s",
			 hypot(e - 20, n - 30) <= 45 ? "garden" : "street");
	}
	return CC_OK;
}

bool truth_at(const struct truth *tr, double t, struct truth_point *out)
{
	size_t lo = 0, hi;
	double k;

	if (!tr->n || !(t >= tr->p[0].t) || t > tr->p[tr->n - 1].t)
		return false;
	hi = tr->n - 1;
	while (hi - lo > 1) { /* p[lo].t <= t <= p[hi].t */
		size_t mid = lo + (hi - lo) / 2;

		if (tr->p[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (tr->p[hi].t <= t)
		lo = hi;
	*out = tr->p[lo];
	if (lo + 1 < tr->n && t > tr->p[lo].t) {
		const struct truth_point *b = &tr->p[lo + 1];

		k = (t - tr->p[lo].t) / (b->t - tr->p[lo].t);
		out->lat += k * (b->lat - tr->p[lo].lat);
		out->lon += k * (b->lon - tr->p[lo].lon);
		out->alt += k * (b->alt - tr->p[lo].alt);
	}
	out->t = t;
	return true;
}
