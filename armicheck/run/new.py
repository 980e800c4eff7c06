"""`armicheck new incident [PATH]`: a commented starting file, on stdout or in a new file.

A file that exists is never overwritten, not even in a race with another writer: the text
is written to a temporary file beside PATH and linked to PATH, which fails if PATH exists.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from armicheck.templates import template_text


class NewFileRefused(Exception):
    """PATH cannot be created: the message says why. Exit code 2."""


def new_file(kind: str, path: str | None, stdout: TextIO) -> None:
    text = template_text(kind)
    if path is None or path == "-":
        stdout.write(text)
        return
    create_exclusive(Path(path), text)


def create_exclusive(path: Path, text: str) -> None:
    """Write `text` to a new file at `path`, or raise NewFileRefused; nothing is left behind
    on failure."""
    if path.is_dir():
        raise NewFileRefused(f"{path}: is a directory: give the name of the file to create")
    if path.exists() or path.is_symlink():
        raise NewFileRefused(f"{path}: already exists; armicheck new never overwrites a file "
                             "(give another name)")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise NewFileRefused(f"{path}: cannot write there: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        umask = os.umask(0)  # mkstemp makes the file 0600: give it the usual mode
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.link(tmp, path)  # fails if `path` appeared meanwhile: never overwrites
    except FileExistsError:
        raise NewFileRefused(f"{path}: already exists; armicheck new never overwrites a file "
                             "(give another name)") from None
    except OSError as exc:
        raise NewFileRefused(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
