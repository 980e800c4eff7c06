"""Instructions per file under cachegrind: a measure the machine's drift does not move.

    git worktree add /tmp/before HEAD~1
    .venv/bin/python bench/icount.py /tmp/before . --files 300

This machine's timings swing by 10-30% from minute to minute (and by 2x in its slow phases),
which hides a change of a few percent even in alternating runs (`bench/ab.py`). Counting
instructions with valgrind's cachegrind does not drift: each checkout runs the whole per-file
path (load, validate, facts, rules, the JSON entry and its encoding) once over the files
after a warm-up, and once with the warm-up only; the difference over the number of files is
its cost per file. Repeated runs of one checkout agree to about 1%.

Instructions are not seconds: Python code costs about what it counts, but C that scans text
(`str.find`, `bytes.replace`, a regex) does more per instruction than the interpreter does,
so a change that moves work into such calls can count more and run faster. Time those with
`bench/ab.py` or in one process. Needs valgrind (on every machine kind here); ~1 minute per
checkout for 300 files.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run inside valgrind, importing armicheck from the checkout: a warm-up, then `passes` passes.
ONE_SIDE = """
import gc, glob, sys
sys.path.insert(0, sys.argv[1])
from armicheck.run.check import Options, check_file
from armicheck.packs import load_builtin
try:
    from armicheck.report.render import encoder
    encode = encoder(["json"])
except ImportError:
    import json
    encode = lambda entry: json.dumps(entry, ensure_ascii=False)
files = sorted(glob.glob(sys.argv[2] + "/*.yaml"))[:int(sys.argv[3])]
rules, options = load_builtin(), Options()
for f in files[:100]:
    encode(check_file(f, rules, options))
gc.freeze()
gc.disable()
for _ in range(int(sys.argv[4])):
    for f in files:
        encode(check_file(f, rules, options))
"""


def instructions(checkout: str, corpus: str, files: int, passes: int) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", ONE_SIDE, checkout, corpus, str(files), str(passes)],
        capture_output=True, text=True, check=True, cwd="/", env=env)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_file(checkout: str, corpus: str, files: int) -> float:
    return (instructions(checkout, corpus, files, 1)
            - instructions(checkout, corpus, files, 0)) / files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkouts", nargs="+", help="checkouts to count, the first the baseline")
    ap.add_argument("--corpus", default=str(HERE / "corpus"), help="folder of *.yaml")
    ap.add_argument("--files", type=int, default=300)
    args = ap.parse_args()
    counts = []
    for checkout in args.checkouts:
        path = str(Path(checkout).resolve())
        counts.append(per_file(path, args.corpus, args.files))
        ratio = f", {counts[-1] / counts[0]:.3f}x the first" if len(counts) > 1 else ""
        print(f"{checkout}: {counts[-1] / 1e6:.3f} M instructions per file{ratio}", flush=True)


if __name__ == "__main__":
    main()
