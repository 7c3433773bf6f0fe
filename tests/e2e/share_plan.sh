#!/usr/bin/env bash
# End-to-end: `unscripted share plan` on the example and on bad input:
# output, JSON keys, exit codes and file:line messages.
set -u
bin=${US_BIN:?US_BIN must name the unscripted command}
src=${US_SOURCE_DIR:?US_SOURCE_DIR must name the source tree}
data=$src/tests/data/share
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect_exit() { # expected-code description command...
	local want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	[ "$got" -eq "$want" ] || fail "$what: exit $got, wanted $want ($(head -c 300 "$tmp/err"))"
}

expect_exit 0 "plan the example" "$bin" share plan "$src/examples/household.yml"
for s in "Ana (she/her)" "Ben (he/him)" "EQ1" "EF1" "local optimum" "feasible        yes" "proven lower bound"; do
	grep -qF "$s" "$tmp/out" || fail "text output lacks '$s'"
done

expect_exit 0 "plan as JSON" "$bin" share plan "$src/examples/household.yml" --format json
python3 - "$tmp/out" <<'PY' || fail "JSON output"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("people", "assignments", "checks", "lower_bound", "gap_percent"):
    assert k in d, k
for p in d["people"]:
    for k in ("name", "minutes_per_week", "planning_minutes_per_week", "paid_minutes_per_week",
              "load_minutes_per_week", "max_week_load_minutes"):
        assert k in p, k
    assert abs(p["load_minutes_per_week"] - p["minutes_per_week"] - p["planning_minutes_per_week"]
               - p["paid_minutes_per_week"]) < 1e-6
for a in d["assignments"]:
    for k in ("task", "occurrence", "week", "day", "person"):
        assert k in a, k
    assert a["day"] in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert 1 <= a["week"] <= d["period_weeks"]
for k in ("feasible", "eq1", "ef1", "local_optimum", "gendered_split"):
    assert set(d["checks"][k]) == {"holds", "detail"}, k
assert d["checks"]["feasible"]["holds"] and d["checks"]["local_optimum"]["holds"]
top = max(p["load_minutes_per_week"] for p in d["people"])
assert abs(d["gap_percent"] - 100 * (top - d["lower_bound"]) / d["lower_bound"]) < 1e-6
PY

# the same plan twice: deterministic
"$bin" share plan "$src/examples/household.yml" --format json >"$tmp/a" 2>/dev/null
"$bin" share plan "$src/examples/household.yml" --format json >"$tmp/b" 2>/dev/null
cmp -s "$tmp/a" "$tmp/b" || fail "two runs differ"

expect_exit 2 "YAML error" "$bin" share plan "$data/bad_yaml.yml"
grep -q "bad_yaml.yml:6:" "$tmp/err" || fail "YAML error lacks file:line"
expect_exit 2 "unknown person" "$bin" share plan "$data/unknown_fixed.yml"
grep -q "unknown_fixed.yml:8: unknown person 'Bem' in fixed" "$tmp/err" || fail "unknown person message"
expect_exit 2 "negative minutes" "$bin" share plan "$data/negative.yml"
grep -q "negative.yml:7:" "$tmp/err" || fail "negative minutes message"
expect_exit 2 "task nobody can do" "$bin" share plan "$data/nobody.yml"
grep -q "nobody can do task 'cooking'" "$tmp/err" || fail "nobody message"
expect_exit 3 "infeasible" "$bin" share plan "$data/infeasible.yml"
grep -q "50 more minutes a week than the household has" "$tmp/err" || fail "infeasible message"
expect_exit 2 "missing file" "$bin" share plan "$tmp/none.yml"
expect_exit 2 "no file" "$bin" share plan
expect_exit 2 "bad format" "$bin" share plan "$src/examples/household.yml" --format xml
expect_exit 0 "help" "$bin" share --help
: >"$tmp/empty.yml"
expect_exit 2 "empty file" "$bin" share plan "$tmp/empty.yml"
printf 'people: [\xff\xfe]\n' >"$tmp/binary.yml"
expect_exit 2 "invalid UTF-8" "$bin" share plan "$tmp/binary.yml"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$tmp/huge.yml"
expect_exit 2 "huge file" "$bin" share plan "$tmp/huge.yml"
grep -q "limit for a household file" "$tmp/err" || fail "huge file message"

# rebalance: a new baby re-plans from the previous plan with few changes
"$bin" share plan "$src/examples/household.yml" --format json >"$tmp/plan.json"
python3 - "$tmp/plan.json" "$src/examples/household.yml" "$tmp/with_prev.yml" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
by_task = {}
for a in sorted(d["assignments"], key=lambda a: (a["task"], a["occurrence"])):
    by_task.setdefault(a["task"], []).append(a["person"])
with open(sys.argv[3], "w") as f:
    f.write(open(sys.argv[2]).read() + "\nprevious_plan:\n")
    for t, people in by_task.items():
        f.write('  "%s": [%s]\n' % (t, ", ".join(people)))
PY
expect_exit 0 "replan unchanged" "$bin" share plan "$tmp/with_prev.yml" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes"] == 0, d["changes"]' "$tmp/out" ||
	fail "re-planning unchanged input changed assignments"
expect_exit 0 "rebalance new-baby" "$bin" share rebalance "$tmp/with_prev.yml" --event new-baby
grep -q "^Event: new-baby" "$tmp/out" || fail "rebalance does not say what changed"
grep -q "Changes from the previous plan" "$tmp/out" || fail "rebalance does not count changes"
expect_exit 2 "unknown event" "$bin" share rebalance "$tmp/with_prev.yml" --event lottery

# absences and calendars: a fixed start, one .ics per person, events that
# match the JSON plan, nothing for Ben on his travel days
expect_exit 0 "plan with absences" "$bin" share plan "$data/absence.yml" --start 2025-03-10 --format json \
	--ics "$tmp/cal"
cp "$tmp/out" "$tmp/absence.json"
python3 - "$tmp/absence.json" "$tmp/cal" <<'PY2' || fail "calendars do not match the plan"
import json, os, sys
d = json.load(open(sys.argv[1]))
assert d["start"] == "2025-03-10", d.get("start")
assert d["absences"][0] == {"person": "Ben", "from": "2025-03-10", "to": "2025-03-14",
                            "reason": "travel", "days_in_period": 5}, d["absences"][0]
assert sorted(os.listdir(sys.argv[2])) == ["Ana.ics", "Ben.ics"], os.listdir(sys.argv[2])
for person in ("Ana", "Ben"):
    mine = [a for a in d["assignments"] if a["person"] == person]
    text = open(os.path.join(sys.argv[2], person + ".ics"), newline="").read()
    assert text.startswith("BEGIN:VCALENDAR\r\n"), "CRLF lines"
    away = sum(1 for a in d["absences"] if a["person"] == person)
    assert text.count("BEGIN:VEVENT") == len(mine) + away, (person, text.count("BEGIN:VEVENT"), len(mine))
    for a in mine:
        assert "DTSTART;TZID=Europe/Berlin:" + a["date"].replace("-", "") in text.replace("\r\n ", ""), a
    if person == "Ben":
        assert all(not ("2025-03-10" <= a["date"] <= "2025-03-14") for a in mine)
        assert "SUMMARY:Away (travel)" in text and "DTSTART;VALUE=DATE:20250310" in text
PY2
expect_exit 0 "absences in text" "$bin" share plan "$data/absence.yml" --start 2025-03-10
grep -q "away Mon 2025-03-10 to Fri 2025-03-14 (travel): no tasks on 5 days" "$tmp/out" || fail "absence not shown"
expect_exit 2 "start not a Monday" "$bin" share plan "$data/absence.yml" --start 2025-03-12
grep -q "is a Wednesday" "$tmp/err" || fail "start date message"
expect_exit 2 "bad start" "$bin" share plan "$data/absence.yml" --start tomorrow
expect_exit 0 "default start: next Monday" "$bin" share plan "$src/examples/household.yml" --ics "$tmp/cal2"
[ -s "$tmp/cal2/Ana.ics" ] && [ -s "$tmp/cal2/Ben.ics" ] || fail "default start wrote no calendars"
: >"$tmp/file"
expect_exit 2 "ics into a file" "$bin" share plan "$src/examples/household.yml" --ics "$tmp/file/x"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "share_plan: all passed"
