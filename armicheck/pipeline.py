"""One incident file through load -> validate -> facts -> engine, ending as plain JSON data.

The result is the JSON contract's incident entry (plain dicts and lists), so it crosses
process boundaries for `--jobs` and every output format renders from the same data.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from armicheck.diagnostics import Diagnostic, InputError
from armicheck.loader import MAX_FILE_BYTES, decode_utf8, load_file, load_text, read_bytes
from armicheck.rulepacks import KST, RuleSet


@dataclass(frozen=True, slots=True)
class Options:
    as_of: str | None = None
    explain: bool = False
    max_bytes: int = MAX_FILE_BYTES
    cache_dir: str | None = None  # reuse results of unchanged files (armicheck.cache)
    cache_key: str | None = None  # the run's fingerprint, set by run_many


def as_of_window(as_of: str | None) -> tuple[datetime, datetime] | None:
    if not as_of:
        return None
    day = date.fromisoformat(as_of)
    return (datetime.combine(day, time(0, 0), KST),
            datetime.combine(day + timedelta(days=1), time(0, 0), KST))


def check_file(path: str, ruleset: RuleSet, options: Options,
               evaluate_rules: bool = True) -> dict[str, Any]:
    cache = _cache(ruleset, options, evaluate_rules) if options.cache_dir and path != "-" \
        else None
    if cache is None:
        return _check(path, lambda: load_file(path, options.max_bytes, fast=True), ruleset,
                      options, evaluate_rules)
    try:
        raw = read_bytes(path, options.max_bytes)
    except InputError as exc:  # about the file system, not the content: not cached
        return {"path": path, "id": None, "findings": [],
                "errors": [d.to_json() for d in exc.diagnostics]}
    entry = cache.get(path, raw)
    if entry is None:
        entry = _check(path, lambda: load_text(path, decode_utf8(path, raw), fast=True), ruleset,
                       options, evaluate_rules)
        cache.put(path, raw, entry)
    return entry


def _cache(ruleset: RuleSet | None, options: Options, evaluate_rules: bool) -> Any:
    from pathlib import Path

    from armicheck.cache import Cache

    return Cache(Path(options.cache_dir or "."), options.cache_key or
                 _fingerprint(ruleset, options, evaluate_rules))


def _fingerprint(ruleset: RuleSet | None, options: Options, evaluate_rules: bool) -> str:
    """Code, packs and options: what every result of a run depends on besides its file."""
    from armicheck.cache import fingerprint

    packs = [p.directory.resolve() for p in ruleset.packs.values()] if ruleset else []
    return fingerprint(packs, (options.as_of, options.explain, options.max_bytes,
                               evaluate_rules))


def _check(path: str, load: Any, ruleset: RuleSet, options: Options,
           evaluate_rules: bool) -> dict[str, Any]:
    from armicheck.validate import validate_incident

    entry: dict[str, Any] = {"path": path, "id": None, "findings": [], "errors": []}
    try:
        doc = load()  # fast or strict, the same data; a fast document composes the text
        diags = validate_incident(doc)  # with PyYAML when a diagnostic needs a position
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            entry["id"] = doc.data["id"]
        if diags:
            entry["errors"] = [d.to_json() for d in diags]
            return entry
        if not evaluate_rules:
            return entry
        from armicheck.engine import evaluate
        from armicheck.facts import derive_facts
        from armicheck.report.json import incident_entry

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
                                      f"{exc} (please report this with the file)",
                                      "internal").to_json()]
    return entry


def expand_paths(paths: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """Files as given, directories walked for *.yaml / *.yml in a stable order, '-' = stdin."""
    from pathlib import Path

    files: list[str] = []
    missing: list[Diagnostic] = []
    for p in paths:
        if p == "-":
            files.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                (f for f in path.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()
                 and not any(part.startswith(".") for part in f.relative_to(path).parts)),
                key=lambda f: f.as_posix())
            files.extend(str(f) for f in found)
        elif path.exists():
            files.append(p)
        else:
            missing.append(Diagnostic(p, 1, 1, "no such file or directory", "unreadable"))
    return files, missing


_WORKER_RULES: RuleSet | None = None
# Files between two runs of the cycle collector: a file leaves ~10 objects in reference
# cycles, and everything else it allocates (~50,000 objects) is freed by reference counting.
COLLECT_EVERY = 256


class _Collector:
    """The cycle collector off while files are checked, run every COLLECT_EVERY files.

    With it on, its passes over each file's short-lived objects cost ~18% of a run (measured
    on 7 KB incidents); `gc.freeze()` first puts the modules and rule packs, which live for the
    whole run, where no pass scans them (and keeps forked workers' pages shared).
    """

    def __init__(self) -> None:
        gc.freeze()
        self.was_enabled = gc.isenabled()
        self.count = 0
        gc.disable()

    def tick(self) -> None:
        self.count += 1
        if self.count % COLLECT_EVERY == 0:
            gc.collect()

    def close(self) -> None:
        gc.unfreeze()  # a long-lived caller (a test session) may free those objects later
        if self.was_enabled:
            gc.enable()


_WORKER_COLLECTOR: _Collector | None = None


def _init_worker() -> None:
    global _WORKER_COLLECTOR
    _WORKER_COLLECTOR = _Collector()


Finish = Callable[[dict[str, Any]], dict[str, Any]]


def _worker(args: tuple[str, Options, bool, Finish | None]) -> dict[str, Any]:
    # no rule set when only validating (`armicheck validate`)
    entry = check_file(args[0], _WORKER_RULES, args[1], args[2])  # type: ignore[arg-type]
    if args[3] is not None:
        entry = args[3](entry)
    if _WORKER_COLLECTOR is not None:
        _WORKER_COLLECTOR.tick()
    return entry


def run_many(files: list[str], ruleset: RuleSet, options: Options, jobs: int,
             evaluate_rules: bool = True, finish: Finish | None = None) -> Any:
    """Yield incident entries in input order; several processes when jobs > 1.

    Entries are yielded as they are made, so a caller that does not keep them runs in memory
    flat in the number of files. `finish` (a module-level function: workers receive it by
    name) is applied to each entry where it is made: a writer's encoding done in the workers
    leaves the parent only text to pass on, where a whole entry cost it more to unpickle than
    to check the file took a worker a tenth of.
    """
    global _WORKER_RULES
    if options.cache_dir and not options.cache_key:  # hashed once per run, not per file
        options = replace(options, cache_key=_fingerprint(ruleset, options, evaluate_rules))
    collector = _Collector()
    try:
        if jobs <= 1 or len(files) < 8 or "-" in files:
            for f in files:
                entry = check_file(f, ruleset, options, evaluate_rules)
                yield finish(entry) if finish is not None else entry
                collector.tick()
            return
        import multiprocessing

        _WORKER_RULES = ruleset  # inherited by forked workers: packs are loaded once
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, initializer=_init_worker) as pool:
            chunk = max(1, min(64, len(files) // (jobs * 8)))
            yield from pool.imap(_worker, ((f, options, evaluate_rules, finish)
                                           for f in files), chunk)
    finally:
        collector.close()
