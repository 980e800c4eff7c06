"""Three-valued answers (yes / no / indeterminate), each with the reason it was reached.

Spatial facts are often undecidable at the data's accuracy; a rule resting on an
indeterminate fact yields `possible-violation`, never a silent yes or no.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

TriValue = Literal["yes", "no", "indeterminate"]


@dataclass(frozen=True, slots=True)
class Tri:
    value: TriValue
    reason: str = ""

    @property
    def yes(self) -> bool:
        return self.value == "yes"

    @property
    def no(self) -> bool:
        return self.value == "no"

    @property
    def indeterminate(self) -> bool:
        return self.value == "indeterminate"

    def __bool__(self) -> bool:  # a Tri must never be used as a plain bool by accident
        raise TypeError("Tri is three-valued: test .yes, .no or .indeterminate")

    def negate(self) -> Tri:
        if self.value == "yes":
            return no(self.reason)
        if self.value == "no":
            return yes(self.reason)
        return self

    def to_json(self) -> dict[str, str]:
        return {"value": self.value, "reason": self.reason}


def yes(reason: str = "") -> Tri:
    return Tri("yes", reason)


def no(reason: str = "") -> Tri:
    return Tri("no", reason)


def indeterminate(reason: str) -> Tri:
    return Tri("indeterminate", reason)


def kleene(parts: Iterable[Tri], decisive: TriValue, otherwise: TriValue) -> Tri:
    """Kleene AND (decisive "no", otherwise "yes") or OR (decisive "yes", otherwise "no"):
    the first decisive part wins; else indeterminate, with the reasons, if any part is; else
    `otherwise`. Parts are consumed lazily, so a generator stops at the decisive one."""
    reasons: list[str] = []
    result = otherwise
    for part in parts:
        if part.value == decisive:
            return part
        if part.value == "indeterminate":
            result = "indeterminate"
            reasons.append(part.reason)
    return Tri(result, "; ".join(dict.fromkeys(r for r in reasons if r)))  # each reason once


def tri_all(parts: Iterable[Tri]) -> Tri:
    """Kleene AND: no if any is no; indeterminate if any is; else yes."""
    return kleene(parts, "no", "yes")


def tri_any(parts: Iterable[Tri]) -> Tri:
    """Kleene OR: yes if any is yes; indeterminate if any is; else no."""
    return kleene(parts, "yes", "no")


def from_bool(value: bool, reason: str = "") -> Tri:
    return Tri("yes" if value else "no", reason)
