"""Values, not presence: confidence values with their wording, each downgrade of a status
with a case that needs it, and the tolerance bands at a point just inside and just outside.
The expected numbers are worked out here by hand from the grading rules in the README
(Admiralty grades or the kind of source, x the event's certainty, + 0.05 per further
publisher up to 0.10), not read from the tool's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from armicheck.packs import load_builtin
from armicheck.run.check import Options, check_file, check_text
from armicheck.spatial import lsib

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_builtin()

CROSSING = """armicheck: 1
id: values
title: A KPA soldier crosses the MDL in the JSA
date: "2017-11-13"
utc_offset: "+09:00"
place: {{name: Joint Security Area, frame: jsa, zone: jsa}}
actors:
  guard: {{side: kpa, force: KPA, kind: soldier, role: guard, arms: []}}
sources:
{sources}
events:
  - {{id: e1, time: "15:15", actor: guard, action: cross, from: {{side: north, distance_m: 5}},
     to: {{side: south, distance_m: 30}}, certainty: {certainty}{cite}}}
"""


def _finding(sources: dict[str, str], certainty: str = "confirmed", cite=None,
             rule: str = "KAA-I-7") -> dict:
    cite = list(sources) if cite is None else cite
    text = CROSSING.format(
        sources="\n".join(f"  {k}: {{{v}}}" for k, v in sources.items()) or "  {}",
        certainty=certainty, cite=f", cite: [{', '.join(cite)}]" if cite else "")
    entry = check_text("values.yaml", text, RULESET, Options())
    assert not entry["errors"], entry["errors"]
    (found,) = [f for f in entry["findings"] if f["rule_id"] == rule]
    return found


def src(publisher: str, kind: str = "press", grade: str = "") -> str:
    out = f"publisher: {publisher}, title: T, kind: {kind}"
    if grade:
        out += f", reliability: {grade[0]}, credibility: {grade[1]}"
    return out


# (sources, certainty, confidence, the basis after "event e1: ")
CASES = [
    ({"a": src("P", "official")}, "confirmed", 0.9, "confirmed (1) x best source 0.90"),
    ({"a": src("P", "imagery")}, "confirmed", 0.85, "confirmed (1) x best source 0.85"),
    ({"a": src("P", "press")}, "reported", 0.6, "reported (0.8) x best source 0.75"),
    ({"a": src("P", "osint")}, "inferred", 0.42, "inferred (0.6) x best source 0.70"),
    ({"a": src("P", "testimony")}, "alleged", 0.26, "alleged (0.4) x best source 0.65"),
    # an Admiralty grade replaces the kind's score: A1 = 1 x 1, B2 = .9 x .9, C3 = .75 x .75
    ({"a": src("P", "press", "A1")}, "confirmed", 1.0, "confirmed (1) x best source 1.00"),
    ({"a": src("P", "press", "B2")}, "confirmed", 0.81, "confirmed (1) x best source 0.81"),
    ({"a": src("P", "official", "C3")}, "confirmed", 0.56, "confirmed (1) x best source 0.56"),
    ({"a": src("P", "official", "D4")}, "reported", 0.26, "reported (0.8) x best source 0.33"),
    ({"a": src("P", "official", "E5")}, "confirmed", 0.16, "confirmed (1) x best source 0.16"),
    ({"a": src("P", "official", "F6")}, "confirmed", 0.36, "confirmed (1) x best source 0.36"),
    # the best source counts, and each further publisher adds 0.05, up to 0.10
    ({"a": src("P", "press", "C3"), "b": src("Q", "official")}, "confirmed", 0.95,
     "confirmed (1) x best source 0.90 + 0.05 for 2 publishers"),
    ({"a": src("P"), "b": src("Q"), "c": src("R")}, "confirmed", 0.85,
     "confirmed (1) x best source 0.75 + 0.10 for 3 publishers"),
    ({"a": src("P"), "b": src("Q"), "c": src("R"), "d": src("S")}, "reported", 0.68,
     "reported (0.8) x best source 0.75 + 0.10 for 4 publishers"),
    ({"a": src("P"), "b": src("P")}, "confirmed", 0.75, "confirmed (1) x best source 0.75"),
    ({"a": src("P", "official"), "b": src("Q", "official")}, "confirmed", 0.95,
     "confirmed (1) x best source 0.90 + 0.05 for 2 publishers"),
    ({"a": src("P", "official", "A1"), "b": src("Q")}, "confirmed", 1.0,
     "confirmed (1) x best source 1.00 + 0.05 for 2 publishers"),
]


@pytest.mark.parametrize("sources,certainty,confidence,basis", CASES,
                         ids=[f"{c[1]}-{'-'.join(v.split('kind: ')[1] for v in c[0].values())}"
                              f"-{i}" for i, c in enumerate(CASES)])
def test_confidence_value_and_its_reason(sources, certainty, confidence, basis):
    f = _finding(sources, certainty)
    assert f["confidence"] == pytest.approx(confidence, abs=1e-9)
    assert f["confidence_basis"] == f"event e1: {basis}"


def test_an_uncited_event_scores_three_tenths_of_its_certainty():
    f = _finding({"a": src("P", "official")}, "reported", cite=[])
    assert f["confidence"] == pytest.approx(0.24)
    assert f["confidence_basis"] == "event e1: reported (0.8) x no source cited (0.3)"


@pytest.mark.parametrize("certainty,status", [("confirmed", "violation"),
                                              ("reported", "violation"),
                                              ("inferred", "violation"),
                                              ("alleged", "possible-violation")])
def test_only_an_alleged_act_is_lowered(certainty, status):
    f = _finding({"a": src("P", "official")}, certainty)
    assert f["status"] == status
    assert ("the act is only alleged" in f["reasons"]) is (certainty == "alleged")


# --- each downgrade with a case that needs it ---------------------------------------------

def _fixture(path: str, rule: str, as_of: str | None = None) -> dict:
    entry = check_file(str(ROOT / path), RULESET, Options(as_of=as_of))
    assert not entry["errors"], entry["errors"]
    (found,) = [f for f in entry["findings"] if f["rule_id"] == rule]
    return found


DOWNGRADES = [
    ("rules/kaa-1953/tests/fire-near-line.yaml", "KAA-I-6-FIRE", "indeterminate: "),
    ("rules/cma-2018/tests/rok-uav-2023-11-22-untimed.yaml", "CMA-1-3-NFZ",
     "in force uncertain: "),
    ("rules/cma-2018/tests/gp-rebuilt-2019.yaml", "CMA-2-1-GP", "contested basis: "),
    ("rules/kaa-1953/tests/fire-across-alleged.yaml", "KAA-I-6-FIRE", "the act is only alleged"),
    # issue 20: the Cheonan is no longer this case (the ship was no intruder: a violation)
    ("rules/kaa-1953/tests/fire-at-ship-near-nll.yaml", "KAA-II-12-ATTACK",
     "exception intruder-on-own-ground may apply: "),
]


@pytest.mark.parametrize("path,rule,reason", DOWNGRADES, ids=[d[2].split(":")[0].strip()
                                                              for d in DOWNGRADES])
def test_each_downgrade_lowers_a_violation_to_possible(path, rule, reason):
    """Each case is a violation but for the one reason (its expected.txt line says the same)."""
    f = _fixture(path, rule)
    assert f["status"] == "possible-violation"
    assert [r for r in f["reasons"] if r.startswith(reason)], f["reasons"]
    assert len(f["reasons"]) == 1, f["reasons"]


def test_an_exception_that_holds_is_applied_not_lowered():
    f = _fixture("tests/heldout/2022-12-26-drones.yaml", "CMA-1-1-ATTACK")
    assert f["status"] == "exception-applied"
    assert f["exception"]["id"] == "intruder-on-own-ground"


AIR_DRILL = (ROOT / "rules/cma-2018/tests/air-drill-2019.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("date,labels", [("2019-06-01", ["Art. 1 ②", "Art. 1 ③"]),
                                         ("2023-11-22", ["Art. 1 ②", "Art. 1 ③"]),
                                         ("2024-01-10", ["Art. 1 ②"])])
def test_a_supporting_clause_is_cited_only_while_in_force(date, labels):
    """Art. 1 ③ (the no-fly zones) was suspended for the ROK from 22 Nov 2023 15:00; the
    air-drill rule (Art. 1 ②) stayed in force until 4 June 2024."""
    text = AIR_DRILL.replace('date: "2019-06-01"', f'date: "{date}"')
    entry = check_text("air-drill.yaml", text, RULESET, Options())
    (f,) = [f for f in entry["findings"] if f["rule_id"] == "CMA-1-2-AIR"]
    assert f["status"] == "violation"
    assert [c["label"] for c in f["clauses"]] == labels


# --- tolerance bands: just inside and just outside ----------------------------------------

RELATIVE = """armicheck: 1
id: band
title: KPA soldiers fire from a stated distance north of the MDL
date: "2019-06-01"
utc_offset: "+09:00"
place: {{name: Central front}}
actors:
  gp: {{side: kpa, force: KPA, kind: unit, role: guard}}
sources:
  s1: {{publisher: Test, title: Test source, kind: official}}
events:
  - {{id: e1, time: "10:00", actor: gp, action: fire, from: {{side: north, distance_m: {d}}},
     impact: {{side: north, distance_m: 3000}}, cite: [s1]}}
"""


def _facts(text: str) -> dict:
    entry = check_text("band.yaml", text, RULESET, Options(explain=True))
    assert not entry["errors"], entry["errors"]
    return entry["facts"][0]["facts"]


@pytest.mark.parametrize("distance,value", [(1890, "yes"), (1910, "indeterminate"),
                                            (2090, "indeterminate"), (2110, "no")])
def test_dmz_limit_band_for_a_stated_distance(distance, value):
    """The DMZ reaches 2 km from the MDL, known to +-100 m."""
    assert _facts(RELATIVE.format(d=distance))["origin.in_dmz"]["value"] == value


def _point_at(target: float, start: tuple[float, float], grow) -> tuple[float, float]:
    """A point north of `start` at which grow(point) = target (bisection on latitude)."""
    lo, hi = 0.0, 0.1
    lon, lat = start
    for _ in range(60):
        mid = (lo + hi) / 2
        if grow((lon, lat + mid)) < target:
            lo = mid
        else:
            hi = mid
    return lon, lat + (lo + hi) / 2


def _mdl_vertex() -> tuple[float, float]:
    import json

    from armicheck.core.data import GEO_DIR

    coords = json.loads((GEO_DIR / "korea-mdl.geojson").read_text())["features"][0][
        "geometry"]["coordinates"]
    return tuple(coords[len(coords) // 2])


@pytest.mark.parametrize("offset,other", [(140, "indeterminate"), (160, "no"),
                                          (-140, "indeterminate"), (-160, "yes")])
def test_mdl_band_for_coordinates(offset, other):
    """A point is on a side of the LSIB MDL only beyond its ~150 m uncertainty: a KPA
    origin 160 m south of the line is on the other side, 140 m south is undecided."""
    vertex = _mdl_vertex()
    sign = 1 if offset > 0 else -1
    start = vertex if sign > 0 else (vertex[0], vertex[1] - 0.05)
    lon, lat = _point_at(offset, start, lambda p: lsib.mdl_signed_distance(*p).signed_m)
    assert abs(lsib.mdl_signed_distance(lon, lat).distance_m - abs(offset)) < 0.5
    text = RELATIVE.format(d=100).replace("from: {side: north, distance_m: 100}",
                                          f"from: {{lat: {lat:.7f}, lon: {lon:.7f}}}")
    assert _facts(text)["origin.on_other_side"]["value"] == other


@pytest.mark.parametrize("inside,value", [(150, "yes"), (50, "indeterminate"),
                                          (-50, "indeterminate"), (-150, "no")])
def test_dmz_limit_band_for_coordinates(inside, value):
    """The LSIB DMZ limit lines are known to ~100 m: a point 50 m either side of the northern
    limit is indeterminate, 150 m inside is in the DMZ and 150 m outside is not."""
    import shapely

    data = lsib._data()

    def outward(p):  # metres beyond the DMZ's edge (negative inside)
        g = lsib._geo_point(p[0], p[1], 0.0)
        edge = float(data.dmz_ring.distance(g.x, g.y))
        return -edge if shapely.contains_xy(data.dmz, g.x, g.y) else edge

    lon, lat = _point_at(-inside, _mdl_vertex(), outward)
    assert abs(outward((lon, lat)) + inside) < 0.5
    text = RELATIVE.format(d=100).replace("from: {side: north, distance_m: 100}",
                                          f"from: {{lat: {lat:.7f}, lon: {lon:.7f}}}")
    assert _facts(text)["origin.in_dmz"]["value"] == value


# --- the condition compiler's operators at their boundaries --------------------------------

def _ask(cond: dict, **facts) -> str:
    from armicheck.packs.condition import parse

    return parse(cond, ["when"]).compiled()(facts).value


@pytest.mark.parametrize("op,at_34,at_35,at_36", [("gt", "no", "no", "yes"),
                                                  ("gte", "no", "yes", "yes"),
                                                  ("lt", "yes", "no", "no"),
                                                  ("lte", "yes", "yes", "no"),
                                                  ("equals", "no", "yes", "no"),
                                                  ("not_equals", "yes", "no", "yes")])
def test_numeric_operators_at_the_boundary(op, at_34, at_35, at_36):
    cond = {"fact": "actor.count", op: 35}
    got = [_ask(cond, **{"actor.count": n}) for n in (34, 35, 36)]
    assert got == [at_34, at_35, at_36]
    assert _ask(cond, **{"actor.count": None}) == ("yes" if op == "not_equals" else "no")


@pytest.mark.parametrize("op,day_before,day,day_after", [("before", "yes", "no", "no"),
                                                         ("after", "no", "yes", "yes")])
def test_date_operators_at_the_day(op, day_before, day, day_after):
    """`before` excludes the day, `after` includes it (KAA ¶13 rules split on 1976-09-16);
    the event's date is its window of instants, so a window across the boundary (an untimed
    day in another offset) is indeterminate."""
    from datetime import datetime, timedelta

    from armicheck.core.time import KST, Window

    def whole_day(day: int) -> Window:
        start = datetime(1976, 9, day, tzinfo=KST)
        return Window(start, start + timedelta(days=1))

    cond = {"fact": "event.date", op: "1976-09-16"}
    got = [_ask(cond, **{"event.date": whole_day(d)}) for d in (15, 16, 17)]
    assert got == [day_before, day, day_after]
    instant = datetime(1976, 9, 15, 23, 59, tzinfo=KST)
    assert _ask(cond, **{"event.date": Window(instant, instant)}) == day_before
    across = Window(instant, instant + timedelta(hours=2))
    assert _ask(cond, **{"event.date": across}) == "indeterminate"
    midnight = datetime(1976, 9, 16, tzinfo=KST)  # the day's first instant is on the day
    assert _ask(cond, **{"event.date": Window(midnight, midnight)}) == day


def test_set_and_text_operators():
    weapons = {"fact": "event.weapons", "intersects": ["mine", "rifle"]}
    assert _ask(weapons, **{"event.weapons": frozenset({"rifle", "pistol"})}) == "yes"
    assert _ask(weapons, **{"event.weapons": frozenset({"pistol"})}) == "no"
    assert _ask(weapons, **{"event.weapons": frozenset()}) == "no"
    assert _ask({"fact": "event.weapons", "exists": True}, **{"event.weapons": frozenset()}) \
        == "no"
    assert _ask({"fact": "event.weapons", "exists": False}, **{"event.weapons": frozenset()}) \
        == "yes"
    assert _ask({"fact": "action", "in": ["fire"]}, action="fire") == "yes"
    assert _ask({"fact": "action", "not_in": ["fire"]}, action="fire") == "no"


def test_three_valued_tests_and_connectives():
    from armicheck.core.tri import indeterminate, no, yes

    y, n, u = yes("y"), no("n"), indeterminate("u")
    for value, is_yes, is_no, is_unknown in ((y, "yes", "no", "no"), (n, "no", "yes", "no"),
                                             (u, "indeterminate", "indeterminate", "yes")):
        assert _ask({"fact": "in_dmz"}, in_dmz=value) == is_yes
        assert _ask({"fact": "in_dmz", "is": "no"}, in_dmz=value) == is_no
        assert _ask({"fact": "in_dmz", "is": "indeterminate"}, in_dmz=value) == is_unknown
        assert _ask({"not": {"fact": "in_dmz"}}, in_dmz=value) == is_no
    both = [{"fact": "in_dmz"}, {"fact": "on_other_side"}]
    table = {(y, y): ("yes", "yes"), (y, n): ("no", "yes"), (n, n): ("no", "no"),
             (y, u): ("indeterminate", "yes"), (n, u): ("no", "indeterminate"),
             (u, u): ("indeterminate", "indeterminate")}
    for (a, b), (conj, disj) in table.items():
        for first, second in ((a, b), (b, a)):
            facts = {"in_dmz": first, "on_other_side": second}
            assert _ask({"all": both}, **facts) == conj, (first, second)
            assert _ask({"any": both}, **facts) == disj, (first, second)


def _north_of_mdl(metres: float) -> tuple[float, float]:
    return _point_at(metres, _mdl_vertex(), lambda p: lsib.mdl_signed_distance(*p).signed_m)


def _at(lat: float, lon: float, extra: str = "") -> str:
    return RELATIVE.format(d=100).replace("from: {side: north, distance_m: 100}",
                                          f"from: {{lat: {lat:.7f}, lon: {lon:.7f}{extra}}}")


@pytest.mark.parametrize("uncertainty,other", [(50, "no"), (150, "indeterminate")])
def test_a_positions_own_uncertainty_widens_the_mdl_band(uncertainty, other):
    """250 m north of the line: beyond the ~150 m band plus 50 m, within it plus 150 m."""
    lon, lat = _north_of_mdl(250)
    text = _at(lat, lon, f", uncertainty_m: {uncertainty}")
    assert _facts(text)["origin.on_other_side"]["value"] == other


@pytest.mark.parametrize("metres,value", [(4800, "yes"), (4900, "indeterminate"),
                                          (5100, "indeterminate"), (5200, "no")])
def test_cma_ground_buffer_band_for_coordinates(metres, value):
    """The 5 km ground buffer's edge is known only to the MDL's ~150 m."""
    lon, lat = _north_of_mdl(metres)
    text = _at(lat, lon).replace("distance_m: 3000", "distance_m: 9000")  # impact far off
    assert _facts(text)["in_ground_buffer"]["value"] == value


@pytest.mark.parametrize("metres,value", [(4990, "yes"), (5010, "no")])
def test_cma_ground_buffer_for_a_stated_distance(metres, value):
    """A stated distance is taken as given: no band."""
    text = RELATIVE.format(d=metres).replace("distance_m: 3000", "distance_m: 9000")
    assert _facts(text)["in_ground_buffer"]["value"] == value
