"""Diagnostics: one `path:line:col: message` per problem, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Every diagnostic code, with what it means. The codes are contract data (`errors[].code` in
# the JSON output, the SARIF rule id of an input error): add one here before using it, and
# never rename one.
CODES: dict[str, str] = {
    # reading the file
    "unreadable": "the path cannot be read: missing, a directory, or no permission",
    "too-large": "the file is over the size limit for an incident file",
    "encoding": "not UTF-8 text: UTF-16, binary, an invalid byte or a forbidden character",
    "empty": "the file is empty: an incident is a YAML mapping",
    # YAML
    "yaml": "malformed YAML",
    "too-deep": "nesting deeper than the loader allows",
    "alias": "a YAML anchor or alias (armicheck files write values out)",
    "tag": "an explicit YAML tag",
    "key": "a mapping key that is not plain text",
    "merge-key": "a YAML merge key (<<)",
    "duplicate-key": "a key given twice in one mapping",
    "ambiguous": "a plain scalar that YAML 1.1 reads differently (yes, no, on, 010, 1:30, ...)",
    "number": "a number too large to read exactly",
    # the incident format (schema)
    "version": "the top level is not an incident, or its `armicheck:` version is unknown",
    "schema": "the file does not fit the incident schema (no more specific code applies)",
    "unknown-field": "a field the schema does not know (with a did-you-mean hint)",
    "missing-field": "a required field is missing",
    "enum": "a value outside the field's allowed words",
    "type": "a value of the wrong type",
    "format": "a date, time or offset not in its required format, or not a real date",
    "id": "an id that is not a valid identifier",
    "too-long": "a text, list or mapping over its maximum size",
    "too-short": "a text, list or mapping under its minimum size",
    "duplicate": "a list that names an item twice",
    "quoting": "a comma inside an unquoted value of a {…} mapping, which YAML reads as the "
               "end of the value (quote the value)",
    "placeholder": "a placeholder of `armicheck new incident` (a value in <angle brackets>) "
                   "not yet filled in",
    # the incident's meaning
    "reference": "a reference to an actor, source, event or place that does not exist",
    "cycle": "actors that are part_of each other",
    "contradiction": "an actor whose side and force name different sides (also through "
                     "part_of)",
    "duplicate-id": "an id given to two events, actors or sources",
    "order": "an end before its start (date_end before date)",
    "time-order": "events not listed in time order",
    "position": "a position that cannot be what the event says (e.g. a crossing that stays "
                "on one side)",
    "field": "a field that does not apply to the event's action",
    # rule packs and options
    "usage": "a command-line option that cannot be used (e.g. --rules not a directory)",
    "pack": "a rule pack that cannot be used: a bad in_force date or a file outside its folder",
    "pack-schema": "a rule pack file that does not fit the rules schema",
    "clause": "a clause without provenance for its text status, or a duplicate clause id",
    "clause-hash": "a clause text that does not match its sha256",
    "rule": "a rule that does not fit: unknown fact, operator, clause, test or placeholder",
    # the run
    "internal": "armicheck failed on this file (a bug): the message says where",
    "invalid": "invalid input (no more specific code)",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    code: str = "invalid"
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"diagnostic code {self.code!r} is not in CODES")

    def __str__(self) -> str:
        return f"{shown_path(self.path)}:{self.line}:{self.column}: {one_line(self.message)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": shown_path(self.path),
            "line": self.line,
            "column": self.column,
            "message": one_line(self.message),
            "code": self.code,
            "severity": self.severity,
        }


def shown_path(path: str) -> str:
    """A file name as every output shows it: bytes that are not UTF-8 (surrogate-escaped by
    the OS layer) as \\xNN and control characters escaped, so that JSON stays valid UTF-8
    and a diagnostic stays one line whatever the name holds."""
    if path.isprintable():
        return path
    out = []
    for ch in path:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif not ch.isprintable() or 0xD800 <= code <= 0xDFFF:
            out.append(ch.encode("unicode_escape").decode("ascii") if code < 0x10000
                       else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(message: str) -> str:
    """A message on one line: line breaks and other control characters escaped."""
    return message if message.isprintable() else shown_path(message)


class InputError(Exception):
    """Bad input: the diagnostics say where and why. Exit code 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def fail(path: str, line: int, column: int, message: str, code: str = "invalid") -> InputError:
    return InputError([Diagnostic(path, line, column, message, code)])
