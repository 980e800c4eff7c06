"""The JSON findings contract (SPEC §6): engine objects → the contract's plain data.

The only module that knows both the engine's objects and the contract's dicts; reporters read
nothing but the dicts made here. Fixed names, versioned, additive changes only.
"""

from __future__ import annotations

from typing import Any

from armicheck.core.interval import Interval
from armicheck.core.summary import summarize
from armicheck.core.time import Window
from armicheck.core.tri import Tri
from armicheck.engine.model import Evaluation, Finding
from armicheck.facts.additions import uses_format_11
from armicheck.facts.derive import FACTS, IncidentFacts
from armicheck.load import LoadedDocument
from armicheck.packs.model import Clause, Pack, RuleSet
from armicheck.run.positions import events_json, place_json, positions_json


def clause_json(clause: Clause, pack: Pack | None = None) -> dict[str, Any]:
    """The clause as findings cite it: made once per clause and pack, and shared by every
    finding that cites it (results are never changed after they are made)."""
    key = (id(clause), pack.id if pack is not None else None)
    made = _CLAUSE_JSON.get(key)
    if made is None or made[0] is not clause:
        made = _CLAUSE_JSON[key] = (clause, _clause_json(clause, pack))
    return made[1]


# (id of the clause, pack id) -> (the clause, its JSON): the clause is kept with its JSON so
# that its id cannot be reused by another while the entry lives
_CLAUSE_JSON: dict[tuple[int, str | None], tuple[Clause, dict[str, Any]]] = {}


def _clause_json(clause: Clause, pack: Pack | None) -> dict[str, Any]:
    seen = dict(clause.seen_in)
    if pack is not None and "source" in seen:
        src = pack.source(seen["source"])
        seen.setdefault("title", src.get("title"))
        if src.get("url"):
            seen.setdefault("url", src.get("url"))
    return {
        "instrument": clause.pack,
        "id": clause.id,
        "paragraph": clause.number,
        "label": clause.label,
        "heading": clause.heading,
        "text": clause.text,
        "text_kind": clause.text_kind,
        "text_status": clause.text_status,
        "seen_in": seen or None,
        "sha256": clause.sha256,
    }


def finding_json(f: Finding, packs: dict[str, Pack]) -> dict[str, Any]:
    rule = f.rule
    exception = None
    if f.exception:
        exception = {
            "id": f.exception.id,
            "title": f.exception.title,
            "basis": f.exception.basis,
            "clause": clause_json(f.exception.clause, packs.get(f.exception.clause.pack))
            if f.exception.clause else None,
            "references": f.exception.references,
            "note": f.exception.note or None,
        }
    return {
        "rule_id": rule.id,
        "title": rule.title,
        "status": f.status,
        "category": rule.category,
        "level": "warning" if rule.contested else rule.level,
        "side": f.party,
        "force": ", ".join(f.forces) or None,
        "forces": f.forces,
        "instrument": rule.pack.id,
        "instrument_title": rule.pack.title,
        "paragraphs": f.paragraphs,
        "events": [e.id for e in f.events],
        "actors": sorted({e.actor.id for e in f.events}),
        "clause": clause_json(f.clauses[0], rule.pack),
        "clauses": [clause_json(c, packs.get(c.pack)) for c in f.clauses],
        "basis": rule.basis,
        "exception": exception,
        "evidence": f.evidence,
        "confidence": f.confidence,
        "confidence_level": f.confidence_level,
        "confidence_basis": f.confidence_basis,
        "location": {"line": f.location[0], "column": f.location[1]},
        "message": f.message,
        "reasons": f.reasons,
    }


def incident_entry(doc: LoadedDocument, facts: IncidentFacts, evaluation: Evaluation,
                   options: Any) -> dict[str, Any]:
    data = doc.data
    packs = {f.rule.pack.id: f.rule.pack for f in evaluation.findings}
    for f in evaluation.findings:
        if f.exception and f.exception.clause:
            packs.setdefault(f.exception.clause.pack, f.rule.pack)
    findings = [finding_json(f, packs) for f in evaluation.findings]
    entry: dict[str, Any] = {
        "id": data["id"],
        "title": data.get("title"),
        "date": data.get("date"),
        "as_of": options.as_of,
        "findings": findings,
        "errors": [],
        "summary": summarize(findings),
        "positions": positions_json(doc, facts),  # since 1.2
    }
    if data.get("determinations"):
        entry["determinations"] = evaluation.determinations
        entry["undetermined"] = [
            {"rule_id": evaluation.findings[i].rule.id, "status": evaluation.findings[i].status,
             "side": evaluation.findings[i].party,
             "instrument": evaluation.findings[i].rule.pack.id,
             "category": evaluation.findings[i].rule.category}
            for i in evaluation.undetermined]
    if getattr(options, "drawing", False):  # --format html: what the page draws
        entry["place"] = place_json(data)
        entry["events"] = events_json(doc, facts)
    if options.explain:
        entry["explain"] = evaluation.explanations
        format_11 = uses_format_11(data)
        entry["facts"] = [
            {"event": ev.id, "line": doc.locate(["events", ev.index])[0],
             "facts": {k: _fact_json(v) for k, v in sorted(ev.values.complete().items())
                       if _explained(k, v, format_11)},
             "positions": {k: p.to_json() for k, p in ev.positions.items()}}
            for ev in facts.events]
    return entry


def _explained(name: str, value: Any, format_11: bool) -> bool:
    """--explain shows the derived facts; the actor.* and event.* ones (the file's own fields)
    only in a file that uses format 1.1's additions, and then those the registry marks
    `shown` where stated, so a format 1 file's output is as it was."""
    if not name.startswith(("actor.", "event.")):
        return True
    return format_11 and FACTS[name].shown and value is not None and value is not False \
        and value != frozenset()


def _fact_json(value: Any) -> Any:
    if isinstance(value, Tri):
        return value.to_json()
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Interval):
        return value.to_json()
    if isinstance(value, Window):
        return str(value)
    return value


def rule_descriptors(ruleset: RuleSet) -> dict[str, dict[str, Any]]:
    """Every rule as the document's `rules` describes it: what a reporter needs of a rule
    beyond its findings (SARIF's rule descriptors), so that every format renders from the
    JSON document alone."""
    out: dict[str, dict[str, Any]] = {}
    for rule in ruleset.rules:
        out[rule.id] = {
            "title": rule.title,
            "category": rule.category,
            "instrument": rule.pack.id,
            "level": "warning" if rule.contested else rule.level,
            "basis": rule.basis,
            "clauses": [clause_json(ref.clause, ruleset.packs.get(ref.clause.pack, rule.pack))
                        for ref in rule.clauses],
            "exceptions": [e.title for e in rule.exceptions],
            "tags": list(dict.fromkeys([rule.pack.id, rule.category, *rule.tags])),
        }
    return out
