/* SPDX-License-Identifier: MIT */
/*
 * The health-device characteristics as tables (format: gatt-codec.h).
 * Field layouts from the Bluetooth SIG GATT specifications as summarised in
 * ../shared/reference/gatt-health.md; each block names its service.
 */
#include "gatt-codec.h"

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
	{ .name = "diastolic", .type = GT_SFLOAT, .specials_ok = true },
	{ .name = "mean_arterial_pressure", .type = GT_SFLOAT, .specials_ok = true },
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
	{ .name = "rr_intervals", .type = GT_U16_LIST, .if_set = 0x10, .unit = "1/1024 s" },
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
	{ 0x2A35, "Blood Pressure Measurement", 1, 0xE0, bp_measurement, N(bp_measurement) },
	{ 0x2A36, "Intermediate Cuff Pressure", 1, 0xE0, bp_cuff, N(bp_cuff) },
	{ 0x2A49, "Blood Pressure Feature", 0, 0, bp_feature, N(bp_feature) },
	{ 0x2A18, "Glucose Measurement", 1, 0xE0, glucose_measurement, N(glucose_measurement) },
	{ 0x2A51, "Glucose Feature", 0, 0, glucose_feature, N(glucose_feature) },
	{ 0x2A5E, "PLX Spot-check Measurement", 1, 0xE0, plx_spot, N(plx_spot) },
	{ 0x2A5F, "PLX Continuous Measurement", 1, 0xE0, plx_continuous, N(plx_continuous) },
	{ 0x2A60, "PLX Features", 2, 0xFF00, plx_features, N(plx_features) },
	{ 0x2A37, "Heart Rate Measurement", 1, 0xE0, hr_measurement, N(hr_measurement) },
	{ 0x2A38, "Body Sensor Location", 0, 0, hr_location, N(hr_location) },
	{ 0x2A1C, "Temperature Measurement", 1, 0xF8, ht_measurement, N(ht_measurement) },
	{ 0x2A1D, "Temperature Type", 0, 0, ht_type, N(ht_type) },
	{ 0x2A1E, "Intermediate Temperature", 1, 0xF8, ht_measurement, N(ht_measurement) },
	{ 0x2A21, "Measurement Interval", 0, 0, ht_interval, N(ht_interval) },
	{ 0x2A29, "Manufacturer Name String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A24, "Model Number String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A25, "Serial Number String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A27, "Hardware Revision String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A26, "Firmware Revision String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A28, "Software Revision String", 0, 0, dis_string, N(dis_string) },
	{ 0x2A2B, "Current Time", 0, 0, current_time, N(current_time) },
};

static const struct gname services[] = {
	{ 0x1810, "Blood Pressure" }, { 0x1808, "Glucose" },
	{ 0x1822, "Pulse Oximeter" }, { 0x180D, "Heart Rate" },
	{ 0x1809, "Health Thermometer" }, { 0x180A, "Device Information" },
	{ 0x1805, "Current Time" }, { 0x2A52, "Record Access Control Point" },
	{ 0x2A34, "Glucose Measurement Context" }, { 0x2A39, "Heart Rate Control Point" },
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
