/* SPDX-License-Identifier: MIT */
/*
 * A simulated IEEE 11073-20601 agent on a pseudo-terminal (docs/phd.md):
 * it associates (standard or extended configuration), sends its
 * configuration when asked, reports a measurement, answers GET of the MDS
 * attributes and SET-TIME, releases and aborts as the agent state table
 * says (../shared/reference/ieee11073-20601.md §5.2). One program per
 * specialization (hw/sim/phd/phd-bp.c, phd-glucose.c) gives what differs
 * in a struct sim_phd_dev; the faults are shared (--fault NAME).
 */
#ifndef CARECERT_SIM_PHD_H
#define CARECERT_SIM_PHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/errmodel.h"

/* Faults, one bit each (sim-phd.c's table names them). */
enum sim_phd_fault {
	SIM_PHD_WRONG_PROTO_ID = 1 << 0,
	SIM_PHD_STD_CONFIG_MISMATCH = 1 << 1,
	SIM_PHD_MISSING_MDS_ATTR = 1 << 2,
	SIM_PHD_SFLOAT_SPECIAL = 1 << 3,
	SIM_PHD_WRONG_UNIT = 1 << 4,
	SIM_PHD_EVENT_BEFORE_CONFIG = 1 << 5,
	SIM_PHD_IGNORE_RLRQ = 1 << 6,
	SIM_PHD_NO_CONFIG_REPORT = 1 << 7,
	SIM_PHD_INVOKE_ID_REUSE = 1 << 8,
	SIM_PHD_LENGTH_MISMATCH = 1 << 9,
	SIM_PHD_WRONG_ABORT_REASON = 1 << 10,
	SIM_PHD_SET_TIME_IGNORED = 1 << 11,
	SIM_PHD_CONFIG_REFUSAL_IGNORED = 1 << 12,
};

/* One object of the agent's extended configuration (a numeric). */
struct sim_phd_obj {
	uint16_t handle;
	uint16_t type_term;  /* partition 2 */
	uint16_t unit;       /* partition 4 term */
	const uint16_t *physio; /* compound members, NULL for a simple value */
	size_t nphysio;
	const double *values;   /* 1 or nphysio values, SFLOAT with 0 decimals */
};

struct sim_phd_dev {
	const char *name;          /* "phd-bp" */
	const char *manufacturer, *model;
	uint16_t profile;          /* MDC_DEV_SPEC_PROFILE_* term */
	uint16_t std_config;       /* its standard configuration id */
	int extended_default;      /* 1: associates with 0x4000 unless --config standard */
	uint16_t encoding;         /* encoding-rules it sends (0x8000, 0xA000) */
	const struct sim_phd_obj *obj;
	size_t nobj;
	uint16_t wrong_unit;       /* the unit WRONG_UNIT puts on obj[0] */
	/* --coupled: the bench file a reference instrument writes (e.g.
	 * "nibp", docs/bench-simulators.md), read through the error model
	 * into the device's values (nref read, the values in object order);
	 * false when there is no reading (dropped, out of range) */
	const char *bench;
	size_t nref;
	bool (*from_bench)(struct errmodel *m, const double *ref, double *values);
};

/* The whole life of the agent; returns the exit status. */
int sim_phd_main(int argc, char **argv, const struct sim_phd_dev *dev);

#endif
