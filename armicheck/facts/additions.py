"""Which of format 1.1's additions an incident uses (files keep `armicheck: 1`).

`additions(data)` names each addition used, with how many times: `--explain` shows the format
1.1 facts of an incident that uses any (a format 1 file keeps its format 1 output), and
`bench/corpus_stats.py` counts the files that use each, as the issue counted the real ones.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from armicheck.core.vocabulary import POSITION_KEYS

# the words format 1.1 added to format 1's vocabularies
NEW_ACTIONS = frozenset({"detain", "abduct", "board", "tow", "sink", "tunnel"})
NEW_ARMS = frozenset({"small-arms", "torpedo"})
NEW_ROLES = frozenset({"raiding-party", "pursuer", "reinforcement", "commander",
                       "boarding-party", "psychological-operations", "investigator",
                       "fisherman", "resident"})
NEW_SOURCE_KINDS = frozenset({"scholarly", "reference", "government", "ngo"})
NEW_CLAIM_KINDS = frozenset({"accusation", "statement", "position"})
_TIME_KEYS = ("time_approximate", "time_latest", "time_end")
_EVENT_KEYS = {"attribution": "attribution", "intent": "intent", "calibre_mm": "calibre",
               "warning": "warning-shots", "medium": "medium", "targets": "several-targets",
               "damage": "results"}


def _ranged(value: Any) -> bool:
    return isinstance(value, list | dict)


def _partial(value: Any) -> bool:
    return isinstance(value, str) and len(value) in (4, 7)


def additions(data: dict[str, Any]) -> Counter[str]:
    """Each format 1.1 addition the incident uses, with its number of uses (empty: a format 1
    file). `data` is a valid incident."""
    found: Counter[str] = Counter()
    if _partial(data.get("date")) or _partial(data.get("date_end")):
        found["partial-date"] += 1
    for actor in (data.get("actors") or {}).values():
        actor = actor or {}
        found["range"] += _ranged(actor.get("count"))
        found["civilian"] += "nationality" in actor
        found["branch"] += "branch" in actor
        found["role-text"] += "role_text" in actor
        found["new-role"] += actor.get("role") in NEW_ROLES
    for source in (data.get("sources") or {}).values():
        found["source-kind"] += source.get("kind") in NEW_SOURCE_KINDS
        found["relayed-by"] += "relayed_by" in source
    for event in data.get("events") or ():
        found["range"] += _ranged(event.get("rounds")) + _ranged(
            (event.get("object") or {}).get("count"))
        found["approximate-time"] += any(k in event for k in _TIME_KEYS)
        found["partial-date"] += _partial(event.get("date")) or _partial(event.get("date_end"))
        for key, name in _EVENT_KEYS.items():
            found[name] += key in event
        found["new-action"] += event.get("action") in NEW_ACTIONS
        found["new-arms"] += not NEW_ARMS.isdisjoint(event.get("weapons") or ())
        casualties = event.get("casualties")
        found["results"] += isinstance(casualties, list) or (
            isinstance(casualties, dict) and any(k in casualties for k in (
                "civilian", "missing", "captured", "nationality")))
        # part 2: positions by place, the NLL, held ground or waters; tunnels; direction
        for pos in _event_positions(event):
            for key in _POSITION_KEYS_11:
                found[key.replace("_", "-")] += key in pos
        found["tunnel"] += "tunnel" in event
        found["direction-to"] += isinstance(event.get("direction"), dict)
        found["translation"] += sum(1 for c in event.get("cite") or ()
                                    if isinstance(c, dict) and ("translation" in c
                                                                or "language" in c))
    for det in data.get("determinations") or ():
        found["second-hand"] += bool(det.get("second_hand"))
        found["determination-events"] += "events" in det
        found["partial-date"] += _partial(det.get("date"))
        for finding in det.get("findings") or ():
            found["consistent"] += finding.get("outcome") == "consistent"
            found["outcome"] += "outcome" in finding
            found["determination-force"] += "force" in finding
            found["act-by-writer"] += finding.get("act_by") == "writer"
    for claim in data.get("claims") or ():
        found["claim-id"] += "id" in claim
        found["claim-kind"] += claim.get("kind") in NEW_CLAIM_KINDS
        found["claim-sources"] += len(claim.get("cite") or ()) + ("source" in claim) >= 2
        found["claim-cite"] += "cite" in claim
        found["claim-non-party"] += "party" not in claim
        found["claim-both-sides"] += isinstance(claim.get("party"), list)
        found["partial-date"] += _partial(claim.get("date"))
    return +found  # without the zero counts


_POSITION_KEYS_11 = ("place", "nll", "held_by", "waters")


def _event_positions(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The event's positions that part 2 can extend (at, from, to, impact, the track)."""
    out = [event[k] for k in POSITION_KEYS if isinstance(event.get(k), dict)]
    out += [p for p in event.get("track") or () if isinstance(p, dict)]
    return out


def uses_format_11(data: dict[str, Any]) -> bool:
    return bool(additions(data))
