"""Clause texts against the copy they claim to come from.

Reads rules/*/clauses.yaml and tests/data/usmc-v5-appH.yaml with PyYAML only (no armicheck
import), so it does not depend on the package's internal layout.

- Every KAA clause whose `seen_in.source` is the USMC copy (Appendix H of *U.S. Marine
  Operations in Korea 1950-1953*, vol. V, read in Project Gutenberg #65011) must equal its
  paragraph there word for word: line breaks joined into spaces, no-break spaces made
  ordinary, nothing else changed.
- Every variant recorded as that copy's reading must equal the paragraph the same way.
- Every other `secondary` KAA clause whose paragraph is stored must equal it, or record the
  copy's reading as a variant (where the copies disagree and the pack keeps another).
- No clause that names the USMC copy keeps an elision mark.
- Every clause's sha256 is the sha256 of the UTF-8 bytes of its text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
KAA = RULES / "kaa-1953"
COPY = Path(__file__).resolve().parent / "data" / "usmc-v5-appH.yaml"
SOURCE_ID = "usmc-v5-appH"


def _load(path: Path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def normalise(text: str) -> str:
    """The comparison of clause-verification.md §3.1: line breaks joined, no-break spaces
    made ordinary, nothing else."""
    return text.replace("\r\n", "\n").replace("\n", " ").replace("\u00a0", " ")


COPY_DOC = _load(COPY)
PARAGRAPHS = {cid: normalise(p["text"]) for cid, p in COPY_DOC["paragraphs"].items()}
KAA_CLAUSES = _load(KAA / "clauses.yaml")["clauses"]
KAA_PACK = _load(KAA / "pack.yaml")


def _source(clause: dict) -> str | None:
    return (clause.get("seen_in") or {}).get("source")


def _copy_variants(clause: dict) -> list[str]:
    return [v["text"] for v in clause.get("variants") or [] if v.get("source") == SOURCE_ID]


FROM_COPY = [c for c in KAA_CLAUSES if _source(c) == SOURCE_ID]
ALL_CLAUSES = [(pack.name, c) for pack in sorted(RULES.iterdir()) if (pack / "clauses.yaml")
               .is_file() for c in _load(pack / "clauses.yaml")["clauses"]]


def test_copy_is_declared_with_its_source():
    src = COPY_DOC["source"]
    assert src["id"] == SOURCE_ID
    assert src["transcription"] == "Project Gutenberg eBook #65011"
    assert len(src["commit"]) == 40
    declared = {s["id"]: s for s in KAA_PACK.get("sources") or []}
    assert SOURCE_ID in declared, "pack.yaml must declare the USMC copy as a source"
    text = " ".join(str(v) for v in declared[SOURCE_ID].values())
    for needed in ("Marine Operations in Korea", "1972", "587", "65011"):
        assert needed in text, f"pack source {SOURCE_ID} does not name {needed!r}"


def test_every_kaa_clause_has_its_paragraph_stored():
    missing = [c["id"] for c in KAA_CLAUSES if c["id"] not in PARAGRAPHS]
    assert not missing, f"no Appendix H paragraph stored for {missing}"


def test_some_clauses_are_read_in_the_copy():
    assert len(FROM_COPY) >= 20


@pytest.mark.parametrize("clause", FROM_COPY, ids=lambda c: c["id"])
def test_clause_seen_in_copy_matches_it_word_for_word(clause):
    assert clause["text_status"] == "secondary", (
        f"{clause['id']}: a text read in a non-official copy is 'secondary'")
    assert clause.get("text_kind", "verbatim") == "verbatim"
    assert clause["text"] == PARAGRAPHS[clause["id"]], (
        f"{clause['id']}: text differs from {SOURCE_ID}")
    assert "[…]" not in clause["text"] and "..." not in clause["text"]


@pytest.mark.parametrize("clause", [c for c in KAA_CLAUSES if _copy_variants(c)],
                         ids=lambda c: c["id"])
def test_variant_recorded_from_copy_matches_it(clause):
    for text in _copy_variants(clause):
        assert text == PARAGRAPHS[clause["id"]], (
            f"{clause['id']}: variant credited to {SOURCE_ID} differs from it")


@pytest.mark.parametrize("clause", [c for c in KAA_CLAUSES if c["text_status"] == "secondary"
                                    and _source(c) != SOURCE_ID and c["id"] in PARAGRAPHS],
                         ids=lambda c: c["id"])
def test_other_secondary_clause_matches_copy_or_records_it(clause):
    para = PARAGRAPHS[clause["id"]]
    if clause["text"] == para or para in _copy_variants(clause):
        return
    # The only difference left is the apostrophe of "People's": the transcription prints
    # a curly one; the clause keeps the straight one of the copy it was seen in.
    assert clause["text"].replace("'", "\u2019") == para, (
        f"{clause['id']}: differs from {SOURCE_ID} and records no variant from it")


def test_no_kaa_clause_is_verified():
    # No official copy (S/3079, TIAS 2782, the UNC Volume I print) has been read.
    assert [c["id"] for c in KAA_CLAUSES if c["text_status"] == "verified"] == []


@pytest.mark.parametrize("pack,clause", ALL_CLAUSES, ids=lambda x: x if isinstance(x, str)
                         else x["id"])
def test_sha256_matches_text(pack, clause):
    digest = hashlib.sha256(clause["text"].encode("utf-8")).hexdigest()
    assert clause["sha256"] == digest, f"{pack}/{clause['id']}: sha256 is not that of its text"


def test_normalisation_is_only_line_breaks_and_no_break_spaces():
    assert normalise("a\nb\u00a0c") == "a b c"
    assert normalise("People’s ,") == "People’s ,"


def test_a_changed_word_is_caught():
    clause = next(c for c in FROM_COPY if c["id"] == "art_1__para_6")
    changed = clause["text"].replace("hostile", "hostle")
    assert changed != PARAGRAPHS["art_1__para_6"]
    assert hashlib.sha256(changed.encode()).hexdigest() != clause["sha256"]
