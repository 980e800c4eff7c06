"""The condition tree: parsed once with its YAML paths, compiled once, and every use of a
condition (evaluation, screens, --explain, `rules show`) a visit of that one tree."""

from __future__ import annotations

import pytest

from armicheck.core.tri import indeterminate, no, yes
from armicheck.packs import load_builtin
from armicheck.packs.condition import (
    All,
    AnyOf,
    ConditionError,
    Not,
    Test,
    action_filter,
    as_dict,
    explain,
    facts_of,
    inline,
    lines,
    parse,
    without_action_filter,
)

COND = {"all": [{"fact": "action", "in": ["fire"]},
                {"any": [{"fact": "crosses_mdl"}, {"not": {"fact": "in_dmz", "is": "no"}}]},
                {"fact": "actor.count", "gt": 2}]}


def test_parse_builds_typed_nodes_with_their_paths() -> None:
    tree = parse(COND, ["when"])
    assert isinstance(tree, All) and tree.path == ("when",)
    action, either, count = tree.parts
    assert isinstance(action, Test) and action.path == ("when", "all", 0)
    assert isinstance(either, AnyOf) and either.path == ("when", "all", 1)
    negated = either.parts[1]
    assert isinstance(negated, Not) and negated.part.path == ("when", "all", 1, "any", 1, "not")
    assert count.ops == (("gt", 2),)
    assert as_dict(tree) == COND
    assert facts_of(tree) == {"action", "crosses_mdl", "in_dmz", "actor.count"}


@pytest.mark.parametrize(("cond", "path", "message"), [
    ({"all": [{"fact": "in_jsa"}, {"fact": "crosses_mdll"}]}, ["when", "all", 1, "fact"],
     "unknown fact 'crosses_mdll' (did you mean 'crosses_mdl'?)"),
    ({"not": {"fact": "actor.count"}}, ["when", "not"], "needs an operator"),
    ({"any": [{"fact": "in_jsa", "gt": 1}]}, ["when", "any", 0, "gt"], "does not apply"),
    ({"fact": "in_jsa", "is": "maybe"}, ["when", "is"], "'is' takes yes, no or indeterminate"),
])
def test_a_bad_test_is_refused_with_its_path(cond: dict, path: list, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(cond, ["when"])
    assert caught.value.path == path
    assert message in str(caught.value)


def test_each_node_is_compiled_once_and_explain_reuses_it() -> None:
    tree = parse(COND)
    first = tree.compiled()
    assert tree.compiled() is first
    inner = [p.compiled() for p in tree.parts]
    facts = {"action": "fire", "crosses_mdl": indeterminate("unsure"), "in_dmz": no("out"),
             "actor.count": 3}
    shown = explain(tree, facts)
    assert [p.compiled() for p in tree.parts] == inner  # nothing recompiled
    assert shown == [
        "all: indeterminate",
        "  action [in: ['fire']] -> yes; fact = fire",
        "  any: indeterminate",
        "    crosses_mdl [is: yes] -> indeterminate; fact = indeterminate (unsure)",
        "    not: no",
        "      in_dmz [is: no] -> yes; fact = no (out)",
        "  actor.count [gt: 2] -> yes; fact = 3",
    ]
    assert first(facts).value == "indeterminate" and first(facts).reason == "unsure"


def test_the_reasons_fold_as_kleene_does() -> None:
    tree = parse({"all": [{"fact": "crosses_mdl"}, {"fact": "in_dmz"}, {"fact": "in_jsa"}]})
    got = tree.compiled()({"crosses_mdl": indeterminate("a"), "in_dmz": yes("b"),
                           "in_jsa": indeterminate("c")})
    assert got.value == "indeterminate" and "a" in got.reason and "c" in got.reason
    decided = tree.compiled()({"crosses_mdl": indeterminate("a"), "in_dmz": no("far"),
                               "in_jsa": indeterminate("c")})
    assert decided.value == "no" and decided.reason == "far"  # the first decisive part's


def test_the_action_test_is_read_from_the_tree_and_left_out() -> None:
    tree = parse(COND, ["when"])
    assert action_filter(tree) == frozenset({"fire"})
    rest = without_action_filter(tree)
    assert isinstance(rest, All) and rest.parts == tree.parts[1:] and rest.path == ("when",)
    alone = parse({"fact": "action", "equals": "fire"})
    assert action_filter(alone) == frozenset({"fire"}) and without_action_filter(alone) is None
    assert action_filter(parse({"fact": "in_jsa"})) is None


def test_rules_show_text_comes_from_the_tree() -> None:
    tree = parse(COND)
    assert lines(tree, 1) == ["  all of:", "    action in ['fire']", "    any of:",
                              "      crosses_mdl is yes", "      not:", "        in_dmz is no",
                              "    actor.count gt 2"]
    assert inline(tree) == "action in ['fire'] and (crosses_mdl is yes or not (in_dmz is no))" \
        " and actor.count gt 2"


def test_every_shipped_rule_keeps_its_tree_and_the_match_is_its_compiled_rest() -> None:
    for rule in load_builtin().rules:
        assert rule.when.path == ("when",)
        if rule.match_when is not None:
            assert rule.match is rule.match_when.compiled()
        for exc in rule.exceptions:
            assert exc.when.path[:1] == ("exceptions",)
