/* SPDX-License-Identifier: MIT */
#include "fall/fallcsv.h"
#include "base/err.h"
#include "base/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The trial being read: rows grow by doubling, within the caps. */
struct cur {
	struct fall_trial t;
	size_t cap;
	double t_first, t_last, dt_min, dt_max, peak, peak_t;
	unsigned line; /* where it began */
};

struct parse {
	const char *name;
	struct diag *d;
	struct fall_set *s;
	size_t cap_trials, rows;
	int ncols; /* 5 or 8; 0 until known */
	struct cur c;
	bool in_trial;
};

static bool label_ok(const char *l)
{
	size_t n = strlen(l);

	if (!n || n >= FALL_LABEL_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)l[i]) && !strchr("_.:/-", l[i]))
			return false;
	return true;
}

/* The type (or at least fall / ADL) a label names; -1: neither. */
static int label_kind(const char *l, const struct fall_type **ty)
{
	char code[4];

	*ty = NULL;
	if (strlen(l) >= 3 && !isdigit((unsigned char)l[3])) {
		memcpy(code, l, 3);
		code[3] = 0;
		code[0] = (char)toupper((unsigned char)code[0]);
		*ty = fall_type_find(code);
		if (*ty)
			return (*ty)->fall;
	}
	if (l[0] == 'F' || l[0] == 'f')
		return 1;
	if (l[0] == 'D' || l[0] == 'd' || l[0] == 'A' || l[0] == 'a')
		return 0;
	return -1;
}

static int finish(struct parse *P)
{
	struct cur *c = &P->c;
	struct fall_trial *t = &c->t;
	double mean;

	if (!P->in_trial)
		return CC_OK;
	P->in_trial = false;
	if (t->n < 2 || !(c->t_last > c->t_first)) {
		diag_add(P->d, P->name, c->line, 1,
			 "trial '%s' has fewer than 2 rows", t->label);
		fall_trial_release(t);
		return CC_EINVAL;
	}
	mean = (c->t_last - c->t_first) / (double)(t->n - 1);
	if (c->dt_max > 1.5 * mean || c->dt_min < 0.5 * mean) {
		diag_add(
		    P->d, P->name, c->line, 1,
		    "trial '%s': sample intervals %g..%g s, more than 50 %% "
		    "off their mean %g s (one rate is replayed)",
		    t->label, c->dt_min, c->dt_max, mean);
		fall_trial_release(t);
		return CC_EINVAL;
	}
	t->fs = 1 / mean;
	t->impact_t = t->fall ? c->peak_t - c->t_first : NAN;
	t->still_t = NAN;
	if (P->s->n == P->cap_trials) {
		size_t nc = P->cap_trials ? 2 * P->cap_trials : 16;
		struct fall_trial *v = realloc(P->s->v, nc * sizeof(*v));

		if (!v) {
			fall_trial_release(t);
			return CC_ENOMEM;
		}
		P->s->v = v;
		P->cap_trials = nc;
	}
	P->s->v[P->s->n++] = *t;
	memset(t, 0, sizeof(*t));
	return CC_OK;
}

static int start(struct parse *P, const char *label, unsigned line)
{
	struct cur *c = &P->c;
	int kind = label_kind(label, &c->t.type);

	if (P->s->n >= FALLCSV_TRIALS_MAX) {
		diag_add(P->d, P->name, line, 1, "more than %u trials",
			 FALLCSV_TRIALS_MAX);
		return CC_EINVAL;
	}
	if (kind < 0) {
		diag_add(P->d, P->name, line, (unsigned)P->ncols,
			 "label '%s' names no SisFall type and starts with "
			 "neither F (fall) nor D or A (ADL)",
			 label);
		return CC_EINVAL;
	}
	memset(&c->t, 0, sizeof(c->t));
	label_kind(label, &c->t.type);
	snprintf(c->t.label, sizeof(c->t.label), "%s", label);
	c->t.fall = kind;
	c->cap = 0;
	c->peak = -1;
	c->dt_min = INFINITY;
	c->dt_max = 0;
	c->line = line;
	P->in_trial = true;
	return CC_OK;
}

/* Split line (NUL-terminated, modified) at commas; fields trimmed. */
static int split(char *line, char **f, int max, unsigned *col)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *e = strchr(p, ','), *end;

		if (n == max)
			return -1;
		if (e)
			*e = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		col[n] = (unsigned)(p - line) + 1;
		end = p + strlen(p);
		while (end > p &&
		       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = 0;
		f[n++] = p;
		if (!e)
			return n;
		p = e + 1;
	}
}

static bool is_header(char **f, int n)
{
	static const char *const h8[] = {"time", "ax", "ay", "az",
					 "gx",	 "gy", "gz", "label"};
	static const char *const h5[] = {"time", "ax", "ay", "az", "label"};
	const char *const *h = n == 8 ? h8 : h5;

	if (n != 5 && n != 8)
		return false;
	for (int i = 0; i < n; i++)
		if (strcasecmp(f[i], h[i]))
			return false;
	return true;
}

static bool number(const char *s, double *v)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && !errno && isfinite(*v);
}

static int grow(struct cur *c)
{
	size_t nc = c->cap ? 2 * c->cap : 1024;
	int16_t(*a)[3], (*g)[3];

	a = realloc(c->t.acc, nc * sizeof(*a));
	if (!a)
		return CC_ENOMEM;
	c->t.acc = a;
	g = c->t.gyro;
	if (g) {
		g = realloc(g, nc * sizeof(*g));
		if (!g)
			return CC_ENOMEM;
		c->t.gyro = g;
	}
	c->cap = nc;
	return CC_OK;
}

static int row(struct parse *P, char **f, const unsigned *col, unsigned line)
{
	struct cur *c = &P->c;
	const char *label = f[P->ncols - 1];
	double v[7], mag;
	int nv = P->ncols - 2, rc;

	for (int i = 0; i <= nv; i++) {
		double lim = i == 0   ? INFINITY
			     : i <= 3 ? FALLCSV_ACC_MAX
				      : FALLCSV_GYRO_MAX;

		if (!number(f[i], &v[i])) {
			diag_add(P->d, P->name, line, col[i],
				 "'%.40s' is not a number", f[i]);
			return CC_EINVAL;
		}
		if (fabs(v[i]) > lim) {
			diag_add(P->d, P->name, line, col[i],
				 "%g is outside +-%g %s", v[i], lim,
				 i <= 3 ? "g" : "deg/s");
			return CC_EINVAL;
		}
	}
	if (!label_ok(label)) {
		diag_add(P->d, P->name, line, col[P->ncols - 1],
			 "label '%.40s': 1..%d letters, digits or _.:/-", label,
			 FALL_LABEL_MAX - 1);
		return CC_EINVAL;
	}
	if (P->in_trial && (strcmp(label, c->t.label) || !(v[0] > c->t_last)))
		if ((rc = finish(P)))
			return rc;
	if (!P->in_trial) {
		if ((rc = start(P, label, line)))
			return rc;
		if (P->ncols == 8 && !(c->t.gyro = malloc(sizeof(*c->t.gyro))))
			return CC_ENOMEM;
		c->t_first = v[0];
	} else {
		double dt = v[0] - c->t_last;

		c->dt_min = fmin(c->dt_min, dt);
		c->dt_max = fmax(c->dt_max, dt);
	}
	if (++P->rows > FALLCSV_ROWS_MAX) {
		diag_add(P->d, P->name, line, 1, "more than %u rows",
			 FALLCSV_ROWS_MAX);
		return CC_EINVAL;
	}
	if (c->t.n == c->cap && (rc = grow(c)))
		return rc;
	c->t_last = v[0];
	for (int a = 0; a < 3; a++) {
		c->t.acc[c->t.n][a] =
		    (int16_t)lround(v[1 + a] * FALL_ACC_LSB_PER_G);
		if (c->t.gyro)
			c->t.gyro[c->t.n][a] =
			    (int16_t)lround(v[4 + a] * FALL_GYRO_LSB_PER_DPS);
	}
	mag = v[1] * v[1] + v[2] * v[2] + v[3] * v[3];
	if (mag > c->peak) {
		c->peak = mag;
		c->peak_t = v[0];
	}
	c->t.n++;
	return CC_OK;
}

int fallcsv_parse(const char *name, const char *text, size_t len,
		  struct fall_set **out, struct diag *d)
{
	struct parse P = {.name = name, .d = d};
	char buf[FALLCSV_LINE_MAX + 1], *f[9];
	unsigned col[9], line = 0;
	size_t pos = 0;
	int rc = CC_OK;

	*out = NULL;
	if (!(P.s = calloc(1, sizeof(*P.s))))
		return CC_ENOMEM;
	snprintf(P.s->generator, sizeof(P.s->generator), "csv");
	while (pos < len && !rc) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t ll = (nl ? (size_t)(nl - text) : len) - pos;
		int n;

		line++;
		if (ll > FALLCSV_LINE_MAX) {
			diag_add(d, name, line, FALLCSV_LINE_MAX + 1,
				 "line longer than %d bytes", FALLCSV_LINE_MAX);
			rc = CC_EINVAL;
			break;
		}
		memcpy(buf, text + pos, ll);
		buf[ll] = 0;
		pos += ll + 1;
		if (memchr(buf, 0, ll)) {
			diag_add(d, name, line, (unsigned)strlen(buf) + 1,
				 "NUL byte");
			rc = CC_EINVAL;
			break;
		}
		if (buf[0] == '#' || !buf[strspn(buf, " \t\r")])
			continue;
		n = split(buf, f, 9, col);
		if (P.ncols == 0) {
			if (n != 5 && n != 8) {
				diag_add(d, name, line, 1,
					 "%d columns: time,ax,ay,az,label or "
					 "time,ax,ay,az,gx,gy,gz,label",
					 n < 0 ? 9 : n);
				rc = CC_EINVAL;
				break;
			}
			P.ncols = n;
			if (is_header(f, n))
				continue;
		}
		if (n != P.ncols) {
			diag_add(d, name, line, 1,
				 "%s columns where the file has %d",
				 n < 0 ? "more" : "other", P.ncols);
			rc = CC_EINVAL;
			break;
		}
		rc = row(&P, f, col, line);
	}
	if (!rc)
		rc = finish(&P);
	else
		fall_trial_release(&P.c.t);
	if (!rc && !P.s->n) {
		diag_add(d, name, line, 0, "no trials");
		rc = CC_EINVAL;
	}
	if (rc) {
		if (rc == CC_ENOMEM)
			diag_add(d, name, line, 0, "out of memory");
		fall_set_free(P.s);
		return rc;
	}
	*out = P.s;
	return CC_OK;
}

int fallcsv_read(const char *path, struct fall_set **out, struct diag *d)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	rc = read_file(path, &text, &len);
	if (rc) {
		diag_add(d, path, 0, 0, "cannot read trials: %s",
			 cc_strerror(rc));
		return rc;
	}
	rc = fallcsv_parse(path, text, len, out, d);
	free(text);
	return rc;
}
