"""Positions without coordinates: qualitative (`side`, `zone`) or relative to the MDL (`side`
+ `distance_m`, as investigators report them)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from armicheck.core.korea import HALVES
from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial.model import (
    DMZ_HALF_WIDTH_M,
    DMZ_LIMIT_TOLERANCE_M,
    INSIDE_DMZ_ZONES,
    JSA_MAX_REACH_M,
    OUTSIDE_DMZ_ZONES,
    SEA_ZONES,
    PlaceContext,
    PositionFacts,
    distance_range,
)


def resolve_relative(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    raw_dist = pos.get("distance_m")
    if type(raw_dist) is list:
        raw_dist = tuple(raw_dist)
    # the cache would take -0.0 for 0 (they are equal), whose reasons print differently
    cacheable = raw_dist is None or (0 not in raw_dist if type(raw_dist) is tuple
                                     else raw_dist != 0)
    try:
        if not cacheable:
            raise TypeError
        (side_value, reason, signed, in_dmz, in_jsa, in_conf, at_sea,
         kind) = _relative_facts(pos.get("side"), raw_dist, pos.get("zone"), place.zone)
    except TypeError:  # zero, or a value the schema would have refused: work it out
        (side_value, reason, signed, in_dmz, in_jsa, in_conf, at_sea,
         kind) = _relative_facts.__wrapped__(pos.get("side"), raw_dist, pos.get("zone"),
                                             place.zone)
    # a new object each time: callers may add to its reason and extra facts
    return PositionFacts(
        extra={"at_sea": True} if at_sea else {},
        side=side_value,
        side_reason=reason,
        signed_m=signed,
        in_dmz=in_dmz,
        in_jsa=in_jsa,
        in_conference_area=in_conf,
        lonlat=place.lonlat if place.lonlat and not signed else None,
        kind=kind,
        alt_m=pos.get("alt_m"),
    )


# The same statements recur across a collection ({side: north}, {side: south, distance_m:
# 700}); their facts (immutable Tri and strings) are worked out once.
@lru_cache(maxsize=4096)
def _relative_facts(side: Any, raw_dist: Any, stated_zone: Any, place_zone: str | None) -> tuple[
        str, str, tuple[float, float] | None, Tri, Tri, Tri, bool, str]:
    dist = distance_range(raw_dist) if raw_dist is not None else None
    zone = stated_zone or place_zone

    signed: tuple[float, float] | None = None
    if side in HALVES:
        if dist is not None:
            signed = dist if side == "north" else (-dist[1], -dist[0])
            if dist[0] <= 0.0:
                side_value, reason = "indeterminate", f"stated range {_fmt(dist)} m reaches the MDL"
            else:
                side_value, reason = side, f"stated: {_fmt(dist)} m {side} of the MDL"
        else:
            side_value, reason = side, f"stated: {side} of the MDL"
    elif side == "mdl":
        signed = (0.0, 0.0) if dist is None else (-dist[1], dist[1])
        side_value, reason = "indeterminate", "stated to be on the MDL"
    else:
        side_value, reason = "indeterminate", "position does not say which side of the MDL"

    # the nearest and farthest the position may be from the MDL
    near = far = 0.0
    if signed is not None:
        lo, hi = signed
        far = max(abs(lo), abs(hi))
        near = 0.0 if lo <= 0.0 <= hi else min(abs(lo), abs(hi))

    # DMZ membership: a stated zone decides; otherwise the distance, within the limit tolerance.
    if stated_zone in INSIDE_DMZ_ZONES:
        in_dmz = yes(f"stated zone: {stated_zone}")
    elif stated_zone in OUTSIDE_DMZ_ZONES:
        in_dmz = no(f"stated zone: {stated_zone}")
    elif signed is not None and (dist is not None or side == "mdl"):
        if far <= DMZ_HALF_WIDTH_M - DMZ_LIMIT_TOLERANCE_M:
            in_dmz = yes(f"{_fmt_m(near, far)} from the MDL, inside the 2 km DMZ")
        elif near >= DMZ_HALF_WIDTH_M + DMZ_LIMIT_TOLERANCE_M:
            in_dmz = no(f"{_fmt_m(near, far)} from the MDL, beyond the 2 km DMZ limit")
        else:
            in_dmz = indeterminate(
                f"{_fmt_m(near, far)} from the MDL is within "
                f"{DMZ_LIMIT_TOLERANCE_M:.0f} m of the DMZ limit"
            )
    elif zone in INSIDE_DMZ_ZONES:
        in_dmz = yes(f"incident place zone: {zone}")
    elif zone in OUTSIDE_DMZ_ZONES:
        in_dmz = no(f"incident place zone: {zone}")
    else:
        in_dmz = indeterminate("position gives neither a zone nor a distance to the MDL")

    if stated_zone in ("jsa", "conference-row"):
        in_jsa = yes(f"stated zone: {stated_zone}")
    elif stated_zone in OUTSIDE_DMZ_ZONES:
        in_jsa = no(f"stated zone: {stated_zone}")
    elif signed is not None and near > JSA_MAX_REACH_M and dist is not None:
        in_jsa = no(f"{_fmt_m(near, far)} from the MDL, beyond the JSA")
    elif zone in ("jsa", "conference-row"):
        in_jsa = yes(f"incident place zone: {zone}")
    elif stated_zone == "dmz" or zone in OUTSIDE_DMZ_ZONES:
        in_jsa = no(f"zone: {stated_zone or zone}, not the JSA")
    else:
        # The JSA is one small named place: an incident there says so (place zone or frame
        # jsa, or coordinates); a position in an incident placed elsewhere is not in it.
        in_jsa = _NOT_PLACED_IN_JSA

    if stated_zone == "conference-row":
        in_conf = yes("stated zone: conference-row")
    elif in_jsa.value == "no":
        in_conf = _NOT_IN_JSA
    else:
        in_conf = _NOT_STATED_CONFERENCE_ROW

    return (side_value, reason, signed, in_dmz, in_jsa, in_conf, zone in SEA_ZONES,
            "relative" if dist is not None else "qualitative")


_NOT_PLACED_IN_JSA = no("the incident is not placed in the JSA (no zone jsa, jsa frame or "
                        "coordinates)")
_NOT_IN_JSA = no("not in the JSA")
_NOT_STATED_CONFERENCE_ROW = no("not stated to be in the conference-row area")


def _fmt(r: tuple[float, float]) -> str:
    lo, hi = r
    return f"{lo:g}" if math.isclose(lo, hi) else f"{lo:g}-{hi:g}"


def _fmt_m(near: float, far: float) -> str:
    return f"{_fmt((near, far))} m"
