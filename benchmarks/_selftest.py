"""Self-test of the benchmark scripts against fake implementations (not a geoevents test).

Checks the haversine distance against independent values, the metric definitions on a tiny
hand-made corpus with hand-computed expected numbers (written to a temporary directory, so no
evaluation text is involved), that an oracle returning the gold answers scores perfectly, and
that ``gazetteer_bench`` runs end to end. Needs neither ``geoevents`` nor the shared corpora;
``--with-corpora`` additionally runs the oracle over the first documents of the real corpora
(read from ``$GEOEVENTS_EVAL_DIR`` or ``../shared/eval``, nothing is written)::

    python -m benchmarks._selftest [--with-corpora]

This module also serves as a fake ``--impl`` for the scripts (it has a ``Gazetteer`` and a
``tiny_api`` object), which is why the fakes live at module level.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import math
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import gazetteer_bench
from benchmarks import geoparse_eval as ge
from benchmarks._split import split_of

# --------------------------------------------------------------------------------------------
# Fakes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakePlace:
    id: str
    name: str
    lat: float
    lon: float
    kind: str = "city"
    country: str = "XX"


@dataclass(frozen=True)
class FakeMention:
    start: int
    end: int
    text: str
    place: FakePlace | None
    score: float = 0.9
    alternatives: tuple[FakePlace, ...] = ()
    role: str = "mention"


@dataclass(frozen=True)
class FakeResult:
    mentions: list[FakeMention]


@dataclass
class TableGeoparser:
    """Answers ``geoparse`` / ``resolve_spans`` from tables keyed by the document text."""

    e2e: dict[str, list[FakeMention]] = field(default_factory=dict)
    resolve: dict[str, dict[tuple[int, int], FakePlace | None]] = field(default_factory=dict)
    published_seen: list[object] = field(default_factory=list)

    def geoparse(self, text: str, *, published: object = None) -> FakeResult:
        self.published_seen.append(published)
        return FakeResult(list(self.e2e.get(text, [])))

    def resolve_spans(
        self, text: str, spans: list[tuple[int, int]], *, published: object = None
    ) -> list[FakePlace | None]:
        table = self.resolve.get(text, {})
        return [table.get((s, e)) for s, e in spans]


def oracle(docs: Sequence[ge.Doc]) -> TableGeoparser:
    """A fake that returns exactly the gold spans and gold coordinates."""
    fake = TableGeoparser()
    for doc in docs:
        mentions, places = [], {}
        for g in doc.toponyms:
            place = None
            if g.lat is not None and g.lon is not None:
                place = FakePlace(f"gold:{g.geonameid}", g.name, g.lat, g.lon)
            mentions.append(FakeMention(g.start, g.end, g.name, place))
            places[(g.start, g.end)] = place
        fake.e2e[doc.text] = mentions
        fake.resolve[doc.text] = places
    return fake


class Gazetteer:
    """Fake gazetteer: a slow constructor, a candidate for every name but the known misses."""

    def __init__(self) -> None:
        time.sleep(0.05)
        self._misses = set(gazetteer_bench.MISS_NAMES)

    def lookup(self, name: str) -> list[FakePlace]:
        if name in self._misses:
            return []
        return [FakePlace(f"fake:{name}", name, 0.0, 0.0), FakePlace(f"fake2:{name}", name, 1, 1)]


# --------------------------------------------------------------------------------------------
# The tiny hand-made corpus (invented sentences) and its hand-computed expected scores
# --------------------------------------------------------------------------------------------

SPRINGFIELD = FakePlace("t:springfield", "Springfield", 39.8017, -89.6437)
PARIS = FakePlace("t:paris", "Paris", 48.8566, 2.3522)
PARIS_TX = FakePlace("t:paris-tx", "Paris", 33.6609, -95.5555)
CAIRO = FakePlace("t:cairo", "Cairo", 30.0444, 31.2357)
GAZA_CITY = FakePlace("t:gaza", "Gaza City", 31.5017, 34.4668)
GAZA_NORTH_50KM = FakePlace("t:gaza-n", "Somewhere", 31.5017 + 0.45, 34.4668)  # ~50 km north
XVILLE = FakePlace("t:xville", "Xville", 10.0, 10.0)

TEXT1 = (
    "Flooding hit Springfield and Paris on Monday, officials in Nowhereland said. "
    "Rain also fell on Xville."
)
TEXT2 = "Talks in Cairo and Gaza City continued."
TEXT3 = "Nothing happened today."


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def _gold(text: str, surface: str, place: FakePlace | None) -> dict[str, Any]:
    s, e = _span(text, surface)
    return {
        "start": s,
        "end": e,
        "name": surface,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonameid": None,
    }


def _m(text: str, surface: str, place: FakePlace | None, role: str = "mention") -> FakeMention:
    s, e = _span(text, surface)
    return FakeMention(s, e, surface, place, role=role)


# split_of: tiny-1 and tiny-3 are dev, tiny-2 is test (checked below).
TINY_DOCS: list[dict[str, Any]] = [
    {
        "id": "tiny-1",
        "text": TEXT1,
        "date": "2021-05-11",
        "source": "tiny",
        "toponyms": [
            _gold(TEXT1, "Springfield", SPRINGFIELD),
            _gold(TEXT1, "Paris", PARIS),
            _gold(TEXT1, "Nowhereland", None),  # recognition only
        ],
    },
    {
        "id": "tiny-2",
        "text": TEXT2,
        "date": None,
        "source": "tiny",
        "toponyms": [_gold(TEXT2, "Cairo", CAIRO), _gold(TEXT2, "Gaza City", GAZA_CITY)],
    },
    {"id": "tiny-3", "text": TEXT3, "date": "2020-01-01", "source": "tiny", "toponyms": []},
]

tiny_api = TableGeoparser(
    e2e={
        TEXT1: [
            _m(TEXT1, "Springfield", SPRINGFIELD, role="dateline"),  # TP, TP@161
            _m(TEXT1, "Springfield", SPRINGFIELD),  # duplicate span: ignored
            _m(TEXT1, "Paris", PARIS_TX),  # TP span, wrong place (> 161 km)
            _m(TEXT1, "Nowhereland", None),  # TP span; gold has no coords: out of F1@161
            _m(TEXT1, "Monday", None),  # FP, unresolved
            _m(TEXT1, "Xville", XVILLE, role="relative"),  # FP (not annotated)
        ],
        TEXT2: [
            _m(TEXT2, "Cairo", CAIRO),  # TP, TP@161
            _m(TEXT2, "Gaza", GAZA_CITY),  # FP (partial span); Gaza City is a FN
        ],
        TEXT3: [],
    },
    resolve={
        TEXT1: {_span(TEXT1, "Springfield"): SPRINGFIELD, _span(TEXT1, "Paris"): PARIS_TX},
        TEXT2: {_span(TEXT2, "Cairo"): None, _span(TEXT2, "Gaza City"): GAZA_NORTH_50KM},
    },
)


def _cosine_law_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Independent check of the haversine: spherical law of cosines."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return ge.EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, c)))


def _expected_tiny() -> dict[str, dict[str, float]]:
    """Hand-computed metrics of ``tiny_api`` on ``TINY_DOCS`` per split."""
    d_paris = _cosine_law_km(PARIS.lat, PARIS.lon, PARIS_TX.lat, PARIS_TX.lon)
    d_gaza = _cosine_law_km(GAZA_CITY.lat, GAZA_CITY.lon, GAZA_NORTH_50KM.lat, GAZA_NORTH_50KM.lon)
    log_max = math.log(20039)

    def res(errors: list[float]) -> dict[str, float]:
        errors = sorted(errors)
        n = len(errors)
        median = errors[n // 2] if n % 2 else (errors[n // 2 - 1] + errors[n // 2]) / 2
        return {
            "acc_161": sum(e <= 161 for e in errors) / n,
            "mean_km": sum(errors) / n,
            "median_km": median,
            "auc": sum(math.log(1 + e) for e in errors) / n / log_max,
        }

    return {
        # tiny-1 (+ tiny-3, no toponyms, no predictions): 5 unique predicted spans, 3 gold, 3 TP.
        # F1@161: predictions Springfield, Paris, Monday, Xville (Nowhereland left out);
        # gold Springfield, Paris; TP Springfield only.
        "dev": {
            "precision": 3 / 5,
            "recall": 1.0,
            "f1": 0.75,
            "precision_161": 1 / 4,
            "recall_161": 1 / 2,
            "f1_161": 1 / 3,
            **res([0.0, d_paris]),
        },
        # tiny-2: predictions Cairo, Gaza; gold Cairo, Gaza City; TP Cairo (also @161).
        "test": {
            "precision": 1 / 2,
            "recall": 1 / 2,
            "f1": 1 / 2,
            "precision_161": 1 / 2,
            "recall_161": 1 / 2,
            "f1_161": 1 / 2,
            **res([20039.0, d_gaza]),
        },
        # 7 predictions, 5 gold, 4 TP; @161: 6 predictions, 4 gold, 2 TP.
        "all": {
            "precision": 4 / 7,
            "recall": 4 / 5,
            "f1": 2 / 3,
            "precision_161": 1 / 3,
            "recall_161": 1 / 2,
            "f1_161": 2 / 5,
            **res([0.0, d_paris, 20039.0, d_gaza]),
        },
    }


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def _close(a: float | None, b: float, tol: float = 1e-9, what: str = "") -> None:
    assert a is not None and math.isclose(a, b, rel_tol=tol, abs_tol=tol), f"{what}: {a} != {b}"


def check_haversine() -> None:
    r = ge.EARTH_RADIUS_KM
    _close(ge.haversine_km(0, 0, 1, 0), r * math.pi / 180, what="1 degree of latitude")
    _close(ge.haversine_km(0, 0, 0, 90), r * math.pi / 2, what="quarter equator")
    _close(ge.haversine_km(0, 0, 0, 180), r * math.pi, what="antipodes")
    _close(ge.haversine_km(90, 0, -90, 0), r * math.pi, what="pole to pole")
    _close(ge.haversine_km(12.3, 45.6, 12.3, 45.6), 0.0, what="same point")
    _close(ge.haversine_km(10, 179.5, 10, -179.5), ge.haversine_km(10, 0, 10, 1), what="dateline")
    paris_london = ge.haversine_km(48.8566, 2.3522, 51.5074, -0.1278)
    assert 340 < paris_london < 347, paris_london  # ~343.5 km
    _close(paris_london, _cosine_law_km(48.8566, 2.3522, 51.5074, -0.1278), 1e-9, "vs cosines")
    _close(paris_london, ge.haversine_km(51.5074, -0.1278, 48.8566, 2.3522), what="symmetry")
    assert ge.haversine_km(0, 0, 0, 180) < ge.MAX_ERROR_KM  # so AUC <= 1 always


def check_metric_helpers() -> None:
    assert ge.prf(0, 0, 0) == (None, None, None)
    assert ge.prf(0, 3, 4) == (0.0, 0.0, 0.0)
    p, r, f1 = ge.prf(2, 4, 8)
    _close(p, 0.5)
    _close(r, 0.25)
    _close(f1, 1 / 3)
    _close(ge.auc_log_error([0.0, 0.0]), 0.0)
    _close(ge.auc_log_error([20039.0 - 1]), 1.0)
    assert ge.auc_log_error([]) is None and ge.accuracy_at([]) is None
    _close(ge.accuracy_at([0, 161, 161.0001, 5000]), 0.5)


def check_split() -> None:
    for doc_id in ["lgl-1", "x", "ü-ñ", "tiny-1", "tiny-2", "tiny-3"]:
        h = int(hashlib.sha1(doc_id.encode()).hexdigest(), 16)
        assert split_of(doc_id) == ("dev" if h % 2 == 0 else "test")
    assert [split_of(d["id"]) for d in TINY_DOCS] == ["dev", "test", "dev"]
    counts = {"dev": 0, "test": 0}
    for i in range(2000):
        counts[split_of(f"doc-{i}")] += 1
    assert 900 < counts["dev"] < 1100, counts


def _write_tiny(eval_dir: Path) -> None:
    with (eval_dir / "lgl.jsonl").open("w", encoding="utf-8") as fh:
        for doc in TINY_DOCS:
            fh.write(json.dumps(doc) + "\n")


def _register(name: str, api: TableGeoparser) -> str:
    """Expose a fake under an importable module name; return the --impl spec."""
    module = types.ModuleType(name)
    module.geoparse = api.geoparse  # type: ignore[attr-defined]
    module.resolve_spans = api.resolve_spans  # type: ignore[attr-defined]
    sys.modules[name] = module
    return name


def _run_main(argv: list[str]) -> tuple[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out_json = Path(tmp) / "out.json"
        buf = io.StringIO()
        with redirect_stdout(buf):
            assert ge.main([*argv, "--json", str(out_json), "--quiet"]) == 0
        return buf.getvalue(), json.loads(out_json.read_text())


def _rows(payload: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["corpus"], r["split"]): r for r in payload["rows"]}


def check_tiny_oracle(eval_dir: Path) -> None:
    docs = ge.load_corpus(eval_dir, "lgl", ["dev", "test"])
    impl = _register("_geoevents_selftest_oracle", oracle(docs))
    _, payload = _run_main(["--eval-dir", str(eval_dir), "--corpus", "lgl", "--impl", impl])
    for split in ("dev", "test", "all"):
        row = _rows(payload)[("lgl", split)]
        e, r = row["e2e"], row["resolve"]
        for key in ("precision", "recall", "f1", "f1_161"):
            _close(e[key], 1.0, what=f"oracle {split} {key}")
        _close(r["acc_161"], 1.0, what="oracle acc")
        _close(r["mean_km"], 0.0, what="oracle mean")
        _close(r["auc"], 0.0, what="oracle auc")


def check_tiny_expected(eval_dir: Path) -> None:
    impl = _register("_geoevents_selftest_tiny", tiny_api)
    tiny_api.published_seen.clear()
    with tempfile.TemporaryDirectory() as tmp:
        errors_path = Path(tmp) / "errors.jsonl"
        table, payload = _run_main(
            ["--eval-dir", str(eval_dir), "--corpus", "lgl", "--impl", impl]
            + ["--errors", str(errors_path)]
        )
        records = [json.loads(line) for line in errors_path.read_text().splitlines()]
    rows = _rows(payload)
    for split, expected in _expected_tiny().items():
        row = rows[("lgl", split)]
        for key, value in expected.items():
            got = row["e2e"].get(key, row["resolve"].get(key))
            _close(got, value, 1e-9, f"tiny {split} {key}")
    all_e2e, all_res = rows[("lgl", "all")]["e2e"], rows[("lgl", "all")]["resolve"]
    assert all_e2e["n_duplicate"] == 1 and all_e2e["n_unresolved"] == 2, all_e2e
    assert all_e2e["roles"] == {"dateline": 1, "mention": 6, "relative": 1}, all_e2e["roles"]
    assert all_e2e["docs"] == 3 and all_res["docs"] == 2 and all_res["unresolved"] == 1
    assert rows[("lgl", "dev")]["gold_toponyms"] == 3
    assert rows[("lgl", "dev")]["gold_with_coords"] == 2

    # published: a datetime.date when the corpus has a date (warm-up call first)
    assert tiny_api.published_seen[1:] == [
        dt.date(2021, 5, 11),
        None,
        dt.date(2020, 1, 1),
    ], tiny_api.published_seen

    kinds = sorted((r["kind"], r["text"]) for r in records)
    assert kinds == [
        ("e2e_far", "Paris"),
        ("e2e_fn", "Gaza City"),
        ("e2e_fp", "Gaza"),
        ("e2e_fp", "Monday"),
        ("e2e_fp", "Xville"),
        ("resolve_miss", "Cairo"),
        ("resolve_miss", "Paris"),
    ], kinds
    by_kind = {(r["kind"], r["text"]): r for r in records}
    assert by_kind[("e2e_fp", "Gaza")]["overlaps_gold"] == ["Gaza City"]
    assert by_kind[("resolve_miss", "Cairo")]["error_km"] is None
    assert by_kind[("resolve_miss", "Paris")]["pred_id"] == "t:paris-tx"
    assert "[[Paris]]" in by_kind[("resolve_miss", "Paris")]["context"]

    lines = table.splitlines()
    assert lines[0].startswith("| corpus | split | docs |") and len(lines[2:5]) == 3
    assert "| lgl | all | 3 | 5 (4) | 57.1 | 80.0 | 66.7 | 40.0 | 50.0 |" in table, table


def check_cli(eval_dir: Path) -> None:
    """The real command lines: ``python -m`` from the repo root and the plain script path."""
    root = ge.REPO_ROOT
    cmd = [sys.executable, "-m", "benchmarks.geoparse_eval", "--eval-dir", str(eval_dir)]
    cmd += ["--corpus", "lgl", "--split", "test", "--impl", "benchmarks._selftest:tiny_api", "-q"]
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True).stdout
    assert "| lgl | test | 1 | 2 (2) | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 |" in out, out
    script = [sys.executable, str(root / "benchmarks" / "geoparse_eval.py"), "--help"]
    subprocess.run(script, cwd="/", capture_output=True, check=True)
    script = [sys.executable, str(root / "benchmarks" / "gazetteer_bench.py"), "--help"]
    subprocess.run(script, cwd="/", capture_output=True, check=True)


def check_gazetteer_bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out_json = Path(tmp) / "gaz.json"
        buf = io.StringIO()
        with redirect_stdout(buf):
            argv = ["--impl", "benchmarks._selftest", "--runs", "3", "--repeat", "2"]
            assert gazetteer_bench.main([*argv, "--json", str(out_json)]) == 0
        payload = json.loads(out_json.read_text())
    cold, lookup = payload["cold_start"], payload["lookup"]
    assert len(cold["samples"]) == 3 and cold["ashkelon_candidates"] == 2
    assert cold["median_construct_s"] >= 0.05, cold  # the fake sleeps 50 ms
    assert cold["median_total_s"] >= cold["median_construct_s"]
    assert cold["peak_rss_kb_max"] > 1000, cold  # KiB
    assert lookup["names"] == len(gazetteer_bench.NAMES) >= 190
    assert lookup["misses"] == len(gazetteer_bench.MISS_NAMES), lookup
    assert lookup["all"]["n"] == 2 * lookup["names"] and lookup["all"]["mean_us"] > 0
    assert lookup["mean_candidates_per_hit"] == 2
    assert "| cold start" in buf.getvalue()


def check_real_corpora(limit: int) -> None:
    """The oracle on the first documents of the real corpora must score perfectly."""
    eval_dir = ge.default_eval_dir()
    docs = [d for c in ge.CORPORA for d in ge.load_corpus(eval_dir, c, ["dev", "test"], limit)]
    impl = _register("_geoevents_selftest_real_oracle", oracle(docs))
    _, payload = _run_main(["--eval-dir", str(eval_dir), "--limit", str(limit), "--impl", impl])
    for row in payload["rows"]:
        e, r = row["e2e"], row["resolve"]
        where = f"{row['corpus']}/{row['split']}"
        assert e["docs"] == row["docs"] and e["n_gold"] == row["gold_toponyms"], where
        for key in ("precision", "recall", "f1", "f1_161"):
            if e[key] is not None:
                _close(e[key], 1.0, what=f"{where} {key}")
        if r["toponyms"]:
            _close(r["acc_161"], 1.0, what=f"{where} acc")
            _close(r["auc"], 0.0, what=f"{where} auc")
    print(f"  oracle on {len(docs)} real documents: all 100%")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--with-corpora", action="store_true", help="also run on the real corpora")
    ap.add_argument("--limit", type=int, default=50, help="documents per corpus for that")
    args = ap.parse_args(argv)
    check_haversine()
    check_metric_helpers()
    check_split()
    with tempfile.TemporaryDirectory() as tmp:
        eval_dir = Path(tmp)
        _write_tiny(eval_dir)
        check_tiny_oracle(eval_dir)
        check_tiny_expected(eval_dir)
        check_cli(eval_dir)
    check_gazetteer_bench()
    if args.with_corpora:
        check_real_corpora(args.limit)
    print("benchmarks self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
