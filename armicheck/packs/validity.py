"""When a clause or rule is in force, for which party: periods, and answers over an interval.

`Validity.at(party, start, end)` is the one question the engine asks (three-valued: a period
that begins or ends within an untimed event's day is indeterminate). `in_force` answers it for
a bare list of periods (`rules list`, `rules show`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from armicheck.core.tri import Tri, indeterminate, no, yes


@dataclass(frozen=True, slots=True)
class Period:
    party: str
    start: datetime
    end: datetime | None
    source: str = ""
    # reasons' wording, formatted once: in_force answers thousands of times per run
    span: str = field(default="", compare=False)  # "from 1953-07-27 22:00 until ..."
    summary: str = field(default="", compare=False)  # "all: 1953-07-27 on"

    def __post_init__(self) -> None:
        until = f" until {self.end:%Y-%m-%d %H:%M}" if self.end else ""
        object.__setattr__(self, "span", f"from {self.start:%Y-%m-%d %H:%M}{until}")
        object.__setattr__(self, "summary", f"{self.party}: {self.start:%Y-%m-%d}" + (
            f" to {self.end:%Y-%m-%d %H:%M}" if self.end else " on"))




def in_force(periods: list[Period], party: str, start: datetime, end: datetime) -> Tri:
    """Is the clause in force for `party` throughout [start, end] (a point when start == end)?"""
    plan = force_plan(periods, party)
    found = in_force_within(plan, start, end)
    return found if found is not None else out_of_force(plan, party, start, end)


def force_plan(periods: list[Period], party: str) -> list[tuple[Period, Tri]]:
    """The periods binding `party`, each with the answer "in force" for an event inside it."""
    return [(p, yes(f"in force for {party} {p.span}")) for p in periods
            if p.party in ("all", party)]


def out_of_force(plan: list[tuple[Period, Tri]], party: str, start: datetime,
                 end: datetime) -> Tri:
    """The answer for [start, end] inside none of the plan's periods: indeterminate where
    one begins or ends within it, else no."""
    relevant = [p for p, _ in plan]
    if overlaps_any(plan, start, end):
        return indeterminate(
            f"the event's time is not precise enough: the clause's period for {party} "
            f"begins or ends within it ({_describe_periods(relevant)})")
    if not relevant:
        return no(f"binds no party '{party}'")
    return no(f"not in force for {party} on {start:%Y-%m-%d} ({_describe_periods(relevant)})")


def overlaps_any(plan: list[tuple[Period, Tri]], start: datetime, end: datetime) -> bool:
    """Does a period of the plan begin or end within [start, end]? (Asked when none holds
    all of it: then the answer is indeterminate, not no.)"""
    point = start == end
    for p, _ in plan:
        if (p.end is None or start < p.end) and (end >= p.start if point else end > p.start):
            return True
    return False


def in_force_within(plan: list[tuple[Period, Tri]], start: datetime, end: datetime) -> Tri | None:
    """The "yes" of the first period holding all of [start, end], else None."""
    point = start == end
    for p, answer in plan:
        if start >= p.start and (p.end is None or (end < p.end if point else end <= p.end)):
            return answer
    return None


def _describe_periods(periods: list[Period]) -> str:
    return "; ".join(p.summary for p in periods)




# "no" without its reason, for callers that only skip on it (a reason names the event's date
# and the periods: formatting it is the costly part of the answer)
NOT_IN_FORCE = Tri("no", "not in force")


class Validity:
    """The periods of one clause or rule, with the answers it has given: an event inside a
    period (the usual answer) is found by comparing instants with the periods binding the
    party; anything else is remembered by instants, since its reason is costly to format."""

    __slots__ = ("periods", "_plans")

    def __init__(self, periods: list[Period]) -> None:
        self.periods = periods
        self._plans: dict[str, list[tuple[Period, Tri]]] = {}

    def at(self, party: str, start: datetime, end: datetime, reason: bool = True) -> Tri:
        """In force for `party` throughout [start, end]? `reason=False`: a "no" may come
        without its reason."""
        plan = self._plans.get(party)
        if plan is None:
            plan = self._plans[party] = force_plan(self.periods, party)
        found = in_force_within(plan, start, end)
        if found is not None:
            return found
        if not reason and not overlaps_any(plan, start, end):
            return NOT_IN_FORCE
        return out_of_force(plan, party, start, end)
