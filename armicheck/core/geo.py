"""The shipped lines as data, and EPSG:5179 in plain Python, for reports.

Reporters import only `armicheck.core` (tests/test_layers.py), so they cannot use the spatial
stage's pyproj. Drawing needs no more than the forward projection: `to_5179` is the
Transverse Mercator of EPSG:5179 (Korea 2000 / Unified CS: GRS 80, latitude of origin 38°N,
central meridian 127.5°E, scale 0.9996, false easting 1,000,000 m, false northing
2,000,000 m) by Krüger's series to the sixth order, which agrees with pyproj to well under a
millimetre over Korea (tests/test_html.py compares them).
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

from armicheck.core.data import GEO_DIR

# GRS 80 and the EPSG:5179 projection parameters
_A, _F = 6378137.0, 1 / 298.257222101
_LAT0, _LON0, _K0, _FE, _FN = 38.0, 127.5, 0.9996, 1_000_000.0, 2_000_000.0
_N = _F / (2 - _F)
_RECT = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64 + _N**6 / 256)  # rectifying radius
_ALPHA = (
    _N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16 + 41 * _N**4 / 180 - 127 * _N**5 / 288
    + 7891 * _N**6 / 37800,
    13 * _N**2 / 48 - 3 * _N**3 / 5 + 557 * _N**4 / 1440 + 281 * _N**5 / 630
    - 1983433 * _N**6 / 1935360,
    61 * _N**3 / 240 - 103 * _N**4 / 140 + 15061 * _N**5 / 26880 + 167603 * _N**6 / 181440,
    49561 * _N**4 / 161280 - 179 * _N**5 / 168 + 6601661 * _N**6 / 7257600,
    34729 * _N**5 / 80640 - 3418889 * _N**6 / 1995840,
    212378941 * _N**6 / 319334400,
)
_E2N = 2 * math.sqrt(_N) / (1 + _N)  # the eccentricity, e


def _xi_eta(lon: float, lat: float) -> tuple[float, float]:
    phi, lam = math.radians(lat), math.radians(lon - _LON0)
    t = math.sinh(math.atanh(math.sin(phi)) - _E2N * math.atanh(_E2N * math.sin(phi)))
    xi_p = math.atan2(t, math.cos(lam))
    eta_p = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    xi, eta = xi_p, eta_p
    for j, alpha in enumerate(_ALPHA, 1):
        xi += alpha * math.sin(2 * j * xi_p) * math.cosh(2 * j * eta_p)
        eta += alpha * math.cos(2 * j * xi_p) * math.sinh(2 * j * eta_p)
    return xi, eta


_XI0 = _xi_eta(_LON0, _LAT0)[0]


def to_5179(lon: float, lat: float) -> tuple[float, float]:
    """(easting, northing) in metres, EPSG:5179, of a WGS 84 longitude and latitude (GRS 80
    and WGS 84 differ by a tenth of a millimetre here)."""
    xi, eta = _xi_eta(lon, lat)
    return _FE + _K0 * _RECT * eta, _FN + _K0 * _RECT * (xi - _XI0)


@cache
def _collection(name: str) -> tuple[dict[str, Any], ...]:
    with open(GEO_DIR / name, encoding="utf-8") as handle:
        return tuple(json.load(handle)["features"])


@cache
def _json(name: str) -> dict[str, Any]:
    with open(GEO_DIR / name, encoding="utf-8") as handle:
        return dict(json.load(handle))


def line(feature_id: str) -> tuple[tuple[float, float], ...]:
    """A shipped line's (lon, lat) vertices: `mdl` (LSIB), `dmz-north-limit`,
    `dmz-south-limit`, `west-sea-nll`, `east-sea-nll`, `dprk-west-sea-mdl-1999`."""
    for name in ("korea-mdl.geojson", "korea-dmz-limits.geojson", "sea-lines.geojson"):
        for feature in _collection(name):
            if feature.get("id") == feature_id:
                return tuple((float(x), float(y)) for x, y in feature["geometry"]["coordinates"])
    raise KeyError(feature_id)


def line_properties(feature_id: str) -> dict[str, Any]:
    for name in ("korea-mdl.geojson", "korea-dmz-limits.geojson", "sea-lines.geojson"):
        for feature in _collection(name):
            if feature.get("id") == feature_id:
                return dict(feature["properties"])
    raise KeyError(feature_id)


LAND_LINES = ("mdl", "dmz-north-limit", "dmz-south-limit")
SEA_LINES = ("west-sea-nll", "east-sea-nll", "dprk-west-sea-mdl-1999")


def cma_zones() -> dict[str, Any]:
    """`cma-zones.json`: the CMA's bands and sea buffer zones (approximate)."""
    return _json("cma-zones.json")


def jsa_frame() -> dict[str, Any]:
    """`jsa-frame.json`: the JSA's schematic local frame, its landmarks and areas."""
    return _json("jsa-frame.json")


# The CMA's zones are drawn for dates from its entry into force (1 November 2018, Art. 1 (2),
# (3)) until the ROK suspended the whole agreement (4 June 2024): cma-zones.json status_note.
# Whether a zone *rule* applied on a date is the rule packs' business; this is only the map.
CMA_DRAWN = ("2018-11-01", "2024-06-04")


def in_cma_period(day: str | None) -> bool:
    """Whether an incident date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) may fall in the period the
    CMA's zones are drawn for."""
    if not day:
        return False
    first, last = CMA_DRAWN
    return first[: len(day)] <= day <= last[: len(day)]
