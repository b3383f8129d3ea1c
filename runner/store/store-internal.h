/* SPDX-License-Identifier: MIT */
/* Shared by the store's modules: the open store and statement helpers. */
#ifndef CARECERT_STORE_INTERNAL_H
#define CARECERT_STORE_INTERNAL_H

#include "store/store-db.h"
#include "store/store.h"

struct store {
	const struct store_ops *ops;
	void *db;
};

/* Run one statement (store-db.h's exec) on s. */
int store_exec(struct store *s, const char *sql, size_t n, const char *const *params,
	       store_row_fn fn, void *ctx, long *changes, char *err, size_t errlen);
/* A statement whose result is not read (store-db.h's queue, else exec):
 * its error may come from the next store_exec. */
int store_queue(struct store *s, const char *sql, size_t n, const char *const *params,
		char *err, size_t errlen);
/* The statements of one migration; a NULL-ended list per version. */
extern const char *const *const store_migrations[];
extern const size_t store_nmigrations;

#endif
