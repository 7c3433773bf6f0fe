#!/usr/bin/env bash
# Browser test of `unscripted report`'s HTML page: renders the report of
# tests/data/report/chat.txt (and its redacted copy) in headless Chromium at
# a phone's size with tests/browser/report.mjs; every chart must be drawn,
# with no console error and no external request. Screenshots are saved in
# the build directory (browser/report*.png).
#
# Skips (exit 77) when Chromium, Node.js or playwright-core is missing:
#   apt-get install -y chromium nodejs npm && npm ci --prefix tests/browser
set -u
bin=${US_BIN:?US_BIN must name the unscripted command}
src=${US_SOURCE_DIR:?US_SOURCE_DIR must name the source tree}
build=${US_BUILD_DIR:?US_BUILD_DIR must name the build directory}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then echo "skip: no Chromium at $chromium" >&2; exit 77; fi
if ! command -v node >/dev/null; then echo "skip: no node" >&2; exit 77; fi
if [ ! -d "$src/tests/browser/node_modules/playwright-core" ]; then
	echo "skip: playwright-core is not installed (npm ci --prefix tests/browser)" >&2
	exit 77
fi
out=$build/browser
mkdir -p "$out"
fails=0
for variant in full redacted; do
	flag=""
	[ "$variant" = redacted ] && flag=--redact
	html=$out/report-$variant.html
	if ! "$bin" report "$src/tests/data/report/chat.txt" --out "$html" $flag 2>"$out/stderr-$variant"; then
		echo "FAIL: unscripted report ($variant): $(head -c 300 "$out/stderr-$variant")" >&2
		fails=$((fails + 1))
		continue
	fi
	CHROMIUM=$chromium node "$src/tests/browser/report.mjs" "$html" "$out/report-$variant.png" || fails=$((fails + 1))
done
exit $((fails > 0))
