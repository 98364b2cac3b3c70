from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def gazetteer():
    """The real gazetteer (the index is built once into the cache directory)."""
    from geoevents._gazetteer import default_gazetteer

    return default_gazetteer()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """JSON Lines with ids and without (``feed-<line>``), blank lines, a bad line, a big one
    (the Dask and process-pool tests)."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    lines = [json.dumps({"id": p.stem, "text": p.read_text(), "published": "2021-05-11"})
             for p in seeds[:2]]
    lines += ["", "{not json", json.dumps({"text": "Rockets hit Ashkelon on Monday."})]
    lines += [json.dumps({"text": seeds[2].read_text()}), "   ",
              json.dumps({"id": "big", "text": "Gaza. " * 1200}),
              json.dumps({"text": "Strikes hit Rafah and Khan Yunis on Tuesday."}),
              json.dumps({"id": "seeds-4", "text": seeds[3].read_text()})]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines))  # no newline at the end
    return path
