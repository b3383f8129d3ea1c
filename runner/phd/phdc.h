/* SPDX-License-Identifier: MIT */
/*
 * USB Personal Healthcare Device Class (PHDC 1.0) as the host sees it
 * (../shared/reference/ieee11073-20601.md §6): the class's descriptors in
 * a configuration descriptor, and the metadata preamble a device may put
 * before data. Pure parsers, no I/O (the libusb transport is
 * transport-phdc.c); every violation is reported into a struct phd_viol.
 */
#ifndef CARECERT_PHD_PHDC_H
#define CARECERT_PHD_PHDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phd/apdu.h"

#define PHDC_CLASS 0x0F
#define PHDC_DT_CLASS_FUNCTION 0x20
#define PHDC_DT_QOS 0x21
#define PHDC_DT_METADATA 0x22
#define PHDC_DT_11073_EXTENSION 0x30
#define PHDC_DATA_CODE_VENDOR 0x01
#define PHDC_DATA_CODE_11073 0x02
#define PHDC_MAX_SPECS 8

struct phdc_ep {
	uint8_t address;  /* 0: none */
	uint16_t max_packet;
	bool qos;         /* a QoS descriptor followed it */
	uint8_t latency_reliability;
};

struct phdc_info {
	int interface;    /* -1: no PHDC interface */
	uint8_t data_code;
	bool metadata;    /* bmCapability bit 0: metadata preambles possible */
	struct phdc_ep bulk_in, bulk_out, int_in;
	uint16_t specs[PHDC_MAX_SPECS]; /* wDevSpecializations (meaning unconfirmed) */
	size_t nspecs;
	bool have_extension;
	bool have_metadata_desc;
};

/* Walk a whole configuration descriptor (wTotalLength bytes). CC_OK when
 * a PHDC interface was found and its descriptors are well-formed;
 * CC_EPROTO otherwise, with the findings in v (the caller initialised). */
int phdc_parse_config(const uint8_t *p, size_t n, struct phdc_info *info,
		      struct phd_viol *v);

/* A metadata preamble: "PhdcQoSSignature", bNumTransfers,
 * bQoSEncodingVersion (1), bmLatencyReliability, then opaque data. */
struct phdc_preamble {
	uint8_t num_transfers;
	uint8_t latency_reliability;
	struct phd_blob opaque; /* points into the input */
};

#define PHDC_PREAMBLE_MIN 19

/* True when p starts with the signature (a preamble, not data). */
bool phdc_is_preamble(const uint8_t *p, size_t n);
/* CC_OK or CC_EPROTO with findings. */
int phdc_parse_preamble(const uint8_t *p, size_t n, struct phdc_preamble *out,
			struct phd_viol *v);

#endif
