"""GitHub Actions workflow commands: one annotation per finding or input error.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the
rest silently (discussions #26680, #68471); we still print every annotation (the log keeps
them) but say up front how many will not be shown, and append a markdown summary to
$GITHUB_STEP_SUMMARY (never overwriting what earlier steps wrote there).
"""

from __future__ import annotations

import os
from typing import Any

from armicheck.core.status import GITHUB_LEVEL as LEVEL
from armicheck.report.markdown import render_summary
from armicheck.report.sarif import relative_path
from armicheck.report.table import summary_line

SHOWN_PER_LEVEL = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: Any) -> str:
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items()
                     if v is not None)
    return f"::{level}{' ' + shown if shown else ''}::{escape_data(message)}"


def _file(path: str) -> str | None:
    # GitHub resolves file= against the workspace; '-' (stdin) has no file to point at
    return relative_path(path) or (None if path == "-" else path)


def finding_message(f: dict[str, Any]) -> str:
    c = f["clause"]
    lines = [f"{f['message']} (side {f['side']}, force {f['force'] or 'unknown'}; "
             f"confidence {f['confidence']:.2f})",
             f"{c['instrument']} {c['label']} [text {c['text_status']}, {c['text_kind']}]: "
             f"\"{c['text']}\""]
    lines += [f"- {r}" for r in f["reasons"]]
    quotes = [e for e in f["evidence"] if e.get("quote")][:3]
    lines += [f"evidence: {e.get('publisher') or e['source']}"
              f"{' ' + e['grade'] if e.get('grade') else ''}: \"{e['quote']}\"" for e in quotes]
    return "\n".join(lines)


def annotations(doc: dict[str, Any], findings: bool) -> list[tuple[str, str, str]]:
    """(level, path, command): every finding (if `findings`) and input error."""
    out: list[tuple[str, str, str]] = []
    for entry in doc["incidents"]:
        for err in entry["errors"]:
            title = f"armicheck: invalid incident ({err.get('code') or 'error'})"
            out.append(("error", entry["path"], command(
                "error", f"{err['path']}:{err['line']}:{err['column']}: {err['message']}",
                file=_file(err["path"]), line=err["line"], col=err["column"], title=title)))
        if not findings:
            continue
        for f in entry["findings"]:
            level = LEVEL[f["status"]]
            title = f"{f['rule_id']} {f['status']} ({f['instrument']} {f['clause']['label']})"
            where = f"{entry['path']}:{f['location']['line']}:{f['location']['column']}"
            # the log shows only the message, so it starts with the place, as errors do
            out.append((level, entry["path"], command(
                level, f"{where}: {finding_message(f)}", file=_file(entry["path"]),
                line=f["location"]["line"], col=f["location"]["column"], title=title)))
    return out


def hidden_count(levels: list[str]) -> int:
    """How many annotations GitHub will drop, counting our own overflow notice."""
    counts = {lvl: levels.count(lvl) for lvl in ("error", "warning", "notice")}
    over = any(n > SHOWN_PER_LEVEL for n in counts.values())
    notice_room = SHOWN_PER_LEVEL - (1 if over else 0)  # the overflow notice takes one place
    return (max(0, counts["error"] - SHOWN_PER_LEVEL)
            + max(0, counts["warning"] - SHOWN_PER_LEVEL)
            + max(0, counts["notice"] - notice_room))


def render_github(doc: dict[str, Any], findings: bool) -> str:
    """The annotations as text; also appends the step summary when GitHub asks for one."""
    items = annotations(doc, findings)
    lines: list[str] = []
    hidden = hidden_count([level for level, _, _ in items])
    if hidden:  # first, so GitHub shows it even when the notices themselves overflow
        lines.append(command("notice", f"armicheck: {hidden} more annotations not shown by "
                             "GitHub; see the full report"))
    current: str | None = None
    for _, path, cmd in items:
        if path != current:  # one collapsible log group per file, as yamllint does
            if current is not None:
                lines.append("::endgroup::")
            lines.append(f"::group::{escape_data(path)}")
            current = path
        lines.append(cmd)
    if current is not None:
        lines.append("::endgroup::")
    totals = doc.get("summary") or {}
    if findings:
        lines.append(f"armicheck: {summary_line(totals)}" if totals else "armicheck: done")
    else:
        bad = sum(1 for e in doc["incidents"] if e["errors"])
        lines.append(f"armicheck: {len(doc['incidents'])} files, "
                     f"{len(doc['incidents']) - bad} valid, {bad} invalid")
    return "\n".join(lines) + "\n"


def write_step_summary(doc: dict[str, Any], findings: bool) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        # append (earlier steps wrote there too); never block on a named pipe with no reader
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:  # (a FIFO with no reader: ENXIO)
            fh.write(render_summary(doc, findings) + "\n")
    except OSError as exc:  # reported by the command line as one line, exit 2
        raise OSError(exc.errno, exc.strerror, f"$GITHUB_STEP_SUMMARY ({target})") from None
