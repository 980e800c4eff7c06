"""The HTML report in a real browser: Debian's chromium and chromium-driver through Selenium,
the page loaded from file:// with name resolution blocked. Zero network requests, zero
console errors, the expected marks, linked highlighting on hover, and it prints.

Skipped, with the reason, where Chromium, its driver or Selenium is missing, unless
ARMICHECK_REQUIRE_BROWSER=1 (set by .ci/run, which installs them): then missing is a failure.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEFECTION_2017, INCIDENTS, ROOT, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
REQUIRED = os.environ.get("ARMICHECK_REQUIRE_BROWSER") == "1"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    for path, package in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} not found (apt-get install {package})"
    return None


def chrome_options(profile: str) -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-extensions",
                 "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
                 "--window-size=1200,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def _driver(script: bool = True) -> Iterator[Any]:
    why = _missing()
    if why:
        if REQUIRED:
            pytest.fail(f"ARMICHECK_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="armicheck-chromium-")
    options = chrome_options(profile)
    if not script:
        options.add_argument("--blink-settings=scriptEnabled=false")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from _driver()


@pytest.fixture(scope="module")
def noscript() -> Iterator[Any]:
    """A browser with script off (WebDriver's own script still runs)."""
    yield from _driver(script=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report.html"
    result = run_cli("evaluate", str(INCIDENTS), str(ROOT / "tests" / "format11_places" /
                     "nll-north-10km.yaml"), "-f", "html", "-o", str(out), "--fail-on", "never")
    assert result.code == 0, result.stderr
    return out


def load(driver: Any, page: Path) -> tuple[list[str], list[str]]:
    """Open the page; return the http(s) requests it made and its SEVERE console lines."""
    driver.get_log("performance")  # drop what came before
    driver.get_log("browser")
    driver.get(page.as_uri())
    driver.execute_script("return document.readyState")
    requests = []
    for item in driver.get_log("performance"):
        message = json.loads(item["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                requests.append(url)
    severe = [x["message"] for x in driver.get_log("browser") if x["level"] == "SEVERE"]
    return requests, severe


def test_the_page_makes_no_request_and_logs_no_error(browser: Any, report: Path) -> None:
    requests, severe = load(browser, report)
    assert requests == []
    assert severe == []


def test_the_marks_drawn_are_the_events(browser: Any, report: Path) -> None:
    load(browser, report)
    doc = run_cli("evaluate", str(DEFECTION_2017), "-f", "json").json()["incidents"][0]
    sections = browser.find_elements("css selector", "section.incident")
    assert len(sections) == len(list(INCIDENTS.glob("*.yaml"))) + 1
    jsa = next(s for s in sections if "2017-11-13-jsa-defection" in s.text)
    bars = jsa.find_elements("css selector", "svg.timeline g.mark")
    events = {p["event"] for p in doc["positions"]}
    assert {b.get_attribute("data-ev") for b in bars} >= events
    local = jsa.find_elements("css selector", "svg.local g.mark")
    assert sorted(m.get_attribute("data-ev") for m in local) == sorted(events)
    assert len(jsa.find_elements("css selector", "article.card")) == len(doc["findings"])
    # the maps are drawn, not blank: the MDL has a real size on screen
    mdl = jsa.find_element("css selector", "svg.overview path[id$='-ov-mdl']")
    assert mdl.size["width"] > 100


def test_pointing_at_an_event_highlights_it_everywhere(browser: Any, report: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    load(browser, report)
    sections = browser.find_elements("css selector", "section.incident")
    jsa = next(s for s in sections if "2017-11-13-jsa-defection" in s.text)
    bar = jsa.find_element("css selector", "svg.timeline g.mark[data-ev='shots'] circle")
    ActionChains(browser).move_to_element(bar).perform()
    lit = jsa.find_elements("css selector", ".hl")
    kinds = {(e.tag_name, (e.get_attribute("class") or "").split()[0]) for e in lit}
    evs = {e.get_attribute("data-ev") for e in lit}
    assert ("tr", "side-kpa") in kinds  # the events tables
    assert any(tag == "g" for tag, _ in kinds)  # the map and the timeline
    assert any(tag == "article" for tag, _ in kinds)  # the finding cards
    assert all("shots" in ev.split() for ev in evs)
    local = jsa.find_element("css selector", "svg.local g.mark[data-ev='shots']")
    assert "hl" in local.get_attribute("class")
    ActionChains(browser).move_to_element(jsa.find_element("css selector", "h2")).perform()
    assert jsa.find_elements("css selector", ".hl") == []


def test_the_page_prints_one_incident_per_page(browser: Any, report: Path) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    load(browser, report)
    pdf = base64.b64decode(browser.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= len(list(INCIDENTS.glob("*.yaml"))) + 1


def test_the_page_reads_the_same_without_script(browser: Any, noscript: Any,
                                               report: Path) -> None:
    """Everything is in the page as written; the script only highlights."""
    from selenium.webdriver.common.action_chains import ActionChains

    load(browser, report)
    requests, severe = load(noscript, report)
    assert requests == [] and severe == []
    assert noscript.execute_script("return 1") == 1  # WebDriver's own script still runs...
    marks = noscript.find_elements("css selector", "section.incident svg g.mark")
    cards = noscript.find_elements("css selector", "article.card")
    with_script = (len(browser.find_elements("css selector", "section.incident svg g.mark")),
                   len(browser.find_elements("css selector", "article.card")))
    assert (len(marks), len(cards)) == with_script and cards[0].is_displayed()
    # ...but the page's does not: pointing highlights nothing
    target = noscript.find_element("css selector", "svg.timeline g.mark circle")
    ActionChains(noscript).move_to_element(target).perform()
    assert noscript.find_elements("css selector", ".hl") == []


# --- the collection page (issue 19) -----------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """incidents/ written as `-o DIR/`: the index is the collection page; and its contract."""
    target = tmp_path_factory.mktemp("site") / "site"
    result = run_cli("evaluate", str(INCIDENTS), "-f", "html", "-o", f"{target}/",
                     "--fail-on", "never")
    assert result.code == 0, result.stderr
    doc = run_cli("evaluate", str(INCIDENTS), "-f", "json", "--fail-on", "never").json()
    return target / "index.html", doc


def shown(driver: Any, selector: str) -> list[Any]:
    """The elements the page renders (a box on screen), read in one script call so that the
    page's own script cannot run between two of them."""
    return driver.execute_script("return Array.from(document.querySelectorAll(arguments[0]))"
                                 ".filter(function(el){return el.getClientRects().length > 0;})",
                                 selector)


def test_the_collection_page_makes_no_request_and_logs_no_error(browser: Any,
                                                                site: tuple[Path, Any]) -> None:
    requests, severe = load(browser, site[0])
    assert requests == [] and severe == []


def test_the_collection_shows_one_mark_per_incident_on_the_map_and_the_time_axis(
        browser: Any, site: tuple[Path, Any]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    index, doc = site
    load(browser, index)
    n = len(doc["incidents"])
    for svg_class in ("collection-map", "time-axis"):
        svg = browser.find_element("css selector", f"svg.{svg_class}")
        box = svg.rect
        marks = shown(browser, f"svg.{svg_class} a.imark circle")
        assert len(marks) == n, svg_class
        for mark in marks:  # on screen inside its drawing, not clipped away
            r = mark.rect
            assert r["width"] > 2 and box["x"] <= r["x"] and r["x"] + r["width"] <= \
                box["x"] + box["width"] + 1 and box["y"] <= r["y"] <= box["y"] + box["height"]
        hrefs = {a.get_dom_attribute("href").split("#")[0] for a in
                 browser.find_elements("css selector", f"svg.{svg_class} a.imark")}
        assert len(hrefs) == n
    assert len(shown(browser, "tr.inc")) == n
    # a mark leads to its incident's page
    first = browser.find_element("css selector", "svg.collection-map a.imark")
    target = first.get_dom_attribute("href")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true, cancelable: true, view: window}))", first)
    page, fragment = target.split("#")
    expected = f"{index.parent.joinpath(page).as_uri()}#{fragment}"
    # a click sent by script returns before the page it opens has loaded: wait for it
    WebDriverWait(browser, 10).until(lambda driver: driver.current_url == expected
                                     and driver.execute_script("return document.readyState")
                                     == "complete")
    assert browser.current_url == expected
    assert browser.find_element("css selector", "section.incident").is_displayed()


def test_the_filters_change_what_is_shown(browser: Any, site: tuple[Path, Any]) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import Select, WebDriverWait

    index, doc = site
    load(browser, index)
    entries = doc["incidents"]
    form = browser.find_element("css selector", "form#filters")
    assert form.is_displayed()

    def counts() -> tuple[int, int, int, str]:
        return (len(shown(browser, "tr.inc")), len(shown(browser, "svg.collection-map a.imark")),
                len(shown(browser, "svg.time-axis a.imark")),
                browser.find_element("css selector", "output[name=shown]").text)

    def expect(n: int) -> None:
        wanted = (n, n, n, f"showing {n} of {len(entries)} incidents")
        try:  # reset applies the filters after the form has reset (a timeout of 0)
            WebDriverWait(browser, 5).until(lambda _: counts() == wanted)
        except TimeoutException:
            pass
        assert counts() == wanted

    expect(len(entries))
    crowded = len(browser.find_elements("css selector", "svg.collection-map text.count"))
    assert crowded >= 1 and len(shown(browser, "svg.collection-map text.count")) == crowded
    Select(form.find_element("name", "side")).select_by_value("unc")
    expect(sum(any(f["side"] == "unc" for f in e["findings"]) for e in entries))
    # a crowded spot's number counts every incident there: hidden while filtering
    assert shown(browser, "svg.collection-map text.count") == []
    # side and category together: one finding must have both
    Select(form.find_element("name", "category")).select_by_value("mdl-crossing")
    both = sum(any(f["side"] == "unc" and f["category"] == "mdl-crossing"
                   for f in e["findings"]) for e in entries)
    expect(both)
    assert 0 < both < len(entries)
    form.find_element("css selector", "button[type=reset]").click()
    expect(len(entries))
    assert len(shown(browser, "svg.collection-map text.count")) == crowded
    Select(form.find_element("name", "status")).select_by_value("none")
    expect(sum(not e["findings"] and not e["errors"] for e in entries))
    Select(form.find_element("name", "status")).select_by_value("")
    Select(form.find_element("name", "instrument")).select_by_value("cma-2018")
    expect(sum(any(f["instrument"] == "cma-2018" for f in e["findings"]) for e in entries))
    Select(form.find_element("name", "instrument")).select_by_value("")
    form.find_element("name", "from").send_keys("2000")
    form.find_element("name", "to").send_keys("2019")
    expect(sum(2000 <= int(e["date"][:4]) <= 2019 for e in entries))
    form.find_element("css selector", "button[type=reset]").click()
    expect(len(entries))


def test_a_disagreement_link_opens_its_row(browser: Any, site: tuple[Path, Any]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    index, doc = site
    load(browser, index)
    links = browser.find_elements("css selector", "ul.disagreements a")
    assert len(links) == doc["summary"]["agreement"]["disagreed"] >= 1
    fragment = links[0].get_attribute("href").split("#")[1]
    links[0].click()
    WebDriverWait(browser, 10).until(lambda driver: driver.current_url.endswith(
        f"#{fragment}") and driver.execute_script("return document.readyState") == "complete")
    row = browser.find_element("id", fragment)
    assert row.tag_name == "tr" and row.is_displayed()
    assert "disagrees" in row.text


def test_the_collection_reads_whole_without_script(noscript: Any,
                                                   site: tuple[Path, Any]) -> None:
    index, doc = site
    requests, severe = load(noscript, index)
    assert requests == [] and severe == []
    n = len(doc["incidents"])
    assert len(shown(noscript, "svg.collection-map a.imark")) == n
    assert len(shown(noscript, "svg.time-axis a.imark")) == n
    assert len(shown(noscript, "tr.inc")) == n
    assert shown(noscript, "form#filters") == []  # filters need the script: not offered
