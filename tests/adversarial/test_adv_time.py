"""Silent wrong answers about time: one notion of time (instants) for every date-dependent
decision, and `--as-of` as the law of that date everywhere (issue 17).

Property tests: the same incident with its times rewritten in every UTC offset from -12:00 to
+14:00 in 15-minute steps (the same instants) gives identical findings; `--as-of D` gives the
same findings as the incident with every event moved to D, where no fact depends on the date.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from armicheck.core.time import Window, day_compare, parse_instant
from armicheck.run.api import evaluate_text

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = sorted([*ROOT.glob("incidents/*.yaml"), *ROOT.glob("rules/*/tests/*.yaml")])


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)  # JSON is YAML, strings quoted


def _all_timed(data: dict[str, Any]) -> bool:
    return all("time" in ev and "date_end" not in ev for ev in data["events"])


def _instant(data: dict[str, Any], ev: dict[str, Any]) -> datetime:
    off = data["utc_offset"]
    sign = -1 if off[0] == "-" else 1
    tz = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))
    day = date.fromisoformat(ev.get("date", data["date"]))
    hms = [int(x) for x in ev["time"].split(":")]
    return datetime(day.year, day.month, day.day, hms[0], hms[1],
                    hms[2] if len(hms) > 2 else 0, tzinfo=tz)


def _in_offset(data: dict[str, Any], minutes: int) -> dict[str, Any]:
    """The incident with every event's time written in another offset (the same instants)."""
    tz = timezone(timedelta(minutes=minutes))
    sign = "-" if minutes < 0 else "+"
    out = json.loads(_dump(data))
    out["utc_offset"] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    days = []
    for ev_new, ev in zip(out["events"], data["events"], strict=True):
        local = _instant(data, ev).astimezone(tz)
        ev_new["date"] = local.date().isoformat()
        ev_new["time"] = local.strftime("%H:%M:%S")
        days.append(ev_new["date"])
        for key in ("time_latest", "time_end"):  # format 1.1: the window's end, same instant
            if key in ev:
                end = _instant(data, {**ev, "time": ev[key]})
                if end < _instant(data, ev):
                    end += timedelta(days=1)
                end = end.astimezone(tz)
                ev_new[key] = end.strftime("%H:%M:%S")
                if end.date() != local.date():
                    ev_new["date_end"] = end.date().isoformat()
        for key in ("from", "to", "at", "impact"):  # a position's own time, same instant
            pos = ev_new.get(key)
            if isinstance(pos, dict) and "time" in pos:
                at = _instant(data, {**ev, "time": pos["time"]}).astimezone(tz)
                pos["time"] = at.strftime("%H:%M:%S")
    out["date"] = min(days)
    return out


def _key(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    assert not entry["errors"], entry["errors"]
    return sorted((f["rule_id"], f["status"], f.get("side"), f.get("force"),
                   tuple(f.get("events") or ()), tuple(f.get("reasons") or ()))
                  for f in entry["findings"])


def _boundary() -> dict[str, Any]:
    """Guards crossing in the JSA half an hour after the 1976 partition took effect (KST):
    written in UTC it is still 1976-09-15, so a local-date decision gets it wrong."""
    data = _load(ROOT / "rules/kaa-1953/tests/crossing-jsa-1975.yaml")
    data["date"] = "1976-09-16"
    data["events"][0]["time"] = "00:30"
    return data


TIMED = [p for p in SOURCES if _all_timed(_load(p))] + ["boundary"]


def test_enough_timed_incidents() -> None:
    assert len(TIMED) >= 10


OFFSETS = list(range(-12 * 60, 14 * 60 + 1, 15))


@pytest.mark.parametrize("path", TIMED, ids=lambda p: getattr(p, "name", p))
def test_every_utc_offset_gives_the_same_findings(path: Path | str) -> None:
    data = _boundary() if path == "boundary" else _load(path)  # type: ignore[arg-type]
    want = _key(evaluate_text(_dump(data), str(path)))
    for minutes in OFFSETS:
        got = _key(evaluate_text(_dump(_in_offset(data, minutes)), str(path)))
        assert got == want, f"utc_offset {minutes} min"


def _moved_to(data: dict[str, Any], day: str) -> dict[str, Any]:
    out = json.loads(_dump(data))
    out["date"] = day
    for ev in out["events"]:
        ev.pop("date", None)
        ev.pop("date_end", None)
    for det in out.get("determinations") or []:
        det.pop("date", None)
    return out


# dates on which no rule's period or date-conditioned exception changes
QUIET_DAYS = ["1960-05-10", "1975-06-01", "1990-03-03", "2017-11-13", "2020-06-16",
              "2025-01-01"]


@pytest.mark.parametrize("day", QUIET_DAYS)
@pytest.mark.parametrize("path", SOURCES[::3], ids=lambda p: p.name)
def test_as_of_is_the_law_of_that_date(path: Path, day: str) -> None:
    """Where no fact depends on the date, `--as-of D` and the events moved to D agree."""
    data = _load(path)
    if any("date_end" in ev for ev in data["events"]):
        pytest.skip("an event spanning several days cannot be moved to one day")
    as_of = _key(evaluate_text(_dump(data), str(path), as_of=day))
    moved_entry = evaluate_text(_dump(_moved_to(data, day)), str(path))
    if moved_entry["errors"]:
        pytest.skip("the incident does not validate when moved (e.g. dated sources)")
    assert as_of == _key(moved_entry)


@pytest.mark.parametrize(("path", "day", "rules"), [
    # the pair: a 2017 crossing under the law of 1975, a 1975 one under that of 2017
    ("rules/kaa-1953/tests/crossing-pursuer-2017.yaml", "1975-01-01",
     {("KAA-I-7", "exception-applied")}),
    ("rules/kaa-1953/tests/crossing-jsa-1975.yaml", "2017-11-13",
     {("KAA-I-7", "violation"), ("JSA76-CROSSING", "violation")}),
])
def test_as_of_reaches_date_conditioned_exceptions(path: str, day: str,
                                                   rules: set[tuple[str, str]]) -> None:
    entry = evaluate_text((ROOT / path).read_text(encoding="utf-8"), path, as_of=day)
    got = {(f["rule_id"], f["status"]) for f in entry["findings"]}
    assert rules <= got
    # never a self-contradictory pair: a rule of the 1976 partition with the pre-1976 exception
    assert not ({r for r, _ in got} >= {"JSA76-CROSSING"}
                and ("KAA-I-7", "exception-applied") in got)


def test_date_tests_are_three_valued_on_instants() -> None:
    kst = parse_instant("1976-09-16")
    day = Window(kst, kst + timedelta(days=1))
    assert day_compare(day, "before", "1976-09-16").no
    assert day_compare(day, "after", "1976-09-16").yes
    assert day_compare(day, "equals", "1976-09-16").yes
    # the same day in UTC straddles midnight KST: neither before nor after, indeterminate
    utc = datetime(1976, 9, 15, tzinfo=UTC)
    straddle = Window(utc, utc + timedelta(days=1))
    assert day_compare(straddle, "before", "1976-09-16").indeterminate
    assert day_compare(straddle, "after", "1976-09-16").indeterminate
    # 1976-09-15 20:00 UTC is 1976-09-16 05:00 KST: after, whatever the offset it is written in
    point = datetime(1976, 9, 15, 20, tzinfo=UTC)
    assert day_compare(Window(point, point), "after", "1976-09-16").yes
    assert day_compare(Window(point, point), "equals", "1976-09-16").yes


def test_a_crossing_written_in_utc_is_judged_at_its_instant() -> None:
    """1976-09-16 00:30 KST written as 1976-09-15 15:30 +00:00: after the partition."""
    src = (ROOT / "rules/kaa-1953/tests/crossing-jsa-1975.yaml").read_text(encoding="utf-8")
    kst = src.replace('date: "1975-06-01"', 'date: "1976-09-16"').replace(
        'time: "09:00"', 'time: "00:30"')
    utc = kst.replace('date: "1976-09-16"', 'date: "1976-09-15"').replace(
        'utc_offset: "+09:00"', 'utc_offset: "+00:00"').replace('time: "00:30"', 'time: "15:30"')
    assert _key(evaluate_text(kst, "kst.yaml")) == _key(evaluate_text(utc, "utc.yaml"))
