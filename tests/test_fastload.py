"""The fast loader (rapidyaml) must read exactly what the strict loader reads, or step aside.

For every input: if the fast path returns a document, the strict loader accepts the text too,
gives the same values with the same types, and puts every event at the same line and column.
Inputs: every YAML file in the repository, a table of the cases where YAML parsers differ,
and (tests/test_fuzz.py) every fuzzed input.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from armicheck.core.diagnostics import InputError
from armicheck.load import fast as fastload
from armicheck.load import load_text
from armicheck.load.scalars import PlainScalarError, read_plain

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not fastload.AVAILABLE, reason="rapidyaml not installed")


def typed(value: Any) -> Any:
    """The value with every scalar's type made part of it (1 == 1.0 == True otherwise)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def check_agrees(text: str, path: str = "x.yaml") -> bool:
    """Assert the fast path agrees with the strict loader; True if it took the text."""
    try:
        fast = load_text(path, text, fast=True)
    except InputError:
        fast = None
    try:
        strict = load_text(path, text)
    except InputError:
        assert fast is None or not fast.fast, f"fast path accepted what the strict loader " \
            f"refuses: {text[:200]!r}"
        return False
    if fast is None or not fast.fast:
        return False
    assert typed(fast.data) == typed(strict.data), text[:300]
    events = strict.data.get("events") if isinstance(strict.data, dict) else None
    if isinstance(events, list):
        for i in range(len(events)):
            assert fast.locate(["events", i]) == strict.locate(["events", i]), (i, text[:300])
    return True


REPO_FILES = sorted(p for p in ROOT.glob("**/*.yaml")  # the repository's own, not hidden
                    if "bench" not in p.parts and not any(
                        part.startswith(".") for part in p.relative_to(ROOT).parts[:-1]))


@pytest.mark.parametrize("path", REPO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_file(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return  # the hostile corpus's non-UTF-8 files never reach the loaders
    check_agrees(text, str(path))


def test_the_fast_path_is_taken_on_ordinary_incidents() -> None:
    taken = [p.name for p in sorted(ROOT.glob("incidents/*.yaml")) + sorted(
        ROOT.glob("tests/heldout/*.yaml")) if check_agrees(p.read_text(encoding="utf-8"))]
    assert len(taken) >= 12, taken  # of 15: prose with comma-separated times falls back


BASE = "armicheck: 1\nid: t\n"

# (text, does the fast path take it?)
CASES: list[tuple[str, bool]] = [
    (BASE + "a: 1\nb: 2.5\nc: -0\nd: true\ne: null\nf:\ng: text\n", True),
    (BASE + "a: 1\na: 2\n", False),  # duplicate key (rapidyaml keeps both)
    (BASE + "a: {x: 1, x: 2}\n", False),
    (BASE + "a: &x 1\nb: *x\n", False),  # rapidyaml drops the anchor, keeps "*x" as text
    (BASE + "a: !!str 1\n", False),  # rapidyaml drops tags
    (BASE + "a: ! 1\n", False),
    (BASE + "url: 'https://x.org/?a=1&b=2'\nnote: R & D, 5 * 3\n", True),
    (BASE + "a: 12:30\n", False),  # YAML 1.1 sexagesimal: the strict loader refuses it
    (BASE + 'a: "12:30"\n', True),
    (BASE + "a: [1, 12:30]\n", False),
    (BASE + "a: NO\n", False),
    (BASE + "a: 'NO'\n", True),
    (BASE + "a: 010\n", False),
    (BASE + "a: 1e3\n", False),  # a float only in YAML 1.2: refused
    (BASE + "a: 1.5e3\n", True),
    (BASE + "a: 5.\nb: .5\nc: -.5\n", True),
    (BASE + "a: +1\n", False),
    (BASE + "a: 00.5\n", False),
    (BASE + "a: 1_000\n", False),
    (BASE + "a: 0x1F\n", False),
    (BASE + "a: 2017-11-13\n", False),
    (BASE + 'a: "2017-11-13"\nid2: 2017-11-13-jsa\n', True),
    (BASE + 'a: "2017-11-13"\nb: 2017-11-13\n', False),
    (BASE + 'a: "2017-11-13"\nb: [x, 2017-11-13]\n', False),
    (BASE + 'a: "2017-11-13"\nb: |\n  on 2017-11-13 the KPA\n', True),
    (BASE + 'a: "2017-11-13"\nb: |\n  2017-11-13\n', False),  # alone on a line: not decided
    (BASE + "a: ~\n", False),  # null to the strict loader, "~" to rapidyaml
    (BASE + "a: '~'\n", True),
    (BASE + "a: True\nb: FALSE\nc: Null\n", False),
    (BASE + "a: 'True'\n", True),
    (BASE + "a: inf\n", False),  # rapidyaml writes ".inf"
    (BASE + "a: infinity\nb: '.inf'\n", False),
    (BASE + "a: nan\n", False),
    (BASE + "a: .inf\n", False),
    (BASE + "a: ''\nb: \"\"\n", True),
    (BASE + "x: 1\ny: -2\n", True),  # coordinates: `y:` is a key, not a boolean
    (BASE + "a: y\n", False),
    (BASE + "NO: 1\n", False),
    (BASE + "'NO': 1\n", False),  # a typed key, quoted or not: the strict path
    (BASE + "a: 99999999999999999999\n", False),
    (BASE + "a: \"x\\ty\"\n", False),  # escapes: the strict path
    (BASE + "a: x\tb\n", False),
    (BASE + "a: 1\r\nb: 2\r\n", False),
    (BASE + "a: x\x85y\n", False),  # NEL: a line break in YAML 1.1
    (BASE + "a: x\u2028y\n", False),
    (BASE + "a: x\x80y\n", False),
    (BASE + "a: x\x07y\n", False),  # rapidyaml drops the BEL
    (BASE + "a: 1\n---\nb: 2\n", False),
    (BASE + "a: 1\n...\n", False),
    ("%YAML 1.1\n---\n" + BASE, False),
    (BASE + "a: |\n  literal\n   text\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  x\n", True),
    (BASE + "a: plain\n  continued\n", True),
    (BASE + "a: 'it''s'\n", True),
    (BASE + "a: é 한글 «»\n", True),
    ("- 1\n- 2\n", False),  # not an incident: the strict path says so
    ("", False),
    ("# only a comment\n", False),
    (BASE + "a: [1, 2\n", False),
    (BASE + ": x\n", False),  # an empty key: rapidyaml takes it, libyaml does not
    (BASE + "a: {?b: 1}\n", False),  # libyaml: key "b"; rapidyaml: key "?b"
    (BASE + "a: 'why? because'\nb: https://x.org/?q=1\n", True),
    (BASE + "a: b: c\n", False),
    (BASE + "events:\n  - id: a\n    x: 1\n  - {id: b}\n  -\n    id: c\n  - # note\n    id: d\n",
     True),
    (BASE + "events:\n- id: a\n- id: b\nafter: 1\n", True),
    (BASE + "events: [{id: a}, {id: b}]\n", True),  # flow: events located by composing
    # a quoted line that looks like an item: rapidyaml refuses it; more indented, the scan
    # of event positions sees through it
    (BASE + "events:\n  - id: a\n    note: \"x\n  - y\"\n", False),
    (BASE + "events:\n  - id: a\n    note: \"x\n     - y\"\n  - id: b\n", True),
    (BASE + "".join(f"{'  ' * i}k{i}:\n" for i in range(66)) + "  " * 66 + "v\n", False),
    # found by an adversarial review (each once gave different data, or a different position)
    (BASE + "note: |\n  text", False),  # no final newline: rapidyaml keeps one
    ("s: |+\n ", False),
    (BASE + "note: | # see a-b\n  text\n", False),  # the - in the comment is no chomping
    (BASE + "s: | # a+b\n c\n\n", False),
    (BASE + "s: |2\n     x\n   \n", False),  # explicit indentation
    (BASE + "a: [1\n\n\n ]\n", False),  # blank lines in a flow collection
    (BASE + "a: [NO\n\n\n ]\n", False),
    (BASE + "a: {b: c\n\n\n }\n", False),
    (BASE + 'a: {"t":TRUE}\n', False),  # a value right after the colon
    (BASE + 'a: {"t":12:30}\n', False),
    (BASE + 'date: "2017-11-13"\n2017-11-13: x\n', False),  # a typed key after the value
    (BASE + 'a: "No"\nb: {No: 1}\n', False),
    ('{armicheck: 1, a: "x\nevents:\n- q\n", events: [1]}\n', True),  # events located
    (BASE + "note: |\n  multi\n\n  para\nb: [x, z]\n\nc: 1\n", True),
]


@pytest.mark.parametrize("text,taken", CASES, ids=[repr(t[len(BASE):][:30]) for t, _ in CASES])
def test_cases_where_parsers_differ(text: str, taken: bool) -> None:
    assert check_agrees(text) is taken


def test_rapidyaml_types_plain_scalars_as_the_strict_loader_does() -> None:
    """The fast path's premise: a plain scalar the strict loader reads as a number, boolean or
    null, rapidyaml emits as a JSON number or literal of the same value, but for the seven in
    _TYPED_BUT_TEXT_TO_RYML; and one it reads as text (or refuses) never becomes a number."""
    import ryml

    rng = random.Random(1)
    alphabet = "0123456789+-.eE_xXoObB:~nNyYtTfFaAlLsSuUrRiI"
    candidates = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
                  for _ in range(20000)}
    candidates |= {"~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
                   "FALSE", "yes", "no", "on", "off", "0", "-0", "1.", ".1", "1e3", "1.5e3"}
    as_text = set()
    for s in sorted(candidates):
        try:
            strict: Any = read_plain(s)
            refused = False
        except PlainScalarError:
            strict, refused = None, True
        try:
            emitted = ryml.emit_json(ryml.parse_in_arena(f"a: {s}\n".encode()))
            value = json.loads(emitted, parse_int=fastload._int, parse_float=fastload._float,
                               parse_constant=fastload._no_constant)["a"]
        except Exception:  # noqa: BLE001 - rapidyaml or our hooks refuse it: strict path
            continue
        if isinstance(value, str):
            if value != s:
                assert any(w in emitted for w in fastload._NORMALIZED), s
            elif not refused and strict is not s:
                as_text.add(s)
            continue
        assert not refused and typed(value) == typed(strict), s
    assert as_text == set(fastload._TYPED_BUT_TEXT_TO_RYML)


def test_an_invalid_incident_gets_the_strict_diagnostics(cli, write) -> None:  # noqa: ANN001
    path = write("armicheck: 1\nid: bad\ntitle: t\ndate: \"2017-11-13\"\nutc_offset: \"+09:00\"\n"
                 "actors:\n  guard: {side: kpa, force: KPA}\nsources: {}\nevents:\n"
                 "  - {id: e1, time: \"10:00\", actor: gaurd, action: fire}\n")
    assert fastload.load_clean(str(path), Path(path).read_text()) is not None  # fast first
    result = cli("validate", str(path))
    assert result.code == 2
    assert f"{path}:10:36: unknown actor 'gaurd' (did you mean 'guard'?)" in result.stderr


def test_rapidyaml_says_nothing_on_stderr(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("armicheck: 1\nid: x\na: [1, 2\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "armicheck", "validate", str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stderr.startswith(f"{bad}:"), run.stderr  # ours, not "ERROR: [parse] ..."
    assert "parse_engine" not in run.stderr and "ERROR" not in run.stderr


def test_the_fast_loader_keeps_no_memory() -> None:
    """rapidyaml's emit_json leaks its output buffer (~9 KB a file: 90 MB over 10,000 files);
    the fast loader emits into a buffer of its own."""
    import resource

    text = (ROOT / "incidents" / "2015-08-04-paju-dmz-landmines.yaml").read_text(encoding="utf-8")
    assert fastload.load_clean("x.yaml", text) is not None
    for _ in range(300):  # warm: allocator pools, caches
        fastload.load_clean("x.yaml", text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(3000):
        fastload.load_clean("x.yaml", text)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 4096, f"{grown_kb} KB more after 3,000 loads"


def test_grammar_generated_documents_agree() -> None:
    """Documents from the grammar the adversarial review used (tests/yaml_grammar.py): 3,000
    here; `python bench/fuzz_fastload.py` runs it for as long as asked."""
    from tests.yaml_grammar import Grammar

    grammar = Grammar(seed=2026)
    taken = sum(check_agrees(grammar.doc()) for _ in range(3000))
    assert taken > 200  # the fast path is exercised, not only refused


def test_threads_loading_at_once_get_their_own_documents() -> None:
    """The fast loader reuses its output buffer: each thread must have its own, or one
    thread's document can be decoded from another's bytes. And it silences stderr around
    rapidyaml one thread at a time, or two could leave it silenced for good."""
    import sys
    import threading

    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("rules/*/tests/*.yaml"))
             if fastload.load_clean("x", p.read_text(encoding="utf-8")) is not None][:8]
    expected = [typed(load_text("x", t).data) for t in texts]
    wrong: list[int] = []

    def work(k: int) -> None:
        for _ in range(150):
            doc = fastload.load_clean("x", texts[k])
            if doc is None or typed(doc.data) != expected[k]:
                wrong.append(k)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(len(texts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(texts) == 8 and not wrong
    # and stderr is not left on /dev/null (the quiet spells must not interleave)
    import os

    assert not os.path.samestat(os.fstat(2), os.stat(os.devnull))


# layouts of the `events` list that the position scan (fastload.event_marks) reads itself:
# (layout, the number of events the strict loader reads, or None where it refuses the text)
EVENT_LAYOUTS = [
    ("events:\n  - id: a\n  - id: b\n", 2),
    ("events:\n- id: a\n- id: b\nlast: 1\n", 2),  # items at column 0, then another key
    ("events:  # the acts\n\n  # first\n  - id: a\n    note: x\n\n  -   id: b\n# end\nz: 1\n", 2),
    ("events:\n    - id: a\n      cite: [s]\n    - {id: b}\n    - [1, 2]\n", 3),
    ("events:\n  - id: a\n    text: |\n      - not an item\n      more\n  - id: b\n", 2),
    ("events:\n  -\n    id: a\n  - # note\n    id: b\n  - id: c\n", 3),  # values on later lines
    ("events:\n  - a\n  -b\n", None),  # `-b` is not an item (YAML refuses the text)
    ("events:\n  - id: a\n -x: 1\n", None),  # less indented: not the plain layout (refused)
]


@pytest.mark.parametrize("layout,count", EVENT_LAYOUTS)
def test_event_positions_found_by_the_scan_are_the_strict_loaders(layout: str,
                                                                   count: int | None) -> None:
    text = BASE + layout
    # positions equal the strict loader's, scanned or composed; True: the fast path took it
    taken = check_agrees(text)
    if count is None:
        with pytest.raises(InputError):
            load_text("x.yaml", text)
        assert not taken
        # the scan does not take `-b` (or the less indented `-x`) for a second item
        assert fastload.event_marks(text, 2) is None
        return
    assert taken
    doc = load_text("x.yaml", text, fast=True)
    assert doc.fast and len(doc.data["events"]) == count
    marks = fastload.event_marks(text, count)
    if "-\n" not in layout and "- #" not in layout:
        assert marks is not None and len(marks) == count
    for i in range(count):
        assert doc.locate(["events", i]) == load_text("x.yaml", text).locate(["events", i])


def test_the_presence_check_finds_every_short_word_in_every_case() -> None:
    """_check_strings looks for the YAML 1.1 words only when one search of the lowered JSON
    finds one: it must find each of them, in any case, as a string or a key."""
    from itertools import product

    from armicheck.load.fast import _QUOTED_WORD, _WORDS

    for word in _WORDS:
        for letters in product(*[(c.lower(), c.upper()) for c in word]):
            spelled = "".join(letters)
            for emitted in (f'{{"a": "{spelled}"}}', f'{{"{spelled}": 1}}'):
                assert _QUOTED_WORD.search(emitted.lower()), emitted
