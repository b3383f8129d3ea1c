/* SPDX-License-Identifier: MIT */
#include "ecg/beatfile.h"
#include "base/err.h"
#include "base/fileio.h"
#include "base/units.h"
#include "ecg/wfdb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct times {
	double *v;
	size_t n, cap;
};

static int times_push(struct times *t, double x)
{
	if (t->n == BEATFILE_MAX)
		return CC_ETOOBIG;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		double *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return CC_ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = x;
	return CC_OK;
}

/* The first field of a line (quotes dropped, spaces trimmed) into out;
 * false when it does not fit or a quote is not closed. */
static bool first_field(const char *line, size_t len, char *out, size_t outlen)
{
	size_t i = 0, k = 0;

	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (i < len && line[i] == '"') {
		const char *q = memchr(line + i + 1, '"', len - i - 1);

		if (!q || (size_t)(q - line - i - 1) >= outlen)
			return false;
		k = (size_t)(q - line - i - 1);
		memcpy(out, line + i + 1, k);
	} else {
		while (i < len && line[i] != ',' && k + 1 < outlen)
			out[k++] = line[i++];
		if (i < len && line[i] != ',')
			return false;
	}
	while (k && isspace((unsigned char)out[k - 1]))
		k--;
	out[k] = 0;
	return true;
}

/* One data line's time: its first field in s (or a time unit of its own),
 * not negative, not before the beat above it. */
static int csv_time(const char *field, const char *name, unsigned lineno,
		    const struct times *t, double *x, char *err, size_t errlen)
{
	char e[256];

	if (quantity_in("beat time", field, "s", false, x, e, sizeof(e))) {
		snprintf(err, errlen, "%s:%u:1: %s", name, lineno, e);
		return CC_EINVAL;
	}
	if (*x < 0) {
		snprintf(err, errlen,
			 "%s:%u:1: beat time %s is before the record's start",
			 name, lineno, field);
		return CC_EINVAL;
	}
	if (t->n && *x < t->v[t->n - 1]) {
		snprintf(err, errlen,
			 "%s:%u:1: beat time %g s is before the one above it "
			 "(%g s): times must not go back",
			 name, lineno, *x, t->v[t->n - 1]);
		return CC_EINVAL;
	}
	return CC_OK;
}

int beatfile_csv_parse(const char *text, size_t len, const char *name,
		       double **times, size_t *n, char *err, size_t errlen)
{
	struct times t = {0};
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	bool header_possible = true;
	int rc = CC_OK;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char field[64];
		double x;

		lineno++;
		if (memchr(p, 0, ll)) {
			snprintf(err, errlen,
				 "%s:%u: a NUL byte: not a text file", name,
				 lineno);
			rc = CC_EINVAL;
			break;
		}
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (!ll || strspn(p, " \t") >= ll ||
		    p[strspn(p, " \t")] == '#') {
			p = nl ? nl + 1 : end;
			continue;
		}
		if (!first_field(p, ll, field, sizeof(field))) {
			snprintf(err, errlen,
				 "%s:%u:1: the first field is not a beat time",
				 name, lineno);
			rc = CC_EINVAL;
		} else if (header_possible &&
			   !isdigit((unsigned char)field[0]) &&
			   !(field[0] == '.' || field[0] == '-' ||
			     field[0] == '+')) {
			/* a header row: "time", "time_s", "sample,type" */
		} else if (!(rc = csv_time(field, name, lineno, &t, &x, err,
					   errlen)) &&
			   (rc = times_push(&t, x))) {
			snprintf(err, errlen, "%s:%u: %s", name, lineno,
				 rc == CC_ETOOBIG
				     ? "more beats than a file may hold"
				     : "out of memory");
		}
		header_possible = false;
		p = nl ? nl + 1 : end;
	}
	if (rc) {
		free(t.v);
		return rc;
	}
	*times = t.n ? t.v : NULL;
	if (!t.n)
		free(t.v);
	*n = t.n;
	return CC_OK;
}

int beatfile_csv_read(const char *path, double **times, size_t *n, char *err,
		      size_t errlen)
{
	char *text;
	size_t len;
	int rc = read_file(path, &text, &len);

	if (rc) {
		snprintf(err, errlen, "%s: %s", path,
			 rc == CC_ENOTFOUND ? "no such file" : cc_strerror(rc));
		return rc;
	}
	rc = beatfile_csv_parse(text, len, path, times, n, err, errlen);
	free(text);
	return rc;
}

int beatfile_wfdb_read(const char *record, const char *annotator,
		       double **times, size_t *n, char *err, size_t errlen)
{
	char path[4096];
	struct wfdb_header *h = NULL;
	struct wfdb_annset *a = NULL;
	int rc;

	if (!beatfile_annotator_valid(annotator)) {
		snprintf(err, errlen,
			 "annotator '%s': letters, digits and _ only",
			 annotator);
		return CC_EINVAL;
	}
	snprintf(path, sizeof(path), "%s.hea", record);
	if (!(rc = wfdb_header_read(path, &h, err, errlen))) {
		snprintf(path, sizeof(path), "%s.%s", record, annotator);
		if (!(rc = wfdb_ann_read(path, &a, err, errlen)))
			rc = wfdb_ann_beat_times(a, h->fs, times, n);
		if (!rc && *n > BEATFILE_MAX) {
			free(*times);
			snprintf(err, errlen,
				 "%s: more beats than a file may hold", path);
			rc = CC_ETOOBIG;
		}
	}
	wfdb_annset_free(a);
	wfdb_header_free(h);
	return rc;
}

bool beatfile_annotator_valid(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= 16 &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}
