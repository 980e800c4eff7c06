"""What the spatial stage answers with: a place's context and a position's facts.

A leaf of the spatial stage: every resolver (relative, LSIB coordinates, the JSA frame, the
CMA zones) builds these, and the facts stage reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from armicheck.core.tri import Tri, indeterminate, no, yes

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
    # Set by spatial.lsib for coordinate positions (an lsib.GeoPoint: the projected
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


# Position fields of format 1.1 (`spatial.resolve.resolve_11`); a format 1 position has none.
FORMAT_11_POSITION_KEYS = frozenset({"place", "bearing_deg", "direction", "nll", "sea",
                                     "held_by", "waters"})


def has_coordinates(pos: Mapping[str, Any]) -> bool:
    return "lat" in pos or "lon" in pos or "x" in pos or "y" in pos


def distance_range(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        lo, hi = float(value[0]), float(value[1])
        return (min(lo, hi), max(lo, hi))
    return (float(value), float(value))
