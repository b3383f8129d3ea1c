/* SPDX-License-Identifier: MIT */
#include "ble/att.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	uint8_t op;
	const char *name;
} opcodes[] = {
	{ ATT_ERROR_RSP, "Error Response" },
	{ ATT_MTU_REQ, "Exchange MTU Request" },
	{ ATT_MTU_RSP, "Exchange MTU Response" },
	{ ATT_FIND_INFO_REQ, "Find Information Request" },
	{ ATT_FIND_INFO_RSP, "Find Information Response" },
	{ ATT_FIND_BY_TYPE_REQ, "Find By Type Value Request" },
	{ ATT_FIND_BY_TYPE_RSP, "Find By Type Value Response" },
	{ ATT_READ_BY_TYPE_REQ, "Read By Type Request" },
	{ ATT_READ_BY_TYPE_RSP, "Read By Type Response" },
	{ ATT_READ_REQ, "Read Request" },
	{ ATT_READ_RSP, "Read Response" },
	{ ATT_READ_BLOB_REQ, "Read Blob Request" },
	{ ATT_READ_BLOB_RSP, "Read Blob Response" },
	{ ATT_READ_BY_GROUP_REQ, "Read By Group Type Request" },
	{ ATT_READ_BY_GROUP_RSP, "Read By Group Type Response" },
	{ ATT_WRITE_REQ, "Write Request" },
	{ ATT_WRITE_RSP, "Write Response" },
	{ ATT_NOTIFY, "Handle Value Notification" },
	{ ATT_INDICATE, "Handle Value Indication" },
	{ ATT_CONFIRM, "Handle Value Confirmation" },
	{ ATT_WRITE_CMD, "Write Command" },
};

/* Core Vol 3 Part F 3.4.1.1, and Core Supplement Part B for 0xFC..0xFF */
static const struct {
	uint8_t code;
	const char *name, *key;
} errors[] = {
	{ 0x01, "Invalid Handle", "invalid_handle" },
	{ 0x02, "Read Not Permitted", "read_not_permitted" },
	{ 0x03, "Write Not Permitted", "write_not_permitted" },
	{ 0x04, "Invalid PDU", "invalid_pdu" },
	{ 0x05, "Insufficient Authentication", "insufficient_authentication" },
	{ 0x06, "Request Not Supported", "request_not_supported" },
	{ 0x07, "Invalid Offset", "invalid_offset" },
	{ 0x08, "Insufficient Authorization", "insufficient_authorization" },
	{ 0x09, "Prepare Queue Full", "prepare_queue_full" },
	{ 0x0A, "Attribute Not Found", "attribute_not_found" },
	{ 0x0B, "Attribute Not Long", "attribute_not_long" },
	{ 0x0C, "Insufficient Encryption Key Size", "insufficient_key_size" },
	{ 0x0D, "Invalid Attribute Value Length", "invalid_value_length" },
	{ 0x0E, "Unlikely Error", "unlikely_error" },
	{ 0x0F, "Insufficient Encryption", "insufficient_encryption" },
	{ 0x10, "Unsupported Group Type", "unsupported_group_type" },
	{ 0x11, "Insufficient Resources", "insufficient_resources" },
	{ 0x12, "Database Out Of Sync", "database_out_of_sync" },
	{ 0x13, "Value Not Allowed", "value_not_allowed" },
	/* Glucose/HRS service errors */
	{ 0x80, "Application Error 0x80 (procedure already in progress / control point not supported)",
	  "application_0x80" },
	{ 0x81, "Application Error 0x81 (CCCD improperly configured)", "application_0x81" },
	{ 0xFC, "Write Request Rejected", "write_request_rejected" },
	{ 0xFD, "CCCD Improperly Configured", "cccd_improperly_configured" },
	{ 0xFE, "Procedure Already In Progress", "procedure_already_in_progress" },
	{ 0xFF, "Out Of Range", "out_of_range" },
};

const char *att_opcode_name(uint8_t op)
{
	static _Thread_local char unknown[24];

	for (size_t i = 0; i < sizeof(opcodes) / sizeof(opcodes[0]); i++)
		if (opcodes[i].op == op)
			return opcodes[i].name;
	snprintf(unknown, sizeof(unknown), "opcode 0x%02X", op);
	return unknown;
}

const char *att_error_name(uint8_t code)
{
	static _Thread_local char other[32];

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].name;
	snprintf(other, sizeof(other), "%s 0x%02X",
		 code >= 0x80 && code <= 0x9F ? "Application Error" : "Reserved", code);
	return other;
}

int att_error_from_name(const char *name, uint8_t *code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (!strcmp(errors[i].key, name)) {
			*code = errors[i].code;
			return CC_OK;
		}
	return CC_ENOTFOUND;
}

static int put8(struct buf *b, uint8_t v)
{
	return buf_append(b, &v, 1);
}

static int put16(struct buf *b, uint16_t v)
{
	uint8_t le[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	return buf_append(b, le, 2);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int att_build_mtu_req(struct buf *b, uint16_t mtu)
{
	int rc = put8(b, ATT_MTU_REQ);

	return rc ? rc : put16(b, mtu);
}

int att_build_range(struct buf *b, uint8_t op, uint16_t start, uint16_t end,
		    uint16_t uuid16)
{
	int rc = put8(b, op);

	if (!rc)
		rc = put16(b, start);
	if (!rc)
		rc = put16(b, end);
	if (!rc && op != ATT_FIND_INFO_REQ)
		rc = put16(b, uuid16);
	return rc;
}

int att_build_find_by_type(struct buf *b, uint16_t start, uint16_t end,
			   uint16_t type, const uint8_t *value, size_t len)
{
	int rc = att_build_range(b, ATT_FIND_BY_TYPE_REQ, start, end, type);

	return rc ? rc : buf_append(b, value, len);
}

int att_build_handle(struct buf *b, uint8_t op, uint16_t handle)
{
	int rc = put8(b, op);

	return rc ? rc : put16(b, handle);
}

int att_build_read_blob(struct buf *b, uint16_t handle, uint16_t offset)
{
	int rc = att_build_handle(b, ATT_READ_BLOB_REQ, handle);

	return rc ? rc : put16(b, offset);
}

int att_build_write(struct buf *b, uint8_t op, uint16_t handle,
		    const uint8_t *value, size_t len)
{
	int rc = att_build_handle(b, op, handle);

	return rc ? rc : buf_append(b, value, len);
}

int att_build_error(struct buf *b, uint8_t req_op, uint16_t handle, uint8_t code)
{
	int rc = put8(b, ATT_ERROR_RSP);

	if (!rc)
		rc = put8(b, req_op);
	if (!rc)
		rc = put16(b, handle);
	return rc ? rc : put8(b, code);
}

uint16_t att_uuid16(const struct att_uuid *u)
{
	/* 0000xxxx-0000-1000-8000-00805F9B34FB, little-endian on the air */
	static const uint8_t base[12] = { 0xFB, 0x34, 0x9B, 0x5F, 0x80, 0x00,
					  0x00, 0x80, 0x00, 0x10, 0x00, 0x00 };

	if (u->len == 2)
		return get16(u->bytes);
	if (u->len == 16 && !memcmp(u->bytes, base, 12) && !u->bytes[14] &&
	    !u->bytes[15])
		return get16(u->bytes + 12);
	return 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int att_uuid_parse(const char *s, struct att_uuid *u)
{
	size_t n = strlen(s), k = 0;
	uint8_t be[16];

	if (n == 4) {
		int v[4];

		for (int i = 0; i < 4; i++)
			if ((v[i] = hexval(s[i])) < 0)
				return CC_EINVAL;
		u->len = 2;
		u->bytes[1] = (uint8_t)(v[0] << 4 | v[1]);
		u->bytes[0] = (uint8_t)(v[2] << 4 | v[3]);
		return CC_OK;
	}
	if (n != 36)
		return CC_EINVAL;
	for (size_t i = 0; i < 36;) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i++] != '-')
				return CC_EINVAL;
			continue;
		}
		if ((hi = hexval(s[i])) < 0 || (lo = hexval(s[i + 1])) < 0)
			return CC_EINVAL;
		be[k++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	u->len = 16;
	for (int i = 0; i < 16; i++)
		u->bytes[i] = be[15 - i];
	return CC_OK;
}

bool att_uuid_equal(const struct att_uuid *a, const struct att_uuid *b)
{
	uint16_t x = att_uuid16(a), y = att_uuid16(b);

	if (x || y)
		return x == y;
	return a->len == 16 && b->len == 16 && !memcmp(a->bytes, b->bytes, 16);
}

static int bad(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return CC_EPROTO;
}

int att_parse_error(const uint8_t *p, size_t n, struct att_error *e, char *why,
		    size_t whylen)
{
	if (n != 5 || p[0] != ATT_ERROR_RSP)
		return bad(why, whylen, "Error Response of %zu bytes (must be 5)", n);
	e->req_op = p[1];
	e->handle = get16(p + 2);
	e->code = p[4];
	return CC_OK;
}

int att_parse_mtu(const uint8_t *p, size_t n, uint16_t *mtu, char *why,
		  size_t whylen)
{
	if (n != 3)
		return bad(why, whylen, "Exchange MTU PDU of %zu bytes (must be 3)", n);
	*mtu = get16(p + 1);
	if (*mtu < ATT_DEFAULT_MTU)
		return bad(why, whylen, "MTU %u below the minimum %u", *mtu,
			   ATT_DEFAULT_MTU);
	return CC_OK;
}

/* Length-prefixed list responses: opcode, entry length, entries. */
static int list_check(const uint8_t *p, size_t n, size_t len_a, size_t len_b,
		      char *why, size_t whylen)
{
	if (n < 2)
		return bad(why, whylen, "list response of %zu bytes", n);
	if (p[1] != len_a && p[1] != len_b)
		return bad(why, whylen, "entry length %u (must be %u or the 128-bit form)",
			   p[1], (unsigned)len_a);
	if ((n - 2) % p[1] || n == 2)
		return bad(why, whylen, "%u bytes of entries do not divide into entries of %u",
			   (unsigned)(n - 2), p[1]);
	return CC_OK;
}

static void uuid_at(struct att_uuid *u, const uint8_t *p, size_t len)
{
	u->len = (uint8_t)len;
	memcpy(u->bytes, p, len);
}

int att_parse_groups(const uint8_t *p, size_t n, struct att_group *out,
		     size_t max, size_t *count, char *why, size_t whylen)
{
	int rc = list_check(p, n, 6, 20, why, whylen);
	size_t len;

	*count = 0;
	if (rc)
		return rc;
	len = p[1];
	for (size_t off = 2; off + len <= n && *count < max; off += len) {
		struct att_group *g = &out[(*count)++];

		g->start = get16(p + off);
		g->end = get16(p + off + 2);
		uuid_at(&g->uuid, p + off + 4, len - 4);
		if (g->end < g->start || !g->start)
			return bad(why, whylen, "service handle range 0x%04X..0x%04X is invalid",
				   g->start, g->end);
	}
	return CC_OK;
}

int att_parse_chardecls(const uint8_t *p, size_t n, struct att_chardecl *out,
			size_t max, size_t *count, char *why, size_t whylen)
{
	int rc = list_check(p, n, 7, 21, why, whylen);
	size_t len;

	*count = 0;
	if (rc)
		return rc;
	len = p[1];
	for (size_t off = 2; off + len <= n && *count < max; off += len) {
		struct att_chardecl *c = &out[(*count)++];

		c->handle = get16(p + off);
		c->props = p[off + 2];
		c->value_handle = get16(p + off + 3);
		uuid_at(&c->uuid, p + off + 5, len - 5);
		if (c->value_handle <= c->handle)
			return bad(why, whylen,
				   "characteristic at 0x%04X has value handle 0x%04X (must follow it)",
				   c->handle, c->value_handle);
	}
	return CC_OK;
}

int att_parse_info(const uint8_t *p, size_t n, struct att_info *out, size_t max,
		   size_t *count, char *why, size_t whylen)
{
	size_t len;

	*count = 0;
	if (n < 2 || (p[1] != 1 && p[1] != 2))
		return bad(why, whylen, "Find Information format %u (must be 1 or 2)",
			   n < 2 ? 0 : p[1]);
	len = p[1] == 1 ? 4 : 18;
	if ((n - 2) % len || n == 2)
		return bad(why, whylen, "%u bytes do not divide into entries of %u",
			   (unsigned)(n - 2), (unsigned)len);
	for (size_t off = 2; off + len <= n && *count < max; off += len) {
		struct att_info *e = &out[(*count)++];

		e->handle = get16(p + off);
		uuid_at(&e->uuid, p + off + 2, len - 2);
	}
	return CC_OK;
}

int att_parse_hv(const uint8_t *p, size_t n, struct att_hv *hv, char *why,
		 size_t whylen)
{
	if (n < 3)
		return bad(why, whylen, "%s of %zu bytes has no handle",
			   att_opcode_name(n ? p[0] : 0), n);
	hv->handle = get16(p + 1);
	hv->value = p + 3;
	hv->len = n - 3;
	if (!hv->handle)
		return bad(why, whylen, "handle 0x0000 is invalid");
	return CC_OK;
}

int att_parse_handles(const uint8_t *p, size_t n, struct att_handles *out,
		      size_t max, size_t *count, char *why, size_t whylen)
{
	*count = 0;
	if (n < 5 || p[0] != ATT_FIND_BY_TYPE_RSP || (n - 1) % 4)
		return bad(why, whylen,
			   "Find By Type Value Response of %zu bytes (opcode, then 4-byte entries)", n);
	for (size_t off = 1; off + 4 <= n && *count < max; off += 4) {
		struct att_handles *h = &out[(*count)++];

		h->found = get16(p + off);
		h->end = get16(p + off + 2);
		if (!h->found || h->end < h->found)
			return bad(why, whylen, "found range 0x%04X..0x%04X is invalid",
				   h->found, h->end);
	}
	return CC_OK;
}
