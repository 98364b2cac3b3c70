"""geoevents: turn news articles into maps, offline.

Read articles, find every place they name, resolve each to coordinates with an offline
gazetteer, and publish the result for GIS tools and the web.

Examples
--------
>>> import geoevents
>>> geoevents.Gazetteer().lookup("Khan Yunis")[0].place.name
'Khān Yūnis'
>>> res = geoevents.process(["Rockets hit Ashkelon on Monday."], published="2021-05-11")
>>> res.events.loc[0, "place_name"]
'Ashkelon'
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ._collection import Result, SpooledResult, process
from ._documents import Document
from ._events import Count, Event, Evidence, extract_events
from ._exceptions import (
    AssetError,
    AssetIntegrityError,
    AssetsNotFoundError,
    DocumentError,
    GazetteerError,
    GazetteerNotFoundError,
    GeoeventsError,
    InputError,
    MissingDependencyError,
    PlaceNotFoundError,
)
from ._gazetteer import Gazetteer, haversine_km
from ._merging import merge_events
from ._pipeline import DocumentResult, iter_process
from ._resolution import geoparse, resolve_spans
from ._types import (
    Candidate,
    GeoparseResult,
    Mention,
    Place,
    RegionEvidence,
    Relative,
    ReverseResult,
)
from ._version import __version__

if TYPE_CHECKING:
    from ._assets import fetch_assets
    from ._distributed import iter_process_dask, process_dask
    from ._geocoder import GazetteerGeocoder
    from ._maps import events_map, save_map

logging.getLogger(__name__).addHandler(logging.NullHandler())

# Names whose modules pull in heavier dependencies (geopy), imported on first access.
_LAZY = {
    "GazetteerGeocoder": "._geocoder",
    "events_map": "._maps",
    "save_map": "._maps",
    "fetch_assets": "._assets",
    "process_dask": "._distributed",  # dask itself is imported only when it runs
    "iter_process_dask": "._distributed",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geoevents' has no attribute {name!r}")

__all__ = [
    "__version__",
    "process",
    "iter_process",
    "process_dask",
    "iter_process_dask",
    "Result",
    "SpooledResult",
    "Document",
    "DocumentResult",
    "geoparse",
    "resolve_spans",
    "extract_events",
    "merge_events",
    "Event",
    "Count",
    "Evidence",
    "GeoparseResult",
    "Mention",
    "Relative",
    "RegionEvidence",
    "Gazetteer",
    "GazetteerGeocoder",
    "Place",
    "Candidate",
    "ReverseResult",
    "haversine_km",
    "GeoeventsError",
    "GazetteerError",
    "GazetteerNotFoundError",
    "PlaceNotFoundError",
    "InputError",
    "DocumentError",
    "MissingDependencyError",
    "AssetError",
    "AssetsNotFoundError",
    "AssetIntegrityError",
    "events_map",
    "save_map",
    "fetch_assets",
]
