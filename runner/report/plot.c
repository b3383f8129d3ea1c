/* SPDX-License-Identifier: MIT */
#include "report/plot.h"
#include "accuracy/acc-glucose.h"
#include "base/err.h"
#include "report/extool.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* what a browser falls back to after the plot's own font */
#define PLOT_FONT_FALLBACK ", Noto Sans CJK SC, DejaVu Sans, sans-serif"
#define COLOR_DATA "#1f5fa8"
#define COLOR_BAD "#c62828"
#define COLOR_LIMIT "#c62828"
#define COLOR_STAT "#2e7d32"
#define COLOR_GRID "#d9d9d9"
#define COLOR_BAND "#dbe7f3"
#define COLOR_CDF "#e07b00"

void plot_out_init(struct plot_out *o)
{
	buf_init(&o->svg, PLOT_MAX_OUT);
	buf_init(&o->pdf, PLOT_MAX_OUT);
}

void plot_out_release(struct plot_out *o)
{
	buf_release(&o->svg);
	buf_release(&o->pdf);
}

void plot_pdf_date(const char *iso, char out[18])
{
	/* "2026-11-24T10:00:04.250Z" -> "D:20261124100004Z" */
	int k = 2;

	memcpy(out, "D:19700101000000Z", 18);
	for (size_t i = 0; iso && iso[i] && k < 16 && i < 19; i++)
		if (iso[i] >= '0' && iso[i] <= '9')
			out[k++] = iso[i];
	if (k != 16)
		memcpy(out, "D:19700101000000Z", 18);
}

/* A gnuplot double-quoted string: backslash and quote escaped, a line
 * feed kept as gnuplot's \n, other control characters dropped. */
static int quoted(struct buf *b, const char *s)
{
	int rc = buf_append_str(b, "\"");

	for (const char *p = s ? s : ""; *p && !rc; p++) {
		if (*p == '\\' || *p == '"')
			rc = buf_appendf(b, "\\%c", *p);
		else if (*p == '\n')
			rc = buf_append_str(b, "\\n");
		else if ((unsigned char)*p >= 0x20)
			rc = buf_append(b, p, 1);
	}
	return rc ? rc : buf_append_str(b, "\"");
}

static int set_text(struct buf *b, const char *what, const char *s)
{
	int rc;

	if (!s)
		return CC_OK;
	rc = buf_appendf(b, "set %s ", what);
	if (!rc)
		rc = quoted(b, s);
	return rc ? rc : buf_append_str(b, "\n");
}

static int common(struct buf *b, const struct plot_text *t)
{
	int rc = buf_append_str(
	    b, "set border 3 lw 0.8 lc rgb '#555555'\n"
	       "set tics nomirror out scale 0.6 textcolor rgb '#333333'\n"
	       "set grid lc rgb '" COLOR_GRID "' lw 0.6 dt 1\n"
	       "set key below horizontal samplen 2 spacing 1.1 width 1\n"
	       "set style fill solid 0.55 border lc rgb '" COLOR_DATA "'\n");

	if (!rc)
		rc = set_text(b, "title", t->title);
	if (!rc)
		rc = set_text(b, "xlabel", t->xlabel);
	if (!rc)
		rc = set_text(b, "ylabel", t->ylabel);
	if (!rc && t->y2label)
		rc = set_text(b, "y2label", t->y2label);
	return rc;
}

static const char *series_title(const struct plot_text *t, int i,
				const char *dflt)
{
	return t->series[i] ? t->series[i] : dflt;
}

/* "title \"...\"" for a plot element. */
static int title(struct buf *b, const char *s)
{
	int rc = buf_append_str(b, " title ");

	return rc ? rc : quoted(b, s);
}

static void fix_pdf_date(struct buf *pdf, const char *date)
{
	static const char key[] = "/CreationDate (";
	char *p = NULL, *end;

	/* memmem() is a GNU extension */
	for (size_t i = 0; pdf->data && i + sizeof(key) - 1 <= pdf->len && !p;
	     i++)
		if (!memcmp(pdf->data + i, key, sizeof(key) - 1))
			p = (char *)pdf->data + i;
	if (!p)
		return;
	p += sizeof(key) - 1;
	end = memchr(p, ')', pdf->len - (size_t)(p - (char *)pdf->data));
	if (!end)
		return;
	if (end - p == 17 && date && strlen(date) == 17) {
		memcpy(p, date, 17);
		return;
	}
	/* another shape: blank the digits, keeping the length */
	for (; p < end; p++)
		if (*p >= '0' && *p <= '9')
			*p = '0';
}

static int run_gnuplot(const char *terminal, const struct buf *script,
		       struct buf *out, char *err, size_t errlen)
{
	static const char *const argv[] = {"gnuplot", "-d", NULL};
	/* fixed zone and locale: same bytes on every machine */
	static const char *const env[] = {"TZ=UTC", "LC_ALL=C.UTF-8", NULL};
	struct buf full, errout;
	struct extool_job job = {.argv = argv,
				 .env = env,
				 .out = out,
				 .errout = &errout,
				 .timeout_ms = PLOT_TIMEOUT_MS};
	int rc, status;

	buf_init(&full, BUF_MAX_TEXT);
	buf_init(&errout, 4096);
	rc = buf_appendf(&full, "%s\nset output\nset termoption noenhanced\n",
			 terminal);
	if (!rc)
		rc = buf_append(&full, script->data, script->len);
	if (rc) {
		buf_release(&full);
		return rc;
	}
	job.in = full.data;
	job.in_len = full.len;
	rc = extool_run(&job, &status);
	if (rc == CC_ENOTFOUND)
		snprintf(err, errlen,
			 "gnuplot not found: install gnuplot-nox (make deps)");
	else if (rc)
		snprintf(err, errlen, "gnuplot: %s", cc_strerror(rc));
	else if (status != 0 || !out->len) {
		snprintf(err, errlen, "gnuplot failed (status %d): %.300s",
			 status, buf_str(&errout));
		rc = CC_EIO;
	}
	buf_release(&full);
	buf_release(&errout);
	return rc;
}

/* Replace every occurrence of from with to in b. */
static int replace_all(struct buf *b, const char *from, const char *to)
{
	struct buf n;
	const char *s = buf_str(b), *hit;
	size_t fl = strlen(from);
	int rc = CC_OK;

	buf_init(&n, b->max);
	while (!rc && (hit = strstr(s, from))) {
		rc = buf_append(&n, s, (size_t)(hit - s));
		if (!rc)
			rc = buf_append_str(&n, to);
		s = hit + fl;
	}
	if (!rc)
		rc = buf_append_str(&n, s);
	if (rc) {
		buf_release(&n);
		return rc;
	}
	buf_release(b);
	*b = n;
	return CC_OK;
}

/*
 * gnuplot draws each point as <use> of a symbol filled with currentColor;
 * WeasyPrint 57 cannot resolve currentColor there and fails. The two
 * symbols the plots use become plain shapes with the colour spelled out:
 * gpPt6 (pt 7, filled circle) and gpPt4 (pt 5, filled square).
 */
static int inline_points(struct buf *svg)
{
	static const struct {
		const char *use, *shape;
	} map[] = {
	    {"<use xlink:href='#gpPt6' ", "<circle r='1' "},
	    {"<use xlink:href='#gpPt4' ",
	     "<rect x='-1' y='-1' width='2' height='2' "},
	};
	const char *s = buf_str(svg);
	struct buf n;
	int rc = CC_OK;

	buf_init(&n, svg->max);
	while (*s && !rc) {
		const char *end;
		size_t k;

		for (k = 0; k < 2 && strncmp(s, map[k].use, strlen(map[k].use));
		     k++)
			;
		if (k == 2 || !(end = strstr(s, "/>"))) {
			const char *next =
			    strstr(s + 1, "<use xlink:href='#gpPt");

			if (!next)
				next = s + strlen(s);
			rc = buf_append(&n, s, (size_t)(next - s));
			s = next;
			continue;
		}
		rc = buf_append_str(&n, map[k].shape);
		for (const char *p = s + strlen(map[k].use); !rc && p < end;) {
			if (!strncmp(p, "color='", 7)) {
				rc = buf_append_str(&n, "stroke='none' fill='");
				p += 7;
			} else {
				rc = buf_append(&n, p, 1);
				p++;
			}
		}
		s = end;
	}
	if (rc) {
		buf_release(&n);
		return rc;
	}
	buf_release(svg);
	*svg = n;
	return CC_OK;
}

static int render(const struct buf *script, const char *font, bool square,
		  const char *pdf_date, struct plot_out *out, char *err,
		  size_t errlen)
{
	char term[256], from[160], to[256];
	int rc;

	/* a font name cannot hold a quote here: it comes from our own tables */
	if (!font || strpbrk(font, "'\"\\"))
		font = PLOT_FONT_DEFAULT;
	snprintf(term, sizeof(term),
		 "set terminal svg size %s font '%s,11' background rgb 'white'",
		 square ? "560,560" : "760,430", font);
	rc = run_gnuplot(term, script, &out->svg, err, errlen);
	snprintf(from, sizeof(from), "font-family=\"%s\"", font);
	snprintf(to, sizeof(to), "font-family=\"%s" PLOT_FONT_FALLBACK "\"",
		 font);
	if (!rc)
		rc = replace_all(&out->svg, from, to);
	if (!rc)
		rc = inline_points(&out->svg);
	snprintf(term, sizeof(term),
		 "set terminal pdfcairo size %s font '%s,9' linewidth 1",
		 square ? "12.5cm,12.5cm" : "17cm,9.6cm", font);
	if (!rc)
		rc = run_gnuplot(term, script, &out->pdf, err, errlen);
	if (!rc)
		fix_pdf_date(&out->pdf, pdf_date);
	return rc;
}

static int finish_as(struct buf *script, const struct plot_text *t, bool square,
		     const char *pdf_date, struct plot_out *out, int rc,
		     char *err, size_t errlen)
{
	if (rc == CC_OK)
		rc =
		    render(script, t->font, square, pdf_date, out, err, errlen);
	else if (rc == CC_ENOMEM || rc == CC_ETOOBIG)
		snprintf(err, errlen, "plot script: %s", cc_strerror(rc));
	buf_release(script);
	return rc;
}

static int finish(struct buf *script, const struct plot_text *t,
		  const char *pdf_date, struct plot_out *out, int rc, char *err,
		  size_t errlen)
{
	return finish_as(script, t, false, pdf_date, out, rc, err, errlen);
}

static int nothing(char *err, size_t errlen)
{
	snprintf(err, errlen, "nothing to plot");
	return CC_EINVAL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Vertical (x) or horizontal (y) reference lines with their labels. */
static int ref_lines(struct buf *b, const struct plot_line *l, size_t n,
		     bool vertical)
{
	int rc = CC_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		const char *color = l[i].limit ? COLOR_LIMIT : COLOR_STAT;

		if (!isfinite(l[i].at))
			continue;
		if (vertical)
			rc = buf_appendf(b,
					 "set arrow from %.9g, graph 0 to "
					 "%.9g, graph 1 nohead "
					 "lw 1.4 dt %d lc rgb '%s' front\n"
					 "set label ",
					 l[i].at, l[i].at, l[i].limit ? 2 : 1,
					 color);
		else
			rc = buf_appendf(
			    b,
			    "set arrow from graph 0, first %.9g to graph 1, "
			    "first "
			    "%.9g nohead lw 1.4 dt %d lc rgb '%s' front\n"
			    "set label ",
			    l[i].at, l[i].at, l[i].limit ? 2 : 1, color);
		if (!rc)
			rc = quoted(b, l[i].label);
		/* a vertical line's label sits above the plot area, where
		 * no curve can cross it (latency: the CDF reaches the top) */
		if (!rc && vertical)
			rc = buf_appendf(b,
					 " at %.9g, graph %.2f center "
					 "textcolor rgb '%s' front\n",
					 l[i].at, 1.03 + 0.06 * (double)i,
					 color);
		else if (!rc)
			rc = buf_appendf(
			    b,
			    " at graph 0.99, first %.9g right offset 0,0.6 "
			    "textcolor rgb '%s' front\n",
			    l[i].at, color);
	}
	return rc;
}

int plot_latency(const double *ms, size_t n, const struct plot_line *limits,
		 size_t nlimits, const struct plot_text *t,
		 const char *pdf_date, struct plot_out *out, char *err,
		 size_t errlen)
{
	double *v = n ? malloc(n * sizeof(*v)) : NULL, lo, hi, pad;
	size_t m = 0, nbins;
	struct buf b;
	bool logx;
	int rc;

	for (size_t i = 0; v && i < n; i++)
		if (isfinite(ms[i]) && ms[i] >= 0)
			v[m++] = ms[i];
	if (!m) {
		free(v);
		return nothing(err, errlen);
	}
	qsort(v, m, sizeof(*v), cmp_double);
	lo = v[0];
	hi = v[m - 1];
	for (size_t i = 0; i < nlimits; i++)
		if (isfinite(limits[i].at) && limits[i].at > 0) {
			lo = fmin(lo, limits[i].at);
			hi = fmax(hi, limits[i].at);
		}
	/* a log axis once the values (or a limit) span more than a decade */
	logx = lo > 0 && hi / lo > 10;
	/* all values equal (and no limit elsewhere): gnuplot refuses an empty
	 * range, so give the one value room */
	pad = hi - lo > 1e-6 ? (hi - lo) * 0.1 + 1e-9 : fmax(fabs(hi) * 0.1, 1);
	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	/* histogram counts, bins in C so that the bytes do not depend on
	 * gnuplot's binning rules */
	nbins = m < 8 ? 4 : m < 64 ? 10 : 24;
	if (!rc)
		rc = buf_append_str(&b, "$hist << EOD\n");
	{
		double a = logx ? log10(v[0]) : v[0],
		       z = logx ? log10(v[m - 1]) : v[m - 1];
		double w;
		size_t k = 0;

		if (z - a < 1e-12) {
			a -= logx ? 0.05 : fmax(fabs(a) * 0.05, 0.001);
			z += logx ? 0.05 : fmax(fabs(z) * 0.05, 0.001);
		}
		w = (z - a) / (double)nbins;
		for (size_t bin = 0; bin < nbins && !rc; bin++) {
			double l = a + w * (double)bin, r = l + w;
			size_t c = 0;

			while (k < m && ((logx ? log10(v[k]) : v[k]) < r ||
					 bin == nbins - 1)) {
				c++;
				k++;
			}
			if (logx) {
				l = pow(10, l);
				r = pow(10, r);
			}
			rc = buf_appendf(&b, "%.9g %.9g %.9g %zu\n",
					 logx ? sqrt(l * r) : (l + r) / 2, l, r,
					 c);
		}
	}
	if (!rc)
		rc = buf_append_str(&b, "EOD\n$cdf << EOD\n");
	for (size_t i = 0; i < m && !rc; i++)
		rc = buf_appendf(&b, "%.9g %.9g\n", v[i],
				 (double)(i + 1) / (double)m);
	if (!rc)
		rc = buf_appendf(
		    &b,
		    "EOD\n%s"
		    "set xrange [%.9g:%.9g]\nset yrange [0:*]\nset y2range "
		    "[0:1.05]\n"
		    "set y2tics 0.25 nomirror\nset ytics nomirror\n"
		    "",
		    logx ? "set logscale x 10\nset format x '%g'\n" : "",
		    logx ? lo / 2 : fmax(0, lo - pad),
		    logx ? hi * 2 : hi + pad);
	if (!rc && nlimits)
		rc = buf_appendf(&b, "set tmargin %d\n", 4 + 2 * (int)nlimits);
	if (!rc)
		rc = ref_lines(&b, limits, nlimits, true);
	if (!rc)
		rc = buf_append_str(
		    &b, "plot $hist using 1:($4/2):2:3:(0):4 with boxxyerror "
			"fc rgb '" COLOR_DATA "' fs solid 0.45");
	if (!rc)
		rc = title(&b, series_title(t, 0, "histogram"));
	if (!rc)
		rc = buf_append_str(&b, ", $cdf using 1:2 axes x1y2 with steps "
					"lw 2 lc rgb '" COLOR_CDF "'");
	if (!rc)
		rc = title(&b, series_title(t, 1, "CDF"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	free(v);
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}

static int datablock(struct buf *b, const char *name, const double *x,
		     const double *y, size_t n, size_t *count)
{
	int rc = buf_appendf(b, "$%s << EOD\n", name);

	*count = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			continue;
		rc = buf_appendf(b, "%.9g %.9g\n", x[i], y[i]);
		(*count)++;
	}
	return rc ? rc : buf_append_str(b, "EOD\n");
}

int plot_intervals(const struct plot_series *s, size_t ns,
		   const struct plot_line *limits, size_t nlimits,
		   const struct plot_text *t, const char *pdf_date,
		   struct plot_out *out, char *err, size_t errlen)
{
	static const char *const colors[] = {COLOR_DATA, COLOR_CDF, COLOR_STAT,
					     "#6a1b9a"};
	double lo = INFINITY, hi = -INFINITY;
	size_t total = 0, cnt;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	for (size_t i = 0; i < ns && !rc; i++) {
		char name[16];

		snprintf(name, sizeof(name), "s%zu", i);
		rc = datablock(&b, name, s[i].x, s[i].y, s[i].n, &cnt);
		total += cnt;
		for (size_t k = 0; k < s[i].n; k++)
			if (isfinite(s[i].y[k])) {
				lo = fmin(lo, s[i].y[k]);
				hi = fmax(hi, s[i].y[k]);
			}
	}
	if (!rc && !total) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	for (size_t i = 0; i < nlimits; i++)
		if (isfinite(limits[i].at)) {
			lo = fmin(lo, limits[i].at);
			hi = fmax(hi, limits[i].at);
		}
	if (!rc)
		rc = buf_appendf(&b, "set yrange [%.9g:%.9g]\n",
				 lo - (hi - lo) * 0.15 - 1,
				 hi + (hi - lo) * 0.15 + 1);
	if (!rc)
		rc = ref_lines(&b, limits, nlimits, false);
	if (!rc)
		rc = buf_append_str(&b, "plot ");
	/* series that coincide stay apart to the eye: each its own colour,
	 * marker (circle, square), dash, and a smaller marker drawn over a
	 * larger one */
	for (size_t i = 0; i < ns && !rc; i++) {
		rc = buf_appendf(
		    &b,
		    "%s$s%zu using 1:2 with linespoints pt %d ps %.2f lw 1.2 "
		    "dt %zu lc rgb '%s'",
		    i ? ", " : "", i, i % 2 ? 5 : 7,
		    0.95 - 0.5 * (double)(i % 2) - 0.2 * (double)(i / 2 % 2),
		    1 + i % 4, colors[i % 4]);
		if (!rc)
			rc = title(&b, s[i].title);
	}
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}

int plot_track(const double *te, const double *tn, size_t nt, const double *de,
	       const double *dn, const double *err, size_t nd, const struct plot_text *t,
	       const char *pdf_date, struct plot_out *out, char *errbuf, size_t errlen)
{
	size_t cnt = 0, cntd = 0;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	if (!rc)
		rc = datablock(&b, "t", te, tn, nt, &cnt);
	if (!rc)
		rc = buf_append_str(&b, "$d << EOD\n");
	for (size_t i = 0; i < nd && !rc; i++) {
		if (!isfinite(de[i]) || !isfinite(dn[i]) || !isfinite(err[i]))
			continue;
		rc = buf_appendf(&b, "%.9g %.9g %.9g\n", de[i], dn[i], err[i]);
		cntd++;
	}
	if (!rc)
		rc = buf_append_str(&b, "EOD\n");
	if (!rc && !cnt && !cntd) {
		buf_release(&b);
		return nothing(errbuf, errlen);
	}
	/* metres are metres both ways; green to red as the error grows */
	if (!rc)
		rc = buf_append_str(&b, "set size ratio -1\n"
				       "set palette defined (0 '#2e7d32', 1 '#f9a825', 2 '#c62828')\n");
	if (!rc) /* the colour bar's label, not the right axis' */
		rc = buf_append_str(&b, "unset y2label\n");
	if (!rc)
		rc = set_text(&b, "cblabel", t->y2label);
	if (!rc)
		rc = buf_append_str(&b, "plot $t using 1:2 with lines lw 1.5 lc rgb '#555555'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "truth"));
	if (!rc && cntd)
		rc = buf_append_str(&b, ", $d using 1:2:3 with points pt 7 ps 0.45 lc palette");
	if (!rc && cntd)
		rc = title(&b, series_title(t, 1, "device"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish_as(&b, t, true, pdf_date, out, rc, errbuf, errlen);
}

/* Horizontal lines labelled in the right margin, outside the points:
 * labels closer than a tenth of the y range are pushed apart. */
static int side_labels(struct buf *b, const struct plot_line *l, size_t n,
		       double ylo, double yhi)
{
	double at[8], gap = (yhi - ylo) * 0.1;
	size_t idx[8], m = 0;
	int rc = buf_append_str(b, "set rmargin 24\n");

	for (size_t i = 0; i < n && m < 8; i++)
		if (isfinite(l[i].at))
			idx[m++] = i;
	/* by height, then each at least a gap above the one below */
	for (size_t i = 1; i < m; i++)
		for (size_t k = i; k > 0 && l[idx[k]].at < l[idx[k - 1]].at;
		     k--) {
			size_t t = idx[k];

			idx[k] = idx[k - 1];
			idx[k - 1] = t;
		}
	for (size_t i = 0; i < m; i++) {
		at[i] = l[idx[i]].at;
		if (i && at[i] < at[i - 1] + gap)
			at[i] = at[i - 1] + gap;
	}
	for (size_t i = 0; i < m && !rc; i++) {
		const struct plot_line *li = &l[idx[i]];
		const char *color = li->limit ? COLOR_LIMIT : COLOR_STAT;

		rc = buf_appendf(b,
				 "set arrow from graph 0, first %.9g to graph "
				 "1, first %.9g nohead lw 1.4 dt %d lc rgb "
				 "'%s' front\nset label ",
				 li->at, li->at, li->limit ? 2 : 1, color);
		if (!rc)
			rc = quoted(b, li->label);
		if (!rc)
			rc = buf_appendf(b,
					 " at graph 1.02, first %.9g left "
					 "textcolor rgb '%s' front\n",
					 at[i], color);
	}
	return rc;
}

int plot_bland_altman(const double *ref, const double *dev, size_t n,
		      const struct plot_line *lines, size_t nlines,
		      const struct plot_text *t, const char *pdf_date,
		      struct plot_out *out, char *err, size_t errlen)
{
	double *mx = n ? malloc(n * sizeof(*mx)) : NULL,
	       *dy = n ? malloc(n * sizeof(*dy)) : NULL;
	double lo = INFINITY, hi = -INFINITY;
	size_t cnt = 0;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	if (n && (!mx || !dy)) {
		free(mx);
		free(dy);
		return CC_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		mx[i] = (ref[i] + dev[i]) / 2;
		dy[i] = dev[i] - ref[i];
		if (isfinite(dy[i]) && isfinite(mx[i])) {
			lo = fmin(lo, dy[i]);
			hi = fmax(hi, dy[i]);
		}
	}
	for (size_t i = 0; i < nlines; i++)
		if (isfinite(lines[i].at)) {
			lo = fmin(lo, lines[i].at);
			hi = fmax(hi, lines[i].at);
		}
	rc = common(&b, t);
	if (!rc)
		rc = datablock(&b, "d", mx, dy, n, &cnt);
	free(mx);
	free(dy);
	if (!rc && !cnt) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	if (!rc)
		rc = buf_appendf(&b, "set yrange [%.9g:%.9g]\n",
				 lo - (hi - lo) * 0.2 - 0.5,
				 hi + (hi - lo) * 0.2 + 0.5);
	if (!rc)
		rc = side_labels(&b, lines, nlines, lo - (hi - lo) * 0.2 - 0.5,
				 hi + (hi - lo) * 0.2 + 0.5);
	if (!rc)
		rc = buf_append_str(&b, "plot $d using 1:2 with points pt 7 ps "
					"0.6 lc rgb '" COLOR_DATA "'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "pairs"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}

double plot_band_width(const struct plot_band *band, double ref)
{
	double rel = fabs(ref) * band->rel_pct / 100;

	if (band->threshold > 0)
		return ref < band->threshold ? band->abs : rel;
	return fmax(band->abs, rel);
}

int plot_scatter_band(const double *ref, const double *dev, size_t n,
		      const struct plot_band *band, const struct plot_text *t,
		      const char *pdf_date, struct plot_out *out, char *err,
		      size_t errlen)
{
	double lo = INFINITY, hi = -INFINITY, span;
	size_t in = 0, outside = 0;
	struct buf b, bad;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	buf_init(&bad, BUF_MAX_TEXT);
	rc = common(&b, t);
	if (!rc)
		rc = buf_append_str(&b, "$in << EOD\n");
	for (size_t i = 0; i < n && !rc; i++) {
		bool ok;

		if (!isfinite(ref[i]) || !isfinite(dev[i]))
			continue;
		lo = fmin(lo, fmin(ref[i], dev[i]));
		hi = fmax(hi, fmax(ref[i], dev[i]));
		/* the evaluators' 1e-9 tolerance: a reading on the limit is in
		 */
		ok = fabs(dev[i] - ref[i]) <=
		     plot_band_width(band, ref[i]) + 1e-9;
		if (ok) {
			rc = buf_appendf(&b, "%.9g %.9g\n", ref[i], dev[i]);
			in++;
		} else {
			rc = buf_appendf(&bad, "%.9g %.9g\n", ref[i], dev[i]);
			outside++;
		}
	}
	if (!rc && !in && !outside) {
		buf_release(&b);
		buf_release(&bad);
		return nothing(err, errlen);
	}
	span = hi - lo;
	lo -= span * 0.08 + 0.5;
	hi += span * 0.08 + 0.5;
	if (!rc)
		rc = buf_appendf(&b, "EOD\n$out << EOD\n%s\nEOD\n",
				 outside ? buf_str(&bad) : "");
	/* the band as a sampled function: exact at the threshold jump */
	if (!rc)
		rc = buf_appendf(
		    &b,
		    "A = %.9g\nR = %.9g\nT = %.9g\n"
		    "w(x) = T > 0 ? (x < T ? A : abs(x) * R / 100) : "
		    "(A > abs(x) * R / 100 ? A : abs(x) * R / 100)\n"
		    "set xrange [%.9g:%.9g]\nset yrange [%.9g:%.9g]\n"
		    "set samples 1001\nset size ratio -1\n",
		    band->abs, band->rel_pct, band->threshold, lo, hi, lo, hi);
	if (!rc)
		rc = buf_append_str(
		    &b, "plot '+' using 1:($1 - w($1)):($1 + w($1)) with "
			"filledcurves fc rgb '" COLOR_BAND
			"' fs solid 1.0 noborder");
	if (!rc)
		rc = title(&b, series_title(t, 2, "acceptance band"));
	if (!rc)
		rc = buf_append_str(
		    &b, ", x with lines dt 2 lw 1 lc rgb '#555555'");
	if (!rc)
		rc = title(&b, series_title(t, 3, "y = x"));
	if (!rc)
		rc = buf_append_str(&b, ", $in using 1:2 with points pt 7 ps "
					"0.6 lc rgb '" COLOR_DATA "'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "within"));
	if (!rc && outside) {
		rc = buf_append_str(&b, ", $out using 1:2 with points pt 5 ps "
					"0.7 lc rgb '" COLOR_BAD "'");
		if (!rc)
			rc = title(&b, series_title(t, 1, "outside"));
	}
	if (!rc)
		rc = buf_append_str(&b, "\n");
	buf_release(&bad);
	return finish_as(&b, t, true, pdf_date, out, rc, err, errlen);
}

/* Placed inside their zones (tests check each with acc_glucose_parkes_zone). */
const struct plot_zone_label plot_parkes_labels[8] = {
    {"A", 480, 470}, {"B", 300, 470}, {"C", 180, 500}, {"D", 70, 470},
    {"E", 18, 470},  {"B", 470, 330}, {"C", 470, 160}, {"D", 470, 60},
};

int plot_parkes(const double *ref, const double *dev, size_t n,
		const struct plot_text *t, const char *pdf_date,
		struct plot_out *out, char *err, size_t errlen)
{
	size_t cnt;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	if (!rc)
		rc = datablock(&b, "d", ref, dev, n, &cnt);
	if (!rc && !cnt) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	if (!rc)
		rc = buf_append_str(&b, "$grid << EOD\n");
	for (size_t i = 0; i < ACC_GLUCOSE_PARKES_LINES && !rc; i++) {
		double xy[2 * ACC_GLUCOSE_PARKES_MAXV];
		enum acc_glucose_zone z;
		size_t nv;

		if (acc_glucose_parkes_line(i, xy, &nv, &z))
			break;
		for (size_t k = 0; k < nv && !rc; k++)
			rc = buf_appendf(&b, "%.9g %.9g\n", xy[2 * k],
					 xy[2 * k + 1]);
		if (!rc)
			rc = buf_append_str(
			    &b, "\n\n"); /* a new line segment set */
	}
	if (!rc)
		rc = buf_append_str(&b, "EOD\n"
					"set xrange [0:550]\nset yrange "
					"[0:550]\nset size ratio -1\n"
					"set xtics 50\nset ytics 50\n");
	for (size_t i = 0; i < 8 && !rc; i++)
		rc = buf_appendf(&b,
				 "set label '%s' at %.9g,%.9g center font ',"
				 "14' "
				 "textcolor rgb '#444444' front\n",
				 plot_parkes_labels[i].text,
				 plot_parkes_labels[i].x,
				 plot_parkes_labels[i].y);
	if (!rc)
		rc = buf_append_str(
		    &b,
		    "plot $grid using 1:2 with lines lw 1.2 lc rgb '#555555'");
	if (!rc)
		rc = title(&b, series_title(t, 1, "zone boundaries"));
	if (!rc)
		rc = buf_append_str(
		    &b,
		    ", x with lines dt 3 lw 0.8 lc rgb '#999999' notitle, "
		    "$d using 1:2 with points pt 7 ps 0.6 lc rgb '" COLOR_DATA
		    "'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "readings"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish_as(&b, t, true, pdf_date, out, rc, err, errlen);
}

int plot_spo2_error(const double *ref, const double *dev, size_t n,
		    const double decade_arms[3], double max_arms,
		    const struct plot_text *t, const char *pdf_date,
		    struct plot_out *out, char *err, size_t errlen)
{
	static const double edges[4] = {70, 80, 90, 100};
	double *e = n ? malloc(n * sizeof(*e)) : NULL, lim = 1;
	size_t cnt = 0;
	struct buf b;
	int rc;

	if (n && !e)
		return CC_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		e[i] = dev[i] - ref[i];
		if (isfinite(e[i]))
			lim = fmax(lim, fabs(e[i]));
	}
	if (isfinite(max_arms))
		lim = fmax(lim, max_arms);
	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	if (!rc)
		rc = datablock(&b, "d", ref, e, n, &cnt);
	free(e);
	if (!rc && !cnt) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	if (!rc)
		rc = buf_append_str(&b, "$arms << EOD\n");
	for (int d = 0; d < 3 && !rc; d++)
		if (isfinite(decade_arms[d]))
			rc = buf_appendf(&b, "%g %.9g\n%g %.9g\n\n\n", edges[d],
					 decade_arms[d], edges[d + 1],
					 decade_arms[d]);
	if (!rc)
		rc = buf_appendf(
		    &b,
		    "0 NaN\nEOD\nset xrange [68:101]\nset yrange [%.9g:%.9g]\n"
		    "set xtics 5\n"
		    "set arrow from 80, graph 0 to 80, graph 1 nohead dt 3 lc "
		    "rgb '#888888'\n"
		    "set arrow from 90, graph 0 to 90, graph 1 nohead dt 3 lc "
		    "rgb '#888888'\n"
		    "set arrow from graph 0, first 0 to graph 1, first 0 "
		    "nohead lc rgb '#555555'\n",
		    -lim * 1.3, lim * 1.3);
	if (!rc && isfinite(max_arms) && max_arms > 0) {
		struct plot_line l = {
		    .at = max_arms, .label = t->series[2], .limit = 1};

		rc = ref_lines(&b, &l, 1, false);
	}
	if (!rc)
		rc = buf_append_str(&b, "plot $d using 1:2 with points pt 7 ps "
					"0.6 lc rgb '" COLOR_DATA "'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "device - reference"));
	if (!rc)
		rc = buf_append_str(
		    &b, ", $arms using 1:2 with lines lw 2.5 lc rgb '" COLOR_CDF
			"'");
	if (!rc)
		rc = title(&b, series_title(t, 1, "Arms per decade"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}

int plot_proportions(const struct plot_prop *v, size_t n, const struct plot_text *t,
		     const char *pdf_date, struct plot_out *out, char *err, size_t errlen)
{
	size_t drawn = 0, targets = 0;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	/* the columns' names as tics (quoted: they come from the record) */
	if (!rc)
		rc = buf_append_str(&b, "set xtics (");
	for (size_t i = 0; i < n && !rc; i++) {
		rc = buf_append_str(&b, i ? ", " : "");
		if (!rc)
			rc = quoted(&b, v[i].label);
		if (!rc)
			rc = buf_appendf(&b, " %zu", i);
	}
	if (!rc)
		rc = buf_appendf(&b, ")%s\nset xrange [-0.6:%.1f]\nset yrange [0:105]\n"
				 "$p << EOD\n", n > 8 ? " rotate by 45 right" : "",
				 (double)n - 0.4);
	for (size_t i = 0; i < n && !rc; i++) {
		if (!isfinite(v[i].p) || !isfinite(v[i].lo) || !isfinite(v[i].hi))
			continue;
		rc = buf_appendf(&b, "%zu %.9g %.9g %.9g\n", i, v[i].p * 100, v[i].lo * 100,
				 v[i].hi * 100);
		drawn++;
	}
	if (!rc)
		rc = buf_append_str(&b, "EOD\n$t << EOD\n");
	for (size_t i = 0; i < n && !rc; i++)
		if (isfinite(v[i].target)) {
			rc = buf_appendf(&b, "%zu %.9g\n", i, v[i].target * 100);
			targets++;
		}
	if (!rc)
		rc = buf_append_str(&b, "EOD\n");
	if (!rc && !drawn) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	if (!rc)
		rc = buf_append_str(&b, "plot $p using 1:2:3:4 with yerrorbars pt 7 ps 0.9 lw 1.4 "
					"lc rgb '" COLOR_DATA "'");
	if (!rc)
		rc = title(&b, series_title(t, 0, "proportion"));
	if (!rc && targets)
		rc = buf_append_str(&b, ", $t using ($1-0.3):2:(0.6):(0) with vectors nohead "
					"lw 1.6 dt 2 lc rgb '" COLOR_LIMIT "'");
	if (!rc && targets)
		rc = title(&b, series_title(t, 1, "claim"));
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}

int plot_timeline(const struct plot_series *s, size_t ns, double span_from, double span_to,
		  const char *span_label, const struct plot_text *t, const char *pdf_date,
		  struct plot_out *out, char *err, size_t errlen)
{
	static const char *const colors[] = {COLOR_BAD, COLOR_DATA, COLOR_STAT, COLOR_CDF};
	static const int points[] = {5, 7, 7, 7}; /* filled: what inline_points draws */
	size_t total = 0;
	struct buf b;
	int rc;

	buf_init(&b, BUF_MAX_TEXT);
	rc = common(&b, t);
	if (!rc)
		rc = buf_appendf(&b, "set yrange [0.4:%.1f]\nset key off\nset ytics (", (double)ns + 0.6);
	for (size_t i = 0; i < ns && !rc; i++) {
		rc = buf_append_str(&b, i ? ", " : "");
		if (!rc)
			rc = quoted(&b, s[i].title);
		if (!rc)
			rc = buf_appendf(&b, " %zu", ns - i);
	}
	if (!rc)
		rc = buf_append_str(&b, ")\n");
	for (size_t i = 0; i < ns && !rc; i++) {
		rc = buf_appendf(&b, "$s%zu << EOD\n", i);
		for (size_t k = 0; k < s[i].n && !rc; k++)
			if (isfinite(s[i].x[k])) {
				rc = buf_appendf(&b, "%.9g %zu\n", s[i].x[k], ns - i);
				total++;
			}
		if (!rc)
			rc = buf_append_str(&b, "EOD\n");
	}
	if (!rc && !total) {
		buf_release(&b);
		return nothing(err, errlen);
	}
	if (!rc && isfinite(span_from) && isfinite(span_to) && span_from < span_to) {
		rc = buf_appendf(&b, "set object 1 rect from %.9g, graph 0 to %.9g, graph 1 "
				     "behind fc rgb '" COLOR_BAND "' fs solid 1.0 noborder\n"
				     "set label 1 ", span_from, span_to);
		if (!rc)
			rc = quoted(&b, span_label);
		if (!rc)
			rc = buf_appendf(&b, " at %.9g, graph 0.96 center textcolor rgb '#333333'\n",
					 (span_from + span_to) / 2);
	}
	if (!rc)
		rc = buf_append_str(&b, "plot ");
	for (size_t i = 0; i < ns && !rc; i++)
		rc = buf_appendf(&b, "%s$s%zu using 1:2 with points pt %d ps 1.1 lc rgb '%s' notitle",
				 i ? ", " : "", i, points[i % 4], colors[i % 4]);
	if (!rc)
		rc = buf_append_str(&b, "\n");
	return finish(&b, t, pdf_date, out, rc, err, errlen);
}
