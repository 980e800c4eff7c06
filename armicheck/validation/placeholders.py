"""Placeholders left from `armicheck new incident`: a value written wholly in angle brackets,
`"<what happened, in one line>"`, is a blank still to fill in, never an incident's content.

Each is reported where it stands, with what it asks for, instead of whatever the schema
would say about it (a placeholder date is not "an invalid date"); the meaning checks skip
it. A text field's placeholder passes the schema, so valid files are searched too, but only
when their text holds a '<' at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from armicheck.core.diagnostics import Diagnostic
from armicheck.load import LoadedDocument

_PLACEHOLDER = re.compile(r"<[^<>\n]+>\Z")


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and value[:1] == "<" and bool(_PLACEHOLDER.match(value))


def may_hold_placeholders(doc: LoadedDocument) -> bool:
    """A cheap test on the text before any walk of the data."""
    return "<" in doc.text


def placeholder_paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...],
                                                                               str]]:
    """(path, text) of every placeholder value in the data, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholder_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from placeholder_paths(value, (*path, i))
    elif is_placeholder(data):
        yield path, data


def placeholder_diagnostic(doc: LoadedDocument, path: tuple[Any, ...], text: str, where: str,
                           choices: list[str] | None = None) -> Diagnostic:
    """`where: fill in <...>`: the placeholder's own words say what goes there; where the
    field takes set words the placeholder does not list, they are listed."""
    line, col = doc.locate(list(path))
    message = f"{where}: fill in the placeholder {text}"
    if choices and " | " not in text:
        message += f": one of {', '.join(choices)}"
    return Diagnostic(doc.path, line, col, message, "placeholder")
