/* SPDX-License-Identifier: MIT */
/*
 * A map from strings (or pairs of strings, such as a requirement's standard
 * and clause) to pointers, for the loaders' lookups by name (case ids,
 * features, limits, mapping keys, requirements): open addressing with
 * linear probing, FNV-1a, grown to keep at most half the slots used, so a
 * lookup costs the same in a suite of ten cases or of a million.
 *
 * Keys are borrowed: the caller keeps each key alive and unchanged while
 * it is in the map. Nothing is ever removed.
 */
#ifndef CARECERT_STRMAP_H
#define CARECERT_STRMAP_H

#include <stddef.h>

struct strmap_slot {
	const char *key; /* NULL: empty */
	const char *key2; /* the second string of a pair key, else NULL */
	size_t hash;
	void *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap; /* 0 or a power of two */
	size_t n;
};

#define STRMAP_INIT { NULL, 0, 0 }

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);

/* Add key -> value. CC_OK when added; CC_EINVAL when the key is there
 * already (nothing changes; *old, when given, gets the value it has);
 * CC_ENOMEM. */
int strmap_put(struct strmap *m, const char *key, void *value, void **old);
/* The value of key, or NULL when absent. */
void *strmap_get(const struct strmap *m, const char *key);

/* The same with a key of two strings (a, b); a map holds one kind of key
 * or the other. */
int strmap_put2(struct strmap *m, const char *a, const char *b, void *value, void **old);
void *strmap_get2(const struct strmap *m, const char *a, const char *b);

#endif
