"""Events map benchmark: 10,000 synthetic events -> HTML, then first render and a slider step.

    python benchmarks/map_bench.py [--events 10000] [--basemap offline] [--no-browser]

Prints a markdown table row:

| events | basemap | build + write (s) | HTML (MB) | first render (ms) | slider step (ms) |

Budget: build + write <= 3 s. The HTML is self-contained when the asset cache is filled
(``geoevents assets fetch``), otherwise it links the pinned CDN files and the browser part is
skipped. The browser part needs selenium, Chromium and chromedriver.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CATEGORIES = ["air_strike", "rocket_fire", "interception", "armed_clash", "raid", "shooting",
              "attack", "riot", "arrest", "eviction", "demolition", "property_damage",
              "displacement", "mobilisation", "alert"]
PLACES = [("Gaza City", 34.4668, 31.5016), ("Khan Yunis", 34.3063, 31.3462),
          ("Rafah", 34.2427, 31.2972), ("Jenin", 35.3027, 32.4597),
          ("Nablus", 35.2544, 32.2211), ("Ashkelon", 34.5715, 31.6693),
          ("Sderot", 34.5961, 31.525), ("Hebron", 35.0998, 31.5326),
          ("Tulkarm", 35.0286, 32.3104), ("Beit Hanoun", 34.5356, 31.5386)]


def synthetic_events(n: int, *, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` event Features spread over a year and the region (fixed seed)."""
    rnd = random.Random(seed)
    day0 = date(2023, 1, 1)
    out = []
    for i in range(n):
        name, lon, lat = rnd.choice(PLACES)
        start = day0 + timedelta(days=rnd.randrange(365))
        undated = rnd.random() < 0.03
        killed = rnd.choice([None, 0, 1, 2, 5, 12, 40, 300])
        geo = rnd.choice([1, 1, 1, 2, 3])
        docs = [f"doc-{rnd.randrange(5000):04d}" for _ in range(rnd.randint(1, 3))]
        out.append({
            "type": "Feature",
            "id": f"ev-{i:05d}",
            "geometry": None if rnd.random() < 0.02 else {
                "type": "Point",
                "coordinates": [round(lon + rnd.uniform(-0.05, 0.05), 5),
                                round(lat + rnd.uniform(-0.05, 0.05), 5)]},
            "properties": {
                "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
                "category": rnd.choice(CATEGORIES), "killed": killed, "killed_low": None,
                "killed_high": None, "injured": rnd.choice([None, 0, 3, 20]),
                "injured_low": None, "injured_high": None,
                "rockets": rnd.choice([None, None, 10, 130]), "strikes": None,
                "displaced": None, "arrested": None,
                "killed_qualifier": rnd.choice(["", "", "at least"]), "injured_qualifier": "",
                "cumulative": rnd.random() < 0.01,
                "date_start": None if undated else start.isoformat(),
                "date_end": None if undated else (
                    start + timedelta(days=rnd.choice([0, 0, 0, 1, 2]))).isoformat(),
                "time_precision": 1, "place_name": name, "place_id": f"geonames:{i}",
                "country_code": "PS", "admin1": "Gaza Strip", "geo_precision": geo,
                "actors": "Israel Defense Forces; Hamas", "victims": "civilians",
                "claimed_by": rnd.choice(["", "Hamas", "IDF"]),
                "source_ids": ";".join(docs), "n_sources": len(docs),
                "evidence": "\n".join(
                    f"[{d}] An air strike hit a building in {name}, killing {killed} people, "
                    "the health ministry said." for d in docs),
                "notes": "",
            },
        })
    return out


def browser_times(path: Path) -> tuple[float, float] | None:
    """(first render ms, one slider step ms) in headless Chromium, or None without one."""
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from make_screenshot import find_browser, make_driver
    finally:
        sys.path.pop(0)
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    if find_browser() is None:
        return None
    drv = make_driver(1400, 900, offline=True)
    try:
        drv.get(path.resolve().as_uri())
        first = drv.execute_async_script("""
            var done = arguments[arguments.length - 1];
            requestAnimationFrame(function () { requestAnimationFrame(function () {
                done(performance.now()); }); });""")
        step = drv.execute_async_script("""
            var done = arguments[arguments.length - 1];
            var s = document.querySelector('.leaflet-timeline-control input.time-slider');
            var t0 = performance.now();
            s.value = String(Number(s.value) + 86400000 * 30);
            s.dispatchEvent(new Event('input'));
            requestAnimationFrame(function () { requestAnimationFrame(function () {
                done(performance.now() - t0); }); });""")
        severe = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
        if severe:
            print(f"browser errors: {severe}", file=sys.stderr)
        return float(first), float(step)
    finally:
        drv.quit()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--basemap", choices=["tiles", "offline"], default="offline")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--out", type=Path, help="keep the HTML here")
    args = ap.parse_args(argv)

    from geoevents._assets import missing_assets
    from geoevents._maps import events_map, save_map

    evs = synthetic_events(args.events)
    inline = not missing_assets()
    out = args.out or Path(tempfile.mkdtemp()) / "bench_map.html"
    events_map(evs[:10], basemap=args.basemap)  # warm imports (folium, shapely)
    t0 = time.perf_counter()
    path = save_map(events_map(evs, basemap=args.basemap, self_contained=inline), out)
    build = time.perf_counter() - t0
    size = path.stat().st_size / 1e6
    times = None if args.no_browser or not inline else browser_times(path)
    render, step = (f"{times[0]:.0f}", f"{times[1]:.0f}") if times else ("-", "-")
    print("| events | basemap | build + write (s) | HTML (MB) | first render (ms) "
          "| slider step (ms) |")
    print("|---:|---|---:|---:|---:|---:|")
    print(f"| {args.events:,} | {args.basemap}{'' if inline else ' (CDN)'} | {build:.2f} "
          f"| {size:.1f} | {render} | {step} |")
    return 0 if build <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
