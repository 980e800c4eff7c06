"""Copy the research gazetteer into armicheck/data/geo/places.yaml, with the review applied.

    python tools/import_gazetteer.py /work/gazetteer/places.yaml

The review (issue 15): an entry ships only with a public source that gives its coordinates.
Entries whose source was a project file quoting a public document point at that document
instead; entries whose coordinates no public source was seen to give are dropped. Every
change is listed in REVIEW and printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "armicheck" / "data" / "geo" / "places.yaml"
ARMISTICE = {
    "url": "https://www.gutenberg.org/ebooks/65011",
    "title": "Korean Armistice Agreement, in Appendix H of U.S. Marine Operations in Korea "
             "1950-1953, Vol. V (HQ USMC, 1972), Project Gutenberg #65011 (the text kept in "
             "tests/data/usmc-v5-appH.yaml)",
}
REVIEW = {
    "socheong-do": ("source", ARMISTICE, "the Armistice text itself, not the project file "
                    "that transcribes it"),
    "u-do": ("source", ARMISTICE, "as socheong-do"),
    "panmunjom-1953": ("source", ARMISTICE, "as socheong-do"),
    "axe-murder-site": ("source", {
        "url": "https://tripomatic.com/no/poi/operasjon-paul-bunyan-poi:8409287",
        "title": "Operasjon Paul Bunyan (Tripomatic travel guide point of interest), as "
                 "quoted in the project's incident notes; the page itself was not opened"},
        "the travel site that gives the coordinates, not the project note quoting it"),
    "freedom-house": ("drop", None, "its only source is an unnamed visitor's GPS reading "
                      "quoted in the project's notes; no public page giving it was opened"),
}


def main(src: str) -> None:
    places = yaml.safe_load(Path(src).read_text(encoding="utf-8"))
    kept = []
    for entry in places:
        action, value, why = REVIEW.get(entry["id"], (None, None, ""))
        if action == "drop":
            print(f"dropped {entry['id']}: {why}")
            continue
        if action == "source":
            entry["source"] = {**entry["source"], **value}
            print(f"source of {entry['id']}: {why}")
        kept.append(entry)
    header = ("# Gazetteer of places named in Korean DMZ / NLL incident reports (armicheck\n"
              "# format 1.1 positions `{place: ID}`). Every coordinate is read from the public\n"
              "# source in `source` (`says`: the text as shown there); WGS 84 decimal degrees.\n"
              "# Collected for issue 15 and reviewed on import (tools/import_gazetteer.py);\n"
              "# see README.md beside this file.\n")
    body = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=100)
    OUT.write_text(header + body, encoding="utf-8")
    print(f"wrote {len(kept)} places to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
