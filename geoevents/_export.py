"""Writing results: GeoJSON (RFC 7946), GeoPackage and CSV, always atomically.

Coordinates are ``lat``/``lon`` everywhere in Python; :func:`point` is the one place where
they become GeoJSON's ``[lon, lat]`` (gazetteer polygons are stored in GeoJSON order already,
and the GeoDataFrames are built from the GeoJSON features).

Every format is built from the same GeoJSON Features: :func:`layer_frame` types their
properties with a fixed schema per layer (:data:`LAYER_SCHEMAS`), :func:`write_gpkg` writes
the frames, :func:`write_csv` the properties.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ._compat import import_optional_dependency
from ._exceptions import InputError
from ._types import GeoparseResult, Mention, Place

if TYPE_CHECKING:
    import geopandas as gpd

    from ._events import Event
    from ._gazetteer import Gazetteer
    from ._pipeline import DocumentResult

__all__ = [
    "atomic_write",
    "atomic_writer",
    "remove_stale_temps",
    "point",
    "geometry_geojson",
    "mention_features",
    "mentions_geojson",
    "PlaceCounts",
    "named_places",
    "DocumentShare",
    "count_places",
    "places_geojson",
    "places_from_counts",
    "event_feature",
    "events_geojson",
    "event_properties",
    "EVENT_FIELDS",
    "LAYER_SCHEMAS",
    "ACLED_COLUMNS",
    "dump_geojson",
    "feature_json",
    "write_geojson",
    "write_feature_lines",
    "layer_frame",
    "place_areas_frame",
    "write_gpkg",
    "csv_header",
    "csv_row",
    "csv_rows",
    "write_csv",
]


#: Temporary files: ``.<name>.<pid>.<8 hex digits>.tmp`` next to the file they become.
_TEMP_SUFFIX = ".tmp"


def _temp_path(target: Path, suffix: str = _TEMP_SUFFIX) -> Path:
    """A new hidden temporary name for ``target``, in its directory, naming this process."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{suffix}")


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (on POSIX; elsewhere always True)."""
    if os.name != "posix" or pid <= 0:
        return True  # on Windows os.kill would terminate the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, as another user
        return True
    return True


def remove_stale_temps(path: str | os.PathLike[str], *, suffix: str = _TEMP_SUFFIX) -> list[Path]:
    """Delete the temporary files that killed writers of ``path`` left behind.

    Only names of the exact form :func:`atomic_write` gives (``.<name>.<pid>.<hex>.tmp``,
    plus SQLite's ``-journal``/``-wal``/``-shm`` of GeoPackage temporaries) whose process no
    longer exists on this machine are removed; on non-POSIX systems nothing is.

    Parameters
    ----------
    path : str or Path
        The file whose stale temporaries to remove.
    suffix : str, optional, default ".tmp"
        The ending of the temporary names.

    Returns
    -------
    list of Path
        The files removed.
    """
    target = Path(path)
    if os.name != "posix":
        return []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.([0-9]+)\.[0-9a-f]{{8}}"
                         rf"{re.escape(suffix)}(?:-journal|-wal|-shm)?")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        m = pattern.fullmatch(name)
        if m is None or int(m.group(1)) == os.getpid() or _pid_alive(int(m.group(1))):
            continue
        try:
            os.unlink(target.parent / name)
        except OSError:  # gone already, or not ours to remove
            continue
        removed.append(target.parent / name)
    return removed


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX; best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` when the block ends without an error.

    It is written under a hidden temporary name in the same directory
    (``.<name>.<pid>.<hex>.tmp``), flushed to disk, and renamed over ``path``; on an error
    it is deleted and ``path`` is left as it was. A process killed mid-write leaves
    ``path`` whole and a stale temporary, which the next write to ``path`` removes.

    Parameters
    ----------
    path : str or Path
        The file to write (its directory is created if missing).

    Examples
    --------
    >>> with atomic_writer("out/events.geojson") as f:  # doctest: +SKIP
    ...     f.write(b"...")
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    tmp = _temp_path(target)
    # O_EXCL: never follow or reuse another file; 0o666 minus the umask, as open() does
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (or a crash, even ``kill -9``) never sees a half-written file: the previous
    file stays whole until the new one is complete and on disk. See :func:`atomic_writer`.

    Parameters
    ----------
    path : str or Path
        The file to write (replaced if it exists; its directory is created if missing).
    data : str or bytes
        The content; text is written as UTF-8.

    Returns
    -------
    Path
        ``path``.
    """
    target = Path(path)
    with atomic_writer(target) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return target


def point(lat: float, lon: float) -> dict[str, Any]:
    """A GeoJSON Point; the coordinate order flips here, and only here."""
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


def _rounded(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), 7)
    return [_rounded(c) for c in coords]


def geometry_geojson(geom: Any) -> dict[str, Any]:
    """A shapely (multi)polygon as a GeoJSON geometry: 7 decimals, RFC 7946 winding.

    Exterior rings run counterclockwise and holes clockwise (RFC 7946 section 3.1.6).
    Shapely coordinates are already ``(x=lon, y=lat)``, so nothing flips here.
    """
    from shapely.geometry import MultiPolygon, Polygon, mapping
    from shapely.geometry.polygon import orient

    if isinstance(geom, Polygon):
        geom = orient(geom, sign=1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(g, sign=1.0) for g in geom.geoms])
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _rounded(gj["coordinates"])}


def _mention_props(doc_id: str, m: Mention) -> dict[str, Any]:
    p = m.place
    rel = m.relative
    return {
        "doc_id": doc_id,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "role": m.role,
        "place_id": p.id if p else None,
        "place_name": p.name if p else None,
        "kind": p.kind if p else None,
        "country": p.country if p else None,
        "score": m.score,
        "match": m.match,
        "relation": rel.relation if rel else None,
        "direction": rel.direction if rel else None,
        "radius_km": round(rel.radius_km, 3) if rel else None,
        "reason": m.reason,
    }


def mention_features(doc_id: str, res: GeoparseResult) -> list[dict[str, Any]]:
    """One Feature per place mention of one document (unresolved: null geometry)."""
    feats = []
    for m in res.mentions:
        lat, lon = m.lat, m.lon
        feats.append({
            "type": "Feature",
            "id": f"{doc_id}:{m.start}-{m.end}",
            "geometry": point(lat, lon) if lat is not None and lon is not None else None,
            "properties": _mention_props(doc_id, m),
        })
    return feats


def mentions_geojson(results: Iterable[tuple[str, GeoparseResult]]) -> dict[str, Any]:
    """A FeatureCollection with one Feature per place mention (unresolved: null geometry)."""
    return {"type": "FeatureCollection",
            "features": [f for doc_id, res in results for f in mention_features(doc_id, res)]}


@dataclass
class PlaceCounts:
    """The places named in a collection, counted as documents go by (see :meth:`add`).

    ``documents`` counts each place once per document it is named in; a document id seen
    twice is counted once per place only when :meth:`add` is told it was seen before.
    """

    places: dict[str, Place] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)

    def add(self, res: GeoparseResult, *, already: Iterable[str] = ()) -> None:
        """Count the mentions of one document.

        Parameters
        ----------
        res : GeoparseResult
            The document's mentions.
        already : iterable of str, optional
            Places an earlier document with the same id named: not counted again in
            ``documents``.
        """
        self.add_named(*named_places(res), already=already)

    def add_named(self, places: Sequence[Place], mentions: Sequence[int], *,
                  already: Iterable[str] = ()) -> None:
        """Count one document's places, as :func:`named_places` lists them.

        Parameters
        ----------
        places : sequence of Place
            The distinct places the document names, in the order first named.
        mentions : sequence of int
            How many times it names each.
        already : iterable of str, optional
            As for :meth:`add`.
        """
        known, counted = self.places, self.mentions
        seen = set(already)
        docs = self.documents
        for p, n in zip(places, mentions, strict=True):
            pid = p.id
            if pid not in known:
                known[pid] = p
            counted[pid] = counted.get(pid, 0) + n
            if pid not in seen:
                docs[pid] = docs.get(pid, 0) + 1


def named_places(res: GeoparseResult) -> tuple[tuple[Place, ...], tuple[int, ...]]:
    """The distinct places one document names, in the order first named, and their mentions."""
    first: dict[str, Place] = {}
    times: dict[str, int] = {}
    for m in res.mentions:
        p = m.place
        if p is None:
            continue
        pid = p.id
        if pid in times:
            times[pid] += 1
        else:
            first[pid] = p
            times[pid] = 1
    return tuple(first.values()), tuple(times.values())


@dataclass(frozen=True, slots=True)
class DocumentShare:
    """What a :class:`~geoevents.SpooledResult` keeps of one document, made where it ran.

    A worker process sends this instead of the whole :class:`DocumentResult` (its text,
    tokens and candidates are not needed for the files): the parent then neither unpickles
    them nor builds the mention Features itself.

    Attributes
    ----------
    doc_id : str
        The document's id.
    events : tuple of Event
        Its events, not merged.
    lines : bytes or None
        Its mention Features, as :func:`feature_json` writes them, one per line (empty when it
        has no mention); None when the mentions are not kept.
    n_mentions : int
        Its place mentions.
    places, mentions : tuple
        The distinct places it names and how many times (:func:`named_places`).
    """

    doc_id: str
    events: tuple[Event, ...]
    lines: bytes | None
    n_mentions: int
    places: tuple[Place, ...]
    mentions: tuple[int, ...]

    @classmethod
    def of(cls, result: DocumentResult, *, lines: bool = True) -> DocumentShare:
        """The share of one processed document (its mention lines only when ``lines``)."""
        doc_id, res = result.doc_id, result.geoparse
        data = b"\n".join(map(feature_json, mention_features(doc_id, res))) if lines else None
        return cls(doc_id, result.events, data, len(res.mentions), *named_places(res))


def count_places(results: Iterable[tuple[str, GeoparseResult]]) -> PlaceCounts:
    """:class:`PlaceCounts` of documents (a repeated document id counts once per place)."""
    counts = PlaceCounts()
    named: dict[str, set[str]] = {}
    for doc_id, res in results:
        before = named.get(doc_id, set())
        counts.add(res, already=before)
        named[doc_id] = before | {m.place.id for m in res.mentions if m.place is not None}
    return counts


def places_geojson(results: Sequence[tuple[str, GeoparseResult]], *,
                   events: Iterable[Event] | None = None,
                   gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """One Feature per distinct place mentioned, with mention and document counts.

    Parameters
    ----------
    results : sequence of (doc_id, GeoparseResult)
        The geoparsed documents.
    events : iterable of Event, optional, default None
        When given, every feature gets an ``events`` count (events located at the place), and
        places that only locate events (none of the documents names them) are added too.
    gazetteer : Gazetteer, optional, default None
        When given, a place's geometry is its polygon where the gazetteer has one (a Point
        otherwise), and ``has_polygon``, ``lat`` and ``lon`` (its representative point) are
        added to the properties. Without it every geometry is a Point.
    """
    return places_from_counts(count_places(results), events=events, gazetteer=gazetteer)


def places_from_counts(counts: PlaceCounts, *, events: Iterable[Event] | None = None,
                       gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """The places FeatureCollection of :func:`places_geojson`, from counts already made."""
    places = dict(counts.places)
    mentions, docs = counts.mentions, counts.documents
    n_events: Counter[str] | None = None
    if events is not None:
        n_events = Counter()
        for ev in events:
            if ev.place is not None:
                places.setdefault(ev.place.id, ev.place)
                n_events[ev.place.id] += 1
    feats = []
    for pid in sorted(places, key=lambda k: (-mentions.get(k, 0), k)):
        p = places[pid]
        props: dict[str, Any] = {
            "place_id": pid,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "admin1": p.admin1,
            "population": p.population,
            "mentions": mentions.get(pid, 0),
            "documents": docs.get(pid, 0),
            "source": p.source,
        }
        geometry = point(p.lat, p.lon)
        if n_events is not None:
            props["events"] = n_events[pid]
        if gazetteer is not None:
            poly = gazetteer.polygon(pid)
            if poly is not None and not poly.is_empty:
                geometry = geometry_geojson(poly)
            props.update({"has_polygon": poly is not None and not poly.is_empty,
                          "lat": round(p.lat, 7), "lon": round(p.lon, 7)})
        feats.append({"type": "Feature", "id": pid, "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


#: The flat properties of an event Feature, in order (the output contract).
EVENT_FIELDS = (
    "event_type", "sub_event_type", "category",
    "killed", "killed_low", "killed_high", "killed_qualifier",
    "injured", "injured_low", "injured_high", "injured_qualifier",
    "rockets", "strikes", "displaced", "arrested", "mobilised",
    "killed_children", "killed_women", "injured_children", "injured_women",
    "cumulative", "date_start", "date_end", "time_precision",
    "place_name", "place_id", "country_code", "admin1", "geo_precision", "targets",
    "actors", "victims", "claimed_by", "source_ids", "n_sources", "evidence", "notes",
)


def event_properties(ev: Event) -> dict[str, Any]:
    """The flat scalar properties of one event (see :data:`EVENT_FIELDS`)."""
    props: dict[str, Any] = {
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "category": ev.category,
    }
    for kind in ("killed", "injured"):
        c = ev.count(kind)
        props[kind] = c.best if c else None
        props[f"{kind}_low"] = (c.low if c.low is not None else c.best) if c else None
        props[f"{kind}_high"] = c.high if c else None
        props[f"{kind}_qualifier"] = c.qualifier if c else None
    for kind in ("rockets", "strikes", "displaced", "arrested", "mobilised"):
        c = ev.count(kind)
        props[kind] = c.best if c else None
    bd = dict(ev.breakdown)
    for key in ("killed_children", "killed_women", "injured_children", "injured_women"):
        props[key] = bd[key].best if key in bd else None
    place = ev.place
    props.update({
        "cumulative": ev.cumulative,
        "date_start": ev.date_start.isoformat() if ev.date_start else None,
        "date_end": ev.date_end.isoformat() if ev.date_end else None,
        "time_precision": ev.time_precision,
        "place_name": ev.place_name or None,
        "place_id": place.id if place else None,
        "country_code": place.country if place and place.country else None,
        "admin1": place.admin1 if place and place.admin1 else None,
        "geo_precision": ev.geo_precision,
        "targets": "; ".join(ev.targets),
        "actors": "; ".join(ev.actors),
        "victims": "; ".join(ev.victims),
        "claimed_by": "; ".join(ev.claimed_by),
        "source_ids": ";".join(sorted(set(ev.source_ids))),
        "n_sources": ev.n_sources,
        "evidence": "\n".join(f"[{x.doc_id}] {' '.join(x.sentence.split())}"
                              for x in ev.evidence),
        "notes": "; ".join(ev.notes),
    })
    return props


def event_feature(ev: Event) -> dict[str, Any]:
    """One Point Feature for an event (null geometry if unplaced)."""
    geom = point(ev.lat, ev.lon) if ev.lat is not None and ev.lon is not None else None
    return {"type": "Feature", "id": ev.id, "geometry": geom, "properties": event_properties(ev)}


def events_geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection with one Point Feature per event (null geometry if unplaced)."""
    return {"type": "FeatureCollection", "features": list(map(event_feature, events))}


_FC_HEAD = '{"type": "FeatureCollection", "features": [\n'
_FC_TAIL = "\n]}\n"


def dump_geojson(fc: dict[str, Any]) -> str:
    """Serialise a FeatureCollection deterministically (sorted keys, one line per feature)."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in fc["features"])
    return _FC_HEAD + body + _FC_TAIL


def feature_json(feature: Mapping[str, Any]) -> bytes:
    """One Feature as the bytes :func:`write_geojson` writes for it (one line, sorted keys)."""
    return json.dumps(feature, ensure_ascii=False, sort_keys=True).encode("utf-8")


def write_geojson(path: str | os.PathLike[str], fc: Mapping[str, Any]) -> Path:
    """Write a FeatureCollection atomically, feature by feature (the bytes of :func:`dump_geojson`).

    The file is streamed, so writing a large collection never holds a second copy of it as
    one string.
    """
    return write_feature_lines(path, map(feature_json, fc["features"]))


def write_feature_lines(path: str | os.PathLike[str], lines: Iterable[bytes]) -> Path:
    """Write a FeatureCollection atomically from its features already serialised.

    Parameters
    ----------
    path : str or Path
        The file (replaced if it exists).
    lines : iterable of bytes
        One Feature each, as :func:`feature_json` gives it, in order.
    """
    target = Path(path)
    with atomic_writer(target) as f:
        f.write(_FC_HEAD.encode())
        for i, line in enumerate(lines):
            if i:
                f.write(b",\n")
            f.write(line)
        f.write(_FC_TAIL.encode())
    return target


# --- typed layers ----------------------------------------------------------------------------
_EVENT_INTS = frozenset({
    "killed", "killed_low", "killed_high", "injured", "injured_low", "injured_high",
    "rockets", "strikes", "displaced", "arrested", "mobilised", "killed_children",
    "killed_women", "injured_children", "injured_women", "time_precision", "geo_precision",
    "n_sources",
})
_EVENT_KINDS = {"cumulative": "bool", "date_start": "date", "date_end": "date"}

#: Column -> kind ("str", "int", "float", "bool", "date") of each layer, in column order; the
#: first column holds the Feature ``id``.
LAYER_SCHEMAS: dict[str, dict[str, str]] = {
    "events": {"event_id": "str", **{
        f: "int" if f in _EVENT_INTS else _EVENT_KINDS.get(f, "str") for f in EVENT_FIELDS}},
    "mentions": {
        "mention_id": "str", "doc_id": "str", "start": "int", "end": "int", "text": "str",
        "role": "str", "place_id": "str", "place_name": "str", "kind": "str", "country": "str",
        "score": "float", "match": "str", "relation": "str", "direction": "str",
        "radius_km": "float", "reason": "str",
    },
    "places": {
        "place_id": "str", "name": "str", "kind": "str", "country": "str", "admin1": "str",
        "lat": "float", "lon": "float", "population": "int", "mentions": "int",
        "documents": "int", "events": "int", "has_polygon": "bool", "source": "str",
    },
}
LAYER_SCHEMAS["place_areas"] = LAYER_SCHEMAS["places"]

_DESCRIPTIONS = {
    "events": "One point per event, merged across articles (geoevents)",
    "mentions": "Every place mention: document, offsets, text, resolved place (geoevents)",
    "places": "One point per place named, with mention, document and event counts (geoevents)",
    "place_areas": "Polygons of the places named, where the gazetteer has one (geoevents)",
}


def _infer_kind(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return "bool"
    if kinds and kinds <= {int}:
        return "int"
    if kinds and kinds <= {int, float}:
        return "float"
    return "str"


def _as_date(value: Any, column: str, fid: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"feature {fid!r}: {column} is {value!r}, not a YYYY-MM-DD date") from None


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _column(kind: str, values: list[Any], column: str, fids: list[Any]) -> Any:
    import numpy as np
    import pandas as pd

    if kind == "int":
        try:
            return pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        except (TypeError, ValueError):
            raise InputError(f"{column} must hold whole numbers, got {values!r:.200}") from None
    if kind == "float":
        return np.array([math.nan if v is None else float(v) for v in values], dtype="float64")
    if kind == "bool":
        return pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
    if kind == "date":
        days = [_as_date(v, column, f) for v, f in zip(values, fids, strict=True)]
        arr = np.array([np.datetime64(d, "D") if d else np.datetime64("NaT", "D") for d in days],
                       dtype="datetime64[D]")
        return arr.astype("datetime64[s]")
    return pd.array([_as_str(v) for v in values], dtype="string")


def _frame(features: Sequence[Mapping[str, Any]], schema: Mapping[str, str],
           geometries: list[Any], geometry_type: str) -> gpd.GeoDataFrame:
    gpd = import_optional_dependency("geopandas")
    columns = dict(schema)
    extra = [k for f in features for k in (f.get("properties") or {}) if k not in columns]
    id_col = next(iter(columns))
    for key in dict.fromkeys(extra):
        columns[key] = _infer_kind((f.get("properties") or {}).get(key) for f in features)
    fids = [f.get("id") for f in features]
    data: dict[str, Any] = {}
    for col, kind in columns.items():
        if col == id_col:
            values = [(f.get("properties") or {}).get(col, fid) if fid is None else fid
                      for f, fid in zip(features, fids, strict=True)]
        else:
            values = [(f.get("properties") or {}).get(col) for f in features]
        data[col] = _column(kind, values, col, fids)
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometries, crs="EPSG:4326"),
                             crs="EPSG:4326")
    frame.attrs["geometry_type"] = geometry_type
    return frame


def _shape(geometry: Mapping[str, Any] | None) -> Any:
    if geometry is None:
        return None
    from shapely.geometry import shape

    return shape(geometry)


def layer_frame(name: str, features: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """A GeoDataFrame (EPSG:4326) of GeoJSON Features, with the typed columns of layer ``name``.

    Counts are nullable ``Int64``, dates ``datetime64`` (midnight), flags nullable
    ``boolean``, text ``string``; properties outside the schema keep an inferred type. For
    ``"places"`` the geometry is always the place's point (its polygon is in
    :func:`place_areas_frame`).

    Parameters
    ----------
    name : str
        ``"events"``, ``"mentions"``, ``"places"`` or any other name (types inferred).
    features : sequence of dict
        GeoJSON Features as written by :func:`events_geojson` and friends.

    Raises
    ------
    InputError
        A value does not fit its column (a date that is not ``YYYY-MM-DD``, a text count).
    """
    schema = LAYER_SCHEMAS.get(name) or {"id": "str"}
    if name == "places":
        geoms = []
        for f in features:
            props, geom = f.get("properties") or {}, f.get("geometry")
            if (geom is None or geom.get("type") != "Point") and props.get("lat") is not None \
                    and props.get("lon") is not None:
                geom = point(float(props["lat"]), float(props["lon"]))
            geoms.append(_shape(geom) if geom is None or geom.get("type") == "Point" else None)
        return _frame(features, schema, geoms, "Point")
    geoms = [_shape(f.get("geometry")) for f in features]
    types = {g.geom_type for g in geoms if g is not None}
    gtype = "Point" if types <= {"Point"} else (
        "MultiPolygon" if types <= {"Polygon", "MultiPolygon"} else "Unknown")
    return _frame(features, schema, geoms, gtype)


def place_areas_frame(features: Sequence[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """The places whose feature carries a (multi)polygon, as MultiPolygons, typed as ``places``."""
    from shapely.geometry import MultiPolygon

    areas = [f for f in features
             if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    geoms = []
    for f in areas:
        g = _shape(f["geometry"])
        geoms.append(MultiPolygon([g]) if g.geom_type == "Polygon" else g)
    return _frame(areas, LAYER_SCHEMAS["places"], geoms, "MultiPolygon")


def _field_arrays(frame: gpd.GeoDataFrame) -> tuple[list[str], list[Any], list[Any]]:
    import numpy as np
    import pandas as pd

    names: list[str] = []
    data: list[Any] = []
    masks: list[Any] = []
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        ser = frame[col]
        mask = ser.isna().to_numpy()
        dtype = ser.dtype
        if pd.api.types.is_bool_dtype(dtype):
            values = ser.fillna(False).to_numpy(dtype="bool")
        elif pd.api.types.is_integer_dtype(dtype):
            values = ser.fillna(0).to_numpy(dtype="int64")
        elif pd.api.types.is_float_dtype(dtype):
            values = ser.to_numpy(dtype="float64", na_value=np.nan)
        elif pd.api.types.is_datetime64_dtype(dtype):
            raw = ser.to_numpy()
            days = raw.astype("datetime64[D]")
            midnight = bool((days.astype(raw.dtype) == raw)[~mask].all())
            values = days if midnight else raw.astype("datetime64[ms]")  # DATE or DATETIME
        else:
            values = np.array([None if m else str(v) for v, m in zip(ser, mask, strict=True)],
                              dtype=object)
            mask = None
        names.append(str(col))
        data.append(values)
        masks.append(mask)
    return names, data, masks


def write_gpkg(path: str | os.PathLike[str],
               layers: Mapping[str, gpd.GeoDataFrame | Iterable[gpd.GeoDataFrame]]) -> Path:
    """Write GeoDataFrames as the layers of one GeoPackage, atomically.

    Each layer keeps its column types: ``Int64`` as INTEGER, ``boolean`` as a boolean
    INTEGER, dates (datetime64 at midnight) as DATE -- what QGIS' Temporal Controller needs
    -- and text as TEXT; it gets a spatial index (R-tree) and EPSG:4326. The file is written
    next to ``path`` under a temporary name and renamed over it when complete.

    Parameters
    ----------
    path : str or Path
        The ``.gpkg`` file to write (replaced if it exists).
    layers : mapping of str to GeoDataFrame or iterable of GeoDataFrame
        Layer name to frame, in the order to write them. An iterable of frames (with the
        same columns) is written as one layer, frame after frame, so a large layer need not
        be in memory at once; it must give at least one frame (an empty one is fine).

    Returns
    -------
    Path
        ``path``.
    """
    gpd = import_optional_dependency("geopandas")
    import_optional_dependency("pyogrio")
    from pyogrio.raw import write as ogr_write
    from shapely import to_wkb

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target, suffix=".tmp.gpkg")
    tmp = str(_temp_path(target, ".tmp.gpkg"))  # GDAL creates it; it wants a .gpkg ending
    try:
        for name, frames in layers.items():
            chunks = (frames,) if isinstance(frames, gpd.GeoDataFrame) else frames
            for i, frame in enumerate(chunks):
                fields, data, masks = _field_arrays(frame)
                geoms = to_wkb(frame.geometry.to_numpy())
                ogr_write(
                    tmp, geoms, data, fields=fields, field_mask=masks, layer=name,
                    driver="GPKG", append=i > 0,
                    geometry_type=frame.attrs.get("geometry_type", "Unknown"),
                    crs="EPSG:4326", promote_to_multi=False,
                    dataset_options={"VERSION": "1.2"},  # readable by GDAL/QGIS from 2017 on
                    layer_options={} if i else {"SPATIAL_INDEX": "YES",
                                                "DESCRIPTION": _DESCRIPTIONS.get(name, "")},
                )
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with open(tmp, "rb") as f:  # GDAL does not sync: on disk before the rename
            os.fsync(f.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        for leftover in (tmp, f"{tmp}-journal", f"{tmp}-wal", f"{tmp}-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise
    return target


# --- CSV -------------------------------------------------------------------------------------
#: Columns of ``events.csv``: ACLED's names first (for spreadsheets and ACLED-trained eyes),
#: then the figures and fields ACLED has no column for.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    "fatalities_low", "fatalities_high", "fatalities_qualifier",
    "injured", "injured_low", "injured_high", "injured_qualifier",
    "rockets", "strikes", "displaced", "arrested", "mobilised",
    "killed_children", "killed_women", "injured_children", "injured_women",
    "cumulative", "event_date_end", "category", "targets", "claimed_by", "iso2", "place_id",
    "n_sources", "merge_notes", "event_id",
)
_ACLED_FROM = {
    "event_date": "date_start", "location": "place_name", "fatalities": "killed",
    "fatalities_low": "killed_low", "fatalities_high": "killed_high",
    "fatalities_qualifier": "killed_qualifier", "actor1": "actors", "actor2": "victims",
    "event_date_end": "date_end", "iso2": "country_code", "merge_notes": "notes",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _lat_lon(feature: Mapping[str, Any]) -> tuple[float | None, float | None]:
    props = feature.get("properties") or {}
    geom = feature.get("geometry")
    if geom is not None and geom.get("type") == "Point":
        lon, lat = geom["coordinates"][:2]  # GeoJSON order back to lat/lon
        return lat, lon
    return props.get("lat"), props.get("lon")


def _event_row(feature: Mapping[str, Any], country_name: Callable[[str], str]) -> dict[str, Any]:
    props = dict(feature.get("properties") or {})
    lat, lon = _lat_lon(feature)
    start = _as_date(props.get("date_start"), "date_start", feature.get("id"))
    cc = props.get("country_code") or ""
    row = {col: props.get(_ACLED_FROM.get(col, col)) for col in ACLED_COLUMNS}
    eid = str(feature.get("id") or props.get("event_id") or "")
    row.update({
        "event_id_cnty": f"{cc or 'XX'}{eid.removeprefix('ev-')}",
        "event_date": start.isoformat() if start else None,
        "year": start.year if start else None,
        "country": country_name(cc) if cc else None,
        "latitude": lat,
        "longitude": lon,
        "source": "; ".join(s for s in str(props.get("source_ids") or "").split(";") if s),
        "notes": " ".join(str(props.get("evidence") or "").split()),
        "event_id": eid,
    })
    return row


def csv_header(name: str, features: Iterable[Mapping[str, Any]]) -> list[str]:
    """The columns of the CSV of a layer (see :func:`csv_rows`)."""
    if name == "events":
        return list(ACLED_COLUMNS)
    schema = LAYER_SCHEMAS.get(name) or {"id": "str"}
    id_col = next(iter(schema))
    cols = [{"lat": "latitude", "lon": "longitude"}.get(c, c) for c in schema]
    if "latitude" not in cols:
        at = cols.index("country") + 1 if "country" in cols else len(cols)
        cols[at:at] = ["latitude", "longitude"]
    extra = [k for f in features for k in (f.get("properties") or {})
             if k not in schema and k != id_col]
    return [*cols, *dict.fromkeys(extra)]


def csv_row(name: str, feature: Mapping[str, Any], header: Sequence[str], *,
            country_name: Callable[[str], str] = str) -> dict[str, Any]:
    """One row of the CSV of a layer (see :func:`csv_rows`)."""
    if name == "events":
        return _event_row(feature, country_name)
    schema = LAYER_SCHEMAS.get(name) or {"id": "str"}
    id_col = next(iter(schema))
    props = feature.get("properties") or {}
    lat, lon = _lat_lon(feature)
    row = {c: props.get(c) for c in header}
    row.update({id_col: feature.get("id", props.get(id_col)), "latitude": lat, "longitude": lon})
    return row


def csv_rows(name: str, features: Sequence[Mapping[str, Any]], *,
             country_name: Callable[[str], str] = str) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and rows of the CSV of a layer.

    ``events`` uses :data:`ACLED_COLUMNS` (``country_name`` turns an ISO code into the
    ``country`` column); other layers have their id, their properties, ``latitude`` and
    ``longitude``.
    """
    header = csv_header(name, features)
    return header, [csv_row(name, f, header, country_name=country_name) for f in features]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(round(value, 7))
    if isinstance(value, int):
        return str(value)
    text = _as_str(value) or ""
    if text.startswith(_FORMULA_START):
        return "'" + text  # never let a spreadsheet run news text as a formula
    return text


def write_csv(path: str | os.PathLike[str], header: Sequence[str],
              rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows as UTF-8 CSV (with a byte-order mark, so Excel reads the accents), atomically.

    Empty cells are missing values (a count that was not reported is empty, not 0); booleans
    are ``TRUE``/``FALSE``; text that a spreadsheet would run as a formula (starting with
    ``=``, ``+``, ``-``, ``@``) gets a leading ``'``.
    """
    target = Path(path)
    with atomic_writer(target) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(row.get(col)) for col in header])
        text.flush()
        text.detach()  # atomic_writer syncs and closes the file itself
    return target
