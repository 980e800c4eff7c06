"""Resolve a position in an incident file to spatial facts, and decide crossings.

A position is qualitative (`side`, `zone`), relative to the MDL (`side` + `distance_m`, how
investigators report them), or coordinates (`lat`/`lon` in WGS 84, `x`/`y` metres in the JSA
frame). Relative and qualitative positions go to `spatial.relative`; coordinates to
`spatial.lsib`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial.model import PlaceContext, PositionFacts, has_coordinates
from armicheck.spatial.relative import resolve_relative


def resolve(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    if has_coordinates(pos):
        from armicheck.spatial import lsib  # lazy: shapely/pyproj only when coordinates appear

        return _stated_side(pos, lsib.resolve_coordinates(pos, place))
    return resolve_relative(pos, place)


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
