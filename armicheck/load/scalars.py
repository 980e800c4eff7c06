"""Plain scalars as incident files may write them, as the strict loader reads them.

YAML 1.1 reads some plain scalars as other than the text written (`NO`, `12:30`, `010`,
`.inf`, bare dates); `read_plain` gives the value a plain scalar has here, or refuses it
with a request to quote it. The limits on size, depth and digits are here too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 18  # beyond ±10^18 a number in an incident file is a typo or an attack

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
# Plain scalars that YAML 1.1 parsers (PyYAML, check-jsonschema, many editors) read as
# something other than the text written. Each gets an error telling the author to quote it.
_AMBIGUOUS: Sequence[tuple[re.Pattern[str], str]] = (
    (re.compile(r"(?i:y|n|yes|no|on|off)\Z"), "a boolean in YAML 1.1"),
    (re.compile(r"\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d.*)?\Z"),
     "a date/timestamp in YAML"),
    (re.compile(r"[-+]?[1-9][\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?\Z"),
     "a sexagesimal number in YAML 1.1"),
    (re.compile(r"[-+]?0[0-7_]+\Z"), "an octal number in YAML 1.1"),
    (re.compile(r"[-+]?0[0-9_]+\Z"), "a number with a leading zero"),
    (re.compile(r"[-+]?0[xX][0-9a-fA-F_]+\Z"), "a hexadecimal number"),
    (re.compile(r"[-+]?0[oO][0-7_]+\Z"), "an octal number in YAML 1.2"),
    (re.compile(r"[-+]?0[bB][01_]+\Z"), "a binary number in YAML 1.1"),
    (re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"), "a special float (inf/nan)"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+\Z"), "a float in YAML 1.2 only"),
    # the lookahead finds the underscore first: `[0-9_]*_[0-9_]*` backtracks quadratically
    (re.compile(r"[-+]?(?=[0-9]*_)[0-9][0-9_]*(?:\.[0-9_]*)?\Z"), "a number with underscores"),
    (re.compile(r"[-+]?[0-9]+\.[0-9]*_[0-9_]*\Z"), "a number with underscores"),
    (re.compile(r"=\Z"), "the YAML 1.1 'value' key"),
)
# all of them at once: most text that starts like a number ("06:54", "+09:00") is none of
# them, and one match in C says so (the loop names the reading of what is)
_ANY_AMBIGUOUS = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _AMBIGUOUS))
YAML11_BOOLEANS = frozenset({"y", "n", "yes", "no", "on", "off"})  # any case
LETTER_KEYS = frozenset({"y", "Y", "n", "N"})
# A plain scalar can read as other than text only if it starts with one of these: digits,
# signs, '.', '=', '~' and the first letters of null/true/false/y/yes/n/no/on/off.
MAYBE_TYPED = frozenset("0123456789+-.=~yYnNoOtTfF")
_NOT_BRACKETS = bytes(b for b in range(256) if chr(b) not in "[]{}")


class PlainScalarError(ValueError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def read_plain(value: str) -> Any:
    """What a plain (unquoted) scalar means here: null, a boolean, a number, or the text
    itself; PlainScalarError for text that YAML parsers read as something else."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_NUMBER_DIGITS:
            raise PlainScalarError(f"number {value[:20]}… is too large", "number")
        return int(value)
    if _FLOAT.match(value):
        number = float(value)
        if not math.isfinite(number) or len(value) > 100:
            raise PlainScalarError(f"number {value[:20]} is too large", "number")
        return number
    first = value[0]
    if first in "yYnNoO":  # of the readings below, only a YAML 1.1 boolean starts so
        if value.lower() not in YAML11_BOOLEANS:
            return value  # "north", "official": the common case, without 13 regexes
    if (first.isdigit() or first in "+-.=yYnNoO") and _ANY_AMBIGUOUS.match(value):
        for pattern, reading in _AMBIGUOUS:
            if pattern.match(value):
                raise PlainScalarError(
                    f"ambiguous value {value}: YAML reads it as {reading}; quote it "
                    f'("{value}") if you mean text', "ambiguous")
    return value


def flow_depth_within(raw: bytes, limit: int) -> bool:
    """Is `_flow_depth(raw)` at most `limit`? Mostly answered in C: every pass of two
    `bytes.replace` removes the innermost pairs, one level or two (`{[]}` goes at once), so a
    properly nested sequence gone within limit // 2 passes is no deeper than limit. A deeper
    one, or unmatched brackets (in quoted text, say), take the exact count."""
    brackets = raw.translate(None, _NOT_BRACKETS)
    for _ in range(limit // 2):
        if not brackets:
            return True
        shorter = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if len(shorter) == len(brackets):
            break  # no innermost pair left: not properly nested
        brackets = shorter
    return not brackets or _flow_depth(raw) <= limit


def _flow_depth(raw: bytes) -> int:
    """Deepest nesting of flow brackets (quoted or not: an over-estimate is safe)."""
    depth = deepest = 0
    for ch in raw.translate(None, _NOT_BRACKETS):
        if ch == 0x5B or ch == 0x7B:  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
    return deepest
