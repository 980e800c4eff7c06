"""One incident file through load -> validate -> facts -> engine, ending as plain JSON data.

The result is the JSON contract's incident entry (plain dicts and lists), so it crosses
process boundaries for `--jobs` and every output format renders from the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from armicheck.diagnostics import Diagnostic, InputError
from armicheck.loader import MAX_FILE_BYTES, load_file
from armicheck.rulepacks import KST, RuleSet


@dataclass(frozen=True, slots=True)
class Options:
    as_of: str | None = None
    explain: bool = False
    max_bytes: int = MAX_FILE_BYTES


def as_of_window(as_of: str | None) -> tuple[datetime, datetime] | None:
    if not as_of:
        return None
    day = date.fromisoformat(as_of)
    return (datetime.combine(day, time(0, 0), KST),
            datetime.combine(day + timedelta(days=1), time(0, 0), KST))


def check_file(path: str, ruleset: RuleSet, options: Options,
               evaluate_rules: bool = True) -> dict[str, Any]:
    from armicheck.validate import validate_incident

    entry: dict[str, Any] = {"path": path, "id": None, "findings": [], "errors": []}
    try:
        doc = load_file(path, options.max_bytes)
        diags = validate_incident(doc)
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


def _worker(args: tuple[str, Options, bool]) -> dict[str, Any]:
    # no rule set when only validating (`armicheck validate`)
    return check_file(args[0], _WORKER_RULES, args[1], args[2])  # type: ignore[arg-type]


def run_many(files: list[str], ruleset: RuleSet, options: Options, jobs: int,
             evaluate_rules: bool = True) -> Any:
    """Yield incident entries in input order; several processes when jobs > 1."""
    global _WORKER_RULES
    if jobs <= 1 or len(files) < 8 or "-" in files:
        for f in files:
            yield check_file(f, ruleset, options, evaluate_rules)
        return
    import multiprocessing

    _WORKER_RULES = ruleset  # inherited by forked workers: packs are loaded once
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        chunk = max(1, min(64, len(files) // (jobs * 8)))
        yield from pool.imap(_worker, ((f, options, evaluate_rules) for f in files), chunk)
