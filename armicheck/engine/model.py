"""What the engine makes: hits (a rule on an event), findings (hits grouped) and an
incident's evaluation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from armicheck.core.tri import Tri
from armicheck.facts.derive import EventFacts
from armicheck.packs.model import Clause, Rule, RuleException

Locate = Callable[[list[Any]], tuple[int, int]]


@dataclass(slots=True)
class Hit:
    rule: Rule
    party: str
    status: str
    event: EventFacts
    reasons: list[str]
    clauses: list[Clause]
    exception: RuleException | None
    in_force: Tri


@dataclass(slots=True)
class Finding:
    rule: Rule
    status: str
    party: str
    forces: list[str]
    events: list[EventFacts]
    clauses: list[Clause]
    reasons: list[str]
    exception: RuleException | None
    evidence: list[dict[str, Any]]
    confidence: float
    confidence_basis: str
    location: tuple[int, int]
    message: str

    @property
    def confidence_level(self) -> str:
        return "high" if self.confidence >= 0.75 else "medium" if self.confidence >= 0.5 \
            else "low"

    @property
    def paragraphs(self) -> list[str]:
        return [c.number for c in self.clauses]


@dataclass(slots=True)
class Evaluation:
    findings: list[Finding]
    explanations: list[dict[str, Any]] = field(default_factory=list)
    determinations: list[dict[str, Any]] = field(default_factory=list)
    undetermined: list[int] = field(default_factory=list)
    as_of: str | None = None
