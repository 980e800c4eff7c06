"""Findings compared with what official bodies concluded (`determinations`), afterwards:
determinations never make findings."""

from __future__ import annotations

from typing import Any

from armicheck.core.status import POSSIBLE, VIOLATION
from armicheck.engine.model import Evaluation, Finding


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
                if f.status in (VIOLATION, POSSIBLE)]
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
