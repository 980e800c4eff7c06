"""The incident format's words: one source for the schema (tools/gen_incident_schema.py) and
the facts (armicheck.facts). Lists keep the schema's order."""

from __future__ import annotations

from armicheck.core.korea import FORCES, PARTIES, PARTY_SIDES

__all__ = ["FORCES", "PARTIES"]  # re-exported: the schema's lists, from core/korea.py

SIDES = [*PARTY_SIDES, "neutral", "unknown"]
KINDS = ["soldier", "unit", "civilian", "official", "vehicle", "vessel", "aircraft",
         "helicopter", "uav", "balloon", "unknown"]
ROLES = ["guard", "patrol", "work-party", "defector", "tourist", "civil-police",
         "civil-administration", "escort", "officer", "mac-member", "mac-staff", "jot", "nnsc",
         "observer", "rescuer", "infiltrator", "artillery", "air-defense", "crew", "pilot",
         "combat", "reconnaissance", "engineer", "official", "journalist", "worker",
         "unknown", "other"]
ARMS = ["pistol", "rifle", "automatic-rifle", "machine-gun", "grenade", "grenade-launcher",
        "rocket-launcher", "mortar", "artillery", "anti-aircraft-gun", "missile", "mine",
        "explosive", "bayonet", "knife", "axe", "club", "other"]
CERTAINTY = ["confirmed", "reported", "alleged", "inferred"]
ACTIONS = ["move", "cross", "fire", "emplace", "fly", "sail", "detonate", "enter-zone",
           "exercise", "construct", "present", "attack", "launch", "broadcast", "rescue",
           "introduce", "tunnel"]
ZONES = ["dmz", "jsa", "conference-row", "outside-dmz", "han-river-estuary", "sea", "air"]
SOURCE_KINDS = ["official", "press", "osint", "testimony", "imagery"]
ACT_CATEGORIES = ["fire-across-mdl", "mdl-crossing", "dmz-entry", "hostile-act",
                  "airspace-incursion", "naval-incursion", "prohibited-arms", "personnel-limit",
                  "buffer-zone-exercise", "no-fly-zone", "sea-buffer-fire", "mine-emplacement",
                  "reinforcement", "territory-entry", "guard-post", "obstruction",
                  "military-presence", "ceasefire"]
ECHELONS = ["squad", "platoon", "company", "battalion", "regiment", "brigade", "division",
            "corps"]
POSITION_KEYS = ("from", "to", "at", "impact")  # an event's single positions (and `track`)

# The words' groups the facts use (each a subset of its list: tests/test_vocabulary.py)
ECHELON_RANK = {name: rank for rank, name in enumerate(ECHELONS, 1)}  # squad = 1
MILITARY_KINDS = {"soldier", "unit", "vessel", "aircraft", "helicopter", "uav", "vehicle"}
AIR_KINDS = {"aircraft", "helicopter", "uav", "balloon"}
CIVILIAN_ROLES = {"tourist", "civil-administration", "journalist", "worker", "official",
                  "work-party"}
STRIKE_ACTIONS = {"fire", "attack", "detonate"}
MOVEMENT_ACTIONS = {"move", "cross", "fly", "sail", "enter-zone", "rescue", "launch"}
FIRE_ACTIONS = {"fire"}
