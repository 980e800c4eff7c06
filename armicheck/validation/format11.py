"""Meaning checks for the positions of format 1.1: places the gazetteer knows, offsets that
need a place, the NLL at sea, held ground that agrees with a stated side, tunnels and the
direction of fire. A format 1 file has none of these fields and passes at once."""

from __future__ import annotations

from typing import Any

from armicheck.core import gazetteer
from armicheck.core.diagnostics import Diagnostic
from armicheck.core.korea import HOME_SIDE
from armicheck.load import LoadedDocument
from armicheck.validation.meaning import event_positions

KEYS_11 = frozenset({"place", "bearing_deg", "direction", "nll", "sea", "held_by", "waters"})
SEA_ZONES = ("sea", "han-river-estuary")


def format11_diagnostics(doc: LoadedDocument, data: dict[str, Any] | None = None) -> list[
        Diagnostic]:
    """The checks on `data` (the document's, or a copy in which the values the schema
    refused are UNREADABLE: each check skips a value it cannot read)."""
    data = doc.data if data is None else data
    out: list[Diagnostic] = []

    def err(path: list[Any], message: str, code: str) -> None:
        line, col = doc.locate(path)
        out.append(Diagnostic(doc.path, line, col, message, code))

    actors = data.get("actors")
    events = data.get("events")
    for i, ev in enumerate(events if isinstance(events, list) else ()):
        if not isinstance(ev, dict) or _format_1(ev):
            continue  # the common case, checked without building paths
        base: list[Any] = ["events", i]
        direction = ev.get("direction")
        if isinstance(direction, dict):
            if "place" in direction:
                _check_place(direction["place"], base + ["direction", "place"], err)
            ref = direction.get("actor")
            if isinstance(ref, str) and isinstance(actors, dict) and ref not in actors:
                err(base + ["direction", "actor"], f"unknown actor '{direction['actor']}' in "
                    "direction (the actors are those under `actors`)", "reference")
        tunnel = ev.get("tunnel")
        for steps, pos in event_positions(ev):
            if not KEYS_11.isdisjoint(pos):
                _check_position(pos, base + list(steps), err)
        if tunnel is not None and ev.get("action") in ("fire", "fly", "launch"):
            err(base + ["tunnel"], f"tunnel is for digging or finding a tunnel, not a "
                f"{ev['action']} event", "field")
    out.sort(key=lambda d: (d.line, d.column))
    return out


def _format_1(ev: dict[str, Any]) -> bool:
    """Does the event use none of format 1.1's position fields?"""
    if "tunnel" in ev or type(ev.get("direction")) is dict:
        return False
    return all(KEYS_11.isdisjoint(pos) for _, pos in event_positions(ev))


def _check_place(ref: Any, path: list[Any], err: Any) -> None:
    if not isinstance(ref, str) or ref in gazetteer.load():
        return
    named = gazetteer.find(str(ref))
    if named is not None:
        err(path, f"place '{ref}' is a name: write its id, '{named.id}'", "reference")
        return
    hints = gazetteer.suggest(str(ref))
    tail = (f"did you mean {' or '.join(repr(h) for h in hints)}?" if hints else
            "`armicheck places` lists the places armicheck knows; for any other give lat/lon")
    err(path, f"unknown place '{ref}' ({tail})", "reference")


def _check_position(pos: dict[str, Any], path: list[Any], err: Any) -> None:
    has_coords = any(k in pos for k in ("lat", "lon", "x", "y"))
    if "place" in pos:
        _check_place(pos["place"], path + ["place"], err)
        if has_coords:
            err(path, "a position gives a place or coordinates, not both", "position")
        if "nll" in pos:
            err(path, "a position is placed by a place or by the NLL, not both (distance_m "
                "would be measured from both)", "position")
    offset = [k for k in ("bearing_deg", "direction") if k in pos]
    if offset and "place" not in pos:
        err(path + [offset[0]], f"{offset[0]} offsets a position from a place: add place "
            "(or, for fire, give the event's bearing_deg and range_m)", "position")
    elif len(offset) == 2:
        err(path + ["direction"], "give bearing_deg or direction, not both", "position")
    elif offset and "distance_m" not in pos:
        err(path + [offset[0]], f"{offset[0]} needs distance_m: how far from the place "
            "(a range [min, max] if the sources say 'about')", "position")
    if "nll" in pos and "side" in pos:
        err(path + ["side"], "side is of the MDL, which is not drawn at sea; a position "
            "relative to the NLL says nll: north or south only", "position")
    if "sea" in pos and "nll" not in pos:
        err(path + ["sea"], "sea says which sea's NLL: it goes with nll", "position")
    holder, side = pos.get("held_by"), pos.get("side")
    if holder in HOME_SIDE and side in ("north", "south") and HOME_SIDE[holder] != side:
        err(path + ["held_by"], f"held_by {holder} is the {HOME_SIDE[holder]} side's ground, "
            f"but the position says side {side}", "contradiction")
    if "waters" in pos and isinstance(pos.get("zone"), str) and pos["zone"] not in SEA_ZONES:
        err(path + ["waters"], f"waters are at sea, but the position says zone "
            f"{pos['zone']}", "position")
