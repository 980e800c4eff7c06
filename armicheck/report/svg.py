"""SVG and HTML pieces that the incident pages (`html`) and the collection page
(`collection`) both draw with: escaping, numbers, the EPSG:5179 frame, the shipped lines'
styles, a north-up map with its legend, and where an incident is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from armicheck.core import geo

MAP_W = 520  # px: an incident page's maps' width


# what XML (the inline SVG) does not allow, and the bidirectional overrides and isolates,
# which would reorder the text shown after them (a title, a tooltip) as terminals' do
_NOT_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def e(value: Any) -> str:
    """Text or attribute value, escaped (quotes too); a control character, which XML (the
    inline SVG) does not allow, or a bidirectional override becomes U+FFFD."""
    text = "" if value is None else str(value)
    return escape(_NOT_XML.sub("\ufffd", text), quote=True)


def num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value == value else "0"


class Frame:
    """Projected metres (EPSG:5179) to SVG pixels: x to the right, y down, north up."""

    def __init__(self, west: float, south: float, east: float, north: float, width: float,
                 pad: float = 10.0) -> None:
        self.west, self.north, self.pad = west, north, pad
        self.scale = (width - 2 * pad) / max(east - west, 1e-9)  # px per metre
        self.width = width
        self.height = (north - south) * self.scale + 2 * pad

    def px(self, easting: float, northing: float) -> tuple[float, float]:
        return ((easting - self.west) * self.scale + self.pad,
                (self.north - northing) * self.scale + self.pad)

    def lonlat(self, lon: float, lat: float) -> tuple[float, float]:
        return self.px(*geo.to_5179(lon, lat))

    def path(self, lonlats: Any) -> str:
        pts = [self.lonlat(lon, lat) for lon, lat in lonlats]
        return "M" + " L".join(f"{num(x)},{num(y)}" for x, y in pts)


def incident_location(entry: dict[str, Any]) -> tuple[float, float, str] | None:
    """(lon, lat, what) of the incident: its place's coordinates, its first located
    position, or the JSA frame's anchor for a JSA incident; None when the file gives none."""
    place = entry.get("place") or {}
    if place.get("lat") is not None and place.get("lon") is not None:
        what = "the incident's place"
        if place.get("located_by") == "name":
            what = (f"its place's name matches the gazetteer's {place['matched_place']}, "
                    f"±{num(float(place.get('uncertainty_m') or 0))} m")
        return float(place["lon"]), float(place["lat"]), what
    for pos in entry.get("positions") or []:
        for p in pos["points"]:
            if p.get("lat") is not None:
                return float(p["lon"]), float(p["lat"]), f"event {pos['event']}"
    if is_jsa(entry):
        origin = geo.jsa_frame()["origin"]
        return float(origin["lon"]), float(origin["lat"]), "the JSA (frame anchor, ±50 m)"
    return None


def is_jsa(entry: dict[str, Any]) -> bool:
    place = entry.get("place") or {}
    return "jsa" in (place.get("zone"), place.get("frame")) or any(
        p.get("frame") == "jsa" for pos in entry.get("positions") or [] for p in pos["points"])


LINE_STYLE = {
    "mdl": ('stroke="#a02020" stroke-width="1.6"', "MDL (LSIB line)"),
    "dmz-north-limit": ('stroke="#777" stroke-width="0.8"', "DMZ limits (2 km)"),
    "dmz-south-limit": ('stroke="#777" stroke-width="0.8"', None),
    "west-sea-nll": ('stroke="#1f5fbf" stroke-width="1.3" stroke-dasharray="6 4"',
                     "NLL: not an Armistice line"),
    "east-sea-nll": ('stroke="#1f5fbf" stroke-width="1.3" stroke-dasharray="6 4"', None),
    "dprk-west-sea-mdl-1999": ('stroke="#a0522d" stroke-width="1.1" stroke-dasharray="2 3"',
                               "DPRK-claimed sea line (1999): not an Armistice line"),
}


def north_up_map(cls: str, label: str, title: str, body: str, map_height: float,
                  legend: list[tuple[str, str]], width: float = MAP_W) -> str:
    """A map, north up: its drawing, a north arrow, and the legend under it."""
    height = map_height + 16 * len(legend) + 8
    arrow = f'<text x="{num(width - 12)}" y="22" font-size="11" text-anchor="end">N ↑</text>'
    return drawing(cls, width, height, label, title,  # the marks over the arrow
                   arrow + body + legend_rows(legend, map_height + 8))


def drawing(cls: str, width: float, height: float, label: str, title: str, body: str) -> str:
    """An inline SVG drawing of `width` × `height` px: `label` and `title` are text (escaped
    here), `body` is SVG."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{num(width)}" '
            f'height="{num(height)}" viewBox="0 0 {num(width)} {num(height)}" role="img" '
            f'aria-label="{e(label)}"><title>{e(title)}</title>{body}</svg>')


def lines_frame(width: float, margin: float,
                lonlats: Sequence[tuple[float, float]] = ()) -> Frame:
    """A frame `width` px wide holding every shipped line (and the points given), with a
    margin in metres."""
    pts = [geo.to_5179(*p) for name in (*geo.LAND_LINES, *geo.SEA_LINES) for p in geo.line(name)]
    pts += [geo.to_5179(lon, lat) for lon, lat in lonlats]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return Frame(min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin, width)


def legend_rows(items: list[tuple[str, str]], y: float) -> str:
    """Legend rows under a map: (SVG sample drawn from x=0, label)."""
    out = []
    for i, (sample, text) in enumerate(items):
        cy = y + 16 * i
        out.append(f'<g transform="translate(12,{num(cy)})">{sample}'
                   f'<text x="34" y="4" font-size="11">{e(text)}</text></g>')
    return "".join(out)


def line_sample(style: str) -> str:
    return f'<line x1="0" y1="0" x2="26" y2="0" {style}/>'
