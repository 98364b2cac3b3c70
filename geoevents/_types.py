"""Result types shared by the stages: immutable, typed, with a ``raw`` escape hatch."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

__all__ = [
    "Place",
    "Candidate",
    "ReverseResult",
    "Relative",
    "Mention",
    "RegionEvidence",
    "GeoparseResult",
    "KINDS",
]

#: The kinds of place the gazetteer knows.
KINDS = (
    "country",
    "admin1",
    "admin2",
    "region",
    "city",
    "neighbourhood",
    "refugee camp",
    "landmark",
    "crossing",
    "natural feature",
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Place:
    """A place in the gazetteer.

    Parameters
    ----------
    id : str
        Stable id prefixed by its source: ``geonames:295620``, ``wof:101920089``,
        ``curated:kerem-shalom-crossing``.
    name : str
        Preferred name.
    lat, lon : float
        WGS84 degrees of the representative point.
    kind : str
        One of :data:`KINDS`.
    country : str
        ISO 3166-1 alpha-2 code, empty for regions spanning countries.
    admin1 : str
        Name of the first-order division it lies in, empty when unknown.
    population : int
        Population, 0 when unknown.
    parents : tuple of str
        Ids of the enclosing places, innermost first.
    source : str
        Where the record comes from.
    names : tuple of str
        Every name the gazetteer has for it.
    importance : float
        Prior importance used to rank an ambiguous name with no context.
    has_polygon : bool
        Whether :meth:`Gazetteer.polygon` returns a polygon for it.
    raw : Mapping
        The index row as stored.
    """

    id: str
    name: str
    lat: float
    lon: float
    kind: str
    country: str
    admin1: str = ""
    population: int = 0
    parents: tuple[str, ...] = ()
    source: str = ""
    names: tuple[str, ...] = ()
    importance: float = 0.0
    has_polygon: bool = False
    raw: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"coordinates out of range for {self.id!r}: {self.lat}, {self.lon}")

    @property
    def point(self) -> tuple[float, float]:
        """``(lat, lon)``, the order geopy uses."""
        return (self.lat, self.lon)

    def __reduce__(self) -> tuple[Any, ...]:
        values = tuple(getattr(self, name) for name in _PLACE_FIELDS)
        if self.raw is _EMPTY:  # a mappingproxy does not pickle
            values = (*values[:-1], None)
        return (_unpickle_place, values)


_PLACE_FIELDS = tuple(f.name for f in fields(Place))  # raw last


#: Places unpickled in this process, by id. The results of worker processes (``--jobs``,
#: Dask) come pickled, a batch of documents at a time, each batch with its own copy of every
#: place it names: an equal place unpickled again is the one already here, so those results
#: share their places as one process's results do (a few KB each, per event and mention).
_UNPICKLED: weakref.WeakValueDictionary[str, Place] = weakref.WeakValueDictionary()


def _unpickle_place(*values: Any) -> Place:
    if values[-1] is None:
        values = (*values[:-1], _EMPTY)
    place = Place(*values)
    known = _UNPICKLED.get(place.id)
    if known is not None and known == place and known.raw == place.raw:
        return known
    _UNPICKLED[place.id] = place
    return place


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked answer to a gazetteer lookup.

    Parameters
    ----------
    place : Place
        The place.
    score : float
        0-1; exact matches score above variant matches, which score above fuzzy ones.
    match : str
        ``"exact"``, ``"variant"`` (transliteration family) or ``"fuzzy"`` (typo).
    matched_name : str
        The gazetteer name that matched.
    """

    place: Place
    score: float
    match: str
    matched_name: str

    @property
    def fuzzy(self) -> bool:
        """True when the name only matched with a typo tolerance."""
        return self.match == "fuzzy"


@dataclass(frozen=True, slots=True)
class ReverseResult:
    """What is at a point.

    Parameters
    ----------
    nearest : Place or None
        Nearest populated place (city, town, village, neighbourhood, camp).
    distance_km : float
        Distance to it.
    within : tuple of Place
        Places whose polygon contains the point, smallest first.
    """

    nearest: Place | None
    distance_km: float
    within: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Relative:
    """An approximate location given relative to a place.

    Parameters
    ----------
    relation : str
        ``"direction"`` ("southwest of Gaza City"), ``"subregion"`` ("central Gaza Strip",
        "southern Israel") or ``"near"`` ("near Nablus").
    direction : str or None
        ``"north"``, ``"southwest"``, ``"central"``...
    distance_km : float or None
        A distance the text gives ("5 km north of"), else None.
    lat, lon : float
        The approximate point.
    radius_km : float
        How far from that point the event may be: the precision of the estimate.
    text : str
        The words that express the relation.
    """

    relation: str
    direction: str | None
    distance_km: float | None
    lat: float
    lon: float
    radius_km: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place mention in a text.

    Parameters
    ----------
    start, end : int
        ``str`` offsets of the name in the text (``text[start:end] == mention.text``).
    text : str
        The name as written.
    place : Place or None
        The resolved place; None when the name could not be resolved (see ``reason``).
    score : float
        Confidence 0-1 that ``place`` is right.
    alternatives : tuple of Place
        The next best candidates, best first.
    role : str
        ``"mention"``, ``"dateline"`` (where the story was filed) or ``"relative"`` (part of
        a relative expression, see ``relative``).
    match : str
        How the name matched the gazetteer: ``"exact"``, ``"variant"``, ``"fuzzy"``, or ``""``.
    relative : Relative or None
        The approximate location for a relative expression.
    reason : str
        Why ``place`` is None, or how it was chosen.
    """

    start: int
    end: int
    text: str
    place: Place | None
    score: float
    alternatives: tuple[Place, ...] = ()
    role: str = "mention"
    match: str = ""
    relative: Relative | None = None
    reason: str = ""

    @property
    def lat(self) -> float | None:
        """Latitude of the best location: the relative point when there is one."""
        if self.relative is not None:
            return self.relative.lat
        return self.place.lat if self.place is not None else None

    @property
    def lon(self) -> float | None:
        """Longitude of the best location: the relative point when there is one."""
        if self.relative is not None:
            return self.relative.lon
        return self.place.lon if self.place is not None else None


@dataclass(frozen=True, slots=True)
class RegionEvidence:
    """A word that points at a country without naming a place ("Israeli", "Palestinian")."""

    start: int
    end: int
    text: str
    country: str


@dataclass(frozen=True, slots=True)
class GeoparseResult:
    """The places of one text.

    Parameters
    ----------
    text : str
        The text that was parsed.
    mentions : tuple of Mention
        Every place mention, in text order.
    evidence : tuple of RegionEvidence
        Demonyms and similar words that indicate a region.
    focus : tuple of (str, float)
        Countries the document is about, with weights summing to 1, heaviest first.
    """

    text: str
    mentions: tuple[Mention, ...]
    evidence: tuple[RegionEvidence, ...] = ()
    focus: tuple[tuple[str, float], ...] = ()

    @property
    def places(self) -> tuple[Place, ...]:
        """The distinct resolved places, in order of first mention."""
        seen: dict[str, Place] = {}
        for m in self.mentions:
            if m.place is not None and m.place.id not in seen:
                seen[m.place.id] = m.place
        return tuple(seen.values())
