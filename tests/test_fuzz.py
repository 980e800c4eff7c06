"""Fuzzing the loader, the validator and the engine (hypothesis).

Whatever the input, the only way out other than a result is the tool's own clean error: an
`InputError` (located diagnostics) from the loader, diagnostics from the validator. Any other
exception is a bug. Inputs: YAML-like text built from YAML's own syntax, random data dumped as
YAML, real incidents (shipped, rule-pack fixtures, benchmark-style) mutated structurally (drop,
rename, retype, swap, duplicate, insert) and textually (characters inserted, deleted, replaced
at random positions).

The CI run is bounded (FUZZ_EXAMPLES per test, default 150: the file takes ~5-10 s); the long
run is `python bench/fuzz_long.py` (100,000 inputs and more, see bench/README.md).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from datetime import date, time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from armicheck.core.diagnostics import InputError
from armicheck.core.time import DATE_RANGE, as_of_window
from armicheck.engine import evaluate
from armicheck.facts import derive_facts
from armicheck.load import LoadedDocument, decode_utf8, load_text
from armicheck.packs import RuleSet, load_builtin
from armicheck.run.check import Options
from armicheck.run.contract import incident_entry
from armicheck.validation import validate_incident

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
# the long run counts what went through each stage
COUNTS: dict[str, int] = {"inputs": 0, "loaded": 0, "valid": 0, "evaluated": 0}


@cache
def ruleset() -> RuleSet:
    return load_builtin()


@cache
def seeds() -> list[tuple[str, str]]:
    """Real incident texts: the shipped ones, the rule packs' fixtures, two generated ones."""
    paths = sorted(ROOT.glob("incidents/*.yaml")) + sorted(ROOT.glob("rules/*/tests/*.yaml"))
    out = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    try:
        import sys

        sys.path.insert(0, str(ROOT / "bench"))
        from generate import Generator  # type: ignore[import-not-found]

        gen = Generator(seed=7)
        out += [(f"generated-{i}.yaml", gen.incident(i)) for i in range(2)]
    except ImportError:  # pragma: no cover - bench/ not shipped
        pass
    return out


@cache
def seed_data() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, text in seeds():
        try:
            out.append((name, load_text(name, text).data))
        except InputError:  # a fixture that is meant to be invalid
            continue
    return out


def pipeline(path: str, text: str, *, as_of: str | None = None, explain: bool = False,
             counted: bool = False) -> dict[str, Any] | None:
    """Everything `armicheck evaluate` does to one file, failing on any unclean exception or
    a result that breaks the properties in `evaluate_document`; the entry, or None when the
    text is refused."""
    COUNTS["inputs"] += 0 if counted else 1
    try:
        doc = load_text(path, text)
    except InputError as exc:
        assert exc.diagnostics and all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics)
        return None
    COUNTS["loaded"] += 1
    return evaluate_document(doc, as_of=as_of, explain=explain)


STATUS_ORDER = {"violation": 0, "possible-violation": 1, "exception-applied": 2}


def evaluate_document(doc: LoadedDocument, *, as_of: str | None = None,
                      explain: bool = False) -> dict[str, Any] | None:
    diags = validate_incident(doc)
    for d in diags:
        assert d.line >= 1 and d.column >= 1 and d.message, d
        str(d)
    if diags:
        return None
    COUNTS["valid"] += 1
    facts = derive_facts(doc.data)
    evaluation = evaluate(facts, ruleset(), doc.locate, as_of=as_of_window(as_of),
                          explain=explain)
    entry = incident_entry(doc, facts, evaluation, Options(as_of=as_of, explain=explain))
    for ev in facts.events:  # facts are derived lazily: derive those no rule asked for too
        ev.values.complete()
    # every output must encode, as strict JSON (no NaN or Infinity)
    json.dumps(entry, ensure_ascii=False, allow_nan=False).encode("utf-8")
    # properties of any result: findings ordered worst first, each about events of the
    # document, with a confidence in [0, 1], an exception exactly when one was applied, and
    # a possible violation always saying why
    event_ids = {e["id"] for e in doc.data["events"]}
    ranks = [STATUS_ORDER[f["status"]] for f in entry["findings"]]
    assert ranks == sorted(ranks), ranks
    for f in entry["findings"]:
        assert f["events"] and set(f["events"]) <= event_ids, f["events"]
        assert 0.0 <= f["confidence"] <= 1.0, f["confidence"]
        assert (f["exception"] is not None) is (f["status"] == "exception-applied"), f
        if f["status"] == "possible-violation":
            assert f["reasons"], f
    COUNTS["evaluated"] += 1
    return entry


# --------------------------------------------------------------------------- YAML-like text

YAML_PIECES = [
    "armicheck: 1\n", "id: x\n", "title: t\n", 'date: "2017-11-13"\n', 'utc_offset: "+09:00"\n',
    "actors:\n", "  a: {side: kpa, force: KPA, kind: soldier}\n", "events:\n",
    "  - {id: e, actor: a, action: cross, from: {side: north}, to: {side: south}}\n",
    "- ", "  ", "    ", ": ", "? ", "[", "]", "{", "}", ", ", "&a ", "*a", "!!python/object ",
    "!x ", "%YAML 1.1\n", "---\n", "...\n", "#c\n", "|\n", ">-\n", '"', "'", "\\", "\\u00e9",
    "\\ud800", "\t", "\n", "\r\n", "\x00", "\x07", "\ufeff", "é", "𝔸", "NO", "yes", "on", "~",
    "null", "010", "0x1F", "12:30", ".inf", "1e5", "1_000", "2017-13-45", "1.0e999",
    "9" * 30, "<<: *a\n", "= ", "- - - ", "[[[[", "]]]]",
]


@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=40))
@FUZZ
def test_yaml_like_text(pieces: list[str]) -> None:
    pipeline("fuzz.yaml", "".join(pieces))


@given(st.binary(max_size=300))
@FUZZ
def test_random_bytes(raw: bytes) -> None:
    COUNTS["inputs"] += 1
    try:
        text = decode_utf8("fuzz.yaml", raw)
    except InputError:
        return
    pipeline("fuzz.yaml", text, counted=True)


# --------------------------------------------------------------------------- random data

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=20) | st.sampled_from(["NO", "12:30", "2017-11-13", "0x1F", "~"]))
json_like = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                         max_leaves=25)


@given(json_like, st.sampled_from([True, False, None]))
@FUZZ
def test_random_data_dumped_as_yaml(data: Any, flow: bool | None) -> None:
    try:
        text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    except (yaml.YAMLError, UnicodeEncodeError):
        assume(False)
    pipeline("fuzz.yaml", text)


# --------------------------------------------------------------------------- mutated incidents

FIELD_NAMES = ["id", "actor", "action", "from", "to", "at", "impact", "side", "distance_m",
               "time", "date", "cite", "source", "quote", "count", "arms", "part_of", "kind",
               "force", "role", "events", "actors", "sources", "zone", "lat", "lon", "x", "y",
               "frame", "weapons", "rounds", "track", "determinations", "findings", "party",
               "authorized", "by", "certainty", "bearing_deg", "range_m", "object",
               "exercise", "casualties", "returned", "duration_s", "target", "group"]
ODD_VALUES = [None, True, False, 0, -1, 1, 2**63, -(2**63), 1e308, -1e308, 0.5, float("inf"),
              "", "x", "NO", "12:30", "2017-02-30", "99:99", "+14:00", "-12:00", "north", "south",
              "mdl", "kpa", "unc", "jsa", "wgs84", "fire", "cross", [], {}, [0, 0], [5, 1],
              [1, 2, 3], {"side": "north"}, {"lat": 38.0, "lon": 127.0}, {"x": 0, "y": 0},
              {"x": 1e6, "y": -1e6}, {"lat": 91, "lon": 0}, "a" * 600, "\u202e", "é"]


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths_in(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths_in(v, (*prefix, i))
    return out


def get_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def mutate(data: dict[str, Any], draw: Callable[[Any], Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in paths_in(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = get_at(data, path[:-1])
        key = path[-1]
        kind = draw(st.sampled_from(["drop", "rename", "retype", "swap", "duplicate", "insert",
                                     "shift"]))
        if kind == "drop":
            del parent[key]
        elif kind == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from(FIELD_NAMES) | st.text(min_size=1, max_size=8))
            parent[new] = parent.pop(key)
        elif kind == "retype":  # a copy: ODD_VALUES' lists and dicts must not be mutated
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES) | scalars))
        elif kind == "swap":
            other = draw(st.sampled_from(paths))
            if other[:len(path)] == path or path[:len(other)] == other:
                continue  # one inside the other: the swap would make a cycle
            try:
                other_parent = get_at(data, other[:-1])
                parent[key], other_parent[other[-1]] = other_parent[other[-1]], parent[key]
            except (KeyError, IndexError, TypeError):
                pass
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif kind == "insert" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(FIELD_NAMES))] = copy.deepcopy(
                draw(st.sampled_from(ODD_VALUES)))
        elif kind == "shift" and isinstance(parent[key], (int, float)) \
                and not isinstance(parent[key], bool):
            parent[key] = parent[key] + draw(st.sampled_from([-1000, -1, 1, 1000, 0.5]))
    return data


def dump(data: Any) -> str:
    """As a person would write it: times and dates stay quoted strings (safe_dump quotes
    strings that would read as other types)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@given(st.data())
@FUZZ
def test_mutated_incidents(data: st.DataObject) -> None:
    name, incident = data.draw(st.sampled_from(seed_data()))
    mutated = mutate(incident, data.draw)
    try:
        text = dump(mutated)
    except (yaml.YAMLError, UnicodeEncodeError, OverflowError, ValueError):
        assume(False)
    as_of = data.draw(st.sampled_from([None, None, "1953-07-27", "1976-09-16", "2024-06-05"]))
    pipeline(name, text, as_of=as_of, explain=data.draw(st.booleans()))


EDIT_CHARS = list(":-?[]{},&*!|>'\"#%@`\n\t ") + ["  ", "\n  ", "- ", ": ", "0", "NO", "é"]


@given(st.data())
@FUZZ
def test_text_edits_of_incidents(data: st.DataObject) -> None:
    name, text = data.draw(st.sampled_from(seeds()))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(EDIT_CHARS) | st.text(max_size=3))
        span = data.draw(st.integers(1, 20))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + span:]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    pipeline(name, text)


# --------------------------------------------------------------------------- near-valid values

@given(st.sampled_from(["+14:00", "-12:00", "+00:00", "+09:30"]),
       st.dates(min_value=DATE_RANGE[0], max_value=DATE_RANGE[1]),
       st.times(), st.floats(0, 1e7),
       # mostly inside the Korea box (outside it, validation refuses the position)
       st.floats(32, 44) | st.floats(-90, 90), st.floats(123, 132.5) | st.floats(-180, 180))
@FUZZ
def test_extreme_but_valid_values(offset: str, day: date, at: time, distance: float,
                                  lat: float, lon: float) -> None:
    """Dates at the ends of the calendar, any offset, any distance, any coordinates in Korea:
    valid input, so it must evaluate (no overflow in date arithmetic, no geometry blow-up);
    coordinates elsewhere must be refused cleanly."""
    text = f"""armicheck: 1
id: extreme
title: Extreme values
date: "{day.isoformat()}"
utc_offset: "{offset}"
place: {{name: Somewhere}}
actors:
  a: {{side: kpa, force: KPA, kind: soldier, role: patrol, count: 3}}
sources:
  s: {{publisher: P, title: T, kind: press}}
events:
  - {{id: e1, time: "{at:%H:%M}", actor: a, action: cross, from: {{side: north}},
     to: {{side: south, distance_m: {distance!r}}}, cite: [s]}}
  - {{id: e2, time: "{at:%H:%M}", actor: a, action: fire, from: {{lat: {lat!r}, lon: {lon!r}}},
     impact: {{side: south, distance_m: [{distance / 2!r}, {distance!r}]}}, cite: [s]}}
"""
    COUNTS["inputs"] += 1
    try:
        doc = load_text("extreme.yaml", text)
    except InputError:
        return  # e.g. a float repr like 1e-05 that must be quoted: a clean error
    COUNTS["loaded"] += 1
    evaluate_document(doc)
    evaluate_document(doc, as_of="2018-11-01")


def test_datetime_bounds_are_safe() -> None:
    """The first and last days armicheck handles, with extreme offsets, evaluate (no overflow
    in the engine's time windows); the calendar's own ends are refused cleanly."""
    def incident(day: str, offset: str) -> LoadedDocument:
        return load_text("edge.yaml", (
            f'armicheck: 1\nid: edge\ntitle: t\ndate: "{day}"\nutc_offset: "{offset}"\n'
            "actors:\n  a: {side: kpa, force: KPA, kind: soldier}\nevents:\n"
            "  - {id: e1, actor: a, action: cross, from: {side: north}, to: {side: south}}\n"))

    for day, offset in (("1900-01-01", "+14:00"), ("2999-12-31", "-12:00")):
        COUNTS["valid"] = 0
        evaluate_document(incident(day, offset), as_of=day)
        assert COUNTS["valid"] == 1
    for day, offset in (("0001-01-01", "+14:00"), ("9999-12-31", "-12:00")):
        diags = validate_incident(incident(day, offset))
        assert [d.message for d in diags] == [
            f"date '{day}' is outside the years armicheck handles (1900-2999)"]


@pytest.mark.parametrize("name", [n for n, _ in seeds()][:3])
def test_seeds_evaluate(name: str) -> None:
    """The fuzzers' seeds themselves go through cleanly, with the findings the incident's
    folder expects (incidents/expected.txt)."""
    from armicheck.run.rules import finding_rows, read_expected

    entry = pipeline(name, dict(seeds())[name])
    assert entry is not None and entry["findings"]
    packs, fixtures, _ = read_expected(ROOT / "incidents" / "expected.txt")
    assert finding_rows(entry, packs) == fixtures[name]
