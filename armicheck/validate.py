"""Stage 2: validate an incident document against the schema and for meaning.

The schema check is jsonschema-rs, compiled once: a fast `is_valid` gate for valid files, the
common case in a collection; for an invalid file its errors carry the paths we map back to
`line:column` with readable messages.
Meaning checks: references resolve, ids are unique, times run forward, positions are
possible.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from armicheck.diagnostics import Diagnostic
from armicheck.loader import LoadedDocument
from armicheck.schemas import load_schema

FORMAT_VERSION = 1


@cache
def _fast_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema("incident"), validate_formats=True)


def validate_incident(doc: LoadedDocument) -> list[Diagnostic]:
    data = doc.data
    if not isinstance(data, dict):
        line, col = doc.locate([])
        kind = "a list" if isinstance(data, list) else "empty (null)" if data is None \
            else f"a single value ({_value_words(data)})"
        return [Diagnostic(doc.path, line, col, f"top level is {kind}: an incident file is a "
                           "mapping with armicheck: 1, id, title, date, actors, events", "schema")]
    version = data.get("armicheck")
    if version != FORMAT_VERSION or isinstance(version, bool):
        line, col = doc.locate(["armicheck"]) if "armicheck" in data else doc.locate([])
        if version is None:
            msg = "missing 'armicheck: 1' (the incident format version) at the top of the file"
        else:
            msg = (f"unsupported incident format version {version!r}: this armicheck reads "
                   f"version {FORMAT_VERSION}")
        return [Diagnostic(doc.path, line, col, msg, "version")]
    if not _fast_validator().is_valid(data):
        diags = schema_diagnostics(doc)
        if diags:
            return diags
    return meaning_diagnostics(doc)


def schema_diagnostics(doc: LoadedDocument) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in schema_errors(_fast_validator(), load_schema("incident"), doc.data):
        out.append(_schema_diagnostic(doc, best_error(error)))
    out.sort(key=lambda d: (d.line, d.column))
    return _dedupe(out)


@dataclass(slots=True)
class SchemaError:
    """A schema error in the terms messages are written in (from jsonschema-rs, which is ~80x
    faster than `jsonschema` and gives the same paths, so bad files are cheap too)."""

    validator: str  # the keyword that failed: type, required, oneOf, ...
    validator_value: Any  # that keyword's value in the schema
    instance: Any
    schema: Any  # the subschema holding the keyword
    absolute_path: list[Any]  # into the instance
    relative_path: list[Any]  # below the oneOf/anyOf this error is an alternative of
    branch: int | None  # which alternative
    message: str
    context: list[SchemaError]


def schema_errors(validator: Any, root: Any, data: Any) -> list[SchemaError]:
    """All errors of a jsonschema-rs validator; `root` is its schema, for keyword values."""
    return [_adapt(e, root, 0, None) for e in validator.iter_errors(data)]


def _adapt(e: Any, root: Any, parent_depth: int, branch: int | None) -> SchemaError:
    spath = list(e.schema_path)
    keyword = str(spath[-1]) if spath else ""
    schema: Any = root
    for step in spath[:-1]:
        try:
            schema = schema[step]
        except (KeyError, IndexError, TypeError):
            schema = {}
            break
    ipath = list(e.instance_path)
    message = e.message
    if keyword == "required":
        message = f"'{getattr(e.kind, 'property', '?')}' is a required property"
    context: list[SchemaError] = []
    if keyword in ("oneOf", "anyOf"):
        for i, alternative in enumerate(getattr(e.kind, "context", None) or []):
            context += [_adapt(sub, root, len(ipath), i) for sub in alternative]
    return SchemaError(
        validator=keyword, instance=e.instance, schema=schema,
        validator_value=schema.get(keyword) if isinstance(schema, dict) else None,
        absolute_path=ipath, relative_path=ipath[parent_depth:], branch=branch,
        message=message, context=context)


_SHAPE_VALIDATORS = ("type", "required", "const")
_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$"


def best_error(error: SchemaError) -> SchemaError:
    """For a oneOf/anyOf failure, the error of the alternative the value was meant to be.

    An alternative whose type or required keys the value lacks was not meant; of the others,
    the deepest error is the most specific (a typo'd field name, a number out of range).
    When no alternative fits, a `type` error naming every accepted type.
    """
    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[SchemaError]] = {}
        for sub in error.context:
            branches.setdefault(sub.branch, []).append(sub)
        fitting = [errs for errs in branches.values()
                   if not any(e.validator in _SHAPE_VALIDATORS and not e.relative_path
                              for e in errs)]
        if not fitting:
            types: list[str] = []
            for sub in error.context:
                if sub.validator == "type" and not sub.relative_path:
                    for t in sub.validator_value if isinstance(sub.validator_value, list) \
                            else [sub.validator_value]:
                        if t not in types:
                            types.append(t)
            if not types or len(types) < len(branches):
                return error.context[0]
            return SchemaError(
                validator="type", validator_value=types, instance=error.instance, schema={},
                absolute_path=error.absolute_path, relative_path=error.relative_path,
                branch=error.branch, message=error.message, context=[])
        errs = max(fitting, key=lambda errs: max(len(e.relative_path) for e in errs))
        error = max(errs, key=lambda e: len(e.relative_path))
    return error


def _schema_diagnostic(doc: LoadedDocument, error: Any) -> Diagnostic:
    path = list(error.absolute_path)
    where = _describe(path)
    validator = error.validator
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(
            error.instance, dict) else []
        key = extras[0] if extras else "?"
        line, col = doc.locate(path + [key], key=True)
        hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        msg = f"unknown field '{key}' in {where}"
        msg += f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(allowed)}"
        return Diagnostic(doc.path, line, col, msg, "unknown-field")
    line, col = doc.locate(path)
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Diagnostic(doc.path, line, col, f"missing required field '{missing}' in {where}",
                          "missing-field")
    if validator == "enum":
        options = [str(o) for o in error.validator_value]
        hint = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        msg = f"{where}: {error.instance!r} is not one of {', '.join(options)}"
        if hint:
            msg += f" (did you mean '{hint[0]}'?)"
        return Diagnostic(doc.path, line, col, msg, "enum")
    if validator == "type":
        expected = _type_words(error.validator_value)
        got = _value_words(error.instance)
        return Diagnostic(doc.path, line, col, f"{where}: expected {expected}, got {got}", "type")
    if validator == "pattern" and path and path[-1] in ("time", "date", "date_end", "utc_offset"):
        fmt = {"time": '"HH:MM" (24-hour, quoted)', "utc_offset": '"+09:00"'}.get(
            str(path[-1]), '"YYYY-MM-DD" (quoted)')
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid "
                          f"{path[-1]}; write it as {fmt}", "format")
    if validator == "format" and error.validator_value == "date":
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a real "
                          "calendar date", "format")
    if validator == "pattern" and error.validator_value == _ID_PATTERN:
        return Diagnostic(doc.path, line, col, f"{where}: {error.instance!r} is not a valid id: "
                          "use letters, digits, '.', '_' and '-', starting with a letter or "
                          "digit", "id")
    if validator == "propertyNames":
        return Diagnostic(doc.path, line, col, f"{where}: invalid id: {_short(error.message)}",
                          "id")
    limit = error.validator_value
    size = len(error.instance) if isinstance(error.instance, (str, list, dict)) else 0
    what = {str: "characters", list: "items", dict: "entries"}.get(type(error.instance), "")
    if validator in ("maxLength", "maxItems", "maxProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, over the maximum of "
                          f"{limit:,}", "too-long")
    if validator in ("minLength", "minItems", "minProperties"):
        return Diagnostic(doc.path, line, col, f"{where}: {size:,} {what}, under the minimum of "
                          f"{limit:,}", "too-short")
    if validator == "uniqueItems":
        return Diagnostic(doc.path, line, col, f"{where}: lists an item twice", "duplicate")
    return Diagnostic(doc.path, line, col, f"{where}: {_short(error.message)}", "schema")


def _short(message: str, limit: int = 300) -> str:
    """Schema messages quote the offending value: keep a huge value from flooding the line."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _describe(path: list[Any]) -> str:
    if not path:
        return "the incident"
    parts = []
    for step in path:
        parts.append(f"[{step}]" if isinstance(step, int) else ("." + step if parts else step))
    return "".join(parts)


def _type_words(t: Any) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number",
             "object": "a mapping", "array": "a list", "boolean": "true or false"}
    if isinstance(t, list):
        return " or ".join(names.get(x, x) for x in t)
    return names.get(t, t)


def _value_words(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"{str(v).lower()}"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    return f"{type(v).__name__} {v!r}"


def _dedupe(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for d in diags:
        k = (d.line, d.column, d.message)
        if k not in seen:
            seen.add(k)
            out.append(d)
    return out


_TIME = re.compile(r"(\d\d):(\d\d)(?::(\d\d))?\Z")


# Years armicheck handles: the Armistice regime's, with room; beyond them date arithmetic
# (a day after 9999-12-31, an offset before 0001-01-01) would overflow.
DATE_RANGE = (date(1900, 1, 1), date(2999, 12, 31))


def _parse_date(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if DATE_RANGE[0] <= day <= DATE_RANGE[1] else None


def _not_a_date(text: str) -> str:
    """Why `_parse_date` refused `text`, for the message."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return "is not a real calendar date"
    return (f"is outside the years armicheck handles ({DATE_RANGE[0].year}-"
            f"{DATE_RANGE[1].year})")


def meaning_diagnostics(doc: LoadedDocument) -> list[Diagnostic]:
    data: dict[str, Any] = doc.data
    out: list[Diagnostic] = []

    def err(path: list[Any], message: str, code: str, key: bool = False) -> None:
        line, col = doc.locate(path, key=key)
        out.append(Diagnostic(doc.path, line, col, message, code))

    actors: dict[str, Any] = data.get("actors") or {}
    sources: dict[str, Any] = data.get("sources") or {}
    events: list[dict[str, Any]] = data.get("events") or []

    def check_ref(path: list[Any], ref: str, pool: dict[str, Any] | set[str], what: str) -> None:
        if ref not in pool:
            # difflib is O(len(pool)) per call: no hints among thousands of names
            hint = difflib.get_close_matches(ref, list(pool), n=1, cutoff=0.6) \
                if len(pool) <= 500 else []
            names = sorted(pool)
            more = f", … {len(names)} in all" if len(names) > 10 else ""
            known = f"did you mean '{hint[0]}'?" if hint else (
                f"known: {', '.join(names[:10])}{more}" if pool else
                f"the file defines no {what}s")
            err(path, f"unknown {what} '{ref}' ({known})", "reference")

    def check_cites(path: list[Any], cites: list[Any] | None) -> None:
        for i, item in enumerate(cites or ()):
            ref = item if isinstance(item, str) else item.get("source")
            if ref not in sources:  # the path is built only for a diagnostic
                sub = path + [i] if isinstance(item, str) else path + [i, "source"]
                check_ref(sub, ref, sources, "source")

    def checked_date(path: list[Any]) -> date | None:
        """The date at `path` (whose last step names the field), or None after reporting why
        it is not one."""
        text = doc.data
        for step in path:
            text = text[step]
        parsed = _parse_date(text)
        if parsed is None:
            err(path, f"{path[-1]} {text!r} {_not_a_date(text)}", "format")
        return parsed

    place = data.get("place")
    if isinstance(place, dict) and "lat" in place and "lon" in place:
        _check_in_korea(place, ["place"], err)
    incident_date = checked_date(["date"])
    if "date_end" in data:
        end = checked_date(["date_end"])
        if end is not None and incident_date and end < incident_date:
            err(["date_end"], "date_end is before date", "order")

    for actor_id, actor in actors.items():
        parent = actor.get("part_of")
        if parent is not None:
            check_ref(["actors", actor_id, "part_of"], parent, actors, "actor")
            seen = {actor_id}
            while parent in actors and parent not in seen:
                seen.add(parent)
                parent = actors[parent].get("part_of")
            if parent in seen:
                err(["actors", actor_id, "part_of"], f"actor '{actor_id}' is part of itself "
                    "(a part_of cycle)", "cycle")
        check_cites(["actors", actor_id, "cite"], actor.get("cite"))
        if "authorized" in actor:
            check_cites(["actors", actor_id, "authorized", "cite"], actor["authorized"].get("cite"))

    event_ids: dict[str, int] = {}
    previous: tuple[date, tuple[int, int, int], str, int] | None = None
    for i, event in enumerate(events):
        base: list[Any] = ["events", i]
        eid = event["id"]
        if eid in event_ids:
            err(base + ["id"], f"duplicate event id '{eid}' (first used by event "
                f"#{event_ids[eid] + 1})", "duplicate-id")
        else:
            event_ids[eid] = i
        if event["actor"] not in actors:
            check_ref(base + ["actor"], event["actor"], actors, "actor")
        if "target" in event and event["target"] not in actors:
            check_ref(base + ["target"], event["target"], actors, "actor")
        if "cite" in event:
            check_cites(base + ["cite"], event["cite"])
        if "authorized" in event:
            check_cites(base + ["authorized", "cite"], event["authorized"].get("cite"))
        ev_date = incident_date
        if "date" in event:
            ev_date = checked_date(base + ["date"])
        if "date_end" in event:
            end = checked_date(base + ["date_end"])
            if end is not None and ev_date and end < ev_date:
                err(base + ["date_end"], "date_end is before the event's date", "order")
        if "time" in event and ev_date is not None:
            m = _TIME.match(event["time"])
            if m:
                hms = (int(m[1]), int(m[2]), int(m[3] or 0))
                if previous and (ev_date, hms) < (previous[0], previous[1]):
                    err(base + ["time"], f"event '{eid}' at {event['time']} on {ev_date} comes "
                        f"after event '{previous[2]}' at {_hms(previous[1])} on {previous[0]} "
                        "in the file but is earlier: list events in time order", "time-order")
                previous = (ev_date, hms, eid, i)
        elif ev_date is not None and previous and ev_date < previous[0]:
            err(base + ["date"], f"event '{eid}' on {ev_date} is listed after an event on "
                f"{previous[0]}: list events in time order", "time-order")
        _check_event_positions(event, base, err, data)

    for d_i, det in enumerate(data.get("determinations") or []):
        if "source" in det:
            check_ref(["determinations", d_i, "source"], det["source"], sources, "source")
        checked_date(["determinations", d_i, "date"])
        for f_i, finding in enumerate(det["findings"]):
            for e_i, ref in enumerate(finding.get("events") or []):
                check_ref(["determinations", d_i, "findings", f_i, "events", e_i], ref,
                          set(event_ids), "event")
    for c_i, claim in enumerate(data.get("claims") or []):
        if "source" in claim:
            check_ref(["claims", c_i, "source"], claim["source"], sources, "source")
        for e_i, ref in enumerate(claim.get("events") or []):
            check_ref(["claims", c_i, "events", e_i], ref, set(event_ids), "event")
    out.sort(key=lambda d: (d.line, d.column))
    return out


def _hms(t: tuple[int, int, int]) -> str:
    return f"{t[0]:02d}:{t[1]:02d}" + (f":{t[2]:02d}" if t[2] else "")


POSITION_KEYS = ("from", "to", "at", "impact")
# The geography covers the Korean peninsula and its seas (the westmost islands by 124.1 E,
# Dokdo 131.9 E, Mara-do 33.1 N, the northern border by 43.0 N), with a margin. Coordinates
# beyond are a typo (swapped digits, latitude for longitude), and the MDL's geometry would
# still answer for them, wrongly: refuse them.
KOREA_BOX = (123.0, 32.0, 132.5, 44.0)  # lon min, lat min, lon max, lat max


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


def _check_in_korea(pos: dict[str, Any], path: list[Any], err: Any) -> None:
    lat, lon = pos.get("lat"), pos.get("lon")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return  # the schema has said what is wrong
    lon_min, lat_min, lon_max, lat_max = KOREA_BOX
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        err(path, f"lat {lat:g}, lon {lon:g} is outside the Korean peninsula and its seas "
            f"(lat {lat_min:g} to {lat_max:g}, lon {lon_min:g} to {lon_max:g}): a typo, or "
            "swapped digits?", "position")


def _check_event_positions(event: dict[str, Any], base: list[Any], err: Any,
                           data: dict[str, Any]) -> None:
    file_frame = (data.get("place") or {}).get("frame", "wgs84")
    # (steps below the event, position): the path is built only for a diagnostic
    positions: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((k,), event[k]) for k in POSITION_KEYS if k in event]
    if "track" in event:
        positions += [(("track", j), p) for j, p in enumerate(event["track"] or ())]
    for steps, pos in positions:
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
        frame = pos.get("frame", file_frame)
        if has_ll and has_xy:
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
        if isinstance(dist, list) and dist[0] > dist[1]:
            err(path + ["distance_m"], f"distance range {dist} runs backwards: write [min, max]",
                "position")
        if side == "mdl" and dist not in (None, 0) and dist != [0, 0]:
            err(path + ["side"], "side: mdl means on the line; a distance needs side north or "
                "south", "position")
        if side == "north" and "y" in pos and pos["y"] < 0 or side == "south" and "y" in pos \
                and pos["y"] > 0:
            err(path, f"position says side {side} but y={pos['y']} puts it on the other side",
                "position")
    if "range_m" in event:
        _check_on_earth(event["range_m"], "range_m", base, (), err)
    action = event["action"]
    if action == "cross":
        a, b = event.get("from"), event.get("to")
        if a and b and a.get("side") in ("north", "south") and a.get("side") == b.get("side") \
                and "lat" not in a and "y" not in a:
            err(base + ["to", "side"], f"a cross event must end on the other side of the MDL, "
                f"but from and to are both {a['side']}", "position")
    if "impact" in event and action not in ("fire", "detonate", "launch"):
        err(base + ["impact"], f"impact is for fire, detonate or launch events, not {action}",
            "position")
    if "rounds" in event and action != "fire":
        err(base + ["rounds"], f"rounds is for fire events, not {action}", "field")
