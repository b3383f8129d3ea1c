#!/bin/sh
# make demo: certify the simulated devices and show a fault being caught.
# Usage: tools/demo.sh BUILD_DIR
set -eu
build=${1:-build}
cc="$build/carecert"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="reports/out/demo-$stamp"

# good PROFILE RUN TITLE: a good device; every applicable case must pass.
good() {
	echo "== $3"
	status=0
	$cc run "profiles/$1.yaml" --out "$out/$2" --junit "$out/$2/junit.xml" || status=$?
	if [ "$status" != 0 ]; then
		echo "demo: $1 did not pass (exit $status)" >&2
		exit "$status"
	fi
	echo
}

# caught PROFILE RUN TITLE: an injected fault; the run must fail (exit 1).
caught() {
	echo "== $3: must be caught"
	fstatus=0
	$cc run "profiles/$1.yaml" --out "$out/$2" || fstatus=$?
	if [ "$fstatus" != 1 ]; then
		echo "demo: $1 was not caught (exit $fstatus, expected 1)" >&2
		exit 1
	fi
	echo
}

echo "== carecert $($cc --version | cut -d' ' -f2-)"
echo
echo "== validate every profile (and the suites they name)"
$cc validate profiles/*.yaml
echo
echo "== requirements coverage of the suites"
$cc coverage suites/
echo
echo "== test plan for the demo blood-pressure monitor"
$cc list profiles/demo-serial-bp.yaml
echo
good demo-serial-bp serial-bp "certification run: simulated serial blood-pressure monitor"
echo "== certification report of that run, in English and in Chinese"
$cc report "$out/serial-bp"
$cc report "$out/serial-bp" --lang zh
echo
# The Bluetooth LE devices: each good device must pass everything.
for dev in "ble-bp:Bluetooth LE blood-pressure monitor" \
	   "ble-hr:Bluetooth LE heart-rate strap" \
	   "ble-glucose:Bluetooth LE glucose meter (record access)" \
	   "ble-plx:Bluetooth LE pulse oximeter" \
	   "ble-thermo:Bluetooth LE thermometer"; do
	name=${dev%%:*}
	good "demo-$name" "$name" "certification run: simulated ${dev#*:}"
	$cc report "$out/$name"
	echo
done
good demo-serial-ecg serial-ecg \
	"certification run: simulated serial ECG monitor, beat by beat against a synthetic ECG"
good demo-serial-ecg-hr serial-ecg-hr \
	"certification run: the same monitor's heart rate (EC13 accuracy, response to 80->120 / 80->40 bpm steps)"

# Accuracy: validation studies (simulated, fixtures/studies/) judged by the
# standards' statistics; then the benches with their reference instruments.
for kind in bp glucose spo2 hr temp; do
	good "demo-accuracy-$kind" "accuracy-$kind" "accuracy: $kind study"
done
good demo-accuracy-bp-bench accuracy-bp-bench \
	"accuracy on a bench: the monitor's cuff on a simulated patient simulator"
good demo-accuracy-spo2-bench accuracy-spo2-bench \
	"accuracy on a bench: the oximeter's sensor on a simulated SpO2 patient simulator"
good demo-accuracy-temp-bench accuracy-temp-bench \
	"accuracy on a bench: the thermometer's probe in a simulated reference bath"
caught fault-accuracy-bp-bias6 accuracy-bp-bias6 \
	"accuracy: a monitor reading 6 mmHg high (ISO 81060-2)"

# Positioning: a GNSS tracker on a GNSS signal simulator (ISO/IEC 18305
# figures, NMEA 0183 conformance, geofence alarms), and one that freezes.
good demo-gnss-tracker gnss-tracker \
	"certification run: simulated GNSS location tracker on a simulated GNSS signal simulator"
$cc report "$out/gnss-tracker"
caught fault-gnss-tracker-freeze gnss-tracker-freeze \
	"a tracker repeating its last fix as valid while no satellite is received"
good demo-indoor-tags indoor-tags \
	"certification run: simulated indoor tag platform (JSON over HTTP), its tag on a walking robot"
echo
# Fall detection: SisFall trials replayed into a BLE fall pendant by a
# simulated motion replay instrument (time-compressed; the record says so).
good demo-fall-wearable fall-wearable \
	"certification run: simulated fall-detection pendant on a motion replay bench (SisFall trials)"
$cc report "$out/fall-wearable"
$cc report "$out/fall-wearable" --lang zh
caught fault-fall-wearable-miss-backward-lateral fall-wearable-miss-backward-lateral \
	"a fall detector that misses backward and lateral falls"

good demo-http-gw http-gw \
	"certification run: simulated HTTPS health gateway (FHIR R4 API, ETSI EN 303 645 checks)"
good demo-web-app web-app \
	"the gateway's companion web app in a headless Chromium: ageing-friendly (适老化) and WCAG 2.1 AA"
caught fault-web-small-buttons web-app-small-buttons \
	"a companion web app with 30 px buttons in its elderly mode"
$cc report "$out/web-app-small-buttons"
echo
good demo-ble-bp-gateway ble-bp-gateway \
	"one run, two links: a BLE monitor and the gateway it reports through must agree"
good demo-http-gw-relay http-gw-relay \
	"the other way round: the gateway is the device under test, its paired BLE monitor a further link"
# IEEE 11073-20601 personal health devices: carecert plays the manager.
good demo-phd-bp phd-bp \
	"certification run: simulated IEEE 11073-10407 blood-pressure agent, carecert as the 11073-20601 manager"
good demo-phd-glucose phd-glucose \
	"certification run: simulated IEEE 11073-10417 glucose meter agent"
good demo-phd-bp-gateway phd-bp-gateway \
	"one run, two formats: the 11073 reading and the gateway's FHIR Observation of it (MDC to LOINC, units to UCUM)"
good demo-accuracy-bp-bench-phd accuracy-bp-bench-phd \
	"accuracy on a bench: the 11073 agent's cuff on a simulated patient simulator (ISO 81060-2)"
caught fault-phd-bp-wrong-unit phd-bp-wrong-unit \
	"an 11073 agent whose configuration gives blood pressure in bpm"
caught fault-ble-bp-gateway-relay-swapped ble-bp-gateway-swapped \
	"a gateway that swaps systolic and diastolic"
caught fault-http-gw-default-credentials http-gw-default-credentials \
	"the HTTP gateway accepting admin/admin"
# Elderly care: a room and bed sensor living a scripted day (time-compressed,
# half a second a day; the record and the report say so)
good demo-room-sensor room-sensor \
	"behaviour monitoring: simulated room and bed sensor against a scripted day"
$cc report "$out/room-sensor"
$cc report "$out/room-sensor" --lang zh
caught fault-room-miss-bed-exit room-miss-bed-exit \
	"a room sensor that never reports a bed exit"
# The emergency-alarm path: an actuator presses the SOS button, carecert
# plays the care platform (delivery, outages refused and unreachable,
# escalation, forged alarms)
good demo-alarm-path alarm-path \
	"emergency alarm path: simulated SOS pendant and gateway, carecert as the care platform"
$cc report "$out/alarm-path"
# ... and alarms raised by events: a fall on the motion bench, a geofence
# exit on the GNSS bench (time-compressed; the record says so)
good demo-alarm-events alarm-events \
	"emergency alarms from a fall and a geofence exit, end to end to the care platform"
$cc report "$out/alarm-events" --lang zh
caught fault-alarm-lost-during-outage alarm-lost-during-outage \
	"an alarm gateway that drops the alarms raised while the platform was down"
caught fault-serial-bp-slow-reply serial-bp-slow-reply \
	"the serial BP monitor with an injected fault (slow reply)"
$cc report "$out/serial-bp-slow-reply"
echo
echo "== what changed between the good and the slow device (regressions first)"
dstatus=0
$cc diff "$out/serial-bp" "$out/serial-bp-slow-reply" || dstatus=$?
if [ "$dstatus" != 1 ]; then
	echo "demo: diff did not report the regression (exit $dstatus, expected 1)" >&2
	exit 1
fi
echo
echo "== seal the serial run folder (a demo key; a lab keeps its own) and verify it"
[ -f "$out/demo-lab.key" ] || $cc keygen "$out/demo-lab.key"
$cc sign "$out/serial-bp" --key "$out/demo-lab.key"
$cc verify "$out/serial-bp" --pubkey "$out/demo-lab.key.pub"
echo
# The results store: the default SQLite file beside reports/out (a lab sets
# CARECERT_DB=postgresql://... to share one server between benches).
echo "== every run of this demo into the results store, then the runs it holds"
$cc store add "$out"/*/
$cc store runs --since "$(echo "$stamp" | sed 's/^\(....\)\(..\)\(..\)T\(..\)\(..\)\(..\)Z$/\1-\2-\3T\4:\5:\6/')"
echo "   (carecert serve: the same store as web pages; docs/lab-platform.md)"
echo
echo "demo: done. Run folders under $out:"
echo "  result.json   the certification record (hashes of profile, suites and traffic log)"
echo "  traffic.jsonl every frame sent and received, time-stamped"
echo "  junit.xml     JUnit XML for CI"
echo "  traffic.btsnoop  (BLE) every ATT PDU, for Wireshark"
echo "  web/*.png     (web app) screenshots of the audited pages, offending elements outlined"
echo "  report.html, report.pdf (and -zh)  the certification report; plots/ its plots"
echo "  MANIFEST.sha256, MANIFEST.sig  (serial-bp) the seal: carecert verify"
