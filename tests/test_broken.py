"""The broken-incident corpus (tests/broken/files/): each file gives exactly the messages its entry
in expected.yaml lists, in order, at their line and column, each holding its fragments and
none of the text it must lack; a directory run reports them all and exits 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from armicheck.load import load_file
from armicheck.validation import validate_incident
from tests.conftest import run_cli

HERE = Path(__file__).resolve().parent / "broken"
FILES = HERE / "files"
EXPECTED: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (HERE / "expected.yaml").read_text(encoding="utf-8"))


def _listed(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else value


def test_the_corpus_is_large_and_fully_described():
    on_disk = {p.name for p in FILES.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 30
    groups = {name.split("-")[0] for name in on_disk}
    assert groups >= {"one", "hint", "date", "quoting", "placeholder"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file(name: str):
    diags = validate_incident(load_file(str(FILES / name)))
    got = [(f"{d.line}:{d.column}", d.message) for d in diags]
    want = EXPECTED[name]
    assert len(got) == len(want), got
    for (at, message), case in zip(got, want, strict=True):
        assert at == case["at"], (message, case)
        for fragment in _listed(case["has"]):
            assert fragment in message, (message, fragment)
        for fragment in _listed(case.get("lacks")):
            assert fragment not in message, (message, fragment)


def test_directory_run_reports_every_message_and_exits_2():
    result = run_cli("validate", str(FILES))
    assert result.code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(str(FILES))]
    assert len(lines) == sum(len(v) for v in EXPECTED.values())
    assert f"{len(EXPECTED)} files, 0 valid, {len(EXPECTED)} invalid" in result.stderr


# A ': ' inside an unquoted value stops YAML itself, before any check of the format: the
# message says so with the quoted form (a writer of real incidents met both).
@pytest.mark.parametrize("line,at,quoted", [
    ('title: KPA guard: crosses the MDL', "1:17", 'title: "KPA guard: crosses the MDL"'),
    ('  - {id: e1, actor: a, summary: he said: go, action: move}', "1:40",
     'summary: "he said: go"'),
    ('  - {id: e1, actor: a, summary: he said: go}', "1:40", 'summary: "he said: go"'),
])
def test_a_colon_in_an_unquoted_value_gets_the_quoted_form(line: str, at: str, quoted: str):
    from armicheck.core.diagnostics import InputError
    from armicheck.load import load_text

    with pytest.raises(InputError) as err:
        load_text("x.yaml", line + "\n")
    (diag,) = err.value.diagnostics
    assert f"{diag.line}:{diag.column}" == at and diag.message.endswith(
        f"a value holding ': ' must be quoted, e.g. {quoted}"), diag.message
