"""The whole pipeline over a fixed list of news texts, for CPU profiles and instruction counts.

The texts: LGL then GeoVirus (file order, 817 texts). ``--first N`` processes the first N of
them once (for instruction counts); ``--passes K`` times K passes over the 767 texts after the
first 50, which are a warm-up (CPU time per article; pass 0 meets every name for the first time,
the later ones run with warm caches).

Instructions per article, deterministic where wall-clock time on a shared machine is not (run
under valgrind twice, subtract the 50 warm-up texts, divide by 767)::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/a.out python -m benchmarks.cpu_loop \
        --first 817
    valgrind --tool=callgrind --callgrind-out-file=/tmp/b.out python -m benchmarks.cpu_loop \
        --first 50
    # (a - b) / 767, from the "Collected" lines; use the real interpreter, not a shell shim

Where the time goes: ``py-spy record -r 500 -f raw -o /tmp/prof.txt -- python -m
benchmarks.cpu_loop --passes 5``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from benchmarks.throughput_bench import eval_dir


def texts() -> list[str]:
    out: list[str] = []
    for corpus in ("lgl", "geovirus"):
        with (eval_dir() / f"{corpus}.jsonl").open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--first", type=int, metavar="N", help="process the first N texts once")
    mode.add_argument("--passes", type=int, metavar="K", help="time K passes after a warm-up")
    args = parser.parse_args(argv)
    from geoevents import Document
    from geoevents._pipeline import process_document

    docs = texts()
    if args.first is not None:
        for i, text in enumerate(docs[: args.first]):
            process_document(Document(text=text, id=str(i)))
        return 0
    for i, text in enumerate(docs[:50]):
        process_document(Document(text=text, id=str(i)))
    timed = docs[50:]
    for k in range(args.passes):
        t0 = time.process_time()
        for i, text in enumerate(timed):
            process_document(Document(text=text, id=str(i)))
        ms = (time.process_time() - t0) / len(timed) * 1000
        print(f"pass {k}: {ms:.3f} ms per article ({len(timed)} texts, CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
