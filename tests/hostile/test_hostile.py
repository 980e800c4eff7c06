"""Hostile input: every case exits 2 with exact `path:line:col: message` lines on stderr.

The corpus is `files/` (committed) plus cases generated here in a temporary folder (a 50 MB
file, nesting deeper than libyaml survives, rule packs copied from `rules/` and corrupted);
`expected.yaml` holds, for each, the exit code and the stderr lines. Every case runs as a
process of its own under RLIMIT_AS = 1 GiB (a MemoryError would show as an internal error),
killed after 10 s (a hang); its CPU time must stay under 2 s: CPU rather than wall time, so a
busy machine does not fail it (the cases take 0.03-0.3 s of CPU; the biggest ~1.3 s cold).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FILES = HERE / "files"
EXPECTED: dict[str, Any] = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
MEMORY_LIMIT = 1 << 30  # bytes of address space per armicheck process
CPU_LIMIT_S = 2.0
TIMEOUT_S = 10.0
SUMMARY = re.compile(r"^\d+ files, \d+ valid, \d+ invalid$|^\d+ incidents, ")
LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    max_rss_mb: float

    @property
    def messages(self) -> list[str]:
        """stderr lines that are diagnostics (the closing count is not one)."""
        return [ln for ln in self.stderr.splitlines() if ln and not SUMMARY.match(ln)]


# `python -m armicheck`, with the memory limit set by the child itself
LAUNCH = ("import resource, runpy, sys; "
          f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
          "sys.argv[0] = 'armicheck'; runpy.run_module('armicheck', run_name='__main__')")


def armicheck(*args: str, cwd: Path, stdin: bytes | None = None) -> Run:
    """Run `python -m armicheck ARGS` as a child process, measuring it alone (os.wait4)."""
    env = dict(os.environ, NO_COLOR="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCH, *args], cwd=cwd, env=env,
                                stdin=inp, stdout=out, stderr=err)
        timer = threading.Timer(TIMEOUT_S, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Run(code=proc.returncode, stdout=out.read().decode("utf-8", "replace"),
                   stderr=err.read().decode("utf-8", "replace"), wall_s=wall,
                   cpu_s=usage.ru_utime + usage.ru_stime, max_rss_mb=usage.ru_maxrss / 1024)


def check(run: Run, expected: dict[str, Any], what: str) -> None:
    assert "Traceback" not in run.stderr, (what, run.stderr)
    assert run.code >= 0 and run.wall_s < TIMEOUT_S, f"{what}: killed ({run.code})"
    assert run.code == expected["exit"], (what, run.code, run.stderr)
    got, want = run.messages, list(expected["stderr"])
    if not LIBYAML:  # the pure-Python parser words malformed-YAML messages differently
        got = [m.split(" malformed YAML:")[0] for m in got]
        want = [m.split(" malformed YAML:")[0] for m in want]
    assert got == want, what
    assert run.cpu_s < CPU_LIMIT_S, f"{what}: {run.cpu_s:.2f} s of CPU"


# --------------------------------------------------------------------------- committed files

# A cold start costs ~0.3 s of imports (typer and pydantic, jsonschema-rs) per process; for
# the committed files and the packs a launcher imports them once and forks one child per case:
# a process of its own (exit code, stderr, 1 GiB limit, CPU time from wait4) that does all the
# work of the command but the imports. The generated cases and the directory run start cold.
FORKER = """
import json, os, resource, signal, sys
try:
    import typer._adapters  # typer 0.2x imports pydantic when it parses arguments
except ImportError:
    pass
from armicheck.run import check, many, api  # noqa: F401 (imported once, before the forks)
from armicheck.report import render
from armicheck.cli import main
for line in sys.stdin:
    job = json.loads(line)
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            signal.alarm(job["timeout"])
            os.chdir(job["cwd"])
            resource.setrlimit(resource.RLIMIT_AS, (job["limit"], job["limit"]))
            for fd, name in ((1, "out"), (2, "err")):
                os.dup2(os.open(job[name], os.O_WRONLY | os.O_TRUNC), fd)
            sys.argv = ["armicheck", *job["args"]]
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback; traceback.print_exc(); code = 99
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os._exit(code)
    start = os.times().elapsed
    _, status, usage = os.wait4(pid, 0)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall": os.times().elapsed -
                      start, "cpu": usage.ru_utime + usage.ru_stime,
                      "rss": usage.ru_maxrss / 1024}), flush=True)
"""


def forked_runs(cases: list[tuple[Any, list[str], Path]], tmp: Path) -> dict[Any, Run]:
    """Run each case (key, arguments, working folder) in a forked child of one launcher."""
    env = dict(os.environ, NO_COLOR="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    jobs = []
    for i, (_, args, cwd) in enumerate(cases):
        out, err = tmp / f"{i}.out", tmp / f"{i}.err"
        out.touch()
        err.touch()
        jobs.append(json.dumps({"args": args, "cwd": str(cwd), "out": str(out), "err": str(err),
                                "limit": MEMORY_LIMIT, "timeout": int(TIMEOUT_S)}))
    proc = subprocess.run([sys.executable, "-c", FORKER], input="\n".join(jobs) + "\n",
                          capture_output=True, text=True, env=env, timeout=TIMEOUT_S * len(jobs))
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(cases), proc.stderr
    return {name: Run(code=r["code"], wall_s=r["wall"], cpu_s=r["cpu"], max_rss_mb=r["rss"],
                      stdout=(tmp / f"{i}.out").read_text(encoding="utf-8", errors="replace"),
                      stderr=(tmp / f"{i}.err").read_text(encoding="utf-8", errors="replace"))
            for i, ((name, _, _), r) in enumerate(zip(cases, results, strict=True))}


@pytest.fixture(scope="module")
def file_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    cases = [(name, ["validate", name], FILES) for name in sorted(EXPECTED["files"])]
    return forked_runs(cases, tmp_path_factory.mktemp("runs"))


def test_corpus_is_large_and_fully_described():
    on_disk = {p.name for p in FILES.iterdir()}
    assert on_disk == set(EXPECTED["files"])
    assert len(on_disk) + len(EXPECTED["generated"]) + len(EXPECTED["packs"]) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_file(file_runs: dict[str, Run], name: str):
    check(file_runs[name], EXPECTED["files"][name], name)


def test_directory_run_reports_every_file():
    """`evaluate` on the whole corpus: one run, every file's message, the JSON still whole."""
    run = armicheck("evaluate", "files", "--format", "json", "--jobs", "2", cwd=HERE)
    assert run.code == 2 and "Traceback" not in run.stderr
    for expected in EXPECTED["files"].values():
        for line in expected["stderr"]:
            if LIBYAML or "malformed YAML" not in line:
                assert f"files/{line}" in run.messages, line
    doc = json.loads(run.stdout)
    assert len(doc["incidents"]) == len(EXPECTED["files"])
    assert all(entry["errors"] for entry in doc["incidents"])


# --------------------------------------------------------------------------- generated cases

def _incident_head() -> str:
    return (FILES / "yaml11-bare-date.yaml").read_text(encoding="utf-8").replace(
        "date: 2017-11-13", 'date: "2017-11-13"')


def make_big(path: Path) -> None:
    block = _incident_head().encode()
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(block)):
            fh.write(block)
        fh.truncate(50 * 1024 * 1024)


def make_wide(path: Path) -> None:
    """Just under the size limit: 40,000 actors, and an event naming one that is not there."""
    head, events = _incident_head().split("sources:", 1)
    actors = "".join(f"  a{i}: {{side: kpa, force: KPA, kind: soldier}}\n" for i in range(40000))
    text = head + actors + "sources:" + events.replace("actor: guard\n    action: fire",
                                                       "actor: nobody\n    action: fire")
    path.write_text(text, encoding="utf-8")


def make_many_events(path: Path) -> None:
    head = _incident_head().split("events:", 1)[0]
    events = "".join(f"  - {{id: e{i}, actor: guard, action: present, at: {{side: north}}}}\n"
                     for i in range(5001))
    path.write_text(head + "events:\n" + events, encoding="utf-8")


def make_long_line(path: Path) -> None:
    path.write_text(_incident_head().replace("title: KPA guard", "title: " + "x" * 1_900_000),
                    encoding="utf-8")


def make_deep_block(path: Path) -> None:
    path.write_text("armicheck: 1\nid: deep\nnote:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(500)), encoding="utf-8")


def make_deep_flow(path: Path) -> None:
    """Deeper than libyaml's composer survives (it crashes near 25,000 levels)."""
    path.write_text("armicheck: 1\nid: deep\nnote: " + "[" * 30000 + "]" * 30000 + "\n",
                    encoding="utf-8")


def make_deep_dashes(path: Path) -> None:
    path.write_text("armicheck: 1\nid: deep\nnote: " + "- " * 30000 + "x\n", encoding="utf-8")


def make_late_duplicate(path: Path) -> None:
    keys = "".join(f"k{i}: v\n" for i in range(50000))
    path.write_text("armicheck: 1\n" + keys + "k0: again\n", encoding="utf-8")


MAKERS: dict[str, Callable[[Path], None]] = {
    "big": make_big, "wide": make_wide, "many-events": make_many_events,
    "long-line": make_long_line, "deep-block": make_deep_block, "deep-flow": make_deep_flow,
    "deep-dashes": make_deep_dashes, "late-duplicate": make_late_duplicate,
}


@pytest.mark.parametrize("name", sorted(EXPECTED["generated"]))
def test_generated(tmp_path: Path, name: str):
    case = EXPECTED["generated"][name]
    target = tmp_path / case["file"]
    MAKERS[case["make"]](target)
    if case.get("stdin"):
        run = armicheck("validate", "-", cwd=tmp_path, stdin=target.read_bytes())
    else:
        run = armicheck(case.get("command", "validate"), target.name, cwd=tmp_path)
    check(run, case, name)


# --------------------------------------------------------------------------- rule packs

def _corrupt_pack(tmp_path: Path, case: dict[str, Any]) -> tuple[Path, int]:
    """Copy a shipped pack into tmp_path/packs/ and apply the case's change.

    Returns the folder for --rules and the 1-based line the error must point at (the line of
    the first match of `at` in the changed file, plus `line_offset`), so the test survives
    edits to the real pack.
    """
    packs = tmp_path / "packs"
    pack = packs / case["pack"]
    shutil.copytree(ROOT / "rules" / case["pack"], pack)
    target = pack / case["file"]
    if "link_to" in case:
        target.unlink()
        target.symlink_to(case["link_to"])
        return packs, 1
    text = target.read_text(encoding="utf-8")
    changed, n = re.subn(case["find"], case["replace"], text, count=1, flags=re.M)
    assert n == 1, f"{case['find']!r} not found in {target}"
    target.write_text(changed, encoding="utf-8")
    match = re.search(case["at"], changed, flags=re.M)
    assert match, case["at"]
    return packs, changed.count("\n", 0, match.start()) + 1 + case.get("line_offset", 0)


PACK_RUNS = [(name, "rules-list") for name in sorted(EXPECTED["packs"])] + [
    (name, "evaluate") for name in sorted(EXPECTED["packs"]) if EXPECTED["packs"][name].get(
        "evaluate")]


@pytest.fixture(scope="module")
def pack_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    cases, where = [], {}
    for name, command in PACK_RUNS:
        folder = tmp_path_factory.mktemp(name)
        packs, line = _corrupt_pack(folder, EXPECTED["packs"][name])
        args = ["rules", "list", "--rules", "packs"] if command == "rules-list" else [
            "evaluate", "--rules", "packs", str(ROOT / "incidents"), "--format", "json"]
        cases.append(((name, command), args, folder))
        where[name, command] = folder, line
    runs = forked_runs(cases, tmp_path_factory.mktemp("pack-runs"))
    return {key: (runs[key], *where[key]) for key in PACK_RUNS}


@pytest.mark.parametrize("name,command", PACK_RUNS)
def test_pack(pack_runs: dict[tuple[str, str], Any], name: str, command: str):
    """A broken or malicious pack is refused, located, before anything is evaluated."""
    case = EXPECTED["packs"][name]
    run, folder, line = pack_runs[name, command]
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == 2, run.stderr
    assert run.stdout == "", "nothing may be listed or evaluated with a broken pack"
    path = f"packs/{case['pack']}/{case['file']}"
    pattern = re.compile(re.escape(f"{path}:{line}:") + r"\d+: " + case["message"])
    assert any(pattern.fullmatch(m) for m in run.messages), (pattern.pattern, run.messages)
    assert run.cpu_s < CPU_LIMIT_S
    assert not (folder / "PWNED").exists(), "a rule pack ran code"
