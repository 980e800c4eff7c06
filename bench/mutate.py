"""Mutation testing: deliberate bugs in a copy of armicheck, the test suite run on each.

    .venv/bin/python bench/mutate.py                 # every mutant, 2 at a time
    .venv/bin/python bench/mutate.py --jobs 1 D1 S1  # some mutants, by id
    .venv/bin/python bench/mutate.py --list          # the mutants, without running them

Each mutant is one exact text substitution in one file (armicheck/ or rules/); the file is
copied with the package, rules, incidents, tests, tools and bench into a temporary folder
and `python -m pytest -x -q` runs there (the copy first on sys.path), the judgement tests
first so that most mutants are killed in seconds. A mutant is killed when the suite fails,
survives when it passes. A substitution whose text is not found exactly once is reported
as stale (the code moved on: update the mutant) and counts as neither. The exit code is 1
if any mutant survived or is stale and not listed in EQUIVALENT.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("armicheck", "rules", "incidents", "tests", "tools", "bench", "README.md",
          "pyproject.toml")
# style, not behaviour: ruff would "kill" a mutant that leaves a name unused
NOT_RUN = ("tests/test_lint.py",)
FIRST = ("tests/test_values.py", "tests/test_oracle.py", "tests/test_format11_values.py",
         "tests/test_format11_sources.py", "tests/test_expectations.py",
         "tests/test_rules.py", "tests/test_heldout.py", "tests/test_end_to_end.py")

# (id, file, text, replacement, what it breaks). "issue 23" marks the audit's survivors.
MUTANTS: list[tuple[str, str, str, str, str]] = [
    # core/tri.py: three-valued logic
    ("T1", "armicheck/core/tri.py", 'if self.value == "yes":\n            return no(',
     'if self.value == "yes":\n            return yes(', "not yes = yes"),
    ("T2", "armicheck/core/tri.py", 'if self.value == "no":\n            return yes(',
     'if self.value == "no":\n            return no(', "not no = no"),
    ("T3", "armicheck/core/tri.py", '            result = "indeterminate"\n',
     "            pass\n", "Kleene fold forgets indeterminate parts"),
    ("T4", "armicheck/core/tri.py", 'return kleene(parts, "yes", "no")',
     'return kleene(parts, "yes", "indeterminate")', "tri_any of all-no is indeterminate"),
    ("T5", "armicheck/core/tri.py", 'return kleene(parts, "no", "yes")',
     'return kleene(parts, "yes", "no")', "tri_all is an OR"),
    # packs/condition.py: the condition tree and its compiler
    ("C1", "armicheck/packs/condition.py", 'key, decisive, otherwise = "all", "no", "yes"',
     'key, decisive, otherwise = "all", "yes", "no"', "all: compiled as any:"),
    ("C2", "armicheck/packs/condition.py", "return lambda facts: inner(facts).negate()",
     "return lambda facts: inner(facts)", "not: ignored"),
    ("C3", "armicheck/packs/condition.py", '            if got.value == "indeterminate":\n'
     "                unsure =", '            if got.value == "never":\n                unsure =',
     "an indeterminate part is settled as the default"),
    ("C4", "armicheck/packs/condition.py", "return lambda facts: facts[name].negate()",
     "return lambda facts: facts[name]", "is: no asks yes"),
    ("C5", "armicheck/packs/condition.py", "return lambda facts: facts[name] in options",
     "return lambda facts: facts[name] not in options", "in: inverted"),
    ("C6", "armicheck/packs/condition.py", '"gt": lambda got: got is not None and got > value',
     '"gt": lambda got: got is not None and got >= value', "gt: is gte"),
    ("C7", "armicheck/packs/condition.py", '"lte": lambda got: got is not None and got <= value',
     '"lte": lambda got: got is not None and got < value', "lte: is lt"),
    ("C8", "armicheck/packs/condition.py",
     "bool(facts[name]) and not options.isdisjoint(facts[name])", "bool(facts[name])",
     "intersects: any non-empty set"),
    ("C9", "armicheck/packs/condition.py",
     'lambda facts: facts[name].value == "indeterminate"',
     'lambda facts: facts[name].value != "indeterminate"', "is: indeterminate inverted"),
    ("C10", "armicheck/core/time.py",
     "if (end <= first) if not point else (start < first):",
     "if (end <= first) if not point else (start <= first):",
     "before: includes the day's first instant"),
    # engine/evaluate.py: grading
    ("E1", "armicheck/engine/evaluate.py",
     'if result.indeterminate:\n                status = st.POSSIBLE',
     'if result.indeterminate:\n                status = st.VIOLATION',
     "an indeterminate condition is not lowered"),
    ("E2", "armicheck/engine/evaluate.py",
     'if force_tri.indeterminate:\n                status = st.POSSIBLE',
     'if force_tri.indeterminate:\n                status = st.VIOLATION',
     "an uncertain in-force period is not lowered"),
    ("E3", "armicheck/engine/evaluate.py",
     'if rule.contested:\n                status = st.POSSIBLE',
     'if rule.contested:\n                status = st.VIOLATION',
     "a contested basis is not capped"),
    ("E4", "armicheck/engine/evaluate.py", 'if values["event.certainty"] == "alleged":',
     'if values["event.certainty"] == "never":', "issue 23: alleged acts not lowered"),
    ("E5", "armicheck/engine/evaluate.py", 'if got.indeterminate and status == st.VIOLATION:',
     'if got.indeterminate and status == "never":',
     "issue 23: 'an exception may apply' does not lower"),
    ("E6", "armicheck/engine/evaluate.py", "if got.yes:\n                    applied = exc",
     "if False:\n                    applied = exc", "exceptions never apply"),
    ("E7", "armicheck/engine/evaluate.py",
     "if j and ref.clause.validity.at(party, start, end, reason=False).no:",
     "if False:", "issue 23: supporting clauses cited out of force"),
    ("E8", "armicheck/engine/evaluate.py", "if force_tri.no:\n                if explain:",
     "if False:\n                if explain:", "rules out of force still fire"),
    ("E9", "armicheck/engine/evaluate.py", "if result.no:\n                if explain:",
     "if False:\n                if explain:", "a condition that is no still fires"),
    # engine/determinations.py: the comparison with official determinations
    ("D1", "armicheck/engine/determinations.py", "agreed = bool(by_act) and not missing",
     "agreed = True", "issue 23: agreement hard-wired"),
    ("D2", "armicheck/engine/determinations.py", "missing = sorted(wanted - cited)",
     "missing = []", "issue 23: paragraph check disabled"),
    ("D3", "armicheck/engine/determinations.py",
     'names.add(f.rule.pack.meta["subsidiary_to"])', "pass",
     "a MAC agreement is not under the Armistice"),
    ("D4", "armicheck/engine/determinations.py", "return f.party == party and instrument",
     "return True and instrument", "any party agrees"),
    ("D5", "armicheck/engine/determinations.py",
     'if f.status in (VIOLATION, POSSIBLE)]', 'if f.status != "never"]',
     "an applied exception counts as a finding of a violation"),
    # format 1.1 (issue 14): the comparison's new parts
    ("D6", "armicheck/engine/determinations.py", "agreed = compared and not contrary",
     "agreed = compared", "a consistent determination is always agreed"),
    ("D7", "armicheck/engine/determinations.py", "return not wanted_events or not",
     "return True or not", "the events a body named are ignored"),
    ("D8", "armicheck/engine/determinations.py",
     "and (force is None or force in f.forces)", "and True", "the force is ignored"),
    ("D9", "armicheck/engine/determinations.py", "acts = [act, *alternatives] if act else []",
     "acts = [act] if act else []", "the writer's alternatives are ignored"),
    ("E10", "armicheck/engine/evaluate.py", "if attribution in UNSURE_ATTRIBUTION:",
     "if attribution in ():", "an alleged or disputed attribution is not lowered"),
    ("F7", "armicheck/engine/confidence.py", "if af < cf:", "if False:",
     "the attribution does not lower the confidence"),
    ("I1", "armicheck/core/interval.py", "if self.low > value:\n            return yes()",
     "if self.low >= value:\n            return yes()", "a range from the limit is above it"),
    ("I2", "armicheck/core/interval.py",
     "if self.high is not None and self.high <= value:\n            return no()",
     "if self.high is not None and self.high < value:\n            return no()",
     "a range up to the limit is not below it"),
    ("I3", "armicheck/packs/condition.py",
     "if type(got) is Interval:\n            return got.compare",
     "if False:\n            return got.compare", "a range is tested as a plain number"),
    ("W1", "armicheck/core/time.py", "APPROXIMATE = timedelta(minutes=30)",
     "APPROXIMATE = timedelta(minutes=15)", "'about' is a quarter hour either side"),
    ("W2", "armicheck/facts/derive.py", "if ef.end <= me.start and not tie:",
     "if ef.start <= me.start and not tie:", "overlapping windows count as earlier"),
    ("V1", "armicheck/facts/derive.py",
     'if "nationality" in raw:\n            return None',
     'if "nationality" in raw:\n            pass', "a civilian inherits a force"),
    # engine/confidence.py
    ("F1", "armicheck/engine/confidence.py",
     'if "reliability" in src or "credibility" in src:\n        return RELIABILITY',
     'if False:\n        return RELIABILITY', "issue 23: sources' grades ignored"),
    ("F2", "armicheck/engine/confidence.py",
     "corroboration = min(0.1, 0.05 * (publishers - 1))", "corroboration = 0.0",
     "issue 23: no corroboration bonus"),
    ("F3", "armicheck/engine/confidence.py", "cf = CERTAINTY_FACTOR.get(certainty, 0.8)",
     "cf = 1.0", "certainty ignored"),
    ("F4", "armicheck/engine/confidence.py", "min(0.1, 0.05 * (publishers - 1))",
     "min(0.2, 0.05 * (publishers - 1))", "corroboration cap doubled"),
    ("F5", "armicheck/engine/confidence.py", "return round(cf * 0.3, 2)",
     "return round(cf * 0.5, 2)", "an uncited event scored higher"),
    ("F6", "armicheck/engine/confidence.py", '"alleged": 0.4', '"alleged": 0.6',
     "alleged weighted as inferred"),
    # spatial/*.py: tolerance bands
    ("S1", "armicheck/spatial/model.py", "DMZ_LIMIT_TOLERANCE_M = 100.0",
     "DMZ_LIMIT_TOLERANCE_M = 10.0", "issue 23: DMZ-limit tolerance 100 m -> 10 m"),
    ("S2", "armicheck/spatial/lsib.py", "MDL_BAND_M = 150.0", "MDL_BAND_M = 50.0",
     "MDL band 150 m -> 50 m"),
    ("S3", "armicheck/spatial/relative.py",
     "if far <= DMZ_HALF_WIDTH_M - DMZ_LIMIT_TOLERANCE_M:", "if far <= DMZ_HALF_WIDTH_M:",
     "relative positions: no tolerance inside the DMZ limit"),
    ("S4", "armicheck/spatial/relative.py",
     "elif near >= DMZ_HALF_WIDTH_M + DMZ_LIMIT_TOLERANCE_M:", "elif near >= DMZ_HALF_WIDTH_M:",
     "relative positions: no tolerance outside the DMZ limit"),
    ("S5", "armicheck/spatial/lsib.py", "if m.distance_m > MDL_BAND_M + u:",
     "if m.distance_m > MDL_BAND_M:", "a position's own uncertainty ignored at the MDL"),
    ("S6", "armicheck/spatial/cma.py", "    if far <= width - tol:\n",
     "    if far <= width:\n", "CMA bands: no tolerance inside the edge"),
    # core/summary.py: exit codes
    ("X1", "armicheck/core/summary.py", "if self.totals[\"errors\"]:\n            return 2",
     "if self.totals[\"errors\"]:\n            return 1", "input errors exit 1"),
    ("X2", "armicheck/core/status.py", '"possible": {VIOLATION, POSSIBLE},',
     '"possible": {VIOLATION},', "--fail-on possible ignores possible violations"),
    ("X3", "armicheck/core/status.py", '"violation": {VIOLATION},',
     '"violation": {VIOLATION, POSSIBLE},',
     "--fail-on violation fails on possible violations"),
    ("X4", "armicheck/core/summary.py",
     "return 1 if self.statuses & AT_LEAST[fail_on] else 0", "return 0",
     "findings never fail the run"),
    # rules: conditions the audit found unguarded
    ("R1", "rules/kaa-1953/rules.yaml", '            - {fact: event.in_response}\n'
     '            - {fact: origin.on_other_side, is: "no"}\n',
     '            - {fact: event.in_response}\n', "issue 23: self-defence loses a condition"),
    ("R2", "rules/cma-2018/rules.yaml",
     "        - {fact: actor.armed_forces}\n        - {fact: crosses_mdl}\n",
     "        - {fact: actor.armed_forces}\n",
     "issue 23: CMA-1-1-CROSSING without its crossing test"),
    ("R3", "rules/kaa-1953/rules.yaml",
     '            - {fact: event.target.opposing, equals: true}\n'
     '            - {fact: on_other_side, is: "no"}\n',
     '            - {fact: event.target.opposing, equals: true}\n',
     "intruder-on-own-ground (KAA) loses a condition"),
]

# id -> why the mutant cannot change any result (none at present)
EQUIVALENT: dict[str, str] = {}


def apply(copy: Path, path: str, old: str, new: str) -> bool:
    target = copy / path
    text = target.read_text(encoding="utf-8")
    if text.count(old) != 1:
        return False
    target.write_text(text.replace(old, new), encoding="utf-8")
    return True


def run_one(mutant: tuple[str, str, str, str, str], timeout: float) -> dict[str, object]:
    mid, path, old, new, what = mutant
    with tempfile.TemporaryDirectory(prefix=f"armicheck-mutant-{mid}-") as tmp:
        copy = Path(tmp)
        for name in COPIED:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns(
                    "__pycache__", ".pytest_cache", "*.pyc"))
            else:
                shutil.copy2(src, copy / name)
        if not apply(copy, path, old, new):
            return {"id": mid, "what": what, "result": "stale", "by": "", "seconds": 0.0}
        env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
        started = time.perf_counter()
        first = [f for f in FIRST if (copy / f).is_file()]
        pytest = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        # pytest collects a folder before files named with it, so two runs: these files, then
        # the rest
        killed, out = False, ""
        try:
            for args in (first, ["tests", *[f"--ignore={f}" for f in (*first, *NOT_RUN)]]):
                proc = subprocess.run(pytest + args, cwd=copy, env=env, capture_output=True,
                                      text=True, timeout=timeout)
                killed, out = proc.returncode != 0, proc.stdout
                if killed:
                    break
        except subprocess.TimeoutExpired:
            killed, out = True, "FAILED (timeout)"
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", out, re.M)
        return {"id": mid, "what": what, "result": "killed" if killed else "survived",
                "by": failed[0] if failed else ("" if not killed else out.strip()[-200:]),
                "seconds": round(time.perf_counter() - started, 1)}


def drop_conditions(ids: list[str]) -> int:
    """Each rule with each top-level condition (other than its action filter) dropped in
    turn: `armicheck rules test` and the incidents' and held-out expectations must fail."""
    import io

    import yaml

    sys.path.insert(0, str(ROOT))
    from armicheck.packs import condition, load_builtin
    from armicheck.packs.load import load_rules
    from armicheck.run import rules as rule_commands

    ruleset = load_builtin()
    killed, survived = 0, []
    with tempfile.TemporaryDirectory(prefix="armicheck-drop-") as tmp:
        root = Path(tmp)
        for pack in ruleset.packs.values():
            shutil.copytree(pack.directory, root / Path(pack.directory).name)
        for rule in ruleset.rules:
            if ids and rule.id not in ids:
                continue
            path = root / Path(rule.pack.directory).name / "rules.yaml"
            original = path.read_text(encoding="utf-8")
            parts = condition.as_dict(rule.when).get("all") or []
            for i, part in enumerate(parts):
                if part.get("fact") == "action" or len(parts) < 2:
                    continue
                doc = yaml.safe_load(original)
                (raw,) = [r for r in doc["rules"] if r["id"] == rule.id]
                raw["when"] = {"all": [c for j, c in enumerate(parts) if j != i]}
                path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")
                try:
                    mutated = load_rules((str(root),))
                    failures = rule_commands.test_rules(mutated, io.StringIO())
                    for folder in (ROOT / "incidents", ROOT / "tests" / "heldout"):
                        failures += len(rule_commands.check_expected(folder, mutated)[1])
                finally:
                    path.write_text(original, encoding="utf-8")
                label = f"{rule.id} without {yaml.safe_dump(part, default_flow_style=True).strip()}"
                if failures:
                    killed += 1
                else:
                    survived.append(label)
                print(f"{'killed' if failures else 'SURVIVED':<8} {label}", flush=True)
    total = killed + len(survived)
    print(f"\n{killed}/{total} dropped conditions caught by rules test and the expectations"
          + (f"; survived: {len(survived)}" if survived else ""))
    return 1 if survived else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ids", nargs="*", help="mutant ids (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--drop-conditions", action="store_true",
                    help="instead: drop each rule's top-level conditions in turn and run "
                         "`rules test` and the expectations in-process")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip running the suite on the unmutated copy first")
    args = ap.parse_args()
    if args.drop_conditions:
        return drop_conditions(args.ids)
    chosen = [m for m in MUTANTS if not args.ids or m[0] in args.ids]
    if args.list:
        for mid, path, _, _, what in chosen:
            print(f"{mid:<4} {path:<38} {what}")
        return 0
    started = time.perf_counter()
    if not args.no_baseline:  # the suite must pass on an unmutated copy, or nothing is learnt
        base = run_one(("base", "pyproject.toml", "[project]", "[project]", "no mutation"),
                       args.timeout)
        print(f"base {base['result']:<8} {base['seconds']:>6}s  the unmutated copy", flush=True)
        if base["result"] != "survived":
            print(f"the suite fails on the unmutated copy: {base['by']}")
            return 2
    results = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for r in pool.map(lambda m: run_one(m, args.timeout), chosen):
            results.append(r)
            print(f"{r['id']:<4} {r['result']:<8} {r['seconds']:>6}s  {r['what']}"
                  + (f"  [{r['by']}]" if r["by"] else ""), flush=True)
    killed = sum(r["result"] == "killed" for r in results)
    survived = [r["id"] for r in results if r["result"] == "survived"]
    stale = [r["id"] for r in results if r["result"] == "stale"]
    live = len(results) - len(stale)
    print(f"\n{killed}/{live} killed ({100 * killed / max(live, 1):.0f}%) in "
          f"{time.perf_counter() - started:.0f}s; survived: {', '.join(survived) or 'none'}"
          + (f"; stale: {', '.join(stale)}" if stale else ""))
    for mid in survived:
        if mid in EQUIVALENT:
            print(f"  {mid} is equivalent: {EQUIVALENT[mid]}")
    return 1 if [m for m in survived + stale if m not in EQUIVALENT] else 0


if __name__ == "__main__":
    sys.exit(main())
