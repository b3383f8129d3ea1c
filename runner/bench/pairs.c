/* SPDX-License-Identifier: MIT */
#include "bench/pairs.h"
#include "base/err.h"
#include "base/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum column {
	COL_SUBJECT,
	COL_REFERENCE,
	COL_DEVICE,
	COL_UNIT,
	COL_QUANTITY,
	COL_COUNT
};

static const struct {
	const char *name;
	int required;
} columns[COL_COUNT] = {
	[COL_SUBJECT] = { "subject", 1 },
	[COL_REFERENCE] = { "reference", 1 },
	[COL_DEVICE] = { "device", 1 },
	[COL_UNIT] = { "unit", 0 },
	[COL_QUANTITY] = { "quantity", 0 },
};

struct field {
	const char *s; /* NUL-terminated, in parser.buf */
	unsigned col;  /* 1-based byte column where the field starts */
};

struct parser {
	const char *name;
	struct diag *d;
	const char *unit; /* default, "" for none */
	unsigned line;
	size_t errors;
	struct pair_set *s;
	size_t alloc, subj_alloc;
	size_t *tab; /* subject hash: index + 1, 0 = free slot */
	size_t tab_cap;
	int col[COL_COUNT]; /* field index of each column, -1 when absent */
	size_t ncols;
	/* unquoted field text: at most the line plus one NUL per field */
	char buf[PAIRS_MAX_LINE + PAIRS_MAX_FIELDS + 1];
};

static void perr(struct parser *p, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parser *p, unsigned col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(p->d, p->name, p->line, col, "%s", msg);
	p->errors++;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Split one line into fields; returns the count, or -1 after reporting. */
static int split(struct parser *p, const char *l, size_t ll, struct field *f)
{
	size_t i = 0, o = 0;
	int nf = 0;

	for (;;) {
		while (i < ll && is_blank(l[i]))
			i++;
		if (nf == PAIRS_MAX_FIELDS) {
			perr(p, (unsigned)i + 1, "more than %d fields",
			     PAIRS_MAX_FIELDS);
			return -1;
		}
		f[nf].col = (unsigned)i + 1;
		f[nf].s = p->buf + o;
		if (i < ll && l[i] == '"') {
			size_t q = i++;

			for (;;) {
				if (i >= ll) {
					perr(p, (unsigned)q + 1,
					     "unterminated quoted field");
					return -1;
				}
				if (l[i] == '"') {
					if (i + 1 < ll && l[i + 1] == '"') {
						p->buf[o++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				p->buf[o++] = l[i++];
			}
			while (i < ll && is_blank(l[i]))
				i++;
			if (i < ll && l[i] != ',') {
				perr(p, (unsigned)i + 1,
				     "text after the closing quote");
				return -1;
			}
		} else {
			size_t start = o;

			while (i < ll && l[i] != ',') {
				if (l[i] == '"') {
					perr(p, (unsigned)i + 1,
					     "quote inside an unquoted field");
					return -1;
				}
				p->buf[o++] = l[i++];
			}
			while (o > start && is_blank(p->buf[o - 1]))
				o--;
		}
		p->buf[o++] = 0;
		nf++;
		if (i >= ll)
			return nf;
		i++; /* the comma */
	}
}

/* Plain decimals only: strtod would also take "nan", "inf" and hex. */
static int parse_decimal(const char *s, double *v)
{
	const char *q = s;
	char *end;
	int digits = 0;

	if (*q == '+' || *q == '-')
		q++;
	for (; isdigit((unsigned char)*q); q++)
		digits++;
	if (*q == '.')
		for (q++; isdigit((unsigned char)*q); q++)
			digits++;
	if (!digits)
		return -1;
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return -1;
		while (isdigit((unsigned char)*q))
			q++;
	}
	if (*q)
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	return end == q && isfinite(*v) ? 0 : -1;
}

static void header(struct parser *p, const struct field *f, int nf)
{
	for (int c = 0; c < COL_COUNT; c++)
		p->col[c] = -1;
	for (int k = 0; k < nf; k++)
		for (int c = 0; c < COL_COUNT; c++) {
			if (strcasecmp(f[k].s, columns[c].name))
				continue;
			if (p->col[c] >= 0)
				perr(p, f[k].col, "duplicate column '%s'",
				     columns[c].name);
			p->col[c] = k;
		}
	for (int c = 0; c < COL_COUNT; c++)
		if (columns[c].required && p->col[c] < 0)
			perr(p, 1,
			     "missing column '%s' (the header needs subject, "
			     "reference and device)",
			     columns[c].name);
	p->ncols = (size_t)nf;
}

static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static int rehash(struct parser *p)
{
	size_t cap = p->tab_cap ? p->tab_cap * 2 : 64;
	size_t *t = calloc(cap, sizeof(*t));

	if (!t)
		return CC_ENOMEM;
	for (size_t i = 0; i < p->s->n_subjects; i++) {
		size_t h = hash_str(p->s->subjects[i]) & (cap - 1);

		while (t[h])
			h = (h + 1) & (cap - 1);
		t[h] = i + 1;
	}
	free(p->tab);
	p->tab = t;
	p->tab_cap = cap;
	return CC_OK;
}

/* Subjects can number in the thousands, so look them up by hash. */
static int intern_subject(struct parser *p, const char *name, size_t *idx)
{
	struct pair_set *s = p->s;
	size_t h;
	char *copy;

	if ((s->n_subjects + 1) * 2 > p->tab_cap && rehash(p))
		return CC_ENOMEM;
	h = hash_str(name) & (p->tab_cap - 1);
	while (p->tab[h]) {
		if (!strcmp(s->subjects[p->tab[h] - 1], name)) {
			*idx = p->tab[h] - 1;
			return CC_OK;
		}
		h = (h + 1) & (p->tab_cap - 1);
	}
	if (s->n_subjects == p->subj_alloc) {
		size_t a = p->subj_alloc ? p->subj_alloc * 2 : 16;
		char **v = realloc(s->subjects, a * sizeof(*v));

		if (!v)
			return CC_ENOMEM;
		s->subjects = v;
		p->subj_alloc = a;
	}
	copy = strdup(name);
	if (!copy)
		return CC_ENOMEM;
	s->subjects[s->n_subjects] = copy;
	p->tab[h] = ++s->n_subjects;
	*idx = s->n_subjects - 1;
	return CC_OK;
}

/* CC_OK, CC_ENOMEM, or CC_ETOOBIG when PAIRS_MAX_QUANTITIES is reached. */
static int intern_quantity(struct parser *p, const char *name, size_t *idx)
{
	struct pair_set *s = p->s;
	char *copy;

	for (size_t i = 0; i < s->n_quantities; i++)
		if (!strcasecmp(s->quantities[i], name)) {
			*idx = i;
			return CC_OK;
		}
	if (s->n_quantities == PAIRS_MAX_QUANTITIES)
		return CC_ETOOBIG;
	if (!s->quantities) {
		s->quantities = calloc(PAIRS_MAX_QUANTITIES, sizeof(char *));
		if (!s->quantities)
			return CC_ENOMEM;
	}
	copy = strdup(name);
	if (!copy)
		return CC_ENOMEM;
	s->quantities[s->n_quantities] = copy;
	*idx = s->n_quantities++;
	return CC_OK;
}

/* One data row; CC_OK also when the row was bad and reported. */
static int row(struct parser *p, const struct field *f, int nf, size_t ll)
{
	struct pair_set *s = p->s;
	struct pair pr = { .quantity = PAIRS_NO_QUANTITY, .line = p->line };
	const struct field *fs, *fr, *fd;
	const char *unit = p->unit;
	size_t before = p->errors;
	int rc;

	if ((size_t)nf != p->ncols) {
		perr(p,
		     (size_t)nf < p->ncols ? (unsigned)ll + 1 : f[p->ncols].col,
		     "expected %zu fields as in the header, found %d", p->ncols,
		     nf);
		return CC_OK;
	}
	fs = &f[p->col[COL_SUBJECT]];
	fr = &f[p->col[COL_REFERENCE]];
	fd = &f[p->col[COL_DEVICE]];
	if (!*fs->s)
		perr(p, fs->col, "empty subject");
	if (parse_decimal(fr->s, &pr.reference))
		perr(p, fr->col, "reference '%.40s' is not a number", fr->s);
	if (parse_decimal(fd->s, &pr.device))
		perr(p, fd->col, "device '%.40s' is not a number", fd->s);
	if (p->col[COL_UNIT] >= 0 && *f[p->col[COL_UNIT]].s) {
		const struct field *fu = &f[p->col[COL_UNIT]];

		unit = fu->s;
		if (!unit_known(unit))
			perr(p, fu->col, "unknown unit '%.40s'", unit);
	}
	if (p->col[COL_QUANTITY] >= 0 && !*f[p->col[COL_QUANTITY]].s)
		perr(p, f[p->col[COL_QUANTITY]].col, "empty quantity");
	if (p->errors != before)
		return CC_OK;

	if (p->col[COL_QUANTITY] >= 0) {
		const struct field *fq = &f[p->col[COL_QUANTITY]];

		rc = intern_quantity(p, fq->s, &pr.quantity);
		if (rc == CC_ETOOBIG) {
			perr(p, fq->col, "more than %d different quantities",
			     PAIRS_MAX_QUANTITIES);
			return CC_OK;
		}
		if (rc)
			return rc;
	}
	rc = intern_subject(p, fs->s, &pr.subject);
	if (rc)
		return rc;
	/* unit_known() has checked it fits */
	snprintf(pr.unit, sizeof(pr.unit), "%s", unit);
	if (s->n == p->alloc) {
		size_t a = p->alloc ? p->alloc * 2 : 64;
		struct pair *v = realloc(s->v, a * sizeof(*v));

		if (!v)
			return CC_ENOMEM;
		s->v = v;
		p->alloc = a;
	}
	s->v[s->n++] = pr;
	return CC_OK;
}

static int parse(struct parser *p, const char *text, size_t len)
{
	struct field f[PAIRS_MAX_FIELDS];
	size_t pos = 0;
	unsigned header_line = 0;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = 3; /* UTF-8 byte order mark, as spreadsheets write */
	while (pos < len) {
		const char *l = text + pos, *nl, *nul;
		size_t ll, i;
		int nf, rc;

		nl = memchr(l, '\n', len - pos);
		ll = nl ? (size_t)(nl - l) : len - pos;
		pos += ll + (nl ? 1 : 0);
		p->line++;
		if (ll && l[ll - 1] == '\r')
			ll--;
		if (ll > PAIRS_MAX_LINE) {
			perr(p, PAIRS_MAX_LINE + 1, "line longer than %d bytes",
			     PAIRS_MAX_LINE);
			if (!header_line)
				return CC_EINVAL;
			continue;
		}
		nul = memchr(l, 0, ll);
		if (nul) {
			perr(p, (unsigned)(nul - l) + 1, "NUL byte");
			if (!header_line)
				return CC_EINVAL;
			continue;
		}
		for (i = 0; i < ll && is_blank(l[i]); i++)
			;
		if (i == ll || l[i] == '#')
			continue;
		nf = split(p, l, ll, f);
		if (nf < 0) {
			if (!header_line)
				return CC_EINVAL;
			continue;
		}
		if (!header_line) {
			header_line = p->line;
			header(p, f, nf);
			if (p->errors)
				return CC_EINVAL;
			continue;
		}
		if (p->s->n == PAIRS_MAX_ROWS) {
			perr(p, 1, "more than %d data rows", PAIRS_MAX_ROWS);
			return CC_EINVAL;
		}
		rc = row(p, f, nf, ll);
		if (rc)
			return rc;
	}
	if (!header_line) {
		p->line = 1;
		perr(p, 1,
		     "empty file: expected a header row with subject, "
		     "reference and device");
	} else if (!p->s->n && !p->errors) {
		p->line = header_line;
		perr(p, 1, "no data rows below the header");
	}
	return p->errors ? CC_EINVAL : CC_OK;
}

int pairs_parse(const char *name, const char *text, size_t len,
		const char *unit, struct pair_set **out, struct diag *d)
{
	struct diag scratch;
	struct parser *p;
	int rc;

	*out = NULL;
	diag_init(&scratch);
	if (!d)
		d = &scratch; /* the caller wants the code only */
	if (!unit)
		unit = "";
	if (*unit && !unit_known(unit)) {
		diag_add(d, name, 0, 0, "unknown default unit '%.40s'", unit);
		diag_release(&scratch);
		return CC_EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return CC_ENOMEM;
	p->name = name;
	p->d = d;
	p->unit = unit;
	p->s = calloc(1, sizeof(*p->s));
	if (!p->s || !(p->s->file = strdup(name))) {
		rc = CC_ENOMEM;
		goto out;
	}
	rc = parse(p, text, len);
out:
	if (rc)
		pairs_free(p->s);
	else
		*out = p->s;
	free(p->tab);
	free(p);
	diag_release(&scratch);
	return rc;
}

int pairs_read(const char *path, const char *unit, struct pair_set **out,
	       struct diag *d)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	rc = read_file(path, &text, &len);
	if (rc) {
		if (d)
			diag_add(d, path, 0, 0, "cannot read paired data: %s",
				 cc_strerror(rc));
		return rc;
	}
	rc = pairs_parse(path, text, len, unit, out, d);
	free(text);
	return rc;
}

void pairs_free(struct pair_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_subjects; i++)
		free(s->subjects[i]);
	for (size_t i = 0; i < s->n_quantities; i++)
		free(s->quantities[i]);
	free(s->subjects);
	free(s->quantities);
	free(s->v);
	free(s->file);
	free(s);
}

int pairs_select(const struct pair_set *s, const char *quantity,
		 const char *unit, struct pair **out, size_t *n, struct diag *d)
{
	struct diag scratch;
	size_t q = PAIRS_NO_QUANTITY, cnt = 0;
	struct pair *v;

	*out = NULL;
	*n = 0;
	diag_init(&scratch);
	if (!d)
		d = &scratch; /* callers may not want messages */
	if (quantity) {
		for (size_t i = 0; i < s->n_quantities; i++)
			if (!strcasecmp(s->quantities[i], quantity))
				q = i;
		if (q == PAIRS_NO_QUANTITY) {
			diag_add(d, s->file, 0, 0, "no rows with quantity '%s'",
				 quantity);
			diag_release(&scratch);
			return CC_ENOTFOUND;
		}
	}
	for (size_t i = 0; i < s->n; i++)
		cnt += !quantity || s->v[i].quantity == q;
	v = malloc((cnt ? cnt : 1) * sizeof(*v));
	if (!v) {
		diag_release(&scratch);
		return CC_ENOMEM;
	}
	cnt = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct pair pr = s->v[i];

		if (quantity && pr.quantity != q)
			continue;
		if (unit) {
			if (unit_convert(s->v[i].reference, s->v[i].unit, unit,
					 &pr.reference) ||
			    unit_convert(s->v[i].device, s->v[i].unit, unit,
					 &pr.device)) {
				diag_add(d, s->file, pr.line, 1,
					 "cannot convert '%s' to '%s'", pr.unit,
					 unit);
				goto bad;
			}
			snprintf(pr.unit, sizeof(pr.unit), "%s", unit);
		} else if (cnt && strcmp(pr.unit, v[0].unit)) {
			diag_add(d, s->file, pr.line, 1,
				 "unit '%s' differs from '%s' on line %u",
				 pr.unit, v[0].unit, v[0].line);
			goto bad;
		}
		v[cnt++] = pr;
	}
	diag_release(&scratch);
	*out = v;
	*n = cnt;
	return CC_OK;
bad:
	diag_release(&scratch);
	free(v);
	return CC_EINVAL;
}
