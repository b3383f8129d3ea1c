/* SPDX-License-Identifier: MIT */
/*
 * NMEA 0183 framer and decoders (pos/nmea.c) against published sample
 * sentences with their checksums (the GGA, RMC, GSA, GSV, VTG and ZDA
 * examples of the NMEA literature, e.g. gpsd's "NMEA Revealed"), and the
 * stream (pos/nmea-stream.c) on hand-written traffic with each violation
 * the issue names.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pos/nmea-stream.h"
#include "pos/nmea.h"

static enum frame_status decode_line(const char *line, struct nmea_sentence *s,
				     struct line_frame *lf)
{
	enum frame_status st =
	    nmea_frame((const uint8_t *)line, strlen(line), lf);

	memset(s, 0, sizeof(*s));
	if (st == FRAME_OK)
		nmea_decode(line + lf->body_off, lf->body_len, s);
	return st;
}

static void problems_none(const struct nmea_sentence *s)
{
	ck_assert_msg(s->nproblems == 0, "%zu problems, first: %s",
		      s->nproblems, s->problem[0]);
}

static bool has_problem(const struct nmea_sentence *s, const char *part)
{
	for (size_t i = 0; i < s->nproblems && i < NMEA_MAX_PROBLEMS; i++)
		if (strstr(s->problem[i], part))
			return true;
	return false;
}

START_TEST(test_gga_sample)
{
	struct nmea_sentence s;
	struct line_frame lf;

	ck_assert_int_eq(decode_line("$GPGGA,123519,4807.038,N,01131.000,E,1,"
				     "08,0.9,545.4,M,46.9,M,,*47\r\n",
				     &s, &lf),
			 FRAME_OK);
	ck_assert_uint_eq(lf.checksum_frame, 0x47);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_GGA);
	ck_assert_str_eq(s.talker, "GP");
	ck_assert(s.has_time &&
		  fabs(s.tod - (12 * 3600 + 35 * 60 + 19)) < 1e-9);
	ck_assert(s.has_pos);
	ck_assert_double_eq_tol(s.lat, 48 + 7.038 / 60, 1e-12);
	ck_assert_double_eq_tol(s.lon, 11 + 31.0 / 60, 1e-12);
	ck_assert_int_eq(s.quality, 1);
	ck_assert_int_eq(s.sats, 8);
	ck_assert_double_eq_tol(s.hdop, 0.9, 1e-12);
	ck_assert(s.has_alt && fabs(s.alt - 545.4) < 1e-9);
}
END_TEST

START_TEST(test_gngga_west)
{
	struct nmea_sentence s;
	struct line_frame lf;

	ck_assert_int_eq(
	    decode_line("$GNGGA,001043.00,4404.14036,N,12118.85961,W,1,12,0.98,"
			"1113.0,M,-21.3,M,,*47\r\n",
			&s, &lf),
	    FRAME_OK);
	problems_none(&s);
	ck_assert_str_eq(s.talker, "GN");
	ck_assert_double_eq_tol(s.lon, -(121 + 18.85961 / 60), 1e-12);
	ck_assert_double_eq_tol(s.tod, 10 * 60 + 43.0, 1e-9);
}
END_TEST

START_TEST(test_rmc_samples)
{
	struct nmea_sentence s;
	struct line_frame lf;

	ck_assert_int_eq(decode_line("$GPRMC,123519,A,4807.038,N,01131.000,E,"
				     "022.4,084.4,230394,003.1,W*6A\r\n",
				     &s, &lf),
			 FRAME_OK);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_RMC);
	ck_assert_int_eq(s.status, 'A');
	ck_assert(s.has_date && s.day == 23 && s.month == 3 && s.year == 1994);
	ck_assert_double_eq_tol(s.speed_kn, 22.4, 1e-12);
	ck_assert_double_eq_tol(s.course, 84.4, 1e-12);
	ck_assert_int_eq(decode_line("$GPRMC,225446,A,4916.45,N,12311.12,W,000."
				     "5,054.7,191194,020.3,E*68\r\n",
				     &s, &lf),
			 FRAME_OK);
	problems_none(&s);
	ck_assert_double_eq_tol(s.lat, 49 + 16.45 / 60, 1e-12);
	ck_assert_double_eq_tol(s.lon, -(123 + 11.12 / 60), 1e-12);
	ck_assert_int_eq(s.year, 1994);
}
END_TEST

START_TEST(test_gsa_gsv_vtg_zda_samples)
{
	struct nmea_sentence s;
	struct line_frame lf;

	ck_assert_int_eq(
	    decode_line("$GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1*39\r\n",
			&s, &lf),
	    FRAME_OK);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_GSA);
	ck_assert_int_eq(s.fix_dim, 3);
	ck_assert_double_eq_tol(s.hdop, 1.3, 1e-12);
	ck_assert_int_eq(decode_line("$GPGSV,2,1,08,01,40,083,46,02,17,308,41,"
				     "12,07,344,39,14,22,228,45*75\r\n",
				     &s, &lf),
			 FRAME_OK);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_GSV);
	ck_assert_int_eq(s.gsv_total, 2);
	ck_assert_int_eq(s.gsv_num, 1);
	ck_assert_int_eq(s.gsv_in_view, 8);
	ck_assert_int_eq(
	    decode_line("$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48\r\n", &s,
			&lf),
	    FRAME_OK);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_VTG);
	ck_assert_double_eq_tol(s.speed_kn, 5.5, 1e-12);
	ck_assert_int_eq(
	    decode_line("$GPZDA,201530.00,04,07,2002,00,00*60\r\n", &s, &lf),
	    FRAME_OK);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_ZDA);
	ck_assert(s.has_date && s.day == 4 && s.month == 7 && s.year == 2002);
	ck_assert_double_eq_tol(s.tod, 20 * 3600 + 15 * 60 + 30, 1e-9);
	/* BeiDou talker (constructed; XOR 64 computed by hand) */
	ck_assert_int_eq(decode_line("$BDGSV,1,1,04,01,45,120,40,02,30,200,38,"
				     "03,60,045,42,04,10,300,30*64\r\n",
				     &s, &lf),
			 FRAME_OK);
	problems_none(&s);
	ck_assert_str_eq(s.talker, "BD");
}
END_TEST

START_TEST(test_framing_violations)
{
	struct nmea_sentence s;
	struct line_frame lf;
	char longline[128];

	/* the GGA sample with its checksum changed */
	ck_assert_int_eq(decode_line("$GPGGA,123519,4807.038,N,01131.000,E,1,"
				     "08,0.9,545.4,M,46.9,M,,*48\r\n",
				     &s, &lf),
			 FRAME_INVALID);
	ck_assert_ptr_nonnull(strstr(lf.problem, "checksum mismatch"));
	ck_assert_uint_eq(lf.checksum_computed, 0x47);
	/* no checksum at all */
	ck_assert_int_eq(
	    decode_line("$GPGGA,123519,,,,,0,,,,,,,,\r\n", &s, &lf),
	    FRAME_INVALID);
	/* 83 bytes with CR LF: one over the limit */
	memset(longline, 'A', sizeof(longline));
	memcpy(longline, "$GPTXT,", 7);
	memcpy(longline + 78, "*00\r\n", 6);
	ck_assert_uint_eq(strlen(longline), 83);
	ck_assert_int_eq(decode_line(longline, &s, &lf), FRAME_INVALID);
	ck_assert_ptr_nonnull(strstr(lf.problem, "longer than 82"));
	/* a partial sentence needs more */
	ck_assert_int_eq(nmea_frame((const uint8_t *)"$GPGGA,1235", 11, &lf),
			 FRAME_NEED_MORE);
	ck_assert_ptr_eq(nmea_line_format()->prefix[0] == '$' ? "ok" : NULL,
			 "ok");
}
END_TEST

/* Encode body with its checksum, so the decoder's own checks are reached. */
static void decode_body(const char *body, struct nmea_sentence *s)
{
	nmea_decode(body, strlen(body), s);
}

START_TEST(test_field_violations)
{
	struct nmea_sentence s;

	decode_body(
	    "GPGGA,123519,4861.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "latitude: minutes 61.0380 >= 60"));
	ck_assert(!s.has_pos);
	decode_body(
	    "GPGGA,123519,9100.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "degrees > 90"));
	decode_body(
	    "GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "hemisphere"));
	decode_body(
	    "GPGGA,246019,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "not a time of day"));
	decode_body(
	    "GPGGA,123519,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "fix quality: 9 outside 0..8"));
	decode_body(
	    "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,F,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "altitude: unit 'F'"));
	decode_body(
	    "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M", &s);
	ck_assert(has_problem(&s, "12 fields, expected 14"));
	decode_body(
	    "GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,300294,003.1,W",
	    &s);
	ck_assert(has_problem(&s, "not a calendar date"));
	decode_body(
	    "GPRMC,123519,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W",
	    &s);
	ck_assert(has_problem(&s, "status: 'X'"));
	decode_body("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,"
		    "003.1,W,N",
		    &s);
	ck_assert(has_problem(&s, "status A with mode N"));
	decode_body("GPRMC,123519,A,,,,,022.4,084.4,230394,003.1,W", &s);
	ck_assert(has_problem(&s, "status A without a position"));
	decode_body("GPVTG,054.7,T,034.4,M,005.5,N,020.2,K", &s);
	ck_assert(has_problem(&s, "km/h"));
	decode_body("GPGSV,2,3,08,01,40,083,46", &s);
	ck_assert(has_problem(&s, "message 3 of 2"));
	decode_body("GPGSV,1,1,01,01,95,083,46", &s);
	ck_assert(has_problem(&s, "elevation: 95 outside 0..90"));
	decode_body("GPGSA,A,4,04,05,,09,12,,,24,,,,,2.5,1.3,2.1", &s);
	ck_assert(has_problem(&s, "fix type: 4"));
	decode_body("GPZDA,201530.00,31,02,2002,00,00", &s);
	ck_assert(has_problem(&s, "not a calendar date"));
	decode_body(
	    "XXGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "talker 'XX'"));
	decode_body(
	    "GPGGA,12:35:19,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
	    &s);
	ck_assert(has_problem(&s, "not hhmmss.ss"));
	decode_body("GPGGA,123519,4807.0\x01"
		    "8,N",
		    &s);
	ck_assert(has_problem(&s, "0x01 not allowed"));
	decode_body("PCCGF,EXIT,123519.00,home", &s);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_CCGF);
	ck_assert(s.alarm_exit);
	ck_assert_str_eq(s.fence, "home");
	decode_body("PCCGF,LEAVE,123519.00,home", &s);
	ck_assert(has_problem(&s, "not EXIT or ENTER"));
	/* unknown types are framed, not decoded, and not wrong */
	decode_body("GPTXT,01,01,02,ANTENNA OK", &s);
	problems_none(&s);
	ck_assert_int_eq(s.type, NMEA_OTHER);
	/* many fields: refused, bounded */
	decode_body("GPGSV,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,", &s);
	ck_assert(has_problem(&s, "more than"));
}
END_TEST

static void feed(struct nmea_stream *ns, const char *text, double arrival)
{
	const uint8_t *p = (const uint8_t *)text;
	size_t n = strlen(text), used;

	while (n &&
	       nmea_stream_take(ns, p, n, arrival, &used) != FRAME_NEED_MORE) {
		ck_assert(used > 0 && used <= n);
		p += used;
		n -= used;
	}
	ck_assert_uint_eq(n, 0);
}

static void sentence(char *out, size_t len, const char *body)
{
	unsigned x = 0;

	for (const char *p = body; *p; p++)
		x ^= (unsigned char)*p;
	snprintf(out, len, "$%s*%02X\r\n", body, x);
}

START_TEST(test_stream_epochs)
{
	struct nmea_stream ns;
	char a[100], b[100], c[100];
	double t0 = nmea_days_from_civil(2026, 5, 1) * 86400.0 + 8 * 3600;

	nmea_stream_init(&ns, t0);
	sentence(a, sizeof(a),
		 "GPRMC,080000.00,A,3114.0000,N,12128.0000,E,0.0,,010526,,,A");
	sentence(
	    b, sizeof(b),
	    "GPGGA,080000.00,3114.0000,N,12128.0000,E,1,09,0.8,12.0,M,9.0,M,,");
	sentence(
	    c, sizeof(c),
	    "GPGGA,080001.00,3114.0010,N,12128.0000,E,1,09,0.8,12.0,M,9.0,M,,");
	feed(&ns, a, 0.1);
	feed(&ns, b, 0.1);
	feed(&ns, c, 1.2);
	nmea_stream_finish(&ns);
	ck_assert_uint_eq(nmea_stream_total_findings(&ns), 0);
	ck_assert_uint_eq(ns.track.nfix, 2);
	ck_assert_double_eq_tol(ns.track.fix[0].t, 0, 1e-6);
	ck_assert_double_eq_tol(ns.track.fix[1].t, 1, 1e-6);
	ck_assert(ns.track.fix[0].valid && ns.track.fix[1].valid);
	ck_assert_double_eq_tol(ns.track.fix[1].arrival, 1.2, 1e-12);
	ck_assert_double_eq_tol(ns.track.fix[1].lat, 31 + 14.001 / 60, 1e-12);
	ck_assert(ns.track.fix[0].has_alt && ns.track.fix[0].alt == 12.0);
	nmea_stream_release(&ns);
}
END_TEST

/* GGA of 00:00:00 before the RMC with the new date: the next day, not a
 * time going backwards. */
START_TEST(test_stream_midnight)
{
	struct nmea_stream ns;
	char a[100], b[100], c[100];

	nmea_stream_init(&ns, 0);
	sentence(a, sizeof(a),
		 "GPRMC,235959.00,A,3114.0000,N,12128.0000,E,0.0,,300426,,,A");
	sentence(
	    b, sizeof(b),
	    "GPGGA,000000.00,3114.0000,N,12128.0000,E,1,09,0.8,12.0,M,9.0,M,,");
	sentence(c, sizeof(c),
		 "GPRMC,000000.00,A,3114.0000,N,12128.0000,E,0.0,,010526,,,A");
	feed(&ns, a, 0);
	feed(&ns, b, 0);
	feed(&ns, c, 0);
	nmea_stream_finish(&ns);
	ck_assert_msg(nmea_stream_total_findings(&ns) == 0, "%s", ns.kept[0]);
	ck_assert_uint_eq(ns.track.nfix, 2);
	ck_assert_double_eq_tol(ns.track.fix[1].t - ns.track.fix[0].t, 1, 1e-6);
	nmea_stream_release(&ns);
}
END_TEST

static bool kept(const struct nmea_stream *ns, const char *part)
{
	for (size_t i = 0; i < ns->nkept; i++)
		if (strstr(ns->kept[i], part))
			return true;
	return false;
}

START_TEST(test_stream_violations)
{
	struct nmea_stream ns;
	char a[100], b[100], c[100], d[100];

	nmea_stream_init(&ns, 0);
	sentence(a, sizeof(a),
		 "GPRMC,080002.00,A,3114.0000,N,12128.0000,E,0.0,,010526,,,A");
	sentence(b, sizeof(b),
		 "GPGGA,080002.00,3114.0000,N,12128.0000,E,0,00,,,M,,M,,");
	sentence(
	    c, sizeof(c),
	    "GNGGA,080001.00,3114.0000,N,12128.0000,E,1,09,0.8,12.0,M,9.0,M,,");
	sentence(d, sizeof(d), "GPRMC,080003.00,V,,,,,,,010526,,,N");
	feed(&ns, a, 0);
	feed(&ns, b, 0);
	feed(&ns, c, 0); /* earlier time, other talker */
	feed(&ns, d, 0);
	feed(&ns, "garbage\r\n", 0);
	feed(&ns, "$GPGGA,080004.00,,,,,0,00,,,M,,M,,*00\r\n", 0);
	nmea_stream_finish(&ns);
	ck_assert_msg(kept(&ns, "status A with GGA fix quality 0"), "%s",
		      ns.kept[0]);
	ck_assert(kept(&ns, "time went backwards"));
	ck_assert(kept(&ns, "mixed talkers: GGA from GP, then GN"));
	ck_assert(kept(&ns, "missing frame start"));
	ck_assert(kept(&ns, "checksum mismatch"));
	ck_assert_uint_eq(ns.findings[NMEA_F_FRAMING], 2);
	ck_assert_uint_eq(ns.findings[NMEA_F_SEQUENCE], 3);
	ck_assert_uint_eq(ns.track.nfix, 3);
	ck_assert(!ns.track.fix[0].valid); /* quality 0 wins */
	ck_assert(!ns.track.fix[2].valid); /* V */
	nmea_stream_release(&ns);
}
END_TEST

START_TEST(test_stream_alarm_and_hostile)
{
	struct nmea_stream ns;
	char a[100];

	nmea_stream_init(&ns, 0);
	sentence(a, sizeof(a), "PCCGF,EXIT,000042.50,home");
	feed(&ns, a, 43.0);
	ck_assert_uint_eq(ns.track.nalarm, 1);
	ck_assert(ns.track.alarm[0].exit);
	ck_assert_double_eq_tol(ns.track.alarm[0].t, 42.5, 1e-9);
	ck_assert_double_eq_tol(ns.track.alarm[0].arrival, 43.0, 1e-12);
	/* bytes that are not text are quoted escaped */
	feed(&ns, "\xff\x01\"<x>\r\n", 0);
	ck_assert(kept(&ns, "\\xFF\\x01"));
	nmea_stream_release(&ns);
}
END_TEST

Suite *suite_nmea(void)
{
	Suite *s = suite_create("nmea");
	TCase *tc = tcase_create("nmea");

	tcase_add_test(tc, test_gga_sample);
	tcase_add_test(tc, test_gngga_west);
	tcase_add_test(tc, test_rmc_samples);
	tcase_add_test(tc, test_gsa_gsv_vtg_zda_samples);
	tcase_add_test(tc, test_framing_violations);
	tcase_add_test(tc, test_field_violations);
	tcase_add_test(tc, test_stream_epochs);
	tcase_add_test(tc, test_stream_violations);
	tcase_add_test(tc, test_stream_midnight);
	tcase_add_test(tc, test_stream_alarm_and_hostile);
	suite_add_tcase(s, tc);
	return s;
}
