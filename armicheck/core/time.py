"""Time: offsets, instants and the `--as-of` day, one notion for every stage.

Rule packs state their periods as dates (midnight KST) or ISO instants; incidents give a
`utc_offset`; `--as-of` names a whole day in KST.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from armicheck.core.tri import Tri, indeterminate, no, yes

_OFFSETS: dict[str, timezone] = {}


def parse_offset(text: str) -> timezone:
    """The time zone of a `+HH:MM` offset, one object per offset: aware datetimes with the
    same tzinfo object compare without asking either for its offset (rules' periods are
    in KST, and so are most incidents)."""
    found = _OFFSETS.get(text)
    if found is None:
        sign = -1 if text[0] == "-" else 1
        hours, minutes = int(text[1:3]), int(text[4:6])
        found = _OFFSETS[text] = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return found


KST = parse_offset("+09:00")  # the incidents' own +09:00: one tzinfo object


def parse_instant(text: str) -> datetime:
    """'YYYY-MM-DD' is midnight KST; a full ISO time carries its own offset."""
    if "T" in text:
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text), time(0, 0), KST)


def as_of_window(as_of: str | None) -> tuple[datetime, datetime] | None:
    """`--as-of DATE`: that whole day in KST."""
    if not as_of:
        return None
    day = date.fromisoformat(as_of)
    return (datetime.combine(day, time(0, 0), KST),
            datetime.combine(day + timedelta(days=1), time(0, 0), KST))


class Window(NamedTuple):
    """When an event may have happened: [start, end) of aware instants (start == end for a
    stated time). The value of the `event.date` fact, so that every date-conditioned decision
    (a rule's exception as much as its period in force) is asked of instants, never of the
    event's local calendar day, and `--as-of` can put the law's date in its place."""

    start: datetime
    end: datetime

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def day_compare(window: Window, op: str, day: str) -> Tri:
    """`before` / `after` (on or after) / `equals` a date (that whole day, KST) of an event's
    window, three-valued: indeterminate when the boundary falls within the window."""
    first = parse_instant(day)
    last = first + timedelta(days=1)
    start, end = window
    point = start == end
    if op == "before":
        if (end <= first) if not point else (start < first):
            return yes(f"{window} is before {day} (KST)")
        if start >= first:
            return no(f"{window} is not before {day} (KST)")
        return indeterminate(f"the event's time ({window}) may fall before or after the start "
                             f"of {day} (KST)")
    if op == "after":
        return day_compare(window, "before", day).negate()
    # equals: within that day
    if start >= first and ((end <= last) if not point else (start < last)):
        return yes(f"{window} is on {day} (KST)")
    if (end <= first if not point else start < first) or start >= last:
        return no(f"{window} is not on {day} (KST)")
    return indeterminate(f"the event's time ({window}) may or may not fall on {day} (KST)")
