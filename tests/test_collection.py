"""The collection at a glance (issue 19): the run summary's breakdowns in the JSON contract,
recounted here from the findings; the same numbers in markdown; the HTML collection page's
marks, links and charts without a browser (tests/test_html_browser.py opens it in one)."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from armicheck.core.summary import RunSummary, collection_record, document
from tests.conftest import INCIDENTS, MINIMAL, ROOT, run_cli

SCHEMA = json.loads((ROOT / "armicheck" / "schemas" / "findings.schema.json").read_text())
STATUSES = ("violation", "possible-violation", "exception-applied")


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    result = run_cli("evaluate", str(INCIDENTS), "-f", "json", "--fail-on", "never")
    assert result.code == 0, result.stderr
    return result.json()


def minimal(folder: Path, name: str = "minimal.yaml", title: str | None = None,
            date: str | None = None) -> Path:
    """conftest's MINIMAL incident in a file, with another title or date."""
    text = MINIMAL
    if title is not None:
        text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {title}", text, count=1)
    if date is not None:
        text = re.sub(r"(?m)^date: .*$", f"date: '{date}'", text, count=1)
        text = text.replace('time: "15:15", ', "")  # a time needs a full date
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def recount(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The breakdowns counted here, the plain way, from the findings and determinations."""
    by_year: dict[str, Counter[str]] = {}
    by: dict[str, dict[str, Counter[str]]] = {k: {} for k in (
        "by_side", "by_force", "by_category", "by_instrument")}
    verdicts: Counter[str] = Counter()
    for entry in entries:
        year = str(entry.get("date") or "")[:4] or "not stated"
        statuses = [f["status"] for f in entry["findings"]]
        worst = "invalid" if entry["errors"] else next(
            (s for s in STATUSES if s in statuses), "none")
        by_year.setdefault(year, Counter())[worst] += 1
        for f in entry["findings"]:
            by["by_side"].setdefault(f["side"], Counter())[f["status"]] += 1
            for force in f["forces"] or ["not stated"]:
                by["by_force"].setdefault(force, Counter())[f["status"]] += 1
            by["by_category"].setdefault(f["category"], Counter())[f["status"]] += 1
            by["by_instrument"].setdefault(f["instrument"], Counter())[f["status"]] += 1
        for det in entry.get("determinations") or []:
            for row in det["findings"]:
                verdicts["agreed" if row["agreed"] else "disagreed"
                         if row.get("compared", True) else "not-comparable"] += 1
    return {"by_year": by_year, "by": by, "verdicts": verdicts}


def test_the_run_summary_breakdowns_are_the_findings_counted(doc: dict[str, Any]) -> None:
    jsonschema.validate(doc, SCHEMA)
    summary, expected = doc["summary"], recount(doc["incidents"])
    assert doc["schema_version"] == "1.3"
    assert {y: sum(row["worst"].values()) for y, row in summary["by_year"].items()} == \
        {y: row["incidents"] for y, row in summary["by_year"].items()}
    assert {y: Counter({k: v for k, v in row["worst"].items() if v})
            for y, row in summary["by_year"].items()} == expected["by_year"]
    for key, table in expected["by"].items():
        assert {k: Counter({s: n for s, n in v.items() if n})
                for k, v in summary[key].items()} == table, key
    # every finding is counted once by side, category and instrument
    for key in ("by_side", "by_category", "by_instrument"):
        for status in STATUSES:
            assert sum(v[status] for v in summary[key].values()) == summary[status]
    agreement = summary["agreement"]
    assert Counter({k: agreement[k] for k in ("agreed", "disagreed", "not-comparable")
                    if agreement[k]}) == expected["verdicts"]
    assert len(agreement["disagreements"]) == agreement["disagreed"] >= 1
    for row in agreement["disagreements"]:  # each points at its determination row
        entry = next(e for e in doc["incidents"] if e["path"] == row["path"])
        det = entry["determinations"][row["determination"]]
        found = det["findings"][row["row"]]
        assert (det["body"], found["party"], found["reason"], found["agreed"]) == \
            (row["body"], row["party"], row["reason"], False)


def test_streamed_and_parallel_runs_give_the_same_summary(doc: dict[str, Any],
                                                          tmp_path: Path) -> None:
    """A --jobs worker sends a small record instead of the entry: the sums are the same."""
    out = tmp_path / "two.json"
    result = run_cli("evaluate", str(INCIDENTS), "-f", "json", "-o", str(out), "-f", "jsonl",
                     "--jobs", "2", "--fail-on", "never")
    assert result.code == 0, result.stderr
    assert json.loads(out.read_text())["summary"] == doc["summary"]
    built = document(doc["incidents"])["summary"]
    assert built == doc["summary"]
    tally = RunSummary()
    for entry in doc["incidents"]:
        tally.add({"path": entry["path"], "errors": entry["errors"],
                   "statuses": [f["status"] for f in entry["findings"]],
                   "collection": collection_record(entry)})
    assert tally.as_json() == doc["summary"]


def test_an_invalid_or_undated_file_is_counted_not_lost(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("armicheck: 1\nid: [\n", encoding="utf-8")
    month = minimal(tmp_path, "month.yaml", date="2016-08")
    summary = run_cli("evaluate", str(bad), str(month), str(minimal(tmp_path)), "-f",
                      "json").json()["summary"]
    assert summary["by_year"]["not stated"] == {"incidents": 1, "worst": {
        "violation": 0, "possible-violation": 0, "exception-applied": 0, "none": 0,
        "invalid": 1}}
    assert summary["by_year"]["2016"]["incidents"] == 1
    assert sum(row["incidents"] for row in summary["by_year"].values()) == 3


def test_sarif_keeps_the_totals_only(tmp_path: Path) -> None:
    sarif = run_cli("evaluate", str(INCIDENTS), "-f", "sarif", "--fail-on", "never").json()
    summary = sarif["runs"][0]["properties"]["summary"]
    assert set(summary) == {"incidents", *STATUSES, "errors"}


def test_markdown_has_the_same_numbers_in_a_summary_section(doc: dict[str, Any],
                                                            tmp_path: Path) -> None:
    text = run_cli("evaluate", str(INCIDENTS), "-f", "markdown", "--fail-on", "never").stdout
    section = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (\d{4}) \| (\d+) \|", section, re.M))
    assert rows == {y: str(v["incidents"]) for y, v in doc["summary"]["by_year"].items()}
    side = section.split("Findings by side:", 1)[1].split("Findings by force:", 1)[0]
    for name, counts in doc["summary"]["by_side"].items():
        assert (f"| {name} | {counts['violation']} | {counts['possible-violation']} | "
                f"{counts['exception-applied']} | {sum(counts.values())} |") in side
    agreement = doc["summary"]["agreement"]
    assert f"{agreement['agreed']} agreed, {agreement['disagreed']} disagreed" in section
    assert section.count("the tool disagrees:") == agreement["disagreed"]
    one = run_cli("evaluate", str(minimal(tmp_path)), "-f", "markdown", "--fail-on",
                  "never").stdout
    assert "## Summary" not in one


# --- the HTML collection page, without a browser ----------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("collection") / "site"
    result = run_cli("evaluate", str(INCIDENTS), "-f", "html", "-o", f"{target}/",
                     "--fail-on", "never")
    assert result.code == 0, result.stderr
    return target


def svg_of(page: str, cls: str) -> ET.Element:
    (found,) = [m for m in re.findall(r"<svg\b.*?</svg>", page, re.S)
                if re.match(rf'<svg[^>]*class="{cls}"', m)]
    return ET.fromstring(found)


def marks(svg: ET.Element) -> list[ET.Element]:
    return [a for a in svg.iter(f"{SVG_NS}a") if "imark" in a.get("class", "")]


def test_every_incident_is_one_mark_on_the_map_and_on_the_time_axis(
        site: Path, doc: dict[str, Any]) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    pages = {p.name for p in site.iterdir()} - {"index.html"}
    n = len(doc["incidents"])
    for cls in ("collection-map", "time-axis"):
        svg = svg_of(index, cls)
        found = marks(svg)
        assert len(found) == n, cls
        linked = {a.get("href").split("#")[0] for a in found}
        assert linked == pages, cls  # one mark per incident, each to its own page
        width, height = (float(v) for v in svg.get("viewBox").split()[2:])
        for a in found:  # inside the drawing, not cut off by its edge
            circle = a.find(f"{SVG_NS}circle")
            assert 0 <= float(circle.get("cx")) <= width and 0 <= float(circle.get("cy")) <= \
                height, (cls, a.get("href"))
    # the list, one row per incident, with what the filters read
    assert index.count("<tr class=inc ") == n
    # the year chart's bars add up to the incidents of each year
    bars = Counter()
    for rect in svg_of(index, "chart years").iter(f"{SVG_NS}rect"):
        title = rect.find(f"{SVG_NS}title").text
        year, count = re.match(r"(\d{4}): (\d+) incident", title).groups()
        bars[year] += int(count)
    assert bars == {y: v["incidents"] for y, v in doc["summary"]["by_year"].items()}


def test_the_time_axis_runs_from_the_armistice_to_this_year(site: Path) -> None:
    import datetime

    svg = svg_of((site / "index.html").read_text(encoding="utf-8"), "time-axis")
    title = svg.find(f"{SVG_NS}title").text
    assert title.endswith(f"1953–{datetime.date.today().year}")
    # a 1966 incident is left of a 2017 one
    x = {a.get("href").split(".html")[0][:4]: float(a.find(f"{SVG_NS}circle").get("cx"))
         for a in marks(svg)}
    assert x["1966"] < x["2017"] < x["2025"]


def test_each_disagreement_links_to_its_row(site: Path, doc: dict[str, Any]) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<ul class=disagreements>.*?</ul>', index, re.S)[0]
    hrefs = re.findall(r'href="([^"]+)"', links)
    assert len(hrefs) == doc["summary"]["agreement"]["disagreed"]
    for href in hrefs:
        page, fragment = href.split("#")
        assert f'<tr id="{fragment}"' in (site / page).read_text(encoding="utf-8")


def test_the_filters_offer_what_the_collection_holds(site: Path, doc: dict[str, Any]) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    form = re.search(r"<form id=filters class=filters hidden>(.*?)</form>", index, re.S)
    assert form, "the form is hidden until the script shows it"
    for name, key in (("side", "by_side"), ("category", "by_category"),
                      ("instrument", "by_instrument")):
        select = re.search(rf'<select name="{name}">(.*?)</select>', form.group(1)).group(1)
        assert re.findall(r'<option value="([^"]*)"', select)[1:] == sorted(doc["summary"][key])
    # each row carries its findings as side|category|instrument|status
    rows = re.findall(r'<tr class=inc data-f="([^"]*)" data-y="([^"]*)" data-w="([^"]*)"',
                      index)
    for (data, year, _), entry in zip(rows, doc["incidents"], strict=True):
        assert set(data.split(";")) - {""} == {
            f"{f['side']}|{f['category']}|{f['instrument']}|{f['status']}"
            for f in entry["findings"]}
        assert year == entry["date"][:4]


def test_one_file_report_opens_with_the_collection_and_links_within(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    paths = sorted(INCIDENTS.glob("2015*.yaml"))
    result = run_cli("evaluate", *map(str, paths), "-f", "html", "-o", str(out),
                     "--fail-on", "never")
    assert result.code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.index("class=collection") < page.index("class=incident")
    for a in marks(svg_of(page, "collection-map")):
        assert f'id="{a.get("href")[1:]}"' in page
    single = tmp_path / "one.html"
    run_cli("evaluate", str(paths[0]), "-f", "html", "-o", str(single), "--fail-on", "never")
    assert "class=collection" not in single.read_text(encoding="utf-8")


def test_incident_text_is_escaped_on_the_collection_page(tmp_path: Path) -> None:
    hostile = minimal(tmp_path, "x.yaml", title="'<script>alert(1)</script> & \"q\"'")
    out = tmp_path / "r.html"
    result = run_cli("evaluate", str(hostile), str(minimal(tmp_path)), "-f", "html", "-o",
                     str(out), "--fail-on", "never")
    assert result.code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    collection = page.split("<section class=collection", 1)[1].split("</section>", 1)[0]
    assert "<script>" not in collection and "&lt;script&gt;alert(1)" in collection
    for svg in re.findall(r"<svg\b.*?</svg>", collection, re.S):
        ET.fromstring(svg)  # still well-formed


# --- what a red team found (issue 19) ----------------------------------------------------------

def test_an_incident_with_id_index_keeps_its_own_page(tmp_path: Path) -> None:
    one = minimal(tmp_path, "a.yaml")
    one.write_text(one.read_text().replace("id: test-incident", "id: index"))
    two = minimal(tmp_path, "b.yaml")
    target = tmp_path / "site"
    result = run_cli("evaluate", str(one), str(two), str(two), "-f", "html", "-o",
                     f"{target}/", "--fail-on", "never")
    assert result.code == 0, result.stderr
    names = sorted(p.name for p in target.iterdir())
    # `index` does not overwrite the collection page; the file given twice has two pages
    assert names == ["index-2.html", "index.html", "test-incident-2.html",
                     "test-incident.html"]
    index = (target / "index.html").read_text(encoding="utf-8")
    hrefs = [a.get("href") for a in marks(svg_of(index, "collection-map"))]
    assert hrefs == ["index-2.html#i0", "test-incident.html#i0", "test-incident-2.html#i0"]
    assert "<section class=incident" in (target / "index-2.html").read_text(encoding="utf-8")


def test_too_many_for_one_html_file_writes_no_output_whatever_the_order(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(51):
        minimal(folder, f"i{i}.yaml").write_text(
            MINIMAL.replace("id: test-incident", f"id: i{i}"), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("evaluate", str(folder), "-f", "json", "-o", str(out / "a.json"),
                     "-f", "html", "-o", f"{out}/site/", "-f", "html", "-o",
                     str(out / "one.html"))
    assert result.code == 2 and "-o DIR/" in result.stderr
    assert not out.exists()


def test_incidents_before_1953_or_after_this_year_widen_the_axis(tmp_path: Path) -> None:
    early = minimal(tmp_path, "early.yaml", date="1950-06-25")
    late = minimal(tmp_path, "late.yaml", date="2999-12-31")
    now = minimal(tmp_path, "now.yaml", date="1953")
    out = tmp_path / "r.html"
    result = run_cli("evaluate", str(early), str(late), str(now), "-f", "html", "-o",
                     str(out), "--fail-on", "never")
    assert result.code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    axis = svg_of(page, "time-axis")
    assert axis.find(f"{SVG_NS}title").text.endswith("1950–2999")
    width = float(axis.get("viewBox").split()[2])
    xs = sorted(float(a.find(f"{SVG_NS}circle").get("cx")) for a in marks(axis))
    assert 0 < xs[0] < xs[1] < xs[2] < width and len(set(xs)) == 3
    for rect in svg_of(page, "chart years").iter(f"{SVG_NS}rect"):
        assert 0 <= float(rect.get("x")) < width


def test_marks_closer_than_a_mark_are_spread_apart() -> None:
    from armicheck.report.collection import MARK_R, _spread

    # two points 0.2 px apart astride any grid line, and a crowd of 40 at one spot
    points = [(392.9, 100.0, {}), (393.1, 100.0, {}), *[(200.0, 200.0, {})] * 40]
    spread, labels = _spread(points)
    assert math.dist(spread[0][:2], spread[1][:2]) >= MARK_R
    crowd = spread[2:]
    assert len({(round(x, 3), round(y, 3)) for x, y, _ in crowd}) == 40
    assert all(math.dist((x, y), (200.0, 200.0)) <= 16.0 + 1e-9 for x, y, _ in crowd)
    assert ">40</text>" in labels


def test_bidirectional_overrides_do_not_reorder_the_page(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: A test incident", 'title: "evil \\u202e txet"')
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    minimal(tmp_path, "b.yaml")
    out = tmp_path / "r.html"
    run_cli("evaluate", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "html", "-o",
            str(out), "--fail-on", "never")
    page = out.read_text(encoding="utf-8")
    assert "\u202e" not in page and "evil \ufffd txet" in page
