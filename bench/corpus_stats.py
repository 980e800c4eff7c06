"""How alike are two collections of incident files? Five figures for each, side by side.

    .venv/bin/python bench/corpus_stats.py incidents tests/heldout --against bench/corpus

For each collection (one folder or several taken together, `*.yaml` in each): the median and
90th-percentile file size in bytes (`statistics.quantiles`, inclusive), and, pooled over its
files, the share of scalars (keys included, as libyaml's parser reports them) that are folded
(`>`, `>-`), the share that are quoted (`'` or `"`), and the share of characters outside
ASCII. With `--against`, the second collection's figures follow, each with its ratio to the
first's; `--within 0.2` (the default) marks a ratio outside 0.8-1.2.

With `--forms`, the share of files using each of format 1.1's additions (counted by
`armicheck.facts.additions.additions`, the tool's own reading) in each collection, beside the
share of the eighteen real incidents of issue 14 that needed it (`FORMS_11` in
bench/generate.py); a collection's share more than `--forms-within` (default 0.1) from the
issue's is marked. The shipped incidents are format 1 files, so their shares are 0: the
issue's figures are the reference.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import yaml

from armicheck.facts.additions import additions

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


def form_shares(folders: list[Path]) -> dict[str, float]:
    """The share of files using each format 1.1 addition."""
    files = sorted(f for folder in folders for f in folder.glob("*.yaml"))
    used: dict[str, int] = {}
    for f in files:
        for name in additions(yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)):
            used[name] = used.get(name, 0) + 1
    return {name: n / max(len(files), 1) for name, n in used.items()}


def show_forms(collections: list[tuple[str, list[Path]]], within: float) -> int:
    """Print the format 1.1 shares beside issue 14's; the number of shares marked off."""
    from generate import FORMS_11  # bench/generate.py, beside this file

    shares = [(name, form_shares(folders)) for name, folders in collections]
    header = "| addition | issue 14 (18 real files) | " + " | ".join(n for n, _ in shares) + " |"
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    off = 0
    names = list(FORMS_11) + sorted({k for _, got in shares for k in got} - set(FORMS_11))
    for name in names:
        want = FORMS_11.get(name)
        cells = []
        for _, got in shares:
            value = got.get(name, 0.0)
            far = want is not None and abs(value - want) > within
            cells.append(f"{value:.0%}{' (off)' if far else ''}")
        off += sum(c.endswith("(off)") for c in cells[-1:])  # the compared (last) collection
        print(f"| {name} | {'' if want is None else f'{want:.0%}'} | {' | '.join(cells)} |")
    return off


def show(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.2%}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path, help="the reference collection")
    ap.add_argument("--against", nargs="+", type=Path, default=[], help="the compared one")
    ap.add_argument("--within", type=float, default=0.2)
    ap.add_argument("--forms", action="store_true",
                    help="also the share of files using each format 1.1 addition")
    ap.add_argument("--forms-within", type=float, default=0.1)
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
    if args.forms:
        print()
        collections = [(names, args.folders)]
        if args.against:
            collections.append((" + ".join(map(str, args.against)), args.against))
        far += show_forms(collections, args.forms_within) if args.against else 0
    if second is not None and far:
        raise SystemExit(f"{far} figure(s) outside their tolerance (--within, --forms-within)")


if __name__ == "__main__":
    main()
