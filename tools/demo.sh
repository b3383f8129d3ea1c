#!/bin/sh
# make demo: certify the simulated devices and show a fault being caught.
# Usage: tools/demo.sh BUILD_DIR
set -eu
build=${1:-build}
cc="$build/carecert"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="reports/out/demo-$stamp"

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
echo "== certification run: simulated serial blood-pressure monitor"
status=0
$cc run profiles/demo-serial-bp.yaml --out "$out/serial-bp" \
	--junit "$out/serial-bp/junit.xml" || status=$?
if [ "$status" != 0 ]; then
	echo "demo: the good device did not pass (exit $status)" >&2
	exit "$status"
fi
echo
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
	echo "== certification run: simulated ${dev#*:}"
	status=0
	$cc run "profiles/demo-$name.yaml" --out "$out/$name" --junit "$out/$name/junit.xml" ||
		status=$?
	if [ "$status" != 0 ]; then
		echo "demo: the good $name device did not pass (exit $status)" >&2
		exit "$status"
	fi
	$cc report "$out/$name"
	echo
done
echo "== certification run: simulated serial ECG monitor, beat by beat against a synthetic ECG"
status=0
$cc run profiles/demo-serial-ecg.yaml --out "$out/serial-ecg" --junit "$out/serial-ecg/junit.xml" ||
	status=$?
if [ "$status" != 0 ]; then
	echo "demo: the good ECG monitor did not pass (exit $status)" >&2
	exit "$status"
fi
echo
echo "== certification run: the same monitor's heart rate (EC13 accuracy, response to 80->120 / 80->40 bpm steps)"
status=0
$cc run profiles/demo-serial-ecg-hr.yaml --out "$out/serial-ecg-hr" \
	--junit "$out/serial-ecg-hr/junit.xml" || status=$?
if [ "$status" != 0 ]; then
	echo "demo: the good ECG monitor's heart rate did not pass (exit $status)" >&2
	exit "$status"
fi
echo

# Accuracy: validation studies (simulated, fixtures/studies/) judged by the
# standards' statistics; the biased monitor must fail criterion 1.
for kind in bp glucose spo2 hr temp; do
	echo "== accuracy: $kind study"
	status=0
	$cc run "profiles/demo-accuracy-$kind.yaml" --out "$out/accuracy-$kind" \
		--junit "$out/accuracy-$kind/junit.xml" || status=$?
	if [ "$status" != 0 ]; then
		echo "demo: the good $kind study did not pass (exit $status)" >&2
		exit "$status"
	fi
	echo
done
echo "== accuracy on a bench: the monitor's cuff on a simulated patient simulator"
status=0
$cc run profiles/demo-accuracy-bp-bench.yaml --out "$out/accuracy-bp-bench" \
	--junit "$out/accuracy-bp-bench/junit.xml" || status=$?
if [ "$status" != 0 ]; then
	echo "demo: the good monitor on the bench did not pass (exit $status)" >&2
	exit "$status"
fi
echo
# The other benches: an SpO2 simulator on the oximeter, the thermometer in a bath.
for dev in "spo2:the oximeter's sensor on a simulated SpO2 patient simulator" \
	   "temp:the thermometer's probe in a simulated reference bath"; do
	name=${dev%%:*}
	echo "== accuracy on a bench: ${dev#*:}"
	status=0
	$cc run "profiles/demo-accuracy-$name-bench.yaml" --out "$out/accuracy-$name-bench" \
		--junit "$out/accuracy-$name-bench/junit.xml" || status=$?
	if [ "$status" != 0 ]; then
		echo "demo: the good $name device on the bench did not pass (exit $status)" >&2
		exit "$status"
	fi
	echo
done
echo "== accuracy: a monitor reading 6 mmHg high (must fail ISO 81060-2)"
fstatus=0
$cc run profiles/fault-accuracy-bp-bias6.yaml --out "$out/accuracy-bp-bias6" || fstatus=$?
if [ "$fstatus" != 1 ]; then
	echo "demo: the biased monitor was not caught (exit $fstatus, expected 1)" >&2
	exit 1
fi
echo
echo "== certification run: simulated HTTPS health gateway (FHIR R4 API, ETSI EN 303 645 checks)"
status=0
$cc run profiles/demo-http-gw.yaml --out "$out/http-gw" --junit "$out/http-gw/junit.xml" ||
	status=$?
if [ "$status" != 0 ]; then
	echo "demo: the good HTTP gateway did not pass (exit $status)" >&2
	exit "$status"
fi
echo
echo "== one run, two links: a BLE monitor and the gateway it reports through must agree"
status=0
$cc run profiles/demo-ble-bp-gateway.yaml --out "$out/ble-bp-gateway" \
	--junit "$out/ble-bp-gateway/junit.xml" || status=$?
if [ "$status" != 0 ]; then
	echo "demo: the monitor and its good gateway did not agree (exit $status)" >&2
	exit "$status"
fi
echo
echo "== a gateway that swaps systolic and diastolic: must be caught"
fstatus=0
$cc run profiles/fault-ble-bp-gateway-relay-swapped.yaml --out "$out/ble-bp-gateway-swapped" ||
	fstatus=$?
if [ "$fstatus" != 1 ]; then
	echo "demo: the swapping gateway was not caught (exit $fstatus, expected 1)" >&2
	exit 1
fi
echo
echo "== the HTTP gateway accepting admin/admin: must be caught"
fstatus=0
$cc run profiles/fault-http-gw-default-credentials.yaml --out "$out/http-gw-default-credentials" ||
	fstatus=$?
if [ "$fstatus" != 1 ]; then
	echo "demo: the default-credentials fault was not caught (exit $fstatus, expected 1)" >&2
	exit 1
fi
echo
echo "== the serial BP monitor with an injected fault (slow reply): must be caught"
fstatus=0
$cc run profiles/fault-serial-bp-slow-reply.yaml --out "$out/serial-bp-slow-reply" || fstatus=$?
if [ "$fstatus" != 1 ]; then
	echo "demo: the slow-reply fault was not caught (exit $fstatus, expected 1)" >&2
	exit 1
fi
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
echo "demo: done. Run folders under $out:"
echo "  result.json   the certification record (hashes of profile, suites and traffic log)"
echo "  traffic.jsonl every frame sent and received, time-stamped"
echo "  junit.xml     JUnit XML for CI"
echo "  traffic.btsnoop  (BLE) every ATT PDU, for Wireshark"
echo "  report.html, report.pdf (and -zh)  the certification report; plots/ its plots"
echo "  MANIFEST.sha256, MANIFEST.sig  (serial-bp) the seal: carecert verify"
