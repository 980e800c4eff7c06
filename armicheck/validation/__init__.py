"""Stage 2, validate: an incident document against the schema, then for meaning.

The schema check (`validation.schema`) is jsonschema-rs; the meaning checks
(`validation.meaning`) follow only on a schema-valid document.
"""

from __future__ import annotations

from armicheck.core.diagnostics import Diagnostic
from armicheck.load import LoadedDocument
from armicheck.validation.format11 import format11_diagnostics
from armicheck.validation.meaning import meaning_diagnostics
from armicheck.validation.schema import fast_validator, schema_diagnostics, value_words

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
    if not fast_validator().is_valid(data):
        diags = schema_diagnostics(doc)
        if diags:
            return diags
    found = meaning_diagnostics(doc)
    more = format11_diagnostics(doc)  # format 1.1 positions; none in a format 1 file
    if more:
        found = sorted(found + more, key=lambda d: (d.line, d.column))
    return found
