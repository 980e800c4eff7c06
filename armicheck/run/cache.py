"""A cache of results keyed by everything a result depends on (`--cache`, opt-in).

An incident entry is a function of: the file's bytes and path, armicheck's own code and data,
the rule packs' files, the options, and the versions of Python and of the libraries that
parse, validate and measure. The key hashes all of these, so a result is served only when
recomputing it would give the same bytes: never stale, whatever changed. Entries are written
to a temporary file and renamed into place, so concurrent runs (several `--jobs`, several CI
jobs on a shared cache) only ever see whole entries; an unreadable entry is a miss. Internal
errors and stdin are never cached.

Layout: $XDG_CACHE_HOME/armicheck (default ~/.cache/armicheck) / v2 / ab / abcdef... (an
HMAC-SHA256 under the user's key, then zlib'd JSON). The key lives outside the cache folder
(`key_path`), 0600: an entry edited by hand, or written by anyone without the key, is a miss.
Nothing is evicted: delete the folder to reclaim the space (~5 KB per incident).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from armicheck.core.data import PACKAGE_DIR
from armicheck.core.encode import dumps_bytes

FORMAT = "v2"
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


# An entry is HMAC-SHA256(key, entry name + body) + body (zlib'd JSON); the key is the user's
# own, kept outside the cache folder, so an entry that anyone else wrote or edited is a miss.
_MAC_BYTES = 32
MAX_STORED = 16 << 20  # bytes read of an entry at most (entries are ~5 KB)
MAX_ENTRY = 64 << 20  # bytes an entry may inflate to
_KEY: bytes | None = None


def key_path() -> Path:
    """$ARMICHECK_CACHE_KEY, else $XDG_CONFIG_HOME/armicheck/cache.key (~/.config/...)."""
    named = os.environ.get("ARMICHECK_CACHE_KEY")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "armicheck" / "cache.key"


def cache_key() -> bytes:
    """The user's cache key: 32 random bytes, made on first use with mode 0600. OSError when
    it cannot be read or made (the run then uses no cache)."""
    global _KEY
    if _KEY is not None:
        return _KEY
    path = key_path()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
        except FileExistsError:  # another run made it first
            pass
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device: never waited on
            raise PermissionError(f"{path}: the cache key must be a regular file")
        if info.st_mode & 0o077 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise PermissionError(f"{path}: the cache key must be the user's own, mode 0600")
        key = fh.read(65)
    if len(key) < 16:
        raise PermissionError(f"{path}: the cache key is too short")
    _KEY = key
    return key


def _mac(key: bytes, name: str, body: bytes) -> bytes:
    return hmac.new(key, name.encode("ascii") + b"\0" + body, hashlib.sha256).digest()


def _well_formed(entry: Any, path: str) -> bool:
    """An entry's shape, as the contract has it: a served entry is never half a result."""
    return isinstance(entry, dict) and isinstance(entry.get("findings"), list) \
        and isinstance(entry.get("errors"), list) and isinstance(entry.get("path"), str) \
        and (entry.get("id") is None or isinstance(entry.get("id"), str)) \
        and all(isinstance(f, dict) and isinstance(f.get("status"), str)
                and isinstance(f.get("rule_id"), str) for f in entry["findings"]) \
        and all(isinstance(e, dict) for e in entry["errors"])


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
        target = self._path(path, raw)
        entry = None
        try:
            key = cache_key()
            # never opened unless a regular file: a planted FIFO would block the open
            fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise OSError("not a regular file")
                data = fh.read(MAX_STORED + 1)
            mac, body = data[:_MAC_BYTES], data[_MAC_BYTES:]
            # only what this user's armicheck wrote: a hand-edited or planted entry is a miss
            if len(data) <= MAX_STORED and hmac.compare_digest(
                    mac, _mac(key, target.name, body)):
                inflate = zlib.decompressobj()
                text = inflate.decompress(body, MAX_ENTRY)  # a bomb stops at the bound
                if not inflate.unconsumed_tail and inflate.eof:
                    entry = json.loads(text)  # not orjson: it reads big integers as floats
        except (OSError, ValueError, zlib.error, RecursionError):
            entry = None
        if not _well_formed(entry, path):
            self.misses += 1
            return None
        self.hits += 1
        return entry  # type: ignore[return-value]

    def put(self, path: str, raw: bytes, entry: dict[str, Any]) -> None:
        if any(e.get("code") == "internal" for e in entry["errors"]):
            return
        target = self._path(path, raw)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", dir=target.parent)
            body = zlib.compress(dumps_bytes(entry), 1)
            with os.fdopen(fd, "wb") as fh:
                fh.write(_mac(cache_key(), target.name, body) + body)
            os.replace(tmp, target)  # atomic: readers see the old entry or the whole new one
        except OSError:  # a full disk or a read-only cache must not fail the run
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass
