"""Never grow without bound (issue 17): paths that were quadratic, asserted linear with
deterministic counts at 1x and 10x the input (elements sorted, characters scanned), not
timings; and the scalar regex bounded by CPU with a wide margin."""

from __future__ import annotations

import resource
from typing import Any

import pytest
from adversarial_head import HEAD

from armicheck.load import strict
from armicheck.run.api import evaluate_text


def _unknown_refs(n: int) -> str:
    actors = "actors:\n" + "".join(f"  a{i}: {{side: kpa, force: KPA, kind: soldier}}\n"
                                   for i in range(n))
    events = "events:\n" + "".join(
        f'  - {{id: e{i}, time: "09:00", actor: nobody{i}, action: fire, cite: [s1]}}\n'
        for i in range(n))
    claims = "claims:\n" + "".join(
        f"  - {{party: kpa, kind: claim, source: s1, events: [e{i}, missing{i}]}}\n"
        for i in range(n))
    return HEAD + actors + events + claims


def test_unknown_references_sort_each_pool_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from armicheck.validation import meaning

    sorted_elements = 0
    built_elements = 0

    def counting_sorted(items: Any, *args: Any, **kw: Any) -> list[Any]:
        nonlocal sorted_elements
        got = sorted.__call__(items, *args, **kw)
        sorted_elements += len(got)
        return got

    def counting_set(items: Any = ()) -> set[Any]:
        nonlocal built_elements
        got = set.__call__(items)
        built_elements += len(got)
        return got

    monkeypatch.setattr(meaning, "sorted", counting_sorted, raising=False)
    monkeypatch.setattr(meaning, "set", counting_set, raising=False)

    def cost(n: int) -> tuple[int, int]:
        nonlocal sorted_elements, built_elements
        sorted_elements = built_elements = 0
        entry = evaluate_text(_unknown_refs(n), "x.yaml")
        assert len(entry["errors"]) >= n
        return sorted_elements, built_elements

    (s1, b1), (s10, b10) = cost(60), cost(600)
    assert s10 <= 12 * s1 + 100, (s1, s10)
    assert b10 <= 12 * b1 + 100, (b1, b10)


def test_positions_scan_the_text_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many diagnostics in a file with a LINE SEPARATOR: one scan of the text, not one each."""
    scanned = 0
    real = strict._YAML_ONLY_BREAKS

    class Counting:
        def search(self, text: str) -> Any:
            nonlocal scanned
            scanned += len(text)
            return real.search(text)

    monkeypatch.setattr(strict, "_YAML_ONLY_BREAKS", Counting())

    def cost(n: int) -> int:
        nonlocal scanned
        scanned = 0
        strict._line_starts.cache_clear()
        text = _unknown_refs(n).replace('title: "adversarial"', 'title: "a\u2028b"')
        entry = evaluate_text(text, "x.yaml")
        assert len(entry["errors"]) >= n
        return scanned

    one, ten = cost(60), cost(600)
    assert ten <= 12 * one, (one, ten)


@pytest.mark.parametrize("scalar", ["1" + "_1" * 100_000 + "x", "1" * 200_000 + "_x",
                                    "1" + "_" * 200_000 + "1.5x"])
def test_plain_scalars_of_digits_and_underscores_are_linear(scalar: str) -> None:
    from armicheck.load import scalars

    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    for pattern, _ in scalars._AMBIGUOUS:
        pattern.match(scalar)
    scalars._ANY_AMBIGUOUS.match(scalar)
    # linear: ~0.01 s; the quadratic pattern took ~4 s at a tenth of this length
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 1.0
