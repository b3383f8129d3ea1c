/* SPDX-License-Identifier: MIT */
/* IEEE 11073-20601 APDUs (phd/apdu.c, phd/dim.c): the worked APDUs of
 * ../shared/reference/ieee11073-20601.md §8 decoded field by field and
 * re-encoded byte-identical, then damaged copies of them, each violation
 * reported. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "phd/apdu.h"
#include "phd/dim.h"
#include "phd/nomen.h"

static size_t hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (n < cap && sscanf(s, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		s += used;
	}
	return n;
}

/* §8.1 AARQ of a BP agent (ANT blood_pressure/aarq) */
static const char *aarq_bp =
    "E2 00 00 32 80 00 00 00 00 01 00 2A 50 79 00 26 80 00 00 00 80 00 80 00 "
    "00 00 00 00 00 00 00 80 00 00 00 08 00 22 09 22 58 08 03 CC 40 00 00 01 "
    "01 00 00 00 00 00";
/* §8.2 AARE accepted-unknown-config */
static const char *aare_unknown =
    "E3 00 00 2C 00 03 50 79 00 26 80 00 00 00 80 00 80 00 00 00 00 00 00 00 "
    "80 00 00 00 00 08 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 00 00 00";
/* §8.3 config report: header as given, objects as the sheet decodes them
 * (metric-spec F0 40 for handles 2 and 3 as for handle 1) */
static const char *config_bp =
    "E7 00 00 B0 00 AE 00 01 01 01 00 A8 00 00 FF FF FF FF 0D 1C 00 9E 40 00 "
    "00 03 00 98 "
    "00 06 00 01 00 06 00 38 09 2F 00 04 00 02 4A 04 0A 46 00 02 F0 40 0A 73 "
    "00 02 03 03 09 96 00 02 0F 20 0A 76 00 0A 00 03 00 06 4A 05 4A 06 4A 07 "
    "0A 55 00 0C 00 02 00 08 0A 75 00 0A 09 90 00 08 "
    "00 06 00 02 00 04 00 24 09 2F 00 04 00 02 48 2A 0A 46 00 02 F0 40 09 96 "
    "00 02 0A A0 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08 "
    "00 06 00 03 00 04 00 24 09 2F 00 04 00 02 F0 12 0A 46 00 02 F0 40 09 96 "
    "00 02 02 00 0A 55 00 0C 00 02 00 08 0A 4C 00 02 09 90 00 08";
static const char *config_rsp =
    "E7 00 00 16 00 14 00 01 02 01 00 0E 00 00 FF FF FF FF 0D 1C 00 04 40 00 "
    "00 00";
/* §8.4 confirmed MP-fixed measurement report */
static const char *mp_fixed =
    "E7 00 00 52 00 50 00 01 01 01 00 4A 00 00 FF FF FF FF 0D 1F 00 40 F0 00 "
    "00 01 00 01 00 38 00 42 00 03 00 32 00 01 00 12 00 03 00 06 00 71 00 47 "
    "00 55 20 10 07 21 15 35 53 00 00 02 00 0A 00 47 20 10 07 21 15 35 53 00 "
    "00 03 00 0A 00 00 20 10 07 21 15 35 53 00";
static const char *mp_fixed_rsp =
    "E7 00 00 12 00 10 00 01 02 01 00 0A 00 00 FF FF FF FF 0D 1F 00 00";
/* §4.2 GET all MDS attributes, invoke-id 0x0005 */
static const char *get_mds = "E7 00 00 0E 00 0C 00 05 01 03 00 06 00 00 00 00 00 00";

static bool has(const struct phd_viol *v, const char *want)
{
	for (size_t i = 0; i < v->n; i++)
		if (strstr(v->v[i].text, want))
			return true;
	return false;
}

/* decode, no findings, re-encode to the same bytes */
static void roundtrip(const char *h, struct phd_apdu *a, uint8_t *in, size_t *n)
{
	uint8_t out[512];
	struct phd_viol v;
	size_t len;

	*n = hex(h, in, 512);
	phd_viol_init(&v);
	ck_assert_int_eq(phd_apdu_decode(in, *n, a, &v), CC_OK);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_uint_eq(phd_apdu_size(in, *n), *n);
	ck_assert_int_eq(phd_apdu_encode(a, out, sizeof(out), &len), CC_OK);
	ck_assert_uint_eq(len, *n);
	ck_assert_mem_eq(out, in, len);
}

START_TEST(test_aarq)
{
	uint8_t in[512];
	struct phd_apdu a;
	size_t n;

	roundtrip(aarq_bp, &a, in, &n);
	ck_assert_uint_eq(n, 54);
	ck_assert_uint_eq(a.choice, PHD_AARQ);
	ck_assert_uint_eq(a.assoc_version, PHD_ASSOC_V1);
	ck_assert_uint_eq(a.nproto, 1);
	ck_assert(a.proto[0].is_20601);
	const struct phd_assoc_info *ai = &a.proto[0].ai;
	ck_assert_uint_eq(ai->protocol_version, 0x80000000u);
	ck_assert_uint_eq(ai->encoding_rules, PHD_ENC_MDER);
	ck_assert_uint_eq(ai->system_type, PHD_SYSTYPE_AGENT);
	ck_assert_uint_eq(ai->system_id.len, 8);
	ck_assert_uint_eq(ai->system_id.p[7], 0xCC);
	ck_assert_uint_eq(ai->dev_config_id, 0x4000);
	ck_assert_uint_eq(ai->data_req_flags, 0x0001);
	ck_assert_uint_eq(ai->data_req_agent_count, 1);
	ck_assert_uint_eq(ai->option_count, 0);
}
END_TEST

START_TEST(test_aare_release_abort)
{
	uint8_t in[512];
	struct phd_apdu a;
	size_t n;

	roundtrip(aare_unknown, &a, in, &n);
	ck_assert_uint_eq(n, 48);
	ck_assert_uint_eq(a.result, PHD_AARE_ACCEPTED_UNKNOWN_CONFIG);
	ck_assert_str_eq(phd_aare_result_name(a.result), "accepted-unknown-config");
	ck_assert_uint_eq(a.proto[0].ai.system_type, PHD_SYSTYPE_MANAGER);
	ck_assert_uint_eq(a.proto[0].ai.dev_config_id, 0);
	roundtrip("E4 00 00 02 00 00", &a, in, &n);
	ck_assert_uint_eq(a.choice, PHD_RLRQ);
	roundtrip("E5 00 00 02 00 00", &a, in, &n);
	ck_assert_uint_eq(a.choice, PHD_RLRE);
	roundtrip("E6 00 00 02 00 03", &a, in, &n);
	ck_assert_uint_eq(a.choice, PHD_ABRT);
	ck_assert_str_eq(phd_abort_reason_name(a.result), "configuration-timeout");
}
END_TEST

START_TEST(test_config_report)
{
	uint8_t in[512];
	struct phd_apdu a;
	struct phd_config c;
	struct phd_viol v;
	size_t n;

	roundtrip(config_bp, &a, in, &n);
	ck_assert_uint_eq(n, 180);
	ck_assert_uint_eq(a.data.invoke_id, 1);
	ck_assert_uint_eq(a.data.choice, PHD_ROIV_CEVENT);
	ck_assert_uint_eq(a.data.time, 0xFFFFFFFFu);
	ck_assert_uint_eq(a.data.type, PHD_NOTI_CONFIG);
	ck_assert_uint_eq(a.data.arg.len, 158);
	phd_viol_init(&v);
	ck_assert_int_eq(phd_config_parse(a.data.arg, &c, &v), CC_OK);
	ck_assert_uint_eq(c.id, 0x4000);
	ck_assert_uint_eq(c.nobj, 3);
	ck_assert_uint_eq(c.obj[0].type_term, 18948);
	ck_assert_uint_eq(c.obj[0].unit, 3872);
	ck_assert_uint_eq(c.obj[0].nphysio, 3);
	ck_assert_uint_eq(c.obj[0].physio[2], 18951);
	ck_assert_uint_eq(c.obj[0].nmap, 2);
	ck_assert_uint_eq(c.obj[0].map[0].id, PHD_ATTR_NU_CMPD_VAL_OBS_BASIC);
	ck_assert_uint_eq(c.obj[0].map[0].len, 10);
	ck_assert_uint_eq(c.obj[1].unit, 2720);
	/* 10407's mandatory NIBP in mmHg is there; term 0xF012 is unknown
	 * (a warning, not an error) */
	ck_assert_int_eq(phd_config_check(&c, phd_spec_find("10407"), &v), CC_OK);
	ck_assert_uint_eq(v.errors, 0);
	ck_assert_uint_ge(v.n, 1);
	ck_assert(v.v[0].warning);
	/* against glucose's mandatory objects it fails */
	phd_viol_init(&v);
	ck_assert_int_eq(phd_config_check(&c, phd_spec_find("10417"), &v), CC_EPROTO);
	ck_assert(has(&v, "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD is missing"));
	/* the 700 standard configuration has no handle 3 */
	phd_viol_init(&v);
	ck_assert_int_eq(phd_config_match_std(&c, phd_std_config(700), &v), CC_EPROTO);
	roundtrip(config_rsp, &a, in, &n);
	ck_assert_uint_eq(a.data.choice, PHD_RORS_CEVENT);
	ck_assert_uint_eq(a.data.arg.len, 4);
	ck_assert_uint_eq(phd_u16(a.data.arg.p), 0x4000);
}
END_TEST

START_TEST(test_mp_fixed_report)
{
	uint8_t in[512], cin[512];
	struct phd_apdu a, ca;
	struct phd_config c;
	struct phd_scan s;
	struct phd_viol v;
	size_t n, cn;
	char txt[32];

	roundtrip(config_bp, &ca, cin, &cn);
	phd_viol_init(&v);
	ck_assert_int_eq(phd_config_parse(ca.data.arg, &c, &v), CC_OK);
	roundtrip(mp_fixed, &a, in, &n);
	ck_assert_uint_eq(a.data.type, PHD_NOTI_SCAN_MP_FIXED);
	ck_assert_int_eq(phd_scan_decode(a.data.type, a.data.arg, &c, &s, &v), CC_OK);
	ck_assert_uint_eq(s.data_req_id, 0xF000);
	ck_assert_uint_eq(s.scan_report_no, 1);
	ck_assert_uint_eq(s.nobs, 5);
	ck_assert_uint_eq(s.obs[0].person, 0x42);
	ck_assert_uint_eq(s.obs[0].term, 18949);
	ck_assert_double_eq(s.obs[0].val.value, 113);
	ck_assert_double_eq(s.obs[1].val.value, 71);
	ck_assert_uint_eq(s.obs[2].term, 18951);
	ck_assert_double_eq(s.obs[2].val.value, 85);
	ck_assert_uint_eq(s.obs[3].term, 18474);
	ck_assert_uint_eq(s.obs[3].unit, 2720);
	ck_assert(s.obs[0].has_time);
	ck_assert_uint_eq(s.obs[0].time.year, 2010);
	ck_assert_uint_eq(s.obs[0].time.month, 7);
	ck_assert_uint_eq(s.obs[0].time.second, 53);
	phd_obs_format(&s.obs[0], txt, sizeof(txt));
	ck_assert_str_eq(txt, "113");
	roundtrip(mp_fixed_rsp, &a, in, &n);
	ck_assert_uint_eq(a.data.arg.len, 0);
	roundtrip(get_mds, &a, in, &n);
	ck_assert_uint_eq(a.data.choice, PHD_ROIV_GET);
	ck_assert_uint_eq(a.data.invoke_id, 5);
	ck_assert_uint_eq(a.data.count, 0);
}
END_TEST

/* damaged copies: each is one finding naming what is wrong */
static void damaged(const char *h, size_t at, uint8_t val, const char *want)
{
	uint8_t in[512];
	struct phd_apdu a;
	struct phd_viol v;
	size_t n = hex(h, in, sizeof(in));
	in[at] = val;
	phd_viol_init(&v);
	int rc = phd_apdu_decode(in, n, &a, &v);
	if (rc != CC_EPROTO || !has(&v, want))
		ck_abort_msg("no finding with '%s' (first: %s)", want, v.n ? v.v[0].text : "-");
}

START_TEST(test_violations)
{
	damaged(aarq_bp, 1, 0x01, "unknown APDU choice 0xE201");
	damaged(aarq_bp, 3, 0x33, "APDU length says 51");
	damaged(aarq_bp, 9, 0x02, "count says 2");
	damaged(aarq_bp, 15, 0x27, "data-proto-info");
	damaged(config_bp, 5, 0x00, "PRST octet string says");
	damaged(config_bp, 9, 0x09, "unknown DataApdu message choice 0x0109");
	damaged(config_bp, 11, 0xA9, "cmip-confirmed-event-report");
	damaged(get_mds, 15, 0x01, "roiv-cmip-get: count 1 OIDs");
	/* a truncated APDU: every read stays within the input */
	uint8_t in[8] = {0xE7, 0x00, 0x00, 0x40, 0x00, 0x3E, 0x00};
	struct phd_apdu a;
	struct phd_viol v;

	phd_viol_init(&v);
	ck_assert_int_eq(phd_apdu_decode(in, 7, &a, &v), CC_EPROTO);
	ck_assert_uint_ge(v.errors, 1);
}
END_TEST

START_TEST(test_scan_violations)
{
	uint8_t cin[512], in[512];
	struct phd_apdu ca, a;
	struct phd_config c;
	struct phd_scan s;
	struct phd_viol v;
	size_t cn, n;

	roundtrip(config_bp, &ca, cin, &cn);
	phd_viol_init(&v);
	phd_config_parse(ca.data.arg, &c, &v);
	n = hex(mp_fixed, in, sizeof(in));
	/* handle 2's obs-val-data says 10 bytes; make it handle 9 */
	in[59] = 0x09;
	phd_viol_init(&v);
	ck_assert_int_eq(phd_apdu_decode(in, n, &a, &v), CC_OK);
	ck_assert_int_eq(phd_scan_decode(a.data.type, a.data.arg, &c, &s, &v), CC_EPROTO);
	ck_assert(has(&v, "handle 9 is not in configuration 16384"));
	/* a non-BCD time stamp */
	n = hex(mp_fixed, in, sizeof(in));
	in[50] = 0x1A;
	phd_viol_init(&v);
	phd_apdu_decode(in, n, &a, &v);
	ck_assert_int_eq(phd_scan_decode(a.data.type, a.data.arg, &c, &s, &v), CC_EPROTO);
	ck_assert(has(&v, "Absolute-Time-Stamp invalid"));
	/* SFLOAT NaN where systolic is due decodes as NaN (the step judges) */
	n = hex(mp_fixed, in, sizeof(in));
	in[44] = 0x07;
	in[45] = 0xFF;
	phd_viol_init(&v);
	phd_apdu_decode(in, n, &a, &v);
	ck_assert_int_eq(phd_scan_decode(a.data.type, a.data.arg, &c, &s, &v), CC_OK);
	ck_assert_int_eq(s.obs[0].val.kind, MDER_NAN);
	/* a special's mantissa with exponent 1: a warning (§1.3) */
	in[44] = 0x17;
	phd_viol_init(&v);
	phd_apdu_decode(in, n, &a, &v);
	ck_assert_int_eq(phd_scan_decode(a.data.type, a.data.arg, &c, &s, &v), CC_OK);
	ck_assert_uint_eq(v.n, 1);
	ck_assert(v.v[0].warning);
}
END_TEST

START_TEST(test_nomen_abstime)
{
	const struct phd_nomen *n = phd_nomen_by_name("MDC_PRESS_BLD_NONINV_SYS");
	struct phd_abstime t;
	uint8_t p[8], q[8] = {0x20, 0x07, 0x02, 0x01, 0x12, 0x05, 0x00, 0x00};
	char why[64];

	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(phd_code32(n->partition, n->term), 150021);
	ck_assert_str_eq(n->loinc, "8480-6");
	n = phd_nomen_find(PHD_PART_DIM, 3872);
	ck_assert_uint_eq(phd_code32(n->partition, n->term), 266016);
	ck_assert_str_eq(n->ucum, "mm[Hg]");
	ck_assert_uint_eq(phd_code32(8, phd_nomen_by_name("MDC_DEV_SPEC_PROFILE_GLUCOSE")->term),
			  528401);
	ck_assert_uint_eq(phd_code32(2, phd_nomen_by_name("MDC_MASS_BODY_ACTUAL")->term), 188736);
	/* every name is unique and every unit has a UCUM code */
	for (unsigned i = 0; phd_nomen_at(i); i++) {
		const struct phd_nomen *e = phd_nomen_at(i);

		ck_assert_ptr_eq(phd_nomen_by_name(e->name), e);
		if (e->kind == PHD_N_UNIT)
			ck_assert_ptr_nonnull(e->ucum);
	}
	ck_assert(phd_abstime_decode(q, &t, why, sizeof(why)));
	ck_assert_uint_eq(t.year, 2007);
	ck_assert_uint_eq(t.hour, 12);
	ck_assert_uint_eq(t.minute, 5);
	phd_abstime_encode(&t, p);
	ck_assert_mem_eq(p, q, 8);
	q[3] = 0x30; /* 30 February */
	q[2] = 0x02;
	ck_assert(!phd_abstime_decode(q, &t, why, sizeof(why)));
	ck_assert_str_eq(why, "day 30 of month 2");
}
END_TEST

/* §6: the byte stream cut by the 4-byte header */
START_TEST(test_stream_framing)
{
	uint8_t b[64];
	size_t n = hex("E4 00 00 02 00 00 E6 00 00 02 00 03 E7 00", b, sizeof(b)), size = 0;

	ck_assert_int_eq(phd_apdu_frame(b, n, PHD_RX_APDU_MAX, &size), 1);
	ck_assert_uint_eq(size, 6);
	ck_assert_int_eq(phd_apdu_frame(b + 6, n - 6, PHD_RX_APDU_MAX, &size), 1);
	ck_assert_uint_eq(size, 6);
	/* two bytes of the third: more needed, then its header, still more */
	ck_assert_int_eq(phd_apdu_frame(b + 12, 2, PHD_RX_APDU_MAX, &size), 0);
	n = hex("E7 00 00 0E 00 0C", b, sizeof(b));
	ck_assert_int_eq(phd_apdu_frame(b, n, PHD_RX_APDU_MAX, &size), 0);
	ck_assert_uint_eq(size, 18);
	/* 0xE201 is no choice; a length beyond 63 KiB overflows the buffer */
	n = hex("E2 01 00 02 00 00", b, sizeof(b));
	ck_assert_int_eq(phd_apdu_frame(b, n, PHD_RX_APDU_MAX, &size), -1);
	n = hex("E7 00 FC 00", b, sizeof(b));
	ck_assert_int_eq(phd_apdu_frame(b, n, PHD_RX_APDU_MAX, &size), -1);
	ck_assert_uint_eq(size, 0xFC00 + 4);
	n = hex("E7 00 FB FC", b, sizeof(b));
	ck_assert_int_eq(phd_apdu_frame(b, n, PHD_RX_APDU_MAX, &size), 0);
}
END_TEST

Suite *suite_phd_codec(void)
{
	Suite *s = suite_create("phd_codec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_aarq);
	tcase_add_test(tc, test_aare_release_abort);
	tcase_add_test(tc, test_config_report);
	tcase_add_test(tc, test_mp_fixed_report);
	tcase_add_test(tc, test_violations);
	tcase_add_test(tc, test_scan_violations);
	tcase_add_test(tc, test_nomen_abstime);
	tcase_add_test(tc, test_stream_framing);
	suite_add_tcase(s, tc);
	return s;
}
