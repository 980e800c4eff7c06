"""The northwest islands of Armistice ¶13(b) are the UNC side's area, for every fact that asks.

They lie beyond the MDL's western end, where the line's geometry would put them "north". The
facts that ask whose area a position is on (on_other_side, reaches_other_side,
strikes_other_side) must give one answer, keeping the uncertainty at an island's edge.
"""

from __future__ import annotations

from typing import Any

import pytest

from armicheck.facts import derive_facts

BAENGNYEONG = {"lat": 37.96, "lon": 124.665}
YEONPYEONG = {"lat": 37.66, "lon": 125.70}
NEAR_BAENGNYEONG_EDGE = {"lat": 37.96 + 6.0 / 111, "lon": 124.665}  # 6 km N: radius 5 + 2
KPA_COAST_GUNS = {"lat": 37.745, "lon": 125.575}

INCIDENT: dict[str, Any] = {
    "armicheck": 1, "id": "t", "title": "t", "date": "2010-11-23", "utc_offset": "+09:00",
    "place": {"name": "northwest islands"}, "sources": {},
    "actors": {"kpa": {"side": "kpa", "force": "KPA", "kind": "unit"},
               "rok": {"side": "unc", "force": "ROK", "kind": "unit"}},
}


def facts_of(event: dict[str, Any]) -> dict[str, str]:
    facts = derive_facts({**INCIDENT, "events": [{"id": "e", **event}]})
    values = facts.events[0].values
    return {name: values[name].value
            for name in ("on_other_side", "reaches_other_side", "strikes_other_side")}


@pytest.mark.parametrize("event,expected", [
    # ROK fire landing on Baengnyeong-do lands on its own side's island
    ({"actor": "rok", "action": "fire", "from": YEONPYEONG, "impact": BAENGNYEONG},
     {"on_other_side": "no", "reaches_other_side": "no", "strikes_other_side": "no"}),
    # KPA fire landing there strikes the other side's area
    ({"actor": "kpa", "action": "fire", "from": KPA_COAST_GUNS, "impact": BAENGNYEONG},
     {"on_other_side": "yes", "reaches_other_side": "yes", "strikes_other_side": "yes"}),
    # near the island's approximate edge: possibly the island, so possibly the UNC side's
    ({"actor": "kpa", "action": "fire", "from": KPA_COAST_GUNS, "impact": NEAR_BAENGNYEONG_EDGE},
     {"on_other_side": "indeterminate", "reaches_other_side": "indeterminate",
      "strikes_other_side": "indeterminate"}),
    ({"actor": "kpa", "action": "move", "at": NEAR_BAENGNYEONG_EDGE},
     {"on_other_side": "indeterminate", "reaches_other_side": "indeterminate",
      "strikes_other_side": "no"}),
    # KPA soldiers on Yeonpyeong-do are on the other side's ground; ROK marines are at home
    ({"actor": "kpa", "action": "move", "at": YEONPYEONG},
     {"on_other_side": "yes", "reaches_other_side": "yes", "strikes_other_side": "no"}),
    ({"actor": "rok", "action": "move", "at": BAENGNYEONG},
     {"on_other_side": "no", "reaches_other_side": "no", "strikes_other_side": "no"}),
])
def test_the_islands_are_the_unc_sides_for_every_fact(event: dict[str, Any],
                                                     expected: dict[str, str]) -> None:
    assert facts_of(event) == expected


def test_the_island_is_named_in_the_reason() -> None:
    facts = derive_facts({**INCIDENT, "events": [
        {"id": "e", "actor": "rok", "action": "fire", "from": YEONPYEONG,
         "impact": BAENGNYEONG}]})
    reason = facts.events[0].values["strikes_other_side"].reason
    assert "Baengnyeong-do" in reason and "¶13(b)" in reason
