/* SPDX-License-Identifier: MIT */
/*
 * The health-device characteristics as tables (format: gatt-codec.h).
 * Field layouts from the Bluetooth SIG GATT specifications as summarised in
 * ../shared/reference/gatt-health.md; each block names its service.
 */
#include "ble/gatt-codec.h"

#include <stddef.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Blood Pressure 0x1810 ---- */

static const struct gfield bp_measurement[] = {
	/* flags b0 units: 0 mmHg, 1 kPa */
	{ .name = "systolic", .type = GT_SFLOAT, .unit = "mmHg", .unit_alt = "kPa", .unit_flag = 0x01 },
	{ .name = "diastolic", .type = GT_SFLOAT, .unit = "mmHg", .unit_alt = "kPa", .unit_flag = 0x01 },
	{ .name = "mean_arterial_pressure", .type = GT_SFLOAT, .unit = "mmHg", .unit_alt = "kPa",
	  .unit_flag = 0x01 },
	{ .name = "time_stamp", .type = GT_DATETIME, .if_set = 0x02 },
	{ .name = "pulse_rate", .type = GT_SFLOAT, .if_set = 0x04, .unit = "bpm" },
	{ .name = "user_id", .type = GT_U8, .if_set = 0x08 },
	/* b0 body movement, b1 cuff loose, b2 irregular pulse, b3-4 pulse
	 * rate range, b5 improper position; b6-15 reserved */
	{ .name = "measurement_status", .type = GT_U16, .if_set = 0x10, .reserved = 0xFFC0 },
};

/* Intermediate Cuff Pressure: same layout; diastolic and MAP unused (NaN) */
static const struct gfield bp_cuff[] = {
	{ .name = "cuff_pressure", .type = GT_SFLOAT, .unit = "mmHg", .unit_alt = "kPa", .unit_flag = 0x01 },
	{ .name = "diastolic", .type = GT_SFLOAT, .specials_ok = true, .nan_required = true },
	{ .name = "mean_arterial_pressure", .type = GT_SFLOAT, .specials_ok = true,
	  .nan_required = true },
	{ .name = "time_stamp", .type = GT_DATETIME, .if_set = 0x02 },
	{ .name = "pulse_rate", .type = GT_SFLOAT, .if_set = 0x04, .unit = "bpm", .specials_ok = true },
	{ .name = "user_id", .type = GT_U8, .if_set = 0x08 },
	{ .name = "measurement_status", .type = GT_U16, .if_set = 0x10, .reserved = 0xFFC0 },
};

static const struct gfield bp_feature[] = {
	/* b0 body movement, b1 cuff fit, b2 irregular pulse, b3 pulse rate
	 * range, b4 measurement position, b5 multiple bonds detection */
	{ .name = "features", .type = GT_U16, .reserved = 0xFFC0 },
};

/* ---- Glucose 0x1808 ---- */

static const struct gname glucose_types[] = {
	{ 1, "capillary whole blood" }, { 2, "capillary plasma" },
	{ 3, "venous whole blood" }, { 4, "venous plasma" },
	{ 5, "arterial whole blood" }, { 6, "arterial plasma" },
	{ 7, "undetermined whole blood" }, { 8, "undetermined plasma" },
	{ 9, "interstitial fluid" }, { 10, "control solution" }, { 0, NULL },
};

static const struct gname glucose_locations[] = {
	{ 1, "finger" }, { 2, "alternate site test" }, { 3, "earlobe" },
	{ 4, "control solution" }, { 15, "not available" }, { 0, NULL },
};

static const struct gfield glucose_measurement[] = {
	{ .name = "sequence_number", .type = GT_U16 },
	{ .name = "base_time", .type = GT_DATETIME },
	{ .name = "time_offset", .type = GT_S16, .if_set = 0x01, .unit = "min" },
	/* b2 units: 0 kg/L, 1 mol/L */
	{ .name = "concentration", .type = GT_SFLOAT, .if_set = 0x02, .unit = "kg/L",
	  .unit_alt = "mol/L", .unit_flag = 0x04 },
	{ .name = "type", .type = GT_NIBBLES, .if_set = 0x02, .names = glucose_types,
	  .names_strict = true, .name2 = "sample_location", .names2 = glucose_locations },
	/* b0..b11 annunciations; b12-15 reserved */
	{ .name = "sensor_status", .type = GT_U16, .if_set = 0x08, .reserved = 0xF000 },
};

static const struct gname meals[] = {
	{ 1, "preprandial" }, { 2, "postprandial" }, { 3, "fasting" },
	{ 4, "casual" }, { 5, "bedtime" }, { 0, NULL },
};

static const struct gname testers[] = {
	{ 1, "self" }, { 2, "health care professional" }, { 3, "lab test" },
	{ 15, "not available" }, { 0, NULL },
};

static const struct gname healths[] = {
	{ 1, "minor health issues" }, { 2, "major health issues" },
	{ 3, "during menses" }, { 4, "under stress" }, { 5, "no health issues" },
	{ 15, "not available" }, { 0, NULL },
};

/* Tester low nibble, health high nibble as Nordic's library reads it;
 * Wireshark reads the nibbles the other way round (gatt-health.md). */
static const struct gfield glucose_context[] = {
	{ .name = "sequence_number", .type = GT_U16 },
	{ .name = "extended_flags", .type = GT_U8, .if_set = 0x80, .reserved = 0xFF },
	{ .name = "carbohydrate_id", .type = GT_U8, .if_set = 0x01, .has_range = true, .min = 1,
	  .max = 7 },
	{ .name = "carbohydrate", .type = GT_SFLOAT, .if_set = 0x01, .unit = "kg" },
	{ .name = "meal", .type = GT_U8, .if_set = 0x02, .names = meals, .names_strict = true },
	{ .name = "tester", .type = GT_NIBBLES, .if_set = 0x04, .names = testers,
	  .names_strict = true, .name2 = "health", .names2 = healths },
	{ .name = "exercise_duration", .type = GT_U16, .if_set = 0x08, .unit = "s" },
	{ .name = "exercise_intensity", .type = GT_U8, .if_set = 0x08, .unit = "%",
	  .has_range = true, .min = 0, .max = 100 },
	{ .name = "medication_id", .type = GT_U8, .if_set = 0x10, .has_range = true, .min = 1,
	  .max = 5 },
	/* b5: medication in kg (0) or L (1) */
	{ .name = "medication", .type = GT_SFLOAT, .if_set = 0x10, .unit = "kg", .unit_alt = "L",
	  .unit_flag = 0x20 },
	{ .name = "hba1c", .type = GT_SFLOAT, .if_set = 0x40, .unit = "%" },
};

/* Record Access Control Point 0x2A52, shared by Glucose and PLX: op code,
 * operator, then an operand that depends on both. */
#define RACP_OP(k) (1u << (k))

static const struct gname racp_opcodes[] = {
	{ 1, "report stored records" }, { 2, "delete stored records" },
	{ 3, "abort operation" }, { 4, "report number of stored records" },
	{ 5, "number of stored records response" }, { 6, "response code" },
	{ 0, NULL },
};

static const struct gname racp_operators[] = {
	{ 0, "null" }, { 1, "all records" }, { 2, "less than or equal to" },
	{ 3, "greater than or equal to" }, { 4, "within range of" },
	{ 5, "first record" }, { 6, "last record" }, { 0, NULL },
};

static const struct gname racp_responses[] = {
	{ 1, "success" }, { 2, "op code not supported" }, { 3, "invalid operator" },
	{ 4, "operator not supported" }, { 5, "invalid operand" },
	{ 6, "no records found" }, { 7, "abort unsuccessful" },
	{ 8, "procedure not completed" }, { 9, "operand not supported" },
	{ 0, NULL },
};

static const struct gfield racp[] = {
	/* requests are decoded leniently (a device must answer bad ones);
	 * responses strictly */
	{ .name = "operator", .type = GT_U8, .if_ops = 0x7E, .names = racp_operators },
	{ .name = "operand", .type = GT_HEX, .if_ops = RACP_OP(1) | RACP_OP(2) | RACP_OP(3) | RACP_OP(4) },
	{ .name = "count", .type = GT_U16, .if_ops = RACP_OP(5) },
	{ .name = "request_opcode", .type = GT_U8, .if_ops = RACP_OP(6), .names = racp_opcodes },
	{ .name = "response_code", .type = GT_U8, .if_ops = RACP_OP(6), .names = racp_responses,
	  .names_strict = true },
};

static const struct gfield glucose_feature[] = {
	{ .name = "features", .type = GT_U16, .reserved = 0xF800 },
};

/* ---- Pulse Oximeter 0x1822 ---- */

static const struct gfield plx_spot[] = {
	{ .name = "spo2", .type = GT_SFLOAT, .unit = "%", .has_range = true, .min = 0, .max = 100 },
	{ .name = "pulse_rate", .type = GT_SFLOAT, .unit = "bpm" },
	{ .name = "time_stamp", .type = GT_DATETIME, .if_set = 0x01 },
	/* b0-4 reserved; b5.. as in the specification */
	{ .name = "measurement_status", .type = GT_U16, .if_set = 0x02, .reserved = 0x001F },
	{ .name = "device_sensor_status", .type = GT_U24, .if_set = 0x04, .reserved = 0xFF0000 },
	{ .name = "pulse_amplitude_index", .type = GT_SFLOAT, .if_set = 0x08, .unit = "%" },
};

static const struct gfield plx_continuous[] = {
	{ .name = "spo2", .type = GT_SFLOAT, .unit = "%", .has_range = true, .min = 0, .max = 100 },
	{ .name = "pulse_rate", .type = GT_SFLOAT, .unit = "bpm" },
	{ .name = "spo2_fast", .type = GT_SFLOAT, .if_set = 0x01, .unit = "%" },
	{ .name = "pulse_rate_fast", .type = GT_SFLOAT, .if_set = 0x01, .unit = "bpm" },
	{ .name = "spo2_slow", .type = GT_SFLOAT, .if_set = 0x02, .unit = "%" },
	{ .name = "pulse_rate_slow", .type = GT_SFLOAT, .if_set = 0x02, .unit = "bpm" },
	{ .name = "measurement_status", .type = GT_U16, .if_set = 0x04, .reserved = 0x001F },
	{ .name = "device_sensor_status", .type = GT_U24, .if_set = 0x08, .reserved = 0xFF0000 },
	{ .name = "pulse_amplitude_index", .type = GT_SFLOAT, .if_set = 0x10, .unit = "%" },
};

/* PLX Features: the u16 feature bits act as the flags of what follows */
static const struct gfield plx_features[] = {
	{ .name = "measurement_status_support", .type = GT_U16, .if_set = 0x0001, .reserved = 0x001F },
	{ .name = "device_sensor_status_support", .type = GT_U24, .if_set = 0x0002,
	  .reserved = 0xFF0000 },
};

/* ---- Heart Rate 0x180D ---- */

static const struct gfield hr_measurement[] = {
	/* b0: heart rate as u8 (0) or u16 (1) */
	{ .name = "heart_rate", .type = GT_U8, .if_clear = 0x01, .unit = "bpm" },
	{ .name = "heart_rate", .type = GT_U16, .if_set = 0x01, .unit = "bpm" },
	{ .name = "energy_expended", .type = GT_U16, .if_set = 0x08, .unit = "kJ" },
	/* an RR interval is a time between beats: never 0 */
	{ .name = "rr_intervals", .type = GT_U16_LIST, .if_set = 0x10, .unit = "1/1024 s",
	  .has_range = true, .min = 1, .max = 65535 },
};

static const struct gname body_locations[] = {
	{ 0, "other" }, { 1, "chest" }, { 2, "wrist" }, { 3, "finger" },
	{ 4, "hand" }, { 5, "ear lobe" }, { 6, "foot" }, { 0, NULL },
};

static const struct gfield hr_location[] = {
	{ .name = "body_sensor_location", .type = GT_U8, .names = body_locations,
	  .names_strict = true },
};

/* ---- Health Thermometer 0x1809 ---- */

static const struct gname temperature_types[] = {
	{ 1, "armpit" }, { 2, "body (general)" }, { 3, "ear" }, { 4, "finger" },
	{ 5, "gastro-intestinal tract" }, { 6, "mouth" }, { 7, "rectum" },
	{ 8, "toe" }, { 9, "tympanum" }, { 0, NULL },
};

static const struct gfield ht_measurement[] = {
	/* b0 units: 0 Celsius, 1 Fahrenheit */
	{ .name = "temperature", .type = GT_FLOAT, .unit = "Cel", .unit_alt = "degF", .unit_flag = 0x01 },
	{ .name = "time_stamp", .type = GT_DATETIME, .if_set = 0x02 },
	{ .name = "temperature_type", .type = GT_U8, .if_set = 0x04, .names = temperature_types,
	  .names_strict = true },
};

static const struct gfield ht_type[] = {
	{ .name = "temperature_type", .type = GT_U8, .names = temperature_types, .names_strict = true },
};

static const struct gfield ht_interval[] = {
	{ .name = "measurement_interval", .type = GT_U16, .unit = "s" },
};

/* ---- Device Information 0x180A, Current Time 0x1805 ---- */

static const struct gfield dis_string[] = {
	{ .name = "text", .type = GT_UTF8 },
};

static const struct gname weekdays[] = {
	{ 0, "unknown" }, { 1, "Monday" }, { 2, "Tuesday" }, { 3, "Wednesday" },
	{ 4, "Thursday" }, { 5, "Friday" }, { 6, "Saturday" }, { 7, "Sunday" },
	{ 0, NULL },
};

static const struct gfield current_time[] = {
	{ .name = "date_time", .type = GT_DATETIME },
	{ .name = "day_of_week", .type = GT_U8, .names = weekdays, .names_strict = true },
	{ .name = "fractions256", .type = GT_U8 },
	/* b0 manual, b1 reference time, b2 time zone, b3 DST changed */
	{ .name = "adjust_reason", .type = GT_U8, .reserved = 0xF0 },
};

static const struct gchar chars[] = {
	{ .uuid = 0x2A35, .name = "Blood Pressure Measurement", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = bp_measurement, .nfields = N(bp_measurement) },
	{ .uuid = 0x2A36, .name = "Intermediate Cuff Pressure", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = bp_cuff, .nfields = N(bp_cuff) },
	{ .uuid = 0x2A49, .name = "Blood Pressure Feature", .flags_size = 0, .flags_reserved = 0,
	  .fields = bp_feature, .nfields = N(bp_feature) },
	{ .uuid = 0x2A18, .name = "Glucose Measurement", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = glucose_measurement, .nfields = N(glucose_measurement),
	  .context_uuid = 0x2A34, .context_flag = 0x10 /* b4 context follows */ },
	{ .uuid = 0x2A51, .name = "Glucose Feature", .flags_size = 0, .flags_reserved = 0,
	  .fields = glucose_feature, .nfields = N(glucose_feature) },
	{ .uuid = 0x2A34, .name = "Glucose Measurement Context", .flags_size = 1, .flags_reserved = 0,
	  .fields = glucose_context, .nfields = N(glucose_context) },
	{ .uuid = 0x2A52, .name = "Record Access Control Point", .flags_size = 1, .flags_reserved = 0,
	  .fields = racp, .nfields = N(racp), .ops = racp_opcodes, .op_name = "opcode" },
	{ .uuid = 0x2A5E, .name = "PLX Spot-check Measurement", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = plx_spot, .nfields = N(plx_spot) },
	{ .uuid = 0x2A5F, .name = "PLX Continuous Measurement", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = plx_continuous, .nfields = N(plx_continuous) },
	{ .uuid = 0x2A60, .name = "PLX Features", .flags_size = 2, .flags_reserved = 0xFF00,
	  .fields = plx_features, .nfields = N(plx_features) },
	{ .uuid = 0x2A37, .name = "Heart Rate Measurement", .flags_size = 1, .flags_reserved = 0xE0,
	  .fields = hr_measurement, .nfields = N(hr_measurement) },
	{ .uuid = 0x2A38, .name = "Body Sensor Location", .flags_size = 0, .flags_reserved = 0,
	  .fields = hr_location, .nfields = N(hr_location) },
	{ .uuid = 0x2A1C, .name = "Temperature Measurement", .flags_size = 1, .flags_reserved = 0xF8,
	  .fields = ht_measurement, .nfields = N(ht_measurement) },
	{ .uuid = 0x2A1D, .name = "Temperature Type", .flags_size = 0, .flags_reserved = 0,
	  .fields = ht_type, .nfields = N(ht_type) },
	{ .uuid = 0x2A1E, .name = "Intermediate Temperature", .flags_size = 1, .flags_reserved = 0xF8,
	  .fields = ht_measurement, .nfields = N(ht_measurement) },
	{ .uuid = 0x2A21, .name = "Measurement Interval", .flags_size = 0, .flags_reserved = 0,
	  .fields = ht_interval, .nfields = N(ht_interval) },
	{ .uuid = 0x2A29, .name = "Manufacturer Name String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A24, .name = "Model Number String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A25, .name = "Serial Number String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A27, .name = "Hardware Revision String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A26, .name = "Firmware Revision String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A28, .name = "Software Revision String", .flags_size = 0, .flags_reserved = 0,
	  .fields = dis_string, .nfields = N(dis_string) },
	{ .uuid = 0x2A2B, .name = "Current Time", .flags_size = 0, .flags_reserved = 0,
	  .fields = current_time, .nfields = N(current_time) },
};

static const struct gname services[] = {
	{ 0x1810, "Blood Pressure" }, { 0x1808, "Glucose" },
	{ 0x1822, "Pulse Oximeter" }, { 0x180D, "Heart Rate" },
	{ 0x1809, "Health Thermometer" }, { 0x180A, "Device Information" },
	{ 0x1805, "Current Time" }, { 0x2A39, "Heart Rate Control Point" },
	{ 0x2902, "Client Characteristic Configuration" }, { 0, NULL },
};

const struct gchar *gatt_char_find(uint16_t uuid)
{
	for (size_t i = 0; i < N(chars); i++)
		if (chars[i].uuid == uuid)
			return &chars[i];
	return NULL;
}

const char *gatt_uuid_name(uint16_t uuid)
{
	const struct gchar *c = gatt_char_find(uuid);

	if (c)
		return c->name;
	for (size_t i = 0; services[i].name; i++)
		if (services[i].value == uuid)
			return services[i].name;
	return NULL;
}
