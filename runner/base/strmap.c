/* SPDX-License-Identifier: MIT */
#include "base/strmap.h"
#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

/* FNV-1a (64 bits) over a, then a separator and b when there is one */
static size_t key_hash(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 0x100000001b3u;
	if (b) {
		h = (h ^ 0x1f) * 0x100000001b3u;
		for (; *b; b++)
			h = (h ^ (unsigned char)*b) * 0x100000001b3u;
	}
	return (size_t)(h ^ (h >> 32));
}

static bool same(const struct strmap_slot *s, const char *a, const char *b, size_t h)
{
	if (s->hash != h || strcmp(s->key, a))
		return false;
	return !s->key2 || !b ? s->key2 == b : !strcmp(s->key2, b);
}

/* The slot holding the key, or the empty slot where it would go; the map
 * is never full (at most half its slots are used). */
static struct strmap_slot *find(const struct strmap *m, const char *a, const char *b,
				size_t h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];

		if (!s->key || same(s, a, b, h))
			return s;
	}
}

static int grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t cap = m->cap ? 2 * m->cap : 16;

	if (cap < m->cap || cap > SIZE_MAX / sizeof(*m->slots))
		return CC_ENOMEM;
	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return CC_ENOMEM;
	}
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].key2, old.slots[i].hash) =
				old.slots[i];
	free(old.slots);
	return CC_OK;
}

int strmap_put2(struct strmap *m, const char *a, const char *b, void *value, void **old)
{
	size_t h = key_hash(a, b);
	struct strmap_slot *s;

	if (m->cap) {
		s = find(m, a, b, h);
		if (s->key) {
			if (old)
				*old = s->value;
			return CC_EINVAL;
		}
	}
	if (2 * (m->n + 1) > m->cap && grow(m))
		return CC_ENOMEM;
	s = find(m, a, b, h);
	s->key = a;
	s->key2 = b;
	s->hash = h;
	s->value = value;
	m->n++;
	return CC_OK;
}

void *strmap_get2(const struct strmap *m, const char *a, const char *b)
{
	const struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, a, b, key_hash(a, b));
	return s->key ? s->value : NULL;
}

int strmap_put(struct strmap *m, const char *key, void *value, void **old)
{
	return strmap_put2(m, key, NULL, value, old);
}

void *strmap_get(const struct strmap *m, const char *key)
{
	return strmap_get2(m, key, NULL);
}
