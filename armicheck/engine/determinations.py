"""Findings compared with what official bodies concluded (`determinations`), afterwards:
determinations never make findings.

A determination finding names a party, an instrument and (for a violation) an act; since
format 1.1 also the party's force, the events the body spoke of, whether the act is the body's
word or the writer's choice (with alternatives), whether the body found the conduct a
violation or consistent with the instrument, and whether the determination is known only
second-hand. Each is used:

- only the tool's findings by that party (and force) under that instrument (or a subsidiary
  one), on the events named, where any are named, are compared;
- a violation is agreed when such a finding (violation or possible violation) is of the act,
  or of one of the writer's alternatives, and cites every paragraph the body named;
- "consistent" is agreed when there is no such finding (of that act, if one is named): the
  tool found no violation, nor possible violation, by that party on those events.

The reason says in words why, and what the tool found instead when it disagrees.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from armicheck.core.status import EXCEPTION, POSSIBLE, VIOLATION
from armicheck.engine.model import Evaluation, Finding
from armicheck.packs.condition import failed_part


def _instrument_names(f: Finding) -> set[str]:
    """A finding's instrument, and the instrument it was made under (the UNC calls breaches
    of the MAC's JSA agreements breaches of the Armistice Agreement)."""
    names = {f.rule.pack.id}
    if f.rule.pack.meta.get("subsidiary_to"):
        names.add(f.rule.pack.meta["subsidiary_to"])
    return names


def _norm_paragraph(p: Any) -> str:
    return str(p).strip().lstrip("¶").replace(" ", "").lower()


def _listed(items: list[str]) -> str:
    return ", ".join(items)


def compare_determinations(data: dict[str, Any], evaluation: Evaluation,
                           instruments: set[str] | None = None,
                           why_not: Callable[[str, str, list[str], list[str]], str] | None
                           = None) -> None:
    """Per official finding: does the tool agree? And what did the tool find that no body did?"""
    findings = evaluation.findings
    positive = [i for i, f in enumerate(findings) if f.status in (VIOLATION, POSSIBLE)]
    applied = [i for i, f in enumerate(findings) if f.status == EXCEPTION]
    matched: set[int] = set()
    for det in data.get("determinations") or []:
        rows = []
        for finding in det["findings"]:
            row, accounted = _compare(finding, det, findings, positive, applied, instruments,
                                      why_not)
            matched.update(accounted)
            rows.append(row)
        out = {"body": det["body"], "date": det["date"], "source": det.get("source"),
               "findings": rows}
        if det.get("second_hand"):  # format 1.1 (absent otherwise: format 1 output unchanged)
            out["second_hand"] = True
        evaluation.determinations.append(out)
    evaluation.undetermined = [i for i in positive if i not in matched] \
        if data.get("determinations") else []


def _compare(finding: dict[str, Any], det: dict[str, Any], findings: list[Finding],
             positive: list[int], applied: list[int], instruments: set[str] | None,
             why_not: Callable[[str, str, list[str], list[str]], str] | None = None,
             ) -> tuple[dict[str, Any], set[int]]:
    """One determination finding's row, and the tool's findings it accounts for."""
    party, instrument = finding["party"], finding["instrument"]
    act = finding.get("act")
    outcome = finding.get("outcome", "violation")
    force = finding.get("force")
    events = list(finding.get("events") or det.get("events") or [])
    by_writer = finding.get("act_by") == "writer"
    alternatives = list(finding.get("act_alternatives") or [])
    acts = [act, *alternatives] if act else []
    wanted_events = set(events)

    def concerns(i: int) -> bool:  # by the party (and force) under the instrument
        f = findings[i]
        return f.party == party and instrument in _instrument_names(f) \
            and (force is None or force in f.forces)

    def on_events(i: int) -> bool:
        return not wanted_events or not wanted_events.isdisjoint(e.id for e in findings[i].events)

    same = [i for i in positive if concerns(i) and on_events(i)]
    compared = instruments is None or instrument in instruments
    accounted: set[int] = set()
    if outcome == "consistent":
        contrary = [i for i in same if not acts or findings[i].rule.category in acts]
        exceptions = [i for i in applied if concerns(i) and on_events(i)
                      and (not acts or findings[i].rule.category in acts)]
        agreed = compared and not contrary
        if compared:
            accounted.update(contrary)  # the body judged them (the other way): not undetermined
        why = _consistent_reason(compared, agreed, party, force, act, instrument, events,
                                 contrary, exceptions, findings)
        if compared and not agreed:  # issue 20: why each exception did not excuse it
            why += " (why: " + "; ".join(_unexcused(findings[i]) for i in contrary) + ")"
        tool = [findings[i].rule.id for i in contrary]
    else:
        by_act = [i for i in same if findings[i].rule.category in acts]
        wanted = {_norm_paragraph(p) for p in finding.get("paragraphs") or []}
        cited = {_norm_paragraph(p) for i in same for p in findings[i].paragraphs}
        missing = sorted(wanted - cited)
        agreed = bool(by_act) and not missing
        if agreed:
            accounted.update(by_act)
            accounted.update(i for i in same if wanted & {
                _norm_paragraph(p) for p in findings[i].paragraphs})
        if not compared:
            why = f"not compared: no rule pack encodes {instrument}"
        elif not by_act:
            why = _no_act_reason(party, force, act, acts, instrument, events, positive,
                                 findings)
            if why_not is not None:  # issue 20: which condition failed on which event
                why += f" (why: {why_not(party, instrument, acts, events)})"
        elif missing:
            why = f"the tool does not cite paragraph(s) {', '.join(missing)}"
        elif by_writer:
            found = sorted({findings[i].rule.category for i in by_act})
            choice = "the writer's choice" if act in found else \
                "one of the writer's alternatives"
            why = (f"the tool finds {_listed(found)} ({choice}; the body named no act, only a "
                   f"violation of {instrument}) by the same party under the same instrument")
        else:
            why = "the tool finds the same act by the same party under the same instrument"
        tool = [findings[i].rule.id for i in by_act]
    if det.get("second_hand"):
        why += f" (the determination is known only second-hand, from {det.get('source')})"
    row: dict[str, Any] = {
        "party": party, "act": act, "instrument": instrument,
        "paragraphs": [str(p) for p in finding.get("paragraphs") or []],
        "agreed": agreed, "compared": compared, "reason": why, "tool_findings": tool,
        # format 1.2 of the contract: what the comparison used
        "outcome": outcome, "force": force, "events": events,
        "act_by": "writer" if by_writer else "body", "act_alternatives": alternatives,
        "second_hand": bool(det.get("second_hand")),
    }
    if outcome == "consistent":
        row["tool_exceptions"] = [findings[i].rule.id for i in exceptions]
    return row, accounted


def _unexcused(f: Finding) -> str:
    """Why a finding the body judged consistent stands: its reasons (an exception that may
    apply, an indeterminate fact), else each of its rule's exceptions with its answer on
    the finding's first event, else that the rule has none."""
    if f.reasons:
        return f"{f.rule.id}: {'; '.join(f.reasons)}"
    if not f.rule.exceptions:
        return f"{f.rule.id} has no exception that could excuse it"
    values = f.events[0].values
    values["party"] = f.party
    said = []
    for exc in f.rule.exceptions:
        got = exc.when.compiled()(values)
        why = failed_part(exc.when, values) if got.no else got.reason
        said.append(f"exception {exc.id}: {got.value}" + (f" ({why})" if why else ""))
    return f"{f.rule.id} on event {f.events[0].id}: {'; '.join(said)}"


def _who(party: str, force: str | None) -> str:
    return f"{party} ({force})" if force else party


def _where(events: list[str]) -> str:
    return f"event(s) {_listed(events)}" if events else "any event"


def _no_act_reason(party: str, force: str | None, act: str | None, acts: list[str],
                   instrument: str, events: list[str], positive: list[int],
                   findings: list[Finding]) -> str:
    """Why a violation determination is not agreed though its instrument is encoded: the
    act is nowhere, or only on other events, or only by another force."""
    named = " or ".join(acts) if acts else str(act)
    base = f"the tool found no {named} by {party} under {instrument}"
    elsewhere = [findings[i] for i in positive if findings[i].party == party
                 and instrument in _instrument_names(findings[i])
                 and findings[i].rule.category in acts]
    if force is not None:
        other_forces = sorted({x for f in elsewhere if force not in f.forces for x in f.forces})
        if other_forces and not [f for f in elsewhere if force in f.forces]:
            return f"{base} by {force}: only by {_listed(other_forces)}"
        elsewhere = [f for f in elsewhere if force in f.forces]
    if events and elsewhere:
        found_on = sorted({e.id for f in elsewhere for e in f.events})
        return (f"{base} on the events the body named ({_listed(events)}): only on "
                f"{_listed(found_on)}")
    return base


def _consistent_reason(compared: bool, agreed: bool, party: str, force: str | None,
                       act: str | None, instrument: str, events: list[str], contrary: list[int],
                       exceptions: list[int], findings: list[Finding]) -> str:
    if not compared:
        return f"not compared: no rule pack encodes {instrument}"
    what = f"{act} " if act else ""
    if agreed:
        why = (f"consistent, as the body found: the tool finds no {what}violation or possible "
               f"violation by {_who(party, force)} under {instrument} on {_where(events)}")
        if exceptions:
            why += "; exception applied: " + _listed(
                [f"{findings[i].rule.id} ({findings[i].exception.title})"  # type: ignore[union-attr]
                 for i in exceptions])
        return why
    found = _listed([f"{findings[i].rule.id} ({findings[i].status}, {findings[i].rule.category}"
                     f", event(s) {_listed([e.id for e in findings[i].events])})"
                     for i in contrary])
    return (f"not consistent: the body found {_who(party, force)}'s conduct consistent with "
            f"{instrument} on {_where(events)}, but the tool finds {found}")
