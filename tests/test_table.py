"""The default table (SPEC §7): one line per finding, the comparison with official
determinations, within the terminal's width; --verbose adds whole clause texts and evidence."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DEFECTION_2017, INCIDENTS, ROOT, run_cli


def table(*args: str, columns: int = 100) -> list[str]:
    """What `armicheck evaluate` prints with stdout a pipe, not a terminal."""
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    # paths as a user in the checkout writes them: the table prints a path as given, and a
    # clone's absolute path (CI puts it anywhere) would decide the width of that line alone
    args = tuple(os.path.relpath(a, ROOT) if a.startswith(str(ROOT)) else a for a in args)
    done = subprocess.run([sys.executable, "-m", "armicheck", "evaluate", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.splitlines()


def test_the_2017_table_is_short_and_fits_100_columns() -> None:
    lines = table(str(DEFECTION_2017))
    assert len(lines) <= 20, "\n".join(lines)
    assert max(len(line) for line in lines) <= 100, "\n".join(lines)
    findings = run_cli("evaluate", DEFECTION_2017, "-f", "json").json()["incidents"][0][
        "findings"]
    rows = [line for line in lines if line.split()[:1] in (["VIOLATION"], ["POSSIBLE"],
                                                            ["EXCEPTION"])]
    assert len(rows) == len(findings)  # one line per finding
    for row, f in zip(rows, findings, strict=True):
        assert f["rule_id"] in row and str(f["location"]["line"]) in row
        assert f["events"][0][:10] in row
    assert "sources: the grade of the sources cited" in "\n".join(lines)
    assert any("tool agrees" in line for line in lines)
    assert any("determined by no body: JSA53-ARMS" in line for line in lines)


@pytest.mark.parametrize("columns", [80, 100, 140])
def test_every_line_of_every_shipped_incident_fits_the_width(columns: int) -> None:
    lines = table(str(INCIDENTS), str(ROOT / "tests" / "format11"), columns=columns)
    assert max(len(line) for line in lines) <= columns


def test_verbose_gives_whole_clause_texts_and_each_quote_once() -> None:
    doc = run_cli("evaluate", DEFECTION_2017, "-f", "json").json()["incidents"][0]
    text = "\n".join(table(str(DEFECTION_2017), "-v"))
    flat = " ".join(text.split())
    for f in doc["findings"]:
        for clause in f["clauses"]:  # whole, never cut mid-sentence
            assert " ".join(clause["text"].split()) in flat
        for e in f["evidence"]:
            if e.get("quote"):
                assert " ".join(e["quote"].split()) in flat
        assert " ".join(f["message"].split()) in flat
    quotes = [e["quote"] for f in doc["findings"] for e in f["evidence"] if e.get("quote")]
    unique = {(e["source"], e["quote"], e["event"]) for f in doc["findings"]
              for e in f["evidence"] if e.get("quote")}
    assert len(unique) < len(quotes)  # the same evidence under several findings...
    first = quotes[0]
    assert flat.count(f'"{" ".join(first.split())}"') == len(  # ...is printed once
        {k for k in unique if k[1] == first})
    assert "more as quoted above" in text


def test_a_disagreement_is_shown_with_its_reason(tmp_path) -> None:
    # issue 20: the tool now agrees with the UNC on the return fire; a doctored copy (the
    # body found the KPA's shelling consistent) keeps a disagreement to show
    text = (ROOT / "tests" / "format11" / "2010-11-23-yeonpyeong-shelling.yaml").read_text(
        encoding="utf-8").replace(
        "{party: unc, force: ROK, outcome: consistent, instrument: kaa-1953, events: "
        "[counter-fire]}",
        "{party: kpa, force: KPA, outcome: consistent, instrument: kaa-1953, events: "
        "[shelling]}")
    assert "events: [shelling]}" in text
    path = tmp_path / "doctored.yaml"
    path.write_text(text, encoding="utf-8")
    doc = run_cli("evaluate", path, "-f", "json", "--fail-on", "never").json()
    (disagreed,) = [r for d in doc["incidents"][0]["determinations"] for r in d["findings"]
                    if not r["agreed"]]
    flat = " ".join(" ".join(table(str(path), "--fail-on", "never")).split())
    assert "tool DISAGREES: " + " ".join(disagreed["reason"].split()) in flat


def test_the_json_output_is_not_the_table() -> None:
    out = table(str(DEFECTION_2017), "-f", "json", "-v")
    assert json.loads("\n".join(out))["schema_version"]


def test_a_finding_on_an_unverified_clause_text_says_so_on_its_line() -> None:
    path = ROOT / "rules" / "cma-2018" / "tests" / "gp-rebuilt-2019.yaml"
    (line,) = [x for x in table(str(path), "--fail-on", "never") if "CMA-2-1-GP" in x]
    assert "[unverified text]" in line and len(line) <= 100
