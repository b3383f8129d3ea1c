/* SPDX-License-Identifier: MIT */
#include "ecg/wfdb.h"
#include "base/err.h"
#include "base/fileio.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEA_MAX_LINE 4096
#define HEA_MAX_TOKENS 16

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* Read a whole binary file with a cap; the message names the file. */
static int slurp(const char *path, size_t max, uint8_t **out, size_t *len,
		 char *err, size_t errlen)
{
	struct stat st;
	char *data;
	int rc;

	*out = NULL;
	*len = 0;
	if (stat(path, &st) == 0 && st.st_size > 0 &&
	    (uintmax_t)st.st_size > max)
		return fail(err, errlen, CC_ETOOBIG,
			    "%s: %jd bytes, more than %zu", path,
			    (intmax_t)st.st_size, max);
	rc = read_file(path, &data, len);
	if (rc == CC_ENOTFOUND)
		return fail(err, errlen, rc, "%s: no such file", path);
	if (rc)
		return fail(err, errlen, rc, "%s: cannot read: %s", path,
			    cc_strerror(rc));
	if (*len > max) {
		free(data);
		return fail(err, errlen, CC_ETOOBIG, "%s: more than %zu bytes",
			    path, max);
	}
	*out = (uint8_t *)data;
	return CC_OK;
}

/* ---- header ---------------------------------------------------------- */

struct hea_ctx {
	const char *name;
	unsigned line;
	char *err;
	size_t errlen;
};

static int hea_fail(const struct hea_ctx *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int hea_fail(const struct hea_ctx *c, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return fail(c->err, c->errlen, code, "%s:%u: %s", c->name, c->line,
		    msg);
}

/* Whole-token integer and real parsers: "12x" and "" are errors. */
static bool parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return *s && !*end && !errno;
}

static bool parse_int(const char *s, int *v)
{
	long l;

	if (!parse_long(s, &l) || l < INT_MIN || l > INT_MAX)
		return false;
	*v = (int)l;
	return true;
}

static bool parse_real(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return *s && !*end && !errno && isfinite(*v);
}

/* Copy at most n bytes of s into a NUL-terminated field of size cap. */
static bool copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return false;
	memcpy(dst, s, n);
	dst[n] = 0;
	return true;
}

/* Split a line in place at blanks; the description may keep its spaces, so
 * the start offset of each token is returned too. */
static int tokenize(char *line, char **tok, size_t *start, int max)
{
	int n = 0;
	char *p = line;

	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		start[n] = (size_t)(p - line);
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = 0;
	}
	return n;
}

static int parse_record_line(struct hea_ctx *c, char **tok, int nt,
			     struct wfdb_header *h)
{
	char *slash;
	long l;

	if (nt < 2)
		return hea_fail(c, CC_EINVAL,
				"record line needs a name and a signal count");
	if (strchr(tok[0], '/'))
		return hea_fail(c, CC_ENOTSUP,
				"multi-segment record '%s' is not supported",
				tok[0]);
	if (!copy_field(h->record, sizeof(h->record), tok[0], strlen(tok[0])))
		return hea_fail(c, CC_EINVAL, "record name too long");
	if (!parse_long(tok[1], &l) || l < 0)
		return hea_fail(c, CC_EINVAL, "bad signal count '%s'", tok[1]);
	if (l > WFDB_MAX_SIGNALS)
		return hea_fail(c, CC_ETOOBIG, "%ld signals, at most %d", l,
				WFDB_MAX_SIGNALS);
	h->nsig = (int)l;
	h->fs = WFDB_DEFAULT_FS;
	if (nt > 2) {
		/* "fs", "fs/counterfreq" or "fs/counterfreq(basecounter)" */
		char *paren = strchr(tok[2], '(');

		if (paren)
			*paren = 0;
		slash = strchr(tok[2], '/');
		if (slash)
			*slash = 0;
		if (!parse_real(tok[2], &h->fs) || h->fs <= 0)
			return hea_fail(c, CC_EINVAL,
					"bad sampling frequency '%s'", tok[2]);
		if (slash && (!parse_real(slash + 1, &h->counter_freq) ||
			      h->counter_freq <= 0))
			return hea_fail(c, CC_EINVAL,
					"bad counter frequency '%s'",
					slash + 1);
	}
	if (h->counter_freq == 0)
		h->counter_freq = h->fs;
	if (nt > 3 && (!parse_long(tok[3], &h->nsamples) || h->nsamples < 0))
		return hea_fail(c, CC_EINVAL, "bad sample count '%s'", tok[3]);
	if (nt > 4 && !copy_field(h->base_time, sizeof(h->base_time), tok[4],
				  strlen(tok[4])))
		return hea_fail(c, CC_EINVAL, "base time too long");
	if (nt > 5 && !copy_field(h->base_date, sizeof(h->base_date), tok[5],
				  strlen(tok[5])))
		return hea_fail(c, CC_EINVAL, "base date too long");
	return CC_OK;
}

/* "212", "212x2", "212:1", "212+512" and combinations, in that order. */
static int parse_format(struct hea_ctx *c, char *s, struct wfdb_signal *sg)
{
	char *plus = strchr(s, '+'), *colon, *x;

	sg->spf = 1;
	if (plus) {
		*plus = 0;
		if (!parse_long(plus + 1, &sg->offset) || sg->offset < 0)
			return hea_fail(c, CC_EINVAL, "bad byte offset '%s'",
					plus + 1);
	}
	colon = strchr(s, ':');
	if (colon) {
		*colon = 0;
		if (!parse_int(colon + 1, &sg->skew) || sg->skew < 0)
			return hea_fail(c, CC_EINVAL, "bad skew '%s'",
					colon + 1);
	}
	x = strchr(s, 'x');
	if (x) {
		*x = 0;
		if (!parse_int(x + 1, &sg->spf) || sg->spf < 1)
			return hea_fail(c, CC_EINVAL,
					"bad samples per frame '%s'", x + 1);
	}
	if (!parse_int(s, &sg->format) || sg->format < 0)
		return hea_fail(c, CC_EINVAL, "bad format '%s'", s);
	return CC_OK;
}

/* "gain", "gain(baseline)", "gain/units", "gain(baseline)/units" */
static int parse_gain(struct hea_ctx *c, char *s, struct wfdb_signal *sg,
		      bool *has_baseline)
{
	char *slash = strchr(s, '/'), *paren;

	if (slash) {
		*slash = 0;
		if (!slash[1] || !copy_field(sg->units, sizeof(sg->units),
					     slash + 1, strlen(slash + 1)))
			return hea_fail(c, CC_EINVAL, "bad units '%s'",
					slash + 1);
	}
	paren = strchr(s, '(');
	if (paren) {
		size_t n = strlen(paren);

		if (n < 3 || paren[n - 1] != ')')
			return hea_fail(c, CC_EINVAL, "bad baseline '%s'",
					paren);
		paren[n - 1] = 0;
		*paren = 0;
		if (!parse_int(paren + 1, &sg->baseline))
			return hea_fail(c, CC_EINVAL, "bad baseline '%s'",
					paren + 1);
		*has_baseline = true;
	}
	if (!parse_real(s, &sg->gain) || sg->gain < 0)
		return hea_fail(c, CC_EINVAL, "bad gain '%s'", s);
	return CC_OK;
}

static int parse_signal_line(struct hea_ctx *c, const char *line, char **tok,
			     const size_t *start, int nt,
			     struct wfdb_signal *sg)
{
	bool has_baseline = false, has_init = false;
	int rc;

	memset(sg, 0, sizeof(*sg));
	if (nt < 2)
		return hea_fail(c, CC_EINVAL,
				"signal line needs a file name and a format");
	if (!copy_field(sg->file, sizeof(sg->file), tok[0], strlen(tok[0])))
		return hea_fail(c, CC_EINVAL, "file name too long");
	rc = parse_format(c, tok[1], sg);
	if (rc)
		return rc;
	strcpy(sg->units, "mV");
	if (nt > 2) {
		rc = parse_gain(c, tok[2], sg, &has_baseline);
		if (rc)
			return rc;
	}
	if (nt > 3 && (!parse_int(tok[3], &sg->adc_res) || sg->adc_res < 0 ||
		       sg->adc_res > 32))
		return hea_fail(c, CC_EINVAL, "bad ADC resolution '%s'",
				tok[3]);
	if (nt > 4 && !parse_int(tok[4], &sg->adc_zero))
		return hea_fail(c, CC_EINVAL, "bad ADC zero '%s'", tok[4]);
	if (nt > 5) {
		if (!parse_int(tok[5], &sg->init_value))
			return hea_fail(c, CC_EINVAL, "bad initial value '%s'",
					tok[5]);
		has_init = true;
	}
	if (nt > 6) {
		if (!parse_int(tok[6], &sg->checksum))
			return hea_fail(c, CC_EINVAL, "bad checksum '%s'",
					tok[6]);
		sg->has_checksum = true;
	}
	if (nt > 7 &&
	    (!parse_int(tok[7], &sg->block_size) || sg->block_size < 0))
		return hea_fail(c, CC_EINVAL, "bad block size '%s'", tok[7]);
	if (nt > 8) {
		/* the description is the rest of the line, spaces included */
		const char *d = line + start[8];
		size_t n = strlen(d);

		while (n && (d[n - 1] == ' ' || d[n - 1] == '\t'))
			n--;
		if (n >= sizeof(sg->desc))
			n = sizeof(sg->desc) - 1;
		memcpy(sg->desc, d, n);
		sg->desc[n] = 0;
	}
	sg->calibrated = sg->gain > 0;
	if (!sg->calibrated)
		sg->gain = WFDB_DEFAULT_GAIN;
	if (!has_baseline)
		sg->baseline = sg->adc_zero;
	if (!has_init)
		sg->init_value = sg->adc_zero;
	if (sg->adc_res == 0 && sg->format == 212)
		sg->adc_res = 12;
	return CC_OK;
}

int wfdb_header_parse(const char *text, size_t len, const char *name,
		      struct wfdb_header **out, char *err, size_t errlen)
{
	struct hea_ctx c = {
	    .name = name ? name : "header", .err = err, .errlen = errlen};
	struct wfdb_header *h;
	char line[HEA_MAX_LINE], raw[HEA_MAX_LINE];
	bool have_record = false;
	int nsig_seen = 0, rc = CC_OK;
	size_t pos = 0;

	*out = NULL;
	if (len > WFDB_MAX_HEADER)
		return fail(err, errlen, CC_ETOOBIG, "%s: header over %u bytes",
			    c.name, WFDB_MAX_HEADER);
	h = calloc(1, sizeof(*h));
	if (!h)
		return CC_ENOMEM;
	while (pos < len && (!have_record || nsig_seen < h->nsig)) {
		size_t end = pos, n;
		char *tok[HEA_MAX_TOKENS];
		size_t start[HEA_MAX_TOKENS];
		int nt;

		while (end < len && text[end] != '\n')
			end++;
		c.line++;
		n = end - pos;
		if (n && text[pos + n - 1] == '\r')
			n--;
		if (n >= sizeof(line)) {
			rc =
			    hea_fail(&c, CC_EINVAL, "line longer than %d bytes",
				     HEA_MAX_LINE - 1);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = 0;
		pos = end + 1;
		if (memchr(line, 0, n)) {
			rc = hea_fail(&c, CC_EINVAL, "NUL byte in header");
			break;
		}
		memcpy(raw, line, n + 1);
		nt = tokenize(line, tok, start, HEA_MAX_TOKENS);
		if (nt == 0 || tok[0][0] == '#')
			continue;
		if (!have_record) {
			rc = parse_record_line(&c, tok, nt, h);
			have_record = true;
		} else {
			rc = parse_signal_line(&c, raw, tok, start, nt,
					       &h->sig[nsig_seen++]);
		}
		if (rc)
			break;
	}
	if (!rc && !have_record)
		rc = fail(err, errlen, CC_EINVAL, "%s: no record line", c.name);
	if (!rc && nsig_seen < h->nsig)
		rc = fail(err, errlen, CC_EINVAL,
			  "%s: %d signal lines, the record line announces %d",
			  c.name, nsig_seen, h->nsig);
	if (rc) {
		free(h);
		return rc;
	}
	*out = h;
	return CC_OK;
}

int wfdb_header_read(const char *path, struct wfdb_header **out, char *err,
		     size_t errlen)
{
	uint8_t *data;
	size_t len;
	int rc;

	*out = NULL;
	rc = slurp(path, WFDB_MAX_HEADER, &data, &len, err, errlen);
	if (rc)
		return rc;
	rc = wfdb_header_parse((const char *)data, len, path, out, err, errlen);
	free(data);
	return rc;
}

void wfdb_header_free(struct wfdb_header *h)
{
	free(h);
}

/* ---- signals ----------------------------------------------------------- */

static int sext12(unsigned v)
{
	return (v & 0x800) ? (int)v - 4096 : (int)v;
}

/* Bytes that n format-212 samples occupy. */
static size_t bytes_212(size_t n)
{
	return n / 2 * 3 + (n % 2 ? 2 : 0);
}

size_t wfdb_212_decode(const uint8_t *buf, size_t len, int *out, size_t n)
{
	size_t need = bytes_212(n), i;

	if (n > SIZE_MAX / 3 || len < need)
		return 0;
	for (i = 0; i + 1 < n; i += 2) {
		const uint8_t *p = buf + i / 2 * 3;

		out[i] = sext12(p[0] | (unsigned)(p[1] & 0x0f) << 8);
		out[i + 1] = sext12(p[2] | (unsigned)(p[1] & 0xf0) << 4);
	}
	if (i < n) {
		const uint8_t *p = buf + i / 2 * 3;

		out[i] = sext12(p[0] | (unsigned)(p[1] & 0x0f) << 8);
	}
	return need;
}

/* A file name from a header is looked up in dir only. */
static bool safe_name(const char *f)
{
	const char *p = f;

	if (!*f || *f == '/' || !strcmp(f, "-"))
		return false;
	while ((p = strstr(p, "..")) != NULL) {
		bool starts = p == f || p[-1] == '/';
		bool ends = !p[2] || p[2] == '/';

		if (starts && ends)
			return false;
		p += 2;
	}
	return true;
}

/* Signals first..first+ns-1 share one file: read and decode its frames. */
static int read_group(const struct wfdb_header *h, const char *dir, int first,
		      int ns, struct wfdb_samples *s, bool count_frames,
		      char *err, size_t errlen)
{
	const struct wfdb_signal *sg = &h->sig[first];
	char path[4096];
	uint8_t *data;
	size_t len, avail, nframes, need, nsamp;
	int *tmp, rc;

	if (!safe_name(sg->file))
		return fail(err, errlen, CC_EINVAL,
			    "%s: signal file name '%s' is absolute, '-' or has "
			    "'..'",
			    h->record, sg->file);
	if (dir && *dir)
		snprintf(path, sizeof(path), "%s/%s", dir, sg->file);
	else
		snprintf(path, sizeof(path), "%s", sg->file);
	rc = slurp(path, WFDB_MAX_FILE, &data, &len, err, errlen);
	if (rc)
		return rc;
	if ((size_t)sg->offset > len) {
		free(data);
		return fail(err, errlen, CC_EINVAL,
			    "%s: byte %zu: file ends before the signal data "
			    "offset %ld",
			    path, len, sg->offset);
	}
	avail = len - (size_t)sg->offset;
	if (count_frames) {
		/* the largest whole number of frames; leftovers are an error */
		nframes = avail / 3 * 2 / (size_t)ns;
		while (bytes_212((nframes + 1) * (size_t)ns) <= avail)
			nframes++;
		need = bytes_212(nframes * (size_t)ns);
		if (need != avail) {
			free(data);
			return fail(err, errlen, CC_EINVAL,
				    "%s: byte %zu: %zu trailing bytes do not "
				    "make a whole frame",
				    path, (size_t)sg->offset + need,
				    avail - need);
		}
		if (s->v && nframes != s->nframes) {
			free(data);
			return fail(
			    err, errlen, CC_EINVAL,
			    "%s: %zu frames, other signal files have %zu", path,
			    nframes, s->nframes);
		}
		s->nframes = nframes;
	}
	nframes = s->nframes;
	nsamp = nframes * (size_t)ns;
	need = bytes_212(nsamp);
	if (need > avail) {
		free(data);
		return fail(err, errlen, CC_EINVAL,
			    "%s: byte %zu: file ends, %zu bytes needed for %zu "
			    "frames",
			    path, len, (size_t)sg->offset + need, nframes);
	}
	if (!s->v) {
		s->v = malloc((nframes ? nframes : 1) * (size_t)h->nsig *
			      sizeof(int));
		if (!s->v) {
			free(data);
			return CC_ENOMEM;
		}
	}
	tmp = malloc((nsamp ? nsamp : 1) * sizeof(int));
	if (!tmp) {
		free(data);
		return CC_ENOMEM;
	}
	wfdb_212_decode(data + sg->offset, avail, tmp, nsamp);
	free(data);
	for (size_t f = 0; f < nframes; f++)
		for (int k = 0; k < ns; k++)
			s->v[f * (size_t)h->nsig + (size_t)(first + k)] =
			    tmp[f * (size_t)ns + (size_t)k];
	free(tmp);
	return CC_OK;
}

static int verify_checksums(const struct wfdb_header *h,
			    const struct wfdb_samples *s, char *err,
			    size_t errlen)
{
	for (int k = 0; k < h->nsig; k++) {
		const struct wfdb_signal *sg = &h->sig[k];
		unsigned sum = 0;

		if (!sg->has_checksum)
			continue;
		/* a 16-bit sum: unsigned arithmetic wraps as WFDB's does */
		for (size_t f = 0; f < s->nframes; f++)
			sum += (unsigned)s->v[f * (size_t)s->nsig + (size_t)k];
		if (((sum - (unsigned)sg->checksum) & 0xffffu) != 0) {
			int got = (int)(sum & 0xffffu);

			if (got >= 0x8000)
				got -= 0x10000;
			return fail(err, errlen, CC_EINVAL,
				    "%s: checksum of signal %d (%s) is %d, "
				    "the header says %d",
				    sg->file, k, sg->desc, got, sg->checksum);
		}
	}
	return CC_OK;
}

int wfdb_samples_read(const struct wfdb_header *h, const char *dir,
		      struct wfdb_samples **out, char *err, size_t errlen)
{
	struct wfdb_samples *s;
	int rc = CC_OK;

	*out = NULL;
	for (int k = 0; k < h->nsig; k++) {
		const struct wfdb_signal *sg = &h->sig[k];

		if (sg->format != 212 || sg->spf != 1 || sg->skew != 0)
			return fail(err, errlen, CC_ENOTSUP,
				    "%s: signal %d: format %d (x%d, skew %d); "
				    "only 212 with one sample per frame and no "
				    "skew is read",
				    h->record, k, sg->format, sg->spf,
				    sg->skew);
	}
	if (h->nsamples > 0 &&
	    (uintmax_t)h->nsamples > WFDB_MAX_FILE / sizeof(int))
		return fail(err, errlen, CC_ETOOBIG,
			    "%s: %ld frames is too many", h->record,
			    h->nsamples);
	s = calloc(1, sizeof(*s));
	if (!s)
		return CC_ENOMEM;
	s->nsig = h->nsig;
	s->nframes = (size_t)h->nsamples;
	for (int k = 0; k < h->nsig && !rc;) {
		int ns = 1;

		/* signals in one file are consecutive lines (header(5)) */
		while (k + ns < h->nsig &&
		       !strcmp(h->sig[k + ns].file, h->sig[k].file))
			ns++;
		for (int j = k + ns; j < h->nsig && !rc; j++)
			if (!strcmp(h->sig[j].file, h->sig[k].file))
				rc = fail(err, errlen, CC_ENOTSUP,
					  "%s: signals of %s are not on "
					  "consecutive lines",
					  h->record, h->sig[k].file);
		if (h->sig[k + ns - 1].offset != h->sig[k].offset && !rc)
			rc = fail(err, errlen, CC_EINVAL,
				  "%s: signals of %s have different offsets",
				  h->record, h->sig[k].file);
		if (!rc)
			rc = read_group(h, dir, k, ns, s, h->nsamples == 0, err,
					errlen);
		k += ns;
	}
	if (!rc)
		rc = verify_checksums(h, s, err, errlen);
	if (rc) {
		wfdb_samples_free(s);
		return rc;
	}
	*out = s;
	return CC_OK;
}

void wfdb_samples_free(struct wfdb_samples *s)
{
	if (!s)
		return;
	free(s->v);
	free(s);
}

double wfdb_physical(const struct wfdb_signal *sig, int adu)
{
	if (adu == WFDB_212_INVALID)
		return NAN;
	return (adu - sig->baseline) / sig->gain;
}

/* ---- annotations ------------------------------------------------------- */

/* ecgcodes.h mnemonics (WFDB's annstr table), index = code. */
static const char *const mnemonics[WFDB_ACMAX + 1] = {
    [1] = "N",	[2] = "L",   [3] = "R",	 [4] = "a",  [5] = "V",	 [6] = "F",
    [7] = "J",	[8] = "A",   [9] = "S",	 [10] = "E", [11] = "j", [12] = "/",
    [13] = "Q", [14] = "~",  [16] = "|", [18] = "s", [19] = "T", [20] = "*",
    [21] = "D", [22] = "\"", [23] = "=", [24] = "p", [25] = "B", [26] = "^",
    [27] = "t", [28] = "+",  [29] = "u", [30] = "?", [31] = "!", [32] = "[",
    [33] = "]", [34] = "e",  [35] = "n", [36] = "@", [37] = "x", [38] = "f",
    [39] = "(", [40] = ")",  [41] = "r",
};

/* ecgmap.h isqrs(): 1-13 and 25, 30, 31, 34, 35, 38, 41 are QRS. */
static const bool qrs_table[WFDB_ACMAX + 1] = {
    [1] = true,	 [2] = true,  [3] = true,  [4] = true,	[5] = true,
    [6] = true,	 [7] = true,  [8] = true,  [9] = true,	[10] = true,
    [11] = true, [12] = true, [13] = true, [25] = true, [30] = true,
    [31] = true, [34] = true, [35] = true, [38] = true, [41] = true,
};

bool wfdb_is_beat(int code)
{
	return code > 0 && code <= WFDB_ACMAX && qrs_table[code];
}

const char *wfdb_code_mnemonic(int code)
{
	if (code <= 0 || code > WFDB_ACMAX || !mnemonics[code])
		return "";
	return mnemonics[code];
}

void wfdb_annset_free(struct wfdb_annset *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].aux);
	free(a->v);
	free(a);
}

static unsigned le16(const uint8_t *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

int wfdb_ann_parse(const uint8_t *buf, size_t len, const char *name,
		   struct wfdb_annset **out, char *err, size_t errlen)
{
	struct wfdb_annset *a;
	struct wfdb_ann *cur = NULL;
	long long time = 0;
	int num = 0, chan = 0, rc = CC_OK;
	size_t pos = 0, alloc = 0;

	*out = NULL;
	if (!name)
		name = "annotations";
	if (len > WFDB_MAX_FILE)
		return fail(err, errlen, CC_ETOOBIG, "%s: more than %u bytes",
			    name, WFDB_MAX_FILE);
	a = calloc(1, sizeof(*a));
	if (!a)
		return CC_ENOMEM;
	for (;;) {
		unsigned w, code, data;

		if (pos + 2 > len) {
			rc =
			    fail(err, errlen, CC_EINVAL,
				 pos == len ? "%s: byte %zu: file ends without "
					      "the end-of-file word"
					    : "%s: byte %zu: truncated word",
				 name, pos);
			break;
		}
		w = le16(buf + pos);
		code = w >> 10;
		data = w & 0x3ff;
		if (code == 0) {
			if (data == 0)
				break; /* end of file */
			rc =
			    fail(err, errlen, CC_EINVAL,
				 "%s: byte %zu: code 0 with time difference %u",
				 name, pos, data);
			break;
		}
		if (code <= WFDB_ACMAX) {
			if (a->n == alloc) {
				size_t na = alloc ? alloc * 2 : 256;
				struct wfdb_ann *nv =
				    realloc(a->v, na * sizeof(*nv));

				if (!nv) {
					rc = CC_ENOMEM;
					break;
				}
				a->v = nv;
				alloc = na;
			}
			time += data;
			if (time > LONG_MAX) {
				rc = fail(err, errlen, CC_EINVAL,
					  "%s: byte %zu: time overflows", name,
					  pos);
				break;
			}
			cur = &a->v[a->n++];
			*cur = (struct wfdb_ann){.time = (long)time,
						 .code = (int)code,
						 .chan = chan,
						 .num = num};
			pos += 2;
			continue;
		}
		switch (code) {
		case WFDB_SKIP: {
			unsigned long u;
			long long skip;

			if (pos + 6 > len) {
				rc = fail(
				    err, errlen, CC_EINVAL,
				    "%s: byte %zu: SKIP needs 4 more bytes, "
				    "%zu left",
				    name, pos, len - pos - 2);
				break;
			}
			/* PDP-11 long: high word first, each word LE */
			u = (unsigned long)le16(buf + pos + 2) << 16 |
			    le16(buf + pos + 4);
			skip = u >= 0x80000000ul ? (long long)u - 0x100000000ll
						 : (long long)u;
			time += skip;
			if (skip < 0) {
				rc =
				    fail(err, errlen, CC_EINVAL,
					 "%s: byte %zu: SKIP of %lld goes back "
					 "in time",
					 name, pos, skip);
				break;
			}
			pos += 6;
			continue;
		}
		case WFDB_NUM:
			num = (int)data;
			if (cur)
				cur->num = num;
			pos += 2;
			continue;
		case WFDB_CHN:
			chan = (int)data;
			if (cur)
				cur->chan = chan;
			pos += 2;
			continue;
		case WFDB_SUB:
			if (!cur) {
				rc = fail(err, errlen, CC_EINVAL,
					  "%s: byte %zu: SUB before any "
					  "annotation",
					  name, pos);
				break;
			}
			cur->subtype = (int)data;
			pos += 2;
			continue;
		case WFDB_AUX: {
			size_t n = data + (data & 1);

			if (!cur || cur->aux) {
				rc = fail(
				    err, errlen, CC_EINVAL,
				    cur ? "%s: byte %zu: second AUX for one "
					  "annotation"
					: "%s: byte %zu: AUX before any "
					  "annotation",
				    name, pos);
				break;
			}
			if (pos + 2 + n > len) {
				rc = fail(err, errlen, CC_EINVAL,
					  "%s: byte %zu: AUX of %u bytes runs "
					  "past the end (%zu left)",
					  name, pos, data, len - pos - 2);
				break;
			}
			cur->aux = malloc(data + 1u);
			if (!cur->aux) {
				rc = CC_ENOMEM;
				break;
			}
			memcpy(cur->aux, buf + pos + 2, data);
			cur->aux[data] = 0;
			cur->aux_len = data;
			pos += 2 + n;
			continue;
		}
		default:
			rc = fail(err, errlen, CC_EINVAL,
				  "%s: byte %zu: undefined annotation code %u",
				  name, pos, code);
			break;
		}
		break; /* only errors leave the switch */
	}
	if (rc) {
		wfdb_annset_free(a);
		return rc;
	}
	*out = a;
	return CC_OK;
}

int wfdb_ann_read(const char *path, struct wfdb_annset **out, char *err,
		  size_t errlen)
{
	uint8_t *data;
	size_t len;
	int rc;

	*out = NULL;
	rc = slurp(path, WFDB_MAX_FILE, &data, &len, err, errlen);
	if (rc)
		return rc;
	rc = wfdb_ann_parse(data, len, path, out, err, errlen);
	free(data);
	return rc;
}

int wfdb_ann_beat_times(const struct wfdb_annset *a, double fs, double **times,
			size_t *n)
{
	size_t k = 0;
	double *t;

	*times = NULL;
	*n = 0;
	if (!(fs > 0))
		return CC_EINVAL;
	for (size_t i = 0; i < a->n; i++)
		k += wfdb_is_beat(a->v[i].code);
	if (!k)
		return CC_OK;
	t = malloc(k * sizeof(*t));
	if (!t)
		return CC_ENOMEM;
	k = 0;
	for (size_t i = 0; i < a->n; i++)
		if (wfdb_is_beat(a->v[i].code))
			t[k++] = a->v[i].time / fs;
	*times = t;
	*n = k;
	return CC_OK;
}
