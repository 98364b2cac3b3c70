"""Writing results: GeoJSON (RFC 7946), always atomically.

Coordinates are ``lat``/``lon`` everywhere in Python; :func:`point` is the one place where
they become GeoJSON's ``[lon, lat]``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._types import GeoparseResult, Mention, Place

if TYPE_CHECKING:
    from ._events import Event

__all__ = [
    "atomic_write",
    "point",
    "mentions_geojson",
    "places_geojson",
    "events_geojson",
    "event_properties",
    "EVENT_FIELDS",
    "dump_geojson",
]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (or a crash) never sees a half-written file: the previous file stays whole until
    the new one is complete.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def point(lat: float, lon: float) -> dict[str, Any]:
    """A GeoJSON Point; the coordinate order flips here, and only here."""
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


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


def mentions_geojson(results: Iterable[tuple[str, GeoparseResult]]) -> dict[str, Any]:
    """A FeatureCollection with one Feature per place mention (unresolved: null geometry)."""
    feats = []
    for doc_id, res in results:
        for m in res.mentions:
            lat, lon = m.lat, m.lon
            feats.append({
                "type": "Feature",
                "id": f"{doc_id}:{m.start}-{m.end}",
                "geometry": point(lat, lon) if lat is not None and lon is not None else None,
                "properties": _mention_props(doc_id, m),
            })
    return {"type": "FeatureCollection", "features": feats}


def places_geojson(results: Sequence[tuple[str, GeoparseResult]]) -> dict[str, Any]:
    """One Point Feature per distinct place mentioned, with mention and document counts."""
    places: dict[str, Place] = {}
    mentions: dict[str, int] = {}
    docs: dict[str, set[str]] = {}
    for doc_id, res in results:
        for m in res.mentions:
            if m.place is None:
                continue
            places.setdefault(m.place.id, m.place)
            mentions[m.place.id] = mentions.get(m.place.id, 0) + 1
            docs.setdefault(m.place.id, set()).add(doc_id)
    feats = []
    for pid in sorted(places, key=lambda k: (-mentions[k], k)):
        p = places[pid]
        feats.append({
            "type": "Feature",
            "id": pid,
            "geometry": point(p.lat, p.lon),
            "properties": {
                "place_id": pid,
                "name": p.name,
                "kind": p.kind,
                "country": p.country,
                "admin1": p.admin1,
                "population": p.population,
                "mentions": mentions[pid],
                "documents": len(docs[pid]),
                "source": p.source,
            },
        })
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


def events_geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection with one Point Feature per event (null geometry if unplaced)."""
    feats = []
    for ev in events:
        geom = point(ev.lat, ev.lon) if ev.lat is not None and ev.lon is not None else None
        feats.append({"type": "Feature", "id": ev.id, "geometry": geom,
                      "properties": event_properties(ev)})
    return {"type": "FeatureCollection", "features": feats}


def dump_geojson(fc: dict[str, Any]) -> str:
    """Serialise a FeatureCollection deterministically (sorted keys, one line per feature)."""
    head = '{"type": "FeatureCollection", "features": [\n'
    body = ",\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in fc["features"])
    return head + body + "\n]}\n"
