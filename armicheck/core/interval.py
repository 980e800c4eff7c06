"""Numbers as sources state them (format 1.1): a count or a number of rounds given as a range
("20 to 30 soldiers") or a lower bound ("at least 30 rounds") is an `Interval`, never a guess
at one number. A test of such a fact against a limit is three-valued: entirely above the limit
is yes, entirely at or below it is no, and a range that straddles it is indeterminate, so a
rule resting on it yields `possible-violation` with the reason.

A number stated plainly stays a plain `int` (format 1): its tests are as they always were.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from armicheck.core.tri import Tri, indeterminate, no, yes

_WORDS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "equals": "=", "not_equals": "!="}


@dataclass(frozen=True, slots=True)
class Interval:
    """[low, high] inclusive; `high` is None for "at least `low`" (no upper bound stated)."""

    low: float
    high: float | None

    @classmethod
    def of(cls, stated: Any) -> Any:
        """A stated count as the facts carry it: a number stays the number (format 1), a
        `[min, max]` list or `{at_least: N}` (and `{at_least, at_most}`) becomes an Interval;
        absent (None) stays None."""
        if isinstance(stated, list):
            return cls(stated[0], stated[1]) if stated[0] != stated[1] else stated[0]
        if isinstance(stated, dict):
            low, high = stated.get("at_least", 0), stated.get("at_most")
            return cls(low, high) if high is None or high != low else low
        return stated

    def __str__(self) -> str:
        if self.high is None:
            return f"at least {_num(self.low)}"
        return f"{_num(self.low)}-{_num(self.high)}"

    def to_json(self) -> dict[str, Any]:
        return {"min": self.low, "max": self.high}

    def _above(self, value: float) -> Tri:
        """Is every value of the interval > value? (yes / no / indeterminate)"""
        if self.low > value:
            return yes()
        if self.high is not None and self.high <= value:
            return no()
        return indeterminate("")

    def _at_least(self, value: float) -> Tri:
        if self.low >= value:
            return yes()
        if self.high is not None and self.high < value:
            return no()
        return indeterminate("")

    def _within(self, options: Iterable[Any]) -> Tri:
        """Is the (whole-number) value one of `options`?"""
        high = math.inf if self.high is None else self.high
        inside = [o for o in options if isinstance(o, int | float) and not isinstance(o, bool)
                  and self.low <= o <= high]
        if not inside:
            return no()
        span = None if self.high is None else math.floor(high) - math.ceil(self.low) + 1
        if span is not None and len({o for o in inside if float(o).is_integer()}) >= span:
            return yes()
        return indeterminate("")

    def compare(self, name: str, op: str, value: Any) -> Tri:
        """The three-valued test `name op value` of a fact whose value is this interval, with
        the reason in words."""
        if op == "gt":
            got = self._above(value)
        elif op == "gte":
            got = self._at_least(value)
        elif op == "lt":
            got = self._at_least(value).negate()
        elif op == "lte":
            got = self._above(value).negate()
        elif op in ("equals", "not_equals"):
            got = self._within([value])
            got = got.negate() if op == "not_equals" else got
        elif op in ("in", "not_in"):
            got = self._within(value)
            got = got.negate() if op == "not_in" else got
        else:  # pragma: no cover - the condition compiler passes only these operators
            raise ValueError(op)
        test = f"{_WORDS.get(op, op.replace('_', ' '))} {value}"
        if got.yes:
            return yes(f"{name} {self} (a stated range): every value is {test}")
        if got.no:
            return no(f"{name} {self} (a stated range): no value is {test}")
        return indeterminate(f"{name} is stated as {self}, which may or may not be {test}")


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
