"""The domain's words the facts are made from (the facts themselves: `facts.derive.FACTS`)."""

from __future__ import annotations

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


