"""The facts rules are written against: their names and types, and the domain's words.

`FACTS` is the vocabulary: a rule pack may only test names listed here, so a typo in a rule
is caught when the pack loads, not silently never matched.
"""

from __future__ import annotations

# name -> type: str | int | number | bool | set | date | tri
FACTS: dict[str, str] = {
    "action": "str",
    "event.id": "str",
    "event.date": "date",
    "event.certainty": "str",
    "event.weapons": "set",
    "event.rounds": "int",
    "event.object": "str",
    "event.object_count": "int",
    "event.returned": "bool",
    "event.duration_s": "number",
    "event.authorized_by": "str",
    "event.target.side": "str",
    "event.target.force": "str",
    "event.target.military": "bool",
    "event.casualties": "int",
    "event.exercise.type": "str",
    "event.exercise.live_fire": "bool",
    "event.exercise.echelon": "str",
    "event.exercise.echelon_rank": "int",
    "event.zone": "str",
    "actor.id": "str",
    "actor.side": "str",
    "actor.force": "str",
    "actor.kind": "str",
    "actor.role": "str",
    "actor.count": "int",
    "actor.arms": "set",
    "actor.military": "bool",
    "actor.authorized_by": "str",
    "actor.echelon": "str",
    "party": "str",
    "arms": "set",
    "authorized_by": "str",
    "crosses_mdl": "tri",
    "fire.crosses_mdl": "tri",
    "in_dmz": "tri",
    "in_jsa": "tri",
    "in_conference_area": "tri",
    "origin.in_dmz": "tri",
    "dest.in_dmz": "tri",
    "enters_dmz": "tri",
    "on_other_side": "tri",
    "origin.on_other_side": "tri",
    "distance_to_mdl_m": "number",
    "in_ground_buffer": "tri",
    "in_no_fly_zone": "tri",
    "in_sea_buffer": "tri",
    "north_of_nll": "tri",
    # coverage facts (rule packs kaa-1953 ¶12-¶16, cma-2018 Art. 1)
    "actor.is_aircraft": "bool",  # kind aircraft, helicopter, uav or balloon
    "actor.armed_forces": "bool",  # belongs to a side's armed forces (not civilians/activists)
    "air_kind": "str",  # the air vehicle of the event: the actor's kind, or a launched object's
    "echelon_rank": "int",  # the exercise's echelon, else the actor's (regiment = 5)
    "event.target.opposing": "bool",  # the target actor belongs to the opposing side
    "event.casualties.side": "str",
    "event.in_response": "tri",  # an earlier event of the incident is fire/attack by the
    #                              opposing side, or its crossing/flight onto this side's
    #                              ground (a response, e.g. self-defence); same time: undecided
    "event.object.replacement": "bool",  # ¶13(c)/(d): rotation or piece-for-piece replacement
    "dest.zone": "str",  # stated zone of where the event ends (to / at / last track point)
    "reaches_other_side": "tri",  # some position of the event is on the other side's area
    "strikes_other_side": "tri",  # fire/attack hits the other side's forces or area
    "has_coordinates": "bool",  # some position of the event is given as coordinates
}

# What a fact costs to work out the first time, for the engine's cheap-first screen of a
# condition (armicheck.packs.condition.cheap_first): 0 reads a field; 1 resolves the event's
# positions; 2 goes further (zone geometry, every other event of the incident).
FACT_COST: dict[str, int] = {
    **dict.fromkeys(("crosses_mdl", "fire.crosses_mdl", "in_dmz", "in_jsa", "in_conference_area",
                     "origin.in_dmz", "dest.in_dmz", "enters_dmz", "on_other_side",
                     "origin.on_other_side", "distance_to_mdl_m", "reaches_other_side",
                     "strikes_other_side", "has_coordinates"), 1),
    **dict.fromkeys(("in_ground_buffer", "in_no_fly_zone", "in_sea_buffer", "north_of_nll",
                     "event.in_response"), 2),
}

ECHELON_RANK = {"squad": 1, "platoon": 2, "company": 3, "battalion": 4, "regiment": 5,
                "brigade": 6, "division": 7, "corps": 8}
MILITARY_KINDS = {"soldier", "unit", "vessel", "aircraft", "helicopter", "uav", "vehicle"}
CIVILIAN_ROLES = {"tourist", "civil-administration", "journalist", "worker", "official",
                  "work-party"}
HOME_SIDE = {"unc": "south", "kpa": "north"}
OPPOSING_SIDE = {"unc": "kpa", "kpa": "unc"}
AIR_KINDS = {"aircraft", "helicopter", "uav", "balloon"}
ARMED_FORCES = {"ROK", "US", "UNC", "KPA", "CPV", "DPRK"}
STRIKE_ACTIONS = {"fire", "attack", "detonate"}
MOVEMENT_ACTIONS = {"move", "cross", "fly", "sail", "enter-zone", "rescue", "launch"}
FIRE_ACTIONS = {"fire"}
POSITION_KEYS = ("from", "to", "at", "impact")


ZONE_FACTS = ("in_ground_buffer", "in_no_fly_zone", "in_sea_buffer", "north_of_nll")


