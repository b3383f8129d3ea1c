/* SPDX-License-Identifier: MIT */
/*
 * How a BLE link is addressed and secured, as pure functions, so that the
 * real-hardware path (an L2CAP LE socket on the ATT channel, BlueZ's
 * libbluetooth) is tested for its socket address and options even on
 * machines whose kernel has no Bluetooth.
 */
#ifndef CARECERT_BLE_LINK_H
#define CARECERT_BLE_LINK_H

#include <stddef.h>

struct sockaddr_l2;
struct bt_security;

/* "low", "medium", "high", "fips" -> BT_SECURITY_LOW..FIPS. CC_OK or
 * CC_EINVAL. */
int ble_security_level(const char *name, int *level);
const char *ble_security_name(int level);

/* Fill the peer address: AA:BB:CC:DD:EE:FF and "public"/"random", on the
 * ATT fixed channel (CID 4). CC_EINVAL for a malformed address or type. */
int ble_peer_addr(const char *addr, const char *type, struct sockaddr_l2 *sa);
/* The local side: any adapter, public address type, CID 4. */
void ble_local_addr(struct sockaddr_l2 *sa);
/* The BT_SECURITY socket option for a level. */
void ble_security_opt(int level, struct bt_security *sec);

/* True for "AA:BB:CC:DD:EE:FF" (hex, colons). */
int ble_addr_valid(const char *addr);

#endif
