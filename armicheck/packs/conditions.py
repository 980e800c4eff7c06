"""Declarative rule conditions, compiled to closures once per pack load (never `eval`).

A condition is `{all: [...]}`, `{any: [...]}`, `{not: ...}` or a test `{fact: NAME, OP: VALUE}`
over the facts vocabulary in `armicheck.facts.FACTS`. Three-valued facts propagate
`indeterminate` with their reasons (Kleene logic), so a rule resting on an undecidable
spatial fact can only yield `possible-violation`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from armicheck.core.time import day_compare
from armicheck.core.tri import Tri, TriValue, kleene
from armicheck.facts.vocabulary import FACT_COST, FACTS

Compiled = Callable[[Mapping[str, Any]], Tri]

YES = Tri("yes")
NO = Tri("no")

# which operators each fact type accepts
OPS_FOR_TYPE: dict[str, set[str]] = {
    "tri": {"is"},
    "str": {"equals", "not_equals", "in", "not_in", "exists"},
    "int": {"equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "exists"},
    "number": {"equals", "not_equals", "gt", "gte", "lt", "lte", "exists"},
    "bool": {"equals", "exists"},
    "set": {"intersects", "exists"},
    "date": {"equals", "before", "after", "exists"},
}


class ConditionError(ValueError):
    """A condition that does not fit the vocabulary; `path` locates it in the pack file."""

    def __init__(self, path: list[Any], message: str) -> None:
        super().__init__(message)
        self.path = path


def compile_condition(cond: Mapping[str, Any], path: list[Any]) -> Compiled:
    if "all" in cond:
        parts = [compile_condition(c, path + ["all", i]) for i, c in enumerate(cond["all"])]
        return _kleene_of(parts, "no", "yes")
    if "any" in cond:
        parts = [compile_condition(c, path + ["any", i]) for i, c in enumerate(cond["any"])]
        return _kleene_of(parts, "yes", "no")
    if "not" in cond:
        inner = compile_condition(cond["not"], path + ["not"])
        return lambda facts: inner(facts).negate()
    return _compile_test(cond, path)


def _kleene_of(parts: list[Compiled], decisive: TriValue, otherwise: TriValue) -> Compiled:
    """`tri.kleene` over the parts, calling them only until the decisive one (the hot path:
    one call per rule and event, usually answered by the first or second part). A definite
    answer is the shared constant; only indeterminate parts are folded for their reasons."""
    settled = YES if otherwise == "yes" else NO

    def fold(facts: Mapping[str, Any]) -> Tri:
        unsure: list[Tri] | None = None
        for part in parts:
            got = part(facts)
            if got.value == decisive:
                return got
            if got.value == "indeterminate":
                unsure = [got] if unsure is None else [*unsure, got]
        return settled if unsure is None else kleene(unsure, decisive, otherwise)

    return fold


def _compile_test(cond: Mapping[str, Any], path: list[Any]) -> Compiled:
    name, test = _test(cond, path)
    if isinstance(test, DateTest):
        return test
    if isinstance(test, str):  # a three-valued fact, asked yes or no
        if test == "yes":
            return lambda facts: facts[name]
        return lambda facts: facts[name].negate()
    return lambda facts: YES if test(facts) else NO


Predicate = Callable[[Mapping[str, Any]], bool]


class DateTest:
    """A date test (`before` / `after` / `equals`) asked of a `core.time.Window`: three-valued,
    so an event whose day or uncertainty window straddles the date is indeterminate."""

    __slots__ = ("name", "op", "day")

    def __init__(self, name: str, op: str, day: str) -> None:
        self.name, self.op, self.day = name, op, day

    def __call__(self, facts: Mapping[str, Any]) -> Tri:
        return day_compare(facts[self.name], self.op, self.day)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _test(cond: Mapping[str, Any], path: list[Any]) -> tuple[str, str | Predicate | DateTest]:
    """A test's fact and what it asks: "yes" or "no" of a three-valued fact, or a predicate
    (definite: the screen uses it as it is, the condition as YES or NO)."""
    name = cond.get("fact")
    if name not in FACTS:
        import difflib

        hint = difflib.get_close_matches(str(name), list(FACTS), n=1, cutoff=0.6)
        raise ConditionError(path + ["fact"], f"unknown fact '{name}'" + (
            f" (did you mean '{hint[0]}'?)" if hint else ""))
    ftype = FACTS[name]
    ops = [k for k in cond if k != "fact"]
    if not ops:
        if ftype == "tri":
            return name, "yes"
        if ftype == "bool":
            return name, lambda facts: facts[name] is True
        raise ConditionError(path, f"test on '{name}' ({ftype}) needs an operator: "
                             f"{', '.join(sorted(OPS_FOR_TYPE[ftype]))}")
    op = ops[0]
    value = cond[op]
    if op not in OPS_FOR_TYPE[ftype]:
        raise ConditionError(path + [op], f"operator '{op}' does not apply to '{name}' "
                             f"({ftype}); use {', '.join(sorted(OPS_FOR_TYPE[ftype]))}")
    if op == "is":
        if value in ("yes", "no"):
            return name, value
        if value == "indeterminate":
            return name, lambda facts: facts[name].value == "indeterminate"
        raise ConditionError(path + [op], "'is' takes yes, no or indeterminate")
    if op in ("in", "not_in", "intersects"):
        if not isinstance(value, list):
            raise ConditionError(path + [op], f"'{op}' takes a list")
        options = frozenset(value)
        if op == "in":
            return name, lambda facts: facts[name] in options
        if op == "not_in":
            return name, lambda facts: facts[name] not in options
        return name, lambda facts: bool(facts[name]) and not options.isdisjoint(facts[name])
    if ftype == "date" and op in ("before", "after", "equals"):
        # three-valued on instants: the event's window (or --as-of's day) against that date
        if not isinstance(value, str) or not _is_date(value):
            raise ConditionError(path + [op], f"'{op}' takes a quoted date YYYY-MM-DD")
        return name, DateTest(name, op, value)
    if op == "equals":
        return name, lambda facts: facts[name] == value
    if op == "not_equals":
        return name, lambda facts: facts[name] != value
    if op == "exists":
        want = bool(value)
        return name, lambda facts: (facts[name] is not None and facts[name] != frozenset()) \
            is want
    if op in ("gt", "gte", "lt", "lte"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(path + [op], f"'{op}' takes a number")
        cmp = {
            "gt": lambda a: a > value, "gte": lambda a: a >= value,
            "lt": lambda a: a < value, "lte": lambda a: a <= value,
        }[op]

        def numeric(facts: Mapping[str, Any]) -> bool:
            got = facts[name]
            return got is not None and cmp(got)

        return name, numeric
    raise ConditionError(path + [op], f"unknown operator '{op}'")  # pragma: no cover


Screen = Callable[[Mapping[str, Any]], bool]


def specialize(cond: Mapping[str, Any], known: Mapping[str, Any]) -> Mapping[str, Any] | bool:
    """The condition with the tests on `known` facts (definite values, not three-valued ones)
    worked out: True or False when that decides it, else what is left to ask.

    Exact in Kleene logic: a definite "no" part makes an `all` "no" and drops out of an
    `any`, a definite "yes" the reverse. The engine specializes each rule for each action,
    so a rule that cannot match an action is never tried on its events.
    """
    for key, decisive in (("all", False), ("any", True)):
        if key in cond:
            rest = []
            for part in cond[key]:
                got = specialize(part, known)
                if got is decisive:
                    return decisive
                if got is not (not decisive):
                    rest.append(got)
            if not rest:
                return not decisive
            return rest[0] if len(rest) == 1 else {key: rest}
    if "not" in cond:
        got = specialize(cond["not"], known)
        return (not got) if isinstance(got, bool) else {"not": got}
    name, test = _test(cond, [])
    if name not in known or isinstance(test, (str, DateTest)):
        return cond
    return test({name: known[name]})


def compile_screen(cond: Mapping[str, Any]) -> Screen:
    """A predicate that is False exactly when the condition is "no" (for the engine's screen:
    plain booleans, no reasons, so ~190 screens per incident cost little)."""
    return _may_be(cond, True)


def _may_be(cond: Mapping[str, Any], want: bool) -> Screen:
    """False exactly when the condition is definitely not `want` (yes for True, no for
    False): Kleene AND may be yes iff every part may be, may be no iff some part may be."""
    for key in ("all", "any"):
        if key in cond:
            parts = [_may_be(c, want) for c in cond[key]]
            return _joined(parts, (key == "all") == want)
    if "not" in cond:
        return _may_be(cond["not"], not want)
    name, test = _test(cond, [])
    if isinstance(test, DateTest):
        ruled_out = "no" if want else "yes"
        return lambda facts: test(facts).value != ruled_out
    if isinstance(test, str):  # a three-valued fact: may be yes unless it is no
        ruled_out = "no" if (test == "yes") == want else "yes"
        return lambda facts: facts[name].value != ruled_out
    if want:
        return test
    return lambda facts: not test(facts)


def _joined(parts: list[Screen], every: bool) -> Screen:
    """Parts joined by `and` (every) or `or`, stopping at the first that decides."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return (lambda facts: a(facts) and b(facts)) if every else \
            (lambda facts: a(facts) or b(facts))
    if len(parts) == 3:
        a, b, c = parts
        return (lambda facts: a(facts) and b(facts) and c(facts)) if every else \
            (lambda facts: a(facts) or b(facts) or c(facts))

    def joined(facts: Mapping[str, Any]) -> bool:
        for part in parts:  # a loop: all()/any() over a generator cost more than they save
            if (not part(facts)) is every:
                return not every
        return every

    return joined


def condition_cost(cond: Mapping[str, Any]) -> int:
    """The dearest fact the condition may work out (`FACT_COST`)."""
    return max((FACT_COST.get(name, 0) for name in condition_facts(cond)), default=0)


def cheap_first(cond: Mapping[str, Any]) -> Mapping[str, Any]:
    """The condition with the parts of every `all` and `any` in order of cost (stable).

    Its value is the condition's own: Kleene AND is "no" iff a part is, "yes" iff all are,
    whatever their order, and OR likewise; only the reason (the first decisive part's) may
    differ. So the engine screens with it, stopping at a cheap "no" before an event's
    positions are resolved, and asks the condition itself for the reason of anything else.
    """
    for key in ("all", "any"):
        if key in cond:
            parts = [cheap_first(c) for c in cond[key]]
            return {key: sorted(parts, key=condition_cost)}
    if "not" in cond:
        return {"not": cheap_first(cond["not"])}
    return cond


def condition_facts(cond: Mapping[str, Any]) -> set[str]:
    if "all" in cond or "any" in cond:
        out: set[str] = set()
        for c in cond.get("all") or cond.get("any"):
            out |= condition_facts(c)
        return out
    if "not" in cond:
        return condition_facts(cond["not"])
    return {cond["fact"]}


def action_filter(cond: Mapping[str, Any]) -> frozenset[str] | None:
    """The actions a condition can match, when its top level pins them; None = any action."""
    found = _action_test(cond)
    return None if found is None else found[1]


def without_action_filter(cond: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The condition less the top-level test that `action_filter` read (None: nothing left).

    The engine tries a rule only on events whose action is in its filter, so testing the
    action again would be asked and answered ~8 times per event for nothing.
    """
    found = _action_test(cond)
    if found is None:
        return cond
    if "all" not in cond:
        return None
    rest = [c for i, c in enumerate(cond["all"]) if i != found[0]]
    return {"all": rest} if rest else None


def _action_test(cond: Mapping[str, Any]) -> tuple[int, frozenset[str]] | None:
    tests = cond["all"] if "all" in cond else [cond]
    for i, test in enumerate(tests):
        if test.get("fact") == "action":
            if "in" in test:
                return i, frozenset(test["in"])
            if "equals" in test:
                return i, frozenset([test["equals"]])
    return None


def explain_condition(cond: Mapping[str, Any], facts: Mapping[str, Any],
                      depth: int = 0) -> list[str]:
    """Human lines: each part of the condition with the fact's value and the part's result."""
    pad = "  " * depth
    for key in ("all", "any"):
        if key in cond:
            result = compile_condition(cond, [])(facts)
            lines = [f"{pad}{key}: {result.value}"]
            for c in cond[key]:
                lines += explain_condition(c, facts, depth + 1)
            return lines
    if "not" in cond:
        result = compile_condition(cond, [])(facts)
        return [f"{pad}not: {result.value}"] + explain_condition(cond["not"], facts, depth + 1)
    name = cond["fact"]
    result = compile_condition(cond, [])(facts)
    value = facts[name]
    shown = f"{value.value} ({value.reason})" if isinstance(value, Tri) else (
        sorted(value) if isinstance(value, frozenset) else value)
    test = ", ".join(f"{k}: {v}" for k, v in cond.items() if k != "fact") or "is: yes"
    return [f"{pad}{name} [{test}] -> {result.value}; fact = {shown}"]
