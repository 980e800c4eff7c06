"""What a fact is: one declaration each, in `armicheck.facts.derive.FACTS`.

A rule pack may only test the facts declared there, so a typo in a rule is caught when the pack
loads, not silently never matched. Each declaration gives the fact's type (which operators a
test may use), its cost (for the engine's cheap-first screens), a one-line doc, its maker,
its scope and what its absence means; `armicheck rules facts` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TYPES = ("str", "int", "number", "bool", "set", "date", "tri")
SCOPES = {
    "event": "made on first use for each event",
    "actor": "made once per actor, from the actor alone, and seeded into each of its events",
    "rule": "set by the engine for each rule tried",
}
# cost: what working the fact out costs the first time (cheap_first orders by it)
COSTS = {0: "reads a field", 1: "resolves the event's positions",
         2: "goes further: zone geometry, or every other event of the incident"}
# what a fact's absence means, unless its declaration says otherwise
ABSENT_BY_TYPE = {
    "str": "null: not stated (a test other than `exists: false` or `not_*` is no)",
    "int": "null: not stated (comparisons are no)",
    "number": "null: not stated (comparisons are no)",
    "bool": "null or false: not stated, read as no",
    "set": "empty: none stated",
    "date": "never absent",
    "tri": "indeterminate, with the reason: nothing in the file decides it",
}


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: str  # one of TYPES
    doc: str  # one line, for rule authors
    make: Callable[[Any], Any] | None = None  # from the event's context; None: scope "rule"
    cost: int = 0  # a key of COSTS
    scope: str = "event"  # a key of SCOPES
    absent: str = ""  # what an absent value means; "" = ABSENT_BY_TYPE[type]
    # format 1.1: --explain shows the fact (where stated) for an incident that uses format
    # 1.1's additions, although its name starts with event. or actor.
    shown: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES or self.scope not in SCOPES or self.cost not in COSTS:
            raise ValueError(f"fact {self.name}: bad type, scope or cost")
        if (self.make is None) != (self.scope == "rule"):
            raise ValueError(f"fact {self.name}: only a rule-scoped fact has no maker")

    @property
    def absence(self) -> str:
        return self.absent or ABSENT_BY_TYPE[self.type]


def table(*facts: Fact) -> dict[str, Fact]:
    """The declarations by name, in order; a name declared twice is an error."""
    out: dict[str, Fact] = {}
    for fact in facts:
        if fact.name in out:
            raise ValueError(f"fact {fact.name} declared twice")
        out[fact.name] = fact
    return out
