/* SPDX-License-Identifier: MIT */
/*
 * Frame checksums used by device serial protocols.
 *
 * Each algorithm is identified by an enum and a stable name (used in suite
 * YAML). CRC parameters follow the CRC RevEng catalogue; check values (the
 * checksum of the ASCII string "123456789") are in the table in checksum.c
 * and verified by tests/test-checksum.c.
 */
#ifndef CARECERT_CHECKSUM_H
#define CARECERT_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

enum checksum_algo {
	CHECKSUM_NONE = 0,
	CHECKSUM_SUM8,              /* 8-bit sum modulo 256 */
	CHECKSUM_XOR8,              /* 8-bit XOR (NMEA 0183 style) */
	CHECKSUM_CRC16_CCITT_FALSE, /* poly 0x1021 init 0xFFFF, no reflection */
	CHECKSUM_CRC16_MODBUS,      /* poly 0x8005 reflected, init 0xFFFF */
	CHECKSUM_CRC16_XMODEM,      /* poly 0x1021 init 0x0000 */
	CHECKSUM_CRC32,             /* ISO-HDLC (zlib, Ethernet) */
	CHECKSUM_COUNT
};

/* Look up by name ("sum8", "xor8", "crc16-ccitt-false", "crc16-modbus",
 * "crc16-xmodem", "crc32", "none"). Returns CC_OK or CC_ENOTFOUND. */
int checksum_from_name(const char *name, enum checksum_algo *out);
/* Stable name; "unknown" for values outside the enum. */
const char *checksum_name(enum checksum_algo algo);
/* Width of the checksum in bytes (0 for CHECKSUM_NONE). */
size_t checksum_size(enum checksum_algo algo);
/* Checksum of p[0..n); 0 for CHECKSUM_NONE. */
uint32_t checksum_compute(enum checksum_algo algo, const uint8_t *p, size_t n);
/* Comma-separated list of all names, for error messages. */
const char *checksum_names(void);

#endif
