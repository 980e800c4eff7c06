"""Stage 2, validate: an incident document against the schema, then for meaning.

The schema check (`validation.schema`) is jsonschema-rs: a fast `is_valid` gate for the
common case, a valid file. An invalid file gets every schema problem once, and the meaning
checks (`validation.meaning`) still run on every part the schema did not refuse, so one pass
reports every problem. Placeholders left from `armicheck new incident` are reported as such
(`validation.placeholders`).
"""

from __future__ import annotations

from typing import Any

from armicheck.core.diagnostics import Diagnostic
from armicheck.load import LoadedDocument
from armicheck.validation.format11 import format11_diagnostics
from armicheck.validation.meaning import masked, meaning_diagnostics
from armicheck.validation.placeholders import (
    may_hold_placeholders,
    placeholder_diagnostic,
    placeholder_paths,
)
from armicheck.validation.schema import (
    check_schema,
    describe_path,
    fast_validator,
    value_words,
)

__all__ = ["FORMAT_VERSION", "validate_incident"]

FORMAT_VERSION = 1


def validate_incident(doc: LoadedDocument) -> list[Diagnostic]:
    data = doc.data
    if not isinstance(data, dict):
        line, col = doc.locate([])
        kind = "a list" if isinstance(data, list) else "empty (null)" if data is None \
            else f"a single value ({value_words(data)})"
        return [Diagnostic(doc.path, line, col, f"top level is {kind}: an incident file is a "
                           "mapping with armicheck: 1, id, title, date, actors, events", "schema")]
    version = data.get("armicheck")
    if version != FORMAT_VERSION or isinstance(version, bool):
        line, col = doc.locate(["armicheck"]) if "armicheck" in data else doc.locate([])
        if version is None:
            msg = "missing 'armicheck: 1' (the incident format version) at the top of the file"
        else:
            msg = (f"unsupported incident format version {version!r}: this armicheck reads "
                   f"version {FORMAT_VERSION}")
        return [Diagnostic(doc.path, line, col, msg, "version")]
    placeholders: dict[tuple[Any, ...], str] = dict(placeholder_paths(data)) \
        if may_hold_placeholders(doc) else {}
    if fast_validator().is_valid(data):
        if not placeholders:  # the common case: a valid file
            found = meaning_diagnostics(doc)
            more = format11_diagnostics(doc)  # format 1.1 positions; none in a format 1 file
            return sorted(found + more, key=lambda d: (d.line, d.column)) if more else found
        found: list[Diagnostic] = []
        refused: list[tuple[Any, ...]] = []
        choices: dict[tuple[Any, ...], list[str]] = {}
    else:
        check = check_schema(doc, placeholders)
        found, refused, choices = check.diagnostics, check.refused, check.choices
    found += [placeholder_diagnostic(doc, path, text, describe_path(list(path)), choices.get(path))
              for path, text in placeholders.items()]
    readable = masked(data, [*refused, *placeholders])
    found += meaning_diagnostics(doc, readable)
    found += format11_diagnostics(doc, readable)
    found.sort(key=lambda d: (d.line, d.column))
    return found
