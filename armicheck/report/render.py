"""Dispatch results to an output format.

Every format renders the JSON contract's data (entries, and the document's `rules`), and
imports nothing but `armicheck.core` and its sibling reporters. The exit code is the run
summary's (`core.summary.RunSummary`).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from armicheck.core.encode import dumps
from armicheck.core.summary import RunSummary, cited_rules, collection_record, document

SUFFIX_FORMAT = {".sarif": "sarif", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
                 ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def pair_outputs(formats: list[str], outputs: list[str]) -> list[tuple[str, str | None]]:
    """Pair `--format`s with `--output`s in order; at most one format, the last, has no file
    and goes to stdout. Raises ValueError with a usage message otherwise."""
    formats = formats or ["table"]
    if len(outputs) not in (len(formats), len(formats) - 1):
        raise ValueError(f"{len(formats)} --format but {len(outputs)} --output: give one "
                         "--output per --format, except the last, which may go to stdout")
    if len(set(outputs)) != len(outputs):
        raise ValueError("the same --output twice")
    pairs: list[tuple[str, str | None]] = [*zip(formats, outputs, strict=False)]
    if len(outputs) < len(formats):
        pairs.append((formats[-1], None))
    if len(formats) > 1:  # options pair by position: catch `-f table -f sarif -o x.sarif`
        for fmt, target in pairs:
            suffixes = [x.lower() for x in Path(target or "").suffixes]
            implied = "sarif" if ".sarif" in suffixes else SUFFIX_FORMAT.get(
                suffixes[-1] if suffixes else "", fmt)
            if implied != fmt:
                raise ValueError(f"--output {target} is paired with --format {fmt} (they pair "
                                 "in order; put the format written to stdout last)")
    return pairs


def evaluate_output(fmt: str, stream: Iterable[dict[str, Any]], out: TextIO,
                    rules: dict[str, dict[str, Any]], options: Any,
                    missing_entries: list[dict[str, Any]],
                    verbose: bool = False) -> list[dict[str, Any]]:
    """Render and return the entries that came from `stream`; `rules`: the descriptors of
    every rule that may be cited (the document keeps those cited); `verbose`: the table's
    clause texts and evidence."""
    if fmt == "jsonl":
        # one finding per line, written as each incident completes; errors as their own lines
        for entry in missing_entries:
            out.write(_jsonl_text(entry))
        entries = []
        for entry in stream:
            entries.append(entry)
            out.write(_jsonl_text(entry))
            out.flush()
        return entries
    entries = list(_with_progress(stream, out))
    doc = document(missing_entries + entries, options.as_of, rules)
    if fmt in TERMINAL_FORMATS:  # read by people, on terminals: no raw control characters
        doc = terminal_safe(doc)
    if fmt == "json":
        writer = JsonWriter(out, options.as_of)
        for entry in doc["incidents"]:
            writer.add(entry)
        writer.close(doc)
    elif fmt == "table":  # each format's module only when asked for: start-up
        from armicheck.report import table

        table.render(doc, out, table.use_colour(out), explain=options.explain,
                     verbose=verbose)
    elif fmt == "sarif":
        from armicheck.report import sarif

        json.dump(sarif.render_sarif(doc), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "markdown":
        from armicheck.report import markdown

        out.write(markdown.render_markdown(doc))
    elif fmt == "html":
        from armicheck.report import html

        directory = getattr(out, "directory", None)
        if directory is not None:  # -o DIR/: an index and one page per incident
            html.write_directory(doc, directory)
        else:  # the run has checked that the incidents fit one page (html_fits_one_file)
            out.write(html.render_html(doc))
    elif fmt == "github":
        from armicheck.report import github

        out.write(github.render_github(doc, findings=True))
        github.write_step_summary(doc, findings=True)
    return entries


class TooMany(ValueError):
    """--format html: more incidents than one file holds (they go to `-o DIR/`)."""


def html_fits_one_file(count: int) -> None:
    """Raises TooMany when `count` incidents are more than one HTML file holds: the run checks
    before it writes any output, so a refusal leaves every output as it was."""
    from armicheck.report import html

    try:
        html.fits_one_page(count)
    except html.TooMany as exc:
        raise TooMany(str(exc)) from None


STREAMING_FORMATS = frozenset({"json", "jsonl"})
TERMINAL_FORMATS = frozenset({"table", "markdown", "github", "text"})
# C0 but line feed and tab, DEL, C1, and the bidirectional overrides that reorder what is shown
# C0/C1 controls but tab and line feed, the line and paragraph separators, bidi overrides
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: Any) -> Any:
    """The document with every control character in its text escaped (`\\x1b`): incident
    text never reaches a terminal raw (an escape sequence could rewrite what is shown)."""
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", value) \
            if _CONTROL.search(value) else value
    if isinstance(value, dict):
        return {k: terminal_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [terminal_safe(v) for v in value]
    return value


class JsonWriter:
    """The `--format json` document, written as incidents arrive so that a run of any size
    holds no results: a pretty frame with one incident per line (the C encoder: `indent=`
    would take the pure-Python one, the biggest cost of a large run)."""

    def __init__(self, out: TextIO, as_of: str | None) -> None:
        self.out = out
        self.first = True
        head = document([], as_of)
        keys = list(head)
        self.tail = keys[keys.index("incidents") + 1:]
        out.write("{\n")
        for key in keys[:keys.index("incidents")]:
            out.write(f"  {json.dumps(key)}: {json.dumps(head[key], ensure_ascii=False)},\n")
        out.write('  "incidents": [')

    def add(self, entry: dict[str, Any]) -> None:
        self.out.write("\n    " if self.first else ",\n    ")
        text = entry["encoded"]["json"] if "encoded" in entry else dumps(entry)
        self.out.write(text)  # not concatenated: ~30 KB
        self.first = False

    def close(self, tail: dict[str, Any]) -> None:
        """The document's keys after `incidents` (summary, rules), taken from `tail`."""
        self.out.write("]" if self.first else "\n  ]")
        for key in self.tail:
            value = json.dumps(tail.get(key), ensure_ascii=False)
            self.out.write(f",\n  {json.dumps(key)}: {value}")
        self.out.write("\n}\n")


def encoded(formats: tuple[str, ...], entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as the streaming writers need it, encoded where it was made (in a `--jobs`
    worker): its text in each format, its findings' statuses and its errors (stderr, exit
    code). The parent then passes text on instead of unpickling and encoding ~30 KB of
    nested dicts per incident, which held back `--jobs 2` (bench/README.md)."""
    texts = {}
    if "json" in formats:
        texts["json"] = dumps(entry)
    if "jsonl" in formats:
        texts["jsonl"] = _jsonl_text(entry)
    return {"path": entry["path"], "id": entry["id"], "errors": entry["errors"],
            "statuses": [f["status"] for f in entry["findings"]],
            "rule_ids": [f["rule_id"] for f in entry["findings"]],
            "collection": collection_record(entry), "encoded": texts}


def encoder(formats: Iterable[str]) -> Any:
    """`encoded` for these formats, as run_many's `finish` (picklable: a partial of a
    module-level function)."""
    return functools.partial(encoded, tuple(sorted(set(formats))))


def stream_output(formats: list[str], outs: list[TextIO], stream: Iterable[dict[str, Any]],
                  rules: dict[str, dict[str, Any]], options: Any,
                  missing_entries: list[dict[str, Any]]) -> RunSummary:
    """Write json/jsonl outputs entry by entry; memory stays flat in the number of files."""
    tally = RunSummary()
    writers: list[Any] = []
    for fmt, out in zip(formats, outs, strict=True):
        writers.append(JsonWriter(out, options.as_of) if fmt == "json" else _JsonlWriter(out))
    for entry in itertools.chain(missing_entries, _with_progress(stream, outs[-1])):
        tally.add(entry)
        for writer in writers:
            writer.add(entry)
    tail = {"summary": tally.as_json(), "rules": cited_rules(rules, tally.rule_ids)}
    for writer in writers:
        writer.close(tail)
    return tally


class _JsonlWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def add(self, entry: dict[str, Any]) -> None:
        self.out.write(entry["encoded"]["jsonl"] if "encoded" in entry else _jsonl_text(entry))
        self.out.flush()

    def close(self, tail: dict[str, Any]) -> None:
        pass


def _jsonl_text(entry: dict[str, Any]) -> str:
    """An entry's JSON Lines: one line per finding, then one per error."""
    lines = [dumps({"path": entry["path"], "incident": entry["id"], **f}) + "\n"
             for f in entry["findings"]]
    lines += [dumps({"path": entry["path"], "incident": entry["id"], "error": err}) + "\n"
              for err in entry["errors"]]
    return "".join(lines)


def _with_progress(stream: Iterable[dict[str, Any]], out: TextIO) -> Iterable[dict[str, Any]]:
    """A progress count on stderr for long runs on a terminal; nothing otherwise."""
    show = sys.stderr.isatty() and out is not sys.stderr
    shown = ""
    for i, entry in enumerate(stream, 1):
        if show and i % 200 == 0:
            shown = f"\r{i} incidents…"
            sys.stderr.write(shown)
            sys.stderr.flush()
        yield entry
    if shown:  # blank the count with spaces, not an escape code (NO_COLOR, TERM=dumb, logs)
        sys.stderr.write("\r" + " " * len(shown) + "\r")


def validate_output(fmt: str, entries: list[dict[str, Any]], out: TextIO) -> None:
    if fmt == "json":
        json.dump({"schema_version": "1.0", "files": [
            {"path": e["path"], "id": e["id"], "valid": not e["errors"], "errors": e["errors"]}
            for e in entries]}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "github":
        from armicheck.report import github

        doc = terminal_safe(document(entries))
        out.write(github.render_github(doc, findings=False))
        github.write_step_summary(doc, findings=False)
        return
    bad = 0
    for e in entries:
        for err in e["errors"]:
            print(f"{err['path']}:{err['line']}:{err['column']}: {err['message']}",
                  file=sys.stderr)
        bad += bool(e["errors"])
    print(f"{len(entries)} files, {len(entries) - bad} valid, {bad} invalid", file=sys.stderr)
