#!/usr/bin/env bash
# End-to-end: `unscripted report` on a small WhatsApp export written for the
# test (tests/data/report/chat.txt: a system line, a media line, a message
# over two lines, a line before the first message and an impossible date,
# both skipped): exit codes, the JSON keys and counts of issue 7, bids, the
# HTML page's first screen and charts, and --redact.
#
# The bid outcomes below follow the default packs on TAXONOMY.md's own
# examples (an i-statement met by reflection, a vulnerability met by
# dismissal); a pack change that moves them should be looked at.
set -u
bin=${US_BIN:?US_BIN must name the unscripted command}
src=${US_SOURCE_DIR:?US_SOURCE_DIR must name the source tree}
chat=$src/tests/data/report/chat.txt
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

expect_exit 0 "report" "$bin" report "$chat" --out "$tmp/r.html" --json "$tmp/r.json"
grep -q "chat.txt:1: skipped" "$tmp/err" || fail "the line before the first message is not reported"
grep -q "chat.txt:12: skipped" "$tmp/err" || fail "the impossible date is not reported with its line"

python3 - "$tmp/r.json" <<'PY' || fail "JSON report"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("people", "skipped_lines", "months", "messages", "scripts", "bid_examples"):
    assert k in d, k
assert d["skipped_lines"] == 2, d["skipped_lines"]
assert d["messages"] == 19, d["messages"]
assert d["format"] == "whatsapp", d["format"]
people = {p["name"]: p for p in d["people"]}
assert set(people) == {"Sam Okafor", "Zoë"}, people.keys()
sam, zoe = people["Sam Okafor"], people["Zoë"]
assert sam["messages"] == 9 and zoe["messages"] == 10, (sam["messages"], zoe["messages"])
assert zoe["media"] == 1
cats = ["stereotype", "gendered-role", "gendered-term", "criticism", "contempt", "defensiveness",
        "stonewalling", "dismissal", "suppression", "appeasement", "i-statement", "reflection",
        "appreciation", "vulnerability", "repair"]
for p in d["people"]:
    for k in ("name", "messages", "words", "pronouns", "categories", "per_100", "healthy_to_harmful", "bids"):
        assert k in p, k
    assert set(p["pronouns"]) == {"i", "we", "you"}
    assert set(p["categories"]) == set(cats), p["categories"].keys()
    assert set(p["per_100"]) == set(cats)
    for c in cats:
        assert abs(p["per_100"][c] - 100.0 * p["categories"][c] / p["messages"]) < 1e-6
    for k in ("toward", "away", "no_reply"):
        assert k in p["bids"], k
    assert p["words"] > 0 and p["pronouns"]["i"] > 0
    if p["harmful"]:
        assert abs(p["healthy_to_harmful"] - p["healthy"] / p["harmful"]) < 1e-6
    else:
        assert p["healthy_to_harmful"] is None
# Sam's two bids were met by a reflection and a question; Zoë's by a
# dismissal, and by nothing for more than a day.
assert sam["bids"]["made"] == 2 and sam["bids"]["toward"] == 2, sam["bids"]
assert zoe["bids"]["made"] == 2 and zoe["bids"]["away"] == 1 and zoe["bids"]["no_reply"] == 1, zoe["bids"]
assert sam["categories"]["i-statement"] >= 1 and sam["categories"]["dismissal"] >= 1
assert zoe["categories"]["reflection"] >= 1
assert [m["month"] for m in d["months"]] == ["2024-01", "2024-02", "2024-03"], d["months"]
for m in d["months"]:
    for name, pm in m["people"].items():
        assert name in people and "messages" in pm and set(pm["categories"]) == set(cats)
assert sum(m["people"].get("Sam Okafor", {}).get("messages", 0) for m in d["months"]) == 9
scripts = {s["category"] for s in d["scripts"]}
assert {"stereotype", "gendered-role", "gendered-term"} <= scripts, scripts
assert all(s["examples"] and "text" in s["examples"][0] for s in d["scripts"])
PY

# The page: first screen, every chart, nothing external.
html=$tmp/r.html
grep -q 'Sam Okafor' "$html" || fail "HTML lacks a name"
grep -q "Both people's words are in it" "$html" || fail "HTML lacks the whose-words line"
grep -q "someone they both chose to show it to" "$html" || fail "HTML lacks whom it is for"
for c in ratio categories bids timeline pronouns emotions; do
	grep -q "data-chart=\"$c\"" "$html" || fail "HTML lacks the $c chart"
done
grep -Eq '<script|<link|src=|href=|url\(' "$html" && fail "HTML refers to something outside itself"
grep -q 'I feel lonely when we eat in silence' "$html" || fail "HTML lacks a bid example"

# --redact: the same counts, no message text at all.
expect_exit 0 "redacted report" "$bin" report "$chat" --redact --out "$tmp/x.html" --json "$tmp/x.json"
python3 - "$chat" "$tmp/x.html" "$tmp/x.json" "$tmp/r.json" <<'PY' || fail "redacted report"
import json, re, sys
chat, page, js, full = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
texts = []
for line in chat.splitlines():
    m = re.match(r"\d\d/\d\d/\d\d, \d\d:\d\d - [^:]+: (.*)", line)
    texts.append(m.group(1) if m else line)
for t in texts:
    t = t.strip()
    if len(t) < 12 or t.startswith("Messages and calls"):
        continue
    for what, body in (("HTML", page), ("JSON", js)):
        assert t not in body, f"{what} holds {t!r}"
        assert json.dumps(t)[1:-1] not in body, f"{what} holds {t!r}"
for w in ("chairman", "manpower", "babysitting", "overreacting"):
    assert w not in page and w not in js, w
d, f = json.loads(js), json.loads(full)
assert d["redacted"] is True
assert [p["categories"] for p in d["people"]] == [p["categories"] for p in f["people"]]
assert [p["bids"] for p in d["people"]] == [p["bids"] for p in f["people"]]
PY

# JSON to standard output, and the summary without --out.
expect_exit 0 "JSON to stdout" "$bin" report "$chat" --json -
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" || fail "--json - is not JSON"
expect_exit 0 "summary" "$bin" report "$chat"
grep -q "Sam Okafor: 9 messages" "$tmp/out" || fail "summary lacks a person"
expect_exit 0 "forced format and order" "$bin" report "$chat" --input-format whatsapp --date-order dmy --json -

# Failures: exit 2 with a message.
expect_exit 2 "missing file" "$bin" report "$tmp/nope.txt"
grep -q "nope.txt" "$tmp/err" || fail "missing file not named"
: >"$tmp/empty.txt"
expect_exit 2 "empty export" "$bin" report "$tmp/empty.txt"
printf 'nothing here\nat all\n' >"$tmp/junk.txt"
expect_exit 2 "no message parsed" "$bin" report "$tmp/junk.txt" --input-format whatsapp
expect_exit 2 "no file" "$bin" report
expect_exit 2 "bad option" "$bin" report "$chat" --frobnicate x
expect_exit 2 "bad date order" "$bin" report "$chat" --date-order ymd
expect_exit 2 "bad format" "$bin" report "$chat" --input-format pdf
expect_exit 0 "help" "$bin" report --help
expect_exit 1 "unwritable output" "$bin" report "$chat" --out "$tmp/no/such/dir/r.html"

# The same packs as check: --rules adds one, a broken one is bad input.
printf 'rules:\n  - id: x\n    category: nope\n    message: m\n    patterns: [x]\n' >"$tmp/broken.yml"
expect_exit 2 "broken pack" "$bin" report "$chat" --no-config --rules "$tmp/broken.yml"
grep -q "broken.yml:3: unknown category 'nope'" "$tmp/err" || fail "broken pack not named with its line"
printf 'rules:\n  - id: report-extra\n    category: contempt\n    message: m\n    patterns: ["zzyzx"]\n' >"$tmp/extra.yml"
expect_exit 0 "extra pack" "$bin" report "$chat" --no-config --rules "$tmp/extra.yml" --json "$tmp/extra.json"

exit $((fails > 0))
