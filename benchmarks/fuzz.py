"""Fuzz the whole pipeline: generated and mutated documents, crash count reported.

Documents are built from the seeds (sentences shuffled, cut, duplicated), then mutated: byte
flips, inserted control characters, HTML/script payloads, right-to-left marks, huge and
negative numbers, impossible dates, very long runs, random Unicode. Each goes through
``process_document`` (read -> geoparse -> events); every 1,000 documents the events are
merged and written as GeoJSON, and every 10,000 a map is rendered. Any exception is a crash.

Usage::

    python -m benchmarks.fuzz [--n 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import time
import traceback
from pathlib import Path

from geoevents._documents import Document
from geoevents._export import dump_geojson, events_geojson
from geoevents._merging import merge_events
from geoevents._pipeline import process_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "</script><script>", "{{ 7*7 }}", "${alert(1)}", "\\", '"', "'", "\u202e", "\u200f",
    "\x00", "\x1b[31m", "\ufeff", "10^30 killed", "-5 injured", "1e308 rockets",
    "99999999999999999999999 people were killed", "on February 30, 2024", "in 99999",
    "on the night of January 32 to 33", "at least at least 5", "dozens of hundreds",
    "🚀🚀🚀", "غزة", "שדרות", "Ğażà Ćïtÿ", "\n\n\n", "\t" * 50, "a" * 5000,
]


def _sentences() -> list[str]:
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        out.extend(s.strip() for s in p.read_text(encoding="utf-8").replace("\n", ". ")
                   .split(". ") if s.strip())
    return out


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 8)):
        op = rng.random()
        pos = rng.randint(0, len(chars)) if chars else 0
        if op < 0.3 and chars:
            chars[min(pos, len(chars) - 1)] = chr(rng.randint(0, 0x2FFF))
        elif op < 0.6:
            chars[pos:pos] = list(rng.choice(PAYLOADS))
        elif op < 0.8 and chars:
            del chars[pos: pos + rng.randint(1, 20)]
        else:
            chars[pos:pos] = list(str(rng.choice([0, -1, 10**12, 2**63, 3.5, 1900, 2100])))
    return "".join(chars)


def make_doc(i: int, rng: random.Random, sents: list[str]) -> Document:
    """One generated document."""
    kind = rng.random()
    if kind < 0.1:
        text = "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 400))
                       if not 0xD800 <= rng.randint(0, 0x10FFFF) <= 0xDFFF)
        text = text.encode("utf-8", "replace").decode("utf-8", "replace")
    else:
        k = rng.randint(1, 12)
        text = ". ".join(rng.choice(sents) for _ in range(k)) + "."
        text = _mutate(text, rng)
    pub = rng.choice([None, "2021-05-11", "2023-02-02", "1999-12-31"])
    return Document(f"f{i}", text, pub, f"fuzz:{i}")


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--crashes", type=Path, default=Path("/tmp/geoevents-fuzz-crashes.jsonl"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sents = _sentences()
    crashes = 0
    events_total = 0
    batch = []
    t0 = time.perf_counter()
    with args.crashes.open("w", encoding="utf-8") as log:
        for i in range(args.n):
            doc = make_doc(i, rng, sents)
            try:
                res = process_document(doc)
                batch.extend(res.events)
                if (i + 1) % 1000 == 0:
                    merged = merge_events(batch)
                    events_total += len(merged)
                    fc = events_geojson(merged)
                    dump_geojson(fc)
                    if (i + 1) % 10_000 == 0:
                        from geoevents._maps import events_map, render_map

                        render_map(events_map(fc))
                    batch = []
            except Exception:  # noqa: BLE001 - counting crashes is the point
                crashes += 1
                log.write(json.dumps({"i": i, "text": doc.text[:2000],
                                      "error": traceback.format_exc()}) + "\n")
                batch = []
    dt = time.perf_counter() - t0
    print(f"| {args.n:,} | {crashes} | {events_total:,} | {dt:.0f} s | {args.n / dt:.0f} |")


if __name__ == "__main__":
    main()
