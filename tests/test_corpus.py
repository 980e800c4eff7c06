"""The shipped corpus (issue 21): every incident rests on a quoted, linked source, spans the
years and kinds the issue names, and incidents/README.md's table is the one the files give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "incidents").glob("*.yaml"))


def test_the_corpus_has_thirty_incidents_from_the_fifties_to_today():
    assert len(FILES) >= 30
    years = [int(yaml.safe_load(p.read_text(encoding="utf-8"))["date"][:4]) for p in FILES]
    assert min(years) < 1970 and max(years) >= 2025


def test_every_incident_quotes_a_linked_source():
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        linked = {sid for sid, s in data["sources"].items() if s.get("url")}
        cites = [c for ev in data["events"] for c in ev.get("cite") or ()
                 if isinstance(c, dict)]
        cites += [c for a in data["actors"].values() for c in a.get("cite") or ()
                  if isinstance(c, dict)]
        quoted = {c["source"] for c in cites if c.get("quote")}
        quoted |= {d["source"] for d in data.get("determinations") or ()
                   if d.get("quote") and d.get("source")}
        assert quoted & linked, f"{path.name}: no quote from a source with a URL"


def test_the_corpus_covers_every_kind_of_incident():
    actions = {ev["action"] for p in FILES
               for ev in yaml.safe_load(p.read_text(encoding="utf-8"))["events"]}
    zones = {(ev.get(k) or {}).get("zone") for p in FILES
             for ev in yaml.safe_load(p.read_text(encoding="utf-8"))["events"]
             for k in ("at", "from", "to", "impact")}
    assert {"fire", "cross", "sail", "fly", "tunnel", "launch", "broadcast"} <= actions
    assert {"jsa", "dmz", "sea"} <= zones


def test_the_readme_table_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "corpus_table.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
