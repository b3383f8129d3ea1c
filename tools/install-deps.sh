#!/bin/sh
# Installs the Debian packages carecert needs to build, test and demo, and
# the npm packages pinned by lock files: axe-core (the web audit injects it
# into pages) and the JUnit viewer the tests use. Idempotent: asks apt only
# for what dpkg says is missing and npm only when a lock file changed, so a
# machine that has everything never touches the network; nothing is fetched
# at run time.
set -eu

# tshark: the tests decode the btsnoop captures with it
# libsqlite3-dev: the results store's embedded default; libpq-dev: its
# PostgreSQL backend; postgresql: the tests start a private cluster (initdb
# and pg_ctl as the postgres user) to run the store's tests on that backend
# libarchive-dev: catalogue packages (tar) written and read back
# libcurl (OpenSSL flavour): the HTTP transport; libmicrohttpd (GnuTLS): the
# HTTPS simulator and carecert's receiving endpoint
# libhttp-parser-dev: http_load reads its responses with it (the parser wrk
# uses) on connections curl opened; curl's own per-request work was most of
# a load's CPU
# gnuplot-nox: the report's plots (no X); weasyprint: report.pdf from the
# HTML report with --pdf-engine weasyprint (chromium, below, prints it by
# default); fonts: Liberation (English), Noto Sans CJK (Chinese);
# poppler-utils: the tests read and render the PDF (pdftotext, pdftoppm)
# python3-jsonschema, python3-yaml: tools/schema-check.py, the tests' validator
# of records, profiles and suites against docs/schemas/
# wrk: make bench's reference for HTTPS load (carecert's http_load beside it)
# clang, libclang-rt-dev: the libFuzzer harnesses (make fuzz, and briefly in
# make check); libFuzzer and clang's sanitizer runtimes are in
# libclang-rt-14-dev, which clang-14 only recommends
# libusb-1.0-0-dev: the USB PHDC transport of IEEE 11073-20601 devices
# python3-junitparser: the tests read carecert's JUnit with it, as CI tools do
# chromium: the browser transport (runner/web) audits companion web apps in
# it, headless; chromium-headless-shell, Debian's build of Chromium's own
# headless shell (same source and version, no browser window or toolbar),
# prints report.pdf (runner/chrome): a third less time than the full
# browser (docs/report.md); without it, chromium prints
# nodejs: its npm installs the pinned axe-core and the JUnit viewer (Debian's
# nodejs has npm as its own package; NodeSource's carries it and conflicts
# with Debian's npm: npm is asked for only when no npm is on PATH)
PACKAGES="gcc make pkg-config git clang libclang-rt-dev
libyaml-dev libjson-c-dev libserialport-dev libssl-dev libxml2-dev libbluetooth-dev
libcurl4-openssl-dev libmicrohttpd-dev libhttp-parser-dev libusb-1.0-0-dev
libsqlite3-dev libpq-dev postgresql libarchive-dev
libxml2-utils check
tshark
gnuplot-nox weasyprint fonts-liberation2 fonts-noto-cjk poppler-utils
python3-jsonschema python3-yaml python3-junitparser
chromium chromium-headless-shell nodejs
wrk"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
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
fi

top="$(cd "$(dirname "$0")/.." && pwd)"

# axe-core, the rule engine the web audit injects into pages: the version
# pinned by tools/axe/package-lock.json, asked of npm only when the
# installed copy is missing or another version.
want=$(sed -n '/"node_modules\/axe-core"/,/}/s/.*"version": "\([^"]*\)".*/\1/p' "$top/tools/axe/package-lock.json")
have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$top/tools/axe/node_modules/axe-core/package.json" 2>/dev/null || true)
if [ -z "$want" ] || [ "$want" != "$have" ]; then
	echo "carecert: installing axe-core $want (tools/axe, npm ci)"
	(cd "$top/tools/axe" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi

# The JUnit viewer: exactly the versions of its package-lock.json (npm ci),
# again only when the lock file is newer than what npm installed from it.
viewer="$top/tools/junit-viewer"
if [ ! -f "$viewer/node_modules/.package-lock.json" ] ||
   [ "$viewer/package-lock.json" -nt "$viewer/node_modules/.package-lock.json" ]; then
	echo "carecert: installing the JUnit viewer (npm ci in $viewer)"
	(cd "$viewer" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)
fi
