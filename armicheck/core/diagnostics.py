"""Diagnostics: one `path:line:col: message` per problem, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str
    code: str = "invalid"
    severity: str = "error"

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
