"""A cache of results keyed by everything a result depends on (`--cache`, opt-in).

An incident entry is a function of: the file's bytes and path, armicheck's own code and data,
the rule packs' files, the options, and the versions of Python and of the libraries that
parse, validate and measure. The key hashes all of these, so a result is served only when
recomputing it would give the same bytes: never stale, whatever changed. Entries are written
to a temporary file and renamed into place, so concurrent runs (several `--jobs`, several CI
jobs on a shared cache) only ever see whole entries; an unreadable entry is a miss. Internal
errors and stdin are never cached.

Layout: $XDG_CACHE_HOME/armicheck (default ~/.cache/armicheck) / v1 / ab / abcdef... (zlib'd
JSON). Nothing is evicted: delete the folder to reclaim the space (~5 KB per incident).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from armicheck.core.data import PACKAGE_DIR
from armicheck.core.encode import dumps_bytes

FORMAT = "v1"
_LIBRARIES = ("PyYAML", "jsonschema-rs", "shapely", "pyproj", "numpy")


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "armicheck"


def _tree_digest(root: Path, h: Any) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in
                       p.parts and p.suffix not in (".pyc", ".pyo")):
        h.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def fingerprint(pack_dirs: list[Path], options: tuple[Any, ...]) -> str:
    """What every entry of this run depends on besides its own file: code, packs, options."""
    from importlib import metadata

    h = hashlib.sha256(FORMAT.encode())
    h.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    _tree_digest(PACKAGE_DIR, h)  # armicheck: code, schemas, data
    for d in sorted(pack_dirs):
        h.update(str(d).encode("utf-8", "surrogateescape"))
        _tree_digest(d, h)
    h.update(json.dumps(options, default=str).encode())
    return h.hexdigest()


class Cache:
    """Entries of one run: `get`/`put` by file path and bytes."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory / FORMAT
        self.fingerprint = fingerprint
        self.hits = self.misses = 0

    def _path(self, path: str, raw: bytes) -> Path:
        h = hashlib.sha256(self.fingerprint.encode())
        h.update(path.encode("utf-8", "surrogateescape") + b"\0")
        h.update(raw)
        key = h.hexdigest()
        return self.directory / key[:2] / key

    def get(self, path: str, raw: bytes) -> dict[str, Any] | None:
        try:
            data = (self._path(path, raw)).read_bytes()
            entry = json.loads(zlib.decompress(data))  # not orjson: it reads big integers as floats
        except (OSError, ValueError, zlib.error):
            self.misses += 1
            return None
        self.hits += 1
        return entry if isinstance(entry, dict) else None

    def put(self, path: str, raw: bytes, entry: dict[str, Any]) -> None:
        if any(e.get("code") == "internal" for e in entry["errors"]):
            return
        target = self._path(path, raw)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(zlib.compress(dumps_bytes(entry), 1))
            os.replace(tmp, target)  # atomic: readers see the old entry or the whole new one
        except OSError:  # a full disk or a read-only cache must not fail the run
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass
