#!/usr/bin/env bash
# A single 3 MB line (no newline anywhere) is analyzed in bounded pieces,
# cut at sentence ends, so every sentence is found once and the positions
# of the last finding are those of the whole line.
set -euo pipefail
bin=${US_BIN:?}
src=${US_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sentence='you always forget. '
count=160000
awk -v n=$count -v s="$sentence" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }' > "$tmp/line.txt"
"$bin" check --no-config --no-default-rules --rules "$src/tests/e2e/pack.yml" -f jsonl --exit-zero "$tmp/line.txt" > "$tmp/out"
found=$(wc -l < "$tmp/out")
[ "$found" -eq $count ] || { echo "expected $count findings, got $found"; exit 1; }
last_offset=$(( (count - 1) * ${#sentence} ))
tail -n 1 "$tmp/out" | grep -q "\"line\":1,\"column\":$((last_offset + 1)),.*\"offset\":$last_offset," ||
  { echo "last finding at the wrong place: $(tail -n 1 "$tmp/out")"; exit 1; }
echo "long line: $found findings, positions exact"
