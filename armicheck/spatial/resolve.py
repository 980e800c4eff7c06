"""Resolve a position in an incident file to spatial facts, and decide crossings.

A position is qualitative (`side`, `zone`), relative to the MDL (`side` + `distance_m`, how
investigators report them), or coordinates (`lat`/`lon` in WGS 84, `x`/`y` metres in the JSA
frame). Relative and qualitative positions go to `spatial.relative`; coordinates to
`spatial.lsib`.

Format 1.1 adds (`resolve_11`): a named place with an optional offset (`spatial.places`),
a position relative to the Northern Limit Line (`nll`), ground a side holds (`held_by`) and
the waters a position is in (`waters`). Each records how it was stated in `extra`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from armicheck.core import gazetteer
from armicheck.core.korea import HOME_SIDE
from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial import places
from armicheck.spatial.islands import on_unc_island
from armicheck.spatial.model import (
    FORMAT_11_POSITION_KEYS,
    PlaceContext,
    PositionFacts,
    distance_range,
    has_coordinates,
)
from armicheck.spatial.relative import resolve_relative

HOLDERS = {"unc": "UNC", "kpa": "KPA"}
WATERS = {"rok-territorial": "ROK territorial waters", "dprk-territorial":
          "DPRK territorial waters", "international": "international waters"}
# the side of the Armistice whose state claims the waters
WATERS_SIDE = {"rok-territorial": "unc", "dprk-territorial": "kpa"}


# a position stated by these keys alone says nothing of where it is but its name
NAME_ONLY_KEYS = frozenset({"name", "certainty", "note", "time"})


def resolve(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    if "name" in pos and pos.keys() <= NAME_ONLY_KEYS:
        named = by_name(pos, place)
        if named is not None:
            return named
    if "certainty" in pos and pos["certainty"] != "confirmed":
        return _with_certainty(_resolve(pos, place), str(pos["certainty"]))
    return _resolve(pos, place)


def _resolve(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    if not FORMAT_11_POSITION_KEYS.isdisjoint(pos):
        return resolve_11(pos, place)
    if has_coordinates(pos):
        from armicheck.spatial import lsib  # lazy: shapely/pyproj only when coordinates appear

        return _stated_side(pos, lsib.resolve_coordinates(pos, place))
    return resolve_relative(pos, place)


def _with_certainty(found: PositionFacts, certainty: str) -> PositionFacts:
    """The position's stated certainty, kept for the finding's confidence (a copy: resolved
    positions may be shared by a cache)."""
    return replace(found, extra={**found.extra, "certainty": certainty})


def by_name(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts | None:
    """A position that gives only a name which is a gazetteer place's (any spelling it
    lists): resolved as that place, and marked inferred (the writer named a place, the
    tool placed it). Issue 20: "impact: {name: Yeonpyeong-do}" is the island, UNC-held."""
    found = gazetteer.find(str(pos["name"]))
    if found is None:
        return None
    resolved = resolve_11({"place": found.id}, place)
    why = f"inferred from the name {pos['name']!r}: the gazetteer place {found.id}"
    resolved.side_reason = f"{why}; {resolved.side_reason}"
    extra = {**resolved.extra, "certainty": "inferred", "inferred": why}
    if "held_reason" in extra:
        extra["held_reason"] = f"{why}, {extra['held_reason']}"
    stated = pos.get("certainty")
    if stated in ("alleged",):
        extra["certainty"] = stated
    return replace(resolved, extra=extra)


def resolve_11(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    """A position using a format 1.1 field: by place, relative to the NLL, held ground,
    waters (any of them may come with the format 1 fields they do not contradict)."""
    alt = pos.get("alt_m")
    alt_m = float(alt) if alt is not None else None
    if "place" in pos:
        from armicheck.spatial import lsib  # lazy, as above

        where = places.locate(pos, lsib.geodesic_forward)
        extra: dict[str, Any] = {"stated": "place", "place": where.place.id,
                                 "place_how": where.how,
                                 "controlled_by": where.place.controlled_by}
        if not places.has_offset(pos) and where.place.held_by:
            extra["held_by"] = where.place.held_by
            extra["held_reason"] = (f"at {where.place.name}, held by the "
                                    f"{HOLDERS[where.place.held_by]} side (gazetteer: "
                                    f"{where.place.source.get('title', 'source')})")
        found = lsib.point_facts(where.lon, where.lat, where.uncertainty_m, alt_m, extra)
        found.side_reason = f"{where.how}: {found.side_reason}"
        found = _stated_side(pos, found)
    elif "nll" in pos:
        found = _nll_relative(pos, place)
    else:
        rest = {k: v for k, v in pos.items() if k not in ("held_by", "waters")}
        if "waters" in pos and "zone" not in rest and not has_coordinates(rest):
            rest["zone"] = "sea"  # stated waters are at sea, on neither side of the MDL
        holder = pos.get("held_by")
        if holder in HOME_SIDE and "side" not in rest and not has_coordinates(rest):
            rest["side"] = HOME_SIDE[holder]  # held ground is that side's half
        found = resolve(rest, place)
        if holder in HOME_SIDE and "side" not in pos and not has_coordinates(rest):
            found.side_reason = (f"stated: on {HOLDERS[holder]}-held ground, the "
                                 f"{HOME_SIDE[holder]} side's area")
            found.extra["stated"] = "held-ground"
    holder = pos.get("held_by")
    if holder in HOME_SIDE:
        found.extra["held_by"] = holder
        found.extra["held_reason"] = f"stated: on {HOLDERS[holder]}-held ground"
    if "waters" in pos:
        found.extra["waters"] = pos["waters"]
        found.extra["at_sea"] = True
    return found


def _nll_relative(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    """At sea, on a stated side of the NLL (a UNC line, not in the Armistice), perhaps at a
    stated distance from it: no side of the MDL and no coordinates."""
    side = str(pos["nll"])
    dist = distance_range(pos.get("distance_m"))
    found = resolve_relative({"zone": "sea"}, place)
    found.kind = "nll-relative"
    found.lonlat = None
    found.side_reason = ("at sea, stated relative to the NLL: no MDL is drawn at sea (the "
                         "Armistice draws no sea line)")
    found.extra.update({"stated": "nll-relative", "at_sea": True, "nll_side": side,
                        "nll_distance_m": list(dist) if dist else None,
                        "sea": pos.get("sea")})
    return found


def _stated_side(pos: Mapping[str, Any], found: PositionFacts) -> PositionFacts:
    """Coordinates and a stated side that disagree: the sources disagree, so the side is
    indeterminate with both reasons, never the coordinates' side chosen silently."""
    stated = pos.get("side")
    if stated not in ("north", "south") or found.side in ("indeterminate", stated):
        return found
    why = (f"sources disagree: the position is stated to be {stated} of the MDL but its "
           f"coordinates put it {found.side} ({found.side_reason})")
    return replace(found, side="indeterminate", side_reason=why,
                   extra={**found.extra, "side_conflict": why})


def crossing(a: PositionFacts, b: PositionFacts) -> Tri:
    """Does the straight path from a to b cross the MDL?"""
    if any(p.extra.get("at_sea") and p.kind not in ("wgs84", "jsa") for p in (a, b)):
        return no("an end is at sea, where the MDL does not run (the Armistice draws no sea "
                  "line)")
    for p in (a, b):  # issue 20: the ¶13(b) islands lie where no MDL is drawn
        if p.kind == "wgs84" and p.side == "indeterminate":
            island = on_unc_island(p)
            if island.yes:
                return no(f"an end is on a ¶13(b) island, where the MDL does not run "
                          f"({island.reason})")
    conflict = a.extra.get("side_conflict") or b.extra.get("side_conflict")
    if conflict:
        return indeterminate(f"side of an end point cannot be decided ({conflict})")
    if a.kind in ("wgs84", "jsa") and b.kind in ("wgs84", "jsa"):
        from armicheck.spatial import lsib  # lazy, as above

        return lsib.crossing(a, b)
    if a.side == "indeterminate" or b.side == "indeterminate":
        why = a.side_reason if a.side == "indeterminate" else b.side_reason
        return indeterminate(f"side of an end point cannot be decided ({why})")
    if a.side != b.side:
        return yes(f"from {a.side} ({a.side_reason}) to {b.side} ({b.side_reason})")
    return no(f"both ends {a.side} of the MDL")
