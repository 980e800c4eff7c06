"""Real incidents the rules were not built from: every official determination is agreed
(the tool's own `agreed`; tests/test_oracle.py recomputes agreement without the tool)."""

from __future__ import annotations

from pathlib import Path

import pytest

HELDOUT = sorted((Path(__file__).parent / "heldout").glob("*.yaml"))


@pytest.mark.parametrize("path", HELDOUT, ids=lambda p: p.stem)
def test_heldout_incident_agrees_with_the_investigating_body(cli, path):
    doc = cli("evaluate", path, "--format", "json", "--fail-on", "never").json()
    entry = doc["incidents"][0]
    assert not entry["errors"], entry["errors"]
    rows = [r for d in entry.get("determinations", []) for r in d["findings"]]
    assert all(r["agreed"] for r in rows), [r for r in rows if not r["agreed"]]


def test_heldout_set_is_present():
    assert len(HELDOUT) >= 10


def test_firing_at_intruders_over_own_ground_is_not_a_violation(cli):
    doc = cli("evaluate", Path(__file__).parent / "heldout" / "2022-12-26-drones.yaml",
              "--format", "json").json()
    rok = [f for f in doc["incidents"][0]["findings"]
           if f["side"] in ("unc", "rok") and "neutralise" in " ".join(f["events"])]
    assert rok and all(f["status"] == "exception-applied" for f in rok)
    assert {f["exception"]["id"] for f in rok} == {"intruder-on-own-ground"}
