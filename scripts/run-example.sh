#!/usr/bin/env bash
# Sets up, builds and runs unscripted's main job on the sample conversation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUS_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
echo "== unscripted check examples/conversation.txt"
./build/unscripted check --stats examples/conversation.txt || [ $? -eq 1 ]
