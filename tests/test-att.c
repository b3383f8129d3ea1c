/* SPDX-License-Identifier: MIT */
/* ATT PDUs: requests built byte for byte, responses parsed from scripted
 * bytes (the BlueZ unit/test-gatt habit), malformed ones refused. */
#include <check.h>
#include <string.h>

#include "ble/att.h"
#include "base/err.h"

#define BYTES(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static void expect_bytes(struct buf *b, const uint8_t *want, size_t n)
{
	ck_assert_uint_eq(b->len, n);
	ck_assert_mem_eq(b->data, want, n);
	buf_reset(b);
}

START_TEST(test_build)
{
	struct buf b;
	static const uint8_t on[] = { 0x02, 0x00 };

	buf_init(&b, 64);
	ck_assert_int_eq(att_build_mtu_req(&b, 517), 0);
	expect_bytes(&b, BYTES(0x02, 0x05, 0x02));
	ck_assert_int_eq(att_build_range(&b, ATT_READ_BY_GROUP_REQ, 1, 0xFFFF,
					 GATT_PRIMARY_SERVICE), 0);
	expect_bytes(&b, BYTES(0x10, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x28));
	ck_assert_int_eq(att_build_range(&b, ATT_FIND_INFO_REQ, 4, 5, 0), 0);
	expect_bytes(&b, BYTES(0x04, 0x04, 0x00, 0x05, 0x00));
	ck_assert_int_eq(att_build_find_by_type(&b, 1, 0xFFFF, GATT_PRIMARY_SERVICE,
						BYTES(0x10, 0x18)), 0);
	expect_bytes(&b, BYTES(0x06, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x28, 0x10, 0x18));
	ck_assert_int_eq(att_build_handle(&b, ATT_READ_REQ, 0x0003), 0);
	expect_bytes(&b, BYTES(0x0A, 0x03, 0x00));
	ck_assert_int_eq(att_build_read_blob(&b, 0x0003, 22), 0);
	expect_bytes(&b, BYTES(0x0C, 0x03, 0x00, 0x16, 0x00));
	ck_assert_int_eq(att_build_write(&b, ATT_WRITE_REQ, 0x0004, on, 2), 0);
	expect_bytes(&b, BYTES(0x12, 0x04, 0x00, 0x02, 0x00));
	ck_assert_int_eq(att_build_error(&b, ATT_READ_REQ, 3, 0x0F), 0);
	expect_bytes(&b, BYTES(0x01, 0x0A, 0x03, 0x00, 0x0F));
	buf_release(&b);
}
END_TEST

START_TEST(test_parse_groups)
{
	struct att_group g[4];
	size_t n;
	char why[160];

	/* Blood Pressure 0x0001..0x0005, Device Information 0x0006..0x000A */
	ck_assert_int_eq(att_parse_groups(BYTES(0x11, 0x06, 0x01, 0x00, 0x05, 0x00, 0x10, 0x18,
						0x06, 0x00, 0x0A, 0x00, 0x0A, 0x18),
					  g, 4, &n, why, sizeof(why)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(g[0].start, 1);
	ck_assert_uint_eq(g[0].end, 5);
	ck_assert_uint_eq(att_uuid16(&g[0].uuid), 0x1810);
	ck_assert_uint_eq(att_uuid16(&g[1].uuid), 0x180A);
	/* Heart Rate written as a 128-bit UUID on the Bluetooth base */
	ck_assert_int_eq(att_parse_groups(BYTES(0x11, 0x14, 0x10, 0x00, 0x1F, 0x00,
						0xFB, 0x34, 0x9B, 0x5F, 0x80, 0x00, 0x00, 0x80,
						0x00, 0x10, 0x00, 0x00, 0x0D, 0x18, 0x00, 0x00),
					  g, 4, &n, why, sizeof(why)), 0);
	ck_assert_uint_eq(att_uuid16(&g[0].uuid), 0x180D);
	/* a truncated entry, an end before the start */
	ck_assert_int_eq(att_parse_groups(BYTES(0x11, 0x06, 0x01, 0x00, 0x05, 0x00, 0x10),
					  g, 4, &n, why, sizeof(why)), CC_EPROTO);
	ck_assert(strstr(why, "do not divide"));
	ck_assert_int_eq(att_parse_groups(BYTES(0x11, 0x06, 0x05, 0x00, 0x01, 0x00, 0x10, 0x18),
					  g, 4, &n, why, sizeof(why)), CC_EPROTO);
	ck_assert(strstr(why, "0x0005..0x0001"));
}
END_TEST

START_TEST(test_parse_chars_and_info)
{
	struct att_chardecl c[4];
	struct att_info inf[4];
	size_t n;
	char why[160];

	/* 0x0002: indicate, value 0x0003, Blood Pressure Measurement */
	ck_assert_int_eq(att_parse_chardecls(BYTES(0x09, 0x07, 0x02, 0x00, 0x20, 0x03, 0x00,
						   0x35, 0x2A),
					     c, 4, &n, why, sizeof(why)), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(c[0].props, GATT_PROP_INDICATE);
	ck_assert_uint_eq(c[0].value_handle, 3);
	ck_assert_uint_eq(att_uuid16(&c[0].uuid), 0x2A35);
	ck_assert_int_eq(att_parse_chardecls(BYTES(0x09, 0x07, 0x03, 0x00, 0x20, 0x03, 0x00,
						   0x35, 0x2A),
					     c, 4, &n, why, sizeof(why)), CC_EPROTO);
	ck_assert_int_eq(att_parse_info(BYTES(0x05, 0x01, 0x04, 0x00, 0x02, 0x29),
					inf, 4, &n, why, sizeof(why)), 0);
	ck_assert_uint_eq(inf[0].handle, 4);
	ck_assert_uint_eq(att_uuid16(&inf[0].uuid), GATT_CCCD);
	ck_assert_int_eq(att_parse_info(BYTES(0x05, 0x03, 0x04, 0x00, 0x02, 0x29),
					inf, 4, &n, why, sizeof(why)), CC_EPROTO);
}
END_TEST

START_TEST(test_parse_error_mtu_hv)
{
	struct att_error e;
	struct att_hv hv;
	uint16_t mtu;
	char why[160];

	ck_assert_int_eq(att_parse_error(BYTES(0x01, 0x0A, 0x03, 0x00, 0x0F), &e, why,
					 sizeof(why)), 0);
	ck_assert_uint_eq(e.req_op, ATT_READ_REQ);
	ck_assert_uint_eq(e.handle, 3);
	ck_assert_str_eq(att_error_name(e.code), "Insufficient Encryption");
	ck_assert_int_eq(att_parse_error(BYTES(0x01, 0x0A, 0x03), &e, why, sizeof(why)),
			 CC_EPROTO);
	ck_assert_int_eq(att_parse_mtu(BYTES(0x03, 0xF7, 0x00), &mtu, why, sizeof(why)), 0);
	ck_assert_uint_eq(mtu, 247);
	ck_assert_int_eq(att_parse_mtu(BYTES(0x03, 0x10, 0x00), &mtu, why, sizeof(why)),
			 CC_EPROTO);
	static const uint8_t ind[] = { 0x1D, 0x03, 0x00, 0x00, 0x78, 0x00 };

	/* hv points into the PDU, so the PDU must outlive it */
	ck_assert_int_eq(att_parse_hv(ind, sizeof(ind), &hv, why, sizeof(why)), 0);
	ck_assert_uint_eq(hv.handle, 3);
	ck_assert_uint_eq(hv.len, 3);
	ck_assert_uint_eq(hv.value[1], 0x78);
	ck_assert_int_eq(att_parse_hv(BYTES(0x1B, 0x03), &hv, why, sizeof(why)), CC_EPROTO);
	ck_assert(strstr(why, "Handle Value Notification of 2 bytes"));
}
END_TEST

START_TEST(test_names)
{
	uint8_t code;

	ck_assert_str_eq(att_opcode_name(0x10), "Read By Group Type Request");
	ck_assert_str_eq(att_opcode_name(0x77), "opcode 0x77");
	ck_assert_str_eq(att_error_name(0x0A), "Attribute Not Found");
	ck_assert_str_eq(att_error_name(0x85), "Application Error 0x85");
	ck_assert_str_eq(att_error_name(0x14), "Reserved 0x14");
	ck_assert_int_eq(att_error_from_name("insufficient_authentication", &code), 0);
	ck_assert_uint_eq(code, 0x05);
	ck_assert_int_eq(att_error_from_name("cccd_improperly_configured", &code), 0);
	ck_assert_uint_eq(code, 0xFD);
	ck_assert_int_eq(att_error_from_name("bogus", &code), CC_ENOTFOUND);
	for (unsigned c = 1; c <= 0x13; c++)
		ck_assert(strncmp(att_error_name((uint8_t)c), "Reserved", 8));
}
END_TEST

START_TEST(test_uuid_parse)
{
	struct att_uuid u, v;

	/* 16-bit: stored little-endian */
	ck_assert_int_eq(att_uuid_parse("2A35", &u), CC_OK);
	ck_assert_uint_eq(u.len, 2);
	ck_assert_uint_eq(u.bytes[0], 0x35);
	ck_assert_uint_eq(att_uuid16(&u), 0x2A35);
	/* the same on the base UUID in 128 bits */
	ck_assert_int_eq(att_uuid_parse("00002a35-0000-1000-8000-00805F9B34FB", &v), CC_OK);
	ck_assert_uint_eq(v.len, 16);
	ck_assert_uint_eq(v.bytes[0], 0xFB);
	ck_assert_uint_eq(v.bytes[15], 0x00);
	ck_assert(att_uuid_equal(&u, &v));
	/* a vendor UUID: last text byte first on the air */
	ck_assert_int_eq(att_uuid_parse("6e4f0001-b5a3-f393-e0a9-e50e24dcca9e", &v), CC_OK);
	ck_assert_uint_eq(v.bytes[0], 0x9e);
	ck_assert_uint_eq(v.bytes[12], 0x01);
	ck_assert_uint_eq(v.bytes[15], 0x6e);
	ck_assert_uint_eq(att_uuid16(&v), 0);
	ck_assert(!att_uuid_equal(&u, &v));
	ck_assert(att_uuid_equal(&v, &v));
	ck_assert_int_eq(att_uuid_parse("2A3", &u), CC_EINVAL);
	ck_assert_int_eq(att_uuid_parse("2A3G", &u), CC_EINVAL);
	ck_assert_int_eq(att_uuid_parse("6e4f0001xb5a3-f393-e0a9-e50e24dcca9e", &u), CC_EINVAL);
	ck_assert_int_eq(att_uuid_parse("6e4f0001-b5a3-f393-e0a9-e50e24dcca9", &u), CC_EINVAL);
}
END_TEST

Suite *suite_att(void)
{
	Suite *s = suite_create("att");
	TCase *tc = tcase_create("pdu");

	tcase_add_test(tc, test_uuid_parse);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_parse_groups);
	tcase_add_test(tc, test_parse_chars_and_info);
	tcase_add_test(tc, test_parse_error_mtu_hv);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
