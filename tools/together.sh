#!/bin/sh
# Runs commands side by side (make check, see the Makefile's comment on
# its phases):
#
#   tools/together.sh LOGDIR NAME COMMAND [NAME COMMAND...]
#
# The first command's output shows as it comes; each other command's goes
# to LOGDIR/NAME.log and is printed whole, under its name, once it has
# ended, so that the output stays readable. Every command runs to its end
# (none is left running); the script then exits 1 if any of them failed,
# naming those, and 0 otherwise.
set -u

usage() {
	echo "usage: $0 LOGDIR NAME COMMAND [NAME COMMAND...]" >&2
	exit 2
}
[ $# -ge 3 ] || usage
logdir=$1
shift
[ $(($# % 2)) -eq 0 ] || usage
mkdir -p "$logdir" || exit 2

first=$1
firstcmd=$2
shift 2
names=""
pids=""
while [ $# -gt 0 ]; do
	echo "== $1 runs side by side: $2 (output: $logdir/$1.log, printed when it ends)"
	sh -c "$2" >"$logdir/$1.log" 2>&1 &
	pids="$pids $!"
	names="$names $1"
	shift 2
done

failed=""
sh -c "$firstcmd" || failed=" $first"

for pid in $pids; do
	names=${names# }
	n=${names%% *}
	names=${names#"$n"}
	if wait "$pid"; then
		status=passed
	else
		status=FAILED
		failed="$failed $n"
	fi
	echo "== $n ($status), its output:"
	cat "$logdir/$n.log"
done

if [ -n "$failed" ]; then
	echo "together: failed:$failed" >&2
	exit 1
fi
echo "== side by side, all passed $(date +%T)"
