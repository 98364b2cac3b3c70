"""Where did the event happen? Scored on Halterman's event-location sentences.

Each sentence of ``../shared/eval/event_location.events.jsonl`` has an event verb and the
span(s) of the place where that event happened (or none). We run :func:`extract_events` on
the sentence and look at the place span of the event it reports:

- **located**: sentences with a gold location where our event is placed on one of the gold
  spans (overlap) -- the score the events issue asks for;
- **wrong place**: we placed it on another place named in the sentence;
- **no place**: we found no event, or placed it by fallback (no span in the sentence);
- on sentences without a gold location, **false place**: we placed the event on a name;
- **locator given the verb**: :func:`geoevents._events.locate_event` anchored on the gold
  verb (the place-choice rules alone, without deciding whether there is an event).

Baseline for comparison: the first resolved place mention of the sentence.

Usage::

    python -m benchmarks.event_eval [--limit N] [--gold-only] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from geoevents import extract_events, geoparse
from geoevents._events import locate_event

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "event_location.events.jsonl"


def _overlaps(span: tuple[int, int] | None, golds: list[dict[str, int]]) -> bool:
    if span is None:
        return False
    return any(span[0] < g["end"] and g["start"] < span[1] for g in golds)


def evaluate(path: Path, *, limit: int | None = None, gold_only: bool = False
             ) -> dict[str, float | int]:
    """Score the event locator on the event-location sentences."""
    n_loc = located = wrong = none = 0
    n_noloc = false_place = 0
    base_ok = 0
    loc_ok = loc_noloc_false = 0
    t0 = time.perf_counter()
    n = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if gold_only and not rec.get("gold"):
                continue
            if rec.get("answer") == "reject":
                continue
            n += 1
            if limit and n > limit:
                break
            text = rec["text"]
            golds = rec.get("locations") or []
            evs = extract_events(text, published=rec.get("date"), doc_id=str(rec["id"]))
            spans = [e.place_span for e in evs if e.place_span is not None]
            # the event of the annotated verb: the one whose evidence covers it (one sentence
            # in, so the first event with a span)
            span = spans[0] if spans else None
            res = geoparse(text)
            v = rec.get("verb") or {}
            m = locate_event(text, v.get("start", 0), v.get("end", 0), result=res)
            mspan = (m.start, m.end) if m is not None else None
            if golds and _overlaps(mspan, golds):
                loc_ok += 1
            if not golds and mspan is not None:
                loc_noloc_false += 1
            if golds:
                n_loc += 1
                if _overlaps(span, golds):
                    located += 1
                elif span is None:
                    none += 1
                else:
                    wrong += 1
                first = next((m for m in res.mentions if m.place is not None
                              and m.role != "dateline"), None)
                if first is not None and _overlaps((first.start, first.end), golds):
                    base_ok += 1
            else:
                n_noloc += 1
                if span is not None:
                    false_place += 1
    dt = time.perf_counter() - t0
    return {
        "sentences": n_loc + n_noloc,
        "with_location": n_loc,
        "located": located,
        "located_pct": round(100 * located / max(n_loc, 1), 1),
        "wrong_place_pct": round(100 * wrong / max(n_loc, 1), 1),
        "no_place_pct": round(100 * none / max(n_loc, 1), 1),
        "locator_given_verb_pct": round(100 * loc_ok / max(n_loc, 1), 1),
        "locator_false_place_pct": round(100 * loc_noloc_false / max(n_noloc, 1), 1),
        "baseline_first_place_pct": round(100 * base_ok / max(n_loc, 1), 1),
        "without_location": n_noloc,
        "false_place_pct": round(100 * false_place / max(n_noloc, 1), 1),
        "sentences_per_s": round((n_loc + n_noloc) / dt, 1),
    }


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--gold-only", action="store_true", help="Adjudicated sentences only.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.data, limit=args.limit, gold_only=args.gold_only)
    if args.json:
        print(json.dumps(res))
        return
    for k, v in res.items():
        print(f"{k:28} {v}")


if __name__ == "__main__":
    main()
