"""A comma inside an unquoted value of a `{…}` mapping: `{name: Sokcho, Gangwon-do}` is, to
YAML, the field `name: Sokcho` and a second field `Gangwon-do` with no value. The schema
would call `Gangwon-do` an unknown field, blaming the format for a quoting mistake; this
module recognises the shape in the YAML nodes and says where the comma is and what to write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from armicheck.load import LoadedDocument


@dataclass(frozen=True, slots=True)
class CommaSplit:
    """A value cut at a comma: the field whose value it was, the comma's place, the words
    YAML read as fields of their own, and the quoted value to write."""

    field: str
    line: int
    column: int
    stray_keys: tuple[str, ...]
    quoted: str

    def message(self, where: str) -> str:
        number = json.loads(self.quoted) if self.quoted.startswith('"') else ""
        if re.fullmatch(r"\d{1,3}(,\d{3})+", number):  # 5,500: a thousands separator
            return (f"{where}.{self.field}: {number} is a number with a thousands separator, "
                    f"which YAML splits at the comma: write {number.replace(',', '')}")
        strays = " and ".join(f"'{k}'" for k in self.stray_keys)
        own = "a field of its own" if len(self.stray_keys) == 1 else "fields of their own"
        return (f"{where}.{self.field}: a comma ends an unquoted value inside {{…}}, so YAML "
                f"read {strays} as {own}: quote the whole value, "
                f"{{{self.field}: {self.quoted}}}")


def node_at(root: Node, path: Sequence[Any]) -> Node | None:
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) \
                and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node


def comma_split(doc: LoadedDocument, path: Sequence[Any], key: str) -> CommaSplit | None:
    """The comma split that made `key` a field of the mapping at `path`, or None."""
    mapping = node_at(doc.root, path)
    if not isinstance(mapping, MappingNode) or not mapping.flow_style:
        return None
    pairs = mapping.value
    at = next((i for i, (k, _) in enumerate(pairs) if k.value == key), None)
    if at is None or not _stray(pairs[at]):
        return None
    first = at
    while first > 0 and _stray(pairs[first - 1]):
        first -= 1
    if first == 0:
        return None
    field_node, value = pairs[first - 1]
    if not (isinstance(value, ScalarNode) and not value.style and value.value):
        return None  # only a plain value runs on past a comma
    last = at
    while last + 1 < len(pairs) and _stray(pairs[last + 1]):
        last += 1
    start, end = value.start_mark.index, pairs[last][0].end_mark.index
    text = doc.text[start:end] if doc.text else ", ".join(
        [value.value] + [k.value for k, _ in pairs[first:last + 1]])
    comma = doc.text.find(",", value.end_mark.index) if doc.text else -1
    if 0 <= comma < end:
        line = doc.text.count("\n", 0, comma) + 1
        column = comma - (doc.text.rfind("\n", 0, comma) + 1) + 1
    else:
        line, column = value.end_mark.line + 1, value.end_mark.column + 1
    return CommaSplit(field=str(field_node.value), line=line, column=column,
                      stray_keys=tuple(str(k.value) for k, _ in pairs[first:last + 1]),
                      quoted=json.dumps(" ".join(text.split()), ensure_ascii=False))


def _stray(pair: tuple[Node, Node]) -> bool:
    """A plain key with no colon and no value: a word after a comma, read as a key."""
    key, value = pair
    return (isinstance(key, ScalarNode) and not key.style and isinstance(value, ScalarNode)
            and not value.style and value.value == ""
            and value.start_mark.index == key.end_mark.index)
