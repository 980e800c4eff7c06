"""Dispatch results to an output format; decide the exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from armicheck.report.json import document

STATUS_AT_LEAST = {
    "violation": {"violation"},
    "possible": {"violation", "possible-violation"},
    "never": set(),
}


def exit_code(entries: list[dict[str, Any]], fail_on: str) -> int:
    if any(e["errors"] for e in entries):
        return 2
    wanted = STATUS_AT_LEAST[fail_on]
    if any(f["status"] in wanted for e in entries for f in e["findings"]):
        return 1
    return 0


def evaluate_output(fmt: str, stream: Iterable[dict[str, Any]], out: TextIO, ruleset: Any,
                    options: Any, missing_entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Render and return the entries that came from `stream`."""
    if fmt == "jsonl":
        # one finding per line, written as each incident completes; errors as their own lines
        for entry in missing_entries:
            _jsonl_errors(entry, out)
        entries = []
        for entry in stream:
            entries.append(entry)
            for f in entry["findings"]:
                out.write(json.dumps({"path": entry["path"], "incident": entry["id"], **f},
                                     ensure_ascii=False) + "\n")
            _jsonl_errors(entry, out)
            out.flush()
        return entries
    entries = list(_with_progress(stream, out))
    doc = document(missing_entries + entries, options.as_of)
    if fmt == "json":
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "table":
        from armicheck.report.table import render, use_colour

        render(doc, out, use_colour(out), explain=options.explain)
    elif fmt == "sarif":
        from armicheck.report.sarif import render_sarif

        json.dump(render_sarif(doc, ruleset), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "markdown":
        from armicheck.report.markdown import render_markdown

        out.write(render_markdown(doc))
    elif fmt == "github":
        from armicheck.report.github import render_github

        out.write(render_github(doc, findings=True))
    return entries


def _jsonl_errors(entry: dict[str, Any], out: TextIO) -> None:
    for err in entry["errors"]:
        out.write(json.dumps({"path": entry["path"], "incident": entry["id"], "error": err},
                             ensure_ascii=False) + "\n")


def _with_progress(stream: Iterable[dict[str, Any]], out: TextIO) -> Iterable[dict[str, Any]]:
    """A progress count on stderr for long runs on a terminal; nothing otherwise."""
    show = sys.stderr.isatty() and out is not sys.stderr
    for i, entry in enumerate(stream, 1):
        if show and i % 200 == 0:
            sys.stderr.write(f"\r{i} incidents…")
            sys.stderr.flush()
        yield entry
    if show:
        sys.stderr.write("\r\x1b[K")


def validate_output(fmt: str, entries: list[dict[str, Any]], out: TextIO) -> None:
    if fmt == "json":
        json.dump({"schema_version": "1.0", "files": [
            {"path": e["path"], "id": e["id"], "valid": not e["errors"], "errors": e["errors"]}
            for e in entries]}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "github":
        from armicheck.report.github import render_github

        out.write(render_github(document(entries), findings=False))
        return
    bad = 0
    for e in entries:
        for err in e["errors"]:
            print(f"{err['path']}:{err['line']}:{err['column']}: {err['message']}",
                  file=sys.stderr)
        bad += bool(e["errors"])
    print(f"{len(entries)} files, {len(entries) - bad} valid, {bad} invalid", file=sys.stderr)
