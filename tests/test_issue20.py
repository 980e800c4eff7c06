"""Issue 20 (fidelity beyond the JSA): the sea, the islands, tunnels, untyped drills,
exceptions that name their event, responsibility, confidence and disagreements explained.

Each new rule's triggering fixture is taken apart fact by fact: without a fact it relies on,
the finding is a possible violation naming the fact, or no finding at all with the reason the
fact registry records for that fact's absence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import armicheck
from armicheck.facts.derive import FACTS

ROOT = Path(__file__).resolve().parent.parent
KAA = ROOT / "rules" / "kaa-1953" / "tests"
CMA = ROOT / "rules" / "cma-2018" / "tests"


def run(data: dict, explain: bool = False) -> dict:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    entry = armicheck.evaluate_text(text, name="issue20.yaml", explain=explain)
    assert not entry["errors"], entry["errors"]
    return entry


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def of(entry: dict, rule: str) -> list[dict]:
    return [f for f in entry["findings"] if f["rule_id"] == rule]


def explained(entry: dict, rule: str, event: str) -> dict:
    (item,) = [x for x in entry["explain"] if x["rule_id"] == rule and x["event"] == event]
    return item


# --- the sea: ¶15 contiguous waters ----------------------------------------------------------


def test_a_vessel_within_3_nm_of_a_unc_island_is_a_violation():
    (f,) = of(run(load(KAA / "vessel-near-island.yaml")), "KAA-II-15-WATERS")
    assert f["status"] == "violation" and f["side"] == "kpa"
    assert [c["label"] for c in f["clauses"]] == ["Art. II ¶15"]


def test_beyond_3_nm_the_waters_are_contested_and_the_reason_says_so():
    data = load(KAA / "vessel-near-island.yaml")
    data["events"][0]["at"]["distance_m"] = 15000  # within 12 nm, beyond 3 nm
    (f,) = of(run(data), "KAA-II-15-WATERS")
    assert f["status"] == "possible-violation"
    assert "undefined and contested" in " ".join(f["reasons"])


def test_without_its_position_the_vessel_passes_with_the_registry_absence():
    data = load(KAA / "vessel-near-island.yaml")
    del data["events"][0]["at"]
    entry = run(data, explain=True)
    assert not of(entry, "KAA-II-15-WATERS")
    item = explained(entry, "KAA-II-15-WATERS", "intrusion")
    absence = FACTS["in_contiguous_waters"].absence.removeprefix("no: ")
    assert any(absence in line for line in item["condition"]), item["condition"]


def test_without_the_actor_kind_the_rule_passes_on_the_kind():
    data = load(KAA / "vessel-near-island.yaml")
    del data["actors"]["kpa-boat"]["kind"]
    entry = run(data, explain=True)
    assert not of(entry, "KAA-II-15-WATERS")
    item = explained(entry, "KAA-II-15-WATERS", "intrusion")
    assert any(line.strip().startswith("actor.kind") and "fact = None" in line
               for line in item["condition"])


def test_stated_own_or_international_waters_are_no_contiguous_waters():
    data = load(KAA / "vessel-in-rok-waters.yaml")
    for waters in ("dprk-territorial", "international"):
        data["events"][0]["at"]["waters"] = waters
        assert not of(run(data), "KAA-II-15-WATERS")


def test_the_nll_is_never_what_a_sea_finding_rests_on():
    for name in ("vessel-north-of-nll.yaml", "nll-crossing-only.yaml"):
        for f in run(load(KAA / name))["findings"]:
            assert "NLL" not in " ".join(f["reasons"]), f


# --- the ¶13(b) islands, self-defence and warning shots --------------------------------------


def test_fire_on_an_island_named_only_by_its_name_is_an_attack_and_the_reply_is_excused():
    entry = run(load(KAA / "island-shelling-named.yaml"), explain=True)
    (attack,) = [f for f in of(entry, "KAA-II-12-ATTACK") if f["side"] == "kpa"]
    assert attack["status"] == "violation"
    assert not of(entry, "KAA-I-6-FIRE")  # no MDL runs there
    (reply,) = [f for f in of(entry, "KAA-II-12-ATTACK") if f["side"] == "unc"]
    assert reply["status"] == "exception-applied"
    assert reply["exception"]["id"] == "self-defence"
    assert "answers kpa event shelling" in reply["reasons"][0]
    # --explain shows the event the exception rests on
    item = explained(entry, "KAA-II-12-ATTACK", "counter-fire")
    (applied,) = [x for x in item["exceptions"] if x["id"] == "self-defence"]
    assert applied["value"] == "yes" and "event shelling" in applied["rests_on"]


def test_a_reply_whose_order_is_unknown_may_be_self_defence_naming_what_is_missing():
    data = load(KAA / "island-shelling-named.yaml")
    for ev in data["events"]:
        ev.pop("time")
    del data["events"][1]["target"]  # no longer aimed back at the guns: order unknown
    data["events"][1]["impact"] = {"side": "north"}
    (reply,) = [f for f in of(run(data), "KAA-II-12-ATTACK") if f["side"] == "unc"]
    assert reply["status"] == "possible-violation"
    assert "times do not say which came first" in " ".join(reply["reasons"])


def test_fire_answering_warning_shots_is_never_excused():
    entry = run(load(KAA / "warning-shots-answered.yaml"), explain=True)
    (f,) = of(entry, "KAA-II-12-ATTACK")
    assert f["status"] == "violation" and f["side"] == "kpa"
    item = explained(entry, "KAA-II-12-ATTACK", "reply")
    (sd,) = [x for x in item["exceptions"] if x["id"] == "self-defence"]
    assert sd["value"] == "no" and "warning (warning shots)" in sd["reason"]


def test_fire_answering_nothing_or_a_crossing_is_never_excused():
    data = load(KAA / "warning-shots-answered.yaml")
    data["events"] = [e for e in data["events"] if e["id"] != "warning"]
    (f,) = of(run(data), "KAA-II-12-ATTACK")
    assert f["status"] == "violation"


def test_a_drill_from_the_island_into_its_own_waters_is_no_attack():
    assert not run(load(KAA / "island-drill.yaml"))["findings"]


# --- tunnels ------------------------------------------------------------------------------


def test_a_tunnel_across_the_mdl_is_a_crossing_citing_7_and_8():
    (f,) = of(run(load(KAA / "tunnel-across.yaml")), "KAA-I-7-TUNNEL")
    assert f["status"] == "violation" and f["category"] == "mdl-crossing"
    assert [c["label"] for c in f["clauses"]] == ["Art. I ¶7", "Art. I ¶8"]


@pytest.mark.parametrize("remove", ["tunnel", "tunnel.end"])
def test_a_tunnel_without_its_course_is_a_possible_violation_naming_it(remove):
    data = load(KAA / "tunnel-across.yaml")
    ev = data["events"][0]
    if remove == "tunnel":
        del ev["tunnel"]
    else:
        del ev["tunnel"]["end"]
    (f,) = of(run(data), "KAA-I-7-TUNNEL")
    assert f["status"] == "possible-violation"
    assert "end" in " ".join(f["reasons"])


def test_a_tunnel_beyond_the_dmz_cites_14():
    data = load(KAA / "tunnel-across.yaml")
    data["events"][0]["tunnel"]["end"] = {"side": "south", "distance_m": 4000,
                                          "zone": "outside-dmz"}
    (f,) = of(run(data), "KAA-I-7-TUNNEL")
    assert "Art. II ¶14" in [c["label"] for c in f["clauses"]]


# --- no silent misses: drills and intervals ---------------------------------------------------


def test_an_untyped_artillery_drill_is_a_possible_violation_naming_the_type():
    (f,) = of(run(load(CMA / "artillery-drill-untyped-2019.yaml")), "CMA-1-2-GROUND")
    assert f["status"] == "possible-violation"
    assert "exercise.type is not stated" in " ".join(f["reasons"])


def test_an_untyped_drill_without_artillery_passes_on_the_registry_absence():
    data = load(CMA / "artillery-drill-untyped-2019.yaml")
    del data["events"][0]["weapons"]
    entry = run(data, explain=True)
    assert not of(entry, "CMA-1-2-GROUND")


@pytest.mark.parametrize("count,status", [([36, 40], "violation"),
                                          ([30, 40], "possible-violation"),
                                          ([20, 30], None)])
def test_an_interval_is_read_safely_against_a_limit_of_35(count, status):
    data = load(ROOT / "rules" / "jsa-1953" / "tests" / "guards-40.yaml")
    data["actors"]["guards"]["count"] = count
    found = of(run(data), "JSA53-GUARDS")
    assert [f["status"] for f in found] == ([status] if status else [])


# --- responsibility ---------------------------------------------------------------------------


def test_civilians_let_across_are_held_against_the_side_that_let_them():
    (f,) = of(run(load(KAA / "civilians-let-across.yaml")), "KAA-I-7")
    assert f["side"] == "kpa" and f["status"] == "violation" and not f["forces"]
    assert [c["label"] for c in f["clauses"]] == ["Art. I ¶7", "Art. I ¶8"]
    assert "let them act (authorized: kpa-commander)" in " ".join(f["reasons"])


def test_civilians_no_side_let_across_are_held_against_no_one():
    assert not run(load(KAA / "civilians-cross-unauthorized.yaml"))["findings"]


# --- confidence -------------------------------------------------------------------------------


def test_an_inferred_position_lowers_the_confidence_and_says_so():
    data = load(KAA / "tunnel-across.yaml")
    (stated,) = of(run(data), "KAA-I-7-TUNNEL")
    data["events"][0]["tunnel"]["end"]["certainty"] = "inferred"
    (inferred,) = of(run(data), "KAA-I-7-TUNNEL")
    assert inferred["confidence"] == pytest.approx(stated["confidence"] * 0.6, abs=0.01)
    assert "position inferred" in inferred["confidence_basis"]


def test_a_place_known_only_by_name_is_an_inferred_position():
    entry = run(load(KAA / "island-shelling-named.yaml"))
    for f in entry["findings"]:
        assert "position inferred" in f["confidence_basis"]


# --- disagreements explained ------------------------------------------------------------------


def test_a_disagreement_names_the_condition_that_failed_on_the_event():
    data = load(KAA / "tunnel-own-half.yaml")
    data["determinations"] = [{"body": "Test", "date": "1975-03-27", "findings": [
        {"party": "kpa", "act": "mdl-crossing", "instrument": "kaa-1953", "events": ["dig"]},
        {"party": "kpa", "act": "naval-incursion", "instrument": "jsa-1953"}]}]
    rows = run(data)["determinations"][0]["findings"]
    assert not rows[0]["agreed"]
    assert "KAA-I-7-TUNNEL on event dig: tunnel.dug_across [is: yes] is no" in rows[0]["reason"]
    assert "no rule of jsa-1953 encodes naval-incursion" in rows[1]["reason"]


CORPUS = sorted([*(ROOT / "tests" / "heldout").glob("*.yaml"),
                 *(ROOT / "incidents").glob("*.yaml"),
                 *(ROOT / "tests" / "format11").glob("*.yaml")])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_no_violation_against_a_party_a_body_found_consistent(path):
    data = load(path)
    entry = run(data)
    for det in data.get("determinations") or []:
        for want in det["findings"]:
            if want.get("outcome") != "consistent":
                continue
            events = set(want.get("events") or det.get("events") or [])
            for f in entry["findings"]:
                if f["side"] == want["party"] and f["status"] == "violation" \
                        and (not events or events & {e["id"] if isinstance(e, dict) else e
                                                     for e in f["events"]}):
                    pytest.fail(f"{path.name}: {f['rule_id']} violation against "
                                f"{want['party']}, which {det['body']} found consistent")


def test_rounds_on_the_firers_side_of_the_nll_are_in_the_zone_but_no_attack():
    entry = run(load(CMA / "warning-fire-own-side-of-nll.yaml"), explain=True)
    assert [(f["rule_id"], f["status"]) for f in entry["findings"]] == [
        ("CMA-1-2-SEA", "violation")]
    facts = {x["event"]: x["facts"] for x in entry["facts"]}["warning-fire"]
    assert facts["strikes_other_side"]["value"] == "no"
    assert "firer's own side" in facts["strikes_other_side"]["reason"]
    # south of the NLL the NLL decides nothing: the strike stays undecided
    data = load(CMA / "warning-fire-own-side-of-nll.yaml")
    data["events"][0]["impact"]["nll"] = "south"
    assert {f["rule_id"] for f in run(data)["findings"]} >= {"CMA-1-1-ATTACK"}


# --- every rule, each stated fact removed in turn ----------------------------------------------

from armicheck.packs import load_builtin  # noqa: E402

RULESET = load_builtin()
# fields that say when, who or where from, not what the rule tests (or that the schema needs)
KEPT = {"id", "actor", "action", "cite", "note", "group", "summary", "time", "date",
        "date_end", "time_approximate", "time_latest", "time_end"}


def _triggering() -> list[tuple[str, Path, str]]:
    cases = []
    for rule in RULESET.rules:
        for t in rule.tests:
            if t.get("expect") == "violation" and not t.get("as_of"):
                cases.append((rule.id, rule.pack.directory / t["incident"], t["incident"]))
    return cases


@pytest.mark.parametrize("rule_id,path,name", _triggering(),
                         ids=[f"{c[0]}:{Path(c[2]).stem}" for c in _triggering()])
def test_without_each_stated_fact_a_rule_names_it_or_its_absence(rule_id, path, name):
    """Remove each field of the triggering event in turn (and the actor's kind, role, arms
    and count): the rule still finds, or finds a possible violation with its reason, or
    passes, and --explain says which part failed and, for an absent fact, what the registry
    records its absence to mean. Never a pass without its reason."""
    data = load(path)
    (hit,) = [f for f in run(data)["findings"] if f["rule_id"] == rule_id
              and f["status"] == "violation"][:1]
    event_ids = [e if isinstance(e, str) else e["id"] for e in hit["events"]]
    index = next(i for i, e in enumerate(data["events"]) if e["id"] == event_ids[0])
    event = data["events"][index]
    removals = [("events", key) for key in event if key not in KEPT]
    removals += [("actor", key) for key in ("kind", "role", "arms", "count")
                 if key in data["actors"][event["actor"]]]
    for where, key in removals:
        doc = yaml.safe_load(yaml.safe_dump(data))
        target = doc["events"][index] if where == "events" else doc["actors"][event["actor"]]
        del target[key]
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        entry = armicheck.evaluate_text(text, name="removed.yaml", explain=True)
        if entry["errors"]:
            continue  # the field is required: the file says nothing without it
        found = [f for f in entry["findings"] if f["rule_id"] == rule_id
                 and event["id"] in [e if isinstance(e, str) else e["id"] for e in f["events"]]]
        if found:
            if found[0]["status"] == "possible-violation":
                assert found[0]["reasons"], (key, found[0])
            continue
        tried = [x for x in entry["explain"] if x["rule_id"] == rule_id
                 and x["event"] == event["id"]]
        assert tried, f"{name} without {where}.{key}: {rule_id} not tried"
        (item,) = tried
        if item["status"] == "pass":
            (reason,) = item["reasons"]
            assert reason.startswith("condition not met: ") and len(reason) > 20, reason
            failed = reason.removeprefix("condition not met: ").split(" [")[0]
            if failed in FACTS and "absent:" in reason:
                assert FACTS[failed].absence in reason
        else:  # out of force, or no party: said so
            assert item["reasons"], item


def test_a_consistent_finding_the_tool_disputes_says_why_no_exception_excused_it():
    data = load(KAA / "warning-shots-answered.yaml")
    data["determinations"] = [{"body": "Test (doctored)", "date": "2022-10-25", "findings": [
        {"party": "kpa", "outcome": "consistent", "instrument": "kaa-1953",
         "events": ["reply"]}]}]
    (row,) = run(data)["determinations"][0]["findings"]
    assert not row["agreed"]
    assert ("exception self-defence: no (event.answers_attack [is: yes] is no (no earlier "
            "attack by unc") in row["reason"]
    assert "only warning (warning shots)" in row["reason"]


FILES_WITH_DETERMINATIONS = [p for p in CORPUS if "determinations" in load(p)]


@pytest.mark.parametrize("path", FILES_WITH_DETERMINATIONS, ids=lambda p: p.name)
def test_removing_determinations_changes_no_finding(path):
    data = load(path)
    with_them = run(data)["findings"]
    data.pop("determinations")
    data.pop("claims", None)
    without = run(data)["findings"]
    strip = [(f["rule_id"], f["status"], f["side"], f["confidence"], f["reasons"])
             for f in with_them]
    assert strip == [(f["rule_id"], f["status"], f["side"], f["confidence"], f["reasons"])
                     for f in without]


def test_an_exception_may_rest_only_on_a_three_valued_fact(tmp_path):
    import shutil

    from armicheck.core.diagnostics import InputError
    from armicheck.packs import load_rules

    pack = tmp_path / "kaa-1953"
    shutil.copytree(ROOT / "rules" / "kaa-1953", pack)
    rules = pack / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("rests_on: event.answers_attack",
                                  "rests_on: event.weapons"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules((str(pack),))
    assert "rests on 'event.weapons', which is not a three-valued fact" in str(
        err.value.diagnostics)
