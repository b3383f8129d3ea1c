/* SPDX-License-Identifier: MIT */
#include "base/ydoc.h"
#include "base/err.h"
#include "base/strmap.h"
#include "base/units.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define YDOC_MAX_DEPTH 64 /* deeper nesting is refused: no config needs it */

/* Every node, string and child array of a document lives in its arena:
 * building is a bump of a pointer and freeing is a walk of the chunks,
 * not one free() per node (a 10^5-case suite has millions of them). */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN (256 * 1024)

struct ydoc {
	char *path;
	struct ynode *root;
	struct chunk *chunks; /* the newest first */
};

/* n bytes, 16-aligned, zeroed; NULL when out of memory. */
static void *arena_alloc(struct ydoc *doc, size_t n)
{
	struct chunk *c = doc->chunks;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = doc->chunks;
		doc->chunks = c;
	}
	p = c->data + c->used;
	c->used += n;
	return memset(p, 0, n);
}

struct builder {
	struct ydoc *doc;
	struct diag *d;
	yaml_parser_t parser;
	unsigned depth;
	bool failed;
};

const char *ynode_type_name(enum ynode_type t)
{
	switch (t) {
	case YNODE_SCALAR:
		return "a scalar";
	case YNODE_SEQ:
		return "a sequence";
	default:
		return "a mapping";
	}
}

void ydoc_free(struct ydoc *doc)
{
	if (!doc)
		return;
	while (doc->chunks) {
		struct chunk *next = doc->chunks->next;

		free(doc->chunks);
		doc->chunks = next;
	}
	free(doc->path);
	free(doc);
}

const struct ynode *ydoc_root(const struct ydoc *doc)
{
	return doc->root;
}

const char *ydoc_path(const struct ydoc *doc)
{
	return doc->path;
}

static void berror(struct builder *b, const yaml_mark_t *m, const char *msg)
{
	/* libyaml marks are 0-based */
	diag_add(b->d, b->doc->path, (unsigned)m->line + 1,
		 (unsigned)m->column + 1, "%s", msg);
	b->failed = true;
}

static bool next_event(struct builder *b, yaml_event_t *ev)
{
	if (yaml_parser_parse(&b->parser, ev))
		return true;
	diag_add(b->d, b->doc->path, (unsigned)b->parser.problem_mark.line + 1,
		 (unsigned)b->parser.problem_mark.column + 1, "YAML syntax: %s%s%s",
		 b->parser.problem ? b->parser.problem : "error",
		 b->parser.context ? " " : "",
		 b->parser.context ? b->parser.context : "");
	b->failed = true;
	return false;
}

static struct ynode *node_new(struct builder *b, enum ynode_type t,
			      const yaml_mark_t *m)
{
	struct ynode *n = arena_alloc(b->doc, sizeof(*n));

	if (!n) {
		berror(b, m, "out of memory");
		return NULL;
	}
	n->type = t;
	n->file = b->doc->path;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	return n;
}

static struct ynode *build_node(struct builder *b, yaml_event_t *ev);

static bool node_push(struct builder *b, struct ynode *parent,
		      struct ynode *child, struct ynode *key)
{
	size_t n = parent->n;

	/* room doubles at each power of two: appending stays linear (the
	 * outgrown array stays in the arena, at most as much again) */
	if (!(n & (n - 1))) {
		size_t cap = n ? 2 * n : 1;

		if (parent->type == YNODE_SEQ) {
			struct ynode **v = arena_alloc(b->doc, cap * sizeof(*v));

			if (!v)
				return false;
			if (n)
				memcpy(v, parent->items, n * sizeof(*v));
			parent->items = v;
		} else {
			struct ypair *v = arena_alloc(b->doc, cap * sizeof(*v));

			if (!v)
				return false;
			if (n)
				memcpy(v, parent->pairs, n * sizeof(*v));
			parent->pairs = v;
		}
	}
	if (parent->type == YNODE_SEQ) {
		parent->items[n] = child;
	} else {
		parent->pairs[n].key = key;
		parent->pairs[n].value = child;
	}
	parent->n = n + 1;
	return true;
}

/* The keys of a mapping being built, to find duplicates (errors): a scan
 * while the mapping is small, a hash of its keys once it is not. */
#define KEY_SCAN_MAX 16

struct keyset {
	struct strmap map; /* key -> value node, once indexed */
	bool indexed, scan; /* scan: out of memory for the index */
};

static const struct ynode *dup_key(const struct ynode *parent, struct keyset *ks,
				   const struct ynode *key)
{
	if (!ks->indexed && (ks->scan || parent->n < KEY_SCAN_MAX))
		return ymap_get(parent, key->str);
	if (!ks->indexed) {
		for (size_t i = 0; i < parent->n; i++)
			if (parent->pairs[i].key->type == YNODE_SCALAR &&
			    strmap_put(&ks->map, parent->pairs[i].key->str,
				       parent->pairs[i].value, NULL) == CC_ENOMEM) {
				strmap_release(&ks->map);
				ks->scan = true;
				return ymap_get(parent, key->str);
			}
		ks->indexed = true;
	}
	return strmap_get(&ks->map, key->str);
}

/* After a pair is added: into the index (the first of a duplicate stays). */
static void keyset_add(struct keyset *ks, const struct ypair *p)
{
	if (ks->indexed && strmap_put(&ks->map, p->key->str, p->value, NULL) == CC_ENOMEM) {
		strmap_release(&ks->map);
		ks->indexed = false;
		ks->scan = true;
	}
}

/* Build the children of a sequence or mapping until its end event. */
static bool build_children(struct builder *b, struct ynode *parent,
			   yaml_event_type_t end)
{
	struct keyset keys = { STRMAP_INIT, false, false };
	bool ok = false;

	for (;;) {
		yaml_event_t ev;
		struct ynode *key = NULL, *val;

		if (!next_event(b, &ev))
			break;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			ok = true;
			break;
		}
		if (parent->type == YNODE_MAP) {
			key = build_node(b, &ev);
			yaml_event_delete(&ev);
			if (!key)
				break;
			if (key->type != YNODE_SCALAR) {
				ynode_error(key, b->d,
					    "mapping keys must be scalars");
				b->failed = true;
			} else {
				const struct ynode *dup = dup_key(parent, &keys, key);

				if (dup) {
					ynode_error(key, b->d,
						    "duplicate key '%s' (first at line %u)",
						    key->str, dup->line);
					b->failed = true;
				}
			}
			if (!next_event(b, &ev))
				break;
		}
		val = build_node(b, &ev);
		yaml_event_delete(&ev);
		if (!val || !node_push(b, parent, val, key))
			break; /* what was built is the arena's */
		if (key && key->type == YNODE_SCALAR)
			keyset_add(&keys, &parent->pairs[parent->n - 1]);
	}
	strmap_release(&keys.map);
	return ok;
}

static struct ynode *build_node(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n = NULL;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor) {
			berror(b, &ev->start_mark, "YAML anchors are not supported");
			return NULL;
		}
		n = node_new(b, YNODE_SCALAR, &ev->start_mark);
		if (!n)
			return NULL;
		n->len = ev->data.scalar.length;
		n->str = arena_alloc(b->doc, n->len + 1);
		if (!n->str)
			return NULL;
		memcpy(n->str, ev->data.scalar.value, n->len);
		n->str[n->len] = 0;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;

		if ((seq && ev->data.sequence_start.anchor) ||
		    (!seq && ev->data.mapping_start.anchor)) {
			berror(b, &ev->start_mark, "YAML anchors are not supported");
			return NULL;
		}
		if (++b->depth > YDOC_MAX_DEPTH) {
			berror(b, &ev->start_mark, "nesting too deep");
			return NULL;
		}
		n = node_new(b, seq ? YNODE_SEQ : YNODE_MAP, &ev->start_mark);
		if (n && !build_children(b, n, seq ? YAML_SEQUENCE_END_EVENT
						   : YAML_MAPPING_END_EVENT))
			n = NULL;
		b->depth--;
		return n;
	}
	case YAML_ALIAS_EVENT:
		berror(b, &ev->start_mark, "YAML aliases are not supported");
		return NULL;
	default:
		berror(b, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
}

static struct ydoc *ydoc_build(struct builder *b)
{
	yaml_event_t ev;
	struct ydoc *doc = b->doc;

	/* stream start, document start */
	while (next_event(b, &ev)) {
		yaml_event_type_t t = ev.type;
		yaml_mark_t m = ev.start_mark;

		if (t == YAML_STREAM_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			if (!doc->root && !b->failed)
				berror(b, &m, "empty document");
			break;
		}
		if (t == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			if (doc->root) {
				berror(b, &m, "only one YAML document per file");
				break;
			}
			if (!next_event(b, &ev))
				break;
			if (ev.type == YAML_DOCUMENT_END_EVENT) {
				yaml_event_delete(&ev);
				continue;
			}
			doc->root = build_node(b, &ev);
			yaml_event_delete(&ev);
			if (!doc->root)
				break;
			continue;
		}
		if (t == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		yaml_event_delete(&ev);
		berror(b, &m, "unexpected YAML event");
		break;
	}
	yaml_parser_delete(&b->parser);
	if (b->failed || !doc->root) {
		if (!b->failed)
			diag_add(b->d, doc->path, 0, 0, "empty document");
		ydoc_free(doc);
		return NULL;
	}
	return doc;
}

static struct ydoc *ydoc_start(struct builder *b, const char *name,
			       struct diag *d)
{
	memset(b, 0, sizeof(*b));
	b->d = d;
	b->doc = calloc(1, sizeof(*b->doc));
	if (!b->doc || !(b->doc->path = strdup(name)) ||
	    !yaml_parser_initialize(&b->parser)) {
		if (b->doc)
			free(b->doc->path);
		free(b->doc);
		diag_add(d, name, 0, 0, "out of memory");
		return NULL;
	}
	return b->doc;
}

struct ydoc *ydoc_parse(const char *name, const char *text, struct diag *d)
{
	struct builder b;

	if (!ydoc_start(&b, name, d))
		return NULL;
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text,
				     strlen(text));
	return ydoc_build(&b);
}

struct ydoc *ydoc_load(const char *path, struct diag *d)
{
	struct builder b;
	struct ydoc *doc;
	FILE *f = fopen(path, "rb");

	if (!f) {
		diag_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (!ydoc_start(&b, path, d)) {
		fclose(f);
		return NULL;
	}
	yaml_parser_set_input_file(&b.parser, f);
	doc = ydoc_build(&b);
	fclose(f);
	return doc;
}

void ynode_error(const struct ynode *n, struct diag *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, n->file, n->line, n->col, "%s", msg);
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (map->pairs[i].key->type == YNODE_SCALAR &&
		    !strcmp(map->pairs[i].key->str, key))
			return map->pairs[i].value;
	return NULL;
}

const struct ynode *ymap_require(const struct ynode *map, const char *key,
				 struct diag *d)
{
	const struct ynode *v = ymap_get(map, key);

	if (!v && map)
		ynode_error(map, d, "missing required key '%s'", key);
	return v;
}

bool ymap_check_keys(const struct ynode *map, const char *const allowed[],
		     struct diag *d)
{
	bool ok = true;

	for (size_t i = 0; map && map->type == YNODE_MAP && i < map->n; i++) {
		const struct ynode *k = map->pairs[i].key;
		size_t j;
		char list[400] = "";

		for (j = 0; allowed[j]; j++)
			if (!strcmp(allowed[j], k->str))
				break;
		if (allowed[j])
			continue;
		for (j = 0; allowed[j]; j++) {
			size_t l = strlen(list);

			snprintf(list + l, sizeof(list) - l, "%s%s",
				 j ? ", " : "", allowed[j]);
		}
		ynode_error(k, d, "unknown key '%s' (expected one of: %s)",
			    k->str, list);
		ok = false;
	}
	return ok;
}

bool ynode_expect(const struct ynode *n, enum ynode_type t, const char *what,
		  struct diag *d)
{
	if (n->type == t)
		return true;
	ynode_error(n, d, "%s must be %s, found %s", what, ynode_type_name(t),
		    ynode_type_name(n->type));
	return false;
}

static bool is_null(const struct ynode *n)
{
	return n->type == YNODE_SCALAR && n->plain &&
	       (!n->len || !strcmp(n->str, "~") || !strcmp(n->str, "null"));
}

const char *yscalar_str(const struct ynode *n, const char *what,
			struct diag *d)
{
	if (!ynode_expect(n, YNODE_SCALAR, what, d))
		return NULL;
	if (is_null(n)) {
		ynode_error(n, d, "%s must not be empty", what);
		return NULL;
	}
	return n->str;
}

bool yscalar_long(const struct ynode *n, const char *what, long min, long max,
		  long *out, struct diag *d)
{
	char *end;
	long v;

	if (!ynode_expect(n, YNODE_SCALAR, what, d))
		return false;
	errno = 0;
	/* decimal, or 0x hex; never octal ("010" is ten) */
	v = strtol(n->str, &end, strncmp(n->str, "0x", 2) ? 10 : 16);
	if (!n->len || *end || errno) {
		ynode_error(n, d, "%s must be an integer, found '%s'", what,
			    n->str);
		return false;
	}
	if (v < min || v > max) {
		ynode_error(n, d, "%s must be between %ld and %ld, found %ld",
			    what, min, max, v);
		return false;
	}
	*out = v;
	return true;
}

bool yscalar_double(const struct ynode *n, const char *what, double *out,
		    struct diag *d)
{
	struct quantity q;
	char err[160];

	if (!ynode_expect(n, YNODE_SCALAR, what, d))
		return false;
	if (quantity_parse(n->str, &q, err, sizeof(err)) || q.unit[0]) {
		ynode_error(n, d, "%s must be a number, found '%s'", what,
			    n->str);
		return false;
	}
	*out = q.value;
	return true;
}

bool yscalar_bool(const struct ynode *n, const char *what, bool *out,
		  struct diag *d)
{
	if (!ynode_expect(n, YNODE_SCALAR, what, d))
		return false;
	if (!strcmp(n->str, "true") || !strcmp(n->str, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(n->str, "false") || !strcmp(n->str, "no")) {
		*out = false;
		return true;
	}
	ynode_error(n, d, "%s must be true or false, found '%s'", what, n->str);
	return false;
}

bool yscalar_duration(const struct ynode *n, const char *what, int64_t *ns,
		      struct diag *d)
{
	char err[200];

	if (!ynode_expect(n, YNODE_SCALAR, what, d))
		return false;
	if (duration_parse(n->str, ns, err, sizeof(err))) {
		ynode_error(n, d, "%s: %s", what, err);
		return false;
	}
	return true;
}

void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

size_t strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

bool strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

char **ynode_strv(const struct ynode *n, const char *what, struct diag *d)
{
	size_t count = n->type == YNODE_SEQ ? n->n : 1;
	char **v;

	if (n->type == YNODE_MAP) {
		ynode_error(n, d, "%s must be a scalar or a sequence of scalars",
			    what);
		return NULL;
	}
	v = calloc(count + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		const struct ynode *item = n->type == YNODE_SEQ ? n->items[i] : n;
		const char *s = yscalar_str(item, what, d);

		if (!s || !(v[i] = strdup(s))) {
			strv_free(v);
			return NULL;
		}
	}
	return v;
}

int strv_push(char ***v, const char *s)
{
	size_t n = strv_len(*v);
	char **nv = realloc(*v, (n + 2) * sizeof(*nv));

	if (!nv)
		return CC_ENOMEM;
	nv[n] = strdup(s);
	nv[n + 1] = NULL;
	*v = nv;
	return nv[n] ? CC_OK : CC_ENOMEM;
}
