"""The Python API: evaluate or validate incidents and get the JSON contract's entries.

    >>> import armicheck
    >>> entries = armicheck.evaluate("incidents/")
    >>> entries[0]["findings"][0]["rule_id"]

Each entry is what `armicheck evaluate -f json` writes for one file (`path`, `id`,
`findings`, `errors`, ...). The command line is built on these functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from armicheck.core.diagnostics import InputError
from armicheck.packs import load_builtin
from armicheck.packs import load_rules as _load_packs
from armicheck.packs.model import RuleSet
from armicheck.run.check import Options, check_text, error_entry
from armicheck.run.contract import rule_descriptors
from armicheck.run.many import Finish, run_many
from armicheck.run.paths import expand_paths

PathLike = str | Path


def load_rules(extra: Sequence[PathLike] = ()) -> RuleSet:
    """The built-in rule packs, plus (or replaced by) the packs in `extra` folders. Raises
    InputError (its `diagnostics` are `path:line:col` problems) on an invalid pack."""
    return _load_packs(tuple(str(d) for d in extra)) if extra else load_builtin()


def entries(paths: Sequence[PathLike], ruleset: RuleSet | None, options: Options, *,
            jobs: int = 1, evaluate_rules: bool = True, finish: Finish | None = None
            ) -> tuple[list[str], list[dict[str, Any]], Iterator[dict[str, Any]]]:
    """The files to read (directories walked for *.yaml / *.yml; '-' is stdin), the entries
    of paths that do not exist, and an iterator of the files' entries in input order."""
    files, missing = expand_paths([str(p) for p in paths])
    absent = [error_entry(d.path, [d]) for d in missing]
    return files, absent, run_many(files, ruleset, options, jobs,  # type: ignore[arg-type]
                            evaluate_rules=evaluate_rules, finish=finish)


def _as_list(paths: PathLike | Sequence[PathLike]) -> list[PathLike]:
    return [paths] if isinstance(paths, str | Path) else list(paths)


def evaluate(paths: PathLike | Sequence[PathLike], *, rules: RuleSet | None = None,
             as_of: str | None = None, explain: bool = False, jobs: int = 1
             ) -> list[dict[str, Any]]:
    """Evaluate incident files (or directories of them): one entry per file, in order. An
    invalid file's entry has `errors` and no findings."""
    _, absent, found = entries(_as_list(paths), rules or load_builtin(),
                            Options(as_of=as_of, explain=explain), jobs=jobs)
    return absent + list(found)


def evaluate_text(text: str, name: str = "<text>", *, rules: RuleSet | None = None,
                  as_of: str | None = None, explain: bool = False) -> dict[str, Any]:
    """Evaluate an incident given as YAML text; `name` stands for its path in diagnostics."""
    return check_text(name, text, rules or load_builtin(), Options(as_of=as_of, explain=explain))


def validate(paths: PathLike | Sequence[PathLike], *, jobs: int = 1) -> list[dict[str, Any]]:
    """Validate incident files (schema and meaning): one entry per file, `errors` empty when
    the file is valid."""
    _, absent, found = entries(_as_list(paths), None, Options(), jobs=jobs, evaluate_rules=False)
    return absent + list(found)


__all__ = ["InputError", "Options", "entries", "evaluate", "evaluate_text", "load_rules",
           "rule_descriptors", "validate"]
