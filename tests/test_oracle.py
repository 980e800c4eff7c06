"""An agreement oracle that is not the tool: agreement of the findings with the recorded
official determinations, computed here from the incident file, the rule packs' metadata and
the findings (party, act, instrument, events, paragraphs, outcome), then compared with the
tool's own `agreed`, `reason`, `tool_findings` and `undetermined`."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from armicheck.packs import load_builtin
from armicheck.run.check import Options, check_text

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_builtin()
PACK_META = {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                  for p in sorted(ROOT.glob("rules/*/pack.yaml")))}
WITH_DETERMINATIONS = [p for p in sorted(ROOT.glob("incidents/*.yaml"))
                       + sorted(ROOT.glob("tests/heldout/*.yaml"))
                       if yaml.safe_load(p.read_text(encoding="utf-8")).get("determinations")]
POSITIVE = ("violation", "possible-violation")


def _para(p) -> str:
    return str(p).replace("¶", "").replace(" ", "").lower()


def _under(finding: dict, instrument: str) -> bool:
    own = finding["instrument"]
    return instrument in (own, PACK_META[own].get("subsidiary_to"))


def oracle(data: dict, findings: list[dict]) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Per recorded finding: agreed, the reason's kind and the matching rules; then the
    positive findings no agreed determination accounts for (rule, side, status)."""
    positive = [f for f in findings if f["status"] in POSITIVE]
    rows, matched = [], set()
    for det in data.get("determinations") or []:
        for want in det["findings"]:
            party, act, instrument = want["party"], want["act"], want["instrument"]
            same = [i for i, f in enumerate(positive) if f["side"] == party
                    and _under(f, instrument)]
            by_act = [i for i in same if positive[i]["category"] == act]
            events = set(want.get("events") or ())
            on_events = [i for i in by_act if not events or events & set(positive[i]["events"])]
            paragraphs = {_para(p) for p in want.get("paragraphs") or ()}
            cited = {_para(p) for i in same for p in positive[i]["paragraphs"]}
            missing = sorted(paragraphs - cited)
            agreed = bool(by_act) and not missing
            if agreed:
                matched.update(by_act)
                matched.update(i for i in same
                               if paragraphs & {_para(p) for p in positive[i]["paragraphs"]})
            kind = ("not-compared" if instrument not in PACK_META else
                    "no-act" if not by_act else "paragraphs" if missing else "same")
            rows.append({"agreed": agreed, "kind": kind, "missing": missing,
                         "rules": {positive[i]["rule_id"] for i in by_act},
                         "on_events": bool(on_events)})
    undetermined = sorted((f["rule_id"], f["side"], f["status"]) for i, f in enumerate(positive)
                          if i not in matched) if data.get("determinations") else []
    return rows, undetermined


REASON_START = {"not-compared": "not compared: no rule pack encodes",
                "no-act": "the tool found no", "paragraphs": "the tool does not cite paragraph",
                "same": "the tool finds the same act by the same party under the same"}


def _tool(name: str, data: dict) -> dict:
    entry = check_text(name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                       RULESET, Options())
    assert not entry["errors"], entry["errors"]
    return entry


def _check_against_oracle(name: str, data: dict) -> list[dict]:
    entry = _tool(name, data)
    expected, undetermined = oracle(data, entry["findings"])
    got = [r for d in entry["determinations"] for r in d["findings"]]
    assert len(got) == len(expected)
    for mine, tool in zip(expected, got, strict=True):
        assert tool["agreed"] is mine["agreed"], (tool, mine)
        assert tool["reason"].startswith(REASON_START[mine["kind"]]), (tool, mine)
        for p in mine["missing"] if mine["kind"] == "paragraphs" else ():
            assert p in tool["reason"], (tool, mine)
        assert set(tool["tool_findings"]) == mine["rules"], (tool, mine)
    assert sorted((u["rule_id"], u["side"], u["status"])
                  for u in entry["undetermined"]) == undetermined
    return expected


@pytest.mark.parametrize("path", WITH_DETERMINATIONS, ids=lambda p: p.stem)
def test_recorded_determinations_are_agreed_by_the_oracle(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = _check_against_oracle(path.name, data)
    compared = [r for r in expected if r["kind"] != "not-compared"]
    assert compared and all(r["agreed"] and r["on_events"] for r in compared), expected


def _doctored(data: dict):
    """Determinations the tool must not agree with, one change at a time: the other party,
    another act, a paragraph no finding cites, an instrument no pack encodes; and each with
    its paragraphs dropped (which must not make a disagreement)."""
    flip = {"kpa": "unc", "unc": "kpa", "dprk": "rok", "rok": "dprk"}
    for j, det in enumerate(data["determinations"]):
        for k in range(len(det["findings"])):
            for change in ("party", "act", "paragraph", "instrument", "no-paragraphs"):
                doc = copy.deepcopy(data)
                f = doc["determinations"][j]["findings"][k]
                if change == "party":
                    f["party"] = flip.get(f["party"], "unc")
                elif change == "act":
                    f["act"] = "airspace-incursion" if f["act"] != "airspace-incursion" \
                        else "mdl-crossing"
                elif change == "paragraph":
                    f["paragraphs"] = [*(f.get("paragraphs") or []), "61"]
                elif change == "instrument":
                    f["instrument"] = "nll-1953" if "nll-1953" not in PACK_META else "x"
                else:
                    f.pop("paragraphs", None)
                yield f"{j}.{k}.{change}", change, doc


@pytest.mark.parametrize("path", WITH_DETERMINATIONS, ids=lambda p: p.stem)
def test_doctored_determinations_agree_with_the_oracle(path):
    """The tool's comparison equals the oracle's on determinations that must fail, so an
    `agreed` hard-wired to true, or a paragraph check switched off, fails here."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen = set()
    for label, change, doc in _doctored(data):
        expected = _check_against_oracle(f"{path.stem}-{label}.yaml", doc)
        seen.add(change)
        row = int(label.split(".")[0]), int(label.split(".")[1])
        flat = [(j, k) for j, d in enumerate(doc["determinations"])
                for k in range(len(d["findings"]))]
        mine = expected[flat.index(row)]
        if change in ("paragraph", "instrument"):
            assert not mine["agreed"], label
        if change == "no-paragraphs" and mine["kind"] != "not-compared":
            assert mine["agreed"], label
    assert seen
