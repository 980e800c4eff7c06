"""Coverage of the four instruments: which law applies to whom on which date, and how the
rules answer cases of the kind investigating bodies have judged (issue 4)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from armicheck.core import vocabulary
from armicheck.packs import load_builtin
from tests.conftest import INCIDENTS

RULESET = load_builtin()
CMA_RULES = {r.id for r in RULESET.rules if r.pack.id == "cma-2018"}
NFZ_RULES = {r.id for r in RULESET.rules if r.pack.id == "cma-2018"
             and r.primary.id == "art_1__para_3"}


def listed(cli, *args):
    result = cli("rules", "list", "--format", "json", *args)
    assert result.code == 0, result.stderr
    return {r["id"]: r for r in result.json()["rules"]}


def evaluate(cli, path, *args):
    result = cli("evaluate", path, "--format", "json", "--fail-on", "never", *args)
    assert result.code == 0, result.stderr
    doc = result.json()
    entry = doc["incidents"][0]
    assert not entry["errors"], entry["errors"]
    return doc, entry


def found(entry, instrument=None):
    return Counter((f["rule_id"], f["side"], f["status"]) for f in entry["findings"]
                   if instrument is None or f["instrument"] == instrument)


# --- rules list --as-of: the law of a date, per party ------------------------------------------

def test_no_cma_rule_is_in_force_in_2017(cli):
    rules = listed(cli, "--as-of", "2017-11-13")
    assert CMA_RULES and not CMA_RULES & set(rules)
    assert {"KAA-I-7", "JSA76-CROSSING", "JSA53-MINES"} <= set(rules)
    text = cli("rules", "list", "--as-of", "2017-11-13").stdout
    assert "no rule in force on 2017-11-13 from: cma-2018" in text


def test_cma_rules_bind_both_koreas_in_2019(cli):
    rules = listed(cli, "--as-of", "2019-06-01")
    assert CMA_RULES <= set(rules)
    for rid in CMA_RULES:
        assert set(rules[rid]["in_force_for"]) == {"rok", "dprk"}, rid


def test_in_2024_cma_rules_bind_the_rok_only_and_not_art_1_3(cli):
    rules = listed(cli, "--as-of", "2024-01-01")
    cma = {rid: r for rid, r in rules.items() if r["instrument"] == "cma-2018"}
    assert set(cma) == CMA_RULES - NFZ_RULES and NFZ_RULES
    for r in cma.values():
        assert r["in_force_for"] == ["rok"] and "dprk" in r["not_in_force_for"]
    assert not [r for r in rules.values() if "dprk" in r["in_force_for"]]
    # from 4 June 2024 the ROK has suspended the whole agreement
    assert not CMA_RULES & set(listed(cli, "--as-of", "2024-07-01"))


def test_a_boundary_day_is_uncertain_where_a_period_ends_during_it(cli):
    rules = listed(cli, "--as-of", "2023-11-22")
    for rid in NFZ_RULES:  # the ROK suspended Art. 1 (3) at 15:00 that day
        assert rules[rid]["uncertain_for"] == ["rok"] and rules[rid]["in_force_for"] == ["dprk"]
    text = cli("rules", "list", "--as-of", "2023-11-22", "--pack", "cma-2018").stdout
    assert "uncertain" in text


def test_cma_clause_periods_are_exactly_the_announced_dates():
    clauses = RULESET.packs["cma-2018"].clauses

    def ends(cid):
        return {p.party: (p.start.isoformat(), p.end.isoformat() if p.end else None)
                for p in clauses[cid].periods}

    assert ends("art_1__para_3") == {
        "rok": ("2018-11-01T00:00:00+09:00", "2023-11-22T15:00:00+09:00"),
        "dprk": ("2018-11-01T00:00:00+09:00", "2023-11-23T00:00:00+09:00")}
    assert ends("art_1__para_2") == {
        "rok": ("2018-11-01T00:00:00+09:00", "2024-06-04T00:00:00+09:00"),
        "dprk": ("2018-11-01T00:00:00+09:00", "2023-11-23T00:00:00+09:00")}
    for cid in clauses:
        if cid.startswith("annex_2"):
            assert {p: s for p, (s, _) in ends(cid).items()} == {
                "rok": "2018-10-25T00:00:00+09:00", "dprk": "2018-10-25T00:00:00+09:00"}, cid
    for rid in CMA_RULES:  # every CMA rule starts on 1 Nov 2018 (the JSA annex on 25 Oct)
        rule = RULESET.rule(rid)
        starts = {p.start.date().isoformat() for p in rule.periods}
        assert starts == ({"2018-10-25"} if rid.startswith("CMA-A2") else {"2018-11-01"}), rid
        assert {p.party for p in rule.periods} == {"rok", "dprk"}, rid


# --- the artillery drill of the issue ----------------------------------------------------------

DRILL = """armicheck: 1
id: drill-{date}
title: A ROK artillery battalion holds a live-fire drill 3 km south of the MDL
date: "{date}"
utc_offset: "+09:00"
place: {{name: Western front}}
actors:
  battery: {{side: unc, force: ROK, kind: unit, role: artillery, echelon: battalion,
             arms: [artillery]}}
sources:
  s1: {{publisher: Test, title: Test source, kind: official}}
events:
  - {{id: drill, actor: battery, action: exercise, at: {{side: south, distance_m: 3000}},
     exercise: {{type: artillery, live_fire: true}}, cite: [s1]}}
"""


def test_artillery_drill_3km_from_the_mdl_by_date(cli, write):
    _, entry = evaluate(cli, write(DRILL.format(date="2019-06-01"), "a.yaml"))
    cma = [f for f in entry["findings"] if f["instrument"] == "cma-2018"]
    assert [(f["rule_id"], f["side"], f["force"], f["status"], f["paragraphs"])
            for f in cma] == [("CMA-1-2-GROUND", "rok", "ROK", "violation", ["1(2)"])]
    assert cma[0]["category"] == "buffer-zone-exercise"
    assert "within 5km from the MDL" in cma[0]["clause"]["text"]
    for date in ("2024-07-01", "2015-06-01"):
        _, entry = evaluate(cli, write(DRILL.format(date=date), f"{date}.yaml"))
        assert not [f for f in entry["findings"] if f["instrument"] == "cma-2018"], date


def test_as_of_applies_the_law_of_another_date_and_says_so(cli, write):
    path = write(DRILL.format(date="2015-06-01"))
    doc, entry = evaluate(cli, path, "--as-of", "2019-06-01")
    assert doc["as_of"] == "2019-06-01" and entry["as_of"] == "2019-06-01"
    assert found(entry, "cma-2018") == Counter({("CMA-1-2-GROUND", "rok", "violation"): 1})
    table = cli("evaluate", path, "--as-of", "2019-06-01", "--fail-on", "never").stdout
    assert "law in force on 2019-06-01" in table
    doc, entry = evaluate(cli, path, "--as-of", "2024-07-01")
    assert not found(entry, "cma-2018")


def test_the_other_side_stays_bound_when_one_side_is_released(cli):
    tests = RULESET.packs["cma-2018"].directory / "tests"
    # January 2024: the DPRK had repudiated the CMA; the ROK was still bound by Art. 1 (2)
    _, rok = evaluate(cli, tests / "marine-drill-2024-01.yaml")
    _, dprk = evaluate(cli, tests / "coastal-artillery-2024-01.yaml")
    assert found(rok, "cma-2018") == Counter({("CMA-1-2-SEA", "rok", "violation"): 1})
    assert not found(dprk, "cma-2018")
    # Armistice ¶13(d): the UNC side released from 21 June 1957, the KPA/CPV side still bound
    kaa = RULESET.packs["kaa-1953"].directory / "tests"
    _, kpa = evaluate(cli, kaa / "reinforce-weapons-kpa-1958.yaml")
    _, unc = evaluate(cli, kaa / "reinforce-weapons-unc-1958.yaml")
    assert found(kpa, "kaa-1953") == Counter({("KAA-II-13D", "kpa", "violation"): 1})
    assert not found(unc, "kaa-1953")


def test_a_stated_time_decides_a_boundary_day(cli):
    tests = RULESET.packs["cma-2018"].directory / "tests"
    got = {}
    for name in ("1400", "1600", "untimed"):
        _, entry = evaluate(cli, tests / f"rok-uav-2023-11-22-{name}.yaml")
        got[name] = [f["status"] for f in entry["findings"] if f["rule_id"] == "CMA-1-3-NFZ"]
    assert got == {"1400": ["violation"], "1600": [], "untimed": ["possible-violation"]}


def test_parties_of_the_cma_are_the_two_koreas_only(cli):
    tests = RULESET.packs["cma-2018"].directory / "tests"
    result = cli("evaluate", tests / "jsa-us-guards-2019.yaml", "--format", "json",
                 "--explain", "--fail-on", "never")
    entry = result.json()["incidents"][0]
    assert not found(entry, "cma-2018")
    why = [x for x in entry["explain"] if x["rule_id"] == "CMA-A2-ARMS"]
    assert why and why[0]["status"] == "not-applicable"
    assert "not a party to cma-2018" in why[0]["reasons"][0]


# --- rules show / rules test -------------------------------------------------------------------

def test_rules_show_prints_verbatim_text_status_and_provenance(cli):
    out = cli("rules", "show", "KAA-I-7").stdout
    assert "No person, military or civilian, shall be permitted to cross the Military" in out
    assert "text status: secondary" in out and "books.google" in out
    assert "exception defector-own-flight" in out and "expect violation" in out
    out = cli("rules", "show", "CMA-2-1-GP").stdout  # Art. 2 ①: no copy found, unverified
    assert "text status: unverified" in out and "[unverified" in out


def test_rules_test_prints_a_line_per_rule_and_covers_every_rule(cli):
    result = cli("rules", "test")
    assert result.code == 0, result.stdout
    lines = result.stdout.splitlines()
    for rule in RULESET.rules:
        expects = {t["expect"] for t in rule.tests}
        assert "none" in expects and expects - {"none"}, rule.id
        assert any(line.split()[:2] == ["✓", rule.id] and
                   line.split()[2] == f"{len(rule.tests)}/{len(rule.tests)}"
                   for line in lines), rule.id


def test_rules_test_fails_with_expected_and_got(cli, tmp_path):
    import shutil

    pack = tmp_path / "cma-2018"
    shutil.copytree(RULESET.packs["cma-2018"].directory, pack)
    text = (pack / "rules.yaml").read_text()
    (pack / "rules.yaml").write_text(text.replace(
        "{incident: tests/artillery-drill-2024.yaml, expect: none}",
        "{incident: tests/artillery-drill-2024.yaml, expect: violation}"))
    result = cli("rules", "test", "--rules", tmp_path)
    assert result.code == 1
    assert "✗ CMA-1-2-GROUND" in result.stdout
    assert "artillery-drill-2024.yaml: expected violation, got none" in result.stdout


def test_every_rule_is_complete():
    categories = set(vocabulary.ACT_CATEGORIES)
    for rule in RULESET.rules:
        assert rule.title and rule.message and rule.level in ("error", "warning"), rule.id
        assert rule.category in categories, rule.id
        assert rule.clauses and len(rule.tests) >= 2, rule.id
        if rule.basis["kind"] in ("practice", "contested"):
            assert rule.basis.get("references"), rule.id
        if rule.contested:
            assert rule.level == "warning", rule.id
        for exc in rule.exceptions:
            assert exc.clause or exc.references, (rule.id, exc.id)


# --- the law as the investigating bodies applied it ---------------------------------------------

YEONPYEONG = """armicheck: 1
id: yeonpyeong-2010
title: KPA shelling of Yeonpyeong-do and ROK counter-fire
date: "2010-11-23"
utc_offset: "+09:00"
place: {name: Yeonpyeong-do}
actors:
  kpa-guns: {side: kpa, force: KPA, kind: unit, role: artillery}
  marines: {side: unc, force: ROK, kind: unit, role: artillery}
sources:
  s1: {publisher: Test, title: Test source, kind: official}
events:
  - {id: drill, time: "10:15", actor: marines, action: exercise, at: {lat: 37.655, lon: 125.705},
     exercise: {type: artillery, live_fire: true}, cite: [s1]}
  - {id: shelling, time: "14:34", actor: kpa-guns, action: fire, from: {lat: 37.745, lon: 125.575},
     impact: {lat: 37.662, lon: 125.698}, cite: [s1]}
  - {id: counter-fire, time: "14:47", actor: marines, action: fire, target: kpa-guns,
     from: {lat: 37.662, lon: 125.698}, impact: {lat: 37.745, lon: 125.575}, cite: [s1]}
"""


def test_yeonpyeong_2010_kpa_violated_the_cease_fire_rok_self_defence(cli, write):
    # no target or casualties given: the impact on an island ¶13(b) leaves to the UNC decides
    _, entry = evaluate(cli, write(YEONPYEONG))
    assert found(entry) == Counter({("KAA-II-12-ATTACK", "kpa", "violation"): 1,
                                    ("KAA-II-12-ATTACK", "unc", "exception-applied"): 1})
    kpa = next(f for f in entry["findings"] if f["side"] == "kpa")
    assert kpa["paragraphs"] == ["12"] and kpa["category"] == "hostile-act"


def test_an_nll_crossing_alone_is_no_armistice_violation(cli):
    from armicheck.facts import derive_facts
    from armicheck.load import load_file
    from armicheck.spatial import cma

    path = RULESET.packs["kaa-1953"].directory / "tests" / "nll-crossing-only.yaml"
    ev = derive_facts(load_file(str(path)).data).events[0]
    sides = [cma.side_of_nll(ev.positions[k]).value for k in ("from", "to")]
    assert sides == ["yes", "no"]  # the fixture does cross the NLL, north to south
    _, entry = evaluate(cli, path)
    # issue 20: the one finding is ¶15's contested band: the boat ends about 10 km from
    # Yeonpyeong-do (UNC-held), within 12 nm of it and perhaps within 3 nm; it rests on the
    # distance to land, never on the NLL
    assert [(f["rule_id"], f["status"]) for f in entry["findings"]] == [
        ("KAA-II-15-WATERS", "possible-violation")]
    reasons = " ".join(entry["findings"][0]["reasons"])
    assert "from land the UNC side controls" in reasons and "NLL" not in reasons


def test_drones_2022_both_sides_under_both_instruments(cli):
    path = RULESET.packs["cma-2018"].directory / "tests" / "drones-2022.yaml"
    _, entry = evaluate(cli, path)
    assert found(entry, "kaa-1953") == Counter({("KAA-II-16-AIR", "kpa", "violation"): 1,
                                                ("KAA-II-16-AIR", "unc", "violation"): 1})
    assert found(entry, "cma-2018") == Counter({
        ("CMA-1-1-AIR", "dprk", "violation"): 1, ("CMA-1-3-NFZ", "dprk", "violation"): 1,
        ("CMA-1-1-AIR", "rok", "violation"): 1, ("CMA-1-3-NFZ", "rok", "violation"): 1})
    assert {f["category"] for f in entry["findings"]} == {"airspace-incursion", "no-fly-zone"}


def test_gp_shooting_2020_both_sides_fired_across_the_mdl(cli):
    path = RULESET.packs["cma-2018"].directory / "tests" / "gp-fire-2020.yaml"
    _, entry = evaluate(cli, path)
    kaa = found(entry, "kaa-1953")
    assert kaa == Counter({("KAA-I-6-FIRE", "kpa", "violation"): 1,
                           ("KAA-I-6-FIRE", "unc", "violation"): 1})
    assert found(entry, "cma-2018") == Counter({("CMA-1-1-FIRE", "dprk", "violation"): 1,
                                                ("CMA-1-1-FIRE", "rok", "violation"): 1})


def test_balloons_2024_kpa_armistice_only_and_private_balloons_nothing(cli):
    cma = RULESET.packs["cma-2018"].directory / "tests"
    kaa = RULESET.packs["kaa-1953"].directory / "tests"
    _, entry = evaluate(cli, cma / "trash-balloons-2024.yaml")
    assert found(entry) == Counter({("KAA-II-16-AIR", "kpa", "violation"): 1})
    _, entry = evaluate(cli, kaa / "activist-balloons.yaml")
    assert not entry["findings"]


def test_coastal_artillery_2019_in_the_west_sea_buffer(cli):
    path = RULESET.packs["cma-2018"].directory / "tests" / "coastal-artillery-2019.yaml"
    _, entry = evaluate(cli, path)
    assert found(entry) == Counter({("CMA-1-2-SEA", "dprk", "violation"): 1})


def test_kpa_crossing_2024_is_an_armistice_matter_only(cli):
    path = RULESET.packs["cma-2018"].directory / "tests" / "soldiers-cross-2024.yaml"
    _, entry = evaluate(cli, path)
    assert found(entry) == Counter({("KAA-I-7", "kpa", "violation"): 1})


def test_loudspeakers_are_not_an_act_any_pack_prohibits(cli, write):
    text = DRILL.format(date="2024-06-09").replace(
        "action: exercise, at: {side: south, distance_m: 3000},\n"
        "     exercise: {type: artillery, live_fire: true}",
        "action: broadcast, at: {side: south, distance_m: 3000}")
    _, entry = evaluate(cli, write(text))
    assert not entry["findings"]


def test_shipped_incidents_evaluate_sensibly(cli):
    _, art = evaluate(cli, INCIDENTS / "2015-08-20-yeoncheon-artillery-exchange.yaml")
    assert found(art) == Counter({("KAA-I-6-FIRE", "kpa", "violation"): 1,
                                  ("KAA-I-6-FIRE", "unc", "violation"): 1})
    assert all(r["agreed"] for d in art["determinations"] for r in d["findings"])
    _, mines = evaluate(cli, INCIDENTS / "2016-08-jsa-bridge-of-no-return-mines.yaml")
    assert found(mines)[("JSA53-MINES", "kpa", "violation")] == 1
    assert all(r["agreed"] for d in mines["determinations"] for r in d["findings"])
    assert not [f for f in mines["findings"] if f["status"] == "violation"
                and f["instrument"] == "kaa-1953"]


def test_unverified_clause_text_is_labelled_in_table_and_json(cli):
    path = RULESET.packs["cma-2018"].directory / "tests" / "gp-rebuilt-2019.yaml"
    _, entry = evaluate(cli, path)
    gp = next(f for f in entry["findings"] if f["rule_id"] == "CMA-2-1-GP")
    assert gp["clause"]["text_status"] == "unverified"
    table = cli("evaluate", path, "--fail-on", "never").stdout
    assert "[unverified" in table


def test_incident_vocabulary_only_grew():
    assert "introduce" in vocabulary.ACTIONS
    schema = json.loads((Path(__file__).resolve().parent.parent / "armicheck" /
                         "schemas" / "incident.schema.json").read_text())
    kinds = schema["properties"]["events"]["items"]["properties"]["object"]["properties"][
        "kind"]["enum"]
    assert {"mine", "guard-post", "leaflets", "debris", "balloon", "troops"} <= set(kinds)


@pytest.mark.parametrize("rule_id", sorted(CMA_RULES))
def test_cma_rules_never_apply_to_us_or_unc_forces(rule_id):
    pack = RULESET.rule(rule_id).pack
    assert pack.party_of("unc", "US") is None and pack.party_of("unc", "UNC") is None
    assert pack.party_of("unc", "ROK") == "rok" and pack.party_of("kpa", "KPA") == "dprk"
