#!/bin/sh
# Installs the Debian packages carecert needs to build, test and demo.
# Idempotent: asks apt only for what dpkg says is missing, so a machine that
# has everything never touches the network.
set -eu

# tshark: the tests decode the btsnoop captures with it
# libcurl (OpenSSL flavour): the HTTP transport; libmicrohttpd (GnuTLS): the
# HTTPS simulator and carecert's receiving endpoint
# gnuplot-nox: the report's plots (no X); weasyprint: report.pdf from the
# HTML report; fonts: Liberation (English), Noto Sans CJK (Chinese);
# poppler-utils: the tests read and render the PDF (pdftotext, pdftoppm)
# python3-jsonschema, python3-yaml: tools/schema-check.py, the tests' validator
# of records, profiles and suites against docs/schemas/
# wrk: make bench's reference for HTTPS load (carecert's http_load beside it)
# clang, libclang-rt-dev: the libFuzzer harnesses (make fuzz, and briefly in
# make check); libFuzzer and clang's sanitizer runtimes are in
# libclang-rt-14-dev, which clang-14 only recommends
PACKAGES="gcc make pkg-config git clang libclang-rt-dev
libyaml-dev libjson-c-dev libserialport-dev libssl-dev libxml2-dev libbluetooth-dev
libcurl4-openssl-dev libmicrohttpd-dev
libxml2-utils check
tshark
gnuplot-nox weasyprint fonts-liberation2 fonts-noto-cjk poppler-utils
python3-jsonschema python3-yaml
wrk"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "carecert: missing packages:$missing" >&2
	echo "carecert: run 'make deps' as root, or: apt-get install$missing" >&2
	exit 1
fi

echo "carecert: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
