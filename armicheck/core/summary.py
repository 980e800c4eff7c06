"""The JSON contract's envelope and the run summary: counts, and the exit code decided once.

Reporters and the run share it: a document is `document(entries, as_of, rules)`, and
`RunSummary` (kept as entries stream past) gives the totals and the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from armicheck import __version__
from armicheck.core.status import AT_LEAST, FINDING_STATUSES

# 1.1: the document carries `rules`, the descriptors of cited rules
# 1.2 (incident format 1.1): determination rows say what they were compared on (outcome,
# force, events, ...); evidence carries a quote's language, translation and relays; each
# incident carries `positions`, its events' resolved positions (named places, the sea)
SCHEMA_VERSION = "1.2"


def summarize(findings: list[dict[str, Any]]) -> dict[str, int]:
    """An incident's findings counted by status."""
    out = dict.fromkeys(FINDING_STATUSES, 0)
    for f in findings:
        out[f["status"]] = out.get(f["status"], 0) + 1
    return out


class RunSummary:
    """What the exit code, the summary line and the document's tail need of a run, kept as
    entries stream past (an entry may be encoded already: see `report.render.encoded`)."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = {"incidents": 0, **dict.fromkeys(FINDING_STATUSES, 0),
                                       "errors": 0}
        self.statuses: set[str] = set()
        self.rule_ids: dict[str, None] = {}  # in order of first appearance

    @classmethod
    def of(cls, entries: Iterable[dict[str, Any]]) -> RunSummary:
        summary = cls()
        for entry in entries:
            summary.add(entry)
        return summary

    def add(self, entry: dict[str, Any]) -> None:
        self.totals["incidents"] += 1
        self.totals["errors"] += 1 if entry["errors"] else 0
        if "statuses" in entry:
            statuses, rule_ids = entry["statuses"], entry.get("rule_ids", ())
        else:
            statuses = [f["status"] for f in entry["findings"]]
            rule_ids = [f["rule_id"] for f in entry["findings"]]
        for status in statuses:
            self.totals[status] = self.totals.get(status, 0) + 1
            self.statuses.add(status)
        for rule_id in rule_ids:
            self.rule_ids.setdefault(rule_id)

    def exit_code(self, fail_on: str) -> int:
        """2 for any input error; 1 for a finding at or above `fail_on`; else 0."""
        if self.totals["errors"]:
            return 2
        return 1 if self.statuses & AT_LEAST[fail_on] else 0


def document(entries: list[dict[str, Any]], as_of: str | None = None,
             rules: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole JSON document. `rules`: descriptors of (at least) every rule cited."""
    summary = RunSummary.of(entries)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "armicheck", "version": __version__},
        "as_of": as_of,
        "incidents": entries,
        "summary": summary.totals,
        "rules": cited_rules(rules or {}, summary.rule_ids),
    }


def cited_rules(rules: dict[str, dict[str, Any]], rule_ids: Iterable[str]) -> dict[str, Any]:
    """The descriptors of the rules cited, in order of first citation."""
    return {rule_id: rules[rule_id] for rule_id in rule_ids if rule_id in rules}
