"""Scale and containment: directory runs keep going, output streams in input order, rule packs
cannot run code or reach outside their folder, and no module can run code from data."""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import Generator  # noqa: E402


def armicheck(*args: str, cwd: Path = ROOT, stdin: str | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "armicheck", *args], cwd=cwd, env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100 good generated incidents and, sorted among them, one bad one."""
    folder = tmp_path_factory.mktemp("collection")
    gen = Generator(seed=11)
    for n in range(100):
        (folder / f"incident-{n:03d}.yaml").write_text(gen.incident(n), encoding="utf-8")
    (folder / "incident-050-bad.yaml").write_text(
        MINIMAL.replace("actor: guard", "actor: gaurd"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_directory_run_keeps_going(collection: Path, jobs: str):
    result = armicheck("evaluate", str(collection), "--format", "json", "--jobs", jobs)
    assert result.returncode == 2, result.stderr
    doc = json.loads(result.stdout)
    entries = doc["incidents"]
    names = [Path(e["path"]).name for e in entries]
    assert names == sorted(p.name for p in collection.iterdir()), "output not in input order"
    bad = [e for e in entries if e["errors"]]
    assert [Path(e["path"]).name for e in bad] == ["incident-050-bad.yaml"]
    good = [e for e in entries if not e["errors"]]
    assert len(good) == 100 and all(e["id"] for e in good)
    assert sum(len(e["findings"]) for e in good) > 100  # they were evaluated, not skipped
    assert doc["summary"]["incidents"] == 101 and doc["summary"]["errors"] == 1
    assert "incident-050-bad.yaml:12:" in result.stderr and "unknown actor 'gaurd'" in \
        result.stderr
    assert "Traceback" not in result.stderr


def test_entries_encoded_in_workers_write_what_whole_entries_write(collection: Path):
    """`--jobs 2` encodes json/jsonl in the workers (render.encoded); the documents, the
    lines, stderr and the exit code are those written from whole entries in one process."""
    from armicheck.packs import load_builtin
    from armicheck.report import render
    from armicheck.run.check import Options
    from armicheck.run.contract import rule_descriptors
    from armicheck.run.many import run_many

    files = sorted(str(p) for p in collection.iterdir())
    outputs = {}
    for name, jobs, finish in (("whole", 1, None), ("encoded", 2, render.encoder(["json",
                                                                                  "jsonl"]))):
        json_out, jsonl_out = io.StringIO(), io.StringIO()
        stream = run_many(files, load_builtin(), Options(), jobs, finish=finish)
        tally = render.stream_output(["json", "jsonl"], [json_out, jsonl_out], stream,
                                     rule_descriptors(load_builtin()), Options(), [])
        doc = json.loads(json_out.getvalue())
        assert doc["rules"] and set(doc["rules"]) == {
            f["rule_id"] for e in doc["incidents"] for f in e["findings"]}
        outputs[name] = (doc, [json.loads(line) for line in jsonl_out.getvalue().splitlines()],
                         tally.totals, tally.exit_code("possible"))
    assert outputs["encoded"] == outputs["whole"]
    doc, lines, totals, code = outputs["encoded"]
    assert len(doc["incidents"]) == 101 and totals["errors"] == 1 and code == 2
    assert sum(1 for line in lines if "error" in line) == 1 and len(lines) > 100


def test_validate_directory_in_parallel(collection: Path):
    """`validate` with several processes (it has no rule set to hand the workers)."""
    result = armicheck("validate", str(collection), "--jobs", "2")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("101 files, 100 valid, 1 invalid")


def test_jsonl_streams_every_file(collection: Path):
    result = armicheck("evaluate", str(collection), "--format", "jsonl", "--jobs", "2")
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {Path(line["path"]).name for line in lines} == {p.name for p in collection.iterdir()}
    assert [line["error"]["message"] for line in lines if "error" in line] == [
        "unknown actor 'gaurd' (did you mean 'guard'?)"]


def test_json_output_holds_no_results():
    """The json writer streams: memory does not grow with the number of incidents."""
    from armicheck.report import render
    from armicheck.run.check import Options

    entry = {"path": "x.yaml", "id": "x", "errors": [], "findings": [
        {"rule_id": "R", "status": "violation", "side": "kpa", "forces": ["KPA"],
         "category": "c", "instrument": "i", "clause": {"text": "t" * 2000}, "n": i}
        for i in range(10)]}

    def entries(n: int) -> Any:
        for i in range(n):
            yield {**entry, "path": f"x{i}.yaml", "findings": [dict(f) for f in
                                                                entry["findings"]]}

    class Sink:
        written = 0

        def write(self, text: str) -> None:
            self.written += len(text)

        def flush(self) -> None:
            pass

    peaks = []
    for n in (100, 1000):
        sink = Sink()
        tracemalloc.start()
        tally = render.stream_output(["json", "jsonl"], [sink, sink], entries(n), {}, Options(), [])
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert tally.totals["incidents"] == n and tally.totals["violation"] == 10 * n
        assert tally.exit_code("violation") == 1 and sink.written > n * 20000
    assert peaks[1] < 2 * peaks[0] + 200_000, f"peak memory grew with the run: {peaks}"


def test_output_to_a_device_or_pipe_is_written_through(tmp_path: Path):
    """`--output /dev/null` (or a FIFO) is written to, never replaced by a regular file."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = armicheck("evaluate", "incidents/2017-11-13-jsa-defection.yaml", "--format",
                       "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == 1, result.stderr
    assert fifo.is_fifo(), "the FIFO was replaced by a file"
    assert json.loads(got[0])["summary"]["incidents"] == 1
    assert not list(tmp_path.glob(".out.fifo.*")), "a temporary file was left behind"


# --------------------------------------------------------------------------- containment

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "subprocess", "socket", "urllib.request",
                     "http", "ftplib", "requests", "ctypes", "importlib", "runpy", "code"}
ALLOWED_IMPORTS = {("importlib", "resources"), ("importlib", "metadata"),  # data, not code
                   ("importlib.util", "find_spec")}  # finds a module, runs none


def forbidden(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in FORBIDDEN_MODULES)
FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("os", "exec"), ("yaml", "load"),
                   ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "Loader")}


def test_no_module_runs_code_from_data():
    """No eval/exec/compile, no pickle, no network, no unsafe YAML loading in armicheck/."""
    found = []
    for path in sorted((ROOT / "armicheck").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{where}: {node.func.id}()")
            if isinstance(node, ast.Import):
                found += [f"{where}: import {a.name}" for a in node.names if forbidden(a.name)]
            if isinstance(node, ast.ImportFrom) and node.module and forbidden(node.module):
                found += [f"{where}: from {node.module} import {a.name}" for a in node.names
                          if (node.module, a.name) not in ALLOWED_IMPORTS]
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and (node.value.id, node.attr) in FORBIDDEN_ATTRS:
                found.append(f"{where}: {node.value.id}.{node.attr}")
    assert not found, "\n".join(found)


def test_conditions_compile_to_closures_not_code():
    from armicheck.packs.condition import parse

    compiled = parse({"all": [{"fact": "action", "in": ["fire"]},
                              {"fact": "fire.crosses_mdl"}]}, []).compiled()
    assert compiled.__code__.co_filename.endswith("condition.py")


def _malicious_pack(tmp_path: Path, change: str) -> Path:
    packs = tmp_path / "packs"
    pack = packs / "kaa-1953"
    shutil.copytree(ROOT / "rules" / "kaa-1953", pack)
    rules = pack / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    if change == "python-tag":
        text = text.replace("\n    title: ", '\n    title: !!python/object/apply:os.system '
                            '["touch PWNED"]\n    x_title: ', 1)
    elif change == "outside-path":
        text = text.replace("incident: tests/", "incident: ../../../../../etc/passwd#", 1)
    elif change == "unknown-operator":
        text = text.replace("{fact: action, in: ", "{fact: action, run: ", 1)
    rules.write_text(text, encoding="utf-8")
    return packs


@pytest.mark.parametrize("change,message", [
    ("python-tag", "explicit YAML tag !!python/object/apply:os.system is not allowed"),
    ("outside-path", "is outside the pack's folder"),
    ("unknown-operator", "unknown operator 'run'"),
])
def test_malicious_pack_is_refused(tmp_path: Path, change: str, message: str):
    packs = _malicious_pack(tmp_path, change)
    for args in (["rules", "list", "--rules", str(packs)],
                 ["rules", "test", "--rules", str(packs)],
                 ["evaluate", "--rules", str(packs), str(ROOT / "incidents")]):
        result = armicheck(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert str(packs / "kaa-1953" / "rules.yaml") + ":" in result.stderr
        assert not (tmp_path / "PWNED").exists()


# --------------------------------------------------------------------------- result cache

def test_cache_serves_identical_results_and_is_never_stale(tmp_path: Path, collection: Path):
    from armicheck.packs import load_rules
    from armicheck.run.check import Options
    from armicheck.run.many import run_many

    packs = tmp_path / "packs"
    shutil.copytree(ROOT / "rules" / "kaa-1953", packs / "kaa-1953")
    (tmp_path / "files").mkdir()
    for source in sorted(collection.iterdir())[:30]:
        shutil.copy(source, tmp_path / "files")
    files = sorted(str(p) for p in (tmp_path / "files").iterdir())
    options = Options(cache_dir=str(tmp_path / "cache"))

    def run(opts: Options = options) -> list[dict[str, Any]]:
        return list(run_many(files, load_rules((str(packs),)), opts, 1))

    cold, uncached = run(), run(Options())
    assert cold == uncached
    cached = sorted((tmp_path / "cache").rglob("*"))
    assert len([p for p in cached if p.is_file()]) == len(files)
    assert run() == cold  # warm: every entry from the cache
    # a rule pack changes: the same files must be evaluated again, with the new message
    rules = packs / "kaa-1953" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "fired across the MDL" in text
    rules.write_text(text.replace("fired across the MDL", "fired over the MDL"), encoding="utf-8")
    after = run()
    assert after != cold and after == run(Options())
    assert any("fired over the MDL" in f["message"] for e in after for f in e["findings"])
    # a file changes: its new content is evaluated; options are part of the key too
    Path(files[0]).write_text(MINIMAL, encoding="utf-8")
    assert run()[0]["id"] == "test-incident"
    assert run(Options(cache_dir=options.cache_dir, as_of="1960-01-01")) == \
        run(Options(as_of="1960-01-01"))


def test_cache_survives_garbage_and_concurrent_runs(tmp_path: Path, collection: Path):
    cache = tmp_path / "cache"
    env_args = ("evaluate", str(collection), "--format", "json", "--cache", "--jobs", "2")
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), NO_COLOR="1", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "armicheck", *env_args]
    first = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]  # two runs writing the same entries at once
    outputs = [p.communicate(timeout=300)[0] for p in first]
    assert outputs[0] == outputs[1]
    for entry in list((cache / "armicheck").rglob("*"))[:20]:
        if entry.is_file():
            entry.write_bytes(b"not zlib")  # damaged entries are misses, not errors
    warm = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert warm.returncode == 2 and warm.stdout == outputs[0]
    assert not list((cache / "armicheck").rglob(".*")), "a temporary file was left behind"
