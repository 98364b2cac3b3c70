"""Memory of geoevents on a large JSON Lines feed: is streaming flat, and what does a run keep?

Generates a JSON Lines file of news-like documents (``--size-mb``, default 1024) in ``/tmp``,
then measures, each in a fresh process:

``reader``
    :func:`geoevents.read_documents` over the whole file, keeping nothing.
``stream``
    :func:`geoevents.iter_process` (read, geoparse, events) over a prefix (``--prefix-mb``),
    keeping nothing. Geoparsing runs at about a hundred documents a second, so the whole
    gigabyte would take hours; the reader is what could hold the file, and it sees all of it.
``run``
    What :func:`geoevents.process` does on the same prefix: :meth:`Result.from_results`
    (keeps every :class:`DocumentResult`), then the GeoJSON files and ``map.html``.
``spooled``
    What ``geoevents run`` does on the same prefix: ``SpooledResult`` (keeps the events and
    counts; the mentions go to a temporary file), then the same files.
``stdin``
    ``read_documents(["-"])`` with the whole file as standard input, keeping nothing.
``profile``
    ``run`` on a small prefix (``--profile-mb``) under :mod:`tracemalloc`: which lines
    allocated what is still held, and the sizes of the parts of each ``DocumentResult``.

RSS is read from ``/proc/self/status`` (``VmRSS``, now; ``VmHWM``, peak) when it exists,
else ``resource.getrusage`` (peak only). Each phase reports RSS after 10%, 50% and 100% of its
documents, relative to a baseline taken after importing geoevents, opening the gazetteer and
geoparsing one document (so caches and the index are warm).

Document text is synthesised from templates (places, casualty figures, dates) and, when the
evaluation corpora are there (``--eval-dir``, default ``$GEOEVENTS_EVAL_DIR`` or
``../shared/eval``), sentences read from them at run time, for realistic length and
vocabulary. Nothing of the corpora is written into the repository; the generated file is in
``/tmp``.

Usage::

    python -m benchmarks.memory_bench                      # 1 GB, 30 MB prefix, 3 MB profile
    python -m benchmarks.memory_bench --size-mb 100 --prefix-mb 10 --json /tmp/mem.json
    python -m benchmarks.memory_bench --only reader
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = Path(os.environ.get("GEOEVENTS_EVAL_DIR", ROOT.parent / "shared" / "eval"))
MB = 1_000_000

PLACES = [
    "Gaza City", "Rafah", "Khan Younis", "Deir al-Balah", "Jabalia", "Ashkelon", "Sderot",
    "Beersheba", "Jenin", "Nablus", "Tulkarm", "Hebron", "Jerusalem", "Tel Aviv", "Haifa",
    "Kharkiv", "Kyiv", "Odesa", "Mariupol", "Bakhmut", "Zaporizhzhia", "Aleppo", "Idlib",
    "Homs", "Mosul", "Baghdad", "Kabul", "Kandahar", "Khartoum", "El Fasher", "Mogadishu",
    "Sanaa", "Aden", "Beirut", "Tyre", "Goma", "Bamako", "Maiduguri", "Tripoli", "Benghazi",
]
EVENTS = [
    "{n} people were killed in an air strike on {p} on {d}, the health ministry said.",
    "At least {n} civilians were wounded when shells hit a market in {p} on {d}.",
    "Rockets were fired at {p} on {d}; sirens sounded across the area.",
    "{n} people, including {k} children, died in a drone attack near {p}, officials said.",
    "Police arrested {n} protesters in {p} on {d} after clashes with security forces.",
    "An explosion in central {p} killed {n} and injured {m} on {d}, witnesses said.",
    "About {m} families fled {p} after heavy fighting on {d}, the UN said.",
    "Troops raided a refugee camp {dir} of {p} on {d}, killing {n} gunmen.",
]
FILLER = [
    "The statement could not be independently verified.",
    "Officials said an investigation was under way.",
    "Residents said electricity and water had been cut for several days.",
    "Aid agencies warned that hospitals were running out of fuel and medicine.",
    "The ministry did not say how many of the dead were fighters.",
    "Talks on a ceasefire were expected to resume later in the week.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "10 May", "3 March", "January 26"]
DIRS = ["north", "south", "east", "west", "southwest", "northeast"]


# --- measuring -------------------------------------------------------------------------------
def rss_mb() -> tuple[float | None, float]:
    """(current RSS, peak RSS) in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                      if ":" in line)
        return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return None, peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


class Sampler:
    """RSS at fixed fractions of ``total`` items, and a series every ``every`` items."""

    def __init__(self, total: int, every: int) -> None:
        self.total = total
        self.every = max(1, every)
        self.marks = {max(1, round(total * f)): f for f in (0.1, 0.5, 1.0)}
        self.at: dict[str, dict[str, float | None]] = {}
        self.series: list[tuple[int, float | None, float]] = []
        self.t0 = time.perf_counter()

    def tick(self, i: int) -> None:
        if i in self.marks or i % self.every == 0:
            cur, peak = rss_mb()
            if i % self.every == 0:
                self.series.append((i, cur, peak))
            if i in self.marks:
                self.at[f"{self.marks[i]:.0%}"] = {
                    "docs": i, "rss_mb": cur, "peak_mb": peak,
                    "seconds": round(time.perf_counter() - self.t0, 1)}

    def watch(self, items: Iterable[Any]) -> Iterator[Any]:
        i = 0
        for item in items:
            yield item
            i += 1
            self.tick(i)


def baseline() -> dict[str, float | None]:
    import geoevents
    from geoevents._gazetteer import default_gazetteer

    geoevents.process(["Rockets hit Ashkelon on Monday; three were killed in Rafah."],
                      published="2021-05-11", gazetteer=default_gazetteer())
    gc.collect()
    cur, peak = rss_mb()
    return {"rss_mb": cur, "peak_mb": peak}


# --- the feed --------------------------------------------------------------------------------
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def corpus_sentences(eval_dir: Path, limit: int = 20_000) -> list[str]:
    """Sentences of the evaluation corpora (read here, at run time; never saved)."""
    out: list[str] = []
    for name in ("lgl", "geovirus", "tudloc2013"):
        path = eval_dir / f"{name}.jsonl"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line)["text"]
                out.extend(s.strip() for s in _SENT.split(text) if 40 <= len(s.strip()) <= 400)
                if len(out) >= limit:
                    return out
    return out


def article(rng: random.Random, extra: list[str]) -> str:
    def event() -> str:
        return rng.choice(EVENTS).format(
            n=rng.choice(["Two", "three", "5", "12", "dozens of", "at least 40", "1,620"]),
            m=rng.choice(["15", "200", "hundreds", "4,000"]), k=rng.randint(1, 9),
            p=rng.choice(PLACES), d=rng.choice(DAYS), dir=rng.choice(DIRS))

    paras = []
    for _ in range(rng.randint(3, 8)):
        sents = [event()]
        pool = extra or FILLER
        sents += [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        rng.shuffle(sents)
        paras.append(" ".join(sents))
    dateline = f"{rng.choice(PLACES).upper()} (Reuters) - "
    return dateline + "\n\n".join(paras)


def generate(path: Path, size_mb: int, eval_dir: Path, seed: int = 7) -> dict[str, Any]:
    """Write about ``size_mb`` MB of JSON Lines to ``path`` (kept and reused: a meta file)."""
    meta_path = path.with_suffix(".meta.json")
    if path.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        if meta.get("size_mb") == size_mb and meta.get("bytes") == path.stat().st_size:
            return meta
    rng = random.Random(seed)
    extra = corpus_sentences(eval_dir)
    target = size_mb * MB
    n = written = 0
    t0 = time.perf_counter()
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            n += 1
            month = rng.randint(1, 12)
            rec = {"id": f"doc-{n:07d}", "published": f"2024-{month:02d}-{rng.randint(1, 28):02d}",
                   "source": "synthetic", "text": article(rng, extra)}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
    meta = {"size_mb": size_mb, "bytes": path.stat().st_size, "documents": n,
            "corpus_sentences": len(extra), "seconds": round(time.perf_counter() - t0, 1)}
    meta_path.write_text(json.dumps(meta))
    return meta


def prefix(src: Path, size_mb: int) -> tuple[Path, int]:
    """The first ``size_mb`` MB of ``src`` (whole lines) as its own file, and its line count."""
    dst = src.with_name(f"{src.stem}-prefix-{size_mb}MB.jsonl")
    n = 0
    with src.open("rb") as f, dst.open("wb") as out:
        size = 0
        for line in f:
            if size >= size_mb * MB:
                break
            out.write(line)
            size += len(line)
            n += 1
    return dst, n


# --- the phases (each in its own process) ----------------------------------------------------
def phase_reader(path: Path, n_docs: int) -> dict[str, Any]:
    from geoevents._documents import read_documents

    base = baseline()
    s = Sampler(n_docs, max(1, n_docs // 100))
    chars = 0
    for doc in s.watch(read_documents([path])):
        chars += len(getattr(doc, "text", ""))
    return {"baseline": base, "at": s.at, "series": s.series, "docs": n_docs,
            "text_mb": round(chars / MB, 1)}


def phase_stream(path: Path, n_docs: int) -> dict[str, Any]:
    import geoevents

    base = baseline()
    s = Sampler(n_docs, max(1, n_docs // 50))
    failed = 0
    for item in s.watch(geoevents.iter_process([path])):
        failed += isinstance(item, geoevents.DocumentError)
    return {"baseline": base, "at": s.at, "series": s.series, "docs": n_docs, "failed": failed}


def _phase_collect(path: Path, n_docs: int, *, spooled: bool) -> dict[str, Any]:
    import geoevents
    from geoevents._collection import SpooledResult

    base = baseline()
    s = Sampler(n_docs, max(1, n_docs // 50))
    items = s.watch(geoevents.iter_process([path]))
    result: Any = SpooledResult(items) if spooled else geoevents.Result.from_results(items)
    after_merge = rss_mb()
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        result.to_geojson(out)
        after_geojson = rss_mb()
        result.to_map(Path(out) / "map.html")
        after_map = rss_mb()
        sizes = {p.name: round(p.stat().st_size / MB, 1) for p in Path(out).iterdir()}
        write_s = round(time.perf_counter() - t0, 1)
    return {"baseline": base, "at": s.at, "series": s.series, "docs": n_docs,
            "events": len(result.event_records), "mentions": result.n_mentions,
            "after_merge": after_merge, "after_geojson": after_geojson, "after_map": after_map,
            "write_seconds": write_s, "outputs_mb": sizes}


def phase_run(path: Path, n_docs: int) -> dict[str, Any]:
    return _phase_collect(path, n_docs, spooled=False)


def phase_spooled(path: Path, n_docs: int) -> dict[str, Any]:
    return _phase_collect(path, n_docs, spooled=True)


def _deep_size(obj: Any, seen: set[int]) -> int:
    """Bytes of ``obj`` and what it refers to, each object counted once across calls."""
    if id(obj) in seen or isinstance(obj, type):
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(_deep_size(x, seen) for x in obj)
    elif hasattr(obj, "__slots__") or hasattr(obj, "__dict__"):
        names = [n for c in type(obj).__mro__ for n in getattr(c, "__slots__", ())]
        for name in names:
            if hasattr(obj, name):
                size += _deep_size(getattr(obj, name), seen)
        if hasattr(obj, "__dict__"):
            size += _deep_size(vars(obj), seen)
    return size


def phase_profile(path: Path, n_docs: int) -> dict[str, Any]:
    import tracemalloc

    import geoevents
    from geoevents._gazetteer import default_gazetteer

    baseline()
    gaz = default_gazetteer()
    tracemalloc.start(8)
    snap0 = tracemalloc.take_snapshot()
    result = geoevents.Result.from_results(geoevents.iter_process([path], gazetteer=gaz))
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    tracemalloc.stop()
    diff = snap1.compare_to(snap0, "lineno")
    top = [{"where": f"{Path(d.traceback[0].filename).name}:{d.traceback[0].lineno}",
            "mb": round(d.size_diff / MB, 2), "blocks": d.count_diff}
           for d in diff[:12]]
    held = sum(d.size_diff for d in diff) / MB
    # what the DocumentResults hold. Place objects come from the gazetteer's cache and are
    # shared by every mention of the place, so they are counted once, first, on their own.
    places = {id(p): p for r in result.results for m in r.geoparse.mentions
              for p in (m.place, *m.alternatives) if p is not None}
    places.update({id(e.place): e.place for r in result.results for e in r.events if e.place})
    seen: set[int] = {id(gaz)}
    parts = {"places (shared, distinct)": sum(_deep_size(p, seen) for p in places.values()),
             "geoparse.text": 0, "mentions": 0, "mention.alternatives (tuples)": 0,
             "geoparse.evidence+focus": 0, "events": 0, "published": 0}
    text_chars = 0
    for r in result.results:
        text_chars += len(r.geoparse.text)
        parts["geoparse.text"] += _deep_size(r.geoparse.text, seen)
        parts["mention.alternatives (tuples)"] += sum(_deep_size(m.alternatives, seen)
                                                      for m in r.geoparse.mentions)
        parts["mentions"] += _deep_size(r.geoparse.mentions, seen)
        parts["geoparse.evidence+focus"] += (_deep_size(r.geoparse.evidence, seen)
                                             + _deep_size(r.geoparse.focus, seen))
        parts["events"] += _deep_size(r.events, seen)
        parts["published"] += _deep_size(r.published, seen)
    merged = _deep_size(result.event_records, seen)
    n = len(result.results)
    return {"docs": n, "held_mb": round(held, 1), "top": top,
            "per_document_kb": {k: round(v / n / 1024, 2) for k, v in parts.items()},
            "total_mb": {k: round(v / MB, 1) for k, v in parts.items()},
            "distinct_places": len(places),
            "mentions_per_doc": round(sum(len(r.geoparse.mentions) for r in result.results) / n,
                                      1),
            "events_per_doc": round(sum(len(r.events) for r in result.results) / n, 1),
            "merged_events_mb": round(merged / MB, 1),
            "text_chars_per_doc": round(text_chars / n)}


def phase_stdin(path: Path, n_docs: int) -> dict[str, Any]:
    from geoevents._documents import read_documents

    base = baseline()
    s = Sampler(n_docs, max(1, n_docs // 100))
    with path.open("rb") as f:
        for _ in s.watch(read_documents(["-"], stdin=f)):
            pass
    return {"baseline": base, "at": s.at, "series": s.series, "docs": n_docs}


PHASES: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "reader": phase_reader, "stdin": phase_stdin, "stream": phase_stream, "run": phase_run,
    "spooled": phase_spooled, "profile": phase_profile}


def child(phase: str, path: Path, n_docs: int) -> dict[str, Any]:
    """Run a phase in a fresh interpreter and return its JSON report."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.memory_bench", "--child", phase,
                           str(path), str(n_docs)], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{proc.stderr}")
    report: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return report


# --- report ----------------------------------------------------------------------------------
def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def table(name: str, what: str, rep: dict[str, Any]) -> list[str]:
    base = rep["baseline"]["rss_mb"]
    rows = [f"{name}: {what}; baseline RSS {_fmt(base)} MB"]
    for frac in ("10%", "50%", "100%"):
        a = rep["at"].get(frac)
        if a:
            rows.append(f"  {frac:>4}  {a['docs']:>9,} docs  RSS {_fmt(a['rss_mb'])} MB "
                        f"(+{_fmt((a['rss_mb'] or 0) - (base or 0))})  peak "
                        f"{_fmt(a['peak_mb'])} MB  {a['seconds']:>7.1f} s")
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--prefix-mb", type=int, default=30)
    ap.add_argument("--profile-mb", type=int, default=3)
    ap.add_argument("--only", choices=sorted(PHASES), nargs="+")
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", nargs=3, metavar=("PHASE", "PATH", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        phase, path, n = args.child
        print(json.dumps(PHASES[phase](Path(path), int(n))))
        return
    phases = args.only or list(PHASES)
    args.dir.mkdir(parents=True, exist_ok=True)
    feed = args.dir / f"geoevents-memory-{args.size_mb}MB.jsonl"
    meta = generate(feed, args.size_mb, args.eval_dir)
    print(f"feed: {feed} ({meta['bytes'] / MB:,.0f} MB, {meta['documents']:,} documents, "
          f"{meta['corpus_sentences']:,} corpus sentences as filler)", flush=True)
    reports: dict[str, Any] = {"feed": meta}
    small, n_small = prefix(feed, args.prefix_mb)
    tiny, n_tiny = prefix(feed, args.profile_mb)
    for phase in phases:
        whole = (feed, meta["documents"])
        path, n = {"reader": whole, "stdin": whole, "profile": (tiny, n_tiny)}.get(
            phase, (small, n_small))
        t0 = time.perf_counter()
        rep = reports[phase] = child(phase, path, n)
        rep["wall_seconds"] = round(time.perf_counter() - t0, 1)
        size = path.stat().st_size / MB
        if phase == "profile":
            print(f"profile: Result of {rep['docs']:,} documents ({size:.0f} MB), "
                  f"{rep['held_mb']} MB held (tracemalloc)")
            print(f"  {rep['mentions_per_doc']} mentions, {rep['events_per_doc']} events, "
                  f"{rep['text_chars_per_doc']:,} characters per document; "
                  f"{rep['distinct_places']:,} distinct places")
            for k, v in rep["per_document_kb"].items():
                print(f"  {v:>8.2f} KB per document  {k}")
            print(f"  merged events: {rep['merged_events_mb']} MB more")
            for t in rep["top"][:8]:
                print(f"  {t['mb']:>8} MB  {t['blocks']:>9,} blocks  {t['where']}")
        else:
            what = {"reader": "read_documents, nothing kept",
                    "stdin": "read_documents(['-']) on the file as stdin, nothing kept",
                    "stream": "iter_process, nothing kept",
                    "run": "Result.from_results (what `geoevents.process` keeps)",
                    "spooled": "SpooledResult (what `geoevents run` keeps)"}[phase]
            for line in table(phase, f"{what}, {size:,.0f} MB", rep):
                print(line)
            if phase in ("run", "spooled"):
                print(f"  after merge RSS {_fmt(rep['after_merge'][0])} MB, after GeoJSON "
                      f"{_fmt(rep['after_geojson'][0])} MB, after map "
                      f"{_fmt(rep['after_map'][0])} MB (peak {_fmt(rep['after_map'][1])} MB); "
                      f"{rep['events']:,} events, {rep['mentions']:,} mentions; outputs "
                      f"{rep['outputs_mb']} MB")
        sys.stdout.flush()
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1))


if __name__ == "__main__":
    main()
