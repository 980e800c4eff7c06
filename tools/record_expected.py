"""Write a fixture folder's `expected.txt` from what armicheck finds today.

    .venv/bin/python tools/record_expected.py incidents/

Keeps the file's header (its comment lines and its `packs` line) and rewrites the lines
below it: one per finding and event, `FIXTURE RULE STATUS SIDE EVENT`, or `FIXTURE -`.
What it writes is what the tool does, not what it should do: read the difference
(`git diff`) and check each changed line against the rules' own tests and the sources
before committing it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from armicheck.packs import load_builtin  # noqa: E402
from armicheck.run.check import Options, check_file  # noqa: E402
from armicheck.run.rules import EXPECTED, finding_rows, read_expected  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    folder = ap.parse_args().folder
    path = folder / EXPECTED
    packs, _, _ = read_expected(path)
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        header.append(line)
        if line.startswith("packs "):
            break
    ruleset = load_builtin()
    body: list[str] = []
    for fixture in sorted(folder.glob("*.yaml")):
        entry = check_file(str(fixture), ruleset, Options())
        if entry["errors"]:
            print(f"{fixture}: invalid, not recorded", file=sys.stderr)
            return 2
        rows = sorted(finding_rows(entry, packs))
        body.append("")
        body += [f"{fixture.name}  {'  '.join(row)}" for row in rows] or [f"{fixture.name} -"]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(body)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
