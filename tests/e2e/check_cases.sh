#!/usr/bin/env bash
# End-to-end cases of `unscripted check`, kept as data: each folder under
# tests/e2e/check/ holds
#   args      the arguments, one per line (@DIR@ is replaced by the case folder)
#   stdin     optional standard input
#   expected  the exact standard output
#   status    the exit status
#   stderr    optional: a line that standard error must contain
# The command runs in the case folder, without the user's config.
set -u
bin=${US_BIN:?US_BIN must name the built unscripted command}
root=$(cd "$(dirname "$0")/check" && pwd)
failed=0 count=0
for dir in "$root"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  count=$((count + 1))
  args=()
  while IFS= read -r a || [ -n "$a" ]; do args+=("${a//@DIR@/$dir}"); done < "$dir/args"
  input=/dev/null
  [ -f "$dir/stdin" ] && input="$dir/stdin"
  out=$(mktemp) err=$(mktemp)
  (cd "$dir" && "$bin" "${args[@]}" < "$input" > "$out" 2> "$err")
  status=$?
  want_status=$(cat "$dir/status")
  if [ "$status" != "$want_status" ]; then
    echo "FAIL $name: exit status $status, expected $want_status"; cat "$err"; failed=1
  elif ! diff -u "$dir/expected" "$out" > /dev/null; then
    echo "FAIL $name: output differs"; diff -u "$dir/expected" "$out" | head -20; failed=1
  elif [ -f "$dir/stderr" ] && ! grep -qF -- "$(cat "$dir/stderr")" "$err"; then
    echo "FAIL $name: stderr lacks: $(cat "$dir/stderr")"; cat "$err"; failed=1
  else
    echo "ok   $name"
  fi
  rm -f "$out" "$err"
done
echo "$count cases"
exit $failed
