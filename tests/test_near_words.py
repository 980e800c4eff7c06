"""The table of what writers mean (armicheck/core/near_words.yaml) agrees with the schema, and
suggestions never point the wrong way (issue 22)."""

from __future__ import annotations

from typing import Any

import pytest

from armicheck.schemas import load_schema
from armicheck.validation.hints import (
    CHILD_KINDS,
    advise_field,
    advise_reference,
    advise_value,
    near_misses,
    near_words,
)


def walk_kinds() -> list[tuple[str, dict[str, Any]]]:
    """Every mapping of the schema hints.py names, with its kind, found by walking the
    schema along CHILD_KINDS (so a wrong entry there fails here)."""
    found = [("incident", load_schema("incident"))]
    todo = list(found)
    while todo:
        kind, parent = todo.pop()
        for field, child in CHILD_KINDS.get(kind, {}).items():
            schema = parent["properties"][field]
            if child.endswith("*"):
                schema = schema.get("items") or schema["additionalProperties"]
                child = child[:-1]
            if "oneOf" in schema:  # a cite: an id, or a mapping
                schema = next(alt for alt in schema["oneOf"] if alt.get("type") == "object")
            assert schema.get("type") == "object", (kind, field)
            found.append((child, schema))
            todo.append((child, schema))
    return found


def kind_schemas() -> dict[str, dict[str, Any]]:
    return dict(walk_kinds())


def slot_words(slot: str) -> list[str]:
    kind, field = slot.split(".")
    schema = kind_schemas()[kind]["properties"][field]
    words: list[str] = []

    def collect(node: Any) -> None:  # a field's words may sit in a list's items or a oneOf
        if isinstance(node, dict):
            words.extend(str(w) for w in node.get("enum", ()))
            for key in ("items", "oneOf", "anyOf"):
                sub = node.get(key)
                for part in sub if isinstance(sub, list) else [sub]:
                    collect(part)
    collect(schema)
    assert words, slot
    return words


RAW_TABLE = near_words()


def _uses(entry: Any) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.get("use", []))


@pytest.mark.parametrize("slot", sorted(RAW_TABLE["values"]))
def test_every_value_entry_points_at_words_of_its_field(slot: str):
    words = slot_words(slot)
    for key, entry in RAW_TABLE["values"][slot].items():
        assert isinstance(entry, str) or entry.get("say"), (slot, key)
        for word in _uses(entry):
            assert word in words, (slot, key, word)


@pytest.mark.parametrize("kind", sorted(RAW_TABLE["fields"]))
def test_every_field_entry_points_at_fields_of_its_mapping(kind: str):
    fields = kind_schemas()[kind]["properties"]
    for key, entry in RAW_TABLE["fields"][kind].items():
        assert isinstance(entry, str) or entry.get("say"), (kind, key)
        for word in _uses(entry):
            assert word in fields, (kind, key, word)


# The examples, and words of opposite meaning spelled alike
@pytest.mark.parametrize("path,word,allowed,must,must_not", [
    (["claims", 0, "kind"], "allegation", ["claim", "denial", "admission", "accusation"],
     "'accusation'", "admission"),
    (["events", 0, "action"], "detention", ["move", "cross", "fire", "detonate", "detain"],
     "'detain'", "'detonate'"),
    (["actors", "a", "role"], "raiding party", ["guard", "work-party", "infiltrator", "combat"],
     "'infiltrator'", "work-party"),
    (["actors", "a", "role"], "guard post", ["guard", "work-party"], "'guard'", "work-party"),
    (["actors", "a", "role"], "Work Party", ["guard", "work-party"], "'work-party'", "'guard'"),
    (["events", 0, "certainty"], "unconfirmed", ["confirmed", "reported", "alleged"],
     "'reported'", "did you mean 'confirmed'"),
    (["events", 0, "action"], "crosss", ["cross", "fire"], "did you mean 'cross'?", "fire"),
])
def test_suggestions(path: list[Any], word: str, allowed: list[str], must: str, must_not: str):
    advice = advise_value(path, word, allowed)
    assert advice is not None and must in advice and must_not not in advice, advice


def test_no_suggestion_when_nothing_is_close():
    assert advise_value(["events", 0, "action"], "wander about", ["move", "cross"]) is None
    assert advise_field(["events", 0], "zqxv", ["id", "time", "rounds"]) is None
    assert advise_reference("e3", ["e1", "e2"]) is None  # one letter of two is another id


def test_edit_distance_is_for_near_misspellings_only():
    assert near_misses("gaurd", ["guard", "squad"]) == ["guard"]  # two letters swapped
    assert near_misses("jas", ["wgs84", "jsa"]) == ["jsa"]
    assert near_misses("distance", ["distance_m", "side"]) == ["distance_m"]
    assert near_misses("shot", ["shots", "run"]) == ["shots"]
    assert near_misses("north", ["south"]) == []
    assert near_misses("authorized", ["unauthorized"]) == []  # a negation, not a typo
    assert near_misses("admission", ["omission"]) == []  # two letters of nine
    assert near_misses("unc-sti", ["unc-sit", "unc-pr"]) == ["unc-sit"]


def test_never_pairs_are_never_suggested():
    for pair in RAW_TABLE["never"]:
        a, b = sorted(pair)
        assert near_misses(a, [b]) == [] and near_misses(b, [a]) == []


def test_a_field_of_another_mapping_is_said_plainly():
    advice = advise_field(["events", 0], "distance_m", ["id", "at", "from"])
    assert advice is not None and "belongs in a position" in advice
    assert advise_field(["actors", "x"], "weapons", ["arms", "count"]).startswith(
        "an actor's weapons are 'arms'")


def _object_alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The mappings a field may hold: itself, its list's items, a oneOf's alternatives."""
    out = []
    for node in [schema, schema.get("items"), *(schema.get("oneOf") or ())]:
        if isinstance(node, dict):
            if "properties" in node:
                out.append(node)
            items = node.get("items")
            if isinstance(items, dict) and "properties" in items:
                out.append(items)
    return out


def test_every_mapping_of_the_schema_has_a_kind():
    """A mapping the format gains (a tunnel, a relay, damage) gets its kind in CHILD_KINDS, so
    an unknown field inside it is advised with its own fields, not left without a hint."""
    for kind, schema in walk_kinds():
        for field, sub in schema["properties"].items():
            if _object_alternatives(sub):
                assert field in CHILD_KINDS.get(kind, {}), (kind, field)
