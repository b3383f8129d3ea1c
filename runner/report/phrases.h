/* SPDX-License-Identifier: MIT */
/*
 * Carecert's own phrases (the reasons, criteria and evidence messages the
 * runner writes into the record, always in English) in the report's
 * language. The record stays English, the one canonical text a lab
 * signs; a Chinese report translates carecert's words when it shows them.
 *
 * A phrase is either fixed words or a template with slots for the numbers
 * and names carecert put in ("{n} of {n} delivered"): the Chinese side
 * says the same with the slots in its own order. Device data must never
 * be passed as a phrase: it is copied as it is only where a template says
 * a slot holds it.
 */
#ifndef CARECERT_PHRASES_H
#define CARECERT_PHRASES_H

#include <stdbool.h>
#include <stddef.h>

#include "report/labels.h"

/* Carecert's own phrases in s in lang, into out (always terminated, cut
 * at len); English is copied as it is. Phrases are replaced on word
 * boundaries only; what matches no phrase is copied as it is. */
void label_phrases(enum label_lang lang, const char *s, char *out, size_t len);

/* label_phrases with the device's data in slots ({s}, {w}) put as "…":
 * what is left is carecert's own words (for the tests). */
void label_phrases_masked(enum label_lang lang, const char *s, char *out, size_t len);

/* A reason as carecert writes it ("line N (kind): what; observed X;
 * expected Y", or a family's own sentence) in lang, into out. The observed
 * value is the device's: copied, unless it is one of carecert's words as a
 * whole. mask (for the tests) puts "…" for every piece of device data
 * (the observed value, a template's {s} and {w} slots), so what is left is
 * carecert's own words. */
void label_reason(enum label_lang lang, const char *s, bool mask, char *out, size_t len);

/* An observed value in lang: the device's, copied as it is, unless it is
 * one of carecert's words or sentences as a whole (a family's summary:
 * "3 of 3 delivered (...)"); mask puts "…" for the data in its slots. */
void label_observed(enum label_lang lang, const char *s, bool mask, char *out, size_t len);

/* s in lang when it is, as a whole, one of carecert's words for an
 * observation ("present", "no match"); else s itself. */
const char *label_phrase_exact(enum label_lang lang, const char *s);

/* For the tests: how many phrase rows there are, and row i's English and
 * Chinese (NULL past the end). */
size_t label_phrase_count(void);
const char *label_phrase_en(size_t i);
const char *label_phrase_zh(size_t i);

#endif
