"""Load rule packs: instrument metadata, the clause store, and rules compiled from YAML.

A pack is a folder `rules/<id>/` with `pack.yaml`, `clauses.yaml`, `rules.yaml` and a `tests/`
folder of fixture incidents. Packs are data: they are read with the same strict loader as
incidents, checked against `rules.schema.json`, and every clause reference, fact name and test
path is resolved here, so a bad pack fails at load with `path:line:col`, never mid-evaluation.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from armicheck.core.data import PACKAGE_DIR
from armicheck.core.diagnostics import Diagnostic, InputError
from armicheck.core.time import parse_instant
from armicheck.facts.derive import FACTS
from armicheck.load import LoadedDocument, load_file
from armicheck.packs.condition import (
    OPS_FOR_TYPE,
    YES,
    Condition,
    ConditionError,
    Join,
    Not,
    Test,
    action_filter,
    parse,
    without_action_filter,
)
from armicheck.packs.model import Clause, ClauseRef, Pack, Rule, RuleException, RuleSet
from armicheck.packs.validity import Period, Validity
from armicheck.schemas import load_schema
from armicheck.validation.schema import best_error, schema_errors


def builtin_rules_dir() -> Path:
    here = PACKAGE_DIR
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("armicheck's rule packs are missing from the installation")


def pack_dirs(root: Path) -> list[Path]:
    if (root / "pack.yaml").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "pack.yaml").is_file())


@cache
def load_builtin() -> RuleSet:
    return load_rules(())


def load_rules(extra_dirs: tuple[str, ...]) -> RuleSet:
    """Built-in packs, then packs from `extra_dirs`: a pack replaces the one with the same
    `id` (its pack.yaml's, never its folder's name)."""
    dirs: list[tuple[Path, bool]] = [(d, False) for d in pack_dirs(builtin_rules_dir())]
    for extra in extra_dirs:
        root = Path(extra)
        if not root.is_dir():
            raise InputError([Diagnostic(extra, 1, 1, "--rules: not a directory", "usage")])
        found = pack_dirs(root)
        if not found:
            raise InputError([Diagnostic(extra, 1, 1, "--rules: no pack.yaml found here or in "
                                         "its sub-folders", "usage")])
        dirs += [(d, True) for d in found]
    diags: list[Diagnostic] = []
    packs: dict[str, Pack] = {}
    loaded: dict[str, tuple[Pack, LoadedDocument | None]] = {}
    given: dict[str, Path] = {}  # pack id -> the --rules folder that gave it
    for d, extra in dirs:
        try:
            pack, rules_doc = _load_pack(d, extra)
        except InputError as exc:
            diags += exc.diagnostics
            continue
        if extra and pack.id in given:  # which one applies would hang on folder names
            diags.append(Diagnostic(str(d / "pack.yaml"), 1, 1, f"--rules: pack id "
                                    f"'{pack.id}' is also the id of {given[pack.id]}: give "
                                    "one pack per id", "pack"))
            continue
        if extra:
            given[pack.id] = d
        loaded[pack.id] = (pack, rules_doc)  # replaced by id, in the replaced one's place
    for pack, _ in loaded.values():
        packs[pack.id] = pack
    pending = list(loaded.values())
    rules: list[Rule] = []
    seen_ids: dict[str, str] = {}
    for pack, rules_doc in pending:
        if rules_doc is None:
            continue
        for i, raw in enumerate(rules_doc.data["rules"]):
            try:
                rule = _compile_rule(pack, packs, raw, rules_doc, i)
            except InputError as exc:
                diags += exc.diagnostics
                continue
            if rule.id in seen_ids:
                line, col = rules_doc.locate(["rules", i, "id"])
                diags.append(Diagnostic(rules_doc.path, line, col, f"duplicate rule id "
                                        f"'{rule.id}' (also in {seen_ids[rule.id]})", "rule"))
                continue
            seen_ids[rule.id] = rules_doc.path
            pack.rules.append(rule)
            rules.append(rule)
    if diags:
        raise InputError(diags)
    by_action: dict[str, list[Rule]] = {}
    any_action: list[Rule] = []
    for rule in rules:
        if rule.actions is None:
            any_action.append(rule)
        else:
            for action in rule.actions:
                by_action.setdefault(action, []).append(rule)
    return RuleSet(packs=packs, rules=rules, by_action=by_action, any_action=any_action)


@cache
def _pack_validator(part: str) -> tuple[Any, dict[str, Any]]:
    import jsonschema_rs

    schema = {"$ref": f"#/$defs/{part}", "$defs": load_schema("rules")["$defs"]}
    return jsonschema_rs.validator_for(schema), schema


def _check_schema(doc: LoadedDocument, part: str) -> None:
    validator, schema = _pack_validator(part)
    if validator.is_valid(doc.data):
        return
    errors = sorted(schema_errors(validator, schema, doc.data),
                    key=lambda e: [str(p) for p in e.absolute_path])
    diags = []
    for error in errors[:20]:
        error = best_error(error)
        path = list(error.absolute_path)
        message = error.message
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if extra:
                path.append(extra[0])
                if "fact" in error.instance:  # a condition test: `{fact: NAME, OP: VALUE}`
                    ops = sorted(set().union(*OPS_FOR_TYPE.values()))
                    message = f"unknown operator '{extra[0]}' (operators: {', '.join(ops)})"
                else:
                    import difflib

                    hint = difflib.get_close_matches(extra[0], list(error.schema.get(
                        "properties", {})), n=1, cutoff=0.6)
                    message = f"unknown field '{extra[0]}'" + (
                        f" (did you mean '{hint[0]}'?)" if hint else "")
        line, col = doc.locate(path, key=error.validator == "additionalProperties")
        where = ".".join(str(p) for p in path) or part
        diags.append(Diagnostic(doc.path, line, col, f"invalid rule pack: {where}: {message}",
                                "pack-schema"))
    if diags:
        raise InputError(diags)


def _periods(raw: list[dict[str, Any]], doc: LoadedDocument, path: list[Any]) -> list[Period]:
    out = []
    for i, p in enumerate(raw):
        try:
            start = parse_instant(p["from"])
            end = parse_instant(p["to"]) if "to" in p else None
            for when in (start, end):
                if when is not None and when.tzinfo is None:
                    raise ValueError("a time needs its UTC offset, e.g. 2023-11-22T15:00+09:00")
            if end is not None and end <= start:
                raise ValueError(f"the period ends ({p['to']}) before it begins ({p['from']})")
        except (ValueError, TypeError) as exc:
            line, col = doc.locate(path + [i])
            raise InputError([Diagnostic(doc.path, line, col, f"bad date in in_force: {exc}",
                                         "pack")]) from None
        out.append(Period(p["party"], start, end, p.get("source", "")))
    return out


PACK_FILES = ("pack.yaml", "clauses.yaml", "rules.yaml")


def _load_pack(d: Path, extra: bool = False) -> tuple[Pack, LoadedDocument | None]:
    root = d.resolve()
    for stray in sorted(d.iterdir()):
        if stray.suffix in (".yaml", ".yml", ".json") and stray.name not in PACK_FILES:
            raise InputError([Diagnostic(str(stray), 1, 1, f"{stray.name}: a file the pack "
                                         f"loader does not read (a pack has "
                                         f"{', '.join(PACK_FILES)} and tests/)", "pack")])
    if extra and not (d / "rules.yaml").is_file():
        raise InputError([Diagnostic(str(d / "pack.yaml"), 1, 1, "--rules: the pack declares "
                                     "no rules (no rules.yaml next to its pack.yaml)", "pack")])
    for name in ("pack.yaml", "clauses.yaml", "rules.yaml"):
        if (d / name).exists() and root not in (d / name).resolve().parents:
            raise InputError([Diagnostic(str(d / name), 1, 1, f"{name} is a link to a file "
                                         "outside the pack's folder", "pack")])
    meta_doc = load_file(str(d / "pack.yaml"))
    _check_schema(meta_doc, "pack")
    meta = meta_doc.data
    pack = Pack(id=meta["id"], title=meta["title"], short=meta.get("short", meta["id"]),
                meta=meta, directory=d, parties=meta["parties"], party_by=meta["party_by"],
                party_map=meta["party_map"],
                periods=_periods(meta["in_force"], meta_doc, ["in_force"]))
    clauses_path = d / "clauses.yaml"
    if clauses_path.is_file():
        cdoc = load_file(str(clauses_path))
        _check_schema(cdoc, "clauses_file")
        diags = []
        for i, raw in enumerate(cdoc.data["clauses"]):
            line, col = cdoc.locate(["clauses", i])
            digest = hashlib.sha256(raw["text"].encode("utf-8")).hexdigest()
            if digest != raw["sha256"]:
                diags.append(Diagnostic(cdoc.path, line, col, f"clause {raw['id']}: text does "
                                        f"not match its sha256 (text changed? it hashes to "
                                        f"{digest})", "clause-hash"))
            if raw["text_status"] in ("verified", "secondary") and not raw.get("seen_in"):
                diags.append(Diagnostic(cdoc.path, line, col, f"clause {raw['id']}: a "
                                        f"{raw['text_status']} text must say where it was seen "
                                        "(seen_in)", "clause"))
            if raw["id"] in pack.clauses:
                diags.append(Diagnostic(cdoc.path, line, col, f"duplicate clause id "
                                        f"'{raw['id']}'", "clause"))
            periods = _periods(raw["in_force"], cdoc, ["clauses", i, "in_force"]) \
                if "in_force" in raw else pack.periods
            pack.clauses[raw["id"]] = Clause(
                pack=pack.id, id=raw["id"], number=raw["number"], label=raw["label"],
                heading=raw.get("heading", ""), text=raw["text"],
                text_kind=raw.get("text_kind", "verbatim"), text_status=raw["text_status"],
                seen_in=raw.get("seen_in") or {}, sha256=raw["sha256"], periods=periods,
                validity=Validity(periods),
                variants=raw.get("variants") or [], note=raw.get("note", ""),
                location=(cdoc.path, line, col))
        if diags:
            raise InputError(diags)
    rules_path = d / "rules.yaml"
    rules_doc = None
    if rules_path.is_file():
        rules_doc = load_file(str(rules_path))
        _check_schema(rules_doc, "rules_file")
        if extra and not rules_doc.data["rules"]:
            raise InputError([Diagnostic(rules_doc.path, 1, 1, "--rules: the pack declares no "
                                         "rules (its rules: list is empty)", "pack")])
    return pack, rules_doc


def _resolve_clause(ref: str, pack: Pack, packs: dict[str, Pack]) -> Clause | None:
    pack_id, _, clause_id = ref.rpartition(":")
    owner = packs.get(pack_id) if pack_id else pack
    return owner.clauses.get(clause_id) if owner else None


@cache
def _actions() -> frozenset[str]:
    schema = load_schema("incident")
    return frozenset(schema["properties"]["events"]["items"]["properties"]["action"]["enum"])


def _check_values(node: Condition) -> None:
    """A test of the action names actions an incident can have: a misspelt one would make
    the rule silently never fire."""
    if isinstance(node, Join):
        for part in node.parts:
            _check_values(part)
        return
    if isinstance(node, Not):
        _check_values(node.part)
        return
    if not isinstance(node, Test) or node.fact != "action":
        return
    for op, value in node.ops:
        if op in ("equals", "not_equals", "in", "not_in"):
            unknown = [v for v in (value if isinstance(value, list) else [value])
                       if v not in _actions()]
            if unknown:
                raise ConditionError([*node.path, op], f"unknown action {unknown[0]!r} "
                                     f"(actions: {', '.join(sorted(_actions()))})")


def _compile_rule(pack: Pack, packs: dict[str, Pack], raw: dict[str, Any],
                  doc: LoadedDocument, i: int) -> Rule:
    base: list[Any] = ["rules", i]

    def error(path: list[Any], message: str) -> InputError:
        line, col = doc.locate(base + path)
        return InputError([Diagnostic(doc.path, line, col, f"rule {raw['id']}: {message}",
                                      "rule")])

    def parse_at(cond: dict[str, Any], path: list[Any]) -> Condition:
        try:
            tree = parse(cond, path)
            _check_values(tree)
            return tree
        except ConditionError as exc:
            raise error(exc.path, str(exc)) from None

    refs = []
    for j, c in enumerate(raw["clauses"]):
        clause = _resolve_clause(c["ref"], pack, packs)
        if clause is None:
            raise error(["clauses", j, "ref"], f"references clause '{c['ref']}', which does not "
                        "exist in the clause store")
        when = parse_at(c["when"], ["clauses", j, "when"]) if "when" in c else None
        refs.append(ClauseRef(clause, when))
    exceptions = []
    for j, e in enumerate(raw.get("exceptions") or []):
        clause = None
        if "clause" in e:
            clause = _resolve_clause(e["clause"], pack, packs)
            if clause is None:
                raise error(["exceptions", j, "clause"], f"exception {e['id']} cites clause "
                            f"'{e['clause']}', which does not exist")
        rests_on = e.get("rests_on")
        if rests_on is not None and (rests_on not in FACTS or FACTS[rests_on].type != "tri"):
            raise error(["exceptions", j, "rests_on"], f"exception {e['id']} rests on "
                        f"'{rests_on}', which is not a three-valued fact")
        if not clause and not e.get("references"):
            raise error(["exceptions", j], f"exception {e['id']} needs its own citation "
                        "(clause or references)")
        exceptions.append(RuleException(
            id=e["id"], title=e["title"], when=parse_at(e["when"], ["exceptions", j, "when"]),
            basis=e["basis"], clause=clause,
            references=e.get("references") or [], note=e.get("note", ""),
            rests_on=rests_on))
    try:
        names = _placeholders(raw["message"])
    except ValueError as exc:
        raise error(["message"], f"message has {exc}") from None
    for name in names:
        if name not in FACTS and name not in ("party", "event.time"):
            raise error(["message"], f"message uses unknown fact '{{{name}}}'")
    for j, t in enumerate(raw["tests"]):
        target = (pack.directory / t["incident"]).resolve()
        if pack.directory.resolve() not in target.parents:
            raise error(["tests", j, "incident"], f"test incident '{t['incident']}' is outside "
                        "the pack's folder")
        if not target.is_file():
            raise error(["tests", j, "incident"], f"test incident '{t['incident']}' not found")
    expects = {t["expect"] for t in raw["tests"]}
    if expects == {"none"} or "none" not in expects:
        raise error(["tests"], "needs at least one test that triggers the rule and one "
                    "(expect: none) that must not")
    periods = _periods(raw["in_force"], doc, base + ["in_force"]) if "in_force" in raw \
        else refs[0].clause.periods
    line, col = doc.locate(base)
    when = parse_at(raw["when"], ["when"])
    rest = without_action_filter(when)
    return Rule(
        id=raw["id"], title=raw["title"], category=raw["category"], level=raw["level"],
        pack=pack, clauses=refs, periods=periods, validity=Validity(periods), when=when,
        actions=action_filter(when), match_when=rest,
        match=(lambda facts: YES) if rest is None else rest.compiled(),
        exceptions=exceptions,
        basis=raw["basis"], message=raw["message"], tags=raw.get("tags") or [],
        tests=raw["tests"], description=raw.get("description", ""),
        location=(doc.path, line, col))


# as the engine fills them (engine.evaluate._PLACEHOLDER): `{fact.name}` and nothing else
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")


def _placeholders(template: str) -> list[str]:
    """The fact names a message fills in; ValueError for a brace that is no placeholder (it
    would reach every report as written)."""
    rest = _PLACEHOLDER.sub("", template)
    for brace in "{}":
        if brace in rest:
            raise ValueError(f"a '{brace}' that is not part of a {{fact.name}} placeholder "
                             "(unbalanced, or a format spec the engine does not fill)")
    return _PLACEHOLDER.findall(template)
