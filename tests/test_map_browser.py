"""The events map in headless Chromium, opened from file:// with the network blocked.

Skipped (with the reason) when selenium, Chromium/chromedriver or the asset cache is missing.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from geoevents._assets import missing_assets
from geoevents._maps import events_map, save_map

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
from make_screenshot import find_browser, make_driver  # noqa: E402

sys.path.pop(0)

from test_maps import HOSTILE, event  # noqa: E402

pytestmark = [pytest.mark.browser]
if importlib.util.find_spec("selenium") is None:
    pytestmark.append(pytest.mark.skip(reason="selenium is not installed (pip install "
                                              '"geoevents[test]")'))
elif find_browser() is None:
    pytestmark.append(pytest.mark.skip(reason="no Chromium + chromedriver (apt-get install "
                                              "chromium chromium-driver)"))
elif missing_assets():
    pytestmark.append(pytest.mark.skip(reason="map asset cache is empty: run 'geoevents "
                                              "assets fetch'"))

DAY = 86_400_000
T0 = 1_620_604_800_000  # 2021-05-10 UTC

# runs before the page's scripts: records any dialog a script would open
TRAPS = """
window.__dialogs = [];
['alert', 'confirm', 'prompt'].forEach(function (name) {
    window[name] = function (msg) { window.__dialogs.push(name + ':' + msg); };
});
"""

VISIBLE = """
var map = window[document.querySelector('.folium-map').id];
var ids = [];
map.eachLayer(function (l) { if (l.feature && l._icon) { ids.push(l.feature.id); } });
return ids.sort();
"""

SET_DAY = """
var s = document.querySelector('.leaflet-timeline-control input.time-slider');
s.value = String(arguments[0]);
s.dispatchEvent(new Event('input'));
return s.value;
"""


def evil_events() -> list[dict[str, Any]]:
    evil = " ".join(HOSTILE)
    return [
        event("a", killed=26, killed_qualifier="at least"),
        event("b", category="rocket_fire", date_start="2021-05-11", date_end="2021-05-12",
              lonlat=(34.57, 31.67), place_name=evil, actors=evil, claimed_by=evil,
              notes=evil, evidence=f"[doc-x] Sirens sounded in Ashkelon. {evil}"),
        event("c", category="demolition", date_start="2021-05-13", date_end="2021-05-13",
              geo_precision=3, lonlat=(35.3, 32.46)),
        event("d", category="armed_clash", date_start=None, date_end=None,
              lonlat=(35.2, 31.9), killed_low=25, killed_high=26),
        event("e", cumulative=True, killed=200, date_end="2021-05-20", evidence=f"[d] {evil}"),
        event("f", lonlat=None),
        event(evil, category=evil, date_start="2021-05-12", date_end="2021-05-12",
              lonlat=(34.3, 31.3)),
    ]


@pytest.fixture(scope="module")
def driver():
    drv = make_driver(1280, 900, offline=True)
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*",
                                                            "wss://*"]})
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAPS})
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def page(driver, tmp_path_factory) -> Any:
    path = tmp_path_factory.mktemp("map") / "map.html"
    save_map(events_map(evil_events(), title=HOSTILE[0], basemap="offline",
                        self_contained=True), path)
    driver.get_log("browser")  # drop earlier messages
    driver.get(path.as_uri())
    driver.execute_script("return 1")
    return driver


def severe(driver) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_page_loads_without_errors_or_network(page) -> None:
    assert page.execute_script("return typeof L") == "object"
    assert page.execute_script("return L.version") == "1.9.3"
    assert severe(page) == []
    loaded = page.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert [u for u in loaded if not u.startswith(("file:", "data:"))] == []


def test_slider_shows_events_over_their_dates(page) -> None:
    days = {}
    for offset in range(4):
        page.execute_script(SET_DAY, T0 + offset * DAY)
        days[offset] = page.execute_script(VISIBLE)
    assert days[0] == ["a", "d"]
    assert days[1] == ["b", "d"]
    (evil_id,) = set(days[2]) - {"b", "d"}  # the event with a hostile id, escaped
    assert len(days[2]) == 3 and evil_id.startswith("&lt;script&gt;")
    assert days[3] == ["c", "d"]
    # the cumulative total and the unlocated event are never drawn
    assert all("e" not in v and "f" not in v for v in days.values())
    label = page.execute_script(
        "return document.querySelector('.leaflet-timeline-control output').textContent")
    assert label == "2021-05-13"
    assert severe(page) == []


def test_play_steps_one_day(page) -> None:
    page.execute_script(SET_DAY, T0)
    page.find_element("css selector", ".leaflet-timeline-control button.play").click()
    page.find_element("css selector", ".leaflet-timeline-control button.pause").click()
    value = int(float(page.execute_script(
        "return document.querySelector('.leaflet-timeline-control input').value")))
    assert T0 + DAY <= value <= T0 + 3 * DAY and (value - T0) % DAY == 0
    page.execute_script(SET_DAY, T0 + DAY)
    assert page.execute_script(VISIBLE) == ["b", "d"]


def test_popup_shows_evidence_and_nothing_executes(page) -> None:
    page.execute_script(SET_DAY, T0 + DAY)
    page.execute_script("""
        var map = window[document.querySelector('.folium-map').id];
        map.eachLayer(function (l) { if (l.feature && l.feature.id === 'b') { l._icon.click(); } });
    """)
    time.sleep(0.2)
    content = page.find_element("css selector", ".leaflet-popup-content")
    text = content.text
    assert "Sirens sounded in Ashkelon." in text and "doc-x" in text
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "{{ 7*7 }}" in text and "${alert(1)}" in text
    assert "Rocket fire" in text and "Claimed by" in text
    injected = page.execute_script(
        "var p = document.querySelector('.leaflet-popup-content');"
        "return p.querySelectorAll('script, img, iframe, a, [onerror], [onload]').length")
    assert injected == 0
    # tooltips and panels too
    page.execute_script("document.querySelector('.ge-cumulative details').open = true")
    for marker in page.find_elements("css selector", ".ge-marker"):
        page.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover'))", marker)
    assert page.execute_script("return document.querySelectorAll('img').length") == 0
    n_scripts = page.execute_script("return document.scripts.length")
    assert n_scripts == page.page_source.count("<script")  # no script element was added
    assert page.execute_script("return window.__dialogs") == []
    assert page.title == HOSTILE[0]
    assert severe(page) == []


def test_popup_layout_matches_the_python_one(page) -> None:
    from geoevents._maps import _card_html, _layout

    lay = _layout(evil_events())
    feats = [f for fs in lay.dated.values() for f in fs] + lay.undated
    for f in feats:
        p = f["properties"]
        js = page.execute_script(
            "var k = Object.keys(window).filter(function (n) {"
            " return n.indexOf('event_symbols_') === 0; })[0];"
            "return window[k].card(arguments[0], arguments[1]);", p["card"], p["sym"])
        assert js == _card_html(p["card"], p["sym"])


def test_legend_and_layer_control(page) -> None:
    legend = page.find_element("css selector", ".ge-legend").text
    for word in ("Air strike", "Rocket fire", "Demolition", "Armed clash", "Other",
                 "Killed + injured", "region only"):
        assert word in legend
    labels = [e.text for e in page.find_elements(
        "css selector", ".leaflet-control-layers-overlays label")]
    assert any(lab.startswith("Undated events") for lab in labels)
    assert any(lab.startswith("Rocket fire") for lab in labels)
    # switching a type off hides it, also when the slider moves
    page.execute_script(SET_DAY, T0 + DAY)
    box = next(e for e in page.find_elements(
        "css selector", ".leaflet-control-layers-overlays label")
        if e.text.startswith("Rocket fire")).find_element("css selector", "input")
    box.click()
    assert page.execute_script(VISIBLE) == ["d"]
    page.execute_script(SET_DAY, T0 + 2 * DAY)
    assert "b" not in page.execute_script(VISIBLE)
    box.click()
    assert "b" in page.execute_script(VISIBLE)
    cumulative = page.find_element("css selector", ".ge-cumulative").text
    assert "Cumulative totals (1)" in cumulative
    assert severe(page) == []


def test_screenshot_helper(page, tmp_path) -> None:
    import make_screenshot  # noqa: F401  (already on sys.modules)

    html = tmp_path / "m.html"
    save_map(events_map([event("a")], basemap="offline", self_contained=True), html)
    png = tmp_path / "m.png"
    assert sys.modules["make_screenshot"].main([str(html), str(png), "--wait", "0.2",
                                                "--width", "800", "--height", "600"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
