"""Tune the resolver's feature weights on the dev split (never on test).

Each dev document is prepared once (recognition and gazetteer lookups), then the weights are
searched coordinate-wise to maximise mean Acc@161 over the corpora, with the learned ranker
switched off. Prints the best weights; copy them into ``geoevents/_resolution.py`` ``WEIGHTS``,
retrain the ranker on top (``python -m benchmarks.train_ranker --cv 5``: its features include
the heuristic's scores) and report test scores with ``benchmarks/geoparse_eval.py --split test``.

    python -m benchmarks.tune_resolver --corpus lgl geovirus tudloc2013 geocorpora
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._split import split_of
from geoevents._gazetteer import default_gazetteer, haversine_km
from geoevents._resolution import WEIGHTS, _prepare_spans, _resolve_items

GRID = {
    "country": [1.0, 2.0, 2.5, 3.5, 5.0],
    "admin1": [0.5, 1.0, 2.0, 3.0, 4.0],
    "near": [0.5, 1.0, 1.5, 2.5, 4.0],
    "near_km": [50.0, 150.0, 400.0],
    "qualifier": [2.0, 4.0, 6.0],
    "demonym": [0.0, 0.5, 1.0],
    "context": [0.0, 0.25, 0.5, 0.75, 1.0],
}


def load(corpus: str, eval_dir: Path, split: str, limit: int | None) -> list[dict]:
    docs = []
    with (eval_dir / f"{corpus}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if split_of(d["id"]) != split:
                continue
            gold = [t for t in d["toponyms"] if t.get("lat") is not None]
            if gold:
                d["gold"] = gold
                docs.append(d)
            if limit and len(docs) >= limit:
                break
    return docs


def score(problems: list, weights: dict[str, float]) -> dict[str, float]:
    per: dict[str, list[int]] = {}
    for corpus, prob, gold in problems:
        _resolve_items(prob.items, prob.evidence, prob.dateline_countries, weights,
                       use_ranker=False)
        hits = per.setdefault(corpus, [0, 0])
        for idx, g in zip(prob.wanted, gold, strict=True):
            it = prob.items[idx]
            hits[1] += 1
            if it.cands:
                p = it.cands[it.best].place
                hits[0] += haversine_km(p.lat, p.lon, g["lat"], g["lon"]) <= 161
    return {c: h[0] / h[1] for c, h in per.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", default=["lgl", "geovirus", "tudloc2013", "geocorpora"])
    ap.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    gaz = default_gazetteer()
    problems = []
    for corpus in args.corpus:
        for d in load(corpus, args.eval_dir, "dev", args.limit):
            spans = [(t["start"], t["end"]) for t in d["gold"]]
            problems.append((corpus, _prepare_spans(d["text"], spans, gaz), d["gold"]))
    best = dict(WEIGHTS)
    res = score(problems, best)
    best_mean = sum(res.values()) / len(res)
    print("start", {k: round(v, 4) for k, v in res.items()}, round(best_mean, 4))
    for _ in range(args.rounds):
        for key, values in GRID.items():
            for v in values:
                trial = dict(best, **{key: v})
                res = score(problems, trial)
                mean = sum(res.values()) / len(res)
                if mean > best_mean + 1e-6:
                    best, best_mean = trial, mean
                    print(f"{key}={v}", {k: round(x, 4) for k, x in res.items()}, round(mean, 4))
    print(json.dumps(best, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
