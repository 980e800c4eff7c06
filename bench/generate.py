"""Generate a collection of realistic incident files for the benchmark (deterministic by seed).

The files are like the real incidents (`incidents/`, `tests/heldout/`): about two in three are
short (1-4 events, actors and positions often in flow style, like the held-out files), the
rest long (10-30 events, sources and actors with notes in folded prose, like `incidents/`).
Prose has what the real files' prose has: times ("15:14, 15:15,"), dates, commas, section
signs, ranges, and a few Korean place names and quotes. Positions are qualitative
(`{side: north}`), relative to the MDL (`distance_m`, sometimes a range), or coordinates:
lat/lon near the MDL in about a tenth of the files, x/y metres in the JSA frame in the JSA
incidents. Some files record determinations and claims. Format 1.1's additions appear in the
shares of files the real incidents of issue 14 needed them in (`FORMS_11`: ranges,
approximate times, attribution, civilians, the writer's words for roles, source kinds, claim
kinds, several sources per claim, results), with some consistent determinations. Every file is valid
(`armicheck validate` passes); the findings vary. `bench/corpus_stats.py` compares the
result with the real files (bench/README.md gives the figures).

    python bench/generate.py --count 10000 --seed 1 --out bench/corpus
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MDL_GEOJSON = ROOT / "armicheck" / "data" / "geo" / "korea-mdl.geojson"

PLACES = [
    ("Joint Security Area, Panmunjom", "jsa"),
    ("Paju, western front", "dmz"),
    ("Yeoncheon, western front", "dmz"),
    ("Cheorwon, central front", "dmz"),
    ("Hwacheon, central front", "dmz"),
    ("Yanggu, eastern front", "dmz"),
    ("Goseong, eastern front", "dmz"),
    ("Han River Estuary", "han-river-estuary"),
]
# as the real files name places and quote Korean sources
KOREAN_PLACES = ["판문점", "파주", "연천", "철원", "화천", "양구", "고성", "한강 하구",
                 "군사분계선"]
KOREAN_QUOTES = ["북한군이 군사분계선을 넘어왔다", "경고 방송 후 경고 사격을 실시했다",
                 "땅굴의 총 연장은 3.5km이며", "무장침투조", "비무장지대 안에서 지뢰가 폭발했다"]
WORDS = ("guard post patrol crossed the line fired rounds toward the south north observed "
         "investigators reported a unit near the demarcation line soldiers moved along fence "
         "mines were found later loudspeakers broadcast warning shots the command said that "
         "according to officials the incident lasted minutes").split()
PUBLISHERS = [("United Nations Command", "official"), ("ROK Joint Chiefs of Staff", "official"),
              ("Yonhap News Agency", "press"), ("The Korea Herald", "press"),
              ("KCNA", "official"), ("NK News", "press"), ("38 North", "osint"),
              ("Planet Labs imagery", "imagery"), ("Defector testimony", "testimony")]
FORCES = {"unc": ["ROK", "US", "UNC"], "kpa": ["KPA", "KPA", "CPV"]}
KINDS = ["soldier", "soldier", "soldier", "unit", "vehicle", "uav", "civilian", "balloon"]
ROLES = {"soldier": ["guard", "patrol", "work-party", "defector", "engineer", "reconnaissance"],
         "unit": ["patrol", "artillery", "combat", "guard"], "vehicle": ["patrol", "crew"],
         "uav": ["reconnaissance"], "civilian": ["tourist", "worker", "journalist"],
         "balloon": ["other"]}
ARMS = ["pistol", "rifle", "automatic-rifle", "machine-gun", "grenade", "mortar", "artillery",
        "mine", "explosive", "axe"]
CERTAINTY = ["confirmed", "confirmed", "reported", "reported", "alleged", "inferred"]
ACTS = ["fire-across-mdl", "mdl-crossing", "dmz-entry", "hostile-act", "mine-emplacement"]
# Format 1.1: the share of files that needed each addition among the eighteen real incidents
# of issue 14 (ranges in 3 files, approximate times in 7 (15 events), attribution in 5,
# civilians in 5, the writer's words for a role in 17 (34 roles), new source kinds in 9 (14
# sources), new claim kinds in 15, several sources per claim in 10, results beyond one side's
# casualties in 8). bench/corpus_stats.py --forms checks the corpus against these.
FORMS_11 = {"range": 3 / 18, "approximate-time": 7 / 18, "attribution": 5 / 18,
            "civilian": 5 / 18, "role-text": 17 / 18, "source-kind": 9 / 18,
            "claim-kind": 15 / 18, "claim-sources": 10 / 18, "results": 8 / 18}
ROLE_TEXTS = ["commando team", "border guards", "sentries", "armed agents", "gun crew",
              "soldiers carrying work tools", "security detail", "reinforcements by truck",
              "recovery team", "무장침투조"]
CIVILIANS = [("fisherman", "ROK"), ("fisherman", "DPRK"), ("resident", "ROK"),
             ("tourist", "US"), ("worker", "ROK")]
NEW_SOURCE_KINDS = ["scholarly", "reference", "government", "ngo"]
NEW_CLAIM_KINDS = ["accusation", "statement", "position"]


def mdl_vertices() -> list[tuple[float, float]]:
    """(lon, lat) vertices of the shipped MDL line, or a few fixed points if it is missing."""
    try:
        geo = json.loads(MDL_GEOJSON.read_text(encoding="utf-8"))
        coords = geo["features"][0]["geometry"]["coordinates"]
        if coords and isinstance(coords[0][0], list):  # MultiLineString
            coords = [c for part in coords for c in part]
        return [(float(c[0]), float(c[1])) for c in coords]
    except (OSError, KeyError, IndexError, ValueError):
        return [(126.68, 37.956), (127.05, 38.10), (127.30, 38.28), (127.90, 38.30),
                (128.36, 38.61)]


class Writer:
    """Builds YAML text by hand, in the style people write: block mappings, flow positions."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str = "") -> None:
        self.lines.append(text)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def flow(d: dict[str, Any]) -> str:
    parts = []
    for k, v in d.items():
        if isinstance(v, list):
            parts.append(f"{k}: [{', '.join(str(x) for x in v)}]")
        elif isinstance(v, bool):
            parts.append(f"{k}: {'true' if v else 'false'}")
        elif isinstance(v, str) and (not v or v[0] in "0123456789+-.=~yYnNoOtTfF" or ":" in v
                                     or "," in v):
            parts.append(f"{k}: {q(v)}")
        else:
            parts.append(f"{k}: {v}")
    return "{" + ", ".join(parts) + "}"


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return (" ".join(words)).capitalize() + "."


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def clause(rng: random.Random) -> str:
    """A piece of prose such as the real notes hold: times, dates, ranges, references."""
    r = rng.random()
    if r < 0.2:
        hour = rng.randint(0, 22)
        times = sorted({f"{hour + m // 60:02d}:{m % 60:02d}"
                        for m in (rng.randint(0, 110) for _ in range(rng.randint(2, 5)))})
        return f"timeline {', '.join(times)}"
    if r < 0.35:
        return f"on {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1953, 2024)}"
    if r < 0.42:
        return (f"(legal-texts.md §{rng.randint(1, 6)}{rng.choice('abc')}"
                f"{rng.choice([' [SEEN]', '', '; geo/NOTES.md §2.4'])})")
    if r < 0.55:
        lo = rng.randint(2, 60)
        return f"about {lo}-{lo + rng.randint(5, 40)} m {rng.choice(['south', 'north'])} of the MDL"
    if r < 0.57:
        return f"near {rng.choice(KOREAN_PLACES)}"
    return " ".join(rng.choices(WORDS, k=rng.randint(4, 10)))


def prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        parts = [clause(rng) for _ in range(rng.randint(2, 4))]
        text = ", ".join(parts)
        out.append(text[0].upper() + text[1:] + ".")
    return " ".join(out)


def folded(w: Writer, key: str, text: str, indent: int, width: int = 94) -> None:
    """`key: >-` and the text wrapped below it, as people write notes."""
    pad = " " * (indent + 2)
    w.add(f"{' ' * indent}{key}: >-")
    line = ""
    for word in text.split():
        if line and len(pad) + len(line) + 1 + len(word) > width:
            w.add(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        w.add(pad + line)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vertices = mdl_vertices()

    def incident(self, n: int) -> str:
        rng = self.rng
        w = Writer()
        self.long = rng.random() < 0.3  # like incidents/; the others like tests/heldout/
        # format 1.1: which additions this file uses (FORMS_11)
        self.forms = {name: rng.random() < share for name, share in FORMS_11.items()}
        # a short file is about a crossing of the MDL, which the estuary's regime allows
        place, zone = rng.choice(PLACES if self.long else PLACES[:-1])
        jsa = zone == "jsa"
        with_coords = not jsa and rng.random() < 0.12
        if rng.random() < 0.1:
            place = f"{place} ({rng.choice(KOREAN_PLACES)})"
        day = date(1953, 8, 1) + timedelta(days=rng.randrange(0, 70 * 365))
        w.add("# yaml-language-server: $schema=../armicheck/schemas/incident.schema.json")
        w.add("armicheck: 1")
        w.add(f"id: {day.isoformat()}-bench-{n:05d}")
        w.add(f"title: {q(sentence(rng, 5, 10))}")
        w.add(f'date: "{day.isoformat()}"')
        w.add('utc_offset: "+09:00"')
        folded(w, "summary", prose(rng, rng.randint(3, 6) if self.long else rng.randint(2, 3)), 0)
        w.add(f"tags: [{', '.join(rng.sample(['jsa', 'dmz', 'fire', 'crossing', 'mines', 'uav', 'patrol', 'defection'], 3))}]")  # noqa: E501
        if jsa:
            w.add(f"place: {{name: {q(place)}, frame: jsa, zone: jsa}}")
        elif with_coords:
            lon, lat = rng.choice(self.vertices)
            w.add(f"place: {{name: {q(place)}, lat: {lat:.4f}, lon: {lon:.4f}, zone: {zone}}}")
        elif self.long:
            w.add("place:")
            w.add(f"  name: {place}")
            w.add(f"  zone: {zone}")
            folded(w, "note", prose(rng, rng.randint(1, 3)), 2)
        else:
            w.add(f"place: {{name: {q(place)}, zone: {zone}}}")

        actors = self.actors(w)
        sources = self.sources(w, day)
        events = self.events(w, actors, sources, day, jsa, with_coords)
        if rng.random() < 0.4:
            w.add("determinations:")
            w.add(f"  - body: {rng.choice(['UNC Military Armistice Commission', 'UNC Special Investigation Team', 'ROK Ministry of National Defense'])}")  # noqa: E501
            w.add(f'    date: "{(day + timedelta(days=rng.randint(1, 30))).isoformat()}"')
            w.add(f"    source: {sources[0]}")
            w.add("    findings:")
            for _ in range(rng.randint(1, 2)):
                if rng.random() < 0.1:  # format 1.1: a consistent outcome, with the force
                    party = rng.choice(["kpa", "unc"])
                    w.add(f"      - {{party: {party}, force: {FORCES[party][0]}, outcome: "
                          f"consistent, instrument: kaa-1953, events: [{rng.choice(events)}]}}")
                    continue
                w.add(f"      - {{party: {rng.choice(['kpa', 'unc'])}, act: {rng.choice(ACTS)}, "
                      f"instrument: kaa-1953, events: [{rng.choice(events)}]}}")
        if self.forms["claim-kind"] or self.forms["claim-sources"] or rng.random() < 0.3:
            w.add("claims:")
            for c in range(1 + (rng.random() < 0.3 if self.long else 0)):
                kind = rng.choice(NEW_CLAIM_KINDS if self.forms["claim-kind"]
                                  else ["claim", "denial", "protest"])
                where = (f"cite: [{', '.join(rng.sample(sources, 2))}]"
                         if self.forms["claim-sources"] and len(sources) > 1
                         else f"source: {sources[-1]}")
                ident = f"id: c{c + 1}, " if self.forms["claim-kind"] else ""
                w.add(f"  - {{{ident}party: {rng.choice(['kpa', 'dprk', 'rok'])}, kind: "
                      f"{kind}, {where}, events: [{events[0]}], "
                      f"quote: {q(sentence(rng, 6, 12))}}}")
        if self.long:
            folded(w, "notes", prose(rng, rng.randint(2, 5)), 0)
        elif rng.random() < 0.5:
            w.add(f"notes: {q(sentence(rng, 12, 24))}")
        return w.text()

    def actors(self, w: Writer) -> list[tuple[str, str]]:
        rng = self.rng
        w.add("")
        w.add("actors:")
        out: list[tuple[str, str]] = []
        role_texts = 2 if self.forms["role-text"] else 0  # ~34 roles in 17 files
        if self.forms["civilian"]:  # format 1.1: civilians with a nationality, not a force
            role, nationality = rng.choice(CIVILIANS)
            side = "unc" if nationality in ("ROK", "US") else "kpa"
            w.add(f"  civilians: {{side: {side}, kind: civilian, role: {role}, "
                  f"nationality: {nationality}, count: {rng.randint(1, 12)}}}")
        for i in range(rng.randint(3, 6) if self.long else rng.randint(1, 3)):
            aid = f"actor-{i + 1}"
            side = rng.choice(["kpa", "unc"])
            if out and rng.random() < 0.2:
                parent, pside = rng.choice(out)
                w.add(f"  {aid}: {{part_of: {parent}, count: 1}}")
                out.append((aid, pside))
                continue
            kind = rng.choice(KINDS)
            role = rng.choice(ROLES[kind])
            force = rng.choice(FORCES[side])
            if not self.long:  # one line, as the held-out files write them
                if i == 0:  # who crosses in a short file's first event
                    kind, role, force = "soldier", rng.choice(ROLES["soldier"]), FORCES[side][0]
                arms = (f", arms: [{', '.join(sorted(set(rng.sample(ARMS, rng.randint(0, 2)))))}]"
                        if kind in ("soldier", "unit") else "")
                words = ""
                if role_texts:
                    role_texts -= 1
                    words = f", role_text: {q(rng.choice(ROLE_TEXTS))}"
                w.add(f"  {aid}: {{side: {side}, force: {force}, kind: {kind}, "
                      f"role: {role}{words}, count: {self.count(i)}{arms}}}")
                out.append((aid, side))
                continue
            w.add(f"  {aid}:")
            w.add(f"    side: {side}")
            w.add(f"    force: {force}")
            w.add(f"    kind: {kind}")
            w.add(f"    role: {role}")
            if role_texts:
                role_texts -= 1
                w.add(f"    role_text: {q(rng.choice(ROLE_TEXTS))}")
            w.add(f"    count: {self.count(i)}")
            if kind in ("soldier", "unit"):
                w.add(f"    arms: [{', '.join(sorted(set(rng.sample(ARMS, rng.randint(0, 3)))))}]")
            if rng.random() < 0.15:
                w.add(f"    authorized: {{by: {rng.choice(['mac', 'commander'])}}}")
            if rng.random() < 0.9:
                folded(w, "note", prose(rng, rng.randint(1, 3)), 4)
            elif rng.random() < 0.3:
                w.add(f"    note: {q(sentence(rng, 8, 18))}")
            out.append((aid, side))
        return out

    def count(self, i: int) -> str:
        """A count as written: a number, or (format 1.1, in a file with ranges) for the first
        actor a range or an at-least bound."""
        rng = self.rng
        if i == 0 and self.forms["range"]:
            lo = rng.randint(2, 30)
            return f"[{lo}, {lo + rng.randint(2, 20)}]" if rng.random() < 0.7 \
                else f"{{at_least: {lo}}}"
        return str(rng.randint(1, 40))

    def sources(self, w: Writer, day: date) -> list[str]:
        rng = self.rng
        w.add("")
        w.add("sources:")
        out = []
        new_kinds = rng.randint(1, 2) if self.forms["source-kind"] else 0  # 14 in 9 files
        for i in range(rng.randint(5, 14) if self.long else rng.randint(2, 5)):
            sid = f"src-{i + 1}"
            publisher, kind = rng.choice(PUBLISHERS)
            if new_kinds and i > 0:  # format 1.1 kinds (the first source stays as it was)
                new_kinds -= 1
                kind = rng.choice(NEW_SOURCE_KINDS)
            w.add(f"  {sid}:")
            w.add(f"    publisher: {publisher}")
            title = sentence(rng, 4, 9)
            w.add(f"    title: {q(title) if rng.random() < 0.4 else title}")
            w.add(f'    date: "{(day + timedelta(days=rng.randint(0, 20))).isoformat()}"')
            slug = "-".join(rng.choices(WORDS, k=rng.randint(4, 12)))
            w.add(f'    url: "https://example.org/news/{day.year}/{sid}/{slug}/{rng.randrange(10**8)}"')
            w.add(f"    kind: {kind}")
            if rng.random() < 0.7:
                w.add(f"    reliability: {rng.choice('ABCDEF')}")
                w.add(f"    credibility: {rng.randint(1, 6)}")
            if self.long and rng.random() < 0.9:
                folded(w, "note", prose(rng, rng.randint(1, 3)), 4)
            elif rng.random() < 0.2:
                w.add(f"    note: {q(sentence(rng, 6, 14))}")
            out.append(sid)
        return out

    def position(self, side: str, jsa: bool, coords: bool, zone: str | None = None) -> str:
        rng = self.rng
        r = rng.random()
        if coords and r < 0.6:
            lon, lat = rng.choice(self.vertices)
            lat += (0.004 + rng.random() * 0.02) * (1 if side == "north" else -1)
            return flow({"lat": round(lat, 5), "lon": round(lon, 5)})
        if jsa and r < 0.3:
            y = (3 + rng.random() * 150) * (1 if side == "north" else -1)
            return flow({"x": round(rng.uniform(-300, 300), 1), "y": round(y, 1)})
        pos: dict[str, Any] = {"side": side}
        if r < 0.75:
            if rng.random() < 0.3:
                lo = rng.randint(1, 1500)
                pos["distance_m"] = [lo, lo + rng.randint(5, 400)]
            else:
                pos["distance_m"] = rng.randint(1, 2500)
        if zone:
            pos["zone"] = zone
        if rng.random() < 0.3:
            pos["name"] = rng.choice(["a guard post", "the fence", "a ridge", "the river bank",
                                      "the road"])
        return flow(pos)

    def events(self, w: Writer, actors: list[tuple[str, str]], sources: list[str], day: date,
               jsa: bool, coords: bool) -> list[str]:
        rng = self.rng
        w.add("")
        w.add("events:")
        minute = rng.randint(0, 600)
        ids = []
        zone = "jsa" if jsa else None
        approximate = rng.randint(1, 3) if self.forms["approximate-time"] else 0  # 15 in 7
        attributed = rng.randint(1, 2) if self.forms["attribution"] else 0
        results = 1 if self.forms["results"] else 0
        count = rng.randint(8, 26) if self.long else rng.randint(2, 5)
        for i in range(count):
            eid = f"e{i + 1}"
            ids.append(eid)
            aid, side = rng.choice(actors)
            home = "north" if side == "kpa" else "south"
            other = "south" if home == "north" else "north"
            other_side = "unc" if side == "kpa" else "kpa"
            minute = min(minute + rng.randint(0, 25), 23 * 60 + 59)
            action = rng.choice(["move", "move", "cross", "fire", "fire", "present", "present",
                                 "emplace", "detonate", "enter-zone", "construct", "rescue",
                                 "broadcast", "fly", "exercise"])
            if results and i == count - 1:  # the results still to write need a strike
                action = "fire"
            if i == 0 and not self.long:  # what a short file is about: a crossing
                action, (aid, side) = "cross", actors[0]
                home = "north" if side == "kpa" else "south"
                other = "south" if home == "north" else "north"
            w.add(f"  - id: {eid}")
            if rng.random() < 0.85:
                w.add(f'    time: "{minute // 60:02d}:{minute % 60:02d}"')
                if approximate and minute < 23 * 60:  # format 1.1: "about", or a window
                    approximate -= 1
                    if rng.random() < 0.7:
                        w.add("    time_approximate: true")
                    else:
                        later = minute + rng.randint(5, 40)
                        w.add(f'    time_latest: "{later // 60:02d}:{later % 60:02d}"')
            w.add(f"    actor: {aid}")
            w.add(f"    action: {action}")
            if rng.random() < 0.2:
                w.add(f"    summary: {q(sentence(rng, 8, 20))}")
            if action in ("move", "rescue"):
                w.add(f"    from: {self.position(home, jsa, coords, zone)}")
                w.add(f"    to: {self.position(rng.choice([home, other]), jsa, coords, zone)}")
            elif action == "cross":
                w.add(f"    from: {self.position(home, jsa, False, zone)}")
                w.add(f"    to: {self.position(other, jsa, False, zone)}")
                if rng.random() < 0.3:
                    w.add("    returned: true")
                    w.add(f"    duration_s: {rng.randint(2, 600)}")
            elif action == "fire":
                w.add(f"    weapons: [{rng.choice(ARMS[:7])}]")
                w.add(f"    rounds: {rng.randint(1, 200)}")
                if results:  # format 1.1: casualties a side, civilians apart; damage
                    results -= 1
                    w.add(f"    casualties: [{{side: {other_side}, killed: {rng.randint(0, 3)}, "
                          f"wounded: {rng.randint(1, 9)}}}, {{side: {other_side}, civilian: "
                          f"true, wounded: {rng.randint(1, 4)}}}]")
                    what = rng.choice(["building", "guard-post", "vehicle"])
                    w.add(f"    damage: [{{what: {what}, extent: "
                          f"{rng.choice(['damaged', 'destroyed'])}}}]")
                w.add(f"    from: {self.position(home, jsa, coords, zone)}")
                if rng.random() < 0.8:
                    w.add(f"    impact: {self.position(rng.choice([home, other]), jsa, coords, zone)}")  # noqa: E501
                else:
                    w.add(f"    direction: {other}")
            elif action == "fly":
                w.add("    track:")
                for s in (home, rng.choice([home, other]), home):
                    w.add(f"      - {self.position(s, jsa, coords)}")
            elif action in ("emplace", "construct"):
                kind = "mine" if action == "emplace" else rng.choice(["guard-post", "barrier",
                                                                      "fortification"])
                w.add(f"    object: {{kind: {kind}, count: {rng.randint(1, 12)}}}")
                w.add(f"    at: {self.position(rng.choice([home, other]), jsa, coords, zone)}")
            elif action == "exercise":
                w.add(f"    exercise: {{type: {rng.choice(['artillery', 'field-training'])}, "
                      f"live_fire: {rng.choice(['true', 'false'])}, echelon: "
                      f"{rng.choice(['company', 'battalion', 'regiment'])}}}")
                w.add(f"    at: {self.position(home, jsa, coords)}")
            elif action == "enter-zone":
                w.add(f"    to: {self.position(home, jsa, False, 'dmz' if not jsa else 'jsa')}")
            else:
                w.add(f"    at: {self.position(rng.choice([home, home, other]), jsa, coords, zone)}")  # noqa: E501
            w.add(f"    certainty: {rng.choice(CERTAINTY)}")
            if attributed and action in ("fire", "cross", "emplace", "detonate"):
                attributed -= 1
                word = rng.choice(["reported", "alleged", "inferred", "disputed"])
                w.add(f"    attribution: {word}")
            if self.long and rng.random() < 0.45:
                folded(w, "note", prose(rng, rng.randint(1, 2)), 4)
            cites = rng.sample(sources, rng.randint(1, min(3, len(sources))))
            if rng.random() < 0.3:
                w.add("    cite:")
                quote = (rng.choice(KOREAN_QUOTES) if rng.random() < 0.1
                         else sentence(rng, 5, 14))
                w.add(f"      - {{source: {cites[0]}, quote: {q(quote)}}}")
                for sid in cites[1:]:
                    w.add(f"      - {sid}")
            else:
                w.add(f"    cite: [{', '.join(cites)}]")
        return ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "corpus")
    args = ap.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    gen = Generator(args.seed)
    total = 0
    for n in range(args.count):
        text = gen.incident(n)
        total += len(text.encode("utf-8"))
        (args.out / f"incident-{n:05d}.yaml").write_text(text, encoding="utf-8")
    print(f"{args.count} files, {total / 1e6:.1f} MB, {total / max(args.count, 1) / 1e3:.1f} KB "
          f"on average, in {args.out}")


if __name__ == "__main__":
    main()
