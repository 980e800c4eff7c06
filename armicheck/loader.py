"""Strict YAML loading with line numbers (stage 1 of load → validate → facts → engine → report).

PyYAML's C parser composes the node graph; we then build plain Python values ourselves so
that YAML 1.1 surprises never reach the data: a plain `NO`, `12:30`, `010`, `0x1F`, `.inf` or
a bare date is an error asking for quotes, not a silent False / 750 / 8 / 31 / inf / date.
Duplicate keys, anchors and aliases, explicit tags, non-UTF-8 bytes, over-size files and
deep nesting are errors too. The composed root node is kept so that any JSON path can be
mapped back to `line:column` lazily, only when a diagnostic or a finding needs it.
"""

from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from armicheck.diagnostics import InputError, fail

try:  # the C parser is ~10x faster; the pure-Python one gives the same nodes
    from yaml.cyaml import CParser as _Parser  # `yaml` itself does not export CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 18  # beyond ±10^18 a number in an incident file is a typo or an attack

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


class _StrictComposer(_Parser):  # type: ignore[misc, valid-type]
    """Composes nodes and resolves every untagged node to str/seq/map: no implicit typing."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return STR_TAG
        if kind is SequenceNode:
            return SEQ_TAG
        return MAP_TAG

    # CParser looks these up on the instance when a path resolver is registered; we have none.
    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


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
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?\Z"), "a number with underscores"),
    (re.compile(r"[-+]?[0-9]+\.[0-9]*_[0-9_]*\Z"), "a number with underscores"),
    (re.compile(r"=\Z"), "the YAML 1.1 'value' key"),
)
# all of them at once: most text that starts like a number ("06:54", "+09:00") is none of
# them, and one match in C says so (the loop names the reading of what is)
_ANY_AMBIGUOUS = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _AMBIGUOUS))
_YAML11_BOOLEANS = frozenset({"y", "n", "yes", "no", "on", "off"})  # any case
_LETTER_KEYS = frozenset({"y", "Y", "n", "N"})
# A plain scalar can read as other than text only if it starts with one of these: digits,
# signs, '.', '=', '~' and the first letters of null/true/false/y/yes/n/no/on/off.
_MAYBE_TYPED = frozenset("0123456789+-.=~yYnNoOtTfF")
_FLOW_CHARS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ ]{400,}\S", re.M)
_DEEP_INLINE = re.compile(r"(?:[-?:][ ]+){200,}")


@dataclass(slots=True)
class LoadedDocument:
    path: str
    data: Any
    root: Node | None  # None from the fast path (armicheck.fastload) until a path is located
    text: str | None = None  # kept by the fast path, to compose `root` when first needed
    marks: dict[tuple[Any, ...], tuple[int, int]] | None = None  # found by the fast path

    @property
    def fast(self) -> bool:
        return self.text is not None

    def locate(self, path: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        Walks as deep as the path exists and returns the deepest node found, so a path into
        a missing field points at the mapping that lacks it.
        """
        if self.marks is not None and not key:
            found = self.marks.get(tuple(path))
            if found is not None:
                return found
        if self.root is None:
            self.root = _compose(self.path, self.text or "")
        node: Node = self.root
        mark_node: Node = node
        for step in path:
            if isinstance(node, MappingNode):
                for knode, vnode in node.value:
                    if knode.value == step:
                        mark_node = knode if key and step == path[-1] else vnode
                        node = vnode
                        break
                else:
                    break
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    node = node.value[step]
                    mark_node = node
                else:
                    break
            else:
                break
        mark = mark_node.start_mark
        return mark.line + 1, mark.column + 1


def read_source(path: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file (or stdin for '-') as strict UTF-8 text, refusing over-size input unread."""
    return decode_utf8(path, read_bytes(path, max_bytes))


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's (or stdin's) bytes, refusing over-size input unread."""
    import sys

    try:
        if path == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            raw = _read_bounded(path, max_bytes)
    except InputError:
        raise
    except IsADirectoryError:
        raise fail(path, 1, 1, "is a directory, not a file", "unreadable") from None
    except OSError as exc:
        raise fail(path, 1, 1, f"cannot read file: {exc.strerror or exc}", "unreadable") from None
    if len(raw) > max_bytes:
        raise fail(path, 1, 1, f"input is over the {max_bytes:,}-byte limit", "too-large")
    return raw


def _read_bounded(path: str, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of the file: a device or FIFO may never end. With the os
    calls themselves (~15 us a file against ~75 through Path and a buffered file object)."""
    target = path
    while target.endswith(("/", "/.")) and target != "/":  # as Path reads `file.yaml/`
        target = target[:-1] if target.endswith("/") else target[:-2]
    size = os.stat(target).st_size  # before opening: an over-size file is refused unread
    if size > max_bytes:
        raise fail(path, 1, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                   "for an incident file", "too-large")
    fd = os.open(target, os.O_RDONLY)
    try:
        want = size + 1 if size else 1 << 16  # a regular file in one read, then its end
        parts: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 16
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def decode_utf8(path: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(path, 1, 1, "file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                   "save it as UTF-8", "encoding")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise fail(path, line, column, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}: the file "
                   "must be UTF-8 text", "encoding") from None


def load_text(path: str, text: str, fast: bool = False) -> LoadedDocument:
    """Compose and convert YAML text; raises InputError with path:line:col diagnostics.

    With `fast`, a clean file may be read by armicheck.fastload instead: the same data, and
    positions from the same PyYAML nodes, composed when a diagnostic or a finding first needs
    one that the fast loader did not find itself.
    """
    _guard_nesting(path, text)
    # Loading allocates a node and two marks per value (or, fast, the values), all acyclic:
    # with the cycle collector on, its passes over the growing heap cost 20-75% of the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if fast:
            from armicheck.fastload import load_clean

            doc = load_clean(path, text)
            if doc is not None:
                return doc
        return _load(path, text)
    finally:
        if collecting:
            gc.enable()


def _load(path: str, text: str) -> LoadedDocument:
    root = _compose(path, text)
    converter = _Converter(path, check_aliases=_may_alias(text),
                           check_escapes="\\u" in text or "\\U" in text)
    data = converter.convert(root, 0)
    return LoadedDocument(path=path, data=data, root=root)


def _compose(path: str, text: str) -> Node:
    try:
        parser = _StrictComposer(text)  # the C parser reads (and checks) the text here
    except yaml.reader.ReaderError:
        raise _bad_character(path, text) from None
    try:
        root = parser.get_single_node()
    except yaml.reader.ReaderError:
        raise _bad_character(path, text) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "malformed YAML"
        context = f" ({exc.context})" if exc.context and exc.context != problem else ""
        raise fail(path, line, col, f"malformed YAML: {problem}{context}", "yaml") from None
    except yaml.YAMLError as exc:
        raise fail(path, 1, 1, f"malformed YAML: {exc}", "yaml") from None
    except RecursionError:
        raise fail(path, 1, 1, "nesting too deep", "too-deep") from None
    finally:
        parser.dispose()
    if root is None:
        raise fail(path, 1, 1, "empty file: expected an incident (a YAML mapping)", "empty")
    return root


# Characters YAML allows in a stream (YAML 1.1 §5.1); libyaml refuses the file on any other.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")


def _bad_character(path: str, text: str) -> InputError:
    m = _NOT_PRINTABLE.search(text)
    if m is None:  # pragma: no cover - libyaml and this pattern agree on the character set
        return fail(path, 1, 1, "malformed YAML: unacceptable character", "yaml")
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    code = ord(m.group())
    if code == 0:
        return fail(path, line, col, "NUL byte: this looks like UTF-16 or binary data, not UTF-8 "
                    "text", "encoding")
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return fail(path, line, col, f"character U+{code:04X} is not allowed in YAML text (inside "
                f"double quotes, write it as the escape {escape})", "encoding")


def load_file(path: str, max_bytes: int = MAX_FILE_BYTES, fast: bool = False) -> LoadedDocument:
    return load_text(path, read_source(path, max_bytes), fast)


def _may_alias(text: str) -> bool:
    """Can the text hold an alias (`*name` where a value starts)? Cheap substring tests."""
    return "*" in text and (text.startswith("*") or any(s in text for s in _ALIAS_STARTS))


_ALIAS_STARTS = (" *", "\t*", "\n*", "[*", "{*", ",*")
# bytes of "-", "?", ":" and " " -> 1, others -> 0: a run of 400 ones may be an inline chain
_CHAIN_BYTES = bytes(1 if chr(b) in "-?: " else 0 for b in range(256))
_NOT_BRACKETS = bytes(b for b in range(256) if chr(b) not in "[]{}")


def _guard_nesting(path: str, text: str) -> None:
    """Refuse nesting deep enough to hurt the C composer before it sees the text.

    The exact regexes are slow on every file; substring prefilters (~50x faster) run them
    only on text that could match.
    """
    m = None
    if text.startswith(" " * 400) or "\n" + " " * 400 in text:
        m = _DEEP_INDENT.search(text)
    raw = text.encode("utf-8", "surrogatepass")
    if m is None and b"\x01" * 400 in raw.translate(_CHAIN_BYTES):
        m = _DEEP_INLINE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise fail(path, line, 1, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
    if text.count("[") + text.count("{") > MAX_DEPTH and not flow_depth_within(raw, MAX_DEPTH):
        depth = 0  # over the limit: again, slowly, to say where
        for m in _FLOW_CHARS.finditer(text):
            if m.group() in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    line = text.count("\n", 0, m.start()) + 1
                    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                    raise fail(path, line, col, f"nesting deeper than {MAX_DEPTH} levels",
                               "too-deep")
            elif depth:
                depth -= 1


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


class _Converter:
    def __init__(self, path: str, check_aliases: bool, check_escapes: bool = True) -> None:
        self.path = path
        self.seen: set[int] | None = set() if check_aliases else None
        self.check_escapes = check_escapes

    def _error(self, node: Node, message: str, code: str) -> InputError:
        m = node.start_mark
        return fail(self.path, m.line + 1, m.column + 1, message, code)

    def convert(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self._error(node, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
        if self.seen is not None:
            key = id(node)
            if key in self.seen:
                raise self._error(node, "anchors and aliases (&name / *name) are not allowed in "
                                  "armicheck files: write the value out", "alias")
            self.seen.add(key)
        cls = node.__class__
        if cls is ScalarNode:
            if node.tag != STR_TAG:
                raise self._error(node, f"explicit YAML tag {_short_tag(node.tag)} is not "
                                  "allowed", "tag")
            style = node.style
            if not style:  # plain: None from PyYAML's composer, '' from libyaml's
                value = node.value
                if value and value[0] not in _MAYBE_TYPED:
                    return value  # the common case: plain text that no YAML reads as else
                return self.scalar(node)
            if style == '"' and self.check_escapes:
                _check_escaped_text(self, node)
            return node.value
        if node.tag != (SEQ_TAG if cls is SequenceNode else MAP_TAG):
            raise self._error(node, f"explicit YAML tag {_short_tag(node.tag)} is not allowed",
                              "tag")
        convert = self.convert
        depth += 1
        if cls is SequenceNode:
            return [convert(item, depth) for item in node.value]
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.__class__ is not ScalarNode:
                raise self._error(knode, "mapping keys must be plain text", "key")
            if knode.tag != STR_TAG:
                raise self._error(knode, f"explicit YAML tag {_short_tag(knode.tag)} is not "
                                  "allowed", "tag")
            key = knode.value
            if not knode.style and key and (key[0] in _MAYBE_TYPED or key == "<<"):
                if key == "<<":
                    raise self._error(knode, "merge keys (<<) are not allowed: write the fields "
                                      "out", "merge-key")
                if key not in _LETTER_KEYS:  # `x:`/`y:` coordinates are keys, not booleans
                    self.scalar(knode)  # ambiguity check on plain keys (e.g. `NO:`)
            if key in out:
                first = next(k for k, _ in node.value if k.value == key)
                raise self._error(knode, f"duplicate key '{key}' (first defined on line "
                                  f"{first.start_mark.line + 1})", "duplicate-key")
            out[key] = convert(vnode, depth)
        return out

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return read_plain(node.value)
        except PlainScalarError as exc:
            raise self._error(node, str(exc), exc.code) from None


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
        if value.lower() not in _YAML11_BOOLEANS:
            return value  # "north", "official": the common case, without 13 regexes
    if (first.isdigit() or first in "+-.=yYnNoO") and _ANY_AMBIGUOUS.match(value):
        for pattern, reading in _AMBIGUOUS:
            if pattern.match(value):
                raise PlainScalarError(
                    f"ambiguous value {value}: YAML reads it as {reading}; quote it "
                    f'("{value}") if you mean text', "ambiguous")
    return value


def _check_escaped_text(converter: _Converter, node: ScalarNode) -> None:
    """A "\\ud800" escape makes a lone surrogate: text no output format can encode."""
    try:
        node.value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise converter._error(node, f"escape for U+{ord(node.value[exc.start]):04X} (a lone "
                               "UTF-16 surrogate) is not a character", "encoding") from None


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
