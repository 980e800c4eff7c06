"""`armicheck places`: the gazetteer's places, each with its source (format 1.1)."""

from __future__ import annotations

import json
import math
import textwrap
from typing import Any, TextIO

from armicheck.core import gazetteer


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def rows(near: str | None = None, within_km: float | None = None) -> list[dict[str, Any]]:
    """The places, in the file's order, or by distance from `near` (an id or a name)."""
    places = list(gazetteer.load().values())
    out = []
    centre = gazetteer.find(near) if near else None
    if near and centre is None:
        hints = gazetteer.suggest(near)
        raise LookupError(f"unknown place {near!r}" + (
            f" (did you mean {' or '.join(hints)}?)" if hints else ""))
    for p in places:
        row = {"id": p.id, "name": p.name, "names": list(p.names), "kind": p.kind,
               "lat": p.lat, "lon": p.lon, "uncertainty_m": p.uncertainty_m,
               "controlled_by": p.controlled_by, "region": p.region, "source": p.source,
               "note": p.raw.get("note")}
        if centre is not None:
            row["distance_km"] = round(km_between(centre.lat, centre.lon, p.lat, p.lon), 2)
            if within_km is not None and row["distance_km"] > within_km:
                continue
        out.append(row)
    if centre is not None:
        out.sort(key=lambda r: r["distance_km"])
    return out


def list_places(near: str | None, within_km: float | None, fmt: str, out: TextIO) -> None:
    found = rows(near, within_km)
    if fmt == "json":
        json.dump({"places": found}, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    from tabulate import tabulate

    headers = ["id", "name", "kind", "lat, lon", "±m", "held by", "source"]
    if near:
        headers.insert(1, "km")
    table = []
    for r in found:
        source = textwrap.fill(f"{r['source']['title']} <{r['source']['url']}>", 60)
        line = [r["id"], textwrap.fill(r["name"], 24), r["kind"],
                f"{r['lat']:.5f}, {r['lon']:.5f}", f"{r['uncertainty_m']:g}",
                r["controlled_by"], source]
        if near:
            line.insert(1, f"{r['distance_km']:g}")
        table.append(line)
    out.write(tabulate(table, headers=headers) + "\n")
    out.write(f"{len(found)} places. Use an id in a position: {{place: ID}}, or with an "
              "offset {place: ID, distance_m: 5000, direction: north}.\n")
