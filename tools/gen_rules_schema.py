"""Generate armicheck/schemas/rules.schema.json: the rule-pack format (pack, clauses, rules)."""

import json
from pathlib import Path

import gen_incident_schema as inc

DATETIME = {"type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2})?$"}
PERIOD = {
    "type": "object", "additionalProperties": False, "required": ["party", "from"],
    "properties": {"party": {"type": "string"}, "from": DATETIME, "to": DATETIME,
                   "source": {"type": "string"}, "note": {"type": "string"}},
}
PERIODS = {"type": "array", "items": PERIOD, "minItems": 1}
REFERENCE = {
    "type": "object", "additionalProperties": False, "required": ["title"],
    "properties": {"title": {"type": "string"}, "url": {"type": "string"},
                   "note": {"type": "string"}, "quote": {"type": "string"},
                   "clause": {"type": "string"}},
}
OPS = ["equals", "not_equals", "in", "not_in", "is", "gt", "gte", "lt", "lte", "intersects",
       "exists", "before", "after"]
CONDITION = {
    "oneOf": [
        {"type": "object", "additionalProperties": False, "required": ["all"],
         "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/condition"},
                                "minItems": 1}}},
        {"type": "object", "additionalProperties": False, "required": ["any"],
         "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/condition"},
                                "minItems": 1}}},
        {"type": "object", "additionalProperties": False, "required": ["not"],
         "properties": {"not": {"$ref": "#/$defs/condition"}}},
        {"type": "object", "additionalProperties": False, "required": ["fact"],
         "minProperties": 1, "maxProperties": 2,
         "properties": {"fact": {"type": "string"}, **{op: {} for op in OPS}}},
    ]
}
CLAUSE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "number", "label", "text", "text_status", "sha256"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "number": {"type": "string"}, "label": {"type": "string"},
        "heading": {"type": "string"}, "lang": {"type": "string"},
        "text": {"type": "string", "minLength": 1},
        "text_kind": {"enum": ["verbatim", "summary", "translation"]},
        "text_status": {"enum": ["verified", "secondary", "unverified"]},
        "seen_in": {"type": "object", "additionalProperties": False,
                    "properties": {"source": {"type": "string"}, "url": {"type": "string"},
                                   "note": {"type": "string"}}},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "in_force": PERIODS,
        "variants": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {"text": {"type": "string"}, "source": {"type": "string"},
                           "url": {"type": "string"}, "note": {"type": "string"},
                           "text_status": {"enum": ["verified", "secondary", "unverified"]}}}},
        "note": {"type": "string"},
    },
}
RULE = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "title", "category", "level", "clauses", "when", "basis", "message",
                 "tests"],
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Za-z0-9()]+)+$"},
        "title": {"type": "string"},
        "category": {"enum": inc.ACT_CATEGORIES},
        "level": {"enum": ["error", "warning"]},
        "status": {"enum": ["stable", "test", "experimental"]},
        "description": {"type": "string"},
        "clauses": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["ref"],
            "properties": {"ref": {"type": "string"}, "when": {"$ref": "#/$defs/condition"},
                           "note": {"type": "string"}}}},
        "in_force": PERIODS,
        "when": {"$ref": "#/$defs/condition"},
        "exceptions": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "title", "when", "basis"],
            "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                           "when": {"$ref": "#/$defs/condition"},
                           "basis": {"enum": ["text", "practice", "contested"]},
                           "clause": {"type": "string"},
                           "references": {"type": "array", "items": REFERENCE},
                           "note": {"type": "string"},
                           # issue 20: the tri fact whose reason names the event the
                           # exception rests on (shown with the finding and in --explain)
                           "rests_on": {"type": "string"}}}},
        "basis": {"type": "object", "additionalProperties": False, "required": ["kind"],
                  "properties": {"kind": {"enum": ["text", "practice", "contested"]},
                                 "note": {"type": "string"},
                                 "references": {"type": "array", "items": REFERENCE}}},
        "message": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "tests": {"type": "array", "minItems": 2, "items": {
            "type": "object", "additionalProperties": False, "required": ["incident", "expect"],
            "properties": {"incident": {"type": "string"},
                           "expect": {"enum": ["violation", "possible-violation",
                                               "exception-applied", "none"]},
                           "as_of": {"type": "string"}, "note": {"type": "string"}}}},
    },
}
PACK = {
    "type": "object", "additionalProperties": False,
    "required": ["armicheck_pack", "id", "title", "parties", "party_by", "party_map",
                 "in_force"],
    "properties": {
        "armicheck_pack": {"const": 1}, "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "title": {"type": "string"}, "full_title": {"type": "string"},
        "short": {"type": "string"}, "kind": {"type": "string"},
        "parties": {"type": "object", "additionalProperties": {"type": "string"}},
        "party_by": {"enum": ["side", "force"]},
        "party_map": {"type": "object", "additionalProperties": {"type": "string"}},
        "signed": DATETIME, "in_force": PERIODS, "status_note": {"type": "string"},
        "sources": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "title"],
            "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                           "url": {"type": "string"}, "note": {"type": "string"},
                           "status": {"type": "string"}}}},
        "notes": {"type": "string"},
        "subsidiary_to": {"type": "string", "pattern": "^[a-z0-9-]+$",
                          "description": "An instrument made under this one's authority (MAC "
                          "agreements under the Armistice): official findings naming the "
                          "parent also cover this pack's findings."},
    },
}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://armicheck.invalid/schemas/rules-v1.json",
    "title": "armicheck rule pack (pack.yaml, clauses.yaml, rules.yaml)",
    "$defs": {"condition": CONDITION, "pack": PACK, "clause": CLAUSE, "rule": RULE,
              "clauses_file": {"type": "object", "additionalProperties": False,
                               "required": ["clauses"],
                               "properties": {"clauses": {"type": "array", "items": {
                                   "$ref": "#/$defs/clause"}}}},
              "rules_file": {"type": "object", "additionalProperties": False,
                             "required": ["rules"],
                             "properties": {"rules": {"type": "array", "items": {
                                 "$ref": "#/$defs/rule"}}}}},
    "oneOf": [{"$ref": "#/$defs/pack"}, {"$ref": "#/$defs/clauses_file"},
              {"$ref": "#/$defs/rules_file"}],
}

if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "armicheck" / "schemas"
    (out / "rules.schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n")
    print("wrote", out / "rules.schema.json")
