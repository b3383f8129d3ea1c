/* SPDX-License-Identifier: MIT */
#include "transport/checksum.h"
#include "base/err.h"

#include <string.h>

/* Parameters from the CRC RevEng catalogue ("Catalogue of parametrised CRC
 * algorithms"); check = CRC of "123456789". */
struct crc_params {
	unsigned width;
	uint32_t poly, init, xorout;
	int reflected; /* refin = refout for all algorithms used here */
};

static const struct {
	const char *name;
	size_t size;
	struct crc_params crc; /* width 0 for the non-CRC sums */
} algos[CHECKSUM_COUNT] = {
	[CHECKSUM_NONE] = { "none", 0, { 0 } },
	[CHECKSUM_SUM8] = { "sum8", 1, { 0 } },
	[CHECKSUM_XOR8] = { "xor8", 1, { 0 } },
	/* CRC-16/IBM-3740, alias CRC-16/CCITT-FALSE: check 0x29B1 */
	[CHECKSUM_CRC16_CCITT_FALSE] = { "crc16-ccitt-false", 2,
					 { 16, 0x1021, 0xFFFF, 0, 0 } },
	/* CRC-16/MODBUS: check 0x4B37 */
	[CHECKSUM_CRC16_MODBUS] = { "crc16-modbus", 2,
				    { 16, 0x8005, 0xFFFF, 0, 1 } },
	/* CRC-16/XMODEM: check 0x31C3 */
	[CHECKSUM_CRC16_XMODEM] = { "crc16-xmodem", 2,
				    { 16, 0x1021, 0, 0, 0 } },
	/* CRC-32/ISO-HDLC: check 0xCBF43926 */
	[CHECKSUM_CRC32] = { "crc32", 4,
			     { 32, 0x04C11DB7, 0xFFFFFFFF, 0xFFFFFFFF, 1 } },
};

static uint32_t reflect(uint32_t v, unsigned width)
{
	uint32_t r = 0;

	for (unsigned i = 0; i < width; i++)
		if (v & (1u << i))
			r |= 1u << (width - 1 - i);
	return r;
}

/* Bitwise CRC: frames are short, so a table buys nothing measurable. */
static uint32_t crc_compute(const struct crc_params *c, const uint8_t *p,
			    size_t n)
{
	uint32_t topbit = 1u << (c->width - 1);
	uint32_t mask = c->width == 32 ? 0xFFFFFFFFu : (1u << c->width) - 1;
	uint32_t crc = c->init;

	if (c->reflected) {
		uint32_t poly = reflect(c->poly, c->width);

		crc = reflect(crc, c->width);
		for (size_t i = 0; i < n; i++) {
			crc ^= p[i];
			for (int b = 0; b < 8; b++)
				crc = (crc & 1) ? (crc >> 1) ^ poly : crc >> 1;
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			crc ^= (uint32_t)p[i] << (c->width - 8);
			for (int b = 0; b < 8; b++)
				crc = (crc & topbit) ? (crc << 1) ^ c->poly
						     : crc << 1;
			crc &= mask;
		}
	}
	return (crc ^ c->xorout) & mask;
}

uint32_t checksum_compute(enum checksum_algo algo, const uint8_t *p, size_t n)
{
	uint32_t v = 0;

	switch (algo) {
	case CHECKSUM_SUM8:
		for (size_t i = 0; i < n; i++)
			v += p[i];
		return v & 0xFF;
	case CHECKSUM_XOR8:
		for (size_t i = 0; i < n; i++)
			v ^= p[i];
		return v;
	case CHECKSUM_CRC16_CCITT_FALSE:
	case CHECKSUM_CRC16_MODBUS:
	case CHECKSUM_CRC16_XMODEM:
	case CHECKSUM_CRC32:
		return crc_compute(&algos[algo].crc, p, n);
	default:
		return 0;
	}
}

int checksum_from_name(const char *name, enum checksum_algo *out)
{
	for (int i = 0; i < CHECKSUM_COUNT; i++) {
		if (!strcmp(name, algos[i].name)) {
			*out = (enum checksum_algo)i;
			return CC_OK;
		}
	}
	return CC_ENOTFOUND;
}

const char *checksum_name(enum checksum_algo algo)
{
	if ((unsigned)algo >= CHECKSUM_COUNT)
		return "unknown";
	return algos[algo].name;
}

size_t checksum_size(enum checksum_algo algo)
{
	if ((unsigned)algo >= CHECKSUM_COUNT)
		return 0;
	return algos[algo].size;
}

const char *checksum_names(void)
{
	return "none, sum8, xor8, crc16-ccitt-false, crc16-modbus, "
	       "crc16-xmodem, crc32";
}
