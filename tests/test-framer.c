/* SPDX-License-Identifier: MIT */
/*
 * Checksums against published check values, and the framers against byte
 * vectors written out by hand or taken from published protocol examples.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "transport/checksum.h"
#include "base/err.h"
#include "transport/framer.h"

/* Check values from the CRC RevEng catalogue: the CRC of "123456789". */
START_TEST(test_check_values)
{
	static const struct {
		const char *name;
		uint32_t check;
		size_t size;
	} v[] = {
		{ "sum8", 0xDD, 1 },
		{ "xor8", 0x31, 1 },
		{ "crc16-ccitt-false", 0x29B1, 2 },
		{ "crc16-modbus", 0x4B37, 2 },
		{ "crc16-xmodem", 0x31C3, 2 },
		{ "crc32", 0xCBF43926, 4 },
	};
	const uint8_t *msg = (const uint8_t *)"123456789";

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		enum checksum_algo a;

		ck_assert_int_eq(checksum_from_name(v[i].name, &a), CC_OK);
		ck_assert_str_eq(checksum_name(a), v[i].name);
		ck_assert_uint_eq(checksum_size(a), v[i].size);
		ck_assert_msg(checksum_compute(a, msg, 9) == v[i].check,
			      "%s: %X", v[i].name, checksum_compute(a, msg, 9));
	}
}
END_TEST

START_TEST(test_checksum_edges)
{
	enum checksum_algo a;

	ck_assert_int_eq(checksum_from_name("crc99", &a), CC_ENOTFOUND);
	ck_assert_uint_eq(checksum_compute(CHECKSUM_XOR8, NULL, 0), 0);
	ck_assert_uint_eq(checksum_compute(CHECKSUM_CRC16_CCITT_FALSE, NULL, 0), 0xFFFF);
	ck_assert_uint_eq(checksum_compute(CHECKSUM_NONE, (const uint8_t *)"x", 1), 0);
	ck_assert_uint_eq(checksum_size(CHECKSUM_NONE), 0);
	ck_assert_str_eq(checksum_name(CHECKSUM_COUNT), "unknown");
	for (int i = 0; i < CHECKSUM_COUNT; i++) {
		ck_assert_int_eq(checksum_from_name(checksum_name((enum checksum_algo)i), &a), 0);
		ck_assert_int_eq(a, i);
	}
}
END_TEST

static const struct line_format nmea = {
	.prefix = "$", .terminator = "\r\n", .checksum = CHECKSUM_XOR8,
	.checksum_sep = '*', .max_len = 128,
};

#define S(x) (const uint8_t *)(x), sizeof(x) - 1

/* A published NMEA 0183 sentence with its checksum. */
START_TEST(test_nmea_sentence)
{
	static const char gga[] =
		"$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n";
	struct line_frame f;

	ck_assert_int_eq(line_frame(&nmea, S(gga), &f), FRAME_OK);
	ck_assert_uint_eq(f.consumed, sizeof(gga) - 1);
	ck_assert_uint_eq(f.body_off, 1);
	ck_assert_uint_eq(f.body_len, sizeof(gga) - 1 - 1 - 5);
	ck_assert_uint_eq(f.checksum_frame, 0x47);
	ck_assert_uint_eq(f.checksum_computed, 0x47);
}
END_TEST

START_TEST(test_line_need_more_at_every_length)
{
	static const char ok[] = "$ID,Acme,M1*5B\r\n";
	struct line_frame f;

	for (size_t n = 0; n < sizeof(ok) - 1; n++)
		ck_assert_int_eq(line_frame(&nmea, (const uint8_t *)ok, n, &f),
				 FRAME_NEED_MORE);
	ck_assert_int_eq(line_frame(&nmea, S(ok), &f), FRAME_OK);
}
END_TEST

START_TEST(test_line_invalid)
{
	struct line_frame f;

	ck_assert_int_eq(line_frame(&nmea, S("$ID,Acme,M1*5C\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "checksum mismatch: frame says 5C, computed 5B");
	ck_assert_uint_eq(f.consumed, 16);

	ck_assert_int_eq(line_frame(&nmea, S("\x13\x7f$ID*0D\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "2 stray bytes before frame start (13 7F)");

	ck_assert_int_eq(line_frame(&nmea, S("ID*0D\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "missing frame start '$'");

	ck_assert_int_eq(line_frame(&nmea, S("$ID\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "malformed checksum field");
	ck_assert_int_eq(line_frame(&nmea, S("$ID*0G\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "malformed checksum field");
	ck_assert_int_eq(line_frame(&nmea, S("$ID*0D0\r\n"), &f), FRAME_INVALID);
}
END_TEST

START_TEST(test_line_too_long_and_lowercase)
{
	struct line_format small = nmea;
	struct line_frame f;

	small.max_len = 8;
	ck_assert_int_eq(line_frame(&small, S("$ABCDEFGHIJ"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "line longer than 8 bytes");
	ck_assert_uint_eq(f.consumed, 11);
	/* the same line whole in one read: too long too, dropped up to its
	 * terminator (found by fuzz-framer: it was taken as a good line) */
	ck_assert_int_eq(line_frame(&small, S("$AB*03\r\n"), &f), FRAME_OK);
	ck_assert_int_eq(line_frame(&small, S("$ABC*40\r\n$AB*03\r\n"), &f), FRAME_INVALID);
	ck_assert_str_eq(f.problem, "line longer than 8 bytes");
	ck_assert_uint_eq(f.consumed, 9);
	ck_assert_int_eq(line_frame(&nmea, S("$ID,Acme,M1*5b\r\n"), &f), FRAME_OK);
}
END_TEST

START_TEST(test_line_back_to_back_and_plain)
{
	static const char two[] = "$ID*0D\r\n$NO*01\r\n";
	struct line_format plain = { .terminator = "\n", .max_len = 64 };
	struct line_frame f;

	ck_assert_int_eq(line_frame(&nmea, S(two), &f), FRAME_OK);
	ck_assert_uint_eq(f.consumed, 8);
	ck_assert_int_eq(line_frame(&nmea, (const uint8_t *)two + 8, 8, &f), FRAME_OK);
	ck_assert_uint_eq(f.body_len, 2);
	ck_assert_int_eq(line_frame(&plain, S("OK 42\n"), &f), FRAME_OK);
	ck_assert_uint_eq(f.body_off, 0);
	ck_assert_uint_eq(f.body_len, 5);
}
END_TEST

START_TEST(test_line_encode)
{
	struct buf b;

	buf_init(&b, 64);
	ck_assert_int_eq(line_encode(&nmea, "ID", &b), CC_OK);
	/* 'I' 0x49 ^ 'D' 0x44 = 0x0D, worked by hand */
	ck_assert_str_eq(buf_str(&b), "$ID*0D\r\n");
	buf_release(&b);
	/* a two-byte checksum: four upper-case digits, leading zeros kept;
	 * CRC-16/XMODEM of "123456789" is 0x31C3 (the catalogue's check value) */
	{
		const struct line_format x = { .prefix = "#", .terminator = "\n",
					       .checksum = CHECKSUM_CRC16_XMODEM,
					       .checksum_sep = ',', .max_len = 64 };

		buf_init(&b, 64);
		ck_assert_int_eq(line_encode(&x, "123456789", &b), CC_OK);
		ck_assert_str_eq(buf_str(&b), "#123456789,31C3\n");
		buf_release(&b);
	}
}
END_TEST

/* Sample frame: A5 5A | 01 | 02 | 34 12 | CRC-16/CCITT-FALSE(01 02 34 12) BE. */
static const struct bin_format rec = {
	.header = { 0xA5, 0x5A }, .header_len = 2,
	.len_offset = 3, .len_size = 1, .len_adjust = 6,
	.checksum = CHECKSUM_CRC16_CCITT_FALSE, .checksum_from = 2,
	.checksum_big_endian = true, .min_len = 8, .max_len = 64,
};

/* Reference CRC written out independently of checksum.c. */
static uint16_t ref_ccitt(const uint8_t *p, size_t n)
{
	uint16_t crc = 0xFFFF;

	for (size_t i = 0; i < n; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021)
					     : (uint16_t)(crc << 1);
	}
	return crc;
}

static void make_rec(uint8_t f[8])
{
	static const uint8_t base[6] = { 0xA5, 0x5A, 0x01, 0x02, 0x34, 0x12 };
	uint16_t crc;

	memcpy(f, base, 6);
	crc = ref_ccitt(f + 2, 4);
	f[6] = (uint8_t)(crc >> 8);
	f[7] = (uint8_t)crc;
}

START_TEST(test_bin_ok_and_need_more)
{
	uint8_t f[16];
	struct bin_frame r;

	make_rec(f);
	make_rec(f + 8); /* two frames back to back */
	for (size_t n = 0; n < 8; n++)
		ck_assert_int_eq(bin_frame(&rec, f, n, &r), FRAME_NEED_MORE);
	ck_assert_int_eq(bin_frame(&rec, f, 16, &r), FRAME_OK);
	ck_assert_uint_eq(r.consumed, 8);
	ck_assert_uint_eq(r.declared_len, 2);
	ck_assert_int_eq(bin_frame(&rec, f + 8, 8, &r), FRAME_OK);
}
END_TEST

START_TEST(test_bin_invalid)
{
	uint8_t f[20] = { 0x00, 0x11 };
	struct bin_frame r;

	make_rec(f + 2);
	ck_assert_int_eq(bin_frame(&rec, f, 10, &r), FRAME_INVALID);
	ck_assert_str_eq(r.problem, "2 stray bytes before frame header (00 11)");
	ck_assert_uint_eq(r.consumed, 2);

	make_rec(f);
	f[4] ^= 0x80;
	ck_assert_int_eq(bin_frame(&rec, f, 8, &r), FRAME_INVALID);
	ck_assert_msg(strstr(r.problem, "CRC mismatch (crc16-ccitt-false)"), "%s", r.problem);
	ck_assert_msg(strstr(r.problem, "over bytes 2..5 (declared length 2)"), "%s", r.problem);
	ck_assert_uint_eq(r.consumed, 8);

	make_rec(f);
	f[3] = 200; /* frame of 206 bytes > max 64 */
	ck_assert_int_eq(bin_frame(&rec, f, 8, &r), FRAME_INVALID);
	ck_assert_msg(strstr(r.problem, "declared length 200 gives a frame of 206 bytes"),
		      "%s", r.problem);
}
END_TEST

/* A published Modbus RTU request: read 10 holding registers from 0 of
 * device 1; the CRC-16/MODBUS C5 CD is sent low byte first. */
START_TEST(test_bin_modbus_rtu)
{
	static const uint8_t req[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A,
				       0xC5, 0xCD };
	/* fixed 8-byte frame: "length" is the register count field (0x0A),
	 * total = 10 - 2 = 8 */
	struct bin_format mb = {
		.len_offset = 4, .len_size = 2, .len_big_endian = true,
		.len_adjust = -2, .checksum = CHECKSUM_CRC16_MODBUS,
		.checksum_big_endian = false, .max_len = 256,
	};
	struct bin_frame r;
	uint8_t bad[8];

	ck_assert_int_eq(bin_frame(&mb, req, 8, &r), FRAME_OK);
	ck_assert_uint_eq(r.checksum_frame, 0xCDC5);
	memcpy(bad, req, 8);
	bad[7] = 0xCE;
	ck_assert_int_eq(bin_frame(&mb, bad, 8, &r), FRAME_INVALID);
}
END_TEST

START_TEST(test_field_read)
{
	static const uint8_t p[] = { 0xFE, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0x7F };
	enum field_type t;
	int64_t v;

	ck_assert_int_eq(field_read(p, 7, 0, FIELD_U8, &v), 0);
	ck_assert_int_eq(v, 0xFE);
	ck_assert_int_eq(field_read(p, 7, 0, FIELD_I8, &v), 0);
	ck_assert_int_eq(v, -2);
	ck_assert_int_eq(field_read(p, 7, 1, FIELD_U16LE, &v), 0);
	ck_assert_int_eq(v, 0x1234);
	ck_assert_int_eq(field_read(p, 7, 1, FIELD_U16BE, &v), 0);
	ck_assert_int_eq(v, 0x3412);
	ck_assert_int_eq(field_read(p, 7, 3, FIELD_I32LE, &v), 0);
	ck_assert_int_eq(v, 0x7FFFFFFF);
	ck_assert_int_eq(field_read(p, 7, 2, FIELD_I32LE, &v), 0);
	ck_assert_int_eq(v, -238); /* 0xFFFFFF12 */
	ck_assert_int_eq(field_read(p, 7, 5, FIELD_U16LE, &v), 0);
	ck_assert_int_eq(field_read(p, 7, 6, FIELD_U16LE, &v), CC_EINVAL);
	ck_assert_int_eq(field_read(p, 7, 99, FIELD_U8, &v), CC_EINVAL);
	ck_assert_int_eq(field_type_from_name("i16be", &t), 0);
	ck_assert_int_eq(t, FIELD_I16BE);
	ck_assert_uint_eq(field_type_size(t), 2);
	ck_assert_int_eq(field_type_from_name("u24", &t), CC_ENOTFOUND);
}
END_TEST

static void check_invariants(const struct buf *b)
{
	ck_assert_uint_le(b->len, b->max);
	if (b->data) {
		ck_assert_uint_lt(b->len, b->alloc);
		ck_assert_int_eq(b->data[b->len], 0);
	}
	ck_assert_uint_eq(strlen(buf_str(b)) <= b->len, 1);
}

START_TEST(test_buf)
{
	struct buf b;
	char *s;
	size_t n;

	buf_init(&b, 10);
	ck_assert_str_eq(buf_str(&b), "");
	check_invariants(&b);
	ck_assert_int_eq(buf_append_str(&b, "hello"), 0);
	check_invariants(&b);
	ck_assert_int_eq(buf_appendf(&b, "%d", 12345), 0);
	ck_assert_str_eq(buf_str(&b), "hello12345");
	check_invariants(&b);
	ck_assert_int_eq(buf_append(&b, "x", 1), CC_ETOOBIG);
	ck_assert_int_eq(buf_appendf(&b, "%s", "y"), CC_ETOOBIG);
	ck_assert_str_eq(buf_str(&b), "hello12345"); /* unchanged */
	buf_consume(&b, 5);
	ck_assert_str_eq(buf_str(&b), "12345");
	check_invariants(&b);
	buf_consume(&b, 99);
	ck_assert_uint_eq(b.len, 0);
	check_invariants(&b);
	ck_assert_int_eq(buf_append_str(&b, "ab"), 0);
	s = buf_detach(&b, &n);
	ck_assert_str_eq(s, "ab");
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_null(b.data);
	free(s);
	s = buf_detach(&b, &n);
	ck_assert_str_eq(s, "");
	free(s);
	ck_assert_int_eq(buf_append_str(&b, "again"), 0);
	buf_release(&b);
	ck_assert_str_eq(buf_str(&b), "");
	check_invariants(&b);
}
END_TEST

START_TEST(test_error_names)
{
	for (int e = CC_OK; e >= CC_ERR_MIN; e--) {
		ck_assert_str_ne(cc_strerror(e), "unknown error");
		for (int f = e - 1; f >= CC_ERR_MIN; f--)
			ck_assert_str_ne(cc_strerror(e), cc_strerror(f));
	}
	ck_assert_str_eq(cc_strerror(CC_ERR_MIN - 1), "unknown error");
	ck_assert_str_eq(cc_strerror(1), "unknown error");
}
END_TEST

Suite *suite_framer(void)
{
	Suite *s = suite_create("framer");
	TCase *tc = tcase_create("framer");

	tcase_add_test(tc, test_check_values);
	tcase_add_test(tc, test_checksum_edges);
	tcase_add_test(tc, test_nmea_sentence);
	tcase_add_test(tc, test_line_need_more_at_every_length);
	tcase_add_test(tc, test_line_invalid);
	tcase_add_test(tc, test_line_too_long_and_lowercase);
	tcase_add_test(tc, test_line_back_to_back_and_plain);
	tcase_add_test(tc, test_line_encode);
	tcase_add_test(tc, test_bin_ok_and_need_more);
	tcase_add_test(tc, test_bin_invalid);
	tcase_add_test(tc, test_bin_modbus_rtu);
	tcase_add_test(tc, test_field_read);
	tcase_add_test(tc, test_buf);
	tcase_add_test(tc, test_error_names);
	suite_add_tcase(s, tc);
	return s;
}
