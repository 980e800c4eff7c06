"""Stage 4: rules x facts -> findings.

For each event, the rules whose condition can match its action are tried: is the actor a
party to the instrument, is the rule in force for that party at the event's time (or on
`--as-of`), does the condition hold (three-valued), does an exception apply. Hits are grouped
into one finding per rule x responsible party x status x event group. Determinations recorded
in the incident are only compared with the findings afterwards, never used to make them.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

from armicheck.core import status as st
from armicheck.core.time import Window, time_words
from armicheck.core.tri import Tri
from armicheck.engine.confidence import cited_evidence, graded_confidence
from armicheck.engine.determinations import compare_determinations
from armicheck.engine.model import Evaluation, Finding, Hit, Locate
from armicheck.facts.derive import FACTS, EventFacts, IncidentFacts
from armicheck.facts.fidelity import responsible_side
from armicheck.packs import condition
from armicheck.packs.model import Clause, Rule, RuleException, RuleSet


def evaluate(facts: IncidentFacts, ruleset: RuleSet, locate: Locate, *,
             as_of: tuple[datetime, datetime] | None = None, explain: bool = False) -> Evaluation:
    hits: list[Hit] = []
    explanations: list[dict[str, Any]] = []
    law_day = Window(*as_of) if as_of else None
    for ev in facts.events:
        values = ev.values
        if law_day is not None:  # --as-of: the law of that day, in exceptions' dates too
            values["event.date"] = law_day
        # a plain run tries only the rules that can match the action, for the actor's party
        # to their instrument, each screened before anything else; --explain tries every
        # rule of the action, to say why each did not fire
        actor = ev.actor
        side, held_why = actor.side, None
        if actor.force is None:  # issue 20: civilians let act by a side's commander
            held = responsible_side(ev)
            if held is not None:
                side, held_why = held
        tried = ruleset.explained_for(values["action"], side, actor.force) if explain \
            else ruleset.plan_for(values["action"], side, actor.force)
        for rule, may_hold, party in tried:
            if party is None:  # only under --explain
                explanations.append(_explained(rule, ev, st.NOT_APPLICABLE, [
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
            force_tri = rule.validity.at(party, start, end, reason=explain)
            if force_tri.no:
                if explain:
                    explanations.append(_explained(rule, ev, st.NOT_IN_FORCE, [force_tri.reason],
                                                   in_force=force_tri))
                continue
            if result.no:
                if explain:
                    explanations.append(_explained(rule, ev, st.PASS, [_not_met(rule, values)],
                                                   condition.explain(rule.when, values),
                                                   in_force=force_tri))
                continue
            reasons: list[str] = [held_why] if held_why else []
            status = st.VIOLATION
            if result.indeterminate:
                status = st.POSSIBLE
                reasons.append(f"indeterminate: {result.reason}")
            if force_tri.indeterminate:
                status = st.POSSIBLE
                reasons.append(f"in force uncertain: {force_tri.reason}")
            if rule.contested:
                status = st.POSSIBLE
                reasons.append("contested basis: sources disagree on what the instrument "
                               "provides; never more than a possible violation")
            if values["event.certainty"] == "alleged":
                status = st.POSSIBLE
                reasons.append("the act is only alleged")
            if "attribution" in ev.event \
                    and ev.event["attribution"] in UNSURE_ATTRIBUTION:  # format 1.1
                status = st.POSSIBLE
                reasons.append(UNSURE_ATTRIBUTION[ev.event["attribution"]].format(
                    actor=actor.id))
            applied: RuleException | None = None
            tried: list[dict[str, Any]] = []
            for exc in rule.exceptions:
                got = exc.when.compiled()(values)
                # issue 20: the event an exception rests on, named by its fact's reason
                rests = values[exc.rests_on] if exc.rests_on is not None else None
                if explain:
                    tried.append({"id": exc.id, "title": exc.title, **got.to_json(),
                                  **({"rests_on": rests.reason} if rests is not None
                                     else {})})
                if got.yes:
                    applied = exc
                    status = st.EXCEPTION
                    reasons.insert(0, f"exception {exc.id}: {exc.title}" + (
                        f" ({rests.reason})" if rests is not None else ""))
                    break
                if got.indeterminate and status == st.VIOLATION:
                    status = st.POSSIBLE
                    reasons.append(f"exception {exc.id} may apply: {got.reason}")
            clauses = _cited_clauses(rule, values, party, start, end)
            hits.append(Hit(rule, party, status, ev, reasons, clauses, applied, force_tri))
            if explain:
                explanations.append(_explained(rule, ev, status, reasons + [force_tri.reason],
                                               condition.explain(rule.when, values),
                                               in_force=force_tri, exceptions=tried))
    findings = _group(hits, facts, locate)
    findings.sort(key=lambda f: (-st.RANK[f.status], f.location, f.rule.id))
    evaluation = Evaluation(findings=findings, explanations=explanations)
    compare_determinations(facts.data, evaluation, set(ruleset.packs),
                           why_not=lambda *a: _why_not(facts, ruleset, *a))
    return evaluation


def _why_not(facts: IncidentFacts, ruleset: RuleSet, party: str, instrument: str,
             acts: list[str], events: list[str]) -> str:
    """Issue 20: why no rule of the acts a body named fired on the events it named: which
    event is by another party, which rule's condition failed on which event and on which
    fact, or that no rule of the pack encodes the act. Worked out only on a disagreement."""
    rules = [r for r in ruleset.rules if r.category in acts and (
        r.pack.id == instrument or r.pack.meta.get("subsidiary_to") == instrument)]
    if not rules:
        return f"no rule of {instrument} encodes {' or '.join(acts) or 'that act'}"
    named = [ev for ev in facts.events if not events or ev.id in events]
    said: list[str] = []
    for ev in named:
        actor = ev.actor
        side = actor.side
        if actor.force is None:
            held = responsible_side(ev)
            side = held[0] if held else side
        for rule in rules:
            if rule.pack.party_of(side, actor.force) != party:
                said.append(f"event {ev.id} is not by {party} under {rule.pack.id}")
                break
            values = ev.values
            values["party"] = party
            if rule not in ruleset.rules_for(values["action"]):
                said.append(f"{rule.id} does not apply to {values['action']} (event {ev.id})")
                continue
            in_force = rule.validity.at(party, ev.start, ev.end, reason=True)
            if in_force.no:
                said.append(f"{rule.id} on event {ev.id}: {in_force.reason}")
                continue
            said.append(f"{rule.id} on event {ev.id}: {condition.failed_part(rule.when, values)}")
        if len(said) >= 6:
            break
    return "; ".join(dict.fromkeys(said))


def _not_met(rule: Rule, values: dict[str, Any]) -> str:
    """--explain: why a rule passed, in words: the part of its condition that failed and,
    where that part's fact is absent from the file, what the fact registry says its absence
    means (issue 20: no pass without its reason)."""
    why = f"condition not met: {condition.failed_part(rule.when, values)}"
    test = condition.first_failed_test(rule.when, values)
    if test is not None and test.fact in FACTS:
        value = values[test.fact]
        if value is None or value == frozenset() or (value is False
                                                     and FACTS[test.fact].type == "bool"):
            why += f"; {test.fact} absent: {FACTS[test.fact].absence}"
    return why


# format 1.1: who did it is uncertain apart from whether it happened: at most a possible
# violation, as for an alleged act (the finding names a responsible party)
UNSURE_ATTRIBUTION = {
    "alleged": "that {actor} did it is only alleged (attribution: alleged)",
    "disputed": "who did it is disputed: sources disagree that it was {actor} (attribution: "
                "disputed)",
}


def _cited_clauses(rule: Rule, values: dict[str, Any], party: str, start: datetime,
                   end: datetime) -> list[Clause]:
    """The clauses a hit rests on. A supporting clause is cited when its own condition holds
    and it is itself in force for the party (e.g. ¶13(d) no longer binds the UNC side from
    1957); where no conditional clause is decided, those that may hold are cited instead."""
    if len(rule.clauses) == 1 and rule.clauses[0].when is None:
        return [rule.clauses[0].clause]
    candidates = []
    for j, ref in enumerate(rule.clauses):
        if j and ref.clause.validity.at(party, start, end, reason=False).no:
            continue
        candidates.append((ref.clause, ref.when.compiled()(values) if ref.when else None))
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
        evidence = cited_evidence(events, sources, described)
        confidence, basis = graded_confidence(events, sources, scores)
        out.append(Finding(
            rule=first.rule, status=first.status, party=first.party, forces=forces,
            events=events, clauses=clauses, reasons=reasons, exception=first.exception,
            evidence=evidence, confidence=confidence, confidence_basis=basis,
            location=locate(["events", first.event.index]),
            message=_message(first.rule.message, first.event, first.party)))
    return out


def _message(template: str, ev: EventFacts, party: str) -> str:
    parts = _split(template)
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
            out.append(time_words(ev.event))
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


@functools.cache  # the rules' messages, split once each (they are few: one per rule)
def _split(template: str) -> list[str]:
    """`a {x} b {y}` -> ["a ", "x", " b ", "y", ""]: literals at even places, fact names at odd
    ones. Dotted names are fact names, not attribute access, so no str.format here; only the
    placeholders the template names are rendered (not all ~60 facts)."""
    return _PLACEHOLDER.split(template)
