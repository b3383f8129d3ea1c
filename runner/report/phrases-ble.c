/* SPDX-License-Identifier: MIT */
/* carecert's phrases in Chinese: Bluetooth LE, GATT and ATT steps (ble/). Row syntax: phrases.c. */
#include "report/phrases-table.h"

const struct phrase_row phrases_ble[] = {
};

const size_t phrases_ble_n = sizeof(phrases_ble) / sizeof(phrases_ble[0]);
