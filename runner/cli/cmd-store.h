/* SPDX-License-Identifier: MIT */
/*
 * carecert store and carecert serve: the results store's commands, apart
 * from main.c's option table (main parses, these act). Each returns the
 * command's exit status (0 done, 1 a run was refused, 2 usage, 3 the
 * store could not be used).
 */
#ifndef CARECERT_CMD_STORE_H
#define CARECERT_CMD_STORE_H

#include <stdbool.h>

#include "store/store.h"

struct store_cli {
	const char *db;		     /* --db, else $CARECERT_DB, else the default */
	bool json;		     /* --json: the query's JSON, not a table */
	struct store_add_opts add;   /* --require-seal, --pubkey, --allow-incomplete */
	struct store_filter filter;  /* runs: --vendor ... --limit --offset */
	int days;		     /* instruments: due within this many days */
	const char *plot;	     /* trend: write the plot here (SVG; PDF beside) */
	const char *listen;	     /* serve: ADDRESS:PORT */
	const char *tls_cert, *tls_key; /* serve: PEM files */
	const char *import_tokens, *import_pubkey; /* serve: POST /api/import */
	const char *accounts;	     /* serve: lab accounts; NULL: pages open */
};

/* The store's URL as the options and environment give it. */
const char *store_cli_db(const struct store_cli *o);
/* carecert store SUBCOMMAND ARGS... */
int cmd_store_main(int argc, char **argv, const struct store_cli *o);
/* carecert passwd FILE USER: the password from the first line of stdin. */
int cmd_passwd_main(int argc, char **argv);
/* carecert serve: until SIGINT, SIGTERM or SIGHUP. */
int cmd_serve_main(int argc, char **argv, const struct store_cli *o);

#endif
