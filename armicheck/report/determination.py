"""How every format words a determination row of the JSON contract: who the body spoke of,
what it found, and whether the tool agrees (the reason says why, in the contract's words).

A format 1 row (a violation, the act named by the body) reads as it always has:
`kpa fire-across-mdl (kaa-1953 ¶6)`; format 1.1 adds the force, a consistent outcome and an
act the writer chose: `unc (ROK) consistent with kaa-1953`,
`kpa hostile-act [the writer's choice; or fire-across-mdl] (kaa-1953)`.
"""

from __future__ import annotations

from typing import Any

from armicheck.core.summary import AGREED, DISAGREED, NOT_COMPARABLE, verdict_of


def who(row: dict[str, Any]) -> str:
    return row["party"] + (f" ({row['force']})" if row.get("force") else "")


def what(row: dict[str, Any]) -> str:
    """The outcome and act, without the instrument."""
    if row.get("outcome") == "consistent":
        return "consistent" + (f" ({row['act']})" if row.get("act") else "")
    act = str(row["act"])
    if row.get("act_by") == "writer":
        alternatives = row.get("act_alternatives") or []
        act += " [the writer's choice" + (f"; or {', '.join(alternatives)}" if alternatives
                                          else "") + "; the body named no act]"
    return act


def label(row: dict[str, Any]) -> str:
    """`who what (instrument ¶paragraphs)`, or `who consistent with instrument`."""
    paras = f" ¶{', '.join(row['paragraphs'])}" if row.get("paragraphs") else ""
    if row.get("outcome") == "consistent":
        return f"{who(row)} {what(row)} with {row['instrument']}{paras}"
    return f"{who(row)} {what(row)} ({row['instrument']}{paras})"


_SAID = {AGREED: "agrees", DISAGREED: "disagrees", NOT_COMPARABLE: "not compared"}


def verdict(row: dict[str, Any]) -> str:
    """agrees / disagrees / not compared (as the run summary counts the row)."""
    return _SAID[verdict_of(row)]


def disagreement(row: dict[str, Any]) -> str:
    """One of the run summary's disagreements in words: what the body found of whom, and
    why the tool disagrees."""
    act = "consistent with" if row.get("outcome") == "consistent" else str(row.get("act") or "")
    return (f"{row['body']} ({row['date']}) found {who(row)} {act} ({row['instrument']}); the "
            f"tool disagrees: {row['reason']}")
