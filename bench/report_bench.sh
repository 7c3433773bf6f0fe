#!/usr/bin/env bash
# Benchmark of `unscripted report`: wall time and peak RSS on a generated
# WhatsApp export (Android format) of N messages between two people
# (default 1,000,000, over about three years), writing both the HTML page
# and the JSON. Targets (issue 7): under 10 s and under 200 MB on a 2-core
# machine.
#
# usage: bench/report_bench.sh [MESSAGES]   (the export is cached in
# bench/.work/; BUILD_DIR picks the build directory, default build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=bench/.work
build=${BUILD_DIR:-build-bench}
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DUS_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target unscripted >/dev/null
bin=$build/unscripted

chat="$work/whatsapp-$n.txt"
if [ ! -s "$chat" ]; then
  python3 - "$chat" "$n" <<'PY'
# Two people writing everyday messages, with now and then a feeling, a
# bid answered or not, a harsh word, a script, media and a message over
# two lines: roughly what a real chat mixes, fixed seed.
import random, sys, datetime
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
everyday = [
    "can you pick up milk on the way home", "running 10 min late", "ok", "see you at 7",
    "did you call the plumber yet", "the kids are asleep", "what do you want for dinner",
    "I booked the dentist for Tuesday", "love you", "haha yes", "on my way",
    "remember the bins go out tonight", "traffic is awful", "can we do the shop on Saturday",
    "I'm at the station", "the meeting ran over, sorry", "send me the address please",
]
feeling = [
    "I feel lonely when we eat in silence, and I need us to talk at dinner",
    "I'm scared I'm letting you down at work", "I feel anxious about money",
    "I feel hurt when you check your phone while I talk, and I need you to put it away",
]
toward = ["It sounds like you felt ignored. Can we talk tonight?", "What happened? Tell me more",
          "Thank you for telling me", "I'm sorry, I didn't realise"]
away = ["Calm down, you're overreacting", "You never listen", "Whatever. I'm done talking",
        "it's not a big deal"]
scripts = ["Dad is babysitting tonight", "boys don't cry, man up", "ask the chairman",
           "that's women's work", "we need more manpower"]
people = ["Sam Okafor", "Zoë"]
t = datetime.datetime(2021, 1, 1, 8, 0)
step = datetime.timedelta(seconds=max(1, int(3 * 365 * 86400 / n)))
with open(path, "w", encoding="utf-8") as f:
    f.write("01/01/21, 08:00 - Messages and calls are end-to-end encrypted. "
            "No one outside of this chat, not even WhatsApp, can read or listen to them.\n")
    who = 0
    for i in range(n):
        t += step * rnd.randint(1, 2) if i % 2 else step * 0
        if rnd.random() < 0.7:
            who = 1 - who
        r = rnd.random()
        if r < 0.06:
            text = rnd.choice(feeling)
        elif r < 0.12:
            text = rnd.choice(toward)
        elif r < 0.16:
            text = rnd.choice(away)
        elif r < 0.18:
            text = rnd.choice(scripts)
        elif r < 0.21:
            text = "<Media omitted>"
        elif r < 0.23:
            text = rnd.choice(everyday) + "\n" + rnd.choice(everyday)
        else:
            text = rnd.choice(everyday)
        f.write(f"{t:%d/%m/%y, %H:%M} - {people[who]}: {text}\n")
PY
fi

size=$(du -m "$chat" | cut -f1)
out=$work/report-$n
/usr/bin/time -f '%e %M' -o "$work/time.txt" "$bin" report "$chat" --out "$out.html" --json "$out.json" \
  2>"$work/stderr.txt" || { cat "$work/stderr.txt" >&2; exit 1; }
read -r secs kb <"$work/time.txt"
msgs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["messages"])' "$out.json")
echo "report: $msgs messages (${size} MB export) in ${secs} s, peak RSS $((kb / 1024)) MB" \
     "(targets: under 10 s, under 200 MB)"
python3 - "$secs" "$kb" <<'PY'
import sys
secs, kb = float(sys.argv[1]), int(sys.argv[2])
ok = secs < 10 and kb < 200 * 1024
print("within targets" if ok else "OVER TARGET")
sys.exit(0 if ok else 1)
PY
