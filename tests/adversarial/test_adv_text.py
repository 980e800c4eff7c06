"""Text and positions (issue 17): line and column as editors and GitHub count them, control
characters from incident text never reach a terminal raw, one line per diagnostic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from armicheck.core.diagnostics import Diagnostic
from armicheck.run.api import evaluate_text, validate

ROOT = Path(__file__).resolve().parent.parent.parent
CROSSING = ROOT / "rules/kaa-1953/tests/crossing-pursuer-2017.yaml"
TEXT = CROSSING.read_text(encoding="utf-8")
EVENT_LINE = 15  # the crossing event, as an editor shows it


def _locations(text: str) -> set[tuple[int, int]]:
    entry = evaluate_text(text, "x.yaml")
    assert not entry["errors"], entry["errors"]
    return {(f["location"]["line"], f["location"]["column"]) for f in entry["findings"]}


@pytest.mark.parametrize("odd", ["\u2028", "\x85", "\u2029", "\u2028\x85\u2029"])
def test_yaml_only_line_breaks_in_a_quoted_string_do_not_count(odd: str) -> None:
    text = TEXT.replace('title: "A pursuing', f'title: "A{odd} pursuing')
    assert text != TEXT
    assert _locations(text) == {(EVENT_LINE, 5)}


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_cr_only_and_crlf_line_ends_count(ending: str) -> None:
    assert _locations(TEXT.replace("\n", ending)) == {(EVENT_LINE, 5)}


def test_diagnostics_after_a_line_separator_are_where_editors_show_them(tmp_path: Path) -> None:
    text = TEXT.replace('title: "A pursuing', 'title: "A\u2028\x85 pursuing').replace(
        "{id: brief-crossing,", "{id: brief-crossing, bogus: 1,")
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    errors = validate(str(path))[0]["errors"]
    assert [(e["line"], e["column"]) for e in errors] == [(EVENT_LINE, 26)]


def test_a_diagnostic_is_one_line_whatever_the_name_and_message_hold() -> None:
    shown = str(Diagnostic("a\nb\x1b[31m.yaml", 1, 2, "bad\nvalue\r\x07"))
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\x07" not in shown
    assert shown == "a\\nb\\x1b[31m.yaml:1:2: bad\\nvalue\\r\\x07"


@pytest.mark.parametrize("fmt", ["table", "markdown", "github"])
def test_control_characters_from_incident_text_are_escaped(tmp_path: Path, fmt: str) -> None:
    hostile = TEXT.replace('title: "A pursuing', 'title: "A\\e[2J\\e]0;pwned\\a\\u202e pursuing')
    hostile = hostile.replace("title: Synthetic test case", 'title: "Syn\\e[2Jthetic\\a"')
    assert hostile.count("\\e[2J") == 2
    path = tmp_path / "x.yaml"
    path.write_text(hostile, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "armicheck", "evaluate", str(path), "-f", fmt],
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1"))
    assert result.returncode == 1, result.stderr
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in result.stdout and raw not in result.stderr, (fmt, raw)
    if fmt != "github":  # github shows neither title
        assert "\\x1b" in result.stdout, fmt  # markdown escapes the backslash again


def test_json_keeps_the_text_as_it_is(tmp_path: Path) -> None:
    """Machine formats carry the text exactly (JSON escapes it); only people's formats change."""
    hostile = TEXT.replace('title: "A pursuing', 'title: "A\\e[2J pursuing')
    entry = evaluate_text(hostile, "x.yaml")
    assert "\\u001b[2J" in json.dumps(entry)
