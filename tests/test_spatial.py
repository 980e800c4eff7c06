"""Spatial facts from coordinates feed the same rules as relative positions (issue 3)."""

from __future__ import annotations

import json

import pytest
import yaml

from armicheck.core.data import GEO_DIR
from armicheck.spatial import lsib as geometry
from tests.conftest import DEFECTION_2017, MINIMAL

MDL = GEO_DIR / "korea-mdl.geojson"


def to_jsa_frame(pos: dict) -> dict:
    """A relative position rewritten as JSA-frame metres (y north of the curb)."""
    if pos.get("side") not in ("north", "south"):
        return pos
    dist = pos.get("distance_m", 8)
    mid = sum(dist) / 2 if isinstance(dist, list) else dist
    y = mid if pos["side"] == "north" else -mid
    out = {k: v for k, v in pos.items() if k not in ("side", "distance_m")}
    out.update({"x": 3.0, "y": float(y)})
    return out


def findings(cli, path):
    doc = cli("evaluate", path, "--format", "json", "--fail-on", "never").json()
    entry = doc["incidents"][0]
    assert not entry["errors"], entry["errors"]
    return sorted((f["rule_id"], f["status"], f["side"], tuple(f["events"]))
                  for f in entry["findings"])


def test_2017_in_jsa_frame_coordinates_gives_the_same_findings(cli, tmp_path):
    data = yaml.safe_load(DEFECTION_2017.read_text())
    rewritten = 0
    for event in data["events"]:
        for key in ("from", "to", "at", "impact"):
            if key in event and "side" in event[key]:
                event[key] = to_jsa_frame(event[key])
                rewritten += 1
    assert rewritten >= 5
    path = tmp_path / "2017-jsa-frame.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    text = path.read_text()
    assert "x: 3.0" in text and "side: north" not in text
    assert findings(cli, path) == findings(cli, DEFECTION_2017)


def point_near_mdl(offset_m: float) -> tuple[float, float]:
    """A point `offset_m` north (+) or south (-) of an inland vertex of the LSIB MDL."""
    coords = json.loads(MDL.read_text())["features"][0]["geometry"]["coordinates"]
    lon, lat = coords[len(coords) // 2]
    return lon, lat + offset_m / 111_000


def fire_incident(origin: tuple[float, float], impact: tuple[float, float]) -> str:
    return MINIMAL.replace("place: {name: Joint Security Area, frame: jsa, zone: jsa}",
                           "place: {name: Central front}").replace(
        "action: cross, from: {side: north}, to: {side: south}",
        f"action: fire, from: {{lat: {origin[1]:.6f}, lon: {origin[0]:.6f}}},\n"
        f"     impact: {{lat: {impact[1]:.6f}, lon: {impact[0]:.6f}}}")


def test_fire_straddling_the_line_within_its_uncertainty_is_possible(cli, write):
    north, south = point_near_mdl(50), point_near_mdl(-50)
    assert abs(geometry.mdl_signed_distance(*north)[0]) < 150
    doc = cli("evaluate", write(fire_incident(north, south)), "--format", "json").json()
    fire = [f for f in doc["incidents"][0]["findings"] if f["category"] == "fire-across-mdl"]
    assert [f["status"] for f in fire] == ["possible-violation"]
    assert any("indeterminate" in r for r in fire[0]["reasons"])


def test_fire_clearly_across_the_line_is_a_violation(cli, write):
    north, south = point_near_mdl(1500), point_near_mdl(-1500)
    doc = cli("evaluate", write(fire_incident(north, south)), "--format", "json").json()
    fire = [f for f in doc["incidents"][0]["findings"] if f["category"] == "fire-across-mdl"]
    assert [(f["status"], f["side"]) for f in fire] == [("violation", "kpa")]


@pytest.mark.parametrize("offset,expected", [(-1500, "no"), (1500, "no")])
def test_fire_staying_on_one_side_does_not_cross(cli, write, offset, expected):
    a, b = point_near_mdl(offset), point_near_mdl(offset * 1.5)
    doc = cli("evaluate", write(fire_incident(a, b)), "--format", "json", "--explain").json()
    entry = doc["incidents"][0]
    assert not [f for f in entry["findings"] if f["category"] == "fire-across-mdl"]
    facts = entry["facts"][0]["facts"]
    assert facts["fire.crosses_mdl"]["value"] == expected


def test_explain_shows_spatial_facts_with_reasons(cli, write):
    north, south = point_near_mdl(50), point_near_mdl(-50)
    result = cli("evaluate", write(fire_incident(north, south)), "--explain")
    assert "fire.crosses_mdl = indeterminate" in result.stdout
    assert "uncertainty" in result.stdout


def _crossing_oracle_cases():
    from hypothesis import strategies as st

    coords = json.loads(MDL.read_text())["features"][0]["geometry"]["coordinates"]
    inner = coords[30:-30]
    return st.tuples(st.sampled_from(inner), st.sampled_from(inner),
                     st.floats(1500, 20000), st.floats(1500, 20000),
                     st.sampled_from([1, -1]), st.sampled_from([1, -1]))


def test_crossing_agrees_with_shapely_for_points_clear_of_the_line():
    """Property: for ends clear of the ~150 m band, crossing is yes exactly when the straight
    segment (projected on EPSG:5179) meets the LSIB line, as shapely computes it."""
    import pyproj
    import shapely
    from hypothesis import given, settings

    from armicheck.spatial.model import PlaceContext

    coords = json.loads(MDL.read_text())["features"][0]["geometry"]["coordinates"]
    to_m = pyproj.Transformer.from_crs(4326, 5179, always_xy=True)
    line = shapely.LineString([to_m.transform(*c) for c in coords])

    @settings(max_examples=150, deadline=None)
    @given(_crossing_oracle_cases())
    def check(case):
        (lon1, lat1), (lon2, lat2), d1, d2, s1, s2 = case
        a = geometry.resolve_coordinates({"lat": lat1 + s1 * d1 / 111_000, "lon": lon1},
                                         PlaceContext())
        b = geometry.resolve_coordinates({"lat": lat2 + s2 * d2 / 111_000, "lon": lon2},
                                         PlaceContext())
        got = geometry.crossing(a, b)
        seg = shapely.LineString([to_m.transform(*a.lonlat), to_m.transform(*b.lonlat)])
        if got.indeterminate:
            return  # near the band or an end: the oracle has no uncertainty to compare
        assert got.yes == seg.intersects(line), (case, got)

    check()


def test_a_distance_is_worded_as_given_whatever_was_worded_before() -> None:
    """Distance wordings are kept by value, and 0.0 == -0.0: each must still read as given."""
    from armicheck.spatial.model import PlaceContext
    from armicheck.spatial.relative import resolve_relative

    for first, second in (([-0.0, 5], [0, 5]), ([0, 5], [-0.0, 5]), ([-0.0, 0], [0, 0])):
        for dist in (first, second):
            got = resolve_relative({"side": "north", "distance_m": dist}, PlaceContext())
            lo = "-0" if str(dist[0]).startswith("-") else "0"
            assert got.side_reason.startswith(f"stated range {lo}"), (dist, got.side_reason)
    near = resolve_relative({"side": "south", "distance_m": [120, 120.0]}, PlaceContext())
    assert near.side_reason == "stated: 120 m south of the MDL"
    assert near.in_dmz.reason == "120 m from the MDL, inside the 2 km DMZ"
