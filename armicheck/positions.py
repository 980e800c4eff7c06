"""Resolve a position in an incident file to spatial facts.

A position is qualitative (`side`, `zone`), relative to the MDL (`side` + `distance_m`, how
investigators report it), or coordinates (`lat`/`lon` in WGS 84, `x`/`y` metres in the JSA
frame). Relative and qualitative positions are resolved here; coordinates are handed to
`armicheck.geometry`, imported lazily so that incidents without coordinates never pay for
shapely and pyproj.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from armicheck.tri import Tri, indeterminate, no, yes

# The DMZ limit lines are drawn 2 km from the MDL; on the ground they run 1.96-2.09 km from it
# (LSIB, shared/geo/README.md), so a reported distance this close to 2 km cannot decide.
DMZ_HALF_WIDTH_M = 2000.0
DMZ_LIMIT_TOLERANCE_M = 100.0
# Beyond this distance from the MDL a position cannot be inside the JSA (an ~800 x 400 m oval).
JSA_MAX_REACH_M = 400.0

INSIDE_DMZ_ZONES = {"dmz", "jsa", "conference-row"}
OUTSIDE_DMZ_ZONES = {"outside-dmz", "sea", "han-river-estuary"}
# The Armistice draws no line at sea: a position stated to be at sea is on neither side of it.
SEA_ZONES = {"sea", "han-river-estuary"}


@dataclass(slots=True)
class PlaceContext:
    """What the incident's `place` says that positions inherit."""

    frame: str = "wgs84"
    zone: str | None = None
    lonlat: tuple[float, float] | None = None


@dataclass(slots=True)
class PositionFacts:
    side: str  # "north" | "south" | "indeterminate"
    side_reason: str
    signed_m: tuple[float, float] | None  # distance to the MDL, north positive, as [lo, hi]
    in_dmz: Tri
    in_jsa: Tri
    in_conference_area: Tri
    lonlat: tuple[float, float] | None = None  # WGS 84, when the position has coordinates
    jsa_xy: tuple[float, float] | None = None  # metres in the JSA frame
    alt_m: float | None = None
    kind: str = "relative"  # "qualitative" | "relative" | "wgs84" | "jsa"
    extra: dict[str, Any] = field(default_factory=dict)
    # Set by armicheck.geometry for coordinate positions (a geometry.GeoPoint: the projected
    # point and the numbers behind the facts above), so crossings and zone tests reuse them.
    geo: Any = field(default=None, repr=False, compare=False)

    @property
    def side_tri(self) -> Tri:
        return Tri("indeterminate" if self.side == "indeterminate" else "yes", self.side_reason)

    def on_side(self, side: str) -> Tri:
        """Is this position on `side` ("north"/"south") of the MDL?"""
        if self.side == "indeterminate":
            return indeterminate(self.side_reason)
        return yes(self.side_reason) if self.side == side else no(self.side_reason)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "side": self.side,
            "side_reason": self.side_reason,
            "distance_m": list(self.signed_m) if self.signed_m else None,
            "in_dmz": self.in_dmz.to_json(),
            "in_jsa": self.in_jsa.to_json(),
            "in_conference_area": self.in_conference_area.to_json(),
        }
        if self.lonlat:
            out["lonlat"] = list(self.lonlat)
        if self.jsa_xy:
            out["jsa_xy"] = list(self.jsa_xy)
        for key, value in self.extra.items():
            out[key] = value.to_json() if isinstance(value, Tri) else value
        return out


def has_coordinates(pos: Mapping[str, Any]) -> bool:
    return "lat" in pos or "lon" in pos or "x" in pos or "y" in pos


def distance_range(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        lo, hi = float(value[0]), float(value[1])
        return (min(lo, hi), max(lo, hi))
    return (float(value), float(value))


def resolve(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    if has_coordinates(pos):
        from armicheck import geometry  # lazy: shapely/pyproj only when coordinates appear

        return geometry.resolve_coordinates(pos, place)
    return resolve_relative(pos, place)


def resolve_relative(pos: Mapping[str, Any], place: PlaceContext) -> PositionFacts:
    side = pos.get("side")
    raw_dist = pos.get("distance_m")
    dist = distance_range(raw_dist) if raw_dist is not None else None
    stated_zone = pos.get("zone")
    zone = stated_zone or place.zone

    signed: tuple[float, float] | None = None
    if side in ("north", "south"):
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

    return PositionFacts(
        extra={"at_sea": True} if zone in SEA_ZONES else {},
        side=side_value,
        side_reason=reason,
        signed_m=signed,
        in_dmz=in_dmz,
        in_jsa=in_jsa,
        in_conference_area=in_conf,
        lonlat=place.lonlat if place.lonlat and not signed else None,
        kind="relative" if dist is not None else "qualitative",
        alt_m=pos.get("alt_m"),
    )


_NOT_PLACED_IN_JSA = no("the incident is not placed in the JSA (no zone jsa, jsa frame or "
                        "coordinates)")
_NOT_IN_JSA = no("not in the JSA")
_NOT_STATED_CONFERENCE_ROW = no("not stated to be in the conference-row area")


def crossing(a: PositionFacts, b: PositionFacts) -> Tri:
    """Does the straight path from a to b cross the MDL?"""
    if any(p.extra.get("at_sea") and p.kind not in ("wgs84", "jsa") for p in (a, b)):
        return no("an end is at sea, where the MDL does not run (the Armistice draws no sea "
                  "line)")
    if a.kind in ("wgs84", "jsa") and b.kind in ("wgs84", "jsa"):
        from armicheck import geometry

        return geometry.crossing(a, b)
    if a.side == "indeterminate" or b.side == "indeterminate":
        why = a.side_reason if a.side == "indeterminate" else b.side_reason
        return indeterminate(f"side of an end point cannot be decided ({why})")
    if a.side != b.side:
        return yes(f"from {a.side} ({a.side_reason}) to {b.side} ({b.side_reason})")
    return no(f"both ends {a.side} of the MDL")


def _fmt(r: tuple[float, float]) -> str:
    lo, hi = r
    if not lo > 0:  # 0.0 and -0.0 are one key but "0" and "-0" in words: not kept
        return f"{lo:g}" if math.isclose(lo, hi) else f"{lo:g}-{hi:g}"
    shown = _SHOWN.get(r)
    if shown is None:  # reported distances recur (100, 500, 1000 m): formatted once each
        if len(_SHOWN) >= 4096:
            _SHOWN.clear()
        shown = _SHOWN[r] = f"{lo:g}" if math.isclose(lo, hi) else f"{lo:g}-{hi:g}"
    return shown


_SHOWN: dict[tuple[float, float], str] = {}


def _fmt_m(near: float, far: float) -> str:
    return f"{_fmt((near, far))} m"
