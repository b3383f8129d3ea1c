/* SPDX-License-Identifier: MIT */
/*
 * Integration: the real carecert binary against the real simulators
 * (serial and BLE blood-pressure monitors). Each good profile passes every
 * applicable case; each fault profile fails exactly the cases meant to
 * catch its fault (with the evidence that says why) while every other case
 * still runs and passes. JUnit output validates against the Ant schema
 * from ../shared; the traffic log and btsnoop capture are complete and
 * their hashes are in the record.
 */
#include <check.h>
#include <glob.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/fileio.h"
#include "chrome/browser.h"
#include "chrome/print.h"
#include "report/labels.h"
#include "transport/simproc.h"
#include "testutil.h"
#include "zhwords.h"
#include "transport/transport.h"

#define MAX_HITS 24

struct expectation {
	const char *profile;
	int exit_status;
	const char *verdict;      /* of the cases below */
	const char *cases[MAX_HITS];
	const char *reason;       /* in the first case's reason */
};

#define BLE_MEAS_CASES "BPM-BLE-SD-01", "BPM-BLE-SEC-01", "BPM-BLE-CN-01", \
	"BPM-BLE-CN-02", "BPM-BLE-CN-03", "BPM-BLE-SP-01", "BPM-BLE-TIM-01", \
	"BPM-BLE-TIM-02", "BPM-BLE-CR-02"

#define PHD_BP_ALL "PHD-10407-ASC-01", "PHD-10407-CFG-01", "PHD-10407-CFG-02", "PHD-10407-OPR-01", \
	"PHD-10407-OPR-02", "PHD-10407-OPR-03", "PHD-10407-OPR-04", "PHD-10407-REL-01", \
	"PHD-10407-ILL-01", "PHD-10407-ILL-02", "PHD-10407-ILL-03"
#define PHD_GLU_ALL "PHD-10417-ASC-01", "PHD-10417-CFG-01", "PHD-10417-OPR-01", \
	"PHD-10417-OPR-02", "PHD-10417-OPR-03", "PHD-10417-REL-01", "PHD-10417-ILL-01", \
	"PHD-10417-ILL-02", "PHD-10417-ILL-03"

static const struct expectation table[] = {
	{ "demo-serial-bp", 0, NULL, { NULL }, NULL },
	{ "fault-serial-bp-bad-checksum", 1, "fail", { "BPM-SER-STAT-01" },
	  "checksum mismatch" },
	{ "fault-serial-bp-wrong-length", 1, "fail", { "BPM-SER-REC-02" },
	  "declared length 20" },
	{ "fault-serial-bp-out-of-range", 1, "fail", { "BPM-SER-MEAS-02" },
	  "systolic outside limits" },
	{ "fault-serial-bp-unit-mislabel", 1, "fail", { "BPM-SER-MEAS-02" },
	  "systolic outside limits" },
	{ "fault-serial-bp-missing-reply", 1, "fail",
	  { "BPM-SER-CLK-01", "BPM-SER-CLK-02" }, "no reply" },
	{ "fault-serial-bp-slow-reply", 1, "fail", { "BPM-SER-TIM-01" },
	  "id_response_time outside limits" },
	{ "fault-serial-bp-garbage-bytes", 1, "fail", { "BPM-SER-REC-01" },
	  "stray bytes" },
	{ "fault-serial-bp-disconnect-mid-record", 3, "error",
	  { "BPM-SER-REC-02" }, "disconnected" },
	{ "fault-serial-bp-intermittent", 0, NULL, { NULL }, NULL },
	{ "demo-ble-bp", 0, NULL, { NULL }, NULL },
	{ "fault-ble-bp-flag-length-mismatch", 1, "fail", { "BPM-BLE-CN-01" },
	  "pulse_rate missing" },
	{ "fault-ble-bp-reserved-bit", 1, "fail", { "BPM-BLE-CN-01" },
	  "reserved flag bits set" },
	{ "fault-ble-bp-status-unsupported", 1, "fail", { "BPM-BLE-CR-02" },
	  "${m.measurement_status.bit1} outside limits; observed 1; expected value <= 0" },
	{ "fault-ble-bp-cuff-unused-not-nan", 1, "fail", { "BPM-BLE-SP-01" },
	  "diastolic is 80, must be NaN (the field is unused here)" },
	{ "fault-ble-bp-wrong-special", 1, "fail", { "BPM-BLE-CN-01" },
	  "NRes, a special value not allowed" },
	{ "fault-ble-bp-missing-characteristic", 1, "fail",
	  { "BPM-BLE-SD-01", "BPM-BLE-CR-01", "BPM-BLE-CR-02" }, "0x2A49 (Blood Pressure Feature) absent" },
	/* without its CCCD the measurement cannot be subscribed at all */
	{ "fault-ble-bp-missing-descriptor", 1, "fail", { BLE_MEAS_CASES },
	  "has no Client Characteristic Configuration descriptor" },
	/* a notification whose CCCD is off fails the case it arrives in
	 * (docs/ble.md): every case the stray cuff pressures reach */
	{ "fault-ble-bp-notify-without-cccd", 1, "fail",
	  { "BPM-BLE-CN-03", "BPM-BLE-CN-01", "BPM-BLE-CN-02", "BPM-BLE-TIM-01", "BPM-BLE-TIM-02",
	    "BPM-BLE-CR-02" },
	  "notification of handle 0x0006 sent when it must not be" },
	/* back-to-back indications also break the measurement interval */
	{ "fault-ble-bp-no-confirm-wait", 1, "fail", { "BPM-BLE-CN-02", "BPM-BLE-CN-03", "BPM-BLE-TIM-02" },
	  "indication of handle 0x0003 sent when it must not be" },
	{ "fault-ble-bp-no-encryption", 1, "fail", { "BPM-BLE-SEC-01" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-bp-interval", 1, "fail", { "BPM-BLE-TIM-02" },
	  "measurement_interval outside limits" },
	{ "fault-ble-bp-slow-first", 1, "fail", { "BPM-BLE-TIM-01" },
	  "first_indication_latency outside limits" },
	{ "fault-ble-bp-disconnect", 3, "error", { "BPM-BLE-DIS-01" }, "disconnected" },
	/* the shared GATT server's faults apply to the BP monitor too */
	{ "fault-ble-bp-dis-invalid-utf8", 1, "fail", { "BPM-BLE-DIS-01" },
	  "text is not valid UTF-8: byte 0xC0 at offset 4" },
	{ "fault-ble-bp-error-wrong-opcode", 1, "fail", { "BPM-BLE-SEC-01" },
	  "Error Response names Read Request, the request was Write Request" },
	{ "demo-ble-hr", 0, NULL, { NULL }, NULL },
	/* the missing energy field shifts the RR interval into its place */
	{ "fault-ble-hr-flag-length-mismatch", 1, "fail", { "HRM-BLE-CN-02", "HRM-BLE-SP-01" },
	  "rr_intervals missing" },
	{ "fault-ble-hr-reserved-bit", 1, "fail", { "HRM-BLE-CN-02" }, "reserved flag bits set" },
	{ "fault-ble-hr-rr-zero", 1, "fail", { "HRM-BLE-CN-02" },
	  "rr_intervals item 1 is 0, outside 1..65535" },
	/* a stray notification every 20 ms from the connection on: every
	 * case meets some and fails (docs/ble.md) */
	{ "fault-ble-hr-notify-without-cccd", 1, "fail",
	  { "HRM-BLE-SD-01", "HRM-BLE-SD-02", "HRM-BLE-CR-01", "HRM-BLE-DIS-01", "HRM-BLE-SEC-01",
	    "HRM-BLE-CN-01", "HRM-BLE-CN-02", "HRM-BLE-SP-01", "HRM-BLE-SPE-01", "HRM-BLE-TIM-01",
	    "HRM-BLE-DB-01", "HRM-BLE-ATT-01", "HRM-BLE-CN-03" },
	  "Handle Value Notification of handle 0x0003, before any CCCD was written" },
	{ "fault-ble-hr-control-point-accepts-all", 1, "fail", { "HRM-BLE-SPE-01" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-hr-control-point-wrong-error", 1, "fail", { "HRM-BLE-SPE-01" },
	  "refused with the wrong error" },
	{ "fault-ble-hr-reset-ignored", 1, "fail", { "HRM-BLE-SP-01" },
	  "energy_after_reset outside limits" },
	{ "fault-ble-hr-no-encryption", 1, "fail", { "HRM-BLE-SEC-01" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-hr-interval", 1, "fail", { "HRM-BLE-TIM-01" },
	  "measurement_interval outside limits" },
	{ "fault-ble-hr-missing-characteristic", 1, "fail", { "HRM-BLE-CR-01" },
	  "0x2A38 (Body Sensor Location) not found" },
	/* ATT and GATT-database rules (the GATT server's faults, docs/ble.md) */
	{ "demo-ble-hr-mtu23", 0, NULL, { NULL }, NULL },
	/* a discovery that ends in an error is no discovery: every case */
	{ "fault-ble-hr-char-discovery-error", 1, "fail",
	  { "HRM-BLE-SD-01", "HRM-BLE-SD-02", "HRM-BLE-CR-01", "HRM-BLE-DIS-01", "HRM-BLE-SEC-01",
	    "HRM-BLE-CN-01", "HRM-BLE-CN-02", "HRM-BLE-SP-01", "HRM-BLE-SPE-01", "HRM-BLE-TIM-01",
	    "HRM-BLE-DB-01", "HRM-BLE-ATT-01", "HRM-BLE-CN-03" },
	  "characteristic discovery of service 0x180A: Read By Type Request: Unlikely Error" },
	{ "fault-ble-hr-error-wrong-handle", 1, "fail", { "HRM-BLE-SEC-01", "HRM-BLE-SPE-01" },
	  "to Write Request names handle 0x0005, must name 0x0004" },
	{ "fault-ble-hr-oversized-pdu", 1, "fail", { "HRM-BLE-DIS-01" },
	  "Read Response of 268 bytes exceeds ATT_MTU 247" },
	{ "fault-ble-hr-double-response", 1, "fail", { "HRM-BLE-DIS-01" },
	  "unexpected Read Response with no request outstanding" },
	{ "fault-ble-hr-write-cmd-response", 1, "fail", { "HRM-BLE-ATT-01" },
	  "unexpected Error Response with no request outstanding" },
	{ "fault-ble-hr-find-by-type-range", 1, "fail", { "HRM-BLE-DB-01" },
	  "service 0x180D ends at 0x0007 by Find By Type Value, at 0x0008 by Read By Group Type" },
	{ "fault-ble-hr-hidden-attribute", 1, "fail", { "HRM-BLE-DB-01" },
	  "characteristic 0x2A26 has its value at 0x0011, past its service's end 0x0010" },
	{ "fault-ble-hr-duplicate-cccd", 1, "fail", { "HRM-BLE-DB-01" },
	  "characteristic 0x2A37 has 2 CCCDs (at most one)" },
	{ "fault-ble-hr-cccd-reads-zero", 1, "fail", { "HRM-BLE-CN-03" },
	  "reads back 00 00 after 01 00 was written" },
	/* the record keeps the bytes escaped: still valid JSON and UTF-8 */
	{ "fault-ble-hr-dis-invalid-utf8", 1, "fail", { "HRM-BLE-DIS-01" },
	  "text is not valid UTF-8: byte 0xC0 at offset 4" },
	{ "fault-ble-hr-error-wrong-opcode", 1, "fail", { "HRM-BLE-SEC-01", "HRM-BLE-SPE-01" },
	  "Error Response names Read Request, the request was Write Request" },
	{ "fault-ble-hr-wrong-response", 1, "fail", { "HRM-BLE-DIS-01" },
	  "Read Request answered with Read Blob Response" },
	{ "fault-ble-hr-value-handle-gap", 1, "fail", { "HRM-BLE-DB-01" },
	  "characteristic 0x2A26 declared at 0x0010 has its value at 0x0012 (must be 0x0011)" },
	/* overlapping ranges are refused by discovery itself: every case */
	{ "fault-ble-hr-service-overlap", 1, "fail",
	  { "HRM-BLE-SD-01", "HRM-BLE-SD-02", "HRM-BLE-CR-01", "HRM-BLE-DIS-01", "HRM-BLE-SEC-01",
	    "HRM-BLE-CN-01", "HRM-BLE-CN-02", "HRM-BLE-SP-01", "HRM-BLE-SPE-01", "HRM-BLE-TIM-01",
	    "HRM-BLE-DB-01", "HRM-BLE-ATT-01", "HRM-BLE-CN-03" },
	  "service at 0x0009 lies inside the range of an earlier one (which ends at 0x0009)" },
	/* CN-03 disables in its steps; the cleanups of CN-02, SP-01 and
	 * TIM-01 note theirs (the verdict stands; docs/ble.md) */
	{ "fault-ble-hr-notify-after-disable", 1, "fail", { "HRM-BLE-CN-03" },
	  "Handle Value Notification of handle 0x0003 while its CCCD is 0x0000" },
	/* a procedure the device leaves unanswered fails when the case's
	 * 3 s end; the next case goes on */
	{ "fault-ble-hr-silent-walk", 1, "fail", { "HRM-BLE-DB-01" },
	  "no response to Find Information Request (Find Information walk)" },
	/* bonds (simulated on the simulator's link, docs/ble.md) */
	{ "demo-ble-hr-bonded", 0, NULL, { NULL }, NULL },
	{ "fault-ble-hr-no-service-changed", 1, "fail", { "HRM-BLE-BND-02" },
	  "the database changed since a bonded connection discovered it (service 0x180F at 0x0016-0x0018 is new), and no Service Changed indication said so" },
	{ "fault-ble-hr-bond-cccd-forgotten", 1, "fail", { "HRM-BLE-BND-01" },
	  "reads 00 00 after a bonded reconnect; the bond must keep 01 00" },
	{ "demo-ble-glucose", 0, NULL, { NULL }, NULL },
	{ "fault-ble-glucose-racp-wrong-response", 1, "fail", { "GLS/SEN/SPE/BI-01-C" },
	  "observed 1; expected 2" },
	{ "fault-ble-glucose-operator-unchecked", 1, "fail", { "GLS/SEN/SPE/BI-02-C" },
	  "observed 1; expected 3" },
	{ "fault-ble-glucose-operand-unchecked", 1, "fail", { "GLS/SEN/SPE/BI-05-C" },
	  "observed 6; expected 5" },
	{ "fault-ble-glucose-abort-ignored", 1, "fail", { "GLS/SEN/SPA/BV-01-C" },
	  "sent when it must not be" },
	{ "fault-ble-glucose-no-cccd-check", 1, "fail", { "GLU-BLE-SPE-02" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-glucose-no-busy-check", 1, "fail", { "GLU-BLE-SPE-01" },
	  "accepted; the device must refuse it" },
	/* deleting all leaves a count of one */
	{ "fault-ble-glucose-wrong-count", 1, "fail", { "GLS/SEN/SPR/BV-01-C", "GLS/SEN/SPD/BV-01-C" },
	  "records_reported outside limits" },
	{ "fault-ble-glucose-context-mismatch", 1, "fail", { "GLU-BLE-CTX-01" },
	  "carries sequence number 2, the measurement it follows 1" },
	{ "fault-ble-glucose-status-unsupported", 1, "fail", { "GLU-BLE-CR-02" },
	  "${m.any.sensor_status.bit0} outside limits; observed 1; expected value <= 0" },
	{ "fault-ble-glucose-context-missing", 1, "fail", { "GLU-BLE-CTX-01" },
	  "announces a context, but measurement 4 follows with none between" },
	{ "fault-ble-glucose-flag-length-mismatch", 1, "fail", { "GLS/SEN/SPR/BV-01-C" },
	  "sensor_status missing" },
	{ "fault-ble-glucose-context-unannounced", 1, "fail", { "GLU-BLE-CTX-01" },
	  "follows measurement 2, whose flags announce none (0x10 clear)" },
	{ "fault-ble-glucose-sequence-repeat", 1, "fail", { "GLS/SEN/SPR/BV-01-C" },
	  "sequence_number 2 does not follow 2 (they must increase)" },
	{ "fault-ble-glucose-reserved-bit", 1, "fail", { "GLS/SEN/SPR/BV-01-C" },
	  "sensor_status has reserved bits set" },
	/* every case that reports records loses its link */
	{ "fault-ble-glucose-disconnect", 3, "error",
	  { "GLS/SEN/SPR/BV-01-C", "GLU-BLE-CR-02", "GLU-BLE-SPR-02", "GLU-BLE-SPR-03", "GLU-BLE-CTX-01",
	    "GLU-BLE-SPE-01", "GLU-BLE-SPE-03", "GLU-BLE-TIM-01" },
	  "connection closed" },
	{ "fault-ble-glucose-no-encryption", 1, "fail", { "GLU-BLE-SEC-01" },
	  "accepted; the device must refuse it" },
	/* without its CCCD no RACP procedure can be tested */
	{ "fault-ble-glucose-missing-descriptor", 1, "fail",
	  { "GLU-BLE-SD-01", "GLU-BLE-SEC-01", "GLU-BLE-SPN-01", "GLS/SEN/SPR/BV-01-C", "GLU-BLE-CR-02",
	    "GLU-BLE-SPR-02", "GLU-BLE-SPR-03", "GLU-BLE-CTX-01", "GLS/SEN/SPA/BV-01-C",
	    "GLU-BLE-SPE-01", "GLU-BLE-SPE-02", "GLS/SEN/SPE/BI-01-C", "GLS/SEN/SPE/BI-02-C",
	    "GLS/SEN/SPE/BI-03-C", "GLS/SEN/SPE/BI-04-C", "GLS/SEN/SPE/BI-05-C",
	    "GLS/SEN/SPE/BI-06-C", "GLU-BLE-SPE-03", "GLU-BLE-TIM-01", "GLS/SEN/SPD/BV-01-C" },
	  "0x2A52 (Record Access Control Point) has no Client Characteristic Configuration" },
	{ "fault-ble-glucose-filter-ignored", 1, "fail", { "GLU-BLE-SPR-03", "GLU-BLE-SPE-03" },
	  "observed 5; expected 1" },
	{ "fault-ble-glucose-slow-first", 1, "fail", { "GLS/SEN/SPR/BV-01-C", "GLU-BLE-TIM-01" },
	  "first_record_latency outside limits" },
	{ "demo-ble-thermo", 0, NULL, { NULL }, NULL },
	/* intermediate temperatures share the measurement's format */
	{ "fault-ble-thermo-flag-length-mismatch", 1, "fail", { "HTM-BLE-CN-01", "HTM-BLE-SP-01" },
	  "time_stamp missing" },
	{ "fault-ble-thermo-reserved-bit", 1, "fail", { "HTM-BLE-CN-01", "HTM-BLE-SP-01" },
	  "reserved flag bits set" },
	{ "fault-ble-thermo-wrong-special", 1, "fail", { "HTM-BLE-CN-01" },
	  "temperature is NaN, a special value not allowed here" },
	/* the doubled indications also break the interval */
	{ "fault-ble-thermo-no-confirm-wait", 1, "fail",
	  { "HTM-BLE-CN-02", "HTM-BLE-CN-03", "HTM-BLE-TIM-02" },
	  "indication of handle 0x0003 sent when it must not be" },
	{ "fault-ble-thermo-interval", 1, "fail", { "HTM-BLE-TIM-02" },
	  "measurement_interval_p5 outside limits" },
	{ "fault-ble-thermo-slow-first", 1, "fail", { "HTM-BLE-TIM-01" },
	  "first_indication_latency outside limits" },
	/* the accepted 65535 s interval then stops the measurements */
	{ "fault-ble-thermo-range-unchecked", 1, "fail", { "HTM-BLE-SPE-01", "HTM-BLE-TIM-02" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-thermo-no-encryption", 1, "fail", { "HTM-BLE-SEC-01" },
	  "accepted; the device must refuse it" },
	{ "fault-ble-thermo-missing-characteristic", 1, "fail", { "HTM-BLE-CR-01", "HTM-BLE-CR-02" },
	  "0x2A1D (Temperature Type) not found" },
	{ "fault-ble-thermo-unit-mislabel", 1, "fail", { "HTM-BLE-CN-01" },
	  "temperature outside limits" },
	{ "fault-ble-thermo-type-mismatch", 1, "fail", { "HTM-BLE-CR-02" },
	  "${m.temperature_type} equals; observed 3; expected 6" },
	{ "fault-ble-thermo-notify-without-cccd", 1, "fail",
	  { "HTM-BLE-CN-03", "HTM-BLE-CN-01", "HTM-BLE-CN-02", "HTM-BLE-TIM-01", "HTM-BLE-TIM-02",
	    "HTM-BLE-CR-02" },
	  "notification of handle 0x0008 sent when it must not be" },
	{ "demo-ble-plx", 0, NULL, { NULL }, NULL },
	{ "fault-ble-plx-feature-mismatch", 1, "fail", { "PLX-BLE-CN-03" },
	  "${m.flags.bit4} outside limits" },
	{ "fault-ble-plx-feature-unused", 1, "fail", { "PLX-BLE-CN-03" },
	  "${m.flags.bit0} outside limits; observed 0; expected value >= 1" },
	/* the missing status shifts the PAI into its place */
	{ "fault-ble-plx-flag-length-mismatch", 1, "fail", { "PLX-BLE-CN-03" },
	  "pulse_amplitude_index missing" },
	{ "fault-ble-plx-reserved-bit", 1, "fail", { "PLX-BLE-CN-01" }, "reserved flag bits set" },
	{ "fault-ble-plx-wrong-special", 1, "fail", { "PLX-BLE-CN-01" },
	  "spo2 is NRes, a special value not allowed here" },
	{ "fault-ble-plx-out-of-range", 1, "fail", { "PLX-BLE-CN-01" }, "spo2 104 outside 0..100" },
	/* as the heart-rate strap's: every case */
	{ "fault-ble-plx-notify-without-cccd", 1, "fail",
	  { "PLX-BLE-SD-01", "PLX-BLE-SD-02", "PLX-BLE-SD-03", "PLX-BLE-CR-01", "PLX-BLE-DIS-01",
	    "PLX-BLE-SEC-01", "PLX-BLE-CN-01", "PLX-BLE-CN-02", "PLX-BLE-CN-03", "PLX-BLE-CN-04",
	    "PLX-BLE-TIM-01", "PLX-BLE-TIM-02" },
	  "Handle Value Notification of handle 0x0006, before any CCCD was written" },
	{ "fault-ble-plx-no-confirm-wait", 1, "fail", { "PLX-BLE-CN-02" },
	  "indication of handle 0x0003 sent when it must not be" },
	{ "fault-ble-plx-interval", 1, "fail", { "PLX-BLE-TIM-02" },
	  "measurement_interval_p5 outside limits" },
	{ "fault-ble-plx-slow-first", 1, "fail", { "PLX-BLE-TIM-01" },
	  "first_notification_latency outside limits" },
	{ "fault-ble-plx-no-encryption", 1, "fail", { "PLX-BLE-SEC-01" },
	  "accepted; the device must refuse it" },
	/* PLX Features is mandatory and every agreement check reads it */
	{ "fault-ble-plx-missing-characteristic", 1, "fail",
	  { "PLX-BLE-SD-01", "PLX-BLE-CR-01", "PLX-BLE-CN-01", "PLX-BLE-CN-03" },
	  "0x2A60 (PLX Features) absent" },
	{ "fault-ble-plx-disconnect", 3, "error", { "PLX-BLE-CR-01", "PLX-BLE-CN-01", "PLX-BLE-CN-03" },
	  "connection closed" },
	/* ECG beat detection against ECGSYN (EC57 bxb) */
	{ "demo-serial-ecg", 0, NULL, { NULL }, NULL },
	{ "fault-serial-ecg-miss-beats", 1, "fail", { "ECG-SER-BXB-01" }, "Se 95.14 %" },
	{ "fault-serial-ecg-extra-beats", 1, "fail", { "ECG-SER-BXB-01" }, "+P 95.36 %" },
	{ "fault-serial-ecg-late-beats", 1, "fail", { "ECG-SER-BXB-01" }, "TP 0, FN 144, FP 144" },
	/* ECG monitor heart rate: accuracy at 40-180 bpm, response to rate steps */
	{ "demo-serial-ecg-hr", 0, NULL, { NULL }, NULL },
	{ "fault-serial-ecg-slow-hr-response", 1, "fail", { "ECG-SER-HR-RESP-01", "ECG-SER-HR-RESP-02" },
	  "response time 13.361 s over 10 s" },
	{ "fault-serial-ecg-hr-off8", 1, "fail", { "ECG-SER-HR-ACC-120", "ECG-SER-HR-ACC-180" },
	  "worst 130 against reference 120, allowed +-6" },
	/* GNSS tracker on a GNSS signal simulator: NMEA 0183, ISO/IEC 18305
	 * figures, geofence (a 30 m offset also misplaces the zone and the
	 * fence's alarms: it fails those cases too) */
	{ "demo-gnss-tracker", 0, NULL, { NULL }, NULL },
	{ "fault-gnss-tracker-bad-checksum", 1, "fail", { "POS-GNSS-NMEA-01" },
	  "nmea_findings of track walk" },
	{ "fault-gnss-tracker-offset-30m", 1, "fail",
	  { "POS-GNSS-ACC-01", "POS-GNSS-ZONE-01", "POS-GNSS-GF-01", "POS-GNSS-GF-02" },
	  "observed 30" },
	{ "fault-gnss-tracker-ce95-high", 1, "fail", { "POS-GNSS-ACC-01" }, "ce95 of track walk" },
	{ "fault-gnss-tracker-altitude-bias", 1, "fail", { "POS-GNSS-ACC-02" }, "ve95 of track walk" },
	{ "fault-gnss-tracker-slow-first-fix", 1, "fail", { "POS-GNSS-TTFF-01" }, "observed 40 s" },
	{ "fault-gnss-tracker-dropouts", 1, "fail", { "POS-GNSS-AVAIL-01" },
	  "availability of track walk" },
	{ "fault-gnss-tracker-latency-10s", 1, "fail", { "POS-GNSS-LAT-01" }, "latency95 of track walk" },
	{ "fault-gnss-tracker-freeze", 1, "fail", { "POS-GNSS-STALE-01" }, "observed 15 over 15 epochs" },
	{ "fault-gnss-tracker-geofence-late", 1, "fail", { "POS-GNSS-GF-01" },
	  "geofence_alarm_latency of track walk" },
	{ "fault-gnss-tracker-geofence-missing", 1, "fail", { "POS-GNSS-GF-01" },
	  "geofence_detection of track walk (geofence exit detection ratio); observed 0 %" },
	/* a fix lost for 12 s after the outage also costs availability */
	{ "fault-gnss-tracker-slow-reacquire", 1, "fail", { "POS-GNSS-TTFF-02", "POS-GNSS-AVAIL-01" },
	  "ttff_warm of track walk (ISO/IEC 18305:2016 8.15 (time to first fix after an outage, warm)); observed 12 s" },
	{ "fault-gnss-tracker-alarm-inside", 1, "fail", { "POS-GNSS-GF-02" },
	  "geofence_false_exits of track walk (geofence exit alarms without an exit); observed 2" },
	/* an indoor tag platform's history over HTTP, its tag on a walking robot */
	{ "demo-indoor-tags", 0, NULL, { NULL }, NULL },
	{ "fault-indoor-tags-floor-error", 1, "fail", { "POS-TAG-FLOOR-01" },
	  "floor_detection of track ward (ISO/IEC 18305:2016 8.2); observed 49 %" },
	/* live stimulus: a patient simulator plays, the monitor measures */
	{ "demo-accuracy-bp-bench", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-bp-bench-bias6", 1, "fail", { "ACC-BPB-SYS-01", "ACC-BPB-DIA-01" },
	  "mean difference 5.50 mmHg" },
	/* the same bench, the monitor an 11073-20601 agent (docs/phd.md) */
	{ "demo-accuracy-bp-bench-phd", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-bp-bench-phd-bias6", 1, "fail", { "ACC-PHD-SYS-01", "ACC-PHD-DIA-01" },
	  "mean difference 5.50 mmHg" },
	/* the lab's decision rule (docs/uncertainty.md): a monitor 4 mmHg high,
	 * the reference's U 2 mmHg; simple acceptance passes it (flagged near
	 * the limit), guarded acceptance (w = U) gives a conditional pass */
	{ "fault-accuracy-bp-bench-bias4-simple", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-bp-bench-bias4-guard-band", 1, "inconclusive",
	  { "ACC-BPB-SYS-01", "ACC-BPB-DIA-01" },
	  "conditional pass (ILAC-G8 guarded acceptance): |mean difference| 3.5 mmHg is within its "
	  "limit 5 mmHg but inside the guard band w = 2 mmHg" },
	/* guarded acceptance where nothing gives U (EC57's figures): no pass */
	{ "fault-serial-ecg-guard-band-no-u", 1, "inconclusive", { "ECG-SER-BXB-01" },
	  "conditional pass (ILAC-G8 guarded acceptance): the figures of ANSI/AAMI EC57 have no "
	  "evaluated uncertainty" },
	{ "fault-accuracy-bp-bench-calibration-expired", 1, "inconclusive",
	  { "ACC-BPB-SYS-01", "ACC-BPB-DIA-01" }, "calibration was due 2021-03-31" },
	{ "fault-accuracy-bp-bench-no-instrument", 3, "error",
	  { "ACC-BPB-REF-01", "ACC-BPB-MEAS-01", "ACC-BPB-SYS-01", "ACC-BPB-DIA-01" },
	  "instrument patient unavailable: /dev/ttyNOSUCH-PATIENT" },
	/* an SpO2 simulator plays a desaturation, the BLE oximeter measures */
	{ "demo-accuracy-spo2-bench", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-spo2-bench-bias4", 1, "fail", { "ACC-SPOB-ARMS-01" },
	  "Arms 3.729 % above 3 % over 70-100 %" },
	{ "fault-accuracy-spo2-bench-gain", 1, "fail", { "ACC-SPOB-ARMS-01" },
	  "Arms 4.650 % above 3 % over 70-100 %" },
	/* the first unavailable reading ends the measuring case: too few pairs */
	/* and ARMS and PR: see also_table */
	/* every point is played: the missing readings fail the measuring
	 * case, and the rest are judged (below) */
	{ "fault-accuracy-spo2-bench-dropouts", 1, "fail", { "ACC-SPOB-MEAS-01" },
	  "no reading from the device at point6 (reference 90); observed NaN" },
	/* a reference bath and its thermometer, the BLE thermometer's probe in it */
	{ "demo-accuracy-temp-bench", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-temp-bench-bias", 1, "fail", { "ACC-TMPB-01" },
	  "20 of 21 readings outside" },
	{ "fault-accuracy-temp-bench-quantum1", 1, "fail", { "ACC-TMPB-01" },
	  "8 of 21 readings outside; worst 39 against reference 38.538" },
	{ "fault-accuracy-temp-bench-out-of-range", 1, "fail", { "ACC-TMPB-MEAS-01" },
	  "no reading from the device at point18 (reference 41.289); observed +INF" },
	/* accuracy from paired data (no device link) */
	{ "demo-accuracy-bp", 0, NULL, { NULL }, NULL },
	/* beyond |mean| 5.0 criterion 2 has no limit: both fail */
	{ "fault-accuracy-bp-bias6", 1, "fail", { "ACC-BP-C1-SYS", "ACC-BP-C2-SYS" },
	  "mean difference 6.07 mmHg" },
	{ "fault-accuracy-bp-sd9", 1, "fail", { "ACC-BP-C1-SYS" }, "SD 9.34 mmHg" },
	{ "fault-accuracy-bp-dropouts", 1, "inconclusive",
	  { "ACC-BP-C1-SYS", "ACC-BP-C1-DIA", "ACC-BP-C2-SYS", "ACC-BP-C2-DIA" },
	  "24 more pairs needed" },
	{ "fault-accuracy-bp-calibration-expired", 1, "inconclusive",
	  { "ACC-BP-C1-SYS", "ACC-BP-C1-DIA", "ACC-BP-C2-SYS", "ACC-BP-C2-DIA" },
	  "calibration was due 2020-01-31" },
	{ "demo-accuracy-glucose", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-glucose-plus20", 1, "fail", { "ACC-GLU-ACC-01" },
	  "(23.7 %) within limits, 95 % required" },
	{ "demo-accuracy-spo2", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-spo2-bias3", 1, "fail", { "ACC-SPO2-ARMS-01" }, "Arms 4.073 % above 4 %" },
	{ "demo-accuracy-hr", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-hr-off8", 1, "fail", { "ACC-HR-01" }, "22 of 30 readings outside" },
	{ "demo-accuracy-temp", 0, NULL, { NULL }, NULL },
	{ "fault-accuracy-temp-bias", 1, "fail", { "ACC-TEMP-01" }, "61 of 65 readings outside" },
	{ "demo-http-gw", 0, NULL, { NULL }, NULL },
	{ "fault-http-gw-plain-http", 1, "fail", { "GW-SEC-HTTP-01" },
	  "observed 200; expected 301 or 302 or 307 or 308" },
	{ "fault-http-gw-tls10-enabled", 1, "fail", { "GW-SEC-TLS-02" },
	  "answered; the device must refuse it; observed HTTP 200 over TLSv1.1" },
	/* the unauthenticated request of the error-body case is answered too */
	{ "fault-http-gw-no-auth", 1, "fail", { "GW-SEC-AUTH-01", "GW-SEC-AUTH-02", "GW-SEC-ERR-01" },
	  "status; observed 200; expected 401 or 403" },
	{ "fault-http-gw-default-credentials", 1, "fail", { "GW-SEC-CRED-01" },
	  "status; observed 200; expected 401 or 403 or 423 or 429" },
	{ "fault-http-gw-no-lockout", 1, "fail", { "GW-SEC-LOCK-01" },
	  "status; observed 200; expected 401 or 403 or 423 or 429" },
	{ "fault-http-gw-error-500", 1, "fail", { "GW-SEC-INPUT-01" }, "observed 500; expected 4xx" },
	{ "fault-http-gw-stack-trace", 1, "fail", { "GW-SEC-ERR-01" }, "observed ...Traceback" },
	/* the search by the right code then finds nothing */
	{ "fault-http-gw-wrong-loinc", 1, "fail", { "GW-FHIR-OBS-01", "GW-FHIR-OBS-03" },
	  "LOINC 8889-8 is not a vital-signs code" },
	{ "fault-http-gw-wrong-ucum", 1, "fail", { "GW-FHIR-OBS-01", "GW-FHIR-OBS-03" },
	  "UCUM code 'bpm' is not /min for LOINC 8867-4" },
	{ "fault-http-gw-slow-responses", 1, "fail", { "GW-FHIR-TIM-01", "GW-FHIR-TIM-02" },
	  "latency_p50 outside limits" },
	{ "fault-http-gw-trace-enabled", 1, "fail", { "GW-SEC-TRACE-01" },
	  "status; observed 200; expected 403 or 404 or 405 or 501" },
	{ "fault-http-gw-no-hsts", 1, "fail", { "GW-SEC-TLS-03" },
	  "header Strict-Transport-Security missing" },
	/* the companion web app in a headless Chromium (docs/ageing-friendly.md);
	 * in the gateway's certification (demo-http-gw, link app), then alone */
	{ "fault-http-gw-app-small-text", 1, "fail", { "GW-APP-01" }, "smallest 14 px" },
	{ "fault-http-gw-app-no-alt", 1, "fail", { "GW-APP-02" }, "image-alt" },
	{ "demo-web-app", 0, NULL, { NULL }, NULL },
	{ "fault-web-small-text", 1, "fail", { "WEB-AGE-FONT-01" }, "smallest 14 px" },
	{ "fault-web-tight-lines", 1, "fail", { "WEB-AGE-LINE-01" }, "lowest 1.1 x" },
	{ "fault-web-low-contrast", 1, "fail", { "WEB-AGE-CONTRAST-01" },
	  "texts have too little contrast" },
	{ "fault-web-small-buttons", 1, "fail", { "WEB-AGE-TARGET-01" }, "smallest side 30 px" },
	{ "fault-web-ad-popup", 1, "fail", { "WEB-AGE-AD-01" }, "first #ad" },
	{ "fault-web-no-elderly-entry", 1, "fail", { "WEB-AGE-ENTRY-01" }, "no entry" },
	{ "fault-web-no-keyboard", 1, "fail", { "WEB-A11Y-KBD-01" }, "1 not reached" },
	{ "fault-web-no-focus-ring", 1, "fail", { "WEB-A11Y-KBD-01" },
	  "5 without a focus indicator" },
	{ "fault-web-zoom-overflow", 1, "fail", { "WEB-A11Y-ZOOM-01" }, "in 195 px" },
	{ "fault-web-fixed-width", 1, "fail", { "WEB-A11Y-REFLOW-01" }, "in 320 px" },
	{ "fault-web-induced-button", 1, "fail", { "WEB-AGE-INDUCED-01" }, "an induced button" },
	{ "fault-web-no-label", 1, "fail", { "WEB-A11Y-FORM-01" }, "named 家人电话: not found" },
	{ "fault-web-no-alt", 1, "fail", { "WEB-A11Y-AXE-01" }, "image-alt" },
	{ "fault-web-no-zoom", 1, "fail", { "WEB-A11Y-AXE-01" }, "meta-viewport" },
	{ "fault-web-session-60s", 1, "fail", { "WEB-A11Y-TIME-01" },
	  "left at 60 s without a warning" },
	/* role 2: the uploader posts to every bad certificate; the valid,
	 * FHIR and consistency upload cases still pass */
	{ "fault-http-gw-uploader-ignores-cert-errors", 1, "fail",
	  { "GW-UP-TLS-02", "GW-UP-TLS-03", "GW-UP-TLS-04" },
	  "the DUT sent a request to an endpoint whose certificate it must refuse" },
	/* cross-transport: the monitor over BLE, its gateway over HTTPS */
	{ "demo-ble-bp-gateway", 0, NULL, { NULL }, NULL },
	/* the first reading reached the gateway; the later one and the
	 * upload of the latest do not */
	{ "fault-ble-bp-gateway-relay-stale", 1, "fail", { "XT-BP-02", "XT-BP-03" },
	  "valueQuantity.value not in the body" },
	{ "fault-ble-bp-gateway-relay-swapped", 1, "fail", { "XT-BP-01", "XT-BP-02", "XT-BP-03" },
	  "valueQuantity.value equals; observed" },
	/* the other way round: the gateway is the DUT, its monitor a further
	 * (BLE) link */
	{ "demo-http-gw-relay", 0, NULL, { NULL }, NULL },
	{ "fault-http-gw-relay-swapped", 1, "fail", { "GW-XT-01" },
	  "valueQuantity.value equals; observed" },
	/* fall detection: SisFall trials replayed into a BLE fall pendant */
	{ "demo-fall-wearable", 0, NULL, { NULL }, NULL },
	{ "fault-fall-wearable-miss-backward-lateral", 1, "fail",
	  { "FALL-BLE-SE-01", "FALL-BLE-TYPE-01" }, "Se 46.7 % (21 of 45)" },
	{ "fault-fall-wearable-alarm-on-chair", 1, "fail", { "FALL-BLE-ADL-01", "FALL-BLE-FAH-01" },
	  "ADL types alarming too often: D11 3/3" },
	{ "fault-fall-wearable-slow-detection", 1, "fail", { "FALL-BLE-LAT-01" }, "P95 12.54 s" },
	{ "fault-fall-wearable-no-long-lie", 1, "fail", { "FALL-BLE-LIE-01" },
	  "45 of 45 falls without a long-lie alarm in time" },
	{ "fault-fall-wearable-wrong-event-time", 1, "fail", { "FALL-BLE-TIME-01" },
	  "45 of 45 off (largest error 3600.0" },
	/* the outage's stored alarms are duplicated too */
	{ "fault-fall-wearable-duplicate-alarms", 1, "fail", { "FALL-BLE-DUP-01", "FALL-BLE-OUT-01" },
	  "45 duplicates over 45 detected falls" },
	{ "fault-fall-wearable-lose-offline", 1, "fail", { "FALL-BLE-OUT-01" },
	  "3 of 3 falls in the outage (0-60 s) not delivered once: F01 at 3 s: lost" },
	/* alarms that cannot be read: every replay fails, and nothing was
	 * detected (timing figures inconclusive: also_table) */
	{ "fault-fall-wearable-malformed-alarm", 1, "fail",
	  { "FALL-BLE-REPLAY-01", "FALL-BLE-SE-01", "FALL-BLE-TYPE-01", "FALL-BLE-OUT-01" },
	  "malformed alarm: reserved flag bits set (0x8" }, /* 0x80, with the alarm's own flags */
	/* no motion instrument: the replays error, and so do their figures */
	{ "fault-fall-wearable-no-instrument", 3, "error",
	  { "FALL-BLE-REF-01", "FALL-BLE-REPLAY-01", "FALL-BLE-SE-01", "FALL-BLE-SP-01",
	    "FALL-BLE-TYPE-01", "FALL-BLE-ADL-01", "FALL-BLE-LAT-01", "FALL-BLE-TIME-01",
	    "FALL-BLE-DUP-01", "FALL-BLE-LIE-01", "FALL-BLE-FAH-01", "FALL-BLE-OUT-01" },
	  "instrument motion unavailable: /dev/ttyNOSUCH-MOTION" },
	/* a lab's recorded trials (CSV) instead of generated ones */
	{ "demo-fall-wearable-recorded", 0, NULL, { NULL }, NULL },
	{ "fault-fall-wearable-recorded-miss-backward-lateral", 1, "fail", { "FALL-BLE-REC-TYPE-01" },
	  "fall types detected too rarely: F11 0/1, F15 0/1" },
	/* a further link that cannot be opened: its cases error, the run ends */
	{ "fault-ble-bp-gateway-unreachable", 3, "error", { "XT-BP-01", "XT-BP-02", "XT-BP-03" },
	  "link 'gateway' unavailable: 127.0.0.1 port 9: Connection refused" },
	/* IEEE 11073-20601 agents, carecert as the manager (docs/phd.md) */
	{ "demo-phd-bp", 0, NULL, { NULL }, NULL },
	{ "demo-phd-glucose", 0, NULL, { NULL }, NULL },
	/* the same agent and suite over TCP */
	{ "demo-phd-glucose-tcp", 0, NULL, { NULL }, NULL },
	/* no association at all: every case needs one */
	{ "fault-phd-glucose-wrong-data-proto-id", 1, "fail", { PHD_GLU_ALL },
	  "the AARQ was refused (AARE rejected-no-common-protocol)" },
	{ "fault-phd-bp-std-config-mismatch", 1, "fail", { "PHD-10407-OPR-02", "PHD-10407-OPR-03" },
	  "handle 99 is not in configuration 700" },
	{ "fault-phd-bp-missing-mds-attribute", 1, "fail", { "PHD-10407-OPR-01" },
	  "System-Model missing" },
	{ "fault-phd-bp-sfloat-special", 1, "fail", { "PHD-10407-OPR-02" },
	  "MDC_PRESS_BLD_NONINV_SYS is NaN where a value is due" },
	{ "fault-phd-bp-wrong-unit", 1, "fail",
	  { "PHD-10407-CFG-01", "PHD-10407-CFG-02", "PHD-10407-OPR-02" },
	  "Unit-Code 2720 is not a unit 10407 allows" },
	{ "fault-phd-bp-event-before-config", 1, "fail", { "PHD-10407-CFG-01", "PHD-10407-CFG-02" },
	  "roiv-cmip-confirmed-event-report handle 0 type 0x0D1D is not allowed from the agent here" },
	{ "fault-phd-glucose-ignore-rlrq", 1, "fail", { "PHD-10417-REL-01" },
	  "release not answered with RLRE (TO_release 3.0 s)" },
	/* TO_config shortened to 1 s by the profile; no case can associate */
	{ "fault-phd-bp-no-config-report", 1, "fail", { PHD_BP_ALL },
	  "TO_config expired without a configuration report; the manager aborted" },
	{ "fault-phd-glucose-invoke-id-reuse", 1, "fail", { "PHD-10417-OPR-01" },
	  "answers invoke-id 0, which the manager never used" },
	{ "fault-phd-glucose-length-mismatch", 1, "fail", { "PHD-10417-OPR-02" },
	  "PRST octet string says 39 bytes, the APDU holds 38" },
	/* the 11073 reading and the gateway's FHIR Observation of it */
	{ "demo-phd-bp-gateway", 0, NULL, { NULL }, NULL },
	{ "fault-phd-bp-gateway-relay-swapped", 1, "fail", { "XT-PHD-BP-01" },
	  "valueQuantity.value equals; observed" },
	/* TO_config shortened to 3 s by the profile */
	{ "fault-phd-bp-config-refusal-ignored", 1, "fail", { "PHD-10407-CFG-02" },
	  "association not reached" },
	{ "fault-phd-bp-set-time-ignored", 1, "fail", { "PHD-10407-OPR-04" },
	  "SET-TIME (invoke-id 1) not confirmed within TO confirmed action 3.0 s" },
	{ "fault-phd-bp-wrong-abort-reason", 1, "fail",
	  { "PHD-10407-ILL-01", "PHD-10407-ILL-02", "PHD-10407-ILL-03" },
	  "the agent aborted with an undefined reason" },
	/* behaviour monitoring: a room and bed sensor lives a scripted day */
	{ "demo-room-sensor", 0, NULL, { NULL }, NULL },
	{ "fault-room-miss-bed-exit", 1, "fail", { "ROOM-EVT-01" },
	  "detection ratio 0 %, limit >= 100 %" },
	{ "fault-room-late-inactivity", 1, "fail", { "ROOM-EVT-02" },
	  "latency (max) 210 s, limit <= 60 s" },
	/* no bathroom class, so no bathroom-too-long event either */
	{ "fault-room-bathroom-as-absent", 1, "fail", { "ROOM-ACT-01", "ROOM-EVT-03" },
	  "recall in_bathroom 0 %, limit >= 80 %" },
	{ "fault-room-false-events", 1, "fail", { "ROOM-EVT-04" },
	  "false events per day 2, limit <= 0" },
	{ "fault-room-hr-offset", 1, "fail", { "ROOM-VIT-01" },
	  "117 of 117 readings outside; worst 60.8 against reference 52" },
	/* the emergency-alarm path: an actuator presses the SOS button,
	 * carecert plays the care platform */
	{ "demo-alarm-path", 0, NULL, { NULL }, NULL },
	{ "fault-alarm-late-delivery", 1, "fail", { "ALM-DEL-01" }, "limit <= 1 s" },
	{ "fault-alarm-lost-during-outage", 1, "fail", { "ALM-OUT-01" },
	  "delivery ratio 0 %, limit >= 100 %" },
	/* the genuine pendant message's alarm comes twice too */
	{ "fault-alarm-duplicates", 1, "fail", { "ALM-DEL-01", "ALM-OUT-01", "ALM-SEC-02" },
	  "duplicates 3, limit <= 0" },
	{ "fault-alarm-out-of-order", 1, "fail", { "ALM-OUT-01" }, "out of order 2, limit <= 0" },
	{ "fault-alarm-no-escalation", 1, "fail", { "ALM-ESC-01" }, "nothing arrived" },
	{ "fault-alarm-wrong-content", 1, "fail", { "ALM-CON-01" },
	  "nothing at extension[url=urn:acme-care:location].valueString" },
	{ "fault-alarm-accepts-forged", 1, "fail", { "ALM-SEC-01", "ALM-SEC-02" },
	  "status; observed 202" },
	/* the platform unreachable (suite alarm-outage only): the alarms that
	 * got no answer are gone; a timed-out one in the silent case */
	{ "fault-alarm-lost-while-unreachable", 1, "fail", { "ALM-OUT-02", "ALM-OUT-03" },
	  "delivery ratio 0 %, limit >= 100 %" },
	/* a fall on the motion bench and a geofence exit on the GNSS bench,
	 * end to end (suite alarm-events) */
	{ "demo-alarm-events", 0, NULL, { NULL }, NULL },
	{ "fault-alarm-fall-as-sos", 1, "fail", { "ALM-FALL-01" },
	  "category[0].coding[0].code equals; observed sos; expected fall" },
	{ "fault-alarm-no-geofence-alarm", 1, "fail", { "ALM-GEO-01" },
	  "delivery ratio 0 %, limit >= 100 %" },
};

/* Profiles where other cases reach a second verdict: a measuring case
 * fails at a missing reading and ends, so the evaluations it feeds have
 * too few pairs (inconclusive). */
static const struct expectation also_table[] = {
	{ "fault-accuracy-spo2-bench-dropouts", 1, "inconclusive",
	  { "ACC-SPOB-ARMS-01", "ACC-SPOB-PR-01" }, "14 pairs; 7 more pairs needed (at least 21 pairs)" },
	{ "fault-accuracy-temp-bench-out-of-range", 1, "inconclusive", { "ACC-TMPB-01" },
	  "18 pairs; 3 more pairs needed (at least 21 pairs)" },
	{ "fault-fall-wearable-malformed-alarm", 1, "inconclusive",
	  { "FALL-BLE-LAT-01", "FALL-BLE-TIME-01", "FALL-BLE-LIE-01" }, "no fall detected" },
	/* 3 false positives of 57 ADLs: Sp 94.7 %, its lower bound under 90 % */
	{ "fault-fall-wearable-alarm-on-chair", 1, "inconclusive", { "FALL-BLE-SP-01" },
	  "too few trials to tell; 83 more at this rate" },
};

static const struct expectation *also_of(const struct expectation *e)
{
	for (size_t i = 0; i < sizeof(also_table) / sizeof(also_table[0]); i++)
		if (!strcmp(also_table[i].profile, e->profile))
			return &also_table[i];
	return NULL;
}

static bool listed_in(const char *const *cases, const char *id)
{
	for (int i = 0; i < MAX_HITS && cases[i]; i++)
		if (!strcmp(cases[i], id))
			return true;
	return false;
}

static bool listed(const struct expectation *e, const char *id)
{
	return listed_in(e->cases, id);
}

static const char *jget(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static void check_traffic_hash(const char *dir, json_object *root)
{
	char path[4200], hex[SHA256_HEX_LEN + 1];
	json_object *tl;
	char *log;

	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	log = tu_slurp(path);
	ck_assert_ptr_nonnull(log);
	ck_assert_msg(strstr(log, "\"dir\":\"tx\"") && strstr(log, "\"dir\":\"rx\""),
		      "traffic log lacks frames");
	free(log);
	ck_assert_int_eq(sha256_file(path, hex), 0);
	ck_assert(json_object_object_get_ex(root, "traffic_log", &tl));
	ck_assert_str_eq(jget(tl, "sha256"), hex);
}

/* Every ATT PDU of the traffic log is in the btsnoop capture, and tshark
 * (when installed) decodes the capture as ATT. */
static void check_btsnoop(const char *dir, json_object *root)
{
	char path[4200], log[4200], hex[SHA256_HEX_LEN + 1], cmd[8600], *out;
	json_object *cap;
	size_t records = 0, len, off = 16;
	char *snoop;
	int frames;

	snprintf(path, sizeof(path), "%s/traffic.btsnoop", dir);
	snprintf(log, sizeof(log), "%s/traffic.jsonl", dir);
	ck_assert_int_eq(read_file(path, &snoop, &len), 0);
	ck_assert_uint_ge(len, 16);
	ck_assert_mem_eq(snoop, "btsnoop\0", 8);
	while (off + 24 <= len) {
		const uint8_t *r = (const uint8_t *)snoop + off;
		uint32_t incl = (uint32_t)r[4] << 24 | r[5] << 16 | r[6] << 8 | r[7];

		ck_assert_uint_eq(r[24 + 5] | r[24 + 6] << 8, incl - 9); /* L2CAP length */
		ck_assert_uint_eq(r[24 + 7], 0x04); /* ATT channel */
		off += 24 + incl;
		records++;
	}
	ck_assert_uint_eq(off, len);
	free(snoop);
	out = tu_slurp(log);
	frames = 0;
	/* frames of the DUT's further links (a gateway) carry "link" and
	 * are not ATT */
	for (char *p = out; (p = strstr(p, "\"dir\":\"")); p++)
		frames += (!strncmp(p + 7, "tx", 2) || !strncmp(p + 7, "rx", 2)) &&
			  strncmp(p + 11, "\"link\"", 6);
	free(out);
	ck_assert_int_eq((int)records, frames);
	ck_assert(json_object_object_get_ex(root, "capture", &cap));
	ck_assert_int_eq(sha256_file(path, hex), 0);
	ck_assert_str_eq(jget(cap, "sha256"), hex);
	if (system("command -v tshark >/dev/null 2>&1"))
		return; /* not installed: the byte checks above stand alone */
	/* every record decodes as ATT, and discovery is among them */
	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -Y btatt -T fields -e btatt.opcode 2>/dev/null",
		 path);
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	frames = 0;
	for (char *p = out; (p = strstr(p, "0x")); p++)
		frames++;
	ck_assert_msg((size_t)frames == records, "tshark decoded %d of %zu records as ATT", frames,
		      records);
	ck_assert_msg(strstr(out, "0x10\n"), "no Read By Group Type in: %.200s", out);
	free(out);
}

/* Every HTTP exchange is in the traffic log: each request (tx) is
 * followed by its response (rx) or a failure event, and TLS is named. */
static void check_http_log(const char *dir, const char *profile)
{
	char path[4200], *log;
	int tx = 0, rx = 0, failed = 0;

	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	log = tu_slurp(path);
	ck_assert_ptr_nonnull(log);
	for (char *p = log; (p = strstr(p, "\"dir\":\"")); p++) {
		/* a further link's frames (the browser's DevTools messages) are
		 * not the API's exchanges */
		if (!strncmp(p + 9, "\",\"link\":", 9))
			continue;
		tx += !strncmp(p + 7, "tx", 2);
		rx += !strncmp(p + 7, "rx", 2);
	}
	for (char *p = log; (p = strstr(p, "\"event\":\"http-failed\"")); p++)
		failed++;
	ck_assert_int_ge(tx, 20);
	ck_assert_int_eq(tx, rx + failed);
	ck_assert_msg(strstr(log, "\"event\":\"tls\",\"detail\":\"TLSv1.3"), "no TLS event");
	ck_assert_msg(strstr(log, "GET /fhir/Observation"), "no FHIR request text in the log");
	/* role 2: the endpoint is in the log; a DUT that refuses it leaves
	 * connections closed before any request */
	if (strstr(profile, "demo-http-gw") || strstr(profile, "uploader"))
		ck_assert_msg(strstr(log, "\"event\":\"http-serve\""), "no http-serve event");
	if (strstr(profile, "demo-http-gw"))
		ck_assert_msg(strstr(log, "\"event\":\"http-serve-no-request\""),
			      "no refused connection in the log");
	/* the load case's 60 searches: 16 whole, then one line each */
	if (!strcmp(profile, "demo-http-gw")) {
		ck_assert_msg(strstr(log, "\"event\":\"http-load\",\"detail\":\"request 17: status 200, "),
			      "no http-load line for request 17");
		ck_assert_msg(strstr(log, "\"detail\":\"request 60: status 200, "),
			      "no http-load line for request 60");
		ck_assert_msg(!strstr(log, "\"detail\":\"request 16: "),
			      "request 16 should be logged whole");
	}
	free(log);
}

/* A run with a further link records it (a password left out; a BLE link's
 * own capture hashed) and logs its frames under its name, apart from the
 * main link's. */
static void check_further_link(const char *dir, json_object *root, const char *profile,
			       const char *id, const char *kind)
{
	json_object *links, *l, *tr, *cap;
	char path[4200], pattern[128], hex[SHA256_HEX_LEN + 1], *log;

	ck_assert(json_object_object_get_ex(root, "links", &links));
	ck_assert_uint_eq(json_object_array_length(links), 1);
	l = json_object_array_get_idx(links, 0);
	ck_assert_str_eq(jget(l, "id"), id);
	ck_assert(json_object_object_get_ex(l, "transport", &tr));
	ck_assert_str_eq(jget(tr, "kind"), kind);
	if (!strcmp(kind, "http"))
		ck_assert_str_eq(jget(tr, "password"), "(set, not recorded)");
	if (!strcmp(kind, "ble")) {
		ck_assert(json_object_object_get_ex(l, "capture", &cap));
		snprintf(path, sizeof(path), "%s/%s", dir, jget(cap, "file"));
		ck_assert_int_eq(sha256_file(path, hex), 0);
		ck_assert_str_eq(jget(cap, "sha256"), hex);
	}
	snprintf(path, sizeof(path), "%s/traffic.jsonl", dir);
	log = tu_slurp(path);
	ck_assert_ptr_nonnull(log);
	if (strstr(profile, "unreachable")) {
		ck_assert_ptr_nonnull(jget(l, "error"));
	} else {
		ck_assert_ptr_null(jget(l, "error"));
		snprintf(pattern, sizeof(pattern), "\"dir\":\"tx\",\"link\":\"%s\"", id);
		ck_assert_msg(strstr(log, pattern), "no frame to link %s in the traffic log", id);
		snprintf(pattern, sizeof(pattern), "\"dir\":\"rx\",\"link\":\"%s\"", id);
		ck_assert_msg(strstr(log, pattern), "no frame from link %s in the traffic log", id);
	}
	free(log);
}

static void check_junit(const char *junit)
{
	char cmd[8800], *out;
	int rc;

	char xsd[4200];

	/* the schema lives in ../shared beside the clone (CI has it); without
	 * it the file must still be well-formed XML */
	snprintf(xsd, sizeof(xsd), "%s/../shared/schemas/junit-ant.xsd", tu_top());
	if (!access(xsd, R_OK))
		snprintf(cmd, sizeof(cmd), "xmllint --noout --schema '%s' '%s'", xsd, junit);
	else
		snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", junit);
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "JUnit does not validate: %s", out);
	free(out);
}

/* The table's runs are mostly device time (waits for notifications,
 * intervals), so they run side by side before the checks, RUN_PARALLEL at
 * a time; each test then judges its own run folder. The first round's runs
 * mostly sleep (a load of about 3 at 6 side by side), so 8 of them share
 * the two cores; the second round's replays and browsers use their CPU. */
#define RUN_PARALLEL 6
#define RUN_PARALLEL_LIGHT 8
#define NTABLE (sizeof(table) / sizeof(table[0]))

static char *run_dirs[NTABLE];

/* CARECERT_ITEST_PROFILES=TEXT[,TEXT...] runs only the rows whose profile
 * name contains one of the TEXTs (a developer's shortcut; make check's
 * sanitizer build runs the demo rows, its plain build all). */
static bool selected(size_t i)
{
	const char *f = getenv("CARECERT_ITEST_PROFILES");
	char list[512], *save = NULL;

	if (!f || !*f)
		return true;
	snprintf(list, sizeof(list), "%s", f);
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*t && strstr(table[i].profile, t))
			return true;
	return false;
}

/* Benches that keep the CPU busy: replays many times faster than real
 * time, a headless browser. */
static int loads_machine(const char *profile)
{
	static const char *const heavy[] = { "fall-", "web-", "room-", "alarm-", "gnss-",
					     "indoor-", "phd-" };

	for (size_t k = 0; k < sizeof(heavy) / sizeof(heavy[0]); k++)
		if (strstr(profile, heavy[k]))
			return 1;
	return 0;
}

/* Rows that take 15-30 s (a slow device, a delay, an outage, a session
 * timeout) against the 2-8 s of most. */
static int runs_long(const char *profile)
{
	static const char *const slow[] = { "slow", "late", "outage", "unreachable", "session",
					    "alarm-path", "timeout" };

	for (size_t k = 0; k < sizeof(slow) / sizeof(slow[0]); k++)
		if (strstr(profile, slow[k]))
			return 1;
	return 0;
}

static void run_all_profiles(void)
{
	char *cmds[NTABLE];

	for (size_t i = 0; i < NTABLE; i++) {
		cmds[i] = malloc(8400);
		ck_assert_ptr_nonnull(cmds[i]);
		if (!selected(i)) {
			snprintf(cmds[i], 8400, "true");
			continue;
		}
		run_dirs[i] = tu_mkdtemp();
		snprintf(cmds[i], 8400,
			 "cd '%s' && t0=$(date +%%s%%N) && %s/carecert run profiles/%s.yaml "
			 "--out '%s/run' --junit '%s/junit.xml' >'%s/out.txt' 2>&1; "
			 "echo $? >'%s/status'; echo $(( ($(date +%%s%%N) - t0) / 1000000 )) >'%s/ms'",
			 tu_top(), tu_bindir(), table[i].profile, run_dirs[i], run_dirs[i],
			 run_dirs[i], run_dirs[i], run_dirs[i]);
	}
	/* two rounds: the runs that judge a device's timing (BLE intervals,
	 * serial response times) first, then those that load the machine
	 * (time-compressed replays, a browser), so that the latter's CPU does
	 * not stretch the former's intervals on a two-core machine */
	{
		char *round[NTABLE];
		struct timespec t0, t1;
		size_t n = 0;

		for (int heavy = 0; heavy < 2; heavy++) {
			n = 0;
			/* the long runs (slow devices, delays, outages) start
			 * first, so that none of them is the round's tail */
			for (int longer = 1; longer >= 0; longer--)
				for (size_t i = 0; i < NTABLE; i++)
					if (loads_machine(table[i].profile) == heavy &&
					    runs_long(table[i].profile) == longer)
						round[n++] = cmds[i];
			clock_gettime(CLOCK_MONOTONIC, &t0);
			tu_run_parallel(round, n, heavy ? RUN_PARALLEL : RUN_PARALLEL_LIGHT);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			fprintf(stderr, "itest-profiles: round %d (%zu rows) %.1f s\n", heavy, n,
				(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
		}
	}
	for (size_t i = 0; i < NTABLE; i++)
		free(cmds[i]);
}

/* The slowest rows on stderr: make check has a 20-minute budget, and
 * this table is most of it. */
static void print_slowest_rows(void)
{
	long ms[NTABLE], total = 0;
	size_t order[NTABLE], n = 0;

	for (size_t i = 0; i < NTABLE; i++) {
		char path[4200], *txt;

		ms[i] = -1;
		if (!run_dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/ms", run_dirs[i]);
		txt = tu_slurp(path);
		if (!txt)
			continue;
		ms[i] = atol(txt);
		free(txt);
		total += ms[i];
		order[n++] = i;
	}
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (ms[order[b]] > ms[order[a]]) {
				size_t t = order[a];
				order[a] = order[b];
				order[b] = t;
			}
	fprintf(stderr, "itest-profiles: %zu rows, %.1f s of runs in all; slowest:", n,
		total / 1000.0);
	for (size_t a = 0; a < n && a < 8; a++)
		fprintf(stderr, " %s %.1fs", table[order[a]].profile, ms[order[a]] / 1000.0);
	fputc('\n', stderr);
}

static void remove_run_dirs(void)
{
	print_slowest_rows();
	for (size_t i = 0; i < NTABLE; i++)
		if (run_dirs[i]) {
			tu_rmdir(run_dirs[i]);
			run_dirs[i] = NULL;
		}
}

/* Each accuracy step leaves its whole evaluation in the record: method,
 * clause, sample, verdict and the pairs (the report plots them). */
static void check_accuracy_record(json_object *root, json_object *cases,
				  const struct expectation *e)
{
	char hex[SHA256_HEX_LEN + 1];
	json_object *data, *d0;

	/* the study file, or the bench's instrument driver, is hashed */
	if (json_object_object_get_ex(root, "accuracy_data", &data)) {
		d0 = json_object_array_get_idx(data, 0);
		ck_assert_int_eq(sha256_file(jget(d0, "path"), hex), 0);
		ck_assert_str_eq(jget(d0, "sha256"), hex);
	} else {
		ck_assert(json_object_object_get_ex(root, "instruments", &data));
		d0 = json_object_array_get_idx(data, 0);
		ck_assert_int_eq(sha256_file(jget(d0, "driver_file"), hex), 0);
		ck_assert_str_eq(jget(d0, "driver_sha256"), hex);
	}
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		json_object *c = json_object_array_get_idx(cases, i), *acc, *a, *pairs;
		size_t np;

		ck_assert(json_object_object_get_ex(c, "accuracy", &acc));
		/* bench cases that talk to instruments and device have none */
		if (!json_object_array_length(acc) &&
		    (strstr(jget(c, "id"), "-REF-") || strstr(jget(c, "id"), "-MEAS-") ||
		     !strcmp(jget(c, "verdict"), "error")))
			continue;
		ck_assert_uint_eq(json_object_array_length(acc), 1);
		a = json_object_array_get_idx(acc, 0);
		ck_assert_ptr_nonnull(jget(a, "clause"));
		ck_assert_str_eq(jget(a, "verdict"), jget(c, "verdict"));
		ck_assert(json_object_object_get_ex(a, "pairs", &pairs));
		np = json_object_array_length(pairs);
		/* SpO2 pairs outside 70-100 % are kept but not counted */
		ck_assert_int_eq((int)np, atoi(jget(a, "n_pairs")) +
				 (jget(a, "n_outside") ? atoi(jget(a, "n_outside")) : 0));
		/* a bench that lost readings is judged on what it has */
		ck_assert_msg(np >= (!strstr(e->profile, "bench") ? 20u
				     : !strcmp(jget(c, "verdict"), "inconclusive") ? 1u : 12u),
			      "%s: %zu pairs", e->profile, np);
	}
}

START_TEST(test_profile_verdicts)
{
	const struct expectation *e = &table[_i], *also = also_of(e);
	char *dir = run_dirs[_i], path[4200], *out, *st;
	json_object *root, *cases;
	int status;
	size_t n;

	if (!selected((size_t)_i))
		return;
	ck_assert_ptr_nonnull(dir);
	snprintf(path, sizeof(path), "%s/status", dir);
	st = tu_slurp(path);
	ck_assert_ptr_nonnull(st);
	status = atoi(st);
	free(st);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	out = tu_slurp(path);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(status == e->exit_status, "%s: exit %d, expected %d\n%s",
		      e->profile, status, e->exit_status, out);
	/* a line per case as it finishes, and the summary */
	ck_assert_msg(strstr(out, "-BLE-") || strstr(out, "-SER-") || strstr(out, "ACC-") ||
		      strstr(out, "GW-") || strstr(out, "XT-") || strstr(out, "POS-") ||
		      strstr(out, "PHD-") || strstr(out, "ROOM-") || strstr(out, "ALM-") ||
		      strstr(out, "FALL-") || strstr(out, "WEB-"),
		      "no case lines:\n%s", out);
	ck_assert_msg(strstr(out, " cases: "),
		      "progress output missing:\n%s", out);
	free(out);

	snprintf(path, sizeof(path), "%s/run/result.json", dir);
	root = json_object_from_file(path);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(jget(root, "status"), "complete");
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	n = json_object_array_length(cases);
	ck_assert_uint_ge(n, strstr(e->profile, "serial-bp") ? 17
			     : strstr(e->profile, "accuracy") || strstr(e->profile, "ecg") ? 1
			     : strstr(e->profile, "fall-wearable-recorded") ? 4
			     : strstr(e->profile, "uploader") ? 6
			     : strstr(e->profile, "indoor") ? 5
			     : strstr(e->profile, "phd-bp-gateway") ? 1
			     : strstr(e->profile, "http-gw-app-") ? 2 /* only the app's suite */
			     : strstr(e->profile, "gateway") ? 3
			     : strstr(e->profile, "relay") ? 1
			     : strstr(e->profile, "phd-glucose") ? 9
			     : strstr(e->profile, "alarm-lost-while-unreachable") ? 2 /* alarm-outage only */
			     : strstr(e->profile, "alarm-events") ||
			       strstr(e->profile, "alarm-fall-as-sos") ||
			       strstr(e->profile, "alarm-no-geofence") ? 2 /* alarm-events only */
			     : strstr(e->profile, "-room-") || strstr(e->profile, "-alarm-") ? 8 : 10);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(cases, i);
		const char *id = jget(c, "id"), *v = jget(c, "verdict");
		const char *reason = jget(c, "reason");

		if (!strcmp(id, "BPM-SER-USR-01")) {
			ck_assert_str_eq(v, "skipped");
			ck_assert(strstr(reason, "multiple_users"));
		} else if (strstr(id, "-BLE-BND-") && !strstr(e->profile, "bond") &&
			   !strstr(e->profile, "service-changed") && !listed(e, id)) {
			/* the bond cases run on the bonded profiles only */
			ck_assert_str_eq(v, "skipped");
			ck_assert(strstr(reason, "'bonding'"));
		} else if (listed(e, id)) {
			ck_assert_msg(!strcmp(v, e->verdict), "%s %s: %s, expected %s (%s)",
				      e->profile, id, v, e->verdict, reason);
			if (!strcmp(id, e->cases[0]))
				ck_assert_msg(strstr(reason, e->reason),
					      "%s %s: reason '%s' lacks '%s'",
					      e->profile, id, reason, e->reason);
		} else if (also && listed_in(also->cases, id)) {
			ck_assert_msg(!strcmp(v, also->verdict), "%s %s: %s, expected %s (%s)",
				      e->profile, id, v, also->verdict, reason);
			if (!strcmp(id, also->cases[0]))
				ck_assert_msg(strstr(reason, also->reason),
					      "%s %s: reason '%s' lacks '%s'",
					      e->profile, id, reason, also->reason);
		} else {
			ck_assert_msg(!strcmp(v, "pass"), "%s %s: %s, expected pass (%s)",
				      e->profile, id, v, reason);
		}
	}
	snprintf(path, sizeof(path), "%s/run", dir);
	/* paired data alone has no frames; a bench with instruments has */
	if (!strstr(e->profile, "accuracy") || strstr(e->profile, "bench"))
		check_traffic_hash(path, root);
	if (strstr(e->profile, "accuracy"))
		check_accuracy_record(root, cases, e);
	/* "-ble-", not "ble": fault-http-gw-tls10-enabled is no BLE run */
	if (strstr(e->profile, "-ble-"))
		check_btsnoop(path, root);
	/* a gateway relaying its monitor has a short HTTP log of its own */
	if (strstr(e->profile, "-http-") && !strstr(e->profile, "http-gw-relay") &&
	    !strstr(e->profile, "http-gw-app-")) /* those run only the app's suite */
		check_http_log(path, e->profile);
	if (!strcmp(e->profile, "demo-http-gw") || strstr(e->profile, "http-gw-app-"))
		check_further_link(path, root, e->profile, "app", "browser");
	if (strstr(e->profile, "-gateway"))
		check_further_link(path, root, e->profile, "gateway", "http");
	if (strstr(e->profile, "http-gw-relay"))
		check_further_link(path, root, e->profile, "monitor", "ble");
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	check_junit(path);
	json_object_put(root);
}
END_TEST

/* Every record of the table's runs is valid against the published schema
 * (docs/schemas/result-1.schema.json) by a real validator; the schemas'
 * own tests are in itest-schema.c. */
START_TEST(test_records_match_schema)
{
	size_t len = 64;
	char *cmd, *out;
	int rc;

	for (size_t i = 0; i < NTABLE; i++)
		len += strlen(run_dirs[i] ? run_dirs[i] : "") + 32;
	cmd = malloc(len);
	ck_assert_ptr_nonnull(cmd);
	strcpy(cmd, "tools/schema-check.py");
	for (size_t i = 0; i < NTABLE; i++) {
		if (!selected(i))
			continue;
		ck_assert_ptr_nonnull(run_dirs[i]);
		strcat(cmd, " '");
		strcat(cmd, run_dirs[i]);
		strcat(cmd, "/run/result.json'");
	}
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "records not valid against docs/schemas/result-1.schema.json:\n%s", out);
	free(out);
	free(cmd);
}
END_TEST

/* Every record of the table's runs is JSON text a strict reader takes:
 * valid UTF-8 (RFC 8259 8.1), no NaN or Infinity, whatever the devices sent. */
START_TEST(test_records_strict_json)
{
	size_t len = 512;
	char *cmd, *out;
	int rc;

	for (size_t i = 0; i < NTABLE; i++)
		len += strlen(run_dirs[i] ? run_dirs[i] : "") + 32;
	cmd = malloc(len);
	ck_assert_ptr_nonnull(cmd);
	strcpy(cmd, "python3 -c 'import json,sys\n"
		    "def no(x): raise ValueError(\"not JSON: \" + x)\n"
		    "for p in sys.argv[1:]:\n"
		    "  try: json.loads(open(p, \"rb\").read().decode(\"utf-8\", \"strict\"), parse_constant=no)\n"
		    "  except Exception as e: sys.exit(p + \": \" + str(e))' ");
	for (size_t i = 0; i < NTABLE; i++) {
		if (!selected(i))
			continue;
		ck_assert_ptr_nonnull(run_dirs[i]);
		strcat(cmd, " '");
		strcat(cmd, run_dirs[i]);
		strcat(cmd, "/run/result.json'");
	}
	rc = tu_run(cmd, &out);
	ck_assert_msg(rc == 0, "a record is not strict JSON / UTF-8:\n%s", out);
	free(out);
	free(cmd);
}
END_TEST

/* A table row's run folder (NULL when the row was not selected). */
static const char *row_dir(const char *profile)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (!strcmp(table[i].profile, profile) && selected(i))
			return run_dirs[i];
	return NULL;
}

/* How often needle occurs in the file dir/name. */
static int count_in(const char *dir, const char *name, const char *needle)
{
	char path[4200], *text, *p;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = tu_slurp(path);
	ck_assert_msg(text, "%s", path);
	for (p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	free(text);
	return n;
}

/* The record of a table row's run (NULL when the row was not selected). */
static json_object *row_record(const char *profile)
{
	char path[4200];

	for (size_t i = 0; i < NTABLE; i++)
		if (!strcmp(table[i].profile, profile) && selected(i) && run_dirs[i]) {
			snprintf(path, sizeof(path), "%s/run/result.json", run_dirs[i]);
			return json_object_from_file(path);
		}
	return NULL;
}

/* The first figure of case id's accuracy evaluation, its member key. */
static const char *figure_member(json_object *rec, const char *id, const char *key)
{
	json_object *cases, *c, *acc, *figs, *v;

	ck_assert(json_object_object_get_ex(rec, "cases", &cases));
	for (size_t i = 0; i < json_object_array_length(cases); i++) {
		c = json_object_array_get_idx(cases, i);
		if (strcmp(json_object_get_string(json_object_object_get(c, "id")), id))
			continue;
		ck_assert(json_object_object_get_ex(c, "accuracy", &acc));
		ck_assert(json_object_object_get_ex(json_object_array_get_idx(acc, 0), "figures",
						    &figs));
		ck_assert(json_object_object_get_ex(json_object_array_get_idx(figs, 0), key, &v));
		return json_object_get_string(v);
	}
	ck_abort_msg("no case %s", id);
	return NULL;
}

/* One bench, two decision rules (docs/uncertainty.md): the mean
 * difference 3.50 mmHg with U = 2 mmHg passes simple acceptance, flagged
 * within U of its 5 mmHg limit; under guarded acceptance the same figure
 * is a conditional pass and the record, its summary and JUnit say
 * inconclusive. */
START_TEST(test_decision_rule)
{
	json_object *simple = row_record("fault-accuracy-bp-bench-bias4-simple"),
		    *guard = row_record("fault-accuracy-bp-bench-bias4-guard-band"), *sum, *v;

	if (!simple || !guard) {
		json_object_put(simple);
		json_object_put(guard);
		return; /* rows left out by CARECERT_ITEST_PROFILES */
	}
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "name"), "|mean difference|");
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "value"), "3.5");
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "U"), "2.0");
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "near_limit"), "true");
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "decision"), "pass");
	ck_assert_str_eq(figure_member(simple, "ACC-BPB-SYS-01", "rule"), "simple");
	ck_assert_str_eq(figure_member(guard, "ACC-BPB-SYS-01", "decision"), "conditional_pass");
	ck_assert_str_eq(figure_member(guard, "ACC-BPB-DIA-01", "decision"), "conditional_pass");
	ck_assert_str_eq(figure_member(guard, "ACC-BPB-SYS-01", "guard_band"), "2.0");
	ck_assert(json_object_object_get_ex(guard, "summary", &sum));
	ck_assert(json_object_object_get_ex(sum, "inconclusive", &v));
	ck_assert_int_eq(json_object_get_int(v), 2);
	ck_assert(json_object_object_get_ex(sum, "pass", &v));
	ck_assert_int_eq(json_object_get_int(v), 2);
	/* JUnit and the report say the same */
	ck_assert_int_eq(count_in(row_dir("fault-accuracy-bp-bench-bias4-simple"), "junit.xml",
				  "<failure"), 0);
	ck_assert_int_eq(count_in(row_dir("fault-accuracy-bp-bench-bias4-guard-band"), "junit.xml",
				  "type=\"inconclusive\">"), 2);
	ck_assert_int_eq(count_in(row_dir("fault-accuracy-bp-bench-bias4-guard-band"), "junit.xml",
				  "conditional_pass (guard_band)"), 2);
	for (int zh = 0; zh < 2; zh++) {
		char cmd[8800], *out;
		const char *d = row_dir("fault-accuracy-bp-bench-bias4-guard-band");

		snprintf(cmd, sizeof(cmd), "%s/carecert report --no-pdf %s -o '%s/rep' '%s/run'",
			 tu_bindir(), zh ? "--lang zh" : "", d, d);
		ck_assert_int_eq(tu_run(cmd, &out), 0);
		free(out);
		ck_assert_int_eq(count_in(d, zh ? "rep/report-zh.html" : "rep/report.html",
					  zh ? "有条件通过（不算通过）" : "conditional pass (not a pass)"),
				 2);
		ck_assert_int_ge(count_in(d, zh ? "rep/report-zh.html" : "rep/report.html",
					  zh ? "距限值在 U 以内" : "within U of the limit"),
				 2);
	}
	json_object_put(simple);
	json_object_put(guard);
	/* guarded acceptance without U: EC57's criterion row no pass either */
	guard = row_record("fault-serial-ecg-guard-band-no-u");
	if (guard) {
		json_object *cases, *acc, *crit;

		ck_assert(json_object_object_get_ex(guard, "cases", &cases));
		for (size_t i = 0; i < json_object_array_length(cases); i++)
			if (json_object_object_get_ex(json_object_array_get_idx(cases, i), "accuracy",
						      &acc) &&
			    json_object_array_length(acc)) {
				ck_assert(json_object_object_get_ex(json_object_array_get_idx(acc, 0),
								    "criteria", &crit));
				ck_assert_str_eq(json_object_get_string(json_object_object_get(
						     json_object_array_get_idx(crit, 0), "verdict")),
						 "inconclusive");
			}
		json_object_put(guard);
	}
}
END_TEST

/* A case that passes only after a retry says so: never a clean pass. */
START_TEST(test_retry_reported)
{
	char *dir = tu_mkdtemp(), cmd[8400], path[4200], *out;
	json_object *root, *cases, *c = NULL, *prev;
	int status;

	snprintf(cmd, sizeof(cmd),
		 "%s/carecert run profiles/fault-serial-bp-intermittent.yaml -q --out '%s'",
		 tu_bindir(), dir);
	status = tu_run(cmd, &out);
	ck_assert_int_eq(status, 0);
	ck_assert_msg(strstr(out, "1 passed on retry"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/result.json", dir);
	root = json_object_from_file(path);
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	for (size_t i = 0; i < json_object_array_length(cases); i++)
		if (!strcmp(jget(json_object_array_get_idx(cases, i), "id"),
			    "BPM-SER-ID-01"))
			c = json_object_array_get_idx(cases, i);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(jget(c, "verdict"), "pass");
	ck_assert_str_eq(jget(c, "reason"), "passed on attempt 2 of 3");
	ck_assert(json_object_object_get_ex(c, "previous_attempts", &prev));
	ck_assert_uint_eq(json_object_array_length(prev), 1);
	ck_assert_str_eq(jget(json_object_array_get_idx(prev, 0), "verdict"), "fail");
	json_object_put(root);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_validate_broken_profile)
{
	char *dir = tu_mkdtemp(), cmd[8400], *out, *path;
	int status;

	path = tu_write(dir, "broken.yaml",
			"schema: carecert/profile/1\n"
			"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\"}\n"
			"transport: {kind: serial, port: /dev/null, baud: fast}\n"
			"suites: [serial-bp-protocol]\n"
			"suites_dir: SUITES\n");
	snprintf(cmd, sizeof(cmd), "sed -i \"s|SUITES|$PWD/suites|\" '%s' && "
		 "%s/carecert validate '%s'", path, tu_bindir(), path);
	status = tu_run(cmd, &out);
	ck_assert_int_eq(status, 2);
	ck_assert_msg(strstr(out, "broken.yaml:2:6: missing required key 'serial_number'"), "%s", out);
	ck_assert_msg(strstr(out, "broken.yaml:3:50: unsupported baud rate 'fast'"), "%s", out);
	free(out);
	free(path);

	snprintf(cmd, sizeof(cmd), "%s/carecert validate profiles/*.yaml suites/*.yaml",
		 tu_bindir());
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 0, "%s", out);
	free(out);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_list_and_coverage)
{
	char cmd[4200], *out;

	snprintf(cmd, sizeof(cmd), "%s/carecert list profiles/demo-serial-bp.yaml", tu_bindir());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_msg(strstr(out, "BPM-SER-USR-01") &&
		      strstr(out, "DUT does not claim feature 'multiple_users'"), "%s", out);
	ck_assert(strstr(out, "17 cases, 16 applicable, 1 not applicable"));
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/carecert coverage suites/", tu_bindir());
	ck_assert_int_eq(tu_run(cmd, &out), 0);
	ck_assert_msg(strstr(out, "BPM-SER-REC-02") && strstr(out, "4.9"), "%s", out);
	ck_assert_msg(strstr(out, "without a case"), "%s", out);
	free(out);
}
END_TEST

/* An unreachable DUT: exit 3, every applicable case errors, record says why. */
START_TEST(test_unreachable_dut)
{
	char *dir = tu_mkdtemp(), cmd[8400], path[4200], *out, *prof;
	json_object *root;
	int status;

	prof = tu_write(dir, "profiles/gone.yaml",
			"schema: carecert/profile/1\n"
			"dut: {category: blood_pressure, vendor: V, model: M, firmware: \"1\", serial_number: S}\n"
			"transport: {kind: serial, port: /dev/ttyNOSUCH0}\n"
			"suites: [serial-bp-protocol]\n"
			"suites_dir: SUITES\n");
	snprintf(cmd, sizeof(cmd), "sed -i \"s|SUITES|$PWD/suites|\" '%s' && "
		 "%s/carecert run -q '%s' --out '%s/run'", prof, tu_bindir(), prof, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 3, "exit %d: %s", status, out);
	ck_assert_msg(strstr(out, "ttyNOSUCH0"), "%s", out);
	free(out);
	snprintf(path, sizeof(path), "%s/run/result.json", dir);
	root = json_object_from_file(path);
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(jget(root, "status"), "aborted");
	ck_assert(strstr(jget(root, "abort_reason"), "ttyNOSUCH0"));
	json_object_put(root);
	free(prof);
	tu_rmdir(dir);
}
END_TEST

/* Read exactly n bytes from the link within 2 s. */
static void read_exact(struct transport *t, struct buf *b, size_t n)
{
	int64_t deadline = mono_now_ns() + 2 * NSEC_PER_SEC;

	while (b->len < n)
		ck_assert_int_eq(transport_recv(t, b, deadline, NULL), 0);
}

/* The worked examples of docs/serial-bp-protocol.md are the simulator's
 * real bytes: the ID reply and the first stored record frame. */
START_TEST(test_protocol_doc_examples)
{
	static const uint8_t first_record[] = {
		0xA5, 0x5A, 0x01, 0x13, 0x00, 0x00, 0xEA, 0x07, 0x01, 0x01, 0x08,
		0x00, 0x00, 0x00, 0x76, 0x00, 0x4E, 0x00, 0x5B, 0x00, 0x46, 0x00,
		0x00, 0x3B, 0xDC,
	};
	static const char id_reply[] = "$ID,Acme Medical,BP-100,1.4.2,SIM-000123*0F\r\n";
	char *dir = tu_mkdtemp(), log[4200], link[256], err[256];
	const char *keys[] = { "port" }, *vals[] = { link };
	struct simproc *sim = NULL;
	struct transport *t;
	struct buf b;
	int status;

	setenv("CARECERT_SIM_DIR", tu_bindir(), 1);
	snprintf(log, sizeof(log), "%s/sim.log", dir);
	ck_assert_msg(simproc_start("serial-bp", NULL, log, link, sizeof(link), &sim,
				    err, sizeof(err)) == 0, "%s", err);
	t = transport_new(transport_find("serial"), keys, vals, 1, NULL);
	ck_assert_msg(transport_open(t, err, sizeof(err)) == 0, "%s", err);
	buf_init(&b, 4096);
	ck_assert_int_eq(transport_send(t, (const uint8_t *)"$ID*0D\r\n", 8, NULL), 0);
	read_exact(t, &b, sizeof(id_reply) - 1);
	ck_assert_str_eq(buf_str(&b), id_reply);
	buf_reset(&b);
	/* XOR-8 of "DUMP" is 0x0C */
	ck_assert_int_eq(transport_send(t, (const uint8_t *)"$DUMP*0C\r\n", 10, NULL), 0);
	read_exact(t, &b, sizeof(first_record));
	ck_assert_mem_eq(b.data, first_record, sizeof(first_record));
	buf_release(&b);
	transport_free(t);
	simproc_stop(sim, &status);
	ck_assert_int_eq(status, 0); /* it ends cleanly on SIGTERM */
	tu_rmdir(dir);
}
END_TEST

/* The simulated ECG monitor played the real MIT-BIH record 100s (from
 * ../shared, when it is there), judged against its reference annotations:
 * the detector finds every beat; dropping 5 % of them fails. */
START_TEST(test_ecg_real_record)
{
	char rec[4200], cmd[8400], *dir, *suite, *profile, *out, *src, *text;
	json_object *root, *cases, *c, *acc;
	int status;

	snprintf(rec, sizeof(rec), "%s/../shared/data/ecg/mitdb-100s/100s.hea", tu_top());
	if (access(rec, R_OK)) {
		fprintf(stderr, "note: ../shared/data/ecg absent, real-record ECG test skipped\n");
		return;
	}
	ck_assert_ptr_nonnull(realpath(rec, cmd));
	cmd[strlen(cmd) - 4] = 0; /* the record, without .hea */
	snprintf(rec, sizeof(rec), "%s", cmd);
	snprintf(cmd, sizeof(cmd), "%s/suites/ecg-beats.yaml", tu_top());
	src = tu_slurp(cmd);
	ck_assert_ptr_nonnull(src);
	/* the same suite, its reference the record's annotations */
	text = malloc(strlen(src) + 8192);
	ck_assert_ptr_nonnull(text);
	{
		char *ref = strstr(src, "          reference:"), *win = strstr(src, "          window:");
		char *id = strstr(src, "id: ecg-beats\n");

		ck_assert(ref && win && id && id < ref);
		snprintf(text, strlen(src) + 8192, "%.*sid: ecg-beats-record\n%.*s          reference: {wfdb: %s}\n%s",
			 (int)(id - src), src, (int)(ref - id - 14), id + 14, rec, win);
	}
	dir = tu_mkdtemp();
	suite = tu_write(dir, "suites/ecg-beats-record.yaml", text);
	snprintf(cmd, sizeof(cmd),
		 "schema: carecert/profile/1\n"
		 "dut: {category: ecg, vendor: Acme Medical, model: EC-1 Monitor, firmware: 0.9.1, serial_number: SIM-ECG-0001}\n"
		 "transport: {kind: serial, port: sim, baud: 115200}\n"
		 "simulator: {program: serial-ecg, args: [--wfdb, %s]}\n"
		 "suites: [ecg-beats-record]\n", rec);
	profile = tu_write(dir, "profiles/p.yaml", cmd);
	snprintf(cmd, sizeof(cmd), "%s/carecert run -q '%s' --out '%s/good'", tu_bindir(), profile, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 0, "%s", out);
	free(out);
	snprintf(cmd, sizeof(cmd), "%s/good/result.json", dir);
	root = json_object_from_file(cmd);
	ck_assert(json_object_object_get_ex(root, "cases", &cases));
	c = json_object_array_get_idx(cases, 1);
	ck_assert(json_object_object_get_ex(c, "accuracy", &acc));
	acc = json_object_array_get_idx(acc, 0);
	ck_assert_str_eq(jget(acc, "tp"), "74"); /* every annotated beat of 100s */
	ck_assert_str_eq(jget(acc, "fn"), "0");
	ck_assert_str_eq(jget(acc, "fp"), "0");
	json_object_put(root);
	snprintf(cmd, sizeof(cmd), "%s/carecert run '%s' --fault miss_beats --out '%s/bad'",
		 tu_bindir(), profile, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 1 && strstr(out, "FN 3"), "%s", out);
	free(out);
	free(src);
	free(text);
	free(suite);
	free(profile);
	tu_rmdir(dir);
}
END_TEST

/* The ECG monitor refuses a stimulus it cannot play, saying why, and the
 * rate it shows follows the beats it reports: over the first HR lines of a
 * 60 bpm stimulus each rate is 60 over the mean RR so far. */
START_TEST(test_ecg_stimulus_protocol)
{
	char cmd[8400], *dir, *suite, *profile, *out;
	int status;

	dir = tu_mkdtemp();
	suite = tu_write(dir, "suites/ecg-stim.yaml",
		"schema: carecert/suite/1\nid: ecg-stim\ntitle: stimulus commands\nversion: \"1\"\n"
		"category: ecg\ntransport: serial\nline: {terminator: \"\\r\\n\", max_length: 96}\n"
		"requirements: [{standard: S, clause: \"1\", title: t}]\n"
		"cases:\n"
		"  - id: ECG-STIM-01\n    title: refused stimuli\n    requirement: {standard: S, clause: \"1\"}\n"
		"    steps:\n"
		"      - send: {text: \"START RATE,400,20\\r\\n\"}\n"
		"      - expect: {text: \"^ERR,ecgsyn: mean heart rate 400 outside\", within: 5 s}\n"
		"      - send: {text: \"START STEP,80,120,50,40\\r\\n\"}\n"
		"      - expect: {text: \"^ERR,ecgsyn: rate change 1 at 50 s\", within: 5 s}\n"
		"      - send: {text: \"START STEP,80,120\\r\\n\"}\n"
		"      - expect: {text: \"^ERR,stimulus$\", within: 5 s}\n"
		"  - id: ECG-STIM-02\n    title: rates shown from the reported beats\n    requirement: {standard: S, clause: \"1\"}\n"
		"    steps:\n"
		"      - send: {text: \"START RATE,60,8\\r\\n\"}\n"
		"      - expect: {text: \"^BEAT,([0-9.]+)$\", capture: [b0], within: 5 s}\n"
		"      - expect: {text: \"^BEAT,([0-9.]+)$\", capture: [b1], within: 5 s}\n"
		"      - expect: {text: \"^HR,([0-9.]+),([0-9]+)$\", capture: [s1, hr1], within: 5 s}\n"
		"      - assert: {value: \"${hr1}\", min: 59, max: 61}\n"
		"      # shown after the beat, by the detector's delay (under 1 s)\n"
		"      - assert: {value: \"${s1}\", min: \"${b1}\"}\n"
		"      - expect: {text: \"^BEAT,([0-9.]+)$\", within: 5 s}\n"
		"      - expect: {text: \"^HR,([0-9.]+),([0-9]+)$\", capture: [s2, hr2], within: 5 s}\n"
		"      - assert: {value: \"${hr2}\", min: 59, max: 61}\n");
	profile = tu_write(dir, "profiles/p.yaml",
		"schema: carecert/profile/1\n"
		"dut: {category: ecg, vendor: Acme Medical, model: EC-1 Monitor, firmware: 0.9.1, serial_number: SIM-ECG-0001}\n"
		"transport: {kind: serial, port: sim, baud: 115200}\n"
		"simulator: {program: serial-ecg, args: [--hr-std, \"0\"]}\n"
		"suites: [ecg-stim]\n");
	snprintf(cmd, sizeof(cmd), "%s/carecert run '%s' --out '%s/run'", tu_bindir(), profile, dir);
	status = tu_run(cmd, &out);
	ck_assert_msg(status == 0, "%s", out);
	free(out);
	free(suite);
	free(profile);
	tu_rmdir(dir);
}
END_TEST

/* The committed study fixtures are exactly what the generator makes from
 * the arguments in their MANIFEST: traceable, not hand-edited. */
START_TEST(test_study_fixtures_regenerate)
{
	char path[4200], line[512], cmd[8400], *out, *want;
	unsigned checked = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/fixtures/studies/MANIFEST", tu_top());
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		char *args, *file = line;

		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || !line[0])
			continue;
		args = strchr(line, ' ');
		ck_assert_ptr_nonnull(args);
		*args++ = 0;
		snprintf(cmd, sizeof(cmd), "%s/carecert-sim-study %s", tu_bindir(), args);
		ck_assert_int_eq(tu_run(cmd, &out), 0);
		snprintf(path, sizeof(path), "%s/fixtures/studies/%s", tu_top(), file);
		want = tu_slurp(path);
		ck_assert_ptr_nonnull(want);
		ck_assert_msg(!strcmp(out, want), "%s differs from carecert-sim-study %s", file, args);
		free(want);
		free(out);
		checked++;
	}
	fclose(f);
	ck_assert_uint_ge(checked, 12);
}
END_TEST

/* ---- every run rendered (issue 20) ------------------------------------ */

/* The runs of the table (the folders above: no device is run again)
 * reported by `carecert report DIR... --lang ...` (one browser for many
 * reports; two commands side by side): which runs in which languages is
 * CARECERT_RENDER's (below; the whole matrix with "all"). Every PDF page
 * is turned into a PNG (pdftoppm, 30 dpi) and each report.html
 * photographed by Chromium (the first 1280 x 900 px), all kept in
 * BUILD/render/ to be looked at, with each PDF's text. Asserted for each report: the PDF has
 * pages and none is blank (each page's PNG is larger than a blank page's,
 * printed by the same browser), the screenshot is not blank, the PDF's
 * text holds the overall verdict in the report's language and every case
 * id, and no raw category value (blood_pressure) is shown. */
#define RENDER_DPI "30"
#define RENDER_PROCS 2

static int run_quiet(const char *cmd)
{
	char *o = NULL;
	int rc = tu_run(cmd, &o);

	free(o);
	return rc;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

/* Sizes of a blank page: its PDF page as PNG, and a blank HTML shot. */
static void blank_sizes(struct browser *b, const char *dir, off_t *page, off_t *shot)
{
	char html[4300], pdf[4300], png[4300], cmd[9000], err[256];
	int64_t dl = mono_now_ns() + 60 * NSEC_PER_SEC;
	glob_t g;

	free(tu_write(dir, "blank.html",
		      "<!DOCTYPE html><html><head><style>@page{size:A4;margin:20mm}</style>"
		      "</head><body></body></html>"));
	snprintf(html, sizeof(html), "%s/blank.html", dir);
	snprintf(pdf, sizeof(pdf), "%s/blank.pdf", dir);
	snprintf(png, sizeof(png), "%s/blank-shot.png", dir);
	ck_assert_msg(!chrome_load_file(b, html, dl, err, sizeof(err)), "%s", err);
	ck_assert_msg(!chrome_print_pdf(b, pdf, dl, err, sizeof(err)), "%s", err);
	ck_assert_msg(!chrome_screenshot(b, 1280, 900, 0, png, dl, err, sizeof(err)), "%s", err);
	*shot = file_size(png);
	snprintf(cmd, sizeof(cmd), "pdftoppm -r " RENDER_DPI " -png '%s' '%s/blank-page'", pdf, dir);
	ck_assert_int_eq(run_quiet(cmd), 0);
	snprintf(png, sizeof(png), "%s/blank-page-*.png", dir);
	ck_assert_int_eq(glob(png, 0, NULL, &g), 0);
	*page = file_size(g.gl_pathv[0]);
	globfree(&g);
	ck_assert_int_gt(*page, 0);
	ck_assert_int_gt(*shot, 0);
}

static void check_rendered(size_t i, const char *lang, const char *out, off_t blank_page,
			   off_t blank_shot)
{
	enum label_lang ll = strcmp(lang, "zh") ? LANG_EN : LANG_ZH;
	char path[4300], pattern[4400], *text, *rec;
	json_object *root, *cases, *v, *dut, *cat;
	glob_t g;

	snprintf(path, sizeof(path), "%s/run/result.json", run_dirs[i]);
	rec = tu_slurp(path);
	ck_assert_ptr_nonnull(rec);
	root = json_tokener_parse(rec);
	free(rec);
	ck_assert_ptr_nonnull(root);
	/* every page an image, none blank */
	snprintf(pattern, sizeof(pattern), "%s/%s-%s-[0-9]*.png", out, table[i].profile, lang);
	ck_assert_msg(!glob(pattern, 0, NULL, &g) && g.gl_pathc > 0,
		      "%s %s: the PDF has no page (see %s/report-*.txt)", table[i].profile, lang,
		      out);
	for (size_t p = 0; p < g.gl_pathc; p++)
		ck_assert_msg(file_size(g.gl_pathv[p]) > blank_page + blank_page / 2,
			      "%s: a blank page (%lld bytes, a blank page has %lld)",
			      g.gl_pathv[p], (long long)file_size(g.gl_pathv[p]),
			      (long long)blank_page);
	globfree(&g);
	snprintf(path, sizeof(path), "%s/%s-%s-html.png", out, table[i].profile, lang);
	ck_assert_msg(file_size(path) > blank_shot + blank_shot / 2,
		      "%s: the HTML's screenshot is missing or blank", path);
	/* the text: the verdict in this language, every case, no raw enum */
	snprintf(path, sizeof(path), "%s/%s-%s.txt", out, table[i].profile, lang);
	text = tu_slurp(path);
	ck_assert_msg(text && *text, "%s: no text", path);
	ck_assert(json_object_object_get_ex(root, "verdict", &v));
	ck_assert_msg(strstr(text, label_verdict(ll, json_object_get_string(v))),
		      "%s %s: the verdict '%s' is not in the PDF", table[i].profile, lang,
		      label_verdict(ll, json_object_get_string(v)));
	if (json_object_object_get_ex(root, "cases", &cases))
		for (size_t k = 0; k < json_object_array_length(cases); k++) {
			json_object *id;
			const char *ids;

			if (!json_object_object_get_ex(json_object_array_get_idx(cases, k), "id",
						       &id))
				continue;
			ids = json_object_get_string(id);
			ck_assert_msg(strstr(text, ids), "%s %s: case %s is not in the PDF",
				      table[i].profile, lang, ids);
		}
	if (json_object_object_get_ex(root, "dut", &dut) &&
	    json_object_object_get_ex(dut, "category", &cat) &&
	    strchr(json_object_get_string(cat), '_'))
		ck_assert_msg(!strstr(text, json_object_get_string(cat)),
			      "%s %s: the raw category '%s' is shown", table[i].profile, lang,
			      json_object_get_string(cat));
	free(text);
	json_object_put(root);
}

START_TEST(test_render_all)
{
	static const char *const langs[] = { "en", "zh" };
	char out[PATH_MAX], top[PATH_MAX], err[512], *cmds[3 * RENDER_PROCS];
	char **work = calloc(NTABLE * 2, sizeof(char *));
	size_t rendered[NTABLE], n = 0, nw = 0, ncmds = 0, nlang = 0;
	unsigned want[NTABLE]; /* bit 0: English, bit 1: Chinese */
	pid_t pages;
	struct browser *b = NULL;
	struct browser_opts bo = { .exe = "chromium" };
	char *tmp = tu_mkdtemp();
	off_t blank_page, blank_shot;
	int64_t t0 = mono_now_ns(), t_rep, t_png, t_shot;
	struct rusage ru0, ru1;

	getrusage(RUSAGE_CHILDREN, &ru0);

	ck_assert_ptr_nonnull(realpath(tu_top(), top));
	snprintf(out, sizeof(out), "%s/render", tu_bindir());
	if (out[0] != '/') {
		char rel[PATH_MAX];

		snprintf(rel, sizeof(rel), "%s/%s", top, out);
		snprintf(out, sizeof(out), "%s", rel);
	}
	ck_assert_int_eq(mkdir_p(out), 0);
	if (!getenv("CARECERT_RENDER") || strcmp(getenv("CARECERT_RENDER"), "none")) {
		char cmd[PATH_MAX + 64];

		snprintf(cmd, sizeof(cmd), "rm -f '%s'/*.png '%s'/*.txt", out, out);
		ck_assert_int_eq(run_quiet(cmd), 0);
	}
	for (size_t i = 0; i < NTABLE; i++) {
		char rec[4300];

		snprintf(rec, sizeof(rec), "%s/run/result.json", run_dirs[i] ? run_dirs[i] : "/");
		if (run_dirs[i] && file_size(rec) > 0)
			rendered[n++] = i;
	}
	ck_assert_uint_gt(n, 0);
	/* the reports: two commands, each one browser for its half */
	/* the languages of each run (bit 0 English, bit 1 Chinese; 0: not
	 * rendered), by CARECERT_RENDER: "all" every run in both (the whole
	 * matrix: minutes); "runs" a demo in both and each fault run in one,
	 * English and Chinese in turn; unset, within make check's budget,
	 * the demos in both and the faults that put hostile bytes in the
	 * record (garbage, malformed, hostile, disconnect) in one; "none"
	 * nothing (the sanitizer build) */
	for (size_t j = 0, faults = 0; j < n; j++) {
		const char *mode = getenv("CARECERT_RENDER") ? getenv("CARECERT_RENDER") : "";
		const char *prof = table[rendered[j]].profile;
		bool fault = !strncmp(prof, "fault-", 6);
		bool hostile = strstr(prof, "garbage") || strstr(prof, "malformed") ||
			       strstr(prof, "hostile") || strstr(prof, "disconnect");

		if (!strcmp(mode, "none"))
			want[j] = 0;
		else if (!fault || !strcmp(mode, "all"))
			want[j] = 3;
		else if (!strcmp(mode, "runs") || hostile)
			want[j] = 1u << (faults++ % 2);
		else
			want[j] = 0;
	}
	for (size_t j = 0; j < n; j++)
		nlang += want[j] != 0;
	if (!nlang) {
		tu_rmdir(tmp);
		free(work);
		return;
	}
	nlang = 0;
	/* the reports: per language set, two commands side by side, each
	 * one browser for its half */
	for (unsigned set = 1; set <= 3; set++)
		for (size_t k = 0; k < RENDER_PROCS; k++) {
			size_t len = 256 + n * 4400, off, any = 0;
			char *c = malloc(len);

			off = (size_t)snprintf(c, len, "cd '%s' && %s/carecert report", top,
					       tu_bindir());
			for (size_t j = 0, m = 0; j < n; j++)
				if (want[j] == set && m++ % RENDER_PROCS == k) {
					off += (size_t)snprintf(c + off, len - off, " '%s/run'",
								run_dirs[rendered[j]]);
					any++;
				}
			snprintf(c + off, len - off, " --lang %s --lab 'Test Lab' >'%s/report-%u-%zu.txt' 2>&1",
				 set == 3 ? "en,zh" : set == 1 ? "en" : "zh", out, set, k);
			if (any)
				cmds[ncmds++] = c;
			else
				free(c);
		}
	tu_run_parallel(cmds, ncmds, RENDER_PROCS);
	t_rep = mono_now_ns();
	for (size_t k = 0; k < ncmds; k++)
		free(cmds[k]);
	/* every page as PNG, and the text */
	for (size_t j = 0; j < n; j++)
		for (size_t l = 0; l < 2; l++) {
			const char *d = run_dirs[rendered[j]], *sfx = l ? "-zh" : "";

			if (!(want[j] & (1u << l)))
				continue;
			work[nw] = malloc(16000);
			snprintf(work[nw++], 16000,
				 "pdftoppm -r " RENDER_DPI " -png '%s/run/report%s.pdf' '%s/%s-%s' "
				 "2>/dev/null; pdftotext '%s/run/report%s.pdf' '%s/%s-%s.txt' "
				 "2>/dev/null",
				 d, sfx, out, table[rendered[j]].profile, langs[l], d, sfx, out,
				 table[rendered[j]].profile, langs[l]);
		}
	/* pages and text two at a time beside the HTML shots: the shots end
	 * first, and one converter alone left a core idle for a minute */
	pages = fork();
	ck_assert_int_ge(pages, 0);
	if (pages == 0) {
		tu_run_parallel(work, nw, 2);
		_exit(0);
	}
	/* the HTML as a browser shows it */
	ck_assert_msg(!browser_start(&bo, mono_now_ns() + 60 * NSEC_PER_SEC, &b, err, sizeof(err)),
		      "chromium: %s", err);
	blank_sizes(b, tmp, &blank_page, &blank_shot);
	for (size_t j = 0; j < n; j++)
		for (size_t l = 0; l < 2; l++) {
			char html[4300], png[PATH_MAX + 300];
			int64_t dl = mono_now_ns() + 60 * NSEC_PER_SEC;

			if (!(want[j] & (1u << l)))
				continue;
			snprintf(html, sizeof(html), "%s/run/report%s.html", run_dirs[rendered[j]],
				 l ? "-zh" : "");
			snprintf(png, sizeof(png), "%s/%s-%s-html.png", out,
				 table[rendered[j]].profile, langs[l]);
			if (file_size(html) <= 0)
				continue; /* check_rendered says which */
			ck_assert_msg(!chrome_load_file(b, html, dl, err, sizeof(err)) &&
					  !chrome_screenshot(b, 1280, 900, 0, png, dl, err,
							     sizeof(err)),
				      "%s: %s", html, err);
		}
	browser_stop(b);
	t_shot = mono_now_ns();
	ck_assert_int_eq(waitpid(pages, NULL, 0), pages);
	t_png = mono_now_ns();
	for (size_t j = 0; j < n; j++)
		for (size_t l = 0; l < 2; l++)
			if (want[j] & (1u << l)) {
				check_rendered(rendered[j], langs[l], out, blank_page, blank_shot);
				nlang++;
			}
	getrusage(RUSAGE_CHILDREN, &ru1);
	printf("render: %zu runs, %zu reports in %.1f s (reports %.1f, HTML shots %.1f and "
	       "pages %.1f side by side; CPU of the tools %.1f s), pages and screenshots in %s\n",
	       n, nlang, (double)(mono_now_ns() - t0) / 1e9, (double)(t_rep - t0) / 1e9,
	       (double)(t_shot - t_rep) / 1e9, (double)(t_png - t_rep) / 1e9,
	       (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec -
			ru0.ru_stime.tv_sec) +
		   (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec -
			    ru0.ru_stime.tv_usec) /
		       1e6,
	       out);
	for (size_t k = 0; k < nw; k++)
		free(work[k]);
	free(work);
	tu_rmdir(tmp);
}
END_TEST

/* Issue 20: the Chinese report in Chinese. Every piece of carecert's own
 * text in every run's record (reasons, evidence messages and expected
 * texts, the families' summaries, accuracy criteria and methods) put
 * through the report's phrases with the device's data masked: no English
 * word of carecert's may be left (tests/zhwords.c says what counts). */
struct zh_seen {
	const char *profile;
	char *text;
	size_t len, n;
};

static void zh_note(void *arg, const char *where, const char *en, const char *zh, const char *word)
{
	struct zh_seen *z = arg;

	if (z->n++ >= 12 || z->len > 6000)
		return;
	z->len += (size_t)snprintf(z->text + z->len, 8192 - z->len, "\n  %s %s: '%s' in \"%.160s\" -> \"%.160s\"",
				   z->profile, where, word, en, zh);
}

START_TEST(test_zh_words)
{
	struct zh_seen z = { NULL, calloc(1, 8192), 0, 0 };
	size_t runs = 0;

	for (size_t i = 0; i < NTABLE; i++) {
		char path[4300];
		json_object *root;

		if (!run_dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/run/result.json", run_dirs[i]);
		if (!(root = json_object_from_file(path)))
			continue;
		z.profile = table[i].profile;
		zh_leftovers(root, zh_note, &z);
		json_object_put(root);
		runs++;
	}
	ck_assert_uint_gt(runs, 0);
	ck_assert_msg(z.n == 0, "%zu pieces of carecert's text stay English in Chinese reports:%s", z.n,
		      z.text);
	free(z.text);
}
END_TEST

/* A profile added to profiles/ without an expectation here would go
 * untested. */
START_TEST(test_every_profile_expected)
{
	char pattern[4200];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/profiles/*.yaml", tu_top());
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 5);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		size_t k;

		for (k = 0; k < sizeof(table) / sizeof(table[0]); k++)
			if (!strncmp(base, table[k].profile, strlen(table[k].profile)) &&
			    !strcmp(base + strlen(table[k].profile), ".yaml"))
				break;
		ck_assert_msg(k < sizeof(table) / sizeof(table[0]),
			      "profiles/%s has no expectation in itest-profiles.c", base);
	}
	globfree(&g);
}
END_TEST

Suite *suite_itest_profiles(void)
{
	Suite *s = suite_create("itest-profiles");
	TCase *tc = tcase_create("profiles");

	/* 180 s each; the render test needs more on a loaded machine */
	tcase_set_timeout(tc, 420);
	tcase_add_unchecked_fixture(tc, run_all_profiles, remove_run_dirs);
	tcase_add_loop_test(tc, test_profile_verdicts, 0, NTABLE);
	tcase_add_test(tc, test_records_match_schema);
	tcase_add_test(tc, test_records_strict_json);
	tcase_add_test(tc, test_every_profile_expected);
	tcase_add_test(tc, test_decision_rule);
	tcase_add_test(tc, test_study_fixtures_regenerate);
	tcase_add_test(tc, test_ecg_real_record);
	tcase_add_test(tc, test_ecg_stimulus_protocol);
	tcase_add_test(tc, test_retry_reported);
	tcase_add_test(tc, test_validate_broken_profile);
	tcase_add_test(tc, test_list_and_coverage);
	tcase_add_test(tc, test_unreachable_dut);
	tcase_add_test(tc, test_protocol_doc_examples);
	tcase_add_test(tc, test_render_all);
	tcase_add_test(tc, test_zh_words);
	suite_add_tcase(s, tc);
	return s;
}
