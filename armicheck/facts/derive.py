"""Stage 3: derive the facts rules are written against, per event.

Facts are a flat mapping from a dotted name to a value; spatial facts are three-valued
(`Tri`, with the reason). Their names and types are in `facts.vocabulary`. The
`determinations` section of an incident is never read here.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from armicheck.core.time import Window, parse_offset
from armicheck.core.tri import Tri, indeterminate, no, tri_all, tri_any, yes
from armicheck.facts.vocabulary import (
    AIR_KINDS,
    ARMED_FORCES,
    CIVILIAN_ROLES,
    ECHELON_RANK,
    FIRE_ACTIONS,
    HOME_SIDE,
    MILITARY_KINDS,
    MOVEMENT_ACTIONS,
    OPPOSING_SIDE,
    POSITION_KEYS,
    STRIKE_ACTIONS,
    ZONE_FACTS,
)
from armicheck.spatial import resolve as pos_mod
from armicheck.spatial.islands import on_unc_island
from armicheck.spatial.model import PlaceContext, PositionFacts, distance_range, has_coordinates
from armicheck.spatial.relative import resolve_relative


class EventValues(dict):  # type: ignore[type-arg]
    """One event's facts, each worked out on first use by its maker in `FACT_MAKERS`.

    A rule reads a handful of the ~60 facts, and most rules stop at their first test, so
    computing every fact of every event (and resolving every position) up front cost more
    than the rules themselves. `complete()` computes the rest, for --explain.
    """

    __slots__ = ("context",)

    def __init__(self, context: EventContext, seed: dict[str, Any]) -> None:
        super().__init__(seed)
        self.context = context

    def __missing__(self, key: str) -> Any:
        make = FACT_MAKERS.get(key)
        if make is None:
            raise KeyError(key)
        value = self[key] = make(self.context)
        return value

    def complete(self) -> EventValues:
        for name in FACT_MAKERS:
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
        return {"north": "south", "south": "north"}.get(self.home() or "")

    def opposing(self) -> str | None:
        return OPPOSING_SIDE.get(self.actor.side or "")

    def target(self) -> Actor | None:
        incident = self._incident()
        return incident.actors.get(self.event.get("target", ""))

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

    for aid, raw in actors_raw.items():
        kind = field_of(aid, "kind")
        role = field_of(aid, "role")
        military = field_of(aid, "military")
        if military is None:
            military = kind in MILITARY_KINDS and role not in CIVILIAN_ROLES
        auth = field_of(aid, "authorized")
        force = field_of(aid, "force")
        stated = field_of(aid, "military")
        # a side's armed forces: soldiers, units, ships and aircraft of a force whatever their
        # role (a soldier in a work party is still a soldier); other kinds (balloons, vehicles,
        # unknown) unless their role is a civilian one. `military:` in the file overrides.
        armed = stated if stated is not None else (
            force in ARMED_FORCES and kind != "civilian"
            and (kind in MILITARY_KINDS - {"vehicle"} or role not in CIVILIAN_ROLES))
        count = raw.get("count")
        if count is None and "part_of" in raw:
            count = 1
        out[aid] = Actor(
            id=aid,
            side=field_of(aid, "side"),
            force=field_of(aid, "force"),
            kind=kind,
            role=role,
            count=count,
            arms=frozenset(field_of(aid, "arms") or ()),
            military=bool(military),
            authorized_by=auth.get("by") if auth else None,
            echelon=field_of(aid, "echelon"),
            raw=raw,
            armed_forces=bool(armed),
        )
    for actor in out.values():
        alone = _ActorOnly(actor)
        actor.facts = {name: make(alone) for name, make in ACTOR_FACTS}
    return out


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
    incident_day = date.fromisoformat(data["date"])
    facts = IncidentFacts(data=data, actors=actors)
    incident = weakref.ref(facts)
    for i, ev in enumerate(data["events"]):
        day = date.fromisoformat(ev["date"]) if "date" in ev else incident_day
        if "time" in ev:
            hms = ev["time"].split(":")
            start = datetime(day.year, day.month, day.day, int(hms[0]), int(hms[1]),
                             int(hms[2]) if len(hms) > 2 else 0, tzinfo=tz)
            end, timed = start, True
        else:
            last_day = date.fromisoformat(ev["date_end"]) if "date_end" in ev else day
            start = datetime.combine(day, time(0, 0), tz)
            end, timed = datetime.combine(last_day + timedelta(days=1), time(0, 0), tz), False
        actor = actors[ev["actor"]]
        context = EventContext(i, ev, actor, place, start, incident)
        values = EventValues(context, actor.facts)
        values["action"] = ev["action"]
        values["event.id"] = ev["id"]
        facts.events.append(EventFacts(index=i, event=ev, actor=actor, values=values,
                                       start=start, end=end, timed=timed))
    return facts


def _in_response(c: EventContext) -> Tri:
    """Is the event a response: after fire, an attack or an incursion by the opposing side?"""
    opposing = c.opposing()
    earlier = same = None
    if opposing is not None:
        # the first provocation of the opposing side before this event (in file order), else
        # the first at the same stated time; only those events' positions are resolved
        for ef in c._incident().events:
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
    return casualties.get("killed", 0) + casualties.get("wounded", 0) if casualties else None


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
        if p is not None and (p.get("zone") in zones or has_coordinates(p)):
            return True
    return any(p.get("zone") in zones or has_coordinates(p)
               for p in ev.get("track") or ())


def _origin_in_dmz(c: EventContext) -> Tri:
    origin = c.origin()
    return origin.in_dmz if origin else indeterminate("no origin given")


def _dest_in_dmz(c: EventContext) -> Tri:
    dest = c.dest()
    return dest.in_dmz if dest else indeterminate("no destination given")


def _on_other_side(c: EventContext) -> Tri:
    p, track = c.positions(), c.track()
    place_pos = p.get("at") or p.get("to") or (track[-1] if track else None) or p.get("impact")
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
    target, opposing = c.target(), c.opposing()
    return bool(target and opposing and target.side == opposing)


def _window(c: EventContext) -> Window:
    """When the event may have happened, as instants (`core.time.Window`)."""
    ev = c.incident().events[c.index]  # type: ignore[union-attr]
    return Window(ev.start, ev.end)


def _zone(name: str) -> Callable[[EventContext], Tri]:
    return lambda c: c.zones()[name]


# Every fact of FACTS but `party` (set by the engine per rule): name -> maker.
FACT_MAKERS: dict[str, Callable[[EventContext], Any]] = {
    "action": lambda c: c.action,
    "event.id": lambda c: c.event["id"],
    "event.date": lambda c: _window(c),
    "event.certainty": lambda c: c.event.get("certainty", "reported"),
    "event.weapons": _weapons,
    "event.rounds": lambda c: c.event.get("rounds"),
    "event.object": _object("kind"),
    "event.object_count": _object("count"),
    "event.returned": lambda c: c.event.get("returned"),
    "event.duration_s": lambda c: c.event.get("duration_s"),
    "event.authorized_by": _event_auth,
    "event.target.side": _target_field("side"),
    "event.target.force": _target_field("force"),
    "event.target.military": _target_field("military"),
    "event.casualties": _casualties,
    "event.exercise.type": _exercise("type"),
    "event.exercise.live_fire": _exercise("live_fire"),
    "event.exercise.echelon": _exercise("echelon"),
    "event.exercise.echelon_rank": lambda c: ECHELON_RANK.get(
        (c.event.get("exercise") or {}).get("echelon", "")),
    "event.zone": lambda c: c.event.get("zone"),
    "actor.id": lambda c: c.actor.id,
    "actor.side": lambda c: c.actor.side,
    "actor.force": lambda c: c.actor.force,
    "actor.kind": lambda c: c.actor.kind,
    "actor.role": lambda c: c.actor.role,
    "actor.count": lambda c: c.actor.count,
    "actor.arms": lambda c: c.actor.arms,
    "actor.military": lambda c: c.actor.military,
    "actor.authorized_by": lambda c: c.actor.authorized_by,
    "actor.echelon": lambda c: c.actor.echelon,
    "arms": lambda c: c.actor.arms | _weapons(c),
    "authorized_by": lambda c: _event_auth(c) or c.actor.authorized_by,
    "crosses_mdl": lambda c: _movement_crossing(c.action, c.positions(), c.track(), c.home()),
    "fire.crosses_mdl": lambda c: _fire_crossing(c.action, c.event, c.positions(), c.home()),
    "in_dmz": _any_position("in_dmz"),
    "in_jsa": _in_jsa,
    "in_conference_area": _in_conference_area,
    "origin.in_dmz": _origin_in_dmz,
    "dest.in_dmz": _dest_in_dmz,
    "enters_dmz": lambda c: _enters_dmz(c.action, c.event, c.positions()),
    "on_other_side": _on_other_side,
    "origin.on_other_side": _origin_on_other_side,
    "distance_to_mdl_m": _distance_to_mdl,
    "in_ground_buffer": _zone("in_ground_buffer"),
    "in_no_fly_zone": _zone("in_no_fly_zone"),
    "in_sea_buffer": _zone("in_sea_buffer"),
    "north_of_nll": _zone("north_of_nll"),
    "actor.is_aircraft": lambda c: c.actor.kind in AIR_KINDS,
    "actor.armed_forces": lambda c: c.actor.armed_forces,
    "air_kind": lambda c: _air_kind(c.action, c.actor, c.event.get("object") or {}),
    "echelon_rank": lambda c: ECHELON_RANK.get(
        (c.event.get("exercise") or {}).get("echelon") or c.actor.echelon or ""),
    "event.target.opposing": _target_opposing,
    "event.casualties.side": lambda c: (c.event.get("casualties") or {}).get("side"),
    "event.in_response": _in_response,
    "event.object.replacement": _object("replacement"),
    "dest.zone": _dest_zone,
    "has_coordinates": lambda c: any(p.kind in ("wgs84", "jsa") for p in c.all_positions()),
    "reaches_other_side": lambda c: _reaches_other_side(c.all_positions(), c.other()),
    "strikes_other_side": lambda c: _strikes_other_side(
        c.action, c.event, c.positions(), c.target(), c.opposing(), c.other()),
}


# the makers of the facts that depend on the actor alone (EventContext.actor): made once per
# actor, for every event of an incident's actor asks them
ACTOR_FACTS: list[tuple[str, Callable[[Any], Any]]] = [
    (name, make) for name, make in FACT_MAKERS.items() if name.startswith("actor.")]


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
        other = {"north": "south", "south": "north"}[home]
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
                   home: str | None) -> Tri:
    if action not in FIRE_ACTIONS:
        return no(f"{action} is not fire")
    origin = positions.get("from") or positions.get("at")
    impact = positions.get("impact")
    if origin is None and home:
        origin = resolve_relative({"side": home}, PlaceContext())
        origin.side_reason = f"origin not given: taken as the firing side's own ({home}) side"
    if impact is None:
        direction = ev.get("direction")
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


def _on_area_of(p: PositionFacts, side: str, beyond_line_is_no: bool = False) -> Tri:
    """Is `p` on ground controlled by the side whose home is `side` of the MDL?

    The one answer to this question for every fact that asks it. The northwest islands of
    ¶13(b) are the UNC side's wherever they lie relative to the line (near an island's
    uncertain edge, the UNC side's area is possible). Elsewhere the MDL decides; beyond its
    ends it cannot, which stays indeterminate unless `beyond_line_is_no`.
    """
    island = on_unc_island(p)
    if island.yes:
        return yes(island.reason) if side == "south" else no(island.reason)
    where = p.on_side(side)
    if where.indeterminate and beyond_line_is_no and p.extra.get("outside_mdl_extent"):
        where = no(f"beyond the MDL's extent, where no line decides the side ({where.reason})")
    if island.indeterminate and side == "south" and not where.yes:
        return island
    return where


def _strikes_other_side(action: str, ev: dict[str, Any], positions: dict[str, PositionFacts],
                        target: Actor | None, opposing: str | None, other: str | None) -> Tri:
    """Does fire, an attack or a detonation hit the opposing side: its forces or people (the
    target, the casualties) or its area (where the rounds or the blow landed)?"""
    if action not in STRIKE_ACTIONS:
        return no(f"{action} is not fire, an attack or a detonation")
    if opposing is None:
        return no("the actor has no side")
    if target is not None and target.side == opposing:
        return yes(f"the target, {target.id}, belongs to the opposing ({opposing}) side")
    if (ev.get("casualties") or {}).get("side") == opposing:
        return yes(f"the casualties are on the opposing ({opposing}) side")
    hit = positions.get("impact") if action == "fire" else (
        positions.get("at") or positions.get("to") or positions.get("impact"))
    if hit is None or other is None:
        return no("no target, casualties or point of impact on the opposing side given")
    where = _on_area_of(hit, other, beyond_line_is_no=True)
    if where.yes:
        return yes(f"landed on the opposing side's area ({where.reason})")
    if where.indeterminate:
        return where
    return no(f"landed on its own side, or where no line decides ({where.reason})")


def _zone_facts(all_positions: list[PositionFacts], actor: Actor, air_kind: str | None,
                place_lonlat: tuple[float, float] | None) -> dict[str, Tri]:
    """CMA zones (ground buffer, no-fly bands, sea buffers) and the NLL, via spatial.cma."""
    relevant = [p for p in all_positions if p.signed_m is not None or p.lonlat is not None]
    if not relevant:
        unknown = indeterminate("no distance to the MDL or coordinates given")
        return dict.fromkeys(ZONE_FACTS, unknown)
    from armicheck.spatial import cma  # lazy: shapely/pyproj only where distances are known

    # the place's coordinates give the east/west sector to positions that lack their own
    zones = [cma.cma_zones(p, air_kind or actor.kind or "unknown", lonlat=place_lonlat)
             for p in relevant]
    return {
        "in_ground_buffer": tri_any(z["in_ground_buffer"] for z in zones),
        "in_no_fly_zone": tri_any(z["in_no_fly_zone"] for z in zones),
        "in_sea_buffer": tri_any(
            tri_any([z["in_sea_buffer_west"], z["in_sea_buffer_east"]]) for z in zones),
        "north_of_nll": tri_any(z["nll_side"] for z in zones),
    }
