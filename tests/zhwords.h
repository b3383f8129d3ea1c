/* SPDX-License-Identifier: MIT */
/*
 * The tests' eye for English left in a Chinese report: every piece of
 * carecert's own text a record holds (reasons, criteria, methods, family
 * summaries) put through the report's phrases with the device's data
 * masked, and what is still an English word reported.
 */
#ifndef CARECERT_ZHWORDS_H
#define CARECERT_ZHWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* Called for each piece still English: where in the record, the record's
 * English, the Chinese with the device's data masked, the first English
 * word left. */
typedef void (*zh_leftover_fn)(void *arg, const char *where, const char *en, const char *zh,
			       const char *word);

/* Walks the record; returns how many pieces are still English. */
size_t zh_leftovers(json_object *root, zh_leftover_fn cb, void *arg);

/* The first English word left in zh (into word), false if none: a
 * lower-case word of three letters or more outside quotes, regular
 * expressions and identifiers; names (capitalised: Read Request, SpO2)
 * and units stay as they are in Chinese technical text. */
bool zh_english_word(const char *zh, char *word, size_t len);

#endif
