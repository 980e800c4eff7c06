"""`--format html`: structure without a browser (well-formed SVG, nothing loaded from the
network, the CSP, a known LSIB vertex where it belongs, one mark per event, escaping), then
the page in a real browser (tests/test_html_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from armicheck.core import geo
from armicheck.report import html
from tests.conftest import DEFECTION_2017, INCIDENTS, MINES_2015, MINIMAL, ROOT, run_cli

SVG_NS = "{http://www.w3.org/2000/svg}"
FORMAT11 = ROOT / "tests" / "format11"
PLACES = ROOT / "tests" / "format11_places"


def page_of(*paths: Path | str, tmp: Path) -> str:
    out = tmp / "report.html"
    result = run_cli("evaluate", *map(str, paths), "-f", "html", "-o", str(out),
                     "--fail-on", "never")
    assert result.code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def json_of(*paths: Path | str) -> dict[str, Any]:
    return run_cli("evaluate", *map(str, paths), "-f", "json", "--fail-on", "never").json()


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, re.S)]


def sections(page: str) -> list[str]:
    return re.findall(r"<section class=incident.*?</section>", page, re.S)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> str:
    return page_of(INCIDENTS, PLACES / "nll-north-10km.yaml",
                   FORMAT11 / "2010-11-23-yeonpyeong-shelling.yaml",
                   tmp=tmp_path_factory.mktemp("html"))


def test_the_projection_is_epsg_5179_as_pyproj_computes_it() -> None:
    from pyproj import Transformer

    exact = Transformer.from_crs(4326, 5179, always_xy=True)
    for lon, lat in [*geo.line("mdl"), *geo.line("west-sea-nll"), (124.6, 33.1), (131.0, 43.0)]:
        mine, theirs = geo.to_5179(lon, lat), exact.transform(lon, lat)
        assert mine == pytest.approx(theirs, abs=1e-3)


def test_every_svg_is_well_formed_and_nothing_loads_from_the_network(shipped: str) -> None:
    found = svgs(shipped)
    assert len(found) >= 3 * 7  # overview, local map, timeline per incident
    assert not re.search(r"\bsrc\s*=", shipped, re.I)
    assert not re.search(r"<link\b|<img\b|<iframe\b|<object\b|<embed\b|@import", shipped, re.I)
    assert not re.search(r"url\(\s*(?!#)", shipped)  # only fragment references: url(#clip)
    # every href to the web is an ordinary link on an <a>, nothing else
    for tag in re.findall(r"<(\w+)[^>]*\bhref=\"https?:", shipped):
        assert tag == "a"


def test_the_csp_blocks_every_fetch_and_allows_only_the_page_own_style_and_script(
        shipped: str) -> None:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', shipped)
    assert meta, "no CSP"
    csp = meta.group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    (style,) = re.findall(r"<style>(.*?)</style>", shipped, re.S)
    (script,) = re.findall(r"<script>(.*?)</script>", shipped, re.S)

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"style-src 'sha256-{digest(style)}'" in csp
    assert f"script-src 'sha256-{digest(script)}'" in csp
    assert not re.search(r"\sstyle=|\son\w+=", shipped)  # no inline style or handler: blocked


def test_a_known_lsib_vertex_is_at_its_svg_point(shipped: str) -> None:
    """The MDL's first LSIB vertex (its west end) on the overview map: where pyproj puts it,
    through the overview's frame, and at the pixel recorded when the map was made."""
    from pyproj import Transformer

    overview = next(s for s in svgs(shipped) if s.get("class") == "overview")
    (path,) = [p for p in overview.iter(f"{SVG_NS}path") if p.get("id") == "i0-ov-mdl"]
    first = [float(v) for v in re.match(r"M([\d.]+),([\d.]+)", path.get("d")).groups()]
    lon, lat = geo.line("mdl")[0]
    assert (lon, lat) == pytest.approx((126.6903, 37.8429), abs=1e-3)  # the LSIB west end
    frame = html.overview_frame()
    east, north = Transformer.from_crs(4326, 5179, always_xy=True).transform(lon, lat)
    expected = ((east - frame.west) * frame.scale + frame.pad,
                (frame.north - north) * frame.scale + frame.pad)
    assert first == pytest.approx(expected, abs=0.06)
    assert first == pytest.approx([181.5, 95.0], abs=0.5)  # recorded: the map did not move


def test_one_mark_per_event_on_the_timeline_the_local_map_and_in_the_tables(
        shipped: str) -> None:
    doc = json_of(INCIDENTS, PLACES / "nll-north-10km.yaml",
                  FORMAT11 / "2010-11-23-yeonpyeong-shelling.yaml")
    for entry, section in zip(doc["incidents"], sections(shipped), strict=True):
        n_events = len(yaml.safe_load(Path(ROOT / entry["path"]).read_text())["events"])
        drawings = {svg.get("class"): svg for svg in reversed(svgs(section))}  # the first of each
        local, timeline = drawings.get("local"), drawings["timeline"]
        marks = [g.get("data-ev") for g in timeline.iter(f"{SVG_NS}g")
                 if g.get("class") == "mark"]
        assert len(marks) == len(set(marks)) == n_events, entry["path"]
        rows = re.findall(r"<tr data-ev=\"([^\"]+)\" tabindex=0", section)
        if local is None:  # nothing to draw to scale: the page says so, the table has it all
            assert "No local map: no position in the file has coordinates or a distance" \
                in section and not any(q.get("lat") is not None or q.get("mdl_distance_m")
                                       for p in entry["positions"] for q in p["points"])
            assert len(rows) == 2 * n_events, entry["path"]  # the two tables all the same
            continue
        drawn = [g.get("data-ev") for g in local.iter(f"{SVG_NS}g") if g.get("class") == "mark"]
        if "EPSG:5179" in local.findtext(f"{SVG_NS}title"):  # to scale: located points
            drawable = {p["event"] for p in entry["positions"]
                        if any(q.get("lat") is not None for q in p["points"])}
        else:  # the cross-section: distances from the MDL, or a side
            drawable = {p["event"] for p in entry["positions"]
                        if any(q.get("mdl_distance_m") or q.get("frame") == "jsa"
                               or q.get("side") in ("north", "south") for q in p["points"])}
        assert sorted(drawn) == sorted(drawable), entry["path"]
        assert len(rows) == 2 * n_events  # beside the overview and beside the local map


def test_the_jsa_incident_gets_the_schematic_and_fire_is_an_arrow(shipped: str) -> None:
    section = next(s for s in sections(shipped) if "2017-11-13-jsa-defection" in s)
    _, local, _ = svgs(section)[:3]
    assert "JSA schematic" in local.findtext(f"{SVG_NS}title")
    assert "Freedom House" in section and "SCHEMATIC" in section
    shots = next(g for g in local.iter(f"{SVG_NS}g") if g.get("data-ev") == "shots")
    assert any(line.get("marker-end") for line in shots.iter(f"{SVG_NS}line"))
    run = next(g for g in local.iter(f"{SVG_NS}g") if g.get("data-ev") == "run")
    assert any("crosses the MDL" in (p.findtext(f"{SVG_NS}title") or "")
               for p in run.iter(f"{SVG_NS}path"))


def test_sea_positions_are_to_scale_with_uncertainty_and_direction_only_fire_dashed(
        shipped: str) -> None:
    section = next(s for s in sections(shipped) if "f11-nll-north-10km" in s)
    overview, local, _ = svgs(section)[:3]
    assert "EPSG:5179" in local.findtext(f"{SVG_NS}title")
    toward = next(g for g in local.iter(f"{SVG_NS}g") if g.get("data-ev") == "toward-island")
    assert any(line.get("stroke-dasharray") for line in toward.iter(f"{SVG_NS}line"))
    circles = [c for c in local.iter(f"{SVG_NS}circle") if float(c.get("r")) > 10]
    assert circles  # uncertainty drawn to scale
    assert "NLL: not an Armistice line" in section
    assert "CMA zones" in section  # 2019: in the CMA period
    mines = next(s for s in sections(shipped) if "2015-08-04-paju-dmz-landmines" in s)
    assert "CMA zones" not in mines


def test_untimed_events_are_whole_day_bars(shipped: str) -> None:
    section = next(s for s in sections(shipped) if "2017-11-13-jsa-defection" in s)
    _, _, timeline = svgs(section)[:3]
    brief = next(g for g in timeline.iter(f"{SVG_NS}g") if g.get("data-ev") == "brief-crossing")
    bar = brief.find(f"{SVG_NS}rect")
    assert bar is not None and bar.get("stroke-dasharray")  # the whole day, hatched
    shots = next(g for g in timeline.iter(f"{SVG_NS}g") if g.get("data-ev") == "shots")
    assert shots.find(f"{SVG_NS}circle") is not None  # a stated time: an instant
    zoom = svgs(section)[3]  # the whole day squeezes the timed events: they get their own
    assert "timed events alone" in zoom.findtext(f"{SVG_NS}title")
    assert "brief-crossing" not in [g.get("data-ev") for g in zoom.iter(f"{SVG_NS}g")]


def test_cards_carry_whole_clauses_evidence_and_the_determination(shipped: str) -> None:
    doc = json_of(DEFECTION_2017)["incidents"][0]
    section = next(s for s in sections(shipped) if "2017-11-13-jsa-defection" in s)
    cards = re.findall(r"<article class=\"card.*?</article>", section, re.S)
    assert len(cards) == len(doc["findings"])
    from html import escape

    for card, f in zip(cards, doc["findings"], strict=True):
        for c in f["clauses"]:
            assert escape(c["text"]) in card and c["text_status"] in card
        assert "Sources' grade" in card
        for ev in f["evidence"]:
            if ev.get("quote"):
                assert escape(ev["quote"]) in card
    fire = cards[[f["rule_id"] for f in doc["findings"]].index("KAA-I-6-FIRE")]
    assert "<span class=agree>agrees</span>" in fire
    arms = cards[[f["rule_id"] for f in doc["findings"]].index("JSA53-ARMS")]
    assert "Determined by no body" in arms


def test_incident_text_is_escaped(tmp_path: Path) -> None:
    hostile = MINIMAL.replace("title: A test incident",
                              "title: \"<script>alert('x')</script> & <b>bold</b>\\x01\"")
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    page = page_of(path, tmp=tmp_path)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in page
    assert page.count("<script>") == 1  # the page's own
    for svg in svgs(page):  # still well-formed
        assert svg.tag == f"{SVG_NS}svg"


def test_the_contract_carries_events_and_place_only_for_html() -> None:
    plain = json_of(DEFECTION_2017)["incidents"][0]
    assert "events" not in plain and "place" not in plain  # JSON output as before
    from armicheck.packs import load_builtin
    from armicheck.run.check import Options, check_file

    drawn = check_file(str(DEFECTION_2017), load_builtin(), Options(drawing=True))
    assert [ev["event"] for ev in drawn["events"]][:3] == ["drive", "pursuers-move", "run"]
    brief = next(ev for ev in drawn["events"] if ev["event"] == "brief-crossing")
    assert brief["timed"] is False and brief["start"].startswith("2017-11-13T00:00:00+09:00")
    assert drawn["place"]["zone"] == "jsa"


def test_more_than_50_incidents_need_a_directory(tmp_path: Path) -> None:
    entry = {"path": "x.yaml", "id": "x", "title": "t", "findings": [], "errors": []}
    doc = {"incidents": [dict(entry, path=f"{i}.yaml", id=f"i{i}") for i in range(51)],
           "summary": None}
    with pytest.raises(html.TooMany, match="-o DIR/"):
        html.render_html(doc)
    written = html.write_directory(doc, tmp_path / "out")
    assert written[0].name == "index.html" and len(written) == 52
    index = written[0].read_text(encoding="utf-8")
    assert index.count("<tr class=inc ") == 51 and 'href="i50.html#i0"' in index


def test_a_directory_output_writes_an_index_and_a_page_per_incident(tmp_path: Path) -> None:
    target = tmp_path / "site"
    result = run_cli("evaluate", str(INCIDENTS), "-f", "html", "-o", f"{target}/",
                     "--fail-on", "never")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in target.iterdir())
    assert "index.html" in names and len(names) == 1 + len(list(INCIDENTS.glob("*.yaml")))
    page = (target / "2015-08-04-paju-dmz-landmines.html").read_text(encoding="utf-8")
    assert "KAA-I-6-MINES" in page and len(sections(page)) == 1


def test_the_size_per_incident_is_tens_of_kilobytes(shipped: str) -> None:
    per = len(shipped.encode()) / len(sections(shipped))
    assert 5_000 < per < 80_000, per


def test_the_html_goes_where_the_suffix_says(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run_cli("evaluate", str(MINES_2015), "-f", "sarif", "-o", str(tmp_path / "x.sarif"),
                     "-f", "html", "-o", str(out))
    assert result.code == 1 and out.read_text().startswith("<!DOCTYPE html>")
    assert json.loads((tmp_path / "x.sarif").read_text())["version"] == "2.1.0"
