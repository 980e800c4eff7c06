"""Load rule packs: instrument metadata, the clause store, and rules compiled from YAML.

A pack is a folder `rules/<id>/` with `pack.yaml`, `clauses.yaml`, `rules.yaml` and a `tests/`
folder of fixture incidents. Packs are data: they are read with the same strict loader as
incidents, checked against `rules.schema.json`, and every clause reference, fact name and test
path is resolved here, so a bad pack fails at load with `path:line:col`, never mid-evaluation.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from armicheck.conditions import (
    YES,
    Compiled,
    ConditionError,
    Screen,
    action_filter,
    cheap_first,
    compile_condition,
    compile_screen,
    specialize,
    without_action_filter,
)
from armicheck.diagnostics import Diagnostic, InputError
from armicheck.facts import FACTS, parse_offset
from armicheck.loader import LoadedDocument, load_file
from armicheck.tri import Tri, indeterminate, no, yes

KST = parse_offset("+09:00")  # the incidents' own +09:00: one tzinfo object


@dataclass(frozen=True, slots=True)
class Period:
    party: str
    start: datetime
    end: datetime | None
    source: str = ""
    # reasons' wording, formatted once: in_force answers thousands of times per run
    span: str = field(default="", compare=False)  # "from 1953-07-27 22:00 until ..."
    summary: str = field(default="", compare=False)  # "all: 1953-07-27 on"

    def __post_init__(self) -> None:
        until = f" until {self.end:%Y-%m-%d %H:%M}" if self.end else ""
        object.__setattr__(self, "span", f"from {self.start:%Y-%m-%d %H:%M}{until}")
        object.__setattr__(self, "summary", f"{self.party}: {self.start:%Y-%m-%d}" + (
            f" to {self.end:%Y-%m-%d %H:%M}" if self.end else " on"))


@dataclass(slots=True)
class Clause:
    pack: str
    id: str
    number: str
    label: str
    heading: str
    text: str
    text_kind: str
    text_status: str
    seen_in: dict[str, Any]
    sha256: str
    periods: list[Period]
    variants: list[dict[str, Any]]
    note: str
    location: tuple[str, int, int]
    # (party, start, end, offset) -> in_force(periods, ...), filled by the engine
    force_cache: dict[tuple[Any, ...], Tri] = field(
        default_factory=dict, repr=False, compare=False)
    # party -> the periods binding it, each with its "yes" answer (engine.rule_in_force)
    force_plan: dict[str, list[tuple[Period, Tri]]] = field(
        default_factory=dict, repr=False, compare=False)
    # pack id (or None) -> the clause's JSON in findings (report.json.clause_json)
    json_cache: dict[str | None, dict[str, Any]] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.pack}:{self.id}"


@dataclass(slots=True)
class RuleException:
    id: str
    title: str
    when: Compiled
    raw_when: dict[str, Any]
    basis: str
    clause: Clause | None
    references: list[dict[str, Any]]
    note: str


@dataclass(slots=True)
class ClauseRef:
    clause: Clause
    when: Compiled | None
    raw_when: dict[str, Any] | None


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    category: str
    level: str
    pack: Pack
    clauses: list[ClauseRef]
    periods: list[Period]
    when: Compiled
    raw_when: dict[str, Any]
    actions: frozenset[str] | None
    # `when` less its action test: what the engine asks of an event whose action is in
    # `actions` (RuleSet.rules_for gives only such rules)
    match: Compiled
    # `when` less its action test, as written (None: nothing left); RuleSet.screens_for
    # specializes it for each action
    raw_match: dict[str, Any] | None
    exceptions: list[RuleException]
    basis: dict[str, Any]
    message: str
    tags: list[str]
    tests: list[dict[str, Any]]
    description: str
    location: tuple[str, int, int]
    force_cache: dict[tuple[Any, ...], Tri] = field(
        default_factory=dict, repr=False, compare=False)
    force_plan: dict[str, list[tuple[Period, Tri]]] = field(
        default_factory=dict, repr=False, compare=False)

    @property
    def contested(self) -> bool:
        return self.basis.get("kind") == "contested"

    @property
    def primary(self) -> Clause:
        return self.clauses[0].clause


@dataclass(slots=True)
class Pack:
    id: str
    title: str
    short: str
    meta: dict[str, Any]
    directory: Path
    parties: dict[str, str]
    party_by: str
    party_map: dict[str, str]
    periods: list[Period]
    clauses: dict[str, Clause] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    def party_of(self, side: str | None, force: str | None) -> str | None:
        key = side if self.party_by == "side" else force
        return self.party_map.get(key or "")

    def source(self, source_id: str) -> dict[str, Any]:
        for s in self.meta.get("sources") or []:
            if s["id"] == source_id:
                return s
        return {}


@dataclass(slots=True)
class RuleSet:
    packs: dict[str, Pack]
    rules: list[Rule]
    by_action: dict[str, list[Rule]]
    any_action: list[Rule]
    _for_action: dict[str, list[Rule]] = field(default_factory=dict)
    _screens: dict[str, list[tuple[Rule, Screen | None]]] = field(default_factory=dict)
    _plans: dict[tuple[str, str | None, str | None], list[tuple[Rule, Screen | None, str]]] = \
        field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def rules_for(self, action: str) -> list[Rule]:
        """The rules whose condition can match `action`, in pack order (made once per action)."""
        found = self._for_action.get(action)
        if found is None:
            found = self._for_action[action] = self.by_action.get(action, []) + self.any_action
        return found

    def plan_for(self, action: str, side: str | None,
                 force: str | None) -> list[tuple[Rule, Screen | None, str]]:
        """`screens_for(action)` with the actor's party to each rule's instrument, less the
        rules of instruments the actor is no party to: what the engine tries on an event.
        The same for every event of that action by an actor of that side and force."""
        key = (action, side, force)
        found = self._plans.get(key)
        if found is None:
            if len(self._plans) >= 4096:  # forces are free text: keep the table bounded
                self._plans.clear()
            found = self._plans[key] = [
                (rule, screen, party) for rule, screen in self.screens_for(action)
                if (party := rule.pack.party_of(side, force)) is not None]
        return found

    def explained_for(self, action: str, side: str | None,
                      force: str | None) -> list[tuple[Rule, None, str | None]]:
        """Every rule whose action filter admits `action`, unscreened, with the actor's party
        (None: no party to the rule's instrument), for --explain to say why each did not fire."""
        return [(rule, None, rule.pack.party_of(side, force)) for rule in self.rules_for(action)]

    def screens_for(self, action: str) -> list[tuple[Rule, Screen | None]]:
        """The rules that can match `action`, each with its screen for that action: its
        condition with the action worked out (`specialize`) and cheap parts first, as a
        predicate that is False exactly when the condition is "no" (None: never "no").
        A rule whose condition no event of this action can meet is left out."""
        found = self._screens.get(action)
        if found is None:
            found = []
            for rule in self.rules_for(action):
                rest = specialize(rule.raw_match, {"action": action}) \
                    if rule.raw_match is not None else True
                if rest is not False:
                    found.append((rule, None if rest is True else
                                  compile_screen(cheap_first(rest))))
            self._screens[action] = found
        return found


def parse_instant(text: str) -> datetime:
    """'YYYY-MM-DD' is midnight KST; a full ISO time carries its own offset."""
    if "T" in text:
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text), time(0, 0), KST)


def in_force(periods: list[Period], party: str, start: datetime, end: datetime) -> Tri:
    """Is the clause in force for `party` throughout [start, end] (a point when start == end)?"""
    plan = force_plan(periods, party)
    found = in_force_within(plan, start, end)
    return found if found is not None else out_of_force(plan, party, start, end)


def force_plan(periods: list[Period], party: str) -> list[tuple[Period, Tri]]:
    """The periods binding `party`, each with the answer "in force" for an event inside it."""
    return [(p, yes(f"in force for {party} {p.span}")) for p in periods
            if p.party in ("all", party)]


def out_of_force(plan: list[tuple[Period, Tri]], party: str, start: datetime,
                 end: datetime) -> Tri:
    """The answer for [start, end] inside none of the plan's periods: indeterminate where
    one begins or ends within it, else no."""
    relevant = [p for p, _ in plan]
    if overlaps_any(plan, start, end):
        return indeterminate(
            f"the event's time is not precise enough: the clause's period for {party} "
            f"begins or ends within it ({_describe_periods(relevant)})")
    if not relevant:
        return no(f"binds no party '{party}'")
    return no(f"not in force for {party} on {start:%Y-%m-%d} ({_describe_periods(relevant)})")


def overlaps_any(plan: list[tuple[Period, Tri]], start: datetime, end: datetime) -> bool:
    """Does a period of the plan begin or end within [start, end]? (Asked when none holds
    all of it: then the answer is indeterminate, not no.)"""
    point = start == end
    for p, _ in plan:
        if (p.end is None or start < p.end) and (end >= p.start if point else end > p.start):
            return True
    return False


def in_force_within(plan: list[tuple[Period, Tri]], start: datetime, end: datetime) -> Tri | None:
    """The "yes" of the first period holding all of [start, end], else None."""
    point = start == end
    for p, answer in plan:
        if start >= p.start and (p.end is None or (end < p.end if point else end <= p.end)):
            return answer
    return None


def _describe_periods(periods: list[Period]) -> str:
    return "; ".join(p.summary for p in periods)


def builtin_rules_dir() -> Path:
    here = Path(__file__).resolve().parent
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
    """Built-in packs, then packs from `extra_dirs` (a pack with the same id replaces one)."""
    dirs: dict[str, Path] = {}
    for d in pack_dirs(builtin_rules_dir()):
        dirs[d.name] = d
    for extra in extra_dirs:
        root = Path(extra)
        if not root.is_dir():
            raise InputError([Diagnostic(extra, 1, 1, "--rules: not a directory", "usage")])
        found = pack_dirs(root)
        if not found:
            raise InputError([Diagnostic(extra, 1, 1, "--rules: no pack.yaml found here or in "
                                         "its sub-folders", "usage")])
        for d in found:
            dirs[d.name] = d
    diags: list[Diagnostic] = []
    packs: dict[str, Pack] = {}
    pending: list[tuple[Pack, LoadedDocument | None]] = []
    for d in dirs.values():
        try:
            pack, rules_doc = _load_pack(d)
        except InputError as exc:
            diags += exc.diagnostics
            continue
        packs[pack.id] = pack
        pending.append((pack, rules_doc))
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

    from armicheck.schemas import load_schema

    schema = {"$ref": f"#/$defs/{part}", "$defs": load_schema("rules")["$defs"]}
    return jsonschema_rs.validator_for(schema), schema


def _check_schema(doc: LoadedDocument, part: str) -> None:
    validator, schema = _pack_validator(part)
    if validator.is_valid(doc.data):
        return
    from armicheck.conditions import OPS_FOR_TYPE
    from armicheck.validate import best_error, schema_errors

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
        except ValueError as exc:
            line, col = doc.locate(path + [i])
            raise InputError([Diagnostic(doc.path, line, col, f"bad date in in_force: {exc}",
                                         "pack")]) from None
        out.append(Period(p["party"], start, end, p.get("source", "")))
    return out


def _load_pack(d: Path) -> tuple[Pack, LoadedDocument | None]:
    root = d.resolve()
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
                variants=raw.get("variants") or [], note=raw.get("note", ""),
                location=(cdoc.path, line, col))
        if diags:
            raise InputError(diags)
    rules_path = d / "rules.yaml"
    rules_doc = None
    if rules_path.is_file():
        rules_doc = load_file(str(rules_path))
        _check_schema(rules_doc, "rules_file")
    return pack, rules_doc


def _resolve_clause(ref: str, pack: Pack, packs: dict[str, Pack]) -> Clause | None:
    pack_id, _, clause_id = ref.rpartition(":")
    owner = packs.get(pack_id) if pack_id else pack
    return owner.clauses.get(clause_id) if owner else None


def _compile_rule(pack: Pack, packs: dict[str, Pack], raw: dict[str, Any],
                  doc: LoadedDocument, i: int) -> Rule:
    base: list[Any] = ["rules", i]

    def error(path: list[Any], message: str) -> InputError:
        line, col = doc.locate(base + path)
        return InputError([Diagnostic(doc.path, line, col, f"rule {raw['id']}: {message}",
                                      "rule")])

    def compile_at(cond: dict[str, Any], path: list[Any]) -> Compiled:
        try:
            return compile_condition(cond, path)
        except ConditionError as exc:
            raise error(exc.path, str(exc)) from None

    refs = []
    for j, c in enumerate(raw["clauses"]):
        clause = _resolve_clause(c["ref"], pack, packs)
        if clause is None:
            raise error(["clauses", j, "ref"], f"references clause '{c['ref']}', which does not "
                        "exist in the clause store")
        when = compile_at(c["when"], ["clauses", j, "when"]) if "when" in c else None
        refs.append(ClauseRef(clause, when, c.get("when")))
    exceptions = []
    for j, e in enumerate(raw.get("exceptions") or []):
        clause = None
        if "clause" in e:
            clause = _resolve_clause(e["clause"], pack, packs)
            if clause is None:
                raise error(["exceptions", j, "clause"], f"exception {e['id']} cites clause "
                            f"'{e['clause']}', which does not exist")
        if not clause and not e.get("references"):
            raise error(["exceptions", j], f"exception {e['id']} needs its own citation "
                        "(clause or references)")
        exceptions.append(RuleException(
            id=e["id"], title=e["title"], when=compile_at(e["when"], ["exceptions", j, "when"]),
            raw_when=e["when"], basis=e["basis"], clause=clause,
            references=e.get("references") or [], note=e.get("note", "")))
    for name in _placeholders(raw["message"]):
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
    when = compile_at(raw["when"], ["when"])
    rest = without_action_filter(raw["when"])
    match = when if rest is raw["when"] else \
        (lambda facts: YES) if rest is None else compile_at(rest, ["when"])
    return Rule(
        id=raw["id"], title=raw["title"], category=raw["category"], level=raw["level"],
        pack=pack, clauses=refs, periods=periods, when=when, raw_when=raw["when"],
        actions=action_filter(raw["when"]),
        match=match, raw_match=rest,
        exceptions=exceptions,
        basis=raw["basis"], message=raw["message"], tags=raw.get("tags") or [],
        tests=raw["tests"], description=raw.get("description", ""),
        location=(doc.path, line, col))


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
