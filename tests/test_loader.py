"""Bad input: a one-line path:line:col message and exit code 2, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINIMAL

LOCATED = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", re.M)


def located(stderr: str) -> list[tuple[int, int, str]]:
    return [(int(m["line"]), int(m["col"]), m["msg"]) for m in LOCATED.finditer(stderr)]


@pytest.mark.parametrize("old,new,line,needle", [
    ("title: A test incident", "title: A test incident\ntitle: again", 4, "duplicate key 'title'"),
    ('time: "15:15"', "time: 15:15", 12, "ambiguous value 15:15"),
    ("actor: guard", "actor: gaurd", 12, "unknown actor 'gaurd' (did you mean 'guard'?)"),
    ("cite: [s1]", "cite: [s2]", 13, "unknown source 's2'"),
    ('date: "2017-11-13"', "date: 2017-11-13", 4, "quote it"),
    ("side: kpa,", "side: NO,", 8, "ambiguous value NO"),
    ("kind: soldier,", "kidn: soldier,", 8, "unknown field 'kidn'"),
    ("armicheck: 1", "armicheck: 2", 1, "unsupported incident format version 2"),
    # a side and a distance alone take validation's shortcut, but not these
    ("to: {side: south}", "to: {side: mdl, distance_m: 40}", 12, "side: mdl means on the line"),
    ("to: {side: south}", "to: {side: south, distance_m: 30000000}", 12, "more than 20,000 km"),
    ("to: {side: south}", "to: {lat: 37.9, distance_m: 40}", 12, "needs both lat and lon"),
])
def test_bad_incident_gives_located_error_and_exit_2(cli, write, old, new, line, needle):
    assert old in MINIMAL
    path = write(MINIMAL.replace(old, new))
    for command in ("validate", "evaluate"):
        result = cli(command, path)
        assert result.code == 2, (command, result.stderr)
        errors = located(result.stderr + result.stdout)
        assert errors, result.stderr
        assert any(ln == line and needle in msg for ln, _, msg in errors), errors
        assert "Traceback" not in result.stderr


def test_valid_minimal_incident_passes_validate(cli, write):
    assert cli("validate", write(MINIMAL)).code == 0


def test_time_out_of_order(cli, write):
    text = MINIMAL + """  - {id: e2, time: "15:10", actor: guard, action: present,
     at: {side: north}, cite: [s1]}
"""
    result = cli("validate", write(text))
    assert result.code == 2
    assert any(ln == 14 and "list events in time order" in msg
               for ln, _, msg in located(result.stderr))


def test_alias_and_tags_refused(cli, write):
    text = MINIMAL.replace("sources:", "x_anchor: &a [1]\nsources:")
    assert cli("validate", write(text)).code == 2
    text = MINIMAL.replace("title: A test incident", "title: !!python/object:os.system x")
    result = cli("validate", write(text))
    assert result.code == 2 and "explicit YAML tag" in result.stderr


def test_non_utf8_and_empty(cli, write, tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(MINIMAL.replace("A test incident", "Caf\xe9").encode("latin-1"))
    result = cli("validate", bad)
    assert result.code == 2 and ":3:" in result.stderr and "UTF-8" in result.stderr
    empty = write("", "empty.yaml")
    result = cli("validate", empty)
    assert result.code == 2 and "empty file" in result.stderr


def test_missing_file_is_exit_2(cli, tmp_path):
    result = cli("evaluate", tmp_path / "nope.yaml")
    assert result.code == 2 and "no such file" in result.stderr + result.stdout


def test_one_bad_file_does_not_stop_a_directory_run(cli, tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yaml").write_text(MINIMAL.replace("time: \"15:15\"", "time: 15:15"))
    (tmp_path / "c.yaml").write_text(MINIMAL.replace("test-incident", "test-incident-c"))
    result = cli("evaluate", tmp_path, "--format", "json")
    assert result.code == 2
    doc = result.json()
    assert [bool(e["errors"]) for e in doc["incidents"]] == [False, True, False]
    assert all(e["findings"] for e in doc["incidents"] if not e["errors"])


def test_output_never_overwrites_an_input(cli, write):
    path = write(MINIMAL)
    before = path.read_text()
    result = cli("evaluate", path, "--format", "json", "--output", path)
    assert result.code == 2 and path.read_text() == before


def test_output_file_written(cli, write, tmp_path):
    out = tmp_path / "out.json"
    result = cli("evaluate", write(MINIMAL), "--format", "json", "--output", out)
    assert result.code == 1 and out.read_text().startswith("{")
    assert not list(tmp_path.glob(".out.json.*"))


def test_validate_with_several_processes_keeps_order_and_reports(cli, tmp_path):
    # regression: workers of `validate` run without a rule set
    for i in range(12):
        (tmp_path / f"c{i:02d}.yaml").write_text(MINIMAL.replace("test-incident", f"t-{i}"))
    (tmp_path / "c05.yaml").write_text(MINIMAL.replace('time: "15:15"', "time: 15:15"))
    result = cli("validate", tmp_path, "--jobs", "2", "--format", "json")
    assert result.code == 2
    files = result.json()["files"]
    assert [f["valid"] for f in files] == [i != 5 for i in range(12)]


def test_a_file_named_with_a_trailing_slash_is_read_as_the_file(tmp_path: Path) -> None:
    from armicheck.load import read_bytes

    target = tmp_path / "incident.yaml"
    target.write_bytes(b"armicheck: 1\n")
    for spelled in (f"{target}/", f"{target}/.", f"{target}//"):
        assert read_bytes(spelled) == b"armicheck: 1\n"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789+-._:eEoOxXbByYnNfiIaAtT =", min_size=1, max_size=12))
def test_the_one_pattern_for_ambiguous_plain_scalars_is_the_list_of_them(value: str) -> None:
    """read_plain asks one alternation first and names the reading from the list: the two
    must agree on every text that starts like a number or a YAML 1.1 word."""
    from armicheck.load.scalars import _AMBIGUOUS, _ANY_AMBIGUOUS

    assert (_ANY_AMBIGUOUS.match(value) is not None) == any(
        pattern.match(value) for pattern, _ in _AMBIGUOUS)


@st.composite
def _brackets(draw: st.DrawFn) -> bytes:
    """Properly nested flow brackets up to ~90 deep (with text), or any mix of them."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=300).map(
            lambda b: bytes(b"[]{}a\n"[x % 6] for x in b)))
    depth = draw(st.integers(0, 90))
    opens = draw(st.lists(st.sampled_from(["[", "{"]), min_size=depth, max_size=depth))
    closing = "".join({"[": "]", "{": "}"}[o] for o in reversed(opens))
    side = draw(st.sampled_from(["", "[]", "{a}", "[{}]"]))
    return ("".join(opens) + side + closing + side).encode()


@settings(max_examples=2000, deadline=None)
@given(_brackets(), st.sampled_from([0, 1, 2, 7, 63, 64, 65]))
def test_flow_depth_within_is_the_exact_depth_test(raw: bytes, limit: int) -> None:
    from armicheck.load.scalars import _flow_depth, flow_depth_within

    assert flow_depth_within(raw, limit) is (_flow_depth(raw) <= limit)
