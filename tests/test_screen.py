"""The engine's shortcuts give the answers of the long way round.

`Rule.screen` (a rule's condition with its cheap parts first) must have the value of
`Rule.match` on every event, and the `in_jsa` / `in_conference_area` facts, answered without
resolving positions when nothing places the event near the JSA, must equal the Kleene OR
over its resolved positions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from armicheck.conditions import cheap_first, condition_cost
from armicheck.facts import FACT_MAKERS, derive_facts
from armicheck.loader import load_file, load_text
from armicheck.rulepacks import load_builtin
from armicheck.tri import tri_any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import Generator  # noqa: E402


def incidents() -> list[dict]:
    docs = [load_file(str(p)).data for p in sorted((ROOT / "incidents").glob("*.yaml"))
            + sorted((ROOT / "tests" / "heldout").glob("*.yaml"))]
    gen = Generator(seed=7)
    docs += [load_text(f"g{i}.yaml", gen.incident(i)).data for i in range(40)]
    return docs


DOCS = incidents()


def test_screen_has_the_value_of_the_condition_on_every_event() -> None:
    rules = load_builtin().rules
    assert any(r.screen is not r.match for r in rules)  # some rules are reordered
    compared = 0
    for data in DOCS:
        facts = derive_facts(data)  # held: events refer to their incident weakly
        for ev in facts.events:
            values = ev.values
            for rule in rules:
                values["party"] = "unc"
                assert rule.screen(values).value == rule.match(values).value, (rule.id, ev.id)
                compared += 1
    assert compared > 5000


def test_in_jsa_without_positions_equals_the_or_over_positions() -> None:
    answered = {"without positions": 0, "from positions": 0}
    for data in DOCS:
        facts = derive_facts(data)  # held: events refer to their incident weakly
        for ev in facts.events:
            context = ev.values.context
            quick = {fact: FACT_MAKERS[fact](context)
                     for fact in ("in_jsa", "in_conference_area")}
            answered["without positions" if context._positions is None
                     else "from positions"] += 1
            for fact, got in quick.items():
                full = tri_any(getattr(p, fact) for p in context.all_positions())
                assert got == full, (data["id"], ev.id, fact)
    assert answered["without positions"] > 100 and answered["from positions"] > 10, answered


def test_cheap_parts_go_first_and_nothing_is_lost() -> None:
    cond = {"all": [{"fact": "in_ground_buffer"}, {"fact": "in_jsa"},
                    {"any": [{"fact": "crosses_mdl"}, {"fact": "actor.kind", "in": ["uav"]}]},
                    {"not": {"fact": "event.in_response"}}, {"fact": "arms", "exists": True}]}
    ordered = cheap_first(cond)
    assert [condition_cost(c) for c in ordered["all"]] == [0, 1, 1, 2, 2]
    assert ordered["all"][0] == {"fact": "arms", "exists": True}
    assert ordered["all"][2] == {"any": [{"fact": "actor.kind", "in": ["uav"]},
                                         {"fact": "crosses_mdl"}]}
    assert ordered["all"][3] == {"fact": "in_ground_buffer"}  # stable among equals
    assert cheap_first({"fact": "in_jsa"}) == {"fact": "in_jsa"}


def test_actor_facts_seeded_per_actor_are_what_their_makers_say() -> None:
    compared = 0
    for data in DOCS:
        facts = derive_facts(data)
        for ev in facts.events:
            seeded = {k: v for k, v in ev.values.items() if k.startswith("actor.")}
            assert seeded, ev.id
            for name, value in seeded.items():
                assert FACT_MAKERS[name](ev.values.context) == value, (data["id"], name)
                compared += 1
    assert compared > 1000
