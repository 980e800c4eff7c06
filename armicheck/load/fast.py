"""The fast path of stage 1 for clean files: rapidyaml parses, PyYAML stays the judge.

libyaml composing a node graph (with two position marks per value) and our strict conversion
cost more than everything after them. rapidyaml (`ryml`) parses and emits the same document as
JSON about six times faster, and `json` builds the values in C. But rapidyaml reads less
strictly than the strict loader (it drops anchors, tags and some control characters, and it
types no YAML 1.1 surprises), so it is trusted only where it cannot differ:

- libyaml itself (the strict loader's parser) must accept the text: its `raw_parse` checks
  the syntax in C without building a Python object (~0.15 ms for 7 KB), for rapidyaml takes
  much that libyaml refuses;
- text with anything the strict loader treats specially (anchors, aliases, tags, merge keys,
  directives, document markers, backslash escapes, tabs, CR, characters outside YAML's set)
  never takes it, nor text where the two parsers were seen to differ (no final newline, a
  comment or an explicit indentation on a block scalar's header, blank lines inside a flow
  collection: tests/test_fastload.py lists each case);
- numbers must read as the strict loader reads them (`parse_int` / `parse_float` see the
  literal), keys must be unique (`object_pairs_hook`), and the top level a mapping;
- a string that a plain scalar could not mean (`NO`, `12:30`, `2017-11-13`, `~`, ...) must
  appear in the text only where no plain scalar of that value can be (quoted, in a word,
  in prose), and no key may be one the strict loader refuses.

Anything else returns None and the caller takes the strict path, which gives the exact
diagnostics. Only the events' positions are found here (findings cite them); any other path
(a validation error's, say) is located by composing the text with PyYAML when first asked, so
positions are the strict loader's too.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
from importlib.util import find_spec
from typing import Any

from yaml.cyaml import CParser

from armicheck.load.scalars import (
    LETTER_KEYS,
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    PlainScalarError,
    flow_depth_within,
    read_plain,
)
from armicheck.load.strict import LoadedDocument

# optional: without it every file takes the strict path (rapidyaml has wheels for the
# platforms we run on); imported on first use, to keep it out of start-up
AVAILABLE = find_spec("ryml") is not None
_RYML: Any = None


def _rapidyaml() -> Any:
    global _RYML
    if _RYML is None:
        import ryml

        _RYML = ryml
    return _RYML


# ARMICHECK_FAST_LOADER=0 sends every file through the strict loader (to compare, or to rule
# the fast one out when something looks wrong)
ENABLED = AVAILABLE and os.environ.get("ARMICHECK_FAST_LOADER", "1") != "0"

# printable ASCII, the newline and every byte of a multi-byte UTF-8 character (a tab or CR
# takes the strict path); the UTF-8 of the C1 controls U+0080-U+009F
_ALLOWED_BYTES = bytes(range(0x20, 0x7F)) + b"\n" + bytes(range(0x80, 0x100))
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")
_MARKERS = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|$)", re.M)
_PROPERTY_CHAR = re.compile(r"[&*!?]")


class _NotClean(Exception):
    """Something the fast path does not decide: the strict path will."""


def load_clean(path: str, text: str) -> LoadedDocument | None:
    """The document, if the fast path can vouch that the strict loader reads it the same."""
    if not ENABLED:
        return None
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the strict loader says where
        return None
    if not _plain_text(text, raw) or not _libyaml_parses(text):
        return None
    try:
        with _Quiet():  # rapidyaml prints its parse errors on stderr: they are not ours
            tree = _rapidyaml().parse_in_arena(raw)
            emitted = _emit_json(tree)
    except Exception:  # noqa: BLE001 - any failure: the strict path decides and explains
        return None
    if not emitted:
        return None
    try:
        data = json.loads(emitted, object_pairs_hook=_unique_keys, parse_int=_int,
                          parse_float=_float, parse_constant=_no_constant)
        if not isinstance(data, dict) or not flow_depth_within(emitted.encode(), MAX_DEPTH):
            return None
        _check_strings(emitted, text)
    except (ValueError, RecursionError, _NotClean):
        return None
    doc = LoadedDocument(path=path, data=data, root=None, text=text)
    events = data.get("events")
    if isinstance(events, list) and _block_top_level(text):
        marks = event_marks(text, len(events))
        if marks is not None:
            doc.marks = {("events", i): mark for i, mark in enumerate(marks)}
    return doc


# Reused, one per thread (a shared one could be overwritten between emitting and decoding):
# rapidyaml's own emit_json leaks its output buffer (~9 KB a file).
_BUFFERS = threading.local()


def _emit_json(tree: Any) -> str:
    out = getattr(_BUFFERS, "out", None)
    if out is None:
        out = _BUFFERS.out = bytearray(1 << 16)
    root = tree.root_id()
    failed, size = _RYML.emit_json_to_substr(tree, root, out)
    if failed:
        out = _BUFFERS.out = bytearray(size + (size >> 2))
        failed, size = _RYML.emit_json_to_substr(tree, root, out)
        if failed:  # pragma: no cover - the size it asked for is enough
            return ""
    return out[:size].decode("utf-8")


def _plain_text(text: str, raw: bytes) -> bool:
    """Nothing in the text that the strict loader treats specially and the fast one may not:
    escapes, node properties, merge keys, directives, document markers, tabs, CR, a BOM,
    characters outside YAML's set (`raw` is the text in UTF-8)."""
    if "\\" in text:
        return False  # escapes in double quotes: the strict loader checks what they make
    if raw.translate(None, _ALLOWED_BYTES):
        return False  # a control character, tab or CR
    if len(raw) != len(text) and (
            (b"\xc2" in raw and _C1_CONTROL.search(raw)) or b"\xef\xbb\xbf" in raw
            or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw
            or b"\xe2\x80\xa8" in raw or b"\xe2\x80\xa9" in raw):
        # C1 controls, a BOM, U+FFFE, U+FFFF; and NEL, LS, PS, line breaks to YAML 1.1 (so to
        # PyYAML) but not to YAML 1.2 (rapidyaml)
        return False
    if ("&" in text or "*" in text or "!" in text or "?" in text) and _node_property(text):
        return False
    if text.startswith("%") or "\n%" in text or "<<" in text:
        return False  # a directive, a merge key
    if not text.endswith("\n"):
        return False  # a block scalar at the very end: rapidyaml keeps a newline libyaml drops
    if ("|" in text or ">" in text) and _block_header(text):
        # `| # a-b`: rapidyaml reads the - or + in the comment as chomping; `|2`, `>-1`: an
        # explicit indentation, whose whitespace-only lines the two parsers keep differently
        return False
    if ("\n\n" in text or "\n \n" in text or _BLANK_LINE.search(text)) \
            and _multiline_flow(raw):
        return False  # blank lines in a flow collection: rapidyaml keeps them in a value
    if "\n---" in text or "\n..." in text or text.startswith(("---", "...")):
        return not _MARKERS.search(text)  # `---` or `...` opening a line ends a document
    return True


_BLOCK_HEADER = re.compile(r"[|>](?:[0-9+\-]*[ ]+#|[+\-]?[1-9])")
_BLANK_LINE = re.compile(r"\n[ ]*\n")


def _block_header(text: str) -> bool:
    """Does a `|` or `>` start what `_BLOCK_HEADER` refuses? Tried at each of them (a file
    has a few) rather than searched for: a pattern opening with a class is tried at every
    character (~50 us on 7 KB)."""
    for mark in "|>":
        i = text.find(mark)
        while i >= 0:
            if _BLOCK_HEADER.match(text, i):
                return True
            i = text.find(mark, i + 1)
    return False


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}\n")


def _multiline_flow(raw: bytes) -> bool:
    """Does a flow collection (or a stray bracket) stay open past the end of a line? (Each
    line's brackets must balance; the UTF-8 text is first reduced to brackets and newlines.)"""
    # a file's bracket lines are few patterns repeated ({}, [], {[]}): each is counted once
    for line in set(raw.translate(None, _NOT_BRACKETS).split(b"\n")):
        if line.count(b"[") + line.count(b"{") * 2 != line.count(b"]") + line.count(b"}") * 2:
            return True
    return False


def _libyaml_parses(text: str) -> bool:
    """The strict loader's own parser (libyaml, in C, building no Python objects) accepts the
    text: rapidyaml accepts much that libyaml refuses (`: x`, `]key: 1`, stray brackets)."""
    parser = CParser(text)
    try:
        parser.raw_parse()
    except Exception:  # noqa: BLE001 - malformed: the strict path reports where and why
        return False
    finally:
        parser.dispose()
    return True


def _node_property(text: str) -> bool:
    """Is there an `&anchor`, `*alias`, `!tag` or `?` key indicator where a node can start?
    (In a URL, or as in `R & D`, `&` is only a character: an anchor or alias has its name
    right after it. libyaml reads `{?a: 1}` as the key `a`, rapidyaml as `?a`.)"""
    for m in _PROPERTY_CHAR.finditer(text):
        i = m.start()
        if i and text[i - 1] not in " \n[{,":
            continue
        if m.group() in "!?" or text[i + 1:i + 2] not in ("", " ", "\n"):
            return True
    return False


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _NotClean("duplicate key")
    return out


def _int(literal: str) -> int:
    # JSON's integers are a subset of the plain integers the strict loader reads
    if len(literal) > MAX_NUMBER_DIGITS:
        raise _NotClean(literal)
    return int(literal)


def _float(literal: str) -> float:
    # JSON's fractions are plain floats to the strict loader only with a point: `1e3` is not
    if "." not in literal or len(literal) > 100:
        raise _NotClean(literal)
    value = float(literal)
    if value in (math.inf, -math.inf):
        raise _NotClean(literal)
    return value


def _no_constant(literal: str) -> Any:
    raise _NotClean(literal)


# JSON strings that, written plain, the strict loader would read as other than text start
# with a digit, sign, point, `=` or `~`, or are one of YAML's words for booleans and null (in
# any case), or are empty. Found with two cheap patterns (one alternation over the words is
# ~5x slower); a match that starts inside a string at an escaped quote is only a spurious
# candidate, checked like the others: it costs time, never correctness.
_NUMERIC_START = re.compile(r'"[0-9+\-.=~]')
_STRING_AT = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"(\s*:)?')
_SHORT_WORD = re.compile(r'"([yYnNoOtTfF][a-zA-Z]{0,4})"(\s*:)?')
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# any of them as a JSON string, in the lowered text: `str.lower()` keeps ASCII letters and
# quotes in place, so a word in any case between quotes is there as one of these
_QUOTED_WORD = re.compile(r'"(?:y(?:es)?|n(?:o|ull)?|o(?:n|ff)|true|false)"')


def _check_strings(emitted: str, text: str) -> None:
    """No string that a plain scalar could not mean was written plain, and no key is one
    that the strict loader refuses (read off the JSON text: faster than walking the data)."""
    if ('.inf"' in emitted or '.nan"' in emitted) and any(w in emitted for w in _NORMALIZED):
        raise _NotClean("infinity or NaN")
    if '"":' in emitted:
        raise _NotClean("empty key")  # rapidyaml takes `: x` as a key ""; libyaml refuses it
    seen: set[str] = {""}  # a JSON "" was quoted: rapidyaml emits a plain empty value as null
    # one search of the lowered text says whether any of the words is there at all
    if _QUOTED_WORD.search(emitted.lower()):
        for m in _SHORT_WORD.finditer(emitted):
            if m.group(1).lower() in _WORDS:
                _check_one(m.group(1), bool(m.group(2)), text, seen)
    for m in _NUMERIC_START.finditer(emitted):
        found = _STRING_AT.match(emitted, m.start())
        if found is not None:
            value = found.group(1)
            if "\\" in value:
                value = json.loads(f'"{value}"')
            _check_one(value, bool(found.group(2)), text, seen)


# rapidyaml rewrites plain inf, infinity, nan, .Inf, -inf ... (keys too) as these strings
_NORMALIZED = ('".inf"', '"-.inf"', '"+.inf"', '".nan"')
# plain scalars the strict loader reads as null or a boolean and rapidyaml emits as strings
# (every other typed plain scalar it emits as a JSON number or literal: tests/test_fastload)
_TYPED_BUT_TEXT_TO_RYML = frozenset({"~", "Null", "NULL", "True", "TRUE", "False", "FALSE"})


def _check_one(value: str, is_key: bool, text: str, seen: set[str]) -> None:
    if not is_key and value in seen:  # `seen` holds values cleared: a key is checked anew
        return
    reading = _reading(value)
    if is_key:
        if reading == "refused" and value not in LETTER_KEYS:  # `x:`/`y:` are coordinates
            raise _NotClean(value)  # the strict loader refuses ambiguous plain keys
    elif reading == "refused" or (reading == "typed" and value in _TYPED_BUT_TEXT_TO_RYML):
        # had it been plain, rapidyaml would have emitted it as it is, and the strict
        # loader would refuse it or read null/true/false: it must have been quoted
        _require_quoted(value, text)
        seen.add(value)


_READINGS: dict[str, str] = {}


def _reading(text: str) -> str:
    """How the strict loader reads this text written plain: "text", "typed" or "refused"."""
    found = _READINGS.get(text)
    if found is None:
        if len(_READINGS) >= 8192:
            _READINGS.clear()
        try:
            found = "text" if read_plain(text) is text else "typed"
        except PlainScalarError:
            found = "refused"
        if text == "<<":
            found = "refused"  # a merge key
        _READINGS[text] = found
    return found


def _require_quoted(value: str, text: str) -> None:
    """No occurrence of `value` in the text can be a whole plain scalar. One can where it is
    all that follows `key:` or `- ` (or `?`, or a flow `[ { ,`, or nothing) on its line, up
    to the line's end, a comment, or a flow `, ] }`. Quoted, inside a word (the date in
    `id: 2017-11-13-jsa`) or in prose (`at about 15:53, the`), it cannot."""
    end, size = len(value), len(text)
    i = text.find(value)
    if i < 0:  # folded or escaped in the source: let the strict loader judge it
        raise _NotClean(value)
    while i >= 0:
        if i and text[i - 1] in "\"'":  # right after a quote: not the start of a plain scalar
            i = text.find(value, i + 1)
            continue
        line_end = text.find("\n", i + end)
        after = text[i + end:line_end if line_end >= 0 else size].lstrip(" ")
        if not after or after[0] in "#,]}":
            start = text.rfind("\n", 0, i) + 1
            before = text[start:i]
            bare = before.rstrip(" ")
            spaced = len(bare) < len(before)
            if (not bare or bare[-1] in "[{,:"  # `:` even unspaced: `{"k":12:30}`
                    or (spaced and bare[-1] in "-?" and not bare.strip(" -?"))):
                raise _NotClean(value)
        i = text.find(value, i + 1)


def _block_top_level(text: str) -> bool:
    """Is the top level a block mapping? Only there is a line `events:` at column 0 the key:
    in a flow mapping, a quoted string may hold such a line."""
    for line in text.split("\n", 50)[:50]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return not stripped.startswith(("{", "["))
    return False


_EVENTS_KEY = re.compile(r"^events:[ ]*(?:#.*)?$", re.M)


# In the `events` section: a line that ends it (a top-level key), the first line with content
# (its indentation is the items'), an item `- value` at that indentation, a line with content
# less indented. Each starts with a literal newline, which the regex engine finds by memchr
# (`^` with re.M is tried at every character: twice as slow as a Python loop over lines).
_SECTION_END = re.compile(r"\n(?:[^ \n#-]|-[^ \n])")
_FIRST_CONTENT = re.compile(r"\n( *)[^ \n#]")
_ITEM_AT: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def event_marks(text: str, count: int) -> list[tuple[int, int]] | None:
    """1-based (line, column) of each item of the top-level block sequence `events`, as
    PyYAML marks them (the first character of the item's value after `- `); None when the
    layout is not the plain one this scan knows, or the count does not match.

    Read with a few regular expressions over the section; an item whose value starts on a
    later line (`-` alone, `- # note`) takes the line-by-line scan."""
    at = 0 if text.startswith("events:") else text.find("\nevents:") + 1
    if at == 0 and not text.startswith("events:"):
        return None
    m = _EVENTS_KEY.match(text, at)
    if m is None:
        return None
    line_no = text.count("\n", 0, at) + 1
    start = m.end()  # the newline that ends the `events:` line (or the end of the text)
    end_match = _SECTION_END.search(text, start)
    end = end_match.start() + 1 if end_match else len(text)
    first = _FIRST_CONTENT.search(text, start, end)
    if first is None:
        return None if count else []
    if text[first.end() - 1:first.end() + 1] not in ("- ", "-\n", "-"):
        return _event_marks_by_line(text, m.end(), line_no, count)
    indent = len(first.group(1))
    patterns = _ITEM_AT.get(indent)
    if patterns is None:
        patterns = _ITEM_AT[indent] = (
            re.compile("\n" + " " * indent + r"-(?=[ \n]|$)( *)(.?)"),
            re.compile(rf"\n {{0,{indent - 1}}}[^ \n#]") if indent else None)
    item, shallower = patterns
    if shallower is not None and shallower.search(text, start, end):
        return None
    marks: list[tuple[int, int]] = []
    line, last = line_no, start
    for found in item.finditer(text, start, end):
        if found.group(2) in ("", "#"):  # the value starts on a later line
            return _event_marks_by_line(text, m.end(), line_no, count)
        line += text.count("\n", last, found.end())
        last = found.end()
        marks.append((line, indent + len(found.group(1)) + 2))
    return marks if len(marks) == count else None


def _event_marks_by_line(text: str, after_key: int, line_no: int,
                         count: int) -> list[tuple[int, int]] | None:
    lines = text[after_key:].split("\n")[1:]
    marks: list[tuple[int, int]] = []
    indent = -1
    pending = False  # an item whose value starts on a later line (`-` alone or `- # note`)
    for offset, line in enumerate(lines, start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        lead = len(line) - len(stripped)
        if pending:
            if lead <= indent:
                return None
            marks.append((line_no + offset, lead + 1))
            pending = False
            continue
        if lead == 0 and not stripped.startswith("- "):
            if stripped != "-":
                break  # the next top-level key: the sequence has ended
        if indent < 0:
            if not (stripped.startswith("- ") or stripped == "-"):
                return None
            indent = lead
        if lead == indent and (stripped.startswith("- ") or stripped == "-"):
            rest = stripped[1:].lstrip(" ")
            if not rest or rest.startswith("#"):
                pending = True
                continue
            marks.append((line_no + offset, len(line) - len(rest) + 1))
        elif lead < indent:
            return None
    if pending or len(marks) != count:
        return None
    return marks


class _Quiet:
    """stderr (file descriptor 2) sent to /dev/null for the duration of a `with` block.

    One block at a time: two threads interleaving their save and restore would leave the
    process's stderr on /dev/null for good.
    """

    _devnull = -1
    _lock = threading.Lock()

    def __enter__(self) -> None:
        _Quiet._lock.acquire()
        try:
            if _Quiet._devnull < 0:
                _Quiet._devnull = os.open(os.devnull, os.O_WRONLY)
            self.saved = os.dup(2)
            os.dup2(_Quiet._devnull, 2)
        except BaseException:
            _Quiet._lock.release()
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            os.dup2(self.saved, 2)
            os.close(self.saved)
        finally:
            _Quiet._lock.release()
