"""Screenshots of each incident's HTML page, for people to look at (not committed).

    python tools/screenshots.py [PATH ...] [--out DIR] [--width PX]

Writes DIR/pages/ (`armicheck evaluate PATH... -f html -o DIR/pages/`: an index and one page
per incident) and DIR/<page>.png, the whole height of each page, rendered offline by
Debian's chromium through Selenium (name resolution blocked, as in
tests/test_html_browser.py). PATH defaults to incidents/; DIR to /tmp/armicheck-screenshots.
Needs `apt-get install chromium chromium-driver fonts-noto-cjk` and `pip install selenium`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "incidents")])
    parser.add_argument("--out", default="/tmp/armicheck-screenshots")
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args()
    out = Path(args.out)
    pages = out / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "armicheck", "evaluate", *args.paths, "-f",
                           "html", "-o", f"{pages}/", "--fail-on", "never"], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 2
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="armicheck-shots-")
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
                 f"--user-data-dir={profile}", f"--window-size={args.width},900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")
                                              or "/usr/bin/chromedriver"), options=options)
    try:
        for page in sorted(pages.glob("*.html")):
            driver.set_window_size(args.width, 900)
            driver.get(page.as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(args.width, min(int(height) + 20, 16000))
            png = out / f"{page.stem}.png"
            driver.save_screenshot(str(png))
            size = page.stat().st_size
            print(f"{png}  (page {size / 1024:.0f} KB)")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
