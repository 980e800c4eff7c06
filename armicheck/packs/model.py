"""The rule packs' model: instruments (packs), their clauses and rules, and the rule set with
its per-action plans. Built by `packs.load`; nothing outside `packs` writes into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armicheck.packs.condition import Compiled, Condition, Screen, cheap_first, screen, specialize
from armicheck.packs.validity import Period, Validity


@dataclass(slots=True)
class Clause:
    pack: str
    id: str
    number: str
    label: str
    heading: str
    text: str
    text_kind: str
    text_status: str
    seen_in: dict[str, Any]
    sha256: str
    periods: list[Period]
    # when the clause binds each party (its `periods`): `validity.at(party, start, end)`
    validity: Validity = field(repr=False, compare=False)
    variants: list[dict[str, Any]]
    note: str
    location: tuple[str, int, int]

    @property
    def ref(self) -> str:
        return f"{self.pack}:{self.id}"


@dataclass(slots=True)
class RuleException:
    id: str
    title: str
    when: Condition
    basis: str
    clause: Clause | None
    references: list[dict[str, Any]]
    note: str
    # issue 20: a tri fact whose reason names the event the exception rests on
    rests_on: str | None = None


@dataclass(slots=True)
class ClauseRef:
    clause: Clause
    when: Condition | None


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    category: str
    level: str
    pack: Pack
    clauses: list[ClauseRef]
    periods: list[Period]
    validity: Validity = field(repr=False, compare=False)  # as a Clause's
    when: Condition
    actions: frozenset[str] | None  # the actions `when` pins at its top level (None: any)
    # `when` less its action test (None: nothing left); RuleSet.screens_for specializes it
    # for each action
    match_when: Condition | None
    # `match_when` compiled: what the engine asks of an event whose action is in `actions`
    # (RuleSet.rules_for gives only such rules)
    match: Compiled
    exceptions: list[RuleException]
    basis: dict[str, Any]
    message: str
    tags: list[str]
    tests: list[dict[str, Any]]
    description: str
    location: tuple[str, int, int]

    @property
    def contested(self) -> bool:
        return self.basis.get("kind") == "contested"

    @property
    def primary(self) -> Clause:
        return self.clauses[0].clause


@dataclass(slots=True)
class Pack:
    directory: Path  # the pack's folder: pack.yaml, clauses.yaml, rules.yaml, tests/
    id: str
    title: str
    short: str
    meta: dict[str, Any]
    parties: dict[str, str]
    party_by: str
    party_map: dict[str, str]
    periods: list[Period]
    clauses: dict[str, Clause] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    def party_of(self, side: str | None, force: str | None) -> str | None:
        key = side if self.party_by == "side" else force
        return self.party_map.get(key or "")

    def source(self, source_id: str) -> dict[str, Any]:
        for s in self.meta.get("sources") or []:
            if s["id"] == source_id:
                return s
        return {}


@dataclass(slots=True)
class RuleSet:
    packs: dict[str, Pack]
    rules: list[Rule]
    by_action: dict[str, list[Rule]]
    any_action: list[Rule]
    _for_action: dict[str, list[Rule]] = field(default_factory=dict)
    _screens: dict[str, list[tuple[Rule, Screen | None]]] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def rules_for(self, action: str) -> list[Rule]:
        """The rules whose condition can match `action`, in pack order (made once per action)."""
        found = self._for_action.get(action)
        if found is None:
            found = self._for_action[action] = self.by_action.get(action, []) + self.any_action
        return found

    def plan_for(self, action: str, side: str | None,
                 force: str | None) -> list[tuple[Rule, Screen | None, str]]:
        """`screens_for(action)` with the actor's party to each rule's instrument, less the
        rules of instruments the actor is no party to: what the engine tries on an event.
        The same for every event of that action by an actor of that side and force."""
        return [(rule, screen, party) for rule, screen in self.screens_for(action)
                if (party := rule.pack.party_of(side, force)) is not None]

    def explained_for(self, action: str, side: str | None,
                      force: str | None) -> list[tuple[Rule, None, str | None]]:
        """Every rule whose action filter admits `action`, unscreened, with the actor's party
        (None: no party to the rule's instrument), for --explain to say why each did not fire."""
        return [(rule, None, rule.pack.party_of(side, force)) for rule in self.rules_for(action)]

    def screens_for(self, action: str) -> list[tuple[Rule, Screen | None]]:
        """The rules that can match `action`, each with its screen for that action: its
        condition with the action worked out (`specialize`) and cheap parts first, as a
        predicate that is False exactly when the condition is "no" (None: never "no").
        A rule whose condition no event of this action can meet is left out. Made once per
        action: specializing and compiling a condition costs more than screening with it."""
        found = self._screens.get(action)
        if found is None:
            found = []
            for rule in self.rules_for(action):
                rest = specialize(rule.match_when, {"action": action}) \
                    if rule.match_when is not None else True
                if rest is not False:
                    found.append((rule, None if rest is True else screen(cheap_first(rest))))
            self._screens[action] = found
        return found
