"""Is a change faster? Two checkouts timed in alternating processes on the same files.

    git worktree add /tmp/before HEAD~1
    .venv/bin/python bench/ab.py /tmp/before . --files 1000 --rounds 4

This machine's speed drifts by 10-30% over minutes, so one timing of each side says little.
Each round runs one process per checkout (in turn, so drift hits both alike); each process
loads the files once, then times the whole per-file path (load, validate, facts, rules, the
JSON entry and its encoding) `--repeat` times and reports its fastest pass, start-up
excluded. The result is the ratio of the two sides' fastest rounds and the median of the
per-round ratios: below 1, the second checkout is faster.

The two sides may be one checkout run two ways: `--before-env` / `--after-env NAME=VALUE`
set a variable in that side's process, e.g. the strict loader against the fast one:

    .venv/bin/python bench/ab.py . . --before-env ARMICHECK_FAST_LOADER=0 --rounds 6
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run inside each checkout's own process: imports armicheck from that checkout.
ONE_SIDE = """
import gc, glob, sys, time
sys.path.insert(0, sys.argv[1])
try:  # the layout since 0.2.0, then the flat one before it
    from armicheck.run.check import Options, check_file
    from armicheck.packs import load_builtin
except ImportError:
    from armicheck.pipeline import Options, check_file
    from armicheck.rulepacks import load_builtin
try:  # what a run does with each entry, as the checkout does it
    from armicheck.report.render import encoder
    encode = encoder(["json"])
except ImportError:
    try:
        from armicheck.core.encode import dumps as encode
    except ImportError:  # older checkouts
        import json
        encode = lambda entry: json.dumps(entry, ensure_ascii=False)
files = sorted(glob.glob(sys.argv[2] + "/*.yaml"))[:int(sys.argv[3])]
rules, options = load_builtin(), Options()
for f in files:
    encode(check_file(f, rules, options))
gc.freeze()
gc.disable()  # as run_many: the collector runs between passes, not in them
best = float("inf")
for _ in range(int(sys.argv[4])):
    start = time.process_time()
    for f in files:
        encode(check_file(f, rules, options))
    best = min(best, time.process_time() - start)
    gc.collect()
print(best / len(files) * 1000)
"""


def one_side(checkout: str, corpus: str, files: int, repeat: int, env: list[str]) -> float:
    environ = dict(os.environ, **dict(pair.split("=", 1) for pair in env))
    out = subprocess.run([sys.executable, "-c", ONE_SIDE, checkout, corpus, str(files),
                          str(repeat)], capture_output=True, text=True, check=True, cwd="/",
                         env=environ)
    return float(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", help="checkout timed first in each round")
    ap.add_argument("after", help="checkout compared with it")
    ap.add_argument("--corpus", default=str(HERE / "corpus"), help="folder of *.yaml")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per process")
    ap.add_argument("--before-env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in the first side's process (repeatable)")
    ap.add_argument("--after-env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in the second side's process (repeatable)")
    args = ap.parse_args()
    before = str(Path(args.before).resolve())
    after = str(Path(args.after).resolve())
    ratios, firsts, seconds = [], [], []
    for n in range(1, args.rounds + 1):
        a = one_side(before, args.corpus, args.files, args.repeat, args.before_env)
        b = one_side(after, args.corpus, args.files, args.repeat, args.after_env)
        firsts.append(a)
        seconds.append(b)
        ratios.append(b / a)
        print(f"round {n}: before {a:.3f} ms/file, after {b:.3f}, after/before {b / a:.3f}",
              flush=True)
    print(f"after/before: {min(seconds) / min(firsts):.3f} (fastest rounds), "
          f"{statistics.median(ratios):.3f} (median of rounds)")


if __name__ == "__main__":
    main()
