"""Where the data shipped inside the package lives (the wheel keeps the same layout)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
GEO_DIR = PACKAGE_DIR / "data" / "geo"  # LSIB lines, JSA frame, CMA zones, sea lines
