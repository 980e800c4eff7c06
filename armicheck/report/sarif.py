"""SARIF 2.1.0 for code-scanning UIs (GitHub), rendered from the JSON document.

Choices, and why:
- One reportingDescriptor per rule id (not one per engine bucket, conftest #1396), listing
  only rules with results (small files, ruff #13268); its full description and help carry
  the clause text verbatim with its text status and where it was seen, so the alert page
  is as honest about the text as the JSON is.
- URIs are relative to the current directory under uriBaseId %SRCROOT% with no leading
  slash (leading slashes break GitHub's file preview, checkov #1599); regions point at the
  event that triggered the finding (file-level alerts are useless, drift #88).
- Levels: a violation takes its rule's level (contested rules are already `warning`); a
  possible violation is at most `warning`, as in the github format and `--fail-on`.
- exception-applied findings stay results (never silently dropped) with a `suppressions`
  entry (kind external, status accepted, justification = the exception's title) *and*
  level `note`: SARIF-aware consumers show them as suppressed, while consumers that ignore
  suppressions (GitHub code scanning does) see only a note, never a failing error.
- partialFingerprints are computed here from rule, incident, events and side, so an
  alert keeps its identity when lines move and REST uploads do not duplicate alerts.
- No `security-severity`: it would turn armistice rules into security rules on GitHub.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from armicheck import __version__
from armicheck.core.status import EXCEPTION, POSSIBLE, WORD

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
PRECISION = {"text": "high", "practice": "medium", "contested": "low"}


def relative_path(path: str) -> str | None:
    """`path` relative to the current directory in POSIX form, or None if it lies outside."""
    if path == "-":
        return None
    rel = os.path.relpath(os.path.abspath(path))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return Path(rel).as_posix()


def artifact_location(path: str) -> dict[str, Any]:
    if path == "-":
        return {"description": {"text": "standard input"}}
    rel = relative_path(path)
    if rel is None:  # outside the checkout: an absolute file URI is the honest answer
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def fingerprint(finding: dict[str, Any], incident_id: str | None) -> str:
    key = "\x1f".join([finding["rule_id"], incident_id or "", ",".join(finding["events"]),
                       finding["side"]])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def result_level(finding: dict[str, Any]) -> str:
    if finding["status"] == EXCEPTION:
        return "note"
    if finding["status"] == POSSIBLE:
        return "warning"
    return str(finding.get("level") or "warning")


def _pascal(title: str) -> str:
    # SARIF recommends a PascalCase, space-free name; GitHub filters on it (<= 255 chars)
    words = re.sub(r"[^0-9A-Za-z]+", " ", title).split()
    return "".join(w[0].upper() + w[1:] for w in words)[:255]


def _seen(c: dict[str, Any]) -> str:
    seen = c.get("seen_in") or {}
    where = seen.get("title") or seen.get("source")
    if where:
        return f"[{where}]({seen['url']})" if seen.get("url") else str(where)
    return "no copy recorded (reconstructed text: must be checked)"


def _clause_md(c: dict[str, Any]) -> str:
    kind = "" if c["text_kind"] == "verbatim" else f" ({c['text_kind']}, not the verbatim text)"
    quoted = "\n".join(f"> {line}" if line else ">" for line in c["text"].splitlines())
    return (f"**{c['instrument']} {c['label']}**{kind}\n\n{quoted}\n\n"
            f"Text status: **{c['text_status']}**. Seen in: {_seen(c)}.")


def _clause_plain(c: dict[str, Any]) -> str:
    seen = c.get("seen_in") or {}
    where = seen.get("title") or seen.get("source") or "no copy recorded"
    return (f"{c['instrument']} {c['label']} [{c['text_status']}, {c['text_kind']}; "
            f"seen in: {where}]: \"{c['text']}\"")


def descriptor(rule_id: str, rule: dict[str, Any] | None,
               sample: dict[str, Any]) -> dict[str, Any]:
    """The rule's descriptor: from the document's `rules` (every clause of the rule, its
    exceptions and tags), else, for a document without them, from a finding's copy."""
    if rule is not None:
        clauses, exceptions, tags = rule["clauses"], rule["exceptions"], rule["tags"]
    else:
        clauses, exceptions = sample["clauses"], []
        tags = [sample["instrument"], sample["category"]]
    basis = sample["basis"]
    level = "warning" if basis["kind"] == "contested" else sample.get("level") or "warning"
    help_md = "\n\n".join(_clause_md(c) for c in clauses)
    help_md += f"\n\nBasis: **{basis['kind']}**" + (f". {basis['note']}" if basis.get("note")
                                                    else "")
    if exceptions:
        help_md += "\n\nExceptions: " + "; ".join(exceptions) + "."
    return {
        "id": rule_id,
        "name": _pascal(sample["title"]) or rule_id,
        "shortDescription": {"text": sample["title"][:1024]},
        "fullDescription": {"text": " ".join(_clause_plain(c) for c in clauses)},
        "help": {"text": "\n\n".join(_clause_plain(c) for c in clauses), "markdown": help_md},
        **({"helpUri": (clauses[0].get("seen_in") or {})["url"]}
           if (clauses[0].get("seen_in") or {}).get("url") else {}),
        "defaultConfiguration": {"level": level},
        "properties": {"tags": tags[:20], "precision": PRECISION.get(basis["kind"], "medium"),
                       "problem.severity": level, "category": sample["category"],
                       "instrument": sample["instrument"], "basis": basis["kind"]},
    }


def result(f: dict[str, Any], entry: dict[str, Any], rule_index: int) -> dict[str, Any]:
    c = f["clause"]
    # GitHub may show only the first sentence: status and the act come first ("Art." later)
    text = (f"{WORD[f['status']]}: {f['message']} [{f['rule_id']}; {f['instrument']} "
            f"{c['label']}; clause text {c['text_status']}]. Side {f['side']}, force "
            f"{f['force'] or 'unknown'}; incident {entry['id']}. Clause: \"{c['text']}\"")
    if f.get("exception"):
        text += f" Exception applied: {f['exception']['title']}."
    fp = fingerprint(f, entry["id"])
    out: dict[str, Any] = {
        "ruleId": f["rule_id"],
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": result_level(f),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(entry["path"]),
                "region": {"startLine": f["location"]["line"],
                           "startColumn": f["location"]["column"]}},
            "logicalLocations": [{"name": entry["id"], "kind": "object",
                                  "fullyQualifiedName": f"{entry['id']}/events/"
                                                        f"{f['events'][0]}"}]}],
        "partialFingerprints": {"armicheckFinding/v1": fp,
                                "primaryLocationLineHash": f"{fp[:16]}:1"},
        "properties": {
            "incident": entry["id"], "status": f["status"], "side": f["side"],
            "force": f["force"], "instrument": f["instrument"], "paragraphs": f["paragraphs"],
            "events": f["events"], "actors": f.get("actors", []),
            "confidence": f["confidence"], "confidence_level": f.get("confidence_level"),
            "text_status": c["text_status"], "basis": f["basis"]["kind"],
            "reasons": f["reasons"], "evidence": f["evidence"],
        },
    }
    if f["status"] == EXCEPTION and f.get("exception"):
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f["exception"]["title"]}]
    return out


def notification(err: dict[str, Any]) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": err["message"]},
        "descriptor": {"id": err.get("code") or "invalid-input"},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact_location(err["path"]),
            "region": {"startLine": max(1, err["line"]), "startColumn": max(1, err["column"])}}}],
    }


def _determinations(doc: dict[str, Any]) -> dict[str, Any]:
    """The comparison with official determinations, per incident that records any (SARIF
    has no place of its own for it): `determinations` in the run's properties, each row
    with the contract's `agreed` and `reason`."""
    out = [{"path": e["path"], "incident": e["id"], "determinations": e["determinations"],
            "undetermined": e.get("undetermined", [])}
           for e in doc["incidents"] if e.get("determinations")]
    return {"determinations": out} if out else {}


def render_sarif(doc: dict[str, Any]) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    described = doc.get("rules") or {}
    for entry in doc["incidents"]:
        notes += [notification(e) for e in entry["errors"]]
        for f in entry["findings"]:
            if f["rule_id"] not in index:
                index[f["rule_id"]] = len(rules)
                rules.append(descriptor(f["rule_id"], described.get(f["rule_id"]), f))
            results.append(result(f, entry, index[f["rule_id"]]))
    cwd = Path.cwd().as_uri().rstrip("/") + "/"
    category = "armicheck" + (f"-as-of-{doc['as_of']}" if doc.get("as_of") else "")
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "armicheck", "version": __version__,
                                "semanticVersion": __version__, "rules": rules}},
            "automationDetails": {"id": f"{category}/"},
            "originalUriBaseIds": {SRCROOT: {"uri": cwd}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not notes,
                             "toolExecutionNotifications": notes,
                             "workingDirectory": {"uri": cwd}}],
            "results": results,
            "properties": {"schema_version": doc["schema_version"], "as_of": doc.get("as_of"),
                           "summary": _totals(doc), **_determinations(doc)},
        }],
    }


def _totals(doc: dict[str, Any]) -> dict[str, int] | None:
    """The run summary's totals; its breakdowns (contract 1.3) are for reports read by people,
    and SARIF viewers show none of them."""
    summary = doc.get("summary")
    return None if summary is None else {k: v for k, v in summary.items() if isinstance(v, int)}
