from __future__ import annotations

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
