"""Geometry: spatial facts from coordinates, checked on real places and on properties."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pyproj
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from armicheck.core.data import GEO_DIR
from armicheck.spatial import cma
from armicheck.spatial import lsib as geometry
from armicheck.spatial.model import PlaceContext, PositionFacts
from armicheck.spatial.relative import resolve_relative
from armicheck.spatial.resolve import resolve

GEOD = pyproj.Geod(ellps="WGS84")
TO_LONLAT = pyproj.Transformer.from_crs(geometry.PLANAR_CRS, "EPSG:4326", always_xy=True)
PLACE = PlaceContext()

BRIDGE_OF_NO_RETURN = (126.67060, 37.95613)
KAESONG = (126.5547, 37.9708)
NORTHERN_SEOUL = (127.03, 37.65)
SEOUL_CITY_HALL = (126.978, 37.5665)
CHEORWON = (127.3133, 38.1467)
PYONGYANG = (125.7625, 39.0392)
MDL_VERTEX_PAJU = (126.767098, 37.980696)  # an LSIB MDL vertex near the 2015 landmine site


def at(lon: float, lat: float, **more: float) -> PositionFacts:
    return geometry.resolve_coordinates({"lon": lon, "lat": lat, **more}, PLACE)


def jsa(x: float, y: float, **more: float) -> PositionFacts:
    return geometry.resolve_coordinates({"x": x, "y": y, "frame": "jsa", **more}, PLACE)


def moved(lonlat: tuple[float, float], azimuth: float, metres: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(lonlat[0], lonlat[1], azimuth, metres)
    return float(lon), float(lat)


def off_mdl(segment: int, north_m: float) -> tuple[float, float]:
    """The point `north_m` metres to the north (left) of the middle of MDL segment `segment`,
    perpendicular to it on EPSG:5179."""
    mdl = geometry._data().mdl
    n = mdl.seglen[segment]
    x = mdl.ax[segment] + mdl.dx[segment] / 2 - mdl.dy[segment] / n * north_m
    y = mdl.ay[segment] + mdl.dy[segment] / 2 + mdl.dx[segment] / n * north_m
    lon, lat = TO_LONLAT.transform(x, y)
    return float(lon), float(lat)


def segment_at(chainage_m: float) -> int:
    mdl = geometry._data().mdl
    return next(i for i in range(mdl.last + 1) if mdl.cum[i + 1] >= chainage_m)


# --- data ------------------------------------------------------------------------------------


def test_data_files_match_the_checksums_in_the_readme() -> None:
    readme = (GEO_DIR / "README.md").read_text(encoding="utf-8")
    listed = dict((name, digest) for digest, name in
                  re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, flags=re.M))
    assert set(listed) == {"korea-mdl.geojson", "korea-dmz-limits.geojson", "jsa-frame.json",
                           "sea-lines.geojson", "cma-zones.json", "places.yaml"}
    for name, digest in listed.items():
        assert hashlib.sha256((GEO_DIR / name).read_bytes()).hexdigest() == digest, name


def test_approximate_data_says_so() -> None:
    frame = json.loads((GEO_DIR / "jsa-frame.json").read_text(encoding="utf-8"))
    assert frame["schematic"] is True
    for lm in frame["landmarks"]:
        assert {"xy", "tolerance_m", "source"} <= set(lm)
    sea = json.loads((GEO_DIR / "sea-lines.geojson").read_text(encoding="utf-8"))
    for feature in sea["features"]:
        props = feature["properties"]
        assert props["approximate"] is True
        assert {"claimed_by", "confidence", "source"} <= set(props)
    west = next(f for f in sea["features"] if f["id"] == "west-sea-nll")
    assert len(west["geometry"]["coordinates"]) == 11
    cma = json.loads((GEO_DIR / "cma-zones.json").read_text(encoding="utf-8"))
    assert cma["marker_0646"]["approximate"] is True
    assert cma["marker_0646"]["uncertainty_m"] == 10000
    assert "APPROXIMATE" in cma["marker_0646"]["note"]
    assert all(z["approximate"] for z in cma["sea_buffer_zones"].values())
    assert cma["ground_buffer"]["distance_m"] == 5000


def test_geometry_is_prepared_once_and_the_dmz_polygon_is_sound() -> None:
    data = geometry._data()
    assert geometry._data() is data
    assert data.dmz.is_valid
    assert 880 < data.dmz.area / 1e6 < 910  # 896 km² (the usual figure is 907 km²)
    assert 237_000 < data.mdl.cum[-1] < 238_000  # 237.6 km geodesic, projected within 0.04 %


def test_shapely_and_pyproj_stay_out_of_the_rest_of_the_package() -> None:
    code = ("import sys, armicheck.cli, armicheck.run.api, armicheck.spatial.resolve, "
            "armicheck.spatial.jsa_frame; "
            "print(sorted(m for m in ('shapely', 'pyproj') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=GEO_DIR.parents[2], check=True)
    assert out.stdout.strip() == "[]"


# --- side of and distance to the MDL ------------------------------------------------------------


@pytest.mark.parametrize(("lonlat", "km"), [
    (SEOUL_CITY_HALL, -39.8), (KAESONG, 10.3), (CHEORWON, -18.4), (PYONGYANG, 140.5),
])
def test_golden_signed_distances(lonlat: tuple[float, float], km: float) -> None:
    assert geometry.mdl_signed_distance(*lonlat).signed_m / 1000 == pytest.approx(km, abs=1.0)


def test_golden_places_resolve_to_their_sides() -> None:
    assert at(*KAESONG).side == "north"
    assert at(*KAESONG).signed_m == pytest.approx((10258, 10258), abs=1000)
    assert at(*PYONGYANG).side == "north"
    assert at(*CHEORWON).side == "south"
    assert at(*CHEORWON).signed_m == pytest.approx((-18445, -18445), abs=1000)


def test_the_jsa_point_is_24_m_from_the_lsib_line() -> None:
    assert geometry.mdl_signed_distance(126.67667, 37.95583).signed_m == pytest.approx(24, abs=2)


def test_bridge_of_no_return_is_on_the_mdl_within_the_data_accuracy() -> None:
    bridge = at(*BRIDGE_OF_NO_RETURN)
    assert bridge.side == "indeterminate"
    assert "uncertainty" in bridge.side_reason
    assert bridge.signed_m == pytest.approx((-41, -41), abs=5)
    assert bridge.on_side("north").indeterminate
    assert bridge.in_dmz.yes


def test_2015_landmine_site_440_m_south_of_the_mdl_near_paju() -> None:
    site = at(*moved(MDL_VERTEX_PAJU, 180.0, 440.0))
    assert site.kind == "wgs84"
    assert site.signed_m is not None and site.signed_m[0] == pytest.approx(-440, abs=20)
    assert site.side == "south"
    assert site.in_dmz.yes
    assert site.in_jsa.no
    assert site.in_conference_area.no


def test_position_uncertainty_widens_the_band_and_the_range() -> None:
    lonlat = moved(MDL_VERTEX_PAJU, 180.0, 440.0)
    assert at(*lonlat, uncertainty_m=100).side == "south"
    vague = at(*lonlat, uncertainty_m=400)
    assert vague.side == "indeterminate"
    assert vague.signed_m is not None
    assert vague.signed_m[1] - vague.signed_m[0] == pytest.approx(800)
    assert "400 m" in vague.side_reason


def test_beyond_the_ends_of_the_mdl_the_side_is_indeterminate() -> None:
    seoul = at(*SEOUL_CITY_HALL)  # its nearest MDL point is the west end (Imjin/Han junction)
    assert seoul.side == "indeterminate"
    assert "outside the MDL's extent" in seoul.side_reason
    assert seoul.signed_m is None  # the sign is unknown, the distance is not:
    assert seoul.extra["mdl_distance_m"] == pytest.approx([39792, 39792], abs=1)
    assert seoul.in_dmz.no
    at_sea_east = at(128.6, 38.62)
    assert at_sea_east.side == "indeterminate"
    assert at_sea_east.extra["outside_mdl_extent"] == "east"


def test_positions_resolve_hands_coordinates_to_geometry() -> None:
    facts = resolve({"lat": KAESONG[1], "lon": KAESONG[0], "alt_m": 30}, PLACE)
    assert facts.kind == "wgs84" and facts.side == "north" and facts.alt_m == 30
    assert facts.lonlat == KAESONG
    assert isinstance(facts.geo, geometry.GeoPoint)
    assert "geo" not in json.dumps(facts.to_json())


def test_malformed_coordinate_positions_are_refused() -> None:
    with pytest.raises(ValueError, match="frame: jsa"):
        geometry.resolve_coordinates({"x": 1, "y": 2}, PLACE)
    with pytest.raises(ValueError, match="both lat and lon"):
        geometry.resolve_coordinates({"lat": 38.0}, PLACE)
    with pytest.raises(ValueError, match="not both"):
        geometry.resolve_coordinates({"lat": 38.0, "lon": 127.0, "x": 1, "y": 1}, PLACE)
    framed = geometry.resolve_coordinates({"x": 1, "y": 20}, PlaceContext(frame="jsa"))
    assert framed.kind == "jsa" and framed.side == "north"


# --- the JSA frame --------------------------------------------------------------------------


def test_jsa_landmarks_lie_on_their_sides_of_the_curb() -> None:
    frame = geometry.jsa()
    freedom_house = jsa(*frame.landmarks["freedom-house"])
    assert freedom_house.kind == "jsa"
    assert freedom_house.side == "south"
    assert "curb" in freedom_house.side_reason
    assert freedom_house.in_jsa.yes and freedom_house.in_dmz.yes
    assert jsa(*frame.landmarks["panmungak"]).side == "north"
    t2 = jsa(*frame.landmarks["mac-conference-building-t2"])
    assert t2.side == "indeterminate"  # the MDL bisects the conference room
    assert t2.in_conference_area.yes
    # The Bridge of No Return lies beyond the schematic oval's end, inside its tolerance.
    assert jsa(*frame.landmarks["bridge-of-no-return"]).in_jsa.indeterminate


def test_jsa_frame_positions_get_approximate_geographic_coordinates() -> None:
    fh = jsa(0, -40)
    assert fh.lonlat is not None
    _, _, metres = GEOD.inv(fh.lonlat[0], fh.lonlat[1], 126.67722, 37.95526)
    assert metres < 100  # the visitor GPS point on Freedom House; the anchor is ±50 m
    zones = cma.cma_zones(fh, "soldier")
    assert zones["in_ground_buffer"].yes and zones["sector"] == "west"


def test_jsa_curb_tolerance_is_half_a_metre_plus_the_position_uncertainty() -> None:
    assert jsa(0, 0.3).side == "indeterminate"
    assert jsa(0, 0.7).side == "north"
    assert jsa(0, -3, uncertainty_m=5).side == "indeterminate"
    assert jsa(0, -3, uncertainty_m=5).signed_m == (-8, 2)


def test_crossings_in_the_jsa_frame_follow_the_sign_of_y() -> None:
    assert geometry.crossing(jsa(0, 5), jsa(3, -50)).yes  # the 2017 defector's run
    assert geometry.crossing(jsa(-20, 4), jsa(30, 9)).no
    on_curb = geometry.crossing(jsa(0, 0.3), jsa(0, -50))
    assert on_curb.indeterminate and "curb" in on_curb.reason
    pursuer = geometry.track_crossing([jsa(0, 3), jsa(1, -2), jsa(0, 4)])
    assert pursuer.yes and "returns" in pursuer.reason


def test_fire_in_the_jsa_frame_by_bearing_and_range() -> None:
    shooter = jsa(0, 10)
    impact = geometry.point_at_bearing(shooter, 180.0, 30.0)
    assert impact.jsa_xy == pytest.approx((0, -20))
    assert impact.side == "south"
    assert geometry.crossing(shooter, impact).yes


# --- crossings on the LSIB line -------------------------------------------------------------


def test_kaesong_to_northern_seoul_crosses_the_mdl() -> None:
    kaesong, seoul = at(*KAESONG), at(*NORTHERN_SEOUL)
    result = geometry.crossing(kaesong, seoul)
    assert result.yes
    assert "north to south" in result.reason
    assert geometry.crossing(seoul, kaesong).yes


def test_a_track_3_km_north_of_the_line_never_crosses_it() -> None:
    # Points 3 km north of the middles of MDL segments; where the line wiggles such a point
    # can come closer to another part of it, so keep those still over 2.5 km away.
    first, last = segment_at(40_000), segment_at(120_000)
    track = [p for p in (at(*off_mdl(i, 3000)) for i in range(first, last, 3))
             if p.signed_m is not None and p.signed_m[0] > 2500]
    assert len(track) > 15
    assert all(p.side == "north" for p in track)
    data = geometry._data()
    path = shapely.LineString([data.to_m.transform(*p.lonlat) for p in track if p.lonlat])
    assert shapely.distance(path, data.mdl_line) > 1000  # independent check with GEOS
    result = geometry.track_crossing(track)
    assert result.no
    assert "stays north" in result.reason


def test_a_track_that_goes_south_and_back_crosses() -> None:
    i = segment_at(60_000)
    track = [at(*off_mdl(i, 1500)), at(*off_mdl(i + 1, -1500)), at(*off_mdl(i + 2, 1500))]
    result = geometry.track_crossing(track)
    assert result.yes and "returns" in result.reason


def test_a_straight_segment_that_crosses_and_comes_back_is_a_crossing() -> None:
    # Both ends about 1 km north of the MDL where it bends south-west of the JSA; the
    # straight line between them cuts through the south side, well outside the band.
    a, b = at(126.68309, 37.91170), at(126.67481, 37.96605)
    assert a.side == b.side == "north"
    result = geometry.crossing(a, b)
    assert result.yes
    assert result.reason.startswith("crosses the MDL and returns")


def test_fire_straddling_the_mdl_inside_the_uncertainty_is_indeterminate() -> None:
    origin = at(*moved(MDL_VERTEX_PAJU, 0.0, 60.0))
    impact = at(*moved(MDL_VERTEX_PAJU, 180.0, 80.0))
    result = geometry.crossing(origin, impact)
    assert result.indeterminate
    assert "uncertainty" in result.reason
    # The same fire given as a bearing and a range from the origin.
    by_bearing = geometry.point_at_bearing(origin, 180.0, 140.0)
    assert by_bearing.side == "indeterminate"
    assert geometry.crossing(origin, by_bearing).indeterminate


def test_fire_by_bearing_and_range_interval_across_the_mdl() -> None:
    origin = at(*moved(MDL_VERTEX_PAJU, 0.0, 2000.0))
    impact = geometry.point_at_bearing(origin, 180.0, (3000.0, 5000.0))
    assert impact.side == "south"
    assert impact.extra["range_m"] == [3000.0, 5000.0]
    assert impact.signed_m is not None
    assert impact.signed_m[0] < -2500 and impact.signed_m[1] > -1500  # spans 1 to 3 km south
    assert geometry.crossing(origin, impact).yes
    short = geometry.point_at_bearing(origin, 180.0, (1000.0, 3000.0))
    assert short.side == "indeterminate"  # the rounds fell somewhere from 1 km N to 1 km S


def test_fire_from_a_relative_origin_is_bounded_by_the_range() -> None:
    origin = resolve_relative({"side": "north", "distance_m": 5000}, PLACE)
    near = geometry.point_at_bearing(origin, 180.0, (500.0, 1000.0))
    assert near.side == "north" and near.signed_m == (4000.0, 6000.0)
    far = geometry.point_at_bearing(origin, 180.0, 8000.0)
    assert far.side == "indeterminate" and far.signed_m == (-3000.0, 13000.0)


def test_mixed_frames_use_the_lsib_line() -> None:
    result = geometry.crossing(jsa(0, -40), at(*KAESONG))
    assert result.indeterminate  # Freedom House is within the LSIB band
    assert geometry.crossing(at(*CHEORWON), at(*KAESONG)).yes


# --- CMA zones --------------------------------------------------------------------------------


def test_ground_buffer_is_5_km_from_the_mdl() -> None:
    i = segment_at(50_000)
    three_km, eight_km = at(*off_mdl(i, -3000)), at(*off_mdl(i, -8000))
    assert three_km.signed_m is not None and three_km.signed_m[0] == pytest.approx(-3000, abs=50)
    assert cma.cma_zones(three_km, "unit")["in_ground_buffer"].yes
    assert cma.cma_zones(eight_km, "unit")["in_ground_buffer"].no
    assert cma.cma_zones(at(*off_mdl(i, -5050)), "unit")["in_ground_buffer"].indeterminate


def test_no_fly_bands_depend_on_the_aircraft_kind_and_sector() -> None:
    point = at(*off_mdl(segment_at(50_000), 12_000))
    assert point.signed_m is not None and 11_000 < point.signed_m[0] < 12_100
    uav = cma.cma_zones(point, "uav")
    assert uav["sector"] == "west"
    assert uav["in_no_fly_zone"].no and "10 km" in uav["in_no_fly_zone"].reason
    plane = cma.cma_zones(point, "aircraft")
    assert plane["in_no_fly_zone"].yes and "20 km" in plane["in_no_fly_zone"].reason
    assert cma.cma_zones(point, "helicopter")["in_no_fly_zone"].no
    assert cma.cma_zones(point, "balloon")["in_no_fly_zone"].yes
    assert cma.cma_zones(point, "vessel")["in_no_fly_zone"].no
    assert cma.cma_zones(point, "unknown")["in_no_fly_zone"].indeterminate
    east = at(*off_mdl(segment_at(180_000), 30_000))
    assert cma.cma_zones(east, "aircraft")["sector"] == "east"
    assert cma.cma_zones(east, "aircraft")["in_no_fly_zone"].yes  # 40 km in the east


def test_the_sector_is_indeterminate_near_marker_0646() -> None:
    near_marker = cma.cma_zones(at(127.469, 38.30), "uav")
    assert near_marker["sector"] == "indeterminate"
    assert "0646" in near_marker["sector_reason"]
    assert cma.cma_zones(at(*CHEORWON), "uav")["sector"] == "west"


def test_cma_zones_for_relative_positions() -> None:
    def zones(side: str, metres: float, kind: str, **kw: tuple[float, float]) -> dict:
        return dict(cma.cma_zones(
            resolve_relative({"side": side, "distance_m": metres}, PLACE), kind, **kw))

    assert zones("south", 3000, "unit")["in_ground_buffer"].yes
    assert zones("south", 8000, "unit")["in_ground_buffer"].no
    assert zones("north", 12_000, "aircraft")["in_no_fly_zone"].yes  # 20 or 40 km band
    uav = zones("north", 12_000, "uav")["in_no_fly_zone"]  # 10 km west, 15 km east
    assert uav.indeterminate and "sector east/west unknown: no coordinates" in uav.reason
    assert zones("north", 12_000, "uav", lonlat=KAESONG)["in_no_fly_zone"].no
    assert zones("north", 3000, "uav")["in_sea_buffer_west"].indeterminate


def test_sea_buffer_zones_and_the_nll_are_reported_as_approximate_facts() -> None:
    yeonpyeong = at(125.70, 37.665)
    zones = cma.cma_zones(yeonpyeong, "vessel")
    assert zones["in_sea_buffer_west"].yes and "approximate" in zones["in_sea_buffer_west"].reason
    assert zones["in_sea_buffer_east"].no
    assert zones["nll_side"].no and "not in the Armistice" in zones["nll_side"].reason
    north_of_nll = at(125.695, 37.75)
    assert cma.side_of_nll(north_of_nll).yes
    assert cma.nll_crossing(yeonpyeong, north_of_nll).yes
    assert cma.side_of_nll(at(125.695, 37.695)).indeterminate  # within its tolerance
    assert cma.side_of_nll(at(*KAESONG)).no  # between the NLLs' ends: the land MDL
    assert cma.cma_zones(at(*CHEORWON), "unit")["in_sea_buffer_west"].no
    sokcho_offshore = at(128.9, 38.5)
    assert cma.cma_zones(sokcho_offshore, "vessel")["in_sea_buffer_east"].yes
    assert cma.side_of_nll(sokcho_offshore).no


def test_the_module_says_the_nll_is_no_armistice_line() -> None:
    assert "The Armistice draws no sea line, so no rule may treat an NLL crossing alone as an " \
           "Armistice" in " ".join((geometry.__doc__ or "").split())


# --- properties -------------------------------------------------------------------------------

mdl_lonlat = json.loads((GEO_DIR / "korea-mdl.geojson").read_text())["features"][0][
    "geometry"]["coordinates"]
near_line = st.builds(
    lambda v, az, d: moved((v[0], v[1]), az, d),
    st.sampled_from(mdl_lonlat), st.floats(0, 360), st.floats(0, 1500))
anywhere = st.tuples(st.floats(126.3, 128.6), st.floats(37.5, 38.9))
points = st.one_of(near_line, anywhere)
uncertainty = st.sampled_from([0.0, 0.0, 25.0, 200.0])


@settings(max_examples=300, deadline=None)
@given(points, uncertainty)
def test_side_agrees_with_the_sign_of_the_signed_distance(lonlat: tuple[float, float],
                                                          unc: float) -> None:
    p = at(*lonlat, uncertainty_m=unc)
    if p.side == "north":
        assert p.signed_m is not None and p.signed_m[0] > 0
    elif p.side == "south":
        assert p.signed_m is not None and p.signed_m[1] < 0
    if p.signed_m is not None:
        assert p.signed_m[1] - p.signed_m[0] == pytest.approx(2 * unc)


@settings(max_examples=300, deadline=None)
@given(points, points, uncertainty, uncertainty)
def test_crossing_is_symmetric(a: tuple[float, float], b: tuple[float, float], ua: float,
                               ub: float) -> None:
    pa, pb = at(*a, uncertainty_m=ua), at(*b, uncertainty_m=ub)
    forward, backward = geometry.crossing(pa, pb), geometry.crossing(pb, pa)
    assert forward.value == backward.value, (forward.reason, backward.reason)
    if pa.side != "indeterminate" and pb.side != "indeterminate" and pa.side != pb.side:
        assert not forward.no  # clearly on opposite sides: never a silent no


OUTSIDE_KOREA = """armicheck: 1
id: typo
title: A coordinate typo
date: "2020-05-03"
utc_offset: "+09:00"
place: {name: Cheorwon, lat: 38.2, lon: 127.2}
actors:
  kpa: {side: kpa, force: KPA, kind: unit}
events:
  - {id: e1, time: "07:41", actor: kpa, action: fire, from: {lat: 38.29, lon: 127.21},
     impact: {lat: 38.27, lon: 27.22}}
"""


def test_coordinates_outside_korea_are_refused(cli, write) -> None:  # noqa: ANN001
    """A dropped digit puts the impact in the Aegean; the MDL's geometry would still say which
    side of it that is. The file is refused instead, at the position."""
    result = cli("validate", write(OUTSIDE_KOREA))
    assert result.code == 2
    assert ":11:14: lat 38.27, lon 27.22 is outside the Korean peninsula and its seas" \
        in result.stderr
    fixed = OUTSIDE_KOREA.replace("lon: 27.22", "lon: 127.22")
    assert cli("validate", write(fixed, "fixed.yaml")).code == 0
