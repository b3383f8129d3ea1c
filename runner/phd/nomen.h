/* SPDX-License-Identifier: MIT */
/*
 * IEEE 11073-10101 nomenclature as the PHD specializations use it
 * (../shared/reference/ieee11073-20601.md §4.3): one table of
 * {partition, term, name, kind}, the combined 32-bit code
 * (partition << 16 | term), and for units their UCUM code and the name
 * base/units.c knows; for metrics their LOINC code (the FHIR mapping the
 * gateway cross-check uses). Pure lookups, no I/O.
 */
#ifndef CARECERT_PHD_NOMEN_H
#define CARECERT_PHD_NOMEN_H

#include <stdint.h>

enum phd_partition {
	PHD_PART_OBJ = 1,
	PHD_PART_SCADA = 2,
	PHD_PART_DIM = 4,
	PHD_PART_INFRA = 8,
	PHD_PART_PHD_DM = 128,
	PHD_PART_PHD_HF = 129,
	PHD_PART_PHD_AI = 130,
	PHD_PART_RET_CODE = 255,
	PHD_PART_EXT_NOM = 256,
};

enum phd_nkind {
	PHD_N_METRIC,  /* partition 2: what a numeric object measures */
	PHD_N_UNIT,    /* partition 4 */
	PHD_N_ATTR,    /* attribute ids (partition 1 terms) */
	PHD_N_NOTI,    /* event types */
	PHD_N_ACTION,  /* action types */
	PHD_N_PROFILE, /* device specialization profiles, partition 8 */
};

struct phd_nomen {
	uint16_t partition;
	uint16_t term;
	const char *name; /* MDC_... */
	enum phd_nkind kind;
	const char *ucum;  /* units: the UCUM code; else NULL */
	const char *unit;  /* units: base/units.c's name; else NULL */
	const char *loinc; /* metrics: the LOINC code FHIR uses; else NULL */
	const char *label; /* a few words for evidence */
};

static inline uint32_t phd_code32(uint16_t partition, uint16_t term)
{
	return (uint32_t)partition << 16 | term;
}

/* The entry of (partition, term) or NULL. Attribute ids, event and action
 * types are looked up with the partition they are used in (1 for
 * attributes and events and actions, as the APDUs carry only the term). */
const struct phd_nomen *phd_nomen_find(uint16_t partition, uint16_t term);
/* By MDC name ("MDC_PRESS_BLD_NONINV_SYS"); NULL when unknown. */
const struct phd_nomen *phd_nomen_by_name(const char *name);
/* Entry i of the table, NULL past the end (for tests and the docs). */
const struct phd_nomen *phd_nomen_at(unsigned i);

/* Attribute ids used by the codec (partition 1 terms) */
enum {
	PHD_ATTR_CONFIRM_TIMEOUT = 2324,
	PHD_ATTR_ID_MODEL = 2344,
	PHD_ATTR_ID_PROD_SPECN = 2349,
	PHD_ATTR_ID_TYPE = 2351,
	PHD_ATTR_MSMT_STAT = 2375,
	PHD_ATTR_NU_VAL_OBS = 2384,
	PHD_ATTR_OP_STAT = 2387,
	PHD_ATTR_POWER_STAT = 2389,
	PHD_ATTR_SYS_ID = 2436,
	PHD_ATTR_SYS_TYPE = 2438,
	PHD_ATTR_TIME_ABS = 2439,
	PHD_ATTR_TIME_BATT_REMAIN = 2440,
	PHD_ATTR_TIME_STAMP_ABS = 2448,
	PHD_ATTR_TIME_STAMP_REL = 2449,
	PHD_ATTR_UNIT_CODE = 2454,
	PHD_ATTR_VAL_BATT_CHARGE = 2460,
	PHD_ATTR_DEV_CONFIG_ID = 2628,
	PHD_ATTR_MDS_TIME_INFO = 2629,
	PHD_ATTR_METRIC_SPEC_SMALL = 2630,
	PHD_ATTR_SOURCE_HANDLE_REF = 2631,
	PHD_ATTR_REG_CERT_DATA_LIST = 2635,
	PHD_ATTR_NU_VAL_OBS_BASIC = 2636,
	PHD_ATTR_ATTRIBUTE_VAL_MAP = 2645,
	PHD_ATTR_NU_VAL_OBS_SIMP = 2646,
	PHD_ATTR_SYS_TYPE_SPEC_LIST = 2650,
	PHD_ATTR_SUPPLEMENTAL_TYPES = 2657,
	PHD_ATTR_METRIC_STRUCT_SMALL = 2675,
	PHD_ATTR_NU_CMPD_VAL_OBS_SIMP = 2676,
	PHD_ATTR_NU_CMPD_VAL_OBS_BASIC = 2677,
	PHD_ATTR_ID_PHYSIO_LIST = 2678,
};

/* Event and action types */
enum {
	PHD_NOTI_CONFIG = 3356,
	PHD_NOTI_SCAN_FIXED = 3357,
	PHD_NOTI_SCAN_VAR = 3358,
	PHD_NOTI_SCAN_MP_FIXED = 3359,
	PHD_NOTI_SCAN_MP_VAR = 3360,
	PHD_NOTI_SEGMENT_DATA = 3361,
	PHD_ACT_SET_TIME = 3095,
};

#define PHD_MOC_VMO_METRIC_NU 6

#endif
