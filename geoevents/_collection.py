"""A processed collection of articles: :func:`process` and its :class:`Result`.

``process`` reads and geoparses every document (one at a time, see :func:`iter_process`),
then merges the events of all of them -- merging needs every event, so it runs once at the
end. The :class:`Result` holds the records and gives them as GeoDataFrames and files.
:class:`SpooledResult` gives the same layers and files from much less memory (the events and
counts; the mentions wait in a temporary file), for corpora too large to hold.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ._documents import MAX_BYTES
from ._events import Event
from ._exceptions import DocumentError, InputError
from ._export import (
    DocumentShare,
    PlaceCounts,
    count_places,
    csv_header,
    csv_row,
    event_feature,
    feature_json,
    layer_frame,
    mention_features,
    place_areas_frame,
    places_from_counts,
    write_csv,
    write_feature_lines,
    write_geojson,
    write_gpkg,
)
from ._merging import merge_events
from ._pipeline import DocumentResult, Inputs, iter_process

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from ._gazetteer import Gazetteer

__all__ = ["Result", "SpooledResult", "process"]


#: Mention features per GeoDataFrame when a layer is built or written in parts.
_CHUNK = 50_000


def _chunked(items: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """``items`` in lists of ``_CHUNK`` (the last one shorter; none when there are none)."""
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _frames(layer: str, chunks: Iterable[list[dict[str, Any]]]) -> Iterator[gpd.GeoDataFrame]:
    """A layer's frames, one per chunk of Features: at least one, empty when there are none."""
    empty = True
    for chunk in chunks:
        empty = False
        yield layer_frame(layer, chunk)
    if empty:
        yield layer_frame(layer, [])


class _Layers:
    """The layers and files of a processed collection (:class:`Result`, :class:`SpooledResult`).

    A subclass says where the document ids, the mentions and the place counts come from.
    """

    event_records: tuple[Event, ...]
    failures: tuple[DocumentError, ...]
    gazetteer: Gazetteer | None

    # --- what a subclass gives ---------------------------------------------------------------
    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents processed, sorted."""
        raise NotImplementedError

    def _mention_chunks(self) -> Iterator[list[dict[str, Any]]]:
        """The mention Features, in document order, in lists of about ``_CHUNK``."""
        raise NotImplementedError

    def _mention_lines(self) -> Iterator[bytes]:
        """The mention Features as :func:`feature_json` bytes, in document order."""
        for chunk in self._mention_chunks():
            yield from map(feature_json, chunk)

    def _place_counts(self) -> PlaceCounts:
        raise NotImplementedError

    # --- records -----------------------------------------------------------------------------
    @property
    def n_documents(self) -> int:
        """Number of documents processed (not counting failures)."""
        return len(self.documents)

    def _gaz(self) -> Gazetteer:
        if self.gazetteer is not None:
            return self.gazetteer
        from ._gazetteer import default_gazetteer

        return default_gazetteer()

    def _event_features(self) -> Iterator[dict[str, Any]]:
        """The event Features, made as they are read (a corpus's can be millions)."""
        return map(event_feature, self.event_records)

    @cached_property
    def _places_fc(self) -> dict[str, Any]:
        return places_from_counts(self._place_counts(), events=self.event_records,
                                  gazetteer=self._gaz())

    def geojson(self, layer: str) -> dict[str, Any]:
        """The FeatureCollection of a layer: ``"events"``, ``"mentions"`` or ``"places"``.

        Parameters
        ----------
        layer : str
            Which one. ``places`` features carry the place's polygon when the gazetteer
            has one, and ``mentions``, ``documents`` and ``events`` counts.
        """
        if layer not in ("events", "mentions", "places"):
            raise InputError(f"layer must be one of 'events', 'mentions', 'places', "
                             f"got {layer!r}")
        return {"type": "FeatureCollection", "features": list(self._features(layer))}

    # --- GeoDataFrames -----------------------------------------------------------------------
    @property
    def events(self) -> gpd.GeoDataFrame:
        """One point per merged event (null geometry when unplaced), typed columns.

        Counts are nullable ``Int64``, ``date_start``/``date_end`` ``datetime64``, and
        ``cumulative`` boolean; see :data:`geoevents._export.LAYER_SCHEMAS`.
        """
        return layer_frame("events", list(self._event_features()))

    @property
    def mentions(self) -> gpd.GeoDataFrame:
        """One point per place mention (null geometry when unresolved)."""
        return layer_frame("mentions", self.geojson("mentions")["features"])

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
            ``has_polygon`` and ``lat``/``lon``. False writes points only, with
            ``mentions`` and ``documents`` counts.

        Returns
        -------
        list of Path
            The files written.
        """
        out = Path(directory)
        places = self._places_fc if place_details else places_from_counts(self._place_counts())
        return [
            write_feature_lines(out / "events.geojson", map(feature_json, self._event_features())),
            write_feature_lines(out / "mentions.geojson", self._mention_lines()),
            write_geojson(out / "places.geojson", places),
        ]

    def to_gpkg(self, path: str | os.PathLike[str]) -> Path:
        """Write one GeoPackage with layers ``events``, ``mentions``, ``places``, ``place_areas``.

        Columns are typed (counts INTEGER, dates DATE, flags boolean), every layer has a
        spatial index, and the file appears atomically (temporary file, then rename). In
        QGIS, set the Temporal Controller on ``events`` to "separate fields for start and
        end date" with ``date_start`` and ``date_end``. The mentions are written in parts,
        so a large collection's never need to be in memory as one frame.

        Parameters
        ----------
        path : str or Path
            The ``.gpkg`` file (replaced if it exists).
        """
        places_features = self._places_fc["features"]
        return write_gpkg(path, {
            "events": _frames("events", _chunked(self._event_features())),
            "mentions": _frames("mentions", self._mention_chunks()),
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
            header = csv_header(layer, self._features(layer))
            rows = (csv_row(layer, f, header, country_name=country_name)
                    for f in self._features(layer))
            written.append(write_csv(out / f"{layer}.csv", header, rows))
        return written

    def _features(self, layer: str) -> Iterator[dict[str, Any]]:
        if layer == "mentions":
            for chunk in self._mention_chunks():
                yield from chunk
        elif layer == "events":
            yield from self._event_features()
        else:
            yield from self._places_fc["features"]

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

        fmap: folium.Map = events_map(
            {"type": "FeatureCollection", "features": list(self._event_features())}, **kwargs)
        if path is not None:
            save_map(fmap, path, self_contained=bool(kwargs.get("self_contained", False)),
                     cache_dir=kwargs.get("cache_dir"))
        return fmap


@dataclass(frozen=True, eq=False)
class Result(_Layers):
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
                raise _not_an_item(item)
        results.sort(key=lambda r: r.doc_id)
        events = merge_events(ev for r in results for ev in r.events)
        return cls(tuple(results), tuple(events), tuple(failures), gazetteer)

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

    def _mention_chunks(self) -> Iterator[list[dict[str, Any]]]:
        return _chunked(f for r in self.results for f in mention_features(r.doc_id, r.geoparse))

    def _place_counts(self) -> PlaceCounts:
        return self._counts

    @cached_property
    def _counts(self) -> PlaceCounts:
        return count_places((r.doc_id, r.geoparse) for r in self.results)


def _spool_items(inputs: Inputs, *, published: date | datetime | str | None,
                gazetteer: Gazetteer | None, max_bytes: int, jobs: int | None, lines: bool
                ) -> Iterator[DocumentResult | DocumentShare | DocumentError]:
    """What a :class:`SpooledResult` is fed, as a generator.

    :func:`iter_process` in this process, or with ``jobs`` above 1 the
    :class:`DocumentShare` of each document, made by the workers (with its mention lines
    when ``lines``).
    """
    from ._pipeline import resolve_jobs

    n_jobs = resolve_jobs(jobs)
    if n_jobs == 1:
        return iter_process(inputs, published=published, gazetteer=gazetteer,
                            max_bytes=max_bytes)
    from ._distributed import _pool_items

    return _pool_items(inputs, published=published, gazetteer=gazetteer, max_bytes=max_bytes,
                       jobs=n_jobs, share=True, lines=lines)


def _not_an_item(item: object) -> InputError:
    return InputError(f"expected DocumentResult or DocumentError items, got {item!r} "
                      f"({type(item).__name__})")


class SpooledResult(_Layers):
    """A collection processed for its files, kept small: what ``geoevents run`` uses.

    :class:`Result` keeps every :class:`DocumentResult` (about 20 KB per news article with
    its text and mentions). This keeps only the events (they are merged at the end) and
    counts; each document's mention Features go to an anonymous temporary file as soon as
    the document is done, and are read back, in document order, when a file is written.
    The files are the same, byte for byte, as :class:`Result`'s.

    Parameters
    ----------
    items : iterable of DocumentResult or DocumentError
        What :func:`iter_process` yields; read to the end here. (``geoevents run`` with
        ``--jobs`` or ``--dask`` passes the smaller :class:`~geoevents._export.DocumentShare`
        its workers make.)
    gazetteer : Gazetteer or None, optional, default None
        Where place polygons come from.
    mentions : bool, optional, default True
        Keep the mentions; False keeps the events and the counts only (``geoevents
        extract``): the ``mentions`` and ``places`` layers then raise :class:`InputError`.

    Notes
    -----
    Use it as a context manager (or call :meth:`close`) to free the temporary file at once;
    it is deleted by the system when closed or when the process ends, whatever happens.

    Examples
    --------
    >>> items = iter_process(["Rockets hit Ashkelon on Monday."], published="2021-05-11")
    >>> with SpooledResult(items) as res:
    ...     print(res.n_documents, res.n_mentions, res.event_records[0].place_name)
    1 1 Ashkelon
    >>> with geoevents.SpooledResult(geoevents.iter_process("feed.jsonl")) as res:  # doctest: +SKIP
    ...     res.to_gpkg("events.gpkg")  # or with geoevents.iter_process_dask(...)
    >>> with geoevents.SpooledResult.from_inputs("feed.jsonl", jobs=4) as res:  # doctest: +SKIP
    ...     res.to_gpkg("events.gpkg")
    """

    def __init__(self, items: Iterable[DocumentResult | DocumentShare | DocumentError], *,
                 gazetteer: Gazetteer | None = None, mentions: bool = True) -> None:
        self.gazetteer = gazetteer
        self._spool: BinaryIO | None = tempfile.TemporaryFile() if mentions else None
        self._closed = False
        self._index: list[tuple[str, int, int]] = []  # doc id, offset, length in the spool
        self._counts = PlaceCounts()
        self._n_mentions = 0
        failures: list[DocumentError] = []
        by_doc: list[tuple[str, tuple[Event, ...]]] = []
        try:
            self._collect(items, failures, by_doc)
        except BaseException:
            self.close()
            raise
        by_doc.sort(key=itemgetter(0))  # stable: the order Result.from_results merges in
        self.event_records = tuple(merge_events(ev for _, evs in by_doc for ev in evs))
        self.failures = tuple(failures)
        self._index.sort(key=itemgetter(0))
        if self._spool is not None:
            self._fix_repeated_ids()

    @classmethod
    def from_inputs(cls, inputs: Inputs, *, published: date | datetime | str | None = None,
                    gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                    jobs: int | None = 1, mentions: bool = True) -> SpooledResult:
        """Process a collection straight into a SpooledResult, as ``geoevents run`` does.

        The same as ``SpooledResult(iter_process(inputs, ...))``, but with ``jobs`` above 1
        the workers send only what is kept of each document (its events, place counts and
        mention lines), not the whole :class:`DocumentResult`: this process then spends
        about 0.16 ms per document instead of 0.4 ms, which is what lets more workers help.

        Parameters
        ----------
        inputs : str, Path, Document, or an iterable of them
            As for :func:`iter_process`.
        published : date, datetime, str or None, optional, default None
            Publication date (``YYYY-MM-DD``) for documents that carry none of their own.
        gazetteer : Gazetteer or None, optional, default None
            The shared default gazetteer when None.
        max_bytes : int, optional, default 10_000_000
            Documents larger than this are reported as failures instead of read.
        jobs : int or None, optional, default 1
            Worker processes on this machine (None: one per CPU); the result is the same.
        mentions : bool, optional, default True
            Keep the mentions (see the class).

        Returns
        -------
        SpooledResult

        Raises
        ------
        InputError
            An input that is not a path, a Document or a string, or a bad ``jobs``.
        GeoeventsError
            A worker process died.

        Examples
        --------
        >>> with SpooledResult.from_inputs("feed.jsonl", jobs=4) as res:  # doctest: +SKIP
        ...     res.to_gpkg("events.gpkg")
        """
        items = _spool_items(inputs, published=published, gazetteer=gazetteer,
                            max_bytes=max_bytes, jobs=jobs, lines=mentions)
        try:
            return cls(items, gazetteer=gazetteer, mentions=mentions)
        finally:
            if isinstance(items, Generator):
                items.close()  # the workers stop at once when the collection failed

    def _collect(self, items: Iterable[DocumentResult | DocumentShare | DocumentError],
                 failures: list[DocumentError],
                 by_doc: list[tuple[str, tuple[Event, ...]]]) -> None:
        spool, index, counts = self._spool, self._index, self._counts
        keep = spool is not None
        offset = 0
        for item in items:
            if isinstance(item, DocumentResult):
                share = DocumentShare.of(item, lines=keep)
            elif isinstance(item, DocumentShare):
                share = item
            elif isinstance(item, DocumentError):
                failures.append(item)
                continue
            else:
                raise _not_an_item(item)
            if share.events:
                by_doc.append((share.doc_id, share.events))
            counts.add_named(share.places, share.mentions)
            self._n_mentions += share.n_mentions
            if spool is None:
                index.append((share.doc_id, 0, 0))
                continue
            data = share.lines
            if data is None:
                raise InputError(f"document {share.doc_id!r} came without its mention lines; "
                                 "use SpooledResult(..., mentions=False) for such items")
            spool.write(data)
            index.append((share.doc_id, offset, len(data)))
            offset += len(data)

    def _kept(self) -> BinaryIO:
        """The temporary file of the mentions; InputError when there is none."""
        if self._spool is None:
            raise InputError("this SpooledResult kept no mentions"
                             + (" (closed)" if self._closed else " (mentions=False)"))
        return self._spool

    def _read(self, offset: int, length: int) -> list[bytes]:
        spool = self._kept()
        if not length:
            return []
        spool.seek(offset)
        return spool.read(length).split(b"\n")

    def _fix_repeated_ids(self) -> None:
        """Count a place once per document id, as :func:`count_places` does.

        Documents were counted as they came, one each; where an id repeats (the index is
        sorted, so repeats are neighbours) the places its documents share are taken off.
        """
        docs = self._counts.documents
        index = self._index
        i = 0
        while i < len(index):
            j = i + 1
            while j < len(index) and index[j][0] == index[i][0]:
                j += 1
            if j - i > 1:
                union: set[str] = set()
                for _, offset, length in index[i:j]:
                    named = {pid for line in self._read(offset, length)
                             if (pid := json.loads(line)["properties"]["place_id"]) is not None}
                    for pid in named & union:
                        docs[pid] -= 1
                    union |= named
            i = j

    def close(self) -> None:
        """Free the temporary file of the mentions (the mention and place layers go with it)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None
            self._closed = True

    def __enter__(self) -> SpooledResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents processed, sorted."""
        return tuple(doc_id for doc_id, _, _ in self._index)

    @property
    def n_documents(self) -> int:
        """Number of documents processed (not counting failures)."""
        return len(self._index)

    @property
    def n_mentions(self) -> int:
        """Number of place mentions in all documents."""
        return self._n_mentions

    @property
    def n_places(self) -> int:
        """Number of distinct places mentioned."""
        return len(self._counts.places)

    def _place_counts(self) -> PlaceCounts:
        self._kept()  # document counts of repeated ids were fixed from the mentions
        return self._counts

    def _mention_lines(self) -> Iterator[bytes]:
        for _, offset, length in self._index:
            yield from self._read(offset, length)

    def _mention_chunks(self) -> Iterator[list[dict[str, Any]]]:
        return _chunked(map(json.loads, self._mention_lines()))


def process(inputs: Inputs, *, published: date | datetime | str | None = None,
            gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
            jobs: int | None = 1) -> Result:
    """Read, geoparse and extract the events of a collection of articles, then merge them.

    Documents are processed one at a time (:func:`iter_process`), or by ``jobs`` worker
    processes; the cross-article merge needs every event, so it runs once at the end and
    the :class:`Result` holds everything.
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
    jobs : int or None, optional, default 1
        Worker processes on this machine (None: one per CPU); the result is the same. See
        :func:`iter_process`.

    Returns
    -------
    Result

    Examples
    --------
    >>> res = geoevents.process("articles/*.txt")  # doctest: +SKIP
    >>> res = geoevents.process("feed.jsonl", jobs=4)  # doctest: +SKIP
    >>> res.events[["event_type", "killed", "date_start", "geometry"]]  # doctest: +SKIP
    >>> res.to_gpkg("events.gpkg")  # doctest: +SKIP
    """
    return Result.from_results(iter_process(inputs, published=published, gazetteer=gazetteer,
                                            max_bytes=max_bytes, jobs=jobs),
                               gazetteer=gazetteer)
