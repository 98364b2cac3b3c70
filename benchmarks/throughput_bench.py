"""Throughput, cold start and peak memory of the whole pipeline, against baselines.

Every measurement runs in a fresh child process pinned to one CPU core
(``os.sched_setaffinity``), so the numbers are one-core numbers and one run cannot warm the
caches of the next:

1. **cold start**: ``import`` + default gazetteer + the first document (the time a user waits
   before anything happens), measured inside the child;
2. **throughput**: the full pipeline on every document of a workload - read publication date,
   geoparse, events (``process_document``) - then one ``merge_events`` over all the events;
   articles/s and MB/s (UTF-8 bytes of the texts / 10^6) over the whole loop including the merge,
   by the wall clock and by the child's CPU time (``time.process_time``: the same on an idle
   machine, steadier on a busy one);
3. **peak memory**: the child's ``ru_maxrss`` at the end (includes the interpreter, the
   gazetteer caches and every result kept for the merge).

Implementations, side by side in the same run:

- ``geoevents``: this checkout;
- ``previous``: an earlier commit of this repository (``--previous REF``, default the tag or
  commit given; extracted with ``git archive`` into a temporary directory, nothing in the work
  tree changes), the same workloads through its own ``process_document``/``merge_events``;
- ``geotext``: the ``geotext`` package from PyPI (regex matching of city and country names, no
  resolution, no events) - a speed baseline a user might pick, not an accuracy one.

Workloads: the five seed articles (repeated to 100 documents), and the corpora of
``../shared/eval`` (LGL and GeoVirus news, TUD-Loc-2013 web pages, GeoCorpora tweets). Growth:
synthetic news-length articles, each made of paragraphs drawn (seeded) from LGL, GeoVirus and
TUD documents, at 1x, 10x and 100x of ``--growth-base`` documents, to show that cost grows
linearly with the input (merge included).

Run from the repository root::

    pip install geotext
    python -m benchmarks.throughput_bench --previous 84cb53d --json /tmp/throughput.json

The corpora are read at run time; no corpus text is written into the repository (the workloads
go to a temporary directory).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
if not __package__:
    sys.path.insert(0, str(REPO_ROOT))

CHILD: Final = r"""
import json, os, resource, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
impl, path = sys.argv[1], sys.argv[2]
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
nbytes = sum(len(t.encode("utf-8")) for t in texts)
t0 = time.perf_counter()
if impl == "geotext":
    from geotext import GeoText
    def run_one(i, text):
        g = GeoText(text)
        return len(g.cities) + len(g.countries)
    def finish(acc):
        return 0
else:
    import geoevents
    from geoevents._pipeline import process_document
    def run_one(i, text):
        return process_document(geoevents.Document(id=f"d{i:07d}", text=text)).events
    def finish(acc):
        return len(geoevents.merge_events(e for evs in acc for e in evs))
first = run_one(0, texts[0])
t1 = time.perf_counter()
c1 = time.process_time()
acc = []
for i, text in enumerate(texts):
    acc.append(run_one(i, text))
t2 = time.perf_counter()
merged = finish(acc)
t3 = time.perf_counter()
c3 = time.process_time()
print(json.dumps({
    "cold_start_s": t1 - t0, "docs": len(texts), "bytes": nbytes,
    "loop_s": t2 - t1, "merge_s": t3 - t2, "total_s": t3 - t1,
    "cpu_s": c3 - c1,
    "docs_per_s": len(texts) / (t3 - t1), "mb_per_s": nbytes / 1e6 / (t3 - t1),
    "docs_per_cpu_s": len(texts) / (c3 - c1),
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "merged": merged,
}))
"""

CORPORA: Final = ("lgl", "geovirus", "tudloc2013", "geocorpora")


def eval_dir() -> Path:
    return Path(os.environ.get("GEOEVENTS_EVAL_DIR", REPO_ROOT.parent / "shared" / "eval"))


def read_texts(corpus: str, limit: int | None = None) -> list[str]:
    out = []
    with (eval_dir() / f"{corpus}.jsonl").open(encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line)["text"])
            if limit and len(out) >= limit:
                break
    return out


def seed_texts(n: int = 100) -> list[str]:
    seeds = sorted((REPO_ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in seeds]
    return [texts[i % len(texts)] for i in range(n)]


def synthetic(n: int, *, seed: int = 7) -> list[str]:
    """News-length articles made of paragraphs drawn from the news corpora."""
    paras = [p.strip() for c in ("lgl", "geovirus", "tudloc2013") for t in read_texts(c)
             for p in t.split("\n") if len(p.strip()) > 80]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < 1900:
            parts.append(rng.choice(paras))
        out.append("\n\n".join(parts))
    return out


def write_workload(tmp: Path, name: str, texts: list[str]) -> Path:
    path = tmp / f"{name}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}) + "\n")
    return path


def extract_previous(ref: str, tmp: Path) -> Path:
    """The package and gazetteer data of an earlier commit, via ``git archive``."""
    dest = tmp / "previous"
    dest.mkdir()
    tar_path = tmp / "previous.tar"
    with tar_path.open("wb") as f:
        subprocess.run(["git", "-C", str(REPO_ROOT), "archive", ref, "geoevents", "gazetteer"],
                       stdout=f, check=True)
    with tarfile.open(tar_path) as tar:
        tar.extractall(dest, filter="data")
    return dest


def run_child(impl: str, workload: Path, *, pythonpath: Path | None) -> dict[str, Any]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    cwd = pythonpath or REPO_ROOT
    proc = subprocess.run([sys.executable, "-c", CHILD, impl, str(workload)], env=env,
                          cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu or platform.processor()}, {os.cpu_count()} cores; Python "
            f"{platform.python_version()}; {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--previous", metavar="REF", help="git ref of the earlier release to compare")
    ap.add_argument("--impl", nargs="+", default=["geoevents", "previous", "geotext"])
    ap.add_argument("--workloads", nargs="+",
                    default=["seeds", *CORPORA, "growth"])
    ap.add_argument("--growth-base", type=int, default=50)
    ap.add_argument("--limit", type=int, help="at most this many documents per corpus")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    impls = [i for i in args.impl if i != "previous" or args.previous]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="geoevents-bench-") as tmpname:
        tmp = Path(tmpname)
        prev = extract_previous(args.previous, tmp) if "previous" in impls else None
        workloads: list[tuple[str, Path]] = []
        for w in args.workloads:
            if w == "seeds":
                workloads.append((w, write_workload(tmp, w, seed_texts())))
            elif w == "growth":
                for mult in (1, 10, 100):
                    name = f"growth {mult}x"
                    texts = synthetic(args.growth_base * mult)
                    workloads.append((name, write_workload(tmp, f"growth{mult}", texts)))
            else:
                workloads.append((w, write_workload(tmp, w, read_texts(w, args.limit))))
        for name, path in workloads:
            for impl in impls:
                res = run_child("geoevents" if impl == "previous" else impl, path,
                                pythonpath=prev if impl == "previous" else None)
                res.update(workload=name, impl=impl)
                rows.append(res)
                print(json.dumps(res), file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print("| workload | impl | docs | MB | articles/s | articles/CPU-s | MB/s | merge s | "
          "cold start s | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['workload']} | {r['impl']} | error: {r['error']} |")
            continue
        print(f"| {r['workload']} | {r['impl']} | {r['docs']:,} | {r['bytes'] / 1e6:.2f} | "
              f"{r['docs_per_s']:,.0f} | {r['docs_per_cpu_s']:,.0f} | {r['mb_per_s']:.2f} | "
              f"{r['merge_s']:.2f} | "
              f"{r['cold_start_s']:.2f} | {r['maxrss_mb']:.0f} |")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
