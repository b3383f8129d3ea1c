/* SPDX-License-Identifier: MIT */
/* carecert's phrases in Chinese: serial lines, HTTP, IEEE 11073-20601 (phd/), the web audit. Row syntax: phrases.c. */
#include "report/phrases-table.h"

const struct phrase_row phrases_misc[] = {
};

const size_t phrases_misc_n = sizeof(phrases_misc) / sizeof(phrases_misc[0]);
