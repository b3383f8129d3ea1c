/* SPDX-License-Identifier: MIT */
#include "phd/nomen.h"

#include <string.h>

/* ../shared/reference/ieee11073-20601.md §4.3 (ANT nomenclature.h, UAAL
 * NomenclatureCodes; the 32-bit codes marked there against HL7 OBX use).
 * LOINC codes as FHIR vital signs publish them (http/fhir.c's table);
 * UCUM units; `unit` is the symbol base/units.c converts, NULL when it
 * has none (the value is then compared in its own unit only). */
#define M(t, n, loinc, l) {PHD_PART_SCADA, t, n, PHD_N_METRIC, NULL, NULL, loinc, l}
#define U(t, n, ucum, unit, l) {PHD_PART_DIM, t, n, PHD_N_UNIT, ucum, unit, NULL, l}
#define A(t, n, l) {PHD_PART_OBJ, t, n, PHD_N_ATTR, NULL, NULL, NULL, l}
#define N(t, n, l) {PHD_PART_OBJ, t, n, PHD_N_NOTI, NULL, NULL, NULL, l}
#define P(t, n, l) {PHD_PART_INFRA, t, n, PHD_N_PROFILE, NULL, NULL, NULL, l}

static const struct phd_nomen table[] = {
	M(18948, "MDC_PRESS_BLD_NONINV", "85354-9", "blood pressure"),
	M(18949, "MDC_PRESS_BLD_NONINV_SYS", "8480-6", "systolic"),
	M(18950, "MDC_PRESS_BLD_NONINV_DIA", "8462-4", "diastolic"),
	M(18951, "MDC_PRESS_BLD_NONINV_MEAN", "8478-0", "mean arterial pressure"),
	M(18474, "MDC_PULS_RATE_NON_INV", "8867-4", "pulse rate"),
	M(29112, "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", "2339-0", "glucose, capillary whole blood"),
	M(29116, "MDC_CONC_GLU_CAPILLARY_PLASMA", "2339-0", "glucose, capillary plasma"),
	M(28948, "MDC_CONC_GLU_GEN", "2339-0", "glucose"),
	M(19384, "MDC_PULS_OXIM_SAT_O2", "59408-5", "SpO2"),
	M(18458, "MDC_PULS_OXIM_PULS_RATE", "8867-4", "pulse rate (oximeter)"),
	M(19292, "MDC_TEMP_BODY", "8310-5", "body temperature"),
	M(57352, "MDC_TEMP_ORAL", "8310-5", "oral temperature"),
	M(57356, "MDC_TEMP_EAR", "8310-5", "ear temperature"),
	M(57348, "MDC_TEMP_RECT", "8310-5", "rectal temperature"),
	M(19320, "MDC_TEMP_TYMP", "8310-5", "tympanic temperature"),
	M(57360, "MDC_TEMP_FINGER", "8310-5", "finger temperature"),
	M(57376, "MDC_TEMP_TOE", "8310-5", "toe temperature"),
	M(57380, "MDC_TEMP_AXILLA", "8310-5", "axillary temperature"),
	M(57384, "MDC_TEMP_GIT", "8310-5", "GI tract temperature"),
	M(57664, "MDC_MASS_BODY_ACTUAL", "29463-7", "body weight"),
	M(57668, "MDC_LEN_BODY_ACTUAL", "8302-2", "body height"),
	M(57680, "MDC_RATIO_MASS_BODY_LEN_SQ", "39156-5", "BMI"),
	M(19508, "MDC_MODALITY_FAST", NULL, "modality fast"),
	M(19512, "MDC_MODALITY_SLOW", NULL, "modality slow"),
	M(19516, "MDC_MODALITY_SPOT", NULL, "modality spot"),

	U(3872, "MDC_DIM_MMHG", "mm[Hg]", "mmHg", "mmHg"),
	U(3843, "MDC_DIM_KILO_PASCAL", "kPa", "kPa", "kPa"),
	U(2720, "MDC_DIM_BEAT_PER_MIN", "/min", "bpm", "bpm"),
	U(2130, "MDC_DIM_MILLI_G_PER_DL", "mg/dL", "mg/dL", "mg/dL"),
	U(4722, "MDC_DIM_MILLI_MOLE_PER_L", "mmol/L", "mmol/L", "mmol/L"),
	U(544, "MDC_DIM_PERCENT", "%", "%", "%"),
	U(6048, "MDC_DIM_DEGC", "Cel", "Cel", "degC"),
	U(4416, "MDC_DIM_FAHR", "[degF]", "degF", "degF"),
	U(1731, "MDC_DIM_KILO_G", "kg", NULL, "kg"),
	U(1760, "MDC_DIM_LB", "[lb_av]", NULL, "lb"),
	U(1297, "MDC_DIM_CENTI_M", "cm", NULL, "cm"),
	U(1376, "MDC_DIM_INCH", "[in_i]", NULL, "in"),
	U(1952, "MDC_DIM_KG_PER_M_SQ", "kg/m2", NULL, "kg/m2"),
	U(512, "MDC_DIM_DIMLESS", "1", NULL, "dimensionless"),

	A(2324, "MDC_ATTR_CONFIRM_TIMEOUT", "Confirm-Timeout"),
	A(2344, "MDC_ATTR_ID_MODEL", "System-Model"),
	A(2349, "MDC_ATTR_ID_PROD_SPECN", "Production-Specification"),
	A(2351, "MDC_ATTR_ID_TYPE", "Type"),
	A(2375, "MDC_ATTR_MSMT_STAT", "Measurement-Status"),
	A(2384, "MDC_ATTR_NU_VAL_OBS", "Nu-Observed-Value"),
	A(2387, "MDC_ATTR_OP_STAT", "Operational-State"),
	A(2389, "MDC_ATTR_POWER_STAT", "Power-Status"),
	A(2436, "MDC_ATTR_SYS_ID", "System-Id"),
	A(2438, "MDC_ATTR_SYS_TYPE", "System-Type"),
	A(2439, "MDC_ATTR_TIME_ABS", "Date-and-Time"),
	A(2440, "MDC_ATTR_TIME_BATT_REMAIN", "Remaining-Battery-Time"),
	A(2448, "MDC_ATTR_TIME_STAMP_ABS", "Absolute-Time-Stamp"),
	A(2449, "MDC_ATTR_TIME_STAMP_REL", "Relative-Time-Stamp"),
	A(2454, "MDC_ATTR_UNIT_CODE", "Unit-Code"),
	A(2460, "MDC_ATTR_VAL_BATT_CHARGE", "Battery-Level"),
	A(2628, "MDC_ATTR_DEV_CONFIG_ID", "Dev-Configuration-Id"),
	A(2629, "MDC_ATTR_MDS_TIME_INFO", "Mds-Time-Info"),
	A(2630, "MDC_ATTR_METRIC_SPEC_SMALL", "Metric-Spec-Small"),
	A(2631, "MDC_ATTR_SOURCE_HANDLE_REF", "Source-Handle-Reference"),
	A(2635, "MDC_ATTR_REG_CERT_DATA_LIST", "Reg-Cert-Data-List"),
	A(2636, "MDC_ATTR_NU_VAL_OBS_BASIC", "Basic-Nu-Observed-Value"),
	A(2645, "MDC_ATTR_ATTRIBUTE_VAL_MAP", "Attribute-Value-Map"),
	A(2646, "MDC_ATTR_NU_VAL_OBS_SIMP", "Simple-Nu-Observed-Value"),
	A(2650, "MDC_ATTR_SYS_TYPE_SPEC_LIST", "System-Type-Spec-List"),
	A(2657, "MDC_ATTR_SUPPLEMENTAL_TYPES", "Supplemental-Types"),
	A(2675, "MDC_ATTR_METRIC_STRUCT_SMALL", "Metric-Structure-Small"),
	A(2676, "MDC_ATTR_NU_CMPD_VAL_OBS_SIMP", "Simple-Compound-Nu-Observed-Value"),
	A(2677, "MDC_ATTR_NU_CMPD_VAL_OBS_BASIC", "Basic-Compound-Nu-Observed-Value"),
	A(2678, "MDC_ATTR_ID_PHYSIO_LIST", "Metric-Id-List"),

	N(3356, "MDC_NOTI_CONFIG", "configuration report"),
	N(3357, "MDC_NOTI_SCAN_REPORT_FIXED", "fixed scan report"),
	N(3358, "MDC_NOTI_SCAN_REPORT_VAR", "variable scan report"),
	N(3359, "MDC_NOTI_SCAN_REPORT_MP_FIXED", "multi-person fixed scan report"),
	N(3360, "MDC_NOTI_SCAN_REPORT_MP_VAR", "multi-person variable scan report"),
	N(3361, "MDC_NOTI_SEGMENT_DATA", "segment data"),
	{PHD_PART_OBJ, 3095, "MDC_ACT_SET_TIME", PHD_N_ACTION, NULL, NULL, NULL, "set time"},
	{PHD_PART_OBJ, 3099, "MDC_ACT_DATA_REQUEST", PHD_N_ACTION, NULL, NULL, NULL, "data request"},

	P(4100, "MDC_DEV_SPEC_PROFILE_PULS_OXIM", "10404 pulse oximeter"),
	P(4103, "MDC_DEV_SPEC_PROFILE_BP", "10407 blood pressure"),
	P(4104, "MDC_DEV_SPEC_PROFILE_TEMP", "10408 thermometer"),
	P(4111, "MDC_DEV_SPEC_PROFILE_SCALE", "10415 weighing scale"),
	P(4113, "MDC_DEV_SPEC_PROFILE_GLUCOSE", "10417 glucose"),
};

const struct phd_nomen *phd_nomen_find(uint16_t partition, uint16_t term)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].partition == partition && table[i].term == term)
			return &table[i];
	return NULL;
}

const struct phd_nomen *phd_nomen_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

const struct phd_nomen *phd_nomen_at(unsigned i)
{
	return i < sizeof(table) / sizeof(table[0]) ? &table[i] : NULL;
}
