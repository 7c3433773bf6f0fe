#!/usr/bin/env bash
# Prints the accuracy test's figures as a Markdown table (precision / recall
# per category and set), for the README. Usage: scripts/accuracy-table.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
US_SOURCE_DIR=$PWD US_SHARED_DIR=$PWD/../shared "$build/tests/test_accuracy" 2>/dev/null | awk '
  /^(tune|tune-b|tune-c|tune-d|holdout|dev): [0-9]+ lines/ { set = substr($1, 1, length($1) - 1); sets[++n] = set; lines[set] = $2; next }
  set != "" && NF == 7 && $2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ {
    if (!(($1) in seen)) { seen[$1] = 1; cats[++m] = $1 }
    p[set, $1] = $2; r[set, $1] = $3; next }
  /^macro-F1/ { f1[set] = $2; sub(";", "", f1[set]); flag[set] = $NF; gsub(/[()]/, "", flag[set]) }
  END {
    printf "| category |"; for (i = 1; i <= n; i++) printf " %s (%s lines) |", sets[i], lines[sets[i]]; print ""
    printf "| --- |"; for (i = 1; i <= n; i++) printf " --- |"; print ""
    for (j = 1; j <= m; j++) {
      printf "| %s |", cats[j]
      for (i = 1; i <= n; i++) printf " %s / %s |", p[sets[i], cats[j]], r[sets[i], cats[j]]
      print ""
    }
    printf "| macro-F1 |"; for (i = 1; i <= n; i++) printf " %s |", f1[sets[i]]; print ""
    printf "| neutral lines flagged harmful |"; for (i = 1; i <= n; i++) printf " %s |", flag[sets[i]]; print ""
  }'
