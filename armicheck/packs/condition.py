"""A rule's condition as a tree, parsed once from YAML; every use of a condition is a visit of it.

A condition is `{all: [...]}`, `{any: [...]}`, `{not: ...}` or a test `{fact: NAME, OP: VALUE}`
over the facts vocabulary (`armicheck.facts.derive.FACTS`). `parse` checks it against the
vocabulary and builds `All`, `AnyOf`, `Not` and `Test` nodes, each with its YAML path. From the
tree come:

- `node.compiled()`: closures (never `eval`), made once per node and kept. Three-valued facts
  propagate `indeterminate` with their reasons (Kleene logic), so a rule resting on an
  undecidable spatial fact can only yield `possible-violation`;
- `specialize`, `cheap_first`, `screen`: the engine's per-action screens;
- `action_filter`, `without_action_filter`: the per-action rule index;
- `explain` (--explain), `lines` and `inline` (`rules show`), `facts_of`, `cost`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from armicheck.core.interval import Interval
from armicheck.core.time import day_compare
from armicheck.core.tri import Tri, TriValue, kleene
from armicheck.facts.derive import FACTS

Compiled = Callable[[Mapping[str, Any]], Tri]
Predicate = Callable[[Mapping[str, Any]], bool]
Screen = Callable[[Mapping[str, Any]], bool]
Path = tuple[Any, ...]

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


@dataclass(slots=True, eq=False)
class Node:
    path: Path  # where the node is written, below the rule (`when`, `all`, 0, ...)
    _compiled: Compiled | None = field(default=None, init=False, repr=False)

    def compiled(self) -> Compiled:
        """The node as a closure over the facts, made on first use and kept (the children's
        closures are the children's own, so a tree is compiled once however it is asked)."""
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled

    def _compile(self) -> Compiled:  # pragma: no cover - every node type has its own
        raise NotImplementedError


@dataclass(slots=True, eq=False)
class Join(Node):
    """`all` or `any` of the parts (Kleene AND or OR)."""

    parts: tuple[Node, ...] = ()
    key: ClassVar[str]
    decisive: ClassVar[TriValue]  # a part with this value decides
    otherwise: ClassVar[TriValue]  # the value when no part is decisive nor indeterminate

    def _compile(self) -> Compiled:
        return _kleene_of([p.compiled() for p in self.parts], self.decisive, self.otherwise)


class All(Join):
    __slots__ = ()
    key, decisive, otherwise = "all", "no", "yes"


class AnyOf(Join):
    __slots__ = ()
    key, decisive, otherwise = "any", "yes", "no"


@dataclass(slots=True, eq=False)
class Not(Node):
    part: Node = None  # type: ignore[assignment]

    def _compile(self) -> Compiled:
        inner = self.part.compiled()
        return lambda facts: inner(facts).negate()


@dataclass(slots=True, eq=False)
class Test(Node):
    __test__ = False  # not a pytest class
    fact: str = ""
    ops: tuple[tuple[str, Any], ...] = ()  # as written, less `fact` (empty: "is yes")
    # what the test asks: "yes" or "no" of a three-valued fact, or a predicate (definite: the
    # screen uses it as it is, the condition as YES or NO)
    ask: str | Predicate | DateTest | NumberTest = "yes"

    def _compile(self) -> Compiled:
        name, ask = self.fact, self.ask
        if isinstance(ask, DateTest | NumberTest):  # three-valued already
            return ask
        if isinstance(ask, str):  # a three-valued fact, asked yes or no
            if ask == "yes":
                return lambda facts: facts[name]
            return lambda facts: facts[name].negate()
        return lambda facts: YES if ask(facts) else NO


Condition = Node


def parse(cond: Mapping[str, Any], path: list[Any] | Path = ()) -> Node:
    """The condition as a tree; a test that does not fit the vocabulary raises ConditionError
    with its path (`path` is where `cond` is written)."""
    at = tuple(path)
    if "all" in cond:
        return All(at, tuple(parse(c, (*at, "all", i)) for i, c in enumerate(cond["all"])))
    if "any" in cond:
        return AnyOf(at, tuple(parse(c, (*at, "any", i)) for i, c in enumerate(cond["any"])))
    if "not" in cond:
        return Not(at, parse(cond["not"], (*at, "not")))
    name = cond.get("fact")
    return Test(at, name, tuple((k, v) for k, v in cond.items() if k != "fact"),
                _ask(cond, list(at)))


def as_dict(node: Node) -> dict[str, Any]:
    """The node as it would be written in YAML."""
    if isinstance(node, Join):
        return {node.key: [as_dict(p) for p in node.parts]}
    if isinstance(node, Not):
        return {"not": as_dict(node.part)}
    assert isinstance(node, Test)
    return {"fact": node.fact, **dict(node.ops)}


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


class DateTest:
    """A date test (`before` / `after` / `equals`) asked of a `core.time.Window`: three-valued,
    so an event whose day or uncertainty window straddles the date is indeterminate."""

    __slots__ = ("name", "op", "day")

    def __init__(self, name: str, op: str, day: str) -> None:
        self.name, self.op, self.day = name, op, day

    def __call__(self, facts: Mapping[str, Any]) -> Tri:
        return day_compare(facts[self.name], self.op, self.day)


class NumberTest:
    """A test of a number fact (`gt`, `in`, ...): a plain number answers yes or no as it
    always has; a format 1.1 range or bound (`core.interval.Interval`) answers three-valued,
    with the reason, so a count that straddles a limit yields a possible violation."""

    __slots__ = ("name", "op", "value", "on_value")

    def __init__(self, name: str, op: str, value: Any) -> None:
        self.name, self.op, self.value = name, op, value
        self.on_value = _on_value(op, value)  # the test of a plain number (or None)

    def __call__(self, facts: Mapping[str, Any]) -> Tri:
        got = facts[self.name]
        if type(got) is Interval:
            return got.compare(self.name, self.op, self.value)
        return YES if self.on_value(got) else NO


def _on_value(op: str, value: Any) -> Callable[[Any], bool]:
    """A number test asked of the fact's value itself (one call, as format 1's were)."""
    if op == "equals":
        return lambda got: got == value
    if op == "not_equals":
        return lambda got: got != value
    if op in ("in", "not_in"):
        options = frozenset(value)
        return (lambda got: got in options) if op == "in" else (lambda got: got not in options)
    return {"gt": lambda got: got is not None and got > value,
            "gte": lambda got: got is not None and got >= value,
            "lt": lambda got: got is not None and got < value,
            "lte": lambda got: got is not None and got <= value}[op]


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _ask(cond: Mapping[str, Any], path: list[Any]) -> str | Predicate | DateTest | NumberTest:
    """What a test asks of its fact, checked against the fact's type; a test of a number
    fact (but `exists`) is a NumberTest, three-valued for a format 1.1 range."""
    name = cond.get("fact")
    if name not in FACTS:
        import difflib

        hint = difflib.get_close_matches(str(name), list(FACTS), n=1, cutoff=0.6)
        raise ConditionError(path + ["fact"], f"unknown fact '{name}'" + (
            f" (did you mean '{hint[0]}'?)" if hint else ""))
    ftype = FACTS[name].type
    ops = [k for k in cond if k != "fact"]
    if not ops:
        if ftype == "tri":
            return "yes"
        if ftype == "bool":
            return lambda facts: facts[name] is True
        raise ConditionError(path, f"test on '{name}' ({ftype}) needs an operator: "
                             f"{', '.join(sorted(OPS_FOR_TYPE[ftype]))}")
    op = ops[0]
    value = cond[op]
    if op not in OPS_FOR_TYPE[ftype]:
        raise ConditionError(path + [op], f"operator '{op}' does not apply to '{name}' "
                             f"({ftype}); use {', '.join(sorted(OPS_FOR_TYPE[ftype]))}")
    if op == "is":
        if value in ("yes", "no"):
            return value
        if value == "indeterminate":
            return lambda facts: facts[name].value == "indeterminate"
        raise ConditionError(path + [op], "'is' takes yes, no or indeterminate")
    if op in ("in", "not_in", "intersects"):
        if not isinstance(value, list):
            raise ConditionError(path + [op], f"'{op}' takes a list")
        if ftype in ("int", "number"):
            return NumberTest(name, op, value)
        options = frozenset(value)
        if op == "in":
            return lambda facts: facts[name] in options
        if op == "not_in":
            return lambda facts: facts[name] not in options
        return lambda facts: bool(facts[name]) and not options.isdisjoint(facts[name])
    if ftype == "date" and op in ("before", "after", "equals"):
        # three-valued on instants: the event's window (or --as-of's day) against that date
        if not isinstance(value, str) or not _is_date(value):
            raise ConditionError(path + [op], f"'{op}' takes a quoted date YYYY-MM-DD")
        return DateTest(name, op, value)
    if ftype in ("int", "number") and op in ("equals", "not_equals"):
        return NumberTest(name, op, value)
    if op == "equals":
        return lambda facts: facts[name] == value
    if op == "not_equals":
        return lambda facts: facts[name] != value
    if op == "exists":
        want = bool(value)
        return lambda facts: (facts[name] is not None and facts[name] != frozenset()) is want
    if op in ("gt", "gte", "lt", "lte"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(path + [op], f"'{op}' takes a number")
        return NumberTest(name, op, value)
    raise ConditionError(path + [op], f"unknown operator '{op}'")  # pragma: no cover


def specialize(node: Node, known: Mapping[str, Any]) -> Node | bool:
    """The condition with the tests on `known` facts (definite values, not three-valued ones)
    worked out: True or False when that decides it, else what is left to ask.

    Exact in Kleene logic: a definite "no" part makes an `all` "no" and drops out of an
    `any`, a definite "yes" the reverse. The engine specializes each rule for each action,
    so a rule that cannot match an action is never tried on its events.
    """
    if isinstance(node, Join):
        decisive = isinstance(node, AnyOf)
        rest = []
        for part in node.parts:
            got = specialize(part, known)
            if got is decisive:
                return decisive
            if got is not (not decisive):
                rest.append(got)
        if not rest:
            return not decisive
        return rest[0] if len(rest) == 1 else type(node)(node.path, tuple(rest))
    if isinstance(node, Not):
        got = specialize(node.part, known)
        return (not got) if isinstance(got, bool) else Not(node.path, got)
    assert isinstance(node, Test)
    if node.fact not in known or isinstance(node.ask, str | DateTest | NumberTest):
        return node
    return node.ask({node.fact: known[node.fact]})


def screen(node: Node) -> Screen:
    """A predicate that is False exactly when the condition is "no" (for the engine's screen:
    plain booleans, no reasons, so ~190 screens per incident cost little)."""
    return _may_be(node, True)


def _may_be(node: Node, want: bool) -> Screen:
    """False exactly when the condition is definitely not `want` (yes for True, no for
    False): Kleene AND may be yes iff every part may be, may be no iff some part may be."""
    if isinstance(node, Join):
        parts = [_may_be(c, want) for c in node.parts]
        return _joined(parts, isinstance(node, All) == want)
    if isinstance(node, Not):
        return _may_be(node.part, not want)
    assert isinstance(node, Test)
    name, ask = node.fact, node.ask
    if isinstance(ask, DateTest | NumberTest):  # three-valued: may be `want` unless the other
        tri_test, ruled_out = ask, "no" if want else "yes"
        if isinstance(ask, NumberTest):  # a plain number (the usual case) costs no Tri
            on_value = ask.on_value

            def may_be(facts: Mapping[str, Any]) -> bool:
                got = facts[name]
                if type(got) is Interval:
                    return tri_test(facts).value != ruled_out
                return on_value(got) is want

            return may_be
        return lambda facts: tri_test(facts).value != ruled_out
    if isinstance(ask, str):  # a three-valued fact: may be yes unless it is no
        ruled_out = "no" if (ask == "yes") == want else "yes"
        return lambda facts: facts[name].value != ruled_out
    if want:
        return ask
    return lambda facts: not ask(facts)


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


def cost(node: Node) -> int:
    """The dearest fact the condition may work out (each fact's declared cost)."""
    return max((FACTS[name].cost for name in facts_of(node)), default=0)


def cheap_first(node: Node) -> Node:
    """The condition with the parts of every `all` and `any` in order of cost (stable).

    Its value is the condition's own: Kleene AND is "no" iff a part is, "yes" iff all are,
    whatever their order, and OR likewise; only the reason (the first decisive part's) may
    differ. So the engine screens with it, stopping at a cheap "no" before an event's
    positions are resolved, and asks the condition itself for the reason of anything else.
    """
    if isinstance(node, Join):
        return type(node)(node.path, tuple(sorted((cheap_first(c) for c in node.parts),
                                                  key=cost)))
    if isinstance(node, Not):
        return Not(node.path, cheap_first(node.part))
    return node


def facts_of(node: Node) -> set[str]:
    """The facts the condition tests."""
    if isinstance(node, Join):
        out: set[str] = set()
        for c in node.parts:
            out |= facts_of(c)
        return out
    if isinstance(node, Not):
        return facts_of(node.part)
    assert isinstance(node, Test)
    return {node.fact}


def action_filter(node: Node) -> frozenset[str] | None:
    """The actions a condition can match, when its top level pins them; None = any action."""
    found = _action_test(node)
    return None if found is None else found[1]


def without_action_filter(node: Node) -> Node | None:
    """The condition less the top-level test that `action_filter` read (None: nothing left).

    The engine tries a rule only on events whose action is in its filter, so testing the
    action again would be asked and answered ~8 times per event for nothing.
    """
    found = _action_test(node)
    if found is None:
        return node
    if not isinstance(node, All):
        return None
    rest = tuple(c for i, c in enumerate(node.parts) if i != found[0])
    return All(node.path, rest) if rest else None


def _action_test(node: Node) -> tuple[int, frozenset[str]] | None:
    tests = node.parts if isinstance(node, All) else (node,)
    for i, test in enumerate(tests):
        if isinstance(test, Test) and test.fact == "action":
            ops = dict(test.ops)
            if "in" in ops:
                return i, frozenset(ops["in"])
            if "equals" in ops:
                return i, frozenset([ops["equals"]])
    return None


def explain(node: Node, facts: Mapping[str, Any], depth: int = 0) -> list[str]:
    """Human lines: each part of the condition with the fact's value and the part's result
    (each node's own compiled closure: the explanation is the evaluation's)."""
    pad = "  " * depth
    result = node.compiled()(facts)
    if isinstance(node, Join):
        out = [f"{pad}{node.key}: {result.value}"]
        for c in node.parts:
            out += explain(c, facts, depth + 1)
        return out
    if isinstance(node, Not):
        return [f"{pad}not: {result.value}"] + explain(node.part, facts, depth + 1)
    assert isinstance(node, Test)
    value = facts[node.fact]
    shown = f"{value.value} ({value.reason})" if isinstance(value, Tri) else (
        sorted(value) if isinstance(value, frozenset) else value)
    test = ", ".join(f"{k}: {v}" for k, v in node.ops) or "is: yes"
    return [f"{pad}{node.fact} [{test}] -> {result.value}; fact = {shown}"]


def lines(node: Node, depth: int = 0) -> list[str]:
    """`rules show`: the condition one part a line, indented by depth."""
    pad = "  " * depth
    if isinstance(node, Join):
        out = [f"{pad}{node.key} of:"]
        for c in node.parts:
            out += lines(c, depth + 1)
        return out
    if isinstance(node, Not):
        return [f"{pad}not:"] + lines(node.part, depth + 1)
    assert isinstance(node, Test)
    return [f"{pad}{_test_text(node)}"]


def inline(node: Node) -> str:
    """`rules show`: the condition on one line (`a and (b or c)`)."""
    if isinstance(node, Join):
        joiner = " and " if isinstance(node, All) else " or "
        parts = [inline(c) for c in node.parts]
        return joiner.join(f"({p})" if (" and " in p or " or " in p) else p for p in parts)
    if isinstance(node, Not):
        return f"not ({inline(node.part)})"
    assert isinstance(node, Test)
    return _test_text(node)


def _test_text(node: Test) -> str:
    test = ", ".join(f"{k} {v}" for k, v in node.ops) or "is yes"
    return f"{node.fact} {test}"


def failed_part(node: Node, facts: Mapping[str, Any]) -> str:
    """Issue 20: in words, the part of a condition that keeps it from holding ("no" or
    indeterminate) on these facts: for `all`, its first such part; for `any`, each part;
    for a test, the fact's value and reason. What a disagreement with a body names."""
    result = node.compiled()(facts)
    if isinstance(node, Join):
        if isinstance(node, All):
            for c in node.parts:
                if c.compiled()(facts).value != "yes":
                    return failed_part(c, facts)
            return "all parts hold"
        return "none of: " + "; ".join(failed_part(c, facts) for c in node.parts)
    if isinstance(node, Not):
        return f"not ({_test_words(node.part, facts)}) is {result.value}"
    assert isinstance(node, Test)
    return _test_words(node, facts)


def _test_words(node: Node, facts: Mapping[str, Any]) -> str:
    if not isinstance(node, Test):
        return inline(node)
    value = facts[node.fact]
    if isinstance(value, Tri):
        shown = f"{value.value} ({value.reason})" if value.reason else value.value
    else:
        shown = ", ".join(sorted(value)) or "none" if isinstance(value, frozenset) else value
    test = ", ".join(f"{k}: {v}" for k, v in node.ops) or "is: yes"
    return f"{node.fact} [{test}] is {shown}"


def first_failed_test(node: Node, facts: Mapping[str, Any]) -> Test | None:
    """The test that first keeps an `all` from holding (following `all`s and lone parts):
    whose absence, if its fact is absent, the fact registry explains. None for an `any` of
    several parts or a `not`."""
    if isinstance(node, Test):
        return node
    if isinstance(node, All):
        for c in node.parts:
            if c.compiled()(facts).value != "yes":
                return first_failed_test(c, facts)
        return None
    if isinstance(node, AnyOf) and len(node.parts) == 1:
        return first_failed_test(node.parts[0], facts)
    return None
