"""Result types shared by the stages: immutable, typed, with a ``raw`` escape hatch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["Place", "Candidate", "ReverseResult", "KINDS"]

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


@dataclass(frozen=True, slots=True)
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
