"""Silent wrong answers: contradictions and limits (issue 17). A contradiction is an error,
or, where sources genuinely disagree, an explicit indeterminate with the reason; `part_of`
hands fields down however deep, and a cycle is reported against the actors in it."""

from __future__ import annotations

from typing import Any

import pytest
from adversarial_head import HEAD

from armicheck.run.api import evaluate_text


def _run(actors: str, events: str) -> dict[str, Any]:
    return evaluate_text(HEAD + "actors:\n" + actors + "events:\n" + events, "adv.yaml")


def _messages(entry: dict[str, Any]) -> list[str]:
    return [f"{e['line']}:{e['column']}: {e['message']}" for e in entry["errors"]]


MOVE = ('  - {id: e1, time: "09:00", actor: %s, action: cross, from: {side: north, '
        'distance_m: 300}, to: {side: south, distance_m: 300}, cite: [s1]}\n')


@pytest.mark.parametrize(("actors", "where"), [
    ("  x: {side: unc, force: KPA, kind: soldier}\n", "x"),
    ("  x: {side: kpa, force: ROK, kind: soldier}\n", "x"),
    ("  u: {side: unc, kind: unit}\n  x: {part_of: u, force: CPV, kind: soldier}\n", "x"),
    ("  u: {force: US, kind: unit}\n  x: {part_of: u, side: kpa, kind: soldier}\n", "x"),
])
def test_side_contradicting_force_is_an_error(actors: str, where: str) -> None:
    entry = _run(actors, MOVE % "x")
    assert entry["findings"] == []
    assert any(f"actor '{where}' has side" in m for m in _messages(entry)), entry["errors"]


def test_side_and_force_agreeing_or_unknown_is_fine() -> None:
    for actors in ("  x: {side: kpa, force: KPA, kind: soldier}\n",
                   "  x: {side: unc, force: unknown, kind: soldier}\n",
                   "  x: {side: unknown, force: KPA, kind: soldier}\n"):
        assert not _run(actors, MOVE % "x")["errors"]


def test_part_of_cycle_is_reported_against_the_actors_in_it_only() -> None:
    actors = ("  a: {part_of: b, kind: soldier}\n  b: {part_of: a, kind: soldier}\n"
              "  c: {part_of: a, side: kpa, kind: soldier}\n")
    messages = _messages(_run(actors, MOVE % "c"))
    assert any("actor 'a' is part of itself (a part_of cycle: a -> b -> a)" in m
               for m in messages)
    assert any("actor 'b' is part of itself" in m for m in messages)
    assert not any("actor 'c'" in m for m in messages), messages


@pytest.mark.parametrize("depth", [1, 40, 500])
def test_deep_part_of_chain_keeps_side_force_and_kind(depth: int) -> None:
    actors = "  n0: {side: kpa, force: KPA, kind: soldier, role: guard}\n" + "".join(
        f"  n{i}: {{part_of: n{i - 1}}}\n" for i in range(1, depth + 1))
    entry = _run(actors, MOVE % f"n{depth}")
    assert not entry["errors"], entry["errors"]
    found = {(f["rule_id"], f["status"], f["side"], f["force"]) for f in entry["findings"]}
    assert ("KAA-I-7", "violation", "kpa", "KPA") in found, found


def test_part_of_chain_resolves_in_linear_steps() -> None:
    """Each actor's fields are worked out once: steps grow linearly with the chain."""
    from armicheck.facts import derive

    def steps(n: int) -> int:
        raw = {"n0": {"side": "kpa", "force": "KPA", "kind": "soldier"}}
        raw.update({f"n{i}": {"part_of": f"n{i - 1}"} for i in range(1, n)})
        calls = 0

        class Counting(dict):  # type: ignore[type-arg]
            def __getitem__(self, key: str) -> Any:
                nonlocal calls
                calls += 1
                return super().__getitem__(key)

        derive.resolve_actors(Counting(raw))
        return calls

    small, big = steps(100), steps(1000)
    assert big <= 12 * small, (small, big)


@pytest.mark.parametrize(("stated", "lat"), [("north", 37.90), ("north", 37.96),
                                             ("south", 38.20)])
def test_stated_side_contradicting_coordinates_is_indeterminate(stated: str, lat: float) -> None:
    events = ('  - {id: e1, time: "09:00", actor: x, action: fire, weapons: [rifle], '
              f'from: {{lat: {lat}, lon: 126.80, side: {stated}}}, cite: [s1]}}\n')
    entry = evaluate_text(HEAD + "actors:\n  x: {side: kpa, force: KPA, kind: soldier}\n"
                          "events:\n" + events, "adv.yaml", explain=True)
    assert not entry["errors"], entry["errors"]
    pos = entry["facts"][0]["positions"]["from"]
    assert pos["side"] == "indeterminate"
    assert "sources disagree" in pos["side_reason"] and stated in pos["side_reason"]


def test_stated_side_agreeing_with_coordinates_is_kept() -> None:
    events = ('  - {id: e1, time: "09:00", actor: x, action: fire, weapons: [rifle], '
              'from: {lat: 37.90, lon: 126.80, side: south}, cite: [s1]}\n')
    entry = evaluate_text(HEAD + "actors:\n  x: {side: unc, force: ROK, kind: soldier}\n"
                          "events:\n" + events, "adv.yaml", explain=True)
    assert entry["facts"][0]["positions"]["from"]["side"] == "south"
