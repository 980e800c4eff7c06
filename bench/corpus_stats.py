"""How alike are two collections of incident files? Five figures for each, side by side.

    .venv/bin/python bench/corpus_stats.py incidents tests/heldout --against bench/corpus

For each collection (one folder or several taken together, `*.yaml` in each): the median and
90th-percentile file size in bytes (`statistics.quantiles`, inclusive), and, pooled over its
files, the share of scalars (keys included, as libyaml's parser reports them) that are folded
(`>`, `>-`), the share that are quoted (`'` or `"`), and the share of characters outside
ASCII. With `--against`, the second collection's figures follow, each with its ratio to the
first's; `--within 0.2` (the default) marks a ratio outside 0.8-1.2.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import yaml

FIGURES = ("median size, bytes", "90th percentile size, bytes", "folded scalars",
           "quoted scalars", "non-ASCII characters")


def stats(folders: list[Path]) -> dict[str, float]:
    files = sorted(f for folder in folders for f in folder.glob("*.yaml"))
    if not files:
        raise SystemExit(f"no *.yaml in {', '.join(map(str, folders))}")
    sizes, scalars, folded, quoted, chars, non_ascii = [], 0, 0, 0, 0, 0
    for f in files:
        raw = f.read_bytes()
        text = raw.decode("utf-8")
        sizes.append(len(raw))
        chars += len(text)
        non_ascii += len(text) - len(text.encode("ascii", "ignore"))
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.ScalarEvent):
                scalars += 1
                folded += event.style == ">"
                quoted += event.style in ("'", '"')
    p90 = statistics.quantiles(sizes, n=10, method="inclusive")[-1] if len(sizes) > 1 else sizes[0]
    return dict(zip(FIGURES, (statistics.median(sizes), p90, folded / max(scalars, 1),
                              quoted / max(scalars, 1), non_ascii / max(chars, 1)), strict=True))


def show(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.2%}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path, help="the reference collection")
    ap.add_argument("--against", nargs="+", type=Path, default=[], help="the compared one")
    ap.add_argument("--within", type=float, default=0.2)
    args = ap.parse_args()
    first = stats(args.folders)
    second = stats(args.against) if args.against else None
    names = " + ".join(map(str, args.folders))
    header = f"| figure | {names} |"
    if second is not None:
        header += f" {' + '.join(map(str, args.against))} | ratio |"
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    far = 0
    for name in FIGURES:
        row = f"| {name} | {show(first[name])} |"
        if second is not None:
            ratio = second[name] / first[name] if first[name] else float("inf")
            off = abs(ratio - 1) > args.within
            far += off
            row += f" {show(second[name])} | {ratio:.2f}{' (off)' if off else ''} |"
        print(row)
    if second is not None and far:
        raise SystemExit(f"{far} figure(s) outside {args.within:.0%}")


if __name__ == "__main__":
    main()
