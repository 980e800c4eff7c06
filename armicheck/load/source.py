"""Reading an input's bytes and decoding them as UTF-8, refusing what is not an incident file
before any parser sees it."""

from __future__ import annotations

import os
import stat

from armicheck.core.diagnostics import InputError, fail
from armicheck.load.scalars import MAX_FILE_BYTES


def read_source(path: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file (or stdin for '-') as strict UTF-8 text, refusing over-size input unread."""
    return decode_utf8(path, read_bytes(path, max_bytes))


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's (or stdin's) bytes, refusing over-size input unread."""
    import sys

    try:
        if path == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            raw = _read_bounded(path, max_bytes)
    except InputError:
        raise
    except IsADirectoryError:
        raise fail(path, 1, 1, "is a directory, not a file", "unreadable") from None
    except OSError as exc:
        raise fail(path, 1, 1, f"cannot read file: {exc.strerror or exc}", "unreadable") from None
    if len(raw) > max_bytes:
        raise fail(path, 1, 1, f"input is over the {max_bytes:,}-byte limit", "too-large")
    return raw


def _read_bounded(path: str, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of the file: a device or FIFO may never end. With the os
    calls themselves, cheaper than Path and a buffered file object (bench/README.md)."""
    target = path
    while target.endswith(("/", "/.")) and target != "/":  # as Path reads `file.yaml/`
        target = target[:-1] if target.endswith("/") else target[:-2]
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the run forever, a device never end
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a socket" \
            if stat.S_ISSOCK(info.st_mode) else "a device" \
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a file"
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(target)
        raise fail(path, 1, 1, f"is {kind}, not a regular file (use - to read standard input)",
                   "unreadable")
    size = info.st_size  # before opening: an over-size file is refused unread
    if size > max_bytes:
        raise fail(path, 1, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                   "for an incident file", "too-large")
    fd = os.open(target, os.O_RDONLY)
    try:
        want = size + 1 if size else 1 << 16  # a regular file in one read, then its end
        parts: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = 1 << 16
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def decode_utf8(path: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(path, 1, 1, "file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                   "save it as UTF-8", "encoding")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise fail(path, line, column, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}: the file "
                   "must be UTF-8 text", "encoding") from None
