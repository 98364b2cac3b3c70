"""A geopy geocoder backed by the offline gazetteer."""

from __future__ import annotations

from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from ._gazetteer import Gazetteer, default_gazetteer
from ._types import Candidate, Place

__all__ = ["GazetteerGeocoder"]


def _location(place: Place, score: float | None = None) -> Location:
    raw: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "admin1": place.admin1,
        "population": place.population,
        "source": place.source,
    }
    if score is not None:
        raw["score"] = score
    address = ", ".join(x for x in (place.name, place.admin1, place.country) if x)
    return Location(address, Point(place.lat, place.lon), raw)


class GazetteerGeocoder(Geocoder):  # type: ignore[misc]
    """geopy ``Geocoder`` over the offline gazetteer: no network, no rate limit.

    Code written for ``geopy.geocoders.Nominatim`` can switch to it unchanged.

    Parameters
    ----------
    gazetteer : Gazetteer, optional, default None
        The gazetteer to use; the shared default one when None.

    Examples
    --------
    >>> loc = GazetteerGeocoder().geocode("Sderot")
    >>> round(loc.latitude, 1), round(loc.longitude, 1)
    (31.5, 34.6)
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, user_agent: str = "geoevents",
                 **kwargs: Any) -> None:
        super().__init__(user_agent=user_agent, **kwargs)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer answering the queries."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def geocode(self, query: str, *, exactly_one: bool = True, limit: int = 10,
                **_: Any) -> Location | list[Location] | None:
        """Geocode a place name.

        Parameters
        ----------
        query : str
            The place name.
        exactly_one : bool, optional, default True
            Return the best ``Location`` (or None) instead of a list.
        limit : int, optional, default 10
            Maximum number of results when ``exactly_one`` is False.
        """
        cands: list[Candidate] = self.gazetteer.lookup(str(query), limit=limit)
        locs = [_location(c.place, c.score) for c in cands]
        if exactly_one:
            return locs[0] if locs else None
        return locs or None

    def reverse(self, query: Any, *, exactly_one: bool = True,
                **_: Any) -> Location | list[Location] | None:
        """Nearest place to a point (``"lat, lon"``, a tuple or a geopy ``Point``)."""
        point = Point(query)
        res = self.gazetteer.reverse(point.latitude, point.longitude)
        places = [p for p in ([res.nearest] if res.nearest else []) + list(res.within)]
        locs = [_location(p) for p in places]
        if exactly_one:
            return locs[0] if locs else None
        return locs or None
