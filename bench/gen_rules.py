#!/usr/bin/env python3
"""Writes a rule pack of N synthetic rules for the scaling benchmark.

Each rule has two patterns built from real words of the same word list the
corpus uses (so their first words do occur in the text and the automaton
has real work), with alternatives, optional parts, gaps and word classes
mixed in, in the proportions the default packs use.

usage: gen_rules.py OUT_FILE N [SEED]
"""
import random
import sys

CLASSES = ["{pronoun-you}", "{pronoun-i}", "{pronoun-we}"]


def pattern(rng, words):
    items = []
    for _ in range(rng.randint(2, 5)):
        r = rng.random()
        if r < 0.55:
            items.append(rng.choice(words))
        elif r < 0.75:
            items.append("(" + "|".join(rng.sample(words, rng.randint(2, 4))) + ")")
        elif r < 0.85:
            items.append("[" + rng.choice(words) + "]")
        elif r < 0.93:
            items.append(rng.choice(CLASSES))
        else:
            items.append("...2")
    # A pattern must begin with a word or class and match at least one word.
    while items[0].startswith("[") or items[0].startswith("..."):
        items[0] = rng.choice(words)
    return " ".join(items)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    with open("/usr/share/dict/words", encoding="utf-8") as f:
        words = [w.strip().lower() for w in f
                 if w.strip().isalpha() and w.strip().isascii()]
    cats = ["criticism", "contempt", "dismissal", "stereotype", "appreciation"]
    with open(out, "w", encoding="utf-8") as f:
        f.write("rules:\n")
        for i in range(n):
            f.write(f"  - id: synthetic-{i}\n    category: {rng.choice(cats)}\n")
            f.write("    message: a synthetic rule for the benchmark\n    patterns:\n")
            for _ in range(2):
                f.write(f"      - \"{pattern(rng, words)}\"\n")


if __name__ == "__main__":
    main()
