"""The benchmark of SPEC §9: one run, the same generated files, every contender.

    python bench/run.py                      # 10,000 files in bench/corpus (made if missing)
    python bench/run.py --count 2000 --skip-check-jsonschema   # a quicker look

Times, on the same files, as whole processes (start-up included, wall clock and CPU; peak RSS
from wait4): (a) bare parsing with PyYAML's C loader, (b) `check-jsonschema` with the incident
schema (in batches, for the command line), (c) `armicheck validate`, (d) `armicheck evaluate
--format json` with all packs, `--jobs 1` and `--jobs 2`, (e) the same with `--cache`, cold
(filling it) and warm, plus `evaluate` on the first 1,000 files for memory against size, and
the start-up of `armicheck --version` (median of 20). The bare parse and `evaluate --jobs 1`
each run twice, one early and one late; the ratios use the faster of each (the machine's
speed drifts during a run).
Ratios, not absolute times, are the result: the machine's speed cancels out. Prints a table and
writes it to bench/out/results.md and results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA = ROOT / "armicheck" / "schemas" / "incident.schema.json"

BARE_PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""
# `armicheck` as its console script runs it (armicheck.__main__:main), from this checkout
ARMICHECK = [sys.executable, "-c", "import sys; sys.argv[0] = 'armicheck'; "
             "from armicheck.__main__ import main; main()"]


@dataclass
class Measure:
    name: str
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    exit_codes: list[int]

    def row(self, files: int) -> list[str]:
        return [self.name, f"{self.wall_s:.2f}", f"{self.cpu_s:.2f}",
                f"{files / self.wall_s:,.0f}", f"{self.max_rss_mb:.0f}",
                ",".join(str(c) for c in sorted(set(self.exit_codes)))]


def run(name: str, commands: list[list[str]], env: dict[str, str]) -> Measure:
    """Run the commands one after another; sum wall and CPU time, keep the peak RSS."""
    wall = cpu = rss = 0.0
    codes = []
    for cmd in commands:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read()  # small: errors only (the corpus is valid)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        wall += time.perf_counter() - start
        cpu += usage.ru_utime + usage.ru_stime
        rss = max(rss, usage.ru_maxrss / 1024)
        codes.append(code)
        if code not in (0, 1):
            print(f"{name}: exit {code}\n{err.decode(errors='replace')[-2000:]}", file=sys.stderr)
    print(f"  {name}: {wall:.2f} s", file=sys.stderr)
    return Measure(name, wall, cpu, rss, codes)


def startup(env: dict[str, str], runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*ARMICHECK, "--version"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description="armicheck benchmark (SPEC §9)")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--count", type=int, default=10000, help="files to generate if missing")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1000, help="files per check-jsonschema run")
    ap.add_argument("--skip-check-jsonschema", action="store_true")
    ap.add_argument("--out", type=Path, default=HERE / "out")  # also holds the cache runs
    args = ap.parse_args()

    files = sorted(args.corpus.glob("*.yaml")) if args.corpus.is_dir() else []
    if len(files) != args.count:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--count", str(args.count),
                        "--seed", str(args.seed), "--out", str(args.corpus)], check=True)
        files = sorted(args.corpus.glob("*.yaml"))
    n = len(files)
    size = sum(f.stat().st_size for f in files)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])), NO_COLOR="1")
    env.pop("XDG_CACHE_HOME", None)
    corpus = str(args.corpus)
    print(f"{n} files, {size / 1e6:.1f} MB ({size / n / 1e3:.1f} KB each) in {corpus}",
          file=sys.stderr)

    m: dict[str, Measure] = {}
    m["a"] = run("(a) PyYAML CSafeLoader, bare parse", [[sys.executable, "-c", BARE_PARSE,
                                                         corpus]], env)
    if not args.skip_check_jsonschema:
        cjs = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                      "check-jsonschema")
        batches = [[cjs, "--schemafile", str(SCHEMA), *map(str, files[i:i + args.batch])]
                   for i in range(0, n, args.batch)]
        m["b"] = run(f"(b) check-jsonschema ({len(batches)} runs)", batches, env)
    m["c"] = run("(c) armicheck validate --jobs 1", [[*ARMICHECK, "validate", corpus,
                                                      "--jobs", "1"]], env)
    evaluate = [*ARMICHECK, "evaluate", corpus, "--format", "json", "--fail-on", "never"]
    m["d1"] = run("(d) armicheck evaluate --jobs 1", [[*evaluate, "--jobs", "1"]], env)
    m["d2"] = run("(d) armicheck evaluate --jobs 2", [[*evaluate, "--jobs", "2"]], env)
    cache_env = dict(env, XDG_CACHE_HOME=str(args.out / "cache"))
    shutil.rmtree(args.out / "cache", ignore_errors=True)
    m["e1"] = run("(e) evaluate --jobs 1 --cache, cold (fills it)", [[*evaluate, "--jobs", "1",
                                                                     "--cache"]], cache_env)
    m["e2"] = run("(e) evaluate --jobs 1 --cache, warm", [[*evaluate, "--jobs", "1",
                                                          "--cache"]], cache_env)
    cache_mb = sum(f.stat().st_size for f in (args.out / "cache").rglob("*") if f.is_file()) / 1e6
    first = [str(f) for f in files[:1000]]
    m["d1k"] = run("(d) evaluate --jobs 1, first 1,000 files", [[
        *ARMICHECK, "evaluate", *first, "--format", "json", "--jobs", "1",
        "--fail-on", "never"]], env)
    start_s = startup(env)
    # (d) jobs 1 and the bare parse again, in the reverse order: a shared machine's speed
    # drifts (seen here: the same run 30% slower ten minutes later), so each of the two
    # counts the faster of its runs, one early and one late
    again_d = run("(d) armicheck evaluate --jobs 1, again", [[*evaluate, "--jobs", "1"]], env)
    if again_d.wall_s < m["d1"].wall_s:
        m["d1"] = again_d
    again = run("(a) PyYAML CSafeLoader, bare parse, again", [[sys.executable, "-c", BARE_PARSE,
                                                               corpus]], env)
    if again.wall_s < m["a"].wall_s:
        m["a"] = again

    rows = [x.row(n if k != "d1k" else min(n, 1000)) for k, x in m.items()]
    ratios = [
        ("evaluate / bare parse (d)/(a), jobs 1", m["d1"].wall_s / m["a"].wall_s, "<= 1.5"),
        ("validate / bare parse (c)/(a)", m["c"].wall_s / m["a"].wall_s, ""),
        ("check-jsonschema / evaluate (b)/(d)", m["b"].wall_s / m["d1"].wall_s if "b" in m
         else float("nan"), ">= 15"),
        ("--jobs 2 speed-up (d1)/(d2)", m["d1"].wall_s / m["d2"].wall_s, ">= 1.7"),
        ("evaluate --cache warm / bare parse (e2)/(a)", m["e2"].wall_s / m["a"].wall_s,
         "<= 1.0 (stretch)"),
        ("evaluate --cache cold / no cache (e1)/(d1)", m["e1"].wall_s / m["d1"].wall_s, ""),
        ("cache size, MB", cache_mb, ""),
        ("peak RSS, evaluate jobs 1, MB", m["d1"].max_rss_mb, "<= 150"),
        ("peak RSS 1,000 -> 10,000 files, MB",
         f"{m['d1k'].max_rss_mb:.0f} -> {m['d1'].max_rss_mb:.0f}", "flat"),
        ("armicheck --version, ms (median of 20)", start_s * 1000, "<= 150"),
    ]
    header = ["run", "wall s", "CPU s", "files/s", "peak RSS MB", "exit"]
    lines = [f"{n:,} files, {size / 1e6:.1f} MB, {size / n / 1e3:.1f} KB each; "
             f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += ["", "| ratio | value | target |", "|---|---|---|"]
    lines += [f"| {name} | {v if isinstance(v, str) else f'{v:.2f}'} | {t} |"
              for name, v, t in ratios]
    text = "\n".join(lines)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {"files": n, "bytes": size, "runs": {k: asdict(x) for k, x in m.items()},
         "startup_s": start_s}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
