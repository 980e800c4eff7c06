"""Stage 1, load: a path or a text becomes a LoadedDocument (plain data, and line:column
for any JSON path), or an InputError with `path:line:col` diagnostics.

The one entry point: the nesting guard, then the strict loader (`load.strict`: libyaml's C
parser composes, our conversion builds the plain values), with the cycle collector off.
"""

from __future__ import annotations

import gc

from armicheck.load.scalars import MAX_FILE_BYTES
from armicheck.load.source import decode_utf8, read_bytes, read_source
from armicheck.load.strict import LoadedDocument, guard_nesting, load_strict

__all__ = ["MAX_FILE_BYTES", "LoadedDocument", "decode_utf8", "load_file", "load_text",
           "read_bytes", "read_source"]


def load_text(path: str, text: str) -> LoadedDocument:
    """Compose and convert YAML text; raises InputError with path:line:col diagnostics."""
    guard_nesting(path, text)
    # Loading allocates a node and two marks per value, all acyclic: the cycle collector's
    # passes over the growing heap would cost a good share of the load (bench/README.md).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_strict(path, text)
    finally:
        if collecting:
            gc.enable()


def load_file(path: str, max_bytes: int = MAX_FILE_BYTES) -> LoadedDocument:
    return load_text(path, read_source(path, max_bytes))
