"""Train the resolver's candidate ranker on the dev split (never on test).

Every dev document of the corpora is prepared as ``resolve_spans`` does it (gold spans plus
the names recognised around them), the hand-weighted heuristic gives every name a provisional
sense, and :func:`geoevents._ranker.document_features` computes the features of every
candidate with those senses as context. Each gold toponym with at least two candidates gives
one training list: the label is "within 161 km of the gold point" (when no candidate is, the
closest one if it is within ``--fallback-km``, for country points that differ between
annotators; otherwise the list is left out). The model is a conditional logit: a softmax over
the list's candidates, maximising the log of the total probability of the positive candidates,
with an L2 penalty, fitted with L-BFGS (``scipy``, a dev-only tool; inference needs numpy only).

``--cv K`` first reports K-fold cross-validated Acc@161 (folds by document, all within dev)
next to the heuristic's, per corpus; then the model is fitted on all dev documents and written
to ``geoevents/_ranker.json`` (``--out``)::

    python -m benchmarks.train_ranker --cv 5
    python -m benchmarks.geoparse_eval --split dev --mode resolve   # check on dev
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._split import split_of  # noqa: E402
from benchmarks.geoparse_eval import CORPORA, default_eval_dir, haversine_km, load_corpus  # noqa: E402
from geoevents._gazetteer import default_gazetteer  # noqa: E402
from geoevents._ranker import (  # noqa: E402
    FEATURES,
    FORMAT_VERSION,
    DocGeometry,
    RankerModel,
    document_features,
    us_cues,
)
from geoevents._resolution import (  # noqa: E402
    WEIGHTS,
    _heuristic,
    _prepare_spans,
    _rerank,
)
from geoevents._resolution import (
    _same_sense as same_sense,
)

OUT = Path(__file__).resolve().parent.parent / "geoevents" / "_ranker.json"


@dataclass
class Example:
    """One gold toponym: its candidates' features and distances to the gold point."""

    corpus: str
    doc: str
    x: np.ndarray  # (n_cands, n_features); (0, F) when the name has no candidate
    km: np.ndarray  # (n_cands,)
    heuristic: int  # index chosen by the heuristic (-1: no candidate)
    same: np.ndarray | None = None  # (n_cands,) the same place as the heuristic's choice


@dataclass
class DocProblem:
    corpus: str
    doc: str
    prob: Any
    gold: list[tuple[float, float]]
    us: float


def prepare(corpora: list[str], eval_dir: Path, limit: int | None) -> list[DocProblem]:
    gaz = default_gazetteer()
    out = []
    for corpus in corpora:
        for d in load_corpus(eval_dir, corpus, ["dev"], limit):
            assert split_of(d.id) == "dev"
            golds = d.geo_toponyms
            if not golds:
                continue
            prob = _prepare_spans(d.text, [(g.start, g.end) for g in golds], gaz)
            out.append(DocProblem(corpus, d.id, prob,
                                  [(float(g.lat), float(g.lon)) for g in golds],  # type: ignore[arg-type]
                                  us_cues(d.text)))
    return out


def examples(docs: list[DocProblem], model: RankerModel | None = None,
             passes: int = 0) -> list[Example]:
    """Features with the heuristic's senses as context (then ``passes`` ranker passes)."""
    out = []
    for dp in docs:
        p = dp.prob
        geo = DocGeometry(p.items)
        _heuristic(p.items, geo, p.evidence, p.dateline_countries)
        heur = [it.best for it in p.items]
        hscores = [list(it.scores) for it in p.items]
        if model is not None and passes:
            _rerank(p.items, geo, p.evidence, p.dateline_countries, model, passes=passes,
                    us_text=dp.us)
        feats = document_features(p.items, geo, p.evidence, p.dateline_countries,
                                  heuristic=hscores, us_text=dp.us)
        for idx, (lat, lon) in zip(p.wanted, dp.gold, strict=True):
            it = p.items[idx]
            km = np.array([haversine_km(lat, lon, c.place.lat, c.place.lon) for c in it.cands])
            same = (same_sense(geo, idx, heur[idx]) if it.cands
                    else np.zeros(0, dtype=bool))
            out.append(Example(dp.corpus, dp.doc, feats[idx], km,
                               heur[idx] if it.cands else -1, same))
    return out


def labels(ex: Example, fallback_km: float) -> np.ndarray | None:
    pos = ex.km <= 161.0
    if not pos.any():
        if len(ex.km) and ex.km.min() <= fallback_km:
            pos = ex.km == ex.km.min()
        else:
            return None
    if pos.all():
        return None  # nothing to learn
    return pos


def pack(exs: list[Example], fallback_km: float, corpus_balance: bool
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Padded (lists, max_cands, F) features, validity mask, positive mask, list weights."""
    use = [(e, y) for e in exs if len(e.km) >= 2 for y in [labels(e, fallback_km)] if y is not None]
    n = max(len(e.km) for e, _ in use)
    f = len(FEATURES)
    x = np.zeros((len(use), n, f))
    valid = np.zeros((len(use), n), dtype=bool)
    pos = np.zeros((len(use), n), dtype=bool)
    for i, (e, y) in enumerate(use):
        k = len(e.km)
        x[i, :k], valid[i, :k], pos[i, :k] = e.x, True, y
    weight = np.ones(len(use))
    if corpus_balance:
        counts: dict[str, int] = defaultdict(int)
        for e, _ in use:
            counts[e.corpus] += 1
        weight = np.array([len(use) / len(counts) / counts[e.corpus] for e, _ in use])
    return x, valid, pos, weight


def fit(x: np.ndarray, valid: np.ndarray, pos: np.ndarray, weight: np.ndarray, l2: float
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Conditional-logit weights on standardised features: (weight, mean, scale)."""
    from scipy.optimize import minimize

    rows = x[valid]
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = np.where(valid[..., None], (x - mean) / scale, 0.0)
    wsum = weight.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        s = np.where(valid, s, -np.inf)
        m = s.max(axis=1, keepdims=True)
        e_all = np.where(valid, np.exp(s - m), 0.0)
        e_pos = np.where(pos, e_all, 0.0)
        z_all, z_pos = e_all.sum(axis=1), e_pos.sum(axis=1)
        nll = -(np.log(z_pos) - np.log(z_all))
        p_all = e_all / z_all[:, None]
        p_pos = e_pos / z_pos[:, None]
        grad = np.einsum("l,lnf->f", weight, (p_all - p_pos)[..., None] * z)
        val = float((weight * nll).sum() / wsum + l2 * w @ w)
        return val, grad / wsum + 2 * l2 * w

    res = minimize(loss, np.zeros(z.shape[2]), jac=True, method="L-BFGS-B",
                   options={"maxiter": 2000})
    return res.x, mean, scale


def choose(e: Example, model: RankerModel) -> int:
    """The ranker's choice, kept at the heuristic's where both mean the same place."""
    if not len(e.km):
        return -1
    best = int(np.argmax(model.score(e.x)))
    if e.same is not None and e.same[best]:
        return e.heuristic
    return best


def accuracy(exs: list[Example], choose: Any) -> dict[str, float]:
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in exs:
        h = hits[e.corpus]
        h[1] += 1
        if len(e.km):
            h[0] += bool(e.km[choose(e)] <= 161.0)
    return {c: h[0] / h[1] for c, h in sorted(hits.items())}


def model_of(w: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> RankerModel:
    return RankerModel(w, mean, scale, {})


def fold_of(doc: str, k: int) -> int:
    return int(hashlib.md5(doc.encode("utf-8")).hexdigest(), 16) % k


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", choices=CORPORA, default=list(CORPORA))
    ap.add_argument("--eval-dir", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None, help="first N dev documents per corpus")
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--fallback-km", type=float, default=0.0)
    ap.add_argument("--corpus-balance", action="store_true",
                    help="weight the lists so that every corpus counts the same")
    ap.add_argument("--passes", type=int, default=1,
                    help="ranker passes at inference, evaluated in --cv (default 1)")
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation on dev first")
    ap.add_argument("--out", type=Path, default=OUT, help="weights file (default the package's)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    eval_dir = args.eval_dir or default_eval_dir()
    docs = prepare(args.corpus, eval_dir, args.limit)
    exs = examples(docs)
    base = accuracy(exs, lambda e: e.heuristic)
    print("heuristic (dev)", {c: round(100 * v, 2) for c, v in base.items()})
    if args.cv:
        cv_hits: dict[str, list[float]] = defaultdict(list)
        pred: list[Example] = []
        for k in range(args.cv):
            train = [e for e in exs if fold_of(e.doc, args.cv) != k]
            w, mean, scale = fit(*pack(train, args.fallback_km, args.corpus_balance), args.l2)
            model = model_of(w, mean, scale)
            held_docs = [d for d in docs if fold_of(d.doc, args.cv) == k]
            held = examples(held_docs, model, args.passes - 1) if args.passes > 1 else \
                [e for e in exs if fold_of(e.doc, args.cv) == k]
            for e in held:
                e.heuristic = choose(e, model)
            pred.extend(held)
        acc = accuracy(pred, lambda e: e.heuristic)
        for c, v in acc.items():
            cv_hits[c].append(v)
        print(f"ranker ({args.cv}-fold CV on dev)",
              {c: round(100 * v, 2) for c, v in acc.items()},
              "mean gain", round(100 * float(np.mean([acc[c] - base[c] for c in acc])), 2))
        # restore the heuristic choices for the final fit
        exs = examples(docs)
        cv_report = {c: round(v, 4) for c, v in acc.items()}
    else:
        cv_report = {}
    w, mean, scale = fit(*pack(exs, args.fallback_km, args.corpus_balance), args.l2)
    model = model_of(w, mean, scale)
    fitted = accuracy(exs, lambda e: choose(e, model))
    print("ranker (dev, training fit)", {c: round(100 * v, 2) for c, v in fitted.items()})
    for name, wi in sorted(zip(FEATURES, w, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:16s} {wi:+.3f}")
    payload = {
        "format": "geoevents candidate ranker",
        "format_version": FORMAT_VERSION,
        "model": "conditional logit: softmax over a name's candidates of "
                 "((x - mean) / scale) @ weight",
        "trained": dt.date.today().isoformat(),
        "training": {
            "script": "benchmarks/train_ranker.py",
            "split": "dev",
            "corpora": args.corpus,
            "documents": len(docs),
            "lists": int(pack(exs, args.fallback_km, args.corpus_balance)[0].shape[0]),
            "l2": args.l2,
            "fallback_km": args.fallback_km,
            "corpus_balance": args.corpus_balance,
            "context": "heuristic senses (WEIGHTS), then "
                       f"{args.passes} ranker pass(es) at inference",
        },
        "dev_acc161": {"heuristic": {c: round(v, 4) for c, v in base.items()},
                       f"ranker_cv{args.cv}": cv_report},
        "features": [{"name": f, "weight": round(float(wi), 6), "mean": round(float(mi), 6),
                      "scale": round(float(si), 6)}
                     for f, wi, mi, si in zip(FEATURES, w, mean, scale, strict=True)],
    }
    if not args.no_write:
        args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print("wrote", args.out)
    if args.passes != int(WEIGHTS.get("ranker_passes", 1)):
        print(f"note: set WEIGHTS['ranker_passes'] = {args.passes} in geoevents/_resolution.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
