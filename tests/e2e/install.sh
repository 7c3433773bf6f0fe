#!/usr/bin/env bash
# Installs the build into a temporary prefix and checks what a user gets:
# DESTDIR is honoured; every public header compiles alone with strict flags
# (C11 and C++); a program links against the installed library through
# pkg-config, statically and dynamically, and runs.
set -euo pipefail
build=${US_BUILD_DIR:?}
src=${US_SOURCE_DIR:?}
if [ "${US_SANITIZE:-OFF}" = "ON" ]; then
  echo "skipped: a sanitizer build's library needs the sanitizer runtime in every program that links it"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

DESTDIR="$tmp/dest" cmake --install "$build" --prefix /usr/local > /dev/null
for f in bin/unscripted include/unscripted/unscripted.h lib/pkgconfig/unscripted.pc \
         share/unscripted/rules share/man/man1/unscripted.1; do
  found=$(find "$tmp/dest/usr/local" -path "*$f" | head -n 1)
  [ -n "$found" ] || { echo "DESTDIR install lacks $f"; exit 1; }
done

prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" > /dev/null
pc=$(dirname "$(find "$prefix" -name unscripted.pc | head -n 1)")
export PKG_CONFIG_PATH="$pc"

for h in "$prefix"/include/unscripted/*.h; do
  echo "#include <unscripted/$(basename "$h")>" > "$tmp/h.c"
  cc -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$prefix/include" "$tmp/h.c"
  if command -v c++ > /dev/null; then
    cp "$tmp/h.c" "$tmp/h.cpp"
    c++ -Wall -Wextra -Werror -fsyntax-only -I"$prefix/include" "$tmp/h.cpp"
  fi
done

# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/consumer-static" "$src/tests/install/consumer.c" \
  $(pkg-config --cflags unscripted) "$(dirname "$pc")/libunscripted.a" $(pkg-config --libs --static unscripted | sed 's/-lunscripted//')
"$tmp/consumer-static" | grep -q "^criticism You always forget" || { echo "static consumer failed"; exit 1; }

# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/consumer" "$src/tests/install/consumer.c" $(pkg-config --cflags --libs unscripted)
LD_LIBRARY_PATH="$(dirname "$pc")" "$tmp/consumer" | grep -q "^libunscripted " || { echo "shared consumer failed"; exit 1; }
echo "install: ok"
