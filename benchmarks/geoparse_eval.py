"""Accuracy and throughput benchmark of ``geoevents`` on the shared evaluation corpora.

Two modes, each run over every selected document:

``e2e`` (end to end)
    ``geoparse(text, published=date)``. Recognition precision / recall / F1 on exact
    ``(start, end)`` spans against every gold toponym, and F1@161: a predicted span is a true
    positive only if it matches a gold span exactly, that gold toponym has coordinates, the
    prediction has a place and the great-circle distance is <= 161 km. Gold toponyms without
    coordinates, and predictions whose span matches one of them exactly, are left out of both
    sides of F1@161. Every returned mention counts, whatever its ``role``; a mention whose
    ``place`` is None counts as a prediction for P/R (it was recognised) and as wrong for F1@161.

``resolve`` (resolution only)
    ``resolve_spans(text, gold_spans, published=date)`` with the gold spans that have coordinates.
    Acc@161 (None = miss), mean and median error in km and the AUC of the log error curve
    (Gritta et al. 2018)::

        e_i = great-circle error in km of span i (20,039 km if unresolved)
        AUC = mean(log(1 + e_i)) / log(20039)          # 0 = perfect, 1 = worst; lower is better

    (the area under the sorted ``log(1 + e)`` curve, normalised by its maximum; Gritta et al.
    compute the same area with the trapezoid rule, which differs only by an end-point term.)

Throughput (docs/s, MB/s of UTF-8 text) is wall-clock time (``time.perf_counter``) spent inside
the library calls only: corpus loading and scoring are excluded, and one warm-up call of each
function is made first and reported separately as the cold start.

Documents are split into ``dev`` and ``test`` by :func:`benchmarks._split.split_of`.

Run from the repository root, e.g.::

    python -m benchmarks.geoparse_eval --corpus lgl geovirus --json /tmp/geoparse.json

The corpora live outside the repository (``$GEOEVENTS_EVAL_DIR``, default ``../shared/eval``);
nothing here copies their text into the repository. ``--errors`` writes corpus text snippets:
point it at ``/tmp`` or another ignored path, never commit it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TextIO

if not __package__:  # run as a script: import from the repository root, as `python -m` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._split import SPLITS, Split, split_of  # noqa: E402

EARTH_RADIUS_KM: Final = 6371.0088
"""Mean earth radius (IUGG), km."""
MAX_ERROR_KM: Final = 20039.0
"""Error charged for an unresolved toponym, and the AUC normaliser (Gritta et al. 2018)."""
ACC_KM: Final = 161.0
"""Accuracy radius: 161 km = 100 miles."""
CONTEXT_CHARS: Final = 60
CORPORA: Final = ("lgl", "geovirus", "tudloc2013", "geocorpora")
ROLES_OF_INTEREST: Final = ("mention", "dateline", "relative")
REPO_ROOT: Final = Path(__file__).resolve().parent.parent
WARMUP_TEXT: Final = (
    "SPRINGFIELD, Ill. (AP) - Officials in Paris and in London, Ontario, said on Monday that "
    "flooding near Gaza City had eased; 20 km north of Ashkelon the roads reopened."
)

Mode = Literal["e2e", "resolve"]


# --------------------------------------------------------------------------------------------
# Geometry and metrics (pure functions, checked by benchmarks/_selftest.py)
# --------------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (haversine, spherical earth)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    h = min(1.0, max(0.0, h))  # guard against rounding just outside [0, 1]
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1 from counts; None where a ratio is undefined (0 / 0)."""
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    if p is None or r is None:
        f1 = None
    else:
        f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return p, r, f1


def auc_log_error(errors_km: Sequence[float]) -> float | None:
    """``mean(log(1 + e)) / log(20039)``: normalised area under the log error curve."""
    if not errors_km:
        return None
    return statistics.fmean(math.log1p(e) for e in errors_km) / math.log(MAX_ERROR_KM)


def accuracy_at(errors_km: Sequence[float], km: float = ACC_KM) -> float | None:
    """Fraction of errors <= ``km``."""
    if not errors_km:
        return None
    return sum(1 for e in errors_km if e <= km) / len(errors_km)


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold toponym."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Doc:
    """One evaluation document."""

    corpus: str
    id: str
    text: str
    date: str | None
    split: Split
    toponyms: tuple[Gold, ...]

    @property
    def geo_toponyms(self) -> tuple[Gold, ...]:
        return tuple(t for t in self.toponyms if t.has_coords)

    @property
    def n_bytes(self) -> int:
        return len(self.text.encode("utf-8"))


def default_eval_dir() -> Path:
    env = os.environ.get("GEOEVENTS_EVAL_DIR")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "eval"


def load_corpus(
    eval_dir: Path, corpus: str, splits: Iterable[Split], limit: int | None = None
) -> list[Doc]:
    """Documents of ``corpus`` in ``splits``, in file order; the first ``limit`` of them."""
    wanted = set(splits)
    docs: list[Doc] = []
    path = eval_dir / f"{corpus}.jsonl"
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if limit is not None and len(docs) >= limit:
                break
            if not line.strip():
                continue
            raw = json.loads(line)
            doc_id = str(raw["id"])
            split = split_of(doc_id)
            if split not in wanted:
                continue
            text: str = raw["text"]
            toponyms = []
            for t in raw["toponyms"]:
                gold = Gold(
                    start=int(t["start"]),
                    end=int(t["end"]),
                    name=t["name"],
                    lat=None if t.get("lat") is None else float(t["lat"]),
                    lon=None if t.get("lon") is None else float(t["lon"]),
                    geonameid=t.get("geonameid"),
                )
                if text[gold.start : gold.end] != gold.name:
                    raise ValueError(f"{path}:{lineno}: span {gold} does not match the text")
                toponyms.append(gold)
            toponyms.sort(key=lambda g: (g.start, g.end))
            docs.append(Doc(corpus, doc_id, text, raw.get("date"), split, tuple(toponyms)))
    return docs


def published_arg(date: str | None, kind: str) -> dt.date | str | None:
    """The ``published=`` argument for a document date (``YYYY-MM-DD`` or None)."""
    if date is None or kind == "none":
        return None
    if kind == "str":
        return date
    return dt.date.fromisoformat(date)


# --------------------------------------------------------------------------------------------
# Implementation under test
# --------------------------------------------------------------------------------------------


def load_impl(spec: str) -> Any:
    """Resolve ``module`` or ``module:attr.path`` to the object providing the API."""
    module_name, _, attr = spec.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


def _place_coords(place: Any) -> tuple[float, float] | None:
    if place is None:
        return None
    lat, lon = getattr(place, "lat", None), getattr(place, "lon", None)
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def _place_record(place: Any) -> dict[str, Any]:
    coords = _place_coords(place)
    return {
        "pred_id": getattr(place, "id", None),
        "pred_name": getattr(place, "name", None),
        "pred_kind": getattr(place, "kind", None),
        "pred_country": getattr(place, "country", None),
        "pred_lat": coords[0] if coords else None,
        "pred_lon": coords[1] if coords else None,
    }


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


# --------------------------------------------------------------------------------------------
# Per-document scoring
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class E2EDoc:
    """Counts of one document in end-to-end mode."""

    n_pred: int = 0
    n_gold: int = 0
    tp: int = 0
    n_pred_geo: int = 0
    n_gold_geo: int = 0
    tp_geo: int = 0
    n_unresolved: int = 0
    n_duplicate: int = 0
    n_invalid: int = 0
    failed: bool = False
    roles: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ResolveDoc:
    """Errors of one document in resolution-only mode."""

    errors_km: list[float] = field(default_factory=list)
    n_unresolved: int = 0
    failed: bool = False
    seconds: float = 0.0
    records: list[dict[str, Any]] = field(default_factory=list)


def score_e2e(doc: Doc, mentions: Sequence[Any]) -> E2EDoc:
    """Score the mentions returned by ``geoparse`` for one document."""
    res = E2EDoc(n_gold=len(doc.toponyms), n_gold_geo=len(doc.geo_toponyms))
    gold = {(g.start, g.end): g for g in doc.toponyms}
    base = {"doc_id": doc.id, "corpus": doc.corpus, "split": doc.split}
    predicted: dict[tuple[int, int], Any] = {}
    for m in mentions:
        res.roles[str(getattr(m, "role", None))] += 1
        span = (int(m.start), int(m.end))
        surface = doc.text[span[0] : span[1]]
        if not 0 <= span[0] < span[1] <= len(doc.text) or getattr(m, "text", surface) != surface:
            res.n_invalid += 1  # offsets out of range or `text` != text[start:end]; still scored
        if span in predicted:
            res.n_duplicate += 1  # the same span twice is one prediction; the first one counts
            continue
        predicted[span] = m
    res.n_pred = len(predicted)

    for span, m in predicted.items():
        g = gold.get(span)
        coords = _place_coords(m.place)
        if coords is None:
            res.n_unresolved += 1
        if g is not None:
            res.tp += 1
        if g is not None and not g.has_coords:
            continue  # left out of both sides of F1@161
        res.n_pred_geo += 1
        start, end = span
        if g is None:
            overlaps = [o.name for o in doc.toponyms if o.start < end and start < o.end]
            res.records.append(
                {
                    "kind": "e2e_fp",
                    **base,
                    "start": start,
                    "end": end,
                    "text": doc.text[start:end],
                    "role": getattr(m, "role", None),
                    "score": getattr(m, "score", None),
                    "overlaps_gold": overlaps,
                    **_place_record(m.place),
                    "context": _context(doc.text, start, end),
                }
            )
            continue
        assert g.lat is not None and g.lon is not None
        err = None if coords is None else haversine_km(g.lat, g.lon, *coords)
        if err is not None and err <= ACC_KM:
            res.tp_geo += 1
        else:
            res.records.append(
                {
                    "kind": "e2e_far",
                    **base,
                    "start": start,
                    "end": end,
                    "text": g.name,
                    "role": getattr(m, "role", None),
                    "score": getattr(m, "score", None),
                    "gold_lat": g.lat,
                    "gold_lon": g.lon,
                    "gold_geonameid": g.geonameid,
                    **_place_record(m.place),
                    "error_km": err,
                    "context": _context(doc.text, start, end),
                }
            )

    for g in doc.toponyms:
        if (g.start, g.end) not in predicted:
            overlaps = [doc.text[s:e] for (s, e) in predicted if s < g.end and g.start < e]
            res.records.append(
                {
                    "kind": "e2e_fn",
                    **base,
                    "start": g.start,
                    "end": g.end,
                    "text": g.name,
                    "gold_lat": g.lat,
                    "gold_lon": g.lon,
                    "gold_geonameid": g.geonameid,
                    "overlaps_pred": overlaps,
                    "context": _context(doc.text, g.start, g.end),
                }
            )
    return res


def score_resolve(doc: Doc, places: Sequence[Any]) -> ResolveDoc:
    """Score the places returned by ``resolve_spans`` for the gold spans with coordinates."""
    golds = doc.geo_toponyms
    if len(places) != len(golds):
        raise ValueError(
            f"{doc.id}: resolve_spans returned {len(places)} places for {len(golds)} spans"
        )
    res = ResolveDoc()
    for g, place in zip(golds, places, strict=True):
        assert g.lat is not None and g.lon is not None
        coords = _place_coords(place)
        if coords is None:
            res.n_unresolved += 1
            err = MAX_ERROR_KM
        else:
            err = haversine_km(g.lat, g.lon, *coords)
        res.errors_km.append(err)
        if coords is None or err > ACC_KM:
            res.records.append(
                {
                    "kind": "resolve_miss",
                    "doc_id": doc.id,
                    "corpus": doc.corpus,
                    "split": doc.split,
                    "start": g.start,
                    "end": g.end,
                    "text": g.name,
                    "gold_lat": g.lat,
                    "gold_lon": g.lon,
                    "gold_geonameid": g.geonameid,
                    **_place_record(place),
                    "error_km": None if coords is None else err,
                    "context": _context(doc.text, g.start, g.end),
                }
            )
    return res


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """Per-document results of one benchmark run, keyed by (corpus, doc id)."""

    docs: list[Doc]
    e2e: dict[tuple[str, str], E2EDoc] = field(default_factory=dict)
    resolve: dict[tuple[str, str], ResolveDoc] = field(default_factory=dict)
    cold_start: dict[str, float | None] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def warm_up(run: Run, api: Any, modes: Sequence[Mode], published: str, keep_going: bool) -> None:
    """Call each selected function once on a fixed sentence; record how long each took."""
    pub = published_arg("2021-05-11", published)
    start = WARMUP_TEXT.index("Paris")
    calls: list[tuple[Mode, str, Callable[[], object]]] = [
        ("e2e", "geoparse_s", lambda: api.geoparse(WARMUP_TEXT, published=pub)),
        (
            "resolve",
            "resolve_spans_s",
            lambda: api.resolve_spans(WARMUP_TEXT, [(start, start + 5)], published=pub),
        ),
    ]
    for mode, key, call in calls:
        run.cold_start[key] = None
        if mode not in modes:
            continue
        t0 = time.perf_counter()
        try:
            call()
        except Exception as exc:
            if not keep_going:
                raise
            run.failures.append(
                {"kind": f"{mode}_exception", "doc_id": "<warm-up>", "error": repr(exc)}
            )
        run.cold_start[key] = time.perf_counter() - t0


def run_benchmark(
    api: Any,
    docs: list[Doc],
    modes: Sequence[Mode],
    *,
    published: str = "date",
    keep_going: bool = False,
    log: TextIO | None = None,
) -> Run:
    """Warm up, then run every mode over every document."""
    run = Run(docs=docs)
    warm_up(run, api, modes, published, keep_going)
    if "e2e" in modes:
        _log(log, f"e2e: {len(docs)} docs")
        for i, doc in enumerate(docs, 1):
            pub = published_arg(doc.date, published)
            t0 = time.perf_counter()
            try:
                result = api.geoparse(doc.text, published=pub)
                mentions = list(result.mentions)
            except Exception as exc:
                if not keep_going:
                    raise
                mentions = []
                run.failures.append(_failure("e2e", doc, exc))
                failed = True
            else:
                failed = False
            seconds = time.perf_counter() - t0
            scored = score_e2e(doc, mentions)
            scored.seconds, scored.failed = seconds, failed
            run.e2e[(doc.corpus, doc.id)] = scored
            _progress(log, "e2e", i, len(docs))
    if "resolve" in modes:
        todo = [d for d in docs if d.geo_toponyms]
        _log(log, f"resolve: {len(todo)} docs with coordinates")
        for i, doc in enumerate(todo, 1):
            pub = published_arg(doc.date, published)
            spans = [(g.start, g.end) for g in doc.geo_toponyms]
            t0 = time.perf_counter()
            try:
                places = list(api.resolve_spans(doc.text, spans, published=pub))
            except Exception as exc:
                if not keep_going:
                    raise
                places = [None] * len(spans)
                run.failures.append(_failure("resolve", doc, exc))
                failed = True
            else:
                failed = False
            seconds = time.perf_counter() - t0
            res = score_resolve(doc, places)
            res.seconds, res.failed = seconds, failed
            run.resolve[(doc.corpus, doc.id)] = res
            _progress(log, "resolve", i, len(todo))
    return run


def _failure(mode: str, doc: Doc, exc: BaseException) -> dict[str, Any]:
    return {
        "kind": f"{mode}_exception",
        "doc_id": doc.id,
        "corpus": doc.corpus,
        "split": doc.split,
        "error": repr(exc),
    }


def _log(log: TextIO | None, msg: str) -> None:
    if log is not None:
        print(msg, file=log, flush=True)


def _progress(log: TextIO | None, mode: str, i: int, n: int) -> None:
    if log is not None and (i % 500 == 0 or i == n):
        print(f"  {mode}: {i}/{n}", file=log, flush=True)


# --------------------------------------------------------------------------------------------
# Aggregation
# --------------------------------------------------------------------------------------------


def _rate(count: float, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


def summarize_e2e(docs: Sequence[Doc], results: Sequence[E2EDoc]) -> dict[str, Any]:
    """Micro-averaged end-to-end metrics over a group of documents."""
    tot = {
        k: sum(getattr(r, k) for r in results)
        for k in (
            "n_pred",
            "n_gold",
            "tp",
            "n_pred_geo",
            "n_gold_geo",
            "tp_geo",
            "n_unresolved",
            "n_duplicate",
            "n_invalid",
        )
    }
    p, r, f1 = prf(tot["tp"], tot["n_pred"], tot["n_gold"])
    p_geo, r_geo, f1_geo = prf(tot["tp_geo"], tot["n_pred_geo"], tot["n_gold_geo"])
    roles: Counter[str] = Counter()
    for res in results:
        roles.update(res.roles)
    seconds = sum(res.seconds for res in results)
    n_bytes = sum(d.n_bytes for d in docs)
    return {
        "docs": len(results),
        **tot,
        "failed_docs": sum(res.failed for res in results),
        "precision": p,
        "recall": r,
        "f1": f1,
        "precision_161": p_geo,
        "recall_161": r_geo,
        "f1_161": f1_geo,
        "roles": dict(sorted(roles.items())),
        "seconds": seconds,
        "bytes": n_bytes,
        "docs_per_s": _rate(len(results), seconds),
        "mb_per_s": _rate(n_bytes / 1e6, seconds),
    }


def summarize_resolve(docs: Sequence[Doc], results: Sequence[ResolveDoc]) -> dict[str, Any]:
    """Resolution-only metrics over a group of documents."""
    errors = [e for r in results for e in r.errors_km]
    seconds = sum(r.seconds for r in results)
    n_bytes = sum(d.n_bytes for d in docs)
    return {
        "docs": len(results),
        "toponyms": len(errors),
        "unresolved": sum(r.n_unresolved for r in results),
        "failed_docs": sum(r.failed for r in results),
        "acc_161": accuracy_at(errors),
        "mean_km": statistics.fmean(errors) if errors else None,
        "median_km": statistics.median(errors) if errors else None,
        "auc": auc_log_error(errors),
        "seconds": seconds,
        "bytes": n_bytes,
        "docs_per_s": _rate(len(results), seconds),
        "mb_per_s": _rate(n_bytes / 1e6, seconds),
    }


def summarize(run: Run, docs: Sequence[Doc]) -> dict[str, Any]:
    """Metrics of both modes over ``docs`` (a subset of ``run.docs``)."""
    out: dict[str, Any] = {
        "docs": len(docs),
        "gold_toponyms": sum(len(d.toponyms) for d in docs),
        "gold_with_coords": sum(len(d.geo_toponyms) for d in docs),
        "e2e": None,
        "resolve": None,
    }
    keys = [(d.corpus, d.id) for d in docs]
    if run.e2e:
        out["e2e"] = summarize_e2e(docs, [run.e2e[k] for k in keys])
    if run.resolve:
        pairs = [(d, run.resolve[k]) for d, k in zip(docs, keys, strict=True) if k in run.resolve]
        out["resolve"] = summarize_resolve([d for d, _ in pairs], [r for _, r in pairs])
    return out


def group_rows(
    run: Run, corpora: Sequence[str], split: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(corpus, split, summary) rows; with ``split == "all"``: dev, test and all per corpus."""
    rows = []
    row_splits = [*SPLITS, "all"] if split == "all" else [split]
    for corpus in corpora:
        for s in row_splits:
            docs = [d for d in run.docs if d.corpus == corpus and s in ("all", d.split)]
            rows.append((corpus, s, summarize(run, docs)))
    return rows


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _num(x: float | None, fmt: str) -> str:
    return "–" if x is None else format(x, fmt)


def markdown_table(rows: Sequence[tuple[str, str, dict[str, Any]]]) -> str:
    """The results table (percentages for P, R, F1, F1@161, Acc@161)."""
    header = (
        "| corpus | split | docs | gold (coords) | P | R | F1 | F1@161 | Acc@161 | mean km "
        "| median km | AUC | e2e docs/s | res docs/s |"
    )
    lines = [header, "|---|---|" + "---:|" * 12]
    for corpus, split, s in rows:
        e, r = s["e2e"] or {}, s["resolve"] or {}
        lines.append(
            "| "
            + " | ".join(
                [
                    corpus,
                    split,
                    str(s["docs"]),
                    f"{s['gold_toponyms']} ({s['gold_with_coords']})",
                    _pct(e.get("precision")),
                    _pct(e.get("recall")),
                    _pct(e.get("f1")),
                    _pct(e.get("f1_161")),
                    _pct(r.get("acc_161")),
                    _num(r.get("mean_km"), ".0f"),
                    _num(r.get("median_km"), ".1f"),
                    _num(r.get("auc"), ".3f"),
                    _num(e.get("docs_per_s"), ".1f"),
                    _num(r.get("docs_per_s"), ".1f"),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def throughput_lines(run: Run, import_s: float) -> list[str]:
    """Cold start and whole-run throughput, as markdown bullet lines."""
    cs = run.cold_start
    lines = [
        f"- cold start: import {import_s:.3f} s; first `geoparse` "
        f"{_num(cs.get('geoparse_s'), '.3f')} s; first `resolve_spans` "
        f"{_num(cs.get('resolve_spans_s'), '.3f')} s (excluded from the rates below)"
    ]
    overall = summarize(run, run.docs)
    for mode in ("e2e", "resolve"):
        s = overall[mode]
        if s:
            lines.append(
                f"- {mode}: {s['docs']} docs, {s['bytes'] / 1e6:.2f} MB in {s['seconds']:.2f} s = "
                f"{_num(s['docs_per_s'], '.1f')} docs/s, {_num(s['mb_per_s'], '.3f')} MB/s"
            )
    if run.failures:
        lines.append(f"- {len(run.failures)} calls raised (--keep-going); see --errors")
    return lines


def _warn_if_in_repo(path: Path) -> None:
    try:
        path.resolve().relative_to(REPO_ROOT)
    except ValueError:
        return
    print(
        f"warning: {path} is inside the repository and holds corpus text; never commit it",
        file=sys.stderr,
    )


def write_errors(path: Path, run: Run) -> int:
    """Write error-analysis records (JSONL); return how many."""
    _warn_if_in_repo(path)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        results: list[E2EDoc | ResolveDoc] = [*run.e2e.values(), *run.resolve.values()]
        for rec in [*run.failures, *(rec for res in results for rec in res.records)]:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--corpus", nargs="+", choices=CORPORA, default=list(CORPORA), help="corpora to run"
    )
    ap.add_argument(
        "--split",
        choices=["dev", "test", "all"],
        default="all",
        help="documents to run (default all: rows for dev, test and all)",
    )
    ap.add_argument(
        "--limit", type=int, default=None, help="first N documents of each corpus (after --split)"
    )
    ap.add_argument(
        "--mode", choices=["e2e", "resolve", "both"], default="both", help="default both"
    )
    ap.add_argument(
        "--impl",
        default="geoevents",
        help="module[:attr] providing geoparse and resolve_spans (default geoevents)",
    )
    ap.add_argument(
        "--eval-dir",
        type=Path,
        default=None,
        help="corpus directory (default $GEOEVENTS_EVAL_DIR or ../shared/eval)",
    )
    ap.add_argument(
        "--published",
        choices=["date", "str", "none"],
        default="date",
        help="pass the document date as datetime.date (default), as the ISO string, or not at all",
    )
    ap.add_argument("--json", type=Path, default=None, help="write all numbers to this JSON file")
    ap.add_argument(
        "--errors", type=Path, default=None, help="write misses, FPs and FNs (JSONL) here (/tmp!)"
    )
    ap.add_argument(
        "--keep-going",
        action="store_true",
        help="count a call that raises as returning nothing instead of stopping",
    )
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    eval_dir: Path = args.eval_dir or default_eval_dir()
    modes: list[Mode] = ["e2e", "resolve"] if args.mode == "both" else [args.mode]
    splits: list[Split] = list(SPLITS) if args.split == "all" else [args.split]
    log = None if args.quiet else sys.stderr

    docs: list[Doc] = []
    for corpus in args.corpus:
        docs.extend(load_corpus(eval_dir, corpus, splits, args.limit))

    t0 = time.perf_counter()
    api = load_impl(args.impl)
    import_s = time.perf_counter() - t0

    run = run_benchmark(
        api, docs, modes, published=args.published, keep_going=args.keep_going, log=log
    )
    rows = group_rows(run, args.corpus, args.split)

    print(markdown_table(rows))
    print()
    print("\n".join(throughput_lines(run, import_s)))

    if args.json:
        payload = {
            "meta": {
                "impl": args.impl,
                "impl_version": getattr(api, "__version__", None),
                "corpora": args.corpus,
                "split": args.split,
                "limit": args.limit,
                "modes": modes,
                "published": args.published,
                "eval_dir": str(eval_dir),
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "metric_notes": {
                    "acc_km": ACC_KM,
                    "unresolved_error_km": MAX_ERROR_KM,
                    "auc": "mean(log(1 + e_km)) / log(20039), lower is better",
                    "earth_radius_km": EARTH_RADIUS_KM,
                },
            },
            "cold_start": {"import_s": import_s, **run.cold_start},
            "overall": summarize(run, run.docs),
            "rows": [{"corpus": c, "split": s, **summ} for c, s, summ in rows],
            "failures": len(run.failures),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if args.errors:
        n = write_errors(args.errors, run)
        _log(log, f"wrote {n} error records to {args.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
