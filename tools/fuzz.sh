#!/bin/sh
# Runs the libFuzzer harnesses one after the other (docs/fuzzing.md).
#
#   tools/fuzz.sh [--smoke] BUILD_DIR SECONDS [NAME...]
#
# FUZZ_JOBS harnesses run at a time (default 1; make check's smoke run
# takes 2, one per core: each harness is one process on one core, so each
# still gets its SECONDS of a whole core).
# Each harness NAME (default: every tests/fuzz/fuzz-NAME.c) runs for SECONDS
# over its seeds (written fresh by the binary into BUILD_DIR/seeds/NAME),
# the inputs kept in tests/fuzz/corpus/NAME (with tests/fuzz/NAME.dict as
# its dictionary when there is one), and, for a long run, the corpus
# it grew before in BUILD_DIR/corpus/NAME. --smoke grows a throw-away corpus
# instead, so `make check` takes the same time however long others fuzzed.
# A crash, leak, timeout or out-of-memory leaves the input in
# BUILD_DIR/artifacts/NAME/ and the log in BUILD_DIR/logs/NAME.log; the
# script goes on with the next harness and exits 1 at the end.
set -eu

smoke=0
if [ "${1:-}" = "--smoke" ]; then
	smoke=1
	shift
fi
[ $# -ge 2 ] || { echo "usage: $0 [--smoke] BUILD_DIR SECONDS [NAME...]" >&2; exit 2; }
b=$1
secs=$2
shift 2
top=$(pwd)
if [ $# -eq 0 ]; then
	set --
	for f in tests/fuzz/fuzz-*.c; do
		n=${f#tests/fuzz/fuzz-}
		set -- "$@" "${n%.c}"
	done
fi

# scratch files of the harnesses: on tmpfs when there is one (report and
# JUnit writes fsync)
if [ -z "${FUZZ_TMPDIR:-}" ]; then
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then FUZZ_TMPDIR=/dev/shm; else FUZZ_TMPDIR=$b/tmp; fi
fi
mkdir -p "$FUZZ_TMPDIR" "$b/logs" "$b/seeds"

# a run of SECONDS must not be cut by a slow input; a hang still shows
if [ "$smoke" = 1 ]; then timeout=30; else timeout=${FUZZ_TIMEOUT:-10}; fi

# one harness NAME: its summary line in $b/logs/NAME.sum; fails when it did
one() {
	n=$1
	sum=$b/logs/$n.sum
	: >"$sum"
	bin=$b/fuzz-$n
	[ -x "$bin" ] || { echo "fuzz: no harness $bin" >>"$sum"; return 1; }
	seeds=$b/seeds/$n
	rm -rf "$seeds"
	CARECERT_TOP=$top CARECERT_FUZZ_SEEDS=$seeds "$bin" >/dev/null 2>&1 ||
		{ echo "fuzz: $n: cannot write its seeds" >>"$sum"; return 1; }
	# the harness's scratch files, removed even when it crashed
	scratch=$(mktemp -d "$FUZZ_TMPDIR/carecert-fuzz-XXXXXX")
	if [ "$smoke" = 1 ]; then
		corpus=$scratch/corpus
		mkdir "$corpus"
	else
		corpus=$b/corpus/$n
		mkdir -p "$corpus"
	fi
	kept=""
	[ -d "tests/fuzz/corpus/$n" ] && kept="tests/fuzz/corpus/$n"
	dict=""
	[ -f "tests/fuzz/$n.dict" ] && dict="-dict=tests/fuzz/$n.dict"
	mkdir -p "$b/artifacts/$n"
	log=$b/logs/$n.log
	start=$(date +%s)
	# shellcheck disable=SC2086
	if CARECERT_TOP=$top TMPDIR=$scratch "$bin" -max_total_time="$secs" \
		-timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 $dict \
		-artifact_prefix="$b/artifacts/$n/" "$corpus" "$seeds" $kept >"$log" 2>&1; then
		status=ok
	else
		status=FAILED
	fi
	end=$(date +%s)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	printf 'fuzz %-12s %-6s %4ss %9s runs  cov %s\n' "$n" "$status" "$((end - start))" \
		"${runs:-?}" "${cov:-?}" >>"$sum"
	if [ "$status" = FAILED ]; then
		grep -E 'ERROR|SUMMARY|harness check|Test unit written|^ *#[0-9]+ 0x' "$log" | head -n 30 >>"$sum" || true
		echo "fuzz: $n: full log in $log" >>"$sum"
	fi
	rm -rf "$scratch"
	[ "$status" = ok ]
}

# FUZZ_JOBS at a time, in batches (every harness runs the same SECONDS);
# each summary printed whole, in the order given
jobs=${FUZZ_JOBS:-1}
failed=""
while [ $# -gt 0 ]; do
	batch=""
	pids=""
	k=0
	while [ $# -gt 0 ] && [ "$k" -lt "$jobs" ]; do
		one "$1" &
		pids="$pids $!"
		batch="$batch $1"
		k=$((k + 1))
		shift
	done
	for pid in $pids; do
		batch=${batch# }
		n=${batch%% *}
		batch=${batch#"$n"}
		wait "$pid" || failed="$failed $n"
		# a failure's lines on stderr
		if grep -q "^fuzz $n  *ok " "$b/logs/$n.sum"; then
			cat "$b/logs/$n.sum"
		else
			cat "$b/logs/$n.sum" >&2
		fi
	done
done

if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed (inputs in $b/artifacts/)" >&2
	exit 1
fi
