/* SPDX-License-Identifier: MIT */
/*
 * The 11073-20601 family's steps (step_family_phd: suite-phd.c loads them,
 * exec-phd.c runs them; docs/phd.md).
 */
#ifndef CARECERT_PHD_STEPS_H
#define CARECERT_PHD_STEPS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/exec.h"

#define PHD_STEP_MAX_REQUIRE 12

enum phd_config_want { PHD_CFG_ANY, PHD_CFG_STANDARD, PHD_CFG_EXTENDED };

/* What one phd_* step was written with (st->phd, owned by the step). */
struct phd_step {
	enum phd_config_want config; /* phd_associate */
	bool strict;   /* every finding of the agent fails the step */
	bool refuse_first_config; /* phd_associate: answer the first one unsupported */
	uint16_t require[PHD_STEP_MAX_REQUIRE]; /* phd_get_mds: attribute ids */
	size_t nrequire;
	char *metric;  /* phd_measurement: MDC name */
	char *unit;    /* its unit (base/units.h symbol or UCUM) */
	char *store;   /* variable for the value */
	bool fresh;    /* phd_measurement: only a report arriving during the step */
	uint16_t send; /* phd_illegal: the APDU choice sent */
	bool send_unknown; /* phd_illegal: a header of unknown choice 0xE800 */
	uint16_t expect; /* phd_illegal: the choice awaited; 0: silence */
};

enum verdict exec_phd_step(struct exec *e, const struct step *st);
/* The attempt ended: an association still held is aborted, the manager
 * freed. */
void exec_phd_case_end(struct exec *e);

#endif
