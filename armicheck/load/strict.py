"""Strict YAML loading with line numbers (stage 1 of load → validate → facts → engine → report).

PyYAML's C parser composes the node graph; we then build plain Python values ourselves so
that YAML 1.1 surprises never reach the data: a plain `NO`, `12:30`, `010`, `0x1F`, `.inf` or
a bare date is an error asking for quotes, not a silent False / 750 / 8 / 31 / inf / date.
Duplicate keys, anchors and aliases, explicit tags, non-UTF-8 bytes, over-size files and
deep nesting are errors too. The composed root node is kept so that any JSON path can be
mapped back to `line:column` lazily, only when a diagnostic or a finding needs it.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from armicheck.core.diagnostics import InputError, fail
from armicheck.load.scalars import (
    LETTER_KEYS,
    MAX_DEPTH,
    MAYBE_TYPED,
    PlainScalarError,
    flow_depth_within,
    read_plain,
)

try:  # the C parser is much faster; the pure-Python one gives the same nodes
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


_FLOW_CHARS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ ]{400,}\S", re.M)
_DEEP_INLINE = re.compile(r"(?:[-?:][ ]+){200,}")


@dataclass(slots=True)
class LoadedDocument:
    path: str
    data: Any
    root: Node
    # the text, kept only when it holds NEL, LS or PS (see `_line_col`)
    odd_breaks: str | None = None
    # the text itself: validation's hints read it (placeholders, a comma in `{…}`)
    text: str = ""

    def locate(self, path: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its key when `key` is true.

        Walks as deep as the path exists and returns the deepest node found, so a path into
        a missing field points at the mapping that lacks it.
        """
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
        return _line_col(mark_node.start_mark, self.odd_breaks)


    def item_lines(self, path: Sequence[str | int]) -> list[int]:
        """1-based line of each item of the sequence at `path` (one walk for all of them)."""
        node: Node = self.root
        for step in path:
            if not isinstance(node, MappingNode):
                return []
            node = next((v for k, v in node.value if k.value == step), None)  # type: ignore
            if node is None:
                return []
        if not isinstance(node, SequenceNode):
            return []
        return [_line_col(item.start_mark, self.odd_breaks)[0] for item in node.value]


# YAML 1.1 (so PyYAML's marks) counts NEL, LS and PS as line breaks; GitHub and editors count
# only LF, CRLF and CR, and in a quoted string these are characters of the string
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def _line_col(mark: Any, text: str | None) -> tuple[int, int]:
    """1-based (line, column) of a mark as editors and GitHub count them."""
    starts = _line_starts(text) if text else None
    if starts is None:
        return mark.line + 1, mark.column + 1
    line = bisect.bisect_right(starts, mark.index)
    return line, mark.index - starts[line - 1] + 1


@lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int] | None:
    """Where each line begins (LF, CRLF or a lone CR ends one), or None when the text has no
    NEL, LS or PS (YAML's marks are then right): worked out once per text, so each position
    costs a binary search, however many diagnostics a file has."""
    if not _YAML_ONLY_BREAKS.search(text):
        return None
    return [0] + [m.end() for m in re.finditer("\r\n|\r|\n", text)]


def load_strict(path: str, text: str) -> LoadedDocument:
    root = _compose(path, text)
    converter = _Converter(path, check_aliases=_may_alias(text),
                           check_escapes="\\u" in text or "\\U" in text, text=text)
    data = converter.convert(root, 0)
    return LoadedDocument(path=path, data=data, root=root,
                          odd_breaks=text if _YAML_ONLY_BREAKS.search(text) else None,
                          text=text)


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
        line, col = _line_col(mark, text) if mark else (1, 1)
        problem = exc.problem or "malformed YAML"
        context = f" ({exc.context})" if exc.context and exc.context != problem else ""
        if problem == "mapping values are not allowed here" or \
                problem == "mapping values are not allowed in this context":
            context += _colon_advice(text, line)
        elif problem == "did not find expected ',' or '}'":
            context += _flow_colon_advice(text, line, col)
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


def _colon_advice(text: str, line: int) -> str:
    """What a writer means by a second ": " on a line: text holding a colon, which YAML reads
    as a mapping unless the value is quoted. The quoted form, for a `key: value` line."""
    m = re.match(r"(\s*(?:- )?[A-Za-z_][\w-]*: )([^\s\"'{\[].*?)\s*(#.*)?$",
                 _source_line(text, line))
    if m and ": " in m[2]:
        return _quote_it(m[1].strip(), m[2])
    return ": a value holding ': ' must be quoted (\"...\")"


def _flow_colon_advice(text: str, line: int, col: int) -> str:
    """In a {…} mapping, a value holding ': ' ends where YAML expects ',' or '}': the quoted
    form of that item, when the line shows it."""
    row = _source_line(text, line)
    start = max(row.rfind(", ", 0, col - 1) + 2, row.rfind("{", 0, col - 1) + 1)
    end = min((i for i in (row.find(",", col - 1), row.find("}", col - 1)) if i >= 0),
              default=len(row))
    key, sep, value = row[start:end].strip().partition(": ")
    if not sep or ": " not in value or not re.fullmatch(r"[A-Za-z_][\w-]*", key):
        return ""
    return _quote_it(f"{key}:", value)


def _source_line(text: str, line: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1] if len(lines) >= line else ""


def _quote_it(key: str, value: str) -> str:
    """The advice, with the value quoted as validation/quoting.py quotes one (JSON is YAML)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return f": a value holding ': ' must be quoted, e.g. {key} {quoted}"


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


def _may_alias(text: str) -> bool:
    """Can the text hold an alias (`*name` where a value starts)? Cheap substring tests."""
    return "*" in text and (text.startswith("*") or any(s in text for s in _ALIAS_STARTS))


_ALIAS_STARTS = (" *", "\t*", "\n*", "[*", "{*", ",*")
# bytes of "-", "?", ":" and " " -> 1, others -> 0: a run of 400 ones may be an inline chain
_CHAIN_BYTES = bytes(1 if chr(b) in "-?: " else 0 for b in range(256))
_NOT_BRACKETS = bytes(b for b in range(256) if chr(b) not in "[]{}")


def guard_nesting(path: str, text: str) -> None:
    """Refuse nesting deep enough to hurt the C composer before it sees the text.

    The exact regexes are slow on every file; cheap substring prefilters run them only on
    text that could match.
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


class _Converter:
    def __init__(self, path: str, check_aliases: bool, check_escapes: bool = True,
                 text: str | None = None) -> None:
        self.path = path
        self.text = text
        self.seen: set[int] | None = set() if check_aliases else None
        self.check_escapes = check_escapes

    def _error(self, node: Node, message: str, code: str) -> InputError:
        line, col = _line_col(node.start_mark, self.text)
        return fail(self.path, line, col, message, code)

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
                if value and value[0] not in MAYBE_TYPED:
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
            if not knode.style and key and (key[0] in MAYBE_TYPED or key == "<<"):
                if key == "<<":
                    raise self._error(knode, "merge keys (<<) are not allowed: write the fields "
                                      "out", "merge-key")
                if key not in LETTER_KEYS:  # `x:`/`y:` coordinates are keys, not booleans
                    self.scalar(knode)  # ambiguity check on plain keys (e.g. `NO:`)
            if key in out:
                first = next(k for k, _ in node.value if k.value == key)
                raise self._error(knode, f"duplicate key '{key}' (first defined on line "
                                  f"{_line_col(first.start_mark, self.text)[0]})",
                                  "duplicate-key")
            out[key] = convert(vnode, depth)
        return out

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return read_plain(node.value)
        except PlainScalarError as exc:
            raise self._error(node, _thousands(self.text, node) or str(exc), exc.code) from None


def _thousands(text: str, node: ScalarNode) -> str | None:
    """`5,000` inside {…}: YAML reads 5, then `000` as a field of its own. Said as what the
    writer meant, a number with a thousands separator, not as the octal `000` it trips on."""
    if not node.value.isdigit() or len(node.value) != 3:
        return None
    start = node.start_mark.index
    before = re.search(r"(?<![\w.])(\d{1,3}(?:,\d{3})*),\Z", text[max(0, start - 40):start])
    if before is None:
        return None
    after = re.match(r"(?:,\d{3})*", text[node.end_mark.index:])
    number = f"{before[1]},{node.value}{after[0] if after else ''}"
    return (f"{number} is a number with a thousands separator, which YAML splits at the "
            f"comma: write {number.replace(',', '')}")


def _check_escaped_text(converter: _Converter, node: ScalarNode) -> None:
    """A "\\ud800" escape makes a lone surrogate: text no output format can encode."""
    try:
        node.value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise converter._error(node, f"escape for U+{ord(node.value[exc.start]):04X} (a lone "
                               "UTF-16 surrogate) is not a character", "encoding") from None


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
