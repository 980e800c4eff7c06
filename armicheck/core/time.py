"""Time: offsets, instants and the `--as-of` day, one notion for every stage.

Rule packs state their periods as dates (midnight KST) or ISO instants; incidents give a
`utc_offset`; `--as-of` names a whole day in KST.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

from armicheck.core.tri import Tri, indeterminate, no, yes

# Years armicheck handles: the Armistice regime's, with room; beyond them date arithmetic
# (a day after 9999-12-31, an offset before 0001-01-01) would overflow.
DATE_RANGE = (date(1900, 1, 1), date(2999, 12, 31))

_OFFSETS: dict[str, timezone] = {}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def parse_date(text: str) -> date | None:
    """A YYYY-MM-DD date within DATE_RANGE, else None (`why_not_a_date` says why)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if DATE_RANGE[0] <= day <= DATE_RANGE[1] else None


def why_not_a_date(text: str) -> str:
    """Why `parse_date` refused `text`, for the message."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return "is not a real calendar date"
    return (f"is outside the years armicheck handles ({DATE_RANGE[0].year}-"
            f"{DATE_RANGE[1].year})")


def why_not_a_day_span(text: str) -> str:
    """Why `parse_day_span` refused a month or a year, for the message."""
    year = text[:4]
    if year.isdigit() and not DATE_RANGE[0].year <= int(year) <= DATE_RANGE[1].year:
        return (f"is outside the years armicheck handles ({DATE_RANGE[0].year}-"
                f"{DATE_RANGE[1].year})")
    return "is not a month or year armicheck handles"


def as_of_problem(as_of: str) -> str | None:
    """What is wrong with an `--as-of` value, or None."""
    try:
        if not _ISO_DAY.fullmatch(as_of):  # fromisoformat also takes 20190601, 2019-W01-1
            raise ValueError(as_of)
        day = date.fromisoformat(as_of)
    except ValueError:
        return f"--as-of {as_of!r}: expected a date YYYY-MM-DD"
    if not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        return (f"--as-of {as_of}: outside the years armicheck handles "
                f"({DATE_RANGE[0].year}-{DATE_RANGE[1].year})")
    return None


def event_window(day: date, time_text: str | None, last_day: date | None,
                 tz: timezone) -> tuple[datetime, datetime, bool]:
    """When an event may have happened: (start, end, timed). With a time, that instant;
    without, from the day's midnight to the midnight after `last_day` (or the day)."""
    if time_text is not None:
        hms = time_text.split(":")
        start = datetime(day.year, day.month, day.day, int(hms[0]), int(hms[1]),
                         int(hms[2]) if len(hms) > 2 else 0, tzinfo=tz)
        return start, start, True
    start = datetime.combine(day, time(0, 0), tz)
    return start, datetime.combine((last_day or day) + timedelta(days=1), time(0, 0), tz), False


# "About HH:MM" (`time_approximate`) is the half hour either side of the stated time. Sources
# round to the quarter or half hour ("about 10:30", "around 08:30"), and the other accounts of
# the same moment in the real incidents fall within it: 10:30 (UNC) and "around 10:45" (KCNA)
# in 1976, 15:15 (ROK JCS) and "approximately 3:20 p.m." (UNC) in 2017, 15:52 and 15:53 in
# 2015. A writer who knows better bounds writes them (`time_latest`).
APPROXIMATE = timedelta(minutes=30)
_PARTIAL_DAY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def parse_day_span(text: str) -> tuple[date, date] | None:
    """A date as format 1.1 states it: 'YYYY-MM-DD' (that day), 'YYYY-MM' (the month) or
    'YYYY' (the year), as its first and last day; None if it is none of them or outside
    DATE_RANGE."""
    m = _PARTIAL_DAY.fullmatch(text)
    if m is None:
        return None
    if m[3] is not None:
        day = parse_date(text)
        return (day, day) if day is not None else None
    year = int(m[1])
    if not DATE_RANGE[0].year <= year <= DATE_RANGE[1].year:
        return None  # year 0 is no date at all; others are outside what armicheck handles
    if m[2] is None:
        first, last = date(year, 1, 1), date(year, 12, 31)
    else:
        month = int(m[2])
        if not 1 <= month <= 12:
            return None
        first = date(year, month, 1)
        last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    if not (DATE_RANGE[0] <= first and last <= DATE_RANGE[1]):
        return None
    return first, last


def clock(day: date, text: str, tz: timezone) -> datetime:
    """HH:MM[:SS] on `day` in `tz`."""
    hms = text.split(":")
    return datetime(day.year, day.month, day.day, int(hms[0]), int(hms[1]),
                    int(hms[2]) if len(hms) > 2 else 0, tzinfo=tz)


def stated_window(first_day: date, last_day: date, event: dict[str, object],
                  tz: timezone) -> tuple[datetime, datetime, bool]:
    """When an event stated in format 1.1's terms may have happened: (start, end, timed).

    - no time: from the first day's midnight to the midnight after the last day (a month or
      a year given as the date is all its days);
    - `time`, with `time_latest` ("between 03:42 and 04:20") or `time_end` (it went on until
      then): from the time to the later of the two, on the last day (`date_end`, else the
      date);
    - `time_approximate`: every stated time is "about": the window widens by APPROXIMATE
      either side.
    """
    time_text = event.get("time")
    if not isinstance(time_text, str):
        return (datetime.combine(first_day, time(0, 0), tz),
                datetime.combine(last_day + timedelta(days=1), time(0, 0), tz), False)
    start = end = clock(first_day, time_text, tz)
    for key in ("time_latest", "time_end"):
        later = event.get(key)
        if isinstance(later, str):
            end = max(end, clock(last_day, later, tz))
    if event.get("time_approximate"):
        start, end = start - APPROXIMATE, end + APPROXIMATE
    return start, end, True


def time_words(event: dict[str, object]) -> str:
    """An event's time as a message says it: as written in format 1 ('15:15'), or 'about
    08:30', 'between 03:42 and 04:20', '03:42 to 04:20'."""
    text = event.get("time")
    if not isinstance(text, str):
        return ""
    about = "about " if event.get("time_approximate") else ""
    if isinstance(event.get("time_latest"), str):
        return f"between {about}{text} and {about}{event['time_latest']}"
    if isinstance(event.get("time_end"), str):
        return f"{about}{text} to {about}{event['time_end']}"
    return about + text


def span_text(start: datetime, end: datetime | None) -> str:
    """A period as `rules list/show` word it: dates, with the time where it is not midnight."""
    first = f"{start:%Y-%m-%d}" + (f" {start:%H:%M}" if (start.hour, start.minute)
                                   != (0, 0) else "")
    if end is None:
        return f"{first} on"
    last = f"{end:%Y-%m-%d}" + (f" {end:%H:%M}" if (end.hour, end.minute) != (0, 0) else "")
    return f"{first} to {last}"


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
