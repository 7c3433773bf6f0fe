#!/usr/bin/env bash
# Runs every fuzz target under clang's libFuzzer (with ASan and UBSan) for a
# shared budget in seconds (default 150), starting from the corpora in
# fuzz/corpus/. Fails on any crash or sanitizer report. New inputs found go
# to build-fuzz/new-corpus/, not into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-150}
bash scripts/deps.sh --test
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUS_FUZZ=ON -DUS_TESTS=OFF >/dev/null
targets=(analyze rules chat whatsapp telegram csv jsonl)
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
per=$(( budget / ${#targets[@]} ))
# The importers share the chat corpus.
corpus_of() { case $1 in analyze|rules|chat) echo "$1" ;; *) echo chat ;; esac; }
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/new-corpus/$t"
  echo "== fuzz_$t for ${per}s"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  ./build-fuzz/fuzz/fuzz_"$t" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/ -print_final_stats=1 \
    "${dict[@]}" "build-fuzz/new-corpus/$t" "fuzz/corpus/$(corpus_of "$t")" 2>&1 | tail -n 12
  test "${PIPESTATUS[0]}" -eq 0
done
echo "fuzzing found nothing in ${budget}s"
