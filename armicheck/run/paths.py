"""The files a run reads: paths as given, directories walked."""

from __future__ import annotations

from pathlib import Path

from armicheck.core.diagnostics import Diagnostic


def expand_paths(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files as given, directories walked for *.yaml / *.yml in a stable order, '-' = stdin.
    A walk keeps every such name but directories: a named pipe, a device or a dangling link
    is reported when it is read, never skipped without a word."""
    files: list[str] = []
    missing: list[Diagnostic] = []
    for p in paths:
        if p == "-":
            files.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                (f for f in path.rglob("*") if f.suffix in (".yaml", ".yml") and not f.is_dir()
                 and not any(part.startswith(".") for part in f.relative_to(path).parts)),
                key=lambda f: f.as_posix())
            files.extend(str(f) for f in found)
        elif path.exists():
            files.append(p)
        else:
            missing.append(Diagnostic(p, 1, 1, "no such file or directory", "unreadable"))
    return files, missing
