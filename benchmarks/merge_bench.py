"""How ``merge_events`` scales with the number of events (years of news on one conflict).

Synthetic events are made from real extractions: a few template sentences go through
``extract_events`` once, then the events are copied with ``dataclasses.replace`` onto seeded
random dates (50 reports a day: 100,000 events cover 5.5 years), random places among the
template places, and random figures (``--undated``: a share of them without a date), all in
one country (the worst case: merging compares within a country). Each size is merged once and
timed; the time per event should stay flat as the input grows.

    python -m benchmarks.merge_bench --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
import time
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geoevents
from geoevents._events import Count

TEMPLATES = (
    "An Israeli air strike killed 3 people in Gaza City on May 11, 2021.",
    "Two rockets hit Ashkelon on May 11, 2021, injuring 5 people.",
    "Israeli forces raided the Jenin refugee camp on January 26, 2023, killing 9 Palestinians.",
    "A drone strike hit a house in Khan Younis on May 12, 2021.",
    "Police arrested 4 people in Sheikh Jarrah on May 9, 2021.",
    "Clashes in Nablus on May 14, 2021 left 11 people injured.",
)


def make_events(n: int, *, seed: int = 1, undated_share: float = 0.0) -> list[geoevents.Event]:
    base = [e for t in TEMPLATES for e in geoevents.extract_events(t)]
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    out = []
    for i in range(n):
        ev = rng.choice(base)
        day = start + dt.timedelta(days=rng.randrange(max(30, n // 50)))
        counts = tuple((k, Count(rng.randint(1, 40), None, None, "exact", str(c.best)))
                       for k, c in ev.counts)
        undated = rng.random() < undated_share
        out.append(dataclasses.replace(
            ev, id=f"ev-{i:07d}", date_start=None if undated else day,
            date_end=None if undated else day, counts=counts))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 50000])
    ap.add_argument("--undated", type=float, default=0.0,
                    help="share of undated events (they are compared with every cluster of "
                         "their country)")
    args = ap.parse_args(argv)
    print("| events | merged | seconds | µs per event |")
    print("|---:|---:|---:|---:|")
    for n in args.sizes:
        evs = make_events(n, undated_share=args.undated)
        t = time.perf_counter()
        merged = geoevents.merge_events(evs)
        s = time.perf_counter() - t
        print(f"| {n:,} | {len(merged):,} | {s:.2f} | {s / n * 1e6:,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
