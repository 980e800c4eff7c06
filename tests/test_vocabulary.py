"""One home per vocabulary: statuses in core/status.py, diagnostic codes in core/diagnostics.py."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path

import pytest

from armicheck.core import korea, status, vocabulary
from armicheck.core.diagnostics import CODES, Diagnostic, fail

PACKAGE = Path(__file__).resolve().parent.parent / "armicheck"
# the calls that take a diagnostic code as their last argument or as `code=`
CODE_TAKERS = {"fail", "Diagnostic", "_error", "err", "PlainScalarError"}


def _calls(name_set: set[str]):
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", None)
                if name in name_set:
                    yield path, node


def emitted_codes() -> dict[str, str]:
    """Every code written as a literal where a diagnostic is made, with one place it is."""
    found: dict[str, str] = {}
    for path, call in _calls(CODE_TAKERS):
        args = [kw.value for kw in call.keywords if kw.arg == "code"]
        if len(call.args) >= 2:
            args.append(call.args[-1])
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.relative_to(PACKAGE)}:{call.lineno}")
    return found


def test_every_code_the_code_base_emits_is_registered() -> None:
    found = emitted_codes()
    assert len(found) > 30
    unregistered = {code: where for code, where in found.items() if code not in CODES}
    assert not unregistered


def test_every_registered_code_is_emitted_or_a_default() -> None:
    assert set(CODES) - set(emitted_codes()) <= {"invalid"}
    assert all(doc and "\n" not in doc for doc in CODES.values())


def test_a_diagnostic_refuses_an_unregistered_code() -> None:
    with pytest.raises(ValueError, match="not in CODES"):
        Diagnostic("f.yaml", 1, 1, "message", "made-up")
    with pytest.raises(ValueError):
        fail("f.yaml", 1, 1, "message", "typo-code")
    assert Diagnostic("f.yaml", 1, 1, "message").code == "invalid"


def test_statuses_are_spelt_only_in_core_status() -> None:
    words = {status.POSSIBLE, status.EXCEPTION, status.NOT_IN_FORCE, status.NOT_APPLICABLE}
    spelt = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "core" / "status.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in words:
                spelt.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value}")
    assert not spelt


def test_status_tables_cover_the_statuses() -> None:
    assert set(status.RANK) == set(status.EXPLAINED_STATUSES) == set(status.LABEL)
    assert set(status.WORD) == set(status.GITHUB_LEVEL) == set(status.FINDING_STATUSES)
    ranked = sorted(status.FINDING_STATUSES, key=status.RANK.__getitem__, reverse=True)
    assert tuple(ranked) == status.FINDING_STATUSES


@pytest.mark.parametrize("name", ["incident", "rules", "findings"])
def test_the_tools_generate_the_committed_schemas(name: str) -> None:
    tools = str(PACKAGE.parent / "tools")
    sys.path.insert(0, tools)
    try:
        generator = importlib.import_module(f"gen_{name}_schema")
    finally:
        sys.path.remove(tools)
    committed = (PACKAGE / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert json.dumps(generator.SCHEMA, indent=2) + "\n" == committed


def test_the_incident_vocabulary_is_the_schemas() -> None:
    schema = json.loads((PACKAGE / "schemas" / "incident.schema.json").read_text())
    actor = schema["properties"]["actors"]["additionalProperties"]["properties"]
    assert actor["kind"]["enum"] == vocabulary.KINDS
    assert actor["role"]["enum"] == vocabulary.ROLES
    assert actor["side"]["enum"] == vocabulary.SIDES
    assert actor["force"]["enum"] == korea.FORCES
    assert actor["echelon"]["enum"] == vocabulary.ECHELONS
    event = schema["properties"]["events"]["items"]["properties"]
    assert event["action"]["enum"] == vocabulary.ACTIONS
    assert event["weapons"]["items"]["enum"] == vocabulary.ARMS


def test_the_facts_word_groups_are_words_of_the_format() -> None:
    assert vocabulary.MILITARY_KINDS | vocabulary.AIR_KINDS <= set(vocabulary.KINDS)
    assert vocabulary.CIVILIAN_ROLES <= set(vocabulary.ROLES)
    assert vocabulary.STRIKE_ACTIONS | vocabulary.MOVEMENT_ACTIONS | vocabulary.FIRE_ACTIONS \
        <= set(vocabulary.ACTIONS)
    assert set(vocabulary.ECHELON_RANK) == set(vocabulary.ECHELONS)
    assert vocabulary.ECHELON_RANK["regiment"] == 5
    assert korea.ARMED_FORCES <= set(korea.FORCES)
    assert set(korea.HOME_SIDE) == set(korea.OPPOSING_SIDE) == set(korea.PARTY_SIDES)
    assert set(korea.HOME_SIDE.values()) == set(korea.HALVES)


def test_time_has_one_home() -> None:
    from datetime import date, timedelta

    from armicheck.core.time import (
        DATE_RANGE,
        KST,
        as_of_problem,
        event_window,
        parse_date,
        span_text,
        why_not_a_date,
    )

    assert parse_date("2017-11-13") == date(2017, 11, 13)
    assert parse_date("2017-02-30") is None and why_not_a_date("2017-02-30") == \
        "is not a real calendar date"
    assert parse_date("0999-01-01") is None and "outside" in why_not_a_date("0999-01-01")
    assert as_of_problem("2019-06-01") is None
    assert as_of_problem("2019-6-1") == "--as-of '2019-6-1': expected a date YYYY-MM-DD"
    assert DATE_RANGE[0].year == 1900
    start, end, timed = event_window(date(2017, 11, 13), "15:14", None, KST)
    assert timed and start == end and (start.hour, start.minute) == (15, 14)
    start, end, timed = event_window(date(2017, 11, 13), None, date(2017, 11, 14), KST)
    assert not timed and end - start == timedelta(days=2)
    assert span_text(start, None) == "2017-11-13 on"
    assert span_text(start, end) == "2017-11-13 to 2017-11-15"
    assert span_text(start.replace(hour=9, minute=30), None) == "2017-11-13 09:30 on"
    # nothing else parses dates: the stages call these
    package = PACKAGE
    outside = [str(p.relative_to(package)) for p in package.rglob("*.py")
               if p.name != "time.py" and "DATE_RANGE = " in p.read_text(encoding="utf-8")]
    assert not outside
