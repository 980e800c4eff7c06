"""CMA 2018 zones (ground buffer, no-fly bands, sea buffers) and the Northern Limit Line.

The Armistice draws no sea line, so no rule may treat an NLL crossing alone as an Armistice
violation: the NLL side is reported as a fact only. The sea lines and the CMA sea buffer zones
are approximate (`armicheck/data/geo/sea-lines.geojson`, `cma-zones.json`), and so are the
position of MDL marker 0646 (±10 km) that splits the no-fly bands east/west.

Built on `spatial.lsib` (which owns shapely and pyproj) and imported lazily by the facts. The
zone polygons have a handful of vertices, so their tests here are plain Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict

from armicheck.core.korea import CMA_ZONES_FILE, SEA_LINES_FILE
from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial import lsib
from armicheck.spatial.lsib import MDL_BAND_M, GeoPoint, Polyline, fmt_m, geo_of
from armicheck.spatial.model import PositionFacts


class CmaZones(TypedDict):
    in_ground_buffer: Tri
    in_no_fly_zone: Tri
    in_sea_buffer_west: Tri
    in_sea_buffer_east: Tri
    nll_side: Tri  # "north of the NLL"
    sector: str  # "east" | "west" | "indeterminate": which side of MDL marker 0646
    sector_reason: str


@dataclass(frozen=True, slots=True)
class _SeaZone:
    ring: list[tuple[float, float]]  # EPSG:5179, closed
    edge: Polyline
    tolerance_m: float
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True, slots=True)
class _SeaData:
    cma: dict[str, Any]
    marker_chain: float  # metres along the MDL to the approximate marker 0646
    marker_unc: float
    nll: list[tuple[Polyline, float, str]]  # (line with north on its left, tolerance, name)
    zones: dict[str, _SeaZone]


_SEA: _SeaData | None = None


def _sea() -> _SeaData:
    global _SEA
    if _SEA is None:
        cma = lsib.read_data(CMA_ZONES_FILE)
        marker = cma["marker_0646"]
        nll = []
        for f in lsib.read_data(SEA_LINES_FILE)["features"]:
            props = f["properties"]
            if props["kind"] == "northern_limit_line":
                coords = f["geometry"]["coordinates"]
                if props["north_side"] == "right":
                    coords = coords[::-1]
                nll.append((lsib.planar_polyline(coords), float(props["tolerance_m"]),
                            props["name"]))
        zones = {}
        for key, zone in cma["sea_buffer_zones"].items():
            edge = lsib.planar_polyline(zone["polygon_lonlat"])
            ring = [(float(x), float(y)) for x, y in zip(edge.ax, edge.ay, strict=True)]
            xs, ys = [x for x, _ in ring], [y for _, y in ring]
            zones[key] = _SeaZone(ring + ring[:1], edge, float(zone["tolerance_m"]),
                                  (min(xs), min(ys), max(xs), max(ys)))
        _SEA = _SeaData(
            cma=cma,
            marker_chain=lsib.mdl_signed_distance(marker["lon"], marker["lat"]).chainage_m,
            marker_unc=float(marker["uncertainty_m"]),
            nll=nll,
            zones=zones,
        )
    return _SEA


def cma_zones(p: PositionFacts, actor_kind: str, *,
              lonlat: tuple[float, float] | None = None) -> CmaZones:
    """CMA zone facts for a position. `lonlat` (e.g. the incident place) gives the east/west
    sector when the position itself has no coordinates."""
    cma = _sea().cma
    g = geo_of(p)  # also fills p.geo when missing, which _distance_range then uses
    dist = _distance_range(p)
    sector, sector_reason = _sector(p, lonlat)
    ground = float(cma["ground_buffer"]["distance_m"])
    if dist is None:
        in_ground = indeterminate("no distance to the MDL")
    else:
        in_ground = _band_tri(*dist, ground, f"CMA {ground / 1000:g} km ground buffer")
    if g is None:
        west, east = _in_sea_zone_without_coordinates(p, "west"), \
            _in_sea_zone_without_coordinates(p, "east")
        nll = indeterminate("no coordinates: the NLL test needs them")
    else:
        west, east, nll = _sea_facts(g)
    return CmaZones(in_ground_buffer=in_ground,
                    in_no_fly_zone=_no_fly(dist, actor_kind, sector, sector_reason),
                    in_sea_buffer_west=west, in_sea_buffer_east=east, nll_side=nll,
                    sector=sector, sector_reason=sector_reason)


# Pure functions of hashable facts: recurring positions (and distances) are worked out once.
@lru_cache(maxsize=4096)
def _sea_facts(g: GeoPoint) -> tuple[Tri, Tri, Tri]:
    return _in_sea_zone(g, "west"), _in_sea_zone(g, "east"), _nll_side(g)


def _distance_range(p: PositionFacts) -> tuple[float, float, float] | None:
    """(near, far, tolerance) of the distance to the MDL."""
    if p.kind != "jsa" and isinstance(p.geo, GeoPoint):
        # Unsigned, so valid beyond the MDL's ends too; LSIB accuracy as tolerance.
        d, u = p.geo.mdl.distance_m, p.geo.spread
        return max(d - u, 0.0), d + u, MDL_BAND_M
    if p.signed_m is None:
        return None
    lo, hi = p.signed_m
    near = 0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi))
    # JSA frame: y is the distance (curb tolerance); a stated distance is taken as given.
    tol = lsib.jsa().curb_tolerance_m if p.kind == "jsa" else 0.0
    return near, max(abs(lo), abs(hi)), tol


@lru_cache(maxsize=4096)
def _band_tri(near: float, far: float, tol: float, width: float, label: str) -> Tri:
    rng = fmt_m(near) if math.isclose(near, far) else f"{fmt_m(near)}–{fmt_m(far)}"
    if far <= width - tol:
        return yes(f"{rng} from the MDL, inside the {label}")
    if near > width + tol:
        return no(f"{rng} from the MDL, outside the {label}")
    if tol:
        return indeterminate(f"{rng} from the MDL is within {fmt_m(tol)} of the edge of the "
                             f"{label}")
    return indeterminate(f"{rng} from the MDL straddles the edge of the {label}")


def _sector(p: PositionFacts, lonlat: tuple[float, float] | None) -> tuple[str, str]:
    sea = _sea()
    if isinstance(p.geo, GeoPoint):
        m = p.geo.mdl
    elif p.lonlat or lonlat:
        lon, lat = p.lonlat or lonlat or (0.0, 0.0)
        m = lsib.mdl_signed_distance(lon, lat)
    else:
        return "indeterminate", "sector east/west unknown: no coordinates"
    if m.outside_extent == "area":
        return "indeterminate", "sector east/west unknown: far outside the peninsula"
    chain = m.chainage_m
    gap = chain - sea.marker_chain
    where = (f"foot point on the MDL {fmt_m(abs(gap))} {'east' if gap > 0 else 'west'} of the "
             f"approximate position of MDL marker 0646 (±{fmt_m(sea.marker_unc)})")
    if abs(gap) <= sea.marker_unc:
        return "indeterminate", f"sector east/west unknown: {where}"
    return ("east" if gap > 0 else "west"), where


@lru_cache(maxsize=4096)
def _no_fly(dist: tuple[float, float, float] | None, kind: str, sector: str,
            sector_reason: str) -> Tri:
    bands: dict[str, dict[str, Any]] = _sea().cma["no_fly_zones"]["bands_m"]
    if kind not in bands and kind != "unknown":
        return no(f"the CMA no-fly bands cover fixed-wing aircraft, helicopters, UAVs and "
                  f"balloons, not a {kind}")
    if dist is None:
        return indeterminate("no distance to the MDL")
    # Where the sector or the kind is unknown, try every band that could apply: a distance
    # inside (or outside) all of them decides anyway.
    kinds = [kind] if kind in bands else list(bands)
    sectors = [sector] if sector in ("east", "west") else ["east", "west"]
    tris = [_band_tri(*dist, float(bands[k][s]),
                      f"{bands[k][s] / 1000:g} km no-fly band for {bands[k]['label']} ({s})")
            for k in kinds for s in sectors]
    why = sector_reason if len(sectors) > 1 else "actor kind unknown"
    if all(t.value == tris[0].value for t in tris):
        if len(tris) == 1:
            return tris[0]
        return Tri(tris[0].value, f"{tris[0].reason}; the same for every band that could apply "
                                  f"({why})")
    return indeterminate(f"{why}; " + "; ".join(t.reason for t in tris))


def _in_sea_zone_without_coordinates(p: PositionFacts, key: str) -> Tri:
    label = f"approximate CMA {key} sea buffer zone"
    if p.in_dmz.yes:
        return no(f"inside the DMZ (on land), not the {label}")
    return indeterminate(f"no coordinates: the {label} needs them")


def _in_sea_zone(g: GeoPoint, key: str) -> Tri:
    label = f"approximate CMA {key} sea buffer zone"
    zone = _sea().zones[key]
    x0, y0, x1, y1 = zone.box
    far = math.hypot(max(x0 - g.x, 0.0, g.x - x1), max(y0 - g.y, 0.0, g.y - y1))
    if far > zone.tolerance_m + g.spread:  # distance to its box: a cheap lower bound
        return no(f"outside the {label}, over {fmt_m(far)} from it")
    edge = zone.edge.distance(g.x, g.y)
    if edge <= zone.tolerance_m + g.spread:
        return indeterminate(f"{fmt_m(edge)} from the edge of the {label} (its limits are "
                             f"approximate, ±{fmt_m(zone.tolerance_m)})")
    if _inside(zone.ring, g.x, g.y):
        return yes(f"inside the {label}, {fmt_m(edge)} from its edge")
    return no(f"outside the {label}, {fmt_m(edge)} from its edge")


def _inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    """Even-odd ray casting; the point is never on the edge here (the tolerance came first)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def side_of_nll(p: PositionFacts) -> Tri:
    """Is the position north of the (approximately drawn) Northern Limit Line? A fact only."""
    g = geo_of(p)
    if g is None:
        return indeterminate("no coordinates: the NLL test needs them")
    return _nll_side(g)


def _nll_side(g: GeoPoint) -> Tri:
    hits = [(line.locate(g.x, g.y), tol, name) for line, tol, name in _sea().nll]
    hits = [h for h in hits if h[0].outside_extent is None]
    if not hits:
        return no("not within either NLL's extent (the West Sea NLL from the Han River "
                  "Estuary, the East Sea NLL from the MDL's coastal end)")
    m, tol, name = min(hits, key=lambda h: h[0].distance_m)
    where = (f"{fmt_m(m.distance_m)} {'north' if m.signed_m > 0 else 'south'} of the {name} "
             "(a UNC line, not in the Armistice; drawn approximately)")
    if m.distance_m <= tol + g.spread:
        return indeterminate(f"{where}: inside its ±{fmt_m(tol)} tolerance")
    return yes(where) if m.signed_m > 0 else no(where)


def nll_crossing(a: PositionFacts, b: PositionFacts) -> Tri:
    """Do a and b lie on opposite sides of the NLL? A fact only, never an Armistice breach."""
    sa, sb = side_of_nll(a), side_of_nll(b)
    if sa.indeterminate or sb.indeterminate:
        return indeterminate(sa.reason if sa.indeterminate else sb.reason)
    if sa.value != sb.value:
        return yes(f"crosses the NLL: from {sa.reason} to {sb.reason}")
    return no(f"both {'north' if sa.yes else 'south'} of the NLL")


# --- format 1.1: positions stated relative to the NLL, without coordinates ---------------------

# which sea each NLL is in, and its CMA sea buffer zone
NLL_SEA = {"Northern Limit Line, West Sea": "west", "Northern Limit Line, East Sea": "east"}
NLL_SAMPLE_M = 2000.0  # how finely the offset line is sampled along the NLL


def nll_relative_zones(side: str, dist: tuple[float, float] | None, sea: str | None) -> CmaZones:
    """CMA zone facts for a position stated as `dist` metres `side` of the NLL in `sea` (or
    either sea when not stated): the NLL side is the statement; the sea buffer zone holds the
    position if every point that far from the line along its length is inside the zone."""
    stated = f"stated: {side} of the NLL" + (f", {_range_text(dist)} from it" if dist else "")
    if dist is not None and dist[0] <= 0.0:
        nll = indeterminate(f"{stated}: the range reaches the line")
    else:
        nll = yes(stated) if side == "north" else no(stated)
    seas = [sea] if sea in ("west", "east") else ["west", "east"]
    found = {s: _nll_offset_in_zone(s, side, dist) for s in ("west", "east")}
    if len(seas) == 2:
        west, east = found["west"], found["east"]
        if west.value != east.value:
            why = "which sea's NLL is not stated (sea: west or east)"
            west = indeterminate(f"{why}; {west.reason}")
            east = indeterminate(f"{why}; {east.reason}")
    else:
        west = found["west"] if sea == "west" else no(f"stated to be in the {sea} sea")
        east = found["east"] if sea == "east" else no(f"stated to be in the {sea} sea")
    at_sea = "at sea, where the CMA ground buffer and no-fly bands are measured from no MDL"
    return CmaZones(in_ground_buffer=no(f"{at_sea} (stated relative to the NLL)"),
                    in_no_fly_zone=indeterminate("no distance to the MDL: the position is "
                                                 "stated relative to the NLL"),
                    in_sea_buffer_west=west, in_sea_buffer_east=east, nll_side=nll,
                    sector="indeterminate", sector_reason="stated relative to the NLL")


def _range_text(dist: tuple[float, float]) -> str:
    lo, hi = dist
    return fmt_m(lo) if math.isclose(lo, hi) else f"{fmt_m(lo)}–{fmt_m(hi)}"


@lru_cache(maxsize=256)
def _nll_offset_in_zone(sea: str, side: str, dist: tuple[float, float] | None) -> Tri:
    label = f"approximate CMA {sea} sea buffer zone"
    lines = [(line, name) for line, _, name in _sea().nll if NLL_SEA.get(name) == sea]
    if not lines:
        return indeterminate(f"no NLL is drawn for the {sea} sea")
    zone = _sea().zones[sea]
    lo, hi = dist if dist is not None else (0.0, 0.0)
    if dist is None:
        return indeterminate(f"no distance from the NLL stated: the {label} reaches only so "
                             "far from it")
    states: set[str] = set()
    sign = 1.0 if side == "north" else -1.0  # north is on each NLL polyline's left
    for line, _ in lines:
        for i in range(line.last + 1):
            ax, ay, dx, dy, n = line.ax[i], line.ay[i], line.dx[i], line.dy[i], line.seglen[i]
            nx, ny = -dy / n * sign, dx / n * sign  # unit normal toward the stated side
            steps = max(1, int(n // NLL_SAMPLE_M))
            for k in range(steps + 1):
                t = k / steps
                for d in {lo, (lo + hi) / 2.0, hi}:
                    x, y = ax + t * dx + d * nx, ay + t * dy + d * ny
                    edge = zone.edge.distance(x, y)
                    if edge <= zone.tolerance_m:
                        states.add("edge")
                    else:
                        states.add("in" if _inside(zone.ring, x, y) else "out")
    where = f"{_range_text((lo, hi))} {side} of the {sea} sea NLL, anywhere along it"
    if states == {"in"}:
        return yes(f"{where}: inside the {label}")
    if states == {"out"}:
        return no(f"{where}: outside the {label}")
    return indeterminate(f"{where}: partly inside the {label} (its limits are approximate, "
                         f"±{fmt_m(zone.tolerance_m)})")
