"""Resolve a position in an incident file to spatial facts, and decide crossings.

A position is qualitative (`side`, `zone`), relative to the MDL (`side` + `distance_m`, how
investigators report them), or coordinates (`lat`/`lon` in WGS 84, `x`/`y` metres in the JSA
frame). Relative and qualitative positions go to `spatial.relative`; coordinates to
`spatial.lsib`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial.model import PlaceContext, PositionFacts, has_coordinates
from armicheck.spatial.relative import resolve_relative


def resolve(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    if has_coordinates(pos):
        from armicheck.spatial import lsib  # lazy: shapely/pyproj only when coordinates appear

        return lsib.resolve_coordinates(pos, place)
    return resolve_relative(pos, place)


def crossing(a: PositionFacts, b: PositionFacts) -> Tri:
    """Does the straight path from a to b cross the MDL?"""
    if any(p.extra.get("at_sea") and p.kind not in ("wgs84", "jsa") for p in (a, b)):
        return no("an end is at sea, where the MDL does not run (the Armistice draws no sea "
                  "line)")
    if a.kind in ("wgs84", "jsa") and b.kind in ("wgs84", "jsa"):
        from armicheck.spatial import lsib  # lazy, as above

        return lsib.crossing(a, b)
    if a.side == "indeterminate" or b.side == "indeterminate":
        why = a.side_reason if a.side == "indeterminate" else b.side_reason
        return indeterminate(f"side of an end point cannot be decided ({why})")
    if a.side != b.side:
        return yes(f"from {a.side} ({a.side_reason}) to {b.side} ({b.side_reason})")
    return no(f"both ends {a.side} of the MDL")
