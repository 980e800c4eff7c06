"""The long fuzz run: the property tests of tests/test_fuzz.py with many more examples.

    python bench/fuzz_long.py                    # 120,000 inputs (20,000 per fuzz test)
    python bench/fuzz_long.py --per-test 50000   # longer

Any exception other than the tool's clean errors fails the run: hypothesis shrinks it to a
minimal input, printed here; the run goes on with the next test and exits 1 at the end.
Counts how many inputs each stage saw (loaded, schema-valid, evaluated).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["test_yaml_like_text", "test_random_bytes", "test_random_data_dumped_as_yaml",
         "test_mutated_incidents", "test_text_edits_of_incidents",
         "test_extreme_but_valid_values"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-test", type=int, default=20000, help="examples per fuzz test")
    args = ap.parse_args()
    os.environ["FUZZ_EXAMPLES"] = str(args.per_test)  # read by tests/test_fuzz.py on import
    sys.path.insert(0, str(ROOT))
    test_fuzz = importlib.import_module("tests.test_fuzz")
    failures = []
    start = time.perf_counter()
    for name in TESTS:
        test = getattr(test_fuzz, name)
        before = dict(test_fuzz.COUNTS)
        t0 = time.perf_counter()
        try:
            test()
            status = "ok"
        except Exception as exc:  # a bug: hypothesis has shrunk and printed the input
            failures.append(test.__name__)
            traceback.print_exc()
            status = f"FAILED: {type(exc).__name__}: {exc}"
        seen = {k: test_fuzz.COUNTS[k] - before[k] for k in test_fuzz.COUNTS}
        print(f"{test.__name__}: {seen['inputs']:,} inputs ({seen['loaded']:,} loaded, "
              f"{seen['valid']:,} valid, {seen['evaluated']:,} evaluated) in "
              f"{time.perf_counter() - t0:.0f} s: {status}", flush=True)
    c = test_fuzz.COUNTS
    print(f"total: {c['inputs']:,} inputs, {c['loaded']:,} loaded, {c['valid']:,} valid, "
          f"{c['evaluated']:,} evaluated, {len(failures)} failing tests "
          f"{failures or ''} in {time.perf_counter() - start:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
