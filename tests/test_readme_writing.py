"""README "Writing an incident" agrees with the schema: every field the incident schema
allows, at any depth, is named there (so a field added to the format must be documented),
and its whole-incident example validates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from armicheck.load import load_text
from armicheck.schemas import load_schema
from armicheck.validation import validate_incident

README = Path(__file__).resolve().parent.parent / "README.md"


def writing_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Writing an incident\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def schema_fields(schema: Any, where: str = "") -> dict[str, str]:
    """Every property name the schema allows, with one schema path where it is defined."""
    found: dict[str, str] = {}
    if isinstance(schema, dict):
        for name in schema.get("properties", {}):
            found.setdefault(name, f"{where}/properties/{name}")
        for key, value in schema.items():
            for name, path in schema_fields(value, f"{where}/{key}").items():
                found.setdefault(name, path)
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            for name, path in schema_fields(value, f"{where}/{i}").items():
                found.setdefault(name, path)
    return found


def test_every_field_of_the_schema_is_documented():
    section = writing_section()
    named = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)", section))
    fields = schema_fields(load_schema("incident"))
    assert len(fields) >= 80
    missing = {name: path for name, path in fields.items() if name not in named}
    assert not missing, f"README 'Writing an incident' does not name: {missing}"


def test_the_whole_incident_example_validates():
    section = writing_section()
    start = section.index("### A whole incident")
    block = re.search(r"```yaml\n(.*?)```", section[start:], re.S)
    assert block is not None
    doc = load_text("README example", block.group(1))
    assert validate_incident(doc) == []
    assert set(doc.data) >= {"armicheck", "id", "title", "date", "utc_offset", "place",
                             "actors", "sources", "events", "determinations"}


def test_the_section_shows_how_to_start():
    section = writing_section()
    assert "armicheck new incident" in section and "armicheck validate" in section
