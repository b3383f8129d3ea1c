/* SPDX-License-Identifier: MIT */
/* USB PHDC descriptors and metadata preambles (phd/phdc.c) on descriptor
 * bytes laid out as a PHDC weighing scale declares itself (interface
 * class 0x0F, class function 0x20, 11073 extension 0x30, bulk IN/OUT and
 * interrupt IN each followed by its QoS descriptor 0x21), then damaged. */
#include <check.h>
#include <string.h>

#include "base/err.h"
#include "phd/phdc.h"

static const uint8_t scale[] = {
	0x09, 0x02, 0x3D, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, /* configuration */
	0x09, 0x04, 0x00, 0x00, 0x03, 0x0F, 0x00, 0x00, 0x00, /* interface, PHDC */
	0x04, 0x20, 0x02, 0x00,                               /* 11073-20601, no metadata */
	0x06, 0x30, 0x00, 0x01, 0x0F, 0x10,                   /* 1 specialization 0x100F */
	0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00, 0x04, 0x21, 0x01, 0x08,
	0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00, 0x04, 0x21, 0x01, 0x08,
	0x07, 0x05, 0x83, 0x03, 0x08, 0x00, 0x0A, 0x04, 0x21, 0x01, 0x01,
};

static bool has(const struct phd_viol *v, const char *want)
{
	for (size_t i = 0; i < v->n; i++)
		if (strstr(v->v[i].text, want))
			return true;
	return false;
}

START_TEST(test_scale_descriptors)
{
	struct phdc_info in;
	struct phd_viol v;

	phd_viol_init(&v);
	ck_assert_int_eq(phdc_parse_config(scale, sizeof(scale), &in, &v), CC_OK);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_int_eq(in.interface, 0);
	ck_assert_uint_eq(in.data_code, PHDC_DATA_CODE_11073);
	ck_assert(!in.metadata);
	ck_assert_uint_eq(in.bulk_in.address, 0x81);
	ck_assert_uint_eq(in.bulk_in.max_packet, 64);
	ck_assert_uint_eq(in.bulk_out.address, 0x02);
	ck_assert_uint_eq(in.int_in.address, 0x83);
	ck_assert(in.bulk_in.qos && in.bulk_out.qos && in.int_in.qos);
	ck_assert_uint_eq(in.nspecs, 1);
	ck_assert_uint_eq(in.specs[0], 0x100F);
}
END_TEST

static void damaged(size_t at, uint8_t val, size_t n, const char *want)
{
	uint8_t p[sizeof(scale)];
	struct phdc_info in;
	struct phd_viol v;

	memcpy(p, scale, sizeof(scale));
	p[at] = val;
	phd_viol_init(&v);
	ck_assert_int_eq(phdc_parse_config(p, n, &in, &v), CC_EPROTO);
	ck_assert_msg(has(&v, want), "no '%s' (first: %s)", want, v.n ? v.v[0].text : "-");
}

START_TEST(test_damaged_descriptors)
{
	damaged(2, 0x3E, sizeof(scale), "wTotalLength says 62");
	damaged(15, 0x01, sizeof(scale), "subclass 1 protocol 0");
	damaged(14, 0xFF, sizeof(scale), "no interface of class 0x0F");
	damaged(20, 0x07, sizeof(scale), "bPHDCDataCode 7");
	damaged(25, 0x02, sizeof(scale), "11073 function extension: 6 bytes for 2");
	damaged(36, 0x24, sizeof(scale), "endpoint 0x81 has no QoS descriptor");
	damaged(49, 0x03, sizeof(scale), "bmLatencyReliability 0x03 is not one bin");
	damaged(28, 0x00, sizeof(scale), "bLength 0 is too small");
	damaged(30, 0x03, sizeof(scale), "lacks a bulk IN endpoint");
	/* cut short: the last descriptor runs past the end */
	uint8_t p[sizeof(scale)];
	struct phdc_info in;
	struct phd_viol v;

	memcpy(p, scale, sizeof(scale));
	phd_viol_init(&v);
	ck_assert_int_eq(phdc_parse_config(p, sizeof(scale) - 2, &in, &v), CC_EPROTO);
	ck_assert(has(&v, "runs past the configuration"));
}
END_TEST

START_TEST(test_preamble)
{
	uint8_t p[24] = "PhdcQoSSignature";
	struct phdc_preamble pr;
	struct phd_viol v;

	p[16] = 2;
	p[17] = 1;
	p[18] = 0x04;
	p[19] = 0xAA;
	ck_assert(phdc_is_preamble(p, sizeof(p)));
	phd_viol_init(&v);
	ck_assert_int_eq(phdc_parse_preamble(p, 20, &pr, &v), CC_OK);
	ck_assert_uint_eq(pr.num_transfers, 2);
	ck_assert_uint_eq(pr.opaque.len, 1);
	ck_assert_uint_eq(pr.opaque.p[0], 0xAA);
	p[17] = 2;
	p[18] = 0x06;
	ck_assert_int_eq(phdc_parse_preamble(p, 20, &pr, &v), CC_EPROTO);
	ck_assert(has(&v, "encoding version 2"));
	ck_assert(has(&v, "0x06 is not one bin"));
	/* an APDU is not a preamble */
	ck_assert(!phdc_is_preamble((const uint8_t *)"\xE7\x00\x00\x02\x00\x00", 6));
	ck_assert_int_eq(phdc_parse_preamble((const uint8_t *)"PhdcQoS", 7, &pr, &v), CC_EPROTO);
}
END_TEST

Suite *suite_phd_phdc(void)
{
	Suite *s = suite_create("phd_phdc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scale_descriptors);
	tcase_add_test(tc, test_damaged_descriptors);
	tcase_add_test(tc, test_preamble);
	suite_add_tcase(s, tc);
	return s;
}
