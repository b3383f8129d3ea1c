/* SPDX-License-Identifier: MIT */
/*
 * IEEE 11073-20601 APDUs in MDER (../shared/reference/ieee11073-20601.md
 * §1-2): AARQ, AARE, RLRQ, RLRE, ABRT and PRST with its DataApdu
 * (ROIV/RORS/ROER/RORJ messages). Pure functions, no I/O.
 *
 * Decoding is one pass over a table of message layouts; it reports every
 * violation it meets (lengths that disagree, unknown choices, a SEQUENCE OF
 * whose count disagrees with its bytes, bytes left over) into a struct
 * phd_viol, and keeps decoding what it can. Decoded byte fields
 * (struct phd_blob) point into the caller's input, which must outlive the
 * struct phd_apdu. Encoding writes the fields back, computing every length,
 * so a well-formed APDU decodes and re-encodes byte-identical.
 */
#ifndef CARECERT_PHD_APDU_H
#define CARECERT_PHD_APDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHD_HDR_LEN 4             /* choice u16 + length u16 */
#define PHD_APDU_MAX (0xFFFF + 4) /* the length field's reach */
/* The manager's receive buffer: 63 KiB, an APDU's maximum over USB PHDC
 * (the sheet, §6); a longer one is answered with ABRT buffer-overflow. */
#define PHD_RX_APDU_MAX (63u * 1024u)
#define PHD_MAX_PROTO 4           /* DataProtos kept from one AARQ */
#define PHD_VIOL_MAX 16           /* findings kept; the rest are counted */

enum phd_choice {
	PHD_AARQ = 0xE200,
	PHD_AARE = 0xE300,
	PHD_RLRQ = 0xE400,
	PHD_RLRE = 0xE500,
	PHD_ABRT = 0xE600,
	PHD_PRST = 0xE700,
};

/* DataApdu message choices (§1.2) */
enum phd_msg {
	PHD_ROIV_EVENT = 0x0100,
	PHD_ROIV_CEVENT = 0x0101,
	PHD_ROIV_GET = 0x0103,
	PHD_ROIV_SET = 0x0104,
	PHD_ROIV_CSET = 0x0105,
	PHD_ROIV_ACTION = 0x0106,
	PHD_ROIV_CACTION = 0x0107,
	PHD_RORS_CEVENT = 0x0201,
	PHD_RORS_GET = 0x0203,
	PHD_RORS_CSET = 0x0205,
	PHD_RORS_CACTION = 0x0207,
	PHD_ROER = 0x0300,
	PHD_RORJ = 0x0400,
};

#define PHD_PROTO_20601 0x5079
#define PHD_ASSOC_V1 0x80000000u
#define PHD_ENC_MDER 0x8000
#define PHD_SYSTYPE_MANAGER 0x80000000u
#define PHD_SYSTYPE_AGENT 0x00800000u

/* AARE results (§2.2) */
enum phd_aare_result {
	PHD_AARE_ACCEPTED = 0,
	PHD_AARE_REJ_PERMANENT = 1,
	PHD_AARE_REJ_TRANSIENT = 2,
	PHD_AARE_ACCEPTED_UNKNOWN_CONFIG = 3,
	PHD_AARE_REJ_NO_COMMON_PROTOCOL = 4,
	PHD_AARE_REJ_NO_COMMON_PARAMETER = 5,
	PHD_AARE_REJ_UNKNOWN = 6,
	PHD_AARE_REJ_UNAUTHORIZED = 7,
	PHD_AARE_REJ_ASSOC_VERSION = 8,
};

/* ABRT reasons (§1.1) */
enum phd_abort_reason {
	PHD_ABRT_UNDEFINED = 0,
	PHD_ABRT_BUFFER_OVERFLOW = 1,
	PHD_ABRT_RESPONSE_TIMEOUT = 2,
	PHD_ABRT_CONFIG_TIMEOUT = 3,
};

/* Bytes of a field: into the decoded input, or the caller's for encoding. */
struct phd_blob {
	const uint8_t *p;
	uint16_t len;
};

/* Decoder findings, in the order met. A warning (an encoding the sheet
 * marks unconfirmed) does not make the APDU malformed. */
struct phd_viol {
	struct phd_finding {
		bool warning;
		char text[160];
	} v[PHD_VIOL_MAX];
	size_t n;
	size_t dropped;
	size_t errors; /* findings that are not warnings, dropped ones too */
};

void phd_viol_init(struct phd_viol *v);
/* Add a finding (printf-style); returns CC_EPROTO for an error, CC_OK for a
 * warning, so `return phd_viol_add(...)` reads well. */
int phd_viol_add(struct phd_viol *v, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* PhdAssociationInformation (§2.1) */
struct phd_assoc_info {
	uint32_t protocol_version;
	uint16_t encoding_rules;
	uint32_t nomenclature_version;
	uint32_t functional_units;
	uint32_t system_type;
	struct phd_blob system_id; /* 8 bytes, the EUI-64 */
	uint16_t dev_config_id;
	uint16_t data_req_flags;
	uint8_t data_req_agent_count;
	uint8_t data_req_manager_count;
	uint16_t option_count;
	struct phd_blob options; /* AttributeList elements */
};

struct phd_data_proto {
	uint16_t id;
	bool is_20601;              /* id 0x5079: info decoded as ai */
	struct phd_assoc_info ai;   /* when is_20601 */
	struct phd_blob info;       /* otherwise: the raw data-proto-info */
};

/* DataApdu: which fields a message carries is its layout (apdu.c). */
struct phd_data {
	uint16_t invoke_id;
	uint16_t choice;   /* enum phd_msg */
	uint16_t handle;   /* obj-handle */
	uint32_t time;     /* event-time / currentTime (RelativeTime) */
	uint16_t type;     /* event-type / action-type OID */
	uint16_t code;     /* ROER error-value / RORJ problem */
	uint16_t count;    /* list messages: the SEQUENCE OF count */
	struct phd_blob arg; /* ANY bytes, or the list's element bytes */
};

struct phd_apdu {
	uint16_t choice; /* enum phd_choice */
	uint16_t length; /* as received (decode); computed by encode */
	/* AARQ */
	uint32_t assoc_version;
	uint16_t nproto; /* the list's count (AARQ); may exceed PHD_MAX_PROTO */
	/* AARQ: proto[0..min(nproto, PHD_MAX_PROTO)); AARE: proto[0] */
	struct phd_data_proto proto[PHD_MAX_PROTO];
	/* AARE result, RLRQ/RLRE/ABRT reason */
	uint16_t result;
	/* PRST */
	struct phd_data data;
};

/* Total length of the APDU at p (header included) once 4 bytes are there;
 * 0 when fewer bytes are given. Says nothing of the choice's validity. */
size_t phd_apdu_size(const uint8_t *p, size_t n);
/* Cut a byte stream (§6): 1 with *size when a whole APDU of a known
 * choice is at p, 0 when more bytes are needed, -1 when the header's
 * choice is unknown or the APDU would exceed cap bytes (then *size is
 * what the header claims). */
int phd_apdu_frame(const uint8_t *p, size_t n, size_t cap, size_t *size);
/* True for the six known APDU choices. */
bool phd_choice_known(uint16_t choice);

/* Decode one APDU of exactly n bytes. CC_OK when well-formed; CC_EPROTO
 * with the findings in v (which the caller initialised) otherwise, a
 * with as much of a decoded as could be read. Never reads past p + n. */
int phd_apdu_decode(const uint8_t *p, size_t n, struct phd_apdu *a,
		    struct phd_viol *v);

/* Encode a into out (cap bytes), computing every length; *len set.
 * CC_ETOOBIG when it does not fit, CC_EINVAL for an unknown choice or a
 * blob longer than its length field can say. */
int phd_apdu_encode(const struct phd_apdu *a, uint8_t *out, size_t cap,
		    size_t *len);

/* Names for evidence: "AARQ"..., "roiv-cmip-get"...; "unknown" when not. */
const char *phd_choice_name(uint16_t choice);
const char *phd_msg_name(uint16_t msg);
const char *phd_aare_result_name(uint16_t r);
const char *phd_abort_reason_name(uint16_t r);
const char *phd_roer_name(uint16_t e);
const char *phd_rorj_name(uint16_t p);

/* A short one-line summary for the traffic log and evidence:
 * "PRST invoke 1 roiv-cmip-confirmed-event-report handle 0 type 0x0D1C". */
void phd_apdu_summary(const struct phd_apdu *a, char *out, size_t outlen);

/* AttributeList elements {id u16, len u16, value}: the next one at *off
 * (advanced). Returns false at the end or on a truncated element (then
 * *off is left at the bad element). */
struct phd_attr {
	uint16_t id;
	struct phd_blob value;
};
bool phd_attr_next(struct phd_blob list, size_t *off, struct phd_attr *a);

/* Check an AttributeList's elements against its count; findings into v
 * under the label `what`. CC_OK or CC_EPROTO. */
int phd_attr_list_check(struct phd_blob list, uint16_t count, const char *what,
			struct phd_viol *v);

/* AbsoluteTime: 8 BCD bytes (century, year, month, day, hour, minute,
 * second, sec-fractions). */
struct phd_abstime {
	unsigned year, month, day, hour, minute, second, frac;
};
/* False, with the reason, for a non-BCD nibble or an impossible date. */
bool phd_abstime_decode(const uint8_t p[8], struct phd_abstime *t, char *why,
			size_t whylen);
void phd_abstime_encode(const struct phd_abstime *t, uint8_t p[8]);

/* Big-endian reads and writes. */
static inline uint16_t phd_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t phd_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}
static inline void phd_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void phd_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
