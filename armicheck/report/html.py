"""`--format html`: one offline page of incidents, drawn from the JSON contract alone.

Per incident: an overview map of the line, a local map (to scale in EPSG:5179 where the file
gives coordinates; otherwise a cross-section of distances from the MDL, to scale, and the JSA
schematic for JSA incidents), a timeline, an events table beside every map, a card per
finding and the official determinations. Hand-written SVG; a small dependency-free script
links the views (pointing at an event highlights it everywhere); the page reads the same
without it. No network at view time: inline CSS and script only, allowed by hash in a
Content-Security-Policy whose default is 'none', so any fetch fails closed. Every incident
text is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from armicheck.core import gazetteer, geo
from armicheck.core.status import EXCEPTION, LABEL, POSSIBLE, VIOLATION
from armicheck.core.summary import AGREED, DISAGREED, verdict_of
from armicheck.report.collection import COLOUR_CSS, collection_html
from armicheck.report.determination import label as det_label
from armicheck.report.determination import verdict
from armicheck.report.svg import (
    LINE_STYLE,
    MAP_W,
    Frame,
    drawing,
    e,
    incident_location,
    is_jsa,
    legend_rows,
    line_sample,
    lines_frame,
    north_up_map,
    num,
)

MAX_IN_ONE_FILE = 50  # beyond this, `-o DIR/`: an index page and one page per incident
SIDE_COLOUR = {"kpa": "#c0392b", "dprk": "#c0392b", "unc": "#1f5fbf", "rok": "#1f5fbf"}
OTHER_COLOUR = "#6b6b6b"
STATUS_CLASS = {VIOLATION: "violation", POSSIBLE: "possible", EXCEPTION: "exception"}

CSS = """
:root{--kpa:#c0392b;--unc:#1f5fbf;--hl:#f5a700}
body{font:14px/1.45 system-ui,"Noto Sans","Noto Sans CJK KR",sans-serif;margin:0;color:#1d1d1d;
background:#fff}
main{max-width:1180px;margin:0 auto;padding:16px}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.25em;margin:1.2em 0 .3em}
h3{font-size:1.05em;margin:1em 0 .4em}
section.incident{border-top:3px solid #333;padding-top:8px;margin-top:24px}
.meta,.note{color:#555;font-size:.92em}
.row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0}figcaption{font-size:.85em;color:#444;max-width:520px}
svg{background:#fbfbf8;border:1px solid #ccc;max-width:100%;height:auto}
svg text{font-family:system-ui,"Noto Sans","Noto Sans CJK KR",sans-serif}
table{border-collapse:collapse;font-size:.9em}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f0f0ec}
table.events{max-width:620px;flex:1 1 420px}
.side-kpa{border-left:4px solid var(--kpa)}.side-unc{border-left:4px solid var(--unc)}
.card{border:1px solid #bbb;border-radius:6px;padding:8px 12px;margin:10px 0;
break-inside:avoid}
.badge{display:inline-block;padding:1px 7px;border-radius:4px;font-weight:600;color:#fff}
.violation .badge{background:#b3261e}.possible .badge{background:#b06f00}
.exception .badge{background:#1b7a6e}
blockquote{margin:6px 0 6px 0;padding:4px 10px;border-left:3px solid #999;background:#f7f7f4}
.prov{font-size:.85em;color:#555}
ul.evidence{padding-left:18px;margin:4px 0}
.agree{color:#1b7a6e;font-weight:600}.disagree{color:#b3261e;font-weight:600}
.hl{outline:3px solid var(--hl)}tr.hl{background:#fff1c2}
g.mark.hl circle,g.mark.hl rect,g.mark.hl path,g.mark.hl line{stroke:var(--hl);
stroke-width:3px}
a{color:#1f4fa0}
tr:target{background:#fff1c2;outline:3px solid var(--hl)}
section.incident,tr{scroll-margin-top:56px}  /* below the sticky filters */
.filters{position:sticky;top:0;z-index:1;background:#fff;padding:6px 0;
border-bottom:1px solid #ccc}
.filters label{margin-right:8px;white-space:nowrap}
.off{display:none}.filtering text.count{display:none}
a.imark:hover circle,a.imark:focus circle{stroke:#000;stroke-width:2px}
""" + COLOUR_CSS + """table.incidents{width:100%}table.incidents td{overflow-wrap:anywhere}
table.incidents td:first-child{white-space:nowrap}
ul.disagreements li{margin:3px 0}
@media print{
  section.incident{break-before:page;border-top:none}
  section.incident:first-of-type{break-before:auto}
  .row{display:block}svg{max-width:100%}.toc{display:none}
  a{color:inherit}
}
"""

SCRIPT = """(function(){
var secs=document.querySelectorAll('section.incident');
Array.prototype.forEach.call(secs,function(sec){
var marks=Array.prototype.slice.call(sec.querySelectorAll('[data-ev]'));
function ids(el){return el.getAttribute('data-ev').split(' ');}
function show(list){marks.forEach(function(m){var mine=ids(m);
var hit=list.some(function(i){return mine.indexOf(i)>=0;});
if(hit){m.classList.add('hl');}else{m.classList.remove('hl');}});}
marks.forEach(function(m){
m.addEventListener('mouseenter',function(){show(ids(m));});
m.addEventListener('mouseleave',function(){show([]);});
m.addEventListener('focus',function(){show(ids(m));});
m.addEventListener('blur',function(){show([]);});
});});})();
(function(){
var form=document.getElementById('filters');if(!form){return;}
form.hidden=false;
var items=Array.prototype.slice.call(document.querySelectorAll('[data-f]'));
var rows=items.filter(function(el){return el.tagName==='TR';});
function v(name){return form.elements[name].value;}
function wanted(el){
var s=v('side'),c=v('category'),i=v('instrument'),st=v('status');
var y=parseInt(el.getAttribute('data-y'),10),y0=parseInt(v('from'),10),y1=parseInt(v('to'),10);
if(!isNaN(y0)&&!(y>=y0)){return false;}
if(!isNaN(y1)&&!(y<=y1)){return false;}
if(st==='none'||st==='invalid'){return !s&&!c&&!i&&el.getAttribute('data-w')===st;}
if(!s&&!c&&!i&&!st){return true;}
return el.getAttribute('data-f').split(';').some(function(t){var p=t.split('|');
return p.length===4&&(!s||p[0]===s)&&(!c||p[1]===c)&&(!i||p[2]===i)&&(!st||p[3]===st);});}
function apply(){var shown=0,any=false;
Array.prototype.forEach.call(form.elements,function(el){if(el.name&&el.name!=='shown'&&el.value){
any=true;}});
/* a crowded spot's number counts every incident: hidden while some are */
document.body.classList.toggle('filtering',any);
items.forEach(function(el){var ok=wanted(el);
if(ok){el.classList.remove('off');}else{el.classList.add('off');}
if(ok&&el.tagName==='TR'){shown+=1;}});
form.elements.shown.value='showing '+shown+' of '+rows.length+' incidents';}
form.addEventListener('input',apply);form.addEventListener('change',apply);
form.addEventListener('reset',function(){setTimeout(apply,0);});
form.addEventListener('submit',function(ev){ev.preventDefault();});
apply();})();"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CSP = (f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(SCRIPT)}; "
       "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
       "form-action 'none'")


class TooMany(ValueError):
    """More incidents than one page holds."""


def fits_one_page(count: int) -> None:
    """Raises TooMany past MAX_IN_ONE_FILE incidents (checked before a run writes anything)."""
    if count > MAX_IN_ONE_FILE:
        raise TooMany(f"--format html: {count} incidents; more than {MAX_IN_ONE_FILE} go to a "
                      "directory, one page each: -o DIR/")


# --- the page --------------------------------------------------------------------------------

def render_html(doc: dict[str, Any]) -> str:
    """The whole document (every incident) as one self-contained page. Raises ValueError past
    MAX_IN_ONE_FILE incidents (those go to a directory: `write_directory`)."""
    entries = doc["incidents"]
    fits_one_page(len(entries))
    title = "armicheck report" if len(entries) != 1 else \
        f"armicheck: {entries[0].get('title') or entries[0].get('id') or entries[0]['path']}"
    body = []
    if len(entries) > 1:
        body.append(collection_html(doc, [f"#i{n}" for n in range(len(entries))]))
    for n, entry in enumerate(entries):
        body.append(incident_html(entry, f"i{n}", doc.get("as_of")))
    return _page(title, "\n".join(body), doc)


def _page(title: str, body: str, doc: dict[str, Any]) -> str:
    total = doc.get("summary") or {}
    summary = ""
    if total:
        summary = (f"<p class=meta>{total.get('incidents', 0)} incidents, "
                   f"{total.get(VIOLATION, 0)} violations, {total.get(POSSIBLE, 0)} possible, "
                   f"{total.get(EXCEPTION, 0)} exceptions, {total.get('errors', 0)} errors"
                   + (f"; evaluated under the law in force on {e(doc['as_of'])} (--as-of)"
                      if doc.get("as_of") else "") + "</p>")
    return ("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name=viewport content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{e(title)}</h1>\n{summary}\n{body}\n</main>\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def write_directory(doc: dict[str, Any], directory: Path) -> list[Path]:
    """`index.html` and one page per incident, for any number of incidents."""
    directory.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    used = {"index.html"}  # the collection page's; compared in lower case, as some disks do
    for entry in doc["incidents"]:  # by position: the same file given twice gets two pages
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", str(entry.get("id") or entry["path"]))
        stem = stem.strip(".-")[:80] or "incident"
        name, k = f"{stem}.html", 1
        while name.lower() in used:
            k += 1
            name = f"{stem}-{k}.html"
        used.add(name.lower())
        names.append(name)
    written = []
    for entry, name in zip(doc["incidents"], names, strict=True):
        one = {**doc, "incidents": [entry], "summary": None}
        path = directory / name
        path.write_text(render_html(one), encoding="utf-8")
        written.append(path)
    index = directory / "index.html"
    hrefs = [f"{name}#i0" for name in names]
    index.write_text(_page("armicheck report", collection_html(doc, hrefs), doc),
                     encoding="utf-8")
    return [index, *written]


# --- one incident ----------------------------------------------------------------------------

def incident_html(entry: dict[str, Any], key: str, as_of: str | None) -> str:
    head = (f"<section class=incident id=\"{key}\">\n<h2>{e(entry.get('title') or entry['id'])}"
            f"</h2>\n<p class=meta>{e(entry.get('id'))} · {e(entry.get('date'))} · "
            f"<code>{e(entry['path'])}</code>"
            + (f" · evaluated under the law in force on {e(as_of)} (--as-of)" if as_of else "")
            + "</p>\n")
    if entry["errors"]:
        items = "".join(f"<li><code>{e(x['path'])}:{x['line']}:{x['column']}</code>: "
                        f"{e(x['message'])}</li>" for x in entry["errors"])
        return head + f"<p>Not evaluated: invalid input.</p><ul>{items}</ul></section>\n"
    findings_by_event: dict[str, list[str]] = {}
    for f in entry["findings"]:
        for ev in f["events"]:
            findings_by_event.setdefault(ev, []).append(f"{f['rule_id']} ({LABEL[f['status']]})")
    table = events_table(entry, findings_by_event)
    parts = [head]
    parts.append("<h3>Where</h3>\n<div class=row>\n" + overview_map(entry, key)
                 + events_table(entry, findings_by_event, compact=True) + "</div>\n")
    parts.append("<div class=row>\n" + local_map(entry, key) + table + "</div>\n")
    parts.append("<h3>When</h3>\n" + timelines(entry))
    parts.append(f"<h3>Findings ({len(entry['findings'])})</h3>\n")
    if not entry["findings"]:
        parts.append("<p>No findings.</p>\n")
    for f in entry["findings"]:
        parts.append(finding_card(f, entry))
    parts.append(determinations_html(entry, key))
    return "".join(parts) + "</section>\n"


def _side_class(side: str | None) -> str:
    return {"kpa": "side-kpa", "dprk": "side-kpa", "unc": "side-unc", "rok": "side-unc"}.get(
        side or "", "")


def _side_word(side: str | None) -> str:
    return {"indeterminate": "side indeterminate", None: "side not stated"}.get(side, str(side))


def colour(side: str | None) -> str:
    return SIDE_COLOUR.get(side or "", OTHER_COLOUR)


def where_words(point: dict[str, Any], names: dict[str, str]) -> str:
    """A position in words: role, distance and side of the MDL, coordinates, place, name."""
    words = []
    dist = point.get("mdl_distance_m")
    side = point.get("side")
    if dist and point.get("frame") is None:
        lo, hi = sorted(abs(float(d)) for d in dist)
        words.append((f"{num(lo)} m" if lo == hi else f"{num(lo)}–{num(hi)} m")
                     + f" {side or '?'} of the MDL")
    elif point.get("lat") is not None:
        words.append(f"{point['lat']:.5f}°N {point['lon']:.5f}°E"
                     + (f" ±{num(point['uncertainty_m'])} m" if point.get("uncertainty_m")
                        else ""))
        if point.get("frame") == "jsa":
            words.append(f"JSA frame x {num(point['x'])} m, y {num(point['y'])} m")
    elif side == "indeterminate":
        words.append("side of the MDL indeterminate")
    elif side:
        words.append(f"{side} of the MDL (distance not stated)")
    for k in ("place", "held_by", "waters", "nll_side"):
        if point.get(k):
            words.append(f"{k.replace('_', ' ')}: {point[k]}")
    role = point["role"]
    if names.get(role):
        words.append(f"“{names[role]}”")
    return f"{role}: " + ", ".join(words)


def events_table(entry: dict[str, Any], findings_by_event: dict[str, list[str]],
                 compact: bool = False) -> str:
    """The events beside a map: in full beside the local map; beside the overview, compact
    (when, who, the side each position is on)."""
    positions = {p["event"]: p for p in entry.get("positions") or []}
    rows = []
    for ev in entry.get("events") or []:
        if compact:
            pos = positions.get(ev["event"])
            sides = ", ".join(f"{p['role']} {_side_word(p.get('side'))}" for p in pos["points"]) \
                if pos else "not stated"
            rows.append(f"<tr data-ev=\"{e(ev['event'])}\" tabindex=0 "
                        f"class=\"{_side_class(ev.get('side'))}\"><td><b>{e(ev['event'])}</b>"
                        f"</td><td>{e(when_words(ev))}</td><td>{e(ev['actor'])} "
                        f"<span class=meta>{e(ev.get('side'))}</span></td><td>{e(sides)}</td>"
                        "</tr>")
            continue
        pos = positions.get(ev["event"])
        where = "; ".join(where_words(p, ev.get("names") or {}) for p in pos["points"]) \
            if pos else "not stated"
        if pos and pos.get("direction"):
            d = pos["direction"]
            where += "; direction: " + e(d.get("toward") or d.get("place") or d.get("actor")
                                         or f"bearing {d.get('bearing_deg')}°")
        who = ev.get("actor_name") or ev["actor"]
        side = "/".join(x for x in (ev.get("side"), ev.get("force")) if x)
        rows.append(f"<tr data-ev=\"{e(ev['event'])}\" tabindex=0 "
                    f"class=\"{_side_class(ev.get('side'))}\"><td><b>{e(ev['event'])}</b><br>"
                    f"<span class=meta>line {ev['line']}</span></td><td>{e(when_words(ev))}"
                    f"</td><td>{e(who)}<br><span class=meta>{e(side)}</span></td>"
                    f"<td>{e(ev.get('action'))}</td><td>{e(where)}</td>"
                    f"<td>{e('; '.join(findings_by_event.get(ev['event'], [])) or '—')}</td>"
                    "</tr>")
    if not rows:
        return "<p class=note>No events.</p>"
    if compact:
        return ("<table class=events><caption class=meta>The same events as the map (details "
                "beside the local map)</caption><thead><tr><th>event</th><th>when</th>"
                "<th>who</th><th>side of the MDL</th></tr></thead><tbody>" + "".join(rows)
                + "</tbody></table>\n")
    return ("<table class=events><caption class=meta>The same events as the map</caption>"
            "<thead><tr><th>event</th><th>when</th><th>who</th><th>action</th><th>where</th>"
            "<th>findings</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n")


def when_words(ev: dict[str, Any]) -> str:
    start, end = _instant(ev["start"]), _instant(ev["end"])
    if not ev.get("timed"):
        days = (end - start).days
        return f"{start:%Y-%m-%d}, whole day (time not stated)" if days <= 1 else \
            f"{start:%Y-%m-%d} to {(end - timedelta(seconds=1)):%Y-%m-%d} (time not stated)"
    if start == end:
        return f"{start:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M} to {end:%H:%M}" + (" (approximate)" if ev.get("approximate")
                                                       else "")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- maps ------------------------------------------------------------------------------------

def overview_frame() -> Frame:
    """The overview map's frame: every shipped line, with a margin."""
    return lines_frame(MAP_W, 8000.0)


def overview_map(entry: dict[str, Any], key: str) -> str:
    frame = overview_frame()
    parts = []
    legend: list[tuple[str, str]] = []
    cma = geo.in_cma_period(str(entry.get("date") or ""))
    if cma:
        zones = geo.cma_zones()
        width = 2 * zones["ground_buffer"]["distance_m"] * frame.scale
        parts.append(f'<path d="{frame.path(geo.line("mdl"))}" fill="none" stroke="#e8a33d" '
                     f'stroke-opacity="0.35" stroke-width="{num(width)}" '
                     'stroke-linejoin="round"/>')
        for zone in zones["sea_buffer_zones"].values():
            if isinstance(zone, dict) and zone.get("polygon_lonlat"):
                parts.append(f'<path d="{frame.path(zone["polygon_lonlat"])} Z" fill="#e8a33d" '
                             'fill-opacity="0.18" stroke="#c07a10" stroke-width="0.8"/>')
        legend.append(('<rect x="0" y="-5" width="26" height="10" fill="#e8a33d" '
                       'fill-opacity="0.3"/>',
                       "CMA zones, approximate (in force 2018-11-01; ROK suspended 2024-06-04)"))
    for name in (*geo.SEA_LINES, *geo.LAND_LINES):
        style, text = LINE_STYLE[name]
        parts.append(f'<path id="{key}-ov-{name}" d="{frame.path(geo.line(name))}" fill="none" '
                     f'{style}><title>{e(geo.line_properties(name)["name"])}</title></path>')
        if text:
            legend.append((line_sample(style), text))
    where = incident_location(entry)
    if where:
        x, y = frame.lonlat(where[0], where[1])
        parts.append(f'<g class="mark"><circle cx="{num(x)}" cy="{num(y)}" r="7" fill="none" '
                     f'stroke="#000" stroke-width="2"/><circle cx="{num(x)}" cy="{num(y)}" '
                     f'r="2.5" fill="#000"/><title>{e(entry.get("title"))}: {e(where[2])}'
                     "</title></g>")
        legend.append(('<circle cx="13" cy="0" r="5" fill="none" stroke="#000" '
                       'stroke-width="2"/>', f"the incident ({where[2]})"))
        caption = "Overview of the line (EPSG:5179). The incident is circled."
    else:
        place = (entry.get("place") or {}).get("name")
        caption = ("Overview of the line (EPSG:5179). Not located: the file gives no "
                   "coordinates" + (f" (place: {place})" if place else "") + ".")
    svg = north_up_map("overview", "overview map", "Overview: MDL, DMZ limits and sea lines",
                        "".join(parts), frame.height, legend)
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


def _nice(length: float) -> float:
    """A round scale-bar length not above `length` metres."""
    for step in (10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1):
        if step <= length:
            return float(step)
    return 1.0


def _scale_bar(scale: float, x: float, y: float, max_px: float) -> str:
    metres = _nice(max_px / scale)
    w = metres * scale
    text = f"{num(metres / 1000)} km" if metres >= 1000 else f"{num(metres)} m"
    return (f'<g><line x1="{num(x)}" y1="{num(y)}" x2="{num(x + w)}" y2="{num(y)}" '
            f'stroke="#000" stroke-width="2"/><text x="{num(x + w / 2)}" y="{num(y - 4)}" '
            f'font-size="11" text-anchor="middle">{text}</text></g>')


ARROW_DEFS = ('<defs><marker id="{k}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
              'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
              '<path d="M0,0 L10,5 L0,10 Z" fill="#333"/></marker></defs>')

FIRE_ACTIONS = {"fire", "shoot", "shell", "attack", "strike", "launch", "detonate"}


def local_map(entry: dict[str, Any], key: str) -> str:
    """To scale in EPSG:5179 where positions have coordinates; a cross-section of the
    distances from the MDL otherwise (and the JSA schematic for JSA incidents)."""
    points = [p for pos in entry.get("positions") or [] for p in pos["points"]]
    if any(p.get("lat") is not None and p.get("frame") != "jsa" for p in points):
        return coordinate_map(entry, key)
    relative = any(p.get("mdl_distance_m") or p.get("frame") == "jsa" for p in points)
    where = incident_location(entry)
    if relative or is_jsa(entry):
        return cross_section(entry, key)
    if where:  # no position drawn: the place, to scale, with the lines and named places
        return coordinate_map(entry, key, [(where[0], where[1])])
    return ("<figure><p class=note>No local map: no position in the file has coordinates or a "
            "distance from the MDL, and its place has no coordinates. The table lists what "
            "the file says.</p></figure>\n")


def coordinate_map(entry: dict[str, Any], key: str,
                   centre: list[tuple[float, float]] | None = None) -> str:
    positions = entry.get("positions") or []
    pts = [geo.to_5179(p["lon"], p["lat"]) for pos in positions for p in pos["points"]
           if p.get("lat") is not None and p.get("frame") != "jsa"]
    pts += [geo.to_5179(lon, lat) for lon, lat in centre or []]
    for pos in positions:
        d = pos.get("direction") or {}
        if d.get("lat") is not None:
            pts.append(geo.to_5179(d["lon"], d["lat"]))
    uncertainty = max([float(p.get("uncertainty_m") or 0) for pos in positions
                       for p in pos["points"]] + [0.0])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    # each half-extent holds the spread of the positions and the largest uncertainty circle
    half_x = max((max(xs) - min(xs)) / 2 * 1.15 + uncertainty + 500, 2000.0)
    half_y = max((max(ys) - min(ys)) / 2 * 1.15 + uncertainty + 500, 2000.0)
    if not positions or not any(p.get("lat") is not None for pos in positions
                                for p in pos["points"]):  # a place alone: its surroundings
        place_unc = float((entry.get("place") or {}).get("uncertainty_m") or 0)
        half_x = half_y = max(half_x, 8000.0, 2 * place_unc)
    half_x = max(half_x, half_y)  # never taller than wide
    half_y = max(half_y, half_x * 0.6)  # nor much flatter
    frame = Frame(cx - half_x, cy - half_y, cx + half_x, cy + half_y, MAP_W)
    clip = f"{key}-clip"
    parts = [ARROW_DEFS.format(k=key),
             f'<clipPath id="{clip}"><rect x="0" y="0" width="{MAP_W}" '
             f'height="{num(frame.height)}"/></clipPath><g clip-path="url(#{clip})">']
    tolerance = float(geo.cma_zones().get("mdl_tolerance_m", 150))
    corridor = 2 * tolerance * frame.scale
    mdl = geo.line("mdl")
    parts.append(f'<path d="{frame.path(mdl)}" fill="none" stroke="#a02020" stroke-opacity="0.15"'
                 f' stroke-width="{num(max(corridor, 1))}" stroke-linejoin="round">'
                 f'<title>the MDL\'s indeterminate band: ±{num(tolerance)} m</title></path>')
    for name in (*geo.SEA_LINES, *geo.LAND_LINES):
        style = LINE_STYLE[name][0]
        parts.append(f'<path id="{key}-lm-{name}" d="{frame.path(geo.line(name))}" fill="none" '
                     f'{style}><title>{e(geo.line_properties(name)["name"])}</title></path>')
    parts.append(_named_places(frame))
    for lon, lat in centre or []:
        x, y = frame.lonlat(lon, lat)
        r = float((entry.get("place") or {}).get("uncertainty_m") or 0) * frame.scale
        parts.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(max(r, 9))}" fill="none" '
                     'stroke="#000" stroke-width="1.5" stroke-dasharray="4 3"><title>the '
                     "incident's place, with its uncertainty</title></circle>")
    events = {ev["event"]: ev for ev in entry.get("events") or []}
    labels: dict[tuple[int, int], int] = {}
    for pos in positions:
        ev = events.get(pos["event"], {})
        parts.append(_coordinate_mark(pos, ev, frame, key, mdl, labels))
    parts.append("</g>")
    bar = _scale_bar(frame.scale, 14, frame.height - 12, MAP_W / 4)
    legend = [
        ('<rect x="0" y="-5" width="26" height="10" fill="#a02020" fill-opacity="0.15"/>',
         f"MDL with its ±{num(tolerance)} m indeterminate band (LSIB accuracy)"),
        (line_sample(LINE_STYLE["west-sea-nll"][0]), "NLL: not an Armistice line"),
        (line_sample(LINE_STYLE["dprk-west-sea-mdl-1999"][0]),
         "DPRK-claimed sea line (1999): not an Armistice line"),
        ('<line x1="0" y1="0" x2="26" y2="0" stroke="#333" stroke-width="1.5" '
         f'marker-end="url(#{key}-arrow)"/>', "fire (origin → impact) or movement"),
        ('<line x1="0" y1="0" x2="26" y2="0" stroke="#333" stroke-width="1.5" '
         f'stroke-dasharray="4 3" marker-end="url(#{key}-arrow)"/>',
         "fire: direction only (impact not stated)"),
    ]
    svg = north_up_map("local", "local map", "Local map, to scale (EPSG:5179)",
                        "".join(parts) + bar, frame.height, legend)
    caption = ("Local map to scale (EPSG:5179, Korea 2000 / Unified CS). Circles: each "
               "position's stated uncertainty; grey squares: the gazetteer's named places. "
               + ("No position in the file has coordinates: the incident's place is circled "
                  "and the table says where each event was. " if centre else "")
               + "Positions stated only relative to the MDL are in the table.")
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


def _named_places(frame: Frame) -> str:
    """The gazetteer's places inside the map, grey and labelled."""
    out = []
    for place in gazetteer.load().values():
        x, y = frame.lonlat(place.lon, place.lat)
        if 0 <= x <= frame.width and 0 <= y <= frame.height:
            out.append(f'<g><rect x="{num(x - 3)}" y="{num(y - 3)}" width="6" height="6" '
                       f'fill="#777"/><text x="{num(x + 6)}" y="{num(y + 12)}" font-size="10" '
                       f'fill="#444">{e(place.name)}</text><title>{e(place.name)} '
                       f'({e(place.kind)}, held by {e(place.controlled_by)}; ±'
                       f'{num(place.uncertainty_m)} m)</title></g>')
    return "".join(out)


def _coordinate_mark(pos: dict[str, Any], ev: dict[str, Any], frame: Frame, key: str,
                     mdl: Any, labels: dict[tuple[int, int], int]) -> str:
    c = colour(ev.get("side"))
    out = []
    located = {}
    for p in pos["points"]:
        if p.get("lat") is None or p.get("frame") == "jsa":
            continue
        x, y = frame.lonlat(p["lon"], p["lat"])
        located[p["role"]] = (x, y)
        r = float(p.get("uncertainty_m") or 0) * frame.scale
        if r >= 2:
            out.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{c}" '
                       f'fill-opacity="0.12" stroke="{c}" stroke-opacity="0.5"/>')
        out.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{c}" stroke="#fff"/>')
    origin = located.get("from") or located.get("at")
    fire = "impact" in located or (ev.get("action") in FIRE_ACTIONS)
    if origin and "impact" in located:
        out.append(_arrow(origin, located["impact"], key, dashed=False))
    elif origin and "to" in located:
        out.append(_arrow(origin, located["to"], key, dashed=False))
        out.append(_crossing(origin, located["to"], frame, mdl))
    tracks = [located[r] for r in sorted(located, key=_track_order) if r.startswith("track")]
    if len(tracks) > 1:
        out.append(f'<polyline points="{" ".join(f"{num(x)},{num(y)}" for x, y in tracks)}" '
                   f'fill="none" stroke="{c}" stroke-width="1.5" '
                   f'marker-end="url(#{key}-arrow)"/>')
        for a, b in zip(tracks, tracks[1:], strict=False):
            out.append(_crossing(a, b, frame, mdl))
    d = pos.get("direction") or {}
    if origin and fire and "impact" not in located and d:
        target = None
        if d.get("lat") is not None:
            target = frame.lonlat(d["lon"], d["lat"])
        elif d.get("bearing_deg") is not None:
            rad = math.radians(float(d["bearing_deg"]))
            length = MAP_W / 4
            target = (origin[0] + length * math.sin(rad), origin[1] - length * math.cos(rad))
        if target:
            out.append(_arrow(origin, target, key, dashed=True))
    if not out:
        return ""
    if located:  # the event's name by its first position (a place is labelled by itself)
        x, y = next(iter(located.values()))
        spot = (round(x / 8), round(y / 8))  # events at one point: their names stacked
        below = labels.get(spot, 0)
        labels[spot] = below + 1
        out.append(f'<text x="{num(x + 6)}" y="{num(y - 6 + 12 * below)}" font-size="10" '
                   f'fill="{c}">{e(pos["event"])}</text>')
    return (f'<g class="mark" data-ev="{e(pos["event"])}" tabindex="0"><title>'
            f'{e(pos["event"])}</title>{"".join(out)}</g>')


def _track_order(role: str) -> int:
    m = re.search(r"\d+", role)
    return int(m.group()) if m else 0


def _arrow(a: tuple[float, float], b: tuple[float, float], key: str, dashed: bool) -> str:
    dash = ' stroke-dasharray="5 4"' if dashed else ""
    return (f'<line x1="{num(a[0])}" y1="{num(a[1])}" x2="{num(b[0])}" y2="{num(b[1])}" '
            f'stroke="#333" stroke-width="1.6"{dash} marker-end="url(#{key}-arrow)"/>')


def _crossing(a: tuple[float, float], b: tuple[float, float], frame: Frame, mdl: Any) -> str:
    """An × where the segment a→b crosses the drawn MDL, if it does."""
    pts = [frame.lonlat(lon, lat) for lon, lat in mdl]
    for p, q in zip(pts, pts[1:], strict=False):
        hit = _intersect(a, b, p, q)
        if hit:
            x, y = hit
            return (f'<path d="M{num(x - 5)},{num(y - 5)} L{num(x + 5)},{num(y + 5)} '
                    f'M{num(x - 5)},{num(y + 5)} L{num(x + 5)},{num(y - 5)}" stroke="#000" '
                    'stroke-width="2"><title>crosses the MDL</title></path>')
    return ""


def _intersect(a: tuple[float, float], b: tuple[float, float], p: tuple[float, float],
               q: tuple[float, float]) -> tuple[float, float] | None:
    rx, ry, sx, sy = b[0] - a[0], b[1] - a[1], q[0] - p[0], q[1] - p[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-12:
        return None
    t = ((p[0] - a[0]) * sy - (p[1] - a[1]) * sx) / den
    u = ((p[0] - a[0]) * ry - (p[1] - a[1]) * rx) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return a[0] + t * rx, a[1] + t * ry
    return None


def cross_section(entry: dict[str, Any], key: str) -> str:
    """Distances from the MDL to scale, north up; where along the line is not stated, so a
    relative position is a band along the line. For a JSA incident, the JSA schematic."""
    positions = entry.get("positions") or []
    events = {ev["event"]: ev for ev in entry.get("events") or []}
    jsa = is_jsa(entry)
    dists = [abs(float(d)) for pos in positions for p in pos["points"]
             for d in (p.get("mdl_distance_m") or [])]
    dists += [abs(float(p["y"])) for pos in positions for p in pos["points"]
              if p.get("frame") == "jsa"]
    reach = max(dists + [45.0 if jsa else 50.0])
    dmz = not jsa and reach > 300
    if dmz:
        reach = max(reach, 2000.0)
    half_h = reach * 1.3
    half_w = 130.0 if jsa else half_h * 1.6
    w = MAP_W
    top = 28.0  # a band above and below the drawing for the sides' names
    scale = (w - 20) / (2 * half_w)
    h = 2 * half_h * scale + 2 * top

    def px(x: float, y: float) -> tuple[float, float]:
        return 10 + (x + half_w) * scale, top + (half_h - y) * scale

    parts = [ARROW_DEFS.format(k=key)]
    y0 = px(0, 0)[1]
    parts.append(f'<rect x="10" y="{num(top)}" width="{num(w - 20)}" '
                 f'height="{num(y0 - top)}" fill="#c0392b" fill-opacity="0.04"/>')
    parts.append(f'<rect x="10" y="{num(y0)}" width="{num(w - 20)}" '
                 f'height="{num(y0 - top)}" fill="#1f5fbf" fill-opacity="0.04"/>')
    parts.append(f'<text x="{num(w / 2)}" y="18" font-size="11" text-anchor="middle" '
                 'fill="#8a2a20">↑ north (KPA side)' + (" · JSA SCHEMATIC" if jsa else "")
                 + f'</text><text x="{num(w / 2)}" y="{num(h - 9)}" font-size="11" '
                 'text-anchor="middle" fill="#1a4d9a">↓ south (UNC side)</text>')
    parts.append(f'<line id="{key}-xs-mdl" x1="10" y1="{num(y0)}" x2="{num(w - 10)}" '
                 f'y2="{num(y0)}" stroke="#a02020" stroke-width="2"/>')
    if dmz:
        for y, name in ((2000.0, "DMZ northern limit (2 km)"), (-2000.0,
                                                                 "DMZ southern limit (2 km)")):
            yy = px(0, y)[1]
            parts.append(f'<line x1="10" y1="{num(yy)}" x2="{num(w - 10)}" y2="{num(yy)}" '
                         'stroke="#777" stroke-dasharray="3 3"/>'
                         f'<text x="{num(w - 14)}" y="{num(yy - 4)}" font-size="11" '
                         f'text-anchor="end" fill="#555">{name}</text>')
    if jsa:
        parts.append(_jsa_schematic(px, scale))
    shown = [pos for pos in positions if pos["points"]]
    for i, x in enumerate(_slots(len(shown), half_w, 20.0 if jsa else 0.0)):
        ev = events.get(shown[i]["event"], {})
        parts.append(_section_mark(shown[i], ev, x, px, half_h, key, i))
    legend = [
        ('<line x1="0" y1="0" x2="26" y2="0" stroke="#a02020" stroke-width="2"/>',
         "MDL (in the JSA: the conference-row curb)" if jsa else "MDL"),
        ('<rect x="0" y="-4" width="26" height="8" fill="#555" fill-opacity="0.3"/>',
         "a stated distance from the MDL: a band along the line (where along it is not "
         "stated)"),
        ('<circle cx="13" cy="0" r="4" fill="#fff" stroke="#555" stroke-dasharray="2 2"/>',
         "side stated, distance not: drawn at the edge"),
        ('<line x1="0" y1="0" x2="26" y2="0" stroke="#333" stroke-width="1.5" '
         f'marker-end="url(#{key}-arrow)"/>', "movement or fire, from → to (× where it crosses "
         "the MDL)"),
        ('<line x1="0" y1="0" x2="26" y2="0" stroke="#333" stroke-width="1.5" '
         f'stroke-dasharray="4 3" marker-end="url(#{key}-arrow)"/>',
         "dashed: an end whose distance is not stated"),
    ]
    svg_h = h + 8 + 16 * len(legend) + 22  # the legend, then the scale bar
    bar = _scale_bar(scale, 16, h + 8 + 16 * len(legend) + 12, w / 4)  # under the legend:
    # marks drawn at the edges would hide it inside the drawing
    title = ("JSA schematic (not a survey): distances from the MDL to scale"
             if jsa else "Cross-section: distances from the MDL to scale")
    svg = drawing("local", w, svg_h, title, title,
                  "".join(parts) + bar + legend_rows(legend, h + 8))
    caption = (title + ". Schematic: the JSA frame's buildings from published relative "
               "distances; the file gives no coordinates, so events are spread along the line "
               "in their order." if jsa else title + ". The file gives no coordinates: events "
               "are spread along the line in their order; only their distances from the MDL "
               "are to scale.")
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


def _slots(n: int, half_w: float, keep_clear: float) -> list[float]:
    """Where along the line to draw n events (their order; not stated in the file), leaving
    the middle ±keep_clear metres to the JSA's buildings."""
    usable = [(-half_w * 0.92, -keep_clear), (keep_clear, half_w * 0.92)] if keep_clear \
        else [(-half_w * 0.92, half_w * 0.92)]
    total = sum(b - a for a, b in usable)
    out = []
    for i in range(n):
        at = total * (i + 0.5) / max(n, 1)
        for a, b in usable:
            if at <= b - a:
                out.append(a + at)
                break
            at -= b - a
    return out


def _jsa_schematic(px: Any, scale: float) -> str:
    frame = geo.jsa_frame()
    out = []
    area = frame.get("conference_area") or {}
    if area:
        (x0, x1), (y0, y1) = area["x_m"], area["y_m"]
        a, b = px(x0, y1), px(x1, y0)
        out.append(f'<rect x="{num(a[0])}" y="{num(a[1])}" width="{num(b[0] - a[0])}" '
                   f'height="{num(b[1] - a[1])}" fill="none" stroke="#999" '
                   'stroke-dasharray="4 3"><title>conference row (schematic)</title></rect>')
    for mark in frame.get("landmarks") or []:
        x, y = px(*mark["xy"])
        out.append(f'<rect x="{num(x - 4)}" y="{num(y - 4)}" width="8" height="8" '
                   f'fill="#888"/><text x="{num(x + 7)}" y="{num(y + 4)}" font-size="10" '
                   f'fill="#555">{e(mark["name"])}</text>')
    return "".join(out)


def _section_mark(pos: dict[str, Any], ev: dict[str, Any], x: float, px: Any, half_h: float,
                  key: str, i: int) -> str:
    c = colour(ev.get("side"))
    out = []
    at: dict[str, tuple[float, float]] = {}
    side_only: set[str] = set()  # ends whose distance is not stated: drawn at the edge
    for p in pos["points"]:
        role = p["role"]
        if p.get("frame") == "jsa":
            at[role] = px(float(p["x"]), float(p["y"]))
            out.append(f'<circle cx="{num(at[role][0])}" cy="{num(at[role][1])}" r="4" '
                       f'fill="{c}"/>')
            continue
        dist = p.get("mdl_distance_m")
        if dist:
            lo, hi = sorted(float(d) for d in dist)
            top, bottom = px(0, hi)[1], px(0, lo)[1]
            band = max(bottom - top, 2.0)
            left, right = 10.0, MAP_W - 10.0
            out.append(f'<rect x="{num(left)}" y="{num((top + bottom) / 2 - band / 2)}" '
                       f'width="{num(right - left)}" height="{num(band)}" fill="{c}" '
                       'fill-opacity="0.18"/>')
            at[role] = (px(x, 0)[0], (top + bottom) / 2)
            out.append(f'<circle cx="{num(at[role][0])}" cy="{num(at[role][1])}" r="4" '
                       f'fill="{c}"/>')
        elif p.get("side") in ("north", "south"):
            y = half_h * 0.85 * (1 if p["side"] == "north" else -1)
            at[role] = px(x, y)
            side_only.add(role)
            out.append(f'<circle cx="{num(at[role][0])}" cy="{num(at[role][1])}" r="4" '
                       f'fill="#fff" stroke="{c}" stroke-dasharray="2 2"/>')
    origin = at.get("from") or at.get("at")
    target = at.get("impact") or at.get("to")
    if origin and target and origin != target:
        ends = [r for r in ("from", "at", "impact", "to") if r in at][:1] + \
            [r for r in ("impact", "to") if r in at][:1]
        out.append(_arrow(origin, target, key, dashed=bool(set(ends) & side_only)))
        if (origin[1] - px(0, 0)[1]) * (target[1] - px(0, 0)[1]) < 0:
            t = (px(0, 0)[1] - origin[1]) / (target[1] - origin[1])
            cx = origin[0] + t * (target[0] - origin[0])
            cy = px(0, 0)[1]
            out.append(f'<path d="M{num(cx - 5)},{num(cy - 5)} L{num(cx + 5)},{num(cy + 5)} '
                       f'M{num(cx - 5)},{num(cy + 5)} L{num(cx + 5)},{num(cy - 5)}" '
                       'stroke="#000" stroke-width="2"><title>crosses the MDL</title></path>')
    if not out:
        return ""
    anchor = origin or target or next(iter(at.values()))
    lift = 6 + 11 * (i % 2)  # neighbours' labels on two levels
    out.append(f'<text x="{num(anchor[0] + 5)}" y="{num(anchor[1] - lift)}" font-size="10" '
               f'fill="{c}">{e(pos["event"])}</text>')
    return (f'<g class="mark" data-ev="{e(pos["event"])}" tabindex="0"><title>'
            f'{e(pos["event"])}</title>{"".join(out)}</g>')


# --- timeline --------------------------------------------------------------------------------

STEPS = [timedelta(minutes=m) for m in (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720)] + \
    [timedelta(days=d) for d in (1, 2, 7, 14, 30, 61, 182, 365, 730, 1826, 3652)]


def timelines(entry: dict[str, Any]) -> str:
    """The timeline of every event; and where whole-day bars squeeze the timed events into a
    corner, a second one of the timed events alone."""
    events = entry.get("events") or []
    if not events:
        return "<p class=note>No event times in the report data.</p>\n"
    out = timeline(events, "Timeline of events")
    timed = [ev for ev in events if ev.get("timed")]
    if timed and len(timed) < len(events):
        whole = _span(events)
        part = _span(timed)
        if part[1] - part[0] < (whole[1] - whole[0]) / 4:
            out += timeline(timed, f"The timed events alone ({len(events) - len(timed)} "
                                   "untimed left out)")
    return out


def _span(events: list[dict[str, Any]]) -> tuple[datetime, datetime]:
    return (min(_instant(ev["start"]) for ev in events),
            max(_instant(ev["end"]) for ev in events))


def timeline(events: list[dict[str, Any]], title: str) -> str:
    spans = [(_instant(ev["start"]), _instant(ev["end"])) for ev in events]
    t0 = min(s for s, _ in spans)
    t1 = max(x for _, x in spans)
    if t1 - t0 < timedelta(minutes=10):
        t0, t1 = t0 - timedelta(minutes=5), t1 + timedelta(minutes=5)
    pad = (t1 - t0) * 0.04
    t0, t1 = t0 - pad, t1 + pad
    label_w, w, row = 150.0, 880.0, 20.0
    plot = w - label_w - 20

    def xt(t: datetime) -> float:
        return label_w + (t - t0) / (t1 - t0) * plot

    parts = []
    step = next((s for s in STEPS if (t1 - t0) / s <= 8), STEPS[-1])
    tick = _first_tick(t0, step)
    height = 30 + row * len(events)
    while tick <= t1:
        x = xt(tick)
        text = f"{tick:%H:%M}" if step < timedelta(days=1) else f"{tick:%Y-%m-%d}"
        parts.append(f'<line x1="{num(x)}" y1="18" x2="{num(x)}" y2="{num(height)}" '
                     f'stroke="#ddd"/><text x="{num(x)}" y="13" font-size="10" '
                     f'text-anchor="middle" fill="#555">{text}</text>')
        tick += step
    for i, (ev, (start, end)) in enumerate(zip(events, spans, strict=True)):
        y = 24 + row * i
        c = colour(ev.get("side"))
        x0, x1 = xt(start), xt(end)
        if not ev.get("timed"):
            shape = (f'<rect x="{num(x0)}" y="{num(y + 3)}" width="{num(max(x1 - x0, 2))}" '
                     f'height="{num(row - 8)}" fill="{c}" fill-opacity="0.25" stroke="{c}" '
                     'stroke-dasharray="3 2"/>')
        elif end > start:
            shape = (f'<rect x="{num(x0)}" y="{num(y + 3)}" width="{num(max(x1 - x0, 2))}" '
                     f'height="{num(row - 8)}" fill="{c}" fill-opacity="0.45" stroke="{c}"/>')
        else:
            shape = (f'<circle cx="{num(x0)}" cy="{num(y + row / 2 - 1)}" r="5" fill="{c}"/>')
        parts.append(f'<g class="mark" data-ev="{e(ev["event"])}" tabindex="0">'
                     f'<title>{e(ev["event"])}: {e(when_words(ev))}</title>'
                     f'<text x="{num(label_w - 6)}" y="{num(y + row / 2 + 3)}" font-size="11" '
                     f'text-anchor="end">{e(ev["event"])}</text>{shape}</g>')
    legend_y = height + 14
    legend = (f'<g transform="translate({label_w},{num(legend_y)})" font-size="11">'
              '<circle cx="5" cy="0" r="5" fill="#c0392b"/><text x="14" y="4">KPA side</text>'
              '<circle cx="95" cy="0" r="5" fill="#1f5fbf"/><text x="104" y="4">UNC side</text>'
              '<circle cx="185" cy="0" r="5" fill="#6b6b6b"/><text x="194" y="4">other</text>'
              '<rect x="250" y="-5" width="22" height="10" fill="#777" fill-opacity="0.45"/>'
              '<text x="278" y="4">approximate time: its range</text>'
              '<rect x="460" y="-5" width="22" height="10" fill="#777" fill-opacity="0.25" '
              'stroke="#777" stroke-dasharray="3 2"/>'
              '<text x="488" y="4">time not stated: the whole day</text></g>')
    total_h = legend_y + 14
    offset = t0.strftime("%z") if t0.tzinfo else ""
    tz = f"UTC{offset[:3]}:{offset[3:]}" if offset else "offset not stated"
    return (drawing("timeline", w, total_h, "timeline", f"{title} (local time, {tz})",
                    "".join(parts) + legend)
            + f"\n<p class=note>{e(title)}: local time ({e(tz)}), coloured by side.</p>\n")


def _first_tick(t0: datetime, step: timedelta) -> datetime:
    if step >= timedelta(days=1):
        base = t0.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        base = t0.replace(minute=0, second=0, microsecond=0)
    while base < t0:
        base += step
    return base


# --- findings and determinations -------------------------------------------------------------

def finding_card(f: dict[str, Any], entry: dict[str, Any]) -> str:
    status = STATUS_CLASS.get(f["status"], "")
    who = "/".join(x for x in (f["side"], f.get("force")) if x)
    paras = ", ".join(p if not p[:1].isdigit() else f"¶{p}" for p in f["paragraphs"])
    clauses = []
    for c in f["clauses"]:
        seen = c.get("seen_in") or {}
        where = seen.get("title") or seen.get("source") or "not stated"
        link = f' (<a href="{e(seen["url"])}">link</a>)' if _web(seen.get("url")) else ""
        kind = "" if c["text_kind"] == "verbatim" else f", {c['text_kind']}"
        clauses.append(f"<p><b>{e(c['instrument'])} {e(c['label'])}</b>"
                       f"{(' — ' + e(c['heading'])) if c.get('heading') else ''} "
                       f"<span class=prov>[text {e(c['text_status'])}{e(kind)}]</span></p>"
                       f"<blockquote>{e(c['text'])}</blockquote><p class=prov>Seen in: "
                       f"{e(where)}{link}; sha256 {e((c.get('sha256') or '')[:16])}…</p>")
    evidence = []
    for ev in f["evidence"]:
        link = f' <a href="{e(ev["url"])}">source</a>' if _web(ev.get("url")) else ""
        quote = f": “{e(ev['quote'])}”" if ev.get("quote") else ""
        evidence.append(f"<li><b>{e(ev.get('publisher') or ev['source'])}</b> "
                        f"{e(ev.get('grade') or '')} ({e(ev.get('kind') or '?')}, event "
                        f"{e(ev.get('event') or '—')}){quote}{link}</li>")
    reasons = "".join(f"<li>{e(r)}</li>" for r in f["reasons"])
    exception = ""
    if f.get("exception"):
        x = f["exception"]
        cites = (f"{x['clause']['instrument']} {x['clause']['label']}" if x.get("clause")
                 else "; ".join(r.get("title", "") for r in x.get("references") or []))
        exception = f"<p>Exception: <b>{e(x['title'])}</b> (cites {e(cites)})</p>"
    return (f'<article class="card {status}" data-ev="{e(" ".join(f["events"]))}" '
            f'tabindex=0>\n<p><span class=badge>{e(LABEL[f["status"]])}</span> '
            f"<b>{e(f['rule_id'])}</b> {e(f['title'])} · side {e(who)} · "
            f"{e(f['instrument'])} {e(paras)} · event {e(', '.join(f['events']))} "
            f"(line {f['location']['line']})</p>\n"
            f"<p>{e(f['message'])}</p>" + (f"<ul>{reasons}</ul>" if reasons else "")
            + exception + "".join(clauses)
            + f"<p class=prov>Sources' grade (the confidence grades the sources cited, not the "
            f"finding): {f['confidence']:.2f} ({e(f['confidence_level'])}) — "
            f"{e(f['confidence_basis'])}</p>"
            + (f"<details open><summary>Evidence ({len(evidence)})</summary>"
               f"<ul class=evidence>{''.join(evidence)}</ul></details>" if evidence
               else "<p>No source cited.</p>")
            + f"<p>{_agreement(f, entry)}</p>\n</article>\n")


def _web(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def _agreement(f: dict[str, Any], entry: dict[str, Any]) -> str:
    """The determinations this finding is compared with, and whether they agree."""
    said = []
    instruments = {f["instrument"], *(c["instrument"] for c in f["clauses"])}
    for det in entry.get("determinations") or []:
        for row in det["findings"]:
            overlap = not row.get("events") or bool(set(row["events"]) & set(f["events"]))
            if f["rule_id"] in (row.get("tool_findings") or []) and overlap:
                mark = ("<span class=agree>agrees</span>" if row["agreed"] else
                        "<span class=disagree>disagrees</span>")
                said.append(f"Determination of {e(det['body'])} ({e(det['date'])}): "
                            f"{e(det_label(row))}: {mark}: {e(row['reason'])}")
            elif row.get("compared", True) and row["party"] == f["side"] and overlap \
                    and row["instrument"] in instruments:
                matched = ", ".join(row.get("tool_findings") or []) or "no finding"
                said.append(f"Covered by the determination of {e(det['body'])} "
                            f"({e(det['date'])}) on the same events: {e(det_label(row))}; the "
                            f"tool compares that act with {e(matched)}, not with this finding")
    if said:
        return "<br>".join(said)
    if any(u["rule_id"] == f["rule_id"] and u["status"] == f["status"]
           for u in entry.get("undetermined") or []):
        return "Determined by no body (no official determination found it)."
    if not entry.get("determinations"):
        return "No official determination is recorded in the file."
    if f["status"] == EXCEPTION:
        return "An exception applied; no determination concerns this act."
    return "No determination in the file concerns this finding."


def determinations_html(entry: dict[str, Any], key: str) -> str:
    """The determination rows, each with an anchor (`{key}-det{d}-{r}`: the collection page
    links each disagreement to its row)."""
    dets = entry.get("determinations") or []
    if not dets:
        return "<h3>Official determinations</h3><p>None recorded in the file.</p>\n"
    rows = []
    for d, det in enumerate(dets):
        hand = " (known only second-hand)" if det.get("second_hand") else ""
        for r, row in enumerate(det["findings"]):
            said = verdict(row)
            cls = {AGREED: "agree", DISAGREED: "disagree"}.get(verdict_of(row), "")
            rows.append(f"<tr id=\"{key}-det{d}-{r}\" "
                        f"data-ev=\"{e(' '.join(row.get('events') or []))}\"><td>"
                        f"{e(det['body'])}<br><span class=meta>{e(det['date'])}{e(hand)}</span>"
                        f"</td><td>{e(det_label(row))}</td><td class={cls}>tool {said}"
                        f"</td><td>{e(row['reason'])}</td></tr>")
    undetermined = ""
    if entry.get("undetermined"):
        names = ", ".join(f"{u['rule_id']} ({u['status']})" for u in entry["undetermined"])
        undetermined = f"<p>Found by the tool, determined by no body: {e(names)}</p>"
    return ("<h3>Official determinations</h3><table><thead><tr><th>body</th><th>found</th>"
            "<th>tool</th><th>reason</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>" + undetermined + "\n")
