"""Stage 1, load: a path or a text becomes a LoadedDocument (plain data, and line:column
for any JSON path), or an InputError with `path:line:col` diagnostics.

The one place that knows both loaders: a clean file may be read by the fast loader
(`load.fast`); anything it does not take, and every diagnostic, comes from the strict one.
"""

from __future__ import annotations

import gc

from armicheck.load.fast import load_clean
from armicheck.load.scalars import MAX_FILE_BYTES
from armicheck.load.source import decode_utf8, read_bytes, read_source
from armicheck.load.strict import LoadedDocument, guard_nesting, load_strict

__all__ = ["MAX_FILE_BYTES", "LoadedDocument", "decode_utf8", "load_file", "load_text",
           "read_bytes", "read_source"]


def load_text(path: str, text: str, fast: bool = False) -> LoadedDocument:
    """Compose and convert YAML text; raises InputError with path:line:col diagnostics.

    With `fast`, a clean file may be read by armicheck.load.fast instead: the same data, and
    positions from the same PyYAML nodes, composed when a diagnostic or a finding first needs
    one that the fast loader did not find itself.
    """
    guard_nesting(path, text)
    # Loading allocates a node and two marks per value (or, fast, the values), all acyclic:
    # with the cycle collector on, its passes over the growing heap cost 20-75% of the load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if fast:
            doc = load_clean(path, text)
            if doc is not None:
                return doc
        return load_strict(path, text)
    finally:
        if collecting:
            gc.enable()


def load_file(path: str, max_bytes: int = MAX_FILE_BYTES, fast: bool = False) -> LoadedDocument:
    return load_text(path, read_source(path, max_bytes), fast)
