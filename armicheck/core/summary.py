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
# 1.3: the run summary adds the collection's breakdowns (`Collection`): by year, side, force,
# category and instrument, and the agreement with official determinations
SCHEMA_VERSION = "1.3"
NOT_STATED = "not stated"  # a finding's side or force, an incident's year, when none is known


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
        self.collection = Collection()

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
        self.collection.add(entry.get("collection") or collection_record(entry))

    def as_json(self) -> dict[str, Any]:
        """The document's `summary`: the totals, then the collection's breakdowns."""
        return {**self.totals, **self.collection.as_json()}

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
        "summary": summary.as_json(),
        "rules": cited_rules(rules or {}, summary.rule_ids),
    }


def cited_rules(rules: dict[str, dict[str, Any]], rule_ids: Iterable[str]) -> dict[str, Any]:
    """The descriptors of the rules cited, in order of first citation."""
    return {rule_id: rules[rule_id] for rule_id in rule_ids if rule_id in rules}


# --- the collection's breakdowns -------------------------------------------------------------

AGREED, DISAGREED, NOT_COMPARABLE = "agreed", "disagreed", "not-comparable"
WORST_NONE, WORST_INVALID = "none", "invalid"  # an incident with no finding; not evaluated


def year_of(date: Any) -> str:
    """An incident's year (`2017-11-13`, `2016-08` and `2016` all give `2016`)."""
    text = str(date or "")
    return text[:4] if len(text) >= 4 and text[:4].isdigit() else NOT_STATED


def worst_status(entry: dict[str, Any]) -> str:
    """An incident's worst finding's status; `none` without findings, `invalid` when its file
    was not evaluated."""
    if entry["errors"]:
        return WORST_INVALID
    statuses = {f["status"] for f in entry["findings"]}
    return next((s for s in FINDING_STATUSES if s in statuses), WORST_NONE)


def verdict_of(row: dict[str, Any]) -> str:
    """A determination row as the collection counts it."""
    if row["agreed"]:
        return AGREED
    return DISAGREED if row.get("compared", True) else NOT_COMPARABLE


def collection_record(entry: dict[str, Any]) -> dict[str, Any]:
    """What the collection's breakdowns need of one contract entry: small, so that a --jobs
    worker sends it instead of the entry (see `report.render.encoded`)."""
    rows = []
    for d, det in enumerate(entry.get("determinations") or ()):
        for r, row in enumerate(det["findings"]):
            verdict = verdict_of(row)
            rows.append({"verdict": verdict} if verdict != DISAGREED else {
                "verdict": verdict, "path": entry["path"], "incident": entry["id"],
                "determination": d, "row": r, "body": det["body"], "date": det["date"],
                "party": row["party"], "force": row.get("force"), "act": row["act"],
                "outcome": row.get("outcome", "violation"), "instrument": row["instrument"],
                "reason": row["reason"]})
    return {"year": year_of(entry.get("date")), "worst": worst_status(entry),
            "findings": [[f["status"], f["side"] or NOT_STATED, f.get("forces") or [NOT_STATED],
                          f["category"], f["instrument"]] for f in entry["findings"]],
            "rows": rows}


class Collection:
    """The run summary's breakdowns (JSON contract 1.3): incidents by year, and within the year
    by their worst finding; findings by side, force, category and instrument, each by status;
    determination rows agreed, disagreed and not comparable, and each disagreement (so that a
    report can link to it)."""

    def __init__(self) -> None:
        self.by_year: dict[str, dict[str, int]] = {}
        self.by: dict[str, dict[str, dict[str, int]]] = {
            "by_side": {}, "by_force": {}, "by_category": {}, "by_instrument": {}}
        self.agreement: dict[str, int] = dict.fromkeys((AGREED, DISAGREED, NOT_COMPARABLE), 0)
        self.disagreements: list[dict[str, Any]] = []

    def add(self, record: dict[str, Any]) -> None:
        year = self.by_year.get(record["year"])
        if year is None:
            year = self.by_year[record["year"]] = {"incidents": 0, "worst": dict.fromkeys(
                (*FINDING_STATUSES, WORST_NONE, WORST_INVALID), 0)}
        year["incidents"] += 1
        year["worst"][record["worst"]] += 1
        sides, forces = self.by["by_side"], self.by["by_force"]
        categories, instruments = self.by["by_category"], self.by["by_instrument"]
        for status, side, force_list, category, instrument in record["findings"]:
            _count(sides, side, status)
            for force in force_list:
                _count(forces, force, status)
            _count(categories, category, status)
            _count(instruments, instrument, status)
        for row in record["rows"]:
            self.agreement[row["verdict"]] += 1
            if row["verdict"] == DISAGREED:
                self.disagreements.append({k: v for k, v in row.items() if k != "verdict"})

    def as_json(self) -> dict[str, Any]:
        return {"by_year": dict(sorted(self.by_year.items())),
                **{name: {k: counts[k] for k in sorted(counts)}
                   for name, counts in self.by.items()},
                "agreement": {**self.agreement, "disagreements": self.disagreements}}


def _count(table: dict[str, dict[str, int]], key: str, status: str) -> None:
    counts = table.get(key)
    if counts is None:
        counts = table[key] = dict.fromkeys(FINDING_STATUSES, 0)
    counts[status] += 1
