"""The events map: layout, popups, escaping, determinism, assets, CLI (no browser needed)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geoevents._assets import (
    AssetFile,
    AssetPackage,
    asset_for_url,
    fetch_assets,
    locked_packages,
    missing_assets,
    read_asset,
    sri_sha512,
)
from geoevents._cli import cli
from geoevents._exceptions import (
    AssetError,
    AssetIntegrityError,
    AssetsNotFoundError,
    GeoeventsError,
    InputError,
)
from geoevents._maps import (
    _card_html,
    _layout,
    _radius,
    escape_text,
    events_map,
    render_map,
    save_map,
)

DAY = 86_400_000
MS_2021_05_10 = 1_620_604_800_000

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "back\\slash \\u003c/script\\u003e",
    "</script><script>alert(2)</script>",
    "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}",
    "${alert(1)} `x`",
]


def event(fid: str, **props: Any) -> dict[str, Any]:
    """A synthetic event Feature following the events.geojson contract."""
    lonlat = props.pop("lonlat", (34.46, 31.50))
    p: dict[str, Any] = {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "category": "air_strike", "killed": None, "killed_low": None, "killed_high": None,
        "injured": None, "injured_low": None, "injured_high": None, "rockets": None,
        "strikes": None, "displaced": None, "arrested": None, "killed_qualifier": "",
        "injured_qualifier": "", "cumulative": False, "date_start": "2021-05-10",
        "date_end": "2021-05-10", "time_precision": 1, "place_name": "Gaza City",
        "place_id": "geonames:281133", "country_code": "PS", "admin1": "Gaza Strip",
        "geo_precision": 1, "actors": "Israeli Air Force", "victims": "civilians",
        "claimed_by": "", "source_ids": "doc-a;doc-b", "n_sources": 2,
        "evidence": "[doc-a] An air strike hit a house in Gaza City.\n[doc-b] Two were killed.",
        "notes": "",
    }
    p.update(props)
    geom = None if lonlat is None else {"type": "Point", "coordinates": list(lonlat)}
    return {"type": "Feature", "id": fid, "geometry": geom, "properties": p}


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return [
        event("ev-a", killed=26, killed_qualifier="at least"),
        event("ev-b", category="rocket_fire", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", date_start="2021-05-11",
              date_end="2021-05-12", rockets=130, lonlat=(34.57, 31.67), place_name="Ashkelon",
              claimed_by="Hamas", injured=3),
        event("ev-c", category="demolition", event_type="Strategic developments",
              sub_event_type="Looting/property destruction", date_start="2021-05-13",
              date_end=None, geo_precision=3, place_name="Jenin Governorate",
              lonlat=(35.3, 32.46)),
        event("ev-d", category="armed_clash", event_type="Battles", sub_event_type="Armed clash",
              date_start=None, date_end=None, time_precision=None, killed_low=25,
              killed_high=26, lonlat=(35.2, 31.9)),
        event("ev-e", cumulative=True, killed=200, killed_qualifier="at least",
              date_end="2021-05-20", place_name="Gaza Strip", geo_precision=3),
        event("ev-f", lonlat=None, killed=1),
    ]


# ---------------------------------------------------------------------------------- layout

def test_layout_times_layers_and_counts(events) -> None:
    lay = _layout(events)
    by_id = {f["id"]: f for feats in lay.dated.values() for f in feats}
    assert set(lay.dated) == {"air_strike", "rocket_fire", "demolition"}
    a, b, c = by_id["ev-a"]["properties"], by_id["ev-b"]["properties"], by_id["ev-c"]["properties"]
    # visible over [date_start, date_end + 1 day)
    assert (a["start"], a["end"], a["endExclusive"]) == (MS_2021_05_10, MS_2021_05_10 + DAY, True)
    assert (b["start"], b["end"]) == (MS_2021_05_10 + DAY, MS_2021_05_10 + 3 * DAY)
    assert (c["start"], c["end"]) == (MS_2021_05_10 + 3 * DAY, MS_2021_05_10 + 4 * DAY)
    assert c["approx"] == 1 and a["approx"] == 0
    assert [f["id"] for f in lay.undated] == ["ev-d"]
    assert [e.fid for e in lay.cumulative] == ["'ev-e'"]
    assert lay.unlocated == 1
    assert lay.counts == {"air_strike": 1, "rocket_fire": 1, "demolition": 1, "armed_clash": 1}
    assert lay.bounds == [[31.5, 34.46], [32.46, 35.3]]
    assert by_id["ev-a"]["geometry"]["coordinates"] == [34.46, 31.5]  # [lon, lat]


def test_feature_collection_and_list_give_the_same_map(events) -> None:
    fc = {"type": "FeatureCollection", "features": events}
    assert render_map(events_map(fc)) == render_map(events_map(events))


def test_size_scale_keeps_one_and_a_thousand_readable() -> None:
    r0, r1, r10, r1000, r1e5 = (_radius(n) for n in (0, 1, 10, 1000, 100_000))
    assert 6 <= r0 < r1 < r10 < r1000 < r1e5 <= 30
    assert r1 >= 7 and r1000 <= 20


def b_extra() -> str:
    lay = _layout([event("x", killed=9, killed_children=4, killed_women=2, mobilised=300,
                         targets="a school")])
    props = lay.dated["air_strike"][0]["properties"]
    html = _card_html(props["card"], props["sym"])
    assert "300 mobilised" in html and "<th>Targets</th><td>a school</td>" in html
    return html


def test_popup_figures_dates_places_sources(events) -> None:
    lay = _layout(events)
    props = {f["id"]: f["properties"] for feats in lay.dated.values() for f in feats}
    props.update({f["id"]: f["properties"] for f in lay.undated})
    by_id = {k: {"popup": _card_html(v["card"], v["sym"]), **v} for k, v in props.items()}
    a = by_id["ev-a"]["popup"]
    assert "at least 26 killed" in a and "9 killed (incl. 4 children, 2 women)" in b_extra()
    assert "10 May 2021" in a and "exact date" in a
    assert "Gaza City, Gaza Strip, PS" in a and "exact place" in a
    assert "Sources (2)" in a and "doc-a" in a and "An air strike hit a house in Gaza City." in a
    assert "Explosions/Remote violence" in a and "Air/drone strike" in a
    b = by_id["ev-b"]["popup"]
    assert "11\u201312 May 2021" in b and "130 rocket(s)" in b and "3 injured" in b
    assert "<th>Claimed by</th><td>Hamas</td>" in b
    assert "region only" in by_id["ev-c"]["popup"]
    assert by_id["ev-c"]["card"]["rows"][1] == ["Place", "Jenin Governorate, Gaza Strip, PS",
                                                 "region only: location approximate"]
    d = by_id["ev-d"]["popup"]
    assert "25-26 killed" in d and "Undated" in d
    tip = by_id["ev-a"]["tip"]
    assert tip.startswith("Air strike \u00b7 10 May 2021 \u00b7 Gaza City")
    assert "\n" not in tip


def test_map_html_has_slider_layers_legend_and_panel(events) -> None:
    html = render_map(events_map(events, title="May 2021"))
    assert "L.timeline(" in html and "L.timelineSliderControl(" in html
    assert '"steps": 3' in html and '"autoPlay": false' in html and '"enablePlayback": true' in html
    assert "Undated events" in html and "always shown" in html
    assert "Cumulative totals (1)" in html
    assert "ge-legend" in html and "Killed + injured" in html and "region only" in html
    assert "1 event(s) without a location are not shown" in html
    assert "L.control.layers(" in html
    assert "<title>May 2021</title>" in html and "fitBounds(" in html
    # only what the map uses: no jQuery, Bootstrap, Font Awesome, moment
    for unused in ("jquery", "bootstrap", "fontawesome", "awesome-markers", "moment"):
        assert unused not in html.lower(), unused
    # cumulative totals are never drawn as incidents
    data = json.loads(re.search(r"L\.timeline\((\{.*?\}), \{\s*pointToLayer", html,
                                re.S).group(1))  # first timeline: air strikes
    assert [f["id"] for f in data["features"]] == ["ev-a"]


def test_links_are_pinned_with_integrity(events) -> None:
    html = render_map(events_map(events))
    links = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)" '
                       r'integrity="([^"]+)" crossorigin="anonymous"', html)
    assert len(links) == 3
    for url, integrity in links:
        f = asset_for_url(url)
        assert f is not None and f.integrity == integrity and f"@{f.version}/" in url
    assert not re.search(r'<script src="[^"]+"></script>', html)


def test_no_events_and_only_undated_events() -> None:
    html = render_map(events_map([]))
    assert "no events to draw" in html and "L.timeline(" not in html
    html = render_map(events_map([event("u", date_start=None, date_end=None)]))
    assert "Undated events" in html and "L.timelineSliderControl(" not in html


def test_single_day_gets_a_one_step_slider() -> None:
    html = render_map(events_map([event("a")]))
    assert '"steps": 1' in html


# -------------------------------------------------------------------------------- escaping

class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _tags(html: str) -> list[str]:
    p = _Tags()
    p.feed(html)
    return p.tags


@pytest.mark.parametrize("evil", HOSTILE)
@pytest.mark.parametrize("field", ["place_name", "actors", "evidence", "claimed_by", "category",
                                   "notes", "source_ids", "killed_qualifier", "event_type"])
def test_article_text_is_escaped(field: str, evil: str) -> None:
    plain = [event("a"), event("c", cumulative=True)]
    value = f"[doc-a] {evil}" if field == "evidence" else evil
    hostile = [event("a", **{field: value}), event("c", cumulative=True, **{field: value})]
    html = render_map(events_map(hostile, title=evil))
    # the same elements as a map of harmless text: nothing was injected
    assert _tags(html) == _tags(render_map(events_map(plain, title="t")))
    assert "<script>alert" not in html and "<img" not in html and "<svg onload" not in html
    assert "49" not in re.sub(r"[0-9a-f]{40,}|sha512-\S+", "", html)  # {{ 7*7 }} not evaluated
    assert "{{" not in html.split("<body>", 1)[1] and "${alert" not in html


def test_escape_text() -> None:
    assert escape_text('<a href="javascript:x">') == "&lt;a href=&quot;javascript:x&quot;&gt;"
    assert escape_text("{{ x }} ${y} `z` \\") == (
        "&#123;&#123; x &#125;&#125; &#36;&#123;y&#125; &#96;z&#96; &#92;")


def test_hostile_ids_and_titles(events) -> None:
    evs = [event(h) for h in HOSTILE]
    html = render_map(events_map(evs, title=HOSTILE[0]))
    assert "<script>alert" not in html and "<title>&lt;script&gt;" in html


def test_places_map_escapes_template_syntax(gazetteer) -> None:
    from geoevents import geoparse
    from geoevents._maps import places_map

    text = "Rockets hit Ashkelon {{ 7*7 }} ${alert(1)} `x` {% raw %} <script>alert(1)</script>."
    html = places_map([("d", geoparse(text))]).get_root().render()
    assert "&#123;&#123; 7*7 &#125;&#125;" in html and "&#36;&#123;alert(1)&#125;" in html
    assert "<script>alert" not in html


# --------------------------------------------------------------------------- determinism

def test_same_input_gives_byte_identical_html(events, tmp_path) -> None:
    a = save_map(events_map(events, basemap="offline"), tmp_path / "a.html").read_bytes()
    m = events_map(events, basemap="offline")
    b = save_map(m, tmp_path / "b.html").read_bytes()
    c = save_map(m, tmp_path / "c.html").read_bytes()  # rendering twice changes nothing
    assert a == b == c
    assert not re.search(rb"[0-9a-f]{32}", a)  # no random folium ids
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html", "c.html"]


# ---------------------------------------------------------------------------------- basemap

def test_offline_basemap_needs_no_tiles(events) -> None:
    html = render_map(events_map(events, basemap="offline"))
    assert "tile.openstreetmap" not in html and "L.tileLayer" not in html
    assert "Natural Earth" in html and "L.canvas(" in html
    assert len(html) < 1_500_000
    assert "tile.openstreetmap.org" in render_map(events_map(events))


def test_bad_basemap() -> None:
    with pytest.raises(InputError, match="basemap is 'satellite'; expected one of tiles"):
        events_map([], basemap="satellite")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- input errors

@pytest.mark.parametrize(("events", "message"), [
    ({"type": "Feature"}, "events is a dict with type 'Feature'; expected a GeoJSON "
                          "FeatureCollection"),
    ("events.geojson", r"events is 'events.geojson' \(a str\); expected a list of GeoJSON"),
    ([1], r"events\[0\] is 1 \(a int\); expected a GeoJSON Feature dict"),
    ([event("x", date_start="10/05/2021")],
     "event 'x': date_start is '10/05/2021' .a str.; expected an ISO date"),
    ([event("x", lonlat=(200, 1))], r"event 'x': coordinates are \[200, 1\]"),
    ([{"type": "Feature", "geometry": {"type": "Polygon"}, "properties": {}}],
     "event #0: geometry is a 'Polygon'; expected a GeoJSON Point or null"),
])
def test_input_errors_name_the_problem(events, message) -> None:
    with pytest.raises(InputError, match=message):
        events_map(events)


# ----------------------------------------------------------------------------------- assets

def _fake_package(tmp_path: Path, files: dict[str, bytes], *, tamper: bool = False
                  ) -> tuple[AssetPackage, bytes]:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, data in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    blob = buf.getvalue()
    afiles = tuple(AssetFile("fake", "1.0.0", p, sri_sha512(d if not tamper else d + b"x"))
                   for p, d in files.items())
    pkg = AssetPackage("fake", "1.0.0", "https://registry.npmjs.org/fake/-/fake-1.0.0.tgz",
                       sri_sha512(blob), "MIT", afiles)
    return pkg, blob


def test_fetch_assets_checks_tarball_and_files(tmp_path) -> None:
    pkg, blob = _fake_package(tmp_path, {"dist/a.js": b"var a = 1;", "dist/a.css": b"p{}"})
    calls: list[str] = []

    def download(url: str) -> bytes:
        calls.append(url)
        return blob

    paths = fetch_assets(cache_dir=tmp_path, download=download, packages=[pkg])
    assert calls == [pkg.tarball]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == [
        "assets/fake@1.0.0/dist/a.css", "assets/fake@1.0.0/dist/a.js"]
    js = next(f for f in pkg.files if f.path == "dist/a.js")
    assert read_asset(js, cache_dir=tmp_path) == b"var a = 1;"
    fetch_assets(cache_dir=tmp_path, download=download, packages=[pkg])
    assert len(calls) == 1  # intact cache: nothing downloaded
    (tmp_path / "assets/fake@1.0.0/dist/a.js").write_bytes(b"alert(1)")
    with pytest.raises(AssetIntegrityError, match="does not match the lock file"):
        read_asset(js, cache_dir=tmp_path)
    assert missing_assets(cache_dir=tmp_path, packages=[pkg]) == [js]
    fetch_assets(cache_dir=tmp_path, download=download, packages=[pkg])
    assert read_asset(js, cache_dir=tmp_path) == b"var a = 1;"


def test_fetch_assets_rejects_altered_downloads(tmp_path) -> None:
    pkg, blob = _fake_package(tmp_path, {"dist/a.js": b"var a = 1;"})
    with pytest.raises(AssetIntegrityError, match=r"fake@1.0.0 .* expected sha512-"):
        fetch_assets(cache_dir=tmp_path, download=lambda url: blob + b"\0", packages=[pkg])
    bad, blob = _fake_package(tmp_path, {"dist/a.js": b"var a = 1;"}, tamper=True)
    with pytest.raises(AssetIntegrityError):
        fetch_assets(cache_dir=tmp_path, download=lambda url: blob, packages=[bad])
    assert not (tmp_path / "assets" / "fake@1.0.0" / "dist" / "a.js").exists()
    lacking = AssetPackage(pkg.name, pkg.version, pkg.tarball, pkg.integrity, "MIT",
                           (*pkg.files, AssetFile("fake", "1.0.0", "dist/b.js", "sha512-x")))
    _, blob = _fake_package(tmp_path, {"dist/a.js": b"var a = 1;"})
    with pytest.raises(AssetError, match="has no file 'dist/b.js'"):
        fetch_assets(cache_dir=tmp_path, download=lambda url: blob, packages=[lacking])


def test_lock_file_pins_exact_registry_versions() -> None:
    pkgs = locked_packages()
    assert {p.name for p in pkgs} == {"leaflet", "leaflet.timeline"}
    for p in pkgs:
        assert re.fullmatch(r"\d+\.\d+\.\d+", p.version)
        assert p.tarball == (f"https://registry.npmjs.org/{p.name}/-/"
                             f"{p.name.rsplit('/', 1)[-1]}-{p.version}.tgz")
        assert p.integrity.startswith("sha512-") and p.license
        assert all(f.integrity.startswith("sha512-") for f in p.files)


def test_self_contained_without_cache_says_how_to_fix(events, tmp_path) -> None:
    with pytest.raises(AssetsNotFoundError) as info:
        events_map(events, self_contained=True, cache_dir=tmp_path)
    msg = str(info.value)
    assert "geoevents assets fetch" in msg and str(tmp_path / "assets") in msg
    assert msg.startswith("6 map asset file(s) are not in the asset cache")
    assert "leaflet@1.9.3/dist/" in msg and "{" not in msg
    assert info.value.missing[-1] == "leaflet.timeline@1.6.0/dist/leaflet.timeline.js"
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, GeoeventsError)
    with pytest.raises(AssetsNotFoundError):
        save_map(events_map(events), tmp_path / "m.html", self_contained=True, cache_dir=tmp_path)
    assert not (tmp_path / "m.html").exists()


needs_assets = pytest.mark.skipif(
    bool(missing_assets()), reason="map asset cache is empty: run 'geoevents assets fetch'")


@needs_assets
def test_self_contained_inlines_every_asset(events, tmp_path) -> None:
    path = save_map(events_map(events, basemap="offline", self_contained=True),
                    tmp_path / "m.html")
    html = path.read_text("utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", html)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', html)
    for pkg in locked_packages():
        for f in pkg.files:
            if f.path.endswith((".js", ".css")):
                assert f"/*! {f.key} ({pkg.license}) {f.integrity} */" in html
    assert "url(images/" not in html and "data:image/png;base64," in html
    # a map made without inlining can still be saved self-contained, identically
    same = save_map(events_map(events, basemap="offline"), tmp_path / "n.html",
                    self_contained=True).read_text("utf-8")
    assert same == html


@needs_assets
def test_maps_that_load_unpinned_files_cannot_be_self_contained(tmp_path) -> None:
    import folium

    with pytest.raises(InputError, match="not pinned in the asset lock file"):
        save_map(folium.Map(), tmp_path / "x.html", self_contained=True)


# ---------------------------------------------------------------------------------------- CLI

def _write_fc(tmp_path: Path, events: list[dict[str, Any]]) -> Path:
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": events}))
    return path


def test_cli_map(events, tmp_path) -> None:
    src = _write_fc(tmp_path, events)
    out = tmp_path / "out" / "map.html"
    res = CliRunner().invoke(cli, ["map", str(src), "-o", str(out), "--basemap", "offline",
                                   "--title", "Test"])
    assert res.exit_code == 0, res.output
    assert "6 events; wrote" in res.output
    assert out.read_text("utf-8") == render_map(events_map(events, title="Test",
                                                           basemap="offline"))


@pytest.mark.parametrize(("content", "problem"), [
    ("[1, 2]", "is a JSON list, not a GeoJSON FeatureCollection"),
    ('{"type": "Feature"}', "is a GeoJSON 'Feature' object, not a GeoJSON FeatureCollection"),
    ("{not json", "is not valid JSON"),
    (None, "does not exist"),
])
def test_cli_map_input_errors(tmp_path, content, problem) -> None:
    src = tmp_path / "ev.geojson"
    if content is not None:
        src.write_text(content)
    res = CliRunner().invoke(cli, ["map", str(src), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 2, res.output
    assert f"{src}: {problem}" in res.output
    assert not (tmp_path / "m.html").exists()


def test_cli_map_bad_event_names_file_and_event(tmp_path) -> None:
    src = _write_fc(tmp_path, [event("x1", date_start="yesterday")])
    res = CliRunner().invoke(cli, ["map", str(src), "-o", str(tmp_path / "m.html")])
    assert res.exit_code == 2
    assert f"{src}: event 'x1': date_start is 'yesterday'" in res.output


def test_cli_self_contained_without_assets(events, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GEOEVENTS_CACHE_DIR", str(tmp_path / "cache"))
    src = _write_fc(tmp_path, events)
    res = CliRunner().invoke(cli, ["map", str(src), "-o", str(tmp_path / "m.html"),
                                   "--self-contained"])
    assert res.exit_code == 4
    assert "run: geoevents assets fetch" in res.output.lower()


def test_cli_assets_fetch_reports_download_failure(tmp_path, monkeypatch) -> None:
    import geoevents._assets as assets

    monkeypatch.setenv("GEOEVENTS_CACHE_DIR", str(tmp_path / "cache"))

    def offline(url: str) -> bytes:
        raise AssetError(f"could not download {url}: network is off")

    monkeypatch.setattr(assets, "_download", offline)
    res = CliRunner().invoke(cli, ["assets", "fetch"])
    assert res.exit_code == 1
    assert "could not download https://registry.npmjs.org/leaflet/-/leaflet-1.9.3.tgz" in (
        res.output)


@needs_assets
def test_cli_assets_fetch_with_intact_cache_downloads_nothing(monkeypatch) -> None:
    import geoevents._assets as assets

    def no_network(url: str) -> bytes:
        raise AssertionError(f"downloaded {url}")

    monkeypatch.setattr(assets, "_download", no_network)
    res = CliRunner().invoke(cli, ["assets", "fetch"])
    assert res.exit_code == 0, res.output
    assert "6 asset files verified" in res.output


def test_import_geoevents_stays_light() -> None:
    import subprocess
    import sys

    code = ("import sys, geoevents._maps, geoevents._assets; "
            "print(','.join(m for m in ('folium', 'branca', 'shapely') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_asset_hash_helper() -> None:
    import base64

    assert sri_sha512(b"abc") == "sha512-" + base64.b64encode(
        hashlib.sha512(b"abc").digest()).decode()
