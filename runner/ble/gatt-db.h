/* SPDX-License-Identifier: MIT */
/*
 * The discovered GATT database held to the rules a qualification tester
 * checks (Core Vol 3 Part G 3.1-3.3, 4.4-4.7):
 * - every primary service found by Read By Group Type is found with the
 *   same range by Find By Type Value of its UUID, and no other range is;
 * - service ranges do not overlap and hold each of their characteristics'
 *   declarations and values;
 * - a characteristic's value handle is its declaration's handle + 1;
 * - a characteristic has at most one CCCD;
 * - Find Information over the whole handle space 0x0001-0xFFFF finds no
 *   attribute outside every service (nothing hides in a gap).
 * Every finding is kept (up to GATT_DB_MAX_FINDINGS), not only the first.
 */
#ifndef CARECERT_GATT_DB_H
#define CARECERT_GATT_DB_H

#include "ble/gatt.h"

#define GATT_DB_MAX_FINDINGS 16

struct gatt_db_report {
	char findings[GATT_DB_MAX_FINDINGS][200];
	size_t n;
	size_t dropped;       /* findings beyond the cap */
	size_t attributes;    /* the walk found this many */
	size_t by_type;       /* ranges Find By Type Value gave */
};

/* Run the checks on c's discovered database (gatt_discover first: else
 * CC_EINVAL). CC_OK with r->n findings, or the procedure's failure
 * (CC_ETIMEDOUT, CC_EPROTO with why, link errors) — an unexpected Error
 * Response is CC_EPROTO too. */
int gatt_db_check(struct gatt_client *c, int64_t deadline, struct gatt_db_report *r,
		  char *why, size_t whylen);

#endif
