"""The gazetteer: named places with sourced coordinates (`armicheck/data/geo/places.yaml`).

Format 1.1 positions may name a place (`{place: baengnyeong-do}`). This module only reads the
data (ids, names, coordinates, who holds each place, the source); validation checks the
names incidents use against it and `spatial.places` turns a place (and an offset from it)
into coordinates. No place enters the file without a source that gives its coordinates.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from armicheck.core.data import GEO_DIR

PLACES_FILE = "places.yaml"
# who holds a place: a side of the Armistice, the JSA (both, under the MAC), or nobody (the
# Han River Estuary's waters, open to both sides' civil shipping under ¶5)
CONTROL = ("unc", "kpa", "jsa", "none")
REQUIRED = ("id", "name", "kind", "lat", "lon", "uncertainty_m", "controlled_by", "source")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    names: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    uncertainty_m: float
    controlled_by: str  # one of CONTROL
    region: str
    source: dict[str, str]
    raw: dict[str, Any]

    @property
    def held_by(self) -> str | None:
        """The Armistice side that holds the place (unc / kpa), else None."""
        return self.controlled_by if self.controlled_by in ("unc", "kpa") else None

    def to_json(self) -> dict[str, Any]:
        return dict(self.raw)


class GazetteerError(ValueError):
    """The shipped gazetteer is malformed (a packaging error, never the user's input)."""


@lru_cache(maxsize=4)
def load(path: str | None = None) -> dict[str, Place]:
    """Every place by id, in the file's order. `path` is for tests; None is the shipped file."""
    import yaml  # lazy: only runs that name places read the gazetteer

    file = Path(path) if path else GEO_DIR / PLACES_FILE
    if not file.exists():
        return {}
    with open(file, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise GazetteerError(f"{file}: expected a list of places")
    out: dict[str, Place] = {}
    for item in raw:
        problem = entry_problem(item)
        if problem:
            raise GazetteerError(f"{file}: {problem}")
        if item["id"] in out:
            raise GazetteerError(f"{file}: place {item['id']!r} listed twice")
        out[item["id"]] = Place(
            id=item["id"], name=str(item["name"]),
            names=tuple(str(n) for n in item.get("names") or ()), kind=str(item["kind"]),
            lat=float(item["lat"]), lon=float(item["lon"]),
            uncertainty_m=float(item["uncertainty_m"]), controlled_by=item["controlled_by"],
            region=str(item.get("region") or ""), source=dict(item["source"]), raw=item)
    return out


def entry_problem(item: Any) -> str | None:
    """Why an entry cannot be shipped, or None: every field present, coordinates and an
    uncertainty that are numbers, a known controller, and a source with a URL and a title."""
    if not isinstance(item, dict):
        return "a place is not a mapping"
    missing = [k for k in REQUIRED if item.get(k) in (None, "")]
    name = item.get("id", "?")
    if missing:
        return f"place {name!r} lacks {', '.join(missing)}"
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(item["id"])):
        return f"place id {name!r}: lower-case letters, digits and hyphens only"
    for key in ("lat", "lon", "uncertainty_m"):
        if isinstance(item[key], bool) or not isinstance(item[key], int | float):
            return f"place {name!r}: {key} is not a number"
    if item["controlled_by"] not in CONTROL:
        return f"place {name!r}: controlled_by must be one of {', '.join(CONTROL)}"
    src = item["source"]
    if not isinstance(src, dict) or not src.get("url") or not src.get("title"):
        return f"place {name!r}: its source needs a url and a title"
    return None


def _key(text: str) -> str:
    """Names compared without case, spaces, hyphens and apostrophes (Baengnyeong-do,
    baengnyeongdo and Baengnyeong Do are one name)."""
    return re.sub(r"[\s\-'’_.]", "", text.casefold())


@lru_cache(maxsize=4)
def _by_name(path: str | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    for place in load(path).values():
        for name in (place.id, place.name, *place.names):
            out.setdefault(_key(name), place.id)
    return out


def find(ref: str, path: str | None = None) -> Place | None:
    """The place with this id, else the one with this name (any spelling the file lists)."""
    places = load(path)
    if ref in places:
        return places[ref]
    pid = _by_name(path).get(_key(ref))
    return places.get(pid) if pid else None


def suggest(ref: str, path: str | None = None) -> list[str]:
    """Ids of the places whose id or one of whose names is close to `ref`."""
    names = _by_name(path)
    close = difflib.get_close_matches(_key(ref), list(names), n=3, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))
