"""Facts for issue 20 (fidelity beyond the JSA): the waters a naval vessel must respect
(Armistice ¶15), the attack a response rests on, tunnels dug across the MDL, drills whose
type the file does not state, and how certain an event's positions are.

Kept apart from `facts.derive` (which registers them with the others), like
`facts.format11`. Each fact is three-valued where the file may not decide it, and each
reason says what the file states, what was inferred and what is missing.
"""

from __future__ import annotations

from typing import Any

from armicheck.core import gazetteer
from armicheck.core.korea import OPPOSING_SIDE
from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.core.vocabulary import POSITION_KEYS, STRIKE_ACTIONS
from armicheck.facts.format11 import (
    SIDE_NAMES,
    WATER_KINDS,
    WATERS_NAMES,
    WATERS_SIDE,
    _land_within,
    tunnel_crosses_mdl,
)
from armicheck.facts.registry import Fact

NAUTICAL_MILE_M = 1852.0
# The UNC applied and defended 3 nm of "contiguous waters" (Armistice ¶15) from land under
# its control, the islands included (Seoul 6092, 1976; Seoul 8696, 1973); it left the outer
# limit undefined on purpose (State 045472, 1974), and the DPRK claims 12 nm.
UNC_CONTIGUOUS_M = 3 * NAUTICAL_MILE_M
DPRK_CLAIM_M = 12 * NAUTICAL_MILE_M
# the registry's absence meaning of in_contiguous_waters is this reason
NOTHING_PLACES_IT = "no position states waters, has coordinates or is on held ground"
CONTESTED = ("beyond 3 nm the breadth of the waters contiguous to land under the other "
             "side's control is undefined and contested (the UNC applied 3 nm; the DPRK "
             "claims 12 nm)")


# --- ¶15: waters contiguous to the other side's land ---------------------------------------


def contiguous_waters(c: Any) -> Tri:
    """Is the event in the waters contiguous to land the opposing side controls?

    yes: within 3 nm of it (an upper bound on the distance to its land: the MDL, a
    gazetteer land place, ground stated held); indeterminate: stated in the other side's
    territorial waters, or within 12 nm of its land, but not known to be within 3 nm; no:
    stated in its own or international waters, or nothing places it near the other side's
    land (no coastline is shipped)."""
    opposing = OPPOSING_SIDE.get(c.actor.side or "")
    if opposing is None:
        return no("the actor has no side")
    best: float | None = None
    for p in c.all_positions():
        d = _land_within(p, opposing)
        if d is not None and (best is None or d < best):
            best = d
    named = _offset_from_their_place(c.event, opposing)
    if named is not None and (best is None or named < best):
        best = named
    holder = SIDE_NAMES[opposing]
    if best is not None and best <= UNC_CONTIGUOUS_M:
        return yes(f"at most {best:,.0f} m from land the {holder} side controls: within the "
                   f"3 nm ({UNC_CONTIGUOUS_M:,.0f} m) the UNC has applied as the contiguous "
                   "waters of ¶15")
    stated = [p.extra["waters"] for p in c.all_positions() if p.extra and "waters" in p.extra]
    theirs = [w for w in stated if WATERS_SIDE.get(w) == opposing]
    if theirs:
        return indeterminate(f"stated: in {WATERS_NAMES[theirs[0]]}, the {holder} side's, "
                             f"at no stated distance from its land: {CONTESTED}")
    if best is not None and best <= DPRK_CLAIM_M:
        return indeterminate(f"at most {best:,.0f} m from land the {holder} side controls: "
                             "within 12 nm, and perhaps within 3 nm (no coastline is "
                             f"shipped, so the coast may be nearer); {CONTESTED}")
    if stated:
        return no(f"stated: in {WATERS_NAMES.get(stated[0], stated[0])}")
    if best is not None:
        return no(f"no known land of the {holder} side within 12 nm (nearest at most "
                  f"{best:,.0f} m; no coastline is shipped)")
    return no(NOTHING_PLACES_IT)


def _offset_from_their_place(event: dict[str, Any], side: str) -> float | None:
    """A position stated as an offset from a land place the side holds ("1,000 yards off
    Socheong-do") is at most that far from its land: the place's own uncertainty is where
    on the land it is, not how far the position is from land."""
    best: float | None = None
    for key in POSITION_KEYS:
        pos = event.get(key)
        if not isinstance(pos, dict) or "place" not in pos:
            continue
        place = gazetteer.find(str(pos["place"]))
        if place is None or place.held_by != side or place.kind in WATER_KINDS:
            continue
        stated = pos.get("distance_m", 0)
        far = float(max(stated) if isinstance(stated, list) else stated)
        if best is None or far < best:
            best = far
    return best


# --- the attack a response rests on --------------------------------------------------------


def _order(first: Any, then: Any) -> str:
    """'before', 'after' or 'unknown': does event `first` end before `then` begins?"""
    tie = first.start == first.end == then.start == then.end
    if not tie and first.end <= then.start and (first.timed or not then.timed
                                                or first.end < then.start):
        return "before"
    if not tie and then.end <= first.start:
        return "after"
    return "unknown"


def answers_attack(c: Any) -> Tri:
    """Is the event a reply to an earlier attack on its side's forces or ground?

    Only fire, an attack or a detonation by the opposing side that struck this side counts:
    warning shots, crossings, flights and drills are not attacks (no body treated them as
    such). The reason names the event; where the times do not order the two, a reply aimed
    back at the attack's author, listed after it, is inferred to answer it (and says so)."""
    opposing = OPPOSING_SIDE.get(c.actor.side or "")
    if opposing is None:
        return no("the actor has no side")
    incident = c._incident()
    me = incident.events[c.index]
    mine = SIDE_NAMES[c.actor.side]
    targets = {c.event.get("target"), *(c.event.get("targets") or ())} - {None}
    not_attacks: list[str] = []
    unsure: Tri | None = None
    for ef in incident.events:
        if ef.index == c.index or ef.actor.side != opposing:
            continue
        order = _order(ef, me)
        if order == "after":
            continue
        theirs = {ef.event.get("target"), *(ef.event.get("targets") or ())}
        if order == "unknown" and ef.index > c.index and c.actor.id in theirs:
            continue  # listed after this event and aimed back at its actor: its reply
        action = ef.values["action"]
        if action not in STRIKE_ACTIONS:
            not_attacks.append(f"{ef.id} ({action})")
            continue
        if ef.event.get("warning"):
            not_attacks.append(f"{ef.id} (warning shots)")
            continue
        struck = ef.values["strikes_other_side"]
        if struck.no and action == "fire":
            # rounds that crossed the MDL landed on this side's area: the UNC holds fire
            # across the MDL a violation whoever fired first, and an attack on that side
            crossed = ef.values["fire.crosses_mdl"]
            if crossed.yes:
                struck = yes(f"its rounds crossed the MDL: {crossed.reason}")
            elif crossed.indeterminate:
                struck = indeterminate(f"whether its rounds crossed the MDL onto the {mine} "
                                       f"side is not known: {crossed.reason}")
        if struck.no:
            not_attacks.append(f"{ef.id} ({action} that struck nothing of the {mine} side)")
            continue
        said = f"{opposing} event {ef.id}, {action} that struck the {mine} side ({struck.reason})"
        if struck.yes and order == "before":
            return yes(f"answers {said}")
        if struck.yes and ef.index < c.index and ef.actor.id in targets:
            return yes(f"answers {said}; inferred: the times do not order the two, but this "
                       f"event comes after it in the file and is aimed back at {ef.actor.id}")
        if unsure is None:
            why = struck.reason if struck.indeterminate else \
                "the times do not say which came first"
            unsure = indeterminate(f"may answer {opposing} event {ef.id}: {why}")
    if unsure is not None:
        return unsure
    told = f": only {', '.join(not_attacks)}" if not_attacks else ""
    return no(f"no earlier attack by {opposing} on the {mine} side's forces or ground{told} "
              "(warning shots, crossings, flights and drills are not attacks)")


def target_intruded(c: Any) -> Tri:
    """Was the target an intruder: has it an event that reached this actor's side's area
    (its flight, crossing or sailing onto it)? The reason names that event."""
    home = c.actor.side
    if home is None:
        return no("the actor has no side")
    ids = {c.event.get("target"), *(c.event.get("targets") or ())} - {None}
    if not ids:
        return no("no target stated")
    unsure: Tri | None = None
    for ef in c._incident().events:
        if ef.actor.id not in ids or ef.actor.side != OPPOSING_SIDE.get(home):
            continue
        # its own movement or presence there, or fire from there: fire that lands on this
        # side's area is an attack, not an intrusion
        reached = ef.values["origin.on_other_side"] if ef.values["action"] in STRIKE_ACTIONS \
            else ef.values["reaches_other_side"]
        if reached.indeterminate and ef.values["in_other_sides_waters"].no:
            continue  # at sea, stated in its own (or international) waters: no intruder
        if reached.yes:
            return yes(f"the target {ef.actor.id} intruded in event {ef.id} "
                       f"({reached.reason})")
        if reached.indeterminate and unsure is None:
            unsure = indeterminate(f"the target {ef.actor.id} may have intruded in event "
                                   f"{ef.id} ({reached.reason})")
    if unsure is not None:
        return unsure
    return no("no event of the target reaches this side's area: it was no intruder")


# --- tunnels --------------------------------------------------------------------------------


def tunnel_dug_across(c: Any) -> Tri:
    """A tunnel dug or found across the MDL: its course when stated; a `tunnel` event that
    states no course or end leaves the crossing undecided (never a silent no)."""
    if "tunnel" in c.event:
        found = tunnel_crosses_mdl(c)
        if found.no and not found.reason:
            return no("the tunnel's course stays on one side of the MDL")
        return found
    if c.action == "tunnel":
        return indeterminate("a tunnel event states no course or end (tunnel.end): whether "
                             "the tunnel crosses the MDL is not known")
    return no("no tunnel stated")


# --- drills whose type is not stated --------------------------------------------------------

ARTILLERY_ARMS = frozenset({"artillery", "rocket-launcher"})


def artillery_drill(c: Any) -> Tri:
    """An artillery drill: stated (`exercise.type: artillery`), or an exercise with no type
    that uses artillery (indeterminate, naming the missing type)."""
    stated = (c.event.get("exercise") or {}).get("type")
    if stated is not None:
        return yes("stated: exercise type artillery") if stated == "artillery" else \
            no(f"stated: exercise type {stated}")
    if c.action != "exercise":
        return no(f"{c.action} is not an exercise")
    arms = set(c.event.get("weapons") or ()) | set(c.actor.arms)
    used = sorted(arms & ARTILLERY_ARMS)
    if used:
        return indeterminate(f"exercise.type is not stated; the exercise involves "
                             f"{', '.join(used)}, so it may be an artillery drill")
    return no("exercise.type is not stated and no artillery is named")


# --- who is held responsible ----------------------------------------------------------------

# a commander who let the act happen, and the side he commands
COMMANDER_SIDE = {"kpa-commander": "kpa", "unc-commander": "unc"}


def responsible_side(ev: Any) -> tuple[str, str] | None:
    """The side a civilians' act is held against, when it is not their own: civilians are
    never a force of their own; where the commander of one side let them act (authorised
    them) from the area that side controls, the finding is held against that side, as the
    UNC held the North responsible for "permitting the passage" of the 1989 crossers
    (Armistice ¶7-¶9, read with ¶17). None: the actor's own side, as before."""
    actor = ev.actor
    if actor.force is not None or (actor.nationality is None and actor.kind != "civilian"):
        return None
    by = ev.values["authorized_by"]
    side = COMMANDER_SIDE.get(by or "")
    if side is None or side == actor.side:
        return None
    origin = ev.values.context.origin()
    home = {"kpa": "north", "unc": "south"}[side]
    if origin is not None and origin.on_side(home).no:
        return None  # not from the area that side controls
    return side, (f"held against the {side} side: {actor.id} are civilians, no force of "
                  f"their own, and the {side} side's commander let them act "
                  f"(authorized: {by}) from the area it controls (Armistice ¶17: each "
                  "commander answers for those under his control)")


# --- how certain the positions are ----------------------------------------------------------

CERTAINTY_ORDER = ("confirmed", "reported", "inferred", "alleged")


def position_certainty(c: Any) -> str | None:
    """The least certainty stated (or inferred from a place name) of the event's positions."""
    worst: str | None = None
    for p in c.positions().values():
        said = (p.extra or {}).get("certainty")
        if said in CERTAINTY_ORDER and (worst is None or CERTAINTY_ORDER.index(said)
                                        > CERTAINTY_ORDER.index(worst)):
            worst = said
    return worst


FIDELITY_FACTS = (
    Fact("in_contiguous_waters", "tri",
         "¶15: within the waters contiguous to land the opposing side controls: yes within "
         "3 nm (the UNC's practice), indeterminate in the other side's stated waters or "
         "within 12 nm (contested), no in own or international waters",
         contiguous_waters, cost=1,
         absent=f"no: {NOTHING_PLACES_IT}"),
    Fact("event.answers_attack", "tri",
         "an earlier fire, attack or detonation by the opposing side struck this side's "
         "forces or ground (named in the reason); warning shots, crossings, flights and "
         "drills are not attacks", answers_attack, cost=2,
         absent="no: no earlier attack by the opposing side in the file"),
    Fact("event.target.intruded", "tri",
         "the target has an event that reached the actor's side's area (an intruder; the "
         "reason names the event)", target_intruded, cost=2,
         absent="no: no event of the target reaches this side's area"),
    Fact("tunnel.dug_across", "tri",
         "a tunnel dug or found across the MDL (tunnel.crosses_mdl); a tunnel event with no "
         "course or end stated is indeterminate", tunnel_dug_across, cost=1,
         absent="no: the event is no tunnel"),
    Fact("exercise.artillery", "tri",
         "an artillery drill: stated, or an exercise with no stated type that uses artillery "
         "(indeterminate, naming exercise.type)", artillery_drill,
         absent="no: no exercise, or one of another stated type"),
    Fact("position.certainty", "str",
         "the least certainty of the event's positions (stated, or inferred where a position "
         "is only a gazetteer place's name)", position_certainty, cost=1,
         absent="null: every position is as certain as the event"),
)
