"""JSON Schemas shipped with armicheck (incident format v1, findings, rule packs)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


SCHEMA_NAMES = ("incident", "findings", "rules")
