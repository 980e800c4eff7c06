"""`armicheck rules list|show|test`: the rule packs as a reader and a maintainer see them."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, TextIO

from armicheck.pipeline import Options, as_of_window, check_file
from armicheck.rulepacks import Rule, RuleSet, in_force


def in_force_for(rule: Rule, as_of: str | None) -> dict[str, str]:
    """Per party of the rule's instrument: 'yes' / 'no' / 'indeterminate' on `as_of`."""
    out = {}
    for party in rule.pack.parties:
        if as_of:
            start, end = as_of_window(as_of)  # type: ignore[misc]
            out[party] = in_force(rule.periods, party, start, end).value
        else:
            out[party] = "yes" if any(p.party in ("all", party) and p.end is None
                                      for p in rule.periods) else "ended"
    return out


def list_rules(ruleset: RuleSet, as_of: str | None, pack: str | None, fmt: str,
               out: TextIO) -> None:
    rows: list[dict[str, Any]] = []
    for rule in ruleset.rules:
        if pack and rule.pack.id != pack:
            continue
        status = in_force_for(rule, as_of)
        parties = [p for p, v in status.items() if v == "yes"]
        if as_of and not parties and "indeterminate" not in status.values():
            continue
        rows.append({"id": rule.id, "title": rule.title, "category": rule.category,
                     "instrument": rule.pack.id, "basis": rule.basis["kind"],
                     "in_force_for": parties,
                     "uncertain_for": [p for p, v in status.items() if v == "indeterminate"]})
    if fmt == "json":
        import json

        json.dump({"as_of": as_of, "rules": rows}, out, indent=2)
        out.write("\n")
        return
    from tabulate import tabulate

    table = [[r["id"], textwrap.fill(r["title"], 48), r["category"], r["basis"],
              ", ".join(r["in_force_for"]) or "-"] for r in rows]
    when = f" on {as_of}" if as_of else " today"
    out.write(tabulate(table, headers=["rule", "title", "category", "basis",
                                       f"in force{when} for"]) + "\n")
    out.write(f"{len(rows)} rules\n")


def show_rule(rule: Rule, out: TextIO) -> None:
    w = out.write
    w(f"{rule.id}: {rule.title}\n")
    w(f"  instrument: {rule.pack.id} ({rule.pack.title})\n")
    w(f"  category: {rule.category}   level: {rule.level}   basis: {rule.basis['kind']}\n")
    for p in rule.periods:
        until = f" to {p.end:%Y-%m-%d %H:%M %z}" if p.end else " (no end)"
        w(f"  in force for {p.party}: from {p.start:%Y-%m-%d %H:%M %z}{until}\n")
    if rule.description:
        w(textwrap.fill(rule.description, 96, initial_indent="  ", subsequent_indent="  ") +
          "\n")
    for ref in rule.clauses:
        c = ref.clause
        cond = "  (cited when its condition holds)" if ref.when else ""
        w(f"\n  {c.pack} {c.label} — {c.heading}{cond}\n")
        seen = c.seen_in.get("source") or c.seen_in.get("url") or "-"
        w(f"  text status: {c.text_status} ({c.text_kind}); seen in: {seen}\n")
        w(textwrap.fill(c.text, 92, initial_indent="    ", subsequent_indent="    ") + "\n")
        if c.note:
            w(textwrap.fill(f"note: {c.note}", 92, initial_indent="    ",
                            subsequent_indent="    ") + "\n")
    if rule.basis.get("note"):
        w("\n" + textwrap.fill(f"basis: {rule.basis['note']}", 96, initial_indent="  ",
                               subsequent_indent="  ") + "\n")
    for ref in rule.basis.get("references") or []:
        w(f"    - {ref['title']}" + (f" <{ref['url']}>" if ref.get("url") else "") + "\n")
    for exc in rule.exceptions:
        cite = f"{exc.clause.pack} {exc.clause.label}" if exc.clause else "; ".join(
            r["title"] for r in exc.references)
        w(f"\n  exception {exc.id}: {exc.title}\n    basis: {exc.basis}; cites: {cite}\n")
    w("\n  tests:\n")
    for t in rule.tests:
        w(f"    expect {t['expect']:<19} {t['incident']}\n")


def run_rule_test(rule: Rule, ruleset: RuleSet, test: dict[str, Any]) -> tuple[bool, str]:
    path = str(Path(rule.pack.directory) / test["incident"])
    entry = check_file(path, ruleset, Options(as_of=test.get("as_of")))
    if entry["errors"]:
        return False, "; ".join(f"{e['line']}:{e['column']}: {e['message']}"
                                for e in entry["errors"])
    statuses = [f["status"] for f in entry["findings"] if f["rule_id"] == rule.id]
    rank = {"violation": 3, "possible-violation": 2, "exception-applied": 1}
    got = max(statuses, key=rank.__getitem__) if statuses else "none"
    return got == test["expect"], got


def test_rules(ruleset: RuleSet, out: TextIO) -> int:
    failures = 0
    total = 0
    for rule in ruleset.rules:
        for test in rule.tests:
            total += 1
            ok, got = run_rule_test(rule, ruleset, test)
            if not ok:
                failures += 1
                out.write(f"FAIL {rule.id}: {test['incident']}: expected {test['expect']}, "
                          f"got {got}\n")
    out.write(f"{total - failures} passed, {failures} failed\n")
    return failures
