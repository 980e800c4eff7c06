"""Format 1.1, values not presence: intervals against limits, windows of stated times, the
attribution's downgrade and confidence, new source kinds' grades, civilians never a party's
force, the order of events whose times are windows, and the validation of the new fields.
The expected values are worked out here from the README's rules, not read from the tool."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import yaml

from armicheck.core.interval import Interval
from armicheck.core.time import KST, parse_day_span, stated_window, time_words
from armicheck.facts import derive_facts
from armicheck.packs import load_builtin
from armicheck.packs.condition import parse, screen
from armicheck.run.check import Options, check_text

RULESET = load_builtin()


def _entry(text: str, explain: bool = False) -> dict:
    return check_text("f11.yaml", text, RULESET, Options(explain=explain))


def _errors(text: str) -> list[str]:
    return [f"{e['code']}: {e['message']}" for e in _entry(text)["errors"]]


# --- intervals: yes only when every value passes, no when none does ----------------------

@pytest.mark.parametrize("stated,op,limit,value", [
    ([20, 30], "gt", 35, "no"), ([30, 40], "gt", 35, "indeterminate"),
    ([36, 40], "gt", 35, "yes"), ([35, 40], "gt", 35, "indeterminate"),
    ([30, 35], "gt", 35, "no"), ({"at_least": 24}, "gt", 35, "indeterminate"),
    ({"at_least": 36}, "gt", 35, "yes"), ({"at_least": 301}, "gt", 1000, "indeterminate"),
    ({"at_least": 10, "at_most": 20}, "lte", 20, "yes"), ([10, 20], "lt", 20, "indeterminate"),
    ([10, 20], "gte", 10, "yes"), ([10, 20], "lt", 10, "no"),
    ([2, 3], "equals", 2, "indeterminate"), ([2, 3], "equals", 4, "no"),
    ([2, 3], "in", [2, 3], "yes"), ([2, 3], "not_in", [4], "yes"), ([2, 3], "in", [5], "no"),
    ([2, 3], "not_equals", 4, "yes"),
])
def test_an_interval_against_a_limit_is_three_valued(stated, op, limit, value):
    test = parse({"fact": "actor.count", op: limit})
    facts = {"actor.count": Interval.of(stated)}
    got = test.compiled()(facts)
    assert got.value == value
    assert screen(test)(facts) is (value != "no")
    if value == "indeterminate":
        assert got.reason.startswith("actor.count is stated as ")


@pytest.mark.parametrize("count,value", [(35, "no"), (36, "yes")])
def test_a_plain_number_is_tested_as_in_format_1(count, value):
    test = parse({"fact": "actor.count", "gt": 35})
    got = test.compiled()({"actor.count": count})
    assert (got.value, got.reason) == (value, "")


def test_a_range_of_one_number_is_that_number():
    assert Interval.of([5, 5]) == 5 and Interval.of({"at_least": 7, "at_most": 7}) == 7
    assert str(Interval.of([20, 30])) == "20-30" and str(Interval.of({"at_least": 3})) == \
        "at least 3"


# --- times: the windows of "about", "between", "until", months and years ------------------

def _window(event: dict, first: str = "2024-06-18", last: str | None = None):
    start, end, timed = stated_window(date.fromisoformat(first),
                                      date.fromisoformat(last or first), event, KST)
    return start, end, timed


def test_about_is_half_an_hour_either_side():
    start, end, timed = _window({"time": "08:30", "time_approximate": True})
    assert timed and end - start == timedelta(hours=1)
    assert (start.hour, start.minute, end.hour, end.minute) == (8, 0, 9, 0)


def test_between_and_until_run_to_the_later_time_on_the_last_day():
    start, end, _ = _window({"time": "03:42", "time_latest": "04:20"})
    assert (start, end) == (datetime(2024, 6, 18, 3, 42, tzinfo=KST),
                            datetime(2024, 6, 18, 4, 20, tzinfo=KST))
    start, end, _ = _window({"time": "23:30", "time_end": "00:30"}, last="2024-06-19")
    assert end - start == timedelta(hours=1)
    assert time_words({"time": "03:42", "time_latest": "04:20"}) == "between 03:42 and 04:20"
    assert time_words({"time": "15:56", "time_end": "16:04", "time_approximate": True}) == \
        "about 15:56 to about 16:04"


def test_a_month_or_a_year_is_every_day_of_it():
    assert parse_day_span("2016-08") == (date(2016, 8, 1), date(2016, 8, 31))
    assert parse_day_span("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert parse_day_span("2023-12") == (date(2023, 12, 1), date(2023, 12, 31))
    assert parse_day_span("1975") == (date(1975, 1, 1), date(1975, 12, 31))
    assert parse_day_span("2016-13") is None and parse_day_span("0999") is None


INCIDENT = """armicheck: 1
id: f11-values
title: T
date: "{date}"
utc_offset: "+09:00"
place: {{name: JSA, frame: jsa, zone: jsa}}
actors:
{actors}
sources:
  s1: {{publisher: P, title: T, kind: {kind}}}
events:
{events}
"""


def _incident(events: str, actors: str = "  g: {side: kpa, force: KPA, kind: soldier, role: "
              "guard}", date_: str = "2019-06-01", kind: str = "press", more: str = "") -> str:
    return INCIDENT.format(date=date_, actors=actors, events=events, kind=kind) + more


def test_a_month_that_straddles_the_end_of_a_clause_gives_a_possible_violation():
    """CMA Annex 2 (unarmed JSA) bound the DPRK until 2023-11-23: KPA guards with arms in the
    JSA "in November 2023" may or may not be under it."""
    text = _incident('  - {id: e1, date: "2023-11", actor: g, action: present, '
                     'at: {side: north, zone: jsa}, cite: [s1]}',
                     actors="  g: {side: kpa, force: KPA, kind: soldier, role: guard, "
                     "arms: [small-arms]}", date_="2023-11")
    (f,) = [f for f in _entry(text)["findings"] if f["rule_id"] == "CMA-A2-ARMS"]
    assert f["status"] == "possible-violation"
    assert any(r.startswith("in force uncertain") for r in f["reasons"])
    whole_day = text.replace('date: "2023-11", ', 'date: "2023-11-10", ')
    (f,) = [f for f in _entry(whole_day)["findings"] if f["rule_id"] == "CMA-A2-ARMS"]
    assert f["status"] == "violation"


# --- attribution: alleged or disputed is at most possible; confidence the weaker link ----

FIRE = ('  - {{id: e1, time: "15:15", actor: g, action: fire, from: {{side: north}}, '
        'impact: {{side: south, distance_m: 30}}, certainty: {certainty}{attribution}, '
        'cite: [s1]}}')


@pytest.mark.parametrize("certainty,attribution,status,basis", [
    ("confirmed", None, "violation", "confirmed (1) x best source 0.75"),
    ("confirmed", "confirmed", "violation",
     "confirmed (1), attribution confirmed (1) x best source 0.75"),
    ("confirmed", "reported", "violation",
     "confirmed (1), attribution reported (0.8): 0.8 x best source 0.75"),
    ("reported", "confirmed", "violation",
     "reported (0.8), attribution confirmed (1) x best source 0.75"),
    ("confirmed", "inferred", "violation",
     "confirmed (1), attribution inferred (0.6): 0.6 x best source 0.75"),
    ("confirmed", "disputed", "possible-violation",
     "confirmed (1), attribution disputed (0.5): 0.5 x best source 0.75"),
    ("confirmed", "alleged", "possible-violation",
     "confirmed (1), attribution alleged (0.4): 0.4 x best source 0.75"),
])
def test_attribution_apart_from_certainty(certainty, attribution, status, basis):
    text = _incident(FIRE.format(certainty=certainty, attribution=(
        f", attribution: {attribution}" if attribution else "")))
    (f,) = [f for f in _entry(text)["findings"] if f["rule_id"] == "KAA-I-6-FIRE"]
    assert f["status"] == status
    assert f["confidence_basis"] == f"event e1: {basis}"
    factor = {"confirmed": 1.0, "reported": 0.8, "inferred": 0.6, "disputed": 0.5,
              "alleged": 0.4}
    expected = min(factor[certainty], factor.get(attribution, 1.0)) * 0.75
    assert f["confidence"] == pytest.approx(round(expected, 2))
    unsure = [r for r in f["reasons"] if "(attribution: " in r]
    assert bool(unsure) is (attribution in ("alleged", "disputed"))


@pytest.mark.parametrize("kind,score", [("government", 0.85), ("scholarly", 0.8),
                                        ("ngo", 0.7), ("reference", 0.6)])
def test_new_source_kinds_are_graded(kind, score):
    text = _incident(FIRE.format(certainty="confirmed", attribution=""), kind=kind)
    (f,) = [f for f in _entry(text)["findings"] if f["rule_id"] == "KAA-I-6-FIRE"]
    assert f["confidence_basis"] == f"event e1: confirmed (1) x best source {score:.2f}"
    assert f["evidence"][0]["kind"] == kind


# --- civilians: a nationality, never a party's force ---------------------------------------

CIVILIANS_CROSS = ('  - {id: e1, time: "10:00", actor: c, action: cross, '
                   'from: {side: south, distance_m: 20}, to: {side: north, distance_m: 20}, '
                   'cite: [s1]}')


def test_civilians_who_cross_are_their_sides_responsibility_but_no_force():
    text = _incident(CIVILIANS_CROSS, actors="  c: {side: unc, kind: civilian, role: tourist, "
                     "nationality: US, count: 2}")
    found = _entry(text)["findings"]
    assert found and all(f["side"] == "unc" for f in found)
    assert all(f["force"] is None and f["forces"] == [] for f in found)
    assert not [f for f in found if f["instrument"] == "cma-2018"]  # a party by force only


def test_a_civilian_part_of_a_force_inherits_no_force():
    actors = yaml.safe_load("""
party: {side: unc, force: US, kind: unit, role: work-party}
workers: {part_of: party, kind: civilian, role: worker, nationality: ROK}
guards: {part_of: party, kind: soldier, role: escort}
crew: {kind: vessel, nationality: DPRK}
soldier: {part_of: crew, force: KPA, side: kpa, kind: soldier}
""")
    data = yaml.safe_load(_incident('  - {id: e1, actor: workers, action: present}'))
    data["actors"] = actors
    got = derive_facts(data).actors
    assert (got["workers"].force, got["workers"].side, got["workers"].nationality) == (
        None, "unc", "ROK")
    assert got["guards"].force == "US" and got["guards"].nationality is None
    assert got["soldier"].force == "KPA"  # stated on the actor itself
    assert got["party"].kinds == frozenset({"unit", "civilian", "soldier"})


# --- the order of events whose times are windows ------------------------------------------

ORDER = """  - {{id: first, time: "{kpa}"{kpa_about}, actor: k, action: fire, from: {{side: north}},
     impact: {{side: south, distance_m: 300}}, cite: [s1]}}
  - {{id: reply, time: "{rok}"{rok_about}, actor: r, action: attack, target: k,
     at: {{side: south, distance_m: 300}}, cite: [s1]}}"""
TWO_SIDES = ("  k: {side: kpa, force: KPA, kind: unit, role: artillery}\n"
             "  r: {side: unc, force: ROK, kind: unit, role: artillery}")


@pytest.mark.parametrize("kpa,kpa_about,rok,rok_about,value", [
    ("10:00", "", "10:20", "", "yes"),  # format 1: an earlier instant
    ("10:00", ", time_approximate: true", "10:20", "", "indeterminate"),  # 09:30-10:30
    ("10:00", ", time_approximate: true", "11:00", "", "yes"),  # ended before 11:00
    ("10:00", "", "10:20", ", time_approximate: true", "indeterminate"),  # 09:50-10:50
    ("10:00", ", time_latest: \"10:30\"", "10:40", "", "yes"),
])
def test_a_response_is_after_only_when_the_windows_say_so(kpa, kpa_about, rok, rok_about,
                                                         value):
    text = _incident(ORDER.format(kpa=kpa, kpa_about=kpa_about, rok=rok, rok_about=rok_about),
                     actors=TWO_SIDES)
    assert not _entry(text)["errors"]
    incident = derive_facts(yaml.safe_load(text))
    assert incident.events[1].values["event.in_response"].value == value
    if kpa_about or rok_about:  # --explain shows it for a format 1.1 file
        (reply,) = [e for e in _entry(text, explain=True)["facts"] if e["event"] == "reply"]
        assert reply["facts"]["event.in_response"]["value"] == value


# --- validation of the new fields ---------------------------------------------------------

@pytest.mark.parametrize("event,message", [
    ('{id: e1, time: "10:00", time_latest: "09:00", actor: g, action: present}',
     "order: time_latest 09:00 is before time 10:00"),
    ('{id: e1, time: "10:00", time_end: "09:00", actor: g, action: present}',
     "order: time_end 09:00 is before time 10:00"),
    ('{id: e1, time_approximate: true, actor: g, action: present}',
     "field: time_approximate needs the event's time"),
    ('{id: e1, date: "2019-06", time: "10:00", actor: g, action: present}',
     "format: a time needs a full date (YYYY-MM-DD)"),
    ('{id: e1, actor: g, action: fire, rounds: [30, 20]}',
     "order: range [30, 20] runs backwards"),
    ('{id: e1, actor: g, action: fire, rounds: {at_least: 30, at_most: 20}}',
     "order: at_most 20 is below at_least 30"),
    ('{id: e1, actor: g, action: present, warning: true}',
     "field: warning (warning shots) is for fire events, not present"),
    ('{id: e1, actor: g, action: fire, medium: loudspeaker}',
     "field: medium is for broadcast events, not fire"),
    ('{id: e1, actor: g, action: attack, targets: [g, nobody]}',
     "reference: unknown actor 'nobody'"),
    ('{id: e1, date: "2019-13", actor: g, action: present}', "format:"),
])
def test_bad_format_1_1_events_are_refused_with_a_reason(event, message):
    errors = _errors(_incident(f"  - {event}"))
    assert any(e.startswith(message) for e in errors), errors


@pytest.mark.parametrize("more,message", [
    ("determinations:\n  - {body: B, date: \"2019-06-02\", second_hand: true, findings: "
     "[{party: kpa, act: hostile-act, instrument: kaa-1953}]}",
     "missing-field: a determination known only second-hand names the source"),
    ("determinations:\n  - {body: B, date: \"2019-06-02\", findings: [{party: kpa, act: "
     "hostile-act, act_alternatives: [mdl-crossing], instrument: kaa-1953}]}",
     "field: act_alternatives are for an act the writer chose"),
    ("determinations:\n  - {body: B, date: \"2019-06-02\", findings: [{party: kpa, "
     "instrument: kaa-1953}]}", "missing-field: missing required field 'act'"),
    ("determinations:\n  - {body: B, date: \"2019-06-02\", events: [e9], findings: [{party: "
     "kpa, outcome: consistent, instrument: kaa-1953}]}", "reference: unknown event 'e9'"),
    ("claims:\n  - {id: c1, party: kpa, kind: denial}\n  - {id: c1, by: X, kind: statement}",
     "duplicate-id: duplicate claim id 'c1'"),
    ("claims:\n  - {kind: statement}", "missing-field: missing required field 'party'"),
])
def test_bad_format_1_1_determinations_and_claims_are_refused(more, message):
    text = _incident('  - {id: e1, actor: g, action: present}', more=more)
    errors = _errors(text)
    assert any(e.startswith(message) for e in errors), errors


def test_a_civilian_states_a_nationality_not_a_force():
    errors = _errors(_incident('  - {id: e1, actor: c, action: present}',
                               actors="  c: {kind: civilian, force: ROK, nationality: ROK}"))
    assert any(e.startswith("contradiction: actor 'c' has a nationality and a force")
               for e in errors), errors
