/* SPDX-License-Identifier: MIT */
/*
 * ATT PDUs from the DUT (ble/att.c): every response parser on the input,
 * as the GATT client meets them (discovery lists with a full and a nearly
 * full table, Find By Type Value ranges, errors, MTU, notifications and
 * indications), and the names
 * the evidence gives opcodes and error codes.
 * Generated seeds: the requests carecert builds and the responses of a
 * health-device GATT server (the simulators' services), 16- and 128-bit.
 */
#include <stdio.h>
#include <string.h>

#include "ble/att.h"
#include "fuzz.h"

static void check_uuid(const struct att_uuid *u)
{
	fuzz_assert(u->len == 2 || u->len == 16);
	(void)att_uuid16(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[] = {ATT_MAX_ENTRIES, 1};
	struct att_group g[ATT_MAX_ENTRIES];
	struct att_chardecl c[ATT_MAX_ENTRIES];
	struct att_info in[ATT_MAX_ENTRIES];
	struct att_handles hs[ATT_MAX_ENTRIES];
	struct att_error e;
	struct att_hv hv;
	char why[160];
	uint16_t mtu;
	size_t n;

	(void)att_opcode_name(size ? data[0] : 0);
	(void)att_error_name(size ? data[size - 1] : 0);
	if (att_parse_error(data, size, &e, why, sizeof(why)) == 0)
		(void)att_error_name(e.code);
	if (att_parse_mtu(data, size, &mtu, why, sizeof(why)) == 0)
		fuzz_assert(mtu >= ATT_DEFAULT_MTU);
	for (size_t k = 0; k < sizeof(maxes) / sizeof(maxes[0]); k++) {
		if (att_parse_groups(data, size, g, maxes[k], &n, why,
				     sizeof(why)) == 0) {
			fuzz_assert(n <= maxes[k]);
			for (size_t i = 0; i < n; i++) {
				fuzz_assert(g[i].start &&
					    g[i].start <= g[i].end);
				check_uuid(&g[i].uuid);
			}
		}
		fuzz_assert(n <= maxes[k]);
		if (att_parse_chardecls(data, size, c, maxes[k], &n, why,
					sizeof(why)) == 0) {
			fuzz_assert(n <= maxes[k]);
			for (size_t i = 0; i < n; i++) {
				fuzz_assert(c[i].value_handle > c[i].handle);
				check_uuid(&c[i].uuid);
			}
		}
		fuzz_assert(n <= maxes[k]);
		if (att_parse_info(data, size, in, maxes[k], &n, why,
				   sizeof(why)) == 0) {
			fuzz_assert(n <= maxes[k]);
			for (size_t i = 0; i < n; i++)
				check_uuid(&in[i].uuid);
		}
		fuzz_assert(n <= maxes[k]);
		if (att_parse_handles(data, size, hs, maxes[k], &n, why,
				      sizeof(why)) == 0) {
			fuzz_assert(n <= maxes[k] && n >= 1);
			for (size_t i = 0; i < n; i++)
				fuzz_assert(hs[i].found &&
					    hs[i].found <= hs[i].end);
		}
		fuzz_assert(n <= maxes[k]);
	}
	if (att_parse_hv(data, size, &hv, why, sizeof(why)) == 0) {
		fuzz_assert(hv.handle);
		fuzz_assert(hv.value >= data &&
			    hv.value + hv.len == data + size);
	}
	return 0;
}

/* ---- seeds ---- */

static void seed_buf(const char *name, struct buf *b)
{
	fuzz_seed(name, b->data, b->len);
	buf_reset(b);
}

/* A seed written as hex bytes, "03 00 02". */
static void seed_hex(const char *name, const char *hex)
{
	uint8_t pdu[ATT_MAX_MTU];
	size_t n = 0;
	unsigned v;
	int used;

	while (n < sizeof(pdu) && sscanf(hex, " %2x%n", &v, &used) == 1) {
		pdu[n++] = (uint8_t)v;
		hex += used;
	}
	fuzz_seed(name, pdu, n);
}

static void generate(void)
{
	static const uint8_t bpm[] = {0x1E, 0x79, 0xF0, 0x4F, 0xF0, 0x5D, 0xF0,
				      0xE8, 0x07, 0x03, 0x0F, 0x0A, 0x1E, 0x00,
				      0x48, 0xF0, 0x01, 0x00, 0x00};
	struct buf b;

	buf_init(&b, ATT_MAX_MTU);
	fuzz_assert(!att_build_mtu_req(&b, ATT_MAX_MTU));
	seed_buf("gen-mtu-req", &b);
	fuzz_assert(!att_build_range(&b, ATT_READ_BY_GROUP_REQ, 1, 0xFFFF,
				     GATT_PRIMARY_SERVICE));
	seed_buf("gen-read-by-group-req", &b);
	fuzz_assert(!att_build_range(&b, ATT_READ_BY_TYPE_REQ, 1, 0xFFFF,
				     GATT_CHARACTERISTIC));
	seed_buf("gen-read-by-type-req", &b);
	fuzz_assert(!att_build_range(&b, ATT_FIND_INFO_REQ, 0x10, 0x20, 0));
	seed_buf("gen-find-info-req", &b);
	fuzz_assert(!att_build_handle(&b, ATT_READ_REQ, 0x0003));
	seed_buf("gen-read-req", &b);
	fuzz_assert(!att_build_read_blob(&b, 0x0003, 22));
	seed_buf("gen-read-blob-req", &b);
	fuzz_assert(!att_build_write(&b, ATT_WRITE_REQ, 0x0004,
				     (const uint8_t *)"\x02\x00", 2));
	seed_buf("gen-write-req", &b);
	fuzz_assert(!att_build_error(&b, ATT_READ_REQ, 0x0003, 0x0F));
	seed_buf("gen-error-rsp", &b);
	fuzz_assert(
	    !att_build_write(&b, ATT_INDICATE, 0x0003, bpm, sizeof(bpm)));
	seed_buf("gen-indication-bpm", &b);
	fuzz_assert(!att_build_write(&b, ATT_NOTIFY, 0x000C,
				     (const uint8_t *)"\x16\x48\x20\x03", 4));
	seed_buf("gen-notification-hrm", &b);
	buf_release(&b);

	seed_hex("gen-mtu-rsp", "03 00 02");
	/* Blood Pressure and Device Information; a service by its 128-bit UUID
	 */
	seed_hex("gen-groups-16", "11 06 01 00 0B 00 10 18 0C 00 14 00 0A 18");
	seed_hex("gen-groups-128", "11 14 20 00 FF FF FB 34 9B 5F 80 00 00 80 "
				   "00 10 00 00 10 18 00 00");
	/* BPM (indicate), ICP (notify), feature (read); a vendor characteristic
	 */
	seed_hex("gen-chardecls-16", "09 07 02 00 20 03 00 35 2A 05 00 10 06 "
				     "00 36 2A 08 00 02 09 00 49 2A");
	seed_hex("gen-chardecls-128", "09 15 02 00 12 03 00 01 02 03 04 05 06 "
				      "07 08 09 0A 0B 0C 0D 0E 0F 10");
	seed_hex("gen-info-16", "05 01 04 00 02 29 05 00 03 29");
	seed_hex("gen-info-128",
		 "05 02 04 00 FB 34 9B 5F 80 00 00 80 00 10 00 00 02 29 00 00");
	seed_hex("gen-read-rsp", "0B 05 00");
	/* Heart Rate and Device Information found by their UUIDs */
	seed_hex("gen-find-by-type-rsp", "07 01 00 08 00 09 00 11 00");
	fuzz_assert(!att_build_find_by_type(&b, 1, 0xFFFF, GATT_PRIMARY_SERVICE,
					    (const uint8_t *)"\x0D\x18", 2));
	seed_buf("gen-find-by-type-req", &b);
	buf_release(&b);
	seed_hex("gen-error-not-found", "01 08 0C 00 0A");
}

const struct fuzz_harness fuzz_harness = {.name = "att", .generate = generate};
