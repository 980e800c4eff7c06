"""Positions by place (format 1.1): `{place: <id>}`, with an optional offset, as coordinates.

The place comes from the gazetteer (`core.gazetteer`, sourced coordinates with an
uncertainty). An offset is a distance (a number or a range) with a true bearing
(`bearing_deg`) or a compass word (`direction: north-east`, taken as ±22.5°: half the
spacing of the eight words); a distance without either says only "within that distance of
the place". The result is the middle of the area the statement allows, with an uncertainty
that covers all of it: the place's own uncertainty plus the farthest corner of the offset's
arc from that middle.

Without an offset the position is the place itself and is on the ground of the side that
holds it (`held_by`), which the facts read before any line; with an offset, only geometry
decides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from armicheck.core.gazetteer import Place, find
from armicheck.spatial.model import distance_range

COMPASS = {"north": 0.0, "north-east": 45.0, "east": 90.0, "south-east": 135.0,
           "south": 180.0, "south-west": 225.0, "west": 270.0, "north-west": 315.0}
COMPASS_HALF_WIDTH_DEG = 22.5


class PlaceOffset:
    """Where a place position lies: the middle of the stated area and how far it reaches."""

    __slots__ = ("place", "lon", "lat", "uncertainty_m", "how")

    def __init__(self, place: Place, lon: float, lat: float, uncertainty_m: float,
                 how: str) -> None:
        self.place = place
        self.lon = lon
        self.lat = lat
        self.uncertainty_m = uncertainty_m
        self.how = how  # words for reasons: "at Baengnyeong-do", "18 km east of Sokcho"


def has_offset(pos: Mapping[str, Any]) -> bool:
    return "distance_m" in pos or "bearing_deg" in pos or "direction" in pos


def locate(pos: Mapping[str, Any], forward: Any) -> PlaceOffset:
    """The position `pos` (with `place`) as a point and radius. `forward(lon, lat, az, dist)`
    is the geodesic forward problem (pyproj's Geod.fwd), passed in so that this module needs
    no projection of its own."""
    place = find(str(pos["place"]))
    if place is None:  # validation refuses unknown places; a direct caller gets an error
        raise ValueError(f"unknown place {pos['place']!r}")
    base_unc = place.uncertainty_m + float(pos.get("uncertainty_m") or 0.0)
    dist = distance_range(pos.get("distance_m"))
    if "bearing_deg" in pos:
        bearing: float | None = float(pos["bearing_deg"]) % 360.0
        half = 0.0
        heading = f"bearing {bearing:g}°"
    elif "direction" in pos:
        bearing = COMPASS[str(pos["direction"])]
        half = COMPASS_HALF_WIDTH_DEG
        heading = str(pos["direction"])
    else:
        bearing, half, heading = None, 0.0, ""
    if dist is None or dist[1] == 0.0:
        return PlaceOffset(place, place.lon, place.lat, base_unc, f"at {place.name}")
    lo, hi = dist
    span = f"{_km(lo)}" if lo == hi else f"{_km(lo)}-{_km(hi)}"
    if bearing is None:
        # "within 18 km of the place": the disc around it
        return PlaceOffset(place, place.lon, place.lat, base_unc + hi,
                           f"within {_km(hi)} of {place.name}")
    mid = (lo + hi) / 2.0
    lon, lat, _ = forward(place.lon, place.lat, bearing, mid)
    # the farthest corner of the arc (lo..hi, bearing ± half) from its middle point
    h = math.radians(half)
    reach = max(math.sqrt(max(d * d + mid * mid - 2.0 * d * mid * math.cos(h), 0.0))
                for d in (lo, hi))
    return PlaceOffset(place, float(lon), float(lat), base_unc + reach,
                       f"{span} {heading} of {place.name}")


def _km(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"
