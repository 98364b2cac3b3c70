"""Render a map.html to a PNG with headless Chromium (for the README and reviews).

    python docs/make_screenshot.py maps/map.html docs/map.png [--width 1400 --height 900]
        [--wait 1.5] [--slider-day 2021-05-12] [--open-popup]

Needs ``selenium`` (the ``test`` extra) and Chromium with chromedriver (Debian: ``apt-get
install chromium chromium-driver``). The page is opened from ``file://``; network requests
other than basemap tiles are not needed by self-contained maps.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any


def find_browser() -> tuple[str, str] | None:
    """(chromium binary, chromedriver) paths, or None."""
    binary = next((p for p in (shutil.which(n) for n in (
        "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) if p), None)
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    return (binary, driver) if binary and driver else None


def make_driver(width: int, height: int, *, offline: bool = False) -> Any:
    """A headless Chromium driven by Selenium (``offline``: every host name fails)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_browser()
    if found is None:
        raise RuntimeError("Chromium and chromedriver are needed: apt-get install chromium "
                           "chromium-driver")
    binary, driver = found
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", f"--window-size={width},{height}",
                "--disable-background-networking", "--no-first-run"):
        opts.add_argument(arg)
    if offline:
        opts.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--wait", type=float, default=1.5, help="seconds to let tiles load")
    ap.add_argument("--slider-day", help="move the time slider to this day (YYYY-MM-DD)")
    ap.add_argument("--open-popup", action="store_true", help="open the first visible popup")
    args = ap.parse_args(argv)
    if not args.html.exists():
        print(f"make_screenshot: {args.html} does not exist", file=sys.stderr)
        return 2
    drv = make_driver(args.width, args.height)
    try:
        drv.get(args.html.resolve().as_uri())
        if args.slider_day:
            drv.execute_script(
                "var s = document.querySelector('.leaflet-timeline-control input.time-slider');"
                "if (s) { s.value = Date.parse(arguments[0]);"
                " s.dispatchEvent(new Event('input')); }", args.slider_day)
        if args.open_popup:
            drv.execute_script(
                "var m = document.querySelector('.ge-marker'); if (m) { m.click(); }")
        time.sleep(args.wait)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        drv.save_screenshot(str(args.png))
    finally:
        drv.quit()
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
