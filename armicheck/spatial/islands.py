"""The northwest islands of Armistice ¶13(b): UNC-held although they lie beyond the MDL's
western end, where no line is drawn."""

from __future__ import annotations

import math

from armicheck.core.tri import Tri, indeterminate, no, yes
from armicheck.spatial.model import PositionFacts

# These northwest islands stay under UNC military control although they lie
# beyond the MDL's western end, where no line is drawn. Approximate centres and radii (km),
# enough to say that fire landing there lands on the UNC side's area; edges are indeterminate.
UNC_ISLANDS = (("Baengnyeong-do", 37.960, 124.665, 5.0), ("Daecheong-do", 37.828, 124.705, 3.0),
               ("Socheong-do", 37.765, 124.760, 3.5), ("Yeonpyeong-do", 37.660, 125.700, 3.5),
               ("U-do", 37.607, 125.980, 1.5))
ISLAND_EDGE_KM = 2.0

def _km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# a box around every island's outline and its uncertain edge (0.25° ~ 22 km of margin)
ISLANDS_BOX = (min(i[2] for i in UNC_ISLANDS) - 0.25, min(i[1] for i in UNC_ISLANDS) - 0.25,
               max(i[2] for i in UNC_ISLANDS) + 0.25, max(i[1] for i in UNC_ISLANDS) + 0.25)


def on_unc_island(p: PositionFacts) -> Tri:
    if p.lonlat is None or p.kind != "wgs84":
        return no("no coordinates")
    lon, lat = p.lonlat
    if not (ISLANDS_BOX[0] <= lon <= ISLANDS_BOX[2] and ISLANDS_BOX[1] <= lat <= ISLANDS_BOX[3]):
        return no("not by one of the northwest islands of ¶13(b)")  # cheap: most points
    for name, ilat, ilon, radius in UNC_ISLANDS:
        d = _km_between(lon, lat, ilon, ilat)
        if d <= radius:
            return yes(f"on or by {name} ({d:.1f} km from its centre), an island under UNC "
                       "military control (Armistice ¶13(b))")
        if d <= radius + ISLAND_EDGE_KM:
            return indeterminate(f"{d:.1f} km from the centre of {name} (¶13(b), UNC side): "
                                 "near the edge of its approximate outline")
    return no("not by one of the northwest islands of ¶13(b)")
