/* SPDX-License-Identifier: MIT */
/*
 * Reference-instrument drivers: a YAML file describes an instrument's
 * command set over a serial line (identify, set a value, query, step a
 * sequence), so a lab adds its own patient simulator or reference
 * thermometer without code:
 *
 *   schema: carecert/instrument/1
 *   name: Acme NIBP-SIM 2 patient simulator
 *   terminator: "\r\n"
 *   commands:
 *     identify: {send: "*IDN?", expect: '^([^,]*),([^,]*),([^,]*),(.*)$',
 *                capture: [vendor, model, serial, firmware]}
 *     set: {send: "NIBP ${systolic},${diastolic},${rate}", expect: '^OK$'}
 *
 * `send` may use ${name} (the step's args, then any variable); `expect` is
 * a POSIX extended regex for the one reply line; its groups go to the
 * names in `capture`. The driver owns its strings and compiled regexes.
 */
#ifndef CARECERT_INSTRUMENT_H
#define CARECERT_INSTRUMENT_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define INSTRUMENT_SCHEMA "carecert/instrument/1"

struct instrument_command {
	char *name;
	char *send;
	char *expect;
	regex_t re;
	char **capture; /* NULL-terminated, may be NULL */
	int64_t within_ns;
};

struct instrument_driver {
	char *path;
	char *name;
	char terminator[8];
	struct instrument_command *cmd;
	size_t ncmd;
};

/* Load and check a driver; NULL with located errors in d. */
struct instrument_driver *instrument_driver_load(const char *path, struct diag *d);
void instrument_driver_free(struct instrument_driver *drv);
const struct instrument_command *instrument_command_find(const struct instrument_driver *drv,
							 const char *name);

#endif
