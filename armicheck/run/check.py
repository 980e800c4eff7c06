"""One incident file through load → validate → facts → engine, ending as the JSON contract's
incident entry (plain dicts and lists), so it crosses process boundaries for `--jobs` and
every output format renders from the same data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armicheck.core.diagnostics import Diagnostic, InputError, shown_path
from armicheck.core.time import as_of_window
from armicheck.engine import evaluate
from armicheck.facts import derive_facts
from armicheck.load import MAX_FILE_BYTES, decode_utf8, load_file, load_text, read_bytes
from armicheck.packs.model import RuleSet
from armicheck.run.contract import incident_entry
from armicheck.validation import validate_incident


@dataclass(frozen=True, slots=True)
class Options:
    as_of: str | None = None
    explain: bool = False
    max_bytes: int = MAX_FILE_BYTES
    cache_dir: str | None = None  # reuse results of unchanged files (armicheck.cache)
    cache_key: str | None = None  # the run's fingerprint, set by run_many
    drawing: bool = False  # entries carry `place` and `events` (--format html draws them)


def check_file(path: str, ruleset: RuleSet, options: Options,
               evaluate_rules: bool = True) -> dict[str, Any]:
    cache = _cache(ruleset, options, evaluate_rules) if options.cache_dir and path != "-" \
        else None
    if cache is None:
        return _check(path, lambda: load_file(path, options.max_bytes), ruleset, options,
                      evaluate_rules)
    try:
        raw = read_bytes(path, options.max_bytes)
    except InputError as exc:  # about the file system, not the content: not cached
        return error_entry(path, exc.diagnostics)
    entry = cache.get(path, raw)
    if entry is None:
        entry = _check(path, lambda: load_text(path, decode_utf8(path, raw)), ruleset,
                       options, evaluate_rules)
        cache.put(path, raw, entry)
    return entry


def error_entry(path: str, diagnostics: Iterable[Diagnostic]) -> dict[str, Any]:
    """The entry of a file that could not be read: its errors, no findings."""
    return {"path": shown_path(path), "id": None, "findings": [],
            "errors": [d.to_json() for d in diagnostics]}


def check_text(name: str, text: str, ruleset: RuleSet, options: Options,
               evaluate_rules: bool = True) -> dict[str, Any]:
    """An incident given as text (the Python API); `name` stands for its path."""
    return _check(name, lambda: load_text(name, text), ruleset, options, evaluate_rules)


def _cache(ruleset: RuleSet | None, options: Options, evaluate_rules: bool) -> Any:
    from armicheck.run.cache import Cache  # only with --cache: start-up

    return Cache(Path(options.cache_dir or "."), options.cache_key or
                 run_fingerprint(ruleset, options, evaluate_rules))


def run_fingerprint(ruleset: RuleSet | None, options: Options, evaluate_rules: bool) -> str:
    """Code, packs and options: what every result of a run depends on besides its file."""
    from armicheck.run.cache import fingerprint  # only with --cache: start-up

    packs = [p.directory.resolve() for p in ruleset.packs.values()] if ruleset else []
    drawing = ("drawing",) if options.drawing else ()  # a run without it keys as before
    return fingerprint(packs, (options.as_of, options.explain, options.max_bytes,
                               evaluate_rules, *drawing))


def _check(path: str, load: Any, ruleset: RuleSet, options: Options,
           evaluate_rules: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": shown_path(path), "id": None, "findings": [], "errors": []}
    try:
        doc = load()
        diags = validate_incident(doc)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            entry["id"] = doc.data["id"]
        if diags:
            entry["errors"] = [d.to_json() for d in diags]
            return entry
        if not evaluate_rules:
            return entry
        facts = derive_facts(doc.data)
        evaluation = evaluate(facts, ruleset, doc.locate, as_of=as_of_window(options.as_of),
                              explain=options.explain)
        entry.update(incident_entry(doc, facts, evaluation, options))
    except InputError as exc:
        entry["errors"] = [d.to_json() for d in exc.diagnostics]
    except RecursionError:
        entry["errors"] = [Diagnostic(path, 1, 1, "nesting too deep", "too-deep").to_json()]
    except Exception as exc:  # an internal error must still be a clean, located message
        entry["errors"] = [Diagnostic(path, 1, 1, f"internal error: {type(exc).__name__}: "
                                      f"{' '.join(str(exc).split())[:300]} (please report "
                                      "this with the file)",
                                      "internal").to_json()]
    return entry
