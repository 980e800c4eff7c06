"""The schematic local frame of the Joint Security Area (Panmunjom), in metres.

y is metres north of the MDL (0 on the conference-row curb, north positive), x metres along
it. Inside the JSA the LSIB MDL is tens of metres off, so the side of a JSA-frame position
comes from the sign of y alone, with the curb's width as tolerance. The frame's geographic
anchor is approximate (about 50 m); it is used only for kilometre-scale zone tests.

Pure Python (no shapely or pyproj): `spatial.lsib` converts to geographic coordinates
with the projection string kept here. Data: `armicheck/data/geo/jsa-frame.json`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armicheck.core.data import GEO_DIR
from armicheck.core.korea import JSA_FRAME_FILE
from armicheck.core.tri import Tri, indeterminate, no, yes

FRAME_FILE = GEO_DIR / JSA_FRAME_FILE


@dataclass(frozen=True, slots=True)
class JsaFrame:
    origin_lon: float
    origin_lat: float
    anchor_accuracy_m: float
    projection: str  # PROJ string of the local transverse Mercator
    curb_bearing_deg: float
    curb_tolerance_m: float
    oval_semi_x: float
    oval_semi_y: float
    oval_size_tolerance: float  # fraction of the oval's size that is uncertain
    conference_x: tuple[float, float]
    conference_y: tuple[float, float]
    conference_tolerance_m: float
    landmarks: dict[str, tuple[float, float]]

    # --- between the frame and the local tmerc (east, north) -----------------------------------

    def to_local(self, x: float, y: float) -> tuple[float, float]:
        """Frame (x along the curb, y north of it) to tmerc (east, north) metres."""
        t = math.radians(self.curb_bearing_deg)
        return x * math.sin(t) - y * math.cos(t), x * math.cos(t) + y * math.sin(t)

    def from_local(self, east: float, north: float) -> tuple[float, float]:
        t = math.radians(self.curb_bearing_deg)
        return east * math.sin(t) + north * math.cos(t), -east * math.cos(t) + north * math.sin(t)

    def offset(self, x: float, y: float, bearing_deg: float, range_m: float) -> tuple[float, float]:
        """The point `range_m` from (x, y) toward the true bearing `bearing_deg`."""
        rel = math.radians(bearing_deg - self.curb_bearing_deg)
        return x + range_m * math.cos(rel), y - range_m * math.sin(rel)

    # --- facts in the frame --------------------------------------------------------------------

    def side(self, y: float, unc: float) -> tuple[str, str]:
        tol = self.curb_tolerance_m + unc
        where = _fmt_y(y, unc)
        if y > tol:
            return "north", f"{where} north of the curb (JSA frame, schematic)"
        if y < -tol:
            return "south", f"{where} south of the curb (JSA frame, schematic)"
        return "indeterminate", (
            f"{where} from the curb, inside its {tol:g} m tolerance (the curb is 50 cm wide"
            + (f", plus the position's {unc:g} m uncertainty)" if unc else ")")
        )

    def in_oval(self, x: float, y: float, extra_tol: float) -> Tri:
        """Inside the schematic 800 x 400 m JSA oval? Its size is uncertain by a fraction,
        and `extra_tol` metres (anchor accuracy, position uncertainty) widen that band."""
        a, b, f = self.oval_semi_x, self.oval_semi_y, self.oval_size_tolerance
        size = f"schematic {2 * a:g} x {2 * b:g} m oval, size ±{f:.0%}"
        if (x / (a * (1 + f) + extra_tol)) ** 2 + (y / (b * (1 + f) + extra_tol)) ** 2 > 1.0:
            return no(f"outside the JSA ({_xy(x, y)} in the JSA frame; {size})")
        ai, bi = a * (1 - f) - extra_tol, b * (1 - f) - extra_tol
        if ai > 0 and bi > 0 and (x / ai) ** 2 + (y / bi) ** 2 <= 1.0:
            return yes(f"inside the JSA ({_xy(x, y)} in the JSA frame; {size})")
        return indeterminate(f"{_xy(x, y)} is near the edge of the JSA ({size}; no official "
                             "JSA polygon is published"
                             + (f"; {extra_tol:g} m position uncertainty)" if extra_tol else ")"))

    def in_conference(self, x: float, y: float, extra_tol: float) -> Tri:
        """Inside the schematic conference-row rectangle, with its tolerance."""
        tol = self.conference_tolerance_m + extra_tol
        (x0, x1), (y0, y1) = self.conference_x, self.conference_y
        if x0 + tol <= x <= x1 - tol and y0 + tol <= y <= y1 - tol:
            return yes(f"inside the conference-row area ({_xy(x, y)}; schematic rectangle)")
        if x < x0 - tol or x > x1 + tol or y < y0 - tol or y > y1 + tol:
            return no(f"outside the conference-row area ({_xy(x, y)}; schematic rectangle)")
        return indeterminate(f"{_xy(x, y)} is within {tol:g} m of the edge of the schematic "
                             "conference-row area")


def load(path: Path = FRAME_FILE) -> JsaFrame:
    with open(path, encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    oval, conf = raw["jsa_oval"], raw["conference_area"]
    return JsaFrame(
        origin_lon=float(raw["origin"]["lon"]),
        origin_lat=float(raw["origin"]["lat"]),
        anchor_accuracy_m=float(raw["origin"]["accuracy_m"]),
        projection=raw["projection"],
        curb_bearing_deg=float(raw["curb_bearing_deg"]),
        curb_tolerance_m=float(raw["curb"]["side_tolerance_m"]),
        oval_semi_x=float(oval["width_m"]) / 2,
        oval_semi_y=float(oval["length_m"]) / 2,
        oval_size_tolerance=float(oval["size_tolerance_fraction"]),
        conference_x=(float(conf["x_m"][0]), float(conf["x_m"][1])),
        conference_y=(float(conf["y_m"][0]), float(conf["y_m"][1])),
        conference_tolerance_m=float(conf["tolerance_m"]),
        landmarks={lm["id"]: (float(lm["xy"][0]), float(lm["xy"][1])) for lm in raw["landmarks"]},
    )


def _fmt_y(y: float, unc: float) -> str:
    text = f"{abs(y):.1f} m" if abs(y) < 10 else f"{abs(y):.0f} m"
    return f"{text} ± {unc:g} m" if unc else text


def _xy(x: float, y: float) -> str:
    return f"({x:.0f}, {y:.0f}) m"
