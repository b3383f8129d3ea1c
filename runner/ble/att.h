/* SPDX-License-Identifier: MIT */
/*
 * ATT protocol data units (Bluetooth Core, Vol 3 Part F): building requests
 * and parsing responses, with no I/O. The GATT client and the simulators
 * share it. Opcodes and error codes have names for evidence and suites.
 *
 * Parsers return CC_OK, or CC_EPROTO with a message saying what is wrong
 * with the PDU (length, format byte, ...): a malformed response is a DUT
 * failure, never a crash.
 */
#ifndef CARECERT_ATT_H
#define CARECERT_ATT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define ATT_CID 0x0004
#define ATT_DEFAULT_MTU 23
#define ATT_MAX_MTU 517
#define ATT_MAX_VALUE 512

enum att_opcode {
	ATT_ERROR_RSP = 0x01,
	ATT_MTU_REQ = 0x02,
	ATT_MTU_RSP = 0x03,
	ATT_FIND_INFO_REQ = 0x04,
	ATT_FIND_INFO_RSP = 0x05,
	ATT_FIND_BY_TYPE_REQ = 0x06,
	ATT_FIND_BY_TYPE_RSP = 0x07,
	ATT_READ_BY_TYPE_REQ = 0x08,
	ATT_READ_BY_TYPE_RSP = 0x09,
	ATT_READ_REQ = 0x0A,
	ATT_READ_RSP = 0x0B,
	ATT_READ_BLOB_REQ = 0x0C,
	ATT_READ_BLOB_RSP = 0x0D,
	ATT_READ_BY_GROUP_REQ = 0x10,
	ATT_READ_BY_GROUP_RSP = 0x11,
	ATT_WRITE_REQ = 0x12,
	ATT_WRITE_RSP = 0x13,
	ATT_NOTIFY = 0x1B,
	ATT_INDICATE = 0x1D,
	ATT_CONFIRM = 0x1E,
	ATT_WRITE_CMD = 0x52,
};

/* GATT declaration and descriptor UUIDs */
#define GATT_PRIMARY_SERVICE 0x2800
#define GATT_SECONDARY_SERVICE 0x2801
#define GATT_INCLUDE 0x2802
#define GATT_CHARACTERISTIC 0x2803
#define GATT_CCCD 0x2902

/* characteristic properties */
#define GATT_PROP_READ 0x02
#define GATT_PROP_WRITE_NO_RSP 0x04
#define GATT_PROP_WRITE 0x08
#define GATT_PROP_NOTIFY 0x10
#define GATT_PROP_INDICATE 0x20

/* "Read By Group Type Request"; "opcode 0xNN" for unknown ones. The
 * returned string is static or in a buffer owned by the call site's thread. */
const char *att_opcode_name(uint8_t op);
/* "Insufficient Encryption"; "Application Error 0x85", "Reserved 0x14". */
const char *att_error_name(uint8_t code);
/* Suite names: "insufficient_encryption", "attribute_not_found",
 * "cccd_improperly_configured"... CC_OK or CC_ENOTFOUND. */
int att_error_from_name(const char *name, uint8_t *code);

int att_build_mtu_req(struct buf *b, uint16_t mtu) __attribute__((warn_unused_result));
int att_build_range(struct buf *b, uint8_t op, uint16_t start, uint16_t end,
		    uint16_t uuid16) __attribute__((warn_unused_result));
int att_build_find_by_type(struct buf *b, uint16_t start, uint16_t end,
			   uint16_t type, const uint8_t *value, size_t len)
	__attribute__((warn_unused_result));
int att_build_handle(struct buf *b, uint8_t op, uint16_t handle)
	__attribute__((warn_unused_result));
int att_build_read_blob(struct buf *b, uint16_t handle, uint16_t offset)
	__attribute__((warn_unused_result));
int att_build_write(struct buf *b, uint8_t op, uint16_t handle,
		    const uint8_t *value, size_t len) __attribute__((warn_unused_result));
int att_build_error(struct buf *b, uint8_t req_op, uint16_t handle, uint8_t code)
	__attribute__((warn_unused_result));

struct att_uuid {
	uint8_t len; /* 2 or 16 */
	uint8_t bytes[16]; /* little-endian, as on the air */
};

/* The 16-bit form of a SIG UUID (2 bytes, or 16 bytes on the Bluetooth base
 * UUID), or 0 for a vendor UUID. */
uint16_t att_uuid16(const struct att_uuid *u);

/* A UUID as written in suites: 4 hex digits (16-bit SIG) or the 36-char
 * form 8-4-4-4-12 (big-endian text, stored little-endian as on the air).
 * CC_EINVAL on anything else. */
int att_uuid_parse(const char *s, struct att_uuid *u);
/* Same UUID, whatever size each was carried in. */
bool att_uuid_equal(const struct att_uuid *a, const struct att_uuid *b);

struct att_error {
	uint8_t req_op;
	uint16_t handle;
	uint8_t code;
};

struct att_group { /* Read By Group Type: a service */
	uint16_t start, end;
	struct att_uuid uuid;
};

struct att_chardecl { /* Read By Type of 0x2803: a characteristic */
	uint16_t handle;       /* of the declaration */
	uint8_t props;
	uint16_t value_handle;
	struct att_uuid uuid;
};

struct att_info { /* Find Information: handle and type */
	uint16_t handle;
	struct att_uuid uuid;
};

struct att_handles { /* Find By Type Value: a found attribute's group */
	uint16_t found, end;
};

struct att_hv { /* notification or indication */
	uint16_t handle;
	const uint8_t *value; /* points into the PDU */
	size_t len;
};

#define ATT_MAX_ENTRIES 64

int att_parse_error(const uint8_t *p, size_t n, struct att_error *e, char *why,
		    size_t whylen);
int att_parse_mtu(const uint8_t *p, size_t n, uint16_t *mtu, char *why,
		  size_t whylen);
int att_parse_groups(const uint8_t *p, size_t n, struct att_group *out,
		     size_t max, size_t *count, char *why, size_t whylen);
int att_parse_chardecls(const uint8_t *p, size_t n, struct att_chardecl *out,
			size_t max, size_t *count, char *why, size_t whylen);
int att_parse_info(const uint8_t *p, size_t n, struct att_info *out, size_t max,
		   size_t *count, char *why, size_t whylen);
int att_parse_hv(const uint8_t *p, size_t n, struct att_hv *hv, char *why,
		 size_t whylen);
/* Find By Type Value Response: opcode, then (found, group end) pairs. */
int att_parse_handles(const uint8_t *p, size_t n, struct att_handles *out,
		      size_t max, size_t *count, char *why, size_t whylen);

#endif
