"""Generate armicheck/schemas/incident.schema.json (kept in Git; regenerate after edits).

The schema is written as Python data here because JSON is tedious to edit by hand; the JSON
file is what ships and what `armicheck schema incident` prints.
"""

import json
from pathlib import Path

from armicheck.core.vocabulary import (
    ACT_CATEGORIES,
    ACTIONS,
    ARMS,
    CERTAINTY,
    ECHELONS,
    FORCES,
    KINDS,
    PARTIES,
    ROLES,
    SIDES,
    SOURCE_KINDS,
    ZONES,
)

ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$", "maxLength": 120}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
PARTIAL_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
TIME = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
    "description": "Local time HH:MM or HH:MM:SS in the incident's utc_offset.",
}
OFFSET = {"type": "string", "pattern": r"^[+-](0\d|1[0-4]):[0-5]\d$"}
TEXT = {"type": "string", "maxLength": 20000}
SHORT = {"type": "string", "maxLength": 500}

NUMBER_OR_RANGE = {
    "oneOf": [
        {"type": "number", "minimum": 0},
        {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 2,
         "maxItems": 2},
    ],
    "description": "A distance in metres, or a range [min, max].",
}

CITE_ITEM = {
    "oneOf": [
        ID,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["source"],
            "properties": {"source": ID, "quote": TEXT, "page": SHORT, "note": SHORT},
        },
    ]
}
CITE = {"type": "array", "items": CITE_ITEM, "maxItems": 100}

# Format 1.1 (issue 15): positions by place, relative to the NLL, on held ground, in stated
# waters. Each field is optional; a format 1 position uses none of them.
COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west"]
POSITION_11 = {
    "place": {**ID, "description": "Format 1.1: a place of armicheck's gazetteer by id "
              "(`armicheck places` lists them): the position is at it, or offset from it by "
              "distance_m with bearing_deg or direction. Without an offset it is on the ground "
              "of the side that holds the place."},
    "bearing_deg": {"type": "number", "minimum": 0, "maximum": 360,
                    "description": "Format 1.1, with place and distance_m: the true bearing "
                    "from the place to the position."},
    "direction": {"enum": COMPASS,
                  "description": "Format 1.1, with place and distance_m: 'east of' the place "
                  "(each word covers ±22.5°)."},
    "nll": {"enum": ["north", "south"],
            "description": "Format 1.1: at sea, on this side of the Northern Limit Line (a UNC "
            "line, not in the Armistice); distance_m is then the distance from the NLL."},
    "sea": {"enum": ["west", "east"],
            "description": "Format 1.1, with nll: which sea's NLL (else the incident place's "
            "coordinates decide, or the facts try both)."},
    "held_by": {"enum": ["unc", "kpa"],
                "description": "Format 1.1: on ground held by this side ('on UNC-held "
                "ground'), with or without coordinates."},
    "waters": {"enum": ["rok-territorial", "dprk-territorial", "international"],
               "description": "Format 1.1: at sea, in these waters, as the sources state."},
}

POSITION = {
    "type": "object",
    "additionalProperties": False,
    "description": "A position: qualitative (side, zone), relative to the MDL (side + distance_m), "
    "or coordinates (lat/lon in wgs84, x/y metres in the jsa frame). Format 1.1 adds a place "
    "of the gazetteer with an offset, a side of the NLL, held ground and stated waters. "
    "distance_m is measured from the place when `place` is given, from the NLL with `nll`, "
    "else from the MDL.",
    "properties": {
        "side": {"enum": ["north", "south", "mdl", "unknown"],
                 "description": "Side of the MDL; 'mdl' means on the line."},
        "distance_m": NUMBER_OR_RANGE,
        **POSITION_11,
        "zone": {"enum": ZONES},
        "name": SHORT,
        "frame": {"enum": ["wgs84", "jsa"]},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "lon": {"type": "number", "minimum": -180, "maximum": 180},
        "x": {"type": "number", "minimum": -100000, "maximum": 100000},
        "y": {"type": "number", "minimum": -100000, "maximum": 100000},
        "alt_m": {"type": "number", "minimum": -1000, "maximum": 100000},
        "uncertainty_m": {"type": "number", "minimum": 0},
        "time": TIME,
        "certainty": {"enum": CERTAINTY},
        "note": SHORT,
    },
}

AUTHORIZATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["by"],
    "properties": {
        "by": {"enum": ["mac", "commander", "unc-commander", "kpa-commander", "prior-notice"]},
        "cite": CITE,
        "note": SHORT,
    },
}

ACTOR = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": SHORT,
        "side": {"enum": SIDES},
        "force": {"enum": FORCES},
        "kind": {"enum": KINDS},
        "role": {"enum": ROLES},
        "count": {"type": "integer", "minimum": 1, "maximum": 10000000},
        "arms": {"type": "array", "items": {"enum": ARMS}, "uniqueItems": True},
        "military": {"type": "boolean",
                     "description": "Override: is this actor military personnel? "
                     "Default from kind/role."},
        "part_of": ID,
        "authorized": AUTHORIZATION,
        "echelon": {"enum": ECHELONS},
        "note": TEXT,
        "cite": CITE,
    },
}

SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["publisher", "title", "kind"],
    "properties": {
        "publisher": SHORT,
        "title": SHORT,
        "date": PARTIAL_DATE,
        "date_approximate": {"type": "boolean"},
        "url": {"type": "string", "maxLength": 2000},
        "kind": {"enum": SOURCE_KINDS},
        "reliability": {"enum": list("ABCDEF")},
        "credibility": {"type": "integer", "minimum": 1, "maximum": 6},
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "author": SHORT,
        "file": SHORT,
        "note": TEXT,
    },
}

EVENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "actor", "action"],
    "properties": {
        "id": ID,
        "time": TIME,
        "date": DATE,
        "date_end": DATE,
        "actor": ID,
        "action": {"enum": ACTIONS},
        "summary": TEXT,
        "from": POSITION,
        "to": POSITION,
        "at": POSITION,
        "impact": POSITION,
        "track": {"type": "array", "items": POSITION, "minItems": 2, "maxItems": 10000},
        "direction": {
            "description": "Where fire (or a launch) was directed when where it landed is not "
            "given: north / south (toward that half of the MDL: northward, southward), or, in "
            "format 1.1, toward a gazetteer place, toward an actor, or a true bearing.",
            "oneOf": [
                {"enum": ["north", "south"]},
                {"type": "object", "additionalProperties": False, "minProperties": 1,
                 "maxProperties": 2,
                 "properties": {"place": ID, "actor": ID,
                                "bearing_deg": {"type": "number", "minimum": 0,
                                                "maximum": 360},
                                "note": SHORT},
                 "oneOf": [{"required": ["place"]}, {"required": ["actor"]},
                           {"required": ["bearing_deg"]}]},
            ],
        },
        "tunnel": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "description": "Format 1.1: a tunnel the event dug or found, underground. Its "
            "course (positions in order), or its start and end (e.g. end: {side: south, "
            "distance_m: 400}); without a start it begins on the digging side's own half.",
            "properties": {
                "start": POSITION,
                "course": {"type": "array", "items": POSITION, "minItems": 1,
                           "maxItems": 10000},
                "end": POSITION,
                "length_m": NUMBER_OR_RANGE,
                "depth_m": NUMBER_OR_RANGE,
                "note": SHORT,
            },
        },
        "bearing_deg": {"type": "number", "minimum": 0, "maximum": 360},
        "range_m": NUMBER_OR_RANGE,
        "weapons": {"type": "array", "items": {"enum": ARMS}, "uniqueItems": True},
        "rounds": {"type": "integer", "minimum": 0},
        "target": ID,
        "object": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind"],
            "properties": {
                "kind": {"enum": ["mine", "explosive", "obstacle", "loudspeaker", "guard-post",
                                  "fortification", "barrier", "leaflets", "debris", "other",
                                  "balloon", "uav", "troops", "combat-aircraft",
                                  "armored-vehicle", "weapons", "ammunition"]},
                "count": {"type": "integer", "minimum": 1},
                "description": SHORT,
                "replacement": {"type": "boolean",
                                "description": "For `introduce` events: rotation man for man "
                                "or replacement piece for piece, as Armistice ¶13(c)/(d) "
                                "permit."},
            },
        },
        "exercise": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type"],
            "properties": {
                "type": {"enum": ["artillery", "field-training", "maritime-maneuver",
                                  "naval-gunnery", "air-live-fire", "other"]},
                "live_fire": {"type": "boolean"},
                "echelon": {"enum": ECHELONS},
            },
        },
        "zone": {"enum": ["ground-buffer", "sea-buffer-west", "sea-buffer-east", "no-fly"]},
        "duration_s": {"type": "number", "minimum": 0},
        "returned": {"type": "boolean"},
        "authorized": AUTHORIZATION,
        "casualties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "killed": {"type": "integer", "minimum": 0},
                "wounded": {"type": "integer", "minimum": 0},
                "side": {"enum": SIDES},
            },
        },
        "certainty": {"enum": CERTAINTY},
        "group": ID,
        "cite": CITE,
        "note": TEXT,
    },
}

DETERMINATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["body", "date", "findings"],
    "properties": {
        "body": SHORT,
        "date": DATE,
        "source": ID,
        "quote": TEXT,
        "note": TEXT,
        "findings": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["party", "act", "instrument"],
                "properties": {
                    "party": {"enum": PARTIES},
                    "act": {"enum": ACT_CATEGORIES},
                    "instrument": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "paragraphs": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "events": {"type": "array", "items": ID},
                    "quote": TEXT,
                    "note": TEXT,
                },
            },
        },
    },
}

CLAIM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["party", "kind"],
    "properties": {
        "party": {"enum": PARTIES},
        "by": SHORT,
        "kind": {"enum": ["claim", "denial", "admission", "regret", "protest"]},
        "date": DATE,
        "source": ID,
        "events": {"type": "array", "items": ID},
        "quote": TEXT,
        "summary": TEXT,
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://armicheck.invalid/schemas/incident-v1.json",
    "title": "armicheck incident file, format v1 (with the optional fields of format 1.1)",
    "description": "One incident on the Korean DMZ: actors, events with positions, sources, and "
    "what official bodies concluded. Dates and times are quoted strings.",
    "type": "object",
    "additionalProperties": False,
    "required": ["armicheck", "id", "title", "date", "utc_offset", "actors", "events"],
    "properties": {
        "armicheck": {"const": 1, "description": "Incident format version."},
        "id": ID,
        "title": SHORT,
        "date": DATE,
        "date_end": DATE,
        "utc_offset": OFFSET,
        "summary": TEXT,
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 80}},
        "place": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "name": SHORT,
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "frame": {"enum": ["wgs84", "jsa"]},
                "zone": {"enum": ZONES},
                "note": TEXT,
            },
        },
        "actors": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": ID,
            "additionalProperties": ACTOR,
        },
        "sources": {
            "type": "object",
            "propertyNames": ID,
            "additionalProperties": SOURCE,
        },
        "events": {"type": "array", "minItems": 1, "maxItems": 5000, "items": EVENT},
        "determinations": {"type": "array", "items": DETERMINATION},
        "claims": {"type": "array", "items": CLAIM},
        "notes": TEXT,
    },
}

VOCABULARY = {
    "sides": SIDES, "forces": FORCES, "kinds": KINDS, "roles": ROLES, "arms": ARMS,
    "certainty": CERTAINTY, "actions": ACTIONS, "zones": ZONES, "source_kinds": SOURCE_KINDS,
    "act_categories": ACT_CATEGORIES, "parties": PARTIES,
}

if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "armicheck" / "schemas"
    (out / "incident.schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n")
    print("wrote", out / "incident.schema.json")
