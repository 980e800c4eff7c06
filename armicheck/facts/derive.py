"""Stage 3: derive the facts rules are written against, per event.

Facts are a flat mapping from a dotted name to a value; spatial facts are three-valued
(`Tri`, with the reason). Each is declared once in `FACTS` below (type, cost, doc, maker,
scope, absence: `facts.registry.Fact`). The `determinations` section of an incident is never
read here.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from armicheck.core.interval import Interval
from armicheck.core.korea import ARMED_FORCES, HOME_SIDE, OPPOSING_SIDE, OTHER_HALF
from armicheck.core.time import Window, event_window, parse_day_span, parse_offset, stated_window
from armicheck.core.tri import Tri, indeterminate, no, tri_all, tri_any, yes
from armicheck.core.vocabulary import (
    AIR_KINDS,
    CIVILIAN_ROLES,
    ECHELON_RANK,
    FIRE_ACTIONS,
    MILITARY_KINDS,
    MOVEMENT_ACTIONS,
    POSITION_KEYS,
    STRIKE_ACTIONS,
)
from armicheck.facts.fidelity import FIDELITY_FACTS
from armicheck.facts.format11 import (
    FORMAT_11_FACTS,
    direction_half,
    fire_direction_crossing,
    sea_of,
    tunnel_end,
    tunnel_points,
)
from armicheck.facts.format11 import on_area_of as _on_area_of
from armicheck.facts.registry import Fact, table
from armicheck.spatial import resolve as pos_mod
from armicheck.spatial.model import PlaceContext, PositionFacts, distance_range, has_coordinates
from armicheck.spatial.relative import resolve_relative


class EventValues(dict):  # type: ignore[type-arg]
    """One event's facts, each worked out on first use by its maker (`FACTS`).

    A rule reads a handful of the ~60 facts, and most rules stop at their first test, so
    computing every fact of every event (and resolving every position) up front cost more
    than the rules themselves. `complete()` computes the rest, for --explain.
    """

    __slots__ = ("context",)

    def __init__(self, context: EventContext, seed: dict[str, Any]) -> None:
        super().__init__(seed)
        self.context = context

    def __missing__(self, key: str) -> Any:
        make = _MAKERS.get(key)
        if make is None:
            raise KeyError(key)
        value = self[key] = make(self.context)
        return value

    def complete(self) -> EventValues:
        for name in _MAKERS:
            self[name]  # noqa: B018 - computes and stores the fact
        return self


@dataclass(slots=True)
class Actor:
    id: str
    side: str | None
    force: str | None
    kind: str | None
    role: str | None
    count: int | None
    arms: frozenset[str]
    military: bool
    authorized_by: str | None
    echelon: str | None
    raw: dict[str, Any]
    armed_forces: bool = False
    # format 1.1: a civilian's nationality (never a force), the service branch, the writer's
    # own words for the role, and the kinds of the actor and of all its parts (part_of)
    nationality: str | None = None
    branch: str | None = None
    role_text: str | None = None
    kinds: frozenset[str] = frozenset()
    # the actor.* facts, the same for each of its events: seeded into every event's values
    facts: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


class EventContext:
    """What an event's facts are made from; positions and zones are resolved on first use.

    It refers to its incident weakly: `event.in_response` looks at the other events, and a
    strong reference would make every incident a reference cycle left for the collector.
    """

    __slots__ = ("index", "event", "actor", "action", "place", "start", "incident",
                 "_positions", "_track", "_all", "_zones")

    def __init__(self, index: int, event: dict[str, Any], actor: Actor, place: PlaceContext,
                 start: datetime, incident: weakref.ref[IncidentFacts]) -> None:
        self.index = index
        self.event = event
        self.actor = actor
        self.action: str = event["action"]
        self.place = place
        self.start = start
        self.incident = incident
        self._positions: dict[str, PositionFacts] | None = None
        self._track: list[PositionFacts] = []
        self._all: list[PositionFacts] | None = None
        self._zones: dict[str, Tri] | None = None

    def positions(self) -> dict[str, PositionFacts]:
        """from / to / at / impact and track[j], resolved; an impact from bearing and range."""
        if self._positions is not None:
            return self._positions
        ev, place = self.event, self.place
        positions: dict[str, PositionFacts] = {}
        for key in POSITION_KEYS:
            if key in ev:
                positions[key] = pos_mod.resolve(ev[key], place)
        track = []
        for j, p in enumerate(ev.get("track") or ()):
            positions[f"track[{j}]"] = resolved = pos_mod.resolve(p, place)
            track.append(resolved)
        tunnel = ev.get("tunnel")
        if tunnel:  # format 1.1: the tunnel's course, in order (spatial.underground)
            for key, pos in tunnel_points(tunnel):
                positions[key] = pos_mod.resolve(pos, place)
        if self.action in FIRE_ACTIONS and "impact" not in positions and "bearing_deg" in ev \
                and "range_m" in ev:
            origin = positions.get("from") or positions.get("at")
            if origin is not None:
                from armicheck.spatial import lsib  # lazy: shapely/pyproj only for coordinates

                positions["impact"] = lsib.point_at_bearing(
                    origin, float(ev["bearing_deg"]), distance_range(ev["range_m"]))
        self._track = track
        self._positions = positions
        return positions

    def track(self) -> list[PositionFacts]:
        """The track's points, in order (resolved with the other positions)."""
        self.positions()
        return self._track

    def all_positions(self) -> list[PositionFacts]:
        """Every position of the event; with none, the incident's place stands in."""
        if self._all is None:
            self._all = list(self.positions().values()) or [
                resolve_relative({}, self.place)]
        return self._all

    def origin(self) -> PositionFacts | None:
        p = self.positions()
        track = self.track()
        return p.get("from") or p.get("at") or (track[0] if track else None)

    def dest(self) -> PositionFacts | None:
        p = self.positions()
        track = self.track()
        return p.get("to") or p.get("impact") or (track[-1] if track else None) or p.get("at")

    def home(self) -> str | None:
        return HOME_SIDE.get(self.actor.side or "")

    def other(self) -> str | None:
        return OTHER_HALF.get(self.home() or "")

    def opposing(self) -> str | None:
        return OPPOSING_SIDE.get(self.actor.side or "")

    def target(self) -> Actor | None:
        """The target (format 1), else the first of `targets` (format 1.1)."""
        incident = self._incident()
        if "targets" not in self.event:
            return incident.actors.get(self.event.get("target", ""))
        targets = self.targets()
        return targets[0] if targets else None

    def targets(self) -> list[Actor]:
        """Every actor the act was aimed at: `target`, then `targets` (format 1.1)."""
        incident = self._incident()
        ids = dict.fromkeys([*([self.event["target"]] if "target" in self.event else []),
                             *(self.event.get("targets") or ())])
        return [incident.actors[i] for i in ids if i in incident.actors]

    def zones(self) -> dict[str, Tri]:
        if self._zones is None:
            self._zones = _zone_facts(self.all_positions(), self.actor,
                                      _air_kind(self.action, self.actor,
                                                self.event.get("object") or {}),
                                      self.place.lonlat)
        return self._zones

    def _incident(self) -> IncidentFacts:
        incident = self.incident()
        if incident is None:  # only if a caller kept an event's facts and dropped the incident
            raise RuntimeError("the incident's facts were released before all were derived")
        return incident


@dataclass(slots=True)
class EventFacts:
    index: int
    event: dict[str, Any]
    actor: Actor
    values: EventValues
    start: datetime  # earliest instant the event may have happened (aware)
    end: datetime  # latest instant (exclusive when the time is not stated)
    timed: bool
    # format 1.1: the time is stated as "about", a window, an end, or a month or year only
    fuzzy: bool = False

    @property
    def id(self) -> str:
        return self.event["id"]

    @property
    def positions(self) -> dict[str, PositionFacts]:
        return self.values.context.positions()


@dataclass(slots=True, weakref_slot=True)
class IncidentFacts:
    data: dict[str, Any]
    actors: dict[str, Actor]
    events: list[EventFacts] = field(default_factory=list)


def _provokes(ef: EventFacts) -> bool:
    """Fire and attacks, and crossings or flights onto the other side's ground: what a later
    act of the other side may be a response to."""
    action = ef.values["action"]
    return action in STRIKE_ACTIONS or (action in MOVEMENT_ACTIONS
                                        and not ef.values["crosses_mdl"].no
                                        and not ef.values["on_other_side"].no)


def resolve_actors(actors_raw: dict[str, dict[str, Any]]) -> dict[str, Actor]:
    """Actors inherit side, force, kind, role, arms and authorisation from `part_of`."""
    out: dict[str, Actor] = {}

    found: dict[tuple[str, str], Any] = {}

    def field_of(aid: str, name: str) -> Any:
        raw = actors_raw.get(aid) or {}
        if name in raw or "part_of" not in raw:  # most actors: no chain to walk
            return raw.get(name)
        # up the part_of chain however long (validation has refused cycles), each answer
        # kept, so a chain of n actors costs O(n) per field, not O(n^2)
        chain: list[str] = []
        seen: set[str] = set()
        value = None
        while aid in actors_raw and aid not in seen:
            if (aid, name) in found:
                value = found[aid, name]
                break
            chain.append(aid)
            seen.add(aid)
            raw = actors_raw[aid] or {}
            if name in raw:
                value = raw[name]
                break
            aid = raw.get("part_of")
        for link in chain:
            found[link, name] = value
        return value

    # format 1.1: a civilian has a nationality and is no party's force, so a nationality
    # nearer up the part_of chain than a force stops the force's inheritance
    civilians = any("nationality" in (raw or {}) for raw in actors_raw.values())
    parts: dict[str, list[str]] = {}
    for aid, raw in actors_raw.items():
        if raw and "part_of" in raw:
            parts.setdefault(raw["part_of"], []).append(aid)

    for aid, raw in actors_raw.items():
        kind = field_of(aid, "kind")
        role = field_of(aid, "role")
        military = field_of(aid, "military")
        if military is None:
            military = kind in MILITARY_KINDS and role not in CIVILIAN_ROLES
        auth = field_of(aid, "authorized")
        force = field_of(aid, "force") if not civilians else _force_of(aid, actors_raw)
        stated = field_of(aid, "military")
        # a side's armed forces: soldiers, units, ships and aircraft of a force whatever their
        # role (a soldier in a work party is still a soldier); other kinds (balloons, vehicles,
        # unknown) unless their role is a civilian one. `military:` in the file overrides.
        armed = stated if stated is not None else (
            force in ARMED_FORCES and kind != "civilian"
            and (kind in MILITARY_KINDS - {"vehicle"} or role not in CIVILIAN_ROLES))
        count = raw.get("count")
        if type(count) is list or type(count) is dict:  # format 1.1: a range or a bound
            count = Interval.of(count)
        if count is None and "part_of" in raw:
            count = 1
        out[aid] = Actor(
            id=aid,
            side=field_of(aid, "side"),
            force=force,
            kind=kind,
            role=role,
            count=count,
            arms=frozenset(field_of(aid, "arms") or ()),
            military=bool(military),
            authorized_by=auth.get("by") if auth else None,
            echelon=field_of(aid, "echelon"),
            raw=raw,
            armed_forces=bool(armed),
            nationality=field_of(aid, "nationality") if civilians else None,
            branch=field_of(aid, "branch"),
            role_text=raw["role_text"] if "role_text" in raw else None,
        )
    for aid, actor in out.items():  # most actors have no parts: their own kind
        actor.kinds = frozenset(_kinds_of(aid, out, parts)) if aid in parts else (
            frozenset((actor.kind,)) if actor.kind else frozenset())
    for actor in out.values():
        alone = _ActorOnly(actor)
        actor.facts = {name: make(alone) for name, make in ACTOR_FACTS}
    return out


def _force_of(aid: str, actors_raw: dict[str, dict[str, Any]]) -> str | None:
    """The force up the part_of chain, unless a nationality (a civilian's) comes first."""
    seen: set[str] = set()
    while aid in actors_raw and aid not in seen:
        seen.add(aid)
        raw = actors_raw[aid] or {}
        if "force" in raw:
            return raw["force"]
        if "nationality" in raw:
            return None
        aid = raw.get("part_of")
    return None


def _kinds_of(aid: str, actors: dict[str, Actor], parts: dict[str, list[str]]) -> set[str]:
    """The actor's kind and its parts' kinds, at any depth (part_of has no cycles here)."""
    found: set[str] = set()
    todo, seen = [aid], set()
    while todo:
        at = todo.pop()
        if at in seen:
            continue
        seen.add(at)
        kind = actors[at].kind
        if kind:
            found.add(kind)
        todo.extend(parts.get(at, ()))
    return found


def _days(text: str) -> tuple[date, date]:
    """The first and last day of a date as the file states it (format 1.1: a month or a year
    is all its days); validation has checked it."""
    if len(text) == 10:
        day = date.fromisoformat(text)
        return day, day
    span = parse_day_span(text)
    assert span is not None
    return span


FUZZY_TIME_KEYS = ("time_approximate", "time_latest", "time_end")


def place_context(data: dict[str, Any]) -> PlaceContext:
    place = data.get("place") or {}
    frame = place.get("frame", "wgs84")
    zone = place.get("zone") or ("jsa" if frame == "jsa" else None)
    lonlat = (place["lon"], place["lat"]) if "lat" in place and "lon" in place else None
    return PlaceContext(frame=frame, zone=zone, lonlat=lonlat)


def derive_facts(data: dict[str, Any]) -> IncidentFacts:
    actors = resolve_actors(data["actors"])
    place = place_context(data)
    tz = parse_offset(data["utc_offset"])
    incident_days = _days(data["date"])
    incident_day = incident_days[0]
    partial_incident = incident_days[0] != incident_days[1]
    facts = IncidentFacts(data=data, actors=actors)
    incident = weakref.ref(facts)
    for i, ev in enumerate(data["events"]):
        day = date.fromisoformat(ev["date"]) if "date" in ev and len(ev["date"]) == 10 \
            else None
        # format 1.1's times and dates (FUZZY_TIME_KEYS), asked key by key: a generator over
        # the keys costs more per event than the three lookups
        fuzzy = ("time_approximate" in ev or "time_latest" in ev or "time_end" in ev
                 or (partial_incident and "date" not in ev) or ("date" in ev and day is None)
                 or ("date_end" in ev and len(ev["date_end"]) != 10))
        if not fuzzy:  # format 1: an instant, or whole days
            start, end, timed = event_window(
                day or incident_day, ev.get("time"),
                date.fromisoformat(ev["date_end"]) if "date_end" in ev else None, tz)
        else:  # format 1.1: a window (core.time.stated_window)
            first, last = _days(ev["date"]) if "date" in ev else incident_days
            if "date_end" in ev:
                last = _days(ev["date_end"])[1]
            start, end, timed = stated_window(first, last, ev, tz)
        actor = actors[ev["actor"]]
        context = EventContext(i, ev, actor, place, start, incident)
        values = EventValues(context, actor.facts)
        values["action"] = ev["action"]
        values["event.id"] = ev["id"]
        facts.events.append(EventFacts(index=i, event=ev, actor=actor, values=values,
                                       start=start, end=end, timed=timed, fuzzy=fuzzy))
    return facts


def _in_response(c: EventContext) -> Tri:
    """Is the event a response: after fire, an attack or an incursion by the opposing side?"""
    opposing = c.opposing()
    earlier = same = None
    if opposing is not None:
        # the first provocation of the opposing side before this event (in file order), else
        # the first at the same stated time; only those events' positions are resolved
        events = c._incident().events
        me = events[c.index]
        for ef in events:
            if ef.fuzzy or me.fuzzy:
                # format 1.1 windows: before only if it ended before this one began; windows
                # that overlap leave the order unknown (as the same stated time does)
                if ef.actor.side != opposing or not _provokes(ef):
                    continue
                tie = ef.start == ef.end == me.start == me.end
                if ef.end <= me.start and not tie:
                    earlier = ef.id
                    break
                if (ef.start < me.end or tie) and same is None:
                    same = ef.id
                continue
            if ef.actor.side != opposing or ef.start > c.start \
                    or (ef.start == c.start and same is not None) or not _provokes(ef):
                continue
            if ef.start < c.start:
                earlier = ef.id
                break
            same = ef.id
    if earlier:
        return yes(f"after {opposing} event {earlier}")
    if same:
        return indeterminate(f"{opposing} event {same} has the same stated time: who acted "
                             "first is not known")
    return no(f"no earlier fire, attack or incursion by {opposing or 'the other side'}")


def _target_field(name: str) -> Callable[[EventContext], Any]:
    def make(c: EventContext) -> Any:
        target = c.target()
        return getattr(target, name) if target else None

    return make


def _casualties(c: EventContext) -> int | None:
    casualties = c.event.get("casualties") or {}
    if isinstance(casualties, list):  # format 1.1: one entry per side, civilians apart
        return sum(e.get("killed", 0) + e.get("wounded", 0) for e in casualties)
    return casualties.get("killed", 0) + casualties.get("wounded", 0) if casualties else None


def casualty_entries(event: dict[str, Any]) -> list[dict[str, Any]]:
    """An event's casualties as a list of entries (format 1: one; format 1.1: one a side)."""
    casualties = event.get("casualties")
    if not casualties:
        return []
    return casualties if isinstance(casualties, list) else [casualties]


def _casualty_side(c: EventContext) -> str | None:
    casualties = c.event.get("casualties") or {}
    if not isinstance(casualties, list):
        return casualties.get("side")
    sides = {e["side"] for e in casualties if "side" in e}
    return sides.pop() if len(sides) == 1 else None


def _precision(c: EventContext) -> str | None:
    ev = c.event
    if "time" in ev:
        return "about" if ev.get("time_approximate") else "between" if "time_latest" in ev \
            else "until" if "time_end" in ev else None
    data = c._incident().data
    stated = ev.get("date") or data["date"]
    return {7: "month", 4: "year"}.get(len(stated))


def _calibre(stated: Any) -> float | None:
    if isinstance(stated, list):
        return max(stated) if stated else None
    return stated


def _civilian_casualties(c: EventContext) -> int | None:
    entries = [e for e in casualty_entries(c.event) if e.get("civilian")]
    return sum(e.get("killed", 0) + e.get("wounded", 0) for e in entries) if entries else None


def _claims_about(c: EventContext, what: str) -> frozenset[str]:
    """The kinds (what="kind") or parties (what="party") of the claims naming the event."""
    found: set[str] = set()
    for claim in c._incident().data.get("claims") or ():
        if c.event["id"] not in (claim.get("events") or ()):
            continue
        if what == "kind":
            found.add(claim["kind"])
        else:
            party = claim.get("party")
            found.update(party if isinstance(party, list) else
                         [party] if party else ["non-party"])
    return frozenset(found)


def _exercise(name: str) -> Callable[[EventContext], Any]:
    return lambda c: (c.event.get("exercise") or {}).get(name)


def _object(name: str) -> Callable[[EventContext], Any]:
    return lambda c: (c.event.get("object") or {}).get(name)


def _event_auth(c: EventContext) -> str | None:
    return (c.event.get("authorized") or {}).get("by")


def _weapons(c: EventContext) -> frozenset[str]:
    return frozenset(c.event.get("weapons") or ())


def _any_position(attr: str) -> Callable[[EventContext], Tri]:
    return lambda c: tri_any(getattr(p, attr) for p in c.all_positions())


JSA_ZONES = ("jsa", "conference-row")


def _in_jsa(c: EventContext) -> Tri:
    # An event placed nowhere near the JSA (no zone jsa or conference-row, no coordinates,
    # no impact worked out from a bearing) is not in it: each of its positions would resolve
    # to "no", and Kleene OR of "no"s is a plain "no". Most rules of the JSA packs ask this
    # first, so it is answered without resolving the positions.
    if _may_be_in(c, JSA_ZONES, c.place.zone in JSA_ZONES):
        return tri_any(p.in_jsa for p in c.all_positions())
    return no()


def _in_conference_area(c: EventContext) -> Tri:
    # Only a stated zone conference-row or coordinates put a position in it (positions.py).
    if _may_be_in(c, ("conference-row",), False):
        return tri_any(p.in_conference_area for p in c.all_positions())
    return no()


def _may_be_in(c: EventContext, zones: tuple[str, ...], by_place: bool) -> bool:
    ev = c.event
    if by_place or (c.action in FIRE_ACTIONS and "bearing_deg" in ev):
        return True
    for key in POSITION_KEYS:
        p = ev.get(key)
        if p is not None and (p.get("zone") in zones or has_coordinates(p) or "place" in p):
            return True
    return any(p.get("zone") in zones or has_coordinates(p) or "place" in p
               for p in ev.get("track") or ()) or "tunnel" in ev


def _origin_in_dmz(c: EventContext) -> Tri:
    origin = c.origin()
    return origin.in_dmz if origin else indeterminate("no origin given")


def _dest_in_dmz(c: EventContext) -> Tri:
    dest = c.dest()
    return dest.in_dmz if dest else indeterminate("no destination given")


def _on_other_side(c: EventContext) -> Tri:
    p, track = c.positions(), c.track()
    place_pos = p.get("at") or p.get("to") or (track[-1] if track else None) or p.get("impact")
    if place_pos is None and "tunnel" in c.event:
        place_pos = tunnel_end(p)
    other = c.other()
    if place_pos is None or other is None:
        return no("no position of the event, or the actor has no side")
    return _on_area_of(place_pos, other)


def _origin_on_other_side(c: EventContext) -> Tri:
    # where the actor acted from: a shooter standing on the other side's ground is no defender
    origin, other = c.origin(), c.other()
    if origin is None or other is None:
        return no("no origin of the event, or the actor has no side")
    return _on_area_of(origin, other)


def _distance_to_mdl(c: EventContext) -> float | None:
    all_positions = c.all_positions()
    distances = [min(abs(p.signed_m[0]), abs(p.signed_m[1])) if not (
        p.signed_m[0] <= 0 <= p.signed_m[1]) else 0.0 for p in all_positions if p.signed_m]
    # beyond the MDL's ends (estuary, sea) the side is unknown but the distance is not
    distances += [min(distance_range(p.extra["mdl_distance_m"]) or (0.0,))
                  for p in all_positions if p.signed_m is None and "mdl_distance_m" in p.extra]
    return min(distances) if distances else None


def _dest_zone(c: EventContext) -> str | None:
    ev = c.event
    dest_raw = ev.get("to") or ev.get("at") or ((ev.get("track") or [None])[-1]) \
        or ev.get("impact") or {}
    return dest_raw.get("zone") or c.place.zone


def _target_opposing(c: EventContext) -> bool:
    opposing = c.opposing()
    if "targets" in c.event:  # format 1.1: any of the targets
        return bool(opposing) and any(t.side == opposing for t in c.targets())
    target = c.target()
    return bool(target and opposing and target.side == opposing)


ZONE_FACTS = ("in_ground_buffer", "in_no_fly_zone", "in_sea_buffer", "north_of_nll")


def _window(c: EventContext) -> Window:
    """When the event may have happened, as instants (`core.time.Window`)."""
    ev = c.incident().events[c.index]  # type: ignore[union-attr]
    return Window(ev.start, ev.end)


def _zone(name: str) -> Callable[[EventContext], Tri]:
    return lambda c: c.zones()[name]


# The facts vocabulary: every fact a rule may test, declared once (armicheck.facts.registry).
FACTS: dict[str, Fact] = table(
    Fact("action", "str", "the event's action (fire, move, cross, fly, ...)", lambda c: c.action,
         absent="never absent"),
    Fact("event.id", "str", "the event's id", lambda c: c.event["id"], absent="never absent"),
    Fact("event.date", "date", "when the event may have happened: its window of instants "
         "(core.time.Window); date tests compare it with a day in KST, three-valued; format "
         "1.1 times (about, between, until) and months or years widen it", _window, shown=True),
    Fact("event.certainty", "str", "reported (the default), confirmed, alleged, ...",
         lambda c: c.event.get("certainty", "reported"), absent="never absent: reported"),
    Fact("event.weapons", "set", "the weapons the event names", _weapons),
    Fact("event.rounds", "int", "rounds fired; format 1.1: an Interval for a range or a "
         "bound, compared three-valued", lambda c: Interval.of(c.event.get("rounds")),
         shown=True),
    Fact("event.object", "str", "the kind of object the event places, launches or removes",
         _object("kind")),
    Fact("event.object_count", "int", "how many objects; format 1.1: an Interval for a range "
         "or a bound", lambda c: Interval.of((c.event.get("object") or {}).get("count")),
         shown=True),
    Fact("event.returned", "bool", "the actor returned (e.g. to its own side)",
         lambda c: c.event.get("returned")),
    Fact("event.duration_s", "number", "how long the event lasted, in seconds",
         lambda c: c.event.get("duration_s")),
    Fact("event.authorized_by", "str", "who authorised the event", _event_auth),
    Fact("event.target.side", "str", "the target actor's side", _target_field("side")),
    Fact("event.target.force", "str", "the target actor's force", _target_field("force")),
    Fact("event.target.military", "bool", "the target actor is military",
         _target_field("military")),
    Fact("event.casualties", "int", "casualties of the event (killed and wounded, every side)",
         _casualties, shown=True),
    Fact("event.exercise.type", "str", "the exercise's type", _exercise("type")),
    Fact("event.exercise.live_fire", "bool", "the exercise uses live fire",
         _exercise("live_fire")),
    Fact("event.exercise.echelon", "str", "the exercise's echelon (squad ... corps)",
         _exercise("echelon")),
    Fact("event.exercise.echelon_rank", "int", "the exercise's echelon as a rank (squad = 1)",
         lambda c: ECHELON_RANK.get((c.event.get("exercise") or {}).get("echelon", ""))),
    Fact("event.zone", "str", "the zone the event states", lambda c: c.event.get("zone")),
    Fact("actor.id", "str", "the actor's id", lambda c: c.actor.id, scope="actor",
         absent="never absent"),
    Fact("actor.side", "str", "the actor's side (unc, kpa), inherited through part_of",
         lambda c: c.actor.side, scope="actor", shown=True),
    Fact("actor.force", "str", "the actor's force (ROK, US, KPA, ...); never a civilian's "
         "(format 1.1: an actor with a nationality)", lambda c: c.actor.force, scope="actor",
         shown=True),
    Fact("actor.kind", "str", "the actor's kind (soldier, unit, vessel, uav, ...)",
         lambda c: c.actor.kind, scope="actor"),
    Fact("actor.role", "str", "the actor's role (guard, work-party, tourist, ...)",
         lambda c: c.actor.role, scope="actor", shown=True),
    Fact("actor.count", "int", "how many the actor is (1 for a part of another); format 1.1: "
         "an Interval for a range or a bound, compared three-valued", lambda c: c.actor.count,
         scope="actor", shown=True),
    Fact("actor.arms", "set", "the actor's arms", lambda c: c.actor.arms, scope="actor"),
    Fact("actor.military", "bool", "the actor is military (stated, or by kind and role)",
         lambda c: c.actor.military, scope="actor", absent="never absent: false"),
    Fact("actor.authorized_by", "str", "who authorised the actor",
         lambda c: c.actor.authorized_by, scope="actor"),
    Fact("actor.echelon", "str", "the actor's echelon", lambda c: c.actor.echelon,
         scope="actor"),
    Fact("party", "str", "the actor's party to the rule's instrument", scope="rule",
         absent="never absent: a rule is tried only for a party"),
    Fact("arms", "set", "the actor's arms and the event's weapons",
         lambda c: c.actor.arms | _weapons(c)),
    Fact("authorized_by", "str", "who authorised the event, else the actor",
         lambda c: _event_auth(c) or c.actor.authorized_by),
    Fact("crosses_mdl", "tri", "the movement crosses the MDL",
         lambda c: _movement_crossing(c.action, c.positions(), c.track(), c.home()), cost=1),
    Fact("fire.crosses_mdl", "tri", "the fire crosses the MDL (origin to impact)",
         lambda c: _fire_crossing(c.action, c.event, c.positions(), c.home(), c.place,
                                  c._incident().actors), cost=1),
    Fact("in_dmz", "tri", "some position of the event is in the DMZ", _any_position("in_dmz"),
         cost=1),
    Fact("in_jsa", "tri", "some position is in the Joint Security Area", _in_jsa, cost=1),
    Fact("in_conference_area", "tri", "some position is in the JSA's conference row",
         _in_conference_area, cost=1),
    Fact("origin.in_dmz", "tri", "where the event begins is in the DMZ", _origin_in_dmz,
         cost=1),
    Fact("dest.in_dmz", "tri", "where the event ends is in the DMZ", _dest_in_dmz, cost=1),
    Fact("enters_dmz", "tri", "the movement enters the DMZ from outside",
         lambda c: _enters_dmz(c.action, c.event, c.positions()), cost=1),
    Fact("on_other_side", "tri", "some position is on the other side of the MDL",
         _on_other_side, cost=1),
    Fact("origin.on_other_side", "tri", "where the event begins is on the other side",
         _origin_on_other_side, cost=1),
    Fact("distance_to_mdl_m", "number", "the least distance of a position to the MDL, in m",
         _distance_to_mdl, cost=1),
    Fact("in_ground_buffer", "tri", "in the CMA 2018 ground buffer zone",
         _zone("in_ground_buffer"), cost=2),
    Fact("in_no_fly_zone", "tri", "in the CMA 2018 no-fly zone for the air vehicle's kind",
         _zone("in_no_fly_zone"), cost=2),
    Fact("in_sea_buffer", "tri", "in a CMA 2018 maritime buffer zone",
         _zone("in_sea_buffer"), cost=2),
    Fact("north_of_nll", "tri", "north of the Northern Limit Line", _zone("north_of_nll"),
         cost=2),
    Fact("actor.is_aircraft", "bool", "the actor's kind is aircraft, helicopter, uav or balloon",
         lambda c: c.actor.kind in AIR_KINDS, scope="actor", absent="never absent: false"),
    Fact("actor.armed_forces", "bool",
         "the actor belongs to a side's armed forces (not civilians or activists)",
         lambda c: c.actor.armed_forces, scope="actor", absent="never absent: false"),
    Fact("air_kind", "str", "the event's air vehicle: the actor's kind, or a launched object's",
         lambda c: _air_kind(c.action, c.actor, c.event.get("object") or {})),
    Fact("echelon_rank", "int", "the exercise's echelon, else the actor's (regiment = 5)",
         lambda c: ECHELON_RANK.get(
             (c.event.get("exercise") or {}).get("echelon") or c.actor.echelon or "")),
    Fact("event.target.opposing", "bool", "the target actor belongs to the opposing side",
         _target_opposing, absent="never absent: false"),
    Fact("event.casualties.side", "str", "the side that suffered the casualties (format 1.1: "
         "when the entries name one side; see event.casualties.sides)", _casualty_side,
         shown=True),
    Fact("event.in_response", "tri",
         "an earlier event is fire or attack by the opposing side, or its crossing onto this "
         "side (a response); same time: undecided (format 1.1: overlapping windows too)",
         _in_response, cost=2, shown=True),
    Fact("event.object.replacement", "bool",
         "¶13(c)/(d): rotation or piece-for-piece replacement", _object("replacement")),
    Fact("dest.zone", "str", "the stated zone of where the event ends (to, at, last track "
         "point), else the place's", _dest_zone),
    Fact("has_coordinates", "bool", "some position of the event is given as coordinates",
         lambda c: any(p.kind in ("wgs84", "jsa") for p in c.all_positions()), cost=1,
         absent="never absent: false"),
    Fact("reaches_other_side", "tri", "some position of the event is on the other side's area",
         lambda c: _reaches_other_side(c.all_positions(), c.other()), cost=1),
    Fact("strikes_other_side", "tri", "fire or attack hits the other side's forces or area",
         lambda c: _strikes_other_side(
             c.action, c.event, c.positions(), c.targets() if "targets" in c.event else
             [t for t in (c.target(),) if t is not None], c.opposing(), c.other()), cost=1),
    # format 1.1: what sources say. No rule reads these yet (a later issue decides how);
    # --explain shows them for an incident that uses format 1.1's additions.
    Fact("event.time.precision", "str", "how the time is stated: about, between, until (an end "
         "time), month or year", _precision, shown=True,
         absent="null: format 1: an exact time, or whole days"),
    Fact("event.attribution", "str", "how certain it is that the actor did it (confirmed, "
         "reported, alleged, inferred, disputed), apart from event.certainty",
         lambda c: c.event.get("attribution"), shown=True,
         absent="null: not stated; who did it is as certain as the event (event.certainty)"),
    Fact("event.intent", "str", "the intent sources state: deliberate, accidental, "
         "undetermined", lambda c: c.event.get("intent"), shown=True,
         absent="null: no source states the intent"),
    Fact("event.warning", "bool", "warning shots (a fire event)",
         lambda c: c.event.get("warning"), shown=True,
         absent="null or false: not stated as warning shots"),
    Fact("event.calibre_mm", "number", "the largest calibre stated, in mm",
         lambda c: _calibre(c.event.get("calibre_mm")), shown=True),
    Fact("event.medium", "str", "a broadcast's medium (loudspeaker, radio, ...)",
         lambda c: c.event.get("medium"), shown=True),
    Fact("event.targets", "set", "the ids of every actor the act was aimed at (target and "
         "targets)", lambda c: frozenset(t.id for t in c.targets()), shown=True,
         absent="empty: no target stated"),
    Fact("event.target.sides", "set", "the sides of every target",
         lambda c: frozenset(t.side for t in c.targets() if t.side), shown=True),
    Fact("event.casualties.sides", "set", "the sides that suffered casualties (format 1.1: "
         "one entry a side)", lambda c: frozenset(
             e["side"] for e in casualty_entries(c.event) if "side" in e), shown=True),
    Fact("event.casualties.civilian", "int", "civilians killed and wounded",
         _civilian_casualties, shown=True,
         absent="null: no civilian casualties stated (not: none)"),
    Fact("event.damage", "set", "what was damaged, destroyed, sunk or captured (vessel, "
         "building, ...)", lambda c: frozenset(d["what"] for d in c.event.get("damage") or ()),
         shown=True),
    Fact("event.damage.extent", "set", "how badly: damaged, destroyed, sunk, captured",
         lambda c: frozenset(d["extent"] for d in c.event.get("damage") or ()
                             if "extent" in d), shown=True),
    Fact("event.claims", "set", "the kinds of the claims that name the event (accusation, "
         "denial, admission, ...)", lambda c: _claims_about(c, "kind"), shown=True,
         cost=2, absent="empty: no claim names the event"),
    Fact("event.claimed_by", "set", "the parties whose claims name the event (non-party for "
         "a claim by no party)", lambda c: _claims_about(c, "party"), shown=True, cost=2,
         absent="empty: no claim names the event"),
    # the actor's format 1.1 facts are made on first use, not seeded into every event (no
    # rule reads them yet, and seeding costs each event a larger copy)
    Fact("actor.nationality", "str", "a civilian's nationality (a civilian is no party's "
         "force)", lambda c: c.actor.nationality, shown=True),
    Fact("actor.branch", "str", "the service branch (army, navy, ...), inherited through "
         "part_of", lambda c: c.actor.branch, shown=True),
    Fact("actor.role_text", "str", "the writer's own words for the role",
         lambda c: c.actor.role_text, shown=True),
    Fact("actor.kinds", "set", "the actor's kind and the kinds of all its parts (part_of)",
         lambda c: c.actor.kinds, shown=True, absent="empty: no kind stated"),
    *FORMAT_11_FACTS,
    *FIDELITY_FACTS,
)

# the makers of every fact but the rule-scoped ones, in declaration order (EventValues)
_MAKERS: dict[str, Callable[[Any], Any]] = {
    name: fact.make for name, fact in FACTS.items() if fact.make is not None}

# the makers of the facts that depend on the actor alone (EventContext.actor): made once per
# actor, for every event of an incident's actor asks them
ACTOR_FACTS: list[tuple[str, Callable[[Any], Any]]] = [
    (name, fact.make) for name, fact in FACTS.items()
    if fact.scope == "actor" and fact.make is not None]


class _ActorOnly:
    """What an actor.* fact's maker reads of an event: its actor."""

    __slots__ = ("actor",)

    def __init__(self, actor: Actor) -> None:
        self.actor = actor


def _movement_crossing(action: str, positions: dict[str, PositionFacts],
                       track: list[PositionFacts], home: str | None) -> Tri:
    if action not in MOVEMENT_ACTIONS and not track:
        return no(f"{action} is not a movement")
    if len(track) >= 2:
        if all(p.kind in ("wgs84", "jsa") for p in track):
            from armicheck.spatial import lsib  # lazy, as above

            return lsib.track_crossing(track)
        return tri_any(pos_mod.crossing(a, b) for a, b in zip(track, track[1:], strict=False))
    start, end = positions.get("from"), positions.get("to") or positions.get("at")
    if start and end:
        return pos_mod.crossing(start, end)
    if end and home and action != "cross":
        other = OTHER_HALF[home]
        where = end.on_side(other)
        if where.yes:
            return yes(f"ended {other} of the MDL, on the other side's ground ({where.reason})")
        return where if where.indeterminate else no(f"stayed {home} of the MDL ({where.reason})")
    if action == "cross":
        if end and end.side == "indeterminate":
            return indeterminate(f"stated as a crossing, but the end point is uncertain "
                                 f"({end.side_reason})")
        return yes("stated: the event is a crossing of the MDL")
    return no("no start and end positions given")


def _fire_crossing(action: str, ev: dict[str, Any], positions: dict[str, PositionFacts],
                   home: str | None, place: PlaceContext | None = None,
                   actors: dict[str, Actor] | None = None) -> Tri:
    if action not in FIRE_ACTIONS:
        return no(f"{action} is not fire")
    origin = positions.get("from") or positions.get("at")
    impact = positions.get("impact")
    if origin is None and home:
        origin = resolve_relative({"side": home}, PlaceContext())
        origin.side_reason = f"origin not given: taken as the firing side's own ({home}) side"
    if impact is None:
        direction = ev.get("direction")
        if isinstance(direction, dict):  # format 1.1: toward a place, an actor, a bearing
            return fire_direction_crossing(origin, direction_half(ev, origin, place, actors))
        if origin is not None and direction and origin.side != "indeterminate" \
                and direction != origin.side:
            return indeterminate(f"fired toward the {direction} from the {origin.side} side; "
                                 "where the rounds landed is not given")
        return no("no impact point, bearing and range, or direction across the MDL given")
    if origin is None:
        return indeterminate("origin of fire not given")
    result = pos_mod.crossing(origin, impact)
    if result.yes:
        return yes(f"origin {origin.side} ({origin.side_reason}), impact {impact.side} "
                   f"({impact.side_reason})")
    return result


def _enters_dmz(action: str, ev: dict[str, Any], positions: dict[str, PositionFacts]) -> Tri:
    if action == "enter-zone":
        zone = (ev.get("to") or ev.get("at") or {}).get("zone")
        if zone in ("dmz", "jsa", "conference-row"):
            return yes(f"stated: entered the {zone}")
    if action not in MOVEMENT_ACTIONS:
        return no(f"{action} is not a movement")
    start, end = positions.get("from"), positions.get("to")
    if start is None or end is None:
        return no("no start and end positions given")
    return tri_all([start.in_dmz.negate(), end.in_dmz])


def _air_kind(action: str, actor: Actor, obj: dict[str, Any]) -> str | None:
    """The kind of air vehicle an event is about: the actor itself (a UAV flying), or what a
    launch sends up (balloons carrying leaflets or refuse, a UAV)."""
    if actor.kind in AIR_KINDS:
        return actor.kind
    if action == "launch":
        kind = obj.get("kind")
        if kind in AIR_KINDS:
            return kind
        if kind in ("leaflets", "debris"):
            return "balloon"
    return None


def _reaches_other_side(positions: list[PositionFacts], other: str | None) -> Tri:
    """Is some position of the event on the other side's area? Beyond the MDL's ends (the Han
    River Estuary and the sea) the MDL decides nothing, and the NLL is not an Armistice line,
    so such positions count as not decided here rather than as indeterminate; the ¶13(b)
    islands still count as the UNC side's."""
    if other is None:
        return no("the actor has no side")
    parts = [_on_area_of(p, other, beyond_line_is_no=True) for p in positions]
    return tri_any(parts) if parts else no("no position given")


def _strikes_other_side(action: str, ev: dict[str, Any], positions: dict[str, PositionFacts],
                        targets: list[Actor], opposing: str | None, other: str | None) -> Tri:
    """Does fire, an attack or a detonation hit the opposing side: its forces or people (the
    target, the casualties) or its area (where the rounds or the blow landed)?"""
    if action not in STRIKE_ACTIONS:
        return no(f"{action} is not fire, an attack or a detonation")
    if opposing is None:
        return no("the actor has no side")
    if action == "fire" and ev.get("warning") is True and not _harmed(ev, opposing):
        # warning shots are fired to warn or to compel, not to strike: the UNC described ROK
        # warning shots at KPA crossers as fired "in a designated warning shot area to compel"
        # their return (statement of Aug 2025, Stars and Stripes), and no body called warning
        # shots an attack (research notes, issue 20 §5); casualties or damage stated make
        # them a strike all the same
        return no("warning shots, with no casualties or damage of the other side stated: "
                  "fired to warn or compel, not to strike")
    target = targets[0] if targets else None
    if target is not None and target.side == opposing:
        return yes(f"the target, {target.id}, belongs to the opposing ({opposing}) side")
    for other_target in targets[1:]:  # format 1.1: several targets
        if other_target.side == opposing:
            return yes(f"a target, {other_target.id}, belongs to the opposing ({opposing}) "
                       "side")
    casualties = ev.get("casualties")
    if casualties and (casualties.get("side") == opposing if type(casualties) is dict
                       else any(e.get("side") == opposing for e in casualties)):
        return yes(f"the casualties are on the opposing ({opposing}) side")
    hit = positions.get("impact") if action == "fire" else (
        positions.get("at") or positions.get("to") or positions.get("impact"))
    if hit is None or other is None:
        return no("no target, casualties or point of impact on the opposing side given")
    nll_side = hit.extra.get("nll_side") if hit.extra else None
    if nll_side is not None and nll_side != other:
        # issue 20: rounds that fell on the firer's own side of the NLL, with no target or
        # casualties of the other side, struck nothing of it: no body called such fire an
        # attack on the other side (the NLL still decides no strike the other way)
        return no(f"landed {nll_side} of the NLL, on the firer's own side of it, with no "
                  "target or casualties of the other side")
    where = _on_area_of(hit, other, beyond_line_is_no=True)
    if where.yes:
        return yes(f"landed on the opposing side's area ({where.reason})")
    if where.indeterminate:
        return where
    return no(f"landed on its own side, or where no line decides ({where.reason})")


def _harmed(ev: dict[str, Any], side: str) -> bool:
    """Does the event state casualties or damage of `side`?"""
    if any(e.get("side") == side and (e.get("killed") or e.get("wounded") or e.get("captured")
                                      or e.get("missing")) for e in casualty_entries(ev)):
        return True
    return any(d.get("side") == side for d in ev.get("damage") or ())


def _zone_facts(all_positions: list[PositionFacts], actor: Actor, air_kind: str | None,
                place_lonlat: tuple[float, float] | None) -> dict[str, Tri]:
    """CMA zones (ground buffer, no-fly bands, sea buffers) and the NLL, via spatial.cma."""
    relevant = [p for p in all_positions if p.signed_m is not None or p.lonlat is not None]
    # format 1.1: positions stated relative to the NLL (no coordinates, no MDL distance)
    by_nll = [p for p in all_positions if p.extra and "nll_side" in p.extra]
    if not relevant and not by_nll:
        unknown = indeterminate("no distance to the MDL or coordinates given")
        return dict.fromkeys(ZONE_FACTS, unknown)
    from armicheck.spatial import cma  # lazy: shapely/pyproj only where distances are known

    # the place's coordinates give the east/west sector to positions that lack their own
    zones = [cma.cma_zones(p, air_kind or actor.kind or "unknown", lonlat=place_lonlat)
             for p in relevant]
    zones += [cma.nll_relative_zones(
        p.extra["nll_side"], distance_range(p.extra.get("nll_distance_m")),
        p.extra.get("sea") or sea_of(place_lonlat)) for p in by_nll]
    return {
        "in_ground_buffer": tri_any(z["in_ground_buffer"] for z in zones),
        "in_no_fly_zone": tri_any(z["in_no_fly_zone"] for z in zones),
        "in_sea_buffer": tri_any(
            tri_any([z["in_sea_buffer_west"], z["in_sea_buffer_east"]]) for z in zones),
        "north_of_nll": tri_any(z["nll_side"] for z in zones),
    }
