"""Issue 3 benchmark: evaluating incidents with coordinates vs the same with relative positions.

Usage: .venv/bin/python bench/coords_ratio.py [N]   (default N=1000)

Writes N incidents twice into a temporary folder — once with MDL-relative positions
(`{side: south, distance_m: 440}`), once with the same places as WGS 84 coordinates (and
JSA-frame x/y for JSA incidents) — then evaluates both sets in this one process, alternating
rounds, and prints the median time of each and their ratio. Geometry is imported and
prepared once, before timing, as in any real run.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from armicheck.core.data import GEO_DIR
from armicheck.packs import load_builtin  # noqa: E402
from armicheck.run.check import Options, check_file  # noqa: E402

MDL = GEO_DIR / "korea-mdl.geojson"
ACTIONS = ["move", "fire", "present", "emplace", "cross"]


def mdl_points() -> list[tuple[float, float]]:
    coords = json.loads(MDL.read_text())["features"][0]["geometry"]["coordinates"]
    return [tuple(c) for c in coords[20:-20]]


def position(rng: random.Random, base: tuple[float, float], coords: bool, jsa: bool) -> str:
    side = rng.choice(["north", "south"])
    dist = rng.choice([30, 50, 440, 700, 1500, 3000])
    if jsa:
        dist = min(dist, 100)  # well inside the schematic JSA oval
        y = dist if side == "north" else -dist
        return f"{{x: {rng.uniform(-100, 100):.1f}, y: {y}}}" if coords else \
            f"{{side: {side}, distance_m: {dist}}}"
    dist = max(dist, 700)  # outside the LSIB line's ~150 m band: both sets decide alike
    if not coords:
        return f"{{side: {side}, distance_m: {dist}}}"
    lat = base[1] + (dist if side == "north" else -dist) / 111_000
    return f"{{lat: {lat:.6f}, lon: {base[0]:.6f}}}"


def incident(i: int, rng: random.Random, bases: list[tuple[float, float]], coords: bool) -> str:
    jsa = i % 5 == 0
    base = rng.choice(bases)
    place = "{name: JSA, frame: jsa, zone: jsa}" if jsa else \
        f"{{name: Front, lat: {base[1]:.6f}, lon: {base[0]:.6f}}}"
    lines = [
        "armicheck: 1", f"id: bench-{i}", "title: Generated incident", 'date: "2019-06-01"',
        'utc_offset: "+09:00"', f"place: {place}", "actors:",
        "  a: {side: kpa, force: KPA, kind: soldier, role: guard, count: 4, "
        "arms: [pistol, rifle]}",
        "  b: {side: unc, force: ROK, kind: soldier, role: patrol, count: 8, arms: [rifle]}",
        "sources:", "  s1: {publisher: Bench, title: Generated, kind: official, "
        "reliability: B, credibility: 2}", "events:",
    ]
    for j in range(rng.randint(10, 30)):
        action = rng.choice(ACTIONS)
        actor = rng.choice("ab")
        t = f"{8 + j // 6:02d}:{(j * 10) % 60:02d}"
        p1, p2 = position(rng, base, coords, jsa), position(rng, base, coords, jsa)
        if action in ("move", "cross"):
            extra = f"from: {p1}, to: {p2}"
            if action == "cross":
                action = "move"
        elif action == "fire":
            extra = f"from: {p1}, impact: {p2}, weapons: [rifle], rounds: 3"
        elif action == "emplace":
            extra = f"at: {p1}, object: {{kind: obstacle}}"
        else:
            extra = f"at: {p1}"
        lines.append(f'  - {{id: e{j}, time: "{t}", actor: {actor}, action: {action}, {extra}, '
                     "cite: [s1]}")
    return "\n".join(lines) + "\n"


def write_set(folder: Path, n: int, coords: bool) -> list[str]:
    rng = random.Random(42)  # the same draws for both sets: same incidents, other positions
    bases = mdl_points()
    folder.mkdir()
    paths = []
    for i in range(n):
        p = folder / f"inc-{i:05d}.yaml"
        p.write_text(incident(i, rng, bases, coords))
        paths.append(str(p))
    return paths


def run(paths: list[str], ruleset) -> float:
    start = time.perf_counter()
    for p in paths:
        entry = check_file(p, ruleset, Options())
        assert not entry["errors"], entry["errors"]
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ruleset = load_builtin()
    with tempfile.TemporaryDirectory() as tmp:
        relative = write_set(Path(tmp) / "relative", n, coords=False)
        coords = write_set(Path(tmp) / "coords", n, coords=True)
        run(coords[:50], ruleset)  # warm-up: geometry imported and prepared once
        run(relative[:50], ruleset)
        rel_times, coord_times = [], []
        for _ in range(5):
            rel_times.append(run(relative, ruleset))
            coord_times.append(run(coords, ruleset))
    rel, crd = statistics.median(rel_times), statistics.median(coord_times)
    print(f"incidents: {n} (1 in 5 in the JSA frame)")
    print(f"relative positions: {rel:.3f} s median of 5 ({n / rel:,.0f} incidents/s)")
    print(f"coordinates:        {crd:.3f} s median of 5 ({n / crd:,.0f} incidents/s)")
    print(f"ratio coordinates / relative: {crd / rel:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
