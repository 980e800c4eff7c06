"""One contract between the core and the reports: every format renders from the JSON output
alone, and the Python API returns that output's entries."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from conftest import INCIDENTS, ROOT, run_cli

import armicheck
from armicheck.report import github, markdown, sarif, table

HELDOUT = ROOT / "tests" / "heldout"


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    """The JSON output of the shipped and held-out incidents, with and without --as-of."""
    os.chdir(ROOT)  # SARIF and GitHub paths are relative to the working directory
    return {name: run_cli("evaluate", *args, "-f", "json", "--fail-on", "never").json()
            for name, args in (("plain", ["incidents", "tests/heldout"]),
                               ("as-of", ["incidents", "--as-of", "2019-06-01"]))}


@pytest.mark.parametrize("name", ["plain", "as-of"])
def test_every_format_renders_from_the_json_output_alone(documents: dict, name: str) -> None:
    doc = documents[name]
    args = ["incidents", "tests/heldout"] if name == "plain" else [
        "incidents", "--as-of", "2019-06-01"]
    assert doc["rules"], "the document describes the rules it cites"
    assert set(doc["rules"]) == {f["rule_id"] for e in doc["incidents"] for f in e["findings"]}

    def cli(fmt: str) -> str:
        return run_cli("evaluate", *args, "-f", fmt, "--fail-on", "never").stdout

    assert json.loads(cli("sarif")) == json.loads(json.dumps(sarif.render_sarif(doc)))
    assert cli("markdown") == markdown.render_markdown(doc)
    assert cli("github") == github.render_github(doc, findings=True)
    out = io.StringIO()
    table.render(doc, out, colour=False)
    assert cli("table") == out.getvalue()


def test_sarif_descriptors_come_from_the_documents_rules(documents: dict) -> None:
    """Every clause of a rule and its exceptions reach SARIF through the document: without
    `rules` (a 1.0 document) the descriptors fall back to what findings carry."""
    doc = documents["plain"]
    full = sarif.render_sarif(doc)["runs"][0]["tool"]["driver"]["rules"]
    bare = sarif.render_sarif({**doc, "rules": {}})["runs"][0]["tool"]["driver"]["rules"]
    with_exceptions = [d for d in full if "Exceptions:" in d["help"]["markdown"]]
    assert with_exceptions, "some cited rule has exceptions"
    assert all("Exceptions:" not in d["help"]["markdown"] for d in bare)


def test_the_python_api_returns_the_json_outputs_entries(documents: dict) -> None:
    entries = armicheck.evaluate(["incidents", "tests/heldout"])
    assert entries == documents["plain"]["incidents"]
    path = INCIDENTS / "2017-11-13-jsa-defection.yaml"
    by_text = armicheck.evaluate_text(path.read_text(encoding="utf-8"), name=str(path))
    by_path = armicheck.evaluate(str(path))[0]
    assert by_text == by_path and by_text["findings"]
    as_of = armicheck.evaluate("incidents", as_of="2019-06-01")
    assert as_of == documents["as-of"]["incidents"]


def test_the_python_api_validates_and_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("armicheck: 1\nid: x\ntitle: NO\n", encoding="utf-8")
    [entry] = armicheck.validate(bad)
    assert entry["errors"] and entry["errors"][0]["line"] == 3
    assert armicheck.validate(tmp_path / "missing.yaml")[0]["errors"][0]["code"] == "unreadable"
    assert all(not e["errors"] for e in armicheck.validate("incidents"))
    text_entry = armicheck.evaluate_text("armicheck: 1\n: :\n", name="typed.yaml")
    assert text_entry["errors"][0]["path"] == "typed.yaml" and not text_entry["findings"]
    rules = armicheck.load_rules()
    assert any(r.id == "KAA-I-6-FIRE" for r in rules.rules)
