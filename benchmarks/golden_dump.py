"""A fingerprint of every output of the pipeline, to check that a speed change changes nothing.

For each document (every LGL, GeoVirus and TUD-Loc-2013 text, the first 1,500 GeoCorpora
tweets, the seed articles) one line ``id<TAB>sha1<TAB>length`` of the ``repr`` of:
``geoparse`` without and with the document's date, ``process_document`` without and with it,
and ``resolve_spans`` on the gold spans that have coordinates. ``repr`` shows every field of
the frozen dataclasses, floats exactly, so two dumps are byte-identical only when every
mention, score, alternative, event and figure is.

Run from the repository root, before and after a change, and compare::

    python -m benchmarks.golden_dump /tmp/before.txt
    # ... change ...
    python -m benchmarks.golden_dump /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

To dump another checkout (a git worktree) put it first on the path:
``PYTHONPATH=/path/to/worktree python -m benchmarks.golden_dump OUT``. The corpora are read
from ``$GEOEVENTS_EVAL_DIR`` (default ``../shared/eval``); the dump holds hashes only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from typing import Any

from benchmarks.throughput_bench import REPO_ROOT, eval_dir

LIMITS = (("lgl", None), ("geovirus", None), ("tudloc2013", None), ("geocorpora", 1500))


def documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for corpus, limit in LIMITS:
        with (eval_dir() / f"{corpus}.jsonl").open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    break
                docs.append(json.loads(line))
    for path in sorted((REPO_ROOT / "seeds").glob("*.txt")):
        docs.append({"id": path.name, "text": path.read_text("utf-8"), "toponyms": []})
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", help="file to write (one line per document)")
    args = parser.parse_args(argv)
    import geoevents
    from geoevents._pipeline import process_document

    docs = documents()
    with open(args.out, "w", encoding="utf-8") as out:
        for d in docs:
            text = d["text"]
            pub = datetime.date.fromisoformat(d["date"]) if d.get("date") else None
            parts = [repr(geoevents.geoparse(text)), repr(geoevents.geoparse(text, published=pub)),
                     repr(process_document(geoevents.Document(text=text, id=d["id"]))),
                     repr(process_document(geoevents.Document(text=text, id=d["id"]),
                                           published=pub))]
            spans = [(t["start"], t["end"]) for t in d.get("toponyms", [])
                     if t.get("lat") is not None]
            if spans:
                parts.append(repr(geoevents.resolve_spans(text, spans, published=pub)))
            blob = "\n".join(parts).encode("utf-8")
            out.write(f"{d['id']}\t{hashlib.sha1(blob).hexdigest()}\t{len(blob)}\n")
    print(f"{len(docs)} documents from {geoevents.__file__} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
