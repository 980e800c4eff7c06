"""`armicheck new incident`: the starting file, as written and once filled in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from armicheck.load import load_text
from armicheck.schemas import load_schema
from armicheck.templates import template_text
from armicheck.validation import validate_incident
from armicheck.validation.placeholders import placeholder_paths
from tests.conftest import run_cli

TEMPLATE = template_text("incident")
QUOTED_PLACEHOLDER = re.compile(r'"(<[^<>\n]+>)"')


def _schema_at(path: tuple[Any, ...]) -> dict[str, Any]:
    schema: Any = load_schema("incident")
    for step in path:
        if "oneOf" in schema and isinstance(step, str):  # a cite item: an id, or a mapping
            schema = next(alt for alt in schema["oneOf"] if "properties" in alt)
        if isinstance(step, int):
            schema = schema["items"]
        elif step in schema.get("properties", {}):
            schema = schema["properties"][step]
        else:
            schema = schema["additionalProperties"]
    return schema


def fill_value(placeholder: str, schema: dict[str, Any]) -> Any:
    """What a writer would put for a placeholder: the first word offered ("<a | b>"), else
    the example it gives ("e.g. X"), else a sentence; a number where the schema wants one."""
    inner = placeholder[1:-1]
    if " | " in inner:
        value: str = inner.split(" | ")[0].strip()
    elif "e.g. " in inner:
        value = inner.rsplit("e.g. ", 1)[1].strip()
    else:
        value = "Filled in by the test."
    kinds = schema.get("type") or []
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "oneOf" in schema:  # a distance: a number or a range
        kinds = ["number"]
    if ("integer" in kinds or "number" in kinds) and re.fullmatch(r"\d+", value):
        return int(value)
    return value


def filled(text: str) -> str:
    """The template with every placeholder replaced, comments and layout kept."""
    data = load_text("template.yaml", text).data
    found = list(placeholder_paths(data))
    lines = text.splitlines(keepends=True)
    written = [line.lstrip().startswith("#") for line in lines]  # comments stay as they are
    quoted = [p for line, comment in zip(lines, written, strict=True) if not comment
              for p in QUOTED_PLACEHOLDER.findall(line)]
    assert [p for _, p in found] == quoted, "every placeholder is one quoted value"
    values = iter(json.dumps(fill_value(p, _schema_at(path)), ensure_ascii=False)
                  for path, p in found)
    return "".join(line if comment else QUOTED_PLACEHOLDER.sub(lambda m: next(values), line)
                   for line, comment in zip(lines, written, strict=True))


def test_stdout_is_the_shipped_template():
    result = run_cli("new", "incident")
    assert result.code == 0
    assert result.stdout == TEMPLATE
    assert TEMPLATE.startswith("# An armicheck incident file")


def test_the_template_has_every_section():
    data = load_text("template.yaml", TEMPLATE).data
    schema = load_schema("incident")
    assert set(data) == set(schema["properties"]) - {"date_end"}
    assert "date_end" in TEMPLATE  # as a comment: one day is the common case


def test_as_written_validate_points_at_every_placeholder_and_nothing_else():
    doc = load_text("draft.yaml", TEMPLATE)
    diags = validate_incident(doc)
    placeholders = list(placeholder_paths(doc.data))
    assert len(placeholders) >= 40
    assert [d.code for d in diags] == ["placeholder"] * len(placeholders)
    lines = TEMPLATE.splitlines()
    for d, (path, text) in zip(diags, placeholders, strict=True):
        assert lines[d.line - 1][d.column - 1:].startswith(f'"{text}"'), (d, path)
        assert text in d.message
    # a placeholder in a field of set words lists them, unless it lists them itself
    role = next(d for d in diags if d.message.startswith("actors.north-soldiers.role:"))
    assert "one of guard, patrol, work-party" in role.message
    side = next(d for d in diags if d.message.startswith("actors.north-soldiers.side:"))
    assert "one of" not in side.message


def test_once_filled_in_it_validates_and_evaluates(tmp_path: Path):
    text = filled(TEMPLATE)
    assert not [line for line in text.splitlines()
                if "<" in line and not line.lstrip().startswith("#")]
    doc = load_text("filled.yaml", text)
    assert validate_incident(doc) == []
    assert doc.data["id"] == "2017-11-13-jsa-defection"
    assert doc.data["events"][0]["from"] == {"side": "north", "distance_m": 5}
    path = tmp_path / "filled.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("evaluate", str(path), "--format", "json")
    entry = json.loads(result.stdout)["incidents"][0]
    assert result.code == 1 and entry["errors"] == []
    assert {f["category"] for f in entry["findings"]} >= {"mdl-crossing", "fire-across-mdl"}


def test_a_placeholder_left_in_a_valid_file_is_still_found(tmp_path: Path):
    text = filled(TEMPLATE).replace('\ntitle: "Filled in by the test."',
                                    '\ntitle: "<what happened, in one line>"', 1)
    line = text.splitlines().index('title: "<what happened, in one line>"') + 1
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.code == 2
    assert result.stderr.splitlines()[:-1] == [
        f"{path}:{line}:8: title: fill in the placeholder <what happened, in one line>"]


def test_writes_a_new_file_and_never_overwrites(tmp_path: Path):
    target = tmp_path / "draft.yaml"
    result = run_cli("new", "incident", str(target))
    assert result.code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == TEMPLATE
    target.write_text("mine", encoding="utf-8")
    again = run_cli("new", "incident", str(target))
    assert again.code == 2
    assert "already exists" in again.stderr and "never overwrites" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.yaml"]  # no temporary file


def test_refuses_a_directory_a_dangling_link_and_a_missing_folder(tmp_path: Path):
    assert run_cli("new", "incident", str(tmp_path)).code == 2
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    refused = run_cli("new", "incident", str(link))
    assert refused.code == 2 and not (tmp_path / "nowhere.yaml").exists()
    missing = run_cli("new", "incident", str(tmp_path / "no" / "such" / "draft.yaml"))
    assert missing.code == 2 and "cannot write" in missing.stderr
    assert "Traceback" not in missing.stderr
