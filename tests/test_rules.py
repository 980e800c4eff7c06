"""Rule packs: integrity of the clause store, each rule's own tests, contested basis caps."""

from __future__ import annotations

import hashlib

import pytest

from armicheck.packs import load_builtin
from armicheck.run.rules import fixture_folders, run_rule_test

RULESET = load_builtin()
CASES = [(rule.id, i) for rule in RULESET.rules for i in range(len(rule.tests))]


@pytest.mark.parametrize("rule_id,index", CASES, ids=[f"{r}-{i}" for r, i in CASES])
def test_rule_fixture(rule_id, index):
    rule = RULESET.rule(rule_id)
    test = rule.tests[index]
    ok, got = run_rule_test(rule, RULESET, test)
    assert ok, f"{rule_id} on {test['incident']}: expected {test['expect']}, got {got}"


def test_every_rule_has_a_trigger_and_a_non_trigger():
    for rule in RULESET.rules:
        expects = {t["expect"] for t in rule.tests}
        assert "none" in expects and expects - {"none"}, rule.id


def test_clause_texts_match_their_hashes_and_provenance():
    for pack in RULESET.packs.values():
        for clause in pack.clauses.values():
            assert hashlib.sha256(clause.text.encode()).hexdigest() == clause.sha256, clause.ref
            assert clause.text_status in ("verified", "secondary", "unverified")
            if clause.text_status != "unverified":
                assert clause.seen_in, clause.ref


def test_no_contested_rule_ever_yields_violation():
    """Over every fixture of every rule, a contested rule gives at most possible-violation."""
    from armicheck.run.check import Options, check_file

    contested = {r.id for r in RULESET.rules if r.contested}
    assert contested
    for rule in RULESET.rules:
        for test in rule.tests:
            entry = check_file(str(rule.pack.directory / test["incident"]), RULESET, Options())
            for f in entry["findings"]:
                if f["rule_id"] in contested:
                    assert f["status"] != "violation", (f["rule_id"], test["incident"])
                    assert f["level"] == "warning"


def test_rules_test_command_passes(cli):
    result = cli("rules", "test")
    assert result.code == 0, result.stdout
    folders = len(fixture_folders(RULESET))
    assert folders == len(RULESET.packs)
    assert f"{len(CASES) + folders} passed, 0 failed" in result.stdout


def test_rules_show_prints_clause_text_with_status(cli):
    result = cli("rules", "show", "KAA-I-7")
    assert result.code == 0
    assert "No person, military or civilian, shall be permitted to cross" in result.stdout
    assert "text status: " in result.stdout
    assert cli("rules", "show", "KAA-I-77").code == 2


def test_a_broken_pack_is_refused_with_location(cli, tmp_path):
    import shutil

    pack = tmp_path / "kaa-1953"
    shutil.copytree(RULESET.packs["kaa-1953"].directory, pack)
    text = (pack / "rules.yaml").read_text()
    (pack / "rules.yaml").write_text(text.replace("{fact: fire.crosses_mdl}",
                                                  "{fact: fire.crosses_mdll}", 1))
    result = cli("rules", "list", "--rules", tmp_path)
    assert result.code == 2
    assert "rules.yaml:" in result.stderr and "unknown fact 'fire.crosses_mdll'" in result.stderr
    (pack / "rules.yaml").write_text(text.replace("ref: art_1__para_9", "ref: art_1__para_99"))
    result = cli("rules", "list", "--rules", tmp_path)
    assert result.code == 2 and "art_1__para_99" in result.stderr


def test_a_not_in_force_reason_names_the_events_own_local_date() -> None:
    """The same instant in two UTC offsets: each reason gives the date where the event was."""
    from datetime import UTC, datetime, timedelta, timezone

    from armicheck.packs import load_builtin

    rule = next(r for r in load_builtin().rules if r.id == "KAA-I-6-FIRE")
    seoul = datetime(1953, 7, 27, 8, 0, tzinfo=timezone(timedelta(hours=9)))
    utc = seoul.astimezone(UTC)  # 1953-07-26 23:00 UTC, the same instant
    first = rule.validity.at("unc", seoul, seoul)
    second = rule.validity.at("unc", utc, utc)
    assert first.no and second.no
    assert "1953-07-27" in first.reason and "1953-07-26" in second.reason


def test_in_force_without_its_reason_has_the_value_with_it() -> None:
    """The engine asks for a reason only where one is shown: around every boundary of every
    rule's and clause's periods, the short answer is the long one's value."""
    from datetime import timedelta

    from armicheck.packs import load_builtin
    from armicheck.packs.validity import NOT_IN_FORCE

    ruleset = load_builtin()
    owners = [*ruleset.rules, *(ref.clause for r in ruleset.rules for ref in r.clauses)]
    compared = shortcuts = 0
    for owner in owners:
        bounds = [t for p in owner.periods for t in (p.start, p.end) if t is not None]
        for party in ("unc", "kpa", "rok", "dprk"):
            for t in bounds:
                for start, end in ((t, t), (t - timedelta(hours=1), t - timedelta(hours=1)),
                                   (t - timedelta(days=1), t + timedelta(days=1)),
                                   (t + timedelta(days=400), t + timedelta(days=401))):
                    full = owner.validity.at(party, start, end)
                    short = owner.validity.at(party, start, end, reason=False)
                    assert short.value == full.value, (owner.id, party, start, end)
                    assert short == full or short is NOT_IN_FORCE
                    shortcuts += short is NOT_IN_FORCE
                    compared += 1
    assert compared > 1000 and shortcuts > 100, (compared, shortcuts)
