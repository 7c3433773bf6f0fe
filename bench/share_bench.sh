#!/usr/bin/env bash
# bench/share_bench.sh: `unscripted share` against GLPK's exact MILP.
#
# Generates households of 2x40, 3x80 and 5x200 (people x task occurrences a
# week), plans each with tolerance 0, and solves the same problem (minimize
# the largest weekly load) with glpsol in the same run, 120 s limit. Prints a
# Markdown table: our largest load and time, glpsol's best plan, its proven
# bound, whether it proved optimality, its time, and our gap to its bound.
#
# usage: bench/share_bench.sh [path/to/unscripted]   (default: build/unscripted)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/unscripted}
work=$here/.work/share
mkdir -p "$work"
if ! command -v glpsol >/dev/null 2>&1; then
	apt-get install -y glpk-utils >/dev/null
fi
limit=${SHARE_BENCH_TMLIM:-120}

now() { date +%s.%N; }

echo "| instance | ours: largest | ours: ms | glpsol: best | glpsol: bound | glpsol proved | glpsol: s | ours vs bound | speed-up |"
echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
for spec in "2 40 1" "3 80 2" "5 200 3"; do
	set -- $spec
	name=${1}x${2}
	python3 "$here/share/gen.py" "$1" "$2" "$3" "$work/$name"
	# ours: best of 3 runs of the whole command (parse, plan, checks, JSON)
	best_ms=
	for _ in 1 2 3; do
		t0=$(now)
		"$bin" share plan "$work/$name.yml" --format json >"$work/$name.json"
		t1=$(now)
		ms=$(echo "($t1 - $t0) * 1000" | bc -l)
		if [ -z "$best_ms" ] || [ "$(echo "$ms < $best_ms" | bc -l)" = 1 ]; then best_ms=$ms; fi
	done
	ours=$(python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["largest_load"])' "$work/$name.json")
	t0=$(now)
	glpsol --math "$work/$name.mod" --tmlim "$limit" >"$work/$name.glpk.log" 2>&1 || true
	t1=$(now)
	gs=$(echo "$t1 - $t0" | bc -l)
	# the last progress line: "+  1234: mip =  2.31e+03 >=  2.30e+03 ..."
	line=$(grep -E 'mip = ' "$work/$name.glpk.log" | tail -n 1)
	best=$(echo "$line" | sed -E 's/.*mip = +([^ ]+) +>= +([^ ]+).*/\1/')
	bound=$(echo "$line" | sed -E 's/.*mip = +([^ ]+) +>= +([^ ]+).*/\2/')
	if grep -q "INTEGER OPTIMAL SOLUTION FOUND" "$work/$name.glpk.log"; then
		proved=yes
		bound=$best
	else
		proved=no
	fi
	best=$(printf '%.0f' "$best")
	bound=$(python3 -c 'import math,sys; print("%.1f" % float(sys.argv[1]))' "$bound")
	gap=$(python3 -c 'import sys; o,b=float(sys.argv[1]),float(sys.argv[2]); print("%+.2f%%" % (100*(o-b)/b))' "$ours" "$bound")
	speed=$(python3 -c 'import sys; print("%.0fx" % (float(sys.argv[1]) * 1000 / float(sys.argv[2])))' "$gs" "$best_ms")
	printf '| %s | %s | %.1f | %s | %s | %s | %.1f | %s | %s |\n' "$name" "$ours" "$best_ms" "$best" "$bound" "$proved" "$gs" "$gap" "$speed"
done
