"""The engine's shortcuts give the answers of the long way round.

A rule's screen for an action (its condition with the action worked out and its cheap parts
first, as a predicate) must be False exactly when the condition is "no", a rule left out for
an action must never hold for it, and the `in_jsa` / `in_conference_area` facts, answered without
resolving positions when nothing places the event near the JSA, must equal the Kleene OR
over its resolved positions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from armicheck.core.tri import indeterminate, no, tri_any, yes
from armicheck.facts import derive_facts
from armicheck.facts.derive import FACTS
from armicheck.load import load_file, load_text
from armicheck.packs import load_builtin
from armicheck.packs.condition import as_dict, cheap_first, cost, parse, screen, specialize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import Generator  # noqa: E402


def incidents() -> list[dict]:
    docs = [load_file(str(p)).data for p in sorted((ROOT / "incidents").glob("*.yaml"))
            + sorted((ROOT / "tests" / "heldout").glob("*.yaml"))
            + sorted((ROOT / "tests" / "format11").glob("*.yaml"))]  # ranges, windows
    gen = Generator(seed=7)
    docs += [load_text(f"g{i}.yaml", gen.incident(i)).data for i in range(60)]
    return docs


DOCS = incidents()


def test_screen_is_false_exactly_when_the_condition_is_no_on_every_event() -> None:
    ruleset = load_builtin()
    compared = {"screened": 0, "left out": 0, "always": 0}
    for data in DOCS:
        facts = derive_facts(data)  # held: events refer to their incident weakly
        for ev in facts.events:
            values = ev.values
            action = values["action"]
            screens = {rule.id: screen for rule, screen in ruleset.screens_for(action)}
            for rule in ruleset.rules_for(action):
                values["party"] = "unc"
                value = rule.when.compiled()(values).value
                assert rule.match(values).value == value, (rule.id, ev.id)
                if rule.id not in screens:  # its condition cannot hold for this action
                    assert value == "no", (rule.id, ev.id)
                    compared["left out"] += 1
                elif screens[rule.id] is None:  # the action alone meets it
                    assert value == "yes", (rule.id, ev.id)
                    compared["always"] += 1
                else:
                    assert screens[rule.id](values) is (value != "no"), (rule.id, ev.id)
                    compared["screened"] += 1
    assert compared["screened"] > 5000 and compared["left out"] > 100, compared


# Three-valued and definite facts, and every operator over them
_TRI_FACTS = ["crosses_mdl", "in_dmz", "in_jsa"]
_CONDITIONS = st.recursive(
    st.one_of(
        st.builds(lambda f, v: {"fact": f, "is": v}, st.sampled_from(_TRI_FACTS),
                  st.sampled_from(["yes", "no", "indeterminate"])),
        st.builds(lambda f: {"fact": f}, st.sampled_from(_TRI_FACTS)),
        st.builds(lambda op, v: {"fact": "action", op: v},
                  st.sampled_from(["in", "not_in"]),
                  st.lists(st.sampled_from(["fire", "move", "cross"]), max_size=3)),
        st.builds(lambda op, v: {"fact": "action", op: v},
                  st.sampled_from(["equals", "not_equals"]), st.sampled_from(["fire", "move"])),
        st.builds(lambda op, v: {"fact": "actor.count", op: v},
                  st.sampled_from(["gt", "gte", "lt", "lte"]), st.integers(0, 3)),
        st.builds(lambda v: {"fact": "arms", "intersects": v},
                  st.lists(st.sampled_from(["rifle", "mortar"]), min_size=1, max_size=2)),
        st.builds(lambda v: {"fact": "event.object", "exists": v}, st.booleans()),
        st.builds(lambda: {"fact": "actor.military"}),
    ),
    lambda inner: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(inner, min_size=1, max_size=5)),
        st.builds(lambda c: {"any": c}, st.lists(inner, min_size=1, max_size=5)),
        st.builds(lambda c: {"not": c}, inner)),
    max_leaves=12)
_FACT_VALUES = st.fixed_dictionaries({
    **{f: st.sampled_from([yes("y"), no("n"), indeterminate("i")]) for f in _TRI_FACTS},
    "action": st.sampled_from(["fire", "move", "cross", "present"]),
    "actor.count": st.one_of(st.none(), st.integers(0, 4)),
    "arms": st.sampled_from([frozenset(), frozenset({"rifle"}), frozenset({"mortar", "mg"})]),
    "event.object": st.sampled_from([None, "mine"]),
    "actor.military": st.sampled_from([True, False, None]),
})


@settings(max_examples=400, deadline=None)
@given(_CONDITIONS, _FACT_VALUES)
def test_a_screen_and_a_specialized_screen_agree_with_the_condition(
        cond: dict, values: dict) -> None:
    tree = parse(cond)
    value = tree.compiled()(values).value
    assert screen(tree)(values) is (value != "no")
    assert screen(cheap_first(tree))(values) is (value != "no")
    special = specialize(tree, {"action": values["action"]})
    if special is True:
        assert value == "yes"
    elif special is False:
        assert value == "no"
    else:
        assert special.compiled()(values).value == value
        assert screen(special)(values) is (value != "no")


def test_in_jsa_without_positions_equals_the_or_over_positions() -> None:
    answered = {"without positions": 0, "from positions": 0}
    for data in DOCS:
        facts = derive_facts(data)  # held: events refer to their incident weakly
        for ev in facts.events:
            context = ev.values.context
            quick = {fact: FACTS[fact].make(context)
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
    ordered = cheap_first(parse(cond))
    assert [cost(c) for c in ordered.parts] == [0, 1, 1, 2, 2]
    written = as_dict(ordered)["all"]
    assert written[0] == {"fact": "arms", "exists": True}
    assert written[2] == {"any": [{"fact": "actor.kind", "in": ["uav"]},
                                  {"fact": "crosses_mdl"}]}
    assert written[3] == {"fact": "in_ground_buffer"}  # stable among equals
    assert ordered.parts[3].path == ("all", 0)  # each part keeps where it is written
    assert as_dict(cheap_first(parse({"fact": "in_jsa"}))) == {"fact": "in_jsa"}


def test_actor_facts_seeded_per_actor_are_what_their_makers_say() -> None:
    compared = 0
    for data in DOCS:
        facts = derive_facts(data)
        for ev in facts.events:
            seeded = {k: v for k, v in ev.values.items() if k.startswith("actor.")}
            assert seeded, ev.id
            for name, value in seeded.items():
                assert FACTS[name].make(ev.values.context) == value, (data["id"], name)
                compared += 1
    assert compared > 1000
