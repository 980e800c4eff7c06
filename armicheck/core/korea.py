"""What is specific to the Korean armistice regime, in one place: the parties and their home
halves, north and south of the MDL, the planar projection and the lines shipped with armicheck.

A later pack format may declare its own geography and parties; until then every stage reads
them from here.
"""

from __future__ import annotations

# The two sides of the Armistice (an incident's actor `side`) and the half of the peninsula
# each holds: the UNC side south of the MDL, the KPA/CPV side north of it.
PARTY_SIDES = ("unc", "kpa")
HOME_SIDE = {"unc": "south", "kpa": "north"}
OPPOSING_SIDE = {"unc": "kpa", "kpa": "unc"}
HALVES = ("north", "south")  # of the MDL
OTHER_HALF = {"north": "south", "south": "north"}

# The forces an actor may belong to (`force`), and those that are a side's armed forces.
FORCES = ["ROK", "US", "UNC", "KPA", "CPV", "DPRK", "NNSC", "unknown"]
ARMED_FORCES = {"ROK", "US", "UNC", "KPA", "CPV", "DPRK"}
# The parties a determination or claim may name.
PARTIES = ["unc", "kpa", "rok", "dprk", "us", "cpv"]

# Everything planar happens in EPSG:5179 (KGD2002 / Unified CS).
PLANAR_CRS = "EPSG:5179"
# The peninsula and its seas (lon, lat bounds). EPSG:5179 is defined for 122.7-134.3 E,
# 28.6-40.3 N and degrades slowly beyond; far outside this window the planar answers would
# be meaningless, so such positions get no side and no crossing.
AREA = (120.0, 30.0, 135.0, 44.0)

# Coordinates an incident may give: the peninsula and its seas (the westmost islands by
# 124.1 E, Dokdo 131.9 E, Mara-do 33.1 N, the northern border by 43.0 N), with a margin.
# Coordinates beyond are a typo (swapped digits, latitude for longitude), and the MDL's
# geometry would still answer for them, wrongly: validation refuses them.
KOREA_BOX = (123.0, 32.0, 132.5, 44.0)  # lon min, lat min, lon max, lat max

# The lines and zones shipped in armicheck/data/geo (sources in its README).
MDL_FILE = "korea-mdl.geojson"  # the MDL (LSIB)
DMZ_LIMITS_FILE = "korea-dmz-limits.geojson"  # the DMZ's north and south limits
SEA_LINES_FILE = "sea-lines.geojson"  # the NLL and the CMA sea lines (approximate)
CMA_ZONES_FILE = "cma-zones.json"  # CMA 2018 buffer and no-fly zones
JSA_FRAME_FILE = "jsa-frame.json"  # the JSA's local x/y frame
