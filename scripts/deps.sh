#!/usr/bin/env bash
# Installs what unscripted needs to build and test on Debian 12. Idempotent:
# packages already present are left alone. Needs root (or sudo) for apt-get.
set -euo pipefail
packages=(build-essential cmake pkg-config libutf8proc-dev libstemmer-dev libyaml-dev
          libjansson-dev libcmocka-dev libical-dev)
# Tests also need clang (fuzzing), python3, and a real browser (Debian's
# Chromium) driven by playwright-core from npm for the HTML report.
[ "${1:-}" = "--test" ] && packages+=(clang libclang-rt-dev python3 chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian: install Debian's only if none is there.
if [ "${1:-}" = "--test" ] && ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
