"""Scaling: the full pipeline in one process vs worker processes (``--jobs``) and Dask.

    python -m benchmarks.dask_bench [--docs 800] [--workers 1 2] [--repeat 1] [--json FILE]
                                    [--no-dask] [--no-pool] [--spooled]

The corpus is a JSON Lines file built in a temporary directory from the news-like corpora of
``$GEOEVENTS_EVAL_DIR`` (default ``../shared/eval``): LGL, GeoVirus and TUD-Loc-2013 documents
in turn, field ``text`` only, each with a ``published`` date so that events get dates. No
corpus text is written into the repository.

For each mode it times ``process`` / ``process(jobs=N)`` / ``process_dask`` (read, geoparse,
events, and the one merge at the end; files are not written), and checks that
``events.geojson`` and ``mentions.geojson`` are byte-identical to the single-process run.
The process pool (``process(jobs=N)``, what ``geoevents run --jobs N`` uses) starts its
workers inside the call, so its time includes their start-up (spawn, import, gazetteer);
its ``CPU (s)`` adds the workers' processor time, read once they have exited.

With ``--spooled`` every mode takes the path of ``geoevents run`` instead: a
``SpooledResult`` (events kept, mentions spooled to a file), fed whole results by the single
process and the ``DocumentShare`` of each document by the pool's and Dask's workers.

Each run is one pass over the corpus in fresh processes (the pipeline memoises name
lookups, so a second pass in the same process would be faster and unlike a real run),
warm-started: the single process (a spawned child) and each Dask worker have processed one
small document before the clock starts, so the gazetteer is open. A new cluster is started
for each run; its start-up is reported on its own (``start (s)``). Workers are processes
with one thread each. ``--repeat`` keeps the fastest run of each mode.

``CPU (s)`` is the processor time used by the client and the workers during the run, and
``cores used`` is CPU / time: on an idle machine two workers use close to two cores. When
it stays near 1 with two workers, other processes had the second core, and the speedup
column says more about the machine than about geoevents.

Prints a markdown table:

| mode | workers | docs | time (s) | articles/s | speedup | CPU (s) | cores used | start (s) |
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("lgl", "geovirus", "tudloc2013")


def eval_dir() -> Path:
    return Path(os.environ.get("GEOEVENTS_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def build_corpus(path: Path, n_docs: int) -> int:
    """Write ``n_docs`` documents (round robin over the corpora, repeated if needed)."""
    per: list[list[str]] = []
    for name in CORPORA:
        with open(eval_dir() / f"{name}.jsonl", encoding="utf-8") as f:
            per.append([json.loads(line)["text"] for line in f if line.strip()])
    texts = [t for row in itertools.zip_longest(*per) for t in row if t]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n_docs):
            rec = {"id": f"d{i:05d}", "text": texts[i % len(texts)], "published": "2021-05-11"}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return n_docs


def _warm() -> int:
    import geoevents

    return len(geoevents.process(["Rockets hit Ashkelon on Monday."],
                                 published="2021-05-11").event_records)


def _cpu(client: Any) -> float:
    """Processor seconds used so far by this process and every worker process."""
    return time.process_time() + sum(client.run(time.process_time).values())


def _layers(result: Any, out: Path) -> dict[str, bytes]:
    result.to_geojson(out, place_details=False)
    return {n: (out / n).read_bytes() for n in ("events.geojson", "mentions.geojson")}


def _single(corpus: Path, out: Path, spooled: bool = False
            ) -> tuple[float, float, dict[str, bytes]]:
    """One warm first pass in this (fresh) process: seconds, CPU seconds, the layers."""
    import geoevents

    _warm()
    t0, c0 = time.perf_counter(), time.process_time()
    res = (geoevents.SpooledResult(geoevents.iter_process(corpus)) if spooled
           else geoevents.process(corpus))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, _layers(res, out)


def _pool(corpus: Path, out: Path, jobs: int, spooled: bool = False
          ) -> tuple[float, float, dict[str, bytes]]:
    """``process(jobs=...)`` from this process: seconds, CPU seconds (with the workers'), layers.

    Run in a fresh (spawned) process of its own, so that the workers it reaps are only the
    pool's.
    """
    import resource

    import geoevents
    from geoevents._distributed import _pool_items
    from geoevents._documents import MAX_BYTES
    from geoevents._gazetteer import default_gazetteer

    default_gazetteer()  # the client's gazetteer open, as for the other modes
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0, c0 = time.perf_counter(), time.process_time()
    res = (geoevents.SpooledResult(_pool_items(corpus, published=None, gazetteer=None,
                                               max_bytes=MAX_BYTES, jobs=jobs,
                                               share=True))
           if spooled else geoevents.process(corpus, jobs=jobs))
    seconds = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool's workers have exited
    cpu = (time.process_time() - c0 + r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return seconds, cpu, _layers(res, out)


def _dask(corpus: Path, out: Path, workers: int, spooled: bool = False
          ) -> tuple[float, float, float, dict[str, bytes]]:
    """A new LocalCluster, warmed, then one pass: seconds, CPU seconds, start-up, layers."""
    from distributed import Client, LocalCluster

    import geoevents

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as client:
        client.run(_warm)
        start = time.perf_counter() - t0
        c0 = _cpu(client)
        t0 = time.perf_counter()
        if spooled:
            from geoevents._distributed import _dask_items
            from geoevents._documents import MAX_BYTES

            res = geoevents.SpooledResult(_dask_items(
                corpus, published=None, gazetteer=None, max_bytes=MAX_BYTES, client=client,
                address=None, n_workers=None, partition_size=None, share=True))
        else:
            res = geoevents.process_dask(corpus, client=client)
        seconds, cpu = time.perf_counter() - t0, _cpu(client) - c0
    return seconds, cpu, start, _layers(res, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=800, help="documents in the corpus")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1, help="runs per mode (the best is kept)")
    ap.add_argument("--json", type=Path, help="write the rows as JSON here")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask rows")
    ap.add_argument("--no-pool", action="store_true", help="skip the process pool rows")
    ap.add_argument("--spooled", action="store_true",
                    help="the single process and the pool as in geoevents run (SpooledResult)")
    args = ap.parse_args(argv)

    rows: list[dict[str, Any]] = []
    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = build_corpus(corpus, args.docs)
        mb = corpus.stat().st_size / 1e6
        print(f"corpus: {n} documents, {mb:.1f} MB; {os.cpu_count()} CPUs", file=sys.stderr)

        runs = []
        for i in range(args.repeat):  # a fresh process each time: the caches start empty
            with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                runs.append(pool.submit(_single, corpus, Path(tmp) / f"single{i}",
                                        args.spooled).result())
        seconds, cpu, expected = min(runs, key=lambda r: r[0])
        tag = ", spooled" if args.spooled else ""
        rows.append({"mode": f"single process{tag}", "workers": 1, "docs": n, "seconds": seconds,
                     "cpu": cpu, "start": 0.0})

        for w in [] if args.no_pool else [w for w in args.workers if w > 1]:  # 1: no pool
            pool_runs = []
            for i in range(args.repeat):
                with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                    pool_runs.append(pool.submit(_pool, corpus, Path(tmp) / f"pool{w}-{i}",
                                                 w, args.spooled).result())
            if any(r[2] != expected for r in pool_runs):
                raise SystemExit(f"jobs={w}: output differs from the single run")
            seconds, cpu, _ = min(pool_runs, key=lambda r: r[0])
            rows.append({"mode": f"process pool (--jobs){tag}", "workers": w, "docs": n,
                         "seconds": seconds, "cpu": cpu, "start": 0.0})

        for w in [] if args.no_dask else args.workers:
            dask_runs = [_dask(corpus, Path(tmp) / f"dask{w}-{i}", w, args.spooled)
                         for i in range(args.repeat)]
            if any(r[3] != expected for r in dask_runs):
                raise SystemExit(f"dask with {w} workers: output differs from the single run")
            seconds, cpu, start, _ = min(dask_runs, key=lambda r: r[0])
            rows.append({"mode": f"Dask LocalCluster{tag}", "workers": w, "docs": n,
                         "seconds": seconds, "cpu": cpu, "start": start})

    base = rows[0]["seconds"]
    print("| mode | workers | docs | time (s) | articles/s | speedup | CPU (s) | cores used "
          "| start (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        r["articles_per_s"] = r["docs"] / r["seconds"]
        r["speedup"] = base / r["seconds"]
        start = f"{r['start']:.1f}" if r["start"] else "-"
        print(f"| {r['mode']} | {r['workers']} | {r['docs']} | {r['seconds']:.1f} | "
              f"{r['articles_per_s']:.1f} | {r['speedup']:.2f}x | {r['cpu']:.1f} | "
              f"{r['cpu'] / r['seconds']:.2f} | {start} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":  # the guard matters: LocalCluster starts workers by spawning
    raise SystemExit(main())
