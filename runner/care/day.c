/* SPDX-License-Identifier: MIT */
#include "care/day.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/fileio.h"

static const char *const act_names[CARE_NACT + 1] = {
    [CARE_IN_BED] = "in_bed",	[CARE_OUT_OF_BED] = "out_of_bed",
    [CARE_WALKING] = "walking", [CARE_IN_BATHROOM] = "in_bathroom",
    [CARE_ABSENT] = "absent",	[CARE_ON_FLOOR] = "on_floor",
    [CARE_NACT] = "none",
};

const char *care_activity_name(enum care_activity a)
{
	return (unsigned)a <= CARE_NACT ? act_names[a] : "?";
}

int care_activity_parse(const char *s, enum care_activity *out)
{
	for (int i = 0; i < CARE_NACT; i++)
		if (!strcmp(s, act_names[i])) {
			*out = (enum care_activity)i;
			return CC_OK;
		}
	return CC_EINVAL;
}

/* A plain decimal number, nothing else (no hex, inf or nan strtod takes). */
static bool plain_number(const char *s, double *out)
{
	char *end;
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return false;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != 'e' &&
		    *p != 'E' && *p != '+' && *p != '-')
			return false;
	errno = 0;
	*out = strtod(s, &end);
	return !*end && !errno && isfinite(*out);
}

int day_time_parse(const char *s, double *out)
{
	unsigned h, m;
	double sec = 0;
	int used = 0;

	if (!strchr(s, ':'))
		return plain_number(s, out) && *out >= 0 ? CC_OK : CC_EINVAL;
	/* HH:MM or HH:MM:SS[.fff], minutes and seconds below 60 */
	if (strlen(s) > 16 || !isdigit((unsigned char)s[0]))
		return CC_EINVAL;
	if (sscanf(s, "%3u:%2u%n", &h, &m, &used) != 2 || m > 59)
		return CC_EINVAL;
	if (s[used] == ':') {
		if (!isdigit((unsigned char)s[used + 1]) ||
		    !plain_number(s + used + 1, &sec) || sec < 0 || sec >= 60)
			return CC_EINVAL;
	} else if (s[used]) {
		return CC_EINVAL;
	}
	*out = h * 3600.0 + m * 60.0 + sec;
	return CC_OK;
}

/* Split line (modified) at commas into at most max trimmed fields. */
static size_t split(char *line, char **f, size_t max, unsigned *col)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *e = strchr(p, ',');
		char *end;

		if (e)
			*e = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = 0;
		if (n < max) {
			col[n] = (unsigned)(p - line) + 1;
			f[n] = p;
		}
		n++;
		if (!e)
			return n;
		p = e + 1;
	}
}

struct dparse {
	const char *name;
	struct diag *d;
	int rc;
	struct day *day;
	size_t cap;
	bool header, ended;
	bool has_hr, has_rr;
};

static void bad(struct dparse *P, unsigned line, unsigned col, const char *fmt,
		const char *a)
{
	diag_add(P->d, P->name, line, col, fmt, a);
	P->rc = CC_EINVAL;
}

static void header(struct dparse *P, char **f, size_t n, unsigned line,
		   unsigned *col)
{
	static const char *const want[] = {"time", "activity", "hr", "rr"};

	if (n < 2 || n > 4) {
		bad(P, line, 1, "%s",
		    "the header names 2 to 4 columns: time,activity[,hr[,rr]]");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i], want[i]))
			bad(P, line, col[i],
			    "column must be '%s' (time,activity[,hr[,rr]])",
			    want[i]);
	P->has_hr = n >= 3;
	P->has_rr = n >= 4;
	P->header = true;
}

/* hr or rr: empty (NaN) or a number in range. */
static double rate(struct dparse *P, const char *s, unsigned line, unsigned col,
		   const char *what, double max)
{
	double v;

	if (!*s)
		return NAN;
	if (!plain_number(s, &v) || v < 0 || v > max) {
		bad(P, line, col,
		    "%s is a rate from 0 to the plausible maximum, or empty",
		    what);
		return NAN;
	}
	return v;
}

static void row(struct dparse *P, char **f, size_t n, unsigned line,
		unsigned *col)
{
	size_t want = 2 + P->has_hr + P->has_rr;
	struct day *day = P->day;
	struct day_segment s = {.hr = NAN, .rr = NAN, .line = line};
	bool end;

	if (P->ended) {
		bad(P, line, 1, "%s", "a row after 'end': the day is over");
		return;
	}
	if (n < 2 || n > want) {
		bad(P, line, 1, "%s",
		    "a row is time,activity and the reference rates the header "
		    "names");
		return;
	}
	if (day_time_parse(f[0], &s.start) || s.start > DAY_MAX_SECONDS) {
		bad(P, line, col[0],
		    "'%s' is not a time (seconds, or HH:MM[:SS], up to a week)",
		    f[0]);
		return;
	}
	if (day->n && !(s.start > day->v[day->n - 1].start)) {
		bad(P, line, col[0],
		    "time %s does not come after the row before", f[0]);
		return;
	}
	end = !strcmp(f[1], "end");
	if (!end && care_activity_parse(f[1], &s.act)) {
		bad(P, line, col[1],
		    "unknown activity '%s' (in_bed, out_of_bed, walking, "
		    "in_bathroom, absent, "
		    "on_floor, end)",
		    f[1]);
		return;
	}
	if (n > 2)
		s.hr = rate(P, f[2], line, col[2], "hr (bpm)", 300);
	if (n > 3)
		s.rr = rate(P, f[3], line, col[3], "rr (breaths/min)", 120);
	if (day->n)
		day->v[day->n - 1].end = s.start;
	if (end) {
		if (!day->n)
			bad(P, line, col[1], "%s", "'end' before any activity");
		P->ended = true;
		day->end = s.start;
		return;
	}
	if (day->n == DAY_MAX_SEGMENTS) {
		diag_add(P->d, P->name, line, 1, "more than %d rows",
			 DAY_MAX_SEGMENTS);
		P->rc = CC_ETOOBIG;
		P->ended = true;
		return;
	}
	if (day->n == P->cap) {
		size_t cap = P->cap ? P->cap * 2 : 32;
		struct day_segment *v = realloc(day->v, cap * sizeof(*v));

		if (!v) {
			P->rc = CC_ENOMEM;
			P->ended = true;
			return;
		}
		day->v = v;
		P->cap = cap;
	}
	day->v[day->n++] = s;
}

int day_parse(const char *text, size_t len, const char *name, struct day **out,
	      struct diag *d)
{
	struct dparse P = {.name = name, .d = d};
	char line[DAY_MAX_LINE + 1];
	unsigned lineno = 0;
	size_t i = 0;

	*out = NULL;
	if (len > DAY_MAX_BYTES) {
		diag_add(d, name, 0, 0, "a scripted day is at most %u bytes",
			 DAY_MAX_BYTES);
		return CC_ETOOBIG;
	}
	if (!(P.day = calloc(1, sizeof(*P.day))))
		return CC_ENOMEM;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && P.rc != CC_ENOMEM && P.rc != CC_ETOOBIG) {
		size_t j = i, n;
		char *f[4];
		unsigned col[4];

		while (j < len && text[j] != '\n')
			j++;
		lineno++;
		n = j - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		if (n > DAY_MAX_LINE) {
			diag_add(d, name, lineno, DAY_MAX_LINE + 1,
				 "line longer than %d bytes", DAY_MAX_LINE);
			P.rc = CC_EINVAL;
		} else if (memchr(text + i, 0, n)) {
			bad(&P, lineno, 1, "%s", "a NUL byte: not a text file");
		} else {
			memcpy(line, text + i, n);
			line[n] = 0;
			if (n && line[0] != '#' && strspn(line, " \t") != n) {
				size_t nf = split(line, f, 4, col);

				if (nf > 4) {
					bad(&P, lineno, 1, "%s",
					    "more than 4 columns");
				} else if (!P.header) {
					header(&P, f, nf, lineno, col);
				} else {
					row(&P, f, nf, lineno, col);
				}
			}
		}
		i = j + 1;
	}
	if (!P.rc && !P.header)
		bad(&P, lineno ? lineno : 1, 1, "%s",
		    "no header line (time,activity[,hr[,rr]])");
	else if (!P.rc && !P.day->n)
		bad(&P, lineno, 1, "%s", "no activity rows");
	else if (!P.rc && !P.ended)
		bad(&P, lineno, 1, "%s",
		    "the last row must be 'end' (the day's length)");
	if (P.rc) {
		day_free(P.day);
		return P.rc;
	}
	*out = P.day;
	return CC_OK;
}

int day_load(const char *path, struct day **out, struct diag *d)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = read_file(path, &text, &len))) {
		diag_add(d, path, 0, 0, "cannot read the scripted day");
		return rc;
	}
	rc = day_parse(text, len, path, out, d);
	free(text);
	return rc;
}

void day_free(struct day *day)
{
	if (!day)
		return;
	free(day->v);
	free(day);
}

const struct day_segment *day_at(const struct day *day, double t)
{
	size_t lo = 0, hi = day->n;

	if (!(t >= 0 && t < day->end) || !day->n || t < day->v[0].start)
		return NULL;
	while (hi - lo > 1) { /* the last segment with start <= t */
		size_t mid = lo + (hi - lo) / 2;

		if (day->v[mid].start <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &day->v[lo];
}
