"""The meaning half of validation: references resolve, ids are unique, times run forward,
positions are possible."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from armicheck.core.diagnostics import Diagnostic
from armicheck.core.korea import HALVES, KOREA_BOX
from armicheck.core.time import (
    parse_date,
    parse_day_span,
    why_not_a_date,
    why_not_a_day_span,
)
from armicheck.core.vocabulary import POSITION_KEYS
from armicheck.load import LoadedDocument
from armicheck.validation.hints import advise_reference

_TIME = re.compile(r"(\d\d):(\d\d)(?::(\d\d))?\Z")




class _Unreadable:
    """A value the schema refused, as the meaning checks see it: no type they test for."""

    def __repr__(self) -> str:
        return "<unreadable>"


UNREADABLE: Any = _Unreadable()


def masked(data: Any, paths: Iterable[Sequence[Any]]) -> Any:
    """`data` with the value at each path replaced by UNREADABLE: the containers along the
    paths are copied, everything else is shared."""
    tree: dict[Any, Any] = {}
    for path in paths:
        node = tree
        for step in path:
            if node is None:
                break
            node = node.setdefault(step, {})
        else:
            node.clear()  # this value is unreadable whatever lies below it
    return _mask(data, tree) if tree else data


def _mask(data: Any, tree: dict[Any, Any]) -> Any:
    if not tree:
        return UNREADABLE
    if isinstance(data, dict):
        out: Any = dict(data)
    elif isinstance(data, list):
        out = list(data)
    else:
        return data
    for step, below in tree.items():
        if isinstance(out, dict) and step in out or isinstance(out, list) and \
                isinstance(step, int) and 0 <= step < len(out):
            out[step] = _mask(out[step], below)
    return out


def meaning_diagnostics(doc: LoadedDocument, data: dict[str, Any] | None = None) -> list[
        Diagnostic]:
    """The meaning checks of `data` (the document's, or a copy in which the values the
    schema refused are UNREADABLE). Each check reads only the values it needs and skips
    one that is unreadable or missing, so every section is checked whatever is wrong in
    another; on a schema-valid document every value is there and well typed."""
    data = doc.data if data is None else data
    out: list[Diagnostic] = []

    def err(path: list[Any], message: str, code: str, key: bool = False) -> None:
        line, col = doc.locate(path, key=key)
        out.append(Diagnostic(doc.path, line, col, message, code))

    # the pools references are checked against; None when the schema refused the section
    # (or an id in it), so a reference cannot be judged
    actors_value = data.get("actors")
    actors: dict[str, Any] | None = actors_value if isinstance(actors_value, dict) else None
    sources_value = data.get("sources", {})
    sources: dict[str, Any] | None = sources_value if isinstance(sources_value, dict) \
        else None
    events_value = data.get("events")
    events: list[Any] = events_value if isinstance(events_value, list) else []

    listed: dict[str, list[str]] = {}  # each pool's names, sorted once, not per reference

    def check_ref(path: list[Any], ref: Any, pool: dict[str, Any] | None, what: str) -> None:
        if pool is None or not isinstance(ref, str) or ref in pool:
            return
        names = listed.get(what)
        if names is None or len(names) != len(pool):
            names = listed[what] = sorted(pool)
        # a hint costs O(len(pool)): none among thousands of names
        hint = advise_reference(ref, names) if len(pool) <= 500 else None
        more = f", … {len(names)} in all" if len(names) > 10 else ""
        known = hint if hint else (
            f"known: {', '.join(names[:10])}{more}" if pool else
            f"the file defines no {what}s")
        err(path, f"unknown {what} '{ref}' ({known})", "reference")

    def check_cites(path: list[Any], cites: Any) -> None:
        if sources is None or not isinstance(cites, list):
            return
        for i, item in enumerate(cites):
            ref = item if type(item) is str else item.get("source") \
                if type(item) is dict else None
            if ref not in sources and isinstance(ref, str):  # unreadable values hash too
                sub = path + [i] if type(item) is str else path + [i, "source"]
                check_ref(sub, ref, sources, "source")

    def checked_date(path: list[Any], text: Any) -> date | None:
        """The date `text` at `path` (whose last step names the field), or None: unreadable,
        or reported here as not a date armicheck handles."""
        if not isinstance(text, str):
            return None
        parsed = parse_date(text)
        if parsed is None:
            err(path, f"{path[-1]} {text!r} {why_not_a_date(text)}", "format")
        return parsed

    def checked_span(path: list[Any], text: Any) -> tuple[date, date] | None:
        """A date that format 1.1 may give as a month or a year: its first and last day, or
        None (unreadable, or reported here as not a date). A full date is checked as
        `checked_date` checks it, with the same message."""
        if not isinstance(text, str):
            return None
        if len(text) == 10:
            day = checked_date(path, text)
            return (day, day) if day is not None else None
        span = parse_day_span(text)
        if span is None:
            err(path, f"{path[-1]} {text!r} {why_not_a_day_span(text)}", "format")
        return span

    place = data.get("place")
    if isinstance(place, dict) and "lat" in place and "lon" in place:
        _check_in_korea(place, ["place"], err)
    incident_span = checked_span(["date"], data.get("date"))
    if "date_end" in data:
        end_span = checked_span(["date_end"], data["date_end"])
        if end_span is not None and incident_span and end_span[1] < incident_span[0]:
            err(["date_end"], "date_end is before date", "order")

    for source_id, source in (sources or {}).items():  # a source's date is a date too
        if isinstance(source, dict) and "date" in source:
            checked_span(["sources", source_id, "date"], source["date"])

    if actors is not None:
        cycles = _part_of_cycles(actors)
        inherited: Inherited = {}
        for actor_id, actor in actors.items():
            if not isinstance(actor, dict):
                continue
            parent = actor.get("part_of")
            if parent is not None:
                check_ref(["actors", actor_id, "part_of"], parent, actors, "actor")
                if actor_id in cycles:  # reported on each actor of the cycle, on no other
                    err(["actors", actor_id, "part_of"], f"actor '{actor_id}' is part of "
                        f"itself (a part_of cycle: {' -> '.join(cycles[actor_id] + [actor_id])})",
                        "cycle")
            _check_side_force(actor_id, actors, err, inherited)
            if "nationality" in actor and "force" in actor:
                err(["actors", actor_id, "force"], f"actor '{actor_id}' has a nationality "
                    "and a force: a civilian has a nationality and is no party's force; a "
                    "member of a force has a force (drop one)", "contradiction")
            if type(actor.get("count")) in _RANGES:  # format 1.1: range, bound
                _check_count(actor["count"], ["actors", actor_id, "count"], err)
            check_cites(["actors", actor_id, "cite"], actor.get("cite"))
            authorized = actor.get("authorized")
            if isinstance(authorized, dict):
                check_cites(["actors", actor_id, "authorized", "cite"], authorized.get("cite"))

    event_ids: dict[str, int] = {}
    complete = True  # every event's id is readable: a reference to another is an error
    previous: tuple[date, tuple[int, int, int], str, int] | None = None
    latest: date | None = None  # the date of the last event with one
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            complete = False
            continue
        base: list[Any] = ["events", i]
        eid = event.get("id")
        if not isinstance(eid, str):
            complete = False
            eid = f"#{i + 1}"
        elif eid in event_ids:
            err(base + ["id"], f"duplicate event id '{eid}' (first used by event "
                f"#{event_ids[eid] + 1})", "duplicate-id")
        else:
            event_ids[eid] = i
        if actors is not None:  # the reference checks' usual case costs no call
            ref = event.get("actor")
            if isinstance(ref, str) and ref not in actors:
                check_ref(base + ["actor"], ref, actors, "actor")
            ref = event.get("target")
            if isinstance(ref, str) and ref not in actors:
                check_ref(base + ["target"], ref, actors, "actor")
            refs = event.get("targets")
            for t_i, ref in enumerate(refs if isinstance(refs, list) else ()):
                check_ref(base + ["targets", t_i], ref, actors, "actor")
        if "cite" in event:
            check_cites(base + ["cite"], event["cite"])
        if "authorized" in event and isinstance(event["authorized"], dict):
            check_cites(base + ["authorized", "cite"], event["authorized"].get("cite"))
        ev_span = incident_span
        if "date" in event:
            ev_span = checked_span(base + ["date"], event["date"])
        ev_date = ev_span[0] if ev_span else None
        if "date_end" in event:
            end_span = checked_span(base + ["date_end"], event["date_end"])
            if end_span is not None and ev_date and end_span[1] < ev_date:
                err(base + ["date_end"], "date_end is before the event's date", "order")
        if (ev_span is not None and ev_span[0] != ev_span[1]) or "time_approximate" in event \
                or "time_latest" in event or "time_end" in event:  # format 1.1 times
            if not _check_event_times(event, base, ev_span, err):
                ev_span = ev_date = None  # its time cannot be placed: no order check on it
        time = event.get("time") if ev_date is not None else None
        m = _TIME.match(time) if isinstance(time, str) else None
        if m:
            hms = (int(m[1]), int(m[2]), int(m[3] or 0))
            if previous and (ev_date, hms) < (previous[0], previous[1]):
                err(base + ["time"], f"event '{eid}' at {event['time']} on {ev_date} comes "
                    f"after event '{previous[2]}' at {_hms(previous[1])} on {previous[0]} "
                    "in the file but is earlier: list events in time order", "time-order")
            elif latest and ev_date < latest:
                _date_order(err, base, event, eid, ev_date, latest)
            previous = (ev_date, hms, eid, i)
            if "date_end" not in event:
                _check_position_times(event, base, hms, err)
        elif ev_span is not None and latest and ev_span[1] < latest:
            _date_order(err, base, event, eid, ev_date, latest)
        if ev_date is not None:
            latest = ev_date
        _check_event_positions(event, base, err, data)
        if type(event.get("rounds")) in _RANGES:  # format 1.1: range, bound
            _check_count(event["rounds"], base + ["rounds"], err)
        obj = event.get("object")
        if isinstance(obj, dict) and type(obj.get("count")) in _RANGES:
            _check_count(obj["count"], base + ["object", "count"], err)
    event_pool = event_ids if complete and isinstance(events_value, list) else None

    determinations = data.get("determinations")
    for d_i, det in enumerate(determinations if isinstance(determinations, list) else ()):
        if not isinstance(det, dict):
            continue
        if "source" in det:
            check_ref(["determinations", d_i, "source"], det["source"], sources, "source")
        elif det.get("second_hand") is True:
            err(["determinations", d_i, "second_hand"], "a determination known only "
                "second-hand names the source that reports it (source)", "missing-field")
        checked_span(["determinations", d_i, "date"], det.get("date"))
        refs = det.get("events")
        for e_i, ref in enumerate(refs if isinstance(refs, list) else ()):
            check_ref(["determinations", d_i, "events", e_i], ref, event_pool, "event")
        findings = det.get("findings")
        for f_i, finding in enumerate(findings if isinstance(findings, list) else ()):
            if not isinstance(finding, dict):
                continue
            refs = finding.get("events")
            for e_i, ref in enumerate(refs if isinstance(refs, list) else ()):
                check_ref(["determinations", d_i, "findings", f_i, "events", e_i], ref,
                          event_pool, "event")
            force, party = finding.get("force"), finding.get("party")
            if isinstance(force, str) and isinstance(party, str) and FORCE_SIDE.get(force) \
                    and PARTY_SIDE.get(party) and FORCE_SIDE[force] != PARTY_SIDE[party]:
                err(["determinations", d_i, "findings", f_i, "force"], f"force {force} is on "
                    f"the {FORCE_SIDE[force]} side, but the finding's party {party} is on the "
                    f"{PARTY_SIDE[party]} side: give a force of the party", "contradiction")
            by = finding.get("act_by")
            if finding.get("act_alternatives") and (by is None or isinstance(by, str)) \
                    and by != "writer":
                err(["determinations", d_i, "findings", f_i, "act_alternatives"],
                    "act_alternatives are for an act the writer chose (act_by: writer), when "
                    "the body named none", "field")
            if by == "writer" and "act" not in finding:
                err(["determinations", d_i, "findings", f_i, "act_by"], "act_by: writer needs "
                    "the act the writer chose (act)", "missing-field")
    claim_ids: dict[str, int] = {}
    claims = data.get("claims")
    for c_i, claim in enumerate(claims if isinstance(claims, list) else ()):
        if not isinstance(claim, dict):
            continue
        claim_id = claim.get("id")
        if isinstance(claim_id, str):
            if claim_id in claim_ids:
                err(["claims", c_i, "id"], f"duplicate claim id '{claim_id}' (first used by "
                    f"claim #{claim_ids[claim_id] + 1})", "duplicate-id")
            else:
                claim_ids[claim_id] = c_i
        if "source" in claim:
            check_ref(["claims", c_i, "source"], claim["source"], sources, "source")
        if "cite" in claim:
            check_cites(["claims", c_i, "cite"], claim["cite"])
        if "date" in claim:
            checked_span(["claims", c_i, "date"], claim["date"])
        refs = claim.get("events")
        for e_i, ref in enumerate(refs if isinstance(refs, list) else ()):
            check_ref(["claims", c_i, "events", e_i], ref, event_pool, "event")
    out.sort(key=lambda d: (d.line, d.column))
    return out


def _date_order(err: Any, base: list[Any], event: dict[str, Any], eid: str, day: date,
                latest: date) -> None:
    """An event dated before the event listed above it, whether or not either has a time."""
    where = "date" if "date" in event else "time"
    err(base + [where], f"event '{eid}' on {day} is listed after an event on {latest}: "
        "list events in time order", "time-order")


def _check_event_times(event: dict[str, Any], base: list[Any],
                       span: tuple[date, date] | None, err: Any) -> bool:
    """Format 1.1 times: each needs `time`, a time needs a full date, and a window or an end
    comes after its start. False when the event's time cannot be placed on a day."""
    for key in ("time_approximate", "time_latest", "time_end"):
        if key in event and "time" not in event:
            err(base + [key], f"{key} needs the event's time (time: \"HH:MM\")", "field")
    time = event.get("time")
    if time is None:
        return True
    placed = True
    if span is not None and span[0] != span[1]:
        err(base + ["time"], "a time needs a full date (YYYY-MM-DD): the event's date is a "
            "month or a year", "format")
        placed = False
    start = _TIME.match(time) if isinstance(time, str) else None
    for key in ("time_latest", "time_end"):
        later = _TIME.match(event[key]) if isinstance(event.get(key), str) else None
        if start and later and "date_end" not in event and later.groups() < start.groups():
            err(base + [key], f"{key} {event[key]} is before time {time}: give "
                "date_end for an event that ran past midnight", "order")
    return placed


_RANGES = (list, dict)  # the format 1.1 forms of a count: [min, max], {at_least: N}


def _check_count(value: Any, path: list[Any], err: Any) -> None:
    """A range or bound that runs backwards ([30, 20]; at_most below at_least)."""
    if isinstance(value, list):
        if len(value) == 2 and _numbers(value) and value[0] > value[1]:
            err(path, f"range {value} runs backwards: write [min, max]", "order")
        return
    low, high = value.get("at_least", 0), value.get("at_most")
    if high is not None and _numbers([low, high]) and high < low:
        err(path, f"at_most {high} is below at_least {value.get('at_least')}", "order")


def _hms(t: tuple[int, int, int]) -> str:
    return f"{t[0]:02d}:{t[1]:02d}" + (f":{t[2]:02d}" if t[2] else "")




# No two points on Earth are farther apart than half its circumference (~20,000 km). A longer
# distance is a typo, and arithmetic on one near the largest float overflows to infinity,
# which JSON cannot carry.
MAX_DISTANCE_M = 20_000_000


def _check_on_earth(value: Any, name: str, base: list[Any], steps: tuple[Any, ...],
                    err: Any) -> None:
    """`name` (at base + steps + name) is within 20,000 km. The path is built only for a
    diagnostic: this runs on every distance of every file."""
    if (type(value) is int or type(value) is float) and value <= MAX_DISTANCE_M:
        return  # the usual case, without the list and the generator below
    values = value if isinstance(value, list) else [value]
    far = max((v for v in values if isinstance(v, int | float) and not isinstance(v, bool)),
              default=0)
    if far > MAX_DISTANCE_M:
        shown = f"{far:,.0f}" if far < 1e15 else f"{far:g}"
        err([*base, *steps, name], f"{name} {shown} m is more than 20,000 km, farther than any "
            "two points on Earth are apart: a typo?", "position")


# the side each force belongs to (an actor's `side` and `force` must agree)
# a determination's party, by Armistice side (the ROK and the US are on the UNC's)
PARTY_SIDE = {"unc": "unc", "rok": "unc", "us": "unc", "kpa": "kpa", "dprk": "kpa", "cpv": "kpa"}
FORCE_SIDE = {"ROK": "unc", "US": "unc", "UNC": "unc", "KPA": "kpa", "CPV": "kpa", "DPRK": "kpa",
              "NNSC": "neutral"}


Inherited = dict[tuple[str, str], tuple[Any, str | None]]


def _check_position_times(event: dict[str, Any], base: list[Any], hms: tuple[int, int, int],
                          err: Any) -> None:
    """A position timed before its event began contradicts the event's time, which is when
    the event is judged (the law in force then): an error, never a silent choice."""
    places = [([key], event[key]) for key in POSITION_KEYS if isinstance(event.get(key), dict)]
    track = event.get("track")
    places += [(["track", j], p) for j, p in enumerate(track if isinstance(track, list) else ())
               if isinstance(p, dict)]
    for where, pos in places:
        m = _TIME.match(pos["time"]) if isinstance(pos.get("time"), str) else None
        if m and (int(m[1]), int(m[2]), int(m[3] or 0)) < hms:
            err(base + [*where, "time"], f"position at {pos['time']} is earlier than its "
                f"event's time {_hms(hms)}: an event's time is when it began (give the event "
                "the earliest time, or split it)", "time-order")


def _part_of_cycles(actors: dict[str, Any]) -> dict[str, list[str]]:
    """Each actor on a `part_of` cycle, with the cycle from it round to the actor before it
    again; every actor is walked once, however long the chains."""
    done: set[str] = set()
    cycles: dict[str, list[str]] = {}
    for start in actors:
        path: list[str] = []
        at: dict[str, int] = {}
        aid: Any = start
        while isinstance(aid, str) and aid in actors and aid not in done and aid not in at:
            at[aid] = len(path)
            path.append(aid)
            raw = actors[aid]
            aid = raw.get("part_of") if isinstance(raw, dict) else None
        if isinstance(aid, str) and aid in at:
            cycle = path[at[aid]:]
            for i, member in enumerate(cycle):
                cycles[member] = cycle[i:] + cycle[:i]
        done.update(path)
    return cycles


def _inherited(actor_id: str, name: str, actors: dict[str, Any],
               found: Inherited) -> tuple[Any, str | None]:
    """An actor's field as `part_of` hands it down, and the actor that states it. Each
    answer is kept in `found` for every actor of the chain walked, so the actors of an
    incident cost steps linear in their number, however long the chains."""
    seen: set[str] = set()
    chain: list[str] = []
    aid: Any = actor_id
    answer: tuple[Any, str | None] = (None, None)
    while isinstance(aid, str) and aid in actors and aid not in seen:
        if (aid, name) in found:
            answer = found[aid, name]
            break
        seen.add(aid)
        chain.append(aid)
        raw = actors[aid] if isinstance(actors[aid], dict) else {}
        if name in raw:
            answer = (raw[name], aid)
            break
        aid = raw.get("part_of")
    for link in chain:
        found[link, name] = answer
    return answer


def _check_side_force(actor_id: str, actors: dict[str, Any], err: Any,
                      found: Inherited) -> None:
    """A side that contradicts the force would be judged as one party under the Armistice
    (by side) and another under the CMA (by force): an error, never a silent choice."""
    side, side_from = _inherited(actor_id, "side", actors, found)
    force, force_from = _inherited(actor_id, "force", actors, found)
    want = FORCE_SIDE.get(force) if isinstance(force, str) else None
    if want is None or side not in ("unc", "kpa", "neutral") or side == want:
        return
    if side_from != actor_id and force_from != actor_id:
        return  # reported on the actor that states them
    where = "" if side_from == force_from else \
        f" (side from '{side_from}', force from '{force_from}')"
    err(["actors", actor_id, "side" if side_from == actor_id else "force"],
        f"actor '{actor_id}' has side {side} but force {force}, which is on the {want} "
        f"side{where}: give the side of the actor's force, or force: unknown", "contradiction")


def _check_in_korea(pos: dict[str, Any], path: list[Any], err: Any) -> None:
    lat, lon = pos.get("lat"), pos.get("lon")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return  # the schema has said what is wrong
    lon_min, lat_min, lon_max, lat_max = KOREA_BOX
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        err(path, f"lat {lat:g}, lon {lon:g} is outside the Korean peninsula and its seas "
            f"(lat {lat_min:g} to {lat_max:g}, lon {lon_min:g} to {lon_max:g}): a typo, or "
            "swapped digits?", "position")


def _items(value: Any) -> list[Any]:
    """A list field's items; none when it is missing or unreadable (refused by the schema)."""
    return value if isinstance(value, list) else []


def event_positions(event: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """An event's readable positions with their steps below the event (the path is built
    only for a diagnostic): at, from, to, impact, the track's, and (format 1.1) a tunnel's
    ends and course. An unreadable one is left out: the schema has said what is wrong."""
    for key in POSITION_KEYS:
        pos = event.get(key)
        if isinstance(pos, dict):
            yield (key,), pos
    for j, pos in enumerate(_items(event.get("track"))):
        if isinstance(pos, dict):
            yield ("track", j), pos
    tunnel = event.get("tunnel")
    if isinstance(tunnel, dict):
        for key in ("start", "end"):
            if isinstance(tunnel.get(key), dict):
                yield ("tunnel", key), tunnel[key]
        for j, pos in enumerate(_items(tunnel.get("course"))):
            if isinstance(pos, dict):
                yield ("tunnel", "course", j), pos


def _check_event_positions(event: dict[str, Any], base: list[Any], err: Any,
                           data: dict[str, Any]) -> None:
    for steps, pos in event_positions(event):
        dist = pos.get("distance_m")
        side = pos.get("side")
        has_ll = "lat" in pos or "lon" in pos
        has_xy = "x" in pos or "y" in pos
        for name in ("distance_m", "uncertainty_m"):
            if name in pos:
                _check_on_earth(pos[name], name, base, steps, err)
        if not (has_ll or has_xy or isinstance(dist, list) or side == "mdl"):
            continue  # a side and a single distance: nothing here can be wrong
        path = base + list(steps)
        frame = pos.get("frame")
        if frame is None:  # the file's frame (unknown when its place is unreadable)
            place = data.get("place")
            frame = place.get("frame", "wgs84") if isinstance(place, dict) else \
                "wgs84" if place is None else None
        if not isinstance(frame, str):
            pass  # an unreadable frame: which coordinates fit it cannot be said
        elif has_ll and has_xy:
            err(path, "position mixes lat/lon and x/y: give one frame's coordinates", "position")
        elif has_ll and not ("lat" in pos and "lon" in pos):
            err(path, "position needs both lat and lon", "position")
        elif has_xy and not ("x" in pos and "y" in pos):
            err(path, "position needs both x and y", "position")
        elif has_ll and frame == "jsa":
            err(path, "lat/lon given in the jsa frame: use x/y metres, or frame: wgs84",
                "position")
        elif has_xy and frame != "jsa":
            err(path, "x/y metres need the jsa frame (frame: jsa on the position or the place)",
                "position")
        elif has_ll:
            _check_in_korea(pos, path, err)
        if isinstance(dist, list) and len(dist) == 2 and _numbers(dist) and dist[0] > dist[1]:
            err(path + ["distance_m"], f"distance range {dist} runs backwards: write [min, max]",
                "position")
        if side == "mdl" and dist not in (None, 0) and dist != [0, 0] and \
                dist is not UNREADABLE:
            err(path + ["side"], "side: mdl means on the line; a distance needs side north or "
                "south", "position")
        y = pos.get("y")
        if _numbers([y]) and (side == "north" and y < 0 or side == "south" and y > 0):
            err(path, f"position says side {side} but y={y} puts it on the other side",
                "position")
    if "range_m" in event:
        _check_on_earth(event["range_m"], "range_m", base, (), err)
    action = event.get("action")
    if not isinstance(action, str):
        return  # missing or unreadable: what fits it cannot be said
    if action == "cross":
        a, b = event.get("from"), event.get("to")
        if isinstance(a, dict) and isinstance(b, dict) and a.get("side") in HALVES \
                and a.get("side") == b.get("side") and "lat" not in a and "y" not in a:
            err(base + ["to", "side"], f"a cross event must end on the other side of the MDL, "
                f"but from and to are both {a['side']}", "position")
    if "impact" in event and action not in ("fire", "detonate", "launch"):
        err(base + ["impact"], f"impact is for fire, detonate or launch events, not {action}",
            "position")
    if "rounds" in event and action != "fire":
        err(base + ["rounds"], f"rounds is for fire events, not {action}", "field")
    if "warning" in event and action != "fire":
        err(base + ["warning"], f"warning (warning shots) is for fire events, not {action}",
            "field")
    if "medium" in event and action != "broadcast":
        err(base + ["medium"], f"medium is for broadcast events, not {action}", "field")


def _numbers(values: list[Any]) -> bool:
    return all((type(v) is int or type(v) is float) for v in values)
