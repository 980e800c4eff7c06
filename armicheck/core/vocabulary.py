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
         "unknown", "other",
         # format 1.1: grown from the writers' own words in real reports (role_text keeps them)
         "raiding-party", "pursuer", "reinforcement", "commander", "boarding-party",
         "psychological-operations", "investigator", "fisherman", "resident"]
ARMS = ["pistol", "rifle", "automatic-rifle", "machine-gun", "grenade", "grenade-launcher",
        "rocket-launcher", "mortar", "artillery", "anti-aircraft-gun", "missile", "mine",
        "explosive", "bayonet", "knife", "axe", "club", "other",
        # format 1.1: "small arms" of no stated type; torpedoes
        "small-arms", "torpedo"]
CERTAINTY = ["confirmed", "reported", "alleged", "inferred"]
# format 1.1: how certain it is who did it, apart from whether it happened (`certainty`)
ATTRIBUTION = [*CERTAINTY, "disputed"]
ACTIONS = ["move", "cross", "fire", "emplace", "fly", "sail", "detonate", "enter-zone",
           "exercise", "construct", "present", "attack", "launch", "broadcast", "rescue",
           "introduce",
           # format 1.1 (no rule reads them yet: they make no findings by themselves)
           "detain", "abduct", "board", "tow", "sink", "tunnel"]
ZONES = ["dmz", "jsa", "conference-row", "outside-dmz", "han-river-estuary", "sea", "air"]
SOURCE_KINDS = ["official", "press", "osint", "testimony", "imagery",
                # format 1.1
                "scholarly", "reference", "government", "ngo"]
ACT_CATEGORIES = ["fire-across-mdl", "mdl-crossing", "dmz-entry", "hostile-act",
                  "airspace-incursion", "naval-incursion", "prohibited-arms", "personnel-limit",
                  "buffer-zone-exercise", "no-fly-zone", "sea-buffer-fire", "mine-emplacement",
                  "reinforcement", "territory-entry", "guard-post", "obstruction",
                  "military-presence", "ceasefire"]
ECHELONS = ["squad", "platoon", "company", "battalion", "regiment", "brigade", "division",
            "corps"]
# format 1.1
NATIONALITIES = ["ROK", "DPRK", "US", "PRC", "JPN", "other", "unknown"]
BRANCHES = ["army", "navy", "air-force", "marine-corps", "coast-guard", "police",
            "special-forces", "other"]
INTENTS = ["deliberate", "accidental", "undetermined"]
MEDIA = ["loudspeaker", "radio", "television", "electronic-sign", "leaflets", "other"]
CLAIM_KINDS = ["claim", "denial", "admission", "regret", "protest",
               # format 1.1
               "accusation", "statement", "position"]
OUTCOMES = ["violation", "consistent"]  # what a determination found of an act
DAMAGE_KINDS = ["vessel", "aircraft", "vehicle", "building", "guard-post", "equipment",
                "property", "other"]
DAMAGE_EXTENTS = ["damaged", "destroyed", "sunk", "captured"]
POSITION_KEYS = ("from", "to", "at", "impact")  # an event's single positions (and `track`)

# The words' groups the facts use (each a subset of its list: tests/test_vocabulary.py)
ECHELON_RANK = {name: rank for rank, name in enumerate(ECHELONS, 1)}  # squad = 1
MILITARY_KINDS = {"soldier", "unit", "vessel", "aircraft", "helicopter", "uav", "vehicle"}
AIR_KINDS = {"aircraft", "helicopter", "uav", "balloon"}
CIVILIAN_ROLES = {"tourist", "civil-administration", "journalist", "worker", "official",
                  "work-party", "fisherman", "resident"}
STRIKE_ACTIONS = {"fire", "attack", "detonate"}
MOVEMENT_ACTIONS = {"move", "cross", "fly", "sail", "enter-zone", "rescue", "launch"}
FIRE_ACTIONS = {"fire"}
