"""Generate armicheck/schemas/findings.schema.json: the JSON output contract (SPEC §6)."""

import json
from pathlib import Path

STR_OR_NULL = {"type": ["string", "null"]}
CLAUSE = {
    "type": "object",
    "required": ["instrument", "id", "paragraph", "text", "text_status", "text_kind", "sha256"],
    "properties": {
        "instrument": {"type": "string"}, "id": {"type": "string"},
        "paragraph": {"type": "string"}, "label": {"type": "string"},
        "heading": {"type": "string"}, "text": {"type": "string"},
        "text_kind": {"enum": ["verbatim", "summary", "translation"]},
        "text_status": {"enum": ["verified", "secondary", "unverified"]},
        "seen_in": {"type": ["object", "null"]},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
}
FINDING_STATUSES = ["violation", "possible-violation", "exception-applied"]
FINDING = {
    "type": "object",
    "required": ["rule_id", "title", "status", "category", "side", "force", "instrument",
                 "paragraphs", "events", "clause", "clauses", "evidence", "confidence",
                 "location", "message", "reasons", "basis"],
    "properties": {
        "rule_id": {"type": "string"}, "title": {"type": "string"},
        "status": {"enum": FINDING_STATUSES},
        "category": {"type": "string"}, "level": {"enum": ["error", "warning"]},
        "side": {"type": "string", "description": "the responsible party under the instrument"},
        "force": STR_OR_NULL, "forces": {"type": "array", "items": {"type": "string"}},
        "instrument": {"type": "string"}, "instrument_title": {"type": "string"},
        "paragraphs": {"type": "array", "items": {"type": "string"}},
        "events": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "actors": {"type": "array", "items": {"type": "string"}},
        "clause": CLAUSE, "clauses": {"type": "array", "items": CLAUSE, "minItems": 1},
        "basis": {"type": "object", "required": ["kind"],
                  "properties": {"kind": {"enum": ["text", "practice", "contested"]}}},
        "exception": {"type": ["object", "null"]},
        "evidence": {"type": "array", "items": {
            "type": "object", "required": ["source", "quote"],
            "properties": {"source": {"type": "string"}, "quote": STR_OR_NULL,
                           "grade": STR_OR_NULL, "kind": STR_OR_NULL,
                           "language": {"type": "string",
                                        "description": "since 1.2: the quote's language, "
                                                       "where the incident states it"},
                           "translation": {"type": "string",
                                           "description": "since 1.2: the quote's English "
                                                          "translation, where stated"},
                           "translated_by": {"type": "string", "description": "since 1.2"},
                           "relayed_by": {"type": "array", "items": {"type": "string"},
                                          "description": "since 1.2: where the source (a "
                                                         "wire story) was read, by "
                                                         "publisher"}}}},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "confidence_level": {"enum": ["high", "medium", "low"]},
        "confidence_basis": {"type": "string"},
        "location": {"type": "object", "required": ["line", "column"],
                     "properties": {"line": {"type": "integer", "minimum": 1},
                                    "column": {"type": "integer", "minimum": 1}}},
        "message": {"type": "string"},
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
}
ERROR = {"type": "object", "required": ["path", "line", "column", "message"],
         "properties": {"path": {"type": "string"}, "line": {"type": "integer"},
                        "column": {"type": "integer"}, "message": {"type": "string"},
                        "code": {"type": "string"}}}
DETERMINATION = {
    "type": "object", "required": ["body", "date", "findings"],
    "properties": {
        "body": {"type": "string"}, "date": {"type": "string"},
        "second_hand": {"type": "boolean", "description": "since 1.2, present when true: the "
                        "determination is known only second-hand, from its source"},
        "findings": {"type": "array", "items": {
            "type": "object", "required": ["party", "act", "instrument", "agreed"],
            "properties": {
                "act": {"type": ["string", "null"],
                        "description": "null only for a consistent outcome naming no act"},
                "agreed": {"type": "boolean"},
                "compared": {"type": "boolean"},
                "reason": {"type": "string", "description": "why the tool agrees or not, in "
                           "words; when it disagrees, what it found instead"},
                "tool_findings": {"type": "array", "items": {"type": "string"},
                                  "description": "violation: the rules that agree; since "
                                  "1.2, consistent: the rules whose findings contradict it"},
                "outcome": {"enum": ["violation", "consistent"], "description": "since 1.2"},
                "force": STR_OR_NULL,
                "events": {"type": "array", "items": {"type": "string"},
                           "description": "since 1.2: the events the body spoke of; only "
                                          "findings on them were compared (empty: all)"},
                "act_by": {"enum": ["body", "writer"], "description": "since 1.2: writer "
                           "when the body named no act and the writer chose it"},
                "act_alternatives": {"type": "array", "items": {"type": "string"},
                                     "description": "since 1.2"},
                "second_hand": {"type": "boolean", "description": "since 1.2"},
                "tool_exceptions": {"type": "array", "items": {"type": "string"},
                                    "description": "since 1.2, consistent outcome: the rules "
                                    "whose exception applied on those events"},
            }}}},
}
TRI = {"type": "object", "required": ["value", "reason"],
       "properties": {"value": {"enum": ["yes", "no", "indeterminate"]},
                      "reason": {"type": "string"}}}
EXPLAIN_ITEM = {  # --explain: one per rule tried on an event, fired or not
    "type": "object", "required": ["rule_id", "event", "status", "reasons", "condition"],
    "properties": {
        "rule_id": {"type": "string"}, "event": {"type": "string"},
        "status": {"enum": ["violation", "possible-violation", "exception-applied", "pass",
                            "not-in-force", "not-applicable"]},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "condition": {"type": "array", "items": {"type": "string"},
                      "description": "each part of the condition with the fact's value"},
        "in_force": {"oneOf": [TRI, {"type": "null"}],
                     "description": "the in-force check; null when the actor's side is no "
                                    "party to the instrument"},
        "exceptions": {"type": "array", "description": "exceptions tried, in order",
                       "items": {"type": "object", "required": ["id", "value"],
                                 "properties": {"id": {"type": "string"},
                                                "title": {"type": "string"},
                                                "value": TRI["properties"]["value"],
                                                "reason": {"type": "string"},
                                                "rests_on": {
                                                    "type": "string",
                                                    "description": "the event the "
                                                    "exception rests on, in words (the "
                                                    "reason of its rests_on fact)"}}}},
    },
}
EVENT_FACTS = {  # --explain: the facts derived for each event
    "type": "object", "required": ["event", "line", "facts"],
    "properties": {"event": {"type": "string"}, "line": {"type": "integer", "minimum": 1},
                   "facts": {"type": "object"}, "positions": {"type": "object"}},
}
NUM_OR_NULL = {"type": ["number", "null"]}
POINT = {  # 1.2: one resolved position of an event
    "type": "object", "required": ["role", "stated", "frame", "side"],
    "properties": {
        "role": {"type": "string", "description": "from, to, at, impact, track[j], "
                 "tunnel.start, tunnel[j], tunnel.end"},
        "stated": {"enum": ["coordinates", "bearing-range", "place", "mdl-relative",
                            "nll-relative", "held-ground", "qualitative"],
                   "description": "how the file gave it (bearing-range: an impact worked out "
                                  "from the event's bearing and range)"},
        "frame": {"enum": ["wgs84", "jsa", None],
                  "description": "null: no coordinates (qualitative, MDL- or NLL-relative)"},
        "lat": {"type": "number"}, "lon": {"type": "number"},
        "x": {"type": "number", "description": "JSA frame, metres along the curb"},
        "y": {"type": "number", "description": "JSA frame, metres north of the curb"},
        "uncertainty_m": {"type": "number", "minimum": 0,
                          "description": "radius around lat/lon (or x/y) the position may "
                                         "be anywhere in"},
        "side": {"enum": ["north", "south", "indeterminate"],
                 "description": "side of the MDL"},
        "mdl_distance_m": {"type": "array", "items": {"type": "number"},
                           "description": "signed distance to the MDL, north positive, "
                                          "[lo, hi]"},
        "place": {"type": "string", "description": "gazetteer id (`armicheck places`)"},
        "held_by": {"enum": ["unc", "kpa"]},
        "waters": {"type": "string"},
        "nll_side": {"enum": ["north", "south"]},
        "nll_distance_m": {"type": ["array", "null"], "items": {"type": "number"}},
        "sea": {"enum": ["west", "east", None]},
    },
}
DIRECTION = {  # 1.2: where fire was directed when no impact is given
    "type": ["object", "null"], "required": ["kind"],
    "properties": {
        "kind": {"enum": ["mdl", "place", "actor", "bearing"]},
        "toward": {"enum": ["north", "south"]}, "place": {"type": "string"},
        "actor": {"type": "string"}, "bearing_deg": {"type": "number"},
        "lat": {"type": "number"}, "lon": {"type": "number"}, "uncertainty_m": NUM_OR_NULL,
        "controlled_by": {"type": "string"},
    },
}
EVENT_POSITIONS = {  # 1.2: an incident's `positions`, one per event with any
    "type": "object", "required": ["event", "line", "points", "direction"],
    "properties": {"event": {"type": "string"}, "line": {"type": "integer", "minimum": 1},
                   "points": {"type": "array", "items": POINT}, "direction": DIRECTION},
}
EVENT_DRAWN = {  # 1.2, for --format html: an event as a timeline and an events table need it
    "type": "object",
    "required": ["event", "line", "action", "actor", "side", "start", "end", "timed",
                 "approximate"],
    "properties": {
        "event": {"type": "string"}, "line": {"type": "integer", "minimum": 1},
        "action": STR_OR_NULL, "summary": STR_OR_NULL, "actor": {"type": "string"},
        "actor_name": STR_OR_NULL, "side": STR_OR_NULL, "force": STR_OR_NULL,
        "start": {"type": "string", "description": "earliest instant (ISO 8601, the "
                  "incident's offset)"},
        "end": {"type": "string", "description": "latest instant; equal to start for a "
                "stated time, the day's end for an untimed event"},
        "timed": {"type": "boolean", "description": "false: the time is not stated (the "
                  "event is its whole day or days)"},
        "approximate": {"type": "boolean", "description": "the time is 'about', a window, "
                        "an end, or a month or year only"},
        "date": STR_OR_NULL, "time": STR_OR_NULL, "certainty": STR_OR_NULL,
        "names": {"type": "object", "additionalProperties": {"type": "string"},
                  "description": "by role (from, to, at, impact): the name the file gives "
                                 "the position"},
    },
}
PLACE_DRAWN = {  # 1.2, for --format html: the incident's place as stated
    "type": ["object", "null"],
    "properties": {
        "name": {"type": "string"}, "lat": {"type": "number"}, "lon": {"type": "number"},
        "frame": {"type": "string"}, "zone": {"type": "string"}, "place": {"type": "string"},
        "uncertainty_m": {"type": "number"},
        "located_by": {"enum": ["place", "name"], "description": "coordinates from the "
                       "gazetteer: by the place id given, or because the place's name (or a "
                       "comma-separated part of it) is a gazetteer place's name"},
        "matched_place": {"type": "string"},
    },
}
RULE_DESCRIPTOR = {  # the document's `rules` (1.1): what a report needs of a rule it cites
    "type": "object",
    "required": ["title", "category", "instrument", "level", "basis", "clauses", "exceptions",
                 "tags"],
    "properties": {
        "title": {"type": "string"}, "category": {"type": "string"},
        "instrument": {"type": "string"}, "level": {"enum": ["error", "warning"]},
        "basis": {"type": "object"},
        "clauses": {"type": "array", "items": CLAUSE,
                    "description": "every clause the rule rests on, in the rule's order"},
        "exceptions": {"type": "array", "items": {"type": "string"},
                       "description": "the titles of the rule's exceptions"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
COUNT = {"type": "integer", "minimum": 0}
STATUS_COUNTS = {
    "type": "object", "required": FINDING_STATUSES, "additionalProperties": False,
    "properties": dict.fromkeys(FINDING_STATUSES, COUNT),
}
BREAKDOWN = {"type": "object", "additionalProperties": STATUS_COUNTS}
SUMMARY = {
    "type": "object",
    "description": "The run's totals (incidents, findings by status, files with errors); "
                   "since 1.3 the collection's breakdowns, which the HTML collection page and "
                   "the markdown summary render.",
    "required": ["incidents", *FINDING_STATUSES, "errors"],
    "properties": {
        **dict.fromkeys(["incidents", *FINDING_STATUSES, "errors"], COUNT),
        "by_year": {
            "type": "object", "propertyNames": {"pattern": "^([0-9]{4}|not stated)$"},
            "description": "since 1.3: incidents by the year of their date, and within the year "
                           "by their worst finding (`none`: no finding; `invalid`: the file "
                           "was not evaluated)",
            "additionalProperties": {
                "type": "object", "required": ["incidents", "worst"],
                "properties": {
                    "incidents": {"type": "integer", "minimum": 0},
                    "worst": {"type": "object", "additionalProperties": False,
                              "properties": dict.fromkeys([*FINDING_STATUSES, "none",
                                                           "invalid"], COUNT)}}}},
        "by_side": {**BREAKDOWN, "description": "since 1.3: findings by side and status"},
        "by_force": {**BREAKDOWN, "description": "since 1.3: findings by force and status (a "
                     "finding on several forces counts once for each; `not stated`)"},
        "by_category": {**BREAKDOWN, "description": "since 1.3: findings by the rule's "
                        "category and status"},
        "by_instrument": {**BREAKDOWN, "description": "since 1.3: findings by instrument and "
                          "status"},
        "agreement": {
            "type": "object", "required": ["agreed", "disagreed", "not-comparable",
                                           "disagreements"],
            "description": "since 1.3: determination rows (each thing a body found) the tool "
                           "agrees with, disagrees with, or could not compare; each "
                           "disagreement with its incident and its place in `determinations`",
            "properties": {
                "agreed": {"type": "integer", "minimum": 0},
                "disagreed": {"type": "integer", "minimum": 0},
                "not-comparable": {"type": "integer", "minimum": 0},
                "disagreements": {"type": "array", "items": {
                    "type": "object",
                    "required": ["path", "incident", "determination", "row", "body", "date",
                                 "party", "act", "instrument", "reason"],
                    "properties": {
                        "path": {"type": "string"}, "incident": STR_OR_NULL,
                        "determination": {"type": "integer", "minimum": 0,
                                          "description": "index in the incident's "
                                                         "`determinations`"},
                        "row": {"type": "integer", "minimum": 0,
                                "description": "index in that determination's `findings`"},
                        "body": {"type": "string"}, "date": {"type": "string"},
                        "party": {"type": "string"}, "force": STR_OR_NULL,
                        "act": STR_OR_NULL, "outcome": {"type": "string"},
                        "instrument": {"type": "string"}, "reason": {"type": "string"},
                    }}},
            }},
    },
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://armicheck.invalid/schemas/findings-v1.json",
    "title": "armicheck findings (JSON output), schema_version 1.x",
    "description": "Names are fixed; later 1.x versions only add fields. 1.1: the document's "
    "`rules`. 1.2: what a determination finding was compared on (outcome, force, events, "
    "act_by, act_alternatives, second_hand, tool_exceptions), quotes' language, translation "
    "and relays in evidence, and --explain facts of incidents using format 1.1. 1.3: the run "
    "summary's breakdowns (by year, side, force, category, instrument; agreement).",
    "type": "object",
    "required": ["schema_version", "tool", "incidents"],
    "properties": {
        "schema_version": {"type": "string", "pattern": "^1\\.\\d+$"},
        "tool": {"type": "object", "required": ["name", "version"]},
        "as_of": STR_OR_NULL,
        "summary": SUMMARY,
        "rules": {"type": "object", "additionalProperties": {"$ref": "#/$defs/rule"},
                  "description": "since 1.1: the rules cited by the findings, by rule id"},
        "incidents": {"type": "array", "items": {
            "type": "object", "required": ["path", "id", "findings", "errors"],
            "properties": {
                "path": {"type": "string"}, "id": STR_OR_NULL,
                "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
                "errors": {"type": "array", "items": ERROR},
                "determinations": {"type": "array", "items": DETERMINATION},
                "undetermined": {"type": "array"},
                "title": STR_OR_NULL, "date": STR_OR_NULL, "as_of": STR_OR_NULL,
                "summary": {"type": "object"},
                "explain": {"type": "array", "items": EXPLAIN_ITEM},
                "facts": {"type": "array", "items": EVENT_FACTS},
                "positions": {"type": "array", "items": {"$ref": "#/$defs/event_positions"},
                              "description": "since 1.2: each event's resolved positions "
                                             "(events with none are left out)"},
                "events": {"type": "array", "items": EVENT_DRAWN,
                           "description": "since 1.2, only in the data of --format html: "
                                          "every event's time, actor and side"},
                "place": PLACE_DRAWN,
            }}},
    },
    "$defs": {
        "finding": FINDING,
        "rule": RULE_DESCRIPTOR,
        "event_positions": EVENT_POSITIONS,
        "jsonl_line": {  # --format jsonl: one finding, or one error, per line
            "description": "A line of --format jsonl: a finding with its incident's path and "
                           "id, or an input error under `error`.",
            "oneOf": [
                {"allOf": [{"$ref": "#/$defs/finding"},
                           {"required": ["path", "incident"],
                            "not": {"required": ["error"]}}]},
                {"type": "object", "required": ["path", "incident", "error"],
                 "properties": {"error": ERROR}, "not": {"required": ["rule_id"]}},
            ],
            "properties": {"path": {"type": "string"}, "incident": STR_OR_NULL},
        },
    },
}

if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "armicheck" / "schemas"
    (out / "findings.schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n")
    print("wrote", out / "findings.schema.json")
