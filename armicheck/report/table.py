"""The default human output: per incident, a table of findings with clause and evidence."""

from __future__ import annotations

import os
import sys
import textwrap
from typing import Any, TextIO

from armicheck.core.status import EXCEPTION, LABEL, POSSIBLE, VIOLATION
from armicheck.report.determination import label

COLOURS = {VIOLATION: "31;1", POSSIBLE: "33", EXCEPTION: "36",
           "error": "31", "dim": "2", "bold": "1"}


def use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or style not in COLOURS:
            return text
        return f"\x1b[{COLOURS[style]}m{text}\x1b[0m"


def excerpt(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def clause_cell(f: dict[str, Any]) -> str:
    lines = []
    for c in f["clauses"]:
        status = c["text_status"] + ("" if c["text_kind"] == "verbatim" else f", {c['text_kind']}")
        lines.append(f"{c['instrument']} {c['label']} [{status}]\n\"{excerpt(c['text'])}\"")
    return "\n".join(lines)


def evidence_cell(f: dict[str, Any]) -> str:
    lines = []
    for e in f["evidence"][:4]:
        grade = f" {e['grade']}" if e.get("grade") else ""
        head = f"{e.get('publisher') or e['source']}{grade} ({e.get('kind') or '?'})"
        lines.append(head + (f": \"{excerpt(e['quote'], 140)}\"" if e.get("quote") else ""))
    if len(f["evidence"]) > 4:
        lines.append(f"… and {len(f['evidence']) - 4} more")
    return "\n".join(lines) or "(no source cited)"


def render(doc: dict[str, Any], out: TextIO, colour: bool, explain: bool = False) -> None:
    paint = Painter(colour)
    width = 100
    on_terminal = bool(getattr(out, "isatty", lambda: False)()) and sys.stderr.isatty()
    for entry in doc["incidents"]:
        # a title is one line, whatever line breaks it holds (it must not forge report lines)
        title = f" — {' '.join(str(entry['title']).split())}" if entry.get("title") else ""
        out.write(paint(f"{entry['path']}: {entry.get('id') or '?'}{title}", "bold") + "\n")
        if doc.get("as_of"):
            out.write(f"  evaluated under the law in force on {doc['as_of']} (--as-of)\n")
        for err in entry["errors"]:
            if on_terminal:  # the same lines are on stderr already: say so, don't repeat them
                out.write(paint("  not evaluated: invalid input (errors above)", "error") + "\n")
                break
            out.write(paint(f"{err['path']}:{err['line']}:{err['column']}: {err['message']}",
                            "error") + "\n")
        if entry["errors"]:
            out.write("\n")
            continue
        if not entry["findings"]:
            out.write("  no findings\n")
        rows = []
        for f in entry["findings"]:
            status = paint(LABEL[f["status"]], f["status"])
            who = f"{f['side']}\n{f['force'] or ''}"
            act = f"{f['category']}\n{f['rule_id']}\nline {f['location']['line']}"
            why = f["message"]
            if f["reasons"]:
                why += "\n" + "\n".join(f"- {r}" for r in f["reasons"])
            if f.get("exception"):
                exc = f["exception"]
                cite = (f"{exc['clause']['instrument']} {exc['clause']['label']}" if
                        exc.get("clause") else "; ".join(r["title"] for r in exc["references"]))
                why += f"\nexception cites: {cite}"
            why += f"\nconfidence {f['confidence']:.2f} ({f['confidence_level']})"
            rows.append([status, who, act, _wrap(why, 34), _wrap(clause_cell(f), 44),
                         _wrap(evidence_cell(f), 36)])
        if rows:
            from tabulate import tabulate  # lazy: out of start-up, only for a table

            out.write(tabulate(rows, headers=["status", "side", "act", "finding", "clause",
                                              "evidence"], tablefmt="grid") + "\n")
        for det in entry.get("determinations") or []:
            hand = ", known only second-hand" if det.get("second_hand") else ""
            out.write(f"  {det['body']} ({det['date']}{hand}):\n")
            for row in det["findings"]:
                mark = paint("agrees", EXCEPTION) if row["agreed"] else (
                    paint("DISAGREES", VIOLATION) if row.get("compared", True) else "—")
                out.write(f"    {label(row)}: tool {mark}: {row['reason']}\n")
        if entry.get("undetermined"):
            names = ", ".join(f"{u['rule_id']} ({u['status']})" for u in entry["undetermined"])
            out.write(textwrap.fill(f"  found by the tool, determined by no body: {names}",
                                    width, subsequent_indent="    ") + "\n")
        if explain and entry.get("explain"):
            _render_explain(entry, out, paint)
        out.write("\n")


def _render_explain(entry: dict[str, Any], out: TextIO, paint: Painter) -> None:
    """Per event: its spatial facts, then each rule tried on it and why it did or did not
    fire (party, in-force check, condition parts with fact values, exceptions tried)."""
    out.write(paint("  explain: every rule tried on every event", "bold") + "\n")
    tried: dict[str, list[dict[str, Any]]] = {}
    for item in entry["explain"]:
        tried.setdefault(item["event"], []).append(item)
    facts = {ev["event"]: ev for ev in entry.get("facts") or []}
    for event in dict.fromkeys([*facts, *tried]):
        line = facts[event]["line"] if event in facts else "?"
        out.write(paint(f"    event {event} (line {line})", "bold") + "\n")
        for name, value in (facts[event]["facts"] if event in facts else {}).items():
            if isinstance(value, dict) and "value" in value:
                out.write(f"      fact {name} = {value['value']}"
                          + (f" ({value['reason']})" if value["reason"] else "") + "\n")
            elif name.endswith("_within_m") and value is not None:  # format 1.1 bounds
                out.write(f"      fact {name} = {value:g} (at most, in metres)\n")
            elif name.startswith(("event.", "actor.")):  # format 1.1 facts, as stated
                out.write(f"      fact {name} = {_stated(value)}\n")
        for item in tried.get(event, []):
            status = item["status"]
            out.write(f"      {item['rule_id']}: {paint(LABEL.get(status, status), status)}"
                      + (" — " + "; ".join(item["reasons"]) if item["reasons"] else "") + "\n")
            if item.get("in_force"):
                out.write(f"        in force: {item['in_force']['value']}"
                          f" ({item['in_force']['reason']})\n")
            for cond in item["condition"]:
                out.write(f"        {cond}\n")
            for exc in item.get("exceptions") or []:
                out.write(f"        exception {exc['id']}: {exc['value']}"
                          + (f" ({exc['reason']})" if exc.get("reason") else "") + "\n")
                if exc.get("rests_on"):
                    out.write(f"          rests on: {exc['rests_on']}\n")


def _stated(value: Any) -> str:
    """A format 1.1 fact's JSON value in words: a range as 20-30 or "at least 30"."""
    if isinstance(value, dict) and "min" in value:
        return f"{value['min']}-{value['max']}" if value["max"] is not None \
            else f"at least {value['min']}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) if line else "" for line in text.split("\n"))


def summary_line(totals: dict[str, int]) -> str:
    return (f"{totals['incidents']} incidents, {totals[VIOLATION]} violations, "
            f"{totals[POSSIBLE]} possible, {totals[EXCEPTION]} exceptions, "
            f"{totals['errors']} errors")


def stderr_colour() -> bool:
    return use_colour(sys.stderr)
