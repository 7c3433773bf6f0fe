#!/usr/bin/env python3
"""Generate a benchmark household for `unscripted share` and the same
problem as a GMPL model for glpsol.

usage: gen.py PEOPLE OCCURRENCES SEED OUT_PREFIX
writes OUT_PREFIX.yml (household, 1-week period, tolerance 0) and
OUT_PREFIX.mod (GMPL: minimize the largest weekly load, paid work included,
every occurrence to one person who can do it, availability kept).

Tasks are weekly with 2 to 5 occurrences; minutes per occurrence are a
task size (10..90) times a per-person skill factor (0.7..1.4), rounded to
whole minutes; about one person in ten cannot do a given task. Paid work is
0, 10 or 20 hours, so household work is a real share of each load.
"""
import random
import sys

def main():
    n_people, n_occ, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    names = ["P%d" % i for i in range(n_people)]
    paid = [rng.choice([0, 10, 20]) for _ in names]
    tasks = []
    left = n_occ
    while left > 0:
        times = min(left, rng.randint(2, 5))
        left -= times
        size = rng.randint(10, 90)
        mins = []
        for _ in names:
            mins.append(None if rng.random() < 0.1 else max(1, round(size * rng.uniform(0.7, 1.4))))
        if all(m is None for m in mins):
            mins[0] = size
        likes = [rng.randint(-2, 2) for _ in names]
        tasks.append((times, mins, likes))
    with open(out + ".yml", "w") as f:
        f.write("period_weeks: 1\ntolerance_minutes: 0\npeople:\n")
        for name, h in zip(names, paid):
            f.write("  - {name: %s, available_minutes_per_week: 10080, paid_hours_per_week: %d}\n" % (name, h))
        f.write("tasks:\n")
        for t, (times, mins, likes) in enumerate(tasks):
            f.write("  - name: t%03d\n    every: week\n    times: %d\n" % (t, times))
            f.write("    minutes: {%s}\n" % ", ".join(
                "%s: %s" % (n, "cannot" if m is None else m) for n, m in zip(names, mins)))
            f.write("    like: {%s}\n" % ", ".join("%s: %d" % (n, l) for n, l in zip(names, likes)))
    # one variable per occurrence and person who can do it
    with open(out + ".mod", "w") as f:
        f.write("set P;\nset O;\nset A within O cross P;\nparam c{A} >= 0;\nparam paid{P} >= 0;\n"
                "param avail{P} >= 0;\nvar x{A} binary;\nvar T >= 0;\n"
                "minimize largest: T;\n"
                "s.t. once{o in O}: sum{(o, p) in A} x[o, p] = 1;\n"
                "s.t. load{p in P}: paid[p] + sum{(o, p) in A} c[o, p] * x[o, p] <= T;\n"
                "s.t. cap{p in P}: sum{(o, p) in A} c[o, p] * x[o, p] <= avail[p];\n"
                "solve;\nprintf \"largest %g\\n\", T;\ndata;\n")
        f.write("set P := %s;\n" % " ".join(names))
        occ = []
        for t, (times, mins, _) in enumerate(tasks):
            for k in range(times):
                occ.append((t, k, mins))
        f.write("set O := %s;\n" % " ".join("o%d" % i for i in range(len(occ))))
        f.write("param paid := %s;\n" % " ".join("%s %d" % (n, h * 60) for n, h in zip(names, paid)))
        f.write("param avail := %s;\n" % " ".join("%s 10080" % n for n in names))
        f.write("param : A : c :=\n")
        for i, (_, _, mins) in enumerate(occ):
            for n, m in zip(names, mins):
                if m is not None:
                    f.write("  o%d %s %d\n" % (i, n, m))
        f.write(";\nend;\n")

if __name__ == "__main__":
    main()
