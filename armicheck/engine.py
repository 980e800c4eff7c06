"""Stage 4: rules x facts -> findings.

For each event, the rules whose condition can match its action are tried: is the actor a
party to the instrument, is the rule in force for that party at the event's time (or on
`--as-of`), does the condition hold (three-valued), does an exception apply. Hits are grouped
into one finding per rule x responsible party x status x event group. Determinations recorded
in the incident are only compared with the findings afterwards, never used to make them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from armicheck.conditions import explain_condition
from armicheck.facts import FACTS, EventFacts, IncidentFacts
from armicheck.rulepacks import (
    Clause,
    Rule,
    RuleException,
    RuleSet,
    force_plan,
    in_force_within,
    out_of_force,
    overlaps_any,
)
from armicheck.tri import Tri

STATUS_RANK = {"violation": 3, "possible-violation": 2, "exception-applied": 1,
               "not-in-force": 0, "pass": 0}
CERTAINTY_FACTOR = {"confirmed": 1.0, "reported": 0.8, "inferred": 0.6, "alleged": 0.4}
RELIABILITY = {"A": 1.0, "B": 0.9, "C": 0.75, "D": 0.6, "E": 0.45, "F": 0.6}
CREDIBILITY = {1: 1.0, 2: 0.9, 3: 0.75, 4: 0.55, 5: 0.35, 6: 0.6}
KIND_SCORE = {"official": 0.9, "imagery": 0.85, "press": 0.75, "osint": 0.7, "testimony": 0.65}

Locate = Callable[[list[Any]], tuple[int, int]]


@dataclass(slots=True)
class Hit:
    rule: Rule
    party: str
    status: str
    event: EventFacts
    reasons: list[str]
    clauses: list[Clause]
    exception: RuleException | None
    in_force: Tri


@dataclass(slots=True)
class Finding:
    rule: Rule
    status: str
    party: str
    forces: list[str]
    events: list[EventFacts]
    clauses: list[Clause]
    reasons: list[str]
    exception: RuleException | None
    evidence: list[dict[str, Any]]
    confidence: float
    confidence_basis: str
    location: tuple[int, int]
    message: str

    @property
    def confidence_level(self) -> str:
        return "high" if self.confidence >= 0.75 else "medium" if self.confidence >= 0.5 \
            else "low"

    @property
    def paragraphs(self) -> list[str]:
        return [c.number for c in self.clauses]


@dataclass(slots=True)
class Evaluation:
    findings: list[Finding]
    explanations: list[dict[str, Any]] = field(default_factory=list)
    determinations: list[dict[str, Any]] = field(default_factory=list)
    undetermined: list[int] = field(default_factory=list)
    as_of: str | None = None


def evaluate(facts: IncidentFacts, ruleset: RuleSet, locate: Locate, *,
             as_of: tuple[datetime, datetime] | None = None, explain: bool = False) -> Evaluation:
    hits: list[Hit] = []
    explanations: list[dict[str, Any]] = []
    for ev in facts.events:
        values = ev.values
        # a plain run tries only the rules that can match the action, for the actor's party
        # to their instrument, each screened before anything else; --explain tries every
        # rule of the action, to say why each did not fire
        actor = ev.actor
        tried = ruleset.explained_for(values["action"], actor.side, actor.force) if explain \
            else ruleset.plan_for(values["action"], actor.side, actor.force)
        for rule, may_hold, party in tried:
            if party is None:  # only under --explain
                explanations.append(_explained(rule, ev, "not-applicable", [
                    f"{actor.force or '?'} ({actor.side or '?'} side) is not a party "
                    f"to {rule.pack.id}"]))
                continue
            values["party"] = party
            # the screen is cheap and usually false: asked before the dates (it is False
            # exactly when the condition is "no"), then the condition itself for its reason
            if may_hold is not None and not may_hold(values):
                continue
            result = rule.match(values)
            start, end = as_of if as_of else (ev.start, ev.end)
            force_tri = rule_in_force(rule, party, start, end, reason=explain)
            if force_tri.no:
                if explain:
                    explanations.append(_explained(rule, ev, "not-in-force", [force_tri.reason],
                                                   in_force=force_tri))
                continue
            if result.no:
                if explain:
                    explanations.append(_explained(rule, ev, "pass", ["condition not met"],
                                                   explain_condition(rule.raw_when, values),
                                                   in_force=force_tri))
                continue
            reasons: list[str] = []
            status = "violation"
            if result.indeterminate:
                status = "possible-violation"
                reasons.append(f"indeterminate: {result.reason}")
            if force_tri.indeterminate:
                status = "possible-violation"
                reasons.append(f"in force uncertain: {force_tri.reason}")
            if rule.contested:
                status = "possible-violation"
                reasons.append("contested basis: sources disagree on what the instrument "
                               "provides; never more than a possible violation")
            if values["event.certainty"] == "alleged":
                status = "possible-violation"
                reasons.append("the act is only alleged")
            applied: RuleException | None = None
            tried: list[dict[str, Any]] = []
            for exc in rule.exceptions:
                got = exc.when(values)
                if explain:
                    tried.append({"id": exc.id, "title": exc.title, **got.to_json()})
                if got.yes:
                    applied = exc
                    status = "exception-applied"
                    reasons.insert(0, f"exception {exc.id}: {exc.title}")
                    break
                if got.indeterminate and status == "violation":
                    status = "possible-violation"
                    reasons.append(f"exception {exc.id} may apply: {got.reason}")
            clauses = _cited_clauses(rule, values, party, start, end)
            hits.append(Hit(rule, party, status, ev, reasons, clauses, applied, force_tri))
            if explain:
                explanations.append(_explained(rule, ev, status, reasons + [force_tri.reason],
                                               explain_condition(rule.raw_when, values),
                                               in_force=force_tri, exceptions=tried))
    findings = _group(hits, facts, locate)
    findings.sort(key=lambda f: (-STATUS_RANK[f.status], f.location, f.rule.id))
    evaluation = Evaluation(findings=findings, explanations=explanations)
    compare_determinations(facts.data, evaluation, set(ruleset.packs))
    return evaluation


# "no" without its reason, for callers that only skip on it (a reason names the event's date
# and the periods: formatting it cost more than the test, for ~4 rules per incident)
NOT_IN_FORCE = Tri("no", "not in force")


def rule_in_force(owner: Rule | Clause, party: str, start: datetime, end: datetime,
                  reason: bool = True) -> Tri:
    """`in_force` of a rule's or clause's periods. An event inside a period (the usual answer)
    is found by comparing instants with the periods binding the party, kept by the rule or
    clause with their answers; anything else is remembered by instants, since its reason is
    costly to format. `reason=False`: a "no" may come without its reason."""
    plan = owner.force_plan.get(party)
    if plan is None:
        plan = owner.force_plan[party] = force_plan(owner.periods, party)
    found = in_force_within(plan, start, end)
    if found is not None:
        return found
    if not reason and not overlaps_any(plan, start, end):
        return NOT_IN_FORCE
    cache = owner.force_cache
    # equal instants in two UTC offsets are equal keys, but a "not in force" reason names
    # the event's local date: the offset is part of the key
    key = (party, start, end, start.tzinfo)
    got = cache.get(key)
    if got is None:
        if len(cache) >= 64:  # events rarely share instants across incidents: keep it small
            cache.clear()
        got = cache[key] = out_of_force(plan, party, start, end)
    return got


def _cited_clauses(rule: Rule, values: dict[str, Any], party: str, start: datetime,
                   end: datetime) -> list[Clause]:
    """The clauses a hit rests on. A supporting clause is cited when its own condition holds
    and it is itself in force for the party (e.g. ¶13(d) no longer binds the UNC side from
    1957); where no conditional clause is decided, those that may hold are cited instead."""
    if len(rule.clauses) == 1 and rule.clauses[0].when is None:
        return [rule.clauses[0].clause]
    candidates = []
    for j, ref in enumerate(rule.clauses):
        if j and rule_in_force(ref.clause, party, start, end, reason=False).no:
            continue
        candidates.append((ref.clause, ref.when(values) if ref.when else None))
    cited = [c for c, r in candidates if r is None or r.yes]
    if not any(r is not None and r.yes for _, r in candidates):
        cited += [c for c, r in candidates if r is not None and r.indeterminate]
    return cited or [rule.clauses[0].clause]


def _explained(rule: Rule, ev: EventFacts, status: str, reasons: list[str],
               condition: list[str] | None = None, in_force: Tri | None = None,
               exceptions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    # in_force is None only when the actor's side is no party to the instrument (not checked);
    # exceptions lists every exception tried, in order, up to the one that applied
    return {"rule_id": rule.id, "event": ev.id, "status": status,
            "reasons": [r for r in reasons if r], "condition": condition or [],
            "in_force": in_force.to_json() if in_force is not None else None,
            "exceptions": exceptions or []}


def _group(hits: list[Hit], facts: IncidentFacts, locate: Locate) -> list[Finding]:
    groups: dict[tuple[Any, ...], list[Hit]] = {}
    for hit in hits:
        key = (hit.rule.id, hit.party, hit.status,
               hit.exception.id if hit.exception else None, hit.event.event.get("group"))
        groups.setdefault(key, []).append(hit)
    sources = facts.data.get("sources") or {}
    scores: dict[str, float] = {}  # source id -> source_score, once per incident
    described: dict[str, dict[str, Any]] = {}  # source id -> its part of an evidence item
    out = []
    for group in groups.values():
        first = group[0]
        clauses: list[Clause] = []
        for hit in group:
            for c in hit.clauses:
                if c not in clauses:
                    clauses.append(c)
        reasons: list[str] = []
        for hit in group:
            for r in hit.reasons:
                if r not in reasons:
                    reasons.append(r)
        events = [h.event for h in group]
        forces = sorted({e.actor.force for e in events if e.actor.force})
        evidence = _evidence(events, sources, described)
        confidence, basis = _confidence(events, sources, scores)
        out.append(Finding(
            rule=first.rule, status=first.status, party=first.party, forces=forces,
            events=events, clauses=clauses, reasons=reasons, exception=first.exception,
            evidence=evidence, confidence=confidence, confidence_basis=basis,
            location=locate(["events", first.event.index]),
            message=_message(first.rule.message, first.event, first.party)))
    return out


def _grade(src: dict[str, Any]) -> str | None:
    if "reliability" in src or "credibility" in src:
        return f"{src.get('reliability', '?')}{src.get('credibility', '?')}"
    return None


def _evidence(events: list[EventFacts], sources: dict[str, Any],
              described: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cited source and quote once; `described` remembers what a finding says of each
    source across an incident's findings."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for ev in events:
        for item in ev.event.get("cite") or ():
            sid, quote = (item, None) if isinstance(item, str) else (item["source"],
                                                                     item.get("quote"))
            if (sid, quote) in seen:
                continue
            seen.add((sid, quote))
            about = described.get(sid)
            if about is None:
                src = sources.get(sid, {})
                about = described[sid] = {
                    "publisher": src.get("publisher"), "title": src.get("title"),
                    "date": src.get("date"), "url": src.get("url"), "kind": src.get("kind"),
                    "grade": _grade(src)}
            out.append({"source": sid, "quote": quote, "event": ev.id, **about})
    return out


def source_score(src: dict[str, Any]) -> float:
    if "reliability" in src or "credibility" in src:
        return RELIABILITY.get(src.get("reliability", "F"), 0.6) * CREDIBILITY.get(
            src.get("credibility", 6), 0.6)
    return KIND_SCORE.get(src.get("kind", ""), 0.6)


def _confidence(events: list[EventFacts], sources: dict[str, Any],
                scores: dict[str, float]) -> tuple[float, str]:
    """Best event: its certainty x its best source, plus a little for independent sources.
    `scores` remembers each source's score across an incident's findings; the basis is
    worded only for an event that beats the best so far."""
    best, basis = 0.0, "no event"
    for ev in events:
        certainty = ev.values["event.certainty"]
        top = -1.0
        publishers: set[Any] = set()
        for item in ev.event.get("cite") or ():
            sid = item if isinstance(item, str) else item["source"]
            src = sources.get(sid)
            if src is not None:
                score = scores.get(sid)
                if score is None:
                    score = scores[sid] = source_score(src)
                if score > top:
                    top = score
                publishers.add(src.get("publisher"))
        key = (certainty, top, len(publishers))
        scored = _SCORED.get(key)
        if scored is None:
            if len(_SCORED) >= 4096:
                _SCORED.clear()
            scored = _SCORED[key] = _event_confidence(*key)
        if scored[0] > best:
            best, basis = scored[0], f"event {ev.id}: {scored[1]}"
    return best, basis


# (certainty, best source's score or -1 for none, publishers) -> (score, its wording): the
# same few combinations recur across a collection, and formatting the floats cost more
# than the arithmetic
_SCORED: dict[tuple[str, float, int], tuple[float, str]] = {}


def _event_confidence(certainty: str, top: float, publishers: int) -> tuple[float, str]:
    cf = CERTAINTY_FACTOR.get(certainty, 0.8)
    if top < 0:
        return round(cf * 0.3, 2), f"{certainty} ({cf:g}) x no source cited (0.3)"
    corroboration = min(0.1, 0.05 * (publishers - 1))
    why = (f"{certainty} ({cf:g}) x best source {top:.2f}"
           + (f" + {corroboration:.2f} for {publishers} publishers" if corroboration else ""))
    return round(cf * min(1.0, top + corroboration), 2), why


def _message(template: str, ev: EventFacts, party: str) -> str:
    parts = _TEMPLATES.get(template)
    if parts is None:
        # "a {x} b {y}" -> ["a ", "x", " b ", "y", ""]: literals at even places, fact names at
        # odd ones. Dotted names are fact names, not attribute access, so no str.format here;
        # only the placeholders the template names are rendered (not all ~60 facts)
        parts = _TEMPLATES[template] = _PLACEHOLDER.split(template)
    if len(parts) == 1:
        return template
    facts = ev.values
    out = []
    for i, part in enumerate(parts):
        if not i % 2:
            out.append(part)
        elif part == "party":  # the finding's party (facts["party"] is the last rule's)
            out.append(party)
        elif part == "event.time":
            out.append(ev.event.get("time", ""))
        elif part not in facts and part not in FACTS:
            out.append("?")
        else:
            value = facts[part]  # a fact not yet derived is derived now
            if isinstance(value, Tri):
                out.append(value.value)
            elif isinstance(value, frozenset):
                out.append(", ".join(sorted(value)) or "none")
            else:
                out.append("?" if value is None else str(value))
    return "".join(out)


_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")
_TEMPLATES: dict[str, list[str]] = {}  # a rule's message, split once


def _instrument_names(f: Finding) -> set[str]:
    """A finding's instrument, and the instrument it was made under (the UNC calls breaches
    of the MAC's JSA agreements breaches of the Armistice Agreement)."""
    names = {f.rule.pack.id}
    if f.rule.pack.meta.get("subsidiary_to"):
        names.add(f.rule.pack.meta["subsidiary_to"])
    return names


def _norm_paragraph(p: Any) -> str:
    return str(p).strip().lstrip("¶").replace(" ", "").lower()


def compare_determinations(data: dict[str, Any], evaluation: Evaluation,
                           instruments: set[str] | None = None) -> None:
    """Per official finding: does the tool agree? And what did the tool find that no body did?"""
    positive = [i for i, f in enumerate(evaluation.findings)
                if f.status in ("violation", "possible-violation")]
    matched: set[int] = set()
    for det in data.get("determinations") or []:
        rows = []
        for finding in det["findings"]:
            party, instrument, act = finding["party"], finding["instrument"], finding["act"]
            same = [i for i in positive if evaluation.findings[i].party == party
                    and instrument in _instrument_names(evaluation.findings[i])]
            by_act = [i for i in same if evaluation.findings[i].rule.category == act]
            wanted = {_norm_paragraph(p) for p in finding.get("paragraphs") or []}
            cited = {_norm_paragraph(p) for i in same for p in evaluation.findings[i].paragraphs}
            missing = sorted(wanted - cited)
            agreed = bool(by_act) and not missing
            if agreed:
                matched.update(by_act)
                matched.update(i for i in same if wanted & {
                    _norm_paragraph(p) for p in evaluation.findings[i].paragraphs})
            compared = instruments is None or instrument in instruments
            if not compared:
                why = f"not compared: no rule pack encodes {instrument}"
            elif not by_act:
                why = f"the tool found no {act} by {party} under {instrument}"
            elif missing:
                why = f"the tool does not cite paragraph(s) {', '.join(missing)}"
            else:
                why = "the tool finds the same act by the same party under the same instrument"
            rows.append({"party": party, "act": act, "instrument": instrument,
                         "paragraphs": [str(p) for p in finding.get("paragraphs") or []],
                         "agreed": agreed, "compared": compared, "reason": why,
                         "tool_findings": [evaluation.findings[i].rule.id for i in by_act]})
        evaluation.determinations.append({"body": det["body"], "date": det["date"],
                                          "source": det.get("source"), "findings": rows})
    evaluation.undetermined = [i for i in positive if i not in matched] \
        if data.get("determinations") else []
