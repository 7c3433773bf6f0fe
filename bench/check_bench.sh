#!/usr/bin/env bash
# Benchmark of `unscripted check`: throughput (MB/s, one core) and peak RSS
# on a generated English corpus, with the default packs and with ten times
# as many rules; and, on a 1 MB slice in the same run, the same figures for
# alex (npm package alex 11, `alex --text`) and the ratio.
#
# usage: bench/check_bench.sh [SIZE_MB]   (default 200; the corpus is cached
# in bench/.work/). Needs network access to Debian's and npm's registries
# the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
work=bench/.work
mkdir -p "$work"

need=()
for p in wamerican time python3 util-linux; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
# Node.js may come from elsewhere than Debian; install Debian's only if none is there.
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >/dev/null
fi
bash scripts/deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DUS_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target unscripted >/dev/null
bin=./build-bench/unscripted

corpus="$work/corpus-${size}MB.txt"
[ -s "$corpus" ] || python3 bench/gen_corpus.py "$corpus" "$size"
slice="$work/slice-1MB.txt"
[ -s "$slice" ] || head -c 1048576 "$corpus" | sed '$d' > "$slice"

# "10x rules" means ten times the patterns: the default packs hold few
# rules with many patterns each; the synthetic rules have two each.
read -r _ nrules _ npatterns _ < <($bin check --no-config --list-rules | tail -n 1)
synthetic="$work/synthetic-$((npatterns * 9 / 2)).yml"
[ -s "$synthetic" ] || python3 bench/gen_rules.py "$synthetic" $((npatterns * 9 / 2))

distinct=$(tr -cs 'A-Za-z' '\n' < "$slice" | tr 'A-Z' 'a-z' | sort -u | wc -l)

# run NAME FILE COMMAND...: prints MB/s and peak RSS of one run on one core.
run() {
  local name=$1 file=$2; shift 2
  local bytes; bytes=$(stat -c %s "$file")
  /usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$@" < "$file" > /dev/null 2>"$work/stderr" || true
  read -r secs kb < <(tail -n 1 "$work/time")
  awk -v n="$name" -v b="$bytes" -v s="$secs" -v k="$kb" 'BEGIN {
    mbs = (s > 0) ? b / 1048576 / s : 0;
    printf "%-34s %8.1f MB %9.2f s %10.3f MB/s %8.1f MB peak RSS\n", n, b / 1048576, s, mbs, k / 1024 }'
  echo "$secs" > "$work/last_secs"
}

echo "corpus: $corpus ($(du -m "$corpus" | cut -f1) MB; the 1 MB slice has $distinct distinct words)"
echo "rules: $nrules default with $npatterns patterns; the synthetic pack adds $((npatterns * 9 / 2)) rules with $((npatterns * 9 / 2 * 2)) patterns (10x in all)"
echo
run "unscripted, default packs" "$corpus" $bin check --no-config -f jsonl --exit-zero -
base=$(cat "$work/last_secs")
corpus_mbs=$(awk -v b="$(stat -c %s "$corpus")" -v s="$base" 'BEGIN { print b / 1048576 / s }')
run "unscripted, 10x rules" "$corpus" $bin check --no-config -f jsonl --exit-zero --rules "$synthetic" -
tenx=$(cat "$work/last_secs")
awk -v a="$base" -v b="$tenx" 'BEGIN { printf "10x rules cost: %+.1f%% time (target: within 20%%)\n\n", (b / a - 1) * 100 }'

run "unscripted, 1 MB slice" "$slice" $bin check --no-config -f jsonl --exit-zero -
ours=$(cat "$work/last_secs")
if [ ! -x "$work/alex/node_modules/.bin/alex" ]; then
  npm install --silent --prefix "$work/alex" alex@11 >/dev/null 2>&1 || echo "(could not install alex)"
fi
if [ -x "$work/alex/node_modules/.bin/alex" ]; then
  run "alex 11 --text, 1 MB slice" "$slice" "$work/alex/node_modules/.bin/alex" --text --stdin
  theirs=$(cat "$work/last_secs")
  awk -v a="$ours" -v b="$theirs" -v m="$corpus_mbs" 'BEGIN { if (a <= 0) a = 0.001;
    printf "unscripted is %.0fx the throughput of alex on the same 1 MB slice, start-up included (target: 1000x)\n", b / a;
    printf "and %.0fx at its steady rate on the full corpus (%.1f MB/s against %.3f MB/s)\n", m / (1 / b), m, 1 / b }'
fi
