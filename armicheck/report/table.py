"""The default human output: per incident, a table of findings with clause and evidence."""

from __future__ import annotations

import os
import sys
import textwrap
from typing import Any, TextIO

from armicheck.core.status import EXCEPTION, LABEL, POSSIBLE, VIOLATION
from armicheck.core.summary import AGREED, DISAGREED, verdict_of
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


def _width(out: TextIO) -> int:
    """The terminal's width, or $COLUMNS, or 100 (a file, a pipe): the table fits it."""
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def _cut(text: str, limit: int) -> str:
    """`text` on one line within `limit` characters, cut at a word with ' …' when too long
    (the whole text is in --verbose and every other format)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split(" "):
        if len(kept) + 1 + len(word) > limit - 2:
            break
        kept = f"{kept} {word}" if kept else word
    return (kept.rstrip(",;:") or text[: limit - 2]) + " …"


def paragraphs(f: dict[str, Any]) -> str:
    """`¶6`, `¶7, 8`; a paragraph named by a word (`mdl-separation`) is left to --verbose."""
    numbered = [p for p in f["paragraphs"] if p[:1].isdigit()]
    return f"¶{','.join(numbered)}" if numbered else ""


def who(f: dict[str, Any]) -> str:
    """`kpa`, `unc/ROK`; the force alone where it only spells the side (`KPA`)."""
    force = f.get("force")
    if not force:
        return f["side"]
    return force if force.lower() == f["side"] else f"{f['side']}/{force}"


def reason(f: dict[str, Any]) -> str:
    """The finding in words: what the tool found, without what the other columns say (the
    side, the event), then why it is possible only or excepted."""
    text = f["message"].replace(f" ({f['side']} side)", "")
    if f.get("force") and text.startswith(f"{f['force']} "):  # the side column says it
        text = text[len(f["force"]) + 1:]
    for event in f["events"]:
        text = text.replace(f" (event {event})", "").replace(f" in event {event}", "")
    # a finding resting on a clause whose text no one has verified says so first
    flag = "[unverified text] " if any(c["text_status"] == "unverified"
                                       for c in f["clauses"]) else ""
    if f.get("exception"):
        title = f["exception"]["title"]
        return f"{flag}excepted: {title[:1].lower()}{title[1:]}"
    extra = [r for r in f["reasons"] if not r.startswith("exception ")]
    return flag + "; ".join([text, *extra])


def cited(f: dict[str, Any]) -> str:
    """What the exception cites: its clause, or its references."""
    exc = f["exception"]
    if exc.get("clause"):
        return f"{exc['clause']['instrument']} {exc['clause']['label']}"
    return "; ".join(r["title"] for r in exc["references"])


def _row(f: dict[str, Any]) -> list[str]:
    rule = f"{f['rule_id']} {paragraphs(f)}".rstrip()
    more = f" +{len(f['events']) - 1}" if len(f["events"]) > 1 else ""
    first = f["events"][0] if f["events"] else "-"
    if len(first) + len(more) > 14:  # the reason needs the room more; -v names every event
        first = first[: 13 - len(more)] + "…"
    events = first + more
    return [LABEL[f["status"]], who(f), rule, events,
            str(f["location"]["line"]), f["confidence_level"]]


HEADERS = ["status", "side", "rule", "event", "line", "sources"]


def _fill(text: str, width: int, indent: str) -> str:
    """Whole text, wrapped at words only (a sentence is never cut)."""
    return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                         subsequent_indent=indent + "  ", break_long_words=False,
                         break_on_hyphens=False)


def _verbose(f: dict[str, Any], out: TextIO, width: int, seen: set[tuple[str, str]]) -> None:
    """Under a finding: the whole reason, every clause's whole text with its status and
    provenance, the sources' grading, and each evidence quote once per incident."""
    pad = "      "
    why = f["message"] + "".join(f"; {r}" for r in f["reasons"])
    out.write(_fill(f"reason: {why}", width, pad) + "\n")
    if f.get("exception"):
        out.write(_fill(f"exception cites: {cited(f)}", width, pad) + "\n")
    for c in f["clauses"]:
        kind = "" if c["text_kind"] == "verbatim" else f", {c['text_kind']}"
        seen_in = c.get("seen_in") or {}
        where = seen_in.get("title") or seen_in.get("source") or ""
        head = f"clause {c['instrument']} {c['label']} [text {c['text_status']}{kind}" \
            + (f"; seen in {where}" if where else "") + "]"
        out.write(_fill(f"{head}: \"{c['text']}\"", width, pad) + "\n")
    out.write(_fill(f"sources' confidence {f['confidence']:.2f} ({f['confidence_level']}): "
                    f"{f['confidence_basis']}", width, pad) + "\n")
    repeated = 0
    for e in f["evidence"]:
        key = (e["source"], e.get("quote") or "", e.get("event") or "")
        if key in seen:
            repeated += 1
            continue
        seen.add(key)
        grade = f" {e['grade']}" if e.get("grade") else ""
        head = f"evidence ({e.get('event') or 'incident'}): {e.get('publisher') or e['source']}" \
            f"{grade} ({e.get('kind') or '?'})"
        out.write(_fill(head + (f": \"{e['quote']}\"" if e.get("quote") else ""), width, pad)
                  + "\n")
    if repeated:
        out.write(f"{pad}evidence: {repeated} more as quoted above\n")
    if not f["evidence"]:
        out.write(f"{pad}evidence: no source cited\n")


def render(doc: dict[str, Any], out: TextIO, colour: bool, explain: bool = False,
           verbose: bool = False) -> None:
    """Per incident: one line per finding (status, side/force, rule and paragraph, event,
    line, how well the sources are graded, the reason), then the official determinations
    and whether the tool agrees. --verbose adds the whole clause texts and evidence."""
    paint = Painter(colour)
    width = _width(out)
    on_terminal = bool(getattr(out, "isatty", lambda: False)()) and sys.stderr.isatty()
    for entry in doc["incidents"]:
        # a title is one line, whatever line breaks it holds (it must not forge report lines)
        heads = [f"{entry['path']}: {entry.get('id') or '?'}"]
        if len(heads[0]) > width:  # a long path: the id on a line of its own
            heads = [f"{entry['path']}:", f"  {entry.get('id') or '?'}"]
        title = " ".join(str(entry.get("title") or "").split())
        if title and len(heads[-1]) + 3 + len(title) <= width:
            heads[-1] += f" — {title}"
        elif title:  # the title whole, on lines of its own
            heads.append(_fill(title, width, "  "))
        out.write(paint("\n".join(heads), "bold") + "\n")
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
        _findings(entry, out, paint, width, verbose)
        _determinations(entry, out, paint, width)
        if explain and entry.get("explain"):
            _render_explain(entry, out, paint)
        out.write("\n")


def _findings(entry: dict[str, Any], out: TextIO, paint: Painter, width: int,
              verbose: bool) -> None:
    rows = [_row(f) for f in entry["findings"]]
    if not rows:
        return
    sizes = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    used = 2 + sum(sizes) + 2 * len(sizes)
    room = max(8, width - used)

    def line(cells: list[str], why: str, status: str | None = None) -> str:
        padded = [c.ljust(n) for c, n in zip(cells, sizes, strict=True)]
        if status:  # colour after padding: escape codes take no columns
            padded[0] = paint(padded[0], status)
        text = ("  " + "  ".join(padded) + "  " + why).rstrip()
        visible = len(text) - (len(padded[0]) - len(cells[0].ljust(sizes[0])))
        if visible > width:  # a narrow terminal: cut the line, never wrap it
            text = text[: len(text) - (visible - width) - 1] + "…"
        return text

    out.write(paint(line(HEADERS, "reason"), "dim") + "\n")
    seen: set[tuple[str, str]] = set()
    for f, row in zip(entry["findings"], rows, strict=True):
        out.write(line(row, _cut(reason(f), room), f["status"]) + "\n")
        if verbose:
            _verbose(f, out, width, seen)
    note = "sources: the grade of the sources cited, not the certainty of the finding"
    if not verbose:
        note += "; -v: whole text"
    out.write(paint(_fill(note, width, "  "), "dim") + "\n")


def _determinations(entry: dict[str, Any], out: TextIO, paint: Painter, width: int) -> None:
    for det in entry.get("determinations") or []:
        hand = ", known only second-hand" if det.get("second_hand") else ""
        out.write("  " + _cut(f"{det['body']} ({det['date']}{hand}) determined:", width - 2)
                  + "\n")
        for row in det["findings"]:
            mark, style = {AGREED: ("agrees", EXCEPTION),
                           DISAGREED: ("DISAGREES", VIOLATION)}.get(verdict_of(row), ("—", ""))
            text = _fill(f"{label(row)}: tool {mark}: {row['reason']}", width, "    ")
            out.write(text.replace(f"tool {mark}", f"tool {paint(mark, style)}", 1) + "\n")
    if entry.get("undetermined"):
        names = ", ".join(f"{u['rule_id']} ({u['status']})" for u in entry["undetermined"])
        out.write(_fill(f"found by the tool, determined by no body: {names}", width, "  ")
                  + "\n")


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


def summary_line(totals: dict[str, int]) -> str:
    return (f"{totals['incidents']} incidents, {totals[VIOLATION]} violations, "
            f"{totals[POSSIBLE]} possible, {totals[EXCEPTION]} exceptions, "
            f"{totals['errors']} errors")


def stderr_colour() -> bool:
    return use_colour(sys.stderr)
