"""Spatial facts from coordinates: side of and distance to the MDL, crossings, zones.

Everything planar happens in EPSG:5179 (KGD2002 / Unified CS, at most 0.04 % scale error over
the peninsula) on the shipped LSIB lines (`armicheck/data/geo/`, public domain, about 100 m
accuracy). Answers are three-valued: within ~150 m of the LSIB MDL (plus a position's own
uncertainty) the side is indeterminate. Inside the JSA, positions in the schematic local frame
(`spatial.jsa_frame`) are decided by the sign of y instead.

The Armistice draws no sea line, so no rule may treat an NLL crossing alone as an Armistice
violation: `side_of_nll` and `nll_crossing` report facts only.

With `spatial.cma`, the only modules of the package that import shapely and pyproj; both are
imported lazily when a position has coordinates. Data are prepared once per process
(`_data()`); per-call work is one pyproj transform, one vectorised nearest-segment search and
a few comparisons. CMA zone and NLL facts live in `spatial.cma`, which builds on this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, Polygon, shape

from armicheck.core.data import GEO_DIR
from armicheck.core.korea import AREA, DMZ_LIMITS_FILE, MDL_FILE, PLANAR_CRS
from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial import jsa_frame
from armicheck.spatial.model import DMZ_LIMIT_TOLERANCE_M, PlaceContext, PositionFacts
from armicheck.spatial.relative import resolve_relative

DATA_DIR = GEO_DIR
# LSIB: "most lines within 100 m"; against OSM the median gap is 71 m, the mean 136 m.
MDL_BAND_M = 150.0
# LSIB ends of the MDL (shared/geo/README.md) and how far beyond them a foot point near an
# end still counts as "beyond the end" rather than a true side of the line.
MDL_WEST_END_LON = 126.6903
MDL_EAST_END_LON = 128.3604
BEYOND_END_M = 3000.0

END_NOTES = {
    "west": "its west end near the Imjin/Han junction; beyond lie the Han River Estuary "
            "(Armistice ¶5) and the sea, where no MDL is drawn",
    "east": "its east end on the East Sea coast; beyond lies the sea, where no MDL is drawn",
}


class MdlDistance(NamedTuple):
    signed_m: float  # north positive; the sign is only meaningful when outside_extent is None
    distance_m: float
    chainage_m: float  # along the MDL from its west end to the foot point
    # "west" / "east" when the foot point is an end of the line; "area" outside AREA
    outside_extent: str | None


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A coordinate position on EPSG:5179 with its MDL numbers (kept in PositionFacts.geo)."""

    x: float
    y: float
    mdl: MdlDistance
    unc: float  # the position's own uncertainty_m
    approx: float = 0.0  # error of the coordinates themselves (the JSA frame's anchor)

    @property
    def spread(self) -> float:
        return self.unc + self.approx


class Polyline:
    """Nearest point of a fixed polyline (on EPSG:5179, north on its left).

    The search is vectorised over the segments as complex numbers: about eight numpy calls
    on a few hundred values, cheaper than building a shapely Point and asking GEOS twice.
    Short lines (sea lines, zone rings) are searched in plain Python, which is faster there.
    """

    def __init__(self, xy: np.ndarray) -> None:
        xy = np.asarray(xy, dtype=float)
        d = np.diff(xy, axis=0)
        seglen = np.hypot(d[:, 0], d[:, 1])
        self._a = xy[:-1, 0] + 1j * xy[:-1, 1]
        self._d = d[:, 0] + 1j * d[:, 1]
        self._proj = np.conj(self._d) / seglen**2  # (p - a) * _proj has t as its real part
        self.ax, self.ay = xy[:-1, 0].tolist(), xy[:-1, 1].tolist()
        self.dx, self.dy = d[:, 0].tolist(), d[:, 1].tolist()
        self.seglen = seglen.tolist()
        self.cum = [0.0, *np.cumsum(seglen).tolist()]
        self.last = len(self.seglen) - 1
        lo, hi = np.minimum(xy[:-1], xy[1:]), np.maximum(xy[:-1], xy[1:])
        self._box = (lo[:, 0].copy(), lo[:, 1].copy(), hi[:, 0].copy(), hi[:, 1].copy())
        self._ends = (xy[:-1, 0].copy(), xy[:-1, 1].copy(), xy[1:, 0].copy(), xy[1:, 1].copy())

    def segments_near(self, x0: float, y0: float, x1: float, y1: float, reach: float) -> list[int]:
        """Indices of segments that may come within `reach` of the segment (x0,y0)-(x1,y1):
        their boxes are close, and they cross or come close to its supporting line."""
        minx, miny, maxx, maxy = self._box
        hit = (maxx >= min(x0, x1) - reach) & (minx <= max(x0, x1) + reach)
        hit &= (maxy >= min(y0, y1) - reach) & (miny <= max(y0, y1) + reach)
        vx, vy = x1 - x0, y1 - y0
        n = math.hypot(vx, vy)
        if n > 0.0:  # signed offsets of each segment's two ends from the path's line
            ax, ay, bx, by = self._ends
            w0 = (vx * (ay - y0) - vy * (ax - x0)) / n
            w1 = (vx * (by - y0) - vy * (bx - x0)) / n
            hit &= (w0 * w1 <= 0.0) | (np.minimum(np.abs(w0), np.abs(w1)) <= reach)
        return np.flatnonzero(hit).tolist()

    def _nearest_segment(self, x: float, y: float) -> int:
        if self.last < 16:
            best, best_i = math.inf, 0
            for i, (ax, ay, dx, dy, n) in enumerate(
                    zip(self.ax, self.ay, self.dx, self.dy, self.seglen, strict=True)):
                rx, ry = x - ax, y - ay
                t = (rx * dx + ry * dy) / (n * n)
                t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
                d2 = (rx - t * dx) ** 2 + (ry - t * dy) ** 2
                if d2 < best:
                    best, best_i = d2, i
            return best_i
        r = complex(x, y) - self._a
        t = (r * self._proj).real
        np.maximum(t, 0.0, out=t)
        np.minimum(t, 1.0, out=t)
        return int(np.abs(r - t * self._d).argmin())

    def locate(self, x: float, y: float) -> MdlDistance:
        i = self._nearest_segment(x, y)
        dx, dy, n = self.dx[i], self.dy[i], self.seglen[i]
        rx, ry = x - self.ax[i], y - self.ay[i]
        ti = (rx * dx + ry * dy) / (n * n)
        tc = min(max(ti, 0.0), 1.0)
        dist = math.hypot(rx - tc * dx, ry - tc * dy)
        end = "west" if ti <= 0.0 and i == 0 else "east" if ti >= 1.0 and i == self.last else None
        if 0.0 < ti < 1.0 or end is not None:
            cross = dx * ry - dy * rx
        else:
            # Foot on an interior vertex: the side is given by the bisector of the two
            # adjacent directions (points nearest a vertex lie in its outer wedge).
            j, v = (i - 1, i) if ti <= 0.0 else (i + 1, i + 1)
            ux = dx / n + self.dx[j] / self.seglen[j]
            uy = dy / n + self.dy[j] / self.seglen[j]
            cross = ux * (y - self.ay[v]) - uy * (x - self.ax[v])
        chain = self.cum[i] + tc * n
        return MdlDistance(math.copysign(dist, cross) if cross else 0.0, dist, chain, end)

    def distance(self, x: float, y: float) -> float:
        return self.locate(x, y).distance_m


@dataclass
class _Prepared:
    to_m: pyproj.Transformer
    to_frame: pyproj.Transformer  # WGS 84 -> JSA local tmerc
    from_frame: pyproj.Transformer
    geod: pyproj.Geod
    mdl: Polyline
    mdl_line: LineString
    dmz: Polygon
    dmz_sure: tuple[Polygon, Polygon]  # shrunk and grown by the limit lines' tolerance
    dmz_ring: Polyline
    dmz_reach_m: float  # farthest point of the DMZ polygon from the MDL
    frame: jsa_frame.JsaFrame
    jsa_xy: tuple[float, float]  # the frame's anchor on EPSG:5179


_PREPARED: _Prepared | None = None


def _data() -> _Prepared:
    global _PREPARED
    if _PREPARED is None:
        _PREPARED = _prepare()
    return _PREPARED


def read_data(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def _prepare() -> _Prepared:
    to_m = pyproj.Transformer.from_crs("EPSG:4326", PLANAR_CRS, always_xy=True)

    def project(geom: Any) -> Any:
        return shapely.transform(geom, lambda c: np.column_stack(to_m.transform(c[:, 0], c[:, 1])))

    def sure(poly: Polygon) -> Polygon:
        shapely.prepare(poly)
        return poly

    def lines(name: str) -> dict[str, tuple[Any, dict[str, Any]]]:
        return {f["id"]: (project(shape(f["geometry"])), f["properties"])
                for f in read_data(name)["features"]}

    mdl_line = lines(MDL_FILE)["mdl"][0]
    limits = lines(DMZ_LIMITS_FILE)
    south, north = limits["dmz-south-limit"][0], limits["dmz-north-limit"][0]
    ring = np.vstack([shapely.get_coordinates(south), shapely.get_coordinates(north)[::-1]])
    dmz = Polygon(ring)
    shapely.prepare(mdl_line)
    shapely.prepare(dmz)
    ring_xy = shapely.get_coordinates(dmz.exterior)
    reach = float(shapely.distance(mdl_line, shapely.points(ring_xy)).max())
    tol = DMZ_LIMIT_TOLERANCE_M

    frame = jsa_frame.load()
    frame_proj = pyproj.CRS.from_proj4(frame.projection)
    return _Prepared(
        to_m=to_m,
        to_frame=pyproj.Transformer.from_crs("EPSG:4326", frame_proj, always_xy=True),
        from_frame=pyproj.Transformer.from_crs(frame_proj, "EPSG:4326", always_xy=True),
        geod=pyproj.Geod(ellps="WGS84"),
        mdl=Polyline(shapely.get_coordinates(mdl_line)),
        mdl_line=mdl_line,
        dmz=dmz,
        dmz_sure=(sure(dmz.buffer(-tol)), sure(dmz.buffer(tol))),
        dmz_ring=Polyline(ring_xy),
        dmz_reach_m=reach,
        frame=frame,
        jsa_xy=to_m.transform(frame.origin_lon, frame.origin_lat),
    )


@lru_cache(maxsize=8192)
def _locate_ll(lon: float, lat: float) -> tuple[float, float, MdlDistance]:
    p = _data()
    x, y = p.to_m.transform(lon, lat)
    m = p.mdl.locate(x, y)
    if not (AREA[0] <= lon <= AREA[2] and AREA[1] <= lat <= AREA[3]):
        m = m._replace(outside_extent="area")
    elif m.outside_extent is None and m.distance_m > BEYOND_END_M:
        # Far out beyond an end (the West Sea islands, the East Sea) the foot can fall just
        # inside the first or last segment: the side there is no more meaningful than at the end.
        if m.chainage_m < BEYOND_END_M and lon < MDL_WEST_END_LON:
            m = m._replace(outside_extent="west")
        elif m.chainage_m > p.mdl.cum[-1] - BEYOND_END_M and lon > MDL_EAST_END_LON:
            m = m._replace(outside_extent="east")
    return x, y, m


def planar_polyline(lonlat: Sequence[Sequence[float]]) -> Polyline:
    """A polyline given in WGS 84 lon/lat, on EPSG:5179 (for the sea lines and zones)."""
    xy = np.asarray(lonlat, dtype=float)
    return Polyline(np.column_stack(_data().to_m.transform(xy[:, 0], xy[:, 1])))


def jsa() -> jsa_frame.JsaFrame:
    return _data().frame


def mdl_signed_distance(lon: float, lat: float) -> MdlDistance:
    """Signed distance (north positive) from a WGS 84 point to the LSIB MDL, in metres."""
    return _locate_ll(float(lon), float(lat))[2]


def _geo_point(lon: float, lat: float, unc: float, approx: float = 0.0) -> GeoPoint:
    x, y, mdl = _locate_ll(lon, lat)
    return GeoPoint(x, y, mdl, unc, approx)


# --- resolving a position ----------------------------------------------------------------------


def resolve_coordinates(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    """Facts for a position given as lat/lon (WGS 84) or x/y (JSA frame)."""
    has_xy, has_ll = "x" in pos or "y" in pos, "lat" in pos or "lon" in pos
    frame = pos.get("frame") or ("jsa" if has_xy else "wgs84")
    if has_xy and has_ll:
        raise ValueError("a position gives either lat/lon or x/y, not both")
    if has_xy and (pos.get("frame") or place.frame) != "jsa":
        raise ValueError("x/y positions need frame: jsa (on the position or the incident place)")
    if has_ll and frame != "wgs84":
        raise ValueError("lat/lon positions are WGS 84; frame: jsa takes x/y")
    unc = float(pos.get("uncertainty_m") or 0.0)
    alt = pos.get("alt_m")
    alt_m = float(alt) if alt is not None else None
    if has_xy:
        if "x" not in pos or "y" not in pos:
            raise ValueError("a JSA-frame position needs both x and y")
        return _resolve_jsa(float(pos["x"]), float(pos["y"]), unc, alt_m)
    if "lat" not in pos or "lon" not in pos:
        raise ValueError("a WGS 84 position needs both lat and lon")
    return _resolve_wgs84(float(pos["lon"]), float(pos["lat"]), unc, alt_m)


def point_facts(lon: float, lat: float, unc: float, alt_m: float | None = None,
                extra: dict[str, Any] | None = None) -> PositionFacts:
    """Facts for a WGS 84 point worked out elsewhere (a place and its offset, format 1.1)."""
    return _resolve_wgs84(lon, lat, unc, alt_m, extra)


def geodesic_forward(lon: float, lat: float, bearing_deg: float,
                     dist_m: float) -> tuple[float, float, float]:
    """The point `dist_m` from (lon, lat) toward the true bearing, on the WGS 84 ellipsoid."""
    return _data().geod.fwd(lon, lat, bearing_deg, dist_m)


def _resolve_wgs84(lon: float, lat: float, unc: float, alt_m: float | None,
                   extra: dict[str, Any] | None = None) -> PositionFacts:
    side, reason, signed, in_dmz, in_jsa, in_conf, more, g = _wgs84_facts(lon, lat, unc)
    return PositionFacts(
        side=side, side_reason=reason, signed_m=signed, in_dmz=in_dmz, in_jsa=in_jsa,
        in_conference_area=in_conf, lonlat=(lon, lat), alt_m=alt_m, kind="wgs84",
        extra={**more, **(extra or {})}, geo=g,
    )


# Facts are immutable (Tri, GeoPoint), so the same coordinates, which recur across a
# collection (the JSA, guard posts), are worked out once.
@lru_cache(maxsize=4096)
def _wgs84_facts(lon: float, lat: float, unc: float) -> tuple[
        str, str, tuple[float, float] | None, Tri, Tri, Tri, dict[str, Any], GeoPoint]:
    p = _data()
    g = _geo_point(lon, lat, unc)
    side, reason, signed, more = _mdl_side(g)
    near = math.hypot(g.x - p.jsa_xy[0], g.y - p.jsa_xy[1])
    reach = p.frame.oval_semi_x * (1 + p.frame.oval_size_tolerance) + p.frame.anchor_accuracy_m
    if near > reach + unc:
        in_jsa = no(f"{fmt_m(near)} from the JSA")
        in_conf = no("not in the JSA")
    else:  # close enough to matter: place it in the frame, widened by the anchor's accuracy
        fx, fy = p.frame.from_local(*p.to_frame.transform(lon, lat))
        in_jsa = p.frame.in_oval(fx, fy, p.frame.anchor_accuracy_m + unc)
        in_conf = p.frame.in_conference(fx, fy, p.frame.anchor_accuracy_m + unc)
    return side, reason, signed, _in_dmz(g), in_jsa, in_conf, more, g


def _resolve_jsa(x: float, y: float, unc: float, alt_m: float | None,
                 extra: dict[str, Any] | None = None) -> PositionFacts:
    side, reason, in_dmz, in_jsa, in_conf, lonlat = _jsa_facts(x, y, unc)
    return PositionFacts(
        side=side, side_reason=reason, signed_m=(y - unc, y + unc), in_dmz=in_dmz,
        in_jsa=in_jsa, in_conference_area=in_conf, lonlat=lonlat, jsa_xy=(x, y), alt_m=alt_m,
        kind="jsa", extra=dict(extra or {}),
    )  # geo is filled in by geo_of() when a zone test or a mixed crossing needs it


@lru_cache(maxsize=4096)
def _jsa_facts(x: float, y: float, unc: float) -> tuple[
        str, str, Tri, Tri, Tri, tuple[float, float]]:
    p = _data()
    f = p.frame
    side, reason = f.side(y, unc)
    lon, lat = p.from_frame.transform(*f.to_local(x, y))  # approximate: the anchor is ±50 m
    in_jsa = f.in_oval(x, y, unc)
    in_dmz = yes("inside the JSA, which lies within the DMZ") if in_jsa.yes else \
        _in_dmz(_geo_point(lon, lat, unc, f.anchor_accuracy_m))
    return side, reason, in_dmz, in_jsa, f.in_conference(x, y, unc), (lon, lat)


def _mdl_side(g: GeoPoint) -> tuple[str, str, tuple[float, float] | None, dict[str, Any]]:
    """Side of the LSIB MDL: (side, reason, signed range or None, extra facts)."""
    m, u = g.mdl, g.spread
    if m.outside_extent == "area":
        return "indeterminate", "outside the Korean peninsula and its seas, which armicheck's " \
            f"geometry covers ({AREA[0]:g}-{AREA[2]:g} E, {AREA[1]:g}-{AREA[3]:g} N)", None, {}
    if m.outside_extent:
        # The distance is known but the side is not: no MDL is drawn beyond its ends.
        return "indeterminate", f"outside the MDL's extent: {fmt_m(m.distance_m)} from " \
            f"{END_NOTES[m.outside_extent]}", None, {
                "mdl_distance_m": [round(max(m.distance_m - u, 0.0), 1),
                                   round(m.distance_m + u, 1)],
                "outside_mdl_extent": m.outside_extent}
    side = "north" if m.signed_m > 0 else "south"
    where = "on the LSIB MDL"
    if m.signed_m:
        where = f"{fmt_m(m.distance_m)}{f' ± {fmt_m(u)}' if u else ''} {side} of the LSIB MDL"
    signed = (m.signed_m - u, m.signed_m + u)
    if m.distance_m > MDL_BAND_M + u:
        return side, where, signed, {}
    return "indeterminate", f"{where}, inside its ~{MDL_BAND_M:.0f} m uncertainty" + (
        f" plus the position's {fmt_m(u)}" if u else ""), signed, {}


def _in_dmz(g: GeoPoint) -> Tri:
    p = _data()
    u = g.spread
    if g.mdl.distance_m - u > p.dmz_reach_m + DMZ_LIMIT_TOLERANCE_M:
        return no(f"{fmt_m(g.mdl.distance_m)} from the MDL, beyond the 2 km DMZ")
    if not u:  # the common case: two prepared point-in-polygon tests, no distance needed
        if shapely.contains_xy(p.dmz_sure[0], g.x, g.y):
            return yes(f"inside the DMZ, over {DMZ_LIMIT_TOLERANCE_M:.0f} m inside its "
                       "LSIB limit lines")
        if not shapely.contains_xy(p.dmz_sure[1], g.x, g.y):
            return no(f"outside the DMZ, over {DMZ_LIMIT_TOLERANCE_M:.0f} m beyond its "
                      "LSIB limit lines")
    edge = p.dmz_ring.distance(g.x, g.y)
    if edge <= DMZ_LIMIT_TOLERANCE_M + u:
        return indeterminate(f"{fmt_m(edge)} from the DMZ limit line, inside its "
                             f"~{DMZ_LIMIT_TOLERANCE_M:.0f} m accuracy"
                             + (f" plus the position's {fmt_m(u)}" if u else ""))
    if shapely.contains_xy(p.dmz, g.x, g.y):
        return yes(f"inside the DMZ, {fmt_m(edge)} from its limit line")
    return no(f"outside the DMZ, {fmt_m(edge)} from its limit line")


def geo_of(p: PositionFacts) -> GeoPoint | None:
    """The position on EPSG:5179 with its LSIB numbers, or None without coordinates."""
    if isinstance(p.geo, GeoPoint):
        return p.geo
    if p.kind not in ("jsa", "wgs84") or p.lonlat is None:
        return None
    unc = (p.signed_m[1] - p.signed_m[0]) / 2 if p.signed_m else 0.0
    anchor = _data().frame.anchor_accuracy_m if p.kind == "jsa" else 0.0
    p.geo = _geo_point(p.lonlat[0], p.lonlat[1], unc, anchor)
    return p.geo


# --- crossings ---------------------------------------------------------------------------------


def crossing(a: PositionFacts, b: PositionFacts) -> Tri:
    """Does the straight path from a to b cross the MDL?"""
    return track_crossing([a, b])


def track_crossing(points: Sequence[PositionFacts]) -> Tri:
    """Does the path through `points` (straight between consecutive ones) cross the MDL?"""
    if len(points) < 2:
        return no("fewer than two positions: no path")
    if all(p.kind == "jsa" and p.jsa_xy is not None for p in points):
        return _by_sides(points, "the curb (JSA frame, schematic)")
    geos = [geo_of(p) for p in points]
    if any(g is None for g in geos):
        return _by_sides(points, "the MDL (some positions have no coordinates)")
    if any(g.mdl.outside_extent == "area" for g in geos if g is not None):
        return indeterminate("a position lies outside the Korean peninsula and its seas")
    return _lsib_crossing([g for g in geos if g is not None])


def _by_sides(points: Sequence[PositionFacts], line: str) -> Tri:
    """Crossing from the decided sides of the positions alone (JSA frame: y is the line)."""
    sides = [p.side for p in points]
    decided = [s for s in sides if s != "indeterminate"]
    if "north" in decided and "south" in decided:
        if decided[0] == decided[-1]:
            return yes(f"crosses {line} and returns")
        return yes(f"from {decided[0]} to {decided[-1]} of {line}")
    if len(decided) == len(sides):
        return no(f"all positions {decided[0]} of {line}")
    why = next(p.side_reason for p in points if p.side == "indeterminate")
    return indeterminate(f"side of a position cannot be decided ({why})")


def _classify(m: MdlDistance) -> str:
    """N / S by the sign of the distance, ? beyond the MDL's extent (no side there)."""
    if m.outside_extent or not m.signed_m:
        return "?"
    return "N" if m.signed_m > 0 else "S"


def _piece(samples: Sequence[str]) -> str:
    """One stretch of path outside the band: its side, "?" beyond the MDL's extent, "~" both
    (it went around an end of the line)."""
    sides = {s for s in samples if s != "?"}
    return "~" if len(sides) > 1 else sides.pop() if sides else "?"


def _lsib_crossing(geos: Sequence[GeoPoint]) -> Tri:
    p = _data()
    mdl, total = p.mdl, p.mdl.cum[-1]

    def stretch(x0: float, y0: float, x1: float, y1: float, band: float) -> str:
        """Side of a stretch of path lying outside the band. One sample decides unless the
        stretch is near an end of the line, where it might go around it: then three."""
        m = mdl.locate((x0 + x1) / 2, (y0 + y1) / 2)
        reach = math.hypot(x1 - x0, y1 - y0) + band
        if m.outside_extent is None and reach < m.chainage_m < total - reach:
            return _classify(m)
        return _piece([_classify(m), _classify(mdl.locate(x0, y0)),
                       _classify(mdl.locate(x1, y1))])

    events: list[str] = []  # along the path: N / S / ? / ~ stretches, X = meets the LSIB line
    touched, closest, widest = False, math.inf, MDL_BAND_M
    for g1, g2 in zip(geos, geos[1:], strict=False):
        band = MDL_BAND_M + max(g1.spread, g2.spread)
        widest = max(widest, band)
        vx, vy = g2.x - g1.x, g2.y - g1.y
        length = math.hypot(vx, vy)
        # Lower bound on how close the segment gets to the line: if it stays outside the
        # band, the ends alone tell its side.
        lower = (g1.mdl.distance_m + g2.mdl.distance_m - length) / 2.0
        ends = _piece([_classify(g1.mdl), _classify(g2.mdl)])
        s1, s2 = _classify(g1.mdl), _classify(g2.mdl)
        if s1 != s2 and "?" not in (s1, s2) and min(g1.mdl.distance_m, g2.mdl.distance_m) > band \
                and min(g1.mdl.chainage_m, g2.mdl.chainage_m) > length + band \
                and max(g1.mdl.chainage_m, g2.mdl.chainage_m) < total - length - band:
            # Clearly north to clearly south, too far from the line's ends to go around one:
            # the side can only change by meeting the line (the common case, decided cheaply).
            events.extend((s1, "X", s2))
            touched, closest = True, 0.0
            continue
        if lower > band or length == 0.0:
            events.append(ends)
            closest = min(closest, max(lower, 0.0))
            continue
        # Otherwise work on the few MDL segments within reach, exactly and in plain Python:
        # where the path is inside the band (a capsule around each MDL segment) and where it
        # meets the line, as parameters t in [0, 1] along the path.
        inside: list[tuple[float, float]] = []
        marks: list[tuple[float, str]] = []
        gap = band  # no MDL segment within reach: the path stays at least this far away
        for i in mdl.segments_near(g1.x, g1.y, g2.x, g2.y, band):
            qx, qy, ux, uy = mdl.ax[i], mdl.ay[i], mdl.dx[i], mdl.dy[i]
            gap = min(gap, _segment_gap(g1.x, g1.y, vx, vy, qx, qy, ux, uy))
            span = _capsule_span(g1.x, g1.y, vx, vy, qx, qy, ux, uy, band)
            if span is not None:
                inside.append(span)
            t = _meet(g1.x, g1.y, vx, vy, qx, qy, ux, uy)
            if t is not None:
                marks.append((t, "X"))
        closest = min(closest, gap)
        if not inside:
            events.append(ends)
            continue
        touched = True
        inside.sort()
        t0 = 0.0
        for lo, hi in [*inside, (1.0, 1.0)]:  # the stretches between the band's spans
            if lo > t0:
                marks.append(((t0 + lo) / 2, stretch(g1.x + t0 * vx, g1.y + t0 * vy,
                                                     g1.x + lo * vx, g1.y + lo * vy, band)))
            t0 = max(t0, hi)
        events.extend(mark for _, mark in sorted(marks))
    return _decide(events, geos, touched, closest, widest)


def _capsule_span(ax: float, ay: float, vx: float, vy: float, qx: float, qy: float, ux: float,
                  uy: float, r: float) -> tuple[float, float] | None:
    """Where A + tV (t in [0, 1]) lies within r of the segment Q -> Q + U: the line meets the
    capsule (two discs and a rectangle) in one interval, the hull of the three parts."""
    parts: list[tuple[float, float]] = []
    a = vx * vx + vy * vy
    for cx, cy in ((qx, qy), (qx + ux, qy + uy)):
        fx, fy = ax - cx, ay - cy
        b, c = vx * fx + vy * fy, fx * fx + fy * fy - r * r
        disc = b * b - a * c
        if disc >= 0.0:
            sq = math.sqrt(disc)
            parts.append(((-b - sq) / a, (-b + sq) / a))
    n = math.hypot(ux, uy)
    ex, ey = ux / n, uy / n
    lo, hi = -math.inf, math.inf
    # Along the MDL segment (0..n) and across it (-r..r), each linear in t.
    for c0, c1, low, high in (((ax - qx) * ex + (ay - qy) * ey, vx * ex + vy * ey, 0.0, n),
                              ((ay - qy) * ex - (ax - qx) * ey, vy * ex - vx * ey, -r, r)):
        if c1 == 0.0:
            if not low <= c0 <= high:
                lo, hi = math.inf, -math.inf
        else:
            t_a, t_b = (low - c0) / c1, (high - c0) / c1
            lo, hi = max(lo, min(t_a, t_b)), min(hi, max(t_a, t_b))
    if lo <= hi:
        parts.append((lo, hi))
    if not parts:
        return None
    start, end = max(min(s for s, _ in parts), 0.0), min(max(e for _, e in parts), 1.0)
    return (start, end) if start <= end else None


def _meet(ax: float, ay: float, vx: float, vy: float, qx: float, qy: float, ux: float,
          uy: float) -> float | None:
    """Parameter t where A + tV (t in [0, 1]) meets the segment Q -> Q + U, if it does."""
    den = vx * uy - vy * ux
    wx, wy = qx - ax, qy - ay
    if den == 0.0:  # parallel: only a collinear overlap meets (at its start)
        if wx * vy - wy * vx != 0.0:
            return None
        a = vx * vx + vy * vy
        t0, t1 = (wx * vx + wy * vy) / a, ((wx + ux) * vx + (wy + uy) * vy) / a
        start, end = max(min(t0, t1), 0.0), min(max(t0, t1), 1.0)
        return start if start <= end else None
    t, s = (wx * uy - wy * ux) / den, (wx * vy - wy * vx) / den
    return t if 0.0 <= t <= 1.0 and 0.0 <= s <= 1.0 else None


def _segment_gap(ax: float, ay: float, vx: float, vy: float, qx: float, qy: float, ux: float,
                 uy: float) -> float:
    """Distance between the segments A -> A + V and Q -> Q + U."""
    if _meet(ax, ay, vx, vy, qx, qy, ux, uy) is not None:
        return 0.0

    def point_gap(px: float, py: float, sx: float, sy: float, dx: float, dy: float) -> float:
        t = ((px - sx) * dx + (py - sy) * dy) / (dx * dx + dy * dy)
        t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
        return math.hypot(px - sx - t * dx, py - sy - t * dy)

    return min(point_gap(ax, ay, qx, qy, ux, uy), point_gap(ax + vx, ay + vy, qx, qy, ux, uy),
               point_gap(qx, qy, ax, ay, vx, vy), point_gap(qx + ux, qy + uy, ax, ay, vx, vy))


def _where(g: GeoPoint) -> str:
    m = g.mdl
    if m.outside_extent:
        return f"{fmt_m(m.distance_m)} beyond its {m.outside_extent} end"
    return f"{fmt_m(abs(m.signed_m))} {'north' if m.signed_m > 0 else 'south'}"


def _decide(events: list[str], geos: Sequence[GeoPoint], touched: bool, closest: float,
            band: float) -> Tri:
    last, met, found = "", False, False
    for e in events:
        if e == "X":
            met = True
        elif e in ("N", "S"):
            found = found or (last not in ("", e) and met)
            last, met = e, False
    if found:
        clear = [e for e in events if e in ("N", "S")]
        beyond = f"beyond its ~{MDL_BAND_M:.0f} m uncertainty"
        if clear[0] == clear[-1]:
            return yes(f"crosses the MDL and returns ({beyond})")
        names = {"N": "north", "S": "south"}
        return yes(f"from {names[clear[0]]} to {names[clear[-1]]} of the MDL, {beyond}")
    stretches = {e for e in events if e != "X"}
    if not touched:
        if "~" in stretches or {"N", "S"} <= stretches:
            return indeterminate("goes from one side to the other around an end of the MDL "
                                 "(Han River Estuary or sea), where no MDL is drawn")
        side = {"N": "north", "S": "south"}.get(min(stretches), "beyond the ends")
        return no(f"stays {side} of the MDL, never within {fmt_m(closest)} of it (uncertainty "
                  f"band {fmt_m(band)})")
    sides = " and ".join(_where(g) for g in (geos[0], geos[-1]))
    what = "meets the LSIB MDL" if "X" in events else f"comes within {fmt_m(closest)} of the MDL"
    return indeterminate(f"{what} only inside its uncertainty band (~{MDL_BAND_M:.0f} m LSIB "
                         f"accuracy plus position uncertainty, {fmt_m(band)} in all); ends {sides}")


# --- fire: impact from bearing and range --------------------------------------------------------


def point_at_bearing(origin: PositionFacts, bearing_deg: float,
                     range_m: float | tuple[float, float]) -> PositionFacts:
    """The impact area `range_m` from `origin` toward the true bearing `bearing_deg`.

    A range interval (lo, hi) is the point at mid-range, its uncertainty widened by half the
    interval, so every fact holds for both ends. JSA-frame origins stay in the frame; WGS 84
    origins use the WGS 84 geodesic. An origin known only by its distance to the MDL gives
    the only honest bound without the line's local direction: the impact is within `hi`
    metres of it, so its signed distance is the origin's widened by `hi` either way.
    """
    lo, hi = (range_m, range_m) if isinstance(range_m, int | float) else sorted(range_m)
    mid, half = (lo + hi) / 2.0, (hi - lo) / 2.0
    extra = {"bearing_deg": bearing_deg, "range_m": [lo, hi]}
    g = geo_of(origin)
    if g is None:
        return _impact_relative(origin, float(hi), extra)
    p = _data()
    if origin.kind == "jsa" and origin.jsa_xy is not None:
        x, y = p.frame.offset(origin.jsa_xy[0], origin.jsa_xy[1], bearing_deg, mid)
        return _resolve_jsa(x, y, g.unc + half, None, extra)
    lon, lat = origin.lonlat if origin.lonlat else (0.0, 0.0)
    lon2, lat2, _ = p.geod.fwd(lon, lat, bearing_deg, mid)
    return _resolve_wgs84(float(lon2), float(lat2), g.unc + half, None, extra)


def _impact_relative(origin: PositionFacts, reach: float, extra: dict[str, Any]) -> PositionFacts:
    if origin.signed_m is None:
        facts = resolve_relative({}, PlaceContext())
        facts.side_reason = "impact not located: the origin has neither coordinates nor a " \
                            "distance to the MDL"
    else:
        lo, hi = origin.signed_m[0] - reach, origin.signed_m[1] + reach
        if lo > 0.0:
            pos: dict[str, Any] = {"side": "north", "distance_m": [lo, hi]}
        elif hi < 0.0:
            pos = {"side": "south", "distance_m": [-hi, -lo]}
        else:
            pos = {"side": "mdl", "distance_m": max(-lo, hi)}
        facts = resolve_relative(pos, PlaceContext())
        where = (f"between {fmt_m(-lo)} south and {fmt_m(hi)} north" if lo <= 0.0 <= hi else
                 f"{fmt_m(abs(lo))}–{fmt_m(abs(hi))} {'north' if lo > 0 else 'south'}")
        facts.side_reason = f"impact {where} of the MDL: within {fmt_m(reach)} of an origin " \
                            f"with no coordinates ({origin.side_reason})"
        facts.signed_m = (lo, hi)
    facts.extra.update(extra)
    return facts


def fmt_m(m: float) -> str:
    """A distance for reasons: 37 m, 1.25 km, 10.3 km."""
    if m >= 9999.5:
        return f"{m / 1000:.1f} km"
    if m >= 999.5:
        return f"{m / 1000:.2f} km"
    return f"{m:.0f} m" if m >= 9.5 else f"{m:.1f} m"
