"""Format 1.1, part 2 (issue 15): the gazetteer, positions by place, at sea relative to the
NLL, held ground, waters, tunnels and the direction of fire, each giving the facts it should;
the JSON contract's resolved positions; `armicheck places`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from armicheck.core import gazetteer
from armicheck.core.data import GEO_DIR
from armicheck.facts import derive_facts
from armicheck.schemas import load_schema
from armicheck.spatial import cma, lsib
from armicheck.spatial.islands import UNC_ISLANDS, on_unc_island
from armicheck.spatial.model import PlaceContext
from armicheck.spatial.resolve import resolve
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "format11_places"
PLACES = gazetteer.load()

INCIDENT: dict[str, Any] = {
    "armicheck": 1, "id": "t", "title": "t", "date": "2019-06-10", "utc_offset": "+09:00",
    "place": {"name": "somewhere"}, "sources": {},
    "actors": {"kpa": {"side": "kpa", "force": "KPA", "kind": "unit"},
               "kpa-boat": {"side": "kpa", "force": "KPA", "kind": "vessel"},
               "rok": {"side": "unc", "force": "ROK", "kind": "unit"}},
}


def facts_of(event: dict[str, Any], **incident: Any) -> dict[str, Any]:
    derived = derive_facts({**INCIDENT, **incident, "events": [{"id": "e", **event}]})
    return dict(derived.events[0].values.complete())  # while `derived` holds the incident


def value(fact: Any) -> Any:
    return getattr(fact, "value", fact)


# --- the gazetteer ---------------------------------------------------------------------------


def test_the_gazetteer_ships_with_every_entry_sourced() -> None:
    raw = yaml.safe_load((GEO_DIR / gazetteer.PLACES_FILE).read_text(encoding="utf-8"))
    assert len(raw) == len(PLACES) >= 30
    for entry in raw:
        assert gazetteer.entry_problem(entry) is None, entry.get("id")
        assert entry["source"]["url"].startswith(("http://", "https://")), entry["id"]
        assert entry["source"].get("says"), entry["id"]
    # the places the issue names: the five ¶13(b) islands, the JSA, the estuary islands
    for pid in ("baengnyeong-do", "daecheong-do", "socheong-do", "yeonpyeong-do", "u-do",
                "jsa", "bridge-of-no-return", "ganghwa-do", "kaesong"):
        assert pid in PLACES


def test_an_entry_without_a_source_is_refused(tmp_path: Path) -> None:
    entry = dict(yaml.safe_load((GEO_DIR / gazetteer.PLACES_FILE).read_text())[0])
    assert gazetteer.entry_problem(entry) is None
    for broken in ({**entry, "source": None}, {**entry, "source": {"title": "t"}},
                   {**entry, "lat": "37.9"}, {**entry, "controlled_by": "rok"}):
        assert gazetteer.entry_problem(broken)
    path = tmp_path / "places.yaml"
    path.write_text(yaml.safe_dump([{**entry, "source": {"title": "no url"}}]))
    with pytest.raises(gazetteer.GazetteerError, match="source needs a url"):
        gazetteer.load(str(path))


@pytest.mark.parametrize("pid", sorted(PLACES))
def test_each_place_lies_on_the_side_of_the_lines_that_holds_it(pid: str) -> None:
    """The gazetteer's `controlled_by` against the shipped lines: the MDL on land, the NLL in
    the West Sea. Near a line (within the place's uncertainty) indeterminate is fine; the
    wrong side is a data error."""
    place = PLACES[pid]
    facts = lsib.point_facts(place.lon, place.lat, place.uncertainty_m)
    island = on_unc_island(lsib.point_facts(place.lon, place.lat, 0.0))
    m = lsib.mdl_signed_distance(place.lon, place.lat)
    if place.controlled_by == "unc":
        assert facts.side != "north" or island.yes, (pid, facts.side_reason)
    elif place.controlled_by == "kpa":
        assert facts.side != "south", (pid, facts.side_reason)
        assert not island.yes, pid
    elif place.controlled_by == "jsa":  # the JSA straddles the line: within its reach
        assert abs(m.signed_m) <= 1000.0 and facts.side == "indeterminate", pid
    if place.region in ("northwest-islands", "west-sea-north"):
        nll = cma.side_of_nll(facts)
        if place.controlled_by == "unc":
            assert not nll.yes, (pid, nll.reason)
            assert island.yes, (pid, island.reason)
        else:
            assert not nll.no, (pid, nll.reason)


def test_the_island_table_agrees_with_the_gazetteer() -> None:
    """spatial.islands keeps its own centres and radii (the ¶13(b) outline model format 1
    findings rest on); each centre must lie within the gazetteer's uncertainty of that
    island's sourced coordinates."""
    ids = {"Baengnyeong-do": "baengnyeong-do", "Daecheong-do": "daecheong-do",
           "Socheong-do": "socheong-do", "Yeonpyeong-do": "yeonpyeong-do", "U-do": "u-do"}
    for name, lat, lon, _radius in UNC_ISLANDS:
        place = PLACES[ids[name]]
        from armicheck.run.places import km_between

        assert km_between(lat, lon, place.lat, place.lon) * 1000 <= place.uncertainty_m, name


def test_names_and_near_misses_find_the_place() -> None:
    assert gazetteer.find("연평도").id == "yeonpyeong-do"
    assert gazetteer.find("Paengyong-do").id == "baengnyeong-do"
    assert gazetteer.find("nowhere") is None
    assert "yeonpyeong-do" in gazetteer.suggest("yeonpyong-do")


# --- positions by place -----------------------------------------------------------------------


def test_a_place_resolves_to_its_coordinates_and_holder() -> None:
    p = resolve({"place": "yeonpyeong-do"}, PlaceContext())
    assert p.kind == "wgs84" and p.extra["held_by"] == "unc"
    assert p.lonlat == (PLACES["yeonpyeong-do"].lon, PLACES["yeonpyeong-do"].lat)
    assert p.geo.unc == PLACES["yeonpyeong-do"].uncertainty_m


def test_an_offset_moves_the_position_and_widens_its_uncertainty() -> None:
    base = PLACES["sokcho"]
    p = resolve({"place": "sokcho", "distance_m": 18000, "bearing_deg": 90}, PlaceContext())
    assert "held_by" not in p.extra  # 18 km out to sea: geometry decides, not the holder
    assert p.lonlat[1] == pytest.approx(base.lat, abs=0.01)
    assert p.lonlat[0] > base.lon + 0.18  # ~0.205° of longitude at 38.2° N
    assert p.geo.unc == pytest.approx(base.uncertainty_m)  # an exact bearing and distance
    word = resolve({"place": "sokcho", "distance_m": 18000, "direction": "east"},
                   PlaceContext())
    # ±22.5° at 18 km: the arc's far corner is 2 x 18 sin(11.25°) = 7.0 km from the middle
    assert word.geo.unc == pytest.approx(base.uncertainty_m + 7023, abs=5)
    within = resolve({"place": "sokcho", "distance_m": 5000}, PlaceContext())
    assert within.lonlat == (base.lon, base.lat) and within.geo.unc == base.uncertainty_m + 5000


def test_on_a_northwest_island_by_name() -> None:
    """KPA shells Yeonpyeong-do, named (no coordinates): on the UNC side's ground."""
    shelling = facts_of({"actor": "kpa", "action": "fire", "weapons": ["artillery"],
                         "from": {"place": "ongjin-county-dprk"},
                         "impact": {"place": "yeonpyeong-do"}})
    assert value(shelling["strikes_other_side"]) == "yes"
    assert "held by the UNC side" in shelling["strikes_other_side"].reason
    assert value(shelling["fire.toward_other_side"]) == "yes"
    assert value(shelling["origin.on_other_side"]) == "no"
    assert value(shelling["in_sea_buffer"]) == "yes"  # both inside the approximate West zone
    marines = facts_of({"actor": "rok", "action": "move", "at": {"place": "baengnyeong-do"}})
    assert value(marines["on_other_side"]) == "no"
    assert marines["unc_land_within_m"] == 0.0
    landing = facts_of({"actor": "kpa", "action": "move", "at": {"place": "baengnyeong-do"}})
    assert value(landing["on_other_side"]) == "yes"


# --- at sea -----------------------------------------------------------------------------------


def test_ten_km_north_of_the_nll() -> None:
    f = facts_of({"actor": "kpa-boat", "action": "sail",
                  "at": {"nll": "north", "distance_m": 10000, "sea": "west"}})
    assert value(f["north_of_nll"]) == "yes"
    assert f["north_of_nll"].reason == "stated: north of the NLL, 10.0 km from it"
    assert value(f["in_sea_buffer"]) == "yes"  # the West zone reaches ~50 km north of it
    assert value(f["in_ground_buffer"]) == "no"
    assert value(f["on_other_side"]) == "indeterminate"  # the MDL is not drawn at sea
    at_sea = facts_of({"actor": "kpa-boat", "action": "sail", "at": {"zone": "sea"}})
    assert value(f["crosses_mdl"]) == value(at_sea["crosses_mdl"])  # as format 1 at sea
    # the incident's coordinates pick the sea when the position does not say
    placed = facts_of({"actor": "kpa-boat", "action": "sail",
                       "at": {"nll": "north", "distance_m": 10000}},
                      place={"name": "off Yeonpyeong-do", "lat": 37.7, "lon": 125.7})
    assert value(placed["in_sea_buffer"]) == "yes"
    # far out along the East Sea NLL the zone's assumed 129.5 E edge is crossed: undecided
    east = facts_of({"actor": "kpa-boat", "action": "sail",
                     "at": {"nll": "north", "distance_m": 10000, "sea": "east"}})
    assert value(east["in_sea_buffer"]) == "indeterminate"
    south = facts_of({"actor": "kpa-boat", "action": "sail",
                      "at": {"nll": "south", "distance_m": [0, 2000], "sea": "west"}})
    assert value(south["north_of_nll"]) == "indeterminate"  # the range reaches the line
    far = facts_of({"actor": "kpa-boat", "action": "sail",
                    "at": {"nll": "north", "distance_m": 200000, "sea": "west"}})
    assert value(far["in_sea_buffer"]) == "no"


def test_inside_a_sides_territorial_waters() -> None:
    intrusion = facts_of({"actor": "kpa-boat", "action": "sail",
                          "at": {"waters": "rok-territorial"}})
    assert value(intrusion["in_other_sides_waters"]) == "yes"
    assert value(intrusion["in_dmz"]) == "no"
    own = facts_of({"actor": "rok", "action": "sail", "at": {"waters": "rok-territorial"}})
    assert value(own["in_other_sides_waters"]) == "no"
    unstated = facts_of({"actor": "rok", "action": "sail", "at": {"zone": "sea"}})
    assert value(unstated["in_other_sides_waters"]) == "indeterminate"


def test_land_held_by_each_side_is_bounded_from_the_gazetteer() -> None:
    f = facts_of({"actor": "kpa-boat", "action": "sail",
                  "at": {"place": "yeonpyeong-do", "distance_m": 5000, "bearing_deg": 0}})
    # at most: 5 km to the island's centre, the island's 2.5 km around it, and the
    # position's own 2.5 km (it is placed from the island's uncertain centre)
    assert f["unc_land_within_m"] == pytest.approx(10000, abs=15)
    assert f["kpa_land_within_m"] > f["unc_land_within_m"]
    assert facts_of({"actor": "rok", "action": "sail", "at": {"zone": "sea"}}
                    )["unc_land_within_m"] is None


# --- held ground ------------------------------------------------------------------------------


def test_on_held_ground_without_coordinates() -> None:
    f = facts_of({"actor": "kpa", "action": "move", "at": {"held_by": "unc"}})
    assert value(f["on_other_side"]) == "yes"
    assert f["on_other_side"].reason == "stated: on UNC-held ground"
    assert value(f["crosses_mdl"]) == "yes"
    home = facts_of({"actor": "kpa", "action": "move", "at": {"held_by": "kpa"}})
    assert value(home["on_other_side"]) == "no"
    # coordinates clearly in the other half contradict the statement
    clash = facts_of({"actor": "kpa", "action": "move",
                      "at": {"held_by": "unc", "lat": 38.4, "lon": 127.5}})
    assert value(clash["on_other_side"]) == "indeterminate"
    assert "sources disagree" in clash["on_other_side"].reason


# --- tunnels ----------------------------------------------------------------------------------


def test_a_tunnel_end_400_m_south_of_the_mdl() -> None:
    f = facts_of({"actor": "kpa", "action": "tunnel",
                  "tunnel": {"end": {"side": "south", "distance_m": 400}}})
    assert value(f["tunnel.crosses_mdl"]) == "yes"
    assert "start not given" in f["tunnel.crosses_mdl"].reason
    assert value(f["tunnel.beyond_dmz"]) == "no"
    assert value(f["on_other_side"]) == "yes"
    beyond = facts_of({"actor": "kpa", "action": "tunnel",
                       "tunnel": {"course": [{"side": "north", "distance_m": 1200},
                                             {"side": "south", "distance_m": 2500}]}})
    assert value(beyond["tunnel.beyond_dmz"]) == "yes"
    edge = facts_of({"actor": "kpa", "action": "tunnel",
                     "tunnel": {"end": {"side": "south", "distance_m": 2000}}})
    assert value(edge["tunnel.beyond_dmz"]) == "indeterminate"  # at the DMZ's limit
    own = facts_of({"actor": "kpa", "action": "tunnel",
                    "tunnel": {"end": {"side": "north", "distance_m": 300}}})
    assert value(own["tunnel.crosses_mdl"]) == "no"
    assert value(facts_of({"actor": "kpa", "action": "move", "at": {"side": "north"}}
                          )["tunnel.crosses_mdl"]) == "no"


def test_a_tunnel_course_in_coordinates() -> None:
    f = facts_of({"actor": "kpa", "action": "tunnel", "tunnel": {"course": [
        {"lat": 38.36, "lon": 127.40}, {"lat": 38.31, "lon": 127.40},
        {"lat": 38.27, "lon": 127.40}]}})
    m = [lsib.mdl_signed_distance(127.40, lat).signed_m for lat in (38.36, 38.27)]
    assert m[0] > 500 and m[1] < -500  # the course runs from north to south of the line
    assert value(f["tunnel.crosses_mdl"]) == "yes"


# --- the direction of fire --------------------------------------------------------------------


def test_fired_toward_another_actor() -> None:
    f = facts_of({"actor": "rok", "action": "fire", "weapons": ["machine-gun"],
                  "from": {"side": "south", "distance_m": 800},
                  "direction": {"actor": "kpa-boat"}})
    assert value(f["fire.toward_other_side"]) == "yes"
    assert "where the rounds landed is not stated" in f["fire.toward_other_side"].reason
    assert value(f["strikes_other_side"]) == "no"  # unchanged: no target, impact or casualty
    own = facts_of({"actor": "kpa", "action": "fire", "direction": {"actor": "kpa-boat"}})
    assert value(own["fire.toward_other_side"]) == "no"


def test_fire_toward_a_place_across_the_mdl_may_cross_it() -> None:
    f = facts_of({"actor": "kpa", "action": "fire", "from": {"side": "north"},
                  "direction": {"place": "dora-observatory"}})
    assert value(f["fire.toward_other_side"]) == "yes"
    assert value(f["fire.crosses_mdl"]) == "indeterminate"  # as `direction: south` in format 1
    legacy = facts_of({"actor": "kpa", "action": "fire", "from": {"side": "north"},
                       "direction": "south"})
    assert value(legacy["fire.crosses_mdl"]) == "indeterminate"
    assert value(legacy["fire.toward_other_side"]) == "yes"


def test_a_bearing_is_followed_across_the_mdl_from_coordinates() -> None:
    north = {"lat": 38.36, "lon": 127.40}
    assert lsib.mdl_signed_distance(127.40, 38.36).signed_m > 1000
    south_fire = facts_of({"actor": "kpa", "action": "fire", "from": north,
                           "direction": {"bearing_deg": 180}})
    assert value(south_fire["fire.toward_other_side"]) == "yes"
    assert value(south_fire["fire.crosses_mdl"]) == "indeterminate"
    north_fire = facts_of({"actor": "kpa", "action": "fire", "from": north,
                           "direction": {"bearing_deg": 0}})
    assert value(north_fire["fire.toward_other_side"]) == "no"
    assert value(north_fire["fire.crosses_mdl"]) == "no"
    blind = facts_of({"actor": "kpa", "action": "fire", "from": {"side": "north"},
                      "direction": {"bearing_deg": 180}})
    assert value(blind["fire.toward_other_side"]) == "indeterminate"


# --- validation ---------------------------------------------------------------------------------


def test_an_unknown_place_is_an_error_with_a_suggestion(cli, write) -> None:
    text = (FIXTURES / "nll-north-10km.yaml").read_text().replace(
        "at: {place: yeonpyeong-do,", "at: {place: yeonpyong-do,")
    result = cli("validate", write(text))
    assert result.code == 2
    assert "unknown place 'yeonpyong-do' (did you mean 'yeonpyeong-do'?)" in result.stderr
    named = text.replace("place: yeonpyong-do,", "place: Yeonpyeong-do,")
    assert "is a name: write its id, 'yeonpyeong-do'" in cli("validate", write(named)).stderr


@pytest.mark.parametrize("position,message", [
    ("{bearing_deg: 90, distance_m: 5000}", "bearing_deg offsets a position from a place"),
    ("{place: sokcho, direction: east}", "direction needs distance_m"),
    ("{place: sokcho, nll: north}", "by a place or by the NLL, not both"),
    ("{nll: north, side: north}", "side is of the MDL, which is not drawn at sea"),
    ("{held_by: unc, side: north}", "held_by unc is the south side's ground"),
    ("{sea: west}", "sea says which sea's NLL"),
])
def test_format11_positions_that_cannot_be(cli, write, position: str, message: str) -> None:
    text = (FIXTURES / "nll-north-10km.yaml").read_text().replace(
        "at: {waters: rok-territorial}", f"at: {position}")
    result = cli("validate", write(text))
    assert result.code == 2 and message in result.stderr, result.stderr


def test_tunnel_positions_are_checked_like_the_others(cli, write) -> None:
    text = (FIXTURES / "tunnel-and-held-ground.yaml").read_text().replace(
        "tunnel: {end: {side: south, distance_m: 400}",
        "tunnel: {end: {lat: 38.3}")
    result = cli("validate", write(text))
    assert result.code == 2 and "position needs both lat and lon" in result.stderr
    course = text.replace("{side: north, distance_m: 1500}", "{side: mdl, distance_m: 1500}")
    result = cli("validate", write(course))  # a course point as any position: side mdl, no distance
    assert "side: mdl means on the line" in result.stderr, result.stderr


# --- the fixtures end to end, the JSON contract, the places command -----------------------------


@pytest.mark.parametrize("name", ["nll-north-10km.yaml", "tunnel-and-held-ground.yaml"])
def test_the_fixtures_validate_and_their_positions_follow_the_contract(cli, name: str) -> None:
    doc = cli("evaluate", FIXTURES / name, "-f", "json", "--fail-on", "never").json()
    jsonschema.validate(doc, load_schema("findings"))
    assert doc["schema_version"] == "1.3"
    entry = doc["incidents"][0]
    assert not entry["errors"]
    stated = {p["stated"] for e in entry["positions"] for p in e["points"]}
    assert stated >= ({"nll-relative", "place"} if name.startswith("nll") else
                      {"mdl-relative", "held-ground", "coordinates"})


def test_every_file_carries_its_positions(cli, write) -> None:
    """Format 1 files too: JSA-frame x/y with their approximate lat/lon, WGS 84 points with
    their uncertainty, MDL-relative distances."""
    text = """armicheck: 1
id: positions
title: positions of every kind
date: "2017-11-13"
utc_offset: "+09:00"
place: {name: JSA, frame: jsa, zone: jsa}
actors:
  guard: {side: kpa, force: KPA, kind: soldier, role: guard}
events:
  - {id: run, actor: guard, action: cross, from: {x: 3, y: 8}, to: {x: 4, y: -12}}
  - {id: fire, actor: guard, action: fire, bearing_deg: 180, range_m: [100, 300],
     from: {lat: 37.96, lon: 126.68, uncertainty_m: 30, frame: wgs84}}
  - {id: near, actor: guard, action: move, at: {side: north, distance_m: 40}}
"""
    entry = cli("evaluate", write(text), "-f", "json", "--fail-on", "never").json()[
        "incidents"][0]
    by_event = {e["event"]: e for e in entry["positions"]}
    start = by_event["run"]["points"][0]
    assert (start["frame"], start["x"], start["y"], start["side"]) == ("jsa", 3, 8, "north")
    assert start["lat"] == pytest.approx(37.9559, abs=0.001)
    origin, impact = by_event["fire"]["points"]
    assert (origin["stated"], origin["uncertainty_m"]) == ("coordinates", 30)
    assert impact["role"] == "impact" and impact["stated"] == "bearing-range"
    assert impact["uncertainty_m"] == 130  # 30 + half the range's spread
    near = by_event["near"]["points"][0]
    assert near["stated"] == "mdl-relative" and near["mdl_distance_m"] == [40, 40]
    assert all(e["line"] >= 1 for e in entry["positions"])
    island = next(e for e in json.loads(cli(
        "evaluate", FIXTURES / "nll-north-10km.yaml", "-f", "json", "--fail-on", "never"
    ).stdout)["incidents"][0]["positions"] if e["event"] == "toward-island")
    assert island["direction"]["kind"] == "place"
    assert island["direction"]["controlled_by"] == "unc"


def test_places_lists_every_entry_with_its_source(cli) -> None:
    out = cli("places", "-f", "json")
    assert out.code == 0
    listed = out.json()["places"]
    assert [p["id"] for p in listed] == list(PLACES)
    assert all(p["source"]["url"] and p["source"]["title"] for p in listed)
    table = cli("places").stdout
    for place in PLACES.values():
        assert place.id in table
    near = cli("places", "--near", "Yeonpyeong-do", "--within", "30", "-f", "json").json()
    assert [p["id"] for p in near["places"]] == ["yeonpyeong-do", "u-do"]
    assert near["places"][1]["distance_km"] == pytest.approx(24.9, abs=0.1)
    bad = cli("places", "--near", "yeonpyong-do")
    assert bad.code == 2 and "did you mean yeonpyeong-do" in bad.stderr


def test_explain_shows_each_new_fact_with_its_reason(cli) -> None:
    out = cli("evaluate", FIXTURES / "tunnel-and-held-ground.yaml", "--explain",
              "--fail-on", "never").stdout
    for line in (
        "fact tunnel.crosses_mdl = yes (the tunnel runs across the MDL underground: from "
        "north (start not given: taken as the digging side's own (north) side, where its "
        "tunnels begin) to south (stated: 400 m south of the MDL))",
        "fact tunnel.beyond_dmz = no (its end is inside the DMZ (400 m from the MDL, inside "
        "the 2 km DMZ))",
        "fact on_other_side = yes (stated: on UNC-held ground)",
        "fact fire.toward_other_side = yes (fired toward kpa-squad (kpa-squad belongs to the "
        "KPA side; where it stood is not given); where the rounds landed is not stated)",
        "fact in_other_sides_waters = indeterminate (no position states the waters it is in)",
    ):
        assert line in out, line
    sea = cli("evaluate", FIXTURES / "nll-north-10km.yaml", "--explain", "--fail-on",
              "never").stdout
    assert "fact north_of_nll = yes (stated: north of the NLL, 10.0 km from it)" in sea
    assert "fact in_sea_buffer = yes (10.0 km north of the west sea NLL, anywhere along it: " \
           "inside the approximate CMA west sea buffer zone)" in sea
    assert "fact unc_land_within_m = 0 (at most, in metres)" in sea


@pytest.mark.parametrize("within", ["nan", "-5", "inf", "1e400", "0"])
def test_places_within_must_be_a_distance(cli, within: str) -> None:
    result = cli("places", "--near", "kaesong", "--within", within, "-f", "json")
    assert result.code == 2 and "expected a distance in km above 0" in result.stderr
