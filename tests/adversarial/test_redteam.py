"""Red-team findings (attacked from outside, issue 17). Each test fails on the code it was
written against and passes once the defect is fixed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from adversarial_head import HEAD

ROOT = Path(__file__).resolve().parent.parent.parent
CROSSING = ROOT / "rules/kaa-1953/tests/crossing-pursuer-2017.yaml"
TIMEOUT_S = 60


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        stdin: Any = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    full.pop("GITHUB_STEP_SUMMARY", None)
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "armicheck", *args], cwd=cwd, env=full,
                          stdin=stdin, capture_output=True, text=True,
                          timeout=TIMEOUT_S)


# ------------------------------------------------------------ silent wrong answers

ROK_UAV = ROOT / "rules/cma-2018/tests/rok-uav-2023-11-22-1400.yaml"


def test_position_time_inside_the_period_is_not_ignored(tmp_path: Path) -> None:
    """A ROK UAV recorded 5 km south of the MDL at 14:30 KST on 2023-11-22 (its position's
    `time`), while Art. 1 ③ still bound the ROK (until 15:00). The event's own `time` says
    16:00. The tool ignores the position's time and answers nothing, exit 0: a silent wrong
    answer. Either the contradiction (a position timed before its event) is an error, or
    the finding (violation or possible violation) is given."""
    text = ROK_UAV.read_text(encoding="utf-8").replace(
        '{id: flight, time: "14:00", actor: uav, action: fly, '
        'at: {side: south, distance_m: 5000}, cite: [s1]}',
        '{id: flight, time: "16:00", actor: uav, action: fly, '
        'at: {side: south, distance_m: 5000, time: "14:30"}, cite: [s1]}')
    assert 'time: "14:30"' in text
    incident = tmp_path / "uav.yaml"
    incident.write_text(text, encoding="utf-8")
    result = run("evaluate", str(incident), "-f", "jsonl", "--fail-on", "possible")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0, ("silent: exit 0, no finding, no error", result.stdout)
    assert "CMA-1-3-NFZ" in result.stdout or result.returncode == 2, result.stdout


# ------------------------------------------------------------ unbounded growth

def _chain(n: int) -> str:
    actors = "actors:\n" + "".join(f"  a{i}: {{part_of: a{i + 1}}}\n" for i in range(n))
    actors += f"  a{n}: {{side: kpa, force: KPA, kind: soldier}}\n"
    event = ('  - {id: e1, time: "09:00", actor: a0, action: cross, from: {side: north, '
             'distance_m: 300}, to: {side: south, distance_m: 300}, cite: [s1]}\n')
    return HEAD + actors + "events:\n" + event


def test_part_of_chain_is_validated_in_linear_steps() -> None:
    """`validation/meaning.py` (_check_side_force → _inherited) walks the whole `part_of`
    chain again for every actor: quadratic. A 1 MB file with a 40,000-actor chain (under
    every size limit) runs for minutes (8,000 actors: 16 s; 4,000: 4 s). Counted here as
    lines executed in the validation package at 1x and 10x the chain (no timing)."""
    from armicheck.run.api import evaluate_text

    def lines(n: int) -> int:
        count = 0

        def local(frame: Any, event: str, arg: Any) -> Any:
            nonlocal count
            if event == "line":
                count += 1
            return local

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            name = frame.f_code.co_filename
            if "armicheck" in name and os.sep + "validation" + os.sep in name:
                return local
            return None

        sys.settrace(tracer)
        try:
            entry = evaluate_text(_chain(n), "x.yaml")
        finally:
            sys.settrace(None)
        assert not entry["errors"], entry["errors"]
        assert any(f["rule_id"] == "KAA-I-7" for f in entry["findings"])
        return count

    evaluate_text(_chain(3), "x.yaml")  # warm imports and caches
    small, big = lines(40), lines(400)
    assert big <= 15 * small, (small, big)


# ------------------------------------------------------------ writing where it must not

def test_output_never_overwrites_the_file_read_as_stdin(tmp_path: Path) -> None:
    """`armicheck evaluate - -o draft.yaml < draft.yaml` replaces the incident file (the
    input, read through standard input) with the JSON report."""
    incident = tmp_path / "draft.yaml"
    incident.write_bytes(CROSSING.read_bytes())
    with incident.open("rb") as stdin:
        result = run("evaluate", "-", "-f", "json", "-o", str(incident), stdin=stdin)
    assert incident.read_bytes() == CROSSING.read_bytes(), "input overwritten"
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


def test_step_summary_hard_linked_to_an_input(tmp_path: Path) -> None:
    """$GITHUB_STEP_SUMMARY naming a hard link to an input: the markdown summary is appended
    to the incident file itself (the path check catches only the same name/symlink)."""
    incident = tmp_path / "i.yaml"
    incident.write_bytes(CROSSING.read_bytes())
    link = tmp_path / "summary.md"
    os.link(incident, link)
    result = run("evaluate", str(incident), "-f", "github",
                 env={"GITHUB_STEP_SUMMARY": str(link)})
    assert incident.read_bytes() == CROSSING.read_bytes(), "input appended to"
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


def test_step_summary_naming_the_file_read_as_stdin(tmp_path: Path) -> None:
    """`GITHUB_STEP_SUMMARY=i.yaml armicheck evaluate - -f github < i.yaml` appends the
    summary to the input."""
    incident = tmp_path / "i.yaml"
    incident.write_bytes(CROSSING.read_bytes())
    with incident.open("rb") as stdin:
        result = run("evaluate", "-", "-f", "github", stdin=stdin,
                     env={"GITHUB_STEP_SUMMARY": str(incident)})
    assert incident.read_bytes() == CROSSING.read_bytes(), "input appended to"
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------ never a hang: the cache

def _cache_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "ARMICHECK_CACHE": "1"}


def test_a_named_pipe_planted_in_the_cache_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    """Someone who can write the cache folder (a CI cache shared between runners) replaces
    an entry by a named pipe: `Cache.get` opens it and waits forever for a writer."""
    incident = tmp_path / "i.yaml"
    incident.write_bytes(CROSSING.read_bytes())
    env = _cache_env(tmp_path)
    first = run("evaluate", str(incident), "--cache", "-f", "jsonl", env=env)
    assert first.returncode == 1, first.stderr
    entries = [p for p in (tmp_path / "cache").rglob("*")
               if p.is_file() and not p.name.startswith(".")]
    assert len(entries) == 1, entries
    entries[0].unlink()
    os.mkfifo(entries[0])
    again = run("evaluate", str(incident), "--cache", "-f", "jsonl", env=env)  # a hang: timeout
    assert again.returncode == 1, again.stderr
    assert again.stdout == first.stdout


def test_a_named_pipe_as_the_cache_key_is_refused_not_waited_on(tmp_path: Path) -> None:
    """$ARMICHECK_CACHE_KEY (or $XDG_CONFIG_HOME/armicheck/cache.key) naming a named pipe:
    `cache_key` opens it O_RDONLY and blocks forever. It should be refused like a key file
    others can read (the run goes on without the cache)."""
    incident = tmp_path / "i.yaml"
    incident.write_bytes(CROSSING.read_bytes())
    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo)
    env = dict(_cache_env(tmp_path), ARMICHECK_CACHE_KEY=str(fifo))
    result = run("evaluate", str(incident), "--cache", "-f", "jsonl", env=env)  # a hang: timeout
    assert result.returncode == 1, result.stderr
    assert "KAA-I-7" in result.stdout


# ------------------------------------------------------------ exit codes

def test_stdout_and_stderr_on_a_full_device_is_exit_2_not_1(tmp_path: Path) -> None:
    """stdout and stderr both on /dev/full (a full disk for the CI log): the handler's own
    message fails to print, the OSError escapes `main`, and Python exits 1, which reads as
    "findings", even with --fail-on never."""
    if not Path("/dev/full").exists():
        import pytest
        pytest.skip("no /dev/full")
    full = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT))
    full.pop("GITHUB_STEP_SUMMARY", None)
    with open("/dev/full", "w") as out, open("/dev/full", "w") as err:  # noqa: PTH123
        result = subprocess.run([sys.executable, "-m", "armicheck", "evaluate",
                                 str(ROOT / "incidents"), "--fail-on", "never"],
                                cwd=ROOT, env=full, stdout=out, stderr=err, timeout=TIMEOUT_S)
    assert result.returncode == 2, result.returncode


# ------------------------------------------------------------ --rules

def test_two_packs_with_one_id_are_an_error_not_a_silent_choice(tmp_path: Path) -> None:
    """`--rules DIR` where DIR holds two packs with the same id (say `kaa-1953/` and a
    forgotten `kaa-1953-old/` copy): the one whose folder sorts last silently wins, so the
    rules applied depend on folder names. Two packs claiming one id should be a
    `path:line:col` error, exit 2."""
    import shutil

    packs = tmp_path / "packs"
    shutil.copytree(ROOT / "rules/kaa-1953", packs / "kaa-1953")
    shutil.copytree(ROOT / "rules/kaa-1953", packs / "kaa-1953-old")
    old = packs / "kaa-1953-old" / "rules.yaml"
    title = "title: Crossing the Military Demarcation Line without MAC authorisation"
    text = old.read_text(encoding="utf-8")
    assert title in text
    old.write_text(text.replace(title, "title: OLD COPY crossing"), encoding="utf-8")
    result = run("evaluate", str(CROSSING), "-f", "jsonl", "--rules", str(packs))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout[:300])
    assert "kaa-1953" in result.stderr


# ------------------------------------------------------------ text that forges lines

def test_a_line_break_in_a_title_cannot_forge_table_lines(tmp_path: Path) -> None:
    """The table prints an incident's title raw, with its line feeds and LINE SEPARATORs
    (`terminal_safe` spares LF, and U+2028/U+2029 are not in its set), so a title can
    forge lines of the report, e.g. a clean summary line. The markdown output already
    flattens U+2028; the table should keep a title on its one line."""
    fake = "0 incidents, 0 violations, 0 possible, 0 exceptions, 0 errors"
    text = CROSSING.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f'title: "Routine patrol\\n\\n{fake}\\nreviewed\\u2028no findings"\n'
    incident = tmp_path / "i.yaml"
    incident.write_text("".join(lines), encoding="utf-8")
    result = run("evaluate", str(incident), "-f", "table")
    assert result.returncode == 1, result.stderr
    assert fake not in result.stdout.split("\n"), "a forged line in the table"
    assert "\u2028" not in result.stdout and "\u2029" not in result.stdout


def test_step_summary_naming_a_named_pipe_is_not_waited_on(tmp_path: Path) -> None:
    """$GITHUB_STEP_SUMMARY naming a named pipe with no reader: `write_step_summary` opens it
    for appending and blocks forever after all the annotations are out. Like any other
    summary that cannot be written: one line on stderr, exit 2, never a hang."""
    fifo = tmp_path / "summary.fifo"
    os.mkfifo(fifo)
    result = run("evaluate", str(CROSSING), "-f", "github",
                 env={"GITHUB_STEP_SUMMARY": str(fifo)})  # a hang: timeout
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
