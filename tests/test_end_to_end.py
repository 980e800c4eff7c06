"""The shipped incidents evaluated end to end, against what the investigating bodies found."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
import yaml

from armicheck.engine import evaluate
from armicheck.facts import derive_facts
from armicheck.load import load_file
from armicheck.packs import load_builtin
from tests.conftest import AXE_1976, DEFECTION_2017, INCIDENTS, MINES_2015


def findings_of(path):
    from tests.conftest import run_cli

    result = run_cli("evaluate", path, "--format", "json")
    doc = result.json()
    assert doc["schema_version"].startswith("1.")
    return result, doc["incidents"][0]


def test_2017_defection_gives_exactly_the_expected_findings():
    result, entry = findings_of(DEFECTION_2017)
    assert result.code == 1
    got = Counter((f["side"], f["category"], f["instrument"], f["status"])
                  for f in entry["findings"])
    assert got == Counter({
        ("kpa", "fire-across-mdl", "kaa-1953", "violation"): 1,
        ("kpa", "mdl-crossing", "kaa-1953", "violation"): 1,
        ("kpa", "mdl-crossing", "jsa-1976", "violation"): 1,
        ("kpa", "prohibited-arms", "jsa-1953", "possible-violation"): 1,
        ("kpa", "mdl-crossing", "kaa-1953", "exception-applied"): 1,
        ("kpa", "mdl-crossing", "jsa-1976", "exception-applied"): 1,
    })
    assert not [f for f in entry["findings"] if f["side"] == "unc"]
    arms = next(f for f in entry["findings"] if f["category"] == "prohibited-arms")
    assert arms["basis"]["kind"] == "contested"
    exceptions = [f for f in entry["findings"] if f["status"] == "exception-applied"]
    assert {tuple(f["events"]) for f in exceptions} == {("run",)}
    assert all(f["exception"]["id"] == "defector-own-flight" for f in exceptions)
    dets = entry["determinations"]
    assert [r["agreed"] for d in dets for r in d["findings"]] == [True, True]


def test_2017_findings_cite_clause_text_and_evidence_quotes():
    _, entry = findings_of(DEFECTION_2017)
    fire = next(f for f in entry["findings"] if f["category"] == "fire-across-mdl")
    assert fire["paragraphs"] == ["6"]
    assert fire["clause"]["text"].startswith("Neither side shall execute any hostile act")
    assert fire["clause"]["text_status"] in ("verified", "secondary", "unverified")
    assert any(e["quote"] for e in fire["evidence"])
    assert fire["events"] == ["shots"]
    lines = DEFECTION_2017.read_text().splitlines()
    line = lines[fire["location"]["line"] - 1]
    assert "id: shots" in line


def test_2015_landmines_are_paragraphs_6_7_8_all_agreed():
    _, entry = findings_of(MINES_2015)
    kpa = [f for f in entry["findings"] if f["side"] == "kpa" and f["status"] == "violation"
           and f["instrument"] == "kaa-1953"]
    paragraphs = {p for f in kpa for p in f["paragraphs"]}
    assert {"6", "7", "8"} <= paragraphs
    sit = next(d for d in entry["determinations"] if "UNC" in d["body"])
    assert all(r["agreed"] for r in sit["findings"])
    assert not [f for f in entry["findings"] if f["side"] == "unc"]


def test_1976_axe_murder_is_a_kpa_hostile_act_and_nothing_from_jsa_1976():
    _, entry = findings_of(AXE_1976)
    hostile = [f for f in entry["findings"] if f["category"] == "hostile-act"]
    assert [(f["side"], f["status"], f["paragraphs"]) for f in hostile] == [
        ("kpa", "violation", ["6"])]
    assert not [f for f in entry["findings"] if f["instrument"] == "jsa-1976"]


@pytest.mark.parametrize("path", sorted(INCIDENTS.glob("*.yaml")), ids=lambda p: p.name)
def test_removing_determinations_leaves_findings_identical(path):
    ruleset = load_builtin()
    doc = load_file(str(path))

    def run(data):
        ev = evaluate(derive_facts(data), ruleset, doc.locate)
        return [(f.rule.id, f.status, f.party, [e.id for e in f.events], f.paragraphs,
                 f.confidence) for f in ev.findings]

    data = copy.deepcopy(doc.data)
    data.pop("determinations", None)
    data.pop("claims", None)
    assert run(doc.data) == run(data)


def test_every_shipped_incident_is_valid(cli):
    result = cli("validate", INCIDENTS)
    assert result.code == 0, result.stderr


def test_directory_run_reports_each_incident_in_stable_order(cli):
    doc = cli("evaluate", INCIDENTS, "--format", "json", "--fail-on", "never").json()
    paths = [e["path"] for e in doc["incidents"]]
    assert paths == sorted(paths) and len(paths) == len(list(INCIDENTS.glob("*.yaml")))


def test_fail_on_controls_exit_code(cli, write):
    from tests.conftest import MINIMAL

    # only a contested (possible) finding: exit 0 on violation, 1 on possible
    text = MINIMAL.replace("arms: [pistol]", "arms: [automatic-rifle]").replace(
        "action: cross, from: {side: north}, to: {side: south}",
        "action: present, at: {side: north}")
    path = write(text)
    assert cli("evaluate", path, "--fail-on", "violation").code == 0
    assert cli("evaluate", path, "--fail-on", "possible").code == 1
    assert cli("evaluate", DEFECTION_2017, "--fail-on", "never").code == 0


def test_shipped_incidents_match_schema_printed_by_cli(cli):
    import jsonschema

    schema = cli("schema", "incident").json()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in INCIDENTS.glob("*.yaml"):
        # the strict loader and PyYAML agree on every shipped file (dates are quoted)
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path


def test_findings_json_matches_its_schema(cli):
    import jsonschema

    schema = cli("schema", "findings").json()
    doc = cli("evaluate", INCIDENTS, "--format", "json", "--explain").json()
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert sum(len(e["findings"]) for e in doc["incidents"]) > 5
    assert doc["schema_version"] == "1.3" and doc["rules"]
    assert all("positions" in e for e in doc["incidents"])  # since 1.2
    rule_id = next(iter(doc["rules"]))
    broken = {**doc, "rules": {rule_id: {**doc["rules"][rule_id], "clauses": "none"}}}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_as_of_changes_the_law_applied(cli):
    # under the law of 1975 the 2017 pursuer's crossing inside the JSA breaks no jsa-1976 rule
    doc = cli("evaluate", DEFECTION_2017, "--format", "json", "--as-of", "1975-01-01").json()
    entry = doc["incidents"][0]
    assert doc["as_of"] == "1975-01-01"
    assert not [f for f in entry["findings"] if f["instrument"] == "jsa-1976"]
    assert [f for f in entry["findings"] if f["rule_id"] == "KAA-I-6-FIRE"]
