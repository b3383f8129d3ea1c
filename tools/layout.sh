#!/bin/sh
# The runner's layout, checked (make check) or drawn (make deps-graph).
#
#   tools/layout.sh check   every module named by its folder's README, every
#                           #include allowed by that README's "May include:"
#                           line, and no cycle between folders
#   tools/layout.sh graph   the folders and their includes as Graphviz dot
#
# A folder's README.md says what it may include, one line:
#   May include: base, transport
# (its own folder always). Includes are written "folder/name.h" from runner/.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-check}
fail=0

folders=$(for d in runner/*/; do basename "$d"; done)

allowed() { # folder -> its "May include:" list, space separated
	sed -n 's/^May include: *//p' "runner/$1/README.md" 2>/dev/null | tr -d ',.' | head -n 1
}

# "from to file" for every include of another runner folder
edges=$(for d in $folders; do
	grep -Ho '^#include "[a-z0-9_-]*/[a-z0-9_.-]*"' runner/"$d"/*.[ch] 2>/dev/null |
		sed 's|^runner/\([^/]*\)/\([^:]*\):#include "\([^/]*\)/.*|\1 \3 runner/\1/\2|'
done | awk '$1 != $2')

if [ "$mode" = graph ]; then
	echo "digraph runner {"
	echo "$edges" | awk 'NF { print "\t\"" $1 "\" -> \"" $2 "\";" }' | sort -u
	echo "}"
	exit 0
fi

for d in $folders; do
	readme=runner/$d/README.md
	if [ ! -f "$readme" ]; then
		echo "layout: runner/$d has no README.md" >&2
		fail=1
		continue
	fi
	grep -q '^May include:' "$readme" || { echo "layout: $readme has no 'May include:' line" >&2; fail=1; }
	for f in runner/"$d"/*.[ch]; do
		m=$(basename "$f")
		m=${m%.*}
		grep -q "\`$m[.\`]" "$readme" ||
			{ echo "layout: $readme does not name module $m ($f)" >&2; fail=1; }
	done
done
for f in runner/*.[ch]; do
	[ -e "$f" ] && { echo "layout: $f is outside every folder" >&2; fail=1; }
done

# every include of another folder must be allowed by the including folder
echo "$edges" | while read -r from to file; do
	[ -n "$from" ] || continue
	case " $(allowed "$from") " in
	*" $to "*) ;;
	*) echo "layout: $file includes $to/, which runner/$from/README.md does not allow" >&2
	   echo x ;;
	esac
done | grep -q x && fail=1

# the allowed graph itself must have no cycle (tsort says so)
if ! for d in $folders; do for t in $(allowed "$d"); do echo "$d $t"; done; done |
	tsort >/dev/null 2>/tmp/layout-tsort.$$; then :; fi
if [ -s /tmp/layout-tsort.$$ ]; then
	echo "layout: the folders' 'May include:' lines form a cycle:" >&2
	cat /tmp/layout-tsort.$$ >&2
	fail=1
fi
rm -f /tmp/layout-tsort.$$
[ "$fail" = 0 ] && echo "layout: ok ($(echo "$folders" | wc -w) folders)"
exit "$fail"
