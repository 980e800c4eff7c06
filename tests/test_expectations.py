"""Complete expectations: every fixture states every finding it must give, a must-not fixture
fails a rule because of its condition, and no rule's condition can be made "always true"
without `armicheck rules test` failing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from armicheck.packs import condition, load_builtin
from armicheck.packs.load import load_rules
from armicheck.run import rules as rule_commands
from armicheck.run.check import Options, check_file
from armicheck.run.rules import EXPECTED, check_expected, read_expected

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_builtin()
FOLDERS = sorted(ROOT.glob("rules/*/tests")) + [ROOT / "incidents", ROOT / "tests" / "heldout"]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_gives_exactly_its_expected_findings(folder):
    checked, failures = check_expected(folder, RULESET)
    assert not failures, "\n".join(failures)
    assert checked == len(list(folder.glob("*.yaml"))) > 0


def test_expectations_speak_for_every_pack():
    for folder in FOLDERS:
        packs, fixtures, problems = read_expected(folder / EXPECTED)
        assert not problems and packs == set(RULESET.packs), folder


def test_a_missing_or_unexpected_finding_fails(tmp_path):
    folder = tmp_path / "tests"
    shutil.copytree(ROOT / "rules" / "kaa-1953" / "tests", folder)
    text = (folder / EXPECTED).read_text(encoding="utf-8")
    line = "counter-fire-at-sea.yaml  KAA-I-6-FIRE  violation  kpa  shelling\n"
    assert line in text
    (folder / EXPECTED).write_text(text.replace(line, ""), encoding="utf-8")
    _, failures = check_expected(folder, RULESET)
    assert failures == ["counter-fire-at-sea.yaml: unexpected finding: "
                        "KAA-I-6-FIRE violation kpa shelling"]
    (folder / EXPECTED).write_text(text.replace(line, line.replace("kpa", "unc")),
                                   encoding="utf-8")
    _, failures = check_expected(folder, RULESET)
    assert failures == ["counter-fire-at-sea.yaml: unexpected finding: "
                        "KAA-I-6-FIRE violation kpa shelling",
                        "counter-fire-at-sea.yaml: missing finding: "
                        "KAA-I-6-FIRE violation unc shelling"]
    (folder / "new.yaml").write_text((folder / "fire-same-side.yaml").read_text("utf-8"),
                                     encoding="utf-8")
    _, failures = check_expected(folder, RULESET)
    assert "new.yaml: not in expected.txt" in failures


def _fails_by_condition(rule, test) -> bool:
    entry = check_file(str(Path(rule.pack.directory) / test["incident"]), RULESET,
                       Options(as_of=test.get("as_of"), explain=True))
    return any(x["rule_id"] == rule.id and x["status"] == "pass"
               and x["in_force"]["value"] == "yes" for x in entry["explain"])


@pytest.mark.parametrize("rule_id", [r.id for r in RULESET.rules])
def test_a_must_not_fixture_fails_the_rule_by_its_condition(rule_id):
    """Each rule has a must-not fixture with an event by a party to the rule's instrument,
    the rule in force for it, and the condition "no": one that tests the condition, not the
    dates (other must-not fixtures may test the dates or the parties)."""
    rule = RULESET.rule(rule_id)
    assert any(_fails_by_condition(rule, t) for t in rule.tests if t["expect"] == "none")


ALWAYS_TRUE = {"fact": "action", "exists": True}


@pytest.fixture(scope="module")
def packs_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    for pack in RULESET.packs.values():
        shutil.copytree(pack.directory, root / Path(pack.directory).name)
    return root


@pytest.mark.parametrize("rule_id", [r.id for r in RULESET.rules])
def test_rules_test_fails_when_a_condition_is_always_true(packs_copy, rule_id):
    rule = RULESET.rule(rule_id)
    path = packs_copy / Path(rule.pack.directory).name / "rules.yaml"
    original = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(original)
    (raw,) = [r for r in doc["rules"] if r["id"] == rule_id]
    raw["when"] = ALWAYS_TRUE
    try:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        mutated = load_rules((str(packs_copy),))
        assert condition.as_dict(mutated.rule(rule_id).when) == ALWAYS_TRUE
        out = io.StringIO()
        assert rule_commands.test_rules(mutated, out) > 0, out.getvalue()
    finally:
        path.write_text(original, encoding="utf-8")
