"""`--format html` on several incidents: the collection page, drawn from the JSON contract.

Every incident is one mark on one map of the line and one mark on one time axis from 1953 to
today, each a link to its incident; small hand-written SVG charts give the run summary's
breakdowns (contract 1.3: by year, side, force, category and instrument) and the agreement
with official determinations, with a link to each disagreement. The filters (side, category,
instrument, status, period) are the page's script (`html.SCRIPT`): the form is hidden until
the script shows it, so the page reads whole without script.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from armicheck.core import gazetteer, geo
from armicheck.core.status import EXCEPTION, FINDING_STATUSES, POSSIBLE, VIOLATION, WORD
from armicheck.core.summary import (
    AGREED,
    DISAGREED,
    NOT_COMPARABLE,
    NOT_STATED,
    WORST_INVALID,
    WORST_NONE,
    worst_status,
    year_of,
)
from armicheck.core.time import parse_day_span
from armicheck.report.determination import disagreement
from armicheck.report.svg import (
    LINE_STYLE,
    Frame,
    drawing,
    e,
    incident_location,
    line_sample,
    lines_frame,
    north_up_map,
    num,
)

FIRST_YEAR = 1953  # the Armistice
WORST_ORDER = (*FINDING_STATUSES, WORST_NONE, WORST_INVALID)
STATUS_COLOUR = {VIOLATION: "#b3261e", POSSIBLE: "#d08a00", EXCEPTION: "#1b7a6e",
                 WORST_NONE: "#9a9a9a", WORST_INVALID: "#222"}
WORST_WORD = {VIOLATION: "a violation found", POSSIBLE: "a possible violation at worst",
              EXCEPTION: "only exceptions applied", WORST_NONE: "no finding",
              WORST_INVALID: "not evaluated: invalid file"}
STATUS_WORD = {**{status: word.lower() for status, word in WORD.items()},  # "possible violation"
               WORST_NONE: "no finding", WORST_INVALID: "invalid file"}
VERDICT_COLOUR = {AGREED: "#1b7a6e", DISAGREED: "#b3261e", NOT_COMPARABLE: "#9a9a9a"}
VERDICT_WORD = {AGREED: "agreed", DISAGREED: "disagreed", NOT_COMPARABLE: "not comparable"}
# the list's dots and the agreement's squares, in the marks' and bars' colours
COLOUR_CSS = (
    "".join(f".sw.{verdict}{{color:{c}}}" for verdict, c in VERDICT_COLOUR.items()) + "\n"
    + ".dot{display:inline-block;width:9px;height:9px;border-radius:50%;background:"
    + STATUS_COLOUR[WORST_NONE] + "}\n"
    + "".join(f".dot[data-w={worst}]{{background:{c}}}" for worst, c in STATUS_COLOUR.items()
              if worst != WORST_NONE) + "\n")
MAP_WIDTH = 1000  # px: the collection's map
AXIS_WIDTH = 1100  # px: the time axis and the chart of years under it
MARK_R = 4.5  # px: a mark's radius
SPREAD_MAX = 16.0  # px: the farthest a mark is moved from its spot to keep it apart
CHART_ROWS = 12  # a breakdown chart's bars; the rest are summed in one line


def collection_html(doc: dict[str, Any], links: list[str], today: date | None = None) -> str:
    """The collection section: `links[n]` is where incident n of `doc["incidents"]` is (a
    fragment of this page, or another page of the directory, with its fragment)."""
    entries = doc["incidents"]
    summary = doc.get("summary") or {}
    years = _years(entries, (today or date.today()).year)
    marks = [_incident_attrs(entry, link) for entry, link in zip(entries, links, strict=True)]
    parts = ["<section class=collection id=collection>\n<h2>The collection at a glance</h2>\n",
             _filters(summary, years),
             "<h3>Where</h3>\n<div class=row>\n", collection_map(entries, marks),
             "</div>\n<h3>When</h3>\n", time_axis(entries, marks, years),
             year_chart(summary.get("by_year") or {}, years),
             "<h3>Who and what</h3>\n<p class=note>Findings counted by status; the charts "
             "count the whole collection, the filters above act on the map, the time axis "
             "and the list.</p>\n<div class=row>\n"]
    for key, heading in (("by_side", "Side"), ("by_force", "Force"),
                         ("by_category", "Category of act"), ("by_instrument", "Instrument")):
        parts.append(breakdown_chart(summary.get(key) or {}, heading))
    parts.append("</div>\n")
    parts.append(agreement_html(summary.get("agreement") or {}, entries, links))
    parts.append(incident_list(entries, marks))
    return "".join(parts) + "</section>\n"


# --- what each incident carries for the filters ----------------------------------------------

def _incident_attrs(entry: dict[str, Any], link: str) -> dict[str, str]:
    """The attributes a mark or row of one incident carries: its link, its findings as
    `side|category|instrument|status` (what the filters match), its year and worst status."""
    tuples = dict.fromkeys(f"{f['side'] or NOT_STATED}|{f['category']}|{f['instrument']}|"
                           f"{f['status']}" for f in entry["findings"])
    year = year_of(entry.get("date"))
    name = entry.get("id") or entry["path"]
    worst = worst_status(entry)
    return {"href": link, "f": ";".join(tuples), "y": year if year != NOT_STATED else "",
            "w": worst, "name": str(name),
            "title": f"{name} · {entry.get('date') or 'no date'} · "
                     f"{entry.get('title') or ''} · {WORST_WORD[worst]}"}


def _data(attrs: dict[str, str]) -> str:
    return (f'data-f="{e(attrs["f"])}" data-y="{e(attrs["y"])}" '
            f'data-w="{e(attrs["w"])}"')


def _mark(attrs: dict[str, str], x: float, y: float, cls: str, r: float = MARK_R) -> str:
    return (f'<a class="imark {cls}" href="{e(attrs["href"])}" {_data(attrs)}>'
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" '
            f'fill="{STATUS_COLOUR[attrs["w"]]}" stroke="#fff" stroke-width="1"/>'
            f'<title>{e(attrs["title"])}</title></a>')


def _statuslegend_rows() -> list[tuple[str, str]]:
    return [(f'<circle cx="13" cy="0" r="{num(MARK_R)}" fill="{STATUS_COLOUR[w]}"/>',
             f"an incident: {WORST_WORD[w]}") for w in WORST_ORDER]


# --- filters ---------------------------------------------------------------------------------

def _filters(summary: dict[str, Any], years: Years) -> str:
    """The filter form, hidden until the script shows it (without script it could do
    nothing)."""
    def select(name: str, label: str, values: list[tuple[str, str]]) -> str:
        options = "".join(f'<option value="{e(v)}">{e(text)}</option>' for v, text in values)
        return (f'<label>{e(label)} <select name="{name}"><option value="">any</option>'
                f"{options}</select></label> ")

    def keys(name: str) -> list[tuple[str, str]]:
        return [(k, k) for k in sorted(summary.get(name) or {})]

    statuses = [(s, STATUS_WORD[s]) for s in WORST_ORDER]
    return ("<form id=filters class=filters hidden>"
            + select("side", "side", keys("by_side"))
            + select("category", "category", keys("by_category"))
            + select("instrument", "instrument", keys("by_instrument"))
            + select("status", "status", statuses)
            + f'<label>from <input name=from type=number min="{years.first}" '
              f'max="{years.last}" placeholder="{years.first}" size=5></label> '
            + f'<label>to <input name=to type=number min="{years.first}" max="{years.last}" '
              f'placeholder="{years.last}" size=5></label> '
            + "<button type=reset>show all</button> <output name=shown></output>"
            + "</form>\n")


# --- the map ---------------------------------------------------------------------------------

def collection_frame(lonlats: list[tuple[float, float]]) -> Frame:
    """Every shipped line and every located incident, with a margin, MAP_WIDTH wide."""
    return lines_frame(MAP_WIDTH, 12000.0, lonlats)


def collection_map(entries: list[dict[str, Any]], marks: list[dict[str, str]]) -> str:
    """Every incident on one map: located ones where the file places them (marks at one spot
    spread on a small spiral around it), the others in a row under the map."""
    located_at: list[tuple[float, float, dict[str, str]]] = []
    unlocated: list[dict[str, str]] = []
    for entry, attrs in zip(entries, marks, strict=True):
        where = incident_location(entry) if not entry["errors"] else None
        if where is None:
            unlocated.append(attrs)
        else:
            located_at.append((where[0], where[1],
                               {**attrs, "title": f"{attrs['title']} · located by {where[2]}"}))
    frame = collection_frame([(lon, lat) for lon, lat, _ in located_at])
    parts, legend = [_place_labels(frame)], []
    for name in (*geo.SEA_LINES, *geo.LAND_LINES):
        style, text = LINE_STYLE[name]
        parts.append(f'<path d="{frame.path(geo.line(name))}" fill="none" {style}/>')
        if text:
            legend.append((line_sample(style), text))
    located = [(*frame.lonlat(lon, lat), attrs) for lon, lat, attrs in located_at]
    height = frame.height
    spread, counts = _spread(located)
    for (x, y, attrs) in spread:
        parts.append(_mark(attrs, x, y, "on-map"))
    parts.append(counts)
    if unlocated:
        per_row = int((MAP_WIDTH - 170) // 12)
        rows = math.ceil(len(unlocated) / per_row)
        parts.append(f'<line x1="0" y1="{num(height)}" x2="{MAP_WIDTH}" y2="{num(height)}" '
                     'stroke="#ccc"/><text x="8" y="' + num(height + 16)
                     + '" font-size="11">not located in the file:</text>')
        for i, attrs in enumerate(unlocated):
            parts.append(_mark(attrs, 170 + (i % per_row) * 12, height + 12 + (i // per_row)
                               * 12, "on-map unlocated"))
        height += 12 * rows + 12
    legend += _statuslegend_rows()
    svg = north_up_map("collection-map", "map of every incident",
                        "Every incident on the line (EPSG:5179)", "".join(parts), height,
                        legend, width=MAP_WIDTH)
    caption = (f"{len(located)} of {len(entries)} incidents located: at their place's "
               "coordinates, their first located position, or the JSA; several at one spot are "
               f"spread around it, at most {num(SPREAD_MAX)} px away (a number: how many "
               "incidents a crowded spot holds). Grey names are the gazetteer's, for "
               "orientation. Each mark links to its incident.")
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


def _place_labels(frame: Frame) -> str:
    """The gazetteer's towns and islands, grey, for orientation; a name that would overlap
    one already written is left out."""
    out: list[str] = []
    taken: list[tuple[float, float]] = []
    for place in gazetteer.load().values():
        if place.kind not in ("town", "island"):
            continue
        x, y = frame.lonlat(place.lon, place.lat)
        short = place.name.split(" (")[0]
        if any(abs(x - tx) < 90 and abs(y - ty) < 14 for tx, ty in taken):
            continue
        taken.append((x, y))
        out.append(f'<rect x="{num(x - 2)}" y="{num(y - 2)}" width="4" height="4" '
                   f'fill="#aaa"/><text x="{num(x + 5)}" y="{num(y + 4)}" font-size="10" '
                   f'fill="#888">{e(short)}</text>')
    return "".join(out)


def _spread(points: list[tuple[float, float, dict[str, str]]]
            ) -> tuple[list[tuple[float, float, dict[str, str]]], str]:
    """Marks at one spot (closer than a mark's width) spread on a small sunflower spiral
    around it, so that a few stay apart; a spot with many keeps its spiral within SPREAD_MAX
    px (the marks then overlap: a mark is never drawn far from where it is) and says how many
    it holds.
    Returns the marks and the counts' labels."""
    spots: list[list[int]] = []  # each spot's marks, the first at its centre
    for i, (x, y, _) in enumerate(points):
        # a mark closer than its diameter to a spot's centre would hide it or be hidden
        spot = next((m for m in spots if math.dist(points[m[0]][:2], (x, y)) < 2 * MARK_R),
                    None)
        if spot is None:
            spots.append([i])
        else:
            spot.append(i)
    out = list(points)
    labels = []
    for members in spots:
        step = min(5.5, SPREAD_MAX / math.sqrt(len(members)))
        x0, y0, _ = points[members[0]]
        for k, i in enumerate(members[1:], 1):
            radius, angle = step * math.sqrt(k), k * 2.39996  # the golden angle
            out[i] = (x0 + radius * math.cos(angle), y0 + radius * math.sin(angle), points[i][2])
        if len(members) > 3:
            reach = step * math.sqrt(len(members) - 1)
            labels.append(f'<text class="count" x="{num(x0 + reach + 6)}" y="{num(y0 + 4)}" '
                          'font-size="11" '
                          f'font-weight="600">{len(members)}</text>')
    return out, "".join(labels)


# --- time ------------------------------------------------------------------------------------

class Years:
    """The time axis's scale in px: from 1 January FIRST_YEAR (or of an earlier incident's
    year) to the end of this year (or of a later incident's)."""

    def __init__(self, first: int, last: int, left: float = 40.0, right: float = 60.0) -> None:
        self.first, self.last = first, last
        self.left = left
        self.per_year = (AXIS_WIDTH - left - right) / (self.last - self.first + 1)

    def x(self, when: float) -> float:
        """`when` in years (2017.87)."""
        return self.left + (when - self.first) * self.per_year

    def ticks(self) -> str:
        step = next(n for n in (10, 20, 50, 100, 200, 500) if self.per_year * n >= 40)
        out = []
        for year in range((self.first // step + 1) * step, self.last + 1, step):
            x = self.x(year)
            out.append(f'<line x1="{num(x)}" y1="0" x2="{num(x)}" y2="4" stroke="#555"/>'
                       f'<text x="{num(x)}" y="16" font-size="11" text-anchor="middle">'
                       f"{year}</text>")
        return "".join(out)


def _when(text: Any) -> float | None:
    """A date of the contract as a year with its fraction (2017.87); a month or a year alone
    is placed at its middle."""
    span = parse_day_span(str(text or ""))
    if span is None:
        return None
    first, last = span
    middle = first + (last - first) / 2
    new_year = date(middle.year, 1, 1)
    return middle.year + (middle - new_year).days / (date(middle.year + 1, 1, 1) - new_year).days


def _years(entries: list[dict[str, Any]], this_year: int) -> Years:
    """1953 to this year, widened to any incident before or after (the format takes dates
    from 1900 to 2999): a mark is never pinned to the axis's end."""
    stated = [int(year) for entry in entries if (year := year_of(entry.get("date"))).isdigit()]
    return Years(min([FIRST_YEAR, *stated]), max([this_year, *stated]))


def time_axis(entries: list[dict[str, Any]], marks: list[dict[str, str]], years: Years) -> str:
    """Every incident on one axis from 1953 to today: marks that would touch are stacked."""
    placed: list[tuple[float, int, dict[str, str]]] = []
    level_end: list[float] = []  # the last x used on each level
    dated = sorted(((when, n) for n, entry in enumerate(entries)
                    if (when := _when(entry.get("date"))) is not None))
    dated_ids = {n for _, n in dated}
    for when, n in dated:
        x = years.x(when)
        level = next((i for i, last in enumerate(level_end) if x - last >= 9), None)
        if level is None:
            level = len(level_end)
            level_end.append(x)
        level_end[level] = x
        placed.append((x, level, marks[n]))
    undated = [marks[n] for n in range(len(entries)) if n not in dated_ids]
    levels = max(len(level_end), math.ceil(len(undated) / 4), 1)
    # a dense collection is packed, down to marks 5 px apart; then the axis grows taller
    step = max(5.0, min(10.0, 180.0 / levels))
    radius = min(MARK_R, step / 2 + 0.5)
    base = 12 + levels * step
    parts = [f'<g transform="translate(0,{num(base + 8)})"><line x1="{num(years.left)}" '
             f'y1="0" x2="{num(years.x(years.last + 1))}" y2="0" stroke="#555"/>'
             f"{years.ticks()}</g>"]
    for x, level, attrs in placed:
        parts.append(_mark(attrs, x, base - level * step, "on-axis", r=radius))
    if undated:
        ux = AXIS_WIDTH - 40
        parts.append(f'<text x="{ux}" y="{num(base + 24)}" font-size="11" '
                     'text-anchor="middle">no date</text>')
        for i, attrs in enumerate(undated):
            parts.append(_mark(attrs, ux - 12 + (i % 4) * 8, base - (i // 4) * step,
                               "on-axis undated", r=radius))
    height = base + 30
    svg = drawing("time-axis", AXIS_WIDTH, height, "time axis of every incident",
                  f"Every incident in time, {years.first}–{years.last}", "".join(parts))
    since = f"{FIRST_YEAR} (the Armistice)" if years.first == FIRST_YEAR else \
        f"{years.first} (before the Armistice of {FIRST_YEAR})"
    caption = (f"Every incident by its date, {since} to {years.last}; "
               "incidents close in time are stacked. Colours as on the map.")
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


def year_chart(by_year: dict[str, dict[str, Any]], years: Years) -> str:
    """Incidents per year, stacked by their worst finding, on the time axis's scale."""
    top = max((v["incidents"] for k, v in by_year.items() if k != NOT_STATED), default=0)
    height, plot = 150.0, 110.0
    per = plot / max(top, 1)
    parts = [f'<line x1="{num(years.left)}" y1="{num(plot + 10)}" '
             f'x2="{num(years.x(years.last + 1))}" y2="{num(plot + 10)}" stroke="#555"/>',
             f'<g transform="translate(0,{num(plot + 10)})">{years.ticks()}</g>',
             f'<text x="{num(years.left - 6)}" y="{num(14)}" font-size="11" '
             f'text-anchor="end">{top}</text>',
             f'<text x="{num(years.left - 6)}" y="{num(plot + 10)}" font-size="11" '
             'text-anchor="end">0</text>']
    width = max(years.per_year - 1, 1)
    for key, counts in by_year.items():
        if key == NOT_STATED or not key.isdigit():
            continue
        y = plot + 10
        x = years.x(int(key))
        for worst in WORST_ORDER:
            n = counts["worst"].get(worst, 0)
            if n:
                y -= n * per
                parts.append(f'<rect class="bar" x="{num(x)}" y="{num(y)}" '
                             f'width="{num(width)}" height="{num(n * per)}" '
                             f'fill="{STATUS_COLOUR[worst]}"><title>{e(key)}: {n} '
                             f"incident{'s' if n != 1 else ''}: {WORST_WORD[worst]} (of "
                             f"{counts['incidents']})</title></rect>")
    undated = (by_year.get(NOT_STATED) or {}).get("incidents", 0)
    svg = drawing("chart years", AXIS_WIDTH, height, "incidents by year", "Incidents by year",
                  "".join(parts))
    caption = ("Incidents by year, coloured by their worst finding (as the marks)"
               + (f"; {undated} without a date" if undated else "") + ".")
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>\n"


# --- who and what ----------------------------------------------------------------------------

def breakdown_chart(counts: dict[str, dict[str, int]], heading: str) -> str:
    """Findings by one key (side, force, ...), one stacked bar per value, biggest first."""
    rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    shown, rest = rows[:CHART_ROWS], rows[CHART_ROWS:]
    label_w, bar_w, row_h = 150.0, 330.0, 18.0  # two charts side by side
    top = max((sum(v.values()) for _, v in rows), default=0)
    per = bar_w / max(top, 1)
    parts = []
    for i, (key, by_status) in enumerate(shown):
        y = 6 + i * row_h
        label = key if len(key) <= 22 else key[:21] + "…"
        parts.append(f'<text x="{num(label_w - 6)}" y="{num(y + 11)}" font-size="11" '
                     f'text-anchor="end">{e(label)}<title>{e(key)}</title></text>')
        x = label_w
        for status in FINDING_STATUSES:
            n = by_status.get(status, 0)
            if n:
                parts.append(f'<rect class="bar" x="{num(x)}" y="{num(y)}" '
                             f'width="{num(n * per)}" height="13" '
                             f'fill="{STATUS_COLOUR[status]}"><title>{e(key)}: {n} '
                             f"{e(STATUS_WORD[status])}</title></rect>")
                x += n * per
        parts.append(f'<text x="{num(x + 4)}" y="{num(y + 11)}" font-size="11">'
                     f"{sum(by_status.values())}</text>")
    if rest:
        parts.append(f'<text x="8" y="{num(6 + len(shown) * row_h + 11)}" font-size="11">'
                     f"and {len(rest)} more: {sum(sum(v.values()) for _, v in rest)} "
                     "findings</text>")
    legend_y = 6 + (len(shown) + bool(rest)) * row_h + 12
    legend = "".join(
        f'<rect x="{num(8 + i * 110)}" y="{num(legend_y - 8)}" width="10" height="10" '
        f'fill="{STATUS_COLOUR[s]}"/><text x="{num(22 + i * 110)}" y="{num(legend_y + 1)}" '
        f'font-size="10">{e(STATUS_WORD[s])}</text>' for i, s in enumerate(FINDING_STATUSES))
    height = legend_y + 10
    width = label_w + bar_w + 40
    if not rows:
        parts = ['<text x="8" y="20" font-size="11">no findings</text>']
        legend, height = "", 30.0
    svg = drawing("chart breakdown", width, height, f"findings by {heading.lower()}",
                  f"Findings by {heading.lower()}", "".join(parts) + legend)
    return f"<figure><figcaption><b>{e(heading)}</b></figcaption>{svg}</figure>\n"


def agreement_html(agreement: dict[str, Any], entries: list[dict[str, Any]],
                   links: list[str]) -> str:
    """Agreed, disagreed and not comparable, as a bar and in words, and every disagreement
    linked to its row in its incident."""
    counts = {v: int(agreement.get(v, 0)) for v in (AGREED, DISAGREED, NOT_COMPARABLE)}
    total = sum(counts.values())
    head = "<h3>Agreement with official determinations</h3>\n"
    if not total:
        return head + "<p>No incident records an official determination.</p>\n"
    width, x, parts = 420.0, 0.0, []
    for verdict, n in counts.items():
        if n:
            w = width * n / total
            parts.append(f'<rect class="bar" x="{num(x)}" y="2" width="{num(w)}" '
                         f'height="16" fill="{VERDICT_COLOUR[verdict]}"><title>'
                         f"{VERDICT_WORD[verdict]}: {n}</title></rect>")
            x += w
    svg = drawing("chart agreement", width, 20, "agreement",
                  "Agreement with official determinations", "".join(parts))
    words = ", ".join(f'<span class="sw {verdict}">■</span> {VERDICT_WORD[verdict]} <b>{n}</b>'
                      for verdict, n in counts.items())
    out = [head, f"<p>{svg}<br>Of {total} things official bodies found (one row per party "
           f"and act): {words}.</p>\n"]
    where: dict[str, tuple[dict[str, Any], str]] = {}
    for entry, link in zip(entries, links, strict=True):  # a file given twice: its first
        where.setdefault(entry["path"], (entry, link))
    items = []
    for row in agreement.get("disagreements") or []:
        entry, link = where.get(row["path"], (None, ""))
        page, _, key = link.partition("#")
        anchor = f"{page}#{key}-det{row['determination']}-{row['row']}" if entry else ""
        name = e(row.get("incident") or row["path"])
        if entry is not None:
            name = f'<a href="{e(anchor)}">{name}</a>'
        items.append(f"<li>{name}: {e(disagreement(row))}</li>")
    if items:
        out.append("<details open><summary>Each disagreement</summary><ul class=disagreements>"
                   + "".join(items) + "</ul></details>\n")
    return "".join(out)


# --- the list --------------------------------------------------------------------------------

def incident_list(entries: list[dict[str, Any]], marks: list[dict[str, str]]) -> str:
    """One row per incident, in the order given, with what the filters match."""
    rows = []
    for entry, attrs in zip(entries, marks, strict=True):
        counts = entry.get("summary") or {}
        sides = sorted({f["side"] or NOT_STATED for f in entry["findings"]})
        found = ("invalid file" if entry["errors"] else
                 ", ".join(f"{counts.get(s, 0)} {STATUS_WORD[s]}" for s in FINDING_STATUSES
                           if counts.get(s)) or "no finding")
        rows.append(f'<tr class=inc {_data(attrs)}><td>{e(entry.get("date") or "")}</td>'
                    f'<td><span class="dot" data-w="{e(attrs["w"])}"></span> '
                    f'<a href="{e(attrs["href"])}">{e(attrs["name"])}</a></td>'
                    f"<td>{e(entry.get('title') or '')}</td><td>{e(found)}</td>"
                    f"<td>{e(', '.join(sides))}</td></tr>")
    return ("<h3>Incidents</h3>\n<table class=incidents><thead><tr><th>date</th>"
            "<th>incident</th><th>title</th><th>findings</th><th>sides found</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>\n")
