"""Each fact is declared once (type, cost, doc, maker, scope, absence), and everything that
needs a fact's type, cost or maker reads that declaration."""

from __future__ import annotations

import json

import pytest

from armicheck.facts import FACTS, Fact
from armicheck.facts.derive import ACTOR_FACTS
from armicheck.facts.registry import ABSENT_BY_TYPE, table
from armicheck.packs.condition import OPS_FOR_TYPE, cost, parse


def test_every_fact_is_complete() -> None:
    for name, fact in FACTS.items():
        assert fact.name == name
        assert fact.type in OPS_FOR_TYPE, name
        assert fact.doc and "\n" not in fact.doc, name
        assert fact.absence, name
        assert (fact.make is None) == (fact.scope == "rule"), name


def test_actor_scope_is_declared_not_guessed_from_the_name() -> None:
    assert {name for name, _ in ACTOR_FACTS} == {
        n for n, f in FACTS.items() if f.scope == "actor"}
    assert all(n.startswith("actor.") for n, _ in ACTOR_FACTS)
    assert FACTS["party"].scope == "rule" and FACTS["party"].make is None


def test_a_bad_declaration_is_refused() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        table(Fact("a", "str", "x", lambda c: 1), Fact("a", "int", "y", lambda c: 2))
    with pytest.raises(ValueError, match="bad type"):
        Fact("a", "string", "x", lambda c: 1)
    with pytest.raises(ValueError, match="maker"):
        Fact("a", "str", "x")
    assert Fact("a", "tri", "x", lambda c: 1).absence == ABSENT_BY_TYPE["tri"]


def test_conditions_read_type_and_cost_from_the_declaration() -> None:
    assert cost(parse({"fact": "event.in_response"})) == FACTS["event.in_response"].cost == 2
    assert cost(parse({"fact": "crosses_mdl"})) == 1
    assert cost(parse({"fact": "action", "in": ["fire"]})) == 0


def test_rules_facts_lists_the_vocabulary(cli) -> None:
    table_out = cli("rules", "facts")
    assert table_out.code == 0
    for name in FACTS:
        assert f"\n{name} " in table_out.stdout, name
    assert f"{len(FACTS)} facts." in table_out.stdout
    doc = json.loads(cli("rules", "facts", "--format", "json").stdout)
    assert [f["fact"] for f in doc["facts"]] == list(FACTS)
    crosses = next(f for f in doc["facts"] if f["fact"] == "crosses_mdl")
    assert crosses == {"fact": "crosses_mdl", "type": "tri", "operators": ["is"],
                       "scope": "event", "cost": 1, "doc": FACTS["crosses_mdl"].doc,
                       "absent": ABSENT_BY_TYPE["tri"]}
