/* SPDX-License-Identifier: MIT */
#include "pos/nmea.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct line_format nmea_fmt = {
    .prefix = "$",
    .terminator = "\r\n",
    .checksum = CHECKSUM_XOR8,
    .checksum_sep = '*',
    .max_len = NMEA_MAX_LEN,
};

const struct line_format *nmea_line_format(void)
{
	return &nmea_fmt;
}

enum frame_status nmea_frame(const uint8_t *p, size_t n, struct line_frame *out)
{
	return line_frame(&nmea_fmt, p, n, out);
}

void nmea_problem(struct nmea_sentence *s, const char *fmt, ...)
{
	va_list ap;

	if (s->nproblems < NMEA_MAX_PROBLEMS) {
		va_start(ap, fmt);
		vsnprintf(s->problem[s->nproblems], NMEA_PROBLEM_LEN, fmt, ap);
		va_end(ap);
	}
	s->nproblems++;
}

long nmea_days_from_civil(int y, int m, int d)
{
	/* H. Hinnant's days_from_civil */
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ---- fields ---- */

struct fields {
	char buf[NMEA_MAX_LEN + 1];
	const char *f[NMEA_MAX_FIELDS]; /* f[0] is the address */
	size_t n;
};

/* Cut at commas; true when there were more fields than fit. */
static bool split(const char *body, size_t len, struct fields *fs)
{
	char *p;

	if (len > NMEA_MAX_LEN)
		len = NMEA_MAX_LEN;
	memcpy(fs->buf, body, len);
	fs->buf[len] = 0;
	fs->n = 0;
	p = fs->buf;
	for (;;) {
		char *c = strchr(p, ',');

		if (fs->n == NMEA_MAX_FIELDS)
			return true;
		fs->f[fs->n++] = p;
		if (!c)
			return false;
		*c = 0;
		p = c + 1;
	}
}

static const char *field(const struct fields *fs, size_t i)
{
	return i < fs->n ? fs->f[i] : "";
}

/* A decimal number written as NMEA does: digits, at most one point, an
 * optional leading sign when sign is allowed; no exponent, no spaces. */
static bool number(const char *t, bool sign, double *out)
{
	/* exact powers of ten: an integer of at most 15 digits divided by
	 * one is correctly rounded, the same double strtod gives */
	static const double p10[] = { 1e0, 1e1, 1e2,  1e3,  1e4,  1e5,	1e6,  1e7,
				      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	const char *p = t;
	bool point = false, neg = false;
	unsigned long long mant = 0;
	int ndig = 0, frac = 0;

	if (sign && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (ndig < 18)
				mant = mant * 10 + (unsigned long long)(*p - '0');
			ndig++;
			frac += point;
		} else if (*p == '.' && !point) {
			point = true;
		} else {
			return false;
		}
	}
	if (!ndig)
		return false;
	if (ndig <= 15 && frac <= 15)
		*out = (double)mant / p10[frac]; /* mant < 10^15: exact */
	else
		*out = strtod(t, NULL);
	if (neg && ndig <= 15 && frac <= 15)
		*out = -*out;
	return isfinite(*out);
}

/* An optional number in [lo, hi]; false when absent or wrong (reported). */
static bool num_field(struct nmea_sentence *s, const struct fields *fs,
		      size_t i, const char *what, bool sign, double lo,
		      double hi, double *out)
{
	const char *t = field(fs, i);

	if (!*t)
		return false;
	if (!number(t, sign, out)) {
		nmea_problem(s, "%s %s: '%.16s' is not a number", s->name, what,
			     t);
		return false;
	}
	if (*out < lo || *out > hi) {
		nmea_problem(s, "%s %s: %.16s outside %g..%g", s->name, what, t,
			     lo, hi);
		return false;
	}
	return true;
}

static bool int_field(struct nmea_sentence *s, const struct fields *fs,
		      size_t i, const char *what, int lo, int hi, int *out)
{
	double v;

	if (!num_field(s, fs, i, what, false, lo, hi, &v))
		return false;
	if (v != floor(v)) {
		nmea_problem(s, "%s %s: '%.16s' is not a whole number", s->name,
			     what, field(fs, i));
		return false;
	}
	*out = (int)v;
	return true;
}

/* One of the characters of allowed (a single character), or absent. */
static char char_field(struct nmea_sentence *s, const struct fields *fs,
		       size_t i, const char *what, const char *allowed)
{
	const char *t = field(fs, i);

	if (!*t)
		return 0;
	if (t[1] || !strchr(allowed, t[0])) {
		nmea_problem(s, "%s %s: '%.16s' is not one of %s", s->name,
			     what, t, allowed);
		return 0;
	}
	return t[0];
}

/* hhmmss[.ss] */
static bool time_field(struct nmea_sentence *s, const struct fields *fs,
		       size_t i)
{
	const char *t = field(fs, i);
	double v;
	int hh, mm;
	double ss;

	if (!*t)
		return false;
	if (strlen(t) < 6 || !number(t, false, &v) || strchr(t, '.') == t + 0 ||
	    (strchr(t, '.') && strchr(t, '.') != t + 6)) {
		nmea_problem(s, "%s time: '%.16s' is not hhmmss.ss", s->name,
			     t);
		return false;
	}
	hh = (t[0] - '0') * 10 + (t[1] - '0');
	mm = (t[2] - '0') * 10 + (t[3] - '0');
	ss = strtod(t + 4, NULL);
	if (hh > 23 || mm > 59 || ss >= 61.0) { /* 60: a leap second */
		nmea_problem(s, "%s time: '%.16s' is not a time of day",
			     s->name, t);
		return false;
	}
	s->has_time = true;
	s->tod = hh * 3600.0 + mm * 60.0 + ss;
	return true;
}

static bool valid_date(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* ddmmyy (RMC): years 80..99 are 19xx, 00..79 20xx (the usual pivot) */
static void date_field(struct nmea_sentence *s, const struct fields *fs,
		       size_t i)
{
	const char *t = field(fs, i);
	int d, m, y;

	if (!*t)
		return;
	if (strlen(t) != 6 || strspn(t, "0123456789") != 6) {
		nmea_problem(s, "%s date: '%.16s' is not ddmmyy", s->name, t);
		return;
	}
	d = (t[0] - '0') * 10 + (t[1] - '0');
	m = (t[2] - '0') * 10 + (t[3] - '0');
	y = (t[4] - '0') * 10 + (t[5] - '0');
	y += y >= 80 ? 1900 : 2000;
	if (!valid_date(y, m, d)) {
		nmea_problem(s, "%s date: '%.16s' is not a calendar date",
			     s->name, t);
		return;
	}
	s->has_date = true;
	s->day = d;
	s->month = m;
	s->year = y;
}

/* ddmm.mmmm,N / dddmm.mmmm,E: both fields or neither */
static void latlon_fields(struct nmea_sentence *s, const struct fields *fs,
			  size_t i)
{
	const char *lat = field(fs, i), *ns = field(fs, i + 1);
	const char *lon = field(fs, i + 2), *ew = field(fs, i + 3);
	double v[2];
	const char *txt[2] = {lat, lon}, *hemi[2] = {ns, ew};
	static const char *const what[2] = {"latitude", "longitude"};
	static const char *const hemis[2] = {"NS", "EW"};
	static const int degdigits[2] = {2, 3};
	static const double maxdeg[2] = {90, 180};

	if (!*lat && !*ns && !*lon && !*ew)
		return;
	for (int k = 0; k < 2; k++) {
		const char *dot = strchr(txt[k], '.');
		size_t ip = dot ? (size_t)(dot - txt[k]) : strlen(txt[k]);
		double raw, deg, min;

		if (!*txt[k] || !*hemi[k]) {
			nmea_problem(
			    s, "%s %s: value and hemisphere must both be given",
			    s->name, what[k]);
			return;
		}
		if (!number(txt[k], false, &raw) ||
		    ip != (size_t)degdigits[k] + 2) {
			nmea_problem(s, "%s %s: '%.16s' is not %sdmm.mmmm",
				     s->name, what[k], txt[k], k ? "dd" : "d");
			return;
		}
		deg = floor(raw / 100.0);
		min = raw - deg * 100.0;
		if (min >= 60.0) {
			nmea_problem(s, "%s %s: minutes %.4f >= 60", s->name,
				     what[k], min);
			return;
		}
		v[k] = deg + min / 60.0;
		if (v[k] > maxdeg[k]) {
			nmea_problem(s, "%s %s: %.6f degrees > %g", s->name,
				     what[k], v[k], maxdeg[k]);
			return;
		}
		if (hemi[k][1] || !strchr(hemis[k], hemi[k][0])) {
			nmea_problem(s,
				     "%s %s: hemisphere '%.8s' is not %c or %c",
				     s->name, what[k], hemi[k], hemis[k][0],
				     hemis[k][1]);
			return;
		}
		if (hemi[k][0] == 'S' || hemi[k][0] == 'W')
			v[k] = -v[k];
	}
	s->has_pos = true;
	s->lat = v[0];
	s->lon = v[1];
}

static void need_fields(struct nmea_sentence *s, const struct fields *fs,
			size_t min, size_t max)
{
	if (fs->n - 1 < min || fs->n - 1 > max)
		nmea_problem(s, "%s: %zu fields, expected %zu to %zu", s->name,
			     fs->n - 1, min, max);
}

static void unit_field(struct nmea_sentence *s, const struct fields *fs,
		       size_t i, size_t value, const char *what, char unit)
{
	const char *t = field(fs, i);

	if (*field(fs, value) && (t[0] != unit || t[1]))
		nmea_problem(s, "%s %s: unit '%.8s', expected %c", s->name,
			     what, t, unit);
}

/* ---- sentences (NMEA 0183 4.11 field order; fields counted from 1) ---- */

static void gga(struct nmea_sentence *s, const struct fields *fs)
{
	double v;

	need_fields(s, fs, 14, 14);
	time_field(s, fs, 1);
	latlon_fields(s, fs, 2);
	if (!int_field(s, fs, 6, "fix quality", 0, 8, &s->quality))
		s->quality = -1;
	if (!int_field(s, fs, 7, "satellites", 0, 99, &s->sats))
		s->sats = -1;
	if (num_field(s, fs, 8, "HDOP", false, 0, 99.99, &v))
		s->hdop = v;
	if (num_field(s, fs, 9, "altitude", true, -9999.9, 99999.9, &v)) {
		s->has_alt = true;
		s->alt = v;
	}
	unit_field(s, fs, 10, 9, "altitude", 'M');
	num_field(s, fs, 11, "geoid separation", true, -999.9, 999.9, &v);
	unit_field(s, fs, 12, 11, "geoid separation", 'M');
	num_field(s, fs, 13, "age of differential data", false, 0, 9999, &v);
	num_field(s, fs, 14, "station id", false, 0, 1023, &v);
	if (s->quality > 0 && !s->has_pos)
		nmea_problem(s, "GGA: fix quality %d without a position",
			     s->quality);
}

static void rmc(struct nmea_sentence *s, const struct fields *fs)
{
	double v;

	need_fields(s, fs, 11, 13); /* 12: mode (2.3); 13: nav status (4.1) */
	time_field(s, fs, 1);
	s->status = char_field(s, fs, 2, "status", "AV");
	if (!s->status)
		nmea_problem(s, "RMC status: missing");
	latlon_fields(s, fs, 3);
	if (num_field(s, fs, 7, "speed", false, 0, 9999, &v)) {
		s->has_speed = true;
		s->speed_kn = v;
	}
	if (num_field(s, fs, 8, "course", false, 0, 360, &v))
		s->course = v;
	date_field(s, fs, 9);
	num_field(s, fs, 10, "magnetic variation", false, 0, 180, &v);
	if (*field(fs, 10))
		char_field(s, fs, 11, "variation direction", "EW");
	s->mode = char_field(s, fs, 12, "mode", "ADEFMNPRS");
	if (fs->n > 13)
		char_field(s, fs, 13, "navigational status", "SCUV");
	if (s->status == 'A' && !s->has_pos)
		nmea_problem(s, "RMC: status A without a position");
	if (s->status == 'A' && s->mode == 'N')
		nmea_problem(s, "RMC: status A with mode N (not valid)");
}

static void gsa(struct nmea_sentence *s, const struct fields *fs)
{
	double v;
	int prn;

	need_fields(s, fs, 17, 18); /* 18: system id (4.10) */
	if (!char_field(s, fs, 1, "selection mode", "MA"))
		nmea_problem(s, "GSA selection mode: missing");
	if (!int_field(s, fs, 2, "fix type", 1, 3, &s->fix_dim))
		s->fix_dim = 0;
	for (size_t i = 3; i <= 14; i++)
		int_field(s, fs, i, "satellite id", 1, 999, &prn);
	num_field(s, fs, 15, "PDOP", false, 0, 99.99, &v);
	if (num_field(s, fs, 16, "HDOP", false, 0, 99.99, &v))
		s->hdop = v;
	num_field(s, fs, 17, "VDOP", false, 0, 99.99, &v);
	if (fs->n > 18)
		int_field(s, fs, 18, "system id", 1, 15, &prn);
}

static void gsv(struct nmea_sentence *s, const struct fields *fs)
{
	size_t nsat, extra;
	int v;

	if (fs->n < 4) {
		nmea_problem(s, "GSV: %zu fields, expected at least 3",
			     fs->n - 1);
		return;
	}
	int_field(s, fs, 1, "number of messages", 1, 9, &s->gsv_total);
	int_field(s, fs, 2, "message number", 1, 9, &s->gsv_num);
	int_field(s, fs, 3, "satellites in view", 0, 99, &s->gsv_in_view);
	if (s->gsv_total && s->gsv_num > s->gsv_total)
		nmea_problem(s, "GSV: message %d of %d", s->gsv_num,
			     s->gsv_total);
	/* 4 fields per satellite, then perhaps a signal id (4.10) */
	nsat = (fs->n - 4) / 4;
	extra = (fs->n - 4) % 4;
	if (nsat > 4 || extra > 1)
		nmea_problem(s,
			     "GSV: %zu fields do not make up to 4 satellites",
			     fs->n - 1);
	for (size_t k = 0; k < nsat && k < 4; k++) {
		size_t b = 4 + 4 * k;

		int_field(s, fs, b, "satellite id", 1, 999, &v);
		int_field(s, fs, b + 1, "elevation", 0, 90, &v);
		int_field(s, fs, b + 2, "azimuth", 0, 359, &v);
		int_field(s, fs, b + 3, "SNR", 0, 99, &v);
	}
	if (extra == 1)
		int_field(s, fs, fs->n - 1, "signal id", 0, 15, &v);
}

static void vtg(struct nmea_sentence *s, const struct fields *fs)
{
	double kn = 0, kmh = 0, v;
	bool has_kn, has_kmh;

	need_fields(s, fs, 8, 9);
	if (num_field(s, fs, 1, "course true", false, 0, 360, &v))
		s->course = v;
	unit_field(s, fs, 2, 1, "course true", 'T');
	num_field(s, fs, 3, "course magnetic", false, 0, 360, &v);
	unit_field(s, fs, 4, 3, "course magnetic", 'M');
	has_kn = num_field(s, fs, 5, "speed", false, 0, 9999, &kn);
	unit_field(s, fs, 6, 5, "speed", 'N');
	has_kmh = num_field(s, fs, 7, "speed km/h", false, 0, 99999, &kmh);
	unit_field(s, fs, 8, 7, "speed km/h", 'K');
	if (fs->n > 9)
		s->mode = char_field(s, fs, 9, "mode", "ADEFMNPRS");
	if (has_kn) {
		s->has_speed = true;
		s->speed_kn = kn;
	}
	/* 1 kn = 1.852 km/h exactly; a field rounds to 0.1 at least */
	if (has_kn && has_kmh && fabs(kn * 1.852 - kmh) > 0.1 + 0.001 * kmh)
		nmea_problem(s, "VTG: %.2f kn is %.2f km/h, not %.2f", kn,
			     kn * 1.852, kmh);
}

static void zda(struct nmea_sentence *s, const struct fields *fs)
{
	int d = 0, m = 0, y = 0, v;
	double zone;
	bool ok;

	need_fields(s, fs, 6, 6);
	time_field(s, fs, 1);
	ok = int_field(s, fs, 2, "day", 1, 31, &d);
	ok = int_field(s, fs, 3, "month", 1, 12, &m) && ok;
	ok = int_field(s, fs, 4, "year", 1980, 2999, &y) && ok;
	if (ok) {
		if (!valid_date(y, m, d)) {
			nmea_problem(
			    s, "ZDA: %04d-%02d-%02d is not a calendar date", y,
			    m, d);
		} else {
			s->has_date = true;
			s->day = d;
			s->month = m;
			s->year = y;
		}
	}
	num_field(s, fs, 5, "local zone hours", true, -13, 13, &zone);
	int_field(s, fs, 6, "local zone minutes", 0, 59, &v);
}

static void ccgf(struct nmea_sentence *s, const struct fields *fs)
{
	const char *kind = field(fs, 1), *fence = field(fs, 3);

	need_fields(s, fs, 3, 3);
	if (!strcmp(kind, "EXIT"))
		s->alarm_exit = true;
	else if (strcmp(kind, "ENTER"))
		nmea_problem(s, "CCGF event: '%.16s' is not EXIT or ENTER",
			     kind);
	if (!time_field(s, fs, 2) && !*field(fs, 2))
		nmea_problem(s, "CCGF time: missing");
	if (!*fence || strlen(fence) >= sizeof(s->fence) ||
	    strspn(fence, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			  "0123456789_-") != strlen(fence))
		nmea_problem(s, "CCGF fence: '%.16s' is not an id", fence);
	else
		memcpy(s->fence, fence, strlen(fence) + 1);
}

static const struct {
	const char *name;
	enum nmea_type type;
	void (*decode)(struct nmea_sentence *s, const struct fields *fs);
} decoders[] = {
    {"GGA", NMEA_GGA, gga}, {"RMC", NMEA_RMC, rmc}, {"GSA", NMEA_GSA, gsa},
    {"GSV", NMEA_GSV, gsv}, {"VTG", NMEA_VTG, vtg}, {"ZDA", NMEA_ZDA, zda},
};

static const char *const talkers[] = {"GP", "GL", "GA", "GB",
				      "BD", "GN", "GQ", "GI"};

size_t nmea_decode(const char *body, size_t len, struct nmea_sentence *s)
{
	struct fields fs;
	const char *addr;

	memset(s, 0, sizeof(*s));
	s->quality = s->sats = -1;
	s->hdop = s->course = -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)body[i];

		/* NMEA 0183 6.1: printable ASCII, "$" "*" "!" reserved */
		if (c < 0x20 || c > 0x7e || c == '$' || c == '*' || c == '!') {
			nmea_problem(
			    s, "byte %zu: character 0x%02X not allowed", i, c);
			return s->nproblems;
		}
	}
	/* 32 fields hold the longest standard sentence (GSV: 21) */
	if (split(body, len, &fs)) {
		nmea_problem(s, "more than %d fields", NMEA_MAX_FIELDS - 1);
		return s->nproblems;
	}
	addr = fs.f[0];
	if (addr[0] == 'P') {
		snprintf(s->talker, sizeof(s->talker), "P");
		snprintf(s->name, sizeof(s->name), "%.7s", addr + 1);
		if (strlen(addr) < 4 || strlen(addr) > 8 ||
		    strspn(addr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") !=
			strlen(addr)) {
			nmea_problem(
			    s, "address '%.16s' is not a proprietary address",
			    addr);
			return s->nproblems;
		}
		if (!strcmp(addr, "PCCGF")) {
			s->type = NMEA_CCGF;
			ccgf(s, &fs);
		}
		return s->nproblems;
	}
	if (strlen(addr) != 5 ||
	    strspn(addr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 5) {
		nmea_problem(s, "address '%.16s' is not talker + sentence type",
			     addr);
		return s->nproblems;
	}
	memcpy(s->talker, addr, 2);
	memcpy(s->name, addr + 2, 3);
	s->name[3] = 0;
	{
		bool known = false;

		for (size_t i = 0; i < sizeof(talkers) / sizeof(talkers[0]);
		     i++)
			known |= !strcmp(s->talker, talkers[i]);
		if (!known) {
			nmea_problem(s, "talker '%s' is not a GNSS talker",
				     s->talker);
			return s->nproblems;
		}
	}
	for (size_t i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
		if (!strcmp(s->name, decoders[i].name)) {
			s->type = decoders[i].type;
			decoders[i].decode(s, &fs);
			break;
		}
	return s->nproblems;
}
