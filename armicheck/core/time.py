"""Time: offsets, instants and the `--as-of` day, one notion for every stage.

Rule packs state their periods as dates (midnight KST) or ISO instants; incidents give a
`utc_offset`; `--as-of` names a whole day in KST.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

# Years armicheck handles: the Armistice regime's, with room; beyond them date arithmetic
# (a day after 9999-12-31, an offset before 0001-01-01) would overflow.
DATE_RANGE = (date(1900, 1, 1), date(2999, 12, 31))

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
