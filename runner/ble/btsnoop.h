/* SPDX-License-Identifier: MIT */
/*
 * btsnoop capture of ATT PDUs, so Wireshark and tshark decode a run's BLE
 * traffic. Each PDU is wrapped as an HCI ACL packet (H4 datalink 1002) with
 * an L2CAP header on the ATT channel (CID 4). Records are written with one
 * write(2) each, as the traffic log is: a crash loses nothing.
 */
#ifndef CARECERT_BTSNOOP_H
#define CARECERT_BTSNOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define BTSNOOP_DATALINK_H4 1002
#define BTSNOOP_ACL_HANDLE 0x0001

struct btsnoop;

/* Create the file and write its header, or append to an existing capture;
 * NULL with errno on failure. */
struct btsnoop *btsnoop_open(const char *path);
/* received: from the device (btsnoop direction flag 1). CC_OK or CC_EIO. */
int btsnoop_write(struct btsnoop *b, bool received, const struct timespec *wall,
		  const uint8_t *pdu, size_t n);
int btsnoop_close(struct btsnoop *b); /* NULL-safe */

/* The record bytes for one PDU (for tests): returns the length, 0 if the
 * output is too small. */
size_t btsnoop_record(bool received, const struct timespec *wall,
		      const uint8_t *pdu, size_t n, uint8_t *out, size_t outlen);

#endif
