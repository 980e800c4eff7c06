"""Markdown for people: a report to paste into an issue or wiki, and the CI step summary.

Clause texts and evidence quotes are blockquotes, each with its status or grade beside it,
so a reader never takes an unverified or summarised clause for the verbatim text.
"""

from __future__ import annotations

import re
from typing import Any

from armicheck.core.status import EXCEPTION, POSSIBLE, VIOLATION, WORD
from armicheck.core.summary import (
    AGREED,
    DISAGREED,
    NOT_COMPARABLE,
    WORST_INVALID,
    WORST_NONE,
)
from armicheck.report.determination import disagreement, verdict, what, who

TEXT_STATUS_NOTE = ("Clause text status: *verified* = seen in an official or primary copy; "
                    "*secondary* = seen only as quoted by others; *unverified* = "
                    "reconstructed, must be checked.")
SUMMARY_ROWS = 200  # step summaries are capped at 1 MiB; a table this long is enough


def esc(text: Any) -> str:
    """Inline text from incident files: nothing in it may turn into markup or HTML."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", " ".join(str(text).split()))


def quote(text: str) -> str:
    return "\n".join(f"> {esc(line)}" if line.strip() else ">" for line in text.splitlines())


def as_of_note(doc: dict[str, Any]) -> str:
    if doc.get("as_of"):
        return (f"> **Counterfactual:** evaluated under the law in force on {doc['as_of']} "
                "(`--as-of`), not under the law of each event's own date.")
    return "> **Law applied:** each event is judged under the law in force on its own date."


def totals_line(doc: dict[str, Any]) -> str:
    t = doc.get("summary") or {}
    return (f"{t.get('incidents', 0)} incidents: {t.get(VIOLATION, 0)} violations, "
            f"{t.get(POSSIBLE, 0)} possible, {t.get(EXCEPTION, 0)} "
            f"exceptions, {t.get('errors', 0)} errors")


def render_markdown(doc: dict[str, Any]) -> str:
    parts = ["# armicheck report", "",
             f"armicheck {doc['tool']['version']} · findings schema {doc['schema_version']} "
             f"· {totals_line(doc)}", "", as_of_note(doc), "", TEXT_STATUS_NOTE, ""]
    if len(doc["incidents"]) > 1:
        parts += collection_summary(doc.get("summary") or {})
    for entry in doc["incidents"]:
        parts += _incident(entry)
    return "\n".join(parts).rstrip() + "\n"


BREAKDOWNS = (("by_side", "side"), ("by_force", "force"), ("by_category", "category"),
              ("by_instrument", "instrument"))


def collection_summary(summary: dict[str, Any]) -> list[str]:
    """The run summary's breakdowns (the numbers of the HTML collection page): incidents by
    year and worst finding, findings by side, force, category and instrument, and the
    agreement with official determinations with each disagreement."""
    out = ["## Summary", "", "Incidents by year, by their worst finding:", "",
           "| year | incidents | violation | possible only | exceptions only | no finding "
           "| invalid |", "|---|---|---|---|---|---|---|"]
    for year, row in (summary.get("by_year") or {}).items():
        worst = row["worst"]
        out.append(f"| {esc(year)} | {row['incidents']} | {worst.get(VIOLATION, 0)} | "
                   f"{worst.get(POSSIBLE, 0)} | {worst.get(EXCEPTION, 0)} | "
                   f"{worst.get(WORST_NONE, 0)} | {worst.get(WORST_INVALID, 0)} |")
    for key, name in BREAKDOWNS:
        counts = summary.get(key) or {}
        out += ["", f"Findings by {name}:", ""]
        if not counts:
            out.append("No findings.")
            continue
        out += [f"| {name} | violation | possible | exception | total |", "|---|---|---|---|---|"]
        for value, by in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            out.append(f"| {esc(value)} | {by.get(VIOLATION, 0)} | {by.get(POSSIBLE, 0)} | "
                       f"{by.get(EXCEPTION, 0)} | {sum(by.values())} |")
    agreement = summary.get("agreement") or {}
    out += ["", f"Agreement with official determinations (one row per party and act a body "
            f"found): {agreement.get(AGREED, 0)} agreed, {agreement.get(DISAGREED, 0)} "
            f"disagreed, {agreement.get(NOT_COMPARABLE, 0)} not comparable."]
    for row in agreement.get("disagreements") or []:
        out.append(f"- **{esc(row.get('incident') or row['path'])}**: "
                   f"{esc(disagreement(row))}")
    return out + [""]


def _incident(entry: dict[str, Any]) -> list[str]:
    title = f" — {esc(entry['title'])}" if entry.get("title") else ""
    out = [f"## {esc(entry.get('id') or entry['path'])}{title}", "",
           f"`{entry['path']}`" + (f" · {entry['date']}" if entry.get("date") else ""), ""]
    if entry["errors"]:
        out += ["**Invalid input** (not evaluated):", ""]
        out += [f"- `{e['path']}:{e['line']}:{e['column']}`: {esc(e['message'])}"
                for e in entry["errors"]]
        return out + [""]
    if not entry["findings"]:
        out += ["No findings.", ""]
    else:
        out += ["| # | status | rule | side / force | act | line |", "|---|---|---|---|---|---|"]
        out += [f"| {i} | {WORD[f['status']]} | {f['rule_id']} | {f['side']} / "
                f"{esc(f['force'] or '?')} | {f['category']} | {f['location']['line']} |"
                for i, f in enumerate(entry["findings"], 1)]
        out.append("")
    for i, f in enumerate(entry["findings"], 1):
        out += _finding(i, f)
    out += _determinations(entry)
    return out


def _finding(i: int, f: dict[str, Any]) -> list[str]:
    out = [f"### {i}. {WORD[f['status']]} — {f['rule_id']}: {esc(f['title'])}", "",
           esc(f["message"]) + ".", "",
           f"- **Status:** {f['status']} (rule level {f.get('level')}, basis "
           f"{f['basis']['kind']}) · **Side / force:** {f['side']} / {esc(f['force'] or '?')}"
           f" · **Confidence:** {f['confidence']:.2f} ({f.get('confidence_level')})",
           f"- **Events:** {', '.join(f'`{e}`' for e in f['events'])} (line "
           f"{f['location']['line']}, column {f['location']['column']}) · **Actors:** "
           f"{', '.join(esc(a) for a in f.get('actors', []))}"]
    out += [f"- {esc(r)}" for r in f["reasons"]]
    if f.get("exception"):
        exc = f["exception"]
        cites = "; ".join(esc(r.get("title") or r.get("url") or "") for r in exc["references"])
        out.append(f"- **Exception applied:** {esc(exc['title'])} (basis {exc['basis']})"
                   + (f"; cites {cites}" if cites else ""))
    out.append("")
    for c in f["clauses"]:
        seen = c.get("seen_in") or {}
        where = esc(seen.get("title") or seen.get("source") or "no copy recorded")
        if seen.get("url"):
            where = f"[{where}](<{seen['url']}>)"
        kind = "" if c["text_kind"] == "verbatim" else f" · **{c['text_kind']}, not verbatim**"
        out += [f"**Clause** {c['instrument']} {esc(c['label'])} · text status "
                f"**{c['text_status']}**{kind} · seen in: {where}", "", quote(c["text"]), ""]
    out += ["**Evidence**", ""] if f["evidence"] else ["**Evidence:** no source cited.", ""]
    for e in f["evidence"]:
        head = esc(e.get("publisher") or e["source"])
        if e.get("title"):
            head += f", *{esc(e['title'])}*"
        meta = ", ".join(x for x in (e.get("date"), e.get("kind"),
                                     f"grade {e['grade']}" if e.get("grade") else None) if x)
        link = f" — <{e['url']}>" if e.get("url") else ""
        out.append(f"- {head}" + (f" ({meta})" if meta else "") + link)
        if e.get("quote"):
            out += ["", "  " + quote(e["quote"]).replace("\n", "\n  "), ""]
    return out + [""]


def _determinations(entry: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if entry.get("determinations"):
        out += ["### Official determinations compared", "",
                "| body | date | party | act | instrument | ¶ | tool |",
                "|---|---|---|---|---|---|---|"]
        for det in entry["determinations"]:
            body = esc(det["body"]) + (" (known only second-hand)" if det.get("second_hand")
                                       else "")
            for row in det["findings"]:
                said = verdict(row)
                said = f"**{said}**" if said == "disagrees" else said
                paras = ", ".join(row.get("paragraphs") or []) or "—"
                out.append(f"| {body} | {det['date']} | {esc(who(row))} | "
                           f"{esc(what(row))} | {row['instrument']} | {paras} | {said}: "
                           f"{esc(row.get('reason', ''))} |")
        out.append("")
    if entry.get("undetermined"):
        names = ", ".join(f"{u['rule_id']} ({u['status']}, {u['side']}, {u['instrument']})"
                          for u in entry["undetermined"])
        out += [f"Found by the tool, determined by no body: {names}.", ""]
    return out


def render_summary(doc: dict[str, Any], findings: bool) -> str:
    """A compact table for $GITHUB_STEP_SUMMARY (evaluate) or the invalid files (validate)."""
    if not findings:
        bad = [e for e in doc["incidents"] if e["errors"]]
        out = ["### armicheck validate", "",
               f"{len(doc['incidents'])} files, {len(doc['incidents']) - len(bad)} valid, "
               f"{len(bad)} invalid", ""]
        out += [f"- `{err['path']}:{err['line']}:{err['column']}`: {esc(err['message'])}"
                for e in bad for err in e["errors"]]
        return "\n".join(out) + "\n"
    out = ["### armicheck evaluate", "", totals_line(doc), "", as_of_note(doc), ""]
    rows = [(e, f) for e in doc["incidents"] for f in e["findings"]]
    errors = [err for e in doc["incidents"] for err in e["errors"]]
    if rows:
        out += ["| status | rule | incident | side / force | clause (text status) | line |",
                "|---|---|---|---|---|---|"]
        out += [f"| {WORD[f['status']]} | {f['rule_id']} | {esc(e['id'])} | {f['side']}"
                f" / {esc(f['force'] or '?')} | {f['instrument']} {esc(f['clause']['label'])}"
                f" ({f['clause']['text_status']}) | `{e['path']}:{f['location']['line']}` |"
                for e, f in rows[:SUMMARY_ROWS]]
        if len(rows) > SUMMARY_ROWS:
            out.append(f"\n… and {len(rows) - SUMMARY_ROWS} more findings; see the full report.")
    compared = [(e, d, row) for e in doc["incidents"] for d in e.get("determinations") or ()
                 for row in d["findings"]]
    if compared:
        out += ["", "| incident | body | party | finding | tool |", "|---|---|---|---|---|"]
        out += [f"| {esc(e['id'])} | {esc(d['body'])} | {esc(who(row))} | "
                f"{esc(what(row))} ({row['instrument']}) | {verdict(row)}: "
                f"{esc(row.get('reason', ''))} |" for e, d, row in compared[:SUMMARY_ROWS]]
    out += [""] + [f"- invalid: `{err['path']}:{err['line']}:{err['column']}`: "
                   f"{esc(err['message'])}" for err in errors]
    return "\n".join(out).rstrip() + "\n"
