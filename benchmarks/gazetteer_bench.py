"""Cold start, memory and lookup latency of ``geoevents.Gazetteer``.

1. Cold start, in fresh subprocesses (``--runs``, default 5; the median is reported): the time of
   ``import geoevents; g = geoevents.Gazetteer(); g.lookup("Ashkelon")`` measured inside the child
   with ``time.perf_counter`` (interpreter start-up excluded; the process wall time including it
   is reported too), split into import / constructor / first lookup, and the child's peak RSS
   (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux; median and max over the runs).
   The RSS of a bare interpreter is measured the same way for reference. If the runtime index
   has to be built, that happens in run 1, which the medians ignore; all runs are in ``--json``.
2. Lookup latency, in this process: ``Gazetteer().lookup(name)`` over a fixed list of ~200 names
   (ambiguous, multi-word, diacritics, transliteration variants, typos and misses), one untimed
   warm-up pass, then ``--repeat`` timed passes; mean, median, p95 and max in microseconds,
   separately for hits (non-empty result) and misses.

Run from the repository root::

    python -m benchmarks.gazetteer_bench --json /tmp/gazetteer.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
if not __package__:  # run as a script: import from the repository root, as `python -m` does
    sys.path.insert(0, str(REPO_ROOT))

# Executed with ``python -c CHILD IMPL`` in a fresh interpreter. Everything before ``t0`` is the
# interpreter plus a few stdlib modules, present in any Python process.
CHILD: Final = """\
import importlib, json, resource, sys, time
t0 = time.perf_counter()
module_name, _, attr = sys.argv[1].partition(":")
api = importlib.import_module(module_name)
for part in filter(None, attr.split(".")):
    api = getattr(api, part)
t1 = time.perf_counter()
g = api.Gazetteer()
t2 = time.perf_counter()
candidates = g.lookup("Ashkelon")
t3 = time.perf_counter()
print(json.dumps({
    "import_s": t1 - t0,
    "construct_s": t2 - t1,
    "first_lookup_s": t3 - t2,
    "total_s": t3 - t0,
    "candidates": len(candidates),
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""

BASELINE_CHILD: Final = """\
import importlib, json, resource, sys, time
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# Names that a news geoparser meets: ambiguous ones, multi-word, diacritics and transliteration
# variants, abbreviations, case variants, typos; and names that should miss.
# fmt: off
HIT_NAMES: Final[tuple[str, ...]] = (
    # Israel / Palestine and neighbours
    "Ashkelon", "Ashkelom", "Ashqelon", "Ascalon", "Gaza City", "Gaza", "Gaza Strip",
    "Jenin refugee camp", "Jenin", "Khan Yunis", "Khan Younis", "Khan Younes", "Rafah",
    "Rafah crossing", "Deir al-Balah", "Deir el-Balah", "Nuseirat", "Jabalia", "Beit Hanoun",
    "Beit Lahia", "Tulkarm", "Ţūlkarm", "Nablus", "Hebron", "Al-Khalil", "Ramallah", "Bethlehem",
    "Jericho", "Qalqilya", "Sderot", "Ashdod", "Beersheba", "Be'er Sheva", "Tel Aviv",
    "Tel-Aviv", "Jerusalem", "East Jerusalem", "Haifa", "Nazareth", "Eilat", "Kerem Shalom",
    "Erez", "West Bank", "Golan Heights", "Sinai", "Beirut", "Tyre", "Sidon", "Damascus",
    "Aleppo", "Homs", "Idlib", "Amman", "Irbid", "Cairo", "El Arish", "Al-Arish",
    "Lod", "Ramla", "Umm al-Fahm", "Quneitra", "Majdal Shams", "Kiryat Shmona", "Metula",
    "Nahariya", "Khan al-Ahmar", "Huwara", "Hawara", "Shuafat refugee camp", "Balata",
    "Nur Shams", "Al-Mawasi",
    # ambiguous places and names
    "Paris", "Jordan", "Georgia", "Albany", "Melbourne", "Springfield", "London", "Portland",
    "Columbus", "Birmingham", "Manchester", "Cambridge", "Victoria", "Hamilton", "Kingston",
    "Santa Cruz", "San Jose", "Alexandria", "Memphis", "Athens", "Troy", "Lima", "Panama",
    "Valencia", "Córdoba", "Cordoba", "Tripoli", "Lebanon", "Congo", "Guinea", "Niger",
    "Dominica", "Washington", "Orange County", "Cook County", "Kent", "Ontario",
    # world cities, countries, regions
    "Baghdad", "Mosul", "Tehran", "Kabul", "Sanaa", "Aden", "Benghazi", "Tunis", "Algiers",
    "Rabat", "Khartoum", "Addis Ababa", "Nairobi", "Lagos", "Kyiv", "Kiev", "Kharkiv",
    "Moscow", "Istanbul", "Ankara", "Mumbai", "Bombay", "New Delhi", "Karachi", "Beijing",
    "Shanghai", "Tokyo", "Seoul", "Manila", "Jakarta", "Bangkok", "Hanoi", "Sydney", "Toronto",
    "Vancouver", "Mexico City", "São Paulo", "Sao Paulo", "Rio de Janeiro", "Buenos Aires",
    "New York", "New York City", "Los Angeles", "San Francisco", "Texas", "California",
    "Bavaria", "Israel", "Syria", "Egypt", "Ukraine", "Russia", "China", "Nigeria",
    "United States", "United Kingdom", "U.S.", "UK", "Europe", "Africa", "Middle East",
    "Red Sea", "Mediterranean", "Persian Gulf",
    # case variants
    "PARIS", "paris", "GAZA CITY", "gaza city", "LONDON", "jerusalem", "TEL AVIV",
)
MISS_NAMES: Final[tuple[str, ...]] = (
    "Xyzzyville", "Qwertzuiopstan", "Blorptown", "New Foo City", "Zzyzzyx Flats", "Notaplace",
    "Ashkelonnnnnn", "Frobnitz Heights", "Glarbistan", "Mount Quux", "asdfgh", "12345",
    "the", "Monday", "President", "Hamas", "Reuters", "Obama", "COVID-19", "Microsoft",
)
# fmt: on
NAMES: Final[tuple[str, ...]] = HIT_NAMES + MISS_NAMES


def load_impl(spec: str) -> Any:
    """Resolve ``module`` or ``module:attr.path`` to the object providing ``Gazetteer``."""
    module_name, _, attr = spec.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in filter(None, attr.split(".")):
        obj = getattr(obj, part)
    return obj


def _child(python: str, code: str, *args: str) -> tuple[dict[str, Any], float]:
    """Run ``code`` in a fresh interpreter from the repository root; (its JSON, wall seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [python, "-c", code, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child process failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def cold_start(impl: str, runs: int, python: str) -> dict[str, Any]:
    """Median cold start over ``runs`` fresh processes, peak RSS, bare-interpreter RSS."""
    samples = []
    for _ in range(runs):
        result, wall = _child(python, CHILD, impl)
        samples.append({**result, "process_wall_s": wall})
    baseline, _ = _child(python, BASELINE_CHILD)

    def med(key: str) -> float:
        return float(statistics.median(s[key] for s in samples))

    return {
        "runs": runs,
        "median_total_s": med("total_s"),
        "median_import_s": med("import_s"),
        "median_construct_s": med("construct_s"),
        "median_first_lookup_s": med("first_lookup_s"),
        "median_process_wall_s": med("process_wall_s"),
        "peak_rss_kb_max": max(s["maxrss_kb"] for s in samples),
        "peak_rss_kb_median": med("maxrss_kb"),
        "bare_interpreter_rss_kb": baseline["maxrss_kb"],
        "ashkelon_candidates": samples[-1]["candidates"],
        "samples": samples,
    }


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, min(len(sorted_values), round(q * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def _stats_us(values_ns: Sequence[int]) -> dict[str, float | int | None]:
    if not values_ns:
        return {"n": 0, "mean_us": None, "median_us": None, "p95_us": None, "max_us": None}
    us = sorted(v / 1000 for v in values_ns)
    return {
        "n": len(us),
        "mean_us": statistics.fmean(us),
        "median_us": statistics.median(us),
        "p95_us": _percentile(us, 0.95),
        "max_us": us[-1],
    }


def lookup_latency(api: Any, names: Sequence[str], repeat: int) -> dict[str, Any]:
    """Per-call latency of ``Gazetteer().lookup`` over ``names``, ``repeat`` timed passes."""
    t0 = time.perf_counter()
    gaz = api.Gazetteer()
    construct_s = time.perf_counter() - t0
    n_candidates = {name: len(gaz.lookup(name)) for name in names}  # warm-up pass
    all_ns: list[int] = []
    hit_ns: list[int] = []
    miss_ns: list[int] = []
    clock = time.perf_counter_ns
    for _ in range(repeat):
        for name in names:
            t = clock()
            gaz.lookup(name)
            dt_ns = clock() - t
            all_ns.append(dt_ns)
            (hit_ns if n_candidates[name] else miss_ns).append(dt_ns)
    hits = [n for n in names if n_candidates[n]]
    return {
        "names": len(names),
        "repeat": repeat,
        "in_process_construct_s": construct_s,
        "hits": len(hits),
        "misses": len(names) - len(hits),
        "mean_candidates_per_hit": (
            statistics.fmean(n_candidates[n] for n in hits) if hits else None
        ),
        "expected_misses_that_hit": [n for n in MISS_NAMES if n in names and n_candidates[n]],
        "all": _stats_us(all_ns),
        "hit": _stats_us(hit_ns),
        "miss": _stats_us(miss_ns),
    }


def _f(x: float | None, fmt: str) -> str:
    return "–" if x is None else format(x, fmt)


def markdown(cold: dict[str, Any], lat: dict[str, Any]) -> str:
    """Both result sets as one two-column markdown table."""
    rows = [
        (
            f"cold start: import + Gazetteer() + lookup('Ashkelon'), median of {cold['runs']}",
            f"{1000 * cold['median_total_s']:.1f} ms",
        ),
        ("- import", f"{1000 * cold['median_import_s']:.1f} ms"),
        ("- Gazetteer()", f"{1000 * cold['median_construct_s']:.1f} ms"),
        ("- first lookup", f"{1000 * cold['median_first_lookup_s']:.1f} ms"),
        (
            "process wall time incl. interpreter start, median",
            f"{cold['median_process_wall_s']:.3f} s",
        ),
        ("run times (s)", ", ".join(f"{s['total_s']:.3f}" for s in cold["samples"])),
        (
            "peak RSS, median over runs (max)",
            f"{cold['peak_rss_kb_median'] / 1024:.1f} MiB "
            f"({cold['peak_rss_kb_max'] / 1024:.1f} MiB)",
        ),
        ("bare interpreter RSS", f"{cold['bare_interpreter_rss_kb'] / 1024:.1f} MiB"),
        ("candidates for 'Ashkelon'", str(cold["ashkelon_candidates"])),
        (
            f"lookup mean ({lat['names']} names x {lat['repeat']} passes)",
            f"{_f(lat['all']['mean_us'], '.1f')} µs",
        ),
        (
            "lookup median / p95 / max",
            f"{_f(lat['all']['median_us'], '.1f')} / {_f(lat['all']['p95_us'], '.1f')} / "
            f"{_f(lat['all']['max_us'], '.1f')} µs",
        ),
        (f"lookup mean, hits ({lat['hits']} names)", f"{_f(lat['hit']['mean_us'], '.1f')} µs"),
        (f"lookup mean, misses ({lat['misses']} names)", f"{_f(lat['miss']['mean_us'], '.1f')} µs"),
        ("mean candidates per hit", _f(lat["mean_candidates_per_hit"], ".1f")),
        ("in-process Gazetteer()", f"{1000 * lat['in_process_construct_s']:.1f} ms"),
    ]
    lines = ["| measure | value |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    if lat["expected_misses_that_hit"]:
        lines.append("")
        lines.append(
            "names expected to miss that returned candidates: "
            + ", ".join(lat["expected_misses_that_hit"])
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "--impl", default="geoevents", help="module[:attr] providing Gazetteer (default geoevents)"
    )
    ap.add_argument("--runs", type=int, default=5, help="fresh processes for the cold start")
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the name list")
    ap.add_argument(
        "--python", default=sys.executable, help="interpreter for the cold-start children"
    )
    ap.add_argument("--json", type=Path, default=None, help="write all numbers to this JSON file")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    cold = cold_start(args.impl, args.runs, args.python)
    lat = lookup_latency(load_impl(args.impl), NAMES, args.repeat)
    print(markdown(cold, lat))
    if args.json:
        payload = {
            "meta": {
                "impl": args.impl,
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "cold_start": cold,
            "lookup": lat,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
