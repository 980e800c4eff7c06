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
    ATTRIBUTION,
    BRANCHES,
    CERTAINTY,
    CLAIM_KINDS,
    DAMAGE_EXTENTS,
    DAMAGE_KINDS,
    ECHELONS,
    FORCES,
    INTENTS,
    KINDS,
    MEDIA,
    NATIONALITIES,
    OUTCOMES,
    PARTIES,
    ROLES,
    SIDES,
    SOURCE_KINDS,
    ZONES,
)

ID = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$", "maxLength": 120}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
PARTIAL_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
# format 1.1: a date as sources give it: a day, or only the month or the year (all its days)
DAY_MONTH_OR_YEAR = {
    "oneOf": [DATE, {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
              {"type": "string", "pattern": r"^\d{4}$"}],
    "description": "\"YYYY-MM-DD\"; since format 1.1 also \"YYYY-MM\" (month only) or \"YYYY\" "
    "(year only): the event may have happened on any day of it.",
}
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

# format 1.1: a count or a number of rounds as sources state it
COUNT_FORMS = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "maximum": 10000000},
        {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 10000000},
         "minItems": 2, "maxItems": 2,
         "description": "a range [min, max] (\"20 to 30\")"},
        {"type": "object", "additionalProperties": False, "required": ["at_least"],
         "properties": {"at_least": {"type": "integer", "minimum": 0, "maximum": 10000000},
                        "at_most": {"type": "integer", "minimum": 0, "maximum": 10000000}},
         "description": "a bound: {at_least: N} (\"at least 30\", \"more than 29\"), with "
         "at_most if the source gives one"},
    ],
}


def count_forms(minimum: int, what: str, maximum: int | None = None) -> dict:
    """A number (format 1, with its format 1 bounds), or since format 1.1 a [min, max] range
    or {at_least: N}."""
    out = json.loads(json.dumps(COUNT_FORMS))
    out["oneOf"][0] = {"type": "integer", "minimum": minimum,
                       **({"maximum": maximum} if maximum is not None else {})}
    out["description"] = (f"{what}: a whole number; since format 1.1 also a range [min, max] or "
                          "{at_least: N}. The facts carry the interval, never a guess; a rule "
                          "comparing it with a limit is yes only if every value is beyond the "
                          "limit, no if none is, and indeterminate otherwise.")
    return out


CITE_ITEM = {
    "oneOf": [
        ID,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["source"],
            "properties": {
                "source": ID, "quote": TEXT, "page": SHORT, "note": SHORT,
                "language": {"type": "string", "pattern": "^[a-z]{2,3}$",
                             "description": "Format 1.1: the language of the quote as "
                             "written (ISO 639, e.g. ko), when it is not English."},
                "translation": {**TEXT, "description": "Format 1.1: an English translation "
                                "of the quote (the quote stays in its own language)."},
                "translated_by": {**SHORT, "description": "Format 1.1: who translated the "
                                  "quote (the source, a named translator, or the writer)."},
            },
        },
    ]
}
CITE = {"type": "array", "items": CITE_ITEM, "maxItems": 100}

# Format 1.1 (issue 15): positions by place, relative to the NLL, on held ground, in stated
# waters. Each field is optional; a format 1 position uses none of them.
COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west"]
# a gazetteer id; any text here, so that a place's name ("Dora Observatory") reaches the check
# that says which id to write (validation/format11.py), not a generic "not a valid id"
PLACE_REF = {"type": "string", "minLength": 1, "maxLength": 120}
POSITION_11 = {
    "place": {**PLACE_REF, "description": "Format 1.1: a place of armicheck's gazetteer by id "
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
        "force": {"enum": FORCES, "description": "The armed force the actor belongs to. "
                  "Civilians have a nationality instead (format 1.1)."},
        "kind": {"enum": KINDS, "description": "One kind per actor: for a group of several "
                 "kinds (a boat and its crew, soldiers and a truck) give the group its main kind "
                 "and each other kind as a part (part_of), with its own count and arms."},
        "role": {"enum": ROLES},
        "role_text": {**SHORT, "description": "Format 1.1: the writer's own words for the "
                      "role (\"commando team\"), kept beside the vocabulary word in `role`."},
        "nationality": {"enum": NATIONALITIES, "description": "Format 1.1: a civilian's "
                        "nationality (fishermen, tourists, residents, defectors). A civilian is "
                        "never a party's force: an actor with a nationality states no force, "
                        "and inherits none through part_of."},
        "branch": {"enum": BRANCHES, "description": "Format 1.1: the service branch (army, "
                   "navy, air-force, marine-corps, coast-guard, ...); inherited through part_of."},
        "count": count_forms(1, "How many the actor is", 10000000),
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
        "kind": {"enum": SOURCE_KINDS, "description": "official, press, osint, testimony, "
                 "imagery; since format 1.1 also scholarly (peer-reviewed or academic), "
                 "reference (encyclopedias, wikis), government (a government publication that "
                 "is not an investigating body's finding), ngo."},
        "relayed_by": {
            "type": "array", "maxItems": 50,
            "description": "Format 1.1: where a wire story was read when not at its publisher "
            "(a reprint or relay). The publisher stays the original's: a relay is not an "
            "independent source.",
            "items": {"type": "object", "additionalProperties": False, "required": ["publisher"],
                      "properties": {"publisher": SHORT, "url": {"type": "string",
                                                                 "maxLength": 2000},
                                     "date": PARTIAL_DATE, "note": SHORT}},
        },
        "reliability": {"enum": list("ABCDEF")},
        "credibility": {"type": "integer", "minimum": 1, "maximum": 6},
        "language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
        "author": SHORT,
        "file": SHORT,
        "note": TEXT,
    },
}

CASUALTIES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "killed": {"type": "integer", "minimum": 0},
        "wounded": {"type": "integer", "minimum": 0},
        "missing": {"type": "integer", "minimum": 0, "description": "Format 1.1."},
        "captured": {"type": "integer", "minimum": 0, "description": "Format 1.1."},
        "side": {"enum": SIDES},
        "civilian": {"type": "boolean", "description": "Format 1.1: these casualties are "
                     "civilians (counted apart from the side's military casualties)."},
        "nationality": {"enum": NATIONALITIES, "description": "Format 1.1: the civilians' "
                        "nationality."},
    },
}

EVENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "actor", "action"],
    "properties": {
        "id": ID,
        "time": TIME,
        "time_approximate": {"type": "boolean", "description": "Format 1.1: the stated times "
                             "are \"about\": each widens by 30 minutes either side (sources "
                             "round to the quarter or half hour)."},
        "time_latest": {**TIME, "description": "Format 1.1: \"between `time` and this\": the "
                        "latest time the event may have happened (on date_end if given)."},
        "time_end": {**TIME, "description": "Format 1.1: when the event ended (it went on from "
                     "`time`; on date_end if given)."},
        "date": DAY_MONTH_OR_YEAR,
        "date_end": DAY_MONTH_OR_YEAR,
        "actor": ID,
        "action": {"enum": ACTIONS, "description": "What the actor did. Format 1.1 adds detain, "
                   "abduct, board, tow, sink and tunnel, which no rule reads yet."},
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
                 "properties": {"place": PLACE_REF, "actor": ID,
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
        "rounds": count_forms(0, "Rounds fired"),
        "calibre_mm": {"oneOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
                                 {"type": "array", "minItems": 1, "maxItems": 10,
                                  "items": {"type": "number", "exclusiveMinimum": 0,
                                            "maximum": 1000}}],
                       "description": "Format 1.1: the calibre of the rounds, in mm (14.5, "
                       "76.2, 155), or a list of calibres."},
        "warning": {"type": "boolean", "description": "Format 1.1: warning shots (a fire "
                    "event): fire all the same, judged by the rules as fire."},
        "intent": {"enum": INTENTS, "description": "Format 1.1: the intent sources state: "
                   "deliberate, accidental, or undetermined (stated as not known)."},
        "attribution": {"enum": ATTRIBUTION, "description": "Format 1.1: how certain it is "
                        "that the actor did it, apart from whether it happened (certainty). "
                        "alleged or disputed (sources disagree on who did it) gives at most a "
                        "possible violation."},
        "medium": {"enum": MEDIA, "description": "Format 1.1: a broadcast's medium "
                   "(loudspeaker, radio, ...)."},
        "target": ID,
        "targets": {"type": "array", "items": ID, "minItems": 1, "maxItems": 100,
                    "uniqueItems": True,
                    "description": "Format 1.1: several actors the act was aimed at (with or "
                    "instead of `target`)."},
        "object": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind"],
            "properties": {
                "kind": {"enum": ["mine", "explosive", "obstacle", "loudspeaker", "guard-post",
                                  "fortification", "barrier", "leaflets", "debris", "other",
                                  "balloon", "uav", "troops", "combat-aircraft",
                                  "armored-vehicle", "weapons", "ammunition"]},
                "count": count_forms(1, "How many objects"),
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
            "oneOf": [CASUALTIES, {"type": "array", "items": CASUALTIES, "minItems": 1,
                                   "maxItems": 50}],
            "description": "Who was killed or wounded: one side's casualties, or since format "
            "1.1 a list, one entry per side with civilians apart (civilian: true).",
        },
        "damage": {
            "type": "array", "maxItems": 50,
            "description": "Format 1.1: what was damaged, destroyed, sunk or captured.",
            "items": {"type": "object", "additionalProperties": False, "required": ["what"],
                      "properties": {"what": {"enum": DAMAGE_KINDS},
                                     "extent": {"enum": DAMAGE_EXTENTS},
                                     "side": {"enum": SIDES}, "count": {"type": "integer",
                                                                        "minimum": 1},
                                     "description": SHORT}},
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
        "date": DAY_MONTH_OR_YEAR,
        "source": ID,
        "second_hand": {"type": "boolean", "description": "Format 1.1: the determination is "
                        "known only second-hand: `source` reports that the body concluded it "
                        "(no text of the body's own was seen)."},
        "events": {"type": "array", "items": ID, "description": "Format 1.1: the events the "
                   "body spoke of, for each finding that names none of its own."},
        "quote": TEXT,
        "note": TEXT,
        "findings": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["party", "instrument"],
                "if": {"required": ["outcome"],
                       "properties": {"outcome": {"const": "consistent"}}},
                "else": {"required": ["act"]},
                "properties": {
                    "party": {"enum": PARTIES},
                    "force": {"enum": FORCES, "description": "Format 1.1: the party's force "
                              "the body spoke of (e.g. ROK of the UNC side): only the tool's "
                              "findings on that force are compared."},
                    "outcome": {"enum": OUTCOMES, "description": "Format 1.1: violation (the "
                                "default) or consistent: the body found the party's conduct "
                                "consistent with the instrument. A consistent determination "
                                "is agreed when the tool finds no violation or possible "
                                "violation by that party on those events."},
                    "act": {"enum": ACT_CATEGORIES, "description": "The act category; "
                            "required for a violation, optional for a consistent outcome."},
                    "act_by": {"enum": ["body", "writer"], "description": "Format 1.1: "
                               "writer when the body named no act (only \"a violation of "
                               "the Armistice\") and the act is the writer's choice; then "
                               "the act or any of act_alternatives agrees."},
                    "act_alternatives": {"type": "array", "items": {"enum": ACT_CATEGORIES},
                                         "uniqueItems": True, "maxItems": 20,
                                         "description": "Format 1.1: other acts the body's "
                                         "words may mean (with act_by: writer)."},
                    "instrument": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    "paragraphs": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "events": {"type": "array", "items": ID, "description": "The events the "
                               "body spoke of: only the tool's findings on them are compared."},
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
    "required": ["kind"],
    "anyOf": [{"required": ["party"]}, {"required": ["by"]}],
    "properties": {
        "id": {**ID, "description": "Format 1.1: the claim's id, unique among the claims."},
        "party": {"oneOf": [{"enum": PARTIES},
                            {"type": "array", "items": {"enum": PARTIES}, "minItems": 2,
                             "uniqueItems": True}],
                  "description": "The party that made the claim; since format 1.1 a list "
                  "when both sides made it, and absent for a non-party (then `by` says who)."},
        "by": SHORT,
        "kind": {"enum": CLAIM_KINDS, "description": "claim, denial, admission, regret, "
                 "protest; since format 1.1 also accusation, statement, position."},
        "date": DAY_MONTH_OR_YEAR,
        "source": ID,
        "cite": {**CITE, "description": "Format 1.1: several sources for the claim, each "
                 "with its quote."},
        "events": {"type": "array", "items": ID},
        "quote": TEXT,
        "summary": TEXT,
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://armicheck.invalid/schemas/incident-v1.json",
    "title": "armicheck incident file, format 1.1 (armicheck: 1)",
    "description": "One incident on the Korean DMZ: actors, events with positions, sources, and "
    "what official bodies concluded. Dates and times are quoted strings. This schema describes "
    "format 1.1: format 1 with optional additions for what sources say (ranges and bounds, "
    "approximate times and windows, month-only dates, attribution, civilians, more acts, "
    "source and claim kinds, consistent determinations, positions by named place, relative "
    "to the NLL, on held ground or in a side's waters, tunnels, direction of fire); files "
    "keep `armicheck: 1` and every format 1 file is a valid format 1.1 file.",
    "type": "object",
    "additionalProperties": False,
    "required": ["armicheck", "id", "title", "date", "utc_offset", "actors", "events"],
    "properties": {
        "armicheck": {"const": 1, "description": "Incident format version."},
        "id": ID,
        "title": SHORT,
        "date": DAY_MONTH_OR_YEAR,
        "date_end": DAY_MONTH_OR_YEAR,
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
    "act_categories": ACT_CATEGORIES, "parties": PARTIES, "attribution": ATTRIBUTION,
    "nationalities": NATIONALITIES, "branches": BRANCHES, "intents": INTENTS, "media": MEDIA,
    "claim_kinds": CLAIM_KINDS, "outcomes": OUTCOMES,
}

if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "armicheck" / "schemas"
    (out / "incident.schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n")
    print("wrote", out / "incident.schema.json")
