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
# clang, libclang-rt-dev: the libFuzzer harnesses (make fuzz, and briefly in
# make check); libFuzzer and clang's sanitizer runtimes are in
# libclang-rt-14-dev, which clang-14 only recommends
# chromium: the browser transport (runner/web) audits companion web apps in
# it, headless; nodejs: its npm installs the pinned axe-core below (Debian's
# nodejs has npm as its own package; NodeSource's carries it, and conflicts
# with Debian's npm: npm is asked for only when no npm is on PATH)
PACKAGES="gcc make pkg-config git clang libclang-rt-dev
libyaml-dev libjson-c-dev libserialport-dev libssl-dev libxml2-dev libbluetooth-dev
libcurl4-openssl-dev libmicrohttpd-dev
libxml2-utils check
tshark
gnuplot-nox weasyprint fonts-liberation2 fonts-noto-cjk poppler-utils
python3-jsonschema python3-yaml
chromium nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

# axe-core, the rule engine the web audit injects into pages: the version
# pinned by tools/axe/package-lock.json, installed here and never fetched
# at run time. Idempotent like the packages: npm is asked only when the
# installed copy is missing or another version.
axe_deps() {
	want=$(sed -n '/"node_modules\/axe-core"/,/}/s/.*"version": "\([^"]*\)".*/\1/p' tools/axe/package-lock.json)
	have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' tools/axe/node_modules/axe-core/package.json 2>/dev/null || true)
	if [ -n "$want" ] && [ "$want" = "$have" ]; then
		return 0
	fi
	echo "carecert: installing axe-core $want (tools/axe, npm ci)"
	(cd tools/axe && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
}

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	axe_deps
	exit 0
fi

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
axe_deps
