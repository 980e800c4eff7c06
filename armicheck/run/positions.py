"""The JSON contract's `positions` (since 1.2): every event's resolved positions, so a report
can draw them without the spatial stage.

Per event (id and line): each position's role (from, to, at, impact, track[j], tunnel
points), how it was stated, its frame and coordinates (WGS 84 lat/lon, or x/y metres in the
JSA frame with the approximate lat/lon too) with their uncertainty, the side of the MDL, and
the place, holder, waters and NLL side where stated; the direction of fire stated without an
impact.
"""

from __future__ import annotations

from typing import Any

from armicheck.core import gazetteer
from armicheck.core.vocabulary import POSITION_KEYS
from armicheck.facts.derive import IncidentFacts
from armicheck.load import LoadedDocument
from armicheck.spatial.model import PositionFacts

EXTRA_FIELDS = ("place", "held_by", "waters", "nll_side", "nll_distance_m", "sea")


def positions_json(doc: LoadedDocument, facts: IncidentFacts) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    lines = doc.item_lines(["events"])
    for ev in facts.events:
        points = [point_json(role, p) for role, p in ev.positions.items()]
        direction = direction_json(ev.event, "impact" in ev.positions)
        if not points and direction is None:
            continue
        line = lines[ev.index] if ev.index < len(lines) else doc.locate(["events", ev.index])[0]
        out.append({"event": ev.id, "line": line,
                    "points": points, "direction": direction})
    return out


def stated_as(p: PositionFacts) -> str:
    stated = p.extra.get("stated") if p.extra else None
    if stated:
        return str(stated)
    if p.kind in ("wgs84", "jsa"):
        return "bearing-range" if p.extra and "bearing_deg" in p.extra else "coordinates"
    return "mdl-relative" if p.kind == "relative" else "qualitative"


def point_json(role: str, p: PositionFacts) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role, "stated": stated_as(p), "frame": None,
                           "side": p.side}
    located = p.kind in ("wgs84", "jsa")
    if located and p.lonlat is not None:
        out["lat"], out["lon"] = round(p.lonlat[1], 6), round(p.lonlat[0], 6)
        if p.kind == "jsa" and p.jsa_xy is not None:
            out["frame"] = "jsa"
            out["x"], out["y"] = round(p.jsa_xy[0], 2), round(p.jsa_xy[1], 2)
            lo, hi = p.signed_m or (0.0, 0.0)
            out["uncertainty_m"] = round((hi - lo) / 2.0, 1)
        else:
            out["frame"] = "wgs84"
            geo = p.geo
            out["uncertainty_m"] = round(float(getattr(geo, "unc", 0.0)), 1)
    if p.signed_m is not None:  # stated distances as stated; computed ones to 0.1 m
        lo, hi = p.signed_m
        out["mdl_distance_m"] = [round(lo, 1), round(hi, 1)] if located else [lo, hi]
    if p.extra:
        for key in EXTRA_FIELDS:
            if p.extra.get(key) is not None:
                out[key] = p.extra[key]
    return out


def direction_json(ev: dict[str, Any], has_impact: bool) -> dict[str, Any] | None:
    if "direction" not in ev and "bearing_deg" not in ev:
        return None  # most events
    direction = ev.get("direction")
    if isinstance(direction, str):
        return {"kind": "mdl", "toward": direction}
    if isinstance(direction, dict):
        if "place" in direction:
            place = gazetteer.find(str(direction["place"]))
            out: dict[str, Any] = {"kind": "place", "place": direction["place"]}
            if place is not None:
                out.update(lat=place.lat, lon=place.lon, uncertainty_m=place.uncertainty_m,
                           controlled_by=place.controlled_by)
            return out
        if "actor" in direction:
            return {"kind": "actor", "actor": direction["actor"]}
        return {"kind": "bearing", "bearing_deg": direction["bearing_deg"]}
    if "bearing_deg" in ev and not has_impact:
        return {"kind": "bearing", "bearing_deg": ev["bearing_deg"]}
    return None


# --- what an HTML report draws besides positions (only when asked: `Options.drawing`) -------

PLACE_FIELDS = ("name", "lat", "lon", "frame", "zone", "place", "x", "y", "uncertainty_m")


def events_json(doc: LoadedDocument, facts: IncidentFacts) -> list[dict[str, Any]]:
    """Every event as a timeline and an events table need it: who (actor, side, force), what
    (action, summary), when ([start, end] in the incident's own offset; `timed` false: its
    whole day or days; `approximate`: "about", a window or a month), and the names its
    positions give."""
    lines = doc.item_lines(["events"])
    out: list[dict[str, Any]] = []
    for ev in facts.events:
        raw = ev.event
        names = {role: str(raw[role]["name"]) for role in POSITION_KEYS
                 if isinstance(raw.get(role), dict) and raw[role].get("name")}
        line = lines[ev.index] if ev.index < len(lines) else doc.locate(["events", ev.index])[0]
        out.append({
            "event": ev.id, "line": line, "action": raw.get("action"),
            "summary": " ".join(str(raw.get("summary") or "").split()) or None,
            "actor": ev.actor.id, "actor_name": ev.actor.raw.get("name"),
            "side": ev.actor.side, "force": ev.actor.force,
            "start": ev.start.isoformat(), "end": ev.end.isoformat(),
            "timed": ev.timed, "approximate": ev.fuzzy,
            "date": raw.get("date") or facts.data.get("date"),
            "time": raw.get("time"), "certainty": raw.get("certainty"),
            "names": names,
        })
    return out


def place_json(data: dict[str, Any]) -> dict[str, Any] | None:
    """The incident's `place` as stated, with a gazetteer place's coordinates."""
    place = data.get("place")
    if not isinstance(place, dict):
        return None
    out = {k: place[k] for k in PLACE_FIELDS if place.get(k) is not None}
    if "lat" in out:
        return out
    if isinstance(place.get("place"), str):
        found = gazetteer.find(place["place"])
        if found is not None:
            out.update(lat=found.lat, lon=found.lon, uncertainty_m=found.uncertainty_m,
                       name=out.get("name") or found.name, located_by="place")
        return out
    # a name that is a gazetteer place's name, whole or as one of its comma-separated parts
    # ("Yeonpyeong-do, West Sea"): located there, and said to be located by its name
    name = str(place.get("name") or "")
    for part in [name, *name.split(",")]:
        found = gazetteer.find(part.strip()) if part.strip() else None
        if found is not None:
            out.update(lat=found.lat, lon=found.lon, uncertainty_m=found.uncertainty_m,
                       located_by="name", matched_place=found.id)
            break
    return out
