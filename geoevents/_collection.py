"""A processed collection of articles: :func:`process` and its :class:`Result`.

``process`` reads and geoparses every document (one at a time, see :func:`iter_process`),
then merges the events of all of them -- merging needs every event, so it runs once at the
end. The :class:`Result` holds the records and gives them as GeoDataFrames and files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._documents import MAX_BYTES
from ._events import Event
from ._exceptions import DocumentError, InputError
from ._export import (
    csv_rows,
    events_geojson,
    layer_frame,
    mentions_geojson,
    place_areas_frame,
    places_geojson,
    write_csv,
    write_geojson,
    write_gpkg,
)
from ._merging import merge_events
from ._pipeline import DocumentResult, Inputs, iter_process

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from ._gazetteer import Gazetteer

__all__ = ["Result", "process"]


@dataclass(frozen=True, eq=False)
class Result:
    """Everything a collection of articles gave: events, place mentions, places, failures.

    Build one with :func:`process` (or :meth:`from_results` over :func:`iter_process`).
    The GeoDataFrame properties build a new frame on each access (EPSG:4326).

    Parameters
    ----------
    results : tuple of DocumentResult
        One per document read, sorted by document id.
    event_records : tuple of Event
        The events, merged across documents.
    failures : tuple of DocumentError
        The documents that could not be read, in input order.
    gazetteer : Gazetteer or None, default None
        Where place polygons come from (the shared default gazetteer when None).

    Examples
    --------
    >>> res = process(["Rockets hit Ashkelon on Monday."], published="2021-05-11")
    >>> res.documents, len(res.event_records), res.events.crs.to_string()
    (('text-1',), 1, 'EPSG:4326')
    """

    results: tuple[DocumentResult, ...]
    event_records: tuple[Event, ...]
    failures: tuple[DocumentError, ...] = ()
    gazetteer: Gazetteer | None = field(default=None, repr=False)

    @classmethod
    def from_results(cls, items: Iterable[DocumentResult | DocumentError], *,
                     gazetteer: Gazetteer | None = None) -> Result:
        """Collect streamed results (from :func:`iter_process`) and merge their events.

        Parameters
        ----------
        items : iterable of DocumentResult or DocumentError
            What :func:`iter_process` yields.
        gazetteer : Gazetteer or None, optional, default None
            Where place polygons come from.
        """
        results: list[DocumentResult] = []
        failures: list[DocumentError] = []
        for item in items:
            if isinstance(item, DocumentError):
                failures.append(item)
            elif isinstance(item, DocumentResult):
                results.append(item)
            else:
                raise InputError(f"expected DocumentResult or DocumentError items, got {item!r} "
                                 f"({type(item).__name__})")
        results.sort(key=lambda r: r.doc_id)
        events = merge_events(ev for r in results for ev in r.events)
        return cls(tuple(results), tuple(events), tuple(failures), gazetteer)

    # --- records -----------------------------------------------------------------------------
    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents processed, sorted."""
        return tuple(r.doc_id for r in self.results)

    @property
    def n_mentions(self) -> int:
        """Number of place mentions in all documents."""
        return sum(len(r.geoparse.mentions) for r in self.results)

    @property
    def n_places(self) -> int:
        """Number of distinct places mentioned."""
        return len({m.place.id for r in self.results for m in r.geoparse.mentions if m.place})

    def _gaz(self) -> Gazetteer:
        if self.gazetteer is not None:
            return self.gazetteer
        from ._gazetteer import default_gazetteer

        return default_gazetteer()

    @cached_property
    def _parsed(self) -> list[tuple[str, Any]]:
        return [(r.doc_id, r.geoparse) for r in self.results]

    @cached_property
    def _events_fc(self) -> dict[str, Any]:
        return events_geojson(self.event_records)

    @cached_property
    def _mentions_fc(self) -> dict[str, Any]:
        return mentions_geojson(self._parsed)

    @cached_property
    def _places_fc(self) -> dict[str, Any]:
        return places_geojson(self._parsed, events=self.event_records, gazetteer=self._gaz())

    def geojson(self, layer: str) -> dict[str, Any]:
        """The FeatureCollection of a layer: ``"events"``, ``"mentions"`` or ``"places"``.

        Parameters
        ----------
        layer : str
            Which one. ``places`` features carry the place's polygon when the gazetteer
            has one, and ``mentions``, ``documents`` and ``events`` counts.
        """
        fcs = {"events": "_events_fc", "mentions": "_mentions_fc", "places": "_places_fc"}
        if layer not in fcs:
            raise InputError(f"layer must be one of {', '.join(map(repr, fcs))}, got {layer!r}")
        fc: dict[str, Any] = getattr(self, fcs[layer])
        return {"type": "FeatureCollection", "features": list(fc["features"])}

    # --- GeoDataFrames -----------------------------------------------------------------------
    @property
    def events(self) -> gpd.GeoDataFrame:
        """One point per merged event (null geometry when unplaced), typed columns.

        Counts are nullable ``Int64``, ``date_start``/``date_end`` ``datetime64``, and
        ``cumulative`` boolean; see :data:`geoevents._export.LAYER_SCHEMAS`.
        """
        return layer_frame("events", self._events_fc["features"])

    @property
    def mentions(self) -> gpd.GeoDataFrame:
        """One point per place mention (null geometry when unresolved)."""
        return layer_frame("mentions", self._mentions_fc["features"])

    @property
    def places(self) -> gpd.GeoDataFrame:
        """One point per place mentioned or locating an event, with counts."""
        return layer_frame("places", self._places_fc["features"])

    @property
    def place_areas(self) -> gpd.GeoDataFrame:
        """The polygons (as MultiPolygons) of the places that have one in the gazetteer."""
        return place_areas_frame(self._places_fc["features"])

    # --- files -------------------------------------------------------------------------------
    def to_geojson(self, directory: str | os.PathLike[str], *,
                   place_details: bool = True) -> list[Path]:
        """Write ``events.geojson``, ``mentions.geojson`` and ``places.geojson`` (RFC 7946).

        Parameters
        ----------
        directory : str or Path
            Created if missing; existing files are replaced atomically.
        place_details : bool, optional, default True
            Give places their polygon (when the gazetteer has one), ``events`` counts,
            ``has_polygon`` and ``lat``/``lon``. False writes the points-only
            ``places.geojson`` of ``geoevents run``.

        Returns
        -------
        list of Path
            The files written.
        """
        out = Path(directory)
        places = self._places_fc if place_details else places_geojson(self._parsed)
        return [
            write_geojson(out / "events.geojson", self._events_fc),
            write_geojson(out / "mentions.geojson", self._mentions_fc),
            write_geojson(out / "places.geojson", places),
        ]

    def to_gpkg(self, path: str | os.PathLike[str]) -> Path:
        """Write one GeoPackage with layers ``events``, ``mentions``, ``places``, ``place_areas``.

        Columns are typed (counts INTEGER, dates DATE, flags boolean), every layer has a
        spatial index, and the file appears atomically (temporary file, then rename). In
        QGIS, set the Temporal Controller on ``events`` to "separate fields for start and
        end date" with ``date_start`` and ``date_end``.

        Parameters
        ----------
        path : str or Path
            The ``.gpkg`` file (replaced if it exists).
        """
        places_features = self._places_fc["features"]
        return write_gpkg(path, {
            "events": self.events,
            "mentions": self.mentions,
            "places": layer_frame("places", places_features),
            "place_areas": place_areas_frame(places_features),
        })

    def to_csv(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write ``events.csv`` (ACLED-like columns), ``mentions.csv`` and ``places.csv``.

        Parameters
        ----------
        directory : str or Path
            Created if missing; existing files are replaced atomically.
        """
        out = Path(directory)
        gaz = self._gaz()

        def country_name(code: str) -> str:
            place = gaz.country(code)
            return place.name if place is not None else code

        written = []
        for layer in ("events", "mentions", "places"):
            header, rows = csv_rows(layer, self.geojson(layer)["features"],
                                    country_name=country_name)
            written.append(write_csv(out / f"{layer}.csv", header, rows))
        return written

    def to_map(self, path: str | os.PathLike[str] | None = None, **kwargs: Any) -> folium.Map:
        """A folium map of the events with a time slider, written to ``path`` when given.

        Parameters
        ----------
        path : str, Path or None, optional, default None
            The HTML file to write (atomically); nothing is written when None.
        **kwargs
            Passed to :func:`geoevents.events_map` (``title``, ``self_contained``,
            ``basemap``, ``cache_dir``).
        """
        from ._maps import events_map, save_map

        fmap: folium.Map = events_map(self._events_fc, **kwargs)
        if path is not None:
            save_map(fmap, path, self_contained=bool(kwargs.get("self_contained", False)),
                     cache_dir=kwargs.get("cache_dir"))
        return fmap


def process(inputs: Inputs, *, published: date | datetime | str | None = None,
            gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES) -> Result:
    """Read, geoparse and extract the events of a collection of articles, then merge them.

    Documents are processed one at a time (:func:`iter_process`); the cross-article merge
    needs every event, so it runs once at the end and the :class:`Result` holds everything.
    A bad document is recorded in ``Result.failures`` and never stops the others.

    Parameters
    ----------
    inputs : str, Path, Document, or an iterable of them
        Paths (files, directories, glob patterns, ``.jsonl``, ``.csv`` with a ``text``
        column), :class:`Document` objects, or plain strings of text (ids ``text-1``...);
        see :func:`iter_process` for how a string is told apart from a path.
    published : date, datetime, str or None, optional, default None
        Publication date (``YYYY-MM-DD``) for documents that carry none of their own.
    gazetteer : Gazetteer or None, optional, default None
        The shared default gazetteer when None.
    max_bytes : int, optional, default 10_000_000
        Documents larger than this are reported as failures instead of read.

    Returns
    -------
    Result

    Examples
    --------
    >>> res = geoevents.process("articles/*.txt")  # doctest: +SKIP
    >>> res.events[["event_type", "killed", "date_start", "geometry"]]  # doctest: +SKIP
    >>> res.to_gpkg("events.gpkg")  # doctest: +SKIP
    """
    return Result.from_results(iter_process(inputs, published=published, gazetteer=gazetteer,
                                            max_bytes=max_bytes), gazetteer=gazetteer)
