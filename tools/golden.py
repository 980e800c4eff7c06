"""Golden outputs: record what a checkout prints for every command and format, and compare.

    python tools/golden.py record OUT [--repo DIR]     # record DIR's outputs into OUT
    python tools/golden.py compare OLD NEW             # print the differences, exit 1 if any
    python tools/golden.py check OLD [--repo DIR]      # record DIR into a temporary folder, compare

Every later change says what it did to the outputs with this script: record the parent
commit (`git worktree add /tmp/base HEAD~1`, then `record /tmp/golden-base --repo /tmp/base`)
and `check /tmp/golden-base` in the working tree.

The inputs are `incidents/`, `tests/heldout/`, every rule pack's `tests/` fixtures, and 1,000
benchmark files written once (into `~/.cache/armicheck-golden/`) by `bench/generate.py` as it
was at commit CORPUS_COMMIT, so later changes to the generator do not change the corpus.
Each command runs in DIR with DIR on PYTHONPATH and this interpreter's libraries, so one
virtual environment serves both checkouts; the corpus is copied into DIR/.golden-corpus/ so
that paths in the outputs read the same for every checkout. stdout, stderr and the exit code
of each command are recorded, one file each.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_COMMIT = "150f114"  # bench/generate.py as it was before the house issues
CORPUS_COUNT, CORPUS_SEED = 1000, 7
CORPUS_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "armicheck-golden"
CORPUS_DIR = ".golden-corpus"  # inside the checkout, git-ignored

EVALUATE_FORMATS = ["table", "json", "jsonl", "sarif", "markdown", "github"]
AS_OF_DATES = ["1975-01-01", "2019-06-01", "2024-01-01"]
VALIDATE_FORMATS = ["text", "json", "github"]


def corpus() -> Path:
    """The 1,000 benchmark files, generated once from the generator at CORPUS_COMMIT."""
    target = CORPUS_CACHE / f"corpus-{CORPUS_COMMIT}-{CORPUS_COUNT}-{CORPUS_SEED}"
    if (target / ".complete").exists():
        return target
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", CORPUS_COMMIT, "bench/generate.py",
         "armicheck/data/geo"], check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, f"{tmp}/bench/generate.py", "--count", str(CORPUS_COUNT),
                        "--seed", str(CORPUS_SEED), "--out", str(target)], check=True,
                       stdout=subprocess.DEVNULL)
    (target / ".complete").write_text("")
    return target


def input_sets(repo: Path) -> dict[str, list[str]]:
    fixtures = sorted(str(p.relative_to(repo)) for p in (repo / "rules").glob("*/tests"))
    return {"incidents": ["incidents"], "heldout": ["tests/heldout"], "fixtures": fixtures,
            "bench": [CORPUS_DIR]}


def commands(repo: Path) -> dict[str, list[str]]:
    """name -> argv after `python -m armicheck`."""
    cmds: dict[str, list[str]] = {}
    for set_name, paths in input_sets(repo).items():
        for fmt in EVALUATE_FORMATS:
            cmds[f"evaluate.{set_name}.{fmt}"] = ["evaluate", *paths, "-f", fmt, "--jobs", "2"]
        for fmt in ("json", "table"):
            cmds[f"evaluate.{set_name}.{fmt}.explain"] = [
                "evaluate", *paths, "-f", fmt, "--explain", "--jobs", "2"]
            for date in AS_OF_DATES:
                cmds[f"evaluate.{set_name}.{fmt}.as-of-{date}"] = [
                    "evaluate", *paths, "-f", fmt, "--as-of", date, "--jobs", "2"]
        for fmt in VALIDATE_FORMATS:
            cmds[f"validate.{set_name}.{fmt}"] = ["validate", *paths, "--format", fmt]
    cmds["rules.list"] = ["rules", "list"]
    cmds["rules.list.json"] = ["rules", "list", "-f", "json"]
    for date in AS_OF_DATES:
        cmds[f"rules.list.as-of-{date}"] = ["rules", "list", "--as-of", date]
    cmds["rules.test"] = ["rules", "test"]
    for name in ("incident", "findings", "rules"):
        cmds[f"schema.{name}"] = ["schema", name]
    cmds["version"] = ["--version"]
    return cmds


def environment(repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ARMICHECK_", "GITHUB_")) and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(PYTHONPATH=str(repo), NO_COLOR="1", COLUMNS="120", PYTHONHASHSEED="0",
               LC_ALL="C.UTF-8", XDG_CACHE_HOME=str(repo / CORPUS_DIR / ".cache"))
    return env


def run(repo: Path, argv: list[str], env: dict[str, str]) -> tuple[bytes, bytes, int]:
    proc = subprocess.run([sys.executable, "-m", "armicheck", *argv], cwd=repo, env=env,
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=900)
    return proc.stdout, proc.stderr, proc.returncode


def record(out: Path, repo: Path) -> None:
    repo = repo.resolve()
    if out.exists() and any(out.iterdir()):
        sys.exit(f"golden: {out} is not empty; record into a new folder")
    out.mkdir(parents=True, exist_ok=True)
    local = repo / CORPUS_DIR
    if not local.exists():
        shutil.copytree(corpus(), local, ignore=shutil.ignore_patterns(".complete"))
    # Nothing runs with --cache; a stray cache would still stay inside the ignored folder.
    env = environment(repo)
    cmds = commands(repo)
    rule_ids = [r["id"] for r in json.loads(run(repo, ["rules", "list", "-f", "json"], env)[0])
                ["rules"]]
    for rule_id in rule_ids:
        cmds[f"rules.show.{rule_id}"] = ["rules", "show", rule_id]

    def one(item: tuple[str, list[str]]) -> None:
        name, argv = item
        stdout, stderr, code = run(repo, argv, env)
        # the checkout's own folder (SARIF's working directory) reads the same for every one
        here = str(repo).encode()
        (out / f"{name}.stdout").write_bytes(stdout.replace(here, b"<checkout>"))
        (out / f"{name}.stderr").write_bytes(stderr.replace(here, b"<checkout>"))
        (out / f"{name}.rc").write_text(f"{code}\n")

    # Evaluations already use two processes each; two at once keeps a 2-core machine busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, sorted(cmds.items())))
    (out / "COMMANDS.json").write_text(json.dumps(cmds, indent=1, sort_keys=True) + "\n")
    print(f"golden: recorded {len(cmds)} commands of {repo} into {out}")


def compare(old: Path, new: Path, context: int = 40) -> int:
    """Print each differing output (a unified diff cut at `context` lines); return the count."""
    names = sorted({p.name for p in old.iterdir()} | {p.name for p in new.iterdir()})
    differing = 0
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            differing += 1
            print(f"== {name}: only in {'new' if b.exists() else 'old'}")
            continue
        if a.read_bytes() == b.read_bytes():
            continue
        differing += 1
        lines = _diff(a, b, name)
        print(f"== {name}: {len(lines)} diff lines")
        for line in lines[:context]:
            print(line[:300])
        if len(lines) > context:
            print(f"... {len(lines) - context} more diff lines")
    print(f"golden: {len(names)} outputs compared, {differing} differ")
    return differing


def _diff(a: Path, b: Path, name: str) -> list[str]:
    """A unified diff with one line of context: GNU diff where there is one (difflib is far
    too slow on a million changed lines), difflib otherwise."""
    if shutil.which("diff"):
        proc = subprocess.run(["diff", "-U1", "--label", f"old/{name}", "--label", f"new/{name}",
                               str(a), str(b)], capture_output=True)
        return proc.stdout.decode("utf-8", "replace").splitlines()
    return list(difflib.unified_diff(
        a.read_text(errors="replace").splitlines(), b.read_text(errors="replace").splitlines(),
        f"old/{name}", f"new/{name}", lineterm="", n=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record a checkout's outputs")
    rec.add_argument("out", type=Path)
    rec.add_argument("--repo", type=Path, default=ROOT)
    cmp = sub.add_parser("compare", help="compare two recorded sets")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    chk = sub.add_parser("check", help="record a checkout into a temporary folder and compare")
    chk.add_argument("old", type=Path)
    chk.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args()
    if args.command == "record":
        record(args.out, args.repo)
    elif args.command == "compare":
        sys.exit(1 if compare(args.old, args.new) else 0)
    else:
        with tempfile.TemporaryDirectory(prefix="golden-new-") as tmp:
            record(Path(tmp) / "out", args.repo)
            sys.exit(1 if compare(args.old, Path(tmp) / "out") else 0)


if __name__ == "__main__":
    main()
