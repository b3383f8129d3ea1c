/* SPDX-License-Identifier: MIT */
/*
 * The agent's domain information model as the manager sees it
 * (../shared/reference/ieee11073-20601.md §3-4): configuration reports
 * (MDC_NOTI_CONFIG) decoded into objects, the standard configurations of
 * 10404/10407/10408/10415/10417 and each specialization's mandatory
 * objects, and scan reports (fixed, variable, and their multi-person
 * forms) decoded against a configuration into observations. Every
 * violation is reported into a struct phd_viol, as apdu.c does.
 */
#ifndef CARECERT_PHD_DIM_H
#define CARECERT_PHD_DIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ble/mder.h"
#include "phd/apdu.h"

#define PHD_MAX_OBJ 16
#define PHD_MAX_MAP 8
#define PHD_MAX_PHYSIO 8
#define PHD_MAX_OBS 64

struct phd_obj {
	uint16_t klass; /* MDC_MOC_*: 6 numeric */
	uint16_t handle;
	uint16_t type_part, type_term; /* Type; 0/0 when absent */
	uint16_t unit;                 /* Unit-Code term; 0 when absent */
	uint16_t metric_spec;
	uint8_t ms_struct, ms_comp_no; /* Metric-Structure-Small */
	uint16_t physio[PHD_MAX_PHYSIO];
	size_t nphysio;
	struct phd_map { uint16_t id, len; } map[PHD_MAX_MAP];
	size_t nmap;
};

struct phd_config {
	uint16_t id;
	struct phd_obj obj[PHD_MAX_OBJ];
	size_t nobj;
};

/* Decode a ConfigReport (the event-info of MDC_NOTI_CONFIG). CC_OK or
 * CC_EPROTO with findings in v; objects beyond PHD_MAX_OBJ are an error. */
int phd_config_parse(struct phd_blob info, struct phd_config *c,
		     struct phd_viol *v);
/* The object of handle h, or NULL. */
const struct phd_obj *phd_config_obj(const struct phd_config *c, uint16_t h);

/* A device specialization: its standard configurations and the objects
 * an extended configuration must still hold. */
struct phd_spec {
	const char *name;  /* "10407" */
	const char *label; /* "blood pressure" */
	uint16_t profile;  /* MDC_DEV_SPEC_PROFILE_* term */
	const struct phd_config *std[2];
	struct phd_mand {
		uint16_t terms[3];  /* any one of these metrics (partition 2) */
		uint16_t units[3];  /* allowed Unit-Code terms, 0-ended */
	} mand[3];
	size_t nmand;
};

/* By name ("10407"), or NULL. */
const struct phd_spec *phd_spec_find(const char *name);
const struct phd_spec *phd_spec_at(size_t i);
/* The standard configuration of id, of any specialization, or NULL. */
const struct phd_config *phd_std_config(uint16_t id);
/* True when id is one of spec's standard configuration ids. */
bool phd_spec_std_id(const struct phd_spec *s, uint16_t id);

/* Check a configuration against spec: each mandatory metric present with
 * an allowed unit, numeric objects with a Type, a Unit-Code and an
 * Attribute-Value-Map whose entries have the size of their attribute.
 * Findings into v; CC_OK or CC_EPROTO. */
int phd_config_check(const struct phd_config *c, const struct phd_spec *s,
		     struct phd_viol *v);
/* Compare a configuration report claiming a standard id with that
 * standard configuration (same handles, types, units, maps). */
int phd_config_match_std(const struct phd_config *got,
			 const struct phd_config *std, struct phd_viol *v);

/* One observed value: a compound's members are one each. */
struct phd_obs {
	uint16_t handle;
	uint16_t person;    /* 0xFFFF when not a multi-person report */
	uint16_t term;      /* metric term (the physio entry for compounds) */
	uint16_t unit;      /* Unit-Code term */
	struct mder_value val;
	bool has_time;
	struct phd_abstime time;
};

struct phd_scan {
	uint16_t data_req_id;
	uint16_t scan_report_no;
	struct phd_obs obs[PHD_MAX_OBS];
	size_t nobs;
};

/* Decode the event-info of a scan report (event types 0x0D1D-0x0D20)
 * against configuration c. CC_OK or CC_EPROTO with findings (unknown
 * handles, obs-val-data lengths that disagree with the value map,
 * compounds whose count disagrees with the metric list, special values
 * with a non-zero exponent as a warning, invalid time stamps). */
int phd_scan_decode(uint16_t event_type, struct phd_blob info,
		    const struct phd_config *c, struct phd_scan *s,
		    struct phd_viol *v);

/* "118.0" or the special's name, into out. */
void phd_obs_format(const struct phd_obs *o, char *out, size_t outlen);

#endif
