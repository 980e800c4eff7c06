from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from armicheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
# test runs sign cache entries with a key of their own, never the user's (~/.config)
os.environ["ARMICHECK_CACHE_KEY"] = os.path.join(tempfile.mkdtemp(prefix="armicheck-key-"),
                                                 "cache.key")
INCIDENTS = ROOT / "incidents"
DEFECTION_2017 = INCIDENTS / "2017-11-13-jsa-defection.yaml"
MINES_2015 = INCIDENTS / "2015-08-04-paju-dmz-landmines.yaml"
AXE_1976 = INCIDENTS / "1976-08-18-jsa-axe-murder.yaml"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(*args: str, stdin: str | None = None) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli


MINIMAL = """armicheck: 1
id: test-incident
title: A test incident
date: "2017-11-13"
utc_offset: "+09:00"
place: {name: Joint Security Area, frame: jsa, zone: jsa}
actors:
  guard: {side: kpa, force: KPA, kind: soldier, role: guard, arms: [pistol]}
sources:
  s1: {publisher: Test, title: Test source, kind: official}
events:
  - {id: e1, time: "15:15", actor: guard, action: cross, from: {side: north}, to: {side: south},
     cite: [s1]}
"""


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "incident.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
