#!/usr/bin/env python3
"""Writes a synthetic English corpus for the analyzer benchmark.

Ordinary sentences draw their words from a real word list (Debian's
wamerican, ~100,000 forms, of which at least 30,000 distinct appear), in
chat-like lengths and punctuation; about one line in twenty is a message
with findings (criticism, stereotypes, healthy talk), so the automaton's
slow paths are exercised too. Deterministic for a given seed.

usage: gen_corpus.py OUT_FILE SIZE_MB [SEED]
"""
import itertools
import random
import sys

MESSAGES = [
    "You always forget the bins and you never listen to me.",
    "Boys don't cry, man up.",
    "Thank you for cooking tonight, it was lovely.",
    "I feel stressed when the kitchen is a mess, and I need us to tidy together.",
    "Whatever. I'm done talking.",
    "It sounds like you felt ignored at the party.",
    "Calm down, you're overreacting.",
    "I'm fine, it's nothing.",
    "Sorry to be a bother, whatever you want is fine.",
    "The chairman asked the foreman for more manpower.",
    "Dad is babysitting the kids tonight so mum can rest.",
    "Who says girls can't be into football?",
    "I'm scared I'm letting you down.",
    "I'm sorry I raised my voice, can we start over?",
    "u never reply to my texts lol",
    "What is wrong with you, you're so selfish.",
]


def main():
    out, size_mb = sys.argv[1], float(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    with open("/usr/share/dict/words", encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip() and "'" not in w]
    # Zipf-like weights: common words often, the long tail still present.
    rng.shuffle(words)
    # Cumulative once: choices() would otherwise sum 100,000 weights a call.
    cum = list(itertools.accumulate(1.0 / (i + 10) for i in range(len(words))))
    target = int(size_mb * 1024 * 1024)
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            lines = []
            for _ in range(200):
                if rng.random() < 0.05:
                    lines.append(rng.choice(MESSAGES))
                    continue
                n = rng.randint(4, 22)
                ws = rng.choices(words, cum_weights=cum, k=n)
                ws[0] = ws[0].capitalize()
                if n > 10 and rng.random() < 0.5:
                    ws[n // 2] += ","
                lines.append(" ".join(ws) + rng.choice([".", ".", ".", "?", "!"]))
            chunk = "\n".join(lines) + "\n"
            f.write(chunk)
            written += len(chunk.encode("utf-8"))


if __name__ == "__main__":
    main()
