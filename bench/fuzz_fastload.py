"""The long differential run of the fast loader against the strict one.

    python bench/fuzz_fastload.py                 # 4 x 150 s (seeds 1-4), ~1 M documents
    python bench/fuzz_fastload.py --seconds 600 --seeds 11 12

Documents come from tests/yaml_grammar.py (incident-shaped YAML built from the constructs
where parsers differ) and from the repository's incidents with random text edits. For each,
tests/test_fastload.check_agrees asserts: if the fast loader takes it, the strict loader
accepts it too, with the same typed values and the same event positions. Violations are
printed (as Python literals, to paste into tests/test_fastload.py) and counted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_fastload import check_agrees  # noqa: E402
from tests.yaml_grammar import WORDS, Grammar  # noqa: E402


def edited(rng: random.Random, seeds: list[str]) -> str:
    text = rng.choice(seeds)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        piece = rng.choice(WORDS + ["\n", "\n\n", " ", "- ", ": ", "#", "'", '"', "[", "]",
                                    "{", "}", ",", "|", ">", "|-", ">+"])
        op = rng.random()
        if op < 0.4:
            text = text[:at] + piece + text[at:]
        elif op < 0.7:
            text = text[:at] + text[at + rng.randint(1, 12):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=150.0, help="per seed")
    ap.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4])
    args = ap.parse_args()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("incidents/*.yaml"))
             + sorted(ROOT.glob("rules/*/tests/*.yaml"))]
    total = taken = bad = 0
    for seed in args.seeds:
        rng, grammar = random.Random(seed), Grammar(seed)
        end = time.monotonic() + args.seconds
        n = t = v = 0
        while time.monotonic() < end:
            text = grammar.doc() if rng.random() < 0.7 else edited(rng, seeds)
            n += 1
            try:
                t += check_agrees(text)
            except AssertionError:
                v += 1
                print(repr(text))
        print(f"seed {seed}: {n:,} documents, {t:,} taken by the fast loader, {v} violations",
              file=sys.stderr)
        total, taken, bad = total + n, taken + t, bad + v
    print(f"total: {total:,} documents, {taken:,} taken by the fast loader, {bad} violations",
          file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
