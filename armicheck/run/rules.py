"""`armicheck rules list|show|test`: the rule packs as a reader and a maintainer see them."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, TextIO

from armicheck.core.status import RANK
from armicheck.core.time import as_of_window, span_text
from armicheck.facts.derive import FACTS
from armicheck.facts.registry import COSTS, SCOPES
from armicheck.packs import condition
from armicheck.packs.condition import OPS_FOR_TYPE
from armicheck.packs.model import Clause, Rule, RuleSet
from armicheck.packs.validity import in_force


def periods_by_party(rule: Rule) -> dict[str, list[str]]:
    """Per party of the rule's instrument, the periods in which the rule binds it."""
    out: dict[str, list[str]] = {}
    for party in rule.pack.parties:
        out[party] = [span_text(p.start, p.end) for p in rule.periods if p.party in ("all", party)]
    return out


def in_force_for(rule: Rule, as_of: str | None) -> dict[str, str]:
    """Per party of the rule's instrument: 'yes' / 'no' / 'indeterminate' on `as_of` (the whole
    day, KST), or without a date 'yes' while an open-ended period exists, else 'ended'."""
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
        uncertain = [p for p, v in status.items() if v == "indeterminate"]
        if as_of and not parties and not uncertain:
            continue
        rows.append({"id": rule.id, "title": rule.title, "category": rule.category,
                     "instrument": rule.pack.id, "level": rule.level,
                     "basis": rule.basis["kind"], "in_force_for": parties,
                     "uncertain_for": uncertain,
                     "not_in_force_for": [p for p, v in status.items()
                                          if v not in ("yes", "indeterminate")],
                     "periods": periods_by_party(rule)})
    if fmt == "json":
        import json

        json.dump({"as_of": as_of, "pack": pack, "rules": rows}, out, indent=2,
                  ensure_ascii=False)
        out.write("\n")
        return
    from tabulate import tabulate

    if as_of:
        out.write(f"Rules in force on {as_of} (--as-of; the whole day, KST), per party\n")
        head = f"in force on {as_of} for"
        table = [[r["id"], r["instrument"], textwrap.fill(r["title"], 44), r["category"],
                  r["basis"], ", ".join(r["in_force_for"]) or "-",
                  ", ".join(r["uncertain_for"]) or ""] for r in rows]
        headers = ["rule", "pack", "title", "category", "basis", head,
                   "uncertain (a period ends that day)"]
        if not any(r["uncertain_for"] for r in rows):
            table = [row[:-1] for row in table]
            headers = headers[:-1]
    else:
        head = "in force for (periods)"
        table = [[r["id"], r["instrument"], textwrap.fill(r["title"], 44), r["category"],
                  r["basis"], "\n".join(f"{party}: {'; '.join(ps) or 'never'}"
                                        for party, ps in r["periods"].items())]
                 for r in rows]
        headers = ["rule", "pack", "title", "category", "basis", head]
    out.write(tabulate(table, headers=headers) + "\n")
    packs = sorted({r["instrument"] for r in rows})
    noun = "pack" if len(packs) == 1 else "packs"
    out.write(f"{len(rows)} rules" + (f" in {len(packs)} {noun} ({', '.join(packs)})"
                                      if packs else "") + "\n")
    if as_of:
        silent = sorted(p.id for p in ruleset.packs.values()
                        if (not pack or p.id == pack) and p.id not in packs)
        if silent:
            out.write(f"no rule in force on {as_of} from: {', '.join(silent)}\n")


def list_facts(fmt: str, out: TextIO) -> None:
    """`rules facts`: the vocabulary a rule's condition may test, from the fact registry."""
    rows = [{"fact": f.name, "type": f.type, "operators": sorted(OPS_FOR_TYPE[f.type]),
             "scope": f.scope, "cost": f.cost, "doc": f.doc, "absent": f.absence}
            for f in FACTS.values()]
    if fmt == "json":
        import json

        json.dump({"facts": rows, "scopes": SCOPES, "costs": COSTS}, out, indent=2,
                  ensure_ascii=False)
        out.write("\n")
        return
    from tabulate import tabulate

    table = [[r["fact"], r["type"], r["scope"], r["cost"], textwrap.fill(r["doc"], 48),
              textwrap.fill(r["absent"], 36)] for r in rows]
    out.write(tabulate(table, headers=["fact", "type", "scope", "cost", "what it says",
                                       "when absent"]) + "\n")
    out.write(f"{len(rows)} facts. Operators by type: " + "; ".join(
        f"{t}: {', '.join(sorted(ops))}" for t, ops in OPS_FOR_TYPE.items()) + "\n")
    out.write("cost: " + "; ".join(f"{k} {v}" for k, v in COSTS.items()) + "\n")


def _seen_in(clause: Clause, ruleset: RuleSet | None) -> str:
    seen = clause.seen_in
    if not seen:
        return "not seen in any copy (wording from recall or a summary): check before citing"
    parts = []
    if seen.get("source"):
        src = {}
        if ruleset is not None and clause.pack in ruleset.packs:
            src = ruleset.packs[clause.pack].source(seen["source"])
        title = src.get("title") or seen["source"]
        url = seen.get("url") or src.get("url")
        parts.append(title + (f" <{url}>" if url else ""))
    elif seen.get("url"):
        parts.append(f"<{seen['url']}>")
    if seen.get("note"):
        parts.append(seen["note"])
    return " — ".join(parts)


def _wrap(text: str, indent: str, width: int = 96) -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]  # folded YAML: \n = paragraph
    return ("\n" + indent.rstrip() + "\n").join(
        textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                      subsequent_indent=indent) for p in paragraphs) + "\n"


def _clause_block(clause: Clause, ruleset: RuleSet | None, w: Any, indent: str = "  ") -> None:
    w(f"{indent}{clause.pack} {clause.label} — {clause.heading}\n")
    kind = "" if clause.text_kind == "verbatim" else f", {clause.text_kind}"
    w(f"{indent}text status: {clause.text_status}{kind}\n")
    w(f"{indent}seen in: {_seen_in(clause, ruleset)}\n")
    w(_wrap(clause.text, indent + "  | ", 92))
    if clause.text_status == "unverified":
        w(f"{indent}  [unverified: this wording has not been checked against a copy of the "
          "instrument]\n")
    if clause.note:
        w(_wrap(f"note: {clause.note}", indent + "  ", 92))


def show_rule(rule: Rule, out: TextIO, ruleset: RuleSet | None = None) -> None:
    w = out.write
    w(f"{rule.id}: {rule.title}\n")
    w(f"  instrument: {rule.pack.id} ({rule.pack.title})\n")
    level = "warning (contested basis)" if rule.contested else rule.level
    w(f"  category: {rule.category}   level: {level}   basis: {rule.basis['kind']}\n")
    w(f"  parties: {', '.join(f'{k} = {v}' for k, v in rule.pack.parties.items())}\n")
    w(f"  decided by the actor's {rule.pack.party_by}; actors of no party are not-applicable\n")
    for party, periods in periods_by_party(rule).items():
        w(f"  in force for {party}: {'; '.join(periods) or 'never'}\n")
    sources = sorted({p.source for p in rule.periods if p.source})
    for s in sources:
        w(_wrap(f"dates: {s}", "    "))
    if rule.description:
        w("\n" + _wrap(rule.description, "  "))
    w("\n  clauses cited:\n")
    for ref in rule.clauses:
        if ref.when:
            w(_wrap(f"(cited when {condition.inline(ref.when)})", "  "))
        _clause_block(ref.clause, ruleset, w, "  ")
        w("\n")
    w("  fires when:\n")
    for line in condition.lines(rule.when, 2):
        w(f"{line}\n")
    w(f"\n  basis: {rule.basis['kind']}\n")
    if rule.basis.get("note"):
        w(_wrap(rule.basis["note"], "    "))
    for ref in rule.basis.get("references") or []:
        w(f"    - {ref['title']}" + (f" <{ref['url']}>" if ref.get("url") else "") + "\n")
        if ref.get("quote"):
            w(_wrap(f"\"{ref['quote']}\"", "        "))
        if ref.get("note"):
            w(_wrap(ref["note"], "        "))
    if rule.contested:
        w("    a contested basis never yields more than a possible violation\n")
    for exc in rule.exceptions:
        w(f"\n  exception {exc.id}: {exc.title}\n")
        w(_wrap(f"basis: {exc.basis}; applies when {condition.inline(exc.when)}",
                "    "))
        if exc.clause:
            _clause_block(exc.clause, ruleset, w, "    ")
        for ref in exc.references:
            w(f"    - {ref['title']}" + (f" <{ref['url']}>" if ref.get("url") else "") + "\n")
            if ref.get("quote"):
                w(_wrap(f"\"{ref['quote']}\"", "        "))
            if ref.get("note"):
                w(_wrap(ref["note"], "        "))
    w(f"\n  message: {rule.message}\n")
    w("\n  tests (run by `armicheck rules test`):\n")
    for t in rule.tests:
        extra = f"  (--as-of {t['as_of']})" if t.get("as_of") else ""
        w(f"    expect {t['expect']:<19} {t['incident']}{extra}\n")
        if t.get("note"):
            w(f"      {t['note']}\n")


def run_rule_test(rule: Rule, ruleset: RuleSet, test: dict[str, Any]) -> tuple[bool, str]:
    path = str(Path(rule.pack.directory) / test["incident"])
    from armicheck.run.check import Options, check_file  # only `rules test`: start-up

    entry = check_file(path, ruleset, Options(as_of=test.get("as_of")))
    if entry["errors"]:
        return False, "invalid fixture: " + "; ".join(
            f"{e['line']}:{e['column']}: {e['message']}" for e in entry["errors"])
    statuses = [f["status"] for f in entry["findings"] if f["rule_id"] == rule.id]
    got = max(statuses, key=RANK.__getitem__) if statuses else "none"
    return got == test["expect"], got


EXPECTED = "expected.txt"
Row = tuple[str, str, str, str]  # rule, status, side, event


def read_expected(path: Path) -> tuple[set[str], dict[str, set[Row]], list[str]]:
    """A folder's `expected.txt`: the complete findings of every fixture in the folder.

    `packs ID...` names the packs whose rules the lines speak for (the rules of other packs
    are not checked on these fixtures); then one line per finding and event,
    `FIXTURE RULE STATUS SIDE EVENT`, or `FIXTURE -` for a fixture with no finding at all.
    Returns (packs, fixture -> rows, problems)."""
    packs: set[str] = set()
    fixtures: dict[str, set[Row]] = {}
    problems: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if words[0] == "packs":
            packs.update(words[1:])
        elif len(words) == 2 and words[1] == "-":
            fixtures.setdefault(words[0], set())
        elif len(words) == 5:
            fixtures.setdefault(words[0], set()).add((words[1], words[2], words[3], words[4]))
        else:
            problems.append(f"{path.name}:{n}: expected 'FIXTURE RULE STATUS SIDE EVENT' or "
                            f"'FIXTURE -', got {line.strip()!r}")
    if not packs:
        problems.append(f"{path.name}: no 'packs' line")
    return packs, fixtures, problems


def finding_rows(entry: dict[str, Any], packs: set[str]) -> set[Row]:
    """One row per finding and event, for the rules of `packs`."""
    return {(f["rule_id"], f["status"], f["side"], ev) for f in entry["findings"]
            if f["instrument"] in packs for ev in f["events"]}


def check_expected(directory: Path, ruleset: RuleSet) -> tuple[int, list[str]]:
    """Every fixture of `directory` against its complete expected findings: (fixtures
    checked, failures). Every *.yaml in the folder must be listed."""
    packs, fixtures, failures = read_expected(directory / EXPECTED)
    packs &= set(ruleset.packs)
    present = sorted(p.name for p in directory.glob("*.yaml"))
    failures += [f"{name}: not in {EXPECTED}" for name in present if name not in fixtures]
    failures += [f"{name}: listed in {EXPECTED} but missing" for name in fixtures
                 if name not in present]
    pack_of = {rule.id: rule.pack.id for rule in ruleset.rules}
    checked = 0
    for name in present:
        if name not in fixtures:
            continue
        checked += 1
        from armicheck.run.check import Options, check_file  # as above

        entry = check_file(str(directory / name), ruleset, Options())
        if entry["errors"]:
            failures.append(f"{name}: invalid fixture: " + "; ".join(
                f"{e['line']}:{e['column']}: {e['message']}" for e in entry["errors"]))
            continue
        got = finding_rows(entry, packs)
        want = {r for r in fixtures[name] if pack_of.get(r[0]) in packs}
        failures += [f"{name}: no rule {r[0]}" for r in sorted(fixtures[name])
                     if r[0] not in pack_of]
        for row in sorted(got - want):
            failures.append(f"{name}: unexpected finding: {' '.join(row)}")
        for row in sorted(want - got):
            failures.append(f"{name}: missing finding: {' '.join(row)}")
    return checked, failures


def fixture_folders(ruleset: RuleSet) -> list[Path]:
    """The packs' fixture folders that state complete expectations."""
    out = []
    for pack in ruleset.packs.values():
        folder = Path(pack.directory) / "tests"
        if (folder / EXPECTED).is_file() and folder not in out:
            out.append(folder)
    return out


def _marks(out: TextIO) -> tuple[str, str]:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower()
    try:
        "✓✗".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "ok", "FAIL"
    return "✓", "✗"


def test_rules(ruleset: RuleSet, out: TextIO) -> int:
    """Run every rule's fixtures; one line per rule (`✓ KAA-I-7  4/4`), then what failed;
    then every fixture folder with an `expected.txt` against its complete findings, so a
    rule that fires where no line expects it fails too."""
    good, bad = _marks(out)
    width = max((len(r.id) for r in ruleset.rules), default=8)
    failures = total = 0
    for rule in ruleset.rules:
        results = [(test, *run_rule_test(rule, ruleset, test)) for test in rule.tests]
        passed = sum(1 for _, ok, _ in results if ok)
        total += len(results)
        failures += len(results) - passed
        mark = good if passed == len(results) else bad
        out.write(f"{mark} {rule.id:<{width}}  {passed}/{len(results)}\n")
        for test, ok, got in results:
            if not ok:
                as_of = f" --as-of {test['as_of']}" if test.get("as_of") else ""
                out.write(f"    {rule.pack.id}/{test['incident']}{as_of}: expected "
                          f"{test['expect']}, got {got}\n")
    for folder in fixture_folders(ruleset):
        checked, problems = check_expected(folder, ruleset)
        total += 1
        failures += bool(problems)
        name = f"{folder.parent.name}/{folder.name}"
        mark = bad if problems else good
        out.write(f"{mark} {name:<{width}}  {checked} fixtures, every finding as in "
                  f"{EXPECTED}\n")
        for problem in problems:
            out.write(f"    {name}/{problem}\n")
    out.write(f"{total - failures} passed, {failures} failed\n")
    return failures
