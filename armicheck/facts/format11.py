"""Facts from the positions of format 1.1: held ground, the waters, tunnels, the direction of
fire, and land held by each side near a position.

Kept apart from `facts.derive` (which registers these facts with the others) so the two
parts of format 1.1 can grow without editing the same lines. Every fact here is three-valued
or a number with its meaning in the registry; each says what the file cannot tell.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from armicheck.core import gazetteer
from armicheck.core.korea import HOME_SIDE, OTHER_HALF
from armicheck.core.tri import Tri, indeterminate, no, tri_any, yes
from armicheck.core.vocabulary import FIRE_ACTIONS
from armicheck.facts.registry import Fact
from armicheck.spatial import resolve as pos_mod
from armicheck.spatial.islands import on_unc_island
from armicheck.spatial.model import PlaceContext, PositionFacts
from armicheck.spatial.relative import resolve_relative

SIDE_NAMES = {"unc": "UNC", "kpa": "KPA"}
# gazetteer kinds that are water, not land held by a side
WATER_KINDS = frozenset({"estuary", "sea", "waters", "bay", "strait", "channel", "river",
                         "sea-area"})
# how far a bearing is followed to see whether it heads across the MDL (typical reach of
# the guns fired across it; a longer shot is unusual and its crossing would still show
# within this distance for any origin within it of the line)
BEARING_REACH_M = 20000.0
# WGS 84 longitude between the West and East Sea NLLs (126.2 E and 128.4 E)
SEA_SPLIT_LON = 127.3


# --- held ground ----------------------------------------------------------------------------


def held_ground(p: PositionFacts, side: str) -> Tri:
    """Is `p`, on ground a side is stated (or a gazetteer place is recorded) to hold, on the
    ground of the side whose home is `side` of the MDL? When the position's coordinates put
    it clearly in the other half, the sources disagree: indeterminate with both reasons."""
    holder = p.extra["held_by"]
    why = p.extra.get("held_reason") or f"stated: on {SIDE_NAMES[holder]}-held ground"
    mine = HOME_SIDE[holder] == side
    if p.kind in ("wgs84", "jsa") and p.side in ("north", "south") \
            and p.side != HOME_SIDE[holder] and not on_unc_island(p).yes:
        return indeterminate(f"sources disagree: {why}, but its coordinates put it "
                             f"{p.side} of the MDL ({p.side_reason})")
    return yes(why) if mine else no(why)


def on_area_of(p: PositionFacts, side: str, beyond_line_is_no: bool = False) -> Tri:
    """Is `p` on ground controlled by the side whose home is `side` of the MDL?

    The one answer to this question for every fact that asks it. Ground a side is stated to
    hold (format 1.1 `held_by`, or a gazetteer place without an offset) decides first. The
    northwest islands of ¶13(b) are the UNC side's wherever they lie relative to the line
    (near an island's uncertain edge, the UNC side's area is possible). Elsewhere the MDL
    decides; beyond its ends it cannot, which stays indeterminate unless `beyond_line_is_no`.
    """
    if p.extra and "held_by" in p.extra:
        return held_ground(p, side)
    island = on_unc_island(p)
    if island.yes:
        return yes(island.reason) if side == "south" else no(island.reason)
    where = p.on_side(side)
    if where.indeterminate and beyond_line_is_no and p.extra.get("outside_mdl_extent"):
        where = no(f"beyond the MDL's extent, where no line decides the side ({where.reason})")
    if island.indeterminate and side == "south" and not where.yes:
        return island
    return where


def sea_of(lonlat: tuple[float, float] | None) -> str | None:
    """The sea (west / east) an incident placed at `lonlat` is in, for NLL-relative
    positions that do not say."""
    if lonlat is None:
        return None
    return "west" if lonlat[0] < SEA_SPLIT_LON else "east"


# --- tunnels ----------------------------------------------------------------------------------


def tunnel_points(tunnel: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The tunnel's positions in order along it: start, course, end."""
    if "start" in tunnel:
        yield "tunnel.start", tunnel["start"]
    for j, pos in enumerate(tunnel.get("course") or ()):
        yield f"tunnel[{j}]", pos
    if "end" in tunnel:
        yield "tunnel.end", tunnel["end"]


def tunnel_course(positions: dict[str, PositionFacts]) -> list[PositionFacts]:
    return [p for key, p in positions.items() if key.startswith("tunnel")]


def tunnel_end(positions: dict[str, PositionFacts]) -> PositionFacts | None:
    course = tunnel_course(positions)
    return course[-1] if course else None


def tunnel_crosses_mdl(c: Any) -> Tri:
    if "tunnel" not in c.event:
        return no("no tunnel stated")
    course = tunnel_course(c.positions())
    if not course:
        return indeterminate("the tunnel's course and end are not given")
    if len(course) == 1:
        home = c.home()
        if home is None:
            return indeterminate("only the tunnel's end is given, and the digging actor has "
                                 "no side to start from")
        start = resolve_relative({"side": home}, PlaceContext())
        start.side_reason = (f"start not given: taken as the digging side's own ({home}) "
                             "side, where its tunnels begin")
        course = [start, *course]
    if len(course) > 2 and all(p.kind in ("wgs84", "jsa") for p in course):
        from armicheck.spatial import lsib  # lazy: shapely/pyproj only for coordinates

        found = lsib.track_crossing(course)
    else:
        found = tri_any(pos_mod.crossing(a, b) for a, b in zip(course, course[1:], strict=False))
    if found.yes:
        return yes(f"the tunnel runs across the MDL underground: {found.reason}")
    return found


def tunnel_beyond_dmz(c: Any) -> Tri:
    """Does the tunnel reach the other side's ground beyond the DMZ?"""
    if "tunnel" not in c.event:
        return no("no tunnel stated")
    end = tunnel_end(c.positions())
    other = c.other()
    if end is None:
        return indeterminate("the tunnel's end is not given")
    if other is None:
        return no("the digging actor has no side")
    there = end.on_side(other)
    outside = end.in_dmz.negate()
    if there.no:
        return no(f"its end is not on the other side ({there.reason})")
    if outside.no:
        return no(f"its end is inside the DMZ ({end.in_dmz.reason})")
    if there.yes and outside.yes:
        return yes(f"its end is {other} of the MDL ({there.reason}) and outside the DMZ "
                   f"({end.in_dmz.reason})")
    why = there.reason if there.indeterminate else end.in_dmz.reason
    return indeterminate(f"where its end lies cannot be decided ({why})")


# --- direction of fire without an impact ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """Where fire (or a launch) was directed, as far as the file says."""

    what: str  # "northward", "toward Yeonpyeong-do", "on bearing 135°", "toward actor X"
    half: str | None  # the half of the MDL it heads into, when that can be told
    holder: str | None  # the side (unc / kpa) whose ground or forces it heads toward
    why: str  # how half and holder were found, or why not


def heading_of(ev: Mapping[str, Any], origin: PositionFacts | None, place: PlaceContext,
               actors: Mapping[str, Any]) -> Heading | None:
    direction = ev.get("direction")
    if direction is None:
        return None
    if isinstance(direction, str):  # format 1: north / south of the MDL
        holder = "kpa" if direction == "north" else "unc"
        return Heading(f"{direction}ward", direction, holder,
                       f"stated: toward the {direction}, the {SIDE_NAMES[holder]} side's half "
                       "of the MDL")
    if "place" in direction:
        target = pos_mod.resolve({"place": direction["place"]}, place)
        entry = gazetteer.find(str(direction["place"]))
        name = entry.name if entry else str(direction["place"])
        holder = entry.held_by if entry else None
        half = target.side if target.side != "indeterminate" else None
        why = (f"{name} is held by the {SIDE_NAMES[holder]} side (gazetteer)" if holder
               else target.side_reason)
        return Heading(f"toward {name}", half, holder, why)
    if "actor" in direction:
        actor = actors.get(str(direction["actor"]))
        side = getattr(actor, "side", None)
        holder = side if side in SIDE_NAMES else None
        why = (f"{direction['actor']} belongs to the {SIDE_NAMES[holder]} side" if holder
               else f"{direction['actor']}'s side is not stated")
        return Heading(f"toward {direction['actor']}", None, holder,
                       why + "; where it stood is not given")
    bearing = float(direction["bearing_deg"]) % 360.0
    what = f"on bearing {bearing:g}°"
    if origin is None or origin.kind not in ("wgs84", "jsa"):
        return Heading(what, None, None, "the origin has no coordinates: the MDL's local "
                       "direction there is unknown (over 10 km it turns up to 98° from "
                       "west-east)")
    from armicheck.spatial import lsib  # lazy: shapely/pyproj only for coordinates

    ray_end = lsib.point_at_bearing(origin, bearing, BEARING_REACH_M)
    crosses = lsib.crossing(origin, ray_end)
    reach = lsib.fmt_m(BEARING_REACH_M)
    if crosses.yes and origin.side in OTHER_HALF:
        half = OTHER_HALF[origin.side]
        return Heading(what, half, "kpa" if half == "north" else "unc",
                       f"a line on that bearing crosses the MDL within {reach} ({crosses.reason})")
    if crosses.no and origin.side in OTHER_HALF:
        return Heading(what, origin.side, "kpa" if origin.side == "north" else "unc",
                       f"a line on that bearing stays {origin.side} of the MDL for {reach} "
                       f"({crosses.reason})")
    return Heading(what, None, None, f"whether a line on that bearing crosses the MDL cannot "
                   f"be decided ({crosses.reason})")


NOT_LANDED = "where the rounds landed is not stated"


def fire_direction_crossing(origin: PositionFacts | None, heading: Heading) -> Tri:
    """fire.crosses_mdl for fire stated with a format 1.1 direction and no impact."""
    if origin is not None and heading.half and origin.side not in ("indeterminate",
                                                                    heading.half):
        return indeterminate(f"fired {heading.what} ({heading.why}) from the {origin.side} "
                             f"side; {NOT_LANDED}")
    return no(f"no impact point or bearing and range given; fired {heading.what}, which does "
              f"not say the fire crossed the MDL ({heading.why})")


def toward_other_side(c: Any) -> Tri:
    ev = c.event
    if c.action not in FIRE_ACTIONS and "direction" not in ev:
        return no(f"{c.action} is not fire and states no direction")
    opposing, other = c.opposing(), c.other()
    if opposing is None or other is None:
        return no("the actor has no side")
    impact = c.positions().get("impact")
    if impact is not None:
        landed = on_area_of(impact, other)
        if landed.yes:
            return yes(f"the impact is on the opposing side's area ({landed.reason})")
        return Tri(landed.value, f"the impact: {landed.reason}")
    heading = heading_of(ev, c.origin(), c.place, c._incident().actors)
    if heading is not None:
        if heading.holder is not None:
            said = f"fired {heading.what} ({heading.why}); {NOT_LANDED}"
            return yes(said) if heading.holder == opposing else no(said)
        return indeterminate(f"fired {heading.what}, which does not say whose ground or "
                             f"forces it headed for ({heading.why}); {NOT_LANDED}")
    target = c.target()
    if target is not None and target.side in SIDE_NAMES:
        said = f"aimed at {target.id}, of the {SIDE_NAMES[target.side]} side; {NOT_LANDED}"
        return yes(said) if target.side == opposing else no(said)
    return indeterminate("no direction, target or impact given")


# --- the sea ----------------------------------------------------------------------------------

WATERS_SIDE = {"rok-territorial": "unc", "dprk-territorial": "kpa"}
WATERS_NAMES = {"rok-territorial": "ROK territorial waters",
                "dprk-territorial": "DPRK territorial waters",
                "international": "international waters"}


def in_other_sides_waters(c: Any) -> Tri:
    opposing = c.opposing()
    stated = [p.extra["waters"] for p in c.all_positions() if p.extra and "waters" in p.extra]
    if not stated:
        return indeterminate("no position states the waters it is in")
    if opposing is None:
        return no("the actor has no side")
    parts = []
    for waters in stated:
        said = f"stated: in {WATERS_NAMES.get(waters, waters)}"
        holder = WATERS_SIDE.get(waters)
        if holder:
            said += f", the {SIDE_NAMES[holder]} side's"
        parts.append(yes(said) if holder == opposing else no(said))
    return tri_any(parts)


def _km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def land_within(side: str) -> Any:
    """The maker of `<side>_land_within_m`: an upper bound on how far the event's nearest
    position is from land the side holds."""

    def make(c: Any) -> float | None:
        best: float | None = None
        for p in c.all_positions():
            d = _land_within(p, side)
            if d is not None and (best is None or d < best):
                best = d
        return best

    return make


def _land_within(p: PositionFacts, side: str) -> float | None:
    if p.extra and p.extra.get("held_by") == side:
        return 0.0
    if p.kind not in ("wgs84", "jsa") or p.lonlat is None:
        return None
    from armicheck.spatial import lsib  # lazy: shapely/pyproj only for coordinates

    lon, lat = p.lonlat
    g = lsib.geo_of(p)
    spread = g.spread if g is not None else 0.0
    # the MDL itself: land of both sides meets along it (each half of the DMZ is held by
    # the side on its side); its LSIB accuracy is added
    best = g.mdl.distance_m + lsib.MDL_BAND_M if g is not None else math.inf
    for place in gazetteer.load().values():
        if place.held_by == side and place.kind not in WATER_KINDS:
            d = _km_between(lon, lat, place.lon, place.lat) * 1000.0 + place.uncertainty_m
            best = min(best, d)
    return None if best == math.inf else round(best + spread, 1)


FORMAT_11_FACTS = (
    Fact("fire.toward_other_side", "tri",
         "fire (or a launch with a direction) was aimed toward the other side's ground or "
         "forces: from its impact, its direction (a half of the MDL, a place, an actor, a "
         "bearing) or its target; whether it landed there is strikes_other_side",
         toward_other_side, cost=1),
    Fact("tunnel.crosses_mdl", "tri",
         "the event's tunnel runs across the MDL (its course, or its end from the digging "
         "side's own half)", tunnel_crosses_mdl, cost=1,
         absent="no: the event states no tunnel"),
    Fact("tunnel.beyond_dmz", "tri",
         "the tunnel's end is on the other side's ground beyond the DMZ's limit",
         tunnel_beyond_dmz, cost=1, absent="no: the event states no tunnel"),
    Fact("in_other_sides_waters", "tri",
         "some position is stated to be in the other side's territorial waters (ROK waters "
         "the UNC side's, DPRK waters the KPA side's)", in_other_sides_waters, cost=1),
    Fact("unc_land_within_m", "number",
         "an upper bound, in m, on the distance from the event's nearest position to land "
         "the UNC side holds: the MDL line or a gazetteer land place (no coastline is "
         "shipped, so the coast may be nearer)", land_within("unc"), cost=1,
         absent="null: no position has coordinates or is stated held ground"),
    Fact("kpa_land_within_m", "number",
         "an upper bound, in m, on the distance from the event's nearest position to land "
         "the KPA side holds (as unc_land_within_m)", land_within("kpa"), cost=1,
         absent="null: no position has coordinates or is stated held ground"),
)


def direction_half(ev: Mapping[str, Any], origin: PositionFacts | None, place: PlaceContext,
                   actors: Mapping[str, Any] | None) -> Heading:
    heading = heading_of(ev, origin, place, actors or {})
    assert heading is not None  # only called for events with a direction
    return heading
