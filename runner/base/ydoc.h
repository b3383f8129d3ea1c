/* SPDX-License-Identifier: MIT */
/*
 * A YAML document as a tree of nodes that remember where they were written,
 * so that every loader error can say file:line:column.
 *
 * Built on libyaml's event parser. Only what configuration needs: scalars,
 * sequences, mappings. Anchors/aliases, tags and multi-document streams are
 * refused with a located error rather than half-supported. Duplicate mapping
 * keys are errors (YAML 1.2 forbids them; libyaml does not check).
 *
 * The ydoc owns every node; node pointers are valid until ydoc_free().
 */
#ifndef CARECERT_YDOC_H
#define CARECERT_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

enum ynode_type { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode;

struct ypair {
	struct ynode *key; /* always a scalar */
	struct ynode *value;
};

struct ynode {
	enum ynode_type type;
	const char *file; /* borrowed from the ydoc */
	unsigned line, col; /* 1-based */
	/* YNODE_SCALAR */
	char *str;
	size_t len;
	bool plain; /* unquoted: only plain scalars may be null/bool/number */
	/* YNODE_SEQ */
	struct ynode **items;
	/* YNODE_MAP */
	struct ypair *pairs;
	size_t n; /* items or pairs */
};

struct ydoc;

/* Parse a file. NULL on failure, with errors added to d. An empty file
 * gives an error too (a configuration file must say something). */
struct ydoc *ydoc_load(const char *path, struct diag *d);
/* Parse a NUL-terminated string; name is used in diagnostics. */
struct ydoc *ydoc_parse(const char *name, const char *text, struct diag *d);
void ydoc_free(struct ydoc *doc);
const struct ynode *ydoc_root(const struct ydoc *doc);
const char *ydoc_path(const struct ydoc *doc);

/* Human name of a node type: "a scalar", "a sequence", "a mapping". */
const char *ynode_type_name(enum ynode_type t);

/* ---- checked access: each reports its own error at the node's location
 * and returns false/NULL; callers just skip what failed. ---- */

/* The value of key in map, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* Like ymap_get, but a missing key is an error at the map. */
const struct ynode *ymap_require(const struct ynode *map, const char *key,
				 struct diag *d);
/* Report every key not in allowed[] (NULL-terminated). */
bool ymap_check_keys(const struct ynode *map, const char *const allowed[],
		     struct diag *d);

bool ynode_expect(const struct ynode *n, enum ynode_type t, const char *what,
		  struct diag *d);
void ynode_error(const struct ynode *n, struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Scalar conversions. "what" names the setting in messages. */
const char *yscalar_str(const struct ynode *n, const char *what,
			struct diag *d);
bool yscalar_long(const struct ynode *n, const char *what, long min, long max,
		  long *out, struct diag *d);
bool yscalar_double(const struct ynode *n, const char *what, double *out,
		    struct diag *d);
bool yscalar_bool(const struct ynode *n, const char *what, bool *out,
		  struct diag *d);
bool yscalar_duration(const struct ynode *n, const char *what, int64_t *ns,
		      struct diag *d);

/* A scalar or a sequence of scalars as a NULL-terminated, malloc'd array of
 * malloc'd strings (free with strv_free). NULL on error. */
char **ynode_strv(const struct ynode *n, const char *what, struct diag *d);
void strv_free(char **v);
size_t strv_len(char *const *v);
bool strv_contains(char *const *v, const char *s);
/* Append a copy of s (the array stays NULL-terminated); CC_ENOMEM. */
int strv_push(char ***v, const char *s);

#endif
