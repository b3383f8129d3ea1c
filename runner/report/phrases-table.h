/* SPDX-License-Identifier: MIT */
/*
 * The rows of carecert's phrases in Chinese, one table per family of
 * steps (phrases.c says how a row's English and its slots are written).
 * Private to the phrases module.
 */
#ifndef CARECERT_PHRASES_TABLE_H
#define CARECERT_PHRASES_TABLE_H

#include <stddef.h>

struct phrase_row {
	const char *en, *zh;
};

/* Bluetooth LE, GATT and ATT steps (ble/) */
extern const struct phrase_row phrases_ble[];
extern const size_t phrases_ble_n;
/* elderly care: alarm path, behaviour monitoring, falls, positioning */
extern const struct phrase_row phrases_care[];
extern const size_t phrases_care_n;
/* the others: serial lines, HTTP, IEEE 11073 (phd/), the web audit */
extern const struct phrase_row phrases_misc[];
extern const size_t phrases_misc_n;

#endif
