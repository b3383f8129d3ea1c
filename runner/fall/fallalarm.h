/* SPDX-License-Identifier: MIT */
/*
 * The Fall Alarm characteristic of the carecert fall wearable's vendor
 * service (docs/fall-detection.md), what the simulated wearable sends and
 * fall_replay reads. Little-endian, 12 bytes:
 *
 *   0  u16  alarm id (increments per alarm; a resent alarm keeps its id)
 *   2  u8   kind: 1 fall, 2 long lie, 3 SOS, 4 low battery
 *   3  u8   flags: bit 0 stored (raised while the radio was out, sent
 *           later); bits 1-7 reserved, 0
 *   4  u32  event time, ms of the device's motion clock (when the device
 *           says the fall happened)
 *   8  u32  raised time, ms of the same clock (when it raised the alarm)
 *
 * The motion clock starts with the replay (the instrument and the device
 * share the bench's time base; a device in the field would send UTC).
 */
#ifndef CARECERT_FALLALARM_H
#define CARECERT_FALLALARM_H

#include <stddef.h>
#include <stdint.h>

#define FALLALARM_LEN 12
#define FALLALARM_STORED 0x01

enum fallalarm_kind {
	FALLALARM_FALL = 1,
	FALLALARM_LONGLIE = 2,
	FALLALARM_SOS = 3,
	FALLALARM_BATTERY = 4,
};

struct fallalarm {
	uint16_t id;
	uint8_t kind, flags;
	uint32_t event_ms, raised_ms;
};

/* Decode len bytes from a device. CC_OK, or CC_EINVAL with what is wrong
 * in why (length, kind, reserved bits). */
int fallalarm_decode(const uint8_t *p, size_t len, struct fallalarm *out,
		     char *why, size_t whylen);
/* Encode (the simulated wearable); returns FALLALARM_LEN. */
size_t fallalarm_encode(const struct fallalarm *a, uint8_t out[FALLALARM_LEN]);
/* "fall", "long lie", "SOS", "low battery", or "?" */
const char *fallalarm_kind_name(unsigned kind);

#endif
