"""What to suggest for a word the format does not have: a value outside a field's words, a
field name a mapping does not know, a reference to an id that is not defined.

In order: the same word spelled another way (case, spaces, '_' or '-'); then the table of
what writers mean (`core/near_words.yaml`: synonyms, words of another field, concepts the
format does not have yet); then edit distance, only for near-misspellings (`near_misses`);
else nothing. Never a word of opposite meaning: the table's `never`
pairs and a negating prefix (un-, in-, non-) are refused whatever their distance.

Only invalid files reach this module, so the table is read on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from armicheck.load import load_text  # the strict loader: a duplicate key is an error

NEAR_WORDS_FILE = "near_words.yaml"  # in armicheck/core, beside vocabulary.py

# the kind of mapping a field's value is, by the kind of the mapping holding it; a kind ending
# in '*' is a list or an id-keyed mapping of that kind
CHILD_KINDS: dict[str, dict[str, str]] = {
    "incident": {"place": "place", "actors": "actor*", "sources": "source*",
                 "events": "event*", "determinations": "determination*", "claims": "claim*"},
    "actor": {"authorized": "authorization", "cite": "cite*", "count": "bound"},
    "authorization": {"cite": "cite*"},
    "event": {"from": "position", "to": "position", "at": "position", "impact": "position",
              "track": "position*", "object": "object", "exercise": "exercise",
              "casualties": "casualties", "authorized": "authorization", "cite": "cite*",
              # format 1.1
              "damage": "damage*", "tunnel": "tunnel", "direction": "direction",
              "rounds": "bound"},
    "object": {"count": "bound"},
    "tunnel": {"start": "position", "end": "position", "course": "position*"},
    "source": {"relayed_by": "relay*"},
    "determination": {"findings": "finding*"},
    "claim": {"cite": "cite*"},
}
# kinds that format 1.1 also allows as a list of them (casualties: one entry a side)
LISTABLE_KINDS = frozenset({"casualties"})


def mapping_kind(path: Sequence[Any]) -> str | None:
    """The kind of mapping at `path` ("event", "position", ...), or None when the path does
    not lead to one the format names."""
    kind = "incident"
    for step in path:
        if kind.endswith("*"):
            kind = kind[:-1]
            continue
        if isinstance(step, int) and kind in LISTABLE_KINDS:
            continue
        child = CHILD_KINDS.get(kind, {}).get(step) if isinstance(step, str) else None
        if child is None:
            return None
        kind = child
    return None if kind.endswith("*") else kind


def value_slot(path: Sequence[Any]) -> str | None:
    """The table's slot for a value at `path`: the holding mapping's kind and the field
    ("actor.role"); an item of a list field counts as the field ("actor.arms")."""
    steps = list(path)
    if steps and isinstance(steps[-1], int):
        steps.pop()
    if not steps or not isinstance(steps[-1], str):
        return None
    kind = mapping_kind(steps[:-1])
    return f"{kind}.{steps[-1]}" if kind else None


def normal(word: str) -> str:
    """A word as the table's keys are written: lower case, runs of spaces, '_' and '-' as
    one '-'."""
    return re.sub(r"[\s_\-]+", "-", word.strip().lower())


@cache
def near_words() -> dict[str, Any]:
    """The table, with its keys normalised and `same` slots filled in."""
    text = resources.files("armicheck.core").joinpath(NEAR_WORDS_FILE).read_text("utf-8")
    raw = load_text(NEAR_WORDS_FILE, text).data
    values = {slot: {normal(k): v for k, v in words.items()}
              for slot, words in raw["values"].items()}
    for slot, like in raw.get("same", {}).items():
        values.setdefault(slot, {}).update(values.get(like, {}))
    fields = {kind: {normal(k): v for k, v in words.items()}
              for kind, words in raw["fields"].items()}
    never = {frozenset(normal(w) for w in pair) for pair in raw.get("never", [])}
    return {"values": values, "fields": fields, "never": never}


def advise_value(path: Sequence[Any], word: Any, allowed: Sequence[Any]) -> str | None:
    """Advice for a value outside a field's words, or None."""
    if not isinstance(word, str):
        return None
    slot = value_slot(path)
    table = near_words()["values"].get(slot, {}) if slot else {}
    return _advise(word, [str(a) for a in allowed], table)


def advise_field(path: Sequence[Any], key: str, allowed: Sequence[str]) -> str | None:
    """Advice for an unknown field `key` of the mapping at `path`, or None."""
    kind = mapping_kind(path)
    table = near_words()["fields"].get(kind, {}) if kind else {}
    return _advise(key, list(allowed), table)


def advise_reference(ref: str, names: Sequence[str]) -> str | None:
    """Advice for an id that is not defined: its near-misspellings among `names`."""
    return _did_you_mean(near_misses(ref, names))


def _advise(word: str, allowed: list[str], table: dict[str, Any]) -> str | None:
    key = normal(word)
    same = [a for a in allowed if normal(a) == key]
    if same:
        return _did_you_mean(same)
    entry = table.get(key)
    if entry is not None:
        if isinstance(entry, str):
            return _did_you_mean([entry]) if entry in allowed else None
        return entry.get("say") or _did_you_mean(list(entry.get("use", [])))
    return _did_you_mean(near_misses(word, allowed))


def _did_you_mean(words: list[str]) -> str | None:
    if not words:
        return None
    return "did you mean " + " or ".join(f"'{w}'" for w in words) + "?"


def limit_for(word: str) -> int:
    """The most letters a near-misspelling may differ by: none up to three letters (in 'e3'
    one letter is another word), one up to twelve ('gaurd', 'crosss', 'evnts'), two beyond.
    Two letters in a shorter word already make other words ('admission', 'omission')."""
    n = len(word)
    return 0 if n <= 3 else 1 if n <= 12 else 2


def near_misses(word: str, candidates: Iterable[str]) -> list[str]:
    """The candidates closest to `word` within its limit (ties all kept, in order), never a
    pair the table forbids nor one that only adds or drops a negating prefix. Two swapped
    letters count as one even in a short word ('jas' for 'jsa'), and a word of five letters
    or more may lack a short ending ('distance' for 'distance_m', 'range' for 'range_m')."""
    key = normal(word)
    limit = limit_for(key)
    bound = 2  # the farthest kept by any rule; lowered to the best distance found
    best: list[str] = []
    never = near_words()["never"]
    for cand in candidates:
        other = normal(cand)
        if abs(len(other) - len(key)) > 2:
            continue
        d = distance(key, other, bound)
        if d > bound or d > limit and not _swapped(key, other, d) and \
                not _shortened(key, other):
            continue
        if frozenset((key, other)) in never or _negates(key, other):
            continue
        if best and d == bound:
            best.append(cand)
        else:
            best, bound = [cand], d
    return best


def _swapped(a: str, b: str, d: int) -> bool:
    return d == 1 and sorted(a) == sorted(b)


def _shortened(a: str, b: str) -> bool:
    return len(a) >= 5 and b.startswith(a) and len(b) - len(a) <= 2


def _negates(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return any(long == p + short for p in ("un", "in", "non", "non-", "not-", "dis", "im"))


def distance(a: str, b: str, bound: int) -> int:
    """Edit distance with transpositions (optimal string alignment); any answer above
    `bound` may be returned as bound + 1."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > bound:
            return bound + 1
        prev2, prev = prev, row
    return prev[-1]
