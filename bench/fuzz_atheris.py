"""Coverage-guided fuzzing of the loader, validator and engine with atheris (optional).

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz_atheris.py -max_total_time=300 bench/out/atheris-corpus

libFuzzer mutates bytes, seeded with the shipped incidents and the rule packs' fixtures (copied
into the corpus folder on the first run); every input goes through what `armicheck evaluate`
does to a file. Any exception other than the tool's clean InputError is a crash, saved by
libFuzzer as crash-<sha1> in the current folder.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from armicheck.core.diagnostics import InputError
    from armicheck.engine import evaluate
    from armicheck.facts import derive_facts
    from armicheck.load import decode_utf8, load_text
    from armicheck.packs import load_builtin
    from armicheck.run.check import Options
    from armicheck.run.contract import incident_entry
    from armicheck.validation import validate_incident

RULES = load_builtin()
OPTIONS = Options()


def one_input(raw: bytes) -> None:
    try:
        doc = load_text("fuzz.yaml", decode_utf8("fuzz.yaml", raw))
    except InputError:
        return
    if validate_incident(doc):
        return
    facts = derive_facts(doc.data)
    evaluation = evaluate(facts, RULES, doc.locate)
    json.dumps(incident_entry(doc, facts, evaluation, OPTIONS), allow_nan=False)


def main() -> None:
    folders = [a for a in sys.argv[1:] if not a.startswith("-")]
    if folders:
        corpus = Path(folders[0])
        if not corpus.exists():
            corpus.mkdir(parents=True)
            for seed in [*ROOT.glob("incidents/*.yaml"), *ROOT.glob("rules/*/tests/*.yaml")]:
                shutil.copy(seed, corpus / f"{seed.parent.parent.name}-{seed.name}")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
