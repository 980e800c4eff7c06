"""The agreement table: for every official determination in the given files or folders,
whether the tool agrees (agreed), disagrees (and why), or cannot compare it (no pack encodes
the instrument). Issue 20 records it before and after its rule changes.

    python tools/agreement.py tests/heldout incidents tests/format11 [--markdown]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import armicheck


def rows(paths: list[str]) -> list[tuple[str, str, str, str]]:
    out = []
    for entry in armicheck.evaluate(paths):
        name = Path(entry["path"]).name
        for det in entry.get("determinations") or []:
            for f in det["findings"]:
                what = f"{f['party']}{' (' + f['force'] + ')' if f.get('force') else ''} " \
                       f"{f.get('outcome', 'violation')} {f.get('act') or ''} " \
                       f"[{f['instrument']}]"
                if not f["compared"]:
                    verdict = "not comparable"
                elif f["agreed"]:
                    verdict = "agreed"
                else:
                    verdict = "disagreed"
                out.append((name, " ".join(what.split()), verdict, f["reason"]))
    return out


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    paths = [a for a in argv if a != "--markdown"]
    table = rows(paths)
    if markdown:
        print("| file | determination | verdict | reason |\n|---|---|---|---|")
        for r in table:
            print("| " + " | ".join(x.replace("|", "/") for x in r) + " |")
    else:
        for r in table:
            print("\t".join(r))
    counts = Counter(r[2] for r in table)
    print(f"\n{len(table)} determinations: " + ", ".join(
        f"{counts[k]} {k}" for k in ("agreed", "disagreed", "not comparable")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
